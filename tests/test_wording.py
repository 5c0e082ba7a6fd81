"""Code, tests, scripts and docs say what they do, not which issue or batch brought them.

History belongs to the CHANGELOG, which speaks of versions. This is the history check of
the project's "done" list (a ``git grep`` of issue numbers and batch names over src, tests,
scripts and docs), run on the files themselves so that a clone without git passes it too, over
file names as well as their text, and over "as before" comments in code. The examples below
are glued from two literals, so that this file does not match its own check.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import PROJECT

#: Issue numbers and the names of the batches that wrote files. Written so that this pattern
#: does not match its own text.
HISTORY = re.compile(r"\bissues? ?-?[0-9]|people_[ab]\b|schedules_[ab]\b|ISSUE_[0-9]", re.I)
#: A comment that leans on a former state of the code.
AS_BEFORE = re.compile(r"#.*\bas before\b", re.I)
FOLDERS = ("src", "tests", "scripts", "docs")
TEXT = {".py", ".md", ".toml", ".txt", ".ipynb", ".cfg", ".sh"}


def _files() -> list[Path]:
    return sorted(
        path
        for folder in FOLDERS
        for path in (PROJECT / folder).rglob("*")
        if path.is_file()
        and path.suffix in TEXT
        and not {"__pycache__", ".ipynb_checkpoints"} & set(path.parts)
    )


def _history(path: Path) -> list[str]:
    name = path.relative_to(PROJECT).as_posix()
    found = [f"{name}: file name"] if HISTORY.search(path.name) else []
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        if HISTORY.search(line) or (path.suffix == ".py" and AS_BEFORE.search(line)):
            found.append(f"{name}:{number}: {line.strip()[:100]}")
    return found


FILES = _files()


def test_the_scan_reaches_code_tests_scripts_and_docs() -> None:
    names = {path.relative_to(PROJECT).as_posix() for path in FILES}
    assert {"src/keyaccount_rules/__init__.py", "tests/test_api.py", "docs/api.md"} <= names


def test_no_file_names_an_issue_a_batch_or_a_former_state() -> None:
    found = [hit for path in FILES for hit in _history(path)]
    assert found == []


def test_the_pattern_finds_what_it_is_for() -> None:
    for text in ["issue" + " 12", "Issue" + "-9", "issues" + " 9–12", "people" + "_a.toml"]:
        assert HISTORY.search(text), text
    for text in ["an issue of the report", "tissue" + " 2 ply", "people_policy", "as_before_ok"]:
        assert not HISTORY.search(text), text
    assert HISTORY.search("ISSUE" + "_2_NAMES")
    assert AS_BEFORE.search("x = 1  # streamed, as" + " before")

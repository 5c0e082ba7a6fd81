"""Rule IDs: what the code cites exists in the rulebook, and what it cites is tested.

RULEBOOK.md (beside the project in shared/) defines each rule as **XXX-n** (gap decisions as
**G-n**). Every ID cited anywhere in src/ must be one of them, and must be cited in tests/ too
(test names, docstrings, comments or case files). Ranges such as ``GRADE-1..6`` cite each ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.conftest import PROJECT, SHARED

# shared/ sits beside the project; in a git worktree one level further up.
RULEBOOK = next(
    (
        folder / "RULEBOOK.md"
        for folder in (SHARED, *(parent / "shared" for parent in PROJECT.parents))
        if (folder / "RULEBOOK.md").is_file()
    ),
    SHARED / "RULEBOOK.md",
)
DEFINED = re.compile(r"\*\*([A-Z]+-\d+)\*\*")
CITED = re.compile(r"\b([A-Z]{1,10})-(\d+)(?:\.\.(?:\1-)?(\d+))?\b")
# Tokens shaped like rule IDs that are not: encodings and hash names.
NOT_RULES = {"UTF-8", "UTF-16", "SHA-256", "SHA-1", "ISO-8601"}
TEXT_SUFFIXES = {".py", ".toml", ".md", ".txt", ".json", ".csv"}

pytestmark = pytest.mark.skipif(
    not RULEBOOK.is_file(), reason="shared/RULEBOOK.md is not beside the project"
)


def rulebook_ids() -> set[str]:
    return set(DEFINED.findall(RULEBOOK.read_text(encoding="utf-8")))


def cited_ids(text: str) -> set[str]:
    """Every rule-ID-shaped token in ``text``; ``X-1..3`` and ``X-1..X-3`` give X-1, X-2, X-3."""
    found = set()
    for match in CITED.finditer(text):
        prefix, first, last = match.group(1), int(match.group(2)), match.group(3)
        for number in range(first, int(last) + 1 if last else first + 1):
            token = f"{prefix}-{number}"
            if token not in NOT_RULES:
                found.add(token)
    return found


def _files(root: Path, skip: Iterable[Path] = ()) -> list[Path]:
    skipped = {p.resolve() for p in skip}
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix in TEXT_SUFFIXES
        and "__pycache__" not in path.parts
        and path.resolve() not in skipped
    )


def citations(root: Path, skip: Iterable[Path] = ()) -> dict[str, set[Path]]:
    where: dict[str, set[Path]] = {}
    for path in _files(root, skip):
        for rule in cited_ids(path.read_text(encoding="utf-8", errors="replace")):
            where.setdefault(rule, set()).add(path.relative_to(PROJECT))
    return where


def test_ranges_cite_every_id_in_them() -> None:
    assert cited_ids("GRADE-1..3, ID-4 and QUAL-1..QUAL-2; UTF-8") == {
        "GRADE-1",
        "GRADE-2",
        "GRADE-3",
        "ID-4",
        "QUAL-1",
        "QUAL-2",
    }


def test_the_rulebook_defines_the_gap_decisions_too() -> None:
    ids = rulebook_ids()
    assert {"G-1", "G-6", "QUAL-1", "PAY-5", "CAL-2"} <= ids
    assert len(ids) > 50


def test_src_cites_no_rule_the_rulebook_lacks() -> None:
    unknown = {
        rule: sorted(map(str, files))
        for rule, files in citations(PROJECT / "src").items()
        if rule not in rulebook_ids()
    }
    assert unknown == {}


def test_every_rule_cited_in_src_is_cited_in_tests() -> None:
    in_tests = citations(PROJECT / "tests", skip=[Path(__file__)])
    untested = {
        rule: sorted(map(str, files))
        for rule, files in citations(PROJECT / "src").items()
        if rule in rulebook_ids() and rule not in in_tests
    }
    assert untested == {}


def test_every_rule_of_the_rulebook_is_encoded_in_src() -> None:
    # All of RULEBOOK §2–§16 is implemented: a rule nobody cites is a rule nobody encoded.
    assert sorted(rulebook_ids() - set(citations(PROJECT / "src"))) == []

"""Rule IDs: the catalogue is complete, what the code cites exists, and what it cites is tested.

docs/rules.md is the project's rule catalogue: one ``### ID — title`` heading per rule (gap
decisions as ``G-n``), each with a statement, its source clause and its editions. Every ID cited
anywhere in src/ must be one of them, and must be cited in tests/ too (test names, docstrings,
comments or case files). Ranges such as ``GRADE-1..6`` cite each ID. Whether the catalogue
still matches the maintainers' specification is checked by ``scripts/check_rulebook_sync.py``,
not here: the tests read nothing outside the repository.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.conftest import PROJECT, RULE_HEADING, RULES_MD, catalogue_ids

CITED = re.compile(r"\b([A-Z]{1,10})-(\d+)(?:\.\.(?:\1-)?(\d+))?\b")
# Tokens shaped like rule IDs that are not: encodings, hash names, weakness IDs (CWE).
NOT_RULES = {"UTF-8", "UTF-16", "SHA-256", "SHA-1", "ISO-8601", "CWE-1236"}
TEXT_SUFFIXES = {".py", ".toml", ".md", ".txt", ".json", ".csv"}
#: The fields of a catalogue entry: ``- **Statement:** …``; the first three are required.
FIELD = re.compile(r"^- \*\*(Statement|Source|Editions|Decision|Notes):\*\* (.*)$")
REQUIRED_FIELDS = ("Statement", "Source", "Editions")
EDITIONS = {"shantou", "liangshan", "combined"}
#: In the catalogue but not yet cited by src/: none (every rule of the catalogue
#: is encoded). STRICT: a rule added to the catalogue before it is encoded goes here, must not
#: be cited in src/ yet, and leaves this set when it is encoded.
PENDING: frozenset[str] = frozenset()


def catalogue() -> dict[str, dict[str, str]]:
    """Rule ID → its fields (``Title``, ``Statement``, ``Source``, …) from docs/rules.md."""
    entries: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in RULES_MD.read_text(encoding="utf-8").splitlines():
        heading = RULE_HEADING.match(line)
        if heading:
            current = entries.setdefault(heading.group(1), {"Title": heading.group(2).strip()})
        elif line.startswith("#"):
            current = None
        elif current is not None and (field := FIELD.match(line)):
            current[field.group(1)] = field.group(2).strip()
    return entries


def rulebook_ids() -> set[str]:
    """The IDs the catalogue defines (the project's copy of the rulebook's IDs)."""
    return set(catalogue_ids())


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


@functools.cache
def src_citations() -> dict[str, set[Path]]:
    return citations(PROJECT / "src")


def test_ranges_cite_every_id_in_them() -> None:
    assert cited_ids("GRADE-1..3, ID-4 and QUAL-1..QUAL-2; UTF-8") == {
        "GRADE-1",
        "GRADE-2",
        "GRADE-3",
        "ID-4",
        "QUAL-1",
        "QUAL-2",
    }


def test_the_catalogue_defines_the_gap_decisions_and_the_editions_too() -> None:
    ids = rulebook_ids()
    assert {"G-1", "G-6", "G-16", "EDITION-4", "QUAL-1", "PAY-5", "CAL-2"} <= ids
    assert len(ids) > 50


def test_the_catalogue_lists_each_rule_once_with_a_statement_a_source_and_editions() -> None:
    ids = catalogue_ids()
    assert sorted({rule for rule in ids if ids.count(rule) > 1}) == []
    entries = catalogue()
    assert sorted(entries) == sorted(ids)
    incomplete = {
        rule: [name for name in REQUIRED_FIELDS if not fields.get(name)]
        for rule, fields in entries.items()
        if not all(fields.get(name) for name in REQUIRED_FIELDS)
    }
    assert incomplete == {}
    # ``shantou, combined`` or ``none``, then optionally `` — a remark``
    unknown_editions = {
        rule: fields["Editions"]
        for rule, fields in entries.items()
        if not {e.strip() for e in fields["Editions"].split(" — ")[0].split(",")}
        <= EDITIONS | {"none"}
    }
    assert unknown_editions == {}


def test_every_source_quotes_a_document_or_names_the_decision() -> None:
    # a source quotes its clause in Chinese (「…」) or, where the documents are silent, says so
    # and the entry names the decision taken
    unsourced = {
        rule: fields["Source"]
        for rule, fields in catalogue().items()
        if "「" not in fields["Source"] and not fields.get("Decision")
    }
    assert unsourced == {}


def test_every_rule_the_policy_data_cites_is_in_the_catalogue() -> None:
    # the policy data files (default.toml and any other shipped with the package)
    files = sorted((PROJECT / "src").rglob("*.toml"))
    cited = {
        rule: path.name
        for path in files
        for rule in re.findall(r'^rule = "([^"]*)"', path.read_text("utf-8"), re.MULTILINE)
    }
    assert len(set(cited)) > 30, files
    assert {rule: name for rule, name in cited.items() if rule not in rulebook_ids()} == {}


def test_src_cites_no_rule_the_catalogue_lacks() -> None:
    unknown = {
        rule: sorted(map(str, files))
        for rule, files in src_citations().items()
        if rule not in rulebook_ids()
    }
    assert unknown == {}


def test_every_rule_cited_in_src_is_cited_in_tests() -> None:
    in_tests = citations(PROJECT / "tests", skip=[Path(__file__)])
    untested = {
        rule: sorted(map(str, files))
        for rule, files in src_citations().items()
        if rule in rulebook_ids() and rule not in in_tests
    }
    assert untested == {}


def test_every_rule_of_the_catalogue_is_encoded_in_src() -> None:
    # A rule nobody cites is a rule nobody encoded; only the pending ones may be missing.
    assert rulebook_ids() >= PENDING, "a pending rule is not in the catalogue"
    assert sorted(rulebook_ids() - PENDING - set(src_citations())) == []


@pytest.mark.parametrize("rule", sorted(PENDING))
def test_pending_rules_are_not_encoded_yet(rule: str) -> None:
    # Encoded? Remove it from PENDING so the test above holds it from now on.
    assert rule not in src_citations()

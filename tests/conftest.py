"""Shared fixtures and paths: the default policy, and the project's own reference pages.

Tests read only files inside the repository: the rule catalogue is ``docs/rules.md`` and the
public API reference is ``docs/api.md`` (``scripts/check_rulebook_sync.py`` compares the
catalogue with the maintainers' specification; it is not a test).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import keyaccount_rules as kr

PROJECT = Path(__file__).resolve().parent.parent
DOCS = PROJECT / "docs"
#: The rule catalogue: one ``### ID — title`` heading per rule.
RULES_MD = DOCS / "rules.md"
#: The public API reference: one bullet per promised name.
API_MD = DOCS / "api.md"

RULE_HEADING = re.compile(r"^### ([A-Z]+-\d+) — (\S.*)$", re.MULTILINE)


def catalogue_ids() -> list[str]:
    """Every rule ID the catalogue defines, in order of appearance (repeats kept)."""
    text = RULES_MD.read_text(encoding="utf-8")
    return [rule for rule, _title in RULE_HEADING.findall(text)]


@pytest.fixture(scope="session")
def policy() -> kr.Policy:
    return kr.default_policy()

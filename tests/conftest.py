"""Shared fixtures and paths: the default policy, the project's own reference pages, and the
hypothesis profiles.

Tests read only files inside the repository: the rule catalogue is ``docs/rules.md`` and the
public API reference is ``docs/api.md`` (``scripts/check_rulebook_sync.py`` compares the
catalogue with the maintainers' specification; it is not a test).

Property and fuzz tests run under a hypothesis profile chosen by ``HYPOTHESIS_PROFILE``:
``quick`` (the default, what the README's test command runs before every commit) and ``deep``
(CI, ``.ci/run``: twenty times the examples). Neither has a deadline: how long an example takes
depends on the machine's load, and timings belong to ``benchmarks/``, not to tests. A test
that sets its own ``max_examples`` (to cap an expensive example) keeps it under both.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import settings

import keyaccount_rules as kr

settings.register_profile("quick", max_examples=25, deadline=None)
settings.register_profile("deep", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

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


def exactly(message: str) -> str:
    """A ``pytest.raises(match=...)`` pattern that accepts ``message`` and nothing else.

    ``match`` searches, so a fragment such as ``"claims"`` also passes a padded, truncated or
    reworded message; this pattern pins the whole text, rule ID and fix included.
    """
    return "^" + re.escape(message) + r"\Z"


@pytest.fixture(scope="session")
def policy() -> kr.Policy:
    return kr.default_policy()

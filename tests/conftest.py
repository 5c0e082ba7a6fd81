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
from html.parser import HTMLParser
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


class HtmlTables(HTMLParser):
    """The cells of every table of an HTML fragment (as text), its paragraphs, and any text
    found outside them (``stray``: a well-formed fragment has none)."""

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.paragraphs: list[str] = []
        self.stray: list[str] = []
        self._text: list[str] | None = None
        #: tags not written in lower case (an HTML parser reads ``<TR>`` as ``<tr>``)
        self.upper_tags = [t for t in re.findall(r"</?[A-Za-z]+", fragment) if not t.islower()]
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in {"td", "th", "p"}:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._text is not None:
            self.tables[-1][-1].append("".join(self._text))
        elif tag == "p" and self._text is not None:
            self.paragraphs.append("".join(self._text))
        if tag in {"td", "th", "p"}:
            self._text = None

    def handle_data(self, data: str) -> None:
        (self.stray if self._text is None else self._text).append(data)

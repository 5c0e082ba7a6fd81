"""Shared fixtures: the default policy, the shared/ folder beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

import keyaccount_rules as kr

PROJECT = Path(__file__).resolve().parent.parent
#: The shared/ folder (RULEBOOK.md, API.md) sits beside the project: next to the main checkout,
#: or further up for a git worktree (e.g. /work/wt/<name> has it at /work/shared).
SHARED = next(
    (folder / "shared" for folder in PROJECT.parents if (folder / "shared" / "API.md").is_file()),
    PROJECT.parent / "shared",
)


@pytest.fixture(scope="session")
def policy() -> kr.Policy:
    return kr.default_policy()

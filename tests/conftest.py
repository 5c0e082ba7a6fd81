"""Shared fixtures: the default policy, the shared/ folder beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

import keyaccount_rules as kr

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"


@pytest.fixture(scope="session")
def policy() -> kr.Policy:
    return kr.default_policy()

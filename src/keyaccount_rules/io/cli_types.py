"""Argument types of the command line (命令行参数): one definition each, shared by all commands.

Each turns the text of an option into a value, or raises ``argparse.ArgumentTypeError`` (a
usage error, exit code 2) with the library's own message.
"""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal

from keyaccount_rules.arguments import BureauRevenue, checked
from keyaccount_rules.errors import KeyAccountError
from keyaccount_rules.policy import EDITIONS, Policy, default_policy, edition, load_policy

__all__ = ["bureau_revenue", "iso_date", "policy_named"]


def iso_date(text: str) -> dt.date:
    """``--as-of``: a date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date YYYY-MM-DD (got {text!r})") from None


def bureau_revenue(text: str) -> Decimal:
    """``--bureau-revenue``: the bureau's annual revenue, yuan, positive (GRADE-6).

    >>> bureau_revenue("300,000,000")
    Decimal('300000000.00')
    """
    try:
        amount: Decimal = checked(BureauRevenue, text, "--bureau-revenue", rule="GRADE-6")
    except KeyAccountError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return amount


def policy_named(path: str | None) -> Policy:
    """``--policy``: an edition by name (``shantou``, ``liangshan``, ``combined``; ``default``)
    or a policy file (TOML or JSON, which may extend an edition)."""
    if not path or path == "default":
        return default_policy()
    if path in EDITIONS:
        return edition(path)
    return load_policy(path)

"""Argument types and options of the command line (命令行参数): one definition each, shared
by all commands.

Each type turns the text of an option into a value, or raises ``argparse.ArgumentTypeError``
(a usage error, exit code 2) with the library's own message; each ``*_option`` adds an option
the same way to every command that takes it.
"""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal

from keyaccount_rules.core.arguments import BureauRevenue, checked
from keyaccount_rules.core.errors import KeyAccountError
from keyaccount_rules.io.rows import ENCODINGS
from keyaccount_rules.policy import EDITIONS, Policy, default_policy, edition, load_policy

__all__ = ["bureau_revenue", "encoding_option", "iso_date", "policy_named", "policy_option"]


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


def policy_option(command: argparse.ArgumentParser, *, what: str = "apply") -> None:
    """``--policy EDITION_OR_FILE`` (read by :func:`policy_named`)."""
    command.add_argument(
        "--policy",
        metavar="EDITION_OR_FILE",
        help=f"the policy to {what}: an edition (shantou, liangshan, combined) or a policy "
        "file (TOML or JSON); default: combined",
    )


def encoding_option(command: argparse.ArgumentParser, *, files: bool = False) -> None:
    """``--encoding``: the input's encoding (``files``: every input file of the command)."""
    which = "the input files' encoding" if files else "the input's encoding"
    apart = "; told apart file by file" if files else ""
    command.add_argument(
        "--encoding",
        choices=ENCODINGS,
        help=f"{which} (default: UTF-8 with or without a BOM, GB18030 when a header is not "
        f"UTF-8{apart})",
    )

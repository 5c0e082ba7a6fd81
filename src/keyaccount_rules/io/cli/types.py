"""Argument types and options of the command line (命令行参数): one definition each, shared
by all commands.

Each type turns the text of an option into a value, or raises ``argparse.ArgumentTypeError``
(a usage error, exit code 2) with the library's own message; each ``*_option`` adds an option
the same way to every command that takes it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
from decimal import Decimal
from pathlib import Path

from keyaccount_rules.core.arguments import BureauRevenue, checked
from keyaccount_rules.core.errors import KeyAccountError, PolicyError, echo
from keyaccount_rules.io.rows import ENCODINGS
from keyaccount_rules.policy import (
    EDITIONS,
    Policy,
    PolicyProblem,
    default_policy,
    edition,
    load_policy,
)

__all__ = [
    "PROG",
    "UsageError",
    "as_of_option",
    "bureau_option",
    "bureau_revenue",
    "encoding_option",
    "facts_options",
    "iso_date",
    "lang_option",
    "policy_named",
    "policy_option",
    "row_number",
]

#: The command's name, as every message names it.
PROG = "keyaccount-rules"


class UsageError(Exception):
    """An option combination argparse cannot express; exit code 2."""


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
    except KeyAccountError as err:  # argparse names the option: its message does not again
        raise argparse.ArgumentTypeError(str(err).removeprefix("--bureau-revenue: ")) from None
    return amount


def row_number(text: str) -> int:
    """``--row``: a row number as error messages give it (the CSV header is row 1)."""
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a row number ≥ 1 (got {text!r})")
    return int(text)


def policy_named(path: str | None) -> Policy:
    """``--policy``: an edition by name (``shantou``, ``liangshan``, ``combined``; ``default``)
    or a policy file (TOML or JSON, which may extend an edition)."""
    if not path or path == "default":
        return default_policy()
    if path in EDITIONS:
        return edition(path)
    if Path(path).suffix.lower() not in (".toml", ".json") and not _exists(path):
        close = difflib.get_close_matches(path.lower(), EDITIONS, n=1, cutoff=0.6)
        guess = f"did you mean {close[0]!r}? " if close else ""
        problem = (
            f"no edition and no file is named {echo(path)}; {guess}the editions are "
            f"{', '.join(EDITIONS)}; a policy file ends in .toml or .json"
        )
        raise PolicyError([PolicyProblem("--policy", problem)], source="--policy")
    return load_policy(path)


def _exists(path: str) -> bool:
    try:
        return Path(path).exists()
    except (OSError, ValueError):  # a name the system cannot take
        return False


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


def bureau_option(command: argparse.ArgumentParser, *, required: bool = True) -> None:
    """``--bureau-revenue N`` (read by :func:`bureau_revenue`)."""
    command.add_argument(
        "--bureau-revenue",
        type=bureau_revenue,
        required=required,
        metavar="N",
        help="the bureau's annual revenue (全局年收入), yuan",
    )


def as_of_option(command: argparse.ArgumentParser, *, required: bool = True) -> None:
    """``--as-of YYYY-MM-DD`` (read by :func:`iso_date`): the day of the run."""
    command.add_argument("--as-of", type=iso_date, required=required, help="YYYY-MM-DD")


def facts_options(command: argparse.ArgumentParser, *, required: bool) -> None:
    """``--bureau-revenue N`` and ``--as-of YYYY-MM-DD``: the facts of an evaluation."""
    bureau_option(command, required=required)
    as_of_option(command, required=required)


def lang_option(command: argparse.ArgumentParser) -> None:
    """``--lang en|zh``: the language of the words written (default English)."""
    command.add_argument("--lang", choices=("en", "zh"), default="en")

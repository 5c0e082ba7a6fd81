"""``test [PATH ...]`` (政策用例): run policy case files (TOML) and report each case.

Without a path, the reference cases shipped with the package run. ``--policy`` runs them
under another policy; the cases that do not apply to it are counted, and listed with ``-v``.
A malformed case is reported and the rest of its file runs. Exit code 0 when every case
passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import typing
from typing import Any, TextIO

from keyaccount_rules.core.errors import KeyAccountError
from keyaccount_rules.io.cli.output import SafeLines, error_line
from keyaccount_rules.io.cli.types import policy_named, policy_option

__all__ = ["COMMANDS", "add_parsers", "run"]

COMMANDS = frozenset({"test"})


def add_parsers(commands: Any) -> None:
    """Add ``test`` to the host's ``add_subparsers()`` object."""
    test = commands.add_parser("test", help="run policy case files (TOML) and report")
    test.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="case files or directories (default: the reference cases shipped with the package)",
    )
    policy_option(test, what="run the cases under")
    test.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list each skipped case and why (default: one line with their count per file)",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run the case files; a bad ``--policy`` is exit code 1 with its message."""
    # Imported here: only this command needs the case runner and its TOML reading.
    from keyaccount_rules.verification.cases import run_case_files

    try:
        policy = None if args.policy is None else policy_named(args.policy)
    except KeyAccountError as err:
        print(error_line(err), file=sys.stderr)
        return 1
    # Case names, paths and the errors of case files are data: no escape reaches a terminal.
    safe = typing.cast(TextIO, SafeLines(out))
    return run_case_files(args.paths, safe, policy=policy, verbose=args.verbose)

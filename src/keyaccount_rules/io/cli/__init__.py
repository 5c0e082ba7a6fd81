"""The ``keyaccount-rules`` command line: evaluate, explain, check and compare (命令行).

Commands: ``demo``, ``evaluate PATH``, ``explain PATH --row N | --name NAME``,
``policy show|check|diff``, ``schema``, ``agenda``, ``report``, ``test``. Exit codes: 0 ok,
1 bad data (the row and field are named, no traceback), 2 usage error, 130 interrupted. See
docs/cli.md.

Each command group is a module of this package with ``COMMANDS``, ``add_parsers`` and
``run``; the options they share are defined once in :mod:`keyaccount_rules.io.cli.types`.
This module assembles the parser and turns errors into exit codes and last lines.
"""

from __future__ import annotations

import argparse
import os
import sys
import typing
from collections.abc import Sequence
from contextlib import suppress
from types import ModuleType

from keyaccount_rules.core.errors import KeyAccountError
from keyaccount_rules.core.version import __version__
from keyaccount_rules.io.cli import cases, demo, evaluate, month, policy, schema
from keyaccount_rules.io.cli.output import Counter, error_line
from keyaccount_rules.io.cli.types import PROG, UsageError
from keyaccount_rules.io.safety import terminal_text

__all__ = ["main"]

#: The command groups, in the order ``--help`` lists them.
GROUPS: tuple[ModuleType, ...] = (demo, evaluate, policy, schema, month, cases)


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its usage errors safe for a terminal (an option's value is data)."""

    def error(self, message: str) -> typing.NoReturn:
        """Print the usage and the error with its control characters escaped; exit 2."""
        super().error(terminal_text(message))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Evaluate China Post key accounts (大客户) by the policy, with reasons. "
        "Exit codes: 0 ok, 1 bad data (row and field named), 2 usage error, "
        "130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.add_parsers(commands)
    return parser


def _ending(counter: Counter, args: argparse.Namespace) -> None:
    """The last stderr line of a run that stopped part-way: what was (not) written."""
    if getattr(args, "output", None):
        print(f"{PROG}: nothing written to {terminal_text(args.output)}", file=sys.stderr)
    elif args.command in ("evaluate", "demo") and not counter.written:
        print(f"{PROG}: nothing written", file=sys.stderr)
    elif args.command in ("evaluate", "demo"):
        print(
            f"{PROG}: output incomplete: {counter.written} row(s) written"
            + (f", {counter.skipped} bad row(s) skipped" if counter.skipped else ""),
            file=sys.stderr,
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad data, 2 usage, 130 Ctrl-C)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse: --help/--version (0) or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else 2
    if args.command in cases.COMMANDS:  # the case runner reports on stdout, errors its own way
        return cases.run(args, sys.stdout)
    group = next(group for group in GROUPS if args.command in group.COMMANDS)
    counter = Counter(sys.stderr)
    try:
        code: int = group.run(args, sys.stdout, counter)
    except UsageError as err:
        print(error_line(err), file=sys.stderr)
        return 2
    except KeyAccountError as err:
        print(error_line(err), file=sys.stderr)
        _ending(counter, args)
        return 1
    except ImportError as err:  # an optional package a command needs is not installed
        print(error_line(err), file=sys.stderr)
        _ending(counter, args)
        return 1
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        _ending(counter, args)
        return 130
    except BrokenPipeError:  # e.g. piped into `head`: the reader left
        _silence_stdout()
        print(f"{PROG}: output closed by the reader", file=sys.stderr)
        _ending(counter, args)
        return 1
    except OSError as err:  # a full disk, a folder that cannot be written
        print(f"{PROG}: error: cannot write ({err.strerror or err})", file=sys.stderr)
        _ending(counter, args)
        return 1
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())

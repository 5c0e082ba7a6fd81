"""``evaluate PATH`` and ``explain PATH`` (评估、说明): a portfolio's customers, one row each, or
one customer in full.

``evaluate`` streams one row per customer (:func:`~keyaccount_rules.io.portfolio.outcome_rows`)
in the chosen format; ``explain`` finds one customer (``--row``, ``--name`` or ``--id``) and
prints its evaluation rule by rule. Both run the same evaluation of a customer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from keyaccount_rules.core.errors import RowError
from keyaccount_rules.engine.customer import evaluate
from keyaccount_rules.io.cli.formats import write_rows
from keyaccount_rules.io.cli.output import Counter, progress, target
from keyaccount_rules.io.cli.types import (
    PROG,
    UsageError,
    encoding_option,
    facts_options,
    lang_option,
    policy_named,
    policy_option,
    row_number,
)
from keyaccount_rules.io.json_text import model_json
from keyaccount_rules.io.portfolio import outcome_rows, read_numbered
from keyaccount_rules.io.safety import terminal_text

__all__ = ["COMMANDS", "add_parsers", "output_options", "run", "write_evaluation"]

COMMANDS = frozenset({"evaluate", "explain"})


def output_options(command: argparse.ArgumentParser) -> None:
    """The options of a command that writes one row per customer (evaluate, demo)."""
    command.add_argument("--format", choices=("table", "csv", "json"), default=None)
    command.add_argument(
        "--excel",
        action="store_true",
        help="CSV for Excel: UTF-8 with a byte-order mark (implies --format csv)",
    )
    lang_option(command)
    command.add_argument(
        "--output", "-o", metavar="FILE", help="write here (complete or not at all)"
    )
    policy_option(command)
    command.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="skip invalid rows, listing each on stderr (default: stop at the first)",
    )
    command.add_argument(
        "--ignore-extra",
        action="store_true",
        help="leave out input columns the layout does not know (default: pass them on)",
    )
    encoding_option(command)


def add_parsers(commands: Any) -> None:
    """Add ``evaluate`` and ``explain`` to the host's ``add_subparsers()`` object."""
    command = commands.add_parser(
        "evaluate", help="evaluate a portfolio file (CSV, JSONL, JSON or XLSX; - for stdin)"
    )
    command.add_argument("path")
    facts_options(command, required=True)
    output_options(command)
    explain = commands.add_parser("explain", help="explain one customer's evaluation in full")
    explain.add_argument("path")
    which = explain.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--row", type=row_number, help="row number as in error messages (CSV header = row 1)"
    )
    which.add_argument("--name", help="the customer's name (the first match)")
    which.add_argument("--id", help="the customer's 14-digit ID (the first match)")
    facts_options(explain, required=True)
    lang_option(explain)
    explain.add_argument("--format", choices=("text", "json"), default="text")
    policy_option(explain)
    encoding_option(explain)


def run(args: argparse.Namespace, out: TextIO, counter: Counter) -> int:
    """Run a parsed ``evaluate`` or ``explain`` command."""
    if args.command == "explain":
        return _explain(args, out)
    return write_evaluation(args, out, counter, args.path, args.bureau_revenue, args.as_of)


def _format(args: argparse.Namespace) -> str:
    if args.excel and args.format not in (None, "csv"):
        raise UsageError(f"--excel writes CSV; it cannot go with --format {args.format}")
    return "csv" if args.excel else (args.format or "table")


def write_evaluation(
    args: argparse.Namespace,
    out: TextIO,
    counter: Counter,
    source: Path | str,
    bureau: Decimal,
    as_of: dt.date,
) -> int:
    """One row per customer of ``source`` in the format and language ``args`` ask for; the
    counts of skipped and written rows on stderr. Returns the exit code."""
    policy = policy_named(args.policy)
    fmt = _format(args)
    rows = outcome_rows(
        source,
        bureau_annual_revenue=bureau,
        as_of=as_of,
        policy=policy,
        on_error="skip" if args.skip_bad_rows else "raise",
        report=counter.report,
        encoding=args.encoding,
        extra="ignore" if args.ignore_extra else "keep",
    )
    with target(args.output, out) as written:
        write_rows(
            counter.count(progress(rows, sys.stderr)),
            fmt,
            written,
            args.lang,
            args.excel,
            edition=policy.edition,
        )
    if counter.skipped:
        print(
            f"{PROG}: {counter.skipped} bad row(s) skipped, {counter.written} written",
            file=sys.stderr,
        )
        if not counter.written:
            print(f"{PROG}: error: no row could be read", file=sys.stderr)
            return 1
    return 0


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    policy = policy_named(args.policy)
    bad: dict[int, RowError] = {}

    def report(error: RowError) -> None:
        if error.row == args.row:
            bad.setdefault(error.row, error)  # only the row asked for is kept

    wanted_id = args.id.strip() if args.id else None
    rows = read_numbered(args.path, encoding=args.encoding, on_error="skip", report=report)
    for number, customer in rows:
        if args.row in bad:
            raise bad[args.row]  # the row asked for is itself invalid
        if (
            (args.row is not None and number == args.row)
            or (args.name is not None and customer.name == args.name)
            or (wanted_id is not None and str(customer.customer_id) == wanted_id)
        ):
            result = evaluate(
                customer, bureau_annual_revenue=args.bureau_revenue, as_of=args.as_of, policy=policy
            )
            if args.format == "json":
                out.write(model_json(result))
                return 0
            out.write(f"{terminal_text(customer.name)} (row {number})\n")
            for step in result.explanation:
                out.write(terminal_text(step.render(args.lang)) + "\n")
            return 0
    if args.row in bad:
        raise bad[args.row]
    if args.row is not None:
        which = f"row {args.row}"
    elif args.name is not None:
        which = f"name {args.name!r}"
    else:
        which = f"id {args.id!r}"
    print(
        f"{PROG}: error: {terminal_text(args.path)}: no customer at {terminal_text(which)}",
        file=sys.stderr,
    )
    return 1

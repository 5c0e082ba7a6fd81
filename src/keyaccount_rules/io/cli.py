"""The ``keyaccount-rules`` command line: evaluate, explain, check and compare (命令行).

Commands: ``demo``, ``evaluate PATH``, ``explain PATH --row N | --name NAME``,
``policy show|check|diff``, ``schema``. Exit codes: 0 ok, 1 bad data (the row and field are
named, no traceback), 2 usage error. See docs/cli.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar

from keyaccount_rules.errors import KeyAccountError
from keyaccount_rules.evaluation import evaluate
from keyaccount_rules.explanation import to_json_data
from keyaccount_rules.io import cycle_cli
from keyaccount_rules.io.exports import evaluation_row
from keyaccount_rules.io.portfolio import (
    RowError,
    outcome_rows,
    read_numbered,
    sample_facts,
    sample_path,
)
from keyaccount_rules.money import parse_yuan
from keyaccount_rules.policy import (
    EDITIONS,
    Policy,
    default_policy,
    edition,
    edition_data,
    load_policy,
    load_policy_data,
    read_policy_data,
)
from keyaccount_rules.policy.diff import diff_policies, policy_parameters, policy_problems
from keyaccount_rules.policy.merge import EXTENDS, own_paths
from keyaccount_rules.records import Customer
from keyaccount_rules.vocabulary import Criterion, Tier, Unit

T = TypeVar("T")

__all__ = ["evaluation_row", "main"]

_COLUMNS = ("name", "key_account", "criteria", "score", "tier", "unit", "contacts_per_month")
_HEADINGS_ZH = {
    "name": "客户名称",
    "key_account": "大客户",
    "criteria": "界定条件",
    "score": "得分",
    "tier": "等级",
    "unit": "责任单位",
    "contacts_per_month": "每月联系",
}


def _display(row: dict[str, Any], lang: str) -> list[str]:
    cells = []
    for column in _COLUMNS:
        value = row[column]
        if column == "key_account":
            value = ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
        elif column == "criteria":
            value = ",".join(Criterion(code).zh if lang == "zh" else code for code in value)
        elif column in ("tier", "unit") and value is not None and lang == "zh":
            value = (Tier(value) if column == "tier" else Unit(value)).zh
        cells.append("—" if value is None else str(value))
    return cells


def _width(text: str) -> int:
    """Terminal columns of text: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


_FIRST_CHUNK = 1000  # rows read before the table's widths are fixed


def _known_widths(lang: str) -> dict[str, int]:
    """Widths every value of a column can take, from the vocabulary (not from the data)."""
    zh = lang == "zh"

    def widest(values: Iterable[str]) -> int:
        return max(map(_width, values))

    return {
        "key_account": widest(["是", "否"] if zh else ["yes", "no"]),
        "criteria": widest([",".join(c.zh if zh else c.value for c in Criterion)]),
        "tier": widest(t.zh if zh else t.value for t in Tier),
        "unit": widest(u.zh if zh else u.value for u in Unit),
        "score": len("100.0"),
    }


def _write_table(rows: Iterable[dict[str, Any]], out: TextIO, lang: str) -> None:
    """Aligned columns; widths come from the vocabulary and the first rows, then rows stream.

    Only the first :data:`_FIRST_CHUNK` rows are held; a later, longer name just overflows.
    """
    headings = [_HEADINGS_ZH[c] if lang == "zh" else c for c in _COLUMNS]
    known = _known_widths(lang)
    iterator = iter(rows)
    first = [_display(row, lang) for row in islice(iterator, _FIRST_CHUNK)]
    widths = [
        max(_width(heading), known.get(column, 0), *(_width(cells[i]) for cells in first))
        for i, (column, heading) in enumerate(zip(_COLUMNS, headings, strict=True))
    ]

    def line(cells: Sequence[str]) -> None:
        out.write("  ".join(_pad(cell, w) for cell, w in zip(cells, widths, strict=True)).rstrip())
        out.write("\n")

    line(headings)
    line(["-" * w for w in widths])
    for cells in first:
        line(cells)
    for row in iterator:
        line(_display(row, lang))


def _csv_cell(value: Any) -> str:
    """A CSV cell as the input format writes it: true/false, empty for null, ';' for lists."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def _write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in _COLUMNS])


def _write(rows: Iterator[dict[str, Any]], fmt: str, out: TextIO, lang: str) -> None:
    if fmt == "json":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        _write_csv(rows, out)
    else:
        _write_table(rows, out, lang)


def _progress(items: Iterable[T], stream: TextIO, every: int = 10_000) -> Iterator[T]:
    """Pass items through, showing a count on ``stream`` when it is a terminal (long runs)."""
    if not stream.isatty():
        yield from items
        return
    count = 0
    try:
        for count, item in enumerate(items, start=1):
            if not count % every:
                stream.write(f"\r{count:,} customers…")
                stream.flush()
            yield item
    finally:  # end the progress line, also before an error message
        if count >= every:
            stream.write(f"\r{count:,} customers done.\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date YYYY-MM-DD (got {text!r})") from None


def _bureau(text: str) -> Decimal:
    try:
        amount = parse_yuan(text, "--bureau-revenue", rule="GRADE-6")
    except KeyAccountError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    if not amount:
        raise argparse.ArgumentTypeError("must be positive (got 0) [GRADE-6]")
    return amount


def _row_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a row number ≥ 1 (got {text!r})")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keyaccount-rules",
        description="Evaluate China Post key accounts (大客户) by the policy, with reasons. "
        "Exit codes: 0 ok, 1 bad data (row and field named), 2 usage error.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def policy_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--policy", metavar="FILE", help="a policy file (TOML or JSON)")

    def facts(command: argparse.ArgumentParser, *, required: bool) -> None:
        command.add_argument(
            "--bureau-revenue",
            type=_bureau,
            required=required,
            metavar="N",
            help="the bureau's annual revenue (全局年收入), yuan",
        )
        command.add_argument("--as-of", type=_date, required=required, help="YYYY-MM-DD")

    def output_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--format", choices=("table", "csv", "json"), default="table")
        command.add_argument("--lang", choices=("en", "zh"), default="en")
        policy_option(command)
        command.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="skip invalid rows, listing each on stderr (default: stop at the first)",
        )

    demo = commands.add_parser("demo", help="evaluate the bundled sample portfolio")
    output_options(demo)
    facts(demo, required=False)
    evaluate = commands.add_parser("evaluate", help="evaluate a portfolio file (CSV or JSONL)")
    evaluate.add_argument("path")
    facts(evaluate, required=True)
    output_options(evaluate)

    explain = commands.add_parser("explain", help="explain one customer's evaluation in full")
    explain.add_argument("path")
    which = explain.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--row", type=_row_number, help="row number as in error messages (CSV header = row 1)"
    )
    which.add_argument("--name", help="the customer's name (the first match)")
    facts(explain, required=True)
    explain.add_argument("--lang", choices=("en", "zh"), default="en")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    policy_option(explain)

    policy = commands.add_parser("policy", help="show, check or compare policy files")
    actions = policy.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="print a policy, merged (default: the combined edition)")
    show.add_argument("file", nargs="?", help="an edition name or a policy file (TOML or JSON)")
    show.add_argument("--format", choices=("text", "json", "toml"), default="text")
    check = actions.add_parser("check", help="list every problem of a policy file")
    check.add_argument("file", help="an edition name or a policy file")
    diff = actions.add_parser("diff", help="list the parameters that differ between policies")
    diff.add_argument("before", help="an edition name, a policy file, or 'default'")
    diff.add_argument("after", help="an edition name, a policy file, or 'default'")
    diff.add_argument("--format", choices=("text", "json"), default="text")

    schema = commands.add_parser("schema", help="print the JSON Schema of an input record")
    schema.add_argument("--record", choices=("customer",), default="customer")

    cycle_cli.add_parsers(commands)  # agenda, report: the monthly cycle (issue 12)
    test = commands.add_parser("test", help="run policy case files (TOML) and report")
    test.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="case files or directories (default: the reference cases shipped with the package)",
    )
    test.add_argument(
        "--policy",
        metavar="EDITION_OR_FILE",
        help="run the cases under an edition (shantou, liangshan, combined) or a policy file",
    )
    return parser


def _load(path: str | None) -> Policy:
    """An edition by name (``shantou``, ``liangshan``, ``combined``; ``default``), or a file."""
    if not path or path == "default":
        return default_policy()
    if path in EDITIONS:
        return edition(path)
    return load_policy(path)


def _policy_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.action == "check":
        if args.file in EDITIONS:
            own, data = edition_data(args.file), edition_data(args.file)
        else:
            own = read_policy_data(args.file)
            data = load_policy_data(args.file)  # EDITION-4: the merged result is checked
        problems = policy_problems(data)
        written = own_paths(own)
        for problem in problems:
            # the path as written in the bureau's own file, or where it came from
            inherited = problem.path not in written and EXTENDS in own
            note = f" (the value at this path comes from {own[EXTENDS]})" if inherited else ""
            out.write(f"{args.file}: {problem}{note}\n")
        if problems:
            out.write(f"{len(problems)} problem(s)\n")
            return 1
        out.write(f"{args.file}: ok\n")
        return 0
    if args.action == "diff":
        rows = diff_policies(_load(args.before), _load(args.after))
        for row in rows:
            before, after = to_json_data(row.before), to_json_data(row.after)
            if args.format == "json":
                record = {"path": row.path, "rule": row.rule, "before": before, "after": after}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(f"{row.path} [{row.rule or '-'}]: {before} → {after}\n")
        return 0
    policy = _load(args.file)
    if args.format == "json":
        out.write(policy.model_dump_json(indent=2, exclude_none=True) + "\n")
    elif args.format == "toml":
        out.write(policy.to_toml())
    else:
        for path, (rule, value) in policy_parameters(policy).items():
            if path.endswith(".rule"):
                continue  # shown in brackets on every line
            out.write(f"{path} = {to_json_data(value)}  [{rule or '-'}]\n")
    return 0


def _explain(args: argparse.Namespace, policy: Policy, out: TextIO) -> int:
    bad: dict[int, RowError] = {}

    def report(error: RowError) -> None:
        bad.setdefault(error.row, error)

    for number, customer in read_numbered(args.path, on_error="skip", report=report):
        if args.row in bad:
            raise bad[args.row]  # the row asked for is itself invalid
        if (args.row is not None and number == args.row) or customer.name == args.name:
            result = evaluate(
                customer,
                bureau_annual_revenue=args.bureau_revenue,
                as_of=args.as_of,
                policy=policy,
            )
            if args.format == "json":
                out.write(result.model_dump_json(indent=2) + "\n")
                return 0
            out.write(f"{customer.name} (row {number})\n")
            out.write(result.explanation.render(args.lang) + "\n")
            return 0
    if args.row in bad:
        raise bad[args.row]
    which = f"row {args.row}" if args.row is not None else f"name {args.name!r}"
    print(f"keyaccount-rules: error: {args.path}: no customer at {which}", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.command in cycle_cli.COMMANDS:
        return cycle_cli.run(args, out)
    if args.command == "policy":
        return _policy_command(args, out)
    if args.command == "schema":
        out.write(json.dumps(Customer.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
        return 0
    policy = _load(args.policy)
    if args.command == "explain":
        return _explain(args, policy, out)
    skipped: list[RowError] = []
    on_error: Literal["raise", "skip"] = "skip" if args.skip_bad_rows else "raise"
    with ExitStack() as stack:
        if args.command == "demo":
            path: Path | str = stack.enter_context(sample_path())
            bureau, as_of = sample_facts()
            bureau = args.bureau_revenue or bureau
            as_of = args.as_of or as_of
        else:
            path, bureau, as_of = args.path, args.bureau_revenue, args.as_of
        rows = outcome_rows(
            path,
            bureau_annual_revenue=bureau,
            as_of=as_of,
            policy=policy,
            on_error=on_error,
            report=skipped.append,
        )
        _write(_progress(rows, sys.stderr), args.format, out, args.lang)
    for error in skipped:
        print(f"keyaccount-rules: skipped: {error}", file=sys.stderr)
    if skipped:
        print(f"keyaccount-rules: {len(skipped)} bad row(s) skipped", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad data, 2 usage)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else 2
    if args.command == "test":
        # Imported here: only this command needs the case runner.
        from keyaccount_rules.verification.cases import run_case_files

        try:
            policy = None if args.policy is None else _load(args.policy)
        except KeyAccountError as err:
            print(f"keyaccount-rules: error: {err}", file=sys.stderr)
            return 1
        return run_case_files(args.paths, sys.stdout, policy=policy)
    try:
        return _run(args, sys.stdout)
    except KeyAccountError as err:
        print(f"keyaccount-rules: error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())

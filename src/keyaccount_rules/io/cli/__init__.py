"""The ``keyaccount-rules`` command line: evaluate, explain, check and compare (命令行).

Commands: ``demo``, ``evaluate PATH``, ``explain PATH --row N | --name NAME``,
``policy show|check|diff``, ``schema``. Exit codes: 0 ok, 1 bad data (the row and field are
named, no traceback), 2 usage error. See docs/cli.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar

from keyaccount_rules.core.errors import KeyAccountError, RowError
from keyaccount_rules.core.explanation import to_json_data
from keyaccount_rules.core.version import __version__
from keyaccount_rules.core.vocabulary import Criterion, Level, Tier, Unit
from keyaccount_rules.engine.customer import evaluate
from keyaccount_rules.io.cli import month as cycle_cli
from keyaccount_rules.io.cli.types import (
    bureau_revenue,
    encoding_option,
    iso_date,
    policy_named,
    policy_option,
)
from keyaccount_rules.io.frames import evaluation_row
from keyaccount_rules.io.portfolio import (
    OUTCOME_COLUMNS,
    json_cell,
    outcome_rows,
    read_numbered,
    sample_facts,
    sample_path,
)
from keyaccount_rules.io.safety import (
    CSV_LINE_END,
    clip,
    display_width,
    spreadsheet_cell,
    terminal_text,
)
from keyaccount_rules.policy import (
    EDITIONS,
    Policy,
    edition_data,
    load_policy_data,
    read_policy_data,
)
from keyaccount_rules.policy.diff import diff_policies, policy_parameters, policy_problems
from keyaccount_rules.policy.merge import EXTENDS, own_paths
from keyaccount_rules.records.customer import Customer

T = TypeVar("T")

__all__ = ["evaluation_row", "main"]

_PROG = "keyaccount-rules"
# the table leaves out the customer ID (CSV and JSON carry it); the rest as outcome_rows gives
_TABLE_COLUMNS = tuple(column for column in OUTCOME_COLUMNS if column != "customer_id")
_HEADINGS_ZH = {
    "row": "行号",
    "customer_id": "客户ID",
    "name": "客户名称",
    "key_account": "大客户",
    "criteria": "界定条件",
    "score": "得分",
    "tier": "等级",
    "unit": "责任单位",
    "contacts_per_month": "每月联系",
    "level": "级别",
}


def _label(column: str, value: Any, lang: str, *, joiner: str) -> Any:
    """An output value in the chosen language: enum codes → Chinese labels for ``zh``."""
    if value is None:
        return None
    zh = lang == "zh"
    if column == "key_account":
        return ("是" if value else "否") if zh else value
    if column == "criteria":
        return joiner.join(Criterion(code).zh if zh else code for code in value)
    if column == "tier" and zh:
        return Tier(value).zh
    if column == "unit" and zh:
        return Unit(value).zh
    if column == "level" and zh:
        return Level(value).zh
    return value


def _display(row: dict[str, Any], lang: str) -> list[str]:
    """Table cells: labels, data text shown safely for a terminal and clipped to a width."""
    cells = []
    for column in _TABLE_COLUMNS:
        value = _label(column, row[column], lang, joiner=",")
        if column == "key_account" and lang != "zh":
            value = "yes" if value else "no"
        text = "—" if value is None else str(value)
        cells.append(clip(terminal_text(text)) if column == "name" else text)
    return cells


def _width(text: str) -> int:
    """Terminal columns of text: East Asian wide and full-width characters take two."""
    return display_width(text)


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


class _Counter:
    """What a run has written and skipped, for the final lines (also after an interruption)."""

    def __init__(self, stderr: TextIO) -> None:
        self.written = 0
        self.skipped = 0
        self.stderr = stderr

    def report(self, error: RowError) -> None:
        """Print a skipped row's error as it is found; only the count is kept (flat memory)."""
        self.skipped += 1
        self.stderr.write(f"{_PROG}: skipped: {terminal_text(str(error))}\n")

    def count(self, rows: Iterable[T]) -> Iterator[T]:
        for row in rows:
            yield row
            self.written += 1


def _write_table(rows: Iterable[dict[str, Any]], out: TextIO, lang: str) -> None:
    """Aligned columns; widths come from the vocabulary and the first rows, then rows stream.

    Only the first :data:`_FIRST_CHUNK` rows are held. Names are clipped to
    :data:`~keyaccount_rules.io.safety.MAX_COLUMN_WIDTH` columns, so one long name cannot
    pad every row; control characters in them are shown escaped.
    """
    headings = [_HEADINGS_ZH[c] if lang == "zh" else c for c in _TABLE_COLUMNS]
    known = _known_widths(lang)
    iterator = iter(rows)
    first = [_display(row, lang) for row in islice(iterator, _FIRST_CHUNK)]
    widths = [
        max(_width(heading), known.get(column, 0), *(_width(cells[i]) for cells in first))
        for i, (column, heading) in enumerate(zip(_TABLE_COLUMNS, headings, strict=True))
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
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, int | Decimal):
        return str(value)
    return json_cell(value)


# Cells whose text comes from the input file (not from the library's vocabulary): each goes
# through spreadsheet_cell, so a name like =HYPERLINK(...) is shown as text (CWE-1236).
_DATA_COLUMNS = frozenset({"name", "customer_id"})


def _first(
    rows: Iterator[dict[str, Any]],
) -> tuple[dict[str, Any] | None, Iterator[dict[str, Any]]]:
    """The first row, read before anything is written (an early error leaves no header)."""
    first = next(rows, None)
    return first, rows


def _columns(first: dict[str, Any] | None) -> list[str]:
    return list(first) if first is not None else list(OUTCOME_COLUMNS)


def _write_csv(
    rows: Iterator[dict[str, Any]], out: TextIO, lang: str, *, bom: bool = False
) -> None:
    """CSV for spreadsheets: ``\\r\\n`` line ends, data text neutralised, header after the
    first good row; ``bom`` starts with the byte-order mark Excel needs to read UTF-8."""
    first, rest = _first(rows)
    columns = _columns(first)
    extra = set(columns) - set(OUTCOME_COLUMNS)
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    if bom:
        out.write("\ufeff")
    writer.writerow(
        spreadsheet_cell(_HEADINGS_ZH[c] if lang == "zh" and c in _HEADINGS_ZH else c)
        for c in columns
    )
    if first is None:
        return
    cell = _csv_converters(columns, lang, extra)
    writerow = writer.writerow
    for row in chain([first], rest):
        writerow([convert(row.get(column)) for column, convert in cell])


def _csv_converters(
    columns: Sequence[str], lang: str, extra: set[str]
) -> list[tuple[str, Callable[[Any], str]]]:
    """One converter per column, chosen once (the CSV writer's inner loop stays short)."""
    zh = lang == "zh"
    criteria = {c.value: c.zh if zh else c.value for c in Criterion}
    tiers = {t.value: t.zh if zh else t.value for t in Tier}
    units = {u.value: u.zh if zh else u.value for u in Unit}
    flags = {True: "是", False: "否"} if zh else {True: "true", False: "false"}

    def data_text(value: Any) -> str:  # from the input file: neutralised (CWE-1236)
        return spreadsheet_cell(_csv_cell(value))

    def plain(value: Any) -> str:
        return _csv_cell(value)

    special: dict[str, Callable[[Any], str]] = {
        "key_account": flags.__getitem__,
        "criteria": lambda value: ";".join(criteria[c] for c in value),
        "tier": lambda value: "" if value is None else tiers[value],
        "unit": lambda value: "" if value is None else units[value],
    }
    return [
        (
            column,
            data_text if column in _DATA_COLUMNS or column in extra else special.get(column, plain),
        )
        for column in columns
    ]


def _write_json(rows: Iterator[dict[str, Any]], out: TextIO, lang: str) -> None:
    for row in rows:
        if lang == "zh":
            row = {
                _HEADINGS_ZH.get(column, column): (
                    [Criterion(code).zh for code in value]
                    if column == "criteria"
                    else _label(column, value, lang, joiner=";")
                )
                for column, value in row.items()
            }
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _write(
    rows: Iterator[dict[str, Any]], fmt: str, out: TextIO, lang: str, excel: bool = False
) -> None:
    if fmt == "json":
        _write_json(rows, out, lang)
    elif fmt == "csv":
        _write_csv(rows, out, lang, bom=excel)
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


def _row_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a row number ≥ 1 (got {text!r})")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Evaluate China Post key accounts (大客户) by the policy, with reasons. "
        "Exit codes: 0 ok, 1 bad data (row and field named), 2 usage error, "
        "130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def facts(command: argparse.ArgumentParser, *, required: bool) -> None:
        command.add_argument(
            "--bureau-revenue",
            type=bureau_revenue,
            required=required,
            metavar="N",
            help="the bureau's annual revenue (全局年收入), yuan",
        )
        command.add_argument("--as-of", type=iso_date, required=required, help="YYYY-MM-DD")

    def output_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--format", choices=("table", "csv", "json"), default=None)
        command.add_argument(
            "--excel",
            action="store_true",
            help="CSV for Excel: UTF-8 with a byte-order mark (implies --format csv)",
        )
        command.add_argument("--lang", choices=("en", "zh"), default="en")
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

    demo = commands.add_parser("demo", help="evaluate the bundled sample portfolio")
    output_options(demo)
    facts(demo, required=False)
    evaluate = commands.add_parser(
        "evaluate", help="evaluate a portfolio file (CSV, JSONL, JSON or XLSX; - for stdin)"
    )
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
    which.add_argument("--id", help="the customer's 14-digit ID (the first match)")
    facts(explain, required=True)
    explain.add_argument("--lang", choices=("en", "zh"), default="en")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    policy_option(explain)
    encoding_option(explain)

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

    cycle_cli.add_parsers(commands)  # agenda, report: the monthly cycle
    test = commands.add_parser("test", help="run policy case files (TOML) and report")
    test.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="case files or directories (default: the reference cases shipped with the package)",
    )
    policy_option(test, what="run the cases under")
    return parser


def _shown(value: Any) -> str:
    """A policy value for a terminal: its JSON form, control characters escaped."""
    return terminal_text(str(to_json_data(value)))


def _policy_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.action == "check":
        if args.file in EDITIONS:
            own, data = edition_data(args.file), edition_data(args.file)
        else:
            own = read_policy_data(args.file)
            data = load_policy_data(args.file)  # EDITION-4: the merged result is checked
        problems = policy_problems(data)
        written = own_paths(own)
        name = terminal_text(args.file)
        for problem in problems:
            # the path as written in the bureau's own file, or where it came from
            inherited = problem.path not in written and EXTENDS in own
            note = f" (the value at this path comes from {own[EXTENDS]})" if inherited else ""
            out.write(f"{name}: {terminal_text(str(problem) + note)}\n")
        if problems:
            out.write(f"{len(problems)} problem(s)\n")
            return 1
        out.write(f"{name}: ok\n")
        return 0
    if args.action == "diff":
        rows = diff_policies(policy_named(args.before), policy_named(args.after))
        for row in rows:
            before, after = to_json_data(row.before), to_json_data(row.after)
            if args.format == "json":
                record = {"path": row.path, "rule": row.rule, "before": before, "after": after}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(
                    f"{terminal_text(row.path)} [{terminal_text(row.rule or '-')}]: "
                    f"{_shown(row.before)} → {_shown(row.after)}\n"
                )
        return 0
    policy = policy_named(args.file)
    if args.format == "json":
        out.write(policy.model_dump_json(indent=2, exclude_none=True) + "\n")
    elif args.format == "toml":
        out.write(policy.to_toml())
    else:
        for path, (rule, value) in policy_parameters(policy).items():
            if path.endswith(".rule"):
                continue  # shown in brackets on every line
            out.write(f"{terminal_text(path)} = {_shown(value)}  [{terminal_text(rule or '-')}]\n")
    return 0


def _explain(args: argparse.Namespace, policy: Policy, out: TextIO) -> int:
    bad: dict[int, RowError] = {}

    def report(error: RowError) -> None:
        if error.row == args.row:
            bad.setdefault(error.row, error)  # only the row asked for is kept

    wanted_id = args.id.strip() if args.id else None
    rows = read_numbered(args.path, encoding=args.encoding, on_error="skip", report=report)
    for number, customer in rows:
        if args.row in bad:
            raise bad[args.row]  # the row asked for is itself invalid
        found = (
            (args.row is not None and number == args.row)
            or (args.name is not None and customer.name == args.name)
            or (wanted_id is not None and str(customer.customer_id) == wanted_id)
        )
        if found:
            result = evaluate(
                customer,
                bureau_annual_revenue=args.bureau_revenue,
                as_of=args.as_of,
                policy=policy,
            )
            if args.format == "json":
                out.write(result.model_dump_json(indent=2) + "\n")
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
        f"{_PROG}: error: {terminal_text(args.path)}: no customer at {terminal_text(which)}",
        file=sys.stderr,
    )
    return 1


def _format(args: argparse.Namespace) -> str:
    if args.excel and args.format not in (None, "csv"):
        raise _UsageError(f"--excel writes CSV; it cannot go with --format {args.format}")
    return "csv" if args.excel else (args.format or "table")


class _UsageError(Exception):
    """An option combination argparse cannot express; exit code 2."""


@contextmanager
def _target(path: str | None, stdout: TextIO) -> Iterator[TextIO]:
    """Where output goes: stdout, or a temporary file renamed to ``path`` only on success.

    A run that fails or is interrupted leaves no file at ``path`` (an existing one is kept),
    so a partial result is never mistaken for a whole one.
    """
    if path is None:
        yield stdout
        return
    folder = os.path.dirname(os.path.abspath(path))
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, renamed on success)
        "w",
        encoding="utf-8",
        newline="",
        dir=folder,
        prefix=f".{os.path.basename(path)}.",
        suffix=".part",
        delete=False,
    )
    try:
        with handle:
            yield typing.cast(TextIO, handle)
        os.replace(handle.name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(handle.name)
        raise


def _evaluate(args: argparse.Namespace, policy: Policy, out: TextIO, counter: _Counter) -> int:
    fmt = _format(args)
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
            report=counter.report,
            encoding=args.encoding,
            extra="ignore" if args.ignore_extra else "keep",
        )
        target = stack.enter_context(_target(args.output, out))
        _write(counter.count(_progress(rows, sys.stderr)), fmt, target, args.lang, args.excel)
    if counter.skipped:
        print(
            f"{_PROG}: {counter.skipped} bad row(s) skipped, {counter.written} written",
            file=sys.stderr,
        )
        if not counter.written:
            print(f"{_PROG}: error: no row could be read", file=sys.stderr)
            return 1
    return 0


def _run(args: argparse.Namespace, out: TextIO, counter: _Counter) -> int:
    if args.command in cycle_cli.COMMANDS:
        return cycle_cli.run(args, out)
    if args.command == "policy":
        return _policy_command(args, out)
    if args.command == "schema":
        out.write(json.dumps(Customer.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
        return 0
    policy = policy_named(args.policy)
    if args.command == "explain":
        return _explain(args, policy, out)
    return _evaluate(args, policy, out, counter)


def _ending(counter: _Counter, args: argparse.Namespace) -> None:
    """The last stderr line of a run that stopped part-way: what was (not) written."""
    if getattr(args, "output", None):
        print(f"{_PROG}: nothing written to {terminal_text(args.output)}", file=sys.stderr)
    elif args.command in ("evaluate", "demo") and not counter.written:
        print(f"{_PROG}: nothing written", file=sys.stderr)
    elif args.command in ("evaluate", "demo"):
        print(
            f"{_PROG}: output incomplete: {counter.written} row(s) written"
            + (f", {counter.skipped} bad row(s) skipped" if counter.skipped else ""),
            file=sys.stderr,
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad data, 2 usage, 130 Ctrl-C)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse: --help/--version (0) or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else 2
    if args.command == "test":
        # Imported here: only this command needs the case runner.
        from keyaccount_rules.verification.cases import run_case_files

        try:
            policy = None if args.policy is None else policy_named(args.policy)
        except KeyAccountError as err:
            print(f"keyaccount-rules: error: {err}", file=sys.stderr)
            return 1
        return run_case_files(args.paths, sys.stdout, policy=policy)
    counter = _Counter(sys.stderr)
    try:
        return _run(args, sys.stdout, counter)
    except _UsageError as err:
        print(f"{_PROG}: error: {err}", file=sys.stderr)
        return 2
    except KeyAccountError as err:
        print(f"{_PROG}: error: {terminal_text(str(err))}", file=sys.stderr)
        _ending(counter, args)
        return 1
    except KeyboardInterrupt:
        print(f"\n{_PROG}: interrupted", file=sys.stderr)
        _ending(counter, args)
        return 130
    except BrokenPipeError:  # e.g. piped into `head`: the reader left
        _silence_stdout()
        print(f"{_PROG}: output closed by the reader", file=sys.stderr)
        _ending(counter, args)
        return 1
    except OSError as err:  # a full disk, a folder that cannot be written
        print(f"{_PROG}: error: cannot write ({err.strerror or err})", file=sys.stderr)
        _ending(counter, args)
        return 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())

"""The ``keyaccount-rules`` command line: evaluate a portfolio and print one row per customer.

Exit codes: 0 ok, 1 bad data (the row and field are named), 2 usage error.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from typing import Any, TextIO

from keyaccount_rules.errors import KeyAccountError
from keyaccount_rules.evaluation import Evaluation
from keyaccount_rules.policy import Policy, default_policy, load_policy
from keyaccount_rules.portfolio import evaluate_portfolio, read_portfolio
from keyaccount_rules.vocabulary import Criterion, Tier, Unit

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


def evaluation_row(result: Evaluation) -> dict[str, Any]:
    """One evaluation as a flat dict of JSON values (enum codes, decimal strings, nulls)."""
    return {
        "name": result.customer.name,
        "key_account": result.key_account,
        "criteria": [c.value for c in result.qualification.criteria],
        "score": None if result.score is None else str(result.score),
        "tier": None if result.tier is None else result.tier.value,
        "unit": None if result.unit is None else result.unit.value,
        "contacts_per_month": result.contacts_per_month,
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


def _write_table(rows: Iterable[dict[str, Any]], out: TextIO, lang: str) -> None:
    headings = [_HEADINGS_ZH[c] if lang == "zh" else c for c in _COLUMNS]
    body = [_display(row, lang) for row in rows]
    widths = [max(_width(cell) for cell in column) for column in zip(headings, *body, strict=False)]
    for cells in (headings, ["-" * w for w in widths], *body):
        out.write("  ".join(_pad(cell, w) for cell, w in zip(cells, widths, strict=True)).rstrip())
        out.write("\n")


def _write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                ";".join(row[c]) if c == "criteria" else "" if row[c] is None else row[c]
                for c in _COLUMNS
            ]
        )


def _write(rows: Iterator[dict[str, Any]], fmt: str, out: TextIO, lang: str) -> None:
    if fmt == "json":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        _write_csv(rows, out)
    else:
        _write_table(rows, out, lang)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date YYYY-MM-DD (got {text!r})") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keyaccount-rules",
        description="Evaluate China Post key accounts (大客户) by the policy, with reasons.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def output_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--format", choices=("table", "csv", "json"), default="table")
        command.add_argument("--lang", choices=("en", "zh"), default="en")
        command.add_argument("--policy", metavar="FILE", help="a policy file (TOML or JSON)")

    demo = commands.add_parser("demo", help="evaluate the bundled sample portfolio")
    output_options(demo)
    evaluate = commands.add_parser("evaluate", help="evaluate a portfolio file (CSV or JSONL)")
    evaluate.add_argument("path")
    evaluate.add_argument("--bureau-revenue", required=True, help="bureau annual revenue, yuan")
    evaluate.add_argument("--as-of", type=_date, required=True, help="YYYY-MM-DD")
    output_options(evaluate)
    test = commands.add_parser("test", help="run policy case files (TOML) and report")
    test.add_argument("paths", nargs="+", metavar="PATH", help="case files or directories")
    return parser


def _run(args: argparse.Namespace, out: TextIO) -> None:
    policy: Policy = load_policy(args.policy) if args.policy else default_policy()
    if args.command == "demo":
        data = resources.files("keyaccount_rules.data")
        meta = tomllib.loads(data.joinpath("sample_portfolio.toml").read_text("utf-8"))
        with resources.as_file(data.joinpath("sample_portfolio.csv")) as path:
            results = evaluate_portfolio(
                read_portfolio(path),
                bureau_annual_revenue=meta["bureau_annual_revenue"],
                as_of=meta["as_of"],
                policy=policy,
            )
            _write((evaluation_row(r) for r in results), args.format, out, args.lang)
        return
    results = evaluate_portfolio(
        read_portfolio(args.path),
        bureau_annual_revenue=args.bureau_revenue,
        as_of=args.as_of,
        policy=policy,
    )
    _write((evaluation_row(r) for r in results), args.format, out, args.lang)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad data, 2 usage)."""
    args = _parser().parse_args(argv)
    if args.command == "test":
        # Imported here: only this command needs the case runner.
        from keyaccount_rules.cases import run_case_files

        return run_case_files(args.paths, sys.stdout)
    try:
        _run(args, sys.stdout)
    except KeyAccountError as err:
        print(f"keyaccount-rules: error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

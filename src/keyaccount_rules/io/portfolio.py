"""Portfolios (客户组合): many customers read from CSV or JSON Lines and evaluated lazily.

The CSV layout (API.md): ``name, scope, has_agreement, customer_id``, then
``last_year_<line>`` and ``current_month_<line>`` for every business line, then
``newspaper_turnover_last_year, newspaper_turnover_current_month``. Empty cells mean 0 or
absent; unknown columns are an error. Files are read as UTF-8, with or without a BOM, one row
at a time, so memory does not grow with the number of customers.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from keyaccount_rules.arguments import resolve_policy
from keyaccount_rules.errors import KeyAccountError, RuleInputError
from keyaccount_rules.evaluation import Evaluation, Outcome, evaluate
from keyaccount_rules.io.exports import evaluation_row
from keyaccount_rules.policy import Policy
from keyaccount_rules.records import Customer
from keyaccount_rules.vocabulary import BusinessLine

__all__ = [
    "CSV_COLUMNS",
    "PortfolioError",
    "RowError",
    "evaluate_portfolio",
    "outcome_rows",
    "read_numbered",
    "read_portfolio",
    "sample_facts",
    "sample_path",
]

_REVENUE_FIELDS = {"last_year": "last_year_revenue", "current_month": "current_month_revenue"}
CSV_COLUMNS: tuple[str, ...] = (
    "name",
    "scope",
    "has_agreement",
    "customer_id",
    *(f"{period}_{line.value}" for line in BusinessLine for period in _REVENUE_FIELDS),
    "newspaper_turnover_last_year",
    "newspaper_turnover_current_month",
)
_LINE_COLUMNS = {
    f"{period}_{line.value}": (field, line)
    for line in BusinessLine
    for period, field in _REVENUE_FIELDS.items()
}


class RowError(KeyAccountError, ValueError):
    """A bad row of a portfolio file: ``row`` (the file's line number), ``field``, ``problem``."""

    def __init__(self, source: str, row: int, field: str, problem: str) -> None:
        self.source, self.row, self.field, self.problem = source, row, field, problem
        super().__init__(f"{source}, row {row}: {field}: {problem}")


class PortfolioError(KeyAccountError, ValueError):
    """A portfolio file that cannot be read at all (missing, wrong format, unknown columns)."""


_JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")


def _csv_record(cells: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {"last_year_revenue": {}, "current_month_revenue": {}}
    for column, raw in cells.items():
        value = raw.strip()
        if not value:
            continue  # an empty cell means 0 / absent
        target = _LINE_COLUMNS.get(column)
        if target:
            field, line = target
            record[field][line] = value
        else:
            record[column] = value
    return record


def _field_of(error: ValidationError, csv_layout: bool) -> tuple[str, str]:
    first = error.errors()[0]
    loc = [str(part) for part in first["loc"] if part != "[key]"]
    field = ".".join(loc) or "(record)"
    if csv_layout and len(loc) == 2 and loc[0] in _REVENUE_FIELDS.values():
        period = next(p for p, f in _REVENUE_FIELDS.items() if f == loc[0])
        field = f"{period}_{loc[1]}"
    return field, first["msg"].removeprefix("Value error, ")


def _json_rows(handle: Iterable[str]) -> Iterator[tuple[int, dict[str, Any], bool]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            yield number, {"__error__": f"not valid JSON ({err.msg})"}, False
            continue
        if not isinstance(data, dict):
            data = {"__error__": "each line must be a JSON object"}
        yield number, data, False


def _csv_rows(path: Path, handle: Iterable[str]) -> Iterator[tuple[int, dict[str, Any], bool]]:
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    unknown = [column for column in header if column not in CSV_COLUMNS]
    if unknown:
        raise PortfolioError(
            f"{path}: unknown column(s) {', '.join(map(repr, unknown))}; "
            f"expected columns from: {', '.join(CSV_COLUMNS)}"
        )
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise PortfolioError(f"{path}: column(s) {', '.join(map(repr, repeated))} appear twice")
    if "name" not in header:
        raise PortfolioError(f"{path}: the header has no 'name' column")
    for row in reader:
        if None in row:
            yield reader.line_num, {"__error__": "more cells than header columns"}, True
        elif None in row.values():
            yield reader.line_num, {"__error__": "fewer cells than header columns"}, True
        else:
            yield reader.line_num, _csv_record(row), True


def _open_rows(path: Path) -> Iterator[tuple[int, dict[str, Any], bool]]:
    """Yield (line number, raw record, is_csv) one at a time."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", *_JSON_SUFFIXES):
        raise PortfolioError(
            f"{path}: unknown file type {suffix or '(none)'!r}; use .csv or .jsonl (JSON Lines)"
        )
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise PortfolioError(f"{path}: cannot open ({err.strerror})") from err
    except ValueError as err:  # a name the OS cannot take, e.g. with a NUL byte
        raise PortfolioError(f"{str(path)!r}: cannot open ({err})") from err
    rows = _json_rows(handle) if suffix in _JSON_SUFFIXES else _csv_rows(path, handle)
    number = 0
    with handle:
        try:
            for number, data, is_csv in rows:
                yield number, data, is_csv
        except UnicodeDecodeError as err:
            raise PortfolioError(
                f"{path}: not UTF-8 text after row {number} (byte {err.start} of a block); "
                "save the file as UTF-8"
            ) from err
        except csv.Error as err:
            raise PortfolioError(f"{path}, row {number + 1}: not valid CSV ({err})") from err


def read_numbered(
    path: str | Path,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[tuple[int, Customer]]:
    """Like :func:`read_portfolio`, with each customer's row number (the file's line number)."""
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error: must be 'raise' or 'skip' (got {on_error!r})")
    source = Path(path)
    for number, data, is_csv in _open_rows(source):
        problem = data.pop("__error__", None)
        try:
            if problem:
                raise RowError(str(source), number, "(row)", problem)
            try:
                customer = Customer.model_validate(data)
            except ValidationError as err:
                field, message = _field_of(err, is_csv)
                raise RowError(str(source), number, field, message) from err
        except RowError as err:
            if on_error == "raise":
                raise
            if report is not None:
                report(err)
            continue
        yield number, customer


def read_portfolio(
    path: str | Path,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[Customer]:
    """Read customers from a CSV or JSON Lines file, one at a time (streaming).

    Args:
        path: a ``.csv`` file (header row, API.md layout) or ``.jsonl`` (one object a line).
        on_error: ``"raise"`` (default) raises :class:`RowError` at the first bad row;
            ``"skip"`` skips bad rows, passing each error to ``report``.
        report: called with each skipped row's error.

    Row numbers are the file's line numbers, as a spreadsheet shows them: in a CSV file the
    header is row 1 and the first customer row 2.

    Raises:
        PortfolioError: the file cannot be opened, is not UTF-8 or its header has unknown
            columns.
        RowError: a row is invalid (names the row number and the field).

    >>> with sample_path() as path:
    ...     first = next(read_portfolio(path))
    >>> first.name, first.scope.value
    ('汕头市广创纺织实业有限公司', 'comprehensive')
    """
    if not isinstance(path, str | os.PathLike):
        raise PortfolioError(f"path: must be a file name or path (got {type(path).__name__})")
    if on_error not in ("raise", "skip"):
        raise PortfolioError(f"on_error: must be 'raise' or 'skip' (got {on_error!r})")
    if report is not None and not callable(report):
        raise PortfolioError(f"report: must be a function taking a RowError (got {report!r})")
    for _number, customer in read_numbered(path, on_error=on_error, report=report):
        yield customer


def evaluate_portfolio(
    customers: Iterable[Customer],
    *,
    bureau_annual_revenue: object,
    as_of: dt.date,
    policy: Policy | None = None,
) -> Iterator[Evaluation]:
    """Evaluate customers lazily, in input order (see :func:`evaluate`)."""
    policy = resolve_policy(policy)
    if not isinstance(customers, Iterable):
        raise PortfolioError(
            f"customers: must be an iterable of Customer (got {type(customers).__name__})"
        )
    for customer in customers:
        yield evaluate(
            customer, bureau_annual_revenue=bureau_annual_revenue, as_of=as_of, policy=policy
        )


def outcome_rows(
    path: str | Path,
    *,
    bureau_annual_revenue: object,
    as_of: dt.date,
    policy: Policy | None = None,
    on_error: Literal["raise", "skip"] = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """One flat row (:func:`~keyaccount_rules.io.exports.evaluation_row`) per customer of a file.

    Each customer is read by :func:`read_numbered` and decided by
    :func:`~keyaccount_rules.evaluate` with ``explain=False``: the same decisions as a full
    evaluation, without building explanation text. Errors name the row (:class:`RowError`),
    also for a revenue above the bureau's (GRADE-6); ``on_error`` and ``report`` work as in
    :func:`read_portfolio`. Bad arguments (bureau revenue, date) raise before any row is read.

    >>> bureau, as_of = sample_facts()
    >>> with sample_path() as path:
    ...     first = next(outcome_rows(path, bureau_annual_revenue=bureau, as_of=as_of))
    >>> first["name"], first["key_account"], first["tier"], first["unit"]
    ('汕头市广创纺织实业有限公司', True, 'general', 'branch_office')
    """
    policy = resolve_policy(policy)
    source = str(path)
    # the arguments are checked once, before the first row (an empty file included)
    evaluate(_PROBE, bureau_annual_revenue=bureau_annual_revenue, as_of=as_of, policy=policy)
    for number, customer in read_numbered(path, on_error=on_error, report=report):
        try:
            outcome: Outcome = evaluate(
                customer,
                bureau_annual_revenue=bureau_annual_revenue,
                as_of=as_of,
                policy=policy,
                explain=False,
            )
        except RuleInputError as err:
            error = RowError(source, number, err.field, err.problem)
            if on_error == "raise":
                raise error from err
            if report is not None:
                report(error)
            continue
        yield evaluation_row(outcome)


_PROBE = Customer(name="(argument check)")


@contextmanager
def sample_path() -> Iterator[Path]:
    """The bundled sample portfolio (500 synthetic customers of a city bureau) as a file path."""
    data = resources.files("keyaccount_rules.data")
    with resources.as_file(data.joinpath("sample_portfolio.csv")) as path:
        yield path


def sample_facts() -> tuple[Decimal, dt.date]:
    """The bureau annual revenue and evaluation date that go with the sample portfolio.

    >>> sample_facts()
    (Decimal('300000000.00'), datetime.date(2026, 11, 23))
    """
    data = resources.files("keyaccount_rules.data")
    meta = tomllib.loads(data.joinpath("sample_portfolio.toml").read_text("utf-8"))
    return Decimal(meta["bureau_annual_revenue"]), meta["as_of"]

"""Portfolios (客户组合): many customers read from CSV, JSON Lines, JSON or Excel, lazily.

The CSV layout (API.md): ``name, scope, has_agreement, customer_id``, then
``last_year_<line>`` and ``current_month_<line>`` for every business line, then
``newspaper_turnover_last_year, newspaper_turnover_current_month``. Headers and values may
also be written as Chinese offices write them (客户名称, 范围 = 综合, 上年特快收入, 是/否;
:mod:`keyaccount_rules.io.headers`, documented in docs/portfolios.md). Empty cells mean 0 or
absent. Columns the layout does not know are passed through (``extra="keep"``) or ignored.

Files are read by :func:`keyaccount_rules.io.rows.open_table`: one row at a time, so memory
does not grow with the number of customers, and a broken row (an unclosed quote, a
non-UTF-8 byte, a 200,000-character cell, a 5,000-digit JSON number) is one row's problem,
reported with its number, never a lost neighbour.

**The header rule.** A CSV or Excel header needs a ``name`` column and at least one revenue
column; revenue columns come in pairs: ``last_year_<line>`` with ``current_month_<line>``
(and ``newspaper_turnover_last_year`` with ``newspaper_turnover_current_month``). A missing
partner is an error rather than a silent 0 for every customer.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NamedTuple, Unpack

from pydantic import ValidationError

from keyaccount_rules.core.errors import (
    PortfolioError,
    RowError,
    RuleInputError,
    echo,
)
from keyaccount_rules.core.frozen import FrozenDict
from keyaccount_rules.core.money import yuan
from keyaccount_rules.core.vocabulary import BusinessLine, Level, Scope, parse_level
from keyaccount_rules.engine.customer import Evaluation, Evaluator, classes_by_level, evaluate
from keyaccount_rules.io.frames import evaluation_row
from keyaccount_rules.io.headers import (
    CUSTOMER_COLUMNS,
    LEVEL_HEADERS,
    canonical_column,
    canonical_value,
)
from keyaccount_rules.io.rows import RawRow, SourceError, Table, open_table
from keyaccount_rules.policy import Policy
from keyaccount_rules.records.customer import Customer
from keyaccount_rules.records.customer_id import CustomerId
from keyaccount_rules.records.facts import FactArguments, Facts, fact_keywords

__all__ = [
    "CSV_COLUMNS",
    "PortfolioError",
    "PortfolioRow",
    "RowError",
    "evaluate_portfolio",
    "outcome_rows",
    "read_numbered",
    "read_portfolio",
    "read_rows",
    "row_level",
    "sample_facts",
    "sample_path",
]

_REVENUE_FIELDS = {"last_year": "last_year_revenue", "current_month": "current_month_revenue"}
CSV_COLUMNS: tuple[str, ...] = CUSTOMER_COLUMNS
_LINE_COLUMNS = {
    f"{period}_{line.value}": (field, line)
    for line in BusinessLine
    for period, field in _REVENUE_FIELDS.items()
}
_NEWSPAPER = ("newspaper_turnover_last_year", "newspaper_turnover_current_month")
_PAIRS = (
    *((f"last_year_{line.value}", f"current_month_{line.value}") for line in BusinessLine),
    _NEWSPAPER,
)
_FIELDS = frozenset(Customer.model_fields)

Extra = Literal["keep", "ignore"]
OnError = Literal["raise", "skip"]


class PortfolioRow(NamedTuple):
    """One customer read from a file: its row number, the customer and passed-through cells."""

    row: int
    customer: Customer
    extra: Mapping[str, Any]


# ---------------------------------------------------------------- the header


class _Layout(NamedTuple):
    """How a table's header maps to the customer layout: header cell → code or None (extra)."""

    codes: tuple[tuple[str, str | None], ...]
    fast: bool  # every column known and in the plain layout: the cheap row path applies


def _layout(table: Table, extra: Extra) -> _Layout:
    if table.kind in ("jsonl", "json"):
        return _Layout((), fast=False)
    header = table.header
    codes = tuple((cell, canonical_column(cell)) for cell in header)
    known = [code for _cell, code in codes if code]
    repeated = sorted({code for code in known if known.count(code) > 1})
    if repeated:
        raise PortfolioError(
            f"{table.name}: column(s) {', '.join(map(repr, repeated))} appear twice "
            "(counting Chinese headers with the same meaning)"
        )
    extras = [cell for cell, code in codes if code is None]
    if len(set(extras)) != len(extras) and extra == "keep":
        twice = sorted({cell for cell in extras if extras.count(cell) > 1})
        raise PortfolioError(f"{table.name}: column(s) {', '.join(map(repr, twice))} appear twice")
    if "name" not in known:
        raise PortfolioError(
            f"{table.name}: the header has no 'name' column (名称/客户名称); "
            f"columns found: {', '.join(map(repr, header))}"
        )
    present = set(known)
    if not present & {column for pair in _PAIRS for column in pair}:
        raise PortfolioError(
            f"{table.name}: the header has no revenue column; add last_year_<line> and "
            "current_month_<line> columns (e.g. 上年特快收入, 本月特快收入); "
            "see docs/portfolios.md"
        )
    for pair in _PAIRS:
        missing = [column for column in pair if column not in present]
        if len(missing) == 1:
            have = pair[0] if missing[0] == pair[1] else pair[1]
            raise PortfolioError(
                f"{table.name}: the header has {have!r} but not {missing[0]!r}; revenue columns "
                "come in pairs (last year and current month) so that no column is read as 0"
            )
    fast = all(code == cell for cell, code in codes)
    return _Layout(codes, fast=fast)


# ---------------------------------------------------------------- one row to a customer


def _field_of(error: ValidationError) -> tuple[str, str]:
    first = error.errors()[0]
    loc = [str(part) for part in first["loc"] if part != "[key]"]
    field = ".".join(loc) or "(record)"
    if len(loc) == 2 and loc[0] in _REVENUE_FIELDS.values():
        period = next(p for p, f in _REVENUE_FIELDS.items() if f == loc[0])
        field = f"{period}_{loc[1]}"
    return field, first["msg"].removeprefix("Value error, ")


def _record(cells: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Cells keyed by layout code (CSV) or record field (JSON) → a Customer's input data."""
    record: dict[str, Any] = {}
    for column, raw in cells:
        value = raw.strip() if isinstance(raw, str) else raw
        if value is None or value == "":
            continue  # an empty cell means 0 / absent
        if isinstance(value, str) and column in ("scope", "has_agreement"):
            value = canonical_value(column, value)
        target = _LINE_COLUMNS.get(column)
        if target:
            field, line = target
            record.setdefault(field, {})[line] = value
        else:
            record[column] = value
    return record


_SCOPES = {scope.value: scope for scope in Scope}
_FLAGS = {"true": True, "false": False}


def _fast_customer(values: dict[str, str]) -> Customer | None:
    """The customer of a plain-layout row, or ``None`` when a cell is out of the ordinary.

    Every value is checked by the same validator the model uses (``money.yuan`` for amounts,
    the enum for the scope); anything else — a customer ID, a flag other than true/false, an
    amount the parser refuses — returns ``None`` and the row takes the full validation, which
    names the error. So both paths build equal customers and report equal errors.
    """
    fields: dict[str, Any] = {}
    last: dict[BusinessLine, Decimal] = {}
    current: dict[BusinessLine, Decimal] = {}
    for column, raw in values.items():
        if not raw:
            continue
        target = _LINE_COLUMNS.get(column)
        try:
            if target is not None:
                field, line = target
                (last if field == "last_year_revenue" else current)[line] = yuan(raw)
            elif column == "name":
                # Python's and pydantic's ideas of white space differ at the edges (\x1c):
                # only plain spaces are stripped here, anything else takes the full path.
                name = raw.strip(" ")
                if not name or name[0].isspace() or name[-1].isspace():
                    return None
                fields["name"] = name
            elif column == "scope":
                fields["scope"] = _SCOPES[raw.strip()]
            elif column == "has_agreement":
                fields["has_agreement"] = _FLAGS[raw.strip()]
            elif column in _NEWSPAPER:
                fields[column] = yuan(raw)
            elif column == "customer_id":
                if raw.strip():
                    fields["customer_id"] = CustomerId.parse(raw)
            else:
                return None
        except (ValueError, KeyError, ArithmeticError):
            return None
    if "name" not in fields:
        return None
    if last:
        fields["last_year_revenue"] = FrozenDict(last)
    if current:
        fields["current_month_revenue"] = FrozenDict(current)
    # fields_set is the keys given, as model_validate sets it for the same cells; the defaults
    # are given too, so model_construct copies none of them (they are immutable).
    return Customer.model_construct(_fields_set=set(fields), **{**_CUSTOMER_DEFAULTS, **fields})


#: Customer's defaults, all immutable (a FrozenDict, a Decimal, an enum): shared, never copied.
_CUSTOMER_DEFAULTS: dict[str, Any] = {
    "scope": Scope.COMPREHENSIVE,
    "has_agreement": False,
    "last_year_revenue": FrozenDict(),
    "current_month_revenue": FrozenDict(),
    "newspaper_turnover_last_year": Decimal("0.00"),
    "newspaper_turnover_current_month": Decimal("0.00"),
    "customer_id": None,
}


def _split(raw: RawRow, layout: _Layout) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    """(known cells keyed by layout code or record field, extra cells) of a row."""
    assert raw.cells is not None
    known: list[tuple[str, Any]] = []
    extras: dict[str, Any] = {}
    if layout.codes:
        for cell, code in layout.codes:
            value = raw.cells.get(cell, "")
            if code is None:
                extras[cell] = value
            else:
                known.append((code, value))
        return known, extras
    for key, value in raw.cells.items():  # JSON: record fields, layout codes or aliases
        code = key if key in _FIELDS else canonical_column(str(key))
        if code is None:
            extras[str(key)] = value
        else:
            known.append((code, value))
    return known, extras


def _customer(raw: RawRow, layout: _Layout, source: str) -> Customer | RowError:
    assert raw.cells is not None
    if layout.fast:
        customer = _fast_customer(raw.cells)  # type: ignore[arg-type]
        if customer is not None:
            return customer
    known, _extras = _split(raw, layout)
    seen = [code for code, _value in known]
    twice = sorted({code for code in seen if seen.count(code) > 1})
    if twice:
        return RowError(source, raw.number, twice[0], "given twice (counting Chinese keys)")
    try:
        return Customer.model_validate(_record(known))
    except ValidationError as err:
        field, message = _field_of(err)
        return RowError(source, raw.number, field, message)
    except (ValueError, TypeError, RecursionError) as err:  # e.g. a nested key that is a list
        return RowError(source, raw.number, "(row)", f"cannot be read ({type(err).__name__})")


# ---------------------------------------------------------------- reading


def _check(on_error: object, report: object, extra: object) -> None:
    if on_error not in ("raise", "skip"):
        raise PortfolioError(f"on_error: must be 'raise' or 'skip' (got {echo(on_error)})")
    if report is not None and not callable(report):
        raise PortfolioError(f"report: must be a function taking a RowError (got {echo(report)})")
    if extra not in ("keep", "ignore"):
        raise PortfolioError(f"extra: must be 'keep' or 'ignore' (got {echo(extra)})")


def _open(source: object, encoding: str | None) -> Table:
    try:
        return open_table(source, encoding=encoding)
    except SourceError as err:
        raise PortfolioError(str(err)) from None


def read_rows(
    path: object,
    *,
    encoding: str | None = None,
    on_error: OnError = "raise",
    report: Callable[[RowError], None] | None = None,
    extra: Extra = "keep",
) -> Iterator[PortfolioRow]:
    """Read a portfolio as :class:`PortfolioRow` (row number, customer, extra cells), lazily.

    Arguments as for :func:`read_portfolio`. ``extra="keep"`` returns the cells of columns
    the layout does not know (so a customer list with its own columns joins back);
    ``"ignore"`` drops them.

    >>> with sample_path() as path:
    ...     first = next(read_rows(path))
    >>> first.row, first.customer.name, dict(first.extra)
    (2, '汕头市广创纺织实业有限公司', {})
    """
    _check(on_error, report, extra)
    table = _open(path, encoding)
    try:
        layout = _layout(table, extra)
    except BaseException:
        table.close()
        raise
    keep = extra == "keep"
    try:
        for raw in table.rows:
            if raw.cells is None:
                result: Customer | RowError = RowError(
                    table.name, raw.number, "(row)", raw.problem or "cannot be read"
                )
            else:
                result = _customer(raw, layout, table.name)
            if isinstance(result, RowError):
                if on_error == "raise":
                    raise result
                if report is not None:
                    report(result)  # reported as it happens; nothing of it is kept here
                continue
            extras = _split(raw, layout)[1] if keep and not layout.fast else {}
            yield PortfolioRow(raw.number, result, extras)
    finally:
        table.close()  # also when the reader stops early (explain found its row)


def read_numbered(
    path: object,
    *,
    encoding: str | None = None,
    on_error: OnError = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[tuple[int, Customer]]:
    """Like :func:`read_portfolio`, with each customer's row number."""
    for row in read_rows(path, encoding=encoding, on_error=on_error, report=report):
        yield row.row, row.customer


def read_portfolio(
    path: object,
    *,
    encoding: str | None = None,
    on_error: OnError = "raise",
    report: Callable[[RowError], None] | None = None,
    extra: Extra = "keep",
) -> Iterator[Customer]:
    """Read customers from a CSV, JSON Lines, JSON or Excel table, one at a time (streaming).

    Args:
        path: a file path (``.csv``, ``.jsonl``/``.ndjson``, ``.json`` holding an array of
            objects, ``.xlsx`` with the ``xlsx`` extra), ``"-"`` for standard input, ``bytes``
            (an upload, never written to disk) or a text or binary stream.
        encoding: ``"utf-8"``, ``"utf-8-sig"``, ``"gb18030"`` or ``"gbk"``; default: UTF-8
            (with or without a BOM), switching to GB18030 when the header is not UTF-8.
        on_error: ``"raise"`` (default) raises :class:`RowError` at the first bad row;
            ``"skip"`` skips bad rows, passing each error to ``report`` as it is found.
        report: called with each skipped row's error (nothing else keeps it).
        extra: columns the layout does not know: ``"keep"`` (default; see :func:`read_rows`)
            or ``"ignore"``. Neither is an error.

    Row numbers are what a spreadsheet shows: in a CSV or Excel file the header is row 1 and
    the first customer row 2; in JSON Lines the line; in a JSON array the item (from 1).

    Raises:
        PortfolioError: the source cannot be opened, its type is unknown, or its header breaks
            the header rule (no name, no revenue column, a revenue column without its partner).
        RowError: a row is invalid (names the row number and the field).

    >>> with sample_path() as path:
    ...     first = next(read_portfolio(path))
    >>> first.name, first.scope.value
    ('汕头市广创纺织实业有限公司', 'comprehensive')
    >>> text = "客户名称,范围,上年特快收入,本月特快收入\\n某公司,区域,30000,3000\\n"
    >>> data = text.encode("gb18030")
    >>> [(c.name, c.scope.value, str(c.annual_revenue)) for c in read_portfolio(data)]
    [('某公司', 'regional', '30000.00')]
    """
    for row in read_rows(path, encoding=encoding, on_error=on_error, report=report, extra=extra):
        yield row.customer


@fact_keywords(FactArguments)
def evaluate_portfolio(
    customers: Iterable[Customer], facts: Facts | None = None, /, **arguments: Unpack[FactArguments]
) -> Iterator[Evaluation]:
    """Evaluate customers lazily, in input order (see :func:`evaluate`).

    Takes :func:`evaluate`'s facts (a ``PolicyHistory`` too), or a ``Facts``: checked once,
    when called, before any customer is read; each customer is then evaluated under them.
    """
    run = Facts.of(facts, **arguments)
    if not isinstance(customers, Iterable):
        raise PortfolioError(
            f"customers: must be an iterable of Customer (got {type(customers).__name__})"
        )
    return (evaluate(customer, run) for customer in customers)


#: The columns of :func:`outcome_rows`, in order (extra input columns follow them).
OUTCOME_COLUMNS = (
    "row",
    "customer_id",
    "name",
    "key_account",
    "criteria",
    "score",
    "tier",
    "unit",
    "contacts_per_month",
)


@fact_keywords(FactArguments)
def outcome_rows(
    source: object,
    facts: Facts | None = None,
    /,
    *,
    on_error: OnError = "raise",
    report: Callable[[RowError], None] | None = None,
    encoding: str | None = None,
    extra: Extra = "keep",
    **arguments: Unpack[FactArguments],
) -> Iterator[dict[str, Any]]:
    """One flat row per customer of a file: ``row``, ``customer_id``, then the decisions.

    The decisions are :func:`~keyaccount_rules.io.frames.evaluation_row` of the
    :class:`~keyaccount_rules.Evaluator`'s outcome: the decision
    :func:`~keyaccount_rules.evaluate` explains, without building explanation text. ``row``
    and ``customer_id`` join results back to the input; with ``extra="keep"`` the input's own
    columns follow (one that has the name of an output column is renamed ``<name> (input)``).
    Under a policy that classes key accounts by level (EDITION-2) the file's ``level`` column
    gives each customer's level (empty: not a key account). Errors name the row
    (:class:`RowError`), also for a revenue above the bureau's (GRADE-6); ``on_error`` and
    ``report`` work as in :func:`read_portfolio`. The facts (:func:`evaluate`'s, or a
    ``Facts``) are checked when called, before any row is read.

    >>> bureau, as_of = sample_facts()
    >>> with sample_path() as path:
    ...     first = next(outcome_rows(path, bureau_annual_revenue=bureau, as_of=as_of))
    >>> first["row"], first["name"], first["key_account"], first["tier"], first["unit"]
    (2, '汕头市广创纺织实业有限公司', True, 'general', 'branch_office')
    """
    run = Evaluator(facts, **arguments)
    rows = read_rows(source, encoding=encoding, on_error=on_error, report=report, extra=extra)
    return _outcome_rows(run, rows, _name(source), on_error, report)


def _outcome_rows(
    run: Evaluator,
    rows: Iterator[PortfolioRow],
    source: str,
    on_error: OnError,
    report: Callable[[RowError], None] | None,
) -> Iterator[dict[str, Any]]:
    policy = run.policy
    by_level = classes_by_level(policy)
    for number, customer, extras in rows:
        error: RowError | None = None
        try:
            level: Level | None = None
            if by_level:  # EDITION-2: the file says each customer's level (empty: none)
                level, extras = row_level(number, extras, source, policy)
            outcome = run.outcome(customer, level=level)
        except RowError as bad:
            error = bad
        except RuleInputError as err:  # e.g. GRADE-6: named as the row's error
            error = RowError(source, number, err.field, err.problem)
        if error is not None:
            if on_error == "raise":
                raise error from None
            if report is not None:
                report(error)
            continue
        row: dict[str, Any] = {
            "row": number,
            "customer_id": None if customer.customer_id is None else str(customer.customer_id),
            **evaluation_row(outcome),
        }
        if by_level:  # EDITION-2: the class the key account is in (no tier, no score)
            row["level"] = None if outcome.level is None else outcome.level.value
        for column, value in extras.items():
            row[f"{column} (input)" if column in row else column] = value
        yield row


def row_level(
    number: int, extras: Mapping[str, Any], source: str, policy: Policy
) -> tuple[Level | None, dict[str, Any]]:
    """EDITION-2: a row's level from its ``level`` column (州级/县级; empty: not a key account)
    and the row's other extra cells, under a policy that classes key accounts by level.

    Raises:
        PortfolioError: the file has no level column (``level``, 级别, 客户级别, 大客户级别).
        RowError: a level cell that is neither 州级/prefecture nor 县级/county nor empty.
    """
    cells = dict(extras)
    column = next((k for k in cells if str(k).strip().lower() in LEVEL_HEADERS), None)
    if column is None:
        raise PortfolioError(
            f"{source}: the {policy.name!r} policy classes key accounts by level: add a "
            "'level' column (州级 prefecture / 县级 county; empty: not a key account) [EDITION-2]"
        )
    try:
        return parse_level(str(cells.pop(column) or "")), cells
    except ValueError as err:
        raise RowError(source, number, "level", f"{err} [EDITION-2]") from None


def _name(source: object) -> str:
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>"
    if isinstance(source, str) or hasattr(source, "__fspath__"):
        return str(source)
    return "<stream>"


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


def json_cell(value: Any) -> str:
    """An extra cell as CSV text: strings unchanged, other JSON values as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)

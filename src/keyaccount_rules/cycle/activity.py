"""Activity as data (活动记录): what happened to whom and when, and monthly revenue, long format.

**Activity** is one row per event, in CSV (header row) or JSON Lines (one object a line):

========================  ==================================================================
column                    meaning
========================  ==================================================================
``customer``              the customer's 14-digit ``customer_id`` or its ``name`` (required)
``date``                  ``YYYY-MM-DD`` (required)
``kind``                  one of :class:`Kind` (required): ``contact`` (a call, 日常沟通),
                          ``visit`` (上门走访), ``leadership_visit`` (领导带队拜访),
                          ``greeting`` (节日、生日问候), ``archive_refresh`` (档案更新),
                          ``marketing_log`` (营销日志 entry), ``analysis`` (a FLUX-1 cause
                          analysis done), ``filing`` (FILE-1 report to the province),
                          ``report`` (a unit duty of the work calendar done; ``detail`` holds
                          its key, ``customer`` is empty), ``key_date`` (a key person's
                          birthday or the customer's own special date, recurring every year;
                          ``detail`` holds its label), ``tier`` (the tier in force from
                          ``date``, ``detail`` holds it: a tier history for G-9),
                          ``centre_visit`` (中心走访: the level's centre visited the key
                          account in its half-yearly round, CAL-1; ``liangshan`` only)
``manager``               the account manager (客户经理), optional; the latest one named for
                          a customer is its manager
``stage``                 marketing log only: ``initial_contact`` … ``agreement`` or 初次接触 …
``content``, ``method``   marketing log only (LOG-1)
``our_participants``,     marketing log only: names separated by ``;`` (CSV) or a list (JSON)
``customer_participants``
``detail``                free text: the key date's label, the report duty's key, the tier
========================  ==================================================================

**Monthly revenue** is one row per customer, month and business line:
``customer, month (YYYY-MM), line, amount`` (amount in yuan, at most 2 decimals). Each
customer's series runs from its first to its last month; a month inside that span with no row
is *missing* (reported, never read as 0): write an explicit 0 for a month without revenue.

Both readers stream the file one row at a time and number rows as a spreadsheet does (the
header is row 1). A bad row raises :class:`~keyaccount_rules.RowError` naming the row and the
field, or, with ``on_error="skip"``, is passed to ``report`` — never dropped silently.

>>> import io
>>> rows = list(parse_activity(io.StringIO(
...     "customer,date,kind\\nACME,2025-03-04,visit\\n"), source="mem.csv"))
>>> rows[0].row, rows[0].customer, rows[0].on, rows[0].kind
(2, 'ACME', datetime.date(2025, 3, 4), <Kind.VISIT: 'visit'>)
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, NamedTuple, TextIO

from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.io.portfolio import PortfolioError, RowError
from keyaccount_rules.money import parse_yuan
from keyaccount_rules.vocabulary import BusinessLine, LogStage, Tier

__all__ = [
    "ACTIVITY_COLUMNS",
    "REVENUE_COLUMNS",
    "Event",
    "Kind",
    "Month",
    "RevenueRow",
    "parse_activity",
    "parse_revenue",
    "read_activity",
    "read_revenue",
]


class Kind(StrEnum):
    """活动类型: what kind of event an activity row records."""

    CONTACT = "contact"
    VISIT = "visit"
    LEADERSHIP_VISIT = "leadership_visit"
    GREETING = "greeting"
    ARCHIVE_REFRESH = "archive_refresh"
    MARKETING_LOG = "marketing_log"
    ANALYSIS = "analysis"
    FILING = "filing"
    REPORT = "report"
    KEY_DATE = "key_date"
    TIER = "tier"
    CENTRE_VISIT = "centre_visit"


_KINDS = {kind.value: kind for kind in Kind}
#: Kinds that need no customer (the unit's own duties).
UNIT_KINDS = frozenset({Kind.REPORT})

ACTIVITY_COLUMNS: tuple[str, ...] = (
    "customer",
    "date",
    "kind",
    "manager",
    "stage",
    "content",
    "method",
    "our_participants",
    "customer_participants",
    "detail",
)
REVENUE_COLUMNS: tuple[str, ...] = ("customer", "month", "line", "amount")


class Event(NamedTuple):
    """One activity row, validated once: a plain frozen tuple (cheap for millions of rows)."""

    row: int
    customer: str
    on: date
    kind: Kind
    manager: str = ""
    detail: str = ""
    stage: LogStage | None = None
    content: str = ""
    method: str = ""
    our_participants: tuple[str, ...] = ()
    customer_participants: tuple[str, ...] = ()


class Month(NamedTuple):
    """A calendar month (年月), ordered; ``str()`` is ``YYYY-MM``."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, text: object, field: str = "month") -> Month:
        """``"2025-03"`` (or a date) → Month(2025, 3); anything else is a RuleInputError."""
        if isinstance(text, Month):
            return text
        if isinstance(text, date) and 3 <= text.year <= 9998:
            return cls(text.year, text.month)
        if isinstance(text, str):
            parts = text.strip().split("-")
            if len(parts) == 2 and all(p.isascii() and p.isdigit() for p in parts):
                year, month = int(parts[0]), int(parts[1])
                if len(parts[0]) == 4 and 3 <= year <= 9998 and 1 <= month <= 12:
                    return cls(year, month)
        raise RuleInputError(field, "must be a month written YYYY-MM, such as 2025-03", got=text)

    def shift(self, months: int) -> Month:
        """The month ``months`` later (negative: earlier)."""
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def first_day(self) -> date:
        """The month's first day."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The month's last day."""
        following = self.shift(1)
        return date.fromordinal(date(following.year, following.month, 1).toordinal() - 1)


class RevenueRow(NamedTuple):
    """One monthly revenue row: customer, month, business line, amount (Decimal yuan)."""

    row: int
    customer: str
    month: Month
    line: BusinessLine
    amount: Decimal


class _BadCellError(Exception):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field, self.problem = field, problem


def _names(value: object, field: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        parts: Iterable[object] = value.split(";")
    elif isinstance(value, list | tuple):
        parts = value
    else:
        raise _BadCellError(field, "must be names separated by ';' or a list of names")
    names = []
    for part in parts:
        if not isinstance(part, str):
            raise _BadCellError(field, "must be names separated by ';' or a list of names")
        if part.strip():
            names.append(part.strip())
    return tuple(names)


def _text(cells: Mapping[str, object], column: str) -> str:
    value = cells.get(column)
    if value.__class__ is str:  # the common case first: millions of rows pass here
        return value.strip()
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _BadCellError(column, f"must be text (got {type(value).__name__})")
    return value.strip()


_DATES: dict[str, date] = {}  # a file holds a few hundred distinct dates, each parsed once


def _day(raw: str) -> date:
    """``YYYY-MM-DD`` (exactly: 3.11's fromisoformat also takes ``YYYYMMDD``) to a date."""
    found = _DATES.get(raw)
    if found is not None:
        return found
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        day = date.fromisoformat(raw)
    except ValueError:
        raise _BadCellError("date", f"must be a date written YYYY-MM-DD (got {raw!r})") from None
    if len(_DATES) >= 4096:
        _DATES.clear()
    _DATES[raw] = day
    return day


def _event(number: int, cells: Mapping[str, object]) -> Event:
    """Validate one activity row (the only place a row's values are checked)."""
    customer = _text(cells, "customer")
    raw_kind = _text(cells, "kind")
    kind = _KINDS.get(raw_kind)
    if kind is None:
        raise _BadCellError(
            "kind", f"unknown kind {raw_kind!r}; expected one of {', '.join(_KINDS)}"
        )
    if not customer and kind not in UNIT_KINDS:
        raise _BadCellError("customer", "must name the customer (its customer_id or name)")
    on = _day(_text(cells, "date"))
    detail = _text(cells, "detail")
    manager = _text(cells, "manager")
    if kind is Kind.MARKETING_LOG:
        raw_stage = _text(cells, "stage")
        try:
            stage = LogStage(raw_stage)
        except ValueError:
            raise _BadCellError(
                "stage", f"unknown marketing-log stage {raw_stage!r} (LOG-1)"
            ) from None
        return Event(
            number,
            customer,
            on,
            kind,
            manager,
            detail,
            stage,
            _text(cells, "content"),
            _text(cells, "method"),
            _names(cells.get("our_participants"), "our_participants"),
            _names(cells.get("customer_participants"), "customer_participants"),
        )
    if kind is Kind.TIER:
        try:
            detail = Tier(detail).value
        except ValueError:
            raise _BadCellError("detail", f"a tier row needs a tier (got {detail!r})") from None
    elif kind in (Kind.REPORT, Kind.KEY_DATE) and not detail:
        what = "the duty's key" if kind is Kind.REPORT else "the key date's label"
        raise _BadCellError("detail", f"a {kind.value} row needs {what}")
    return Event(number, customer, on, kind, manager, detail)


def _revenue(number: int, cells: Mapping[str, object]) -> RevenueRow:
    customer = _text(cells, "customer")
    if not customer:
        raise _BadCellError("customer", "must name the customer (its customer_id or name)")
    try:
        month = Month.parse(cells.get("month"))
    except RuleInputError:
        raise _BadCellError(
            "month", f"must be a month written YYYY-MM (got {cells.get('month')!r})"
        ) from None
    raw_line = _text(cells, "line")
    try:
        line = BusinessLine(raw_line)
    except ValueError:
        raise _BadCellError("line", f"unknown business line {raw_line!r}") from None
    raw = cells.get("amount")
    if raw is None or raw == "":
        raise _BadCellError("amount", "must not be empty: write 0 for a month without revenue")
    try:
        amount = parse_yuan(raw, "amount")
    except RuleInputError as err:
        raise _BadCellError("amount", str(err).removeprefix("amount: ")) from None
    if amount < 0:
        raise _BadCellError("amount", "must not be negative")
    return RevenueRow(number, customer, month, line, amount)


def _csv_cells(
    handle: Iterable[str], source: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[tuple[int, Mapping[str, object] | None, str]]:
    reader = csv.reader(handle)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        return
    unknown = [c for c in header if c not in columns]
    if unknown:
        raise PortfolioError(
            f"{source}: unknown column(s) {', '.join(map(repr, unknown))}; "
            f"expected columns from: {', '.join(columns)}"
        )
    missing = [c for c in required if c not in header]
    if missing:
        raise PortfolioError(f"{source}: the header lacks column(s) {', '.join(missing)}")
    width = len(header)
    for cells in reader:
        number = reader.line_num
        if not cells:
            continue
        if len(cells) != width:
            many = "more" if len(cells) > width else "fewer"
            yield number, None, f"{many} cells than header columns"
            continue
        yield number, dict(zip(header, cells, strict=False)), ""  # lengths checked above


def _json_cells(
    handle: Iterable[str], columns: tuple[str, ...]
) -> Iterator[tuple[int, Mapping[str, object] | None, str]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            yield number, None, f"not valid JSON ({err.msg})"
            continue
        if not isinstance(data, dict):
            yield number, None, "each line must be a JSON object"
            continue
        unknown = [key for key in data if key not in columns]
        if unknown:
            yield number, None, f"unknown key(s) {', '.join(map(repr, unknown))}"
            continue
        if "amount" in data and isinstance(data["amount"], int | float):
            data["amount"] = (
                repr(data["amount"]) if isinstance(data["amount"], float) else str(data["amount"])
            )
        yield number, data, ""


def _parse(
    handle: Iterable[str],
    source: str,
    csv_layout: bool,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    build: Callable[[int, Mapping[str, object]], Any],
    on_error: Literal["raise", "skip"],
    report: Callable[[RowError], None] | None,
) -> Iterator[Any]:
    if on_error not in ("raise", "skip"):
        raise PortfolioError(f"on_error: must be 'raise' or 'skip' (got {on_error!r})")
    if report is not None and not callable(report):
        raise PortfolioError(f"report: must be a function taking a RowError (got {report!r})")
    cells = (
        _csv_cells(handle, source, columns, required)
        if csv_layout
        else _json_cells(handle, columns)
    )
    number = 0
    try:
        for number, row, problem in cells:
            try:
                if row is None:
                    raise _BadCellError("(row)", problem)
                yield build(number, row)
            except _BadCellError as bad:
                error = RowError(source, number, bad.field, bad.problem)
                if on_error == "raise":
                    raise error from None
                if report is not None:
                    report(error)
    except UnicodeDecodeError as err:
        raise PortfolioError(
            f"{source}: not UTF-8 text after row {number}; save the file as UTF-8"
        ) from err
    except csv.Error as err:
        raise PortfolioError(f"{source}, row {number + 1}: not valid CSV ({err})") from err


def parse_activity(
    handle: Iterable[str],
    *,
    source: str = "activity",
    csv_layout: bool | None = None,
    on_error: Literal["raise", "skip"] = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[Event]:
    """Parse activity rows from open text (CSV unless ``source`` ends in .jsonl/.json)."""
    layout = csv_layout if csv_layout is not None else not _is_json(source)
    return _parse(
        handle,
        source,
        layout,
        ACTIVITY_COLUMNS,
        ("customer", "date", "kind"),
        _event,
        on_error,
        report,
    )


def parse_revenue(
    handle: Iterable[str],
    *,
    source: str = "revenue",
    csv_layout: bool | None = None,
    on_error: Literal["raise", "skip"] = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[RevenueRow]:
    """Parse monthly revenue rows from open text (CSV unless ``source`` ends in .jsonl/.json)."""
    layout = csv_layout if csv_layout is not None else not _is_json(source)
    return _parse(
        handle, source, layout, REVENUE_COLUMNS, REVENUE_COLUMNS, _revenue, on_error, report
    )


def _is_json(source: str) -> bool:
    return source.lower().endswith((".jsonl", ".ndjson", ".json"))


def _open(path: str | Path) -> TextIO:
    if not isinstance(path, str | Path):
        raise PortfolioError(f"path: must be a file name or path (got {type(path).__name__})")
    source = Path(path)
    if source.suffix.lower() not in (".csv", ".jsonl", ".ndjson", ".json"):
        raise PortfolioError(
            f"{source}: unknown file type {source.suffix or '(none)'!r}; use .csv or .jsonl"
        )
    try:
        return source.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise PortfolioError(f"{source}: cannot open ({err.strerror})") from err
    except ValueError as err:  # a name the OS cannot take, e.g. with a NUL byte
        raise PortfolioError(f"{str(source)!r}: cannot open ({err})") from err


def read_activity(
    path: str | Path,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[Event]:
    """Read activity rows from a CSV or JSON Lines file, one at a time (streaming).

    Raises:
        PortfolioError: the file cannot be opened, is not UTF-8, or has unknown columns.
        RowError: a bad row (its row number and field), unless ``on_error="skip"``.
    """
    with _open(path) as handle:
        yield from parse_activity(handle, source=str(path), on_error=on_error, report=report)


def read_revenue(
    path: str | Path,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[RevenueRow]:
    """Read monthly revenue rows (``customer, month, line, amount``) from CSV or JSON Lines.

    Raises:
        PortfolioError: the file cannot be opened, is not UTF-8, or has unknown columns.
        RowError: a bad row (its row number and field), unless ``on_error="skip"``.
    """
    with _open(path) as handle:
        yield from parse_revenue(handle, source=str(path), on_error=on_error, report=report)

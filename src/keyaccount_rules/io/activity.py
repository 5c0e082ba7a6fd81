"""Activity as data (活动记录): what happened to whom and when, and monthly revenue, long format.

**Activity** is one row per event, in any table a portfolio may be (CSV with a header row,
JSON Lines, a JSON array, an ``.xlsx`` sheet; a path, ``-``, bytes or a stream), read by
:func:`keyaccount_rules.io.rows.open_table`; headers and values may be Chinese (客户, 日期,
类型 = 上门走访: :mod:`keyaccount_rules.io.headers`), and columns the layout does not know
are ignored:

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
                          ``detail`` holds its label), ``dated_key_date`` (a key date of
                          that year only, e.g. a lunar birthday: G-18), ``tier`` (the tier
                          in force from ``date``, ``detail`` holds it: a tier history for
                          G-9), ``centre_visit`` (中心走访: the level's centre visited the key
                          account in its half-yearly round, CAL-1; ``detail`` may name the
                          visiting unit, e.g. ``prefecture_center``, G-22; ``liangshan``
                          only), ``research_start``, ``research_survey``,
                          ``research_ranking`` (an industry's research started, its step 1
                          or step 2 done, G-21; ``detail`` names the industry, ``customer``
                          is empty)
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
header is row 1). An unclosed quote, a row that is not in the file's encoding, a
200,000-character cell is that row's problem, never its neighbours'. A bad row raises
:class:`~keyaccount_rules.RowError` naming the row and the field, or, with
``on_error="skip"``, is passed to ``report`` — never dropped silently.

>>> import io
>>> rows = list(parse_activity(io.StringIO(
...     "customer,date,kind\\nACME,2025-03-04,visit\\n"), source="mem.csv"))
>>> rows[0].row, rows[0].customer, rows[0].on, rows[0].kind
(2, 'ACME', datetime.date(2025, 3, 4), <Kind.VISIT: 'visit'>)
"""

from __future__ import annotations

import io
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from os import PathLike
from pathlib import Path

from keyaccount_rules.core.arguments import checked
from keyaccount_rules.core.errors import PortfolioError, RowError, RuleInputError, echo
from keyaccount_rules.core.money import parse_yuan
from keyaccount_rules.core.periods import Month, MonthGiven
from keyaccount_rules.core.vocabulary import BusinessLine, LogStage, Tier
from keyaccount_rules.io.headers import (
    ACTIVITY_COLUMNS,
    ACTIVITY_HEADER_ALIASES,
    REVENUE_COLUMNS,
    REVENUE_HEADER_ALIASES,
    canonical_activity_column,
    canonical_activity_value,
    canonical_revenue_column,
)
from keyaccount_rules.io.layout import CellError, Layout, OnError, check_reporting, read_records
from keyaccount_rules.io.rows import Kind as TableKind
from keyaccount_rules.io.rows import Table, TableSource
from keyaccount_rules.records.activity import RESEARCH_KINDS, UNIT_KINDS, Event, Kind, RevenueRow

_KINDS = {kind.value: kind for kind in Kind}

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


def _names(value: object, field: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        parts: Iterable[object] = value.split(";")
    elif isinstance(value, list | tuple):
        parts = value
    else:
        raise CellError(field, "must be names separated by ';' or a list of names")
    names = []
    for part in parts:
        if not isinstance(part, str):
            raise CellError(field, "must be names separated by ';' or a list of names")
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
        raise CellError(column, f"must be text (got {type(value).__name__})")
    return value.strip()


#: Year-first dates as Chinese spreadsheets write them (ASCII digits only): 2025/3/4,
#: 2025.3.4, 2025-3-4 (one separator throughout) and 2025年3月4日.
_SPREADSHEET_DAY = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_CHINESE_DAY = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")


@lru_cache(maxsize=4096)  # a file holds a few hundred distinct dates, each parsed once
def _day(raw: str) -> date:
    """A day: ``YYYY-MM-DD``, or as a spreadsheet writes it (2025/3/4, 2025年3月4日, an .xlsx
    date cell); year first always, so no day-month order is guessed."""
    text = raw.removesuffix("T00:00:00")  # a date cell of an .xlsx sheet
    parts: tuple[str, str, str] | None = None
    if found_day := _SPREADSHEET_DAY.fullmatch(text):
        parts = (found_day[1], found_day[3], found_day[4])
    elif found_day := _CHINESE_DAY.fullmatch(text):
        parts = (found_day[1], found_day[2], found_day[3])
    try:
        if parts is None:
            raise ValueError(raw)
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise CellError(
            "date", f"must be a date written YYYY-MM-DD, 2025/3/4 or 2025年3月4日 (got {raw!r})"
        ) from None
    return day


#: Kinds whose ``detail`` is required, and what it holds.
_DETAIL_NEEDED = {
    Kind.REPORT: "the duty's key",
    Kind.KEY_DATE: "the key date's label",
    Kind.DATED_KEY_DATE: "the key date's label",
    **dict.fromkeys(RESEARCH_KINDS, "the industry researched"),
}


def _event(number: int, cells: Mapping[str, object], _extras: Mapping[str, object]) -> Event:
    """Validate one activity row (the only place a row's values are checked)."""
    customer = _text(cells, "customer")
    raw_kind = _text(cells, "kind")
    kind = _KINDS.get(raw_kind)
    if kind is None:  # 上门走访, 日常沟通 …: the value map of io/headers.py
        kind = _KINDS.get(canonical_activity_value("kind", raw_kind))
    if kind is None:
        raise CellError("kind", f"unknown kind {raw_kind!r}; expected one of {', '.join(_KINDS)}")
    if not customer and kind not in UNIT_KINDS:
        raise CellError("customer", "must name the customer (its customer_id or name)")
    on = _day(_text(cells, "date"))
    detail = _text(cells, "detail")
    manager = _text(cells, "manager")
    if kind is Kind.MARKETING_LOG:
        raw_stage = _text(cells, "stage")
        try:
            stage = LogStage(canonical_activity_value("stage", raw_stage))
        except ValueError:
            raise CellError("stage", f"unknown marketing-log stage {raw_stage!r} (LOG-1)") from None
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
            detail = Tier(canonical_activity_value("tier", detail)).value
        except ValueError:
            raise CellError("detail", f"a tier row needs a tier (got {detail!r})") from None
    elif kind in _DETAIL_NEEDED and not detail:
        raise CellError("detail", f"a {kind.value} row needs {_DETAIL_NEEDED[kind]}")
    return Event(number, customer, on, kind, manager, detail)


_LINES = {line.value: line for line in BusinessLine}
_CHINESE_MONTH = re.compile(r"([0-9]{4})(?:年([0-9]{1,2})月|[/.]([0-9]{1,2}))")


def _month(raw: object) -> Month:
    """``YYYY-MM`` (also 2025年3月, 2025/3, and an .xlsx date cell on the 1st) to a Month."""
    if isinstance(raw, str):
        return _month_text(raw)
    month: Month = checked(MonthGiven, raw, "month")  # a cell holds anything
    return month


@lru_cache(maxsize=4096)  # a file holds a few dozen distinct months, each parsed once
def _month_text(raw: str) -> Month:
    text = raw.strip()
    chinese = _CHINESE_MONTH.fullmatch(text)  # 2025年3月, 2025/3, 2025.3
    if chinese:
        text = f"{chinese[1]}-{int(chinese[2] or chinese[3]):02d}"
    elif len(text) == 19 and text.endswith("-01T00:00:00"):
        text = text[:7]
    return Month.parse(text)


def _revenue(number: int, cells: Mapping[str, object], _extras: Mapping[str, object]) -> RevenueRow:
    customer = _text(cells, "customer")
    if not customer:
        raise CellError("customer", "must name the customer (its customer_id or name)")
    try:
        month = _month(cells.get("month"))
    except RuleInputError:
        raise CellError(
            "month",
            f"must be a month written YYYY-MM, 2025/3 or 2025年3月 (got {cells.get('month')!r})",
        ) from None
    raw_line = _text(cells, "line")
    try:
        line = _LINES.get(raw_line) or BusinessLine(canonical_activity_value("line", raw_line))
    except ValueError:
        raise CellError("line", f"unknown business line {raw_line!r}") from None
    raw = cells.get("amount")
    if raw is None or raw == "":
        raise CellError("amount", "must not be empty: write 0 for a month without revenue")
    try:
        amount = parse_yuan(raw, "amount")
    except RuleInputError as err:
        raise CellError("amount", str(err).removeprefix("amount: ")) from None
    if amount < 0:
        raise CellError("amount", "must not be negative")
    return RevenueRow(number, customer, month, line, amount)


def _required(
    codes: tuple[str, ...], aliases: Mapping[str, str]
) -> Callable[[Table, Mapping[str, list[str]], list[str]], None]:
    """The header rule of a long-format file: every required column, under some name."""

    def check(table: Table, by_code: Mapping[str, list[str]], ignored: list[str]) -> None:
        missing = [
            code
            for code in codes
            if code not in by_code and not (code == "customer" and "customer_id" in by_code)
        ]
        if missing:
            named = [
                f"{code} ({'/'.join(a for a, c in aliases.items() if c == code)})"
                for code in missing
            ]
            found = ", ".join(map(echo, ignored[:20])) if ignored else "none"
            raise PortfolioError(
                f"{table.name}: the header lacks column(s) {', '.join(named)}; "
                f"columns not recognised (ignored): {found}; see docs/monthly-cycle.md"
            )

    return check


#: The activity layout: ``customer``, ``date`` and ``kind`` required, other columns ignored;
#: ``customer_id`` names the customer when a row gives one.
ACTIVITY_LAYOUT: Layout[Event] = Layout(
    canonical=canonical_activity_column,
    fields=frozenset(ACTIVITY_COLUMNS),
    build=_event,
    check_header=_required(("customer", "date", "kind"), ACTIVITY_HEADER_ALIASES),
    merged={"customer_id": "customer"},
    tolerant=True,
)
#: The monthly revenue layout: its four columns required, other columns ignored.
REVENUE_LAYOUT: Layout[RevenueRow] = Layout(
    canonical=canonical_revenue_column,
    fields=frozenset(REVENUE_COLUMNS),
    build=_revenue,
    check_header=_required(REVENUE_COLUMNS, REVENUE_HEADER_ALIASES),
    merged={"customer_id": "customer"},
    tolerant=True,
)


_PARSE_KINDS: dict[str, TableKind] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",  # open text cannot be peeked at: a .json name is read as JSON Lines
}


class _Lines(io.TextIOBase):
    """Lines of text (a list, a generator) as the text stream the table reader takes."""

    def __init__(self, lines: Iterable[str]) -> None:
        super().__init__()
        self._lines = iter(lines)

    def readable(self) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return self._lines


def _parse_source(
    handle: Iterable[str], source: str, csv_layout: bool | None
) -> tuple[TableSource, TableKind]:
    if not isinstance(source, str):
        raise PortfolioError(f"source: must be the file's name (got {echo(source)})")
    if csv_layout is None:
        kind = _PARSE_KINDS.get(Path(source).suffix.lower(), "csv")
    else:
        kind = "csv" if csv_layout else "jsonl"
    if isinstance(handle, io.TextIOBase) or hasattr(handle, "read"):
        return typing.cast(TableSource, handle), kind
    if isinstance(handle, str | bytes) or not isinstance(handle, Iterable):
        raise PortfolioError(
            f"handle: must be open text or an iterable of lines (got {type(handle).__name__})"
        )
    return _Lines(handle), kind


def parse_activity(
    handle: Iterable[str],
    *,
    source: str = "activity",
    csv_layout: bool | None = None,
    on_error: OnError = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[Event]:
    """Parse activity rows from open text (CSV unless ``source`` ends in .jsonl/.json);
    errors are named by ``source``. For files, bytes and binary streams use
    :func:`read_activity`."""
    check_reporting(on_error, report)
    stream, kind = _parse_source(handle, source, csv_layout)
    yield from read_activity(stream, kind=kind, on_error=on_error, report=report, name=source)


def parse_revenue(
    handle: Iterable[str],
    *,
    source: str = "revenue",
    csv_layout: bool | None = None,
    on_error: OnError = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[RevenueRow]:
    """Parse monthly revenue rows from open text (CSV unless ``source`` ends in .jsonl/.json)."""
    check_reporting(on_error, report)
    stream, kind = _parse_source(handle, source, csv_layout)
    yield from read_revenue(stream, kind=kind, on_error=on_error, report=report, name=source)


def read_activity(
    path: TableSource,
    *,
    encoding: str | None = None,
    kind: TableKind | None = None,
    on_error: OnError = "raise",
    report: Callable[[RowError], None] | None = None,
    name: str | None = None,
) -> Iterator[Event]:
    """Read activity rows, one at a time (streaming), from any table a portfolio may be.

    Args:
        path: a path (``.csv``, ``.jsonl``/``.ndjson``, ``.json`` holding an array of
            objects, ``.xlsx`` with the ``xlsx`` extra), ``"-"`` (standard input), ``bytes``
            or a text or binary stream.
        encoding: ``"utf-8"``, ``"utf-8-sig"``, ``"gb18030"`` or ``"gbk"``; default: UTF-8
            (with or without a BOM), GB18030 when the header is not UTF-8.
        kind: ``"csv"``, ``"jsonl"``, ``"json"`` or ``"xlsx"`` when the name does not tell.
        on_error: ``"raise"`` (default) raises at the first bad row; ``"skip"`` passes each
            bad row's :class:`RowError` to ``report`` as it is found.
        report: called with each skipped row's error (nothing else keeps it).
        name: the name errors give the source (default: its path, ``-``, ``<bytes>`` or
            ``<stream>``).

    Headers and values may be written in Chinese (客户, 日期, 类型 = 上门走访 …; the map is
    in docs/monthly-cycle.md); columns the layout does not know are ignored.

    Raises:
        PortfolioError: the source cannot be opened, its type is unknown, or its header lacks
            a required column (``customer``, ``date``, ``kind``) or names one twice.
        RowError: a bad row (its row number and field), unless ``on_error="skip"``.
    """
    check_reporting(on_error, report)
    yield from read_records(
        path,
        ACTIVITY_LAYOUT,
        encoding=encoding,
        kind=kind,
        name=name,
        on_error=on_error,
        report=report,
    )


def read_revenue(
    path: TableSource,
    *,
    encoding: str | None = None,
    kind: TableKind | None = None,
    on_error: OnError = "raise",
    report: Callable[[RowError], None] | None = None,
    name: str | None = None,
) -> Iterator[RevenueRow]:
    """Read monthly revenue rows (``customer, month, line, amount``), one at a time, from any
    source :func:`read_activity` takes (arguments as there; 客户, 月份, 业务 = 特快, 金额 …).

    Raises:
        PortfolioError: the source cannot be opened, its type is unknown, or its header lacks
            one of the four columns or names one twice.
        RowError: a bad row (its row number and field), unless ``on_error="skip"``.
    """
    check_reporting(on_error, report)
    yield from read_records(
        path,
        REVENUE_LAYOUT,
        encoding=encoding,
        kind=kind,
        name=name,
        on_error=on_error,
        report=report,
    )


def is_table_source(value: object) -> bool:
    """Whether ``value`` is a table to read (a path, ``-``, bytes, a stream), not rows."""
    return isinstance(value, str | PathLike | bytes | bytearray | memoryview | io.IOBase)

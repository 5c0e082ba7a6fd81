"""Table layouts (表格布局): a table's header read against a record layout, rows into records.

:func:`~keyaccount_rules.io.rows.open_table` turns any file into numbered raw rows; a
:class:`Layout` says what the columns mean for one kind of record (a portfolio's customers,
activity, monthly revenue), and :func:`read_records` is the one loop from raw rows to
records for all three:

- the header: every cell is mapped to a code (English codes and Chinese aliases), an empty
  one ignored with its column; a code
  given by two columns is an error, so is a kept extra column given twice; then the layout's
  own header rule (a portfolio's revenue pairs, the activity file's required columns);
- each row: keyed by code (a CSV row whose known header cells are the layout's own codes
  passes as it is; a JSON object's keys may be codes, record fields or aliases, each once),
  with the cells the layout does not know kept or ignored, then built into a record by the
  layout;
- a bad row is a :class:`~keyaccount_rules.RowError` naming its number and field, raised at
  once or passed to ``report`` (``on_error="skip"``): never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Generic, Literal, NamedTuple, TypeVar

from keyaccount_rules.core.errors import PortfolioError, RowError, echo
from keyaccount_rules.io.rows import Kind, SourceError, Table, TableSource, open_table

__all__ = ["CellError", "Columns", "Layout", "OnError", "check_reporting", "read_records"]

T = TypeVar("T")
OnError = Literal["raise", "skip"]


class CellError(Exception):
    """A row's problem found while building its record: the field and what is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field, self.problem = field, problem


class Columns(NamedTuple):
    """A CSV or Excel header read against a layout."""

    plain: bool  # every known header cell is its own code, once: a row passes as it is
    sources: tuple[tuple[str, tuple[str, ...]], ...]  # code → its header cells, in order
    extras: tuple[str, ...]  # header cells the layout does not know


@dataclass(frozen=True, slots=True)
class Layout(Generic[T]):
    """What a table's columns mean for one kind of record.

    ``canonical`` maps a header cell (or a JSON key) to its code, ``None`` for a column the
    layout does not know; ``fields`` are the JSON keys taken as they are; ``build`` makes the
    record of one row from its number, its cells by code and its extra cells, raising
    :class:`CellError`; ``check_header`` is the layout's own header rule, given the table
    and the codes found (raising :class:`~keyaccount_rules.PortfolioError`); ``merged``
    names a code read into another (``customer_id`` into ``customer``: the ID when a row
    gives one); ``keep_extra`` passes the extra cells to ``build`` (else they are ignored);
    ``tolerant`` says that ``build`` reads only the cells it knows, so a row whose header has
    extra columns still passes as it is.
    """

    canonical: Callable[[str], str | None]
    fields: frozenset[str]
    build: Callable[[int, Mapping[str, Any], Mapping[str, Any]], T]
    check_header: Callable[[Table, Mapping[str, list[str]], list[str]], None]
    merged: Mapping[str, str] = field(default_factory=dict)
    keep_extra: bool = False
    tolerant: bool = False

    def columns(self, table: Table) -> Columns:
        """The header against the layout; raises ``PortfolioError`` naming what is wrong."""
        by_code: dict[str, list[str]] = {}
        extras: list[str] = []
        blank = False  # an empty header cell: its column is ignored, never kept
        for cell in table.header:
            if not cell:
                blank = True
                continue
            code = self.canonical(cell)
            if code is None:
                extras.append(cell)
            else:
                by_code.setdefault(code, []).append(cell)
        twice = sorted(code for code, cells in by_code.items() if len(cells) > 1)
        if twice:
            raise PortfolioError(
                f"{table.name}: column(s) {', '.join(map(repr, twice))} appear twice "
                "(counting Chinese headers with the same meaning)"
            )
        if self.keep_extra and len(set(extras)) != len(extras):
            again = sorted({cell for cell in extras if extras.count(cell) > 1})
            raise PortfolioError(
                f"{table.name}: column(s) {', '.join(map(repr, again))} appear twice"
            )
        self.check_header(table, by_code, extras)
        plain = (self.tolerant or not (extras or blank)) and not self.merged.keys() & by_code.keys()
        plain = plain and all(cells == [code] for code, cells in by_code.items())
        for code, into in self.merged.items():  # the merged code's cells come first
            if code in by_code:
                by_code[into] = by_code.pop(code) + by_code.get(into, [])
        sources = tuple((code, tuple(cells)) for code, cells in by_code.items())
        return Columns(plain, sources, tuple(extras))

    def keyed(self, cells: Mapping[str, Any]) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
        """A JSON object's (cells by code, extra cells); raises :class:`CellError` for a key
        given twice (counting aliases)."""
        if cells.keys() <= self.fields:
            return cells, {}  # the common object: the layout's own keys
        row: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        twice: set[str] = set()
        for key, value in cells.items():
            code = key if key in self.fields else self.canonical(str(key))
            if code is None:
                extras[str(key)] = value
            elif code in row:
                twice.add(code)
            else:
                row[code] = value
        if twice:
            raise CellError(sorted(twice)[0], "given twice (counting Chinese keys)")
        for code, into in self.merged.items():
            value = row.pop(code, None)
            if _given(value):
                row[into] = value
        return row, extras


_NONE: Mapping[str, Any] = MappingProxyType({})


def _given(value: object) -> bool:
    return value is not None and value != "" and not (isinstance(value, str) and value.isspace())


def _remapped(cells: Mapping[str, Any], columns: Columns) -> dict[str, Any]:
    """A CSV row keyed by code: of a code's columns, the first whose cell is given."""
    row: dict[str, Any] = {}
    for code, sources in columns.sources:
        value: Any = ""
        for cell in sources:
            value = cells.get(cell, "")
            if _given(value):
                break
        row[code] = value
    return row


def check_reporting(on_error: OnError, report: Callable[[RowError], None] | None) -> None:
    """``on_error`` and ``report`` of a reader, checked before the file is opened."""
    if on_error not in ("raise", "skip"):
        raise PortfolioError(f"on_error: must be 'raise' or 'skip' (got {echo(on_error)})")
    if report is not None and not callable(report):
        raise PortfolioError(f"report: must be a function taking a RowError (got {echo(report)})")


def _open(source: TableSource, kind: Kind | None, encoding: str | None, name: str | None) -> Table:
    try:
        table = open_table(source, kind=kind, encoding=encoding)
    except SourceError as err:
        raise _named(err, name) from None
    return table if name is None else replace(table, name=name)


def _named(err: SourceError, name: str | None) -> PortfolioError:
    """A source's error as a :class:`~keyaccount_rules.PortfolioError`, calling a stream by
    ``name`` when one is given."""
    message = str(err)
    if name is not None and message.startswith("<stream>"):
        message = name + message.removeprefix("<stream>")
    return PortfolioError(message)


def read_records(
    source: TableSource,
    layout: Layout[T],
    *,
    encoding: str | None = None,
    kind: Kind | None = None,
    name: str | None = None,
    on_error: OnError = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[T]:
    """Each row of a table as ``layout`` builds it, lazily; bad rows raised or reported.

    ``name`` is what errors call the source (default: its path, ``-``, ``<bytes>`` or
    ``<stream>``). The file is closed when the rows end, also when the reader stops early.
    """
    table = _open(source, kind, encoding, name)
    try:
        json = table.kind in ("jsonl", "json")
        columns = None if json else layout.columns(table)
        plain = columns is not None and columns.plain
        kept = columns.extras if columns is not None and layout.keep_extra else ()
        build = layout.build
        for number, cells, problem in table.rows:
            try:
                if cells is None:
                    raise CellError("(row)", problem or "cannot be read")
                extras = {cell: cells.get(cell, "") for cell in kept} if kept else _NONE
                if plain:
                    record = build(number, cells, extras)
                elif json:
                    keyed, found = layout.keyed(cells)
                    record = build(number, keyed, found if layout.keep_extra else _NONE)
                else:
                    assert columns is not None
                    record = build(number, _remapped(cells, columns), extras)
            except CellError as bad:
                error = RowError(table.name, number, bad.field, bad.problem)
                if on_error == "raise":
                    raise error from None
                if report is not None:
                    report(error)  # reported as it happens; nothing of it is kept here
            else:
                yield record
    except SourceError as err:  # damage found part-way (a workbook's part cut short)
        raise _named(err, name) from None
    finally:
        table.close()  # also when the reader stops early or the header is refused

"""Reading hostile tables (读取外部表格): rows out of CSV, JSON Lines, JSON and Excel files.

Files come from users: exported by Chinese spreadsheets in GB18030, with a BOM or without,
with a quote left open, a 200,000-character cell, a 5,000-digit number or a line nested a
million levels deep. This module turns any of them into numbered rows without losing one
silently: every physical row becomes either a :class:`RawRow` with its cells or a
:class:`RawRow` with a ``problem``, and a problem in one row never takes its neighbours
with it.

- **Sources**: a path, ``"-"`` (standard input), ``bytes``, a binary or a text stream.
- **Encodings**: ``utf-8`` (a BOM is recognised), ``utf-8-sig``, ``gb18030``, ``gbk``;
  ``None`` (automatic) reads UTF-8 and switches to GB18030 when the header is not UTF-8;
  a later row that is valid UTF-8 is still read as UTF-8.
  Each row is decoded on its own, so a bad byte spoils one row, reported with its number
  and the suggestion to pass ``--encoding gb18030``.
- **CSV**: a quoted cell may span lines, but an opened quote that does not close into a row
  of the header's width is reported on its own row and the following lines are read as rows
  of their own. Cells longer than :data:`MAX_CELL` characters and lines longer than
  :data:`MAX_LINE_BYTES` bytes are row problems, not file failures.
- **JSON Lines** (``.jsonl``/``.ndjson``) and a ``.json`` file holding one array of objects;
  numbers are read as ``Decimal``; too-long numbers, too-deep nesting, a key given twice in
  one object and an escape leaving a lone surrogate (``\\ud800``) are row problems.
- **Excel** (``.xlsx``) through :mod:`keyaccount_rules.io.workbook` (the standard library
  only): the first visible sheet, rows numbered as the spreadsheet shows them, a hostile or
  damaged workbook refused with its reason, a formula saved without its value a row problem.
- **A pandas DataFrame** (a notebook's table): its columns are the header, each row's cells
  keep their values (a missing value, ``NaN``/``None``/``NA``, is an empty cell); rows are
  numbered from 1 in order, as a JSON array's items.

Row numbers are what a person sees: in a CSV or Excel file the header is row 1 and the first
record row 2; in JSON Lines the line number; in a JSON array the item's position.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, NamedTuple, TypeAlias

from keyaccount_rules.core.errors import DuplicateKeyError, PortfolioError, echo, unique_keys
from keyaccount_rules.core.optional import load_pandas
from keyaccount_rules.io.workbook import WorkbookError, read_workbook

__all__ = [
    "ENCODINGS",
    "MAX_CELL",
    "MAX_CONTINUATION",
    "MAX_LINE_BYTES",
    "Kind",
    "RawRow",
    "SourceError",
    "Table",
    "TableSource",
    "open_table",
]

Kind = Literal["csv", "jsonl", "json", "xlsx", "frame"]
#: What a table is read from: a file path, ``"-"`` (standard input), bytes, or a text or
#: binary stream.
TableSource: TypeAlias = (
    str | os.PathLike[str] | bytes | bytearray | memoryview | IO[str] | IO[bytes] | io.IOBase
)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk")
#: Longest cell accepted, in characters (a customer name is far shorter).
MAX_CELL = 10_000
#: Longest physical line read, in bytes; a longer one is a row problem, skipped to its end.
MAX_LINE_BYTES = 1 << 20
#: Most physical lines one quoted CSV cell may span before the quote counts as unclosed.
MAX_CONTINUATION = 20
_SUFFIXES: dict[str, Kind] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xlsx": "xlsx",
}
_GB_HINT = "if a Chinese spreadsheet saved the file, read it with --encoding gb18030"


class SourceError(PortfolioError):
    """A file that cannot be read at all: missing, of an unknown type, without a header."""


class RawRow(NamedTuple):
    """One row of a table: its number and either its cells (by header) or a problem."""

    number: int
    cells: Mapping[str, Any] | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """An opened table: its header (CSV/Excel; empty for JSON) and its rows, read lazily."""

    name: str
    kind: Kind
    encoding: str | None
    header: tuple[str, ...]
    rows: Iterator[RawRow]
    handle: BinaryIO | None = None

    def close(self) -> None:
        """Close the source (when the rows are not read to their end, e.g. a bad header)."""
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        if self.handle is not None and self.handle is not getattr(sys.stdin, "buffer", None):
            self.handle.close()


def _kind_of(name: str, kind: Kind | None, head: bytes) -> Kind:
    if kind is not None:
        if kind not in ("csv", "jsonl", "json", "xlsx"):
            raise SourceError(f"kind: must be csv, jsonl, json or xlsx (got {kind!r})")
        return kind
    suffix = Path(name).suffix.lower()
    if suffix in _SUFFIXES:
        found = _SUFFIXES[suffix]
        if found == "json" and head.lstrip()[:1] == b"{":
            return "jsonl"  # a .json file holding one object per line
        return found
    if name not in ("-", "<bytes>", "<stream>"):
        raise SourceError(
            f"{name}: unknown file type {suffix or '(none)'!r}; "
            "use .csv, .jsonl (JSON Lines), .json or .xlsx"
        )
    if head.startswith(b"PK"):
        return "xlsx"
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return {b"{": "jsonl", b"[": "json"}.get(first, "csv")  # type: ignore[return-value]


def _binary(source: TableSource) -> tuple[str, BinaryIO | None, io.TextIOBase | None]:
    """(display name, binary stream or None, text stream or None) of a source."""
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>", io.BytesIO(bytes(source)), None
    if isinstance(source, str) and source == "-":
        return "-", sys.stdin.buffer, None
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return str(path), path.open("rb"), None
        except OSError as err:
            raise SourceError(f"{echo(str(path))}: cannot open ({err.strerror})") from err
        except ValueError as err:  # a name the OS cannot take, e.g. with a NUL byte
            raise SourceError(f"{echo(str(path))}: cannot open ({err})") from err
    if isinstance(source, io.TextIOBase):
        return "<stream>", None, source
    if hasattr(source, "read"):
        probe = source.read(0)
        if isinstance(probe, bytes):
            return "<stream>", source, None  # type: ignore[return-value]
        if isinstance(probe, str):
            return "<stream>", None, source  # type: ignore[return-value]
    raise SourceError(
        "source: must be a file path, '-' (standard input), bytes or a stream "
        f"(got {type(source).__name__})"
    )


def _too_long(raw: bytes, binary: BinaryIO) -> bool:
    """Whether ``raw`` is the start of a line over the length limit; if so, the rest of the
    line is skipped, in bounded chunks."""
    if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n"):
        return False
    while True:
        rest = binary.readline(MAX_LINE_BYTES)
        if not rest or rest.endswith(b"\n"):
            return True


def _physical_line(binary: BinaryIO) -> bytes | None:
    """The next line's bytes (``b""`` at the end), ``None`` for a line over the length limit."""
    raw = binary.readline(MAX_LINE_BYTES + 1)
    return None if _too_long(raw, binary) else raw


def _choose_encoding(first: bytes | None, encoding: str | None) -> str:
    if encoding is not None:
        if not isinstance(encoding, str) or encoding.lower() not in ENCODINGS:
            raise SourceError(f"encoding: must be one of {', '.join(ENCODINGS)} (got {encoding!r})")
        return encoding.lower()
    if first is None or first.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        first.decode("utf-8")
    except UnicodeDecodeError:
        try:
            first.decode("gb18030")
        except UnicodeDecodeError:
            return "utf-8-sig"
        return "gb18030"
    return "utf-8-sig"


def _text_lines(
    name: str, binary: BinaryIO | None, text: io.TextIOBase | None, encoding: str | None
) -> tuple[str | None, Iterator[tuple[int, str | None, str | None]]]:
    """(encoding used, iterator of (line number, text or None, problem or None))."""
    if text is not None:

        def from_text() -> Iterator[tuple[int, str | None, str | None]]:
            for number, line in enumerate(text, start=1):
                if len(line) > MAX_LINE_BYTES:
                    yield number, None, f"line longer than {MAX_LINE_BYTES:,} characters"
                else:
                    yield number, line.removeprefix("\ufeff") if number == 1 else line, None

        return None, from_text()
    assert binary is not None  # _binary returns one of the two
    first = _physical_line(binary)
    if first == b"":
        return _choose_encoding(None, encoding), iter(())
    chosen = _choose_encoding(first, encoding)
    return chosen, _decoded_lines(binary, first, chosen, prefer_utf8=encoding is None)


def _decoded_lines(
    binary: BinaryIO, first: bytes | None, encoding: str, *, prefer_utf8: bool = False
) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text or None, problem or None) of every line, each decoded on its own.

    With ``prefer_utf8`` (the encoding detected, not given) a line of a GB18030 file that is
    valid UTF-8 is read as UTF-8: GB18030 decodes almost any bytes, so UTF-8 rows of a mixed
    file would otherwise become mojibake without a word.

    One loop reads and decodes (the hot path of every file). A UTF-8 file with a BOM is
    decoded line by line as plain UTF-8 with a leading U+FEFF removed: what ``utf-8-sig``
    gives each line, without its Python-level codec; a line that does not decode takes
    :func:`_decode`, so its message is the same.
    """
    yield _decode(1, first, encoding)
    if prefer_utf8 and encoding == "gb18030":
        yield from _gb18030_or_utf8(binary)
        return
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    strip_bom = codec != encoding
    readline = binary.readline
    number = 1
    while True:
        raw = readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and _too_long(raw, binary):
            yield number, None, f"line longer than {MAX_LINE_BYTES:,} bytes"
            continue
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            yield _decode(number, raw, encoding)
            continue
        yield number, text.removeprefix("\ufeff") if strip_bom else text, None


def _gb18030_or_utf8(binary: BinaryIO) -> Iterator[tuple[int, str | None, str | None]]:
    """The lines after the first of a file detected as GB18030: each as UTF-8 when it is
    valid UTF-8 beyond ASCII, else as GB18030."""
    readline = binary.readline
    number = 1
    while True:
        raw = readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and _too_long(raw, binary):
            yield number, None, f"line longer than {MAX_LINE_BYTES:,} bytes"
            continue
        if not raw.isascii():
            try:
                yield number, raw.decode("utf-8"), None
                continue
            except UnicodeDecodeError:
                pass
        yield _decode(number, raw, "gb18030")


def _decode(number: int, raw: bytes | None, encoding: str) -> tuple[int, str | None, str | None]:
    if raw is None:
        return number, None, f"line longer than {MAX_LINE_BYTES:,} bytes"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as err:
        hint = _GB_HINT if encoding.startswith("utf") else "check the file's encoding"
        return number, None, f"not {encoding} text (byte {err.start + 1} of the row); {hint}"
    return number, text.removeprefix("\ufeff") if number == 1 else text, None


class _TooLongError(Exception):
    """A cell beyond the csv module's own field limit (131,072 characters)."""


def _parse_csv(text: str) -> list[str] | None:
    """The cells of one CSV record, or ``None`` when a quote is still open at its end."""
    if '"' not in text and "\r" not in text[:-2] and "\x00" not in text:
        # No quote, no CR or NUL inside: the csv module would split at every comma, and so
        # does this, at a fraction of the cost of a reader per line.
        return text.rstrip("\r\n").split(",")
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        cells = next(reader, [])
        if next(reader, None) is not None:
            return None  # the text holds more than one record: not a continuation
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            raise _TooLongError from None
        return None
    return cells


def _cell_problem(cells: list[str], header: tuple[str, ...]) -> str | None:
    if len(cells) > len(header):
        return f"more cells ({len(cells)}) than header columns ({len(header)})"
    if len(cells) < len(header):
        return f"fewer cells ({len(cells)}) than header columns ({len(header)})"
    if max(map(len, cells), default=0) <= MAX_CELL:
        return None  # the common case, checked without a Python-level loop
    for column, cell in zip(header, cells, strict=True):
        if len(cell) > MAX_CELL:
            return f"{column}: a cell of more than {MAX_CELL:,} characters ({len(cell):,})"
    return None


def _csv_rows(
    lines: Iterator[tuple[int, str | None, str | None]], header: tuple[str, ...]
) -> Iterator[RawRow]:
    pending: deque[tuple[int, str | None, str | None]] = deque()
    width = len(header)

    def take() -> tuple[int, str | None, str | None] | None:
        return pending.popleft() if pending else next(lines, None)

    while (line := take()) is not None:
        number, text, problem = line
        if text is None:
            yield RawRow(number, None, problem)
            continue
        if not text or text.isspace():
            continue  # a blank line is no record
        if '"' not in text and "\r" not in text[:-2] and "\x00" not in text:
            # The common row (what _parse_csv splits at every comma) of the header's width
            # with no over-long cell: taken here, without the calls of the general path.
            plain = text.rstrip("\r\n").split(",")
            if len(plain) == width and max(map(len, plain)) <= MAX_CELL:
                yield RawRow(number, dict(zip(header, plain, strict=True)))
                continue
        borrowed: list[tuple[int, str | None, str | None]] = []
        try:
            cells = _parse_csv(text)
            buffer = text
            while cells is None and len(borrowed) < MAX_CONTINUATION:
                following = take()
                if following is None:
                    break
                borrowed.append(following)
                if following[1] is None:
                    break
                buffer += following[1]
                cells = _parse_csv(buffer)
        except _TooLongError:
            pending.extendleft(reversed(borrowed))
            yield RawRow(number, None, f"a cell of more than {MAX_CELL:,} characters")
            continue
        if cells is None or (borrowed and _cell_problem(cells, header) is not None):
            # An opened quote that does not close into a row of the header's width: this
            # row is reported, and the lines it tried to swallow are rows of their own.
            pending.extendleft(reversed(borrowed))
            yield RawRow(number, None, "a quote opened in this row is never closed")
            continue
        problem = _cell_problem(cells, header)
        if problem:
            yield RawRow(number, None, problem)
        else:
            yield RawRow(number, dict(zip(header, cells, strict=True)))


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogate(text: str, data: object) -> str | None:
    """A problem when a JSON escape left a lone surrogate (``\\ud800``), which is no character
    and which no file can be written with; ``None`` otherwise."""
    if _SURROGATE_ESCAPE.search(text) is None:
        return None  # the common text: no escape of a surrogate at all
    try:
        return _surrogate_in(data)
    except RecursionError:
        return "not valid JSON (nested too deeply)"


def _surrogate_in(data: object) -> str | None:
    for text_found in _texts(data):
        try:
            text_found.encode("utf-8")
        except UnicodeEncodeError as err:
            code = ord(text_found[err.start])
            return (
                f"a \\u{code:04x} escape that is half of a surrogate pair, not a character; "
                "write the character itself or both halves of its pair"
            )
    return None


def _texts(data: object) -> Iterator[str]:
    """Every string of decoded JSON data, keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from _texts(item)


def _loads(text: str) -> Any:
    return json.loads(text, parse_float=Decimal, object_pairs_hook=unique_keys)


def _json_object(number: int, text: str) -> RawRow:
    try:
        data = _loads(text)
    except DuplicateKeyError as err:
        return RawRow(number, None, f"not valid JSON ({err})")
    except RecursionError:
        return RawRow(number, None, "not valid JSON (nested too deeply)")
    except json.JSONDecodeError as err:
        return RawRow(number, None, f"not valid JSON ({err.msg} at character {err.pos + 1})")
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        return RawRow(number, None, f"not valid JSON ({err})")
    if not isinstance(data, dict):
        return RawRow(number, None, "must be a JSON object ({...})")
    problem = _lone_surrogate(text, data)
    return RawRow(number, data) if problem is None else RawRow(number, None, problem)


def _jsonl_rows(lines: Iterator[tuple[int, str | None, str | None]]) -> Iterator[RawRow]:
    for number, text, problem in lines:
        if text is None:
            yield RawRow(number, None, problem)
        elif text.strip():
            yield _json_object(number, text)


def _json_array_rows(
    name: str, lines: Iterable[tuple[int, str | None, str | None]]
) -> Iterator[RawRow]:
    parts = []
    for number, text, problem in lines:
        if text is None:
            raise SourceError(f"{name}: line {number}: {problem}")
        parts.append(text)
    text = "".join(parts)
    try:
        data = _loads(text)
    except DuplicateKeyError as err:
        raise SourceError(f"{name}: not valid JSON ({err})") from None
    except RecursionError:
        raise SourceError(f"{name}: not valid JSON (nested too deeply)") from None
    except ValueError as err:
        raise SourceError(f"{name}: not valid JSON ({err})") from None
    if not isinstance(data, list):
        raise SourceError(f"{name}: a .json file must hold an array of objects ([{{...}}, ...])")
    check = _SURROGATE_ESCAPE.search(text) is not None
    for index, item in enumerate(data, start=1):
        problem = _lone_surrogate(text, item) if check else None
        if problem is not None:
            yield RawRow(index, None, problem)
        elif isinstance(item, dict):
            yield RawRow(index, item)
        else:
            yield RawRow(index, None, "must be a JSON object ({...})")


def _xlsx_table(name: str, binary: BinaryIO) -> tuple[tuple[str, ...], Iterator[RawRow]]:
    """The header (the first row holding a cell) and the rows of the first visible sheet.

    A column whose header cell is empty is ignored, like a column the layout does not know;
    a cell to the right of the header is a problem of its row.
    """
    rows = read_workbook(binary)
    try:
        first = next((row for row in rows if row.cells or row.problem), None)
    except WorkbookError as err:
        raise SourceError(f"{name}: not a readable .xlsx workbook ({err})") from None
    if first is None:
        raise SourceError(f"{name}: the first visible sheet is empty (it needs a header row)")
    if first.problem is not None:
        raise SourceError(f"{name}: the header row {first.number}: {first.problem[1]}")
    width = max(first.cells)
    named = {column: text.strip() for column, text in first.cells.items() if text.strip()}
    header = tuple(named.values())
    columns = tuple(named.items())

    def records() -> Iterator[RawRow]:
        try:
            for number, cells, problem in rows:
                if problem is not None:
                    column, text = problem
                    where = named.get(column, f"column {_letters(column)}" if column else "(cell)")
                    yield RawRow(number, None, f"{where}: {text}")
                    continue
                if not any(text.strip() for text in cells.values()):
                    continue
                beyond = max(cells) > width
                if beyond:
                    present = max(column for column, text in cells.items() if text.strip())
                    if present > width:
                        yield RawRow(
                            number, None, f"more cells ({present}) than header columns ({width})"
                        )
                        continue
                row = {heading: cells.get(column, "") for column, heading in columns}
                if max(map(len, row.values()), default=0) > MAX_CELL:
                    long = next(h for h, text in row.items() if len(text) > MAX_CELL)
                    yield RawRow(
                        number,
                        None,
                        f"{long}: a cell of more than {MAX_CELL:,} characters ({len(row[long]):,})",
                    )
                    continue
                yield RawRow(number, row)
        except WorkbookError as err:
            raise SourceError(f"{name}: not a readable .xlsx workbook ({err})") from None

    return header, records()


def _letters(column: int) -> str:
    """A column's letters (``1`` → ``A``, ``28`` → ``AB``)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_frame(source: object) -> bool:
    """A pandas DataFrame, recognised by its module: pandas is never imported to ask."""
    return type(source).__module__.partition(".")[0] == "pandas" and hasattr(source, "iloc")


def _frame_table(frame: Any) -> Table:
    header = tuple(str(column).strip() for column in frame.columns)
    if len(set(header)) != len(header):
        twice = sorted({cell for cell in header if header.count(cell) > 1})
        raise SourceError(f"<DataFrame>: column(s) {', '.join(map(repr, twice))} appear twice")
    missing = _missing_value()

    # each column's own values (a float32 column gives np.float32, read by its shortest repr)
    columns = [frame.iloc[:, index].to_numpy() for index in range(len(header))]

    def records() -> Iterator[RawRow]:
        for number, values in enumerate(zip(*columns, strict=True), start=1):
            cells = ["" if missing(value) else value for value in values]
            if all(cell == "" for cell in cells):
                continue
            yield RawRow(number, dict(zip(header, cells, strict=True)))

    return Table("<DataFrame>", "frame", None, header, records())


def _missing_value() -> Any:
    """pandas' test of a missing scalar (NaN, None, NA, NaT); a list cell is not missing."""
    isna = load_pandas().isna

    def missing(value: object) -> bool:
        found = isna(value)
        return found if isinstance(found, bool) else False

    return missing


def _closing(rows: Iterator[RawRow], handle: BinaryIO | None) -> Iterator[RawRow]:
    """The rows, closing the file behind them when they end (or are abandoned)."""
    try:
        yield from rows
    finally:
        if handle is not None and handle is not getattr(sys.stdin, "buffer", None):
            handle.close()


def open_table(
    source: TableSource, *, kind: Kind | None = None, encoding: str | None = None
) -> Table:
    """Open a table for reading: the header now, the rows lazily (see the module's notes).

    Raises:
        SourceError: the source cannot be opened, its type is unknown, its header is missing
            or unreadable. Problems of single rows are reported in the rows instead.
    """
    if _is_frame(source):
        return _frame_table(source)
    if isinstance(source, str | os.PathLike) and source != "-":
        try:
            folder = Path(source).is_dir()
        except (OSError, ValueError) as err:  # a name too long, or one with a NUL byte
            reason = getattr(err, "strerror", None) or err
            raise SourceError(f"{echo(str(source))}: cannot open ({reason})") from None
        if folder:
            raise SourceError(f"{source}: is a folder, not a file")
        _kind_of(str(source), kind, b"")  # an unknown file type is named before opening
    name, binary, text = _binary(source)
    try:
        return _open(name, binary, text, kind, encoding)
    except BaseException:
        if binary is not None and binary is not getattr(sys.stdin, "buffer", None):
            binary.close()
        raise


def _open(
    name: str,
    binary: BinaryIO | None,
    text: io.TextIOBase | None,
    kind: Kind | None,
    encoding: str | None,
) -> Table:
    head = b""
    if binary is not None and hasattr(binary, "peek"):
        head = binary.peek(8)[:8]
    elif binary is not None and binary.seekable():
        head = binary.read(8)
        binary.seek(0)
    found = _kind_of(name, kind, head)
    if found == "xlsx":
        if binary is None:
            raise SourceError(f"{name}: an .xlsx workbook must be read as bytes, not text")
        header, rows = _xlsx_table(name, binary)
        return Table(name, "xlsx", None, header, _closing(rows, binary), binary)
    used, lines = _text_lines(name, binary, text, encoding)
    if found == "jsonl":
        return Table(name, "jsonl", used, (), _closing(_jsonl_rows(lines), binary), binary)
    if found == "json":
        return Table(
            name, "json", used, (), _closing(_json_array_rows(name, lines), binary), binary
        )
    first = next(lines, None)
    if first is None:
        raise SourceError(f"{name}: the file is empty (it needs a header row)")
    if first[1] is None:
        raise SourceError(f"{name}: the header row cannot be read: {first[2]}")
    cells = _parse_csv(first[1])
    if cells is None or not any(cell.strip() for cell in cells):
        raise SourceError(f"{name}: the first row is not a CSV header")
    header = tuple(cell.strip() for cell in cells)
    return Table(name, "csv", used, header, _closing(_csv_rows(lines, header), binary), binary)

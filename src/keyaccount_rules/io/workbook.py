"""Excel workbooks read without trusting them (读取 Excel 工作簿): the first visible sheet's rows.

A ``.xlsx`` file is a zip archive of XML parts. This reader needs nothing beyond the standard
library and reads only what a table needs: the workbook's sheet list, the first sheet that
is not hidden, its shared strings and its cell styles (to know a date). It holds to three
promises:

- **Time and memory follow the cells present.** The sheet is parsed as a stream; rows and
  cells the file does not hold are never built (a workbook whose only cell is in row
  1,048,576 reads as fast as one of two rows).
- **A hostile archive is refused before it is parsed**: a part that unpacks to more than
  :data:`~keyaccount_rules.core.limits.XLSX_MEMBER_BYTES` or packs more than
  :data:`~keyaccount_rules.core.limits.XLSX_RATIO` times (a zip bomb); XML declaring a DTD or
  entities (billion laughs), which a workbook never does.
- **A damaged workbook is a clear error**, never a traceback: a file that is not a zip, a
  part cut short, no sheet, no visible sheet are :class:`~keyaccount_rules.io.rows.SourceError`
  naming the part; a bad cell (a formula saved without its value, a shared-string index out
  of range, a ``t="n"`` cell that is not a number, a ``t="d"`` cell that is not a date, a
  bad cell reference) is a problem of its row, naming the column and the fix.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from math import isfinite
from posixpath import join, normpath
from typing import BinaryIO, NamedTuple
from xml.parsers import expat

from keyaccount_rules.core.errors import echo
from keyaccount_rules.core.limits import (
    XLSX_FILE_BYTES,
    XLSX_MEMBER_BYTES,
    XLSX_RATIO,
    XLSX_RATIO_FROM,
)

__all__ = ["FORMULA_FIX", "WorkbookError", "WorkbookRow", "read_workbook"]

#: What a person does about a formula saved without its value.
FORMULA_FIX = (
    "open the workbook in Excel and save it (so each formula's value is saved), "
    "or export the values only"
)
_CHUNK = 1 << 16
_MAX_ROW = 1_048_576
_MAX_COLUMN = 16_384
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
#: Built-in number formats that show a date (the Office Open XML standard's, with the CJK
#: date formats 27–36 and 50–58 a Chinese Excel writes).
_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


class WorkbookError(Exception):
    """A workbook that cannot be read; ``str()`` says why (the caller adds the file's name)."""


class WorkbookRow(NamedTuple):
    """One row present in the sheet: its number, its cells by column (from 1), and the first
    problem of its cells as (column, problem), if any."""

    number: int
    cells: dict[int, str]
    problem: tuple[int, str] | None


def _archive(binary: BinaryIO) -> zipfile.ZipFile:
    if not binary.seekable():
        data = binary.read(XLSX_FILE_BYTES + 1)
        if len(data) > XLSX_FILE_BYTES:
            raise WorkbookError(f"a workbook over {XLSX_FILE_BYTES:,} bytes read from a stream")
        binary = io.BytesIO(data)
    try:
        return zipfile.ZipFile(binary)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise WorkbookError("not a zip archive, or one cut short") from None


def _checked(archive: zipfile.ZipFile, member: str) -> zipfile.ZipInfo | None:
    """The member's entry after its size checks, ``None`` when the archive lacks it."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > XLSX_MEMBER_BYTES:
        raise WorkbookError(
            f"{member} unpacks to {info.file_size:,} bytes, over the limit of {XLSX_MEMBER_BYTES:,}"
        )
    if info.file_size >= XLSX_RATIO_FROM and info.file_size > XLSX_RATIO * max(
        info.compress_size, 1
    ):
        raise WorkbookError(
            f"{member} packs {info.file_size // max(info.compress_size, 1):,} times "
            f"(over {XLSX_RATIO}): refused as a zip bomb"
        )
    return info


def _refuse_doctype(*_: object) -> None:
    raise WorkbookError("declares a DTD or entities, which a workbook never does")


def _parse(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Parse one XML part as a stream, yielding after each chunk (so rows can be passed on);
    element names reach the handlers without their namespace."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.buffer_text = True
    parser.StartElementHandler = lambda name, attributes: start(name.rpartition("}")[2], attributes)
    parser.EndElementHandler = lambda name: end(name.rpartition("}")[2])
    if text is not None:
        parser.CharacterDataHandler = text
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > XLSX_MEMBER_BYTES:  # the entry's size is checked; this bounds a lie
                    raise WorkbookError(f"{info.filename} unpacks to more than its stated size")
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
    except expat.ExpatError as err:
        problem = expat.ErrorString(err.code) if err.code else str(err)
        raise WorkbookError(
            f"{info.filename}: not well-formed XML ({problem}, line {err.lineno}, "
            f"column {err.offset + 1})"
        ) from None
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as err:
        raise WorkbookError(f"{info.filename}: cannot be unpacked ({err})") from None
    yield


def _drain(parts: Iterator[None]) -> None:
    for _ in parts:
        pass


def _attributes_of(
    archive: zipfile.ZipFile, member: str, element: str
) -> list[dict[str, str]] | None:
    """The attributes of every ``element`` of a part (``None`` when the part is missing)."""
    info = _checked(archive, member)
    if info is None:
        return None
    found: list[dict[str, str]] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == element:
            found.append(attributes)

    _drain(_parse(archive, info, start, lambda name: None))
    return found


class _Parts(NamedTuple):
    """Where a workbook keeps what a table needs."""

    sheet: str
    strings: str
    styles: str
    date1904: bool


def _resolved(folder: str, target: str) -> str:
    """A relationship's target as a member name (relative to ``folder``, or absolute)."""
    return normpath(target.lstrip("/") if target.startswith("/") else join(folder, target))


def _id_of(attributes: dict[str, str]) -> str | None:
    """A ``<sheet>``'s relationship ID (``r:id``, in the transitional or the strict namespace)."""
    return next((v for k, v in attributes.items() if k.endswith("}id")), None)


def _parts(archive: zipfile.ZipFile) -> _Parts:
    """The first visible sheet, the shared strings and the styles, found as Excel finds them:
    the package's relationships name the workbook, the workbook's name its parts."""
    roots = _attributes_of(archive, "_rels/.rels", "Relationship") or []
    main = next(
        (r["Target"] for r in roots if r.get("Type", "").endswith("/officeDocument")),
        "xl/workbook.xml",
    )
    book = _resolved("", main)
    info = _checked(archive, book)
    if info is None:
        raise WorkbookError(f"no {book}: not an Excel workbook")
    sheets: list[dict[str, str]] = []
    date1904 = [False]

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == "sheet":
            sheets.append(attributes)
        elif name == "workbookPr":
            date1904[0] = attributes.get("date1904", "0").lower() in ("1", "true")

    _drain(_parse(archive, info, start, lambda name: None))
    if not sheets:
        raise WorkbookError("the workbook holds no sheet")
    visible = [sheet for sheet in sheets if sheet.get("state", "visible") == "visible"]
    if not visible:
        raise WorkbookError("every sheet of the workbook is hidden")
    folder, _, file = book.rpartition("/")
    links = _attributes_of(archive, join(folder, "_rels", f"{file}.rels"), "Relationship") or []
    relation = _id_of(visible[0])
    target = next((link.get("Target") for link in links if link.get("Id") == relation), None)
    if not target:
        shown = echo(visible[0].get("name", ""))
        raise WorkbookError(f"the sheet {shown} has no part in the archive")

    def linked(kind: str, default: str) -> str:
        found = next((r.get("Target") for r in links if r.get("Type", "").endswith(kind)), None)
        return _resolved(folder, found or default)

    return _Parts(
        _resolved(folder, target),
        linked("/sharedStrings", "sharedStrings.xml"),
        linked("/styles", "styles.xml"),
        date1904[0],
    )


def _shared_strings(archive: zipfile.ZipFile, member: str) -> list[str]:
    info = _checked(archive, member)
    if info is None:
        return []
    strings: list[str] = []
    parts: list[str] = []
    state = {"t": False, "phonetic": 0}

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == "si":
            parts.clear()
        elif name == "t":
            state["t"] = True
        elif name == "rPh":  # the phonetic guide of a name is not its text
            state["phonetic"] += 1

    def end(name: str) -> None:
        if name == "si":
            strings.append("".join(parts))
        elif name == "t":
            state["t"] = False
        elif name == "rPh":
            state["phonetic"] -= 1

    def text(data: str) -> None:
        if state["t"] and not state["phonetic"]:
            parts.append(data)

    _drain(_parse(archive, info, start, end, text))
    return strings


def _is_date_code(code: str) -> bool:
    bare = _QUOTED.sub("", code).lower()
    return bare != "general" and any(letter in bare for letter in "ymdhs")


def _date_styles(archive: zipfile.ZipFile, member: str) -> frozenset[int]:
    """The indices of the cell styles that show a date."""
    info = _checked(archive, member)
    if info is None:
        return frozenset()
    custom: dict[int, bool] = {}
    formats: list[int] = []
    inside = {"cellXfs": False}

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == "numFmt" and attributes.get("numFmtId", "").isdigit():
            custom[int(attributes["numFmtId"])] = _is_date_code(attributes.get("formatCode", ""))
        elif name == "cellXfs":
            inside["cellXfs"] = True
        elif name == "xf" and inside["cellXfs"]:
            number = attributes.get("numFmtId", "0")
            formats.append(int(number) if number.isdigit() else 0)

    def end(name: str) -> None:
        if name == "cellXfs":
            inside["cellXfs"] = False

    _drain(_parse(archive, info, start, end))
    return frozenset(
        index for index, number in enumerate(formats) if custom.get(number, number in _DATE_FORMATS)
    )


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _excel_date(serial: float, date1904: bool) -> str:
    """A date cell as ISO 8601 date and time (``2025-03-01T00:00:00``), what the readers of
    dates and months take."""
    if date1904:
        moment = datetime(1904, 1, 1) + timedelta(days=serial)
    elif serial < 60:  # before Excel's fictitious 29 February 1900
        moment = datetime(1899, 12, 31) + timedelta(days=serial)
    else:
        moment = datetime(1899, 12, 30) + timedelta(days=serial)
    moment = moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
    return moment.isoformat()


def _number(value: str) -> str:
    """A number cell as the text a person saw (``25000``, ``2500.5``); ``ValueError`` when
    it is not a finite number."""
    number = float(value)
    if not isfinite(number):
        raise ValueError(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _iso_date(value: str) -> str:
    text = value.strip()
    try:
        return datetime.fromisoformat(text.removesuffix("Z")).replace(tzinfo=None).isoformat()
    except ValueError:
        day = date.fromisoformat(text)
        return datetime(day.year, day.month, day.day).isoformat()


class _Sheet:
    """The state of one sheet's stream: the row being read and the rows read."""

    def __init__(self, strings: list[str], dates: frozenset[int], date1904: bool) -> None:
        self.strings, self.dates, self.date1904 = strings, dates, date1904
        self.done: list[WorkbookRow] = []
        self.row_number = 0
        self.cells: dict[int, str] = {}
        self.problem: tuple[int, str] | None = None
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.value: list[str] = []
        self.formula: list[str] | None = None
        self.has_value = False
        self.target: list[str] | None = None  # where character data goes
        self.phonetic = 0
        self.bad_reference: str | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "c":
            self.start_cell(attributes)
        elif name == "v":
            self.has_value = True
            self.target = self.value
        elif name == "f":
            self.formula = []
            self.target = self.formula
        elif name == "t" and not self.phonetic:
            self.has_value = True
            self.target = self.value
        elif name == "rPh":
            self.phonetic += 1
        elif name == "row":
            reference = attributes.get("r")
            number = int(reference) if reference and reference.isdigit() else self.row_number + 1
            self.row_number = min(max(number, self.row_number + 1), _MAX_ROW + 1)
            self.cells, self.problem, self.column = {}, None, 0

    def start_cell(self, attributes: dict[str, str]) -> None:
        reference = attributes.get("r")
        self.bad_reference = None
        if reference is None:
            self.column += 1
        else:
            match = _REFERENCE.fullmatch(reference)
            column = _column(match.group(1)) if match else 0
            if match is None or not 0 < column <= _MAX_COLUMN:
                self.bad_reference = reference
            else:
                self.column = column
        self.kind = attributes.get("t", "n")
        style = attributes.get("s", "0")
        self.style = int(style) if style.isdigit() else 0
        self.value, self.formula, self.has_value, self.target = [], None, False, None

    def end(self, name: str) -> None:
        if name in ("v", "f", "t"):
            self.target = None
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            self.end_cell()
        elif name == "row":
            self.done.append(WorkbookRow(self.row_number, self.cells, self.problem))

    def text(self, data: str) -> None:
        if self.target is not None:
            self.target.append(data)

    def end_cell(self) -> None:
        if self.bad_reference is not None:
            self.fail(0, f"the cell reference {echo(self.bad_reference)} is not a cell")
            return
        raw = "".join(self.value)
        if self.formula is not None and not (self.has_value and raw):
            shown = echo("=" + "".join(self.formula))
            self.fail(self.column, f"a formula saved without its value ({shown}); {FORMULA_FIX}")
            return
        try:
            value = self.cell_text(raw)
        except ValueError as err:
            self.fail(self.column, str(err))
            return
        if value:
            self.cells[self.column] = value

    def cell_text(self, raw: str) -> str:
        kind = self.kind
        if not self.has_value or (not raw and kind != "inlineStr"):
            return ""
        if kind == "s":
            index = int(raw) if raw.strip().isdigit() else -1
            if not 0 <= index < len(self.strings):
                raise ValueError(
                    f"the shared string {echo(raw)} does not exist "
                    f"(the workbook holds {len(self.strings):,})"
                )
            return self.strings[index]
        if kind in ("str", "inlineStr"):
            return raw
        if kind == "b":
            if raw.strip() not in ("0", "1"):
                raise ValueError(f"not a true/false value (got {echo(raw)})")
            return "true" if raw.strip() == "1" else "false"
        if kind == "e":
            raise ValueError(f"the cell holds the error {echo(raw)}; correct it in the workbook")
        if kind == "d":
            try:
                return _iso_date(raw)
            except ValueError:
                raise ValueError(f"not a date (got {echo(raw)})") from None
        try:
            number = _number(raw)
        except (ValueError, OverflowError):
            raise ValueError(f"not a number (got {echo(raw)})") from None
        if self.style not in self.dates:
            return number
        try:
            return _excel_date(float(number), self.date1904)
        except (ValueError, OverflowError):  # before year 1 or after 9999
            raise ValueError(f"a date cell whose number {echo(raw)} is no date") from None

    def fail(self, column: int, problem: str) -> None:
        if self.problem is None:
            self.problem = (column, problem)


def read_workbook(binary: BinaryIO) -> Iterator[WorkbookRow]:
    """The rows present in the first visible sheet, in order, as they are parsed.

    Raises:
        WorkbookError: the workbook cannot be read (the reason, without the file's name), before
            the first row or, for a part cut short, where the damage is found.
    """
    archive = _archive(binary)
    try:
        parts = _parts(archive)
        info = _checked(archive, parts.sheet)
        if info is None:
            raise WorkbookError(f"the sheet's part {echo(parts.sheet)} is missing from the archive")
        strings = _shared_strings(archive, parts.strings)
        sheet = _Sheet(strings, _date_styles(archive, parts.styles), parts.date1904)
        for _ in _parse(archive, info, sheet.start, sheet.end, sheet.text):
            if sheet.done:
                yield from sheet.done
                sheet.done.clear()
    finally:
        archive.close()

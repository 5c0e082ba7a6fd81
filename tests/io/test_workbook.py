"""Excel workbooks that lie or attack: each is built here, small by construction."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io import workbook
from keyaccount_rules.io.portfolio import read_rows
from keyaccount_rules.io.rows import SourceError, open_table
from keyaccount_rules.io.workbook import FORMULA_FIX, read_workbook
from tests.conftest import exactly

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>scope</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>last_year_express</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>current_month_express</t></is></c></row>'
)


def row(number: int, name: str, last_year: str = "<v>20000</v>", cells: str = "") -> str:
    return (
        f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{name}</t></is></c>'
        f'<c r="B{number}" t="inlineStr"><is><t>regional</t></is></c>'
        f'<c r="C{number}">{last_year}</c><c r="D{number}"><v>2000</v></c>{cells}</row>'
    )


def sheet(*rows: str, header: str = HEADER_ROW) -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{header}{"".join(rows)}</sheetData></worksheet>'


def book(
    *sheets: str,
    states: tuple[str, ...] = (),
    strings: str | None = None,
    styles: str | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A workbook of the given sheets' XML (``states``: each sheet's state, else visible)."""
    entries = "".join(
        f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"'
        + (f' state="{states[i - 1]}"' if len(states) >= i else "")
        + "/>"
        for i in range(1, len(sheets) + 1)
    )
    links = "".join(
        f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" Type="x"/>'
        for i in range(1, len(sheets) + 1)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>',
        )
        archive.writestr("xl/_rels/workbook.xml.rels", f"<Relationships>{links}</Relationships>")
        for i, text in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", text)
        if strings is not None:
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{strings}</sst>')
        if styles is not None:
            archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
        for member, data in (extra or {}).items():
            archive.writestr(member, data)
    return out.getvalue()


def problems(data: bytes) -> dict[int, str]:
    errors: list[kr.RowError] = []
    list(kr.read_portfolio(data, on_error="skip", report=errors.append))
    return {error.row: f"{error.field}: {error.problem}" for error in errors}


def refusal(data: bytes) -> str:
    with pytest.raises(kr.PortfolioError) as caught:
        list(kr.read_portfolio(data))
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


# ---------------------------------------------------------------- values that lie


def test_a_formula_saved_without_its_value_is_a_row_problem_with_the_fix() -> None:
    data = book(sheet(row(2, "甲", "<f>1000000*3</f>"), row(3, "乙")))
    assert problems(data) == {
        2: f"(row): last_year_express: a formula saved without its value ('=1000000*3'); "
        f"{FORMULA_FIX}"
    }
    with pytest.raises(kr.RowError, match="formula saved without its value"):
        list(kr.read_portfolio(data))


def test_a_formula_saved_with_its_value_reads_the_value() -> None:
    data = book(sheet(row(2, "甲", "<f>1000000*3</f><v>3000000</v>")))
    (customer,) = kr.read_portfolio(data)
    assert customer.last_year_revenue["express"] == Decimal("3000000")


def test_a_formula_with_an_empty_saved_value_is_refused_too() -> None:
    data = book(sheet(row(2, "甲", "<f>A1</f><v></v>")))
    assert list(problems(data)) == [2]


def test_the_first_visible_sheet_is_read_not_a_hidden_one() -> None:
    hidden = sheet(row(2, "hidden"))
    data = book(hidden, hidden, sheet(row(2, "shown")), states=("hidden", "veryHidden"))
    assert [c.name for c in kr.read_portfolio(data)] == ["shown"]


def test_shared_strings_and_their_phonetic_guides() -> None:
    strings = (
        "<si><t>name</t></si><si><r><t>汕头</t></r><r><t>公司</t></r><rPh><t>shantou</t></rPh></si>"
    )
    header = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    data = book(
        sheet('<row r="2"><c r="A2" t="s"><v>1</v></c></row>', header=header), strings=strings
    )
    table = open_table(data)
    assert [r.cells for r in table.rows] == [{"name": "汕头公司"}]


def test_a_date_cell_reads_as_its_date() -> None:
    styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>day</t></is></c></row>'
    data = book(
        sheet('<row r="2"><c r="A2" s="1"><v>45717</v></c></row>', header=header), styles=styles
    )
    assert [r.cells for r in open_table(data).rows] == [{"day": "2025-03-01T00:00:00"}]


# ---------------------------------------------------------------- denial of service


def test_a_last_cell_in_the_last_row_builds_no_missing_row() -> None:
    far = row(1_048_576, "far")
    data = book(sheet(row(2, "near"), far))
    assert len(data) < 6_000
    present = list(read_workbook(io.BytesIO(data)))
    assert [r.number for r in present] == [1, 2, 1_048_576]  # only the rows the file holds
    assert [c.row for c in read_rows(data)] == [2, 1_048_576]


def test_a_wide_header_builds_no_missing_cell() -> None:
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
    header += '<c r="XFD1" t="inlineStr"><is><t>far</t></is></c></row>'
    data = book(
        sheet('<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>', header=header)
    )
    assert [len(r.cells) for r in read_workbook(io.BytesIO(data))] == [2, 1]
    assert [r.cells for r in open_table(data).rows] == [{"name": "x", "far": ""}]


def test_a_zip_bomb_is_refused_before_it_is_parsed() -> None:
    bomb = sheet() + " " * (2 << 20)  # 2 MiB packed into a few KB
    message = refusal(book(bomb))
    ratio = len(bomb.encode()) // len(_packed(bomb.encode()))
    assert ratio > 100
    assert message == (
        "<bytes>: not a readable .xlsx workbook (xl/worksheets/sheet1.xml packs "
        f"{ratio:,} times (over 100): refused as a zip bomb)"
    )


def _packed(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x", data)
    with zipfile.ZipFile(out) as archive:
        return b"x" * archive.getinfo("x").compress_size


def test_a_part_over_the_size_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "XLSX_MEMBER_BYTES", 100)
    data = book(sheet(row(2, "甲")))
    assert refusal(data) == (
        "<bytes>: not a readable .xlsx workbook (xl/workbook.xml unpacks to "
        f"{zipfile.ZipFile(io.BytesIO(data)).getinfo('xl/workbook.xml').file_size:,} bytes, "
        "over the limit of 100)"
    )


def test_a_stream_over_the_file_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "XLSX_FILE_BYTES", 100)

    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

    with pytest.raises(
        SourceError,
        match=exactly(
            "<stream>: not a readable .xlsx workbook (a workbook over 100 bytes read from a stream)"
        ),
    ):
        open_table(Pipe(book(sheet())), kind="xlsx")


# ---------------------------------------------------------------- damaged workbooks


def _without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return out.getvalue()


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t>'
    "</is></c></row></sheetData></worksheet>"
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 not really", "not a zip archive, or one cut short"),
        (book(sheet(row(2, "甲")))[:-40], "not a zip archive, or one cut short"),
        (book(LAUGHS), "declares a DTD or entities, which a workbook never does"),
        (
            book(sheet().replace("<sheetData>", "<sheetData>&nope;")),
            "xl/worksheets/sheet1.xml: not well-formed XML (undefined entity, line 1, column 89)",
        ),
        (
            book(sheet(row(2, "甲"))[:200]),
            "xl/worksheets/sheet1.xml: not well-formed XML (unclosed token, line 1, column 197)",
        ),
        (book(), "the workbook holds no sheet"),
        (book(sheet(), states=("hidden",)), "every sheet of the workbook is hidden"),
        (
            _without_workbook(),
            "no xl/workbook.xml: not an Excel workbook",
        ),
    ],
    ids=[
        "not-zip",
        "cut-zip",
        "billion-laughs",
        "undefined-entity",
        "truncated-xml",
        "no-sheet",
        "all-hidden",
        "no-workbook-part",
    ],
)
def test_a_damaged_workbook_is_a_clear_error(data: bytes, reason: str) -> None:
    assert refusal(data) == f"<bytes>: not a readable .xlsx workbook ({reason})"


def test_a_sheet_cut_short_after_its_first_rows_is_an_error_where_it_is_found() -> None:
    text = sheet(*(row(n, f"客户{n}") for n in range(2, 4000)))
    data = book(text[: len(text) - 100])
    read: list[int] = []

    def consume() -> None:
        for customer in read_rows(data):
            read.append(customer.row)

    with pytest.raises(kr.PortfolioError, match="not well-formed XML"):
        consume()
    assert read[:2] == [2, 3]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        (
            '<c r="E{n}" t="s"><v>7</v></c>',
            "column E: the shared string '7' does not exist (the workbook holds 0)",
        ),
        ('<c r="C{n}" t="n"><v>lots</v></c>', "last_year_express: not a number (got 'lots')"),
        ('<c r="C{n}"><v>inf</v></c>', "last_year_express: not a number (got 'inf')"),
        (
            '<c r="C{n}" t="d"><v>yesterday</v></c>',
            "last_year_express: not a date (got 'yesterday')",
        ),
        ('<c r="C{n}" t="b"><v>2</v></c>', "last_year_express: not a true/false value (got '2')"),
        (
            '<c r="C{n}" t="e"><v>#DIV/0!</v></c>',
            "last_year_express: the cell holds the error '#DIV/0!'; correct it in the workbook",
        ),
        ('<c r="1A" t="n"><v>1</v></c>', "(cell): the cell reference '1A' is not a cell"),
        ('<c r="XFE{n}" t="n"><v>1</v></c>', "(cell): the cell reference 'XFE2' is not a cell"),
    ],
    ids=[
        "shared-string-range",
        "bad-n",
        "infinite-n",
        "bad-d",
        "bad-b",
        "error",
        "bad-ref",
        "ref-beyond-XFD",
    ],
)
def test_a_bad_cell_is_a_problem_of_its_row(cell: str, problem: str) -> None:
    bad = f'<row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c>{cell.format(n=2)}</row>'
    data = book(sheet(bad, row(3, "乙")))
    assert problems(data) == {2: f"(row): {problem}"}


def test_a_date_cell_out_of_the_calendar_is_a_problem_of_its_row() -> None:
    styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>day</t></is></c></row>'
    cells = (
        '<row r="2"><c r="A2" s="1"><v>1e10</v></c></row>'
        '<row r="3"><c r="A3" s="1"><v>-1e6</v></c></row>'
    )
    rows = list(open_table(book(sheet(cells, header=header), styles=styles)).rows)
    assert [r.problem for r in rows] == [
        "day: a date cell whose number '1e10' is no date",
        "day: a date cell whose number '-1e6' is no date",
    ]


def test_a_t_d_cell_holding_an_iso_date_reads() -> None:
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>day</t></is></c></row>'
    data = book(sheet('<row r="2"><c r="A2" t="d"><v>2025-03-01</v></c></row>', header=header))
    assert [r.cells for r in open_table(data).rows] == [{"day": "2025-03-01T00:00:00"}]


def test_empty_header_cells_are_ignored_like_unknown_columns() -> None:
    header = HEADER_ROW.replace("</row>", '<c r="F1" t="inlineStr"><is><t> </t></is></c></row>')
    data = book(
        sheet(row(2, "甲", cells='<c r="E2"><v>1</v></c><c r="F2"><v>2</v></c>'), header=header)
    )
    assert [c.name for c in kr.read_portfolio(data)] == ["甲"]


def test_two_empty_csv_header_cells_are_ignored_like_unknown_columns() -> None:
    text = "name,scope,,last_year_express,current_month_express,\n甲,regional,x,20000,2000,y\n"
    assert [c.name for c in kr.read_portfolio(text.encode())] == ["甲"]


def test_a_cell_right_of_the_header_is_a_problem_of_its_row() -> None:
    data = book(sheet(row(2, "甲", cells='<c r="G2"><v>1</v></c>')))
    assert problems(data) == {2: "(row): more cells (7) than header columns (4)"}


def test_a_workbook_written_by_openpyxl_reads_the_same() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    made = openpyxl.Workbook()
    made.active.append(["客户名称", "范围", "上年特快收入", "本月特快收入"])
    made.active.append(["甲", "区域", 30000, "=1+2"])
    made.active.append(["乙", "区域", 30000.5, 3000])
    out = io.BytesIO()
    made.save(out)
    assert problems(out.getvalue()) == {
        2: f"(row): 本月特快收入: a formula saved without its value ('=1+2'); {FORMULA_FIX}"
    }


def test_the_parts_are_found_through_the_relationships_as_excel_finds_them() -> None:
    strict = "http://purl.oclc.org/ooxml/officeDocument/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "_rels/.rels",
            '<Relationships><Relationship Id="r" Target="/book/main.xml" '
            'Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"/>'
            "</Relationships>",
        )
        archive.writestr(
            "book/main.xml",
            f'<workbook xmlns:r="{strict}"><sheets><sheet name="A" r:id="s"/></sheets></workbook>',
        )
        archive.writestr(
            "book/_rels/main.xml.rels",
            '<Relationships><Relationship Id="s" Target="data/one.xml" Type="x/worksheet"/>'
            '<Relationship Id="t" Target="text.xml" Type="x/sharedStrings"/></Relationships>',
        )
        archive.writestr("book/text.xml", "<sst><si><t>name</t></si><si><t>甲</t></si></sst>")
        archive.writestr(
            "book/data/one.xml",
            '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>',
        )
    assert [r.cells for r in open_table(out.getvalue()).rows] == [{"name": "甲"}]

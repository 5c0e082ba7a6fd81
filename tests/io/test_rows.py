"""Reading hostile tables: no row lost silently, no row taking its neighbours with it."""

from __future__ import annotations

import io
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io import rows as rows_module
from keyaccount_rules.io.rows import RawRow, SourceError, open_table
from tests.conftest import exactly

HEADER = "name,scope,last_year_express,current_month_express\n"


def _rows(source: object, **options: object) -> list[RawRow]:
    return list(open_table(source, **options).rows)  # type: ignore[arg-type]


def _good(rows: list[RawRow]) -> list[int]:
    return [row.number for row in rows if row.problem is None]


def _bad(rows: list[RawRow]) -> dict[int, str]:
    return {row.number: row.problem for row in rows if row.problem is not None}


def test_an_unclosed_quote_is_reported_on_its_row_and_swallows_no_other_row() -> None:
    lines = [f"c{i},regional,{i},{i}\n" for i in range(2, 12)]
    lines[3] = '"c5 unclosed,regional,5,5\n'  # row 5
    rows = _rows((HEADER + "".join(lines)).encode())
    assert _good(rows) == [2, 3, 4, 6, 7, 8, 9, 10, 11]
    assert "never closed" in _bad(rows)[5]


def test_a_quote_that_never_closes_at_the_end_of_the_file_is_one_error_on_its_row() -> None:
    text = HEADER + "a,regional,1,1\n" + '"b,regional,2,2\nc,regional,3,3\nd,regional,4,4\n'
    rows = _rows(text.encode())
    assert _good(rows) == [2, 4, 5]
    assert list(_bad(rows)) == [3]


def test_a_quoted_cell_may_span_lines_when_it_closes_into_a_whole_row() -> None:
    rows = _rows((HEADER + '"two\nlines",regional,1,1\nnext,regional,2,2\n').encode())
    assert [row.cells["name"] for row in rows if row.cells] == ["two\nlines", "next"]
    assert _good(rows) == [2, 4]


def test_a_gb18030_file_with_chinese_headers_is_read_without_being_told() -> None:
    text = "客户名称,范围,上年特快收入,本月特快收入\n汕头市某公司,区域,25000,2500\n"
    table = open_table(text.encode("gb18030"))
    assert table.encoding == "gb18030"
    assert table.header[0] == "客户名称"
    first = next(row.cells for row in table.rows)
    assert first is not None
    assert first["客户名称"] == "汕头市某公司"


def test_a_gbk_row_in_a_utf8_file_is_reported_with_the_encoding_hint_and_the_rest_read() -> None:
    body = b"".join(f"c{i},regional,1,1\n".encode() for i in range(2, 6))
    bad = "汕头,regional,1,1\n".encode("gbk")
    rows = _rows(HEADER.encode() + body + bad + b"after,regional,1,1\n")
    assert _good(rows) == [2, 3, 4, 5, 7]
    assert "--encoding gb18030" in _bad(rows)[6]


def test_a_utf8_bom_is_not_part_of_the_first_header() -> None:
    table = open_table(b"\xef\xbb\xbf" + HEADER.encode())
    assert table.header[0] == "name"


def test_a_huge_cell_is_a_problem_of_its_row_only() -> None:
    huge = "x" * 200_000
    rows = _rows((HEADER + f"{huge},regional,1,1\nok,regional,1,1\n").encode())
    assert _good(rows) == [3]
    assert "more than 10,000 characters" in _bad(rows)[2]


def test_a_line_longer_than_the_limit_is_skipped_in_bounded_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rows_module, "MAX_LINE_BYTES", 64)
    rows = _rows((HEADER + "y" * 1000 + ",regional,1,1\nok,regional,1,1\n").encode())
    assert _good(rows) == [3]
    assert "longer than" in _bad(rows)[2]


def test_too_many_or_too_few_cells_are_row_problems() -> None:
    rows = _rows((HEADER + "a,regional,1\nb,regional,1,1,9\nc,regional,1,1\n").encode())
    assert _good(rows) == [4]
    assert "fewer cells" in _bad(rows)[2]
    assert "more cells" in _bad(rows)[3]


def test_jsonl_with_a_huge_number_or_deep_nesting_reports_those_lines_only() -> None:
    lines = [
        json.dumps({"name": "a"}),
        '{"name": "b", "last_year_revenue": {"express": ' + "9" * 5000 + "}}",
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"name": "c"}),
        "[1, 2]",
    ]
    rows = _rows("\n".join(lines).encode(), kind="jsonl")
    assert _good(rows) == [1, 4]
    assert set(_bad(rows)) == {2, 3, 5}


def test_jsonl_numbers_are_read_exactly() -> None:
    rows = _rows(b'{"amount": 0.1}\n', kind="jsonl")
    assert str(rows[0].cells["amount"]) == "0.1"  # type: ignore[index]


def test_a_json_file_holding_an_array_is_read_item_by_item(tmp_path: Path) -> None:
    path = tmp_path / "customers.json"
    path.write_text(json.dumps([{"name": "a"}, 3, {"name": "b"}]), encoding="utf-8")
    rows = _rows(path)
    assert _good(rows) == [1, 3]
    assert list(_bad(rows)) == [2]


def test_text_and_binary_streams_and_standard_input_are_sources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = HEADER + "a,regional,1,1\n"
    assert _good(_rows(io.StringIO(text))) == [2]
    assert _good(_rows(io.BytesIO(text.encode()))) == [2]

    class Stdin:
        buffer = io.BufferedReader(io.BytesIO(text.encode()))  # type: ignore[arg-type]

    monkeypatch.setattr(rows_module.sys, "stdin", Stdin)
    assert _good(_rows("-")) == [2]


def test_an_xlsx_workbook_is_read_with_spreadsheet_row_numbers(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "范围", "上年特快收入", "本月特快收入"])
    sheet.append(["汕头市某公司", "区域", 25000, 2500.5])
    sheet.append([None, None, None, None])
    sheet.append(["另一公司", "综合", 1, 1])
    path = tmp_path / "customers.xlsx"
    book.save(path)
    rows = _rows(path)
    assert _good(rows) == [2, 4]
    assert rows[0].cells == {
        "客户名称": "汕头市某公司",
        "范围": "区域",
        "上年特快收入": "25000",
        "本月特快收入": "2500.5",
    }


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"", "empty"),
        (3.5, "must be a file path"),
    ],
)
def test_an_unreadable_source_is_a_source_error(source: object, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        open_table(source)


def test_a_folder_an_unknown_suffix_and_a_missing_file_are_source_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a folder"):
        open_table(tmp_path)
    with pytest.raises(SourceError, match="unknown file type"):
        open_table(tmp_path / "customers.txt")
    with pytest.raises(SourceError, match="cannot open"):
        open_table(tmp_path / "missing.csv")


def test_ten_thousand_rows_with_five_percent_malformed_are_all_accounted_for() -> None:
    rng = random.Random(10)
    lines, expected_bad = [], set()
    for number in range(2, 10_002):
        kind = rng.random()
        if kind < 0.01:
            lines.append(b'"open quote,regional,1,1\n')
        elif kind < 0.02:
            lines.append("汕头,regional,1,1\n".encode("gbk"))
        elif kind < 0.03:
            lines.append(("z" * 20_000 + ",regional,1,1\n").encode())
        elif kind < 0.04:
            lines.append(b"too,few\n")
        elif kind < 0.05:
            lines.append(b"too,many,1,1,1\n")
        else:
            lines.append(f"c{number},regional,1,1\n".encode())
            continue
        expected_bad.add(number)
    rows = _rows(HEADER.encode() + b"".join(lines))
    assert len(rows) == 10_000
    assert set(_bad(rows)) == expected_bad
    assert len(_good(rows)) + len(_bad(rows)) == 10_000


def test_a_file_name_too_long_for_the_system_is_a_source_error_with_a_short_message() -> None:
    # found by the fuzz test: Path.is_dir() raised a raw OSError echoing 5,000 characters
    with pytest.raises(SourceError, match="File name too long") as caught:
        open_table("1" * 5000 + ".csv")
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    ("length", "good"),
    [pytest.param(10_000, True, id="on-the-limit"), pytest.param(10_001, False, id="one-over")],
)
def test_a_cell_of_exactly_max_cell_characters_is_read_and_one_more_is_a_problem(
    length: int, good: bool
) -> None:
    rows = _rows((HEADER + f"{'x' * length},regional,1,1\nok,regional,1,1\n").encode())
    assert _good(rows) == ([2, 3] if good else [3])


@pytest.mark.parametrize(
    ("extra", "good"),
    [pytest.param(0, True, id="line-on-the-limit"), pytest.param(1, False, id="one-byte-over")],
)
def test_a_line_of_exactly_max_line_bytes_is_read_and_one_byte_more_is_a_problem(
    monkeypatch: pytest.MonkeyPatch, extra: int, good: bool
) -> None:
    monkeypatch.setattr(rows_module, "MAX_LINE_BYTES", 64)
    tail = ",regional,1,1\n"  # the newline counts beyond the limit, as it always did
    line = "y" * (65 - len(tail) + extra) + tail
    rows = _rows((HEADER + line + "ok,regional,1,1\n").encode())
    assert _good(rows) == ([2, 3] if good else [3])


def test_a_bom_file_reads_every_line_as_utf8_sig_did_bad_bytes_and_all() -> None:
    data = b"\xef\xbb\xbf" + HEADER.encode() + b"a,regional,1,1\n\xef\xbb\xbfb,regional,1,1\n"
    bad = "汕头,regional,1,1\n".encode("gbk")
    rows = _rows(data + bad)
    assert [row.cells["name"] for row in rows if row.cells] == ["a", "b"]  # per-line BOM gone
    assert _bad(rows)[4].startswith("not utf-8-sig text (byte 1 of the row)")


SURROGATE_PROBLEM = (
    "a \\ud800 escape that is half of a surrogate pair, not a character; "
    "write the character itself or both halves of its pair"
)


def test_a_json_escape_leaving_a_lone_surrogate_is_a_row_problem_and_a_pair_reads() -> None:
    text = '{"name": "a\\ud800"}\n{"name": "\\ud83d\\ude00"}\n{"name": "\\ud800\\ud800"}\n'
    rows = _rows(text.encode(), kind="jsonl")
    assert _bad(rows) == {1: SURROGATE_PROBLEM, 3: SURROGATE_PROBLEM}
    assert rows[1].cells == {"name": "😀"}
    array = _rows(b'[{"name": "\\ud800"}, {"name": "ok"}]', kind="json")
    assert (_bad(array), _good(array)) == ({1: SURROGATE_PROBLEM}, [2])


def test_a_key_given_twice_in_a_json_object_is_refused_not_the_last_kept() -> None:
    rows = _rows(b'{"name": "a", "name": "b"}\n{"name": "c"}\n', kind="jsonl")
    assert _bad(rows) == {1: "not valid JSON (the key 'name' is given twice in one object)"}
    with pytest.raises(
        SourceError,
        match=exactly("<bytes>: not valid JSON (the key 'a' is given twice in one object)"),
    ):
        _rows(b'[{"a": 1, "b": {"a": 2}, "a": 3}]', kind="json")
    nested = _rows(b'{"a": {"x": 1, "x": 2}}\n', kind="jsonl")
    assert _bad(nested) == {1: "not valid JSON (the key 'x' is given twice in one object)"}


def test_a_valid_utf8_row_of_a_file_detected_as_gb18030_is_read_as_utf8() -> None:
    header = "客户名称,范围\n".encode("gb18030")
    utf8_row = "汕头公司,区域\n".encode()
    gb_row = "梅州公司,区域\n".encode("gb18030")
    table = open_table(header + utf8_row + gb_row + b"ascii,regional\n")
    assert table.encoding == "gb18030"
    assert [row.cells for row in table.rows] == [
        {"客户名称": "汕头公司", "范围": "区域"},
        {"客户名称": "梅州公司", "范围": "区域"},
        {"客户名称": "ascii", "范围": "regional"},
    ]


def test_a_file_given_as_gb18030_is_read_as_gb18030_only() -> None:
    data = "客户名称\n".encode("gb18030") + "汕头\n".encode()
    (row,) = _rows(data, encoding="gb18030")
    assert row.cells == {"客户名称": "汕头".encode().decode("gb18030")}


def test_a_pandas_dataframe_is_read_as_a_portfolio() -> None:
    """read_portfolio(df): a notebook's table, with Chinese headers and values as a file has."""
    pandas = pytest.importorskip("pandas")
    numpy = pytest.importorskip("numpy")
    frame = pandas.DataFrame(
        {
            "客户名称": ["甲", "乙"],
            "范围": ["区域", None],
            "上年特快收入": [30000.0, numpy.nan],
            "本月特快收入": numpy.array([0.1, 100], dtype="float32"),
            "备注": ["kept", None],
        }
    )
    rows = list(kr.read_rows(frame))
    assert [row.row for row in rows] == [1, 2]
    first, second = (row.customer for row in rows)
    assert (first.scope, first.last_year_revenue[kr.BusinessLine.EXPRESS]) == (
        kr.Scope.REGIONAL,
        Decimal("30000.00"),
    )
    assert first.current_month_revenue[kr.BusinessLine.EXPRESS] == Decimal("0.10")  # float32
    assert (second.scope, dict(second.last_year_revenue)) == (kr.Scope.COMPREHENSIVE, {})
    assert dict(rows[0].extra) == {"备注": "kept"}


def test_a_bad_dataframe_row_is_named_by_its_position() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {"name": ["甲"], "last_year_express": ["3亿"], "current_month_express": [1]}
    )
    with pytest.raises(
        kr.RowError, match=r"^<DataFrame>, row 1: last_year_express: has a unit word"
    ):
        list(kr.read_portfolio(frame))

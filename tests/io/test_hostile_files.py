"""Real files in: no row lost, every bad row named at its own number."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules.io import cli
from keyaccount_rules.io.cli.output import Counter
from keyaccount_rules.io.headers import HEADER_ALIASES, canonical_column
from keyaccount_rules.io.portfolio import CSV_COLUMNS, read_rows, sample_path
from keyaccount_rules.records.customer import Customer
from tests.conftest import PROJECT

FACTS = ["--bureau-revenue", "300000000", "--as-of", "2026-11-23"]
HEADER = "name,scope,last_year_express,current_month_express\n"


def good_row(index: int) -> str:
    return f"客户{index},regional,{20000 + index},{2000 + index % 7}\n"


def read(source: object, **options: object) -> tuple[list[int], dict[int, str]]:
    """(row numbers read, {row number: problem} reported) with bad rows skipped."""
    errors: list[kr.RowError] = []
    rows = [r.row for r in read_rows(source, on_error="skip", report=errors.append, **options)]
    return rows, {e.row: e.problem for e in errors}


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ---------------------------------------------------------------- 1. unclosed quotes


def test_an_unclosed_quote_loses_no_following_customer(tmp_path: Path) -> None:
    lines = [good_row(i) for i in range(2, 12)]
    lines[3] = '"客户5 unclosed,regional,1,1\n'  # row 5
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    rows, problems = read(path)
    assert rows == [2, 3, 4, *range(6, 12)]
    assert list(problems) == [5]
    assert "quote" in problems[5]


def test_a_quote_that_never_closes_is_reported_at_its_own_row(tmp_path: Path) -> None:
    text = HEADER + good_row(2) + '客户3,"regional,1,1\n' + good_row(4) + good_row(5)
    rows, problems = read(text.encode())
    assert (rows, list(problems)) == ([2, 4, 5], [3])


def test_a_quoted_cell_over_two_lines_is_still_one_row() -> None:
    text = HEADER + '"two\nlines",regional,1,1\n' + good_row(4)
    customers = list(kr.read_portfolio(text.encode()))
    assert [c.name for c in customers] == ["two\nlines", "客户4"]


# ---------------------------------------------------------------- 2. GB18030 / GBK


def test_a_gbk_row_in_a_utf8_file_is_one_reported_row_not_the_rest_of_the_file(
    tmp_path: Path,
) -> None:
    body = [good_row(i).encode() for i in range(2, 3002)]
    body[3000 - 2] = "汕头市某公司,regional,1,1\n".encode("gbk")  # row 3000
    path = tmp_path / "p.csv"
    path.write_bytes(HEADER.encode() + b"".join(body))
    rows, problems = read(path)
    assert len(rows) == 2999
    assert 3000 not in rows
    assert rows[-1] == 3001
    assert list(problems) == [3000]
    assert "--encoding gb18030" in problems[3000]


def test_a_gb18030_export_with_chinese_headers_reads_with_no_edits(tmp_path: Path) -> None:
    text = (
        "客户名称,范围,是否签订协议,上年特快收入,本月特快收入,备注\n"
        "汕头某公司,区域,是,30000,3000,老客户\n"
    )
    path = tmp_path / "导出.csv"
    path.write_bytes(text.encode("gb18030"))
    (row,) = read_rows(path)
    assert (row.customer.name, row.customer.scope.value, row.customer.has_agreement) == (
        "汕头某公司",
        "regional",
        True,
    )
    assert row.customer.annual_revenue == Decimal("30000")
    assert dict(row.extra) == {"备注": "老客户"}


def test_the_cli_evaluates_a_gb18030_export_with_chinese_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "客户名称,范围,上年特快收入,本月特快收入\n汕头某公司,区域,30000,3000\n"
    path = tmp_path / "导出.csv"
    path.write_bytes(text.encode("gb18030"))
    code, out, err = run_cli(capsys, "evaluate", str(path), *FACTS, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["name"] == "汕头某公司"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_an_encoding_named_on_the_command_line_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes((HEADER + "汕头某公司,regional,30000,3000\n").encode(encoding))
    args = ["evaluate", str(path), *FACTS, "--format", "json", "--encoding", encoding]
    code, out, _err = run_cli(capsys, *args)
    assert (code, json.loads(out)["name"]) == (0, "汕头某公司")


# ---------------------------------------------------------------- 3. a huge cell


def test_a_huge_cell_on_the_first_data_row_is_reported_as_row_2_and_skipped() -> None:
    text = HEADER + "x" * 200_000 + ",regional,1,1\n" + good_row(3)
    rows, problems = read(text.encode())
    assert (rows, list(problems)) == ([3], [2])
    assert "10,000 characters" in problems[2]


# ---------------------------------------------------------------- 4. JSON Lines


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('{"name": "A", "last_year_bills": ' + "9" * 5000 + "}", id="5000-digits"),
        pytest.param('{"name": ' + "[" * 100_000 + "]" * 100_000 + "}", id="deep"),
    ],
)  # fmt: skip
def test_a_hostile_json_line_is_a_reported_row_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    path = tmp_path / "p.jsonl"
    good = json.dumps({"name": "B", "last_year_revenue": {"express": "30000"}})
    path.write_text(f"{line}\n{good}\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", str(path), *FACTS, "--skip-bad-rows")
    assert code == 0
    assert "row 1: (row): not valid JSON" in err
    assert "Traceback" not in err
    assert "B" in out


def test_a_json_file_holding_an_array_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps([{"name": "A", "last_year_revenue": {"express": "30000"}}, {"name": "B"}]),
        encoding="utf-8",
    )
    assert [c.name for c in kr.read_portfolio(path)] == ["A", "B"]


def test_json_keys_may_be_layout_columns_or_chinese_headers() -> None:
    data = (
        b'{"\xe5\xae\xa2\xe6\x88\xb7\xe5\x90\x8d\xe7\xa7\xb0": "A", "last_year_express": "30000"}\n'
    )
    (customer,) = kr.read_portfolio(data)
    assert (customer.name, customer.annual_revenue) == ("A", Decimal("30000"))


# ---------------------------------------------------------------- 5. streamed errors, flat memory


class Sink(io.TextIOBase):
    """A stream that forgets what it is given (capturing stderr would hold it in memory)."""

    def write(self, text: str) -> int:
        return len(text)


def _peak(tmp_path: Path, bad_rows: int, monkeypatch: pytest.MonkeyPatch) -> int:
    path = tmp_path / f"bad{bad_rows}.csv"
    path.write_text(HEADER + "A,cosmic,1,1\n" * bad_rows + good_row(9), encoding="utf-8")
    monkeypatch.setattr("sys.stdout", Sink())
    monkeypatch.setattr("sys.stderr", Sink())
    tracemalloc.start()
    try:
        code = cli.main(["evaluate", str(path), *FACTS, "--skip-bad-rows", "--format", "csv"])
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 0
    return peak


def test_skipped_rows_are_streamed_so_memory_does_not_grow_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, large = _peak(tmp_path, 1_000, monkeypatch), _peak(tmp_path, 20_000, monkeypatch)
    # The old CLI kept every error with its traceback (about 3 KB each): +57 MB here.
    assert large < small + 2_000_000, (small, large)


def test_each_skipped_row_is_reported_before_the_next_row_is_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stream = io.StringIO(HEADER + "A,cosmic,1,1\n" + good_row(3))
    counter = Counter(io.StringIO())
    rows = read_rows(stream, on_error="skip", report=counter.report)
    assert next(rows).row == 3
    assert counter.skipped == 1
    assert "row 2: scope" in counter.stderr.getvalue()  # type: ignore[attr-defined]


# ---------------------------------------------------------------- 6. header rule, all bad


def test_a_missing_revenue_column_is_an_error_not_a_portfolio_of_zeros(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,scope,last_year_express\nA,regional,30000\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", str(path), *FACTS)
    assert (code, out) == (1, "")
    assert "not 'current_month_express'" in err


def test_an_all_bad_file_with_skip_bad_rows_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "A,cosmic,1,1\nB,cosmic,1,1\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "evaluate", str(path), *FACTS, "--skip-bad-rows")
    assert code == 1
    assert "2 bad row(s) skipped, 0 written" in err


# ---------------------------------------------------------------- sources


def test_read_portfolio_takes_bytes_a_text_stream_or_a_binary_stream() -> None:
    text = HEADER + good_row(2)
    for source in (text.encode(), io.StringIO(text), io.BytesIO(text.encode())):
        assert [c.name for c in kr.read_portfolio(source)] == ["客户2"]


def test_a_dash_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO((HEADER + good_row(2)).encode()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = run_cli(capsys, "evaluate", "-", *FACTS, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["name"] == "客户2"


def test_an_xlsx_workbook_reads_with_spreadsheet_row_numbers(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "范围", "上年特快收入", "本月特快收入"])
    sheet.append(["甲", "区域", 30000, 3000])
    sheet.append(["乙", "宇宙", 1, 1])
    path = tmp_path / "p.xlsx"
    book.save(path)
    rows, problems = read(path)
    assert (rows, list(problems)) == ([2], [3])


# ---------------------------------------------------------------- the header map


def _documented_aliases() -> dict[str, str]:
    page = (PROJECT / "docs" / "portfolios.md").read_text(encoding="utf-8")
    section = page.split("<!-- header map -->")[1]
    return dict(re.findall(r"^\| (\S+) \| `(\w+)` \|", section, flags=re.MULTILINE))


_GENERATED = re.compile(r"^(上年|去年|上一年|本月|当月)\w+?(收入|业务收入)?$")


def test_the_documented_header_map_is_the_one_the_reader_uses() -> None:
    documented = _documented_aliases()
    assert documented, "docs/portfolios.md has a header map"
    for alias, code in documented.items():
        assert canonical_column(alias) == code, alias
    listed = {alias for alias in HEADER_ALIASES if not _GENERATED.match(alias)}
    assert listed <= set(documented), sorted(listed - set(documented))


# ---------------------------------------------------------------- one set of acceptance rules


_CELLS = st.one_of(
    st.sampled_from(["", " ", "0", "1", "1,000", " 12 ", "1e3", "-1", "1.001", "NaN", "1.000"]),
    st.sampled_from(["999999999999999999999999", "１２", "\u00a012", "12\u00a0", "0x10"]),
    st.text(max_size=6),
)
#: Each layout column under one of its Chinese headers: a header that is not the plain layout.
_CHINESE = {
    "name": "客户名称",
    "scope": "范围",
    "has_agreement": "是否签订协议",
    "customer_id": "客户ID",
    "last_year_express": "上年特快收入",
    "current_month_express": "本月特快收入",
    "newspaper_turnover_last_year": "上年报刊流转额",
    "newspaper_turnover_current_month": "本月报刊流转额",
}


def _outcome(data: bytes) -> tuple[str, object]:
    """The one row's customer, or its error's field and problem."""
    errors: list[kr.RowError] = []
    rows = list(read_rows(data, on_error="skip", report=errors.append))
    if rows:
        return "customer", rows[0].customer.model_dump_json()
    (error,) = errors
    return "error", (error.field, error.problem)


def _csv(header: list[str], cells: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # so that a CR inside a cell is quoted
    writer.writerow(header)
    writer.writerow(cells)
    return out.getvalue().encode("utf-8")


@given(
    cells=st.fixed_dictionaries(
        {
            "name": st.one_of(
                st.sampled_from(["A", " A ", "\x1cA", "A\u3000", "", " ", "=1+1"]),
                st.text(max_size=5),
            ),
            "scope": st.sampled_from(["", "regional", " regional", "REGIONAL", "区域", "x"]),
            "has_agreement": st.sampled_from(["", "true", "false", "True", "是", "1", "x"]),
            "customer_id": st.sampled_from(["", "44052300001000", " 44052300001000", "1", "x"]),
            "last_year_express": _CELLS,
            "current_month_express": _CELLS,
            "newspaper_turnover_last_year": _CELLS,
            "newspaper_turnover_current_month": _CELLS,
        }
    )
)
def test_a_row_gets_the_same_customer_or_error_whatever_the_file_s_layout(
    cells: dict[str, str],
) -> None:
    plain = _outcome(_csv(list(cells), list(cells.values())))
    chinese = _outcome(_csv([_CHINESE[column] for column in cells], list(cells.values())))
    json_line = _outcome(json.dumps(cells, ensure_ascii=False).encode() + b"\n")
    assert plain == chinese == json_line, cells


def test_every_row_of_the_plain_layout_is_validated_by_the_customer_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    validated: list[object] = []
    validate = Customer.model_validate

    def counting(data: object, **options: object) -> Customer:
        validated.append(data)
        return validate(data, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Customer, "model_validate", counting)
    with sample_path() as path:
        rows = list(read_rows(path))
    assert len(validated) == len(rows) == 500


# ---------------------------------------------------------------- 10,000 rows, 5% malformed


def test_ten_thousand_rows_with_five_percent_malformed_are_all_accounted_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generator = random.Random(10)
    header = ",".join(CSV_COLUMNS) + "\n"
    width = len(CSV_COLUMNS)
    express = CSV_COLUMNS.index("last_year_express")

    def row(index: int) -> bytes:
        cells = [""] * width
        cells[0] = f"客户{index}"
        cells[express], cells[express + 1] = str(20000 + index), "2500"
        return (",".join(cells) + "\n").encode()

    kinds = [
        lambda i: row(i).replace(f"客户{i}".encode(), f'"客户{i}'.encode()),  # unclosed quote
        lambda i: row(i).replace(f"客户{i}".encode(), f"客户{i}".encode("gbk")),  # GBK bytes
        lambda i: row(i).replace(f"客户{i}".encode(), b"x" * 20_000),  # a long cell
        lambda i: row(i).replace(b"2500", b"25,00"),  # a bad number
        lambda i: row(i).replace(b"2500", b"-5"),  # a negative amount
        lambda i: row(i)[:-1] + b",extra\n",  # one cell too many
        lambda i: row(i).replace(f"客户{i}".encode(), b""),  # no name
    ]
    lines, bad = [], 0
    for index in range(2, 10_002):
        if generator.random() < 0.05:
            lines.append(kinds[bad % len(kinds)](index))
            bad += 1
        else:
            lines.append(row(index))
    path = tmp_path / "big.csv"
    path.write_bytes(header.encode() + b"".join(lines))
    code, out, err = run_cli(
        capsys, "evaluate", str(path), *FACTS, "--skip-bad-rows", "--format", "csv"
    )
    assert code == 0
    written = list(csv.DictReader(io.StringIO(out)))
    reported = [line for line in err.splitlines() if ": skipped: " in line]
    assert bad > 400
    assert len(written) + len(reported) == 10_000
    assert len(reported) == bad
    numbers = sorted(
        [int(r["row"]) for r in written]
        + [int(re.search(r", row (\d+):", line).group(1)) for line in reported]  # type: ignore[union-attr]
    )
    assert numbers == list(range(2, 10_002))

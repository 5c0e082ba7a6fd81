"""Activity and monthly revenue files read like portfolios (the portfolio reader's rules).

The activity and revenue readers go through the hostile-table reader (``io/rows.py``): an
unclosed quote, a GB18030 file, a 200,000-character cell are one row's problem, never a lost
neighbour; Chinese headers and values are read through ``io/headers.py``; every source a
portfolio accepts (path, ``-``, bytes, streams, ``.xlsx``, a JSON array) works.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, ContactKind, LogStage, Tier
from keyaccount_rules.io import cli
from keyaccount_rules.io.activity import parse_activity, read_activity, read_revenue
from keyaccount_rules.io.headers import (
    ACTIVITY_HEADER_ALIASES,
    ACTIVITY_VALUE_ALIASES,
    REVENUE_HEADER_ALIASES,
    canonical_activity_column,
    canonical_activity_value,
    canonical_revenue_column,
)
from keyaccount_rules.records.activity import Kind
from tests.conftest import PROJECT

HEADER = "customer,date,kind,manager\n"


def skipped(source: object, **options: object) -> tuple[list[tuple[int, str]], list[kr.RowError]]:
    """(row number and customer of each event, the reported errors) with on_error="skip"."""
    errors: list[kr.RowError] = []
    events = read_activity(source, on_error="skip", report=errors.append, **options)  # type: ignore[arg-type]
    return [(e.row, e.customer) for e in events], errors


# ---------------------------------------------------------------- the four reproduced defects


def test_an_unclosed_quote_is_reported_on_its_row_and_the_rows_after_it_are_read(
    tmp_path: Path,
) -> None:
    # Failed on the old reader: only A came out, and one error at "row 5" (C and D lost).
    path = tmp_path / "a.csv"
    path.write_text(
        HEADER + 'A,2025-03-01,visit,Li\nB,2025-03-02,"visit,Li\n'
        "C,2025-03-03,visit,Li\nD,2025-03-04,visit,Li\n",
        encoding="utf-8",
    )
    events, errors = skipped(path)
    assert events == [(2, "A"), (4, "C"), (5, "D")]
    assert [(e.row, e.field) for e in errors] == [(3, "(row)")]
    assert "quote" in errors[0].problem


def test_a_gb18030_file_with_chinese_headers_and_kinds_reads_with_no_option(
    tmp_path: Path,
) -> None:
    # Failed on the old reader: "not UTF-8 text after row 0; save the file as UTF-8".
    text = "客户,日期,类型,客户经理\n某公司,2025-03-01,上门走访,李四\n"
    text += "某公司,2025-03-02,日常沟通,李四\n"
    path = tmp_path / "活动.csv"
    path.write_bytes(text.encode("gb18030"))
    events = list(read_activity(path))
    assert [(e.row, e.customer, e.kind, e.manager) for e in events] == [
        (2, "某公司", Kind.VISIT, "李四"),
        (3, "某公司", Kind.CONTACT, "李四"),
    ]


def test_a_non_utf8_row_in_a_utf8_file_is_one_row_s_problem_naming_the_encoding() -> None:
    data = HEADER.encode() + b"A,2025-03-01,visit,Li\n" + "乙,2025-03-02,visit,李\n".encode("gbk")
    data += b"C,2025-03-03,visit,Li\n"
    events, errors = skipped(data)
    assert events == [(2, "A"), (4, "C")]
    assert [e.row for e in errors] == [3]
    assert "--encoding gb18030" in errors[0].problem
    assert [e.row for e in read_activity(data, encoding="utf-8", on_error="skip")] == [2, 4]


def test_chinese_headers_and_values_are_read_as_the_codes() -> None:
    # Failed on the old reader: "unknown column(s) '客户', '日期', ...".
    text = (
        "客户名称,日期,活动类型,客户经理,营销阶段,内容,方式,我方人员,客户方人员,说明\n"
        "甲,2025-03-01,领导带队拜访,李四,,,,,,\n"
        "甲,2025-03-02,营销日志,李四,报价,价格,面谈,李四;王五,赵六,\n"
        "甲,2025-03-03,问候,李四,,,,,,\n"
        "甲,2025-03-04,档案更新,李四,,,,,,\n"
        "甲,2025-03-05,客户等级,李四,,,,,,黄金\n"
        "甲,2025-03-06,重要日期,李四,,,,,,董事长生日\n"
    )
    events = list(read_activity(text.encode()))
    assert [e.kind for e in events] == [
        Kind.LEADERSHIP_VISIT,
        Kind.MARKETING_LOG,
        Kind.GREETING,
        Kind.ARCHIVE_REFRESH,
        Kind.TIER,
        Kind.KEY_DATE,
    ]
    log = events[1]
    assert (log.stage, log.content, log.method) == (LogStage.QUOTATION, "价格", "面谈")
    assert (log.our_participants, log.customer_participants) == (("李四", "王五"), ("赵六",))
    assert events[4].detail == "gold"
    assert events[5].detail == "董事长生日"


def test_xlsx_bytes_a_stream_standard_input_and_a_json_array_are_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Failed on the old reader: a path ending .csv/.jsonl/.json was the only source.
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户", "日期", "类型", "备注"])
    sheet.append(["甲", date(2025, 3, 1), "上门走访", "带了样品"])
    sheet.append(["乙", "2025-03-02", "午餐", None])
    sheet.append(["丙", "2025-03-03", "visit", None])
    path = tmp_path / "活动.xlsx"
    book.save(path)
    events, errors = skipped(path)
    assert events == [(2, "甲"), (4, "丙")]
    assert [(e.row, e.field) for e in errors] == [(3, "kind")]
    assert skipped(path.read_bytes())[0] == events

    csv_text = HEADER + "A,2025-03-01,visit,Li\n"
    assert skipped(csv_text.encode())[0] == [(2, "A")]
    assert skipped(io.BytesIO(csv_text.encode()))[0] == [(2, "A")]
    assert skipped(io.StringIO(csv_text))[0] == [(2, "A")]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(csv_text.encode())))
    assert skipped("-")[0] == [(2, "A")]

    array = json.dumps([{"客户": "A", "日期": "2025-03-01", "类型": "走访"}, [1]])
    (tmp_path / "a.json").write_text(array, encoding="utf-8")
    events, errors = skipped(tmp_path / "a.json")
    assert events == [(1, "A")]
    assert [e.row for e in errors] == [2]


def test_a_200000_character_cell_is_a_row_problem_with_its_own_row_number() -> None:
    # Failed on the old reader: the whole file failed ("field larger than field limit").
    data = HEADER + "A,2025-03-01,visit,Li\n" + "B,2025-03-02,visit," + "x" * 200_000 + "\n"
    data += "C,2025-03-03,visit,Li\n"
    events, errors = skipped(data.encode())
    assert events == [(2, "A"), (4, "C")]
    assert [e.row for e in errors] == [3]
    assert "10,000 characters" in errors[0].problem


def test_deep_json_and_a_huge_json_number_are_row_problems() -> None:
    lines = [
        json.dumps({"customer": "A", "date": "2025-03-01", "kind": "visit"}),
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"customer": "B", "date": "2025-03-01", "kind": "visit"})[:-1]
        + ', "x": '
        + "9" * 5000
        + "}",
        json.dumps({"customer": "C", "date": "2025-03-01", "kind": "visit"}),
    ]
    events, errors = skipped(io.BytesIO("\n".join(lines).encode()), kind="jsonl")
    assert events == [(1, "A"), (4, "C")]
    assert [e.row for e in errors] == [2, 3]


# ---------------------------------------------------------------- row numbers


def test_row_numbers_stay_what_a_spreadsheet_shows_after_a_blank_line_and_a_multiline_cell() -> (
    None
):
    text = (
        "customer,date,kind,detail\n"
        "A,2025-03-01,visit,\n"
        "\n"
        'B,2025-03-02,key_date,"two\nlines"\n'
        "C,2025-03-03,lunch,\n"
    )
    errors: list[kr.RowError] = []
    events = list(read_activity(text.encode(), on_error="skip", report=errors.append))
    assert [(e.row, e.customer) for e in events] == [(2, "A"), (4, "B")]
    assert events[1].detail == "two\nlines"
    assert [e.row for e in errors] == [6]


# ---------------------------------------------------------------- columns: extra and missing


def test_columns_the_layout_does_not_know_are_ignored_not_an_error() -> None:
    text = "客户,日期,类型,备注,联系方式\n甲,2025-03-01,visit,带了样品,138000\n"
    (event,) = read_activity(text.encode())
    assert (event.customer, event.kind, event.detail) == ("甲", Kind.VISIT, "")


def test_a_misspelt_required_column_is_named_with_the_columns_that_were_not_recognised() -> None:
    text = "customer,date,kidn\nA,2025-03-01,visit\n"
    with pytest.raises(kr.PortfolioError, match=r"lacks column\(s\) kind .*'kidn'"):
        list(read_activity(text.encode()))


def test_a_column_given_twice_in_two_languages_is_an_error() -> None:
    text = "customer,date,kind,日期\nA,2025-03-01,visit,2025-03-02\n"
    with pytest.raises(kr.PortfolioError, match="'date' appear twice"):
        list(read_activity(text.encode()))


def test_a_customer_id_column_beside_the_name_column_is_used_when_the_row_gives_one() -> None:
    text = "客户编号,客户名称,日期,类型\n44052300001000,甲,2025-03-01,走访\n,乙,2025-03-02,走访\n"
    assert [e.customer for e in read_activity(text.encode())] == ["44052300001000", "乙"]


def test_json_keys_may_be_chinese_headers_and_unknown_keys_are_ignored() -> None:
    line = json.dumps({"客户": "A", "日期": "2025-03-01", "类型": "问候", "备注": 1})
    (event,) = read_activity(io.BytesIO(line.encode()), kind="jsonl")
    assert (event.customer, event.kind) == ("A", Kind.GREETING)


# ---------------------------------------------------------------- revenue


def test_a_revenue_file_with_chinese_headers_and_line_names_reads() -> None:
    text = (
        "客户名称,月份,业务种类,金额,备注\n"
        "甲,2025-01,特快,1200.50,\n"
        "甲,2025-01,账单,300,\n"
        "甲,2025-02,函件,0,\n"
        "甲,2025年3月,物流业务,10,\n"
        "甲,2025-04,宇宙,10,\n"
    )
    errors: list[kr.RowError] = []
    rows = list(read_revenue(text.encode("gb18030"), on_error="skip", report=errors.append))
    assert [(r.row, r.month, r.line, r.amount) for r in rows] == [
        (2, Month(2025, 1), BusinessLine.EXPRESS, Decimal("1200.50")),
        (3, Month(2025, 1), BusinessLine.BILLS, Decimal("300")),
        (4, Month(2025, 2), BusinessLine.LETTERS, Decimal("0")),
        (5, Month(2025, 3), BusinessLine.LOGISTICS, Decimal("10")),
    ]
    assert [(e.row, e.field) for e in errors] == [(6, "line")]


def test_an_xlsx_revenue_month_typed_as_a_date_reads_as_its_month(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["customer", "month", "line", "amount"])
    sheet.append(["甲", date(2025, 3, 1), "express", 1234.5])
    path = tmp_path / "r.xlsx"
    book.save(path)
    (row,) = read_revenue(path)
    assert (row.month, row.amount) == (Month(2025, 3), Decimal("1234.50"))


def test_a_revenue_header_without_an_amount_column_is_an_error_naming_it() -> None:
    with pytest.raises(kr.PortfolioError, match=r"lacks column\(s\) amount"):
        list(read_revenue(b"customer,month,line\nA,2025-01,express\n"))


# ---------------------------------------------------------------- end to end


def test_a_gb18030_activity_file_with_chinese_headers_feeds_the_agenda(tmp_path: Path) -> None:
    gold = kr.Customer(
        name="黄金客户",
        scope="regional",
        last_year_revenue={"express": 2_000_000},
        current_month_revenue={"express": 170_000},
    )
    text = "客户名称,日期,类型,客户经理,备注\n黄金客户,2025-03-04,上门走访,李四,首次\n"
    path = tmp_path / "活动.csv"
    path.write_bytes(text.encode("gb18030"))
    result = kr.agenda(
        [gold], kr.read_activity(path), as_of=date(2025, 3, 20), bureau_annual_revenue=300_000_000
    )
    contacts = [i for i in result.items if i.customer == "黄金客户" and i.duty == "contacts"]
    assert [i.manager for i in contacts] == ["李四"]
    assert not result.problems
    from_bytes = kr.agenda(
        [gold],
        kr.read_activity(path.read_bytes()),
        as_of=date(2025, 3, 20),
        bureau_annual_revenue=300_000_000,
    )
    assert from_bytes.items == result.items


def test_the_agenda_command_reads_activity_in_gb18030_and_from_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An ASCII header with GBK rows: detection cannot tell, --encoding says it (for every
    # input file of the command: one office's files come from one spreadsheet).
    portfolio = tmp_path / "p.csv"
    portfolio.write_bytes(
        "name,scope,last_year_express,current_month_express\n甲,regional,2000000,170000\n".encode(
            "gbk"
        )
    )
    activity = "customer,date,kind,manager\n甲,2025-03-04,走访,李四\n".encode("gbk")
    (tmp_path / "a.csv").write_bytes(activity)
    args = ["agenda", str(portfolio), "--as-of", "2025-03-20", "--bureau-revenue", "300000000"]
    assert cli.main([*args, "--activity", str(tmp_path / "a.csv"), "--encoding", "gbk"]) == 0
    assert "李四" in capsys.readouterr().out
    assert cli.main([*args, "--activity", str(tmp_path / "a.csv")]) == 1
    assert "--encoding gb18030" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(activity)))
    options = ["--activity", "-", "--format", "csv", "--encoding", "gb18030"]
    assert cli.main([*args, *options]) == 0
    assert "李四" in capsys.readouterr().out
    assert cli.main([*args[:1], "-", *args[2:], *options]) == 1
    assert "only one input can be '-'" in capsys.readouterr().err


def test_the_report_command_reads_a_gb18030_revenue_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    months = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01", "2025-02", "2025-03"]
    text = "客户,月份,业务,收入\n" + "".join(f"甲,{m},特快,170000\n" for m in months)
    path = tmp_path / "r.csv"
    path.write_bytes(text.encode("gb18030"))
    portfolio = tmp_path / "p.csv"
    portfolio.write_bytes(
        "客户名称,范围,上年特快收入,本月特快收入\n甲,综合,2040000,170000\n".encode("gb18030")
    )
    args = ["report", str(path), "--portfolio", str(portfolio), "--month", "2025-03"]
    args += ["--bureau-revenue", "300000000"]
    assert cli.main([*args, "--format", "json", "--encoding", "gb18030"]) == 0
    detail = json.loads(capsys.readouterr().out)["detail"]
    assert [(row["customer"], row["tier"]) for row in detail] == [("甲", "diamond")]


# ---------------------------------------------------------------- public forms kept


def test_parse_activity_still_takes_open_text_and_names_its_source() -> None:
    text = "customer,date,kind\nA,2025-03-01,visit\nA,2025-03-02,lunch\n"
    with pytest.raises(kr.RowError, match=r"^a\.csv, row 3: kind: unknown kind 'lunch'"):
        list(parse_activity(io.StringIO(text), source="a.csv"))
    lines = ["customer,date,kind\n", "A,2025-03-01,visit\n"]
    assert [e.row for e in parse_activity(lines, source="a.csv")] == [2]
    jsonl = io.StringIO(json.dumps({"customer": "A", "date": "2025-03-01", "kind": "visit"}))
    assert [e.kind for e in parse_activity(jsonl, csv_layout=False)] == [Kind.VISIT]


def test_an_unknown_file_type_is_a_portfolio_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(HEADER, encoding="utf-8")
    with pytest.raises(kr.PortfolioError, match="unknown file type"):
        list(read_activity(tmp_path / "a.txt"))


# ---------------------------------------------------------------- the maps and their page


def test_every_value_alias_names_a_member_and_the_vocabulary_s_labels_are_aliases() -> None:
    for column, aliases in ACTIVITY_VALUE_ALIASES.items():
        for alias, code in aliases.items():
            assert canonical_activity_value(column, alias) == code, alias
    kinds = {k.value for k in Kind}
    assert set(ACTIVITY_VALUE_ALIASES["kind"].values()) == kinds
    assert canonical_activity_value("kind", ContactKind.CALL.zh) == "contact"
    for kind in ContactKind:
        if kind is not ContactKind.CALL:
            assert canonical_activity_value("kind", kind.zh) == kind.value
    for line in BusinessLine:
        assert canonical_activity_value("line", line.zh) == line.value
    for tier in Tier:
        assert canonical_activity_value("tier", tier.zh) == tier.value
    for stage in LogStage:
        assert canonical_activity_value("stage", stage.zh) == stage.value


def _documented(marker: str) -> dict[str, str]:
    page = (PROJECT / "docs" / "monthly-cycle.md").read_text(encoding="utf-8")
    section = page.split(f"<!-- {marker} -->")[1].split(f"<!-- end of {marker} -->")[0]
    found: dict[str, str] = {}
    for alias, code in re.findall(r"^\| ([^|`]+?) \| `(\w+)` \|", section, flags=re.MULTILINE):
        found[alias] = code
    return found


@pytest.mark.parametrize(
    ("marker", "aliases", "canonical"),
    [
        ("activity header map", ACTIVITY_HEADER_ALIASES, canonical_activity_column),
        ("revenue header map", REVENUE_HEADER_ALIASES, canonical_revenue_column),
    ],
)
def test_the_documented_header_maps_are_the_ones_the_readers_use(
    marker: str, aliases: dict[str, str], canonical: object
) -> None:
    documented = _documented(marker)
    assert documented, f"docs/monthly-cycle.md has the {marker}"
    assert documented == aliases
    for alias, code in documented.items():
        assert canonical(alias) == code, alias  # type: ignore[operator]


def test_the_documented_value_map_is_the_one_the_readers_use() -> None:
    # spellings are folded as the vocabulary reads them ("initial contact" → initialcontact)
    documented = {alias.replace(" ", ""): code for alias, code in _documented("value map").items()}
    table = {
        alias: code
        for aliases in ACTIVITY_VALUE_ALIASES.values()
        for alias, code in aliases.items()
    }
    assert documented == table


@pytest.mark.parametrize(
    "written",
    ["2025-03-04", "2025/3/4", "2025/03/04", "2025.3.4", "2025-3-4", "2025年3月4日"],
)
def test_a_date_as_a_chinese_spreadsheet_writes_it_reads_year_first(written: str) -> None:
    text = f"customer,date,kind\n甲,{written},visit\n"
    assert [e.on for e in read_activity(text.encode())] == [date(2025, 3, 4)]


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("2025/3-4", id="two-separators"),
        pytest.param("4/3/2025", id="day-first-is-not-guessed"),
        pytest.param("25/3/4", id="two-digit-year"),
        pytest.param("2025/2/29", id="not-a-leap-year"),
        pytest.param("２０２５-03-04", id="full-width-digits"),
        pytest.param("2025年3月4", id="no-日"),
    ],
)
def test_a_date_that_is_not_a_year_first_calendar_date_is_its_row_s_problem(written: str) -> None:
    text = f"customer,date,kind\n甲,{written},visit\n乙,2025-03-05,visit\n"
    good, errors = skipped(text.encode())
    assert good == [(3, "乙")]
    assert [(e.row, e.field) for e in errors] == [(2, "date")]
    assert f"(got {written!r})" in str(errors[0])


@pytest.mark.parametrize(
    ("written", "month"),
    [("2025/3", Month(2025, 3)), ("2025.12", Month(2025, 12)), ("2025年3月", Month(2025, 3))],
)
def test_a_revenue_month_may_be_written_as_spreadsheets_do(written: str, month: Month) -> None:
    text = f"customer,month,line,amount\n甲,{written},express,10\n"
    assert [r.month for r in read_revenue(text.encode())] == [month]


def test_a_revenue_month_out_of_range_names_the_cell_as_written() -> None:
    text = "customer,month,line,amount\n甲,2025/13,express,10\n"
    errors: list[kr.RowError] = []
    assert list(read_revenue(text.encode(), on_error="skip", report=errors.append)) == []
    assert [(e.row, e.field) for e in errors] == [(2, "month")]
    assert "(got '2025/13')" in str(errors[0])

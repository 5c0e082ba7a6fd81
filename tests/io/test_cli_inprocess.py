"""The keyaccount-rules command line and the portfolio reader it uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io.cli import main
from keyaccount_rules.io.portfolio import CSV_COLUMNS, read_rows

HEADER = ",".join(CSV_COLUMNS)
TIERS = {tier.value for tier in kr.Tier}
UNITS = {unit.value for unit in kr.Unit}


def csv_row(**cells: str) -> str:
    unknown = set(cells) - set(CSV_COLUMNS)
    assert not unknown, unknown
    return ",".join(cells.get(column, "") for column in CSV_COLUMNS)


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    path = tmp_path / "portfolio.csv"
    rows = [
        HEADER,
        # 1.2M express over 1e9 → 90 + 80 (1.2‰) → 54 + 32 = 86 → gold; comprehensive → city
        csv_row(
            name="汕头快递大户",
            scope="comprehensive",
            last_year_express="1200000",
            current_month_express="110000",
        ),
        # below every threshold: not a key account
        csv_row(name="小客户", scope="regional", last_year_letters="900"),
        # agreement only → general, branch office
        csv_row(name="协议客户", scope="professional", has_agreement="true"),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def json_rows(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_demo_writes_json_lines_with_enum_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--format", "json"]) == 0
    rows = json_rows(capsys.readouterr().out)
    assert len(rows) >= 30
    for row in rows:
        assert {"name", "key_account", "tier", "score", "unit", "contacts_per_month"} <= set(row)
        if row["key_account"]:
            assert row["tier"] in TIERS
            assert row["unit"] in UNITS
            assert isinstance(row["contacts_per_month"], int)
        else:
            assert (row["tier"], row["score"], row["unit"], row["contacts_per_month"]) == (
                None,
                None,
                None,
                None,
            )
    assert any(row["key_account"] for row in rows)
    assert any(not row["key_account"] for row in rows)


def test_evaluate_writes_one_row_per_customer_in_input_order(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "evaluate",
            str(portfolio),
            "--bureau-revenue",
            "1000000000",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
        ]
    )
    assert code == 0
    rows = json_rows(capsys.readouterr().out)
    assert [row["name"] for row in rows] == ["汕头快递大户", "小客户", "协议客户"]
    assert rows[0] == {
        "row": 2,
        "customer_id": None,
        "name": "汕头快递大户",
        "key_account": True,
        "criteria": ["comprehensive", "professional"],
        "score": "86.0",
        "tier": "gold",
        "unit": "city_center",
        "contacts_per_month": 2,
    }
    assert rows[1]["key_account"] is False
    assert rows[1]["tier"] is None
    assert (rows[2]["tier"], rows[2]["unit"]) == ("general", "branch_office")


def test_evaluate_writes_a_table_in_chinese(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["evaluate", str(portfolio), "--bureau-revenue", "1e9", "--as-of", "2026-11-23"]
    assert main([*args, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:2] == ["行号", "客户名称"]
    assert "黄金" in out
    assert "市局大客户中心" in out


def test_a_bad_row_exits_1_naming_the_row_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    rows = [
        HEADER,
        csv_row(name="好客户", last_year_express="100"),
        csv_row(name="坏客户", last_year_express="-5"),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code = main(["evaluate", str(path), "--bureau-revenue", "1e9", "--as-of", "2026-11-23"])
    assert code == 1
    err = capsys.readouterr().err
    assert "row 3" in err
    assert "last_year_express" in err
    assert "negative" in err


def test_a_bad_bureau_revenue_is_a_usage_error_naming_the_option_and_rule(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a bad option value is a usage error (2); bad data in the file is 1
    code = main(["evaluate", str(portfolio), "--bureau-revenue", "0", "--as-of", "2026-11-23"])
    assert code == 2
    err = capsys.readouterr().err
    assert "--bureau-revenue" in err
    assert "GRADE-6" in err


def test_a_bad_date_is_a_usage_error(portfolio: Path) -> None:
    code = main(["evaluate", str(portfolio), "--bureau-revenue", "1e9", "--as-of", "23/11/2026"])
    assert code == 2


def test_read_portfolio_can_skip_and_report_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    rows = [
        HEADER,
        csv_row(name="一号"),
        csv_row(name="二号", scope="galactic"),
        csv_row(name="三号", current_month_parcels="1.234"),
        csv_row(name="四号"),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    reported: list[kr.RowError] = []
    customers = list(kr.read_portfolio(path, on_error="skip", report=reported.append))
    assert [c.name for c in customers] == ["一号", "四号"]
    assert [(e.row, e.field) for e in reported] == [(3, "scope"), (4, "current_month_parcels")]


def test_read_portfolio_raises_at_the_first_bad_row_by_default(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n" + csv_row(name="") + "\n", encoding="utf-8")
    with pytest.raises(kr.RowError, match=r"row 2: name: "):
        list(kr.read_portfolio(path))


def test_an_unknown_column_is_passed_through_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("name,colour,上年函件收入,本月函件收入\nA,red,1,1\n", encoding="utf-8")
    assert [c.name for c in kr.read_portfolio(path)] == ["A"]
    assert [dict(r.extra) for r in read_rows(path)] == [{"colour": "red"}]
    assert [dict(r.extra) for r in read_rows(path, extra="ignore")] == [{}]


def test_read_portfolio_reads_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "customers.jsonl"
    lines = [
        json.dumps({"name": "甲", "last_year_revenue": {"express": "20000"}}),
        "",
        json.dumps({"name": "乙", "has_agreement": True}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    customers = list(kr.read_portfolio(path))
    assert [c.name for c in customers] == ["甲", "乙"]
    assert customers[0].annual_revenue == 20000


def test_a_gbk_portfolio_with_an_english_header_is_read_with_the_encoding_named(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("name,last_year_bills,current_month_bills\n汕头报刊,1,1\n".encode("gbk"))
    with pytest.raises(kr.RowError, match=r"row 2: .*--encoding gb18030"):
        list(kr.read_portfolio(path))
    assert [c.name for c in kr.read_portfolio(path, encoding="gbk")] == ["汕头报刊"]


def test_the_cli_reports_a_non_utf8_portfolio_with_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("name,last_year_bills,current_month_bills\n汕头报刊,1,1\n".encode("gbk"))
    code = main(["evaluate", str(path), "--bureau-revenue", "1e9", "--as-of", "2026-11-23"])
    assert code == 1
    assert "--encoding gb18030" in capsys.readouterr().err

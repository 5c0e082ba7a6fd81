"""The monthly report's flat forms: rows of JSON values, a DataFrame, the charts fragment."""

from __future__ import annotations

import json

import pytest

import keyaccount_rules as kr
from keyaccount_rules.month.report_models import REPORT_COLUMNS
from tests.month.test_cycle import BUREAU, REPORT_DATA, revenue


@pytest.fixture(scope="module")
def report() -> kr.MonthlyReport:
    return kr.monthly_report(revenue(REPORT_DATA), month="2025-01", bureau_annual_revenue=BUREAU)


def test_report_rows_are_the_figures_json_values_accounts_then_revenue(
    report: kr.MonthlyReport,
) -> None:
    rows = report.to_rows()
    assert rows == [
        {"measure": "accounts", **json.loads(f.model_dump_json())} for f in report.accounts
    ] + [{"measure": "revenue", **json.loads(f.model_dump_json())} for f in report.revenue]
    assert rows[0] == {
        "measure": "accounts",
        "group": "total",
        "key": "total",
        "this_month": 4,
        "last_month": 4,
        "last_year": 5,
        "year_start": 4,
    }
    assert type(rows[len(report.accounts)]["this_month"]) is str  # an exact amount, as text
    assert json.loads(json.dumps(rows)) == rows


def test_a_report_frame_has_the_report_columns_even_without_data(
    report: kr.MonthlyReport,
) -> None:
    pytest.importorskip("pandas")
    # beside the group's key: its tier and its unit, as ordered categories
    columns = [*REPORT_COLUMNS[:3], "tier", "unit", *REPORT_COLUMNS[3:]]
    assert list(report.to_dataframe().columns) == columns
    empty = kr.monthly_report(revenue(REPORT_DATA), month="2030-01", bureau_annual_revenue=BUREAU)
    frame = empty.to_dataframe()
    assert (list(frame.columns), len(frame)) == (columns, 0)


def test_the_charts_fragment_is_in_english_unless_asked_for_chinese(
    report: kr.MonthlyReport,
) -> None:
    assert report.charts_html() == report.charts_html("en") != report.charts_html("zh")

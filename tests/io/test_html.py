"""The monthly report page (io/html.py): what it stands on, named under its title; charts a
person reads without a legend hunt (a yuan axis, values, tooltips; a pyramid shaped by the
counts)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.money import format_yuan
from tests.month.test_cycle import BUREAU, REPORT_DATA, revenue
from tests.month.test_cycle_levels import level_report


def _report(policy: str | kr.Policy = "combined") -> kr.MonthlyReport:
    return kr.monthly_report(
        revenue(REPORT_DATA), month="2025-01", bureau_annual_revenue=BUREAU, policy=policy
    )


def test_the_report_carries_its_basis() -> None:
    report = _report()
    assert (report.policy_name, report.policy_edition) == ("combined", "combined")
    assert report.policy_version == kr.edition("combined").version
    assert report.policy_fingerprint == kr.edition("combined").fingerprint
    assert report.bureau_annual_revenue == Decimal("300000000.00")
    assert str(report.data_as_of) == "2025-01-31"  # the last month of the revenue
    assert report.customers_given is False
    assert kr.MonthlyReport.model_validate_json(report.model_dump_json()) == report


@pytest.mark.parametrize(
    ("lang", "policy", "bureau", "as_of", "records"),
    [
        ("en", "Policy", "Shantou city and Liangshan prefecture bureaus (002 and 001)",
         "Data as of", "no customer records given"),
        ("zh", "政策", "汕头市局与凉山州邮政局（002、001）", "数据截至", "未提供客户资料"),
    ],
)  # fmt: skip
def test_the_page_names_the_policy_the_bureau_and_the_data_s_as_of_date(
    lang: str, policy: str, bureau: str, as_of: str, records: str
) -> None:
    report = _report()
    page = report.to_html(lang)  # type: ignore[arg-type]
    basis = page[page.index('<table class="basis">') : page.index("</table>")]
    assert f"<th>{policy}</th>" in basis
    assert "combined" in basis
    assert report.policy_fingerprint[:16] in basis
    assert bureau in basis
    assert "300,000,000.00" in basis
    assert f"<th>{as_of}</th><td>2025-01-31 · {records}" in basis


def test_two_policies_reports_are_told_apart_on_the_page() -> None:
    stricter = kr.edition("combined").with_changes({"grading.tiers.gold": 80})
    ours, theirs = _report().to_html("en"), _report(stricter).to_html("en")
    assert stricter.fingerprint[:16] in theirs
    assert stricter.fingerprint[:16] not in ours


def test_a_bureau_s_own_file_is_named_as_such_on_the_page() -> None:
    policy = kr.edition("shantou").model_copy(update={"name": "chaozhou"})
    page = _report(policy).to_html("en")
    assert "chaozhou (a bureau&#x27;s file extending shantou, version " in page


def test_the_level_report_names_liangshan_and_has_no_bureau_revenue_when_none_was_given() -> None:
    page = level_report().to_html("zh")
    assert "凉山州邮政局（001）" in page
    assert "liangshan（版本" in page


def test_the_trend_has_a_yuan_axis_values_and_a_tooltip_per_month() -> None:
    report = _report()
    charts = report.charts_html("en")
    trend = charts[charts.index("13-month trend") :]
    assert '<text x="4" y="26" font-size="10">yuan</text>' in trend
    tooltips = re.findall(r"<title>(\d{4}-\d{2}): ([^<]+)</title>", trend)
    assert [month for month, _ in tooltips] == [p.month for p in report.trend]
    for (_month, shown), point in zip(tooltips, report.trend, strict=True):
        value = point.key_revenue
        assert shown == ("missing" if value is None else format_yuan(value))
    top = max(p.key_revenue for p in report.trend if p.key_revenue is not None)
    assert f">{top.quantize(Decimal(1)):,}</text>" in trend  # the largest bar's value and tick


def test_the_pyramid_s_boxes_are_as_wide_as_their_counts() -> None:
    report = _report()
    charts = report.charts_html("en")
    pyramid = charts[: charts.index("</figure>")]
    widths = {
        label: int(width)
        for width, label in re.findall(
            r'width="(\d+)" height="34" [^>]*><title>(\w+): \d+', pyramid
        )
    }
    counts = {f.key: f.this_month for f in report.accounts if f.group == "tier"}
    assert counts == {"diamond": 0, "gold": 3, "silver": 0, "general": 1}
    assert widths["gold"] == 480  # the largest class is the widest box
    assert widths["diamond"] == widths["silver"] == 24  # none: the narrowest
    assert widths["gold"] > widths["general"] > widths["silver"]
    assert widths["general"] == 24 + (480 - 24) * 1 // 3

"""monthly_report on a month the data does not reach: an empty report that says so."""

from __future__ import annotations

import keyaccount_rules as kr
from tests.month.test_cycle import BUREAU, REPORT_DATA, revenue


def test_a_month_without_revenue_data_gives_an_empty_report_naming_the_month_and_policy() -> None:
    variant = kr.default_policy().with_changes({"grading.tiers.gold": 80})
    empty = kr.monthly_report(
        revenue(REPORT_DATA), month="2030-01", bureau_annual_revenue=BUREAU, policy=variant
    )
    assert (empty.month, empty.has_data, empty.accounts, empty.revenue) == (
        "2030-01",
        False,
        (),
        (),
    )
    assert [(s.rule, s.text) for s in empty.explanation] == [
        ("REPORT-2", "2030-01: no revenue data for this month")
    ]
    assert empty.explanation.steps[0].text_zh == "2030-01：本月无收入数据"
    assert empty.policy_fingerprint == variant.fingerprint != kr.default_policy().fingerprint

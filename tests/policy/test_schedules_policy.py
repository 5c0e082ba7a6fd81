"""The schedules section of the policy: the default validates; each broken value is named."""

from __future__ import annotations

import copy

import pytest

from keyaccount_rules import Cadence, PolicyError, Tier, check_policy, default_policy


def _data():
    return copy.deepcopy(default_policy().model_dump(mode="python"))


def test_the_default_schedules_cite_a_rule_and_a_source_everywhere():
    schedules = default_policy().schedules
    sections = [
        schedules.periods,
        schedules.archives,
        schedules.contacts,
        schedules.fluctuation,
        schedules.filing,
        schedules.key_customers,
        schedules.marketing_log,
        *schedules.calendar.duties,
    ]
    for section in sections:
        assert section.rule
        assert section.source
    assert schedules.archives.cadence[Tier.DIAMOND] is Cadence.HALF_MONTH


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        pytest.param(
            "schedules.periods.half_month_first_half_ends",
            28,
            "schedules.periods.half_month_first_half_ends",
            id="no-second-half-in-february",
        ),
        pytest.param(
            "schedules.periods.months.quarter", 5, "schedules.periods.months.quarter", id="5-months"
        ),
        pytest.param(
            "schedules.calendar.duties.1.key",
            "roster-changes",
            "schedules.calendar.duties.1.key",
            id="duplicate-duty-key",
        ),
        pytest.param(
            "schedules.calendar.duties.10.at_most",
            1,
            "schedules.calendar.duties.10.at_most",
            id="at-most-below-at-least",
        ),
        pytest.param(
            "schedules.contacts.counted", [], "schedules.contacts.counted", id="nothing-counted"
        ),
        pytest.param(
            "schedules.fluctuation.more_than", 0, "schedules.fluctuation.more_than", id="zero-bound"
        ),
        pytest.param(
            "schedules.filing.monthly_average_at_least",
            -1,
            "schedules.filing.monthly_average_at_least",
            id="negative-amount",
        ),
        pytest.param(
            "schedules.marketing_log.checked_tiers",
            ["diamond", "gold", "silver", "general"],
            "schedules.marketing_log.checked_tiers",
            id="general-both-checked-and-rolled-up",
        ),
    ],
)
def test_a_broken_schedule_value_is_rejected_naming_its_path(path, value, named):
    with pytest.raises(PolicyError, match=named.replace(".", r"\.")):
        default_policy().with_changes({path: value})


def test_a_tier_without_an_archive_cadence_is_named():
    data = _data()
    del data["schedules"]["archives"]["cadence"][Tier.GOLD]
    assert [str(p) for p in check_policy(data)] == [
        "schedules.archives.cadence.gold: no entry for this tier [ARCH-1]"
    ]


def test_a_cadence_without_a_length_is_named():
    data = _data()
    del data["schedules"]["periods"]["months"][Cadence.YEAR]
    assert [str(p) for p in check_policy(data)] == [
        "schedules.periods.months.year: missing [ARCH-2]"
    ]


def test_the_roll_up_of_general_logs_is_a_quarterly_calendar_duty_kept_in_step():
    # 002 (五)4(4) 一般大客户: 「由各责任单位大客户服务工作人员登记自己的工作内容,
    # 每季汇总交本单位大客户中心或所属管辖单位统一管理」 — rolled_up's cadence, kept by its duty
    section = default_policy().schedules.marketing_log
    assert section.rolled_up == {Tier.GENERAL: Cadence.QUARTER}
    assert section.rolled_up_with == {Tier.GENERAL: "general-log-rollup"}
    data = _data()
    data["schedules"]["marketing_log"]["rolled_up"] = {Tier.GENERAL: Cadence.MONTH}
    assert [str(p) for p in check_policy(data)] == [
        "schedules.marketing_log.rolled_up_with.general: must name a duty of "
        "schedules.calendar.duties, recurring every month (got 'general-log-rollup') [LOG-2]"
    ]
    data = _data()
    data["schedules"]["marketing_log"]["rolled_up_with"] = {Tier.GENERAL: "no-such-duty"}
    assert [str(p) for p in check_policy(data)] == [
        "schedules.marketing_log.rolled_up_with.general: must name a duty of "
        "schedules.calendar.duties, recurring every quarter (got 'no-such-duty') [LOG-2]"
    ]
    data = _data()
    data["schedules"]["marketing_log"]["rolled_up_with"] = {Tier.SILVER: "general-log-rollup"}
    assert [str(p) for p in check_policy(data)] == [
        "schedules.marketing_log.rolled_up_with.silver: must name a duty of "
        "schedules.calendar.duties, a tier of rolled_up (got 'general-log-rollup') [LOG-2]"
    ]

"""Archive refresh (ARCH-1..3): period boundaries, missed periods, tier changes, bad input."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from keyaccount_rules import (
    RuleInputError,
    Scope,
    Tier,
    Unit,
    archive_status,
    archive_status_with_history,
    check_policy,
    default_policy,
)


@pytest.mark.parametrize(
    ("as_of", "start", "due"),
    [
        pytest.param(date(2025, 3, 1), date(2025, 3, 1), date(2025, 3, 15), id="first-day"),
        pytest.param(date(2025, 3, 15), date(2025, 3, 1), date(2025, 3, 15), id="15th"),
        pytest.param(date(2025, 3, 16), date(2025, 3, 16), date(2025, 3, 31), id="16th"),
        pytest.param(date(2025, 2, 20), date(2025, 2, 16), date(2025, 2, 28), id="feb-28-days"),
        pytest.param(date(2024, 2, 29), date(2024, 2, 16), date(2024, 2, 29), id="leap-feb-29"),
        pytest.param(date(2025, 4, 30), date(2025, 4, 16), date(2025, 4, 30), id="30-day-month"),
        pytest.param(date(2025, 12, 31), date(2025, 12, 16), date(2025, 12, 31), id="year-end"),
    ],
)
def test_diamond_half_month_periods_split_after_the_15th(as_of, start, due):
    status = archive_status(Tier.DIAMOND, [], as_of)
    assert (status.period_start, status.due) == (start, due)


@pytest.mark.parametrize(
    ("tier", "as_of", "start", "due"),
    [
        pytest.param("gold", date(2024, 2, 1), date(2024, 2, 1), date(2024, 2, 29), id="gold-leap"),
        pytest.param("gold", date(2023, 2, 28), date(2023, 2, 1), date(2023, 2, 28), id="gold-feb"),
        pytest.param("gold", date(2025, 6, 30), date(2025, 6, 1), date(2025, 6, 30), id="gold-30"),
        pytest.param("silver", date(2025, 3, 31), date(2025, 1, 1), date(2025, 3, 31), id="q1-end"),
        pytest.param(
            "silver", date(2025, 4, 1), date(2025, 4, 1), date(2025, 6, 30), id="q2-start"
        ),
        pytest.param("silver", date(2025, 12, 31), date(2025, 10, 1), date(2025, 12, 31), id="q4"),
        pytest.param("general", date(2025, 6, 30), date(2025, 1, 1), date(2025, 6, 30), id="h1"),
        pytest.param("general", date(2025, 7, 1), date(2025, 7, 1), date(2025, 12, 31), id="h2"),
    ],
)
def test_periods_are_calendar_aligned_per_tier(tier, as_of, start, due):
    status = archive_status(tier, [], as_of)
    assert (status.period_start, status.due) == (start, due)


def test_a_refresh_on_the_due_date_counts_for_its_period():
    status = archive_status("gold", [date(2025, 1, 31)], date(2025, 2, 10))
    assert status.missed == ()
    assert not status.refreshed


def test_a_refresh_on_the_16th_does_not_count_for_the_first_half():
    status = archive_status(
        "diamond", [date(2025, 3, 16)], date(2025, 3, 20), tracking_since=date(2025, 3, 1)
    )
    assert status.missed == ((date(2025, 3, 1), date(2025, 3, 15)),)
    assert status.refreshed


def test_missed_half_months_cross_a_year_end():
    status = archive_status(
        "diamond", [date(2024, 12, 2)], date(2025, 1, 20), tracking_since=date(2024, 12, 1)
    )
    assert status.missed == (
        (date(2024, 12, 16), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 1, 15)),
    )
    assert (status.period_start, status.due) == (date(2025, 1, 16), date(2025, 1, 31))


def test_tracking_starts_at_the_first_refresh_when_no_start_is_given():
    status = archive_status("gold", [date(2025, 3, 5)], date(2025, 6, 1))
    assert status.tracked_from == date(2025, 3, 1)
    assert status.missed == (
        (date(2025, 4, 1), date(2025, 4, 30)),
        (date(2025, 5, 1), date(2025, 5, 31)),
    )


def test_without_refreshes_or_tracking_start_nothing_is_missed():
    status = archive_status("gold", [], date(2025, 6, 1))
    assert status.missed == ()
    assert status.tracked_from is None
    assert not status.refreshed
    assert "no earlier period is tracked" in str(status.explanation)


def test_tracking_since_without_refreshes_misses_every_earlier_period():
    status = archive_status("silver", [], date(2025, 8, 1), tracking_since=date(2025, 2, 14))
    assert status.missed == (
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
    )


def test_duplicate_refresh_dates_count_once():
    once = archive_status("gold", [date(2025, 5, 2)], date(2025, 5, 9))
    twice = archive_status("gold", [date(2025, 5, 2), date(2025, 5, 2)], date(2025, 5, 9))
    assert once.model_dump(exclude={"explanation"}) == twice.model_dump(exclude={"explanation"})


def test_refreshes_before_tracking_are_kept_but_not_counted():
    status = archive_status(
        "gold", [date(2025, 1, 5)], date(2025, 3, 5), tracking_since=date(2025, 2, 1)
    )
    assert status.missed == ((date(2025, 2, 1), date(2025, 2, 28)),)
    assert status.last_refresh == date(2025, 1, 5)
    assert "ARCH-3" in status.explanation.rules


def test_explanation_cites_the_rules_in_both_languages():
    status = archive_status("gold", [date(2025, 1, 10)], date(2025, 3, 2))
    assert status.explanation.rules == ("ARCH-1", "ARCH-2")
    assert "2025-02-01–2025-02-28" in str(status.explanation)
    assert "每月更新" in status.explanation.render("zh")


def test_a_refresh_after_as_of_is_an_error_naming_it():
    with pytest.raises(RuleInputError, match=r"refresh_dates\[1\]: must not be after as_of"):
        archive_status("gold", [date(2025, 1, 1), date(2025, 2, 2)], date(2025, 2, 1))


def test_as_of_before_tracking_since_is_an_error_naming_as_of():
    with pytest.raises(RuleInputError, match=r"^as_of: must not be before tracking_since"):
        archive_status("gold", [], date(2025, 1, 1), tracking_since=date(2025, 2, 1))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param({"tier": "platinum"}, "tier", id="unknown-tier"),
        pytest.param({"as_of": "2025-01-01"}, "as_of", id="string-as-of"),
        pytest.param({"as_of": datetime(2025, 1, 1, 9)}, "as_of", id="datetime-as-of"),
        pytest.param({"refresh_dates": ["2025-01-01"]}, r"refresh_dates\[0\]", id="string-date"),
        pytest.param({"refresh_dates": date(2025, 1, 1)}, "refresh_dates", id="bare-date"),
    ],
)
def test_bad_arguments_name_the_field(kwargs, field):
    arguments = {"tier": "gold", "refresh_dates": [], "as_of": date(2025, 3, 1), **kwargs}
    with pytest.raises(RuleInputError, match=rf"^{field}:"):
        archive_status(**arguments)


def test_silver_promoted_to_gold_runs_quarterly_until_the_next_month():
    status = archive_status_with_history(
        {date(2025, 1, 1): Tier.SILVER, date(2025, 5, 10): Tier.GOLD},
        [date(2025, 2, 1), date(2025, 6, 20)],
        date(2025, 7, 5),
    )
    assert status.tier is Tier.GOLD
    assert status.missed == ((date(2025, 4, 1), date(2025, 5, 31)),)
    assert status.refreshed_periods == (
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 6, 1), date(2025, 6, 30)),
    )
    assert "tier gold from 2025-05-10" in str(status.explanation)


def test_a_pending_tier_change_shortens_the_current_period():
    status = archive_status_with_history(
        [(date(2025, 1, 1), "silver"), (date(2025, 5, 10), "gold")],
        [date(2025, 4, 2)],
        date(2025, 5, 20),
    )
    assert status.tier is Tier.SILVER
    assert (status.period_start, status.due, status.refreshed) == (
        date(2025, 4, 1),
        date(2025, 5, 31),
        True,
    )


def test_gold_demoted_to_silver_stays_monthly_until_the_next_quarter():
    status = archive_status_with_history(
        {date(2025, 1, 1): "gold", date(2025, 5, 10): "silver"},
        [date(2025, 5, 3), date(2025, 7, 1)],
        date(2025, 8, 1),
    )
    assert status.missed == ((date(2025, 6, 1), date(2025, 6, 30)),)
    assert (status.period_start, status.due) == (date(2025, 7, 1), date(2025, 9, 30))


def test_one_tier_history_matches_the_plain_status():
    plain = archive_status("diamond", [date(2025, 1, 3)], date(2025, 3, 3))
    history = archive_status_with_history(
        {date(2024, 1, 1): "diamond"}, [date(2025, 1, 3)], date(2025, 3, 3)
    )
    assert plain == history


def test_a_history_that_starts_after_tracking_is_an_error():
    with pytest.raises(RuleInputError, match=r"^tier_history: first entry 2025-02-01"):
        archive_status_with_history(
            {date(2025, 2, 1): "gold"}, [date(2025, 1, 5)], date(2025, 3, 1)
        )


def test_a_history_entry_that_is_not_a_pair_is_an_error_naming_it():
    with pytest.raises(RuleInputError, match=r"^tier_history\[0\]"):
        archive_status_with_history([date(2025, 1, 1)], [], date(2025, 3, 1))


def test_a_later_change_supersedes_one_not_yet_in_effect():
    status = archive_status_with_history(
        {date(2025, 1, 1): "silver", date(2025, 5, 10): "gold", date(2025, 5, 20): "diamond"},
        [date(2025, 4, 1), date(2025, 6, 2)],
        date(2025, 6, 20),
    )
    assert status.tier is Tier.DIAMOND
    assert (status.period_start, status.due) == (date(2025, 6, 16), date(2025, 6, 30))
    assert status.missed == ()
    text = str(status.explanation)
    assert "tier diamond from 2025-05-20" in text
    assert "tier gold" not in text


def test_a_tier_change_after_as_of_is_an_error_naming_it():
    with pytest.raises(RuleInputError, match=r"^tier_history\[1\]: must not be after as_of"):
        archive_status_with_history(
            {date(2025, 1, 1): "silver", date(2025, 6, 1): "gold"}, [], date(2025, 5, 1)
        )


def test_archive_as_of_must_be_a_date_not_a_datetime_arch2():
    with pytest.raises(RuleInputError) as caught:
        archive_status("gold", [], datetime(2025, 1, 1, 12, 0))
    assert caught.value.field == "as_of"
    assert caught.value.rule == "ARCH-2"
    assert "must be a datetime.date" in str(caught.value)


def test_archive_history_given_as_a_mapping_of_dates_arch1():
    from keyaccount_rules import archive_status_with_history

    status = archive_status_with_history(
        {date(2025, 1, 1): "silver", date(2025, 5, 10): "gold"},
        [date(2025, 2, 1), date(2025, 6, 20)],
        date(2025, 7, 5),
    )
    assert (status.tier.value, status.period_start, status.due) == (
        "gold",
        date(2025, 7, 1),
        date(2025, 7, 31),
    )
    assert status.missed == ((date(2025, 4, 1), date(2025, 5, 31)),)


def test_archive_status_across_tiers_names_the_missing_archives_section_under_liangshan() -> None:
    from keyaccount_rules import MissingSectionError, edition

    with pytest.raises(MissingSectionError, match=r"^schedules\.archives: .*'liangshan'"):
        archive_status_with_history(
            {date(2026, 1, 1): Tier.GOLD}, [], date(2026, 11, 1), policy=edition("liangshan")
        )


# ---- mutation testing (archives)


def test_an_untracked_decision_counts_no_refresh_even_when_given_some() -> None:
    from keyaccount_rules.core.vocabulary import Cadence
    from keyaccount_rules.rules.archives import decide_archive

    periods = default_policy().schedules.periods
    segments = [(date(2025, 7, 1), Tier.GOLD, Cadence.MONTH)]
    refreshes = [date(2025, 6, 3), date(2025, 7, 2)]
    tracked = decide_archive(segments, (), refreshes, date(2025, 7, 5), True, periods)
    assert tracked.periods == ((date(2025, 7, 1), date(2025, 7, 31)),)
    assert tracked.current_refreshes == (date(2025, 7, 2),)
    assert tracked.refreshed_periods == ((date(2025, 7, 1), date(2025, 7, 31)),)
    assert tracked.before_tracking == 1  # 3 June, before the first tracked period
    untracked = decide_archive(segments, (), refreshes, date(2025, 7, 5), False, periods)
    assert (untracked.current_refreshes, untracked.refreshed_periods) == ((), ())
    assert untracked.before_tracking == 0


def test_a_status_without_refreshes_cites_no_refresh_before_tracking() -> None:
    status = archive_status("gold", [], date(2025, 7, 5))
    assert "ARCH-3" not in status.explanation.rules
    assert status.missed == ()


@pytest.mark.parametrize(
    ("tier", "scope", "keeper"),
    [
        # 002 (五)1: 「区域钻石客户档案由市局大客户中心管理」;
        # 「钻石客户原则上归省局市场部直接管理」
        ("diamond", "regional", Unit.CITY_CENTER),
        ("diamond", "comprehensive", Unit.PROVINCIAL_CENTER),
        # 002 (五)2: 「综合黄金客户的客户档案原则上归市局大客户中心统一管理」;
        # (2)客户档案: 「由市局大客户中心负责管理」
        ("gold", "comprehensive", Unit.CITY_CENTER),
        ("gold", "regional", Unit.CITY_CENTER),
        # 002 (五)3 (2)客户档案: 「由市局大客户中心负责统一管理」
        ("silver", "professional", Unit.CITY_CENTER),
        # 002 (五)4 (2)客户档案:
        # 「由各责任单位大客户中心或专(兼)职客户经理按区域及专业属性负责管理」
        ("general", "regional", Unit.COUNTY_CENTER),
        ("general", "professional", Unit.PROFESSIONAL_BUREAU),
    ],
)
def test_arch_1_names_who_keeps_each_tier_s_archive(tier: str, scope: str, keeper: Unit) -> None:
    status = archive_status(tier, [date(2026, 1, 5)], date(2026, 3, 1), scope=scope)
    assert status.keeper is keeper
    last = status.explanation.steps[-1]
    assert last.rule == "ARCH-1"
    assert last.text_zh.endswith(f"客户：档案由{keeper.zh}管理（002 (五)）")


def test_without_a_scope_the_status_names_no_keeper() -> None:
    status = archive_status("silver", [date(2026, 1, 5)], date(2026, 3, 1))
    assert status.keeper is None
    assert [s.rule for s in status.explanation] == ["ARCH-1", "ARCH-2", "ARCH-2"]


def test_a_keepers_table_missing_a_cell_is_refused_naming_it() -> None:
    data = default_policy().model_dump(mode="python")
    del data["schedules"]["archives"]["keepers"][Tier.GENERAL][Scope.REGIONAL]
    assert [str(p) for p in check_policy(data)] == [
        "schedules.archives.keepers.general.regional: no entry for this tier × scope [ARCH-1]"
    ]

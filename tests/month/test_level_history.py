"""Levels dated by quarter under ``liangshan`` (G-20): the selection, the report, the agenda.

001 selects its key accounts again each quarter: 「按业务种类,核定划分标准甄选大客户范围,建立客户
资料,每季更新」 (客户经理考核指标 1), a key account being one 「在一定时期内用邮量较大…且相对稳定」;
州级 is 「占各项业务用邮量80%以上的客户群」, 县级 what 「各局自定重要客户」. The prefecture centre
collects 「大客户增减」 each month (REPORT-4): a move between 县级 and 州级 is an upgrade or a
downgrade.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, Level, Unit
from keyaccount_rules.records.activity import RevenueRow
from tests.conftest import exactly

LIANGSHAN = kr.edition("liangshan")
EXPRESS = BusinessLine.EXPRESS


def rows(amounts: dict[str, dict[Month, int]]) -> list[RevenueRow]:
    return [
        RevenueRow(n + 2, key, month, EXPRESS, Decimal(amount))
        for n, (key, month, amount) in enumerate(
            (key, month, amount)
            for key, months in amounts.items()
            for month, amount in months.items()
        )
    ]


def months(first: Month, count: int, amount: int) -> dict[Month, int]:
    return {first.shift(n): amount for n in range(count)}


def steady() -> list[RevenueRow]:
    """BIG sends 100 a month, SMALL 10, from 2024-01 to 2025-12: SMALL is never selected."""
    return rows({"BIG": months(Month(2024, 1), 24, 100), "SMALL": months(Month(2024, 1), 24, 10)})


def steady_and_spike(spike: Month) -> list[RevenueRow]:
    """BIG sends 100 a month, SMALL 10 a month but 10,000 in ``spike``: 2024-01 to 2025-12."""
    small = months(Month(2024, 1), 24, 10)
    small[spike] = 10_000
    return rows({"BIG": months(Month(2024, 1), 24, 100), "SMALL": small})


# ---- the selection


def test_a_quarter_is_selected_on_the_twelve_months_before_its_start() -> None:
    # the last month before 2025-04 counts for its selection...
    history = kr.level_history(steady_and_spike(Month(2025, 3)), policy=LIANGSHAN)
    assert history.level_on("SMALL", date(2025, 3, 31)) is None
    assert history.level_on("SMALL", date(2025, 4, 1)) is Level.PREFECTURE
    period = next(p for p in history.periods if p.start == date(2025, 4, 1))
    assert (period.volumes_from, period.volumes_to) == ("2024-04", "2025-03")


def test_the_quarter_s_own_first_month_counts_only_from_the_next_selection() -> None:
    history = kr.level_history(steady_and_spike(Month(2025, 4)), policy=LIANGSHAN)
    assert history.level_on("SMALL", date(2025, 6, 30)) is None
    assert history.level_on("SMALL", date(2025, 7, 1)) is Level.PREFECTURE
    # and it stays for the four quarters the spike is read in, then leaves
    assert [(str(s.since), s.level) for s in history.levels["SMALL"]] == [
        ("2025-01-01", None),
        ("2025-07-01", Level.PREFECTURE),
    ]


def test_the_first_quarter_selected_is_the_first_with_four_quarters_of_data_before_it() -> None:
    data = rows({"A": months(Month(2024, 2), 23, 100)})  # 2024-02 to 2025-12
    history = kr.level_history(data, policy=LIANGSHAN)
    assert history.since == date(2025, 4, 1)  # 2025-01 would read 2024-01, not in the data
    assert [str(p.start) for p in history.periods] == [
        "2025-04-01",
        "2025-07-01",
        "2025-10-01",
        "2026-01-01",
    ]
    assert history.level_on("A", date(2025, 3, 31)) is None


def test_the_quarter_after_the_data_is_selected_and_until_stops_the_selections() -> None:
    data = rows({"A": months(Month(2024, 1), 24, 100)})
    assert kr.level_history(data, policy=LIANGSHAN).periods[-1].start == date(2026, 1, 1)
    stopped = kr.level_history(data, until=date(2025, 6, 30), policy=LIANGSHAN)
    assert [str(p.start) for p in stopped.periods] == ["2025-01-01", "2025-04-01"]
    assert stopped.until == date(2025, 6, 30)
    assert stopped.level_on("A", date(2025, 6, 30)) is Level.PREFECTURE
    assert stopped.level_on("A", date(2025, 7, 1)) is None  # not decided


def test_a_designation_dated_mid_quarter_applies_from_its_date() -> None:
    data = steady()
    history = kr.level_history(
        data, designated={date(2025, 2, 10): ["SMALL"], date(2025, 8, 1): []}, policy=LIANGSHAN
    )
    assert [(str(s.since), s.level) for s in history.levels["SMALL"]] == [
        ("2025-01-01", None),
        ("2025-02-10", Level.COUNTY),
        ("2025-08-01", None),
    ]


def test_a_customer_both_selected_and_designated_is_prefecture_level() -> None:
    """「县(市)级大客户…州局甄选确定其大客户范围,及各局自定重要客户」: the selection outranks."""
    history = kr.level_history(steady(), designated=["BIG", "SMALL"], policy=LIANGSHAN)
    assert {s.level for s in history.levels["BIG"]} == {Level.PREFECTURE}
    assert {s.level for s in history.levels["SMALL"]} == {Level.COUNTY}


def test_industry_partners_are_prefecture_level_in_every_quarter() -> None:
    history = kr.level_history(steady(), always_include=["SMALL"], policy=LIANGSHAN)
    assert all("SMALL" in p.prefecture for p in history.periods)


def test_the_history_explains_each_selection_and_counts_the_moves() -> None:
    history = kr.level_history(
        steady_and_spike(Month(2025, 3)), designated=["SMALL"], policy=LIANGSHAN
    )
    lines = str(history.explanation).splitlines()
    assert lines[1] == (
        "PARETO-1: 2025-04-01 to 2025-06-30: selected on the volumes of 2024-04 to 2025-03: "
        "1 prefecture-level key account(s)"
    )
    # SMALL's spike outweighs BIG's year: SMALL alone is selected, from county level
    assert (
        history.explanation.steps[-1].text_zh == "县级与州级之间变动1次：报表中计为升级或降级(G-20)"
    )


def test_data_too_short_for_any_selection_is_refused_naming_the_field() -> None:
    data = rows({"A": months(Month(2024, 1), 6, 100)})
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "revenue: must not be before 2025-01-01, the first quarter with 4 quarter(s) of "
            "revenue before it (G-20; the data starts 2024-01) (got '2024-07-01') [PARETO-1]"
        ),
    ):
        kr.level_history(data, policy=LIANGSHAN)
    with pytest.raises(kr.RuleInputError, match=r"^until: must not be before 2025-01-01"):
        kr.level_history(data, until=date(2024, 12, 1), policy=LIANGSHAN)


def test_empty_revenue_is_refused() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "revenue: must have at least one revenue row: PARETO-1 reads the volumes of the "
            "quarters before each quarter (G-20) (got 'a series with no rows') [PARETO-1]"
        ),
    ):
        kr.level_history([], policy=LIANGSHAN)


def test_a_designation_of_a_customer_the_revenue_lacks_is_refused() -> None:
    data = rows({"A": months(Month(2024, 1), 13, 100)})
    with pytest.raises(
        kr.RuleInputError,
        match=exactly("designated[2025-03-01]['Z']: is not a customer of the revenue [PARETO-1]"),
    ):
        kr.level_history(data, designated={date(2025, 3, 1): ["Z"]}, policy=LIANGSHAN)


def test_a_policy_without_levels_has_no_quarterly_selection() -> None:
    data = rows({"A": months(Month(2024, 1), 13, 100)})
    with pytest.raises(kr.MissingSectionError, match=r"^levels: the 'combined' edition has no"):
        kr.level_history(data, policy="combined")
    without = LIANGSHAN.with_changes({"levels.selection": None})
    with pytest.raises(kr.MissingSectionError, match=r"^levels\.selection: "):
        kr.level_history(data, policy=without)


def test_under_a_policy_history_each_quarter_is_selected_under_the_policy_in_force() -> None:
    # BIG 100 a month, SMALL 10: BIG alone reaches 80%, both are needed for 95%
    old = LIANGSHAN.with_changes({"effective_from": date(2024, 1, 1)})
    new = old.with_changes({"effective_from": date(2025, 7, 1), "pareto.share": "0.95"})
    history = kr.level_history(steady(), policy=kr.PolicyHistory([old, new]))
    assert history.level_on("SMALL", date(2025, 6, 30)) is None
    assert history.level_on("SMALL", date(2025, 7, 1)) is Level.PREFECTURE
    assert history.policy_fingerprint == new.fingerprint  # in force on the last day selected


def test_the_selection_cadence_is_policy_data_with_its_source() -> None:
    selection = LIANGSHAN.levels.selection  # type: ignore[union-attr]
    assert selection is not None
    assert (selection.every.value, selection.looks_back, selection.rule) == (
        "quarter",
        4,
        "PARETO-1",
    )
    assert "甄选大客户范围,建立客户资料,每季更新" in selection.source
    with pytest.raises(kr.PolicyError, match=r"levels\.selection\.every: must be a whole number"):
        LIANGSHAN.with_changes({"levels.selection.every": "week"})


# ---- the report: moves between 县级 and 州级 (REPORT-4 大客户增减)


def _moving() -> tuple[list[RevenueRow], kr.LevelHistory]:
    """GROW passes STEADY on express from 2025-01: it is selected from 2025-04 (its first
    quarter's volumes), STEADY falls to county level when the selection no longer needs it."""
    data = rows(
        {
            "STEADY": months(Month(2024, 1), 24, 100),
            "GROW": {**months(Month(2024, 1), 12, 10), **months(Month(2025, 1), 12, 1_000)},
        }
    )
    return data, kr.level_history(data, designated=["STEADY", "GROW"], policy=LIANGSHAN)


def test_a_county_account_selected_this_quarter_is_upgraded_in_the_report() -> None:
    data, history = _moving()
    assert history.level_on("GROW", date(2025, 3, 31)) is Level.COUNTY
    assert history.level_on("GROW", date(2025, 4, 1)) is Level.PREFECTURE
    report = kr.monthly_report(
        data, month="2025-04", bureau_annual_revenue=None, levels=history, policy=LIANGSHAN
    )
    against_last_month = report.movements[0]
    assert [(m.customer, m.before, m.after) for m in against_last_month.upgraded] == [
        ("GROW", Level.COUNTY, Level.PREFECTURE)
    ]
    assert against_last_month.gained == against_last_month.lost == ()
    assert report.transitions["county>prefecture"] == 1
    assert "levels dated (G-20)" in str(report.explanation)


def test_a_prefecture_account_no_longer_selected_is_downgraded() -> None:
    data, history = _moving()
    down = next(s.since for s in history.levels["STEADY"] if s.level is Level.COUNTY)
    report = kr.monthly_report(
        data,
        month=Month.of(down),
        bureau_annual_revenue=None,
        levels=history,
        policy=LIANGSHAN,
    )
    assert [(m.customer, m.before, m.after) for m in report.movements[0].downgraded] == [
        ("STEADY", Level.PREFECTURE, Level.COUNTY)
    ]
    # the figures by unit follow the levels (LEVEL-1)
    by_unit = {f.key: (f.this_month, f.last_month) for f in report.accounts if f.group == "unit"}
    assert by_unit[Unit.COUNTY_CENTER.value] == (1, 0)


def test_a_month_before_the_first_selection_is_missing_never_all_gained() -> None:
    data, history = _moving()
    report = kr.monthly_report(
        data, month="2025-01", bureau_annual_revenue=None, levels=history, policy=LIANGSHAN
    )
    assert report.accounts[0].this_month == 2
    assert report.accounts[0].last_month is None  # 2024-12: before 2025-01-01, not decided
    assert report.movements[0].available is False


def test_dated_levels_given_by_hand_work_as_a_history() -> None:
    data, _history = _moving()
    levels = {
        "STEADY": "prefecture",  # a plain level: a history of one entry
        "GROW": {date(2024, 1, 1): "county", date(2025, 2, 1): "州级"},
    }
    report = kr.monthly_report(
        data, month="2025-02", bureau_annual_revenue=None, levels=levels, policy=LIANGSHAN
    )
    assert [m.customer for m in report.movements[0].upgraded] == ["GROW"]


def test_plain_levels_say_they_hold_in_every_month() -> None:
    data, _history = _moving()
    report = kr.monthly_report(
        data,
        month="2025-02",
        bureau_annual_revenue=None,
        levels={"STEADY": "prefecture", "GROW": "county"},
        policy=LIANGSHAN,
    )
    assert report.movements[0].upgraded == ()
    assert "levels as given, the same in every month compared" in str(report.explanation)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param(
            [(date(2025, 1, 1), "county"), (date(2025, 1, 1), "prefecture")],
            "levels['GROW'][1]: the same date appears twice (got '2025-01-01') [LEVEL-1]",
            id="a-date-twice",
        ),
        pytest.param(
            {}, "levels['GROW']: must name at least one level (got {}) [LEVEL-1]", id="empty"
        ),
        pytest.param(
            [date(2025, 1, 1)],
            "levels['GROW'][0]: must be a (date, level) pair (got 2025-01-01) [LEVEL-1]",
            id="not-a-pair",
        ),
        pytest.param(
            5,
            "levels['GROW']: must be a level (prefecture/county/None) or dated levels "
            "{date: level} (got 'int') [LEVEL-1]",
            id="a-number",
        ),
    ],
)
def test_bad_dated_levels_are_named_before_the_report_starts(given: object, message: str) -> None:
    data, _history = _moving()
    with pytest.raises(kr.RuleInputError, match=exactly(message)):
        kr.monthly_report(
            data,
            month="2025-02",
            bureau_annual_revenue=None,
            levels={"STEADY": "prefecture", "GROW": given},
            policy=LIANGSHAN,
        )


# ---- the agenda: the level in force on as_of


def test_the_agenda_takes_the_level_in_force_on_as_of_with_its_unit() -> None:
    _data, history = _moving()
    customers = [kr.Customer(name="STEADY"), kr.Customer(name="GROW")]

    def unit_of(as_of: date) -> set[Unit]:
        result = kr.agenda(
            customers, [], as_of=as_of, bureau_annual_revenue=None, levels=history, policy=LIANGSHAN
        )
        return {i.unit for i in result.items if i.customer == "GROW"}

    assert unit_of(date(2025, 3, 20)) == {Unit.COUNTY_CENTER}
    assert unit_of(date(2025, 4, 2)) == {Unit.PREFECTURE_CENTER}


def test_the_agenda_refuses_a_day_the_history_does_not_decide() -> None:
    _data, history = _moving()
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "as_of: must not be before the first day the levels decide, 2025-01-01 (G-20) "
            "(got '2024-12-31') [EDITION-2]"
        ),
    ):
        kr.agenda(
            [kr.Customer(name="GROW")],
            [],
            as_of=date(2024, 12, 31),
            bureau_annual_revenue=None,
            levels=history,
            policy=LIANGSHAN,
        )
    with pytest.raises(kr.RuleInputError, match=r"^levels: must not be before as_of 2026-04-01"):
        kr.agenda(
            [kr.Customer(name="GROW")],
            [],
            as_of=date(2026, 4, 1),
            bureau_annual_revenue=None,
            levels=history,
            policy=LIANGSHAN,
        )

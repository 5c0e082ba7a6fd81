"""The monthly cycle: activity as data, the agenda and the monthly report.

Hand-checked cases on small hand-built data; the bureau's annual revenue is 300,000,000, so an
annual revenue of 1,200,000 grades DIAMOND, 600,000 GOLD and 200,000 GENERAL (GRADE-1..4).
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, Tier
from keyaccount_rules.io.activity import parse_activity, parse_revenue
from keyaccount_rules.io.safety import ics_text
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.records.activity import Event, Kind, RevenueRow

BUREAU = 300_000_000
EXPRESS = BusinessLine.EXPRESS


def customer(name: str, annual: int, scope: str = "comprehensive") -> kr.Customer:
    return kr.Customer(
        name=name,
        scope=scope,
        has_agreement=True,
        last_year_revenue={"express": annual},
        current_month_revenue={"express": annual // 12},
    )


GOLD = customer("GOLD", 600_000)  # comprehensive gold: 2 contacts a month (VISIT-1)
ACCOUNT: dict[str, object] = {
    "has_agreement": True,
    "last_year_revenue": {"express": 600_000},
    "current_month_revenue": {"express": 50_000},
}
DIAMOND = customer("DIAMOND", 1_200_000)


def ev(row: int, name: str, on: date, kind: Kind, manager: str = "Li", **more: object) -> Event:
    return Event(row, name, on, kind, manager, **more)  # type: ignore[arg-type]


def items(result: kr.Agenda, name: str, duty: str) -> list[tuple[date, str]]:
    """One customer's items of one duty, by due date (the agenda lists overdue ones first)."""
    found = [(i.due, i.status) for i in result.items if i.customer == name and i.duty == duty]
    return sorted(found, key=lambda pair: pair[0])


def plan(activity: list[Event], as_of: date = date(2025, 3, 20), **more: object) -> kr.Agenda:
    return kr.agenda([GOLD, DIAMOND], activity, as_of=as_of, bureau_annual_revenue=BUREAU, **more)  # type: ignore[arg-type]


def test_the_hand_built_customers_have_the_tiers_the_cases_assume() -> None:
    tiers = [
        kr.evaluate(c, bureau_annual_revenue=BUREAU, as_of=date(2025, 3, 1)).tier
        for c in (GOLD, DIAMOND)
    ]
    assert tiers == [Tier.GOLD, Tier.DIAMOND]


# ---- agenda: one case per kind of duty


def test_one_visit_of_two_required_leaves_the_month_s_contacts_due() -> None:
    result = plan([ev(2, "GOLD", date(2025, 3, 4), Kind.VISIT)])
    assert items(result, "GOLD", "contacts") == [(date(2025, 3, 31), "due")]


def test_a_visit_and_a_call_make_the_month_s_contacts_done() -> None:
    result = plan(
        [ev(2, "GOLD", date(2025, 3, 4), Kind.VISIT), ev(3, "GOLD", date(2025, 3, 9), Kind.CONTACT)]
    )
    assert items(result, "GOLD", "contacts") == [(date(2025, 3, 31), "done")]


def test_a_leadership_visit_this_month_shows_the_yearly_duty_done() -> None:
    result = plan([ev(2, "GOLD", date(2025, 3, 4), Kind.LEADERSHIP_VISIT)])
    assert items(result, "GOLD", "leadership_visit") == [(date(2025, 12, 31), "done")]
    assert items(plan([]), "GOLD", "leadership_visit") == [(date(2025, 12, 31), "due")]


def test_key_dates_are_due_on_their_day_and_a_greeting_on_the_day_fulfils_one() -> None:
    # VISIT-3, G-17: 「特定日期拜访: 在每年的重要节假日以及重要人士的生日等上门向客户致问候」
    birthday = ev(2, "GOLD", date(1970, 3, 8), Kind.KEY_DATE, detail="董事长生日")
    greeted = ev(3, "GOLD", date(2025, 3, 8), Kind.GREETING)
    early = ev(4, "GOLD", date(2025, 3, 11), Kind.GREETING)  # the day before 植树节
    holidays = {date(2025, 3, 12): "植树节", date(2025, 3, 28): "Late day"}
    result = plan([birthday, greeted, early], holidays=holidays)
    assert items(result, "GOLD", "greeting") == [
        (date(2025, 3, 8), "done"),
        (date(2025, 3, 12), "overdue"),
        (date(2025, 3, 28), "due"),
    ]


def test_a_greeting_on_the_first_does_not_fulfil_a_birthday_on_the_31st() -> None:
    # G-17: never "any day of the same month" (greeting_window_days 0: on the day)
    birthday = ev(2, "GOLD", date(1970, 3, 31), Kind.KEY_DATE, detail="董事长生日")
    greeted = ev(3, "GOLD", date(2025, 3, 1), Kind.GREETING)
    result = plan([birthday, greeted], as_of=date(2025, 3, 31))
    assert items(result, "GOLD", "greeting") == [(date(2025, 3, 31), "due")]


def test_a_greeting_window_reaches_back_into_the_previous_month() -> None:
    # G-17: a greeting on 28 February counts for 1 March with a window of 1 day or more
    policy = kr.edition("combined").with_changes({"schedules.greetings.greeting_window_days": 1})
    birthday = ev(2, "GOLD", date(1970, 3, 1), Kind.KEY_DATE, detail="董事长生日")
    greeted = ev(3, "GOLD", date(2025, 2, 28), Kind.GREETING)
    result = plan([birthday, greeted], policy=policy)
    assert items(result, "GOLD", "greeting") == [(date(2025, 3, 1), "done")]
    assert items(plan([birthday, greeted]), "GOLD", "greeting") == [(date(2025, 3, 1), "overdue")]


def test_shantou_lists_no_greeting_duties_for_key_dates() -> None:
    # VISIT-3: 002 has no greeting duty; under shantou key dates are archive data
    birthday = ev(2, "GOLD", date(1970, 3, 8), Kind.KEY_DATE, detail="董事长生日")
    result = plan([birthday], holidays={date(2025, 3, 12): "植树节"}, policy="shantou")
    assert [i for i in result.items if i.duty == "greeting"] == []
    assert items(plan([birthday]), "GOLD", "greeting") == [(date(2025, 3, 8), "overdue")]


def test_a_dated_key_date_is_due_in_its_year_only() -> None:
    # G-18: a lunar birthday (农历生日) is supplied per year, never recurring on its Gregorian day
    lunar = ev(2, "GOLD", date(2024, 3, 10), Kind.DATED_KEY_DATE, detail="农历生日")
    assert items(plan([lunar], as_of=date(2024, 3, 20)), "GOLD", "greeting") == [
        (date(2024, 3, 10), "overdue")
    ]
    assert items(plan([lunar]), "GOLD", "greeting") == []


def test_a_dated_key_date_later_in_the_month_is_listed_ahead() -> None:
    # a key date is a date of the calendar, not an event: never "after as_of"
    lunar = ev(2, "GOLD", date(2025, 3, 25), Kind.DATED_KEY_DATE, detail="农历生日")
    result = plan([lunar])
    assert items(result, "GOLD", "greeting") == [(date(2025, 3, 25), "due")]
    assert result.problems == ()


@pytest.mark.parametrize(
    ("as_of", "due"),
    [(date(2025, 2, 20), date(2025, 2, 28)), (date(2028, 2, 20), date(2028, 2, 29))],
    ids=["common-year", "leap-year"],
)
def test_a_yearly_key_date_on_29_february_falls_on_28_february_in_common_years(
    as_of: date, due: date
) -> None:
    # G-18
    leap = ev(2, "GOLD", date(1964, 2, 29), Kind.KEY_DATE, detail="董事长生日")
    assert items(plan([leap], as_of=as_of), "GOLD", "greeting") == [(due, "due")]


def test_archive_refresh_this_month_is_done_and_a_missed_half_month_is_overdue() -> None:
    result = plan([ev(2, "GOLD", date(2025, 3, 2), Kind.ARCHIVE_REFRESH)])
    assert items(result, "GOLD", "archive") == [(date(2025, 3, 31), "done")]
    # DIAMOND: half-months; 1–15 March passed without a refresh.
    assert items(result, "DIAMOND", "archive") == [
        (date(2025, 3, 15), "overdue"),
        (date(2025, 3, 31), "due"),
    ]


def test_g9_a_tier_change_mid_month_switches_cadence_at_the_first_new_period() -> None:
    history = [
        ev(2, "GOLD", date(2025, 1, 1), Kind.TIER, detail="silver"),
        ev(3, "GOLD", date(2025, 3, 10), Kind.TIER, detail="gold"),
        ev(4, "GOLD", date(2025, 3, 4), Kind.VISIT),
    ]
    result = plan(history)
    # G-9: March keeps SILVER's 1 contact a month; GOLD's 2 apply from April.
    assert items(result, "GOLD", "contacts") == [(date(2025, 3, 31), "done")]
    # The SILVER quarter Jan–Mar runs on to its end; monthly refreshes start in April.
    assert items(result, "GOLD", "archive") == [(date(2025, 3, 31), "due")]
    april = plan(history, as_of=date(2025, 4, 10))
    assert items(april, "GOLD", "contacts") == [(date(2025, 4, 30), "due")]


def log(row: int, stage: str, content: str = "needs") -> Event:
    return ev(
        row,
        "GOLD",
        date(2025, 2, row),
        Kind.MARKETING_LOG,
        stage=kr.LogStage(stage),
        content=content,
        method="visit",
        our_participants=("Li",),
        customer_participants=("Wang",),
    )


def test_a_complete_marketing_log_is_done_and_a_gap_leaves_it_due() -> None:
    assert items(
        plan([log(2, "initial_contact"), log(3, "proposal")]), "GOLD", "marketing_log"
    ) == [(date(2025, 3, 31), "done")]
    assert items(
        plan([log(2, "initial_contact"), log(3, "proposal", content="")]), "GOLD", "marketing_log"
    ) == [(date(2025, 3, 31), "due")]


def revenue(amounts: dict[str, dict[str, int]]) -> RevenueSeries:
    return RevenueSeries.from_rows(
        RevenueRow(1, name, Month.parse(month), EXPRESS, Decimal(amount))
        for name, months in amounts.items()
        for month, amount in months.items()
    )


def test_a_swing_over_30_percent_last_month_asks_for_an_analysis() -> None:
    series = revenue(
        {
            "GOLD": {"2025-01": 100_000, "2025-02": 131_000},
            "DIAMOND": {"2025-01": 100_000, "2025-02": 130_000},
        }
    )
    result = plan([], revenue=series)
    # FLUX-1's analysis belongs to the monthly analysis report (002 (四)6: 每月28日前): the 28th
    assert items(result, "GOLD", "analysis") == [(date(2025, 3, 28), "due")]
    assert items(result, "DIAMOND", "analysis") == []  # exactly 30% is not "more than"
    done = plan([ev(2, "GOLD", date(2025, 3, 3), Kind.ANALYSIS)], revenue=series)
    assert items(done, "GOLD", "analysis") == [(date(2025, 3, 28), "done")]
    late = plan([], as_of=date(2025, 3, 29), revenue=series)
    assert items(late, "GOLD", "analysis") == [(date(2025, 3, 28), "overdue")]
    item = next(i for i in result.items if i.duty == "analysis")
    assert [s.rule for s in item.explanation][-1] == "FLUX-1"
    assert "monthly analysis report (REPORT-2)" in str(item.explanation)


def test_a_one_time_key_account_owes_no_swing_analysis() -> None:
    # FLUX-1: 「月业务量波动幅度超过30%的大客户必须分析原因(一次性大客户除外)」
    series = revenue({"GOLD": {"2025-01": 100_000, "2025-02": 131_000}})
    once = GOLD.model_copy(update={"one_time": True})
    result = kr.agenda(
        [once, DIAMOND], [], as_of=date(2025, 3, 20), bureau_annual_revenue=BUREAU, revenue=series
    )
    assert items(result, "GOLD", "analysis") == []
    assert items(plan([], revenue=series), "GOLD", "analysis") == [(date(2025, 3, 28), "due")]


def test_a_gold_customer_averaging_25000_is_filed_and_a_filing_row_marks_it_done() -> None:
    series = revenue({"GOLD": {"2025-01": 25_000, "2025-02": 25_000}})
    assert items(plan([], revenue=series), "GOLD", "filing") == [(date(2025, 3, 31), "due")]
    filed = plan([ev(2, "GOLD", date(2025, 3, 5), Kind.FILING)], revenue=series)
    assert items(filed, "GOLD", "filing") == [(date(2025, 3, 31), "done")]


def test_the_unit_duties_of_the_work_calendar_are_listed_and_a_report_row_marks_one_done() -> None:
    done = Event(2, "", date(2025, 3, 3), Kind.REPORT, detail="prefecture-collection")
    result = plan([done])
    units = {(i.rule, i.duty): i.status for i in result.items if i.customer is None}
    assert units[("REPORT-4", "prefecture-collection")] == "done"
    assert units[("REPORT-3", "city-monthly-report")] == "overdue"  # due the 5th
    assert units[("REPORT-2", "unit-monthly-report")] == "due"  # due the 28th


def test_activity_for_an_unknown_customer_or_after_as_of_is_reported_not_dropped() -> None:
    result = plan(
        [
            ev(7, "NOBODY", date(2025, 3, 1), Kind.VISIT),
            ev(8, "GOLD", date(2025, 3, 21), Kind.VISIT),
        ]
    )
    assert [(p.row, p.customer) for p in result.problems] == [(7, "NOBODY"), (8, "GOLD")]
    assert "after as_of 2025-03-20" in result.problems[1].problem
    assert any("could not be used" in s.text for s in result.explanation)


def test_filter_by_manager_keeps_that_manager_s_items_and_by_unit_keeps_unit_duties() -> None:
    result = plan(
        [
            ev(2, "GOLD", date(2025, 3, 4), Kind.VISIT, manager="Li"),
            ev(3, "DIAMOND", date(2025, 3, 4), Kind.VISIT, manager="Wang"),
        ]
    )
    assert result.managers == ("Li", "Wang")
    assert {i.customer for i in result.filter(manager="Li").items} == {"GOLD"}
    provincial = result.filter(unit="provincial_center")
    assert {i.customer for i in provincial.items} == {None, "DIAMOND"}
    assert result.filter(unit="省局市场部大客户中心") == provincial  # the unit's label


def test_a_filtered_agenda_s_summary_counts_the_filtered_items() -> None:
    result = plan(
        [
            ev(2, "GOLD", date(2025, 3, 4), Kind.VISIT, manager="Li"),
            ev(3, "DIAMOND", date(2025, 3, 4), Kind.VISIT, manager="Wang"),
        ]
    )
    li = result.filter(manager="Li")
    counts = Counter(i.status for i in li.items)
    assert li.explanation[0].text == (
        f"2025-03: {len(li.items)} item(s): {counts['due']} due, {counts['overdue']} overdue, "
        f"{counts['done']} done"
    )
    assert len(li.items) < len(result.items)
    assert f"{len(result.items)} item(s)" in result.explanation[0].text
    assert li.explanation[1:] == result.explanation[1:]


def test_the_agenda_lists_overdue_then_due_then_done_each_by_date_per_manager() -> None:
    result = plan([ev(2, "GOLD", date(2025, 3, 2), Kind.ARCHIVE_REFRESH, manager="Li"),
                   ev(3, "DIAMOND", date(2025, 3, 4), Kind.VISIT, manager="Li")])  # fmt: skip
    rank = {"overdue": 0, "due": 1, "done": 2}
    keys = [(i.manager or "", rank[i.status], i.due) for i in result.items]
    assert keys == sorted(keys)
    assert {i.status for i in result.items if i.manager == "Li"} == {"overdue", "due", "done"}


def test_the_agenda_round_trips_through_json_and_makes_a_dataframe() -> None:
    result = plan([ev(2, "GOLD", date(2025, 3, 4), Kind.VISIT)])
    assert kr.Agenda.model_validate_json(result.model_dump_json()) == result
    frame = result.to_dataframe()
    assert len(frame) == len(result.items)
    assert str(frame["due"].dtype).startswith("datetime64")


def test_no_text_can_inject_a_line_into_the_ics() -> None:
    sneaky = "X\r\nEND:VEVENT\rBEGIN:VEVENT;a,b\\"
    result = plan([ev(2, "GOLD", date(2025, 3, 4), Kind.VISIT, manager=sneaky)])
    text = result.to_ics(manager=sneaky)
    lines = text.split("\r\n")
    assert lines.count("END:VEVENT") == lines.count("BEGIN:VEVENT") > 0
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert ics_text("a;b,c\\d\r\ne") == "a\\;b\\,c\\\\d\\ne"


# ---- reading activity and revenue


def test_an_unknown_kind_is_an_error_naming_its_row() -> None:
    text = "customer,date,kind\nA,2025-03-01,visit\nA,2025-03-02,lunch\n"
    with pytest.raises(kr.RowError, match=r"row 3: kind: unknown kind 'lunch'"):
        list(parse_activity(io.StringIO(text), source="a.csv"))
    errors: list[kr.RowError] = []
    rows = list(
        parse_activity(io.StringIO(text), source="a.csv", on_error="skip", report=errors.append)
    )
    assert [r.row for r in rows] == [2]
    assert [e.row for e in errors] == [3]


def test_a_jsonl_marketing_log_row_carries_its_stage_and_participants() -> None:
    line = json.dumps(
        {
            "customer": "A",
            "date": "2025-03-01",
            "kind": "marketing_log",
            "stage": "报价",
            "our_participants": ["Li", " "],
            "customer_participants": "Wang;Zhao",
        }
    )
    (row,) = parse_activity(io.StringIO(line + "\n"), source="a.jsonl")
    assert (row.stage, row.our_participants, row.customer_participants) == (
        kr.LogStage.QUOTATION,
        ("Li",),
        ("Wang", "Zhao"),
    )


def test_a_revenue_row_without_an_amount_is_an_error_not_a_zero() -> None:
    text = "customer,month,line,amount\nA,2025-01,express,\n"
    with pytest.raises(kr.RowError, match="row 2: amount: must not be empty"):
        list(parse_revenue(io.StringIO(text)))


def test_a_month_missing_inside_a_series_is_none_not_zero() -> None:
    series = revenue({"A": {"2025-01": 10, "2025-03": 30}})
    assert series.total("A", Month(2025, 2)) is None
    assert series.total("A", Month(2024, 12)) == 0  # before the series: not a customer yet
    assert series.missing("A") == (Month(2025, 2),)


# ---- the monthly report: gained, lost, upgraded, downgraded against each base


def monthly(
    amounts_2023: int, amounts_2024: int, dec_2024: int | None, jan_2025: int
) -> dict[str, int]:
    months = {f"2023-{m:02d}": amounts_2023 for m in range(1, 13)}
    months |= {f"2024-{m:02d}": amounts_2024 for m in range(1, 13)}
    if dec_2024 is not None:
        months["2024-12"] = dec_2024
    months["2025-01"] = jan_2025
    return months


REPORT_DATA = {
    "A": monthly(50_000, 50_000, None, 70_000),  # gold → gold, +40% (FLUX-1)
    "UP": monthly(20_000, 50_000, None, 50_000),  # general (2023) → gold (2024)
    "DOWN": monthly(100_000, 50_000, None, 30_000),  # diamond → gold, −40%
    "GAIN": monthly(20_000, 20_000, 500, 20_000),  # Dec below QUAL-2's 1,000: not key
    "LOST": monthly(20_000, 20_000, None, 500),  # January below 1,000: lost
}


@pytest.fixture(scope="module")
def report() -> kr.MonthlyReport:
    return kr.monthly_report(revenue(REPORT_DATA), month="2025-01", bureau_annual_revenue=BUREAU)


def test_gained_lost_upgraded_downgraded_against_last_month(report: kr.MonthlyReport) -> None:
    last_month = report.movements[0]
    assert (last_month.against, last_month.base, last_month.available) == (
        "last_month",
        "2024-12",
        True,
    )
    assert [m.customer for m in last_month.gained] == ["GAIN"]
    assert [m.customer for m in last_month.lost] == ["LOST"]
    assert [(m.customer, m.before, m.after) for m in last_month.upgraded] == [
        ("UP", Tier.GENERAL, Tier.GOLD)
    ]
    assert [(m.customer, m.before, m.after) for m in last_month.downgraded] == [
        ("DOWN", Tier.DIAMOND, Tier.GOLD)
    ]


def test_movements_against_the_same_month_last_year(report: kr.MonthlyReport) -> None:
    last_year = report.movements[1]
    assert last_year.base == "2024-01"
    assert last_year.available
    assert (last_year.gained, [m.customer for m in last_year.lost]) == ((), ["LOST"])
    assert [m.customer for m in last_year.upgraded] == ["UP"]
    assert [m.customer for m in last_year.downgraded] == ["DOWN"]


def test_account_counts_against_last_month_last_year_and_year_start(
    report: kr.MonthlyReport,
) -> None:
    figures = {
        (f.group, f.key): (f.this_month, f.last_month, f.last_year, f.year_start)
        for f in report.accounts
    }
    assert figures["total", "total"] == (4, 4, 5, 4)
    assert figures["tier", "gold"] == (3, 1, 1, 1)
    assert figures["tier", "diamond"] == (0, 1, 1, 1)
    assert figures["tier", "general"] == (1, 2, 3, 2)


def test_key_account_revenue_against_last_month_last_year_and_year_to_date(
    report: kr.MonthlyReport,
) -> None:
    total = report.revenue[0]
    assert (total.this_month, total.last_month, total.last_year) == (
        Decimal("170000.00"),
        Decimal("170000.00"),
        Decimal("190000.00"),
    )
    assert (total.year_to_date, total.year_to_date_last_year) == (
        Decimal("170000.00"),
        Decimal("190000.00"),
    )


def test_the_flux_list_carries_signed_changes(report: kr.MonthlyReport) -> None:
    assert [(r.customer, r.change) for r in report.flux] == [
        ("A", Decimal("0.4")),
        ("DOWN", Decimal("-0.4")),
        ("GAIN", Decimal("39")),
    ]


def test_a_one_time_key_account_is_left_out_of_the_report_s_flux_list() -> None:
    # FLUX-1: 「月业务量波动幅度超过30%的大客户必须分析原因(一次性大客户除外)」
    records = [kr.Customer(name="A", has_agreement=True, one_time=True)]
    report = kr.monthly_report(
        revenue(REPORT_DATA), month="2025-01", bureau_annual_revenue=BUREAU, customers=records
    )
    assert [r.customer for r in report.flux] == ["DOWN", "GAIN"]
    assert "1 one-time key account(s) (一次性大客户)" in str(report.explanation)


def test_research_rows_give_002_s_timed_steps_in_the_agenda() -> None:
    # G-21, 002 (三)6: step 1 「在一周内」 from the start, step 2 「同样在一周内」 from step 1
    rows = [
        Event(2, "", date(2025, 3, 2), Kind.RESEARCH_START, "Li", "医药"),
        Event(3, "", date(2025, 3, 6), Kind.RESEARCH_SURVEY, "Li", "医药"),
        Event(4, "", date(2025, 3, 10), Kind.RESEARCH_START, "Wang", "物流"),
    ]
    result = plan(rows)
    got = [(i.duty, i.what, i.due, i.status, i.manager) for i in result.items if i.rule == "G-21"]
    assert got == [  # by manager, the overdue first
        (
            "research_ranking",
            "research on 医药: step 2 within 7 days",
            date(2025, 3, 13),
            "overdue",
            "Li",
        ),
        (
            "research_survey",
            "research on 医药: step 1 within 7 days",
            date(2025, 3, 9),
            "done",
            "Li",
        ),
        (
            "research_survey",
            "research on 物流: step 1 within 7 days",
            date(2025, 3, 17),
            "overdue",
            "Wang",
        ),
    ]
    assert result.problems == ()


def test_research_rows_under_liangshan_are_problems_not_duties() -> None:
    rows = [Event(2, "", date(2025, 3, 2), Kind.RESEARCH_START, "Li", "医药")]
    result = kr.agenda(
        [], rows, as_of=date(2025, 3, 20), policy="liangshan", levels={}, bureau_annual_revenue=None
    )
    assert [(p.row, p.customer) for p in result.problems] == [(2, "医药")]
    assert "002's (G-21)" in result.problems[0].problem
    survey_alone = plan([Event(2, "", date(2025, 3, 2), Kind.RESEARCH_SURVEY, "Li", "医药")])
    assert [p.row for p in survey_alone.problems] == [2]


def test_a_research_row_reads_from_a_file_without_a_customer() -> None:
    text = "customer,date,kind,detail\n,2025-03-02,research_start,医药\n"
    (event,) = parse_activity(io.StringIO(text), source="a.csv")
    assert (event.kind, event.detail) == (Kind.RESEARCH_START, "医药")


def test_the_report5_table_and_the_file1_list(report: kr.MonthlyReport) -> None:
    assert [r.customer for r in report.detail] == ["A", "UP", "DOWN", "GAIN"]
    assert report.detail[0].last_year == Decimal("50000.00")
    assert [(r.customer, r.by_amount) for r in report.filing] == [
        ("A", True),
        ("UP", True),
        ("DOWN", True),
    ]
    assert report.filing[0].monthly_average == Decimal("51666.67")


def test_the_trend_covers_13_months_and_the_report_round_trips(report: kr.MonthlyReport) -> None:
    assert [p.month for p in report.trend][::12] == ["2024-01", "2025-01"]
    assert report.trend[-1].key_revenue == Decimal("170000.00")
    assert kr.MonthlyReport.model_validate_json(report.model_dump_json()) == report
    frame = report.to_dataframe()
    assert set(frame["measure"]) == {"accounts", "revenue"}


def test_the_report_frame_holds_counts_as_int_and_money_as_decimal_that_sum_exactly(
    report: kr.MonthlyReport,
) -> None:
    frame = report.to_dataframe()
    revenue = frame.query("measure == 'revenue' and group == 'tier'")["this_month"]
    assert all(type(v) is Decimal for v in revenue)
    assert revenue.sum() == report.revenue[0].this_month  # the tiers add up to the total
    counts = frame.query("measure == 'accounts'")["this_month"]
    assert all(type(v) is int for v in counts)
    assert counts.iloc[1:5].sum() == report.accounts[0].this_month
    assert frame.query("measure == 'revenue'")["year_start"].isna().all()


def test_the_report_frame_s_tiers_and_units_are_ordered_categories(
    report: kr.MonthlyReport,
) -> None:
    frame = report.to_dataframe()
    tier = frame["tier"]
    assert tier.cat.ordered
    assert list(tier.cat.categories) == ["general", "silver", "gold", "diamond"]
    tiers = frame.query("group == 'tier'")
    assert list(tiers.sort_values("tier", ascending=False)["key"].drop_duplicates()) == [
        "diamond",
        "gold",
        "silver",
        "general",
    ]
    assert frame["unit"].cat.ordered
    assert list(frame["unit"].cat.categories) == [u.value for u in kr.Unit]
    assert frame.query("group == 'total'")[["tier", "unit"]].isna().all().all()


def test_figures_the_data_does_not_reach_are_missing_not_zero() -> None:
    early = kr.monthly_report(revenue(REPORT_DATA), month="2024-01", bureau_annual_revenue=BUREAU)
    total = early.accounts[0]
    assert total.this_month == 5
    assert total.last_year is None
    assert total.year_start is None
    assert early.movements[1].available is False
    assert early.trend[0].key_accounts is None
    assert any("cannot be graded" in s.text for s in early.explanation)


def test_a_detail_row_s_same_month_last_year_is_missing_where_the_data_does_not_reach() -> None:
    # by level a month is reported from its own revenue, so the first month of data has
    # detail rows whose same month last year is unknown: None, never 0
    first = kr.monthly_report(
        revenue({"A": {"2025-01": 70_000}}),
        month="2025-01",
        bureau_annual_revenue=BUREAU,
        levels={"A": "county"},
        policy=kr.edition("liangshan"),
    )
    assert [(row.customer, row.last_year) for row in first.detail] == [("A", None)]
    report = kr.monthly_report(revenue(REPORT_DATA), month="2025-01", bureau_annual_revenue=BUREAU)
    assert {row.customer: row.last_year for row in report.detail}["A"] == Decimal("50000.00")


def test_an_agreement_customer_whose_series_ended_is_still_a_key_account_by_qual_1() -> None:
    # QUAL-1: a signed agreement makes a key account whatever its revenue; its series ended in
    # December, so January has no revenue (0, outside the series), yet last year is known
    data = {"SIGNED": {f"2024-{m:02d}": 50_000 for m in range(1, 13)}, **REPORT_DATA}
    signed = kr.Customer(name="SIGNED", has_agreement=True)
    report = kr.monthly_report(
        revenue(data), month="2025-01", bureau_annual_revenue=BUREAU, customers=[signed]
    )
    without = kr.monthly_report(revenue(data), month="2025-01", bureau_annual_revenue=BUREAU)
    assert report.accounts[0].this_month == without.accounts[0].this_month + 1  # type: ignore[operator]


def test_the_months_that_cannot_be_graded_are_named_in_each_language() -> None:
    # the data starts 2023-01: 2023-12 is in the data, but grading it needs 2022
    early = kr.monthly_report(revenue(REPORT_DATA), month="2024-01", bureau_annual_revenue=BUREAU)
    unreached = [s for s in early.explanation if s.rule == "REPORT-3"]
    assert [s.text for s in unreached] == [
        "last month: 2023-12 cannot be graded (grading needs last year's revenue from 2022-01), "
        "marked missing",
        "same month last year: 2023-01 cannot be graded (grading needs last year's revenue from "
        "2022-01), marked missing",
        "year start: 2023-12 cannot be graded (grading needs last year's revenue from 2022-01), "
        "marked missing",
    ]
    assert [s.text_zh for s in unreached] == [
        "上月：2023-12无法分级（分级需自2022-01起的上年收入），标记为缺失",
        "去年同期：2023-01无法分级（分级需自2022-01起的上年收入），标记为缺失",
        "年初：2023-12无法分级（分级需自2022-01起的上年收入），标记为缺失",
    ]


def test_the_months_the_data_does_not_reach_are_named_in_each_language() -> None:
    late = {"A": {f"2024-{m:02d}": 50_000 for m in range(1, 13)}}
    # by level a month needs only its own revenue: what is missing is what the data lacks
    by_level = kr.monthly_report(
        revenue(late),
        month="2024-01",
        bureau_annual_revenue=BUREAU,
        policy="liangshan",
        levels={"A": "county"},
    )
    assert [s.text_zh for s in by_level.explanation if s.rule == "REPORT-3"] == [
        "上月：数据未覆盖2023-12，标记为缺失",
        "去年同期：数据未覆盖2023-01，标记为缺失",
        "年初：数据未覆盖2023-12，标记为缺失",
    ]


def test_a_month_that_cannot_be_graded_says_why_in_both_languages_never_none() -> None:
    # the data starts 2023-01: 2023-03 has revenue but no last year to grade it on
    early = kr.monthly_report(revenue(REPORT_DATA), month="2023-03", bureau_annual_revenue=BUREAU)
    first = early.explanation.steps[0]
    assert early.accounts[0].this_month is None
    assert first.text == (
        "2023-03: key accounts not decided: grading needs last year's revenue from 2022-01, "
        "and the data starts 2023-01"
    )
    assert first.text_zh == "2023-03：未认定大客户：分级需自2022-01起的上年收入，数据始于2023-01"
    assert next(s.text_zh for s in early.explanation if s.rule == "REPORT-3") == (
        "上月：2023-02无法分级（分级需自2022-01起的上年收入），标记为缺失"
    )
    assert all("None" not in s.text_zh and "None" not in s.text for s in early.explanation)


def test_the_report_s_chinese_steps_print_no_english_phrase() -> None:
    for month in ("2023-03", "2024-01", "2025-01"):
        report = kr.monthly_report(revenue(REPORT_DATA), month=month, bureau_annual_revenue=BUREAU)
        for s in report.explanation:
            words = re.sub(r"[A-Z]+-\d+", "", s.text_zh)  # rule IDs are the rulebook's
            assert not re.search(r"[A-Za-z]", words), s.text_zh


def test_a_month_with_no_data_says_so() -> None:
    empty = kr.monthly_report(revenue(REPORT_DATA), month="2026-05", bureau_annual_revenue=BUREAU)
    assert not empty.has_data
    assert "no revenue data" in str(empty.explanation)
    assert "No revenue data for this month." in empty.to_html()


def test_a_gap_in_a_series_is_listed_and_not_read_as_zero() -> None:
    data = {name: dict(months) for name, months in REPORT_DATA.items()}
    del data["A"]["2024-06"]
    gap = kr.monthly_report(revenue(data), month="2025-01", bureau_annual_revenue=BUREAU)
    assert ("A", "2024-06") in gap.missing
    assert gap.accounts[0].this_month == 3  # A cannot be graded on an incomplete 2024
    assert [p.revenue for p in gap.trend if p.month == "2024-06"] == [None]


def test_the_html_escapes_every_text_and_needs_no_network() -> None:
    data = dict(REPORT_DATA)
    data["<script>alert(1)</script>"] = data.pop("A")
    page = kr.monthly_report(revenue(data), month="2025-01", bureau_annual_revenue=BUREAU).to_html(
        "zh"
    )
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert "客户等级金字塔" in page
    assert page.count("<svg") == 4


@pytest.mark.parametrize(
    ("as_of", "due"),
    [
        pytest.param(date(2028, 2, 10), date(2028, 2, 29), id="leap-year-on-the-29th"),
        pytest.param(date(2026, 2, 10), date(2026, 2, 28), id="common-year-on-the-28th"),
    ],
)
def test_a_key_date_on_29_february_is_greeted_every_year(as_of: date, due: date) -> None:
    birthday = ev(2, "GOLD", date(1972, 2, 29), Kind.KEY_DATE, detail="董事长生日")
    assert items(plan([birthday], as_of=as_of), "GOLD", "greeting") == [(due, "due")]


def test_each_work_calendar_item_explains_its_own_duty_not_every_duty_of_its_rule() -> None:
    result = plan([], as_of=date(2025, 3, 20))
    duties = [i for i in result.items if i.customer is None]
    calendar = kr.month_calendar(date(2025, 3, 20))
    assert len(duties) == len(calendar.duties)
    for item in duties:
        own = [s for s in item.explanation if s.rule == item.rule]
        assert len(own) == 1, item.duty
        assert item.what in own[0].text
        assert item.what_zh in own[0].text_zh
    assert {s.rule for item in duties for s in item.explanation} - {i.rule for i in duties} == {
        "G-5"
    }


# ---- customers who share a name, and one key per customer


def test_customers_who_share_a_name_do_not_take_each_other_s_activity() -> None:
    one = kr.Customer(name="中国银行", customer_id="44050700012000", **ACCOUNT)
    two = kr.Customer(name="中国银行", customer_id="44050700013000", **ACCOUNT)
    rows = [
        ev(2, "中国银行", date(2025, 3, 4), Kind.VISIT),
        ev(3, "44050700012000", date(2025, 3, 5), Kind.VISIT),
    ]
    result = kr.agenda([one, two], rows, as_of=date(2025, 3, 20), bureau_annual_revenue=BUREAU)
    assert [(p.row, p.problem) for p in result.problems] == [
        (2, "2 customers are named 中国银行; name it by customer_id")
    ]
    contacts = {i.customer_id: i.explanation for i in result.items if i.duty == "contacts"}
    assert "1 contact(s) counted" in str(contacts["44050700012000"])
    assert "0 contact(s) counted" in str(contacts["44050700013000"])


def test_revenue_under_a_shared_name_is_refused_and_under_two_keys_reported() -> None:
    one = kr.Customer(name="中国银行", customer_id="44050700012000", **ACCOUNT)
    two = kr.Customer(name="中国银行", customer_id="44050700013000", **ACCOUNT)
    series = revenue({"中国银行": {"2025-01": 100_000, "2025-02": 200_000}})
    result = kr.agenda(
        [one, two], [], as_of=date(2025, 3, 20), bureau_annual_revenue=BUREAU, revenue=series
    )
    assert [i for i in result.items if i.duty == "analysis"] == []
    assert [p.problem for p in result.problems] == [
        "2 customers are named 中国银行; name it by customer_id in the revenue rows"
    ]
    both = revenue(
        {
            "GOLD": {"2025-01": 100_000, "2025-02": 100_000},
            "44050700014000": {"2025-01": 100_000, "2025-02": 200_000},
        }
    )
    gold = GOLD.model_copy(update={"customer_id": kr.CustomerId.parse("44050700014000")})
    seen = kr.agenda(
        [gold], [], as_of=date(2025, 3, 20), bureau_annual_revenue=BUREAU, revenue=both
    )
    assert [(p.customer, p.problem.split(":")[0]) for p in seen.problems] == [
        ("GOLD", "revenue rows name this customer both by name and by customer_id 44050700014000")
    ]
    assert [i.due for i in seen.items if i.duty == "analysis"] == [date(2025, 3, 28)]


def test_the_report_reads_a_name_as_its_customer_id_one_key_per_customer() -> None:
    ident = "44050700014000"
    record = kr.Customer(name="甲公司", customer_id=ident, has_agreement=True)
    # January under the name, the months before under the ID (gold → gold, +40%: FLUX-1)
    rows = [RevenueRow(2, "甲公司", Month(2025, 1), EXPRESS, Decimal(70_000))]
    rows += [
        RevenueRow(3 + n, ident, Month.parse(month), EXPRESS, Decimal(amount))
        for n, (month, amount) in enumerate(monthly(50_000, 50_000, None, 0).items())
        if month < "2025-01"
    ]
    report = kr.monthly_report(
        rows, month="2025-01", bureau_annual_revenue=BUREAU, customers=[record]
    )
    assert [r.customer for r in report.flux] == [ident]  # one customer: +40% on its ID
    twice = [*rows, RevenueRow(4, ident, Month(2025, 1), EXPRESS, Decimal(1))]
    with pytest.raises(kr.RuleInputError, match="repeats 44050700014000 2025-01 express of row 2"):
        kr.monthly_report(twice, month="2025-01", bureau_annual_revenue=BUREAU, customers=[record])


def test_the_report_leaves_out_revenue_under_a_name_two_customers_share() -> None:
    records = [
        kr.Customer(name="中国银行", customer_id="44050700012000"),
        kr.Customer(name="中国银行", customer_id="44050700013000"),
    ]
    rows = [
        RevenueRow(n, name, Month.parse(month), EXPRESS, Decimal(amount))
        for n, (name, (month, amount)) in enumerate(
            [("中国银行", item) for item in monthly(50_000, 50_000, None, 70_000).items()]
            + [("A", item) for item in monthly(50_000, 50_000, None, 70_000).items()],
            start=2,
        )
    ]
    report = kr.monthly_report(
        rows, month="2025-01", bureau_annual_revenue=BUREAU, customers=records
    )
    assert [r.customer for r in report.flux] == ["A"]
    assert (
        "REPORT-2: 2 customers are named 中国银行: its 25 revenue row(s) are not counted; "
        "name them by customer_id"
    ) in [str(s) for s in report.explanation]


def test_a_diamond_account_logs_every_contact_in_its_marketing_log() -> None:
    # LOG-2 with 002 (四)3: 「各级客服人员每次与客户沟通后,填写包含客户的业务需求、合作情况、
    # 满意程度等内容的营销日志」 — for diamond, 「每一次洽谈」 is logged
    visit = ev(2, "DIAMOND", date(2025, 3, 4), Kind.VISIT)
    call = ev(3, "DIAMOND", date(2025, 3, 10), Kind.CONTACT)
    entry = ev(
        4, "DIAMOND", date(2025, 3, 5), Kind.MARKETING_LOG, stage=kr.LogStage.INITIAL_CONTACT
    )
    result = plan([visit, call, entry])
    assert items(result, "DIAMOND", "contact_log") == [(date(2025, 3, 31), "due")]
    item = next(i for i in result.items if i.duty == "contact_log")
    assert "1 of 2 contact(s) this month not followed" in str(item.explanation)
    assert "2025-03-10" in str(item.explanation)
    logged = ev(5, "DIAMOND", date(2025, 3, 10), Kind.MARKETING_LOG, stage=kr.LogStage.PROPOSAL)
    assert items(plan([visit, call, entry, logged]), "DIAMOND", "contact_log") == [
        (date(2025, 3, 31), "done")
    ]
    # a gold account logs its key negotiations only (LOG-2): no such duty
    assert items(plan([ev(6, "GOLD", date(2025, 3, 4), Kind.VISIT)]), "GOLD", "contact_log") == []

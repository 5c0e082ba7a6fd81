"""The monthly cycle under the ``liangshan`` edition, by level (EDITION-2).

Hand-checked cases on hand-built data: 州财政局 is prefecture level (prefecture_center), 某县医院
county level (county_center). Under liangshan every key account is contacted at least once a
month (VISIT-1), its archive updated each quarter (APPR-1), visited by its centre each half
year (CAL-1), and greeted on its key dates (VISIT-3); all of it decided by ``level_duties``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, Level, Unit
from keyaccount_rules.io.activity import parse_activity
from keyaccount_rules.io.stream import write_agenda
from keyaccount_rules.month.agenda import AgendaItem, iter_agenda
from keyaccount_rules.month.report import DetailRow, Movement
from keyaccount_rules.records.activity import Event, Kind, RevenueRow
from tests.conftest import exactly

BUREAU = 300_000_000
LIANGSHAN = kr.edition("liangshan")
PREFECTURE, COUNTY = "州财政局", "某县医院"
# scopes stated: a comprehensive account also owes the prefecture centre's visit (G-22)
CUSTOMERS = [
    kr.Customer(name=PREFECTURE, scope="comprehensive"),
    kr.Customer(name=COUNTY, scope="regional"),
]
LEVELS = {PREFECTURE: "prefecture", COUNTY: "county"}


def ev(row: int, name: str, on: date, kind: Kind, manager: str = "", detail: str = "") -> Event:
    return Event(row, name, on, kind, manager, detail)


def plan(activity: list[Event], as_of: date, **more: object) -> kr.Agenda:
    arguments: dict[str, object] = {"levels": LEVELS, "policy": LIANGSHAN, **more}
    return kr.agenda(CUSTOMERS, activity, as_of=as_of, bureau_annual_revenue=BUREAU, **arguments)  # type: ignore[arg-type]


def duty(result: kr.Agenda, name: str, what: str) -> list[tuple[str, date, str]]:
    return [
        (i.rule, i.due, i.status) for i in result.items if i.customer == name and i.duty == what
    ]


# ---- agenda: what each level owes, with its unit


def test_each_key_account_has_its_level_duties_and_its_centre_as_unit() -> None:
    result = plan([], date(2026, 3, 10))
    mine = [i for i in result.items if i.customer == PREFECTURE]
    assert {(i.duty, i.rule) for i in mine} == {
        ("contacts", "VISIT-1"),
        ("archive", "APPR-1"),
        ("centre_visit", "CAL-1"),
    }
    assert {i.unit for i in mine} == {Unit.PREFECTURE_CENTER}
    assert {i.level for i in mine} == {Level.PREFECTURE}
    assert {i.tier for i in mine} == {None}
    assert {i.unit for i in result.items if i.customer == COUNTY} == {Unit.COUNTY_CENTER}
    # the unit duties of the work calendar follow, as by tier (REPORT-4 by the 3rd)
    assert ("prefecture-collection", "REPORT-4") in {
        (i.duty, i.rule) for i in result.items if i.customer is None
    }


def test_every_item_explains_itself_in_both_languages_with_the_unit_rule_first() -> None:
    result = plan([], date(2026, 3, 10))
    item = next(i for i in result.items if i.customer == COUNTY and i.duty == "centre_visit")
    assert [s.rule for s in item.explanation] == ["LEVEL-1", "CAL-1", "CAL-1"]
    assert "county_center" in item.explanation.steps[0].text
    assert "级大客户" in item.explanation.steps[0].text_zh
    assert item.what_zh == "中心走访（2026-01-01至2026-06-30）"


def test_a_contact_on_the_last_day_of_the_month_counts() -> None:
    last = date(2026, 3, 31)
    result = plan([ev(2, PREFECTURE, last, Kind.VISIT)], last)
    assert duty(result, PREFECTURE, "contacts") == [("VISIT-1", last, "done")]
    assert duty(result, COUNTY, "contacts") == [("VISIT-1", last, "due")]  # due on the day


def test_a_contact_of_last_month_does_not_count_for_this_one() -> None:
    result = plan([ev(2, PREFECTURE, date(2026, 2, 28), Kind.CONTACT)], date(2026, 3, 1))
    assert duty(result, PREFECTURE, "contacts") == [("VISIT-1", date(2026, 3, 31), "due")]


def test_a_greeting_is_due_on_the_key_date_and_overdue_the_day_after() -> None:
    key_date = ev(2, COUNTY, date(2020, 3, 2), Kind.KEY_DATE, detail="院长生日")
    on_the_day = plan([key_date], date(2026, 3, 2))
    day_after = plan([key_date], date(2026, 3, 3))
    assert duty(on_the_day, COUNTY, "greeting") == [("VISIT-3", date(2026, 3, 2), "due")]
    assert duty(day_after, COUNTY, "greeting") == [("VISIT-3", date(2026, 3, 2), "overdue")]
    greeted = plan([key_date, ev(3, COUNTY, date(2026, 3, 2), Kind.GREETING)], date(2026, 3, 3))
    assert duty(greeted, COUNTY, "greeting") == [("VISIT-3", date(2026, 3, 2), "done")]
    item = next(i for i in greeted.items if i.duty == "greeting")
    assert item.what_zh == "特定日期问候：院长生日"
    assert "greeted on 2026-03-02" in str(item.explanation)
    # G-17: the day before is not the day (greeting_window_days 0)
    early = plan([key_date, ev(3, COUNTY, date(2026, 3, 1), Kind.GREETING)], date(2026, 3, 3))
    assert duty(early, COUNTY, "greeting") == [("VISIT-3", date(2026, 3, 2), "overdue")]


def test_two_key_dates_on_one_day_want_two_greetings() -> None:
    activity = [
        ev(2, COUNTY, date(2020, 3, 8), Kind.KEY_DATE, detail="院长生日"),
        ev(3, COUNTY, date(2026, 3, 8), Kind.GREETING),
    ]
    result = plan(activity, date(2026, 3, 9), holidays={date(2026, 3, 8): "三八节"})
    greetings = [(i.what, i.status) for i in result.items if i.customer == COUNTY]
    greetings = [g for g in greetings if g[0].startswith("greeting")]
    # one greeting fulfils one key date: the first in (day, label) order
    assert sorted(greetings) == [
        ("greeting: 三八节", "done"),
        ("greeting: 院长生日", "overdue"),
    ]


def test_a_refresh_in_the_quarter_does_the_quarterly_archive_update() -> None:
    refreshed = [ev(2, PREFECTURE, date(2026, 1, 2), Kind.ARCHIVE_REFRESH)]
    march = plan(refreshed, date(2026, 3, 15))
    assert duty(march, PREFECTURE, "archive") == [("APPR-1", date(2026, 3, 31), "done")]
    assert duty(march, COUNTY, "archive") == [("APPR-1", date(2026, 3, 31), "due")]
    # last quarter's refresh does not count for this one
    april = plan(refreshed, date(2026, 4, 1))
    assert duty(april, PREFECTURE, "archive") == [("APPR-1", date(2026, 6, 30), "due")]
    december = plan([ev(2, PREFECTURE, date(2025, 12, 31), Kind.ARCHIVE_REFRESH)], date(2026, 1, 5))
    assert duty(december, PREFECTURE, "archive") == [("APPR-1", date(2026, 3, 31), "due")]


def test_a_centre_visit_in_the_first_month_of_the_half_year_does_the_half_year() -> None:
    visited = [ev(2, COUNTY, date(2026, 1, 1), Kind.CENTRE_VISIT)]
    june = plan(visited, date(2026, 6, 30))
    assert duty(june, COUNTY, "centre_visit") == [("CAL-1", date(2026, 6, 30), "done")]
    assert duty(june, PREFECTURE, "centre_visit") == [("CAL-1", date(2026, 6, 30), "due")]
    july = plan([*visited, ev(3, COUNTY, date(2026, 6, 30), Kind.CENTRE_VISIT)], date(2026, 7, 1))
    assert duty(july, COUNTY, "centre_visit") == [("CAL-1", date(2026, 12, 31), "due")]
    second = plan([ev(2, COUNTY, date(2026, 7, 1), Kind.CENTRE_VISIT)], date(2026, 7, 1))
    assert duty(second, COUNTY, "centre_visit") == [("CAL-1", date(2026, 12, 31), "done")]


def rounds(result: kr.Agenda) -> dict[Unit | None, tuple[date, str, str]]:
    """The centres' lines of their half-yearly round (G-19): unit → (due, status, text)."""
    return {
        i.unit: (i.due, i.status, i.what)
        for i in result.items
        if i.customer is None and i.duty == "centre_round"
    }


def test_the_half_year_visits_are_one_duty_per_account_and_the_centre_line_derives_from_them() -> (
    None
):
    # CAL-1, G-19: 「各级客户中心每半年要完成本地区的大客户走访」 — one duty per key account;
    # the centre's line is done when all its accounts' visits are, with no done-state of its own
    result = plan([], date(2026, 3, 10))
    assert rounds(result) == {
        Unit.PREFECTURE_CENTER: (
            date(2026, 6, 30),
            "due",
            "prefecture_center: visit all 1 key account(s) for 2026-01-01 to 2026-06-30 (0 done)",
        ),
        Unit.COUNTY_CENTER: (
            date(2026, 6, 30),
            "due",
            "county_center: visit all 1 key account(s) for 2026-01-01 to 2026-06-30 (0 done)",
        ),
    }
    visited = plan([ev(2, COUNTY, date(2026, 2, 2), Kind.CENTRE_VISIT)], date(2026, 3, 10))
    assert rounds(visited)[Unit.COUNTY_CENTER][:2] == (date(2026, 6, 30), "done")
    assert rounds(visited)[Unit.PREFECTURE_CENTER][:2] == (date(2026, 6, 30), "due")
    late = plan([], date(2026, 7, 1))
    assert {u: r[:2] for u, r in rounds(late).items()} == {
        Unit.PREFECTURE_CENTER: (date(2026, 12, 31), "due"),
        Unit.COUNTY_CENTER: (date(2026, 12, 31), "due"),
    }


def test_a_report_row_cannot_close_the_centre_s_round() -> None:
    # G-19: the round has no done-state of its own; no calendar duty stands beside it
    closed = Event(2, "", date(2026, 3, 2), Kind.REPORT, detail="half-year-visits")
    result = plan([closed], date(2026, 3, 10))
    assert rounds(result)[Unit.COUNTY_CENTER][1] == "due"
    assert duty(result, COUNTY, "centre_visit")[0][2] == "due"
    assert not [i for i in result.items if i.duty == "half-year-visits"]


def test_a_unit_filter_keeps_its_own_round_whole() -> None:
    result = plan([ev(2, COUNTY, date(2026, 2, 2), Kind.CENTRE_VISIT)], date(2026, 3, 10))
    county = kr.agenda(
        CUSTOMERS,
        [ev(2, COUNTY, date(2026, 2, 2), Kind.CENTRE_VISIT)],
        as_of=date(2026, 3, 10),
        bureau_annual_revenue=BUREAU,
        levels=LEVELS,
        policy=LIANGSHAN,
    ).filter(unit="county_center")
    assert rounds(county) == {Unit.COUNTY_CENTER: rounds(result)[Unit.COUNTY_CENTER]}


def test_combined_has_no_half_year_round_and_no_unit_visit_duty() -> None:
    # G-19: combined grades, so it has no CAL-1 half-year visits at all
    graded = kr.Customer(name="G", has_agreement=True, last_year_revenue={"express": 600_000})
    result = kr.agenda(
        [graded], [], as_of=date(2026, 3, 10), bureau_annual_revenue=BUREAU, policy="combined"
    )
    assert not [i for i in result.items if i.duty in ("centre_round", "half-year-visits")]
    assert not [i for i in result.items if i.duty == "centre_visit"]


def test_a_comprehensive_county_account_also_owes_the_prefecture_centre_s_visit() -> None:
    # G-22: 「州局大客户中心要完成综合大客户的走访」 — 综合 is the scope, not 州级
    town = kr.Customer(name="县邮储", scope="comprehensive")
    levels = {**LEVELS, "县邮储": "county"}
    result = plan([], date(2026, 3, 10), levels=levels)
    result = kr.agenda(
        [*CUSTOMERS, town],
        [
            ev(2, "县邮储", date(2026, 2, 2), Kind.CENTRE_VISIT),
            ev(3, "县邮储", date(2026, 3, 2), Kind.CENTRE_VISIT, detail="州局大客户中心"),
        ],
        as_of=date(2026, 3, 10),
        bureau_annual_revenue=BUREAU,
        levels=levels,
        policy=LIANGSHAN,
    )
    assert duty(result, "县邮储", "centre_visit") == [("CAL-1", date(2026, 6, 30), "done")]
    assert duty(result, "县邮储", "comprehensive_visit") == [("CAL-1", date(2026, 6, 30), "done")]
    item = next(i for i in result.items if i.duty == "comprehensive_visit")
    assert [s.rule for s in item.explanation] == ["LEVEL-1", "G-22", "CAL-1"]
    # the prefecture centre's round counts it beside its own prefecture-level account
    assert "visit all 2 key account(s)" in rounds(result)[Unit.PREFECTURE_CENTER][2]
    # a regional county account and a prefecture-level one owe no second visit
    assert duty(result, COUNTY, "comprehensive_visit") == []
    assert duty(result, PREFECTURE, "comprehensive_visit") == []


def test_a_level_account_without_a_scope_is_reported_not_defaulted() -> None:
    # G-22: the scope is an input, never a silent default
    result = kr.agenda(
        [kr.Customer(name=PREFECTURE), kr.Customer(name=COUNTY)],
        [],
        as_of=date(2026, 3, 10),
        bureau_annual_revenue=BUREAU,
        levels=LEVELS,
        policy=LIANGSHAN,
    )
    assert [(p.row, p.customer) for p in result.problems] == [(0, COUNTY)]
    assert "no scope given" in result.problems[0].problem
    assert duty(result, COUNTY, "comprehensive_visit") == []


def test_a_centre_visit_naming_another_unit_is_a_problem() -> None:
    result = plan(
        [ev(2, COUNTY, date(2026, 3, 2), Kind.CENTRE_VISIT, detail="city_center")],
        date(2026, 3, 10),
    )
    assert [p.row for p in result.problems] == [2]
    assert duty(result, COUNTY, "centre_visit")[0][2] == "due"


def test_an_ordinary_visit_is_a_contact_not_the_centre_visit() -> None:
    result = plan([ev(2, COUNTY, date(2026, 3, 2), Kind.VISIT)], date(2026, 3, 3))
    assert duty(result, COUNTY, "contacts")[0][2] == "done"
    assert duty(result, COUNTY, "centre_visit")[0][2] == "due"


def test_a_centre_visit_row_reads_from_a_file() -> None:
    text = "customer,date,kind\n某县医院,2026-01-05,centre_visit\n"
    (event,) = parse_activity(io.StringIO(text), source="a.csv")
    assert event.kind is Kind.CENTRE_VISIT


# ---- agenda: how the level is known


def test_a_customer_without_a_level_is_a_problem_row_not_a_silent_default() -> None:
    stranger = kr.Customer(name="无级别")
    result = kr.agenda(
        [*CUSTOMERS, stranger],
        [ev(2, "无级别", date(2026, 3, 2), Kind.VISIT)],
        as_of=date(2026, 3, 3),
        bureau_annual_revenue=BUREAU,
        levels=LEVELS,
        policy=LIANGSHAN,
    )
    assert [(p.row, p.customer) for p in result.problems] == [(0, "无级别")]
    assert "no level given" in result.problems[0].problem
    assert not [i for i in result.items if i.customer == "无级别"]


def test_a_level_of_none_is_not_a_key_account_and_no_problem() -> None:
    result = plan([], date(2026, 3, 3), levels={PREFECTURE: "州级", COUNTY: None})
    assert not result.problems
    assert {i.customer for i in result.items if i.customer} == {PREFECTURE}


def test_a_level_is_found_by_customer_id_too() -> None:
    customer = kr.Customer(name="某县医院", customer_id="44050700012000")
    result = kr.agenda(
        [customer],
        [],
        as_of=date(2026, 3, 3),
        bureau_annual_revenue=BUREAU,
        levels={"44050700012000": Level.COUNTY},
        policy=LIANGSHAN,
    )
    assert {i.level for i in result.items if i.customer} == {Level.COUNTY}


def test_liangshan_needs_levels_and_a_tier_edition_refuses_them() -> None:
    with pytest.raises(kr.RuleInputError, match=r"^levels: .*classes key accounts by level"):
        kr.agenda(
            CUSTOMERS, [], as_of=date(2026, 3, 3), bureau_annual_revenue=BUREAU, policy=LIANGSHAN
        )
    with pytest.raises(kr.RuleInputError, match=r"^levels: .*grades key accounts by tier"):
        kr.agenda(
            CUSTOMERS,
            [],
            as_of=date(2026, 3, 3),
            bureau_annual_revenue=BUREAU,
            levels=LEVELS,
            policy=kr.edition("shantou"),
        )
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "levels['州财政局']: must be prefecture (州级), county (县级) or empty "
            "(not a key account) (got '省级') [LEVEL-1]"
        ),
    ):
        plan([], date(2026, 3, 3), levels={PREFECTURE: "省级", COUNTY: "county"})


def test_filters_by_unit_and_by_manager_work_as_for_tiers() -> None:
    activity = [ev(2, COUNTY, date(2026, 3, 2), Kind.VISIT, manager="王")]
    result = plan(activity, date(2026, 3, 3))
    county = result.filter(unit="county_center")
    assert {i.customer for i in county.items} == {COUNTY, None}
    assert {i.customer for i in result.filter(manager="王").items} == {COUNTY}
    streamed = list(
        iter_agenda(
            CUSTOMERS,
            activity,
            as_of=date(2026, 3, 3),
            bureau_annual_revenue=BUREAU,
            report=lambda p: None,
            levels=LEVELS,
            unit="prefecture_center",
            policy=LIANGSHAN,
        )
    )
    assert {i.customer for i in streamed if i.customer} == {PREFECTURE}


def test_csv_json_and_ics_carry_the_level() -> None:
    result = plan([ev(2, COUNTY, date(2026, 3, 2), Kind.VISIT, manager="王")], date(2026, 3, 3))
    header, *rows = result.to_csv().splitlines()
    assert header.split(",")[:5] == ["manager", "customer", "customer_id", "level", "unit"]
    assert any(",某县医院,,county,county_center,contacts," in row for row in rows)
    frame = result.to_dataframe()
    assert set(frame["level"].dropna()) == {"prefecture", "county"}
    assert kr.Agenda.model_validate_json(result.model_dump_json()) == result
    assert "BEGIN:VEVENT" in result.to_ics(manager="王")
    out = io.StringIO()
    write_agenda(result.items, out, as_of=date(2026, 3, 3), format="csv", policy=LIANGSHAN)
    assert out.getvalue().splitlines()[0] == header


def test_an_item_by_level_round_trips_and_a_tier_item_has_no_level_key() -> None:
    item = next(i for i in plan([], date(2026, 3, 3)).items if i.level is not None)
    again = AgendaItem.model_validate_json(item.model_dump_json())
    assert again == item
    assert str(again.explanation) == str(item.explanation)
    assert json.loads(item.model_dump_json())["level"] == "prefecture"
    tier = kr.agenda(
        [kr.Customer(name="A", has_agreement=True, last_year_revenue={"express": 2_000_000})],
        [],
        as_of=date(2026, 3, 3),
        bureau_annual_revenue=BUREAU,
    ).items[0]
    assert "level" not in json.loads(tier.model_dump_json())
    with pytest.raises(ValueError, match="extra"):
        AgendaItem.model_validate_json(item.model_dump_json()[:-1] + ',"surplus":1}')


# ---- the monthly report by level

EXPRESS = BusinessLine.EXPRESS


def year_of_revenue() -> list[RevenueRow]:
    """州财政局 1,000 a month in 2025, 1,200 from 2026; 某县医院 100 a month, its series ends
    in 2025-12; 新县厂 (county) starts in 2026-03 with 300; 散户 has no level."""
    rows: list[RevenueRow] = []

    def add(name: str, month: str, amount: str) -> None:
        rows.append(RevenueRow(len(rows) + 2, name, Month.parse(month), EXPRESS, Decimal(amount)))

    for m in range(1, 13):
        add(PREFECTURE, f"2025-{m:02d}", "1000")
        add(COUNTY, f"2025-{m:02d}", "100")
        add("散户", f"2025-{m:02d}", "5")
    for m in range(1, 4):
        add(PREFECTURE, f"2026-{m:02d}", "1200")
        add("散户", f"2026-{m:02d}", "5")
    add("新县厂", "2026-03", "300")
    return rows


REPORT_LEVELS = {PREFECTURE: "prefecture", COUNTY: "county", "新县厂": "县级"}


def level_report(month: str = "2026-03") -> kr.MonthlyReport:
    return kr.monthly_report(
        year_of_revenue(),
        month=month,
        bureau_annual_revenue=BUREAU,
        levels=REPORT_LEVELS,
        policy=LIANGSHAN,
    )


def figures(report: kr.MonthlyReport, measure: str) -> dict[tuple[str, str], tuple[object, ...]]:
    if measure == "accounts":
        return {
            (f.group, f.key): (f.this_month, f.last_month, f.last_year, f.year_start)
            for f in report.accounts
        }
    return {
        (f.group, f.key): (
            f.this_month,
            f.last_month,
            f.last_year,
            f.year_to_date,
            f.year_to_date_last_year,
        )
        for f in report.revenue
    }


def test_key_accounts_by_level_and_unit_against_last_month_last_year_and_year_start() -> None:
    accounts = figures(level_report(), "accounts")
    assert list(accounts) == [
        ("total", "total"),
        ("level", "prefecture"),
        ("level", "county"),
        ("unit", "county_center"),
        ("unit", "prefecture_center"),
    ]
    assert accounts["total", "total"] == (2, 1, 2, 2)
    assert accounts["level", "prefecture"] == (1, 1, 1, 1)
    assert accounts["level", "county"] == (1, 0, 1, 1)  # 新县厂 in, 某县医院 out
    assert accounts["unit", "county_center"] == accounts["level", "county"]


def test_revenue_by_level_with_the_year_to_date() -> None:
    revenue = figures(level_report(), "revenue")
    d = Decimal
    assert revenue["total", "total"] == (d(1500), d(1200), d(1100), d(3900), d(3300))
    assert revenue["level", "prefecture"] == (d(1200), d(1200), d(1000), d(3600), d(3000))
    assert revenue["level", "county"] == (d(300), d(0), d(100), d(300), d(300))


def test_gained_and_lost_accounts_are_named_with_their_levels() -> None:
    by_base = {m.against: m for m in level_report().movements}
    assert [(m.customer, m.after) for m in by_base["last_month"].gained] == [
        ("新县厂", Level.COUNTY)
    ]
    assert by_base["last_month"].lost == ()
    assert [(m.customer, m.before) for m in by_base["last_year"].lost] == [(COUNTY, Level.COUNTY)]
    assert [m.customer for m in by_base["year_start"].lost] == [COUNTY]
    assert level_report().transitions == {"none>county": 1, "prefecture>prefecture": 1}


def test_a_month_the_data_does_not_reach_is_missing_never_zero() -> None:
    report = level_report("2025-01")
    accounts = figures(report, "accounts")
    assert accounts["total", "total"] == (2, None, None, None)
    assert [m.available for m in report.movements] == [False, False, False]
    assert "does not reach 2024-12" in str(report.explanation)


def test_a_gap_inside_a_series_is_missing_not_zero() -> None:
    rows = [
        r for r in year_of_revenue() if not (r.customer == PREFECTURE and str(r.month) == "2026-02")
    ]
    report = kr.monthly_report(
        rows, month="2026-03", bureau_annual_revenue=BUREAU, levels=REPORT_LEVELS, policy=LIANGSHAN
    )
    assert (PREFECTURE, "2026-02") in report.missing
    prefecture = figures(report, "accounts")["level", "prefecture"]
    assert prefecture == (1, 0, 1, 1)  # left out of February, said so
    assert "missing inside a revenue series" in str(report.explanation)


def test_the_detail_lists_every_key_account_with_its_level_and_no_flux_or_filing() -> None:
    report = level_report()
    assert [(r.customer, r.level, r.tier) for r in report.detail] == [
        (PREFECTURE, Level.PREFECTURE, None),
        ("新县厂", Level.COUNTY, None),
    ]
    assert report.flux == ()
    assert report.filing == ()
    text = str(report.explanation)
    assert "1 customer(s) of the revenue have no level" in text
    assert "no fluctuation rule (FLUX-1)" in text


def test_the_report_by_level_round_trips_and_its_models_too() -> None:
    report = level_report()
    assert kr.MonthlyReport.model_validate_json(report.model_dump_json()) == report
    row = report.detail[0]
    assert DetailRow.model_validate_json(row.model_dump_json()) == row
    move = report.movements[0].gained[0]
    assert Movement.model_validate_json(move.model_dump_json()) == move
    frame = report.to_dataframe()
    assert set(frame["group"]) == {"total", "level", "unit", "line"}  # lines: revenue only
    assert list(frame["level"].cat.categories) == ["county", "prefecture"]
    assert "tier" not in frame
    assert "level,prefecture,1,1,1,1" in report.to_csv()


def test_a_tier_report_detail_row_json_has_no_level_key() -> None:
    rows = [
        RevenueRow(n, "A", Month(2024, m), EXPRESS, Decimal("200000"))
        for n, m in enumerate(range(1, 13), 2)
    ]
    rows.append(RevenueRow(20, "A", Month(2025, 1), EXPRESS, Decimal("210000")))
    report = kr.monthly_report(rows, month="2025-01", bureau_annual_revenue=BUREAU)
    assert report.detail
    assert "level" not in json.loads(report.detail[0].model_dump_json())
    assert not report.by_level


def test_the_report_needs_levels_under_liangshan_and_refuses_them_under_a_tier_edition() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "levels: the 'liangshan' policy classes key accounts by level: must map each "
            "customer's name or customer_id to its level (got 'NoneType') [EDITION-2]; pass "
            "levels={name: 'prefecture' | 'county' | None} (州级/县级; None: not a key account), "
            "e.g. kr.classify_levels(...), kr.level_history(...) or a portfolio's level column"
        ),
    ):
        kr.monthly_report(
            year_of_revenue(), month="2026-03", bureau_annual_revenue=BUREAU, policy=LIANGSHAN
        )
    with pytest.raises(kr.RuleInputError, match=r"^levels: .*by tier"):
        kr.monthly_report(
            year_of_revenue(), month="2026-03", bureau_annual_revenue=BUREAU, levels=REPORT_LEVELS
        )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Key accounts by level", "prefecture", "Movement between levels"]),
        ("zh", ["大客户级别分布", "州级", "级别变动", "大客户用邮情况"]),
    ],
)
def test_the_html_page_by_level_has_level_labels_and_no_flux_section(
    lang: str, words: list[str]
) -> None:
    page = level_report().to_html(lang)  # type: ignore[arg-type]
    for word in words:
        assert word in page
    assert "FLUX-1)</h2>" not in page
    assert "FILE-1)</h2>" not in page
    assert "新县厂" in page


# ---- the command line


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "keyaccount_rules", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_the_report_command_reads_levels_from_the_portfolio(tmp_path: Path) -> None:
    revenue = tmp_path / "revenue.csv"
    revenue.write_text(
        "customer,month,line,amount\n"
        + "".join(f"{r.customer},{r.month},{r.line.value},{r.amount}\n" for r in year_of_revenue()),
        encoding="utf-8",
    )
    portfolio = tmp_path / "p.csv"
    portfolio.write_text(
        "name,last_year_express,current_month_express,级别\n"
        "州财政局,12000,1200,州级\n某县医院,1200,0,县级\n新县厂,0,300,县级\n散户,60,5,\n",
        encoding="utf-8",
    )
    base = [str(revenue), "--month", "2026-03", "--bureau-revenue", "300000000"]
    done = run(
        "report", *base, "--policy", "liangshan", "--portfolio", str(portfolio), "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [a["this_month"] for a in data["accounts"]] == [2, 1, 1, 1, 1]
    done = run("report", *base, "--policy", "liangshan")
    assert done.returncode == 2  # a usage error: the report needs the portfolio
    assert "report needs --portfolio FILE" in done.stderr
    assert "the portfolio needs a 'level' column" in done.stderr


def test_the_transitions_are_written_in_key_order_whatever_the_hash_seed() -> None:
    code = (
        "import json, sys; sys.path.insert(0, '.');"
        "from tests.month.test_cycle_levels import level_report;"
        "print(json.dumps(dict(level_report('2026-01').transitions)))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(outputs) == 1
    (out,) = outputs
    keys = list(json.loads(out))
    assert keys == sorted(keys)


def test_a_bad_level_for_any_customer_is_named_before_the_agenda_or_report_starts() -> None:
    levels = {**LEVELS, "某个别的客户": "provincial"}  # not even a customer of this portfolio
    with pytest.raises(kr.RuleInputError) as caught:
        plan([], date(2026, 3, 20), levels=levels)
    assert caught.value.field == "levels['某个别的客户']"
    with pytest.raises(kr.RuleInputError) as again:
        kr.monthly_report(
            year_of_revenue(),
            month="2026-03",
            bureau_annual_revenue=BUREAU,
            levels=levels,
            policy=LIANGSHAN,
        )
    assert again.value.field == "levels['某个别的客户']"


def test_a_visit_without_its_record_is_flagged() -> None:
    # VISIT-3, 001 上访内容: 「结束后填写上访记录;整理客户意见和需求;将相关上访资料建档上报」
    rows = [
        ev(2, COUNTY, date(2026, 3, 2), Kind.VISIT, detail="上访记录: 需求与意见已整理"),
        ev(3, COUNTY, date(2026, 3, 9), Kind.VISIT),
        ev(4, COUNTY, date(2026, 3, 10), Kind.CONTACT),  # a call needs no 上访记录
    ]
    result = plan(rows, date(2026, 3, 31))
    assert duty(result, COUNTY, "visit_records") == [("VISIT-3", date(2026, 3, 31), "due")]
    item = next(i for i in result.items if i.duty == "visit_records")
    assert item.what == "record every visit of the month (上访记录): 1 of 2 without one"
    assert "2026-03-09" in str(item.explanation)
    recorded = plan(rows[:1], date(2026, 3, 31))
    assert duty(recorded, COUNTY, "visit_records") == [("VISIT-3", date(2026, 3, 31), "done")]
    assert duty(plan([], date(2026, 3, 31)), COUNTY, "visit_records") == []


def test_shantou_asks_for_no_visit_record() -> None:
    # 002 has no 上访记录 clause: the duty is 001's (liangshan, combined)
    graded = kr.Customer(name="G", has_agreement=True, last_year_revenue={"express": 600_000})
    rows = [ev(2, "G", date(2026, 3, 2), Kind.VISIT)]
    for policy, listed in (("shantou", []), ("combined", ["visit_records"])):
        result = kr.agenda(
            [graded], rows, as_of=date(2026, 3, 20), bureau_annual_revenue=BUREAU, policy=policy
        )
        assert [i.duty for i in result.items if i.rule == "VISIT-3"] == listed


# ---- each edition's words on the page (G-23)


def test_the_level_report_page_names_the_county_centre_in_001_s_words() -> None:
    # G-23, 001: 「县级大客户由县级大客户中心进行维护」;
    # 「协助各县市局大客户中心搞好本地区的市场开发」
    page = level_report().to_html("zh")
    assert "<td>县市局大客户中心</td>" in page  # the revenue by unit
    assert "县市局大客户中心: 300.00" in page  # the chart of revenue by unit
    assert "县、区(分)局" not in page
    assert "州局大客户中心" in page
    shantou_words = Unit.COUNTY_CENTER.zh
    assert shantou_words == "县、区(分)局大客户中心"  # 002's word, the label under shantou


def test_the_agenda_speaks_001_s_words_in_the_table_the_csv_and_the_calendar(
    tmp_path: Path,
) -> None:
    # G-23, 001: 「县级大客户由县级大客户中心进行维护」; 各级客户中心每半年要完成本地区的大客户走访
    portfolio = tmp_path / "p.csv"
    portfolio.write_text(
        "name,scope,last_year_express,current_month_express,级别\n"
        f"{PREFECTURE},comprehensive,12000,1200,州级\n{COUNTY},regional,1200,0,县级\n",
        encoding="utf-8",
    )
    activity = tmp_path / "a.csv"
    activity.write_text(
        f"customer,date,kind,manager\n{COUNTY},2026-03-02,visit,王五\n", encoding="utf-8"
    )
    base = [str(portfolio), "--activity", str(activity), "--as-of", "2026-03-10"]
    base += ["--bureau-revenue", "300000000", "--policy", "liangshan", "--lang", "zh"]
    outputs = {}
    for form in ("table", "csv", "ics"):
        done = run("agenda", *base, "--format", form)
        assert done.returncode == 0, done.stderr
        outputs[form] = done.stdout
        assert "县市局大客户中心" in done.stdout, form
        assert "县、区(分)局" not in done.stdout, form
    table = outputs["table"].splitlines()
    round_line = "2026-06-30  待办   CAL-1      县市局大客户中心: 县市局大客户中心：完成1户"
    assert any(line.startswith(round_line) for line in table)
    # a calendar duty is named by the policy's Chinese (who_zh), not its English
    assert any(line.endswith("州局大客户中心: 每周晨会") for line in table)
    assert "prefecture centre" not in outputs["table"]
    assert "SUMMARY:[CAL-1] 县市局大客户中心：完成1户大客户走访" in outputs["ics"]


def test_the_agenda_carries_its_policy_s_edition() -> None:
    assert plan([], date(2026, 3, 10)).policy_edition == "liangshan"
    shantou = kr.agenda([], [], as_of=date(2026, 3, 10), bureau_annual_revenue=BUREAU)
    assert shantou.policy_edition == "combined"


# ---- REPORT-2: per-line totals and the key accounts' share of revenue (用邮收入比重)


def _two_years(bureau: int | Decimal | None = BUREAU) -> kr.MonthlyReport:
    rows = [RevenueRow(2, "甲", Month(2024, m), EXPRESS, Decimal("200000")) for m in range(1, 13)]
    rows += [RevenueRow(3, "甲", Month(2025, m), EXPRESS, Decimal("210000")) for m in range(1, 13)]
    rows += [
        RevenueRow(4, "甲", Month(2025, m), BusinessLine.LETTERS, Decimal("1000"))
        for m in range(1, 13)
    ]
    return kr.monthly_report(rows, month="2025-12", bureau_annual_revenue=bureau)


def test_the_report_totals_the_key_accounts_revenue_by_line() -> None:
    # 002 (四)6: 「市局大客户中心负责对各级大客户使用的各类邮政业务形成的收入进行汇总,
    # 再分项目对这些大客户用邮量进行统计」
    report = _two_years()
    lines = {f.key: (f.this_month, f.year_to_date) for f in report.revenue if f.group == "line"}
    assert list(lines) == [line.value for line in BusinessLine]
    assert lines["express"] == (Decimal("210000.00"), Decimal("2520000.00"))
    assert lines["letters"] == (Decimal("1000.00"), Decimal("12000.00"))
    assert lines["bills"] == (Decimal("0.00"), Decimal("0.00"))
    total = next(f for f in report.revenue if f.group == "total")
    assert sum(f.this_month or 0 for f in report.revenue if f.group == "line") == total.this_month
    assert not [f for f in report.accounts if f.group == "line"]  # lines are revenue only
    page = report.to_html("zh")
    assert "<td>特快</td>" in page


def test_the_key_accounts_share_is_twelve_months_against_the_bureau_s_revenue() -> None:
    # 002 (四)6 大客户经营服务情况分析 1: 「各单位上月大客户总体情况分析,包括用邮收入比重…」
    report = _two_years()
    assert report.key_revenue_twelve_months == Decimal("2532000.00")
    # 2,532,000 / 300,000,000 = 0.00844 → 0.0084 (half-up at 0.01%)
    assert report.key_revenue_share == Decimal("0.0084")
    step = report.explanation.steps[1]
    assert (step.rule, step.text_zh) == (
        "REPORT-2",
        "用邮收入比重：大客户2025-01至2025-12收入2,532,000.00 ÷ 全局年收入300,000,000.00 = 0.84%"
        "（四舍五入至0.01%）",
    )
    assert (
        "用邮收入比重（2025-01至2025-12）：大客户收入2,532,000.00 ÷ 全局年收入"
        in report.to_html("zh")
    )
    # on the half: 2,532,000 / 2,025,600,000 = 0.00125 exactly → 0.0013 (half-up, not even);
    # a bureau revenue one fen larger gives 0.0012499… → 0.0012
    assert _two_years(bureau=2_025_600_000).key_revenue_share == Decimal("0.0013")
    assert _two_years(bureau=Decimal("2025600000.01")).key_revenue_share == Decimal("0.0012")


def test_no_share_without_twelve_decided_months() -> None:
    rows = [RevenueRow(2, "甲", Month(2025, m), EXPRESS, Decimal("210000")) for m in range(1, 13)]
    rows += [RevenueRow(2, "甲", Month(2024, m), EXPRESS, Decimal("200000")) for m in range(1, 13)]
    report = kr.monthly_report(rows, month="2025-06", bureau_annual_revenue=BUREAU)
    # 2024-07..2024-12 cannot be graded (their year before has no data)
    assert (report.key_revenue_twelve_months, report.key_revenue_share) == (None, None)
    assert report.explanation.steps[1].text == (
        "key accounts' share of the bureau's revenue (用邮收入比重): the data does not decide "
        "every month of 2024-07 to 2025-06, so it is not computed"
    )
    assert "用邮收入比重：未计算（见说明）" in report.to_html("zh")

"""The agenda's fold of the activity (month/folding.py): what each row counts for, on its bounds.

A row counts for this month from the month's first day, for VISIT-2's year from 1 January,
for the archive from the first day of any period that can hold the month's start (ARCH-2),
and the FILE-1 average over the twelve months before this one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules.records.activity import Event, Kind

BUREAU = 300_000_000
GOLD = kr.Customer(name="GOLD", has_agreement=True, last_year_revenue={"express": 600_000})
GENERAL = kr.Customer(name="GEN", has_agreement=True, last_year_revenue={"express": 150_000})


def ev(on: date, kind: Kind, customer: str = "GOLD", manager: str = "Li", **more: object) -> Event:
    return Event(2, customer, on, kind, manager, **more)  # type: ignore[arg-type]


def duties(result: kr.Agenda, duty: str) -> list[str]:
    return [i.status for i in result.items if i.duty == duty]


def plan(activity: list[Event], as_of: date, **more: object) -> kr.Agenda:
    customers = more.pop("customers", [GOLD])
    return kr.agenda(customers, activity, as_of=as_of, bureau_annual_revenue=BUREAU, **more)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("on", "state"),
    [
        pytest.param(date(2025, 3, 1), "done", id="on-the-month-s-first-day"),
        pytest.param(date(2025, 2, 28), "due", id="the-day-before"),
    ],
)
def test_a_unit_report_counts_from_the_month_s_first_day(on: date, state: str) -> None:
    report = Event(9, "", on, Kind.REPORT, "", "roster-changes")
    items = plan([report], date(2025, 3, 20)).items
    assert [i.status for i in items if i.duty == "roster-changes"] == [state]


@pytest.mark.parametrize(
    ("kind", "duty"),
    [(Kind.ANALYSIS, "analysis"), (Kind.FILING, "filing")],
    ids=["FLUX-1", "FILE-1"],
)
@pytest.mark.parametrize(
    ("on", "state"),
    [
        pytest.param(date(2025, 3, 1), "done", id="on-the-month-s-first-day"),
        pytest.param(date(2025, 2, 28), "due", id="the-day-before"),
    ],
)
def test_an_analysis_or_a_filing_counts_from_the_month_s_first_day(
    kind: Kind, duty: str, on: date, state: str
) -> None:
    rows = [
        kr.RevenueRow(2, "GOLD", kr.Month(2025, 1), kr.BusinessLine.EXPRESS, Decimal("20000")),
        kr.RevenueRow(3, "GOLD", kr.Month(2025, 2), kr.BusinessLine.EXPRESS, Decimal("30000")),
    ]
    assert duties(plan([ev(on, kind)], date(2025, 3, 20), revenue=rows), duty) == [state]


@pytest.mark.parametrize(
    ("month", "filed"),
    [
        pytest.param(kr.Month(2024, 3), True, id="twelve-months-before"),
        pytest.param(kr.Month(2024, 2), False, id="thirteen-months-before"),
    ],
)
def test_the_filing_average_reads_the_twelve_months_before_this_one(
    month: kr.Month, filed: bool
) -> None:
    row = kr.RevenueRow(2, "GOLD", month, kr.BusinessLine.EXPRESS, Decimal("30000"))
    result = plan([], date(2025, 3, 20), revenue=[row])
    assert duties(result, "filing") == (["due"] if filed else [])


@pytest.mark.parametrize(
    ("on", "listed"),
    [
        pytest.param(date(2025, 1, 1), [], id="on-1-january-met-for-the-year"),
        pytest.param(date(2024, 12, 31), ["due"], id="last-year-s-31-december"),
    ],
)
def test_a_leadership_visit_counts_for_the_year_from_1_january(on: date, listed: list[str]) -> None:
    # met by a visit before this month: VISIT-2 is not listed; last year's does not meet it
    assert duties(plan([ev(on, Kind.LEADERSHIP_VISIT)], date(2025, 3, 20)), "leadership_visit") == (
        listed
    )


def test_a_refresh_on_the_first_day_of_a_year_long_period_counts_for_it() -> None:
    # a year from April and a yearly archive: 2024-04-01..2025-03-31 holds March 2025
    policy = kr.default_policy().with_changes(
        {"schedules.archives.cadence.general": "year", "schedules.periods.year_starts_in_month": 4}
    )
    for on, state in ((date(2024, 4, 1), "done"), (date(2024, 3, 31), "due")):
        result = plan(
            [ev(on, Kind.ARCHIVE_REFRESH, "GEN")],
            date(2025, 3, 10),
            customers=[GENERAL],
            policy=policy,
        )
        assert duties(result, "archive") == [state]


@pytest.mark.parametrize(
    ("on", "problems"),
    [
        pytest.param(date(2025, 3, 1), 1, id="on-the-month-s-first-day-contradicts"),
        pytest.param(date(2025, 2, 28), 0, id="the-day-before-is-history"),
    ],
)
def test_a_tier_row_naming_another_tier_contradicts_the_evaluation_from_the_month_s_start(
    on: date, problems: int
) -> None:
    result = plan([ev(on, Kind.TIER, detail="silver")], date(2025, 3, 20))
    assert len(result.problems) == problems


def test_a_blank_manager_is_no_named_person_for_the_gold_log_book() -> None:
    # LOG-4: a GOLD customer needs a named person; a blank name is none
    entry = ev(
        date(2025, 3, 2),
        Kind.MARKETING_LOG,
        stage=kr.LogStage.INITIAL_CONTACT,
        content="needs",
        method="visit",
        our_participants=("Li",),
        customer_participants=("Wang",),
    )
    named = plan([entry], date(2025, 3, 20), managers={"GOLD": "Li"})
    blank = plan([entry], date(2025, 3, 20), managers={"GOLD": "  "})
    assert duties(named, "marketing_log") == ["done"]
    assert duties(blank, "marketing_log") == ["due"]
    (item,) = [i for i in blank.items if i.duty == "marketing_log"]
    assert "LOG-4" in item.explanation.rules


def test_every_tier_row_of_the_month_naming_another_tier_is_reported() -> None:
    rows = [
        ev(date(2025, 3, 2), Kind.TIER, detail="silver"),
        ev(date(2025, 3, 3), Kind.TIER, detail="diamond"),
    ]
    result = plan(rows, date(2025, 3, 20))
    assert [p.problem for p in result.problems] == [
        "tier silver from 2025-03-02 contradicts the evaluated tier gold this month; the "
        "evaluation is used",
        "tier diamond from 2025-03-03 contradicts the evaluated tier gold this month; the "
        "evaluation is used",
    ]

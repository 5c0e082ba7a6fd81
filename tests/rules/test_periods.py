"""ARCH-2 periods: iter_periods for every cadence, on and one day off each boundary."""

from __future__ import annotations

from datetime import date
from itertools import islice

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.vocabulary import Cadence
from keyaccount_rules.rules.periods import iter_periods

# RULEBOOK ARCH-2 (policy [schedules.periods]): half-months are the 1st–15th and the 16th–month
# end; months, quarters, half-years and years are calendar-aligned from January.
PERIODS = kr.default_policy().schedules.periods


def _periods(cadence: Cadence, first: date, until: date, periods: object = PERIODS) -> list:
    # at most 12: a rule that ran past ``until`` shows up as extra periods, not a hang
    return list(islice(iter_periods(cadence, first, until, periods), 12))  # type: ignore[arg-type]


def test_half_months_run_from_the_one_holding_the_first_day_to_the_one_holding_until() -> None:
    assert _periods(Cadence.HALF_MONTH, date(2024, 2, 20), date(2024, 4, 1)) == [
        (date(2024, 2, 16), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 15)),
        (date(2024, 3, 16), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2024, 4, 15)),
    ]


@pytest.mark.parametrize(
    ("until", "last"),
    [
        (date(2025, 1, 15), (date(2025, 1, 1), date(2025, 1, 15))),  # the 15th: first half
        (date(2025, 1, 16), (date(2025, 1, 16), date(2025, 1, 31))),  # the 16th: second half
        (date(2025, 1, 31), (date(2025, 1, 16), date(2025, 1, 31))),
        (date(2025, 2, 1), (date(2025, 2, 1), date(2025, 2, 15))),
    ],
)
def test_the_last_half_month_is_the_one_holding_until(until: date, last: tuple) -> None:
    found = _periods(Cadence.HALF_MONTH, date(2025, 1, 1), until)
    assert found[0] == (date(2025, 1, 1), date(2025, 1, 15))
    assert found[-1] == last


def test_half_months_follow_the_policy_split_day() -> None:
    tenth = kr.default_policy().with_changes({"schedules.periods.half_month_first_half_ends": 10})
    periods = tenth.schedules.periods
    assert _periods(Cadence.HALF_MONTH, date(2025, 1, 5), date(2025, 2, 11), periods) == [
        (date(2025, 1, 1), date(2025, 1, 10)),
        (date(2025, 1, 11), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 10)),
        (date(2025, 2, 11), date(2025, 2, 28)),
    ]


@pytest.mark.parametrize(
    ("cadence", "first", "until", "expected"),
    [
        (
            Cadence.WEEK,
            date(2025, 1, 1),  # a Wednesday: its week starts on Monday 30 December
            date(2025, 1, 6),  # the next Monday
            [
                (date(2024, 12, 30), date(2025, 1, 5)),
                (date(2025, 1, 6), date(2025, 1, 12)),
            ],
        ),
        (
            Cadence.MONTH,
            date(2024, 1, 31),
            date(2024, 3, 1),
            [
                (date(2024, 1, 1), date(2024, 1, 31)),
                (date(2024, 2, 1), date(2024, 2, 29)),
                (date(2024, 3, 1), date(2024, 3, 31)),
            ],
        ),
        (
            Cadence.QUARTER,
            date(2025, 3, 31),
            date(2025, 4, 1),
            [
                (date(2025, 1, 1), date(2025, 3, 31)),
                (date(2025, 4, 1), date(2025, 6, 30)),
            ],
        ),
        (
            Cadence.HALF_YEAR,
            date(2025, 6, 30),
            date(2025, 6, 30),
            [(date(2025, 1, 1), date(2025, 6, 30))],
        ),
        (
            Cadence.YEAR,
            date(2024, 12, 31),
            date(2025, 1, 1),
            [
                (date(2024, 1, 1), date(2024, 12, 31)),
                (date(2025, 1, 1), date(2025, 12, 31)),
            ],
        ),
    ],
    ids=lambda v: v.value if isinstance(v, Cadence) else "",
)
def test_each_cadence_runs_from_the_period_of_first_to_the_period_of_until(
    cadence: Cadence, first: date, until: date, expected: list
) -> None:
    assert _periods(cadence, first, until) == expected


# ---------------------------------------------------------------- the month is one calendar month


@pytest.mark.parametrize("length", [2, 3, 12], ids=lambda n: f"{n}-months")
def test_a_month_cadence_of_more_than_one_calendar_month_is_refused_naming_its_path(
    length: int,
) -> None:
    # RULEBOOK §17: months are calendar months; ARCH-2's month is the agenda's month
    with pytest.raises(kr.PolicyError) as raised:
        kr.default_policy().with_changes({"schedules.periods.months.month": length})
    assert [(p.path, p.rule) for p in raised.value.problems] == [
        ("schedules.periods.months.month", "ARCH-2")
    ]
    assert raised.value.problems[0].problem == (
        f"must be 1: a month is one calendar month, RULEBOOK §17 (got {length})"
    )


def test_every_edition_cuts_its_month_cadence_as_one_calendar_month() -> None:
    for name in kr.editions():
        assert kr.edition(name).schedules.periods.months[Cadence.MONTH] == 1


@pytest.mark.parametrize("day", [date(2024, 2, 1), date(2024, 2, 29), date(2025, 12, 31)], ids=str)
def test_the_month_period_of_a_day_is_its_calendar_month(day: date) -> None:
    from keyaccount_rules.core.periods import Month
    from keyaccount_rules.rules.periods import period_of

    assert period_of(day, Cadence.MONTH, PERIODS) == Month.of(day).days
    # a year that starts in April still has calendar months
    april = kr.default_policy().with_changes({"schedules.periods.year_starts_in_month": 4})
    assert period_of(day, Cadence.MONTH, april.schedules.periods) == Month.of(day).days

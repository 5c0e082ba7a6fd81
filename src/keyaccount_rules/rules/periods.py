"""Calendar-aligned periods (ARCH-2), built with dateutil's rrule and relativedelta.

A period is a closed interval of days ``(first, last)``. Weeks run Monday to Sunday (ISO 8601,
the calendar's own cut: 001 says only 每周). Half-months are cut after the policy's
``half_month_first_half_ends`` day; a month is the calendar month (``core.periods.Month``, the
one month cut, RULEBOOK §17); quarters, half-years and years start on the first day of a month
counted from ``year_starts_in_month``.

>>> from keyaccount_rules import default_policy
>>> periods = default_policy().schedules.periods
>>> period_of(date(2024, 2, 20), Cadence.HALF_MONTH, periods)
(datetime.date(2024, 2, 16), datetime.date(2024, 2, 29))
>>> period_of(date(2025, 11, 3), Cadence.QUARTER, periods)
(datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Annotated

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, WEEKLY, rrule
from pydantic import BeforeValidator

from keyaccount_rules.core.arguments import EARLIEST, LATEST, as_date
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import Cadence
from keyaccount_rules.policy import PeriodPolicy

__all__ = [
    "Period",
    "Year",
    "as_date",
    "iter_periods",
    "next_day",
    "period_of",
    "previous_day",
]

Period = tuple[date, date]
_ONE_DAY = timedelta(days=1)


def _calendar_year(value: object) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not EARLIEST.year <= value <= LATEST.year
    ):
        raise ValueError("must be a calendar year such as 2025")
    return value


Year = Annotated[int, BeforeValidator(_calendar_year)]
"""A calendar year argument (``visit_year``, ``year_calendar``): an ``int`` the rules can
step a year either side of (the years of :data:`~keyaccount_rules.core.arguments.Day`)."""


_WEEK = timedelta(days=7)


def _period_end(start: date, cadence: Cadence, periods: PeriodPolicy) -> date:
    if cadence is Cadence.WEEK:
        return start + _WEEK - _ONE_DAY
    if cadence is Cadence.HALF_MONTH:
        if start.day == 1:
            end: date = start + relativedelta(day=periods.half_month_first_half_ends)
            return end
        return Month.of(start).last_day
    if cadence is Cadence.MONTH:
        return Month.of(start).last_day
    last: date = start + relativedelta(months=periods.months[cadence], days=-1)
    return last


def period_of(day: date, cadence: Cadence, periods: PeriodPolicy) -> Period:
    """The period of ``cadence`` that contains ``day``."""
    if cadence is Cadence.WEEK:
        start = day - timedelta(days=day.weekday())
    elif cadence is Cadence.HALF_MONTH:
        split = periods.half_month_first_half_ends
        start = day.replace(day=1) if day.day <= split else day.replace(day=split + 1)
    elif cadence is Cadence.MONTH:
        return Month.of(day).days
    else:
        length = periods.months[cadence]
        offset = (day.month - periods.year_starts_in_month) % length
        start = day.replace(day=1) - relativedelta(months=offset)
    return start, _period_end(start, cadence, periods)


def iter_periods(
    cadence: Cadence, first: date, until: date, periods: PeriodPolicy
) -> Iterator[Period]:
    """Each period of ``cadence``, from the one holding ``first`` to the one holding ``until``."""
    start, _ = period_of(first, cadence, periods)
    if cadence is Cadence.WEEK:
        rule = rrule(WEEKLY, dtstart=start, until=until)
    elif cadence is Cadence.HALF_MONTH:
        rule = rrule(
            MONTHLY,
            dtstart=start,
            until=until,
            bymonthday=(1, periods.half_month_first_half_ends + 1),
        )
    else:
        rule = rrule(
            MONTHLY, dtstart=start, until=until, interval=periods.months[cadence], bymonthday=1
        )
    for moment in rule:
        begin = moment.date()
        yield begin, _period_end(begin, cadence, periods)


def next_day(day: date) -> date:
    """The day after ``day``."""
    return day + _ONE_DAY


def previous_day(day: date) -> date:
    """The day before ``day``."""
    return day - _ONE_DAY

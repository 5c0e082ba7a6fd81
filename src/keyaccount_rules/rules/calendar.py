"""工作日历: the deadlines and duties of a key-account centre (REPORT-1..4, ANALYSE-1, CAL-1..2).

Each duty in the policy (``schedules.calendar.duties``) recurs per month, quarter, half year or
year and is due on a stated day ("25日前" reads "by the 25th", inclusive: G-7) or at the end
of its period. REPORT-4's quarterly usage table names no day; it is due by the 3rd of the month
after the quarter, like the monthly collection (G-13, in the duty's data). Deadlines stay on
the stated day (G-5) unless the caller supplies a
:class:`BusinessCalendar`; then a deadline on a non-working day moves to the previous working
day. ``keyaccount_rules.io.ics.to_ics`` writes the calendar as iCalendar text.

>>> from datetime import date
>>> cal = month_calendar(date(2025, 3, 1))
>>> found = [(d.rule, d.due.day) for d in cal.duties if d.rule.startswith("REPORT")]
>>> found[:5], found.count(("REPORT-4", 31))
([('REPORT-4', 3), ('REPORT-3', 5), ('REPORT-1', 25), ('REPORT-2', 28), ('REPORT-4', 31)], 3)

The last three are 001's monthly analysis of every key account (按月对大客户用邮情况进行分析)
and its second and third monthly collections: the default ``combined`` edition lists both
bureaus' duties, each naming its bureau (G-16).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, field_validator

from keyaccount_rules.core.arguments import as_date, checked, instance_of, not_before
from keyaccount_rules.core.catalogue import Words, step, words
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.frozen import SortedSet
from keyaccount_rules.core.periods import Month
from keyaccount_rules.policy import DutyPolicy, PeriodPolicy, Policy, resolve_policy
from keyaccount_rules.rules.periods import Year, iter_periods, previous_day

__all__ = [
    "BusinessCalendar",
    "BusinessDays",
    "CalendarDecision",
    "Duty",
    "Occurrence",
    "WorkCalendar",
    "WorkCalendarGiven",
    "decide_calendar",
    "duty_step",
    "explain_calendar",
    "month_calendar",
    "stated_due",
    "work_calendar",
    "year_calendar",
]

_DAYS_IN_WEEK = 7  # calendar fact


class BusinessCalendar(BaseModel):
    """营业日历: the caller's non-working dates plus weekends, for moving deadlines (G-5).

    ``working_days`` are weekend dates worked in lieu (调休上班); ``weekend`` holds the
    ``date.weekday()`` numbers of the weekend (Saturday 5, Sunday 6). The sets are written to
    JSON sorted, so the same calendar gives the same JSON in every process.

    >>> from datetime import date
    >>> BusinessCalendar(non_working_days={date(2025, 10, 3)}).previous_working_day(
    ...     date(2025, 10, 5))
    datetime.date(2025, 10, 2)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    non_working_days: SortedSet[date] = frozenset()
    working_days: SortedSet[date] = frozenset()
    weekend: SortedSet[int] = Field(default=frozenset({5, 6}), max_length=_DAYS_IN_WEEK - 1)

    @field_validator("weekend")
    @classmethod
    def _weekdays(cls, value: frozenset[int]) -> frozenset[int]:
        if any(not 0 <= day < _DAYS_IN_WEEK for day in value):
            raise ValueError("weekend days are date.weekday() numbers, 0 (Monday) to 6 (Sunday)")
        return value

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day."""
        if day in self.working_days:
            return True
        return day not in self.non_working_days and day.weekday() not in self.weekend

    def previous_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the closest working day before it."""
        while not self.is_working_day(day):
            day = previous_day(day)
        return day


#: The ``business_days`` argument (G-5): a :class:`BusinessCalendar`, or None (nothing moves).
BusinessDays = instance_of((BusinessCalendar, type(None)), "must be a BusinessCalendar")


# --- decision: plain values, no text ----------------------------------------------------------


class Occurrence(NamedTuple):
    """One occurrence of a duty: the period it covers, its stated and its actual due date."""

    period_start: date
    period_end: date
    stated_due: date
    due: date


class CalendarDecision(NamedTuple):
    """Each policy duty with an occurrence due in ``start``..``end``, and its occurrences."""

    start: date
    end: date
    found: tuple[tuple[DutyPolicy, tuple[Occurrence, ...]], ...]
    shifted: bool


def stated_due(duty: DutyPolicy, period_end: date) -> date:
    """The stated due date of ``duty``'s occurrence for the period ending ``period_end``."""
    if duty.day is None:
        return period_end
    # relativedelta(day=31) clamps to the month's last day: "by the 31st" in April is the 30th.
    due: date = period_end + relativedelta(months=duty.months_after, day=duty.day)
    return due


def _occurrences(
    duty: DutyPolicy,
    start: date,
    end: date,
    periods: PeriodPolicy,
    business_days: BusinessCalendar | None,
) -> Iterable[Occurrence]:
    # A period ends at most (months_after + 1) months before its due date.
    first = start - relativedelta(months=duty.months_after + 1)
    for period_start, period_end in iter_periods(duty.every, first, end, periods):
        stated = stated_due(duty, period_end)
        if start <= stated <= end:
            due = stated if business_days is None else business_days.previous_working_day(stated)
            yield Occurrence(period_start, period_end, stated, due)


def decide_calendar(
    start: date,
    end: date,
    duties: Sequence[DutyPolicy],
    periods: PeriodPolicy,
    business_days: BusinessCalendar | None,
) -> CalendarDecision:
    """The occurrences of each duty whose stated due date falls in ``start``..``end`` (G-5)."""
    found = []
    for duty in duties:
        occurrences = tuple(_occurrences(duty, start, end, periods, business_days))
        if occurrences:
            found.append((duty, occurrences))
    return CalendarDecision(start, end, tuple(found), business_days is not None)


# --- explanation, built from the decision -----------------------------------------------------


def _when(duty: DutyPolicy) -> Words:
    # G-7: "N日前" is inclusive — due by the Nth, so the Nth itself is on time.
    every = duty.every
    if duty.day is None:
        return words("calendar.when_period_end", every=every)
    if duty.months_after == 0:
        return words("calendar.when_day", every=every, day=duty.day)
    if duty.months_after == 1:
        return words("calendar.when_next_month", every=every, day=duty.day)
    return words("calendar.when_months_after", every=every, day=duty.day, months=duty.months_after)


def _times(duty: DutyPolicy) -> Words:
    if duty.floor:  # CAL-2 「至少要完成2-4个」: a floor of 2, 4 as guidance
        return words("calendar.times_floor", low=duty.at_least, high=duty.at_most)
    if duty.at_least != duty.at_most:
        return words("calendar.times_range", low=duty.at_least, high=duty.at_most)
    if duty.at_least == 1:
        return Words.same("")
    return words("calendar.times", count=duty.at_least)


def duty_step(duty: DutyPolicy, count: int) -> Step:
    """The step of one duty of the policy due ``count`` times: what, who, when, how many."""
    return step(
        duty.rule,
        "calendar.duty",
        what=Words(duty.what, duty.what_zh),
        who=Words(duty.who, duty.who_zh),
        times=_times(duty),
        when=_when(duty),
        count=count,
    )


def explain_calendar(d: CalendarDecision) -> tuple[Step, ...]:
    """One step per duty found (what, who, when, how many), then whether deadlines moved."""
    steps = [duty_step(duty, len(occurrences)) for duty, occurrences in d.found]
    bureaus = list(dict.fromkeys(duty.bureau for duty, _found in d.found if duty.bureau))
    if len(bureaus) > 1:  # G-16: both bureaus' calendars are listed, each duty names its own
        steps.append(step("G-16", "editions.bureaus", bureaus=", ".join(bureaus)))
    if not d.shifted:
        steps.append(step("G-5", "calendar.unshifted"))
        return tuple(steps)
    moved = sorted(
        {(o.stated_due, o.due) for _duty, found in d.found for o in found if o.due != o.stated_due}
    )
    listed = ", ".join(f"{stated} → {due}" for stated, due in moved)
    steps.append(
        step(
            "G-5",
            "calendar.shifted",
            moved=Words.same(listed) if listed else words("calendar.none"),
        )
    )
    return tuple(steps)


# --- results and public functions -------------------------------------------------------------


class Duty(BaseModel):
    """One deadline or duty: what, who, the period it covers, when it is due, and the rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    rule: str
    bureau: str = ""  # G-16: whose calendar ('shantou' = 002, 'liangshan' = 001)
    what: str
    what_zh: str
    who: str
    who_zh: str
    period_start: date
    period_end: date
    stated_due: date
    due: date
    at_least: int
    at_most: int
    source: str

    @property
    def times(self) -> str:
        """How many times the duty is done in its period: ``"1"``, ``"2–4"``."""
        if self.at_least == self.at_most:
            return str(self.at_least)
        return f"{self.at_least}–{self.at_most}"


class WorkCalendar(Result):
    """The duties due from ``start`` to ``end`` (by their stated due date), sorted by due date."""

    start: date
    end: date
    duties: tuple[Duty, ...]
    shifted: bool
    explanation: Explanation


#: A work calendar as an argument (``to_ics``): a :class:`WorkCalendar` result.
WorkCalendarGiven = instance_of(WorkCalendar, "must be a WorkCalendar")


def _duties(d: CalendarDecision) -> tuple[Duty, ...]:
    duties = [
        Duty(
            key=duty.key,
            rule=duty.rule,
            bureau=duty.bureau,
            what=duty.what,
            what_zh=duty.what_zh,
            who=duty.who,
            who_zh=duty.who_zh,
            period_start=o.period_start,
            period_end=o.period_end,
            stated_due=o.stated_due,
            due=o.due,
            at_least=duty.at_least,
            at_most=duty.at_most,
            source=duty.source,
        )
        for duty, found in d.found
        for o in found
    ]
    duties.sort(key=lambda d: (d.due, d.stated_due, d.rule, d.key))
    return tuple(duties)


def _calendar(
    start: date, end: date, business_days: BusinessCalendar | None, policy: Policy
) -> WorkCalendar:
    not_before(end, start, "end", f"start {start}")
    business_days = checked(BusinessDays, business_days, "business_days", rule="G-5")
    schedules = policy.schedules
    d = decide_calendar(start, end, schedules.calendar.duties, schedules.periods, business_days)
    return WorkCalendar(
        start=start,
        end=end,
        duties=_duties(d),
        shifted=d.shifted,
        explanation=Explanation(steps=explain_calendar(d)),
        policy_fingerprint=policy.fingerprint,
    )


#: Most calendar years one :func:`work_calendar` may span (its duties are all held at once).
MAX_CALENDAR_YEARS = 10


def work_calendar(
    start: date,
    end: date,
    *,
    business_days: BusinessCalendar | None = None,
    policy: Policy | None = None,
) -> WorkCalendar:
    """List the deadlines and duties (工作日历) due from ``start`` to ``end`` inclusive.

    A duty is listed when its stated due date falls in the range. With ``business_days``, a
    deadline on a non-working day moves to the previous working day (``due``), keeping its
    ``stated_due``; without it nothing moves (G-5).

    Raises:
        RuleInputError: dates that are not dates, ``end`` before ``start``, or a range over
            more than :data:`MAX_CALENDAR_YEARS` calendar years.

    >>> from datetime import date
    >>> cal = work_calendar(date(2025, 1, 1), date(2025, 3, 31))
    >>> [str(d.due) for d in cal.duties if d.key == "quarterly-usage-table"]
    ['2025-01-03']
    """
    policy = resolve_policy(policy)
    first = as_date(start, "start", rule="CAL-1")
    last = as_date(end, "end", rule="CAL-1")
    if last.year - first.year >= MAX_CALENDAR_YEARS:
        # Every duty of the range is built and held: year 2 to 9998 would be 1.3 million
        # duties in gigabytes. A longer plan is a loop over year_calendar.
        raise RuleInputError(
            "end",
            f"the range may span at most {MAX_CALENDAR_YEARS} calendar years",
            got=f"{first} – {last}",
            rule="CAL-1",
            fix="call year_calendar(year) for each year you need",
        )
    return _calendar(first, last, business_days, policy)


def month_calendar(
    month: date,
    *,
    business_days: BusinessCalendar | None = None,
    policy: Policy | None = None,
) -> WorkCalendar:
    """List the duties due in the calendar month holding ``month`` (月度工作日历, §17).

    >>> from datetime import date
    >>> len(month_calendar(date(2025, 1, 20)).duties)  # with 001's weekly morning meeting
    18
    """
    policy = resolve_policy(policy)
    first, last = Month.of(as_date(month, "month", rule="CAL-2")).days
    return _calendar(first, last, business_days, policy)


def year_calendar(
    year: int,
    *,
    business_days: BusinessCalendar | None = None,
    policy: Policy | None = None,
) -> WorkCalendar:
    """List the duties due in calendar year ``year`` (年度工作日历).

    >>> cal = year_calendar(2025)
    >>> len(cal.duties)
    234
    >>> [d.key for d in cal.duties if d.rule == "CAL-1"]  # the half-year visits are accounts'
    ['satisfaction-surveys', 'symposiums', 'training']
    """
    policy = resolve_policy(policy)
    year = checked(Year, year, "year")
    return _calendar(date(year, 1, 1), date(year, 12, 31), business_days, policy)

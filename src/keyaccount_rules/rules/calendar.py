"""工作日历: the deadlines and duties of a key-account centre (REPORT-1..4, ANALYSE-1, CAL-1..2).

Each duty in the policy (``schedules.calendar.duties``) recurs per month, quarter, half year or
year and is due on a stated day ("25日前" reads "by the 25th", inclusive) or at the end of its
period. Deadlines stay on the stated day (G-5) unless the caller supplies a
:class:`BusinessCalendar`; then a deadline on a non-working day moves to the previous working
day. :func:`to_ics` writes the calendar as iCalendar text for any calendar app.

>>> from datetime import date
>>> cal = month_calendar(date(2025, 3, 1))
>>> [(d.rule, d.due.day) for d in cal.duties if d.rule.startswith("REPORT")]
[('REPORT-4', 3), ('REPORT-3', 5), ('REPORT-1', 25), ('REPORT-2', 28)]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, field_validator

from keyaccount_rules.arguments import resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.policy import Policy
from keyaccount_rules.policy.schedules import DutyPolicy
from keyaccount_rules.rules.periods import as_date, iter_periods, previous_day

__all__ = [
    "BusinessCalendar",
    "Duty",
    "WorkCalendar",
    "month_calendar",
    "work_calendar",
    "year_calendar",
]

_DAYS_IN_WEEK = 7  # calendar fact


class BusinessCalendar(BaseModel):
    """营业日历: the caller's non-working dates plus weekends, for moving deadlines (G-5).

    ``working_days`` are weekend dates worked in lieu (调休上班); ``weekend`` holds the
    ``date.weekday()`` numbers of the weekend (Saturday 5, Sunday 6).

    >>> from datetime import date
    >>> BusinessCalendar(non_working_days={date(2025, 10, 3)}).previous_working_day(
    ...     date(2025, 10, 5))
    datetime.date(2025, 10, 2)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    non_working_days: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    weekend: frozenset[int] = Field(default=frozenset({5, 6}), max_length=_DAYS_IN_WEEK - 1)

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


class Duty(BaseModel):
    """One deadline or duty: what, who, the period it covers, when it is due, and the rule."""

    model_config = ConfigDict(frozen=True)

    key: str
    rule: str
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

    model_config = ConfigDict(frozen=True)

    start: date
    end: date
    duties: tuple[Duty, ...]
    shifted: bool
    explanation: Explanation


def _stated_due(duty: DutyPolicy, period_end: date) -> date:
    if duty.day is None:
        return period_end
    # relativedelta(day=31) clamps to the month's last day: "by the 31st" in April is the 30th.
    due: date = period_end + relativedelta(months=duty.months_after, day=duty.day)
    return due


def _occurrences(
    duty: DutyPolicy, start: date, end: date, policy: Policy
) -> Iterable[tuple[date, date, date]]:
    # A period ends at most (months_after + 1) months before its due date.
    first = start - relativedelta(months=duty.months_after + 1)
    for period_start, period_end in iter_periods(duty.every, first, end, policy.schedules.periods):
        due = _stated_due(duty, period_end)
        if start <= due <= end:
            yield period_start, period_end, due


def _describe(duty: DutyPolicy) -> tuple[str, str]:
    every = duty.every.value.replace("_", " ")
    if duty.day is None:
        when, when_zh = f"by the end of each {every}", f"{duty.every.zh}末前"
    elif duty.months_after == 0:
        when, when_zh = f"by day {duty.day} of each {every}", f"{duty.every.zh}{duty.day}日前"
    elif duty.months_after == 1:
        when = f"by day {duty.day} of the month after each {every}"
        when_zh = f"{duty.every.zh}结束后次月{duty.day}日前"
    else:
        when = f"by day {duty.day} of the month {duty.months_after} months after each {every}"
        when_zh = f"{duty.every.zh}结束后第{duty.months_after}个月{duty.day}日前"
    if duty.at_least == duty.at_most:
        times = "" if duty.at_least == 1 else f" ({duty.at_least}×)"
        times_zh = "" if duty.at_least == 1 else f"({duty.at_least}次)"
    else:
        times = f" ({duty.at_least}–{duty.at_most}×)"
        times_zh = f"({duty.at_least}至{duty.at_most}次)"
    return (
        f"{duty.what}{times}: {duty.who}, {when}",
        f"{duty.what_zh}{times_zh}：{duty.who_zh}，{when_zh}",
    )


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
        RuleInputError: dates that are not dates, or ``end`` before ``start``.

    >>> from datetime import date
    >>> cal = work_calendar(date(2025, 1, 1), date(2025, 3, 31))
    >>> [str(d.due) for d in cal.duties if d.key == "quarterly-usage-table"]
    ['2025-01-03']
    """
    policy = resolve_policy(policy)
    start = as_date(start, "start", rule="CAL-1")
    end = as_date(end, "end", rule="CAL-1")
    if end < start:
        raise RuleInputError("end", f"must not be before start {start}", got=end.isoformat())
    if business_days is not None and not isinstance(business_days, BusinessCalendar):
        raise RuleInputError(
            "business_days",
            "must be a BusinessCalendar",
            got=type(business_days).__name__,
            rule="G-5",
        )
    duties: list[Duty] = []
    steps: list[Step] = []
    for rule in policy.schedules.calendar.duties:
        found = list(_occurrences(rule, start, end, policy))
        if not found:
            continue
        text, text_zh = _describe(rule)
        steps.append(
            Step(
                rule=rule.rule,
                text=f"{text}: {len(found)} due",
                text_zh=f"{text_zh}：{len(found)}项",
            )
        )
        for period_start, period_end, stated in found:
            due = stated if business_days is None else business_days.previous_working_day(stated)
            duties.append(
                Duty(
                    key=rule.key,
                    rule=rule.rule,
                    what=rule.what,
                    what_zh=rule.what_zh,
                    who=rule.who,
                    who_zh=rule.who_zh,
                    period_start=period_start,
                    period_end=period_end,
                    stated_due=stated,
                    due=due,
                    at_least=rule.at_least,
                    at_most=rule.at_most,
                    source=rule.source,
                )
            )
    duties.sort(key=lambda d: (d.due, d.stated_due, d.rule, d.key))
    if business_days is None:
        steps.append(
            Step(
                rule="G-5",
                text="no business-day calendar given: deadlines stay on the stated day",
                text_zh="未提供工作日历：截止日不因周末、节假日调整",
            )
        )
    else:
        moved = sorted({(d.stated_due, d.due) for d in duties if d.due != d.stated_due})
        listed = ", ".join(f"{a} → {b}" for a, b in moved) or "none"
        steps.append(
            Step(
                rule="G-5",
                text=f"deadlines on non-working days moved to the previous working day: {listed}",
                text_zh=f"截止日遇非工作日提前至前一工作日：{listed.replace('none', '无')}",
            )
        )
    return WorkCalendar(
        start=start,
        end=end,
        duties=tuple(duties),
        shifted=business_days is not None,
        explanation=Explanation(steps=tuple(steps)),
    )


def month_calendar(
    month: date,
    *,
    business_days: BusinessCalendar | None = None,
    policy: Policy | None = None,
) -> WorkCalendar:
    """List the duties due in the calendar month holding ``month`` (月度工作日历).

    >>> from datetime import date
    >>> len(month_calendar(date(2025, 1, 20)).duties)
    10
    """
    month = as_date(month, "month", rule="CAL-2")
    first: date = month + relativedelta(day=1)
    last: date = month + relativedelta(day=31)
    return work_calendar(first, last, business_days=business_days, policy=policy)


def year_calendar(
    year: int,
    *,
    business_days: BusinessCalendar | None = None,
    policy: Policy | None = None,
) -> WorkCalendar:
    """List the duties due in calendar year ``year`` (年度工作日历).

    >>> cal = year_calendar(2025)
    >>> len(cal.duties)
    131
    >>> [d.key for d in cal.duties if d.rule == "CAL-1"]
    ['half-year-visits', 'half-year-visits', 'satisfaction-surveys', 'symposiums', 'training']
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= date.max.year:
        raise RuleInputError("year", "must be a calendar year such as 2025", got=year)
    return work_calendar(
        date(year, 1, 1), date(year, 12, 31), business_days=business_days, policy=policy
    )

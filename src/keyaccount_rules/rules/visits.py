"""大客户拜访制度: how often an account manager contacts a key account (VISIT-1, VISIT-2).

>>> from keyaccount_rules import Tier, Scope
>>> r = visit_requirement(Tier.GOLD, Scope.COMPREHENSIVE)
>>> r.contacts_per_month, r.leader_visits_per_year
(2, (1, 2))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, rrule
from pydantic import BaseModel, ConfigDict

from keyaccount_rules.arguments import as_enum, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.policy import Policy
from keyaccount_rules.rules.periods import as_date
from keyaccount_rules.vocabulary import ContactKind, Leadership, Scope, Tier

__all__ = [
    "Contact",
    "VisitCompliance",
    "VisitRequirement",
    "VisitYear",
    "visit_compliance",
    "visit_requirement",
    "visit_year",
]


class VisitRequirement(Result):
    """Minimum contacts a month (VISIT-1) and leadership visits a year (VISIT-2)."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    scope: Scope
    contacts_per_month: int
    leader_visits_per_year: tuple[int, int]
    led_by: Leadership
    explanation: Explanation


def visit_requirement(
    tier: Tier | str, scope: Scope | str, *, policy: Policy | None = None
) -> VisitRequirement:
    """Look up the visit plan (拜访要求) of a tier × scope (VISIT-1, VISIT-2).

    Raises:
        RuleInputError: an unknown tier or scope.
    """
    policy = resolve_policy(policy)
    tier = as_enum(Tier, tier, "tier", rule="VISIT-1")
    scope = as_enum(Scope, scope, "scope", rule="VISIT-1")
    visits = policy.visits
    contacts = visits.contacts_per_month[tier][scope]
    leadership = visits.leadership
    led_by = leadership.led_by[tier][scope]
    low, high = leadership.min_per_year, leadership.max_per_year
    steps = [
        Step(
            rule="VISIT-1",
            text=f"{scope.value} {tier.value}: at least {contacts} contact(s) a month",
            text_zh=f"{scope.zh}{tier.zh}客户：每月走访或联系不少于{contacts}次",
        ),
        Step(
            rule="VISIT-2",
            text=f"leadership visits {low}–{high} a year, led by {led_by.value} leadership",
            text_zh=f"由{led_by.zh}带队，每年拜访{low}至{high}次",
        ),
    ]
    gap_rule = visits.gap_rule(tier, scope)
    if gap_rule:
        steps.append(
            Step(
                rule=gap_rule,
                text=f"the source names no frequency for {scope.value} {tier.value}; decided above",
                text_zh=f"原文未规定{scope.zh}{tier.zh}客户的拜访频次，按规则补充如上",
            )
        )
    return VisitRequirement(
        tier=tier,
        scope=scope,
        contacts_per_month=contacts,
        leader_visits_per_year=(low, high),
        led_by=led_by,
        explanation=Explanation(steps=tuple(steps)),
    )


class Contact(BaseModel):
    """一次联系: a dated contact with a customer and its kind (VISIT-1..3).

    Visits, calls and leadership-led visits count toward VISIT-1; greetings on holidays and
    birthdays do not (VISIT-3); which kinds count is policy data (``schedules.contacts``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    on: date
    kind: ContactKind = ContactKind.VISIT
    note: str = ""


class VisitCompliance(Result):
    """Contacts done against the VISIT-1 minimum in one calendar month."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    scope: Scope
    month_start: date
    month_end: date
    required: int
    done: int
    shortfall: int
    compliant: bool
    leadership_visits: int
    not_counted: int
    explanation: Explanation


class VisitYear(Result):
    """A year of contacts: per month VISIT-1, and leadership visits against VISIT-2."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    scope: Scope
    year: int
    months: tuple[VisitCompliance, ...]
    required: int
    done: int
    shortfall: int
    short_months: tuple[date, ...]
    leadership_visits: int
    leadership_range: tuple[int, int]
    leadership_met: bool
    year_complete: bool
    compliant: bool
    explanation: Explanation


def _contacts(values: Iterable[date | Contact], field: str) -> list[Contact]:
    if isinstance(values, date | str | bytes | Contact):
        raise RuleInputError(field, "must be a collection of dates or Contacts", got=values)
    found = []
    for index, value in enumerate(values):
        if isinstance(value, Contact):
            found.append(value)
        else:
            found.append(Contact(on=as_date(value, f"{field}[{index}]", rule="VISIT-1")))
    return found


def _month(day: date) -> tuple[date, date]:
    first: date = day + relativedelta(day=1)
    last: date = day + relativedelta(day=31)  # relativedelta clamps to the month's last day
    return first, last


def _month_label(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _kinds_zh(kinds: frozenset[ContactKind]) -> str:
    return "、".join(kind.zh for kind in ContactKind if kind in kinds)


def visit_compliance(
    tier: Tier | str,
    scope: Scope | str,
    contact_dates: Iterable[date | Contact],
    month: date,
    *,
    policy: Policy | None = None,
) -> VisitCompliance:
    """Check one month's contacts (走访或联系) against the VISIT-1 minimum (VISIT-1, VISIT-3).

    ``contact_dates`` holds dates (each a visit) or :class:`Contact` records; only those dated
    inside ``month``'s calendar month are looked at. Two contacts on the same day count as two
    (a visit and a call are separate contacts). Greetings do not count (VISIT-3).

    Raises:
        RuleInputError: an unknown tier or scope, or a contact that is not a date.

    >>> from datetime import date
    >>> c = visit_compliance("gold", "comprehensive", [date(2025, 3, 4)], date(2025, 3, 31))
    >>> c.required, c.done, c.shortfall, c.compliant
    (2, 1, 1, False)
    >>> print(c.explanation)
    VISIT-1: comprehensive gold: at least 2 contact(s) a month
    VISIT-1: 2025-03: 1 contact(s) counted < 2 required → short by 1
    """
    policy = resolve_policy(policy)
    requirement = visit_requirement(tier, scope, policy=policy)
    month = as_date(month, "month", rule="VISIT-1")
    contacts = _contacts(contact_dates, "contact_dates")
    return _month_compliance(requirement, contacts, month, policy)


def _month_compliance(
    requirement: VisitRequirement, contacts: list[Contact], month: date, policy: Policy
) -> VisitCompliance:
    counting = policy.schedules.contacts
    first, last = _month(month)
    inside = [c for c in contacts if first <= c.on <= last]
    done = sum(1 for c in inside if c.kind in counting.counted)
    leaders = sum(1 for c in inside if c.kind in counting.leadership)
    other = len(inside) - done
    required = requirement.contacts_per_month
    shortfall = max(0, required - done)
    label = _month_label(first)
    steps = [s for s in requirement.explanation if s.rule != "VISIT-2"]
    if shortfall:
        text = f"{label}: {done} contact(s) counted < {required} required → short by {shortfall}"
        text_zh = f"{label}：计入联系{done}次，少于要求的{required}次，差{shortfall}次"
    else:
        text = f"{label}: {done} contact(s) counted ≥ {required} required → met"
        text_zh = f"{label}：计入联系{done}次，不少于要求的{required}次，达标"
    steps.append(Step(rule="VISIT-1", text=text, text_zh=text_zh))
    if other:
        steps.append(
            Step(
                rule="VISIT-3",
                text=f"{other} greeting(s) or other contact(s) not counted toward VISIT-1",
                text_zh=f"另有{other}次问候等联系不计入每月联系次数(只计{_kinds_zh(counting.counted)})",
            )
        )
    return VisitCompliance(
        tier=requirement.tier,
        scope=requirement.scope,
        month_start=first,
        month_end=last,
        required=required,
        done=done,
        shortfall=shortfall,
        compliant=shortfall == 0,
        leadership_visits=leaders,
        not_counted=other,
        explanation=Explanation(steps=tuple(steps)),
    )


def visit_year(
    tier: Tier | str,
    scope: Scope | str,
    contacts: Iterable[date | Contact],
    year: int,
    *,
    as_of: date | None = None,
    policy: Policy | None = None,
) -> VisitYear:
    """Review a year of contacts (年度拜访): VISIT-1 month by month, VISIT-2 for the year.

    With ``as_of`` inside ``year`` only the months begun by then are reviewed, and the yearly
    leadership minimum is not yet judged (``year_complete`` is False). A month's surplus never
    makes up another month's shortfall.

    Raises:
        RuleInputError: an unknown tier or scope, a bad year, a contact after ``as_of``, or
            ``as_of`` before the year starts.

    >>> from datetime import date
    >>> y = visit_year("silver", "regional", [date(2025, 1, 9)], 2025, as_of=date(2025, 2, 10))
    >>> [(str(m.month_start), m.shortfall) for m in y.months]
    [('2025-01-01', 0), ('2025-02-01', 1)]
    """
    policy = resolve_policy(policy)
    requirement = visit_requirement(tier, scope, policy=policy)
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= date.max.year:
        raise RuleInputError("year", "must be a calendar year such as 2025", got=year)
    listed = _contacts(contacts, "contacts")
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    until = year_end
    if as_of is not None:
        as_of = as_date(as_of, "as_of", rule="VISIT-1")
        if as_of < year_start:
            raise RuleInputError(
                "as_of", f"must not be before the year {year} starts", got=as_of.isoformat()
            )
        for index, contact in enumerate(listed):
            if contact.on > as_of:
                raise RuleInputError(
                    f"contacts[{index}]",
                    f"must not be after as_of {as_of}",
                    got=contact.on.isoformat(),
                    rule="VISIT-1",
                )
        until = min(as_of, year_end)
    months = tuple(
        _month_compliance(requirement, listed, start.date(), policy)
        for start in rrule(MONTHLY, dtstart=year_start, until=until, bymonthday=1)
    )
    leaders = sum(m.leadership_visits for m in months)
    low, high = requirement.leader_visits_per_year
    complete = until == year_end
    short = tuple(m.month_start for m in months if m.shortfall)
    required = sum(m.required for m in months)
    done = sum(m.done for m in months)
    shortfall = sum(m.shortfall for m in months)
    span = f"{year}" if complete else f"{year} to {until}"
    span_zh = f"{year}年" if complete else f"{year}年(截至{until})"
    if short:
        labels = ", ".join(_month_label(day) for day in short)
        text = (
            f"{span}: {done} contact(s) counted, {required} required; short by {shortfall} in "
            f"{len(short)} month(s): {labels}"
        )
        text_zh = (
            f"{span_zh}：计入联系{done}次，要求{required}次；{len(short)}个月未达标，"
            f"共差{shortfall}次：{labels}"
        )
    else:
        text = f"{span}: {done} contact(s) counted, {required} required; every month met"
        text_zh = f"{span_zh}：计入联系{done}次，要求{required}次；各月均达标"
    steps = [
        requirement.explanation[0],
        Step(rule="VISIT-1", text=text, text_zh=text_zh),
    ]
    led = requirement.led_by
    if leaders < low:
        verdict = "below the minimum" if complete else "none yet; the year is not over"
        verdict_zh = "未达最低次数" if complete else "年度未结束，尚待完成"
    elif leaders > high:
        verdict, verdict_zh = f"above the guidance of {high} (allowed)", f"超过{high}次(允许)"
    else:
        verdict, verdict_zh = "met", "达标"
    steps.append(
        Step(
            rule="VISIT-2",
            text=f"leadership visits led by {led.value} leadership: {leaders} (required "
            f"{low}–{high} a year) → {verdict}",
            text_zh=f"{led.zh}带队拜访{leaders}次(每年{low}至{high}次)：{verdict_zh}",
        )
    )
    not_counted = sum(m.not_counted for m in months)
    if not_counted:
        steps.append(
            Step(
                rule="VISIT-3",
                text=f"{not_counted} greeting(s) or other contact(s) not counted toward VISIT-1",
                text_zh=f"另有{not_counted}次问候等联系不计入每月联系次数",
            )
        )
    met = leaders >= low
    return VisitYear(
        tier=requirement.tier,
        scope=requirement.scope,
        year=year,
        months=months,
        required=required,
        done=done,
        shortfall=shortfall,
        short_months=short,
        leadership_visits=leaders,
        leadership_range=(low, high),
        leadership_met=met,
        year_complete=complete,
        compliant=not short and (met or not complete),
        explanation=Explanation(steps=tuple(steps)),
    )

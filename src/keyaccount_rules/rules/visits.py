"""大客户拜访制度: how often an account manager contacts a key account (VISIT-1, VISIT-2).

Each function validates its arguments once (declared types), decides on plain values
(:func:`decide_requirement`, :func:`tally_month`), explains from that decision, and wraps the
frozen result with the fingerprint of the policy used.

>>> from keyaccount_rules import Tier, Scope
>>> r = visit_requirement(Tier.GOLD, Scope.COMPREHENSIVE)
>>> r.contacts_per_month, r.leader_visits_per_year
(2, (1, 2))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from keyaccount_rules.core.arguments import as_date, as_enum, checked, not_after, not_before
from keyaccount_rules.core.catalogue import joined, step, words
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import ContactKind, Leadership, Scope, Tier
from keyaccount_rules.policy import ContactCounting, Policy, VisitPolicy, require, resolve_policy
from keyaccount_rules.records.activity import Contact, Contacts
from keyaccount_rules.rules.periods import Year

__all__ = [
    "MonthTally",
    "Requirement",
    "VisitCompliance",
    "VisitRequirement",
    "VisitYear",
    "decide_requirement",
    "requirement_of",
    "explain_leadership",
    "explain_month",
    "tally_month",
    "visit_compliance",
    "visit_requirement",
    "visit_year",
]


# --- decisions: plain values, no text -------------------------------------------------------


class Requirement(NamedTuple):
    """The visit plan of one tier × scope, as the policy states it (VISIT-1, VISIT-2)."""

    tier: Tier
    scope: Scope
    contacts_per_month: int
    low: int
    high: int
    led_by: Leadership
    gap_rule: str | None


def decide_requirement(tier: Tier, scope: Scope, visits: VisitPolicy) -> Requirement:
    """Look up the plan of ``tier`` × ``scope`` in the policy's visit section."""
    leadership = visits.leadership
    return Requirement(
        tier=tier,
        scope=scope,
        contacts_per_month=visits.contacts_per_month[tier][scope],
        low=leadership.min_per_year,
        high=leadership.max_per_year,
        led_by=leadership.led_by[tier][scope],
        gap_rule=visits.gap_rule(tier, scope),
    )


class MonthTally(NamedTuple):
    """One calendar month of contacts counted against the VISIT-1 minimum."""

    first: date
    last: date
    required: int
    done: int
    leaders: int
    other: int
    greetings: int = 0  # in-person greetings among ``done`` (VISIT-3: 上门问候 is a contact)

    @property
    def shortfall(self) -> int:
        """Contacts missing to reach the minimum (0 when met)."""
        return max(0, self.required - self.done)


def tally_month(
    required: int, contacts: Iterable[Contact], month: Month, counting: ContactCounting
) -> MonthTally:
    """Count the contacts inside the calendar ``month`` (VISIT-1, VISIT-3): the one VISIT-1
    count, of :func:`visit_compliance`, :func:`visit_year` and a month's duties alike."""
    first, last = month.days
    counted, leadership = counting.counted, counting.leadership
    inside = done = leaders = greetings = 0
    for c in contacts:  # one pass: an account's month holds few contacts, a year's many
        if first <= c.on <= last:
            inside += 1
            if c.kind in counted:
                done += 1
                # VISIT-3: a greeting is made in person (上门问候); where counted, say so.
                greetings += c.kind is ContactKind.GREETING
            leaders += c.kind in leadership
    return MonthTally(first, last, required, done, leaders, inside - done, greetings)


class YearTally(NamedTuple):
    """The months of a year reviewed so far and the leadership visits among them."""

    months: tuple[MonthTally, ...]
    until: date
    complete: bool
    leaders: int

    @property
    def short(self) -> tuple[date, ...]:
        """The first days of the months short of the minimum."""
        return tuple(m.first for m in self.months if m.shortfall)


def tally_year(
    required: int, contacts: Iterable[Contact], year: int, until: date, counting: ContactCounting
) -> YearTally:
    """Tally each month of ``year`` begun by ``until`` (VISIT-1) and the leadership visits."""
    listed = tuple(contacts)
    months = tuple(
        tally_month(required, listed, Month(year, number), counting)
        for number in range(1, until.month + 1)  # ``until`` falls inside ``year``
    )
    complete = until == date(year, 12, 31)
    return YearTally(months, until, complete, sum(m.leaders for m in months))


# --- explanations, built from the decisions ---------------------------------------------------


def _plan_step(r: Requirement) -> Step:
    return step("VISIT-1", "visits.plan", scope=r.scope, tier=r.tier, contacts=r.contacts_per_month)


def explain_requirement(r: Requirement) -> tuple[Step, ...]:
    """VISIT-1's monthly minimum, VISIT-2's yearly leadership visits, and any gap rule."""
    steps = [
        _plan_step(r),
        step("VISIT-2", "visits.leadership", low=r.low, high=r.high, led_by=r.led_by),
    ]
    if r.gap_rule:
        steps.append(step(r.gap_rule, "visits.gap", scope=r.scope, tier=r.tier))
    return tuple(steps)


def _month_label(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def explain_month(
    r: Requirement, t: MonthTally, counted: frozenset[ContactKind]
) -> tuple[Step, ...]:
    """The plan (without VISIT-2), the month's count against it, and what was not counted
    (``counted``: the kinds of contact the policy counts)."""
    plan = [s for s in explain_requirement(r) if s.rule != "VISIT-2"]
    key = "visits.month_short" if t.shortfall else "visits.month_met"
    plan.append(
        step(
            "VISIT-1",
            key,
            month=_month_label(t.first),
            done=t.done,
            required=t.required,
            shortfall=t.shortfall,
        )
    )
    if t.greetings:
        plan.append(step("VISIT-3", "visits.greetings_counted", greetings=t.greetings))
    if t.other:
        kinds = joined(kind for kind in ContactKind if kind in counted)
        plan.append(step("VISIT-3", "visits.not_counted", other=t.other, counted=kinds))
    return tuple(plan)


def explain_leadership(r: Requirement, leaders: int, complete: bool) -> Step:
    """VISIT-2: the year's leadership visits against its minimum (pending until the year is
    complete) and its guidance."""
    if leaders < r.low:
        verdict = "visits.verdict_below" if complete else "visits.verdict_pending"
    elif leaders > r.high:
        # G-15: "一至两次" requires at least 1; more than 2 is compliant, and noted.
        verdict = "visits.verdict_above"
    else:
        verdict = "visits.verdict_met"
    return step("VISIT-2", verdict, led_by=r.led_by, leaders=leaders, low=r.low, high=r.high)


def explain_year(r: Requirement, y: YearTally, year: int) -> tuple[Step, ...]:
    """The plan, the year's months against VISIT-1, leadership visits against VISIT-2."""
    required = sum(m.required for m in y.months)
    done = sum(m.done for m in y.months)
    span = (
        words("visits.span", year=year)
        if y.complete
        else words("visits.span_until", year=year, until=y.until)
    )
    steps = [_plan_step(r)]
    if y.short:
        steps.append(
            step(
                "VISIT-1",
                "visits.year_short",
                span=span,
                done=done,
                required=required,
                shortfall=sum(m.shortfall for m in y.months),
                months=len(y.short),
                labels=", ".join(_month_label(day) for day in y.short),
            )
        )
    else:
        steps.append(step("VISIT-1", "visits.year_met", span=span, done=done, required=required))
    steps.append(explain_leadership(r, y.leaders, y.complete))
    greetings = sum(m.greetings for m in y.months)
    if greetings:
        steps.append(step("VISIT-3", "visits.greetings_counted", greetings=greetings))
    not_counted = sum(m.other for m in y.months)
    if not_counted:
        steps.append(step("VISIT-3", "visits.year_not_counted", other=not_counted))
    return tuple(steps)


# --- results and public functions -------------------------------------------------------------


class VisitRequirement(Result):
    """Minimum contacts a month (VISIT-1) and leadership visits a year (VISIT-2)."""

    tier: Tier
    scope: Scope
    contacts_per_month: int
    leader_visits_per_year: tuple[int, int]
    led_by: Leadership
    explanation: Explanation


def _requirement(tier: Tier | str, scope: Scope | str, policy: Policy) -> Requirement:
    return decide_requirement(
        as_enum(Tier, tier, "tier", rule="VISIT-1"),
        as_enum(Scope, scope, "scope", rule="VISIT-1"),
        require(policy, "visits", policy.visits),
    )


def visit_requirement(
    tier: Tier | str, scope: Scope | str, *, policy: Policy | None = None
) -> VisitRequirement:
    """Look up the visit plan (拜访要求) of a tier × scope (VISIT-1, VISIT-2).

    Raises:
        RuleInputError: an unknown tier or scope.
    """
    policy = resolve_policy(policy)
    return requirement_of(_requirement(tier, scope, policy), policy)


def requirement_of(r: Requirement, policy: Policy) -> VisitRequirement:
    """The :class:`VisitRequirement` of a plan decided under ``policy``: explained from it."""
    return VisitRequirement(
        tier=r.tier,
        scope=r.scope,
        contacts_per_month=r.contacts_per_month,
        leader_visits_per_year=(r.low, r.high),
        led_by=r.led_by,
        explanation=Explanation(steps=explain_requirement(r)),
        policy_fingerprint=policy.fingerprint,
    )


class VisitCompliance(Result):
    """Contacts done against the VISIT-1 minimum in one calendar month."""

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


def _contacts(values: Iterable[date | Contact], field: str) -> tuple[Contact, ...]:
    """Each item a :class:`Contact`; a bare date is a visit on that day."""
    contacts: tuple[Contact, ...] = checked(Contacts, values, field, rule="VISIT-1")
    return contacts


def _compliance(
    r: Requirement, t: MonthTally, counting: ContactCounting, fingerprint: str
) -> VisitCompliance:
    return VisitCompliance(
        tier=r.tier,
        scope=r.scope,
        month_start=t.first,
        month_end=t.last,
        required=t.required,
        done=t.done,
        shortfall=t.shortfall,
        compliant=t.shortfall == 0,
        leadership_visits=t.leaders,
        not_counted=t.other,
        explanation=Explanation(steps=explain_month(r, t, counting.counted)),
        policy_fingerprint=fingerprint,
    )


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
    (a visit and a call are separate contacts). A contact counts when the policy's
    ``schedules.contacts.counted`` lists its kind: in every edition a visit, a call, a
    leadership visit (客户经理参与) and a greeting made in person (上门…致问候, VISIT-3: 002
    counts any 「上门走访或日常沟通」), the explanation saying how many greetings it counted.

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
    r = _requirement(tier, scope, policy)
    day = as_date(month, "month", rule="VISIT-1")
    contacts = _contacts(contact_dates, "contact_dates")
    counting = policy.schedules.contacts
    tally = tally_month(r.contacts_per_month, contacts, Month.of(day), counting)
    return _compliance(r, tally, counting, policy.fingerprint)


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
    r = _requirement(tier, scope, policy)
    year = checked(Year, year, "year")
    listed = _contacts(contacts, "contacts")
    until = date(year, 12, 31)
    if as_of is not None:
        as_of = as_date(as_of, "as_of", rule="VISIT-1")
        not_before(as_of, date(year, 1, 1), "as_of", f"the year {year} starts")
        not_after(as_of, (contact.on for contact in listed), "contacts", rule="VISIT-1")
        until = min(as_of, until)
    counting = policy.schedules.contacts
    y = tally_year(r.contacts_per_month, listed, year, until, counting)
    fingerprint = policy.fingerprint
    met = y.leaders >= r.low
    return VisitYear(
        tier=r.tier,
        scope=r.scope,
        year=year,
        months=tuple(_compliance(r, t, counting, fingerprint) for t in y.months),
        required=sum(m.required for m in y.months),
        done=sum(m.done for m in y.months),
        shortfall=sum(m.shortfall for m in y.months),
        short_months=y.short,
        leadership_visits=y.leaders,
        leadership_range=(r.low, r.high),
        leadership_met=met,
        year_complete=y.complete,
        compliant=not y.short and (met or not y.complete),
        explanation=Explanation(steps=explain_year(r, y, year)),
        policy_fingerprint=fingerprint,
    )

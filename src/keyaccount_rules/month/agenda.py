"""The month's agenda (本月工作清单): every duty of every key account, due, overdue or done.

Each duty is decided by the rule function that owns it — :func:`visit_compliance` (VISIT-1),
:func:`visit_year` (VISIT-2), :func:`archive_status_with_history` (ARCH, G-9),
:func:`check_marketing_log` (LOG), :func:`fluctuation` (FLUX-1), :func:`provincial_filing_list`
(FILE-1) and :func:`month_calendar` (REPORT, ANALYSE, CAL) — and the item carries that rule's
explanation. Only the special-date greetings (VISIT-3) are matched here: a greeting dated in
the month on or before a key date fulfils it.

>>> import datetime as dt
>>> from keyaccount_rules.records.customer import Customer
>>> from keyaccount_rules.records.activity import Event, Kind
>>> acme = Customer(name="ACME", has_agreement=True, last_year_revenue={"express": 2_000_000})
>>> visit = Event(2, "ACME", dt.date(2025, 3, 4), Kind.VISIT, "Li")
>>> a = agenda([acme], [visit], as_of=dt.date(2025, 3, 20), bureau_annual_revenue=300_000_000)
>>> [(i.duty, i.status) for i in a.items if i.customer == "ACME"][:2]
[('archive', 'overdue'), ('archive', 'due')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

import keyaccount_rules.core.catalogue as messages
from keyaccount_rules.core import writers
from keyaccount_rules.core.arguments import (
    BureauRevenue,
    Day,
    as_enum,
    as_iterable,
    checked,
)
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.money import format_yuan
from keyaccount_rules.core.optional import load_pandas
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import ContactKind, Level, Scope, Tier, Unit, parse_level
from keyaccount_rules.engine.customer import Evaluator, classes_by_level
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.policy import Policy, require, resolve_policy
from keyaccount_rules.records.activity import Contact, Event, Kind, RevenueRow
from keyaccount_rules.records.customer import Customer
from keyaccount_rules.rules.archives import decide_archive, explain_archive, plan_segments
from keyaccount_rules.rules.calendar import duty_step, month_calendar
from keyaccount_rules.rules.levels import level_duties, match_greetings
from keyaccount_rules.rules.marketing_log import LogEntry, decide_log, explain_log
from keyaccount_rules.rules.reporting import (
    decide_fluctuation,
    explain_fluctuation,
    provincial_filing_list,
)
from keyaccount_rules.rules.visits import (
    Requirement,
    YearTally,
    decide_requirement,
    explain_month,
    explain_year,
    tally_month,
)

__all__ = [
    "Agenda",
    "AgendaItem",
    "Problem",
    "agenda",
    "agenda_row",
    "agenda_summary",
    "iter_agenda",
]

Status = Literal["due", "overdue", "done"]

_CONTACT_KIND = {
    Kind.CONTACT: ContactKind.CALL,
    Kind.VISIT: ContactKind.VISIT,
    Kind.LEADERSHIP_VISIT: ContactKind.LEADERSHIP_VISIT,
    Kind.GREETING: ContactKind.GREETING,
}


class Problem(BaseModel):
    """An activity row the agenda could not use, and why (reported, never dropped silently).

    Row 0 is not an activity row: a customer of the portfolio the agenda could not place
    (under a policy that classes by level, a customer ``levels`` does not name).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    row: int
    customer: str
    problem: str


class OptionalLevel(BaseModel):
    """A model with an optional ``level`` (EDITION-2) that its JSON has only when set: the
    JSON of a tier's row is what it was before levels existed, byte for byte."""

    @model_serializer(mode="wrap")
    def _without_unset_level(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict) and data.get("level", 0) is None:
            del data["level"]
        return data


class AgendaItem(OptionalLevel):
    """One duty of the month: whose, which rule, due when, and where it stands.

    ``tier`` is the key account's tier, ``level`` its level under a policy that classes by
    level (``liangshan``, EDITION-2); the JSON form has ``level`` only when it is set.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str | None
    customer_id: str | None
    tier: Tier | None
    duty: str
    rule: str
    what: str
    what_zh: str
    due: date
    status: Status
    unit: Unit | None
    responsible: str
    manager: str | None
    explanation: Explanation
    level: Level | None = None


class Agenda(Result):
    """Every duty due, overdue or done in the month of ``as_of`` (kr.agenda)."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    month_start: date
    month_end: date
    items: tuple[AgendaItem, ...]
    problems: tuple[Problem, ...]
    explanation: Explanation

    def filter(self, *, unit: Unit | str | None = None, manager: str | None = None) -> Agenda:
        """The items of one responsible unit and/or one account manager.

        A unit keeps the work-calendar duties (they concern every unit); a manager does not.
        """
        items = self.items
        if unit is not None:
            wanted = Unit(unit)
            items = tuple(i for i in items if i.unit is wanted or i.customer is None)
        if manager is not None:
            items = tuple(i for i in items if i.manager == manager)
        return self.model_copy(update={"items": items})

    @property
    def managers(self) -> tuple[str, ...]:
        """The account managers named in the items, sorted."""
        return tuple(sorted({i.manager for i in self.items if i.manager}))

    def to_rows(self) -> list[dict[str, Any]]:
        """The items as flat dicts of JSON values (one per item)."""
        return [agenda_row(i) for i in self.items]

    @property
    def by_level(self) -> bool:
        """Whether the items are classed by level (a ``level`` column in place of ``tier``)."""
        return any(i.level is not None for i in self.items)

    def to_dataframe(self) -> Any:
        """The items as a pandas DataFrame (needs the ``pandas`` extra); ``due`` as dates."""
        pandas = load_pandas()
        frame = pandas.DataFrame(self.to_rows(), columns=row_columns(by_level=self.by_level))
        frame["due"] = pandas.to_datetime(frame["due"])
        return frame

    def to_csv(self) -> str:
        """The items as CSV text with a header row (``level`` in place of ``tier`` when the
        items are classed by level)."""
        return writers.write("agenda.csv", self)

    def to_ics(self, *, lang: Literal["en", "zh"] = "zh", manager: str | None = None) -> str:
        """The items as iCalendar text, one all-day event per duty on its due date.

        ``manager`` keeps one manager's items (one calendar per manager is the everyday use).
        Every text is escaped (CR, LF, ``;``, ``,``, ``\\``), so no value can add a line.
        """
        return writers.write("agenda.ics", self, lang=lang, manager=manager)


def agenda_row(item: AgendaItem) -> dict[str, Any]:
    """One item as a flat dict of JSON values (a CSV row, a DataFrame row).

    A key account's item classed by level has ``level`` where a tier's has ``tier``.
    """
    i = item
    klass = {"tier": None if i.tier is None else i.tier.value}
    if i.level is not None:
        klass = {"level": i.level.value}
    return {
        "manager": i.manager,
        "customer": i.customer,
        "customer_id": i.customer_id,
        **klass,
        "unit": None if i.unit is None else i.unit.value,
        "duty": i.duty,
        "rule": i.rule,
        "due": i.due.isoformat(),
        "status": i.status,
        "what": i.what,
        "what_zh": i.what_zh,
        "responsible": i.responsible,
        "explanation": str(i.explanation),
    }


_ROW_COLUMNS = [
    "manager",
    "customer",
    "customer_id",
    "tier",
    "unit",
    "duty",
    "rule",
    "due",
    "status",
    "what",
    "what_zh",
    "responsible",
    "explanation",
]
_LEVEL_COLUMNS = [("level" if c == "tier" else c) for c in _ROW_COLUMNS]


def row_columns(*, by_level: bool = False) -> list[str]:
    """The columns of :func:`agenda_row` rows: ``level`` in place of ``tier`` by level."""
    return list(_LEVEL_COLUMNS if by_level else _ROW_COLUMNS)


# ---- the month's context: policy sections, and decisions shared across customers


class _Month:
    """What every customer of one agenda shares: the month, the policy, and memoised results.

    Decisions and explanations are immutable, so a requirement, a segment plan or an
    explanation decided once serves every customer with the same inputs.
    """

    _LIMIT = 4_096  # memoised explanations and texts kept at most (memory flat in the rows)

    def __init__(self, as_of: date, policy: Policy) -> None:
        self.policy = policy
        self.as_of = as_of
        self.month = Month.parse(as_of)
        self.month_start, self.month_end = self.month.first_day, self.month.last_day
        self.year_start, self.year_end = date(as_of.year, 1, 1), date(as_of.year, 12, 31)
        self.year_ordinal = self.year_start.toordinal()
        self.counting = policy.schedules.contacts
        # EDITION-2: classed by level, the duties are level_duties' (no tier schedules needed)
        self.by_level = classes_by_level(policy)
        self.cadences = (
            {}
            if self.by_level
            else require(policy, "schedules.archives", policy.schedules.archives).cadence
        )
        self.periods = policy.schedules.periods
        self.flux = policy.schedules.fluctuation
        self._requirements: dict[tuple[Tier, Scope], Requirement] = {}
        self._segments: dict[tuple[tuple[date, Tier], ...], Any] = {}
        self._explained: dict[tuple[Any, ...], Explanation] = {}
        self._texts: dict[tuple[Any, ...], tuple[str, str]] = {}
        self._contacts: dict[tuple[date, ContactKind], Contact] = {}

    def requirement(self, tier: Tier, scope: Scope) -> Requirement:
        """VISIT-1/2's plan of a tier × scope (one lookup per pair)."""
        found = self._requirements.get((tier, scope))
        if found is None:
            found = self._requirements[(tier, scope)] = decide_requirement(
                tier, scope, require(self.policy, "visits", self.policy.visits)
            )
        return found

    def segments(self, history: list[tuple[date, Tier]]) -> Any:
        """ARCH-1's cadence segments from the month's start (one plan per tier history)."""
        key = tuple(history)
        found = self._segments.get(key)
        if found is None:
            found = self._segments[key] = plan_segments(
                history, self.month_start, self.cadences, self.periods
            )
        return found

    def days(self, bits: int) -> list[date]:
        """The dates of the year whose bits are set, in order (distinct by construction)."""
        found = []
        while bits:
            low = bits & -bits
            found.append(date.fromordinal(self.year_ordinal + low.bit_length() - 1))
            bits ^= low
        return found

    def contacts(self, entry: _Customer) -> list[Contact]:
        """The customer's contacts this month (one shared Contact per day and kind)."""
        found = []
        for (on, kind), count in (entry.contacts or {}).items():
            contact = self._contacts.get((on, kind))
            if contact is None:
                contact = self._contacts[on, kind] = Contact(on=on, kind=kind)
            found += [contact] * count
        return found

    def explanation(self, explain: Callable[..., tuple[Step, ...]], *decision: Any) -> Explanation:
        """``explain(*decision)`` as an Explanation, built once per distinct decision."""
        key = (explain, *decision)
        found = self._explained.get(key)
        if found is None:
            if len(self._explained) >= self._LIMIT:
                self._explained.clear()
            found = self._explained[key] = Explanation(steps=tuple(explain(*decision)))
        return found

    def what(self, key: str, /, **values: object) -> tuple[str, str]:
        """A duty's text in English and Chinese (rendered once per distinct values)."""
        memo = (key, *values.items())
        found = self._texts.get(memo)
        if found is None:
            if len(self._texts) >= self._LIMIT:
                self._texts.clear()
            found = self._texts[memo] = (
                messages.render(key, "en", **values),
                messages.render(key, "zh", **values),
            )
        return found


def _visit2_steps(r: Requirement, tally: YearTally, year: int) -> tuple[Step, ...]:
    return tuple(s for s in explain_year(r, tally, year) if s.rule == "VISIT-2")


def _greeting_steps(used: date | None, label: str, day: date) -> tuple[Step, ...]:
    key = "cycle.greeting_done" if used else "cycle.greeting_open"
    return (messages.step("VISIT-3", key, label=label, day=day, on=used),)


# ---- gathering the activity per customer (one pass, folded: memory flat in the rows)


class _Customer:
    """What the agenda keeps of one key account: its decisions and its folded activity.

    Activity is folded as it streams past (counts, flags, the month's contacts), so memory
    grows with the customers, never with the activity rows.
    """

    __slots__ = (
        "analysed",
        "centre_visited",
        "contacts",
        "filed",
        "ident",
        "key_dates",
        "leaders",
        "led_now",
        "level",
        "log",
        "manager",
        "name",
        "refreshed",
        "refreshes",
        "scope",
        "tier",
        "tiers",
        "unit",
    )

    def __init__(
        self,
        name: str,
        ident: str | None,
        tier: Tier | None,
        unit: Unit,
        scope: Scope,
        level: Level | None = None,
    ) -> None:
        self.name, self.ident, self.tier, self.unit, self.scope = name, ident, tier, unit, scope
        self.level = level  # EDITION-2: classed by level (then tier is None)
        self.manager: tuple[date, int, str] | None = None
        # this month's contacts (VISIT-1, VISIT-3) as (day, kind) → how many: bounded by the
        # calendar, not by the rows
        self.contacts: dict[tuple[date, ContactKind], int] | None = None
        self.leaders = 0  # VISIT-2 visits this year
        self.led_now = False  # one of them this month
        self.key_dates: list[tuple[date, str]] | None = None  # falling in this month
        self.refreshes = 0  # this year's refresh days (ARCH), bit n = day n of the year
        self.tiers: list[Event] | None = None  # G-9 tier rows
        self.log: list[Event] | None = None  # marketing-log entries
        self.analysed = False  # FLUX-1 analysis done this month
        self.filed = False  # FILE-1 filing done this month
        self.refreshed: date | None = None  # the latest archive refresh (by level: APPR-1)
        self.centre_visited: date | None = None  # the latest centre visit (by level: CAL-1)


def _status(done: bool, due: date, as_of: date) -> Status:
    if done:
        return "done"
    return "overdue" if due < as_of else "due"


def _fold(entry: _Customer, event: Event, m: _Month) -> None:
    """Keep of one event what this month's duties need."""
    on, kind = event.on, event.kind
    if event.manager and (entry.manager is None or entry.manager[:2] <= (on, event.row)):
        entry.manager = (on, event.row, event.manager)
    contact = _CONTACT_KIND.get(kind)
    if contact is not None:
        if on < m.year_start:
            return
        if contact in m.counting.leadership:
            entry.leaders += 1
            entry.led_now = entry.led_now or on >= m.month_start
        if on >= m.month_start:
            if entry.contacts is None:
                entry.contacts = {}
            entry.contacts[on, contact] = entry.contacts.get((on, contact), 0) + 1
    elif kind is Kind.ARCHIVE_REFRESH:
        if on >= m.year_start:
            entry.refreshes |= 1 << (on.toordinal() - m.year_ordinal)
        if entry.refreshed is None or on > entry.refreshed:
            entry.refreshed = on
    elif kind is Kind.CENTRE_VISIT:
        if entry.centre_visited is None or on > entry.centre_visited:
            entry.centre_visited = on
    elif kind is Kind.KEY_DATE:
        if on.month == m.as_of.month:
            if entry.key_dates is None:
                entry.key_dates = []
            entry.key_dates.append((on, event.detail))
    elif kind is Kind.TIER:
        if entry.tiers is None:
            entry.tiers = []
        entry.tiers.append(event)
    elif kind is Kind.MARKETING_LOG:
        if entry.log is None:
            entry.log = []
        entry.log.append(event)
    elif kind is Kind.ANALYSIS:
        entry.analysed = entry.analysed or on >= m.month_start
    elif kind is Kind.FILING:
        entry.filed = entry.filed or on >= m.month_start


def _tier_history(
    entry: _Customer, current: Tier, m: _Month, report: Callable[[Problem], None]
) -> list[tuple[date, Tier]]:
    """The tier history of G-9: recorded ``tier`` rows, then the evaluated tier.

    A row dated in the month that names another tier than the evaluation contradicts it and is
    reported. When the evaluated tier differs from the last recorded one, it takes effect on
    the month's first day; when the first row falls inside the month, the evaluated tier is
    taken as in force from the month's first day (nothing earlier is known).
    """
    history: dict[date, Tier] = {}
    for event in entry.tiers or ():
        if event.on >= m.month_start and Tier(event.detail) is not current:
            report(
                Problem(
                    row=event.row,
                    customer=event.customer,
                    problem=f"tier {event.detail} from {event.on} contradicts the evaluated "
                    f"tier {current.value} this month; the evaluation is used",
                )
            )
            continue
        history[event.on] = Tier(event.detail)
    ordered = sorted(history.items())
    if not ordered or ordered[-1][1] is not current:
        ordered.append((m.month_start, current))
    if ordered[0][0] > m.month_start:
        ordered.insert(0, (m.month_start, current))
    return ordered


def _tier_on(history: list[tuple[date, Tier]], day: date) -> Tier:
    found = history[0][1]
    for when, tier in history:
        if when <= day:
            found = tier
    return found


class _Builder:
    """The items of one customer; every field but the duty's own is the customer's."""

    __slots__ = ("entry", "m", "manager")

    def __init__(self, entry: _Customer, manager: str | None, m: _Month) -> None:
        self.entry, self.manager, self.m = entry, manager, m

    def __call__(
        self,
        duty: str,
        rule: str,
        what: tuple[str, str],
        due: date,
        status: Status,
        explanation: Explanation,
    ) -> AgendaItem:
        entry = self.entry
        return AgendaItem(
            customer=entry.name,
            customer_id=entry.ident,
            tier=entry.tier,
            level=entry.level,
            duty=duty,
            rule=rule,
            what=what[0],
            what_zh=what[1],
            due=due,
            status=status,
            unit=entry.unit,
            responsible=entry.unit.value,
            manager=self.manager,
            explanation=explanation,
        )


def _key_dates(entry: _Customer, as_of: date) -> list[tuple[date, str]]:
    """The customer's recurring key dates (VISIT-3), in the year of ``as_of``.

    A key date on 29 February falls on 29 February in a leap year and on 28 February, the
    last day of the month, in other years (the documents are silent; docs/rules.md VISIT-3).
    """
    return [(day + relativedelta(year=as_of.year), label) for day, label in entry.key_dates or ()]


def _level_items(
    entry: _Customer,
    level: Level,
    manager: str | None,
    m: _Month,
    holidays: list[tuple[date, str]],
) -> Iterator[AgendaItem]:
    """A key account classed by level (EDITION-2): its duties are :func:`level_duties`'
    decisions (VISIT-1, VISIT-3, APPR-1, CAL-1), each item with that rule's steps."""
    item = _Builder(entry, manager, m)
    duties = level_duties(
        level,
        m.as_of,
        key_dates=_key_dates(entry, m.as_of) + holidays,
        contacts=m.contacts(entry),
        refreshes=() if entry.refreshed is None else (entry.refreshed,),
        centre_visits=() if entry.centre_visited is None else (entry.centre_visited,),
        policy=m.policy,
    )
    steps = duties.explanation.steps
    unit_steps = tuple(s for s in steps if s.rule == "LEVEL-1")
    # level_duties explains its greetings in the order it made them (by day, then label); its
    # duties are sorted by due date (stable), so the n-th greeting is the n-th VISIT-3 step.
    greeted = iter(s for s in steps if s.rule == "VISIT-3")
    per_month = m.policy.levels.contacts.per_month[level] if m.policy.levels else 0
    for duty in duties.duties:
        if duty.duty == "greeting":
            own: tuple[Step, ...] = (next(greeted),)
            what = m.what("cycle.duty_greeting", label=duty.label)
        else:
            own = tuple(s for s in steps if s.rule == duty.rule)
            if duty.duty == "contact":
                what = m.what("cycle.duty_level_contacts", required=per_month)
            elif duty.duty == "archive":
                what = m.what("cycle.duty_archive", start=duty.period_start, end=duty.period_end)
            else:
                what = m.what(
                    "cycle.duty_centre_visit", start=duty.period_start, end=duty.period_end
                )
        yield item(
            "contacts" if duty.duty == "contact" else duty.duty,
            duty.rule,
            what,
            duty.due,
            duty.status,
            Explanation(steps=unit_steps + own),
        )


def _customer_items(
    entry: _Customer,
    manager: str | None,
    m: _Month,
    holidays: list[tuple[date, str]],
    report: Callable[[Problem], None],
) -> Iterator[AgendaItem]:
    """The customer's duties, each decided by its family's decision function."""
    if entry.level is not None:
        yield from _level_items(entry, entry.level, manager, m, holidays)
        return
    as_of = m.as_of
    tier_now = entry.tier
    if tier_now is None:  # never: a key account has a tier or a level (returned above)
        return
    item = _Builder(entry, manager, m)
    history = _tier_history(entry, tier_now, m, report)
    tier_month = _tier_on(history, m.month_start)  # G-9: a month's cadence is set at its start

    # VISIT-1: the month's contacts, at the cadence of the tier in force at month start.
    r = m.requirement(tier_month, entry.scope)
    if r.contacts_per_month:
        tally = tally_month(r.contacts_per_month, m.contacts(entry), as_of, m.counting)
        yield item(
            "contacts",
            "VISIT-1",
            m.what("cycle.duty_contacts", done=tally.done, required=tally.required),
            m.month_end,
            _status(not tally.shortfall, m.month_end, as_of),
            m.explanation(explain_month, r, tally, m.counting),
        )
    # VISIT-2: the year's leadership visits (one count, not twelve monthly tallies), listed
    # while open or when one was made this month.
    r_now = m.requirement(tier_now, entry.scope)
    year = YearTally((), as_of, as_of == m.year_end, entry.leaders)
    met = year.leaders >= r_now.low  # visit_year's leadership_met
    if not met or entry.led_now:
        yield item(
            "leadership_visit",
            "VISIT-2",
            m.what("cycle.duty_leadership", done=year.leaders, low=r_now.low),
            m.year_end,
            _status(met, m.year_end, as_of),
            m.explanation(_visit2_steps, r_now, year, as_of.year),
        )
    # VISIT-3: each key date of the month is due on its date; a greeting on or before it (in
    # the month) fulfils it, one greeting per key date.
    dates = _key_dates(entry, as_of)
    if dates or holidays:
        greetings = [c.on for c in m.contacts(entry) if c.kind is ContactKind.GREETING]
        matched = match_greetings(dates + holidays, greetings, m.month_start, m.month_end)
        for day, label, used in matched:
            yield item(
                "greeting",
                "VISIT-3",
                m.what("cycle.duty_greeting", label=label),
                day,
                _status(used is not None, day, as_of),
                m.explanation(_greeting_steps, used, label, day),
            )
    # ARCH-1..3 with G-9: refreshes tracked from the month's start.
    segments, changes = m.segments(history)
    refreshes = m.days(entry.refreshes)
    archive = decide_archive(segments, changes, refreshes, as_of, True, m.periods)
    explained = m.explanation(explain_archive, archive)
    for first, last in archive.missed:
        if last >= m.month_start:
            yield item(
                "archive",
                "ARCH-2",
                m.what("cycle.duty_archive", start=first, end=last),
                last,
                "overdue",
                explained,
            )
    start, due = archive.periods[-1]
    refreshed = bool(archive.current_refreshes)
    if due <= m.month_end or (refreshed and refreshes and refreshes[-1] >= m.month_start):
        yield item(
            "archive",
            "ARCH-2",
            m.what("cycle.duty_archive", start=start, end=due),
            due,
            _status(refreshed, due, as_of),
            explained,
        )
    # LOG-2..4: a customer with a marketing log is checked up to the stage it reached.
    if entry.log:
        entries = tuple(
            LogEntry(
                stage=e.stage,
                on=e.on,
                content=e.content,
                method=e.method,
                our_participants=e.our_participants,
                customer_participants=e.customer_participants,
            )
            for e in entry.log
            if e.stage is not None
        )
        if entries:
            reached = max((e.stage for e in entries), key=lambda s: s.order)
            person = manager.strip() if manager and manager.strip() else None
            log = decide_log(
                tier_now,
                reached,
                entries,
                person,
                require(m.policy, "schedules.marketing_log", m.policy.schedules.marketing_log),
                entry.scope,
            )
            if log.rolled_up is None:
                yield item(
                    "marketing_log",
                    "LOG-3",
                    m.what("cycle.duty_log", stage=reached),
                    m.month_end,
                    _status(log.complete, m.month_end, as_of),
                    m.explanation(explain_log, log),
                )


def _flux_item(
    entry: _Customer, manager: str | None, m: _Month, previous: Decimal, current: Decimal
) -> AgendaItem | None:
    """FLUX-1 on last month against the month before (a volume is never negative); none
    under an edition without FLUX-1 (what differs between editions is data)."""
    if m.flux is None:
        return None
    flux = decide_fluctuation(
        previous,
        current,
        more_than=m.flux.more_than,
        flag_from_zero=m.flux.flag_from_zero,
        one_time=False,
    )
    if not flux.must_analyse:
        return None
    return _Builder(entry, manager, m)(
        "analysis",
        "FLUX-1",
        m.what("cycle.duty_flux", month=m.month.shift(-1)),
        m.month_end,
        _status(entry.analysed, m.month_end, m.as_of),
        m.explanation(explain_fluctuation, flux),
    )


def _checked_arguments(
    as_of: object, bureau_annual_revenue: object, holidays: object, managers: object
) -> tuple[date, Decimal, dict[date, str]]:
    day = checked(Day, as_of, "as_of")
    bureau = checked(BureauRevenue, bureau_annual_revenue, "bureau_annual_revenue")
    if holidays is not None and not isinstance(holidays, Mapping):
        raise RuleInputError("holidays", "must map dates to labels", got=type(holidays).__name__)
    listed = dict(holidays or {})
    for when, label in listed.items():
        if not isinstance(when, date) or isinstance(when, datetime) or not isinstance(label, str):
            raise RuleInputError("holidays", "must map dates to labels", got=(when, label))
    if managers is not None and not isinstance(managers, Mapping):
        raise RuleInputError(
            "managers", "must map customers to managers", got=type(managers).__name__
        )
    return day, bureau, listed


def iter_agenda(
    customers: Iterable[Customer],
    activity: Iterable[Event],
    *,
    as_of: date,
    bureau_annual_revenue: object,
    report: Callable[[Problem], None],
    revenue: RevenueSeries | Iterable[RevenueRow] | None = None,
    holidays: Mapping[date, str] | None = None,
    managers: Mapping[str, str] | None = None,
    unit: Unit | str | None = None,
    manager: str | None = None,
    levels: Mapping[str, Level | str | None] | None = None,
    policy: Policy | None = None,
) -> Iterator[AgendaItem]:
    """The agenda's items one at a time, in memory flat in the activity rows (streaming form).

    The same items as :func:`agenda` (which sorts them), in portfolio order, then the filings
    (FILE-1 ranks every GOLD customer first) and the unit duties of the work calendar.
    ``report`` receives each activity row that cannot be used (never dropped silently).
    ``unit`` and ``manager`` keep one responsible unit's or one manager's items, as
    :meth:`Agenda.filter` does. ``levels`` is as for :func:`agenda`. Arguments are checked
    before the first item is yielded.

    >>> import datetime as dt
    >>> from keyaccount_rules.records.customer import Customer
    >>> acme = Customer(name="ACME", has_agreement=True, last_year_revenue={"express": 2_000_000})
    >>> problems = []
    >>> items = iter_agenda([acme], [], as_of=dt.date(2025, 3, 20),
    ...                     bureau_annual_revenue=300_000_000, report=problems.append)
    >>> [(i.rule, i.status) for i in items][:2]
    [('VISIT-1', 'due'), ('VISIT-2', 'due')]
    """
    policy = resolve_policy(policy)
    day, bureau, listed = _checked_arguments(as_of, bureau_annual_revenue, holidays, managers)
    wanted = None if unit is None else as_enum(Unit, unit, "unit")
    if not callable(report):
        raise RuleInputError("report", "must be a function taking a Problem", got=report)
    series = _series(revenue)
    known = checked_levels(levels, policy)
    return _iter_agenda(
        customers,
        activity,
        day,
        bureau,
        report,
        series,
        listed,
        managers,
        wanted,
        manager,
        policy,
        known,
    )


def checked_levels(levels: object, policy: Policy) -> dict[str, Level | None] | None:
    """EDITION-2: the ``levels`` argument of the agenda and the report, checked once.

    A policy that classes by level needs each customer's level (a mapping of name or
    ``customer_id`` to a level, its code or 州级/县级; ``None``: not a key account), and only
    such a policy takes one: never a silent default either way. Every value is checked here,
    before any customer is read.
    """
    if not classes_by_level(policy):
        if levels is not None:
            raise RuleInputError(
                "levels",
                f"the {policy.name!r} policy grades key accounts by tier, not by level",
                got=type(levels).__name__,
                rule="EDITION-2",
                fix="pass levels only under a policy that classes by level (liangshan)",
            )
        return None
    if not isinstance(levels, Mapping):
        raise RuleInputError(
            "levels",
            f"the {policy.name!r} policy classes key accounts by level: "
            "must map each customer's name or customer_id to its level",
            got=type(levels).__name__,
            rule="EDITION-2",
            fix="pass levels={name: 'prefecture' | 'county' | None} (州级/县级; None: not a "
            "key account), e.g. kr.classify_levels(...) or a portfolio's level column",
        )
    return {str(key): as_level(value, f"levels[{key!r}]") for key, value in levels.items()}


def _iter_agenda(
    customers: Iterable[Customer],
    activity: Iterable[Event],
    as_of: date,
    bureau: Decimal,
    report: Callable[[Problem], None],
    series: RevenueSeries | None,
    holidays: dict[date, str],
    managers: Mapping[str, str] | None,
    wanted: Unit | None,
    only: str | None,
    policy: Policy,
    levels: Mapping[str, Level | None] | None = None,
) -> Iterator[AgendaItem]:
    m = _Month(as_of, policy)
    run = Evaluator(bureau_annual_revenue=bureau, as_of=as_of, policy=policy)
    # 1. Decide each customer once (no text); keep the key accounts, indexed by name and ID.
    entries: list[_Customer] = []
    index: dict[str, _Customer | None] = {}
    for position, customer in enumerate(as_iterable(customers, "customers", what="Customers")):
        if not isinstance(customer, Customer):
            raise RuleInputError(
                f"customers[{position}]", "must be a Customer", got=type(customer).__name__
            )
        ident = None if customer.customer_id is None else str(customer.customer_id)
        entry = None
        if levels is not None:  # EDITION-2: the level given, its plan decided by LEVEL-1
            level = _level_of(customer.name, ident, levels)
            if level is _UNKNOWN:
                report(
                    Problem(
                        row=0,
                        customer=customer.name,
                        problem="no level given (levels names neither its name nor its "
                        "customer_id): not listed; give it a level, or None if it is not a "
                        "key account [EDITION-2]",
                    )
                )
            elif level is not None:
                outcome = run.outcome(customer, level=level)
                if outcome.unit is not None and outcome.level is not None:
                    entry = _Customer(
                        customer.name, ident, None, outcome.unit, customer.scope, outcome.level
                    )
                    entries.append(entry)
            index[customer.name] = entry
            if ident:
                index[ident] = entry
            continue
        outcome = run.outcome(customer)
        if outcome.key_account and outcome.tier is not None and outcome.unit is not None:
            entry = _Customer(customer.name, ident, outcome.tier, outcome.unit, customer.scope)
            entries.append(entry)
        index[customer.name] = entry
        if ident:
            index[ident] = entry

    # 2. Stream the activity once: each row validated once (by the reader), folded per customer.
    done_reports: set[str] = set()
    events = _events(activity)
    unknown = "unknown customer: no such name or customer_id in the portfolio"
    for position, event in enumerate(events):
        if not isinstance(event, Event) or not isinstance(event.on, date):
            raise RuleInputError(
                f"activity[{position}]", "must be an activity Event", got=type(event).__name__
            )
        if event.on > as_of:
            report(
                Problem(
                    row=event.row,
                    customer=event.customer,
                    problem=f"dated {event.on}, after as_of {as_of}",
                )
            )
            continue
        if event.kind is Kind.REPORT:
            if event.on >= m.month_start:
                done_reports.add(event.detail)
            continue
        found = index.get(event.customer, _UNKNOWN)
        if found is _UNKNOWN:
            report(Problem(row=event.row, customer=event.customer, problem=unknown))
        elif found is not None:  # a customer that is not a key account has no duties
            _fold(found, event, m)
    del index

    # 3. Each key account's duties, decided customer by customer.
    previous_month, last_month = m.month.shift(-2), m.month.shift(-1)
    gold: dict[str, tuple[Decimal, _Customer, str | None]] = {}
    for entry in entries:
        name = entry.manager[2] if entry.manager else None
        if managers is not None:
            name = managers.get(entry.name) or managers.get(entry.ident or "") or name
        keep = (wanted is None or entry.unit is wanted) and (only is None or name == only)
        if keep:
            yield from _customer_items(entry, name, m, _in_month(holidays, m), report)
        if series is not None:
            key = entry.ident if entry.ident and series.has(entry.ident) else entry.name
            if keep:
                before, after = series.total(key, previous_month), series.total(key, last_month)
                if before is not None and after is not None:
                    flux = _flux_item(entry, name, m, before, after)
                    if flux is not None:
                        yield flux
            if entry.tier is Tier.GOLD:
                average = series.average(key, m.month.shift(-12), last_month)
                if average is not None:
                    gold[entry.name] = (average, entry, name)
    # FILE-1 ranks every GOLD customer before any is listed.
    if gold:
        filing = provincial_filing_list(
            {k: v[0] for k, v in gold.items()}, tiers=dict.fromkeys(gold, Tier.GOLD), policy=policy
        )
        for key in sorted(filing.keys):
            average, entry, name = gold[key]
            if (wanted is None or entry.unit is wanted) and (only is None or name == only):
                yield _Builder(entry, name, m)(
                    "filing",
                    "FILE-1",
                    m.what("cycle.duty_filing", average=format_yuan(average)),
                    m.month_end,
                    _status(entry.filed, m.month_end, as_of),
                    filing.explanation,
                )
    # REPORT, ANALYSE, CAL: the unit duties of the month's work calendar (no manager's).
    if only is None:
        calendar = month_calendar(as_of, policy=policy)
        of_policy = {duty.key: duty for duty in policy.schedules.calendar.duties}
        times = Counter(duty.key for duty in calendar.duties)
        # G-5: whether a deadline moved holds for every duty; G-16 (whose calendar) does not
        moved = tuple(s for s in calendar.explanation if s.rule == "G-5")
        for duty in calendar.duties:
            yield AgendaItem(
                customer=None,
                customer_id=None,
                tier=None,
                duty=duty.key,
                rule=duty.rule,
                what=duty.what,
                what_zh=duty.what_zh,
                due=duty.due,
                status=_status(duty.key in done_reports, duty.due, as_of),
                unit=None,
                responsible=duty.who,
                manager=None,
                explanation=Explanation(
                    steps=(duty_step(of_policy[duty.key], times[duty.key]), *moved)
                ),
            )


_UNKNOWN: Any = object()


def _events(activity: object) -> Iterable[Event]:
    """The activity rows; a path or a file's text is refused, naming the reader to use
    (the month reads no files)."""
    if (
        isinstance(activity, str | bytes)
        or hasattr(activity, "__fspath__")
        or hasattr(activity, "read")
    ):
        raise RuleInputError(
            "activity",
            "must be activity Events, not a file name or its text",
            got=activity if isinstance(activity, str) else type(activity).__name__,
            fix="read the file with kr.read_activity(path) and pass what it returns",
        )
    events: Iterable[Event] = as_iterable(activity, "activity", what="activity Events")
    return events


def as_level(value: object, field: str) -> Level | None:
    """A customer's level as ``levels`` gives it: a :class:`Level`, its code or its Chinese
    name (州级, 县级, as a portfolio's level column); ``None`` or ``""``: not a key account."""
    if value is None or isinstance(value, Level):
        return value
    if isinstance(value, str):
        try:
            return parse_level(value)
        except ValueError as err:
            raise RuleInputError(field, str(err), got=value, rule="LEVEL-1") from None
    raise RuleInputError(
        field, "must be prefecture (州级), county (县级) or None", got=value, rule="LEVEL-1"
    )


def _level_of(name: str, ident: str | None, levels: Mapping[str, Level | None]) -> Level | None:
    """The level ``levels`` gives a customer by name, else by ID; ``_UNKNOWN`` when neither."""
    for key in (name, ident):
        if key and key in levels:
            return levels[key]
    return _UNKNOWN  # type: ignore[no-any-return]


def _in_month(holidays: dict[date, str], m: _Month) -> list[tuple[date, str]]:
    return [(d, label) for d, label in holidays.items() if m.month_start <= d <= m.month_end]


def agenda_summary(
    month: Month, counts: Mapping[str, int], has_revenue: bool, problems: int
) -> Explanation:
    """The agenda's own explanation: the counts, and what could not be listed."""
    steps = [
        messages.step(
            "CAL-2",
            "cycle.agenda_summary",
            month=month,
            items=sum(counts.values()),
            due=counts.get("due", 0),
            overdue=counts.get("overdue", 0),
            done=counts.get("done", 0),
        )
    ]
    if not has_revenue:
        steps.append(messages.step("FLUX-1", "cycle.agenda_no_revenue"))
    if problems:
        steps.append(messages.step("CAL-2", "cycle.agenda_problems", count=problems))
    return Explanation(steps=tuple(steps))


def agenda(
    customers: Iterable[Customer],
    activity: Iterable[Event],
    *,
    as_of: date,
    bureau_annual_revenue: object,
    revenue: RevenueSeries | Iterable[RevenueRow] | None = None,
    holidays: Mapping[date, str] | None = None,
    managers: Mapping[str, str] | None = None,
    levels: Mapping[str, Level | str | None] | None = None,
    policy: Policy | None = None,
) -> Agenda:
    """Every duty of every key account due, overdue or done in the month of ``as_of``.

    Args:
        customers: the portfolio (e.g. :func:`read_portfolio`), evaluated on ``as_of``.
        activity: activity :class:`Event` rows, streamed: a file is read by
            :func:`read_activity` (``agenda(customers, read_activity(path), ...)``).
        as_of: today; the agenda covers its calendar month.
        bureau_annual_revenue: the bureau's annual revenue (GRADE-6).
        revenue: monthly revenue (for FLUX-1 and FILE-1); without it those duties are not
            listed and the explanation says so.
        holidays: key dates for every key account's greetings (VISIT-3), date → label.
        managers: customer name or ID → account manager, overriding the activity's.
        levels: under a policy that classes key accounts by level (``liangshan``,
            EDITION-2): customer name or ID → level (``"prefecture"``/``"county"``, 州级/县级,
            a :class:`Level`), or ``None`` for a customer that is not a key account — what a
            portfolio's ``level`` column says, or :func:`classify_levels` decides. Required
            there: a customer it does not name is a problem (row 0), not a silent default;
            refused under a policy that grades by tier.
        policy: the policy (edition) to apply.

    By level, a key account's duties are :func:`level_duties`' for the month: contacts
    (VISIT-1), key-date greetings (VISIT-3), the archive update of the level's period
    (APPR-1) and its centre's visit of the half year (CAL-1, done by a ``centre_visit``
    activity row), each with its unit (LEVEL-1); the unit duties of the calendar follow.

    Activity for an unknown customer or dated after ``as_of`` is reported in ``problems``.
    The items are those of :func:`iter_agenda` (the streaming form, for large portfolios),
    sorted by manager, customer, due date and rule.

    Raises:
        RuleInputError: a bad ``as_of``, bureau revenue or holiday.
    """
    policy = resolve_policy(policy)
    problems: list[Problem] = []
    series = _series(revenue)
    items = list(
        iter_agenda(
            customers,
            activity,
            as_of=as_of,
            bureau_annual_revenue=bureau_annual_revenue,
            report=problems.append,
            revenue=series,
            holidays=holidays,
            managers=managers,
            levels=levels,
            policy=policy,
        )
    )
    items.sort(key=lambda i: (i.manager or "", i.customer or "", i.due, i.rule, i.duty))
    month = Month.parse(checked(Day, as_of, "as_of"))
    counts: Counter[str] = Counter(i.status for i in items)
    return Agenda(
        as_of=as_of,
        month_start=month.first_day,
        month_end=month.last_day,
        items=tuple(items),
        problems=tuple(problems),
        # by level there is no FLUX-1 or FILE-1 to miss (001 has neither)
        explanation=agenda_summary(
            month, counts, series is not None or classes_by_level(policy), len(problems)
        ),
        policy_fingerprint=policy.fingerprint,
    )


def _series(revenue: RevenueSeries | Iterable[RevenueRow] | None) -> RevenueSeries | None:
    if revenue is None or isinstance(revenue, RevenueSeries):
        return revenue
    return RevenueSeries.from_rows(as_iterable(revenue, "revenue", what="RevenueRow rows"))

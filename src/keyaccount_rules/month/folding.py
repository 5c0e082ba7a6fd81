"""The month's activity, folded per key account in one pass (memory flat in the rows).

Each activity row is kept only as far as this month's duties need it — counts, flags, the
month's contacts by day and kind, refresh days as bits — so memory grows with the accounts,
never with the rows. :func:`account_facts` then states one account's folded activity as the
plain facts its duties are decided from (:class:`~keyaccount_rules.rules.duties.AccountMonth`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import ContactKind, Level, Scope, Tier, Unit
from keyaccount_rules.month.items import Problem
from keyaccount_rules.policy import ContactCounting
from keyaccount_rules.records.activity import Contact, Event, Kind
from keyaccount_rules.rules.duties import AccountMonth, place_key_date
from keyaccount_rules.rules.marketing_log import LogEntry

__all__ = ["AccountFold", "FoldWindow", "account_facts", "fold", "unit_named"]

#: The note of a visit whose row carried its record (上访记录, VISIT-3): the record itself
#: stays in the bureau's files; the fold keeps only that it was made.
RECORDED = "recorded"

_CONTACT_KIND = {
    Kind.CONTACT: ContactKind.CALL,
    Kind.VISIT: ContactKind.VISIT,
    Kind.LEADERSHIP_VISIT: ContactKind.LEADERSHIP_VISIT,
    Kind.GREETING: ContactKind.GREETING,
}


class FoldWindow(NamedTuple):
    """The days the fold keeps of the month of ``as_of``.

    Contacts count from the year's start (VISIT-2's year); refresh days from the first day
    of the eleventh month before (every period that can hold the month's first day, up to a
    year's, starts there or later: ARCH-2). Greetings and key dates are kept from
    ``greetings_from``: twice the policy's ``greeting_window_days`` before the month, so a
    key date of the days before the month takes its greeting first (G-17). ``visitor`` is the
    unit that also visits comprehensive accounts (G-22), if the policy names one; ``recorded``
    the contact kinds whose rows carry their record in ``detail`` (上访记录, VISIT-3).
    """

    as_of: date
    month: Month
    month_start: date
    year_start: date
    refreshes_from: int  # the ordinal of the first refresh day kept
    counting: ContactCounting
    greetings_from: date
    key_dates_from: date
    visitor: Unit | None = None
    recorded: frozenset[ContactKind] = frozenset()  # kinds recorded afterwards (VISIT-3)

    @classmethod
    def of(
        cls,
        as_of: date,
        counting: ContactCounting,
        greeting_window: int = 0,
        visitor: Unit | None = None,
        recorded: frozenset[ContactKind] = frozenset(),
    ) -> FoldWindow:
        """The window of the month of ``as_of``."""
        month = Month.of(as_of)
        since = month.shift(-11).first_day
        first = month.first_day
        reach = timedelta(days=greeting_window)
        return cls(
            as_of,
            month,
            first,
            date(as_of.year, 1, 1),
            since.toordinal(),
            counting,
            first - 2 * reach,
            first - reach,
            visitor,
            recorded,
        )


class AccountFold:
    """What the agenda keeps of one key account: who it is, and its activity folded."""

    __slots__ = (
        "analysed",
        "centre_visited",
        "comprehensive_visited",
        "contacts",
        "filed",
        "ident",
        "key_dates",
        "leaders",
        "level",
        "log",
        "manager",
        "name",
        "one_time",
        "refreshes",
        "scope",
        "scope_given",
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
        *,
        one_time: bool = False,
        scope_given: bool = True,
    ) -> None:
        self.name, self.ident, self.tier, self.unit, self.scope = name, ident, tier, unit, scope
        self.level = level  # EDITION-2: classed by level (then tier is None)
        self.one_time = one_time  # 一次性大客户: FLUX-1 exempts it
        self.scope_given = scope_given  # the record states its scope (G-22 needs it)
        self.manager: tuple[date, int, str] | None = None  # the latest row's manager
        # this month's contacts (VISIT-1, VISIT-3) as (day, kind, note) → how many: bounded by
        # the calendar, not by the rows
        self.contacts: dict[tuple[date, ContactKind, str], int] | None = None
        self.leaders = 0  # VISIT-2 visits this year
        self.key_dates: list[tuple[date, str]] | None = None  # placed on their days (G-18)
        self.refreshes = 0  # refresh days (ARCH, APPR-1): bit n = the window's day n
        self.tiers: list[Event] | None = None  # G-9 tier rows
        self.log: list[Event] | None = None  # marketing-log entries
        self.analysed = False  # FLUX-1 analysis done this month
        self.filed = False  # FILE-1 filing done this month
        self.centre_visited: date | None = None  # the latest centre visit (by level: CAL-1)
        self.comprehensive_visited: date | None = None  # the latest by the G-22 unit

    def manager_name(self) -> str | None:
        """The manager named by the account's latest activity row, if any."""
        return self.manager[2] if self.manager else None


def unit_named(text: str) -> Unit | None:
    """The unit a cell names: its code or its Chinese name (州局大客户中心 for 州(市)局…)."""
    value = text.strip()
    for unit in Unit:
        if value in {unit.value, unit.zh, unit.zh.replace("(市)", "")}:
            return unit
    return None


def _visit(entry: AccountFold, event: Event, w: FoldWindow) -> str | None:
    """A centre visit (CAL-1), or the visit of the unit that also visits comprehensive
    accounts (G-22) when ``detail`` names it; a problem when it names another unit (a
    ``detail`` that names no unit is a note of the account's own centre's visit)."""
    on = event.on
    by = unit_named(event.detail)
    if by is None or by is entry.unit:
        if entry.centre_visited is None or on > entry.centre_visited:
            entry.centre_visited = on
        return None
    if by is not None and by is w.visitor:
        if entry.comprehensive_visited is None or on > entry.comprehensive_visited:
            entry.comprehensive_visited = on
        return None
    return (
        f"centre_visit by {event.detail!r}: neither the account's own centre "
        f"({entry.unit.value}) nor the unit that visits comprehensive accounts (G-22)"
    )


def fold(entry: AccountFold, event: Event, w: FoldWindow) -> str | None:
    """Keep of one event what this month's duties need; a problem with the row, if any."""
    on, kind = event.on, event.kind
    if event.manager and (entry.manager is None or entry.manager[:2] <= (on, event.row)):
        entry.manager = (on, event.row, event.manager)
    contact = _CONTACT_KIND.get(kind)
    if contact is not None:
        if contact in w.counting.leadership and on >= w.year_start:
            entry.leaders += 1
        # this month's contacts, and the greetings an early window reaches (G-17)
        if on >= w.month_start or (contact is ContactKind.GREETING and on >= w.greetings_from):
            if entry.contacts is None:
                entry.contacts = {}
            # VISIT-3: a visit that needs a record carries it in its row's detail
            note = RECORDED if contact in w.recorded and event.detail.strip() else ""
            key = (on, contact, note)
            entry.contacts[key] = entry.contacts.get(key, 0) + 1
    elif kind is Kind.ARCHIVE_REFRESH:
        day = on.toordinal() - w.refreshes_from
        if day >= 0:
            entry.refreshes |= 1 << day
    elif kind is Kind.CENTRE_VISIT:
        return _visit(entry, event, w)
    elif kind is Kind.KEY_DATE or kind is Kind.DATED_KEY_DATE:
        # G-18: yearly on its month and day, or dated (that year only)
        placed = place_key_date(on, kind is Kind.KEY_DATE, w.key_dates_from, w.month.last_day)
        if placed:
            if entry.key_dates is None:
                entry.key_dates = []
            entry.key_dates += [(day, event.detail) for day in placed]
    elif kind is Kind.TIER:
        if entry.tiers is None:
            entry.tiers = []
        entry.tiers.append(event)
    elif kind is Kind.MARKETING_LOG:
        if entry.log is None:
            entry.log = []
        entry.log.append(event)
    elif kind is Kind.ANALYSIS:
        entry.analysed = entry.analysed or on >= w.month_start
    elif kind is Kind.FILING:
        entry.filed = entry.filed or on >= w.month_start
    return None


def _days(bits: int, since: int) -> tuple[date, ...]:
    """The days whose bits are set, in order (distinct by construction)."""
    found = []
    while bits:
        low = bits & -bits
        found.append(date.fromordinal(since + low.bit_length() - 1))
        bits ^= low
    return tuple(found)


def _tier_history(
    entry: AccountFold, current: Tier, w: FoldWindow, report: Callable[[Problem], None]
) -> tuple[tuple[date, Tier], ...]:
    """The recorded tiers of G-9 (the later row of a day wins). A row dated in the month that
    names another tier than the evaluation contradicts it: reported, and the evaluation used."""
    history: dict[date, Tier] = {}
    for event in entry.tiers or ():
        if event.on >= w.month_start and Tier(event.detail) is not current:
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
    return tuple(sorted(history.items()))


def _log(entry: AccountFold) -> tuple[LogEntry, ...]:
    return tuple(
        LogEntry(
            stage=e.stage,
            on=e.on,
            content=e.content,
            method=e.method,
            our_participants=e.our_participants,
            customer_participants=e.customer_participants,
        )
        for e in entry.log or ()
        if e.stage is not None
    )


def account_facts(
    entry: AccountFold,
    w: FoldWindow,
    *,
    manager: str | None,
    holidays: list[tuple[date, str]],
    volumes: tuple[Decimal, Decimal] | None,
    contact: Callable[[date, ContactKind, str], Contact],
    report: Callable[[Problem], None],
) -> AccountMonth:
    """One account's folded activity as the facts of its month's duties.

    The key dates are placed already (G-18: a yearly one on its month and day, 29 February
    on 28 February in common years; a dated one on its date). The caller's ``holidays`` of
    the month are every account's key dates too. ``contact`` makes (or shares) the Contact of
    one day, kind and note (:data:`RECORDED` for a visit that carried its record).
    """
    key_dates = tuple(holidays)
    if entry.key_dates:
        key_dates = (*entry.key_dates, *holidays)
    contacts: list[Contact] = []
    for (on, kind, note), count in (entry.contacts or {}).items():
        contacts += [contact(on, kind, note)] * count
    tiers: tuple[tuple[date, Tier], ...] = ()
    if entry.tier is not None and entry.tiers:
        tiers = _tier_history(entry, entry.tier, w, report)
    person = manager.strip() if manager and manager.strip() else None
    # validated by the activity reader already: the facts are stated, not parsed again
    return AccountMonth(
        contacts=tuple(contacts),
        leadership_visits=entry.leaders,
        key_dates=key_dates,
        refreshes=_days(entry.refreshes, w.refreshes_from) if entry.refreshes else (),
        centre_visits=() if entry.centre_visited is None else (entry.centre_visited,),
        comprehensive_visits=()
        if entry.comprehensive_visited is None
        else (entry.comprehensive_visited,),
        tier_history=tiers,
        log=_log(entry) if entry.log else (),
        named_person=person,
        analysed=entry.analysed,
        filed=entry.filed,
        volumes=volumes,
        one_time=entry.one_time,
    )

"""The month's activity, folded per key account in one pass (memory flat in the rows).

Each activity row is kept only as far as this month's duties need it — counts, flags, the
month's contacts by day and kind, refresh days as bits — so memory grows with the accounts,
never with the rows. :func:`account_facts` then states one account's folded activity as the
plain facts its duties are decided from (:class:`~keyaccount_rules.rules.duties.AccountMonth`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import ContactKind, Level, Scope, Tier, Unit
from keyaccount_rules.month.items import Problem
from keyaccount_rules.policy import ContactCounting
from keyaccount_rules.records.activity import Contact, Event, Kind
from keyaccount_rules.rules.duties import AccountMonth
from keyaccount_rules.rules.marketing_log import LogEntry

__all__ = ["AccountFold", "FoldWindow", "account_facts", "fold"]

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
    year's, starts there or later: ARCH-2).
    """

    as_of: date
    month: Month
    month_start: date
    year_start: date
    refreshes_from: int  # the ordinal of the first refresh day kept
    counting: ContactCounting

    @classmethod
    def of(cls, as_of: date, counting: ContactCounting) -> FoldWindow:
        """The window of the month of ``as_of``."""
        month = Month.of(as_of)
        since = month.shift(-11).first_day
        return cls(
            as_of, month, month.first_day, date(as_of.year, 1, 1), since.toordinal(), counting
        )


class AccountFold:
    """What the agenda keeps of one key account: who it is, and its activity folded."""

    __slots__ = (
        "analysed",
        "centre_visited",
        "contacts",
        "filed",
        "ident",
        "key_dates",
        "leaders",
        "level",
        "log",
        "manager",
        "name",
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
        self.manager: tuple[date, int, str] | None = None  # the latest row's manager
        # this month's contacts (VISIT-1, VISIT-3) as (day, kind) → how many: bounded by the
        # calendar, not by the rows
        self.contacts: dict[tuple[date, ContactKind], int] | None = None
        self.leaders = 0  # VISIT-2 visits this year
        self.key_dates: list[tuple[date, str]] | None = None  # recurring, in this month
        self.refreshes = 0  # refresh days (ARCH, APPR-1): bit n = the window's day n
        self.tiers: list[Event] | None = None  # G-9 tier rows
        self.log: list[Event] | None = None  # marketing-log entries
        self.analysed = False  # FLUX-1 analysis done this month
        self.filed = False  # FILE-1 filing done this month
        self.centre_visited: date | None = None  # the latest centre visit (by level: CAL-1)

    def manager_name(self) -> str | None:
        """The manager named by the account's latest activity row, if any."""
        return self.manager[2] if self.manager else None


def fold(entry: AccountFold, event: Event, w: FoldWindow) -> None:
    """Keep of one event what this month's duties need."""
    on, kind = event.on, event.kind
    if event.manager and (entry.manager is None or entry.manager[:2] <= (on, event.row)):
        entry.manager = (on, event.row, event.manager)
    contact = _CONTACT_KIND.get(kind)
    if contact is not None:
        if on < w.year_start:
            return
        if contact in w.counting.leadership:
            entry.leaders += 1
        if on >= w.month_start:
            if entry.contacts is None:
                entry.contacts = {}
            entry.contacts[on, contact] = entry.contacts.get((on, contact), 0) + 1
    elif kind is Kind.ARCHIVE_REFRESH:
        day = on.toordinal() - w.refreshes_from
        if day >= 0:
            entry.refreshes |= 1 << day
    elif kind is Kind.CENTRE_VISIT:
        if entry.centre_visited is None or on > entry.centre_visited:
            entry.centre_visited = on
    elif kind is Kind.KEY_DATE:
        if on.month == w.as_of.month:
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
        entry.analysed = entry.analysed or on >= w.month_start
    elif kind is Kind.FILING:
        entry.filed = entry.filed or on >= w.month_start


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
    contact: Callable[[date, ContactKind], Contact],
    report: Callable[[Problem], None],
) -> AccountMonth:
    """One account's folded activity as the facts of its month's duties.

    A recurring key date falls on its month and day in the year of ``as_of``; one on
    29 February falls on 28 February, the month's last day, in other years (docs/rules.md
    VISIT-3). The caller's ``holidays`` of the month are every account's key dates too.
    ``contact`` makes (or shares) the Contact of one day and kind.
    """
    key_dates = tuple(holidays)
    if entry.key_dates:
        year = w.as_of.year
        placed = [(day + relativedelta(year=year), label) for day, label in entry.key_dates]
        key_dates = (*placed, *holidays)
    contacts: list[Contact] = []
    for (on, kind), count in (entry.contacts or {}).items():
        contacts += [contact(on, kind)] * count
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
        tier_history=tiers,
        log=_log(entry) if entry.log else (),
        named_person=person,
        analysed=entry.analysed,
        filed=entry.filed,
        volumes=volumes,
    )

"""本月工作: the month's duties of one key account, by tier or by level, decided once.

A key account's month is decided here and nowhere else. By tier: its contacts (VISIT-1),
the year's leadership visits (VISIT-2), key-date greetings (VISIT-3), archive refreshes
(ARCH-1..3 with G-9), its marketing log (LOG-2..4) and FLUX-1's analysis; FILE-1's filing
once the gold accounts are ranked. By level (EDITION-2): its contacts, greetings, the
level's archive update (APPR-1) and its centre's visit (CAL-1). The month is the calendar
month of ``as_of`` (:class:`~keyaccount_rules.core.periods.Month`, RULEBOOK §17), every
status is :func:`duty_status`'s, and every duty explains itself from its own decision.

The facts are plain (:class:`AccountMonth`: contacts, counts, dates, log entries), never a
file: the agenda folds them from activity rows, a caller can state them.

>>> from datetime import date
>>> visit = Contact(on=date(2025, 3, 4), note="上访记录: 需求已整理")
>>> facts = AccountMonth(contacts=[visit], refreshes=[date(2025, 3, 2)])
>>> d = month_duties(date(2025, 3, 31), facts, tier="gold", scope="comprehensive")
>>> [(x.duty, x.rule, str(x.due), x.status) for x in d.duties]  # doctest: +NORMALIZE_WHITESPACE
[('contacts', 'VISIT-1', '2025-03-31', 'due'),
 ('leadership_visit', 'VISIT-2', '2025-12-31', 'due'),
 ('visit_records', 'VISIT-3', '2025-03-31', 'done'),
 ('archive', 'ARCH-2', '2025-03-31', 'done')]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal, NamedTuple

from dateutil.relativedelta import relativedelta
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from keyaccount_rules.core.arguments import as_date, as_enum, checked
from keyaccount_rules.core.catalogue import step
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import Cadence, ContactKind, Level, Scope, Tier, Unit
from keyaccount_rules.policy import (
    ContactCounting,
    LevelPolicy,
    PeriodPolicy,
    Policy,
    ResearchPolicy,
    require,
    resolve_policy,
)
from keyaccount_rules.records.activity import Contact
from keyaccount_rules.rules.archives import (
    ArchiveDecision,
    TierChange,
    decide_archive,
    explain_archive,
    plan_segments,
)
from keyaccount_rules.rules.calendar import stated_due
from keyaccount_rules.rules.marketing_log import LogDecision, LogEntry, decide_log, explain_log
from keyaccount_rules.rules.periods import Period, period_of
from keyaccount_rules.rules.reporting import (
    FilingDecision,
    FluxDecision,
    decide_fluctuation,
    explain_filing,
    explain_fluctuation,
)
from keyaccount_rules.rules.visits import (
    MonthTally,
    Requirement,
    decide_requirement,
    explain_leadership,
    explain_month,
    tally_month,
)

__all__ = [
    "AccountMonth",
    "AnalysisReason",
    "ContactLogReason",
    "DutyDecision",
    "DutyKind",
    "Greeting",
    "LevelBasis",
    "MonthDuties",
    "MonthRules",
    "MonthDuty",
    "RecordsReason",
    "ResearchReason",
    "RoundReason",
    "Status",
    "analysis_due",
    "decide_centre_round",
    "decide_filing_duty",
    "decide_level_month",
    "decide_research",
    "decide_tier_month",
    "duty_findings",
    "duty_status",
    "explain_duty",
    "level_archive_step",
    "level_contacts_step",
    "level_unit_step",
    "level_visits_step",
    "match_greetings",
    "month_duties",
    "place_key_date",
    "visiting_unit",
]

Status = Literal["due", "overdue", "done"]
DutyKind = Literal[
    "contacts",
    "leadership_visit",
    "greeting",
    "archive",
    "marketing_log",
    "analysis",
    "filing",
    "centre_visit",
    "comprehensive_visit",
    "centre_round",
    "research_survey",
    "research_ranking",
    "visit_records",
    "contact_log",
]


def duty_status(done: bool, due: date, as_of: date) -> Status:
    """A duty's status on ``as_of``: ``done``; else ``due`` up to and on its due date, and
    ``overdue`` after it (G-7: "by the Nth" includes the Nth).

    >>> from datetime import date
    >>> [duty_status(False, date(2025, 3, 28), day) for day in (date(2025, 3, 28),
    ...                                                        date(2025, 3, 29))]
    ['due', 'overdue']
    """
    if done:
        return "done"
    return "due" if as_of <= due else "overdue"


# --- the facts of an account's month ----------------------------------------------------------


def _distinct(days: tuple[date, ...]) -> tuple[date, ...]:
    # ARCH-3: the same refresh given twice counts once; decisions read the days in order
    return tuple(sorted(set(days)))


def _by_date(history: tuple[tuple[date, Tier], ...]) -> tuple[tuple[date, Tier], ...]:
    return tuple(sorted(dict(history).items()))  # the later entry of a day wins


Days = Annotated[tuple[date, ...], AfterValidator(_distinct)]
TierHistory = Annotated[tuple[tuple[date, Tier], ...], AfterValidator(_by_date)]
Count = Annotated[int, Field(ge=0)]


class AccountMonth(NamedTuple):
    """What one key account did, folded from its activity: the facts its month's duties read.

    Dates outside the month of ``as_of`` are simply not this month's: the duties cut the month
    themselves (§17). ``leadership_visits`` counts the year's leadership-led visits up to
    ``as_of`` (VISIT-2); ``tier_history`` the recorded tiers (date the tier took effect, tier;
    G-9) before the evaluated one; ``volumes`` the month before last and last month (FLUX-1);
    ``analysed`` and ``filed``: the analysis (FLUX-1) and the filing (FILE-1) were done this
    month; ``named_person`` the account's named manager (LOG-4); ``one_time``: a one-time key
    account (一次性大客户), which FLUX-1 exempts; ``key_dates`` the key dates placed on their
    days (:func:`place_key_date`, G-18), ``centre_visits`` its own centre's visits (CAL-1) and
    ``comprehensive_visits`` those of the unit that also visits comprehensive accounts (G-22).
    A visit's record (上访记录, VISIT-3) is its contact's ``note``: a visit without one is
    flagged.
    Greetings are the ``greeting`` contacts, also those before the month that a policy's
    ``greeting_window_days`` reaches (G-17).

    A plain tuple, cheap for many accounts. Its declared types are its validation:
    :func:`month_duties` validates what a caller gives (``refreshes`` and ``centre_visits``
    come out sorted and distinct, ``tier_history`` sorted by date, the later entry of a day
    winning), and the decision functions read facts so validated. Calling ``AccountMonth(...)``
    directly states facts already in that form, as the agenda does with what its reader
    validated (like pydantic's ``model_construct``).
    """

    contacts: tuple[Contact, ...] = ()
    leadership_visits: Count = 0
    key_dates: tuple[tuple[date, str], ...] = ()
    refreshes: Days = ()
    centre_visits: Days = ()
    tier_history: TierHistory = ()
    log: tuple[LogEntry, ...] = ()
    named_person: str | None = None
    analysed: bool = False
    filed: bool = False
    volumes: tuple[Decimal, Decimal] | None = None
    one_time: bool = False
    comprehensive_visits: Days = ()


# --- decisions: plain values, no text ---------------------------------------------------------


class LevelBasis(NamedTuple):
    """By level (EDITION-2): the account's level and its unit (LEVEL-1)."""

    level: Level
    unit: Unit


class ContactsReason(NamedTuple):
    """VISIT-1: the plan of the tier × scope and the month's count against it."""

    requirement: Requirement
    tally: MonthTally
    counted: frozenset[ContactKind]


class LeadershipReason(NamedTuple):
    """VISIT-2: the year's leadership visits so far; ``complete`` on the year's last day."""

    requirement: Requirement
    leaders: int
    complete: bool


class Greeting(NamedTuple):
    """VISIT-3: one key date of the month and the greeting that fulfils it (``None``: none
    yet); ``window``: how many days before the date a greeting still counts (G-17)."""

    day: date
    label: str
    greeted_on: date | None
    window: int = 0


class ArchiveReason(NamedTuple):
    """ARCH-1..3: the archive decision of the month and the period this duty is."""

    decision: ArchiveDecision
    period: Period


class LogReason(NamedTuple):
    """LOG-2..4: the log checked up to the stage reached."""

    decision: LogDecision


class AnalysisReason(NamedTuple):
    """FLUX-1: last month's swing against the month before, to be analysed; ``with_rule``:
    the rule of the report that carries the analysis (REPORT-2), if the policy names one."""

    decision: FluxDecision
    month: Month
    with_rule: str | None = None


class FilingReason(NamedTuple):
    """FILE-1: the account's monthly average spend and the ranking that filed it."""

    average: Decimal
    ranking: FilingDecision


class LevelContactsReason(NamedTuple):
    """VISIT-1 by level: the level's minimum and the month's count against it."""

    tally: MonthTally


class LevelPeriodReason(NamedTuple):
    """APPR-1's archive update or CAL-1's centre visit: once in each period of a cadence;
    ``by``: the visiting unit of a comprehensive account's extra visit (G-22)."""

    cadence: Cadence
    period: Period
    done: bool
    by: Unit | None = None


class RoundReason(NamedTuple):
    """CAL-1's round of one centre (G-19): its accounts' visit duties of the period, and how
    many of them are done. The round is done when every one is."""

    unit: Unit
    cadence: Cadence
    period: Period
    accounts: int
    done: int


class RecordsReason(NamedTuple):
    """VISIT-3: the month's visits that need a record, and the days of those without one."""

    visits: int
    unrecorded: tuple[date, ...]


class ContactLogReason(NamedTuple):
    """LOG-2 for the tiers that log every negotiation: the month's contacts, and the days of
    those no marketing-log entry followed (每次与客户沟通后…填写…营销日志)."""

    contacts: int
    unlogged: tuple[date, ...]


class ResearchReason(NamedTuple):
    """G-21: one timed step of an industry's research, from its start (step 1) or from
    step 1 done (step 2), and the day it was done (``None``: not yet)."""

    industry: str
    step: int
    since: date
    days: int
    done_on: date | None


Reason = (
    ContactsReason
    | LeadershipReason
    | Greeting
    | ArchiveReason
    | LogReason
    | AnalysisReason
    | FilingReason
    | LevelContactsReason
    | LevelPeriodReason
    | RoundReason
    | ResearchReason
    | RecordsReason
    | ContactLogReason
)


class DutyDecision(NamedTuple):
    """One duty of the month: which, by which rule, due when, its status, and why.

    ``reason`` holds the decision the duty's explanation is built from; ``level`` is set for
    a key account classed by level (its explanation then starts with its unit, LEVEL-1).
    """

    duty: DutyKind
    rule: str
    due: date
    status: Status
    reason: Reason
    level: LevelBasis | None = None


def match_greetings(
    key_dates: Iterable[tuple[date, str]],
    greetings: Iterable[date],
    first: date,
    last: date,
    window: int = 0,
) -> tuple[Greeting, ...]:
    """VISIT-3 with G-17: each key date (day, label) in ``first``..``last`` is due on its
    date; a greeting on the date, or at most ``window`` days before it (counted back across
    month and year boundaries), fulfils it — never one after it. One greeting per key date,
    key dates in (day, label) order each taking the earliest greeting it can; key dates of
    the ``window`` days before ``first`` take theirs first, so no greeting counts twice. The
    one matching of a month's greetings, by tier and by level.

    >>> from datetime import date
    >>> [g.greeted_on for g in match_greetings(
    ...     [(date(2026, 3, 8), "三八节"), (date(2026, 3, 25), "生日")], [date(2026, 3, 7)],
    ...     date(2026, 3, 1), date(2026, 3, 31), window=1)]
    [datetime.date(2026, 3, 7), None]
    """
    reach = timedelta(days=window)
    pool = sorted(day for day in greetings if first - 2 * reach <= day <= last)
    found = []
    for day, label in sorted((d, lbl) for d, lbl in key_dates if first - reach <= d <= last):
        used = next((g for g in pool if day - reach <= g <= day), None)
        if used is not None:
            pool.remove(used)
        if day >= first:
            found.append(Greeting(day, label, used, window))
    return tuple(found)


def place_key_date(day: date, yearly: bool, first: date, last: date) -> tuple[date, ...]:
    """G-18: the days a key date falls on in ``first``..``last``. A yearly one (month and day)
    falls on its month and day of each year, 29 February on 28 February in common years; a
    dated one (one year's date, e.g. a lunar birthday given per year) only on ``day``.

    >>> from datetime import date
    >>> place_key_date(date(2024, 2, 29), True, date(2026, 2, 1), date(2026, 2, 28))
    (datetime.date(2026, 2, 28),)
    >>> place_key_date(date(2025, 3, 9), False, date(2026, 3, 1), date(2026, 3, 31))
    ()
    """
    if not yearly:
        return (day,) if first <= day <= last else ()
    found = []
    for year in range(first.year, last.year + 1):
        placed = day + relativedelta(year=year)  # 29 February → 28 February in a common year
        if first <= placed <= last:
            found.append(placed)
    return tuple(found)


class MonthRules:
    """The sections of one policy that a month's duties read, looked up once for many
    accounts; a tier × scope's plan (VISIT-1, VISIT-2) and a tier history's segments (G-9)
    are decided once per distinct input. Sections a policy lacks raise when first needed."""

    __slots__ = ("_plans", "counting", "periods", "policy", "segments")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.counting: ContactCounting = policy.schedules.contacts
        self.periods: PeriodPolicy = policy.schedules.periods
        self._plans: dict[tuple[Tier, Scope], Requirement] = {}  # at most tiers × scopes
        self.segments = lru_cache(maxsize=1024)(self._segments)

    def requirement(self, tier: Tier, scope: Scope) -> Requirement:
        """VISIT-1/2's plan of ``tier`` × ``scope``."""
        found = self._plans.get((tier, scope))
        if found is None:
            visits = require(self.policy, "visits", self.policy.visits)
            found = self._plans[tier, scope] = decide_requirement(tier, scope, visits)
        return found

    def levels(self) -> LevelPolicy:
        """The ``levels`` section (EDITION-2)."""
        return require(self.policy, "levels", self.policy.levels)

    def _segments(
        self, history: tuple[tuple[date, Tier], ...], start: date
    ) -> tuple[tuple[tuple[date, Tier, Cadence], ...], tuple[TierChange, ...]]:
        archives = require(self.policy, "schedules.archives", self.policy.schedules.archives)
        segments, changes = plan_segments(history, start, archives.cadence, self.periods)
        return tuple(segments), changes


def _greetings(
    month: Month, as_of: date, facts: AccountMonth, level: LevelBasis | None, policy: Policy
) -> list[DutyDecision]:
    """VISIT-3: each key date of the month, due on its date (one greeting per key date, G-17);
    none under a policy without greeting duties (002: key dates are archive data)."""
    section = policy.schedules.greetings
    if not facts.key_dates or section is None:
        return []
    first, last = month.days
    greeted = [c.on for c in facts.contacts if c.kind is ContactKind.GREETING]
    window = section.greeting_window_days
    return [
        DutyDecision(
            "greeting",
            "VISIT-3",
            g.day,
            duty_status(g.greeted_on is not None, g.day, as_of),
            g,
            level,
        )
        for g in match_greetings(facts.key_dates, greeted, first, last, window)
    ]


def _records(
    month: Month, as_of: date, facts: AccountMonth, level: LevelBasis | None, policy: Policy
) -> list[DutyDecision]:
    """VISIT-3: every visit of the month recorded afterwards (上访记录), due at the month's end;
    listed when the month has a visit that needs one, under a policy that asks for records."""
    section = policy.schedules.visit_records
    if section is None:
        return []
    visits = [c for c in facts.contacts if c.kind in section.kinds and month.contains(c.on)]
    if not visits:
        return []
    missing = tuple(sorted(c.on for c in visits if not c.note.strip()))
    due = month.last_day
    status = duty_status(not missing, due, as_of)
    reason = RecordsReason(len(visits), missing)
    return [DutyDecision("visit_records", "VISIT-3", due, status, reason, level)]


def _tier_history(facts: AccountMonth, tier: Tier, month: Month) -> tuple[tuple[date, Tier], ...]:
    """G-9's history: the recorded tiers, then the evaluated ``tier`` from the month's start
    when it differs from the last recorded one; the evaluated tier also covers the month's
    start when the first record falls inside the month (nothing earlier is known)."""
    start = month.first_day
    if not facts.tier_history:  # most accounts: the evaluated tier alone
        return ((start, tier),)
    history = list(facts.tier_history)
    if history[-1][1] is not tier:
        history.append((start, tier))
    if history[0][0] > start:
        history.insert(0, (start, tier))
    return tuple(history)


def _archive(
    history: tuple[tuple[date, Tier], ...],
    month: Month,
    as_of: date,
    facts: AccountMonth,
    rules: MonthRules,
) -> list[DutyDecision]:
    """ARCH-1..3 with G-9, tracked from the month's start: each period of the month that
    ended without a refresh (the first tracked period holds the month's first day, so every
    missed one ends in the month), and the current period when it ends in the month or was
    refreshed in it.

    The refreshes looked at are the year's, and those of a first period that began in the
    year before (a policy whose year starts in April, ARCH-2); ARCH-3 counts the ones of
    them before the tracking start.
    """
    first, last = month.days
    segments, changes = rules.segments(history, first)
    since = min(date(as_of.year, 1, 1), segments[0][0])
    refreshes = facts.refreshes[bisect.bisect_left(facts.refreshes, since) :]
    archive = decide_archive(segments, changes, refreshes, as_of, True, rules.periods)
    found = [
        DutyDecision(
            "archive",
            "ARCH-2",
            end,
            duty_status(False, end, as_of),
            ArchiveReason(archive, (start, end)),
        )
        for start, end in archive.missed  # tracked from the month's start: each ends in it
    ]
    start, due = archive.periods[-1]
    refreshed = bool(archive.current_refreshes)
    if due <= last or (refreshed and refreshes and refreshes[-1] >= first):
        found.append(
            DutyDecision(
                "archive",
                "ARCH-2",
                due,
                duty_status(refreshed, due, as_of),
                ArchiveReason(archive, (start, due)),
            )
        )
    return found


def _log(
    tier: Tier, scope: Scope, month: Month, as_of: date, facts: AccountMonth, policy: Policy
) -> list[DutyDecision]:
    """LOG-2..4: an account with a marketing log is checked up to the stage it reached; a
    rolled-up one (LOG-2, GENERAL) has no duty of its own here."""
    if not facts.log:
        return []
    reached = max((e.stage for e in facts.log), key=lambda s: s.order)
    section = require(policy, "schedules.marketing_log", policy.schedules.marketing_log)
    log = decide_log(tier, reached, facts.log, facts.named_person, section, scope)
    if log.rolled_up is not None:
        return []
    due = month.last_day
    return [
        DutyDecision(
            "marketing_log", "LOG-3", due, duty_status(log.complete, due, as_of), LogReason(log)
        )
    ]


def analysis_due(month: Month, policy: Policy) -> tuple[date, str | None]:
    """FLUX-1: when the month's analysis is due, and the rule of the report carrying it: with
    the monthly report the policy names (REPORT-2, by the 28th: 002 (四)6), else at the
    month's end."""
    flux = policy.schedules.fluctuation
    if flux is None or flux.due_with is None:
        return month.last_day, None
    duty = next(d for d in policy.schedules.calendar.duties if d.key == flux.due_with)
    return stated_due(duty, month.last_day), duty.rule


def _contact_log(
    tier: Tier, month: Month, as_of: date, facts: AccountMonth, rules: MonthRules
) -> list[DutyDecision]:
    """LOG-2 with 002 (四)3: for a tier that logs every negotiation (DIAMOND), each contact
    of the month is followed by a marketing-log entry on its day or later (one entry per
    contact, the earliest it can), due at the month's end; listed when the month has a
    contact. Other tiers log their key negotiations only (LOG-2), so they have no such duty."""
    section = rules.policy.schedules.marketing_log
    if section is None or tier not in section.every_negotiation_tiers:
        return []
    counted = rules.counting.counted
    days = sorted(c.on for c in facts.contacts if c.kind in counted and month.contains(c.on))
    if not days:
        return []
    pool = sorted(e.on for e in facts.log if e.on is not None)
    unlogged = []
    for day in days:
        used = next((on for on in pool if on >= day), None)
        if used is None:
            unlogged.append(day)
        else:
            pool.remove(used)
    due = month.last_day
    status = duty_status(not unlogged, due, as_of)
    reason = ContactLogReason(len(days), tuple(unlogged))
    return [DutyDecision("contact_log", "LOG-2", due, status, reason)]


def _analysis(month: Month, as_of: date, facts: AccountMonth, policy: Policy) -> list[DutyDecision]:
    """FLUX-1 on last month against the month before, due with the monthly analysis report;
    none under an edition without FLUX-1, and none for a one-time key account."""
    flux = policy.schedules.fluctuation
    if facts.volumes is None or flux is None:
        return []
    previous, current = facts.volumes
    swing = decide_fluctuation(
        previous,
        current,
        more_than=flux.more_than,
        flag_from_zero=flux.flag_from_zero,
        one_time=facts.one_time,
    )
    if not swing.must_analyse:
        return []
    due, with_rule = analysis_due(month, policy)
    status = duty_status(facts.analysed, due, as_of)
    reason = AnalysisReason(swing, month.shift(-1), with_rule)
    return [DutyDecision("analysis", "FLUX-1", due, status, reason)]


def decide_tier_month(
    tier: Tier, scope: Scope, as_of: date, facts: AccountMonth, rules: MonthRules
) -> tuple[DutyDecision, ...]:
    """The month's duties of a key account of ``tier`` × ``scope`` (VISIT-1..3, ARCH, LOG,
    FLUX-1), in that order: FILE-1's filing waits for every gold account
    (:func:`decide_filing_duty`).

    VISIT-1's minimum and the archive's cadence are those of the tier in force on the month's
    first day (G-9); VISIT-2 and the log are judged at the evaluated ``tier``. VISIT-2 is
    listed while the year's minimum is open, or when a leadership visit was made this month.
    ``facts.tier_history`` holds no record dated in the month that names another tier than
    ``tier`` (the evaluation decides the month: the agenda reports such a row, and
    :func:`month_duties` refuses it).
    """
    month = Month.of(as_of)
    history = _tier_history(facts, tier, month)
    in_force = history[0][1]
    for when, recorded in history:
        if when <= month.first_day:
            in_force = recorded
    found = _contacts(rules.requirement(in_force, scope), month, as_of, facts, rules)
    found += _leadership(rules.requirement(tier, scope), month, as_of, facts, rules)
    found += _greetings(month, as_of, facts, None, rules.policy)
    found += _records(month, as_of, facts, None, rules.policy)
    found += _archive(history, month, as_of, facts, rules)
    found += _log(tier, scope, month, as_of, facts, rules.policy)
    found += _contact_log(tier, month, as_of, facts, rules)
    found += _analysis(month, as_of, facts, rules.policy)
    return tuple(found)


def _contacts(
    r: Requirement, month: Month, as_of: date, facts: AccountMonth, rules: MonthRules
) -> list[DutyDecision]:
    """VISIT-1: the month's contacts against the minimum, due at the month's end."""
    if not r.contacts_per_month:
        return []
    last = month.last_day
    tally = tally_month(r.contacts_per_month, facts.contacts, month, rules.counting)
    status = duty_status(not tally.shortfall, last, as_of)
    reason = ContactsReason(r, tally, rules.counting.counted)
    return [DutyDecision("contacts", "VISIT-1", last, status, reason)]


def _leadership(
    r: Requirement, month: Month, as_of: date, facts: AccountMonth, rules: MonthRules
) -> list[DutyDecision]:
    """VISIT-2: the year's leadership visits, due at the year's end; listed while open or
    when one was made this month."""
    met = facts.leadership_visits >= r.low
    leadership = rules.counting.leadership
    if met and not any(c.kind in leadership and month.contains(c.on) for c in facts.contacts):
        return []
    year_end = date(as_of.year, 12, 31)
    status = duty_status(met, year_end, as_of)
    reason = LeadershipReason(r, facts.leadership_visits, as_of == year_end)
    return [DutyDecision("leadership_visit", "VISIT-2", year_end, status, reason)]


def decide_filing_duty(
    average: Decimal, filed: bool, ranking: FilingDecision, as_of: date
) -> DutyDecision:
    """FILE-1: a gold account the ranking files is filed (and reported) by the month's end."""
    due = Month.of(as_of).last_day
    return DutyDecision(
        "filing", "FILE-1", due, duty_status(filed, due, as_of), FilingReason(average, ranking)
    )


def decide_level_month(
    level: Level,
    as_of: date,
    facts: AccountMonth,
    rules: MonthRules,
    scope: Scope | None = None,
) -> tuple[DutyDecision, ...]:
    """The month's duties of a key account of ``level`` (EDITION-2), in the order they are
    explained: its contacts (VISIT-1, when the level has a minimum), each key date's greeting
    (VISIT-3), the archive update of the level's period (APPR-1), and its centre's visit of
    the period (CAL-1: one duty per account, G-19), each due at the end of its period; for a
    COMPREHENSIVE account another unit's visit of the period where the policy names one
    (G-22: the prefecture centre's; ``scope`` ``None``: not given, so not decided); then
    FLUX-1's analysis where the policy has FLUX-1 (001 has none)."""
    section = rules.levels()
    month = Month.of(as_of)
    basis = LevelBasis(level, section.units[level])
    found: list[DutyDecision] = []
    required = section.contacts.per_month[level]
    if required:
        last = month.last_day
        tally = tally_month(required, facts.contacts, month, rules.counting)
        status = duty_status(not tally.shortfall, last, as_of)
        found.append(
            DutyDecision("contacts", "VISIT-1", last, status, LevelContactsReason(tally), basis)
        )
    found += _greetings(month, as_of, facts, basis, rules.policy)
    found += _records(month, as_of, facts, basis, rules.policy)
    visits = section.visits
    by = visits.comprehensive_by
    periods: list[tuple[DutyKind, str, Cadence, tuple[date, ...], Unit | None]] = [
        ("archive", "APPR-1", section.archives.cadence[level], facts.refreshes, None),
        ("centre_visit", "CAL-1", visits.every, facts.centre_visits, None),
    ]
    if by is not None and by is not basis.unit and scope is Scope.COMPREHENSIVE:
        periods.append(
            ("comprehensive_visit", "CAL-1", visits.every, facts.comprehensive_visits, by)
        )
    for duty, rule, cadence, days, visitor in periods:
        start, end = period_of(as_of, cadence, rules.periods)
        done = any(start <= day <= end for day in days)
        found.append(
            DutyDecision(
                duty,
                rule,
                end,
                duty_status(done, end, as_of),
                LevelPeriodReason(cadence, (start, end), done, visitor),
                basis,
            )
        )
    found += _analysis(month, as_of, facts, rules.policy)
    return tuple(found)


def visiting_unit(d: DutyDecision) -> Unit | None:
    """The unit whose half-yearly round a level account's visit duty belongs to (G-19, G-22):
    its own centre's for ``centre_visit``, the visiting unit's for ``comprehensive_visit``."""
    if d.level is None or not isinstance(d.reason, LevelPeriodReason):
        return None
    if d.duty == "centre_visit":
        return d.level.unit
    if d.duty == "comprehensive_visit":
        return d.reason.by
    return None


def decide_centre_round(
    unit: Unit, visits: Sequence[DutyDecision], as_of: date
) -> DutyDecision | None:
    """G-19: a centre's line for its half-yearly round, derived from its accounts' visit
    duties (``visits``, one per account, each of the same period): done when every one is
    done, else due or overdue at the period's end. It has no done-state of its own; a centre
    with no such duty has no line (``None``).

    >>> from datetime import date
    >>> from keyaccount_rules.core.vocabulary import Cadence, Level, Unit
    >>> basis = LevelBasis(Level.COUNTY, Unit.COUNTY_CENTER)
    >>> half = (date(2026, 1, 1), date(2026, 6, 30))
    >>> one = DutyDecision("centre_visit", "CAL-1", half[1], "done",
    ...                    LevelPeriodReason(Cadence.HALF_YEAR, half, True), basis)
    >>> two = one._replace(status="due", reason=LevelPeriodReason(Cadence.HALF_YEAR, half, False))
    >>> decide_centre_round(Unit.COUNTY_CENTER, [one, two], date(2026, 3, 1)).status
    'due'
    """
    reasons = [d.reason for d in visits if isinstance(d.reason, LevelPeriodReason)]
    if not reasons:
        return None
    first = reasons[0]
    done = sum(r.done for r in reasons)
    end = first.period[1]
    all_done = done == len(reasons)
    reason = RoundReason(unit, first.cadence, first.period, len(reasons), done)
    return DutyDecision("centre_round", "CAL-1", end, duty_status(all_done, end, as_of), reason)


def decide_research(
    industry: str,
    started: date,
    survey_done: date | None,
    ranking_done: date | None,
    as_of: date,
    section: ResearchPolicy,
) -> tuple[DutyDecision, ...]:
    """G-21: the timed steps of one industry's research in the month of ``as_of``. Step 1
    (the survey, 「在一周内」) is due ``survey_days`` after the start; step 2 (the ranking
    table, 「同样在一周内」) ``ranking_days`` after step 1 is done (none before). A step is
    listed when it is due or done in the month, or still open from before (overdue).

    >>> from datetime import date
    >>> from keyaccount_rules.policy import edition
    >>> section = edition("shantou").schedules.research
    >>> [(d.duty, str(d.due), d.status) for d in decide_research(
    ...     "医药", date(2026, 3, 2), date(2026, 3, 6), None, date(2026, 3, 20), section)]
    [('research_survey', '2026-03-09', 'done'), ('research_ranking', '2026-03-13', 'overdue')]
    """
    month = Month.of(as_of)
    first, _last = month.days
    steps: list[tuple[DutyKind, int, date, int, date | None]] = [
        ("research_survey", 1, started, section.survey_days, survey_done)
    ]
    if survey_done is not None:
        steps.append(("research_ranking", 2, survey_done, section.ranking_days, ranking_done))
    found = []
    for duty, number, since, days, done_on in steps:
        due = since + timedelta(days=days)
        listed = month.contains(due) or (done_on is not None and month.contains(done_on))
        listed = listed or (done_on is None and due < first)
        if listed and since <= as_of:
            reason = ResearchReason(industry, number, since, days, done_on)
            status = duty_status(done_on is not None, due, as_of)
            found.append(DutyDecision(duty, "G-21", due, status, reason))
    return tuple(found)


# --- explanations, built from each duty's own decision ---------------------------------------


def level_unit_step(level: Level, unit: Unit) -> Step:
    """LEVEL-1: the unit that maintains a key account of ``level``."""
    return step("LEVEL-1", "editions.level_unit", level=level, unit=unit)


def level_contacts_step(level: Level, contacts: int) -> Step:
    """VISIT-1 by level: the level's minimum contacts a month."""
    return step("VISIT-1", "editions.level_contacts", level=level, contacts=contacts)


def level_archive_step(level: Level, every: Cadence) -> Step:
    """APPR-1: the level's archive update cadence."""
    return step("APPR-1", "editions.level_archive", level=level, every=every)


def level_visits_step(unit: Unit, every: Cadence) -> Step:
    """CAL-1: the unit's round of visits of all its key accounts."""
    return step("CAL-1", "editions.level_visits", unit=unit, every=every)


def _basis(d: DutyDecision, basis: LevelBasis) -> tuple[Step, ...]:
    """What a level's duty rests on: its unit (LEVEL-1) and the plan of its rule."""
    unit = level_unit_step(basis.level, basis.unit)
    reason = d.reason
    if isinstance(reason, LevelContactsReason):
        return unit, level_contacts_step(basis.level, reason.tally.required)
    if isinstance(reason, LevelPeriodReason):
        if d.duty == "archive":
            return unit, level_archive_step(basis.level, reason.cadence)
        if reason.by is not None:  # G-22: another unit visits the comprehensive account too
            return unit, step("G-22", "editions.comprehensive_visits", unit=reason.by)
        return unit, level_visits_step(basis.unit, reason.cadence)
    return (unit,)


#: The message of a finding: by (duty, done) for a level's periods, by (by level, greeted)
#: for a greeting (a tier's text says "key date", a level's 001's wording).
_PERIOD_KEYS = {
    ("archive", True): "editions.archive_done",
    ("archive", False): "editions.archive_open",
    ("centre_visit", True): "editions.centre_visit_done",
    ("centre_visit", False): "editions.centre_visit_open",
    ("comprehensive_visit", True): "editions.comprehensive_visit_done",
    ("comprehensive_visit", False): "editions.comprehensive_visit_open",
}
_GREETING_KEYS = {
    (False, True): "cycle.greeting_done",
    (False, False): "cycle.greeting_open",
    (True, True): "editions.greeting_done",
    (True, False): "editions.greeting_open",
}


def _period_finding(d: DutyDecision, reason: LevelPeriodReason) -> Step:
    start, end = reason.period
    key = _PERIOD_KEYS[d.duty, reason.done]
    return step(d.rule, key, start=start, end=end, unit=reason.by or Unit.PREFECTURE_CENTER)


def _round_findings(r: RoundReason) -> tuple[Step, ...]:
    start, end = r.period
    return (
        level_visits_step(r.unit, r.cadence),
        step(
            "G-19",
            "editions.round",
            unit=r.unit,
            start=start,
            end=end,
            accounts=r.accounts,
            done=r.done,
        ),
    )


def _research_findings(r: ResearchReason) -> tuple[Step, ...]:
    key = "duties.research_done" if r.done_on is not None else "duties.research_open"
    return (
        step(
            "G-21",
            key,
            industry=r.industry,
            step=r.step,
            since=r.since,
            days=r.days,
            on=r.done_on,
        ),
    )


def duty_findings(d: DutyDecision) -> tuple[Step, ...]:
    """What was found for the duty ``d`` (without a level's plan): its own steps only."""
    reason = d.reason
    if isinstance(reason, ContactsReason):
        return explain_month(reason.requirement, reason.tally, reason.counted)
    if isinstance(reason, LeadershipReason):
        return (explain_leadership(reason.requirement, reason.leaders, reason.complete),)
    if isinstance(reason, Greeting):
        key = _GREETING_KEYS[d.level is not None, reason.greeted_on is not None]
        greeted = step("VISIT-3", key, label=reason.label, day=reason.day, on=reason.greeted_on)
        if not reason.window:
            return (greeted,)
        return greeted, step("G-17", "duties.greeting_window", days=reason.window)
    if isinstance(reason, ArchiveReason):
        return explain_archive(reason.decision)
    if isinstance(reason, LogReason):
        return explain_log(reason.decision)
    if isinstance(reason, AnalysisReason):
        found = explain_fluctuation(reason.decision)
        if reason.with_rule is None:
            return found
        return (*found, step("FLUX-1", "duties.analysis_with", rule=reason.with_rule, due=d.due))
    if isinstance(reason, FilingReason):
        return explain_filing(reason.ranking)
    if isinstance(reason, LevelContactsReason):
        tally = reason.tally
        return (
            step("VISIT-1", "editions.contacts_done", done=tally.done, required=tally.required),
        )
    if isinstance(reason, RoundReason):
        return _round_findings(reason)
    if isinstance(reason, ResearchReason):
        return _research_findings(reason)
    if isinstance(reason, ContactLogReason):
        days = ", ".join(str(day) for day in reason.unlogged)
        key = "duties.contact_log_open" if reason.unlogged else "duties.contact_log_done"
        return (
            step("LOG-2", key, contacts=reason.contacts, missing=len(reason.unlogged), days=days),
        )
    if isinstance(reason, RecordsReason):
        days = ", ".join(str(day) for day in reason.unrecorded)
        key = "duties.records_open" if reason.unrecorded else "duties.records_done"
        return (
            step("VISIT-3", key, visits=reason.visits, missing=len(reason.unrecorded), days=days),
        )
    return (_period_finding(d, reason),)


def explain_duty(d: DutyDecision) -> tuple[Step, ...]:
    """The duty's explanation: by level its unit and plan first, then what was found."""
    if d.level is None:
        return duty_findings(d)
    return _basis(d, d.level) + duty_findings(d)


# --- results and the public function ----------------------------------------------------------


class MonthDuty(BaseModel):
    """One duty of a key account's month: which, by which rule, due when, its status, why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    duty: DutyKind
    rule: str
    due: date
    status: Status
    explanation: Explanation


class MonthDuties(Result):
    """Every duty of one key account in the calendar month of ``as_of`` (by tier or level)."""

    as_of: date
    month_start: date
    month_end: date
    tier: Tier | None
    scope: Scope | None
    level: Level | None
    unit: Unit | None
    duties: tuple[MonthDuty, ...]
    explanation: Explanation


def _account(
    tier: Tier | str | None, level: Level | str | None, scope: Scope | str | None
) -> tuple[Tier, Scope] | Level:
    """The account: a tier with its scope, or a level (exactly one of them)."""
    if (tier is None) == (level is None):
        raise RuleInputError(
            "tier",
            "give exactly one of tier and level",
            got=(tier, level),
            rule="EDITION-2",
            fix="tier= for a graded key account (with its scope), level= for one classed by level",
        )
    if level is not None:
        return as_enum(Level, level, "level", rule="LEVEL-1")
    if scope is None:
        raise RuleInputError(
            "scope", "is required with a tier (VISIT-1 is by tier × scope)", rule="VISIT-1"
        )
    return as_enum(Tier, tier, "tier", rule="VISIT-1"), as_enum(
        Scope, scope, "scope", rule="VISIT-1"
    )


def _agrees(history: tuple[tuple[date, Tier], ...], tier: Tier, month: Month) -> None:
    """G-9: a tier recorded in the month must be the account's tier (the evaluation's)."""
    for index, (when, recorded) in enumerate(history):
        if when >= month.first_day and recorded is not tier:
            raise RuleInputError(
                f"activity.tier_history[{index}]",
                f"names {recorded.value} from {when}, in the month, against the tier {tier.value}",
                got=when.isoformat(),
                rule="G-9",
                fix="record only the tiers before this month's change, or pass the tier in force",
            )


def _wrapped(decisions: Sequence[DutyDecision]) -> tuple[MonthDuty, ...]:
    return tuple(
        MonthDuty(
            duty=d.duty,
            rule=d.rule,
            due=d.due,
            status=d.status,
            explanation=Explanation(steps=explain_duty(d)),
        )
        for d in decisions
    )


def _steps(duties: tuple[MonthDuty, ...], month: Month) -> tuple[Step, ...]:
    """Every duty's steps once, in the duties' order (by level each starts with its unit);
    a month with no duty says so."""
    steps = tuple(dict.fromkeys(s for duty in duties for s in duty.explanation))
    return steps or (step("CAL-2", "duties.none", month=month),)


def month_duties(
    as_of: date,
    activity: AccountMonth | None = None,
    *,
    tier: Tier | str | None = None,
    scope: Scope | str | None = None,
    level: Level | str | None = None,
    policy: Policy | None = None,
) -> MonthDuties:
    """Decide every duty of one key account in the month of ``as_of`` (本月工作).

    Give ``tier`` and ``scope`` for a graded key account, or ``level`` for one classed by
    level (EDITION-2), with its ``scope`` if known (a comprehensive one also owes the
    prefecture centre's half-yearly visit, G-22). ``activity`` holds the account's facts
    (:class:`AccountMonth`, or a mapping of its fields). FILE-1's filing ranks every gold
    account of a bureau, so it is the agenda's (:func:`decide_filing_duty`), never one
    account's.

    Raises:
        RuleInputError: both or neither of tier and level, a tier without its scope, an unknown
            tier, scope or level, a bad ``as_of``, activity that is not an account's facts,
            or a tier recorded in the month that is not ``tier`` (G-9).
        MissingSectionError: a policy without the section a duty needs.
    """
    policy = resolve_policy(policy)
    day = as_date(as_of, "as_of", rule="VISIT-1")
    account = _account(tier, level, scope)
    facts: AccountMonth = (
        AccountMonth() if activity is None else checked(AccountMonth, activity, "activity")
    )
    rules = MonthRules(policy)
    graded = where = classed = unit = None
    if not isinstance(account, Level):
        _agrees(facts.tier_history, account[0], Month.of(day))
    if isinstance(account, Level):
        classed = account
        unit = rules.levels().units[classed]
        where = None if scope is None else as_enum(Scope, scope, "scope", rule="G-22")
        decisions = decide_level_month(classed, day, facts, rules, where)
    else:
        graded, where = account
        decisions = decide_tier_month(graded, where, day, facts, rules)
    duties = _wrapped(decisions)
    month = Month.of(day)
    return MonthDuties(
        as_of=day,
        month_start=month.first_day,
        month_end=month.last_day,
        tier=graded,
        scope=where,
        level=classed,
        unit=unit,
        duties=duties,
        explanation=Explanation(steps=_steps(duties, month)),
        policy_fingerprint=policy.fingerprint,
    )

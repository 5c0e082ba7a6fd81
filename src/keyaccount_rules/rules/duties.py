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
>>> facts = AccountMonth(contacts=[Contact(on=date(2025, 3, 4))], refreshes=[date(2025, 3, 2)])
>>> d = month_duties(date(2025, 3, 31), facts, tier="gold", scope="comprehensive")
>>> [(x.duty, x.rule, str(x.due), x.status) for x in d.duties]  # doctest: +NORMALIZE_WHITESPACE
[('contacts', 'VISIT-1', '2025-03-31', 'due'),
 ('leadership_visit', 'VISIT-2', '2025-12-31', 'due'),
 ('archive', 'ARCH-2', '2025-03-31', 'done')]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal, NamedTuple

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
    "DutyDecision",
    "DutyKind",
    "Greeting",
    "LevelBasis",
    "MonthDuties",
    "MonthRules",
    "MonthDuty",
    "Status",
    "decide_filing_duty",
    "decide_level_month",
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
    month; ``named_person`` the account's named manager (LOG-4).

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
    yet)."""

    day: date
    label: str
    greeted_on: date | None


class ArchiveReason(NamedTuple):
    """ARCH-1..3: the archive decision of the month and the period this duty is."""

    decision: ArchiveDecision
    period: Period


class LogReason(NamedTuple):
    """LOG-2..4: the log checked up to the stage reached."""

    decision: LogDecision


class AnalysisReason(NamedTuple):
    """FLUX-1: last month's swing against the month before, to be analysed."""

    decision: FluxDecision
    month: Month


class FilingReason(NamedTuple):
    """FILE-1: the account's monthly average spend and the ranking that filed it."""

    average: Decimal
    ranking: FilingDecision


class LevelContactsReason(NamedTuple):
    """VISIT-1 by level: the level's minimum and the month's count against it."""

    tally: MonthTally


class LevelPeriodReason(NamedTuple):
    """APPR-1's archive update or CAL-1's centre visit: once in each period of a cadence."""

    cadence: Cadence
    period: Period
    done: bool


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
    key_dates: Iterable[tuple[date, str]], greetings: Iterable[date], first: date, last: date
) -> tuple[Greeting, ...]:
    """VISIT-3: each key date (day, label) in ``first``..``last`` is due on its date; a
    greeting dated in that span on or before it fulfils it, one greeting per key date (earliest
    first). The one matching of a month's greetings, by tier and by level.

    >>> from datetime import date
    >>> [g.greeted_on for g in match_greetings(
    ...     [(date(2026, 3, 8), "三八节"), (date(2026, 3, 25), "生日")], [date(2026, 3, 7)],
    ...     date(2026, 3, 1), date(2026, 3, 31))]
    [datetime.date(2026, 3, 7), None]
    """
    pool = sorted(day for day in greetings if first <= day <= last)
    found = []
    for day, label in sorted((d, lbl) for d, lbl in key_dates if first <= d <= last):
        used = next((g for g in pool if g <= day), None)
        if used is not None:
            pool.remove(used)
        found.append(Greeting(day, label, used))
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
    month: Month, as_of: date, facts: AccountMonth, level: LevelBasis | None
) -> list[DutyDecision]:
    """VISIT-3: each key date of the month, due on its date (one greeting per key date)."""
    if not facts.key_dates:
        return []
    first, last = month.days
    greeted = [c.on for c in facts.contacts if c.kind is ContactKind.GREETING]
    return [
        DutyDecision(
            "greeting",
            "VISIT-3",
            g.day,
            duty_status(g.greeted_on is not None, g.day, as_of),
            g,
            level,
        )
        for g in match_greetings(facts.key_dates, greeted, first, last)
    ]


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


def _analysis(month: Month, as_of: date, facts: AccountMonth, policy: Policy) -> list[DutyDecision]:
    """FLUX-1 on last month against the month before; none under an edition without FLUX-1."""
    flux = policy.schedules.fluctuation
    if facts.volumes is None or flux is None:
        return []
    previous, current = facts.volumes
    swing = decide_fluctuation(
        previous,
        current,
        more_than=flux.more_than,
        flag_from_zero=flux.flag_from_zero,
        one_time=False,
    )
    if not swing.must_analyse:
        return []
    due = month.last_day
    status = duty_status(facts.analysed, due, as_of)
    return [DutyDecision("analysis", "FLUX-1", due, status, AnalysisReason(swing, month.shift(-1)))]


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
    found += _greetings(month, as_of, facts, None)
    found += _archive(history, month, as_of, facts, rules)
    found += _log(tier, scope, month, as_of, facts, rules.policy)
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
    level: Level, as_of: date, facts: AccountMonth, rules: MonthRules
) -> tuple[DutyDecision, ...]:
    """The month's duties of a key account of ``level`` (EDITION-2), in the order they are
    explained: its contacts (VISIT-1, when the level has a minimum), each key date's greeting
    (VISIT-3), the archive update of the level's period (APPR-1), and its centre's visit of
    the period (CAL-1), each due at the end of its period; then FLUX-1's analysis where the
    policy has FLUX-1 (001 has none)."""
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
    found += _greetings(month, as_of, facts, basis)
    for duty, rule, cadence, days in (
        ("archive", "APPR-1", section.archives.cadence[level], facts.refreshes),
        ("centre_visit", "CAL-1", section.visits.every, facts.centre_visits),
    ):
        start, end = period_of(as_of, cadence, rules.periods)
        done = any(start <= day <= end for day in days)
        found.append(
            DutyDecision(
                duty,  # type: ignore[arg-type]
                rule,
                end,
                duty_status(done, end, as_of),
                LevelPeriodReason(cadence, (start, end), done),
                basis,
            )
        )
    found += _analysis(month, as_of, facts, rules.policy)
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
        return unit, level_visits_step(basis.unit, reason.cadence)
    return (unit,)


#: The message of a finding: by (duty, done) for a level's periods, by (by level, greeted)
#: for a greeting (a tier's text says "key date", a level's 001's wording).
_PERIOD_KEYS = {
    ("archive", True): "editions.archive_done",
    ("archive", False): "editions.archive_open",
    ("centre_visit", True): "editions.centre_visit_done",
    ("centre_visit", False): "editions.centre_visit_open",
}
_GREETING_KEYS = {
    (False, True): "cycle.greeting_done",
    (False, False): "cycle.greeting_open",
    (True, True): "editions.greeting_done",
    (True, False): "editions.greeting_open",
}


def _period_finding(d: DutyDecision, reason: LevelPeriodReason) -> Step:
    start, end = reason.period
    return step(d.rule, _PERIOD_KEYS[d.duty, reason.done], start=start, end=end)


def duty_findings(d: DutyDecision) -> tuple[Step, ...]:
    """What was found for the duty ``d`` (without a level's plan): its own steps only."""
    reason = d.reason
    if isinstance(reason, ContactsReason):
        return explain_month(reason.requirement, reason.tally, reason.counted)
    if isinstance(reason, LeadershipReason):
        return (explain_leadership(reason.requirement, reason.leaders, reason.complete),)
    if isinstance(reason, Greeting):
        key = _GREETING_KEYS[d.level is not None, reason.greeted_on is not None]
        return (step("VISIT-3", key, label=reason.label, day=reason.day, on=reason.greeted_on),)
    if isinstance(reason, ArchiveReason):
        return explain_archive(reason.decision)
    if isinstance(reason, LogReason):
        return explain_log(reason.decision)
    if isinstance(reason, AnalysisReason):
        return explain_fluctuation(reason.decision)
    if isinstance(reason, FilingReason):
        return explain_filing(reason.ranking)
    if isinstance(reason, LevelContactsReason):
        tally = reason.tally
        return (
            step("VISIT-1", "editions.contacts_done", done=tally.done, required=tally.required),
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
    level (EDITION-2). ``activity`` holds the account's facts (:class:`AccountMonth`, or a
    mapping of its fields). FILE-1's filing ranks every gold account of a bureau, so it is the
    agenda's (:func:`decide_filing_duty`), never one account's.

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
        decisions = decide_level_month(classed, day, facts, rules)
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

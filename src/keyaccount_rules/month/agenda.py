"""The month's agenda (本月工作清单): every duty of every key account, due, overdue or done.

The agenda decides nothing itself. It evaluates each customer once (the engine), folds the
activity in one pass (:mod:`~keyaccount_rules.month.folding`), has each key account's month
decided by :mod:`~keyaccount_rules.rules.duties` — by tier (VISIT-1..3, ARCH, LOG, FLUX-1),
by level (VISIT-1, VISIT-3, APPR-1, CAL-1 with G-22), FILE-1 once every gold account is
ranked — and states each decision as an item (:mod:`~keyaccount_rules.month.duty_items`),
followed by 002's research steps (G-21), each centre's half-yearly round derived from its
accounts' visits (G-19), and the unit duties of the month's work calendar (REPORT, ANALYSE,
CAL).

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
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Unpack

from keyaccount_rules.core.arguments import checked, instance_of
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import ContactKind, Level, Tier, Unit
from keyaccount_rules.engine.customer import Evaluator, classes_by_level
from keyaccount_rules.month.arguments import (
    checked_agenda,
    checked_events,
    checked_levels,
    checked_series,
    levels_on,
)
from keyaccount_rules.month.duty_items import (
    ItemTexts,
    account_items,
    calendar_items,
    level_order,
    research_item,
    unit_item,
)
from keyaccount_rules.month.folding import AccountFold, FoldWindow, account_facts, fold
from keyaccount_rules.month.items import (
    Agenda,
    AgendaItem,
    OptionalLevel,
    Problem,
    agenda_row,
    agenda_summary,
    item_order,
    row_columns,
)
from keyaccount_rules.month.level_history import LevelHistory
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.policy import Policy, require
from keyaccount_rules.records.activity import (
    RESEARCH_KINDS,
    ActivityEvent,
    Contact,
    Event,
    Kind,
    RevenueRow,
)
from keyaccount_rules.records.customer import Customer, Customers, PortfolioCustomer
from keyaccount_rules.records.facts import FactArguments, Facts, fact_keywords
from keyaccount_rules.rules.duties import (
    AccountMonth,
    DutyDecision,
    MonthRules,
    decide_centre_round,
    decide_filing_duty,
    decide_level_month,
    decide_research,
    decide_tier_month,
    visiting_unit,
)
from keyaccount_rules.rules.reporting import decide_filing

__all__ = [
    "Agenda",
    "AgendaItem",
    "OptionalLevel",
    "Problem",
    "agenda",
    "agenda_row",
    "agenda_summary",
    "checked_levels",
    "iter_agenda",
    "row_columns",
]

_UNKNOWN: Any = object()


class _Shared:
    """A name that several customers of the portfolio bear: activity naming it is refused."""

    __slots__ = ("count", "reported")

    def __init__(self, count: int) -> None:
        self.count = count
        self.reported = False  # its revenue rows reported once

    def problem(self, name: str) -> str:
        return f"{self.count} customers are named {name}; name it by customer_id"


#: Every customer by name and ID: its account, ``None`` (not a key account, so no duties),
#: or the name several customers share.
Index = dict[str, "AccountFold | _Shared | None"]
#: ``report``: where the rows that cannot be used go (never dropped silently).
Reporter = instance_of(Callable, "must be a function taking a Problem", show="value")
_NO_LEVEL = (
    "no level given (levels names neither its name nor its customer_id): not listed; give it "
    "a level, or None if it is not a key account [EDITION-2]"
)
_UNKNOWN_CUSTOMER = "unknown customer: no such name or customer_id in the portfolio"
_NO_SCOPE = (
    "no scope given: whether the prefecture centre also visits it each half year (comprehensive "
    "key accounts, G-22) is not decided; give its scope (综合/区域/专业)"
)
_NO_RESEARCH = "research steps are 002's (G-21): no such duty under this policy"
_NO_START = "no research_start row for this industry: its steps cannot be timed (G-21)"
#: Kinds that state a date of the calendar, not an event: never "after as_of".
_CALENDAR_KINDS = frozenset({Kind.KEY_DATE, Kind.DATED_KEY_DATE})


def _level_of(name: str, ident: str | None, levels: Mapping[str, Level | None]) -> Level | None:
    """The level ``levels`` gives a customer by name, else by ID; ``_UNKNOWN`` when neither."""
    for key in (name, ident):
        if key and key in levels:
            return levels[key]
    return _UNKNOWN  # type: ignore[no-any-return]


def _accounts(
    customers: Iterable[Customer],
    run: Evaluator,
    levels: Mapping[str, Level | None] | None,
    report: Callable[[Problem], None],
    visitor: Unit | None = None,
) -> tuple[list[AccountFold], Index]:
    """Each customer decided once (no text): the key accounts, and every customer by name and
    ID (``None``: not a key account, so no duties). By level, an account whose record gives
    no scope while another unit visits the comprehensive ones (``visitor``, G-22) is
    reported: its scope is never defaulted."""
    entries: list[AccountFold] = []
    index: Index = {}
    by_name: dict[str, int] = {}
    for position, given in enumerate(checked(Customers, customers, "customers")):
        customer: Customer = (
            given
            if type(given) is Customer  # the common case, which the declared type accepts
            else checked(PortfolioCustomer, given, f"customers[{position}]")
        )
        ident = None if customer.customer_id is None else str(customer.customer_id)
        entry = None
        if levels is not None:  # EDITION-2: the level given, its unit decided by LEVEL-1
            level = _level_of(customer.name, ident, levels)
            if level is _UNKNOWN:
                report(Problem(row=0, customer=customer.name, problem=_NO_LEVEL))
            elif level is not None:
                decision = run.decide(customer, level=level)
                if decision.unit is not None and decision.level is not None:
                    given = "scope" in customer.model_fields_set
                    entry = AccountFold(
                        customer.name,
                        ident,
                        None,
                        decision.unit,
                        customer.scope,
                        decision.level,
                        one_time=customer.one_time,
                        scope_given=given,
                    )
                    if not given and visitor is not None and decision.unit is not visitor:
                        report(Problem(row=0, customer=customer.name, problem=_NO_SCOPE))
        else:
            decision = run.decide(customer)
            if decision.key_account and decision.tier is not None and decision.unit is not None:
                entry = AccountFold(
                    customer.name,
                    ident,
                    decision.tier,
                    decision.unit,
                    customer.scope,
                    one_time=customer.one_time,
                )
        if entry is not None:
            entries.append(entry)
        seen = by_name[customer.name] = by_name.get(customer.name, 0) + 1
        # customers who share a name never take each other's activity: the name is refused
        index[customer.name] = entry if seen == 1 else _Shared(seen)
        if ident:
            index[ident] = entry
    return entries, index


def _fold_activity(
    activity: Iterable[Event],
    index: Index,
    w: FoldWindow,
    report: Callable[[Problem], None],
    research: dict[str, list[Event]] | None,
) -> set[str]:
    """Stream the activity once, each row folded into its account; the keys of the unit
    reports done this month are returned. Research rows (G-21) go to ``research`` by
    industry (``None``: the policy has no research steps, so they are reported)."""
    done_reports: set[str] = set()
    for position, given in enumerate(checked_events(activity)):
        event: Event = (
            given
            if type(given) is Event and type(given.on) is date  # as the declared type accepts
            else checked(ActivityEvent, given, f"activity[{position}]")
        )
        if event.on > w.as_of and event.kind not in _CALENDAR_KINDS:
            report(
                Problem(
                    row=event.row,
                    customer=event.customer,
                    problem=f"dated {event.on}, after as_of {w.as_of}",
                )
            )
            continue
        if event.kind is Kind.REPORT:
            if event.on >= w.month_start:
                done_reports.add(event.detail)
            continue
        if event.kind in RESEARCH_KINDS:
            if research is None:
                report(Problem(row=event.row, customer=event.detail, problem=_NO_RESEARCH))
            else:
                research.setdefault(event.detail, []).append(event)
            continue
        found = index.get(event.customer, _UNKNOWN)
        if found is _UNKNOWN:
            report(Problem(row=event.row, customer=event.customer, problem=_UNKNOWN_CUSTOMER))
        elif isinstance(found, _Shared):
            report(
                Problem(
                    row=event.row, customer=event.customer, problem=found.problem(event.customer)
                )
            )
        elif found is not None:  # a customer that is not a key account has no duties
            problem = fold(found, event, w)
            if problem is not None:
                report(Problem(row=event.row, customer=event.customer, problem=problem))
    return done_reports


def _decided(
    entry: AccountFold, as_of: date, facts: AccountMonth, rules: MonthRules
) -> tuple[DutyDecision, ...]:
    """The account's month, by level (in :class:`LevelDuty` order) or by tier."""
    if entry.level is not None:
        scope = entry.scope if entry.scope_given else None
        decided = decide_level_month(entry.level, as_of, facts, rules, scope)
        return tuple(sorted(decided, key=level_order))
    if entry.tier is None:  # never: a key account has a tier or a level
        return ()
    return decide_tier_month(entry.tier, entry.scope, as_of, facts, rules)


class _Run:
    """One agenda's month: its arguments and what its accounts share."""

    def __init__(
        self,
        as_of: date,
        policy: Policy,
        holidays: dict[date, str],
        managers: Mapping[str, str] | None,
        wanted: Unit | None,
        only: str | None,
        report: Callable[[Problem], None],
    ) -> None:
        self.as_of, self.policy, self.report = as_of, policy, report
        greetings = policy.schedules.greetings
        records = policy.schedules.visit_records
        self.visitor = None if policy.levels is None else policy.levels.visits.comprehensive_by
        self.window = FoldWindow.of(
            as_of,
            policy.schedules.contacts,
            0 if greetings is None else greetings.greeting_window_days,
            self.visitor,
            frozenset() if records is None else frozenset(records.kinds),
        )
        month = self.window.month
        # the month's, and those of the days before it a greeting window reaches (G-17)
        since = self.window.key_dates_from
        self.holidays = [(d, lbl) for d, lbl in holidays.items() if since <= d <= month.last_day]
        self.managers, self.wanted, self.only = managers, wanted, only
        self.rules = MonthRules(policy)
        self.texts = ItemTexts()
        # one shared Contact per day, kind and note (a month has few)
        self.contact: Callable[[date, ContactKind, str], Contact] = lru_cache(maxsize=1024)(
            lambda on, kind, note: Contact(on=on, kind=kind, note=note)
        )

    def manager(self, entry: AccountFold) -> str | None:
        """The account's manager: the caller's ``managers``, else its latest activity row's."""
        name = entry.manager_name()
        if self.managers is not None:
            name = self.managers.get(entry.name) or self.managers.get(entry.ident or "") or name
        return name

    def keeps(self, entry: AccountFold, manager: str | None) -> bool:
        """Whether the account's items are listed (``unit`` and ``manager`` filters)."""
        return (self.wanted is None or entry.unit is self.wanted) and (
            self.only is None or manager == self.only
        )

    def decisions(
        self, entry: AccountFold, manager: str | None, volumes: tuple[Decimal, Decimal] | None
    ) -> tuple[DutyDecision, ...]:
        """One account's month: its facts, its duties decided."""
        facts = account_facts(
            entry,
            self.window,
            manager=manager,
            holidays=self.holidays,
            volumes=volumes,
            contact=self.contact,
            report=self.report,
        )
        return _decided(entry, self.as_of, facts, self.rules)


def _iter_agenda(
    customers: Iterable[Customer],
    activity: Iterable[Event],
    run: _Run,
    facts: Facts,
    series: RevenueSeries | None,
    levels: Mapping[str, Level | None] | None,
) -> Iterator[AgendaItem]:
    evaluator = Evaluator(facts)
    entries, index = _accounts(customers, evaluator, levels, run.report, run.visitor)
    research: dict[str, list[Event]] | None = None if run.policy.schedules.research is None else {}
    done_reports = _fold_activity(activity, index, run.window, run.report, research)
    shared = {name: found for name, found in index.items() if isinstance(found, _Shared)}
    del index
    month = run.window.month
    before, after = month.shift(-2), month.shift(-1)
    gold: dict[str, tuple[Decimal, AccountFold, str | None]] = {}
    rounds: dict[Unit, list[DutyDecision]] = {}
    for entry in entries:
        manager = run.manager(entry)
        keep = run.keeps(entry, manager)
        # G-19: a centre's round is its accounts' visits, those of unlisted accounts too
        in_round = entry.level is not None and run.only is None
        key = None if series is None else _series_key(entry, series, shared, run.report)
        if keep or in_round:
            volumes = None
            if series is not None and key is not None:
                previous, current = series.total(key, before), series.total(key, after)
                if previous is not None and current is not None:
                    volumes = (previous, current)
            decided = run.decisions(entry, manager, volumes)
            if keep:
                yield from account_items(entry, manager, decided, run.texts)
            if in_round:
                for d in decided:
                    unit = visiting_unit(d)
                    if unit is not None and (run.wanted is None or unit is run.wanted):
                        rounds.setdefault(unit, []).append(d)
        if series is not None and key is not None and entry.tier is Tier.GOLD:
            average = series.average(key, month.shift(-12), after)
            if average is not None:
                gold[entry.name] = (average, entry, manager)
    yield from _filings(gold, run)
    if research:
        yield from _research(research, run)
    if run.only is None:
        for unit in sorted(rounds, key=lambda u: list(Unit).index(u)):
            line = decide_centre_round(unit, rounds[unit], run.as_of)
            if line is not None:
                yield unit_item(unit, line, run.texts)
        yield from calendar_items(run.as_of, run.policy, done_reports)


def _series_key(
    entry: AccountFold,
    series: RevenueSeries,
    shared: Mapping[str, _Shared],
    report: Callable[[Problem], None],
) -> str | None:
    """The one key of the account's revenue: its customer_id where the revenue uses it, else
    its name; a customer seen under both is reported (its ID's rows are used), and a name
    several customers share is never used (``None``: no revenue)."""
    by_id = entry.ident is not None and series.has(entry.ident)
    by_name = series.has(entry.name)
    if entry.name in shared:
        if by_name and not by_id and not shared[entry.name].reported:
            shared[entry.name].reported = True
            problem = shared[entry.name].problem(entry.name) + " in the revenue rows"
            report(Problem(row=0, customer=entry.name, problem=problem))
        return entry.ident if by_id else None
    if by_id and by_name:
        problem = (
            f"revenue rows name this customer both by name and by customer_id {entry.ident}: "
            "the customer_id's rows are used; name it one way"
        )
        report(Problem(row=0, customer=entry.name, problem=problem))
    return entry.ident if by_id else entry.name


def _research(research: dict[str, list[Event]], run: _Run) -> Iterator[AgendaItem]:
    """G-21: each industry's research steps of the month, from its rows: the latest start,
    then the first survey and the first ranking done after it."""
    section = require(run.policy, "schedules.research", run.policy.schedules.research)
    for industry in sorted(research):
        rows = sorted(research[industry], key=lambda e: (e.on, e.row))
        starts = [e for e in rows if e.kind is Kind.RESEARCH_START]
        if not starts:
            for e in rows:
                run.report(Problem(row=e.row, customer=industry, problem=_NO_START))
            continue
        start = starts[-1]
        survey = next(
            (e.on for e in rows if e.kind is Kind.RESEARCH_SURVEY and e.on >= start.on), None
        )
        ranking = None
        if survey is not None:
            ranking = next(
                (e.on for e in rows if e.kind is Kind.RESEARCH_RANKING and e.on >= survey), None
            )
        manager = next((e.manager for e in reversed(rows) if e.manager), None)
        if run.only is not None and manager != run.only:
            continue
        decided = decide_research(industry, start.on, survey, ranking, run.as_of, section)
        for d in decided:
            if manager:
                yield research_item((manager, None), manager, d, run.texts)
            else:
                yield research_item((section.who, section.who_zh), None, d, run.texts)


def _filings(
    gold: dict[str, tuple[Decimal, AccountFold, str | None]], run: _Run
) -> Iterator[AgendaItem]:
    """FILE-1 ranks every GOLD account before any is listed."""
    if not gold:
        return
    policy = run.policy
    ranking = decide_filing(
        {key: average for key, (average, _entry, _manager) in gold.items()},
        dict.fromkeys(gold, Tier.GOLD),
        require(policy, "schedules.filing", policy.schedules.filing),
    )
    for key in sorted(ranking.keys):
        average, entry, manager = gold[key]
        if run.keeps(entry, manager):
            duty = decide_filing_duty(average, entry.filed, ranking, run.as_of)
            yield from account_items(entry, manager, (duty,), run.texts)


@fact_keywords(FactArguments)
def iter_agenda(
    customers: Iterable[Customer],
    activity: Iterable[Event],
    facts: Facts | None = None,
    /,
    *,
    report: Callable[[Problem], None],
    revenue: RevenueSeries | Iterable[RevenueRow] | None = None,
    holidays: Mapping[date, str] | None = None,
    managers: Mapping[str, str] | None = None,
    unit: Unit | str | None = None,
    manager: str | None = None,
    levels: LevelHistory | Mapping[str, object] | None = None,
    **arguments: Unpack[FactArguments],
) -> Iterator[AgendaItem]:
    """The agenda's items one at a time, in memory flat in the activity rows (streaming form).

    The same items as :func:`agenda` (which sorts them), in portfolio order, then the filings
    (FILE-1 ranks every GOLD customer first) and the unit duties of the work calendar.
    ``report`` receives each activity row that cannot be used (never dropped silently).
    ``unit`` and ``manager`` keep one responsible unit's or one manager's items, as
    :meth:`Agenda.filter` does. ``levels`` and the run's facts are as for :func:`agenda`.
    Arguments are checked before the first item is yielded.

    >>> import datetime as dt
    >>> from keyaccount_rules.records.customer import Customer
    >>> acme = Customer(name="ACME", has_agreement=True, last_year_revenue={"express": 2_000_000})
    >>> problems = []
    >>> items = iter_agenda([acme], [], as_of=dt.date(2025, 3, 20),
    ...                     bureau_annual_revenue=300_000_000, report=problems.append)
    >>> [(i.rule, i.status) for i in items][:2]
    [('VISIT-1', 'due'), ('VISIT-2', 'due')]
    """
    run_facts = Facts.of(facts, **arguments)
    policy = run_facts.policy
    listed, known_managers, wanted = checked_agenda(holidays, managers, unit)
    checked(Reporter, report, "report")
    series = checked_series(revenue)
    known = levels_on(checked_levels(levels, policy), run_facts.as_of)
    run = _Run(run_facts.as_of, policy, listed, known_managers, wanted, manager, report)
    return _iter_agenda(customers, activity, run, run_facts, series, known)


@fact_keywords(FactArguments)
def agenda(
    customers: Iterable[Customer],
    activity: Iterable[Event],
    facts: Facts | None = None,
    /,
    *,
    revenue: RevenueSeries | Iterable[RevenueRow] | None = None,
    holidays: Mapping[date, str] | None = None,
    managers: Mapping[str, str] | None = None,
    levels: LevelHistory | Mapping[str, object] | None = None,
    **arguments: Unpack[FactArguments],
) -> Agenda:
    """Every duty of every key account due, overdue or done in the month of ``as_of``.

    Args:
        customers: the portfolio (e.g. :func:`read_portfolio`), evaluated on ``as_of``.
        activity: activity :class:`Event` rows, streamed: a file is read by
            :func:`read_activity` (``agenda(customers, read_activity(path), ...)``).
        facts: the run's :class:`Facts`, or its keyword arguments: ``as_of`` (today: the
            agenda covers its calendar month), ``bureau_annual_revenue`` (GRADE-6), ``policy``
            (a policy, an edition's name or a :class:`PolicyHistory`: the one in force on
            ``as_of``), GRADE-5's approval and RESP-2's delegation, as for :func:`evaluate`.
        revenue: monthly revenue (for FLUX-1 and FILE-1); without it those duties are not
            listed and the explanation says so.
        holidays: key dates for every key account's greetings (VISIT-3), date → label.
        managers: customer name or ID → account manager, overriding the activity's.
        levels: under a policy that classes key accounts by level (``liangshan``,
            EDITION-2): customer name or ID → level (``"prefecture"``/``"county"``, 州级/县级,
            a :class:`Level`), or ``None`` for a customer that is not a key account — what a
            portfolio's ``level`` column says, or :func:`classify_levels` decides — or that
            customer's dated levels (date → level), or a :class:`LevelHistory` (G-20, the
            quarterly selection of :func:`level_history`): the level in force on ``as_of``
            applies. Required there: a customer it does not name is a problem (row 0), not a
            silent default; refused under a policy that grades by tier.

    Each key account's duties are decided once, by
    :func:`~keyaccount_rules.rules.duties.decide_tier_month` or, by level,
    :func:`~keyaccount_rules.rules.duties.decide_level_month` (the decision of
    :func:`level_duties`): contacts (VISIT-1), key-date greetings (VISIT-3), the archive update
    of the level's period (APPR-1) and its centre's visit of the half year (CAL-1, done by a
    ``centre_visit`` activity row; a comprehensive county account also owes the prefecture
    centre's, G-22), each with its unit (LEVEL-1); then each centre's ``centre_round`` line,
    derived from its accounts' visit duties (G-19), and the unit duties of the calendar.
    Research rows (``research_*``, G-21) give their industry's timed steps. A customer's
    ``one_time`` exempts it from FLUX-1; customers who share a name are told apart by
    customer_id only (activity naming a shared name is a problem).

    Activity for an unknown customer or dated after ``as_of`` is reported in ``problems``.
    The items are those of :func:`iter_agenda` (the streaming form, for large portfolios),
    sorted by manager (the unit duties first), then overdue, due and done, each by due date,
    then by customer and rule (:func:`~keyaccount_rules.month.items.item_order`).

    Raises:
        RuleInputError: a bad fact (the same message as every entry point gives), holiday,
            manager map or level.
    """
    run = Facts.of(facts, **arguments)
    policy = run.policy
    problems: list[Problem] = []
    series = checked_series(revenue)
    items = list(
        iter_agenda(
            customers,
            activity,
            run,
            report=problems.append,
            revenue=series,
            holidays=holidays,
            managers=managers,
            levels=levels,
        )
    )
    items.sort(key=item_order)
    month = Month.parse(run.as_of)
    counts: Counter[str] = Counter(i.status for i in items)
    return Agenda(
        as_of=run.as_of,
        month_start=month.first_day,
        month_end=month.last_day,
        items=tuple(items),
        problems=tuple(problems),
        # by level there is no FLUX-1 or FILE-1 to miss (001 has neither)
        explanation=agenda_summary(
            month, counts, series is not None or classes_by_level(policy), len(problems)
        ),
        policy_fingerprint=policy.fingerprint,
        policy_edition=policy.edition,
    )

"""大客户划分与维护 by level: the ``liangshan`` edition's key accounts, end to end (EDITION-2).

Under 001 a key account is classed, not graded: prefecture level (州级) is the PARETO-1
selection with industry partners and administrative units, county level (县级) is what each
county designates (「各局自定重要客户」, an input); a customer both selected and designated is
prefecture level. Each level has its unit (LEVEL-1), a monthly contact (VISIT-1, 按月对大客户进行
上访), special-date greetings (VISIT-3), a quarterly archive update (APPR-1, 每季更新) and its
centre's half-yearly round of visits (CAL-1). All of it is data in the policy's ``[levels]``
section: a policy without one (``shantou``, ``combined``) raises ``MissingSectionError``.

>>> from keyaccount_rules.policy import edition
>>> liangshan = edition("liangshan")
>>> levels = classify_levels(
...     {"州财政局": {"bills": 800}, "西昌某厂": {"express": 900}, "某县医院": {"express": 100}},
...     designated=["某县医院"], policy=liangshan)
>>> {key: level.value for key, level in levels.items()}
{'州财政局': 'prefecture', '西昌某厂': 'prefecture', '某县医院': 'county'}
>>> plan = level_plan("county", policy=liangshan)
>>> plan.unit.value, plan.contacts_per_month, plan.archive_cadence.value
('county_center', 1, 'quarter')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.core.arguments import (
    CustomerKey,
    Dates,
    as_date,
    as_enum,
    checked,
    collection,
)
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.frozen import FrozenDict
from keyaccount_rules.core.money import Amount
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, Cadence, Level, Scope, Unit
from keyaccount_rules.policy import LevelPolicy, Policy, require, resolve_policy
from keyaccount_rules.records.activity import Contact, ContactOrDay
from keyaccount_rules.rules.duties import (
    AccountMonth,
    DutyDecision,
    Greeting,
    LevelContactsReason,
    LevelPeriodReason,
    MonthRules,
    RecordsReason,
    Status,
    decide_level_month,
    duty_findings,
    level_archive_step,
    level_contacts_step,
    level_unit_step,
    level_visits_step,
    match_greetings,
)
from keyaccount_rules.rules.pareto import pareto_selection

__all__ = [
    "Greeting",
    "LevelDuties",
    "LevelDuty",
    "LevelPlan",
    "Status",
    "classify_levels",
    "level_duties",
    "level_plan",
    "match_greetings",
]


def _levels(policy: Policy) -> LevelPolicy:
    return require(policy, "levels", policy.levels)


# --- classification (PARETO-1 + county designations) ------------------------------------------


#: The customers the counties designate (各局自定重要客户): customer keys.
Designated = collection("must be a collection of customer keys", CustomerKey)
#: A level account's contacts (VISIT-1): dates or :class:`Contact` records.
LevelContacts = collection(
    "must be a collection of contacts", ContactOrDay, refuse=(str, bytes, date, Contact)
)


def classify_levels(
    volumes: Mapping[str, Mapping[BusinessLine, Amount]] | Mapping[str, Mapping[str, Amount]],
    *,
    designated: Iterable[str] = (),
    always_include: Iterable[str] = (),
    policy: Policy | None = None,
) -> Mapping[str, Level]:
    """Class the key accounts by level (大客户划分标准, PARETO-1, EDITION-2).

    Args:
        volumes: customer key → mapping ``BusinessLine`` → volume (as :func:`core_accounts`).
        designated: the customers the counties designate (各局自定重要客户); each must be a key
            of ``volumes``.
        always_include: industry partners and administrative units (行业性合作伙伴、行政职能单位),
            prefecture level whatever their volume.
        policy: a policy with a ``pareto`` section (``liangshan`` or ``combined``, the
            default): classing needs only PARETO-1's share; what each level is owed (LEVEL-1)
            is :func:`level_plan`'s, which needs the ``levels`` section.

    Returns:
        A read-only mapping customer key → ``Level``: PREFECTURE for the PARETO-1 selection
        and ``always_include`` (also when designated: 「州局甄选确定其大客户范围」), COUNTY for
        the other designated customers; every other customer is absent (not a key account).
        In the order of ``volumes``, then the ``always_include`` keys it lacks.

    Raises:
        MissingSectionError: the policy has no ``pareto`` section (``shantou``).
        RuleInputError: a bad volume or key, or a designation of a customer not in ``volumes``.
    """
    policy = resolve_policy(policy)
    selection = pareto_selection(volumes, always_include=always_include, policy=policy)
    counties: tuple[str, ...] = checked(Designated, designated, "designated", rule="PARETO-1")
    for index, key in enumerate(counties):
        if key not in volumes:
            raise RuleInputError(
                f"designated[{index}]",
                "is not a customer of volumes",
                got=key,
                rule="PARETO-1",
                fix="designate customers by the keys of volumes (a county's own key accounts)",
            )
    found: dict[str, Level] = {}
    for key in [*volumes, *selection.always_included]:
        if key in selection.accounts:
            found[key] = Level.PREFECTURE
        elif key in counties:
            found[key] = Level.COUNTY
    return FrozenDict(found)


# --- the plan of a level (LEVEL-1, VISIT-1, APPR-1, CAL-1) ------------------------------------


class LevelPlan(Result):
    """What 001 asks of a key account of one level: its unit and its recurring duties."""

    level: Level
    unit: Unit
    contacts_per_month: int
    archive_cadence: Cadence
    visit_every: Cadence
    explanation: Explanation


def explain_plan(level: Level, section: LevelPolicy) -> tuple[Step, ...]:
    """LEVEL-1's unit and the level's duties, read from the ``levels`` section."""
    unit = section.units[level]
    return (
        level_unit_step(level, unit),
        level_contacts_step(level, section.contacts.per_month[level]),
        level_archive_step(level, section.archives.cadence[level]),
        level_visits_step(unit, section.visits.every),
    )


def level_plan(level: Level | str, *, policy: Policy | None = None) -> LevelPlan:
    """The unit and duties of a key account of ``level`` (LEVEL-1; VISIT-1, APPR-1, CAL-1).

    Raises:
        MissingSectionError: the policy has no ``levels`` section (only ``liangshan`` has one).
        RuleInputError: an unknown level.
    """
    policy = resolve_policy(policy)
    section = _levels(policy)
    level = as_enum(Level, level, "level", rule="LEVEL-1")
    return LevelPlan(
        level=level,
        unit=section.units[level],
        contacts_per_month=section.contacts.per_month[level],
        archive_cadence=section.archives.cadence[level],
        visit_every=section.visits.every,
        explanation=Explanation(steps=explain_plan(level, section)),
        policy_fingerprint=policy.fingerprint,
    )


# --- the duties of a month ------------------------------------------------------------------


class LevelDuty(BaseModel):
    """One duty of a key account in the month: what, which rule, its period, due date, status."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    duty: Literal[
        "contact", "greeting", "visit_records", "archive", "centre_visit", "comprehensive_visit"
    ]
    rule: str
    unit: Unit
    period_start: date
    period_end: date
    due: date
    status: Status
    label: str = ""


class LevelDuties(Result):
    """Every duty of one key account of a level in the month of ``as_of`` (EDITION-2)."""

    level: Level
    as_of: date
    unit: Unit
    duties: tuple[LevelDuty, ...]
    explanation: Explanation


def _level_duty(d: DutyDecision, unit: Unit) -> LevelDuty:
    """One decided duty as :class:`LevelDuty` states it (its period, its label)."""
    reason = d.reason
    label = ""
    if isinstance(reason, LevelPeriodReason):
        first, last = reason.period
    elif isinstance(reason, Greeting):
        first = last = reason.day
        label = reason.label
    elif isinstance(reason, LevelContactsReason):
        first, last = reason.tally.first, reason.tally.last
    elif isinstance(reason, RecordsReason):
        first, last = Month.of(d.due).days
    else:  # never: a level's duties are the four above
        raise TypeError(f"not a duty of a level: {d.duty}")
    return LevelDuty(
        duty="contact" if d.duty == "contacts" else d.duty,  # type: ignore[arg-type]
        rule=d.rule,
        unit=unit,
        period_start=first,
        period_end=last,
        due=d.due,
        status=d.status,
        label=label,
    )


def level_duties(
    level: Level | str,
    as_of: date,
    *,
    key_dates: Mapping[date, str] | Iterable[tuple[date, str]] | None = None,
    contacts: Iterable[date | Contact] = (),
    refreshes: Iterable[date] = (),
    centre_visits: Iterable[date] = (),
    scope: Scope | str | None = None,
    comprehensive_visits: Iterable[date] = (),
    policy: Policy | None = None,
) -> LevelDuties:
    """The duties of a key account of ``level`` in the month of ``as_of``, done or not.

    - contact (VISIT-1): the level's contacts a month, counted by the policy's
      ``schedules.contacts`` (a greeting made in person counts, VISIT-3), due at month end;
    - visit_records (VISIT-3): where the policy asks for them, every visit of the month
      recorded afterwards (上访记录: a visit ``Contact``'s ``note``; a bare date is a visit
      without one), listed when the month has a visit, due at month end;
    - greeting (VISIT-3): each caller-supplied key date of the month (holidays, key people's
      birthdays: 重要节假日以及重要人士的生日), due on its date (:func:`match_greetings`);
      ``key_dates`` maps date → label, or is (date, label) pairs (two labels on one day: two
      greetings due);
    - archive (APPR-1): one update in the level's period (quarterly: 每季更新), due at its end;
    - centre_visit (CAL-1): the level's centre visits the account once in each period
      (each half year: 每半年要完成本地区的大客户走访), due at its end: one duty per account
      (G-19);
    - comprehensive_visit (G-22): with ``scope`` comprehensive, the unit the policy names
      (the prefecture centre: 州局大客户中心要完成综合大客户的走访) also visits the account in
      each period, on top of its own centre (``comprehensive_visits``: that unit's visits);
      a prefecture-level account's own centre is that unit already.

    A bare date in ``contacts`` is a visit. Status: ``done``, ``due`` (up to and on its due
    date, G-7) or ``overdue`` (its due date has passed on ``as_of``). The duties are decided
    by :func:`~keyaccount_rules.rules.duties.decide_level_month`, as the agenda's are.

    Raises:
        MissingSectionError: the policy has no ``levels`` section.
        RuleInputError: an unknown level or scope, or a bad date.
    """
    policy = resolve_policy(policy)
    section = _levels(policy)
    level = as_enum(Level, level, "level", rule="LEVEL-1")
    where = None if scope is None else as_enum(Scope, scope, "scope", rule="G-22")
    as_of = as_date(as_of, "as_of", rule="VISIT-1")
    made: tuple[Contact, ...] = checked(LevelContacts, contacts, "contacts", rule="VISIT-1")
    pairs = list(key_dates.items() if isinstance(key_dates, Mapping) else key_dates or ())
    days = checked(Dates, [d for d, _ in pairs], "key_dates", rule="VISIT-3")
    facts = AccountMonth(
        contacts=made,
        key_dates=tuple(zip(days, [lbl for _, lbl in pairs], strict=True)),
        refreshes=tuple(sorted(set(checked(Dates, refreshes, "refreshes", rule="APPR-1")))),
        centre_visits=tuple(
            sorted(set(checked(Dates, centre_visits, "centre_visits", rule="CAL-1")))
        ),
        comprehensive_visits=tuple(
            sorted(set(checked(Dates, comprehensive_visits, "comprehensive_visits", rule="G-22")))
        ),
    )
    decided = decide_level_month(level, as_of, facts, MonthRules(policy), where)
    unit = section.units[level]
    steps = explain_plan(level, section) + tuple(s for d in decided for s in duty_findings(d))
    return LevelDuties(
        level=level,
        as_of=as_of,
        unit=unit,
        duties=tuple(
            sorted((_level_duty(d, unit) for d in decided), key=lambda d: (d.due, d.duty))
        ),
        explanation=Explanation(steps=steps),
        policy_fingerprint=policy.fingerprint,
    )

"""One customer in full (综合评定): qualification, grading, responsible unit and visit plan.

>>> import datetime
>>> from keyaccount_rules import Customer
>>> c = Customer(name="汕头某物流公司", scope="regional",
...              last_year_revenue={"logistics": 620000},
...              current_month_revenue={"logistics": 52000})
>>> e = evaluate(c, bureau_annual_revenue=1_000_000_000, as_of=datetime.date(2026, 11, 1))
>>> e.key_account, e.tier.value, e.unit.value, e.visits.contacts_per_month
(True, 'silver', 'county_center', 1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal, NamedTuple, overload

from keyaccount_rules.core.arguments import BureauRevenue, Day, Flag, checked
from keyaccount_rules.core.catalogue import step
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result
from keyaccount_rules.core.money import exact
from keyaccount_rules.core.vocabulary import Criterion, Level, Tier, Unit
from keyaccount_rules.policy import Policy, require, resolve_policy
from keyaccount_rules.policy.history import PolicyHistory
from keyaccount_rules.records.activity import Contact
from keyaccount_rules.records.customer import Customer
from keyaccount_rules.rules.archives import ArchiveStatus, archive_status
from keyaccount_rules.rules.grading import Grader, Grading, grade_with, grader
from keyaccount_rules.rules.levels import LevelDuties, LevelPlan, level_duties, level_plan
from keyaccount_rules.rules.qualification import (
    Qualification,
    checked_customer,
    decide_qualification,
    qualify,
)
from keyaccount_rules.rules.responsibility import Assignment, decide_unit, responsible_unit
from keyaccount_rules.rules.visits import (
    VisitCompliance,
    VisitRequirement,
    decide_requirement,
    visit_compliance,
    visit_requirement,
)

__all__ = ["Evaluation", "Evaluator", "Outcome", "evaluate"]


class Evaluation(Result):
    """The full evaluation of one customer; grading, assignment and visits are ``None`` for a
    customer that is not a key account (G-6)."""

    customer: Customer
    as_of: dt.date
    key_account: bool
    qualification: Qualification | None  # None: classed by level, not qualified (EDITION-2)
    grading: Grading | None
    assignment: Assignment | None
    visits: VisitRequirement | None
    archive_status: ArchiveStatus | None = None
    visit_compliance: VisitCompliance | None = None
    level: Level | None = None
    level_plan: LevelPlan | None = None
    level_duties: LevelDuties | None = None
    explanation: Explanation

    @property
    def outcome(self) -> Outcome:
        """The decisions of this evaluation without the text (what ``explain=False`` gives)."""
        return Outcome(
            self.customer.name,
            self.key_account,
            self.qualification.criteria if self.qualification else (),
            self.score,
            self.tier,
            self.unit,
            self.contacts_per_month,
            self.level,
        )

    @property
    def tier(self) -> Tier | None:
        """The tier of a key account, else ``None``."""
        return self.grading.tier if self.grading else None

    @property
    def score(self) -> Decimal | None:
        """The GRADE-3 score of a key account, else ``None``."""
        return self.grading.score if self.grading else None

    @property
    def unit(self) -> Unit | None:
        """The responsible unit of a key account (RESP-1, or LEVEL-1 by level), else ``None``."""
        if self.level_plan is not None:
            return self.level_plan.unit
        return self.assignment.unit if self.assignment else None

    @property
    def contacts_per_month(self) -> int | None:
        """Minimum contacts a month (VISIT-1) of a key account, else ``None``."""
        if self.level_plan is not None:
            return self.level_plan.contacts_per_month
        return self.visits.contacts_per_month if self.visits else None


class Outcome(NamedTuple):
    """The decisions of :func:`evaluate` without explanation text (``explain=False``).

    The same decisions as the :class:`Evaluation` of the same call, by the same code; for
    portfolios where nobody reads the steps. ``None`` for a customer that is not a key account.
    """

    name: str
    key_account: bool
    criteria: tuple[Criterion, ...]
    score: Decimal | None
    tier: Tier | None
    unit: Unit | None
    contacts_per_month: int | None
    level: Level | None = None


@overload
def evaluate(
    customer: Customer,
    *,
    bureau_annual_revenue: object,
    as_of: dt.date,
    special_diamond_approval: bool = ...,
    delegated_to: Unit | str | None = ...,
    specialised: bool = ...,
    refresh_dates: Iterable[dt.date] | None = ...,
    contact_dates: Iterable[dt.date | Contact] | None = ...,
    tracking_since: dt.date | None = ...,
    level: Level | str | None = ...,
    policy: Policy | PolicyHistory | None = ...,
    explain: Literal[True] = ...,
) -> Evaluation: ...
@overload
def evaluate(
    customer: Customer,
    *,
    bureau_annual_revenue: object,
    as_of: dt.date,
    special_diamond_approval: bool = ...,
    delegated_to: Unit | str | None = ...,
    specialised: bool = ...,
    refresh_dates: Iterable[dt.date] | None = ...,
    contact_dates: Iterable[dt.date | Contact] | None = ...,
    tracking_since: dt.date | None = ...,
    level: Level | str | None = ...,
    policy: Policy | PolicyHistory | None = ...,
    explain: Literal[False],
) -> Outcome: ...
@exact
def evaluate(
    customer: Customer,
    *,
    bureau_annual_revenue: object,
    as_of: dt.date,
    special_diamond_approval: bool = False,
    delegated_to: Unit | str | None = None,
    specialised: bool = False,
    refresh_dates: Iterable[dt.date] | None = None,
    contact_dates: Iterable[dt.date | Contact] | None = None,
    tracking_since: dt.date | None = None,
    level: Level | str | None = None,
    policy: Policy | PolicyHistory | None = None,
    explain: bool = True,
) -> Evaluation | Outcome:
    """Evaluate one customer (QUAL → GRADE → RESP → VISIT), with one combined explanation.

    Args:
        customer: the customer record.
        bureau_annual_revenue: the bureau's annual revenue (全局年收入), yuan (GRADE-2).
        as_of: the date of the evaluation (always passed in; the library has no clock).
        special_diamond_approval: the provincial centre's approval of GRADE-5.
        delegated_to: a RESP-2 delegation of a DIAMOND customer.
        specialised: the customer has a marked professional or regional character
            (专业特征、地域性明显), which RESP-2 requires of a delegated customer.
        refresh_dates: the customer's archive refreshes; when given, ``archive_status`` reports
            the ARCH-1..3 status on ``as_of`` (tracking from ``tracking_since`` if given).
        contact_dates: the account manager's contacts; when given, ``visit_compliance``
            checks the calendar month of ``as_of`` against VISIT-1.
        tracking_since: the first day archive refreshes are tracked (ARCH-2).
        level: the customer's level under a policy that classes key accounts by level (the
            ``liangshan`` edition, EDITION-2), as :func:`classify_levels` gives it or a county's
            designation: the customer is then a key account by level (PARETO-1/LEVEL-1), not
            qualified and not graded; its unit and visits come from the ``levels`` section, and
            ``refresh_dates``/``contact_dates`` give its month's duties (``level_duties``).
            Without a level the customer is qualified and graded, which needs the policy's
            ``qualification`` and ``grading`` sections (``MissingSectionError`` under
            ``liangshan``).
        policy: the policy to apply (default: the rulebook's), or a :class:`PolicyHistory`,
            from which the policy in force on ``as_of`` is applied.
        explain: ``False`` returns an :class:`Outcome`: the same decisions, no explanation
            text (what the command line and portfolio exports need). ``refresh_dates`` and
            ``contact_dates`` are not reported there.

    Raises:
        RuleInputError: a bad argument, named; see :func:`grade` and :func:`responsible_unit`.
            Every argument is checked, also for a customer that turns out not to qualify.
    """
    as_of = checked(Day, as_of, "as_of")
    if isinstance(policy, PolicyHistory):
        policy = policy.in_force(as_of)
    policy = resolve_policy(policy)
    if not checked(Flag, explain, "explain"):
        # the decisions only: the path of every portfolio row (Evaluator.outcome)
        return Evaluator(
            bureau_annual_revenue=bureau_annual_revenue,
            as_of=as_of,
            special_diamond_approval=special_diamond_approval,
            delegated_to=delegated_to,
            specialised=specialised,
            policy=policy,
        ).outcome(customer, level=level)
    if level is not None:
        # EDITION-2: classed by level (PARETO-1/LEVEL-1), not qualified, not graded.
        return _by_level(
            customer, as_of, level, bureau_annual_revenue, refresh_dates, contact_dates, policy
        )
    # GRADE-6 holds for every call, not only for customers that reach grading: a bad bureau
    # revenue must not pass silently just because the first customers do not qualify.
    g = grader(bureau_annual_revenue, policy=policy)
    approved: bool = checked(Flag, special_diamond_approval, "special_diamond_approval")
    marked: bool = checked(Flag, specialised, "specialised", rule="RESP-2")
    qualification = qualify(customer, policy=policy)
    steps = list(qualification.explanation)
    if not qualification.qualified:
        steps.append(step("G-6", "evaluation.not_key_account"))
        return Evaluation(
            customer=customer,
            as_of=as_of,
            key_account=False,
            qualification=qualification,
            grading=None,
            assignment=None,
            visits=None,
            explanation=Explanation(steps=tuple(steps)),
            policy_fingerprint=policy.fingerprint,
        )
    grading = grade_with(g, customer.annual_revenue, special_diamond_approval=approved)
    assignment = responsible_unit(
        grading.tier, customer.scope, delegated_to=delegated_to, specialised=marked, policy=policy
    )
    visits = visit_requirement(grading.tier, customer.scope, policy=policy)
    steps.extend(grading.explanation)
    steps.extend(assignment.explanation)
    steps.extend(visits.explanation)
    archive = None
    if refresh_dates is not None:
        archive = archive_status(
            grading.tier, refresh_dates, as_of, tracking_since=tracking_since, policy=policy
        )
        steps.extend(archive.explanation)
    compliance = None
    if contact_dates is not None:
        compliance = visit_compliance(
            grading.tier, customer.scope, contact_dates, as_of, policy=policy
        )
        steps.extend(compliance.explanation)
    return Evaluation(
        customer=customer,
        as_of=as_of,
        key_account=True,
        qualification=qualification,
        grading=grading,
        assignment=assignment,
        visits=visits,
        archive_status=archive,
        visit_compliance=compliance,
        explanation=Explanation(steps=tuple(steps)),
        policy_fingerprint=policy.fingerprint,
    )


def classes_by_level(policy: Policy) -> bool:
    """Whether ``policy`` classes key accounts by level rather than qualifying and grading them
    (the ``liangshan`` edition, EDITION-2): it has a ``levels`` section and no grading."""
    return policy.levels is not None and policy.grading is None


def unclassed(customer: Customer) -> Outcome:
    """EDITION-2 / PARETO-1: under a policy that classes by level, a customer neither selected
    (PARETO-1) nor designated by a county has no level and is not a key account."""
    return Outcome(customer.name, False, (), None, None, None, None, None)


def _by_level(
    customer: Customer,
    as_of: dt.date,
    level: Level | str,
    bureau_annual_revenue: object,
    refresh_dates: Iterable[dt.date] | None,
    contact_dates: Iterable[dt.date | Contact] | None,
    policy: Policy,
) -> Evaluation:
    """A customer under a policy that classes key accounts by level (EDITION-2, LEVEL-1)."""
    checked(BureauRevenue, bureau_annual_revenue, "bureau_annual_revenue")  # 001 grades nothing
    if not isinstance(customer, Customer):
        raise RuleInputError("customer", "must be a Customer", got=type(customer).__name__)
    plan = level_plan(level, policy=policy)
    steps = [step("EDITION-2", "editions.by_level", level=plan.level), *plan.explanation]
    duties = None
    if refresh_dates is not None or contact_dates is not None:
        duties = level_duties(
            plan.level,
            as_of,
            contacts=contact_dates or (),
            refreshes=refresh_dates or (),
            policy=policy,
        )
        steps.extend(s for s in duties.explanation if s not in plan.explanation)
    return Evaluation(
        customer=customer,
        as_of=as_of,
        key_account=True,
        qualification=None,
        grading=None,
        assignment=None,
        visits=None,
        level=plan.level,
        level_plan=plan,
        level_duties=duties,
        explanation=Explanation(steps=tuple(steps)),
        policy_fingerprint=policy.fingerprint,
    )


class Evaluator:
    """:func:`evaluate` with ``explain=False`` for many customers: arguments checked once.

    ``Evaluator(**arguments).outcome(customer, level=level)`` is
    ``evaluate(customer, **arguments, level=level, explain=False)``: the constructor makes
    :func:`evaluate`'s argument checks (a bad argument raises before any customer is
    evaluated) and :meth:`outcome` runs the decision functions :func:`evaluate` explains
    (QUAL → GRADE → RESP → VISIT, or LEVEL-1 for a customer classed by level). Portfolios
    and the command line evaluate every row through one evaluator. Immutable once built.

    >>> import datetime
    >>> from keyaccount_rules import Customer
    >>> run = Evaluator(bureau_annual_revenue=300_000_000, as_of=datetime.date(2026, 11, 1))
    >>> c = Customer(name="某公司", last_year_revenue={"express": 900_000},
    ...              current_month_revenue={"express": 80_000})
    >>> run.outcome(c).tier, run.outcome(c) == evaluate(c, **run.arguments, explain=False)
    (<Tier.GOLD: 'gold'>, True)
    """

    __slots__ = ("_approved", "_delegated_to", "_grader", "_specialised", "arguments", "policy")

    def __init__(
        self,
        *,
        bureau_annual_revenue: object,
        as_of: dt.date,
        special_diamond_approval: bool = False,
        delegated_to: Unit | str | None = None,
        specialised: bool = False,
        policy: Policy | PolicyHistory | None = None,
    ) -> None:
        as_of = checked(Day, as_of, "as_of")
        if isinstance(policy, PolicyHistory):
            policy = policy.in_force(as_of)
        self.policy = resolve_policy(policy)
        #: The arguments as :func:`evaluate` takes them (checked).
        self.arguments = {
            "bureau_annual_revenue": bureau_annual_revenue,
            "as_of": as_of,
            "special_diamond_approval": special_diamond_approval,
            "delegated_to": delegated_to,
            "specialised": specialised,
            "policy": self.policy,
        }
        # GRADE-6 holds for every call, not only for customers that reach grading. A policy
        # that classes by level has no grading (EDITION-2): its customers need a level, and
        # one without raises the missing section when it is evaluated (as evaluate does).
        self._grader: Grader | None = None
        if self.policy.grading is None:
            checked(BureauRevenue, bureau_annual_revenue, "bureau_annual_revenue")
        else:
            self._grader = grader(bureau_annual_revenue, policy=self.policy)
        self._approved: bool = checked(Flag, special_diamond_approval, "special_diamond_approval")
        self._specialised: bool = checked(Flag, specialised, "specialised", rule="RESP-2")
        self._delegated_to = delegated_to

    @exact
    def outcome(self, customer: Customer, *, level: Level | str | None = None) -> Outcome:
        """The decisions of one customer (see the class); ``level`` as in :func:`evaluate`."""
        policy = self.policy
        if level is not None:  # EDITION-2: classed by level (PARETO-1/LEVEL-1)
            if not isinstance(customer, Customer):
                raise RuleInputError("customer", "must be a Customer", got=type(customer).__name__)
            by_level = level_plan(level, policy=policy)
            unit, contacts = by_level.unit, by_level.contacts_per_month
            return Outcome(customer.name, True, (), None, None, unit, contacts, by_level.level)
        g = self._grader or grader(self.arguments["bureau_annual_revenue"], policy=policy)
        decision = decide_qualification(
            checked_customer(customer), require(policy, "qualification", policy.qualification)
        )
        if not decision.criteria:  # G-6: no tier, no unit, no visits
            return Outcome(customer.name, False, (), None, None, None, None)
        revenue = decision.comprehensive.year  # QUAL-2's annual sum is GRADE-1's revenue
        g.check(revenue, revenue)
        graded = g.decide_yuan(revenue)
        tier = Tier.DIAMOND if self._approved else graded.tier
        unit = decide_unit(
            tier,
            customer.scope,
            self._delegated_to,
            require(policy, "responsibility", policy.responsibility),
            self._specialised,
        )
        # VISIT-1, as visit_requirement decides it
        plan = decide_requirement(tier, customer.scope, require(policy, "visits", policy.visits))
        contacts = plan.contacts_per_month
        return Outcome(customer.name, True, decision.criteria, graded.score, tier, unit, contacts)

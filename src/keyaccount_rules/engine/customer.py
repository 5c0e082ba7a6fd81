"""One customer in full (综合评定): qualification, grading, responsible unit and visit plan.

:func:`decide_customer` is the one composition of the rule families for a customer — QUAL →
GRADE → RESP → VISIT, or, under a policy that classes key accounts by level, EDITION-2's
LEVEL-1 — over the run's :class:`~keyaccount_rules.records.facts.Facts`, giving a
:class:`CustomerDecision` of plain values. :func:`evaluate` explains that decision (each
family renders its steps from it and compares nothing again); :class:`Evaluator` returns it
without text, and :meth:`Evaluator.outcome` the :class:`Outcome` a portfolio row shows. So
``keyaccount-rules explain`` (``evaluate``) and ``keyaccount-rules evaluate`` (``Evaluator``)
run the same decision for the same row.

>>> import datetime
>>> from keyaccount_rules import Customer
>>> c = Customer(name="汕头某物流公司", scope="regional",
...              last_year_revenue={"logistics": 620000},
...              current_month_revenue={"logistics": 52000})
>>> e = evaluate(c, bureau_annual_revenue=1_000_000_000, as_of=datetime.date(2026, 11, 1))
>>> e.key_account, e.tier.value, e.unit.value, e.visits.contacts_per_month
(True, 'silver', 'county_center', 1)
>>> d = decide_customer(c, Facts.of(bureau_annual_revenue=1_000_000_000,
...                                 as_of=datetime.date(2026, 11, 1)))
>>> d.tier, d.unit, d.contacts_per_month, d.leader_visits_per_year
(<Tier.SILVER: 'silver'>, <Unit.COUNTY_CENTER: 'county_center'>, 1, (1, 2))
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal, NamedTuple, Unpack, overload

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    computed_field,
    model_validator,
)

from keyaccount_rules.core.arguments import Flag, checked
from keyaccount_rules.core.catalogue import step
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.money import exact
from keyaccount_rules.core.vocabulary import BusinessLine, Criterion, Level, Tier, Unit
from keyaccount_rules.policy import Policy, require
from keyaccount_rules.records.activity import Contact
from keyaccount_rules.records.customer import Customer
from keyaccount_rules.records.facts import FactArguments, Facts, fact_keywords
from keyaccount_rules.rules.archives import ArchiveStatus, archive_status
from keyaccount_rules.rules.grading import Grader, Grading, GradingDecision, grader_of
from keyaccount_rules.rules.levels import LevelDuties, LevelPlan, level_duties, level_plan
from keyaccount_rules.rules.qualification import (
    Qualification,
    QualificationDecision,
    checked_customer,
    decide_qualification,
    qualification_of,
)
from keyaccount_rules.rules.responsibility import Assignment, assignment_of, decide_unit
from keyaccount_rules.rules.visits import (
    Requirement,
    VisitCompliance,
    VisitRequirement,
    decide_requirement,
    requirement_of,
    visit_compliance,
)

__all__ = [
    "CustomerDecision",
    "EvaluateArguments",
    "Evaluation",
    "Evaluator",
    "Outcome",
    "classes_by_level",
    "decide_customer",
    "evaluate",
]


# --- the decision: plain values, no text ------------------------------------------------------


class CustomerDecision(NamedTuple):
    """Everything decided about one customer, as plain values (no text).

    ``qualification`` (QUAL-1..4's comparisons), ``grading`` (GRADE-1..5, with
    ``by_approval``) and ``visits`` (VISIT-1/2's plan) are the families' own decisions, kept
    so that :func:`evaluate` explains them without deciding again; ``level_plan`` is
    LEVEL-1's, for a customer classed by level (EDITION-2). A customer that is not a key
    account has no tier, unit or visits (G-6).
    """

    name: str
    key_account: bool
    criteria: tuple[Criterion, ...]
    professional_lines: frozenset[BusinessLine]
    qualification: QualificationDecision | None  # None: classed by level (EDITION-2)
    revenue: Decimal | None  # GRADE-1's revenue: QUAL-2's annual sum
    grading: GradingDecision | None
    tier: Tier | None
    unit: Unit | None
    delegated: bool
    visits: Requirement | None
    contacts_per_month: int | None
    leader_visits_per_year: tuple[int, int] | None
    level: Level | None = None
    level_plan: LevelPlan | None = None

    @property
    def score(self) -> Decimal | None:
        """The GRADE-3 score of a graded key account, else ``None``."""
        return None if self.grading is None else self.grading.score

    @property
    def by_approval(self) -> bool:
        """GRADE-5: the provincial centre's approval listed the customer as DIAMOND."""
        return self.grading is not None and self.grading.by_approval


def classes_by_level(policy: Policy) -> bool:
    """Whether ``policy`` classes key accounts by level rather than qualifying and grading them
    (the ``liangshan`` edition, EDITION-2): it has a ``levels`` section and no grading."""
    return policy.levels is not None and policy.grading is None


@exact
def decide_customer(
    customer: Customer, facts: Facts, *, level: Level | str | None = None
) -> CustomerDecision:
    """Decide one customer (综合评定): the only composition of QUAL → GRADE → RESP → VISIT.

    With a ``level`` (as :func:`~keyaccount_rules.classify_levels` or a county gives it), or
    under a policy that classes key accounts by level (EDITION-2), the customer is decided by
    level instead: a level makes it a key account with LEVEL-1's unit and contacts; no level
    makes it none. Otherwise QUAL-1..4 decide whether it is a key account (G-6: if not, nothing
    more), GRADE-1..5 its tier from QUAL-2's annual sum (with ``facts``' approval), RESP-1/2 its
    unit (with ``facts``' delegation) and VISIT-1/2 its visits.

    Raises:
        RuleInputError: ``customer`` is not a :class:`Customer`, an unknown ``level``, a
            revenue above the bureau's (GRADE-6) or a delegation RESP-2 does not allow.
        MissingSectionError: the policy lacks a section the decision needs.
    """
    return _compose(customer, facts, None, level)


def _compose(
    customer: Customer, facts: Facts, g: Grader | None, level: Level | str | None
) -> CustomerDecision:
    """:func:`decide_customer`'s body, given the run's grader when one is at hand."""
    customer = checked_customer(customer)
    policy = facts.policy
    if level is not None or classes_by_level(policy):
        return _by_level(customer.name, level, policy)
    qualification = decide_qualification(
        customer, require(policy, "qualification", policy.qualification)
    )
    if not qualification.criteria:  # G-6: no tier, no unit, no visits
        return CustomerDecision(
            customer.name, False, (), frozenset(), qualification, *_NOTHING_GRADED
        )
    revenue = qualification.comprehensive.year  # QUAL-2's annual sum is GRADE-1's revenue
    g = g or _grader(facts)
    g.check(revenue, revenue)
    grading = g.decide_grading(revenue, facts.special_diamond_approval)
    unit = decide_unit(
        grading.tier,
        customer.scope,
        facts.delegated_to,
        require(policy, "responsibility", policy.responsibility),
        facts.specialised,
    )
    visits = require(policy, "visits", policy.visits)
    plan = decide_requirement(grading.tier, customer.scope, visits)
    return CustomerDecision(
        customer.name,
        True,
        qualification.criteria,
        qualification.professional_lines,
        qualification,
        revenue,
        grading,
        grading.tier,
        unit,
        facts.delegated_to is not None,
        plan,
        plan.contacts_per_month,
        (plan.low, plan.high),
    )


def _grader(facts: Facts) -> Grader:
    """The run's grader: its bureau revenue is in the facts wherever the policy grades."""
    policy, bureau = facts.policy, facts.bureau_annual_revenue
    if bureau is None:  # Facts allows it only of a policy without grading: say so
        require(policy, "grading", policy.grading)
        raise AssertionError("Facts: a policy that grades has the bureau's revenue")
    return grader_of(bureau, policy)


#: revenue, grading, tier, unit, delegated, visits, contacts, leadership of a customer that
#: is not graded.
_NOTHING_GRADED = (None, None, None, None, False, None, None, None)


def _by_level(name: str, level: Level | str | None, policy: Policy) -> CustomerDecision:
    """EDITION-2: classed by level (PARETO-1/LEVEL-1), not qualified and not graded."""
    if level is None:  # neither selected (PARETO-1) nor designated by a county
        return CustomerDecision(name, False, (), frozenset(), None, *_NOTHING_GRADED)
    plan = level_plan(level, policy=policy)
    return CustomerDecision(
        name,
        True,
        (),
        frozenset(),
        None,
        None,
        None,
        None,
        plan.unit,
        False,
        None,
        plan.contacts_per_month,
        None,
        plan.level,
        plan,
    )


# --- the results --------------------------------------------------------------------------------


class Outcome(BaseModel):
    """The decisions of a row without explanation text (``explain=False``, the CLI's rows).

    :meth:`of` a :class:`CustomerDecision`; ``None`` for a customer that is not a key account.
    A frozen model: its JSON names every field and keeps the score exact (``"80.0"``), as a
    service returns it; positional or keyword construction.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="Customer name (客户名称).")
    key_account: bool = Field(description="Whether the customer is a key account (大客户).")
    criteria: tuple[Criterion, ...] = Field(description="The QUAL criteria met, in order.")
    score: Decimal | None = Field(description="GRADE-3 score, exact; null: not graded.")
    tier: Tier | None = Field(description="GRADE-4 tier (客户等级); null: not graded.")
    unit: Unit | None = Field(description="Responsible unit (责任单位, RESP-1/LEVEL-1).")
    contacts_per_month: int | None = Field(description="Minimum contacts a month (VISIT-1).")
    level: Level | None = Field(default=None, description="Level (大客户级别, EDITION-2).")

    def __init__(self, *values: Any, **fields: Any) -> None:
        names = list(type(self).model_fields)
        if len(values) > len(names):
            raise TypeError(f"Outcome takes at most {len(names)} positional values")
        super().__init__(**dict(zip(names, values, strict=False)), **fields)

    @classmethod
    def of(cls, decision: CustomerDecision) -> Outcome:
        """The outcome of a decision: the values a portfolio row shows."""
        grading = decision.grading
        return cls(
            name=decision.name,
            key_account=decision.key_account,
            criteria=decision.criteria,
            score=None if grading is None else grading.computed.score,
            tier=decision.tier,
            unit=decision.unit,
            contacts_per_month=decision.contacts_per_month,
            level=decision.level,
        )


def _labelled(code: Tier | Unit | Level | None) -> str | None:
    """A code with its Chinese label, as a notebook shows it: ``gold (黄金)``."""
    return None if code is None else f"{code.value} ({code.zh})"


#: The headline values of an :class:`Evaluation`, computed from its parts and written at the
#: top of its JSON; reading the JSON back checks them against the parts.
HEADLINE = ("tier", "score", "unit", "contacts_per_month")


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

    @model_validator(mode="wrap")
    @classmethod
    def _headline_matches(cls, data: Any, handler: ModelWrapValidatorHandler[Evaluation]) -> Any:
        # The JSON's headline (tier, score, unit, contacts_per_month) is computed, not stored:
        # read back, it is set aside, the parts are validated, and it must be what they give.
        if not isinstance(data, dict) or not any(name in data for name in HEADLINE):
            return handler(data)
        given = {name: data[name] for name in HEADLINE if name in data}
        made = handler({key: value for key, value in data.items() if key not in HEADLINE})
        shown = made.model_dump(mode="json", include=set(given))
        for name, value in given.items():
            if value != shown[name] and value != getattr(made, name):
                raise ValueError(
                    f"{name}: is {value!r} but the evaluation's parts give {shown[name]!r}"
                )
        return made

    def _repr_html_(self) -> str:
        """A notebook's summary: the customer's name, then the decisions that were made
        (key account, tier, unit, score, contacts a month, level, as of), then the steps;
        nothing that is ``None`` (a customer that is not a key account has no tier)."""
        shown: dict[str, object] = {
            "name": self.customer.name,
            "customer_id": self.customer.customer_id,
            "key_account": self.key_account,
            "tier": _labelled(self.tier),
            "unit": _labelled(self.unit),
            "score": self.score,
            "contacts_per_month": self.contacts_per_month,
            "level": _labelled(self.level),
            "as_of": self.as_of,
        }
        rows = "".join(
            f"<tr><th style='text-align:left'>{key}</th><td>{html.escape(str(value))}</td></tr>"
            for key, value in shown.items()
            if value is not None
        )
        steps = self.explanation._repr_html_()
        return f"<div><strong>Evaluation</strong><table>{rows}</table>{steps}</div>"

    @property
    def outcome(self) -> Outcome:
        """The decisions of this evaluation without the text (what ``explain=False`` gives)."""
        return Outcome(
            name=self.customer.name,
            key_account=self.key_account,
            criteria=self.qualification.criteria if self.qualification else (),
            score=self.score,
            tier=self.tier,
            unit=self.unit,
            contacts_per_month=self.contacts_per_month,
            level=self.level,
        )

    @computed_field(description="GRADE-4 tier (客户等级) of a key account; null otherwise.")  # type: ignore[prop-decorator]
    @property
    def tier(self) -> Tier | None:
        """The tier of a key account, else ``None``."""
        return self.grading.tier if self.grading else None

    @computed_field(description="GRADE-3 score, exact, of a key account; null otherwise.")  # type: ignore[prop-decorator]
    @property
    def score(self) -> Decimal | None:
        """The GRADE-3 score of a key account, else ``None``."""
        return self.grading.score if self.grading else None

    @computed_field(description="Responsible unit (责任单位) of a key account; null otherwise.")  # type: ignore[prop-decorator]
    @property
    def unit(self) -> Unit | None:
        """The responsible unit of a key account (RESP-1, or LEVEL-1 by level), else ``None``."""
        if self.level_plan is not None:
            return self.level_plan.unit
        return self.assignment.unit if self.assignment else None

    @computed_field(description="Minimum contacts a month (VISIT-1); null: not a key account.")  # type: ignore[prop-decorator]
    @property
    def contacts_per_month(self) -> int | None:
        """Minimum contacts a month (VISIT-1) of a key account, else ``None``."""
        if self.level_plan is not None:
            return self.level_plan.contacts_per_month
        return self.visits.contacts_per_month if self.visits else None


# --- explain ∘ decide ---------------------------------------------------------------------------


class EvaluateArguments(FactArguments, total=False):
    """:func:`evaluate`'s keyword arguments: the facts of the run, then the customer's own."""

    refresh_dates: Iterable[dt.date] | None
    contact_dates: Iterable[dt.date | Contact] | None
    tracking_since: dt.date | None
    level: Level | str | None


_OWN = ("refresh_dates", "contact_dates", "tracking_since", "level")


@overload
def evaluate(
    customer: Customer,
    facts: Facts | None = ...,
    /,
    *,
    explain: Literal[True] = ...,
    **arguments: Unpack[EvaluateArguments],
) -> Evaluation: ...
@overload
def evaluate(
    customer: Customer,
    facts: Facts | None = ...,
    /,
    *,
    explain: Literal[False],
    **arguments: Unpack[EvaluateArguments],
) -> Outcome: ...
@fact_keywords(EvaluateArguments)
@exact
def evaluate(
    customer: Customer,
    facts: Facts | None = None,
    /,
    *,
    explain: bool = True,
    **arguments: Unpack[EvaluateArguments],
) -> Evaluation | Outcome:
    """Evaluate one customer (QUAL → GRADE → RESP → VISIT), with one combined explanation.

    The facts of the run — ``as_of``, ``bureau_annual_revenue``, ``policy`` (a Policy, an
    edition's name or a :class:`PolicyHistory`, whose policy in force on ``as_of`` applies),
    ``special_diamond_approval`` (GRADE-5), ``delegated_to`` and ``specialised`` (RESP-2) —
    are keyword arguments (:class:`~keyaccount_rules.records.facts.Facts`), or a ``Facts``
    made earlier, passed second. Then the customer's own:

    - ``refresh_dates``: the archive refreshes; when given, ``archive_status`` reports the
      ARCH-1..3 status on ``as_of`` (tracking from ``tracking_since`` if given).
    - ``contact_dates``: the account manager's contacts; when given, ``visit_compliance``
      checks the calendar month of ``as_of`` against VISIT-1.
    - ``level``: the customer's level under a policy that classes key accounts by level (the
      ``liangshan`` edition, EDITION-2): the customer is then a key account by level
      (PARETO-1/LEVEL-1), not qualified and not graded; its unit and visits come from the
      ``levels`` section, and the dates give its month's duties (``level_duties``). Under
      such a policy a customer without a level is not a key account.

    ``explain=False`` returns the :class:`Outcome` of the same decision, with no text (the
    dates are not reported there). The decision is :func:`decide_customer`'s; the text is
    each family's explanation of it.

    Raises:
        RuleInputError: a bad argument, named and citing its rule (the message every entry
            point gives for it); see :func:`decide_customer`. The facts are checked for every
            customer, also one that turns out not to qualify.
        TypeError: ``as_of`` missing or an unknown keyword.
    """
    given: dict[str, Any] = dict(arguments)
    own = {name: given.pop(name, None) for name in _OWN}
    run = Facts.of(facts, **given)
    decision = decide_customer(customer, run, level=own["level"])
    if not checked(Flag, explain, "explain"):
        return Outcome.of(decision)
    return explain_customer(
        customer,
        decision,
        run,
        refresh_dates=own["refresh_dates"],
        contact_dates=own["contact_dates"],
        tracking_since=own["tracking_since"],
    )


def explain_customer(
    customer: Customer,
    decision: CustomerDecision,
    facts: Facts,
    *,
    refresh_dates: Iterable[dt.date] | None = None,
    contact_dates: Iterable[dt.date | Contact] | None = None,
    tracking_since: dt.date | None = None,
) -> Evaluation:
    """The :class:`Evaluation` of a decision: each family's result, explained from it."""
    policy = facts.policy
    if decision.qualification is None:  # EDITION-2: by level
        return _explain_by_level(customer, decision, facts, refresh_dates, contact_dates)
    qualification = qualification_of(decision.qualification, policy)
    steps: list[Step] = list(qualification.explanation)
    if not decision.key_account:
        steps.append(step("G-6", "evaluation.not_key_account"))
        return _evaluation(customer, facts, steps, qualification=qualification)
    # a key account graded by decide_customer has all of these
    assert decision.grading is not None
    assert decision.revenue is not None
    assert decision.tier is not None
    assert decision.unit is not None
    assert decision.visits is not None
    grading = _grader(facts).result(decision.revenue, decision.grading)
    assignment = assignment_of(
        decision.tier, customer.scope, decision.unit, decision.delegated, policy
    )
    visits = requirement_of(decision.visits, policy)
    steps.extend((*grading.explanation, *assignment.explanation, *visits.explanation))
    archive = None
    if refresh_dates is not None:
        archive = archive_status(
            decision.tier, refresh_dates, facts.as_of, tracking_since=tracking_since, policy=policy
        )
        steps.extend(archive.explanation)
    compliance = None
    if contact_dates is not None:
        compliance = visit_compliance(
            decision.tier, customer.scope, contact_dates, facts.as_of, policy=policy
        )
        steps.extend(compliance.explanation)
    return _evaluation(
        customer,
        facts,
        steps,
        key_account=True,
        qualification=qualification,
        grading=grading,
        assignment=assignment,
        visits=visits,
        archive_status=archive,
        visit_compliance=compliance,
    )


def _explain_by_level(
    customer: Customer,
    decision: CustomerDecision,
    facts: Facts,
    refresh_dates: Iterable[dt.date] | None,
    contact_dates: Iterable[dt.date | Contact] | None,
) -> Evaluation:
    """A customer decided by level (EDITION-2, LEVEL-1), or not classed at all."""
    plan = decision.level_plan
    if plan is None:
        return _evaluation(customer, facts, [step("EDITION-2", "editions.unclassed")])
    steps = [step("EDITION-2", "editions.by_level", level=plan.level), *plan.explanation]
    duties = None
    if refresh_dates is not None or contact_dates is not None:
        duties = level_duties(
            plan.level,
            facts.as_of,
            contacts=contact_dates or (),
            refreshes=refresh_dates or (),
            policy=facts.policy,
        )
        steps.extend(s for s in duties.explanation if s not in plan.explanation)
    return _evaluation(
        customer,
        facts,
        steps,
        key_account=True,
        level=plan.level,
        level_plan=plan,
        level_duties=duties,
    )


def _evaluation(customer: Customer, facts: Facts, steps: list[Step], **fields: Any) -> Evaluation:
    values: dict[str, Any] = {
        "key_account": False,
        "qualification": None,
        "grading": None,
        "assignment": None,
        "visits": None,
        **fields,
    }
    return Evaluation(
        customer=customer,
        as_of=facts.as_of,
        explanation=Explanation(steps=tuple(steps)),
        policy_fingerprint=facts.policy.fingerprint,
        **values,
    )


# --- decide only ------------------------------------------------------------------------------


@fact_keywords(FactArguments)
class Evaluator:
    """The decisions of many customers under one run's facts, checked once; no text.

    ``Evaluator(**facts)`` takes :func:`evaluate`'s facts (or a ``Facts``): a bad one raises
    before any customer is decided. :meth:`decide` is :func:`decide_customer`, the decision
    :func:`evaluate` explains; :meth:`outcome` its :class:`Outcome`, what portfolios and the
    command line write. Immutable once built.

    >>> import datetime
    >>> from keyaccount_rules import Customer
    >>> run = Evaluator(bureau_annual_revenue=300_000_000, as_of=datetime.date(2026, 11, 1))
    >>> c = Customer(name="某公司", last_year_revenue={"express": 900_000},
    ...              current_month_revenue={"express": 80_000})
    >>> run.outcome(c).tier, run.outcome(c) == evaluate(c, run.facts, explain=False)
    (<Tier.GOLD: 'gold'>, True)
    """

    __slots__ = ("_grader", "facts")
    facts: Facts
    _grader: Grader | None

    def __init__(self, facts: Facts | None = None, /, **arguments: Unpack[FactArguments]) -> None:
        run = Facts.of(facts, **arguments)
        object.__setattr__(self, "facts", run)
        # the run's one grader, found once (a policy that grades nothing has none)
        graded = run.policy.grading is not None
        object.__setattr__(self, "_grader", _grader(run) if graded else None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Evaluator is immutable: cannot set {name!r}")

    @property
    def policy(self) -> Policy:
        """The policy the run applies (the one in force on ``as_of``)."""
        return self.facts.policy

    @property
    def arguments(self) -> dict[str, Any]:
        """The facts as :func:`evaluate`'s keyword arguments (checked)."""
        f = self.facts
        return {
            "bureau_annual_revenue": f.bureau_annual_revenue,
            "as_of": f.as_of,
            "special_diamond_approval": f.special_diamond_approval,
            "delegated_to": f.delegated_to,
            "specialised": f.specialised,
            "policy": f.policy,
        }

    @exact
    def decide(self, customer: Customer, *, level: Level | str | None = None) -> CustomerDecision:
        """:func:`decide_customer` of one customer under this run's facts."""
        return _compose(customer, self.facts, self._grader, level)

    @exact
    def outcome(self, customer: Customer, *, level: Level | str | None = None) -> Outcome:
        """The :class:`Outcome` of one customer's decision; ``level`` as in :func:`evaluate`."""
        return Outcome.of(_compose(customer, self.facts, self._grader, level))

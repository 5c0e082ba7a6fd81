"""What it would take (还差多少): the smallest change of one input that reaches a target.

Targets: qualify as a key account (QUAL-1..4), reach a tier (GRADE-1..4), or keep a tier held
now against a fall. Each input a caller may move — a line's previous-year revenue, a line's
current-month revenue, the newspaper turnovers — is answered on its own, in closed form from
the policy's tables:

- qualification: each criterion is two comparisons "amount ≥ threshold" (QUAL-2's sums,
  QUAL-3/4's line), so moving one input meets it from ``threshold − amount`` on, or never;
- grading: the tier is a step function of the annual revenue R whose breakpoints are the
  GRADE-1 bounds and the GRADE-2 share bounds ⌈n·B/d⌉ (the one :class:`Grader`'s table), so
  the least R with a tier at or above the target is the first breakpoint whose row reaches
  the cutoff; GRADE-6 caps R at the bureau's revenue.

The answer is the larger of the two (the smaller for a fall); every answer is then checked by
:func:`~keyaccount_rules.engine.customer.decide_customer`, the one decision, at the answer and
one fen beyond it, so the closed form never decides alone.

>>> import datetime as dt
>>> from keyaccount_rules import Customer, Tier
>>> c = Customer(name="某公司", last_year_revenue={"express": 900_000},
...              current_month_revenue={"express": 80_000})
>>> w = what_it_takes(c, Tier.DIAMOND, bureau_annual_revenue=300_000_000,
...                   as_of=dt.date(2026, 11, 1))
>>> w.reachable, w.changes[0].field, w.changes[0].by, w.changes[0].to
(True, 'last_year_revenue.savings_remittance', Decimal('100000.00'), Decimal('100000.00'))
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from keyaccount_rules.core.arguments import checked
from keyaccount_rules.core.catalogue import step, words
from keyaccount_rules.core.errors import InvalidValueError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.money import CONTEXT, Amount, exact, format_yuan
from keyaccount_rules.core.vocabulary import BusinessLine, Tier
from keyaccount_rules.engine.customer import Evaluation, decide_customer
from keyaccount_rules.policy import Policy, require
from keyaccount_rules.policy.history import PolicyGiven
from keyaccount_rules.records.customer import Customer
from keyaccount_rules.records.facts import Facts
from keyaccount_rules.rules.grading import Grader, grader_of
from keyaccount_rules.rules.qualification import checked_customer

__all__ = ["Needed", "Target", "WhatItTakes", "what_it_takes"]

#: No amount of this input reaches (or, for a fall, loses) it.
_NEVER = 1 << 128

#: ``"key_account"``, a :class:`Tier` (reach it) or ``("keep", Tier)``.
Target = str | Tier | tuple[str, Tier | str]


class Needed(BaseModel):
    """One input's smallest change that reaches the target on its own (a fall: the largest
    that keeps it, negative), in yuan exact to the fen; ``rule`` is the rule that binds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str = Field(description="The input, dotted: last_year_revenue.express.")
    by: Decimal = Field(description="The change in yuan (negative: the largest fall kept).")
    to: Decimal = Field(description="The input's value after the change.")
    rule: str = Field(description="The rule whose bound decides the answer.")


class WhatItTakes(Result):
    """What it would take: per input the smallest change reaching the target, or why not."""

    target: Literal["key_account", "tier", "keep"]
    tier: Tier | None = Field(description="The tier to reach or keep; None for key_account.")
    reached: bool = Field(description="The target holds already (nothing to change to reach).")
    reachable: bool
    changes: tuple[Needed, ...]
    reason: str | None = Field(default=None, description="Why it cannot be reached (English).")
    reason_zh: str | None = Field(default=None, description="Why not, in Chinese.")
    explanation: Explanation


class _Input(NamedTuple):
    """An input the caller may move: which amounts of the decision it enters."""

    field: str
    fen: int
    grading: bool  # it is part of R (GRADE-1/2) and QUAL-2's year sum
    month_sum: bool  # part of QUAL-2's current-month sum
    line: BusinessLine | None  # the QUAL-3/4 line whose amount it is
    month: bool  # that amount is the current month's (else the previous year's)


class _Criterion(NamedTuple):
    """One QUAL criterion as two comparisons (amount, threshold), in fen."""

    rule: str
    year: tuple[int, int]
    month: tuple[int, int]
    line: BusinessLine | None  # None: QUAL-2's sums


def _fen(amount: Decimal) -> int:
    return int(amount.scaleb(2, CONTEXT))


def _yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2, CONTEXT)


def _inputs(customer: Customer) -> list[_Input]:
    """Every input a caller may move, in order: each line's previous year, each line's current
    month, then the newspaper turnovers (QUAL-4: the newspaper line's own test)."""
    year, month = customer.last_year_revenue, customer.current_month_revenue
    zero = Decimal("0.00")
    news = BusinessLine.NEWSPAPERS
    found = []
    for line in BusinessLine:
        own = None if line is news else line  # newspapers: their revenue enters the sums only
        found.append(
            _Input(
                f"last_year_revenue.{line.value}",
                _fen(year.get(line, zero)),
                grading=True,
                month_sum=False,
                line=own,
                month=False,
            )
        )
    for line in BusinessLine:
        own = None if line is news else line
        found.append(
            _Input(
                f"current_month_revenue.{line.value}",
                _fen(month.get(line, zero)),
                grading=False,
                month_sum=True,
                line=own,
                month=True,
            )
        )
    for name, amount, in_month in (
        ("newspaper_turnover_last_year", customer.newspaper_turnover_last_year, False),
        ("newspaper_turnover_current_month", customer.newspaper_turnover_current_month, True),
    ):
        found.append(
            _Input(name, _fen(amount), grading=False, month_sum=False, line=news, month=in_month)
        )
    return found


def _criteria(customer: Customer, policy: Policy) -> list[_Criterion]:
    rules = require(policy, "qualification", policy.qualification)
    comp = rules.comprehensive
    found = [
        _Criterion(
            "QUAL-2",
            (_fen(customer.annual_revenue), _fen(comp.last_year)),
            (_fen(customer.current_month_total), _fen(comp.current_month)),
            None,
        )
    ]
    zero = Decimal("0.00")
    for line, threshold in rules.lines.items():
        if line is BusinessLine.NEWSPAPERS:
            rule = "QUAL-4"
            year = customer.newspaper_turnover_last_year
            month = customer.newspaper_turnover_current_month
        else:
            rule = "QUAL-3"
            year = customer.last_year_revenue.get(line, zero)
            month = customer.current_month_revenue.get(line, zero)
        found.append(
            _Criterion(
                rule,
                (_fen(year), _fen(threshold.last_year)),
                (_fen(month), _fen(threshold.current_month)),
                line,
            )
        )
    return found


def _moves(moved: _Input, criterion: _Criterion, month: bool) -> bool:
    """Whether ``moved`` enters the year (``month`` False) or month side of ``criterion``."""
    if criterion.line is None:
        return moved.month_sum if month else moved.grading
    return moved.line is criterion.line and moved.month is month


def _reach_qualification(moved: _Input, criteria: list[_Criterion]) -> tuple[int, str]:
    """The least rise of ``moved`` meeting some criterion, and that criterion's rule."""
    best, rule = _NEVER, "QUAL-2"
    for c in criteria:
        need = 0
        for side, (amount, threshold) in ((False, c.year), (True, c.month)):
            if _moves(moved, c, side):
                need = max(need, threshold - amount)
            elif amount < threshold:
                need = _NEVER
        if c.line is not None and not (c.year[0] or c.month[0]):
            # a line without business is not compared (QUAL-3): moving its amount gives it some
            entered = _moves(moved, c, False) or _moves(moved, c, True)
            need = max(need, 1) if entered else _NEVER
        if need < best:
            best, rule = need, c.rule
    return best, rule


def _keep_qualification(moved: _Input, criteria: list[_Criterion]) -> tuple[int, str]:
    """The largest fall of ``moved`` that still meets some criterion (negative: none now)."""
    best, rule = -1, "QUAL-2"
    for c in criteria:
        slack = _NEVER
        for side, (amount, threshold) in ((False, c.year), (True, c.month)):
            if _moves(moved, c, side):
                slack = min(slack, amount - threshold)
            elif amount < threshold:
                slack = -1
        if c.line is not None:
            # a line left without business is not compared (QUAL-3): one fen must stay
            for side, other in ((False, c.month[0]), (True, c.year[0])):
                if _moves(moved, c, side) and not other:
                    slack = min(slack, (c.month if side else c.year)[0] - 1)
            if not (c.year[0] or c.month[0]):
                slack = -1
        if slack > best:
            best, rule = slack, c.rule
    return best, rule


def _least_revenue(g: Grader, tier: Tier) -> int | None:
    """The least annual revenue in fen whose GRADE-4 tier reaches ``tier``: the first
    breakpoint of the grader's table (GRADE-1 and GRADE-2 bounds) whose row reaches it."""
    for start, decision in zip((0, *g.bounds_fen), g.decisions, strict=True):
        if decision.tier.rank >= tier.rank:
            return start
    return None


def _target_value(target: object) -> tuple[Literal["key_account", "tier", "keep"], Tier | None]:
    if target == "key_account":
        return "key_account", None
    kind: Literal["tier", "keep"] = "tier"
    value = target
    if isinstance(target, tuple) and len(target) == 2 and target[0] == "keep":
        kind, value = "keep", target[1]
    if isinstance(value, Tier):
        return kind, value
    if isinstance(value, str) and value in {t.value for t in Tier}:
        return kind, Tier(value)
    raise ValueError("must be 'key_account', a Tier (reach it) or ('keep', Tier)")


#: The ``target`` argument: ``"key_account"``, a tier or its code, or ``("keep", tier)``.
TargetArgument = Annotated[Any, PlainValidator(_target_value)]


def _evaluated_under(fingerprint: str) -> Any:
    """The ``customer`` argument: a :class:`Customer`, or an :class:`Evaluation` made under the
    policy of fingerprint ``fingerprint`` (its customer is taken)."""

    def validate(value: object) -> Customer:
        if isinstance(value, Evaluation):
            if value.policy_fingerprint != fingerprint:
                raise InvalidValueError(
                    "is an evaluation made under another policy than the one in force on as_of",
                    got=value.customer.name,
                )
            return value.customer
        return checked_customer(value)  # type: ignore[arg-type]

    return Annotated[Any, PlainValidator(validate)]


def _holds(customer: Customer, facts: Facts, tier: Tier | None) -> bool:
    """The one decision (:func:`decide_customer`) says the target holds for ``customer``."""
    decision = decide_customer(customer, facts)
    if tier is None:
        return decision.key_account
    return decision.tier is not None and decision.tier.rank >= tier.rank


def _moved(customer: Customer, moved: _Input, fen: int) -> Customer:
    """``customer`` with ``moved`` set to ``fen``."""
    data: dict[str, Any] = customer.model_dump()
    amount = _yuan(fen)
    if "." in moved.field:
        name, line = moved.field.split(".")
        data[name] = {**data[name], BusinessLine(line): amount}
    else:
        data[moved.field] = amount
    return Customer.model_validate(data)


@exact
def what_it_takes(
    customer: Customer | Any,
    target: Target,
    *,
    bureau_annual_revenue: Amount,
    as_of: dt.date,
    policy: PolicyGiven = None,
) -> WhatItTakes:
    """The smallest change of each input that reaches ``target`` on its own (还差多少).

    Args:
        customer: the :class:`Customer`, or an :class:`Evaluation` of it (its customer is
            used; it must have been made under the policy in force on ``as_of``).
        target: ``"key_account"`` (QUAL-1..4), a :class:`Tier` or its code (reach at least
            that tier, GRADE-4), or ``("keep", tier)``: the largest fall of each input that
            keeps the customer a key account at that tier or above.
        bureau_annual_revenue, as_of, policy: the facts of the run, as :func:`evaluate`.

    Each :class:`Needed` moves one input: moving it by ``by`` reaches the target and one fen
    less does not (for a fall: one fen more loses it, or the input is already at zero).
    No special approval is assumed: GRADE-5 is named as the only way where revenue cannot
    reach DIAMOND.

    Raises:
        RuleInputError: a bad target, customer or fact (named, as :func:`evaluate` names it).
        MissingSectionError: the policy does not qualify or grade (EDITION-2 classes by level).
    """
    facts = Facts.of(bureau_annual_revenue=bureau_annual_revenue, as_of=as_of, policy=policy)
    pol = facts.policy
    customer = checked(_evaluated_under(pol.fingerprint), customer, "customer")
    kind, tier = checked(TargetArgument, target, "target")
    require(pol, "qualification", pol.qualification)
    if tier is not None:
        require(pol, "grading", pol.grading)
    now = decide_customer(customer, facts)  # GRADE-6 and the rest checked here, named
    assert facts.bureau_annual_revenue is not None  # a policy that grades has it (Facts)
    g = grader_of(facts.bureau_annual_revenue, pol)
    held = _holds(customer, facts, tier)
    steps: list[Step] = [_now_step(now.key_account, now.tier, customer)]
    least = None if tier is None else _least_revenue(g, tier)
    if tier is not None:
        steps.append(_bound_step(g, tier, least))
    if kind == "keep":
        assert tier is not None
        if not held:
            why = step("GRADE-4", "what_it_takes.not_held", tier=tier)
            return _result(kind, tier, False, (), steps, why, pol)
        changes = _falls(customer, facts, g, tier, least, steps)
        return _result(kind, tier, True, changes, steps, None, pol, reached=True)
    if held:
        rule = now.criteria[0].rule if tier is None else "GRADE-4"
        steps.append(step(rule, "what_it_takes.reached", target=_target_words(tier)))
        return _result(kind, tier, True, (), steps, None, pol, reached=True)
    changes = _rises(customer, facts, g, tier, least, steps)
    if changes:
        return _result(kind, tier, True, changes, steps, None, pol)
    return _result(kind, tier, False, (), steps, _why_not(customer, pol, g, tier, least), pol)


def _rises(
    customer: Customer,
    facts: Facts,
    g: Grader,
    tier: Tier | None,
    least: int | None,
    steps: list[Step],
) -> tuple[Needed, ...]:
    """Each input's least rise reaching the target (a key account, or ``tier`` and above):
    the larger of what qualification needs and what grading needs, within GRADE-6."""
    criteria = _criteria(customer, facts.policy)
    revenue = _fen(customer.annual_revenue)
    computed = g.decide(revenue).tier
    changes = []
    for moved in _inputs(customer):
        rise, rule = _reach_qualification(moved, criteria)
        if customer.has_agreement:  # QUAL-1 holds whatever the revenue
            rise, rule = 0, "QUAL-1"
        if tier is not None:
            if moved.grading:
                need = _NEVER if least is None else max(0, least - revenue)
                if need > rise or (need == rise and need > 0):
                    rise, rule = need, "GRADE-4"
            elif computed.rank < tier.rank:
                rise = _NEVER  # the tier needs more revenue, which this input is not
        if rise >= _NEVER or (moved.grading and revenue + rise > g.bureau_fen):
            continue  # GRADE-6: no customer's revenue exceeds the bureau's
        _check_reach(customer, facts, tier, moved, rise)
        changes.append(
            Needed(field=moved.field, by=_yuan(rise), to=_yuan(moved.fen + rise), rule=rule)
        )
        steps.append(
            step(
                rule,
                "what_it_takes.needed",
                field=moved.field,
                by=format_yuan(_yuan(rise)),
                to=format_yuan(_yuan(moved.fen + rise)),
                target=_target_words(tier),
            )
        )
    return tuple(changes)


def _falls(
    customer: Customer,
    facts: Facts,
    g: Grader,
    tier: Tier,
    least: int | None,
    steps: list[Step],
) -> tuple[Needed, ...]:
    """Each input's largest fall keeping ``tier`` and above: the smaller of what qualification
    and grading allow, never below zero."""
    criteria = _criteria(customer, facts.policy)
    revenue = _fen(customer.annual_revenue)
    changes = []
    for moved in _inputs(customer):
        if moved.fen <= 0:
            continue
        fall, rule = _keep_qualification(moved, criteria)
        if customer.has_agreement:  # QUAL-1 holds whatever the revenue
            fall, rule = _NEVER, "QUAL-1"
        if moved.grading:
            assert least is not None  # the tier is held, so some revenue reaches it
            if revenue - least < fall:
                fall, rule = revenue - least, "GRADE-4"
        floor = moved.fen <= fall  # the input may fall to zero
        fall = min(fall, moved.fen)
        _check_keep(customer, facts, tier, moved, fall, floor)
        changes.append(
            Needed(field=moved.field, by=_yuan(-fall), to=_yuan(moved.fen - fall), rule=rule)
        )
        steps.append(
            step(
                rule,
                "what_it_takes.keep_floor" if floor else "what_it_takes.keep",
                field=moved.field,
                fall=format_yuan(_yuan(fall)),
                to=format_yuan(_yuan(moved.fen - fall)),
                tier=tier,
            )
        )
    return tuple(changes)


def _check_reach(
    customer: Customer, facts: Facts, tier: Tier | None, moved: _Input, rise: int
) -> None:
    """The one decision agrees: the target holds at the answer and not one fen less."""
    if not _holds(_moved(customer, moved, moved.fen + rise), facts, tier) or (
        rise > 0 and _holds(_moved(customer, moved, moved.fen + rise - 1), facts, tier)
    ):
        raise AssertionError(
            f"what_it_takes: {moved.field} +{rise} fen disagrees with the decision"
        )


def _check_keep(
    customer: Customer, facts: Facts, tier: Tier, moved: _Input, fall: int, floor: bool
) -> None:
    """The one decision agrees: the tier holds after the fall and not one fen further."""
    if not _holds(_moved(customer, moved, moved.fen - fall), facts, tier) or (
        not floor and _holds(_moved(customer, moved, moved.fen - fall - 1), facts, tier)
    ):
        raise AssertionError(
            f"what_it_takes: {moved.field} -{fall} fen disagrees with the decision"
        )


def _target_words(tier: Tier | None) -> Any:
    if tier is None:
        return words("what_it_takes.key_account")
    return words("what_it_takes.tier", tier=tier)


def _now_step(key_account: bool, tier: Tier | None, customer: Customer) -> Step:
    revenue = format_yuan(customer.annual_revenue)
    if not key_account or tier is None:
        return step("G-6", "what_it_takes.now_none", revenue=revenue)
    return step("GRADE-4", "what_it_takes.now", tier=tier, revenue=revenue)


def _bound_step(g: Grader, tier: Tier, least: int | None) -> Step:
    if least is None:
        return step("GRADE-4", "what_it_takes.no_bound", tier=tier)
    d = g.decide(least)
    return step(
        "GRADE-4",
        "what_it_takes.bound",
        tier=tier,
        bound=format_yuan(_yuan(least)),
        revenue_points=d.revenue_points,
        share_points=d.share_points,
        score=d.score,
    )


def _why_not(
    customer: Customer, policy: Policy, g: Grader, tier: Tier | None, least: int | None
) -> Step:
    if tier is not None and (least is None or least > g.bureau_fen):
        top = g.decide(g.bureau_fen)
        key = "what_it_takes.approval_only" if tier is Tier.DIAMOND else "what_it_takes.bureau_caps"
        return step(
            "GRADE-5" if tier is Tier.DIAMOND else "GRADE-6",
            key,
            tier=tier,
            bureau=g.bureau_shown,
            score=top.score,
            computed=top.tier,
        )
    rules = require(policy, "qualification", policy.qualification)
    comp = rules.comprehensive
    return step(
        "QUAL-2",
        "what_it_takes.two_inputs",
        year=format_yuan(customer.annual_revenue),
        year_min=format_yuan(comp.last_year),
        month=format_yuan(customer.current_month_total),
        month_min=format_yuan(comp.current_month),
    )


def _result(
    kind: Literal["key_account", "tier", "keep"],
    tier: Tier | None,
    reachable: bool,
    changes: tuple[Needed, ...],
    steps: list[Step],
    reason: Step | None,
    policy: Policy,
    *,
    reached: bool = False,
) -> WhatItTakes:
    if reason is not None:
        steps.append(reason)
    return WhatItTakes(
        target=kind,
        tier=tier,
        reached=reached,
        reachable=reachable,
        changes=changes,
        reason=None if reason is None else reason.text,
        reason_zh=None if reason is None else reason.text_zh,
        explanation=Explanation(steps=tuple(steps)),
        policy_fingerprint=policy.fingerprint,
    )

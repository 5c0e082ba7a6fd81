"""责任单位: which unit is responsible for a key account (RESP-1..2).

>>> from keyaccount_rules import Tier, Scope
>>> responsible_unit(Tier.GOLD, Scope.REGIONAL).unit.value
'county_center'
"""

from __future__ import annotations

from keyaccount_rules.core.arguments import Flag, as_enum, checked
from keyaccount_rules.core.catalogue import step
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.vocabulary import Scope, Tier, Unit
from keyaccount_rules.policy import Policy, ResponsibilityPolicy, require, resolve_policy

__all__ = ["Assignment", "assignment_of", "decide_unit", "explain_unit", "responsible_unit"]


class Assignment(Result):
    """The responsible unit of a customer and why (RESP-1, RESP-2)."""

    tier: Tier
    scope: Scope
    unit: Unit
    delegated: bool
    explanation: Explanation


def decide_unit(
    tier: Tier,
    scope: Scope,
    delegated_to: Unit | None,
    table: ResponsibilityPolicy,
    specialised: bool = False,
) -> Unit:
    """RESP-1's table cell, or the RESP-2 delegate (checked against the policy): no text.

    RESP-2 (002 (五)1 「专业特征、地域性明显的钻石客户可由省局市场部授权委托相关省专业公司(局)、
    地市局开发管理」): only a customer of a delegable tier that the caller marks ``specialised``
    may be delegated, and only to one of the policy's ``delegates``. ``delegated_to`` is a
    :class:`Unit` already (validated at the boundary).
    """
    if delegated_to is None:
        return table.table[tier][scope]
    delegate = delegated_to
    if tier not in table.delegable_tiers:
        allowed = ", ".join(sorted(t.value for t in table.delegable_tiers))
        raise RuleInputError(
            "delegated_to",
            f"only a {allowed} customer may be delegated, not a {tier.value} one",
            got=delegate.value,
            rule="RESP-2",
        )
    if not specialised:
        raise RuleInputError(
            "delegated_to",
            f"only a {tier.value} customer with a marked professional or regional character "
            "(专业特征、地域性明显) may be delegated",
            got=delegate.value,
            rule="RESP-2",
            fix="pass specialised=True if the customer has that character",
        )
    if delegate not in table.delegates:
        allowed = ", ".join(sorted(u.value for u in table.delegates))
        raise RuleInputError(
            "delegated_to", f"must be one of {allowed}", got=delegate.value, rule="RESP-2"
        )
    return delegate


def responsible_unit(
    tier: Tier | str,
    scope: Scope | str,
    *,
    delegated_to: Unit | str | None = None,
    specialised: bool = False,
    policy: Policy | None = None,
) -> Assignment:
    """Find the responsible unit (责任单位) by tier and scope (RESP-1), or a delegation (RESP-2).

    Args:
        tier: the customer's tier.
        scope: the customer's scope (综合/区域/专业).
        delegated_to: the unit the provincial market department delegated a DIAMOND customer to
            (授权委托), if any: a provincial professional company (省专业公司(局)) or a
            prefecture/city bureau (地市局).
        specialised: the customer has a marked professional or regional character
            (专业特征、地域性明显), a fact the caller supplies; only then may it be delegated.
        policy: the policy to apply (default: the rulebook's).

    Raises:
        RuleInputError: an unknown tier, scope or unit, or a delegation the policy does not allow
            (a tier that may not be delegated, a customer not marked specialised, or a unit
            that may not take a delegation), citing RESP-2.

    >>> a = responsible_unit(
    ...     "diamond", "regional", delegated_to="prefecture_bureau", specialised=True
    ... )
    >>> a.unit.value, a.delegated
    ('prefecture_bureau', True)
    """
    policy = resolve_policy(policy)
    tier = as_enum(Tier, tier, "tier", rule="RESP-1")
    scope = as_enum(Scope, scope, "scope", rule="RESP-1")
    marked: bool = checked(Flag, specialised, "specialised", rule="RESP-2")
    delegate = (
        None if delegated_to is None else as_enum(Unit, delegated_to, "delegated_to", rule="RESP-2")
    )
    table = require(policy, "responsibility", policy.responsibility)
    unit = decide_unit(tier, scope, delegate, table, marked)
    return assignment_of(tier, scope, unit, delegate is not None, policy)


def explain_unit(
    tier: Tier, scope: Scope, unit: Unit, delegated: bool, table: ResponsibilityPolicy
) -> tuple[Step, ...]:
    """RESP-1's cell (and its gap rule), and RESP-2's delegation, from the decision."""
    cell = table.table[tier][scope]
    steps: list[Step] = [step("RESP-1", "responsibility.unit", tier=tier, scope=scope, unit=cell)]
    gap_rule = table.gap_rule(tier, scope)
    if gap_rule:
        steps.append(step(gap_rule, "responsibility.gap", tier=tier, scope=scope, unit=cell))
    if delegated:
        steps.append(step("RESP-2", "responsibility.delegated", tier=tier, unit=unit))
        if table.archive_stays(tier, scope):
            steps.append(
                step("RESP-2", "responsibility.archive_stays", tier=tier, scope=scope, unit=cell)
            )
    return tuple(steps)


def assignment_of(
    tier: Tier, scope: Scope, unit: Unit, delegated: bool, policy: Policy
) -> Assignment:
    """The :class:`Assignment` of a unit decided under ``policy`` (:func:`decide_unit`)."""
    table = require(policy, "responsibility", policy.responsibility)
    return Assignment(
        tier=tier,
        scope=scope,
        unit=unit,
        delegated=delegated,
        explanation=Explanation(steps=explain_unit(tier, scope, unit, delegated, table)),
        policy_fingerprint=policy.fingerprint,
    )

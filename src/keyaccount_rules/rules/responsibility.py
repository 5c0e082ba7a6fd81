"""责任单位: which unit is responsible for a key account (RESP-1..2).

>>> from keyaccount_rules import Tier, Scope
>>> responsible_unit(Tier.GOLD, Scope.REGIONAL).unit.value
'county_center'
"""

from __future__ import annotations

from keyaccount_rules.arguments import as_enum, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.messages import step
from keyaccount_rules.policy import Policy, ResponsibilityPolicy, require
from keyaccount_rules.vocabulary import Scope, Tier, Unit

__all__ = ["Assignment", "decide_unit", "responsible_unit"]


class Assignment(Result):
    """The responsible unit of a customer and why (RESP-1, RESP-2)."""

    tier: Tier
    scope: Scope
    unit: Unit
    delegated: bool
    explanation: Explanation


def decide_unit(
    tier: Tier, scope: Scope, delegated_to: Unit | str | None, table: ResponsibilityPolicy
) -> Unit:
    """RESP-1's table cell, or the RESP-2 delegate (checked against the policy): no text."""
    if delegated_to is None:
        return table.table[tier][scope]
    delegate = as_enum(Unit, delegated_to, "delegated_to", rule="RESP-2")
    if tier not in table.delegable_tiers:
        allowed = ", ".join(sorted(t.value for t in table.delegable_tiers))
        raise RuleInputError(
            "delegated_to",
            f"only a {allowed} customer may be delegated, not a {tier.value} one",
            got=delegate.value,
            rule="RESP-2",
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
    policy: Policy | None = None,
) -> Assignment:
    """Find the responsible unit (责任单位) by tier and scope (RESP-1), or a delegation (RESP-2).

    Args:
        tier: the customer's tier.
        scope: the customer's scope (综合/区域/专业).
        delegated_to: the unit the provincial market department delegated a DIAMOND customer to
            (授权委托), if any.
        policy: the policy to apply (default: the rulebook's).

    Raises:
        RuleInputError: an unknown tier, scope or unit, or a delegation the policy does not allow.

    >>> a = responsible_unit("diamond", "regional", delegated_to="professional_bureau")
    >>> a.unit.value, a.delegated
    ('professional_bureau', True)
    """
    policy = resolve_policy(policy)
    tier = as_enum(Tier, tier, "tier", rule="RESP-1")
    scope = as_enum(Scope, scope, "scope", rule="RESP-1")
    table = require(policy, "responsibility", policy.responsibility)
    unit = decide_unit(tier, scope, delegated_to, table)
    cell = table.table[tier][scope]
    steps: list[Step] = [step("RESP-1", "responsibility.unit", tier=tier, scope=scope, unit=cell)]
    gap_rule = table.gap_rule(tier, scope)
    if gap_rule:
        steps.append(step(gap_rule, "responsibility.gap", tier=tier, scope=scope, unit=cell))
    if delegated_to is not None:
        steps.append(step("RESP-2", "responsibility.delegated", unit=unit))
    return Assignment(
        tier=tier,
        scope=scope,
        unit=unit,
        delegated=delegated_to is not None,
        explanation=Explanation(steps=tuple(steps)),
        policy_fingerprint=policy.fingerprint,
    )

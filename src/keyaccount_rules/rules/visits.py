"""大客户拜访制度: how often an account manager contacts a key account (VISIT-1, VISIT-2).

>>> from keyaccount_rules import Tier, Scope
>>> r = visit_requirement(Tier.GOLD, Scope.COMPREHENSIVE)
>>> r.contacts_per_month, r.leader_visits_per_year
(2, (1, 2))
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.explanation import Explanation, Step
from keyaccount_rules.policy import Policy
from keyaccount_rules.rules._common import as_enum, resolve_policy
from keyaccount_rules.vocabulary import Leadership, Scope, Tier

__all__ = ["VisitRequirement", "visit_requirement"]


class VisitRequirement(BaseModel):
    """Minimum contacts a month (VISIT-1) and leadership visits a year (VISIT-2)."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    scope: Scope
    contacts_per_month: int
    leader_visits_per_year: tuple[int, int]
    led_by: Leadership
    explanation: Explanation


def visit_requirement(
    tier: Tier | str, scope: Scope | str, *, policy: Policy | None = None
) -> VisitRequirement:
    """Look up the visit plan (拜访要求) of a tier × scope (VISIT-1, VISIT-2).

    Raises:
        RuleInputError: an unknown tier or scope.
    """
    policy = resolve_policy(policy)
    tier = as_enum(Tier, tier, "tier", rule="VISIT-1")
    scope = as_enum(Scope, scope, "scope", rule="VISIT-1")
    visits = policy.visits
    contacts = visits.contacts_per_month[tier][scope]
    leadership = visits.leadership
    led_by = leadership.led_by[tier][scope]
    low, high = leadership.min_per_year, leadership.max_per_year
    steps = [
        Step(
            rule="VISIT-1",
            text=f"{scope.value} {tier.value}: at least {contacts} contact(s) a month",
            text_zh=f"{scope.zh}{tier.zh}客户：每月走访或联系不少于{contacts}次",
        ),
        Step(
            rule="VISIT-2",
            text=f"leadership visits {low}–{high} a year, led by {led_by.value} leadership",
            text_zh=f"由{led_by.zh}带队，每年拜访{low}至{high}次",
        ),
    ]
    gap_rule = visits.cell_rules.get(f"{tier.value}.{scope.value}")
    if gap_rule:
        steps.append(
            Step(
                rule=gap_rule,
                text=f"the source names no frequency for {scope.value} {tier.value}; decided above",
                text_zh=f"原文未规定{scope.zh}{tier.zh}客户的拜访频次，按规则补充如上",
            )
        )
    return VisitRequirement(
        tier=tier,
        scope=scope,
        contacts_per_month=contacts,
        leader_visits_per_year=(low, high),
        led_by=led_by,
        explanation=Explanation(steps=tuple(steps)),
    )

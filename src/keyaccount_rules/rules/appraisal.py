"""客户经理考核: an account manager's appraisal in points out of 100 (APPR-1..2).

One path: :func:`decide_appraisal` scores validated attainments, :func:`explain_appraisal`
words that decision, and :func:`appraise_manager` validates its arguments once, decides and
wraps the answer into a frozen :class:`Appraisal`.

>>> from keyaccount_rules import AppraisalItem
>>> result = appraise_manager(dict.fromkeys(AppraisalItem, 1))
>>> result.daily_management, result.market_projects, result.total
(Decimal('40'), Decimal('60'), Decimal('100'))
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.core.arguments import Proportion, enum_mapping
from keyaccount_rules.core.catalogue import step
from keyaccount_rules.core.explanation import Explanation, Result
from keyaccount_rules.core.money import Amount, exact
from keyaccount_rules.core.vocabulary import AppraisalGroup, AppraisalItem
from keyaccount_rules.policy import AppraisalPolicy, Policy, require, resolve_policy

__all__ = [
    "Appraisal",
    "AppraisalDecision",
    "ItemScore",
    "appraise_manager",
    "decide_appraisal",
    "explain_appraisal",
]


class ItemScore(BaseModel):
    """One appraisal item: its full points, the attainment and the points earned (APPR-2)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: AppraisalItem
    group: AppraisalGroup
    weight: Decimal
    attainment: Decimal
    points: Decimal


class Appraisal(Result):
    """考核结果: points per item, per group (日常管理, 市场项目拓展) and in total."""

    items: tuple[ItemScore, ...]
    daily_management: Decimal
    market_projects: Decimal
    total: Decimal
    explanation: Explanation


class AppraisalDecision(NamedTuple):
    """The scores, without text: per item, per group (every group, policy order) and in total."""

    items: tuple[ItemScore, ...]
    groups: Mapping[AppraisalGroup, Decimal]
    total: Decimal


def decide_appraisal(
    table: AppraisalPolicy, attainment: Mapping[AppraisalItem, Decimal]
) -> AppraisalDecision:
    """Points = full points × attainment per item, summed per group and in total (exact)."""
    items = tuple(
        ItemScore(
            item=item,
            group=table.items[item].group,
            weight=table.items[item].points,
            attainment=attainment[item],
            points=table.items[item].points * attainment[item],
        )
        for item in AppraisalItem
    )
    groups = {
        group: sum((s.points for s in items if s.group is group), Decimal(0))
        for group in AppraisalGroup
    }
    return AppraisalDecision(items, groups, sum(groups.values(), Decimal(0)))


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def explain_appraisal(decision: AppraisalDecision, table: AppraisalPolicy) -> Explanation:
    """Each item's points, each group's subtotal, then the total (APPR-2, APPR-1)."""
    steps = [
        step(
            "APPR-2",
            "appraisal.item",
            item=score.item,
            weight=_number(score.weight),
            attainment=_number(score.attainment),
            points=_number(score.points),
        )
        for score in decision.items
    ]
    steps.extend(
        step(
            "APPR-1",
            "appraisal.group",
            group=group,
            points=_number(points),
            full=_number(table.groups[group]),
        )
        for group, points in decision.groups.items()
    )
    steps.append(
        step(
            "APPR-1",
            "appraisal.total",
            points=_number(decision.total),
            full=_number(table.total),
        )
    )
    return Explanation(steps=tuple(steps))


@exact
def appraise_manager(
    attainment: Mapping[AppraisalItem, Amount] | Mapping[str, Amount],
    *,
    policy: Policy | None = None,
) -> Appraisal:
    """Score an account manager (客户经理考核指标, APPR-1..2): points = weight × attainment.

    Args:
        attainment: every ``AppraisalItem`` mapped to a fraction in [0, 1].
        policy: the policy to apply (default: the rulebook's).

    Raises:
        RuleInputError: a missing, unknown or out-of-range item, named ``attainment.<item>``.

    Points are exact; nothing is rounded (the source scores in points, 积分), and the
    caller's decimal context changes nothing.

    >>> from keyaccount_rules import AppraisalItem
    >>> scores = dict.fromkeys(AppraisalItem, 1) | {AppraisalItem.NEW_ACCOUNTS: "0.5"}
    >>> appraise_manager(scores).total
    Decimal('87.5')
    """
    policy = resolve_policy(policy)
    values = enum_mapping(AppraisalItem, attainment, "attainment", Proportion, rule="APPR-2")
    section = require(policy, "appraisal", policy.appraisal)
    decision = decide_appraisal(section, values)
    return Appraisal(
        items=decision.items,
        daily_management=decision.groups[AppraisalGroup.DAILY_MANAGEMENT],
        market_projects=decision.groups[AppraisalGroup.MARKET_PROJECTS],
        total=decision.total,
        explanation=explain_appraisal(decision, section),
        policy_fingerprint=policy.fingerprint,
    )

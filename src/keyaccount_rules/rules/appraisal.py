"""客户经理考核: an account manager's appraisal in points out of 100 (APPR-1..2).

>>> from keyaccount_rules import AppraisalItem
>>> result = appraise_manager(dict.fromkeys(AppraisalItem, 1))
>>> result.daily_management, result.market_projects, result.total
(Decimal('40'), Decimal('60'), Decimal('100'))
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.arguments import enum_mapping, resolve_policy
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.money import parse_fraction
from keyaccount_rules.policy import Policy
from keyaccount_rules.vocabulary import AppraisalGroup, AppraisalItem

__all__ = ["Appraisal", "ItemScore", "appraise_manager"]


class ItemScore(BaseModel):
    """One appraisal item: its full points, the attainment and the points earned (APPR-2)."""

    model_config = ConfigDict(frozen=True)

    item: AppraisalItem
    group: AppraisalGroup
    weight: Decimal
    attainment: Decimal
    points: Decimal


class Appraisal(Result):
    """考核结果: points per item, per group (日常管理, 市场项目拓展) and in total."""

    model_config = ConfigDict(frozen=True)

    items: tuple[ItemScore, ...]
    daily_management: Decimal
    market_projects: Decimal
    total: Decimal
    explanation: Explanation


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def appraise_manager(
    attainment: Mapping[AppraisalItem, object] | Mapping[str, object],
    *,
    policy: Policy | None = None,
) -> Appraisal:
    """Score an account manager (客户经理考核指标, APPR-1..2): points = weight × attainment.

    Args:
        attainment: every ``AppraisalItem`` mapped to a fraction in [0, 1].
        policy: the policy to apply (default: the rulebook's).

    Raises:
        RuleInputError: a missing, unknown or out-of-range item, named ``attainment.<item>``.

    Points are exact; nothing is rounded (the source scores in points, 积分).

    >>> from keyaccount_rules import AppraisalItem
    >>> scores = dict.fromkeys(AppraisalItem, 1) | {AppraisalItem.NEW_ACCOUNTS: "0.5"}
    >>> appraise_manager(scores).total
    Decimal('87.5')
    """
    policy = resolve_policy(policy)
    table = policy.appraisal
    values = enum_mapping(
        AppraisalItem,
        attainment,
        "attainment",
        lambda value, field: parse_fraction(value, field, rule="APPR-2"),
        rule="APPR-2",
    )
    scores = []
    steps = []
    for item in AppraisalItem:
        weight = table.items[item]
        points = weight.points * values[item]
        scores.append(
            ItemScore(
                item=item,
                group=weight.group,
                weight=weight.points,
                attainment=values[item],
                points=points,
            )
        )
        steps.append(
            Step(
                rule="APPR-2",
                text=f"{item.value}: {_number(weight.points)} × {_number(values[item])}"
                f" = {_number(points)} points",
                text_zh=f"{item.zh}：{_number(weight.points)}分 × {_number(values[item])}"
                f" = {_number(points)}分",
            )
        )
    subtotals = {
        group: sum((s.points for s in scores if s.group is group), Decimal(0))
        for group in AppraisalGroup
    }
    for group in AppraisalGroup:
        steps.append(
            Step(
                rule="APPR-1",
                text=f"{group.value}: {_number(subtotals[group])}"
                f" of {_number(table.groups[group])} points",
                text_zh=f"{group.zh}：{_number(subtotals[group])}分"
                f"（满分{_number(table.groups[group])}分）",
            )
        )
    total = sum(subtotals.values(), Decimal(0))
    steps.append(
        Step(
            rule="APPR-1",
            text=f"total {_number(total)} of {_number(table.total)} points",
            text_zh=f"总分{_number(total)}分（满分{_number(table.total)}分）",
        )
    )
    return Appraisal(
        items=tuple(scores),
        daily_management=subtotals[AppraisalGroup.DAILY_MANAGEMENT],
        market_projects=subtotals[AppraisalGroup.MARKET_PROJECTS],
        total=total,
        explanation=Explanation(steps=tuple(steps)),
    )

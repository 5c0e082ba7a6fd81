"""Policy of the appraisal (客户经理考核指标, APPR-1): points per item, per group, in total.

The numbers live in ``policy/editions/*.toml`` under ``[appraisal.*]``; ``rules/appraisal.py``
applies them.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.money import exact
from keyaccount_rules.core.vocabulary import AppraisalGroup, AppraisalItem
from keyaccount_rules.policy.base import PolicyDecimal, PolicyProblem, Section, missing_members

__all__ = ["AppraisalPolicy", "AppraisalWeight"]


class AppraisalWeight(BaseModel):
    """APPR-1: the group an appraisal item belongs to and its full points."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group: AppraisalGroup
    points: PolicyDecimal = Field(gt=0)


class AppraisalPolicy(Section):
    """客户经理考核指标 (APPR-1): points per item, per group, and the total."""

    total: PolicyDecimal = Field(gt=0)
    groups: FrozenMap[AppraisalGroup, PolicyDecimal]
    items: FrozenMap[AppraisalItem, AppraisalWeight]

    @exact  # sums compared exactly, whatever the caller's decimal context
    def problems(self, path: str) -> list[PolicyProblem]:
        found = missing_members(self.groups, AppraisalGroup, f"{path}.groups", self.rule)
        found.extend(missing_members(self.items, AppraisalItem, f"{path}.items", self.rule))
        for group, points in self.groups.items():
            items = sum((w.points for w in self.items.values() if w.group is group), Decimal(0))
            if items != points:
                found.append(
                    PolicyProblem(
                        f"{path}.groups.{group.value}",
                        f"items of this group sum to {items}, not {points}",
                        self.rule,
                    )
                )
        groups = sum(self.groups.values(), Decimal(0))
        if groups != self.total:
            found.append(
                PolicyProblem(
                    f"{path}.total", f"groups sum to {groups}, not {self.total}", self.rule
                )
            )
        return found

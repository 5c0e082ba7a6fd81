"""Policy sections of the people and ownership rules: pay, appraisal, Pareto, development, staff.

Each section mirrors one part of RULEBOOK §10–§14; the numbers live in ``default.toml``.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.money import Yuan
from keyaccount_rules.policy.base import PolicyProblem, Section
from keyaccount_rules.vocabulary import (
    AppraisalGroup,
    AppraisalItem,
    BusinessLine,
    Centre,
    PayIndicator,
    Post,
    Tier,
    Unit,
)

__all__ = [
    "AppraisalPolicy",
    "AppraisalWeight",
    "CentreNorms",
    "DevelopmentLeads",
    "DevelopmentPolicy",
    "FieldAllowance",
    "MarketingReward",
    "MultiLevelDevelopment",
    "OrganisationPolicy",
    "ParetoPolicy",
    "PayPolicy",
    "PerformancePay",
    "Registration",
    "RoleSystem",
    "StaffingNorm",
]

E = TypeVar("E", bound=StrEnum)


def _missing(present: Collection[E], members: type[E], path: str, rule: str) -> list[PolicyProblem]:
    return [
        PolicyProblem(f"{path}.{member.value}", "missing entry", rule)
        for member in members
        if member not in present
    ]


# ---------------------------------------------------------------- §13 compensation


class PerformancePay(Section):
    """PAY-1: the monthly base of the performance pay and the weight of each indicator."""

    base: Yuan
    weights: dict[PayIndicator, Decimal]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = _missing(self.weights, PayIndicator, f"{path}.weights", self.rule)
        for indicator, weight in self.weights.items():
            if not 0 <= weight <= 1:
                found.append(
                    PolicyProblem(
                        f"{path}.weights.{indicator.value}",
                        f"must be between 0 and 1 (got {weight})",
                        self.rule,
                    )
                )
        total = sum(self.weights.values(), Decimal(0))
        if total != 1:
            found.append(
                PolicyProblem(f"{path}.weights", f"weights must sum to 1 (got {total})", self.rule)
            )
        return found


class MarketingReward(Section):
    """PAY-2: the one-off reward rate per business line, a fraction of the collected revenue."""

    rates: dict[BusinessLine, Decimal]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = _missing(self.rates, BusinessLine, f"{path}.rates", self.rule)
        found.extend(
            PolicyProblem(
                f"{path}.rates.{line.value}",
                f"must be between 0 and 1 (got {rate})",
                self.rule,
            )
            for line, rate in self.rates.items()
            if not 0 <= rate <= 1
        )
        return found


class FieldAllowance(Section):
    """PAY-4: the monthly field allowance (外勤津贴); each bureau may set its own."""

    amount: Yuan


class PayPolicy(BaseModel):
    """大客户经理薪酬 (PAY-1..5): performance pay, marketing reward, field allowance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    performance: PerformancePay
    marketing: MarketingReward
    allowance: FieldAllowance

    def problems(self, path: str) -> list[PolicyProblem]:
        return [
            *self.performance.problems(f"{path}.performance"),
            *self.marketing.problems(f"{path}.marketing"),
        ]


# ---------------------------------------------------------------- §12 appraisal


class AppraisalWeight(BaseModel):
    """APPR-1: the group an appraisal item belongs to and its full points."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group: AppraisalGroup
    points: Decimal = Field(gt=0)


class AppraisalPolicy(Section):
    """客户经理考核指标 (APPR-1): points per item, per group, and the total."""

    total: Decimal = Field(gt=0)
    groups: dict[AppraisalGroup, Decimal]
    items: dict[AppraisalItem, AppraisalWeight]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = _missing(self.groups, AppraisalGroup, f"{path}.groups", self.rule)
        found.extend(_missing(self.items, AppraisalItem, f"{path}.items", self.rule))
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


# ---------------------------------------------------------------- §11 Pareto


class ParetoPolicy(Section):
    """大客户划分标准 (PARETO-1): the share of each line's volume the core accounts cover."""

    share: Decimal = Field(gt=0, le=1)


# ---------------------------------------------------------------- §10 development


class Registration(Section):
    """DEV-1/DEV-2: the next-level centre that rules on a tie or a locality dispute."""

    escalate_to: dict[Unit, Unit]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = _missing(self.escalate_to, Unit, f"{path}.escalate_to", self.rule)
        for unit in self.escalate_to:
            top = self.chain(unit)[-1]
            if top in self.escalate_to and self.escalate_to[top] is not top:
                found.append(
                    PolicyProblem(
                        f"{path}.escalate_to.{unit.value}",
                        "escalation runs in a circle; it must end at a unit that decides its"
                        " own disputes (mapped to itself)",
                        self.rule,
                    )
                )
        tops = sorted({self.chain(unit)[-1].value for unit in self.escalate_to})
        if len(tops) > 1:
            found.append(
                PolicyProblem(
                    f"{path}.escalate_to",
                    f"escalation must end at one top unit, not several ({', '.join(tops)})",
                    self.rule,
                )
            )
        return found

    def chain(self, unit: Unit) -> tuple[Unit, ...]:
        """``unit`` and the units above it, up to the top (a unit mapped to itself)."""
        seen = [unit]
        while (above := self.escalate_to.get(seen[-1])) is not None and above not in seen:
            seen.append(above)
        return tuple(seen)


class RoleSystem(Section):
    """DEV-3: the lowest tier for which the A/B role system (主辅制) applies."""

    min_tier: Tier


class MultiLevelDevelopment(Section):
    """DEV-4: who develops a customer's city organisation and who its county branches."""

    city_organisation: Unit
    local_branches: Unit


class DevelopmentLeads(Section):
    """DEV-5: who develops comprehensive and professional key accounts, first and second time."""

    comprehensive: Unit
    comprehensive_operations: Unit
    professional_first: Unit
    professional_supervisor: Unit
    professional_second: Unit


class DevelopmentPolicy(BaseModel):
    """大客户开发管理规定 (DEV-1..5): escalation, roles and development leads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    registration: Registration
    roles: RoleSystem
    multi_level: MultiLevelDevelopment
    leads: DevelopmentLeads

    def problems(self, path: str) -> list[PolicyProblem]:
        return self.registration.problems(f"{path}.registration")


# ---------------------------------------------------------------- §14 organisation


class StaffingNorm(BaseModel):
    """ORG-2..4: a bound on the head count of some posts (a cap, a minimum, or both)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(pattern=r"^[A-Z]+-\d+$")
    posts: frozenset[Post] = Field(min_length=1)
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


class CentreNorms(Section):
    """The staffing norms of one kind of centre, with their source."""

    norms: tuple[StaffingNorm, ...] = Field(min_length=1)

    def problems(self, path: str) -> list[PolicyProblem]:
        found = []
        for index, norm in enumerate(self.norms):
            if norm.min is None and norm.max is None:
                found.append(
                    PolicyProblem(f"{path}.norms.{index}", "needs a min or a max", norm.rule)
                )
            elif norm.min is not None and norm.max is not None and norm.min > norm.max:
                found.append(
                    PolicyProblem(
                        f"{path}.norms.{index}.max",
                        f"must be at least min {norm.min} (got {norm.max})",
                        norm.rule,
                    )
                )
        return found


class OrganisationPolicy(BaseModel):
    """机构与岗位设置 (ORG-2..4): the staffing norms per kind of centre."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    centres: dict[Centre, CentreNorms]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = _missing(self.centres, Centre, f"{path}.centres", "ORG-2")
        for centre, norms in self.centres.items():
            found.extend(norms.problems(f"{path}.centres.{centre.value}"))
        return found

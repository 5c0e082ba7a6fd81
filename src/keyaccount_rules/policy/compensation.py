"""Policy of compensation (大客户经理薪酬, PAY-1..5): performance pay, rewards, allowance.

The numbers live in ``policy/editions/*.toml`` under ``[pay.*]`` (the section keeps the name bureau
files use); ``rules/compensation.py`` applies them.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.core.frozen import FrozenMap, SortedSet
from keyaccount_rules.core.money import Yuan, exact
from keyaccount_rules.core.vocabulary import BusinessLine, PayIndicator, Post
from keyaccount_rules.policy.base import PolicyDecimal, PolicyProblem, Section, missing_members

__all__ = ["FieldAllowance", "MarketingReward", "PayPolicy", "PayScope", "PerformancePay"]


class PerformancePay(Section):
    """PAY-1: the monthly base of the performance pay and the weight of each indicator."""

    base: Yuan
    weights: FrozenMap[PayIndicator, PolicyDecimal]

    @exact  # the weights sum to exactly 1, whatever the caller's decimal context
    def problems(self, path: str) -> list[PolicyProblem]:
        found = missing_members(self.weights, PayIndicator, f"{path}.weights", self.rule)
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

    rates: FrozenMap[BusinessLine, PolicyDecimal]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = missing_members(self.rates, BusinessLine, f"{path}.rates", self.rule)
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


class PayScope(Section):
    """Who the scheme pays (PAY-1): the centre's staff except the posts named here
    (001 「除主任副主任外,其余人员…薪酬按大客户管理计发」)."""

    excluded_posts: SortedSet[Post] = Field(
        default=frozenset(), description="Posts the scheme does not pay."
    )


class PayPolicy(BaseModel):
    """大客户经理薪酬 (PAY-1..5): performance pay, marketing reward, field allowance, and who
    the scheme pays."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    performance: PerformancePay
    marketing: MarketingReward
    allowance: FieldAllowance
    scope: PayScope | None = None

    def problems(self, path: str) -> list[PolicyProblem]:
        return [
            *self.performance.problems(f"{path}.performance"),
            *self.marketing.problems(f"{path}.marketing"),
        ]

"""Policy of the organisation (机构与岗位设置, ORG-2..4): staffing norms per kind of centre.

The norms live in ``policy/editions/*.toml`` under ``[organisation.*]``; ``rules/organisation.py``
applies them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.core.frozen import FrozenMap, SortedSet
from keyaccount_rules.core.vocabulary import Centre, Post
from keyaccount_rules.policy.base import PolicyInt, PolicyProblem, Section

__all__ = ["CentreNorms", "OrganisationPolicy", "StaffingNorm"]


class StaffingNorm(BaseModel):
    """ORG-2..4: a bound on the head count of some posts (a cap, a minimum, or both)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(pattern=r"^[A-Z]+-\d+$")
    posts: SortedSet[Post] = Field(min_length=1)
    min: PolicyInt | None = Field(default=None, ge=0)
    max: PolicyInt | None = Field(default=None, ge=0)


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

    centres: FrozenMap[Centre, CentreNorms]

    def problems(self, path: str) -> list[PolicyProblem]:
        # Each edition names the centres of its own document (ORG-2/3: 002, ORG-4: 001); a check
        # of a centre the policy lacks raises MissingSectionError (RULEBOOK §0).
        found: list[PolicyProblem] = []
        for centre, norms in self.centres.items():
            found.extend(norms.problems(f"{path}.centres.{centre.value}"))
        return found

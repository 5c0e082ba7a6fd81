"""Policy of development and ownership (大客户开发管理规定, DEV-1..5).

The units live in ``policy/editions/*.toml`` under ``[development.*]``; ``rules/development.py`` and
``rules/ownership.py`` apply them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.vocabulary import Tier, Unit
from keyaccount_rules.policy.base import PolicyProblem, Section, missing_members

__all__ = [
    "DevelopmentLeads",
    "DevelopmentPolicy",
    "MultiLevelDevelopment",
    "Registration",
    "RoleSystem",
]


class Registration(Section):
    """DEV-1/DEV-2: the next-level centre that rules on a tie or a locality dispute."""

    escalate_to: FrozenMap[Unit, Unit]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = missing_members(self.escalate_to, Unit, f"{path}.escalate_to", self.rule)
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

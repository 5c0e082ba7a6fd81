"""Policy of archives (客户档案更新, ARCH-1): the refresh cadence of each tier.

The cadences live in ``policy/editions/*.toml`` under ``[schedules.archives]``;
``rules/archives.py`` applies them.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.core.frozen import FrozenDict, FrozenMap
from keyaccount_rules.core.vocabulary import Cadence, Scope, Tier, Unit
from keyaccount_rules.policy.base import PolicyProblem, Section, missing_cells

__all__ = ["ArchivePolicy"]


class ArchivePolicy(Section):
    """ARCH-1: the archive refresh cadence of each tier (客户档案更新) and, where the policy
    says, who keeps each tier × scope's archive (002 (五): 客户档案由…管理)."""

    cadence: FrozenMap[Tier, Cadence]
    keepers: FrozenMap[Tier, FrozenMap[Scope, Unit]] = Field(
        default_factory=FrozenDict,
        description="ARCH-1: tier → scope → the unit that keeps the archive (none: not stated).",
    )

    def problems(self, path: str) -> list[PolicyProblem]:
        found = [
            PolicyProblem(f"{path}.cadence.{tier.value}", "no entry for this tier", self.rule)
            for tier in Tier
            if tier not in self.cadence
        ]
        if self.keepers:  # a table of keepers names every cell
            found.extend(missing_cells(self.keepers, f"{path}.keepers", self.rule))
        return found

"""Policy of archives (客户档案更新, ARCH-1): the refresh cadence of each tier.

The cadences live in ``policy/editions/*.toml`` under ``[schedules.archives]``;
``rules/archives.py`` applies them.
"""

from __future__ import annotations

from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.vocabulary import Cadence, Tier
from keyaccount_rules.policy.base import PolicyProblem, Section

__all__ = ["ArchivePolicy"]


class ArchivePolicy(Section):
    """ARCH-1: the archive refresh cadence of each tier (客户档案更新)."""

    cadence: FrozenMap[Tier, Cadence]

    def problems(self, path: str) -> list[PolicyProblem]:
        return [
            PolicyProblem(f"{path}.cadence.{tier.value}", "no entry for this tier", self.rule)
            for tier in Tier
            if tier not in self.cadence
        ]

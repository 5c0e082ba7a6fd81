"""Policy of the marketing log (营销日志, LOG-2..4): which tiers are checked and how.

The sets live in ``default.toml`` under ``[schedules.marketing_log]``;
``rules/marketing_log.py`` applies them.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.frozen import FrozenMap, SortedSet
from keyaccount_rules.policy.base import PolicyProblem, Section
from keyaccount_rules.vocabulary import Cadence, Tier

__all__ = ["MarketingLogPolicy"]


class MarketingLogPolicy(Section):
    """LOG-2..4: which tiers are checked entry by entry, and who needs a named person."""

    checked_tiers: SortedSet[Tier]
    every_negotiation_tiers: SortedSet[Tier]
    rolled_up: FrozenMap[Tier, Cadence] = Field(
        description="LOG-2: tiers whose logs are rolled up."
    )
    named_person_required: SortedSet[Tier]
    named_person_recommended: SortedSet[Tier]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = []
        for tier in Tier:
            if (tier in self.checked_tiers) == (tier in self.rolled_up):
                found.append(
                    PolicyProblem(
                        f"{path}.checked_tiers",
                        f"{tier.value} must be either checked per entry or rolled up, not "
                        "both or neither",
                        "LOG-2",
                    )
                )
        found.extend(
            PolicyProblem(
                f"{path}.every_negotiation_tiers",
                f"{tier.value} is not a checked tier",
                "LOG-2",
            )
            for tier in sorted(self.every_negotiation_tiers - self.checked_tiers)
        )
        return found

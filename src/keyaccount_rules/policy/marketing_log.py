"""Policy of the marketing log (营销日志, LOG-2..4): which tiers are checked and how.

The sets live in ``policy/editions/*.toml`` under ``[schedules.marketing_log]``;
``rules/marketing_log.py`` applies them.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.core.frozen import FrozenDict, FrozenMap, SortedSet
from keyaccount_rules.core.vocabulary import Cadence, Scope, Tier
from keyaccount_rules.policy.base import PolicyProblem, Section, cell_key, unknown_cells

__all__ = ["MarketingLogPolicy"]


class MarketingLogPolicy(Section):
    """LOG-2..4: which tiers are checked entry by entry, and who needs a named person."""

    checked_tiers: SortedSet[Tier]
    every_negotiation_tiers: SortedSet[Tier]
    rolled_up: FrozenMap[Tier, Cadence] = Field(
        description="LOG-2: tiers whose logs are rolled up."
    )
    rolled_up_with: FrozenMap[Tier, str] = Field(
        default_factory=FrozenDict,
        description="LOG-2: a rolled-up tier's calendar duty that takes its logs to the unit's "
        "centre (the duty's key; its cadence must be the tier's in rolled_up).",
    )
    named_person_required: SortedSet[Tier] = Field(
        description="LOG-4: tiers that need a named person and a dedicated book, any scope."
    )
    named_person_required_cells: SortedSet[str] = Field(
        description="LOG-4: tier.scope cells that need one too, e.g. diamond.regional."
    )
    named_person_recommended: SortedSet[Tier]

    def requires_named_person(self, tier: Tier, scope: Scope | None) -> bool:
        """LOG-4: whether this tier (in this scope, when known) needs a named person."""
        if tier in self.named_person_required:
            return True
        return scope is not None and cell_key(tier, scope) in self.named_person_required_cells

    def scope_decides(self, tier: Tier) -> bool:
        """Whether LOG-4 for this tier depends on the scope (some but not all cells named)."""
        if tier in self.named_person_required:
            return False
        return any(cell_key(tier, scope) in self.named_person_required_cells for scope in Scope)

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
        found.extend(
            unknown_cells(
                self.named_person_required_cells, f"{path}.named_person_required_cells", "LOG-4"
            )
        )
        return found

"""Policy of the responsible unit (责任单位, RESP-1..3): the unit per tier × scope, delegation.

The table lives in ``policy/editions/*.toml`` under ``[responsibility.*]``;
``rules/responsibility.py`` applies it.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.core.frozen import FrozenDict, FrozenMap, SortedSet
from keyaccount_rules.core.vocabulary import Scope, Tier, Unit
from keyaccount_rules.policy.base import (
    PolicyProblem,
    Section,
    cell_key,
    cell_rule_problems,
    missing_cells,
    unknown_cells,
)

__all__ = ["ResponsibilityPolicy"]


class ResponsibilityPolicy(Section):
    """责任单位 (RESP-1..2): the unit per tier × scope, and who may take a delegation."""

    table: FrozenMap[Tier, FrozenMap[Scope, Unit]]
    cell_rules: FrozenMap[str, str] = Field(
        default_factory=FrozenDict,
        description="Cells decided by a gap rule, e.g. silver.regional = G-1.",
    )
    delegable_tiers: SortedSet[Tier] = Field(
        description="RESP-2: tiers that may be delegated, when marked specialised."
    )
    delegates: SortedSet[Unit] = Field(description="RESP-2: the units that may take one.")
    archive_stays_cells: SortedSet[str] = Field(
        description="RESP-2: tier.scope cells whose archive stays with the RESP-1 unit when "
        "delegated (区域钻石客户档案由市局大客户中心管理)."
    )

    def archive_stays(self, tier: Tier, scope: Scope) -> bool:
        """RESP-2: whether a delegated customer's archive stays with its RESP-1 unit."""
        return cell_key(tier, scope) in self.archive_stays_cells

    def gap_rule(self, tier: Tier, scope: Scope) -> str | None:
        """The §16 gap rule that decided this cell, if the source table does not name it."""
        return self.cell_rules.get(cell_key(tier, scope))

    def problems(self, path: str) -> list[PolicyProblem]:
        found = missing_cells(self.table, f"{path}.table", "RESP-1")
        found.extend(cell_rule_problems(self.cell_rules, f"{path}.cell_rules", "RESP-1"))
        found.extend(
            unknown_cells(self.archive_stays_cells, f"{path}.archive_stays_cells", "RESP-2")
        )
        if self.delegable_tiers and not self.delegates:
            found.append(
                PolicyProblem(
                    f"{path}.delegates",
                    "no unit may take a delegation, but delegable_tiers is not empty",
                    "RESP-2",
                )
            )
        return found

"""Policy of key accounts classed by level (大客户划分, LEVEL-1): the liangshan edition's classes.

Under 001 a key account is not graded into tiers but classed by level, prefecture (州级) or
county (县级) (PARETO-1 selects the first, each county designates the second). Everything that
001 decides per level lives here, in ``[levels.*]``: the unit that maintains the account
(LEVEL-1), the monthly contact (VISIT-1, 按月对大客户进行上访), the archive refresh (APPR-1,
每季更新), the centre's round of visits (CAL-1, 每半年) and how often the levels are selected
again (G-20: each quarter, on the volumes of the quarters before). ``rules/levels.py`` and
``month/level_history.py`` apply them.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.vocabulary import Cadence, Level, Unit
from keyaccount_rules.policy.base import PolicyInt, PolicyProblem, Section, missing_members

__all__ = ["LevelArchives", "LevelContacts", "LevelPolicy", "LevelSelection", "LevelVisits"]


class LevelContacts(Section):
    """VISIT-1 by level: the minimum contacts a month of a key account of each level."""

    per_month: FrozenMap[Level, PolicyInt]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = missing_members(self.per_month, Level, f"{path}.per_month", self.rule)
        found.extend(
            PolicyProblem(f"{path}.per_month.{level.value}", f"must not be negative (got {n})")
            for level, n in self.per_month.items()
            if n < 0
        )
        return found


class LevelArchives(Section):
    """Archive refresh by level (001 「建立客户资料,每季更新」)."""

    cadence: FrozenMap[Level, Cadence]

    def problems(self, path: str) -> list[PolicyProblem]:
        return missing_members(self.cadence, Level, f"{path}.cadence", self.rule)


class LevelVisits(Section):
    """CAL-1: each level's centre visits all its key accounts once in every period (G-19);
    ``comprehensive_by``: the unit that also visits every COMPREHENSIVE key account in each
    period, whatever its level (G-22: 「州局大客户中心要完成综合大客户的走访」)."""

    every: Cadence = Field(description="The period within which every account is visited.")
    comprehensive_by: Unit | None = Field(
        default=None, description="The unit that also visits every comprehensive key account."
    )


class LevelSelection(Section):
    """G-20: the levels are selected again at the start of every period (APPR-1 「甄选大客户范围
    …每季更新」), PARETO-1 running on the volumes of the ``looks_back`` periods before it."""

    every: Cadence = Field(description="The period at whose start the levels are selected.")
    looks_back: PolicyInt = Field(ge=1, description="How many periods of volume PARETO-1 reads.")

    def problems(self, path: str) -> list[PolicyProblem]:
        if self.every in (Cadence.WEEK, Cadence.HALF_MONTH):  # volumes are monthly
            return [
                PolicyProblem(
                    f"{path}.every",
                    f"must be a whole number of months (got {self.every.value})",
                    self.rule,
                )
            ]
        return []


class LevelPolicy(Section):
    """LEVEL-1: the unit that maintains a key account of each level, and the per-level duties."""

    units: FrozenMap[Level, Unit]
    contacts: LevelContacts
    archives: LevelArchives
    visits: LevelVisits
    selection: LevelSelection | None = Field(
        default=None, description="G-20: when the levels are selected again (None: never)."
    )

    def problems(self, path: str) -> list[PolicyProblem]:
        return [
            *missing_members(self.units, Level, f"{path}.units", self.rule),
            *self.contacts.problems(f"{path}.contacts"),
            *self.archives.problems(f"{path}.archives"),
            *self.visits.problems(f"{path}.visits"),
            *(self.selection.problems(f"{path}.selection") if self.selection else ()),
        ]

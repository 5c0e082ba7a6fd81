"""Policy of visits (大客户拜访制度, VISIT-1..3): monthly contacts, leadership visits, counting.

The numbers live in ``policy/editions/*.toml`` under ``[visits.*]``, which contacts count under
``[schedules.contacts]`` and the key-date greetings under ``[schedules.greetings]``;
``rules/visits.py`` and ``rules/duties.py`` apply them.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.core.frozen import FrozenDict, FrozenMap, SortedSet
from keyaccount_rules.core.vocabulary import ContactKind, Leadership, Scope, Tier
from keyaccount_rules.policy.base import (
    PolicyInt,
    PolicyProblem,
    Section,
    cell_key,
    cell_rule_problems,
    missing_cells,
)

__all__ = [
    "ContactCounting",
    "GreetingPolicy",
    "LeadershipVisits",
    "VisitPolicy",
    "VisitRecordPolicy",
]


class LeadershipVisits(Section):
    """VISIT-2: leadership-led visits per year (at least, at most) and who leads them."""

    min_per_year: PolicyInt = Field(ge=0)
    max_per_year: PolicyInt = Field(ge=0)
    led_by: FrozenMap[Tier, FrozenMap[Scope, Leadership]]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = missing_cells(self.led_by, f"{path}.led_by", "VISIT-2")
        if self.max_per_year < self.min_per_year:
            found.append(
                PolicyProblem(
                    f"{path}.max_per_year",
                    f"must be at least min_per_year {self.min_per_year} (got {self.max_per_year})",
                    self.rule,
                )
            )
        return found


class VisitPolicy(Section):
    """大客户拜访制度 (VISIT-1..2): minimum contacts a month per tier × scope, leadership visits."""

    contacts_per_month: FrozenMap[Tier, FrozenMap[Scope, PolicyInt]]
    cell_rules: FrozenMap[str, str] = Field(default_factory=FrozenDict)
    leadership: LeadershipVisits

    def gap_rule(self, tier: Tier, scope: Scope) -> str | None:
        """The §16 gap rule that decided this cell, if the source table does not name it."""
        return self.cell_rules.get(cell_key(tier, scope))

    def problems(self, path: str) -> list[PolicyProblem]:
        found = missing_cells(self.contacts_per_month, f"{path}.contacts_per_month", "VISIT-1")
        found.extend(cell_rule_problems(self.cell_rules, f"{path}.cell_rules", "VISIT-1"))
        for tier, row in self.contacts_per_month.items():
            for scope, count in row.items():
                if count < 0:
                    found.append(
                        PolicyProblem(
                            f"{path}.contacts_per_month.{tier.value}.{scope.value}",
                            f"must not be negative (got {count})",
                            "VISIT-1",
                        )
                    )
        found.extend(self.leadership.problems(f"{path}.leadership"))
        return found


class ContactCounting(Section):
    """VISIT-3: which kinds of contact count toward VISIT-1 and which toward VISIT-2.

    Held in the policy at ``schedules.contacts`` (its place in bureau files).
    """

    counted: SortedSet[ContactKind] = Field(description="Kinds counted toward VISIT-1.")
    leadership: SortedSet[ContactKind] = Field(description="Kinds counted toward VISIT-2.")

    def problems(self, path: str) -> list[PolicyProblem]:
        if not self.counted:
            return [PolicyProblem(f"{path}.counted", "must name at least one kind", self.rule)]
        return []


class GreetingPolicy(Section):
    """VISIT-3's special-date greetings (特定日期拜访) as a duty, due on each key date (G-17).

    Held at ``schedules.greetings``: present where the document makes greetings a duty (001;
    ``liangshan`` and ``combined``), absent under ``shantou`` (002 keeps key dates as archive
    data, never a duty). ``greeting_window_days``: how many days before the key date a
    greeting still counts, counted back across month and year boundaries (0: on the day).
    """

    greeting_window_days: PolicyInt = Field(
        default=0, ge=0, le=366, description="Days before a key date a greeting still counts."
    )


class VisitRecordPolicy(Section):
    """VISIT-3: each visit of these kinds is recorded afterwards (001 「结束后填写上访记录…将相关
    上访资料建档上报」); a visit without its record is flagged in the month's duties.

    Held at ``schedules.visit_records`` (001: ``liangshan``, ``combined``).
    """

    kinds: SortedSet[ContactKind] = Field(min_length=1, description="Kinds that need a record.")

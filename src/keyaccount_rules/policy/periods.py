"""Policy of periods (ARCH-2): how calendar-aligned periods are cut.

The numbers live in ``policy/editions/*.toml`` under ``[schedules.periods]``; ``rules/periods.py``
applies them. The ``month`` cadence is one calendar month and nothing else (RULEBOOK §17,
ARCH-2): VISIT-1's contacts, a month's duties and the agenda all cut the month with
``core.periods.Month``, so a policy that made ``months.month`` another length would have the
archive's month disagree with every other month; it is refused.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.vocabulary import Cadence
from keyaccount_rules.policy.base import PolicyInt, PolicyProblem, Section

__all__ = ["PeriodPolicy"]

_DAYS_IN_SHORTEST_MONTH = 28  # calendar fact, not policy: February outside leap years
_MONTHS_IN_YEAR = 12  # calendar fact
_ONE_MONTH = 1  # calendar fact: a month is one calendar month (RULEBOOK §17)


class PeriodPolicy(Section):
    """ARCH-2: how calendar-aligned periods are cut (half-months, months, quarters, …)."""

    half_month_first_half_ends: PolicyInt = Field(ge=1, description="Last day of the first half.")
    year_starts_in_month: PolicyInt = Field(
        ge=1, le=12, description="First month of quarters/halves."
    )
    months: FrozenMap[Cadence, PolicyInt] = Field(description="Length in months of each cadence.")

    def problems(self, path: str) -> list[PolicyProblem]:
        found = []
        if self.half_month_first_half_ends >= _DAYS_IN_SHORTEST_MONTH:
            found.append(
                PolicyProblem(
                    f"{path}.half_month_first_half_ends",
                    "must leave a second half in February (at most 27, got "
                    f"{self.half_month_first_half_ends})",
                    self.rule,
                )
            )
        by_days = {
            Cadence.WEEK: "weeks run Monday to Sunday, not by months",
            Cadence.HALF_MONTH: "half-months are cut by half_month_first_half_ends, not by months",
        }
        for cadence in Cadence:
            if cadence in by_days:
                if cadence in self.months:
                    found.append(
                        PolicyProblem(f"{path}.months.{cadence.value}", by_days[cadence], self.rule)
                    )
                continue
            length = self.months.get(cadence)
            if length is None:
                found.append(PolicyProblem(f"{path}.months.{cadence.value}", "missing", self.rule))
            elif cadence is Cadence.MONTH and length != _ONE_MONTH:
                found.append(
                    PolicyProblem(
                        f"{path}.months.month",
                        f"must be 1: a month is one calendar month, RULEBOOK §17 (got {length})",
                        self.rule,
                    )
                )
            elif length < 1 or _MONTHS_IN_YEAR % length:
                found.append(
                    PolicyProblem(
                        f"{path}.months.{cadence.value}",
                        f"must divide the 12 months of a year (got {length})",
                        self.rule,
                    )
                )
        return found

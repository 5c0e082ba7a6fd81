"""Policy of the work calendar (工作日历, REPORT-1..4, ANALYSE-1, CAL-1..2): recurring duties.

The duties live in ``policy/editions/*.toml`` under ``[[schedules.calendar.duties]]``;
``rules/calendar.py`` applies them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.core.limits import MAX_PERIOD_COUNT
from keyaccount_rules.core.vocabulary import Cadence
from keyaccount_rules.policy.base import PolicyInt, PolicyProblem, Section

__all__ = ["CalendarPolicy", "DutyPolicy"]

_BY_DAYS = frozenset({Cadence.WEEK, Cadence.HALF_MONTH})  # cut by days: due on the last day


class DutyPolicy(Section):
    """One recurring duty of the work calendar (REPORT-1..4, ANALYSE-1, CAL-1..2)."""

    key: str = Field(pattern=r"^[a-z0-9-]+$", description="Stable identifier (used in UIDs).")
    bureau: str = Field(
        default="",
        description="Whose calendar the duty is (G-16: 'shantou' for 002, 'liangshan' for 001).",
    )
    what: str = Field(min_length=1)
    what_zh: str = Field(min_length=1)
    who: str = Field(min_length=1)
    who_zh: str = Field(min_length=1)
    every: Cadence
    day: PolicyInt | None = Field(
        default=None, ge=1, le=31, description="Due on this day of the month; none: period end."
    )
    months_after: PolicyInt = Field(
        default=0,
        ge=0,
        le=MAX_PERIOD_COUNT,
        description="Due this many months after the period's last month.",
    )
    at_least: PolicyInt = Field(default=1, ge=1)
    at_most: PolicyInt = Field(default=1, ge=1)
    floor: bool = Field(
        default=False,
        strict=True,
        description="at_least is a floor and at_most guidance, never a ceiling (至少…2-4个).",
    )

    def problems(self, path: str) -> list[PolicyProblem]:
        found = []
        if self.at_most < self.at_least:
            found.append(
                PolicyProblem(
                    f"{path}.at_most",
                    f"must be at least at_least {self.at_least} (got {self.at_most})",
                    self.rule,
                )
            )
        if self.day is None and self.months_after:
            found.append(
                PolicyProblem(
                    f"{path}.months_after",
                    "needs a day (due on that day of a later month)",
                    self.rule,
                )
            )
        if self.every in _BY_DAYS and (self.day is not None or self.months_after):
            found.append(
                PolicyProblem(
                    f"{path}.day",
                    f"{self.every.value.replace('_', '-')}ly duties are due at period end",
                    self.rule,
                )
            )
        return found


class CalendarPolicy(BaseModel):
    """工作日历: the recurring duties of a key-account centre (§8, §15)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    duties: tuple[DutyPolicy, ...]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = []
        seen: set[str] = set()
        for index, duty in enumerate(self.duties):
            found.extend(duty.problems(f"{path}.duties.{index}"))
            if duty.key in seen:
                found.append(
                    PolicyProblem(
                        f"{path}.duties.{index}.key", f"duplicate key {duty.key!r}", duty.rule
                    )
                )
            seen.add(duty.key)
        return found

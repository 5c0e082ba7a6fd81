"""Policy sections of the schedules: archives, contacts, reporting checks, duties, logs.

Each section mirrors one table of RULEBOOK §6–§9 and §15; the numbers live in ``default.toml``
under ``[schedules.*]``.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.money import Yuan
from keyaccount_rules.policy.base import PolicyProblem, Section
from keyaccount_rules.vocabulary import Cadence, ContactKind, Tier

__all__ = [
    "ArchivePolicy",
    "CalendarPolicy",
    "ContactCounting",
    "DutyPolicy",
    "FilingPolicy",
    "FluctuationPolicy",
    "KeyCustomerPolicy",
    "MarketingLogPolicy",
    "PeriodPolicy",
    "SchedulePolicy",
]

_DAYS_IN_SHORTEST_MONTH = 28  # calendar fact, not policy: February outside leap years
_MONTHS_IN_YEAR = 12  # calendar fact


class PeriodPolicy(Section):
    """ARCH-2: how calendar-aligned periods are cut (half-months, months, quarters, …)."""

    half_month_first_half_ends: int = Field(ge=1, description="Last day of the first half.")
    year_starts_in_month: int = Field(ge=1, le=12, description="First month of quarters/halves.")
    months: dict[Cadence, int] = Field(description="Length in months of each cadence.")

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
        for cadence in Cadence:
            if cadence is Cadence.HALF_MONTH:
                if cadence in self.months:
                    found.append(
                        PolicyProblem(
                            f"{path}.months.half_month",
                            "half-months are cut by half_month_first_half_ends, not by months",
                            self.rule,
                        )
                    )
                continue
            length = self.months.get(cadence)
            if length is None:
                found.append(PolicyProblem(f"{path}.months.{cadence.value}", "missing", self.rule))
            elif length < 1 or _MONTHS_IN_YEAR % length:
                found.append(
                    PolicyProblem(
                        f"{path}.months.{cadence.value}",
                        f"must divide the 12 months of a year (got {length})",
                        self.rule,
                    )
                )
        return found


def _missing_tiers(table: dict[Tier, Cadence], path: str, rule: str) -> list[PolicyProblem]:
    return [
        PolicyProblem(f"{path}.{tier.value}", "no entry for this tier", rule)
        for tier in Tier
        if tier not in table
    ]


class ArchivePolicy(Section):
    """ARCH-1: the archive refresh cadence of each tier (客户档案更新)."""

    cadence: dict[Tier, Cadence]

    def problems(self, path: str) -> list[PolicyProblem]:
        return _missing_tiers(self.cadence, f"{path}.cadence", self.rule)


class ContactCounting(Section):
    """VISIT-3: which kinds of contact count toward VISIT-1 and which toward VISIT-2."""

    counted: frozenset[ContactKind] = Field(description="Kinds counted toward VISIT-1.")
    leadership: frozenset[ContactKind] = Field(description="Kinds counted toward VISIT-2.")

    def problems(self, path: str) -> list[PolicyProblem]:
        if not self.counted:
            return [PolicyProblem(f"{path}.counted", "must name at least one kind", self.rule)]
        return []


class FluctuationPolicy(Section):
    """FLUX-1: a month-on-month change above ``more_than`` must be analysed."""

    more_than: Decimal = Field(gt=0, description="Relative change that is exceeded (0.3 = 30%).")
    flag_from_zero: bool = Field(description="Whether 0 → positive volume must be analysed.")


class FilingPolicy(Section):
    """FILE-1: filing with the provincial market department (报省局市场部备案)."""

    monthly_average_at_least: Yuan
    top: int = Field(ge=0, description="Top N by monthly average spend, ties included.")


class KeyCustomerPolicy(Section):
    """REPORT-5: the key customers of the detailed revenue table (重点大客户)."""

    min_tier: Tier
    top: int = Field(ge=0, description="Top N by revenue, ties included.")


class DutyPolicy(Section):
    """One recurring duty of the work calendar (REPORT-1..4, ANALYSE-1, CAL-1..2)."""

    key: str = Field(pattern=r"^[a-z0-9-]+$", description="Stable identifier (used in UIDs).")
    what: str = Field(min_length=1)
    what_zh: str = Field(min_length=1)
    who: str = Field(min_length=1)
    who_zh: str = Field(min_length=1)
    every: Cadence
    day: int | None = Field(
        default=None, ge=1, le=31, description="Due on this day of the month; none: period end."
    )
    months_after: int = Field(
        default=0, ge=0, description="Due this many months after the period's last month."
    )
    at_least: int = Field(default=1, ge=1)
    at_most: int = Field(default=1, ge=1)

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
        if self.every is Cadence.HALF_MONTH and (self.day is not None or self.months_after):
            found.append(
                PolicyProblem(f"{path}.day", "half-monthly duties are due at period end", self.rule)
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


class MarketingLogPolicy(Section):
    """LOG-2..4: which tiers are checked entry by entry, and who needs a named person."""

    checked_tiers: frozenset[Tier]
    every_negotiation_tiers: frozenset[Tier]
    rolled_up: dict[Tier, Cadence] = Field(description="LOG-2: tiers whose logs are rolled up.")
    named_person_required: frozenset[Tier]
    named_person_recommended: frozenset[Tier]

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


class SchedulePolicy(BaseModel):
    """Schedules and duties (RULEBOOK §6–§9, §15): one sub-section per rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    periods: PeriodPolicy
    archives: ArchivePolicy
    contacts: ContactCounting
    fluctuation: FluctuationPolicy
    filing: FilingPolicy
    key_customers: KeyCustomerPolicy
    calendar: CalendarPolicy
    marketing_log: MarketingLogPolicy

    def problems(self, path: str) -> list[PolicyProblem]:
        return [
            *self.periods.problems(f"{path}.periods"),
            *self.archives.problems(f"{path}.archives"),
            *self.contacts.problems(f"{path}.contacts"),
            *self.fluctuation.problems(f"{path}.fluctuation"),
            *self.filing.problems(f"{path}.filing"),
            *self.key_customers.problems(f"{path}.key_customers"),
            *self.calendar.problems(f"{path}.calendar"),
            *self.marketing_log.problems(f"{path}.marketing_log"),
        ]

"""The report's months: who is a key account in each month, with its class, unit and revenue.

A customer's tier in a month is decided by the engine (``Evaluator.decide``) on a
:class:`Customer` built from the revenue: ``last_year_revenue`` is the previous calendar
year's revenue by line, and ``current_month_revenue`` the month's. A month can be graded only
when the data reaches back to January of the previous year; otherwise it is ``None``
(missing), never empty. By level (EDITION-2) a customer is a key account in each month its
revenue series covers with the level in force on the month's last day (levels are dated,
G-20: a :class:`~keyaccount_rules.month.arguments.GivenLevels`); a month the levels do not
decide is missing. Each month is decided once (:class:`ReportMonths`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from keyaccount_rules.core.frozen import FrozenDict
from keyaccount_rules.core.money import exact
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, Level, Tier, Unit
from keyaccount_rules.engine.customer import Evaluator
from keyaccount_rules.month.arguments import GivenLevels
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.records.customer import Customer
from keyaccount_rules.records.facts import Facts
from keyaccount_rules.rules.levels import level_plan

__all__ = ["Accounts", "Graded", "ReportMonths", "rank", "total"]

Accounts = dict[str, "Graded"]  # a month's key accounts by revenue key


@dataclass(frozen=True)
class Graded:
    """A key account in one month: its tier (or level), unit and the month's revenue."""

    tier: Tier | None
    unit: Unit
    revenue: Decimal
    level: Level | None = None
    by_line: Mapping[BusinessLine, Decimal] = field(default_factory=dict)  # the month's lines

    @property
    def klass(self) -> Tier | Level:
        """The tier, or the level by level."""
        found = self.level or self.tier
        if found is None:  # never: a key account has one or the other
            raise ValueError("a key account without tier or level")
        return found


_LEVEL_RANK = {Level.COUNTY: 0, Level.PREFECTURE: 1}


def rank(klass: Tier | Level) -> int:
    """The order of classes for upgrades and downgrades (州级 above 县级)."""
    return _LEVEL_RANK[klass] if isinstance(klass, Level) else klass.rank


def total(values: Iterable[Decimal]) -> Decimal:
    """The sum of amounts, in yuan (0.00 when there are none)."""
    return sum(values, Decimal("0.00"))


class ReportMonths:
    """Decides each month's key accounts once, from the revenue series."""

    def __init__(
        self,
        series: RevenueSeries,
        customers: Mapping[str, Customer],
        facts: Facts,
        levels: GivenLevels | None = None,
    ) -> None:
        self.series, self.customers, self.facts = series, customers, facts
        self.policy = facts.policy  # the report month's; each month graded has its own
        self.levels = levels  # EDITION-2: each customer's dated levels (G-20)
        self.no_level: set[str] = set()  # revenue customers levels does not name
        self._units: dict[Level, Unit] = {}  # one plan per level
        reach = series.months
        self.first = None if reach is None else reach[0]
        self.last = None if reach is None else reach[1]
        self._decided: dict[Month, Accounts | None] = {}  # one decision per month compared
        self.missing: set[tuple[str, Month]] = set()

    def facts_of(self, month: Month) -> Facts:
        """The run's facts on the month's last day: under a history, the policy in force then."""
        day = month.last_day
        policy = (
            self.facts.policy if self.facts.history is None else self.facts.history.in_force(day)
        )
        return self.facts.model_copy(update={"as_of": day, "policy": policy})  # already valid

    def revenue_reaches(self, month: Month) -> bool:
        """Whether the data's months include ``month``."""
        return self.first is not None and self.last is not None and self.first <= month <= self.last

    def level_of(self, key: str, levels: Mapping[str, Level | None]) -> Level | None:
        """The level ``levels`` (one month's) gives a revenue key, by that key or its record's
        name or ID."""
        record = self.customers.get(key)
        for name in (key, record and record.name, record and str(record.customer_id or "")):
            if name and name in levels:
                return levels[name]
        self.no_level.add(key)
        return None

    def unit_of(self, level: Level) -> Unit:
        """LEVEL-1's unit of a level."""
        found = self._units.get(level)
        if found is None:
            found = self._units[level] = level_plan(level, policy=self.policy).unit
        return found

    @exact
    def graded(self, month: Month) -> Accounts | None:
        """The month's key accounts (``None``: the data does not reach or cannot grade it)."""
        if month not in self._decided:
            by_level = self.levels is not None
            self._decided[month] = self._by_level(month) if by_level else self._by_tier(month)
        return self._decided[month]

    def _by_level(self, month: Month) -> Accounts | None:
        """EDITION-2: the customers with a level on the month's last day whose revenue series
        covers the month (before its first or after its last row: not a customer)."""
        given = self.levels
        if given is None or not self.revenue_reaches(month) or not given.decides(month.last_day):
            return None
        in_force = given.on(month.last_day)
        result: Accounts = {}
        for key in self.series:
            level = self.level_of(key, in_force)
            if level is None or not self.series.in_span(key, month):
                continue
            current = self.series.lines(key, month)
            if current is None:
                self.missing.add((key, month))
                continue
            result[key] = Graded(
                None, self.unit_of(level), total(current.values()), level, by_line=current
            )
        return result

    def _gradable(self, month: Month) -> bool:
        return (
            self.revenue_reaches(month)
            and self.first is not None
            and (self.first <= Month(month.year - 1, 1))
        )

    def _last_year(self, key: str, year: int) -> dict[BusinessLine, Decimal]:
        found: dict[BusinessLine, Decimal] = {}
        for number in range(1, 13):
            for line, amount in (self.series.lines(key, Month(year, number)) or {}).items():
                found[line] = found.get(line, Decimal("0.00")) + amount
        return found

    def _by_tier(self, month: Month) -> Accounts | None:
        """Each customer graded on the month's and last year's revenue (QUAL, GRADE, RESP)."""
        if not self._gradable(month):
            return None
        result: Accounts = {}
        run = Evaluator(self.facts_of(month))
        for key in self.series:
            current = self.series.lines(key, month)
            gaps = self.series.missing(key, Month(month.year - 1, 1), Month(month.year - 1, 12))
            if current is None or gaps:
                self.missing.update((key, gap) for gap in gaps)
                if current is None:
                    self.missing.add((key, month))
                continue
            last_year = self._last_year(key, month.year - 1)
            if not current and not last_year:
                continue
            base = self.customers.get(key) or Customer(name=key)
            customer = base.model_copy(  # amounts already validated by the series
                update={
                    "last_year_revenue": FrozenDict(last_year),
                    "current_month_revenue": FrozenDict(current),
                }
            )
            # the decisions only: the report shows no customer's steps
            outcome = run.outcome(customer)
            if outcome.key_account and outcome.tier and outcome.unit:
                result[key] = Graded(
                    outcome.tier, outcome.unit, total(current.values()), by_line=current
                )
        return result

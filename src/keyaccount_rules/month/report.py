"""The monthly report (月度大客户统计及经营分析, REPORT-2/3) from monthly revenue.

A customer's tier in a month is decided by :func:`evaluate` on a :class:`Customer` built from
the revenue: ``last_year_revenue`` is the previous calendar year's revenue by line, and
``current_month_revenue`` the month's. A month can be graded only when the data reaches back
to January of the previous year; otherwise its figures are ``None`` (missing), never 0. The
same ``bureau_annual_revenue`` grades every month compared.

Figures are given against last month, the same month last year, and the year to date
(revenue: January to the month, against the same months last year; accounts: against the end
of last year, 比年初).

>>> from decimal import Decimal
>>> from keyaccount_rules.core.periods import Month
>>> from keyaccount_rules.records.activity import RevenueRow
>>> from keyaccount_rules.core.vocabulary import BusinessLine as L
>>> rows = [RevenueRow(1, "A", Month(2024, m), L.EXPRESS, Decimal("200000")) for m in range(1, 13)]
>>> rows.append(RevenueRow(1, "A", Month(2025, 1), L.EXPRESS, Decimal("210000")))
>>> r = monthly_report(rows, month="2025-01", bureau_annual_revenue=300_000_000)
>>> r.has_data, r.accounts[0].key, r.accounts[0].this_month, r.accounts[0].last_month
(True, 'total', 1, None)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

import keyaccount_rules.core.catalogue as messages
from keyaccount_rules.core import writers
from keyaccount_rules.core.arguments import (
    BureauRevenue,
    as_iterable,
    checked,
)
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result
from keyaccount_rules.core.frozen import FrozenDict, FrozenMap
from keyaccount_rules.core.money import exact, format_yuan
from keyaccount_rules.core.optional import load_pandas
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, Level, Tier, Unit
from keyaccount_rules.engine.customer import Evaluator, classes_by_level
from keyaccount_rules.month.agenda import OptionalLevel, checked_levels
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.policy import Policy, require, resolve_policy
from keyaccount_rules.records.activity import RevenueRow
from keyaccount_rules.records.customer import Customer
from keyaccount_rules.rules.levels import level_plan
from keyaccount_rules.rules.reporting import fluctuation, key_customers, provincial_filing_list

__all__ = [
    "AccountFigure",
    "DetailRow",
    "FilingRow",
    "FluxRow",
    "MonthlyReport",
    "Movement",
    "MovementSet",
    "REPORT_COLUMNS",
    "RevenueFigure",
    "TrendPoint",
    "monthly_report",
]

Against = Literal["last_month", "last_year", "year_start"]
Group = Literal["total", "tier", "unit", "level"]


class AccountFigure(BaseModel):
    """Key accounts in a group (``total``, a tier, a level or a unit): this month and the
    comparisons."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group: Group
    key: str
    this_month: int | None
    last_month: int | None
    last_year: int | None
    year_start: int | None


class RevenueFigure(BaseModel):
    """Key accounts' revenue in a group: the month, last month, last year, year to date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group: Group
    key: str
    this_month: Decimal | None
    last_month: Decimal | None
    last_year: Decimal | None
    year_to_date: Decimal | None
    year_to_date_last_year: Decimal | None


class Movement(BaseModel):
    """One account that was gained, lost, upgraded or downgraded against a base month; its
    class before and after is a tier, or a level under a policy that classes by level."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str
    kind: Literal["gained", "lost", "upgraded", "downgraded"]
    before: Tier | Level | None
    after: Tier | Level | None


class MovementSet(BaseModel):
    """Movements against one base month; ``available`` False when the data does not reach it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    against: Against
    base: str
    available: bool
    gained: tuple[Movement, ...]
    lost: tuple[Movement, ...]
    upgraded: tuple[Movement, ...]
    downgraded: tuple[Movement, ...]


class FluxRow(BaseModel):
    """A key account whose month-on-month revenue must be analysed (FLUX-1), change signed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str
    tier: Tier
    unit: Unit
    previous: Decimal
    current: Decimal
    change: Decimal | None
    explanation: Explanation


class DetailRow(OptionalLevel):
    """A row of the detailed revenue table (重点大客户收入统计表, REPORT-5); by level (no
    REPORT-5), every key account of the month with its level (按月对大客户用邮情况进行分析)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str
    tier: Tier | None
    unit: Unit
    by_line: FrozenMap[BusinessLine, Decimal]
    this_month: Decimal
    last_month: Decimal | None
    last_year: Decimal | None
    year_to_date: Decimal | None
    level: Level | None = None


class FilingRow(BaseModel):
    """A GOLD customer filed with the provincial market department (FILE-1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str
    monthly_average: Decimal
    by_amount: bool
    by_rank: bool


class TrendPoint(BaseModel):
    """One month of the 13-month trend; None where the data does not reach."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    month: str
    revenue: Decimal | None
    key_accounts: int | None
    key_revenue: Decimal | None


class MonthlyReport(Result):
    """The month's key-account statistics and analysis (REPORT-2/3)."""

    model_config = ConfigDict(frozen=True)

    month: str
    has_data: bool
    accounts: tuple[AccountFigure, ...]
    revenue: tuple[RevenueFigure, ...]
    movements: tuple[MovementSet, ...]
    transitions: FrozenMap[str, int]
    flux: tuple[FluxRow, ...]
    detail: tuple[DetailRow, ...]
    filing: tuple[FilingRow, ...]
    trend: tuple[TrendPoint, ...]
    missing: tuple[tuple[str, str], ...]
    explanation: Explanation

    def to_rows(self) -> list[dict[str, Any]]:
        """The account and revenue figures as flat rows (measure, group, key, columns)."""
        rows: list[dict[str, Any]] = []
        for figure in self.accounts:
            rows.append({"measure": "accounts", **figure.model_dump(mode="json")})
        for revenue in self.revenue:
            rows.append({"measure": "revenue", **revenue.model_dump(mode="json")})
        return rows

    def to_dataframe(self) -> Any:
        """The figures as a pandas DataFrame (needs the ``pandas`` extra); missing is NaN."""
        return load_pandas().DataFrame(self.to_rows(), columns=REPORT_COLUMNS)

    def to_csv(self) -> str:
        """The figures as CSV text; a missing figure is an empty cell."""
        return writers.write("report.csv", self)

    @property
    def by_level(self) -> bool:
        """Whether the figures are by level (a policy that classes by level, EDITION-2)."""
        return any(f.group == "level" for f in self.accounts)

    def to_html(self, lang: Literal["en", "zh"] = "en") -> str:
        """One self-contained printable page: inline CSS and SVG charts, no network."""
        return writers.write("report.html", self, lang=lang)

    def charts_html(self, lang: Literal["en", "zh"] = "en") -> str:
        """The four inline SVG charts of :meth:`to_html` as one HTML fragment (notebooks)."""
        return writers.write("report.charts", self, lang=lang)


REPORT_COLUMNS = [
    "measure",
    "group",
    "key",
    "this_month",
    "last_month",
    "last_year",
    "year_start",
    "year_to_date",
    "year_to_date_last_year",
]


@dataclass(frozen=True)
class _Graded:
    tier: Tier | None
    unit: Unit
    revenue: Decimal
    level: Level | None = None

    @property
    def klass(self) -> Tier | Level:
        """The tier, or the level by level."""
        found = self.level or self.tier
        if found is None:  # never: a key account has one or the other
            raise ValueError("a key account without tier or level")
        return found


_LEVEL_RANK = {Level.COUNTY: 0, Level.PREFECTURE: 1}


def _rank(klass: Tier | Level) -> int:
    return _LEVEL_RANK[klass] if isinstance(klass, Level) else klass.rank


class _Months:
    """Grades customers month by month (each month once), from the revenue series."""

    def __init__(
        self,
        series: RevenueSeries,
        customers: Mapping[str, Customer],
        bureau: Decimal,
        policy: Policy,
        levels: Mapping[str, Level | None] | None = None,
    ) -> None:
        self.series, self.customers, self.bureau, self.policy = series, customers, bureau, policy
        self.levels = levels  # EDITION-2: given, the same in every month
        self.no_level: set[str] = set()  # revenue customers levels does not name
        self._units: dict[Level, Unit] = {}
        reach = series.months
        self.first = None if reach is None else reach[0]
        self.last = None if reach is None else reach[1]
        self._cache: dict[Month, dict[str, _Graded] | None] = {}
        self.missing: set[tuple[str, Month]] = set()

    def revenue_reaches(self, month: Month) -> bool:
        return self.first is not None and self.last is not None and self.first <= month <= self.last

    def level_of(self, key: str) -> Level | None:
        """The level given for a revenue key, by that key or its record's name or ID."""
        levels = self.levels or {}
        record = self.customers.get(key)
        for name in (key, record and record.name, record and str(record.customer_id or "")):
            if name and name in levels:
                return levels[name]
        self.no_level.add(key)
        return None

    def unit_of(self, level: Level) -> Unit:
        """LEVEL-1's unit of a level (one plan per level)."""
        found = self._units.get(level)
        if found is None:
            found = self._units[level] = level_plan(level, policy=self.policy).unit
        return found

    def by_level(self, month: Month) -> dict[str, _Graded] | None:
        """EDITION-2: the month's key accounts are the customers with a level whose revenue
        series covers the month (before its first or after its last row: not a customer)."""
        if not self.revenue_reaches(month):
            return None
        result: dict[str, _Graded] = {}
        for key in self.series:
            level = self.level_of(key)
            if level is None or not self.series.in_span(key, month):
                continue
            current = self.series.lines(key, month)
            if current is None:
                self.missing.add((key, month))
                continue
            result[key] = _Graded(
                None, self.unit_of(level), sum(current.values(), Decimal("0.00")), level
            )
        return result

    def gradable(self, month: Month) -> bool:
        return (
            self.revenue_reaches(month)
            and self.first is not None
            and (self.first <= Month(month.year - 1, 1))
        )

    @exact
    def graded(self, month: Month) -> dict[str, _Graded] | None:
        if month in self._cache:
            return self._cache[month]
        result: dict[str, _Graded] | None = None
        if self.levels is not None:
            result = self.by_level(month)
        elif self.gradable(month):
            result = {}
            run = Evaluator(
                bureau_annual_revenue=self.bureau, as_of=month.last_day, policy=self.policy
            )
            for key in self.series:
                current = self.series.lines(key, month)
                gaps = self.series.missing(key, Month(month.year - 1, 1), Month(month.year - 1, 12))
                if current is None or gaps:
                    self.missing.update((key, gap) for gap in gaps)
                    if current is None:
                        self.missing.add((key, month))
                    continue
                last_year: dict[BusinessLine, Decimal] = {}
                for m in range(1, 13):
                    for line, amount in (
                        self.series.lines(key, Month(month.year - 1, m)) or {}
                    ).items():
                        last_year[line] = last_year.get(line, Decimal("0.00")) + amount
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
                    result[key] = _Graded(
                        outcome.tier, outcome.unit, sum(current.values(), Decimal("0.00"))
                    )
        self._cache[month] = result
        return result


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal("0.00"))


def _groups(policy: Policy) -> list[tuple[Group, str]]:
    """Total, each tier, and each unit the policy can make responsible (RESP-1, RESP-2); by
    level, total, each level and each level's unit (LEVEL-1)."""
    if classes_by_level(policy):
        section = require(policy, "levels", policy.levels)
        return [
            ("total", "total"),
            *(("level", level.value) for level in Level),
            *(("unit", u.value) for u in Unit if u in section.units.values()),
        ]
    responsibility = require(policy, "responsibility", policy.responsibility)
    units = {unit for row in responsibility.table.values() for unit in row.values()}
    units |= set(responsibility.delegates)
    return [
        ("total", "total"),
        *(("tier", t.value) for t in Tier),
        *(("unit", u.value) for u in Unit if u in units),
    ]


def _member(graded: _Graded, group: str, key: str) -> bool:
    if group == "total":
        return True
    if group == "unit":
        return graded.unit.value == key
    return graded.klass.value == key  # a tier or a level


@exact
def monthly_report(
    month_revenue: RevenueSeries | Iterable[RevenueRow],
    *,
    month: str | Month,
    bureau_annual_revenue: object,
    customers: Iterable[Customer] | None = None,
    levels: Mapping[str, Level | str | None] | None = None,
    policy: Policy | None = None,
) -> MonthlyReport:
    """The month's key-account report (REPORT-2/3) from monthly revenue by customer and line.

    Args:
        month_revenue: revenue rows (:func:`read_revenue`) or a :class:`RevenueSeries`; at
            least the report month, ideally from January of the year before last.
        month: the report month, ``YYYY-MM``.
        bureau_annual_revenue: the bureau's annual revenue (GRADE-6), for every month graded.
        customers: optional records giving scope, agreement and customer ID by name (default:
            comprehensive, no agreement).
        levels: required under a policy that classes key accounts by level (``liangshan``,
            EDITION-2), refused under others: customer name or ID → level (州级/县级,
            ``"prefecture"``/``"county"``) or ``None`` (not a key account), as for
            :func:`agenda`. The figures are then by level and by unit (LEVEL-1) in place of
            by tier; a customer with a level is a key account in each month its revenue
            series covers (gained: its series starts; lost: it ended), the levels being the
            same in every month compared. Revenue of customers ``levels`` does not name is
            not counted, and the explanation says how many. There is no FLUX-1, REPORT-5 or
            FILE-1 by level (001 has none): ``flux`` and ``filing`` are empty and ``detail``
            lists every key account (按月对大客户用邮情况进行分析).
        policy: the policy (edition) to apply.
    """
    policy = resolve_policy(policy)
    report_month = Month.parse(month)
    series = (
        month_revenue
        if isinstance(month_revenue, RevenueSeries)
        else RevenueSeries.from_rows(month_revenue)
    )
    bureau: Decimal = checked(BureauRevenue, bureau_annual_revenue, "bureau_annual_revenue")
    known: dict[str, Customer] = {}
    records = () if customers is None else as_iterable(customers, "customers", what="Customers")
    for position, record in enumerate(records):
        if not isinstance(record, Customer):
            raise RuleInputError(
                f"customers[{position}]", "must be a Customer", got=type(record).__name__
            )
        known[record.name] = record
        if record.customer_id is not None:
            known[str(record.customer_id)] = record
    months = _Months(series, known, bureau, policy, checked_levels(levels, policy))
    label = str(report_month)
    has_data = any(series.lines(key, report_month) for key in series) and months.revenue_reaches(
        report_month
    )
    steps = []
    if not has_data:
        steps.append(messages.step("REPORT-2", "cycle.report_no_data", month=label))
        return MonthlyReport(
            month=label,
            has_data=False,
            accounts=(),
            revenue=(),
            movements=(),
            transitions={},
            flux=(),
            detail=(),
            filing=(),
            trend=(),
            missing=(),
            explanation=Explanation(steps=tuple(steps)),
            policy_fingerprint=policy.fingerprint,
        )
    last_month, last_year = report_month.shift(-1), report_month.shift(-12)
    year_start = Month(report_month.year - 1, 12)
    now = months.graded(report_month)
    before = months.graded(last_month)
    a_year_ago = months.graded(last_year)
    at_year_start = months.graded(year_start)

    def count(graded: dict[str, _Graded] | None, group: str, key: str) -> int | None:
        if graded is None:
            return None
        return sum(1 for g in graded.values() if _member(g, group, key))

    def revenue_of(graded: dict[str, _Graded] | None, group: str, key: str) -> Decimal | None:
        if graded is None:
            return None
        return _sum(g.revenue for g in graded.values() if _member(g, group, key))

    def year_to_date(upto: Month, group: str, key: str) -> Decimal | None:
        total = Decimal("0.00")
        for m in range(1, upto.month + 1):
            graded = months.graded(Month(upto.year, m))
            if graded is None:
                return None
            total += _sum(g.revenue for g in graded.values() if _member(g, group, key))
        return total

    accounts = tuple(
        AccountFigure(
            group=group,
            key=key,
            this_month=count(now, group, key),
            last_month=count(before, group, key),
            last_year=count(a_year_ago, group, key),
            year_start=count(at_year_start, group, key),
        )
        for group, key in _groups(policy)
    )
    revenue = tuple(
        RevenueFigure(
            group=group,
            key=key,
            this_month=revenue_of(now, group, key),
            last_month=revenue_of(before, group, key),
            last_year=revenue_of(a_year_ago, group, key),
            year_to_date=year_to_date(report_month, group, key),
            year_to_date_last_year=year_to_date(last_year, group, key),
        )
        for group, key in _groups(policy)
    )
    bases: tuple[tuple[Against, Month, dict[str, _Graded] | None], ...] = (
        ("last_month", last_month, before),
        ("last_year", last_year, a_year_ago),
        ("year_start", year_start, at_year_start),
    )
    movements = tuple(
        _movements(against, str(base), now, graded) for against, base, graded in bases
    )
    transitions: dict[str, int] = {}
    if now is not None and before is not None:
        for key in set(now) | set(before):
            old = before[key].klass.value if key in before else "none"
            new = now[key].klass.value if key in now else "none"
            transitions[f"{old}>{new}"] = transitions.get(f"{old}>{new}", 0) + 1
        # written in key order: the JSON must not depend on the hash seed (set order above)
        transitions = dict(sorted(transitions.items()))

    flux: list[FluxRow] = []
    detail: list[DetailRow] = []
    filing: list[FilingRow] = []
    by_level = months.levels is not None
    if now and policy.schedules.fluctuation is None:
        steps.append(messages.step("REPORT-4", "cycle.report_no_flux"))
    if now and policy.schedules.fluctuation is not None:
        for key, graded in sorted(now.items()):
            previous = series.total(key, last_month)
            if previous is None:
                continue
            result = fluctuation(previous, graded.revenue, policy=policy)
            if result.must_analyse and graded.tier is not None:
                signed = result.change  # FLUX-1: already signed (a fall is negative)
                flux.append(
                    FluxRow(
                        customer=key,
                        tier=graded.tier,
                        unit=graded.unit,
                        previous=previous,
                        current=graded.revenue,
                        change=signed,
                        explanation=result.explanation,
                    )
                )
    if now:
        chosen = (
            list(now)  # by level: every key account is analysed monthly (REPORT-4)
            if by_level
            else key_customers(
                {k: g.revenue for k, g in now.items()},
                {k: g.tier for k, g in now.items() if g.tier is not None},
                policy=policy,
            ).keys
        )
        for key in sorted(chosen, key=lambda k: (-now[k].revenue, k)):
            graded = now[key]
            ytd = [
                series.total(key, Month(report_month.year, m))
                for m in range(1, report_month.month + 1)
            ]
            detail.append(
                DetailRow(
                    customer=key,
                    tier=graded.tier,
                    level=graded.level,
                    unit=graded.unit,
                    by_line=dict(series.lines(key, report_month) or {}),
                    this_month=graded.revenue,
                    last_month=series.total(key, last_month),
                    last_year=series.total(key, last_year)
                    if months.revenue_reaches(last_year)
                    else None,
                    year_to_date=None if any(v is None for v in ytd) else _sum(v for v in ytd if v),
                )
            )
        gold = {
            key: average
            for key, graded in now.items()
            if graded.tier is Tier.GOLD
            and (average := series.average(key, report_month.shift(-11), report_month)) is not None
        }
        if gold:
            filed = provincial_filing_list(
                gold, tiers=dict.fromkeys(gold, Tier.GOLD), policy=policy
            )
            filing = [
                FilingRow(
                    customer=key,
                    monthly_average=gold[key],
                    by_amount=key in filed.by_amount,
                    by_rank=key in filed.by_rank,
                )
                for key in sorted(filed.keys, key=lambda k: (-gold[k], k))
            ]
            steps.extend(filed.explanation)
    trend = []
    for back in range(12, -1, -1):
        m = report_month.shift(-back)
        in_month = months.graded(m)
        totals = [series.total(key, m) for key in series] if months.revenue_reaches(m) else [None]
        trend.append(
            TrendPoint(
                month=str(m),
                revenue=None if any(t is None for t in totals) else _sum(t for t in totals if t),
                key_accounts=None if in_month is None else len(in_month),
                key_revenue=None
                if in_month is None
                else _sum(g.revenue for g in in_month.values()),
            )
        )
    total = revenue[0].this_month or Decimal("0.00")
    steps.insert(
        0,
        messages.step(
            "REPORT-2",
            "cycle.report_summary",
            month=label,
            accounts=accounts[0].this_month,
            revenue=format_yuan(total),
        ),
    )
    for what, (_against, base, graded_base) in zip(
        ("last month", "same month last year", "year start"), bases, strict=True
    ):
        if graded_base is None:
            steps.append(
                messages.step("REPORT-3", "cycle.report_unreached", what=what, month=str(base))
            )
    missing = tuple(sorted((key, str(m)) for key, m in months.missing))
    if missing:
        steps.append(messages.step("REPORT-2", "cycle.report_missing", count=len(missing)))
    if by_level:
        steps.append(messages.step("EDITION-2", "cycle.report_levels_static"))
        if months.no_level:
            steps.append(
                messages.step("EDITION-2", "cycle.report_no_level", count=len(months.no_level))
            )
    return MonthlyReport(
        month=label,
        has_data=True,
        accounts=accounts,
        revenue=revenue,
        movements=movements,
        transitions=transitions,
        flux=tuple(flux),
        detail=tuple(detail),
        filing=tuple(filing),
        trend=tuple(trend),
        missing=missing,
        explanation=Explanation(steps=tuple(steps)),
        policy_fingerprint=policy.fingerprint,
    )


def _movements(
    against: Against,
    base: str,
    now: dict[str, _Graded] | None,
    then: dict[str, _Graded] | None,
) -> MovementSet:
    if now is None or then is None:
        return MovementSet(
            against=against,
            base=base,
            available=False,
            gained=(),
            lost=(),
            upgraded=(),
            downgraded=(),
        )
    gained = [
        Movement(customer=k, kind="gained", before=None, after=now[k].klass)
        for k in sorted(now.keys() - then.keys())
    ]
    lost = [
        Movement(customer=k, kind="lost", before=then[k].klass, after=None)
        for k in sorted(then.keys() - now.keys())
    ]
    up, down = [], []
    for key in sorted(now.keys() & then.keys()):
        old, new = then[key].klass, now[key].klass
        if _rank(new) > _rank(old):
            up.append(Movement(customer=key, kind="upgraded", before=old, after=new))
        elif _rank(new) < _rank(old):
            down.append(Movement(customer=key, kind="downgraded", before=old, after=new))
    return MovementSet(
        against=against,
        base=base,
        available=True,
        gained=tuple(gained),
        lost=tuple(lost),
        upgraded=tuple(up),
        downgraded=tuple(down),
    )

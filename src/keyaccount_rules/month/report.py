"""The monthly report (月度大客户统计及经营分析, REPORT-2/3) from monthly revenue.

Each month's key accounts are decided once (:mod:`~keyaccount_rules.month.report_months`:
graded by the engine, or by level); the report maps those decisions to figures. The same
``bureau_annual_revenue`` grades every month compared. Figures are given against last month,
the same month last year, and the year to date (revenue: January to the month, against the
same months last year; accounts: against the end of last year, 比年初); the FLUX-1 list, the
REPORT-5 detail table and the FILE-1 filing list are the rule families' own decisions.

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

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import keyaccount_rules.core.catalogue as messages
from keyaccount_rules.core.arguments import as_iterable, checked
from keyaccount_rules.core.explanation import Explanation, Step
from keyaccount_rules.core.money import Amount, exact, format_yuan
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import Tier
from keyaccount_rules.month.arguments import checked_levels
from keyaccount_rules.month.level_history import LevelHistory
from keyaccount_rules.month.report_figures import (
    Compared,
    figures,
    movements,
    transitions,
    twelve_months,
)
from keyaccount_rules.month.report_models import (
    REPORT_COLUMNS,
    AccountFigure,
    DetailRow,
    FilingRow,
    FluxRow,
    MonthlyReport,
    Movement,
    MovementSet,
    RevenueFigure,
    TrendPoint,
)
from keyaccount_rules.month.report_months import ReportMonths, total
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.policy import Policy
from keyaccount_rules.policy.history import PolicyHistory
from keyaccount_rules.records.activity import RevenueRow
from keyaccount_rules.records.customer import Customer, Customers, PortfolioCustomer
from keyaccount_rules.records.facts import Facts
from keyaccount_rules.rules.reporting import fluctuation, key_customers, provincial_filing_list

__all__ = [
    "REPORT_COLUMNS",
    "AccountFigure",
    "DetailRow",
    "FilingRow",
    "FluxRow",
    "MonthlyReport",
    "Movement",
    "MovementSet",
    "RevenueFigure",
    "TrendPoint",
    "monthly_report",
]

#: The words for each base month, from the catalogues (both languages fill ``{what[..]}``).
_BASE_NAMES = ("cycle.against_last_month", "cycle.against_last_year", "cycle.against_year_start")


def _flux(
    c: Compared, series: RevenueSeries, months: ReportMonths, policy: Policy
) -> tuple[tuple[FluxRow, ...], list[Step]]:
    """FLUX-1: each key account whose revenue swung against last month, to be analysed; a
    one-time key account (its record's ``one_time``: 一次性大客户除外) is exempt, and the
    explanation counts the exempt ones."""
    if not c.now:
        return (), []
    if policy.schedules.fluctuation is None:
        return (), [messages.step("REPORT-4", "cycle.report_no_flux")]
    rows = []
    exempt = 0
    for key, graded in sorted(c.now.items()):
        previous = series.total(key, c.bases[0][1])
        if previous is None:
            continue
        record = months.customers.get(key)
        one_time = record is not None and record.one_time
        result = fluctuation(previous, graded.revenue, one_time=one_time, policy=policy)
        if one_time:  # counted when the swing alone would need the analysis
            exempt += fluctuation(previous, graded.revenue, policy=policy).must_analyse
        if result.must_analyse and graded.tier is not None:
            rows.append(
                FluxRow(
                    customer=key,
                    tier=graded.tier,
                    unit=graded.unit,
                    previous=previous,
                    current=graded.revenue,
                    change=result.change,  # FLUX-1: already signed (a fall is negative)
                    explanation=result.explanation,
                )
            )
    steps = [messages.step("FLUX-1", "cycle.report_one_time", count=exempt)] if exempt else []
    return tuple(rows), steps


def _detail(
    c: Compared, series: RevenueSeries, months: ReportMonths, policy: Policy
) -> tuple[DetailRow, ...]:
    """REPORT-5's detail table; by level, every key account (按月对大客户用邮情况进行分析)."""
    now = c.now
    if not now:
        return ()
    chosen = (
        list(now)
        if months.levels is not None
        else key_customers(
            {k: g.revenue for k, g in now.items()},
            {k: g.tier for k, g in now.items() if g.tier is not None},
            policy=policy,
        ).keys
    )
    last_month, last_year = c.bases[0][1], c.bases[1][1]
    rows = []
    for key in sorted(chosen, key=lambda k: (-now[k].revenue, k)):
        graded = now[key]
        ytd = [series.total(key, Month(c.month.year, m)) for m in range(1, c.month.month + 1)]
        rows.append(
            DetailRow(
                customer=key,
                tier=graded.tier,
                level=graded.level,
                unit=graded.unit,
                by_line=dict(series.lines(key, c.month) or {}),
                this_month=graded.revenue,
                last_month=series.total(key, last_month),
                last_year=series.total(key, last_year)
                if months.revenue_reaches(last_year)
                else None,
                year_to_date=None if any(v is None for v in ytd) else total(v for v in ytd if v),
            )
        )
    return tuple(rows)


def _filing(
    c: Compared, series: RevenueSeries, policy: Policy
) -> tuple[tuple[FilingRow, ...], tuple[Step, ...]]:
    """FILE-1: the gold accounts filed by their monthly average over the last 12 months."""
    gold = {
        key: average
        for key, graded in (c.now or {}).items()
        if graded.tier is Tier.GOLD
        and (average := series.average(key, c.month.shift(-11), c.month)) is not None
    }
    if not gold:
        return (), ()
    filed = provincial_filing_list(gold, tiers=dict.fromkeys(gold, Tier.GOLD), policy=policy)
    rows = tuple(
        FilingRow(
            customer=key,
            monthly_average=gold[key],
            by_amount=key in filed.by_amount,
            by_rank=key in filed.by_rank,
        )
        for key in sorted(filed.keys, key=lambda k: (-gold[k], k))
    )
    return rows, filed.explanation.steps


def _trend(c: Compared, series: RevenueSeries, months: ReportMonths) -> tuple[TrendPoint, ...]:
    """The 13 months up to the report month; ``None`` where the data does not reach."""
    points = []
    for back in range(12, -1, -1):
        m = c.month.shift(-back)
        in_month = months.graded(m)
        totals = [series.total(key, m) for key in series] if months.revenue_reaches(m) else [None]
        points.append(
            TrendPoint(
                month=str(m),
                revenue=None if any(t is None for t in totals) else total(t for t in totals if t),
                key_accounts=None if in_month is None else len(in_month),
                key_revenue=None
                if in_month is None
                else total(g.revenue for g in in_month.values()),
            )
        )
    return tuple(points)


def _summary(
    c: Compared, months: ReportMonths, accounts: int | None, revenue: Decimal | None
) -> tuple[list[Step], list[Step]]:
    """The report's first step, and the steps after the families' own: what was unreached,
    missing, or not counted by level."""
    if accounts is None:  # the month cannot be graded: never "None key accounts"
        first = messages.step(
            "REPORT-2",
            "cycle.report_ungraded",
            month=str(c.month),
            since=str(Month(c.month.year - 1, 1)),
            first=str(months.first),
        )
    else:
        first = messages.step(
            "REPORT-2",
            "cycle.report_summary",
            month=str(c.month),
            accounts=accounts,
            revenue=format_yuan(revenue or Decimal("0.00")),
        )
    after = [
        messages.step(
            "REPORT-3",
            "cycle.report_base_ungraded",
            what=messages.words(name),
            month=str(base),
            since=str(Month(base.year - 1, 1)),
        )
        if months.revenue_reaches(base)
        else messages.step(
            "REPORT-3",
            "cycle.report_unreached",
            what=messages.words(name),
            month=str(base),
        )
        for name, (_against, base, graded) in zip(_BASE_NAMES, c.bases, strict=True)
        if graded is None
    ]
    if months.missing:
        after.append(messages.step("REPORT-2", "cycle.report_missing", count=len(months.missing)))
    if months.levels is not None:
        if months.levels.fixed:
            after.append(messages.step("EDITION-2", "cycle.report_levels_static"))
        else:
            after.append(messages.step("EDITION-2", "cycle.report_levels_dated"))
        if months.no_level:
            count = len(months.no_level)
            after.append(messages.step("EDITION-2", "cycle.report_no_level", count=count))
    return [first], after


def _records(customers: Iterable[Customer] | None) -> tuple[dict[str, Customer], dict[str, int]]:
    """The caller's records by name and by customer ID, and the names several records share
    (with how many: such a name is no key)."""
    known: dict[str, Customer] = {}
    names: dict[str, int] = {}
    records = () if customers is None else checked(Customers, customers, "customers")
    for position, given in enumerate(records):
        record: Customer = checked(PortfolioCustomer, given, f"customers[{position}]")
        names[record.name] = names.get(record.name, 0) + 1
        known[record.name] = record
        if record.customer_id is not None:
            known[str(record.customer_id)] = record
    shared = {name: count for name, count in names.items() if count > 1}
    for name in shared:
        del known[name]
    return known, shared


def _one_key(
    rows: Iterable[RevenueRow],
    known: Mapping[str, Customer],
    shared: Mapping[str, int],
    left_out: dict[str, int],
) -> Iterator[RevenueRow]:
    """Each revenue row under its customer's one key: a name the records give an ID is read
    as that ID (a customer seen under both is one customer: the same month and line twice is
    then the series' error); a row naming a name several records share is left out, counted
    by name in ``left_out`` (never given to one of them)."""
    for row in as_iterable(rows, "month_revenue", what="RevenueRow rows"):
        customer = getattr(row, "customer", None)
        if isinstance(customer, str):
            if customer in shared:
                left_out[customer] = left_out.get(customer, 0) + 1
                continue
            record = known.get(customer)
            if record is not None and record.customer_id is not None and record.name == customer:
                row = row._replace(customer=str(record.customer_id))
        yield row


def _basis(facts: Facts, series: RevenueSeries, customers_given: bool) -> dict[str, Any]:
    """What the report stands on, written on it: the policy, the bureau's revenue, the day
    the data reaches, whether customer records were given."""
    policy, span = facts.policy, series.months
    return {
        "policy_fingerprint": policy.fingerprint,
        "policy_name": policy.name,
        "policy_edition": policy.edition,
        "policy_version": policy.version,
        "bureau_annual_revenue": facts.bureau_annual_revenue,
        "data_as_of": None if span is None else span[1].last_day,
        "customers_given": customers_given,
    }


def _empty(label: str, basis: dict[str, Any]) -> MonthlyReport:
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
        explanation=Explanation(
            steps=(messages.step("REPORT-2", "cycle.report_no_data", month=label),)
        ),
        **basis,
    )


def _report(
    report_month: Month,
    series: RevenueSeries,
    months: ReportMonths,
    policy: Policy,
    basis: dict[str, Any],
    notes: list[Step],
) -> MonthlyReport:
    """The report of a month the data reaches: each part mapped from the months' decisions."""
    c = Compared.of(report_month, months)
    accounts, revenue = figures(c, months, policy)
    flux, flux_steps = _flux(c, series, months, policy)
    detail = _detail(c, series, months, policy)
    filing, filing_steps = _filing(c, series, policy)
    trend = _trend(c, series, months)
    first, after = _summary(c, months, accounts[0].this_month, revenue[0].this_month)
    twelve, share, share_step = _share(report_month, months, basis["bureau_annual_revenue"])
    return MonthlyReport(
        month=str(report_month),
        has_data=True,
        accounts=accounts,
        revenue=revenue,
        movements=tuple(
            movements(against, str(base), c.now, graded) for against, base, graded in c.bases
        ),
        transitions=transitions(c.now, c.bases[0][2]),
        flux=flux,
        detail=detail,
        filing=filing,
        trend=trend,
        missing=tuple(sorted((key, str(m)) for key, m in months.missing)),
        explanation=Explanation(
            steps=(*first, share_step, *flux_steps, *filing_steps, *after, *notes)
        ),
        key_revenue_twelve_months=twelve,
        key_revenue_share=share,
        **basis,
    )


#: The share is rounded half-up to 1/_SHARE_STEPS (0.01%).
_SHARE_STEPS = 10_000
_SHARE_PLACES = Decimal("0.0001")


def _share(
    month: Month, months: ReportMonths, bureau: Decimal | None
) -> tuple[Decimal | None, Decimal | None, Step]:
    """REPORT-2's 用邮收入比重: the key accounts' revenue of the twelve months to ``month``
    against the bureau's annual revenue (the figure GRADE-2 divides by), exact to 0.01%."""
    start = month.shift(-11)
    twelve = twelve_months(months, month)
    if twelve is None:
        step = messages.step("REPORT-2", "cycle.report_share_unreached", start=start, end=month)
        return None, None, step
    if bureau is None:
        step = messages.step(
            "REPORT-2",
            "cycle.report_share_no_bureau",
            start=start,
            end=month,
            amount=format_yuan(twelve),
        )
        return twelve, None, step
    # in whole fen and integers: half-up at 0.01% exactly, whatever the digits
    quotient, remainder = divmod(int(twelve * 100) * _SHARE_STEPS, int(bureau * 100))
    if 2 * remainder >= int(bureau * 100):
        quotient += 1
    share = (Decimal(quotient) / _SHARE_STEPS).quantize(_SHARE_PLACES)  # exact: 4 places
    step = messages.step(
        "REPORT-2",
        "cycle.report_share",
        start=start,
        end=month,
        amount=format_yuan(twelve),
        bureau=format_yuan(bureau),
        share=f"{share * 100:.2f}%",
    )
    return twelve, share, step


@exact
def monthly_report(
    month_revenue: RevenueSeries | Iterable[RevenueRow],
    *,
    month: str | Month,
    bureau_annual_revenue: Amount | None,
    customers: Iterable[Customer] | None = None,
    levels: LevelHistory | Mapping[str, object] | None = None,
    policy: Policy | PolicyHistory | str | None = None,
) -> MonthlyReport:
    """The month's key-account report (REPORT-2/3) from monthly revenue by customer and line.

    Args:
        month_revenue: revenue rows (:func:`read_revenue`) or a :class:`RevenueSeries`; at
            least the report month, ideally from January of the year before last.
        month: the report month, ``YYYY-MM``.
        bureau_annual_revenue: the bureau's annual revenue (GRADE-6), for every month graded
            (required where the policy grades, as for :func:`evaluate`).
        customers: optional records giving scope, agreement and customer ID by name (default:
            comprehensive, no agreement).
        levels: required under a policy that classes key accounts by level (``liangshan``,
            EDITION-2), refused under others: a :class:`LevelHistory` (G-20: the levels
            selected again each quarter, :func:`level_history`), or customer name or ID →
            level (州级/县级, ``"prefecture"``/``"county"``, ``None``: not a key account) or
            that customer's dated levels (date → level, the level in force from each date),
            as for :func:`agenda`. The figures are then by level and by unit (LEVEL-1) in
            place of by tier; a customer is a key account in each month its revenue series
            covers with the level in force on the month's last day: a move between 县级 and
            州级 is an upgrade or a downgrade, and a level given plainly holds in every month
            compared (gained: its series starts; lost: it ended). A month a
            :class:`LevelHistory` does not decide is missing. Revenue of customers ``levels``
            does not name is not counted, and the explanation says how many. There is no
            FLUX-1, REPORT-5 or FILE-1 by level (001 has none): ``flux`` and ``filing`` are
            empty and ``detail`` lists every key account (按月对大客户用邮情况进行分析).
        policy: the policy to apply: a policy, an edition's name, or a :class:`PolicyHistory`
            (each month is graded under the policy in force on its last day).

    The bureau's revenue and the policy are checked as at every entry point (a
    :class:`~keyaccount_rules.Facts` on the report month's last day: the same message for the
    same bad value).
    """
    report_month = Month.parse(month)
    facts = Facts.of(
        as_of=report_month.last_day, bureau_annual_revenue=bureau_annual_revenue, policy=policy
    )
    policy = facts.policy
    known, shared = _records(customers)
    left_out: dict[str, int] = {}
    series = (
        month_revenue
        if isinstance(month_revenue, RevenueSeries)
        else RevenueSeries.from_rows(_one_key(month_revenue, known, shared, left_out))
    )
    notes = [
        messages.step(
            "REPORT-2", "cycle.report_shared_name", name=name, count=shared[name], rows=rows
        )
        for name, rows in sorted(left_out.items())
    ]
    months = ReportMonths(series, known, facts, checked_levels(levels, policy))
    basis = _basis(facts, series, customers is not None)
    has_data = any(series.lines(key, report_month) for key in series)
    if not (has_data and months.revenue_reaches(report_month)):
        return _empty(str(report_month), basis)
    return _report(report_month, series, months, policy, basis, notes)

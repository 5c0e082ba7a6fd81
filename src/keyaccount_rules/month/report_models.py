"""The monthly report's results (月度大客户统计及经营分析, REPORT-2/3): figures, rows, the report.

Figures compare the month with last month, the same month last year and the year to date; a
figure the data does not reach is ``None`` (missing), never 0. The writers of ``io/`` (CSV,
HTML) read these models and nothing else.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.core import writers
from keyaccount_rules.core.explanation import Explanation, Result
from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.optional import load_pandas
from keyaccount_rules.core.vocabulary import BusinessLine, Level, Tier, Unit
from keyaccount_rules.month.items import OptionalLevel

__all__ = [
    "REPORT_COLUMNS",
    "AccountFigure",
    "Against",
    "DetailRow",
    "FilingRow",
    "FluxRow",
    "Group",
    "MonthlyReport",
    "Movement",
    "MovementSet",
    "RevenueFigure",
    "TrendPoint",
]

Against = Literal["last_month", "last_year", "year_start"]
Group = Literal["total", "tier", "unit", "level", "line"]


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
    """Key accounts' revenue in a group: the month, last month, last year, year to date. A
    ``line`` group is one business line: every key account's revenue on it (REPORT-2's
    分项目统计); the lines are revenue figures only."""

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
    """The month's key-account statistics and analysis (REPORT-2/3).

    Its basis is part of it, so two reports can be told apart and read without guessing:
    the policy (``policy_name``, the ``policy_edition`` it is or extends, ``policy_version``
    and ``policy_fingerprint``), the bureau's annual revenue that graded every month
    (``bureau_annual_revenue``, GRADE-6), the day the revenue data reaches
    (``data_as_of``: the last day of its last month) and whether customer records gave
    each customer's scope and agreement (``customers_given``; without them every customer
    is read as comprehensive with no agreement).

    ``key_revenue_share`` is the key accounts' share of the bureau's revenue (用邮收入比重,
    REPORT-2): ``key_revenue_twelve_months`` (their revenue of the twelve months to the
    report month, each month's key accounts as decided in that month) divided by
    ``bureau_annual_revenue``, rounded half-up to 0.0001 (0.01%); ``None`` when the data does
    not decide all twelve months or no bureau revenue was given.
    """

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
    policy_name: str = ""
    policy_edition: str | None = None
    policy_version: str = ""
    bureau_annual_revenue: Decimal | None = None
    data_as_of: date | None = None
    customers_given: bool = False
    key_revenue_twelve_months: Decimal | None = None
    key_revenue_share: Decimal | None = None

    def to_rows(self) -> list[dict[str, Any]]:
        """The account and revenue figures as flat rows (measure, group, key, columns)."""
        figures: list[tuple[str, AccountFigure | RevenueFigure]] = [
            *(("accounts", figure) for figure in self.accounts),
            *(("revenue", figure) for figure in self.revenue),
        ]
        return [{"measure": measure, **f.model_dump(mode="json")} for measure, f in figures]

    def to_dataframe(self) -> Any:
        """The figures as a pandas DataFrame (needs the ``pandas`` extra), one row per
        measure (``accounts``, ``revenue``) and group, as :meth:`to_rows`.

        The figures are exact: the ``accounts`` rows hold counts as ``int``, the ``revenue``
        rows money as :class:`~decimal.Decimal` yuan (a column's ``.sum()`` of the revenue
        rows is an exact ``Decimal``; the columns are of ``object`` dtype, never float); a
        figure the data does not reach, or a comparison a measure has not, is ``None``.
        Beside ``key``, the class and the unit of a group's row are ordered pandas
        categories: ``tier`` (general < silver < gold < diamond), by level ``level`` in its
        place (county < prefecture), and ``unit`` (in the vocabulary's order, the provincial
        centre first); other rows have ``NaN`` there.

        >>> from keyaccount_rules.records.activity import RevenueRow
        >>> from keyaccount_rules.core.periods import Month
        >>> from keyaccount_rules.core.vocabulary import BusinessLine
        >>> from keyaccount_rules.month.report import monthly_report
        >>> rows = [RevenueRow(1, "A", Month(2024, m), BusinessLine.EXPRESS, Decimal("200000"))
        ...         for m in range(1, 13)]
        >>> rows.append(RevenueRow(1, "A", Month(2025, 1), BusinessLine.EXPRESS, Decimal("210000")))
        >>> frame = monthly_report(rows, month="2025-01",
        ...                        bureau_annual_revenue=300_000_000).to_dataframe()
        >>> frame.query("measure == 'revenue' and group == 'tier'")["this_month"].sum()
        Decimal('210000.00')
        >>> frame["tier"].max(), frame["this_month"][0], frame["last_month"][0]
        ('diamond', 1, None)
        """
        pandas = load_pandas()
        rows: list[dict[str, Any]] = []
        for figure in (*self.accounts, *self.revenue):
            measure = "accounts" if isinstance(figure, AccountFigure) else "revenue"
            rows.append({"measure": measure, **figure.model_dump()})  # int and Decimal kept
        frame = pandas.DataFrame(rows, columns=REPORT_COLUMNS, dtype=object)
        frame = frame.astype(object).where(frame.notna(), None)
        klass, members = ("level", tuple(Level)) if self.by_level else ("tier", tuple(Tier))
        orders = {
            klass: [m.value for m in reversed(members)],  # lowest first: diamond is the max
            "unit": [u.value for u in Unit],  # sorted, the provincial centre comes first
        }
        for position, (group, order) in enumerate(orders.items(), start=3):
            values = [
                key if kind == group else None
                for kind, key in zip(frame["group"], frame["key"], strict=True)
            ]
            column = pandas.Categorical(values, categories=order, ordered=True)
            frame.insert(position, group, column)
        return frame

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

"""Input records (输入记录): what a caller knows about a customer.

Records are frozen pydantic models that reject unknown fields; bad values raise
``pydantic.ValidationError`` naming the field (e.g. ``last_year_revenue.express``).

>>> c = Customer(name="汕头市某公司", last_year_revenue={"express": "25000"})
>>> dict(c.last_year_revenue)
{<BusinessLine.EXPRESS: 'express'>: Decimal('25000.00')}
>>> c.annual_revenue
Decimal('25000.00')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from keyaccount_rules.core.arguments import collection, instance_of, spelling
from keyaccount_rules.core.frozen import FrozenDict, FrozenMap
from keyaccount_rules.core.money import Yuan
from keyaccount_rules.core.vocabulary import BusinessLine, Scope, parse_flag
from keyaccount_rules.records.customer_id import CustomerId

__all__ = [
    "Collection",
    "Customer",
    "CustomerArgument",
    "Customers",
    "PortfolioCustomer",
    "PortfolioRow",
]


def _agreement(value: object) -> object:
    """has_agreement as the readers take it: a bool, or yes/no text (true/false, 是/否)."""
    flag = parse_flag(value)
    if isinstance(flag, str):
        raise ValueError("must be true or false (是/否)")
    return flag


#: A business line key of a revenue mapping: its code or any spelling the vocabulary accepts.
Line = Annotated[BusinessLine, BeforeValidator(spelling(BusinessLine))]


class Customer(BaseModel):
    """A customer as the caller knows it: scope, agreement and revenue by business line.

    ``one_time`` marks a one-time key account (一次性大客户), which FLUX-1 exempts. Whether
    ``scope`` was given is kept (``"scope" in customer.model_fields_set``): the month's G-22
    visits need the scope stated, never its default.

    Revenue mappings are keyed by :class:`BusinessLine` (or its code) with amounts in yuan.
    ``current_month_revenue[NEWSPAPERS]`` is newspaper *revenue* (QUAL-2); the QUAL-3 newspaper
    test uses the two ``newspaper_turnover_*`` fields (流转额, QUAL-4).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, description="Customer name (客户名称).")
    scope: Annotated[Scope, BeforeValidator(spelling(Scope))] = Field(
        default=Scope.COMPREHENSIVE, description="综合/区域/专业 (RESP-1)."
    )
    has_agreement: Annotated[bool, BeforeValidator(_agreement)] = Field(
        default=False, description="Signed a business agreement (QUAL-1): true/false, 是/否."
    )
    last_year_revenue: FrozenMap[Line, Yuan] = Field(
        default_factory=FrozenDict, description="Previous year's revenue by line, yuan (QUAL-2/3)."
    )
    current_month_revenue: FrozenMap[Line, Yuan] = Field(
        default_factory=FrozenDict, description="Current month's revenue by line, yuan (QUAL-2/3)."
    )
    newspaper_turnover_last_year: Yuan = Field(
        default=Decimal("0.00"), description="Newspaper turnover (流转额), previous year (QUAL-4)."
    )
    newspaper_turnover_current_month: Yuan = Field(
        default=Decimal("0.00"), description="Newspaper turnover (流转额), current month (QUAL-4)."
    )
    customer_id: CustomerId | None = Field(default=None, description="统一大客户ID号 (ID-1).")
    one_time: bool = Field(
        default=False, description="一次性大客户: exempt from FLUX-1's analysis (一次性大客户除外)."
    )

    @field_validator("name")
    @classmethod
    def _name_has_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    @property
    def annual_revenue(self) -> Decimal:
        """Sum of ``last_year_revenue`` over all lines: the R of GRADE-1."""
        return sum(self.last_year_revenue.values(), Decimal("0.00"))

    @property
    def current_month_total(self) -> Decimal:
        """Sum of ``current_month_revenue`` over all lines (QUAL-2)."""
        return sum(self.current_month_revenue.values(), Decimal("0.00"))


class Collection(BaseModel):
    """揽收: business revenue an account manager collected on one business line (PAY-2).

    Positional or keyword: ``Collection("express", 10000)``. An unknown line, a negative amount
    or more than two decimals raise ``pydantic.ValidationError`` naming the field.

    ``project`` names the long-term cooperation project (长期合作项目) the revenue belongs to,
    if any, and ``collected_on`` the day it was collected: only a project's first collection
    earns the PAY-2 reward (PAY-3). A blank project name is no project.

    >>> Collection("express", "10000").amount
    Decimal('10000.00')
    >>> Collection("bills", 10000, project="邮资门票", collected_on=date(2026, 3, 2)).project
    '邮资门票'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: Line
    amount: Yuan
    project: str | None = Field(
        default=None, description="Long-term cooperation project (长期合作项目), PAY-3."
    )
    collected_on: date | None = Field(default=None, description="Day collected (PAY-3 order).")

    def __init__(
        self, line: BusinessLine | str, amount: Decimal | int | str | float, **data: Any
    ) -> None:
        super().__init__(line=line, amount=amount, **data)

    @field_validator("project")
    @classmethod
    def _project(cls, value: str | None) -> str | None:
        # A blank name is no name: the collection then belongs to no project.
        return value.strip() or None if value is not None else None

    @field_validator("collected_on", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        if isinstance(value, datetime):
            raise ValueError("must be a date, not a datetime")
        return value


class PortfolioRow(NamedTuple):
    """One customer read from a file: its row number, the customer and passed-through cells."""

    row: int
    customer: Customer
    extra: Mapping[str, Any]


#: One customer argument (``qualify``, ``evaluate``, ``Evaluator``): a :class:`Customer` record,
#: never a mapping of its fields (build it with ``Customer(...)``).
CustomerArgument = instance_of(Customer, "must be a keyaccount_rules.Customer", show="value")
#: Customers as the month takes them: any iterable (streamed, not a string or a single date).
Customers = collection("must be a collection of Customers")
#: One customer of such an iterable, named by its position (``customers[3]``).
PortfolioCustomer = instance_of(Customer, "must be a Customer")

"""Invariants of qualification (QUAL-1..4) and of money input (RULEBOOK §17)."""

from __future__ import annotations

from decimal import Decimal

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules import BusinessLine, Criterion

amounts = st.integers(min_value=0, max_value=10**9).map(lambda cents: Decimal(cents).scaleb(-2))
revenue_maps = st.dictionaries(st.sampled_from(list(BusinessLine)), amounts, max_size=8)


@st.composite
def customers(draw: st.DrawFn) -> kr.Customer:
    return kr.Customer(
        name="客户",
        has_agreement=draw(st.booleans()),
        last_year_revenue=draw(revenue_maps),
        current_month_revenue=draw(revenue_maps),
        newspaper_turnover_last_year=draw(amounts),
        newspaper_turnover_current_month=draw(amounts),
    )


def raised(customer: kr.Customer, extra: Decimal) -> kr.Customer:
    """The same customer with every amount raised by ``extra``."""
    return customer.model_copy(
        update={
            "last_year_revenue": {k: v + extra for k, v in customer.last_year_revenue.items()},
            "current_month_revenue": {
                k: v + extra for k, v in customer.current_month_revenue.items()
            },
            "newspaper_turnover_last_year": customer.newspaper_turnover_last_year + extra,
            "newspaper_turnover_current_month": customer.newspaper_turnover_current_month + extra,
        }
    )


@given(customers())
def test_criteria_are_listed_in_qual_order_without_repeats(customer: kr.Customer) -> None:
    result = kr.qualify(customer)
    order = list(Criterion)
    assert list(result.criteria) == sorted(result.criteria, key=order.index)
    assert len(set(result.criteria)) == len(result.criteria)
    assert result.qualified == bool(result.criteria)
    assert (Criterion.PROFESSIONAL in result.criteria) == bool(result.professional_lines)
    assert (Criterion.AGREEMENT in result.criteria) == customer.has_agreement


@given(customers(), amounts)
def test_more_revenue_never_removes_a_criterion_or_a_line(
    customer: kr.Customer, extra: Decimal
) -> None:
    before = kr.qualify(customer)
    after = kr.qualify(raised(customer, extra))
    assert set(before.criteria) <= set(after.criteria)
    assert before.professional_lines <= after.professional_lines


@given(customers())
def test_a_customer_round_trips_through_json(customer: kr.Customer) -> None:
    assert kr.Customer.model_validate_json(customer.model_dump_json()) == customer


@given(st.integers(min_value=0, max_value=10**12))
def test_a_float_with_two_decimals_means_what_it_shows(cents: int) -> None:
    shown = Decimal(cents).scaleb(-2)
    value = float(shown)
    customer = kr.Customer(name="A", newspaper_turnover_last_year=value)
    assert customer.newspaper_turnover_last_year == shown


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=9))
def test_an_amount_with_a_third_decimal_is_refused(cents: int, mill: int) -> None:
    text = f"{Decimal(cents).scaleb(-2)}{mill}"
    with pytest.raises(pydantic.ValidationError) as caught:
        kr.Customer(name="A", last_year_revenue={"bills": text})
    assert caught.value.errors()[0]["loc"] == ("last_year_revenue", "bills")

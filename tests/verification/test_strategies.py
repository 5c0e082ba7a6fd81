"""The hypothesis strategies shipped for integrators (keyaccount_rules.verification.strategies)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

import keyaccount_rules as kr
from keyaccount_rules.core.money import MAX_YUAN, Yuan
from keyaccount_rules.verification import strategies as ks
from tests.conftest import PROJECT


@given(ks.customers())
def test_customers_are_valid_records(customer: kr.Customer) -> None:
    assert kr.Customer.model_validate(customer.model_dump()) == customer
    kr.qualify(customer)


@given(ks.amounts())
def test_amounts_are_valid_yuan(amount: Decimal) -> None:
    assert (
        kr.Customer(name="A", newspaper_turnover_last_year=amount).newspaper_turnover_last_year
        == amount
    )


def test_policy_boundaries_are_each_threshold_and_a_fen_either_side() -> None:
    bounds = set(ks.policy_boundaries())
    for band in kr.default_policy().grading.revenue.bands:
        assert {band.min - Decimal("0.01"), band.min, band.min + Decimal("0.01")} <= bounds
    express = kr.default_policy().qualification.lines[kr.BusinessLine.EXPRESS]
    assert {
        Decimal("19999.99"),
        Decimal("20000.00"),
        Decimal("1999.99"),
        Decimal("2000.01"),
    } <= bounds
    assert express.current_month in bounds
    assert all(amount >= 0 for amount in bounds)


def test_policy_boundaries_follow_a_changed_policy() -> None:
    changed = kr.default_policy().with_changes({"qualification.lines.express.last_year": 33333})
    assert Decimal("33332.99") in ks.policy_boundaries(changed)
    assert Decimal("33332.99") not in ks.policy_boundaries()


@given(ks.grade_arguments())
def test_grade_arguments_are_valid_and_often_on_a_share_bound(
    args: tuple[Decimal, Decimal],
) -> None:
    revenue, bureau = args
    assert 0 <= revenue <= bureau
    kr.grade(revenue, bureau)


@settings(max_examples=30, deadline=None)
@given(ks.policies())
def test_policy_variants_are_consistent_and_every_tier_is_reachable(policy: kr.Policy) -> None:
    assert policy.problems() == []
    scores = policy.grading.achievable_scores()
    tiers = policy.grading.tiers
    assert any(score >= tiers.diamond for score in scores)
    assert any(tiers.gold <= score < tiers.diamond for score in scores)
    assert any(tiers.silver <= score < tiers.gold for score in scores)


@settings(max_examples=30, deadline=None)
@given(ks.policies(), ks.customers())
def test_evaluate_works_under_any_policy_variant(policy: kr.Policy, customer: kr.Customer) -> None:
    assume(customer.annual_revenue < MAX_YUAN)  # eight lines can sum past the ceiling
    bureau = max(customer.annual_revenue, Decimal(1))
    result = kr.evaluate(
        customer, bureau_annual_revenue=bureau, as_of=dt.date(2026, 11, 1), policy=policy
    )
    assert result.key_account is result.qualification.qualified


@given(ks.customer_ids())
def test_customer_ids_parse_back(cid: kr.CustomerId) -> None:
    assert kr.CustomerId.parse(str(cid)) == cid


class _Collection(BaseModel):
    """A record like the ones later families add: the strategy is built from its fields."""

    model_config = ConfigDict(frozen=True)

    line: kr.BusinessLine
    amount: Yuan
    quality: Decimal = Field(ge=0, le=1)
    count: int = Field(gt=0, lt=5)
    on: dt.date
    tiers: tuple[kr.Tier, ...]
    note: str | None = None


@given(ks.records(_Collection))
def test_records_builds_any_record_from_its_fields(record: _Collection) -> None:
    assert 0 <= record.quality <= 1
    assert 1 <= record.count <= 4
    assert record.amount >= 0


@given(ks.records(kr.Customer, name=st.just("固定")))
def test_records_takes_a_strategy_per_field(customer: kr.Customer) -> None:
    assert customer.name == "固定"


class _Odd(BaseModel):
    value: complex


def test_an_unknown_field_type_asks_for_register_type() -> None:
    with pytest.raises(TypeError, match="register_type"):
        ks.records(_Odd)
    ks.register_type(complex, lambda: st.just(1j))
    try:
        check_odd()
    finally:
        ks._TYPES.pop(complex)


@given(st.data())
def check_odd(data: st.DataObject) -> None:
    assert data.draw(ks.records(_Odd)).value == 1j


def test_the_strategies_module_says_how_to_install_hypothesis_when_it_is_missing() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import keyaccount_rules.verification.strategies\n"
        "except ImportError as err:\n    print(err)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(PROJECT / "src")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "pip install 'keyaccount-rules[hypothesis]'" in out

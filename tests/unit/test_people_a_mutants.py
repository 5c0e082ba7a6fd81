"""Focused tests for development, ownership and organisation logic the snapshots cannot reach.

The case files pass policies only as variants of the default, so a function that never reads
its policy is checked here: it must still refuse something that is not a Policy.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules.errors import RuleInputError

NOT_A_POLICY = {"development": {}}


def _assert_refuses_the_policy(call: object) -> None:
    with pytest.raises(RuleInputError) as raised:
        call()  # type: ignore[operator]
    assert raised.value.field == "policy"
    assert "must be a keyaccount_rules.Policy (got 'dict')" in str(raised.value)


def test_steer_service_refuses_a_policy_that_is_not_a_policy_dev_6() -> None:
    _assert_refuses_the_policy(
        lambda: kr.steer_service(
            [kr.ServiceOption(service="express", profit=1)], policy=NOT_A_POLICY
        )
    )


def test_attribute_revenue_refuses_a_policy_that_is_not_a_policy_dev_5() -> None:
    _assert_refuses_the_policy(
        lambda: kr.attribute_revenue([], locality="chenghai", policy=NOT_A_POLICY)
    )


def test_may_market_refuses_a_policy_that_is_not_a_policy_resp_3() -> None:
    _assert_refuses_the_policy(lambda: kr.may_market("chaoyang", "chenghai", policy=NOT_A_POLICY))


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda p: kr.ab_roles("gold", "development", a="li", b="wang", policy=p),
            id="ab_roles-DEV-3",
        ),
        pytest.param(lambda p: kr.development_lead("professional", policy=p), id="lead-DEV-5"),
        pytest.param(lambda p: kr.locality_owner("chenghai", policy=p), id="locality-DEV-2"),
        pytest.param(lambda p: kr.staffing_check("city_center", {}, policy=p), id="ORG-2"),
    ],
)
def test_rules_that_read_their_policy_refuse_one_that_is_not_a_policy(call: object) -> None:
    _assert_refuses_the_policy(lambda: call(NOT_A_POLICY))  # type: ignore[operator]


def test_no_revenue_totals_a_decimal_zero_in_yuan_dev_5() -> None:
    result = kr.attribute_revenue([], locality="chenghai")
    assert result.credited == {}
    assert isinstance(result.total, Decimal)
    assert str(result.total) == "0.00"


def test_a_claim_record_missing_its_time_is_named_by_index_dev_1() -> None:
    with pytest.raises(RuleInputError) as raised:
        kr.settle_claims([{"claimant": "chenghai", "unit": "county_center"}])
    assert raised.value.field == "claims[0].registered_at"
    assert raised.value.rule == "DEV-1"


def test_a_staffing_count_error_names_the_post_org_3() -> None:
    with pytest.raises(RuleInputError) as raised:
        kr.staffing_check("district_center", {"account_manager": -2})
    assert raised.value.field == "roster.account_manager"
    assert raised.value.rule == "ORG-3"  # district centres: ORG-3
    assert str(raised.value) == (
        "roster.account_manager: must be a whole number of people, 0 or more (got -2) [ORG-3]"
    )


def test_an_option_without_a_service_is_named_by_index_dev_6() -> None:
    with pytest.raises(RuleInputError) as raised:
        kr.steer_service([{"service": "", "profit": 1}])
    assert raised.value.field == "options[0].service"
    assert raised.value.rule == "DEV-6"


def test_an_empty_serving_unit_is_named_by_index_dev_5() -> None:
    with pytest.raises(RuleInputError) as raised:
        kr.attribute_revenue([{"amount": 1, "served_by": ""}], locality="chenghai")
    assert raised.value.field == "revenue[0].served_by"
    assert raised.value.rule == "DEV-5"

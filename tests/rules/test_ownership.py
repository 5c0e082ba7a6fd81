"""DEV-1 and RESP-3: who owns a claimed customer, and who may market to it."""

from __future__ import annotations

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.errors import RuleInputError

# A rule that reads its policy must refuse something that is not a Policy, even a mapping.
NOT_A_POLICY = {"development": {}}


def _assert_refuses_the_policy(call: object) -> None:
    with pytest.raises(RuleInputError) as raised:
        call()  # type: ignore[operator]
    assert raised.value.field == "policy"
    assert "must be a keyaccount_rules.Policy (got 'dict')" in str(raised.value)


def test_may_market_refuses_a_policy_that_is_not_a_policy_resp_3() -> None:
    _assert_refuses_the_policy(lambda: kr.may_market("chaoyang", "chenghai", policy=NOT_A_POLICY))


def test_a_claim_record_missing_its_time_is_named_by_index_dev_1() -> None:
    with pytest.raises(RuleInputError) as raised:
        kr.settle_claims([{"claimant": "chenghai", "unit": "county_center"}])
    assert raised.value.field == "claims[0].registered_at"
    assert raised.value.rule == "DEV-1"


# ---------------------------------------------------------------- mutation-testing gaps

LIANGSHAN_HAS_NO_DEVELOPMENT = (
    "development: the 'liangshan' edition has no development section "
    "(DEV-1, DEV-3, DEV-4, DEV-5 are 002's; use 'shantou' or 'combined')"
)


def test_settle_claims_under_liangshan_names_the_missing_development_section() -> None:
    from datetime import datetime

    claim = kr.Claim(claimant="chenghai", unit="county_center", registered_at=datetime(2026, 3, 1))
    with pytest.raises(kr.MissingSectionError) as caught:
        kr.settle_claims([claim], policy=kr.edition("liangshan"))
    assert str(caught.value) == LIANGSHAN_HAS_NO_DEVELOPMENT


def test_locality_owner_under_liangshan_names_the_missing_development_section() -> None:
    with pytest.raises(kr.MissingSectionError) as caught:
        kr.locality_owner("chenghai", policy=kr.edition("liangshan"))
    assert str(caught.value) == LIANGSHAN_HAS_NO_DEVELOPMENT


def test_no_revenue_decides_a_total_of_0_00_to_the_fen() -> None:
    from decimal import Decimal

    from keyaccount_rules.rules.ownership import decide_revenue

    d = decide_revenue([], "chenghai")
    assert isinstance(d.total, Decimal)
    assert str(d.total) == "0.00"

"""DEV-1 and RESP-3: who owns a claimed customer, and who may market to it."""

from __future__ import annotations

import pytest

import keyaccount_rules as kr
from keyaccount_rules.errors import RuleInputError

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

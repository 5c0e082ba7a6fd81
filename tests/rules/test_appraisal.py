"""APPR-1..2: account-manager appraisal in points."""

from __future__ import annotations

from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules import AppraisalItem
from tests.conftest import exactly

FULL = dict.fromkeys(AppraisalItem, 1)
ZERO = dict.fromkeys(AppraisalItem, 0)


def test_full_attainment_scores_40_plus_60_equals_100() -> None:
    result = kr.appraise_manager(FULL)
    assert (result.daily_management, result.market_projects, result.total) == (40, 60, 100)


def test_zero_attainment_scores_0_in_both_groups() -> None:
    result = kr.appraise_manager(ZERO)
    assert (result.daily_management, result.market_projects, result.total) == (0, 0, 0)


@pytest.mark.parametrize(
    ("item", "points", "group"),
    [
        pytest.param(AppraisalItem.ARCHIVES, 10, "daily_management", id="archives-10"),
        pytest.param(AppraisalItem.CONTACT, 5, "daily_management", id="contact-5"),
        pytest.param(AppraisalItem.MARKET_RESEARCH, 10, "daily_management", id="research-10"),
        pytest.param(AppraisalItem.RETENTION, 10, "daily_management", id="retention-10"),
        pytest.param(AppraisalItem.OTHER, 5, "daily_management", id="other-5"),
        pytest.param(AppraisalItem.PROJECT_PLANNING, 10, "market_projects", id="planning-10"),
        pytest.param(AppraisalItem.NEW_ACCOUNTS, 25, "market_projects", id="new-accounts-25"),
        pytest.param(AppraisalItem.ANNUAL_TARGET, 25, "market_projects", id="annual-target-25"),
    ],
)
def test_each_item_carries_its_appr1_weight_in_its_group(
    item: AppraisalItem, points: int, group: str
) -> None:
    result = kr.appraise_manager({**ZERO, item: 1})
    assert result.total == points
    assert getattr(result, group) == points
    score = next(s for s in result.items if s.item is item)
    assert (score.weight, score.group.value) == (points, group)


def test_points_are_weight_times_attainment_exactly() -> None:
    result = kr.appraise_manager({**ZERO, AppraisalItem.NEW_ACCOUNTS: "0.333"})
    assert result.total == Decimal("8.325")
    assert result.market_projects == Decimal("8.325")
    assert "new_accounts: 25 × 0.333 = 8.325 points" in str(result.explanation)


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        pytest.param("0", True, id="on-lower-bound"),
        pytest.param("1", True, id="on-upper-bound"),
        pytest.param("1.0001", False, id="just-over-1"),
        pytest.param("-0.0001", False, id="just-under-0"),
        pytest.param("nan", False, id="nan"),
        pytest.param(True, False, id="boolean"),
    ],
)
def test_attainment_must_lie_in_0_to_1(value: object, accepted: bool) -> None:
    attainment = {**FULL, AppraisalItem.CONTACT: value}
    if accepted:
        kr.appraise_manager(attainment)
        return
    with pytest.raises(kr.RuleInputError) as info:
        kr.appraise_manager(attainment)
    assert info.value.field == "attainment.contact"
    assert info.value.rule == "APPR-2"


def test_a_missing_item_is_an_error_naming_it() -> None:
    attainment = {k: v for k, v in FULL.items() if k is not AppraisalItem.ANNUAL_TARGET}
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "attainment.annual_target: is missing (every AppraisalItem needs a value; missing: "
            "annual_target) [APPR-2]"
        ),
    ) as info:
        kr.appraise_manager(attainment)
    assert info.value.field == "attainment.annual_target"


def test_an_unknown_item_is_an_error() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "attainment key: must be one of archives (大客户档案建立和更新), contact (大客户联系), "
            "market_research (市场调查), retention (稳定现有大客户), other (其他), "
            "project_planning (业务发展项目策划), new_accounts (发展新大客户), "
            "annual_target (完成全年项目发展目标) (got 'punctuality') [APPR-2]"
        ),
    ):
        kr.appraise_manager({**FULL, "punctuality": 1})


def test_attainment_must_be_a_mapping() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly("attainment: must be a mapping keyed by AppraisalItem (got 'list')"),
    ):
        kr.appraise_manager([1] * 8)  # type: ignore[arg-type]


def test_items_may_be_given_by_code() -> None:
    result = kr.appraise_manager({item.value: "0.5" for item in AppraisalItem})
    assert result.total == 50


def test_the_explanation_cites_both_rules_in_english_and_chinese() -> None:
    result = kr.appraise_manager(FULL)
    assert result.explanation.rules == ("APPR-2", "APPR-1")
    assert "日常管理：40分（满分40分）" in result.explanation.render("zh")


def test_a_policy_whose_items_do_not_add_up_to_their_group_is_rejected() -> None:
    with pytest.raises(kr.PolicyError, match=r"appraisal\.groups\.market_projects"):
        kr.default_policy().with_changes({"appraisal.items.new_accounts.points": 20})


def test_a_variant_with_other_weights_scores_by_them() -> None:
    variant = kr.default_policy().with_changes(
        {
            "appraisal.items.new_accounts.points": 30,
            "appraisal.items.annual_target.points": 20,
        }
    )
    result = kr.appraise_manager({**ZERO, AppraisalItem.NEW_ACCOUNTS: 1}, policy=variant)
    assert result.total == 30

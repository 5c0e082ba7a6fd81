"""责任单位 (RESP-1..2): all twelve cells of the table, G-1, and delegation."""

from __future__ import annotations

import pytest

import keyaccount_rules as kr
from keyaccount_rules import Scope, Tier, Unit
from tests.conftest import exactly

#: RULEBOOK §5 RESP-1, read from the rulebook's table.
TABLE = {
    (Tier.DIAMOND, Scope.COMPREHENSIVE): Unit.PROVINCIAL_CENTER,
    (Tier.DIAMOND, Scope.REGIONAL): Unit.CITY_CENTER,
    (Tier.DIAMOND, Scope.PROFESSIONAL): Unit.PROVINCIAL_CENTER,
    (Tier.GOLD, Scope.COMPREHENSIVE): Unit.CITY_CENTER,
    (Tier.GOLD, Scope.REGIONAL): Unit.COUNTY_CENTER,
    (Tier.GOLD, Scope.PROFESSIONAL): Unit.PROFESSIONAL_BUREAU,
    (Tier.SILVER, Scope.COMPREHENSIVE): Unit.COUNTY_CENTER,
    (Tier.SILVER, Scope.REGIONAL): Unit.COUNTY_CENTER,  # G-1
    (Tier.SILVER, Scope.PROFESSIONAL): Unit.PROFESSIONAL_BUREAU,
    (Tier.GENERAL, Scope.COMPREHENSIVE): Unit.BRANCH_OFFICE,
    (Tier.GENERAL, Scope.REGIONAL): Unit.BRANCH_OFFICE,
    (Tier.GENERAL, Scope.PROFESSIONAL): Unit.BRANCH_OFFICE,
}


def test_the_table_covers_every_tier_and_scope() -> None:
    assert set(TABLE) == {(tier, scope) for tier in Tier for scope in Scope}


@pytest.mark.parametrize(
    ("tier", "scope", "unit"),
    [pytest.param(t, s, u, id=f"{t.value}-{s.value}") for (t, s), u in TABLE.items()],
)
def test_each_tier_and_scope_has_the_rulebook_unit(tier: Tier, scope: Scope, unit: Unit) -> None:
    result = kr.responsible_unit(tier, scope)
    assert result.unit is unit
    assert not result.delegated
    assert result.explanation.rules[0] == "RESP-1"
    # only the one cell the source table lacks cites the gap decision
    is_gap_cell = (tier, scope) == (Tier.SILVER, Scope.REGIONAL)
    assert ("G-1" in result.explanation.rules) is is_gap_cell


def test_regional_silver_cites_g1() -> None:
    result = kr.responsible_unit("silver", "regional")
    assert result.explanation.rules == ("RESP-1", "G-1")
    assert result.unit is Unit.COUNTY_CENTER


def test_codes_and_member_names_are_accepted() -> None:
    assert kr.responsible_unit("GOLD", "regional").unit is Unit.COUNTY_CENTER


# RESP-2, 002 (五)1: 「钻石客户原则上归省局市场部直接管理,专业特征、地域性明显的钻石客户
# 可由省局市场部授权委托相关省专业公司(局)、地市局开发管理」 and
# 「区域钻石客户档案由市局大客户中心管理」.
DELEGATES = [Unit.PROVINCIAL_PROFESSIONAL_COMPANY, Unit.PREFECTURE_BUREAU]


@pytest.mark.parametrize("delegate", DELEGATES)
def test_a_specialised_diamond_customer_may_be_delegated_by_the_province(delegate: Unit) -> None:
    result = kr.responsible_unit(
        Tier.DIAMOND, Scope.PROFESSIONAL, delegated_to=delegate, specialised=True
    )
    assert result.unit is delegate
    assert result.delegated
    assert result.explanation.rules == ("RESP-1", "RESP-2")
    assert "专业特征、地域性明显" in result.explanation[1].text_zh


def test_a_comprehensive_diamond_is_not_delegated_to_the_city_professional_bureau() -> None:
    """The seed's delegates are 省专业公司(局) and 地市局 only (the old code allowed 专业局)."""
    with pytest.raises(kr.RuleInputError, match=r"^delegated_to: must be one of") as caught:
        kr.responsible_unit(
            "diamond", "comprehensive", delegated_to="professional_bureau", specialised=True
        )
    assert caught.value.rule == "RESP-2"


@pytest.mark.parametrize("delegate", DELEGATES)
def test_a_diamond_not_marked_specialised_may_not_be_delegated(delegate: Unit) -> None:
    """Only 「专业特征、地域性明显的钻石客户」 may be delegated: the caller must say it is."""
    with pytest.raises(kr.RuleInputError, match=r"专业特征、地域性明显.*\[RESP-2\]"):
        kr.responsible_unit(Tier.DIAMOND, Scope.COMPREHENSIVE, delegated_to=delegate)


def test_specialised_alone_changes_nothing() -> None:
    result = kr.responsible_unit(Tier.DIAMOND, Scope.COMPREHENSIVE, specialised=True)
    assert result.unit is Unit.PROVINCIAL_CENTER
    assert not result.delegated


def test_specialised_must_be_a_boolean() -> None:
    with pytest.raises(kr.RuleInputError, match=r"^specialised: .*\[RESP-2\]"):
        kr.responsible_unit(
            Tier.DIAMOND, Scope.COMPREHENSIVE, delegated_to=DELEGATES[0], specialised="yes"
        )


def test_a_delegated_regional_diamond_keeps_its_archive_at_the_city_centre() -> None:
    """「区域钻石客户档案由市局大客户中心管理」: the explanation says where the archive stays."""
    result = kr.responsible_unit(
        Tier.DIAMOND, Scope.REGIONAL, delegated_to=Unit.PREFECTURE_BUREAU, specialised=True
    )
    assert result.unit is Unit.PREFECTURE_BUREAU
    assert [s.rule for s in result.explanation] == ["RESP-1", "RESP-2", "RESP-2"]
    assert result.explanation[2].text == (
        "the archive of a regional diamond customer stays with city_center, its RESP-1 unit"
    )
    assert result.explanation[2].text_zh == "区域钻石客户档案仍由市局大客户中心管理"


def test_a_delegated_professional_diamond_says_nothing_about_its_archive() -> None:
    result = kr.responsible_unit(
        Tier.DIAMOND, Scope.PROFESSIONAL, delegated_to=Unit.PREFECTURE_BUREAU, specialised=True
    )
    assert "archive" not in str(result.explanation)


@pytest.mark.parametrize("tier", [Tier.GOLD, Tier.SILVER, Tier.GENERAL])
def test_delegation_of_a_non_diamond_customer_is_refused(tier: Tier) -> None:
    with pytest.raises(kr.RuleInputError, match=r"^delegated_to: .*\[RESP-2\]"):
        kr.responsible_unit(
            tier, Scope.REGIONAL, delegated_to=Unit.PREFECTURE_BUREAU, specialised=True
        )


@pytest.mark.parametrize(
    "delegate",
    [
        Unit.COUNTY_CENTER,
        Unit.BRANCH_OFFICE,
        Unit.PROVINCIAL_CENTER,
        Unit.CITY_CENTER,
        Unit.PROFESSIONAL_BUREAU,
    ],
)
def test_delegation_to_a_unit_not_allowed_is_refused(delegate: Unit) -> None:
    with pytest.raises(kr.RuleInputError, match=r"^delegated_to: must be one of") as caught:
        kr.responsible_unit(
            Tier.DIAMOND, Scope.COMPREHENSIVE, delegated_to=delegate, specialised=True
        )
    assert caught.value.rule == "RESP-2"


def test_evaluate_passes_specialised_through() -> None:
    customer = kr.Customer(name="委托客户", has_agreement=True, scope=Scope.COMPREHENSIVE)
    common = {
        "bureau_annual_revenue": 1_000_000,
        "as_of": __import__("datetime").date(2026, 11, 23),
        "special_diamond_approval": True,
        "delegated_to": "prefecture_bureau",
    }
    assert kr.evaluate(customer, specialised=True, **common).unit is Unit.PREFECTURE_BUREAU
    outcome = kr.evaluate(customer, specialised=True, explain=False, **common)
    assert outcome.unit is Unit.PREFECTURE_BUREAU
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "delegated_to: only a diamond customer with a marked professional or regional "
            "character (专业特征、地域性明显) may be delegated (got 'prefecture_bureau') "
            "[RESP-2]; pass specialised=True if the customer has that character"
        ),
    ):
        kr.evaluate(customer, **common)


def test_delegation_to_an_unknown_unit_names_the_field() -> None:
    with pytest.raises(kr.RuleInputError, match=r"^delegated_to: must be one of"):
        kr.responsible_unit(Tier.DIAMOND, Scope.COMPREHENSIVE, delegated_to="ministry")


@pytest.mark.parametrize(
    ("tier", "scope", "field"), [("platinum", "regional", "tier"), ("gold", "global", "scope")]
)
def test_an_unknown_tier_or_scope_names_the_field(tier: str, scope: str, field: str) -> None:
    with pytest.raises(kr.RuleInputError, match=rf"^{field}: must be one of"):
        kr.responsible_unit(tier, scope)


# ---------------------------------------------------------------- mutation-testing gaps


def test_decide_unit_treats_a_customer_not_said_to_be_specialised_as_not_specialised() -> None:
    from keyaccount_rules.rules.responsibility import decide_unit

    table = kr.default_policy().responsibility
    assert table is not None
    with pytest.raises(kr.RuleInputError, match="may be delegated"):
        decide_unit(Tier.DIAMOND, Scope.REGIONAL, Unit.PREFECTURE_BUREAU, table)


def test_delegating_an_unmarked_diamond_says_why_and_how_to_mark_it() -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        kr.responsible_unit("diamond", "regional", delegated_to="prefecture_bureau")
    assert str(caught.value) == (
        "delegated_to: only a diamond customer with a marked professional or regional character"
        " (专业特征、地域性明显) may be delegated (got 'prefecture_bureau') [RESP-2];"
        " pass specialised=True if the customer has that character"
    )


def test_an_assignment_carries_the_fingerprint_of_the_policy_it_used() -> None:
    shantou = kr.edition("shantou")
    assert kr.responsible_unit("gold", "regional", policy=shantou).policy_fingerprint == (
        shantou.fingerprint
    )
    assert shantou.fingerprint

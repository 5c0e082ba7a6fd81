"""责任单位 (RESP-1..2): all twelve cells of the table, G-1, and delegation."""

from __future__ import annotations

import pytest

import keyaccount_rules as kr
from keyaccount_rules import Scope, Tier, Unit

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


@pytest.mark.parametrize("delegate", [Unit.CITY_CENTER, Unit.PROFESSIONAL_BUREAU])
def test_a_diamond_customer_may_be_delegated_by_the_province(delegate: Unit) -> None:
    result = kr.responsible_unit(Tier.DIAMOND, Scope.PROFESSIONAL, delegated_to=delegate)
    assert result.unit is delegate
    assert result.delegated
    assert result.explanation.rules == ("RESP-1", "RESP-2")


@pytest.mark.parametrize("tier", [Tier.GOLD, Tier.SILVER, Tier.GENERAL])
def test_delegation_of_a_non_diamond_customer_is_refused(tier: Tier) -> None:
    with pytest.raises(kr.RuleInputError, match=r"^delegated_to: .*\[RESP-2\]"):
        kr.responsible_unit(tier, Scope.REGIONAL, delegated_to=Unit.CITY_CENTER)


@pytest.mark.parametrize(
    "delegate", [Unit.COUNTY_CENTER, Unit.BRANCH_OFFICE, Unit.PROVINCIAL_CENTER]
)
def test_delegation_to_a_unit_not_allowed_is_refused(delegate: Unit) -> None:
    with pytest.raises(kr.RuleInputError, match=r"^delegated_to: must be one of") as caught:
        kr.responsible_unit(Tier.DIAMOND, Scope.COMPREHENSIVE, delegated_to=delegate)
    assert caught.value.rule == "RESP-2"


def test_delegation_to_an_unknown_unit_names_the_field() -> None:
    with pytest.raises(kr.RuleInputError, match=r"^delegated_to: must be one of"):
        kr.responsible_unit(Tier.DIAMOND, Scope.COMPREHENSIVE, delegated_to="ministry")


@pytest.mark.parametrize(
    ("tier", "scope", "field"), [("platinum", "regional", "tier"), ("gold", "global", "scope")]
)
def test_an_unknown_tier_or_scope_names_the_field(tier: str, scope: str, field: str) -> None:
    with pytest.raises(kr.RuleInputError, match=rf"^{field}: must be one of"):
        kr.responsible_unit(tier, scope)

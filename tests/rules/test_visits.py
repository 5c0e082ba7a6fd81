"""大客户拜访制度 (VISIT-1..2): the twelve tier × scope cells with their gap rules."""

from __future__ import annotations

import pytest

import keyaccount_rules as kr
from keyaccount_rules import Leadership, Scope, Tier

D, G, S, N = Tier.DIAMOND, Tier.GOLD, Tier.SILVER, Tier.GENERAL
C, R, P = Scope.COMPREHENSIVE, Scope.REGIONAL, Scope.PROFESSIONAL

#: RULEBOOK §7: (contacts a month, who leads the yearly visits, gap rule cited or None).
ROWS = {
    (D, R): (2, Leadership.CITY_BUREAU, None),
    (G, C): (2, Leadership.CITY_BUREAU, None),
    (G, R): (1, Leadership.COUNTY_BUREAU, None),
    (S, C): (1, Leadership.COUNTY_BUREAU, None),
    (G, P): (2, Leadership.CITY_PROFESSIONAL_BUREAU, None),
    (S, P): (1, Leadership.PROFESSIONAL_BUREAU, None),
    (S, R): (1, Leadership.COUNTY_BUREAU, "G-1"),
    (D, C): (2, Leadership.PROVINCIAL, "G-2"),
    (D, P): (2, Leadership.PROVINCIAL, "G-2"),
    (N, C): (1, Leadership.BRANCH_OFFICE, None),
    (N, R): (1, Leadership.BRANCH_OFFICE, None),
    (N, P): (1, Leadership.BRANCH_OFFICE, None),
}


def test_the_rows_cover_every_tier_and_scope() -> None:
    assert set(ROWS) == {(tier, scope) for tier in Tier for scope in Scope}


@pytest.mark.parametrize(
    ("tier", "scope", "contacts", "gap"),
    [pytest.param(t, s, c, g, id=f"{t.value}-{s.value}") for (t, s), (c, _, g) in ROWS.items()],
)
def test_minimum_contacts_a_month_by_tier_and_scope(
    tier: Tier, scope: Scope, contacts: int, gap: str | None
) -> None:
    result = kr.visit_requirement(tier, scope)
    assert result.contacts_per_month == contacts
    assert result.explanation.rules[:2] == ("VISIT-1", "VISIT-2")
    cited_gaps = [rule for rule in result.explanation.rules if rule.startswith("G-")]
    assert cited_gaps == ([gap] if gap else [])


@pytest.mark.parametrize(
    ("tier", "scope", "leader"),
    [pytest.param(t, s, lead, id=f"{t.value}-{s.value}") for (t, s), (_, lead, _) in ROWS.items()],
)
def test_leadership_visits_once_or_twice_a_year_led_by_the_rulebook_level(
    tier: Tier, scope: Scope, leader: Leadership
) -> None:
    result = kr.visit_requirement(tier, scope)
    assert result.led_by is leader
    assert result.leader_visits_per_year == (1, 2)
    assert f"led by {leader.value}" in result.explanation[1].text


def test_an_unknown_scope_names_the_field() -> None:
    with pytest.raises(kr.RuleInputError, match=r"^scope: .*\[VISIT-1\]"):
        kr.visit_requirement("gold", "city")


def test_the_liangshan_edition_has_no_visit_plan_and_says_so() -> None:
    with pytest.raises(kr.MissingSectionError) as caught:
        kr.visit_requirement("gold", "regional", policy=kr.edition("liangshan"))
    assert str(caught.value).startswith("visits: the 'liangshan' edition has no visits section")

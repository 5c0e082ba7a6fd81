"""The vocabulary of RULEBOOK §1: codes and Chinese labels, including 001's units and levels."""

from __future__ import annotations

import pytest

import keyaccount_rules as kr


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (kr.Level.PREFECTURE, "州级"),
        (kr.Level.COUNTY, "县(市)级"),
        (kr.Unit.PREFECTURE_CENTER, "州(市)局大客户中心"),
        (kr.Unit.PROVINCIAL_PROFESSIONAL_COMPANY, "省专业公司(局)"),
        (kr.Unit.PREFECTURE_BUREAU, "地市局"),
    ],
)
def test_the_units_and_levels_of_the_liangshan_plan_have_their_chinese_labels(
    member: kr.Unit | kr.Level, label: str
) -> None:
    # LEVEL-1: prefecture level → PREFECTURE_CENTER, county level → COUNTY_CENTER; RESP-2's
    # delegates are the provincial professional company and a prefecture (city) bureau.
    assert member.zh == label
    assert type(member)(member.value) is member


def test_every_unit_escalates_a_tied_registration_to_a_unit_above_it() -> None:
    # DEV-1 / G-11: equal registration times go one level up; the units 001 and RESP-2 add
    # answer to the provincial centre, the top of the three-level system (ORG-1).
    escalate = kr.default_policy().development.registration.escalate_to
    assert set(escalate) == set(kr.Unit)
    for unit in (
        kr.Unit.PREFECTURE_CENTER,
        kr.Unit.PROVINCIAL_PROFESSIONAL_COMPANY,
        kr.Unit.PREFECTURE_BUREAU,
    ):
        assert escalate[unit] is kr.Unit.PROVINCIAL_CENTER

"""ORG-2..4: staffing norms of key-account centres."""

from __future__ import annotations

import pytest

import keyaccount_rules as kr
from keyaccount_rules import Centre, Post
from keyaccount_rules.core.errors import RuleInputError
from tests.conftest import exactly

CITY_FULL = {
    Post.DIRECTOR: 1,
    Post.DEPUTY_DIRECTOR: 1,
    Post.PLANNING_MANAGER: 2,
    Post.ACCOUNT_MANAGER: 2,
    Post.GOVERNMENT_ACCOUNT_MANAGER: 3,
    Post.INFORMATION_SUPERVISOR: 1,
}


def test_the_full_city_centre_establishment_is_within_its_caps() -> None:
    check = kr.staffing_check(Centre.CITY_CENTER, CITY_FULL)
    assert check.compliant
    assert check.headcount == 10
    assert check.explanation.rules == ("ORG-2",)


@pytest.mark.parametrize(
    ("post", "cap"),
    [
        pytest.param(Post.DIRECTOR, 1, id="director-1"),
        pytest.param(Post.DEPUTY_DIRECTOR, 1, id="deputy-1"),
        pytest.param(Post.PLANNING_MANAGER, 2, id="planning-2"),
        pytest.param(Post.INFORMATION_SUPERVISOR, 1, id="information-1"),
    ],
)
def test_one_over_a_city_centre_cap_is_an_excess(post: Post, cap: int) -> None:
    check = kr.staffing_check("city_center", {**CITY_FULL, post: cap + 1})
    assert [(f.kind, f.posts, f.actual, f.bound, f.difference) for f in check.findings] == [
        ("excess", (post,), cap + 1, cap, 1)
    ]
    assert check.findings[0].rule == "ORG-2"


def test_the_city_centre_has_at_most_five_account_managers_in_all() -> None:
    check = kr.staffing_check("city_center", {**CITY_FULL, Post.ACCOUNT_MANAGER: 3})
    assert [(f.kind, f.actual, f.bound) for f in check.findings] == [("excess", 6, 5)]


def test_at_most_three_of_them_for_government_and_enterprise() -> None:
    roster = {**CITY_FULL, Post.ACCOUNT_MANAGER: 1, Post.GOVERNMENT_ACCOUNT_MANAGER: 4}
    check = kr.staffing_check("city_center", roster)
    assert [(f.posts, f.actual, f.bound) for f in check.findings] == [
        ((Post.GOVERNMENT_ACCOUNT_MANAGER,), 4, 3)
    ]


def test_a_smaller_city_centre_is_fine_since_its_numbers_are_caps() -> None:
    assert kr.staffing_check("city_center", {}).compliant


@pytest.mark.parametrize("centre", [Centre.DISTRICT_CENTER, Centre.BUSINESS_BRANCH_CENTER])
@pytest.mark.parametrize(
    ("managers", "compliant"),
    [pytest.param(3, True, id="on-minimum-3"), pytest.param(2, False, id="one-under-3")],
)
def test_district_and_branch_centres_need_a_director_and_3_managers(
    centre: Centre, managers: int, compliant: bool
) -> None:
    check = kr.staffing_check(centre, {Post.DIRECTOR: 1, Post.ACCOUNT_MANAGER: managers})
    assert check.compliant is compliant
    if not compliant:
        assert [(f.kind, f.difference, f.rule) for f in check.findings] == [
            ("shortfall", 1, "ORG-3")
        ]


def test_a_district_centre_without_a_director_reports_the_shortfall() -> None:
    check = kr.staffing_check("district_center", {Post.ACCOUNT_MANAGER: 4})
    assert [(f.kind, f.posts) for f in check.findings] == [("shortfall", (Post.DIRECTOR,))]
    assert "缺1名" in check.explanation.render("zh")


def test_government_managers_count_towards_the_district_minimum() -> None:
    roster = {Post.DIRECTOR: 1, Post.ACCOUNT_MANAGER: 1, Post.GOVERNMENT_ACCOUNT_MANAGER: 2}
    assert kr.staffing_check("district_center", roster).compliant


@pytest.mark.parametrize(
    ("managers", "compliant"),
    [pytest.param(2, True, id="on-minimum-2"), pytest.param(1, False, id="one-under-2")],
)
def test_other_professional_bureaus_need_2_managers(managers: int, compliant: bool) -> None:
    check = kr.staffing_check("professional_bureau", {"account_manager": managers})
    assert check.compliant is compliant


@pytest.mark.parametrize(
    ("size", "compliant"),
    [pytest.param(6, True, id="on-6-posts"), pytest.param(7, False, id="one-over-6")],
)
def test_the_prefecture_centre_has_6_posts(size: int, compliant: bool) -> None:
    roster = {Post.DIRECTOR: 1, Post.DEPUTY_DIRECTOR: 1, Post.ACCOUNT_MANAGER: size - 2}
    check = kr.staffing_check("prefecture_center", roster)
    assert check.compliant is compliant
    if not compliant:
        assert check.findings[0].rule == "ORG-4"


def test_every_shortfall_and_excess_is_reported_at_once() -> None:
    roster = {Post.DIRECTOR: 2, Post.ACCOUNT_MANAGER: 0}
    check = kr.staffing_check("district_center", roster)
    assert [f.kind for f in check.findings] == ["excess", "shortfall"]


@pytest.mark.parametrize(
    ("roster", "field"),
    [
        pytest.param({"director": -1}, "roster.director", id="negative"),
        pytest.param({"director": 1.5}, "roster.director", id="fractional"),
        pytest.param({"director": True}, "roster.director", id="boolean"),
        pytest.param({"janitor": 1}, "roster key", id="unknown-post"),
    ],
)
def test_a_bad_roster_is_an_error_naming_the_post(roster: dict[str, object], field: str) -> None:
    with pytest.raises(kr.RuleInputError) as info:
        kr.staffing_check("district_center", roster)  # type: ignore[arg-type]
    assert info.value.field == field


def test_an_unknown_centre_is_an_error() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "centre: must be one of city_center (市局大客户中心), "
            "district_center (县、区(分)局大客户中心), "
            "business_branch_center (营业分局大客户中心), "
            "professional_bureau (其他专业局), prefecture_center (州局大客户中心), "
            "nanao_county (南澳县局) (got 'head_office') [ORG-2]"
        ),
    ):
        kr.staffing_check("head_office", {})


def test_a_norm_with_min_above_max_is_rejected_by_the_policy() -> None:
    with pytest.raises(kr.PolicyError, match=r"organisation\.centres\.district_center\.norms\.0"):
        kr.default_policy().with_changes({"organisation.centres.district_center.norms.0.min": 2})


def test_every_escalation_ends_at_the_provincial_centre_the_top_of_the_three_levels_org_1(
    policy: kr.Policy,
) -> None:
    # ORG-1: national, provincial, prefecture-city levels; within a province disputes climb
    # to the provincial centre and stop there (it rules on its own disputes).
    registration = policy.development.registration
    for unit in kr.Unit:
        assert registration.chain(unit)[-1] is kr.Unit.PROVINCIAL_CENTER
    assert registration.escalate_to[kr.Unit.PROVINCIAL_CENTER] is kr.Unit.PROVINCIAL_CENTER


# ORG-3, 002 一、2(1): 「南澳县局按实际情况设立一名专(兼)职大客户经理」 — no centre, no director.


def test_nanao_county_with_one_manager_has_no_shortfall() -> None:
    """Checked as a district centre, the old code reported two shortfalls (director, managers)."""
    check = kr.staffing_check("nanao_county", {Post.ACCOUNT_MANAGER: 1})
    assert check.compliant
    assert check.findings == ()
    assert check.explanation.rules == ("ORG-3",)
    assert Centre.NANAO_COUNTY.zh == "南澳县局"


def test_nanao_county_needs_exactly_one_manager() -> None:
    assert not kr.staffing_check("nanao_county", {}).compliant
    assert not kr.staffing_check("nanao_county", {Post.ACCOUNT_MANAGER: 2}).compliant
    # a government account manager is an account manager too
    assert kr.staffing_check("nanao_county", {Post.GOVERNMENT_ACCOUNT_MANAGER: 1}).compliant


def test_nanao_county_with_a_centre_director_fails_org_3() -> None:
    """「南澳县局按实际情况设立一名专(兼)职大客户经理」: no centre is set up, so no director."""
    check = kr.staffing_check("nanao_county", {Post.DIRECTOR: 1, Post.ACCOUNT_MANAGER: 1})
    assert not check.compliant
    assert [(f.kind, f.posts, f.actual, f.bound) for f in check.findings] == [
        ("excess", (Post.DIRECTOR, Post.DEPUTY_DIRECTOR), 1, 0)
    ]
    assert str(check.explanation).splitlines()[-1] == (
        "ORG-3: nanao_county: director + deputy_director = 1, norm at most 0 → over by 1"
    )


def test_nanao_county_with_a_deputy_director_fails_too() -> None:
    check = kr.staffing_check("nanao_county", {Post.DEPUTY_DIRECTOR: 1, Post.ACCOUNT_MANAGER: 1})
    assert [f.kind for f in check.findings] == ["excess"]


def test_a_staffing_count_error_names_the_post_org_3() -> None:
    with pytest.raises(RuleInputError) as raised:
        kr.staffing_check("district_center", {"account_manager": -2})
    assert raised.value.field == "roster.account_manager"
    assert raised.value.rule == "ORG-3"  # district centres: ORG-3
    assert str(raised.value) == (
        "roster.account_manager: must be a whole number of people, 0 or more (got -2) [ORG-3]"
    )


# ---------------------------------------------------------------- mutation-testing gaps


def test_staffing_check_under_a_policy_without_organisation_names_the_missing_section() -> None:
    policy = kr.edition("shantou").with_changes({"organisation": None})
    with pytest.raises(kr.MissingSectionError) as caught:
        kr.staffing_check("city_center", {}, policy=policy)
    assert str(caught.value) == (
        "organisation: the policy changed from the 'shantou' edition has no organisation section "
        "(ORG-2, ORG-3, ORG-4 are 002 and 001's; use 'shantou' or 'liangshan' or 'combined')"
    )

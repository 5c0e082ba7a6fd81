"""DEV-1..6 and RESP-3: development, ownership, roles, revenue and marketing permission."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

import keyaccount_rules as kr
from keyaccount_rules import Claim, Scope, ServedRevenue, ServiceOption, Stage, Tier, Unit
from keyaccount_rules.core.errors import RuleInputError
from tests.conftest import exactly

AT = datetime(2026, 3, 1, 9, 0)


def claim(name: str, at: datetime, unit: Unit = Unit.COUNTY_CENTER) -> Claim:
    return Claim(claimant=name, unit=unit, registered_at=at)


# ---------------------------------------------------------------- DEV-1


def test_a_single_claim_owns_the_customer() -> None:
    ruling = kr.settle_claims([claim("chenghai", AT)])
    assert (ruling.owner, ruling.escalated, ruling.decided_by) == ("chenghai", False, None)


def test_the_earliest_registration_wins_even_by_one_second() -> None:
    ruling = kr.settle_claims([claim("chaoyang", AT + timedelta(seconds=1)), claim("chenghai", AT)])
    assert ruling.owner == "chenghai"
    assert not ruling.escalated
    assert "the earliest registration (2026-03-01T09:00:00) wins: chenghai" in str(
        ruling.explanation
    )


def test_equal_earliest_timestamps_are_escalated_to_the_city_centre() -> None:
    ruling = kr.settle_claims(
        [claim("chenghai", AT), claim("chaoyang", AT), claim("chaonan", AT + timedelta(days=1))]
    )
    assert ruling.owner is None
    assert ruling.escalated
    assert ruling.tied == ("chenghai", "chaoyang")
    assert ruling.decided_by is Unit.CITY_CENTER
    assert "上报上一级市局大客户中心裁决" in ruling.explanation.render("zh")


@pytest.mark.parametrize(
    ("units", "decider"),
    [
        pytest.param(
            (Unit.COUNTY_CENTER, Unit.PROFESSIONAL_BUREAU), Unit.CITY_CENTER, id="county-vs-bureau"
        ),
        pytest.param(
            (Unit.COUNTY_CENTER, Unit.CITY_CENTER), Unit.PROVINCIAL_CENTER, id="county-vs-city"
        ),
        pytest.param(
            (Unit.BRANCH_OFFICE, Unit.BRANCH_OFFICE), Unit.COUNTY_CENTER, id="two-branches"
        ),
        pytest.param(
            (Unit.BRANCH_OFFICE, Unit.PROFESSIONAL_BUREAU), Unit.CITY_CENTER, id="branch-vs-bureau"
        ),
        pytest.param(
            (Unit.PROVINCIAL_CENTER, Unit.CITY_CENTER), Unit.PROVINCIAL_CENTER, id="top-level"
        ),
    ],
)
def test_a_tie_goes_to_the_lowest_centre_above_every_tied_claimant(
    units: tuple[Unit, Unit], decider: Unit
) -> None:
    ruling = kr.settle_claims([claim("x", AT, units[0]), claim("y", AT, units[1])])
    assert ruling.decided_by is decider


def test_a_claim_without_a_timestamp_is_an_error_naming_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        Claim(claimant="x", unit=Unit.COUNTY_CENTER, registered_at=None)  # type: ignore[arg-type]
    assert info.value.errors()[0]["loc"] == ("registered_at",)
    with pytest.raises(kr.RuleInputError) as named:
        kr.settle_claims([claim("a", AT), {"claimant": "b", "unit": "county_center"}])  # type: ignore[list-item]
    assert named.value.field == "claims[1].registered_at"


def test_no_claims_is_an_error() -> None:
    with pytest.raises(
        kr.RuleInputError, match=exactly("claims: needs at least one claim [DEV-1]")
    ):
        kr.settle_claims([])


def test_a_claimant_twice_is_an_error() -> None:
    with pytest.raises(
        kr.RuleInputError, match=exactly("claims[1].claimant: claims twice (got 'a') [DEV-1]")
    ):
        kr.settle_claims([claim("a", AT), claim("a", AT)])


def test_aware_and_naive_timestamps_cannot_be_mixed() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "claims: registered_at mixes time-zone-aware and naive times, which cannot be "
            "ordered [DEV-1]"
        ),
    ):
        kr.settle_claims([claim("a", AT), claim("b", AT.replace(tzinfo=UTC))])


def test_a_policy_whose_escalation_runs_in_a_circle_is_rejected() -> None:
    with pytest.raises(kr.PolicyError, match=r"development\.registration\.escalate_to"):
        kr.default_policy().with_changes(
            {"development.registration.escalate_to.provincial_center": "city_center"}
        )


def test_a_policy_with_two_top_units_is_rejected() -> None:
    with pytest.raises(kr.PolicyError, match="one top unit"):
        kr.default_policy().with_changes(
            {"development.registration.escalate_to.branch_office": "branch_office"}
        )


# ---------------------------------------------------------------- DEV-2


def test_the_signing_place_owns_the_customer() -> None:
    ruling = kr.locality_owner("chenghai")
    assert (ruling.owner, ruling.escalated) == ("chenghai", False)


def test_business_arising_at_the_signing_place_stays_there() -> None:
    assert kr.locality_owner("chenghai", arises_at="chenghai").owner == "chenghai"


def test_business_arising_elsewhere_goes_to_the_next_level_centre() -> None:
    ruling = kr.locality_owner("chenghai", arises_at="chaoyang")
    assert (ruling.owner, ruling.escalated, ruling.decided_by) == (None, True, Unit.CITY_CENTER)
    assert ruling.explanation.rules == ("DEV-2",)


def test_a_dispute_between_city_bureaus_goes_to_the_province() -> None:
    ruling = kr.locality_owner("shantou", arises_at="jieyang", level="city_center")
    assert ruling.decided_by is Unit.PROVINCIAL_CENTER


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param({"signed_at": ""}, "signed_at", id="empty-signing-place"),
        pytest.param({"signed_at": "a", "arises_at": ""}, "arises_at", id="empty-arising-place"),
        pytest.param({"signed_at": "a", "level": "village"}, "level", id="unknown-level"),
    ],
)
def test_bad_locality_input_is_named(kwargs: dict[str, str], field: str) -> None:
    with pytest.raises(kr.RuleInputError) as info:
        kr.locality_owner(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


# ---------------------------------------------------------------- DEV-3


@pytest.mark.parametrize("tier", [Tier.SILVER, Tier.GOLD, Tier.DIAMOND])
def test_a_leads_development_and_b_leads_maintenance_from_silver_up(tier: Tier) -> None:
    developing = kr.ab_roles(tier, Stage.DEVELOPMENT, a="li", b="wang")
    maintaining = kr.ab_roles(tier, Stage.MAINTENANCE, a="li", b="wang")
    assert (developing.applies, developing.lead, developing.assist) == (True, "li", "wang")
    assert (maintaining.applies, maintaining.lead, maintaining.assist) == (True, "wang", "li")


def test_a_general_customer_has_no_ab_roles() -> None:
    result = kr.ab_roles("general", "development", a="li", b="wang")
    assert (result.applies, result.lead, result.assist) == (False, None, None)
    assert "silver and above" in str(result.explanation)


def test_a_variant_may_extend_ab_roles_to_general_customers() -> None:
    variant = kr.default_policy().with_changes({"development.roles.min_tier": "general"})
    assert kr.ab_roles("general", "development", a="li", b="wang", policy=variant).applies


def test_a_and_b_must_be_two_managers() -> None:
    with pytest.raises(
        kr.RuleInputError, match=exactly("b: must be another manager than a (got 'li') [DEV-3]")
    ):
        kr.ab_roles("gold", "development", a="li", b="li")


def test_an_unknown_stage_is_named() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "stage: must be one of development (开发), maintenance (维护) (got 'closing') [DEV-3]"
        ),
    ):
        kr.ab_roles("gold", "closing", a="li", b="wang")


# ---------------------------------------------------------------- DEV-4, DEV-5


def test_the_city_centre_develops_a_multi_level_customers_city_organisation() -> None:
    result = kr.development_lead(Scope.COMPREHENSIVE, multi_level="city")
    assert (result.lead, result.support) == (Unit.CITY_CENTER, Unit.COUNTY_CENTER)
    assert result.explanation.rules == ("DEV-4",)


def test_county_centres_develop_the_local_branches_under_the_city_plan() -> None:
    result = kr.development_lead(Scope.COMPREHENSIVE, multi_level="county")
    assert (result.lead, result.support) == (Unit.COUNTY_CENTER, Unit.CITY_CENTER)
    assert "部署的计划" in result.explanation.render("zh")


def test_an_unknown_multi_level_part_is_an_error() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly("multi_level: must be 'city', 'county' or None (got 'province') [DEV-4]"),
    ):
        kr.development_lead("comprehensive", multi_level="province")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("scope", "second", "lead", "support"),
    [
        pytest.param(
            Scope.COMPREHENSIVE, False, Unit.CITY_CENTER, Unit.PROFESSIONAL_BUREAU, id="comp"
        ),
        pytest.param(
            Scope.PROFESSIONAL, False, Unit.PROFESSIONAL_BUREAU, Unit.CITY_CENTER, id="prof-first"
        ),
        pytest.param(
            Scope.PROFESSIONAL, True, Unit.CITY_CENTER, Unit.PROFESSIONAL_BUREAU, id="prof-second"
        ),
    ],
)
def test_dev5_names_the_lead_of_each_development(
    scope: Scope, second: bool, lead: Unit, support: Unit
) -> None:
    result = kr.development_lead(scope, second_development=second)
    assert (result.lead, result.support) == (lead, support)
    assert result.explanation.rules == ("DEV-5",)


def test_a_regional_customer_is_sent_to_the_locality_rule() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "scope: DEV-5 names leads for comprehensive and professional customers only (got "
            "'regional') [DEV-5]; a regional customer belongs to its locality: use "
            "locality_owner (DEV-2)"
        ),
    ):
        kr.development_lead(Scope.REGIONAL)


def test_revenue_goes_to_the_serving_units_or_the_locality() -> None:
    result = kr.attribute_revenue(
        [
            ServedRevenue(amount=900, served_by="express-bureau"),
            ServedRevenue(amount="100.50"),
            ServedRevenue(amount="0.50", served_by="express-bureau"),
        ],
        locality="chenghai",
    )
    assert result.credited == {"express-bureau": Decimal("900.50"), "chenghai": Decimal("100.50")}
    assert result.total == Decimal("1001.00")
    assert "express-bureau 900.50" in str(result.explanation)


def test_no_revenue_credits_no_one() -> None:
    result = kr.attribute_revenue([], locality="chenghai")
    assert (result.credited, result.total) == ({}, Decimal("0.00"))


@pytest.mark.parametrize(
    ("item", "field"),
    [
        pytest.param({"amount": -1}, "revenue[0].amount", id="negative"),
        pytest.param({"amount": "0.001"}, "revenue[0].amount", id="over-precise"),
        pytest.param({"amount": 1, "served_by": ""}, "revenue[0].served_by", id="empty-unit"),
    ],
)
def test_bad_revenue_is_named(item: dict[str, object], field: str) -> None:
    with pytest.raises(kr.RuleInputError) as info:
        kr.attribute_revenue([item], locality="chenghai")  # type: ignore[list-item]
    assert info.value.field == field


# ---------------------------------------------------------------- DEV-6


def test_the_more_profitable_service_is_preferred() -> None:
    choice = kr.steer_service(
        [
            ServiceOption(service="registered letter", profit=Decimal(2)),
            ServiceOption(service="express", profit=Decimal(9)),
        ]
    )
    assert choice.service == "express"


def test_a_service_outside_the_quality_or_cost_limits_is_not_chosen() -> None:
    choice = kr.steer_service(
        [
            ServiceOption(service="registered letter", profit=Decimal(2)),
            ServiceOption(service="express", profit=Decimal(9), within_cost=False),
            ServiceOption(service="logistics", profit=Decimal(12), meets_quality=False),
        ]
    )
    assert choice.service == "registered letter"
    assert "express, logistics" in str(choice.explanation)


def test_equal_profit_keeps_the_first_option() -> None:
    choice = kr.steer_service(
        [ServiceOption(service="a", profit=Decimal(5)), ServiceOption(service="b", profit=5)]
    )
    assert choice.service == "a"


def test_no_acceptable_service_chooses_none() -> None:
    choice = kr.steer_service([ServiceOption(service="a", profit=Decimal(5), within_cost=False)])
    assert choice.service is None


# ---------------------------------------------------------------- RESP-3


def test_the_responsible_unit_may_market_to_its_customer() -> None:
    assert kr.may_market("chenghai", "chenghai").allowed


def test_another_unit_may_not_market_without_a_declaration() -> None:
    result = kr.may_market("chaoyang", "chenghai")
    assert not result.allowed
    assert result.explanation.rules == ("RESP-3",)


def test_another_unit_may_market_with_an_approved_declaration() -> None:
    assert kr.may_market("chaoyang", "chenghai", declaration_approved=True).allowed


def test_the_declaration_flag_must_be_a_boolean() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly("declaration_approved: must be True or False (got 'yes') [RESP-3]"),
    ):
        kr.may_market("a", "b", declaration_approved="yes")  # type: ignore[arg-type]


# ---------------------------------------------------------------- declared arguments


@pytest.mark.parametrize("value", ["no", 0, 1, None], ids=["no", "zero", "one", "none"])
def test_second_development_must_be_true_or_false_not_a_truthy_word_dev_5(value: object) -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        kr.development_lead("professional", second_development=value)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("second_development", "DEV-5")
    assert "must be True or False" in str(caught.value)


@pytest.mark.parametrize("field", ["meets_quality", "within_cost"])
def test_a_service_limit_must_be_true_or_false_not_yes_dev_6(field: str) -> None:
    with pytest.raises(ValidationError, match="must be True or False"):
        kr.ServiceOption.model_validate({"service": "express", "profit": 1, field: "yes"})


def test_a_profit_is_read_by_the_librarys_one_number_parser_dev_6() -> None:
    np = pytest.importorskip("numpy")
    assert kr.ServiceOption(service="x", profit=np.float64(0.1)).profit == Decimal("0.1")
    assert kr.ServiceOption(service="x", profit="1,234.5").profit == Decimal("1234.5")
    assert kr.ServiceOption(service="x", profit="-0").profit.is_signed() is False
    with pytest.raises(ValidationError, match="misplaced comma"):
        kr.ServiceOption(service="x", profit="1,5")


def test_a_loss_making_option_can_still_be_the_best_one_dev_6() -> None:
    options = [{"service": "a", "profit": "-5"}, {"service": "b", "profit": "-1.5"}]
    assert kr.steer_service(options).service == "b"


# A rule that reads its policy must refuse something that is not a Policy, even a mapping.
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


@pytest.mark.parametrize(
    ("profit", "message"),
    [
        pytest.param(Decimal("NaN"), "must be a finite amount", id="not-a-number"),
        pytest.param(Decimal("1e15"), "must be below 1,000,000,000,000,000 yuan", id="on-max"),
        pytest.param(Decimal("-1e15"), "must be below 1,000,000,000,000,000 yuan", id="loss-max"),
    ],
)
def test_a_profit_that_is_not_a_bounded_amount_is_refused_with_the_reason(
    profit: Decimal, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        ServiceOption(service="express", profit=profit)
    assert [e["msg"] for e in caught.value.errors()] == [f"Value error, {message}"]


def test_a_profit_one_fen_under_the_ceiling_and_a_loss_are_accepted() -> None:
    assert ServiceOption(service="express", profit=Decimal("999999999999999.99")).profit == Decimal(
        "999999999999999.99"
    )
    assert ServiceOption(service="express", profit="-0").profit == Decimal(0)
    assert ServiceOption(service="express", profit=-5).profit == Decimal(-5)


# ---------------------------------------------------------------- mutation-testing gaps

LIANGSHAN_HAS_NO_DEVELOPMENT = (
    "development: the 'liangshan' edition has no development section "
    "(DEV-1, DEV-3, DEV-4, DEV-5 are 002's; use 'shantou' or 'combined')"
)


def test_below_the_minimum_tier_the_roles_decision_keeps_the_stage_it_was_asked_about() -> None:
    from keyaccount_rules.rules.development import RolesDecision, decide_roles

    decision = decide_roles(Tier.SILVER, Tier.GENERAL, Stage.MAINTENANCE, "li", "wang")
    assert decision == RolesDecision(Tier.GENERAL, Stage.MAINTENANCE, Tier.SILVER, None, None)
    assert not decision.applies


def test_ab_roles_under_liangshan_names_the_missing_development_section() -> None:
    with pytest.raises(kr.MissingSectionError) as caught:
        kr.ab_roles("gold", "development", a="li", b="wang", policy=kr.edition("liangshan"))
    assert str(caught.value) == LIANGSHAN_HAS_NO_DEVELOPMENT


def test_development_lead_under_liangshan_names_the_missing_development_section() -> None:
    with pytest.raises(kr.MissingSectionError) as caught:
        kr.development_lead("comprehensive", policy=kr.edition("liangshan"))
    assert str(caught.value) == LIANGSHAN_HAS_NO_DEVELOPMENT

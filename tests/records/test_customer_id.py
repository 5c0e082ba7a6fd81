"""统一大客户ID号 (ID-1..5): parsing each layer, allocation and exhaustion, use in records."""

from __future__ import annotations

import json

import pydantic
import pytest

import keyaccount_rules as kr
from keyaccount_rules import CustomerId, CustomerIdError
from tests.conftest import exactly


def test_parse_splits_the_three_layers_and_str_gives_the_14_digits_back() -> None:
    cid = CustomerId.parse("44050700012003")
    assert (cid.division, cid.sequence, cid.branch) == ("440507", 12, 3)
    assert str(cid) == "44050700012003"
    assert CustomerId.parse(str(cid)) == cid
    assert hash(CustomerId.parse(str(cid))) == hash(cid)


def test_building_from_layers_pads_the_counters() -> None:
    assert str(CustomerId("110101", 1, 0)) == "11010100001000"


@pytest.mark.parametrize(
    ("text", "rule", "field"),
    [
        pytest.param("4405070001200", "ID-1", "customer_id", id="13-digits"),
        pytest.param("440507000120000", "ID-1", "customer_id", id="15-digits"),
        pytest.param("44050700012a00", "ID-1", "customer_id", id="non-digit"),
        pytest.param("4405070001２000", "ID-1", "customer_id", id="full-width-digit"),
        pytest.param("99050700012000", "ID-4", "division", id="province-99"),
        pytest.param("00000000012000", "ID-4", "division", id="province-00"),
        pytest.param("44050700000000", "ID-2", "sequence", id="sequence-00000"),
    ],
)
def test_each_wrong_layer_is_named(text: str, rule: str, field: str) -> None:
    with pytest.raises(CustomerIdError, match=rf"^{field}: .*\[{rule}\]") as caught:
        CustomerId.parse(text)
    assert isinstance(caught.value, ValueError)
    assert caught.value.rule == rule


@pytest.mark.parametrize("province", ["11", "15", "23", "37", "46", "54", "65", "71", "81", "82"])
def test_every_listed_province_code_edge_is_accepted(province: str) -> None:
    assert CustomerId.parse(f"{province}010100001000").division.startswith(province)


@pytest.mark.parametrize("province", ["10", "16", "24", "38", "47", "55", "66", "72", "83"])
def test_codes_just_outside_the_province_ranges_are_refused(province: str) -> None:
    message = (
        f"division: first two digits {province} are not a province-level code of GB/T 2260 "
        f"(got '{province}0101') [ID-4]"
    )
    with pytest.raises(CustomerIdError, match=exactly(message)):
        CustomerId.parse(f"{province}010100001000")


def test_parse_refuses_a_non_string() -> None:
    with pytest.raises(CustomerIdError, match=r"^customer_id: must be a string"):
        CustomerId.parse(44050700012000)  # type: ignore[arg-type]


def test_branch_000_is_the_headquarters_and_other_branches_are_not() -> None:
    head = CustomerId.parse("44050700012000")
    branch = CustomerId.parse("44050700012001")
    assert head.is_headquarters
    assert not branch.is_headquarters
    assert branch.headquarters == head


def test_the_first_customer_of_a_division_is_00001() -> None:
    assert str(kr.next_customer_id("440507", [])) == "44050700001000"


def test_the_next_customer_is_one_past_the_highest_sequence_in_that_division() -> None:
    existing = ["44050700003000", "44050700007002", "44050800050000", "44050700005000"]
    assert str(kr.next_customer_id("440507", existing)) == "44050700008000"


def test_customer_sequence_exhaustion_is_an_error_not_a_wrap_around() -> None:
    with pytest.raises(
        CustomerIdError,
        match=exactly(
            "existing: division 440507 has used every customer sequence up to 99999 [ID-5]; "
            "allocation never wraps around; ask the provincial centre for a new division"
        ),
    ):
        kr.next_customer_id("440507", ["44050799999000"])


def test_sequence_99998_still_allocates_99999() -> None:
    assert kr.next_customer_id("440507", ["44050799998000"]).sequence == 99999


def test_next_customer_id_checks_the_division() -> None:
    with pytest.raises(CustomerIdError, match=r"^division: .*\[ID-4\]"):
        kr.next_customer_id("990507", [])


def test_the_first_branch_is_001_and_later_ones_follow_the_highest() -> None:
    head = CustomerId.parse("44050700012000")
    assert str(kr.next_branch_id(head, [])) == "44050700012001"
    others = ["44050700012004", "44050700013009", "44050700012002"]
    assert str(kr.next_branch_id("44050700012000", others)) == "44050700012005"


def test_branch_exhaustion_is_an_error_not_a_wrap_around() -> None:
    with pytest.raises(
        CustomerIdError,
        match=exactly(
            "existing: headquarters 44050700012000 has used every branch up to 999 [ID-5]; "
            "allocation never wraps around"
        ),
    ):
        kr.next_branch_id("44050700012000", ["44050700012999"])


def test_branch_998_still_allocates_999() -> None:
    assert kr.next_branch_id("44050700012000", ["44050700012998"]).branch == 999


def test_a_branch_under_a_branch_is_refused() -> None:
    with pytest.raises(CustomerIdError, match=r"^headquarters: .*\[ID-3\]"):
        kr.next_branch_id("44050700012001", [])


def test_customer_id_inside_a_customer_round_trips_through_json() -> None:
    customer = kr.Customer(name="汕头某公司", customer_id="44050700012000")
    assert customer.customer_id == CustomerId.parse("44050700012000")
    dumped = customer.model_dump_json()
    assert json.loads(dumped)["customer_id"] == "44050700012000"
    assert kr.Customer.model_validate_json(dumped) == customer


def test_a_bad_customer_id_in_a_customer_is_a_validation_error_naming_the_field() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        kr.Customer(name="汕头某公司", customer_id="44050700000000")
    error = caught.value.errors()[0]
    assert error["loc"] == ("customer_id",)
    assert "ID-2" in error["msg"]


def test_the_customer_id_json_schema_is_a_14_digit_string() -> None:
    schema = kr.Customer.model_json_schema()
    field = schema["properties"]["customer_id"]
    id_schema = next(option for option in field["anyOf"] if option.get("type") == "string")
    assert id_schema["pattern"] == r"^\d{14}$"


def test_the_headquarters_of_an_id_keeps_the_policy_layout(policy: kr.Policy) -> None:
    two_digit_branches = policy.with_changes({"customer_id.branch_digits": 2})
    branch = CustomerId.parse("4405070001201", policy=two_digit_branches)
    assert (branch.sequence, branch.branch) == (12, 1)
    assert str(branch.headquarters) == "4405070001200"


def test_a_policy_can_change_the_id_layout(policy: kr.Policy) -> None:
    two_digit_branches = policy.with_changes({"customer_id.branch_digits": 2})
    with pytest.raises(CustomerIdError, match=r"must be exactly 13 digits"):
        CustomerId.parse("44050700012000", policy=two_digit_branches)
    assert str(kr.next_branch_id("4405070001200", [], policy=two_digit_branches)) == (
        "4405070001201"
    )


def test_next_customer_id_names_a_bad_division_before_reading_the_existing_ids() -> None:
    with pytest.raises(CustomerIdError) as caught:
        kr.next_customer_id("990000", ["not an id"])
    assert (caught.value.field, caught.value.rule) == ("division", "ID-4")


def test_the_liangshan_edition_has_no_customer_id_layout_and_says_so() -> None:
    with pytest.raises(kr.MissingSectionError) as caught:
        kr.next_customer_id("440507", [], policy=kr.edition("liangshan"))
    assert str(caught.value).startswith(
        "customer_id: the 'liangshan' edition has no customer_id section"
    )


def test_a_customer_id_given_as_a_number_is_refused_asking_for_a_14_digit_string() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        kr.Customer(name="汕头某公司", customer_id=44050700012000)
    error = caught.value.errors()[0]
    assert error["loc"] == ("customer_id",)
    assert error["msg"] == "Value error, must be a 14-digit string"


def test_an_id_checked_against_its_own_policy_keeps_it_for_its_headquarters() -> None:
    # G-14: a policy may turn ID-4's province check off; a branch's headquarters is an ID
    # of the same layout, not re-checked against the default policy (where 99 is refused).
    lenient = kr.default_policy().with_changes({"customer_id.check_province": False})
    branch = CustomerId("990000", 12, 3, policy=lenient)
    assert str(branch.headquarters) == "99000000012000"
    parsed = CustomerId.parse("99000000012003", policy=lenient)
    assert str(parsed.headquarters) == "99000000012000"
    with pytest.raises(CustomerIdError) as caught:
        CustomerId("990000", 12, 3)
    assert caught.value.rule == "ID-4"


@pytest.mark.parametrize("division", ["44０５０７", "44٠٥٠٧"])
def test_next_customer_id_never_mints_an_id_parse_refuses(division: str) -> None:
    """A division in full-width or Arabic-Indic digits is refused with the fix, as parse does."""
    with pytest.raises(CustomerIdError) as caught:
        kr.next_customer_id(division, [])
    assert str(caught.value) == (
        f"division: must be 6 digits (行政区划代码) (got {division!r}) [ID-1]; "
        "write the digits as ASCII 0-9"
    )


def test_parse_names_the_fix_for_an_id_in_full_width_digits() -> None:
    text = "４４０５０７０００１２０００"
    with pytest.raises(CustomerIdError) as caught:
        CustomerId.parse(text)
    assert str(caught.value) == (
        "customer_id: must be exactly 14 digits (division 6 + sequence 5 + branch 3) "
        f"(got {text!r}) [ID-1]; write the digits as ASCII 0-9"
    )

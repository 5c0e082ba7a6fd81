"""Customer records: exact money per RULEBOOK §17, unknown lines and fields refused."""

from __future__ import annotations

from decimal import Decimal

import pydantic
import pytest

import keyaccount_rules as kr
from keyaccount_rules import BusinessLine


def test_amounts_become_decimal_yuan_with_two_places() -> None:
    customer = kr.Customer(
        name="汕头某公司",
        last_year_revenue={"express": 25000, BusinessLine.LETTERS: "1,200.5"},
        current_month_revenue={"express": Decimal("2000")},
    )
    assert customer.last_year_revenue == {
        BusinessLine.EXPRESS: Decimal("25000.00"),
        BusinessLine.LETTERS: Decimal("1200.50"),
    }
    assert customer.annual_revenue == Decimal("26200.50")
    assert customer.current_month_total == Decimal("2000.00")


def test_a_float_is_read_through_its_shortest_repr() -> None:
    customer = kr.Customer(name="A", newspaper_turnover_last_year=1234.5)
    assert customer.newspaper_turnover_last_year == Decimal("1234.50")
    assert str(customer.newspaper_turnover_last_year) == "1234.50"


def test_a_float_whose_repr_has_two_decimals_is_exact() -> None:
    # 0.1 is 0.1000000000000000055… in binary; its shortest repr is "0.1".
    assert kr.Customer(name="A", last_year_revenue={"express": 0.1}).annual_revenue == Decimal(
        "0.10"
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        pytest.param(-1, "must not be negative", id="negative"),
        pytest.param("-0.01", "must not be negative", id="negative-fen"),
        pytest.param(float("nan"), "finite", id="nan-float"),
        pytest.param("NaN", "finite", id="nan-string"),
        pytest.param(float("inf"), "finite", id="infinite"),
        pytest.param("1.234", "at most 2 decimal places", id="three-decimals"),
        pytest.param(0.1 + 0.2, "at most 2 decimal places", id="float-0.1-plus-0.2"),
        pytest.param("abc", "decimal number", id="not-a-number"),
        pytest.param(True, "not a boolean", id="boolean"),
    ],
)
def test_a_bad_amount_is_a_validation_error_naming_line_and_field(
    amount: object, message: str
) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        kr.Customer(name="A", last_year_revenue={"express": amount})
    error = caught.value.errors()[0]
    assert error["loc"] == ("last_year_revenue", "express")
    assert message in error["msg"]


@pytest.mark.parametrize(
    "field", ["newspaper_turnover_last_year", "newspaper_turnover_current_month"]
)
def test_a_negative_turnover_names_its_field(field: str) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        kr.Customer.model_validate({"name": "A", field: "-5"})
    assert caught.value.errors()[0]["loc"] == (field,)


def test_an_unknown_business_line_is_refused_naming_the_mapping() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        kr.Customer(name="A", current_month_revenue={"telegrams": 100})
    error = caught.value.errors()[0]
    assert error["loc"][:2] == ("current_month_revenue", "telegrams")
    assert "express" in error["msg"]  # the message lists the valid lines


def test_an_unknown_field_is_refused() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        kr.Customer.model_validate({"name": "A", "revenue": 5})
    error = caught.value.errors()[0]
    assert error["loc"] == ("revenue",)
    assert error["type"] == "extra_forbidden"


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_name_is_refused(name: str) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        kr.Customer(name=name)
    assert caught.value.errors()[0]["loc"] == ("name",)


def test_an_unknown_scope_is_refused() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        kr.Customer.model_validate({"name": "A", "scope": "global"})
    assert caught.value.errors()[0]["loc"] == ("scope",)


def test_a_customer_is_frozen() -> None:
    customer = kr.Customer(name="A")
    with pytest.raises(pydantic.ValidationError):
        customer.name = "B"  # type: ignore[misc]


def test_a_customer_round_trips_through_json_with_amounts_as_strings() -> None:
    customer = kr.Customer(
        name="汕头某公司",
        scope="professional",
        has_agreement=True,
        last_year_revenue={"logistics": "620000.10"},
        newspaper_turnover_current_month=5,
    )
    dumped = customer.model_dump(mode="json")
    assert dumped["last_year_revenue"] == {"logistics": "620000.10"}
    assert dumped["newspaper_turnover_current_month"] == "5.00"
    assert kr.Customer.model_validate_json(customer.model_dump_json()) == customer


def test_a_customer_takes_the_chinese_spellings_the_file_readers_accept() -> None:
    """Customer(scope="区域", has_agreement="是") as a spreadsheet's 范围 and 协议 cells say."""
    customer = kr.Customer(
        name="某公司", scope="区域", has_agreement="是", last_year_revenue={"特快": "3000"}
    )
    assert customer.scope is kr.Scope.REGIONAL
    assert customer.has_agreement is True
    assert dict(customer.last_year_revenue) == {kr.BusinessLine.EXPRESS: Decimal("3000.00")}
    assert kr.Customer(name="a", scope="综合性", has_agreement="否").has_agreement is False


def test_a_bad_scope_lists_the_codes_with_their_chinese_labels() -> None:
    with pytest.raises(pydantic.ValidationError) as err:
        kr.Customer(name="a", scope="全国")
    assert err.value.errors()[0]["msg"] == (
        "Value error, must be one of comprehensive (综合), regional (区域), professional (专业)"
    )


def test_a_bad_agreement_names_the_yes_no_spellings() -> None:
    with pytest.raises(pydantic.ValidationError) as err:
        kr.Customer(name="a", has_agreement="也许")
    assert err.value.errors()[0]["msg"] == "Value error, must be true or false (是/否)"


def test_a_collection_takes_its_line_in_chinese_too() -> None:
    assert kr.Collection("特快", 10).line is kr.BusinessLine.EXPRESS
    with pytest.raises(
        pydantic.ValidationError, match=r"must be one of savings_remittance \(储汇\)"
    ):
        kr.Collection("rockets", 10)

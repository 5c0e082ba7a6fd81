"""CustomerId as a value: equality, hashing, ordering, pydantic validation and JSON schema."""

from __future__ import annotations

import pytest

import keyaccount_rules as kr

HQ = "44050700012000"


def test_ids_are_equal_by_their_digits_and_never_equal_to_text() -> None:
    assert kr.CustomerId.parse(HQ) == kr.CustomerId("440507", 12)
    assert kr.CustomerId.parse(HQ) != kr.CustomerId("440507", 12, 1)
    assert kr.CustomerId.parse(HQ) != HQ


def test_equal_ids_hash_alike_and_different_ids_apart() -> None:
    ids = {kr.CustomerId.parse(HQ), kr.CustomerId("440507", 12), kr.CustomerId("440507", 13)}
    assert len(ids) == 2
    assert hash(kr.CustomerId.parse(HQ)) == hash(HQ)


def test_ids_sort_by_their_digits() -> None:
    a, b = kr.CustomerId.parse(HQ), kr.CustomerId.parse("44050700012001")
    assert a < b
    assert not b < a
    assert not a < kr.CustomerId.parse(HQ)
    assert sorted([b, a]) == [a, b]
    with pytest.raises(TypeError):
        _ = a < HQ  # type: ignore[operator]


def test_an_id_prints_as_its_digits_and_repr_shows_the_class() -> None:
    cid = kr.CustomerId("440507", 12, 3)
    assert str(cid) == "44050700012003"
    assert repr(cid) == "CustomerId('44050700012003')"
    assert cid.headquarters == kr.CustomerId.parse(HQ)
    assert kr.CustomerId.parse(HQ).headquarters is not None


def test_a_record_accepts_an_id_or_its_digits_and_dumps_the_digits() -> None:
    cid = kr.CustomerId.parse(HQ)
    assert kr.Customer(name="A", customer_id=cid).customer_id is cid
    customer = kr.Customer(name="A", customer_id=HQ)
    assert customer.customer_id == cid
    assert customer.model_dump(mode="json")["customer_id"] == HQ
    assert customer.model_dump()["customer_id"] == cid


def test_the_json_schema_of_an_id_is_a_14_digit_string() -> None:
    schema = kr.Customer.model_json_schema()
    branch = next(s for s in schema["properties"]["customer_id"]["anyOf"] if s.get("type"))
    assert branch == {
        "type": "string",
        "pattern": r"^\d{14}$",
        "description": "统一大客户ID号: division(6) + sequence(5) + branch(3) (ID-1).",
        "examples": ["44050700012000"],
    }


def test_allocation_takes_ids_as_objects_as_well_as_digits() -> None:
    existing = [kr.CustomerId("440507", 7), kr.CustomerId("440507", 7, 4), "44050700003000"]
    assert str(kr.next_customer_id("440507", existing)) == "44050700008000"
    assert str(kr.next_branch_id(kr.CustomerId("440507", 7), existing)) == "44050700007005"

"""The shared argument helpers (`keyaccount_rules.core.arguments`): records, names, collections."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Annotated

import pytest
from pydantic import PlainValidator

from keyaccount_rules import BusinessLine
from keyaccount_rules.core.arguments import (
    as_iterable,
    as_name,
    as_record,
    as_records,
    enum_mapping,
)
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.rules.compensation import Collection, PayrollEntry


Whole = Annotated[int, PlainValidator(lambda value: int(str(value)))]


class _Pairs(Mapping[object, object]):
    """A mapping whose items repeat a key, as a member and as its code (like a merged table)."""

    def __init__(self, pairs: list[tuple[object, object]]) -> None:
        self._pairs = pairs

    def __getitem__(self, key: object) -> object:
        return dict(self._pairs)[key]

    def __iter__(self) -> Iterator[object]:
        return iter(key for key, _ in self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def items(self) -> list[tuple[object, object]]:  # type: ignore[override]
        return list(self._pairs)


def test_a_line_given_twice_as_member_and_code_is_named_with_its_rule() -> None:
    with pytest.raises(RuleInputError) as caught:
        enum_mapping(
            BusinessLine,
            _Pairs([(BusinessLine.EXPRESS, 1), ("express", 2)]),
            "volumes",
            Whole,
            rule="PARETO-1",
            complete=False,
        )
    assert str(caught.value) == "volumes.express: is given twice [PARETO-1]"
    assert (caught.value.field, caught.value.rule) == ("volumes.express", "PARETO-1")


def test_a_record_error_names_the_nested_field_its_message_and_input_pay_1() -> None:
    with pytest.raises(RuleInputError) as caught:
        as_record(PayrollEntry, {"manager": "li", "quality": {"bogus": 1}}, "entries[0]", "PAY-1")
    err = caught.value
    assert err.field == "entries[0].quality.bogus.[key]"
    assert err.rule == "PAY-1"
    assert err.problem.startswith("Input should be ")
    assert "(got 'bogus')" in str(err)
    assert str(err).endswith("[PAY-1]")


def test_a_record_that_is_neither_model_nor_mapping_is_named_pay_2() -> None:
    with pytest.raises(RuleInputError) as caught:
        as_record(Collection, 5, "collections[0]", "PAY-2")
    assert str(caught.value) == "collections[0]: must be a Collection (got 'int') [PAY-2]"
    assert caught.value.rule == "PAY-2"


def test_each_bad_record_is_named_by_index_with_the_rule_pay_2() -> None:
    with pytest.raises(RuleInputError) as caught:
        as_records(Collection, [Collection("bills", 1), "x"], "collections", "PAY-2")
    assert str(caught.value) == "collections[1]: must be a Collection (got 'str') [PAY-2]"
    assert caught.value.rule == "PAY-2"


@pytest.mark.parametrize("items", [5, "bills", {"line": "bills"}], ids=["int", "str", "map"])
def test_records_must_come_as_an_iterable_not_a_scalar_or_mapping(items: object) -> None:
    with pytest.raises(RuleInputError) as caught:
        as_records(Collection, items, "collections", "PAY-2")
    got = type(items).__name__
    assert (
        str(caught.value) == f"collections: must be an iterable of Collection (got {got!r}) [PAY-2]"
    )
    assert caught.value.rule == "PAY-2"


@pytest.mark.parametrize("value", ["", "   ", 5, None])
def test_a_name_must_be_a_non_empty_string(value: object) -> None:
    with pytest.raises(RuleInputError) as caught:
        as_name(value, "unit", "ORG-1")
    assert str(caught.value) == f"unit: must be a non-empty name (got {value!r}) [ORG-1]"
    assert caught.value.rule == "ORG-1"


def test_a_name_is_returned_as_given() -> None:
    assert as_name(" Li ", "unit", "ORG-1") == " Li "


@pytest.mark.parametrize(
    ("value", "got"),
    [("abc", "'abc'"), (b"abc", "b'abc'"), (date(2026, 1, 1), "2026-01-01"), (5, "5")],
)
def test_a_collection_must_not_be_a_string_date_or_scalar(value: object, got: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        as_iterable(value, "days")
    assert str(caught.value) == f"days: must be a collection of items (got {got})"
    assert caught.value.rule is None
    with pytest.raises(RuleInputError) as named:
        as_iterable(value, "days", rule="VISIT-1", what="dates")
    assert str(named.value) == f"days: must be a collection of dates (got {got}) [VISIT-1]"
    assert named.value.rule == "VISIT-1"


def test_a_collection_is_returned_as_given() -> None:
    items = [1, 2]
    assert as_iterable(items, "days") is items

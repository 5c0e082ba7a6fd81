"""The declared argument types (`keyaccount_rules.core.arguments`) and the helpers over them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated

import pytest
from pydantic import PlainValidator

from keyaccount_rules import BusinessLine, Level
from keyaccount_rules.core.arguments import (
    EARLIEST,
    LATEST,
    BureauRevenue,
    CustomerKey,
    Dates,
    Day,
    Name,
    Proportion,
    as_iterable,
    as_name,
    as_record,
    as_records,
    checked,
    collection,
    distinct,
    enum_mapping,
    instance_of,
    keyed,
    keyed_by,
    member,
    not_after,
    not_before,
    one_of,
    pair,
    present,
    validator,
)
from keyaccount_rules.core.errors import NOT_SHOWN, InvalidValueError, RuleInputError, refused
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


# ---------------------------------------------------------------- the declared types

# Each declared type on its boundary (accepted) and one step past it (refused, word for word).


def _refused(kind: object, value: object, field: str = "x", rule: str | None = "R-1") -> str:
    with pytest.raises(RuleInputError) as caught:
        checked(kind, value, field, rule=rule)
    return str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, Decimal("0")), ("1", Decimal("1")), ("0.999999", Decimal("0.999999"))],
    ids=["zero", "one", "just-under-one"],
)
def test_a_proportion_is_a_fraction_from_0_to_1_both_included(
    value: object, expected: Decimal
) -> None:
    assert checked(Proportion, value, "q") == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1.000001", "must be a fraction between 0 and 1 (got '1.000001')"),
        ("-0.000001", "must not be negative (got '-0.000001')"),
    ],
    ids=["just-over-one", "just-under-zero"],
)
def test_a_proportion_one_step_outside_0_to_1_is_refused_naming_the_field(
    value: object, problem: str
) -> None:
    assert _refused(Proportion, value, "quality.service", "PAY-1") == (
        f"quality.service: {problem} [PAY-1]"
    )


def test_a_name_of_one_visible_character_is_a_name_and_blank_is_none() -> None:
    assert checked(Name, " 李 ", "manager") == " 李 "
    assert (
        _refused(Name, " \t", "manager") == "manager: must be a non-empty name (got ' \\t') [R-1]"
    )


def test_a_customer_key_of_one_character_is_a_key_and_the_empty_string_is_not() -> None:
    assert checked(CustomerKey, "a", "key") == "a"
    assert _refused(CustomerKey, "", "volumes key", "PARETO-1") == (
        "volumes key: must be a non-empty customer key (got '') [PARETO-1]"
    )


def test_a_member_is_given_as_itself_or_its_code_and_an_unknown_code_lists_the_codes() -> None:
    kind = member(BusinessLine)
    assert checked(kind, "express", "line") is BusinessLine.EXPRESS
    assert checked(kind, BusinessLine.BILLS, "line") is BusinessLine.BILLS
    assert member(BusinessLine) is kind  # declared once per enum
    assert _refused(kind, "expres", "line") == (
        "line: must be one of savings_remittance (储汇), bills (帐单), letters (函件), "
        "philately (集邮), express (特快), logistics (物流), parcels (包件), newspapers (报刊) "
        "(got 'expres') [R-1]"
    )


def test_a_member_is_also_given_by_the_spellings_the_file_readers_accept() -> None:
    """The API reads what a spreadsheet cell says: 特快, 特快业务, 账单 (for 帐单)."""
    kind = member(BusinessLine)
    assert checked(kind, "特快", "line") is BusinessLine.EXPRESS
    assert checked(kind, " 特快业务 ", "line") is BusinessLine.EXPRESS
    assert checked(kind, "账单", "line") is BusinessLine.BILLS
    assert checked(member(Level), "州级", "level") is Level.PREFECTURE
    assert checked(member(Level), "县(市)级", "level") is Level.COUNTY
    assert _refused(member(Level), "市级", "level") == (
        "level: must be one of prefecture (州级), county (县(市)级) (got '市级') [R-1]"
    )


def test_an_instance_of_a_class_is_accepted_and_anything_else_shows_its_type_or_value() -> None:
    by_type = instance_of(date, "must be a date")
    assert checked(by_type, date(2026, 1, 1), "day") == date(2026, 1, 1)
    assert _refused(by_type, "2026-01-01", "day") == "day: must be a date (got 'str') [R-1]"
    by_value = instance_of(date, "must be a date", show="value")
    assert _refused(by_value, "2026-01-01", "day") == "day: must be a date (got '2026-01-01') [R-1]"


def test_one_of_a_few_values_takes_each_of_them_and_nothing_else() -> None:
    kind = one_of(("csv", "json"), "must be 'csv' or 'json'")
    assert [checked(kind, value, "format") for value in ("csv", "json")] == ["csv", "json"]
    assert _refused(kind, "CSV", "format", None) == "format: must be 'csv' or 'json' (got 'CSV')"
    assert _refused(kind, ["csv"], "format", None) == (
        "format: must be 'csv' or 'json' (got ['csv'])"
    )


def test_a_collection_of_one_item_is_a_tuple_and_a_lone_string_or_date_is_refused() -> None:
    assert checked(Dates, [date(2026, 1, 1)], "days") == (date(2026, 1, 1),)
    assert checked(Dates, (), "days") == ()
    assert _refused(Dates, "2026-01-01", "days") == (
        "days: must be a collection of dates (got '2026-01-01') [R-1]"
    )
    assert _refused(Dates, date(2026, 1, 1), "days") == (
        "days: must be a collection of dates (got 2026-01-01) [R-1]"
    )


def test_a_collection_names_its_bad_item_by_index_and_shows_the_item() -> None:
    assert _refused(Dates, [date(2026, 1, 1), "2026-01-02"], "refresh_dates", "ARCH-2") == (
        "refresh_dates[1]: must be a datetime.date (got '2026-01-02') [ARCH-2]; "
        "pass date(2025, 3, 31), not a string or a datetime"
    )


def test_a_collection_without_an_item_type_streams_the_iterable_as_given() -> None:
    rows = iter([1, 2])
    kind = collection("must be a collection of rows")
    assert checked(kind, rows, "rows") is rows
    assert next(rows) == 1  # nothing was consumed


def test_a_collection_that_does_not_cite_cites_no_rule_for_itself_but_its_items_do() -> None:
    kind = collection("must be a collection of days", Dates, cite=False)
    assert _refused(kind, 5, "weeks", "VISIT-1") == "weeks: must be a collection of days (got 5)"
    assert _refused(kind, [5], "weeks", "VISIT-1") == (
        "weeks[0]: must be a collection of dates (got 5) [VISIT-1]"
    )


def test_a_pair_is_exactly_two_items_each_of_its_type() -> None:
    kind = pair(Day, member(BusinessLine), "must be a (date, line) pair")
    assert checked(kind, [date(2026, 1, 1), "bills"], "x") == (
        date(2026, 1, 1),
        BusinessLine.BILLS,
    )
    assert _refused(kind, (date(2026, 1, 1),), "x") == (
        "x: must be a (date, line) pair (got (datetime.date(2026, 1, 1),)) [R-1]"
    )
    assert _refused(kind, (date(2026, 1, 1), "bills", "x"), "x").startswith(
        "x: must be a (date, line) pair (got "
    )
    assert _refused(kind, (date(2026, 1, 1), "x"), "x") == (
        "x: must be one of savings_remittance (储汇), bills (帐单), letters (函件), "
        "philately (集邮), express (特快), logistics (物流), parcels (包件), newspapers (报刊) "
        "(got 'x') [R-1]"
    )


def test_a_mapping_keyed_by_an_enum_may_leave_members_out_only_when_not_complete() -> None:
    partial = keyed_by(BusinessLine, Whole, complete=False)
    assert checked(partial, {"express": "2"}, "volumes") == {BusinessLine.EXPRESS: 2}
    complete = keyed_by(BusinessLine, Whole)
    every = dict.fromkeys(BusinessLine, 1)
    assert checked(complete, every, "volumes") == every
    del every[BusinessLine.NEWSPAPERS]
    assert _refused(complete, every, "volumes") == (
        "volumes.newspapers: is missing (every BusinessLine needs a value; missing: "
        "newspapers) [R-1]"
    )


def test_a_mapping_keyed_by_customer_names_a_bad_value_by_its_key() -> None:
    kind = keyed("must map customers to counts", Whole)
    assert checked(kind, {"a": "1"}, "counts") == {"a": 1}
    assert checked(kind, {}, "counts") == {}
    assert _refused(kind, {"a": "x"}, "counts") == (
        "counts['a']: invalid literal for int() with base 10: 'x' (got 'x') [R-1]"
    )
    assert _refused(kind, {"": 1}, "counts") == (
        "counts key: must be a non-empty customer key (got '') [R-1]"
    )
    assert _refused(kind, [("a", 1)], "counts") == (
        "counts: must map customers to counts (got 'list') [R-1]"
    )


def test_a_day_on_as_of_is_not_after_it_and_the_next_day_is() -> None:
    as_of = date(2026, 3, 31)
    not_after(as_of, [date(2026, 3, 1), as_of, None], "entries", rule="LOG-1", at=".on")
    with pytest.raises(RuleInputError) as caught:
        not_after(as_of, [as_of, date(2026, 4, 1)], "entries", rule="LOG-1", at=".on")
    assert str(caught.value) == (
        "entries[1].on: must not be after as_of 2026-03-31 (got '2026-04-01') [LOG-1]"
    )


def test_an_end_on_its_start_is_not_before_it_and_the_day_before_is() -> None:
    start = date(2026, 3, 1)
    not_before(start, start, "end", f"start {start}")
    with pytest.raises(RuleInputError) as caught:
        not_before(date(2026, 2, 28), start, "end", f"start {start}")
    assert str(caught.value) == "end: must not be before start 2026-03-01 (got '2026-02-28')"


def test_every_key_present_passes_and_the_first_missing_one_is_named() -> None:
    present(["a", "b"], {"a": 1, "b": 2, "c": 3}, "tiers", "missing", rule="FILE-1")
    with pytest.raises(RuleInputError) as caught:
        present(["a", "d", "e"], {"a": 1}, "tiers", "missing", rule="FILE-1")
    assert str(caught.value) == "tiers['d']: missing [FILE-1]"


def test_keys_given_once_pass_and_the_second_of_a_repeat_is_named() -> None:
    distinct(["li", "wang"], "entries", "appears twice", at=".manager")
    with pytest.raises(RuleInputError) as caught:
        distinct(["li", "wang", "li"], "entries", "appears twice", at=".manager")
    assert str(caught.value) == "entries[2].manager: appears twice (got 'li')"


@pytest.mark.parametrize(
    ("value", "accepted"),
    [(EARLIEST, True), (LATEST, True), (EARLIEST - timedelta(days=1), False)],
    ids=["earliest", "latest", "one-day-before-earliest"],
)
def test_a_day_is_accepted_from_the_earliest_to_the_latest_date_inclusive(
    value: date, accepted: bool
) -> None:
    if accepted:
        assert checked(Day, value, "as_of") == value
    else:
        assert _refused(Day, value, "as_of") == (
            "as_of: must be between 0002-01-01 and 9998-12-31 (got '0001-12-31') [R-1]"
        )


def test_the_bureau_revenue_of_one_fen_is_positive_and_zero_is_not() -> None:
    assert checked(BureauRevenue, "0.01", "bureau_annual_revenue") == Decimal("0.01")
    assert _refused(BureauRevenue, 0, "bureau_annual_revenue", "GRADE-6") == (
        "bureau_annual_revenue: must be positive (got 0) [GRADE-6]"
    )


def test_a_refusal_inside_a_container_is_placed_after_the_containers_place() -> None:
    inner = InvalidValueError("must be positive", at=".amount")
    outer = inner.within("[2]", -1)
    assert (outer.problem, outer.at, outer.got) == ("must be positive", "[2].amount", -1)
    err = refused(outer, "collections", got=[1, 2, -1], rule="PAY-2")
    assert str(err) == "collections[2].amount: must be positive (got -1) [PAY-2]"
    assert (err.field, err.rule) == ("collections[2].amount", "PAY-2")


def test_a_refusal_may_show_nothing_and_cite_no_rule_whatever_the_call_cites() -> None:
    err = refused(
        InvalidValueError("is given twice", got=NOT_SHOWN, rule=None), "q", got=1, rule="PAY-1"
    )
    assert str(err) == "q: is given twice"
    assert err.rule is None


def test_a_rule_input_error_raised_in_a_validator_comes_out_as_it_was_raised() -> None:
    named = RuleInputError("as_of", "is required", rule="X-1")
    assert refused(named, "other", got=None, rule="Y-2") is named


def test_a_type_with_one_plain_validator_is_validated_by_that_function_itself() -> None:
    def whole(value: object) -> int:
        return int(str(value))

    kind = Annotated[int, PlainValidator(whole)]
    assert validator(kind) is whole
    assert validator(Day)(date(2026, 1, 1)) == date(2026, 1, 1)  # python mode, no pydantic


def test_any_other_type_goes_through_pydantic_and_its_error_is_named_too() -> None:
    assert checked(str | None, None, "named_person") is None
    assert _refused(str | None, 5, "named_person", "LOG-4") == (
        "named_person: Input should be a valid string (got 5) [LOG-4]"
    )

"""Focused tests for logic the snapshot cases cannot reach (PARETO, PAY, GRADE, shared helpers).

Each test pins one behaviour a surviving mutant changed: an error's exact wording, field and
rule, the order of tied accounts, the band-table cache, the JSON export of a pay run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules import BusinessLine, PayIndicator, default_policy
from keyaccount_rules.arguments import (
    as_iterable,
    as_name,
    as_record,
    as_records,
    enum_mapping,
)
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.rules.compensation import Collection, PayrollEntry, pay_run


def _int(value: object, field: str) -> int:
    return int(str(value))


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


# ------------------------------------------------------------------ shared helpers


def test_a_line_given_twice_as_member_and_code_is_named_with_its_rule() -> None:
    with pytest.raises(RuleInputError) as caught:
        enum_mapping(
            BusinessLine,
            _Pairs([(BusinessLine.EXPRESS, 1), ("express", 2)]),
            "volumes",
            _int,
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


# ------------------------------------------------------------------ PARETO-1


def test_accounts_tied_on_volume_are_ranked_by_key_whatever_the_input_order_pareto_1() -> None:
    volumes = {
        "r": {"letters": 10},
        "q": {"letters": 10},
        "p": {"letters": 10},
        "s": {"letters": 70},
    }
    letters = kr.pareto_selection(volumes).lines[2]
    assert letters.line is BusinessLine.LETTERS
    assert letters.accounts == ("s", "p", "q", "r")
    assert letters.ties == ("q", "r")


# ------------------------------------------------------------------ PAY-1..5


def test_the_json_export_keeps_chinese_names_and_the_month_key_pay_5() -> None:
    run = pay_run(
        [PayrollEntry(manager="李", quality=dict.fromkeys(PayIndicator, 1))],
        month=date(2026, 11, 3),
    )
    text = run.to_json()
    assert text.startswith('{"month": "2026-11", "rows": [{"month": "2026-11", "manager": "李"')
    assert "\\u" not in text
    data = json.loads(text)
    assert data["month"] == "2026-11"
    assert data["totals"]["total"] == "950.00"


def test_a_wrapped_entry_error_keeps_its_cause_and_rule_pay_1() -> None:
    entry = {"manager": "li", "quality": dict.fromkeys(PayIndicator, 2)}
    with pytest.raises(RuleInputError) as caught:
        pay_run([entry], month=date(2026, 11, 1))
    assert caught.value.rule == "PAY-1"
    assert isinstance(caught.value.__cause__, RuleInputError)


def test_a_pay_run_uses_the_given_policy_for_every_payslip_pay_4() -> None:
    policy = default_policy().with_changes({"pay.allowance.amount": 200})
    run = pay_run(
        [PayrollEntry(manager="li", quality=dict.fromkeys(PayIndicator, 1))],
        month=date(2026, 11, 1),
        policy=policy,
    )
    assert run.payslips[0].payslip.field_allowance == Decimal("200.00")
    assert run.totals.total == Decimal("1000.00")


# ------------------------------------------------------------------ GRADE-1..6


def test_a_decimal_revenue_with_three_decimals_is_refused_under_grade_1() -> None:
    with pytest.raises(RuleInputError) as caught:
        kr.grade(Decimal("1.001"), 1_000_000)
    assert caught.value.rule == "GRADE-1"
    assert caught.value.field == "annual_revenue"


@pytest.mark.parametrize("revenue", [Decimal("1e15"), 10**15], ids=["decimal", "int"])
def test_a_revenue_at_the_money_limit_is_refused_under_grade_1(revenue: object) -> None:
    with pytest.raises(RuleInputError) as caught:
        kr.grade(revenue, 10**14)
    assert caught.value.rule == "GRADE-1"
    assert "must be below" in str(caught.value)


def test_a_grading_compares_equal_and_copies_like_a_validated_model() -> None:
    first = kr.grade(900_000, 300_000_000)
    assert first == kr.grade(Decimal("900000.00"), 300_000_000)
    assert first.model_copy() == first
    assert first.tier is kr.Tier.GOLD

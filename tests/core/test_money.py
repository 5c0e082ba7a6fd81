"""Money (金额): one parser for every amount, one answer for digits outside ASCII (RULEBOOK §17).

An amount is written with the ASCII digits 0-9. Python reads every Unicode decimal digit as a
digit (``Decimal("１２３４５")`` is 12345), so each entry that takes an amount refuses those
digits with the same problem and the same fix, whichever path the value takes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules.core.money import AmountError, parse_yuan, to_decimal, yuan

PROBLEM = "must be written with ASCII digits 0-9"

#: 12345 in the scripts a spreadsheet or an input method can produce.
NON_ASCII_12345 = [
    pytest.param("１２３４５", id="full-width"),
    pytest.param("١٢٣٤٥", id="arabic-indic"),
    pytest.param("۱۲۳۴۵", id="extended-arabic-indic"),
    pytest.param("१२३४५", id="devanagari"),
    pytest.param("12３45", id="one-full-width-digit-among-ascii"),
]

AS_OF = dt.date(2026, 11, 23)


def _customer_field(field: str) -> Callable[[str], object]:
    if field.endswith("revenue"):
        return lambda text: kr.Customer(name="A", **{field: {"express": text}})
    return lambda text: kr.Customer(name="A", **{field: text})


#: Every entry a record's amount takes: (entry, the field its error names).
RECORD_ENTRIES = [
    pytest.param(_customer_field(field), where, id=f"Customer.{field}")
    for field, where in [
        ("last_year_revenue", "last_year_revenue.express"),
        ("current_month_revenue", "current_month_revenue.express"),
        ("newspaper_turnover_last_year", "newspaper_turnover_last_year"),
        ("newspaper_turnover_current_month", "newspaper_turnover_current_month"),
    ]
] + [pytest.param(lambda text: kr.Collection("express", text), "amount", id="Collection")]

#: Every rule entry an amount argument takes: (call, the message's field and rule).
RULE_ENTRIES = [
    pytest.param(lambda text: kr.grade(text, 10**9), "annual_revenue", "GRADE-1", id="grade"),
    pytest.param(
        lambda text: kr.grade(1, text), "bureau_annual_revenue", "GRADE-6", id="grade-bureau"
    ),
    pytest.param(
        lambda text: kr.grade_many([1, text], 10**9),
        "annual_revenues[1]",
        "GRADE-1",
        id="grade_many",
    ),
    pytest.param(
        lambda text: kr.evaluate(kr.Customer(name="A"), bureau_annual_revenue=text, as_of=AS_OF),
        "bureau_annual_revenue",
        "GRADE-6",
        id="evaluate-bureau",
    ),
    pytest.param(lambda text: kr.fluctuation(text, 10), "previous", "FLUX-1", id="fluctuation"),
]


@pytest.mark.parametrize("text", NON_ASCII_12345)
def test_to_decimal_refuses_digits_outside_ascii_and_shows_the_ascii_spelling(text: str) -> None:
    with pytest.raises(AmountError) as err:
        to_decimal(text)
    assert (err.value.problem, err.value.fix) == (PROBLEM, "write 12345")
    assert str(err.value) == f"{PROBLEM}; write 12345"


@pytest.mark.parametrize("text", NON_ASCII_12345)
def test_yuan_refuses_digits_outside_ascii_although_they_look_like_a_plain_amount(
    text: str,
) -> None:
    # "１２３４５" has the shape of the common cell (digits, no grouping): the shortcut for
    # that cell once read it as 12,345.00.
    with pytest.raises(AmountError, match=f"^{re.escape(PROBLEM)}; write 12345$"):
        yuan(text)


@pytest.mark.parametrize("text", NON_ASCII_12345)
@pytest.mark.parametrize(("call", "field", "rule"), RULE_ENTRIES)
def test_every_rule_entry_refuses_digits_outside_ascii_with_the_same_message(
    call: Callable[[str], object], field: str, rule: str, text: str
) -> None:
    with pytest.raises(kr.RuleInputError) as err:
        call(text)
    assert str(err.value) == f"{field}: {PROBLEM} (got {text!r}) [{rule}]; write 12345"
    assert (err.value.field, err.value.rule, err.value.problem) == (field, rule, PROBLEM)


@pytest.mark.parametrize("text", NON_ASCII_12345)
@pytest.mark.parametrize(("build", "field"), RECORD_ENTRIES)
def test_every_record_amount_refuses_digits_outside_ascii_with_the_same_message(
    build: Callable[[str], object], field: str, text: str
) -> None:
    with pytest.raises(pydantic.ValidationError) as err:
        build(text)
    [error] = err.value.errors()
    assert ".".join(str(part) for part in error["loc"]) == field
    assert error["msg"] == f"Value error, {PROBLEM}; write 12345"


def test_the_same_amount_in_ascii_digits_is_accepted_by_every_entry() -> None:
    assert kr.grade("12345", 10**9).revenue_points == kr.grade(12345, 10**9).revenue_points
    assert kr.Customer(name="A", last_year_revenue={"express": "12345"}).annual_revenue == (
        Decimal("12345.00")
    )
    assert kr.Collection("express", "12345").amount == Decimal("12345.00")
    assert (to_decimal("12345"), yuan("12345")) == (Decimal("12345"), Decimal("12345.00"))


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        pytest.param("１２，３４５．６７", "write 12,345.67", id="full-width-grouping-and-point"),
        pytest.param("٠٫٥", "write the digits as 0-9", id="arabic-decimal-separator"),
        pytest.param("１２,３４", "write the digits as 0-9", id="ascii-spelling-still-invalid"),
    ],
)
def test_the_fix_shows_the_ascii_spelling_only_when_it_is_a_valid_amount(
    text: str, fix: str
) -> None:
    with pytest.raises(kr.RuleInputError) as err:
        parse_yuan(text, "amount")
    assert str(err.value) == f"amount: {PROBLEM} (got {text!r}); {fix}"


@pytest.mark.parametrize("text", ["12\u200b", "三"])
def test_other_characters_outside_ascii_are_not_called_digits(text: str) -> None:
    with pytest.raises(kr.RuleInputError) as err:
        parse_yuan(text, "amount")
    assert str(err.value) == f"amount: must be a decimal number such as 1234.56 (got {text!r})"


UNITS = "has a unit word or currency sign: unit words and currency signs are not read"


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("3亿", "write the amount in yuan as digits only: 300000000"),
        ("1.5万", "write the amount in yuan as digits only: 15000"),
        ("¥5", "write the amount in yuan as digits only: 5"),
        ("￥5", "write the amount in yuan as digits only: 5"),
        ("5元", "write the amount in yuan as digits only: 5"),
        ("5 RMB", "write the amount in yuan as digits only: 5"),
        ("85分", "write the amount in yuan as digits only, such as 1234.56"),
        ("2万元", "write the amount in yuan as digits only, such as 1234.56"),
        ("$5", "write the amount in yuan as digits only, such as 1234.56"),
    ],
)
def test_unit_words_and_currency_signs_are_named_as_such_not_as_digits(text: str, fix: str) -> None:
    """3亿, ¥5, 5元 and "85分" are not full-width digits: the error says what is wrong."""
    with pytest.raises(kr.RuleInputError) as err:
        parse_yuan(text, "amount")
    assert str(err.value) == f"amount: {UNITS} (got {text!r}); {fix}"


def test_a_record_gives_the_same_answer_for_a_unit_word() -> None:
    with pytest.raises(pydantic.ValidationError, match=re.escape(f"{UNITS}; write the amount")):
        kr.Customer(name="a", last_year_revenue={"express": "3亿"})


def test_float_noise_is_refused_with_the_hint_to_round_to_fen() -> None:
    noisy = 161983.49000000002  # a row sum of float cells
    with pytest.raises(kr.RuleInputError) as err:
        parse_yuan(noisy, "amount")
    assert str(err.value) == (
        "amount: must have at most 2 decimal places (fen) (got 161983.49000000002); "
        "a float sum carries binary noise: round to fen first, round(value, 2)"
    )
    assert parse_yuan(round(noisy, 2), "amount") == Decimal("161983.49")


def test_three_decimals_written_as_text_get_no_float_hint() -> None:
    with pytest.raises(kr.RuleInputError) as err:
        parse_yuan("1.234", "amount")
    assert str(err.value) == "amount: must have at most 2 decimal places (fen) (got '1.234')"


def test_a_decimal_comma_gives_its_fix_after_the_value() -> None:
    with pytest.raises(kr.RuleInputError) as err:
        parse_yuan("150000,00", "revenue", rule="GRADE-1")
    assert str(err.value) == (
        "revenue: has a misplaced comma: commas may only group thousands (1,234,567.89) "
        "(got '150000,00') [GRADE-1]; write decimals with a point"
    )


def test_the_fraction_parser_refuses_digits_outside_ascii_too() -> None:
    with pytest.raises(kr.RuleInputError) as err:
        kr.appraise_manager(dict.fromkeys(kr.AppraisalItem, "０.５"))
    assert str(err.value) == (f"attainment.archives: {PROBLEM} (got '０.５') [APPR-2]; write 0.5")


NON_ASCII_DIGITS = st.characters(categories=["Nd"]).filter(lambda char: not char.isascii())


@given(
    digit=NON_ASCII_DIGITS,
    before=st.text(alphabet="0123456789", max_size=6),
    after=st.text(alphabet="0123456789", max_size=6),
)
def test_any_unicode_digit_outside_ascii_anywhere_in_an_amount_is_refused(
    digit: str, before: str, after: str
) -> None:
    text = before + digit + after
    spelled = before + str(unicodedata.decimal(digit)) + after
    with pytest.raises(AmountError) as err:
        yuan(text)
    assert (err.value.problem, err.value.fix) == (PROBLEM, f"write {spelled}")


def _answer(value: Any) -> object:
    try:
        return yuan(value)
    except ValueError as err:
        return str(err)


@given(
    st.one_of(
        st.from_regex(r"[0-9]{1,16}(\.[0-9]{0,3})?", fullmatch=True),
        st.text(alphabet="0123456789.,١２", max_size=18),
    )
)
def test_the_plain_cell_shortcut_answers_what_the_full_parser_answers(text: str) -> None:
    # A trailing space takes the value past the shortcut to the full parser, which strips it.
    assert _answer(text) == _answer(text + " ")


@pytest.mark.parametrize("text", NON_ASCII_12345)
def test_a_portfolio_cell_in_digits_outside_ascii_is_its_row_s_error(text: str) -> None:
    table = f"name,last_year_express,current_month_express\nA,{text},0\n".encode()
    with pytest.raises(kr.RowError) as err:
        list(kr.read_portfolio(table))
    assert (err.value.row, err.value.field) == (2, "last_year_express")
    assert err.value.problem == f"{PROBLEM}; write 12345"


@pytest.mark.parametrize("text", NON_ASCII_12345)
def test_a_revenue_amount_in_digits_outside_ascii_is_its_row_s_error(text: str) -> None:
    table = f"customer,month,line,amount\nA,2026-11,express,{text}\n".encode()
    with pytest.raises(kr.RowError) as err:
        list(kr.read_revenue(table))
    assert (err.value.row, err.value.field) == (2, "amount")
    assert err.value.problem.startswith(PROBLEM)
    assert err.value.problem.endswith("; write 12345")


def test_a_numpy_float32_is_read_by_its_shortest_repr_like_a_float() -> None:
    np = pytest.importorskip("numpy")
    assert parse_yuan(np.float32(0.1), "amount") == Decimal("0.10")
    assert parse_yuan(np.float64(0.1), "amount") == parse_yuan(0.1, "amount") == Decimal("0.10")
    assert parse_yuan(np.float32(131071.99), "amount") == Decimal("131071.99")  # one under


def test_a_float32_too_coarse_for_fen_is_refused_not_rounded() -> None:
    """From 2**17 a float32's spacing is a fen or more: 299999.99 and 300000 are one float32."""
    np = pytest.importorskip("numpy")
    with pytest.raises(kr.RuleInputError) as err:
        parse_yuan(np.float32(131072), "amount")  # on the bound
    assert str(err.value) == (
        "amount: is a narrow float (float32, float16) that cannot tell fen apart at this size "
        "(got 131072.0); pass a float64, a Decimal or a string"
    )
    with pytest.raises(kr.RuleInputError):
        parse_yuan(np.float32(299999.99), "amount")


def test_a_pay_run_whose_total_reaches_the_ceiling_is_a_library_error() -> None:
    from keyaccount_rules.rules.compensation import PayrollEntry

    quality = dict.fromkeys(kr.PayIndicator, 1)
    big = 6 * 10**14
    entries = [
        PayrollEntry(manager="a", quality=quality, outstanding_award=big),
        PayrollEntry(manager="b", quality=quality, outstanding_award=big),
    ]
    with pytest.raises(kr.RuleInputError) as err:
        kr.pay_run(entries, month=dt.date(2026, 1, 1))
    assert str(err.value) == (
        "entries: adds up to 1,200,000,000,001,900.00 yuan, not below the ceiling of "
        "1,000,000,000,000,000 yuan [PAY-5]; check the amounts for a digit or unit error"
    )
    one = [PayrollEntry(manager="a", quality=quality, outstanding_award=MAX - 1)]
    with pytest.raises(kr.RuleInputError, match=r"^entries\[0\]\.total: adds up to "):
        kr.pay_run(one, month=dt.date(2026, 1, 1))


MAX = 10**15


def test_a_float_with_three_real_decimals_gets_no_noise_hint() -> None:
    with pytest.raises(kr.RuleInputError) as err:
        parse_yuan(0.001, "amount")
    assert str(err.value) == "amount: must have at most 2 decimal places (fen) (got 0.001)"

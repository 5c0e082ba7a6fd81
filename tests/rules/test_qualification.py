"""大客户界定 (QUAL-1..5): every threshold on the bound and one fen under (RULEBOOK §2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules import BusinessLine, Criterion
from tests.conftest import exactly

FEN = Decimal("0.01")

#: RULEBOOK §2 QUAL-3 table, in yuan (previous year, current month); newspapers on turnover.
LINE_THRESHOLDS = {
    BusinessLine.SAVINGS_REMITTANCE: (Decimal(20000), Decimal(2000)),
    BusinessLine.BILLS: (Decimal(50000), Decimal(5000)),
    BusinessLine.LETTERS: (Decimal(12000), Decimal(1000)),
    BusinessLine.PHILATELY: (Decimal(40000), Decimal(3500)),
    BusinessLine.EXPRESS: (Decimal(20000), Decimal(2000)),
    BusinessLine.LOGISTICS: (Decimal(50000), Decimal(5000)),
    BusinessLine.PARCELS: (Decimal(10000), Decimal(1000)),
    BusinessLine.NEWSPAPERS: (Decimal(20000), Decimal(2000)),
}


def line_customer(line: BusinessLine, year: Decimal, month: Decimal) -> kr.Customer:
    """A customer with business in one line only (newspapers as turnover, QUAL-4)."""
    if line is BusinessLine.NEWSPAPERS:
        return kr.Customer(
            name="报刊客户",
            newspaper_turnover_last_year=year,
            newspaper_turnover_current_month=month,
        )
    return kr.Customer(
        name=f"{line.zh}客户",
        last_year_revenue={line: year},
        current_month_revenue={line: month},
    )


def test_all_eight_lines_have_a_threshold_row() -> None:
    assert set(LINE_THRESHOLDS) == set(BusinessLine)


@pytest.mark.parametrize("line", list(BusinessLine), ids=lambda line: line.value)
def test_a_line_exactly_on_both_thresholds_makes_a_professional_key_account(
    line: BusinessLine,
) -> None:
    # "达到" means reaching the number: exactly on the threshold qualifies (G-3)
    year, month = LINE_THRESHOLDS[line]
    result = kr.qualify(line_customer(line, year, month))
    assert result.qualified
    assert Criterion.PROFESSIONAL in result.criteria
    assert result.professional_lines == frozenset({line})


@pytest.mark.parametrize("line", list(BusinessLine), ids=lambda line: line.value)
@pytest.mark.parametrize("short", ["year-minus-1-fen", "month-minus-1-fen"])
def test_one_fen_under_either_line_threshold_is_not_professional(
    line: BusinessLine, short: str
) -> None:
    year, month = LINE_THRESHOLDS[line]
    if short.startswith("year"):
        year -= FEN
    else:
        month -= FEN
    result = kr.qualify(line_customer(line, year, month))
    assert Criterion.PROFESSIONAL not in result.criteria
    assert result.professional_lines == frozenset()


def test_newspapers_are_not_professional_on_revenue_alone() -> None:
    # QUAL-4: the newspaper threshold compares turnover (流转额), not revenue ...
    customer = kr.Customer(
        name="报刊收入客户",
        last_year_revenue={"newspapers": 20000},
        current_month_revenue={"newspapers": 2000},
    )
    result = kr.qualify(customer)
    assert BusinessLine.NEWSPAPERS not in result.professional_lines
    # ... while the comprehensive sum of QUAL-2 counts newspaper revenue.
    assert result.criteria == (Criterion.COMPREHENSIVE,)


def test_newspaper_turnover_does_not_count_toward_comprehensive_revenue() -> None:
    result = kr.qualify(line_customer(BusinessLine.NEWSPAPERS, Decimal(50000), Decimal(5000)))
    assert result.criteria == (Criterion.PROFESSIONAL,)
    assert "QUAL-4" in result.explanation.rules


def spread_customer(year_parcels: Decimal, month_parcels: Decimal) -> kr.Customer:
    """Letters 6,000 + parcels (given) last year; letters 600 + parcels this month.

    Neither line reaches its own QUAL-3 threshold, so only QUAL-2 can apply.
    """
    return kr.Customer(
        name="综合客户",
        last_year_revenue={"letters": 6000, "parcels": year_parcels},
        current_month_revenue={"letters": 600, "parcels": month_parcels},
    )


def test_comprehensive_revenue_exactly_on_both_bounds_qualifies_by_qual_2() -> None:
    result = kr.qualify(spread_customer(Decimal(4000), Decimal(400)))
    assert result.qualified
    assert result.criteria == (Criterion.COMPREHENSIVE,)
    assert result.professional_lines == frozenset()


@pytest.mark.parametrize(
    ("year_parcels", "month_parcels"),
    [
        pytest.param(Decimal("3999.99"), Decimal(400), id="year-10k-minus-1-fen"),
        pytest.param(Decimal(4000), Decimal("399.99"), id="month-1k-minus-1-fen"),
    ],
)
def test_one_fen_under_a_comprehensive_bound_does_not_qualify(
    year_parcels: Decimal, month_parcels: Decimal
) -> None:
    result = kr.qualify(spread_customer(year_parcels, month_parcels))
    assert not result.qualified
    assert result.criteria == ()
    assert "not a key account" in str(result.explanation)


def test_a_signed_agreement_alone_qualifies_by_qual_1() -> None:
    result = kr.qualify(kr.Customer(name="协议客户", has_agreement=True))
    assert result.qualified
    assert result.criteria == (Criterion.AGREEMENT,)
    assert result.explanation.rules[0] == "QUAL-1"


def test_no_agreement_and_no_revenue_is_not_a_key_account() -> None:
    result = kr.qualify(kr.Customer(name="新客户"))
    assert not result.qualified
    assert result.professional_lines == frozenset()


def test_a_customer_meeting_every_criterion_lists_all_in_qual_order_and_every_line() -> None:
    customer = kr.Customer(
        name="汕头市多元集团",
        has_agreement=True,
        last_year_revenue={"logistics": 50000, "express": 25000, "letters": 11999.99},
        current_month_revenue={"logistics": 5000, "express": 2000, "letters": 1000},
        newspaper_turnover_last_year=20000,
        newspaper_turnover_current_month=2000,
    )
    result = kr.qualify(customer)
    assert result.criteria == (Criterion.AGREEMENT, Criterion.COMPREHENSIVE, Criterion.PROFESSIONAL)
    # letters is one fen short of its annual threshold: not a professional line
    assert result.professional_lines == frozenset(
        {BusinessLine.LOGISTICS, BusinessLine.EXPRESS, BusinessLine.NEWSPAPERS}
    )
    assert set(result.explanation.rules) >= {"QUAL-1", "QUAL-2", "QUAL-3", "QUAL-4"}


def test_qualify_rejects_something_that_is_not_a_customer() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly("customer: must be a keyaccount_rules.Customer (got {'name': 'dict'})"),
    ):
        kr.qualify({"name": "dict"})  # type: ignore[arg-type]


def test_qualification_explanation_states_the_amounts_and_thresholds() -> None:
    year, month = LINE_THRESHOLDS[BusinessLine.PHILATELY]
    text = str(kr.qualify(line_customer(BusinessLine.PHILATELY, year, month - FEN)).explanation)
    assert "40,000.00 ≥ 40,000.00" in text
    assert "3,499.99 < 3,500.00" in text


# ---------------------------------------------------------------- QUAL-5


def test_newspaper_monthly_revenue_is_turnover_times_rate_over_12_plus_other() -> None:
    # 240,000 × 0.25 / 12 = 5,000; + 100 other income
    assert kr.newspaper_monthly_revenue(240000, "0.25", 100) == Decimal("5100.00")


def test_newspaper_monthly_revenue_defaults_other_income_to_zero() -> None:
    assert kr.newspaper_monthly_revenue("120000", Decimal("0.1")) == Decimal("1000.00")


@pytest.mark.parametrize(
    ("turnover", "rate", "expected"),
    [
        # 30.06 / 12 = 2.505 exactly: half-up gives 2.51 (banker's rounding would give 2.50)
        pytest.param("30.06", 1, Decimal("2.51"), id="half-fen-rounds-up"),
        # 0.06 / 12 = 0.005: half-up gives 0.01 (banker's would give 0.00)
        pytest.param("0.06", 1, Decimal("0.01"), id="half-fen-from-zero"),
        # 100 × 0.01 / 12 = 0.0833… → 0.08
        pytest.param(100, "0.01", Decimal("0.08"), id="below-half-rounds-down"),
    ],
)
def test_newspaper_monthly_revenue_rounds_half_up_to_the_fen(
    turnover: object, rate: object, expected: Decimal
) -> None:
    result = kr.newspaper_monthly_revenue(turnover, rate)
    assert result == expected
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("args", "field"),
    [
        pytest.param((-1, "0.2", 0), "annual_turnover", id="negative-turnover"),
        pytest.param((0.1 + 0.2, "0.2", 0), "annual_turnover", id="over-precise-float"),
        pytest.param((1000, "1.5", 0), "average_fee_rate", id="rate-above-1"),
        pytest.param((1000, "abc", 0), "average_fee_rate", id="rate-not-a-number"),
        pytest.param((1000, "0.2", float("nan")), "other_income", id="nan-other-income"),
        pytest.param((1000, "0.2", "inf"), "other_income", id="infinite-other-income"),
    ],
)
def test_newspaper_monthly_revenue_rejects_bad_input_naming_the_field(
    args: tuple[object, object, object], field: str
) -> None:
    with pytest.raises(kr.RuleInputError, match=rf"^{field}: .*\[QUAL-5\]") as caught:
        kr.newspaper_monthly_revenue(*args)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)


def test_g8_the_comprehensive_sum_counts_newspaper_revenue_not_turnover() -> None:
    # G-8: QUAL-2 sums revenue over all lines, newspapers' revenue included; the turnover
    # (流转额) is compared only in QUAL-3's newspaper column (QUAL-4).
    by_revenue = kr.Customer(
        name="报刊收入",
        last_year_revenue={"newspapers": 10_000},
        current_month_revenue={"newspapers": 1_000},
    )
    by_turnover = kr.Customer(
        name="报刊流转额",
        newspaper_turnover_last_year=10_000,
        newspaper_turnover_current_month=1_000,
    )
    assert kr.Criterion.COMPREHENSIVE in kr.qualify(by_revenue).criteria
    assert kr.Criterion.COMPREHENSIVE not in kr.qualify(by_turnover).criteria

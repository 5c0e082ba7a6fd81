"""Invariants of grading (GRADE-1..4), checked against an independent Fraction oracle."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules import Tier

#: RULEBOOK §4, written out independently of the policy file: (lower bound, points).
REVENUE_BANDS = [(1_500_000, 100), (1_000_000, 90), (500_000, 80), (300_000, 70), (100_000, 60)]
SHARE_BANDS = [
    (Fraction(3, 1000), 100),
    (Fraction(1, 1000), 80),
    (Fraction(5, 10000), 60),
    (Fraction(1, 10000), 40),
]
CUTOFFS = [(90, Tier.DIAMOND), (75, Tier.GOLD), (65, Tier.SILVER)]

MAX_CENTS = 10**13  # up to 100 billion yuan


def yuan(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def oracle(revenue_cents: int, bureau_cents: int) -> tuple[int, int, Fraction, Tier]:
    """Grade with Fractions only: the rulebook's tables read literally."""
    revenue = Fraction(revenue_cents, 100)
    share = Fraction(revenue_cents, bureau_cents)
    rev = next((p for bound, p in REVENUE_BANDS if revenue >= bound), 0)
    shr = next((p for bound, p in SHARE_BANDS if share >= bound), 0)
    score = Fraction(6, 10) * rev + Fraction(4, 10) * shr
    tier = next((t for cutoff, t in CUTOFFS if score >= cutoff), Tier.GENERAL)
    return rev, shr, score, tier


@st.composite
def revenue_and_bureau(draw: st.DrawFn) -> tuple[int, int]:
    """Valid GRADE-6 inputs in fen: 0 ≤ R ≤ B, B > 0; often near a band or share bound."""
    bureau = draw(st.integers(min_value=1, max_value=MAX_CENTS))
    near = draw(st.sampled_from(["any", "revenue-bound", "share-bound"]))
    if near == "revenue-bound":
        bound = draw(st.sampled_from([b for b, _ in REVENUE_BANDS])) * 100
        revenue = bound + draw(st.integers(min_value=-2, max_value=2))
        bureau = max(bureau, revenue, 1)
    elif near == "share-bound":
        share = draw(st.sampled_from([s for s, _ in SHARE_BANDS]))
        revenue = int(share * bureau) + draw(st.integers(min_value=-1, max_value=1))
    else:
        revenue = draw(st.integers(min_value=0, max_value=bureau))
    return min(max(revenue, 0), bureau), bureau


@given(revenue_and_bureau())
def test_grade_agrees_with_an_independent_fraction_oracle(case: tuple[int, int]) -> None:
    revenue_cents, bureau_cents = case
    result = kr.grade(yuan(revenue_cents), yuan(bureau_cents))
    rev, shr, score, tier = oracle(revenue_cents, bureau_cents)
    assert (result.revenue_points, result.share_points) == (rev, shr)
    assert Fraction(result.score) == score
    assert result.tier is tier


@given(revenue_and_bureau())
def test_grade_never_raises_for_valid_input(case: tuple[int, int]) -> None:
    revenue_cents, bureau_cents = case
    result = kr.grade(yuan(revenue_cents), yuan(bureau_cents))
    assert 0 <= result.score <= 100


@given(revenue_and_bureau(), st.integers(min_value=0, max_value=MAX_CENTS))
def test_more_revenue_never_lowers_the_tier(case: tuple[int, int], extra: int) -> None:
    revenue_cents, bureau_cents = case
    more = min(revenue_cents + extra, bureau_cents)
    low = kr.grade(yuan(revenue_cents), yuan(bureau_cents))
    high = kr.grade(yuan(more), yuan(bureau_cents))
    assert high.tier.rank >= low.tier.rank
    assert high.score >= low.score


@given(revenue_and_bureau())
def test_the_tier_agrees_with_the_score_and_the_cutoffs(case: tuple[int, int]) -> None:
    revenue_cents, bureau_cents = case
    result = kr.grade(yuan(revenue_cents), yuan(bureau_cents))
    tiers = kr.default_policy().grading.tiers
    expected = (
        Tier.DIAMOND
        if result.score >= tiers.diamond
        else Tier.GOLD
        if result.score >= tiers.gold
        else Tier.SILVER
        if result.score >= tiers.silver
        else Tier.GENERAL
    )
    assert result.tier is expected


@given(revenue_and_bureau(), st.booleans())
def test_the_explanation_of_a_grading_cites_grade_1_to_4(
    case: tuple[int, int], approval: bool
) -> None:
    revenue_cents, bureau_cents = case
    result = kr.grade(yuan(revenue_cents), yuan(bureau_cents), special_diamond_approval=approval)
    assert result.explanation.rules[:4] == ("GRADE-1", "GRADE-2", "GRADE-3", "GRADE-4")
    assert ("GRADE-5" in result.explanation.rules) is result.by_approval
    assert str(result.score) in str(result.explanation)


@given(st.integers(1, MAX_CENTS), st.data())
def test_the_share_shown_is_the_exact_share_rounded_half_even_to_four_decimals(
    bureau_cents: int, data: st.DataObject
) -> None:
    revenue_cents = data.draw(st.integers(0, bureau_cents))
    shown = kr.grade(yuan(revenue_cents), yuan(bureau_cents)).explanation[1].text
    exact = Fraction(revenue_cents * 1000, bureau_cents)
    tenths = round(exact * 10_000)  # Fraction rounds half to even
    assert f"≈ {tenths // 10_000}.{tenths % 10_000:04d}‰" in shown

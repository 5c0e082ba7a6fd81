"""Invariants of FLUX-1 and FILE-1."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyaccount_rules import fluctuation, provincial_filing

fen = st.integers(min_value=0, max_value=10**12)


@given(fen, fen)
def test_flux_decision_matches_integer_cross_multiplication(previous_fen, current_fen):
    result = fluctuation(Decimal(previous_fen).scaleb(-2), Decimal(current_fen).scaleb(-2))
    if previous_fen == 0:
        assert result.must_analyse is (current_fen > 0)
        assert result.change is None
    else:
        assert result.must_analyse is (abs(current_fen - previous_fen) * 10 > 3 * previous_fen)


spends = st.dictionaries(
    st.text(alphabet="abcdefghij", min_size=1, max_size=3),
    st.integers(min_value=0, max_value=60000),
    max_size=30,
)


@given(spends)
def test_filing_holds_the_top_ten_with_ties_and_everyone_above_the_amount(spend):
    filed = provincial_filing(spend)
    for key, amount in spend.items():
        higher = sum(1 for other in spend.values() if other > amount)
        assert (key in filed) is (amount >= 25000 or higher < 10)
    assert len(filed) >= min(10, len(spend))

"""Invariants of FLUX-1 and FILE-1."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyaccount_rules import Tier, fluctuation, provincial_filing

fen = st.integers(min_value=0, max_value=10**12)


@given(fen, fen)
def test_flux_decision_matches_integer_cross_multiplication(previous_fen, current_fen):
    result = fluctuation(Decimal(previous_fen).scaleb(-2), Decimal(current_fen).scaleb(-2))
    if previous_fen == 0:
        assert result.must_analyse is (current_fen > 0)
        assert result.change is None
    else:
        assert result.must_analyse is (abs(current_fen - previous_fen) * 10 > 3 * previous_fen)
        # FLUX-1: the change is signed, a fall negative
        assert result.change is not None
        assert (result.change < 0) is (current_fen < previous_fen)


spends = st.dictionaries(
    st.text(alphabet="abcdefghij", min_size=1, max_size=3),
    st.integers(min_value=0, max_value=60000),
    max_size=30,
)


@given(spends, st.data())
def test_filing_holds_the_top_ten_gold_with_ties_and_every_gold_above_the_amount(spend, data):
    # FILE-1: only GOLD customers are considered; the top 10 is among them.
    tiers = {key: data.draw(st.sampled_from(Tier), label=key) for key in spend}
    filed = provincial_filing(spend, tiers=tiers)
    gold = {key: amount for key, amount in spend.items() if tiers[key] is Tier.GOLD}
    for key, amount in spend.items():
        if key not in gold:
            assert key not in filed
            continue
        higher = sum(1 for other in gold.values() if other > amount)
        assert (key in filed) is (amount >= 25000 or higher < 10)
    assert len(filed) >= min(10, len(gold))

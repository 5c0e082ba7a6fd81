"""Invariants of the appraisal (APPR-1..2)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules import AppraisalItem

fractions = st.integers(0, 1000).map(lambda n: Decimal(n) / 1000)
attainments = st.fixed_dictionaries(dict.fromkeys(AppraisalItem, fractions))


@given(attainments)
def test_subtotals_stay_within_their_maximum_and_add_up(
    attainment: dict[AppraisalItem, Decimal],
) -> None:
    result = kr.appraise_manager(attainment)
    assert 0 <= result.daily_management <= 40
    assert 0 <= result.market_projects <= 60
    assert result.total == result.daily_management + result.market_projects
    assert result.total == sum(s.points for s in result.items)


@given(attainments, st.sampled_from(list(AppraisalItem)), fractions)
def test_the_score_never_falls_when_an_item_improves(
    attainment: dict[AppraisalItem, Decimal], item: AppraisalItem, other: Decimal
) -> None:
    low, high = sorted((attainment[item], other))
    lower = kr.appraise_manager({**attainment, item: low}).total
    assert lower <= kr.appraise_manager({**attainment, item: high}).total

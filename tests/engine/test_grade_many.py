"""grade_many (the columnar path) agrees with grade (the per-record path) everywhere."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules.rules.grading import Grader

BUREAU = Decimal("300000000.00")


def _boundary_revenues(policy: kr.Policy, bureau: Decimal) -> list[Decimal]:
    """Every breakpoint of GRADE-1 and GRADE-2 for this bureau, on it and one fen either side."""
    table = Grader(policy, int(bureau * 100))
    revenues = set()
    for bound in table.bounds_fen:
        for cents in (bound - 1, bound, bound + 1):
            if 0 <= cents <= table.bureau_fen:
                revenues.add(Decimal(cents).scaleb(-2))
    return sorted(revenues | {Decimal("0.00"), bureau})


def _assert_same(revenues: list[object], bureau: object, policy: kr.Policy) -> None:
    table = kr.grade_many(revenues, bureau, policy=policy)
    assert len(table) == len(revenues)
    for i, revenue in enumerate(revenues):
        one = kr.grade(revenue, bureau, policy=policy)
        assert (
            table.revenue_points[i],
            table.share_points[i],
            table.scores[i],
            table.tiers[i],
        ) == (one.revenue_points, one.share_points, one.score, one.tier), revenue


def test_grade_many_equals_grade_on_every_band_boundary(policy: kr.Policy) -> None:
    _assert_same(list(_boundary_revenues(policy, BUREAU)), BUREAU, policy)


def test_grade_many_equals_grade_on_boundaries_of_a_bureau_with_odd_fen() -> None:
    bureau = Decimal("43879110.37")
    _assert_same(list(_boundary_revenues(kr.default_policy(), bureau)), bureau, kr.default_policy())


def test_grade_many_equals_grade_under_a_changed_policy() -> None:
    variant = kr.default_policy().with_changes(
        {"grading.revenue.bands.1.min": 1_200_000, "grading.share.bands.0.min": "0.0025"}
    )
    _assert_same(list(_boundary_revenues(variant, BUREAU)), BUREAU, variant)


@pytest.mark.parametrize(
    ("revenue", "tier"),
    [
        pytest.param("900000.00", kr.Tier.GOLD, id="3-permille-on-bound"),
        pytest.param("899999.99", kr.Tier.GOLD, id="3-permille-one-fen-under"),
        pytest.param("1000000.00", kr.Tier.DIAMOND, id="1M-on-bound"),
        pytest.param("999999.99", kr.Tier.GOLD, id="1M-one-fen-under"),
        pytest.param("100000", kr.Tier.GENERAL, id="100k-on-bound-int-string"),
    ],
)
def test_grade_many_gives_the_tier_of_each_boundary(revenue: str, tier: kr.Tier) -> None:
    assert kr.grade_many([revenue], BUREAU).tiers == (tier,)


def test_int_float_string_and_decimal_inputs_grade_alike() -> None:
    as_decimal = kr.grade_many([Decimal("300000"), Decimal("299999")], BUREAU)
    assert kr.grade_many([300000, 299999], BUREAU) == as_decimal
    assert kr.grade_many(["300,000", "299999.00"], BUREAU) == as_decimal
    assert kr.grade_many([300000.0, 299999.0], BUREAU) == as_decimal


def test_an_empty_column_gives_an_empty_table() -> None:
    table = kr.grade_many([], BUREAU)
    assert (table.revenue_points, table.tiers, len(table)) == ((), (), 0)


def test_a_generator_of_revenues_is_accepted() -> None:
    assert kr.grade_many((r for r in [1_500_000]), BUREAU).revenue_points == (100,)


@pytest.mark.parametrize(
    ("revenues", "message"),
    [
        pytest.param([1, Decimal("-1")], r"annual_revenues\[1\]: must not be negative", id="neg"),
        pytest.param([Decimal("1.001")], r"annual_revenues\[0\]: must have at most 2", id="mills"),
        pytest.param([Decimal("NaN")], r"annual_revenues\[0\]: must be a finite", id="nan"),
        pytest.param([5, "abc"], r"annual_revenues\[1\]: must be a decimal number", id="text"),
        pytest.param([True], r"annual_revenues\[0\]: must be an amount, not a bool", id="bool"),
        pytest.param(
            [0, 300_000_000.01], r"annual_revenues\[1\]: must not exceed .*GRADE-6", id="above"
        ),
        pytest.param([10**9], r"annual_revenues\[0\]: must not exceed .*GRADE-6", id="int-above"),
    ],
)
def test_a_bad_revenue_is_named_by_its_position(revenues: list[object], message: str) -> None:
    with pytest.raises(kr.RuleInputError, match=message):
        kr.grade_many(revenues, BUREAU)


def test_a_bad_bureau_revenue_is_named() -> None:
    with pytest.raises(kr.RuleInputError, match=r"bureau_annual_revenue: must be positive"):
        kr.grade_many([1], 0)


def test_three_decimal_zeros_are_still_whole_fen() -> None:
    assert kr.grade_many([Decimal("1000000.000")], BUREAU).revenue_points == (90,)


def test_to_rows_gives_plain_values() -> None:
    rows = kr.grade_many([1_000_000], BUREAU).to_rows()
    assert rows == [
        {"revenue_points": 90, "share_points": 100, "score": Decimal("94.0"), "tier": "diamond"}
    ]


def test_html_shows_the_first_rows_and_how_many_more() -> None:
    html = kr.grade_many([1] * 25, BUREAU)._repr_html_()
    assert html.count("<tr>") == 21
    assert "5 more" in html


_cents = st.integers(min_value=0, max_value=10**14)


@given(
    bureau_cents=st.integers(min_value=1, max_value=10**14),
    fractions=st.lists(st.fractions(min_value=0, max_value=1), max_size=20),
)
def test_grade_many_equals_grade_on_random_inputs(bureau_cents: int, fractions: list) -> None:
    bureau = Decimal(bureau_cents).scaleb(-2)
    revenues = [Decimal(int(f * bureau_cents)).scaleb(-2) for f in fractions]
    _assert_same(list(revenues), bureau, kr.default_policy())


@given(bureau=st.integers(min_value=1, max_value=10**12), data=st.data())
def test_grade_many_equals_grade_on_random_whole_yuan(bureau: int, data: st.DataObject) -> None:
    revenues = data.draw(st.lists(st.integers(min_value=0, max_value=bureau), max_size=20))
    _assert_same(list(revenues), bureau, kr.default_policy())


# ---- grade's fast path keeps grade's contract


@pytest.mark.parametrize(
    ("revenue", "message"),
    [
        pytest.param(Decimal("1.001"), "must have at most 2 decimal places", id="mills"),
        pytest.param(Decimal("-0.01"), "must not be negative", id="negative"),
        pytest.param(Decimal("Infinity"), "must be a finite amount", id="infinite"),
        pytest.param(-1, "must not be negative", id="negative-int"),
        pytest.param(True, "must be an amount, not a boolean", id="bool"),
        pytest.param(10**16, "must be below", id="huge-int"),
    ],
)
def test_grade_fast_path_rejects_what_grade_rejects(revenue: object, message: str) -> None:
    with pytest.raises(kr.RuleInputError, match=rf"annual_revenue: {message}"):
        kr.grade(revenue, BUREAU)


def test_a_bad_bureau_revenue_is_rejected_every_time_not_cached() -> None:
    for _ in range(2):
        with pytest.raises(kr.RuleInputError, match="bureau_annual_revenue: must be a decimal"):
            kr.grade(1, "abc")


def test_revenue_above_the_bureau_is_rejected_after_a_cached_bureau() -> None:
    kr.grade(1, "1000")
    with pytest.raises(kr.RuleInputError, match=r"must not exceed .* 1,000.00 .*GRADE-6"):
        kr.grade("1000.01", "1000")


def test_grade_uses_the_tables_of_the_policy_it_is_given() -> None:
    variant = kr.default_policy().with_changes({"grading.revenue.bands.1.min": 1_200_000})
    assert kr.grade(1_000_000, BUREAU).revenue_points == 90
    assert kr.grade(1_000_000, BUREAU, policy=variant).revenue_points == 80
    assert kr.grade(1_000_000, BUREAU).revenue_points == 90


def test_a_fast_grading_equals_a_validated_one() -> None:
    fast = kr.grade(Decimal("1000000.00"), BUREAU, special_diamond_approval=True)
    assert kr.Grading.model_validate(fast.model_dump()) == fast
    assert fast.model_fields_set == set(kr.Grading.model_fields)
    assert "GRADE-4" in fast.explanation.rules
    assert (fast.tier, fast.by_approval) == (kr.Tier.DIAMOND, False)


def test_three_decimals_of_zeros_are_accepted_by_grade_too() -> None:
    assert kr.grade(Decimal("1000000.000"), BUREAU).annual_revenue == Decimal("1000000.00")

"""grade_many (the columnar path) agrees with grade (the per-record path) everywhere."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules.engine import columns
from keyaccount_rules.rules.grading import Grader
from tests.conftest import exactly

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


# ---- the fast path: taken for plain int or Decimal columns, refused for anything else

ODD_BUREAU = Decimal("43879110.37")
_94 = Decimal("94.0")
_ZERO = Decimal("0.0")


@pytest.fixture
def value_by_value(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the columns grade_many validates value by value (the careful path)."""
    calls: list[int] = []
    careful = columns._checked_index

    def counted(values: Sequence[object], g: Grader) -> list[int]:
        calls.append(len(values))
        return careful(values, g)

    monkeypatch.setattr(columns, "_checked_index", counted)
    return calls


def _bound_yuan(bureau: Decimal) -> list[Decimal]:
    """0, every breakpoint of the bureau on it and one fen under, and the bureau itself."""
    g = Grader(kr.default_policy(), int(bureau * 100))
    fen = {c for b in g.bounds_fen for c in (b - 1, b)} | {0, g.bureau_fen}
    return [Decimal(c).scaleb(-2) for c in sorted(fen)]


def test_whole_yuan_ints_up_to_the_bureau_take_the_fast_path(value_by_value: list[int]) -> None:
    whole = sorted({int(v) for v in _bound_yuan(ODD_BUREAU)} | {1, int(ODD_BUREAU)})
    _assert_same(list(whole), ODD_BUREAU, kr.default_policy())
    assert value_by_value == []  # _assert_same graded them all at once, then one by one


def test_decimals_of_whole_fen_up_to_the_bureau_take_the_fast_path(
    value_by_value: list[int],
) -> None:
    revenues = [*_bound_yuan(ODD_BUREAU), Decimal("5E+2"), Decimal("0.01")]
    _assert_same(list(revenues), ODD_BUREAU, kr.default_policy())
    assert value_by_value == []


@pytest.mark.parametrize(
    ("revenue", "got"),
    [
        pytest.param(43879111, "43879111", id="int-one-yuan-above"),
        pytest.param(Decimal("43879110.38"), "43879110.38", id="decimal-one-fen-above"),
    ],
)
def test_a_revenue_just_above_the_bureau_is_refused_by_the_fast_path(
    revenue: object, got: str, value_by_value: list[int]
) -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "annual_revenues[1]: must not exceed the bureau's annual revenue 43,879,110.37 "
            f"(got {got}) [GRADE-6]"
        ),
    ):
        kr.grade_many([0, revenue] if isinstance(revenue, int) else [_ZERO, revenue], ODD_BUREAU)
    assert value_by_value == [2]


@pytest.mark.parametrize(
    "revenues",
    [
        pytest.param([1, Decimal(1)], id="ints-and-decimals"),
        pytest.param([Decimal("1.00"), Decimal("2.001")], id="a-value-with-three-decimals"),
        pytest.param([Decimal("1.000")], id="three-decimal-zeros"),
        pytest.param([True, 1], id="a-bool"),
        pytest.param(["1"], id="text"),
    ],
)
def test_a_column_the_fast_path_cannot_vouch_for_is_checked_value_by_value(
    revenues: list[object], value_by_value: list[int]
) -> None:
    with contextlib.suppress(kr.RuleInputError):  # the error is the careful path's own
        kr.grade_many(revenues, BUREAU)
    assert value_by_value == [len(revenues)]


def test_the_columns_of_a_table_are_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    table = kr.grade_many([1_000_000, 0], BUREAU)
    made: list[object] = []
    columns_of = Grader.columns

    def counted(self: Grader, index: Sequence[int], *, offset: int = 0) -> object:
        made.append(index)
        return columns_of(self, index, offset=offset)

    monkeypatch.setattr(Grader, "columns", counted)
    assert (table.tiers, table.scores) == ((kr.Tier.DIAMOND, kr.Tier.GENERAL), (_94, _ZERO))
    assert table.revenue_points == (90, 0)
    assert len(made) == 1


def test_equal_tables_hash_alike_and_different_ones_apart() -> None:
    one = kr.grade_many([1_000_000, 0], BUREAU)
    assert hash(one) == hash(kr.grade_many([Decimal("1000000.00"), 0], BUREAU))
    assert hash(one) != hash(kr.grade_many([0, 1_000_000], BUREAU))
    assert len({one, kr.grade_many([0], BUREAU), kr.grade_many(["0"], BUREAU)}) == 2

"""大客户分级标准 (GRADE-1..6): band edges on the bound and one fen under, exact shares."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules import Tier
from keyaccount_rules.core.errors import RuleInputError

FEN = Decimal("0.01")
#: A bureau so large that every revenue below tests earns 0 share points (s < 0.1‰).
HUGE_BUREAU = Decimal("100000000000000")

#: RULEBOOK §4 GRADE-1: (lower bound in yuan, points inside the band, points of the band below).
#: "以上" includes the bound and "A—B" is [A, B) (G-3): the bound earns the band's points.
REVENUE_EDGES = [
    ("1.5M", Decimal(1_500_000), 100, 90),
    ("1M", Decimal(1_000_000), 90, 80),
    ("500k", Decimal(500_000), 80, 70),
    ("300k", Decimal(300_000), 70, 60),
    ("100k", Decimal(100_000), 60, 0),  # G-4: below the lowest band earns 0
]


def revenue_cases() -> list[object]:
    cases = []
    for label, bound, points, below in REVENUE_EDGES:
        cases.append(pytest.param(bound, points, id=f"{label}-on-bound"))
        cases.append(pytest.param(bound - FEN, below, id=f"{label}-minus-1-fen"))
    return cases


@pytest.mark.parametrize(("revenue", "points"), revenue_cases())
def test_revenue_points_on_each_band_edge(revenue: Decimal, points: int) -> None:
    result = kr.grade(revenue, HUGE_BUREAU)
    assert result.revenue_points == points
    assert result.share_points == 0


def test_one_fen_under_1m_earns_80_points() -> None:
    assert kr.grade("999999.99", HUGE_BUREAU).revenue_points == 80


def test_zero_revenue_earns_no_points_and_is_general() -> None:
    result = kr.grade(0, HUGE_BUREAU)
    assert (result.revenue_points, result.share_points, result.tier) == (0, 0, Tier.GENERAL)
    assert "G-4" in str(result.explanation)


# ---------------------------------------------------------------- GRADE-2 share

#: (label, R, B, points on the bound, points one fen under). In each, R / B is *exactly* the
#: bound, while the float quotient falls just below it (the point of exact arithmetic).
SHARE_EDGES = [
    ("3permille", Decimal("131637.33"), Decimal(43_879_110), Decimal("0.003"), 100, 80),
    ("1permille", Decimal("32819.77"), Decimal(32_819_770), Decimal("0.001"), 80, 60),
    ("0.5permille", Decimal("278879.72"), Decimal(557_759_440), Decimal("0.0005"), 60, 40),
    ("0.1permille", Decimal("1000.03"), Decimal(10_000_300), Decimal("0.0001"), 40, 0),
]


@pytest.mark.parametrize(
    ("revenue", "bureau", "bound"),
    [pytest.param(r, b, s, id=label) for label, r, b, s, _, _ in SHARE_EDGES],
)
def test_the_share_cases_are_exact_bounds_that_float_division_misses(
    revenue: Decimal, bureau: Decimal, bound: Decimal
) -> None:
    assert revenue / bureau == bound
    assert float(revenue) / float(bureau) < float(bound)


@pytest.mark.parametrize(
    ("revenue", "bureau", "points"),
    [pytest.param(r, b, p, id=f"{label}-on-bound") for label, r, b, _, p, _ in SHARE_EDGES]
    + [
        pytest.param(r - FEN, b, p, id=f"{label}-minus-1-fen")
        for label, r, b, _, _, p in SHARE_EDGES
    ],
)
def test_share_points_on_each_bound_are_exact(
    revenue: Decimal, bureau: Decimal, points: int
) -> None:
    assert kr.grade(revenue, bureau).share_points == points


def test_a_share_of_exactly_3_permille_earns_100_share_points() -> None:
    result = kr.grade("131637.33", 43_879_110)
    assert result.share_points == 100
    assert "≥ 3‰ → 100 points" in str(result.explanation)


def test_a_share_below_one_ten_thousandth_earns_zero_share_points_g4() -> None:
    result = kr.grade("999.99", 10_000_000)
    assert result.share_points == 0
    assert "G-4" in result.explanation[1].text


# ---------------------------------------------------------------- GRADE-3 score


@pytest.mark.parametrize(
    ("revenue", "bureau", "score"),
    [
        # 70 revenue points (300k band), 60 share points (0.5‰ ≤ s < 1‰): 0.6×70 + 0.4×60 = 66
        pytest.param(300_000, 400_000_000, Decimal("66"), id="70-and-60"),
        # 100 and 100: 60 + 40
        pytest.param(1_500_000, 100_000_000, Decimal("100"), id="100-and-100"),
        # 60 and 40: 36 + 16
        pytest.param(100_000, 1_000_000_000, Decimal("52"), id="60-and-40"),
    ],
)
def test_the_score_is_the_exact_weighted_sum(revenue: int, bureau: int, score: Decimal) -> None:
    result = kr.grade(revenue, bureau)
    assert isinstance(result.score, Decimal)
    assert result.score == score


def test_the_score_uses_the_policy_weights_exactly(policy: kr.Policy) -> None:
    # 0.7 × 90 + 0.3 × 80 = 87.0 exactly; 0.7 * 90 in float is 62.99999999999999.
    variant = policy.with_changes(
        {"grading.weights.revenue": "0.7", "grading.weights.share": "0.3"}
    )
    result = kr.grade(1_000_000, 500_000_000, policy=variant)
    assert (result.revenue_points, result.share_points) == (90, 80)
    assert result.score == Decimal("87.0")
    assert 0.7 * 90 != 63
    assert "0.7 × 90 + 0.3 × 80" in result.explanation[2].text


# ---------------------------------------------------------------- GRADE-4 tiers


@pytest.mark.parametrize(
    ("changes", "revenue", "bureau", "score", "tier"),
    [
        # 1‰-band share points 75: R ≥ 1.5M (100) with 1‰ ≤ s < 3‰ → 60 + 30 = 90
        pytest.param(
            {"grading.share.bands.1.points": 75},
            1_500_000,
            1_000_000_000,
            Decimal("90"),
            Tier.DIAMOND,
            id="90-on-bound",
        ),
        pytest.param(
            {"grading.share.bands.1.points": 74},
            1_500_000,
            1_000_000_000,
            Decimal("89.6"),
            Tier.GOLD,
            id="90-just-under",
        ),
        # 1M-band revenue points 85 with 0.5‰ ≤ s < 1‰ (60) → 51 + 24 = 75
        pytest.param(
            {"grading.revenue.bands.1.points": 85},
            1_000_000,
            1_500_000_000,
            Decimal("75"),
            Tier.GOLD,
            id="75-on-bound",
        ),
        pytest.param(
            {"grading.revenue.bands.1.points": 84},
            1_000_000,
            1_500_000_000,
            Decimal("74.4"),
            Tier.SILVER,
            id="75-just-under",
        ),
        # 100k-band revenue points 55 with 1‰ ≤ s < 3‰ (80) → 33 + 32 = 65
        pytest.param(
            {"grading.revenue.bands.4.points": 55},
            100_000,
            50_000_000,
            Decimal("65"),
            Tier.SILVER,
            id="65-on-bound",
        ),
        pytest.param(
            {"grading.revenue.bands.4.points": 54},
            100_000,
            50_000_000,
            Decimal("64.4"),
            Tier.GENERAL,
            id="65-just-under",
        ),
    ],
)
def test_tier_cutoffs_include_the_bound(
    policy: kr.Policy,
    changes: dict[str, object],
    revenue: int,
    bureau: int,
    score: Decimal,
    tier: Tier,
) -> None:
    result = kr.grade(revenue, bureau, policy=policy.with_changes(changes))
    assert result.score == score
    assert result.tier is tier
    assert result.computed_tier is tier


@pytest.mark.parametrize(
    ("revenue", "bureau", "score", "tier"),
    [
        pytest.param(1_500_000, 1_000_000_000, 92, Tier.DIAMOND, id="100-and-80-is-92"),
        pytest.param(1_000_000, 1_000_000_000, 86, Tier.GOLD, id="90-and-80-is-86"),
        pytest.param(300_000, 400_000_000, 66, Tier.SILVER, id="70-and-60-is-66"),
        pytest.param(500_000, 5_000_000_000, 64, Tier.GENERAL, id="80-and-40-is-64"),
    ],
)
def test_default_scores_give_the_rulebook_tiers(
    revenue: int, bureau: int, score: int, tier: Tier
) -> None:
    result = kr.grade(revenue, bureau)
    assert result.score == score
    assert result.tier is tier


# ---------------------------------------------------------------- GRADE-5 approval


def test_approval_lists_a_low_customer_as_diamond_and_keeps_the_computed_tier() -> None:
    result = kr.grade(50_000, 1_000_000_000, special_diamond_approval=True)
    assert result.tier is Tier.DIAMOND
    assert result.by_approval
    assert result.computed_tier is Tier.GENERAL
    assert result.score == Decimal("0")
    assert result.explanation.rules[-1] == "GRADE-5"


def test_approval_of_a_customer_already_diamond_is_not_by_approval() -> None:
    result = kr.grade(1_500_000, 100_000_000, special_diamond_approval=True)
    assert result.tier is Tier.DIAMOND
    assert not result.by_approval
    assert "GRADE-5" not in result.explanation.rules


def test_approval_must_be_a_boolean() -> None:
    with pytest.raises(kr.RuleInputError, match="special_diamond_approval"):
        kr.grade(1, 10, special_diamond_approval="yes")  # type: ignore[arg-type]


# ---------------------------------------------------------------- GRADE-6 errors


@pytest.mark.parametrize(
    ("revenue", "bureau", "field"),
    [
        pytest.param(0, 0, "bureau_annual_revenue", id="bureau-zero"),
        pytest.param(0, -5, "bureau_annual_revenue", id="bureau-negative"),
        pytest.param("1000000.01", 1_000_000, "annual_revenue", id="revenue-1-fen-over-bureau"),
    ],
)
def test_grade_6_violations_raise_a_value_error_naming_the_field(
    revenue: object, bureau: object, field: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{field}: .*\[GRADE-6\]") as caught:
        kr.grade(revenue, bureau)
    assert isinstance(caught.value, kr.RuleInputError)
    assert caught.value.field == field


def test_a_revenue_equal_to_the_bureaus_is_allowed() -> None:
    result = kr.grade(1_000_000, 1_000_000)
    assert result.share_points == 100


def test_the_bureau_zero_message_matches_the_style_guide() -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        kr.grade(0, 0)
    assert str(caught.value) == "bureau_annual_revenue: must be positive (got 0) [GRADE-6]"


@pytest.mark.parametrize("bad", ["abc", float("nan"), -1, "1.001"])
def test_a_bad_annual_revenue_names_the_field(bad: object) -> None:
    with pytest.raises(kr.RuleInputError, match=r"^annual_revenue: "):
        kr.grade(bad, 1_000_000)


def test_the_grading_explanation_cites_grade_1_to_4_with_the_inputs() -> None:
    result = kr.grade("700000", "300000000")
    assert result.explanation.rules == ("GRADE-1", "GRADE-2", "GRADE-3", "GRADE-4")
    text = str(result.explanation)
    assert "700,000.00 ≥ 500,000.00" in text
    assert "300,000,000.00" in text


# ---- one Grader, explanations as data, bounded cache, declared validation

import datetime as dt  # noqa: E402
import decimal  # noqa: E402

import numpy as np  # noqa: E402

from keyaccount_rules.rules import grading as grading_module  # noqa: E402
from keyaccount_rules.rules.grading import Grader, explain_grade, grader  # noqa: E402


def test_whole_yuan_bounds_round_each_fen_bound_up() -> None:
    table = Grader(kr.default_policy(), 12345)
    assert table.bounds_fen[:4] == (2, 7, 13, 38)
    assert table.bounds_yuan_int == (1, 1, 1, 1, 100000, 300000, 500000, 1000000, 1500000)
    assert all(type(bound) is int for bound in table.bounds_yuan_int)


def test_a_grader_is_cached_per_policy_and_bureau_input() -> None:
    first, other = kr.default_policy(), kr.default_policy().with_changes({"version": "x"})
    g = grader(1_000_000, policy=first)
    assert grader(1_000_000, policy=first) is g
    assert grader(1_000_000, policy=other) is not g
    assert grader(Decimal("1000000"), policy=first).decisions == g.decisions


def test_the_grader_cache_is_bounded_and_never_emptied_wholesale() -> None:
    policy = kr.default_policy()
    keep = grader(7_777_777, policy=policy)
    for bureau in range(1, 300):
        grader(bureau, policy=policy)
        grader(7_777_777, policy=policy)  # recently used: stays
    assert grader(7_777_777, policy=policy) is keep
    info = grading_module._grader_by_input.cache_info()
    assert info.maxsize is not None
    assert info.currsize <= info.maxsize


def test_an_unhashable_bureau_input_is_validated_not_cached_grade_6() -> None:
    with pytest.raises(RuleInputError) as caught:
        grader([1])
    assert caught.value.field == "bureau_annual_revenue"


def test_an_equal_bureau_input_of_another_type_is_validated_on_its_own_grade_6() -> None:
    assert kr.grade(0, 1).bureau_annual_revenue == Decimal("1.00")
    with pytest.raises(RuleInputError) as caught:
        kr.grade(0, True)
    assert caught.value.field == "bureau_annual_revenue"


def test_a_grading_under_a_variant_policy_round_trips_with_its_own_explanation() -> None:
    variant = kr.default_policy().with_changes({"grading.tiers.gold": 80})
    g = kr.grade(1_000_000, 500_000_000, policy=variant)
    again = kr.Grading.model_validate_json(g.model_dump_json())
    assert again == g
    assert str(again.explanation) == str(g.explanation)
    assert "≥ 80" in str(again.explanation) or "< 80" in str(again.explanation)
    assert g.policy_fingerprint == variant.fingerprint


def test_a_grading_rejects_unknown_keys() -> None:
    data = json.loads(kr.grade(1_000_000, 500_000_000).model_dump_json())
    with pytest.raises(ValueError, match="extra"):
        kr.Grading.model_validate({**data, "surprise": 1})


def test_the_explanation_cites_the_bands_the_decision_matched() -> None:
    g = grader(43_879_110)
    decision = g.decide(13_163_733)  # 131,637.33 yuan: exactly 3‰
    steps = explain_grade(decision, Decimal("131637.33"), g)
    assert "≥ 100,000.00 (< 300,000.00)" in steps[0].text
    assert "≥ 3‰ → 100 points" in steps[1].text


@pytest.mark.parametrize("revenue", [np.float64(900000.0), np.int64(900000)], ids=str)
def test_numpy_scalars_grade_like_python_numbers(revenue: object) -> None:
    assert kr.grade(revenue, 300_000_000).tier == kr.grade(900_000, 300_000_000).tier


def test_a_float32_grades_like_its_shortest_repr_while_it_tells_fen_apart() -> None:
    """Below 131,072 a float32 is read as written (0.1 is 0.10); at 900,000 one float32 holds
    899,999.99 and 900,000.00 alike, and a band bound may lie between: it is refused."""
    assert kr.grade(np.float32(100_000.5), 300_000_000) == kr.grade("100000.50", 300_000_000)
    with pytest.raises(RuleInputError, match="is a narrow float"):
        kr.grade(np.float32(900000.0), 300_000_000)


def test_numpy_bureau_revenue_is_accepted() -> None:
    assert kr.grade(900_000, np.float64(300_000_000.0)).share_points == 100


def test_a_callers_decimal_context_changes_nothing() -> None:
    expected = kr.grade("1234567.89", "43879110.37")
    with decimal.localcontext() as context:
        context.prec = 6
        context.traps[decimal.Inexact] = True
        assert kr.grade("1234567.89", "43879110.37") == expected
        assert kr.grade_many(["1234567.89"], "43879110.37").scores == (expected.score,)


def test_a_huge_integer_revenue_raises_a_clean_rule_input_error() -> None:
    with pytest.raises(RuleInputError) as caught:
        kr.grade(10**5000, 300_000_000)
    assert caught.value.field == "annual_revenue"
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize("flag", [1, 0, "yes", None], ids=repr)
def test_special_diamond_approval_must_be_a_bool_in_grade_and_evaluate(flag: object) -> None:
    with pytest.raises(RuleInputError) as caught:
        kr.grade(1, 10, special_diamond_approval=flag)  # type: ignore[arg-type]
    assert caught.value.field == "special_diamond_approval"
    customer = kr.Customer(name="A")
    with pytest.raises(RuleInputError) as caught:
        kr.evaluate(
            customer,
            bureau_annual_revenue=10,
            as_of=dt.date(2026, 1, 1),
            special_diamond_approval=flag,  # type: ignore[arg-type]
        )
    assert caught.value.field == "special_diamond_approval"


def test_grading_has_no_private_policy_attribute() -> None:
    g = kr.grade(1_000_000, 500_000_000)
    assert not getattr(g, "__pydantic_private__", None)
    assert "explanation" in kr.Grading.model_fields


# ------------------------------------------------ the fast result (speed): same object


def _reference_steps(revenue: Decimal, bureau: Decimal, approved: bool = False) -> list[str]:
    """The GRADE-1/GRADE-2 text as the rule states it, through ``messages.step`` and Decimal."""
    from keyaccount_rules.core.catalogue import step
    from keyaccount_rules.core.money import CONTEXT, format_yuan
    from keyaccount_rules.rules.grading import grader

    g = grader(bureau)
    d = g.decide_yuan(revenue)
    bands = kr.default_policy().grading
    share = (revenue / bureau * 1000).quantize(Decimal("0.0001"), context=CONTEXT)
    ratio = f"{format_yuan(revenue)} / {format_yuan(bureau)} ≈ {share}‰"
    if d.share_band < 0:
        lowest = f"{(bands.share.bands[-1].min * 1000).normalize(CONTEXT):f}‰"
        s2 = step("GRADE-2", "grading.share_below", ratio=ratio, lowest=lowest, points=0)
    else:
        bound = f"{(bands.share.bands[d.share_band].min * 1000).normalize(CONTEXT):f}‰"
        s2 = step("GRADE-2", "grading.share", ratio=ratio, bound=bound, points=d.share_points)
    return [s2.text, s2.text_zh]


@pytest.mark.parametrize(
    ("revenue", "bureau"),
    [
        ("1200000", "43879110"),
        ("0", "43879110.37"),
        ("0.01", "3"),  # 3.3333‰ recurring
        ("0.01", "0.08"),  # 125‰ exactly
        ("131637.33", "43879110.37"),  # one fen under 3‰ of an odd bureau
        ("10", "200000000"),  # 0.00005‰: a tie, rounded half-even to 0.0000‰
        ("30", "200000000"),  # 0.00015‰: a tie, rounded half-even to 0.0002‰
    ],
)
def test_the_share_shown_is_the_decimal_share_rounded_half_even(revenue: str, bureau: str) -> None:
    g = kr.grade(revenue, bureau)
    reference = _reference_steps(Decimal(revenue).quantize(FEN), Decimal(bureau).quantize(FEN))
    assert [g.explanation[1].text, g.explanation[1].text_zh] == reference


def test_a_kept_grading_is_frozen_hashable_and_round_trips_with_its_text() -> None:
    g = kr.grade("1200000", "43879110", special_diamond_approval=True)
    again = kr.Grading.model_validate_json(g.model_dump_json())
    assert again == g
    assert hash(again) == hash(g)
    assert again.explanation.render("zh") == g.explanation.render("zh")
    assert str(again.explanation) == str(g.explanation)
    with pytest.raises(ValueError, match="frozen"):
        g.score = Decimal(0)  # type: ignore[misc]
    with pytest.raises(ValueError, match="frozen"):
        g.explanation.steps[0].text = "x"  # type: ignore[misc]


def test_two_gradings_of_one_band_share_their_constant_steps() -> None:
    a, b = kr.grade("1200000", "43879110"), kr.grade("1200001", "43879110")
    assert a.explanation[2] is b.explanation[2]
    assert a.explanation[3] is b.explanation[3]
    assert a.explanation[0] != b.explanation[0]


def test_a_message_pattern_renders_what_step_renders() -> None:
    from keyaccount_rules.core.catalogue import pattern, step

    p = pattern("GRADE-1", "grading.revenue_below", "revenue", lowest="100,000.00", points=0)
    assert p.step("99.00") == step(
        "GRADE-1", "grading.revenue_below", revenue="99.00", lowest="100,000.00", points=0
    )


def test_a_message_pattern_refuses_a_hole_with_a_format_spec() -> None:
    from keyaccount_rules.core.catalogue import pattern

    with pytest.raises(ValueError, match="plain text placeholder"):
        pattern("GRADE-4", "grading.tier", "tier", score="1", cutoff="2")
    assert pattern("GRADE-4", "grading.tier", "score", cutoff="2", tier=Tier.GOLD).rule == "GRADE-4"


def test_explain_grade_gives_the_explanation_grade_carries() -> None:
    from keyaccount_rules.rules.grading import explain_grade, grader

    g = grader("43879110")
    revenue = Decimal("1200000.00")
    explained = explain_grade(g.decide_yuan(revenue), revenue, g, special_diamond_approval=True)
    assert explained == kr.grade(revenue, "43879110", special_diamond_approval=True).explanation


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


@pytest.mark.parametrize(
    "approved", [pytest.param(False, id="default-no-approval"), pytest.param(True, id="approved")]
)
def test_explain_grade_of_a_gold_decision_cites_grade_5_only_when_approved(approved: bool) -> None:
    g = grader("43879110")
    revenue = Decimal("600000.00")  # 80 revenue points, 100 share points: 88.0, gold
    decision = g.decide_yuan(revenue)
    assert decision.tier is Tier.GOLD
    explained = (
        explain_grade(decision, revenue, g, special_diamond_approval=True)
        if approved
        else explain_grade(decision, revenue, g)
    )
    assert ("GRADE-5" in explained.rules) is approved
    graded = kr.grade(revenue, "43879110", special_diamond_approval=approved)
    assert explained == graded.explanation


# ---- mutation testing of a freshly built Grader (no cache shared with other tests)
#
# Expected values are derived by hand from the default policy (002 §4: revenue bands 1.5M/1M/
# 500k/300k/100k yuan → 100/90/80/70/60, share bands 3‰/1‰/0.5‰/0.1‰ → 100/80/60/40, weights
# 0.6/0.4/0, tiers 90/75/65) and the message catalogues.

from keyaccount_rules.rules.grading import grade_with  # noqa: E402

#: 250 million yuan: its share bounds (25k, 125k, 250k, 750k yuan) fall between the revenue bounds.
_BUREAU_FEN = 25_000_000_000


def _fresh(policy: kr.Policy | None = None, bureau_fen: int = _BUREAU_FEN) -> Grader:
    return Grader(policy or kr.default_policy(), bureau_fen)


def _explained(g: Grader, revenue: str, *, approved: bool = False) -> tuple[str, str]:
    amount = Decimal(revenue)
    decision = g.decide(int(amount * 100))
    explanation = explain_grade(decision, amount, g, special_diamond_approval=approved)
    return explanation.render("en"), explanation.render("zh")


def test_a_revenue_and_share_below_every_band_are_explained_with_the_lowest_bands_g4() -> None:
    en, zh = _explained(_fresh(), "20000.00")
    assert en.splitlines() == [
        "GRADE-1: annual revenue 20,000.00 < 100,000.00, below every band → 0 points (G-4)",
        "GRADE-2: share 20,000.00 / 250,000,000.00 ≈ 0.0800‰ < 0.1‰, below every band"
        " → 0 points (G-4)",
        "GRADE-3: score 0.6 × 0 + 0.4 × 0 + 0 × 0 = 0.0",
        "GRADE-4: score 0.0 < 65 → general",
    ]
    assert zh.splitlines() == [
        "GRADE-1: 年业务收入20,000.00 < 100,000.00，未达最低档 → 0分(G-4)",
        "GRADE-2: 收入比重 20,000.00 / 250,000,000.00 ≈ 0.0800‰ < 0.1‰，未达最低档 → 0分(G-4)",
        "GRADE-3: 得分 = 0.6×0 + 0.4×0 + 0×0(信用度) = 0.0",
        "GRADE-4: 得分0.0 < 65 → 一般客户",
    ]


def test_a_middle_band_is_explained_with_its_bound_and_the_next_band_up() -> None:
    en, zh = _explained(_fresh(), "600000.00")
    assert en.splitlines() == [
        "GRADE-1: annual revenue 600,000.00 ≥ 500,000.00 (< 1,000,000.00) → 80 points",
        "GRADE-2: share 600,000.00 / 250,000,000.00 ≈ 2.4000‰ ≥ 1‰ → 80 points",
        "GRADE-3: score 0.6 × 80 + 0.4 × 80 + 0 × 0 = 80.0",
        "GRADE-4: score 80.0 ≥ 75 → gold",
    ]
    assert zh.splitlines() == [
        "GRADE-1: 年业务收入600,000.00 ≥ 500,000.00 → 80分",
        "GRADE-2: 收入比重 600,000.00 / 250,000,000.00 ≈ 2.4000‰ ≥ 1‰ → 80分",
        "GRADE-3: 得分 = 0.6×80 + 0.4×80 + 0×0(信用度) = 80.0",
        "GRADE-4: 得分80.0 ≥ 75(含) → 黄金客户",
    ]


def test_an_approved_gold_customer_is_explained_with_grade_5_in_both_languages() -> None:
    en, zh = _explained(_fresh(), "600000.00", approved=True)
    assert en.splitlines()[3:] == [
        "GRADE-4: score 80.0 ≥ 75 → gold",
        "GRADE-5: listed as diamond with the provincial centre's approval"
        " (computed tier gold, score 80.0)",
    ]
    assert zh.splitlines()[3:] == [
        "GRADE-4: 得分80.0 ≥ 75(含) → 黄金客户",
        "GRADE-5: 经省局大客户中心批准列为钻石客户(计算等级黄金，得分80.0)",
    ]


def test_the_top_bands_are_explained_without_an_upper_bound_and_diamond_needs_no_approval() -> None:
    g = _fresh()
    expected = [
        "GRADE-1: annual revenue 1,500,000.00 ≥ 1,500,000.00 → 100 points",
        "GRADE-2: share 1,500,000.00 / 250,000,000.00 ≈ 6.0000‰ ≥ 3‰ → 100 points",
        "GRADE-3: score 0.6 × 100 + 0.4 × 100 + 0 × 0 = 100.0",
        "GRADE-4: score 100.0 ≥ 90 → diamond",
    ]
    assert _explained(g, "1500000.00", approved=True)[0].splitlines() == expected
    assert _explained(g, "1500000.00")[0].splitlines() == expected
    assert _explained(g, "1500000.00")[1].splitlines()[0] == (
        "GRADE-1: 年业务收入1,500,000.00 ≥ 1,500,000.00 → 100分"
    )


def test_one_fen_under_the_top_band_is_explained_with_the_top_bound_as_its_upper_bound() -> None:
    en, _zh = _explained(_fresh(), "1499999.99")
    assert en.splitlines()[0] == (
        "GRADE-1: annual revenue 1,499,999.99 ≥ 1,000,000.00 (< 1,500,000.00) → 90 points"
    )


def test_each_row_of_one_grader_keeps_its_own_explanation() -> None:
    g = _fresh()
    low, middle, top = (_explained(g, r)[0] for r in ("20000.00", "600000.00", "1500000.00"))
    assert low.splitlines()[3] == "GRADE-4: score 0.0 < 65 → general"
    assert middle.splitlines()[3] == "GRADE-4: score 80.0 ≥ 75 → gold"
    assert top.splitlines()[3] == "GRADE-4: score 100.0 ≥ 90 → diamond"


@pytest.mark.parametrize(
    ("revenue_fen", "decision"),
    [
        (0, (0, 0, Decimal("0.0"), Tier.GENERAL, -1, -1)),
        (2_499_999, (0, 0, Decimal("0.0"), Tier.GENERAL, -1, -1)),  # one fen under 0.1‰
        (2_500_000, (0, 40, Decimal("16.0"), Tier.GENERAL, -1, 3)),  # 0.1‰ exactly
        (9_999_999, (0, 40, Decimal("16.0"), Tier.GENERAL, -1, 3)),
        (10_000_000, (60, 40, Decimal("52.0"), Tier.GENERAL, 4, 3)),  # 100,000 yuan
        (60_000_000, (80, 80, Decimal("80.0"), Tier.GOLD, 2, 1)),
        (149_999_999, (90, 100, Decimal("94.0"), Tier.DIAMOND, 1, 0)),
        (150_000_000, (100, 100, Decimal("100.0"), Tier.DIAMOND, 0, 0)),
    ],
)
def test_a_fresh_grader_decides_the_policy_bands_on_and_one_fen_under_each_bound(
    revenue_fen: int, decision: tuple[object, ...]
) -> None:
    assert tuple(_fresh().decide(revenue_fen)) == decision


def test_a_score_exactly_on_a_changed_cutoff_reaches_that_tier() -> None:
    variant = kr.default_policy().with_changes({"grading.tiers.gold": 80})
    assert _fresh(variant).decide(60_000_000).tier is Tier.GOLD  # 0.6×80 + 0.4×80 = 80
    assert _fresh(variant).decide(49_999_999).tier is Tier.SILVER  # 0.6×70 + 0.4×80 = 74


def test_credit_points_add_to_the_score_when_credit_is_weighted() -> None:
    variant = kr.default_policy().with_changes(
        {
            "grading.weights.revenue": "0.5",
            "grading.weights.credit": "0.1",
            "grading.credit_points": 50,
        }
    )
    decision = _fresh(variant).decide(60_000_000)
    assert decision.score == Decimal("77.0")  # 0.5×80 + 0.4×80 + 0.1×50


def test_a_bureau_of_one_fen_puts_every_share_bound_at_one_fen() -> None:
    g = _fresh(bureau_fen=1)
    assert g.bounds_fen[0] == 1
    assert tuple(g.decide(0))[:4] == (0, 0, Decimal("0.0"), Tier.GENERAL)
    assert tuple(g.decide(1))[:4] == (0, 100, Decimal("40.0"), Tier.GENERAL)  # 100% ≥ 3‰


@pytest.mark.parametrize("bad", [0, -1, 100.0, True, Decimal(100)], ids=repr)
def test_a_grader_refuses_a_bureau_that_is_not_a_positive_int_of_fen_grade_6(bad: object) -> None:
    with pytest.raises(RuleInputError) as caught:
        Grader(kr.default_policy(), bad)  # type: ignore[arg-type]
    assert caught.value.field == "bureau_fen"
    assert caught.value.rule == "GRADE-6"
    assert str(caught.value) == (
        f"bureau_fen: must be a positive int (whole fen) (got {bad!r}) [GRADE-6]"
    ).replace("Decimal('100')", "100")


def test_a_grader_accepts_a_bureau_of_one_fen() -> None:
    assert _fresh(bureau_fen=1).bureau == Decimal("0.01")


def test_a_grader_built_in_a_callers_narrow_decimal_context_keeps_every_amount_exact() -> None:
    with decimal.localcontext() as narrow:
        narrow.prec = 3
        g = Grader(kr.default_policy(), 4_387_911_037)
    assert str(g.bureau) == "43879110.37"
    # ⌈0.0001·B⌉, ⌈0.0005·B⌉, ⌈0.001·B⌉ fen, then the 100,000-yuan revenue bound
    assert g.bounds_fen[:4] == (438_792, 2_193_956, 4_387_912, 10_000_000)
    assert [str(b) for b in g.bounds[:4]] == ["4387.92", "21939.56", "43879.12", "100000.00"]
    assert tuple(g.decide(150_000_000))[:4] == (100, 100, Decimal("100.0"), Tier.DIAMOND)


def test_a_grader_built_in_a_one_digit_decimal_context_scores_exactly() -> None:
    with decimal.localcontext() as narrow:
        narrow.prec = 1  # 0.6 × 90 would round to 5E+1
        g = Grader(kr.default_policy(), 4_387_911_037)
    assert tuple(g.decide(120_000_000))[:4] == (90, 100, Decimal("94.0"), Tier.DIAMOND)


def test_explain_grade_in_a_callers_narrow_decimal_context_gives_the_exact_text() -> None:
    variant = kr.default_policy().with_changes({"grading.share.bands.1.min": "0.0012345"})
    g = _fresh(variant)
    with decimal.localcontext() as narrow:
        narrow.prec = 3
        en, _zh = _explained(g, "1234567.89")
    assert en.splitlines()[1] == (
        "GRADE-2: share 1,234,567.89 / 250,000,000.00 ≈ 4.9383‰ ≥ 3‰ → 100 points"
    )
    with decimal.localcontext() as narrow:
        narrow.prec = 3
        en, _zh = _explained(g, "400000.00")
    assert en.splitlines()[1] == (
        "GRADE-2: share 400,000.00 / 250,000,000.00 ≈ 1.6000‰ ≥ 1.2345‰ → 80 points"
    )


def test_grader_in_a_callers_narrow_decimal_context_keeps_the_bureau_exact() -> None:
    grading_module._grader_by_input.cache_clear()  # so that this call validates the input
    with decimal.localcontext() as narrow:
        narrow.prec = 3
        g = grader("43879110.39")
    assert g.bureau_fen == 4_387_911_039


def test_a_bureau_input_is_validated_once_then_served_from_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[object] = []
    validate = grading_module._bureau_fen

    def counting(bureau: object) -> int:
        seen.append(bureau)
        return validate(bureau)

    monkeypatch.setattr(grading_module, "_bureau_fen", counting)
    bureau = Decimal("76543210.98")
    first = grader(bureau)  # validated here, or already cached by an earlier run
    seen.clear()
    assert grader(bureau) is first
    assert seen == []


def test_a_valid_unhashable_bureau_input_gives_the_grader_of_its_value() -> None:
    g = grader(np.array(250_000_000))  # a 0-d array: unhashable, validated every time
    assert g.bureau_fen == _BUREAU_FEN
    assert g is grader(250_000_000, policy=kr.default_policy()) or g.bureau_fen == _BUREAU_FEN
    variant = kr.default_policy().with_changes({"grading.tiers.gold": 80})
    assert grader(np.array(250_000_000), policy=variant).decide(60_000_000).tier is Tier.GOLD


def test_grade_with_does_not_approve_unless_asked() -> None:
    graded = grade_with(_fresh(), Decimal("600000.00"))
    assert (graded.tier, graded.by_approval) == (Tier.GOLD, False)


def test_grade_with_echoes_the_revenue_above_the_bureau_it_refuses_grade_6() -> None:
    with pytest.raises(RuleInputError) as caught:
        grade_with(_fresh(bureau_fen=100), Decimal("1.01"))
    assert str(caught.value) == (
        "annual_revenue: must not exceed the bureau's annual revenue 1.00 (got 1.01) [GRADE-6]"
    )

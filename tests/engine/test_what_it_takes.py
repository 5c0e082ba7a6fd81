"""What it would take (还差多少): the smallest change of each input, on the bound and one fen
under."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules import Tier
from tests.conftest import exactly

AS_OF = dt.date(2026, 11, 1)
LINES = [line.value for line in kr.BusinessLine]


def gold_customer() -> kr.Customer:
    return kr.Customer(
        name="某公司",
        last_year_revenue={"express": 900_000},
        current_month_revenue={"express": 80_000},
    )


def takes(customer: kr.Customer, target: object, bureau: int, **kw: object) -> kr.WhatItTakes:
    return kr.what_it_takes(
        customer,
        target,  # type: ignore[arg-type]
        bureau_annual_revenue=bureau,
        as_of=AS_OF,
        **kw,  # type: ignore[arg-type]
    )


def tier_of(customer: kr.Customer, bureau: int) -> Tier | None:
    return kr.evaluate(customer, bureau_annual_revenue=bureau, as_of=AS_OF).tier


def test_diamond_is_the_first_revenue_bound_when_the_share_already_gives_full_points() -> None:
    """「钻石客户:90分以上(含90分)」: at 300 million the share is 3‰ at 900,000 already, so
    diamond waits for GRADE-1's 1,000,000 band (90 × 0.6 + 100 × 0.4 = 94)."""
    w = takes(gold_customer(), Tier.DIAMOND, 300_000_000)
    assert w.reachable
    assert not w.reached
    assert [c.field for c in w.changes] == [f"last_year_revenue.{line}" for line in LINES]
    express = w.changes[LINES.index("express")]
    assert (express.by, express.to, express.rule) == (
        Decimal("100000.00"),
        Decimal("1000000.00"),
        "GRADE-4",
    )
    assert str(w.explanation).splitlines()[:3] == [
        "GRADE-4: now gold, annual revenue 900,000.00",
        "GRADE-4: diamond or above is first reached at annual revenue 1,000,000.00: "
        "90 revenue points, 100 share points, score 94.0",
        "GRADE-4: last_year_revenue.savings_remittance +100,000.00 → 100,000.00 reaches "
        "diamond or above; one fen less does not",
    ]
    assert w.explanation.steps[2].text_zh == (
        "last_year_revenue.savings_remittance增加100,000.00至100,000.00即达到钻石客户及以上；"
        "少一分钱则不能"
    )
    on = kr.Customer(name="某公司", last_year_revenue={"express": "1000000.00"})
    under = kr.Customer(name="某公司", last_year_revenue={"express": "999999.99"})
    assert kr.grade(on.annual_revenue, 300_000_000).tier is Tier.DIAMOND
    assert kr.grade(under.annual_revenue, 300_000_000).tier is Tier.GOLD


def test_the_answer_is_the_first_breakpoint_of_the_combined_score() -> None:
    """「用邮费用占全局年收入千分之三以上」: with a bureau of 1 billion, 3‰ is 3,000,000 but
    1,500,000 already scores 100 × 0.6 + 80 × 0.4 = 92 ≥ 90 (1.5‰ ≥ 1‰): the answer is the
    GRADE-1 bound where the combined score first reaches the cutoff."""
    customer = gold_customer()
    assert tier_of(customer, 1_000_000_000) is Tier.SILVER  # 0.6 × 80 + 0.4 × 60 = 72
    diamond = takes(customer, Tier.DIAMOND, 1_000_000_000).changes[LINES.index("express")]
    assert (diamond.by, diamond.to) == (Decimal("600000.00"), Decimal("1500000.00"))
    gold = takes(customer, "gold", 1_000_000_000).changes[LINES.index("express")]
    assert (gold.by, gold.to) == (Decimal("100000.00"), Decimal("1000000.00"))


def test_a_share_bound_of_the_bureau_is_answered_to_the_fen() -> None:
    """GRADE-2's bound is ⌈n·B/d⌉ fen: 3‰ of 133,333,333.37 is 400,000.00011, so 400,000.01;
    there 0.6 × 70 + 0.4 × 100 = 82 ≥ 75 (gold), one fen under 0.6 × 70 + 0.4 × 80 = 74."""
    customer = kr.Customer(
        name="某公司",
        last_year_revenue={"express": 300_000},
        current_month_revenue={"express": 30_000},
    )
    bureau = Decimal("133333333.37")
    w = kr.what_it_takes(customer, "gold", bureau_annual_revenue=bureau, as_of=AS_OF)
    express = w.changes[LINES.index("express")]
    assert (express.by, express.to) == (Decimal("100000.01"), Decimal("400000.01"))
    assert kr.grade("400000.01", bureau).tier is Tier.GOLD
    assert kr.grade("400000.00", bureau).tier is Tier.SILVER


def test_diamond_out_of_reach_for_a_small_bureau_names_the_approval() -> None:
    """「对收入无法达到要求的特殊客户,经省局大客户中心批准,可列为钻石客户」: a customer's revenue
    may not exceed the bureau's (GRADE-6), and at 800,000 the score is 0.6 × 80 + 0.4 × 100 = 88."""
    customer = kr.Customer(
        name="某公司",
        last_year_revenue={"express": 600_000},
        current_month_revenue={"express": 60_000},
    )
    w = takes(customer, Tier.DIAMOND, 800_000)
    assert (w.reachable, w.changes) == (False, ())
    assert w.reason == (
        "even at the bureau's annual revenue 800,000.00 the score is 88.0 (gold): diamond only "
        "with the provincial centre's approval"
    )
    assert w.reason_zh == (
        "即使达到全局年收入800,000.00，得分也只有88.0(黄金)：只有经省局大客户中心批准才能列为钻石客户"
    )
    assert w.explanation.steps[-1].rule == "GRADE-5"
    assert kr.grade(800_000, 800_000).tier is Tier.GOLD


def test_gold_out_of_reach_for_a_tiny_bureau_cites_grade_6() -> None:
    customer = kr.Customer(name="某公司", has_agreement=True)
    w = takes(customer, "gold", 100_000)  # 0.6 × 60 + 0.4 × 100 = 76 ≥ 75: reachable
    assert w.changes[0].to == Decimal("100000.00")
    w = takes(customer, "gold", 99_999)  # 0.6 × 0 + 0.4 × 100 = 40
    assert not w.reachable
    assert w.explanation.steps[-1].rule == "GRADE-6"
    assert w.reason == (
        "even at the bureau's annual revenue 99,999.00, the most a customer's revenue may be, "
        "the score is 40.0 (general): gold cannot be reached"
    )


def test_qualifying_by_the_comprehensive_sum() -> None:
    """「上年综合业务收入达到1万元,当月综合业务收入达到0.1万元的客户」: 8,000 last year and
    1,500 this month needs 2,000 more last year, on any line."""
    customer = kr.Customer(
        name="某公司",
        last_year_revenue={"express": 8_000},
        current_month_revenue={"express": 1_500},
    )
    w = takes(customer, "key_account", 300_000_000)
    assert [(c.field, c.by, c.rule) for c in w.changes] == [
        (f"last_year_revenue.{line}", Decimal("2000.00"), "QUAL-2") for line in LINES
    ]
    assert w.tier is None
    assert w.target == "key_account"


def test_qualifying_by_the_current_month_on_any_line() -> None:
    customer = kr.Customer(
        name="某公司", last_year_revenue={"express": 25_000}, current_month_revenue={"express": 800}
    )
    w = takes(customer, "key_account", 300_000_000)
    # QUAL-2's month sum 800 < 1,000 is nearer than QUAL-3's express 800 < 2,000
    assert [(c.field, c.by) for c in w.changes] == [
        (f"current_month_revenue.{line}", Decimal("200.00")) for line in LINES
    ]


def test_qualifying_by_one_line_s_turnover() -> None:
    """「报刊(流转额)」: the newspaper test compares turnover (QUAL-4), not revenue."""
    customer = kr.Customer(
        name="报刊客户", newspaper_turnover_last_year=19_999, newspaper_turnover_current_month=2_000
    )
    w = takes(customer, "key_account", 300_000_000)
    assert [(c.field, c.by, c.rule) for c in w.changes] == [
        ("newspaper_turnover_last_year", Decimal("1.00"), "QUAL-4")
    ]


def test_no_single_input_qualifies_a_customer_with_nothing() -> None:
    w = takes(kr.Customer(name="新客户"), "key_account", 300_000_000)
    assert not w.reachable
    assert w.explanation.steps[-1].rule == "QUAL-2"
    assert w.reason == (
        "no single input qualifies the customer: QUAL-2 needs the previous year's sum 0.00 ≥ "
        "10,000.00 and the current month's 0.00 ≥ 1,000.00, and each line's QUAL-3 test both of "
        "its amounts"
    )


def test_a_tier_already_held_needs_nothing() -> None:
    w = takes(gold_customer(), "silver", 300_000_000)
    assert (w.reached, w.reachable, w.changes) == (True, True, ())
    assert str(w.explanation).splitlines()[-1] == (
        "GRADE-4: already silver or above: nothing to change"
    )


def test_keeping_gold_gives_the_largest_fall_of_each_input() -> None:
    """Gold at 500,000 (0.6 × 80 + 0.4 × 80 = 80 ≥ 75), silver one fen under (0.6 × 70 + 32 =
    74)."""
    w = takes(gold_customer(), ("keep", "gold"), 300_000_000)
    assert w.target == "keep"
    assert w.tier is Tier.GOLD
    assert w.reachable
    assert [(c.field, c.by, c.to, c.rule) for c in w.changes] == [
        ("last_year_revenue.express", Decimal("-400000.00"), Decimal("500000.00"), "GRADE-4"),
        ("current_month_revenue.express", Decimal("-79000.00"), Decimal("1000.00"), "QUAL-2"),
    ]
    kept = kr.Customer(
        name="某公司",
        last_year_revenue={"express": "500000.00"},
        current_month_revenue={"express": 80_000},
    )
    lost = kr.Customer(
        name="某公司",
        last_year_revenue={"express": "499999.99"},
        current_month_revenue={"express": 80_000},
    )
    assert tier_of(kept, 300_000_000) is Tier.GOLD
    assert tier_of(lost, 300_000_000) is Tier.SILVER


def test_an_agreement_keeps_the_key_account_whatever_the_month() -> None:
    """「与邮政企业签订业务协议」 (QUAL-1): the current month may fall to zero."""
    customer = gold_customer().model_copy(update={"has_agreement": True})
    w = takes(customer, ("keep", "general"), 300_000_000)
    assert [(c.field, c.by, c.to) for c in w.changes] == [
        ("last_year_revenue.express", Decimal("-900000.00"), Decimal("0.00")),
        ("current_month_revenue.express", Decimal("-80000.00"), Decimal("0.00")),
    ]
    assert str(w.explanation).splitlines()[-1] == (
        "QUAL-1: current_month_revenue.express may fall by all of its 80,000.00 to 0.00 and "
        "stay general or above"
    )


def test_a_tier_not_held_cannot_be_kept() -> None:
    w = takes(gold_customer(), ("keep", Tier.DIAMOND), 300_000_000)
    assert (w.reached, w.reachable, w.changes) == (False, False, ())
    assert w.reason == "not diamond or above now: nothing to keep"


def test_an_evaluation_is_answered_for_its_customer() -> None:
    evaluation = kr.evaluate(gold_customer(), bureau_annual_revenue=300_000_000, as_of=AS_OF)
    assert takes(evaluation, "diamond", 300_000_000) == takes(
        gold_customer(), "diamond", 300_000_000
    )


def test_an_evaluation_under_another_policy_is_refused() -> None:
    evaluation = kr.evaluate(gold_customer(), bureau_annual_revenue=300_000_000, as_of=AS_OF)
    message = (
        "customer: is an evaluation made under another policy than the one in force on as_of "
        "(got '某公司')"
    )
    with pytest.raises(kr.RuleInputError, match=exactly(message)):
        takes(evaluation, "diamond", 300_000_000, policy="shantou")


@pytest.mark.parametrize("target", ["platinum", ("keep",), ("hold", "gold"), 3, None])
def test_a_bad_target_is_refused_by_name(target: object) -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        takes(gold_customer(), target, 300_000_000)
    assert str(caught.value).startswith(
        "target: must be 'key_account', a Tier (reach it) or ('keep', Tier) (got "
    )


def test_a_customer_that_is_not_a_record_is_refused() -> None:
    message = "customer: must be a keyaccount_rules.Customer (got {'name': 'A'})"
    with pytest.raises(kr.RuleInputError, match=exactly(message)):
        takes({"name": "A"}, "gold", 300_000_000)  # type: ignore[arg-type]


def test_a_revenue_above_the_bureau_s_is_refused() -> None:
    message = (
        "annual_revenue: must not exceed the bureau's annual revenue 800,000.00 "
        "(got 900000.00) [GRADE-6]"
    )
    with pytest.raises(kr.RuleInputError, match=exactly(message)):
        takes(gold_customer(), "diamond", 800_000)


def test_an_edition_that_classes_by_level_has_nothing_to_reach() -> None:
    with pytest.raises(kr.MissingSectionError) as caught:
        takes(gold_customer(), "key_account", 300_000_000, policy="liangshan")
    assert str(caught.value).startswith("qualification: the 'liangshan' edition has no")


def test_a_bureau_s_own_cutoff_moves_the_answer() -> None:
    policy = kr.default_policy().with_changes({"grading.tiers.gold": 87})
    # 1,000,000 scores 0.6 × 90 + 0.4 × 80 = 86 < 87; 1,500,000 scores 60 + 32 = 92
    w = takes(gold_customer(), "gold", 1_000_000_000, policy=policy)
    assert w.changes[LINES.index("express")].to == Decimal("1500000.00")
    assert takes(gold_customer(), "gold", 1_000_000_000).changes[4].to == Decimal("1000000.00")
    assert w.policy_fingerprint == policy.fingerprint

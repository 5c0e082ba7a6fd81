"""What it would take: moving an input by the answer reaches the target, one fen less does not.

Checked through ``evaluate`` (the public decision), for every edition that qualifies and
grades, random customers and random bureaus; for a fall, the answer keeps the tier and one fen
more loses it (or the input is already at zero).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules import BusinessLine, Tier

AS_OF = dt.date(2026, 11, 23)
GRADED = [name for name in kr.editions() if kr.edition(name).grading is not None]
FEN = Decimal("0.01")


@st.composite
def policies(draw: st.DrawFn) -> kr.Policy:
    """An edition that qualifies and grades, often with a bureau's own numbers: a gold cutoff,
    QUAL-2's sums and a line's thresholds (zero included: a line without business)."""
    policy = kr.edition(draw(st.sampled_from(GRADED)))
    if draw(st.booleans()):
        return policy
    line = draw(st.sampled_from(list(BusinessLine))).value
    return policy.with_changes(
        {
            "grading.tiers.gold": draw(st.sampled_from([68, 72, 76, 80, 84, 88])),
            "qualification.comprehensive.last_year": draw(st.integers(0, 50_000)),
            "qualification.comprehensive.current_month": draw(st.integers(0, 5_000)),
            f"qualification.lines.{line}.last_year": draw(st.sampled_from([0, 1, 30_000])),
            f"qualification.lines.{line}.current_month": draw(st.sampled_from([0, 1, 3_000])),
        }
    )


#: Amounts near the rulebook's bounds in yuan (QUAL thresholds, GRADE-1 bands), and any.
NEAR = [1_000, 2_000, 5_000, 10_000, 12_000, 20_000, 50_000, 100_000, 300_000, 1_000_000]


def amount() -> st.SearchStrategy[Decimal]:
    near = st.sampled_from(NEAR).flatmap(
        lambda b: st.integers(min_value=-2, max_value=2).map(lambda d: Decimal(b * 100 + d) * FEN)
    )
    anywhere = st.integers(min_value=0, max_value=200_000_000).map(lambda f: Decimal(f) * FEN)
    return st.one_of(st.just(Decimal("0.00")), near, anywhere)


@st.composite
def customers(draw: st.DrawFn) -> kr.Customer:
    lines = draw(st.lists(st.sampled_from(list(BusinessLine)), max_size=3, unique=True))
    year = {line.value: draw(amount()) for line in lines}
    month = {line.value: draw(amount()) for line in lines}
    return kr.Customer(
        name="某公司",
        last_year_revenue=year,
        current_month_revenue=month,
        newspaper_turnover_last_year=draw(amount()),
        newspaper_turnover_current_month=draw(amount()),
        has_agreement=draw(st.booleans()),
    )


FIELDS = [
    *(f"last_year_revenue.{line.value}" for line in BusinessLine),
    *(f"current_month_revenue.{line.value}" for line in BusinessLine),
    "newspaper_turnover_last_year",
    "newspaper_turnover_current_month",
]
BIG = Decimal("1000000000000.00")
TARGETS = st.one_of(
    st.just("key_account"),
    st.sampled_from(list(Tier)),
    st.sampled_from(list(Tier)).map(lambda t: ("keep", t)),
)


def moved(customer: kr.Customer, field: str, to: Decimal) -> kr.Customer:
    data: dict[str, Any] = customer.model_dump()
    if "." in field:
        name, line = field.split(".")
        data[name] = {**data[name], line: to}
    else:
        data[field] = to
    return kr.Customer.model_validate(data)


def value_of(customer: kr.Customer, field: str) -> Decimal:
    if "." in field:
        name, line = field.split(".")
        amounts: dict[BusinessLine, Decimal] = getattr(customer, name)
        return amounts.get(BusinessLine(line), Decimal("0.00"))
    value: Decimal = getattr(customer, field)
    return value


def holds(customer: kr.Customer, tier: Tier | None, bureau: Decimal, policy: kr.Policy) -> bool:
    outcome = kr.evaluate(
        customer, bureau_annual_revenue=bureau, as_of=AS_OF, policy=policy, explain=False
    )
    if tier is None:
        return outcome.key_account
    return outcome.tier is not None and outcome.tier.rank >= tier.rank


@settings(deadline=None)
@given(
    policies(),
    customers(),
    TARGETS,
    st.integers(min_value=1, max_value=10**13),
)
def test_the_answer_reaches_the_target_and_one_fen_less_does_not(
    policy: kr.Policy, customer: kr.Customer, target: Any, bureau_fen: int
) -> None:
    bureau = max(Decimal(bureau_fen) * FEN, customer.annual_revenue, FEN)
    w = kr.what_it_takes(customer, target, bureau_annual_revenue=bureau, as_of=AS_OF, policy=policy)
    keep = isinstance(target, tuple)
    tier = None if target == "key_account" else Tier(target[1] if keep else target)
    assert w.reached == holds(customer, tier, bureau, policy)
    if keep:
        assert w.reachable == w.reached
    for change in w.changes:
        assert value_of(customer, change.field) + change.by == change.to
        assert holds(moved(customer, change.field, change.to), tier, bureau, policy)
        if keep:
            assert change.by <= 0
            if change.to > 0:
                assert not holds(
                    moved(customer, change.field, change.to - FEN), tier, bureau, policy
                )
        else:
            assert change.by > 0
            assert not holds(moved(customer, change.field, change.to - FEN), tier, bureau, policy)
    if not keep and not w.reached:  # an input left out cannot reach it, even moved the most
        listed = {change.field for change in w.changes}
        for field in FIELDS:
            if field not in listed:
                most = bureau - customer.annual_revenue if field.startswith("last_year") else BIG
                to = value_of(customer, field) + most
                assert not holds(moved(customer, field, to), tier, bureau, policy), field
    if not keep and not w.reachable:
        assert not w.reached
        assert w.changes == ()
        assert w.reason is not None
        assert w.explanation.steps[-1].text == w.reason


@settings(deadline=None)
@given(
    st.sampled_from(GRADED), st.integers(min_value=1, max_value=10**11), st.sampled_from(list(Tier))
)
def test_a_tier_the_bureau_caps_is_out_of_reach_even_at_the_bureau_s_revenue(
    policy: str, bureau_fen: int, tier: Tier
) -> None:
    bureau = Decimal(bureau_fen) * FEN
    customer = kr.Customer(name="某公司", has_agreement=True)
    w = kr.what_it_takes(customer, tier, bureau_annual_revenue=bureau, as_of=AS_OF, policy=policy)
    top = kr.grade(bureau, bureau, policy=policy).tier
    assert w.reachable == (top.rank >= tier.rank)
    if not w.reachable:
        rule = "GRADE-5" if tier is Tier.DIAMOND else "GRADE-6"
        assert w.explanation.steps[-1].rule == rule

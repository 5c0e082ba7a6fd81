"""Invariants of monthly pay (PAY-1..5): monotone in every input, lines add up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules import BusinessLine, Collection, PayIndicator

fractions = st.integers(0, 10_000).map(lambda n: Decimal(n) / 10_000)
amounts = st.integers(0, 10**11).map(lambda cents: Decimal(cents) / 100)
qualities = st.fixed_dictionaries(dict.fromkeys(PayIndicator, fractions))
collections = st.lists(
    st.builds(Collection, st.sampled_from(list(BusinessLine)), amounts), max_size=6
)


@given(qualities, collections, st.sampled_from(list(PayIndicator)), fractions)
def test_pay_never_falls_when_one_quality_rises(
    quality: dict[PayIndicator, Decimal],
    items: list[Collection],
    indicator: PayIndicator,
    other: Decimal,
) -> None:
    low, high = sorted((quality[indicator], other))
    lower = kr.monthly_pay({**quality, indicator: low}, items)
    higher = kr.monthly_pay({**quality, indicator: high}, items)
    assert lower.performance_pay <= higher.performance_pay
    assert lower.total <= higher.total


@given(qualities, collections.filter(bool), st.data(), amounts)
def test_pay_never_falls_when_one_collection_grows(
    quality: dict[PayIndicator, Decimal],
    items: list[Collection],
    data: st.DataObject,
    other: Decimal,
) -> None:
    index = data.draw(st.integers(0, len(items) - 1))
    low, high = sorted((items[index].amount, other))
    line = items[index].line
    lower = kr.monthly_pay(quality, [*items[:index], Collection(line, low), *items[index + 1 :]])
    higher = kr.monthly_pay(quality, [*items[:index], Collection(line, high), *items[index + 1 :]])
    assert lower.marketing_reward <= higher.marketing_reward
    assert lower.total <= higher.total


@given(qualities, collections, st.builds(Collection, st.sampled_from(list(BusinessLine)), amounts))
def test_an_extra_collection_never_lowers_pay(
    quality: dict[PayIndicator, Decimal], items: list[Collection], extra: Collection
) -> None:
    assert kr.monthly_pay(quality, items).total <= kr.monthly_pay(quality, [*items, extra]).total


@given(qualities, collections, amounts)
def test_the_lines_are_whole_fen_and_add_up_to_the_total(
    quality: dict[PayIndicator, Decimal], items: list[Collection], award: Decimal
) -> None:
    slip = kr.monthly_pay(quality, items, outstanding_award=award)
    lines = (
        slip.performance_pay,
        slip.marketing_reward,
        slip.field_allowance,
        slip.outstanding_award,
    )
    assert all(line == line.quantize(Decimal("0.01")) for line in (*lines, slip.total))
    assert sum(lines) == slip.total
    assert slip.marketing_reward == sum((a.award for a in slip.awards), Decimal(0))
    assert 0 <= slip.performance_pay <= 800


entries = st.lists(
    st.builds(
        kr.PayrollEntry,
        manager=st.text("abcdefghij", min_size=1, max_size=4),
        quality=qualities,
        collections=collections.map(tuple),
        outstanding_award=amounts,
    ),
    max_size=8,
    unique_by=lambda entry: entry.manager,
)


@given(entries)
def test_a_pay_run_reconciles_to_the_fen(items: list[kr.PayrollEntry]) -> None:
    run = kr.pay_run(items, month=date(2026, 11, 1))
    slips = [entry.payslip for entry in run.payslips]
    assert run.totals.total == sum((slip.total for slip in slips), Decimal(0))
    assert run.totals.total == (
        run.totals.performance_pay
        + run.totals.marketing_reward
        + run.totals.field_allowance
        + run.totals.outstanding_award
    )
    rows = run.rows()
    assert sum(Decimal(row["total"]) for row in rows) == run.totals.total
    assert [row["manager"] for row in rows] == [entry.manager for entry in items]

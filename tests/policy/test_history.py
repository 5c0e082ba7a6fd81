"""Policy history: the policy in force on a date, and evaluate() under a history."""

from __future__ import annotations

import datetime as dt

import pytest

import keyaccount_rules as kr
from keyaccount_rules.policy.history import PolicyHistory

START_2025 = dt.date(2025, 1, 1)
START_2026 = dt.date(2026, 7, 1)


@pytest.fixture(scope="module")
def old() -> kr.Policy:
    return kr.default_policy().with_changes({"effective_from": START_2025, "version": "2025.1"})


@pytest.fixture(scope="module")
def new(old: kr.Policy) -> kr.Policy:
    return old.with_changes(
        {"effective_from": START_2026, "version": "2026.2", "grading.tiers.gold": 87}
    )


@pytest.fixture(scope="module")
def history(old: kr.Policy, new: kr.Policy) -> PolicyHistory:
    return PolicyHistory([new, old])  # any order


@pytest.mark.parametrize(
    ("day", "version"),
    [
        pytest.param(START_2025, "2025.1", id="first-policy-on-its-first-day"),
        pytest.param(START_2026 - dt.timedelta(days=1), "2025.1", id="day-before-the-new-policy"),
        pytest.param(START_2026, "2026.2", id="new-policy-on-its-first-day"),
        pytest.param(dt.date(2099, 12, 31), "2026.2", id="far-future"),
    ],
)
def test_the_policy_in_force_is_the_latest_started_on_or_before_the_day(
    history: PolicyHistory, day: dt.date, version: str
) -> None:
    assert history.in_force(day).version == version


def test_the_day_before_the_first_policy_has_no_policy(history: PolicyHistory) -> None:
    with pytest.raises(kr.RuleInputError, match=r"as_of: is before the first policy .*2025-01-01"):
        history.in_force(START_2025 - dt.timedelta(days=1))


@pytest.mark.parametrize("day", ["2026-07-01", dt.datetime(2026, 7, 1), None])
def test_a_day_that_is_not_a_date_is_rejected(history: PolicyHistory, day: object) -> None:
    with pytest.raises(kr.RuleInputError, match=r"as_of: must be a datetime\.date"):
        history.in_force(day)  # type: ignore[arg-type]


def test_a_history_lists_its_policies_oldest_first(
    history: PolicyHistory, old: kr.Policy, new: kr.Policy
) -> None:
    assert history.policies == (old, new)
    assert list(history) == [old, new]
    assert len(history) == 2
    assert (
        repr(history)
        == "PolicyHistory(combined 2025.1 from 2025-01-01, combined 2026.2 from 2026-07-01)"
    )


def test_a_policy_without_effective_from_cannot_join_a_history() -> None:
    with pytest.raises(kr.PolicyError, match=r"policies\.0\.effective_from: missing"):
        PolicyHistory([kr.default_policy()])


def test_two_policies_starting_on_the_same_day_are_rejected(old: kr.Policy) -> None:
    twin = old.with_changes({"version": "2025.1b"})
    with pytest.raises(
        kr.PolicyError, match=r"combined 2025\.1 and combined 2025\.1b both start on 2025-01-01"
    ):
        PolicyHistory([old, twin])


@pytest.mark.parametrize(
    ("policies", "message"),
    [
        pytest.param([], "at least one policy", id="empty"),
        pytest.param(["rulebook"], r"policies\.0: must be a Policy \(got str\)", id="not-a-policy"),
        pytest.param(5, "must be an iterable of Policy", id="not-iterable"),
    ],
)
def test_a_malformed_history_is_a_policy_error(policies: object, message: str) -> None:
    with pytest.raises(kr.PolicyError, match=message):
        PolicyHistory(policies)  # type: ignore[arg-type]


def _gold_candidate() -> kr.Customer:
    # score 0.6 × 90 + 0.4 × 80 = 86: gold under a cutoff of 75, silver under 87.
    return kr.Customer(
        name="候选",
        last_year_revenue={"express": 1_000_000},
        current_month_revenue={"express": 90_000},
    )


@pytest.mark.parametrize(
    ("as_of", "tier"),
    [
        pytest.param(START_2026 - dt.timedelta(days=1), kr.Tier.GOLD, id="day-before"),
        pytest.param(START_2026, kr.Tier.SILVER, id="first-day"),
    ],
)
def test_evaluate_with_a_history_applies_the_policy_in_force_on_as_of(
    history: PolicyHistory, as_of: dt.date, tier: kr.Tier
) -> None:
    result = kr.evaluate(
        _gold_candidate(), bureau_annual_revenue=1_000_000_000, as_of=as_of, policy=history
    )
    assert result.tier is tier


def test_evaluate_before_the_history_begins_is_an_error(history: PolicyHistory) -> None:
    with pytest.raises(kr.RuleInputError, match="before the first policy"):
        kr.evaluate(
            _gold_candidate(),
            bureau_annual_revenue=1_000_000_000,
            as_of=dt.date(2024, 12, 31),
            policy=history,
        )


def test_evaluate_checks_the_bureau_revenue_even_for_a_customer_that_does_not_qualify() -> None:
    small = kr.Customer(name="小")
    with pytest.raises(kr.RuleInputError, match="bureau_annual_revenue: must be positive"):
        kr.evaluate(small, bureau_annual_revenue=0, as_of=START_2026)
    with pytest.raises(kr.RuleInputError, match="bureau_annual_revenue: must be a decimal"):
        kr.evaluate(small, bureau_annual_revenue="lots", as_of=START_2026)
    with pytest.raises(kr.RuleInputError, match="special_diamond_approval: must be True or False"):
        kr.evaluate(
            small,
            bureau_annual_revenue=1,
            as_of=START_2026,
            special_diamond_approval="yes",  # type: ignore[arg-type]
        )

"""Policy lint: every inconsistency is reported at once, with dotted path and rule ID."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import keyaccount_rules as kr


def _problems(changes: dict[str, Any]) -> list[str]:
    data = kr.default_policy().model_dump(mode="python")
    for path, value in changes.items():
        node: Any = data
        *parents, last = path.split(".")
        for part in parents:
            node = node[int(part)] if isinstance(node, list | tuple) else _key(node, part)
        if isinstance(node, dict):
            node[_key_name(node, last)] = value
        else:
            node[int(last)] = value
    return [str(problem) for problem in kr.check_policy(_lists(data))]


def _key_name(node: dict[Any, Any], part: str) -> Any:
    return next((k for k in node if str(k) == part), part)


def _key(node: dict[Any, Any], part: str) -> Any:
    key = _key_name(node, part)
    if isinstance(node[key], tuple):
        node[key] = list(node[key])
    return node[key]


def _lists(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _lists(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_lists(v) for v in data]
    return data


def test_the_default_policy_has_no_problems() -> None:
    assert kr.default_policy().problems() == []


def test_the_default_achievable_scores_are_the_sums_of_weighted_points() -> None:
    scores = kr.default_policy().grading.achievable_scores()
    assert len(scores) == 28  # distinct sums of 0.6 × {100..60, 0} + 0.4 × {100..40, 0}
    assert min(scores) == 0
    assert max(scores) == 100
    assert Decimal(90) not in scores
    assert Decimal(92) in scores


def test_a_tier_whose_score_interval_holds_no_achievable_score_is_unreachable() -> None:
    # gold [89, 90): the achievable scores nearest are 88 and 92 → no gold customer possible.
    problems = _problems({"grading.tiers.gold": Decimal(89)})
    assert problems == [
        "grading.tiers.gold: unreachable tier: no achievable score lies in [89, 90); "
        "achievable scores: "
        + ", ".join(str(s) for s in sorted(kr.default_policy().grading.achievable_scores()))
        + " [GRADE-4]"
    ]


def test_a_diamond_cutoff_above_the_best_score_is_reported_once() -> None:
    problems = _problems({"grading.tiers.diamond": Decimal(101)})
    assert problems == [
        "grading.tiers.diamond: unreachable: cutoff 101 is above the highest possible score "
        "100.0 [GRADE-4]"
    ]


def test_a_diamond_cutoff_between_the_top_scores_is_reachable_on_the_top_score() -> None:
    assert _problems({"grading.tiers.diamond": Decimal(99)}) == []


def test_no_general_customer_possible_is_reported_on_the_silver_cutoff() -> None:
    problems = _problems(
        {
            "grading.revenue.below_points": 50,
            "grading.share.below_points": 30,
            "grading.tiers.silver": Decimal(42),
        }
    )
    assert any(
        p.startswith("grading.tiers.silver: unreachable tier: no achievable score is below 42")
        for p in problems
    ), problems


def test_revenue_below_the_bands_pairs_only_with_no_share_when_the_lowest_band_is_a_fen() -> None:
    grading = kr.default_policy().with_changes({"grading.revenue.bands.4.min": "0.01"}).grading
    assert Decimal(16) not in grading.achievable_scores()  # 0 revenue points with 40 share points
    assert Decimal(0) in grading.achievable_scores()


def test_overlapping_bands_and_misplaced_cells_are_all_reported_at_once() -> None:
    data = kr.default_policy().model_dump(mode="python")
    data["grading"]["revenue"]["bands"][1]["min"] = Decimal(1_500_000)
    data["responsibility"]["cell_rules"]["silver.regional"] = "gap one"
    data["visits"]["cell_rules"]["diamond.national"] = "G-2"
    problems = [str(p) for p in kr.check_policy(data)]
    assert problems == [
        "grading.revenue.bands.1.min: bands must be strictly descending: 1500000 is not below "
        "1500000 of bands.0 (overlapping bands) [GRADE-1]",
        "responsibility.cell_rules.silver.regional: must be a rule ID such as G-1 "
        "(got 'gap one') [RESP-1]",
        "visits.cell_rules.diamond.national: not a tier.scope cell (e.g. silver.regional) "
        "[VISIT-1]",
    ]


def test_a_cell_rule_for_no_cell_names_its_key() -> None:
    data = kr.default_policy().model_dump(mode="python")
    data["visits"]["cell_rules"]["silver.national"] = "G-1"
    assert (
        "visits.cell_rules.silver.national: not a tier.scope cell (e.g. silver.regional) [VISIT-1]"
        in [str(p) for p in kr.check_policy(data)]
    )


def test_a_missing_tier_scope_cell_names_the_cell() -> None:
    data = kr.default_policy().model_dump(mode="python")
    del data["responsibility"]["table"][kr.Tier.SILVER][kr.Scope.REGIONAL]
    del data["visits"]["contacts_per_month"][kr.Tier.GOLD][kr.Scope.PROFESSIONAL]
    problems = [str(p) for p in kr.check_policy(data)]
    assert (
        "responsibility.table.silver.regional: no entry for this tier × scope [RESP-1]" in problems
    )
    assert (
        "visits.contacts_per_month.gold.professional: no entry for this tier × scope [VISIT-1]"
        in problems
    )


def test_delegable_tiers_without_any_delegate_is_reported() -> None:
    data = kr.default_policy().model_dump(mode="python")
    data["responsibility"]["delegates"] = []
    assert [str(p) for p in kr.check_policy(data)] == [
        "responsibility.delegates: no unit may take a delegation, but delegable_tiers is not "
        "empty [RESP-2]"
    ]


@pytest.mark.parametrize("cutoff", ["64", "66"], ids=["silver-on-score-64", "silver-on-66"])
def test_a_cutoff_moved_onto_an_achievable_score_is_consistent(cutoff: str) -> None:
    assert _problems({"grading.tiers.silver": Decimal(cutoff)}) == []

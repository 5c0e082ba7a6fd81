"""PARETO-1: prefecture-level core accounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules import BusinessLine


def test_the_shortest_prefix_reaching_80_percent_is_taken() -> None:
    volumes = {"a": {"express": 500}, "b": {"express": 300}, "c": {"express": 200}}
    assert kr.core_accounts(volumes) == {"a", "b"}


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        pytest.param("30.00", {"a", "b"}, id="on-80-percent"),
        pytest.param("29.99", {"a", "b", "c"}, id="one-fen-under-80-percent"),
    ],
)
def test_reaching_exactly_80_percent_is_enough(second: str, expected: set[str]) -> None:
    # a = 50, b = second, c = the rest of 100: a + b ≥ 80 only when b ≥ 30.
    rest = Decimal(50) - Decimal(second)
    volumes = {"a": {"bills": 50}, "b": {"bills": second}, "c": {"bills": rest}}
    assert kr.core_accounts(volumes) == expected


def test_customers_tied_at_the_cut_are_all_included() -> None:
    volumes = {"a": {"bills": 60}, "b": {"bills": 20}, "c": {"bills": 20}}
    result = kr.pareto_selection(volumes)
    cut = result.lines[list(BusinessLine).index(BusinessLine.BILLS)]
    assert cut.accounts == ("a", "b", "c")
    assert cut.ties == ("c",)
    assert "tied at the cut volume 20.00, also: c" in str(result.explanation)


def test_ties_above_the_cut_do_not_pull_in_smaller_customers() -> None:
    volumes = {"a": {"bills": 40}, "b": {"bills": 40}, "c": {"bills": 10}, "d": {"bills": 10}}
    assert kr.core_accounts(volumes) == {"a", "b"}


def test_a_line_with_no_volume_contributes_nothing() -> None:
    volumes = {"a": {"express": 100, "letters": 0}, "b": {"letters": 0}}
    result = kr.pareto_selection(volumes)
    assert result.accounts == {"a"}
    assert "letters: no volume, contributes no account" in str(result.explanation)


def test_an_empty_portfolio_has_no_core_accounts() -> None:
    assert kr.core_accounts({}) == frozenset()


def test_zero_volume_customers_are_never_core_by_volume() -> None:
    volumes = {"a": {"express": 100}, "z": {"express": 0}}
    assert kr.core_accounts(volumes) == {"a"}


def test_each_line_is_cut_on_its_own() -> None:
    volumes = {
        "big-express": {"express": 900, "bills": 1},
        "small-express": {"express": 100, "bills": 0},
        "big-bills": {"bills": 99},
    }
    assert kr.core_accounts(volumes) == {"big-express", "big-bills"}


def test_always_included_accounts_join_whatever_their_volume() -> None:
    volumes = {"a": {"express": 100}, "tax": {"express": 0}}
    result = kr.pareto_selection(volumes, always_include=["tax", "partner", "tax"])
    assert result.accounts == {"a", "tax", "partner"}
    assert result.always_included == ("tax", "partner")


def test_a_variant_share_moves_the_cut() -> None:
    volumes = {"a": {"express": 50}, "b": {"express": 30}, "c": {"express": 20}}
    variant = kr.default_policy().with_changes({"pareto.share": Decimal("0.5")})
    assert kr.core_accounts(volumes, policy=variant) == {"a"}


def test_the_explanation_states_the_cover_in_english_and_chinese() -> None:
    volumes = {"a": {"express": 500}, "b": {"express": 300}, "c": {"express": 200}}
    result = kr.pareto_selection(volumes)
    assert "express: total 1,000.00; the top 2 reach 800.00 = 80.00% ≥ 80%: a, b" in str(
        result.explanation
    )
    assert "特快：用邮量合计1,000.00" in result.explanation.render("zh")


@pytest.mark.parametrize(
    ("volumes", "field"),
    [
        pytest.param({"a": {"express": -1}}, "volumes['a'].express", id="negative"),
        pytest.param({"a": {"express": "1.001"}}, "volumes['a'].express", id="over-precise"),
        pytest.param({"a": {"stamps": 1}}, "volumes['a'] key", id="unknown-line"),
        pytest.param({"": {"express": 1}}, "volumes key", id="empty-key"),
        pytest.param({"a": [1]}, "volumes['a']", id="not-a-mapping"),
        pytest.param([("a", 1)], "volumes", id="volumes-not-a-mapping"),
    ],
)
def test_bad_volumes_are_errors_naming_the_field(volumes: object, field: str) -> None:
    with pytest.raises(kr.RuleInputError) as info:
        kr.core_accounts(volumes)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    ("always", "field"),
    [
        pytest.param("tax", "always_include", id="bare-string"),
        pytest.param(["tax", 3], "always_include[1]", id="not-a-key"),
    ],
)
def test_bad_always_include_is_an_error(always: object, field: str) -> None:
    with pytest.raises(kr.RuleInputError) as info:
        kr.core_accounts({}, always_include=always)  # type: ignore[arg-type]
    assert info.value.field == field


def test_a_share_above_one_is_rejected_by_the_policy() -> None:
    with pytest.raises(kr.PolicyError, match=r"pareto\.share"):
        kr.default_policy().with_changes({"pareto.share": Decimal("1.1")})


def test_accounts_tied_on_volume_are_ranked_by_key_whatever_the_input_order_pareto_1() -> None:
    volumes = {
        "r": {"letters": 10},
        "q": {"letters": 10},
        "p": {"letters": 10},
        "s": {"letters": 70},
    }
    letters = kr.pareto_selection(volumes).lines[2]
    assert letters.line is BusinessLine.LETTERS
    assert letters.accounts == ("s", "p", "q", "r")
    assert letters.ties == ("q", "r")


# ---------------------------------------------------------------- mutation-testing gaps


def test_a_line_no_customer_uses_decides_a_total_of_0_00_to_the_fen() -> None:
    from keyaccount_rules.rules.pareto import decide_line

    d = decide_line(
        BusinessLine.BILLS, {"a": {BusinessLine.EXPRESS: Decimal("5.00")}}, Decimal("0.8")
    )
    assert isinstance(d.total, Decimal)
    assert (str(d.total), d.taken, str(d.reached)) == ("0.00", (), "0.00")

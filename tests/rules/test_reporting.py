"""Reporting checks: FLUX-1 volume swings, FILE-1 provincial filing, REPORT-5 key customers."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest

from keyaccount_rules import (
    RuleInputError,
    Tier,
    default_policy,
    fluctuation,
    key_customers,
    provincial_filing,
    provincial_filing_list,
)


def gold(spend: object) -> dict[object, Tier]:
    """FILE-1 considers only GOLD customers: every key of ``spend`` as a gold customer."""
    return dict.fromkeys(spend, Tier.GOLD) if isinstance(spend, Mapping) else {}


@pytest.mark.parametrize(
    ("previous", "current", "change", "must"),
    [
        pytest.param(100, 130, Decimal("0.3"), False, id="up-exactly-30-percent"),
        pytest.param(100, "130.01", Decimal("0.3001"), True, id="up-one-fen-over"),
        pytest.param(100, "129.99", Decimal("0.2999"), False, id="up-one-fen-under"),
        pytest.param(100, 70, Decimal("-0.3"), False, id="down-exactly-30-percent"),
        pytest.param(100, "69.99", Decimal("-0.3001"), True, id="down-one-fen-over"),
        pytest.param(100, 100, Decimal("0"), False, id="unchanged"),
        pytest.param(100, 0, Decimal("-1"), True, id="down-to-zero"),
        pytest.param(0, 5, None, True, id="zero-to-positive-flagged"),
        pytest.param(0, 0, None, False, id="zero-to-zero-not-flagged"),
        pytest.param("0.1", "0.13", Decimal("0.3"), False, id="decimal-exactly-30-percent"),
        pytest.param(0.1, 0.13, Decimal("0.3"), False, id="float-by-repr-exact"),
    ],
)
def test_more_than_30_percent_must_be_analysed(previous, current, change, must):
    result = fluctuation(previous, current)
    assert result.change == change
    assert result.must_analyse is must


def test_a_repeating_ratio_is_compared_exactly():
    # 3 → 3.9 is exactly 30%; 3 → 3.9000001 is above it, though both round alike.
    assert not fluctuation(3, "3.9").must_analyse
    assert fluctuation(3, "3.9000001").must_analyse
    assert "≈33.33%" in str(fluctuation(3, 4).explanation)


@pytest.mark.parametrize(("previous", "current"), [(100, 200), (0, 5), (100, 100)])
def test_one_time_customers_are_exempt(previous, current):
    result = fluctuation(previous, current, one_time=True)
    assert not result.must_analyse
    assert "one-time customer" in str(result.explanation)


def test_the_threshold_and_zero_handling_come_from_the_policy():
    policy = default_policy().with_changes(
        {
            "schedules.fluctuation.more_than": Decimal("0.5"),
            "schedules.fluctuation.flag_from_zero": False,
        }
    )
    assert not fluctuation(100, 140, policy=policy).must_analyse
    assert fluctuation(100, 151, policy=policy).must_analyse
    assert not fluctuation(0, 10, policy=policy).must_analyse


def test_the_explanation_shows_the_formula_and_the_bound():
    result = fluctuation(200, 139)
    assert str(result.explanation) == (
        "FLUX-1: volume 200 → 139 month on month (G-10): change (139 − 200) / 200 = -30.5%, "
        "size 30.5% > 30% → must analyse the cause"
    )
    assert "超过30%" in result.explanation.render("zh")


def test_a_fall_is_a_negative_change_and_is_analysed_by_its_size():
    """FLUX-1 (002 (四)6: 「月业务量波动幅度超过30%的大客户必须分析原因」): .change is signed."""
    fall, rise = fluctuation(200, 139), fluctuation(200, 261)
    assert fall.change == Decimal("-0.305")
    assert rise.change == Decimal("0.305")
    assert fall.must_analyse
    assert rise.must_analyse
    assert not fluctuation(100, 70).must_analyse  # exactly 30% is not "more than"
    assert fluctuation(100, 70).change == Decimal("-0.3")


def test_growth_from_zero_is_flagged_with_no_change_and_cites_g10():
    """G-10: FLUX-1 compares month on month, and growth from 0 is flagged."""
    new = fluctuation(0, 5)
    assert new.change is None
    assert new.must_analyse
    assert "(G-10)" in str(new.explanation)
    assert "G-10" in new.explanation.render("zh")
    none = fluctuation(0, 0)
    assert none.change is None
    assert not none.must_analyse


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param({"previous": -1}, "previous", id="negative-previous"),
        pytest.param({"current": "-0.01"}, "current", id="negative-current"),
        pytest.param({"current": "NaN"}, "current", id="nan"),
        pytest.param({"current": float("inf")}, "current", id="inf"),
        pytest.param({"previous": "many"}, "previous", id="text"),
        pytest.param({"previous": True}, "previous", id="bool"),
        pytest.param({"one_time": "yes"}, "one_time", id="one-time-not-bool"),
    ],
)
def test_bad_volumes_name_the_field(kwargs, field):
    arguments = {"previous": 100, "current": 100, **kwargs}
    with pytest.raises(RuleInputError, match=rf"^{field}:"):
        fluctuation(**arguments)


@pytest.mark.parametrize(
    ("spend", "filed"),
    [
        pytest.param("25000", True, id="on-bound"),
        pytest.param("24999.99", False, id="one-fen-under"),
        pytest.param("300000", True, id="far-above"),
    ],
)
def test_monthly_average_of_25000_is_filed(spend, filed):
    # Ten bigger customers keep the test customer out of the top 10.
    spends = {f"big{i}": 1_000_000 for i in range(10)} | {"x": spend}
    assert ("x" in provincial_filing(spends, tiers=gold(spends))) is filed


def test_the_top_10_are_filed_even_below_the_amount():
    spends = {f"c{i:02d}": 100 + i for i in range(12)}
    assert provincial_filing(spends, tiers=gold(spends)) == {f"c{i:02d}" for i in range(2, 12)}


def test_ties_at_10th_place_are_all_filed():
    spends = {f"c{i:02d}": 1000 - i for i in range(9)} | {"t1": 500, "t2": 500, "t3": 500, "low": 1}
    filed = provincial_filing(spends, tiers=gold(spends))
    assert {"t1", "t2", "t3"} <= filed
    assert "low" not in filed
    assert len(filed) == 12


def test_a_tie_above_10th_place_does_not_widen_the_list():
    spends = {"a": 900, "b": 900} | {f"c{i}": 800 - i for i in range(9)}
    filed = provincial_filing(spends, tiers=gold(spends))
    assert filed == {"a", "b"} | {f"c{i}" for i in range(8)}


def test_fewer_than_ten_customers_are_all_filed():
    two = {"a": 0, "b": 1}
    assert provincial_filing(two, tiers=gold(two)) == {"a", "b"}
    assert provincial_filing({}, tiers={}) == frozenset()


def test_the_filing_list_gives_the_reason_of_each():
    spend = {f"c{i:02d}": 30000 + i for i in range(11)} | {"small": 10}
    result = provincial_filing_list(spend, tiers=gold(spend))
    assert result.by_amount == {f"c{i:02d}" for i in range(11)}
    assert "small" not in result.keys
    assert result.explanation.rules == ("FILE-1",)
    assert "25,000.00" in str(result.explanation)


def test_only_gold_customers_are_filed_and_the_top_10_is_among_them():
    """FILE-1 sits under 黄金客户 (002 (五)2(2)): 「对月均用邮业务费用支出2.5万元(全年30万元)
    以上或月均用邮业务费用支出前10名的用户资料,报省局市场部备案」. The old code filed any customer:
    a diamond spending 90,000 a month and a silver at 30,000 were filed."""
    spend = {"diamond": 90000, "silver": 30000} | {f"g{i:02d}": 100 + i for i in range(11)}
    tiers = {"diamond": "diamond", "silver": Tier.SILVER} | gold(
        {f"g{i:02d}": 0 for i in range(11)}
    )
    result = provincial_filing_list(spend, tiers=tiers)
    assert "diamond" not in result.keys
    assert "silver" not in result.keys
    # the top 10 among the eleven gold customers: g01..g10
    assert result.keys == {f"g{i:02d}" for i in range(1, 11)}
    assert "only gold customers" in str(result.explanation)
    assert "黄金客户" in result.explanation.render("zh")


def test_a_customer_missing_from_tiers_is_named():
    with pytest.raises(RuleInputError, match=r"^tiers\['b'\]: missing.*\[FILE-1\]"):
        provincial_filing({"a": 1, "b": 2}, tiers={"a": "gold"})


def test_an_unknown_tier_is_named():
    with pytest.raises(RuleInputError, match=r"^tiers\['a'\]:.*\[FILE-1\]"):
        provincial_filing({"a": 1}, tiers={"a": "platinum"})


def test_tiers_is_required_by_keyword():
    with pytest.raises(TypeError):
        provincial_filing({"a": 1})  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("spend", "field"),
    [
        pytest.param({"a": -1}, r"monthly_average_spend\['a'\]", id="negative"),
        pytest.param({"a": "0.001"}, r"monthly_average_spend\['a'\]", id="sub-fen"),
        pytest.param({"": 1}, "monthly_average_spend", id="empty-key"),
        pytest.param([("a", 1)], "monthly_average_spend", id="not-a-mapping"),
    ],
)
def test_bad_filing_input_names_the_field(spend, field):
    with pytest.raises(RuleInputError, match=rf"^{field}:"):
        provincial_filing(spend, tiers=gold(spend))


def test_key_customers_are_silver_and_above_or_top_10_by_revenue():
    revenue = {f"g{i:02d}": 1000 + i for i in range(12)} | {"s": 1, "d": 2, "gen": 3}
    tiers = {f"g{i:02d}": "general" for i in range(12)} | {
        "s": "silver",
        "d": "diamond",
        "gen": "general",
    }
    result = key_customers(revenue, tiers)
    assert result.by_tier == {"s", "d"}
    assert result.by_rank == {f"g{i:02d}" for i in range(2, 12)}
    assert result.keys == result.by_tier | result.by_rank
    assert "gen" not in result.keys


def test_key_customer_ties_at_10th_place_are_all_listed():
    revenue = {f"c{i}": 100 - i for i in range(9)} | {"t1": 7, "t2": 7}
    tiers = dict.fromkeys(revenue, "general")
    assert {"t1", "t2"} <= key_customers(revenue, tiers).keys


def test_key_customers_need_a_tier_and_a_revenue_for_each_key():
    with pytest.raises(RuleInputError, match=r"^tiers\['b'\]: missing"):
        key_customers({"a": 1, "b": 2}, {"a": "gold"})
    with pytest.raises(RuleInputError, match=r"^revenue\['b'\]: missing"):
        key_customers({"a": 1}, {"a": "gold", "b": "gold"})
    with pytest.raises(RuleInputError, match=r"^tiers\['a'\]: must be one of"):
        key_customers({"a": 1}, {"a": "bronze"})


def test_flux_1_a_float_volume_is_read_by_its_repr():
    result = fluctuation(0.1, 0.13)
    assert result.previous == Decimal("0.1")
    assert result.current == Decimal("0.13")
    assert result.change == Decimal("0.3")
    assert result.must_analyse is False


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (Decimal("12.5"), Decimal("12.5")),
        (7, Decimal(7)),
        (" 1,000.5 ", Decimal("1000.5")),
        (0, Decimal(0)),
    ],
)
def test_flux_1_volumes_as_decimal_int_or_text(value, amount):
    assert fluctuation(value, value).previous == amount


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, "must be a number or a decimal string, not NoneType"),
        (True, "must be an amount, not a boolean"),
        (float("inf"), "must be a finite number such as 1234.5"),
        (Decimal("NaN"), "must be a finite number such as 1234.5"),
        ("", "must not be empty"),
        (Decimal("-0.001"), "must not be negative"),
        (-0.5, "must not be negative"),
    ],
)
def test_flux_1_rejects_a_bad_volume_naming_the_field_and_rule(value, problem):
    with pytest.raises(RuleInputError) as err:
        fluctuation(1, value)
    assert (err.value.field, err.value.rule, err.value.problem) == ("current", "FLUX-1", problem)


@pytest.mark.parametrize(
    ("previous", "current", "shown"),
    [
        (100, 130, "= 30%"),
        (10, 13, "= 30%"),
        (1000, 1003, "= 0.3%"),
        (10000, 10003, "= 0.03%"),
        (100000, 100003, "= 0.003%"),
        (1000000, 1000003, "= 0.0003%"),
        (10000000, 10000003, " ≈0.00%"),
        (3, 2, " ≈33.33%"),
        (6, 5, " ≈16.67%"),
    ],
)
def test_flux_1_the_change_is_shown_exactly_up_to_four_decimals_of_a_percent(
    previous, current, shown
):
    text = fluctuation(previous, current).explanation.steps[0].text
    assert f"{shown}," in text or f"{shown} " in text  # the signed change, or its size


def test_flux_1_one_time_must_be_a_bool():
    for value in (1, 0, "true", None):
        with pytest.raises(RuleInputError) as err:
            fluctuation(1, 2, one_time=value)
        assert (err.value.field, err.value.rule) == ("one_time", "FLUX-1")


def test_flux_1_exactly_the_bound_is_not_more_and_a_hair_above_is():
    assert fluctuation(Decimal("1"), Decimal("1.3")).must_analyse is False
    assert fluctuation(Decimal("1"), Decimal("1.3000001")).must_analyse is True
    assert fluctuation(Decimal("1"), Decimal("0.7")).must_analyse is False
    assert fluctuation(Decimal("1"), Decimal("0.6999999")).must_analyse is True


@pytest.mark.parametrize("key", [5, "", "   ", None])
def test_file_1_keys_must_be_non_empty_strings(key):
    with pytest.raises(RuleInputError) as err:
        provincial_filing_list({key: 1}, tiers={key: "gold"})
    assert (err.value.field, err.value.rule) == ("monthly_average_spend", "FILE-1")
    assert err.value.problem == "keys must be non-empty strings"


def test_file_1_fewer_customers_than_the_top_are_all_ranked():
    result = provincial_filing_list({"a": 3, "b": 2, "c": 1}, tiers=dict.fromkeys("abc", "gold"))
    assert result.by_rank == {"a", "b", "c"}


def test_file_1_ties_at_the_last_place_are_all_included_and_the_next_is_not():
    spend = {f"c{i}": 100 - i for i in range(9)} | {"t1": 10, "t2": 10, "x": 9}
    assert provincial_filing_list(spend, tiers=dict.fromkeys(spend, "gold")).by_rank == set(
        spend
    ) - {"x"}
    policy = default_policy().with_changes({"schedules.filing.top": 1})
    three = {"a": 5, "b": 5, "c": 4}
    ranked = provincial_filing_list(three, tiers=dict.fromkeys(three, "gold"), policy=policy)
    assert ranked.by_rank == {"a", "b"}


def test_report_5_the_tiers_error_names_the_type_of_what_was_given():
    with pytest.raises(RuleInputError) as err:
        key_customers({"a": 1}, ["gold"])
    assert err.value.field == "tiers"
    assert str(err.value) == (
        "tiers: must be a mapping of customer key → tier (got 'list') [REPORT-5]"
    )


def test_report_5_revenue_not_a_mapping_names_its_type_and_rule():
    with pytest.raises(RuleInputError) as err:
        key_customers(("a",), {})
    assert (err.value.field, err.value.rule) == ("revenue", "REPORT-5")
    assert "(got 'tuple')" in str(err.value)


def test_report_5_tier_floor_includes_the_floor_itself():
    result = key_customers(
        dict.fromkeys("dgsn", 0),
        {"d": "diamond", "g": "gold", "s": "silver", "n": "general"},
        policy=default_policy().with_changes({"schedules.key_customers.top": 0}),
    )
    assert result.by_tier == {"d", "g", "s"}
    assert result.by_rank == frozenset()


@pytest.mark.parametrize("current", [Decimal("0.5"), 1, Decimal("0.01")])
def test_flux_1_any_new_volume_after_a_zero_month_is_flagged(current):
    result = fluctuation(0, current)
    assert result.must_analyse is True
    assert result.change is None
    assert "new volume → must analyse the cause" in result.explanation.steps[0].text


# ---------------------------------------------------------------- mutation-testing gaps


def test_a_volume_of_exactly_10_to_the_15_is_refused_and_one_fen_under_is_taken() -> None:
    with pytest.raises(RuleInputError) as caught:
        fluctuation(Decimal("1e15"), 1)
    assert (caught.value.field, caught.value.rule) == ("previous", "FLUX-1")
    assert "must be below 1,000,000,000,000,000" in caught.value.problem
    under = Decimal("999999999999999.99")
    assert fluctuation(under, under).must_analyse is False


def test_growth_from_zero_still_carries_the_policy_bound_in_its_decision() -> None:
    from fractions import Fraction

    from keyaccount_rules.rules.reporting import FluxDecision, decide_fluctuation

    d = decide_fluctuation(
        Decimal(0), Decimal(5), more_than=Decimal("0.3"), flag_from_zero=True, one_time=False
    )
    assert d == FluxDecision(Decimal(0), Decimal(5), None, Fraction(3, 10), True, False)


def test_filing_tiers_given_as_a_list_ask_for_a_mapping_citing_file_1() -> None:
    with pytest.raises(RuleInputError) as caught:
        provincial_filing_list({"a": 100}, tiers=["gold"])  # type: ignore[arg-type]
    assert str(caught.value) == (
        "tiers: must be a mapping of customer key → tier (got 'list') [FILE-1]"
    )

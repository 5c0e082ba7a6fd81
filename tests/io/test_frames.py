"""Results in a notebook: DataFrames that join back to the input and sort tiers by rank."""

from __future__ import annotations

import datetime as dt

import pytest

import keyaccount_rules as kr

pandas = pytest.importorskip("pandas")

AS_OF = dt.date(2026, 3, 1)
BUREAU = 300_000_000
CUSTOMERS = [
    kr.Customer(
        name="甲",
        customer_id="44050700012000",
        last_year_revenue={"express": 3_000_000},
        current_month_revenue={"express": 300_000},
    ),
    kr.Customer(name="乙"),
    kr.Customer(
        name="丙", last_year_revenue={"express": 900_000}, current_month_revenue={"express": 80_000}
    ),
]


def _results() -> list[kr.Evaluation]:
    return list(kr.evaluate_portfolio(CUSTOMERS, bureau_annual_revenue=BUREAU, as_of=AS_OF))


def test_a_results_frame_has_row_and_customer_id_to_join_back_to_the_input() -> None:
    frame = kr.to_dataframe(_results())
    assert list(frame.columns[:3]) == ["row", "customer_id", "name"]
    assert frame["row"].tolist() == [1, 2, 3]
    assert str(frame["row"].dtype) == "int64"
    assert frame["customer_id"].tolist()[0] == "44050700012000"
    assert frame["customer_id"].isna().tolist() == [False, True, True]


def test_tiers_are_an_ordered_category_from_general_to_diamond() -> None:
    frame = kr.to_dataframe(_results())
    tiers = frame["tier"]
    assert str(tiers.dtype) == "category"
    assert tiers.cat.ordered
    assert list(tiers.cat.categories) == ["general", "silver", "gold", "diamond"]
    assert tiers.max() == "diamond"
    assert frame.sort_values("tier")["name"].tolist()[:2] == ["丙", "甲"]


def test_an_empty_results_frame_has_the_same_dtypes() -> None:
    empty, full = kr.to_dataframe([]), kr.to_dataframe(_results())
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()


def test_a_comparison_frame_types_tiers_and_text_as_the_results_frame_does() -> None:
    variant = kr.default_policy().with_changes({"grading.tiers.diamond": 88})  # 丙 scores 88
    comparison = kr.compare(
        CUSTOMERS, kr.default_policy(), variant, bureau_annual_revenue=BUREAU, as_of=AS_OF
    )
    frame, results = kr.to_dataframe(comparison), kr.to_dataframe(_results())
    assert len(frame) == 1
    assert frame["tier_before"].dtype == frame["tier_after"].dtype == results["tier"].dtype
    assert frame["name"].dtype == frame["unit_after"].dtype == results["name"].dtype
    empty = kr.compare([], kr.default_policy(), variant, bureau_annual_revenue=BUREAU, as_of=AS_OF)
    assert kr.to_dataframe(empty).dtypes.to_dict() == frame.dtypes.to_dict()

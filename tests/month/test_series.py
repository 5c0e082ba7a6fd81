"""RevenueSeries.from_rows: a bad argument or a bad row is named."""

from __future__ import annotations

import pytest

import keyaccount_rules as kr
from keyaccount_rules.month.series import RevenueSeries
from tests.conftest import exactly


def test_rows_that_are_not_a_collection_are_named_rows() -> None:
    with pytest.raises(
        kr.RuleInputError, match=exactly("rows: must be a collection of RevenueRow rows (got 5)")
    ):
        RevenueSeries.from_rows(5)  # type: ignore[arg-type]


def test_a_row_that_is_not_a_revenue_row_is_named_revenue() -> None:
    with pytest.raises(
        kr.RuleInputError, match=exactly("revenue: must hold RevenueRow rows (got 'object')")
    ):
        RevenueSeries.from_rows([object()])  # type: ignore[list-item]

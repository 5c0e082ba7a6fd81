"""Exports (导出): results as plain rows for CSV writers, JSON and pandas DataFrames."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from keyaccount_rules.arguments import as_iterable
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.evaluation import Evaluation, Outcome
from keyaccount_rules.optional import load_pandas

__all__ = ["evaluation_row", "to_dataframe", "to_rows"]


def evaluation_row(result: Evaluation | Outcome) -> dict[str, Any]:
    """One evaluation (or its :class:`Outcome`) as a flat dict of JSON values."""
    if isinstance(result, Evaluation):
        result = result.outcome
    elif not isinstance(result, Outcome):
        raise RuleInputError("results", "must hold Evaluation results", got=type(result).__name__)
    return {
        "name": result.name,
        "key_account": result.key_account,
        "criteria": [c.value for c in result.criteria],
        "score": None if result.score is None else str(result.score),
        "tier": None if result.tier is None else result.tier.value,
        "unit": None if result.unit is None else result.unit.value,
        "contacts_per_month": result.contacts_per_month,
    }


def to_rows(results: Iterable[Evaluation]) -> list[dict[str, Any]]:
    """Evaluations as plain dicts (:func:`evaluation_row`), e.g. for a notebook or a CSV writer.

    >>> import datetime
    >>> from keyaccount_rules import Customer, evaluate
    >>> e = evaluate(Customer(name="A", last_year_revenue={"express": 25000},
    ...                       current_month_revenue={"express": 2500}),
    ...              bureau_annual_revenue=300_000_000, as_of=datetime.date(2026, 11, 23))
    >>> to_rows([e])
    [{'name': 'A', 'key_account': True, 'criteria': ['comprehensive', 'professional'], \
'score': '0.0', 'tier': 'general', 'unit': 'branch_office', 'contacts_per_month': 1}]
    """
    return [evaluation_row(result) for result in as_iterable(results, "results", what="results")]


def to_dataframe(results: Iterable[Evaluation]) -> Any:
    """Evaluations as a pandas DataFrame, one row per customer (needs the ``pandas`` extra)."""
    rows = to_rows(results)  # bad input is named before pandas is even looked for
    return load_pandas().DataFrame(rows)

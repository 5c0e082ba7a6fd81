"""Exports (导出): results as plain rows for CSV writers, JSON and pandas DataFrames."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from keyaccount_rules.arguments import as_iterable
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.evaluation import Evaluation
from keyaccount_rules.optional import load_pandas

__all__ = ["evaluation_row", "to_dataframe", "to_rows"]


#: The parts of an evaluation's JSON that a row shows (``model_dump(include=...)``).
_ROW_PARTS: dict[str, Any] = {
    "customer": {"name"},
    "key_account": True,
    "qualification": {"criteria"},
    "grading": {"score", "tier"},
    "assignment": {"unit"},
    "visits": {"contacts_per_month"},
}


def evaluation_row(result: Evaluation) -> dict[str, Any]:
    """One evaluation as a flat dict of JSON values (enum codes, decimal strings, nulls).

    The values are the evaluation's own JSON (``model_dump(mode="json")``), flattened: the
    same codes and decimal strings as ``result.model_dump_json()`` writes.
    """
    if not isinstance(result, Evaluation):
        raise RuleInputError("results", "must hold Evaluation results", got=type(result).__name__)
    data = result.model_dump(mode="json", include=_ROW_PARTS)
    grading = data["grading"] or {}
    return {
        "name": data["customer"]["name"],
        "key_account": data["key_account"],
        "criteria": data["qualification"]["criteria"],
        "score": grading.get("score"),
        "tier": grading.get("tier"),
        "unit": (data["assignment"] or {}).get("unit"),
        "contacts_per_month": (data["visits"] or {}).get("contacts_per_month"),
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

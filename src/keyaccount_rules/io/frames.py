"""DataFrames and rows (数据框): results as plain rows of JSON values and as pandas DataFrames."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from keyaccount_rules.core.arguments import as_iterable, checked, instance_of
from keyaccount_rules.core.optional import load_pandas
from keyaccount_rules.core.vocabulary import Tier
from keyaccount_rules.engine.columns import GradeTable
from keyaccount_rules.engine.comparison import Comparison, CustomerChange
from keyaccount_rules.engine.customer import Evaluation, Outcome

__all__ = ["evaluation_row", "to_dataframe", "to_rows"]

#: One result of ``to_rows``/``to_dataframe``: an :class:`Evaluation` or its :class:`Outcome`.
_RESULT = instance_of((Evaluation, Outcome), "must hold Evaluation results")


def evaluation_row(result: Evaluation | Outcome) -> dict[str, Any]:
    """One evaluation (or its :class:`Outcome`) as a flat dict of JSON values."""
    if isinstance(result, Evaluation):
        result = result.outcome
    elif not isinstance(result, Outcome):
        result = checked(_RESULT, result, "results")  # refuses it, naming the argument
    # The values are the JSON form of the evaluation's fields (enum codes, decimal strings):
    # an Outcome holds the same decisions as the Evaluation it summarises.
    return {
        "name": result.name,
        "key_account": result.key_account,
        "criteria": [c.value for c in result.criteria],
        "score": None if result.score is None else str(result.score),
        "tier": None if result.tier is None else result.tier.value,
        "unit": None if result.unit is None else result.unit.value,
        "contacts_per_month": result.contacts_per_month,
    }


def to_rows(results: Iterable[Evaluation] | GradeTable | Comparison) -> list[dict[str, Any]]:
    """Results as plain dicts of JSON values, e.g. for a notebook or a CSV writer.

    Evaluations give ``row`` (the position, from 1), ``customer_id`` (``None`` when the
    customer has none, and for an :class:`Outcome`), then :func:`evaluation_row` each; a
    :class:`GradeTable` one dict per revenue;
    a :class:`Comparison` one dict per changed customer.

    >>> import datetime
    >>> from keyaccount_rules import Customer, evaluate
    >>> e = evaluate(Customer(name="A", last_year_revenue={"express": 25000},
    ...                       current_month_revenue={"express": 2500}),
    ...              bureau_annual_revenue=300_000_000, as_of=datetime.date(2026, 11, 23))
    >>> to_rows([e])
    [{'row': 1, 'customer_id': None, 'name': 'A', 'key_account': True, \
'criteria': ['comprehensive', 'professional'], 'score': '0.0', 'tier': 'general', \
'unit': 'branch_office', 'contacts_per_month': 1}]
    """
    if isinstance(results, GradeTable | Comparison):
        return results.to_rows()
    return _frame_rows(results)


#: The columns of an evaluations frame, in order (an empty frame has them too): ``row`` and
#: ``customer_id`` join it back to the input, then :func:`evaluation_row`'s.
EVALUATION_COLUMNS = (
    "row", "customer_id",
    "name", "key_account", "criteria", "score", "tier", "unit", "contacts_per_month",
)  # fmt: skip
#: Tiers in rank order, lowest first: the categories of a frame's ordered tier column.
TIER_ORDER = tuple(tier.value for tier in sorted(Tier, key=lambda tier: tier.rank))


def _frame_rows(results: Iterable[Evaluation | Outcome]) -> list[dict[str, Any]]:
    rows = []
    for row, given in enumerate(as_iterable(results, "results", what="results"), start=1):
        result = (
            given if isinstance(given, Evaluation | Outcome) else checked(_RESULT, given, "results")
        )
        customer_id = result.customer.customer_id if isinstance(result, Evaluation) else None
        shown = None if customer_id is None else str(customer_id)
        rows.append({"row": row, "customer_id": shown, **evaluation_row(result)})
    return rows


def _typed(pandas: Any, frame: Any, tiers: tuple[str, ...], texts: tuple[str, ...]) -> Any:
    """Tier columns as the ordered category general < silver < gold < diamond (a chart keeps
    the rank, ``max()`` is the highest tier); text columns as pandas' own text dtype, whether
    the frame is empty or holds only missing values."""
    ranked = pandas.CategoricalDtype(list(TIER_ORDER), ordered=True)
    for name in tiers:
        frame[name] = frame[name].astype(ranked)
    text = pandas.Series(["text"]).dtype  # str in pandas 3, object in pandas 2
    for name in texts:
        frame[name] = frame[name].astype(text)
    return frame


def to_dataframe(results: Iterable[Evaluation] | GradeTable | Comparison) -> Any:
    """Results as a pandas DataFrame with numeric columns (needs the ``pandas`` extra).

    - evaluations (or :class:`Outcome` values): one row per customer; ``row`` (``int64``) is
      the result's position from 1 and ``customer_id`` its customer's ID (missing for an
      ``Outcome``, which holds none), to join the frame back to the input; ``score`` is
      ``float64`` (``NaN`` for a customer that is not a key account), ``contacts_per_month``
      pandas' nullable ``Int64`` (``<NA>`` likewise), ``key_account`` ``bool``, ``tier`` the
      ordered category general < silver < gold < diamond; other codes as text.
    - a :class:`GradeTable`: :meth:`GradeTable.to_dataframe` (``int64`` points, ``float64``
      score, tier codes).
    - a :class:`Comparison`: one row per changed customer; ``contacts_before``/``_after``
      nullable ``Int64``, ``position`` ``int64``, tiers and text typed as the evaluations'.

    ``score`` is a float column because scores have a handful of digits (weights times
    points): the float shows them as written and sorts, sums and plots like a number. The
    exact ``Decimal`` stays in the results (``Evaluation.grading.score``, ``GradeTable.scores``)
    and the tier column is the exact decision, never re-derived from the float.

    >>> import datetime
    >>> from keyaccount_rules import Customer, evaluate
    >>> e = evaluate(Customer(name="A", last_year_revenue={"express": 25000},
    ...                       current_month_revenue={"express": 2500}),
    ...              bureau_annual_revenue=300_000_000, as_of=datetime.date(2026, 11, 23))
    >>> frame = to_dataframe([e])
    >>> str(frame["score"].dtype), str(frame["contacts_per_month"].dtype)
    ('float64', 'Int64')
    """
    if isinstance(results, GradeTable):
        return results.to_dataframe()
    if isinstance(results, Comparison):
        rows = results.to_rows()
        pandas = load_pandas()
        frame = pandas.DataFrame(rows, columns=list(_comparison_columns()))
        frame["position"] = frame["position"].astype("int64")
        for name in ("contacts_before", "contacts_after"):
            frame[name] = frame[name].astype("Int64")
        for name in ("key_account_before", "key_account_after"):
            frame[name] = frame[name].astype(bool)
        tiers = ("tier_before", "tier_after")
        return _typed(pandas, frame, tiers, ("name", "unit_before", "unit_after"))
    rows = to_rows(results)  # bad input is named before pandas is even looked for
    pandas = load_pandas()
    frame = pandas.DataFrame(rows, columns=list(EVALUATION_COLUMNS))
    frame["row"] = frame["row"].astype("int64")
    frame["key_account"] = frame["key_account"].astype(bool)
    frame["score"] = pandas.to_numeric(frame["score"]).astype("float64")  # decimal strings
    frame["contacts_per_month"] = frame["contacts_per_month"].astype("Int64")
    return _typed(pandas, frame, ("tier",), ("customer_id", "name", "unit"))


def _comparison_columns() -> tuple[str, ...]:
    return tuple(CustomerChange.model_fields)

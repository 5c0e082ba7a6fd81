"""Columnar grading (批量分级): GRADE-1..4 for a whole column of revenues at once, exactly.

:func:`grade_many` is the fast path of :func:`keyaccount_rules.grade`: the same policy tables,
evaluated once per bureau revenue into a :class:`~keyaccount_rules.rules.grading.BandTable`
(a step function of the revenue in fen), then looked up for every customer. Money stays in
integer fen; no value passes through float.

>>> table = grade_many(["900000", "899999.99", 0], "300000000")
>>> table.revenue_points, table.share_points, table.tiers
((80, 80, 0), (100, 80, 0), (<Tier.GOLD: 'gold'>, <Tier.GOLD: 'gold'>, <Tier.GENERAL: 'general'>))
>>> table.scores
(Decimal('88.0'), Decimal('80.0'), Decimal('0.0'))
"""

from __future__ import annotations

import html
import importlib
import operator
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, Inexact, localcontext
from itertools import repeat
from typing import Any

from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.money import format_yuan, parse_yuan
from keyaccount_rules.policy import Policy
from keyaccount_rules.rules._common import resolve_policy
from keyaccount_rules.rules.grading import BandTable, bureau_table
from keyaccount_rules.vocabulary import Tier

__all__ = ["GradeTable", "grade_many", "load_pandas"]


def load_pandas() -> Any:
    """Import pandas on demand; a clear message names the extra to install when it is missing."""
    try:
        pandas = importlib.import_module("pandas")  # optional: imported only when asked for
    except ImportError as err:
        raise ImportError(
            "to_dataframe() needs pandas: pip install 'keyaccount-rules[pandas]'"
        ) from err
    return pandas


@dataclass(frozen=True, slots=True)
class GradeTable:
    """Points, scores and tiers of many revenues, as tuples aligned with the input (GRADE-1..4)."""

    revenue_points: tuple[int, ...]
    share_points: tuple[int, ...]
    scores: tuple[Decimal, ...]
    tiers: tuple[Tier, ...]

    def __len__(self) -> int:
        return len(self.tiers)

    def to_rows(self) -> list[dict[str, Any]]:
        """One plain dict per revenue: revenue_points, share_points, score, tier (its code)."""
        return [
            {
                "revenue_points": rev,
                "share_points": shr,
                "score": score,
                "tier": tier.value,
            }
            for rev, shr, score, tier in zip(
                self.revenue_points,
                self.share_points,
                self.scores,
                self.tiers,
                strict=True,
            )
        ]

    def to_dataframe(self) -> Any:
        """The table as a pandas DataFrame (needs the ``pandas`` extra)."""
        return load_pandas().DataFrame(self.to_rows())

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{name}</th>" for name in ("revenue_points", "share_points", "score", "tier")
        )
        shown = self.to_rows()[:20]
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row.values()) + "</tr>"
            for row in shown
        )
        more = f"<p>… {len(self) - len(shown)} more</p>" if len(self) > len(shown) else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _fast_index(values: Sequence[Any], table: BandTable) -> list[int] | None:
    """Band-table rows of a column of valid ints or Decimals (yuan), or ``None`` to go slow.

    Every check here only filters: a column that fails any of them is validated value by value
    by :func:`_checked_index`, which raises the error :func:`grade` would.
    """
    if not values:
        return []
    kinds = set(map(type, values))
    try:
        if kinds == {int}:
            bounds: tuple[Any, ...] = table.bounds_yuan_int
        elif kinds == {Decimal}:
            with localcontext() as context:
                context.traps[Inexact] = True
                # An exact sum keeps the smallest exponent of its terms: ≥ -2 means every
                # value has at most two decimals (fen).
                exponent = sum(values, Decimal(0)).as_tuple().exponent
            if not isinstance(exponent, int) or exponent < -2:
                return None
            bounds = table.bounds
        else:
            return None
        if min(values) < 0 or max(values) > table.bureau:  # NaN raises InvalidOperation
            return None
    except (ArithmeticError, TypeError):
        return None
    return list(map(bisect_right, repeat(bounds), values))


def _checked_index(values: Sequence[Any], table: BandTable) -> list[int]:
    """Band-table rows, validating each value; errors name ``annual_revenues[i]``."""
    index = []
    for position, value in enumerate(values):
        field = f"annual_revenues[{position}]"
        amount = parse_yuan(value, field, rule="GRADE-1")
        if amount > table.bureau:
            raise RuleInputError(
                field,
                f"must not exceed the bureau's annual revenue {format_yuan(table.bureau)}",
                got=value,
                rule="GRADE-6",
            )
        index.append(bisect_right(table.bounds, amount))
    return index


def _column(values: tuple[Any, ...], index: list[int]) -> tuple[Any, ...]:
    if len(index) == 1:
        return (values[index[0]],)
    return operator.itemgetter(*index)(values) if index else ()


def grade_many(
    annual_revenues: Iterable[object],
    bureau_annual_revenue: object,
    *,
    policy: Policy | None = None,
) -> GradeTable:
    """Grade many customers (批量分级, GRADE-1..4) against one bureau revenue, exactly like grade.

    Args:
        annual_revenues: each customer's annual revenue over all lines, yuan (``int``,
            ``Decimal``, decimal ``str``; a ``float`` through its shortest repr).
        bureau_annual_revenue: the bureau's annual revenue (全局年收入), yuan.
        policy: the policy to apply (default: the rulebook's).

    Returns:
        A :class:`GradeTable` whose tuples are aligned with ``annual_revenues``.

    Raises:
        RuleInputError: as :func:`~keyaccount_rules.grade`, naming ``annual_revenues[i]``.
    """
    grading = resolve_policy(policy).grading
    values = annual_revenues if isinstance(annual_revenues, list | tuple) else [*annual_revenues]
    table = bureau_table(grading, bureau_annual_revenue)
    index = _fast_index(values, table)
    if index is None:
        index = _checked_index(values, table)
    rows = table.rows
    return GradeTable(
        revenue_points=_column(tuple(row[0] for row in rows), index),
        share_points=_column(tuple(row[1] for row in rows), index),
        scores=_column(tuple(row[2] for row in rows), index),
        tiers=_column(tuple(row[3] for row in rows), index),
    )

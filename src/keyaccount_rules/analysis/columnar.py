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
import operator
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, Inexact, localcontext
from itertools import repeat
from typing import Any

from keyaccount_rules.arguments import as_iterable, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.money import CENT, format_yuan, parse_yuan
from keyaccount_rules.optional import load_pandas
from keyaccount_rules.policy import Policy
from keyaccount_rules.rules.grading import BandTable, bureau_table
from keyaccount_rules.vocabulary import Tier

__all__ = ["GradeTable", "grade_many"]

_ZERO = Decimal(0)


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


def _fast_index(values: Sequence[Any], table: BandTable) -> Sequence[int] | None:
    """Band-table rows of a column of valid ints or Decimals (yuan), or ``None`` to go slow.

    Every check here only filters: a column that fails any of them is validated value by value
    by :func:`_checked_index`, which raises the error :func:`grade` would. The bounds are
    bracketed by two guards, 0 and one fen above the bureau revenue, so that a negative value
    lands in slot 0 and one above the bureau's in the last slot: two checks on small ints.
    """
    if not values:
        return []
    kinds = set(map(type, values))
    try:
        if kinds == {int}:
            top: Any = int(table.bureau) + 1  # an int r exceeds the bureau ⇔ r ≥ ⌊B⌋ + 1
            bounds: tuple[Any, ...] = (0, *table.bounds_yuan_int, top)
        elif kinds == {Decimal}:
            with localcontext() as context:
                context.traps[Inexact] = True
                # An exact sum keeps the smallest exponent of its terms: ≥ -2 means every
                # value has at most two decimals (fen), so "> B" is "≥ B + 1 fen".
                exponent = sum(values, Decimal(0)).as_tuple().exponent
            if not isinstance(exponent, int) or exponent < -2:
                return None
            bounds = (_ZERO, *table.bounds, table.bureau + CENT)
        else:
            return None
        index = list(map(bisect_right, repeat(bounds), values))  # NaN raises InvalidOperation
    except (ArithmeticError, TypeError):
        return None
    if len(bounds) < 256:
        # as bytes, the guard checks are memchr scans and _columns reuses the key
        key = bytes(index)
        return None if 0 in key or len(bounds) in key else key
    if min(index) == 0 or max(index) == len(bounds):
        return None
    return index


def _checked_index(values: Sequence[Any], table: BandTable) -> list[int]:
    """Band-table rows (offset by the lower guard), validating each value; errors name
    ``annual_revenues[i]``."""
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
        index.append(bisect_right(table.bounds, amount) + 1)
    return index


def _columns(table: BandTable, index: Sequence[int]) -> list[tuple[Any, ...]]:
    """The four columns (revenue points, share points, scores, tiers) of the rows ``index``."""
    rows = (None, *table.rows)  # slot 0 is the lower guard's, never selected
    if not index:
        return [(), (), (), ()]
    if len(index) == 1:
        return [(value,) for value in rows[index[0]]]  # type: ignore[union-attr]
    pick = operator.itemgetter(*index)
    small = len(rows) <= 256 and all(0 <= r[0] <= 255 and 0 <= r[1] <= 255 for r in table.rows)
    key = (index if isinstance(index, bytes) else bytes(index)) if small else b""
    columns: list[tuple[Any, ...]] = []
    for field in range(4):
        column: tuple[Any, ...] = (0, *(row[field] for row in table.rows))
        if field < 2 and small:
            # points are small ints: translating a byte string is a C loop over the rows
            points = bytes(int(point) for point in column).ljust(256, b"\0")
            columns.append(tuple(key.translate(points)))
        else:
            columns.append(pick(column))
    return columns


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
    values = (
        annual_revenues
        if isinstance(annual_revenues, list | tuple)
        else [*as_iterable(annual_revenues, "annual_revenues", rule="GRADE-1", what="amounts")]
    )
    table = bureau_table(grading, bureau_annual_revenue)
    index = _fast_index(values, table)
    if index is None:
        index = _checked_index(values, table)
    revenue_points, share_points, scores, tiers = _columns(table, index)
    return GradeTable(
        revenue_points=revenue_points,
        share_points=share_points,
        scores=scores,
        tiers=tiers,
    )

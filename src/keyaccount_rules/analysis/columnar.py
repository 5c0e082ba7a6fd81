"""Columnar grading (批量分级): GRADE-1..4 for a whole column of revenues at once, exactly.

:func:`grade_many` decides through the same :class:`~keyaccount_rules.rules.grading.Grader`
as :func:`keyaccount_rules.grade` (one band table per policy and bureau revenue), then reads
the decisions of every customer as columns. Money stays in exact ``int``/``Decimal``; no
value passes through float.

>>> table = grade_many(["900000", "899999.99", 0], "300000000")
>>> table.revenue_points, table.share_points, table.tiers
((80, 80, 0), (100, 80, 0), (<Tier.GOLD: 'gold'>, <Tier.GOLD: 'gold'>, <Tier.GENERAL: 'general'>))
>>> table.scores
(Decimal('88.0'), Decimal('80.0'), Decimal('0.0'))
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, Inexact, localcontext
from itertools import repeat
from typing import Any

from keyaccount_rules.arguments import as_iterable
from keyaccount_rules.money import CENT, CONTEXT, exact, parse_yuan
from keyaccount_rules.optional import load_pandas
from keyaccount_rules.policy import Policy
from keyaccount_rules.rules.grading import Grader, grader
from keyaccount_rules.vocabulary import Tier

__all__ = ["GradeTable", "grade_many"]

_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class GradeTable:
    """Points, scores and tiers of many revenues, as tuples aligned with the input (GRADE-1..4).

    Frozen: the columns are tuples and cannot be rebound.
    """

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


def _fast_index(values: Sequence[Any], g: Grader) -> Sequence[int] | None:
    """Rows (offset by one guard) of a column of valid ints or Decimals, or ``None`` to go slow.

    Every check here only filters: a column that fails any of them is validated value by value
    by :func:`_checked_index`, which raises the error :func:`grade` would. The grader's bounds
    are bracketed by two guards, 0 and one fen above the bureau revenue, so that a negative
    value lands in slot 0 and one above the bureau's in the last slot: two checks on small ints.
    """
    if not values:
        return []
    kinds = set(map(type, values))
    try:
        if kinds == {int}:
            top: Any = int(g.bureau) + 1  # an int r exceeds the bureau ⇔ r ≥ ⌊B⌋ + 1
            bounds: tuple[Any, ...] = (0, *g.bounds_yuan_int, top)
        elif kinds == {Decimal}:
            with localcontext(CONTEXT) as context:
                context.traps[Inexact] = True
                # An exact sum keeps the smallest exponent of its terms: ≥ -2 means every
                # value has at most two decimals (fen), so "> B" is "≥ B + 1 fen".
                exponent = sum(values, Decimal(0)).as_tuple().exponent
            if not isinstance(exponent, int) or exponent < -2:
                return None
            bounds = (_ZERO, *g.bounds, g.bureau + CENT)
        else:
            return None
        index = list(map(bisect_right, repeat(bounds), values))  # NaN raises InvalidOperation
    except (ArithmeticError, TypeError):
        return None
    if len(bounds) < 256:
        # as bytes, the guard checks are memchr scans and Grader.columns reuses the key
        key = bytes(index)
        return None if 0 in key or len(bounds) in key else key
    if min(index) == 0 or max(index) == len(bounds):
        return None
    return index


def _checked_index(values: Sequence[Any], g: Grader) -> list[int]:
    """Rows (offset by the lower guard), validating each value; errors name
    ``annual_revenues[i]``."""
    index = []
    for position, value in enumerate(values):
        field = f"annual_revenues[{position}]"
        amount = parse_yuan(value, field, rule="GRADE-1")
        g.check(amount, value, field)
        index.append(bisect_right(g.bounds, amount) + 1)
    return index


@exact
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
    values = (
        annual_revenues
        if isinstance(annual_revenues, list | tuple)
        else [*as_iterable(annual_revenues, "annual_revenues", rule="GRADE-1", what="amounts")]
    )
    g = grader(bureau_annual_revenue, policy=policy)
    index = _fast_index(values, g)
    if index is None:
        index = _checked_index(values, g)
    columns = g.columns(index, offset=1)
    return GradeTable(
        revenue_points=columns.revenue_points,
        share_points=columns.share_points,
        scores=columns.scores,
        tiers=columns.tiers,
    )

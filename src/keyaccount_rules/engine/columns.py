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
from datetime import date
from decimal import Decimal
from itertools import repeat
from typing import Any

from keyaccount_rules.core.arguments import as_date, as_iterable
from keyaccount_rules.core.money import (
    CENT,
    Amount,
    exact,
    narrow_float_limit,
    parse_yuan,
)
from keyaccount_rules.core.optional import array_library, load_numpy, load_pandas
from keyaccount_rules.core.vocabulary import Tier
from keyaccount_rules.policy import resolve_policy
from keyaccount_rules.policy.history import PolicyGiven
from keyaccount_rules.rules.grading import GradeColumns, Grader, grader

__all__ = ["GradeTable", "grade_many"]

_ZERO = Decimal(0)


class GradeTable:
    """Points, scores and tiers of many revenues, aligned with the input (GRADE-1..4).

    Holds the :class:`~keyaccount_rules.rules.grading.Grader` and the table row of each
    revenue; the columns are read from the grader's decisions: as tuples
    (``revenue_points``, ``share_points``, ``scores``, ``tiers``, made on first access), or as
    numpy arrays (:meth:`to_numpy`). Immutable: nothing can be rebound.
    """

    __slots__ = ("_columns", "_grader", "_index", "_offset")
    _columns: GradeColumns | None
    _grader: Grader
    _index: Any
    _offset: int

    def __init__(self, grader: Grader, index: Any, *, offset: int = 0) -> None:
        object.__setattr__(self, "_grader", grader)
        object.__setattr__(self, "_index", index)  # bytes, a list, or a numpy array of rows
        object.__setattr__(self, "_offset", offset)
        object.__setattr__(self, "_columns", None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"GradeTable is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"GradeTable is immutable: cannot delete {name!r}")

    def _tuples(self) -> GradeColumns:
        columns = self._columns
        if columns is None:
            columns = self._grader.columns(self._index, offset=self._offset)
            object.__setattr__(self, "_columns", columns)  # the same value if threads race
        return columns

    @property
    def revenue_points(self) -> tuple[int, ...]:
        """GRADE-1 points of each revenue."""
        return self._tuples().revenue_points

    @property
    def share_points(self) -> tuple[int, ...]:
        """GRADE-2 points of each revenue."""
        return self._tuples().share_points

    @property
    def scores(self) -> tuple[Decimal, ...]:
        """GRADE-3 scores, exact ``Decimal``."""
        return self._tuples().scores

    @property
    def tiers(self) -> tuple[Tier, ...]:
        """GRADE-4 tiers."""
        return self._tuples().tiers

    def __len__(self) -> int:
        return len(self._index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GradeTable):
            return NotImplemented
        return self._tuples() == other._tuples()

    def __hash__(self) -> int:
        return hash(self._tuples())

    def __repr__(self) -> str:
        return f"GradeTable(<{len(self)} revenues>)"

    def to_numpy(self) -> dict[str, Any]:
        """The columns as numpy arrays (needs numpy): exact, from the grader's table.

        ``revenue_points`` and ``share_points`` are ``int64``; ``scores`` an object array of
        exact ``Decimal``; ``tiers`` an object array of :class:`Tier`.

        >>> arrays = grade_many(["900000", "899999.99"], "300000000").to_numpy()
        >>> arrays["share_points"].tolist(), arrays["scores"].tolist()
        ([100, 80], [Decimal('88.0'), Decimal('80.0')])
        """
        np = load_numpy()
        index = self._index
        rows = np.frombuffer(index, dtype=np.uint8) if isinstance(index, bytes) else index
        revenue_points, share_points, scores, tiers = self._grader.take(rows, offset=self._offset)
        return {
            "revenue_points": revenue_points,
            "share_points": share_points,
            "scores": scores,
            "tiers": tiers,
        }

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
        """The table as a pandas DataFrame (needs the ``pandas`` extra), numbers kept numeric.

        ``revenue_points`` and ``share_points`` are ``int64``; ``score`` is ``float64`` (the
        nearest double of the exact score: scores have a few digits, so it shows as written;
        the exact ``Decimal`` stays in :attr:`scores`); ``tier`` holds the tier codes.
        """
        pandas = load_pandas()
        arrays = self.to_numpy()
        return pandas.DataFrame(
            {
                "revenue_points": arrays["revenue_points"],
                "share_points": arrays["share_points"],
                "score": pandas.Series(arrays["scores"], dtype="float64"),
                "tier": [tier.value for tier in arrays["tiers"].tolist()],
            }
        )

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


#: Floats up to 2**46 yuan are a whole number of fen apart by less than a fen (2**46 itself is
#: a whole yuan): there a fen amount is the only two-decimal number rounding to its float, so it
#: is the shortest repr.
_FLOAT_EXACT_UP_TO = 2.0**46


def _array_rows(values: Any, g: Grader) -> Any:
    """Table rows of a numpy/pandas/pyarrow column, or ``None`` to validate value by value.

    Integers are yuan, times 100 in ``int64``; floats are taken at their shortest repr: a float
    ``v`` up to 2**46 is the fen amount ``c/100`` exactly when ``c = rint(100·v)`` gives back
    ``c / 100 == v`` (IEEE division is correctly rounded). Anything else (NaN, negatives,
    above the bureau, more than two decimals, decimals or text, nulls) is left to the
    value-by-value path, which raises the error :func:`grade` raises.
    """
    np = load_numpy()
    column = np.asarray(values)  # a pandas Series or pyarrow array as its numpy values
    if column.ndim != 1:
        return None
    if not len(column):
        return g.rows_of(column)  # no rows (min and max below need a value)
    kind = column.dtype.kind
    if kind in ("i", "u"):
        if column.min() < 0 or column.max() > g.bureau_fen // 100:
            return None
        fen = np.asarray(column, dtype=np.int64) * 100
    elif kind == "f":
        if column.dtype.itemsize < 8:
            # a float32 is read by its shortest repr (0.1, not 0.10000000149011612), as
            # core.money reads one, while it is fine enough to tell fen apart; a coarser one
            # goes value by value, to be refused as money refuses it
            with np.errstate(invalid="ignore"):
                if not (np.abs(column) < narrow_float_limit(column.dtype.itemsize)).all():
                    return None
            column = column.astype(str).astype(np.float64)
        column = column.astype(np.float64)
        with np.errstate(invalid="ignore"):
            if not ((column >= 0) & (column <= _FLOAT_EXACT_UP_TO)).all():
                return None  # NaN, negatives, huge values
        fen = np.rint(column * 100).astype(np.int64)
        if not (fen / 100.0 == column).all():
            return None  # more than two decimals somewhere
    else:
        return None
    if fen.max() > g.bureau_fen:
        return None
    return g.rows_of(fen)


def _fast_index(values: Sequence[Any], g: Grader) -> bytes | None:
    """Rows (offset by one guard) of a column of valid ints or Decimals, or ``None`` to go slow.

    Every check here only filters: a column that fails any of them is validated value by value
    by :func:`_checked_index`, which raises the error :func:`grade` would. The grader's bounds
    are bracketed by two guards, 0 and one fen above the bureau revenue, so that a negative
    value lands in slot 0 and one above the bureau's in the last slot: two byte scans. A
    policy has at most 100 bands a table (their points are distinct, 1 to 100), so every slot
    fits in a byte.
    """
    if not values:
        return b""
    kinds = set(map(type, values))
    try:
        if kinds == {int}:
            top: Any = int(g.bureau) + 1  # an int r exceeds the bureau ⇔ r ≥ ⌊B⌋ + 1
            bounds: tuple[Any, ...] = (0, *g.bounds_yuan_int, top)
        elif kinds == {Decimal}:
            # An exact sum keeps the smallest exponent of its terms: ≥ -2 means every value
            # has at most two decimals (fen), so "> B" is "≥ B + 1 fen". grade_many runs in
            # CONTEXT (60 digits): values up to the bureau's (below 10**15, else a guard slot
            # takes them) sum far below 10**58, so a rounded sum still has an exponent < -2.
            exponent = sum(values).as_tuple().exponent
            if not isinstance(exponent, int) or exponent < -2:
                return None
            bounds = (_ZERO, *g.bounds, g.bureau + CENT)
        else:
            return None
        # NaN raises InvalidOperation; a slot beyond 255 (not a policy's) raises ValueError
        index = bytes(map(bisect_right, repeat(bounds), values))
    except (ArithmeticError, TypeError, ValueError):
        return None
    # as bytes, the guard checks are memchr scans and Grader.columns reuses the key
    return None if 0 in index or len(bounds) in index else index


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
    annual_revenues: Iterable[Amount],
    bureau_annual_revenue: Amount,
    *,
    policy: PolicyGiven = None,
    as_of: date | None = None,
) -> GradeTable:
    """Grade many customers (批量分级, GRADE-1..4) against one bureau revenue, exactly like grade.

    Args:
        annual_revenues: each customer's annual revenue over all lines, yuan (``int``,
            ``Decimal``, decimal ``str``; a ``float`` through its shortest repr), as any
            iterable or as a numpy array, pandas Series or pyarrow array (decided by one
            ``searchsorted`` in whole fen when numpy is installed; still exact).
        bureau_annual_revenue: the bureau's annual revenue (全局年收入), yuan.
        policy: the policy to apply (default: the rulebook's), an edition's name, or a
            :class:`~keyaccount_rules.policy.history.PolicyHistory`, which needs ``as_of``.
        as_of: the date whose policy applies, as for :func:`~keyaccount_rules.grade`.

    Returns:
        A :class:`GradeTable` whose tuples are aligned with ``annual_revenues``.

    Raises:
        RuleInputError: as :func:`~keyaccount_rules.grade`, naming ``annual_revenues[i]``.
    """
    if as_of is not None:
        as_of = as_date(as_of, "as_of")
    g = grader(bureau_annual_revenue, policy=resolve_policy(policy, as_of=as_of))
    if array_library(annual_revenues) is not None:
        rows = _array_rows(annual_revenues, g)
        if rows is not None:
            return GradeTable(g, rows)
        annual_revenues = _python_values(annual_revenues)
    values = (
        annual_revenues
        if isinstance(annual_revenues, list | tuple)
        else [*as_iterable(annual_revenues, "annual_revenues", rule="GRADE-1", what="amounts")]
    )
    index: Sequence[int] | None = _fast_index(values, g)
    if index is None:
        index = _checked_index(values, g)
    return GradeTable(g, index, offset=1)


def _python_values(column: Any) -> list[Any]:
    """An array column as Python values (``None`` for a null), for value-by-value checks; a
    narrow float column's values stay numpy scalars, read by their shortest repr."""
    dtype = getattr(column, "dtype", None)
    if getattr(dtype, "kind", "") == "f" and getattr(dtype, "itemsize", 8) < 8:
        return list(column.to_numpy() if hasattr(column, "to_numpy") else column)
    to_list = getattr(column, "to_pylist", None) or column.tolist  # pyarrow, else numpy/pandas
    values: list[Any] = to_list()
    return values

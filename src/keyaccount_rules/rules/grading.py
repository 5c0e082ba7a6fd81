"""大客户分级标准: score a key account and give its tier (GRADE-1..6).

The score is 60% revenue points (GRADE-1) plus 40% share points (GRADE-2), credit weighted 0
(GRADE-3); the tier follows from the score (GRADE-4). All arithmetic is exact: amounts are
compared in whole fen and the share test cross-multiplies integers, so a share exactly on
3‰ is 3‰.

>>> g = grade("1200000", "43879110")
>>> g.revenue_points, g.share_points, g.score, g.tier.value
(90, 100, Decimal('94.0'), 'diamond')
>>> print(g.explanation)  # doctest: +NORMALIZE_WHITESPACE
GRADE-1: annual revenue 1,200,000.00 ≥ 1,000,000.00 (< 1,500,000.00) → 90 points
GRADE-2: share 1,200,000.00 / 43,879,110.00 ≈ 27.3479‰ ≥ 3‰ → 100 points
GRADE-3: score 0.6 × 90 + 0.4 × 100 + 0 × 0 = 94.0
GRADE-4: score 94.0 ≥ 90 → diamond
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from pydantic import ConfigDict, PrivateAttr, computed_field

from keyaccount_rules.arguments import resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.money import CENT, MAX_YUAN, format_yuan, parse_yuan
from keyaccount_rules.policy import Policy, default_policy
from keyaccount_rules.policy.customers import GradingPolicy
from keyaccount_rules.vocabulary import Tier

__all__ = [
    "BandTable",
    "Grading",
    "band_table",
    "grade",
    "parse_bureau_revenue",
    "revenue_points",
    "share_points",
    "tier_for_score",
]

_PERMILLE = Decimal(1000)


class Grading(Result):
    """The points, score and tier of a customer; ``explanation`` is built on first access."""

    model_config = ConfigDict(frozen=True)

    annual_revenue: Decimal
    bureau_annual_revenue: Decimal
    revenue_points: int
    share_points: int
    score: Decimal
    tier: Tier
    computed_tier: Tier
    by_approval: bool
    _grading_policy: GradingPolicy | None = PrivateAttr(default=None)

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented pattern
    @cached_property
    def explanation(self) -> Explanation:
        """The steps GRADE-1..5 took, citing the inputs and thresholds compared."""
        policy = self._grading_policy
        if policy is None:
            policy = resolve_policy(None).grading
        return _explain(self, policy)


def revenue_points(annual_revenue_cents: int, grading: GradingPolicy) -> int:
    """Points of GRADE-1 for a revenue in whole fen (bands are inclusive lower bounds, G-3)."""
    for bound, points in grading.revenue.cents_table:
        if annual_revenue_cents >= bound:
            return points
    return grading.revenue.below_points  # G-4


def share_points(annual_revenue_cents: int, bureau_cents: int, grading: GradingPolicy) -> int:
    """Points of GRADE-2: s = R / B ≥ n/d is tested as R·d ≥ n·B in integers (exact)."""
    for numerator, denominator, points, _bound in grading.share.ratio_table:
        if annual_revenue_cents * denominator >= numerator * bureau_cents:
            return points
    return grading.share.below_points  # G-4


def tier_for_score(score: Decimal, grading: GradingPolicy) -> Tier:
    """Tier of GRADE-4: the highest tier whose cutoff the score reaches ("含": inclusive)."""
    for tier, cutoff in grading.tiers.ordered():
        if score >= cutoff:
            return tier
    return Tier.GENERAL


def _score(revenue: int, share: int, grading: GradingPolicy) -> Decimal:
    weights = grading.weights
    return (
        weights.revenue * revenue + weights.share * share + weights.credit * grading.credit_points
    )


def parse_bureau_revenue(value: object) -> Decimal:
    """Validate the bureau's annual revenue (全局年收入): valid yuan and positive (GRADE-6)."""
    bureau = parse_yuan(value, "bureau_annual_revenue", rule="GRADE-6")
    if not bureau:
        raise RuleInputError("bureau_annual_revenue", "must be positive", got=value, rule="GRADE-6")
    return bureau


@dataclass(frozen=True, slots=True)
class BandTable:
    """GRADE-1..4 for one bureau revenue, as one step function of the customer's revenue in fen.

    Revenue points change only at the GRADE-1 bounds, share points only where R·d ≥ n·B
    flips, i.e. at ⌈n·B/d⌉ fen. Between two consecutive breakpoints both are constant, so the
    rule functions above, evaluated once at each interval's start, give the exact result for
    every revenue in it. ``rows[i]`` = (revenue points, share points, score, tier) of the i-th
    interval; ``bisect_right`` of a revenue in fen over ``bounds_cents`` (or in yuan over
    ``bounds``, or of whole yuan over ``bounds_yuan_int``) finds ``i``.
    """

    bureau: Decimal
    bureau_cents: int
    bounds_cents: tuple[int, ...]
    bounds: tuple[Decimal, ...]
    bounds_yuan_int: tuple[int, ...]
    rows: tuple[tuple[int, int, Decimal, Tier], ...]

    def row(self, cents: int) -> tuple[int, int, Decimal, Tier]:
        """The (revenue points, share points, score, tier) of a revenue in whole fen."""
        return self.rows[bisect_right(self.bounds_cents, cents)]


def band_table(grading: GradingPolicy, bureau_cents: int) -> BandTable:
    """Precompute GRADE-1..4 for a bureau revenue (whole fen, positive) from the policy's tables.

    >>> from keyaccount_rules import default_policy
    >>> table = band_table(default_policy().grading, 30_000_000_000)  # 300 million yuan
    >>> table.row(90_000_000)  # 900,000.00 yuan: 3‰ of the bureau exactly
    (80, 100, Decimal('88.0'), <Tier.GOLD: 'gold'>)
    >>> table.row(89_999_999)  # one fen under
    (80, 80, Decimal('80.0'), <Tier.GOLD: 'gold'>)
    """
    breaks = {bound for bound, _points in grading.revenue.cents_table}
    for numerator, denominator, _points, _bound in grading.share.ratio_table:
        breaks.add(-(-numerator * bureau_cents // denominator))  # least R with R·d ≥ n·B
    bounds = tuple(sorted(b for b in breaks if b > 0))
    rows = []
    for start in (0, *bounds):
        rev = revenue_points(start, grading)
        shr = share_points(start, bureau_cents, grading)
        score = _score(rev, shr, grading)
        rows.append((rev, shr, score, tier_for_score(score, grading)))
    return BandTable(
        bureau=Decimal(bureau_cents).scaleb(-2),
        bureau_cents=bureau_cents,
        bounds_cents=bounds,
        bounds=tuple(Decimal(b).scaleb(-2) for b in bounds),
        # For whole-yuan ints r: r ≥ b/100 ⇔ r ≥ ⌈b/100⌉, so bisecting these is exact.
        bounds_yuan_int=tuple(-(-b // 100) for b in bounds),
        rows=tuple(rows),
    )


# Band tables by (id of the grading policy, raw bureau input); each entry keeps its policy
# alive so the id cannot be reused while the entry exists.
_TABLES: dict[tuple[int, type, object], tuple[GradingPolicy, BandTable]] = {}
_TABLES_MAX = 256


def bureau_table(grading: GradingPolicy, bureau_annual_revenue: object) -> BandTable:
    """The cached :class:`BandTable` of a bureau revenue as given (validated once, GRADE-6)."""
    key: tuple[int, type, object] | None = (
        id(grading),
        type(bureau_annual_revenue),
        bureau_annual_revenue,
    )
    try:
        entry = _TABLES.get(key)  # type: ignore[arg-type]  # key is set just above
    except TypeError:  # unhashable input: validate it, no caching
        entry, key = None, None
    if entry is not None and entry[0] is grading:
        return entry[1]
    bureau = parse_bureau_revenue(bureau_annual_revenue)
    table = band_table(grading, int(bureau.scaleb(2)))
    if key is not None:  # only valid inputs get here, and parsing them is deterministic
        if len(_TABLES) >= _TABLES_MAX:
            _TABLES.clear()
        _TABLES[key] = (grading, table)
    return table


_new = object.__new__
_set = object.__setattr__
_FIELDS = frozenset(Grading.model_fields)


def _grading(revenue: Decimal, table: BandTable, approval: bool, policy: GradingPolicy) -> Grading:
    """Build a ``Grading`` from already validated values without re-validating them."""
    rev, shr, score, computed = table.rows[bisect_right(table.bounds, revenue)]
    result = _new(Grading)
    _set(
        result,
        "__dict__",
        {
            "annual_revenue": revenue,
            "bureau_annual_revenue": table.bureau,
            "revenue_points": rev,
            "share_points": shr,
            "score": score,
            "tier": Tier.DIAMOND if approval else computed,
            "computed_tier": computed,
            "by_approval": approval and computed is not Tier.DIAMOND,
            "policy_fingerprint": "",
        },
    )
    _set(result, "__pydantic_fields_set__", set(_FIELDS))
    _set(result, "__pydantic_extra__", None)
    _set(result, "__pydantic_private__", {"_grading_policy": policy})
    return result


def grade(
    annual_revenue: object,
    bureau_annual_revenue: object,
    *,
    special_diamond_approval: bool = False,
    policy: Policy | None = None,
) -> Grading:
    """Grade a key account (大客户分级, GRADE-1..6) from its annual revenue across all lines.

    Args:
        annual_revenue: the customer's annual revenue over all business lines, yuan.
        bureau_annual_revenue: the bureau's annual revenue (全局年收入), yuan.
        special_diamond_approval: the provincial centre approved listing this customer as
            DIAMOND although its revenue cannot reach the bands (GRADE-5).
        policy: the policy to apply (default: the rulebook's).

    Raises:
        RuleInputError: (a ``ValueError``) an amount that is not valid yuan, a bureau revenue
            that is not positive, or a customer revenue above the bureau's (GRADE-6).
    """
    grading = (default_policy() if policy is None else resolve_policy(policy)).grading
    revenue: Any = annual_revenue
    kind = type(revenue)
    # Fast paths for exact inputs that are already valid: a Decimal with at most two
    # decimals, or a non-negative int; everything else goes through parse_yuan.
    if kind is Decimal and revenue.is_finite() and 0 <= revenue < MAX_YUAN:
        revenue = revenue.quantize(CENT)
        if revenue != annual_revenue:
            revenue = parse_yuan(annual_revenue, "annual_revenue", rule="GRADE-1")
    elif kind is int and 0 <= revenue < MAX_YUAN:
        revenue = Decimal(revenue).quantize(CENT)
    else:
        revenue = parse_yuan(annual_revenue, "annual_revenue", rule="GRADE-1")
    table = bureau_table(grading, bureau_annual_revenue)
    if revenue > table.bureau:
        raise RuleInputError(
            "annual_revenue",
            f"must not exceed the bureau's annual revenue {format_yuan(table.bureau)}",
            got=annual_revenue,
            rule="GRADE-6",
        )
    if special_diamond_approval is not True and special_diamond_approval is not False:
        raise RuleInputError(
            "special_diamond_approval", "must be True or False", got=special_diamond_approval
        )
    return _grading(revenue, table, special_diamond_approval, grading)


def _explain(result: Grading, grading: GradingPolicy) -> Explanation:
    revenue, bureau = result.annual_revenue, result.bureau_annual_revenue
    steps = [_explain_revenue(revenue, result.revenue_points, grading)]
    steps.append(_explain_share(revenue, bureau, result.share_points, grading))
    w = grading.weights
    steps.append(
        Step(
            rule="GRADE-3",
            text=(
                f"score {w.revenue} × {result.revenue_points} + {w.share} × "
                f"{result.share_points} + {w.credit} × {grading.credit_points} = {result.score}"
            ),
            text_zh=(
                f"得分 = {w.revenue}×{result.revenue_points} + {w.share}×{result.share_points}"
                f" + {w.credit}×{grading.credit_points}(信用度) = {result.score}"
            ),
        )
    )
    steps.append(_explain_tier(result.score, result.computed_tier, grading))
    if result.by_approval:
        steps.append(
            Step(
                rule="GRADE-5",
                text=(
                    f"listed as diamond with the provincial centre's approval "
                    f"(computed tier {result.computed_tier.value}, score {result.score})"
                ),
                text_zh=(
                    f"经省局大客户中心批准列为钻石客户(计算等级{result.computed_tier.zh}，"
                    f"得分{result.score})"
                ),
            )
        )
    return Explanation(steps=tuple(steps))


def _explain_revenue(revenue: Decimal, points: int, grading: GradingPolicy) -> Step:
    bands = grading.revenue.bands
    for index, band in enumerate(bands):
        if revenue >= band.min:
            upper = f" (< {format_yuan(bands[index - 1].min)})" if index else ""
            return Step(
                rule="GRADE-1",
                text=f"annual revenue {format_yuan(revenue)} ≥ {format_yuan(band.min)}{upper}"
                f" → {points} points",
                text_zh=f"年业务收入{format_yuan(revenue)} ≥ {format_yuan(band.min)} → {points}分",
            )
    lowest = format_yuan(bands[-1].min)
    return Step(
        rule="GRADE-1",
        text=f"annual revenue {format_yuan(revenue)} < {lowest}, below every band → "
        f"{points} points (G-4)",
        text_zh=f"年业务收入{format_yuan(revenue)} < {lowest}，未达最低档 → {points}分(G-4)",
    )


def _explain_share(revenue: Decimal, bureau: Decimal, points: int, grading: GradingPolicy) -> Step:
    shown = f"{(revenue / bureau * _PERMILLE).quantize(Decimal('0.0001'))}‰"
    ratio = f"{format_yuan(revenue)} / {format_yuan(bureau)} ≈ {shown}"
    for band in grading.share.bands:
        if points == band.points:
            bound = f"{(band.min * _PERMILLE).normalize():f}‰"
            return Step(
                rule="GRADE-2",
                text=f"share {ratio} ≥ {bound} → {points} points",
                text_zh=f"收入比重 {ratio} ≥ {bound} → {points}分",
            )
    lowest = f"{(grading.share.bands[-1].min * _PERMILLE).normalize():f}‰"
    return Step(
        rule="GRADE-2",
        text=f"share {ratio} < {lowest}, below every band → {points} points (G-4)",
        text_zh=f"收入比重 {ratio} < {lowest}，未达最低档 → {points}分(G-4)",
    )


def _explain_tier(score: Decimal, tier: Tier, grading: GradingPolicy) -> Step:
    for cutoff_tier, cutoff in grading.tiers.ordered():
        if cutoff_tier is tier:
            return Step(
                rule="GRADE-4",
                text=f"score {score} ≥ {cutoff} → {tier.value}",
                text_zh=f"得分{score} ≥ {cutoff}(含) → {tier.zh}客户",
            )
    lowest = grading.tiers.silver
    return Step(
        rule="GRADE-4",
        text=f"score {score} < {lowest} → {tier.value}",
        text_zh=f"得分{score} < {lowest} → {tier.zh}客户",
    )

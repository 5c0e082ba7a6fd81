"""大客户分级标准: score a key account and give its tier (GRADE-1..6).

The score is 60% revenue points (GRADE-1) plus 40% share points (GRADE-2), credit weighted 0
(GRADE-3); the tier follows from the score (GRADE-4). All arithmetic is exact: amounts are
compared in whole fen and the share test cross-multiplies integers, so a share exactly on
3‰ is 3‰.

One :class:`Grader` per (policy, bureau revenue) owns the band table; :func:`grade`,
:func:`~keyaccount_rules.grade_many` and :func:`~keyaccount_rules.evaluate` all decide through
it. :func:`with_approval` is GRADE-5, decided here only: a customer's
:class:`GradingDecision` is its table row's :class:`GradeDecision` and the tier after any
approval, and :func:`explain_grade` explains it without deciding again.

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

import operator
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import Annotated, Any, NamedTuple

from pydantic import Field, PlainValidator, TypeAdapter

from keyaccount_rules.core.arguments import BureauRevenue, Flag, as_date, checked
from keyaccount_rules.core.catalogue import Pattern, Words, pattern, step
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.money import CONTEXT, Amount, exact, format_yuan, parse_yuan
from keyaccount_rules.core.optional import array_library, load_numpy
from keyaccount_rules.core.vocabulary import Tier
from keyaccount_rules.policy import GradingPolicy, Policy, require, resolve_policy
from keyaccount_rules.policy.history import PolicyGiven

__all__ = [
    "GradeColumns",
    "GradeDecision",
    "Grader",
    "Grading",
    "GradingDecision",
    "explain_grade",
    "grade",
    "grader",
    "grader_of",
    "revenue_band",
    "share_band",
    "tier_for_score",
    "with_approval",
]

_PERMILLE = Decimal(1000)
_SHOWN = Decimal("0.0001")
#: Bounded caches: a process grading against many bureau revenues keeps the recent ones.
_CACHE_SIZE = 1024


class Grading(Result):
    """The points, score and tier of a customer, with the steps that decided them."""

    annual_revenue: Decimal
    bureau_annual_revenue: Decimal
    revenue_points: int
    share_points: int
    score: Decimal
    tier: Tier
    computed_tier: Tier = Field(description="The tier of the score, before any GRADE-5 approval.")
    by_approval: bool
    explanation: Explanation


class GradeDecision(NamedTuple):
    """GRADE-1..4 for one interval of revenues: plain values, no text.

    ``revenue_band``/``share_band`` index the policy's bands that matched (``-1``: below
    every band, G-4); the explanation cites those bands, it never looks for them again.
    """

    revenue_points: int
    share_points: int
    score: Decimal
    tier: Tier
    revenue_band: int
    share_band: int


class GradingDecision(NamedTuple):
    """GRADE-1..5 of one customer: its row of the grader's table and the tier it is listed at.

    ``computed`` is GRADE-1..4's decision (the score and the computed tier); ``tier`` is the
    tier after GRADE-5, and ``by_approval`` says the approval changed it.
    """

    row: int
    computed: GradeDecision
    tier: Tier
    by_approval: bool

    @property
    def score(self) -> Decimal:
        """The GRADE-3 score (an approval does not change it)."""
        return self.computed.score


def with_approval(row: int, computed: GradeDecision, approved: bool) -> GradingDecision:
    """GRADE-5, its one place: with the provincial centre's approval (经省局大客户中心批准) a
    customer is listed as DIAMOND, its computed tier and score kept beside it."""
    by_approval = approved and computed.tier is not Tier.DIAMOND
    tier = Tier.DIAMOND if by_approval else computed.tier
    return GradingDecision(row, computed, tier, by_approval)


def revenue_band(revenue_fen: int, grading: GradingPolicy) -> int:
    """Index of the GRADE-1 band a revenue in whole fen reaches, ``-1`` below all (G-4).

    Bands are inclusive lower bounds, highest first (G-3: "以上" includes the bound).
    """
    for index, (bound, _points) in enumerate(grading.revenue.cents_table):
        if revenue_fen >= bound:
            return index
    return -1


def share_band(revenue_fen: int, bureau_fen: int, grading: GradingPolicy) -> int:
    """Index of the GRADE-2 band, ``-1`` below all: s = R / B ≥ n/d is tested as R·d ≥ n·B."""
    for index, (numerator, denominator, _points, _bound) in enumerate(grading.share.ratio_table):
        if revenue_fen * denominator >= numerator * bureau_fen:
            return index
    return -1


def tier_for_score(score: Decimal, grading: GradingPolicy) -> Tier:
    """Tier of GRADE-4: the highest tier whose cutoff the score reaches ("含": inclusive)."""
    for tier, cutoff in grading.tiers.ordered():
        if score >= cutoff:
            return tier
    return Tier.GENERAL


def _decision(revenue_fen: int, bureau_fen: int, grading: GradingPolicy) -> GradeDecision:
    """GRADE-1..4 of one revenue: the single definition the band table is built from."""
    rev_band = revenue_band(revenue_fen, grading)
    shr_band = share_band(revenue_fen, bureau_fen, grading)
    rev = grading.revenue.bands[rev_band].points if rev_band >= 0 else grading.revenue.below_points
    shr = grading.share.bands[shr_band].points if shr_band >= 0 else grading.share.below_points
    w = grading.weights
    # in CONTEXT: a Grader built in a caller's narrow context (then cached) must score exactly;
    # a block, not @exact, so that mutation testing still mutates this function
    with localcontext(CONTEXT):
        score = w.revenue * rev + w.share * shr + w.credit * grading.credit_points
    return GradeDecision(rev, shr, score, tier_for_score(score, grading), rev_band, shr_band)


def _whole_fen(value: object) -> int:
    if type(value) is not int or value <= 0:
        raise ValueError("must be a positive int (whole fen)")
    return value


#: A bureau's revenue in whole fen, as a :class:`Grader` is built (GRADE-6: positive).
BureauFen = Annotated[int, PlainValidator(_whole_fen)]


class GradeColumns(NamedTuple):
    """GRADE-1..4 of many revenues: four tuples aligned with the input."""

    revenue_points: tuple[int, ...]
    share_points: tuple[int, ...]
    scores: tuple[Decimal, ...]
    tiers: tuple[Tier, ...]


class Grader:
    """GRADE-1..4 for one (policy, bureau revenue) pair, as a step function of the revenue.

    Revenue points change only at the GRADE-1 bounds, share points only where R·d ≥ n·B
    flips, i.e. at ⌈n·B/d⌉ fen. Between two consecutive breakpoints the decision is constant,
    so :func:`_decision` evaluated once at each interval's start gives the exact decision for
    every revenue in it; :meth:`decide` bisects. Immutable once built; share it freely.

    >>> from keyaccount_rules import default_policy
    >>> g = Grader(default_policy(), 30_000_000_000)  # 300 million yuan, in fen
    >>> g.decide(90_000_000)[:4]  # 900,000.00 yuan: 3‰ of the bureau exactly
    (80, 100, Decimal('88.0'), <Tier.GOLD: 'gold'>)
    >>> g.decide(89_999_999)[:4]  # one fen under
    (80, 80, Decimal('80.0'), <Tier.GOLD: 'gold'>)
    """

    __slots__ = (
        "_arrays",
        "_constant_steps",
        "_rows",
        "bounds",
        "bounds_fen",
        "bounds_yuan_int",
        "bureau",
        "bureau_fen",
        "bureau_shown",
        "decisions",
        "graded",
        "policy_fingerprint",
        "section",
    )

    def __init__(self, policy: Policy, bureau_fen: int) -> None:
        bureau_fen = checked(BureauFen, bureau_fen, "bureau_fen", rule="GRADE-6")
        grading = require(policy, "grading", policy.grading)
        self.section = grading
        self.policy_fingerprint = policy.fingerprint
        self.bureau_fen = bureau_fen
        self.bureau = Decimal(bureau_fen).scaleb(-2, CONTEXT)
        breaks = {bound for bound, _points in grading.revenue.cents_table}
        for numerator, denominator, _points, _bound in grading.share.ratio_table:
            breaks.add(-(-numerator * bureau_fen // denominator))  # least R with R·d ≥ n·B
        # all ≥ 1 fen: band minima are positive (policy), and n, B, d > 0 give ⌈n·B/d⌉ ≥ 1
        self.bounds_fen: tuple[int, ...] = tuple(sorted(breaks))
        self.bounds: tuple[Decimal, ...] = tuple(
            Decimal(b).scaleb(-2, CONTEXT) for b in self.bounds_fen
        )
        # For whole-yuan ints r: r ≥ b/100 ⇔ r ≥ ⌈b/100⌉, so bisecting these is exact.
        self.bounds_yuan_int: tuple[int, ...] = tuple(-(-b // 100) for b in self.bounds_fen)
        self.decisions: tuple[GradeDecision, ...] = tuple(
            _decision(start, bureau_fen, grading) for start in (0, *self.bounds_fen)
        )
        #: Each row's GradingDecision without and with GRADE-5's approval: ``graded[approved][i]``.
        self.graded: tuple[tuple[GradingDecision, ...], ...] = tuple(
            tuple(with_approval(i, d, approved) for i, d in enumerate(self.decisions))
            for approved in (False, True)
        )
        self._constant_steps: dict[tuple[GradeDecision, bool], tuple[Step, ...]] = {}
        self.bureau_shown = format_yuan(self.bureau)
        # Rendered once per row, on first use: each row's messages with the revenue left open.
        self._rows: list[_Row | None] = [None] * len(self.decisions)
        self._arrays: tuple[Any, ...] | None = None  # numpy copies of the table, on first use

    def decide(self, revenue_fen: int) -> GradeDecision:
        """GRADE-1..4 of a revenue in whole fen (not above the bureau's; not checked here)."""
        return self.decisions[bisect_right(self.bounds_fen, revenue_fen)]

    def decide_yuan(self, revenue: Decimal) -> GradeDecision:
        """:meth:`decide` for a validated amount in yuan (at most two decimals): same table."""
        return self.decisions[bisect_right(self.bounds, revenue)]

    def row(self, index: int) -> _Row:
        """Row ``index`` of the table with its messages, rendered on first use and kept.

        Rows are immutable; two threads racing on a row build equal rows: harmless.
        """
        made = self._rows[index]
        if made is None:
            made = self._rows[index] = _row(self, self.decisions[index])
        return made

    def decide_grading(self, revenue: Decimal, approved: bool = False) -> GradingDecision:
        """GRADE-1..5 of a validated amount in yuan: one bisect into the rows
        :func:`with_approval` gave (``approved`` exactly ``True`` or ``False``)."""
        return self.graded[approved][bisect_right(self.bounds, revenue)]

    def result(self, revenue: Decimal, decision: GradingDecision) -> Grading:
        """The :class:`Grading` of a decision for ``revenue``: values and text from it.

        The row's messages, rendered from its decision once, give the text: only the revenue
        and the share are written per call.
        """
        row = self._rows[decision.row] or self.row(decision.row)
        return _wrap(revenue, self, row, decision)

    def grading(self, revenue: Decimal, approved: bool) -> Grading:
        """The :class:`Grading` of a validated revenue (GRADE-6 checked by the caller):
        :meth:`decide_grading` then :meth:`result`, written out (the per-record path)."""
        index = bisect_right(self.bounds, revenue)
        row = self._rows[index] or self.row(index)
        return _wrap(revenue, self, row, self.graded[approved][index])

    def decide_many(self, revenues_fen: Iterable[int]) -> GradeColumns:
        """:meth:`decide` of many revenues in whole fen, as four columns, from the same table.

        A numpy ``int64`` array is decided by one ``searchsorted`` over the same bounds.
        """
        if array_library(revenues_fen) == "numpy":
            return self.columns(self.rows_of(revenues_fen))
        bounds = self.bounds_fen
        return self.columns([bisect_right(bounds, fen) for fen in revenues_fen])

    def rows_of(self, revenues_fen: Any) -> Any:
        """The table rows of a numpy array of revenues in whole fen: ``bisect_right`` at C speed.

        ``searchsorted(bounds_fen, r, side="right")`` is :meth:`decide`'s ``bisect_right``
        element by element; integers are compared exactly.
        """
        table = self.arrays()
        return table[0].searchsorted(revenues_fen, side="right")

    def arrays(self) -> tuple[Any, ...]:
        """numpy copies of the table: bounds (``int64`` fen), then each decision field by row.

        Points as ``int64``; scores (``Decimal``) and tiers (:class:`Tier`) as object arrays,
        so a column taken from them is as exact as the tuples.
        """
        made = self._arrays
        if made is None:
            np = load_numpy()
            decisions = self.decisions
            made = self._arrays = (
                np.array(self.bounds_fen, dtype=np.int64),
                np.array([d.revenue_points for d in decisions], dtype=np.int64),
                np.array([d.share_points for d in decisions], dtype=np.int64),
                _objects(np, [d.score for d in decisions]),
                _objects(np, [d.tier for d in decisions]),
            )
        return made

    def take(self, index: Any, *, offset: int = 0) -> tuple[Any, ...]:
        """The four decision columns of numpy rows ``index`` (minus ``offset``), as arrays."""
        np = load_numpy()
        rows = np.asarray(index, dtype=np.intp)
        if offset:
            rows = rows - offset
        return tuple(column.take(rows) for column in self.arrays()[1:])

    def columns(self, index: Sequence[int], *, offset: int = 0) -> GradeColumns:
        """The decisions ``decisions[i - offset]`` for each ``i`` of ``index``, as columns.

        ``index`` may be ``bytes`` (each byte a row); callers bracketing the bounds with guard
        slots pass ``offset`` so that row 0 of the table is index ``offset``.
        """
        decisions = self.decisions
        if array_library(index) is not None:
            return GradeColumns(*(tuple(a.tolist()) for a in self.take(index, offset=offset)))
        if not index:
            return GradeColumns((), (), (), ())
        padded: tuple[Any, ...] = (*((None,) * offset), *decisions)
        if len(index) == 1:
            return GradeColumns(*((value,) for value in padded[index[0]][:4]))
        pick = operator.itemgetter(*index)
        # points are 0..100 (GradingPolicy), so a row's points always fit in a byte
        small = len(padded) <= 256
        key = (index if isinstance(index, bytes) else bytes(index)) if small else b""
        out: list[tuple[Any, ...]] = []
        for field in range(4):
            column = (*((0,) * offset), *(d[field] for d in decisions))
            if field < 2 and small:
                # points are small ints: translating a byte string is a C loop over the rows
                ints = (d.revenue_points if field == 0 else d.share_points for d in decisions)
                points = bytes((*((0,) * offset), *ints)).ljust(256, b"\0")
                out.append(tuple(key.translate(points)))
            else:
                out.append(pick(column))
        return GradeColumns(*out)

    def constant_steps(self, decision: GradeDecision, by_approval: bool) -> tuple[Step, ...]:
        """GRADE-3, GRADE-4 (and GRADE-5 when the approval listed the customer as DIAMOND):
        they depend on the decision only, so they are built once."""
        key = (decision, by_approval)
        steps = self._constant_steps.get(key)
        if steps is None:
            steps = _constant_steps(decision, self.section, by_approval)
            self._constant_steps[key] = steps  # same value if two threads race: harmless
        return steps

    def check(self, revenue: Decimal, given: Amount, field: str = "annual_revenue") -> None:
        """GRADE-6: a customer's revenue does not exceed the bureau's."""
        if revenue > self.bureau:
            raise RuleInputError(
                field,
                f"must not exceed the bureau's annual revenue {format_yuan(self.bureau)}",
                got=given,
                rule="GRADE-6",
            )


def _objects(np: Any, values: list[Any]) -> Any:
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


class _Key:
    """A policy in a cache key: equal by fingerprint, carrying the policy to build from."""

    __slots__ = ("fingerprint", "policy")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.fingerprint = policy.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and other.fingerprint == self.fingerprint


@lru_cache(maxsize=_CACHE_SIZE)
def _grader_by_fen(key: _Key, bureau_fen: int) -> Grader:
    return Grader(key.policy, bureau_fen)


@lru_cache(maxsize=_CACHE_SIZE)
def _grader_by_input(key: _Key, kind: Any, bureau: Any) -> Grader:
    # ``kind`` keeps 1, 1.0, True and Decimal(1) apart: each is validated on its own.
    return _grader_by_fen(key, _bureau_fen(bureau))


def _bureau_fen(bureau: Amount) -> int:
    amount: Decimal = checked(BureauRevenue, bureau, "bureau_annual_revenue", rule="GRADE-6")
    return int(amount.scaleb(2, CONTEXT))


def grader(bureau_annual_revenue: Amount, *, policy: PolicyGiven = None) -> Grader:
    """The :class:`Grader` of a bureau revenue (validated once, GRADE-6), from a bounded cache.

    >>> grader(300_000_000) is grader(300_000_000)
    True
    """
    key = _Key(resolve_policy(policy))
    try:
        kind: Any = type(bureau_annual_revenue)
        return _grader_by_input(key, kind, bureau_annual_revenue)
    except TypeError:  # an unhashable input: validate it, nothing to cache it by
        return _grader_by_fen(key, _bureau_fen(bureau_annual_revenue))


def grader_of(bureau_annual_revenue: Decimal, policy: Policy) -> Grader:
    """The :class:`Grader` of a bureau revenue already validated (a run's facts), cached.

    The same cached grader :func:`grader` gives for that amount; nothing is validated again.
    """
    return _grader_by_fen(_Key(policy), int(bureau_annual_revenue.scaleb(2, CONTEXT)))


def _permille(bound: Decimal) -> str:
    # in CONTEXT: rows are rendered lazily, possibly inside a caller's narrow decimal context
    return f"{CONTEXT.multiply(bound, _PERMILLE).normalize(CONTEXT):f}‰"


def _revenue_pattern(d: GradeDecision, grading: GradingPolicy) -> Pattern:
    bands = grading.revenue.bands
    if d.revenue_band < 0:
        return pattern(
            "GRADE-1",
            "grading.revenue_below",
            "revenue",
            lowest=format_yuan(bands[-1].min),
            points=d.revenue_points,
        )
    index = d.revenue_band
    # Notation, not words: the English step adds the band's upper bound, the Chinese step
    # states its lower bound alone.
    upper = f" (< {format_yuan(bands[index - 1].min)})" if index else ""
    return pattern(
        "GRADE-1",
        "grading.revenue",
        "revenue",
        bound=format_yuan(bands[index].min),
        upper=Words(upper, ""),
        points=d.revenue_points,
    )


def _share_pattern(d: GradeDecision, grading: GradingPolicy) -> Pattern:
    if d.share_band < 0:
        lowest = _permille(grading.share.bands[-1].min)
        return pattern(
            "GRADE-2", "grading.share_below", "ratio", lowest=lowest, points=d.share_points
        )
    bound = _permille(grading.share.bands[d.share_band].min)
    return pattern("GRADE-2", "grading.share", "ratio", bound=bound, points=d.share_points)


def _constant_steps(
    d: GradeDecision, grading: GradingPolicy, by_approval: bool
) -> tuple[Step, ...]:
    w = grading.weights
    steps = [
        step(
            "GRADE-3",
            "grading.score",
            w_revenue=w.revenue,
            revenue_points=d.revenue_points,
            w_share=w.share,
            share_points=d.share_points,
            w_credit=w.credit,
            credit_points=grading.credit_points,
            score=d.score,
        )
    ]
    cutoffs = dict(grading.tiers.ordered())
    if d.tier in cutoffs:
        steps.append(
            step("GRADE-4", "grading.tier", score=d.score, cutoff=cutoffs[d.tier], tier=d.tier)
        )
    else:
        steps.append(
            step(
                "GRADE-4",
                "grading.tier_below",
                score=d.score,
                lowest=grading.tiers.silver,
                tier=d.tier,
            )
        )
    if by_approval:
        steps.append(step("GRADE-5", "grading.approval", tier=d.tier, score=d.score))
    return tuple(steps)


class _Row(NamedTuple):
    """One interval of the table: its decision and the messages that explain it."""

    decision: GradeDecision
    revenue: Pattern  # GRADE-1 with the revenue open
    share: Pattern  # GRADE-2 with the ratio open
    steps: tuple[Step, ...]  # GRADE-3, GRADE-4


def _row(g: Grader, d: GradeDecision) -> _Row:
    return _Row(
        d, _revenue_pattern(d, g.section), _share_pattern(d, g.section), g.constant_steps(d, False)
    )


def _share_text(shown: str, revenue: Decimal, g: Grader) -> str:
    """``R / B ≈ s‰`` of GRADE-2: the share in permille, rounded half-even to 4 decimals.

    In integers: s·10⁴ = R_fen·10⁷ / B_fen, rounded half-even; the same digits as
    ``(R / B · 1000).quantize(0.0001)`` in :data:`CONTEXT` (its 60 digits cannot move a
    quotient of two amounts across a tie), at a fraction of the cost.
    """
    bureau_fen = g.bureau_fen
    tenths, rest = divmod(int(revenue.scaleb(2, CONTEXT)) * 10_000_000, bureau_fen)
    if 2 * rest > bureau_fen or (2 * rest == bureau_fen and tenths & 1):
        tenths += 1
    return f"{shown} / {g.bureau_shown} ≈ {tenths // 10_000}.{tenths % 10_000:04d}‰"


def _steps(revenue: Decimal, g: Grader, row: _Row, by_approval: bool) -> tuple[Any, ...]:
    """The data of the steps GRADE-1..5 of ``row`` for ``revenue``: only two holes filled."""
    shown = format_yuan(revenue)
    return (
        row.revenue.fill(shown),
        row.share.fill(_share_text(shown, revenue, g)),
        *(g.constant_steps(row.decision, True) if by_approval else row.steps),
    )


def explain_grade(
    decision: GradingDecision | GradeDecision,
    revenue: Decimal,
    grader: Grader,
    *,
    special_diamond_approval: bool = False,
) -> Explanation:
    """The steps GRADE-1..5 of a decision, citing the inputs and the bands it matched.

    Built from ``decision`` (its bands, points, score, tier and approval); nothing is
    compared again. A table row's :class:`GradeDecision` is first given its approval
    (``special_diamond_approval``) by :func:`with_approval`.
    """
    if not isinstance(decision, GradingDecision):
        index = grader.decisions.index(decision)
        decision = with_approval(index, decision, special_diamond_approval)
    row = grader.row(decision.row)
    return Explanation.model_validate({"steps": _steps(revenue, grader, row, decision.by_approval)})


def _revenue(value: Amount) -> Decimal:
    """The customer's annual revenue as validated yuan (GRADE-1): one money parser."""
    return parse_yuan(value, "annual_revenue", rule="GRADE-1")


#: Validates a whole Grading, its explanation's steps included, in one call.
_GRADING = TypeAdapter(Grading)


def _wrap(revenue: Decimal, g: Grader, row: _Row, decision: GradingDecision) -> Grading:
    d = row.decision
    # One validation of the whole result (steps included) through pydantic's public API.
    return _GRADING.validate_python(
        {
            "annual_revenue": revenue,
            "bureau_annual_revenue": g.bureau,
            "revenue_points": d.revenue_points,
            "share_points": d.share_points,
            "score": d.score,
            "tier": decision.tier,
            "computed_tier": d.tier,
            "by_approval": decision.by_approval,
            "explanation": {"steps": _steps(revenue, g, row, decision.by_approval)},
            "policy_fingerprint": g.policy_fingerprint,
        }
    )


def grade_with(
    grader: Grader, annual_revenue: Decimal, *, special_diamond_approval: bool = False
) -> Grading:
    """:func:`grade` with a grader in hand and a revenue already validated as yuan."""
    grader.check(annual_revenue, annual_revenue)
    return grader.grading(annual_revenue, special_diamond_approval)


@exact
def grade(
    annual_revenue: Amount,
    bureau_annual_revenue: Amount,
    *,
    special_diamond_approval: bool = False,
    policy: PolicyGiven = None,
    as_of: date | None = None,
) -> Grading:
    """Grade a key account (大客户分级, GRADE-1..6) from its annual revenue across all lines.

    Args:
        annual_revenue: the customer's annual revenue over all business lines, yuan.
        bureau_annual_revenue: the bureau's annual revenue (全局年收入), yuan.
        special_diamond_approval: the provincial centre approved listing this customer as
            DIAMOND although its revenue cannot reach the bands (GRADE-5).
        policy: the policy to apply (default: the rulebook's), an edition's name, or a
            :class:`~keyaccount_rules.policy.history.PolicyHistory`, which needs ``as_of``.
        as_of: the date whose policy applies: required with a history (a grading has no date
            of its own, so a history without one is refused), validated when given.

    Raises:
        RuleInputError: (a ``ValueError``) an amount that is not valid yuan, a bureau revenue
            that is not positive, or a customer revenue above the bureau's (GRADE-6); a bad
            ``as_of`` or ``policy``, with the message every entry point gives.

    >>> import datetime as dt
    >>> from keyaccount_rules.policy.history import PolicyHistory
    >>> from keyaccount_rules.policy import default_policy
    >>> new = default_policy().with_changes({"effective_from": dt.date(2026, 7, 1),
    ...                                      "grading.tiers.gold": 85})
    >>> grade(700_000, 300_000_000, policy=PolicyHistory([new]), as_of=dt.date(2026, 7, 1)).tier
    <Tier.SILVER: 'silver'>
    >>> grade(700_000, 300_000_000, policy=PolicyHistory([new]))
    Traceback (most recent call last):
    ...
    keyaccount_rules.RuleInputError: as_of: is required with a PolicyHistory: the policy in \
force on that date applies; pass as_of=date(2026, 11, 23), or the Policy itself
    """
    revenue = _revenue(annual_revenue)
    if as_of is not None:
        as_of = as_date(as_of, "as_of")
    if policy is not None and not isinstance(policy, Policy):  # a name or a history
        policy = resolve_policy(policy, as_of=as_of)
    g = grader(bureau_annual_revenue, policy=policy)
    g.check(revenue, annual_revenue)
    approved: bool = (
        special_diamond_approval  # exactly True or False: what Flag accepts, already
        if type(special_diamond_approval) is bool
        else checked(Flag, special_diamond_approval, "special_diamond_approval", rule="GRADE-5")
    )
    return g.grading(revenue, approved)

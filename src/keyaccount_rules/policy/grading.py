"""Policy of grading (大客户分级标准, GRADE-1..6): revenue and share bands, weights, tier cutoffs.

The numbers live in ``policy/editions/*.toml`` under ``[grading.*]``; ``rules/grading.py`` applies
them.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.core.money import CENT, exact
from keyaccount_rules.core.vocabulary import Tier
from keyaccount_rules.policy.base import PolicyDecimal, PolicyInt, PolicyProblem, Section

__all__ = [
    "GradingPolicy",
    "PointBand",
    "RevenueBands",
    "ShareBands",
    "TierCutoffs",
    "Weights",
]

_Points = Field(ge=0, le=100, description="Indicator points, 0–100.")


class PointBand(BaseModel):
    """One row of a points table: a lower bound (inclusive, G-3) and the points it earns."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min: PolicyDecimal
    points: PolicyInt = _Points


def _band_problems(
    bands: tuple[PointBand, ...], below_points: int, path: str, rule: str
) -> list[PolicyProblem]:
    """Bands must be strictly descending in bound and in points, all above ``below_points``."""
    found = []
    for index, band in enumerate(bands):
        if band.min <= 0:
            found.append(
                PolicyProblem(
                    f"{path}.bands.{index}.min", f"must be positive (got {band.min})", rule
                )
            )
        if band.points <= below_points:
            found.append(
                PolicyProblem(
                    f"{path}.bands.{index}.points",
                    f"must exceed below_points {below_points} (got {band.points})",
                    rule,
                )
            )
        if index == 0:
            continue
        previous = bands[index - 1]
        if band.min >= previous.min:
            found.append(
                PolicyProblem(
                    f"{path}.bands.{index}.min",
                    f"bands must be strictly descending: {band.min} is not below "
                    f"{previous.min} of bands.{index - 1} (overlapping bands)",
                    rule,
                )
            )
        if band.points >= previous.points:
            found.append(
                PolicyProblem(
                    f"{path}.bands.{index}.points",
                    f"points must be strictly descending: {band.points} is not below "
                    f"{previous.points} of bands.{index - 1} (duplicate points)",
                    rule,
                )
            )
    return found


class RevenueBands(Section):
    """GRADE-1: annual revenue bands (yuan) → revenue points; below the last band G-4 applies."""

    bands: tuple[PointBand, ...] = Field(min_length=1)
    below_points: PolicyInt = _Points

    @exact
    def problems(self, path: str) -> list[PolicyProblem]:
        found = _band_problems(self.bands, self.below_points, path, self.rule)
        for index, band in enumerate(self.bands):
            # A bound between two fen would be cut to the fen below in the fen table.
            if band.min != band.min.quantize(CENT):
                found.append(
                    PolicyProblem(
                        f"{path}.bands.{index}.min",
                        f"must be a whole number of fen, at most 2 decimals (got {band.min})",
                        self.rule,
                    )
                )
        return found

    @cached_property
    def cents_table(self) -> tuple[tuple[int, int], ...]:
        """(bound in fen, points), highest first: the exact integer form of the bands."""
        return tuple((int(band.min.scaleb(2)), band.points) for band in self.bands)


class ShareBands(Section):
    """GRADE-2: revenue-share bands (a fraction of the bureau's revenue) → share points."""

    bands: tuple[PointBand, ...] = Field(min_length=1)
    below_points: PolicyInt = _Points

    def problems(self, path: str) -> list[PolicyProblem]:
        found = _band_problems(self.bands, self.below_points, path, self.rule)
        found.extend(
            PolicyProblem(
                f"{path}.bands.{index}.min",
                f"a share must be at most 1 (got {band.min})",
                self.rule,
            )
            for index, band in enumerate(self.bands)
            if band.min > 1
        )
        return found

    @cached_property
    def ratio_table(self) -> tuple[tuple[int, int, int, Decimal], ...]:
        """(numerator, denominator, points, bound) per band: s ≥ n/d ⇔ R·d ≥ n·B, exactly."""
        table = []
        for band in self.bands:
            numerator, denominator = band.min.as_integer_ratio()
            table.append((numerator, denominator, band.points, band.min))
        return tuple(table)


class Weights(Section):
    """GRADE-3: weights of revenue, share and credit points in the score; they sum to 1."""

    revenue: PolicyDecimal = Field(ge=0, le=1)
    share: PolicyDecimal = Field(ge=0, le=1)
    credit: PolicyDecimal = Field(ge=0, le=1)

    @exact  # exactly 1: in the caller's 28-digit context 0.99…91 (31 digits) rounds to 1
    def problems(self, path: str) -> list[PolicyProblem]:
        total = self.revenue + self.share + self.credit
        if total != 1:
            return [
                PolicyProblem(
                    path,
                    f"weights must sum to 1 (got {self.revenue} + {self.share} + {self.credit}"
                    f" = {total})",
                    self.rule,
                )
            ]
        return []


class TierCutoffs(Section):
    """GRADE-4: the lowest score (inclusive, "含") of each tier above GENERAL."""

    diamond: PolicyDecimal = Field(gt=0)
    gold: PolicyDecimal = Field(gt=0)
    silver: PolicyDecimal = Field(gt=0)

    def problems(self, path: str) -> list[PolicyProblem]:
        found = []
        if not self.gold < self.diamond:
            found.append(
                PolicyProblem(
                    f"{path}.gold",
                    f"cutoffs out of order: gold {self.gold} must be below diamond {self.diamond}",
                    self.rule,
                )
            )
        if not self.silver < self.gold:
            found.append(
                PolicyProblem(
                    f"{path}.silver",
                    f"cutoffs out of order: silver {self.silver} must be below gold {self.gold}",
                    self.rule,
                )
            )
        return found

    def ordered(self) -> tuple[tuple[Tier, Decimal], ...]:
        """(tier, cutoff) from the highest tier down."""
        return ((Tier.DIAMOND, self.diamond), (Tier.GOLD, self.gold), (Tier.SILVER, self.silver))


class GradingPolicy(Section):
    """大客户分级标准 (GRADE-1..6); its own ``rule`` and ``source`` are those of
    ``credit_points`` (GRADE-3: 信用度 「暂不考虑该项指标」), each band table has its own."""

    revenue: RevenueBands
    share: ShareBands
    weights: Weights
    tiers: TierCutoffs
    credit_points: PolicyInt = Field(
        default=0, ge=0, le=100, description="Credit points used while credit is weighted 0."
    )

    @exact
    def problems(self, path: str) -> list[PolicyProblem]:
        found = [
            *self.revenue.problems(f"{path}.revenue"),
            *self.share.problems(f"{path}.share"),
            *self.weights.problems(f"{path}.weights"),
            *self.tiers.problems(f"{path}.tiers"),
        ]
        best = (
            self.weights.revenue * max((b.points for b in self.revenue.bands), default=0)
            + self.weights.share * max((b.points for b in self.share.bands), default=0)
            + self.weights.credit * 100
        )
        for tier, cutoff in self.tiers.ordered():
            if cutoff > best:
                found.append(
                    PolicyProblem(
                        f"{path}.tiers.{tier.value}",
                        f"unreachable: cutoff {cutoff} is above the highest possible score {best}",
                        "GRADE-4",
                    )
                )
        if not found:
            found.extend(self._empty_tiers(path))
        return found

    @exact
    def achievable_scores(self) -> frozenset[Decimal]:
        """Every GRADE-3 score a customer can reach: revenue points × share points (+ credit).

        Any revenue band pairs with any share band (a bureau revenue can be found for any
        share up to 1), except that the points below every revenue band pair only with the
        points below every share band when that band holds no positive amount. Every band is
        reached by some amount: a bound is below the money ceiling (``PolicyDecimal``).
        """
        w = self.weights
        lowest_revenue = min((band.min for band in self.revenue.bands), default=Decimal(0))
        revenue_points = [band.points for band in self.revenue.bands]
        share_points = [band.points for band in self.share.bands] + [self.share.below_points]
        pairs = {(r, s) for r in revenue_points for s in share_points}
        if lowest_revenue > Decimal("0.01"):
            pairs.update((self.revenue.below_points, s) for s in share_points)
        else:  # only a revenue of 0 is below the bands, and its share is 0
            pairs.add((self.revenue.below_points, self.share.below_points))
        credit = w.credit * self.credit_points
        return frozenset(w.revenue * r + w.share * s + credit for r, s in pairs)

    def _empty_tiers(self, path: str) -> list[PolicyProblem]:
        """Tiers whose score interval [cutoff, next cutoff) holds no achievable score."""
        scores = sorted(self.achievable_scores())
        shown = ", ".join(str(score) for score in scores)
        found = []
        upper: Decimal | None = None
        for tier, cutoff in self.tiers.ordered():
            if not any(cutoff <= score and (upper is None or score < upper) for score in scores):
                interval = f"[{cutoff}, {upper})" if upper is not None else f"[{cutoff}, ∞)"
                found.append(
                    PolicyProblem(
                        f"{path}.tiers.{tier.value}",
                        f"unreachable tier: no achievable score lies in {interval}; "
                        f"achievable scores: {shown}",
                        "GRADE-4",
                    )
                )
            upper = cutoff
        if upper is not None and not any(score < upper for score in scores):
            found.append(
                PolicyProblem(
                    f"{path}.tiers.silver",
                    f"unreachable tier: no achievable score is below {upper}, so no customer "
                    f"is {Tier.GENERAL.value}; achievable scores: {shown}",
                    "GRADE-4",
                )
            )
        return found

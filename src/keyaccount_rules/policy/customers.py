"""Policy sections of the customer rules: qualification, IDs, grading, responsibility, visits.

Each section mirrors one table of RULEBOOK §2–§5 and §7; the numbers live in ``default.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.money import Yuan
from keyaccount_rules.policy.base import PolicyProblem, Section
from keyaccount_rules.vocabulary import BusinessLine, Leadership, Scope, Tier, Unit

__all__ = [
    "CustomerIdPolicy",
    "GradingPolicy",
    "LeadershipVisits",
    "LineThreshold",
    "PointBand",
    "QualificationPolicy",
    "ResponsibilityPolicy",
    "RevenueBands",
    "ShareBands",
    "TierCutoffs",
    "VisitPolicy",
    "Weights",
]

_Points = Field(ge=0, le=100, description="Indicator points, 0–100.")


class LineThreshold(Section):
    """QUAL-2/QUAL-3: a previous-year and a current-month amount that must both be reached."""

    last_year: Yuan
    current_month: Yuan


class QualificationPolicy(BaseModel):
    """大客户界定 (QUAL-1..5): the comprehensive and per-line thresholds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    comprehensive: LineThreshold
    lines: dict[BusinessLine, LineThreshold]

    def problems(self, path: str) -> list[PolicyProblem]:
        return [
            PolicyProblem(f"{path}.lines.{line.value}", "missing threshold", "QUAL-3")
            for line in BusinessLine
            if line not in self.lines
        ]


class CustomerIdPolicy(Section):
    """统一大客户ID号 (ID-1..5): digit layout and the valid province codes."""

    division_digits: int = Field(ge=1)
    sequence_digits: int = Field(ge=1)
    branch_digits: int = Field(ge=1)
    province_codes: tuple[str, ...] = Field(min_length=1)

    @property
    def total_digits(self) -> int:
        """Length of a full ID (ID-1)."""
        return self.division_digits + self.sequence_digits + self.branch_digits

    def problems(self, path: str) -> list[PolicyProblem]:
        found = []
        if len(set(self.province_codes)) != len(self.province_codes):
            found.append(PolicyProblem(f"{path}.province_codes", "duplicate codes", "ID-4"))
        for index, code in enumerate(self.province_codes):
            if not (code.isdigit() and len(code) == 2):
                found.append(
                    PolicyProblem(
                        f"{path}.province_codes.{index}",
                        f"must be two digits (got {code!r})",
                        "ID-4",
                    )
                )
        if self.division_digits < 2:
            found.append(
                PolicyProblem(f"{path}.division_digits", "must hold a province code", "ID-1")
            )
        return found


class PointBand(BaseModel):
    """One row of a points table: a lower bound (inclusive, G-3) and the points it earns."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min: Decimal
    points: int = _Points


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
    below_points: int = _Points

    def problems(self, path: str) -> list[PolicyProblem]:
        return _band_problems(self.bands, self.below_points, path, self.rule)

    @cached_property
    def cents_table(self) -> tuple[tuple[int, int], ...]:
        """(bound in fen, points), highest first: the exact integer form of the bands."""
        return tuple((int(band.min.scaleb(2)), band.points) for band in self.bands)


class ShareBands(Section):
    """GRADE-2: revenue-share bands (a fraction of the bureau's revenue) → share points."""

    bands: tuple[PointBand, ...] = Field(min_length=1)
    below_points: int = _Points

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

    revenue: Decimal = Field(ge=0, le=1)
    share: Decimal = Field(ge=0, le=1)
    credit: Decimal = Field(ge=0, le=1)

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

    diamond: Decimal = Field(gt=0)
    gold: Decimal = Field(gt=0)
    silver: Decimal = Field(gt=0)

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


class GradingPolicy(BaseModel):
    """大客户分级标准 (GRADE-1..6)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    revenue: RevenueBands
    share: ShareBands
    weights: Weights
    tiers: TierCutoffs
    credit_points: int = Field(
        default=0, ge=0, le=100, description="Credit points used while credit is weighted 0."
    )

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

    def achievable_scores(self) -> frozenset[Decimal]:
        """Every GRADE-3 score a customer can reach: revenue points × share points (+ credit).

        Any revenue band pairs with any share band (a bureau revenue can be found for any
        share up to 1), except that the points below every revenue band pair only with the
        points below every share band when that band holds no positive amount.
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


def _missing_cells(
    table: Mapping[Tier, Mapping[Scope, object]], path: str, rule: str
) -> list[PolicyProblem]:
    return [
        PolicyProblem(f"{path}.{tier.value}.{scope.value}", "no entry for this tier × scope", rule)
        for tier in Tier
        for scope in Scope
        if scope not in table.get(tier, {})
    ]


_RULE_ID = re.compile(r"[A-Z]+-\d+")


def _cell_key(tier: Tier, scope: Scope) -> str:
    """The ``cell_rules`` key of a tier × scope cell: ``"silver.regional"``."""
    return f"{tier.value}.{scope.value}"


def _cell_rule_problems(cell_rules: Mapping[str, str], path: str, rule: str) -> list[PolicyProblem]:
    """Each key of ``cell_rules`` must name a tier × scope cell and each value a rule ID."""
    found = []
    cells = {_cell_key(tier, scope) for tier in Tier for scope in Scope}
    for key, value in cell_rules.items():
        if key not in cells:
            found.append(
                PolicyProblem(
                    f"{path}.{key}",
                    "not a tier.scope cell (e.g. silver.regional)",
                    rule,
                )
            )
        if not _RULE_ID.fullmatch(value):
            found.append(
                PolicyProblem(
                    f"{path}.{key}", f"must be a rule ID such as G-1 (got {value!r})", rule
                )
            )
    return found


class ResponsibilityPolicy(Section):
    """责任单位 (RESP-1..2): the unit per tier × scope, and who may take a delegation."""

    table: dict[Tier, dict[Scope, Unit]]
    cell_rules: dict[str, str] = Field(
        default_factory=dict, description="Cells decided by a gap rule, e.g. silver.regional = G-1."
    )
    delegable_tiers: frozenset[Tier]
    delegates: frozenset[Unit]

    def gap_rule(self, tier: Tier, scope: Scope) -> str | None:
        """The §16 gap rule that decided this cell, if the source table does not name it."""
        return self.cell_rules.get(_cell_key(tier, scope))

    def problems(self, path: str) -> list[PolicyProblem]:
        found = _missing_cells(self.table, f"{path}.table", "RESP-1")
        found.extend(_cell_rule_problems(self.cell_rules, f"{path}.cell_rules", "RESP-1"))
        if self.delegable_tiers and not self.delegates:
            found.append(
                PolicyProblem(
                    f"{path}.delegates",
                    "no unit may take a delegation, but delegable_tiers is not empty",
                    "RESP-2",
                )
            )
        return found


class LeadershipVisits(Section):
    """VISIT-2: leadership-led visits per year (at least, at most) and who leads them."""

    min_per_year: int = Field(ge=0)
    max_per_year: int = Field(ge=0)
    led_by: dict[Tier, dict[Scope, Leadership]]

    def problems(self, path: str) -> list[PolicyProblem]:
        found = _missing_cells(self.led_by, f"{path}.led_by", "VISIT-2")
        if self.max_per_year < self.min_per_year:
            found.append(
                PolicyProblem(
                    f"{path}.max_per_year",
                    f"must be at least min_per_year {self.min_per_year} (got {self.max_per_year})",
                    self.rule,
                )
            )
        return found


class VisitPolicy(Section):
    """大客户拜访制度 (VISIT-1..2): minimum contacts a month per tier × scope, leadership visits."""

    contacts_per_month: dict[Tier, dict[Scope, int]]
    cell_rules: dict[str, str] = Field(default_factory=dict)
    leadership: LeadershipVisits

    def gap_rule(self, tier: Tier, scope: Scope) -> str | None:
        """The §16 gap rule that decided this cell, if the source table does not name it."""
        return self.cell_rules.get(_cell_key(tier, scope))

    def problems(self, path: str) -> list[PolicyProblem]:
        found = _missing_cells(
            self.contacts_per_month,
            f"{path}.contacts_per_month",
            "VISIT-1",
        )
        found.extend(_cell_rule_problems(self.cell_rules, f"{path}.cell_rules", "VISIT-1"))
        for tier, row in self.contacts_per_month.items():
            for scope, count in row.items():
                if count < 0:
                    found.append(
                        PolicyProblem(
                            f"{path}.contacts_per_month.{tier.value}.{scope.value}",
                            f"must not be negative (got {count})",
                            "VISIT-1",
                        )
                    )
        found.extend(self.leadership.problems(f"{path}.leadership"))
        return found

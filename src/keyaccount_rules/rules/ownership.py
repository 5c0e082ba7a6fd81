"""大客户归属: who owns a disputed customer, who gets its revenue, who may market to it.

Registration (DEV-1), locality (DEV-2), revenue attribution (DEV-5) and the marketing
declaration (RESP-3). Each rule has one path: a pure decision over validated values
(``decide_*``), an explanation worded from that decision through the message catalogues,
and a public function that validates once, decides and wraps a frozen result.

>>> from datetime import datetime
>>> ruling = settle_claims([
...     Claim(claimant="chenghai", unit="county_center", registered_at=datetime(2026, 3, 1, 9)),
...     Claim(claimant="chaoyang", unit="county_center", registered_at=datetime(2026, 3, 2, 9)),
... ])
>>> ruling.owner, ruling.escalated
('chenghai', False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.core.arguments import (
    Flag,
    as_enum,
    as_name,
    as_records,
    checked,
    distinct,
)
from keyaccount_rules.core.catalogue import joined, listed, step, words
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result
from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.money import Yuan, exact, format_yuan
from keyaccount_rules.core.vocabulary import Unit
from keyaccount_rules.policy import Policy, Registration, require, resolve_policy

__all__ = [
    "Claim",
    "ClaimDecision",
    "ClaimRuling",
    "LocalityDecision",
    "LocalityRuling",
    "MarketingDecision",
    "MarketingPermission",
    "RevenueAttribution",
    "RevenueDecision",
    "ServedRevenue",
    "attribute_revenue",
    "decide_claims",
    "decide_locality",
    "decide_marketing",
    "decide_revenue",
    "explain_claims",
    "explain_locality",
    "explain_marketing",
    "explain_revenue",
    "locality_owner",
    "may_market",
    "settle_claims",
]


def _decider(registration: Registration, units: Iterable[Unit]) -> Unit:
    """The lowest centre above every one of ``units`` (DEV-1, DEV-2: 上一级大客户中心)."""
    chains = [registration.chain(registration.escalate_to[unit]) for unit in units]
    return next(unit for unit in chains[0] if all(unit in chain for chain in chains[1:]))


# ---------------------------------------------------------------- DEV-1 registration


class Claim(BaseModel):
    """注册申报: a unit's registered claim to develop a customer, with its timestamp (DEV-1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    claimant: str = Field(min_length=1, description="The claiming unit's name.")
    unit: Unit = Field(description="The kind of unit that claims (sets who rules on a tie).")
    registered_at: datetime = Field(description="When the claim was registered.")


class ClaimRuling(Result):
    """Who may develop a disputed customer, or who must decide (DEV-1)."""

    owner: str | None
    escalated: bool
    tied: tuple[str, ...]
    decided_by: Unit | None
    explanation: Explanation


class ClaimDecision(NamedTuple):
    """DEV-1 without text: the earliest time, and its one claimant or the tie and decider."""

    earliest: datetime
    owner: str | None
    tied: tuple[str, ...]
    decided_by: Unit | None


def decide_claims(registration: Registration, claims: Sequence[Claim]) -> ClaimDecision:
    """The earliest registration wins; a tie at the earliest time goes one level up."""
    earliest = min(claim.registered_at for claim in claims)
    first = [claim for claim in claims if claim.registered_at == earliest]
    if len(first) == 1:
        return ClaimDecision(earliest, first[0].claimant, (), None)
    tied = tuple(claim.claimant for claim in first)
    return ClaimDecision(earliest, None, tied, _decider(registration, (c.unit for c in first)))


def explain_claims(d: ClaimDecision, claims: Sequence[Claim]) -> Explanation:
    """The claims as registered, then the winner or the tie and who decides it (DEV-1)."""
    listing = "; ".join(f"{c.claimant} {c.registered_at.isoformat()}" for c in claims)
    earliest = d.earliest.isoformat()
    if d.decided_by is None:
        last = step("DEV-1", "ownership.claim_earliest", earliest=earliest, owner=d.owner)
    else:
        last = step(
            "DEV-1",
            "ownership.claim_tie",
            names=joined(d.tied),
            earliest=earliest,
            decider=d.decided_by,
        )
    return Explanation.of(step("DEV-1", "ownership.claims", listing=listing), last)


def _check_claims(claims: Sequence[Claim]) -> None:
    if not claims:
        raise RuleInputError("claims", "needs at least one claim", rule="DEV-1")
    claimants = (claim.claimant for claim in claims)
    distinct(claimants, "claims", "claims twice", at=".claimant", rule="DEV-1")
    if len({claim.registered_at.utcoffset() is None for claim in claims}) > 1:
        raise RuleInputError(
            "claims",
            "registered_at mixes time-zone-aware and naive times, which cannot be ordered",
            rule="DEV-1",
        )


def settle_claims(claims: Iterable[Claim], *, policy: Policy | None = None) -> ClaimRuling:
    """Settle a development dispute by registration (注册申报, DEV-1): the earliest claim wins.

    Claims registered at the same earliest moment are escalated to the next-level centre
    above the tied claimants, which decides; ``owner`` is then ``None``.

    Raises:
        RuleInputError: no claims, a claim without a timestamp (``claims[i].registered_at``),
            a claimant twice, or timestamps mixing time zones with naive times.

    >>> from datetime import datetime
    >>> at = datetime(2026, 3, 1, 9)
    >>> r = settle_claims([Claim(claimant="chenghai", unit="county_center", registered_at=at),
    ...                    Claim(claimant="chaoyang", unit="county_center", registered_at=at)])
    >>> r.owner, r.escalated, r.decided_by.value
    (None, True, 'city_center')
    """
    policy = resolve_policy(policy)
    items: list[Claim] = as_records(Claim, claims, "claims", "DEV-1")
    _check_claims(items)
    decision = decide_claims(require(policy, "development", policy.development).registration, items)
    return ClaimRuling(
        owner=decision.owner,
        escalated=decision.decided_by is not None,
        tied=decision.tied,
        decided_by=decision.decided_by,
        explanation=explain_claims(decision, items),
        policy_fingerprint=policy.fingerprint,
    )


# ---------------------------------------------------------------- DEV-2 locality


class LocalityRuling(Result):
    """The owning unit by locality (属地原则), or the centre that must rule (DEV-2)."""

    owner: str | None
    escalated: bool
    decided_by: Unit | None
    explanation: Explanation


class LocalityDecision(NamedTuple):
    """DEV-2 without text: the places compared, and the owner or the centre that rules."""

    signed: str
    arises: str | None
    owner: str | None
    decided_by: Unit | None


def decide_locality(
    registration: Registration, signed: str, arises: str | None, level: Unit
) -> LocalityDecision:
    """The signing place owns the customer unless the business arises elsewhere."""
    if arises is None or arises == signed:
        return LocalityDecision(signed, arises, signed, None)
    return LocalityDecision(signed, arises, None, _decider(registration, [level]))


def explain_locality(d: LocalityDecision) -> Explanation:
    """One DEV-2 step: owned where signed (business place unknown or the same), or escalated."""
    if d.decided_by is not None:
        key = "ownership.locality_elsewhere"
    elif d.arises is None:
        key = "ownership.locality_signed"
    else:
        key = "ownership.locality_same"
    return Explanation.of(
        step("DEV-2", key, signed=d.signed, arises=d.arises, decider=d.decided_by)
    )


def locality_owner(
    signed_at: str,
    *,
    arises_at: str | None = None,
    level: Unit | str = Unit.COUNTY_CENTER,
    policy: Policy | None = None,
) -> LocalityRuling:
    """Find the owning unit by locality (属地原则, DEV-2): where the contract was signed.

    Args:
        signed_at: the unit where the contract-signing entity is located.
        arises_at: the unit where the business actually arises, when known.
        level: the kind of unit both places are (sets the next-level centre).
        policy: the policy to apply (default: the rulebook's).

    When the business arises elsewhere, the case goes to the next-level centre for a ruling.

    >>> r = locality_owner("chenghai", arises_at="chaoyang")
    >>> r.owner, r.escalated, r.decided_by.value
    (None, True, 'city_center')
    """
    policy = resolve_policy(policy)
    signed = as_name(signed_at, "signed_at", "DEV-2")
    unit = as_enum(Unit, level, "level", rule="DEV-2")
    arises = None if arises_at is None else as_name(arises_at, "arises_at", "DEV-2")
    decision = decide_locality(
        require(policy, "development", policy.development).registration, signed, arises, unit
    )
    return LocalityRuling(
        owner=decision.owner,
        escalated=decision.decided_by is not None,
        decided_by=decision.decided_by,
        explanation=explain_locality(decision),
        policy_fingerprint=policy.fingerprint,
    )


# ---------------------------------------------------------------- DEV-5 revenue


class ServedRevenue(BaseModel):
    """Revenue of a comprehensive key account and the unit that served it (DEV-5)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Yuan
    served_by: str | None = Field(default=None, min_length=1)


class RevenueAttribution(Result):
    """Revenue credited per unit (收入归属, DEV-5); ``total`` equals the revenue given.

    ``credited`` keeps the order in which each unit first appears in the revenue given.
    """

    credited: FrozenMap[str, Yuan]
    total: Yuan
    explanation: Explanation


class RevenueDecision(NamedTuple):
    """DEV-5 without text: the locality, the amount credited per unit, and the total."""

    locality: str
    credited: Mapping[str, Decimal]
    total: Decimal


def decide_revenue(revenue: Sequence[ServedRevenue], locality: str) -> RevenueDecision:
    """Each amount to the unit that served it, else to the locality bureau (属地局)."""
    credited: dict[str, Decimal] = {}
    for item in revenue:
        unit = item.served_by or locality
        credited[unit] = credited.get(unit, Decimal("0.00")) + item.amount
    return RevenueDecision(locality, credited, sum(credited.values(), Decimal("0.00")))


def explain_revenue(d: RevenueDecision) -> Explanation:
    """One DEV-5 step listing each unit's credit and the total."""
    rows = [{"unit": unit, "amount": format_yuan(amount)} for unit, amount in d.credited.items()]
    listing = listed("ownership.revenue_item", rows, sep="join.clauses")
    if not rows:
        listing = words("ownership.revenue_none")
    return Explanation.of(
        step(
            "DEV-5",
            "ownership.revenue",
            home=d.locality,
            listing=listing,
            total=format_yuan(d.total),
        )
    )


@exact
def attribute_revenue(
    revenue: Iterable[ServedRevenue], *, locality: str, policy: Policy | None = None
) -> RevenueAttribution:
    """Credit a comprehensive key account's revenue to its serving units (收入归属, DEV-5).

    Each amount goes to the unit that served it; an amount with no serving unit goes to the
    locality bureau (属地局). The developing centre is not credited for it.

    >>> r = attribute_revenue([ServedRevenue(amount=900, served_by="express-bureau"),
    ...                        ServedRevenue(amount="100.5")], locality="chenghai")
    >>> {unit: str(amount) for unit, amount in r.credited.items()}
    {'express-bureau': '900.00', 'chenghai': '100.50'}
    """
    policy = resolve_policy(policy)
    home = as_name(locality, "locality", "DEV-5")
    items: list[ServedRevenue] = as_records(ServedRevenue, revenue, "revenue", "DEV-5")
    decision = decide_revenue(items, home)
    return RevenueAttribution(
        credited=decision.credited,
        total=decision.total,
        explanation=explain_revenue(decision),
        policy_fingerprint=policy.fingerprint,
    )


# ---------------------------------------------------------------- RESP-3 marketing


class MarketingPermission(Result):
    """Whether a unit may market to a customer (营销申报, RESP-3)."""

    allowed: bool
    explanation: Explanation


class MarketingDecision(NamedTuple):
    """RESP-3 without text: the units compared, whether the unit owns it, and the answer."""

    unit: str
    owner: str
    declaration_approved: bool

    @property
    def owns(self) -> bool:
        return self.unit == self.owner

    @property
    def allowed(self) -> bool:
        return self.owns or self.declaration_approved


def decide_marketing(unit: str, owner: str, declaration_approved: bool) -> MarketingDecision:
    """The responsible unit always may; another unit only with an approved declaration."""
    return MarketingDecision(unit, owner, declaration_approved)


def explain_marketing(d: MarketingDecision) -> Explanation:
    """One RESP-3 step: the owner, an approved declaration, or no permission."""
    if d.owns:
        key = "ownership.market_owner"
    elif d.declaration_approved:
        key = "ownership.market_declared"
    else:
        key = "ownership.market_refused"
    return Explanation.of(step("RESP-3", key, unit=d.unit, owner=d.owner))


def may_market(
    unit: str,
    owner: str,
    *,
    declaration_approved: bool = False,
    policy: Policy | None = None,
) -> MarketingPermission:
    """Say whether ``unit`` may market to a customer owned by ``owner`` (RESP-3).

    The responsible unit always may; any other unit only with an approved marketing
    declaration (营销申报).

    >>> may_market("chaoyang", "chenghai").allowed
    False
    >>> may_market("chaoyang", "chenghai", declaration_approved=True).allowed
    True
    """
    policy = resolve_policy(policy)
    decision = decide_marketing(
        as_name(unit, "unit", "RESP-3"),
        as_name(owner, "owner", "RESP-3"),
        checked(Flag, declaration_approved, "declaration_approved", rule="RESP-3"),
    )
    return MarketingPermission(
        allowed=decision.allowed,
        explanation=explain_marketing(decision),
        policy_fingerprint=policy.fingerprint,
    )

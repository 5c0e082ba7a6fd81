"""大客户归属: who owns a disputed customer, who gets its revenue, who may market to it.

Registration (DEV-1), locality (DEV-2), revenue attribution (DEV-5) and the marketing
declaration (RESP-3).

>>> from datetime import datetime
>>> ruling = settle_claims([
...     Claim(claimant="chenghai", unit="county_center", registered_at=datetime(2026, 3, 1, 9)),
...     Claim(claimant="chaoyang", unit="county_center", registered_at=datetime(2026, 3, 2, 9)),
... ])
>>> ruling.owner, ruling.escalated
('chenghai', False)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.arguments import as_enum, as_name, as_records, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.money import Yuan, format_yuan
from keyaccount_rules.policy import Policy
from keyaccount_rules.vocabulary import Unit

__all__ = [
    "Claim",
    "ClaimRuling",
    "LocalityRuling",
    "MarketingPermission",
    "RevenueAttribution",
    "ServedRevenue",
    "attribute_revenue",
    "locality_owner",
    "may_market",
    "settle_claims",
]


def _decider(policy: Policy, units: Iterable[Unit]) -> Unit:
    """The lowest centre above every one of ``units`` (DEV-1, DEV-2: 上一级大客户中心)."""
    registration = policy.development.registration
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

    model_config = ConfigDict(frozen=True)

    owner: str | None
    escalated: bool
    tied: tuple[str, ...]
    decided_by: Unit | None
    explanation: Explanation


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
    if not items:
        raise RuleInputError("claims", "needs at least one claim", rule="DEV-1")
    names = [claim.claimant for claim in items]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise RuleInputError(
                f"claims[{index}].claimant", "claims twice", got=name, rule="DEV-1"
            )
    if len({claim.registered_at.utcoffset() is None for claim in items}) > 1:
        raise RuleInputError(
            "claims",
            "registered_at mixes time-zone-aware and naive times, which cannot be ordered",
            rule="DEV-1",
        )
    earliest = min(claim.registered_at for claim in items)
    first = [claim for claim in items if claim.registered_at == earliest]
    listing = "; ".join(f"{c.claimant} {c.registered_at.isoformat()}" for c in items)
    steps = [
        Step(
            rule="DEV-1",
            text=f"registered claims: {listing}",
            text_zh=f"注册申报：{listing}",
        )
    ]
    if len(first) == 1:
        owner = first[0].claimant
        steps.append(
            Step(
                rule="DEV-1",
                text=f"the earliest registration ({earliest.isoformat()}) wins: {owner}",
                text_zh=f"最早注册（{earliest.isoformat()}）者取得开发权：{owner}",
            )
        )
        return ClaimRuling(
            owner=owner,
            escalated=False,
            tied=(),
            decided_by=None,
            explanation=Explanation(steps=tuple(steps)),
        )
    tied = tuple(claim.claimant for claim in first)
    decider = _decider(policy, (claim.unit for claim in first))
    steps.append(
        Step(
            rule="DEV-1",
            text=f"{', '.join(tied)} registered at the same earliest time ({earliest.isoformat()});"
            f" escalated to the next level up: {decider.value} decides",
            text_zh=f"{'、'.join(tied)}同时最早注册（{earliest.isoformat()}），"
            f"上报上一级{decider.zh}裁决",
        )
    )
    return ClaimRuling(
        owner=None,
        escalated=True,
        tied=tied,
        decided_by=decider,
        explanation=Explanation(steps=tuple(steps)),
    )


# ---------------------------------------------------------------- DEV-2 locality


class LocalityRuling(Result):
    """The owning unit by locality (属地原则), or the centre that must rule (DEV-2)."""

    model_config = ConfigDict(frozen=True)

    owner: str | None
    escalated: bool
    decided_by: Unit | None
    explanation: Explanation


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
    if arises_at is None or as_name(arises_at, "arises_at", "DEV-2") == signed:
        where = "" if arises_at is None else "; the business arises there too"
        where_zh = "" if arises_at is None else "，业务产生地与签约地一致"
        return LocalityRuling(
            owner=signed,
            escalated=False,
            decided_by=None,
            explanation=Explanation.of(
                Step(
                    rule="DEV-2",
                    text=f"the contract was signed at {signed}{where}: {signed} owns it",
                    text_zh=f"以签订合作协议的机构所在地为基准：{signed}{where_zh}，归属{signed}",
                )
            ),
        )
    decider = _decider(policy, [unit])
    return LocalityRuling(
        owner=None,
        escalated=True,
        decided_by=decider,
        explanation=Explanation.of(
            Step(
                rule="DEV-2",
                text=f"signed at {signed} but the business arises at {arises_at}:"
                f" escalated to {decider.value} for a ruling",
                text_zh=f"签约机构在{signed}，业务实际产生于{arises_at}，"
                f"上报上一级{decider.zh}裁决",
            )
        ),
    )


# ---------------------------------------------------------------- DEV-5 revenue


class ServedRevenue(BaseModel):
    """Revenue of a comprehensive key account and the unit that served it (DEV-5)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Yuan
    served_by: str | None = Field(default=None, min_length=1)


class RevenueAttribution(Result):
    """Revenue credited per unit (收入归属, DEV-5); ``total`` equals the revenue given."""

    model_config = ConfigDict(frozen=True)

    credited: dict[str, Yuan]
    total: Yuan
    explanation: Explanation


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
    resolve_policy(policy)
    home = as_name(locality, "locality", "DEV-5")
    items: list[ServedRevenue] = as_records(ServedRevenue, revenue, "revenue", "DEV-5")
    credited: dict[str, Decimal] = {}
    for item in items:
        unit = item.served_by or home
        credited[unit] = credited.get(unit, Decimal("0.00")) + item.amount
    total = sum(credited.values(), Decimal("0.00"))
    listing = ", ".join(f"{unit} {format_yuan(amount)}" for unit, amount in credited.items())
    listing_zh = "，".join(f"{unit}{format_yuan(amount)}元" for unit, amount in credited.items())
    return RevenueAttribution(
        credited=credited,
        total=total,
        explanation=Explanation.of(
            Step(
                rule="DEV-5",
                text=f"revenue goes to the serving units (else the locality {home}):"
                f" {listing or 'none'}; total {format_yuan(total)}",
                text_zh=f"综合性大客户产生的收入归各相关服务单位（或属地局{home}）："
                f"{listing_zh or '无'}；合计{format_yuan(total)}元",
            )
        ),
    )


# ---------------------------------------------------------------- RESP-3 marketing


class MarketingPermission(Result):
    """Whether a unit may market to a customer (营销申报, RESP-3)."""

    model_config = ConfigDict(frozen=True)

    allowed: bool
    explanation: Explanation


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
    resolve_policy(policy)
    unit = as_name(unit, "unit", "RESP-3")
    owner = as_name(owner, "owner", "RESP-3")
    if not isinstance(declaration_approved, bool):
        raise RuleInputError(
            "declaration_approved",
            "must be True or False",
            got=declaration_approved,
            rule="RESP-3",
        )
    if unit == owner:
        allowed = True
        text = f"{unit} is the responsible unit: it maintains and re-develops the customer"
        text_zh = f"{unit}为责任单位，负责关系维护和二次开发"
    elif declaration_approved:
        allowed = True
        text = f"{unit} is not the owner ({owner}) but its marketing declaration is approved"
        text_zh = f"{unit}非本单位大客户（属{owner}），营销申报已批准，可以营销"
    else:
        allowed = False
        text = f"{unit} is not the owner ({owner}) and has no approved marketing declaration"
        text_zh = f"{unit}非本单位大客户（属{owner}），未经营销申报批准，不得营销"
    return MarketingPermission(
        allowed=allowed, explanation=Explanation.of(Step(rule="RESP-3", text=text, text_zh=text_zh))
    )

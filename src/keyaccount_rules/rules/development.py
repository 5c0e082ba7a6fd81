"""大客户开发管理: who may develop, own, lead and market to a customer (DEV-1..6, RESP-3).

>>> from datetime import datetime
>>> ruling = settle_claims([
...     Claim(claimant="chenghai", unit="county_center", registered_at=datetime(2026, 3, 1, 9)),
...     Claim(claimant="chaoyang", unit="county_center", registered_at=datetime(2026, 3, 2, 9)),
... ])
>>> ruling.owner, ruling.escalated
('chenghai', False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Step
from keyaccount_rules.money import Yuan, format_yuan
from keyaccount_rules.policy import Policy
from keyaccount_rules.rules._common import as_enum, resolve_policy
from keyaccount_rules.vocabulary import Scope, Stage, Tier, Unit

__all__ = [
    "Claim",
    "ClaimRuling",
    "DevelopmentLead",
    "LocalityRuling",
    "MarketingPermission",
    "RevenueAttribution",
    "RoleAssignment",
    "ServedRevenue",
    "ServiceChoice",
    "ServiceOption",
    "ab_roles",
    "attribute_revenue",
    "development_lead",
    "locality_owner",
    "may_market",
    "settle_claims",
    "steer_service",
]

_Name = Field(min_length=1)


def _record(model: type[BaseModel], item: object, field: str, rule: str) -> Any:
    """``item`` as a ``model`` record; a mapping is validated and its errors named by field."""
    if isinstance(item, model):
        return item
    if isinstance(item, Mapping):
        try:
            return model.model_validate(item)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise RuleInputError(
                f"{field}.{where}", first["msg"], got=first.get("input"), rule=rule
            ) from err
    raise RuleInputError(field, f"must be a {model.__name__}", got=type(item).__name__, rule=rule)


def _records(model: type[BaseModel], items: object, field: str, rule: str) -> list[Any]:
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        raise RuleInputError(
            field, f"must be an iterable of {model.__name__}", got=type(items).__name__, rule=rule
        )
    return [_record(model, item, f"{field}[{index}]", rule) for index, item in enumerate(items)]


def _name(value: object, field: str, rule: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleInputError(field, "must be a non-empty name", got=value, rule=rule)
    return value


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


class ClaimRuling(BaseModel):
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
    items: list[Claim] = _records(Claim, claims, "claims", "DEV-1")
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


class LocalityRuling(BaseModel):
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
    signed = _name(signed_at, "signed_at", "DEV-2")
    unit = as_enum(Unit, level, "level", rule="DEV-2")
    if arises_at is None or _name(arises_at, "arises_at", "DEV-2") == signed:
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


# ---------------------------------------------------------------- DEV-3 A/B roles


class RoleAssignment(BaseModel):
    """Who leads and who assists under the A/B role system (主辅制, DEV-3)."""

    model_config = ConfigDict(frozen=True)

    applies: bool
    lead: str | None
    assist: str | None
    explanation: Explanation


def ab_roles(
    tier: Tier | str,
    stage: Stage | str,
    *,
    a: str,
    b: str,
    policy: Policy | None = None,
) -> RoleAssignment:
    """Say who leads under the A/B role system (主辅制(AB角), DEV-3).

    For SILVER and above: during development A leads and B assists; once developed, B leads
    maintenance and A assists. Below SILVER the system does not apply (``applies`` False).

    >>> r = ab_roles("gold", "maintenance", a="li", b="wang")
    >>> r.lead, r.assist
    ('wang', 'li')
    """
    policy = resolve_policy(policy)
    tier = as_enum(Tier, tier, "tier", rule="DEV-3")
    stage = as_enum(Stage, stage, "stage", rule="DEV-3")
    a = _name(a, "a", "DEV-3")
    b = _name(b, "b", "DEV-3")
    if a == b:
        raise RuleInputError("b", "must be another manager than a", got=b, rule="DEV-3")
    minimum = policy.development.roles.min_tier
    if tier.rank < minimum.rank:
        return RoleAssignment(
            applies=False,
            lead=None,
            assist=None,
            explanation=Explanation.of(
                Step(
                    rule="DEV-3",
                    text=f"the A/B role system applies to {minimum.value} and above;"
                    f" a {tier.value} customer has no A/B roles",
                    text_zh=f"主辅制适用于{minimum.zh}以上大客户；{tier.zh}客户不实行",
                )
            ),
        )
    lead, assist = (a, b) if stage is Stage.DEVELOPMENT else (b, a)
    role = "A" if stage is Stage.DEVELOPMENT else "B"
    return RoleAssignment(
        applies=True,
        lead=lead,
        assist=assist,
        explanation=Explanation.of(
            Step(
                rule="DEV-3",
                text=f"{tier.value} ≥ {minimum.value}, {stage.value}: {role} ({lead}) leads,"
                f" {assist} assists",
                text_zh=f"{tier.zh}客户（{minimum.zh}以上），{stage.zh}阶段：以{role}角（{lead}）为主，"
                f"{assist}配合",
            )
        ),
    )


# ---------------------------------------------------------------- DEV-4, DEV-5 leads


class DevelopmentLead(BaseModel):
    """Which unit leads a development and which supports or supervises it (DEV-4, DEV-5)."""

    model_config = ConfigDict(frozen=True)

    lead: Unit
    support: Unit | None
    explanation: Explanation


def development_lead(
    scope: Scope | str,
    *,
    second_development: bool = False,
    multi_level: Literal["city", "county"] | None = None,
    policy: Policy | None = None,
) -> DevelopmentLead:
    """Say which unit leads a development (开发牵头单位, DEV-4, DEV-5).

    Args:
        scope: the customer's scope; REGIONAL customers are settled by locality (DEV-2).
        second_development: the comprehensive second development (二次开发) of a
            professional customer, rather than its first development.
        multi_level: for a customer with organisations at city and county level, managed at
            city level but operating in counties (DEV-4): ``"city"`` for its city organisation,
            ``"county"`` for a county branch.
        policy: the policy to apply (default: the rulebook's).

    >>> r = development_lead("professional")
    >>> r.lead.value, r.support.value
    ('professional_bureau', 'city_center')
    >>> development_lead("professional", second_development=True).lead.value
    'city_center'
    """
    policy = resolve_policy(policy)
    scope = as_enum(Scope, scope, "scope", rule="DEV-5")
    development = policy.development
    if multi_level is not None:
        plan = development.multi_level
        if multi_level == "city":
            lead, support = plan.city_organisation, plan.local_branches
            text = f"multi-level customer, city organisation: {lead.value} leads, {support.value}"
            text += " assists"
            text_zh = f"市、县两级均有机构的客户，市级机构由{lead.zh}牵头开发，{support.zh}积极配合"
        elif multi_level == "county":
            lead, support = plan.local_branches, plan.city_organisation
            text = f"multi-level customer, county branch: {lead.value} develops it under the"
            text += f" plan of {support.value}"
            text_zh = f"市、县两级均有机构的客户，当地分支机构由{lead.zh}"
            text_zh += f"按{support.zh}部署的计划开发"
        else:
            raise RuleInputError(
                "multi_level", "must be 'city', 'county' or None", got=multi_level, rule="DEV-4"
            )
        return DevelopmentLead(
            lead=lead,
            support=support,
            explanation=Explanation.of(Step(rule="DEV-4", text=text, text_zh=text_zh)),
        )
    leads = development.leads
    if scope is Scope.COMPREHENSIVE:
        lead, support = leads.comprehensive, leads.comprehensive_operations
        text = f"comprehensive customer: {lead.value} brings it in and develops it;"
        text += f" {support.value} runs the daily business"
        text_zh = f"综合性大客户由{lead.zh}直接接入并负责开发和管理，"
        text_zh += f"{support.zh}负责日常业务运作与维护"
    elif scope is Scope.PROFESSIONAL and not second_development:
        lead, support = leads.professional_first, leads.professional_supervisor
        text = f"professional customer, first development: {lead.value}, supervised by"
        text += f" {support.value}"
        text_zh = f"专业特征明显的大客户，一次开发由{lead.zh}负责，{support.zh}监督管理"
    elif scope is Scope.PROFESSIONAL:
        lead, support = leads.professional_second, leads.professional_first
        text = f"professional customer, comprehensive second development: {lead.value} leads"
        text_zh = f"专业大客户综合性业务的二次开发由{lead.zh}牵头组织"
    else:
        raise RuleInputError(
            "scope",
            "DEV-5 names leads for comprehensive and professional customers only",
            got=scope.value,
            rule="DEV-5",
            fix="a regional customer belongs to its locality: use locality_owner (DEV-2)",
        )
    return DevelopmentLead(
        lead=lead,
        support=support,
        explanation=Explanation.of(Step(rule="DEV-5", text=text, text_zh=text_zh)),
    )


class ServedRevenue(BaseModel):
    """Revenue of a comprehensive key account and the unit that served it (DEV-5)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Yuan
    served_by: str | None = Field(default=None, min_length=1)


class RevenueAttribution(BaseModel):
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
    home = _name(locality, "locality", "DEV-5")
    items: list[ServedRevenue] = _records(ServedRevenue, revenue, "revenue", "DEV-5")
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


# ---------------------------------------------------------------- DEV-6 service steering


class ServiceOption(BaseModel):
    """A service that can meet a customer's need, with its profit and the two limits (DEV-6)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: str = Field(min_length=1)
    profit: Decimal = Field(allow_inf_nan=False, description="Profit to the post, yuan.")
    meets_quality: bool = True
    within_cost: bool = True


class ServiceChoice(BaseModel):
    """The service to steer the customer to (利益最大化原则, DEV-6), or none."""

    model_config = ConfigDict(frozen=True)

    service: str | None
    explanation: Explanation


def steer_service(
    options: Iterable[ServiceOption], *, policy: Policy | None = None
) -> ServiceChoice:
    """Pick the most profitable service within quality and cost limits (DEV-6).

    Equal profit keeps the first option given (the caller's order of preference).

    >>> steer_service([ServiceOption(service="registered letter", profit=2),
    ...                ServiceOption(service="express", profit=9)]).service
    'express'
    """
    resolve_policy(policy)
    items: list[ServiceOption] = _records(ServiceOption, options, "options", "DEV-6")
    allowed = [o for o in items if o.meets_quality and o.within_cost]
    excluded = [o.service for o in items if o not in allowed]
    steps = []
    if excluded:
        steps.append(
            Step(
                rule="DEV-6",
                text=f"outside the quality or cost limits: {', '.join(excluded)}",
                text_zh=f"不满足服务质量或成本控制要求：{'、'.join(excluded)}",
            )
        )
    if not allowed:
        steps.append(
            Step(
                rule="DEV-6",
                text="no option meets both the quality and the cost limits",
                text_zh="没有同时满足服务质量和成本控制的服务",
            )
        )
        return ServiceChoice(service=None, explanation=Explanation(steps=tuple(steps)))
    best = max(allowed, key=lambda option: option.profit)
    steps.append(
        Step(
            rule="DEV-6",
            text=f"most profitable within the limits: {best.service} (profit {best.profit})",
            text_zh=f"在控制服务质量和成本的前提下利润最高：{best.service}（利润{best.profit}）",
        )
    )
    return ServiceChoice(service=best.service, explanation=Explanation(steps=tuple(steps)))


# ---------------------------------------------------------------- RESP-3 marketing


class MarketingPermission(BaseModel):
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
    unit = _name(unit, "unit", "RESP-3")
    owner = _name(owner, "owner", "RESP-3")
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

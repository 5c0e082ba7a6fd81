"""大客户开发: who leads a development and which service to steer to (DEV-3..6).

Each rule has one path: a pure decision over validated values (``decide_*``), an explanation
worded from that decision through the message catalogues, and a public function that
validates its arguments once, decides and wraps a frozen result.

>>> r = ab_roles("gold", "maintenance", a="li", b="wang")
>>> r.lead, r.assist
('wang', 'li')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from keyaccount_rules.core.arguments import (
    Flag,
    as_enum,
    as_name,
    as_records,
    checked,
)
from keyaccount_rules.core.catalogue import joined, step
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result
from keyaccount_rules.core.money import MAX_YUAN, to_decimal
from keyaccount_rules.core.vocabulary import Scope, Stage, Tier, Unit
from keyaccount_rules.policy import DevelopmentPolicy, Policy, require, resolve_policy

__all__ = [
    "DevelopmentLead",
    "LeadDecision",
    "RoleAssignment",
    "RolesDecision",
    "ServiceChoice",
    "ServiceOption",
    "SteerDecision",
    "ab_roles",
    "decide_lead",
    "decide_roles",
    "decide_service",
    "development_lead",
    "explain_lead",
    "explain_roles",
    "explain_service",
    "steer_service",
]


# ---------------------------------------------------------------- DEV-3 A/B roles


class RoleAssignment(Result):
    """Who leads and who assists under the A/B role system (主辅制, DEV-3)."""

    applies: bool
    lead: str | None
    assist: str | None
    explanation: Explanation


class RolesDecision(NamedTuple):
    """DEV-3 without text: whether the system applies and, if so, who leads (A or B)."""

    tier: Tier
    stage: Stage
    minimum: Tier
    lead: str | None
    assist: str | None

    @property
    def applies(self) -> bool:
        return self.lead is not None


def decide_roles(minimum: Tier, tier: Tier, stage: Stage, a: str, b: str) -> RolesDecision:
    """SILVER and above (by policy): A leads development, B leads maintenance (DEV-3)."""
    if tier.rank < minimum.rank:
        return RolesDecision(tier, stage, minimum, None, None)
    lead, assist = (a, b) if stage is Stage.DEVELOPMENT else (b, a)
    return RolesDecision(tier, stage, minimum, lead, assist)


def explain_roles(d: RolesDecision) -> Explanation:
    """One DEV-3 step: no roles below the minimum tier, else who leads and who assists."""
    if not d.applies:
        return Explanation.of(
            step("DEV-3", "development.roles_none", minimum=d.minimum, tier=d.tier)
        )
    return Explanation.of(
        step(
            "DEV-3",
            "development.roles",
            tier=d.tier,
            minimum=d.minimum,
            stage=d.stage,
            role="A" if d.stage is Stage.DEVELOPMENT else "B",
            lead=d.lead,
            assist=d.assist,
        )
    )


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
    a = as_name(a, "a", "DEV-3")
    b = as_name(b, "b", "DEV-3")
    if a == b:
        raise RuleInputError("b", "must be another manager than a", got=b, rule="DEV-3")
    decision = decide_roles(
        require(policy, "development", policy.development).roles.min_tier, tier, stage, a, b
    )
    return RoleAssignment(
        applies=decision.applies,
        lead=decision.lead,
        assist=decision.assist,
        explanation=explain_roles(decision),
        policy_fingerprint=policy.fingerprint,
    )


# ---------------------------------------------------------------- DEV-4, DEV-5 leads


class DevelopmentLead(Result):
    """Which unit leads a development and which supports or supervises it (DEV-4, DEV-5)."""

    lead: Unit
    support: Unit | None
    explanation: Explanation


LeadCase = Literal["city", "county", "comprehensive", "professional_first", "professional_second"]


class LeadDecision(NamedTuple):
    """DEV-4/DEV-5 without text: which case applied, the lead and the supporting unit."""

    case: LeadCase
    lead: Unit
    support: Unit


def decide_lead(
    development: DevelopmentPolicy,
    scope: Scope,
    second_development: bool,
    multi_level: Literal["city", "county"] | None,
) -> LeadDecision:
    """DEV-4 for a multi-level customer, else DEV-5 by scope (REGIONAL is not decided here)."""
    plan = development.multi_level
    leads = development.leads
    if multi_level == "city":
        return LeadDecision("city", plan.city_organisation, plan.local_branches)
    if multi_level == "county":
        return LeadDecision("county", plan.local_branches, plan.city_organisation)
    if scope is Scope.COMPREHENSIVE:
        return LeadDecision("comprehensive", leads.comprehensive, leads.comprehensive_operations)
    if not second_development:
        return LeadDecision(
            "professional_first", leads.professional_first, leads.professional_supervisor
        )
    return LeadDecision("professional_second", leads.professional_second, leads.professional_first)


#: The rule and the message of each case of :func:`decide_lead`.
_LEAD_MESSAGES: dict[LeadCase, tuple[str, str]] = {
    "city": ("DEV-4", "development.lead_city"),
    "county": ("DEV-4", "development.lead_county"),
    "comprehensive": ("DEV-5", "development.lead_comprehensive"),
    "professional_first": ("DEV-5", "development.lead_professional_first"),
    "professional_second": ("DEV-5", "development.lead_professional_second"),
}


def explain_lead(d: LeadDecision) -> Explanation:
    """One step citing DEV-4 or DEV-5, worded for the case decided."""
    rule, key = _LEAD_MESSAGES[d.case]
    return Explanation.of(step(rule, key, lead=d.lead, support=d.support))


def _multi_level(value: object) -> object:
    if value is not None and value not in ("city", "county"):
        raise ValueError("must be 'city', 'county' or None")
    return value


MultiLevel = Annotated[Literal["city", "county"] | None, BeforeValidator(_multi_level)]
"""DEV-4: ``"city"`` or ``"county"`` for a multi-level customer, else ``None``."""


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
            professional customer, rather than its first development (True or False).
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
    second = checked(Flag, second_development, "second_development", rule="DEV-5")
    level = checked(MultiLevel, multi_level, "multi_level", rule="DEV-4")
    if level is None and scope is Scope.REGIONAL:
        raise RuleInputError(
            "scope",
            "DEV-5 names leads for comprehensive and professional customers only",
            got=scope.value,
            rule="DEV-5",
            fix="a regional customer belongs to its locality: use locality_owner (DEV-2)",
        )
    decision = decide_lead(require(policy, "development", policy.development), scope, second, level)
    return DevelopmentLead(
        lead=decision.lead,
        support=decision.support,
        explanation=explain_lead(decision),
        policy_fingerprint=policy.fingerprint,
    )


# ---------------------------------------------------------------- DEV-6 service steering


def _profit(value: object) -> Decimal:
    """A profit in yuan: the library's one number parser; a loss may be negative."""
    amount = to_decimal(value)
    if not amount.is_finite():
        raise ValueError("must be a finite amount")
    if amount.copy_abs() >= MAX_YUAN:  # copy_abs: no rounding in a caller's context
        raise ValueError(f"must be below {MAX_YUAN:,.0f} yuan")
    return amount.copy_abs() if amount.is_zero() else amount


class ServiceOption(BaseModel):
    """A service that can meet a customer's need, with its profit and the two limits (DEV-6)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: str = Field(min_length=1)
    profit: Annotated[Decimal, BeforeValidator(_profit)] = Field(
        description="Profit to the post, yuan."
    )
    meets_quality: Flag = True
    within_cost: Flag = True


class ServiceChoice(Result):
    """The service to steer the customer to (利益最大化原则, DEV-6), or none."""

    service: str | None
    explanation: Explanation


class SteerDecision(NamedTuple):
    """DEV-6 without text: the options outside a limit, and the best one within (if any)."""

    excluded: tuple[str, ...]
    best: ServiceOption | None


def decide_service(options: Sequence[ServiceOption]) -> SteerDecision:
    """The most profitable option within both limits; equal profit keeps the first given."""
    allowed = [o for o in options if o.meets_quality and o.within_cost]
    excluded = tuple(o.service for o in options if not (o.meets_quality and o.within_cost))
    best = max(allowed, key=lambda option: option.profit) if allowed else None
    return SteerDecision(excluded, best)


def explain_service(d: SteerDecision) -> Explanation:
    """The excluded options (if any), then the choice or that there is none (DEV-6)."""
    steps = []
    if d.excluded:
        steps.append(step("DEV-6", "development.steer_excluded", services=joined(d.excluded)))
    if d.best is None:
        steps.append(step("DEV-6", "development.steer_none"))
    else:
        steps.append(
            step(
                "DEV-6",
                "development.steer_best",
                service=d.best.service,
                profit=d.best.profit,
            )
        )
    return Explanation(steps=tuple(steps))


def steer_service(
    options: Iterable[ServiceOption], *, policy: Policy | None = None
) -> ServiceChoice:
    """Pick the most profitable service within quality and cost limits (DEV-6).

    Equal profit keeps the first option given (the caller's order of preference).

    >>> steer_service([ServiceOption(service="registered letter", profit=2),
    ...                ServiceOption(service="express", profit=9)]).service
    'express'
    """
    policy = resolve_policy(policy)
    items: list[ServiceOption] = as_records(ServiceOption, options, "options", "DEV-6")
    decision = decide_service(items)
    return ServiceChoice(
        service=None if decision.best is None else decision.best.service,
        explanation=explain_service(decision),
        policy_fingerprint=policy.fingerprint,
    )

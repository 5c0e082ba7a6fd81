"""大客户开发: who leads a development and which service to steer to (DEV-3..6).

>>> r = ab_roles("gold", "maintenance", a="li", b="wang")
>>> r.lead, r.assist
('wang', 'li')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.arguments import as_enum, as_name, as_records, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.policy import Policy
from keyaccount_rules.vocabulary import Scope, Stage, Tier, Unit

__all__ = [
    "DevelopmentLead",
    "RoleAssignment",
    "ServiceChoice",
    "ServiceOption",
    "ab_roles",
    "development_lead",
    "steer_service",
]


# ---------------------------------------------------------------- DEV-3 A/B roles


class RoleAssignment(Result):
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
    a = as_name(a, "a", "DEV-3")
    b = as_name(b, "b", "DEV-3")
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


class DevelopmentLead(Result):
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


# ---------------------------------------------------------------- DEV-6 service steering


class ServiceOption(BaseModel):
    """A service that can meet a customer's need, with its profit and the two limits (DEV-6)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: str = Field(min_length=1)
    profit: Decimal = Field(allow_inf_nan=False, description="Profit to the post, yuan.")
    meets_quality: bool = True
    within_cost: bool = True


class ServiceChoice(Result):
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
    items: list[ServiceOption] = as_records(ServiceOption, options, "options", "DEV-6")
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

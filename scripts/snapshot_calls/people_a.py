"""Calls for tests/cases/snapshots_people_a.toml: development, ownership and organisation
(DEV-1..6, RESP-3, ORG-2..4).

Read by scripts/snapshots.py (its ``FAMILIES`` registry), which runs each call and writes
the case file.
"""

from __future__ import annotations

from typing import Any

_T1 = "2026-03-01T09:00:00"


_T2 = "2026-03-02T09:00:00"


def _claim(claimant: str, unit: str, at: str) -> dict[str, Any]:
    return {"claimant": claimant, "unit": unit, "registered_at": at}


def _option(service: str, profit: Any, **limits: bool) -> dict[str, Any]:
    return {"service": service, "profit": profit, **limits}


# (name, function, inputs, policy_changes)
CALLS: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    # ---------------------------------------------------------------- DEV-3 ab_roles
    (
        "DEV-3 development: A leads",
        "ab_roles",
        {"tier": "silver", "stage": "development", "a": "li", "b": "wang"},
        {},
    ),
    (
        "DEV-3 maintenance: B leads",
        "ab_roles",
        {"tier": "diamond", "stage": "maintenance", "a": "li", "b": "wang"},
        {},
    ),
    (
        "DEV-3 below silver: no A/B roles",
        "ab_roles",
        {"tier": "general", "stage": "development", "a": "li", "b": "wang"},
        {},
    ),
    (
        "DEV-3 under a policy starting at gold, silver has no roles",
        "ab_roles",
        {"tier": "silver", "stage": "maintenance", "a": "li", "b": "wang"},
        {"development.roles.min_tier": "gold"},
    ),
    (
        "DEV-3 under a policy starting at general, general has roles",
        "ab_roles",
        {"tier": "general", "stage": "development", "a": "li", "b": "wang"},
        {"development.roles.min_tier": "general"},
    ),
    (
        "DEV-3 rejects an unknown tier",
        "ab_roles",
        {"tier": "platinum", "stage": "development", "a": "li", "b": "wang"},
        {},
    ),
    (
        "DEV-3 rejects an unknown stage",
        "ab_roles",
        {"tier": "gold", "stage": "dormant", "a": "li", "b": "wang"},
        {},
    ),
    (
        "DEV-3 rejects an empty a",
        "ab_roles",
        {"tier": "gold", "stage": "development", "a": "", "b": "wang"},
        {},
    ),
    (
        "DEV-3 rejects an empty b",
        "ab_roles",
        {"tier": "gold", "stage": "development", "a": "li", "b": ""},
        {},
    ),
    (
        "DEV-3 rejects b the same manager as a",
        "ab_roles",
        {"tier": "gold", "stage": "development", "a": "li", "b": "li"},
        {},
    ),
    # ---------------------------------------------------------------- DEV-4, DEV-5 leads
    ("DEV-5 comprehensive", "development_lead", {"scope": "comprehensive"}, {}),
    ("DEV-5 professional, first development", "development_lead", {"scope": "professional"}, {}),
    (
        "DEV-5 professional, second development",
        "development_lead",
        {"scope": "professional", "second_development": True},
        {},
    ),
    (
        "DEV-5 second development of a comprehensive customer is still the comprehensive lead",
        "development_lead",
        {"scope": "comprehensive", "second_development": True},
        {},
    ),
    (
        "DEV-5 under a policy where the provincial centre leads comprehensive customers",
        "development_lead",
        {"scope": "comprehensive"},
        {"development.leads.comprehensive": "provincial_center"},
    ),
    ("DEV-5 rejects a regional customer", "development_lead", {"scope": "regional"}, {}),
    ("DEV-5 rejects an unknown scope", "development_lead", {"scope": "global"}, {}),
    (
        "DEV-4 multi-level, city organisation",
        "development_lead",
        {"scope": "comprehensive", "multi_level": "city"},
        {},
    ),
    (
        "DEV-4 multi-level, county branch",
        "development_lead",
        {"scope": "professional", "multi_level": "county"},
        {},
    ),
    (
        "DEV-4 multi-level overrides the regional refusal",
        "development_lead",
        {"scope": "regional", "multi_level": "city"},
        {},
    ),
    (
        "DEV-4 under a policy where the provincial centre plans county branches",
        "development_lead",
        {"scope": "comprehensive", "multi_level": "county"},
        {"development.multi_level.city_organisation": "provincial_center"},
    ),
    (
        "DEV-4 rejects an unknown level",
        "development_lead",
        {"scope": "comprehensive", "multi_level": "province"},
        {},
    ),
    # ---------------------------------------------------------------- DEV-6 steer_service
    (
        "DEV-6 most profitable of two",
        "steer_service",
        {"options": [_option("registered letter", 2), _option("express", 9)]},
        {},
    ),
    (
        "DEV-6 equal profit keeps the first given",
        "steer_service",
        {"options": [_option("parcel", "5.5"), _option("express", "5.50")]},
        {},
    ),
    (
        "DEV-6 excludes options outside either limit",
        "steer_service",
        {
            "options": [
                _option("express", 50, meets_quality=False),
                _option("logistics", 40, within_cost=False),
                _option("parcel", 3),
            ]
        },
        {},
    ),
    (
        "DEV-6 no option within both limits",
        "steer_service",
        {
            "options": [
                _option("express", 50, meets_quality=False),
                _option("logistics", 40, within_cost=False),
            ]
        },
        {},
    ),
    ("DEV-6 no options at all", "steer_service", {"options": []}, {}),
    ("DEV-6 rejects options that are not a list", "steer_service", {"options": 5}, {}),
    # ---------------------------------------------------------------- DEV-1 settle_claims
    (
        "DEV-1 earliest registration wins",
        "settle_claims",
        {
            "claims": [
                _claim("chenghai", "county_center", _T1),
                _claim("chaoyang", "county_center", _T2),
            ]
        },
        {},
    ),
    (
        "DEV-1 a single claim wins",
        "settle_claims",
        {"claims": [_claim("chaoyang", "county_center", _T2)]},
        {},
    ),
    (
        "DEV-1 tie between county centres goes to the city centre",
        "settle_claims",
        {
            "claims": [
                _claim("chenghai", "county_center", _T1),
                _claim("chaoyang", "county_center", _T1),
                _claim("longhu", "county_center", _T2),
            ]
        },
        {},
    ),
    (
        "DEV-1 tie between a branch office and a county centre goes to the city centre",
        "settle_claims",
        {
            "claims": [
                _claim("jinping branch", "branch_office", _T1),
                _claim("chaoyang", "county_center", _T1),
            ]
        },
        {},
    ),
    (
        "DEV-1 under a policy escalating county ties to the province",
        "settle_claims",
        {
            "claims": [
                _claim("chenghai", "county_center", _T1),
                _claim("chaoyang", "county_center", _T1),
            ]
        },
        {"development.registration.escalate_to.county_center": "provincial_center"},
    ),
    (
        "DEV-1 aware times are ordered across zones",
        "settle_claims",
        {
            "claims": [
                _claim("chenghai", "county_center", "2026-03-01T09:00:00+08:00"),
                _claim("chaoyang", "county_center", "2026-03-01T02:00:00+00:00"),
            ]
        },
        {},
    ),
    ("DEV-1 rejects no claims", "settle_claims", {"claims": []}, {}),
    ("DEV-1 rejects claims that are not a list", "settle_claims", {"claims": 3}, {}),
    (
        "DEV-1 rejects a claimant twice",
        "settle_claims",
        {
            "claims": [
                _claim("chenghai", "county_center", _T1),
                _claim("chaoyang", "county_center", _T1),
                _claim("chenghai", "county_center", _T2),
            ]
        },
        {},
    ),
    (
        "DEV-1 rejects aware and naive times mixed",
        "settle_claims",
        {
            "claims": [
                _claim("chenghai", "county_center", _T1),
                _claim("chaoyang", "county_center", "2026-03-01T09:00:00+08:00"),
            ]
        },
        {},
    ),
    # ---------------------------------------------------------------- DEV-2 locality_owner
    ("DEV-2 signed at, place of business unknown", "locality_owner", {"signed_at": "chenghai"}, {}),
    (
        "DEV-2 business arises where signed",
        "locality_owner",
        {"signed_at": "chenghai", "arises_at": "chenghai"},
        {},
    ),
    (
        "DEV-2 business arises elsewhere: the city centre rules",
        "locality_owner",
        {"signed_at": "chenghai", "arises_at": "chaoyang"},
        {},
    ),
    (
        "DEV-2 city centres in different places: the provincial centre rules",
        "locality_owner",
        {"signed_at": "shantou", "arises_at": "jieyang", "level": "city_center"},
        {},
    ),
    (
        "DEV-2 under a policy escalating county cases to the province",
        "locality_owner",
        {"signed_at": "chenghai", "arises_at": "chaoyang"},
        {"development.registration.escalate_to.county_center": "provincial_center"},
    ),
    ("DEV-2 rejects an empty signed_at", "locality_owner", {"signed_at": ""}, {}),
    (
        "DEV-2 rejects an empty arises_at",
        "locality_owner",
        {"signed_at": "chenghai", "arises_at": ""},
        {},
    ),
    (
        "DEV-2 rejects an unknown level",
        "locality_owner",
        {"signed_at": "chenghai", "level": "village"},
        {},
    ),
    # ---------------------------------------------------------------- DEV-5 attribute_revenue
    (
        "DEV-5 revenue to serving units, unserved to the locality",
        "attribute_revenue",
        {
            "revenue": [
                {"amount": 900, "served_by": "express-bureau"},
                {"amount": "100.5"},
                {"amount": 50, "served_by": "express-bureau"},
                {"amount": "0.25", "served_by": "chenghai"},
            ],
            "locality": "chenghai",
        },
        {},
    ),
    (
        "DEV-5 no revenue at all",
        "attribute_revenue",
        {"revenue": [], "locality": "chenghai"},
        {},
    ),
    (
        "DEV-5 rejects an empty locality",
        "attribute_revenue",
        {"revenue": [], "locality": ""},
        {},
    ),
    (
        "DEV-5 rejects revenue that is not a list",
        "attribute_revenue",
        {"revenue": 7, "locality": "chenghai"},
        {},
    ),
    # ---------------------------------------------------------------- RESP-3 may_market
    ("RESP-3 the owner may market", "may_market", {"unit": "chenghai", "owner": "chenghai"}, {}),
    (
        "RESP-3 the owner may market with a declaration too",
        "may_market",
        {"unit": "chenghai", "owner": "chenghai", "declaration_approved": True},
        {},
    ),
    (
        "RESP-3 another unit with an approved declaration",
        "may_market",
        {"unit": "chaoyang", "owner": "chenghai", "declaration_approved": True},
        {},
    ),
    (
        "RESP-3 another unit without a declaration",
        "may_market",
        {"unit": "chaoyang", "owner": "chenghai"},
        {},
    ),
    ("RESP-3 rejects an empty unit", "may_market", {"unit": "", "owner": "chenghai"}, {}),
    ("RESP-3 rejects an empty owner", "may_market", {"unit": "chaoyang", "owner": ""}, {}),
    (
        "RESP-3 rejects a declaration that is not a bool",
        "may_market",
        {"unit": "chaoyang", "owner": "chenghai", "declaration_approved": "yes"},
        {},
    ),
    # ---------------------------------------------------------------- ORG-2..4 staffing_check
    (
        "ORG-2 city centre at every cap",
        "staffing_check",
        {
            "centre": "city_center",
            "roster": {
                "director": 1,
                "deputy_director": 1,
                "planning_manager": 2,
                "account_manager": 2,
                "government_account_manager": 3,
                "information_supervisor": 1,
            },
        },
        {},
    ),
    (
        "ORG-2 city centre over several caps",
        "staffing_check",
        {
            "centre": "city_center",
            "roster": {
                "director": 2,
                "planning_manager": 3,
                "account_manager": 3,
                "government_account_manager": 4,
            },
        },
        {},
    ),
    (
        "ORG-3 district centre short of account managers",
        "staffing_check",
        {"centre": "district_center", "roster": {"director": 1, "account_manager": 2}},
        {},
    ),
    (
        "ORG-3 district centre with nobody",
        "staffing_check",
        {"centre": "district_center", "roster": {}},
        {},
    ),
    (
        "ORG-3 business branch centre at the minimum, two directors",
        "staffing_check",
        {
            "centre": "business_branch_center",
            "roster": {"director": 2, "account_manager": 1, "government_account_manager": 2},
        },
        {},
    ),
    (
        "ORG-3 professional bureau with one account manager",
        "staffing_check",
        {"centre": "professional_bureau", "roster": {"government_account_manager": 1}},
        {},
    ),
    (
        "ORG-4 prefecture centre over six",
        "staffing_check",
        {
            "centre": "prefecture_center",
            "roster": {"director": 1, "deputy_director": 1, "account_manager": 5},
        },
        {},
    ),
    (
        "ORG-4 prefecture centre at six",
        "staffing_check",
        {"centre": "prefecture_center", "roster": {"account_manager": 6}},
        {},
    ),
    (
        "ORG-3 under a policy asking a professional bureau for four",
        "staffing_check",
        {"centre": "professional_bureau", "roster": {"account_manager": 3}},
        {"organisation.centres.professional_bureau.norms.0.min": 4},
    ),
    (
        "ORG-2 rejects an unknown centre",
        "staffing_check",
        {"centre": "head_office", "roster": {}},
        {},
    ),
    (
        "ORG-3 rejects an unknown post",
        "staffing_check",
        {"centre": "district_center", "roster": {"janitor": 1}},
        {},
    ),
    (
        "ORG-3 rejects a negative count",
        "staffing_check",
        {"centre": "district_center", "roster": {"director": -1}},
        {},
    ),
    (
        "ORG-3 rejects a count that is not a number",
        "staffing_check",
        {"centre": "district_center", "roster": {"director": "two"}},
        {},
    ),
    (
        "ORG-3 rejects a bool count",
        "staffing_check",
        {"centre": "district_center", "roster": {"director": True}},
        {},
    ),
    (
        "ORG-2 rejects a roster that is not a mapping",
        "staffing_check",
        {"centre": "city_center", "roster": ["director"]},
        {},
    ),
]

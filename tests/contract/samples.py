"""Real instances of the public result types, each built by its public function under a policy.

A sample is a name and a builder taking the policy to compute under; the contract
(``test_results.py``) builds every sample under the rulebook's policy and under a variant that
moves a number of every family, and checks each instance and every model inside it. A sample
that holds sets has enough members for the hash seed to change their iteration order. This
module is also run in fresh interpreters (``python -c``) to compare the JSON across hash seeds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

import keyaccount_rules as kr
from keyaccount_rules.core.periods import Month
from keyaccount_rules.records.activity import Event, Kind, RevenueRow

AS_OF = dt.date(2026, 11, 23)
BUREAU = 300_000_000
DEFAULT = kr.default_policy()
#: A variant that moves a number of every family a sample reads.
VARIANT = DEFAULT.with_changes(
    {
        "grading.tiers.gold": 80,
        "schedules.fluctuation.more_than": "0.125",
        "schedules.filing.top": 1,
        "schedules.archives.cadence.silver": "month",
        "schedules.contacts.counted": ["visit"],
        "pay.allowance.amount": 200,
        "pareto.share": "0.7",
    }
)
POLICIES: dict[str, kr.Policy] = {"default": DEFAULT, "variant": VARIANT}


def with_levels(policy: kr.Policy) -> kr.Policy:
    """``policy`` with the liangshan edition's ``levels`` section (EDITION-2), for the by-level
    rules; the same object when it has one."""
    if policy.levels is not None:
        return policy
    levels = kr.edition("liangshan").model_dump(mode="python")["levels"]
    return kr.policy.parse_policy({**policy.model_dump(mode="python"), "levels": levels})


LIANGSHAN = kr.edition("liangshan")
LIANGSHAN_VARIANT = LIANGSHAN.with_changes({"pareto.share": "0.7"})


def liangshan(policy: kr.Policy) -> kr.Policy:
    """The liangshan edition (classed by level) in the place of ``policy``: its variant for
    the variant, so each sample is still built under two policies."""
    return LIANGSHAN if policy is DEFAULT else LIANGSHAN_VARIANT


@dataclass(frozen=True)
class Sample:
    """One instance of a public model: ``build(policy)`` computes it under ``policy``;
    ``decided_under(policy)`` is the policy whose fingerprint a result must carry."""

    name: str
    build: Callable[[kr.Policy], BaseModel]
    decided_under: Callable[[kr.Policy], kr.Policy] = lambda policy: policy


def _customer() -> kr.Customer:
    return kr.Customer(
        name="汕头某物流公司",
        scope="regional",
        last_year_revenue={"logistics": 620_000, "express": 300_000},
        current_month_revenue={"logistics": 52_000, "express": 30_000},
        customer_id="44050700012000",
    )


def _wide_customer() -> kr.Customer:
    return kr.Customer(
        name="A",
        scope="regional",
        last_year_revenue={
            "express": 300000,
            "logistics": 620000,
            "bills": 90000,
            "letters": 40000,
        },
        current_month_revenue={
            "express": 30000,
            "logistics": 52000,
            "bills": 9000,
            "letters": 4000,
        },
    )


def _evaluation(policy: kr.Policy) -> kr.Evaluation:
    return kr.evaluate(
        _customer(),
        bureau_annual_revenue=BUREAU,
        as_of=AS_OF,
        refresh_dates=[dt.date(2026, 10, 5)],
        contact_dates=[dt.date(2026, 11, 2), dt.date(2026, 11, 9)],
        policy=policy,
    )


def _comparison(policy: kr.Policy) -> kr.Comparison:
    customers = [
        _customer(),
        kr.Customer(name="B", last_year_revenue={"express": 900_000}),
        kr.Customer(
            name="C",  # 80 points: gold at 75 or 80, silver at 85
            last_year_revenue={"express": 700_000},
            current_month_revenue={"express": 60_000},
        ),
    ]
    return kr.compare(
        customers,
        DEFAULT,
        policy.with_changes({"grading.tiers.gold": 85}),
        bureau_annual_revenue=BUREAU,
        as_of=AS_OF,
    )


FULL_QUALITY = {"groundwork": 1, "service": 1, "feedback": 1, "marketing": 1}
QUALITY = {"groundwork": "0.9", "service": 1, "feedback": "0.8", "marketing": "0.333"}
ATTAINMENT = {
    "archives": 1,
    "contact": 1,
    "market_research": "0.5",
    "retention": 1,
    "other": 0,
    "project_planning": 1,
    "new_accounts": "0.25",
    "annual_target": 1,
}
T1 = dt.datetime(2026, 3, 1, 9)
CONTACTS = [
    dt.date(2025, 1, 2),
    kr.Contact(on=dt.date(2025, 1, 3), kind="call"),
    kr.Contact(on=dt.date(2025, 2, 14), kind="greeting"),
    kr.Contact(on=dt.date(2025, 3, 1), kind="leadership_visit"),
]
OCTOBER = kr.BusinessCalendar(non_working_days={dt.date(2025, 10, d) for d in range(1, 8)})
#: Thirty keys: enough for a set's iteration order to change with the hash seed.
KEYS = [f"customer-{i:03d}" for i in range(30)]


def _log_entry(stage: str = "initial_contact") -> kr.LogEntry:
    return kr.LogEntry(
        stage=stage,
        on=dt.date(2026, 3, 1),
        content="discussed bill mail volumes",
        method="visit",
        our_participants=["Li Ming"],
        customer_participants=["Wang Fang"],
    )


def _agenda(policy: kr.Policy) -> kr.Agenda:
    visit = Event(2, "汕头某物流公司", dt.date(2026, 11, 3), Kind.VISIT, "li")
    return kr.agenda(
        [_customer()], [visit], as_of=AS_OF, bureau_annual_revenue=BUREAU, policy=policy
    )


def _agenda_by_level(policy: kr.Policy) -> kr.Agenda:
    """Under levels: a customer ``levels`` does not name is a problem row, never a default."""
    customers = [kr.Customer(name="州财政局"), kr.Customer(name="某县医院"), kr.Customer(name="X")]
    activity = [
        Event(2, "州财政局", dt.date(2026, 3, 2), Kind.CONTACT, "li"),
        Event(3, "某县医院", dt.date(2026, 3, 5), Kind.KEY_DATE, "wang", "厂长生日"),
    ]
    return kr.agenda(
        customers,
        activity,
        as_of=dt.date(2026, 3, 10),
        bureau_annual_revenue=BUREAU,
        levels={"州财政局": "prefecture", "某县医院": "county"},
        policy=liangshan(policy),
    )


def _revenue_rows() -> list[RevenueRow]:
    """Twenty-six months of four customers: gained, lost, a >30% swing, a gold filing."""
    rows: list[RevenueRow] = []
    monthly = {
        "A": ("express", 90_000, 60_000),
        "B": ("logistics", 58_000, 59_000),
        "C": ("bills", 500, 12_000),
        "D": ("letters", 2_000, 0),
    }
    months = [Month(2024, 10).shift(n) for n in range(26)]
    for key, (line, before, now) in monthly.items():
        for month in months:
            amount = now if month == Month(2026, 11) else before
            rows.append(
                RevenueRow(len(rows) + 2, key, month, kr.BusinessLine(line), Decimal(amount))
            )
    return rows


def _report(policy: kr.Policy) -> kr.MonthlyReport:
    return kr.monthly_report(
        _revenue_rows(), month="2026-11", bureau_annual_revenue=BUREAU, policy=policy
    )


def _report_by_level(policy: kr.Policy) -> kr.MonthlyReport:
    return kr.monthly_report(
        _revenue_rows(),
        month="2026-11",
        bureau_annual_revenue=BUREAU,
        levels={"A": "prefecture", "B": "county", "C": "county", "D": None},
        policy=liangshan(policy),
    )


def _level_history(policy: kr.Policy) -> kr.LevelHistory:
    """G-20: the quarters from 2025-10 on; E grows past A on express, so A moves down to
    county level and E up to prefecture; designations change mid-quarter."""
    rows = _revenue_rows()
    rows += [
        RevenueRow(len(rows) + 2 + n, "E", month, kr.BusinessLine.EXPRESS, Decimal(amount))
        for n, month in enumerate(Month(2024, 10).shift(k) for k in range(26))
        if (amount := 10_000 if month < Month(2026, 1) else 900_000)
    ]
    return kr.level_history(
        rows,
        designated={dt.date(2025, 10, 1): ["B", "C"], dt.date(2026, 3, 5): ["A", "C", "E"]},
        always_include=["B"],
        policy=liangshan(policy),
    )


def _report_by_dated_levels(policy: kr.Policy) -> kr.MonthlyReport:
    return kr.monthly_report(
        _revenue_rows(),  # E's revenue is not in it: a customer of the levels alone
        month="2026-11",
        bureau_annual_revenue=BUREAU,
        levels=_level_history(policy),
        policy=liangshan(policy),
    )


def _level_duties(policy: kr.Policy) -> kr.LevelDuties:
    return kr.level_duties(
        "county", AS_OF, key_dates={AS_OF: "厂长生日"}, contacts=[AS_OF], policy=with_levels(policy)
    )


def _pay_run(policy: kr.Policy) -> kr.PayRun:
    return kr.pay_run(
        [
            kr.PayrollEntry(
                manager="李", quality=QUALITY, collections=(kr.Collection("express", "0.13"),)
            ),
            kr.PayrollEntry(manager="wang", quality=FULL_QUALITY),
        ],
        month=dt.date(2026, 11, 30),
        policy=policy,
    )


def _samples() -> list[Sample]:
    s = Sample
    return [
        # one customer
        s("Customer", lambda p: _customer()),
        s("Qualification", lambda p: kr.qualify(_customer(), policy=p)),
        s("Grading", lambda p: kr.grade(1_200_000, BUREAU, policy=p)),
        s(
            "WhatItTakes to diamond",
            lambda p: kr.what_it_takes(
                _customer(), kr.Tier.DIAMOND, bureau_annual_revenue=BUREAU, as_of=AS_OF, policy=p
            ),
        ),
        s(
            "WhatItTakes to keep silver",
            lambda p: kr.what_it_takes(
                _customer(), ("keep", "silver"), bureau_annual_revenue=BUREAU, as_of=AS_OF, policy=p
            ),
        ),
        s(
            "WhatItTakes unreachable",
            lambda p: kr.what_it_takes(
                kr.Customer(name="新客户"),
                "key_account",
                bureau_annual_revenue=BUREAU,
                as_of=AS_OF,
                policy=p,
            ),
        ),
        s(
            "Grading by approval",
            lambda p: kr.grade(50_000, BUREAU, special_diamond_approval=True, policy=p),
        ),
        s(
            "Assignment delegated",
            lambda p: kr.responsible_unit(
                "diamond", "regional", delegated_to="prefecture_bureau", specialised=True, policy=p
            ),
        ),
        s("VisitRequirement", lambda p: kr.visit_requirement("gold", "regional", policy=p)),
        s("Evaluation", _evaluation),
        s(
            "Evaluation of four lines",
            lambda p: kr.evaluate(
                _wide_customer(), bureau_annual_revenue=BUREAU, as_of=AS_OF, policy=p
            ),
        ),
        s(
            "Evaluation of a customer that does not qualify",
            lambda p: kr.evaluate(
                kr.Customer(name="Z"), bureau_annual_revenue=BUREAU, as_of=AS_OF, policy=p
            ),
        ),
        s(
            "Outcome",
            lambda p: kr.evaluate(
                _customer(), bureau_annual_revenue=BUREAU, as_of=AS_OF, policy=p, explain=False
            ),
        ),
        s(
            "Outcome of a customer that does not qualify",
            lambda p: kr.evaluate(
                kr.Customer(name="Z"),
                bureau_annual_revenue=BUREAU,
                as_of=AS_OF,
                policy=p,
                explain=False,
            ),
        ),
        s("Explanation", lambda p: kr.grade(1_200_000, BUREAU, policy=p).explanation),
        s("Step", lambda p: kr.grade(1_200_000, BUREAU, policy=p).explanation[-1]),
        # schedules
        s(
            "ArchiveStatus",
            lambda p: kr.archive_status(
                "gold", [dt.date(2026, 1, 10), dt.date(2026, 3, 2)], dt.date(2026, 4, 20), policy=p
            ),
        ),
        s(
            "ArchiveStatus with a tier history",
            lambda p: kr.archive_status_with_history(
                {dt.date(2025, 1, 1): "silver", dt.date(2025, 5, 10): "gold"},
                [dt.date(2025, 2, 1), dt.date(2025, 6, 20)],
                dt.date(2025, 7, 5),
                policy=p,
            ),
        ),
        s(
            "VisitCompliance",
            lambda p: kr.visit_compliance(
                "gold", "comprehensive", CONTACTS, dt.date(2025, 2, 1), policy=p
            ),
        ),
        s(
            "VisitYear",
            lambda p: kr.visit_year(
                "gold", "comprehensive", CONTACTS, 2025, as_of=dt.date(2025, 3, 31), policy=p
            ),
        ),
        s("Fluctuation", lambda p: kr.fluctuation(100_000, 60_000, policy=p)),
        s(
            "Fluctuation of a one-time customer",
            lambda p: kr.fluctuation("1,000", 0, one_time=True, policy=p),
        ),
        s(
            "KeyCustomerList of thirty",
            lambda p: kr.key_customers(
                {k: i + 1 for i, k in enumerate(KEYS)}, dict.fromkeys(KEYS, "gold"), policy=p
            ),
        ),
        s(
            "KeyCustomerList by tier",
            lambda p: kr.key_customers(
                {"a": 300, "b": 200, "c": 100, "d": 50},
                {"a": "diamond", "b": "gold", "c": "general", "d": "silver"},
                policy=p,
            ),
        ),
        s(
            "FilingList of sixty",
            lambda p: kr.provincial_filing_list(
                {f"k{i:02d}": 1000 + i % 7 for i in range(60)},
                tiers={f"k{i:02d}": "gold" for i in range(60)},
                policy=p,
            ),
        ),
        s(
            "FilingList",
            lambda p: kr.provincial_filing_list(
                {"a": 600_000, "b": 10, "c": 520_000, "d": 700_000},
                tiers={"a": "gold", "b": "gold", "c": "gold", "d": "diamond"},
                policy=p,
            ),
        ),
        s("WorkCalendar of a month", lambda p: kr.month_calendar(dt.date(2025, 10, 1), policy=p)),
        s(
            "WorkCalendar on business days",
            lambda p: kr.work_calendar(
                dt.date(2025, 10, 1), dt.date(2025, 10, 31), business_days=OCTOBER, policy=p
            ),
        ),
        s("WorkCalendar of a year", lambda p: kr.year_calendar(2025, policy=p)),
        s(
            "BusinessCalendar",
            lambda p: kr.BusinessCalendar(
                non_working_days={dt.date(2025, 10, d) for d in range(1, 29)}, weekend={6, 5, 0}
            ),
        ),
        s(
            "LogCheck",
            lambda p: kr.check_marketing_log(
                "diamond", "proposal", [_log_entry()], scope="regional", as_of=AS_OF, policy=p
            ),
        ),
        s(
            "LogCheck with a problem",
            lambda p: kr.check_marketing_log("gold", "proposal", [], as_of=AS_OF, policy=p),
        ),
        s("Contact", lambda p: kr.Contact(on=dt.date(2026, 11, 2), kind="visit", note="n")),
        s("LogEntry", lambda p: _log_entry()),
        # by level (EDITION-2)
        s("LevelPlan", lambda p: kr.level_plan("prefecture", policy=with_levels(p)), with_levels),
        s("LevelDuties", _level_duties, with_levels),
        # the month: one account's duties, decided once
        s(
            "MonthDuties",
            lambda p: kr.month_duties(
                AS_OF,
                kr.AccountMonth(contacts=(kr.Contact(on=dt.date(2026, 11, 2)),)),
                tier="gold",
                scope="regional",
                policy=p,
            ),
        ),
        s(
            "MonthDuties by level",
            lambda p: kr.month_duties(AS_OF, level="county", policy=liangshan(p)),
            liangshan,
        ),
        s(
            "Facts",
            lambda p: kr.Facts.of(as_of=AS_OF, bureau_annual_revenue=BUREAU, policy=p),
        ),
        # the month
        s("Agenda", _agenda),
        s("Agenda by level with a problem row", _agenda_by_level, liangshan),
        s("MonthlyReport", _report),
        s("MonthlyReport by level", _report_by_level, liangshan),
        s("LevelHistory", _level_history, liangshan),
        s("MonthlyReport by dated level", _report_by_dated_levels, liangshan),
        # people and ownership
        s(
            "Payslip",
            lambda p: kr.monthly_pay(
                FULL_QUALITY,
                [
                    kr.Collection("bills", "1234.50"),
                    kr.Collection("bills", 10000, project="帐单", collected_on=dt.date(2026, 3, 9)),
                    kr.Collection("bills", 10000, project="帐单", collected_on=dt.date(2026, 3, 2)),
                ],
                outstanding_award=300,
                policy=p,
            ),
        ),
        s("PayRun", _pay_run),
        s("Appraisal", lambda p: kr.appraise_manager(ATTAINMENT, policy=p)),
        s(
            "CoreAccounts",
            lambda p: kr.pareto_selection(
                {"x": {"express": 5}, "y": {"express": 3}, "z": {"express": 1}, "w": {"bills": 2}},
                policy=p,
            ),
        ),
        s(
            "CoreAccounts of thirty with partners",
            lambda p: kr.pareto_selection(
                {k: {"express": i + 1} for i, k in enumerate(KEYS)},
                always_include=["zz", "tax", "city"],
                policy=p,
            ),
        ),
        s(
            "ClaimRuling",
            lambda p: kr.settle_claims(
                [
                    kr.Claim(claimant="chaoyang", unit="county_center", registered_at=T1),
                    kr.Claim(
                        claimant="chenghai",
                        unit="county_center",
                        registered_at=dt.datetime(2026, 3, 2),
                    ),
                ],
                policy=p,
            ),
        ),
        s(
            "ClaimRuling of a tie",
            lambda p: kr.settle_claims(
                [
                    kr.Claim(claimant="chenghai", unit="county_center", registered_at=T1),
                    kr.Claim(claimant="chaoyang", unit="branch_office", registered_at=T1),
                ],
                policy=p,
            ),
        ),
        s(
            "LocalityRuling",
            lambda p: kr.locality_owner("chenghai", arises_at="chaoyang", policy=p),
        ),
        s(
            "MarketingPermission",
            lambda p: kr.may_market("chaoyang", "chenghai", declaration_approved=True, policy=p),
        ),
        s(
            "RevenueAttribution",
            lambda p: kr.attribute_revenue(
                [
                    kr.ServedRevenue(amount=900, served_by="express-bureau"),
                    kr.ServedRevenue(amount="100.5"),
                    kr.ServedRevenue(amount="0.01", served_by="express-bureau"),
                ],
                locality="chenghai",
                policy=p,
            ),
        ),
        s(
            "RoleAssignment",
            lambda p: kr.ab_roles("silver", "development", a="li", b="wang", policy=p),
        ),
        s("DevelopmentLead", lambda p: kr.development_lead("professional", policy=p)),
        s(
            "ServiceChoice",
            lambda p: kr.steer_service(
                [
                    kr.ServiceOption(service="express", profit="9.5", meets_quality=False),
                    kr.ServiceOption(service="parcel", profit="0.1"),
                    kr.ServiceOption(service="bills", profit="-2.5"),
                ],
                policy=p,
            ),
        ),
        s(
            "StaffingCheck",
            lambda p: kr.staffing_check(
                "city_center", {"director": 2, "account_manager": 3}, policy=p
            ),
        ),
        s(
            "StaffingCheck of an empty centre",
            lambda p: kr.staffing_check("district_center", {}, policy=p),
        ),
        s(
            "Collection",
            lambda p: kr.Collection(
                "bills", "1234.50", project="帐单", collected_on=dt.date(2026, 3, 2)
            ),
        ),
        s(
            "PayrollEntry",
            lambda p: kr.PayrollEntry(
                manager="li", quality=QUALITY, collections=(kr.Collection("bills", 1),)
            ),
        ),
        s("Claim", lambda p: kr.Claim(claimant="chaoyang", unit="county_center", registered_at=T1)),
        s("ServedRevenue", lambda p: kr.ServedRevenue(amount=900, served_by="express-bureau")),
        s("ServiceOption", lambda p: kr.ServiceOption(service="express", profit=10)),
        # portfolios, comparison, verification, the policy
        s("Comparison", _comparison),
        s(
            "ParameterChange",
            lambda p: kr.ParameterChange.of(
                kr.diff_policies(p, p.with_changes({"grading.tiers.gold": 81}))[0]
            ),
        ),
        s(
            "AuditRecord",
            lambda p: kr.audit(
                kr.evaluate, _customer(), bureau_annual_revenue=BUREAU, as_of=AS_OF, policy=p
            ),
        ),
        s(
            "Reproduction",
            lambda p: kr.reproduce(
                kr.audit("grade", "1200000", "43879110", policy=DEFAULT), policy=p
            ),
        ),
        s("Policy", lambda p: p),
        s("Policy of the shantou edition", lambda p: kr.edition("shantou")),
        s("Policy of the liangshan edition", lambda p: kr.edition("liangshan")),
    ]


SAMPLES: dict[str, Sample] = {sample.name: sample for sample in _samples()}


def build(name: str, label: str) -> BaseModel:
    """The sample ``name`` built under the policy ``label`` (``"default"`` or ``"variant"``)."""
    return SAMPLES[name].build(POLICIES[label])


def every_json() -> dict[str, Any]:
    """Every sample's ``model_dump_json()`` under every policy, by ``"<name> / <label>"``."""
    return {
        f"{name} / {label}": build(name, label).model_dump_json()
        for name in SAMPLES
        for label in POLICIES
    }


if __name__ == "__main__":  # the hash-seed check runs this in a fresh interpreter
    print(json.dumps(every_json(), ensure_ascii=False))

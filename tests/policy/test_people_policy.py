"""The people-family policy sections (§10–§14): defaults, sources, and rejected variants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import keyaccount_rules as kr
from keyaccount_rules import AppraisalItem, BusinessLine, Collection, PayIndicator


def test_the_default_people_sections_carry_the_rulebook_numbers() -> None:
    policy = kr.default_policy()
    assert policy.pay.performance.base == Decimal(800)
    assert set(policy.pay.performance.weights.values()) == {Decimal("0.25")}
    assert set(policy.pay.marketing.rates.values()) == {Decimal("0.05")}
    assert set(policy.pay.marketing.rates) == set(BusinessLine)
    assert policy.pay.allowance.amount == Decimal(150)
    assert policy.pareto.share == Decimal("0.8")
    assert policy.appraisal.total == 100
    assert policy.development.roles.min_tier is kr.Tier.SILVER


def test_every_people_section_names_its_rule_and_a_chinese_source() -> None:
    policy = kr.default_policy()
    sections = [
        policy.pay.performance,
        policy.pay.marketing,
        policy.pay.allowance,
        policy.appraisal,
        policy.pareto,
        policy.development.registration,
        policy.development.roles,
        policy.development.multi_level,
        policy.development.leads,
        *policy.organisation.centres.values(),
    ]
    for section in sections:
        assert section.rule.split("-")[0] in {"PAY", "APPR", "PARETO", "DEV", "ORG"}
        assert section.source.startswith(("001", "002"))


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        pytest.param(
            {"pay.marketing.rates.express": Decimal("1.5")},
            "pay.marketing.rates.express",
            id="rate-over-1",
        ),
        pytest.param(
            {"pay.performance.weights.groundwork": Decimal("-0.25")},
            "pay.performance.weights.groundwork",
            id="negative-weight",
        ),
        pytest.param({"pay.allowance.amount": -1}, "pay.allowance.amount", id="negative-allowance"),
        pytest.param({"appraisal.total": 90}, "appraisal.total", id="groups-not-total"),
        pytest.param({"pareto.share": 0}, "pareto.share", id="share-zero"),
        pytest.param(
            {"organisation.centres.professional_bureau.norms.0.min": None},
            "organisation.centres.professional_bureau.norms.0",
            id="norm-without-bound",
        ),
        pytest.param(
            {"development.roles.min_tier": "platinum"},
            "development.roles.min_tier",
            id="unknown-tier",
        ),
    ],
)
def test_a_broken_people_section_is_rejected_naming_its_field(
    changes: dict[str, Any], path: str
) -> None:
    with pytest.raises(kr.PolicyError) as info:
        kr.default_policy().with_changes(changes)
    assert any(str(problem).startswith(path) for problem in info.value.problems), (
        info.value.problems
    )


def _without(section: str, key: str) -> dict[str, Any]:
    data = kr.default_policy().model_dump(mode="python")
    node = data
    for part in section.split("."):
        node = node[part]
    del node[next(k for k in node if str(k) == key)]
    return data


@pytest.mark.parametrize(
    ("section", "key", "path"),
    [
        pytest.param("pay.marketing.rates", "parcels", "pay.marketing.rates.parcels", id="rate"),
        pytest.param(
            "pay.performance.weights", "feedback", "pay.performance.weights.feedback", id="weight"
        ),
        pytest.param("appraisal.items", "contact", "appraisal.items.contact", id="item"),
        pytest.param(
            "development.registration.escalate_to",
            "branch_office",
            "development.registration.escalate_to.branch_office",
            id="escalation",
        ),
    ],
)
def test_a_missing_entry_is_rejected_naming_it(section: str, key: str, path: str) -> None:
    problems = kr.check_policy(_without(section, key))
    assert any(problem.path.startswith(path) for problem in problems), problems


@pytest.mark.parametrize(
    "model",
    [kr.Payslip, kr.PayRun, kr.Appraisal, kr.CoreAccounts, kr.ClaimRuling, kr.StaffingCheck],
)
def test_result_models_build_a_json_schema(model: type[Any]) -> None:
    assert model.model_json_schema(mode="serialization")["type"] == "object"


@pytest.mark.parametrize(
    "name",
    [
        "monthly_pay",
        "Collection",
        "PayIndicator",
        "appraise_manager",
        "AppraisalItem",
        "core_accounts",
    ],
)
def test_the_api_names_are_exported(name: str) -> None:
    assert hasattr(kr, name)


def test_every_exported_name_exists() -> None:
    missing = [name for name in kr.__all__ if not hasattr(kr, name)]
    assert missing == []


def test_the_new_enums_have_chinese_labels() -> None:
    assert PayIndicator.SERVICE.zh == "大客户服务和维护"
    assert AppraisalItem.NEW_ACCOUNTS.zh == "发展新大客户"
    assert all(member.zh for enum in (kr.Post, kr.Centre, kr.Stage) for member in enum)


def test_results_are_frozen() -> None:
    slip = kr.monthly_pay(dict.fromkeys(PayIndicator, 1), [Collection("express", 1)])
    with pytest.raises(ValueError, match="frozen"):
        slip.total = Decimal(0)  # type: ignore[misc]
    run = kr.pay_run([], month=date(2026, 1, 1))
    with pytest.raises(ValueError, match="frozen"):
        run.month = "2026-02"  # type: ignore[misc]

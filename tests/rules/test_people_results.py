"""Results of the people and ownership rules: read-only parts, context-proof answers, exports.

Appraisal (APPR), compensation (PAY), development (DEV-3..6), ownership (DEV-1, DEV-2, DEV-5,
RESP-3), Pareto (PARETO-1) and organisation (ORG-2..4). Round trips, closed and frozen models,
fingerprints and hash seeds are the shared contract's (tests/contract/test_results.py).
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest
from pydantic import BaseModel

import keyaccount_rules as kr
from keyaccount_rules import AppraisalItem, BusinessLine, Collection, PayIndicator, Policy
from keyaccount_rules.io.csv_text import pay_run_csv
from keyaccount_rules.io.json_text import pay_run_json

DEFAULT = kr.default_policy()
#: A bureau's own allowance: a variant whose fingerprint differs from the default's.
VARIANT = DEFAULT.with_changes({"pay.allowance.amount": 200, "pareto.share": "0.7"})
POLICIES = [pytest.param(DEFAULT, id="default"), pytest.param(VARIANT, id="variant")]
AT = datetime(2026, 3, 1, 9)
QUALITY = {
    PayIndicator.GROUNDWORK: "0.9",
    PayIndicator.SERVICE: 1,
    PayIndicator.FEEDBACK: "0.8",
    PayIndicator.MARKETING: "0.333",
}
VOLUMES = {
    "power": {"express": 6000, "bills": 100},
    "bank": {"express": 2000, "bills": "900.01"},
    "school": {"express": 2000},
    "shop": {"letters": 50},
}


def _calls(policy: Policy) -> dict[str, Callable[[], BaseModel]]:
    """One call of every public function of the families, each returning its result."""
    return {
        "appraise_manager": lambda: kr.appraise_manager(
            dict.fromkeys(AppraisalItem, "0.333") | {AppraisalItem.NEW_ACCOUNTS: "0.5"},
            policy=policy,
        ),
        "monthly_pay": lambda: kr.monthly_pay(
            QUALITY,
            [Collection("bills", "1234.57"), Collection("express", "999999999.99")],
            outstanding_award=300,
            policy=policy,
        ),
        "pay_run": lambda: kr.pay_run(
            [
                kr.PayrollEntry(
                    manager="李", quality=QUALITY, collections=(Collection("express", "0.13"),)
                ),
                kr.PayrollEntry(manager="wang", quality=dict.fromkeys(PayIndicator, 1)),
            ],
            month=date(2026, 11, 30),
            policy=policy,
        ),
        "ab_roles": lambda: kr.ab_roles("gold", "maintenance", a="li", b="wang", policy=policy),
        "development_lead": lambda: kr.development_lead("professional", policy=policy),
        "steer_service": lambda: kr.steer_service(
            [
                kr.ServiceOption(service="express", profit="9.5", meets_quality=False),
                kr.ServiceOption(service="parcel", profit="0.1"),
            ],
            policy=policy,
        ),
        "settle_claims": lambda: kr.settle_claims(
            [
                kr.Claim(claimant="chenghai", unit="county_center", registered_at=AT),
                kr.Claim(claimant="chaoyang", unit="branch_office", registered_at=AT),
            ],
            policy=policy,
        ),
        "locality_owner": lambda: kr.locality_owner(
            "chenghai", arises_at="chaoyang", policy=policy
        ),
        "attribute_revenue": lambda: kr.attribute_revenue(
            [
                kr.ServedRevenue(amount=900, served_by="express-bureau"),
                kr.ServedRevenue(amount="100.5"),
                kr.ServedRevenue(amount="0.01", served_by="express-bureau"),
            ],
            locality="chenghai",
            policy=policy,
        ),
        "may_market": lambda: kr.may_market(
            "chaoyang", "chenghai", declaration_approved=True, policy=policy
        ),
        "pareto_selection": lambda: kr.pareto_selection(
            VOLUMES, always_include=["tax-bureau"], policy=policy
        ),
        "staffing_check": lambda: kr.staffing_check(
            "city_center", {"director": 2, "account_manager": 3}, policy=policy
        ),
    }


def test_credited_revenue_cannot_be_changed_after_the_ruling_dev_5() -> None:
    result = _calls(DEFAULT)["attribute_revenue"]()
    with pytest.raises(TypeError, match="read-only"):
        result.credited["chenghai"] = Decimal("999999")  # type: ignore[attr-defined]
    assert result.credited["chenghai"] == Decimal("100.50")  # type: ignore[attr-defined]


def test_a_payroll_entrys_quality_cannot_be_changed_after_validation_pay_1() -> None:
    entry = kr.PayrollEntry(manager="li", quality=dict.fromkeys(PayIndicator, 1))
    with pytest.raises(TypeError, match="read-only"):
        entry.quality[PayIndicator.SERVICE] = Decimal(0)  # type: ignore[index]


def test_the_marketing_rates_of_a_policy_cannot_be_changed_behind_its_fingerprint_pay_2() -> None:
    policy = DEFAULT.with_changes({"pay.allowance.amount": 151})  # a private copy to try on
    before = kr.monthly_pay(QUALITY, [Collection("express", 10000)], policy=policy)
    with pytest.raises(TypeError):
        policy.pay.marketing.rates[BusinessLine.EXPRESS] = Decimal("0.5")  # type: ignore[index]
    after = kr.monthly_pay(QUALITY, [Collection("express", 10000)], policy=policy)
    assert after == before


def test_a_variant_policy_gives_another_fingerprint_than_the_default() -> None:
    assert VARIANT.fingerprint != DEFAULT.fingerprint


@pytest.mark.parametrize("function", sorted(_calls(DEFAULT)))
def test_a_callers_low_precision_changes_no_answer(function: str) -> None:
    expected = _calls(DEFAULT)[function]()
    with decimal.localcontext() as context:
        context.prec = 6
        context.rounding = decimal.ROUND_DOWN
        assert _calls(DEFAULT)[function]() == expected


@pytest.mark.parametrize("function", sorted(_calls(DEFAULT)))
def test_a_callers_trapped_inexact_raises_nothing_and_changes_no_answer(function: str) -> None:
    expected = _calls(DEFAULT)[function]()
    with decimal.localcontext() as context:
        context.traps[decimal.Inexact] = True
        context.traps[decimal.Rounded] = True
        assert _calls(DEFAULT)[function]() == expected


def test_pay_under_precision_6_keeps_every_fen_pay_5() -> None:
    with decimal.localcontext() as context:
        context.prec = 6
        slip = kr.monthly_pay(QUALITY, [Collection("bills", "1234567.89")])
    assert slip.marketing_reward == Decimal("61728.39")  # 1,234,567.89 × 5% = 61,728.3945


def test_a_pareto_share_that_does_not_divide_evenly_under_a_trapped_inexact_pareto_1() -> None:
    volumes = {"a": {"express": 5}, "b": {"express": 1}, "c": {"express": 1}}
    with decimal.localcontext() as context:
        context.traps[decimal.Inexact] = True
        result = kr.pareto_selection(volumes)
    assert "the top 2 reach 6.00 = 85.71% ≥ 80%: a, b" in str(result.explanation)


def test_the_json_of_a_result_holding_a_set_writes_it_sorted_pareto_1() -> None:
    volumes = {key: {"express": 10} for key in "abcdefghijklmnopqrstuvwxyz"}
    result = kr.pareto_selection(volumes, always_include=["zz", "tax", "city"])
    assert '"accounts":["a","b","c",' in result.model_dump_json()


def test_the_pay_run_files_come_from_the_io_exports_and_match_the_methods_pay_5() -> None:
    run = _calls(DEFAULT)["pay_run"]()
    assert isinstance(run, kr.PayRun)
    assert pay_run_csv(run) == run.to_csv()
    assert pay_run_json(run) == run.to_json()
    assert pay_run_csv(run).splitlines()[1] == ("2026-11,李,606.60,0.01,150.00,0.00,756.61,1")


def test_the_pay_run_exports_refuse_something_that_is_not_a_pay_run() -> None:
    with pytest.raises(kr.RuleInputError, match="run: must be a PayRun"):
        pay_run_csv({"month": "2026-11"})  # type: ignore[arg-type]
    with pytest.raises(kr.RuleInputError, match="run: must be a PayRun"):
        pay_run_json([])  # type: ignore[arg-type]

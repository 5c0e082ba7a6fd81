"""Audit records: a result as JSON, re-run to show that it reproduces (or why not)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.verification.dispatch import FunctionLookupError

AS_OF = dt.date(2026, 11, 1)


def _customer() -> kr.Customer:
    return kr.Customer(
        name="汕头某物流公司",
        scope="regional",
        last_year_revenue={"logistics": 620_000},
        current_month_revenue={"logistics": 52_000},
        customer_id="44050700012000",
    )


def _evaluation_record(policy: kr.Policy | kr.PolicyHistory | None = None) -> kr.AuditRecord:
    return kr.audit(
        kr.evaluate, _customer(), bureau_annual_revenue=1_000_000_000, as_of=AS_OF, policy=policy
    )


def test_a_record_holds_inputs_outputs_explanation_version_and_policy_fingerprint() -> None:
    record = _evaluation_record()
    data = json.loads(record.model_dump_json())
    assert data["function"] == "evaluate"
    assert data["inputs"]["customer"]["last_year_revenue"] == {"logistics": "620000.00"}
    assert data["inputs"]["customer"]["customer_id"] == "44050700012000"
    assert data["inputs"]["as_of"] == "2026-11-01"
    assert data["outputs"]["key_account"] is True
    assert data["outputs"]["grading"]["tier"] == "silver"
    assert "explanation" not in data["outputs"]
    assert data["explanation"][0] == {
        "rule": "QUAL-1",
        "text": "no signed business agreement",
        "text_zh": "未签订业务协议",
    }
    assert data["library_version"] == kr.__version__
    assert data["policy_fingerprint"] == kr.default_policy().fingerprint
    assert data["policy_name"] == "combined"
    assert record.result.tier is kr.Tier.SILVER


def test_a_record_read_back_from_json_reproduces() -> None:
    record = kr.AuditRecord.model_validate_json(_evaluation_record().model_dump_json())
    assert record.result is None
    check = kr.reproduce(record)
    assert check.reproduces
    assert check.same_policy
    assert check.same_outputs
    assert check.same_explanation
    assert check.differences == ()
    assert check.rerun is not None
    assert check.rerun.outputs == record.outputs


def test_a_record_does_not_reproduce_after_a_policy_change() -> None:
    record = kr.AuditRecord.model_validate_json(_evaluation_record().model_dump_json())
    changed = kr.default_policy().with_changes({"grading.tiers.silver": 73})
    check = kr.reproduce(record, policy=changed)
    assert not check.reproduces
    assert not check.same_policy
    assert not check.same_outputs
    assert "policy: fingerprint differs" in check.differences
    assert "outputs.grading.tier: 'silver' became 'general'" in check.differences


def test_a_policy_change_that_does_not_change_the_result_still_does_not_reproduce() -> None:
    record = _evaluation_record()
    renamed = kr.default_policy().with_changes({"version": "2026.9"})
    check = kr.reproduce(record, policy=renamed)
    assert check.same_outputs
    assert check.same_explanation
    assert not check.same_policy
    assert not check.reproduces
    assert check.differences == ("policy: fingerprint differs",)


def test_a_record_under_a_history_names_the_policy_in_force_and_reproduces_under_it() -> None:
    old = kr.default_policy().with_changes({"effective_from": dt.date(2025, 1, 1)})
    new = old.with_changes({"effective_from": dt.date(2026, 12, 1), "grading.tiers.silver": 73})
    history = kr.PolicyHistory([old, new])
    record = _evaluation_record(history)
    assert record.policy_fingerprint == old.fingerprint
    assert record.policy_effective_from == dt.date(2025, 1, 1)
    assert kr.reproduce(record, policy=history).reproduces
    assert not kr.reproduce(record, policy=new).reproduces


def test_a_record_of_a_function_without_a_policy_has_no_fingerprint() -> None:
    record = kr.audit("newspaper_monthly_revenue", 240_000, "0.25", 100)
    assert record.outputs == "5100.00"
    assert record.explanation is None
    assert record.policy_fingerprint is None
    assert record.inputs == {
        "annual_turnover": 240000,
        "average_fee_rate": "0.25",
        "other_income": 100,
    }
    assert kr.reproduce(record).reproduces


def test_a_record_of_a_method_and_of_an_iterator_input_reproduces() -> None:
    parsed = kr.audit(kr.CustomerId.parse, "44050700012001")
    assert parsed.function == "CustomerId.parse"
    assert parsed.outputs == "44050700012001"
    following = kr.audit(kr.next_customer_id, "440507", iter(["44050700003000"]))
    assert following.inputs["existing"] == ("44050700003000",)
    assert str(following.result) == "44050700004000"
    assert kr.reproduce(kr.AuditRecord.model_validate_json(following.model_dump_json())).reproduces


def test_a_record_whose_rerun_fails_says_why() -> None:
    record = kr.audit("grade", 1_000_000, 1_000_000_000)
    broken = record.model_copy(update={"inputs": {**record.inputs, "bureau_annual_revenue": 0}})
    check = kr.reproduce(broken)
    assert not check.reproduces
    assert check.rerun is None
    assert check.differences[-1].startswith("error: RuleInputError: bureau_annual_revenue")


def test_a_different_library_version_is_noted_but_does_not_fail() -> None:
    record = kr.audit("grade", 1_000_000, 1_000_000_000)
    older = record.model_copy(update={"library_version": "0.0.1"})
    check = kr.reproduce(older)
    assert check.reproduces
    assert check.notes == (f"library version: recorded 0.0.1, now {kr.__version__}",)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(lambda: kr.audit(len, [1]), FunctionLookupError, "not a public", id="private"),
        pytest.param(lambda: kr.audit("grade", 1), FunctionLookupError, "missing", id="arity"),
        pytest.param(
            lambda: kr.audit("grade", 1, 2, policy="rulebook"),
            kr.RuleInputError,
            r"^policy: must be a keyaccount_rules\.Policy \(got 'rulebook'\); or a PolicyHistory",
            id="bad-policy",
        ),
        pytest.param(
            lambda: kr.audit("newspaper_monthly_revenue", 1, 0, policy=kr.default_policy()),
            kr.RuleInputError,
            "this function takes no policy",
            id="policy-not-taken",
        ),
        pytest.param(
            lambda: kr.audit(
                "grade",
                1,
                2,
                policy=kr.PolicyHistory(
                    [kr.default_policy().with_changes({"effective_from": dt.date(2025, 1, 1)})]
                ),
            ),
            kr.RuleInputError,
            "^as_of: is required with a PolicyHistory",
            id="history-without-date",
        ),
        pytest.param(
            lambda: kr.reproduce({"function": "grade"}),  # type: ignore[arg-type]
            kr.RuleInputError,
            "record: must be an AuditRecord",
            id="not-a-record",
        ),
    ],
)
def test_bad_audit_calls_are_clear_errors(call: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]


def test_evaluate_portfolio_is_not_a_function_records_may_name() -> None:
    # only rule functions and record constructors are callable from records.
    with pytest.raises(FunctionLookupError, match="not a public function"):
        kr.audit(kr.evaluate_portfolio, [_customer()], bureau_annual_revenue=1e9, as_of=AS_OF)


@pytest.mark.parametrize(
    "function",
    ["read_portfolio", "evaluate_portfolio", "read_activity", "read_revenue", "load_policy",
     "agenda", "reproduce", "audit", "Customer.parse_file", "Customer.model_validate_json",
     "Policy.parse_file"],
)  # fmt: skip
def test_an_untrusted_record_naming_a_reader_is_refused_before_any_file_is_read(
    tmp_path: Path, function: str
) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("name,last_year_bills,current_month_bills\nsecret,1,1\n", encoding="utf-8")
    good = kr.audit("grade", 1_200_000, 43_879_110)
    data = json.loads(good.model_dump_json())
    data.update(function=function, inputs={"path": str(secret)})
    record = kr.AuditRecord.model_validate(data)
    with pytest.raises(FunctionLookupError, match=r"not a rule function|no public attribute"):
        kr.reproduce(record)


# ---------------------------------------------------------------- immutable, exact round trips


def test_a_record_read_back_from_its_json_equals_the_record_written() -> None:
    record = _evaluation_record()
    again = kr.AuditRecord.model_validate_json(record.model_dump_json())
    assert again == record
    assert hash(again) == hash(record)
    assert again.model_dump_json() == record.model_dump_json()
    assert again.result is None
    assert record.result is not None


def test_a_record_cannot_be_changed_inside() -> None:
    record = _evaluation_record()
    with pytest.raises(TypeError, match="read-only"):
        record.inputs["as_of"] = "2030-01-01"  # type: ignore[index]
    with pytest.raises(TypeError, match="read-only"):
        record.outputs["key_account"] = False
    with pytest.raises(TypeError, match="read-only"):
        record.outputs["grading"]["tier"] = "diamond"
    assert record.explanation is not None
    assert isinstance(record.explanation, tuple)
    assert isinstance(record.explanation[0], kr.Step)


def test_a_record_and_a_reproduction_reject_unknown_keys() -> None:
    data = json.loads(_evaluation_record().model_dump_json())
    with pytest.raises(ValueError, match="extra"):
        kr.AuditRecord.model_validate({**data, "verdict": "ok"})
    check = kr.reproduce(kr.audit("grade", "1200000", "43879110"))
    with pytest.raises(ValueError, match="extra"):
        kr.Reproduction.model_validate({**check.model_dump(), "verdict": "ok"})


def test_a_reproduction_survives_its_json() -> None:
    check = kr.reproduce(kr.audit("grade", "1200000", "43879110"))
    assert kr.Reproduction.model_validate_json(check.model_dump_json()) == check


def test_a_record_read_back_from_json_still_reproduces_with_list_inputs() -> None:
    record = kr.audit(kr.next_customer_id, "440507", ["44050700003000", "44050700003001"])
    again = kr.AuditRecord.model_validate_json(record.model_dump_json())
    assert kr.reproduce(again).reproduces

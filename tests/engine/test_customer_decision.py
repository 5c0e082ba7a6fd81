"""One composition of a customer: evaluate explains the decision Evaluator returns, and the
command line's ``explain`` and ``evaluate`` run that one decision for the same row."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable
from typing import Any

import pytest

import keyaccount_rules as kr
from keyaccount_rules.engine import customer as engine
from keyaccount_rules.io.cli import main
from keyaccount_rules.io.portfolio import sample_facts, sample_path
from keyaccount_rules.records.facts import Facts
from keyaccount_rules.rules import grading

BUREAU, AS_OF = sample_facts()
#: GRADE-5 approval and a RESP-2 delegation: every key account is listed as diamond and
#: delegated, so both paths must carry the approval and the delegation through.
APPROVED_AND_DELEGATED = {
    "special_diamond_approval": True,
    "delegated_to": "prefecture_bureau",
    "specialised": True,
}


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[engine.CustomerDecision]:
    """Record every decision of the one composition (decide_customer's body, which the
    Evaluator calls with its grader in hand), wherever it is called from."""
    decided: list[engine.CustomerDecision] = []
    real = engine._compose

    def spy(*args: Any, **kwargs: Any) -> engine.CustomerDecision:
        decision = real(*args, **kwargs)
        decided.append(decision)
        return decision

    monkeypatch.setattr(engine, "_compose", spy)
    return decided


@pytest.mark.parametrize(
    "facts",
    [pytest.param({}, id="plain"), pytest.param(APPROVED_AND_DELEGATED, id="approved-delegated")],
)
def test_evaluate_and_the_evaluator_run_one_decision_for_every_sample_row(
    monkeypatch: pytest.MonkeyPatch, facts: dict[str, Any]
) -> None:
    decided = _spy(monkeypatch)
    run = kr.Evaluator(bureau_annual_revenue=BUREAU, as_of=AS_OF, **facts)
    with sample_path() as path:
        customers = list(kr.read_portfolio(path))
    for customer in customers:
        explained = kr.evaluate(customer, run.facts)
        outcome = run.outcome(customer)
        explained_decision, evaluator_decision = decided[-2:]
        assert explained_decision == evaluator_decision
        assert explained.outcome == outcome == kr.Outcome.of(evaluator_decision)
        rules = set(explained.explanation.rules)
        assert ("GRADE-5" in rules) is evaluator_decision.by_approval
        assert ("RESP-2" in rules) is evaluator_decision.delegated
    assert len(decided) == 2 * len(customers)
    if facts:
        key_accounts = [d for d in decided if d.key_account]
        assert key_accounts
        assert {d.tier for d in key_accounts} == {kr.Tier.DIAMOND}
        assert {d.unit for d in key_accounts} == {kr.Unit.PREFECTURE_BUREAU}
        assert any(d.by_approval for d in key_accounts)


def test_the_cli_explain_and_evaluate_commands_decide_a_row_through_one_composition(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    decided = _spy(monkeypatch)
    facts = ["--bureau-revenue", str(BUREAU), "--as-of", AS_OF.isoformat()]
    with sample_path() as path:
        assert main(["explain", str(path), "--row", "2", *facts]) == 0
        explained = list(decided)
        assert main(["evaluate", str(path), *facts, "--format", "json"]) == 0
    capsys.readouterr()
    assert len(explained) == 1
    assert decided[1] == explained[0]  # row 2 is the file's first customer


def test_grade_5_is_decided_in_grading_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # With GRADE-5's one function switched off, no path lists an approved customer as diamond.
    def no_approval(row: int, computed: kr.GradeDecision, approved: bool) -> Any:
        return grading.GradingDecision(row, computed, computed.tier, False)

    customer = kr.Customer(name="特殊客户", has_agreement=True)

    def arguments(version: str) -> dict[str, Any]:
        # a policy of its own: its grader (which keeps each row's decision) is made afresh
        policy = kr.default_policy().with_changes({"version": version})
        return {
            "bureau_annual_revenue": 1_000_000,
            "as_of": AS_OF,
            "special_diamond_approval": True,
            "policy": policy,
        }

    assert kr.evaluate(customer, **arguments("grade-5-on")).tier is kr.Tier.DIAMOND
    monkeypatch.setattr(grading, "with_approval", no_approval)
    off = arguments("grade-5-off")
    assert kr.evaluate(customer, **off).tier is kr.Tier.GENERAL
    assert kr.Evaluator(**off).outcome(customer).tier is kr.Tier.GENERAL
    graded = kr.grade(0, 1_000_000, special_diamond_approval=True, policy=off["policy"])
    assert (graded.tier, graded.by_approval) == (kr.Tier.GENERAL, False)


def test_an_approval_of_a_customer_already_diamond_is_not_by_approval_on_both_paths() -> None:
    customer = kr.Customer(
        name="大客户",
        last_year_revenue={"express": 1_500_000},
        current_month_revenue={"express": 80_000},
    )
    facts = Facts.of(bureau_annual_revenue=100_000_000, as_of=AS_OF, special_diamond_approval=True)
    decision = engine.decide_customer(customer, facts)
    assert (decision.tier, decision.by_approval) == (kr.Tier.DIAMOND, False)
    evaluation = kr.evaluate(customer, facts)
    assert evaluation.grading is not None
    assert not evaluation.grading.by_approval
    assert "GRADE-5" not in evaluation.explanation.rules


def test_under_liangshan_the_level_decides_and_no_level_means_not_a_key_account() -> None:
    facts = Facts.of(as_of=AS_OF, policy="liangshan")
    customer = kr.Customer(name="西昌某厂", has_agreement=True)
    county = engine.decide_customer(customer, facts, level="county")
    assert (county.key_account, county.level, county.unit) == (
        True,
        kr.Level.COUNTY,
        kr.Unit.COUNTY_CENTER,
    )
    assert county.contacts_per_month == 1
    assert kr.evaluate(customer, facts, level="county").outcome == kr.Outcome.of(county)
    none = engine.decide_customer(customer, facts)
    assert (none.key_account, none.unit, none.tier, none.level) == (False, None, None, None)


def test_a_level_under_a_policy_that_grades_needs_the_levels_section() -> None:
    facts = Facts.of(as_of=AS_OF, bureau_annual_revenue=BUREAU)
    with pytest.raises(kr.MissingSectionError, match="levels"):
        engine.decide_customer(kr.Customer(name="A"), facts, level="prefecture")


def test_a_delegation_of_a_customer_that_is_not_diamond_is_refused_on_both_paths() -> None:
    customer = kr.Customer(
        name="黄金客户",
        last_year_revenue={"express": 900_000},
        current_month_revenue={"express": 80_000},
    )
    facts = Facts.of(
        bureau_annual_revenue=BUREAU,
        as_of=AS_OF,
        delegated_to="prefecture_bureau",
        specialised=True,
    )
    calls: list[Callable[[], object]] = [
        lambda: kr.evaluate(customer, facts),
        lambda: kr.Evaluator(facts).outcome(customer),
    ]
    messages = set()
    for call in calls:
        with pytest.raises(kr.RuleInputError) as caught:
            call()
        messages.add((caught.value.field, caught.value.rule, str(caught.value)))
    assert len(messages) == 1
    assert next(iter(messages))[:2] == ("delegated_to", "RESP-2")


def test_the_type_hints_of_every_entry_point_resolve_for_case_files_and_audit_records() -> None:
    for entry in (kr.grade, kr.grade_many, kr.evaluate, kr.Evaluator.__init__, kr.audit):
        hints = typing.get_type_hints(entry)
        assert "policy" in hints
    assert typing.get_type_hints(kr.evaluate)["as_of"] is dt.date

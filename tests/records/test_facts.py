"""Facts of a run: validated once at the boundary, the same error for the same bad value at
every entry point, and a PolicyHistory accepted wherever a policy is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io.portfolio import evaluate_portfolio, outcome_rows
from keyaccount_rules.policy.history import PolicyHistory
from keyaccount_rules.records.facts import Facts

AS_OF = dt.date(2026, 11, 23)
BUREAU = 300_000_000
GOLD = kr.Customer(
    name="汕头某集团",
    last_year_revenue={"express": 700_000},
    current_month_revenue={"express": 60_000},
)
CSV = (
    b"name,last_year_express,current_month_express\n"
    b"\xe6\xb1\x95\xe5\xa4\xb4\xe6\x9f\x90\xe9\x9b\x86\xe5\x9b\xa2,700000,60000\n"
)


def _raised(call: Callable[[], object]) -> str:
    """The message of the RuleInputError ``call`` raises (when called, not when iterated)."""
    with pytest.raises(kr.RuleInputError) as caught:
        call()
    return str(caught.value)


# ---------------------------------------------------------------- GRADE-6 everywhere

BUREAU_ZERO = "bureau_annual_revenue: must be positive (got 0) [GRADE-6]"
LIANGSHAN = kr.edition("liangshan")

NOBODY = kr.Customer(name="小商户")  # not a key account: nothing of it is graded
ENTRY_POINTS_WITH_A_BUREAU: dict[str, Callable[[Any], object]] = {
    "grade": lambda bureau: kr.grade(0, bureau),
    "grade_many": lambda bureau: kr.grade_many([0], bureau),
    "evaluate": lambda bureau: kr.evaluate(NOBODY, bureau_annual_revenue=bureau, as_of=AS_OF),
    "evaluate-by-level": lambda bureau: kr.evaluate(
        GOLD, bureau_annual_revenue=bureau, as_of=AS_OF, policy=LIANGSHAN, level="county"
    ),
    "Evaluator": lambda bureau: kr.Evaluator(bureau_annual_revenue=bureau, as_of=AS_OF),
    "Evaluator-liangshan": lambda bureau: kr.Evaluator(
        bureau_annual_revenue=bureau, as_of=AS_OF, policy=LIANGSHAN
    ),
    "evaluate_portfolio": lambda bureau: evaluate_portfolio(
        [GOLD], bureau_annual_revenue=bureau, as_of=AS_OF
    ),
    "outcome_rows": lambda bureau: outcome_rows(CSV, bureau_annual_revenue=bureau, as_of=AS_OF),
    "audit": lambda bureau: kr.audit("grade", 0, bureau),
    "Facts": lambda bureau: Facts.of(bureau_annual_revenue=bureau, as_of=AS_OF),
    "agenda": lambda bureau: kr.agenda([NOBODY], [], bureau_annual_revenue=bureau, as_of=AS_OF),
    "iter_agenda": lambda bureau: kr.iter_agenda(
        [NOBODY], [], bureau_annual_revenue=bureau, as_of=AS_OF, report=print
    ),
    "agenda-liangshan": lambda bureau: kr.agenda(
        [NOBODY], [], bureau_annual_revenue=bureau, as_of=AS_OF, policy=LIANGSHAN, levels={}
    ),
    "monthly_report": lambda bureau: kr.monthly_report(
        [], month="2026-11", bureau_annual_revenue=bureau
    ),
}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS_WITH_A_BUREAU))
def test_a_bureau_revenue_of_0_gives_the_same_grade_6_message_at_every_entry_point(
    entry: str,
) -> None:
    assert _raised(lambda: ENTRY_POINTS_WITH_A_BUREAU[entry](0)) == BUREAU_ZERO


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS_WITH_A_BUREAU))
def test_a_bureau_revenue_of_one_fen_is_accepted_at_every_entry_point(entry: str) -> None:
    # one fen above GRADE-6's bound ("must be positive")
    assert ENTRY_POINTS_WITH_A_BUREAU[entry](Decimal("0.01")) is not None


def test_the_facts_check_the_bureau_revenue_before_any_customer_is_read() -> None:
    never_read = iter(())  # an empty portfolio: the error cannot come from a customer
    assert _raised(
        lambda: evaluate_portfolio(never_read, bureau_annual_revenue=0, as_of=AS_OF)
    ) == (BUREAU_ZERO)


# ---------------------------------------------------------------- as_of everywhere

DATETIME = dt.datetime(2026, 11, 23, 9, 30)
HISTORY = PolicyHistory(
    [kr.default_policy().with_changes({"effective_from": dt.date(2025, 1, 1), "version": "1"})]
)

ENTRY_POINTS_WITH_A_DATE: dict[str, Callable[[Any], object]] = {
    "evaluate": lambda day: kr.evaluate(GOLD, bureau_annual_revenue=BUREAU, as_of=day),
    "evaluate-history": lambda day: kr.evaluate(
        GOLD, bureau_annual_revenue=BUREAU, as_of=day, policy=HISTORY
    ),
    "Evaluator": lambda day: kr.Evaluator(bureau_annual_revenue=BUREAU, as_of=day),
    "evaluate_portfolio": lambda day: evaluate_portfolio(
        [GOLD], bureau_annual_revenue=BUREAU, as_of=day
    ),
    "outcome_rows": lambda day: outcome_rows(CSV, bureau_annual_revenue=BUREAU, as_of=day),
    "grade": lambda day: kr.grade(1, BUREAU, as_of=day, policy=HISTORY),
    "grade_many": lambda day: kr.grade_many([1], BUREAU, as_of=day, policy=HISTORY),
    "PolicyHistory.in_force": lambda day: HISTORY.in_force(day),
    "agenda": lambda day: kr.agenda([GOLD], [], bureau_annual_revenue=BUREAU, as_of=day),
    "iter_agenda-history": lambda day: kr.iter_agenda(
        [GOLD], [], bureau_annual_revenue=BUREAU, as_of=day, policy=HISTORY, report=print
    ),
    "audit": lambda day: kr.audit(
        "evaluate", GOLD, bureau_annual_revenue=BUREAU, as_of=day, policy=HISTORY
    ),
}
DAY_FIX = "; pass date(2025, 3, 31), not a string or a datetime"


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        pytest.param(DATETIME, "'2026-11-23T09:30:00'", id="datetime"),
        pytest.param("2026-11-23", "'2026-11-23'", id="string"),
    ],
)
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS_WITH_A_DATE))
def test_an_as_of_that_is_not_a_date_gives_the_same_message_at_every_entry_point(
    entry: str, day: object, shown: str
) -> None:
    if entry == "audit" and isinstance(day, str):
        # an audit record holds its inputs as JSON: an ISO date string is its date
        assert kr.audit("grade", 0, BUREAU, as_of=day, policy=HISTORY).inputs["as_of"] == day
        return
    expected = f"as_of: must be a datetime.date (got {shown}){DAY_FIX}"
    assert _raised(lambda: ENTRY_POINTS_WITH_A_DATE[entry](day)) == expected


# ---------------------------------------------------------------- a history everywhere

OLD = kr.default_policy().with_changes({"effective_from": dt.date(2025, 1, 1), "version": "old"})
#: From 2026-07-01 gold needs 85 points: the customer below (score 80) is silver from then on.
NEW = OLD.with_changes(
    {"effective_from": dt.date(2026, 7, 1), "version": "new", "grading.tiers.gold": 85}
)
TWO = PolicyHistory([OLD, NEW])
ON, DAY_BEFORE = dt.date(2026, 7, 1), dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("day", "tier"),
    [
        pytest.param(ON, kr.Tier.SILVER, id="on-the-day-the-new-policy-starts"),
        pytest.param(DAY_BEFORE, kr.Tier.GOLD, id="one-day-before"),
    ],
)
def test_grade_and_grade_many_apply_the_policy_of_a_history_in_force_on_as_of(
    day: dt.date, tier: kr.Tier
) -> None:
    assert kr.grade(700_000, BUREAU, policy=TWO, as_of=day).tier is tier
    assert kr.grade_many([700_000], BUREAU, policy=TWO, as_of=day).tiers == (tier,)


def test_grade_refuses_a_history_without_as_of_saying_what_to_pass() -> None:
    message = _raised(lambda: kr.grade(700_000, BUREAU, policy=TWO))
    assert message == (
        "as_of: is required with a PolicyHistory: the policy in force on that date applies; "
        "pass as_of=date(2026, 11, 23), or the Policy itself"
    )
    assert _raised(lambda: kr.grade_many([700_000], BUREAU, policy=TWO)) == message


@pytest.mark.parametrize(
    ("day", "tier"),
    [
        pytest.param(ON, "silver", id="on-the-day"),
        pytest.param(DAY_BEFORE, "gold", id="day-before"),
    ],
)
def test_evaluate_portfolio_outcome_rows_and_audit_apply_the_policy_in_force(
    day: dt.date, tier: str
) -> None:
    (evaluation,) = evaluate_portfolio([GOLD], bureau_annual_revenue=BUREAU, as_of=day, policy=TWO)
    assert evaluation.tier == tier
    (row,) = outcome_rows(CSV, bureau_annual_revenue=BUREAU, as_of=day, policy=TWO)
    assert row["tier"] == tier
    record = kr.audit("evaluate", GOLD, bureau_annual_revenue=BUREAU, as_of=day, policy=TWO)
    assert record.policy_version == ("new" if day == ON else "old")
    again = kr.AuditRecord.model_validate_json(record.model_dump_json())
    assert kr.reproduce(again, policy=TWO).reproduces


@pytest.mark.parametrize(
    ("day", "tier"),
    [
        pytest.param(ON, kr.Tier.SILVER, id="on-the-day"),
        pytest.param(DAY_BEFORE, kr.Tier.GOLD, id="day-before"),
    ],
)
def test_the_agenda_applies_the_policy_of_a_history_in_force_on_as_of(
    day: dt.date, tier: kr.Tier
) -> None:
    plan = kr.agenda([GOLD], [], bureau_annual_revenue=BUREAU, as_of=day, policy=TWO)
    assert {item.tier for item in plan.items if item.customer == GOLD.name} == {tier}
    assert plan.policy_fingerprint == (NEW if day == ON else OLD).fingerprint


def test_the_monthly_report_grades_each_month_under_the_policy_in_force_then() -> None:
    # 700,000 a year: gold (80 points) under OLD, silver under NEW (gold from 85)
    rows = [
        kr.RevenueRow(2, GOLD.name, kr.Month(year, month), kr.BusinessLine.EXPRESS, amount)
        for year, month, amount in [
            *((2025, m, Decimal("58333.33")) for m in range(1, 13)),
            (2026, 6, Decimal("60000")),
            (2026, 7, Decimal("60000")),
        ]
    ]
    for month, tier in (("2026-06", "gold"), ("2026-07", "silver")):
        report = kr.monthly_report(rows, month=month, bureau_annual_revenue=BUREAU, policy=TWO)
        assert [f.key for f in report.accounts if f.group == "tier" and f.this_month] == [tier]


def test_a_history_is_resolved_once_into_the_facts_and_kept_beside_the_policy() -> None:
    facts = Facts.of(bureau_annual_revenue=BUREAU, as_of=ON, policy=TWO)
    assert (facts.policy, facts.history) == (NEW, TWO)
    assert kr.Evaluator(facts).policy is facts.policy


def test_an_as_of_before_the_first_policy_of_the_history_is_refused_naming_as_of() -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        Facts.of(bureau_annual_revenue=BUREAU, as_of=dt.date(2024, 12, 31), policy=TWO)
    assert caught.value.field == "as_of"
    assert "before the first policy" in str(caught.value)


# ---------------------------------------------------------------- the Facts themselves


def test_an_edition_name_is_the_edition_and_none_the_default_policy() -> None:
    assert Facts.of(as_of=AS_OF, policy="shantou", bureau_annual_revenue=1).policy is kr.edition(
        "shantou"
    )
    assert Facts.of(as_of=AS_OF, bureau_annual_revenue=1).policy is kr.default_policy()


def test_an_unknown_policy_name_is_echoed_with_the_forms_a_policy_may_take() -> None:
    assert _raised(lambda: Facts.of(as_of=AS_OF, bureau_annual_revenue=1, policy="rulebook")) == (
        "policy: must be a keyaccount_rules.Policy (got 'rulebook'); or a PolicyHistory (with "
        "as_of), or an edition's name: shantou, liangshan, combined"
    )


def test_a_policy_that_grades_needs_the_bureau_revenue_and_one_that_classes_by_level_does_not() -> (
    None
):
    with pytest.raises(kr.RuleInputError) as caught:
        Facts.of(as_of=AS_OF)
    assert (caught.value.field, caught.value.rule) == ("bureau_annual_revenue", "GRADE-2")
    assert Facts.of(as_of=AS_OF, policy="liangshan").bureau_annual_revenue is None
    by_level = kr.evaluate(GOLD, as_of=AS_OF, policy="liangshan", level="prefecture")
    assert by_level.unit is kr.Unit.PREFECTURE_CENTER


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        pytest.param(
            "special_diamond_approval",
            "yes",
            "special_diamond_approval: must be True or False (got 'yes') [GRADE-5]",
            id="approval",
        ),
        pytest.param(
            "specialised",
            1,
            "specialised: must be True or False (got 1) [RESP-2]",
            id="specialised",
        ),
        pytest.param("lang", "fr", "lang: must be one of en, zh (got 'fr')", id="lang"),
    ],
)
def test_a_bad_fact_is_named_with_its_rule_and_grade_says_the_same(
    field: str, value: object, expected: str
) -> None:
    assert _raised(lambda: Facts.of(as_of=AS_OF, bureau_annual_revenue=1, **{field: value})) == (
        expected
    )
    if field == "special_diamond_approval":
        assert _raised(lambda: kr.grade(1, 1, special_diamond_approval=value)) == expected


def test_a_delegate_is_read_once_as_a_unit_citing_resp_2() -> None:
    facts = Facts.of(as_of=AS_OF, bureau_annual_revenue=1, delegated_to="prefecture_bureau")
    assert facts.delegated_to is kr.Unit.PREFECTURE_BUREAU
    with pytest.raises(kr.RuleInputError) as caught:
        Facts.of(as_of=AS_OF, bureau_annual_revenue=1, delegated_to="the_moon")
    assert (caught.value.field, caught.value.rule) == ("delegated_to", "RESP-2")


def test_facts_made_earlier_are_passed_on_as_they_are_and_never_with_arguments_too() -> None:
    facts = Facts.of(as_of=AS_OF, bureau_annual_revenue=BUREAU)
    assert Facts.of(facts) is facts
    assert kr.Evaluator(facts).facts is facts
    assert kr.evaluate(GOLD, facts) == kr.evaluate(GOLD, bureau_annual_revenue=BUREAU, as_of=AS_OF)
    with pytest.raises(TypeError, match="not both"):
        kr.evaluate(GOLD, facts, as_of=AS_OF)


def test_a_missing_as_of_and_an_unknown_keyword_are_type_errors_like_any_call() -> None:
    with pytest.raises(TypeError, match="'as_of'"):
        kr.Evaluator(bureau_annual_revenue=BUREAU)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'bureau'"):
        kr.evaluate(GOLD, as_of=AS_OF, bureau=BUREAU)  # type: ignore[call-overload]


def test_facts_are_frozen() -> None:
    facts = Facts.of(as_of=AS_OF, bureau_annual_revenue=BUREAU)
    with pytest.raises(ValueError, match="frozen"):
        facts.as_of = dt.date(2000, 1, 1)  # type: ignore[misc]


def test_the_fact_keywords_are_the_entry_points_signature_for_tools() -> None:
    import inspect

    for entry in (kr.evaluate, kr.Evaluator, evaluate_portfolio, outcome_rows):
        parameters = inspect.signature(entry).parameters
        assert {"as_of", "bureau_annual_revenue", "policy", "delegated_to"} <= set(parameters)
        assert parameters["as_of"].default is inspect.Parameter.empty
        assert parameters["policy"].default is None

"""evaluate(): one customer in full; a customer that does not qualify stops at QUAL (G-6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pydantic
import pytest

import keyaccount_rules as kr
from keyaccount_rules import Scope, Tier, Unit

AS_OF = dt.date(2026, 11, 23)


def test_a_key_account_is_graded_assigned_and_given_a_visit_plan() -> None:
    # logistics 620,000 + express 80,000 = 700,000 → 80 revenue points (500k band);
    # 700,000 / 300,000,000 ≈ 2.33‰ → 80 share points; score 80 → GOLD;
    # GOLD × REGIONAL → county centre, 1 contact a month.
    customer = kr.Customer(
        name="汕头市华宏物流有限公司",
        scope="regional",
        last_year_revenue={"logistics": "620000", "express": "80000"},
        current_month_revenue={"logistics": "52000", "express": "7000"},
    )
    result = kr.evaluate(customer, bureau_annual_revenue=300_000_000, as_of=AS_OF)
    assert result.key_account
    assert result.grading is not None
    assert result.grading.annual_revenue == Decimal("700000.00")
    assert (result.tier, result.score) == (Tier.GOLD, Decimal("80"))
    assert result.unit is Unit.COUNTY_CENTER
    assert result.contacts_per_month == 1
    rules = result.explanation.rules
    for rule in ("QUAL-2", "QUAL-3", "GRADE-1", "GRADE-4", "RESP-1", "VISIT-1", "VISIT-2"):
        assert rule in rules
    assert "G-6" not in rules


def test_a_customer_that_does_not_qualify_has_no_tier_unit_or_visits_g6() -> None:
    customer = kr.Customer(
        name="小客户", last_year_revenue={"letters": 9000}, current_month_revenue={"letters": 900}
    )
    result = kr.evaluate(customer, bureau_annual_revenue=300_000_000, as_of=AS_OF)
    assert not result.key_account
    assert result.grading is None
    assert result.assignment is None
    assert result.visits is None
    assert (result.tier, result.score, result.unit, result.contacts_per_month) == (None,) * 4
    assert result.explanation[-1].rule == "G-6"
    assert "not a key account" in str(result.explanation)


def test_evaluation_passes_approval_and_delegation_on() -> None:
    customer = kr.Customer(name="特殊客户", has_agreement=True, scope=Scope.PROFESSIONAL)
    result = kr.evaluate(
        customer,
        bureau_annual_revenue=1_000_000,
        as_of=AS_OF,
        special_diamond_approval=True,
        delegated_to="provincial_professional_company",
        specialised=True,
    )
    assert result.tier is Tier.DIAMOND
    assert result.grading is not None
    assert result.grading.by_approval
    assert result.unit is Unit.PROVINCIAL_PROFESSIONAL_COMPANY
    assert {"GRADE-5", "RESP-2", "G-2"} <= set(result.explanation.rules)


@pytest.mark.parametrize(
    "as_of",
    [
        pytest.param("2026-11-23", id="string"),
        pytest.param(dt.datetime(2026, 11, 23, 9, 0), id="datetime"),
        pytest.param(None, id="none"),
    ],
)
def test_as_of_must_be_a_date(as_of: object) -> None:
    with pytest.raises(kr.RuleInputError, match=r"^as_of: must be a datetime.date"):
        kr.evaluate(kr.Customer(name="A"), bureau_annual_revenue=1, as_of=as_of)  # type: ignore[arg-type]


def test_a_key_account_above_the_bureau_revenue_is_refused_by_grade_6() -> None:
    customer = kr.Customer(name="A", has_agreement=True, last_year_revenue={"express": 2000})
    with pytest.raises(ValueError, match=r"^annual_revenue: .*\[GRADE-6\]"):
        kr.evaluate(customer, bureau_annual_revenue=1000, as_of=AS_OF)


def test_an_evaluation_serialises_to_json() -> None:
    customer = kr.Customer(name="协议客户", has_agreement=True)
    result = kr.evaluate(customer, bureau_annual_revenue=1_000_000, as_of=AS_OF)
    data = result.model_dump(mode="json")
    assert data["as_of"] == "2026-11-23"
    assert data["grading"]["tier"] == "general"
    assert data["assignment"]["unit"] == "branch_office"


@pytest.mark.parametrize("bureau", [0, -1, "abc"])
def test_a_bad_bureau_revenue_is_refused_even_for_a_customer_that_does_not_qualify(
    bureau: object,
) -> None:
    with pytest.raises(kr.RuleInputError, match=r"^bureau_annual_revenue: .*\[GRADE-6\]"):
        kr.evaluate(kr.Customer(name="小客户"), bureau_annual_revenue=bureau, as_of=AS_OF)


# --- archive and visit status, when the caller supplies the dates (ARCH-1..3, VISIT-1) -------

GOLD_COMPREHENSIVE = kr.Customer(
    name="汕头市某集团有限公司",
    last_year_revenue={"express": 700_000},
    current_month_revenue={"express": 60_000},
)
BUREAU = 300_000_000  # 700,000 → 80 revenue points; share 2.33‰ → 80 points; score 80 → gold


def test_without_dates_no_archive_or_visit_status_is_reported() -> None:
    result = kr.evaluate(
        GOLD_COMPREHENSIVE, bureau_annual_revenue=BUREAU, as_of=dt.date(2026, 3, 20)
    )
    assert result.tier is Tier.GOLD
    assert result.archive_status is None
    assert result.visit_compliance is None


def test_a_gold_customer_missing_february_archive_refresh_is_reported_with_arch_rules() -> None:
    result = kr.evaluate(
        GOLD_COMPREHENSIVE,
        bureau_annual_revenue=BUREAU,
        as_of=dt.date(2026, 3, 20),
        refresh_dates=[dt.date(2026, 1, 10), dt.date(2026, 3, 2)],
        tracking_since=dt.date(2026, 1, 1),
    )
    archive = result.archive_status
    assert archive is not None
    # gold: monthly periods (ARCH-1); January and March refreshed, February missed
    assert archive.period_start == dt.date(2026, 3, 1)
    assert archive.due == dt.date(2026, 3, 31)
    assert archive.refreshed is True
    assert archive.missed == ((dt.date(2026, 2, 1), dt.date(2026, 2, 28)),)
    assert {"ARCH-1", "ARCH-2"} <= set(result.explanation.rules)


def test_a_comprehensive_gold_customer_contacted_once_in_the_month_is_one_short() -> None:
    result = kr.evaluate(
        GOLD_COMPREHENSIVE,
        bureau_annual_revenue=BUREAU,
        as_of=dt.date(2026, 3, 20),
        contact_dates=[dt.date(2026, 3, 5), dt.date(2026, 2, 27)],
    )
    compliance = result.visit_compliance
    assert compliance is not None
    # comprehensive gold: ≥ 2 contacts a month (VISIT-1); only the March contact counts
    assert (compliance.required, compliance.done, compliance.shortfall) == (2, 1, 1)
    assert compliance.compliant is False


def test_a_customer_that_does_not_qualify_gets_no_schedule_status_even_with_dates() -> None:
    nobody = kr.Customer(name="小商户", last_year_revenue={"letters": 100})
    result = kr.evaluate(
        nobody,
        bureau_annual_revenue=BUREAU,
        as_of=dt.date(2026, 3, 20),
        refresh_dates=[dt.date(2026, 3, 1)],
        contact_dates=[dt.date(2026, 3, 1)],
    )
    assert result.key_account is False
    assert result.archive_status is None
    assert result.visit_compliance is None


def test_a_refresh_after_as_of_is_refused_naming_the_field() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "refresh_dates[0]: must not be after as_of 2026-03-20 (got '2026-03-21') [ARCH-2]; "
            "a status cannot count refreshes that have not happened yet"
        ),
    ):
        kr.evaluate(
            GOLD_COMPREHENSIVE,
            bureau_annual_revenue=BUREAU,
            as_of=dt.date(2026, 3, 20),
            refresh_dates=[dt.date(2026, 3, 21)],
        )


# ---- exact round trips, one composition, frozen records

import json as _json  # noqa: E402

from keyaccount_rules.io.portfolio import sample_facts, sample_path  # noqa: E402


def _key_account() -> kr.Customer:
    return kr.Customer(
        name="汕头某物流公司",
        scope="regional",
        last_year_revenue={"logistics": 1_000_000},
        current_month_revenue={"logistics": 90_000},
    )


def test_an_evaluation_under_a_variant_policy_round_trips_with_its_explanation() -> None:
    variant = kr.default_policy().with_changes({"grading.tiers.gold": 80})
    e = kr.evaluate(
        _key_account(),
        bureau_annual_revenue=500_000_000,
        as_of=dt.date(2026, 11, 1),
        policy=variant,
    )
    again = kr.Evaluation.model_validate_json(e.model_dump_json())
    assert again == e
    assert again.explanation.render("zh") == e.explanation.render("zh")
    assert again.grading is not None
    assert str(again.grading.explanation) == str(e.grading.explanation)
    assert {e.policy_fingerprint, e.qualification.policy_fingerprint} == {variant.fingerprint}


def test_qualification_and_assignment_round_trip_and_reject_unknown_keys() -> None:
    q = kr.qualify(_key_account())
    assert kr.Qualification.model_validate_json(q.model_dump_json()) == q
    a = kr.responsible_unit("gold", "regional")
    assert kr.Assignment.model_validate_json(a.model_dump_json()) == a
    with pytest.raises(ValueError, match="extra"):
        kr.Qualification.model_validate({**_json.loads(q.model_dump_json()), "x": 1})


def test_a_customers_revenue_mapping_cannot_be_changed() -> None:
    customer = _key_account()
    with pytest.raises(TypeError):
        customer.last_year_revenue["express"] = -999999  # type: ignore[index]
    with pytest.raises(TypeError):
        customer.current_month_revenue.clear()  # type: ignore[attr-defined]


def test_evaluate_without_explanation_decides_exactly_as_with_it() -> None:
    bureau, as_of = sample_facts()
    with sample_path() as path:
        for customer in kr.read_portfolio(path):
            full = kr.evaluate(customer, bureau_annual_revenue=bureau, as_of=as_of)
            quick = kr.evaluate(customer, bureau_annual_revenue=bureau, as_of=as_of, explain=False)
            assert quick == full.outcome


def test_evaluate_checks_as_of_as_a_day() -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        kr.evaluate(
            _key_account(),
            bureau_annual_revenue=1,
            as_of=dt.datetime(2026, 1, 1),  # type: ignore[arg-type]
        )
    assert caught.value.field == "as_of"


def test_the_portfolio_path_has_no_second_copy_of_the_rules() -> None:
    import importlib.util

    assert importlib.util.find_spec("keyaccount_rules.io.outcome_rows") is None


# ---------------------------------------------------------------- one Evaluator for many rows

from collections.abc import Callable  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from keyaccount_rules.policy.history import PolicyHistory  # noqa: E402
from keyaccount_rules.verification.strategies import customers  # noqa: E402
from tests.conftest import exactly  # noqa: E402

_AS_OF = dt.date(2026, 11, 23)
_RUN = kr.Evaluator(bureau_annual_revenue=300_000_000, as_of=_AS_OF)


@given(customer=customers(), approved=st.booleans())
def test_an_evaluator_decides_exactly_as_evaluate_with_and_without_text(
    customer: kr.Customer, approved: bool
) -> None:
    run = kr.Evaluator(
        bureau_annual_revenue=300_000_000, as_of=_AS_OF, special_diamond_approval=approved
    )
    full = _decided(lambda: kr.evaluate(customer, **run.arguments))
    quick = _decided(lambda: run.outcome(customer))
    if isinstance(full, kr.RuleInputError):  # GRADE-6 (a key account above the bureau): both
        assert isinstance(quick, kr.RuleInputError)
        assert (quick.field, quick.rule) == (full.field, full.rule) == ("annual_revenue", "GRADE-6")
        return
    assert isinstance(full, kr.Evaluation)
    assert quick == full.outcome
    assert kr.evaluate(customer, **run.arguments, explain=False) == full.outcome


def _decided(decide: Callable[[], object]) -> object:
    """What ``decide()`` returns, or the RuleInputError it raises."""
    try:
        return decide()
    except kr.RuleInputError as err:
        return err


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        pytest.param({"as_of": "2026-11-23"}, "as_of", id="as-of-a-string"),
        pytest.param({"bureau_annual_revenue": 0}, "bureau_annual_revenue", id="bureau-zero"),
        pytest.param({"special_diamond_approval": "yes"}, "special_diamond_approval", id="flag"),
        pytest.param({"specialised": 1}, "specialised", id="specialised-an-int"),
    ],
)
def test_an_evaluator_checks_its_arguments_before_any_customer(
    arguments: dict[str, object], field: str
) -> None:
    given_arguments: dict[str, object] = {
        "bureau_annual_revenue": 300_000_000,
        "as_of": _AS_OF,
        **arguments,
    }
    with pytest.raises(kr.RuleInputError) as caught:
        kr.Evaluator(**given_arguments)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_an_evaluator_grades_a_revenue_equal_to_the_bureaus_and_refuses_one_fen_more() -> None:
    on = kr.Evaluator(bureau_annual_revenue=1_000_000, as_of=_AS_OF)  # the customer's revenue
    assert on.outcome(_key_account()).tier is not None
    under = kr.Evaluator(bureau_annual_revenue=Decimal("999999.99"), as_of=_AS_OF)
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "annual_revenue: must not exceed the bureau's annual revenue 999,999.99 (got "
            "1000000.00) [GRADE-6]"
        ),
    ) as caught:
        under.outcome(_key_account())
    assert caught.value.field == "annual_revenue"


def test_an_evaluator_applies_the_policy_in_force_on_as_of() -> None:
    old = kr.default_policy().with_changes(
        {"effective_from": dt.date(2025, 1, 1), "version": "2025.1"}
    )
    new = old.with_changes({"effective_from": dt.date(2026, 7, 1), "version": "2026.2"})
    run = kr.Evaluator(
        bureau_annual_revenue=300_000_000, as_of=_AS_OF, policy=PolicyHistory([old, new])
    )
    assert run.policy.version == "2026.2"


def test_under_liangshan_a_customer_without_a_level_is_not_a_key_account() -> None:
    liangshan = kr.edition("liangshan")
    run = kr.Evaluator(bureau_annual_revenue=300_000_000, as_of=_AS_OF, policy=liangshan)
    customer = kr.Customer(name="州级客户", has_agreement=True)
    outcome = run.outcome(customer, level="prefecture")
    assert (outcome.key_account, outcome.level, outcome.tier) == (True, kr.Level.PREFECTURE, None)
    assert outcome == kr.evaluate(customer, **run.arguments, level="prefecture", explain=False)
    # EDITION-2: neither selected (PARETO-1) nor designated: not a key account, even with an
    # agreement (QUAL-1 is 002's, not 001's)
    unclassed = run.outcome(customer)
    assert (unclassed.key_account, unclassed.unit, unclassed.level) == (False, None, None)
    explained = kr.evaluate(customer, run.facts)
    assert explained.key_account is False
    assert explained.explanation.rules == ("EDITION-2",)
    assert "not a key account" in str(explained.explanation)


def test_an_evaluator_names_a_customer_that_is_not_a_record() -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        _RUN.outcome({"name": "A"})  # type: ignore[arg-type]
    assert caught.value.field == "customer"


def test_evaluate_takes_a_level_as_the_level_column_writes_it() -> None:
    """evaluate(..., level="州级") as a liangshan list's 级别 cell says it (001: 州级大客户)."""
    customer = kr.Customer(name="凉山某局", last_year_revenue={"express": 10_000})
    by_code = kr.evaluate(customer, policy="liangshan", level="prefecture", as_of=AS_OF)
    by_label = kr.evaluate(customer, policy="liangshan", level="州级", as_of=AS_OF)
    assert by_label.model_dump() == by_code.model_dump()
    with pytest.raises(kr.RuleInputError) as err:
        kr.evaluate(customer, policy="liangshan", level="市级", as_of=AS_OF)
    assert str(err.value) == (
        "level: must be one of prefecture (州级), county (县(市)级) (got '市级') [LEVEL-1]"
    )


def test_an_edition_name_is_accepted_where_a_policy_is() -> None:
    by_name = kr.evaluate(
        GOLD_COMPREHENSIVE, policy="shantou", bureau_annual_revenue=BUREAU, as_of=AS_OF
    )
    by_policy = kr.evaluate(
        GOLD_COMPREHENSIVE, policy=kr.edition("shantou"), bureau_annual_revenue=BUREAU, as_of=AS_OF
    )
    assert by_name.model_dump() == by_policy.model_dump()
    run = kr.Evaluator(policy="shantou", bureau_annual_revenue=BUREAU, as_of=AS_OF)
    assert run.outcome(GOLD_COMPREHENSIVE).tier is Tier.GOLD


def test_an_evaluation_s_json_has_its_headline_and_reads_back_exactly() -> None:
    evaluation = kr.evaluate(GOLD_COMPREHENSIVE, bureau_annual_revenue=BUREAU, as_of=AS_OF)
    text = evaluation.model_dump_json()
    data = _json.loads(text)
    assert (data["tier"], data["unit"], data["score"], data["contacts_per_month"]) == (
        "gold", "city_center", "80.0", 2,
    )  # fmt: skip
    again = kr.Evaluation.model_validate_json(text)
    assert again == evaluation
    assert again.model_dump_json() == text


def test_an_evaluation_whose_headline_disagrees_with_its_parts_is_refused() -> None:
    data = _json.loads(
        kr.evaluate(GOLD_COMPREHENSIVE, bureau_annual_revenue=BUREAU, as_of=AS_OF).model_dump_json()
    )
    data["tier"] = "diamond"
    with pytest.raises(
        ValueError, match="tier: is 'diamond' but the evaluation's parts give 'gold'"
    ):
        kr.Evaluation.model_validate(data)


def test_an_outcome_is_a_frozen_model_whose_json_names_its_fields() -> None:
    outcome = kr.evaluate(
        GOLD_COMPREHENSIVE, bureau_annual_revenue=BUREAU, as_of=AS_OF, explain=False
    )
    assert _json.loads(outcome.model_dump_json())["score"] == "80.0"
    assert kr.Outcome.model_validate_json(outcome.model_dump_json()) == outcome
    with pytest.raises(pydantic.ValidationError):
        outcome.tier = Tier.SILVER  # type: ignore[misc]


def test_a_notebook_summary_shows_the_name_and_decisions_and_no_empty_rows() -> None:
    html = kr.evaluate(GOLD_COMPREHENSIVE, bureau_annual_revenue=BUREAU, as_of=AS_OF)._repr_html_()
    for shown in ("汕头市某集团有限公司", "gold (黄金)", "city_center", "80.0"):
        assert shown in html
    not_key = kr.evaluate(kr.Customer(name="Z"), bureau_annual_revenue=BUREAU, as_of=AS_OF)
    assert "None" not in not_key._repr_html_()


# ---- a key account by level (EDITION-2): its month's duties when dates are given

_BY_LEVEL = kr.Customer(name="州级客户", has_agreement=True)
_VISITED, _REFRESHED = dt.date(2026, 11, 3), dt.date(2026, 11, 5)


def _by_level(**dates: list[dt.date]) -> kr.Evaluation:
    return kr.evaluate(_BY_LEVEL, as_of=AS_OF, policy="liangshan", level="prefecture", **dates)


def _statuses(result: kr.Evaluation) -> dict[str, str]:
    assert result.level_duties is not None
    return {duty.duty: duty.status for duty in result.level_duties.duties}


def test_a_key_account_by_level_without_dates_has_no_month_duties() -> None:
    result = _by_level()
    assert result.level_duties is None
    assert result.level_plan is not None
    assert result.explanation.steps[1:] == result.level_plan.explanation.steps


@pytest.mark.parametrize(
    ("dates", "statuses"),
    [
        pytest.param(
            {"contact_dates": [_VISITED]},
            # a contact given as a bare date has no 上访记录 (VISIT-3): the record is due
            {"contact": "done", "archive": "due", "centre_visit": "due", "visit_records": "due"},
            id="contacts-only",
        ),
        pytest.param(
            {"refresh_dates": [_REFRESHED]},
            {"contact": "due", "archive": "done", "centre_visit": "due"},
            id="refreshes-only",
        ),
        pytest.param(
            {"contact_dates": [_VISITED], "refresh_dates": [_REFRESHED]},
            {"contact": "done", "archive": "done", "centre_visit": "due", "visit_records": "due"},
            id="both",
        ),
    ],
)
def test_either_kind_of_date_gives_a_key_account_by_level_its_month_duties(
    dates: dict[str, list[dt.date]], statuses: dict[str, str]
) -> None:
    result = _by_level(**dates)
    assert _statuses(result) == statuses
    assert result.level_duties is not None
    steps = result.explanation.steps
    assert set(result.level_duties.explanation.steps) <= set(steps)
    assert len(steps) == len(set(steps))  # a step the plan and the duties share is shown once

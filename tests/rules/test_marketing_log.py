"""Marketing log (LOG-1..4): entries, completeness, and the check per tier."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from keyaccount_rules import (
    LogEntry,
    LogStage,
    RuleInputError,
    check_marketing_log,
    default_policy,
)


def entry(stage, day=1, **changes):
    fields = {
        "stage": stage,
        "on": date(2025, 3, day),
        "content": "discussed bill mail volumes",
        "method": "visit",
        "our_participants": ["Li Ming"],
        "customer_participants": ["Wang Fang"],
    }
    fields.update(changes)
    return LogEntry(**fields)


FULL = [entry(stage, day) for day, stage in enumerate(LogStage, start=1)]


@pytest.mark.parametrize("tier", ["diamond", "gold", "silver"])
def test_a_log_with_a_complete_entry_per_stage_is_complete(tier):
    check = check_marketing_log(tier, "agreement", FULL, named_person="Li Ming")
    assert check.checked
    assert check.complete
    assert check.stages_logged == tuple(LogStage)
    assert check.problems == ()


@pytest.mark.parametrize(
    ("reached", "missing"),
    [
        pytest.param("initial_contact", [], id="first-stage-only"),
        pytest.param("proposal", ["proposal"], id="one-stage-missing"),
        pytest.param("agreement", ["proposal", "quotation", "agreement"], id="three-missing"),
    ],
)
def test_each_stage_up_to_the_reached_one_needs_an_entry(reached, missing):
    check = check_marketing_log("diamond", reached, [entry("initial_contact")])
    assert [p.stage.value for p in check.problems] == missing
    assert check.complete is (not missing)
    assert all(p.entry is None and p.rule == "LOG-3" for p in check.problems)


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        pytest.param({"on": None}, ("date",), id="no-date"),
        pytest.param({"content": "  "}, ("content",), id="blank-content"),
        pytest.param({"method": ""}, ("method",), id="no-method"),
        pytest.param({"our_participants": []}, ("our participants",), id="no-ours"),
        pytest.param({"customer_participants": [" "]}, ("customer participants",), id="blank"),
        pytest.param({"content": "", "method": ""}, ("content", "method"), id="two-missing"),
    ],
)
def test_an_entry_missing_any_field_is_incomplete(changes, missing):
    bad = entry("initial_contact", **changes)
    assert bad.missing == missing
    check = check_marketing_log("silver", "initial_contact", [bad])
    assert not check.complete
    (problem,) = check.problems
    assert problem.entry == 0
    assert problem.reason.endswith("missing " + ", ".join(missing))


def test_every_incomplete_entry_is_reported_even_beside_a_complete_one():
    entries = [entry("initial_contact"), entry("initial_contact", 2, method="")]
    check = check_marketing_log("diamond", "initial_contact", entries)
    assert check.stages_logged == (LogStage.INITIAL_CONTACT,)
    assert [p.entry for p in check.problems] == [1]
    assert "entry 1 (initial_contact, 2025-03-02) is incomplete: missing method" in str(
        check.explanation
    )


def test_gold_needs_a_named_person_silver_is_only_advised():
    gold = check_marketing_log("gold", "agreement", FULL)
    assert [p.rule for p in gold.problems] == ["LOG-4"]
    assert not gold.complete
    silver = check_marketing_log("silver", "agreement", FULL)
    assert silver.complete
    assert "recommended: a dedicated log book" in str(silver.explanation)


def test_general_logs_are_rolled_up_not_checked():
    check = check_marketing_log("general", "agreement", [])
    assert (check.checked, check.complete) == (False, True)
    assert "rolled up every quarter" in str(check.explanation)


def test_stage_accepts_codes_names_and_chinese_terms():
    assert entry("报价").stage is LogStage.QUOTATION
    assert entry("QUOTATION").stage is LogStage.QUOTATION
    assert LogStage("达成协议/签合同") is LogStage.AGREEMENT
    assert [s.order for s in LogStage] == [0, 1, 2, 3]


@pytest.mark.parametrize("stage", ["", "  ", "signing"])
def test_an_empty_or_unknown_stage_is_an_error_naming_the_field(stage):
    with pytest.raises(ValidationError, match="stage"):
        entry(stage)


def test_an_entry_beyond_the_reached_stage_is_an_error_naming_it():
    with pytest.raises(RuleInputError, match=r"^entries\[1\]\.stage: is beyond reached_stage"):
        check_marketing_log("gold", "proposal", [entry("proposal"), entry("quotation")])


def test_an_entry_after_as_of_is_an_error_naming_it():
    with pytest.raises(RuleInputError, match=r"^entries\[0\]\.on: must not be after as_of"):
        check_marketing_log(
            "gold", "initial_contact", [entry("initial_contact", 9)], as_of=date(2025, 3, 8)
        )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        pytest.param(("bronze", "proposal", []), "tier", id="tier"),
        pytest.param(("gold", "", []), "reached_stage", id="empty-stage"),
        pytest.param(("gold", "proposal", [{"stage": "proposal"}]), r"entries\[0\]", id="dict"),
        pytest.param(("gold", "proposal", "proposal"), "entries", id="string"),
    ],
)
def test_bad_arguments_name_the_field(args, field):
    with pytest.raises(RuleInputError, match=rf"^{field}:"):
        check_marketing_log(*args)


def test_the_explanation_is_bilingual_and_cites_the_rules():
    check = check_marketing_log("gold", "quotation", [entry("initial_contact")], named_person="Li")
    assert check.explanation.rules == ("LOG-2", "LOG-3")
    assert "缺少协谈方案阶段的日志" in check.explanation.render("zh")


# LOG-4, 002 (五)1 区域钻石客户: 「由专人设立专本进行日常营销记录」;
# (五)2(4) 黄金客户: 「每个黄金客户都指定专人负责,并设立专本登记」;
# (五)3(4) 白银客户: 「建议每个白银客户都设立专本登记」.


def test_a_regional_diamond_without_a_named_person_is_incomplete():
    """The old code required a named person of GOLD customers only."""
    check = check_marketing_log("diamond", "initial_contact", FULL[:1], scope="regional")
    assert not check.complete
    assert [p.rule for p in check.problems] == ["LOG-4"]
    assert check.problems[0].reason == (
        "a regional diamond customer needs a named person and a dedicated log book (由专人设立专本)"
    )
    assert check.problems[0].reason_zh == "区域钻石客户须由专人设立专本进行日常营销记录"


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_a_blank_name_is_no_named_person_for_a_regional_diamond_or_gold(name):
    for tier, scope in (("diamond", "regional"), ("gold", "comprehensive"), ("gold", None)):
        check = check_marketing_log(
            tier, "initial_contact", FULL[:1], named_person=name, scope=scope
        )
        assert not check.complete, (tier, scope)


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_name_still_gets_silver_the_recommendation(name):
    check = check_marketing_log("silver", "initial_contact", FULL[:1], named_person=name)
    assert check.complete  # advice, never a failure
    assert "recommended" in str(check.explanation)


def test_a_regional_diamond_with_a_named_person_is_complete():
    check = check_marketing_log(
        "diamond", "initial_contact", FULL[:1], scope="regional", named_person="李明"
    )
    assert check.complete


@pytest.mark.parametrize("scope", ["comprehensive", "professional"])
def test_other_diamonds_need_no_named_person(scope):
    check = check_marketing_log("diamond", "initial_contact", FULL[:1], scope=scope)
    assert check.complete
    assert "LOG-4" not in check.explanation.rules


def test_a_diamond_checked_without_its_scope_says_log_4_was_not_checked():
    check = check_marketing_log("diamond", "initial_contact", FULL[:1])
    assert check.complete
    assert "scope not given" in str(check.explanation)


def test_an_unknown_scope_names_the_field():
    with pytest.raises(RuleInputError, match=r"^scope: .*\[LOG-4\]"):
        check_marketing_log("diamond", "initial_contact", FULL[:1], scope="global")


def test_the_cells_come_from_the_policy():
    from keyaccount_rules import default_policy

    policy = default_policy().with_changes(
        {"schedules.marketing_log.named_person_required_cells": ["diamond.professional"]}
    )
    regional = check_marketing_log(
        "diamond", "initial_contact", FULL[:1], scope="regional", policy=policy
    )
    professional = check_marketing_log(
        "diamond", "initial_contact", FULL[:1], scope="professional", policy=policy
    )
    assert regional.complete
    assert not professional.complete


def test_a_cell_that_is_not_a_tier_and_scope_is_a_policy_problem():
    from keyaccount_rules import PolicyError, default_policy

    with pytest.raises(PolicyError, match=r"'diamond.global' is not a tier.scope cell.*\[LOG-4\]"):
        default_policy().with_changes(
            {"schedules.marketing_log.named_person_required_cells": ["diamond.global"]}
        )


_ENTRY = LogEntry(
    stage="initial_contact",
    on=date(2025, 3, 1),
    content="needs",
    method="visit",
    our_participants=["Li"],
    customer_participants=["Wang"],
)


@pytest.mark.parametrize("single", [_ENTRY, "x", b"x"])
def test_log_1_a_single_entry_is_not_a_collection(single):
    with pytest.raises(RuleInputError) as err:
        check_marketing_log("diamond", "agreement", single)
    assert (err.value.field, err.value.rule) == ("entries", "LOG-1")
    assert err.value.problem == "must be a collection of LogEntry"


def test_log_1_an_undated_entry_passes_the_as_of_check():
    undated = LogEntry(stage="initial_contact")
    result = check_marketing_log(
        "diamond", "initial_contact", [_ENTRY, undated], as_of=date(2025, 3, 1)
    )
    assert result.stages_logged == (_ENTRY.stage,)
    assert [p.entry for p in result.problems] == [1]


def test_log_1_entries_may_be_any_iterable():
    result = check_marketing_log("diamond", "initial_contact", iter([_ENTRY]))
    assert result.complete is True


def test_log_2_a_tier_rolled_up_by_policy_is_not_checked():
    policy = default_policy().with_changes(
        {
            "schedules.marketing_log.rolled_up": {"general": "quarter", "silver": "half_year"},
            "schedules.marketing_log.checked_tiers": ["diamond", "gold"],
            "schedules.marketing_log.named_person_recommended": [],
        }
    )
    result = check_marketing_log("silver", "agreement", [], policy=policy)
    assert (result.checked, result.complete, result.problems) == (False, True, ())
    step = result.explanation.steps[0]
    assert step.rule == "LOG-2"
    assert step.text == (
        "silver customer: log entries are rolled up every half year to the unit's centre, "
        "not checked one by one"
    )


def test_log_4_a_named_person_clears_the_gold_requirement_and_silver_recommendation():
    gold = check_marketing_log("gold", "initial_contact", [_ENTRY], named_person=" Li ")
    assert gold.complete is True
    assert all(step.rule != "LOG-4" for step in gold.explanation.steps)
    silver = check_marketing_log("silver", "initial_contact", [_ENTRY], named_person="Li")
    assert all(step.rule != "LOG-4" for step in silver.explanation.steps)


def test_a_single_entry_for_the_list_is_refused_showing_what_was_given() -> None:
    from keyaccount_rules import LogEntry, RuleInputError, check_marketing_log

    single = LogEntry(
        stage="initial_contact",
        on=date(2026, 3, 2),
        content="c",
        method="visit",
        our_participants=["Li"],
        customer_participants=["Wang"],
    )
    with pytest.raises(RuleInputError) as caught:
        check_marketing_log("gold", "initial_contact", single)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("entries", "LOG-1")
    assert "(got stage=" in str(caught.value)


def test_the_marketing_log_check_names_its_missing_section_under_liangshan() -> None:
    from keyaccount_rules import MissingSectionError, check_marketing_log, edition

    with pytest.raises(MissingSectionError, match=r"^schedules\.marketing_log: .*'liangshan'"):
        check_marketing_log("gold", "initial_contact", [], policy=edition("liangshan"))


# ---------------------------------------------------------------- mutation-testing gaps


def test_a_rolled_up_tier_s_decision_lists_its_stages_and_asks_for_nothing() -> None:
    from keyaccount_rules import Cadence, Tier
    from keyaccount_rules.rules.marketing_log import LogDecision, decide_log

    rules = default_policy().schedules.marketing_log
    assert rules is not None
    d = decide_log(Tier.GENERAL, LogStage.QUOTATION, (), None, rules)
    assert d == LogDecision(
        tier=Tier.GENERAL,
        reached=LogStage.QUOTATION,
        rolled_up=Cadence.QUARTER,
        every_negotiation=False,
        stages=(LogStage.INITIAL_CONTACT, LogStage.PROPOSAL, LogStage.QUOTATION),
        logged=(),
        gaps=(),
        named_person_missing=False,
        recommend_log_book=False,
    )


def test_a_stage_without_an_entry_is_a_gap_with_no_entry_day_or_missing_fields() -> None:
    from keyaccount_rules import Tier
    from keyaccount_rules.rules.marketing_log import LogGap, decide_log

    rules = default_policy().schedules.marketing_log
    assert rules is not None
    d = decide_log(Tier.SILVER, LogStage.PROPOSAL, (), "li", rules)
    assert d.gaps == (
        LogGap(LogStage.INITIAL_CONTACT, None, None, ()),
        LogGap(LogStage.PROPOSAL, None, None, ()),
    )


def test_a_gold_customer_given_a_scope_needs_a_named_person_whatever_the_scope() -> None:
    check = check_marketing_log("gold", "initial_contact", [], scope="regional")
    named = [p for p in check.problems if p.rule == "LOG-4"]
    assert [(p.reason, p.reason_zh) for p in named] == [
        (
            "a gold customer needs a named person and a dedicated log book",
            "黄金客户须指定专人负责并设立专本登记",
        )
    ]

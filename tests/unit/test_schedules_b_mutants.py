"""Focused tests for visits, reporting and marketing-log paths the snapshot cases cannot reach.

Case files hold plain data, so Python objects (a float, bytes, a single Contact or LogEntry, a
nested policy table) are tested here; the whole outputs are in
tests/cases/snapshots_schedules_b.toml.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from keyaccount_rules import (
    Contact,
    ContactKind,
    LogEntry,
    RuleInputError,
    check_marketing_log,
    default_policy,
    fluctuation,
    key_customers,
    provincial_filing_list,
    visit_compliance,
    visit_year,
)

_ENTRY = LogEntry(
    stage="initial_contact",
    on=date(2025, 3, 1),
    content="needs",
    method="visit",
    our_participants=["Li"],
    customer_participants=["Wang"],
)


@pytest.mark.parametrize(
    "single",
    [
        pytest.param(date(2025, 3, 1), id="date"),
        pytest.param(b"2025-03-01", id="bytes"),
        pytest.param(Contact(on=date(2025, 3, 1)), id="contact"),
    ],
)
def test_visit_1_a_single_date_or_contact_is_not_a_collection(single):
    with pytest.raises(RuleInputError) as err:
        visit_compliance("gold", "regional", single, date(2025, 3, 1))
    assert err.value.field == "contact_dates"
    assert "must be a collection of dates or Contacts" in str(err.value)
    with pytest.raises(RuleInputError) as err:
        visit_year("gold", "regional", single, 2025)
    assert err.value.field == "contacts"


def test_visit_1_contacts_may_mix_dates_and_contact_records_from_any_iterable():
    contacts = iter([date(2025, 3, 1), Contact(on=date(2025, 3, 2), kind=ContactKind.CALL)])
    result = visit_compliance("gold", "comprehensive", contacts, date(2025, 3, 31))
    assert (result.done, result.shortfall, result.compliant) == (2, 0, True)


def test_visit_1_the_month_runs_from_its_first_to_its_last_day():
    days = [date(2025, 2, 28), date(2025, 3, 1), date(2025, 3, 31), date(2025, 4, 1)]
    result = visit_compliance("gold", "comprehensive", days, date(2025, 3, 17))
    assert (result.month_start, result.month_end) == (date(2025, 3, 1), date(2025, 3, 31))
    assert result.done == 2


def test_visit_3_the_chinese_step_lists_counted_kinds_in_vocabulary_order():
    policy = default_policy().with_changes(
        {"schedules.contacts.counted": ["leadership_visit", "call"]}
    )
    result = visit_compliance(
        "gold",
        "comprehensive",
        [Contact(on=date(2025, 3, 1), kind=ContactKind.GREETING)],
        date(2025, 3, 1),
        policy=policy,
    )
    last = result.explanation.steps[-1]
    assert last.rule == "VISIT-3"
    assert last.text_zh.endswith(f"(只计{ContactKind.CALL.zh}、{ContactKind.LEADERSHIP_VISIT.zh})")


@pytest.mark.parametrize("year", [2, 9998, 2025])
def test_visit_year_accepts_every_year_of_the_library_calendar(year):
    assert visit_year("silver", "regional", [], year).year == year


@pytest.mark.parametrize("year", [0, 1, 9999, 10000, -1, True, False, 2025.0, "2025", None])
def test_visit_year_rejects_what_is_not_a_calendar_year(year):
    with pytest.raises(RuleInputError) as err:
        visit_year("silver", "regional", [], year)
    assert err.value.field == "year"
    assert str(err.value) == f"year: must be a calendar year such as 2025 (got {year!r})"


def test_visit_2_leadership_visits_between_min_and_max_are_met_and_above_max_allowed():
    def year_with(leaders: int):
        contacts = [date(2025, m, 1) for m in range(1, 13)] + [
            Contact(on=date(2025, m, 2), kind=ContactKind.LEADERSHIP_VISIT)
            for m in range(1, leaders + 1)
        ]
        return visit_year("silver", "comprehensive", contacts, 2025)

    for leaders, met, verdict in [
        (0, False, "below the minimum"),
        (1, True, "→ met"),
        (2, True, "→ met"),
        (3, True, "above the guidance of 2: compliant, noted (G-15)"),
    ]:
        result = year_with(leaders)
        assert result.leadership_visits == leaders
        assert result.leadership_met is met
        assert result.compliant is met
        assert verdict in result.explanation.steps[2].text
    assert "超过2次，仍达标，予以注明(G-15)" in year_with(3).explanation.steps[2].text_zh


def test_visit_2_a_partial_year_without_leadership_visits_is_not_yet_judged():
    result = visit_year(
        "silver", "comprehensive", [date(2025, 1, 3)], 2025, as_of=date(2025, 1, 31)
    )
    assert result.year_complete is False
    assert result.leadership_met is False
    assert result.compliant is True
    assert result.explanation.steps[2].text.endswith("→ none yet; the year is not over")
    assert result.explanation.steps[2].text_zh.endswith("：年度未结束，尚待完成")
    assert [m.month_start for m in result.months] == [date(2025, 1, 1)]


def test_visit_1_a_contact_on_as_of_is_allowed_and_one_day_later_is_not():
    as_of = date(2025, 5, 10)
    assert visit_year("silver", "regional", [as_of], 2025, as_of=as_of).done == 1
    with pytest.raises(RuleInputError) as err:
        visit_year("silver", "regional", [date(2025, 5, 11)], 2025, as_of=as_of)
    assert (err.value.field, err.value.rule) == ("contacts[0]", "VISIT-1")


def test_visit_year_as_of_on_the_first_day_reviews_january_only():
    result = visit_year("silver", "regional", [], 2025, as_of=date(2025, 1, 1))
    assert len(result.months) == 1
    with pytest.raises(RuleInputError) as err:
        visit_year("silver", "regional", [], 2025, as_of=date(2024, 12, 31))
    assert err.value.field == "as_of"


def test_flux_1_a_float_volume_is_read_by_its_repr():
    result = fluctuation(0.1, 0.13)
    assert result.previous == Decimal("0.1")
    assert result.current == Decimal("0.13")
    assert result.change == Decimal("0.3")
    assert result.must_analyse is False


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (Decimal("12.5"), Decimal("12.5")),
        (7, Decimal(7)),
        (" 1,000.5 ", Decimal("1000.5")),
        (0, Decimal(0)),
    ],
)
def test_flux_1_volumes_as_decimal_int_or_text(value, amount):
    assert fluctuation(value, value).previous == amount


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, "must be a number or a decimal string, not NoneType"),
        (True, "must be an amount, not a boolean"),
        (float("inf"), "must be a finite number such as 1234.5"),
        (Decimal("NaN"), "must be a finite number such as 1234.5"),
        ("", "must not be empty"),
        (Decimal("-0.001"), "must not be negative"),
        (-0.5, "must not be negative"),
    ],
)
def test_flux_1_rejects_a_bad_volume_naming_the_field_and_rule(value, problem):
    with pytest.raises(RuleInputError) as err:
        fluctuation(1, value)
    assert (err.value.field, err.value.rule, err.value.problem) == ("current", "FLUX-1", problem)


@pytest.mark.parametrize(
    ("previous", "current", "shown"),
    [
        (100, 130, "= 30%"),
        (10, 13, "= 30%"),
        (1000, 1003, "= 0.3%"),
        (10000, 10003, "= 0.03%"),
        (100000, 100003, "= 0.003%"),
        (1000000, 1000003, "= 0.0003%"),
        (10000000, 10000003, " ≈0.00%"),
        (3, 2, " ≈33.33%"),
        (6, 5, " ≈16.67%"),
    ],
)
def test_flux_1_the_change_is_shown_exactly_up_to_four_decimals_of_a_percent(
    previous, current, shown
):
    text = fluctuation(previous, current).explanation.steps[0].text
    assert f"{shown}," in text or f"{shown} " in text  # the signed change, or its size


def test_flux_1_one_time_must_be_a_bool():
    for value in (1, 0, "true", None):
        with pytest.raises(RuleInputError) as err:
            fluctuation(1, 2, one_time=value)
        assert (err.value.field, err.value.rule) == ("one_time", "FLUX-1")


def test_flux_1_exactly_the_bound_is_not_more_and_a_hair_above_is():
    assert fluctuation(Decimal("1"), Decimal("1.3")).must_analyse is False
    assert fluctuation(Decimal("1"), Decimal("1.3000001")).must_analyse is True
    assert fluctuation(Decimal("1"), Decimal("0.7")).must_analyse is False
    assert fluctuation(Decimal("1"), Decimal("0.6999999")).must_analyse is True


@pytest.mark.parametrize("key", [5, "", "   ", None])
def test_file_1_keys_must_be_non_empty_strings(key):
    with pytest.raises(RuleInputError) as err:
        provincial_filing_list({key: 1}, tiers={key: "gold"})
    assert (err.value.field, err.value.rule) == ("monthly_average_spend", "FILE-1")
    assert err.value.problem == "keys must be non-empty strings"


def test_file_1_fewer_customers_than_the_top_are_all_ranked():
    result = provincial_filing_list({"a": 3, "b": 2, "c": 1}, tiers=dict.fromkeys("abc", "gold"))
    assert result.by_rank == {"a", "b", "c"}


def test_file_1_ties_at_the_last_place_are_all_included_and_the_next_is_not():
    spend = {f"c{i}": 100 - i for i in range(9)} | {"t1": 10, "t2": 10, "x": 9}
    assert provincial_filing_list(spend, tiers=dict.fromkeys(spend, "gold")).by_rank == set(
        spend
    ) - {"x"}
    policy = default_policy().with_changes({"schedules.filing.top": 1})
    three = {"a": 5, "b": 5, "c": 4}
    ranked = provincial_filing_list(three, tiers=dict.fromkeys(three, "gold"), policy=policy)
    assert ranked.by_rank == {"a", "b"}


def test_report_5_the_tiers_error_names_the_type_of_what_was_given():
    with pytest.raises(RuleInputError) as err:
        key_customers({"a": 1}, ["gold"])
    assert err.value.field == "tiers"
    assert str(err.value) == "tiers: must be a mapping of customer key → tier (got 'list')"


def test_report_5_revenue_not_a_mapping_names_its_type_and_rule():
    with pytest.raises(RuleInputError) as err:
        key_customers(("a",), {})
    assert (err.value.field, err.value.rule) == ("revenue", "REPORT-5")
    assert "(got 'tuple')" in str(err.value)


def test_report_5_tier_floor_includes_the_floor_itself():
    result = key_customers(
        dict.fromkeys("dgsn", 0),
        {"d": "diamond", "g": "gold", "s": "silver", "n": "general"},
        policy=default_policy().with_changes({"schedules.key_customers.top": 0}),
    )
    assert result.by_tier == {"d", "g", "s"}
    assert result.by_rank == frozenset()


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


def test_visit_1_a_year_reviews_its_own_months_and_stops_at_as_of():
    whole = visit_year("silver", "regional", [date(9998, 12, 31)], 9998)
    assert [m.month_start for m in whole.months] == [date(9998, m, 1) for m in range(1, 13)]
    part = visit_year("silver", "regional", [], 9998, as_of=date(9998, 3, 31))
    assert [m.month_start for m in part.months] == [date(9998, m, 1) for m in (1, 2, 3)]
    late = visit_year("silver", "regional", [], 9997, as_of=date(9998, 3, 31))
    assert late.year_complete is True
    assert len(late.months) == 12


def test_visit_1_visit_compliance_reads_the_minimum_from_the_given_policy():
    policy = default_policy().with_changes({"visits.contacts_per_month.gold.comprehensive": 3})
    days = [date(2025, 6, 1), date(2025, 6, 2)]
    result = visit_compliance("gold", "comprehensive", days, date(2025, 6, 30), policy=policy)
    assert (result.required, result.shortfall) == (3, 1)


@pytest.mark.parametrize("current", [Decimal("0.5"), 1, Decimal("0.01")])
def test_flux_1_any_new_volume_after_a_zero_month_is_flagged(current):
    result = fluctuation(0, current)
    assert result.must_analyse is True
    assert result.change is None
    assert "new volume → must analyse the cause" in result.explanation.steps[0].text

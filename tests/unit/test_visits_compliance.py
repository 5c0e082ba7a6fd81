"""Visit compliance (VISIT-1..3): one month and a year of contacts."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from keyaccount_rules import (
    Contact,
    ContactKind,
    RuleInputError,
    Scope,
    Tier,
    default_policy,
    visit_compliance,
    visit_year,
)


@pytest.mark.parametrize(
    ("tier", "scope", "done", "shortfall"),
    [
        pytest.param("gold", "comprehensive", 2, 0, id="gold-on-bound"),
        pytest.param("gold", "comprehensive", 1, 1, id="gold-one-under"),
        pytest.param("gold", "regional", 1, 0, id="regional-gold-on-bound"),
        pytest.param("gold", "regional", 0, 1, id="regional-gold-one-under"),
        pytest.param("diamond", "regional", 3, 0, id="diamond-above"),
        pytest.param("silver", "regional", 0, 1, id="silver-regional-G-1"),
        pytest.param("general", "professional", 1, 0, id="general-on-bound"),
    ],
)
def test_shortfall_is_required_minus_done_and_never_negative(tier, scope, done, shortfall):
    dates = [date(2025, 3, 1 + day) for day in range(done)]
    result = visit_compliance(tier, scope, dates, date(2025, 3, 15))
    assert result.done == done
    assert result.shortfall == shortfall
    assert result.compliant is (shortfall == 0)


def test_month_is_any_day_in_the_calendar_month_and_contacts_outside_are_ignored():
    dates = [date(2024, 1, 31), date(2024, 2, 1), date(2024, 2, 29), date(2024, 3, 1)]
    result = visit_compliance("gold", "comprehensive", dates, date(2024, 2, 10))
    assert (result.month_start, result.month_end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert result.done == 2


def test_two_contacts_on_the_same_day_count_twice():
    day = date(2025, 5, 6)
    result = visit_compliance(Tier.GOLD, Scope.COMPREHENSIVE, [day, day], day)
    assert result.done == 2
    assert result.compliant


def test_an_in_person_greeting_counts_toward_the_monthly_minimum():
    """VISIT-3: a greeting is made in person (001 「上门向客户致问候」) and 002 counts any
    「上门走访或日常沟通」 toward VISIT-1; the old code left it out (one short here)."""
    contacts = [
        Contact(on=date(2025, 10, 1), kind=ContactKind.GREETING, note="国庆问候"),
        Contact(on=date(2025, 10, 9), kind="call"),
    ]
    result = visit_compliance("gold", "comprehensive", contacts, date(2025, 10, 1))
    assert (result.done, result.not_counted, result.shortfall) == (2, 0, 0)
    assert result.compliant
    greeting = [s for s in result.explanation if s.rule == "VISIT-3"]
    assert [s.text for s in greeting] == [
        "1 in-person greeting(s) (上门问候) counted toward VISIT-1: "
        "002 counts any 上门走访或日常沟通"
    ]
    assert "上门问候计入每月联系次数" in greeting[0].text_zh


def test_a_policy_may_still_leave_greetings_out():
    policy = default_policy().with_changes(
        {"schedules.contacts.counted": ["visit", "call", "leadership_visit"]}
    )
    contacts = [Contact(on=date(2025, 10, 1), kind=ContactKind.GREETING)]
    result = visit_compliance("gold", "comprehensive", contacts, date(2025, 10, 1), policy=policy)
    assert (result.done, result.not_counted) == (0, 1)
    assert "not counted" in str(result.explanation)


def test_a_leadership_visit_counts_as_a_contact_and_as_a_leadership_visit():
    contacts = [Contact(on=date(2025, 4, 2), kind="leadership_visit")]
    result = visit_compliance("silver", "comprehensive", contacts, date(2025, 4, 2))
    assert (result.done, result.leadership_visits, result.compliant) == (1, 1, True)


def test_the_counted_kinds_come_from_the_policy():
    policy = default_policy().with_changes({"schedules.contacts.counted": ["visit"]})
    contacts = [Contact(on=date(2025, 4, 2), kind="call")]
    result = visit_compliance("silver", "comprehensive", contacts, date(2025, 4, 2), policy=policy)
    assert result.done == 0


def test_the_explanation_states_the_count_and_the_minimum():
    result = visit_compliance("diamond", "comprehensive", [date(2025, 7, 3)], date(2025, 7, 3))
    text = str(result.explanation)
    assert "2025-07: 1 contact(s) counted < 2 required → short by 1" in text
    assert "G-2" in result.explanation.rules
    assert "差1次" in result.explanation.render("zh")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        pytest.param(("platinum", "regional", [], date(2025, 1, 1)), "tier", id="tier"),
        pytest.param(("gold", "national", [], date(2025, 1, 1)), "scope", id="scope"),
        pytest.param(
            ("gold", "regional", ["2025-01-02"], date(2025, 1, 1)), r"contact_dates\[0\]", id="str"
        ),
        pytest.param(
            ("gold", "regional", date(2025, 1, 2), date(2025, 1, 1)), "contact_dates", id="bare"
        ),
        pytest.param(("gold", "regional", [], "2025-01"), "month", id="month"),
    ],
)
def test_bad_arguments_name_the_field(args, field):
    with pytest.raises(RuleInputError, match=rf"^{field}:"):
        visit_compliance(*args)


def test_a_contact_record_with_an_unknown_kind_names_the_field():
    with pytest.raises(ValidationError, match="kind"):
        Contact(on=date(2025, 1, 1), kind="dinner")


def _monthly(year, days):
    return [date(year, month, day) for month in range(1, 13) for day in days]


def test_a_full_year_met_every_month_with_one_leadership_visit_is_compliant():
    contacts = [
        *_monthly(2025, (5, 20)),
        Contact(on=date(2025, 6, 18), kind="leadership_visit"),
    ]
    year = visit_year("gold", "comprehensive", contacts, 2025)
    assert len(year.months) == 12
    assert (year.required, year.done, year.shortfall) == (24, 25, 0)
    assert year.leadership_visits == 1
    assert year.leadership_met
    assert year.year_complete
    assert year.compliant


def test_a_surplus_in_one_month_does_not_make_up_another():
    contacts = [d for d in _monthly(2025, (5, 20)) if d.month != 3] + [date(2025, 4, 25)]
    year = visit_year("gold", "comprehensive", contacts, 2025)
    assert year.shortfall == 2
    assert year.short_months == (date(2025, 3, 1),)
    assert not year.compliant


def test_a_complete_year_without_a_leadership_visit_is_not_compliant():
    year = visit_year("silver", "regional", _monthly(2025, (1,)), 2025)
    assert year.shortfall == 0
    assert not year.leadership_met
    assert not year.compliant
    assert "below the minimum" in str(year.explanation)


def test_leadership_visits_above_the_guidance_are_allowed():
    visits = [Contact(on=date(2025, m, 2), kind="leadership_visit") for m in (2, 5, 9)]
    year = visit_year("silver", "regional", [*_monthly(2025, (1,)), *visits], 2025)
    assert year.leadership_visits == 3
    assert year.compliant
    assert "above the guidance of 2" in str(year.explanation)


def test_mid_year_reviews_months_begun_and_does_not_yet_judge_leadership():
    year = visit_year(
        "silver", "regional", [date(2025, 1, 9), date(2025, 2, 3)], 2025, as_of=date(2025, 3, 1)
    )
    assert [m.month_start for m in year.months] == [
        date(2025, 1, 1),
        date(2025, 2, 1),
        date(2025, 3, 1),
    ]
    assert year.short_months == (date(2025, 3, 1),)
    assert not year.year_complete
    assert "the year is not over" in str(year.explanation)


def test_a_year_view_after_the_year_covers_all_twelve_months():
    year = visit_year("gold", "regional", [], 2024, as_of=date(2025, 2, 1))
    assert len(year.months) == 12
    assert year.months[1].month_end == date(2024, 2, 29)
    assert year.shortfall == 12


def test_a_contact_after_as_of_is_an_error_naming_it():
    with pytest.raises(RuleInputError, match=r"^contacts\[1\]: must not be after as_of"):
        visit_year(
            "gold", "regional", [date(2025, 1, 1), date(2025, 3, 2)], 2025, as_of=date(2025, 3, 1)
        )


@pytest.mark.parametrize("year", [0, "2025", True, 2025.0])
def test_a_bad_year_is_an_error_naming_it(year):
    with pytest.raises(RuleInputError, match=r"^year:"):
        visit_year("gold", "regional", [], year)


def test_as_of_before_the_year_is_an_error():
    with pytest.raises(RuleInputError, match=r"^as_of:"):
        visit_year("gold", "regional", [], 2025, as_of=date(2024, 12, 31))


def test_more_than_two_leadership_visits_are_compliant_and_noted_g15():
    """G-15: VISIT-2 「一至两次」 — at least 1 required; more than 2 is compliant, and noted."""
    visits = [Contact(on=date(2025, m, 2), kind="leadership_visit") for m in (2, 5, 9)]
    result = visit_year("gold", "comprehensive", visits, 2025, as_of=date(2025, 12, 31))
    assert result.leadership_met
    assert "compliant, noted (G-15)" in str(result.explanation)

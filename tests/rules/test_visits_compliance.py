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
from tests.conftest import exactly


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
    message = f"year: must be a calendar year such as 2025 (got {year!r})"
    with pytest.raises(RuleInputError, match=exactly(message)):
        visit_year("gold", "regional", [], year)


def test_as_of_before_the_year_is_an_error():
    with pytest.raises(
        RuleInputError,
        match=exactly("as_of: must not be before the year 2025 starts (got '2024-12-31')"),
    ):
        visit_year("gold", "regional", [], 2025, as_of=date(2024, 12, 31))


def test_more_than_two_leadership_visits_are_compliant_and_noted_g15():
    """G-15: VISIT-2 「一至两次」 — at least 1 required; more than 2 is compliant, and noted."""
    visits = [Contact(on=date(2025, m, 2), kind="leadership_visit") for m in (2, 5, 9)]
    result = visit_year("gold", "comprehensive", visits, 2025, as_of=date(2025, 12, 31))
    assert result.leadership_met
    assert "compliant, noted (G-15)" in str(result.explanation)


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


def test_contacts_of_a_kind_the_policy_does_not_count_are_named_with_the_kinds_that_count() -> None:
    policy = default_policy().with_changes({"schedules.contacts.counted": ["visit", "call"]})
    report = visit_compliance(
        "gold",
        "comprehensive",
        [Contact(on=date(2026, 11, 3), kind=ContactKind.GREETING), date(2026, 11, 4)],
        date(2026, 11, 20),
        policy=policy,
    )
    assert report.done == 1
    not_counted = [s for s in report.explanation if s.rule == "VISIT-3"]
    assert [s.text for s in not_counted] == [
        "1 contact(s) of a kind not counted toward VISIT-1 (only visit, call count)"
    ]
    zh = "另有1次联系不计入每月联系次数(只计上门走访、日常沟通)"
    assert [s.text_zh for s in not_counted] == [zh]


def test_a_single_contact_for_the_list_is_refused_showing_what_was_given() -> None:
    single = Contact(on=date(2026, 11, 3))
    with pytest.raises(RuleInputError) as caught:
        visit_compliance("gold", "comprehensive", single, date(2026, 11, 20))  # type: ignore[arg-type]
    assert caught.value.field == "contact_dates"
    expected = "contact_dates: must be a collection of dates or Contacts (got on=datetime.date("
    assert str(caught.value).startswith(expected)


def test_a_year_review_counts_the_contacts_of_kinds_not_counted_in_both_languages() -> None:
    policy = default_policy().with_changes(
        {"schedules.contacts.counted": ["visit", "call", "leadership_visit"]}
    )
    contacts = [
        Contact(on=date(2025, 1, 6), kind=ContactKind.GREETING),
        Contact(on=date(2025, 3, 6), kind=ContactKind.GREETING),
    ]
    year = visit_year("gold", "comprehensive", contacts, 2025, policy=policy)
    last = year.explanation.steps[-1]
    assert last.rule == "VISIT-3"
    assert last.text == "2 contact(s) of a kind not counted toward VISIT-1"
    assert last.text_zh == "另有2次联系不计入每月联系次数"

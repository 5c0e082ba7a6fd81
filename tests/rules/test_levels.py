"""Key accounts by level (rules/levels.py, EDITION-2): the argument errors a caller meets, and
the month's duties on their boundary days — VISIT-1 monthly contacts, VISIT-3 greetings on key
dates, APPR-1 quarterly archives, CAL-1 half-yearly centre visits — under ``liangshan``.

The classing and the plan themselves are in test_editions.py; expected values here are read
from docs/rules.md and 001, not from the code: a calendar month, quarters and half-years from
January (ARCH-2), one contact a month for either level, each key date due on its day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import keyaccount_rules as kr
from keyaccount_rules.rules.levels import Greeting, match_greetings

LIANGSHAN = kr.edition("liangshan")
VOLUMES = {"州财政局": {"bills": 900}, "某县医院": {"bills": 100}}
D = dt.date


def duties_of(as_of: dt.date, **kwargs: Any) -> kr.LevelDuties:
    return kr.level_duties("county", as_of, policy=LIANGSHAN, **kwargs)


def status(duties: kr.LevelDuties, duty: str) -> tuple[dt.date, str]:
    """The due date and status of the one duty of kind ``duty``."""
    (found,) = [d for d in duties.duties if d.duty == duty]
    return found.due, found.status


def steps_after_the_plan(duties: kr.LevelDuties) -> list[str]:
    """The month's steps: those after the four of the plan (LEVEL-1, VISIT-1, APPR-1, CAL-1)."""
    return [str(s) for s in duties.explanation][4:]


# ---------------------------------------------------------------- classing: designations


def test_designated_given_as_one_string_asks_for_a_collection_of_customer_keys() -> None:
    with pytest.raises(kr.RuleInputError) as err:
        kr.classify_levels(VOLUMES, designated="某县医院", policy=LIANGSHAN)
    assert (err.value.field, err.value.rule) == ("designated", "PARETO-1")
    assert str(err.value) == (
        "designated: must be a collection of customer keys (got '某县医院') [PARETO-1]"
    )


@pytest.mark.parametrize(
    ("designated", "message"),
    [
        (["某县医院", ""], "designated[1]: must be a non-empty customer key (got '') [PARETO-1]"),
        ([5], "designated[0]: must be a non-empty customer key (got 5) [PARETO-1]"),
    ],
)
def test_an_empty_or_non_text_designation_is_named_by_its_position(
    designated: list[object], message: str
) -> None:
    with pytest.raises(kr.RuleInputError) as err:
        kr.classify_levels(VOLUMES, designated=designated, policy=LIANGSHAN)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_a_designation_outside_volumes_says_what_is_wrong_and_how_to_fix_it() -> None:
    with pytest.raises(kr.RuleInputError) as err:
        kr.classify_levels(VOLUMES, designated=["某县医院", "无名公司"], policy=LIANGSHAN)
    assert (err.value.field, err.value.rule) == ("designated[1]", "PARETO-1")
    assert str(err.value) == (
        "designated[1]: is not a customer of volumes (got '无名公司') [PARETO-1]; "
        "designate customers by the keys of volumes (a county's own key accounts)"
    )


def test_a_bad_designation_after_a_repeated_one_is_named_by_its_own_position() -> None:
    # regression: the repeated key was dropped first, so the error named designated[1] — a
    # valid customer — instead of the caller's designated[2]
    with pytest.raises(kr.RuleInputError) as err:
        kr.classify_levels(
            VOLUMES, designated=["某县医院", "某县医院", "无名公司"], policy=LIANGSHAN
        )
    assert err.value.field == "designated[2]"


def test_a_repeated_designation_is_still_one_county_level_account() -> None:
    levels = kr.classify_levels(VOLUMES, designated=["某县医院", "某县医院"], policy=LIANGSHAN)
    assert dict(levels) == {"州财政局": kr.Level.PREFECTURE, "某县医院": kr.Level.COUNTY}


# ---------------------------------------------------------------- the plan of a level


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: kr.level_plan("provincial", policy=LIANGSHAN), id="level_plan"),
        pytest.param(lambda: duties_of_level("provincial"), id="level_duties"),
    ],
)
def test_an_unknown_level_names_the_level_argument_and_level_1(call: Any) -> None:
    with pytest.raises(kr.RuleInputError) as err:
        call()
    assert (err.value.field, err.value.rule) == ("level", "LEVEL-1")
    assert str(err.value) == (
        "level: must be one of prefecture (州级), county (县(市)级) (got 'provincial') [LEVEL-1]"
    )


def duties_of_level(level: str) -> kr.LevelDuties:
    return kr.level_duties(level, D(2026, 3, 20), policy=LIANGSHAN)


def test_the_plan_explains_the_unit_the_contacts_the_archive_and_the_centre_visits() -> None:
    plan = kr.level_plan("county", policy=LIANGSHAN)
    assert [str(s) for s in plan.explanation] == [
        "LEVEL-1: county-level key account: maintained by county_center",
        "VISIT-1: county-level key account: at least 1 contact(s) a month (按月对大客户进行上访)",
        "APPR-1: county-level key account: archive updated every quarter (每季更新)",
        "CAL-1: county_center visits all its key accounts every half year",
    ]


def test_the_plan_names_the_centres_in_001_s_own_words() -> None:
    """G-23: 「州局大客户中心负责全州大客户的管理与维护工作。」
    「县级大客户由县级大客户中心进行维护。」; 001 calls them 「各县市局大客户中心」,
    never 002's 县、区(分)局 or an invented 州(市)局."""
    county = [s.text_zh for s in kr.level_plan("county", policy=LIANGSHAN).explanation]
    prefecture = [s.text_zh for s in kr.level_plan("prefecture", policy=LIANGSHAN).explanation]
    assert county[0] == "县(市)级大客户：由县市局大客户中心维护"
    assert county[-1] == "县市局大客户中心每半年完成本地区大客户走访"
    assert prefecture[0] == "州级大客户：由州局大客户中心维护"
    duties = kr.level_duties("county", D(2026, 3, 10), policy=LIANGSHAN)
    assert not any("县、区(分)局" in s.text_zh or "州(市)" in s.text_zh for s in duties.explanation)


def test_002_s_editions_keep_002_s_word_for_the_county_centre() -> None:
    """002: 「区域黄金客户、综合白银客户 县、区(分)局大客户中心」."""
    assignment = kr.responsible_unit("gold", "regional", policy=kr.edition("shantou"))
    assert "县、区(分)局大客户中心" in assignment.explanation.steps[0].text_zh


def test_the_plan_cites_the_policys_own_number_of_contacts() -> None:
    twice = LIANGSHAN.with_changes({"levels.contacts.per_month.county": 2})
    plan = kr.level_plan("county", policy=twice)
    assert plan.contacts_per_month == 2
    assert plan.explanation[1].text == (
        "county-level key account: at least 2 contact(s) a month (按月对大客户进行上访)"
    )


def test_the_plan_and_the_duties_carry_the_fingerprint_of_the_policy_they_used() -> None:
    twice = LIANGSHAN.with_changes({"levels.contacts.per_month.county": 2})
    assert twice.fingerprint != LIANGSHAN.fingerprint
    for policy in (LIANGSHAN, twice):
        assert kr.level_plan("county", policy=policy).policy_fingerprint == policy.fingerprint
        duties = kr.level_duties("county", D(2026, 3, 20), policy=policy)
        assert duties.policy_fingerprint == policy.fingerprint


# ---------------------------------------------------------------- the duties' arguments


def test_as_of_given_as_text_is_an_error_naming_as_of_and_visit_1() -> None:
    with pytest.raises(kr.RuleInputError) as err:
        duties_of("2026-03-20")  # type: ignore[arg-type]
    assert (err.value.field, err.value.rule) == ("as_of", "VISIT-1")
    assert str(err.value) == (
        "as_of: must be a datetime.date (got '2026-03-20') [VISIT-1]; "
        "pass date(2025, 3, 31), not a string or a datetime"
    )


@pytest.mark.parametrize(
    ("argument", "rule", "what"),
    [
        ("contacts", "VISIT-1", "contacts"),
        ("refreshes", "APPR-1", "dates"),
        ("centre_visits", "CAL-1", "dates"),
    ],
)
def test_a_record_list_given_as_one_string_asks_for_a_collection(
    argument: str, rule: str, what: str
) -> None:
    with pytest.raises(kr.RuleInputError) as err:
        duties_of(D(2026, 3, 20), **{argument: "2026-03-02"})
    assert (err.value.field, err.value.rule) == (argument, rule)
    assert str(err.value) == (
        f"{argument}: must be a collection of {what} (got '2026-03-02') [{rule}]"
    )


@pytest.mark.parametrize(
    ("argument", "rule"),
    [("contacts", "VISIT-1"), ("refreshes", "APPR-1"), ("centre_visits", "CAL-1")],
)
def test_a_bad_date_in_a_record_list_is_named_by_its_position_and_rule(
    argument: str, rule: str
) -> None:
    with pytest.raises(kr.RuleInputError) as err:
        duties_of(D(2026, 3, 20), **{argument: [D(2026, 3, 2), "2026-03-03"]})
    assert (err.value.field, err.value.rule) == (f"{argument}[1]", rule)
    assert str(err.value).startswith(f"{argument}[1]: must be a datetime.date (got '2026-03-03')")


def test_a_key_date_that_is_not_a_date_is_named_by_its_position_and_visit_3() -> None:
    with pytest.raises(kr.RuleInputError) as err:
        duties_of(D(2026, 3, 20), key_dates={D(2026, 3, 8): "妇女节", "2026-03-25": "厂长生日"})  # type: ignore[dict-item]
    assert (err.value.field, err.value.rule) == ("key_dates[1]", "VISIT-3")


# ---------------------------------------------------------------- VISIT-1: the monthly contact


@pytest.mark.parametrize(
    ("contact", "state", "counted"),
    [
        pytest.param(D(2026, 3, 1), "done", 1, id="on-the-first-day-of-the-month"),
        pytest.param(D(2026, 3, 31), "done", 1, id="on-the-last-day-of-the-month"),
        pytest.param(D(2026, 2, 28), "due", 0, id="on-the-last-day-of-the-month-before"),
        pytest.param(D(2026, 4, 1), "due", 0, id="on-the-first-day-of-the-month-after"),
    ],
)
def test_a_contact_counts_in_its_calendar_month_from_the_first_to_the_last_day(
    contact: dt.date, state: str, counted: int
) -> None:
    duties = duties_of(D(2026, 3, 31), contacts=[contact])
    assert status(duties, "contact") == (D(2026, 3, 31), state)
    assert f"VISIT-1: this month: {counted} contact(s) counted, 1 required" in (
        steps_after_the_plan(duties)
    )


def test_the_contact_is_due_not_overdue_on_the_last_day_of_the_month() -> None:
    # due at month end: on the due day itself nothing is late yet
    assert status(duties_of(D(2026, 3, 31)), "contact") == (D(2026, 3, 31), "due")


def test_each_contact_of_the_month_is_counted_once() -> None:
    duties = duties_of(D(2026, 3, 20), contacts=[D(2026, 3, 2), kr.Contact(on=D(2026, 3, 9))])
    assert steps_after_the_plan(duties)[0] == (
        "VISIT-1: this month: 2 contact(s) counted, 1 required"
    )


def test_one_contact_does_not_meet_a_policy_of_two_a_month() -> None:
    twice = LIANGSHAN.with_changes({"levels.contacts.per_month.county": 2})
    duties = kr.level_duties("county", D(2026, 3, 20), contacts=[D(2026, 3, 2)], policy=twice)
    assert status(duties, "contact") == (D(2026, 3, 31), "due")
    assert steps_after_the_plan(duties)[0] == (
        "VISIT-1: this month: 1 contact(s) counted, 2 required"
    )


# ---------------------------------------------------------------- VISIT-3: greetings


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        pytest.param(D(2026, 3, 7), "due", id="the-day-before"),
        pytest.param(D(2026, 3, 8), "due", id="on-the-key-date"),
        pytest.param(D(2026, 3, 9), "overdue", id="the-day-after"),
    ],
)
def test_an_ungreeted_key_date_is_due_on_its_day_and_overdue_the_day_after(
    as_of: dt.date, state: str
) -> None:
    duties = duties_of(as_of, key_dates={D(2026, 3, 8): "妇女节"})
    assert status(duties, "greeting") == (D(2026, 3, 8), state)
    assert "VISIT-3: 妇女节 on 2026-03-08: no greeting yet" in steps_after_the_plan(duties)


def test_a_greeting_on_the_key_date_fulfils_it() -> None:
    # G-17: 「特定日期拜访」 — due on the key date itself
    duties = duties_of(
        D(2026, 3, 20),
        key_dates={D(2026, 3, 8): "妇女节"},
        contacts=[kr.Contact(on=D(2026, 3, 8), kind="greeting")],
    )
    assert status(duties, "greeting") == (D(2026, 3, 8), "done")
    assert "VISIT-3: 妇女节 on 2026-03-08: greeted on 2026-03-08" in steps_after_the_plan(duties)


def test_a_greeting_earlier_in_the_month_does_not_fulfil_a_key_date_by_default() -> None:
    # G-17: greeting_window_days is 0 (on the day), never "any day of the same month":
    # a greeting on 1 March does not fulfil a 31 March birthday
    duties = duties_of(
        D(2026, 3, 31),
        key_dates={D(2026, 3, 31): "厂长生日"},
        contacts=[kr.Contact(on=D(2026, 3, 1), kind="greeting")],
    )
    assert status(duties, "greeting") == (D(2026, 3, 31), "due")


WINDOW_3 = LIANGSHAN.with_changes({"schedules.greetings.greeting_window_days": 3})


@pytest.mark.parametrize(
    ("greeted", "state"),
    [(D(2026, 3, 5), "done"), (D(2026, 3, 4), "overdue"), (D(2026, 3, 9), "overdue")],
    ids=["3-days-before", "4-days-before", "the-day-after"],
)
def test_a_greeting_window_counts_back_days_from_the_key_date(greeted: dt.date, state: str) -> None:
    # G-17: a window of 3 days: 3-05..3-08 count for 3-08; the 4th day before and the day
    # after do not
    duties = kr.level_duties(
        "county",
        D(2026, 3, 20),
        key_dates={D(2026, 3, 8): "妇女节"},
        contacts=[kr.Contact(on=greeted, kind="greeting")],
        policy=WINDOW_3,
    )
    assert status(duties, "greeting") == (D(2026, 3, 8), state)
    if state == "done":
        assert "G-17" in [s.rule for s in duties.explanation]


def test_a_greeting_window_reaches_into_the_previous_month_and_year() -> None:
    # G-17: counted back in days across month and year boundaries: 12-30 for 1 January
    duties = kr.level_duties(
        "county",
        D(2027, 1, 1),
        key_dates={D(2027, 1, 1): "元旦"},
        contacts=[kr.Contact(on=D(2026, 12, 30), kind="greeting")],
        policy=WINDOW_3,
    )
    assert status(duties, "greeting") == (D(2027, 1, 1), "done")


def test_a_greeting_the_day_after_the_key_date_does_not_fulfil_it() -> None:
    # VISIT-3: each key date is due on its day; a late greeting is not one on the day
    duties = duties_of(
        D(2026, 3, 20),
        key_dates={D(2026, 3, 8): "妇女节"},
        contacts=[kr.Contact(on=D(2026, 3, 9), kind="greeting")],
    )
    assert status(duties, "greeting") == (D(2026, 3, 8), "overdue")
    assert status(duties, "contact") == (D(2026, 3, 31), "done")  # it is still a contact


@pytest.mark.parametrize(
    "day", [D(2026, 3, 1), D(2026, 3, 31)], ids=["on-the-first-of-the-month", "on-the-last"]
)
def test_a_key_date_on_the_first_or_last_day_of_the_month_is_one_of_its_duties(
    day: dt.date,
) -> None:
    # the month is 3-01..3-31 inclusive, for the key date and for the greeting made on it
    greeted = duties_of(
        D(2026, 3, 31), key_dates={day: "生日"}, contacts=[kr.Contact(on=day, kind="greeting")]
    )
    assert status(greeted, "greeting") == (day, "done")
    assert status(duties_of(day, key_dates={day: "生日"}), "greeting") == (day, "due")


def test_a_visit_on_the_key_date_is_a_contact_but_not_a_greeting() -> None:
    duties = duties_of(D(2026, 3, 8), key_dates={D(2026, 3, 8): "妇女节"}, contacts=[D(2026, 3, 8)])
    assert status(duties, "greeting") == (D(2026, 3, 8), "due")
    assert status(duties, "contact") == (D(2026, 3, 31), "done")


def test_each_greeting_fulfils_one_key_date_the_earliest_it_can() -> None:
    # VISIT-3 greetings by date, a 3-day window (G-17): the 3-07 greeting fulfils the 3-08
    # holiday; the 3-10 one is too late for it and too early for the 3-25 birthday
    found = match_greetings(
        [(D(2026, 3, 25), "厂长生日"), (D(2026, 3, 8), "妇女节"), (D(2026, 4, 1), "下月")],
        [D(2026, 3, 10), D(2026, 3, 7), D(2026, 3, 23)],
        D(2026, 3, 1),
        D(2026, 3, 31),
        window=3,
    )
    assert found == (
        Greeting(D(2026, 3, 8), "妇女节", D(2026, 3, 7), 3),
        Greeting(D(2026, 3, 25), "厂长生日", D(2026, 3, 23), 3),
    )


def test_a_greeting_used_by_a_key_date_of_the_month_before_does_not_count_again() -> None:
    # G-17: the 2-27 greeting is 2-28's (in the window before the month): not 3-01's too
    found = match_greetings(
        [(D(2026, 2, 28), "生日"), (D(2026, 3, 1), "节日")],
        [D(2026, 2, 27)],
        D(2026, 3, 1),
        D(2026, 3, 31),
        window=2,
    )
    assert found == (Greeting(D(2026, 3, 1), "节日", None, 2),)


def test_one_greeting_does_not_fulfil_two_key_dates() -> None:
    found = match_greetings(
        [(D(2026, 3, 8), "妇女节"), (D(2026, 3, 8), "厂长生日")],
        [D(2026, 3, 8)],
        D(2026, 3, 1),
        D(2026, 3, 31),
    )
    assert [g.greeted_on for g in found] == [D(2026, 3, 8), None]


# ---------------------------------------------------------------- APPR-1: the quarterly archive

Q2 = "2026-04-01–2026-06-30"


@pytest.mark.parametrize(
    ("refreshed", "as_of", "state", "step"),
    [
        pytest.param(
            D(2026, 4, 1),
            D(2026, 4, 1),
            "done",
            f"APPR-1: archive updated in {Q2}",
            id="on-the-first-day-of-the-quarter",
        ),
        pytest.param(
            D(2026, 6, 30),
            D(2026, 6, 30),
            "done",
            f"APPR-1: archive updated in {Q2}",
            id="on-the-last-day-of-the-quarter",
        ),
        pytest.param(
            D(2026, 3, 31),
            D(2026, 4, 1),
            "due",
            f"APPR-1: archive not yet updated in {Q2}, due 2026-06-30",
            id="on-the-last-day-of-the-quarter-before",
        ),
    ],
)
def test_a_refresh_counts_in_its_calendar_quarter(
    refreshed: dt.date, as_of: dt.date, state: str, step: str
) -> None:
    duties = duties_of(as_of, refreshes=[refreshed])
    assert status(duties, "archive") == (D(2026, 6, 30), state)
    assert steps_after_the_plan(duties)[-2] == step


def test_the_archive_is_due_not_overdue_on_the_last_day_of_the_quarter() -> None:
    assert status(duties_of(D(2026, 6, 30)), "archive") == (D(2026, 6, 30), "due")


# ---------------------------------------------------------------- CAL-1: the half-yearly visit

H1, H2 = "2026-01-01–2026-06-30", "2026-07-01–2026-12-31"


@pytest.mark.parametrize(
    ("visited", "as_of", "due", "state", "step"),
    [
        pytest.param(
            D(2026, 1, 1),
            D(2026, 3, 15),
            D(2026, 6, 30),
            "done",
            f"CAL-1: centre visit done in {H1}",
            id="in-the-first-month-of-the-half-year",
        ),
        pytest.param(
            D(2026, 6, 30),
            D(2026, 6, 30),
            D(2026, 6, 30),
            "done",
            f"CAL-1: centre visit done in {H1}",
            id="in-the-last-month-of-the-half-year",
        ),
        pytest.param(
            D(2025, 12, 31),
            D(2026, 1, 1),
            D(2026, 6, 30),
            "due",
            f"CAL-1: centre visit not yet done in {H1}, due 2026-06-30",
            id="in-the-last-month-of-the-half-year-before",
        ),
        pytest.param(
            D(2026, 6, 30),
            D(2026, 7, 1),
            D(2026, 12, 31),
            "due",
            f"CAL-1: centre visit not yet done in {H2}, due 2026-12-31",
            id="in-the-half-year-before-seen-from-the-next",
        ),
    ],
)
def test_a_centre_visit_counts_in_its_half_year_from_january_or_july(
    visited: dt.date, as_of: dt.date, due: dt.date, state: str, step: str
) -> None:
    duties = duties_of(as_of, centre_visits=[visited])
    assert status(duties, "centre_visit") == (due, state)
    assert steps_after_the_plan(duties)[-1] == step


# ---------------------------------------------------------------- a whole month


def test_the_months_duties_are_explained_in_order_after_the_plan() -> None:
    duties = duties_of(
        D(2026, 3, 20),
        key_dates={D(2026, 3, 25): "厂长生日", D(2026, 3, 8): "妇女节"},
        contacts=[kr.Contact(on=D(2026, 3, 8), kind="greeting")],
        refreshes=[D(2026, 2, 1)],
    )
    assert steps_after_the_plan(duties) == [
        "VISIT-1: this month: 1 contact(s) counted, 1 required",
        "VISIT-3: 妇女节 on 2026-03-08: greeted on 2026-03-08",
        "VISIT-3: 厂长生日 on 2026-03-25: no greeting yet",
        "APPR-1: archive updated in 2026-01-01–2026-03-31",
        "CAL-1: centre visit not yet done in 2026-01-01–2026-06-30, due 2026-06-30",
    ]

"""Work calendar (REPORT-1..4, ANALYSE-1, CAL-1..2, G-5) and its iCalendar export."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pytest
from pydantic import ValidationError

from keyaccount_rules import (
    BusinessCalendar,
    RuleInputError,
    default_policy,
    month_calendar,
    to_ics,
    work_calendar,
    year_calendar,
)


def _due(calendar, key):
    return [d.due for d in calendar.duties if d.key == key]


@pytest.mark.parametrize(
    ("key", "rule", "due"),
    [
        pytest.param("roster-changes", "REPORT-1", date(2025, 3, 25), id="REPORT-1-25th"),
        pytest.param("unit-monthly-report", "REPORT-2", date(2025, 3, 28), id="REPORT-2-28th"),
        pytest.param("city-monthly-report", "REPORT-3", date(2025, 3, 5), id="REPORT-3-5th"),
        pytest.param("prefecture-collection", "REPORT-4", date(2025, 3, 3), id="REPORT-4-3rd"),
        pytest.param("analysis-silver-monthly", "ANALYSE-1", date(2025, 3, 31), id="silver"),
        pytest.param("analysis-gold-quarterly", "ANALYSE-1", date(2025, 3, 31), id="gold-q"),
        pytest.param("analysis-gold-topic", "ANALYSE-1", date(2025, 3, 5), id="gold-topic"),
        pytest.param("managers-meeting", "CAL-2", date(2025, 3, 31), id="managers-quarterly"),
    ],
)
def test_each_monthly_deadline_falls_on_its_stated_day(key, rule, due):
    calendar = month_calendar(date(2025, 3, 17))
    (duty,) = [d for d in calendar.duties if d.key == key]
    assert (duty.rule, duty.due, duty.stated_due) == (rule, due, due)


def test_the_5th_report_covers_the_previous_month_across_a_year_end():
    (duty,) = [d for d in month_calendar(date(2025, 1, 1)).duties if d.key == "city-monthly-report"]
    assert (duty.period_start, duty.period_end) == (date(2024, 12, 1), date(2024, 12, 31))
    assert duty.due == date(2025, 1, 5)


def test_the_quarterly_usage_table_is_due_after_each_quarter():
    assert _due(year_calendar(2025), "quarterly-usage-table") == [
        date(2025, 1, 3),
        date(2025, 4, 3),
        date(2025, 7, 3),
        date(2025, 10, 3),
    ]


def test_period_end_duties_follow_month_lengths_and_leap_years():
    assert _due(month_calendar(date(2024, 2, 1)), "analysis-silver-monthly") == [date(2024, 2, 29)]
    assert _due(month_calendar(date(2023, 2, 1)), "analysis-silver-monthly") == [date(2023, 2, 28)]
    assert _due(month_calendar(date(2025, 4, 1)), "analysis-silver-monthly") == [date(2025, 4, 30)]


def test_yearly_duties_carry_their_counts():
    symposiums = [d for d in year_calendar(2025).duties if d.key == "symposiums"]
    assert [(d.due, d.at_least, d.at_most, d.times) for d in symposiums] == [
        (date(2025, 12, 31), 2, 4, "2–4")
    ]


def test_a_year_has_every_duty_the_expected_number_of_times():
    calendar = year_calendar(2025)
    counts = {}
    for duty in calendar.duties:
        counts[duty.key] = counts.get(duty.key, 0) + 1
    assert counts["roster-changes"] == 12
    assert counts["analysis-regional-diamond"] == 4
    # CAL-1's half-year visits are one duty per key account (G-19), never a calendar line
    assert "half-year-visits" not in counts
    assert counts["training"] == 1
    # 001's weekly morning meeting (每周晨会) and monthly appraisal (按月绩效考核), G-16
    assert counts["morning-meeting"] == 52  # the weeks whose Sunday falls in 2025
    assert counts["monthly-appraisal"] == 12
    # 001 三's second and third monthly collections (REPORT-4) and 第四步's yearly plan (CAL-2)
    assert (counts["system-extraction"], counts["centres-progress"]) == (12, 12)
    assert counts["yearly-project-plan"] == 1
    # 002's quarterly roll-up of GENERAL logs (LOG-2, 「每季汇总交本单位大客户中心」)
    assert counts["general-log-rollup"] == 4
    # + the monthly analysis (REPORT-4), the two collections, the yearly plan, the roll-up
    assert len(calendar.duties) == 129 + 52 + 12 + 12 + 12 + 12 + 1 + 4
    assert [d.due for d in calendar.duties] == sorted(d.due for d in calendar.duties)


def test_deadlines_do_not_move_without_a_business_calendar():
    # 2025-05-25 is a Sunday.
    calendar = month_calendar(date(2025, 5, 1))
    assert _due(calendar, "roster-changes") == [date(2025, 5, 25)]
    assert not calendar.shifted
    assert "G-5" in calendar.explanation.rules


def test_a_weekend_deadline_moves_to_the_friday_before_when_asked():
    calendar = month_calendar(date(2025, 5, 1), business_days=BusinessCalendar())
    (duty,) = [d for d in calendar.duties if d.key == "roster-changes"]
    assert (duty.stated_due, duty.due) == (date(2025, 5, 25), date(2025, 5, 23))
    assert "2025-05-25 → 2025-05-23" in str(calendar.explanation)


def test_holidays_move_a_deadline_back_into_the_previous_month():
    national_day = BusinessCalendar(
        non_working_days={date(2025, 10, day) for day in range(1, 9)},
        working_days={date(2025, 9, 28), date(2025, 10, 11)},
    )
    calendar = month_calendar(date(2025, 10, 1), business_days=national_day)
    assert _due(calendar, "prefecture-collection") == [date(2025, 9, 30)]
    assert _due(calendar, "city-monthly-report") == [date(2025, 9, 30)]
    assert national_day.is_working_day(date(2025, 9, 28))
    assert national_day.previous_working_day(date(2025, 9, 29)) == date(2025, 9, 29)


def test_the_duties_come_from_the_policy():
    policy = default_policy().with_changes({"schedules.calendar.duties.0.day": 20})
    assert _due(month_calendar(date(2025, 3, 1), policy=policy), "roster-changes") == [
        date(2025, 3, 20)
    ]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        pytest.param(lambda: work_calendar(date(2025, 3, 2), date(2025, 3, 1)), "end", id="end"),
        pytest.param(lambda: work_calendar("2025-03-01", date(2025, 3, 1)), "start", id="start"),
        pytest.param(lambda: month_calendar(2025), "month", id="month"),
        pytest.param(lambda: year_calendar("2025"), "year", id="year"),
        pytest.param(
            lambda: work_calendar(date(2025, 1, 1), date(2025, 1, 2), business_days={1}),
            "business_days",
            id="business-days",
        ),
        pytest.param(
            lambda: to_ics(year_calendar(2025), stamp=datetime(2025, 1, 1)), "stamp", id="naive"
        ),
    ],
)
def test_bad_arguments_name_the_field(call, field):
    with pytest.raises(RuleInputError, match=rf"^{field}:"):
        call()


def _physical_lines(text):
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    return lines


def test_ics_lines_end_in_crlf_and_fold_at_75_octets():
    text = to_ics(year_calendar(2025), lang="zh")
    lines = _physical_lines(text)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)  # long Chinese descriptions folded
    for line in lines:
        line.encode("utf-8").decode("utf-8")  # no character split across lines


def test_ics_is_read_back_by_a_standard_parser():
    national_day = BusinessCalendar(non_working_days={date(2025, 10, d) for d in range(1, 9)})
    calendar = month_calendar(date(2025, 10, 1), business_days=national_day)
    stamp = datetime(2025, 9, 1, 8, 30, tzinfo=UTC)
    parsed = icalendar.Calendar.from_ical(to_ics(calendar, lang="zh", stamp=stamp))
    events = list(parsed.walk("VEVENT"))
    assert len(events) == len(calendar.duties)
    for event, duty in zip(events, calendar.duties, strict=True):
        assert event.decoded("DTSTART") == duty.due
        assert (
            str(event["SUMMARY"])
            == f"[{duty.rule}] {duty.what_zh}"
            + ("" if duty.times == "1" else f" ×{duty.times}")
            + f"（{duty.who_zh}）"
        )
        assert duty.source in str(event["DESCRIPTION"])
        assert event.decoded("DTSTAMP") == stamp
    moved = [e for e in events if "moved to 2025-09-30 (G-5)" in str(e["DESCRIPTION"])]
    # the 3rd (collection, usage table), the 5th (report, topic) and the week ending on the 5th
    assert len(moved) == 5
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_ics_escapes_commas_semicolons_backslashes_and_newlines():
    policy = default_policy().with_changes(
        {"schedules.calendar.duties.0.what": "roster; changes, a\\b\nsecond line"}
    )
    calendar = month_calendar(date(2025, 3, 1), policy=policy)
    text = to_ics(calendar, lang="en")
    assert "roster\\; changes\\, a\\\\b\\nsecond line" in text.replace("\r\n ", "")
    (event,) = [
        e
        for e in icalendar.Calendar.from_ical(text).walk("VEVENT")
        if "roster" in str(e["SUMMARY"])
    ]
    assert str(event["SUMMARY"]).startswith("[REPORT-1] roster; changes, a\\b\nsecond line")


def test_ics_export_is_reproducible_and_uids_are_stable():
    first = to_ics(month_calendar(date(2025, 3, 1)))
    assert first == to_ics(month_calendar(date(2025, 3, 31)))
    assert "UID:roster-changes-20250301-20250325@keyaccount-rules\r\n" in first
    assert "DTSTAMP:20250301T000000Z\r\n" in first


def test_a_weekend_day_outside_monday_to_sunday_is_rejected():
    with pytest.raises(ValidationError, match="weekend"):
        BusinessCalendar(weekend={7})


def test_a_custom_weekend_moves_deadlines_accordingly():
    # 2025-03-28 is a Friday; with a Friday–Saturday weekend REPORT-2 moves to Thursday.
    calendar = month_calendar(date(2025, 3, 1), business_days=BusinessCalendar(weekend={4, 5}))
    assert _due(calendar, "unit-monthly-report") == [date(2025, 3, 27)]


# CAL-2, 001 六: 「州局大客户中心每年至少要完成2-4个营销策划服务方案」 — a floor of 2; 4 is
# guidance, never a ceiling.


def test_the_prefecture_marketing_plans_are_at_least_2_and_4_is_no_ceiling():
    (duty,) = [d for d in year_calendar(2025).duties if d.key == "marketing-plans-prefecture"]
    assert (duty.at_least, duty.at_most) == (2, 4)
    step = next(s for s in year_calendar(2025).explanation if "marketing plans" in s.text)
    assert step.text == (
        "CAL-2: marketing plans (at least 2×; 4 as guidance, never a ceiling): prefecture centre, "
        "by the end of each year: 1 due"
    ).removeprefix("CAL-2: ")
    assert "至少2次" in step.text_zh
    assert "不设上限" in step.text_zh
    assert "至多" not in step.text_zh


def test_n_day_deadlines_are_inclusive_and_say_so_g7():
    """G-7: 「25日前」 is due by the 25th, the 25th itself included."""
    calendar = month_calendar(date(2025, 3, 1))
    assert _due(calendar, "roster-changes") == [date(2025, 3, 25)]
    text = str(calendar.explanation)
    assert "by day 25 of each month (inclusive, G-7)" in text
    assert "每月25日前(含当日，G-7)" in calendar.explanation.render("zh")


def test_the_quarterly_usage_table_is_due_by_the_3rd_after_the_quarter_g13():
    """G-13: REPORT-4's quarterly table names no day; due by the 3rd, like the collection."""
    calendar = year_calendar(2025)
    # the quarter ending December 2024 is due on 3 January 2025, and so on
    assert _due(calendar, "quarterly-usage-table")[:3] == [
        date(2025, 1, 3),
        date(2025, 4, 3),
        date(2025, 7, 3),
    ]
    assert "G-13" in str(calendar.explanation)


# ---- mutation testing (calendar)


def test_decide_calendar_returns_the_range_it_was_asked_for() -> None:
    from keyaccount_rules.rules.calendar import decide_calendar

    schedules = default_policy().schedules
    d = decide_calendar(
        date(2025, 1, 1), date(2025, 3, 31), schedules.calendar.duties, schedules.periods, None
    )
    assert (d.start, d.end, d.shifted) == (date(2025, 1, 1), date(2025, 3, 31), False)


def test_a_range_of_ten_calendar_years_is_allowed() -> None:
    cal = work_calendar(date(2025, 1, 1), date(2034, 12, 31))
    assert cal.end == date(2034, 12, 31)


def test_a_range_over_eleven_calendar_years_is_refused_naming_end_and_the_range() -> None:
    with pytest.raises(RuleInputError) as caught:
        work_calendar(date(2025, 12, 31), date(2035, 1, 1))
    assert caught.value.field == "end"
    assert caught.value.rule == "CAL-1"
    assert str(caught.value) == (
        "end: the range may span at most 10 calendar years (got '2025-12-31 – 2035-01-01')"
        " [CAL-1]; call year_calendar(year) for each year you need"
    )

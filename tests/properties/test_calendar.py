"""Invariants of the work calendar: ranges, business-day shifts, iCalendar folding."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from keyaccount_rules import BusinessCalendar, work_calendar
from keyaccount_rules.io.safety import ics_fold

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=50)
@given(days, st.integers(min_value=0, max_value=120), st.sets(days, max_size=40))
def test_shifted_deadlines_are_working_days_on_or_before_the_stated_day(start, length, holidays):
    business = BusinessCalendar(non_working_days=holidays)
    end = start + timedelta(days=length)
    plain = work_calendar(start, end)
    shifted = work_calendar(start, end, business_days=business)
    assert [d.stated_due for d in plain.duties] == sorted(d.stated_due for d in shifted.duties)
    for duty in shifted.duties:
        assert start <= duty.stated_due <= end
        assert duty.due <= duty.stated_due
        assert business.is_working_day(duty.due)
        between = duty.due + timedelta(days=1)
        while between <= duty.stated_due:
            assert not business.is_working_day(between)
            between += timedelta(days=1)
    for duty in plain.duties:
        assert duty.due == duty.stated_due


@given(st.text(min_size=0, max_size=400))
def test_folding_keeps_lines_within_75_octets_and_unfolds_to_the_original(line):
    line = line.replace("\r", "").replace("\n", "")
    folded = ics_fold(line)
    physical = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert folded.replace("\r\n ", "") == line

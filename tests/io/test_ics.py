"""The iCalendar export: line folding and escaping (RFC 5545), stamps in UTC, summaries."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from keyaccount_rules import WorkCalendar, month_calendar, to_ics, work_calendar
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.io.safety import ics_fold, ics_text
from keyaccount_rules.rules.calendar import Duty


@pytest.fixture
def shanghai_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run with local time UTC+8, so local and UTC conversions differ."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is not available")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _calendar(at_least: int = 1, at_most: int = 1) -> WorkCalendar:
    duty = Duty(
        key="k",
        rule="CAL-1",
        what="training",
        what_zh="培训",
        who="prefecture centre",
        who_zh="州局",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        stated_due=date(2025, 12, 31),
        due=date(2025, 12, 31),
        at_least=at_least,
        at_most=at_most,
        source="001",
    )
    base = work_calendar(date(2025, 12, 31), date(2025, 12, 31))
    return base.model_copy(update={"duties": (duty,)})


def test_a_line_of_exactly_75_octets_is_not_folded_rfc5545():
    assert ics_fold("a" * 75) == "a" * 75


def test_a_long_line_folds_at_75_then_74_octets_plus_the_leading_space_rfc5545():
    folded = ics_fold("a" * 75 + "b" * 74 + "c")
    assert folded.split("\r\n") == ["a" * 75, " " + "b" * 74, " c"]


def test_folding_counts_utf8_octets_and_never_splits_a_character_rfc5545():
    folded = ics_fold("汉" * 30)  # 90 octets: 25 characters (75 octets), then 5
    assert folded.split("\r\n") == ["汉" * 25, " " + "汉" * 5]


def test_escape_turns_crlf_and_lf_into_one_escaped_newline_each():
    assert ics_text("a\r\nb\nc") == "a\\nb\\nc"
    assert ics_text(r"x\y;z,w") == r"x\\y\;z\,w"


def test_ics_default_stamp_is_the_calendar_start_at_midnight_utc_whatever_the_local_zone(
    shanghai_local_time: None,
):
    text = to_ics(month_calendar(date(2025, 3, 1)))
    assert "DTSTAMP:20250301T000000Z\r\n" in text


def test_ics_stamp_in_another_zone_is_written_in_utc_whatever_the_local_zone(
    shanghai_local_time: None,
):
    stamp = datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    text = to_ics(month_calendar(date(2025, 3, 1)), stamp=stamp)
    assert "DTSTAMP:20250301T143000Z\r\n" in text


def test_ics_aware_utc_stamp_is_kept():
    text = to_ics(month_calendar(date(2025, 3, 1)), stamp=datetime(2025, 2, 3, 4, 5, 6, tzinfo=UTC))
    assert "DTSTAMP:20250203T040506Z\r\n" in text


def test_ics_summary_shows_how_many_times_a_duty_is_done_cal1():
    en = to_ics(_calendar(2, 4), lang="en")
    zh = to_ics(_calendar(2, 4), lang="zh")
    assert "SUMMARY:[CAL-1] training ×2–4 (prefecture centre)\r\n" in en
    assert "SUMMARY:[CAL-1] 培训 ×2–4（州局）\r\n" in zh
    assert "SUMMARY:[CAL-1] training (prefecture centre)\r\n" in to_ics(_calendar(), lang="en")


def test_ics_rejects_a_naive_stamp_g5():
    with pytest.raises(RuleInputError) as caught:
        to_ics(_calendar(), stamp=datetime(2025, 1, 1))
    assert caught.value.field == "stamp"
    assert str(caught.value) == (
        "stamp: must be a timezone-aware datetime (got 2025-01-01 00:00:00); pass tzinfo=UTC"
    )

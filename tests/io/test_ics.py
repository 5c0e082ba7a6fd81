"""The iCalendar export: line folding and escaping (RFC 5545), stamps in UTC, summaries."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import icalendar
import pytest

import keyaccount_rules as kr
from keyaccount_rules import WorkCalendar, month_calendar, to_ics, work_calendar
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.io.safety import ics_fold, ics_text
from keyaccount_rules.records.activity import Event, Kind
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


# ---- the agenda's calendar: persistent UIDs, SEQUENCE, STATUS, VALARM (RFC 5545)


def _customers() -> list[kr.Customer]:
    """Five key accounts of two managers; one has a customer ID, the others only a name."""
    amounts = (2_000_000, 900_000, 400_000, 150_000, 60_000)
    found = [
        kr.Customer(name=f"客户{n}", has_agreement=True, last_year_revenue={"express": amount})
        for n, amount in enumerate(amounts)
    ]
    found[0] = kr.Customer(
        name="客户0", customer_id="44050700012000", has_agreement=True,
        last_year_revenue={"express": amounts[0]},
    )  # fmt: skip
    return found


def _activity() -> list[Event]:
    return [
        Event(2, "客户0", date(2025, 3, 3), Kind.VISIT, "李"),
        Event(3, "客户1", date(2025, 3, 4), Kind.VISIT, "王"),
        Event(4, "客户2", date(2025, 3, 5), Kind.CONTACT, "李"),
        Event(5, "客户3", date(2025, 3, 6), Kind.CONTACT, "王"),
        Event(6, "客户4", date(2025, 3, 7), Kind.CONTACT, "李"),
        Event(7, "客户1", date(2025, 3, 21), Kind.ARCHIVE_REFRESH, "王"),
        Event(8, "客户0", date(1980, 3, 18), Kind.KEY_DATE, "李", detail="董事长生日"),
        Event(9, "客户0", date(1990, 3, 18), Kind.KEY_DATE, "李", detail="建厂纪念日"),
    ]


def _uids(customers: list[kr.Customer], as_of: date, manager: str | None = None) -> dict:
    """The duty (customer, rule, duty, due, title) → its UID, read back with ``icalendar``."""
    plan = kr.agenda(customers, _activity(), as_of=as_of, bureau_annual_revenue=300_000_000)
    parsed = icalendar.Calendar.from_ical(plan.to_ics(lang="en", manager=manager))
    events = list(parsed.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)  # unique in the calendar
    chosen = plan if manager is None else plan.filter(manager=manager)
    assert len(events) == len(chosen.items)
    duties = [(i.customer, i.rule, i.duty, i.due, i.what if i.duty == "greeting" else "")
              for i in chosen.items]  # fmt: skip
    return dict(zip(duties, uids, strict=True))


def test_an_agenda_s_uids_stay_put_a_day_later_for_one_manager_and_customers_reordered() -> None:
    """RFC 5545 §3.8.4.7: a UID is persistent. The same duty has the same UID whether the
    run date moves a day, one manager's calendar is taken, or the customers are reordered."""
    bureau = _uids(_customers(), date(2025, 3, 20))
    later = _uids(_customers(), date(2025, 3, 21))
    li = _uids(_customers(), date(2025, 3, 20), manager="李")
    reordered = _uids(list(reversed(_customers())), date(2025, 3, 20))
    shared = bureau.keys() & later.keys()
    assert len(shared) >= 20
    assert all(bureau[duty] == later[duty] for duty in shared)
    assert li
    assert li.keys() <= bureau.keys()
    assert all(li[duty] == bureau[duty] for duty in li)
    assert reordered == bureau


def test_a_uid_names_the_customer_by_id_else_by_a_digest_of_its_name() -> None:
    bureau = _uids(_customers(), date(2025, 3, 20))
    by_id = {uid for (customer, *_), uid in bureau.items() if customer == "客户0"}
    by_name = {uid for (customer, *_), uid in bureau.items() if customer == "客户1"}
    digest = hashlib.sha256("客户1".encode()).hexdigest()[:16]
    assert by_id
    assert all("-id-44050700012000" in uid for uid in by_id)
    assert by_name
    assert all(f"-name-{digest}@keyaccount-rules" in uid for uid in by_name)
    assert "20250331-VISIT-1-contacts-id-44050700012000@keyaccount-rules" in by_id


def test_two_key_dates_of_one_day_are_two_events_visit3() -> None:
    """VISIT-3 「特定日期拜访」: each key date is its own greeting, so its own event."""
    bureau = _uids(_customers(), date(2025, 3, 20))
    greetings = [uid for (c, _r, duty, *_), uid in bureau.items() if duty == "greeting"]
    assert len(greetings) == 2
    assert len(set(greetings)) == 2
    assert all(uid.startswith("20250318-VISIT-3-greeting-id-44050700012000-") for uid in greetings)


def test_an_agenda_event_has_sequence_status_and_a_reminder_while_open() -> None:
    plan = kr.agenda(_customers(), _activity(), as_of=date(2025, 3, 20),
                     bureau_annual_revenue=300_000_000)  # fmt: skip
    parsed = icalendar.Calendar.from_ical(plan.to_ics(lang="zh"))
    events = list(parsed.walk("VEVENT"))
    by_status = {"due": 0, "overdue": 1, "done": 2}
    assert {i.status for i in plan.items} == set(by_status)
    for item, found in zip(plan.items, events, strict=True):
        assert int(found["SEQUENCE"]) == by_status[item.status]
        assert str(found["STATUS"]) == "CONFIRMED"
        alarms = list(found.walk("VALARM"))
        if item.status == "done":
            assert alarms == []
        else:
            (alarm,) = alarms
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert alarm["TRIGGER"].dt == timedelta(hours=-15)  # 09:00 the day before
        assert found["DTSTAMP"].dt == datetime(2025, 3, 20, tzinfo=UTC)


def test_an_agenda_calendar_in_chinese_says_due_overdue_and_done_in_chinese() -> None:
    plan = kr.agenda(_customers(), _activity(), as_of=date(2025, 3, 20),
                     bureau_annual_revenue=300_000_000)  # fmt: skip
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(
        plan.to_ics(lang="zh")).walk("VEVENT")]  # fmt: skip
    words = {s[s.rindex("(") + 1 : -1] for s in summaries}
    assert words == {"待办", "逾期", "已完成"}
    english = icalendar.Calendar.from_ical(plan.to_ics(lang="en")).walk("VEVENT")
    assert {str(e["SUMMARY"]).rsplit("(", 1)[1] for e in english} == {"due)", "overdue)", "done)"}

"""iCalendar export (日历导出, RFC 5545): the work calendar and the month's agenda, written here so
the library needs no calendar dependency.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from typing import Literal

from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.io.safety import ics_fold, ics_text
from keyaccount_rules.month.agenda import Agenda, AgendaItem
from keyaccount_rules.rules.calendar import WorkCalendar, month_calendar  # noqa: F401 (doctest)
from keyaccount_rules.rules.periods import next_day

__all__ = ["agenda_ics", "ics_lines", "to_ics"]


_CRLF = "\r\n"


def to_ics(
    calendar: WorkCalendar,
    *,
    lang: Literal["en", "zh"] = "zh",
    stamp: datetime | None = None,
) -> str:
    """Write a work calendar as iCalendar text (.ics, RFC 5545): one all-day event per duty.

    Lines end in CRLF and are folded at 75 octets. ``stamp`` (an aware datetime) becomes each
    event's DTSTAMP; by default the calendar's start at 00:00 UTC, so output is reproducible.
    UIDs are stable: the same duty gets the same UID in every export.

    >>> from datetime import date
    >>> text = to_ics(month_calendar(date(2025, 3, 1)), lang="en")
    >>> text.splitlines()[:3]
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//keyaccount_rules//work calendar//EN']
    >>> text.count("BEGIN:VEVENT"), text.endswith("END:VCALENDAR\\r\\n")
    (19, True)
    """
    if not isinstance(calendar, WorkCalendar):
        raise RuleInputError("calendar", "must be a WorkCalendar", got=type(calendar).__name__)
    if lang not in ("en", "zh"):
        raise RuleInputError("lang", "must be 'en' or 'zh'", got=lang)
    if stamp is None:
        stamp = datetime.combine(calendar.start, time(0), tzinfo=UTC)
    elif not isinstance(stamp, datetime) or stamp.utcoffset() is None:
        raise RuleInputError(
            "stamp", "must be a timezone-aware datetime", got=stamp, fix="pass tzinfo=UTC"
        )
    dtstamp = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//keyaccount_rules//work calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_text("大客户工作日历" if lang == "zh" else "Key-account duties"),
    ]
    for duty in calendar.duties:
        times = "" if duty.times == "1" else f" ×{duty.times}"
        if lang == "zh":
            summary = f"{duty.what_zh}{times}（{duty.who_zh}）"
        else:
            summary = f"{duty.what}{times} ({duty.who})"
        description = (
            f"{duty.rule}: {duty.what} — {duty.who}\n{duty.what_zh} — {duty.who_zh}\n"
            f"period {duty.period_start} – {duty.period_end}; due by {duty.stated_due}"
        )
        if duty.due != duty.stated_due:
            description += f", moved to {duty.due} (G-5)"
        description += f"\n{duty.source}"
        uid = f"{duty.key}-{duty.period_start:%Y%m%d}-{duty.stated_due:%Y%m%d}@keyaccount-rules"
        lines += [
            "BEGIN:VEVENT",
            "UID:" + ics_text(uid),
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{duty.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{next_day(duty.due):%Y%m%d}",
            "SUMMARY:" + ics_text(f"[{duty.rule}] {summary}"),
            "DESCRIPTION:" + ics_text(description),
            "CATEGORIES:" + ics_text(duty.rule),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + _CRLF for line in lines)


def ics_lines(
    items: Iterable[AgendaItem],
    month_start: date,
    *,
    lang: Literal["en", "zh"] = "zh",
    manager: str | None = None,
) -> Iterator[str]:
    """iCalendar text, folded line by folded line (CRLF-ended): streams any number of items."""
    if lang not in ("en", "zh"):
        raise RuleInputError("lang", "must be 'en' or 'zh'", got=lang)
    dtstamp = datetime.combine(month_start, time(0), tzinfo=UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"{manager} · " if manager else ""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//keyaccount_rules//agenda//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:"
        + ics_text(name + ("大客户工作清单" if lang == "zh" else "Key-account agenda")),
    ]
    yield from (ics_fold(line) + _CRLF for line in lines)
    for index, item in enumerate(items):
        what = item.what_zh if lang == "zh" else item.what
        who = item.customer or item.responsible
        uid = f"{item.due:%Y%m%d}-{item.rule}-{item.duty}-{index}@keyaccount-rules"
        lines = [
            "BEGIN:VEVENT",
            "UID:" + ics_text(uid),
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{item.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{next_day(item.due):%Y%m%d}",
            "SUMMARY:" + ics_text(f"[{item.rule}] {what} — {who} ({item.status})"),
            "DESCRIPTION:" + ics_text(str(item.explanation)),
            "CATEGORIES:" + ics_text(item.rule),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
        yield from (ics_fold(line) + _CRLF for line in lines)
    yield "END:VCALENDAR" + _CRLF


def agenda_ics(
    agenda: Agenda, *, lang: Literal["en", "zh"] = "zh", manager: str | None = None
) -> str:
    """:meth:`Agenda.to_ics <keyaccount_rules.Agenda.to_ics>`: one all-day event per duty."""
    chosen = agenda if manager is None else agenda.filter(manager=manager)
    return "".join(ics_lines(chosen.items, agenda.month_start, lang=lang, manager=manager))

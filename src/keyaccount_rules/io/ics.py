"""iCalendar export (日历导出, RFC 5545): the work calendar and the month's agenda, written here so
the library needs no calendar dependency.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from typing import Annotated, Literal

from pydantic import PlainValidator

from keyaccount_rules.core.arguments import checked, one_of
from keyaccount_rules.core.catalogue import render
from keyaccount_rules.core.errors import InvalidValueError
from keyaccount_rules.io.safety import ics_fold, ics_text
from keyaccount_rules.month.agenda import Agenda, AgendaItem
from keyaccount_rules.rules.calendar import (  # noqa: F401 (month_calendar: the doctest's)
    WorkCalendar,
    WorkCalendarGiven,
    month_calendar,
)
from keyaccount_rules.rules.periods import next_day

__all__ = ["agenda_ics", "event", "ics_lines", "to_ics"]


_CRLF = "\r\n"


def _stamp(moment: datetime) -> str:
    """A DTSTAMP value: the moment in UTC."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _head(product: str, name: str) -> list[str]:
    """The calendar's opening lines: ``product`` in its PRODID, ``name`` its display name."""
    return [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//keyaccount_rules//{product}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_text(name),
    ]


def event(
    *, uid: str, stamp: str, day: date, summary: str, description: str, category: str
) -> list[str]:
    """One all-day event (VEVENT) on ``day``: the one event writer of both calendars.

    Every text passes :func:`~keyaccount_rules.io.safety.ics_text`, so no value can end a
    line or add a property; the lines are not folded yet (:func:`_folded` does).
    """
    return [
        "BEGIN:VEVENT",
        "UID:" + ics_text(uid),
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{next_day(day):%Y%m%d}",
        "SUMMARY:" + ics_text(summary),
        "DESCRIPTION:" + ics_text(description),
        "CATEGORIES:" + ics_text(category),
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _folded(lines: Iterable[str]) -> Iterator[str]:
    """Content lines folded at 75 octets, each ended by CRLF (RFC 5545 §3.1)."""
    for line in lines:
        yield ics_fold(line) + _CRLF


#: The language of a calendar file's text.
Language = one_of(("en", "zh"), "must be 'en' or 'zh'")


def _aware(value: object) -> datetime:
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value
    raise InvalidValueError("must be a timezone-aware datetime", fix="pass tzinfo=UTC")


#: An event's DTSTAMP: an aware datetime (a naive one has no instant to write).
Stamp = Annotated[datetime, PlainValidator(_aware)]


def _language(lang: Literal["en", "zh"]) -> Literal["en", "zh"]:
    chosen: Literal["en", "zh"] = checked(Language, lang, "lang")
    return chosen


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
    calendar = checked(WorkCalendarGiven, calendar, "calendar")
    lang = _language(lang)
    zh = lang == "zh"
    if stamp is None:
        stamp = datetime.combine(calendar.start, time(0), tzinfo=UTC)
    else:
        stamp = checked(Stamp, stamp, "stamp")
    dtstamp = _stamp(stamp)
    lines = _head("work calendar", render("calendar_file.work_calendar", lang))
    for duty in calendar.duties:
        times = "" if duty.times == "1" else f" ×{duty.times}"
        what, who = (duty.what_zh, duty.who_zh) if zh else (duty.what, duty.who)
        summary = render("calendar_file.duty", lang, what=what, times=times, who=who)
        description = (
            f"{duty.rule}: {duty.what} — {duty.who}\n{duty.what_zh} — {duty.who_zh}\n"
            f"period {duty.period_start} – {duty.period_end}; due by {duty.stated_due}"
        )
        if duty.due != duty.stated_due:
            description += f", moved to {duty.due} (G-5)"
        description += f"\n{duty.source}"
        lines += event(
            uid=f"{duty.key}-{duty.period_start:%Y%m%d}-{duty.stated_due:%Y%m%d}@keyaccount-rules",
            stamp=dtstamp,
            day=duty.due,
            summary=f"[{duty.rule}] {summary}",
            description=description,
            category=duty.rule,
        )
    lines.append("END:VCALENDAR")
    return "".join(_folded(lines))


def ics_lines(
    items: Iterable[AgendaItem],
    month_start: date,
    *,
    lang: Literal["en", "zh"] = "zh",
    manager: str | None = None,
) -> Iterator[str]:
    """iCalendar text, folded line by folded line (CRLF-ended): streams any number of items."""
    lang = _language(lang)
    zh = lang == "zh"
    dtstamp = _stamp(datetime.combine(month_start, time(0), tzinfo=UTC))
    name = f"{manager} · " if manager else ""
    yield from _folded(_head("agenda", name + render("calendar_file.agenda", lang)))
    for index, item in enumerate(items):
        what = item.what_zh if zh else item.what
        who = item.customer or item.responsible
        yield from _folded(
            event(
                uid=f"{item.due:%Y%m%d}-{item.rule}-{item.duty}-{index}@keyaccount-rules",
                stamp=dtstamp,
                day=item.due,
                summary=f"[{item.rule}] {what} — {who} ({item.status})",
                description=str(item.explanation),
                category=item.rule,
            )
        )
    yield "END:VCALENDAR" + _CRLF


def agenda_ics(
    agenda: Agenda, *, lang: Literal["en", "zh"] = "zh", manager: str | None = None
) -> str:
    """:meth:`Agenda.to_ics <keyaccount_rules.Agenda.to_ics>`: one all-day event per duty."""
    chosen = agenda if manager is None else agenda.filter(manager=manager)
    return "".join(ics_lines(chosen.items, agenda.month_start, lang=lang, manager=manager))

"""iCalendar export (日历导出, RFC 5545): the work calendar and the month's agenda, written here so
the library needs no calendar dependency.

Every event's UID is persistent (RFC 5545 §3.8.4.7): it names the duty — the customer (its
customer ID, else a digest of its name) or, for a unit duty, the calendar duty's key; the
rule, the duty and its period (named by its due date, the period's end; a greeting also by
its key date's label) — never a position. So the same duty has the same UID whatever the run
date, whichever manager's calendar is taken and in whatever order the customers come: a
re-import updates the event. ``SEQUENCE`` follows the status (due 0, overdue 1, done 2: it
only grows as a duty moves on), ``STATUS`` is ``CONFIRMED``, and a duty still open has a
reminder (``VALARM``) at 09:00 the day before it is due.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from typing import Annotated, Literal

from pydantic import PlainValidator

from keyaccount_rules.core.arguments import checked, one_of
from keyaccount_rules.core.catalogue import render
from keyaccount_rules.core.errors import InvalidValueError
from keyaccount_rules.io.safety import ics_fold, ics_text
from keyaccount_rules.month.agenda import Agenda, AgendaItem
from keyaccount_rules.month.items import item_who, status_word
from keyaccount_rules.rules.calendar import (  # noqa: F401 (month_calendar: the doctest's)
    WorkCalendar,
    WorkCalendarGiven,
    month_calendar,
)
from keyaccount_rules.rules.periods import next_day

__all__ = ["agenda_ics", "event", "ics_lines", "item_uid", "to_ics"]


_CRLF = "\r\n"
_DOMAIN = "@keyaccount-rules"
#: SEQUENCE by status: a duty only moves on (due → overdue → done), so a re-import updates it.
_SEQUENCE = {"due": 0, "overdue": 1, "done": 2}
#: When an open duty's reminder shows: 09:00 the day before its all-day event.
_REMINDER = "-PT15H"


def _digest(text: str) -> str:
    """A short, stable token for a text of any script (a name, a label) inside a UID."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def item_uid(item: AgendaItem) -> str:
    """The persistent UID of an agenda item: whose duty, which rule and duty, which period.

    The customer is named by its customer ID, else by a digest of its name; a unit duty of
    the work calendar by its key (``duty``, unique in the policy). The period is named by
    the due date (every duty's period ends on it); a greeting (VISIT-3) adds its key date's
    label, so two key dates of one day stay two events. No position, run date or filter
    enters it.

    >>> from datetime import date
    >>> from keyaccount_rules.core.explanation import Explanation, Step
    >>> step = Step(rule="VISIT-1", text="x", text_zh="x")
    >>> item = AgendaItem(customer="ACME", customer_id="440500000001", tier=None, duty="contacts",
    ...     rule="VISIT-1", what="contacts", what_zh="联系", due=date(2025, 3, 31), status="due",
    ...     unit=None, responsible="city_center", manager="Li",
    ...     explanation=Explanation(steps=(step,)))
    >>> item_uid(item)
    '20250331-VISIT-1-contacts-id-440500000001@keyaccount-rules'
    """
    if item.customer_id:
        who = f"id-{item.customer_id}"
    elif item.customer is not None:
        who = f"name-{_digest(item.customer)}"
    else:  # a unit duty: its key is the policy's own, one per calendar duty
        who = "unit"
    if item.duty == "greeting":
        who += f"-{_digest(item.what)}"
    return f"{item.due:%Y%m%d}-{item.rule}-{item.duty}-{who}{_DOMAIN}"


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
    *,
    uid: str,
    stamp: str,
    day: date,
    summary: str,
    description: str,
    category: str,
    sequence: int = 0,
    remind: bool = True,
) -> list[str]:
    """One all-day event (VEVENT) on ``day``: the one event writer of both calendars.

    ``sequence`` is its revision (SEQUENCE); ``remind`` adds a display reminder (VALARM) at
    09:00 the day before. Every text passes :func:`~keyaccount_rules.io.safety.ics_text`, so
    no value can end a line or add a property; the lines are not folded yet
    (:func:`_folded` does).
    """
    alarm = (
        [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + ics_text(summary),
            f"TRIGGER:{_REMINDER}",
            "END:VALARM",
        ]
        if remind
        else []
    )
    return [
        "BEGIN:VEVENT",
        "UID:" + ics_text(uid),
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{next_day(day):%Y%m%d}",
        f"SEQUENCE:{sequence}",
        "STATUS:CONFIRMED",
        "SUMMARY:" + ics_text(summary),
        "DESCRIPTION:" + ics_text(description),
        "CATEGORIES:" + ics_text(category),
        "TRANSP:TRANSPARENT",
        *alarm,
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
    (22, True)
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
            uid=f"{duty.key}-{duty.period_start:%Y%m%d}-{duty.stated_due:%Y%m%d}{_DOMAIN}",
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
    as_of: date,
    *,
    lang: Literal["en", "zh"] = "zh",
    manager: str | None = None,
    edition: str | None = None,
) -> Iterator[str]:
    """iCalendar text, folded line by folded line (CRLF-ended): streams any number of items.

    ``as_of`` (the agenda's day) at 00:00 UTC is every event's DTSTAMP; each UID is
    :func:`item_uid`'s, the status word and the explanation are in ``lang``, a unit in the
    words of ``edition`` (G-23).
    """
    lang = _language(lang)
    zh = lang == "zh"
    dtstamp = _stamp(datetime.combine(as_of, time(0), tzinfo=UTC))
    name = f"{manager} · " if manager else ""
    yield from _folded(_head("agenda", name + render("calendar_file.agenda", lang)))
    for item in items:
        what = item.what_zh if zh else item.what
        who = item_who(item, lang, edition)
        yield from _folded(
            event(
                uid=item_uid(item),
                stamp=dtstamp,
                day=item.due,
                summary=f"[{item.rule}] {what} — {who} ({status_word(item.status, lang)})",
                description=item.explanation.render(lang),
                category=item.rule,
                sequence=_SEQUENCE[item.status],
                remind=item.status != "done",
            )
        )
    yield "END:VCALENDAR" + _CRLF


def agenda_ics(
    agenda: Agenda, *, lang: Literal["en", "zh"] = "zh", manager: str | None = None
) -> str:
    """:meth:`Agenda.to_ics <keyaccount_rules.Agenda.to_ics>`: one all-day event per duty."""
    chosen = agenda if manager is None else agenda.filter(manager=manager)
    lines = ics_lines(
        chosen.items, agenda.as_of, lang=lang, manager=manager, edition=agenda.policy_edition
    )
    return "".join(lines)

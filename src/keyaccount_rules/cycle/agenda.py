"""The month's agenda (本月工作清单): every duty of every key account, due, overdue or done.

Each duty is decided by the rule function that owns it — :func:`visit_compliance` (VISIT-1),
:func:`visit_year` (VISIT-2), :func:`archive_status_with_history` (ARCH, G-9),
:func:`check_marketing_log` (LOG), :func:`fluctuation` (FLUX-1), :func:`provincial_filing_list`
(FILE-1) and :func:`month_calendar` (REPORT, ANALYSE, CAL) — and the item carries that rule's
explanation. Only the special-date greetings (VISIT-3) are matched here: a greeting dated in
the month on or before a key date fulfils it.

>>> import datetime as dt
>>> from keyaccount_rules.records import Customer
>>> from keyaccount_rules.cycle.activity import Event, Kind
>>> acme = Customer(name="ACME", has_agreement=True, last_year_revenue={"express": 2_000_000})
>>> visit = Event(2, "ACME", dt.date(2025, 3, 4), Kind.VISIT, "Li")
>>> a = agenda([acme], [visit], as_of=dt.date(2025, 3, 20), bureau_annual_revenue=300_000_000)
>>> [(i.duty, i.status) for i in a.items if i.customer == "ACME"][:2]
[('archive', 'overdue'), ('archive', 'due')]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

import keyaccount_rules.messages as messages
from keyaccount_rules.arguments import BureauRevenue, Day, as_iterable, checked, resolve_policy
from keyaccount_rules.cycle.activity import Event, Kind, Month, RevenueRow, read_activity
from keyaccount_rules.cycle.series import RevenueSeries
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.evaluation import Evaluation, evaluate
from keyaccount_rules.explanation import Explanation, Result
from keyaccount_rules.money import format_yuan
from keyaccount_rules.optional import load_pandas
from keyaccount_rules.policy import Policy
from keyaccount_rules.records import Customer
from keyaccount_rules.rules.archives import archive_status_with_history
from keyaccount_rules.rules.calendar import month_calendar
from keyaccount_rules.rules.levels import match_greetings
from keyaccount_rules.rules.marketing_log import LogEntry, check_marketing_log
from keyaccount_rules.rules.periods import next_day
from keyaccount_rules.rules.reporting import fluctuation, provincial_filing_list
from keyaccount_rules.rules.visits import Contact, visit_compliance, visit_year
from keyaccount_rules.vocabulary import ContactKind, Tier, Unit

__all__ = ["Agenda", "AgendaItem", "Problem", "agenda", "escape_ics_text", "fold_ics_line"]

Status = Literal["due", "overdue", "done"]

_CONTACT_KIND = {
    Kind.CONTACT: ContactKind.CALL,
    Kind.VISIT: ContactKind.VISIT,
    Kind.LEADERSHIP_VISIT: ContactKind.LEADERSHIP_VISIT,
    Kind.GREETING: ContactKind.GREETING,
}
_KEEP_ALL = frozenset({Kind.MARKETING_LOG, Kind.KEY_DATE, Kind.TIER})
_MAX_OCTETS = 75  # RFC 5545 §3.1
_CRLF = "\r\n"


class Problem(BaseModel):
    """An activity row the agenda could not use, and why (reported, never dropped silently)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    row: int
    customer: str
    problem: str


class AgendaItem(BaseModel):
    """One duty of the month: whose, which rule, due when, and where it stands."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str | None
    customer_id: str | None
    tier: Tier | None
    duty: str
    rule: str
    what: str
    what_zh: str
    due: date
    status: Status
    unit: Unit | None
    responsible: str
    manager: str | None
    explanation: Explanation


class Agenda(Result):
    """Every duty due, overdue or done in the month of ``as_of`` (kr.agenda)."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    month_start: date
    month_end: date
    items: tuple[AgendaItem, ...]
    problems: tuple[Problem, ...]
    explanation: Explanation

    def filter(self, *, unit: Unit | str | None = None, manager: str | None = None) -> Agenda:
        """The items of one responsible unit and/or one account manager.

        A unit keeps the work-calendar duties (they concern every unit); a manager does not.
        """
        items = self.items
        if unit is not None:
            wanted = Unit(unit)
            items = tuple(i for i in items if i.unit is wanted or i.customer is None)
        if manager is not None:
            items = tuple(i for i in items if i.manager == manager)
        return self.model_copy(update={"items": items})

    @property
    def managers(self) -> tuple[str, ...]:
        """The account managers named in the items, sorted."""
        return tuple(sorted({i.manager for i in self.items if i.manager}))

    def to_rows(self) -> list[dict[str, Any]]:
        """The items as flat dicts of JSON values (one per item)."""
        return [
            {
                "manager": i.manager,
                "customer": i.customer,
                "customer_id": i.customer_id,
                "tier": None if i.tier is None else i.tier.value,
                "unit": None if i.unit is None else i.unit.value,
                "duty": i.duty,
                "rule": i.rule,
                "due": i.due.isoformat(),
                "status": i.status,
                "what": i.what,
                "what_zh": i.what_zh,
                "responsible": i.responsible,
                "explanation": str(i.explanation),
            }
            for i in self.items
        ]

    def to_dataframe(self) -> Any:
        """The items as a pandas DataFrame (needs the ``pandas`` extra); ``due`` as dates."""
        pandas = load_pandas()
        frame = pandas.DataFrame(self.to_rows(), columns=_ROW_COLUMNS)
        frame["due"] = pandas.to_datetime(frame["due"])
        return frame

    def to_csv(self) -> str:
        """The items as CSV text with a header row."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=_ROW_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.to_rows())
        return out.getvalue()

    def to_ics(self, *, lang: Literal["en", "zh"] = "zh", manager: str | None = None) -> str:
        """The items as iCalendar text, one all-day event per duty on its due date.

        ``manager`` keeps one manager's items (one calendar per manager is the everyday use).
        Every text is escaped (CR, LF, ``;``, ``,``, ``\\``), so no value can add a line.
        """
        if lang not in ("en", "zh"):
            raise RuleInputError("lang", "must be 'en' or 'zh'", got=lang)
        chosen = self if manager is None else self.filter(manager=manager)
        dtstamp = datetime.combine(self.month_start, time(0), tzinfo=UTC).strftime("%Y%m%dT%H%M%SZ")
        name = f"{manager} · " if manager else ""
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//keyaccount_rules//agenda//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:"
            + escape_ics_text(name + ("大客户工作清单" if lang == "zh" else "Key-account agenda")),
        ]
        for index, item in enumerate(chosen.items):
            what = item.what_zh if lang == "zh" else item.what
            who = item.customer or item.responsible
            uid = f"{item.due:%Y%m%d}-{item.rule}-{item.duty}-{index}@keyaccount-rules"
            lines += [
                "BEGIN:VEVENT",
                "UID:" + escape_ics_text(uid),
                f"DTSTAMP:{dtstamp}",
                f"DTSTART;VALUE=DATE:{item.due:%Y%m%d}",
                f"DTEND;VALUE=DATE:{next_day(item.due):%Y%m%d}",
                "SUMMARY:" + escape_ics_text(f"[{item.rule}] {what} — {who} ({item.status})"),
                "DESCRIPTION:" + escape_ics_text(str(item.explanation)),
                "CATEGORIES:" + escape_ics_text(item.rule),
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        return "".join(fold_ics_line(line) + _CRLF for line in lines)


_ROW_COLUMNS = [
    "manager",
    "customer",
    "customer_id",
    "tier",
    "unit",
    "duty",
    "rule",
    "due",
    "status",
    "what",
    "what_zh",
    "responsible",
    "explanation",
]


def escape_ics_text(text: str) -> str:
    """Escape an iCalendar TEXT value (RFC 5545 §3.3.11): ``\\``, ``;``, ``,``, CR and LF.

    >>> escape_ics_text("a;b,c\\\\d\\r\\nEND:VCALENDAR\\re")
    'a\\\\;b\\\\,c\\\\\\\\d\\\\nEND:VCALENDAR\\\\ne'
    """
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold_ics_line(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1)."""
    parts: list[str] = []
    current, size, limit = "", 0, _MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = char, width, _MAX_OCTETS - 1
        else:
            current += char
            size += width
    parts.append(current)
    return (_CRLF + " ").join(parts)


# ---- gathering the activity per customer (streamed, one validation per row)


class _Customer:
    """What the agenda keeps of one customer: its evaluation and its events of the window."""

    __slots__ = ("evaluation", "events", "manager")

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.events: list[Event] = []
        self.manager: tuple[date, int, str] | None = None


def _key_of(customer: Customer) -> tuple[str, str | None]:
    return customer.name, None if customer.customer_id is None else str(customer.customer_id)


def _status(done: bool, due: date, as_of: date) -> Status:
    if done:
        return "done"
    return "overdue" if due < as_of else "due"


def _tier_history(
    entry: _Customer, month_start: date, problems: list[Problem]
) -> list[tuple[date, Tier]]:
    """The tier history of G-9: recorded ``tier`` rows, then the evaluated tier."""
    current = entry.evaluation.tier
    assert current is not None
    history: dict[date, Tier] = {}
    for event in entry.events:
        if event.kind is Kind.TIER:
            if event.on >= month_start and Tier(event.detail) is not current:
                problems.append(
                    Problem(
                        row=event.row,
                        customer=event.customer,
                        problem=f"tier {event.detail} from {event.on} contradicts the evaluated "
                        f"tier {current.value} this month; the evaluation is used",
                    )
                )
                continue
            history[event.on] = Tier(event.detail)
    ordered = sorted(history.items())
    if not ordered or ordered[-1][1] is not current:
        ordered.append((month_start, current))
    return ordered


def _tier_on(history: list[tuple[date, Tier]], day: date) -> Tier:
    found = history[0][1]
    for when, tier in history:
        if when <= day:
            found = tier
    return found


def agenda(
    customers: Iterable[Customer],
    activity: Iterable[Event] | str | Path,
    *,
    as_of: date,
    bureau_annual_revenue: object,
    revenue: RevenueSeries | Iterable[RevenueRow] | None = None,
    holidays: Mapping[date, str] | None = None,
    managers: Mapping[str, str] | None = None,
    policy: Policy | None = None,
) -> Agenda:
    """Every duty of every key account due, overdue or done in the month of ``as_of``.

    Args:
        customers: the portfolio (e.g. :func:`read_portfolio`), evaluated on ``as_of``.
        activity: activity :class:`Event` rows or a file (:func:`read_activity`), streamed.
        as_of: today; the agenda covers its calendar month.
        bureau_annual_revenue: the bureau's annual revenue (GRADE-6).
        revenue: monthly revenue (for FLUX-1 and FILE-1); without it those duties are not
            listed and the explanation says so.
        holidays: key dates for every key account's greetings (VISIT-3), date → label.
        managers: customer name or ID → account manager, overriding the activity's.
        policy: the policy (edition) to apply.

    Activity for an unknown customer or dated after ``as_of`` is reported in ``problems``.

    Raises:
        RuleInputError: a bad ``as_of``, bureau revenue or holiday.
    """
    policy = resolve_policy(policy)
    as_of = checked(Day, as_of, "as_of")
    month = Month.parse(as_of)
    month_start, month_end = month.first_day, month.last_day
    year_start = date(as_of.year, 1, 1)
    bureau_annual_revenue = checked(BureauRevenue, bureau_annual_revenue, "bureau_annual_revenue")
    if holidays is not None and not isinstance(holidays, Mapping):
        raise RuleInputError("holidays", "must map dates to labels", got=type(holidays).__name__)
    holidays = dict(holidays or {})
    for day, label in holidays.items():
        if not isinstance(day, date) or isinstance(day, datetime) or not isinstance(label, str):
            raise RuleInputError("holidays", "must map dates to labels", got=(day, label))
    if managers is not None and not isinstance(managers, Mapping):
        raise RuleInputError(
            "managers", "must map customers to managers", got=type(managers).__name__
        )

    # 1. Evaluate the portfolio once; index key accounts by name and by ID.
    entries: list[_Customer] = []
    index: dict[str, _Customer] = {}
    for index_, customer in enumerate(as_iterable(customers, "customers", what="Customer records")):
        if not isinstance(customer, Customer):
            raise RuleInputError(
                f"customers[{index_}]", "must be a Customer", got=type(customer).__name__
            )
        entry = _Customer(
            evaluate(
                customer, bureau_annual_revenue=bureau_annual_revenue, as_of=as_of, policy=policy
            )
        )
        entries.append(entry)
        name, ident = _key_of(customer)
        index[name] = entry
        if ident:
            index[ident] = entry

    # 2. Stream the activity: each row checked once, kept only when this month needs it.
    problems: list[Problem] = []
    done_reports: set[str] = set()
    events = (
        read_activity(activity)
        if isinstance(activity, str | Path)
        else as_iterable(activity, "activity", what="activity Events")
    )
    for position, event in enumerate(events):
        if not isinstance(event, Event) or not isinstance(event.on, date):
            raise RuleInputError(
                f"activity[{position}]", "must be an activity Event", got=type(event).__name__
            )
        if event.on > as_of:
            problems.append(
                Problem(
                    row=event.row,
                    customer=event.customer,
                    problem=f"dated {event.on}, after as_of {as_of}",
                )
            )
            continue
        if event.kind is Kind.REPORT:
            if event.on >= month_start:
                done_reports.add(event.detail)
            continue
        found = index.get(event.customer)
        if found is None:
            problems.append(
                Problem(
                    row=event.row,
                    customer=event.customer,
                    problem="unknown customer: no such name or customer_id in the portfolio",
                )
            )
            continue
        if event.manager and (found.manager is None or found.manager[:2] <= (event.on, event.row)):
            found.manager = (event.on, event.row, event.manager)
        if event.on >= year_start or event.kind in _KEEP_ALL:
            found.events.append(event)

    series = _series(revenue)
    items: list[AgendaItem] = []
    gold_spend: dict[str, Decimal] = {}
    gold_entries: dict[str, _Customer] = {}
    for entry in entries:
        evaluation = entry.evaluation
        if not evaluation.key_account or evaluation.tier is None:
            continue
        customer = evaluation.customer
        name, ident = _key_of(customer)
        manager = None
        if managers is not None:
            manager = managers.get(name) or (managers.get(ident) if ident else None)
        if manager is None and entry.manager is not None:
            manager = entry.manager[2]
        unit = evaluation.unit
        assert unit is not None

        def item(
            duty: str,
            rule: str,
            key: str,
            due: date,
            status: Status,
            explanation: Explanation,
            /,
            **values: object,
        ) -> AgendaItem:
            return AgendaItem(
                customer=name,  # noqa: B023 (built and used within one loop pass)
                customer_id=ident,  # noqa: B023
                tier=evaluation.tier,  # noqa: B023
                duty=duty,
                rule=rule,
                what=messages.render(key, "en", **values),
                what_zh=messages.render(key, "zh", **values),
                due=due,
                status=status,
                unit=unit,  # noqa: B023
                responsible=unit.value,  # noqa: B023
                manager=manager,  # noqa: B023
                explanation=explanation,
            )

        history = _tier_history(entry, month_start, problems)
        tier_now = evaluation.tier
        tier_month = _tier_on(history, month_start)  # G-9: a month's cadence is set at its start
        scope = customer.scope
        contacts = [
            Contact(on=e.on, kind=_CONTACT_KIND[e.kind])
            for e in entry.events
            if e.kind in _CONTACT_KIND and e.on >= year_start
        ]

        # VISIT-1: the month's contacts, at the cadence of the tier in force at month start.
        compliance = visit_compliance(tier_month, scope, contacts, as_of, policy=policy)
        if compliance.required:
            items.append(
                item(
                    "contacts",
                    "VISIT-1",
                    "cycle.duty_contacts",
                    month_end,
                    _status(compliance.compliant, month_end, as_of),
                    compliance.explanation,
                    done=compliance.done,
                    required=compliance.required,
                )
            )
        # VISIT-2: the year's leadership visits, listed while open or when done this month.
        year = visit_year(tier_now, scope, contacts, as_of.year, as_of=as_of, policy=policy)
        visited_now = any(
            c.kind is ContactKind.LEADERSHIP_VISIT and c.on >= month_start for c in contacts
        )
        if not year.leadership_met or visited_now:
            year_end = date(as_of.year, 12, 31)
            items.append(
                item(
                    "leadership_visit",
                    "VISIT-2",
                    "cycle.duty_leadership",
                    year_end,
                    _status(year.leadership_met, year_end, as_of),
                    Explanation(steps=tuple(s for s in year.explanation if s.rule == "VISIT-2")),
                    done=year.leadership_visits,
                    low=year.leadership_range[0],
                )
            )
        # VISIT-3: each key date of the month is due on its date; a greeting on or before it
        # (in the month) fulfils it, one greeting per key date.
        dates = [
            (e.on.replace(year=as_of.year) if (e.on.month, e.on.day) != (2, 29) else None, e.detail)
            for e in entry.events
            if e.kind is Kind.KEY_DATE and e.on.month == as_of.month
        ]
        dates += [(d, label) for d, label in holidays.items() if month_start <= d <= month_end]
        greetings = [e.on for e in entry.events if e.kind is Kind.GREETING]
        known = [(d, lbl) for d, lbl in dates if d is not None]
        for day, label, used in match_greetings(known, greetings, month_start, month_end):
            step = messages.step(
                "VISIT-3",
                "cycle.greeting_done" if used else "cycle.greeting_open",
                label=label,
                day=day,
                on=used,
            )
            items.append(
                item(
                    "greeting",
                    "VISIT-3",
                    "cycle.duty_greeting",
                    day,
                    _status(used is not None, day, as_of),
                    Explanation(steps=(step,)),
                    label=label,
                )
            )
        # ARCH-1..3 with G-9: refreshes tracked from the month's start.
        refreshes = [e.on for e in entry.events if e.kind is Kind.ARCHIVE_REFRESH]
        archive = archive_status_with_history(
            history, refreshes, as_of, tracking_since=month_start, policy=policy
        )
        for first, last in archive.missed:
            if last >= month_start:
                items.append(
                    item(
                        "archive",
                        "ARCH-2",
                        "cycle.duty_archive",
                        last,
                        "overdue",
                        archive.explanation,
                        start=first,
                        end=last,
                    )
                )
        refreshed_now = any(d >= month_start for d in refreshes)
        if archive.due <= month_end or (archive.refreshed and refreshed_now):
            items.append(
                item(
                    "archive",
                    "ARCH-2",
                    "cycle.duty_archive",
                    archive.due,
                    _status(archive.refreshed, archive.due, as_of),
                    archive.explanation,
                    start=archive.period_start,
                    end=archive.due,
                )
            )
        # LOG-2..4: a customer with a marketing log is checked up to the stage it reached.
        log = [e for e in entry.events if e.kind is Kind.MARKETING_LOG and e.stage is not None]
        if log:
            entries_ = [
                LogEntry(
                    stage=stage,
                    on=e.on,
                    content=e.content,
                    method=e.method,
                    our_participants=e.our_participants,
                    customer_participants=e.customer_participants,
                )
                for e in log
                if (stage := e.stage) is not None
            ]
            reached = max((e.stage for e in entries_), key=lambda s: s.order)
            check = check_marketing_log(
                tier_now,
                reached,
                entries_,
                named_person=manager,
                scope=entry.evaluation.customer.scope,
                as_of=as_of,
                policy=policy,
            )
            if check.checked:
                items.append(
                    item(
                        "marketing_log",
                        "LOG-3",
                        "cycle.duty_log",
                        month_end,
                        _status(check.complete, month_end, as_of),
                        check.explanation,
                        stage=reached,
                    )
                )
        # FLUX-1 and FILE-1 need revenue: last month against the month before.
        if series is not None:
            key = ident if ident and series.has(ident) else name
            previous = series.total(key, month.shift(-2))
            current = series.total(key, month.shift(-1))
            if previous is not None and current is not None:
                flux = fluctuation(previous, current, policy=policy)
                if flux.must_analyse:
                    done = any(
                        e.kind is Kind.ANALYSIS and e.on >= month_start for e in entry.events
                    )
                    items.append(
                        item(
                            "analysis",
                            "FLUX-1",
                            "cycle.duty_flux",
                            month_end,
                            _status(done, month_end, as_of),
                            flux.explanation,
                            month=month.shift(-1),
                        )
                    )
            if tier_now is Tier.GOLD:
                average = series.average(key, month.shift(-12), month.shift(-1))
                if average is not None:
                    gold_spend[name] = average
                    gold_entries[name] = entry

    if gold_spend:
        filing = provincial_filing_list(
            gold_spend, tiers=dict.fromkeys(gold_spend, Tier.GOLD), policy=policy
        )
        for name in sorted(filing.keys):
            entry = gold_entries[name]
            filed = any(e.kind is Kind.FILING and e.on >= month_start for e in entry.events)
            ev = entry.evaluation
            cname, ident = _key_of(ev.customer)
            manager = entry.manager[2] if entry.manager else None
            if managers is not None:
                manager = managers.get(cname) or managers.get(ident or "") or manager
            items.append(
                AgendaItem(
                    customer=cname,
                    customer_id=ident,
                    tier=ev.tier,
                    duty="filing",
                    rule="FILE-1",
                    what=messages.render(
                        "cycle.duty_filing", "en", average=format_yuan(gold_spend[name])
                    ),
                    what_zh=messages.render(
                        "cycle.duty_filing", "zh", average=format_yuan(gold_spend[name])
                    ),
                    due=month_end,
                    status=_status(filed, month_end, as_of),
                    unit=ev.unit,
                    responsible="" if ev.unit is None else ev.unit.value,
                    manager=manager,
                    explanation=filing.explanation,
                )
            )

    # REPORT, ANALYSE, CAL: the unit duties of the month's work calendar.
    calendar = month_calendar(as_of, policy=policy)
    for duty in calendar.duties:
        items.append(
            AgendaItem(
                customer=None,
                customer_id=None,
                tier=None,
                duty=duty.key,
                rule=duty.rule,
                what=duty.what,
                what_zh=duty.what_zh,
                due=duty.due,
                status=_status(duty.key in done_reports, duty.due, as_of),
                unit=None,
                responsible=duty.who,
                manager=None,
                explanation=Explanation(
                    steps=tuple(s for s in calendar.explanation if s.rule == duty.rule)
                ),
            )
        )
    items.sort(key=lambda i: (i.manager or "", i.customer or "", i.due, i.rule, i.duty))
    counts = {s: sum(1 for i in items if i.status == s) for s in ("due", "overdue", "done")}
    steps = [
        messages.step(
            "CAL-2",
            "cycle.agenda_summary",
            month=month,
            items=len(items),
            due=counts["due"],
            overdue=counts["overdue"],
            done=counts["done"],
        )
    ]
    if series is None:
        steps.append(messages.step("FLUX-1", "cycle.agenda_no_revenue"))
    if problems:
        steps.append(messages.step("CAL-2", "cycle.agenda_problems", count=len(problems)))
    return Agenda(
        as_of=as_of,
        month_start=month_start,
        month_end=month_end,
        items=tuple(items),
        problems=tuple(problems),
        explanation=Explanation(steps=tuple(steps)),
        policy_fingerprint=policy.fingerprint,
    )


def _series(revenue: RevenueSeries | Iterable[RevenueRow] | None) -> RevenueSeries | None:
    if revenue is None or isinstance(revenue, RevenueSeries):
        return revenue
    return RevenueSeries.from_rows(as_iterable(revenue, "revenue", what="RevenueRow rows"))

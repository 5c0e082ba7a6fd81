"""Activity records (活动记录): what happened to whom and when, and monthly revenue.

Plain frozen tuples, validated once by the reader that makes them
(:func:`~keyaccount_rules.io.activity.read_activity`,
:func:`~keyaccount_rules.io.activity.read_revenue`), cheap for millions of rows;
:class:`Contact` is one contact as the visit rules take it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, NamedTuple

from pydantic import BaseModel, ConfigDict, PlainValidator

from keyaccount_rules.core.arguments import Day, collection, validator
from keyaccount_rules.core.errors import InvalidValueError
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, ContactKind, LogStage

__all__ = [
    "RESEARCH_KINDS",
    "UNIT_KINDS",
    "ActivityEvent",
    "Contact",
    "ContactOrDay",
    "Contacts",
    "Event",
    "Kind",
    "RevenueRow",
    "RevenueRowGiven",
]


class Kind(StrEnum):
    """活动类型: what kind of event an activity row records.

    A ``key_date`` recurs every year on its month and day (G-18: 29 February falls on
    28 February in common years); a ``dated_key_date`` is one year's date only (a lunar
    birthday, 农历生日, given per year). A ``centre_visit`` is the account's own centre's
    visit (CAL-1), or, when ``detail`` names a unit, that unit's (G-22).
    """

    CONTACT = "contact"
    VISIT = "visit"
    LEADERSHIP_VISIT = "leadership_visit"
    GREETING = "greeting"
    ARCHIVE_REFRESH = "archive_refresh"
    MARKETING_LOG = "marketing_log"
    ANALYSIS = "analysis"
    FILING = "filing"
    REPORT = "report"
    KEY_DATE = "key_date"
    DATED_KEY_DATE = "dated_key_date"
    TIER = "tier"
    CENTRE_VISIT = "centre_visit"
    RESEARCH_START = "research_start"
    RESEARCH_SURVEY = "research_survey"
    RESEARCH_RANKING = "research_ranking"


#: The research kinds (G-21): an industry's research started, its step 1 (the survey) and
#: step 2 (the ranking table) done; ``detail`` names the industry.
RESEARCH_KINDS = frozenset({Kind.RESEARCH_START, Kind.RESEARCH_SURVEY, Kind.RESEARCH_RANKING})
#: Kinds that need no customer (the unit's own duties, an industry's research).
UNIT_KINDS = frozenset({Kind.REPORT, *RESEARCH_KINDS})


class Event(NamedTuple):
    """One activity row, validated once: a plain frozen tuple (cheap for millions of rows)."""

    row: int
    customer: str
    on: date
    kind: Kind
    manager: str = ""
    detail: str = ""
    stage: LogStage | None = None
    content: str = ""
    method: str = ""
    our_participants: tuple[str, ...] = ()
    customer_participants: tuple[str, ...] = ()


class RevenueRow(NamedTuple):
    """One monthly revenue row: customer, month, business line, amount (Decimal yuan)."""

    row: int
    customer: str
    month: Month
    line: BusinessLine
    amount: Decimal


class Contact(BaseModel):
    """一次联系: a dated contact with a customer and its kind (VISIT-1..3).

    Visits, calls, leadership-led visits and in-person greetings on holidays and birthdays
    (上门问候, VISIT-3: 002 counts any 「上门走访或日常沟通」) count toward VISIT-1; which kinds
    count is policy data (``schedules.contacts``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    on: date
    kind: ContactKind = ContactKind.VISIT
    note: str = ""


_DAY = validator(Day)


def _contact(value: object) -> Contact:
    """A :class:`Contact` as given, or a bare date: a visit on that day."""
    if isinstance(value, Contact):
        return value
    return Contact(on=_DAY(value))


ContactOrDay = Annotated[Contact, PlainValidator(_contact)]
"""One contact as the visit rules take it: a :class:`Contact`, or a date (a visit that day)."""
Contacts = collection(
    "must be a collection of dates or Contacts",
    ContactOrDay,
    refuse=(str, bytes, date, Contact),  # a Contact iterates its fields: one is no collection
    cite=False,
)
"""Contacts (VISIT-1): a collection of :data:`ContactOrDay`, as a tuple of :class:`Contact`."""


def _event(value: object) -> Event:
    if isinstance(value, Event) and isinstance(value.on, date):
        return value
    raise InvalidValueError("must be an activity Event", got=type(value).__name__)


ActivityEvent = Annotated[Event, PlainValidator(_event)]
"""One activity row as the month takes it: an :class:`Event` (as the reader makes them)."""


def _revenue_row(value: object) -> RevenueRow:
    if isinstance(value, RevenueRow) and isinstance(value.month, Month):
        return value
    raise InvalidValueError("must hold RevenueRow rows", got=type(value).__name__)


RevenueRowGiven = Annotated[RevenueRow, PlainValidator(_revenue_row)]
"""One monthly revenue row: a :class:`RevenueRow` (as the reader makes them)."""

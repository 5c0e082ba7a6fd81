"""The argument types declared beside their records and rules: each one accepts the value on
its boundary and refuses the one just past it, with the message every entry point gives."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.arguments import checked
from keyaccount_rules.core.periods import Month, MonthGiven
from keyaccount_rules.io.ics import Language, Stamp
from keyaccount_rules.io.stream import Format
from keyaccount_rules.month.agenda import Reporter
from keyaccount_rules.month.arguments import Activity, GivenLevel, Holidays, Managers
from keyaccount_rules.month.series import SeriesData
from keyaccount_rules.records.activity import (
    ActivityEvent,
    Contact,
    ContactOrDay,
    Contacts,
    Event,
    Kind,
    RevenueRow,
    RevenueRowGiven,
)
from keyaccount_rules.records.customer import CustomerArgument, Customers, PortfolioCustomer
from keyaccount_rules.records.facts import Facts, FactsGiven
from keyaccount_rules.rules.archives import TierChanges
from keyaccount_rules.rules.calendar import BusinessCalendar, BusinessDays
from keyaccount_rules.rules.compensation import ProjectNames
from keyaccount_rules.rules.grading import BureauFen
from keyaccount_rules.rules.levels import Designated, LevelContacts
from keyaccount_rules.rules.marketing_log import LogEntries, LogEntry
from keyaccount_rules.rules.organisation import Headcount
from keyaccount_rules.rules.pareto import AlwaysIncluded, Volumes
from keyaccount_rules.rules.reporting import Amounts, Tiers

DAY = dt.date(2026, 3, 20)
ACME = kr.Customer(name="ACME")
EVENT = Event(2, "ACME", DAY, Kind.VISIT)
ROW = RevenueRow(2, "ACME", Month(2026, 3), kr.BusinessLine.EXPRESS, Decimal("1.00"))
LINE = kr.BusinessLine.EXPRESS
DAY_FIX = "; pass date(2025, 3, 31), not a string or a datetime"
SAME = object()  # an instance comes back as itself

# (id, declared type, a value on the boundary, what it gives, the value just past it, the
# message of that value as the argument "x" of a call citing R-1)
CASES: list[tuple[str, Any, object, object, object, str]] = [
    ("month-of-year-3", MonthGiven, "0003-01", Month(3, 1), "0002-12",
     "x: must be a month written YYYY-MM, such as 2025-03 (got '0002-12') [R-1]"),
    ("month-13", MonthGiven, "2026-12", Month(2026, 12), "2026-13",
     "x: must be a month written YYYY-MM, such as 2025-03 (got '2026-13') [R-1]"),
    ("contact-or-day", ContactOrDay, DAY, Contact(on=DAY), "2026-03-20",
     f"x: must be a datetime.date (got '2026-03-20') [R-1]{DAY_FIX}"),
    ("contacts-one-contact", Contacts, [Contact(on=DAY)], (Contact(on=DAY),), Contact(on=DAY),
     "x: must be a collection of dates or Contacts (got on=datetime.date(2026, 3, 20) "
     "kind=<ContactKind.VISIT: 'visit'> note='')"),
    ("level-contacts-one-contact", LevelContacts, [DAY], (Contact(on=DAY),), Contact(on=DAY),
     "x: must be a collection of contacts (got on=datetime.date(2026, 3, 20) "
     "kind=<ContactKind.VISIT: 'visit'> note='') [R-1]"),
    ("activity-event", ActivityEvent, EVENT, EVENT, EVENT._replace(on="2026-03-20"),
     "x: must be an activity Event (got 'Event') [R-1]"),
    ("revenue-row", RevenueRowGiven, ROW, ROW, ROW._replace(month="2026-03"),
     "x: must hold RevenueRow rows (got 'RevenueRow') [R-1]"),
    ("customer-argument", CustomerArgument, ACME, ACME, {"name": "ACME"},
     "x: must be a keyaccount_rules.Customer (got {'name': 'ACME'}) [R-1]"),
    ("portfolio-customer", PortfolioCustomer, ACME, ACME, {"name": "ACME"},
     "x: must be a Customer (got 'dict') [R-1]"),
    ("customers-one-name", Customers, (), (), "ACME",
     "x: must be a collection of Customers (got 'ACME') [R-1]"),
    ("facts-given", FactsGiven, Facts.of(as_of=DAY, policy="liangshan"), SAME, {"as_of": DAY},
     "x: must be a keyaccount_rules.Facts (got 'dict') [R-1]"),
    ("tier-changes-pair", TierChanges, [(DAY, "gold")], ((DAY, kr.Tier.GOLD),), [(DAY,)],
     "x[0]: must be a (date, tier) pair (got (datetime.date(2026, 3, 20),)) [R-1]"),
    ("business-days-none", BusinessDays, None, None, frozenset(),
     "x: must be a BusinessCalendar (got 'frozenset') [R-1]"),
    ("business-days", BusinessDays, BusinessCalendar(), BusinessCalendar(), {},
     "x: must be a BusinessCalendar (got 'dict') [R-1]"),
    ("project-names-blank", ProjectNames, ["a"], ("a",), [" "],
     "x[0]: must be a non-empty name (got ' ') [R-1]"),
    ("bureau-one-fen", BureauFen, 1, 1, 0, "x: must be a positive int (whole fen) (got 0) [R-1]"),
    ("bureau-fen-float", BureauFen, 1, 1, 1.0,
     "x: must be a positive int (whole fen) (got 1.0) [R-1]"),
    ("designated-one-string", Designated, ["a"], ("a",), "a",
     "x: must be a collection of customer keys (got 'a') [R-1]"),
    ("log-entries-one-entry", LogEntries, [LogEntry(stage="proposal")],
     (LogEntry(stage="proposal"),), LogEntry(stage="proposal"),
     "x: must be a collection of LogEntry (got stage=<LogStage.PROPOSAL: 'proposal'> on=None "
     "content='' method=… (111 chars)) [R-1]"),
    ("headcount-zero", Headcount, 0, 0, -1,
     "x: must be a whole number of people, 0 or more (got -1) [R-1]"),
    ("headcount-bool", Headcount, 1, 1, True,
     "x: must be a whole number of people, 0 or more (got True) [R-1]"),
    ("volumes-zero", Volumes, {"a": {"express": 0}}, {"a": {LINE: Decimal("0.00")}},
     {"a": {"express": "-0.01"}}, "x['a'].express: must not be negative (got '-0.01') [R-1]"),
    ("volumes-empty-key", Volumes, {"a": {}}, {"a": {}}, {"": {}},
     "x key: must be a non-empty customer key (got '') [R-1]"),
    ("always-included", AlwaysIncluded, ["a", "a"], ("a", "a"), ["a", ""],
     "x[1]: must be a non-empty customer key (got '') [R-1]"),
    ("amounts-one-fen", Amounts, {"a": "0.01"}, {"a": Decimal("0.01")}, {"a": "0.001"},
     "x['a']: must have at most 2 decimal places (fen) (got '0.001') [R-1]"),
    ("amounts-blank-key", Amounts, {" a": 1}, {" a": Decimal("1.00")}, {" ": 1},
     "x: keys must be non-empty strings (got ' ') [R-1]"),
    ("tiers", Tiers, {}, {}, [], "x: must be a mapping of customer key → tier (got 'list') [R-1]"),
    ("holidays-none", Holidays, None, {}, [],
     "x: must map dates to labels (got 'list') [R-1]"),
    ("holidays-datetime", Holidays, {DAY: "节"}, {DAY: "节"},
     {dt.datetime(2026, 3, 20): "节"},
     "x: must map dates to labels (got (datetime.date..., 3, 20, 0, 0), '节')) [R-1]"),
    ("managers", Managers, None, None, [("ACME", "li")],
     "x: must map customers to managers (got 'list') [R-1]"),
    ("level-empty", GivenLevel, "", None, "州局大客户",
     "x: must be prefecture (州级), county (县级) or empty (not a key account) "
     "(got '州局大客户') [R-1]"),
    ("level-county", GivenLevel, "县级", kr.Level.COUNTY, 1,
     "x: must be prefecture (州级), county (县级) or None (got 1) [R-1]"),
    ("activity-events", Activity, [], [], "activity.csv",
     "x: must be activity Events, not a file name or its text (got 'activity.csv') [R-1]; "
     "read the file with kr.read_activity(path) and pass what it returns"),
    ("activity-stream", Activity, (), (), io.StringIO(""),
     "x: must be activity Events, not a file name or its text (got 'StringIO') [R-1]; "
     "read the file with kr.read_activity(path) and pass what it returns"),
    ("reporter", Reporter, print, SAME, None,
     "x: must be a function taking a Problem (got None) [R-1]"),
    ("series-data", SeriesData, {"a": {}}, {"a": {}}, {"a": {Month(2026, 3): {LINE: 1}}},
     "x: must map customer → Month → BusinessLine → Decimal amount (got 'dict') [R-1]; build "
     "a series with RevenueSeries.from_rows(read_revenue(path))"),
    ("ics-language", Language, "zh", "zh", "ZH", "x: must be 'en' or 'zh' (got 'ZH') [R-1]"),
    ("ics-stamp", Stamp, dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
     dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1),
     "x: must be a timezone-aware datetime (got 2026-01-01 00:00:00) [R-1]; pass tzinfo=UTC"),
    ("stream-format", Format, "ics", "ics", "xlsx",
     "x: must be 'csv', 'json' or 'ics' (got 'xlsx') [R-1]"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "boundary", "gives"), [c[1:4] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_declared_type_accepts_the_value_on_its_boundary(
    kind: Any, boundary: object, gives: object
) -> None:
    result = checked(kind, boundary, "x", rule="R-1")
    if gives is SAME:
        assert result is boundary
    else:
        assert result == gives


@pytest.mark.parametrize(
    ("kind", "past", "message"), [(c[1], c[4], c[5]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_declared_type_refuses_the_value_just_past_its_boundary_naming_the_argument(
    kind: Any, past: object, message: str
) -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        checked(kind, past, "x", rule="R-1")
    assert str(caught.value) == message

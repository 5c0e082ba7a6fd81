"""Calls for tests/cases/snapshots_schedules_b.toml: visits, reporting and the marketing log
(VISIT-1..3, FLUX-1, FILE-1, REPORT-5, LOG-1..4).

Read by scripts/snapshots.py (its ``FAMILIES`` registry), which runs each call and writes
the case file.
"""

from __future__ import annotations

from typing import Any

Call = tuple[str, str, dict[str, Any], dict[str, Any]]


def _entry(stage: str, on: str | None = "2025-03-01", **fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "stage": stage,
        "content": "needs",
        "method": "visit",
        "our_participants": ["Li"],
        "customer_participants": ["Wang"],
    }
    if on is not None:
        entry["on"] = on
    entry.update(fields)
    return entry


_FULL = [
    _entry("initial_contact", "2025-01-05"),
    _entry("proposal", "2025-02-05"),
    _entry("quotation", "2025-03-05"),
    _entry("agreement", "2025-04-05"),
]


_GC = {"tier": "gold", "scope": "comprehensive"}


VISITS: list[Call] = [
    (
        "visit_compliance: a month met, an in-person greeting counted, other months ignored",
        "visit_compliance",
        {
            **_GC,
            "contact_dates": [
                "2025-02-01",
                {"on": "2025-02-28", "kind": "call"},
                {"on": "2025-02-14", "kind": "greeting"},
                {"on": "2025-02-10", "kind": "leadership_visit"},
                "2025-01-31",
                "2025-03-01",
            ],
            "month": "2025-02-10",
        },
        {},
    ),
    (
        "visit_compliance: short by one, a 30-day month ends on the 30th",
        "visit_compliance",
        {**_GC, "contact_dates": ["2025-04-30", "2025-05-01"], "month": "2025-04-01"},
        {},
    ),
    (
        "visit_compliance: none at all in a leap February",
        "visit_compliance",
        {"tier": "diamond", "scope": "regional", "contact_dates": [], "month": "2024-02-29"},
        {},
    ),
    (
        "visit_compliance: two in-person greetings count as contacts (VISIT-3)",
        "visit_compliance",
        {
            "tier": "silver",
            "scope": "comprehensive",
            "contact_dates": [
                {"on": "2025-06-01", "kind": "greeting"},
                {"on": "2025-06-02", "kind": "greeting", "note": "birthday"},
            ],
            "month": "2025-06-30",
        },
        {},
    ),
    (
        "visit_compliance: a policy that counts visits only",
        "visit_compliance",
        {
            **_GC,
            "contact_dates": [
                {"on": "2025-06-01", "kind": "call"},
                {"on": "2025-06-02", "kind": "visit"},
            ],
            "month": "2025-06-30",
        },
        {"schedules.contacts.counted": ["visit"]},
    ),
    (
        "visit_compliance: under a variant of three contacts a month",
        "visit_compliance",
        {**_GC, "contact_dates": ["2025-06-01", "2025-06-02"], "month": "2025-06-30"},
        {"visits.contacts_per_month.gold.comprehensive": 3},
    ),
    (
        "visit_compliance: a single date instead of a collection",
        "visit_compliance",
        {**_GC, "contact_dates": "2025-06-01", "month": "2025-06-30"},
        {},
    ),
    (
        "visit_compliance: a contact that is not a date",
        "visit_compliance",
        {**_GC, "contact_dates": ["2025-06-01", "x"], "month": "2025-06-30"},
        {},
    ),
    (
        "visit_compliance: a bad month",
        "visit_compliance",
        {**_GC, "contact_dates": [], "month": "June"},
        {},
    ),
    (
        "visit_compliance: unknown tier",
        "visit_compliance",
        {"tier": "x", "scope": "regional", "contact_dates": [], "month": "2025-06-30"},
        {},
    ),
    (
        "visit_year: a whole year, every month met, leadership met",
        "visit_year",
        {
            "tier": "silver",
            "scope": "regional",
            "contacts": [f"2025-{m:02d}-15" for m in range(1, 13)]
            + [{"on": "2025-07-01", "kind": "leadership_visit"}],
            "year": 2025,
        },
        {},
    ),
    (
        "visit_year: a whole year with short months, no leadership visit, greetings",
        "visit_year",
        {
            **_GC,
            "contacts": [
                "2025-01-02",
                "2025-01-03",
                "2025-02-02",
                {"on": "2025-12-31", "kind": "greeting"},
            ],
            "year": 2025,
        },
        {},
    ),
    (
        "visit_year: leadership visits above the guidance",
        "visit_year",
        {
            "tier": "silver",
            "scope": "professional",
            "contacts": [f"2025-{m:02d}-01" for m in range(1, 13)]
            + [{"on": f"2025-0{m}-02", "kind": "leadership_visit"} for m in (3, 6, 9)],
            "year": 2025,
        },
        {},
    ),
    (
        "visit_year: leadership exactly at the maximum is met",
        "visit_year",
        {
            "tier": "silver",
            "scope": "professional",
            "contacts": [
                {"on": f"2025-{m:02d}-01", "kind": "leadership_visit"} for m in range(1, 13)
            ],
            "year": 2025,
        },
        {"visits.leadership.max_per_year": 12},
    ),
    (
        "visit_year: part of the year, no leadership visit yet",
        "visit_year",
        {
            "tier": "silver",
            "scope": "regional",
            "contacts": ["2025-01-09"],
            "year": 2025,
            "as_of": "2025-02-10",
        },
        {},
    ),
    (
        "visit_year: as_of on the year's first day",
        "visit_year",
        {
            "tier": "silver",
            "scope": "regional",
            "contacts": [],
            "year": 2025,
            "as_of": "2025-01-01",
        },
        {},
    ),
    (
        "visit_year: as_of on the year's last day is the whole year",
        "visit_year",
        {
            "tier": "silver",
            "scope": "regional",
            "contacts": [f"2025-{m:02d}-28" for m in range(1, 13)],
            "year": 2025,
            "as_of": "2025-12-31",
        },
        {},
    ),
    (
        "visit_year: as_of after the year",
        "visit_year",
        {
            "tier": "silver",
            "scope": "regional",
            "contacts": [{"on": "2024-12-31", "kind": "leadership_visit"}],
            "year": 2024,
            "as_of": "2025-03-01",
        },
        {},
    ),
    (
        "visit_year: part of the year with a shortfall and a leadership visit",
        "visit_year",
        {
            **_GC,
            "contacts": [
                {"on": "2025-01-05", "kind": "leadership_visit"},
                "2025-01-06",
                {"on": "2025-02-05", "kind": "greeting"},
            ],
            "year": 2025,
            "as_of": "2025-03-15",
        },
        {},
    ),
    (
        "visit_year: year 1 is before the earliest year (as year_calendar)",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": [], "year": 1},
        {},
    ),
    (
        "visit_year: year 9999 is after the latest year (as year_calendar)",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": [], "year": 9999},
        {},
    ),
    (
        "visit_year: under a variant of three contacts a month and 1–4 leadership visits",
        "visit_year",
        {
            **_GC,
            "contacts": ["2025-01-01", {"on": "2025-01-02", "kind": "leadership_visit"}],
            "year": 2025,
            "as_of": "2025-01-31",
        },
        {
            "visits.contacts_per_month.gold.comprehensive": 3,
            "visits.leadership.max_per_year": 4,
        },
    ),
    (
        "visit_year: year 9998 reviews its own twelve months only",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": ["9998-12-31"], "year": 9998},
        {},
    ),
    (
        "visit_year: year 9998 as of March reviews three months",
        "visit_year",
        {
            "tier": "silver",
            "scope": "regional",
            "contacts": ["9998-03-31"],
            "year": 9998,
            "as_of": "9998-03-31",
        },
        {},
    ),
    (
        "visit_year: as_of before the year starts",
        "visit_year",
        {
            "tier": "silver",
            "scope": "regional",
            "contacts": [],
            "year": 2025,
            "as_of": "2024-12-31",
        },
        {},
    ),
    (
        "visit_year: a contact after as_of",
        "visit_year",
        {
            "tier": "silver",
            "scope": "regional",
            "contacts": ["2025-01-01", "2025-01-02", "2025-03-01"],
            "year": 2025,
            "as_of": "2025-02-28",
        },
        {},
    ),
    (
        "visit_year: a contact on as_of is allowed",
        "visit_year",
        {
            "tier": "silver",
            "scope": "regional",
            "contacts": ["2025-02-28"],
            "year": 2025,
            "as_of": "2025-02-28",
        },
        {},
    ),
    (
        "visit_year: a bad as_of",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": [], "year": 2025, "as_of": "soon"},
        {},
    ),
    (
        "visit_year: a year that is a bool",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": [], "year": True},
        {},
    ),
    (
        "visit_year: year 0",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": [], "year": 0},
        {},
    ),
    (
        "visit_year: year 10000",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": [], "year": 10000},
        {},
    ),
    (
        "visit_year: a year as a string",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": [], "year": "2025"},
        {},
    ),
    (
        "visit_year: contacts as a single string",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": "2025-01-01", "year": 2025},
        {},
    ),
    (
        "visit_year: a contact that is not a date",
        "visit_year",
        {"tier": "silver", "scope": "regional", "contacts": ["2025-01-01", 5], "year": 2025},
        {},
    ),
    (
        "visit_year: unknown scope",
        "visit_year",
        {"tier": "silver", "scope": "x", "contacts": [], "year": 2025},
        {},
    ),
]


REPORTING: list[Call] = [
    ("fluctuation: 200 → 139 is 30.5%", "fluctuation", {"previous": 200, "current": 139}, {}),
    ("fluctuation: exactly 30% is not more", "fluctuation", {"previous": 100, "current": 130}, {}),
    ("fluctuation: 131 of 100 is more", "fluctuation", {"previous": 100, "current": 131}, {}),
    (
        "fluctuation: a fall with 4 exact decimals of a percent",
        "fluctuation",
        {"previous": "10000", "current": "6999.9"},
        {},
    ),
    (
        "fluctuation: a change with 3 decimals of a percent",
        "fluctuation",
        {"previous": 1000, "current": "1000.01"},
        {},
    ),
    (
        "fluctuation: a change that is not exact shows ≈",
        "fluctuation",
        {"previous": 3, "current": 4},
        {},
    ),
    (
        "fluctuation: a change with 5 decimals of a percent shows ≈",
        "fluctuation",
        {"previous": 100000, "current": "100000.01"},
        {},
    ),
    (
        "fluctuation: no change",
        "fluctuation",
        {"previous": "1,234.50", "current": " 1234.5 "},
        {},
    ),
    (
        "fluctuation: a float volume by repr",
        "fluctuation",
        {"previous": 0.1, "current": 0.2},
        {},
    ),
    ("fluctuation: from 0 to new volume", "fluctuation", {"previous": 0, "current": 5}, {}),
    (
        "fluctuation: from 0 to less than 1 is new volume",
        "fluctuation",
        {"previous": 0, "current": "0.5"},
        {},
    ),
    ("fluctuation: from 0 to exactly 1", "fluctuation", {"previous": 0, "current": 1}, {}),
    (
        "fluctuation: from 0 to new volume, not flagged by policy",
        "fluctuation",
        {"previous": 0, "current": 5},
        {"schedules.fluctuation.flag_from_zero": False},
    ),
    ("fluctuation: 0 → 0", "fluctuation", {"previous": "0", "current": 0}, {}),
    (
        "fluctuation: a one-time customer is exempt",
        "fluctuation",
        {"previous": 100, "current": 300, "one_time": True},
        {},
    ),
    (
        "fluctuation: a one-time customer from 0",
        "fluctuation",
        {"previous": 0, "current": 300, "one_time": True},
        {},
    ),
    (
        "fluctuation: one_time false is the default",
        "fluctuation",
        {"previous": 100, "current": 300, "one_time": False},
        {},
    ),
    (
        "fluctuation: under a 12.5% bound",
        "fluctuation",
        {"previous": 100, "current": 113},
        {"schedules.fluctuation.more_than": "0.125"},
    ),
    (
        "fluctuation: one_time not a bool",
        "fluctuation",
        {"previous": 100, "current": 300, "one_time": "yes"},
        {},
    ),
    ("fluctuation: previous negative", "fluctuation", {"previous": -1, "current": 3}, {}),
    ("fluctuation: current negative", "fluctuation", {"previous": 1, "current": "-0.01"}, {}),
    ("fluctuation: previous not a number", "fluctuation", {"previous": "x", "current": 3}, {}),
    ("fluctuation: current infinite", "fluctuation", {"previous": 1, "current": "Infinity"}, {}),
    ("fluctuation: current NaN", "fluctuation", {"previous": 1, "current": "NaN"}, {}),
    ("fluctuation: previous a bool", "fluctuation", {"previous": True, "current": 3}, {}),
    ("fluctuation: current a list", "fluctuation", {"previous": 1, "current": [3]}, {}),
    (
        "provincial_filing_list: by amount (bound included) and by rank",
        "provincial_filing_list",
        {
            "monthly_average_spend": {"a": 25000, "b": "24999.99", "c": 30000},
            "tiers": {"a": "gold", "b": "gold", "c": "gold"},
        },
        {},
    ),
    (
        "provincial_filing_list: only gold customers, top 10 among them (FILE-1)",
        "provincial_filing_list",
        {
            "monthly_average_spend": {"d": 90000, "s": 30000, "g1": 100, "g2": 25000},
            "tiers": {"d": "diamond", "s": "silver", "g1": "gold", "g2": "gold"},
        },
        {},
    ),
    (
        "provincial_filing_list: a customer with no tier",
        "provincial_filing_list",
        {"monthly_average_spend": {"a": 1, "b": 2}, "tiers": {"a": "gold"}},
        {},
    ),
    (
        "provincial_filing_list: twelve customers, ties at 10th place all filed",
        "provincial_filing_list",
        {
            "monthly_average_spend": {
                **{f"c{i:02d}": 1000 + i for i in range(9)},
                "t1": 500,
                "t2": 500,
                "low": 499,
            },
            "tiers": dict.fromkeys([*(f"c{i:02d}" for i in range(9)), "t1", "t2", "low"], "gold"),
        },
        {},
    ),
    (
        "provincial_filing_list: nobody",
        "provincial_filing_list",
        {"monthly_average_spend": {}, "tiers": {}},
        {},
    ),
    (
        "provincial_filing_list: top 0 by policy",
        "provincial_filing_list",
        {"monthly_average_spend": {"a": 25000, "b": 1}, "tiers": {"a": "gold", "b": "gold"}},
        {"schedules.filing.top": 0},
    ),
    (
        "provincial_filing_list: top 2 and 1,000 yuan by policy",
        "provincial_filing_list",
        {
            "monthly_average_spend": {"a": 5, "b": 4, "c": 3, "d": 1000},
            "tiers": dict.fromkeys("abcd", "gold"),
        },
        {"schedules.filing.top": 2, "schedules.filing.monthly_average_at_least": 1000},
    ),
    (
        "provincial_filing_list: not a mapping",
        "provincial_filing_list",
        {"monthly_average_spend": ["a"], "tiers": {}},
        {},
    ),
    (
        "provincial_filing_list: an empty key",
        "provincial_filing_list",
        {"monthly_average_spend": {" ": 1}, "tiers": {" ": "gold"}},
        {},
    ),
    (
        "provincial_filing_list: a bad amount",
        "provincial_filing_list",
        {"monthly_average_spend": {"a": "lots"}, "tiers": {"a": "gold"}},
        {},
    ),
    (
        "provincial_filing: the keys only",
        "provincial_filing",
        {
            "monthly_average_spend": {"a": 25000, "b": 1, "c": 2},
            "tiers": dict.fromkeys("abc", "gold"),
        },
        {"schedules.filing.top": 1},
    ),
    (
        "provincial_filing: not a mapping",
        "provincial_filing",
        {"monthly_average_spend": 5, "tiers": {}},
        {},
    ),
    (
        "key_customers: by tier and by rank",
        "key_customers",
        {
            "revenue": {"a": 10, "b": 5, "c": 1},
            "tiers": {"a": "general", "b": "gold", "c": "silver"},
        },
        {},
    ),
    (
        "key_customers: twelve generals, ties at 10th place",
        "key_customers",
        {
            "revenue": {**{f"g{i:02d}": 100 + i for i in range(9)}, "t1": 50, "t2": 50, "z": 1},
            "tiers": {
                **{f"g{i:02d}": "general" for i in range(9)},
                "t1": "general",
                "t2": "general",
                "z": "diamond",
            },
        },
        {},
    ),
    (
        "key_customers: gold and above, top 1 by policy",
        "key_customers",
        {
            "revenue": {"a": 10, "b": 5, "c": 1, "d": 7},
            "tiers": {"a": "general", "b": "gold", "c": "silver", "d": "diamond"},
        },
        {"schedules.key_customers.min_tier": "gold", "schedules.key_customers.top": 1},
    ),
    (
        "key_customers: empty",
        "key_customers",
        {"revenue": {}, "tiers": {}},
        {},
    ),
    (
        "key_customers: revenue not a mapping",
        "key_customers",
        {"revenue": [1], "tiers": {}},
        {},
    ),
    (
        "key_customers: tiers not a mapping",
        "key_customers",
        {"revenue": {"a": 1}, "tiers": ["gold"]},
        {},
    ),
    (
        "key_customers: a bad tier",
        "key_customers",
        {"revenue": {"a": 1}, "tiers": {"a": "platinum"}},
        {},
    ),
    (
        "key_customers: a customer without a tier",
        "key_customers",
        {"revenue": {"a": 1, "b": 2}, "tiers": {"a": "gold"}},
        {},
    ),
    (
        "key_customers: a customer without revenue",
        "key_customers",
        {"revenue": {"a": 1}, "tiers": {"a": "gold", "b": "gold"}},
        {},
    ),
    (
        "key_customers: a bad revenue",
        "key_customers",
        {"revenue": {"a": "-5"}, "tiers": {"a": "gold"}},
        {},
    ),
    (
        "key_customers: an empty key",
        "key_customers",
        {"revenue": {"": 1}, "tiers": {"": "gold"}},
        {},
    ),
]


LOGS: list[Call] = [
    (
        "check_marketing_log: diamond, every stage complete",
        "check_marketing_log",
        {"tier": "diamond", "reached_stage": "agreement", "entries": _FULL},
        {},
    ),
    (
        "check_marketing_log: a regional diamond needs a named person (由专人设立专本)",
        "check_marketing_log",
        {
            "tier": "diamond",
            "scope": "regional",
            "reached_stage": "initial_contact",
            "entries": _FULL[:1],
            "named_person": " ",
        },
        {},
    ),
    (
        "check_marketing_log: a comprehensive diamond needs no named person",
        "check_marketing_log",
        {
            "tier": "diamond",
            "scope": "comprehensive",
            "reached_stage": "initial_contact",
            "entries": _FULL[:1],
        },
        {},
    ),
    (
        "check_marketing_log: gold with a named person, every stage complete",
        "check_marketing_log",
        {
            "tier": "gold",
            "reached_stage": "报价",
            "entries": _FULL[:3],
            "named_person": "Li",
            "as_of": "2025-03-05",
        },
        {},
    ),
    (
        "check_marketing_log: gold without a named person",
        "check_marketing_log",
        {"tier": "gold", "reached_stage": "initial_contact", "entries": _FULL[:1]},
        {},
    ),
    (
        "check_marketing_log: gold with a blank named person",
        "check_marketing_log",
        {
            "tier": "gold",
            "reached_stage": "initial_contact",
            "entries": _FULL[:1],
            "named_person": "  ",
        },
        {},
    ),
    (
        "check_marketing_log: silver without a named person is recommended one",
        "check_marketing_log",
        {"tier": "silver", "reached_stage": "proposal", "entries": _FULL[:2]},
        {},
    ),
    (
        "check_marketing_log: silver with a named person",
        "check_marketing_log",
        {"tier": "silver", "reached_stage": "proposal", "entries": _FULL[:2], "named_person": "Li"},
        {},
    ),
    (
        "check_marketing_log: missing stages and incomplete entries",
        "check_marketing_log",
        {
            "tier": "diamond",
            "reached_stage": "QUOTATION",
            "entries": [
                _entry("initial_contact", None, content=" ", method="", our_participants=[" "]),
                _entry("initial_contact", "2025-01-02"),
                _entry("quotation", "2025-03-03", customer_participants=[], our_participants=[]),
                {"stage": "报价"},
            ],
        },
        {},
    ),
    (
        "check_marketing_log: general is rolled up",
        "check_marketing_log",
        {"tier": "general", "reached_stage": "agreement", "entries": []},
        {},
    ),
    (
        "check_marketing_log: an entry on as_of is allowed",
        "check_marketing_log",
        {
            "tier": "diamond",
            "reached_stage": "initial_contact",
            "entries": [_entry("initial_contact", "2025-03-01"), _entry("initial_contact", None)],
            "as_of": "2025-03-01",
        },
        {},
    ),
    (
        "check_marketing_log: an entry after as_of",
        "check_marketing_log",
        {
            "tier": "diamond",
            "reached_stage": "agreement",
            "entries": [_entry("initial_contact", "2025-03-01"), _entry("proposal", "2025-03-02")],
            "as_of": "2025-03-01",
        },
        {},
    ),
    (
        "check_marketing_log: a bad as_of",
        "check_marketing_log",
        {"tier": "diamond", "reached_stage": "agreement", "entries": [], "as_of": "later"},
        {},
    ),
    (
        "check_marketing_log: a stage beyond reached_stage",
        "check_marketing_log",
        {
            "tier": "diamond",
            "reached_stage": "proposal",
            "entries": [_entry("proposal"), _entry("quotation")],
        },
        {},
    ),
    (
        "check_marketing_log: entries a single string",
        "check_marketing_log",
        {"tier": "diamond", "reached_stage": "proposal", "entries": "x"},
        {},
    ),
    (
        "check_marketing_log: an entry that is not a LogEntry",
        "check_marketing_log",
        {"tier": "diamond", "reached_stage": "proposal", "entries": [_entry("proposal"), 5]},
        {},
    ),
    (
        "check_marketing_log: unknown tier",
        "check_marketing_log",
        {"tier": "x", "reached_stage": "proposal", "entries": []},
        {},
    ),
    (
        "check_marketing_log: unknown stage",
        "check_marketing_log",
        {"tier": "gold", "reached_stage": "closing", "entries": []},
        {},
    ),
]


CALLS: list[Call] = VISITS + REPORTING + LOGS

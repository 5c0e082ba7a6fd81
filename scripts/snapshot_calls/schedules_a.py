"""Calls for tests/cases/snapshots_schedules_a.toml: archives and the work calendar
(ARCH-1..3, REPORT-1..4, ANALYSE-1, CAL-1..2, G-5).

Read by scripts/snapshots.py (its ``FAMILIES`` registry), which runs each call and writes
the case file.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from keyaccount_rules import BusinessCalendar, work_calendar
from keyaccount_rules.core.explanation import to_json_data

_OCT = {"non_working_days": ["2025-10-01", "2025-10-02", "2025-10-03"]}


_CALENDAR = to_json_data(
    work_calendar(
        date(2025, 10, 3),
        date(2025, 10, 5),
        business_days=BusinessCalendar(non_working_days={date(2025, 10, 3)}),
    )
)


# The input of to_ics is the calendar's data; its policy's hash is no part of a reviewed case.
_SMALL = {key: value for key, value in _CALENDAR.items() if key != "policy_fingerprint"}


# (name, function, inputs, policy_changes)
CALLS: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    # archive_status (ARCH-1..3)
    (
        "ARCH gold: a missed month and the current month not refreshed",
        "archive_status",
        {"tier": "gold", "refresh_dates": ["2025-01-10", "2025-03-02"], "as_of": "2025-04-20"},
        {},
    ),
    (
        "ARCH diamond: refreshed twice this half-month, a duplicate, one before tracking",
        "archive_status",
        {
            "tier": "diamond",
            "refresh_dates": [
                "2024-01-20",
                "2024-02-01",
                "2024-02-20",
                "2024-02-29",
                "2024-02-20",
            ],
            "as_of": "2024-02-29",
            "tracking_since": "2024-02-10",
        },
        {},
    ),
    (
        "ARCH silver: no refresh and no tracking start tracks nothing",
        "archive_status",
        {"tier": "silver", "refresh_dates": [], "as_of": "2025-05-05"},
        {},
    ),
    (
        "ARCH general: tracking since a date with no refresh misses every earlier half year",
        "archive_status",
        {
            "tier": "general",
            "refresh_dates": [],
            "as_of": "2025-08-01",
            "tracking_since": "2024-03-01",
        },
        {},
    ),
    (
        "ARCH a refresh on as_of counts, as_of on tracking_since is allowed",
        "archive_status",
        {
            "tier": "gold",
            "refresh_dates": ["2025-06-30"],
            "as_of": "2025-06-30",
            "tracking_since": "2025-06-30",
        },
        {},
    ),
    (
        "ARCH the earliest as_of",
        "archive_status",
        {"tier": "gold", "refresh_dates": ["0002-01-01"], "as_of": "0002-01-01"},
        {},
    ),
    (
        "ARCH the latest as_of",
        "archive_status",
        {"tier": "diamond", "refresh_dates": [], "as_of": "9998-12-31"},
        {},
    ),
    (
        "ARCH a policy with half-months cut after the 10th and years from April",
        "archive_status",
        {"tier": "diamond", "refresh_dates": ["2025-03-05", "2025-03-12"], "as_of": "2025-03-31"},
        {"schedules.periods.half_month_first_half_ends": 10},
    ),
    (
        "ARCH silver quarters from April under a policy",
        "archive_status",
        {"tier": "silver", "refresh_dates": ["2025-02-05"], "as_of": "2025-08-31"},
        {"schedules.periods.year_starts_in_month": 4},
    ),
    (
        "ARCH rejects a refresh after as_of",
        "archive_status",
        {"tier": "gold", "refresh_dates": ["2025-04-21"], "as_of": "2025-04-20"},
        {},
    ),
    (
        "ARCH rejects refresh dates given as one string",
        "archive_status",
        {"tier": "gold", "refresh_dates": "2025-04-01", "as_of": "2025-04-20"},
        {},
    ),
    (
        "ARCH rejects a refresh date that is not a date",
        "archive_status",
        {"tier": "gold", "refresh_dates": ["2025-04-01", "April"], "as_of": "2025-04-20"},
        {},
    ),
    (
        "ARCH rejects an unknown tier",
        "archive_status",
        {"tier": "platinum", "refresh_dates": [], "as_of": "2025-04-20"},
        {},
    ),
    (
        "ARCH rejects an as_of that is not a date",
        "archive_status",
        {"tier": "gold", "refresh_dates": [], "as_of": "20 April"},
        {},
    ),
    (
        "ARCH rejects an as_of before the earliest date",
        "archive_status",
        {"tier": "gold", "refresh_dates": [], "as_of": "0001-12-31"},
        {},
    ),
    (
        "ARCH rejects an as_of after the latest date",
        "archive_status",
        {"tier": "gold", "refresh_dates": [], "as_of": "9999-01-01"},
        {},
    ),
    (
        "ARCH rejects a tracking_since that is not a date",
        "archive_status",
        {"tier": "gold", "refresh_dates": [], "as_of": "2025-04-20", "tracking_since": "soon"},
        {},
    ),
    (
        "ARCH rejects an as_of before tracking_since",
        "archive_status",
        {
            "tier": "gold",
            "refresh_dates": [],
            "as_of": "2025-04-20",
            "tracking_since": "2025-04-21",
        },
        {},
    ),
    # archive_status_with_history (ARCH-1..3 across tier changes)
    (
        "ARCH history: silver then gold (the docstring example)",
        "archive_status_with_history",
        {
            "tier_history": [["2025-01-01", "silver"], ["2025-05-10", "gold"]],
            "refresh_dates": ["2025-02-01", "2025-06-20"],
            "as_of": "2025-07-05",
        },
        {},
    ),
    (
        "ARCH history: a change on a period's first day takes effect that day",
        "archive_status_with_history",
        {
            "tier_history": [["2025-01-01", "silver"], ["2025-05-01", "gold"]],
            "refresh_dates": ["2025-02-01", "2025-05-20"],
            "as_of": "2025-06-05",
        },
        {},
    ),
    (
        "ARCH history: three tiers, each cutting the period before short",
        "archive_status_with_history",
        {
            "tier_history": [
                ["2024-01-01", "general"],
                ["2024-08-10", "silver"],
                ["2025-02-15", "gold"],
            ],
            "refresh_dates": ["2024-02-01", "2024-09-01", "2025-03-03"],
            "as_of": "2025-06-01",
        },
        {},
    ),
    (
        "ARCH history: a later change supersedes a pending one, the earlier change stays",
        "archive_status_with_history",
        {
            "tier_history": [
                ["2024-01-01", "general"],
                ["2024-03-10", "silver"],
                ["2024-05-10", "gold"],
                ["2024-05-20", "diamond"],
            ],
            "refresh_dates": ["2024-01-05", "2024-04-02", "2024-06-03"],
            "as_of": "2024-06-20",
        },
        {},
    ),
    (
        "ARCH history: the tier in force on the tracking start is the latest one before it",
        "archive_status_with_history",
        {
            "tier_history": [["2024-01-01", "gold"], ["2024-06-01", "diamond"]],
            "refresh_dates": ["2024-01-02", "2024-09-20"],
            "as_of": "2024-10-01",
            "tracking_since": "2024-09-03",
        },
        {},
    ),
    (
        "ARCH history: a tier change on the tracking start is in force from it",
        "archive_status_with_history",
        {
            "tier_history": [["2024-01-01", "general"], ["2025-01-01", "gold"]],
            "refresh_dates": ["2025-02-02"],
            "as_of": "2025-03-10",
            "tracking_since": "2025-01-01",
        },
        {},
    ),
    (
        "ARCH history: the first tier may take effect on the tracking start itself",
        "archive_status_with_history",
        {
            "tier_history": [["2025-01-01", "gold"]],
            "refresh_dates": ["2025-01-01"],
            "as_of": "2025-02-10",
        },
        {},
    ),
    (
        "ARCH history: tracking starts at the first refresh without tracking_since",
        "archive_status_with_history",
        {
            "tier_history": [["2024-01-01", "gold"]],
            "refresh_dates": ["2024-03-15", "2024-05-01"],
            "as_of": "2024-06-10",
        },
        {},
    ),
    (
        "ARCH history: no refresh and no tracking start",
        "archive_status_with_history",
        {
            "tier_history": [["2024-01-01", "gold"], ["2024-02-01", "silver"]],
            "refresh_dates": [],
            "as_of": "2024-06-10",
        },
        {},
    ),
    (
        "ARCH history: a repeated tier is no change; a change on as_of is allowed",
        "archive_status_with_history",
        {
            "tier_history": [
                ["2025-01-01", "gold"],
                ["2025-03-01", "gold"],
                ["2025-04-30", "silver"],
            ],
            "refresh_dates": ["2025-01-03", "2025-03-04"],
            "as_of": "2025-04-30",
        },
        {},
    ),
    (
        "ARCH history: half-months cut after the 27th end the day a February gold month ends",
        "archive_status_with_history",
        {
            "tier_history": [["2025-01-01", "gold"], ["2025-02-10", "diamond"]],
            "refresh_dates": ["2025-01-05", "2025-02-05", "2025-02-28"],
            "as_of": "2025-03-20",
        },
        {"schedules.periods.half_month_first_half_ends": 27},
    ),
    (
        "ARCH history under a policy where silver is refreshed monthly",
        "archive_status_with_history",
        {
            "tier_history": [["2025-01-01", "general"], ["2025-02-10", "silver"]],
            "refresh_dates": ["2025-01-05", "2025-03-05"],
            "as_of": "2025-04-20",
        },
        {"schedules.archives.cadence.silver": "month"},
    ),
    (
        "ARCH history rejects a first tier after the tracking start",
        "archive_status_with_history",
        {
            "tier_history": [["2025-02-01", "gold"]],
            "refresh_dates": ["2025-01-20"],
            "as_of": "2025-03-01",
        },
        {},
    ),
    (
        "ARCH history rejects an as_of that is not a date",
        "archive_status_with_history",
        {"tier_history": [["2025-02-01", "gold"]], "refresh_dates": [], "as_of": "x"},
        {},
    ),
    (
        "ARCH history rejects tier_history given as a string",
        "archive_status_with_history",
        {"tier_history": "gold", "refresh_dates": [], "as_of": "2025-03-01"},
        {},
    ),
    (
        "ARCH history rejects an entry that is not a pair",
        "archive_status_with_history",
        {"tier_history": [["2025-02-01", "gold"], 7], "refresh_dates": [], "as_of": "2025-03-01"},
        {},
    ),
    (
        "ARCH history rejects an entry date that is not a date",
        "archive_status_with_history",
        {"tier_history": [["Feb", "gold"]], "refresh_dates": [], "as_of": "2025-03-01"},
        {},
    ),
    (
        "ARCH history rejects a tier change after as_of",
        "archive_status_with_history",
        {
            "tier_history": [["2025-02-01", "gold"], ["2025-03-02", "silver"]],
            "refresh_dates": [],
            "as_of": "2025-03-01",
        },
        {},
    ),
    (
        "ARCH history rejects the same date twice",
        "archive_status_with_history",
        {
            "tier_history": [["2025-02-01", "gold"], ["2025-02-01", "silver"]],
            "refresh_dates": [],
            "as_of": "2025-03-01",
        },
        {},
    ),
    (
        "ARCH history rejects an unknown tier",
        "archive_status_with_history",
        {"tier_history": [["2025-02-01", "platinum"]], "refresh_dates": [], "as_of": "2025-03-01"},
        {},
    ),
    (
        "ARCH history rejects an empty history",
        "archive_status_with_history",
        {"tier_history": [], "refresh_dates": [], "as_of": "2025-03-01"},
        {},
    ),
    (
        "ARCH history rejects an as_of before tracking_since",
        "archive_status_with_history",
        {
            "tier_history": [["2025-02-01", "gold"]],
            "refresh_dates": [],
            "as_of": "2025-03-01",
            "tracking_since": "2025-03-02",
        },
        {},
    ),
    # work calendar (REPORT-1..4, ANALYSE-1, CAL-1..2, G-5)
    ("CAL a year of duties", "year_calendar", {"year": 2025}, {}),
    (
        "CAL a year with the October holidays (G-5)",
        "year_calendar",
        {"year": 2025, "business_days": _OCT},
        {},
    ),
    (
        "CAL a year under a policy: a duty due on the 1st two months after, twice a month",
        "year_calendar",
        {"year": 2025},
        {
            "schedules.calendar.duties.3.day": 1,
            "schedules.calendar.duties.3.months_after": 2,
            "schedules.calendar.duties.0.at_least": 2,
            "schedules.calendar.duties.0.at_most": 2,
        },
    ),
    ("CAL rejects year 0", "year_calendar", {"year": 0}, {}),
    ("CAL year 1 is before the earliest date", "year_calendar", {"year": 1}, {}),
    ("CAL year 9999 is after the latest date", "year_calendar", {"year": 9999}, {}),
    ("CAL rejects year 10000", "year_calendar", {"year": 10000}, {}),
    ("CAL rejects a year as text", "year_calendar", {"year": "2025"}, {}),
    ("CAL rejects true as a year", "year_calendar", {"year": True}, {}),
    ("CAL a month", "month_calendar", {"month": "2025-02-14"}, {}),
    (
        "CAL a month with a business calendar that moves nothing",
        "month_calendar",
        {"month": "2025-07-09", "business_days": {"weekend": []}},
        {},
    ),
    (
        "CAL a month with weekends and a worked Saturday",
        "month_calendar",
        {
            "month": "2025-09-01",
            "business_days": {"working_days": ["2025-09-28"], "non_working_days": ["2025-09-05"]},
        },
        {},
    ),
    ("CAL rejects a month that is not a date", "month_calendar", {"month": "May"}, {}),
    (
        "CAL one day holding due dates",
        "work_calendar",
        {"start": "2025-03-05", "end": "2025-03-05"},
        {},
    ),
    (
        "CAL a range holding no due date",
        "work_calendar",
        {"start": "2025-03-10", "end": "2025-03-15"},  # Monday to Saturday: no Sunday (每周晨会)
        {},
    ),
    (
        "CAL rejects a start that is not a date",
        "work_calendar",
        {"start": "x", "end": "2025-03-05"},
        {},
    ),
    (
        "CAL rejects an end that is not a date",
        "work_calendar",
        {"start": "2025-03-05", "end": "x"},
        {},
    ),
    (
        "CAL rejects an end before start",
        "work_calendar",
        {"start": "2025-03-05", "end": "2025-03-04"},
        {},
    ),
    (
        "CAL rejects a business calendar that is not one",
        "work_calendar",
        {"start": "2025-03-05", "end": "2025-03-06", "business_days": "weekends"},
        {},
    ),
    # iCalendar export
    ("ICS in Chinese", "to_ics", {"calendar": _SMALL}, {}),
    ("ICS in English", "to_ics", {"calendar": _SMALL, "lang": "en"}, {}),
    ("ICS rejects a calendar that is not a WorkCalendar", "to_ics", {"calendar": "x"}, {}),
    ("ICS rejects an unknown language", "to_ics", {"calendar": _SMALL, "lang": "fr"}, {}),
    (
        "ICS rejects a stamp that is not a datetime",
        "to_ics",
        {"calendar": _SMALL, "stamp": "2025-01-01T00:00:00Z"},
        {},
    ),
]

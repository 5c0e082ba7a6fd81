"""Calls for tests/cases/snapshots_people_b.toml: core accounts, pay, appraisal and grading
(PARETO-1, PAY-1..5, APPR-1..2, GRADE-1..6, QUAL-3).

Read by scripts/snapshots.py (its ``FAMILIES`` registry), which runs each call and writes
the case file.
"""

from __future__ import annotations

from typing import Any

_Q1 = {"groundwork": 1, "service": 1, "feedback": 1, "marketing": 1}


_ATT = {
    "archives": 1,
    "contact": 1,
    "market_research": "0.5",
    "retention": 1,
    "other": 0,
    "project_planning": 1,
    "new_accounts": "0.25",
    "annual_target": 1,
}


# (name, function, inputs, policy_changes)
CALLS: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    # PARETO-1
    (
        "pareto: ranked by volume, not by key; ties at the cut named in key order",
        "pareto_selection",
        {
            "volumes": {
                "a": {"bills": 40},
                "z": {"express": 60},
                "m": {"express": 20, "bills": 30},
                "d": {"express": 20, "bills": 30},
                "b": {"bills": "0.50", "letters": 1},
                "c": {"letters": 3},
            }
        },
        {},
    ),
    (
        "pareto: a one-yuan and a fifty-fen volume still count",
        "pareto_selection",
        {"volumes": {"x": {"express": 1}, "y": {"express": "0.50"}}},
        {},
    ),
    (
        "pareto: two ties at the cut, and partners always included",
        "pareto_selection",
        {
            "volumes": {
                "s": {"letters": 70},
                "r": {"letters": 10},
                "q": {"letters": 10},
                "p": {"letters": 10},
            },
            "always_include": ["tax-bureau", "post-partner", "tax-bureau"],
        },
        {},
    ),
    (
        "pareto: under a 50% share policy",
        "pareto_selection",
        {"volumes": {"b": {"express": 30}, "a": {"express": 70}}},
        {"pareto.share": "0.5"},
    ),
    ("pareto: volumes not a mapping", "pareto_selection", {"volumes": [1, 2]}, {}),
    ("pareto: an empty customer key", "pareto_selection", {"volumes": {"": {"express": 1}}}, {}),
    ("pareto: a customer's lines not a mapping", "pareto_selection", {"volumes": {"a": 5}}, {}),
    (
        "pareto: an unknown business line",
        "pareto_selection",
        {"volumes": {"a": {"telegrams": 5}}},
        {},
    ),
    (
        "pareto: a bad volume",
        "pareto_selection",
        {"volumes": {"a": {"express": "-5"}}},
        {},
    ),
    (
        "pareto: always_include a single string",
        "pareto_selection",
        {"volumes": {}, "always_include": "tax-bureau"},
        {},
    ),
    (
        "pareto: always_include with an empty key",
        "pareto_selection",
        {"volumes": {}, "always_include": ["ok", ""]},
        {},
    ),
    (
        "pareto: always_include with a number",
        "pareto_selection",
        {"volumes": {}, "always_include": ["ok", 7]},
        {},
    ),
    # PAY-1..5
    (
        "pay: two collections, numbered from 1",
        "monthly_pay",
        {
            "quality": {"groundwork": "0.9", "service": 1, "feedback": "0.8", "marketing": 1},
            "collections": [
                {"line": "bills", "amount": "1234.50"},
                {"line": "express", "amount": "100.05"},
            ],
            "outstanding_award": 300,
        },
        {},
    ),
    ("pay: no collections", "monthly_pay", {"quality": _Q1, "collections": []}, {}),
    (
        "pay: three bills collections of one long-term project earn one reward (PAY-3)",
        "monthly_pay",
        {
            "quality": _Q1,
            "collections": [
                {"line": "bills", "amount": 10000, "project": "帐单", "collected_on": "2026-03-20"},
                {"line": "bills", "amount": 10000, "project": "帐单", "collected_on": "2026-03-05"},
                {"line": "bills", "amount": 10000, "project": "帐单", "collected_on": "2026-03-12"},
            ],
        },
        {},
    ),
    (
        "pay: a project rewarded in an earlier month earns nothing (PAY-3)",
        "monthly_pay",
        {
            "quality": _Q1,
            "collections": [{"line": "bills", "amount": 10000, "project": "帐单"}],
            "rewarded_projects": ["帐单"],
        },
        {},
    ),
    (
        "pay: quality missing two indicators",
        "monthly_pay",
        {"quality": {"groundwork": 1, "service": 1}, "collections": []},
        {},
    ),
    (
        "pay: quality not a mapping",
        "monthly_pay",
        {"quality": [1, 1, 1, 1], "collections": []},
        {},
    ),
    (
        "pay: a quality above 1",
        "monthly_pay",
        {"quality": {**_Q1, "service": 2}, "collections": []},
        {},
    ),
    ("pay: collections a string", "monthly_pay", {"quality": _Q1, "collections": "bills"}, {}),
    ("pay: collections a number", "monthly_pay", {"quality": _Q1, "collections": 5}, {}),
    (
        "pay: a bad outstanding award",
        "monthly_pay",
        {"quality": _Q1, "collections": [], "outstanding_award": "-1"},
        {},
    ),
    (
        "pay run: two managers under a bureau's own allowance",
        "pay_run",
        {
            "entries": [
                {"manager": "li", "quality": _Q1},
                {
                    "manager": "wang",
                    "quality": {**_Q1, "feedback": "0.5"},
                    "collections": [{"line": "letters", "amount": 1000}],
                    "outstanding_award": 200,
                },
            ],
            "month": "2026-11-30",
        },
        {"pay.allowance.amount": 200},
    ),
    (
        "pay run: a project's first collection is the earliest across managers (PAY-3)",
        "pay_run",
        {
            "entries": [
                {
                    "manager": "li",
                    "quality": _Q1,
                    "collections": [
                        {
                            "line": "bills",
                            "amount": 10000,
                            "project": "门票",
                            "collected_on": "2026-11-20",
                        }
                    ],
                },
                {
                    "manager": "wang",
                    "quality": _Q1,
                    "collections": [
                        {
                            "line": "bills",
                            "amount": 10000,
                            "project": "门票",
                            "collected_on": "2026-11-02",
                        }
                    ],
                },
            ],
            "month": "2026-11-30",
        },
        {},
    ),
    ("pay run: no entries", "pay_run", {"entries": [], "month": "2026-02-01"}, {}),
    ("pay run: month not a date", "pay_run", {"entries": [], "month": "November"}, {}),
    ("pay run: entries a string", "pay_run", {"entries": "li", "month": "2026-11-01"}, {}),
    (
        "pay run: a manager twice",
        "pay_run",
        {
            "entries": [{"manager": "li", "quality": _Q1}, {"manager": "li", "quality": _Q1}],
            "month": "2026-11-01",
        },
        {},
    ),
    (
        "pay run: a bad quality is named by entry and manager",
        "pay_run",
        {
            "entries": [
                {"manager": "li", "quality": _Q1},
                {"manager": "wang", "quality": {**_Q1, "marketing": 2}},
            ],
            "month": "2026-11-01",
        },
        {},
    ),
    # APPR-1..2
    ("appraisal: partial attainment", "appraise_manager", {"attainment": _ATT}, {}),
    (
        "appraisal: an attainment above 1",
        "appraise_manager",
        {"attainment": {**_ATT, "contact": "1.5"}},
        {},
    ),
    (
        "appraisal: a missing item",
        "appraise_manager",
        {"attainment": {k: v for k, v in _ATT.items() if k != "other"}},
        {},
    ),
    (
        "appraisal: an unknown item",
        "appraise_manager",
        {"attainment": {**_ATT, "charm": 1}},
        {},
    ),
    # GRADE
    (
        "grade: a one-fen bureau, a one-fen customer reaches the share band",
        "grade",
        {"annual_revenue": "0.01", "bureau_annual_revenue": "0.01"},
        {},
    ),
    (
        "grade: a one-fen bureau, a zero customer does not",
        "grade",
        {"annual_revenue": 0, "bureau_annual_revenue": "0.01"},
        {},
    ),
    (
        "grade: a bureau revenue that is a list",
        "grade",
        {"annual_revenue": 0, "bureau_annual_revenue": [1]},
        {},
    ),
    (
        "grade: a revenue at the money limit",
        "grade",
        {"annual_revenue": 1_000_000_000_000_000, "bureau_annual_revenue": 1},
        {},
    ),
    # QUAL-3: a line with business last year only, where the policy asks nothing this month
    (
        "qualify: express last year only, with no monthly threshold",
        "qualify",
        {"customer": {"name": "A", "last_year_revenue": {"express": 20000}}},
        {"qualification.lines.express.current_month": 0},
    ),
]

"""Calls for tests/cases/snapshots.toml: qualification, grading, responsibility, customer IDs,
evaluation and the other core rules (RULEBOOK.md §2–§5, §7).

Read by scripts/snapshots.py (its ``FAMILIES`` registry), which runs each call and writes
the case file.
"""

from __future__ import annotations

from typing import Any

_ID = "44050700012000"


_EXPRESS = {"last_year_revenue": {"express": 20000}, "current_month_revenue": {"express": 2000}}


# (name, function, inputs, policy_changes)
CALLS: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    # qualification (QUAL-1..5)
    ("qualify: agreement only", "qualify", {"customer": {"name": "A", "has_agreement": True}}, {}),
    ("qualify: express on both bounds", "qualify", {"customer": {"name": "A", **_EXPRESS}}, {}),
    (
        "qualify: a line with business this month only is compared, not skipped",
        "qualify",
        {"customer": {"name": "A", "current_month_revenue": {"express": 500}}},
        {},
    ),
    (
        "qualify: a line with business last year only is compared",
        "qualify",
        {"customer": {"name": "A", "last_year_revenue": {"bills": "49999.99"}}},
        {},
    ),
    (
        "qualify: newspapers on turnover (QUAL-4), met",
        "qualify",
        {
            "customer": {
                "name": "A",
                "newspaper_turnover_last_year": 20000,
                "newspaper_turnover_current_month": 2000,
            }
        },
        {},
    ),
    (
        "qualify: newspapers on turnover, not met",
        "qualify",
        {"customer": {"name": "A", "newspaper_turnover_last_year": 30000}},
        {},
    ),
    (
        "qualify: every criterion",
        "qualify",
        {
            "customer": {
                "name": "A",
                "has_agreement": True,
                "last_year_revenue": {"bills": 50000, "letters": 12000},
                "current_month_revenue": {"bills": 5000, "letters": 999},
            }
        },
        {},
    ),
    (
        "qualify: under a policy with a lower express threshold",
        "qualify",
        {"customer": {"name": "A", **_EXPRESS}},
        {
            "qualification.lines.express.last_year": 30000,
            "qualification.comprehensive.last_year": 30000,
        },
    ),
    ("qualify: not a customer", "qualify", {"customer": "A"}, {}),
    (
        "QUAL-5 monthly newspaper revenue",
        "newspaper_monthly_revenue",
        {"annual_turnover": 240000, "average_fee_rate": "0.25", "other_income": 100},
        {},
    ),
    (
        "QUAL-5 with the default other income",
        "newspaper_monthly_revenue",
        {"annual_turnover": 120000, "average_fee_rate": "0.1"},
        {},
    ),
    (
        "QUAL-5 rejects a bad turnover",
        "newspaper_monthly_revenue",
        {"annual_turnover": "-1", "average_fee_rate": "0.1"},
        {},
    ),
    (
        "QUAL-5 rejects a bad rate",
        "newspaper_monthly_revenue",
        {"annual_turnover": 1, "average_fee_rate": "2"},
        {},
    ),
    (
        "QUAL-5 rejects a bad other income",
        "newspaper_monthly_revenue",
        {"annual_turnover": 1, "average_fee_rate": "0.5", "other_income": "x"},
        {},
    ),
    # grading (GRADE-1..6)
    (
        "grade: top bands",
        "grade",
        {"annual_revenue": 1_500_000, "bureau_annual_revenue": 500_000_000},
        {},
    ),
    (
        "grade: middle bands",
        "grade",
        {"annual_revenue": "999999.99", "bureau_annual_revenue": 1_000_000_000},
        {},
    ),
    (
        "grade: below every band",
        "grade",
        {"annual_revenue": "99999.99", "bureau_annual_revenue": 10_000_000_000},
        {},
    ),
    (
        "grade: approval",
        "grade",
        {
            "annual_revenue": 50_000,
            "bureau_annual_revenue": 1_000_000_000,
            "special_diamond_approval": True,
        },
        {},
    ),
    (
        "grade: approval of a diamond",
        "grade",
        {
            "annual_revenue": 1_500_000,
            "bureau_annual_revenue": 100_000_000,
            "special_diamond_approval": True,
        },
        {},
    ),
    (
        "grade: under a variant with credit weighted and other bands",
        "grade",
        {"annual_revenue": 1_000_000, "bureau_annual_revenue": 1_000_000_000},
        {
            "grading.weights.revenue": "0.5",
            "grading.weights.credit": "0.1",
            "grading.credit_points": 50,
            "grading.revenue.bands.1.min": 900_000,
        },
    ),
    ("grade: bureau 0", "grade", {"annual_revenue": 1, "bureau_annual_revenue": 0}, {}),
    (
        "grade: revenue above the bureau's",
        "grade",
        {"annual_revenue": "1000000.01", "bureau_annual_revenue": 1_000_000},
        {},
    ),
    ("grade: bad revenue", "grade", {"annual_revenue": "x", "bureau_annual_revenue": 1}, {}),
    ("grade: bad bureau revenue", "grade", {"annual_revenue": 1, "bureau_annual_revenue": "x"}, {}),
    (
        "grade: approval not a bool",
        "grade",
        {"annual_revenue": 1, "bureau_annual_revenue": 1, "special_diamond_approval": "yes"},
        {},
    ),
    (
        "grade: policy not a Policy",
        "grade",
        {"annual_revenue": 1, "bureau_annual_revenue": 1, "policy": "rulebook"},
        {},
    ),
    # customer IDs (ID-1..5)
    ("CustomerId.parse: headquarters", "CustomerId.parse", {"text": _ID}, {}),
    ("CustomerId.parse: a branch", "CustomerId.parse", {"text": "44050700012007"}, {}),
    ("CustomerId.parse: not a string", "CustomerId.parse", {"text": 44050700012000}, {}),
    ("CustomerId.parse: 13 digits", "CustomerId.parse", {"text": "4405070001200"}, {}),
    ("CustomerId.parse: sequence 0", "CustomerId.parse", {"text": "44050700000000"}, {}),
    ("CustomerId.parse: province 10", "CustomerId.parse", {"text": "10050700012000"}, {}),
    (
        "CustomerId.parse: province 66 allowed by a variant",
        "CustomerId.parse",
        {"text": "66050700012000"},
        {"customer_id.province_codes.0": "66"},
    ),
    ("CustomerId: division too short", "CustomerId", {"division": "44050", "sequence": 1}, {}),
    ("CustomerId: division not digits", "CustomerId", {"division": "44050x", "sequence": 1}, {}),
    ("CustomerId: division not a string", "CustomerId", {"division": 440507, "sequence": 1}, {}),
    (
        "CustomerId: branch 1000",
        "CustomerId",
        {"division": "440507", "sequence": 1, "branch": 1000},
        {},
    ),
    (
        "CustomerId: branch -1",
        "CustomerId",
        {"division": "440507", "sequence": 1, "branch": -1},
        {},
    ),
    ("CustomerId: sequence True", "CustomerId", {"division": "440507", "sequence": True}, {}),
    ("CustomerId: sequence 100000", "CustomerId", {"division": "440507", "sequence": 100000}, {}),
    ("CustomerId: default branch", "CustomerId", {"division": "440507", "sequence": 99999}, {}),
    (
        "CustomerId: under a variant layout",
        "CustomerId",
        {"division": "440507", "sequence": 7, "branch": 7},
        {"customer_id.branch_digits": 4},
    ),
    (
        "next_customer_id: one past the highest",
        "next_customer_id",
        {"division": "440507", "existing": ["44050700003000", "44050700009001", "44060100099000"]},
        {},
    ),
    (
        "next_customer_id: past sequence 00050 (the limit is 10 to the 5th, not 10 × 5)",
        "next_customer_id",
        {"division": "440507", "existing": ["44050700050000"]},
        {},
    ),
    (
        "next_branch_id: past branch 030 (the limit is 10 cubed, not 10 × 3)",
        "next_branch_id",
        {"headquarters": _ID, "existing": ["44050700012030"]},
        {},
    ),
    (
        "responsible_unit: delegating a silver customer where two tiers are delegable",
        "responsible_unit",
        {"tier": "silver", "scope": "regional", "delegated_to": "city_center"},
        {"responsibility.delegable_tiers": ["diamond", "gold"]},
    ),
    (
        "next_customer_id: bad division",
        "next_customer_id",
        {"division": "4405", "existing": []},
        {},
    ),
    (
        "next_customer_id: exhausted",
        "next_customer_id",
        {"division": "440507", "existing": ["44050799999000"]},
        {},
    ),
    (
        "next_customer_id: not a list",
        "next_customer_id",
        {"division": "440507", "existing": _ID},
        {},
    ),
    (
        "next_customer_id: under a variant layout",
        "next_customer_id",
        {"division": "440507", "existing": ["440507000120000"]},
        {"customer_id.branch_digits": 4},
    ),
    (
        "next_customer_id: a bad existing ID",
        "next_customer_id",
        {"division": "440507", "existing": ["x"]},
        {},
    ),
    (
        "next_branch_id: one past the highest",
        "next_branch_id",
        {
            "headquarters": _ID,
            "existing": ["44050700012001", "44050700012003", "44050700013009", "44060700012009"],
        },
        {},
    ),
    ("next_branch_id: first branch", "next_branch_id", {"headquarters": _ID, "existing": []}, {}),
    (
        "next_branch_id: under a branch",
        "next_branch_id",
        {"headquarters": "44050700012001", "existing": []},
        {},
    ),
    (
        "next_branch_id: exhausted",
        "next_branch_id",
        {"headquarters": _ID, "existing": ["44050700012999"]},
        {},
    ),
    (
        "next_branch_id: bad headquarters",
        "next_branch_id",
        {"headquarters": "x", "existing": []},
        {},
    ),
    (
        "next_branch_id: under a variant layout",
        "next_branch_id",
        {"headquarters": "440507000120000", "existing": ["440507000120009"]},
        {"customer_id.branch_digits": 4},
    ),
    ("Customer with an ID", "Customer", {"name": "A", "customer_id": _ID}, {}),
    ("Customer with a bad ID", "Customer", {"name": "A", "customer_id": "44050700000000"}, {}),
    ("Customer with an ID that is not a string", "Customer", {"name": "A", "customer_id": 5}, {}),
    # responsibility (RESP-1..2)
    (
        "responsible_unit: delegated",
        "responsible_unit",
        {
            "tier": "diamond",
            "scope": "comprehensive",
            "delegated_to": "provincial_professional_company",
            "specialised": True,
        },
        {},
    ),
    ("responsible_unit: gap cell", "responsible_unit", {"tier": "silver", "scope": "regional"}, {}),
    (
        "responsible_unit: plain cell",
        "responsible_unit",
        {"tier": "gold", "scope": "professional"},
        {},
    ),
    (
        "responsible_unit: delegating a gold customer",
        "responsible_unit",
        {"tier": "gold", "scope": "regional", "delegated_to": "city_center"},
        {},
    ),
    (
        "responsible_unit: delegating to a branch office",
        "responsible_unit",
        {
            "tier": "diamond",
            "scope": "regional",
            "delegated_to": "branch_office",
            "specialised": True,
        },
        {},
    ),
    (
        "responsible_unit: delegating to an unknown unit",
        "responsible_unit",
        {"tier": "diamond", "scope": "regional", "delegated_to": 5},
        {},
    ),
    ("responsible_unit: unknown tier", "responsible_unit", {"tier": "x", "scope": "regional"}, {}),
    ("responsible_unit: unknown scope", "responsible_unit", {"tier": "gold", "scope": 7}, {}),
    (
        "responsible_unit: under a variant table",
        "responsible_unit",
        {"tier": "gold", "scope": "regional", "delegated_to": "county_center", "specialised": True},
        {
            "responsibility.table.gold.regional": "branch_office",
            "responsibility.delegable_tiers": ["gold"],
            "responsibility.delegates": ["county_center"],
        },
    ),
    # visits (VISIT-1..2)
    (
        "visit_requirement: gap cell",
        "visit_requirement",
        {"tier": "diamond", "scope": "professional"},
        {},
    ),
    (
        "visit_requirement: plain cell",
        "visit_requirement",
        {"tier": "gold", "scope": "regional"},
        {},
    ),
    (
        "visit_requirement: under a variant",
        "visit_requirement",
        {"tier": "gold", "scope": "regional"},
        {"visits.contacts_per_month.gold.regional": 3, "visits.leadership.max_per_year": 4},
    ),
    (
        "visit_requirement: unknown tier",
        "visit_requirement",
        {"tier": "x", "scope": "regional"},
        {},
    ),
    ("visit_requirement: unknown scope", "visit_requirement", {"tier": "gold", "scope": "x"}, {}),
]

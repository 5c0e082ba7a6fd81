"""The public API matches API.md, and the JSON Schemas of records and results build."""

from __future__ import annotations

import datetime as dt
import json
import re

import pydantic
import pytest

import keyaccount_rules as kr
from tests.conftest import SHARED

#: API.md names that issue 2 (the core customer rules) delivers.
ISSUE_2_NAMES = frozenset(
    {
        # vocabulary
        "BusinessLine",
        "Tier",
        "Scope",
        "Unit",
        "Criterion",
        # policy
        "Policy",
        "default_policy",
        "load_policy",
        # records
        "Customer",
        # rules
        "qualify",
        "grade",
        "responsible_unit",
        "visit_requirement",
        "CustomerId",
        "evaluate",
        # portfolios (the CLI's reader, delivered with the core)
        "read_portfolio",
        "evaluate_portfolio",
    }
)
#: API.md names delivered by the later issues (schedules, people, portfolios).
LATER_ISSUE_NAMES = frozenset(
    {
        "archive_status",
        "visit_compliance",
        "fluctuation",
        "provincial_filing",
        "core_accounts",
        "appraise_manager",
        "AppraisalItem",
        "monthly_pay",
        "PayIndicator",
        "Collection",
        "grade_many",
    }
)
#: Names API.md describes without a ``kr.`` prefix: explanations and the result models.
UNPREFIXED_NAMES = frozenset(
    {
        "Explanation",
        "Step",
        "Qualification",
        "Grading",
        "Assignment",
        "VisitRequirement",
        "Evaluation",
    }
)

RESULT_MODELS = [
    kr.Qualification,
    kr.Grading,
    kr.Assignment,
    kr.VisitRequirement,
    kr.Evaluation,
    kr.Explanation,
]


def api_names() -> set[str]:
    text = (SHARED / "API.md").read_text(encoding="utf-8")
    return set(re.findall(r"`kr\.([A-Za-z_][A-Za-z0-9_]*)", text))


def test_api_md_names_are_all_accounted_for() -> None:
    names = api_names()
    assert names, "API.md lists no kr. names: is SHARED right?"
    assert names == ISSUE_2_NAMES | LATER_ISSUE_NAMES
    assert not ISSUE_2_NAMES & LATER_ISSUE_NAMES


@pytest.mark.parametrize("name", sorted(api_names()))
def test_every_name_api_md_promises_is_exported(name: str) -> None:
    assert name in kr.__all__
    assert getattr(kr, name) is not None


@pytest.mark.parametrize("name", sorted(ISSUE_2_NAMES | UNPREFIXED_NAMES))
def test_every_issue_2_name_is_public(name: str) -> None:
    assert name in kr.__all__
    assert getattr(kr, name) is not None


def test_all_has_no_duplicates_and_every_entry_imports() -> None:
    assert len(kr.__all__) == len(set(kr.__all__))
    missing = [name for name in kr.__all__ if not hasattr(kr, name)]
    assert missing == []


def test_explanations_have_rule_text_and_chinese_text() -> None:
    step = kr.grade(1, 10).explanation[0]
    assert (step.rule, bool(step.text), bool(step.text_zh)) == ("GRADE-1", True, True)


@pytest.mark.parametrize("mode", ["validation", "serialization"])
@pytest.mark.parametrize("model", [kr.Customer, *RESULT_MODELS], ids=lambda m: m.__name__)
def test_json_schemas_build(model: type[pydantic.BaseModel], mode: str) -> None:
    schema = model.model_json_schema(mode=mode)  # type: ignore[arg-type]
    json.dumps(schema)
    assert schema["type"] == "object"
    assert schema["properties"]


def test_the_grading_serialisation_schema_includes_the_explanation() -> None:
    assert "explanation" in kr.Grading.model_json_schema(mode="serialization")["properties"]


@pytest.mark.parametrize("mode", ["validation", "serialization"])
def test_the_customer_schema_forbids_unknown_properties(mode: str) -> None:
    schema = kr.Customer.model_json_schema(mode=mode)  # type: ignore[arg-type]
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name"]


def test_the_customer_schema_rejects_an_instance_with_an_unknown_property() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = kr.Customer.model_json_schema()
    jsonschema.validate({"name": "A", "customer_id": "44050700012000"}, schema)
    with pytest.raises(jsonschema.ValidationError, match="revenue"):
        jsonschema.validate({"name": "A", "revenue": "5"}, schema)


def test_an_evaluation_dump_matches_its_serialisation_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    customer = kr.Customer(
        name="汕头某公司",
        customer_id="44050700012000",
        last_year_revenue={"express": 1_200_000},
        current_month_revenue={"express": 110_000},
    )
    result = kr.evaluate(customer, bureau_annual_revenue=10**9, as_of=dt.date(2026, 11, 23))
    schema = kr.Evaluation.model_json_schema(mode="serialization")
    jsonschema.validate(json.loads(result.model_dump_json()), schema)

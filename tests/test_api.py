"""The public API matches docs/api.md, and the JSON Schemas of records and results build.

docs/api.md is the project's own reference of every public name it promises, one bullet per
name (`` `kr.name` `` for the package's names, a bare `` `Name` `` for the result models and
explanations it describes). It replaces the maintainers' API.md, which a clone does not carry.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pydantic
import pytest

import keyaccount_rules as kr
from tests.conftest import API_MD

#: docs/api.md names that issue 2 (the core customer rules) delivers.
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
#: docs/api.md names delivered by the later issues (schedules, people, portfolios).
LATER_ISSUE_NAMES = frozenset(
    {
        # issue 11: the editions
        "edition",
        "editions",
        "classify_levels",
        "level_plan",
        "level_duties",
        "MissingSectionError",
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
        "Level",
        # the monthly cycle (issue 12)
        "agenda",
        "monthly_report",
        "iter_agenda",
        "read_activity",
        # real files in (issue 10), comparisons (issue 5)
        "read_rows",
        # one evaluator for many rows (issue 9's CLI speed)
        "Evaluator",
        "compare",
    }
)
#: Names docs/api.md describes without a ``kr.`` prefix: explanations and the result models.
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
#: Result models of the later issues, also described without a prefix.
LATER_UNPREFIXED_NAMES = frozenset(
    {
        "ArchiveStatus",
        "VisitCompliance",
        "Fluctuation",
        "Appraisal",
        "Payslip",
        "GradeTable",
        "Agenda",
        "MonthlyReport",
        "Outcome",
    }
)
#: Promised but not built: the names of the open issues 11 and 12 (the editions of RULEBOOK §0
#: with the ``liangshan`` levels, and the monthly cycle). STRICT: each must still be absent from
#: the package; whoever builds one removes it from here, and the export test then covers it.
PENDING_NAMES: frozenset[str] = frozenset()
#: The result models of those pending functions (described without a prefix).
PENDING_RESULT_NAMES: frozenset[str] = frozenset()
PENDING = PENDING_NAMES | PENDING_RESULT_NAMES

RESULT_MODELS = [
    kr.Qualification,
    kr.Grading,
    kr.Assignment,
    kr.VisitRequirement,
    kr.Evaluation,
    kr.Explanation,
]

#: A bullet of docs/api.md: ``- `kr.name…`` or ``- `Name…``; the name is what follows the prefix.
BULLET = re.compile(r"^- `(kr\.)?([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


def documented() -> list[tuple[bool, str]]:
    """(prefixed, name) for every bullet of docs/api.md, in order, repeats kept."""
    text = API_MD.read_text(encoding="utf-8")
    return [(bool(prefix), name) for prefix, name in BULLET.findall(text)]


def api_names() -> set[str]:
    """The ``kr.`` names docs/api.md promises."""
    return {name for prefixed, name in documented() if prefixed}


def unprefixed_names() -> set[str]:
    """The result and explanation names docs/api.md describes without the prefix."""
    return {name for prefixed, name in documented() if not prefixed}


def test_api_md_names_are_all_accounted_for() -> None:
    names = api_names()
    assert names, "docs/api.md lists no kr. names"
    assert names == ISSUE_2_NAMES | LATER_ISSUE_NAMES | PENDING_NAMES
    assert not ISSUE_2_NAMES & LATER_ISSUE_NAMES
    assert unprefixed_names() == UNPREFIXED_NAMES | LATER_UNPREFIXED_NAMES | PENDING_RESULT_NAMES


def test_api_md_lists_each_name_once_in_the_groups_of_the_contract() -> None:
    names = [name for _prefixed, name in documented()]
    assert sorted({n for n in names if names.count(n) > 1}) == []
    groups = re.findall(r"^## (.+)$", API_MD.read_text(encoding="utf-8"), re.MULTILINE)
    assert groups == [
        "Vocabulary",
        "Policy",
        "Records",
        "Rules",
        "Portfolios",
        "The monthly cycle",
        "Explanations",
    ]


@pytest.mark.parametrize("name", sorted((api_names() | unprefixed_names()) - PENDING))
def test_every_name_api_md_promises_is_exported(name: str) -> None:
    assert name in kr.__all__
    assert getattr(kr, name) is not None


@pytest.mark.parametrize("name", sorted(PENDING))
def test_pending_names_are_not_built_yet(name: str) -> None:
    # Built? Remove it from PENDING_NAMES (or PENDING_RESULT_NAMES): the export test then
    # covers it like every other promised name.
    assert name not in kr.__all__
    assert not hasattr(kr, name)


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


def test_the_package_version_is_the_project_version() -> None:
    import tomllib

    from tests.conftest import PROJECT

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert kr.__version__ == project["project"]["version"]

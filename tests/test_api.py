"""The public face: ``__all__`` by task, ``keyaccount_rules.results``, and docs/api.md in step.

docs/api.md is the project's reference of every public name, the counterpart of the API
contract the maintainers keep (a clone does not carry it: the names it promises are copied
below). Its first seven sections are ``kr.__all__``, group by group; then come the result
types, the names also importable from the package, and the promised names not built yet.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import importlib
import inspect
import json
import pkgutil
import re
import types
import typing
import warnings
from typing import Any

import pydantic
import pytest

import keyaccount_rules as kr
from keyaccount_rules import results
from tests.conftest import API_MD, PROJECT

#: The tasks of the face, in order: the group comments of ``__all__`` and docs/api.md's first
#: seven sections.
TASKS = [
    "records and vocabulary",
    "policy",
    "one customer",
    "many customers",
    "the month",
    "rule functions",
    "errors",
]
MAX_FACE = 70

#: Every name the API contract promises importable from the package (``kr.<name>``),
#: whether in ``__all__`` or not. Each must import without a warning.
PROMISED_NAMES = frozenset(
    {
        # vocabulary
        "BusinessLine",
        "Tier",
        "Scope",
        "Unit",
        "Level",
        "Criterion",
        "AppraisalItem",
        "PayIndicator",
        # policy
        "Policy",
        "default_policy",
        "load_policy",
        "edition",
        "editions",
        "MissingSectionError",
        # records
        "Customer",
        "Collection",
        "CustomerId",
        # rules
        "qualify",
        "grade",
        "responsible_unit",
        "archive_status",
        "visit_requirement",
        "visit_compliance",
        "fluctuation",
        "provincial_filing",
        "classify_levels",
        "level_plan",
        "level_duties",
        "core_accounts",
        "appraise_manager",
        "monthly_pay",
        "evaluate",
        # many customers
        "read_portfolio",
        "read_rows",
        "evaluate_portfolio",
        "Evaluator",
        "grade_many",
        "compare",
        # the month
        "agenda",
        "iter_agenda",
        "monthly_report",
        "read_activity",
    }
)
#: The result types the contract describes: in ``keyaccount_rules.results`` and importable
#: from the package as well.
PROMISED_RESULTS = frozenset(
    {
        "Explanation",
        "Step",
        "Qualification",
        "Grading",
        "Assignment",
        "VisitRequirement",
        "Evaluation",
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
#: Promised by the contract, not built: each must still be absent from the package; whoever
#: builds one moves it out of this set and of docs/api.md's "Not built yet" into its group.
NOT_BUILT = frozenset(
    {
        "evaluate_columns",
        "explain_change",
        "estimate_pay",
        "dispute",
        "EvaluationTable",
        "Change",
        "Cause",
    }
)

# ---------------------------------------------------------------- reading the two sources

#: A bullet of docs/api.md: ``- `kr.name…` …`` or ``- `Name…` …``.
BULLET = re.compile(r"^- `(kr\.)?([A-Za-z_][A-Za-z0-9_]*)([^`]*)`(.*)$")


def sections() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """docs/api.md as (heading, [(name, what follows the name in its code span, the rest)])."""
    found: list[tuple[str, list[tuple[str, str, str]]]] = []
    for line in API_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            found.append((line[3:].strip(), []))
        elif (bullet := BULLET.match(line)) and found:
            _prefix, name, code, rest = bullet.groups()
            found[-1][1].append((name, code, rest))
    return found


def section(heading: str) -> list[tuple[str, str, str]]:
    return dict(sections())[heading]


def face_groups() -> list[tuple[str, list[str]]]:
    """``__all__`` as written in ``__init__.py``: each group comment (up to its colon) with the
    names under it, in order."""
    source = (PROJECT / "src" / "keyaccount_rules" / "__init__.py").read_text(encoding="utf-8")
    body = source.split("\n__all__ = [\n", 1)[1].split("\n]\n", 1)[0]
    groups: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        text = line.strip()
        if text.startswith("#"):
            groups.append((text.lstrip("# ").split(":")[0], []))
        elif text:
            groups[-1][1].append(ast.literal_eval(text.rstrip(",")))
    return groups


def public_names() -> set[str]:
    """Every public attribute of the package that is not a module."""
    return {
        name
        for name, value in vars(kr).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }


def importable_without_warning(name: str) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return getattr(kr, name)


# ---------------------------------------------------------------- the face


def test_the_face_has_at_most_seventy_names_each_once() -> None:
    assert len(kr.__all__) <= MAX_FACE
    assert len(kr.__all__) == len(set(kr.__all__))
    assert [name for name in kr.__all__ if not hasattr(kr, name)] == []


def test_the_face_is_grouped_by_task_in_order() -> None:
    groups = face_groups()
    assert [task for task, _names in groups] == TASKS
    assert [name for _task, names in groups for name in names] == kr.__all__


def test_docs_api_lists_the_face_group_by_group_in_the_same_order() -> None:
    documented = [
        (heading.lower(), [name for name, _code, _rest in lines])
        for heading, lines in sections()[: len(TASKS)]
    ]
    assert documented == face_groups()


def test_the_face_holds_no_result_type() -> None:
    assert sorted(set(kr.__all__) & set(results.__all__)) == []


def test_the_errors_group_is_every_public_error_and_nothing_else() -> None:
    errors = dict(face_groups())["errors"]
    raised = sorted(
        name
        for name in public_names()
        if isinstance(value := getattr(kr, name), type) and issubclass(value, BaseException)
    )
    assert sorted(errors) == raised


# ---------------------------------------------------------------- the contract's names


@pytest.mark.parametrize("name", sorted(PROMISED_NAMES | PROMISED_RESULTS))
def test_every_name_the_contract_promises_imports_from_the_package_without_a_warning(
    name: str,
) -> None:
    assert importable_without_warning(name) is not None


@pytest.mark.parametrize("name", sorted(PROMISED_RESULTS))
def test_every_result_type_the_contract_describes_is_in_results(name: str) -> None:
    assert name in results.__all__
    assert getattr(results, name) is getattr(kr, name)


def test_every_name_the_contract_promises_is_documented() -> None:
    documented = {name for _heading, lines in sections() for name, _c, _r in lines}
    assert sorted((PROMISED_NAMES | PROMISED_RESULTS) - documented) == []


@pytest.mark.parametrize("name", sorted(NOT_BUILT))
def test_a_promised_name_not_built_yet_is_absent_and_listed_as_such(name: str) -> None:
    # Built? Take it out of NOT_BUILT and docs/api.md's "Not built yet", into its group.
    assert not hasattr(kr, name)
    assert not hasattr(results, name)
    assert name in {line[0] for line in section("Not built yet")}


def test_the_not_built_section_lists_exactly_the_names_not_built() -> None:
    assert {name for name, _c, _r in section("Not built yet")} == NOT_BUILT


# ---------------------------------------------------------------- results


def _package_modules() -> list[types.ModuleType]:
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(kr.__path__, "keyaccount_rules.")
        if not info.name.endswith("__main__")  # running it is the command line
    ]


def _defined_results() -> set[type]:
    return {
        value
        for module in _package_modules()
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, kr.Result)
        and value.__module__ == module.__name__
    }


def test_results_holds_every_result_type_the_package_defines() -> None:
    defined = _defined_results()
    assert kr.Grading in defined  # the walk reaches the rule modules
    held = {getattr(results, name) for name in results.__all__}
    assert sorted(_qualified(t) for t in defined - held) == []


def _qualified(value: type) -> str:
    return f"{value.__module__}.{value.__qualname__}"


def _held_types(annotation: Any, into: set[type]) -> None:
    """The library's record types an annotation reaches (through tuples, mappings, unions)."""
    for argument in typing.get_args(annotation):
        _held_types(argument, into)
    if (
        isinstance(annotation, type)
        and annotation.__module__.startswith("keyaccount_rules.")
        and not issubclass(annotation, enum.Enum)
        and annotation not in into
    ):
        into.add(annotation)
        if issubclass(annotation, pydantic.BaseModel):
            for field in annotation.model_fields.values():
                _held_types(field.annotation, into)
        elif issubclass(annotation, tuple) and hasattr(annotation, "_fields"):
            for hint in typing.get_type_hints(annotation).values():
                _held_types(hint, into)


def test_every_record_a_result_holds_is_in_results_or_in_the_face() -> None:
    held: set[type] = set()
    for name in results.__all__:
        _held_types(getattr(results, name), held)
    named = {getattr(results, name) for name in results.__all__} | {
        getattr(kr, name) for name in kr.__all__
    }
    assert sorted(_qualified(t) for t in held - named) == []


def test_results_names_are_the_package_s_own_objects() -> None:
    assert len(results.__all__) == len(set(results.__all__))
    assert [
        name for name in results.__all__ if getattr(kr, name) is not getattr(results, name)
    ] == []


def test_docs_api_lists_every_result_type_once() -> None:
    documented = [name for name, _c, _r in section("Results")]
    assert sorted(documented) == sorted(results.__all__)
    assert len(documented) == len(set(documented))


def _fields(value: Any) -> set[str]:
    names = set(dir(value))
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        names |= set(value.model_fields)
    return names


@pytest.mark.parametrize("name", results.__all__)
def test_every_field_docs_api_names_on_a_result_exists(name: str) -> None:
    [(_name, _code, text)] = [line for line in section("Results") if line[0] == name]
    named = set(re.findall(r"`\.([a-z_][a-z0-9_]*)", text))
    assert sorted(named - _fields(getattr(results, name))) == []


# ---------------------------------------------------------------- also importable


def test_docs_api_lists_every_other_public_name_under_also_importable() -> None:
    also = [name for name, _c, _r in section("Also importable")]
    assert len(also) == len(set(also))
    assert sorted(also) == sorted(public_names() - set(kr.__all__) - set(results.__all__))


@pytest.mark.parametrize("name", sorted(public_names() - set(kr.__all__)))
def test_a_name_outside_the_face_imports_without_a_warning(name: str) -> None:
    assert importable_without_warning(name) is getattr(kr, name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        kr.no_such_name  # type: ignore[attr-defined]  # noqa: B018


# ---------------------------------------------------------------- signatures and members


def _documented_lines() -> list[tuple[str, str, str]]:
    wanted = [*TASKS, "also importable"]
    return [line for heading, lines in sections() if heading.lower() in wanted for line in lines]


def _parameters(code: str) -> list[str]:
    """The parameter names of a documented signature ``(a, b=1, *, c=None) -> T``."""
    inside = code[1 : code.rfind(")")] if code.startswith("(") else ""
    names, depth, current = [], 0, ""
    for char in inside + ",":
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            names.append(current.split("=")[0].strip().lstrip("*"))
            current = ""
        else:
            current += char
    return [name for name in names if name and name != "/"]


SIGNED = [(name, code) for name, code, _rest in _documented_lines() if code.startswith("(")]


@pytest.mark.parametrize(("name", "code"), SIGNED, ids=[name for name, _code in SIGNED])
def test_every_documented_signature_names_real_parameters_and_every_required_one(
    name: str, code: str
) -> None:
    signature = inspect.signature(getattr(kr, name))
    parameters = signature.parameters
    documented = _parameters(code)
    takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    if not takes_any:
        assert sorted(set(documented) - set(parameters)) == []
    required = [
        p.name
        for p in parameters.values()
        if p.default is p.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    assert sorted(set(required) - set(documented)) == []


ENUMS = [
    (name, rest)
    for name, _code, rest in _documented_lines()
    if isinstance(getattr(kr, name), enum.EnumMeta)
]


@pytest.mark.parametrize(("name", "text"), ENUMS, ids=[name for name, _text in ENUMS])
def test_every_documented_enum_lists_all_its_members(name: str, text: str) -> None:
    listed = re.findall(r"\b[A-Z][A-Z_]+\b", text)
    members = [member.name for member in getattr(kr, name)]
    assert [member for member in members if member not in listed] == []


# ---------------------------------------------------------------- schemas and the version

MODELS = [kr.Customer, kr.Qualification, kr.Grading, kr.Assignment, kr.VisitRequirement]
MODELS += [kr.Evaluation, kr.Explanation]


@pytest.mark.parametrize("mode", ["validation", "serialization"])
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_json_schemas_build(model: type[pydantic.BaseModel], mode: str) -> None:
    schema = model.model_json_schema(mode=mode)  # type: ignore[arg-type]
    json.dumps(schema)
    assert schema["type"] == "object"
    assert schema["properties"]


def test_explanations_have_rule_text_and_chinese_text() -> None:
    step = kr.grade(1, 10).explanation[0]
    assert (step.rule, bool(step.text), bool(step.text_zh)) == ("GRADE-1", True, True)


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


def test_the_amount_schema_pattern_accepts_only_ascii_digits() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = kr.Customer.model_json_schema(mode="serialization")
    amount = schema["properties"]["newspaper_turnover_last_year"]
    jsonschema.validate("12345.00", amount)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("１２３４５.00", amount)


def test_the_package_version_is_the_project_version() -> None:
    import tomllib

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert kr.__version__ == project["project"]["version"]

"""The contract every public result type passes (python-holidays' CommonCountryTests idea).

"Public" is every pydantic model reachable from ``keyaccount_rules.__all__`` (and from
``keyaccount_rules.results`` when that module exists): the exported classes and, through their
fields, every model they hold. Each is built for real by ``samples.py`` under the rulebook's
policy and under a variant, and every model inside a sample must be:

- frozen all the way down: a frozen model holding only tuples, frozensets, read-only mappings
  and other frozen models — no ``dict``, ``list``, ``set`` or ``bytearray`` anywhere;
- closed: a key it does not know is refused, from Python data and from JSON;
- exact in JSON: ``model_validate_json(model_dump_json())`` equals it and writes the same bytes
  again, explaining itself in the same words in both languages;
- the same JSON bytes under any hash seed (all samples in one fresh interpreter per seed);
- stamped with the fingerprint of the policy that decided it (every :class:`kr.Result`);
- explained only by rules of its own family (:data:`FAMILIES`).

A new public model fails here until it has a sample and, if it explains itself, a family.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib
import json
import os
import re
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

import keyaccount_rules as kr
from keyaccount_rules.core.explanation import to_json_data
from keyaccount_rules.core.frozen import FrozenDict
from tests.conftest import PROJECT
from tests.contract.samples import POLICIES, SAMPLES, VARIANT, every_json

#: The rule families each explained model may cite: a family is a rule ID's prefix (GRADE for
#: GRADE-1..6). A gap decision (G-n, RULEBOOK §16) belongs to the families in :data:`GAPS`.
MONTH = frozenset(
    {"VISIT", "ARCH", "LOG", "FLUX", "FILE", "APPR", "CAL", "REPORT", "ANALYSE", "LEVEL", "EDITION"}
)
DEVELOPMENT = frozenset({"DEV"})
FAMILIES: dict[str, frozenset[str]] = {
    "Qualification": frozenset({"QUAL"}),
    "Grading": frozenset({"GRADE"}),
    "Assignment": frozenset({"RESP"}),
    "VisitRequirement": frozenset({"VISIT"}),
    "VisitCompliance": frozenset({"VISIT"}),
    "VisitYear": frozenset({"VISIT"}),
    "Evaluation": frozenset({"QUAL", "GRADE", "RESP", "VISIT", "ARCH", "LEVEL", "EDITION"}),
    "WhatItTakes": frozenset({"QUAL", "GRADE"}),
    "ArchiveStatus": frozenset({"ARCH"}),
    "Fluctuation": frozenset({"FLUX"}),
    "KeyCustomerList": frozenset({"REPORT"}),
    "FilingList": frozenset({"FILE"}),
    "WorkCalendar": frozenset({"CAL", "REPORT", "ANALYSE", "LOG"}),  # LOG-2's roll-up
    "LogCheck": frozenset({"LOG"}),
    "LevelPlan": frozenset({"LEVEL", "VISIT", "APPR", "CAL", "EDITION"}),
    "LevelDuties": frozenset({"LEVEL", "VISIT", "APPR", "CAL", "EDITION"}),
    "MonthDuties": MONTH,
    "MonthDuty": MONTH,
    "Agenda": MONTH,
    "AgendaItem": MONTH | {"RESP"},
    "MonthlyReport": frozenset({"REPORT", "FLUX", "FILE", "LEVEL", "EDITION"}),
    "FluxRow": frozenset({"FLUX"}),
    "Payslip": frozenset({"PAY"}),
    "PayRun": frozenset({"PAY"}),
    "ManagerPayslip": frozenset({"PAY"}),
    "Appraisal": frozenset({"APPR"}),
    "CoreAccounts": frozenset({"PARETO"}),
    "LevelHistory": frozenset({"PARETO", "EDITION"}),
    "ClaimRuling": DEVELOPMENT,
    "LocalityRuling": DEVELOPMENT,
    "RevenueAttribution": DEVELOPMENT,
    "RoleAssignment": DEVELOPMENT,
    "DevelopmentLead": DEVELOPMENT,
    "ServiceChoice": DEVELOPMENT,
    "MarketingPermission": frozenset({"RESP"}),
    "StaffingCheck": frozenset({"ORG"}),
}
#: The family each gap decision of RULEBOOK §16 decides for.
GAPS: dict[str, frozenset[str]] = {
    "G-1": frozenset({"RESP", "VISIT"}),
    "G-2": frozenset({"VISIT"}),
    "G-3": frozenset({"GRADE", "QUAL"}),
    "G-4": frozenset({"GRADE"}),
    "G-5": frozenset({"CAL", "REPORT"}),
    "G-6": frozenset({"QUAL"}),
    "G-7": frozenset({"REPORT", "CAL"}),
    "G-8": frozenset({"QUAL"}),
    "G-9": frozenset({"ARCH"}),
    "G-10": frozenset({"FLUX"}),
    "G-11": frozenset({"DEV"}),
    "G-12": frozenset({"PAY"}),
    "G-13": frozenset({"REPORT"}),
    "G-14": frozenset({"ID"}),
    "G-15": frozenset({"VISIT"}),
    "G-16": frozenset({"CAL"}),
    "G-17": frozenset({"VISIT"}),
    "G-18": frozenset({"VISIT"}),
    "G-19": frozenset({"CAL"}),
    "G-20": frozenset({"LEVEL", "PARETO"}),
    "G-21": frozenset({"ANALYSE"}),
    "G-22": frozenset({"CAL"}),
    "G-23": frozenset({"LEVEL", "RESP"}),
}
RULE_ID = re.compile(r"(?P<family>[A-Z]+)-\d+")


# ---------------------------------------------------------------- which types are public


def _public_roots() -> list[type[BaseModel]]:
    modules: list[types.ModuleType] = [kr]
    with contextlib.suppress(ModuleNotFoundError):
        modules.append(importlib.import_module("keyaccount_rules.results"))
    roots = []
    for module in modules:
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, BaseModel):
                roots.append(value)
    return roots


def reachable_models(roots: list[type[BaseModel]]) -> set[type[BaseModel]]:
    """``roots`` and every model type their fields can hold, at any depth (``Result`` itself,
    the abstract base, excluded)."""
    found: set[type[BaseModel]] = set()

    def visit(annotation: object) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.add(annotation)
                for field in annotation.model_fields.values():
                    visit(field.annotation)
            return
        for argument in typing.get_args(annotation):
            visit(argument)

    for root in roots:
        visit(root)
    return found - {kr.Result, BaseModel}


def models_in(value: object) -> Iterator[BaseModel]:
    """``value`` and every model inside it: fields, tuple and set items, mapping keys and values."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from models_in(getattr(value, name))
    elif isinstance(value, tuple | frozenset | list | set):
        for item in value:
            yield from models_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from models_in(key)
            yield from models_in(item)


def mutable_parts(value: object, path: str) -> Iterator[str]:
    """Where ``value`` holds something that can be changed in place, by path."""
    if isinstance(value, BaseModel):
        if type(value).model_config.get("frozen") is not True:
            yield f"{path} ({type(value).__name__}) is not a frozen model"
        for name in type(value).model_fields:
            yield from mutable_parts(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, FrozenDict | types.MappingProxyType):
        for key, item in value.items():
            yield from mutable_parts(key, f"{path}[{key!r}]")
            yield from mutable_parts(item, f"{path}[{key!r}]")
    elif isinstance(value, dict | list | set | bytearray):
        yield f"{path} is a {type(value).__name__}"
    elif isinstance(value, tuple | frozenset):
        for index, item in enumerate(value):
            yield from mutable_parts(item, f"{path}[{index}]")


@functools.cache
def built(name: str, label: str) -> BaseModel:
    """The sample (immutable, so built once per run)."""
    instance = SAMPLES[name].build(POLICIES[label])
    assert isinstance(instance, BaseModel), name
    return instance


PUBLIC = reachable_models(_public_roots())
SAMPLE_IDS = [
    pytest.param(name, label, id=f"{name}-{label}") for name in SAMPLES for label in POLICIES
]


def _first_instances() -> dict[str, BaseModel]:
    """The first instance of each model type found in the samples, by type name (with its
    module where two types share a name)."""
    found: dict[type[BaseModel], BaseModel] = {}
    for name in SAMPLES:
        for model in models_in(built(name, "default")):
            found.setdefault(type(model), model)
    names = [kind.__qualname__ for kind in found]
    return {
        (
            kind.__qualname__
            if names.count(kind.__qualname__) == 1
            else f"{kind.__module__}.{kind.__qualname__}"
        ): model
        for kind, model in found.items()
    }


INSTANCES = _first_instances()


# ---------------------------------------------------------------- coverage


def test_every_public_result_type_has_a_sample() -> None:
    covered = {type(model) for model in INSTANCES.values()}
    missing = sorted(f"{t.__module__}.{t.__qualname__}" for t in PUBLIC - covered)
    assert missing == [], "add a sample (tests/contract/samples.py) holding each of these"


def test_the_public_types_are_found_through_the_fields_of_the_exported_ones() -> None:
    names = {t.__name__ for t in PUBLIC}
    assert {"Grading", "Evaluation", "Agenda", "MonthlyReport", "Policy"} <= names
    assert {"FluxRow", "GradingPolicy", "PointBand", "Step"} <= names  # held, not exported
    assert kr.Result not in PUBLIC


def test_a_model_held_only_in_a_field_is_collected_and_needs_a_sample() -> None:
    class Inner(BaseModel):
        value: int

    class Outer(BaseModel):
        inner: tuple[Inner, ...] | None = None
        table: dict[str, list[Inner]] = {}

    assert reachable_models([Outer]) == {Outer, Inner}


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_a_model_that_explains_itself_has_its_rule_families(name: str) -> None:
    model = INSTANCES[name]
    if isinstance(getattr(model, "explanation", None), kr.Explanation):
        assert type(model).__qualname__ in FAMILIES, (
            f"add {name} and the rule families it may cite to FAMILIES"
        )


# ---------------------------------------------------------------- frozen and closed


@pytest.mark.parametrize(("name", "label"), SAMPLE_IDS)
def test_a_sample_is_frozen_all_the_way_down(name: str, label: str) -> None:
    assert list(mutable_parts(built(name, label), name)) == []


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_a_model_refuses_to_have_a_field_changed(name: str) -> None:
    model = INSTANCES[name]
    field = next(iter(type(model).model_fields))
    with pytest.raises(ValidationError) as caught:
        setattr(model, field, getattr(model, field))
    assert [e["type"] for e in caught.value.errors()] == ["frozen_instance"]


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_a_model_refuses_a_key_it_does_not_know(name: str) -> None:
    model = INSTANCES[name]
    data = json.loads(model.model_dump_json())
    with pytest.raises(ValidationError) as from_data:  # Python values, as a caller passes them
        type(model).model_validate({**model.model_dump(), "not_a_field": 1})
    with pytest.raises(ValidationError) as from_json:
        type(model).model_validate_json(json.dumps({**data, "not_a_field": 1}))
    for caught in (from_data, from_json):
        assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [
            ("extra_forbidden", ("not_a_field",))
        ]


# ---------------------------------------------------------------- exact JSON


@pytest.mark.parametrize(("name", "label"), SAMPLE_IDS)
def test_a_sample_read_back_from_its_json_is_the_same_and_writes_the_same_bytes(
    name: str, label: str
) -> None:
    model = built(name, label)
    text = model.model_dump_json()
    again = type(model).model_validate_json(text)
    assert again == model
    assert again.model_dump_json() == text
    assert to_json_data(model) == json.loads(text)
    for original, rebuilt in zip(models_in(model), models_in(again), strict=True):
        explanation = getattr(original, "explanation", None)
        if isinstance(explanation, kr.Explanation):
            assert rebuilt.explanation.render("en") == explanation.render("en")  # type: ignore[attr-defined]
            assert rebuilt.explanation.render("zh") == explanation.render("zh")  # type: ignore[attr-defined]


def test_a_variant_grading_rebuilt_from_json_explains_itself_with_the_variant() -> None:
    grading = kr.grade(700_000, 300_000_000, policy=VARIANT)  # gold at 80, not 75
    again = kr.Grading.model_validate_json(grading.model_dump_json())
    assert again.explanation[-1].text == "score 80.0 ≥ 80 → gold"
    assert str(again.explanation) == str(grading.explanation)


_SEED_RUN = [sys.executable, "-m", "tests.contract.samples"]


def test_the_json_of_every_sample_is_byte_identical_under_every_hash_seed() -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT), str(PROJECT / "src"), *filter(None, [env.get("PYTHONPATH")])]
    )
    runs = {
        seed: subprocess.Popen(
            _SEED_RUN,
            cwd=PROJECT,
            env={**env, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for seed in ("0", "1", "2")
    }
    outputs = {}
    for seed, run in runs.items():
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        outputs[seed] = json.loads(out)
    here = every_json()  # this interpreter's own (random) seed is a fourth
    assert len(here) == 2 * len(SAMPLES)
    for seed, output in outputs.items():
        assert output == here, f"PYTHONHASHSEED={seed}: " + ", ".join(
            key for key in here if output.get(key) != here[key]
        )


def test_json_data_writes_codes_decimal_strings_iso_dates_and_sorted_sets() -> None:
    value = {
        kr.Tier.GOLD: Decimal("75.0"),
        "on": dt.date(2026, 1, 2),
        "lines": frozenset({kr.BusinessLine.LOGISTICS, kr.BusinessLine.EXPRESS}),
        "pair": (1, "a"),
    }
    assert to_json_data(value) == {
        "gold": "75.0",
        "on": "2026-01-02",
        "lines": ["express", "logistics"],
        "pair": [1, "a"],
    }


# ---------------------------------------------------------------- fingerprint and rules


@pytest.mark.parametrize(("name", "label"), SAMPLE_IDS)
def test_a_result_carries_the_fingerprint_of_the_policy_that_decided_it(
    name: str, label: str
) -> None:
    model = built(name, label)
    if not isinstance(model, kr.Result):
        return
    assert "explanation" in type(model).model_fields, "the explanation must be a stored field"
    expected = SAMPLES[name].decided_under(POLICIES[label]).fingerprint
    stamped = {m.policy_fingerprint for m in models_in(model) if isinstance(m, kr.Result)}
    assert stamped == {expected}


def test_the_variant_s_fingerprint_is_not_the_default_s() -> None:
    assert VARIANT.fingerprint != kr.default_policy().fingerprint
    assert built("Grading", "variant").policy_fingerprint == VARIANT.fingerprint  # type: ignore[attr-defined]


def _foreign_rules(model: BaseModel) -> list[str]:
    explanation = getattr(model, "explanation", None)
    if not isinstance(explanation, kr.Explanation):
        return []
    allowed = FAMILIES.get(type(model).__qualname__, frozenset())
    foreign = []
    for rule in dict.fromkeys(explanation.rules):
        match = RULE_ID.fullmatch(rule)
        families = GAPS.get(rule) or ({match["family"]} if match else {rule})
        if not families & allowed:
            foreign.append(rule)
    return foreign


@pytest.mark.parametrize(("name", "label"), SAMPLE_IDS)
def test_an_explanation_cites_only_rules_of_its_own_family(name: str, label: str) -> None:
    cited = {type(m).__qualname__: _foreign_rules(m) for m in models_in(built(name, label))}
    assert {kind: rules for kind, rules in cited.items() if rules} == {}


def _citing(name: str, rule: str) -> BaseModel:
    """The sample ``name`` with one more step, citing ``rule``."""
    model = built(name, "default")
    steps = (*model.explanation.steps, kr.Step(rule=rule, text="x", text_zh="x"))  # type: ignore[attr-defined]
    return model.model_copy(update={"explanation": kr.Explanation(steps=steps)})


def test_a_rule_of_another_family_is_caught() -> None:
    assert _foreign_rules(built("Grading", "default")) == []
    assert _foreign_rules(_citing("Grading", "RESP-1")) == ["RESP-1"]


def test_a_gap_decision_counts_only_for_the_families_it_decides_for() -> None:
    assert _foreign_rules(_citing("Fluctuation", "G-10")) == []
    assert _foreign_rules(_citing("Grading", "G-10")) == ["G-10"]

"""Policy as data: the default validates, and each kind of broken policy names its field."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal, Inexact, localcontext
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import keyaccount_rules as kr
from keyaccount_rules.core.frozen import FrozenDict
from keyaccount_rules.policy import Section, parse_policy
from tests.conftest import catalogue_ids

Data = dict[str, Any]


def sections(node: object, path: str = "") -> Iterator[tuple[str, Section]]:
    """Every Section in the policy tree, with its dotted path."""
    if isinstance(node, Section):
        yield path, node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from sections(getattr(node, name), f"{path}.{name}".lstrip("."))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from sections(value, f"{path}.{key}")


CUSTOMER_FAMILIES = ("qualification", "customer_id", "grading", "responsibility", "visits")


def default_data() -> Data:
    return copy.deepcopy(kr.default_policy().model_dump(mode="json"))


def test_the_default_policy_loads_with_no_problems(policy: kr.Policy) -> None:
    assert policy.problems() == []
    assert policy.name == "combined"


def test_every_section_carries_a_rulebook_id_and_a_source(policy: kr.Policy) -> None:
    catalogue = set(catalogue_ids())
    found = dict(sections(policy))
    # the customer rules alone have one section per rule table: QUAL-2, 8 × QUAL-3/4, ID-1,
    # GRADE-1..4 and grading's own (credit_points, GRADE-3), RESP-1, VISIT-1..2; the later
    # families add their own
    customer_sections = [p for p in found if p.split(".")[0] in CUSTOMER_FAMILIES]
    assert len(customer_sections) == 18
    assert found["grading"].source.startswith("002 考核指标权重及评分标准: 信用度")
    for path, section in found.items():
        assert re.fullmatch(r"[A-Z]+-\d+", section.rule), path
        assert section.rule in catalogue, f"{path} cites {section.rule}, not in docs/rules.md"
        # a source names its document (002 …) or, for a decision, the rulebook rule taking it
        assert re.match(r"(00\d|RULEBOOK) ", section.source), f"{path}: source must be named"


def test_every_number_of_the_rulebook_grading_tables_is_in_the_policy(policy: kr.Policy) -> None:
    grading = policy.grading
    assert [(b.min, b.points) for b in grading.revenue.bands] == [
        (1_500_000, 100),
        (1_000_000, 90),
        (500_000, 80),
        (300_000, 70),
        (100_000, 60),
    ]
    assert [(b.min, b.points) for b in grading.share.bands] == [
        (Decimal("0.003"), 100),
        (Decimal("0.001"), 80),
        (Decimal("0.0005"), 60),
        (Decimal("0.0001"), 40),
    ]
    assert (grading.weights.revenue, grading.weights.share, grading.weights.credit) == (
        Decimal("0.6"),
        Decimal("0.4"),
        0,
    )
    assert (grading.tiers.diamond, grading.tiers.gold, grading.tiers.silver) == (90, 75, 65)


def delete(*path: str) -> Callable[[Data], None]:
    def edit(data: Data) -> None:
        node = data
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return edit


def setting(dotted: str, value: object) -> Callable[[Data], None]:
    def edit(data: Data) -> None:
        *parents, last = dotted.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return edit


BROKEN = [
    pytest.param(
        setting("grading.revenue.bands.1.min", "2000000"),
        "grading.revenue.bands.1.min",
        "strictly descending",
        id="revenue-bands-ascending",
    ),
    pytest.param(
        setting("grading.revenue.bands.2.min", "1000000"),
        "grading.revenue.bands.2.min",
        "overlapping",
        id="revenue-bands-equal-bounds",
    ),
    pytest.param(
        setting("grading.revenue.bands.1.points", 100),
        "grading.revenue.bands.1.points",
        "duplicate points",
        id="revenue-duplicate-points",
    ),
    pytest.param(
        setting("grading.share.bands.0.min", "1.5"),
        "grading.share.bands.0.min",
        "at most 1",
        id="share-above-1",
    ),
    pytest.param(
        setting("grading.weights.share", "0.5"),
        "grading.weights",
        "sum to 1",
        id="weights-sum-1.1",
    ),
    pytest.param(
        setting("grading.tiers.gold", "95"),
        "grading.tiers.gold",
        "out of order",
        id="gold-above-diamond",
    ),
    pytest.param(
        setting("grading.tiers.diamond", "100.1"),
        "grading.tiers.diamond",
        "unreachable",
        id="diamond-unreachable",
    ),
    pytest.param(
        delete("responsibility", "table", "silver", "regional"),
        "responsibility.table.silver.regional",
        "no entry",
        id="responsibility-cell-missing",
    ),
    pytest.param(
        delete("visits", "contacts_per_month", "diamond", "professional"),
        "visits.contacts_per_month.diamond.professional",
        "no entry",
        id="visits-cell-missing",
    ),
    pytest.param(
        delete("visits", "leadership", "led_by", "general"),
        "visits.leadership.led_by.general.comprehensive",
        "no entry",
        id="leadership-row-missing",
    ),
    pytest.param(
        setting("qualification.lines.express.last_year", "-1"),
        "qualification.lines.express.last_year",
        "negative",
        id="negative-threshold",
    ),
    pytest.param(
        delete("qualification", "lines", "parcels"),
        "qualification.lines.parcels",
        "missing threshold",
        id="line-threshold-missing",
    ),
    pytest.param(
        setting("grading.revenue.colour", "red"),
        "grading.revenue.colour",
        "Extra inputs",
        id="unknown-key",
    ),
]


@pytest.mark.parametrize(("edit", "path", "problem"), BROKEN)
def test_a_broken_policy_is_rejected_naming_its_field(
    edit: Callable[[Data], None], path: str, problem: str
) -> None:
    data = default_data()
    edit(data)
    with pytest.raises(kr.PolicyError) as caught:
        parse_policy(data)
    assert any(p.path == path and problem in p.problem for p in caught.value.problems), (
        caught.value.problems
    )
    assert path in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_consistency_messages_cite_the_rule() -> None:
    data = default_data()
    setting("grading.weights.share", "0.5")(data)
    assert [str(p) for p in kr.check_policy(data)] == [
        "grading.weights: weights must sum to 1 (got 0.6 + 0.5 + 0 = 1.1) [GRADE-3]"
    ]


def test_load_policy_reads_a_toml_copy(tmp_path: Path) -> None:
    text = kr.default_policy().to_toml()  # the whole combined edition, written out
    (tmp_path / "same.toml").write_text(text, encoding="utf-8")
    assert kr.load_policy(tmp_path / "same.toml") == kr.default_policy()
    changed = text.replace("gold = 75", "gold = 80")
    assert changed != text
    (tmp_path / "changed.toml").write_text(changed, encoding="utf-8")
    assert kr.load_policy(str(tmp_path / "changed.toml")).grading.tiers.gold == 80


def test_load_policy_reads_a_json_copy_with_amounts_as_strings(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(default_data(), ensure_ascii=False), encoding="utf-8")
    assert kr.load_policy(path) == kr.default_policy()


def test_json_numbers_stay_exact_decimals(tmp_path: Path) -> None:
    # Through float, 0.6 + 0.3 + 0.1 ≠ 1 and this policy would be rejected.
    text = json.dumps(default_data(), ensure_ascii=False)
    text = text.replace('"revenue": "0.6", "share": "0.4"', '"revenue": 0.6, "share": 0.3')
    text = text.replace('"credit": "0"', '"credit": 0.1')
    text = text.replace('"min": "0.0001"', '"min": 0.0001')
    assert '"share": 0.3' in text
    assert '"credit": 0.1' in text
    assert '"min": 0.0001' in text
    path = tmp_path / "policy.json"
    path.write_text(text, encoding="utf-8")
    loaded = kr.load_policy(path)
    assert loaded.grading.weights.credit == Decimal("0.1")
    assert loaded.grading.share.bands[-1].min == Decimal("0.0001")


def test_a_missing_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(kr.PolicyError, match="cannot read"):
        kr.load_policy(tmp_path / "nowhere.toml")


def test_invalid_toml_is_a_policy_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "x"\n[grading\n', encoding="utf-8")
    with pytest.raises(kr.PolicyError, match="not valid toml"):
        kr.load_policy(path)


def test_invalid_json_is_a_policy_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(kr.PolicyError, match="not valid json"):
        kr.load_policy(path)


def test_with_changes_makes_a_validated_variant(policy: kr.Policy) -> None:
    variant = policy.with_changes({"qualification.lines.express.last_year": "25000"})
    assert variant.qualification.lines[kr.BusinessLine.EXPRESS].last_year == Decimal("25000.00")
    assert policy.qualification.lines[kr.BusinessLine.EXPRESS].last_year == Decimal("20000.00")


def test_with_changes_rejects_an_inconsistent_variant(policy: kr.Policy) -> None:
    with pytest.raises(kr.PolicyError, match=r"grading\.tiers\.silver: cutoffs out of order"):
        policy.with_changes({"grading.tiers.silver": 80})


@pytest.mark.parametrize(
    "path", ["grading.tiers.platinum", "grading.revenue.bands.9.min", "nothing.here"]
)
def test_with_changes_rejects_an_unknown_path(policy: kr.Policy, path: str) -> None:
    with pytest.raises(kr.PolicyError, match=re.escape(path)):
        policy.with_changes({path: 1})


def test_the_fingerprint_changes_when_a_number_changes(policy: kr.Policy) -> None:
    same = policy.with_changes({"grading.tiers.gold": 75})
    changed = policy.with_changes({"grading.tiers.gold": 76})
    assert same.fingerprint == policy.fingerprint
    assert changed.fingerprint != policy.fingerprint
    assert re.fullmatch(r"[0-9a-f]{64}", policy.fingerprint)


def test_rules_use_the_policy_they_are_given(policy: kr.Policy) -> None:
    stricter = policy.with_changes({"qualification.lines.express.last_year": "25000"})
    customer = kr.Customer(
        name="A", last_year_revenue={"express": 20000}, current_month_revenue={"express": 2000}
    )
    assert kr.BusinessLine.EXPRESS in kr.qualify(customer).professional_lines
    assert kr.qualify(customer, policy=stricter).professional_lines == frozenset()


def test_a_policy_file_that_is_not_utf8_is_a_policy_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('name = "汕头"\n'.encode("gbk"))
    with pytest.raises(kr.PolicyError, match="not UTF-8"):
        kr.load_policy(path)


# ---------------------------------------------------------------- frozen all the way down


def _default_toml() -> str:
    return kr.default_policy().to_toml()


CHANGES = [
    pytest.param(
        lambda p: p.visits.contacts_per_month[kr.Tier.GOLD].__setitem__(kr.Scope.REGIONAL, 7),
        id="visits-contacts-cell",
    ),
    pytest.param(
        lambda p: p.visits.contacts_per_month.__setitem__(kr.Tier.GOLD, {}), id="visits-row"
    ),
    pytest.param(
        lambda p: p.responsibility.table[kr.Tier.GOLD].__setitem__(
            kr.Scope.REGIONAL, kr.Unit.CITY_CENTER
        ),
        id="responsibility-cell",
    ),
    pytest.param(
        lambda p: p.qualification.lines.pop(kr.BusinessLine.EXPRESS), id="qualification-line"
    ),
    pytest.param(
        lambda p: p.pay.marketing.rates.update({kr.BusinessLine.EXPRESS: Decimal(1)}),
        id="pay-marketing-rate",
    ),
    pytest.param(lambda p: p.responsibility.cell_rules.clear(), id="cell-rules"),
    pytest.param(lambda p: p.responsibility.delegates.add(kr.Unit.CITY_CENTER), id="a-set"),  # type: ignore[attr-defined]
]


@pytest.mark.parametrize("change", CHANGES)
def test_the_default_policy_refuses_every_change_to_its_tables(
    change: Callable[[kr.Policy], object],
) -> None:
    policy = kr.default_policy()
    before = policy.model_dump_json()
    with pytest.raises((TypeError, AttributeError)):
        change(policy)
    assert kr.default_policy().model_dump_json() == before


def _containers(node: object, path: str = "policy") -> Iterator[tuple[str, object]]:
    yield path, node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _containers(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _containers(value, f"{path}.{key}")
    elif isinstance(node, tuple | frozenset):
        for index, value in enumerate(node):
            yield from _containers(value, f"{path}.{index}")


def test_every_container_in_the_policy_is_read_only(policy: kr.Policy) -> None:
    mutable = [
        f"{path}: {type(node).__name__}"
        for path, node in _containers(policy)
        if isinstance(node, list | set | bytearray)
        or (isinstance(node, dict) and not isinstance(node, FrozenDict))
    ]
    assert mutable == []
    hash(policy)  # frozen all the way down, so hashable


def test_with_changes_still_builds_a_variant_from_a_frozen_policy(policy: kr.Policy) -> None:
    variant = policy.with_changes({"visits.contacts_per_month.gold.regional": 7})
    assert variant.visits.contacts_per_month[kr.Tier.GOLD][kr.Scope.REGIONAL] == 7
    assert policy.visits.contacts_per_month[kr.Tier.GOLD][kr.Scope.REGIONAL] != 7
    assert isinstance(variant.visits.contacts_per_month, FrozenDict)


# ---------------------------------------------------------------- the fingerprint


def test_policies_differing_beyond_the_28th_digit_have_different_fingerprints(
    policy: kr.Policy,
) -> None:
    plain = policy.with_changes({"grading.tiers.diamond": Decimal("94")})
    finer = policy.with_changes(
        {"grading.tiers.diamond": Decimal("94.00000000000000000000000000001")}
    )
    assert plain != finer
    assert plain.fingerprint != finer.fingerprint


def test_equal_numbers_written_differently_share_a_fingerprint(policy: kr.Policy) -> None:
    written = policy.with_changes(
        {"grading.weights.revenue": "0.60", "grading.weights.share": Decimal("0.4000")}
    )
    assert written.fingerprint == policy.fingerprint


def test_the_fingerprint_does_not_depend_on_the_callers_decimal_context(policy: kr.Policy) -> None:
    changes = {"grading.tiers.gold": Decimal("75.0000001")}
    expected = policy.with_changes(changes).fingerprint
    with localcontext() as context:
        context.prec = 6
        context.traps[Inexact] = True
        inside = policy.with_changes(changes).fingerprint
    assert inside == expected
    assert inside != policy.fingerprint


def test_the_fingerprint_is_computed_once_and_then_read(policy: kr.Policy) -> None:
    fresh = policy.with_changes({})
    assert "fingerprint" not in fresh.__dict__
    first = fresh.fingerprint
    assert fresh.__dict__["fingerprint"] is first
    assert fresh.fingerprint is first
    assert fresh == policy  # the cached value takes no part in equality


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["-m", "keyaccount_rules", "policy", "show", "--format", "json"], id="cli"),
    ],
)
def test_policy_json_is_byte_identical_across_hash_seeds(command: list[str]) -> None:
    outputs = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, *command], capture_output=True, env=environment, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


# ---------------------------------------------------------------- numbers that mean it


@pytest.mark.parametrize(
    "path",
    [
        "grading.revenue.bands.0.points",
        "grading.revenue.bands.0.min",
        "grading.weights.credit",
        "grading.tiers.gold",
        "grading.credit_points",
        "visits.contacts_per_month.gold.regional",
        "pay.marketing.rates.express",
        "customer_id.sequence_digits",
        "schedules.periods.months.quarter",
    ],
)
def test_a_boolean_is_not_a_policy_number(path: str) -> None:
    data = default_data()
    setting(path, True)(data)
    problems = kr.check_policy(data)
    assert [(p.path, "boolean" in p.problem) for p in problems] == [(path, True)], problems


@pytest.mark.parametrize(
    "number", ["1e999990", "1e999999999", "-1e999999999", "1e15"], ids=lambda n: n
)
def test_a_number_of_unbounded_size_is_rejected_naming_its_path(number: str) -> None:
    data = default_data()
    setting("grading.revenue.bands.0.min", Decimal(number))(data)
    problems = kr.check_policy(data)
    assert [(p.path, p.rule) for p in problems] == [("grading.revenue.bands.0.min", "GRADE-1")]
    assert "MAX_YUAN" in problems[0].problem


def test_a_number_with_too_many_decimal_places_is_rejected() -> None:
    data = default_data()
    setting("grading.share.bands.3.min", Decimal("1e-31"))(data)
    (problem,) = kr.check_policy(data)
    assert problem.path == "grading.share.bands.3.min"
    assert "decimal places" in problem.problem


@pytest.mark.parametrize("number", ["1e999990", "1e999999999"])
def test_loading_a_file_with_a_huge_number_is_a_policy_error_naming_the_path(
    tmp_path: Path, number: str
) -> None:
    text = _default_toml().replace("min = 1500000\n", f"min = {number}\n", 1)
    path = tmp_path / "huge.toml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(kr.PolicyError, match=r"grading\.revenue\.bands\.0\.min"):
        kr.load_policy(path)
    assert time.perf_counter() - started < 5


def test_weights_short_of_1_beyond_the_28th_digit_do_not_sum_to_1(policy: kr.Policy) -> None:
    share = Decimal("0.399999999999999999999999999999")  # 0.6 + this = 0.99…9 (30 nines)
    with pytest.raises(kr.PolicyError) as caught:
        policy.with_changes({"grading.weights.share": share})
    assert [(p.path, p.rule) for p in caught.value.problems] == [("grading.weights", "GRADE-3")]
    assert "must sum to 1" in str(caught.value)


def test_the_issue_s_weights_summing_to_0_99_91_are_rejected(policy: kr.Policy) -> None:
    with pytest.raises(kr.PolicyError, match=r"grading\.weights"):
        policy.with_changes({"grading.weights.share": Decimal("0.3999999999999999999999999999991")})


def test_pay_weights_are_summed_exactly_too(policy: kr.Policy) -> None:
    data = default_data()
    weights = data["pay"]["performance"]["weights"]
    first = next(iter(weights))
    with localcontext() as exact:
        exact.prec = 60
        weights[first] = str(Decimal(weights[first]) - Decimal("1e-30"))
    with localcontext() as context:
        context.prec = 6
        problems = kr.check_policy(data)
    assert [(p.path, p.rule) for p in problems] == [("pay.performance.weights", "PAY-1")]


def test_a_band_minimum_above_the_money_ceiling_is_reported() -> None:
    # Both top bands out of any revenue's reach: the best score is 0.6 × 80 + 40 = 88 < 90,
    # so no customer could be diamond.
    data = default_data()
    setting("grading.revenue.bands.0.min", "20000000000000000")(data)
    setting("grading.revenue.bands.1.min", "10000000000000000")(data)
    problems = kr.check_policy(data)
    assert {p.path for p in problems} == {
        "grading.revenue.bands.0.min",
        "grading.revenue.bands.1.min",
    }
    assert all("MAX_YUAN" in p.problem for p in problems)


def test_a_revenue_band_between_two_fen_is_reported() -> None:
    data = default_data()
    setting("grading.revenue.bands.4.min", "100000.005")(data)
    assert [str(p) for p in kr.check_policy(data)] == [
        "grading.revenue.bands.4.min: must be a whole number of fen, at most 2 decimals "
        "(got 100000.005) [GRADE-1]"
    ]


# ---------------------------------------------------------------- any bad file: PolicyError


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _deep_dict(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {}
    top = node
    for _ in range(depth):
        node["x"] = {}
        node = node["x"]
    return top


BAD_FILES = [
    pytest.param(
        "deep.toml",
        f"name = 'x'\nbands = {_nested(100_000)}\n",
        "nested too deeply",
        id="deep-toml",
    ),
    pytest.param("deep.json", _nested(100_000), "nested too deeply", id="deep-json"),
    pytest.param("huge.json", '{"name": ' + "9" * 5000 + "}", "not valid json", id="huge-json-int"),
    pytest.param("list.json", "[1, 2]", "top level must be a table", id="not-a-table"),
    pytest.param(
        "types.toml",
        "name = 'x'\n[grading]\ncredit_points = 'many'\n",
        "grading.credit_points",
        id="wrong-type",
    ),
]


@pytest.mark.parametrize(("name", "text", "named"), BAD_FILES)
def test_any_bad_policy_file_is_a_policy_error(
    tmp_path: Path, name: str, text: str, named: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(kr.PolicyError, match=re.escape(named)) as caught:
        kr.load_policy(path)
    assert all(isinstance(p, kr.PolicyProblem) for p in caught.value.problems)


def test_a_directory_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(kr.PolicyError, match="cannot read") as caught:
        kr.load_policy(tmp_path)
    assert caught.value.problems[0].path == str(tmp_path)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param([1, 2], id="not-a-mapping"),
        pytest.param({"name": "x", "grading": _deep_dict(5_000)}, id="deep-mapping"),
        pytest.param({"name": "x", "grading": {"credit_points": 10**5000}}, id="huge-int"),
        pytest.param({"name": "x", "pareto": {"share": Decimal("1e999999999")}}, id="huge-dec"),
    ],
)
def test_check_policy_reports_any_bad_data_without_raising(data: Any) -> None:
    problems = kr.check_policy(data)
    assert problems
    assert all(isinstance(p, kr.PolicyProblem) and p.path for p in problems)


# ---------------------------------------------------------------- PolicyProblem end to end


def test_check_policy_returns_problem_objects_with_path_problem_and_rule() -> None:
    data = default_data()
    setting("grading.weights.share", "0.5")(data)
    (problem,) = kr.check_policy(data)
    assert problem == kr.PolicyProblem(
        "grading.weights", "weights must sum to 1 (got 0.6 + 0.5 + 0 = 1.1)", "GRADE-3"
    )


def test_a_structural_problem_carries_the_rule_of_its_section() -> None:
    data = default_data()
    data["grading"]["tiers"]["platinum"] = 95
    del data["visits"]["leadership"]["min_per_year"]
    data["colour"] = "red"
    problems = {p.path: p.rule for p in kr.check_policy(data)}
    assert problems == {
        "grading.tiers.platinum": "GRADE-4",
        "visits.leadership.min_per_year": "VISIT-2",
        "colour": None,
    }


def test_a_policy_error_holds_the_problems_and_prints_them_as_before(policy: kr.Policy) -> None:
    with pytest.raises(kr.PolicyError) as caught:
        policy.with_changes({"grading.tiers.silver": 80})
    (problem,) = caught.value.problems
    assert problem.rule == "GRADE-4"
    assert str(problem) == (
        "grading.tiers.silver: cutoffs out of order: silver 80 must be below gold 75 [GRADE-4]"
    )
    assert str(caught.value) == f"policy variant is invalid (1 problem(s)):\n  {problem}"


def test_a_policy_in_a_notebook_is_a_short_table_not_every_number() -> None:
    policy = kr.edition("shantou")
    html = policy._repr_html_()
    assert len(html) < 1000
    for shown in ("shantou", policy.fingerprint[:12], "grading"):
        assert shown in html

"""Policy as data: the default validates, and each kind of broken policy names its field."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import keyaccount_rules as kr
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
    assert policy.name == "rulebook"


def test_every_section_carries_a_rulebook_id_and_a_source(policy: kr.Policy) -> None:
    catalogue = set(catalogue_ids())
    found = dict(sections(policy))
    # the customer rules alone have one section per rule table: QUAL-2, 8 × QUAL-3/4, ID-1,
    # GRADE-1..4, RESP-1, VISIT-1..2; the later families add their own
    customer_sections = [p for p in found if p.split(".")[0] in CUSTOMER_FAMILIES]
    assert len(customer_sections) == 17
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
    text = resources.files("keyaccount_rules.policy").joinpath("default.toml").read_text("utf-8")
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

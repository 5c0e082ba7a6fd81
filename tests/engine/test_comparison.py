"""Comparing policies: diff_policies and compare (what a changed threshold does to customers)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules.engine.comparison import ParameterChange
from keyaccount_rules.io.portfolio import sample_facts, sample_path
from keyaccount_rules.policy.diff import policy_parameters, policy_problems
from tests.conftest import HtmlTables

BUREAU, AS_OF = sample_facts()


@pytest.fixture(scope="module")
def customers() -> list[kr.Customer]:
    with sample_path() as path:
        return list(kr.read_portfolio(path))


def test_a_policy_compared_with_itself_changes_nothing(customers: list[kr.Customer]) -> None:
    policy = kr.default_policy()
    result = kr.compare(customers, policy, policy, bureau_annual_revenue=BUREAU, as_of=AS_OF)
    assert result.changes == ()
    assert result.parameters == ()
    assert result.customers == 500
    assert all(before == after for before, after in result.transitions)
    assert all(before == after for before, after in result.contacts.values())


def test_raising_a_revenue_band_changes_exactly_the_customers_it_should(
    customers: list[kr.Customer],
) -> None:
    baseline = kr.default_policy()
    # 1,000,000 → 1,200,000: revenue in [1.0M, 1.2M) now earns 80 points, not 90. With a
    # 300M bureau its share is ≥ 3‰ (100 points), so 0.6 × 90 + 40 = 94 (diamond) becomes 88.
    variant = baseline.with_changes({"grading.revenue.bands.1.min": 1_200_000})
    result = kr.compare(customers, baseline, variant, bureau_annual_revenue=BUREAU, as_of=AS_OF)
    expected = {
        position
        for position, customer in enumerate(customers)
        if kr.qualify(customer).qualified and 1_000_000 <= customer.annual_revenue < 1_200_000
    }
    assert expected, "the sample must contain customers in the moved band"
    assert {change.position for change in result.changes} == expected
    for change in result.changes:
        assert (change.tier_before, change.tier_after) == (kr.Tier.DIAMOND, kr.Tier.GOLD)
        assert [c.path for c in change.causes] == ["grading.revenue.bands.1.min"]
        assert change.causes[0].rule == "GRADE-1"


def test_the_transition_matrix_counts_every_customer(customers: list[kr.Customer]) -> None:
    baseline = kr.default_policy()
    variant = baseline.with_changes({"grading.tiers.silver": 60})
    result = kr.compare(customers, baseline, variant, bureau_annual_revenue=BUREAU, as_of=AS_OF)
    assert sum(result.transitions.values()) == 500
    matrix = result.transition_matrix()
    assert sum(sum(row[1:]) for row in matrix[1:]) == 500
    moved = result.transitions.get((kr.Tier.GENERAL, kr.Tier.SILVER), 0)
    assert moved == len(result.changes) > 0


def test_contacts_by_unit_sum_the_change_in_monthly_contacts(
    customers: list[kr.Customer],
) -> None:
    baseline = kr.default_policy()
    variant = baseline.with_changes({"visits.contacts_per_month.general.comprehensive": 2})
    result = kr.compare(customers, baseline, variant, bureau_annual_revenue=BUREAU, as_of=AS_OF)
    rows = {
        unit: (before, after, delta) for unit, before, after, delta in result.contacts_by_unit()
    }
    assert rows["branch_office"][2] == len(result.changes) > 0
    assert all(change.contacts_after == 2 for change in result.changes)
    assert result.changes[0].causes[0].rule == "VISIT-1"


def test_comparison_rows_and_html_are_plain(customers: list[kr.Customer]) -> None:
    variant = kr.default_policy().with_changes({"grading.tiers.gold": 81})
    result = kr.compare(
        customers[:100], kr.default_policy(), variant, bureau_annual_revenue=BUREAU, as_of=AS_OF
    )
    for row in result.to_rows():
        assert row["tier_before"] == "gold"
        assert row["causes"] == ["grading.tiers.gold [GRADE-4]"]
    assert "tier transitions" in result._repr_html_()
    assert len(result.to_dataframe()) == len(result.changes)


def test_diff_policies_names_path_rule_and_values() -> None:
    a = kr.default_policy()
    b = a.with_changes({"grading.share.bands.0.min": "0.0025", "grading.credit_points": 10})
    assert kr.diff_policies(a, b) == [
        kr.PolicyChange(
            path="grading.share.bands.0.min",
            rule="GRADE-2",
            before=Decimal("0.003"),
            after=Decimal("0.0025"),
        ),
        kr.PolicyChange(path="grading.credit_points", rule="GRADE-3", before=0, after=10),
    ]
    assert kr.diff_policies(a, a) == []


def test_diff_policies_compares_sets_as_sets() -> None:
    a = kr.default_policy()
    b = a.with_changes(
        {"responsibility.delegates": ["provincial_professional_company", "prefecture_bureau"]}
    )
    assert kr.diff_policies(a, b) == []


def test_every_parameter_has_a_rule_except_the_policy_labels() -> None:
    unruled = [p for p, (rule, _v) in policy_parameters(kr.default_policy()).items() if not rule]
    assert unruled == ["name", "version", "effective_from", "edition"]


def test_policy_problems_end_with_a_rule_id() -> None:
    data = kr.default_policy().model_dump(mode="json")
    del data["grading"]["tiers"]["silver"]
    data["visits"]["contacts_per_month"]["gold"]["regional"] = -1
    problems = [str(p) for p in policy_problems(data)]
    assert problems
    assert all(p.endswith("]") for p in problems)
    assert any(p.startswith("grading.tiers.silver") and "[GRADE-4]" in p for p in problems)


def test_an_unknown_field_gets_the_rule_of_the_section_it_sits_in() -> None:
    data = kr.default_policy().model_dump(mode="json")
    data["grading"]["tiers"]["platinum"] = 95
    data["colour"] = "red"
    problems = [str(p) for p in policy_problems(data)]
    assert any(p.startswith("grading.tiers.platinum") and p.endswith("[GRADE-4]") for p in problems)
    assert any(p.startswith("colour") and p.endswith("[policy]") for p in problems)


def test_policy_problems_are_problem_objects_with_the_rule_of_their_section() -> None:
    data = kr.default_policy().model_dump(mode="json")
    data["grading"]["tiers"]["platinum"] = 95
    data["colour"] = "red"
    problems = policy_problems(data)
    assert all(isinstance(p, kr.PolicyProblem) for p in problems)
    assert {(p.path, p.rule) for p in problems} == {
        ("grading.tiers.platinum", "GRADE-4"),
        ("colour", "policy"),
    }


# ---------------------------------------------------------------- frozen, exact round trips


def _gold_at_81(customers: list[kr.Customer]) -> kr.Comparison:
    variant = kr.default_policy().with_changes({"grading.tiers.gold": 81})
    return kr.compare(
        customers[:120], kr.default_policy(), variant, bureau_annual_revenue=BUREAU, as_of=AS_OF
    )


def test_a_comparison_read_back_from_its_json_equals_the_comparison(
    customers: list[kr.Customer],
) -> None:
    result = _gold_at_81(customers)
    assert result.changes
    again = kr.Comparison.model_validate_json(result.model_dump_json())
    assert again == result
    assert again.model_dump_json() == result.model_dump_json()
    assert again.transitions.get((kr.Tier.GOLD, kr.Tier.SILVER)) == len(result.changes)
    change = result.changes[0]
    assert kr.CustomerChange.model_validate_json(change.model_dump_json()) == change


def test_a_comparison_cannot_be_changed_inside(customers: list[kr.Customer]) -> None:
    result = _gold_at_81(customers)
    with pytest.raises(TypeError, match="read-only"):
        result.transitions[(kr.Tier.GOLD, kr.Tier.GOLD)] = 0  # type: ignore[index]
    with pytest.raises(TypeError, match="read-only"):
        result.contacts[kr.Unit.CITY_CENTER] = (0, 0)  # type: ignore[index]
    with pytest.raises(ValueError, match="frozen"):
        result.changes[0].name = "someone else"  # type: ignore[misc]
    assert hash(result) == hash(kr.Comparison.model_validate_json(result.model_dump_json()))


def test_a_comparison_rejects_unknown_keys(customers: list[kr.Customer]) -> None:
    data = _gold_at_81(customers).model_dump(mode="json")
    with pytest.raises(ValueError, match="extra"):
        kr.Comparison.model_validate({**data, "verdict": "fine"})
    with pytest.raises(ValueError, match="extra"):
        kr.CustomerChange.model_validate({**data["changes"][0], "verdict": "fine"})


def test_the_json_of_a_comparison_does_not_depend_on_the_order_of_the_customers(
    customers: list[kr.Customer],
) -> None:
    variant = kr.default_policy().with_changes({"grading.tiers.silver": 60})
    forward, backward = (
        kr.compare(order, kr.default_policy(), variant, bureau_annual_revenue=BUREAU, as_of=AS_OF)
        for order in (customers[:200], customers[:200][::-1])
    )
    assert (
        forward.model_dump(mode="json")["transitions"]
        == backward.model_dump(mode="json")["transitions"]
    )
    assert json.dumps(forward.model_dump(mode="json")["contacts"]) == json.dumps(
        backward.model_dump(mode="json")["contacts"]
    )


def test_a_changed_parameter_holds_its_values_in_json_form() -> None:
    baseline = kr.default_policy()
    variant = baseline.with_changes({"responsibility.delegates": ["prefecture_bureau"]})
    (row,) = kr.diff_policies(baseline, variant)
    change = ParameterChange.of(row)
    assert change.before == ("prefecture_bureau", "provincial_professional_company")
    assert change.after == ("prefecture_bureau",)
    assert ParameterChange.model_validate_json(change.model_dump_json()) == change
    tiers = ParameterChange.of(
        kr.diff_policies(baseline, baseline.with_changes({"grading.tiers.gold": 81}))[0]
    )
    assert (tiers.before, tiers.after) == ("75", "81")


def test_a_comparison_names_the_fingerprints_of_both_policies(
    customers: list[kr.Customer],
) -> None:
    result = _gold_at_81(customers)
    assert result.baseline_fingerprint == kr.default_policy().fingerprint
    assert result.variant_fingerprint == (
        kr.default_policy().with_changes({"grading.tiers.gold": 81}).fingerprint
    )


def test_a_policy_difference_row_and_a_comparison_s_parameter_are_one_type() -> None:
    baseline = kr.default_policy()
    variant = baseline.with_changes({"grading.tiers.gold": 81})
    (row,) = kr.diff_policies(baseline, variant)
    assert kr.ParameterChange is kr.PolicyChange
    assert ParameterChange.of(row) is row
    assert kr.PolicyChange.model_validate_json(row.model_dump_json()) == row
    held = kr.compare(
        [], baseline, variant, bureau_annual_revenue=300_000_000, as_of=dt.date(2026, 11, 23)
    )
    assert held.parameters == (row,)


def test_compare_calls_its_progress_hook_once_per_customer() -> None:
    done: list[int] = []
    customers = [kr.Customer(name=f"c{i}") for i in range(3)]
    kr.compare(
        customers, "shantou", "combined", bureau_annual_revenue=300_000_000,
        as_of=dt.date(2026, 3, 1), progress=done.append,
    )  # fmt: skip
    assert done == [1, 1, 1]
    with pytest.raises(kr.RuleInputError, match=r"^progress: must be a function called with"):
        kr.compare(
            customers, "shantou", "combined", bureau_annual_revenue=300_000_000,
            as_of=dt.date(2026, 3, 1), progress=5,
        )  # fmt: skip


# ---- a comparison's rows, matrix and HTML


@pytest.fixture(scope="module")
def silver_at_60(customers: list[kr.Customer]) -> kr.Comparison:
    variant = kr.default_policy().with_changes({"grading.tiers.silver": 60})
    return kr.compare(
        customers[:150], kr.default_policy(), variant, bureau_annual_revenue=BUREAU, as_of=AS_OF
    )


def test_a_change_row_holds_json_values_and_its_causes_as_path_and_rule(
    silver_at_60: kr.Comparison,
) -> None:
    change = silver_at_60.changes[0]
    row = change.to_row()
    assert row == {
        "position": change.position,
        "name": change.name,
        "key_account_before": True,
        "key_account_after": True,
        "tier_before": "general",
        "tier_after": "silver",
        "unit_before": "branch_office",
        "unit_after": "county_center",
        "contacts_before": 1,
        "contacts_after": 1,
        "causes": ["grading.tiers.silver [GRADE-4]"],
    }
    assert {type(row[key]) for key in ("tier_before", "unit_before", "unit_after")} == {str}
    assert json.loads(json.dumps(row)) == row


def test_the_transition_matrix_has_a_row_and_a_column_per_tier_and_not_key_account(
    silver_at_60: kr.Comparison,
) -> None:
    names = ["diamond", "gold", "silver", "general", "not key account"]
    labels = [*kr.Tier, None]
    expected = [["before \\ after", *names]] + [
        [name, *(silver_at_60.transitions.get((before, after), 0) for after in labels)]
        for name, before in zip(names, labels, strict=True)
    ]
    matrix = silver_at_60.transition_matrix()
    assert matrix == expected
    assert matrix[4][3] == len(silver_at_60.changes) == 29  # general → silver


def test_a_comparison_in_html_shows_its_first_20_changes_its_matrix_and_its_units(
    silver_at_60: kr.Comparison,
) -> None:
    fragment = silver_at_60._repr_html_()
    shown = HtmlTables(fragment)
    rows = silver_at_60.to_rows()
    assert shown.paragraphs == [
        "29 of 150 customers change",
        "tier transitions",
        "monthly contacts required, by unit",
    ]
    changed, matrix, units = shown.tables
    assert changed == [list(rows[0]), *([str(v) for v in row.values()] for row in rows[:20])]
    assert matrix == [[str(v) for v in row] for row in silver_at_60.transition_matrix()]
    assert units == [
        ["unit", "before", "after", "change"],
        *([str(v) for v in row] for row in silver_at_60.contacts_by_unit()),
    ]
    assert (shown.stray, shown.upper_tags) == ([], [])
    assert fragment.count("<tr>") == fragment.count("</tr>") == 21 + 6 + len(units)


def test_a_comparison_without_changes_says_so_in_html(customers: list[kr.Customer]) -> None:
    policy = kr.default_policy()
    same = kr.compare(customers[:10], policy, policy, bureau_annual_revenue=BUREAU, as_of=AS_OF)
    shown = HtmlTables(same._repr_html_())
    assert shown.paragraphs[0] == "0 of 10 customers change"
    assert shown.tables[0] == [["no customer changes"]]


def test_a_comparison_the_other_way_round_undoes_each_change(
    customers: list[kr.Customer], silver_at_60: kr.Comparison
) -> None:
    variant = kr.default_policy().with_changes({"grading.tiers.silver": 60})
    back = kr.compare(
        customers[:150], variant, kr.default_policy(), bureau_annual_revenue=BUREAU, as_of=AS_OF
    )
    assert [(p.path, p.before, p.after) for p in back.parameters] == [
        ("grading.tiers.silver", "60", "65")
    ]
    assert [(c.position, c.tier_before, c.tier_after) for c in back.changes] == [
        (c.position, c.tier_after, c.tier_before) for c in silver_at_60.changes
    ]
    assert back.baseline_fingerprint == silver_at_60.variant_fingerprint

"""Case files (cases.py), the `keyaccount-rules test` command and the pytest plugin."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules.core.explanation import to_json_data
from keyaccount_rules.io.cli import main
from keyaccount_rules.verification.cases import (
    CaseFileError,
    load_case_file,
    parse_cases,
    resolve_path,
    run_case,
    run_case_files,
    values_match,
)
from keyaccount_rules.verification.dispatch import (
    FunctionLookupError,
    call_function,
    resolve_function,
)
from tests.conftest import PROJECT

CASES = PROJECT / "tests" / "cases"
FAMILIES = ("qualification", "customer_id", "grading", "responsibility", "visits", "evaluate")

FAILING_CASE = """
[[case]]
name = "one fen under 1,000,000 earns 90 points (wrong on purpose)"
function = "grade"
input = { annual_revenue = "999999.99", bureau_annual_revenue = 1_000_000_000 }
output = { revenue_points = 90, tier = "gold" }
"""


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the project's own case files


@pytest.mark.parametrize("family", FAMILIES)
def test_every_rule_family_has_a_case_file_whose_cases_pass(family: str) -> None:
    cases = load_case_file(CASES / f"{family}.toml")
    assert len(cases) >= 5
    failures = [run_case(case) for case in cases]
    assert [r.case.name for r in failures if not r.passed] == []


def test_every_case_file_cites_its_source() -> None:
    for path in sorted(CASES.glob("*.toml")):
        assert all(case.source for case in load_case_file(path)), path.name


# ---------------------------------------------------------------- comparing values


@pytest.mark.parametrize(
    ("got", "expected", "matches"),
    [
        pytest.param(Decimal("94.0"), 94, True, id="decimal-equals-int"),
        pytest.param(Decimal("94.0"), Decimal("94"), True, id="decimal-ignores-exponent"),
        pytest.param(Decimal("94.0"), "94.00", True, id="decimal-equals-string"),
        pytest.param(Decimal("94.01"), 94, False, id="decimal-one-fen-off"),
        pytest.param(Decimal("1"), "one", False, id="decimal-vs-word"),
        pytest.param(90, 90, True, id="int"),
        pytest.param(90, 91, False, id="int-off-by-one"),
        pytest.param(True, 1, False, id="bool-is-not-int"),
        pytest.param(1, True, False, id="int-is-not-bool"),
        pytest.param(False, False, True, id="bool"),
        pytest.param(kr.Tier.GOLD, "gold", True, id="enum-code"),
        pytest.param(kr.Tier.GOLD, "GOLD", True, id="enum-name"),
        pytest.param(kr.Tier.GOLD, "silver", False, id="enum-other-member"),
        pytest.param(kr.Tier.GOLD, "platinum", False, id="enum-unknown"),
        pytest.param(kr.Tier.GOLD, 2, False, id="enum-vs-number"),
        pytest.param(dt.date(2026, 11, 1), dt.date(2026, 11, 1), True, id="date"),
        pytest.param(dt.date(2026, 11, 1), "2026-11-01", True, id="date-iso-string"),
        pytest.param(dt.date(2026, 11, 1), "2026-11-02", False, id="date-other-day"),
        pytest.param(dt.date(2026, 11, 1), "1 Nov", False, id="date-not-iso"),
        pytest.param(None, "None", True, id="none-word"),
        pytest.param(None, "null", True, id="null-word"),
        pytest.param(None, "gold", False, id="none-vs-value"),
        pytest.param(kr.Tier.GOLD, "None", False, id="value-vs-none-word"),
        pytest.param(frozenset({"a", "b"}), ["b", "a"], True, id="set-any-order"),
        pytest.param(frozenset({"a", "b"}), ["a"], False, id="set-missing-item"),
        pytest.param(frozenset({"a"}), ["a", "a"], False, id="set-extra-item"),
        pytest.param((1, 2), [1, 2], True, id="tuple-in-order"),
        pytest.param((1, 2), [2, 1], False, id="tuple-out-of-order"),
        pytest.param((1, 2), [1], False, id="tuple-shorter"),
        pytest.param({kr.BusinessLine.EXPRESS: Decimal(5)}, {"express": 5}, True, id="mapping"),
        pytest.param({kr.BusinessLine.EXPRESS: Decimal(5)}, {"express": 6}, False, id="map-val"),
        pytest.param({kr.BusinessLine.EXPRESS: Decimal(5)}, {}, False, id="mapping-size"),
        pytest.param({kr.BusinessLine.EXPRESS: 5}, {"bills": 5}, False, id="mapping-key"),
        pytest.param("a\nb", "\na\nb\n", True, id="text-block-ignores-edges"),
        pytest.param("a\nc", "\na\nb\n", False, id="text-block-differs"),
        pytest.param("abc", "abc", True, id="string"),
        pytest.param("abc", "abd", False, id="string-differs"),
        pytest.param(kr.CustomerId.parse("44050700012000"), "44050700012000", True, id="str()"),
    ],
)
def test_values_match_by_value_code_and_date(got: object, expected: object, matches: bool) -> None:
    assert values_match(got, expected) is matches


def test_an_explanation_matches_its_text_or_its_lines() -> None:
    explanation = kr.grade(1_000_000, 1_000_000_000).explanation
    lines = str(explanation).splitlines()
    assert values_match(explanation, "\n" + "\n".join(lines) + "\n")
    assert values_match(explanation, lines)
    assert not values_match(explanation, lines[:-1])
    assert not values_match(explanation, 3)


def test_a_record_matches_a_table_of_its_fields() -> None:
    customer = kr.Customer(name="A", last_year_revenue={"express": 5})
    assert values_match(customer, {"name": "A", "last_year_revenue": {"express": 5}})
    assert not values_match(customer, {"name": "B"})
    assert not values_match(customer, {"nonsense": 1})


def test_resolve_path_follows_attributes_keys_indexes_and_languages() -> None:
    grading = kr.grade(1_000_000, 1_000_000_000)
    assert resolve_path(grading, "") is grading
    assert resolve_path(grading, "tier.zh") == "黄金"
    assert resolve_path(grading, "explanation.0.rule") == "GRADE-1"
    assert resolve_path(grading, "explanation.-1.rule") == "GRADE-4"
    assert resolve_path(grading, "explanation.zh").startswith("GRADE-1: 年业务收入")
    customer = kr.Customer(name="A", last_year_revenue={"express": 5})
    assert resolve_path(customer, "last_year_revenue.express") == Decimal("5.00")
    assert resolve_path((10, 20), "1") == 20


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("nonsense", "has no attribute 'nonsense'", id="attribute"),
        pytest.param("explanation.9", "only 4 step(s)", id="step-index"),
        pytest.param("_grading_policy", "has no attribute", id="private"),
    ],
)
def test_resolve_path_names_the_missing_part(path: str, message: str) -> None:
    with pytest.raises(LookupError, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve_path(kr.grade(1_000_000, 1_000_000_000), path)


def test_resolve_path_names_a_missing_key_and_a_short_sequence() -> None:
    customer = kr.Customer(name="A", last_year_revenue={"express": 5})
    with pytest.raises(LookupError, match="no key 'bills' \\(keys: express\\)"):
        resolve_path(customer, "last_year_revenue.bills")
    with pytest.raises(LookupError, match="only 2 item"):
        resolve_path((1, 2), "2")


# ---------------------------------------------------------------- the function registry


def test_the_registry_finds_every_public_function_by_name() -> None:
    assert resolve_function("grade") is kr.grade
    assert resolve_function("qualify") is kr.qualify
    assert resolve_function("CustomerId.parse") == kr.CustomerId.parse


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("grad", "did you mean grade", id="typo"),
        pytest.param("os", "not a public function", id="not-public"),
        pytest.param("CustomerId._check", "no public attribute", id="private-method"),
        pytest.param("RuleInputError", "not a public function", id="an-error-class"),
        pytest.param("", "must be the name", id="empty"),
    ],
)
def test_an_unknown_function_name_is_a_clear_error(name: str, message: str) -> None:
    with pytest.raises(FunctionLookupError, match=message):
        resolve_function(name)


def test_call_function_converts_tables_dates_and_lists_by_the_annotations() -> None:
    result = call_function(
        kr.evaluate,
        {
            "customer": {"name": "A", "has_agreement": True},
            "bureau_annual_revenue": 1_000_000,
            "as_of": "2026-11-01",
        },
    )
    assert result.as_of == dt.date(2026, 11, 1)
    assert result.customer.name == "A"


def test_call_function_rejects_an_unknown_input_naming_the_parameters() -> None:
    with pytest.raises(FunctionLookupError, match="'revenue' is not a parameter of grade"):
        call_function(kr.grade, {"revenue": 1})


def test_json_data_of_plain_values_sorts_sets_and_keeps_the_order_of_mappings() -> None:
    data = to_json_data({"b": frozenset({kr.Tier.GOLD, kr.Tier.DIAMOND}), "a": dt.date(2026, 1, 2)})
    assert data == {"a": "2026-01-02", "b": ["diamond", "gold"]}
    assert list(data) == ["b", "a"]


def test_a_case_is_read_only_all_the_way_down() -> None:
    (case,) = parse_cases(
        "[[case]]\nname='x'\nfunction='qualify'\n"
        "input={ customer = { name = 'A', has_agreement = true } }\noutput={ qualified = true }"
    )
    with pytest.raises(TypeError, match="read-only"):
        case.input["customer"]["name"] = "B"  # type: ignore[index]
    with pytest.raises(TypeError, match="read-only"):
        case.output["qualified"] = False  # type: ignore[index]
    assert run_case(case).passed


# ---------------------------------------------------------------- case files


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[[case", "not valid TOML", id="bad-toml"),
        pytest.param("title = 'x'", "unknown top-level key", id="unknown-top-key"),
        pytest.param("function = 'grade'", "no cases", id="no-cases"),
        pytest.param(
            "[[case]]\nname='x'\nfunction='grade'\ninput={}\noutputs={}",
            "unknown key\\(s\\) outputs",
            id="misspelt-key",
        ),
        pytest.param(
            "[[case]]\nname='x'\nfunction='grade'\noutput={}\nerror={}",
            "either output or error",
            id="both",
        ),
        pytest.param("[[case]]\nname='x'\nfunction='grade'", "expected output", id="neither"),
        pytest.param(
            "[[case]]\nname='x'\nfunction='grad'\noutput={}", "did you mean grade", id="typo"
        ),
        pytest.param(
            "[[case]]\nname='x'\nfunction='grade'\noutput={}\npolicy_changes={a=1}",
            "policy is invalid",
            id="bad-policy-change",
        ),
        pytest.param("[[case]]\nname=''\nfunction='grade'\noutput={}", "name", id="empty-name"),
        pytest.param(
            "[[case]]\nname='x'\nfunction='grade'\noutput={}\nerror={}\n",
            "case 1 \\('x'\\)",
            id="names-the-case",
        ),
    ],
)
def test_a_malformed_case_file_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(CaseFileError, match=message):
        parse_cases(text, source="bad.toml")


def test_a_case_file_may_name_a_policy_file_beside_it(tmp_path: Path) -> None:
    policy_text = kr.default_policy().to_toml()
    _write(tmp_path, "strict.toml", policy_text.replace("gold = 75", "gold = 87"))
    cases = _write(
        tmp_path,
        "cases/gold.toml",
        """
        policy = "../strict.toml"
        [[case]]
        name = "86 is silver under a gold cutoff of 87"
        function = "grade"
        input = { annual_revenue = 1_000_000, bureau_annual_revenue = 1_000_000_000 }
        output = { score = 86, tier = "silver" }
        """,
    )
    (result,) = [run_case(case) for case in load_case_file(cases)]
    assert result.passed, result.mismatches


def test_a_missing_case_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="cannot read"):
        load_case_file(tmp_path / "missing.toml")


def test_a_case_expecting_an_error_fails_when_a_result_comes_back() -> None:
    (case,) = parse_cases(
        "[[case]]\nname='x'\nfunction='grade'\n"
        "input={annual_revenue=1, bureau_annual_revenue=1}\nerror={rule='GRADE-6'}"
    )
    result = run_case(case)
    assert not result.passed
    assert "expected an error, got the result" in result.mismatches[0]


def test_a_case_expecting_one_error_reports_another() -> None:
    (case,) = parse_cases(
        "[[case]]\nname='x'\nfunction='grade'\n"
        "input={annual_revenue=1, bureau_annual_revenue=0}\n"
        "error={type='PolicyError', field='annual_revenue', rule='GRADE-1', message='zzz'}"
    )
    result = run_case(case)
    assert not result.passed
    assert result.mismatches == (
        "error type: expected PolicyError, got RuleInputError",
        "error field: expected 'annual_revenue', got 'bureau_annual_revenue'",
        "error rule: expected GRADE-1, got GRADE-6",
        "error message: expected to contain 'zzz'",
    )


def test_a_case_whose_explanation_does_not_cite_a_listed_rule_fails() -> None:
    (case,) = parse_cases(
        "[[case]]\nname='x'\nfunction='grade'\nrules=['GRADE-5']\n"
        "input={annual_revenue=1, bureau_annual_revenue=1}\noutput={}"
    )
    result = run_case(case)
    assert result.mismatches == (
        "rules: the explanation does not cite GRADE-5 (it cites GRADE-1, GRADE-2, GRADE-3, "
        "GRADE-4)",
    )


def test_an_unexpected_error_is_reported_with_its_message() -> None:
    (case,) = parse_cases(
        "[[case]]\nname='x'\nfunction='grade'\n"
        "input={annual_revenue=1, bureau_annual_revenue=0}\noutput={tier='gold'}"
    )
    result = run_case(case)
    assert not result.passed
    assert result.mismatches[0].startswith("unexpected error RuleInputError: bureau_annual_revenue")


# ---------------------------------------------------------------- the report and the command


def test_a_failing_case_produces_a_readable_report(tmp_path: Path) -> None:
    path = _write(tmp_path, "cases/wrong.toml", FAILING_CASE)
    out = io.StringIO()
    assert run_case_files([path], out) == 1
    assert out.getvalue() == textwrap.dedent(
        f"""\
        {path}
          FAIL  one fen under 1,000,000 earns 90 points (wrong on purpose)
                grade(annual_revenue='999999.99', bureau_annual_revenue=1000000000)
                revenue_points: expected 90, got 80
                tier: expected 'gold', got 'silver'
                explanation:
                  GRADE-1: annual revenue 999,999.99 ≥ 500,000.00 (< 1,000,000.00) → 80 points
                  GRADE-2: share 999,999.99 / 1,000,000,000.00 ≈ 1.0000‰ ≥ 0.5‰ → 60 points
                  GRADE-3: score 0.6 × 80 + 0.4 × 60 + 0 × 0 = 72.0
                  GRADE-4: score 72.0 ≥ 65 → silver
        0 passed, 1 failed
        """
    )


def test_the_test_command_runs_a_directory_of_case_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["test", str(CASES)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].endswith(" passed, 0 failed")
    assert "PASS  regional silver is not in the table: the county centre by G-1" in out


def test_the_test_command_exits_1_on_a_failing_case_and_an_invalid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "a.toml", FAILING_CASE)
    _write(tmp_path, "b.toml", "nonsense = 1")
    assert main(["test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "ERROR" in out
    assert "unknown top-level key(s) nonsense" in out
    assert out.splitlines()[-1] == "0 passed, 2 failed"


def test_the_test_command_exits_2_when_no_case_file_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", str(tmp_path)]) == 2
    assert capsys.readouterr().out == "no case files found\n"


# ---------------------------------------------------------------- the pytest plugin


PLUGIN = "keyaccount_rules.verification.pytest_plugin"


def _run_pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT / "src"), *sys.path])}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", PLUGIN, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


ENABLED = '[tool.pytest.ini_options]\nkeyaccount_cases = ["cases/*.toml"]\n'


def test_the_plugin_collects_case_files_in_a_temporary_project(tmp_path: Path) -> None:
    _write(tmp_path, "pyproject.toml", ENABLED)
    _write(tmp_path, "tests/cases/grading.toml", (CASES / "grading.toml").read_text("utf-8"))
    _write(tmp_path, "tests/policy/not_a_case.toml", "name = 'not a case file'\n")
    _write(tmp_path, "tests/test_plain.py", "def test_plain():\n    assert True\n")
    run = _run_pytest(tmp_path, "-q")
    cases = len(load_case_file(CASES / "grading.toml"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{cases + 1} passed" in run.stdout


def test_the_plugin_reports_a_failing_case_readably(tmp_path: Path) -> None:
    _write(tmp_path, "pyproject.toml", ENABLED)
    _write(tmp_path, "cases/wrong.toml", FAILING_CASE)
    run = _run_pytest(tmp_path, "-q")
    assert run.returncode == 1
    assert "FAIL  one fen under 1,000,000 earns 90 points (wrong on purpose)" in run.stdout
    assert "revenue_points: expected 90, got 80" in run.stdout
    assert "GRADE-4: score 72.0 ≥ 65 → silver" in run.stdout
    assert "1 failed" in run.stdout


def test_the_plugin_pattern_is_configurable(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "pyproject.toml",
        '[tool.pytest.ini_options]\nkeyaccount_cases = ["rules/*.toml"]\n',
    )
    _write(tmp_path, "rules/wrong.toml", FAILING_CASE)
    _write(tmp_path, "cases/ignored.toml", "this is not TOML [")
    run = _run_pytest(tmp_path, "-q")
    assert run.returncode == 1
    assert "1 failed" in run.stdout


def test_the_plugin_reports_a_malformed_case_file_as_a_collection_error(tmp_path: Path) -> None:
    _write(tmp_path, "pyproject.toml", ENABLED)
    _write(tmp_path, "cases/bad.toml", "[[case]]\nname = 'x'\nfunction = 'grad'\noutput = {}\n")
    run = _run_pytest(tmp_path, "-q")
    assert run.returncode == 2
    assert "did you mean grade?" in run.stdout


def test_the_plugin_leaves_a_project_that_did_not_enable_it_alone(tmp_path: Path) -> None:
    # a service's own tests/cases/config.toml used to fail collection.
    _write(tmp_path, "pyproject.toml", "[tool.pytest.ini_options]\n")
    _write(tmp_path, "tests/cases/config.toml", "[server]\nport = 8080\n")
    _write(tmp_path, "tests/test_plain.py", "def test_plain():\n    assert True\n")
    run = _run_pytest(tmp_path, "-q")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def test_the_plugin_collects_a_file_with_the_marker_line_without_any_option(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "pyproject.toml", "[tool.pytest.ini_options]\n")
    _write(tmp_path, "checks/wrong.toml", "# keyaccount-rules: cases\n" + FAILING_CASE)
    run = _run_pytest(tmp_path, "-q")
    assert run.returncode == 1
    assert "1 failed" in run.stdout


_SCALARS = st.one_of(
    st.integers(-3, 3),
    st.text(max_size=3),
    st.booleans(),
    st.sampled_from(["grade", "qualify", "CustomerId.parse", "GRADE-1", "gold"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["a", "name", "customer", "tier", "b.c"]), inner, max_size=3
        ),
    ),
    max_leaves=5,
)
_CASE_KEYS = sorted({"input", "output", "error", "rules", "source", "policy", "policy_changes"})


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"


@given(
    st.fixed_dictionaries(
        {"name": st.just("x"), "function": st.sampled_from(["grade", "qualify"])},
        optional=dict.fromkeys(_CASE_KEYS, _VALUES),
    )
)
def test_any_case_table_is_read_or_rejected_with_a_case_file_error(case: dict[str, object]) -> None:
    text = "[[case]]\n" + "\n".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in case.items())
    try:
        cases = parse_cases(text)
    except CaseFileError:
        return
    for parsed in cases:
        run_case(parsed)  # a result, never an exception


# ---------------------------------------------------------------- reporting a run

GRADE_INPUT = "input = { annual_revenue = 1_000_000, bureau_annual_revenue = 10_000_000_000 }"


def _case(name: str, body: str) -> str:
    return f'[[case]]\nname = "{name}"\nfunction = "grade"\n{GRADE_INPUT}\n{body}\n\n'


def _report(tmp_path: Path, text: str, **options: object) -> tuple[int, str]:
    path = tmp_path / "cases.toml"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    code = run_case_files([path], out, **options)  # type: ignore[arg-type]
    return code, out.getvalue()


def test_one_malformed_case_is_reported_and_the_rest_of_its_file_runs(tmp_path: Path) -> None:
    text = _case("first", 'output = { tier = "silver" }')
    text += _case("malformed", 'outptu = { tier = "silver" }')
    text += _case("last", 'output = { tier = "silver" }')
    code, report = _report(tmp_path, text)
    assert code == 1
    lines = report.splitlines()
    assert lines[1:] == [
        "  PASS  first",
        f"  ERROR {tmp_path / 'cases.toml'}, case 2 ('malformed'): unknown key(s) outptu; "
        "a case has description, editions, error, function, input, name, output, policy, "
        "policy_changes, rules, source",
        "  PASS  last",
        "2 passed, 1 failed",
    ]


def test_a_result_where_an_error_was_expected_is_shown_by_its_headline(tmp_path: Path) -> None:
    _, report = _report(tmp_path, _case("wants an error", 'error = { type = "RuleInputError" }'))
    assert "        expected an error, got the result Grading(tier='silver', score=70.0)" in (
        report.splitlines()
    )
    assert "revenue_points" not in report  # not the whole result


def test_a_tier_typo_is_reported_as_no_tier_not_as_a_mismatch(tmp_path: Path) -> None:
    _, report = _report(tmp_path, _case("typo", 'output = { tier = "sliver" }'))
    assert (
        "        tier: expected 'sliver', which is no Tier (known: diamond, gold, silver, general);"
        " got 'silver'"
    ) in report.splitlines()


def test_skipped_cases_are_one_line_with_their_count_and_listed_with_verbose(
    tmp_path: Path,
) -> None:
    text = _case("for liangshan", 'editions = ["liangshan"]\noutput = { tier = "silver" }')
    text += _case("for liangshan too", 'editions = ["liangshan"]\noutput = { tier = "silver" }')
    text += _case("any", 'output = { tier = "silver" }')
    code, report = _report(tmp_path, text)
    assert (code, report.splitlines()[1:]) == (
        0,
        [
            "  PASS  any",
            "  2 skipped: not applicable to the policy (-v lists them)",
            "1 passed, 0 failed, 2 skipped",
        ],
    )
    _, verbose = _report(tmp_path, text, verbose=True)
    assert sum(line.startswith("  SKIP  for liangshan") for line in verbose.splitlines()) == 2
    assert "-v lists them" not in verbose


def test_the_test_command_takes_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cases.toml"
    path.write_text(
        _case("for liangshan", 'editions = ["liangshan"]\noutput = { tier = "silver" }'),
        encoding="utf-8",
    )
    assert main(["test", str(path), "-v"]) == 0
    assert "  SKIP  for liangshan (written for the liangshan edition(s)" in capsys.readouterr().out

"""The snapshot files are the library's answers today, to the letter.

Each ``tests/snapshots/<family>.toml`` holds one rule family's calls as data and their whole
answers. Regenerating a file in memory (``scripts/snapshots.py``, the one generator) must give
the committed text back: a changed field, explanation step or error message — even one that
only pads a message that a substring check would still accept — fails here with the diff.
"""

from __future__ import annotations

import importlib.util
import tomllib
from collections import defaultdict
from decimal import Decimal
from types import ModuleType

import pytest

from tests.conftest import PROJECT


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("snapshots", PROJECT / "scripts" / "snapshots.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SNAPSHOTS = _generator()
FAMILIES = SNAPSHOTS.families()
#: A case whose error message once drifted while the suite still passed (a substring matched).
DRIFTED = "key_customers: tiers not a mapping"
DRIFTED_MESSAGE = "tiers: must be a mapping of customer key → tier (got 'list') [REPORT-5]"


def _cases(family: str) -> list[dict[str, object]]:
    text = SNAPSHOTS.path_of(family).read_text(encoding="utf-8")
    cases: list[dict[str, object]] = tomllib.loads(text, parse_float=Decimal)["case"]
    return cases


@pytest.mark.parametrize("family", FAMILIES)
def test_a_regenerated_snapshot_file_is_the_committed_one(family: str) -> None:
    diff = SNAPSHOTS.stale_diff(family)
    assert diff == "", (
        f"the library's answers differ from tests/snapshots/{family}.toml; if the change is "
        f"intended, run `python scripts/snapshots.py {family}` and review the diff:\n{diff}"
    )


def test_the_snapshots_cover_the_rule_families_with_their_own_files() -> None:
    assert {"grading", "qualification", "visits", "archives", "reporting"} <= set(FAMILIES)
    assert all(_cases(family) for family in FAMILIES)


def test_each_function_s_snapshots_live_in_one_family_file() -> None:
    files: defaultdict[str, set[str]] = defaultdict(set)
    for family in FAMILIES:
        for case in _cases(family):
            files[str(case["function"])].add(family)
    assert {function: f for function, f in files.items() if len(f) > 1} == {}


def test_no_two_snapshot_cases_share_a_name() -> None:
    names = [str(case["name"]) for family in FAMILIES for case in _cases(family)]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []


def test_every_snapshot_case_holds_a_whole_answer_or_an_exact_error() -> None:
    for family in FAMILIES:
        for case in _cases(family):
            assert ("output" in case) != ("error" in case), case["name"]
            error = case.get("error")
            if isinstance(error, dict):
                assert {"type", "message"} <= set(error), case["name"]


@pytest.mark.parametrize(
    "stale",
    [
        pytest.param(DRIFTED_MESSAGE.removesuffix(" [REPORT-5]"), id="message-without-its-rule"),
        pytest.param(DRIFTED_MESSAGE + " (padded)", id="message-padded"),
        pytest.param(DRIFTED_MESSAGE.replace("tier", "level"), id="message-reworded"),
    ],
)
def test_an_error_message_that_differs_from_the_library_s_is_noticed(stale: str) -> None:
    committed = SNAPSHOTS.path_of("reporting").read_text(encoding="utf-8")
    assert committed.count(f'"message" = "{DRIFTED_MESSAGE}"') == 1
    edited = committed.replace(f'"message" = "{DRIFTED_MESSAGE}"', f'"message" = "{stale}"')
    regenerated = SNAPSHOTS.regenerate(edited, "reporting")
    assert regenerated == committed
    assert regenerated != edited


def test_an_explanation_step_that_differs_from_the_library_s_is_noticed() -> None:
    committed = SNAPSHOTS.path_of("grading").read_text(encoding="utf-8")
    step = "GRADE-4: score 100.0 ≥ 90 → diamond\n"
    assert step in committed
    edited = committed.replace(step, "GRADE-4: score 100.0 ≥ 90 → gold\n", 1)
    assert SNAPSHOTS.regenerate(edited, "grading") == committed


def test_the_generator_rewrites_outputs_from_the_inputs_it_reads() -> None:
    text = (
        'source = "RULEBOOK.md §4"\n\n[[case]]\nname = "one fen under 1,000,000"\n'
        'function = "grade"\n'
        'input = { "annual_revenue" = "999999.99", "bureau_annual_revenue" = 1000000000 }\n'
        "output = {}\n"
    )
    regenerated = SNAPSHOTS.regenerate(text, "grading")
    assert '"revenue_points" = 80\n' in regenerated
    assert '"tier" = "silver"\n' in regenerated
    assert SNAPSHOTS.regenerate(regenerated, "grading") == regenerated


def test_the_check_command_exits_0_when_current_and_2_for_an_unknown_family(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert SNAPSHOTS.main(["--check", "grading"]) == 0
    assert capsys.readouterr().out == ""
    assert SNAPSHOTS.main(["--check", "no_such_family"]) == 2
    assert "unknown families ['no_such_family']" in capsys.readouterr().err

"""The README's quick start is what CI runs, and CI runs the deep hypothesis profile too."""

from __future__ import annotations

import re

from hypothesis import settings

from tests.conftest import PROJECT

CI = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")


def _readme_commands() -> list[str]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_ci_runs_the_readme_test_command() -> None:
    commands = _readme_commands()
    assert len(commands) == 2, "the quick start has exactly two commands"
    assert commands[1] in CI.splitlines()


def test_readme_demo_command_runs_the_demo() -> None:
    assert "keyaccount-rules demo" in _readme_commands()[0]


def test_ci_runs_every_property_based_test_under_the_deep_profile_after_the_readme_command() -> (
    None
):
    deep = "HYPOTHESIS_PROFILE=deep python -m pytest -q -m hypothesis tests"
    lines = CI.splitlines()
    assert deep in lines
    assert lines.index(deep) > lines.index(_readme_commands()[1])


def test_the_deep_profile_runs_twenty_times_the_quick_examples_with_no_deadline() -> None:
    quick, deep = settings.get_profile("quick"), settings.get_profile("deep")
    assert deep.max_examples == 20 * quick.max_examples
    assert quick.deadline is None
    assert deep.deadline is None

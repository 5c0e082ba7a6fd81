"""The README's quick start is what CI runs."""

from __future__ import annotations

import re

from tests.conftest import PROJECT


def test_ci_runs_the_readme_test_command() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert len(commands) == 2, "the quick start has exactly two commands"
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_readme_demo_command_runs_the_demo() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "keyaccount-rules demo" in re.findall(r"```sh\n(.+?)\n```", readme)[0]

"""The README's quick start is what CI runs, and CI runs the deep hypothesis profile too."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from hypothesis import settings

from keyaccount_rules.io.cli import main
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


def _cli_lines() -> list[str]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = re.findall(r"```text\n(keyaccount-rules sample .+?)\n```", readme, flags=re.DOTALL)
    assert len(block) == 1, "the README has one block of command lines, starting with sample"
    return block[0].splitlines()


def test_every_cli_line_of_the_readme_runs_on_the_sample_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's command lines use files a newcomer has: `sample year/` writes them."""
    monkeypatch.chdir(tmp_path)
    for line in _cli_lines():
        words = shlex.split(line)
        assert words[0] == "keyaccount-rules"
        redirect = words.index(">") if ">" in words else None
        argv = words[1:redirect]
        assert main(argv) == 0, line
        printed = capsys.readouterr().out
        if redirect is not None:
            (tmp_path / words[redirect + 1]).write_text(printed, encoding="utf-8")
        assert printed or redirect is not None or "-o" in argv, line
    assert (tmp_path / "year" / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # --excel
    assert "<html" in (tmp_path / "year" / "report.html").read_text(encoding="utf-8")

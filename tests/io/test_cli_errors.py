"""What the command line prints when its input is bad: one clear line, safe for a terminal,
and no partial document."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io import cli
from keyaccount_rules.io.stream import write_agenda

FACTS = ["--bureau-revenue", "300000000", "--as-of", "2026-11-23"]
PORTFOLIO = "name,scope,last_year_express,current_month_express\n"
ACTIVITY = "customer,date,kind,manager\n"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------- damaged input, every command


def _damaged_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    return out.getvalue()


#: A damaged file of each format the readers take, by suffix.
DAMAGED: dict[str, bytes] = {
    ".csv": b"\xff\xfe\x00garbage,\n\x00\x00",
    ".jsonl": b'{"name": "a", "name": "b"}\n{"name": "\\ud800"}\n[1\n',
    ".json": b'[{"name": "a"}, {"name":',
    ".xlsx": _damaged_xlsx(),
}


def _commands(tmp_path: Path, damaged: str) -> dict[str, list[str]]:
    good_portfolio = write(tmp_path / "good.csv", PORTFOLIO + "A,regional,30000,3000\n")
    good_activity = write(tmp_path / "act.csv", ACTIVITY + "A,2026-11-03,visit,li\n")
    return {
        "evaluate": ["evaluate", damaged, *FACTS],
        "explain": ["explain", damaged, "--row", "2", *FACTS],
        "agenda-portfolio": ["agenda", damaged, "--activity", good_activity, *FACTS],
        "agenda-activity": ["agenda", good_portfolio, "--activity", damaged, *FACTS],
        "agenda-revenue": [
            "agenda",
            good_portfolio,
            "--activity",
            good_activity,
            "--revenue",
            damaged,
            *FACTS,
            "--format",
            "json",
        ],
        "report": [
            "report",
            damaged,
            "--portfolio",
            good_portfolio,
            "--month",
            "2026-10",
            "--bureau-revenue",
            "300000000",
        ],
        "report-portfolio": [
            "report",
            good_activity,
            "--portfolio",
            damaged,
            "--month",
            "2026-10",
            "--bureau-revenue",
            "300000000",
        ],
    }


@pytest.mark.parametrize("suffix", sorted(DAMAGED))
@pytest.mark.parametrize(
    "command",
    [
        "evaluate",
        "explain",
        "agenda-portfolio",
        "agenda-activity",
        "agenda-revenue",
        "report",
        "report-portfolio",
    ],
)
def test_no_command_prints_a_traceback_for_a_damaged_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, command: str
) -> None:
    """docs/cli.md: bad input never prints a traceback, whatever the command and format."""
    damaged = tmp_path / f"damaged{suffix}"
    damaged.write_bytes(DAMAGED[suffix])
    args = _commands(tmp_path, str(damaged))[command]
    code, out, err = run_cli(capsys, *args)
    assert code == 1, err
    assert "Traceback" not in err
    assert f"{damaged}" in err or "row" in err
    assert "\x00" not in err
    if command.startswith("agenda"):
        assert out == ""


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_policy_commands_and_test_print_no_traceback_for_a_damaged_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    damaged = tmp_path / f"policy{suffix}"
    damaged.write_bytes(b'extends = "shantou"\n[a\n' if suffix == ".toml" else b'{"a": 1, "a": 2')
    for args in (
        ["policy", "check", str(damaged)],
        ["policy", "show", str(damaged)],
        ["policy", "diff", "default", str(damaged)],
        ["evaluate", str(write(tmp_path / "p.csv", PORTFOLIO)), *FACTS, "--policy", str(damaged)],
        ["test", "--policy", str(damaged)],
    ):
        code, _out, err = run_cli(capsys, *args)
        assert code == 1, (args, err)
        assert "Traceback" not in err
        assert "\\n" not in err  # a policy's problems on real lines, never a literal \n
    cases = tmp_path / "cases.toml"
    cases.write_bytes(b"[[case]\n")
    code, out, _err = run_cli(capsys, "test", str(cases))
    assert code == 1
    assert "ERROR" in out


# ---------------------------------------------------------------- terminal escapes


HOSTILE = "X\x1b[2J\x9b1m\u202eY"


def _clean(text: str) -> bool:
    return not any(char in text for char in "\x1b\x9b\u202e\r")


def test_agenda_report_and_test_error_lines_send_no_escape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file's name is data too: it starts every row error.
    portfolio = write(tmp_path / f"p{HOSTILE}.csv", PORTFOLIO + "A,宇宙,1,1\n")
    activity = write(tmp_path / "a.csv", ACTIVITY + "A,2026-11-03,visit,li\n")
    code, _out, err = run_cli(capsys, "agenda", portfolio, "--activity", activity, *FACTS)
    assert code == 1
    assert "\\x1b[2J" in err
    assert _clean(err)
    revenue = write(tmp_path / f"r{HOSTILE}.csv", "customer,month,line,amount\nA,2026-10,x,1\n")
    customers = write(tmp_path / "customers.csv", PORTFOLIO + "A,regional,1,1\n")
    code, _out, err = run_cli(
        capsys,
        "report",
        revenue,
        "--portfolio",
        customers,
        "--month",
        "2026-10",
        "--bureau-revenue",
        "300000000",
    )
    assert code == 1
    assert "\\x1b[2J" in err
    assert _clean(err)
    cases = write(tmp_path / f"c{HOSTILE[:1]}.toml", f'[[case]]\nname = "{HOSTILE}"\n')
    code, out, _err = run_cli(capsys, "test", cases)
    assert code == 1
    assert _clean(out)
    code, _out, err = run_cli(capsys, "evaluate", portfolio, "--as-of", f"2026{HOSTILE}", *FACTS)
    assert code == 2
    assert _clean(err)


def test_a_policy_error_prints_each_problem_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path / "bad.toml", 'extends = "shantou"\nname = 5\n[grading]\ntiers = 1\n')
    code, _out, err = run_cli(
        capsys, "evaluate", write(tmp_path / "p.csv", PORTFOLIO), *FACTS, "--policy", bad
    )
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"keyaccount-rules: error: {bad} is invalid (")
    assert all(line.startswith("  ") for line in lines[1:-1])
    assert len(lines) >= 3


# ---------------------------------------------------------------- options


def test_a_misspelt_edition_gets_a_suggestion_and_the_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    portfolio = write(tmp_path / "p.csv", PORTFOLIO)
    code, _out, err = run_cli(capsys, "evaluate", portfolio, *FACTS, "--policy", "shantuo")
    assert code == 1
    assert err.splitlines()[:2] == [
        "keyaccount-rules: error: --policy is invalid (1 problem(s)):",
        "  --policy: no edition and no file is named 'shantuo'; did you mean 'shantou'? the "
        "editions are shantou, liangshan, combined; a policy file ends in .toml or .json",
    ]
    code, _out, err = run_cli(capsys, "evaluate", portfolio, *FACTS, "--policy", "bureau")
    assert "did you mean" not in err
    assert "the editions are shantou, liangshan, combined" in err


def test_an_option_error_names_its_option_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_cli(
        capsys, "evaluate", "p.csv", "--bureau-revenue", "-5", "--as-of", "2026-11-23"
    )
    assert code == 2
    assert err.splitlines()[-1] == (
        "keyaccount-rules evaluate: error: argument --bureau-revenue: must not be negative "
        "(got '-5') [GRADE-6]"
    )
    code, _out, err = run_cli(capsys, "report", "r.csv", "--month", "13", *FACTS[:2])
    assert code == 2
    assert err.splitlines()[-1] == (
        "keyaccount-rules report: error: argument --month: must be a month written YYYY-MM, "
        "such as 2025-03 (got '13')"
    )


# ---------------------------------------------------------------- output written whole


@pytest.mark.parametrize("fmt", ["csv", "json", "ics"])
def test_an_agenda_stopped_by_a_bad_row_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    rows = "".join(f"C{i},regional,600000,50000\n" for i in range(300)) + "bad,宇宙,1,1\n"
    portfolio = write(tmp_path / "p.csv", PORTFOLIO + rows)
    activity = write(tmp_path / "a.csv", ACTIVITY + "C1,2026-11-03,visit,li\n")
    args = ["agenda", portfolio, "--activity", activity, *FACTS, "--format", fmt]
    code, out, err = run_cli(capsys, *args)
    assert code == 1
    assert "row 302" in err
    assert out == ""
    write(tmp_path / "p.csv", PORTFOLIO + rows.rpartition("bad,")[0])
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    assert out


def test_write_agenda_for_a_manager_lists_only_that_managers_items(tmp_path: Path) -> None:
    customers = [
        kr.Customer(
            name=n,
            scope="regional",
            last_year_revenue={"express": 600_000},
            current_month_revenue={"express": 50_000},
        )
        for n in ("A", "B")
    ]
    activity = kr.read_activity(
        (ACTIVITY + "A,2026-11-03,visit,li\nB,2026-11-03,visit,wang\n").encode()
    )
    items = list(
        kr.iter_agenda(
            customers,
            list(activity),
            as_of=date(2026, 11, 23),
            bureau_annual_revenue=300_000_000,
            report=lambda problem: None,
        )
    )
    assert {i.manager for i in items} >= {"li", "wang"}
    out = io.StringIO()
    written = write_agenda(items, out, as_of=date(2026, 11, 23), format="json", manager="li")
    listed = json.loads(out.getvalue())["items"]
    assert written == len(listed) == sum(i.manager == "li" for i in items)
    assert {item["manager"] for item in listed} == {"li"}
    calendar = io.StringIO()
    count = write_agenda(items, calendar, as_of=date(2026, 11, 23), format="ics", manager="li")
    assert count == written
    assert "wang" not in calendar.getvalue()


def test_a_table_stopped_by_a_bad_row_counts_what_it_showed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portfolio = write(tmp_path / "p.csv", PORTFOLIO + "A,regional,30000,3000\nB,宇宙,1,1\n")
    code, out, err = run_cli(capsys, "evaluate", portfolio, *FACTS)
    assert code == 1
    assert "A" in out.splitlines()[-1]
    assert err.splitlines()[-1] == "keyaccount-rules: output incomplete: 1 row(s) written"
    first_bad = write(tmp_path / "q.csv", PORTFOLIO + "B,宇宙,1,1\nA,regional,30000,3000\n")
    code, out, err = run_cli(capsys, "evaluate", first_bad, *FACTS)
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == "keyaccount-rules: nothing written"


def test_a_missing_optional_package_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyaccount_rules.io.cli import evaluate

    def missing(*args: object) -> int:
        raise ImportError("reading this needs a package: pip install 'keyaccount-rules[x]'")

    monkeypatch.setattr(evaluate, "write_evaluation", missing)
    code, _out, err = run_cli(capsys, "evaluate", write(tmp_path / "p.csv", PORTFOLIO), *FACTS)
    assert code == 1
    assert err.splitlines() == [
        "keyaccount-rules: error: reading this needs a package: pip install 'keyaccount-rules[x]'",
        "keyaccount-rules: nothing written",
    ]

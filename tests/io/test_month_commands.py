"""The monthly cycle's commands (io/cli/month.py): ``agenda`` and ``report`` as a department
head and an account manager meet them — an unknown manager, a unit by its Chinese label, the
status words in Chinese, the order of the table, progress on a terminal, the report's
portfolio."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import pytest

from keyaccount_rules.io.cli import main, month
from keyaccount_rules.io.cli.output import progress

BUREAU = "300000000"
AS_OF = "2025-03-20"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Five key accounts of two managers (李, 王), their March activity, and a revenue file."""
    portfolio = tmp_path / "portfolio.csv"
    amounts = (2_000_000, 900_000, 400_000, 150_000, 60_000)
    portfolio.write_text(
        "name,scope,has_agreement,last_year_express,current_month_express\n"
        + "".join(f"客户{n},comprehensive,true,{a},{a // 12}\n" for n, a in enumerate(amounts)),
        encoding="utf-8",
    )
    activity = tmp_path / "activity.csv"
    activity.write_text(
        "customer,date,kind,manager\n"
        "客户0,2025-03-03,visit,李\n客户1,2025-03-04,visit,王\n客户2,2025-03-05,contact,李\n"
        "客户3,2025-03-06,contact,王\n客户4,2025-03-07,contact,李\n",
        encoding="utf-8",
    )
    revenue = tmp_path / "revenue.csv"
    revenue.write_text(
        "customer,month,line,amount\n"
        + "".join(
            f"客户{n},2025-{m:02d},express,{a // 12}\n"
            for n, a in enumerate(amounts)
            for m in (1, 2, 3)
        ),
        encoding="utf-8",
    )
    return {"portfolio": portfolio, "activity": activity, "revenue": revenue}


def agenda(files: dict[str, Path], *more: str) -> list[str]:
    return [
        "agenda",
        str(files["portfolio"]),
        "--activity",
        str(files["activity"]),
        "--as-of",
        AS_OF,
        "--bureau-revenue",
        BUREAU,
        *more,
    ]


@pytest.mark.parametrize("form", ["table", "csv", "json", "ics"])
def test_an_unknown_manager_is_an_error_listing_the_managers(
    files: dict[str, Path], form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(agenda(files, "--manager", "赵", "--format", form)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "keyaccount-rules: error: --manager: no duty of 2025-03 is that manager's (got '赵'); "
        "the activity names these managers: 李, 王\n"
    )


def test_a_known_manager_s_table_counts_that_manager_s_items_only(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(agenda(files, "--manager", "王")) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line[:4] == "2025"]
    assert rows
    assert all(("客户1" in r) or ("客户3" in r) for r in rows)
    assert f"CAL-2: 2025-03: {len(rows)} item(s): " in out


def test_the_table_lists_overdue_then_due_then_done_each_by_date(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(agenda(files, "--manager", "李")) == 0
    rows = [line.split()[:2] for line in capsys.readouterr().out.splitlines() if line[:4] == "2025"]
    order = {"overdue": 0, "due": 1, "done": 2}
    keys = [(order[status], day) for day, status in rows]
    assert keys == sorted(keys)
    assert {status for _day, status in rows} >= {"due", "done"}


def test_the_table_in_chinese_says_due_overdue_and_done_in_chinese(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(agenda(files, "--lang", "zh")) == 0
    statuses = {
        line.split()[1] for line in capsys.readouterr().out.splitlines() if line[:4] == "2025"
    }
    assert statuses <= {"待办", "逾期", "已完成"}
    assert "已完成" in statuses
    assert "待办" in statuses


def test_a_unit_is_taken_by_its_chinese_label_as_by_its_code(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(agenda(files, "--unit", "city_center", "--format", "csv")) == 0
    by_code = capsys.readouterr().out
    assert main(agenda(files, "--unit", "市局大客户中心", "--format", "csv")) == 0
    assert capsys.readouterr().out == by_code
    assert "city_center" in by_code


def test_a_unit_no_code_or_label_names_is_a_usage_error(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(agenda(files, "--unit", "市局")) == 2
    assert "argument --unit: must be a unit's code or label, one of provincial_center, " in (
        capsys.readouterr().err
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' progress line after every row (a long run's, on five rows)."""
    monkeypatch.setattr(month, "progress", functools.partial(progress, every=1))


def test_the_agenda_shows_its_progress_on_a_terminal(
    files: dict[str, Path], every_row: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(agenda(files, "--format", "csv")) == 0
    shown = terminal.getvalue()
    assert "\r5 customers done.\n" in shown
    assert "\r5 activity rows done.\n" in shown
    assert re.search(r"\r\d+ duties done\.\n$", shown)  # then the duties as they are written
    assert shown.index("customers done") < shown.index("activity rows done")


def test_the_report_shows_its_progress_on_a_terminal(
    files: dict[str, Path], every_row: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    command = ["report", str(files["revenue"]), "--portfolio", str(files["portfolio"])]
    assert main([*command, "--month", "2025-03", "--bureau-revenue", BUREAU]) == 0
    shown = terminal.getvalue()
    assert "\r5 customers done.\n" in shown
    assert "\r15 revenue rows done.\n" in shown


def test_no_progress_is_shown_when_stderr_is_piped(
    files: dict[str, Path], every_row: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(agenda(files, "--format", "csv")) == 0
    assert capsys.readouterr().err == ""


def test_the_report_needs_the_portfolio(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Without each customer's scope and agreement the report would count other accounts."""
    command = ["report", str(files["revenue"]), "--month", "2025-03", "--bureau-revenue", BUREAU]
    assert main(command) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "keyaccount-rules: error: report needs --portfolio FILE: each customer's scope and "
        "agreement decide whether it is a key account and which unit answers for it (QUAL-1, "
        "RESP-1); without them every customer would be read as comprehensive with no "
        "agreement and the figures would be wrong\n"
    )

"""Safe files out: nothing a spreadsheet, a calendar or a terminal runs;
no partial result that looks whole."""

from __future__ import annotations

import csv
import errno
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io import cli
from keyaccount_rules.io.cli import evaluate, formats
from keyaccount_rules.io.csv_text import pay_run_csv
from keyaccount_rules.io.safety import ics_text
from keyaccount_rules.policy import default_policy

FACTS = ["--bureau-revenue", "300000000", "--as-of", "2026-11-23"]
HEADER = "name,scope,last_year_express,current_month_express\n"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def portfolio(tmp_path: Path, *names: str, extra: str = "") -> Path:
    path = tmp_path / "p.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADER.strip().split(","), *([extra] if extra else [])])
        for name in names:
            writer.writerow([name, "regional", "30000", "3000", *(["=cmd"] if extra else [])])
    return path


def payroll(*managers: str) -> kr.PayRun:
    return kr.pay_run(
        [kr.PayrollEntry(manager=m, quality=dict.fromkeys(kr.PayIndicator, 1)) for m in managers],
        month=date(2026, 11, 1),
    )


# ---------------------------------------------------------------- 7. formula injection


FORMULAS = ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def test_the_cli_csv_writes_a_formula_like_name_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = portfolio(tmp_path, *FORMULAS, extra="备注")
    code, out, err = run_cli(capsys, "evaluate", str(path), *FACTS, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["name"] for r in rows] == ["'" + f.strip() for f in FORMULAS]  # names are stripped
    assert {r["备注"] for r in rows} == {"'=cmd"}  # passed-through columns too


@pytest.mark.parametrize("write", [pay_run_csv, kr.PayRun.to_csv], ids=["export", "method"])
def test_the_pay_run_csv_writes_a_formula_like_manager_as_text(write: Any) -> None:
    rows = list(csv.reader(io.StringIO(write(payroll(*FORMULAS)), newline="")))
    assert sorted(r[1] for r in rows[1:]) == sorted("'" + f for f in FORMULAS)


# ---------------------------------------------------------------- 8. a lone CR


def test_a_lone_cr_in_a_manager_name_cannot_move_pay_to_another_manager() -> None:
    text = payroll("li\rwang", "zhao").to_csv()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[1] for r in rows[1:]] == ["li\rwang", "zhao"]
    assert all(len(r) == len(rows[0]) for r in rows)


def test_every_csv_line_ends_in_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run_cli(
        capsys, "evaluate", str(portfolio(tmp_path, "A")), *FACTS, "--format", "csv"
    )
    assert out.count("\r\n") == 2


# ---------------------------------------------------------------- 9. iCalendar injection


def _lines(ics: str) -> list[str]:
    assert "\r" not in ics.replace("\r\n", "")
    assert "\n" not in ics.replace("\r\n", "")
    return ics.replace("\r\n ", "").split("\r\n")  # unfolded


def test_no_duty_text_key_or_rule_can_add_an_icalendar_line() -> None:
    calendar = kr.month_calendar(date(2025, 3, 1))
    duty = calendar.duties[0].model_copy(
        update={
            "what": "x\rATTENDEE:mailto:a@example.com",
            "who_zh": "y\nATTACH:http://example.com/x",
            "key": "k\rRRULE:FREQ=DAILY",
            "rule": "CAL-1\rATTACH:http://example.com",
            "source": "s\r\nEND:VEVENT",
        }
    )
    hostile = calendar.model_copy(update={"duties": (duty,)})
    for lang in ("en", "zh"):
        lines = _lines(kr.to_ics(hostile, lang=lang))
        names = [line.split(":")[0].split(";")[0] for line in lines]
        assert not {"ATTENDEE", "ATTACH", "RRULE"} & set(names)
        ends = [line for line in lines if line.startswith("END")]
        assert ends == ["END:VALARM", "END:VEVENT", "END:VCALENDAR"]  # each once


def test_the_agenda_escapes_ics_text_with_the_one_library_function() -> None:
    assert ics_text("a\rRRULE:x\x1b") == "a\\nRRULE:x"


# ---------------------------------------------------------------- 10. terminal escapes


HOSTILE = "A\x1b[2J\u202eB\rC"


def test_the_table_shows_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run_cli(capsys, "evaluate", str(portfolio(tmp_path, HOSTILE)), *FACTS)
    assert code == 0
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "\r" not in out
    assert "A\\x1b[2J\\u202eB\\rC" in out


def test_explain_shows_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = portfolio(tmp_path, HOSTILE)
    code, out, _err = run_cli(capsys, "explain", str(path), "--row", "2", *FACTS)
    assert code == 0
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "\r" not in out


def _policy_with_source(tmp_path: Path, source: str) -> Path:
    data = json.loads(default_policy().model_dump_json())
    data["qualification"]["source"] = source
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_policy_show_and_diff_show_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("keyaccount_rules.policy")
    data = json.loads(default_policy().model_dump_json())
    sections = [k for k, v in data.items() if isinstance(v, dict) and "source" in v]
    if not sections:
        pytest.skip("the policy has no section-level source text")
    data[sections[0]]["source"] = "\x1b[1A\x1b[2K" + HOSTILE
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for args in (["policy", "show", str(path)], ["policy", "diff", "default", str(path)]):
        code, out, err = run_cli(capsys, *args)
        assert code == 0, err
        assert "\x1b" not in out
        assert "\u202e" not in out
        assert "\r" not in out
        assert "\\x1b[1A" in out


# ---------------------------------------------------------------- 11. one long name


def test_one_very_long_name_does_not_pad_every_row() -> None:
    row = {"key_account": False, "criteria": [], "score": None, "tier": None, "unit": None,
           "contacts_per_month": None}  # fmt: skip
    rows = [
        {"row": 2, "name": "长" * 100_000, **row},
        *({"row": n, "name": "A", **row} for n in range(3, 1000)),
    ]
    out = io.StringIO()
    formats.write_table(iter(rows), out, "en")
    assert len(out.getvalue()) < 200 * 1000
    assert max(map(len, out.getvalue().splitlines())) < 200
    assert "…" in out.getvalue()


# ---------------------------------------------------------------- 12. partial output


def test_no_header_is_written_before_the_first_row_is_known_good(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "A,cosmic,1,1\n", encoding="utf-8")
    for fmt in ("csv", "json", "table"):
        code, out, err = run_cli(capsys, "evaluate", str(path), *FACTS, "--format", fmt)
        assert (code, out) == (1, "")
        assert err.splitlines()[-1] == "keyaccount-rules: nothing written"


def test_an_error_part_way_ends_with_the_count_of_rows_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "A,regional,1,1\nB,regional,1,1\nC,cosmic,1,1\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", str(path), *FACTS, "--format", "csv")
    assert code == 1
    assert len(out.splitlines()) == 3
    assert err.splitlines()[-1] == "keyaccount-rules: output incomplete: 2 row(s) written"


def test_output_to_a_file_appears_only_when_complete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.csv"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "A,regional,1,1\nC,cosmic,1,1\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "evaluate", str(bad), *FACTS, "-o", str(target))
    assert code == 1
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary file left behind
    assert f"nothing written to {target}" in err
    good = portfolio(tmp_path, "A", "B")
    code, _out, _err = run_cli(capsys, "evaluate", str(good), *FACTS, "--excel", "-o", str(target))
    assert code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrow,customer_id,name")
    assert data.count(b"\r\n") == 3


def test_excel_writes_a_bom_on_stdout_and_refuses_another_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = portfolio(tmp_path, "A")
    code, out, _err = run_cli(capsys, "evaluate", str(path), *FACTS, "--excel")
    assert (code, out[:4]) == (0, "\ufeffrow")
    code, _out, err = run_cli(capsys, "evaluate", str(path), *FACTS, "--excel", "--format", "json")
    assert code == 2
    assert "--excel writes CSV" in err


def _interrupting(after: int, error: BaseException) -> Any:
    real = evaluate.outcome_rows

    def rows(*args: Any, **kwargs: Any) -> Any:
        for index, row in enumerate(real(*args, **kwargs)):
            if index == after:
                raise error
            yield row

    return rows


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        pytest.param(KeyboardInterrupt(), 130, "interrupted", id="ctrl-c"),
        pytest.param(OSError(errno.ENOSPC, "No space left on device"), 1, "No space left",
                     id="full-disk"),
        pytest.param(BrokenPipeError(errno.EPIPE, "Broken pipe"), 1, "closed by the reader",
                     id="pipe"),
    ],
)  # fmt: skip
def test_an_interruption_ends_with_a_message_and_the_counts_not_a_traceback(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    code: int,
    message: str,
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "A,cosmic,1,1\n" + "B,regional,1,1\n" * 5, encoding="utf-8")
    monkeypatch.setattr(evaluate, "outcome_rows", _interrupting(2, error))
    result = run_cli(capsys, "evaluate", str(path), *FACTS, "--format", "csv", "--skip-bad-rows")
    assert result[0] == code
    assert message in result[2]
    assert "Traceback" not in result[2]
    assert "skipped: " in result[2]  # the report of the skipped row is not lost
    assert result[2].splitlines()[-1].endswith("2 row(s) written, 1 bad row(s) skipped")


# ---------------------------------------------------------------- the rest of the command line


def test_version_prints_the_library_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, "--version")
    assert (code, out.strip()) == (0, f"keyaccount-rules {kr.__version__}")


def test_explain_finds_a_customer_by_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "name,customer_id,上年特快收入,本月特快收入\nA,44052300001000,1,1\nB,44052300002000,30000,3000\n",
        encoding="utf-8",
    )
    code, out, _err = run_cli(capsys, "explain", str(path), "--id", "44052300002000", *FACTS)
    assert code == 0
    assert out.startswith("B (row 3)")


def test_lang_zh_applies_to_csv_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = portfolio(tmp_path, "A")
    _code, out, _err = run_cli(
        capsys, "evaluate", str(path), *FACTS, "--format", "csv", "--lang", "zh"
    )
    (row,) = csv.DictReader(io.StringIO(out, newline=""))
    assert (row["客户名称"], row["大客户"], row["等级"]) == ("A", "是", "一般")
    _code, out, _err = run_cli(
        capsys, "evaluate", str(path), *FACTS, "--format", "json", "--lang", "zh"
    )
    assert json.loads(out)["大客户"] == "是"


def test_ignore_extra_leaves_the_input_columns_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = portfolio(tmp_path, "A", extra="备注")
    _code, out, _err = run_cli(capsys, "evaluate", str(path), *FACTS, "--format", "json")
    assert json.loads(out)["备注"] == "=cmd"  # JSON is not a spreadsheet: the text as it is
    args = ["evaluate", str(path), *FACTS, "--format", "json", "--ignore-extra"]
    _code, out, _err = run_cli(capsys, *args)
    assert "备注" not in json.loads(out)


def test_work_calendar_over_a_huge_range_is_refused_with_the_fix() -> None:
    with pytest.raises(
        kr.RuleInputError, match=r"at most 10 calendar years .*\[CAL-1\]; call year_calendar"
    ):
        kr.work_calendar(date(2, 1, 1), date(9998, 12, 31))
    assert kr.work_calendar(date(2025, 1, 1), date(2034, 12, 31)).duties


def test_the_monthly_report_csv_neutralises_formula_cells_and_ends_lines_in_crlf(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import csv
    import io
    from decimal import Decimal

    from keyaccount_rules.core.periods import Month
    from keyaccount_rules.records.activity import RevenueRow

    rows = [RevenueRow(2, "A", Month.parse("2026-11"), kr.BusinessLine.EXPRESS, Decimal(1))]
    report = kr.monthly_report(rows, month="2026-11", bureau_annual_revenue=300_000_000)
    named = {"measure": "gained", "group": "customer", "key": "=HYPERLINK(1)"}
    monkeypatch.setattr(type(report), "to_rows", lambda self: [named])
    text = report.to_csv()
    assert text.endswith("\r\n")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert "'=HYPERLINK(1)" in cells
    assert "=HYPERLINK(1)" not in cells


def test_a_bidi_override_in_a_name_is_isolated_in_the_html_report() -> None:
    from decimal import Decimal

    from keyaccount_rules.core.periods import Month
    from keyaccount_rules.records.activity import RevenueRow

    months = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 12)]
    rows = [
        RevenueRow(n, name, Month.parse(month), kr.BusinessLine.EXPRESS, Decimal(900_000))
        for n, (name, month) in enumerate(
            ((name, month) for name in ("\u202eevil", "honest") for month in months), start=2
        )
    ]
    report = kr.monthly_report(rows, month="2026-11", bureau_annual_revenue=300_000_000)
    page = report.to_html()
    assert page.count("\u202e") == page.count("<bdi>\u202eevil</bdi>") > 0
    assert "<bdi>honest</bdi>" in page

"""One writer per format: iCalendar events, CSV, JSON, and the words of io from the catalogues."""

from __future__ import annotations

import ast
import datetime as dt
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core import catalogue
from keyaccount_rules.io import cli, csv_text, ics
from keyaccount_rules.io.html import report_html
from keyaccount_rules.rules.calendar import Duty
from tests.test_architecture import PACKAGE, SOURCES

IO_SOURCES = [p for p in SOURCES if p.relative_to(PACKAGE).parts[0] == "io"]
AS_OF = dt.date(2026, 11, 23)


def _duty() -> Duty:
    return Duty(
        key="k",
        rule="CAL-1",
        what="training",
        what_zh="培训",
        who="prefecture centre",
        who_zh="州局",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        stated_due=dt.date(2025, 12, 31),
        due=dt.date(2025, 12, 31),
        at_least=1,
        at_most=1,
        source="001",
    )


def _calendar() -> kr.WorkCalendar:
    base = kr.work_calendar(dt.date(2025, 12, 31), dt.date(2025, 12, 31))
    return base.model_copy(update={"duties": (_duty(),)})


def _agenda() -> kr.Agenda:
    customer = kr.Customer(
        name="A", last_year_revenue={"express": 25000}, current_month_revenue={"express": 2500}
    )
    activity = kr.read_activity(b"customer,date,kind\nA,2026-11-03,visit\n")
    return kr.agenda([customer], activity, as_of=AS_OF, bureau_annual_revenue=300_000_000)


def _calls(name: str) -> list[tuple[str, str]]:
    """(module, call) of every call of ``<anything>.name(...)`` or ``name(...)`` in src/."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called == name:
                    found.append(str(path.relative_to(PACKAGE)))
    return sorted({(module, name) for module in found})


# ---------------------------------------------------------------- iCalendar


def test_both_calendars_write_their_events_through_the_one_event_writer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written: list[str] = []
    event = ics.event

    def spy(**fields: Any) -> list[str]:
        written.append(fields["uid"])
        return event(**fields)

    monkeypatch.setattr(ics, "event", spy)
    plan = _agenda()
    kr.to_ics(_calendar(), lang="en")
    plan.to_ics(lang="en")
    assert written == ["k-20250101-20251231@keyaccount-rules", *map(ics.item_uid, plan.items)]
    assert len(plan.items) > 1


def test_a_work_calendar_s_text_is_pinned_byte_for_byte() -> None:
    assert kr.to_ics(_calendar(), lang="zh").split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//keyaccount_rules//work calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:大客户工作日历",
        "BEGIN:VEVENT",
        "UID:k-20250101-20251231@keyaccount-rules",
        "DTSTAMP:20251231T000000Z",
        "DTSTART;VALUE=DATE:20251231",
        "DTEND;VALUE=DATE:20260101",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "SUMMARY:[CAL-1] 培训（州局）",
        "DESCRIPTION:CAL-1: training — prefecture centre\\n培训 — 州局\\nperio",  # 75 octets
        " d 2025-01-01 – 2025-12-31\\; due by 2025-12-31\\n001",
        "CATEGORIES:CAL-1",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:[CAL-1] 培训（州局）",
        "TRIGGER:-PT15H",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]


def test_an_agenda_s_calendar_text_is_pinned_line_for_line() -> None:
    plan = _agenda()
    item = plan.items[0]
    lines = plan.to_ics(lang="en").split("\r\n")
    assert lines[:6] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//keyaccount_rules//agenda//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Key-account agenda",
    ]
    assert item.customer is None  # the unit duties come first: named by their key
    assert lines[6:14] == [
        "BEGIN:VEVENT",
        f"UID:{item.due:%Y%m%d}-{item.rule}-{item.duty}-unit@keyaccount-rules",
        "DTSTAMP:20261123T000000Z",  # the agenda's day
        f"DTSTART;VALUE=DATE:{item.due:%Y%m%d}",
        f"DTEND;VALUE=DATE:{item.due + dt.timedelta(days=1):%Y%m%d}",
        "SEQUENCE:1",  # overdue
        "STATUS:CONFIRMED",
        ics.ics_fold(
            "SUMMARY:" + ics.ics_text(f"[{item.rule}] {item.what} — {item.responsible} (overdue)")
        ).split("\r\n")[0],
    ]
    assert item.status == "overdue"
    assert lines[-2:] == ["END:VCALENDAR", ""]


def test_no_module_but_the_event_writer_opens_an_icalendar_event() -> None:
    opening = [
        str(path.relative_to(PACKAGE))
        for path in SOURCES
        if '"BEGIN:VEVENT",' in path.read_text(encoding="utf-8")
    ]
    assert opening == ["io/ics.py"]
    text = (PACKAGE / "io" / "ics.py").read_text(encoding="utf-8")
    assert text.count('"BEGIN:VEVENT",') == 1


# ---------------------------------------------------------------- CSV and JSON


def test_no_module_but_csv_text_makes_a_csv_writer() -> None:
    assert _calls("writer") + _calls("DictWriter") == [("io/csv_text.py", "writer")]


def test_no_io_module_but_json_text_writes_json() -> None:
    writing = sorted(
        str(path.relative_to(PACKAGE))
        for path in IO_SOURCES
        if "json.dumps(" in path.read_text(encoding="utf-8")
    )
    assert writing == ["io/json_text.py"]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: _agenda().to_csv(), id="agenda"),
        pytest.param(
            lambda: kr.monthly_report(
                kr.read_revenue(b"customer,month,line,amount\nA,2026-10,express,30000\n"),
                month="2026-10",
                bureau_annual_revenue=300_000_000,
            ).to_csv(),
            id="report",
        ),
        pytest.param(
            lambda: kr.pay_run(
                [kr.PayrollEntry(manager="li", quality=dict.fromkeys(kr.PayIndicator, 1))],
                month=dt.date(2026, 11, 1),
            ).to_csv(),
            id="pay-run",
        ),
        pytest.param(lambda: cli.main(["demo", "--format", "csv"]), id="cli-evaluate"),
    ],
)
def test_every_csv_the_library_writes_goes_through_the_one_writer(
    write: Callable[[], object], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[int] = []
    real = csv_text.write_csv

    def spy(out: io.StringIO, columns: Any, rows: Any, **options: Any) -> int:
        calls.append(1)
        return real(out, columns, rows, **options)

    monkeypatch.setattr(csv_text, "write_csv", spy)
    monkeypatch.setattr("keyaccount_rules.io.cli.formats.write_csv", spy)
    write()
    capsys.readouterr()
    assert calls == [1]


def test_the_streamed_agenda_json_lists_the_problems_found_while_its_items_were_decided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portfolio = tmp_path / "p.csv"
    portfolio.write_text("name,last_year_express,current_month_express\nA,25000,2500\n", "utf-8")
    activity = tmp_path / "a.csv"
    activity.write_text("customer,date,kind\nA,2026-11-30,visit\n", encoding="utf-8")
    args = [str(portfolio), "--activity", str(activity), "--as-of", "2026-11-23"]
    code = cli.main(["agenda", *args, "--bureau-revenue", "300000000", "--format", "json"])
    out = capsys.readouterr().out
    streamed = kr.Agenda.model_validate_json(out)
    assert code == 0
    assert [(p.row, p.problem) for p in streamed.problems] == [
        (2, "dated 2026-11-30, after as_of 2026-11-23")
    ]


# ---------------------------------------------------------------- words from the catalogues


def _patched(monkeypatch: pytest.MonkeyPatch, changes: Mapping[str, str]) -> None:
    """The catalogues with some messages replaced, as io reads them."""
    real = catalogue.catalogue

    def changed(lang: catalogue.Language) -> Mapping[str, str]:
        return {**real(lang), **{k: f"{v}《{lang}》" for k, v in changes.items()}}

    monkeypatch.setattr(catalogue, "catalogue", changed)


def test_the_command_line_s_headings_and_yes_no_come_from_the_catalogues(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _patched(monkeypatch, {"cli.column.tier": "T", "cli.yes": "Y"})
    cli.main(["demo", "--rows", "--lang", "zh"])
    heading, _rule, first, *_rows = capsys.readouterr().out.splitlines()
    assert "T《zh》" in heading.split()
    assert "Y《zh》" in first.split()
    cli.main(["demo", "--format", "csv", "--lang", "zh"])
    assert "T《zh》" in capsys.readouterr().out.splitlines()[0].split(",")


def test_the_demo_summary_s_words_come_from_the_catalogues(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _patched(monkeypatch, {"cli.demo.by_tier": "BY-TIER", "cli.demo.next": "NEXT"})
    cli.main(["demo", "--lang", "zh"])
    lines = capsys.readouterr().out.splitlines()
    assert "BY-TIER《zh》" in lines
    assert "NEXT《zh》" in lines


def test_the_report_page_s_labels_and_the_calendars_names_come_from_the_catalogues(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _patched(
        monkeypatch,
        {
            "report_page.title": "R",
            "calendar_file.work_calendar": "W",
            "calendar_file.agenda": "A",
            "calendar_file.duty": "{what}",
        },
    )
    report = kr.monthly_report(
        kr.read_revenue(b"customer,month,line,amount\nA,2026-10,express,30000\n"),
        month="2026-10",
        bureau_annual_revenue=300_000_000,
    )
    assert "<title>R《zh》 2026-10</title>" in report_html(report, lang="zh")
    calendar = kr.to_ics(_calendar(), lang="en")
    assert "X-WR-CALNAME:W《en》" in calendar
    assert "SUMMARY:[CAL-1] training《en》" in calendar
    assert "X-WR-CALNAME:A《zh》" in _agenda().to_ics(lang="zh")


def test_the_agenda_table_s_unit_duties_heading_comes_from_the_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _patched(monkeypatch, {"cli.unit_duties": "U"})
    portfolio = tmp_path / "p.csv"
    portfolio.write_text("name,last_year_express,current_month_express\nA,25000,2500\n", "utf-8")
    activity = tmp_path / "a.csv"
    activity.write_text("customer,date,kind\n", encoding="utf-8")
    args = [str(portfolio), "--activity", str(activity), "--as-of", "2026-11-23"]
    assert cli.main(["agenda", *args, "--bureau-revenue", "300000000", "--lang", "zh"]) == 0
    assert "== U《zh》" in capsys.readouterr().out.splitlines()

"""The monthly cycle on a generated year of a 500-customer bureau (scripts/make_sample_year.py).

Each figure is checked against an independent count made here from the raw CSV files.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import icalendar
import pytest

import keyaccount_rules as kr
from keyaccount_rules.io.cli import main
from tests.conftest import PROJECT

AS_OF = date(2025, 12, 20)
BUREAU = 300_000_000


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "make_sample_year", PROJECT / "scripts" / "make_sample_year.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("year")
    _generator().generate(out, customers=500, seed=12)
    return out


@pytest.fixture(scope="module")
def series(year: Path) -> kr.RevenueSeries:
    return kr.RevenueSeries.from_rows(kr.read_revenue(year / "revenue.csv"))


@pytest.fixture(scope="module")
def plan(year: Path, series: kr.RevenueSeries) -> kr.Agenda:
    return kr.agenda(
        kr.read_portfolio(year / "portfolio.csv"),
        kr.read_activity(year / "activity.csv"),
        as_of=AS_OF,
        bureau_annual_revenue=BUREAU,
        revenue=series,
    )


@pytest.fixture(scope="module")
def report(series: kr.RevenueSeries) -> kr.MonthlyReport:
    return kr.monthly_report(series, month="2025-12", bureau_annual_revenue=BUREAU)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_generator_is_deterministic(year: Path, tmp_path: Path) -> None:
    _generator().generate(tmp_path, customers=500, seed=12)
    for name in ("portfolio.csv", "activity.csv", "revenue.csv"):
        assert (tmp_path / name).read_bytes() == (year / name).read_bytes()


def test_every_contacts_item_agrees_with_a_count_of_the_raw_rows(
    year: Path, plan: kr.Agenda
) -> None:
    counted = Counter(
        r["customer"]
        for r in rows(year / "activity.csv")
        # VISIT-3: an in-person greeting counts as a contact too
        if r["kind"] in ("visit", "contact", "leadership_visit", "greeting")
        and "2025-12-01" <= r["date"] <= "2025-12-20"
    )
    checked = 0
    for item in plan.items:
        if item.rule == "VISIT-1":
            assert f"contacts this month: {counted[item.customer]} of" in item.what
            assert (item.status == "done") == (
                counted[item.customer] >= int(item.what.split(" of ")[1].split()[0])
            )
            checked += 1
    assert checked > 300


def test_every_duty_kind_appears_on_the_generated_year(plan: kr.Agenda) -> None:
    rules = {i.rule for i in plan.items}
    assert {
        "VISIT-1",
        "VISIT-2",
        "VISIT-3",
        "ARCH-2",
        "LOG-3",
        "FLUX-1",
        "FILE-1",
        "REPORT-2",
        "CAL-2",
    } <= rules
    assert {i.status for i in plan.items} == {"due", "overdue", "done"}
    assert plan.problems == ()  # key dates after as_of are dates of the month, not events


def test_one_calendar_per_manager(plan: kr.Agenda) -> None:
    for manager in plan.managers:
        text = plan.to_ics(manager=manager)
        assert text.count("BEGIN:VEVENT") == len(plan.filter(manager=manager).items)


def _uids(text: str) -> dict[str, str]:
    """Each event's UID by its summary without the status (the duty's own words)."""
    found: dict[str, str] = {}
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        summary = str(event["SUMMARY"]).rsplit(" (", 1)[0]
        found[f"{event['DTSTART'].dt}|{summary}"] = str(event["UID"])
    return found


def test_the_year_s_calendars_share_every_uid_of_the_same_duty_a_day_apart_and_per_manager(
    year: Path, series: kr.RevenueSeries, plan: kr.Agenda
) -> None:
    """RFC 5545: a UID is persistent. A day later, and in one manager's calendar, every duty
    the bureau's calendar has keeps its UID."""
    later = kr.agenda(
        kr.read_portfolio(year / "portfolio.csv"),
        kr.read_activity(year / "activity.csv"),
        as_of=AS_OF + timedelta(days=1),
        bureau_annual_revenue=BUREAU,
        revenue=series,
    )
    bureau, next_day = _uids(plan.to_ics(lang="en")), _uids(later.to_ics(lang="en"))
    assert len(bureau) == len(plan.items)  # one duty, one summary on its day
    shared = bureau.keys() & next_day.keys()
    assert len(shared) > 0.9 * len(bureau)
    assert [k for k in shared if bureau[k] != next_day[k]] == []
    chen = _uids(plan.to_ics(lang="en", manager="陈敏"))
    assert len(chen) == len(plan.filter(manager="陈敏").items) > 50
    assert [k for k in chen if bureau.get(k) != chen[k]] == []


def test_the_month_s_revenue_agrees_with_the_raw_rows(year: Path, report: kr.MonthlyReport) -> None:
    total = sum(
        (Decimal(r["amount"]) for r in rows(year / "revenue.csv") if r["month"] == "2025-12"),
        Decimal(0),
    )
    assert report.trend[-1].revenue == total


def test_gained_minus_lost_is_the_change_in_key_accounts_against_each_base(
    report: kr.MonthlyReport,
) -> None:
    total = report.accounts[0]
    bases = {
        "last_month": total.last_month,
        "last_year": total.last_year,
        "year_start": total.year_start,
    }
    for movement in report.movements:
        assert movement.available
        assert total.this_month - bases[movement.against] == len(movement.gained) - len(
            movement.lost
        )  # type: ignore[operator]
    assert report.movements[1].upgraded
    assert report.movements[1].downgraded


def test_upgrades_and_downgrades_against_last_month_match_the_transitions(
    report: kr.MonthlyReport,
) -> None:
    ups = sum(
        n
        for k, n in report.transitions.items()
        if "none" not in k and kr.Tier(k.split(">")[1]).rank > kr.Tier(k.split(">")[0]).rank
    )
    assert ups == len(report.movements[0].upgraded)
    assert report.transitions.get("none>general", 0) + report.transitions.get(
        "none>silver", 0
    ) <= len(report.movements[0].gained)


def test_the_deliberate_gap_is_reported_missing(
    report: kr.MonthlyReport, series: kr.RevenueSeries
) -> None:
    gapped = [key for key in series if series.missing(key)]
    assert [series.missing(key) for key in gapped] == [(kr.Month(2025, 6),)]
    assert (gapped[0], "2025-06") in report.missing
    assert [p.revenue for p in report.trend if p.month == "2025-06"] == [None]


def test_the_cli_writes_the_agenda_and_the_report_as_documented_without_a_warning(
    year: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The commands of docs/monthly-cycle.md: an as-of date after the year's last activity
    (2025-12-27), and the report given the portfolio; neither writes a word on stderr."""
    code = main(
        [
            "agenda",
            str(year / "portfolio.csv"),
            "--activity",
            str(year / "activity.csv"),
            "--revenue",
            str(year / "revenue.csv"),
            "--as-of",
            "2025-12-31",
            "--bureau-revenue",
            "300000000",
            "--manager",
            "陈敏",
            "--format",
            "csv",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    listed = list(csv.DictReader(io.StringIO(captured.out)))
    assert listed
    assert {r["manager"] for r in listed} == {"陈敏"}
    assert captured.err == ""
    code = main(
        [
            "report",
            str(year / "revenue.csv"),
            "--portfolio",
            str(year / "portfolio.csv"),
            "--month",
            "2025-12",
            "--bureau-revenue",
            "300000000",
            "--format",
            "html",
            "--lang",
            "zh",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err == ""
    assert captured.out.startswith("<!DOCTYPE html>")
    assert "大客户月度统计" in captured.out


def test_the_sample_year_s_last_activity_is_before_the_documented_as_of_date(year: Path) -> None:
    last = max(e.on for e in kr.read_activity(year / "activity.csv"))
    assert last == date(2025, 12, 27)
    assert last < date(2025, 12, 31)


def test_the_cli_names_a_bad_month() -> None:
    assert main(["report", "x.csv", "--month", "2025-13", "--bureau-revenue", "1"]) == 2

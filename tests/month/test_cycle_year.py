"""The monthly cycle on a generated year of a 500-customer bureau (scripts/make_sample_year.py).

Each figure is checked against an independent count made here from the raw CSV files.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

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


def test_the_cli_writes_the_agenda_and_the_report(
    year: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "agenda",
            str(year / "portfolio.csv"),
            "--activity",
            str(year / "activity.csv"),
            "--revenue",
            str(year / "revenue.csv"),
            "--as-of",
            "2025-12-20",
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
    assert "after as_of" not in captured.err  # key dates later in the month are no problem
    code = main(
        [
            "report",
            str(year / "revenue.csv"),
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
    page = capsys.readouterr().out
    assert code == 0
    assert page.startswith("<!DOCTYPE html>")
    assert "大客户月度统计" in page


def test_the_cli_names_a_bad_month() -> None:
    assert main(["report", "x.csv", "--month", "2025-13", "--bureau-revenue", "1"]) == 2

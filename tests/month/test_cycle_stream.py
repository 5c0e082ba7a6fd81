"""The agenda at scale: the streaming form, its writers, and policy passed through.

``iter_agenda`` must give exactly ``kr.agenda``'s items (in another order), the writers the
same text as ``Agenda.to_csv``/``to_ics``/JSON, and memory must not grow with activity rows.
"""

from __future__ import annotations

import csv
import io
import json
import random
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io.cli import main
from keyaccount_rules.io.portfolio import CSV_COLUMNS
from keyaccount_rules.io.stream import write_agenda
from keyaccount_rules.month.agenda import Problem, iter_agenda
from keyaccount_rules.records.activity import Event, Kind
from tests.month.test_cycle_year import AS_OF, BUREAU, year  # noqa: F401 (fixture)

GOLD = kr.Customer(
    name="GOLD",
    has_agreement=True,
    last_year_revenue={"express": 600_000},
    current_month_revenue={"express": 50_000},
)


def key(item: kr.AgendaItem) -> str:
    return item.model_dump_json()


@pytest.fixture(scope="module")
def series(year: Path) -> kr.RevenueSeries:  # noqa: F811
    return kr.RevenueSeries.from_rows(kr.read_revenue(year / "revenue.csv"))


@pytest.fixture(scope="module")
def plan(year: Path, series: kr.RevenueSeries) -> kr.Agenda:  # noqa: F811
    return kr.agenda(
        kr.read_portfolio(year / "portfolio.csv"),
        kr.read_activity(year / "activity.csv"),
        as_of=AS_OF,
        bureau_annual_revenue=BUREAU,
        revenue=series,
    )


def stream(year: Path, series: kr.RevenueSeries, **more: object) -> tuple[list, list]:  # noqa: F811
    problems: list[Problem] = []
    items = list(
        iter_agenda(
            kr.read_portfolio(year / "portfolio.csv"),
            kr.read_activity(year / "activity.csv"),
            as_of=AS_OF,
            bureau_annual_revenue=BUREAU,
            report=problems.append,
            revenue=series,
            **more,  # type: ignore[arg-type]
        )
    )
    return items, problems


def test_the_stream_gives_exactly_the_agenda_s_items_and_problems(
    year: Path,  # noqa: F811
    series: kr.RevenueSeries,
    plan: kr.Agenda,
) -> None:
    items, problems = stream(year, series)
    assert sorted(map(key, items)) == sorted(map(key, plan.items))
    assert sorted(p.row for p in problems) == sorted(p.row for p in plan.problems)


@pytest.mark.parametrize(("unit", "manager"), [("city_center", None), (None, "陈敏")])
def test_the_stream_s_filters_agree_with_agenda_filter(
    year: Path,  # noqa: F811
    series: kr.RevenueSeries,
    plan: kr.Agenda,
    unit: str | None,
    manager: str | None,
) -> None:
    items, _ = stream(year, series, unit=unit, manager=manager)
    wanted = plan.filter(unit=unit, manager=manager).items
    assert wanted
    assert sorted(map(key, items)) == sorted(map(key, wanted))


@pytest.mark.parametrize("form", ["csv", "json", "ics"])
def test_the_writers_give_the_agenda_s_own_text(plan: kr.Agenda, form: str) -> None:
    out = io.StringIO()
    written = write_agenda(
        plan.items,
        out,
        as_of=plan.as_of,
        format=form,  # type: ignore[arg-type]
        lang="zh",
        problems=list(plan.problems),
    )
    assert written == len(plan.items)
    expected = {
        "csv": plan.to_csv(),
        "json": plan.model_dump_json() + "\n",
        "ics": plan.to_ics(lang="zh"),
    }[form]
    assert out.getvalue() == expected


def test_the_cli_streams_json_that_reads_back_as_an_agenda(
    year: Path,  # noqa: F811
    plan: kr.Agenda,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["agenda", str(year / "portfolio.csv"), "--activity", str(year / "activity.csv")]
    args += ["--revenue", str(year / "revenue.csv"), "--as-of", str(AS_OF)]
    assert main([*args, "--bureau-revenue", str(BUREAU), "--format", "json"]) == 0
    captured = capsys.readouterr()
    streamed = kr.Agenda.model_validate_json(captured.out)
    assert sorted(map(key, streamed.items)) == sorted(map(key, plan.items))
    assert streamed.explanation == plan.explanation
    # the only rows after as_of are key dates later in the month: listed ahead, not problems
    assert not streamed.problems
    assert "after as_of" not in captured.err
    assert json.loads(captured.out)["policy_fingerprint"] == plan.policy_fingerprint


def test_the_cli_streams_one_manager_s_calendar(
    year: Path,  # noqa: F811
    plan: kr.Agenda,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["agenda", str(year / "portfolio.csv"), "--activity", str(year / "activity.csv")]
    args += ["--as-of", str(AS_OF), "--bureau-revenue", str(BUREAU), "--manager", "李强"]
    assert main([*args, "--format", "ics"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    mine = kr.agenda(
        kr.read_portfolio(year / "portfolio.csv"),
        kr.read_activity(year / "activity.csv"),
        as_of=AS_OF,
        bureau_annual_revenue=BUREAU,
    ).filter(manager="李强")
    assert text.count("BEGIN:VEVENT") == len(mine.items) > 0


def _files(folder: Path, customers: int, per_customer: int) -> tuple[Path, Path]:
    rng = random.Random(5)
    portfolio, activity = folder / "portfolio.csv", folder / "activity.csv"
    with portfolio.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, restval="")
        writer.writeheader()
        for n in range(customers):
            writer.writerow({"name": f"C{n:05d}", "last_year_express": 400_000 + n})
    kinds = ("visit", "contact", "archive_refresh", "greeting", "leadership_visit")
    with activity.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["customer", "date", "kind", "manager"])
        for _ in range(per_customer):  # interleaved: not grouped by customer
            for n in range(customers):
                day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 352))
                out.writerow([f"C{n:05d}", day.isoformat(), rng.choice(kinds), "M"])
    return portfolio, activity


def _peak(portfolio: Path, activity: Path) -> int:
    problems: list[Problem] = []
    tracemalloc.start()
    for _item in iter_agenda(
        kr.read_portfolio(portfolio),
        kr.read_activity(activity),
        as_of=AS_OF,
        bureau_annual_revenue=BUREAU,
        report=problems.append,
    ):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert not problems
    return peak


def test_memory_does_not_grow_with_the_activity_rows(tmp_path: Path) -> None:
    (tmp_path / "few").mkdir()
    (tmp_path / "many").mkdir()
    few_files = _files(tmp_path / "few", 300, 4)
    many_files = _files(tmp_path / "many", 300, 80)  # 20 times the rows, not grouped
    _peak(*few_files)  # once first: the library's one-time caches (catalogues, dates)
    few, many = _peak(*few_files), _peak(*many_files)
    assert many < few * 1.3


def test_a_tier_row_in_the_month_naming_the_evaluated_tier_alone_is_no_error() -> None:
    # the history's first row (10 March) falls after the tracking start (1 March): the
    # evaluated tier covers the month's start, and nothing is a problem
    row = Event(2, "GOLD", date(2025, 3, 10), Kind.TIER, "Li", "gold")
    result = kr.agenda([GOLD], [row], as_of=date(2025, 3, 20), bureau_annual_revenue=BUREAU)
    assert [i.due for i in result.items if i.duty == "archive"] == [date(2025, 3, 31)]
    assert not result.problems


def test_the_policy_s_leadership_kinds_decide_the_yearly_visit() -> None:
    visit = Event(2, "GOLD", date(2025, 2, 4), Kind.VISIT, "Li")
    plain = kr.agenda([GOLD], [visit], as_of=date(2025, 3, 20), bureau_annual_revenue=BUREAU)
    counted = kr.default_policy().with_changes(
        {"schedules.contacts.leadership": ["visit", "leadership_visit"]}
    )
    variant = kr.agenda(
        [GOLD], [visit], as_of=date(2025, 3, 20), bureau_annual_revenue=BUREAU, policy=counted
    )
    assert [i.status for i in plain.items if i.rule == "VISIT-2"] == ["due"]
    assert [i.rule for i in variant.items if i.rule == "VISIT-2"] == []  # met, not this month
    assert variant.policy_fingerprint == counted.fingerprint != plain.policy_fingerprint


def test_a_gold_cutoff_of_81_moves_the_80_point_accounts_to_silver(
    series: kr.RevenueSeries,
) -> None:
    base = kr.monthly_report(series, month="2025-12", bureau_annual_revenue=BUREAU)
    variant = kr.default_policy().with_changes({"grading.tiers.gold": 81})
    moved = kr.monthly_report(series, month="2025-12", bureau_annual_revenue=BUREAU, policy=variant)

    def count(report: kr.MonthlyReport, tier: str) -> int | None:
        return next(f.this_month for f in report.accounts if f.key == tier)

    assert moved.policy_fingerprint == variant.fingerprint
    assert count(moved, "gold") < count(base, "gold")  # type: ignore[operator]
    assert count(moved, "silver") - count(base, "silver") == (  # type: ignore[operator]
        count(base, "gold") - count(moved, "gold")  # type: ignore[operator]
    )


def test_the_charts_fragment_is_the_page_s_four_charts(series: kr.RevenueSeries) -> None:
    report = kr.monthly_report(series, month="2025-12", bureau_annual_revenue=BUREAU)
    for lang in ("en", "zh"):
        charts = report.charts_html(lang)  # type: ignore[arg-type]
        assert charts.count("<svg") == 4
        assert charts in report.to_html(lang)  # type: ignore[arg-type]


def test_the_report_s_units_are_those_the_policy_can_make_responsible(
    series: kr.RevenueSeries,
) -> None:
    def units(report: kr.MonthlyReport) -> list[str]:
        return [f.key for f in report.accounts if f.group == "unit"]

    base = kr.monthly_report(series, month="2025-12", bureau_annual_revenue=BUREAU)
    assert "prefecture_center" not in units(base)
    assert "branch_office" in units(base)
    moved = kr.default_policy().with_changes(
        {"responsibility.table.general.comprehensive": "prefecture_center"}
    )
    variant = kr.monthly_report(series, month="2025-12", bureau_annual_revenue=BUREAU, policy=moved)
    assert "prefecture_center" in units(variant)
    general = {f.key: f.this_month for f in variant.accounts if f.group == "unit"}
    assert general["prefecture_center"]  # the comprehensive general accounts moved there

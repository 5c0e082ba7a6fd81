"""The keyaccount-rules command line, end to end: every command and every exit code."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io import cli
from keyaccount_rules.io.cli import formats
from keyaccount_rules.io.cli.demo import sample_year_facts
from keyaccount_rules.io.cli.output import progress
from keyaccount_rules.io.portfolio import CSV_COLUMNS
from keyaccount_rules.io.safety import display_width
from tests.conftest import PROJECT

FACTS = ["--bureau-revenue", "300000000", "--as-of", "2026-11-23"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "keyaccount_rules", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


GOLD = {"name": "汕头市华宏物流有限公司", "scope": "regional", "last_year_logistics": "700000",
        "current_month_logistics": "60000"}  # fmt: skip
SMALL = {"name": "小店", "last_year_letters": "500", "current_month_letters": "40"}


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "p.csv", [GOLD, SMALL])


def test_demo_rows_prints_a_table_of_the_500_sample_customers() -> None:
    done = run("demo", "--rows")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["row", "name", "key_account"]
    assert len(lines) == 2 + 500


def test_demo_summarises_the_sample_and_says_what_to_try_next() -> None:
    done = run("demo")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) < 40  # a summary, not 500 rows
    assert lines[:3] == [
        "keyaccount-rules demo: the bundled sample portfolio (500 synthetic customers of a city "
        "bureau)",
        f"policy combined (fingerprint {kr.default_policy().fingerprint[:12]}) · as of 2026-11-23"
        " · bureau annual revenue 300,000,000.00 yuan",
        "key accounts: 436 of 500",
    ]
    by_tier = lines[lines.index("by tier:") + 1 : lines.index("by unit:")]
    assert [line.split() for line in by_tier] == [
        ["diamond", "7"], ["gold", "26"], ["silver", "27"], ["general", "376"],
    ]  # fmt: skip
    assert sum(int(line.split()[-1]) for line in by_tier) == 436
    assert "  keyaccount-rules sample year/" in lines
    assert "  keyaccount-rules demo --rows" in lines


def test_sample_writes_the_sample_year_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "year"
    done = run("sample", str(folder))
    assert done.returncode == 0, done.stderr
    names = ["portfolio.csv", "activity.csv", "revenue.csv", "bureau.toml", "facts.toml"]
    assert done.stdout.splitlines() == [str(folder / name) for name in names]
    assert kr.load_policy(folder / "bureau.toml").edition == "shantou"
    again = run("sample", str(folder))
    assert again.returncode == 2
    assert again.stderr == (
        f"keyaccount-rules: error: {folder}: already has {', '.join(names)}; "
        "choose an empty folder (nothing is overwritten)\n"
    )


def test_demo_in_chinese_keeps_columns_aligned() -> None:
    done = run("demo", "--rows", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    header, rule, *body = done.stdout.splitlines()
    assert "得分" in header
    second_column = rule.index(" -") + 1  # where the dashes of the second column start
    for line in body:
        name_and_gap = re.match(r"\S+ +", line)
        assert name_and_gap is not None
        assert display_width(name_and_gap.group()) == second_column, line


def test_evaluate_writes_json_lines_with_codes_and_nulls(portfolio: Path) -> None:
    done = run("evaluate", str(portfolio), *FACTS, "--format", "json")
    assert done.returncode == 0, done.stderr
    gold, small = (json.loads(line) for line in done.stdout.splitlines())
    assert gold["tier"] == "gold"
    assert gold["unit"] == "county_center"
    assert (gold["score"], gold["contacts_per_month"], gold["key_account"]) == ("80.0", 1, True)
    assert small == {"row": 3, "customer_id": None, "name": "小店", "key_account": False,
                     "criteria": [], "score": None, "tier": None, "unit": None,
                     "contacts_per_month": None}  # fmt: skip


def test_evaluate_csv_output_round_trips_through_the_csv_module(portfolio: Path) -> None:
    done = run("evaluate", str(portfolio), *FACTS, "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["name"] for r in rows] == [GOLD["name"], SMALL["name"]]
    assert (rows[0]["tier"], rows[0]["unit"], rows[1]["tier"]) == ("gold", "county_center", "")
    # booleans are written as the input format reads them
    assert (rows[0]["key_account"], rows[1]["key_account"]) == ("true", "false")


def test_evaluate_matches_the_library(portfolio: Path) -> None:
    done = run("evaluate", str(portfolio), *FACTS, "--format", "json")
    expected = [
        r.tier.value if r.tier else None
        for r in kr.evaluate_portfolio(
            kr.read_portfolio(portfolio),
            bureau_annual_revenue=300_000_000,
            as_of=__import__("datetime").date(2026, 11, 23),
        )
    ]
    assert [json.loads(line)["tier"] for line in done.stdout.splitlines()] == expected


def test_a_bad_row_exits_1_naming_row_and_field_without_traceback(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [GOLD, {"name": "X", "last_year_express": "-5"}])
    done = run("evaluate", str(path), *FACTS)
    assert done.returncode == 1
    assert "row 3" in done.stderr
    assert "last_year_express" in done.stderr
    assert "Traceback" not in done.stderr


def test_skip_bad_rows_reports_each_and_writes_the_rest(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [{"name": "X", "scope": "cosmic"}, GOLD])
    done = run("evaluate", str(path), *FACTS, "--format", "json", "--skip-bad-rows")
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1
    assert "row 2: scope" in done.stderr


def test_a_header_without_revenue_columns_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,colour\nA,red\n", encoding="utf-8")
    done = run("evaluate", str(path), *FACTS)
    assert (done.returncode, "no revenue column" in done.stderr) == (1, True)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["evaluate", "p.csv", "--as-of", "2026-11-23"], id="missing-bureau"),
        pytest.param(
            ["evaluate", "p.csv", "--bureau-revenue", "0", "--as-of", "2026-11-23"],
            id="zero-bureau",
        ),
        pytest.param(["evaluate", "p.csv", *FACTS[:2], "--as-of", "23.11.2026"], id="bad-date"),
        pytest.param(["demo", "--format", "xml"], id="bad-format"),
        pytest.param(["frobnicate"], id="unknown-command"),
        pytest.param(["explain", "p.csv", *FACTS], id="explain-without-row-or-name"),
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "usage:" in done.stderr


def test_a_missing_file_exits_1() -> None:
    done = run("evaluate", "no-such-file.csv", *FACTS)
    assert (done.returncode, "cannot open" in done.stderr) == (1, True)


def test_explain_by_row_prints_every_step(portfolio: Path) -> None:
    done = run("explain", str(portfolio), "--row", "2", *FACTS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{GOLD['name']} (row 2)")
    for rule in ("QUAL-2", "GRADE-1", "GRADE-4", "RESP-1", "VISIT-1"):
        assert f"\n{rule}: " in done.stdout


def test_explain_by_name_in_chinese(portfolio: Path) -> None:
    done = run("explain", str(portfolio), "--name", "小店", *FACTS, "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert "非大客户" in done.stdout


def test_explain_of_a_missing_row_exits_1(portfolio: Path) -> None:
    done = run("explain", str(portfolio), "--row", "9", *FACTS)
    assert (done.returncode, "no customer at row 9" in done.stderr) == (1, True)


def test_policy_show_lists_parameters_with_rule_ids() -> None:
    done = run("policy", "show")
    assert done.returncode == 0
    assert "grading.tiers.gold = 75  [GRADE-4]" in done.stdout.splitlines()


def test_policy_check_of_the_default_is_ok(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(kr.default_policy().model_dump_json(), encoding="utf-8")
    done = run("policy", "check", str(path))
    assert (done.returncode, done.stdout.strip().endswith("ok")) == (0, True)


def test_policy_check_reports_every_problem_with_path_and_rule(tmp_path: Path) -> None:
    data = json.loads(kr.default_policy().model_dump_json())
    data["grading"]["tiers"]["gold"] = "95"  # above diamond: out of order
    data["grading"]["weights"]["share"] = "0.5"  # weights no longer sum to 1
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run("policy", "check", str(path))
    assert done.returncode == 1
    assert "grading.tiers.gold: " in done.stdout
    assert "[GRADE-4]" in done.stdout
    assert "grading.weights: weights must sum to 1" in done.stdout
    assert "[GRADE-3]" in done.stdout


def test_policy_check_of_an_unreadable_file_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("name = [", encoding="utf-8")
    done = run("policy", "check", str(path))
    assert (done.returncode, "Traceback" in done.stderr) == (1, False)


def test_policy_diff_lists_changed_parameters_with_rule_ids(tmp_path: Path) -> None:
    variant = kr.default_policy().with_changes({"grading.revenue.bands.1.min": 1_200_000})
    path = tmp_path / "v.json"
    path.write_text(variant.model_dump_json(), encoding="utf-8")
    done = run("policy", "diff", "default", str(path))
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["grading.revenue.bands.1.min [GRADE-1]: 1000000 → 1200000"]


def test_schema_is_the_customer_json_schema() -> None:
    done = run("schema")
    assert done.returncode == 0
    assert json.loads(done.stdout)["properties"].keys() >= {"name", "scope", "last_year_revenue"}


def test_schema_prints_the_output_schemas_too() -> None:
    done = run("schema", "--record", "evaluation")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert schema["$id"] == "urn:keyaccount-rules:schema:evaluation"
    assert {"tier", "unit", "score", "contacts_per_month"} <= set(schema["required"])


def test_help_exits_0() -> None:
    assert run("--help").returncode == 0


def test_explain_skips_bad_rows_other_than_the_one_asked_for(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [{"name": "X", "scope": "?"}, GOLD])
    assert run("explain", str(path), "--row", "3", *FACTS).returncode == 0
    done = run("explain", str(path), "--row", "2", *FACTS)
    assert (done.returncode, "row 2: scope" in done.stderr) == (1, True)


def test_explain_as_json_is_the_whole_evaluation(portfolio: Path) -> None:
    done = run("explain", str(portfolio), "--name", GOLD["name"], *FACTS, "--format", "json")
    data = json.loads(done.stdout)
    assert (data["key_account"], data["grading"]["tier"]) == (True, "gold")
    assert data["explanation"]["steps"][0]["rule"] == "QUAL-1"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_and_not_otherwise() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    assert list(progress(range(25), terminal, every=10)) == list(range(25))
    assert terminal.getvalue() == "\r10 customers…\r20 customers…\r25 customers done.\n"
    assert list(progress(range(25), pipe, every=10)) == list(range(25))
    assert pipe.getvalue() == ""


def test_the_table_streams_after_its_first_rows_and_a_long_late_name_overflows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(formats, "_FIRST_CHUNK", 2)
    row = {"row": 2, "key_account": False, "criteria": [], "score": None, "tier": None,
           "unit": None, "contacts_per_month": None}  # fmt: skip
    seen = []

    def rows() -> Iterator[dict[str, object]]:
        for name in ["A", "B", "a-much-longer-name-than-the-first-two"]:
            seen.append(name)
            yield {"name": name, **row}

    out = io.StringIO()
    generator = rows()
    formats.write_table(generator, out, "en")
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("row  name  key_account")  # width of "name", not the late name
    assert lines[-1].startswith("2    a-much-longer-name-than-the-first-two  no")
    assert seen == ["A", "B", "a-much-longer-name-than-the-first-two"]


def test_a_broken_policy_file_for_evaluate_exits_1(portfolio: Path, tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text('name = "x"\n', encoding="utf-8")
    done = run("evaluate", str(portfolio), *FACTS, "--policy", str(policy))
    assert done.returncode == 1
    assert "grading" in done.stderr
    assert "Traceback" not in done.stderr


def test_main_returns_codes_instead_of_raising(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo", "--format", "nope"]) == 2
    assert cli.main(["policy", "check", "/no/such/policy.toml"]) == 1
    capsys.readouterr()


# ---------------------------------------------------------------- Liangshan: classed by level


LIANGSHAN_PORTFOLIO = (
    "客户名称,级别,上年特快收入,本月特快收入\n"
    "凉山州财政局,州级,500000,40000\n"
    "西昌市某公司,县级,20000,1500\n"
    "某个体户,,300,20\n"
)


def test_a_liangshan_portfolio_is_evaluated_by_its_level_column(tmp_path: Path) -> None:
    # EDITION-2 / LEVEL-1: 州级 → prefecture centre, 县级 → county centre; an empty level is a
    # customer neither selected (PARETO-1) nor designated: not a key account.
    path = tmp_path / "liangshan.csv"
    path.write_text(LIANGSHAN_PORTFOLIO, encoding="utf-8")
    done = run("evaluate", str(path), *FACTS, "--policy", "liangshan", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["level"], r["unit"], r["key_account"]) for r in rows] == [
        ("prefecture", "prefecture_center", True),
        ("county", "county_center", True),
        (None, None, False),
    ]
    assert all(r["tier"] is None and r["score"] is None for r in rows)
    assert rows[0]["contacts_per_month"] == 1  # 按月对大客户进行上访


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_in_chinese_a_liangshan_county_centre_is_001_s_county_city_bureau_centre(
    tmp_path: Path, fmt: str
) -> None:
    """G-23: 001 names 「各县市局大客户中心」; 002's 县、区(分)局 stays with 002's editions."""
    path = tmp_path / "liangshan.csv"
    path.write_text(LIANGSHAN_PORTFOLIO, encoding="utf-8")
    done = run(
        "evaluate", str(path), *FACTS, "--policy", "liangshan", "--lang", "zh", "--format", fmt
    )
    assert done.returncode == 0, done.stderr
    assert "县市局大客户中心" in done.stdout
    assert "州局大客户中心" in done.stdout
    assert "县、区(分)局" not in done.stdout
    assert "州(市)" not in done.stdout


def test_a_liangshan_portfolio_without_a_level_column_is_refused_with_the_fix(
    tmp_path: Path,
) -> None:
    path = tmp_path / "no-level.csv"
    path.write_text("name,last_year_express,current_month_express\nA,1,1\n", encoding="utf-8")
    done = run("evaluate", str(path), *FACTS, "--policy", "liangshan")
    assert done.returncode == 1
    assert "add a 'level' column" in done.stderr
    assert "EDITION-2" in done.stderr


def test_an_unknown_level_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "bad-level.csv"
    path.write_text("name,level,last_year_express,current_month_express\nA,省级,1,1\n", "utf-8")
    done = run("evaluate", str(path), *FACTS, "--policy", "liangshan")
    assert done.returncode == 1
    assert "row 2" in done.stderr
    assert "level" in done.stderr


def test_every_command_names_a_policy_the_same_way_edition_or_file(tmp_path: Path) -> None:
    from keyaccount_rules.io.cli.types import policy_named

    assert policy_named(None) is kr.default_policy()
    assert policy_named("default") is kr.default_policy()
    assert policy_named("shantou") is kr.edition("shantou")
    bureau = tmp_path / "bureau.toml"
    bureau.write_text('extends = "shantou"\nname = "my-bureau"\n', encoding="utf-8")
    assert policy_named(str(bureau)).name == "my-bureau"


def test_the_agenda_command_takes_an_edition_name_and_asks_liangshan_for_levels(
    tmp_path: Path,
) -> None:
    portfolio = tmp_path / "p.csv"
    portfolio.write_text(
        "name,last_year_express,current_month_express\nA,600000,50000\n", encoding="utf-8"
    )
    activity = tmp_path / "a.csv"
    activity.write_text("customer,date,kind\nA,2026-11-03,visit\n", encoding="utf-8")
    args = [str(portfolio), "--activity", str(activity), "--as-of", "2026-11-23"]
    done = run("agenda", *args, "--bureau-revenue", "300000000", "--policy", "shantou")
    assert done.returncode == 0, done.stderr
    done = run("agenda", *args, "--bureau-revenue", "300000000", "--policy", "liangshan")
    assert done.returncode == 1
    assert "classes key accounts by level: add a 'level' column" in done.stderr
    assert "Traceback" not in done.stderr
    portfolio.write_text(
        "name,last_year_express,current_month_express,级别\nA,600000,50000,县级\n",
        encoding="utf-8",
    )
    done = run("agenda", *args, "--bureau-revenue", "300000000", "--policy", "liangshan")
    assert done.returncode == 0, done.stderr
    assert "VISIT-1" in done.stdout
    assert "A: contact the key account" in done.stdout


def test_the_cli_page_lists_every_command_in_its_synopsis() -> None:
    from pathlib import Path

    from keyaccount_rules.io.cli import _parser

    page = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    synopsis = page.split("```sh", 1)[1].split("```", 1)[0]
    commands = next(
        action.choices
        for action in _parser()._actions
        if isinstance(action.choices, dict) and "evaluate" in action.choices
    )
    for name in commands:
        assert f"keyaccount-rules {name}" in synopsis, name


def test_the_shipped_sample_year_is_what_the_generator_writes(tmp_path: Path) -> None:
    """scripts/make_sample_year.py OUT --customers 120 --seed 12 gives the shipped files."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_sample_year", PROJECT / "scripts" / "make_sample_year.py"
    )
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.generate(tmp_path, customers=120, seed=12)
    shipped = PROJECT / "src" / "keyaccount_rules" / "data" / "sample_year"
    for name in ("portfolio.csv", "activity.csv", "revenue.csv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
    assert sample_year_facts() == (generator.BUREAU_REVENUE, generator.AS_OF)

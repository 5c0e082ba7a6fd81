"""The editions (RULEBOOK §0): EDITION-1 shantou, EDITION-2 liangshan, EDITION-3 combined, and
bureau files that extend one (EDITION-4); the liangshan edition end to end (LEVEL-1)."""

from __future__ import annotations

import datetime as dt
import io
import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io.cli import main
from keyaccount_rules.policy import edition_data, load_policy_data
from keyaccount_rules.policy import model as policy_model
from keyaccount_rules.policy.merge import deep_merge, graft
from keyaccount_rules.policy.toml_text import dump_toml, toml_string
from keyaccount_rules.verification.cases import run_case_files, shipped_cases
from tests.conftest import exactly

SHANTOU = kr.edition("shantou")
LIANGSHAN = kr.edition("liangshan")
COMBINED = kr.edition("combined")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# ---------------------------------------------------------------- the three editions


def test_the_three_editions_are_listed_and_load_with_no_problems() -> None:
    assert kr.editions() == ("shantou", "liangshan", "combined")
    for name in kr.editions():
        policy = kr.edition(name)
        assert policy.name == name
        assert policy.edition == name
        assert policy.problems() == []


def test_the_default_policy_is_the_combined_edition_the_same_object() -> None:
    # EDITION-3: the default
    assert kr.default_policy() is kr.edition("combined")
    assert kr.edition("combined") is kr.edition("combined")


def test_an_unknown_edition_name_lists_the_known_ones() -> None:
    with pytest.raises(kr.PolicyError, match=r"unknown edition 'rulebook' \(known: shantou, "):
        kr.edition("rulebook")
    with pytest.raises(kr.PolicyError, match="liangshan, combined"):
        kr.edition(None)  # type: ignore[arg-type]


def test_each_edition_holds_only_its_documents_sections() -> None:
    # EDITION-1: 002 has no pay, appraisal or Pareto text; EDITION-2: 001 no tier tables
    assert (SHANTOU.pay, SHANTOU.appraisal, SHANTOU.pareto, SHANTOU.levels) == (None,) * 4
    assert (LIANGSHAN.qualification, LIANGSHAN.grading, LIANGSHAN.responsibility) == (None,) * 3
    assert (LIANGSHAN.visits, LIANGSHAN.customer_id, LIANGSHAN.development) == (None,) * 3
    assert LIANGSHAN.schedules.archives is None
    assert LIANGSHAN.schedules.filing is None
    assert COMBINED.pay is not None
    assert COMBINED.grading is not None
    assert COMBINED.levels is None


def test_combined_is_composed_not_copied_from_the_two_editions() -> None:
    # EDITION-3: shantou's customer sections plus liangshan's people sections
    assert COMBINED.grading == SHANTOU.grading
    assert COMBINED.pay == LIANGSHAN.pay
    assert COMBINED.appraisal == LIANGSHAN.appraisal
    assert COMBINED.pareto == LIANGSHAN.pareto
    centres = COMBINED.organisation.centres  # type: ignore[union-attr]
    assert kr.Centre.PREFECTURE_CENTER in centres
    assert kr.Centre.CITY_CENTER in centres
    raw = (Path(policy_model.__file__).parent / "editions" / "combined.toml").read_text("utf-8")
    assert "[pay" not in raw
    assert "[grading" not in raw


def test_each_edition_cites_only_clauses_of_its_document() -> None:
    def documents(name: str) -> set[str]:
        text = (Path(policy_model.__file__).parent / "editions" / f"{name}.toml").read_text("utf-8")
        return {
            line.split('"')[1].split(" ")[0]
            for line in text.splitlines()
            if line.startswith("source = ")
        }

    assert documents("shantou") <= {"002", "RULEBOOK"}  # RULEBOOK: a decision (ARCH-2)
    assert documents("liangshan") <= {"001", "RULEBOOK"}


# ---------------------------------------------------------------- a missing section


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda: kr.monthly_pay(
                dict.fromkeys(kr.PayIndicator, 1), [], policy=kr.edition("shantou")
            ),
            "pay: the 'shantou' edition has no pay section (PAY-1, PAY-2, PAY-4 are 001's; "
            "use 'liangshan' or 'combined')",
            id="pay-under-shantou",
        ),
        pytest.param(
            lambda: kr.appraise_manager(
                dict.fromkeys(kr.AppraisalItem, 1), policy=kr.edition("shantou")
            ),
            "appraisal: the 'shantou' edition has no appraisal section",
            id="appraisal-under-shantou",
        ),
        pytest.param(
            lambda: kr.core_accounts({"a": {"bills": 1}}, policy=kr.edition("shantou")),
            "pareto: the 'shantou' edition has no pareto section (PARETO-1 is 001's",
            id="pareto-under-shantou",
        ),
        pytest.param(
            lambda: kr.grade(1, 10, policy=kr.edition("liangshan")),
            "grading: the 'liangshan' edition has no grading section (GRADE-1",
            id="grading-under-liangshan",
        ),
        pytest.param(
            lambda: kr.qualify(kr.Customer(name="x"), policy=kr.edition("liangshan")),
            "qualification: the 'liangshan' edition has no qualification section",
            id="qualification-under-liangshan",
        ),
        pytest.param(
            lambda: kr.responsible_unit("gold", "regional", policy=kr.edition("liangshan")),
            "responsibility: the 'liangshan' edition",
            id="responsibility-under-liangshan",
        ),
        pytest.param(
            lambda: kr.archive_status("gold", [], dt.date(2026, 1, 1), policy=LIANGSHAN),
            "schedules.archives: the 'liangshan' edition",
            id="archives-under-liangshan",
        ),
        pytest.param(
            lambda: kr.classify_levels({"a": {"bills": 1}}, policy=kr.edition("shantou")),
            "pareto: the 'shantou' edition has no pareto section (PARETO-1",
            id="levels-under-shantou",
        ),
        pytest.param(
            lambda: kr.level_plan("county", policy=kr.edition("combined")),
            "levels: the 'combined' edition has no levels section",
            id="levels-under-combined",
        ),
        pytest.param(
            lambda: kr.staffing_check("prefecture_center", {}, policy=kr.edition("shantou")),
            "organisation.centres.prefecture_center: the 'shantou' edition has no",
            id="org-4-under-shantou",
        ),
    ],
)
def test_a_rule_asked_of_a_section_the_edition_lacks_names_the_section_and_the_edition(
    call: Any, message: str
) -> None:
    with pytest.raises(kr.MissingSectionError) as caught:
        call()
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, kr.PolicyError)
    assert isinstance(caught.value, ValueError)


def test_a_bureau_policy_lacking_a_section_is_named_as_a_policy(tmp_path: Path) -> None:
    path = write(tmp_path / "nanao.toml", 'extends = "shantou"\n')
    policy = kr.load_policy(path)
    with pytest.raises(kr.MissingSectionError, match="the 'nanao' policy has no pay section"):
        kr.monthly_pay(dict.fromkeys(kr.PayIndicator, 1), [], policy=policy)


# ---------------------------------------------------------------- shantou, faithful (EDITION-1)


def test_shantou_general_customers_have_no_monthly_minimum_but_leadership_visits() -> None:
    # 002 (六)1 names no contact frequency for 一般客户; VISIT-2 still applies
    for scope in kr.Scope:
        requirement = kr.visit_requirement("general", scope, policy=SHANTOU)
        assert requirement.contacts_per_month == 0
        assert requirement.leader_visits_per_year == (1, 2)
    assert kr.visit_requirement("general", "regional").contacts_per_month == 1  # combined
    explanation = kr.visit_requirement("general", "regional").explanation
    assert "EDITION-3" in explanation.rules  # borrowed from 001, cited as such


def test_shantou_gold_and_diamond_visits_are_002s_table() -> None:
    assert kr.visit_requirement("gold", "comprehensive", policy=SHANTOU).contacts_per_month == 2
    assert kr.visit_requirement("silver", "regional", policy=SHANTOU).contacts_per_month == 1


def test_each_edition_lists_only_its_own_calendar_and_combined_both() -> None:
    # G-16: shantou and liangshan list only their own duties; combined both, each naming its
    # bureau and source
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    shantou = kr.work_calendar(start, end, policy=SHANTOU)
    liangshan = kr.work_calendar(start, end, policy=LIANGSHAN)
    combined = kr.work_calendar(start, end, policy=COMBINED)
    assert {d.bureau for d in shantou.duties} == {"shantou"}
    assert {d.source[:3] for d in shantou.duties} == {"002"}
    assert {d.bureau for d in liangshan.duties} == {"liangshan"}
    assert {d.source[:3] for d in liangshan.duties} == {"001"}
    assert {d.bureau for d in combined.duties} == {"shantou", "liangshan"}
    assert len(combined.duties) == len(shantou.duties) + len(liangshan.duties)
    assert "G-16" in combined.explanation.rules
    assert "G-16" not in shantou.explanation.rules
    assert not {d.rule for d in shantou.duties} & {"CAL-1", "CAL-2", "REPORT-4"}


# ---------------------------------------------------------------- liangshan's calendar (CAL)


def test_liangshan_holds_a_morning_meeting_every_week() -> None:
    # 001: 每周晨会制 (CAL-2); weeks run Monday to Sunday
    march = kr.month_calendar(dt.date(2026, 3, 1), policy=LIANGSHAN)
    meetings = [d for d in march.duties if d.key == "morning-meeting"]
    assert [(d.period_start, d.due) for d in meetings][:2] == [
        (dt.date(2026, 2, 23), dt.date(2026, 3, 1)),
        (dt.date(2026, 3, 2), dt.date(2026, 3, 8)),
    ]
    assert len(meetings) == 5
    assert all(d.period_start.weekday() == 0 and d.due.weekday() == 6 for d in meetings)


def test_liangshan_appraises_its_managers_and_analyses_every_account_monthly() -> None:
    # 001: 中心按月对客户经理开展绩效考核; 按月对大客户用邮情况进行分析
    keys = {d.key for d in kr.month_calendar(dt.date(2026, 5, 1), policy=LIANGSHAN).duties}
    assert {"monthly-appraisal", "monthly-analysis", "prefecture-collection"} <= keys
    year = kr.year_calendar(2026, policy=LIANGSHAN)
    assert sum(d.key == "monthly-appraisal" for d in year.duties) == 12
    # CAL-1's half-year visits are the accounts' duties (G-19), not a calendar line
    assert sum(d.key == "half-year-visits" for d in year.duties) == 0


def test_liangshan_s_second_and_third_monthly_collections_are_due_by_the_month_s_end() -> None:
    # 001 三: 州局大客户中心收集资料主要途径: 一是每月3日前向各级客户中心收集…;
    # 「二是每月根据大客户资料在量收系统、储蓄管理系统及相关专业系统中提取大客户的相关数据」;
    # 「三是每月收集各级大客户中心工作进展及存在的问题」 (the 3rd is the first way's alone)
    may = kr.month_calendar(dt.date(2026, 5, 1), policy=LIANGSHAN).duties
    due = {d.key: (d.rule, d.period_start, d.due, d.who_zh) for d in may}
    end = (dt.date(2026, 5, 1), dt.date(2026, 5, 31), "州局大客户中心")
    assert due["system-extraction"] == ("REPORT-4", *end)
    assert due["centres-progress"] == ("REPORT-4", *end)
    assert due["prefecture-collection"][2] == dt.date(2026, 5, 3)  # last month's figures
    year = kr.year_calendar(2026, policy=LIANGSHAN).duties
    assert sum(d.key == "centres-progress" for d in year) == 12
    # 001's calendar is combined's too (G-16), and never shantou's
    combined = {d.key for d in kr.month_calendar(dt.date(2026, 5, 1), policy=COMBINED).duties}
    assert {"system-extraction", "centres-progress"} <= combined
    shantou = {d.key for d in kr.month_calendar(dt.date(2026, 5, 1), policy=SHANTOU).duties}
    assert not {"system-extraction", "centres-progress"} & shantou


def test_liangshan_draws_up_the_year_s_project_plan_once_a_year() -> None:
    # 001 第四步: 「划分客户管理范围,建立客户资料,分析市场。」
    # 「制定本年度项目策划书及日常性的客户管理工作。」
    year = kr.year_calendar(2026, policy=LIANGSHAN).duties
    plans = [d for d in year if d.key == "yearly-project-plan"]
    assert [(d.rule, d.period_start, d.due) for d in plans] == [
        ("CAL-2", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    ]
    assert plans[0].what_zh == "制定本年度项目策划书"
    december = {d.key for d in kr.month_calendar(dt.date(2026, 12, 1), policy=LIANGSHAN).duties}
    november = {d.key for d in kr.month_calendar(dt.date(2026, 11, 1), policy=LIANGSHAN).duties}
    assert "yearly-project-plan" in december
    assert "yearly-project-plan" not in november


def test_general_logs_are_rolled_up_each_quarter_in_002_s_calendar_only() -> None:
    # 002 (五)4(4) 一般大客户 (4)营销日志: 「由各责任单位大客户服务工作人员登记自己的工作内容,
    # 每季汇总交本单位大客户中心或所属管辖单位统一管理」
    def rollups(policy: kr.Policy, month: int) -> list[tuple[str, dt.date, dt.date]]:
        duties = kr.month_calendar(dt.date(2026, month, 1), policy=policy).duties
        return [(d.rule, d.period_start, d.due) for d in duties if d.key == "general-log-rollup"]

    quarter = ("LOG-2", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert rollups(SHANTOU, 3) == [quarter]
    assert rollups(COMBINED, 3) == [quarter]
    assert rollups(SHANTOU, 2) == []  # due in the quarter's last month only
    assert rollups(LIANGSHAN, 3) == []  # 001 has no marketing log
    assert sum(d.key == "general-log-rollup" for d in kr.year_calendar(2026).duties) == 4
    # in the agenda: a unit duty, done by a `report` row naming its key
    done = kr.agenda(
        [],
        [kr.Event(2, "", dt.date(2026, 3, 20), kr.Kind.REPORT, detail="general-log-rollup")],
        as_of=dt.date(2026, 3, 25),
        bureau_annual_revenue=300_000_000,
    )
    item = next(i for i in done.items if i.duty == "general-log-rollup")
    assert (item.rule, item.due, item.status, item.responsible_zh) == (
        "LOG-2",
        dt.date(2026, 3, 31),
        "done",
        "各责任单位大客户服务工作人员 → 本单位大客户中心",
    )


def test_a_weekly_duty_due_on_a_day_is_a_policy_problem() -> None:
    data = edition_data("liangshan")
    duty = next(d for d in data["schedules"]["calendar"]["duties"] if d["every"] == "week")
    duty["day"] = 3
    index = data["schedules"]["calendar"]["duties"].index(duty)
    assert [str(p) for p in kr.check_policy(data) if "weekly" in p.problem] == [
        f"schedules.calendar.duties.{index}.day: weekly duties are due at period end [CAL-2]"
    ]


# ---------------------------------------------------------------- liangshan end to end


VOLUMES = {
    "州财政局": {"bills": 700},
    "西昌某厂": {"express": 900, "bills": 100},
    "会理某矿": {"express": 60, "bills": 150},
    "某县医院": {"express": 40, "bills": 50},
}


def test_classify_levels_selects_80_percent_of_each_line_and_county_designations() -> None:
    # 001 大客户划分标准: 州级 占各项业务用邮量80%以上的客户群及行业性合作伙伴、行政职能单位;
    # 县(市)级 各局自定重要客户
    levels = kr.classify_levels(
        VOLUMES, designated=["某县医院"], always_include=["州邮政管理局"], policy=LIANGSHAN
    )
    assert dict(levels) == {
        "州财政局": kr.Level.PREFECTURE,
        "西昌某厂": kr.Level.PREFECTURE,
        "会理某矿": kr.Level.PREFECTURE,  # bills: 700 + 150 = 850 of 1,000 reaches 80%
        "某县医院": kr.Level.COUNTY,
        "州邮政管理局": kr.Level.PREFECTURE,  # an administrative unit, whatever its volume
    }
    with pytest.raises(TypeError):
        levels["x"] = kr.Level.COUNTY  # type: ignore[index]


def test_a_customer_both_selected_and_designated_is_prefecture_level() -> None:
    levels = kr.classify_levels(VOLUMES, designated=["州财政局"], policy=LIANGSHAN)
    assert levels["州财政局"] is kr.Level.PREFECTURE


def test_a_customer_neither_selected_nor_designated_is_not_a_key_account() -> None:
    levels = kr.classify_levels({**VOLUMES, "小店": {"bills": 1}}, policy=LIANGSHAN)
    assert "小店" not in levels
    assert "某县医院" not in levels


def test_a_designation_of_an_unknown_customer_is_an_error_naming_it() -> None:
    with pytest.raises(kr.RuleInputError, match=r"designated\[1\]: .*\(got '无名公司'\)"):
        kr.classify_levels(VOLUMES, designated=["某县医院", "无名公司"], policy=LIANGSHAN)
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "designated: must be a collection of customer keys (got '某县医院') [PARETO-1]"
        ),
    ):
        kr.classify_levels(VOLUMES, designated="某县医院", policy=LIANGSHAN)


@pytest.mark.parametrize(
    ("level", "unit"),
    [("prefecture", kr.Unit.PREFECTURE_CENTER), ("county", kr.Unit.COUNTY_CENTER)],
)
def test_responsibility_follows_the_level(level: str, unit: kr.Unit) -> None:
    # LEVEL-1: 州局大客户中心负责全州大客户的管理与维护工作。县级大客户由县级大客户中心进行维护。
    plan = kr.level_plan(level, policy=LIANGSHAN)
    assert plan.unit is unit
    assert plan.contacts_per_month == 1  # VISIT-1: 按月对大客户进行上访
    assert plan.archive_cadence is kr.Cadence.QUARTER  # APPR-1: 每季更新
    assert plan.visit_every is kr.Cadence.HALF_YEAR  # CAL-1: 每半年
    assert plan.explanation.rules == ("LEVEL-1", "VISIT-1", "APPR-1", "CAL-1")


def test_an_unknown_level_is_rejected() -> None:
    with pytest.raises(
        kr.RuleInputError, match=r"level: must be one of prefecture \(州级\), county \(县\(市\)级\)"
    ):
        kr.level_plan("provincial", policy=LIANGSHAN)


def test_level_duties_cover_contact_greetings_archive_and_centre_visit() -> None:
    duties = kr.level_duties(
        "prefecture",
        dt.date(2026, 3, 20),
        key_dates={dt.date(2026, 3, 8): "妇女节", dt.date(2026, 3, 25): "厂长生日"},
        contacts=[dt.date(2026, 3, 2)],
        refreshes=[dt.date(2026, 1, 5)],
        policy=LIANGSHAN,
    )
    got = [(d.duty, d.rule, d.due, d.status, d.label) for d in duties.duties]
    assert got == [
        ("greeting", "VISIT-3", dt.date(2026, 3, 8), "overdue", "妇女节"),
        ("greeting", "VISIT-3", dt.date(2026, 3, 25), "due", "厂长生日"),
        ("archive", "APPR-1", dt.date(2026, 3, 31), "done", ""),
        ("contact", "VISIT-1", dt.date(2026, 3, 31), "done", ""),
        # VISIT-3 「结束后填写上访记录」: a bare date is a visit without its record
        ("visit_records", "VISIT-3", dt.date(2026, 3, 31), "due", ""),
        ("centre_visit", "CAL-1", dt.date(2026, 6, 30), "due", ""),
    ]
    assert {d.unit for d in duties.duties} == {kr.Unit.PREFECTURE_CENTER}


def test_an_in_person_greeting_fulfils_the_key_date_and_counts_as_a_contact() -> None:
    # VISIT-3: 上门向客户致问候 is a contact too; due on the date itself (G-17)
    greeting = kr.Contact(on=dt.date(2026, 3, 8), kind="greeting")
    duties = kr.level_duties(
        "county",
        dt.date(2026, 3, 31),
        key_dates={dt.date(2026, 3, 8): "妇女节"},
        contacts=[greeting],
        policy=LIANGSHAN,
    )
    assert {d.duty: d.status for d in duties.duties}["greeting"] == "done"
    assert {d.duty: d.status for d in duties.duties}["contact"] == "done"


def test_evaluate_works_for_a_liangshan_customer_given_its_level() -> None:
    customer = kr.Customer(name="西昌某厂", last_year_revenue={"express": 900})
    result = kr.evaluate(
        customer,
        bureau_annual_revenue=50_000_000,
        as_of=dt.date(2026, 3, 20),
        level="county",
        policy=LIANGSHAN,
    )
    assert result.key_account
    assert result.level is kr.Level.COUNTY
    assert result.grading is None
    assert result.qualification is None
    assert result.tier is None
    assert result.unit is kr.Unit.COUNTY_CENTER
    assert result.contacts_per_month == 1
    assert str(result.explanation).splitlines()[0] == (
        "EDITION-2: key account by level (PARETO-1/LEVEL-1), not graded: county level"
    )
    outcome = kr.evaluate(
        customer,
        bureau_annual_revenue=50_000_000,
        as_of=dt.date(2026, 3, 20),
        level="county",
        policy=LIANGSHAN,
        explain=False,
    )
    assert outcome == result.outcome
    assert kr.Evaluation.model_validate_json(result.model_dump_json()) == result


def test_evaluate_under_liangshan_without_a_level_is_not_a_key_account() -> None:
    # 001 states no qualification thresholds and no grading: a customer is classed by level,
    # and one neither selected (PARETO-1) nor designated by a county is not a key account
    customer = kr.Customer(name="小店", has_agreement=True)
    result = kr.evaluate(
        customer, bureau_annual_revenue=1, as_of=dt.date(2026, 3, 20), policy=LIANGSHAN
    )
    assert (result.key_account, result.unit, result.qualification) == (False, None, None)
    assert result.explanation.rules == ("EDITION-2",)


def test_evaluate_with_contacts_gives_the_months_duties_by_level() -> None:
    result = kr.evaluate(
        kr.Customer(name="x"),
        bureau_annual_revenue=1,
        as_of=dt.date(2026, 3, 20),
        level="prefecture",
        contact_dates=[],
        refresh_dates=[],
        policy=LIANGSHAN,
    )
    assert result.level_duties is not None
    assert {d.status for d in result.level_duties.duties} == {"due"}


def test_a_level_under_an_edition_without_levels_names_the_section() -> None:
    with pytest.raises(kr.MissingSectionError, match="levels: the 'combined' edition"):
        kr.evaluate(
            kr.Customer(name="x"),
            bureau_annual_revenue=1,
            as_of=dt.date(2026, 1, 1),
            level="county",
        )


def test_liangshan_pays_its_managers() -> None:
    # PAY-2 example: 一次性揽收特快10000元,按收入的5%给予奖励,应核发一次性营销奖励500元
    slip = kr.monthly_pay(
        dict.fromkeys(kr.PayIndicator, 1),
        [kr.Collection("express", 10_000)],
        policy=LIANGSHAN,
    )
    assert slip.marketing_reward == Decimal("500.00")
    assert slip.total == Decimal("1450.00")


# ---------------------------------------------------------------- bureau files (EDITION-4)


def test_a_bureau_file_states_only_its_changes(tmp_path: Path) -> None:
    path = write(
        tmp_path / "chaozhou.toml",
        'extends = "shantou"\n\n[grading.tiers]\ngold = 80\n',
    )
    policy = kr.load_policy(path)
    assert policy.name == "chaozhou"
    assert policy.edition == "shantou"
    assert policy.grading.tiers.gold == 80  # type: ignore[union-attr]
    assert policy.grading.tiers.diamond == 90  # type: ignore[union-attr]
    assert policy == SHANTOU.with_changes({"grading.tiers.gold": 80, "name": "chaozhou"})
    assert policy.fingerprint != SHANTOU.fingerprint
    assert policy.fingerprint == kr.load_policy(path).fingerprint
    result = kr.grade(1_000_000, 1_000_000_000, policy=policy)
    assert result.policy_fingerprint == policy.fingerprint  # the merged result's


def test_arrays_in_a_bureau_file_replace_the_editions(tmp_path: Path) -> None:
    path = write(
        tmp_path / "b.toml",
        'extends = "shantou"\nname = "b"\n[schedules.filing]\ntiers = ["gold", "silver"]\n',
    )
    assert kr.load_policy(path).schedules.filing.tiers == {  # type: ignore[union-attr]
        kr.Tier.GOLD,
        kr.Tier.SILVER,
    }


def test_a_bureau_file_may_add_a_section_its_edition_lacks(tmp_path: Path) -> None:
    # 001 外勤津贴: 各局可根据本局实际情况…制订: a Shantou bureau adopting Liangshan's pay
    path = write(
        tmp_path / "b.toml",
        'extends = "shantou"\n[include]\nliangshan = ["pay"]\n[pay.allowance]\namount = 200\n',
    )
    policy = kr.load_policy(path)
    assert policy.pay is not None
    assert policy.pay.allowance.amount == 200


def test_a_section_added_to_an_edition_later_does_not_break_a_bureau_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "b.toml", 'extends = "shantou"\n[pay.allowance]\namount = 180\n')
    with pytest.raises(kr.PolicyError):  # today shantou has no pay: a half section
        kr.load_policy(path)
    grown = deep_merge(
        policy_model._edition_raw("shantou"), {"pay": edition_data("liangshan")["pay"]}
    )
    monkeypatch.setattr(
        policy_model,
        "_edition_raw",
        lambda name: grown if name == "shantou" else policy_model._edition_raw.__wrapped__(name),
    )
    policy = kr.load_policy(path)
    assert policy.pay is not None
    assert policy.pay.allowance.amount == 180
    assert policy.pay.performance.base == 800  # the new section reaches the bureau file


def test_extends_of_an_unknown_edition_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "b.toml", 'extends = "guangzhou"\n')
    with pytest.raises(
        kr.PolicyError,
        match=r"b\.toml is invalid.*\n  extends: unknown edition "
        r"'guangzhou' \(known: shantou, liangshan, combined",
    ):
        kr.load_policy(path)


def test_a_cycle_of_files_extending_each_other_is_an_error_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'extends = "b.toml"\n')
    write(tmp_path / "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(kr.PolicyError, match=r"cycle: a\.toml → b\.toml → a\.toml"):
        kr.load_policy(tmp_path / "a.toml")


def test_a_file_may_extend_another_file_that_extends_an_edition(tmp_path: Path) -> None:
    write(tmp_path / "province.toml", 'extends = "combined"\n[pay.allowance]\namount = 170\n')
    write(tmp_path / "city.toml", 'extends = "province.toml"\n[grading.tiers]\ngold = 77\n')
    policy = kr.load_policy(tmp_path / "city.toml")
    assert policy.name == "city"
    assert policy.edition == "combined"
    assert policy.pay.allowance.amount == 170
    assert policy.grading.tiers.gold == 77


def test_include_of_an_unknown_edition_or_path_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'extends = "shantou"\n[include]\nchengdu = ["pay"]\n')
    with pytest.raises(kr.PolicyError, match=r"include\.chengdu: unknown edition 'chengdu'"):
        kr.load_policy(tmp_path / "a.toml")
    write(tmp_path / "b.toml", 'extends = "shantou"\n[include]\nshantou = ["payroll"]\n')
    with pytest.raises(kr.PolicyError, match="the shantou edition has no 'payroll'"):
        kr.load_policy(tmp_path / "b.toml")


def test_merging_tables_is_deep_and_grafting_appends_arrays() -> None:
    assert deep_merge({"a": {"b": 1, "c": [1]}}, {"a": {"c": [2]}}) == {"a": {"b": 1, "c": [2]}}
    assert graft({"a": {"c": [1]}}, "a.c", [2]) == {"a": {"c": [1, 2]}}
    assert graft({}, "a.b", {"x": 1}) == {"a": {"b": {"x": 1}}}


# ---------------------------------------------------------------- policy show / check / diff


def test_to_toml_reads_back_every_edition_exactly() -> None:
    for name in kr.editions():
        policy = kr.edition(name)
        data = tomllib.loads(policy.to_toml(), parse_float=Decimal)
        assert kr.policy.parse_policy(data) == policy
        assert kr.policy.parse_policy(data).fingerprint == policy.fingerprint


def test_toml_strings_are_escaped() -> None:
    text = 'a "quote", a \\ backslash,\nnew line, tab\t, bell\x07 and 中文'
    assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text
    assert tomllib.loads(dump_toml({"k": {"a b": [text]}}))["k"]["a b"] == [text]


def test_policy_show_prints_the_merged_result_as_toml_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "b.toml", 'extends = "shantou"\n[grading.tiers]\ngold = 80\n')
    code, out, _err = cli("policy", "show", str(path), "--format", "toml", capsys=capsys)
    assert code == 0
    shown = tomllib.loads(out, parse_float=Decimal)
    assert shown["grading"]["tiers"]["gold"] == 80
    assert shown["grading"]["tiers"]["silver"] == 65
    assert "extends" not in shown
    code, out, _err = cli("policy", "show", "liangshan", "--format", "json", capsys=capsys)
    assert json.loads(out)["levels"]["units"] == {
        "prefecture": "prefecture_center",
        "county": "county_center",
    }


def test_policy_diff_compares_editions_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = cli("policy", "diff", "shantou", "combined", capsys=capsys)
    assert code == 0
    assert "visits.contacts_per_month.general.comprehensive [VISIT-1]: 0 → 1" in out
    assert "pay.allowance.amount [PAY-4]: None → 150" in out


@pytest.mark.parametrize("name", ["shantou", "liangshan", "combined"])
def test_policy_check_passes_each_edition(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("policy", "check", name, capsys=capsys)[:2] == (0, f"{name}: ok\n")


def test_policy_check_reports_the_path_as_written_in_the_bureaus_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "b.toml",
        'extends = "shantou"\n[grading.tiers]\ngold = 95\n[grading.weights]\nshare = 0.5\n',
    )
    code, out, _err = cli("policy", "check", str(path), capsys=capsys)
    assert code == 1
    lines = out.splitlines()
    assert any(
        line.startswith(f"{path}: grading.tiers.gold: cutoffs out of order") for line in lines
    )
    assert any(line.startswith(f"{path}: grading.weights: weights must sum to 1") for line in lines)
    assert not any("comes from" in line for line in lines if "grading.weights" in line)


def test_policy_check_marks_a_problem_at_a_path_the_bureau_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "b.toml", 'extends = "shantou"\n[grading.tiers]\ndiamond = 60\n')
    code, out, _err = cli("policy", "check", str(path), capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}: grading.tiers.gold: cutoffs out of order: gold 75 must be below diamond 60 "
        "[GRADE-4] (the value at this path comes from shantou)"
    )


def test_policy_check_of_an_unknown_extends_is_an_error_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "b.toml", 'extends = "guangzhou"\n')
    code, _out, err = cli("policy", "check", str(path), capsys=capsys)
    assert code == 1
    assert f"{path} is invalid" in err
    assert "unknown edition 'guangzhou'" in err


def test_load_policy_data_resolves_extends(tmp_path: Path) -> None:
    path = write(tmp_path / "b.toml", 'extends = "liangshan"\n')
    assert load_policy_data(path)["levels"]["units"]["county"] == "county_center"


# ---------------------------------------------------------------- G-14


def test_the_province_code_check_is_a_policy_setting_on_by_default() -> None:
    # G-14: 002 says only 「客户ID代码由省局统一编制分配」
    with pytest.raises(
        kr.CustomerIdError,
        match=exactly(
            "division: first two digits 10 are not a province-level code of GB/T 2260 (got "
            "'100507') [ID-4]"
        ),
    ):
        kr.CustomerId.parse("10050700012000")
    relaxed = kr.default_policy().with_changes({"customer_id.check_province": False})
    assert str(kr.CustomerId.parse("10050700012000", policy=relaxed)) == "10050700012000"


# ---------------------------------------------------------------- case files per edition


def test_the_reference_cases_are_shipped_with_the_package() -> None:
    assert {"grading.toml", "visits.toml"} <= {p.name for p in shipped_cases().glob("*.toml")}


@pytest.mark.parametrize("name", ["shantou", "liangshan", "combined"])
def test_the_reference_cases_run_against_each_edition_skipping_what_does_not_apply(
    name: str,
) -> None:
    out = io.StringIO()
    run_case_files(
        [shipped_cases() / "grading.toml", shipped_cases() / "visits.toml"],
        out,
        policy=kr.edition(name),
        verbose=True,
    )
    summary = out.getvalue().splitlines()[-1]
    if name == "liangshan":
        assert ", 0 failed, " in summary  # only argument checks pass: no grading, no tiers
        assert summary.endswith(" skipped")
        assert "SKIP" in out.getvalue()  # verbose: each skip with its reason
        assert "no grading section" in out.getvalue()
    else:
        assert ", 0 failed" in summary, out.getvalue()


def test_the_test_command_runs_the_shipped_cases_against_a_bureau_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "b.toml", 'extends = "shantou"\n')
    code, out, _err = cli(
        "test", "--policy", str(path), str(shipped_cases() / "grading.toml"), capsys=capsys
    )
    assert code == 0
    assert out.splitlines()[-1].endswith("0 failed")
    code, out, _err = cli("test", "--policy", "nowhere", capsys=capsys)
    assert code == 1


def test_the_comparison_page_of_the_editions_matches_the_data() -> None:
    # docs/editions/index.md holds a table generated from the edition files
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "scripts" / "editions_table.py"
    spec = importlib.util.spec_from_file_location("editions_table", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module.PAGE.read_text(encoding="utf-8")
    assert module.page_with_table(text) == text, "run: python scripts/editions_table.py"
    assert "| LEVEL-1 | — | ✓ | — |" in text


def test_a_run_under_another_policy_calls_a_function_without_one_as_written(
    tmp_path: Path,
) -> None:
    out = io.StringIO()
    assert run_case_files([shipped_cases() / "qualification.toml"], out, policy=SHANTOU) == 0


def test_classify_levels_works_under_the_default_policy_which_has_pareto_1() -> None:
    # API: kr.classify_levels(volumes, *, designated=(), always_include=()) — no policy needed;
    # classing needs only PARETO-1's share, which the default (combined) edition has.
    levels = kr.classify_levels(
        {"a": {"express": 90}, "b": {"express": 5}, "c": {"express": 5}}, designated=["b"]
    )
    assert dict(levels) == {"a": kr.Level.PREFECTURE, "b": kr.Level.COUNTY}


def test_classify_levels_under_shantou_names_the_missing_pareto_section() -> None:
    with pytest.raises(
        kr.MissingSectionError,
        match=exactly(
            "pareto: the 'shantou' edition has no pareto section (PARETO-1 is 001's; use "
            "'liangshan' or 'combined')"
        ),
    ):
        kr.classify_levels({"a": {"express": 1}}, policy=kr.edition("shantou"))


def test_a_missing_section_of_a_changed_edition_is_not_blamed_on_the_edition_itself() -> None:
    from keyaccount_rules.policy import require

    shantou = kr.edition("shantou")
    with pytest.raises(kr.MissingSectionError, match=r"^pay: the 'shantou' edition has no pay"):
        require(shantou, "pay", shantou.pay)
    changed = shantou.with_changes({"grading.tiers.gold": 80})
    assert changed.name == "shantou"  # with_changes keeps the name
    with pytest.raises(
        kr.MissingSectionError, match=r"^pay: the policy changed from the 'shantou' edition has no"
    ):
        require(changed, "pay", changed.pay)

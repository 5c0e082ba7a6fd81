"""PAY-1..5: monthly pay and the pay run."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

import keyaccount_rules as kr
from keyaccount_rules import BusinessLine, Collection, PayIndicator, PayrollEntry, default_policy
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.rules.compensation import decide_pay, pay_run
from tests.conftest import exactly

FULL = dict.fromkeys(PayIndicator, 1)
NONE: dict[PayIndicator, int] = dict.fromkeys(PayIndicator, 0)


def test_the_seed_example_10000_express_earns_a_500_award() -> None:
    slip = kr.monthly_pay(NONE, [Collection(BusinessLine.EXPRESS, 10000)])
    assert slip.marketing_reward == Decimal("500.00")
    assert [a.award for a in slip.awards] == [Decimal("500.00")]
    assert "10,000.00 × 5% = 500 → award 500.00" in str(slip.explanation)


def test_full_quality_earns_the_whole_800_base_and_the_150_allowance() -> None:
    slip = kr.monthly_pay(FULL, [])
    assert (slip.performance_pay, slip.field_allowance, slip.total) == (
        Decimal("800.00"),
        Decimal("800.00") - Decimal("650.00"),
        Decimal("950.00"),
    )
    assert slip.marketing_reward == Decimal("0.00")


def test_each_indicator_weighs_one_quarter() -> None:
    quality = {**NONE, PayIndicator.FEEDBACK: 1}
    assert kr.monthly_pay(quality, []).performance_pay == Decimal("200.00")


@pytest.mark.parametrize(
    ("amount", "award"),
    [
        pytest.param("0.10", "0.01", id="half-fen-rounds-up"),
        pytest.param("0.09", "0.00", id="just-under-half-fen-rounds-down"),
        pytest.param("0.30", "0.02", id="1.5-fen-rounds-up"),
        pytest.param("1234.50", "61.73", id="61.725-rounds-up"),
        pytest.param("1234.30", "61.72", id="61.715-rounds-up-not-to-even"),
        pytest.param("1234.29", "61.71", id="61.7145-rounds-down"),
    ],
)
def test_each_award_is_rounded_half_up_to_the_fen(amount: str, award: str) -> None:
    slip = kr.monthly_pay(NONE, [Collection("bills", amount)])
    assert slip.awards[0].award == Decimal(award)


def test_awards_are_rounded_one_by_one_before_they_are_summed() -> None:
    # 0.10 × 5% = 0.005 → 0.01 each; rounding the sum 0.015 would give 0.02, not 0.03.
    slip = kr.monthly_pay(NONE, [Collection("letters", "0.10")] * 3)
    assert slip.marketing_reward == Decimal("0.03")


@pytest.mark.parametrize(
    ("quality", "pay"),
    [
        pytest.param("0.000025", "0.01", id="half-fen-rounds-up"),
        pytest.param("0.0000249", "0.00", id="just-under-half-fen-rounds-down"),
        pytest.param("0.000075", "0.02", id="1.5-fen-rounds-up-not-to-even"),
        pytest.param("0.0000749", "0.01", id="just-under-1.5-fen-rounds-down"),
    ],
)
def test_performance_pay_is_rounded_half_up_once(quality: str, pay: str) -> None:
    # Only service counts: 800 × 1/4 × quality = 200 × quality yuan.
    slip = kr.monthly_pay({**NONE, PayIndicator.SERVICE: quality}, [])
    assert slip.performance_pay == Decimal(pay)


def test_the_total_is_the_sum_of_the_rounded_lines() -> None:
    q = {"groundwork": "0.9", "service": 1, "feedback": "0.8", "marketing": 1}
    slip = kr.monthly_pay(q, [Collection("bills", "1234.50")], outstanding_award="300")
    assert slip.performance_pay == Decimal("740.00")
    assert slip.total == Decimal("1251.73")
    assert slip.total == (
        slip.performance_pay + slip.marketing_reward + slip.field_allowance + slip.outstanding_award
    )
    assert slip.explanation.rules == ("PAY-1", "PAY-2", "PAY-4", "PAY-3", "PAY-5")


def test_the_explanation_is_given_in_chinese_too() -> None:
    slip = kr.monthly_pay(FULL, [Collection("express", 10000)])
    zh = slip.explanation.render("zh")
    assert "特快10,000.00元 × 5%" in zh
    assert "外勤津贴 每月150.00元" in zh


def test_a_bureau_variant_sets_its_own_allowance_and_rates() -> None:
    bureau = kr.default_policy().with_changes(
        {"pay.allowance.amount": 200, "pay.marketing.rates.express": Decimal("0.08")}
    )
    slip = kr.monthly_pay(FULL, [Collection("express", 10000)], policy=bureau)
    assert (slip.field_allowance, slip.marketing_reward) == (Decimal("200.00"), Decimal("800.00"))


def test_a_policy_whose_pay_weights_do_not_sum_to_one_is_rejected_naming_the_field() -> None:
    with pytest.raises(kr.PolicyError, match=r"pay\.performance\.weights"):
        kr.default_policy().with_changes({"pay.performance.weights.service": Decimal("0.5")})


@pytest.mark.parametrize(
    ("quality", "field"),
    [
        pytest.param({**FULL, PayIndicator.MARKETING: "1.01"}, "quality.marketing", id="over-1"),
        pytest.param({**FULL, PayIndicator.SERVICE: -1}, "quality.service", id="negative"),
        pytest.param({**FULL, PayIndicator.FEEDBACK: "x"}, "quality.feedback", id="not-a-number"),
        pytest.param(
            {k: v for k, v in FULL.items() if k is not PayIndicator.GROUNDWORK},
            "quality.groundwork",
            id="missing",
        ),
        pytest.param({**FULL, "bonus": 1}, "quality key", id="unknown-indicator"),
    ],
)
def test_bad_quality_is_an_error_naming_the_indicator(quality: object, field: str) -> None:
    with pytest.raises(kr.RuleInputError) as info:
        kr.monthly_pay(quality, [])  # type: ignore[arg-type]
    assert info.value.field == field
    assert info.value.rule == "PAY-1"


def test_quality_exactly_0_and_exactly_1_are_accepted() -> None:
    assert kr.monthly_pay(NONE, []).performance_pay == Decimal("0.00")
    assert kr.monthly_pay(FULL, []).performance_pay == Decimal("800.00")


@pytest.mark.parametrize(
    ("line", "amount", "field"),
    [
        pytest.param("stamps", 100, "line", id="unknown-line"),
        pytest.param("express", -1, "amount", id="negative"),
        pytest.param("express", "1.005", "amount", id="over-precise"),
        pytest.param("express", "nan", "amount", id="nan"),
    ],
)
def test_a_bad_collection_is_rejected_naming_the_field(
    line: str, amount: object, field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        Collection(line, amount)  # type: ignore[arg-type]
    assert info.value.errors()[0]["loc"] == (field,)


def test_a_collection_given_as_a_mapping_is_validated_and_named_by_index() -> None:
    with pytest.raises(kr.RuleInputError) as info:
        kr.monthly_pay(FULL, [Collection("express", 1), {"line": "stamps", "amount": 1}])  # type: ignore[list-item]
    assert info.value.field == "collections[1].line"


def test_something_else_in_collections_is_an_error() -> None:
    with pytest.raises(kr.RuleInputError, match=r"collections\[0\]"):
        kr.monthly_pay(FULL, [("express", 1)])  # type: ignore[list-item]
    with pytest.raises(
        kr.RuleInputError,
        match=exactly("collections: must be an iterable of Collection (got 'str') [PAY-2]"),
    ):
        kr.monthly_pay(FULL, "express")  # type: ignore[arg-type]


@pytest.mark.parametrize("award", [-1, "0.001", "abc"])
def test_a_bad_outstanding_award_is_an_error_naming_it(award: object) -> None:
    with pytest.raises(kr.RuleInputError) as info:
        kr.monthly_pay(FULL, [], outstanding_award=award)  # type: ignore[arg-type]
    assert info.value.field == "outstanding_award"
    assert info.value.rule == "PAY-3"


def test_the_payslip_dumps_to_json_with_amounts_as_strings() -> None:
    data = kr.monthly_pay(FULL, [Collection("express", 10000)]).model_dump(mode="json")
    assert data["total"] == "1450.00"
    assert data["awards"][0] == {
        "line": "express",
        "amount": "10000.00",
        "rate": "0.05",
        "award": "500.00",
        "project": None,
        "collected_on": None,
        "first": True,
    }


# ---------------------------------------------------------------- pay run


def _entries() -> list[PayrollEntry]:
    return [
        PayrollEntry(
            manager="li",
            quality={k: Decimal("0.9") for k in PayIndicator},
            collections=(Collection("bills", "1234.50"), Collection("letters", "0.10")),
        ),
        PayrollEntry(manager="wang", quality=FULL, outstanding_award=Decimal("300")),
        PayrollEntry(
            manager="zhang",
            quality={k: Decimal("0.3333") for k in PayIndicator},
            collections=(Collection("express", "999.99"),),
        ),
    ]


def test_a_pay_run_total_equals_the_sum_of_its_payslips() -> None:
    run = kr.pay_run(_entries(), month=date(2026, 11, 15))
    slips = [entry.payslip for entry in run.payslips]
    assert run.totals.total == sum((s.total for s in slips), Decimal(0))
    for column in ("performance_pay", "marketing_reward", "field_allowance", "outstanding_award"):
        assert getattr(run.totals, column) == sum((getattr(s, column) for s in slips), Decimal(0))
    assert run.totals.total == (
        run.totals.performance_pay
        + run.totals.marketing_reward
        + run.totals.field_allowance
        + run.totals.outstanding_award
    )
    # li: 720 + (61.73 + 0.01) + 150; wang: 800 + 150 + 300; zhang: 266.64 + 50.00 + 150
    assert run.totals.total == Decimal("931.74") + Decimal("1250.00") + Decimal("466.64")
    assert run.month == "2026-11"


def test_the_pay_run_csv_has_one_row_per_manager_with_plain_amounts() -> None:
    text = kr.pay_run(_entries(), month=date(2026, 11, 1)).to_csv()
    lines = text.splitlines()
    assert lines[0].split(",")[:3] == ["month", "manager", "performance_pay"]
    assert lines[1] == "2026-11,li,720.00,61.74,150.00,0.00,931.74,2"
    assert len(lines) == 4


def test_the_pay_run_json_carries_rows_and_reconciling_totals() -> None:
    data = json.loads(kr.pay_run(_entries(), month=date(2026, 11, 1)).to_json())
    assert [row["manager"] for row in data["rows"]] == ["li", "wang", "zhang"]
    assert data["totals"]["total"] == "2648.38"
    assert sum(Decimal(row["total"]) for row in data["rows"]) == Decimal(data["totals"]["total"])


def test_an_empty_pay_run_totals_zero() -> None:
    run = kr.pay_run([], month=date(2026, 1, 31))
    assert (run.totals.managers, run.totals.total) == (0, Decimal("0.00"))


def test_a_manager_twice_in_a_pay_run_is_an_error() -> None:
    entry = _entries()[1]
    with pytest.raises(kr.RuleInputError, match=r"entries\[1\]\.manager"):
        kr.pay_run([entry, entry], month=date(2026, 11, 1))


def test_a_bad_entry_in_a_pay_run_is_named_by_index_and_field() -> None:
    bad = PayrollEntry(manager="zhao", quality={PayIndicator.SERVICE: Decimal(1)})
    with pytest.raises(kr.RuleInputError) as info:
        kr.pay_run([_entries()[0], bad], month=date(2026, 11, 1))
    assert info.value.field == "entries[1].quality.groundwork"
    assert "zhao" in str(info.value)


def test_a_pay_run_entry_may_be_a_mapping() -> None:
    run = kr.pay_run(
        [
            {
                "manager": "li",
                "quality": {"groundwork": 1, "service": 1, "feedback": 1, "marketing": 1},
            }
        ],
        month=date(2026, 11, 1),
    )
    assert run.totals.total == Decimal("950.00")
    with pytest.raises(kr.RuleInputError, match=r"entries\[0\]\.manager"):
        kr.pay_run([{"manager": "", "quality": {}}], month=date(2026, 11, 1))


def test_a_pay_run_needs_a_date_for_its_month() -> None:
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "month: must be a datetime.date (got '2026-11') [PAY-5]; pass date(2025, 3, 31), "
            "not a string or a datetime"
        ),
    ):
        kr.pay_run([], month="2026-11")  # type: ignore[arg-type]


# ---------------------------------------------------------------- declared arguments


def test_a_pay_run_month_must_be_a_date_not_a_datetime_pay_5() -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        kr.pay_run([], month=datetime(2026, 11, 1, 9))
    assert (caught.value.field, caught.value.rule) == ("month", "PAY-5")


def test_a_pay_run_pays_each_entry_as_monthly_pay_would_pay_1() -> None:
    entry = PayrollEntry(
        manager="li", quality=FULL, collections=(Collection("bills", "0.10"),), outstanding_award=5
    )
    run = kr.pay_run([entry], month=date(2026, 11, 1))
    slip = kr.monthly_pay(FULL, entry.collections, outstanding_award=5)
    assert run.payslips[0].payslip == slip


# ---------------------------------------------------------------- PAY-3 long-term projects
# 001 薪酬: 「对予大客户经理揽收到的对企业有突出贡献的长期合作项目(如帐单、邮资门票),
# 除给予第一笔业务收入一定比例的营销奖励外，还可根据贡献大小，再予核发金额不定的突出贡献奖」:
# only the project's FIRST business revenue earns the PAY-2 reward.


def _bills(day: int, project: str | None = "帐单项目") -> Collection:
    return Collection("bills", 10000, project=project, collected_on=date(2026, 3, day))


def test_three_bills_collections_of_one_project_pay_one_reward_not_three() -> None:
    """The old code paid 1,500.00 for three 10,000 bills collections of one project."""
    slip = kr.monthly_pay(FULL, [_bills(20), _bills(5), _bills(12)])
    assert slip.marketing_reward == Decimal("500.00")
    assert [a.award for a in slip.awards] == [Decimal("0.00"), Decimal("500.00"), Decimal("0.00")]
    assert [a.first for a in slip.awards] == [False, True, False]
    steps = [s for s in slip.explanation if s.rule == "PAY-3"]
    assert steps[0].text.startswith("collection 1: bills 10,000.00 of long-term project 帐单项目")
    assert "collection 2 is the project's first collection" in steps[0].text
    assert "collection 2 is the first collection of long-term project 帐单项目" in steps[1].text
    assert "第2笔揽收是长期合作项目帐单项目的第一笔业务收入" in steps[1].text_zh
    assert "只有第一笔给予奖励" in steps[0].text_zh


def test_collections_without_a_project_each_earn_their_reward() -> None:
    slip = kr.monthly_pay(FULL, [_bills(1, None), _bills(2, None)])
    assert slip.marketing_reward == Decimal("1000.00")


def test_same_day_collections_of_a_project_reward_the_first_given() -> None:
    slip = kr.monthly_pay(FULL, [_bills(5), _bills(5)])
    assert [a.award for a in slip.awards] == [Decimal("500.00"), Decimal("0.00")]


def test_an_undated_collection_comes_after_the_dated_ones_of_its_project() -> None:
    undated = Collection("bills", 10000, project="帐单项目")
    slip = kr.monthly_pay(FULL, [undated, _bills(28)])
    assert [a.award for a in slip.awards] == [Decimal("0.00"), Decimal("500.00")]
    only_undated = kr.monthly_pay(FULL, [undated, undated])
    assert [a.award for a in only_undated.awards] == [Decimal("500.00"), Decimal("0.00")]


def test_a_project_rewarded_in_an_earlier_month_earns_nothing_now() -> None:
    slip = kr.monthly_pay(FULL, [_bills(3), _bills(4)], rewarded_projects=["帐单项目"])
    assert slip.marketing_reward == Decimal("0.00")
    assert "rewarded in an earlier month" in str(slip.explanation)
    assert "已在此前月份给予奖励" in slip.explanation.render("zh")


def test_projects_are_separate() -> None:
    slip = kr.monthly_pay(FULL, [_bills(3, "帐单"), _bills(4, "邮资门票"), _bills(5, "帐单")])
    assert slip.marketing_reward == Decimal("1000.00")


def test_a_blank_project_name_is_no_project() -> None:
    assert Collection("bills", 1, project="  ").project is None


@pytest.mark.parametrize("bad", ["帐单", [""], [5]])
def test_rewarded_projects_must_be_names(bad: object) -> None:
    with pytest.raises(kr.RuleInputError, match=r"^rewarded_projects.*\[PAY-3\]"):
        kr.monthly_pay(FULL, [], rewarded_projects=bad)  # type: ignore[arg-type]


def test_a_datetime_is_not_a_collection_day() -> None:
    with pytest.raises(ValidationError, match="collected_on"):
        Collection("bills", 1, project="p", collected_on=datetime(2026, 3, 1, 9))


def test_in_a_pay_run_the_earliest_collection_across_managers_is_the_first() -> None:
    run = kr.pay_run(
        [
            PayrollEntry(manager="li", quality=FULL, collections=(_bills(20),)),
            PayrollEntry(manager="wang", quality=FULL, collections=(_bills(2),)),
        ],
        month=date(2026, 3, 31),
    )
    li, wang = (p.payslip for p in run.payslips)
    assert (li.marketing_reward, wang.marketing_reward) == (Decimal("0.00"), Decimal("500.00"))
    assert "collection 1 of wang is the project's first collection" in str(li.explanation)
    assert run.totals.marketing_reward == Decimal("500.00")


def test_a_pay_run_takes_the_projects_rewarded_earlier() -> None:
    run = kr.pay_run(
        [PayrollEntry(manager="li", quality=FULL, collections=(_bills(20),))],
        month=date(2026, 3, 31),
        rewarded_projects=("帐单项目",),
    )
    assert run.totals.marketing_reward == Decimal("0.00")


def test_the_5_percent_rate_is_labelled_the_documents_example() -> None:
    """PAY-2: 「如…按收入的5%」 is an example; the data says so."""
    source = kr.default_policy().pay.marketing.source
    assert "如" in source
    assert "5%" in source


def test_the_performance_pay_formula_cites_its_decision_g12() -> None:
    """G-12: equal weights, pay = 800 × Σ weight × quality (「根据指标工作质量的好坏核发」)."""
    slip = kr.monthly_pay(FULL, [])
    assert slip.explanation[0].text.startswith(
        "performance pay = base 800.00 × Σ weight × quality (G-12)"
    )
    assert set(kr.default_policy().pay.performance.weights.values()) == {Decimal("0.25")}


def test_the_json_export_keeps_chinese_names_and_the_month_key_pay_5() -> None:
    run = pay_run(
        [PayrollEntry(manager="李", quality=dict.fromkeys(PayIndicator, 1))],
        month=date(2026, 11, 3),
    )
    text = run.to_json()
    assert text.startswith('{"month": "2026-11", "rows": [{"month": "2026-11", "manager": "李"')
    assert "\\u" not in text
    data = json.loads(text)
    assert data["month"] == "2026-11"
    assert data["totals"]["total"] == "950.00"


def test_a_wrapped_entry_error_keeps_its_cause_and_rule_pay_1() -> None:
    entry = {"manager": "li", "quality": dict.fromkeys(PayIndicator, 2)}
    with pytest.raises(RuleInputError) as caught:
        pay_run([entry], month=date(2026, 11, 1))
    assert caught.value.rule == "PAY-1"
    assert isinstance(caught.value.__cause__, RuleInputError)


def test_a_pay_run_uses_the_given_policy_for_every_payslip_pay_4() -> None:
    policy = default_policy().with_changes({"pay.allowance.amount": 200})
    run = pay_run(
        [PayrollEntry(manager="li", quality=dict.fromkeys(PayIndicator, 1))],
        month=date(2026, 11, 1),
        policy=policy,
    )
    assert run.payslips[0].payslip.field_allowance == Decimal("200.00")
    assert run.totals.total == Decimal("1000.00")


def test_the_pay_run_csv_ends_its_lines_with_crlf_as_spreadsheets_expect() -> None:
    text = kr.pay_run(_entries(), month=date(2026, 11, 1)).to_csv()
    assert text.endswith("\r\n")
    assert text.count("\r\n") == text.count("\n") == 4


# ---------------------------------------------------------------- mutation-testing gaps


def test_a_collection_without_a_project_before_a_project_s_collection_leaves_it_rewarded() -> None:
    # 5% of 1,000.00 (no project) and 5% of 10,000.00 (the project's only collection)
    slip = kr.monthly_pay(FULL, [Collection("bills", 1000), _bills(3)])
    assert [a.award for a in slip.awards] == [Decimal("50.00"), Decimal("500.00")]
    assert slip.marketing_reward == Decimal("550.00")


def test_decide_pay_without_firsts_finds_the_project_s_first_among_its_own_collections() -> None:
    quality = dict.fromkeys(PayIndicator, Decimal(1))
    d = decide_pay(default_policy().pay, quality, [_bills(5), _bills(2)], Decimal("0.00"))
    assert [(a.status, a.first_at, a.award) for a in d.awards] == [
        ("later", (None, 2), Decimal("0.00")),
        ("first", None, Decimal("500.00")),
    ]
    assert d.marketing == Decimal("500.00")
    assert d.total == Decimal("1450.00")  # 800 + 500 + 150


def test_decide_pay_without_collections_has_a_marketing_line_of_0_00_to_the_fen() -> None:
    quality = dict.fromkeys(PayIndicator, Decimal(1))
    d = decide_pay(default_policy().pay, quality, [], Decimal("0.00"))
    assert isinstance(d.marketing, Decimal)
    assert str(d.marketing) == "0.00"


def test_in_a_pay_run_a_later_collection_names_the_manager_s_own_first_without_his_name() -> None:
    run = kr.pay_run(
        [PayrollEntry(manager="li", quality=FULL, collections=(_bills(2), _bills(9)))],
        month=date(2026, 3, 31),
    )
    later = [s for s in run.payslips[0].payslip.explanation if s.rule == "PAY-3"][1]
    assert later.text == (
        "collection 2: bills 10,000.00 of long-term project 帐单项目 → no award: collection 1"
        " is the project's first collection, and only the first earns one (第一笔业务收入)"
    )
    assert later.text_zh == (
        "第2笔揽收：帐单10,000.00元，属长期合作项目帐单项目 → 不给予营销奖励："
        "第1笔揽收为该项目第一笔业务收入，只有第一笔给予奖励"
    )


def test_rewarded_projects_given_as_one_string_asks_for_a_collection_of_project_names() -> None:
    with pytest.raises(RuleInputError) as caught:
        kr.monthly_pay(FULL, [], rewarded_projects="帐单")
    assert str(caught.value) == (
        "rewarded_projects: must be a collection of project names (got '帐单') [PAY-3]"
    )


def test_a_pay_run_under_shantou_names_the_missing_pay_section() -> None:
    with pytest.raises(kr.MissingSectionError) as caught:
        kr.pay_run(
            [PayrollEntry(manager="li", quality=FULL)],
            month=date(2026, 3, 31),
            policy=kr.edition("shantou"),
        )
    assert str(caught.value) == (
        "pay: the 'shantou' edition has no pay section (PAY-1, PAY-2, PAY-4 are 001's; "
        "use 'liangshan' or 'combined')"
    )


# PAY-1, 001 一、: 「客户中心编制六人,除主任副主任外,其余人员在管理上视为业务经理岗,
# 薪酬按大客户管理计发」


def test_the_director_and_the_deputy_are_outside_the_pay_scheme() -> None:
    quality = dict.fromkeys(kr.PayIndicator, 1)
    director = kr.PayrollEntry(manager="zhang", quality=quality, post="director")
    with pytest.raises(
        kr.RuleInputError,
        match=exactly(
            "entries[1].post: director is outside the pay scheme (manager 'zhang') [PAY-1]; "
            "pay the director and deputy outside the pay run (001 「除主任副主任外」)"
        ),
    ):
        kr.pay_run(
            [kr.PayrollEntry(manager="li", quality=quality), director],
            month=date(2026, 3, 31),
            policy="liangshan",
        )
    staff = kr.PayrollEntry(manager="li", quality=quality, post="account_manager")
    assert kr.pay_run([staff], month=date(2026, 3, 31), policy="liangshan").totals.managers == 1

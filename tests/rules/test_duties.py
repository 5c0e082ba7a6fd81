"""One key account's month (rules/duties.py): every duty decided once, by tier or by level.

Expected values are read from the rulebook: "by the Nth" includes the Nth (G-7), a month is
a calendar month (§17), VISIT-1 counts the month's contacts of the counted kinds, each key
date is due on its day (VISIT-3), archive periods are calendar-aligned (ARCH-2, G-9).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules.records.activity import Event, Kind
from keyaccount_rules.rules.duties import (
    AccountMonth,
    MonthRules,
    decide_level_month,
    decide_research,
    decide_tier_month,
    duty_status,
    explain_duty,
    month_duties,
    place_key_date,
)

BUREAU = 300_000_000
LIANGSHAN = kr.edition("liangshan")
GOLD = kr.Customer(  # comprehensive gold: 2 contacts a month (VISIT-1)
    name="GOLD", has_agreement=True, last_year_revenue={"express": 600_000}
)
COUNTY = kr.Customer(name="某县医院")


def statuses(d: kr.MonthDuties) -> dict[str, tuple[date, str]]:
    return {x.duty: (x.due, x.status) for x in d.duties}


# ---------------------------------------------------------------- G-7: due on the due day


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param(date(2025, 3, 30), "due", id="the-day-before"),
        pytest.param(date(2025, 3, 31), "due", id="on-the-due-day"),
        pytest.param(date(2025, 4, 1), "overdue", id="the-day-after"),
    ],
)
def test_a_duty_not_done_is_due_up_to_and_on_its_due_day_and_overdue_after(
    as_of: date, expected: str
) -> None:
    assert duty_status(False, date(2025, 3, 31), as_of) == expected
    assert duty_status(True, date(2025, 3, 31), as_of) == "done"


def test_on_the_last_day_of_the_month_every_month_end_duty_of_a_tier_is_due_not_overdue() -> None:
    last = date(2025, 3, 31)
    d = month_duties(last, tier="gold", scope="comprehensive")
    assert statuses(d) == {
        "contacts": (last, "due"),
        "leadership_visit": (date(2025, 12, 31), "due"),
        "archive": (last, "due"),
    }


def test_on_the_last_day_of_the_month_the_agenda_lists_the_month_s_duties_as_due() -> None:
    last = date(2025, 3, 31)
    items = kr.agenda([GOLD], [], as_of=last, bureau_annual_revenue=BUREAU).items
    mine = {(i.duty, i.status) for i in items if i.customer == "GOLD"}
    assert mine == {("contacts", "due"), ("leadership_visit", "due"), ("archive", "due")}
    # the unit reports due that day are due too (REPORT-4's prefecture collection is by the 3rd)
    assert {i.status for i in items if i.customer is None and i.due == last} == {"due"}


def test_a_key_date_s_greeting_is_due_on_the_day_and_overdue_the_day_after() -> None:
    facts = AccountMonth(key_dates=((date(2025, 3, 8), "三八节"),))
    on_the_day = month_duties(date(2025, 3, 8), facts, tier="gold", scope="regional")
    day_after = month_duties(date(2025, 3, 9), facts, tier="gold", scope="regional")
    assert statuses(on_the_day)["greeting"] == (date(2025, 3, 8), "due")
    assert statuses(day_after)["greeting"] == (date(2025, 3, 8), "overdue")


def test_the_filing_analysis_and_log_duties_are_due_on_the_month_s_last_day() -> None:
    # FILE-1, FLUX-1 (a 50% rise), LOG-3 (a quotation with no earlier stage): due by month end
    gold = [
        kr.Customer(name=f"G{n}", has_agreement=True, last_year_revenue={"express": 600_000})
        for n in range(2)
    ]
    rows = [
        kr.RevenueRow(2 + n, f"G{n}", kr.Month(2025, m), kr.BusinessLine.EXPRESS, Decimal(v))
        for n in range(2)
        for m, v in ((1, "20000"), (2, "30000"))
    ]
    log = Event(9, "G0", date(2025, 3, 2), Kind.MARKETING_LOG, "Li", stage=kr.LogStage.QUOTATION)
    for as_of, expected in ((date(2025, 3, 31), "due"), (date(2025, 3, 30), "due")):
        items = kr.agenda(
            gold, [log], as_of=as_of, bureau_annual_revenue=BUREAU, revenue=rows
        ).items
        found = {
            (i.customer, i.duty): (i.due, i.status)
            for i in items
            if i.rule in ("FILE-1", "FLUX-1", "LOG-3")
        }
        end, by_28 = date(2025, 3, 31), date(2025, 3, 28)
        # FLUX-1's analysis is due with REPORT-2's monthly analysis report, by the 28th
        # (002 (四)6: 每月28日前…经营情况分析报告): overdue on the 30th and 31st
        assert found == {
            ("G0", "filing"): (end, expected),
            ("G1", "filing"): (end, expected),
            ("G0", "analysis"): (by_28, "overdue"),
            ("G1", "analysis"): (by_28, "overdue"),
            ("G0", "marketing_log"): (end, expected),
        }


# ---------------------------------------------------------------- one VISIT-1 count, one month


def test_a_contact_of_last_month_counts_for_no_duty_of_this_month_by_tier_or_by_level() -> None:
    # a contact on 5 March, seen in April: visit_compliance, the tier's and the level's duty agree
    march = [kr.Contact(on=date(2025, 3, 5))]
    april = date(2025, 4, 10)
    assert kr.visit_compliance("gold", "regional", march, april).done == 0
    by_tier = month_duties(
        april, AccountMonth(contacts=tuple(march)), tier="gold", scope="regional"
    )
    by_level = month_duties(
        april, AccountMonth(contacts=tuple(march)), level="county", policy=LIANGSHAN
    )
    assert statuses(by_tier)["contacts"] == (date(2025, 4, 30), "due")
    assert statuses(by_level)["contacts"] == (date(2025, 4, 30), "due")
    assert (
        kr.level_duties("county", april, contacts=march, policy=LIANGSHAN).duties[0].status == "due"
    )


def test_a_month_cadence_of_two_months_is_refused_rather_than_cut_differently() -> None:
    # the divergence it made: a 5 March contact did April's level contact duty (a 2-month
    # "month") while visit_compliance counted none (a calendar month)
    for edition in ("combined", "liangshan"):
        with pytest.raises(kr.PolicyError, match=r"schedules\.periods\.months\.month: must be 1"):
            kr.edition(edition).with_changes({"schedules.periods.months.month": 2})


@pytest.mark.parametrize(
    ("kinds", "done"),
    [
        pytest.param(("visit", "call"), 2, id="a-visit-and-a-call"),
        pytest.param(("greeting",), 1, id="an-in-person-greeting"),
        pytest.param(("leadership_visit", "visit", "visit"), 3, id="three"),
    ],
)
def test_the_agenda_s_contacts_duty_counts_what_visit_compliance_counts(
    kinds: tuple[str, ...], done: int
) -> None:
    as_of = date(2025, 3, 20)
    kind_of = {
        "visit": Kind.VISIT,
        "call": Kind.CONTACT,
        "greeting": Kind.GREETING,
        "leadership_visit": Kind.LEADERSHIP_VISIT,
    }
    events = [
        Event(2 + n, "GOLD", date(2025, 3, 1 + n), kind_of[k], "Li") for n, k in enumerate(kinds)
    ]
    contacts = [
        kr.Contact(on=e.on, kind="call" if k == "call" else k)
        for e, k in zip(events, kinds, strict=True)
    ]
    compliance = kr.visit_compliance("gold", "comprehensive", contacts, as_of)
    (item,) = [
        i
        for i in kr.agenda([GOLD], events, as_of=as_of, bureau_annual_revenue=BUREAU).items
        if i.duty == "contacts"
    ]
    assert compliance.done == done
    assert item.what == f"contacts this month: {done} of 2 required"
    assert item.explanation == compliance.explanation
    assert item.status == ("done" if compliance.compliant else "due")


# ---------------------------------------------------------------- each duty explains itself


def test_two_greetings_on_one_day_each_carry_their_own_step_by_level() -> None:
    activity = [
        Event(2, COUNTY.name, date(2020, 3, 8), Kind.KEY_DATE, "", "院长生日"),
        Event(3, COUNTY.name, date(2026, 3, 8), Kind.GREETING),
    ]
    result = kr.agenda(
        [COUNTY],
        activity,
        as_of=date(2026, 3, 9),
        bureau_annual_revenue=BUREAU,
        holidays={date(2026, 3, 8): "三八节"},
        levels={COUNTY.name: "county"},
        policy=LIANGSHAN,
    )
    greetings = {i.what_zh: i for i in result.items if i.duty == "greeting"}
    assert sorted(greetings) == ["特定日期问候：三八节", "特定日期问候：院长生日"]
    for label, item in (("三八节", "done"), ("院长生日", "overdue")):
        own = greetings[f"特定日期问候：{label}"]
        assert own.status == item
        assert [s.rule for s in own.explanation] == ["LEVEL-1", "VISIT-3"]
        assert own.explanation.steps[1].text.startswith(f"{label} on 2026-03-08")


def test_two_greetings_on_one_day_each_carry_their_own_step_by_tier() -> None:
    facts = AccountMonth(
        contacts=(kr.Contact(on=date(2025, 3, 8), kind="greeting"),),
        key_dates=((date(2025, 3, 8), "厂长生日"), (date(2025, 3, 8), "三八节")),
    )
    d = month_duties(date(2025, 3, 9), facts, tier="gold", scope="regional")
    greetings = [x for x in d.duties if x.duty == "greeting"]
    assert [(x.status, str(x.explanation)) for x in greetings] == [
        ("done", "VISIT-3: key date 三八节 on 2025-03-08: greeted on 2025-03-08"),
        (
            "overdue",
            "VISIT-3: key date 厂长生日 on 2025-03-08: "
            "greeting due on the day (planned in advance)",
        ),
    ]


def test_the_level_duties_and_the_agenda_by_level_state_the_same_decisions() -> None:
    as_of = date(2026, 3, 20)
    activity = [
        Event(2, COUNTY.name, date(2026, 3, 8), Kind.GREETING),
        Event(3, COUNTY.name, date(2026, 1, 4), Kind.ARCHIVE_REFRESH),
    ]
    plan = kr.agenda(
        [COUNTY],
        activity,
        as_of=as_of,
        bureau_annual_revenue=BUREAU,
        holidays={date(2026, 3, 8): "妇女节"},
        levels={COUNTY.name: "county"},
        policy=LIANGSHAN,
    )
    duties = kr.level_duties(
        "county",
        as_of,
        key_dates={date(2026, 3, 8): "妇女节"},
        contacts=[kr.Contact(on=date(2026, 3, 8), kind="greeting")],
        refreshes=[date(2026, 1, 4)],
        policy=LIANGSHAN,
    )
    from_agenda = [(i.duty, i.rule, i.due, i.status) for i in plan.items if i.customer]
    from_duties = [
        ("contacts" if d.duty == "contact" else d.duty, d.rule, d.due, d.status)
        for d in duties.duties
    ]
    assert sorted(from_agenda) == sorted(from_duties)
    own = [s for i in plan.items if i.customer for s in i.explanation if s.rule != "LEVEL-1"]
    assert set(own) <= set(duties.explanation)  # the same steps, never re-sliced


# ---------------------------------------------------------------- ARCH-2, a year from April


def test_an_archive_refreshed_in_its_half_year_before_january_is_done_in_the_agenda() -> None:
    # year_starts_in_month = 4: a GENERAL account's half year runs October to March, so a
    # November refresh counts in March, in the agenda as in archive_status
    april = kr.default_policy().with_changes({"schedules.periods.year_starts_in_month": 4})
    general = kr.Customer(name="GEN", has_agreement=True, last_year_revenue={"express": 150_000})
    refresh = Event(2, "GEN", date(2024, 11, 5), Kind.ARCHIVE_REFRESH, "Li")
    as_of = date(2025, 3, 31)
    items = kr.agenda(
        [general], [refresh], as_of=as_of, bureau_annual_revenue=BUREAU, policy=april
    ).items
    assert [(i.due, i.status) for i in items if i.duty == "archive"] == [(as_of, "done")]
    status = kr.archive_status("general", [date(2024, 11, 5)], as_of, policy=april)
    assert (status.period_start, status.refreshed) == (date(2024, 10, 1), True)


# ---------------------------------------------------------------- the decision functions


def test_decide_tier_month_lists_its_duties_in_the_agenda_s_order() -> None:
    facts = AccountMonth(
        contacts=(kr.Contact(on=date(2025, 3, 2), kind="leadership_visit"),),
        key_dates=((date(2025, 3, 8), "三八节"),),
        volumes=(Decimal("100"), Decimal("200")),
    )
    rules = MonthRules(kr.default_policy())
    found = decide_tier_month(kr.Tier.GOLD, kr.Scope.REGIONAL, date(2025, 3, 20), facts, rules)
    assert [(d.duty, d.rule) for d in found] == [
        ("contacts", "VISIT-1"),
        ("leadership_visit", "VISIT-2"),  # listed: made this month
        ("greeting", "VISIT-3"),
        ("archive", "ARCH-2"),
        ("analysis", "FLUX-1"),  # 100 → 200: +100% > 30%
    ]


def test_a_tier_row_of_earlier_months_sets_the_month_s_cadence_and_minimum() -> None:
    # G-9: silver (quarterly, 1 contact a month) until 10 March, gold (monthly, 2) from then:
    # the month keeps the silver minimum, and the silver quarter runs on to 31 March
    facts = AccountMonth(
        tier_history=((date(2025, 1, 1), kr.Tier.SILVER), (date(2025, 3, 10), kr.Tier.GOLD))
    )
    found = decide_tier_month(
        kr.Tier.GOLD,
        kr.Scope.COMPREHENSIVE,
        date(2025, 3, 20),
        facts,
        MonthRules(kr.default_policy()),
    )
    contacts = next(d for d in found if d.duty == "contacts")
    archive = next(d for d in found if d.duty == "archive")
    assert contacts.reason.tally.required == 1  # type: ignore[union-attr]
    assert archive.reason.period == (date(2025, 1, 1), date(2025, 3, 31))  # type: ignore[union-attr]


def test_decide_level_month_without_a_levels_section_raises_the_missing_section() -> None:
    with pytest.raises(kr.MissingSectionError):
        decide_level_month(
            kr.Level.COUNTY, date(2025, 3, 1), AccountMonth(), MonthRules(kr.default_policy())
        )


# ---------------------------------------------------------------- the public verb's arguments


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"tier": "gold", "level": "county"},
            "tier: give exactly one of tier and level (got ('gold', 'county')) [EDITION-2]; "
            "tier= for a graded key account (with its scope), level= for one classed by level",
        ),
        (
            {},
            "tier: give exactly one of tier and level (got (None, None)) [EDITION-2]; "
            "tier= for a graded key account (with its scope), level= for one classed by level",
        ),
        ({"tier": "gold"}, "scope: is required with a tier (VISIT-1 is by tier × scope) [VISIT-1]"),
        (
            {"tier": "gilt", "scope": "regional"},
            "tier: must be one of diamond (钻石), gold (黄金), silver (白银), general (一般) "
            "(got 'gilt') [VISIT-1]",
        ),
    ],
)
def test_month_duties_needs_one_tier_with_its_scope_or_one_level(
    arguments: dict[str, str], message: str
) -> None:
    with pytest.raises(kr.RuleInputError) as raised:
        month_duties(date(2025, 3, 1), **arguments)  # type: ignore[arg-type]
    assert str(raised.value) == message


def test_month_duties_validates_the_account_s_facts_naming_the_field() -> None:
    with pytest.raises(kr.RuleInputError) as raised:
        month_duties(date(2025, 3, 1), {"refreshes": ["someday"]}, tier="gold", scope="regional")  # type: ignore[arg-type]
    assert raised.value.field == "activity.refreshes.0"
    with pytest.raises(kr.RuleInputError) as raised:
        month_duties(date(2025, 3, 1), {"leadership_visits": -1}, tier="gold", scope="regional")  # type: ignore[arg-type]
    assert raised.value.field == "activity.leadership_visits"


def test_month_duties_counts_a_refresh_given_twice_once_and_survives_json() -> None:
    facts = {"refreshes": [date(2025, 3, 2), date(2025, 3, 2)]}
    d = month_duties(date(2025, 3, 10), facts, tier="diamond", scope="regional")  # type: ignore[arg-type]
    archive = next(x for x in d.duties if x.duty == "archive")
    assert "2025-03-02" in str(archive.explanation)
    assert "2025-03-02, 2025-03-02" not in str(archive.explanation)
    assert type(d).model_validate_json(d.model_dump_json()) == d
    assert d.policy_fingerprint == kr.default_policy().fingerprint


def test_month_duties_reads_a_tier_history_given_out_of_order_by_its_dates() -> None:
    history = [(date(2025, 3, 10), "gold"), (date(2025, 1, 1), "silver")]
    d = month_duties(
        date(2025, 3, 20), {"tier_history": history}, tier="gold", scope="comprehensive"
    )  # type: ignore[arg-type]
    contacts = next(x for x in d.duties if x.duty == "contacts")
    assert "at least 1 contact(s) a month" in str(contacts.explanation)  # silver's, in force


def test_the_evaluated_tier_sets_the_month_s_minimum_when_it_differs_from_the_last_record() -> None:
    # G-9: recorded silver since January, evaluated gold: gold takes effect on 1 April, for
    # the contacts (2, not silver's 1) and the archive (April, not silver's second quarter)
    facts = {"tier_history": [(date(2025, 1, 1), "silver")]}
    d = month_duties(date(2025, 4, 20), facts, tier="gold", scope="comprehensive")  # type: ignore[arg-type]
    contacts = next(x for x in d.duties if x.duty == "contacts")
    assert "at least 2 contact(s) a month" in str(contacts.explanation)
    archive = next(x for x in d.duties if x.duty == "archive")
    assert archive.due == date(2025, 4, 30)


def test_a_tier_recorded_in_the_month_against_the_account_s_tier_is_refused() -> None:
    facts = {"tier_history": [(date(2025, 1, 1), "silver"), (date(2025, 3, 1), "silver")]}
    with pytest.raises(kr.RuleInputError) as raised:
        month_duties(date(2025, 3, 20), facts, tier="gold", scope="comprehensive")  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.rule) == ("activity.tier_history[1]", "G-9")


def test_a_quarter_refreshed_on_the_month_s_first_day_is_listed_done_before_it_is_due() -> None:
    # SILVER refreshes quarterly: in February the quarter is not due, but its refresh of
    # 1 February is this month's and is shown
    for refreshed, listed in ((date(2025, 2, 1), True), (date(2025, 1, 31), False)):
        facts = AccountMonth(refreshes=(refreshed,))
        d = month_duties(date(2025, 2, 10), facts, tier="silver", scope="regional")
        archive = [(x.due, x.status) for x in d.duties if x.duty == "archive"]
        assert archive == ([(date(2025, 3, 31), "done")] if listed else [])


@pytest.mark.parametrize(
    ("as_of", "verdict"),
    [
        pytest.param(date(2025, 12, 30), "none yet; the year is not over", id="the-day-before"),
        pytest.param(date(2025, 12, 31), "below the minimum", id="on-the-year-s-last-day"),
    ],
)
def test_no_leadership_visit_is_below_the_minimum_only_once_the_year_is_over(
    as_of: date, verdict: str
) -> None:
    d = month_duties(as_of, tier="gold", scope="comprehensive")
    visit = next(x for x in d.duties if x.duty == "leadership_visit")
    assert visit.status == "due"  # due on its due day (G-7)
    assert str(visit.explanation).endswith(verdict)


def test_a_minimum_of_no_contacts_makes_no_contacts_duty_by_tier_or_by_level() -> None:
    # shantou: 002 names no monthly minimum for GENERAL customers (VISIT-1)
    shantou = month_duties(
        date(2025, 3, 10), tier="general", scope="regional", policy=kr.edition("shantou")
    )
    assert "contacts" not in statuses(shantou)
    assert "contacts" in statuses(month_duties(date(2025, 3, 10), tier="general", scope="regional"))
    none = LIANGSHAN.with_changes({"levels.contacts.per_month.county": 0})
    by_level = month_duties(date(2025, 3, 10), level="county", policy=none)
    assert "contacts" not in statuses(by_level)
    assert "contacts" in statuses(month_duties(date(2025, 3, 10), level="county", policy=LIANGSHAN))


def test_each_agenda_item_is_titled_from_its_own_decision() -> None:
    gold = [
        kr.Customer(name=f"G{n}", has_agreement=True, last_year_revenue={"express": 600_000})
        for n in range(2)
    ]
    rows = [
        kr.RevenueRow(2 + n, f"G{n}", kr.Month(2025, m), kr.BusinessLine.EXPRESS, Decimal(v))
        for n in range(2)
        for m, v in ((1, "20000"), (2, "30001"))
    ]
    log = Event(9, "G0", date(2025, 3, 2), Kind.MARKETING_LOG, "Li", stage=kr.LogStage.PROPOSAL)
    key_date = Event(10, "G0", date(2020, 3, 8), Kind.KEY_DATE, "", "厂长生日")
    items = kr.agenda(
        gold, [log, key_date], as_of=date(2025, 3, 20), bureau_annual_revenue=BUREAU, revenue=rows
    ).items
    titles = {i.duty: (i.what, i.what_zh) for i in items if i.customer == "G0"}
    assert titles == {
        "contacts": ("contacts this month: 0 of 2 required", "本月联系：已0次，要求2次"),
        "leadership_visit": (
            "leadership visit this year: 0 done, at least 1 required",
            "本年领导带队拜访：已0次，至少1次",
        ),
        "greeting": ("greeting: 厂长生日", "特定日期问候：厂长生日"),
        "archive": (
            "archive refresh for 2025-03-01 to 2025-03-31",
            "客户档案更新（2025-03-01至2025-03-31）",
        ),
        "marketing_log": (
            "marketing log complete up to stage proposal",
            "营销日志须完整至协谈方案阶段",
        ),
        "analysis": (
            "analyse the cause of the revenue change in 2025-02",
            "分析2025-02用邮收入波动原因",
        ),
        "filing": (
            "file with the provincial market department (monthly average 25,000.50)",
            "报省局市场部备案（月均25,000.50元）",
        ),
    }


def test_a_level_s_contacts_item_is_titled_with_the_level_s_minimum() -> None:
    twice = LIANGSHAN.with_changes({"levels.contacts.per_month.county": 2})
    result = kr.agenda(
        [COUNTY],
        [Event(2, COUNTY.name, date(2026, 3, 2), Kind.VISIT)],
        as_of=date(2026, 3, 10),
        bureau_annual_revenue=BUREAU,
        levels={COUNTY.name: "county"},
        policy=twice,
    )
    (item,) = [i for i in result.items if i.duty == "contacts"]
    assert (item.what, item.status) == (
        "contact the key account at least 2 time(s) this month",
        "due",
    )


def test_a_month_with_no_duty_of_the_account_says_so() -> None:
    # shantou GENERAL: no monthly contact minimum, the year's leadership visit made, and the
    # half year's archive neither due nor refreshed in February
    d = month_duties(
        date(2025, 2, 10),
        AccountMonth(leadership_visits=1),
        tier="general",
        scope="regional",
        policy=kr.edition("shantou"),
    )
    assert d.duties == ()
    assert [(s.rule, s.text, s.text_zh) for s in d.explanation] == [
        (
            "CAL-2",
            "no duty of this key account falls due or is done in 2025-02",
            "2025-02本客户无到期或已完成的工作",
        )
    ]


# ---- G-21: 002's research steps ((三)6): 「在一周内」, then 「同样在一周内」

RESEARCH = kr.edition("shantou").schedules.research


def research(
    started: date, survey: date | None, ranking: date | None, as_of: date
) -> list[tuple[str, date, str]]:
    assert RESEARCH is not None
    found = decide_research("医药", started, survey, ranking, as_of, RESEARCH)
    return [(d.duty, d.due, d.status) for d in found]


def test_research_step_1_is_due_7_days_after_the_start() -> None:
    # 第一步: 「在一周内收集、罗列出该行业的整体情况」
    start = date(2026, 3, 2)
    assert research(start, None, None, date(2026, 3, 9)) == [
        ("research_survey", date(2026, 3, 9), "due")
    ]
    assert research(start, None, None, date(2026, 3, 10)) == [
        ("research_survey", date(2026, 3, 9), "overdue")
    ]


def test_research_step_2_is_due_7_days_after_step_1_is_done_and_not_before() -> None:
    # 第二步: 「同样在一周内制作出一张当地该行业内各个企业的排序表」
    start = date(2026, 3, 2)
    assert [d for d, _due, _s in research(start, None, None, date(2026, 3, 5))] == [
        "research_survey"
    ]
    assert research(start, date(2026, 3, 6), None, date(2026, 3, 13)) == [
        ("research_survey", date(2026, 3, 9), "done"),
        ("research_ranking", date(2026, 3, 13), "due"),
    ]
    assert research(start, date(2026, 3, 6), date(2026, 3, 12), date(2026, 3, 14))[1] == (
        "research_ranking",
        date(2026, 3, 13),
        "done",
    )


def test_an_open_research_step_from_an_earlier_month_stays_listed_overdue() -> None:
    assert research(date(2026, 1, 5), None, None, date(2026, 3, 1)) == [
        ("research_survey", date(2026, 1, 12), "overdue")
    ]
    # done in an earlier month: not this month's
    assert research(date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 14), date(2026, 3, 1)) == []


def test_the_research_steps_explain_their_clause_and_days() -> None:
    assert RESEARCH is not None
    (step1,) = decide_research("医药", date(2026, 3, 2), None, None, date(2026, 3, 3), RESEARCH)
    text = explain_duty(step1)
    assert [s.rule for s in text] == ["G-21"]
    assert str(text[0]) == (
        "G-21: 医药: step 1 due 7 day(s) after 2026-03-02 (「在一周内」), not yet done"
    )


# ---- G-18: key dates yearly or dated


def test_a_yearly_key_date_falls_on_its_day_each_year_and_29_february_on_the_28th() -> None:
    span = (date(2027, 1, 1), date(2028, 12, 31))
    assert place_key_date(date(1964, 2, 29), True, *span) == (date(2027, 2, 28), date(2028, 2, 29))
    assert place_key_date(date(1964, 3, 8), True, date(2027, 3, 8), date(2027, 3, 8)) == (
        date(2027, 3, 8),
    )
    assert place_key_date(date(1964, 3, 8), True, date(2027, 3, 9), date(2027, 3, 31)) == ()


def test_a_dated_key_date_falls_on_its_own_date_only() -> None:
    # 农历生日: supplied per year, never recurring on its Gregorian day
    lunar = date(2026, 2, 17)
    assert place_key_date(lunar, False, date(2026, 2, 1), date(2026, 2, 28)) == (lunar,)
    assert place_key_date(lunar, False, date(2027, 2, 1), date(2027, 2, 28)) == ()


def test_month_duties_of_a_comprehensive_county_account_include_the_prefecture_visit() -> None:
    # G-22: 「州局大客户中心要完成综合大客户的走访」
    found = month_duties(date(2026, 3, 10), level="county", scope="comprehensive", policy=LIANGSHAN)
    assert [d.duty for d in found.duties].count("comprehensive_visit") == 1
    regional = month_duties(date(2026, 3, 10), level="county", scope="regional", policy=LIANGSHAN)
    assert "comprehensive_visit" not in [d.duty for d in regional.duties]

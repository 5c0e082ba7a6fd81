"""The vocabulary of RULEBOOK §1: codes and Chinese labels, including 001's units and levels."""

from __future__ import annotations

import re
from enum import StrEnum

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core import vocabulary
from keyaccount_rules.core.catalogue import catalogue
from keyaccount_rules.core.vocabulary import parse_level


def test_under_liangshan_the_county_centre_is_001_s_county_city_bureau_centre() -> None:
    """G-23: 001 says 「各县市局大客户中心」 and 「县级大客户由县级大客户中心进行维护」, never 002's
    县、区(分)局; 002's editions keep 002's word."""
    unit = kr.Unit.COUNTY_CENTER
    assert unit.label("zh", "liangshan") == "县市局大客户中心"
    assert unit.terms["liangshan"].zh == "县市局大客户中心"
    assert unit.label("zh", "shantou") == unit.label("zh", "combined") == "县、区(分)局大客户中心"
    assert unit.label("zh") == unit.zh == "县、区(分)局大客户中心"
    # a member the edition words alike keeps its label
    assert kr.Unit.PREFECTURE_CENTER.label("zh", "liangshan") == "州局大客户中心"
    assert unit.label("en", "liangshan") == "county/city bureau center"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_edition_term_names_a_member_of_the_vocabulary(lang: str) -> None:
    terms = [key.split(".", 2)[2] for key in catalogue(lang) if key.startswith("term.")]  # type: ignore[arg-type]
    members = {f"{_table(kind)}.{member.value}" for kind in LABELLED for member in kind}
    assert terms
    assert set(terms) <= members
    assert {key.split(".")[1] for key in catalogue(lang) if key.startswith("term.")} <= set(  # type: ignore[arg-type]
        kr.editions()
    )


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (kr.Level.PREFECTURE, "州级"),
        (kr.Level.COUNTY, "县(市)级"),
        (kr.Unit.PREFECTURE_CENTER, "州局大客户中心"),  # 001's own word, never 州(市)局 (G-23)
        (kr.Unit.PROVINCIAL_PROFESSIONAL_COMPANY, "省专业公司(局)"),
        (kr.Unit.PREFECTURE_BUREAU, "地市局"),
    ],
)
def test_the_units_and_levels_of_the_liangshan_plan_have_their_chinese_labels(
    member: kr.Unit | kr.Level, label: str
) -> None:
    # LEVEL-1: prefecture level → PREFECTURE_CENTER, county level → COUNTY_CENTER; RESP-2's
    # delegates are the provincial professional company and a prefecture (city) bureau.
    assert member.zh == label
    assert type(member)(member.value) is member


def test_every_unit_escalates_a_tied_registration_to_a_unit_above_it() -> None:
    # DEV-1 / G-11: equal registration times go one level up; the units 001 and RESP-2 add
    # answer to the provincial centre, the top of the three-level system (ORG-1).
    escalate = kr.default_policy().development.registration.escalate_to
    assert set(escalate) == set(kr.Unit)
    for unit in (
        kr.Unit.PREFECTURE_CENTER,
        kr.Unit.PROVINCIAL_PROFESSIONAL_COMPANY,
        kr.Unit.PREFECTURE_BUREAU,
    ):
        assert escalate[unit] is kr.Unit.PROVINCIAL_CENTER


# ---------------------------------------------------------------- labels from the catalogues

#: Every enum the vocabulary defines (its private base aside).
LABELLED = [
    value
    for name, value in vars(vocabulary).items()
    if isinstance(value, type)
    and issubclass(value, StrEnum)
    and value.__module__ == vocabulary.__name__
    and not name.startswith("_")
]


def _table(kind: type[StrEnum]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", kind.__name__).lower()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_label_tables_of_the_catalogues_are_exactly_the_vocabulary(lang: str) -> None:
    tables = {key.removeprefix("label.") for key in catalogue(lang) if key.startswith("label.")}  # type: ignore[arg-type]
    members = {f"{_table(kind)}.{member.value}" for kind in LABELLED for member in kind}
    assert tables == members


def test_every_enum_of_the_vocabulary_is_labelled_and_exported() -> None:
    assert set(vocabulary.__all__) >= {kind.__name__ for kind in LABELLED}
    assert {kind.__name__ for kind in LABELLED} == {
        "BusinessLine", "Tier", "Scope", "Unit", "Level", "Leadership", "Criterion",
        "Cadence", "ContactKind", "LogStage", "PayIndicator", "AppraisalItem",
        "AppraisalGroup", "Stage", "Post", "Centre",
    }  # fmt: skip
    assert all(member.zh and member.en for kind in LABELLED for member in kind)


@pytest.mark.parametrize(
    ("member", "zh", "en"),
    [
        (kr.BusinessLine.BILLS, "帐单", "bills"),
        (kr.Tier.GOLD, "黄金", "gold"),
        (kr.Scope.REGIONAL, "区域", "regional"),
        (kr.Unit.COUNTY_CENTER, "县、区(分)局大客户中心", "county center"),
        (kr.Leadership.CITY_PROFESSIONAL_BUREAU, "市专业局领导", "city professional bureau"),
        (kr.Criterion.PROFESSIONAL, "专业收入达标", "professional"),
        (kr.Cadence.HALF_MONTH, "每半月", "half month"),
        (kr.ContactKind.GREETING, "节日、生日问候", "greeting"),
        (kr.LogStage.AGREEMENT, "达成协议/签合同", "agreement"),
        (kr.AppraisalGroup.MARKET_PROJECTS, "市场项目拓展", "market projects"),
        (kr.Post.DIRECTOR, "主任(总监)", "director"),
    ],
)
def test_a_member_reads_its_chinese_and_english_labels_from_the_catalogues(
    member: StrEnum, zh: str, en: str
) -> None:
    assert (member.zh, member.en) == (zh, en)  # type: ignore[attr-defined]
    assert (member.label("zh"), member.label("en")) == (zh, en)  # type: ignore[attr-defined]


def test_equal_codes_of_different_enums_keep_their_own_labels() -> None:
    assert kr.Unit.BRANCH_OFFICE == kr.Leadership.BRANCH_OFFICE
    assert (kr.Unit.BRANCH_OFFICE.zh, kr.Leadership.BRANCH_OFFICE.zh) == ("支局、班组", "支局领导")
    assert (kr.Scope.COMPREHENSIVE.zh, kr.Criterion.COMPREHENSIVE.zh) == ("综合", "综合收入达标")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("州级", kr.Level.PREFECTURE),
        ("州局", kr.Level.PREFECTURE),
        ("县(市)级", kr.Level.COUNTY),
        ("县（市）级", kr.Level.COUNTY),
        ("县级", kr.Level.COUNTY),
        ("县局", kr.Level.COUNTY),
        (" County ", kr.Level.COUNTY),
    ],
)
def test_a_level_cell_written_in_chinese_reads_as_its_code(text: str, level: kr.Level) -> None:
    assert parse_level(text) is level


def test_a_marketing_stage_written_as_the_source_names_it_reads_as_its_code() -> None:
    assert kr.LogStage("报价") is kr.LogStage.QUOTATION
    assert kr.LogStage(" 达成协议/签合同 ") is kr.LogStage.AGREEMENT


def test_a_unit_or_tier_written_as_its_label_reads_as_its_code() -> None:
    assert kr.Unit("市局大客户中心") is kr.Unit.CITY_CENTER
    assert kr.Unit(" city center ") is kr.Unit.CITY_CENTER
    assert kr.Tier("黄金") is kr.Tier.GOLD
    with pytest.raises(ValueError, match="'市局' is not a valid Unit"):
        kr.Unit("市局")

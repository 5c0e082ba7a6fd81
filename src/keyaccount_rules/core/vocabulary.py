"""The policy's vocabulary (词汇): business lines, tiers, scopes, units, criteria (RULEBOOK §1).

Every enum is a ``str`` whose value is the lower-case English code used in files and JSON
(``"gold"``, ``"city_center"``); ``.zh`` gives the Chinese term of the source documents.

>>> Tier.GOLD.zh
'黄金'
>>> BusinessLine("express") is BusinessLine.EXPRESS
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from enum import StrEnum

__all__ = ["BusinessLine", "Criterion", "Leadership", "Scope", "Tier", "Unit"]


class _Labelled(StrEnum):
    """A vocabulary enum: value = English code, ``.zh`` = Chinese label (RULEBOOK §1)."""

    @property
    def zh(self) -> str:
        """The Chinese term used by the source documents."""
        return _ZH[type(self), self.value]

    @classmethod
    def _missing_(cls, value: object) -> _Labelled | None:
        # Accept the member name in any case ("GOLD", "Gold") as well as the code.
        if isinstance(value, str):
            return cls.__members__.get(value.strip().upper())
        return None


class BusinessLine(_Labelled):
    """业务线: the eight business lines with their own QUAL-3 thresholds."""

    SAVINGS_REMITTANCE = "savings_remittance"
    BILLS = "bills"
    LETTERS = "letters"
    PHILATELY = "philately"
    EXPRESS = "express"
    LOGISTICS = "logistics"
    PARCELS = "parcels"
    NEWSPAPERS = "newspapers"


class Tier(_Labelled):
    """客户等级: the grade of a qualified key account (GRADE-4), highest first."""

    DIAMOND = "diamond"
    GOLD = "gold"
    SILVER = "silver"
    GENERAL = "general"

    @property
    def rank(self) -> int:
        """Order for comparisons: GENERAL 0 < SILVER 1 < GOLD 2 < DIAMOND 3."""
        return _TIER_RANK[self]


class Scope(_Labelled):
    """客户类型: how a customer's business is spread (RESP-1 columns)."""

    COMPREHENSIVE = "comprehensive"
    REGIONAL = "regional"
    PROFESSIONAL = "professional"


class Unit(_Labelled):
    """责任单位: the organisational units that can be responsible for a customer (RESP-1)."""

    PROVINCIAL_CENTER = "provincial_center"
    CITY_CENTER = "city_center"
    COUNTY_CENTER = "county_center"
    PROFESSIONAL_BUREAU = "professional_bureau"
    BRANCH_OFFICE = "branch_office"
    PREFECTURE_CENTER = "prefecture_center"
    PROVINCIAL_PROFESSIONAL_COMPANY = "provincial_professional_company"
    PREFECTURE_BUREAU = "prefecture_bureau"


class Level(_Labelled):
    """大客户级别: a key account's class under the ``liangshan`` edition (PARETO-1, LEVEL-1)."""

    PREFECTURE = "prefecture"
    COUNTY = "county"


class Leadership(_Labelled):
    """带队领导: whose leadership leads the yearly leadership visits (VISIT-2)."""

    PROVINCIAL = "provincial"
    CITY_BUREAU = "city_bureau"
    COUNTY_BUREAU = "county_bureau"
    CITY_PROFESSIONAL_BUREAU = "city_professional_bureau"
    PROFESSIONAL_BUREAU = "professional_bureau"
    BRANCH_OFFICE = "branch_office"


class Criterion(_Labelled):
    """界定条件: the qualification criteria QUAL-1, QUAL-2 and QUAL-3, in that order."""

    AGREEMENT = "agreement"
    COMPREHENSIVE = "comprehensive"
    PROFESSIONAL = "professional"

    @property
    def rule(self) -> str:
        """The rulebook ID of this criterion."""
        return _CRITERION_RULE[self]


_TIER_RANK = {Tier.GENERAL: 0, Tier.SILVER: 1, Tier.GOLD: 2, Tier.DIAMOND: 3}
_CRITERION_RULE = {
    Criterion.AGREEMENT: "QUAL-1",
    Criterion.COMPREHENSIVE: "QUAL-2",
    Criterion.PROFESSIONAL: "QUAL-3",
}


class _LabelTable(dict[tuple[type, str], str]):
    """Chinese labels keyed by (enum class, value): equal codes of different enums
    (``Unit.BRANCH_OFFICE`` and ``Leadership.BRANCH_OFFICE``) keep their own labels."""

    def update(  # type: ignore[override]
        self, labels: Mapping[_Labelled, str] | Iterable[tuple[_Labelled, str]]
    ) -> None:
        pairs = labels.items() if isinstance(labels, Mapping) else labels
        for member, label in pairs:
            self[type(member), member.value] = label


_ZH = _LabelTable()
_ZH.update(
    [
        (BusinessLine.SAVINGS_REMITTANCE, "储汇"),
        (BusinessLine.BILLS, "帐单"),
        (BusinessLine.LETTERS, "函件"),
        (BusinessLine.PHILATELY, "集邮"),
        (BusinessLine.EXPRESS, "特快"),
        (BusinessLine.LOGISTICS, "物流"),
        (BusinessLine.PARCELS, "包件"),
        (BusinessLine.NEWSPAPERS, "报刊"),
        (Tier.DIAMOND, "钻石"),
        (Tier.GOLD, "黄金"),
        (Tier.SILVER, "白银"),
        (Tier.GENERAL, "一般"),
        (Scope.COMPREHENSIVE, "综合"),
        (Scope.REGIONAL, "区域"),
        (Scope.PROFESSIONAL, "专业"),
        (Unit.PROVINCIAL_CENTER, "省局市场部大客户中心"),
        (Unit.CITY_CENTER, "市局大客户中心"),
        (Unit.COUNTY_CENTER, "县、区(分)局大客户中心"),
        (Unit.PROFESSIONAL_BUREAU, "专业局"),
        (Unit.BRANCH_OFFICE, "支局、班组"),
        (Unit.PREFECTURE_CENTER, "州(市)局大客户中心"),
        (Unit.PROVINCIAL_PROFESSIONAL_COMPANY, "省专业公司(局)"),
        (Unit.PREFECTURE_BUREAU, "地市局"),
        (Level.PREFECTURE, "州级"),
        (Level.COUNTY, "县(市)级"),
        (Leadership.PROVINCIAL, "省局领导"),
        (Leadership.CITY_BUREAU, "市局领导"),
        (Leadership.COUNTY_BUREAU, "县、区(分)局领导"),
        (Leadership.CITY_PROFESSIONAL_BUREAU, "市专业局领导"),
        (Leadership.PROFESSIONAL_BUREAU, "专业局领导"),
        (Leadership.BRANCH_OFFICE, "支局领导"),
        (Criterion.AGREEMENT, "签订业务协议"),
        (Criterion.COMPREHENSIVE, "综合收入达标"),
        (Criterion.PROFESSIONAL, "专业收入达标"),
    ]
)


# ---- schedules and duties (RULEBOOK §6–§9, §15)


class Cadence(_Labelled):
    """周期: how often a duty recurs; periods are calendar-aligned (ARCH-2).

    ``WEEK`` is a Monday–Sunday week (001's 每周晨会, CAL-2).
    """

    WEEK = "week"
    HALF_MONTH = "half_month"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


class ContactKind(_Labelled):
    """联系方式: what kind of contact with a customer took place (VISIT-1..3)."""

    VISIT = "visit"
    CALL = "call"
    LEADERSHIP_VISIT = "leadership_visit"
    GREETING = "greeting"


class LogStage(_Labelled):
    """营销阶段: the four stages of the marketing log, in order (LOG-1)."""

    INITIAL_CONTACT = "initial_contact"
    PROPOSAL = "proposal"
    QUOTATION = "quotation"
    AGREEMENT = "agreement"

    @property
    def order(self) -> int:
        """Position in LOG-1's sequence: INITIAL_CONTACT 0 … AGREEMENT 3."""
        return list(LogStage).index(self)

    @classmethod
    def _missing_(cls, value: object) -> LogStage | None:
        # Also accept the Chinese stage name of the source ("报价").
        if isinstance(value, str):
            text = value.strip()
            for member in cls:
                if text == member.zh or text.upper() == member.name:
                    return member
        return None


_ZH.update(
    {
        Cadence.WEEK: "每周",
        Cadence.HALF_MONTH: "每半月",
        Cadence.MONTH: "每月",
        Cadence.QUARTER: "每季度",
        Cadence.HALF_YEAR: "每半年",
        Cadence.YEAR: "每年",
        ContactKind.VISIT: "上门走访",
        ContactKind.CALL: "日常沟通",
        ContactKind.LEADERSHIP_VISIT: "领导带队拜访",
        ContactKind.GREETING: "节日、生日问候",
        LogStage.INITIAL_CONTACT: "初次接触",
        LogStage.PROPOSAL: "协谈方案",
        LogStage.QUOTATION: "报价",
        LogStage.AGREEMENT: "达成协议/签合同",
    }
)
__all__ += ["Cadence", "ContactKind", "LogStage"]


# ---- people and ownership (RULEBOOK §10–§14): appended here to keep merges easy.


class PayIndicator(_Labelled):
    """业绩工资指标: the four PAY-1 indicators whose quality sets the performance pay."""

    GROUNDWORK = "groundwork"
    SERVICE = "service"
    FEEDBACK = "feedback"
    MARKETING = "marketing"


class AppraisalItem(_Labelled):
    """客户经理考核指标: the eight APPR-1 items, daily management first, then market projects."""

    ARCHIVES = "archives"
    CONTACT = "contact"
    MARKET_RESEARCH = "market_research"
    RETENTION = "retention"
    OTHER = "other"
    PROJECT_PLANNING = "project_planning"
    NEW_ACCOUNTS = "new_accounts"
    ANNUAL_TARGET = "annual_target"


class AppraisalGroup(_Labelled):
    """考核分类: the two APPR-1 groups of appraisal items."""

    DAILY_MANAGEMENT = "daily_management"
    MARKET_PROJECTS = "market_projects"


class Stage(_Labelled):
    """开发阶段: whether a customer is being developed or, once developed, maintained (DEV-3)."""

    DEVELOPMENT = "development"
    MAINTENANCE = "maintenance"


class Post(_Labelled):
    """岗位: the posts of a key-account centre's roster (ORG-2..4)."""

    DIRECTOR = "director"
    DEPUTY_DIRECTOR = "deputy_director"
    PLANNING_MANAGER = "planning_manager"
    ACCOUNT_MANAGER = "account_manager"
    GOVERNMENT_ACCOUNT_MANAGER = "government_account_manager"
    INFORMATION_SUPERVISOR = "information_supervisor"


class Centre(_Labelled):
    """大客户中心类别: the kinds of centre whose staffing norms ORG-2..4 set."""

    CITY_CENTER = "city_center"
    DISTRICT_CENTER = "district_center"
    BUSINESS_BRANCH_CENTER = "business_branch_center"
    PROFESSIONAL_BUREAU = "professional_bureau"
    PREFECTURE_CENTER = "prefecture_center"
    NANAO_COUNTY = "nanao_county"


_ZH.update(
    {
        PayIndicator.GROUNDWORK: "基础工作",
        PayIndicator.SERVICE: "大客户服务和维护",
        PayIndicator.FEEDBACK: "信息反馈",
        PayIndicator.MARKETING: "大客户营销",
        AppraisalItem.ARCHIVES: "大客户档案建立和更新",
        AppraisalItem.CONTACT: "大客户联系",
        AppraisalItem.MARKET_RESEARCH: "市场调查",
        AppraisalItem.RETENTION: "稳定现有大客户",
        AppraisalItem.OTHER: "其他",
        AppraisalItem.PROJECT_PLANNING: "业务发展项目策划",
        AppraisalItem.NEW_ACCOUNTS: "发展新大客户",
        AppraisalItem.ANNUAL_TARGET: "完成全年项目发展目标",
        AppraisalGroup.DAILY_MANAGEMENT: "日常管理",
        AppraisalGroup.MARKET_PROJECTS: "市场项目拓展",
        Stage.DEVELOPMENT: "开发",
        Stage.MAINTENANCE: "维护",
        Post.DIRECTOR: "主任(总监)",
        Post.DEPUTY_DIRECTOR: "副主任(副总监)",
        Post.PLANNING_MANAGER: "策划经理",
        Post.ACCOUNT_MANAGER: "大客户经理",
        Post.GOVERNMENT_ACCOUNT_MANAGER: "政企大客户经理",
        Post.INFORMATION_SUPERVISOR: "信息主管",
        Centre.CITY_CENTER: "市局大客户中心",
        Centre.DISTRICT_CENTER: "县、区(分)局大客户中心",
        Centre.BUSINESS_BRANCH_CENTER: "营业分局大客户中心",
        Centre.PROFESSIONAL_BUREAU: "其他专业局",
        Centre.PREFECTURE_CENTER: "州局大客户中心",
        Centre.NANAO_COUNTY: "南澳县局",
    }
)
__all__ += ["AppraisalGroup", "AppraisalItem", "Centre", "PayIndicator", "Post", "Stage"]


_SPACE = re.compile(r"\s+")


def parse_level(text: str) -> Level | None:
    """A level cell: ``prefecture``/州级 or ``county``/县级 (县(市)级), empty → ``None``.

    >>> parse_level("州级"), parse_level(" county "), parse_level("")
    (<Level.PREFECTURE: 'prefecture'>, <Level.COUNTY: 'county'>, None)

    Raises:
        ValueError: any other text, naming the accepted values.
    """
    value = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    if not value:
        return None
    for level in Level:
        if value.lower() == level.value or value in {level.zh, level.zh.replace("(市)", "")}:
            return level
    if value in {"州", "州局"}:
        return Level.PREFECTURE
    if value in {"县", "县局"}:
        return Level.COUNTY
    raise ValueError("must be prefecture (州级), county (县级) or empty (not a key account)")


__all__ += ["parse_level"]

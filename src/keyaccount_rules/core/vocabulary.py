"""The policy's vocabulary (词汇): business lines, tiers, scopes, units, criteria (RULEBOOK §1).

Every enum is a ``str`` whose value is the lower-case English code used in files and JSON
(``"gold"``, ``"city_center"``); ``.zh`` gives the Chinese term of the source documents and
``.en`` the English label shown beside it. Both are words, so they live in the message
catalogues (``messages/*.toml``, one table ``label.<enum>`` per enum: ``label.tier``,
``label.business_line``), read on first use.

>>> Tier.GOLD.zh, Unit.COUNTY_CENTER.en
('黄金', 'county center')
>>> BusinessLine("express") is BusinessLine.EXPRESS
True
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import cache

from keyaccount_rules.core.catalogue import Language, Words, edition_terms, label, term

__all__ = ["BusinessLine", "Criterion", "Leadership", "Level", "Scope", "Tier", "Unit"]


class _Labelled(StrEnum):
    """A vocabulary enum: value = English code; ``.zh`` and ``.en`` = its labels, read from the
    catalogues' table ``label.<enum>`` (RULEBOOK §1)."""

    @property
    def zh(self) -> str:
        """The Chinese term used by the source documents."""
        return _label(type(self), self.value, "zh")

    @property
    def en(self) -> str:
        """The English label shown beside the code: ``county center`` for ``county_center``."""
        return _label(type(self), self.value, "en")

    def label(self, lang: Language, edition: str | None = None) -> str:
        """The label in ``lang``: :attr:`en` or :attr:`zh`; with ``edition``, that edition's
        own word where its document has one (G-23: under ``liangshan`` COUNTY_CENTER is
        县市局大客户中心)."""
        if edition is not None:
            found = _term(type(self), self.value, lang, edition)
            if found is not None:
                return found
        return _label(type(self), self.value, lang)

    @property
    def terms(self) -> Terms:
        """The member's words by edition, for a message template: ``{unit.terms[liangshan].zh}``."""
        return Terms(self)

    @classmethod
    def _missing_(cls, value: object) -> _Labelled | None:
        # Accept every spelling of :func:`spellings`: the member name in any case ("GOLD"),
        # the Chinese label (黄金) and the enum's own forms (黄金客户), as the readers do.
        if isinstance(value, str):
            return _spelled(cls).get(_folded(value))
        return None

    @classmethod
    def choices(cls) -> str:
        """The codes with their Chinese labels, as errors list them:
        ``comprehensive (综合), regional (区域), professional (专业)``."""
        return ", ".join(f"{member.value} ({member.zh})" for member in cls)


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


__all__ += ["Cadence", "ContactKind", "LogStage"]


# ---- people and ownership (RULEBOOK §10–§14)


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


__all__ += ["AppraisalGroup", "AppraisalItem", "Centre", "PayIndicator", "Post", "Stage"]


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def _table(kind: type[_Labelled]) -> str:
    # "BusinessLine" reads the table label.business_line: one table per enum, so equal codes
    # of different enums (Unit.BRANCH_OFFICE, Leadership.BRANCH_OFFICE) keep their own labels
    return _CAMEL.sub("_", kind.__name__).lower()


@cache
def _label(kind: type[_Labelled], code: str, lang: Language) -> str:
    return label(f"{_table(kind)}.{code}", lang)


@cache
def _term(kind: type[_Labelled], code: str, lang: Language, edition: str) -> str | None:
    return term(edition, f"{_table(kind)}.{code}", lang)


class Terms:
    """A member's words under each edition (G-23): ``terms["liangshan"]`` is a :class:`Words`,
    the edition's own word where its document has one, else the label."""

    __slots__ = ("_member",)

    def __init__(self, member: _Labelled) -> None:
        self._member = member

    def __getitem__(self, edition: str) -> Words:
        return Words(self._member.label("en", edition), self._member.label("zh", edition))


_SPACE = re.compile(r"\s+")

# ---- accepted spellings: one vocabulary for the API and the files
# Every Chinese word below is an input spelling a record, an argument or a file cell accepts
# and maps to a code, never a word shown to a person (those live in the message catalogues).

#: Forms beyond the code, the member name and the Chinese label, by enum: a suffix written
#: after the label (综合性, 黄金客户, 特快业务) and whole other spellings (账单 for 帐单).
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "Scope": ("性",),
    "Tier": ("客户",),
    "BusinessLine": ("业务",),
}
_OTHER_SPELLINGS: dict[str, dict[str, str]] = {
    "BusinessLine": {"账单": "bills", "账单业务": "bills"},
    "Level": {"州": "prefecture", "州局": "prefecture", "县": "county", "县局": "county"},
    "LogStage": {"达成协议": "agreement", "签合同": "agreement", "签订合同": "agreement"},
}
#: A yes/no cell or argument (has_agreement): its accepted spellings, folded to lower case.
YES = frozenset({"是", "有", "已签", "已签订", "true", "yes", "y", "1", "t", "on"})
NO = frozenset({"否", "无", "未签", "未签订", "false", "no", "n", "0", "f", "off"})


def _folded(text: str) -> str:
    # NFKC folds full-width letters and brackets; spaces inside a spelling do not matter.
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


@cache
def _spelled(kind: type[_Labelled]) -> dict[str, _Labelled]:
    """Every accepted spelling of ``kind``'s members, folded: code, name, label and forms.

    A label two members share (none today) is no spelling of either: it would be a guess.
    """
    found: dict[str, _Labelled] = {}
    shared: set[str] = set()
    for member in kind:
        own = edition_terms(f"{_table(kind)}.{member.value}", "zh")  # 县市局大客户中心 (G-23)
        labels = {member.zh, member.zh.replace("(市)", ""), *own}
        forms = {form + suffix for form in labels for suffix in _SUFFIXES.get(kind.__name__, ())}
        for spelling in {member.value, member.name, member.en} | labels | forms:
            key = _folded(spelling)
            if found.get(key, member) is not member:
                shared.add(key)
            found[key] = member
    for spelling, code in _OTHER_SPELLINGS.get(kind.__name__, {}).items():
        found[_folded(spelling)] = kind(code)
    return {key: member for key, member in found.items() if key not in shared}


def spellings(kind: type[_Labelled]) -> dict[str, str]:
    """Every spelling ``kind`` accepts (as folded: lower case, no spaces) → its code.

    >>> spellings(Scope)["区域性"], spellings(Tier)["黄金客户"]
    ('regional', 'gold')
    """
    return {key: member.value for key, member in _spelled(kind).items()}


def parse_flag(value: object) -> bool | object:
    """A yes/no given as text (是/否, yes/no, true/false, 1/0) as a ``bool``; anything else
    is returned as it is, for the field's own validation to refuse.

    >>> parse_flag("是"), parse_flag(" No "), parse_flag(True), parse_flag("maybe")
    (True, False, True, 'maybe')
    """
    if isinstance(value, str):
        folded = _folded(value)
        if folded in YES:
            return True
        if folded in NO:
            return False
    return value


__all__ += ["NO", "YES", "parse_flag", "spellings"]


def parse_level(text: str) -> Level | None:
    """A level cell: ``prefecture``/州级 or ``county``/县级 (县(市)级), empty → ``None``.

    >>> parse_level("州级"), parse_level(" county "), parse_level("")
    (<Level.PREFECTURE: 'prefecture'>, <Level.COUNTY: 'county'>, None)

    Raises:
        ValueError: any other text, naming the accepted values.
    """
    value = _folded(text)
    if not value:
        return None
    found = _spelled(Level).get(value)
    if isinstance(found, Level):
        return found
    raise ValueError("must be prefecture (州级), county (县级) or empty (not a key account)")


__all__ += ["parse_level"]

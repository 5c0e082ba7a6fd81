"""Column headers and cell values as Chinese offices write them (表头与取值对照).

A customer list exported from a Chinese spreadsheet says 客户名称, 范围 and 上年特快收入 where
the library's own layout says ``name``, ``scope`` and ``last_year_express``; its cells say
综合 and 是 where the layout says ``comprehensive`` and ``true``. This module maps both to the
library's codes; the English codes keep working. The map is documented in
``docs/portfolios.md`` (a test keeps the page and this table in step). The monthly cycle's
activity and revenue files have their own maps below, documented in ``docs/monthly-cycle.md``.

Every Chinese word here is an input spelling a reader accepts, not a word shown to a person:
the words shown live in the message catalogues. The maps that read the vocabulary's labels
(上年特快收入 from 特快) are built on first use, as the labels are read from the catalogues.

>>> canonical_column("客户名称"), canonical_column("上年特快收入"), canonical_column("本月物流")
('name', 'last_year_express', 'current_month_logistics')
>>> canonical_column(" Last_Year_Express "), canonical_column("备注")
('last_year_express', None)
>>> canonical_value("scope", "区域"), canonical_value("has_agreement", "是")
('regional', 'true')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Generic, TypeVar

from keyaccount_rules.core.vocabulary import (
    NO,
    YES,
    BusinessLine,
    ContactKind,
    LogStage,
    Scope,
    Tier,
    spellings,
)

__all__ = [
    "ACTIVITY_COLUMNS",
    "ACTIVITY_HEADER_ALIASES",
    "ACTIVITY_VALUE_ALIASES",
    "CUSTOMER_COLUMNS",
    "HEADER_ALIASES",
    "LEVEL_HEADERS",
    "REVENUE_COLUMNS",
    "REVENUE_HEADER_ALIASES",
    "canonical_activity_column",
    "canonical_activity_value",
    "canonical_column",
    "canonical_revenue_column",
    "canonical_value",
]

_V = TypeVar("_V")


class _OnFirstUse(Mapping[str, _V], Generic[_V]):
    """A read-only table built by ``build`` on first use, then kept."""

    def __init__(self, build: Callable[[], Mapping[str, _V]]) -> None:
        self._build = cache(build)

    def __getitem__(self, key: str) -> _V:
        return self._build()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._build())

    def __len__(self) -> int:
        return len(self._build())


_PERIODS = {"last_year": ("上年", "去年", "上一年"), "current_month": ("本月", "当月")}

#: The library's own column layout (API.md), in order.
CUSTOMER_COLUMNS: tuple[str, ...] = (
    "name",
    "scope",
    "has_agreement",
    "customer_id",
    *(f"{period}_{line.value}" for line in BusinessLine for period in _PERIODS),
    "newspaper_turnover_last_year",
    "newspaper_turnover_current_month",
    "one_time",
)

_FIXED_HEADERS: dict[str, str] = {
    "名称": "name",
    "客户名称": "name",
    "客户": "name",
    "单位名称": "name",
    "范围": "scope",
    "客户范围": "scope",
    "类型": "scope",
    "客户类型": "scope",
    "协议": "has_agreement",
    "签订协议": "has_agreement",
    "是否签订协议": "has_agreement",
    "业务协议": "has_agreement",
    "客户ID": "customer_id",
    "客户id": "customer_id",
    "大客户ID": "customer_id",
    "大客户ID号": "customer_id",
    "ID号": "customer_id",
    "客户编号": "customer_id",
    "上年报刊流转额": "newspaper_turnover_last_year",
    "报刊上年流转额": "newspaper_turnover_last_year",
    "本月报刊流转额": "newspaper_turnover_current_month",
    "报刊本月流转额": "newspaper_turnover_current_month",
    "一次性大客户": "one_time",
    "一次性客户": "one_time",
    "是否一次性大客户": "one_time",
}


def _header_aliases() -> dict[str, str]:
    aliases = dict(_FIXED_HEADERS)
    # 账单 is the common spelling of the documents' 帐单.
    names = [(line.zh, line.value) for line in BusinessLine] + [("账单", "bills")]
    for name, code in names:
        for period, written in _PERIODS.items():
            for spelling in written:
                for suffix in ("", "收入", "业务收入"):
                    aliases[f"{spelling}{name}{suffix}"] = f"{period}_{code}"
    return aliases


#: Chinese (and other) headers → column code. Revenue columns are built from the periods and
#: the business lines' Chinese names, with or without 收入 (revenue) after the line.
HEADER_ALIASES: Mapping[str, str] = _OnFirstUse(_header_aliases)

#: The headers of the ``level`` column under the ``liangshan`` edition (州级 / 县级; EDITION-2).
LEVEL_HEADERS = frozenset({"level", "级别", "客户级别", "大客户级别"})

_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    # NFKC folds full-width letters and brackets; spaces inside a header do not matter.
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).strip()


@cache
def _by_normal() -> dict[str, str]:
    return {
        **{_normal(alias): code for alias, code in HEADER_ALIASES.items()},
        **{code.lower(): code for code in CUSTOMER_COLUMNS},
    }


def canonical_column(header: str) -> str | None:
    """The column code of a header cell (English code or a Chinese alias), else ``None``."""
    text = _normal(header)
    by_normal = _by_normal()
    return by_normal.get(text) or by_normal.get(text.lower())


def canonical_value(column: str, text: str) -> str:
    """A cell as the library's layout writes it: 综合 → ``comprehensive``, 是 → ``true``.

    Values that are not aliases are returned unchanged (validation reports them).
    """
    value = text.strip()
    if column == "scope":
        return spellings(Scope).get(_normal(value).lower(), value)
    if column in ("has_agreement", "one_time"):
        folded = _normal(value).lower()
        if folded in YES:
            return "true"
        if folded in NO:
            return "false"
    return value


# ---------------------------------------------------------------- activity and monthly revenue
# The same idea for the monthly cycle's two long-format files, documented in
# docs/monthly-cycle.md (a test keeps the page and these tables in step).

#: The activity layout's columns, in order (``customer_id`` may stand beside or for
#: ``customer``: a row's ID is used when it gives one, else its name).
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "customer",
    "date",
    "kind",
    "manager",
    "stage",
    "content",
    "method",
    "our_participants",
    "customer_participants",
    "detail",
)
#: The monthly revenue layout's columns, in order (all required).
REVENUE_COLUMNS: tuple[str, ...] = ("customer", "month", "line", "amount")

# Headers naming the customer, shared by both files: its name or its ID.
_CUSTOMER_HEADERS: dict[str, str] = {
    "客户": "customer",
    "客户名称": "customer",
    "名称": "customer",
    "单位名称": "customer",
    "客户编号": "customer_id",
    "客户ID": "customer_id",
    "大客户ID": "customer_id",
    "大客户ID号": "customer_id",
    "ID号": "customer_id",
}

#: Activity headers → column code. Deliberately absent: 联系方式 (in a customer list it is a
#: phone number, not the kind of contact) and 备注 (notes: an extra column, ignored).
ACTIVITY_HEADER_ALIASES: dict[str, str] = {
    **_CUSTOMER_HEADERS,
    "日期": "date",
    "活动日期": "date",
    "联系日期": "date",
    "洽谈日期": "date",
    "类型": "kind",
    "活动类型": "kind",
    "事项类型": "kind",
    "客户经理": "manager",
    "大客户经理": "manager",
    "阶段": "stage",
    "营销阶段": "stage",
    "内容": "content",
    "洽谈内容": "content",
    "方式": "method",
    "洽谈方式": "method",
    "我方人员": "our_participants",
    "我方参加人员": "our_participants",
    "客户方人员": "customer_participants",
    "客户方参加人员": "customer_participants",
    "说明": "detail",
    "详情": "detail",
}

#: Monthly revenue headers → column code.
REVENUE_HEADER_ALIASES: dict[str, str] = {
    **_CUSTOMER_HEADERS,
    "月份": "month",
    "年月": "month",
    "月度": "month",
    "业务": "line",
    "业务种类": "line",
    "业务类别": "line",
    "业务线": "line",
    "金额": "amount",
    "收入": "amount",
    "收入金额": "amount",
    "业务收入": "amount",
}


def _value_aliases() -> dict[str, dict[str, str]]:
    # The vocabulary's own labels first (上门走访, 日常沟通 …), then short everyday forms.
    kind = {
        ContactKind.CALL.zh: "contact",
        "联系": "contact",
        "沟通": "contact",
        "电话": "contact",
        "电话联系": "contact",
        ContactKind.VISIT.zh: "visit",
        "走访": "visit",
        "拜访": "visit",
        "上门拜访": "visit",
        ContactKind.LEADERSHIP_VISIT.zh: "leadership_visit",
        "领导拜访": "leadership_visit",
        "领导走访": "leadership_visit",
        ContactKind.GREETING.zh: "greeting",
        "问候": "greeting",
        "节日问候": "greeting",
        "生日问候": "greeting",
        "档案更新": "archive_refresh",
        "更新档案": "archive_refresh",
        "营销日志": "marketing_log",
        "波动分析": "analysis",
        "原因分析": "analysis",
        "备案": "filing",
        "报省局备案": "filing",
        "报表": "report",
        "工作事项": "report",
        "重要日期": "key_date",
        "生日": "key_date",
        "纪念日": "key_date",
        "客户等级": "tier",
        "等级": "tier",
        "中心走访": "centre_visit",
        "农历生日": "dated_key_date",
        "当年重要日期": "dated_key_date",
        "开始调研": "research_start",
        "行业调研": "research_start",
        "行业调查": "research_survey",
        "排序表": "research_ranking",
    }
    # the vocabulary's spellings: one list for the API and the files (core.vocabulary)
    stage, line, tier = (
        {spelling: code for spelling, code in spellings(kind).items() if spelling != code}
        for kind in (LogStage, BusinessLine, Tier)
    )
    return {"kind": kind, "stage": stage, "line": line, "tier": tier}


#: Cell values of the activity (``kind``, ``stage``, the tier in a ``tier`` row's ``detail``)
#: and revenue (``line``) files → code, by column.
ACTIVITY_VALUE_ALIASES: Mapping[str, dict[str, str]] = _OnFirstUse(_value_aliases)

_ACTIVITY_CODES = {code: code for code in (*ACTIVITY_COLUMNS, "customer_id")}
_REVENUE_CODES = {code: code for code in (*REVENUE_COLUMNS, "customer_id")}
_ACTIVITY_BY_NORMAL = {_normal(a): c for a, c in ACTIVITY_HEADER_ALIASES.items()}
_REVENUE_BY_NORMAL = {_normal(a): c for a, c in REVENUE_HEADER_ALIASES.items()}


@cache
def _values_by_normal() -> dict[str, dict[str, str]]:
    return {
        column: {_normal(alias): code for alias, code in aliases.items()}
        for column, aliases in ACTIVITY_VALUE_ALIASES.items()
    }


def canonical_activity_column(header: str) -> str | None:
    """The activity column code of a header cell (code or alias), else ``None`` (ignored).

    >>> canonical_activity_column("客户经理"), canonical_activity_column(" Kind ")
    ('manager', 'kind')
    >>> canonical_activity_column("客户编号"), canonical_activity_column("备注")
    ('customer_id', None)
    """
    text = _normal(header)
    return _ACTIVITY_BY_NORMAL.get(text) or _ACTIVITY_CODES.get(text.lower())


def canonical_revenue_column(header: str) -> str | None:
    """The monthly revenue column code of a header cell (code or alias), else ``None``.

    >>> canonical_revenue_column("月份"), canonical_revenue_column("业务种类")
    ('month', 'line')
    """
    text = _normal(header)
    return _REVENUE_BY_NORMAL.get(text) or _REVENUE_CODES.get(text.lower())


def canonical_activity_value(column: str, text: str) -> str:
    """A ``kind``, ``stage``, ``line`` or ``tier`` cell as its code: 上门走访 → ``visit``,
    特快 → ``express``; other text is returned stripped (validation reports it).

    >>> canonical_activity_value("kind", "日常沟通"), canonical_activity_value("line", "账单")
    ('contact', 'bills')
    >>> canonical_activity_value("kind", " VISIT "), canonical_activity_value("kind", "午餐")
    ('visit', '午餐')
    """
    value = text.strip()
    aliases = _values_by_normal().get(column)
    if aliases is None:
        return value
    return aliases.get(_normal(value)) or value.lower()

"""Column headers and cell values as Chinese offices write them (表头与取值对照).

A customer list exported from a Chinese spreadsheet says 客户名称, 范围 and 上年特快收入 where
the library's own layout says ``name``, ``scope`` and ``last_year_express``; its cells say
综合 and 是 where the layout says ``comprehensive`` and ``true``. This module maps both to the
library's codes; the English codes keep working. The map is documented in
``docs/portfolios.md`` (a test keeps the page and this table in step).

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

from keyaccount_rules.vocabulary import BusinessLine, Level, Scope

__all__ = [
    "CUSTOMER_COLUMNS",
    "HEADER_ALIASES",
    "LEVEL_HEADERS",
    "canonical_column",
    "canonical_level",
    "canonical_value",
]

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
)

#: Chinese (and other) headers → column code. Revenue columns are built from the periods and
#: the business lines' Chinese names below, with or without 收入 (revenue) after the line.
HEADER_ALIASES: dict[str, str] = {
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
}
for _line in BusinessLine:
    for _period, _words in _PERIODS.items():
        for _word in _words:
            for _suffix in ("", "收入", "业务收入"):
                HEADER_ALIASES[f"{_word}{_line.zh}{_suffix}"] = f"{_period}_{_line.value}"
# 账单 is the common spelling of the documents' 帐单.
for _period, _words in _PERIODS.items():
    for _word in _words:
        for _suffix in ("", "收入", "业务收入"):
            HEADER_ALIASES[f"{_word}账单{_suffix}"] = f"{_period}_bills"

#: The headers of the ``level`` column under the ``liangshan`` edition (州级 / 县级; EDITION-2).
LEVEL_HEADERS = frozenset({"level", "级别", "客户级别", "大客户级别"})

_TRUE = {"是", "有", "已签", "已签订", "true", "yes", "y", "1", "t", "on"}
_FALSE = {"否", "无", "未签", "未签订", "false", "no", "n", "0", "f", "off"}
_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    # NFKC folds full-width letters and brackets; spaces inside a header do not matter.
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).strip()


_BY_NORMAL = {
    **{_normal(alias): code for alias, code in HEADER_ALIASES.items()},
    **{code.lower(): code for code in CUSTOMER_COLUMNS},
}


def canonical_column(header: str) -> str | None:
    """The column code of a header cell (English code or a Chinese alias), else ``None``."""
    text = _normal(header)
    return _BY_NORMAL.get(text) or _BY_NORMAL.get(text.lower())


def canonical_value(column: str, text: str) -> str:
    """A cell as the library's layout writes it: 综合 → ``comprehensive``, 是 → ``true``.

    Values that are not aliases are returned unchanged (validation reports them).
    """
    value = text.strip()
    if column == "scope":
        for scope in Scope:
            if value == scope.zh or value == f"{scope.zh}性" or value.lower() == scope.value:
                return scope.value
    elif column == "has_agreement":
        folded = value.lower()
        if folded in _TRUE:
            return "true"
        if folded in _FALSE:
            return "false"
    return value


def canonical_level(text: str) -> Level | None:
    """A level cell: ``prefecture``/州级 or ``county``/县级 (县(市)级), empty → ``None``.

    >>> canonical_level("州级"), canonical_level(" county "), canonical_level("")
    (<Level.PREFECTURE: 'prefecture'>, <Level.COUNTY: 'county'>, None)

    Raises:
        ValueError: any other text, naming the accepted values.
    """
    value = _normal(text)
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

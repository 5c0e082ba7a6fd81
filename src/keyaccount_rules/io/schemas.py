"""JSON Schemas (数据结构) of what the library reads and writes, for a form or a service.

Inputs: ``customer`` (a :class:`~keyaccount_rules.Customer` as JSON), ``portfolio-row`` (one
flat row of a portfolio file, as ``read_portfolio`` reads a JSON Lines line), ``activity-row``
and ``revenue-row`` (one row of the month's two files). Outputs: ``evaluation`` (an
:class:`~keyaccount_rules.Evaluation`'s JSON, headline fields included) and ``agenda-item``
(one :class:`~keyaccount_rules.AgendaItem`). Every schema names its dialect (``$schema``,
JSON Schema 2020-12) and itself (``$id``).

An input schema accepts what the reader accepts, in the spellings it documents: amounts as
plain yuan (a number, or text of ASCII digits with optional thousands grouping, at most two
decimals, below 10^15), names that are not blank, the vocabulary's codes and Chinese
spellings (``core.vocabulary.spellings``, ``io.headers``' value map). The readers also fold
case and spaces (``" Regional "``) and read an exponent (``1.5E+09``) that a schema cannot
express; a form writes the plain spelling, which both accept.

>>> sorted(SCHEMAS)
['activity-row', 'agenda-item', 'customer', 'evaluation', 'portfolio-row', 'revenue-row']
>>> schema = json_schema("customer")
>>> schema["$id"], schema["properties"]["name"]["pattern"]
('urn:keyaccount-rules:schema:customer', '\\\\S')
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from enum import StrEnum
from functools import cache
from typing import Any

from keyaccount_rules.core.money import MAX_YUAN
from keyaccount_rules.core.vocabulary import NO, YES, BusinessLine, Scope, spellings
from keyaccount_rules.engine.customer import Evaluation
from keyaccount_rules.io.headers import (
    ACTIVITY_COLUMNS,
    ACTIVITY_VALUE_ALIASES,
    CUSTOMER_COLUMNS,
)
from keyaccount_rules.month.items import AgendaItem
from keyaccount_rules.records.activity import Kind
from keyaccount_rules.records.customer import Customer

__all__ = ["DIALECT", "SCHEMAS", "json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: An amount as text: ASCII digits, thousands grouped by commas or not at all, at most two
#: decimals, below 10^15 (what ``core.money.yuan`` reads, without the exponent form).
AMOUNT_PATTERN = r"^\s*\+?(?:[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,15})(?:\.[0-9]{0,2})?\s*$"
_NOT_BLANK = r"\S"


def _amount(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "anyOf": [
            {"type": "number", "minimum": 0, "exclusiveMaximum": int(MAX_YUAN), "multipleOf": 0.01},
            {"type": "string", "pattern": AMOUNT_PATTERN, "maxLength": 40},
        ],
        "examples": ["1200000.00", 25000],
    }


def _spelled(kind: type[StrEnum], spelled: dict[str, str], *, description: str) -> dict[str, Any]:
    """An enum field: its codes and every spelling a reader maps to one."""
    return {"description": description, "enum": sorted({*spelled, *(m.value for m in kind)})}


def _flag() -> dict[str, Any]:
    return {
        "description": "Signed a business agreement (QUAL-1): true/false, or 是/否, yes/no …",
        "anyOf": [{"type": "boolean"}, {"type": "string", "enum": sorted(YES | NO)}],
    }


def _name(*, description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "pattern": _NOT_BLANK, "description": description}


def _customer() -> dict[str, Any]:
    schema = Customer.model_json_schema()
    properties = schema["properties"]
    properties["name"] = _name(description="Customer name (客户名称), not blank.")
    properties["scope"] = _spelled(Scope, spellings(Scope), description="综合/区域/专业 (RESP-1).")
    properties["has_agreement"] = _flag()
    for field in ("last_year_revenue", "current_month_revenue"):
        properties[field] = {
            "type": "object",
            "description": properties[field]["description"],
            "propertyNames": _spelled(
                BusinessLine, spellings(BusinessLine), description="A business line."
            ),
            "additionalProperties": _amount("Revenue of the line, yuan."),
        }
    for field in ("newspaper_turnover_last_year", "newspaper_turnover_current_month"):
        properties[field] = _amount(properties[field]["description"])
    properties["customer_id"] = {
        "anyOf": [{"type": "string", "pattern": r"^\s*[0-9]{14}\s*$"}, {"type": "null"}],
        "description": properties["customer_id"].get("description", "统一大客户ID号 (ID-1)."),
    }
    schema.pop("$defs", None)  # every reference above is written out
    return schema


def _portfolio_row() -> dict[str, Any]:
    """One flat row: the layout's columns (API.md); unknown columns are ignored or kept."""
    properties: dict[str, Any] = {
        "name": _name(description="Customer name (客户名称), not blank."),
        "scope": _spelled(
            Scope, spellings(Scope), description="综合/区域/专业 (RESP-1); empty: comprehensive."
        ),
        "has_agreement": _flag(),
        "customer_id": {"type": ["string", "null"], "description": "统一大客户ID号 (ID-1)."},
    }
    for column in CUSTOMER_COLUMNS:
        if column not in properties:
            properties[column] = _amount(f"{column}, yuan; empty or absent: 0.")
    return {
        "title": "PortfolioRow",
        "description": "One customer of a portfolio file as a flat object (one JSON Lines line).",
        "type": "object",
        "properties": properties,
        "required": ["name"],
        "additionalProperties": True,
    }


_DAY = (
    r"^\s*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}([-/.])[0-9]{1,2}\1[0-9]{1,2}"
    r"|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)(?:T00:00:00)?\s*$"
)
_MONTH = r"^\s*(?:[0-9]{4}-[0-9]{2}|[0-9]{4}[/.][0-9]{1,2}|[0-9]{4}年[0-9]{1,2}月)\s*$"
_CUSTOMER = {
    "customer": {"type": "string", "description": "The customer's name (客户名称)."},
    "customer_id": {"type": "string", "description": "The customer's ID (客户编号)."},
}
#: Either column names the customer; one of them must (activity: unless the kind is report).
_NAMED = {
    "anyOf": [
        {"required": ["customer"], "properties": {"customer": {"pattern": _NOT_BLANK}}},
        {"required": ["customer_id"], "properties": {"customer_id": {"pattern": _NOT_BLANK}}},
    ]
}


def _activity_row() -> dict[str, Any]:
    kinds = {**ACTIVITY_VALUE_ALIASES["kind"], **{kind.value: kind.value for kind in Kind}}
    text = {"type": "string"}
    properties: dict[str, Any] = {column: dict(text) for column in ACTIVITY_COLUMNS}
    properties.update(copy.deepcopy(_CUSTOMER))
    properties["date"] = {"type": "string", "pattern": _DAY, "description": "Year first."}
    properties["kind"] = {"enum": sorted(kinds), "description": "What the row records."}
    properties["stage"] = {
        "enum": sorted(
            {*ACTIVITY_VALUE_ALIASES["stage"], *ACTIVITY_VALUE_ALIASES["stage"].values()}
        ),
        "description": "A marketing log's stage (LOG-1).",
    }
    for column in ("our_participants", "customer_participants"):
        properties[column] = {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "Names separated by ';', or a list of names.",
        }
    report = [alias for alias, code in kinds.items() if code == Kind.REPORT.value]
    return {
        "title": "ActivityRow",
        "description": "One row of an activity file (docs/monthly-cycle.md).",
        "type": "object",
        "properties": properties,
        "required": ["date", "kind"],
        "anyOf": [*_NAMED["anyOf"], {"properties": {"kind": {"enum": sorted(report)}}}],
        "additionalProperties": True,
    }


def _revenue_row() -> dict[str, Any]:
    lines = {**ACTIVITY_VALUE_ALIASES["line"], **{line.value: line.value for line in BusinessLine}}
    properties: dict[str, Any] = copy.deepcopy(_CUSTOMER)
    properties["month"] = {"type": "string", "pattern": _MONTH, "description": "Year first."}
    properties["line"] = {"enum": sorted(lines), "description": "The business line."}
    properties["amount"] = _amount("The month's revenue of the line, yuan (0: none).")
    return {
        "title": "RevenueRow",
        "description": "One row of a monthly revenue file (docs/monthly-cycle.md).",
        "type": "object",
        "properties": properties,
        "required": ["month", "line", "amount"],
        **_NAMED,
        "additionalProperties": True,
    }


def _evaluation() -> dict[str, Any]:
    return Evaluation.model_json_schema(mode="serialization")


def _agenda_item() -> dict[str, Any]:
    # its JSON is its fields', with ``level`` only when set (the serializer drops a null one)
    schema = AgendaItem.model_json_schema(mode="validation")
    schema["properties"]["level"] = {"$ref": "#/$defs/Level", "description": "Set by level."}
    return schema


#: The published schemas by name: inputs, then outputs.
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "customer": _customer,
    "portfolio-row": _portfolio_row,
    "activity-row": _activity_row,
    "revenue-row": _revenue_row,
    "evaluation": _evaluation,
    "agenda-item": _agenda_item,
}


@cache
def _built(name: str) -> dict[str, Any]:
    schema = SCHEMAS[name]()
    return {"$schema": DIALECT, "$id": f"urn:keyaccount-rules:schema:{name}", **schema}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``name`` (one of :data:`SCHEMAS`), a fresh copy.

    Raises:
        KeyError: an unknown name, listing the known ones.
    """
    if name not in SCHEMAS:
        raise KeyError(f"unknown schema {name!r}; known: {', '.join(SCHEMAS)}")
    return copy.deepcopy(_built(name))

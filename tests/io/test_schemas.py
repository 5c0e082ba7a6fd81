"""The published JSON Schemas: inputs accept what the readers accept, outputs describe the JSON.

Each input sample is given to the reader and to the schema: both accept it or both refuse it.
A FastAPI service returning an evaluation gives JSON with the headline fields and exact
decimals that validates against the output schema.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pydantic
import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.errors import KeyAccountError
from keyaccount_rules.io.activity import parse_activity, parse_revenue
from keyaccount_rules.io.schemas import DIALECT, SCHEMAS, json_schema
from keyaccount_rules.records.activity import Event, Kind

jsonschema = pytest.importorskip("jsonschema")

AS_OF = dt.date(2026, 11, 23)
BUREAU = 300_000_000


def _validator(name: str) -> Any:
    # numbers read as Decimal, as the readers read them: multipleOf 0.01 is then exact
    schema = json.loads(json.dumps(json_schema(name)), parse_float=Decimal)
    return jsonschema.Draft202012Validator(schema)


def _valid(name: str, instance: object) -> bool:
    return _validator(name).is_valid(instance)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_schema_names_its_dialect_and_itself_and_is_a_valid_schema(name: str) -> None:
    schema = json_schema(name)
    assert (schema["$schema"], schema["$id"]) == (DIALECT, f"urn:keyaccount-rules:schema:{name}")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_an_unknown_schema_name_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="unknown schema 'order'; known: customer, portfolio-row"):
        json_schema("order")


# ---------------------------------------------------------------- inputs: schema == reader

AMOUNTS = [
    "25000", "25000.5", "25,000.50", 25000, 0, "0", 0.1, "0.10", "999999999999999.99",
    "-1", -1, "1000000000000000", 10**15, "1.234", "25000,5", "１２３", "3亿", "5元", "",
    "  ", True, None, [1], "abc", "1,2345",
]  # fmt: skip


def _customer_accepts(data: dict[str, Any]) -> bool:
    try:
        kr.Customer.model_validate_json(json.dumps(data))
    except pydantic.ValidationError:
        return False
    return True


@pytest.mark.parametrize("amount", AMOUNTS, ids=repr)
def test_the_customer_schema_takes_an_amount_exactly_when_the_record_does(amount: object) -> None:
    data = {"name": "a", "last_year_revenue": {"express": amount}}
    assert _valid("customer", json.loads(json.dumps(data), parse_float=Decimal)) == (
        _customer_accepts(data)
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "某公司"},
        {"name": ""},
        {"name": "   "},
        {"name": "a", "scope": "区域"},
        {"name": "a", "scope": "区域性"},
        {"name": "a", "scope": "regional"},
        {"name": "a", "scope": "全国"},
        {"name": "a", "has_agreement": "是"},
        {"name": "a", "has_agreement": "否"},
        {"name": "a", "has_agreement": True},
        {"name": "a", "has_agreement": "也许"},
        {"name": "a", "last_year_revenue": {"特快": 10}},
        {"name": "a", "last_year_revenue": {"rockets": 10}},
        {"name": "a", "customer_id": "44050700012000"},
        {"name": "a", "customer_id": "4405070001200"},
        {"name": "a", "colour": "red"},
        {"scope": "regional"},
    ],
    ids=repr,
)
def test_the_customer_schema_takes_a_record_exactly_when_the_model_does(
    fields: dict[str, Any],
) -> None:
    assert _valid("customer", fields) == _customer_accepts(fields)


def _portfolio_accepts(line: dict[str, Any]) -> bool:
    try:
        list(kr.read_portfolio(json.dumps(line, ensure_ascii=False).encode(), extra="ignore"))
    except KeyAccountError:
        return False
    return True


@pytest.mark.parametrize(
    "line",
    [
        {"name": "某公司", "last_year_express": "30000", "current_month_express": "3000"},
        {"name": "某公司", "scope": "区域", "has_agreement": "是", "last_year_express": 30000},
        {"name": "某公司", "last_year_express": "3万"},
        {"name": "某公司", "last_year_express": "1,5"},
        {"name": "", "last_year_express": "1"},
        {"name": "某公司", "scope": "全国"},
        {"name": "某公司", "备注": "kept or ignored"},
        {"last_year_express": "1"},
    ],
    ids=repr,
)
def test_the_portfolio_row_schema_takes_a_line_exactly_when_the_reader_does(
    line: dict[str, Any],
) -> None:
    assert _valid("portfolio-row", line) == _portfolio_accepts(line)


def _rows_accept(parse: Any, line: dict[str, Any]) -> bool:
    text = io.StringIO(json.dumps(line, ensure_ascii=False) + "\n")
    try:
        list(parse(text, source="rows.jsonl"))
    except KeyAccountError:
        return False
    return True


@pytest.mark.parametrize(
    "line",
    [
        {"customer": "某公司", "date": "2026-11-03", "kind": "visit"},
        {"customer": "某公司", "date": "2026/11/3", "kind": "上门走访"},
        {"customer": "某公司", "date": "2026年11月3日", "kind": "日常沟通"},
        {"customer_id": "44050700012000", "date": "2026-11-03", "kind": "call"},
        {"customer": "某公司", "date": "2026-11-03", "kind": "lunch"},
        {"customer": "某公司", "date": "3/11/2026", "kind": "visit"},
        {"date": "2026-11-03", "kind": "visit"},
        {"date": "2026-11-03", "kind": "report", "detail": "FILE-1"},
    ],
    ids=repr,
)
def test_the_activity_row_schema_takes_a_row_exactly_when_the_reader_does(
    line: dict[str, Any],
) -> None:
    assert _valid("activity-row", line) == _rows_accept(parse_activity, line)


@pytest.mark.parametrize(
    "line",
    [
        {"customer": "某公司", "month": "2026-11", "line": "express", "amount": "3000"},
        {"customer": "某公司", "month": "2026年11月", "line": "特快", "amount": 3000},
        {"customer_id": "44050700012000", "month": "2026/11", "line": "账单", "amount": "0"},
        {"customer": "某公司", "month": "2026-11", "line": "express", "amount": "3千"},
        {"customer": "某公司", "month": "2026-11", "line": "rockets", "amount": "1"},
        {"customer": "某公司", "month": "11/2026", "line": "express", "amount": "1"},
        {"month": "2026-11", "line": "express", "amount": "1"},
        {"customer": "某公司", "month": "2026-11", "line": "express"},
    ],
    ids=repr,
)
def test_the_revenue_row_schema_takes_a_row_exactly_when_the_reader_does(
    line: dict[str, Any],
) -> None:
    assert _valid("revenue-row", line) == _rows_accept(parse_revenue, line)


# ---------------------------------------------------------------- outputs


GOLD = kr.Customer(
    name="汕头某物流公司",
    last_year_revenue={"express": 700_000},
    current_month_revenue={"express": 60_000},
)


def test_an_evaluation_s_json_has_the_headline_fields_and_validates() -> None:
    data = json.loads(
        kr.evaluate(GOLD, bureau_annual_revenue=BUREAU, as_of=AS_OF).model_dump_json()
    )
    assert {k: data[k] for k in ("tier", "unit", "score", "contacts_per_month")} == {
        "tier": "gold",
        "unit": "city_center",
        "score": "80.0",
        "contacts_per_month": 2,
    }
    assert _valid("evaluation", data)
    data["tier"] = "sideways"
    assert not _valid("evaluation", data)


def test_an_agenda_item_validates_against_the_agenda_item_schema() -> None:
    visit = Event(2, GOLD.name, dt.date(2026, 11, 3), Kind.VISIT, "li")
    found = kr.agenda([GOLD], [visit], as_of=AS_OF, bureau_annual_revenue=BUREAU)
    items = [json.loads(item.model_dump_json()) for item in found.items]
    assert items
    assert all(_valid("agenda-item", item) for item in items)
    assert not _valid("agenda-item", {**items[0], "due": 5})


def test_a_fastapi_service_returns_an_evaluation_with_its_headline_and_exact_decimals() -> None:
    fastapi = pytest.importorskip("fastapi")
    testclient = pytest.importorskip("fastapi.testclient")
    app = fastapi.FastAPI()

    @app.post("/evaluate")
    def _evaluate(customer: kr.Customer) -> kr.Evaluation:
        return kr.evaluate(customer, bureau_annual_revenue=BUREAU, as_of=AS_OF)

    @app.post("/outcome")
    def _outcome(customer: kr.Customer) -> kr.Outcome:
        return kr.evaluate(customer, bureau_annual_revenue=BUREAU, as_of=AS_OF, explain=False)

    client = testclient.TestClient(app)
    sent = {"name": GOLD.name, "scope": "综合", "last_year_revenue": {"特快": "700000"},
            "current_month_revenue": {"express": 60000}}  # fmt: skip
    answer = client.post("/evaluate", json=sent)
    assert answer.status_code == 200
    data = answer.json()
    assert (data["tier"], data["unit"], data["score"], data["contacts_per_month"]) == (
        "gold", "city_center", "80.0", 2,
    )  # fmt: skip
    assert data["customer"]["last_year_revenue"] == {"express": "700000.00"}
    assert _valid("evaluation", data)
    assert kr.Evaluation.model_validate(data) == kr.evaluate(
        GOLD, bureau_annual_revenue=BUREAU, as_of=AS_OF
    )
    outcome = client.post("/outcome", json=sent).json()
    assert outcome == {
        "name": GOLD.name,
        "key_account": True,
        "criteria": ["comprehensive", "professional"],
        "score": "80.0",
        "tier": "gold",
        "unit": "city_center",
        "contacts_per_month": 2,
        "level": None,
    }

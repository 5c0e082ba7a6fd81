"""One table reader: portfolios, activity and revenue are layouts of one loop over open_table."""

from __future__ import annotations

import ast

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io.activity import ACTIVITY_LAYOUT, REVENUE_LAYOUT
from keyaccount_rules.io.layout import Layout, read_records
from keyaccount_rules.io.portfolio import LAYOUT
from tests.test_architecture import PACKAGE, SOURCES

LAYOUTS = {"portfolio": LAYOUT, "activity": ACTIVITY_LAYOUT, "revenue": REVENUE_LAYOUT}
#: A header naming one column twice (in two languages), and a good row, per layout.
TWICE = {
    "portfolio": "name,客户名称,last_year_express,current_month_express\nA,A,1,1\n",
    "activity": "customer,date,日期,kind\nA,2026-03-02,2026-03-02,visit\n",
    "revenue": "customer,month,line,amount,金额\nA,2026-03,express,1,1\n",
}
#: A JSON line naming one key twice (in two languages), per layout.
JSON_TWICE = {
    "portfolio": '{"name": "A", "客户名称": "B", "last_year_express": 1}\n',
    "activity": '{"customer": "A", "date": "2026-03-02", "日期": "2026-03-03", "kind": "visit"}\n',
    "revenue": '{"customer": "A", "month": "2026-03", "line": "express", "金额": 1, "amount": 1}\n',
}


def _callers_of(name: str) -> list[str]:
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
                found.append(str(path.relative_to(PACKAGE)))
    return sorted(set(found))


def test_open_table_is_called_by_the_one_record_reader_only() -> None:
    assert _callers_of("open_table") == ["io/layout.py"]


@pytest.mark.parametrize("kind", sorted(LAYOUTS))
def test_a_column_given_twice_is_refused_alike_by_every_layout(kind: str) -> None:
    code = {"portfolio": "name", "activity": "date", "revenue": "amount"}[kind]
    with pytest.raises(kr.PortfolioError) as caught:
        list(read_records(TWICE[kind].encode(), LAYOUTS[kind]))
    assert str(caught.value) == (
        f"<bytes>: column(s) {code!r} appear twice (counting Chinese headers with the same meaning)"
    )


@pytest.mark.parametrize("kind", sorted(LAYOUTS))
def test_a_json_key_given_twice_is_its_row_s_problem_in_every_layout(kind: str) -> None:
    code = {"portfolio": "name", "activity": "date", "revenue": "amount"}[kind]
    errors: list[kr.RowError] = []
    rows = list(
        read_records(
            JSON_TWICE[kind].encode(), LAYOUTS[kind], on_error="skip", report=errors.append
        )
    )
    assert rows == []
    assert [str(e) for e in errors] == [
        f"<bytes>, row 1: {code}: given twice (counting Chinese keys)"
    ]


def test_a_customer_id_given_twice_in_a_json_activity_row_is_refused_as_in_a_csv_header() -> None:
    line = b'{"customer_id": "44052300001000", "ID\\u53f7": "44052300002000", '
    line += b'"date": "2026-03-02", "kind": "visit"}\n'
    with pytest.raises(kr.RowError, match="customer_id: given twice"):
        list(kr.read_activity(line))
    with pytest.raises(kr.PortfolioError, match="'customer_id' appear twice"):
        list(kr.read_activity(b"customer_id,ID\xe5\x8f\xb7,date,kind\n1,2,2026-03-02,visit\n"))


def test_a_plain_activity_header_with_an_unknown_column_reads_each_row_as_it_is() -> None:
    layout: Layout[kr.Event] = ACTIVITY_LAYOUT
    text = b"customer,date,kind,notes\nACME,2026-03-02,visit,x\n"
    (event,) = read_records(text, layout)
    assert (event.row, event.customer, event.kind) == (2, "ACME", kr.Kind.VISIT)


def test_a_portfolio_s_unknown_column_is_passed_through_beside_the_customer() -> None:
    text = b"name,last_year_express,current_month_express,last_year_revenue\nA,1,1,x\n"
    (row,) = kr.read_rows(text)
    assert dict(row.extra) == {"last_year_revenue": "x"}
    assert row.customer.annual_revenue == 1

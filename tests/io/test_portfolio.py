"""Reading portfolios: CSV and JSON Lines, BOM, row numbers in errors, skipping bad rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.io.portfolio import CSV_COLUMNS, read_numbered, sample_facts, sample_path


def write_csv(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def customer_cells(customer: kr.Customer) -> dict[str, str]:
    cells = {
        "name": customer.name,
        "scope": customer.scope.value,
        "has_agreement": str(customer.has_agreement).lower(),
        "customer_id": str(customer.customer_id) if customer.customer_id else "",
        "newspaper_turnover_last_year": str(customer.newspaper_turnover_last_year),
        "newspaper_turnover_current_month": str(customer.newspaper_turnover_current_month),
    }
    for line, amount in customer.last_year_revenue.items():
        cells[f"last_year_{line.value}"] = str(amount)
    for line, amount in customer.current_month_revenue.items():
        cells[f"current_month_{line.value}"] = str(amount)
    return cells


def test_the_sample_portfolio_round_trips_through_csv(tmp_path: Path) -> None:
    with sample_path() as path:
        customers = list(kr.read_portfolio(path))
    copy = write_csv(tmp_path / "copy.csv", [customer_cells(c) for c in customers])
    assert list(kr.read_portfolio(copy)) == customers
    assert len(customers) == 500


def test_json_lines_read_like_csv(tmp_path: Path) -> None:
    with sample_path() as path:
        customers = list(kr.read_portfolio(path))[:20]
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text(
        "".join(c.model_dump_json(exclude_none=True) + "\n" for c in customers), encoding="utf-8"
    )
    assert list(kr.read_portfolio(jsonl)) == customers


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"], ids=["no-bom", "bom"])
def test_utf8_with_or_without_bom_reads_the_same(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "p.csv", [{"name": "汕头某公司"}], encoding=encoding)
    assert [c.name for c in kr.read_portfolio(path)] == ["汕头某公司"]


def test_empty_cells_mean_zero_or_absent(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [{"name": "A", "last_year_express": "  "}])
    (customer,) = kr.read_portfolio(path)
    assert customer.last_year_revenue == {}
    assert customer.newspaper_turnover_last_year == Decimal("0.00")


def test_a_bad_cell_names_the_row_and_the_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [{"name": "A"}, {"name": "B", "last_year_bills": "x"}])
    with pytest.raises(kr.RowError, match=r"row 3: last_year_bills: ") as caught:
        list(kr.read_portfolio(path))
    assert (caught.value.row, caught.value.field) == (3, "last_year_bills")


def test_a_bad_json_line_names_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"name": "A"}\n\n{"name": "B", "scope": "x"}\nnot json\n', encoding="utf-8")
    errors: list[kr.RowError] = []
    names = [c.name for c in kr.read_portfolio(path, on_error="skip", report=errors.append)]
    assert names == ["A"]
    assert [(e.row, e.field) for e in errors] == [(3, "scope"), (4, "(row)")]


def test_skipping_reports_every_bad_row_and_keeps_the_good(tmp_path: Path) -> None:
    rows = [{"name": ""}, {"name": "ok"}, {"name": "n", "has_agreement": "perhaps"}]
    path = write_csv(tmp_path / "p.csv", rows)
    errors: list[kr.RowError] = []
    numbered = list(read_numbered(path, on_error="skip", report=errors.append))
    assert [(n, c.name) for n, c in numbered] == [(3, "ok")]
    assert [(e.row, e.field) for e in errors] == [(2, "name"), (4, "has_agreement")]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("name,x\nA,1\n", "no revenue column", id="no-revenue-column"),
        pytest.param(
            "name,last_year_express\nA,1\n", "not 'current_month_express'", id="half-a-pair"
        ),
        pytest.param(
            "name,本月报刊流转额\nA,1\n", "not 'newspaper_turnover_last_year'", id="half-zh"
        ),
        pytest.param("name,name\nA,B\n", "appear twice", id="repeated-column"),
        pytest.param("name,客户名称\nA,B\n", "appear twice", id="repeated-in-chinese"),
        pytest.param("scope\nregional\n", "no 'name' column", id="no-name"),
    ],
)
def test_a_bad_header_is_a_portfolio_error(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(kr.PortfolioError, match=problem):
        list(kr.read_portfolio(path))


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        pytest.param("A,regional,,,extra", "more cells", id="too-many-cells"),
        pytest.param("A", "fewer cells", id="too-few-cells"),
    ],
)
def test_a_misshapen_row_names_its_row(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "p.csv"
    header = "name,scope,last_year_express,current_month_express"
    path.write_text(f"{header}\nB,regional,,\n{line}\n", encoding="utf-8")
    with pytest.raises(kr.RowError, match=rf"row 3: \(row\): {problem}"):
        list(kr.read_portfolio(path))


def test_a_row_that_is_not_utf8_is_named_with_the_encoding_hint(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"name,last_year_bills,current_month_bills\n" + "汕头,1,1\n".encode("gb18030"))
    with pytest.raises(kr.RowError, match=r"row 2: .*not utf-8.*--encoding gb18030"):
        list(kr.read_portfolio(path, encoding="utf-8"))


def test_an_unknown_file_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.xls"
    path.write_text("", encoding="utf-8")
    with pytest.raises(kr.PortfolioError, match="unknown file type"):
        list(kr.read_portfolio(path))


def test_reading_is_lazy_so_a_late_bad_row_does_not_stop_early_ones(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [{"name": "A"}, {"name": "B", "scope": "?"}])
    customers = kr.read_portfolio(path)
    assert next(customers).name == "A"
    with pytest.raises(kr.RowError):
        next(customers)


def test_evaluate_portfolio_is_lazy_and_in_order() -> None:
    bureau, as_of = sample_facts()
    with sample_path() as path:
        results = kr.evaluate_portfolio(
            kr.read_portfolio(path), bureau_annual_revenue=bureau, as_of=as_of
        )
        first = next(results)
        rest = list(results)
    assert first.customer.name == "汕头市广创纺织实业有限公司"
    assert len(rest) == 499
    assert isinstance(as_of, dt.date)


def test_json_lines_of_customers_dump_and_load(tmp_path: Path) -> None:
    customer = kr.Customer(name="A", last_year_revenue={"express": "1.5"})
    path = tmp_path / "p.ndjson"
    path.write_text(json.dumps(customer.model_dump(mode="json")) + "\n", encoding="utf-8")
    assert list(kr.read_portfolio(path)) == [customer]


# ---- the quick outcome rows equal the full evaluation, row for row

from hypothesis import given, settings  # noqa: E402  # kept beside the tests that use them
from hypothesis import strategies as st  # noqa: E402

from keyaccount_rules.io.frames import evaluation_row  # noqa: E402
from keyaccount_rules.io.portfolio import outcome_rows  # noqa: E402


def full_rows(path: Path, bureau: object, as_of: dt.date) -> list[object]:
    """The oracle: full records, full evaluations; errors as (row, field)."""
    errors: list[kr.RowError] = []
    rows, failed = [], []
    for number, customer in read_numbered(path, on_error="skip", report=errors.append):
        try:
            result = kr.evaluate(customer, bureau_annual_revenue=bureau, as_of=as_of)
        except kr.RuleInputError as err:
            failed.append((number, err.field))
            continue
        customer_id = None if customer.customer_id is None else str(customer.customer_id)
        rows.append({"row": number, "customer_id": customer_id, **evaluation_row(result)})
    return [rows, sorted([(e.row, e.field) for e in errors] + failed)]


def quick_rows(path: Path, bureau: object, as_of: dt.date) -> list[object]:
    errors: list[kr.RowError] = []
    rows = list(
        outcome_rows(
            path, bureau_annual_revenue=bureau, as_of=as_of, on_error="skip", report=errors.append
        )
    )
    return [rows, sorted((e.row, e.field) for e in errors)]


def test_outcome_rows_equal_full_evaluation_on_the_sample() -> None:
    bureau, as_of = sample_facts()
    with sample_path() as path:
        assert quick_rows(path, bureau, as_of) == full_rows(path, bureau, as_of)


def test_outcome_rows_equal_full_evaluation_with_a_small_bureau(tmp_path: Path) -> None:
    # Bureau 1.2 million: shares are larger, and the largest customers exceed it (GRADE-6).
    with sample_path() as path:
        text = path.read_text(encoding="utf-8")
    copy = tmp_path / "p.csv"
    copy.write_text(text, encoding="utf-8")
    quick, full = quick_rows(copy, "1200000", AS_OF), full_rows(copy, "1200000", AS_OF)
    assert quick == full
    assert full[1], "some customers exceed this bureau (GRADE-6)"
    assert all(field == "annual_revenue" for _row, field in full[1])


AS_OF = dt.date(2026, 11, 23)
_cells = st.one_of(
    st.just(""),
    st.sampled_from(["1000", "999.99", "2000", "1999.99", "20000", "19999.99", "50000", "0"]),
    st.decimals(min_value=0, max_value=2_000_000, places=2).map(str),
    st.sampled_from(["1,000", " 12 ", "1e3", "-1", "abc", "1.001", "NaN", "1.000"]),
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "name": st.sampled_from(["A", "汕头", " ", ""]),
                "scope": st.sampled_from(["", "regional", "professional", "REGIONAL", "x"]),
                "has_agreement": st.sampled_from(["", "true", "no", "Y", "maybe"]),
                "customer_id": st.sampled_from(["", "44052300001000", "123"]),
                "last_year_express": _cells,
                "current_month_express": _cells,
                "last_year_logistics": _cells,
                "current_month_logistics": _cells,
                "last_year_newspapers": _cells,
                "newspaper_turnover_last_year": _cells,
                "newspaper_turnover_current_month": _cells,
            }
        ),
        max_size=8,
    ),
    bureau=st.sampled_from(["300000000", "1000000", "43879110.37", "100000"]),
)
def test_outcome_rows_equal_full_evaluation_on_odd_rows(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, str]], bureau: str
) -> None:
    path = write_csv(tmp_path_factory.mktemp("odd") / "p.csv", rows)
    assert quick_rows(path, bureau, AS_OF) == full_rows(path, bureau, AS_OF)


def test_outcome_rows_of_json_lines_equal_full_evaluation(tmp_path: Path) -> None:
    with sample_path() as path:
        customers = list(kr.read_portfolio(path))[:50]
    jsonl = tmp_path / "p.jsonl"
    lines = [c.model_dump_json(exclude_none=True) for c in customers]
    jsonl.write_text("\n".join([*lines[:5], '{"name": ""}', *lines[5:]]) + "\n", encoding="utf-8")
    assert quick_rows(jsonl, "300000000", AS_OF) == full_rows(jsonl, "300000000", AS_OF)


def test_to_rows_and_to_dataframe_flatten_evaluations() -> None:
    bureau, as_of = sample_facts()
    with sample_path() as path:
        results = list(
            kr.evaluate_portfolio(
                kr.read_portfolio(path), bureau_annual_revenue=bureau, as_of=as_of
            )
        )
    rows = kr.to_rows(results)
    assert rows == [
        {"row": i, "customer_id": r.customer.customer_id and str(r.customer.customer_id),
         **evaluation_row(r)}
        for i, r in enumerate(results, start=1)
    ]  # fmt: skip
    frame = kr.to_dataframe(results)
    assert list(frame.columns) == list(rows[0])
    assert len(frame) == 500


def test_to_dataframe_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(ImportError, match=r"pip install 'keyaccount-rules\[pandas\]'"):
        kr.to_dataframe([])
    with pytest.raises(ImportError, match="needs pandas"):
        kr.grade_many([1], 10).to_dataframe()


def test_a_json_row_s_revenue_mapping_and_its_revenue_columns_are_read_together() -> None:
    line = b'{"name": "A", "last_year_revenue": {"express": 1}, "last_year_letters": 2, '
    line += b'"current_month_letters": 3}\n'
    (customer,) = kr.read_portfolio(line)
    assert dict(customer.last_year_revenue) == {
        kr.BusinessLine.EXPRESS: Decimal("1.00"),
        kr.BusinessLine.LETTERS: Decimal("2.00"),
    }
    assert dict(customer.current_month_revenue) == {kr.BusinessLine.LETTERS: Decimal("3.00")}
    bad = b'{"name": "A", "last_year_revenue": [1], "last_year_letters": 2}\n'
    with pytest.raises(kr.RowError, match="row 1: last_year_revenue: "):
        list(kr.read_portfolio(bad))


def test_evaluate_portfolio_calls_its_progress_hook_as_each_customer_is_evaluated() -> None:
    done: list[int] = []
    results = kr.evaluate_portfolio(
        [kr.Customer(name="a"), kr.Customer(name="b")],
        bureau_annual_revenue=300_000_000,
        as_of=dt.date(2026, 3, 1),
        progress=done.append,
    )
    assert done == []  # lazy: nothing is evaluated before it is asked for
    next(results)
    assert done == [1]
    list(results)
    assert done == [1, 1]

"""Explanations: printable, iterable, JSON-serialisable, safe in HTML."""

from __future__ import annotations

import json

import pydantic
import pytest

import keyaccount_rules as kr
from keyaccount_rules import Explanation, Step


@pytest.fixture
def explanation() -> Explanation:
    return kr.grade("700000", "300000000").explanation


def test_str_renders_one_step_per_line(explanation: Explanation) -> None:
    lines = str(explanation).splitlines()
    assert len(lines) == len(explanation) == 4
    assert [line.split(":")[0] for line in lines] == ["GRADE-1", "GRADE-2", "GRADE-3", "GRADE-4"]
    assert lines[0] == f"{explanation[0].rule}: {explanation[0].text}"


def test_iteration_yields_the_steps_in_order(explanation: Explanation) -> None:
    steps = list(explanation)
    assert all(isinstance(step, Step) for step in steps)
    assert tuple(steps) == explanation.steps


def test_rules_lists_each_cited_id_once_in_order() -> None:
    e = Explanation.of(
        Step(rule="QUAL-3", text="a", text_zh="甲"),
        Step(rule="QUAL-4", text="b", text_zh="乙"),
        Step(rule="QUAL-3", text="c", text_zh="丙"),
    )
    assert e.rules == ("QUAL-3", "QUAL-4")


def test_an_explanation_round_trips_through_json(explanation: Explanation) -> None:
    text = explanation.model_dump_json()
    data = json.loads(text)
    assert data["steps"][0]["rule"] == "GRADE-1"
    assert set(data["steps"][0]) == {"rule", "text", "text_zh"}
    assert Explanation.model_validate_json(text) == explanation


def test_chinese_rendering_uses_the_chinese_text(explanation: Explanation) -> None:
    zh = explanation.render("zh").splitlines()
    assert zh[3].startswith("GRADE-4: ")
    assert "客户" in zh[3]


def test_html_rendering_escapes_the_text() -> None:
    e = Explanation.of(Step(rule="QUAL-1", text="<script>alert(1)</script> & co", text_zh="<b>"))
    rendered = e._repr_html_()
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "&amp; co" in rendered
    assert "&lt;b&gt;" in rendered


def test_a_step_must_cite_a_rule_id() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        Step(rule="grade one", text="x", text_zh="x")
    assert caught.value.errors()[0]["loc"] == ("rule",)


def test_results_serialise_with_their_explanation() -> None:
    grading = kr.grade("700000", "300000000")
    data = json.loads(grading.model_dump_json())
    assert data["tier"] == "gold"
    assert [step["rule"] for step in data["explanation"]["steps"]] == [
        "GRADE-1",
        "GRADE-2",
        "GRADE-3",
        "GRADE-4",
    ]


def test_every_result_shows_its_fields_and_steps_as_an_html_table_in_a_notebook() -> None:
    import datetime as dt

    customer = kr.Customer(
        name="<b>汕头</b>", last_year_revenue={"express": 700_000},
        current_month_revenue={"express": 60_000},
    )  # fmt: skip
    result = kr.evaluate(customer, bureau_annual_revenue=300_000_000, as_of=dt.date(2026, 3, 1))
    page = result._repr_html_()
    assert "<strong>Evaluation</strong>" in page
    assert "<code>GRADE-4</code>" in page
    assert "key_account" in page
    assert "<b>汕头</b>" not in page  # customer text is escaped
    grading = kr.grade(700_000, 300_000_000)
    assert "<th style='text-align:left'>tier</th><td>gold</td>" in grading._repr_html_()

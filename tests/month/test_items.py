"""An agenda's items as flat rows and as a DataFrame: every field under its column."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

import keyaccount_rules as kr
from keyaccount_rules.month.items import agenda_row, row_columns
from keyaccount_rules.records.activity import Kind
from tests.month import test_cycle, test_cycle_levels


def _expected(item: kr.AgendaItem, klass: dict[str, str | None]) -> dict[str, object]:
    return {
        "manager": item.manager,
        "customer": item.customer,
        "customer_id": item.customer_id,
        **klass,
        "unit": None if item.unit is None else item.unit.value,
        "duty": item.duty,
        "rule": item.rule,
        "due": item.due.isoformat(),
        "status": item.status,
        "what": item.what,
        "what_zh": item.what_zh,
        "responsible": item.responsible,
        "responsible_zh": item.responsible_zh,
        "explanation": str(item.explanation),
    }


def test_an_item_row_holds_each_field_as_a_json_value_with_its_tier() -> None:
    agenda = test_cycle.plan([test_cycle.ev(2, "GOLD", date(2025, 3, 4), Kind.VISIT)])
    rows = agenda.to_rows()
    assert rows == [
        _expected(i, {"tier": None if i.tier is None else i.tier.value}) for i in agenda.items
    ]
    assert {row["tier"] for row in rows} >= {"gold", "diamond", None}
    assert all(list(row) == row_columns() for row in rows)
    assert all(row["explanation"] for row in rows)


def test_an_item_row_classed_by_level_has_its_level_in_place_of_a_tier() -> None:
    agenda = test_cycle_levels.plan([], date(2026, 3, 3))
    keyed = [i for i in agenda.items if i.level is not None]
    assert keyed
    for item in keyed:
        row = agenda_row(item)
        assert row == _expected(item, {"level": item.level.value if item.level else None})
        assert list(row) == row_columns(by_level=True)


def test_an_agenda_frame_has_the_row_columns_and_due_as_dates() -> None:
    pd = pytest.importorskip("pandas")
    agenda = test_cycle.plan([test_cycle.ev(2, "GOLD", date(2025, 3, 4), Kind.VISIT)])
    frame = agenda.to_dataframe()
    assert list(frame.columns) == row_columns()
    assert frame["due"].tolist() == [pd.Timestamp(i.due) for i in agenda.items]
    assert frame["rule"].tolist() == [i.rule for i in agenda.items]
    empty = agenda.filter(manager="nobody")
    assert (list(empty.to_dataframe().columns), len(empty.items)) == (row_columns(), 0)


def test_the_agenda_summary_counts_the_items_by_status() -> None:
    agenda = test_cycle.plan([test_cycle.ev(2, "GOLD", date(2025, 3, 4), Kind.VISIT)])
    count = Counter(i.status for i in agenda.items)
    assert (count["due"], count["overdue"]) == (23, 7)
    assert agenda.explanation.steps[0].text == (
        f"2025-03: {len(agenda.items)} item(s): {count['due']} due, {count['overdue']} overdue, "
        f"{count['done']} done"
    )


def test_an_agenda_on_the_month_s_first_day_has_nothing_overdue_or_done() -> None:
    agenda = test_cycle.plan([], date(2025, 3, 1))
    assert agenda.explanation.steps[0].text == (
        f"2025-03: {len(agenda.items)} item(s): {len(agenda.items)} due, 0 overdue, 0 done"
    )

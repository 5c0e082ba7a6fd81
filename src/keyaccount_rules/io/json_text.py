"""JSON out (JSON 导出): JSON Lines, JSON documents and the streamed agenda, written here.

- :func:`json_text` — plain JSON data (a row, a schema, a result's data) as one JSON text
  ending in a newline, non-ASCII kept as written: a line of JSON Lines without ``indent``.
- :func:`model_json` — a result or policy as pydantic writes it, ending in a newline.
- :func:`write_agenda_json` — the agenda's JSON document written item by item, so memory
  stays flat in the items; :func:`pay_run_json` — a pay run's rows and totals.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TextIO

from pydantic import BaseModel

from keyaccount_rules.core.arguments import checked
from keyaccount_rules.core.periods import Month
from keyaccount_rules.month.agenda import Agenda, AgendaItem, Problem, agenda_summary
from keyaccount_rules.policy import Policy
from keyaccount_rules.rules.compensation import PayRun, PayRunGiven

__all__ = [
    "json_cell",
    "json_text",
    "model_json",
    "pay_run_json",
    "write_agenda_json",
    "write_json_lines",
]


def json_text(data: Any, *, indent: int | None = None) -> str:
    """``data`` as JSON text ending in a newline; non-ASCII as written, other values by
    their ``str()``.

    >>> json_text({"name": "汕头", "score": 94})
    '{"name": "汕头", "score": 94}\\n'
    """
    return json.dumps(data, ensure_ascii=False, default=str, indent=indent) + "\n"


def json_cell(value: Any) -> str:
    """A value as the text of one cell: a string as it is, any other JSON value as JSON.

    >>> json_cell("汕头"), json_cell({"a": [1, 2]})
    ('汕头', '{"a": [1, 2]}')
    """
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def write_json_lines(rows: Iterable[Any], out: TextIO) -> int:
    """Each row as one line of JSON Lines; returns how many were written."""
    count = 0
    for row in rows:
        out.write(json_text(row))
        count += 1
    return count


def model_json(model: BaseModel, *, indent: int | None = 2, exclude_none: bool = False) -> str:
    """A pydantic model's own JSON (what ``model_validate_json`` reads back), ending in a
    newline."""
    return model.model_dump_json(indent=indent, exclude_none=exclude_none) + "\n"


_ITEMS = '"items":[]'


def _shell(day: date, policy: Policy, problems: Sequence[Problem], explained: Any) -> str:
    month = Month.parse(day)
    return Agenda(
        as_of=day,
        month_start=month.first_day,
        month_end=month.last_day,
        items=(),
        problems=tuple(problems),
        explanation=explained,
        policy_fingerprint=policy.fingerprint,
        policy_edition=policy.edition,
    ).model_dump_json()


def write_agenda_json(
    items: Iterable[AgendaItem],
    out: TextIO,
    *,
    day: date,
    policy: Policy,
    problems: Sequence[Problem],
    has_revenue: bool,
    by_level: bool,
) -> int:
    """The JSON of the :class:`Agenda` the items make, written as they come: the items in
    the order given, then the problems and the summary (counted on the way). ``problems``
    is read after the last item: a list the items' producer appends to as it decides them.
    Returns the number of items written."""
    month = Month.parse(day)
    head = _shell(day, policy, (), agenda_summary(month, {}, True, 0))  # holds no summary
    out.write(head[: head.index(_ITEMS) + len(_ITEMS) - 1])
    statuses: Counter[str] = Counter()
    count = 0
    for item in items:
        out.write(("," if count else "") + item.model_dump_json())
        statuses[item.status] += 1
        count += 1
    listed = tuple(problems)
    summary = agenda_summary(month, statuses, has_revenue or by_level, len(listed))
    tail = _shell(day, policy, listed, summary)
    out.write(tail[tail.index(_ITEMS) + len(_ITEMS) - 1 :] + "\n")
    return count


def pay_run_json(run: PayRun) -> str:
    """A pay run's rows and column totals as one JSON document (amounts as strings)."""
    run = checked(PayRunGiven, run, "run")
    totals = run.totals.model_dump(mode="json")
    return json.dumps(
        {"month": run.month, "rows": run.rows(), "totals": totals}, ensure_ascii=False
    )

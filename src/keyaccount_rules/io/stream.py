"""The agenda written as it is decided (流式导出): CSV, JSON or iCalendar, memory flat in the items.

:func:`write_agenda` takes the items of :func:`~keyaccount_rules.iter_agenda` one at a time;
the command line's ``agenda`` writes through it, so 300,000 customers never sit in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Literal, TextIO

from keyaccount_rules.core.arguments import Day, Name, as_iterable, checked, one_of
from keyaccount_rules.engine.customer import classes_by_level
from keyaccount_rules.io.csv_text import write_agenda_csv
from keyaccount_rules.io.ics import ics_lines
from keyaccount_rules.io.json_text import write_agenda_json
from keyaccount_rules.month.agenda import AgendaItem, Problem
from keyaccount_rules.policy import Policy, resolve_policy

__all__ = ["write_agenda"]

#: The file formats a stream of agenda items is written in.
Format = one_of(("csv", "json", "ics"), "must be 'csv', 'json' or 'ics'")


def write_agenda(
    items: Iterable[AgendaItem],
    out: TextIO,
    *,
    as_of: date,
    format: Literal["csv", "json", "ics"],
    lang: Literal["en", "zh"] = "zh",
    manager: str | None = None,
    problems: list[Problem] | None = None,
    has_revenue: bool = True,
    policy: Policy | None = None,
) -> int:
    """Write items as they come (e.g. from :func:`iter_agenda`): memory flat in the items.

    ``csv``: :meth:`Agenda.to_csv`'s layout (``level`` in place of ``tier`` under a policy
    that classes by level); ``ics``: :meth:`Agenda.to_ics`'s; ``json``: the
    JSON of the :class:`Agenda` the items make (``problems`` and the summary, counted on the
    way, follow the items), in the order given. ``manager`` keeps that manager's items only
    (as :meth:`Agenda.filter` does) and names the calendar. Returns the number of items
    written.
    """
    policy = resolve_policy(policy)
    day = checked(Day, as_of, "as_of")
    checked(Format, format, "format")
    items = as_iterable(items, "items", what="agenda items")
    if manager is not None:  # the calendar is the manager's: their items only
        manager = checked(Name, manager, "manager")
        items = (item for item in items if item.manager == manager)
    if format == "ics":
        counter = [0]
        lines = ics_lines(
            _counted(items, counter), day, lang=lang, manager=manager, edition=policy.edition
        )
        for line in lines:
            out.write(line)
        return counter[0]
    by_level = classes_by_level(policy)
    if format == "csv":
        return write_agenda_csv(items, out, by_level=by_level)
    return write_agenda_json(
        items,
        out,
        day=day,
        policy=policy,
        problems=() if problems is None else problems,  # filled as the items are decided
        has_revenue=has_revenue,
        by_level=by_level,
    )


def _counted(items: Iterable[AgendaItem], counter: list[int]) -> Iterator[AgendaItem]:
    for item in items:
        counter[0] += 1
        yield item

"""The agenda written as it is decided (流式导出): CSV, JSON or iCalendar, memory flat in the items.

:func:`write_agenda` takes the items of :func:`~keyaccount_rules.iter_agenda` one at a time;
the command line's ``agenda`` writes through it, so 300,000 customers never sit in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Literal, TextIO

from keyaccount_rules.core.arguments import Day, checked
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.periods import Month
from keyaccount_rules.engine.customer import classes_by_level
from keyaccount_rules.io.csv_text import write_agenda_csv
from keyaccount_rules.io.ics import ics_lines
from keyaccount_rules.month.agenda import Agenda, AgendaItem, Problem, agenda_summary
from keyaccount_rules.policy import Policy, resolve_policy

__all__ = ["write_agenda"]


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
    way, follow the items), in the order given. Returns the number of items written.
    """
    policy = resolve_policy(policy)
    day = checked(Day, as_of, "as_of")
    month = Month.parse(day)
    if format == "ics":
        for line in ics_lines(
            _counted(items, counter := [0]), month.first_day, lang=lang, manager=manager
        ):
            out.write(line)
        return counter[0]
    if format == "csv":
        return write_agenda_csv(items, out, by_level=classes_by_level(policy))
    if format != "json":
        raise RuleInputError("format", "must be 'csv', 'json' or 'ics'", got=format)
    statuses: Counter[str] = Counter()
    count = 0
    out.write(_json_head(day, policy))
    for item in items:
        out.write(("," if count else "") + item.model_dump_json())
        statuses[item.status] += 1
        count += 1
    listed = tuple(problems or ())
    shell = Agenda(
        as_of=day,
        month_start=month.first_day,
        month_end=month.last_day,
        items=(),
        problems=listed,
        explanation=agenda_summary(
            month, statuses, has_revenue or classes_by_level(policy), len(listed)
        ),
        policy_fingerprint=policy.fingerprint,
    ).model_dump_json()
    out.write(shell[shell.index(_ITEMS) + len(_ITEMS) - 1 :] + "\n")
    return count


_ITEMS = '"items":[]'


def _json_head(day: date, policy: Policy) -> str:
    month = Month.parse(day)
    shell = Agenda(
        as_of=day,
        month_start=month.first_day,
        month_end=month.last_day,
        items=(),
        problems=(),
        explanation=agenda_summary(month, {}, True, 0),  # the head holds no explanation
        policy_fingerprint=policy.fingerprint,
    ).model_dump_json()
    return shell[: shell.index(_ITEMS) + len(_ITEMS) - 1]


def _counted(items: Iterable[AgendaItem], counter: list[int]) -> Iterator[AgendaItem]:
    for item in items:
        counter[0] += 1
        yield item

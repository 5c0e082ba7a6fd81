"""The agenda's results (本月工作清单): its items, the agenda, its rows and its summary.

An :class:`AgendaItem` is one duty of the month (whose, which rule, due when, where it stands,
why); an :class:`Agenda` holds the month's items and the activity rows it could not use.
The writers of ``io/`` (CSV, iCalendar, JSON streaming) read these models and nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

import keyaccount_rules.core.catalogue as messages
from keyaccount_rules.core import writers
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.optional import load_pandas
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import Level, Tier, Unit
from keyaccount_rules.rules.duties import Status

__all__ = [
    "Agenda",
    "AgendaItem",
    "OptionalLevel",
    "Problem",
    "Status",
    "agenda_row",
    "agenda_summary",
    "item_order",
    "item_who",
    "row_columns",
    "status_word",
    "summary_step",
]

#: The status words, from the catalogues (a table, a calendar summary).
_STATUS_WORDS: dict[str, str] = {
    "due": "status.due",
    "overdue": "status.overdue",
    "done": "status.done",
}
#: The order of the statuses in an agenda: what is late first, then what is open, then done.
_STATUS_ORDER: dict[str, int] = {"overdue": 0, "due": 1, "done": 2}


def status_word(status: Status, lang: Literal["en", "zh"] = "en") -> str:
    """The status as a person reads it, from the catalogues: ``overdue``/``逾期``,
    ``due``/``待办``, ``done``/``已完成``."""
    return messages.render(_STATUS_WORDS[status], lang)


class Problem(BaseModel):
    """An activity row the agenda could not use, and why (reported, never dropped silently).

    Row 0 is not an activity row: a customer of the portfolio the agenda could not place
    (under a policy that classes by level, a customer ``levels`` does not name).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    row: int
    customer: str
    problem: str


class OptionalLevel(BaseModel):
    """A model with an optional ``level`` (EDITION-2) that its JSON has only when set: the
    JSON of a tier's row has no ``level`` key at all."""

    @model_serializer(mode="wrap")
    def _without_unset_level(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict) and data.get("level", 0) is None:
            del data["level"]
        return data


class AgendaItem(OptionalLevel):
    """One duty of the month: whose, which rule, due when, and where it stands.

    ``tier`` is the key account's tier, ``level`` its level under a policy that classes by
    level (``liangshan``, EDITION-2); the JSON form has ``level`` only when it is set.
    ``responsible`` is the unit's code, the manager, or who the policy names (a calendar
    duty's ``who``); ``responsible_zh`` is the policy's Chinese for the last (its ``who_zh``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    customer: str | None
    customer_id: str | None
    tier: Tier | None
    duty: str
    rule: str
    what: str
    what_zh: str
    due: date
    status: Status
    unit: Unit | None
    responsible: str
    manager: str | None
    explanation: Explanation
    level: Level | None = None
    responsible_zh: str | None = None


class Agenda(Result):
    """Every duty due, overdue or done in the month of ``as_of`` (kr.agenda).

    ``policy_edition`` is the edition the agenda's policy is or extends: its words name the
    units in a table or a calendar (G-23).
    """

    model_config = ConfigDict(frozen=True)

    as_of: date
    month_start: date
    month_end: date
    items: tuple[AgendaItem, ...]
    problems: tuple[Problem, ...]
    explanation: Explanation
    policy_edition: str | None = None

    def filter(self, *, unit: Unit | str | None = None, manager: str | None = None) -> Agenda:
        """The items of one responsible unit and/or one account manager, the summary step
        counting them (the other steps stay: they speak of the whole run).

        A unit keeps the work-calendar duties (they concern every unit) and its own centre's
        round (G-19), not another centre's; a manager keeps neither. ``unit`` is a code or a
        label (``city_center``, 市局大客户中心).
        """
        items = self.items
        if unit is None and manager is None:
            return self
        if unit is not None:
            wanted = Unit(unit)
            items = tuple(
                i for i in items if i.unit is wanted or (i.customer is None and i.unit is None)
            )
        if manager is not None:
            items = tuple(i for i in items if i.manager == manager)
        counts: Counter[str] = Counter(i.status for i in items)
        month = Month.parse(self.as_of)
        steps = list(self.explanation.steps)
        steps[0] = summary_step(month, counts)  # the summary is always the first step
        return self.model_copy(
            update={"items": items, "explanation": Explanation(steps=tuple(steps))}
        )

    @property
    def managers(self) -> tuple[str, ...]:
        """The account managers named in the items, sorted."""
        return tuple(sorted({i.manager for i in self.items if i.manager}))

    def to_rows(self) -> list[dict[str, Any]]:
        """The items as flat dicts of JSON values (one per item)."""
        return [agenda_row(i) for i in self.items]

    @property
    def by_level(self) -> bool:
        """Whether the items are classed by level (a ``level`` column in place of ``tier``)."""
        return any(i.level is not None for i in self.items)

    def to_dataframe(self) -> Any:
        """The items as a pandas DataFrame (needs the ``pandas`` extra); ``due`` as dates."""
        pandas = load_pandas()
        frame = pandas.DataFrame(self.to_rows(), columns=row_columns(by_level=self.by_level))
        frame["due"] = pandas.to_datetime(frame["due"])
        return frame

    def to_csv(self) -> str:
        """The items as CSV text with a header row (``level`` in place of ``tier`` when the
        items are classed by level)."""
        return writers.write("agenda.csv", self)

    def to_ics(self, *, lang: Literal["en", "zh"] = "zh", manager: str | None = None) -> str:
        """The items as iCalendar text, one all-day event per duty on its due date.

        ``manager`` keeps one manager's items (one calendar per manager is the everyday use).
        Every text is escaped (CR, LF, ``;``, ``,``, ``\\``), so no value can add a line.
        """
        return writers.write("agenda.ics", self, lang=lang, manager=manager)


def item_who(item: AgendaItem, lang: Literal["en", "zh"], edition: str | None) -> str:
    """Whom an item concerns, as a table or a calendar shows it: the customer; else its unit
    in the words of ``edition`` (G-23: under ``liangshan`` 县市局大客户中心); else who the
    policy names."""
    if item.customer is not None:
        return item.customer
    if item.unit is not None:
        return item.unit.label(lang, edition)
    if lang == "zh" and item.responsible_zh is not None:
        return item.responsible_zh
    return item.responsible


def agenda_row(item: AgendaItem) -> dict[str, Any]:
    """One item as a flat dict of JSON values (a CSV row, a DataFrame row).

    A key account's item classed by level has ``level`` where a tier's has ``tier``.
    """
    i = item
    klass = {"tier": None if i.tier is None else i.tier.value}
    if i.level is not None:
        klass = {"level": i.level.value}
    return {
        "manager": i.manager,
        "customer": i.customer,
        "customer_id": i.customer_id,
        **klass,
        "unit": None if i.unit is None else i.unit.value,
        "duty": i.duty,
        "rule": i.rule,
        "due": i.due.isoformat(),
        "status": i.status,
        "what": i.what,
        "what_zh": i.what_zh,
        "responsible": i.responsible,
        "responsible_zh": i.responsible_zh,
        "explanation": str(i.explanation),
    }


_ROW_COLUMNS = [
    "manager",
    "customer",
    "customer_id",
    "tier",
    "unit",
    "duty",
    "rule",
    "due",
    "status",
    "what",
    "what_zh",
    "responsible",
    "responsible_zh",
    "explanation",
]
_LEVEL_COLUMNS = [("level" if c == "tier" else c) for c in _ROW_COLUMNS]


def row_columns(*, by_level: bool = False) -> list[str]:
    """The columns of :func:`agenda_row` rows: ``level`` in place of ``tier`` by level."""
    return list(_LEVEL_COLUMNS if by_level else _ROW_COLUMNS)


def item_order(item: AgendaItem) -> tuple[str, int, date, str, str, str]:
    """An agenda's order: by manager (the unit duties first), then overdue, due, done, each
    by due date, then by customer, rule and duty."""
    return (
        item.manager or "",
        _STATUS_ORDER[item.status],
        item.due,
        item.customer or "",
        item.rule,
        item.duty,
    )


def summary_step(month: Month, counts: Mapping[str, int]) -> Step:
    """The agenda's first step: how many items, due, overdue and done."""
    return messages.step(
        "CAL-2",
        "cycle.agenda_summary",
        month=month,
        items=sum(counts.values()),
        due=counts.get("due", 0),
        overdue=counts.get("overdue", 0),
        done=counts.get("done", 0),
    )


def agenda_summary(
    month: Month, counts: Mapping[str, int], has_revenue: bool, problems: int
) -> Explanation:
    """The agenda's own explanation: the counts, and what could not be listed."""
    steps = [summary_step(month, counts)]
    if not has_revenue:
        steps.append(messages.step("FLUX-1", "cycle.agenda_no_revenue"))
    if problems:
        steps.append(messages.step("CAL-2", "cycle.agenda_problems", count=problems))
    return Explanation(steps=tuple(steps))

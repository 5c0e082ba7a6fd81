"""The month's own arguments, checked once at the entry points (agenda, iter_agenda, report).

The run's facts (the day, the bureau's revenue, the policy) are a
:class:`~keyaccount_rules.Facts`. Each check here names the argument and, where a rule decides,
cites it: holidays and managers, the levels of a policy that classes by level (EDITION-2), the
activity rows (never a file: the month reads none), the revenue series.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Annotated, NamedTuple

from pydantic import PlainValidator

from keyaccount_rules.core.arguments import (
    Day,
    as_enum,
    checked,
    collection,
    distinct,
    instance_of,
    not_before,
    pair,
    validator,
)
from keyaccount_rules.core.errors import INPUT, InvalidValueError, RuleInputError
from keyaccount_rules.core.vocabulary import Level, Unit, parse_level
from keyaccount_rules.engine.customer import classes_by_level
from keyaccount_rules.month.level_history import LevelHistory
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.policy import Policy
from keyaccount_rules.records.activity import Event, RevenueRow

__all__ = [
    "Activity",
    "AgendaArguments",
    "GivenLevel",
    "GivenLevels",
    "Holidays",
    "Managers",
    "as_level",
    "checked_agenda",
    "checked_events",
    "checked_levels",
    "checked_series",
    "levels_on",
]


class AgendaArguments(NamedTuple):
    """The agenda's own arguments once checked (the run's facts are a :class:`Facts`)."""

    holidays: dict[date, str]
    managers: Mapping[str, str] | None
    unit: Unit | None


_DATES_TO_LABELS = "must map dates to labels"


def _holidays(value: object) -> dict[date, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidValueError(_DATES_TO_LABELS, got=type(value).__name__)
    listed = dict(value)
    for when, label in listed.items():
        if not isinstance(when, date) or isinstance(when, datetime) or not isinstance(label, str):
            raise InvalidValueError(_DATES_TO_LABELS, got=(when, label))
    return listed


Holidays = Annotated[dict[date, str], PlainValidator(_holidays)]
"""The month's holidays: a mapping date → label (None: none)."""
Managers = instance_of((Mapping, type(None)), "must map customers to managers")
"""Each customer's manager: a mapping customer (name or ID) → manager (None: as recorded)."""


def checked_agenda(
    holidays: Mapping[date, str] | None, managers: Mapping[str, str] | None, unit: Unit | str | None
) -> AgendaArguments:
    """The agenda's holidays, managers and unit, in that order."""
    listed: dict[date, str] = checked(Holidays, holidays, "holidays")
    known: Mapping[str, str] | None = checked(Managers, managers, "managers")
    wanted = None if unit is None else as_enum(Unit, unit, "unit")
    return AgendaArguments(listed, known, wanted)


class GivenLevels(NamedTuple):
    """The ``levels`` of a policy that classes by level, checked: each customer's dated levels.

    A level given plainly holds from the start (a history of one entry); a
    :class:`~keyaccount_rules.month.level_history.LevelHistory` decides only the days from its
    first selection to the end of its last (``since``, ``until``).
    """

    dated: dict[str, tuple[tuple[date, Level | None], ...]]
    since: date | None = None
    until: date | None = None

    @property
    def fixed(self) -> bool:
        """Whether every level is the same on every day (each given plainly)."""
        return all(
            len(entries) == 1 and entries[0][0] == date.min for entries in self.dated.values()
        )

    def decides(self, day: date) -> bool:
        """Whether ``day`` lies inside what the levels decide."""
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    def on(self, day: date) -> dict[str, Level | None]:
        """Every customer's level in force on ``day`` (before its first entry: ``None``)."""
        found: dict[str, Level | None] = {}
        for key, entries in self.dated.items():
            level: Level | None = None
            for since, given in entries:
                if since > day:
                    break
                level = given
            found[key] = level
        return found


def checked_levels(
    levels: LevelHistory | Mapping[str, object] | None, policy: Policy
) -> GivenLevels | None:
    """EDITION-2: the ``levels`` argument of the agenda and the report, checked once.

    A policy that classes by level needs each customer's level, and only such a policy takes
    one: never a silent default either way. ``levels`` is a :class:`LevelHistory` (G-20: the
    quarterly selection, :func:`level_history`), or a mapping of name or ``customer_id`` to a
    level (its code or 州级/县级; ``None``: not a key account), or to that customer's dated
    levels (a mapping date → level, or (date, level) pairs: the level in force from each
    date, as a tier history is). Every value is checked here, before any customer is read.
    """
    if not classes_by_level(policy):
        if levels is not None:
            raise RuleInputError(
                "levels",
                f"the {policy.name!r} policy grades key accounts by tier, not by level",
                got=type(levels).__name__,
                rule="EDITION-2",
                fix="pass levels only under a policy that classes by level (liangshan)",
            )
        return None
    if isinstance(levels, LevelHistory):
        return GivenLevels(
            {
                key: tuple((e.since, e.level) for e in entries)
                for key, entries in levels.levels.items()
            },
            levels.since,
            levels.until,
        )
    if not isinstance(levels, Mapping):
        raise RuleInputError(
            "levels",
            f"the {policy.name!r} policy classes key accounts by level: "
            "must map each customer's name or customer_id to its level",
            got=type(levels).__name__,
            rule="EDITION-2",
            fix="pass levels={name: 'prefecture' | 'county' | None} (州级/县级; None: not a "
            "key account), e.g. kr.classify_levels(...), kr.level_history(...) or a "
            "portfolio's level column",
        )
    return GivenLevels(
        {str(key): _dated(value, f"levels[{key!r}]") for key, value in levels.items()}
    )


def levels_on(given: GivenLevels | None, as_of: date) -> dict[str, Level | None] | None:
    """The agenda's levels: each customer's in force on ``as_of``, a day the levels decide."""
    if given is None:
        return None
    if given.since is not None:
        what = f"the first day the levels decide, {given.since} (G-20)"
        not_before(as_of, given.since, "as_of", what, rule="EDITION-2")
    if given.until is not None:
        what = f"as_of {as_of}: the levels' last selection ends then (G-20)"
        not_before(given.until, as_of, "levels", what, rule="EDITION-2")
    return given.on(as_of)


def _dated(value: object, field: str) -> tuple[tuple[date, Level | None], ...]:
    """One customer's levels (:data:`DatedLevels`) in date order, each date once (G-20)."""
    entries: tuple[tuple[date, Level | None], ...] = checked(
        DatedLevels, value, field, rule="LEVEL-1"
    )
    distinct([d for d, _ in entries], field, "the same date appears twice", rule="LEVEL-1")
    return tuple(sorted(entries, key=lambda entry: entry[0]))


def _level(value: object) -> Level | None:
    if value is None or isinstance(value, Level):
        return value
    if isinstance(value, str):
        return parse_level(value)  # its ValueError names the values it accepts
    raise ValueError("must be prefecture (州级), county (县级) or None")


GivenLevel = Annotated[Level | None, PlainValidator(_level)]
"""A customer's level as ``levels`` gives it: a :class:`Level`, its code or its Chinese name
(州级, 县级, as a portfolio's level column); ``None`` or ``""``: not a key account."""


_LEVEL_CHANGES = validator(
    collection(
        "must be a level (prefecture/county/None) or dated levels {date: level}",
        pair(Day, GivenLevel, "must be a (date, level) pair"),
        refuse=(bytes, date),
        show="type",
    )
)


def _dated_levels(value: object) -> tuple[tuple[date, Level | None], ...]:
    if value is None or isinstance(value, Level | str):  # one level, from the start
        return ((date.min, _level(value)),)
    entries: tuple[tuple[date, Level | None], ...] = _LEVEL_CHANGES(
        list(value.items()) if isinstance(value, Mapping) else value
    )
    if not entries:
        raise InvalidValueError("must name at least one level", got=INPUT)
    return entries


DatedLevels = Annotated[tuple[tuple[date, Level | None], ...], PlainValidator(_dated_levels)]
"""One customer's levels as ``levels`` gives them: a :data:`GivenLevel` (in force from the
start), or its dated levels (G-20), a mapping date → level or (date, level) pairs, each the
level in force from that date."""


def as_level(value: Level | str | None, field: str) -> Level | None:
    """A :data:`GivenLevel` (LEVEL-1); anything else names ``field``."""
    level: Level | None = checked(GivenLevel, value, field, rule="LEVEL-1")
    return level


_EVENTS = validator(collection("must be a collection of activity Events"))


def _activity(value: object) -> Iterable[Event]:
    if isinstance(value, str | bytes) or hasattr(value, "__fspath__") or hasattr(value, "read"):
        raise InvalidValueError(
            "must be activity Events, not a file name or its text",
            got=value if isinstance(value, str) else type(value).__name__,
            fix="read the file with kr.read_activity(path) and pass what it returns",
        )
    events: Iterable[Event] = _EVENTS(value)
    return events


Activity = Annotated[Iterable[Event], PlainValidator(_activity)]
"""The month's activity rows, streamed: never a path or a file's text (the month reads no
files)."""


def checked_events(activity: Iterable[Event]) -> Iterable[Event]:
    """The activity rows (:data:`Activity`)."""
    events: Iterable[Event] = checked(Activity, activity, "activity")
    return events


_REVENUE_ROWS = collection("must be a collection of RevenueRow rows")


def checked_series(revenue: RevenueSeries | Iterable[RevenueRow] | None) -> RevenueSeries | None:
    """The monthly revenue as a series (rows are gathered once), or None without it."""
    if revenue is None or isinstance(revenue, RevenueSeries):
        return revenue
    return RevenueSeries.from_rows(checked(_REVENUE_ROWS, revenue, "revenue"))

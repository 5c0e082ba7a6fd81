"""The month's own arguments, checked once at the entry points (agenda, iter_agenda, report).

The run's facts (the day, the bureau's revenue, the policy) are a
:class:`~keyaccount_rules.Facts`. Each check here names the argument and, where a rule decides,
cites it: holidays and managers, the levels of a policy that classes by level (EDITION-2), the
activity rows (never a file: the month reads none), the revenue series.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import NamedTuple

from keyaccount_rules.core.arguments import as_enum, as_iterable
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.vocabulary import Level, Unit, parse_level
from keyaccount_rules.engine.customer import classes_by_level
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.policy import Policy
from keyaccount_rules.records.activity import Event, RevenueRow

__all__ = [
    "AgendaArguments",
    "as_level",
    "checked_agenda",
    "checked_events",
    "checked_levels",
    "checked_series",
]


class AgendaArguments(NamedTuple):
    """The agenda's own arguments once checked (the run's facts are a :class:`Facts`)."""

    holidays: dict[date, str]
    managers: Mapping[str, str] | None
    unit: Unit | None


def _holidays(holidays: object) -> dict[date, str]:
    if holidays is not None and not isinstance(holidays, Mapping):
        raise RuleInputError("holidays", "must map dates to labels", got=type(holidays).__name__)
    listed = dict(holidays or {})
    for when, label in listed.items():
        if not isinstance(when, date) or isinstance(when, datetime) or not isinstance(label, str):
            raise RuleInputError("holidays", "must map dates to labels", got=(when, label))
    return listed


def checked_agenda(holidays: object, managers: object, unit: object) -> AgendaArguments:
    """The agenda's holidays, managers and unit, in that order."""
    listed = _holidays(holidays)
    if managers is not None and not isinstance(managers, Mapping):
        raise RuleInputError(
            "managers", "must map customers to managers", got=type(managers).__name__
        )
    wanted = None if unit is None else as_enum(Unit, unit, "unit")
    return AgendaArguments(listed, managers, wanted)


def checked_levels(levels: object, policy: Policy) -> dict[str, Level | None] | None:
    """EDITION-2: the ``levels`` argument of the agenda and the report, checked once.

    A policy that classes by level needs each customer's level (a mapping of name or
    ``customer_id`` to a level, its code or 州级/县级; ``None``: not a key account), and only
    such a policy takes one: never a silent default either way. Every value is checked here,
    before any customer is read.
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
    if not isinstance(levels, Mapping):
        raise RuleInputError(
            "levels",
            f"the {policy.name!r} policy classes key accounts by level: "
            "must map each customer's name or customer_id to its level",
            got=type(levels).__name__,
            rule="EDITION-2",
            fix="pass levels={name: 'prefecture' | 'county' | None} (州级/县级; None: not a "
            "key account), e.g. kr.classify_levels(...) or a portfolio's level column",
        )
    return {str(key): as_level(value, f"levels[{key!r}]") for key, value in levels.items()}


def as_level(value: object, field: str) -> Level | None:
    """A customer's level as ``levels`` gives it: a :class:`Level`, its code or its Chinese
    name (州级, 县级, as a portfolio's level column); ``None`` or ``""``: not a key account."""
    if value is None or isinstance(value, Level):
        return value
    if isinstance(value, str):
        try:
            return parse_level(value)
        except ValueError as err:
            raise RuleInputError(field, str(err), got=value, rule="LEVEL-1") from None
    raise RuleInputError(
        field, "must be prefecture (州级), county (县级) or None", got=value, rule="LEVEL-1"
    )


def checked_events(activity: object) -> Iterable[Event]:
    """The activity rows; a path or a file's text is refused, naming the reader to use
    (the month reads no files)."""
    if (
        isinstance(activity, str | bytes)
        or hasattr(activity, "__fspath__")
        or hasattr(activity, "read")
    ):
        raise RuleInputError(
            "activity",
            "must be activity Events, not a file name or its text",
            got=activity if isinstance(activity, str) else type(activity).__name__,
            fix="read the file with kr.read_activity(path) and pass what it returns",
        )
    events: Iterable[Event] = as_iterable(activity, "activity", what="activity Events")
    return events


def checked_series(revenue: RevenueSeries | Iterable[RevenueRow] | None) -> RevenueSeries | None:
    """The monthly revenue as a series (rows are gathered once), or None without it."""
    if revenue is None or isinstance(revenue, RevenueSeries):
        return revenue
    return RevenueSeries.from_rows(as_iterable(revenue, "revenue", what="RevenueRow rows"))

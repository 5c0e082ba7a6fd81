"""Levels dated by quarter (大客户范围每季更新, G-20): who is 州级 and who 县级, from when.

Under 001 the key accounts are selected again each quarter (APPR-1 「按业务种类,核定划分标准
甄选大客户范围…每季更新」): at the start of every period of the policy's
``levels.selection.every`` PARETO-1 runs on the volumes of the ``looks_back`` periods before it
(four quarters: twelve months), and the counties' designations (各局自定重要客户) are dated and
may change on any day. A customer's level is therefore dated, as a tier is (G-9): a
:class:`LevelHistory` gives each customer the level in force from each date, and the report
and the agenda take it as their ``levels``. A period whose months before it the data does not
reach is not selected; the history starts with the first period it can select.

>>> from decimal import Decimal
>>> from keyaccount_rules.core.periods import Month
>>> from keyaccount_rules.records.activity import RevenueRow
>>> from keyaccount_rules.core.vocabulary import BusinessLine as L
>>> months = [Month(2024, 1).shift(n) for n in range(24)]
>>> rows = [RevenueRow(1, "A", m, L.EXPRESS, Decimal(100)) for m in months]
>>> rows += [RevenueRow(1, "B", m, L.EXPRESS, Decimal(10 if m.year == 2024 else 1000))
...          for m in months]
>>> history = level_history(rows, designated=["A", "B"], policy="liangshan")
>>> [(str(s.since), s.level.value) for s in history.levels["A"]]
[('2025-01-01', 'prefecture'), ('2025-07-01', 'county')]
>>> [(str(s.since), s.level.value) for s in history.levels["B"]]
[('2025-01-01', 'county'), ('2025-04-01', 'prefecture')]
>>> [str(p.start) for p in history.periods]
['2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainValidator

import keyaccount_rules.core.catalogue as messages
from keyaccount_rules.core.arguments import (
    EARLIEST,
    CustomerKey,
    as_date,
    checked,
    collection,
    not_before,
    present,
)
from keyaccount_rules.core.errors import InvalidValueError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.frozen import FrozenDict, FrozenMap
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, Level
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.policy import LevelSelection, Policy, require
from keyaccount_rules.policy.history import PolicyHistory
from keyaccount_rules.policy.model import resolve_policy
from keyaccount_rules.records.activity import RevenueRow
from keyaccount_rules.rules.pareto import pareto_selection
from keyaccount_rules.rules.periods import iter_periods, next_day, period_of

__all__ = ["LevelHistory", "LevelSince", "SelectionPeriod", "level_history"]


class LevelSince(BaseModel):
    """A customer's level from ``since`` until its next entry (``None``: not a key account)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    since: date
    level: Level | None


class SelectionPeriod(BaseModel):
    """One selection (G-20): the period it holds for, the months PARETO-1 read, its result."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    end: date
    volumes_from: str  # YYYY-MM
    volumes_to: str
    prefecture: tuple[str, ...]  # the PARETO-1 selection with always_include, sorted


class LevelHistory(Result):
    """Each customer's dated levels (G-20), as the report's and the agenda's ``levels``."""

    periods: tuple[SelectionPeriod, ...]
    levels: FrozenMap[str, tuple[LevelSince, ...]]
    missing: tuple[tuple[str, str], ...]  # (customer, YYYY-MM) missing inside a series
    explanation: Explanation

    @property
    def since(self) -> date:
        """The first day the history decides (the start of its first selection)."""
        return self.periods[0].start

    @property
    def until(self) -> date:
        """The last day the history decides (the end of its last selection)."""
        return self.periods[-1].end

    def level_on(self, key: str, day: date) -> Level | None:
        """The level of ``key`` in force on ``day`` (``None``: none, or outside :attr:`since`
        to :attr:`until`)."""
        found: Level | None = None
        if not self.since <= day <= self.until:
            return None
        for entry in self.levels.get(key, ()):
            if entry.since > day:
                break
            found = entry.level
        return found


#: A county's designations (各局自定重要客户): customer keys.
Designated = collection("must be a collection of customer keys", CustomerKey)


def _has_rows(value: object) -> RevenueSeries:
    if not isinstance(value, RevenueSeries) or value.months is None:
        raise InvalidValueError(
            "must have at least one revenue row: PARETO-1 reads the volumes of the quarters "
            "before each quarter (G-20)",
            got="a series with no rows",
        )
    return value


#: The revenue a selection reads: a series with at least one row.
Volumes = Annotated[RevenueSeries, PlainValidator(_has_rows)]


def _designations(
    designated: Iterable[str] | Mapping[date, Iterable[str]],
) -> list[tuple[date | None, frozenset[str]]]:
    """The designations in force from each date (``None``: from the start), in date order."""
    if not isinstance(designated, Mapping):
        keys = checked(Designated, designated, "designated", rule="PARETO-1")
        return [(None, frozenset(keys))]
    dated = []
    for when, keys in designated.items():
        day = as_date(when, "designated", rule="PARETO-1")
        listed = checked(Designated, keys, f"designated[{day}]", rule="PARETO-1")
        dated.append((day, frozenset(listed)))
    return sorted(dated, key=lambda entry: entry[0] or date.min)


def _designated_on(dated: list[tuple[date | None, frozenset[str]]], day: date) -> frozenset[str]:
    found: frozenset[str] = frozenset()
    for since, keys in dated:
        if since is None or since <= day:
            found = keys
    return found


def _window(
    series: RevenueSeries, first: Month, last: Month
) -> dict[str, dict[BusinessLine, Decimal]]:
    """Each customer's volume by line over the months ``first`` to ``last``."""
    volumes: dict[str, dict[BusinessLine, Decimal]] = {}
    for key in series:
        lines = volumes.setdefault(key, {})
        month = first
        while month <= last:
            for line, amount in (series.lines(key, month) or {}).items():
                lines[line] = lines.get(line, Decimal("0.00")) + amount
            month = month.shift(1)
    return volumes


def _check_known(series: RevenueSeries, dated: list[tuple[date | None, frozenset[str]]]) -> None:
    """Each designated customer is one of the revenue's (PARETO-1, as :func:`classify_levels`)."""
    customers = dict.fromkeys(series, True)
    for since, keys in dated:
        field = "designated" if since is None else f"designated[{since}]"
        present(sorted(keys), customers, field, "is not a customer of the revenue", rule="PARETO-1")


def _selections(
    series: RevenueSeries,
    selection: LevelSelection,
    policy: Policy,
    until: date | None,
    always: tuple[str, ...],
    in_force: Callable[[date | None], Policy],
) -> tuple[list[SelectionPeriod], set[tuple[str, Month]]]:
    """Every period the data lets PARETO-1 select (G-20), with the months missing in them."""
    reach = series.months
    if reach is None:  # never: the revenue is checked to have rows (Volumes)
        return [], set()
    periods = policy.schedules.periods
    length = periods.months[selection.every] * selection.looks_back
    first, end = period_of(reach[0].shift(length).first_day, selection.every, periods)
    if Month.of(first).shift(-length) < reach[0]:  # its window starts before the data
        first = next_day(end)
    last_day = until or reach[1].shift(1).first_day
    not_before(
        last_day,
        first,
        "until" if until else "revenue",
        f"{first}, the first {selection.every.value} with {selection.looks_back} "
        f"{selection.every.value}(s) of revenue before it (G-20; the data starts {reach[0]})",
        rule="PARETO-1",
    )
    found: list[SelectionPeriod] = []
    missing: set[tuple[str, Month]] = set()
    for start, end in iter_periods(selection.every, first, last_day, periods):
        begin = Month.of(start)
        window = (begin.shift(-length), begin.shift(-1))
        chosen = pareto_selection(
            _window(series, *window), always_include=always, policy=in_force(start)
        )
        for key in series:
            missing.update((key, m) for m in series.missing(key, *window))
        found.append(
            SelectionPeriod(
                start=start,
                end=end,
                volumes_from=str(window[0]),
                volumes_to=str(window[1]),
                prefecture=tuple(sorted(chosen.accounts)),
            )
        )
    return found, missing


def _dated(
    keys: Iterable[str],
    periods: list[SelectionPeriod],
    dated: list[tuple[date | None, frozenset[str]]],
) -> dict[str, tuple[LevelSince, ...]]:
    """Each customer's level at every change (a selection's start, a designation's date)."""
    start = periods[0].start
    changes = sorted(
        {p.start for p in periods} | {d for d, _ in dated if d is not None and d > start}
    )
    result: dict[str, tuple[LevelSince, ...]] = {}
    for key in keys:
        entries: list[LevelSince] = []
        for day in changes:
            period = next(p for p in reversed(periods) if p.start <= day)
            if day > period.end:  # after the last selection: nothing decided
                break
            if key in period.prefecture:
                level: Level | None = Level.PREFECTURE  # 「州局甄选确定」 outranks a designation
            elif key in _designated_on(dated, day):
                level = Level.COUNTY
            else:
                level = None
            if not entries or entries[-1].level is not level:
                entries.append(LevelSince(since=day, level=level))
        result[key] = tuple(entries)
    return result


def _explain(
    periods: list[SelectionPeriod], history: dict[str, tuple[LevelSince, ...]], missing: int
) -> tuple[Step, ...]:
    steps = [
        messages.step(
            "PARETO-1",
            "level_history.selected",
            start=str(p.start),
            end=str(p.end),
            first=p.volumes_from,
            last=p.volumes_to,
            count=len(p.prefecture),
        )
        for p in periods
    ]
    moves = sum(
        1
        for entries in history.values()
        for before, after in pairwise(entries)
        if before.level is not None and after.level is not None
    )
    steps.append(messages.step("EDITION-2", "level_history.moves", count=moves))
    if missing:
        steps.append(messages.step("PARETO-1", "level_history.missing", count=missing))
    return tuple(steps)


def _after(series: RevenueSeries) -> date:
    """The first day after the data's last month (the default last day to select for)."""
    reach = series.months
    return EARLIEST if reach is None else reach[1].shift(1).first_day


def _policies(
    policy: Policy | PolicyHistory | str | None, last: date
) -> Callable[[date | None], Policy]:
    """The policy of each quarter's selection (by its first day; ``None``: the policy whose
    cadence rules, the one in force on ``last``, the last day selected)."""
    if not isinstance(policy, PolicyHistory):
        one = resolve_policy(policy)
        return lambda _day: one
    history = policy
    return lambda day: history.in_force(last if day is None else day)


def level_history(
    revenue: RevenueSeries | Iterable[RevenueRow],
    *,
    designated: Iterable[str] | Mapping[date, Iterable[str]] = (),
    always_include: Iterable[str] = (),
    until: date | None = None,
    policy: Policy | PolicyHistory | str | None = None,
) -> LevelHistory:
    """Date every customer's level by the quarterly selection (大客户范围每季更新, G-20).

    Args:
        revenue: monthly revenue rows (:func:`read_revenue`) or a :class:`RevenueSeries`; the
            volumes PARETO-1 reads, by the same customer keys as ``designated``.
        designated: the counties' designations (各局自定重要客户): customer keys designated
            throughout, or a mapping date → the keys designated from that date on.
        always_include: industry partners and administrative units (行业性合作伙伴、行政职能单位),
            prefecture level in every period whatever their volume.
        until: the last day to select for (default: the first day after the data's last
            month, so the quarter that starts there is selected too).
        policy: a policy with ``levels.selection`` and ``pareto`` (``liangshan``), or a
            :class:`PolicyHistory`: each quarter is selected under the policy in force on its
            first day (the cadence is that of the policy in force on the last day selected).

    Returns:
        A :class:`LevelHistory`: the periods selected (each on the ``looks_back`` periods
        before its start), and for every customer of the revenue (and of ``always_include``)
        its level from each date — PREFECTURE when selected or always included (also when
        designated), COUNTY when designated, ``None`` otherwise.

    Raises:
        MissingSectionError: the policy has no ``levels.selection`` (or ``pareto``) section.
        RuleInputError: bad revenue, a designation of a customer the revenue lacks, or data
            too short to select any period (it must reach the ``looks_back`` periods before
            one period's start, on or before ``until``).
    """
    series: RevenueSeries = checked(
        Volumes,
        revenue if isinstance(revenue, RevenueSeries) else RevenueSeries.from_rows(revenue),
        "revenue",
        rule="PARETO-1",
    )
    day = None if until is None else as_date(until, "until", rule="PARETO-1")
    in_force = _policies(policy, day or _after(series))
    resolved = in_force(None)
    section = require(resolved, "levels", resolved.levels)
    selection = require(resolved, "levels.selection", section.selection)
    dated = _designations(designated)
    _check_known(series, dated)
    always: tuple[str, ...] = tuple(
        dict.fromkeys(checked(Designated, always_include, "always_include", rule="PARETO-1"))
    )
    periods, missing = _selections(series, selection, resolved, day, always, in_force)
    keys = list(dict.fromkeys([*series, *always]))
    history = _dated(keys, periods, dated)
    return LevelHistory(
        periods=tuple(periods),
        levels=FrozenDict(history),
        missing=tuple(sorted((key, str(m)) for key, m in missing)),
        explanation=Explanation(steps=_explain(periods, history, len(missing))),
        policy_fingerprint=resolved.fingerprint,
    )

"""客户档案更新: is a key account's archive refreshed as often as its tier requires (ARCH-1..3)?

Periods are calendar-aligned (ARCH-2): a DIAMOND archive must be refreshed in every half-month
(day 1–15, day 16–month end), a GOLD one every month, SILVER every quarter, GENERAL every half
year. Refresh dates only ever add to the history (ARCH-3); the same date given twice counts once.

>>> from datetime import date
>>> s = archive_status("gold", [date(2025, 1, 10), date(2025, 3, 2)], date(2025, 4, 20))
>>> s.period_start, s.due, s.refreshed
(datetime.date(2025, 4, 1), datetime.date(2025, 4, 30), False)
>>> s.missed
((datetime.date(2025, 2, 1), datetime.date(2025, 2, 28)),)
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from keyaccount_rules.core.arguments import (
    Dates,
    Day,
    as_date,
    as_enum,
    checked,
    collection,
    distinct,
    member,
    not_after,
    not_before,
    pair,
)
from keyaccount_rules.core.catalogue import step
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.vocabulary import Cadence, Scope, Tier, Unit
from keyaccount_rules.policy import PeriodPolicy, Policy, require, resolve_policy
from keyaccount_rules.rules.periods import (
    Period,
    iter_periods,
    next_day,
    period_of,
    previous_day,
)

__all__ = [
    "ArchiveDecision",
    "ArchiveStatus",
    "TierChange",
    "archive_keeper",
    "archive_status",
    "archive_status_with_history",
    "decide_archive",
    "explain_archive",
]


# --- decision: plain values, no text ----------------------------------------------------------


class TierChange(NamedTuple):
    """A tier change and the first day its cadence applies (ARCH-1)."""

    when: date
    tier: Tier
    cadence: Cadence
    effective: date


class ArchiveDecision(NamedTuple):
    """The tracked periods on ``as_of`` and which of them had a refresh (ARCH-1..3)."""

    tier: Tier
    cadence: Cadence
    as_of: date
    periods: tuple[Period, ...]
    tracked: bool
    changes: tuple[TierChange, ...]
    current_refreshes: tuple[date, ...]
    missed: tuple[Period, ...]
    refreshed_periods: tuple[Period, ...]
    before_tracking: int
    last_refresh: date | None


_Segment = tuple[date, Tier, Cadence]


def _periods(
    segments: Sequence[_Segment], as_of: date, periods_policy: PeriodPolicy
) -> list[Period]:
    return list(_tiled(tuple(segments), as_of, periods_policy))


@lru_cache(maxsize=1024)  # the same segments tile the same periods for every customer
def _tiled(
    segments: tuple[_Segment, ...], as_of: date, periods_policy: PeriodPolicy
) -> tuple[Period, ...]:
    periods: list[Period] = []
    for index, (effective, _tier, cadence) in enumerate(segments):
        if effective > as_of:
            break
        following = segments[index + 1][0] if index + 1 < len(segments) else None
        for start, end in iter_periods(cadence, effective, as_of, periods_policy):
            if following is not None and start >= following:
                break
            clipped = end if following is None or end < following else previous_day(following)
            periods.append((start, clipped))
    return tuple(periods)


def decide_archive(
    segments: Sequence[_Segment],
    changes: tuple[TierChange, ...],
    refreshes: Sequence[date],
    as_of: date,
    tracked: bool,
    periods_policy: PeriodPolicy,
) -> ArchiveDecision:
    """Tile the tracked span into periods and find the refreshes in each (ARCH-2).

    ``segments`` are (first day, tier, cadence) in order; ``refreshes`` sorted and distinct.
    """
    periods = _periods(segments, as_of, periods_policy)
    tier, cadence = next(
        (tier, cadence) for effective, tier, cadence in reversed(segments) if effective <= as_of
    )

    def refreshes_in(period: Period) -> Sequence[date]:
        low = bisect.bisect_left(refreshes, period[0])
        high = bisect.bisect_right(refreshes, period[1])
        return refreshes[low:high]

    current = periods[-1]
    return ArchiveDecision(
        tier=tier,
        cadence=cadence,
        as_of=as_of,
        periods=tuple(periods),
        tracked=tracked,
        changes=changes,
        current_refreshes=tuple(refreshes_in(current)) if tracked else (),
        missed=tuple(p for p in periods[:-1] if not refreshes_in(p)),
        refreshed_periods=tuple(p for p in periods if refreshes_in(p)) if tracked else (),
        before_tracking=bisect.bisect_left(refreshes, periods[0][0]) if tracked else 0,
        last_refresh=refreshes[-1] if refreshes else None,
    )


# --- explanation, built from the decision -----------------------------------------------------


def _fmt(period: Period) -> str:
    return f"{period[0]}–{period[1]}"


# The steps many customers share (a tier's cadence, a period not refreshed yet, a clean
# record since the month's start) are rendered once per distinct value.


@lru_cache(maxsize=64)
def _cadence_step(tier: Tier, cadence: Cadence) -> Step:
    return step("ARCH-1", "archives.cadence", tier=tier, every=cadence)


@lru_cache(maxsize=1024)
def _due_step(as_of: date, current: Period) -> Step:
    return step("ARCH-2", "archives.current_due", as_of=as_of, period=_fmt(current), due=current[1])


@lru_cache(maxsize=1024)
def _all_refreshed_step(start: date, earlier: int) -> Step:
    return step("ARCH-2", "archives.all_refreshed", start=start, earlier=earlier)


@lru_cache(maxsize=256)
def _before_tracking_step(count: int) -> Step:
    return step("ARCH-3", "archives.before_tracking", count=count)


def explain_archive(d: ArchiveDecision) -> tuple[Step, ...]:
    """The cadence (and any tier change), the current period, and the earlier ones."""
    steps = [_cadence_step(d.tier, d.cadence)]
    steps.extend(
        step(
            "ARCH-1",
            "archives.change",
            tier=c.tier,
            when=c.when,
            every=c.cadence,
            effective=c.effective,
            ends=previous_day(c.effective),
        )
        for c in d.changes
    )
    current = d.periods[-1]
    if d.current_refreshes:
        listed = ", ".join(day.isoformat() for day in d.current_refreshes)
        steps.append(
            step(
                "ARCH-2",
                "archives.current_refreshed",
                as_of=d.as_of,
                period=_fmt(current),
                listed=listed,
            )
        )
    else:
        steps.append(_due_step(d.as_of, current))
    if not d.tracked:
        steps.append(step("ARCH-2", "archives.untracked"))
        return tuple(steps)
    start, earlier = d.periods[0][0], len(d.periods) - 1
    if d.missed:
        steps.append(
            step(
                "ARCH-2",
                "archives.missed",
                start=start,
                missed=len(d.missed),
                earlier=earlier,
                listed=", ".join(_fmt(p) for p in d.missed),
            )
        )
    else:
        steps.append(_all_refreshed_step(start, earlier))
    if d.before_tracking:
        steps.append(_before_tracking_step(d.before_tracking))
    return tuple(steps)


# --- result and public functions --------------------------------------------------------------


class ArchiveStatus(Result):
    """Where a customer's archive refresh stands on ``as_of`` (ARCH-1..3).

    ``missed`` and ``refreshed_periods`` (plus the current period when it is not yet refreshed)
    tile the tracked span, from ``tracked_from`` to ``due``, without gap or overlap.
    """

    tier: Tier
    cadence: Cadence
    as_of: date
    period_start: date
    due: date
    refreshed: bool
    missed: tuple[tuple[date, date], ...]
    refreshed_periods: tuple[tuple[date, date], ...]
    tracked_from: date | None
    last_refresh: date | None
    explanation: Explanation
    keeper: Unit | None = None


def archive_keeper(tier: Tier, scope: Scope, policy: Policy) -> tuple[Unit, Step] | None:
    """ARCH-1 with 002 (五): the unit that keeps a tier × scope's archive, and the step saying
    so; ``None`` where the policy names no keepers."""
    section = require(policy, "schedules.archives", policy.schedules.archives)
    if not section.keepers:
        return None
    unit = section.keepers[tier][scope]
    return unit, step("ARCH-1", "archives.keeper", tier=tier, scope=scope, unit=unit)


def _status(d: ArchiveDecision, policy: Policy, scope: Scope | None = None) -> ArchiveStatus:
    current = d.periods[-1]
    kept = None if scope is None else archive_keeper(d.tier, scope, policy)
    steps = explain_archive(d) if kept is None else (*explain_archive(d), kept[1])
    return ArchiveStatus(
        tier=d.tier,
        cadence=d.cadence,
        as_of=d.as_of,
        period_start=current[0],
        due=current[1],
        refreshed=bool(d.current_refreshes),
        missed=d.missed,
        refreshed_periods=d.refreshed_periods,
        tracked_from=d.periods[0][0] if d.tracked else None,
        last_refresh=d.last_refresh,
        explanation=Explanation(steps=steps),
        keeper=None if kept is None else kept[0],
        policy_fingerprint=policy.fingerprint,
    )


def _refresh_dates(values: Iterable[date], as_of: date) -> list[date]:
    """Sorted distinct refresh dates; each one a date on or before ``as_of``."""
    days: tuple[date, ...] = checked(Dates, values, "refresh_dates", rule="ARCH-2")
    fix = "a status cannot count refreshes that have not happened yet"
    not_after(as_of, days, "refresh_dates", rule="ARCH-2", fix=fix)
    return sorted(set(days))


def _tracking_start(refreshes: list[date], as_of: date, tracking_since: date | None) -> date | None:
    if tracking_since is None:
        return refreshes[0] if refreshes else None
    since = as_date(tracking_since, "tracking_since", rule="ARCH-2")
    not_before(as_of, since, "as_of", f"tracking_since {since}", rule="ARCH-2")
    return since


def archive_status(
    tier: Tier | str,
    refresh_dates: Iterable[date],
    as_of: date,
    *,
    tracking_since: date | None = None,
    policy: Policy | None = None,
    scope: Scope | str | None = None,
) -> ArchiveStatus:
    """Report the archive refresh status (客户档案更新) of a customer on ``as_of`` (ARCH-1..3).

    Tracking begins with the period containing ``tracking_since``, or else the first refresh;
    every earlier period since then without a refresh is in ``missed``. Duplicate refresh
    dates count once. With the customer's ``scope``, ``keeper`` is the unit that keeps the
    archive (002 (五), where the policy names keepers) and the last step says so.

    Raises:
        RuleInputError: an unknown tier, a refresh date after ``as_of``, or ``as_of`` before
            ``tracking_since``.

    >>> from datetime import date
    >>> s = archive_status("diamond", [date(2024, 2, 3)], date(2024, 2, 29))
    >>> print(s.explanation)
    ARCH-1: diamond customer: archive refreshed every half month
    ARCH-2: as of 2024-02-29: period 2024-02-16–2024-02-29 not refreshed yet, due 2024-02-29
    ARCH-2: tracked from 2024-02-01: every earlier period (1) had a refresh
    """
    policy = resolve_policy(policy)
    tier = as_enum(Tier, tier, "tier", rule="ARCH-1")
    as_of = as_date(as_of, "as_of", rule="ARCH-2")
    refreshes = _refresh_dates(refresh_dates, as_of)
    start = _tracking_start(refreshes, as_of, tracking_since)
    periods_policy = policy.schedules.periods
    cadence = require(policy, "schedules.archives", policy.schedules.archives).cadence[tier]
    first = period_of(as_of if start is None else start, cadence, periods_policy)[0]
    decision = decide_archive(
        [(first, tier, cadence)], (), refreshes, as_of, start is not None, periods_policy
    )
    kind = None if scope is None else as_enum(Scope, scope, "scope", rule="ARCH-1")
    return _status(decision, policy, kind)


#: ARCH-1's tier history: (date the tier took effect, tier) pairs.
TierChanges = collection(
    "must be a collection of (date, tier) pairs",
    pair(Day, member(Tier), "must be a (date, tier) pair"),
)


def _history(
    tier_history: Mapping[date, Tier | str] | Iterable[tuple[date, Tier | str]],
    as_of: date,
) -> list[tuple[date, Tier]]:
    given = tier_history.items() if isinstance(tier_history, Mapping) else tier_history
    changes: tuple[tuple[date, Tier], ...] = checked(
        TierChanges, given, "tier_history", rule="ARCH-1"
    )
    days = [day for day, _tier in changes]
    fix = "a status cannot know a tier change that has not happened yet"
    not_after(as_of, days, "tier_history", rule="ARCH-1", fix=fix)
    distinct(
        days, "tier_history", "the same date appears twice", show=date.isoformat, rule="ARCH-1"
    )
    if not changes:
        raise RuleInputError("tier_history", "must name at least one tier", rule="ARCH-1")
    return sorted(changes)


def _effective_from(change: date, cadence: Cadence, periods: PeriodPolicy) -> date:
    """First day of the new cadence's first period starting on or after ``change``."""
    start, end = period_of(change, cadence, periods)
    return start if start == change else next_day(end)


def plan_segments(
    history: Sequence[tuple[date, Tier]],
    anchor: date,
    cadences: Mapping[Tier, Cadence],
    periods_policy: PeriodPolicy,
) -> tuple[list[_Segment], tuple[TierChange, ...]]:
    """The cadence segments from the tracking start, and the tier changes that made them.

    The old cadence runs on until the new cadence's first period that starts on or after the
    change date. A later change that takes effect no later than a pending one supersedes it;
    the first segment (which starts on or before the tracking start) is never superseded.
    """
    initial = max((entry for entry in history if entry[0] <= anchor), key=lambda e: e[0])
    first_cadence = cadences[initial[1]]
    segments: list[_Segment] = [
        (period_of(anchor, first_cadence, periods_policy)[0], initial[1], first_cadence)
    ]
    changes: list[TierChange] = []
    for when, tier in history:
        if when <= anchor or tier is segments[-1][1]:
            continue
        cadence = cadences[tier]
        effective = _effective_from(when, cadence, periods_policy)
        # never pops the first segment: it starts by the anchor, effective ≥ when > anchor
        while segments[-1][0] >= effective:
            segments.pop()
            changes.pop()
        segments.append((effective, tier, cadence))
        changes.append(TierChange(when, tier, cadence, effective))
    return segments, tuple(changes)


def archive_status_with_history(
    tier_history: Mapping[date, Tier | str] | Iterable[tuple[date, Tier | str]],
    refresh_dates: Iterable[date],
    as_of: date,
    *,
    tracking_since: date | None = None,
    policy: Policy | None = None,
) -> ArchiveStatus:
    """Report the archive status (客户档案更新) across tier changes (ARCH-1..3).

    ``tier_history`` maps the date a tier took effect to the tier. The old cadence runs on
    until the new cadence's first period that starts on or after the change date; the old
    period then in progress is cut short the day before (so periods still tile the span).

    Raises:
        RuleInputError: as :func:`archive_status`, a history entry that is not a (date, tier)
            pair, or a tracking start before the first tier is known.

    >>> from datetime import date
    >>> s = archive_status_with_history(
    ...     {date(2025, 1, 1): "silver", date(2025, 5, 10): "gold"},
    ...     [date(2025, 2, 1), date(2025, 6, 20)],
    ...     date(2025, 7, 5),
    ... )
    >>> s.tier.value, str(s.period_start), str(s.due)
    ('gold', '2025-07-01', '2025-07-31')
    >>> [(str(first), str(last)) for first, last in s.missed]
    [('2025-04-01', '2025-05-31')]
    """
    policy = resolve_policy(policy)
    periods_policy = policy.schedules.periods
    as_of = as_date(as_of, "as_of", rule="ARCH-2")
    history = _history(tier_history, as_of)
    refreshes = _refresh_dates(refresh_dates, as_of)
    start = _tracking_start(refreshes, as_of, tracking_since)
    anchor = as_of if start is None else start
    if history[0][0] > anchor:
        raise RuleInputError(
            "tier_history",
            f"first entry {history[0][0]} is after the tracking start {anchor}",
            rule="ARCH-1",
            fix=f"add the tier in force on {anchor}",
        )
    segments, changes = plan_segments(
        history,
        anchor,
        require(policy, "schedules.archives", policy.schedules.archives).cadence,
        periods_policy,
    )
    decision = decide_archive(
        segments, changes, refreshes, as_of, start is not None, periods_policy
    )
    return _status(decision, policy)

"""Invariants of archive refresh periods (ARCH-2)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from keyaccount_rules import Tier, archive_status

tiers = st.sampled_from(list(Tier))
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def scenarios(draw):
    tier = draw(tiers)
    as_of = draw(days)
    since = draw(st.dates(min_value=as_of - timedelta(days=800), max_value=as_of))
    refreshes = draw(st.lists(st.dates(min_value=since - timedelta(days=60), max_value=as_of)))
    return tier, refreshes, as_of, since


@given(scenarios())
def test_missed_and_refreshed_periods_tile_the_tracked_span(scenario):
    tier, refreshes, as_of, since = scenario
    status = archive_status(tier, refreshes, as_of, tracking_since=since)
    periods = sorted({*status.missed, *status.refreshed_periods, (status.period_start, status.due)})
    assert len(periods) == len(status.missed) + len(status.refreshed_periods) + (
        0 if status.refreshed else 1
    )
    assert periods[0][0] == status.tracked_from <= since
    assert periods[-1] == (status.period_start, status.due)
    assert status.period_start <= as_of <= status.due
    for (_, end), (start, _) in itertools.pairwise(periods):
        assert start == end + timedelta(days=1)
    assert all(start <= end for start, end in periods)


@given(scenarios(), days)
def test_adding_a_refresh_never_adds_a_missed_period(scenario, extra):
    tier, refreshes, as_of, since = scenario
    extra = min(extra, as_of)
    before = archive_status(tier, refreshes, as_of, tracking_since=since)
    after = archive_status(tier, [*refreshes, extra], as_of, tracking_since=since)
    assert set(after.missed) <= set(before.missed)
    assert len(before.missed) - len(after.missed) <= 1
    assert after.refreshed >= before.refreshed


@given(scenarios())
def test_a_period_is_missed_exactly_when_no_refresh_falls_inside_it(scenario):
    tier, refreshes, as_of, since = scenario
    status = archive_status(tier, refreshes, as_of, tracking_since=since)
    for start, end in status.missed:
        assert not any(start <= day <= end for day in refreshes)
    for start, end in status.refreshed_periods:
        assert any(start <= day <= end for day in refreshes)

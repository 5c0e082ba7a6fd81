"""Invariants of the Pareto cut (PARETO-1)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import keyaccount_rules as kr
from keyaccount_rules import BusinessLine

volume = st.integers(0, 10**8).map(lambda cents: Decimal(cents) / 100)
portfolios = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(list(BusinessLine)), volume | st.sampled_from([Decimal(5)])),
    max_size=12,
)


@given(portfolios)
def test_the_core_set_covers_at_least_80_percent_of_every_line(
    volumes: dict[str, dict[BusinessLine, Decimal]],
) -> None:
    core = kr.core_accounts(volumes)
    for line in BusinessLine:
        total = sum((lines.get(line, Decimal(0)) for lines in volumes.values()), Decimal(0))
        covered = sum((volumes[key].get(line, Decimal(0)) for key in core), Decimal(0))
        assert covered * 5 >= total * 4


@given(portfolios)
def test_dropping_the_smallest_non_tied_member_of_a_cut_falls_under_80_percent(
    volumes: dict[str, dict[BusinessLine, Decimal]],
) -> None:
    for cut in kr.pareto_selection(volumes).lines:
        if not cut.accounts:
            assert cut.total == 0
            continue
        members = [key for key in cut.accounts if key not in cut.ties]
        without_last = sum(volumes[key][cut.line] for key in members[:-1])
        assert without_last * 5 < cut.total * 4
        # every customer bigger than the cut volume is in; none with no volume is
        cut_volume = volumes[members[-1]][cut.line]
        for key, lines in volumes.items():
            amount = lines.get(cut.line, Decimal(0))
            if amount > cut_volume or amount == cut_volume:
                assert key in cut.accounts
            if amount == 0:
                assert key not in cut.accounts

"""The report's comparisons: the month's key accounts against last month, the same month
last year and the end of last year (比上月、比去年同期、比年初), by group (REPORT-2/3).

Every figure is a count or a sum over the months' decided key accounts
(:class:`~keyaccount_rules.month.report_months.ReportMonths`); a month the data does not
reach gives ``None``, never 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, Level, Tier, Unit
from keyaccount_rules.engine.customer import classes_by_level
from keyaccount_rules.month.report_models import (
    AccountFigure,
    Against,
    Group,
    Movement,
    MovementSet,
    RevenueFigure,
)
from keyaccount_rules.month.report_months import Accounts, Graded, ReportMonths, rank, total
from keyaccount_rules.policy import Policy, require

__all__ = ["Compared", "figures", "movements", "transitions", "twelve_months"]


class Compared(NamedTuple):
    """The report month and the months it is compared with, each month's key accounts."""

    month: Month
    now: Accounts | None
    bases: tuple[tuple[Against, Month, Accounts | None], ...]  # last month, last year, year start

    @classmethod
    def of(cls, month: Month, months: ReportMonths) -> Compared:
        last_month, last_year, year_start = (
            month.shift(-1),
            month.shift(-12),
            Month(month.year - 1, 12),
        )
        return cls(
            month,
            months.graded(month),
            (
                ("last_month", last_month, months.graded(last_month)),
                ("last_year", last_year, months.graded(last_year)),
                ("year_start", year_start, months.graded(year_start)),
            ),
        )


def _groups(policy: Policy) -> list[tuple[Group, str]]:
    """Total, each tier, and each unit the policy can make responsible (RESP-1, RESP-2); by
    level, total, each level and each level's unit (LEVEL-1)."""
    if classes_by_level(policy):
        section = require(policy, "levels", policy.levels)
        return [
            ("total", "total"),
            *(("level", level.value) for level in Level),
            *(("unit", u.value) for u in Unit if u in section.units.values()),
        ]
    responsibility = require(policy, "responsibility", policy.responsibility)
    units = {unit for row in responsibility.table.values() for unit in row.values()}
    units |= set(responsibility.delegates)
    return [
        ("total", "total"),
        *(("tier", t.value) for t in Tier),
        *(("unit", u.value) for u in Unit if u in units),
    ]


def _member(graded: Graded, group: str, key: str) -> bool:
    if group == "total":
        return True
    if group == "unit":
        return graded.unit.value == key
    return graded.klass.value == key  # a tier or a level


def _count(accounts: Accounts | None, group: str, key: str) -> int | None:
    if accounts is None:
        return None
    return sum(1 for g in accounts.values() if _member(g, group, key))


def _revenue(accounts: Accounts | None, group: str, key: str) -> Decimal | None:
    """The group's revenue; a business line's (``line``) is every key account's revenue on
    that line (REPORT-2's 分项目统计)."""
    if accounts is None:
        return None
    if group == "line":
        line = BusinessLine(key)
        return total(g.by_line.get(line, Decimal("0.00")) for g in accounts.values())
    return total(g.revenue for g in accounts.values() if _member(g, group, key))


def twelve_months(months: ReportMonths, upto: Month) -> Decimal | None:
    """The key accounts' revenue of the twelve months to ``upto`` (each month's key accounts,
    as decided in that month); ``None`` when the data does not decide every one of them."""
    found = Decimal("0.00")
    for back in range(12):
        month = _revenue(months.graded(upto.shift(-back)), "total", "total")
        if month is None:
            return None
        found += month
    return found


def _year_to_date(months: ReportMonths, upto: Month, group: str, key: str) -> Decimal | None:
    found = Decimal("0.00")
    for number in range(1, upto.month + 1):
        found_month = _revenue(months.graded(Month(upto.year, number)), group, key)
        if found_month is None:
            return None
        found += found_month
    return found


def figures(
    c: Compared, months: ReportMonths, policy: Policy
) -> tuple[tuple[AccountFigure, ...], tuple[RevenueFigure, ...]]:
    """Key accounts and their revenue by group, against each base month."""
    before, a_year_ago, at_year_start = (graded for _against, _base, graded in c.bases)
    last_year = c.bases[1][1]
    accounts, revenue = [], []
    lines: list[tuple[Group, str]] = [("line", line.value) for line in BusinessLine]
    for group, key in [*_groups(policy), *lines]:
        if group != "line":  # a line has revenue, not accounts: each account has many lines
            accounts.append(
                AccountFigure(
                    group=group,
                    key=key,
                    this_month=_count(c.now, group, key),
                    last_month=_count(before, group, key),
                    last_year=_count(a_year_ago, group, key),
                    year_start=_count(at_year_start, group, key),
                )
            )
        revenue.append(
            RevenueFigure(
                group=group,
                key=key,
                this_month=_revenue(c.now, group, key),
                last_month=_revenue(before, group, key),
                last_year=_revenue(a_year_ago, group, key),
                year_to_date=_year_to_date(months, c.month, group, key),
                year_to_date_last_year=_year_to_date(months, last_year, group, key),
            )
        )
    return tuple(accounts), tuple(revenue)


def movements(
    against: Against, base: str, now: Accounts | None, then: Accounts | None
) -> MovementSet:
    """The accounts gained, lost, upgraded and downgraded against one base month."""
    if now is None or then is None:
        return MovementSet(
            against=against,
            base=base,
            available=False,
            gained=(),
            lost=(),
            upgraded=(),
            downgraded=(),
        )
    gained = [
        Movement(customer=k, kind="gained", before=None, after=now[k].klass)
        for k in sorted(now.keys() - then.keys())
    ]
    lost = [
        Movement(customer=k, kind="lost", before=then[k].klass, after=None)
        for k in sorted(then.keys() - now.keys())
    ]
    up, down = [], []
    for key in sorted(now.keys() & then.keys()):
        old, new = then[key].klass, now[key].klass
        if rank(new) > rank(old):
            up.append(Movement(customer=key, kind="upgraded", before=old, after=new))
        elif rank(new) < rank(old):
            down.append(Movement(customer=key, kind="downgraded", before=old, after=new))
    return MovementSet(
        against=against,
        base=base,
        available=True,
        gained=tuple(gained),
        lost=tuple(lost),
        upgraded=tuple(up),
        downgraded=tuple(down),
    )


def transitions(now: Accounts | None, before: Accounts | None) -> dict[str, int]:
    """How many accounts moved from each class last month to each class this month."""
    if now is None or before is None:
        return {}
    found: dict[str, int] = {}
    for key in set(now) | set(before):
        old = before[key].klass.value if key in before else "none"
        new = now[key].klass.value if key in now else "none"
        found[f"{old}>{new}"] = found.get(f"{old}>{new}", 0) + 1
    # written in key order: the JSON must not depend on the hash seed (set order above)
    return dict(sorted(found.items()))

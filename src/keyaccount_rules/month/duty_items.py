"""Duty decisions as agenda items: the account's fields, the duty's text and explanation.

Nothing is decided here: each item states one
:class:`~keyaccount_rules.rules.duties.DutyDecision` (its status and due date as decided, its
explanation :func:`~keyaccount_rules.rules.duties.explain_duty`'s), or one unit duty of the
month's work calendar. Texts and explanations are immutable, so each distinct one is built
once per run (:class:`ItemTexts`) and shared by every item that states it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

import keyaccount_rules.core.catalogue as messages
from keyaccount_rules.core.explanation import Explanation
from keyaccount_rules.core.money import format_yuan
from keyaccount_rules.core.vocabulary import Unit
from keyaccount_rules.month.folding import AccountFold
from keyaccount_rules.month.items import AgendaItem
from keyaccount_rules.policy import Policy
from keyaccount_rules.rules.calendar import duty_step, month_calendar
from keyaccount_rules.rules.duties import (
    AnalysisReason,
    ArchiveReason,
    ContactLogReason,
    ContactsReason,
    DutyDecision,
    FilingReason,
    Greeting,
    LeadershipReason,
    LevelContactsReason,
    LevelPeriodReason,
    LogReason,
    RecordsReason,
    ResearchReason,
    RoundReason,
    duty_status,
    explain_duty,
)

__all__ = [
    "ItemTexts",
    "account_items",
    "calendar_items",
    "level_order",
    "research_item",
    "unit_item",
]

_MEMO = 4_096  # distinct texts and explanations kept per run (memory flat in the rows)


def _period(
    d: DutyDecision, reason: ArchiveReason | LevelPeriodReason
) -> tuple[str, dict[str, object]]:
    start, end = reason.period
    if isinstance(reason, LevelPeriodReason) and reason.by is not None:
        return "cycle.duty_comprehensive_visit", {"start": start, "end": end, "unit": reason.by}
    key = "cycle.duty_centre_visit" if d.duty == "centre_visit" else "cycle.duty_archive"
    return key, {"start": start, "end": end}


#: The message of each kind of decision's title and its values (a lookup by the reason's type).
_TITLES: dict[type, Callable[[DutyDecision, Any], tuple[str, dict[str, object]]]] = {
    ContactsReason: lambda d, r: (
        "cycle.duty_contacts",
        {"done": r.tally.done, "required": r.tally.required},
    ),
    LevelContactsReason: lambda d, r: ("cycle.duty_level_contacts", {"required": r.tally.required}),
    LeadershipReason: lambda d, r: (
        "cycle.duty_leadership",
        {"done": r.leaders, "low": r.requirement.low},
    ),
    Greeting: lambda d, r: ("cycle.duty_greeting", {"label": r.label}),
    ArchiveReason: _period,
    LevelPeriodReason: _period,
    LogReason: lambda d, r: ("cycle.duty_log", {"stage": r.decision.reached}),
    AnalysisReason: lambda d, r: ("cycle.duty_flux", {"month": r.month}),
    FilingReason: lambda d, r: ("cycle.duty_filing", {"average": format_yuan(r.average)}),
    RoundReason: lambda d, r: (
        "cycle.duty_centre_round",
        {
            "unit": r.unit,
            "accounts": r.accounts,
            "done": r.done,
            "start": r.period[0],
            "end": r.period[1],
        },
    ),
    ContactLogReason: lambda d, r: (
        "cycle.duty_contact_log",
        {"contacts": r.contacts, "missing": len(r.unlogged)},
    ),
    RecordsReason: lambda d, r: (
        "cycle.duty_visit_records",
        {"visits": r.visits, "missing": len(r.unrecorded)},
    ),
    ResearchReason: lambda d, r: (
        "cycle.duty_research",
        {"industry": r.industry, "step": r.step, "days": r.days},
    ),
}


def _what(d: DutyDecision) -> tuple[str, dict[str, object]]:
    """The message of the duty's title and its values, from the decision."""
    return _TITLES[type(d.reason)](d, d.reason)


def _render(key: str, values: tuple[tuple[str, object], ...]) -> messages.Words:
    return messages.words(key, **dict(values))


def _explained(d: DutyDecision) -> Explanation:
    return Explanation(steps=explain_duty(d))


class ItemTexts:
    """One run's texts and explanations, each built once per distinct decision (LRU-bounded)."""

    __slots__ = ("explanation", "rendered")

    def __init__(self) -> None:
        self.explanation: Callable[[DutyDecision], Explanation] = lru_cache(maxsize=_MEMO)(
            _explained
        )
        self.rendered = lru_cache(maxsize=_MEMO)(_render)

    def what(self, d: DutyDecision) -> messages.Words:
        """The duty's title in English and Chinese."""
        key, values = _what(d)
        return self.rendered(key, tuple(values.items()))


def level_order(d: DutyDecision) -> tuple[bool, date, str]:
    """By level the items follow :class:`~keyaccount_rules.rules.levels.LevelDuty`'s order —
    by due date, then by duty (its ``contact`` sorts as ``contacts`` does) — and FLUX-1's
    analysis, where a policy has it, comes last."""
    return d.duty == "analysis", d.due, d.duty


def _item(d: DutyDecision, texts: ItemTexts, **whose: Any) -> AgendaItem:
    """An agenda item of one decided duty: the duty's own fields, worded, beside ``whose``
    (the customer, unit, manager and who answers for it)."""
    what, what_zh = texts.what(d)
    return AgendaItem(
        duty=d.duty,
        rule=d.rule,
        what=what,
        what_zh=what_zh,
        due=d.due,
        status=d.status,
        explanation=texts.explanation(d),
        **whose,
    )


def account_items(
    entry: AccountFold, manager: str | None, decisions: tuple[DutyDecision, ...], texts: ItemTexts
) -> Iterator[AgendaItem]:
    """The items of one account, one per decided duty; every field but the duty's own is
    the account's."""
    for d in decisions:
        yield _item(
            d,
            texts,
            customer=entry.name,
            customer_id=entry.ident,
            tier=entry.tier,
            level=entry.level,
            unit=entry.unit,
            responsible=entry.unit.value,
            manager=manager,
        )


def unit_item(unit: Unit, d: DutyDecision, texts: ItemTexts) -> AgendaItem:
    """A centre's line of the month (G-19's round): no customer's, no manager's."""
    return _item(
        d, texts, customer=None, customer_id=None, tier=None, unit=unit,
        responsible=unit.value, manager=None,
    )  # fmt: skip


def research_item(
    responsible: tuple[str, str | None], manager: str | None, d: DutyDecision, texts: ItemTexts
) -> AgendaItem:
    """One step of an industry's research (G-21): the account manager's, with the centre's
    director (``responsible``: the manager, else who the policy names, with its Chinese);
    no customer's."""
    return _item(
        d, texts, customer=None, customer_id=None, tier=None, unit=None,
        responsible=responsible[0], responsible_zh=responsible[1], manager=manager,
    )  # fmt: skip


def calendar_items(as_of: date, policy: Policy, done_reports: set[str]) -> Iterator[AgendaItem]:
    """REPORT, ANALYSE, CAL: the unit duties of the month's work calendar (no manager's).

    A duty is done when a ``report`` activity row of this month names its key.
    """
    calendar = month_calendar(as_of, policy=policy)
    of_policy = {duty.key: duty for duty in policy.schedules.calendar.duties}
    times = Counter(duty.key for duty in calendar.duties)
    # G-5: whether a deadline moved holds for every duty; G-16 (whose calendar) does not
    moved = tuple(s for s in calendar.explanation if s.rule == "G-5")
    for duty in calendar.duties:
        yield AgendaItem(
            customer=None,
            customer_id=None,
            tier=None,
            duty=duty.key,
            rule=duty.rule,
            what=duty.what,
            what_zh=duty.what_zh,
            due=duty.due,
            status=duty_status(duty.key in done_reports, duty.due, as_of),
            unit=None,
            responsible=duty.who,
            responsible_zh=duty.who_zh,
            manager=None,
            explanation=Explanation(
                steps=(duty_step(of_policy[duty.key], times[duty.key]), *moved)
            ),
        )

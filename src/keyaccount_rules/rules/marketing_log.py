"""营销日志: is a customer's marketing log complete for the stages it reached (LOG-1..4)?

>>> from datetime import date
>>> entry = LogEntry(stage="初次接触", on=date(2025, 3, 1), content="needs", method="visit",
...                  our_participants=["Li"], customer_participants=["Wang"])
>>> check = check_marketing_log("silver", "proposal", [entry])
>>> check.complete, [p.reason for p in check.problems]
(False, ['no entry for stage proposal'])
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, field_validator

from keyaccount_rules.core.arguments import (
    as_date,
    as_enum,
    checked,
    collection,
    instance_of,
    not_after,
)
from keyaccount_rules.core.catalogue import Words, joined, step, words
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.vocabulary import Cadence, LogStage, Scope, Tier
from keyaccount_rules.policy import MarketingLogPolicy, Policy, require, resolve_policy

__all__ = [
    "LogCheck",
    "LogDecision",
    "LogEntry",
    "LogGap",
    "LogProblem",
    "check_marketing_log",
    "decide_log",
    "explain_log",
]


class LogEntry(BaseModel):
    """One marketing-log entry (营销日志): stage, date, content, method, both sides' people (LOG-1).

    Only the stage is required; an entry missing any of the other four fields is kept and
    reported as incomplete by :func:`check_marketing_log` (LOG-3). ``stage`` accepts a
    :class:`LogStage`, its code (``"quotation"``) or its Chinese name (``"报价"``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: LogStage
    on: date | None = None
    content: str = ""
    method: str = ""
    our_participants: tuple[str, ...] = ()
    customer_participants: tuple[str, ...] = ()

    @field_validator("content", "method")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("our_participants", "customer_participants")
    @classmethod
    def _names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Blank names are no names: the entry then reads as missing its participants.
        return tuple(name.strip() for name in value if name.strip())

    @property
    def missing(self) -> tuple[str, ...]:
        """The LOG-1 fields this entry lacks, in LOG-1 order (empty when complete)."""
        gaps = []
        if self.on is None:
            gaps.append("date")
        if not self.content:
            gaps.append("content")
        if not self.method:
            gaps.append("method")
        if not self.our_participants:
            gaps.append("our participants")
        if not self.customer_participants:
            gaps.append("customer participants")
        return tuple(gaps)


# --- decision: plain values, no text ----------------------------------------------------------


class LogGap(NamedTuple):
    """A stage with no entry (``entry`` None) or an incomplete entry and what it lacks."""

    stage: LogStage
    entry: int | None
    on: date | None
    missing: tuple[str, ...]


class LogDecision(NamedTuple):
    """What LOG-2..4 found in a customer's log; ``rolled_up`` set means not checked (LOG-2)."""

    tier: Tier
    reached: LogStage
    rolled_up: Cadence | None
    every_negotiation: bool
    stages: tuple[LogStage, ...]
    logged: tuple[LogStage, ...]
    gaps: tuple[LogGap, ...]
    named_person_missing: bool
    recommend_log_book: bool
    #: LOG-4 depends on the scope for this tier (a regional diamond) and none was given.
    scope_unknown: bool = False
    #: The scope whose tier.scope cell made LOG-4 apply (a regional diamond), else None.
    by_cell: Scope | None = None

    @property
    def complete(self) -> bool:
        """No stage without a complete entry, no incomplete entry, no missing named person."""
        return not self.gaps and not self.named_person_missing


def decide_log(
    tier: Tier,
    reached: LogStage,
    entries: tuple[LogEntry, ...],
    named_person: str | None,
    rules: MarketingLogPolicy,
    scope: Scope | None = None,
) -> LogDecision:
    """Check each stage up to ``reached`` for a complete entry (LOG-3), and LOG-2, LOG-4.

    LOG-4: GOLD customers ((五)2(4) 「每个黄金客户都指定专人负责,并设立专本登记」) and REGIONAL
    DIAMOND ones ((五)1 「由专人设立专本进行日常营销记录」) need a named person; ``named_person``
    is already stripped, so a blank name is no name. SILVER: only recommended.
    """
    stages = tuple(stage for stage in LogStage if stage.order <= reached.order)
    if tier in rules.rolled_up:
        return LogDecision(
            tier, reached, rules.rolled_up[tier], False, stages, (), (), False, False
        )
    logged: list[LogStage] = []
    gaps: list[LogGap] = []
    for stage in stages:
        in_stage = [(i, e) for i, e in enumerate(entries) if e.stage is stage]
        if any(not e.missing for _, e in in_stage):
            logged.append(stage)
        elif not in_stage:
            gaps.append(LogGap(stage, None, None, ()))
        gaps.extend(LogGap(stage, i, e.on, e.missing) for i, e in in_stage if e.missing)
    return LogDecision(
        tier=tier,
        reached=reached,
        rolled_up=None,
        every_negotiation=tier in rules.every_negotiation_tiers,
        stages=stages,
        logged=tuple(logged),
        gaps=tuple(gaps),
        named_person_missing=rules.requires_named_person(tier, scope) and not named_person,
        recommend_log_book=tier in rules.named_person_recommended and not named_person,
        scope_unknown=scope is None and rules.scope_decides(tier),
        by_cell=scope if rules.scope_decides(tier) else None,
    )


# --- explanation, built from the decision -----------------------------------------------------

_FIELD_KEYS = {
    "date": "marketing_log.field_date",
    "content": "marketing_log.field_content",
    "method": "marketing_log.field_method",
    "our participants": "marketing_log.field_our_participants",
    "customer participants": "marketing_log.field_customer_participants",
}


def _gap_step(gap: LogGap) -> Step:
    if gap.entry is None:
        return step("LOG-3", "marketing_log.no_entry", stage=gap.stage)
    return step(
        "LOG-3",
        "marketing_log.incomplete",
        index=gap.entry,
        stage=gap.stage,
        when=Words.same(gap.on.isoformat()) if gap.on else words("marketing_log.undated"),
        missing=joined(words(_FIELD_KEYS[name]) for name in gap.missing),
    )


def _problem_steps(d: LogDecision) -> tuple[Step, ...]:
    steps = [_gap_step(gap) for gap in d.gaps]
    if d.named_person_missing and d.by_cell is not None:
        steps.append(
            step("LOG-4", "marketing_log.named_person_scoped", tier=d.tier, scope=d.by_cell)
        )
    elif d.named_person_missing:
        steps.append(step("LOG-4", "marketing_log.named_person", tier=d.tier))
    return tuple(steps)


def explain_log(d: LogDecision) -> tuple[Step, ...]:
    """LOG-2's scope for the tier, each problem found, the LOG-4 advice, or all complete."""
    if d.rolled_up is not None:
        return (step("LOG-2", "marketing_log.rolled_up", tier=d.tier, every=d.rolled_up),)
    stages = joined(d.stages)
    scope = (
        "marketing_log.every_negotiation"
        if d.every_negotiation
        else "marketing_log.key_negotiations"
    )
    steps = [step("LOG-2", scope, tier=d.tier, reached=d.reached, stages=stages)]
    steps.extend(_problem_steps(d))
    if d.scope_unknown:
        steps.append(step("LOG-4", "marketing_log.scope_unknown", tier=d.tier))
    if d.recommend_log_book:
        steps.append(step("LOG-4", "marketing_log.recommended", tier=d.tier))
    if d.complete:
        steps.append(step("LOG-3", "marketing_log.all_complete", reached=d.reached))
    return tuple(steps)


# --- results and public function --------------------------------------------------------------


class LogProblem(BaseModel):
    """One gap in a marketing log: the stage, the entry (index) if any, the rule and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: LogStage | None
    entry: int | None
    rule: str
    reason: str
    reason_zh: str


class LogCheck(Result):
    """The result of checking a customer's marketing log (LOG-2..4)."""

    tier: Tier
    reached_stage: LogStage
    checked: bool
    complete: bool
    stages_logged: tuple[LogStage, ...]
    problems: tuple[LogProblem, ...]
    explanation: Explanation


def _problems(d: LogDecision) -> tuple[LogProblem, ...]:
    stages = [gap.stage for gap in d.gaps] + [None] * d.named_person_missing
    entries = [gap.entry for gap in d.gaps] + [None] * d.named_person_missing
    return tuple(
        LogProblem(stage=stage, entry=entry, rule=s.rule, reason=s.text, reason_zh=s.text_zh)
        for stage, entry, s in zip(stages, entries, _problem_steps(d), strict=True)
    )


#: The log's entries (LOG-1): :class:`LogEntry` records (one entry is not a collection).
LogEntries = collection(
    "must be a collection of LogEntry",
    instance_of(LogEntry, "must be a LogEntry"),
    refuse=(str, bytes, date, LogEntry),
)


def _entries(values: Iterable[LogEntry], as_of: date | None) -> tuple[LogEntry, ...]:
    entries: tuple[LogEntry, ...] = checked(LogEntries, values, "entries", rule="LOG-1")
    if as_of is not None:
        not_after(as_of, (entry.on for entry in entries), "entries", rule="LOG-1", at=".on")
    return entries


def check_marketing_log(
    tier: Tier | str,
    reached_stage: LogStage | str,
    entries: Iterable[LogEntry],
    *,
    named_person: str | None = None,
    scope: Scope | str | None = None,
    as_of: date | None = None,
    policy: Policy | None = None,
) -> LogCheck:
    """Check a customer's marketing log (营销日志) for the stages it reached (LOG-2..4).

    For the checked tiers (DIAMOND, GOLD, SILVER) each stage up to ``reached_stage`` needs at
    least one complete entry; every incomplete entry is reported with what it lacks. GENERAL
    logs are rolled up quarterly and not checked entry by entry (LOG-2). A GOLD customer, and a
    REGIONAL DIAMOND one (002 (五)1 「由专人设立专本」), also needs a ``named_person`` with a
    dedicated log book (LOG-4); for SILVER one is only recommended. A blank name is no name.
    Give ``scope`` for a DIAMOND customer: without it the regional-diamond requirement cannot
    be checked, and the explanation says so.

    Raises:
        RuleInputError: an unknown tier or stage, an entry that is not a LogEntry, an entry
            dated after ``as_of``, an entry for a stage beyond ``reached_stage``, or a
            ``named_person`` that is not text.

    >>> check = check_marketing_log("general", "agreement", [])
    >>> check.checked, check.complete
    (False, True)
    """
    policy = resolve_policy(policy)
    tier = as_enum(Tier, tier, "tier", rule="LOG-2")
    reached = as_enum(LogStage, reached_stage, "reached_stage", rule="LOG-3")
    day = None if as_of is None else as_date(as_of, "as_of", rule="LOG-1")
    person: str | None = checked(str | None, named_person, "named_person", rule="LOG-4")
    where = None if scope is None else as_enum(Scope, scope, "scope", rule="LOG-4")
    listed = _entries(entries, day)
    for index, entry in enumerate(listed):
        if entry.stage.order > reached.order:
            raise RuleInputError(
                f"entries[{index}].stage",
                f"is beyond reached_stage {reached.value}",
                got=entry.stage.value,
                rule="LOG-3",
                fix=f"pass reached_stage={entry.stage.value!r} or later",
            )
    d = decide_log(
        tier,
        reached,
        listed,
        person.strip() if person else None,
        require(policy, "schedules.marketing_log", policy.schedules.marketing_log),
        where,
    )
    return LogCheck(
        tier=tier,
        reached_stage=reached,
        checked=d.rolled_up is None,
        complete=d.complete,
        stages_logged=d.logged,
        problems=_problems(d),
        explanation=Explanation(steps=explain_log(d)),
        policy_fingerprint=policy.fingerprint,
    )

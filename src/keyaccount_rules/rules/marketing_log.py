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

from pydantic import BaseModel, ConfigDict, field_validator

from keyaccount_rules.arguments import as_enum, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.policy import Policy
from keyaccount_rules.rules.periods import as_date
from keyaccount_rules.vocabulary import LogStage, Tier

__all__ = ["LogCheck", "LogEntry", "LogProblem", "check_marketing_log"]


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


_MISSING_ZH = {
    "date": "日期",
    "content": "内容",
    "method": "方式",
    "our participants": "我方参加人员",
    "customer participants": "客户方参加人员",
}


class LogProblem(BaseModel):
    """One gap in a marketing log: the stage, the entry (index) if any, the rule and why."""

    model_config = ConfigDict(frozen=True)

    stage: LogStage | None
    entry: int | None
    rule: str
    reason: str
    reason_zh: str


class LogCheck(Result):
    """The result of checking a customer's marketing log (LOG-2..4)."""

    model_config = ConfigDict(frozen=True)

    tier: Tier
    reached_stage: LogStage
    checked: bool
    complete: bool
    stages_logged: tuple[LogStage, ...]
    problems: tuple[LogProblem, ...]
    explanation: Explanation


def _entries(values: Iterable[LogEntry], as_of: date | None) -> list[LogEntry]:
    if isinstance(values, LogEntry | str | bytes):
        raise RuleInputError(
            "entries", "must be a collection of LogEntry", got=values, rule="LOG-1"
        )
    found = []
    for index, value in enumerate(values):
        if not isinstance(value, LogEntry):
            raise RuleInputError(
                f"entries[{index}]", "must be a LogEntry", got=type(value).__name__, rule="LOG-1"
            )
        if as_of is not None and value.on is not None and value.on > as_of:
            raise RuleInputError(
                f"entries[{index}].on",
                f"must not be after as_of {as_of}",
                got=value.on.isoformat(),
                rule="LOG-1",
            )
        found.append(value)
    return found


def check_marketing_log(
    tier: Tier | str,
    reached_stage: LogStage | str,
    entries: Iterable[LogEntry],
    *,
    named_person: str | None = None,
    as_of: date | None = None,
    policy: Policy | None = None,
) -> LogCheck:
    """Check a customer's marketing log (营销日志) for the stages it reached (LOG-2..4).

    For the checked tiers (DIAMOND, GOLD, SILVER) each stage up to ``reached_stage`` needs at
    least one complete entry; every incomplete entry is reported with what it lacks. GENERAL
    logs are rolled up quarterly and not checked entry by entry (LOG-2). A GOLD customer also
    needs a ``named_person`` with a dedicated log book (LOG-4).

    Raises:
        RuleInputError: an unknown tier or stage, an entry that is not a LogEntry, an entry
            dated after ``as_of``, or an entry for a stage beyond ``reached_stage``.

    >>> check = check_marketing_log("general", "agreement", [])
    >>> check.checked, check.complete
    (False, True)
    """
    policy = resolve_policy(policy)
    rules = policy.schedules.marketing_log
    tier = as_enum(Tier, tier, "tier", rule="LOG-2")
    reached = as_enum(LogStage, reached_stage, "reached_stage", rule="LOG-3")
    if as_of is not None:
        as_of = as_date(as_of, "as_of", rule="LOG-1")
    listed = _entries(entries, as_of)
    for index, entry in enumerate(listed):
        if entry.stage.order > reached.order:
            raise RuleInputError(
                f"entries[{index}].stage",
                f"is beyond reached_stage {reached.value}",
                got=entry.stage.value,
                rule="LOG-3",
                fix=f"pass reached_stage={entry.stage.value!r} or later",
            )
    stages = [stage for stage in LogStage if stage.order <= reached.order]
    stage_list = ", ".join(stage.value for stage in stages)
    steps: list[Step] = []
    problems: list[LogProblem] = []
    if tier in rules.rolled_up:
        cadence = rules.rolled_up[tier]
        steps.append(
            Step(
                rule="LOG-2",
                text=f"{tier.value} customer: log entries are rolled up every "
                f"{cadence.value.replace('_', ' ')} to the unit's centre, not checked one by one",
                text_zh=f"{tier.zh}客户：营销日志{cadence.zh}汇总交本单位大客户中心，不逐条检查",
            )
        )
        return LogCheck(
            tier=tier,
            reached_stage=reached,
            checked=False,
            complete=True,
            stages_logged=(),
            problems=(),
            explanation=Explanation(steps=tuple(steps)),
        )
    every = tier in rules.every_negotiation_tiers
    steps.append(
        Step(
            rule="LOG-2",
            text=f"{tier.value} customer: log "
            + ("every negotiation" if every else "the key negotiations")
            + f" of each stage; reached {reached.value}, so stages {stage_list} are checked",
            text_zh=f"{tier.zh}客户："
            + ("每一次洽谈" if every else "关键洽谈")
            + f"都要填写；已到{reached.zh}阶段，检查{'、'.join(s.zh for s in stages)}",
        )
    )
    logged: list[LogStage] = []
    for stage in stages:
        in_stage = [(i, e) for i, e in enumerate(listed) if e.stage is stage]
        complete = [e for _, e in in_stage if not e.missing]
        if complete:
            logged.append(stage)
        elif not in_stage:
            problems.append(
                LogProblem(
                    stage=stage,
                    entry=None,
                    rule="LOG-3",
                    reason=f"no entry for stage {stage.value}",
                    reason_zh=f"缺少{stage.zh}阶段的日志",
                )
            )
        for index, entry in in_stage:
            if entry.missing:
                when = entry.on.isoformat() if entry.on else "undated"
                problems.append(
                    LogProblem(
                        stage=stage,
                        entry=index,
                        rule="LOG-3",
                        reason=f"entry {index} ({stage.value}, {when}) is incomplete: missing "
                        + ", ".join(entry.missing),
                        reason_zh=f"第{index}条({stage.zh}，{entry.on or '无日期'})不完整：缺少"
                        + "、".join(_MISSING_ZH[m] for m in entry.missing),
                    )
                )
    if tier in rules.named_person_required and not (named_person and named_person.strip()):
        problems.append(
            LogProblem(
                stage=None,
                entry=None,
                rule="LOG-4",
                reason=f"a {tier.value} customer needs a named person and a dedicated log book",
                reason_zh=f"{tier.zh}客户须指定专人负责并设立专本登记",
            )
        )
    steps.extend(Step(rule=p.rule, text=p.reason, text_zh=p.reason_zh) for p in problems)
    if tier in rules.named_person_recommended and not named_person:
        steps.append(
            Step(
                rule="LOG-4",
                text=f"recommended: a dedicated log book for each {tier.value} customer",
                text_zh=f"建议每个{tier.zh}客户设立专本登记",
            )
        )
    if not problems:
        steps.append(
            Step(
                rule="LOG-3",
                text=f"every stage up to {reached.value} has a complete entry",
                text_zh=f"截至{reached.zh}的各阶段均有完整日志",
            )
        )
    return LogCheck(
        tier=tier,
        reached_stage=reached,
        checked=True,
        complete=not problems,
        stages_logged=tuple(logged),
        problems=tuple(problems),
        explanation=Explanation(steps=tuple(steps)),
    )

"""机构与岗位设置: check a key-account centre's roster against the staffing norms (ORG-2..4).

>>> check = staffing_check("district_center", {"director": 1, "account_manager": 2})
>>> check.compliant, [(f.kind, f.difference) for f in check.findings]
(False, [('shortfall', 1)])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.arguments import as_enum, enum_mapping, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.policy import Policy
from keyaccount_rules.vocabulary import Centre, Post

__all__ = ["StaffingCheck", "StaffingFinding", "staffing_check"]


class StaffingFinding(BaseModel):
    """A shortfall under a minimum or an excess over a cap, with the rule that sets it."""

    model_config = ConfigDict(frozen=True)

    rule: str
    posts: tuple[Post, ...]
    kind: Literal["shortfall", "excess"]
    actual: int
    bound: int
    difference: int


class StaffingCheck(Result):
    """A centre's roster against its norms: each finding, and whether there are none."""

    model_config = ConfigDict(frozen=True)

    centre: Centre
    headcount: int
    findings: tuple[StaffingFinding, ...]
    compliant: bool
    explanation: Explanation


def _count(value: object, field: str, rule: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleInputError(
            field, "must be a whole number of people, 0 or more", got=value, rule=rule
        )
    return value


def staffing_check(
    centre: Centre | str,
    roster: Mapping[Post, int] | Mapping[str, int],
    *,
    policy: Policy | None = None,
) -> StaffingCheck:
    """Check a centre's roster (岗位设置) against its caps and minimums (ORG-2..4).

    Args:
        centre: the kind of centre.
        roster: head count per ``Post``; a post not given counts 0.
        policy: the policy to apply (default: the rulebook's).

    Raises:
        RuleInputError: an unknown centre or post, or a count that is not a whole number ≥ 0.

    >>> check = staffing_check("city_center", {"director": 1, "account_manager": 3,
    ...                                        "government_account_manager": 3})
    >>> [(f.kind, f.actual, f.bound) for f in check.findings]
    [('excess', 6, 5)]
    """
    policy = resolve_policy(policy)
    kind = as_enum(Centre, centre, "centre", rule="ORG-2")
    norms = policy.organisation.centres[kind]
    counts = enum_mapping(
        Post,
        roster,
        "roster",
        lambda value, field: _count(value, field, norms.rule),
        rule=norms.rule,
        complete=False,
    )
    findings: list[StaffingFinding] = []
    steps: list[Step] = []
    for norm in norms.norms:
        posts = tuple(post for post in Post if post in norm.posts)
        actual = sum(counts.get(post, 0) for post in posts)
        names = " + ".join(post.value for post in posts)
        names_zh = "、".join(post.zh for post in posts)
        bounds = []
        bounds_zh = []
        if norm.min is not None:
            bounds.append(f"at least {norm.min}")
            bounds_zh.append(f"不少于{norm.min}名")
        if norm.max is not None:
            bounds.append(f"at most {norm.max}")
            bounds_zh.append(f"至多{norm.max}名")
        verdict, verdict_zh = "ok", "符合"
        if norm.min is not None and actual < norm.min:
            findings.append(
                StaffingFinding(
                    rule=norm.rule,
                    posts=posts,
                    kind="shortfall",
                    actual=actual,
                    bound=norm.min,
                    difference=norm.min - actual,
                )
            )
            verdict, verdict_zh = f"short by {norm.min - actual}", f"缺{norm.min - actual}名"
        if norm.max is not None and actual > norm.max:
            findings.append(
                StaffingFinding(
                    rule=norm.rule,
                    posts=posts,
                    kind="excess",
                    actual=actual,
                    bound=norm.max,
                    difference=actual - norm.max,
                )
            )
            verdict, verdict_zh = f"over by {actual - norm.max}", f"超{actual - norm.max}名"
        steps.append(
            Step(
                rule=norm.rule,
                text=f"{kind.value}: {names} = {actual}, norm {' and '.join(bounds)} → {verdict}",
                text_zh=f"{kind.zh}：{names_zh}共{actual}名，标准{'、'.join(bounds_zh)} → "
                f"{verdict_zh}",
            )
        )
    return StaffingCheck(
        centre=kind,
        headcount=sum(counts.values()),
        findings=tuple(findings),
        compliant=not findings,
        explanation=Explanation(steps=tuple(steps)),
    )

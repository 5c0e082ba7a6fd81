"""机构与岗位设置: check a key-account centre's roster against the staffing norms (ORG-2..4).

One path: :func:`decide_staffing` compares validated head counts with each norm,
:func:`explain_staffing` words that comparison, and :func:`staffing_check` validates once,
decides and wraps a frozen :class:`StaffingCheck`.

>>> check = staffing_check("district_center", {"director": 1, "account_manager": 2})
>>> check.compliant, [(f.kind, f.difference) for f in check.findings]
(False, [('shortfall', 1)])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, PlainValidator

from keyaccount_rules.core.arguments import as_enum, enum_mapping
from keyaccount_rules.core.catalogue import Words, joined, step, words
from keyaccount_rules.core.explanation import Explanation, Result
from keyaccount_rules.core.vocabulary import Centre, Post
from keyaccount_rules.policy import CentreNorms, Policy, StaffingNorm, require, resolve_policy

__all__ = [
    "Headcount",
    "NormCheck",
    "StaffingCheck",
    "StaffingFinding",
    "decide_staffing",
    "explain_staffing",
    "staffing_check",
]


class StaffingFinding(BaseModel):
    """A shortfall under a minimum or an excess over a cap, with the rule that sets it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    posts: tuple[Post, ...]
    kind: Literal["shortfall", "excess"]
    actual: int
    bound: int
    difference: int


class StaffingCheck(Result):
    """A centre's roster against its norms: each finding, and whether there are none."""

    centre: Centre
    headcount: int
    findings: tuple[StaffingFinding, ...]
    compliant: bool
    explanation: Explanation


class NormCheck(NamedTuple):
    """One norm against the roster, without text: the posts, their head count, the findings."""

    norm: StaffingNorm
    posts: tuple[Post, ...]
    actual: int
    findings: tuple[StaffingFinding, ...]


def _whole_people(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number of people, 0 or more")
    return value


Headcount = Annotated[int, PlainValidator(_whole_people)]
"""A head count on a roster: a whole number ≥ 0 (``True`` or ``"2"`` is an error)."""


def _check(norm: StaffingNorm, roster: Mapping[Post, int]) -> NormCheck:
    posts = tuple(post for post in Post if post in norm.posts)
    actual = sum(roster.get(post, 0) for post in posts)
    findings = []
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
    return NormCheck(norm, posts, actual, tuple(findings))


def decide_staffing(norms: CentreNorms, roster: Mapping[Post, int]) -> tuple[NormCheck, ...]:
    """Every norm of the centre (caps and minimums, ORG-2..4) against the roster."""
    return tuple(_check(norm, roster) for norm in norms.norms)


_VERDICTS = {
    "shortfall": "organisation.verdict_short",
    "excess": "organisation.verdict_over",
}


def _bounds(norm: StaffingNorm) -> Words:
    parts = []
    if norm.min is not None:
        parts.append(words("organisation.bound_min", count=norm.min))
    if norm.max is not None:
        parts.append(words("organisation.bound_max", count=norm.max))
    return joined(parts, sep="join.and")


def _verdict(findings: tuple[StaffingFinding, ...]) -> Words:
    if not findings:
        return words("organisation.verdict_ok")
    last = findings[-1]  # min ≤ max (policy check): at most one finding per norm
    return words(_VERDICTS[last.kind], count=last.difference)


def explain_staffing(centre: Centre, checks: tuple[NormCheck, ...]) -> Explanation:
    """One step per norm: the posts, their count, the bounds and the verdict."""
    return Explanation(
        steps=tuple(
            step(
                check.norm.rule,
                "organisation.norm",
                centre=centre,
                names=joined(check.posts, sep="join.plus"),
                actual=check.actual,
                bounds=_bounds(check.norm),
                verdict=_verdict(check.findings),
            )
            for check in checks
        )
    )


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
    organisation = require(policy, "organisation", policy.organisation)
    norms = require(policy, f"organisation.centres.{kind.value}", organisation.centres.get(kind))
    counts = enum_mapping(Post, roster, "roster", Headcount, rule=norms.rule, complete=False)
    checks = decide_staffing(norms, counts)
    findings = tuple(finding for check in checks for finding in check.findings)
    return StaffingCheck(
        centre=kind,
        headcount=sum(counts.values()),
        findings=findings,
        compliant=not findings,
        explanation=explain_staffing(kind, checks),
        policy_fingerprint=policy.fingerprint,
    )

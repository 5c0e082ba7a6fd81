"""Policy differences (政策差异): every parameter of a policy by dotted path, and what changed.

>>> from keyaccount_rules import default_policy
>>> baseline = default_policy()
>>> diff_policies(baseline, baseline.with_changes({"grading.tiers.gold": 81}))
[PolicyChange(path='grading.tiers.gold', rule='GRADE-4', before=Decimal('75'), after=Decimal('81'))]
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, NamedTuple

from pydantic import BaseModel

from keyaccount_rules.arguments import resolve_policy
from keyaccount_rules.policy import Policy, Section, check_policy, default_policy

__all__ = ["PolicyChange", "diff_policies", "policy_parameters", "policy_problems"]

# Fields that sit outside any rule section but belong to one rule (see default.toml).
_RULE_OF_FIELD = {"grading.credit_points": "GRADE-3"}


class PolicyChange(NamedTuple):
    """One changed parameter: dotted path, rule ID of its section, value before and after."""

    path: str
    rule: str | None
    before: Any
    after: Any


def _leaf(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return tuple(sorted(_leaf(v) for v in value))
    if isinstance(value, tuple | list):
        return tuple(_leaf(v) for v in value)
    return value


def _flatten(
    node: Any, path: str, rule: str | None, out: dict[str, tuple[str | None, Any]]
) -> None:
    """Map each leaf's dotted path to (rule of the innermost section, value)."""
    if isinstance(node, Section):
        rule = node.rule
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            child = f"{path}.{name}" if path else name
            _flatten(getattr(node, name), child, _RULE_OF_FIELD.get(child, rule), out)
    elif isinstance(node, Mapping):
        for key, value in node.items():
            _flatten(value, f"{path}.{_leaf(key)}", rule, out)
    elif isinstance(node, tuple | list) and any(isinstance(v, BaseModel) for v in node):
        for index, value in enumerate(node):
            _flatten(value, f"{path}.{index}", rule, out)
    else:
        out[path] = (rule, _leaf(node))


def policy_parameters(policy: Policy) -> dict[str, tuple[str | None, Any]]:
    """Every parameter of a policy: dotted path → (rule ID of its section, value)."""
    out: dict[str, tuple[str | None, Any]] = {}
    _flatten(resolve_policy(policy), "", None, out)
    return out


def policy_problems(data: Mapping[str, Any]) -> list[str]:
    """Every problem of policy data (as :func:`check_policy`), each ending with a rule ID.

    Structural problems (a missing or mistyped field) get the rule of the section that holds
    that path in the default policy.
    """
    known = policy_parameters(default_policy())
    problems = []
    for problem in check_policy(data):
        if not problem.endswith("]"):
            path = problem.split(":", 1)[0]
            problem = f"{problem} [{_rule_near(path, known) or 'policy'}]"
        problems.append(problem)
    return problems


def _rule_near(path: str, known: Mapping[str, tuple[str | None, Any]]) -> str | None:
    """The rule of the section holding ``path``, or of its nearest known ancestor."""
    parts = path.split(".")
    for depth in range(len(parts), 0, -1):
        prefix = ".".join(parts[:depth])
        for candidate, (rule, _value) in known.items():
            if rule and (candidate == prefix or candidate.startswith(prefix + ".")):
                return rule
    return None


def diff_policies(a: Policy, b: Policy) -> list[PolicyChange]:
    """List the parameters that differ between two policies (政策差异), in the order of ``a``.

    Each row is (dotted path, rule ID of the section holding it, value in ``a``, value in
    ``b``); a path present in only one policy has ``None`` on the other side.
    """
    before: dict[str, tuple[str | None, Any]] = {}
    after: dict[str, tuple[str | None, Any]] = {}
    _flatten(resolve_policy(a), "", None, before)
    _flatten(resolve_policy(b), "", None, after)
    rows = []
    for path in [*before, *(p for p in after if p not in before)]:
        rule_a, value_a = before.get(path, (None, None))
        rule_b, value_b = after.get(path, (None, None))
        if value_a != value_b or (path in before) != (path in after):
            rows.append(PolicyChange(path, rule_a or rule_b, value_a, value_b))
    return rows

"""Policy differences (政策差异): every parameter of a policy by dotted path, and what changed.

>>> from keyaccount_rules import default_policy
>>> baseline = default_policy()
>>> diff_policies(baseline, baseline.with_changes({"grading.tiers.gold": 81}))
[PolicyChange(path='grading.tiers.gold', rule='GRADE-4', before='75', after='81')]
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from keyaccount_rules.core.explanation import to_json_data
from keyaccount_rules.core.frozen import FrozenJson
from keyaccount_rules.policy import (
    Policy,
    PolicyProblem,
    SchedulePolicy,
    Section,
    check_policy,
    resolve_policy,
)

__all__ = [
    "PolicyChange",
    "diff_policies",
    "editions_table",
    "policy_parameters",
    "policy_problems",
]

#: What a problem outside every rule section (a policy label, an unknown top-level key) shows
#: in place of a rule ID.
OUTSIDE_RULES = "policy"


#: A parameter's value in its JSON form (codes, decimal strings, lists as tuples), read-only.
_JsonValue = Annotated[FrozenJson, BeforeValidator(to_json_data)]


class PolicyChange(BaseModel):
    """One changed parameter (政策差异): its dotted path, its section's rule, before and after.

    The one row type of a policy difference: :func:`diff_policies` returns these and a
    :class:`~keyaccount_rules.engine.comparison.Comparison` holds them (``ParameterChange`` is
    the same class). Values are held in their JSON form (``Decimal("75")`` is ``"75"``, a set
    of codes a sorted tuple), so a row survives a JSON round trip unchanged; ``None`` on the
    side where the path is absent.

    >>> from decimal import Decimal
    >>> PolicyChange(path="grading.tiers.gold", rule="GRADE-4", before=Decimal("75"), after=81)
    PolicyChange(path='grading.tiers.gold', rule='GRADE-4', before='75', after=81)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = Field(description="Dotted path of the parameter, e.g. grading.tiers.gold.")
    rule: str | None = Field(description="Rule ID of the section holding it.")
    before: _JsonValue = Field(description="Value in the baseline (JSON form); null if absent.")
    after: _JsonValue = Field(description="Value in the variant (JSON form); null if absent.")

    @classmethod
    def of(cls, change: PolicyChange) -> PolicyChange:
        """The row itself: ``ParameterChange.of(row)`` names the same type, so it is the
        identity on a :func:`diff_policies` row."""
        if not isinstance(change, PolicyChange):
            raise TypeError(f"change: must be a PolicyChange (got {type(change).__name__})")
        return change


def _optional_sections(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(
        name
        for name, field in model.model_fields.items()
        if any(isinstance(t, type) and issubclass(t, BaseModel) for t in get_args(field.annotation))
    )


#: The optional sections of the policy and of its ``schedules`` (absent from some editions).
_SECTIONS = {
    "Policy": _optional_sections(Policy),
    "SchedulePolicy": _optional_sections(SchedulePolicy),
}


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
            value = getattr(node, name)
            if value is None and name in _SECTIONS.get(type(node).__name__, ()):
                continue  # a section this edition lacks has no parameters (RULEBOOK §0)
            _flatten(value, child, rule, out)
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


def policy_problems(data: Mapping[str, Any]) -> list[PolicyProblem]:
    """Every problem of policy data (as :func:`check_policy`), each with a rule.

    :func:`check_policy` already gives a structural problem (a missing or mistyped field) the
    rule of the section holding its path; a problem outside every section (``colour`` at the
    top) gets ``"policy"``, so each problem prints as ``path: problem [RULE]``.
    """
    return [
        problem if problem.rule else problem._replace(rule=OUTSIDE_RULES)
        for problem in check_policy(data)
    ]


def diff_policies(a: Policy, b: Policy) -> list[PolicyChange]:
    """List the parameters that differ between two policies (政策差异), in the order of ``a``.

    Each row is a :class:`PolicyChange` (dotted path, rule ID of the section holding it,
    value in ``a``, value in ``b``, in JSON form); a path present in only one policy has
    ``None`` on the other side. Values are compared before conversion (sets as sets).
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
            rows.append(
                PolicyChange(path=path, rule=rule_a or rule_b, before=value_a, after=value_b)
            )
    return rows


def _cited(node: Any, out: set[str]) -> None:
    """Every rule ID a policy's data cites: sections' ``rule`` and gap rules of table cells."""
    if isinstance(node, Section):
        out.add(node.rule)
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name == "cell_rules":
                out.update(getattr(node, name).values())
            else:
                _cited(getattr(node, name), out)
    elif isinstance(node, Mapping):
        for value in node.values():
            _cited(value, out)
    elif isinstance(node, tuple | list):
        for value in node:
            _cited(value, out)


def _rule_key(rule: str) -> tuple[str, int]:
    prefix, _, number = rule.rpartition("-")
    return prefix, int(number)


def editions_table(policies: Mapping[str, Policy]) -> str:
    """A Markdown comparison of policies (the editions), generated from their data.

    Two tables: the sections each policy has, and the rule IDs each one's data cites (a
    section's ``rule`` or a table cell's gap rule); then each one's calendar by bureau (G-16).
    ``docs/editions/index.md`` holds the table for the shipped editions; a test checks it.
    """
    names = list(policies)
    head = "| | " + " | ".join(f"`{n}`" for n in names) + " |"
    rule_line = "|---|" + "---|" * len(names)
    lines = ["| section | " + " | ".join(f"`{n}`" for n in names) + " |", rule_line]
    sections = [
        *(
            n
            for n in Policy.model_fields
            if n not in ("name", "version", "effective_from", "edition", "schedules")
        ),
        *(f"schedules.{n}" for n in SchedulePolicy.model_fields),
    ]
    for path in sections:
        cells = []
        for policy in policies.values():
            node: Any = policy
            for part in path.split("."):
                node = getattr(node, part)
            cells.append("✓" if node is not None else "—")
        lines.append(f"| `{path}` | " + " | ".join(cells) + " |")
    lines += ["", "| rule | " + " | ".join(f"`{n}`" for n in names) + " |", rule_line]
    cited = {}
    for name, policy in policies.items():
        found: set[str] = set()
        _cited(policy, found)
        cited[name] = found
    for rule in sorted(set().union(*cited.values()), key=_rule_key):
        lines.append(
            f"| {rule} | " + " | ".join("✓" if rule in cited[n] else "—" for n in names) + " |"
        )
    lines += ["", head.replace("| |", "| calendar duties |", 1), rule_line]
    bureaus = sorted(
        {d.bureau or "-" for p in policies.values() for d in p.schedules.calendar.duties}
    )
    for bureau in bureaus:
        counts = [
            str(sum(1 for d in p.schedules.calendar.duties if (d.bureau or "-") == bureau))
            for p in policies.values()
        ]
        lines.append(f"| {bureau} | " + " | ".join(counts) + " |")
    return "\n".join(lines) + "\n"

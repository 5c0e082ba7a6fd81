"""Small helpers shared by the rule modules: policy defaulting and enum arguments."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.policy import Policy, default_policy

__all__ = ["as_enum", "resolve_policy"]

E = TypeVar("E", bound=StrEnum)


def resolve_policy(policy: Policy | None) -> Policy:
    """The given policy, or the default one; anything else is a clear error."""
    if policy is None:
        return default_policy()
    if not isinstance(policy, Policy):
        raise RuleInputError(
            "policy", "must be a keyaccount_rules.Policy", got=type(policy).__name__
        )
    return policy


def as_enum(enum: type[E], value: object, field: str, *, rule: str | None = None) -> E:
    """Coerce a member or its code (``"gold"``) to ``enum``; anything else names ``field``."""
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
    choices = ", ".join(member.value for member in enum)
    raise RuleInputError(field, f"must be one of {choices}", got=value, rule=rule)

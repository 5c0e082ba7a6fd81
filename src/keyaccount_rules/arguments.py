"""Small helpers shared by the rule modules: policy defaulting and enum arguments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.policy import Policy, default_policy

__all__ = ["as_enum", "as_name", "as_record", "as_records", "enum_mapping", "resolve_policy"]

E = TypeVar("E", bound=StrEnum)
V = TypeVar("V")


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


def enum_mapping(
    enum: type[E],
    values: object,
    field: str,
    parse: Callable[[object, str], V],
    *,
    rule: str,
    complete: bool = True,
) -> dict[E, V]:
    """Read a mapping keyed by ``enum`` members or codes; each value goes through ``parse``.

    Errors name the entry (``quality.marketing``): an unknown or repeated key, a bad value,
    and, when ``complete``, every member that is missing.
    """
    if not isinstance(values, Mapping):
        raise RuleInputError(
            field, f"must be a mapping keyed by {enum.__name__}", got=type(values).__name__
        )
    result: dict[E, V] = {}
    for key, value in values.items():
        member = as_enum(enum, key, f"{field} key", rule=rule)
        if member in result:
            raise RuleInputError(f"{field}.{member.value}", "is given twice", rule=rule)
        result[member] = parse(value, f"{field}.{member.value}")
    if complete:
        missing = [member.value for member in enum if member not in result]
        if missing:
            raise RuleInputError(
                f"{field}.{missing[0]}",
                f"is missing (every {enum.__name__} needs a value; missing: {', '.join(missing)})",
                rule=rule,
            )
    return result


def as_record(model: type[BaseModel], item: object, field: str, rule: str) -> Any:
    """``item`` as a ``model`` record; a mapping is validated and its errors named by field."""
    if isinstance(item, model):
        return item
    if isinstance(item, Mapping):
        try:
            return model.model_validate(item)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise RuleInputError(
                f"{field}.{where}", first["msg"], got=first.get("input"), rule=rule
            ) from err
    raise RuleInputError(field, f"must be a {model.__name__}", got=type(item).__name__, rule=rule)


def as_records(model: type[BaseModel], items: object, field: str, rule: str) -> list[Any]:
    """Each item of an iterable as a ``model`` record, errors named ``field[i].<name>``."""
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        raise RuleInputError(
            field, f"must be an iterable of {model.__name__}", got=type(items).__name__, rule=rule
        )
    return [as_record(model, item, f"{field}[{index}]", rule) for index, item in enumerate(items)]


def as_name(value: object, field: str, rule: str) -> str:
    """A non-empty name (of a unit, a manager, a place); anything else names ``field``."""
    if not isinstance(value, str) or not value.strip():
        raise RuleInputError(field, "must be a non-empty name", got=value, rule=rule)
    return value


def as_iterable(
    values: object, field: str, *, rule: str | None = None, what: str = "items"
) -> Iterable[Any]:
    """``values`` as an iterable of items; a string, a date or a non-iterable names ``field``."""
    if isinstance(values, str | bytes | date) or not isinstance(values, Iterable):
        raise RuleInputError(field, f"must be a collection of {what}", got=values, rule=rule)
    return values

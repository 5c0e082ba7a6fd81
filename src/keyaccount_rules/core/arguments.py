"""Arguments at the boundary (参数校验): every public function validates its inputs here, once.

Each kind of argument is declared once — a date (:data:`Day`), a yes/no (:data:`Flag`), the
bureau's revenue (:data:`BureauRevenue`), an enum, a mapping keyed by an enum, records — and
:func:`checked` validates any declared type with pydantic, turning its error into a
:class:`RuleInputError` that names the field and the rule. Rules then decide on values that
are already valid.

>>> import datetime
>>> checked(Day, datetime.date(2026, 11, 23), "as_of")
datetime.date(2026, 11, 23)
>>> checked(Flag, "yes", "one_time", rule="FLUX-1")
Traceback (most recent call last):
...
keyaccount_rules.RuleInputError: one_time: must be True or False (got 'yes') [FLUX-1]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, TypeAdapter, ValidationError, ValidationInfo

from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.money import AmountError, yuan

__all__ = [
    "BureauRevenue",
    "Day",
    "EARLIEST",
    "Flag",
    "LATEST",
    "as_date",
    "as_enum",
    "as_iterable",
    "as_name",
    "as_record",
    "as_records",
    "checked",
    "enum_mapping",
    "input_error",
]

#: The calendar the rules accept: periods and deadlines step a month or a year either side
#: of a date, and at the very ends of ``datetime.date`` that step does not exist.
EARLIEST = date(2, 1, 1)
LATEST = date(9998, 12, 31)


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(value: object, info: ValidationInfo) -> date:
    if info.mode == "json" and isinstance(value, str) and _ISO_DAY.fullmatch(value):
        # a model's own JSON writes dates as YYYY-MM-DD; Python callers pass a date
        with suppress(ValueError):
            value = date.fromisoformat(value)
    return _plain_date(value)


def _plain_date(value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(
            f"must be a datetime.date{_FIX}pass date(2025, 3, 31), not a string or a datetime"
        )
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"must be between {EARLIEST} and {LATEST}")
    return value


def _strict_flag(value: object) -> bool:
    if value is True or value is False:
        return value
    raise ValueError("must be True or False")


def _positive_yuan(value: object) -> Decimal:
    amount = yuan(value)
    if not amount:
        raise ValueError("must be positive")
    return amount


Day = Annotated[date, BeforeValidator(_day)]
"""A calendar date argument (``as_of``, a month, a deadline): a ``date``, never a datetime."""
Flag = Annotated[bool, BeforeValidator(_strict_flag)]
"""A yes/no argument: exactly ``True`` or ``False`` (``1`` or ``"yes"`` is an error)."""
BureauRevenue = Annotated[Decimal, BeforeValidator(_positive_yuan)]
"""The bureau's annual revenue (全局年收入): valid yuan and positive (GRADE-6)."""


#: Adapters by the identity of the declared type (hashing a typing construct on every call
#: costs more than the validation); the entry keeps the type alive, so its id stays its own.
_ADAPTERS: dict[int, tuple[Any, TypeAdapter[Any]]] = {}


def _adapter(kind: Any) -> TypeAdapter[Any]:
    entry = _ADAPTERS.get(id(kind))
    if entry is None or entry[0] is not kind:
        entry = _ADAPTERS[id(kind)] = (kind, TypeAdapter(kind))
    return entry[1]


def _already_valid(kind: Any, value: object) -> bool:
    """The common, already valid arguments, accepted without a trip through pydantic: the
    same answer the validators give (a real bool for Flag, a plain date in range for Day)."""
    if kind is Flag:
        return value is True or value is False
    if kind is Day:
        return type(value) is date and EARLIEST <= value <= LATEST
    return False


#: A validator's message may end with the fix, after this separator: "problem|fix".
_FIX = "|"


def checked(kind: Any, value: object, field: str, *, rule: str | None = None) -> Any:
    """Validate ``value`` as the declared type ``kind``; errors name ``field`` and ``rule``."""
    if _already_valid(kind, value):
        return value
    try:
        return _adapter(kind).validate_python(value)
    except ValidationError as err:
        raise input_error(err, field, rule=rule) from None


def input_error(
    err: ValidationError, field: str = "", *, rule: str | Mapping[str, str] | None = None
) -> RuleInputError:
    """The :class:`RuleInputError` of pydantic's first error: one message for one bad value.

    ``field`` prefixes the error's location (``""``: the location alone, as for a model's
    fields); ``rule`` is the rule cited, or the rule of each top-level field by name. A
    :class:`RuleInputError` raised inside a validator is returned as it was raised.
    """
    first = err.errors()[0]
    raised = first.get("ctx", {}).get("error")
    if isinstance(raised, RuleInputError):
        return raised
    loc = [str(part) for part in first["loc"]]
    where = ".".join(loc)
    name = f"{field}.{where}" if field and where else field or where
    cited = rule.get(loc[0]) if isinstance(rule, Mapping) and loc else rule
    if first["type"] == "missing":
        return RuleInputError(name, "is required", rule=cited if isinstance(cited, str) else None)
    problem, _sep, fix = first["msg"].removeprefix("Value error, ").partition(_FIX)
    if isinstance(raised, AmountError):  # the money parser gives its fix apart
        problem, fix = raised.problem, raised.fix
    got = first.get("input")
    return RuleInputError(
        name,
        problem,
        got=got.isoformat() if isinstance(got, date) else got,
        rule=cited if isinstance(cited, str) else None,
        fix=fix,
    )


def as_date(value: object, field: str, *, rule: str | None = None) -> date:
    """A :data:`Day` argument; errors name ``field`` (and ``rule``)."""
    result: date = checked(Day, value, field, rule=rule)
    return result


E = TypeVar("E", bound=StrEnum)
V = TypeVar("V")


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

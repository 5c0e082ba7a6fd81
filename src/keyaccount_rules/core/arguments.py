"""Arguments at the boundary (参数校验): each kind of argument is declared once, as a type.

A declared type is an ``Annotated[...]`` whose validator refuses a bad value with an
:class:`~keyaccount_rules.core.errors.InvalidValueError` — the problem, the value shown, the
fix, where inside the value — and never names the argument: :func:`checked` validates an
argument as a declared type and names it, giving the :class:`RuleInputError` ``<field>:
<problem> (got <value>) [<RULE>]; <fix>``. The same types serve as fields of records
(pydantic runs the same validator) and as the items of other declared types. Rules then
decide on values that are already valid.

Declared here: a date (:data:`Day`, :data:`Dates`), a yes/no (:data:`Flag`), the bureau's
revenue (:data:`BureauRevenue`), a fraction (:data:`Proportion`), a name (:data:`Name`), a
customer key (:data:`CustomerKey`), a progress hook (:data:`Progress`), a member of an enum
(:func:`member`), an instance of a class (:func:`instance_of`), one of a few words
(:func:`one_of`), a collection
(:func:`collection`), a pair (:func:`pair`), records (:func:`record`, :func:`records`), and
mappings keyed by an enum (:func:`keyed_by`) or by customer (:func:`keyed`). Four checks
relate an argument to another: :func:`not_after` (dates up to ``as_of``), :func:`not_before`
(a span's end), :func:`present` (a key in another mapping) and :func:`distinct` (a key given
once).

>>> import datetime
>>> checked(Day, datetime.date(2026, 11, 23), "as_of")
datetime.date(2026, 11, 23)
>>> checked(Flag, "yes", "one_time", rule="FLUX-1")
Traceback (most recent call last):
...
keyaccount_rules.RuleInputError: one_time: must be True or False (got 'yes') [FLUX-1]
>>> checked(collection("must be a collection of dates", Day), [datetime.date(2025, 1, 2), 5],
...         "refresh_dates", rule="ARCH-2")
Traceback (most recent call last):
...
keyaccount_rules.RuleInputError: refresh_dates[1]: must be a datetime.date (got 5) [ARCH-2]; \
pass date(2025, 3, 31), not a string or a datetime
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from contextlib import suppress
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, TypeVar, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
)

from keyaccount_rules.core.errors import (
    CALLER,
    INPUT,
    NOT_SHOWN,
    InvalidValueError,
    RuleInputError,
    refused,
)
from keyaccount_rules.core.money import Yuan, fraction, yuan

__all__ = [
    "EARLIEST",
    "LATEST",
    "BureauRevenue",
    "CustomerKey",
    "Dates",
    "Day",
    "Flag",
    "Name",
    "Progress",
    "Proportion",
    "as_date",
    "as_enum",
    "as_iterable",
    "as_name",
    "as_record",
    "as_records",
    "checked",
    "collection",
    "distinct",
    "enum_mapping",
    "input_error",
    "instance_of",
    "keyed",
    "keyed_by",
    "member",
    "not_after",
    "not_before",
    "one_of",
    "pair",
    "present",
    "record",
    "records",
    "spelling",
    "validator",
]

#: The calendar the rules accept: periods and deadlines step a month or a year either side
#: of a date, and at the very ends of ``datetime.date`` that step does not exist.
EARLIEST = date(2, 1, 1)
LATEST = date(9998, 12, 31)


# --- scalars ----------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(value: object, info: ValidationInfo) -> date:
    if info.mode == "json" and isinstance(value, str) and _ISO_DAY.fullmatch(value):
        # a model's own JSON writes dates as YYYY-MM-DD; Python callers pass a date
        with suppress(ValueError):
            value = date.fromisoformat(value)
    return _plain_date(value)


def _plain_date(value: object) -> date:
    if type(value) is date and EARLIEST <= value <= LATEST:
        return value
    shown = value.isoformat() if isinstance(value, date) else INPUT
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValueError(
            "must be a datetime.date",
            got=shown,
            fix="pass date(2025, 3, 31), not a string or a datetime",
        )
    if not EARLIEST <= value <= LATEST:
        raise InvalidValueError(f"must be between {EARLIEST} and {LATEST}", got=shown)
    return value  # a subclass of date that is no datetime


def _strict_flag(value: object) -> bool:
    if value is True or value is False:
        return value
    raise InvalidValueError("must be True or False")


def _positive_yuan(value: object) -> Decimal:
    amount = yuan(value)
    if not amount:
        raise InvalidValueError("must be positive")
    return amount


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError("must be a non-empty name")
    return value


def _customer_key(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidValueError("must be a non-empty customer key")
    return value


def _progress(value: object) -> Callable[[int], object] | None:
    if value is None or callable(value):
        return value
    raise InvalidValueError(
        "must be a function called with the number of customers done, or None",
        got=type(value).__name__,
        fix="pass a tqdm bar's update, e.g. progress=tqdm(total=n).update",
    )


Day = Annotated[date, BeforeValidator(_day)]
"""A calendar date argument (``as_of``, a month, a deadline): a ``date``, never a datetime."""
Flag = Annotated[bool, BeforeValidator(_strict_flag)]
"""A yes/no argument: exactly ``True`` or ``False`` (``1`` or ``"yes"`` is an error)."""
BureauRevenue = Annotated[Decimal, BeforeValidator(_positive_yuan)]
"""The bureau's annual revenue (全局年收入): valid yuan and positive (GRADE-6)."""
Proportion = Annotated[Decimal, PlainValidator(fraction)]
"""A fraction in [0, 1] (a quality, an attainment, a fee rate), read by the one number parser."""
Name = Annotated[str, PlainValidator(_name)]
"""The name of a unit, a manager, a place or a project: a string that is not blank."""
CustomerKey = Annotated[str, PlainValidator(_customer_key)]
"""The key of a customer in a mapping or a list (its name or ID): a non-empty string."""
Progress = Annotated[Any, PlainValidator(_progress)]
"""A progress hook (``progress=``): ``None``, or a function called with ``1`` after each
customer, tqdm-style (``tqdm(total=n).update``)."""


# --- validation: one function per declared type, one place that names the argument ----------

#: The Python-mode validator of the declared types whose pydantic validator does more (``Day``
#: also reads a model's JSON) or is a ``BeforeValidator``: the same function, called directly.
_PYTHON_MODE: dict[int, tuple[Any, Callable[[object], Any]]] = {
    id(kind): (kind, function)
    for kind, function in (
        (Day, _plain_date),
        (Flag, _strict_flag),
        (BureauRevenue, _positive_yuan),
        (Yuan, yuan),
    )
}

#: Validators by the identity of the declared type (hashing a typing construct on every call
#: costs more than the validation); the entry keeps the type alive, so its id stays its own.
_VALIDATORS: dict[int, tuple[Any, Callable[[object], Any]]] = {}


def validator(kind: Any) -> Callable[[object], Any]:
    """The function that validates a value as the declared type ``kind``, raising a
    ``ValueError`` (an :class:`InvalidValueError`, mostly) that names no argument.

    A type whose validator is one plain function is that function; any other type (``str |
    None``, a record, ``tuple[date, ...]``) goes through pydantic's ``TypeAdapter``.
    """
    entry = _VALIDATORS.get(id(kind))
    if entry is None or entry[0] is not kind:
        entry = _VALIDATORS[id(kind)] = (kind, _function(kind))
    return entry[1]


def _direct(kind: Any) -> Callable[[object], Any] | None:
    """The one function that validates ``kind``, when there is one (no pydantic needed)."""
    known = _PYTHON_MODE.get(id(kind))
    if known is not None and known[0] is kind:
        return known[1]
    if get_origin(kind) is Annotated:
        metadata = get_args(kind)[1:]
        if len(metadata) == 1 and isinstance(metadata[0], PlainValidator):
            plain: Callable[[object], Any] = metadata[0].func  # type: ignore[assignment]
            return plain
    return None


def _function(kind: Any) -> Callable[[object], Any]:
    direct = _direct(kind)
    if direct is not None:
        return direct
    adapter: TypeAdapter[Any] = TypeAdapter(kind)

    def through_pydantic(value: object) -> Any:
        try:
            return adapter.validate_python(value)
        except ValidationError as err:
            raise _refusal(err) from None

    return through_pydantic


def checked(kind: Any, value: object, field: str, *, rule: str | None = None) -> Any:
    """Validate ``value`` as the declared type ``kind``; errors name ``field`` and ``rule``."""
    try:
        return validator(kind)(value)
    except ValueError as err:
        raise refused(err, field, got=value, rule=rule) from None


def _refusal(err: ValidationError) -> ValueError:
    """pydantic's first error as a refusal placed at its location (``.as_of``)."""
    first = err.errors()[0]
    at = "".join(f".{part}" for part in first["loc"])
    raised = first.get("ctx", {}).get("error")
    if isinstance(raised, RuleInputError):
        return raised
    if isinstance(raised, InvalidValueError):
        return raised.within(at, first.get("input"))
    got = first.get("input")
    if first["type"] == "missing":
        return InvalidValueError("is required", got=NOT_SHOWN, at=at)
    return InvalidValueError(
        first["msg"].removeprefix("Value error, "),
        got=got.isoformat() if isinstance(got, date) else got,
        at=at,
    )


def input_error(
    err: ValidationError, field: str = "", *, rule: str | Mapping[str, str] | None = None
) -> RuleInputError:
    """The :class:`RuleInputError` of pydantic's first error: one message for one bad value.

    ``field`` prefixes the error's location (``""``: the location alone, as for a model's
    fields); ``rule`` is the rule cited, or the rule of each top-level field by name. A
    :class:`RuleInputError` raised inside a validator is returned as it was raised.
    """
    loc = err.errors()[0]["loc"]
    cited = rule.get(str(loc[0])) if isinstance(rule, Mapping) and loc else rule
    refusal = _refusal(err)
    if not field and isinstance(refusal, InvalidValueError):  # the location alone names the field
        refusal.at = refusal.at.removeprefix(".")
    return refused(refusal, field, got=NOT_SHOWN, rule=cited if isinstance(cited, str) else None)


def _lazy(kind: Any) -> Callable[[object], Any]:
    """:func:`validator` of ``kind``: its own function, or one that builds the ``TypeAdapter``
    when a value is first validated (a declared type made at import builds none)."""
    direct = _direct(kind)
    if direct is not None:
        return direct
    found: list[Callable[[object], Any]] = []

    def validate(value: object) -> Any:
        if not found:
            found.append(validator(kind))
        return found[0](value)

    return validate


def _inside(err: ValueError, at: str, value: object) -> ValueError:
    """An item's refusal as its container's: placed ``at`` the item, showing it."""
    if isinstance(err, RuleInputError):
        return err
    if isinstance(err, InvalidValueError):
        return err.within(at, value)
    return InvalidValueError(str(err), got=value, at=at)


# --- declared type factories: each made once per set of arguments (cached) -------------------

E = TypeVar("E", bound=StrEnum)


def _member_of(enum: type[E], value: object) -> E | None:
    """The member ``value`` is or names (its code, ``"gold"``), else ``None``."""
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            return None
    return None


def _choices(enum: type[StrEnum]) -> str:
    """The members as an error lists them: codes with their Chinese labels where they have
    them (``regional (区域)``), else codes."""
    listing = getattr(enum, "choices", None)
    return str(listing()) if callable(listing) else ", ".join(item.value for item in enum)


def _member_check(enum: type[E]) -> Callable[[object], E]:
    def validate(value: object) -> E:
        found = _member_of(enum, value)
        if found is None:  # the labels are read from the catalogues on the first refusal
            raise InvalidValueError(f"must be one of {_choices(enum)}")
        return found

    return validate


@cache
def member(enum: type[E]) -> Any:
    """A member of ``enum``, given as the member or any spelling the vocabulary accepts: its
    code (``"gold"``), its name, its Chinese label (``"黄金"``) and forms (``"黄金客户"``).

    A refusal lists the codes with their Chinese labels.
    """
    return Annotated[enum, PlainValidator(_member_check(enum))]


@cache
def spelling(enum: type[E]) -> Callable[[object], E]:
    """:func:`member`'s check as a record field's ``BeforeValidator``: the same spellings and
    refusal, while the field's JSON schema stays the enum's:
    ``Annotated[Scope, BeforeValidator(spelling(Scope))]``."""
    return _member_check(enum)


@cache
def instance_of(cls: type | tuple[type, ...], problem: str, *, show: str = "type") -> Any:
    """An instance of ``cls`` (e.g. a record made by its own constructor); anything else is
    refused with ``problem``, showing the value's type name (``show="type"``) or the value."""

    def validate(value: object) -> Any:
        if isinstance(value, cls):
            return value
        raise InvalidValueError(problem, got=type(value).__name__ if show == "type" else INPUT)

    return Annotated[Any, PlainValidator(validate)]


@cache
def one_of(choices: tuple[Hashable, ...], problem: str) -> Any:
    """One of a few fixed values (a format, a language); anything else is refused."""

    def validate(value: object) -> Any:
        if isinstance(value, Hashable) and value in choices:
            return value
        raise InvalidValueError(problem)

    return Annotated[Any, PlainValidator(validate)]


@cache
def collection(
    problem: str,
    item: Any = None,
    *,
    refuse: tuple[type, ...] = (str, bytes, date),
    show: str = "value",
    cite: bool = True,
) -> Any:
    """A collection argument: any iterable but a ``refuse`` type (a string is not a collection
    of names, nor a date of dates); else ``problem``, showing the value (or its type name,
    ``show="type"``), citing the call's rule unless ``cite`` is False.

    With an ``item`` type, each item is validated (errors name ``field[i]``) and the items come
    back as a tuple; without, the iterable comes back as given (a stream is not consumed).
    """
    check = None if item is None else _lazy(item)

    def validate(value: object) -> Any:
        if isinstance(value, refuse) or not isinstance(value, Iterable):
            raise InvalidValueError(
                problem,
                got=type(value).__name__ if show == "type" else INPUT,
                rule=CALLER if cite else None,
            )
        if check is None:
            return value
        found = []
        for index, one in enumerate(value):
            try:
                found.append(check(one))
            except ValueError as err:
                raise _inside(err, f"[{index}]", one) from None
        return tuple(found)

    return Annotated[Any, PlainValidator(validate)]


@cache
def pair(first: Any, second: Any, problem: str) -> Any:
    """A pair (``(date, tier)``): two items, each of its declared type; anything that does not
    unpack into two is ``problem``. An item's refusal is the pair's, showing the item."""
    checks = (_lazy(first), _lazy(second))

    def validate(value: object) -> tuple[Any, Any]:
        items = tuple(value) if isinstance(value, Iterable) else ()
        if len(items) != len(checks):
            raise InvalidValueError(problem)
        found = []
        for check, item in zip(checks, items, strict=True):
            try:
                found.append(check(item))
            except ValueError as err:
                raise _inside(err, "", item) from None
        return found[0], found[1]

    return Annotated[tuple[Any, Any], PlainValidator(validate)]


@cache
def record(model: type[BaseModel]) -> Any:
    """A ``model`` record, or a mapping of its fields validated into one; pydantic's error names
    the field inside (``[0].amount``) with its own words."""

    def validate(value: object) -> Any:
        if isinstance(value, model):
            return value
        if not isinstance(value, Mapping):
            raise InvalidValueError(f"must be a {model.__name__}", got=type(value).__name__)
        try:
            return model.model_validate(value)
        except ValidationError as err:
            first = err.errors()[0]
            at = "".join(f".{part}" for part in first["loc"])
            raise InvalidValueError(first["msg"], got=first.get("input"), at=at) from None

    return Annotated[Any, PlainValidator(validate)]


@cache
def records(model: type[BaseModel]) -> Any:
    """An iterable of :func:`record`\\ s (not a string or a single mapping), as a tuple."""
    return collection(
        f"must be an iterable of {model.__name__}",
        record(model),
        refuse=(str, bytes, Mapping),
        show="type",
    )


@cache
def keyed_by(enum: type[StrEnum], value: Any, *, complete: bool = True) -> Any:
    """A mapping keyed by ``enum`` members or codes, each value of the declared type ``value``.

    Errors name the entry (``quality.marketing``): an unknown (``quality key``) or repeated key,
    a bad value, and, when ``complete``, the first member that is missing (listing them all).
    """
    key = validator(member(enum))
    check = _lazy(value)

    def validate(given: object) -> dict[Any, Any]:
        if not isinstance(given, Mapping):
            raise InvalidValueError(
                f"must be a mapping keyed by {enum.__name__}", got=type(given).__name__, rule=None
            )
        found: dict[Any, Any] = {}
        for raw, one in given.items():
            try:
                item = key(raw)
            except ValueError as err:
                raise _inside(err, " key", raw) from None
            if item in found:
                raise InvalidValueError("is given twice", got=NOT_SHOWN, at=f".{item.value}")
            try:
                found[item] = check(one)
            except ValueError as err:
                raise _inside(err, f".{item.value}", one) from None
        missing = [item.value for item in enum if item not in found] if complete else []
        if missing:
            listed = ", ".join(missing)
            raise InvalidValueError(
                f"is missing (every {enum.__name__} needs a value; missing: {listed})",
                got=NOT_SHOWN,
                at=f".{missing[0]}",
            )
        return found

    return Annotated[dict[Any, Any], PlainValidator(validate)]


@cache
def keyed(problem: str, value: Any, *, key: Any = CustomerKey, key_at: str = " key") -> Any:
    """A mapping customer key → a value of the declared type ``value`` (``["a"]`` names one);
    not a mapping is ``problem``, showing the type's name; a bad key is named ``key_at``."""
    check_key = _lazy(key)
    check = _lazy(value)

    def validate(given: object) -> dict[str, Any]:
        if not isinstance(given, Mapping):
            raise InvalidValueError(problem, got=type(given).__name__)
        found: dict[str, Any] = {}
        for raw, one in given.items():
            try:
                name = check_key(raw)
            except ValueError as err:
                raise _inside(err, key_at, raw) from None
            try:
                found[name] = check(one)
            except ValueError as err:
                raise _inside(err, f"[{name!r}]", one) from None
        return found

    return Annotated[dict[str, Any], PlainValidator(validate)]


Dates = collection("must be a collection of dates", Day)
"""Dates (refreshes, visits, key dates): a collection of :data:`Day`, as a tuple."""


# --- checks that relate an argument to another -----------------------------------------------


def not_after(
    as_of: date,
    days: Iterable[date | None],
    field: str,
    *,
    rule: str,
    at: str = "",
    fix: str = "",
) -> None:
    """Every day of ``days`` (validated dates; ``None``: undated) on or before ``as_of``: a
    status cannot count what has not happened yet. The first after it is ``field[i]<at>``."""
    for index, day in enumerate(days):
        if day is not None and day > as_of:
            raise RuleInputError(
                f"{field}[{index}]{at}",
                f"must not be after as_of {as_of}",
                got=day.isoformat(),
                rule=rule,
                fix=fix,
            )


def not_before(day: date, first: date, field: str, what: str, *, rule: str | None = None) -> None:
    """``day`` (the argument ``field``) on or after ``first``, which ``what`` names (``start
    2025-03-20``): a span cannot end before it begins."""
    if day < first:
        raise RuleInputError(field, f"must not be before {what}", got=day.isoformat(), rule=rule)


def present(
    keys: Iterable[str], given: Mapping[str, Any], field: str, problem: str, *, rule: str
) -> None:
    """Every key of ``keys`` in ``given`` (two mappings of the same customers): the first
    missing one is ``field['key']: <problem>``."""
    for key in keys:
        if key not in given:
            raise RuleInputError(f"{field}[{key!r}]", problem, rule=rule)


def distinct(
    keys: Iterable[object],
    field: str,
    problem: str,
    *,
    at: str = "",
    show: Callable[[Any], object] = str,
    rule: str | None = None,
) -> None:
    """Each key once: the first repeated one is ``field[i]<at>: <problem> (got <key>)``."""
    seen: set[object] = set()
    for index, key in enumerate(keys):
        if key in seen:
            raise RuleInputError(f"{field}[{index}]{at}", problem, got=show(key), rule=rule)
        seen.add(key)


# --- the same, called by name (each one a declared type, validated by checked) ---------------


def as_date(value: object, field: str, *, rule: str | None = None) -> date:
    """A :data:`Day` argument; errors name ``field`` (and ``rule``)."""
    result: date = checked(Day, value, field, rule=rule)
    return result


def as_enum(enum: type[E], value: object, field: str, *, rule: str | None = None) -> E:
    """Coerce a member or its code (``"gold"``) to ``enum``; anything else names ``field``."""
    found = _member_of(enum, value)  # what member(enum) accepts, without naming a refusal
    if found is not None:
        return found
    result: E = checked(member(enum), value, field, rule=rule)  # refuses it, naming the field
    return result


def as_name(value: object, field: str, rule: str) -> str:
    """A :data:`Name`; anything else names ``field``."""
    result: str = checked(Name, value, field, rule=rule)
    return result


def as_iterable(
    values: object, field: str, *, rule: str | None = None, what: str = "items"
) -> Iterable[Any]:
    """``values`` as an iterable of items; a string, a date or a non-iterable names ``field``."""
    result: Iterable[Any] = checked(
        collection(f"must be a collection of {what}"), values, field, rule=rule
    )
    return result


def as_record(model: type[BaseModel], item: object, field: str, rule: str) -> Any:
    """``item`` as a ``model`` :func:`record`; errors named by field."""
    return checked(record(model), item, field, rule=rule)


def as_records(model: type[BaseModel], items: object, field: str, rule: str) -> list[Any]:
    """Each item of an iterable as a ``model`` record, errors named ``field[i].<name>``."""
    return list(checked(records(model), items, field, rule=rule))


def enum_mapping(
    enum: type[E],
    values: object,
    field: str,
    value: Any,
    *,
    rule: str,
    complete: bool = True,
) -> dict[E, Any]:
    """A mapping :func:`keyed_by` ``enum``, each value of the declared type ``value``."""
    result: dict[E, Any] = checked(
        keyed_by(enum, value, complete=complete), values, field, rule=rule
    )
    return result

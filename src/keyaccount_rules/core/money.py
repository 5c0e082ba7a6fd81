"""Money (金额): exact ``Decimal`` yuan, cent rounding and display (RULEBOOK §17, PAY-5).

Amounts are non-negative, finite, with at most two decimal places. ``int``, decimal strings
and ``Decimal`` are accepted; a ``float`` only through its shortest repr, so ``1234.5`` means
1234.50 and never its binary neighbour.

>>> parse_yuan("1,200,000.5", "revenue")
Decimal('1200000.50')
>>> parse_yuan("150000,00", "revenue")
Traceback (most recent call last):
...
keyaccount_rules.RuleInputError: revenue: has a misplaced comma: commas may only group \
thousands (1,234,567.89) (got '150000,00'); write decimals with a point
>>> parse_yuan("１２３４５", "revenue")
Traceback (most recent call last):
...
keyaccount_rules.RuleInputError: revenue: must be written with ASCII digits 0-9 \
(got '１２３４５'); write 12345
>>> parse_yuan(0.1, "revenue")
Decimal('0.10')
>>> format_yuan(Decimal("1200000"))
'1,200,000.00'
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import wraps
from typing import Annotated, ParamSpec, TypeAlias, TypeVar

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from keyaccount_rules.core.errors import NOT_SHOWN, InvalidValueError, refused

__all__ = [
    "CENT",
    "CONTEXT",
    "MAX_YUAN",
    "Amount",
    "AmountError",
    "Yuan",
    "below_ceiling",
    "narrow_float_limit",
    "yuan",
    "exact",
    "format_yuan",
    "fraction",
    "parse_fraction",
    "parse_yuan",
    "round_to_cent",
    "to_cents",
    "to_decimal",
]

#: What an amount argument accepts (RULEBOOK §17): ``Decimal``, ``int``, a decimal string, or
#: a ``float`` read through its shortest repr.
Amount: TypeAlias = Decimal | int | str | float

CENT = Decimal("0.01")
#: A technical ceiling, not a policy number: ten thousand trillion yuan. Policies and inputs
#: are held below it, so every number the rules meet has a bounded size.
MAX_YUAN = Decimal("1e15")
#: The library's own decimal context: every computation runs in it, whatever the caller's
#: context says (a caller's ``prec=6`` or trapped ``Inexact`` must not change an answer).
#: 60 digits hold any product of two amounts below MAX_YUAN exactly.
CONTEXT = Context(
    prec=60,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
#: Longest text accepted as an amount: "999,999,999,999,999.99" is 22 characters.
_MAX_TEXT = 40
#: A decimal string with optional, correct thousands grouping. Digits are written [0-9]: a
#: bare \d would also match full-width, Arabic-Indic and every other Unicode digit, and
#: ``Decimal()`` reads those too. An exponent is accepted (spreadsheets write 1.5E+09) but
#: bounded to three digits.
_AMOUNT = re.compile(
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?"
)
_NOT_FINITE = {"nan", "snan", "inf", "infinity"}

P = ParamSpec("P")
R = TypeVar("R")


def exact(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` in the library's decimal :data:`CONTEXT` (decorator for public functions)."""

    @wraps(func)
    def in_context(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(CONTEXT):
            return func(*args, **kwargs)

    return in_context


def _scalar(value: object) -> object:
    """A numpy/pandas scalar as its Python value (``np.float64`` → float, ``np.int64`` → int).

    numpy is never imported: a scalar is recognised by its module and its ``item()`` method.
    """
    module = type(value).__module__
    if module.split(".")[0] in {"numpy", "pandas"} and callable(getattr(value, "item", None)):
        item = value.item()  # type: ignore[attr-defined]
        if isinstance(item, float) and getattr(value, "itemsize", 8) in _NARROW_FLOAT:
            return _narrow_float(str(value), item, _NARROW_FLOAT[value.itemsize])  # type: ignore[attr-defined]
        if isinstance(item, int | float) and not isinstance(item, bool):
            return item
    return value


#: How far from a whole fen a float may be for its extra digits to be binary noise.
_NOISE = Decimal("0.000001")
#: Significand bits of the narrow numpy floats, by size in bytes (float32, float16).
_NARROW_FLOAT = {4: 24, 2: 11}


def narrow_float_limit(itemsize: int) -> float:
    """Below this size a narrow float (``itemsize`` bytes: 4 for float32) tells fen apart:
    2**17 = 131,072 for a float32, 16 for a float16."""
    return 2.0 ** (_NARROW_FLOAT[itemsize] - 7)


def _narrow_float(text: str, item: float, bits: int) -> float:
    """A float32 (or float16) as the float its shortest text names: ``np.float32(0.1)`` is 0.1.

    ``item()`` widens the binary value (0.10000000149011612); ``str()`` is the shortest text
    that reads back as the same float32 ("0.1"), what was written, as long as its spacing at
    that size is finer than a fen: then no two amounts in fen share one float32. Above that
    (from 131,072 for a float32) 299999.99 and 300000.00 are one float32, and it is refused.
    """
    if item and math.isfinite(item) and 2.0 ** (math.frexp(item)[1] - bits) >= 0.01:
        raise AmountError(
            "is a narrow float (float32, float16) that cannot tell fen apart at this size",
            "pass a float64, a Decimal or a string",
        )
    return float(text)


class AmountError(InvalidValueError):
    """Why a value is not an amount: ``problem`` and, where there is one, the ``fix``.

    An :class:`~keyaccount_rules.core.errors.InvalidValueError` (a ``ValueError``, as pydantic
    validators raise); ``str()`` is ``problem; fix``, so a record's validation error reads
    whole, while :func:`parse_yuan` and the declared argument types put the fix after the rule:
    ``<field>: <problem> (got <value>) [<RULE>]; <fix>``.
    """

    def __init__(self, problem: str, fix: str = "") -> None:
        super().__init__(problem, fix=fix)


#: Unit words and currency signs written beside an amount (5元, 3亿, ¥5), with the factor that
#: turns the amount into yuan where there is one: amounts are plain yuan digits, these are
#: never read, and the error says how the amount is written instead.
_UNITS: dict[str, int | None] = {
    "\u5143": 1,  # yuan
    "\u5757": 1,  # kuai, spoken yuan
    "\u4e07": 10**4,  # wan
    "\u4ebf": 10**8,  # yi
    "\u89d2": None,  # jiao
    "\u5206": None,  # fen, or a score's points
    "\u00a5": 1,  # yen/yuan sign
    "\uffe5": 1,  # full-width yuan sign
    "$": None,
    "RMB": 1,
    "CNY": 1,
}
_UNIT_WORD = re.compile("|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True)))


def _unit_words(text: str) -> AmountError | None:
    """The error of an amount written with a unit word or currency sign, else ``None``."""
    found = _UNIT_WORD.findall(text.upper())
    if not found:
        return None
    problem = "has a unit word or currency sign: unit words and currency signs are not read"
    rest = _UNIT_WORD.sub("", text.upper()).strip()
    factor = _UNITS[found[0]] if len(found) == 1 else None
    if factor is not None and rest.isascii() and _AMOUNT.fullmatch(rest):
        amount = CONTEXT.multiply(Decimal(rest.replace(",", "")), factor)
        return AmountError(
            problem,
            f"write the amount in yuan as digits only: {amount.normalize(context=CONTEXT):f}",
        )
    return AmountError(problem, "write the amount in yuan as digits only, such as 1234.56")


def _non_ascii(text: str) -> AmountError:
    """The error of an amount written with characters outside ASCII.

    Python reads every Unicode decimal digit as a digit (``int("１２")`` is 12, and
    ``Decimal("١٢")`` too); an amount is written in ASCII digits only, and the fix shows the
    ASCII spelling when there is one.
    """
    units = _unit_words(text)
    if units is not None:
        return units
    if not any(char.isdecimal() for char in text if not char.isascii()):
        return AmountError("must be a decimal number such as 1234.56")
    folded = "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() else char
        for char in unicodedata.normalize("NFKC", text)  # full-width ．，＋ to . , +
    )
    if folded.isascii() and _AMOUNT.fullmatch(folded):
        return AmountError("must be written with ASCII digits 0-9", f"write {folded}")
    return AmountError("must be written with ASCII digits 0-9", "write the digits as 0-9")


def to_decimal(value: object) -> Decimal:
    """Turn an accepted number into a Decimal, or raise ``ValueError`` saying why not.

    Accepted: ``int``; ``Decimal``; a ``float`` through its shortest repr (``0.1`` is 0.1);
    numpy/pandas integer and float scalars likewise; a string of ASCII digits with an optional
    sign, decimal point and *correct* thousands grouping (``"1,234,567.89"``). Rejected, with
    the reason (an :class:`AmountError`): booleans, ``"1,5"`` or ``"150000,00"`` (a decimal
    comma is not a grouping), full-width, Arabic-Indic or any other non-ASCII digits, text
    longer than 40 characters.

    >>> to_decimal("١٢٣٤٥")
    Traceback (most recent call last):
    ...
    keyaccount_rules.core.money.AmountError: must be written with ASCII digits 0-9; write 12345
    """
    value = _scalar(value)
    if isinstance(value, bool):
        raise ValueError("must be an amount, not a boolean")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        if abs(value) >= 10**30:  # far beyond any ceiling; keeps conversion and echo cheap
            raise ValueError(f"must be below {MAX_YUAN:,.0f} yuan")
        return Decimal(value)
    if isinstance(value, float):
        # The shortest repr is what the caller wrote: 1234.5 -> "1234.5" (RULEBOOK §17).
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError("must not be empty")
        if len(text) > _MAX_TEXT:
            raise ValueError(f"is too long for an amount ({len(text)} characters)")
        if not text.isascii():
            raise _non_ascii(text)
        if _AMOUNT.fullmatch(text) is None:
            units = _unit_words(text)
            if units is not None:
                raise units
            if text.lstrip("+-").lower() in _NOT_FINITE:
                raise ValueError("must be a finite amount")
            if "," in text:
                raise AmountError(
                    "has a misplaced comma: commas may only group thousands (1,234,567.89)",
                    "write decimals with a point",
                )
            raise ValueError("must be a decimal number such as 1234.56")
        return Decimal(text.replace(",", ""))
    raise ValueError(f"must be a number or a decimal string, not {type(value).__name__}")


def _check_decimal(amount: Decimal) -> Decimal:
    if not amount.is_finite():
        raise ValueError("must be a finite amount")
    if amount < 0:
        raise ValueError("must not be negative")
    if amount >= MAX_YUAN:
        raise ValueError(f"must be below {MAX_YUAN:,.0f} yuan")
    return amount.copy_abs() if amount.is_zero() else amount  # "-0" is 0


#: The common cell, already valid: plain ASCII digits below MAX_YUAN, at most two decimals.
#: A subset of what :func:`to_decimal` accepts, so this shortcut never answers differently:
#: ``[0-9]``, not ``\d``, which also matches ``"１２３４５"`` and ``"١٢٣٤٥"``.
_PLAIN_YUAN = re.compile(r"[0-9]{1,15}(?:\.[0-9]{0,2})?")


def yuan(value: object) -> Decimal:
    """Validate one money input (pydantic hook): exact, non-negative, at most 2 decimals.

    Every operation names the library's CONTEXT, so the caller's context changes nothing.
    """
    if type(value) is str and _PLAIN_YUAN.fullmatch(value):
        return Decimal(value).quantize(CENT, context=CONTEXT)  # what the full path gives
    amount = _check_decimal(to_decimal(value))
    exponent = amount.as_tuple().exponent
    if (
        isinstance(exponent, int)
        and exponent < -2
        and amount != amount.quantize(CENT, context=CONTEXT)
    ):
        off = CONTEXT.subtract(amount, amount.quantize(CENT, context=CONTEXT)).copy_abs()
        noise = off.compare(_NOISE, context=CONTEXT) < 0
        if noise and isinstance(_scalar(value), float):  # 161983.49000000002, not 0.001
            raise AmountError(
                "must have at most 2 decimal places (fen)",
                "a float sum carries binary noise: round to fen first, round(value, 2)",
            )
        raise ValueError("must have at most 2 decimal places (fen)")
    return amount.quantize(CENT, context=CONTEXT)


def fraction(value: object) -> Decimal:
    """Validate one fraction in [0, 1] (quality, attainment, fee rate): the one number parser."""
    amount = _check_decimal(to_decimal(value))
    if amount > 1:
        raise ValueError("must be a fraction between 0 and 1")
    return amount


def parse_yuan(value: object, field: str, *, rule: str | None = None) -> Decimal:
    """Validate a money argument of a rule function; errors name ``field``."""
    try:
        return yuan(value)
    except ValueError as err:
        raise refused(err, field, got=value, rule=rule) from err


def parse_fraction(value: object, field: str, *, rule: str | None = None) -> Decimal:
    """Validate a fraction in [0, 1] (quality, attainment, fee rate); errors name ``field``."""
    try:
        return fraction(value)
    except ValueError as err:
        raise refused(err, field, got=value, rule=rule) from err


def below_ceiling(amount: Decimal, field: str, *, rule: str | None = None) -> Decimal:
    """``amount``, a sum the library made, if it is below :data:`MAX_YUAN`; else the
    :class:`RuleInputError` naming ``field`` (every input is below the ceiling, a sum of many
    may not be)."""
    if amount < MAX_YUAN:
        return amount
    beyond = AmountError(
        f"adds up to {format_yuan(amount)} yuan, not below the ceiling of {MAX_YUAN:,.0f} yuan",
        "check the amounts for a digit or unit error",
    )
    raise refused(beyond, field, got=NOT_SHOWN, rule=rule)


def round_to_cent(amount: Decimal) -> Decimal:
    """Round to 0.01 yuan, half up (四舍五入, PAY-5).

    >>> round_to_cent(Decimal("0.005")), round_to_cent(Decimal("0.00499"))
    (Decimal('0.01'), Decimal('0.00'))
    """
    with localcontext(CONTEXT):
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Whole fen of an amount that already has at most two decimals."""
    with localcontext(CONTEXT):
        return int(amount.scaleb(2))


def format_yuan(amount: Decimal) -> str:
    """Render with thousands separators and two decimals: ``1,200,000.00``."""
    return f"{amount:,.2f}"


def _json_yuan(amount: Decimal) -> str:
    return f"{amount:.2f}"


Yuan = Annotated[
    Decimal,
    BeforeValidator(yuan),
    PlainSerializer(_json_yuan, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]+(\.[0-9]{1,2})?$",
            "description": "Amount in yuan (元), non-negative, at most 2 decimals.",
            "examples": ["1200000.00"],
        },
        mode="serialization",
    ),
]
"""Pydantic field type for money: ``Decimal`` yuan, validated by RULEBOOK §17."""

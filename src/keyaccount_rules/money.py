"""Money (金额): exact ``Decimal`` yuan, cent rounding and display (RULEBOOK §17, PAY-5).

Amounts are non-negative, finite, with at most two decimal places. ``int``, decimal strings
and ``Decimal`` are accepted; a ``float`` only through its shortest repr, so ``1234.5`` means
1234.50 and never its binary neighbour.

>>> parse_yuan("1,200,000.5", "revenue")
Decimal('1200000.50')
>>> parse_yuan(0.1, "revenue")
Decimal('0.10')
>>> format_yuan(Decimal("1200000"))
'1,200,000.00'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from keyaccount_rules.errors import RuleInputError

__all__ = [
    "CENT",
    "MAX_YUAN",
    "Yuan",
    "format_yuan",
    "parse_fraction",
    "parse_yuan",
    "round_to_cent",
    "to_cents",
]

CENT = Decimal("0.01")
#: A technical ceiling, not a policy number: ten thousand trillion yuan keeps every product
#: of two amounts inside Decimal's default 28-digit precision, so arithmetic stays exact.
MAX_YUAN = Decimal("1e15")


def _to_decimal(value: object) -> Decimal:
    """Turn an accepted input into a Decimal, or raise ``ValueError`` saying why not."""
    if isinstance(value, bool):
        raise ValueError("must be an amount, not a boolean")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # The shortest repr is what the caller wrote: 1234.5 -> "1234.5" (RULEBOOK §17).
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text:
            raise ValueError("must not be empty")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError("must be a decimal number such as 1234.56") from None
    raise ValueError(f"must be a number or a decimal string, not {type(value).__name__}")


def _check_decimal(amount: Decimal) -> Decimal:
    if not amount.is_finite():
        raise ValueError("must be a finite amount")
    if amount < 0:
        raise ValueError("must not be negative")
    if amount >= MAX_YUAN:
        raise ValueError(f"must be below {MAX_YUAN:,.0f} yuan")
    return amount


def _yuan(value: object) -> Decimal:
    """Validate one money input (pydantic hook): exact, non-negative, at most 2 decimals."""
    amount = _check_decimal(_to_decimal(value))
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(CENT):
        raise ValueError("must have at most 2 decimal places (fen)")
    return amount.quantize(CENT)


def parse_yuan(value: object, field: str, *, rule: str | None = None) -> Decimal:
    """Validate a money argument of a rule function; errors name ``field``."""
    try:
        return _yuan(value)
    except ValueError as err:
        raise RuleInputError(field, str(err), got=value, rule=rule) from err


def parse_fraction(value: object, field: str, *, rule: str | None = None) -> Decimal:
    """Validate a fraction in [0, 1] (quality, attainment, fee rate); errors name ``field``."""
    try:
        amount = _check_decimal(_to_decimal(value))
    except ValueError as err:
        raise RuleInputError(field, str(err), got=value, rule=rule) from err
    if amount > 1:
        raise RuleInputError(field, "must be a fraction between 0 and 1", got=value, rule=rule)
    return amount


def round_to_cent(amount: Decimal) -> Decimal:
    """Round to 0.01 yuan, half up (四舍五入, PAY-5).

    >>> round_to_cent(Decimal("0.005")), round_to_cent(Decimal("0.00499"))
    (Decimal('0.01'), Decimal('0.00'))
    """
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Whole fen of an amount that already has at most two decimals."""
    return int(amount.scaleb(2))


def format_yuan(amount: Decimal) -> str:
    """Render with thousands separators and two decimals: ``1,200,000.00``."""
    return f"{amount:,.2f}"


def _json_yuan(amount: Decimal) -> str:
    return f"{amount:.2f}"


Yuan = Annotated[
    Decimal,
    BeforeValidator(_yuan),
    PlainSerializer(_json_yuan, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d+(\.\d{1,2})?$",
            "description": "Amount in yuan (元), non-negative, at most 2 decimals.",
            "examples": ["1200000.00"],
        },
        mode="serialization",
    ),
]
"""Pydantic field type for money: ``Decimal`` yuan, validated by RULEBOOK §17."""

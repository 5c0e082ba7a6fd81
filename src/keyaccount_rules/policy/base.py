"""Building blocks of the policy model: frozen sections, their problems and their numbers.

Every number of a policy is declared with one of the types below, so a policy file is checked
the same way wherever the number sits: a boolean is not a number (``points = true`` is not 1),
and a number has a bounded size (below :data:`~keyaccount_rules.core.money.MAX_YUAN`, at most
:data:`MAX_PLACES` decimal places), so no policy can make a band table slow to build or a sum
overflow.

>>> from pydantic import TypeAdapter, ValidationError
>>> TypeAdapter(PolicyDecimal).validate_python("0.60")
Decimal('0.60')
>>> def problem(kind: object, value: object) -> str:
...     try:
...         TypeAdapter(kind).validate_python(value)
...     except ValidationError as err:
...         return str(err.errors()[0]["msg"])
...     return "ok"
>>> problem(PolicyInt, True)
'Value error, must be a whole number, not a boolean'
>>> problem(PolicyDecimal, Decimal("1e999999999"))
'Value error, must be below 1,000,000,000,000,000 (money.MAX_YUAN)'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, NamedTuple, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from keyaccount_rules.core.money import MAX_YUAN, to_decimal
from keyaccount_rules.core.vocabulary import Scope, Tier

__all__ = [
    "MAX_COUNT",
    "MAX_PLACES",
    "PolicyDecimal",
    "PolicyInt",
    "PolicyProblem",
    "Section",
    "cell_key",
    "cell_rule_problems",
    "exact_digits",
    "missing_cells",
    "missing_members",
    "unknown_cells",
]

#: Most decimal places a policy number may have (after trailing zeros): far more than any
#: share or weight needs, and small enough that every sum and product of policy numbers is
#: exact in the library's 60-digit context.
MAX_PLACES = 30
#: Largest whole number (points, counts, digits, days) a policy may hold.
MAX_COUNT = 1_000_000


class PolicyProblem(NamedTuple):
    """One problem of a policy: the dotted path of the field, what is wrong, the rule.

    ``str()`` gives ``path: problem [RULE]`` (no brackets when no rule applies, e.g. a file
    that cannot be read).
    """

    path: str
    problem: str
    rule: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}: {self.problem}"
        return f"{text} [{self.rule}]" if self.rule else text


def exact_digits(number: Decimal) -> tuple[int, str, int]:
    """(sign, digits, exponent) of a finite Decimal with trailing zeros stripped, exactly.

    No context is involved (``Decimal.normalize`` rounds to the caller's precision): 0.6 and
    0.60 give the same triple, 94 and 94.00000000000000000000000000001 different ones.

    >>> exact_digits(Decimal("0.60")), exact_digits(Decimal("-0"))
    ((0, '6', -1), (0, '0', 0))
    """
    sign, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"must be a finite number (got {number})")
    text = "".join(map(str, digits)).lstrip("0")
    if not text:
        return (0, "0", 0)
    stripped = text.rstrip("0")
    return (sign, stripped, exponent + len(text) - len(stripped))


def _decimal(value: object) -> Decimal:
    """A policy number as an exact, bounded Decimal (pydantic hook); ``ValueError`` says why."""
    if isinstance(value, bool):
        raise ValueError("must be a number, not a boolean")
    number = to_decimal(value)
    if not number.is_finite():
        raise ValueError("must be a finite number")
    # Compare sizes from the digits alone: no arithmetic on a number of unknown size.
    _sign, digits, exponent = exact_digits(number)
    if digits != "0" and len(digits) + exponent > len(str(int(MAX_YUAN))) - 1:
        raise ValueError(f"must be below {MAX_YUAN:,.0f} (money.MAX_YUAN)")
    if -exponent > MAX_PLACES:
        raise ValueError(f"must have at most {MAX_PLACES} decimal places")
    return number.copy_abs() if number.is_zero() else number  # "-0" is 0


def _whole(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not a boolean")
    return value


def _bounded(value: int) -> int:
    if abs(value) > MAX_COUNT:
        raise ValueError(f"must be at most {MAX_COUNT:,} in size")
    return value


PolicyDecimal = Annotated[Decimal, BeforeValidator(_decimal)]
"""A policy number that may have decimals: no boolean, finite, below MAX_YUAN, ≤ 30 places."""

PolicyInt = Annotated[int, BeforeValidator(_whole), AfterValidator(_bounded)]
"""A whole policy number (points, counts, days): no boolean, at most MAX_COUNT in size."""


class Section(BaseModel):
    """A part of the policy: its numbers, the rulebook ID they implement and their source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(pattern=r"^[A-Z]+-\d+$", description="Rulebook ID the numbers implement.")
    source: str = Field(min_length=1, description="Source clause (document and section).")

    def problems(self, path: str) -> list[PolicyProblem]:
        """Consistency problems of this section; ``path`` is its dotted location."""
        return []


E = TypeVar("E", bound=StrEnum)


def missing_members(
    present: Collection[E], members: type[E], path: str, rule: str
) -> list[PolicyProblem]:
    """A problem for each member of an enumeration that a table keyed by it lacks."""
    return [
        PolicyProblem(f"{path}.{member.value}", "missing entry", rule)
        for member in members
        if member not in present
    ]


# ---------------------------------------------------------------- tier × scope tables
# RESP-1 and VISIT-1 both hold one value per tier × scope cell, some decided by a §16 gap rule.

_RULE_ID = re.compile(r"[A-Z]+-\d+")


def cell_key(tier: Tier, scope: Scope) -> str:
    """The ``cell_rules`` key of a tier × scope cell: ``"silver.regional"``."""
    return f"{tier.value}.{scope.value}"


def missing_cells(
    table: Mapping[Tier, Mapping[Scope, object]], path: str, rule: str
) -> list[PolicyProblem]:
    """A problem for each tier × scope cell the table lacks."""
    return [
        PolicyProblem(f"{path}.{tier.value}.{scope.value}", "no entry for this tier × scope", rule)
        for tier in Tier
        for scope in Scope
        if scope not in table.get(tier, {})
    ]


def unknown_cells(cells: Collection[str], path: str, rule: str) -> list[PolicyProblem]:
    """A problem for each entry of a set of cells that names no tier × scope cell."""
    known = {cell_key(tier, scope) for tier in Tier for scope in Scope}
    return [
        PolicyProblem(path, f"{cell!r} is not a tier.scope cell (e.g. diamond.regional)", rule)
        for cell in sorted(set(cells) - known)
    ]


def cell_rule_problems(cell_rules: Mapping[str, str], path: str, rule: str) -> list[PolicyProblem]:
    """Each key of ``cell_rules`` must name a tier × scope cell and each value a rule ID."""
    found = []
    cells = {cell_key(tier, scope) for tier in Tier for scope in Scope}
    for key, value in cell_rules.items():
        if key not in cells:
            found.append(
                PolicyProblem(f"{path}.{key}", "not a tier.scope cell (e.g. silver.regional)", rule)
            )
        if not _RULE_ID.fullmatch(value):
            found.append(
                PolicyProblem(
                    f"{path}.{key}", f"must be a rule ID such as G-1 (got {value!r})", rule
                )
            )
    return found

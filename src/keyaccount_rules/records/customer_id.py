"""统一大客户ID号: the 14-digit key-account ID, a value checked against the policy (ID-1..4).

An ID is a 6-digit administrative-division code (行政区划代码), a 5-digit customer sequence
within the division, and a 3-digit branch sequence (000 = no branches or the headquarters).

>>> cid = CustomerId.parse("44050700012000")
>>> cid.division, cid.sequence, cid.branch, cid.is_headquarters
('440507', 12, 0, True)
"""

from __future__ import annotations

from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from keyaccount_rules.core.errors import CustomerIdError
from keyaccount_rules.policy import CustomerIdPolicy, Policy, require, resolve_policy

__all__ = ["CustomerId", "check_division", "id_layout", "province_codes"]


def province_codes(layout: CustomerIdPolicy) -> tuple[str, ...] | None:
    """The province codes ID-4 checks, or ``None`` when the policy turns the check off (G-14)."""
    return layout.province_codes if layout.check_province else None


def id_layout(policy: Policy) -> CustomerIdPolicy:
    """The policy's ID layout (ID-1..4; 002 only: absent from the liangshan edition)."""
    return require(policy, "customer_id", policy.customer_id)


class CustomerId:
    """A parsed key-account ID (ID-1): immutable, hashable, ordered; ``str()`` is the 14 digits."""

    __slots__ = ("_branch", "_division", "_policy", "_sequence", "_text")

    def __init__(
        self, division: str, sequence: int, branch: int = 0, *, policy: Policy | None = None
    ) -> None:
        self._set(division, sequence, branch, policy, id_layout(resolve_policy(policy)))

    def _set(
        self,
        division: str,
        sequence: int,
        branch: int,
        policy: Policy | None,
        layout: CustomerIdPolicy,
    ) -> None:
        """Check the three layers against ``layout`` (ID-1..4) and hold them."""
        check_division(division, layout.division_digits, province_codes(layout))
        _check_counter(sequence, "sequence", layout.sequence_digits, minimum=1, rule="ID-2")
        _check_counter(branch, "branch", layout.branch_digits, minimum=0, rule="ID-3")
        self._division = division
        self._sequence = sequence
        self._branch = branch
        self._policy = policy  # the layout this ID was checked against (for .headquarters)
        self._text = (
            f"{division}{sequence:0{layout.sequence_digits}d}{branch:0{layout.branch_digits}d}"
        )

    @classmethod
    def parse(cls, text: str, *, policy: Policy | None = None) -> CustomerId:
        """Parse 14 digits; a ``CustomerIdError`` (a ``ValueError``) says which layer is wrong."""
        layout = id_layout(resolve_policy(policy))
        if not isinstance(text, str):
            raise CustomerIdError(
                "customer_id", "must be a string of digits", got=text, rule="ID-1"
            )
        digits = text.strip()
        if len(digits) != layout.total_digits or not digits.isascii() or not digits.isdigit():
            raise CustomerIdError(
                "customer_id",
                f"must be exactly {layout.total_digits} digits "
                f"(division {layout.division_digits} + sequence {layout.sequence_digits}"
                f" + branch {layout.branch_digits})",
                got=text,
                rule="ID-1",
                fix="" if digits.isascii() else "write the digits as ASCII 0-9",
            )
        cut = layout.division_digits + layout.sequence_digits
        made = cls.__new__(cls)  # the layout is resolved once, not again by __init__
        made._set(
            digits[: layout.division_digits],
            int(digits[layout.division_digits : cut]),
            int(digits[cut:]),
            policy,
            layout,
        )
        return made

    @property
    def division(self) -> str:
        """The administrative-division code (行政区划代码)."""
        return self._division

    @property
    def sequence(self) -> int:
        """The customer's sequence within its division (ID-2)."""
        return self._sequence

    @property
    def branch(self) -> int:
        """The branch number; 0 for a customer without branches or a headquarters (ID-3)."""
        return self._branch

    @property
    def is_headquarters(self) -> bool:
        """Branch 000: a customer without branches, or the headquarters of one (ID-3)."""
        return self._branch == 0

    @property
    def headquarters(self) -> CustomerId:
        """The headquarters ID of this customer (itself when it is one)."""
        if self.is_headquarters:
            return self
        return CustomerId(self._division, self._sequence, 0, policy=self._policy)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"CustomerId({self._text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CustomerId) and other._text == self._text

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, CustomerId):
            return NotImplemented
        return self._text < other._text

    def __hash__(self) -> int:
        return hash(self._text)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: object) -> CustomerId:
            if isinstance(value, CustomerId):
                return value
            if isinstance(value, str):
                try:
                    return cls.parse(value)
                except CustomerIdError as err:
                    raise ValueError(str(err)) from err
            raise ValueError("must be a 14-digit string")

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": r"^\d{14}$",
            "description": "统一大客户ID号: division(6) + sequence(5) + branch(3) (ID-1).",
            "examples": ["44050700012000"],
        }


def check_division(division: object, width: int, provinces: tuple[str, ...] | None) -> None:
    """Check a division code (ID-1, ID-4): ``width`` ASCII digits, a known province first.

    ``str.isdigit`` alone also accepts full-width and Arabic-Indic digits, which
    :meth:`CustomerId.parse` refuses: a division is ASCII digits only, so no ID is minted
    that cannot be read back.
    """
    if (
        not isinstance(division, str)
        or len(division) != width
        or not division.isascii()
        or not division.isdigit()
    ):
        ascii_only = not isinstance(division, str) or division.isascii()
        raise CustomerIdError(
            "division",
            f"must be {width} digits (行政区划代码)",
            got=division,
            rule="ID-1",
            fix="" if ascii_only else "write the digits as ASCII 0-9",
        )
    # G-14: ID-4's province check is a policy setting (customer_id.check_province), on by default.
    if provinces is not None and division[:2] not in provinces:
        raise CustomerIdError(
            "division",
            f"first two digits {division[:2]} are not a province-level code of GB/T 2260",
            got=division,
            rule="ID-4",
        )


def _check_counter(value: object, field: str, width: int, *, minimum: int, rule: str) -> None:
    limit = 10**width - 1
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= limit:
        raise CustomerIdError(
            field,
            f"must be a whole number from {minimum:0{width}d} to {limit}",
            got=value,
            rule=rule,
        )

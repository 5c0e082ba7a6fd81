"""Policy of customer IDs (统一大客户ID号, ID-1..5): digit layout and the valid province codes.

The numbers live in ``policy/editions/*.toml`` under ``[customer_id]``; ``rules/customer_id.py``
applies them.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.policy.base import PolicyInt, PolicyProblem, Section

__all__ = ["CustomerIdPolicy"]

_Digits = Field(ge=1, le=20)  # an ID is printed whole: its length stays small


class CustomerIdPolicy(Section):
    """统一大客户ID号 (ID-1..5): digit layout and the valid province codes."""

    division_digits: PolicyInt = _Digits
    sequence_digits: PolicyInt = _Digits
    branch_digits: PolicyInt = _Digits
    province_codes: tuple[str, ...] = Field(min_length=1)
    check_province: bool = Field(
        default=True,
        description="G-14: check ID-4's province code (not in 002's text; on by default).",
    )

    @property
    def total_digits(self) -> int:
        """Length of a full ID (ID-1)."""
        return self.division_digits + self.sequence_digits + self.branch_digits

    def problems(self, path: str) -> list[PolicyProblem]:
        found = []
        if len(set(self.province_codes)) != len(self.province_codes):
            found.append(PolicyProblem(f"{path}.province_codes", "duplicate codes", "ID-4"))
        for index, code in enumerate(self.province_codes):
            if not (code.isdigit() and len(code) == 2):
                found.append(
                    PolicyProblem(
                        f"{path}.province_codes.{index}",
                        f"must be two digits (got {code!r})",
                        "ID-4",
                    )
                )
        if self.division_digits < 2:
            found.append(
                PolicyProblem(f"{path}.division_digits", "must hold a province code", "ID-1")
            )
        return found

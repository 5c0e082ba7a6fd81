"""Errors (错误) raised by the library.

Every error subclasses :class:`KeyAccountError`; those about bad values also subclass
:class:`ValueError`, so callers that already catch ``ValueError`` keep working. Messages have
the shape ``<field>: <problem> (got <value>) [<RULE>]``, followed by the fix where there is one:

>>> raise RuleInputError("bureau_annual_revenue", "must be positive", got=0, rule="GRADE-6")
Traceback (most recent call last):
...
keyaccount_rules.errors.RuleInputError: bureau_annual_revenue: must be positive (got 0) [GRADE-6]
"""

from __future__ import annotations

__all__ = ["CustomerIdError", "KeyAccountError", "PolicyError", "RuleInputError", "format_problem"]

_NOT_GIVEN = object()


def format_problem(
    field: str, problem: str, *, got: object = _NOT_GIVEN, rule: str | None = None, fix: str = ""
) -> str:
    """Render ``<field>: <problem> (got <value>) [<RULE>]. <fix>``."""
    text = f"{field}: {problem}"
    if got is not _NOT_GIVEN:
        text += f" (got {got!r})" if isinstance(got, str) else f" (got {got})"
    if rule:
        text += f" [{rule}]"
    if fix:
        text += f"; {fix}"
    return text


class KeyAccountError(Exception):
    """Base class of every error this library raises on purpose."""


class RuleInputError(KeyAccountError, ValueError):
    """An argument of a rule function is invalid; ``field`` and ``rule`` say which and why."""

    def __init__(
        self,
        field: str,
        problem: str,
        *,
        got: object = _NOT_GIVEN,
        rule: str | None = None,
        fix: str = "",
    ) -> None:
        self.field = field
        self.problem = problem
        self.rule = rule
        super().__init__(format_problem(field, problem, got=got, rule=rule, fix=fix))


class CustomerIdError(RuleInputError):
    """A customer ID is malformed or cannot be allocated (ID-1..5)."""


class PolicyError(KeyAccountError, ValueError):
    """A policy file or variant is inconsistent; ``problems`` lists each ``path: problem``."""

    def __init__(self, problems: list[str] | tuple[str, ...], *, source: str = "policy") -> None:
        self.problems = tuple(problems)
        listing = "\n  ".join(self.problems)
        super().__init__(f"{source} is invalid ({len(self.problems)} problem(s)):\n  {listing}")

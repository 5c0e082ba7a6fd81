"""Errors (错误) raised by the library.

Every error subclasses :class:`KeyAccountError`; those about bad values also subclass
:class:`ValueError`, so callers that already catch ``ValueError`` keep working. Messages have
the shape ``<field>: <problem> (got <value>) [<RULE>]``, followed by the fix where there is one:

>>> raise RuleInputError("bureau_annual_revenue", "must be positive", got=0, rule="GRADE-6")
Traceback (most recent call last):
...
keyaccount_rules.RuleInputError: bureau_annual_revenue: must be positive (got 0) [GRADE-6]
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any

__all__ = [
    "CALLER",
    "INPUT",
    "NOT_SHOWN",
    "CustomerIdError",
    "InvalidValueError",
    "KeyAccountError",
    "PolicyError",
    "PortfolioError",
    "RowError",
    "RuleInputError",
    "echo",
    "format_problem",
    "refused",
]

_NOT_GIVEN = object()
#: :class:`InvalidValueError`'s ``got``: show nothing (the problem says it all).
NOT_SHOWN: object = _NOT_GIVEN
#: :class:`InvalidValueError`'s ``got``: show the value that was validated (the default).
INPUT: object = object()
#: :class:`InvalidValueError`'s ``rule``: cite the rule of the call that validated the value
#: (the default).
CALLER: object = object()
#: Longest echo of a bad value in a message: a 20,000-customer list or a 200,000-character
#: cell must not make a message of millions of characters.
ECHO_LIMIT = 80
_CONTAINERS = reprlib.Repr()
_CONTAINERS.maxlevel, _CONTAINERS.maxlist, _CONTAINERS.maxtuple = 2, 4, 4
_CONTAINERS.maxdict, _CONTAINERS.maxset, _CONTAINERS.maxfrozenset = 4, 4, 4
_CONTAINERS.maxstring, _CONTAINERS.maxother = 30, 30


def echo(value: object) -> str:
    """A bad value as shown in a message: text quoted, anything long cut to 80 characters.

    >>> echo("x" * 200)[-14:]
    'x… (202 chars)'
    >>> echo(10**5000)
    'an integer of 5001 digits'
    """
    if isinstance(value, str):
        text = repr(value) if len(value) <= 4 * ECHO_LIMIT else repr(value[: 2 * ECHO_LIMIT])
        size = len(value) + 2
    elif isinstance(value, list | tuple | set | frozenset | dict):
        text = _CONTAINERS.repr(value)
        size = len(text)
    else:
        try:
            text = str(value)
        except ValueError:  # an int too long to print (sys.get_int_max_str_digits)
            return f"an integer of {_digits(value) if isinstance(value, int) else '?'} digits"
        size = len(text)
    if len(text) > ECHO_LIMIT:
        return f"{text[: ECHO_LIMIT - 16]}… ({size} chars)"
    return text


def _digits(value: int) -> int:
    """Decimal digits of an int too large for ``str()`` (no conversion of the whole number)."""
    bits = abs(value).bit_length()
    estimate = int(bits * 0.30102999566398120) + 1
    return estimate if 10 ** (estimate - 1) <= abs(value) else estimate - 1


def format_problem(
    field: str, problem: str, *, got: object = _NOT_GIVEN, rule: str | None = None, fix: str = ""
) -> str:
    """Render ``<field>: <problem> (got <value>) [<RULE>]. <fix>``."""
    text = f"{field}: {problem}"
    if got is not _NOT_GIVEN:
        text += f" (got {echo(got)})"
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


class InvalidValueError(ValueError):
    """A declared argument type's refusal, before the argument's name is known (a ``ValueError``,
    as pydantic validators raise).

    ``problem`` and ``fix`` are the message's; ``got`` is the value it shows (:data:`INPUT`: the
    value validated; :data:`NOT_SHOWN`: none); ``at`` is where inside the value the problem is
    (``[2]``, ``['a']``, ``.express``, `` key``), appended to the argument's name; ``rule`` is
    the rule cited (:data:`CALLER`: the call's; ``None``: none). :func:`refused` gives the
    :class:`RuleInputError` once the name is known. ``str()`` is ``problem; fix``, as a
    record's validation error shows it.
    """

    def __init__(
        self,
        problem: str,
        *,
        got: object = INPUT,
        fix: str = "",
        at: str = "",
        rule: str | object | None = CALLER,
    ) -> None:
        self.problem, self.got, self.fix, self.at, self.rule = problem, got, fix, at, rule
        super().__init__(f"{problem}; {fix}" if fix else problem)

    def within(self, at: str, value: object) -> InvalidValueError:
        """The same refusal seen from the container: ``at`` goes before this one's place, and
        the value shown by default is ``value``, the item that was refused."""
        got = value if self.got is INPUT else self.got
        at = at + self.at
        return InvalidValueError(self.problem, got=got, fix=self.fix, at=at, rule=self.rule)


def refused(err: ValueError, field: str, *, got: object, rule: str | None = None) -> RuleInputError:
    """The :class:`RuleInputError` of a validator's refusal of the argument ``field`` (which
    was ``got``), citing ``rule``: the one place a refusal is named. A
    :class:`RuleInputError` is already named and is returned as it is; any other
    ``ValueError``'s text is the problem."""
    if isinstance(err, RuleInputError):
        return err
    if not isinstance(err, InvalidValueError):
        return RuleInputError(field, str(err), got=got, rule=rule)
    shown = got if err.got is INPUT else err.got
    cited = rule if err.rule is CALLER else err.rule
    return RuleInputError(
        field + err.at,
        err.problem,
        got=shown,
        rule=cited if isinstance(cited, str) else None,
        fix=err.fix,
    )


class CustomerIdError(RuleInputError):
    """A customer ID is malformed or cannot be allocated (ID-1..5)."""


class PolicyError(KeyAccountError, ValueError):
    """A policy file or variant is inconsistent; ``problems`` lists each problem.

    The problems are ``PolicyProblem`` objects (path, problem, rule) whose ``str()`` is
    ``path: problem [RULE]``; plain strings are accepted too.
    """

    def __init__(self, problems: Iterable[object], *, source: str = "policy") -> None:
        self.problems = tuple(problems)
        listing = "\n  ".join(str(problem) for problem in self.problems)
        super().__init__(f"{source} is invalid ({len(self.problems)} problem(s)):\n  {listing}")


class RowError(KeyAccountError, ValueError):
    """A bad row of a table (portfolio, activity, revenue): ``row`` (the number a person
    sees), ``field``, ``problem``."""

    def __init__(self, source: str, row: int, field: str, problem: str) -> None:
        self.source, self.row, self.field, self.problem = source, row, field, problem
        super().__init__(f"{source}, row {row}: {field}: {problem}")


class PortfolioError(KeyAccountError, ValueError):
    """A table (portfolio, activity or revenue file) that cannot be read at all (missing,
    wrong format, bad header)."""


# Tracebacks and reprs name the public path (``keyaccount_rules.RuleInputError``), where callers
# import and catch them, not the module that happens to define them.
for _error in (
    KeyAccountError,
    RuleInputError,
    CustomerIdError,
    PolicyError,
    RowError,
    PortfolioError,
):
    _error.__module__ = "keyaccount_rules"


class DuplicateKeyError(ValueError):
    """A JSON object that names one key twice (policy files and table rows refuse it)."""


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``' ``object_pairs_hook``: the object's dict; a key given twice is refused,
    never the last one kept (as TOML refuses it).

    >>> import json
    >>> json.loads('{"a": 1, "a": 2}', object_pairs_hook=unique_keys)
    Traceback (most recent call last):
    ...
    keyaccount_rules.core.errors.DuplicateKeyError: the key 'a' is given twice in one object
    """
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKeyError(f"the key {echo(key)} is given twice in one object")
            seen.add(key)
    return data

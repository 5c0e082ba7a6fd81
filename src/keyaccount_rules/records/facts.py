"""The facts of a run (运行要素): its date, the bureau's revenue, the policy, approvals, language.

Every entry point that decides customers — ``evaluate``, ``Evaluator``, ``evaluate_portfolio``,
``outcome_rows`` (and the month's ``agenda`` and ``monthly_report``) — takes the same keyword
arguments, :class:`FactArguments`, and makes one :class:`Facts` of them at the boundary with
:meth:`Facts.of`. The declared types of :mod:`keyaccount_rules.core.arguments` validate each
value once, the policy as given is resolved to the one in force on ``as_of``, and everything
below takes the :class:`Facts` and checks none of it again. A bad value raises the same
:class:`~keyaccount_rules.RuleInputError`, naming the field and citing its rule, wherever it
enters (``grade``'s bureau revenue goes through the same declared type).

>>> import datetime as dt
>>> facts = Facts.of(as_of=dt.date(2026, 11, 23), bureau_annual_revenue=300_000_000)
>>> facts.bureau_annual_revenue, facts.policy.name, facts.history is None
(Decimal('300000000.00'), 'combined', True)
>>> Facts.of(facts) is facts
True
>>> Facts.of(as_of=dt.date(2026, 11, 23), bureau_annual_revenue=0)
Traceback (most recent call last):
...
keyaccount_rules.RuleInputError: bureau_annual_revenue: must be positive (got 0) [GRADE-6]

The bureau's revenue is needed only where the policy grades (GRADE-2's share): under a policy
that classes key accounts by level and grades nothing (``liangshan``, EDITION-2) it may be
left out, and is still validated when given.

>>> Facts.of(as_of=dt.date(2026, 11, 23), policy="liangshan").bureau_annual_revenue is None
True
>>> Facts.of(as_of=dt.date(2026, 11, 23))
Traceback (most recent call last):
...
keyaccount_rules.RuleInputError: bureau_annual_revenue: is required: the 'combined' policy \
grades key accounts by their share of it [GRADE-2]; pass bureau_annual_revenue=..., the \
bureau's annual revenue (全局年收入) in yuan
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, TypedDict, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    InstanceOf,
    ValidationError,
    model_validator,
)

from keyaccount_rules.core.arguments import (
    BureauRevenue,
    Day,
    Flag,
    as_enum,
    checked,
    input_error,
    instance_of,
)
from keyaccount_rules.core.catalogue import LANGUAGES, Language
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.money import Amount
from keyaccount_rules.core.vocabulary import Unit
from keyaccount_rules.policy import Policy, resolve_policy
from keyaccount_rules.policy.history import PolicyHistory

__all__ = ["FactArguments", "Facts", "RunArguments", "fact_keywords"]


def _bureau(value: object) -> Decimal | None:
    if value is None:
        return None  # required only where the policy grades: checked with the policy
    amount: Decimal = checked(BureauRevenue, value, "bureau_annual_revenue", rule="GRADE-6")
    return amount


def _delegate(value: object) -> Unit | None:
    return None if value is None else as_enum(Unit, value, "delegated_to", rule="RESP-2")


def _language(value: object) -> str:
    if value in LANGUAGES:
        return typing.cast(str, value)
    raise ValueError(f"must be one of {', '.join(LANGUAGES)}")


#: The rule a fact's error cites (the bureau's and the delegate's validators cite their own).
_RULES = {
    "special_diamond_approval": "GRADE-5",
    "specialised": "RESP-2",
}


class FactArguments(TypedDict, total=False):
    """The keyword arguments of a run over customers, as callers pass them (written once).

    ``as_of`` is required (the library has no clock); ``bureau_annual_revenue`` is required
    where the policy grades. :class:`Facts` says what each one means.
    """

    as_of: date
    bureau_annual_revenue: Amount | None
    policy: Policy | PolicyHistory | str | None
    special_diamond_approval: bool
    delegated_to: Unit | str | None
    specialised: bool


class RunArguments(FactArguments, total=False):
    """:class:`FactArguments` and the language of the text a run renders (a month's files)."""

    lang: Language


class Facts(BaseModel):
    """The validated facts of one run; immutable, made once at the boundary (:meth:`of`).

    :meth:`of` is what entry points call: a bad value is a ``RuleInputError`` naming the field
    and citing its rule. Built directly (``Facts(...)``, ``model_validate``) it is a record like
    the others, whose bad values raise ``pydantic.ValidationError``; its JSON holds the policy
    in force, and reads back as the same facts.

    ``policy`` is the one policy the run applies: the policy given, the default one, an
    edition by name, or — for a :class:`PolicyHistory`, kept in ``history`` — the policy in
    force on ``as_of``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    as_of: Day = Field(description="The date of the run (always passed: no clock).")
    bureau_annual_revenue: Annotated[Decimal | None, BeforeValidator(_bureau)] = Field(
        default=None,
        description="全局年收入, yuan, positive (GRADE-6); None only where nothing is graded.",
    )
    # an instance check: the policy was validated when it was made
    policy: InstanceOf[Policy] = Field(description="The policy in force on as_of.")
    history: PolicyHistory | None = Field(
        default=None,
        exclude=True,  # the JSON form holds the policy in force on as_of, not the history
        description="The history the policy was taken from, if one was given.",
    )
    special_diamond_approval: Flag = Field(
        default=False, description="The provincial centre's approval of DIAMOND (GRADE-5)."
    )
    delegated_to: Annotated[Unit | None, BeforeValidator(_delegate)] = Field(
        default=None, description="A RESP-2 delegation of a DIAMOND customer."
    )
    specialised: Flag = Field(
        default=False, description="专业特征、地域性明显, which a delegation needs (RESP-2)."
    )
    lang: Annotated[Language, BeforeValidator(_language)] = Field(
        default="en", description="The language of text the run renders (files, pages)."
    )

    @model_validator(mode="before")
    @classmethod
    def _in_force(cls, data: Any) -> Any:
        """The policy as given becomes the one in force on ``as_of`` (and its history)."""
        if not isinstance(data, Mapping) or isinstance(data.get("policy"), Policy):
            return data
        given = data.get("policy")
        if isinstance(given, Mapping):  # the facts' own JSON: the policy in force, as data
            return {**data, "policy": Policy.model_validate(given)}
        if isinstance(given, PolicyHistory):
            try:
                as_of = checked(Day, data.get("as_of"), "as_of")
            except RuleInputError:
                return data  # the as_of field reports it, first
            return {**data, "policy": given.in_force(as_of), "history": given}
        return {**data, "policy": resolve_policy(given)}

    @model_validator(mode="after")
    def _graded_needs_the_bureau(self) -> Facts:
        if self.bureau_annual_revenue is None and self.policy.grading is not None:
            raise RuleInputError(
                "bureau_annual_revenue",
                f"is required: the {self.policy.name!r} policy grades key accounts by their "
                "share of it",
                rule="GRADE-2",
                fix="pass bureau_annual_revenue=..., the bureau's annual revenue "
                "(全局年收入) in yuan",
            )
        return self

    @classmethod
    def of(cls, facts: Facts | None = None, /, **arguments: Any) -> Facts:
        """The facts of a run: ``facts`` itself, or a :class:`Facts` made of ``arguments``.

        Entry points pass their keyword arguments (:class:`RunArguments`) or a ``Facts``
        made earlier — never both.

        Raises:
            RuleInputError: a bad value, naming the field and citing its rule.
            TypeError: ``as_of`` missing, an unknown keyword, or a Facts with arguments.
        """
        if facts is not None:
            facts = checked(FactsGiven, facts, "facts")
            if arguments:
                raise TypeError(
                    "give the facts of a run once, as a Facts or as keyword arguments, not "
                    f"both (got a Facts and {', '.join(sorted(arguments))})"
                )
            return facts
        unknown = sorted(set(arguments) - (set(cls.model_fields) - {"history"}))
        if unknown:
            raise TypeError(
                f"unexpected keyword argument(s) {', '.join(map(repr, unknown))}; the facts "
                f"of a run are {', '.join(RunArguments.__annotations__)}"
            )
        if "as_of" not in arguments:
            raise TypeError(
                "missing the keyword argument 'as_of': the date of the run (the library has "
                "no clock)"
            )
        try:
            return cls(**arguments)
        except ValidationError as err:  # a record's error, as the entry points give it
            raise input_error(err, rule=_RULES) from None


#: The facts of a run made earlier, passed to an entry point: a :class:`Facts`.
FactsGiven = instance_of(Facts, "must be a keyaccount_rules.Facts")

F = TypeVar("F", bound=Callable[..., Any])


def fact_keywords(arguments: Any, /, **defaults: object) -> Callable[[F], F]:
    """Show a function's ``**arguments: Unpack[...]`` as the keyword parameters it stands for.

    The parameters are written once, in the TypedDict; this gives the function the signature
    and annotations a reader, ``help()``, audit records and case files see (defaults: the
    :class:`Facts` field's, else ``defaults``, else ``None``; ``as_of`` has none). A class's
    ``__init__`` is changed in place.
    """
    hints = typing.get_type_hints(arguments)

    def default(name: str) -> object:
        if name == "as_of":
            return inspect.Parameter.empty
        field = Facts.model_fields.get(name)
        if field is not None and not field.is_required():
            return field.default
        return defaults.get(name)  # the policy: None, the default policy

    def apply(func: F) -> F:
        target: Any = vars(func)["__init__"] if isinstance(func, type) else func
        signature = inspect.signature(target)
        kept = [
            p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD
        ]
        named = {p.name for p in kept}
        added = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default(name), annotation=hint
            )
            for name, hint in hints.items()
            if name not in named
        ]
        target.__signature__ = signature.replace(parameters=[*kept, *added])
        spread = {p.name for p in signature.parameters.values()} - named
        target.__annotations__ = {
            **{k: v for k, v in getattr(target, "__annotations__", {}).items() if k not in spread},
            **hints,
        }
        return func

    return apply

"""Calling public functions by name with plain data (调用): shared by case files and audit records.

Case files (:mod:`keyaccount_rules.verification.cases`) and audit records
(:mod:`keyaccount_rules.verification.audit`) name a public function (``"grade"``,
``"CustomerId.parse"``) and give its arguments as plain data (TOML or JSON). This module finds
the function in :data:`CALLABLE`, the allow-list by defining module (a public callable added
later is either listed there or in :data:`REFUSED`: a test fails until it is), and turns the
data into the argument types the function's annotations ask
for (a table into a :class:`Customer`, an ISO string into a ``date``). The JSON data of a
result is :func:`~keyaccount_rules.core.explanation.to_json_data`, the library's one JSON form.

>>> import keyaccount_rules as kr
>>> func = resolve_function("grade")
>>> result = call_function(func, {"annual_revenue": "1200000",
...                               "bureau_annual_revenue": "43879110"})
>>> result.tier
<Tier.DIAMOND: 'diamond'>
>>> from keyaccount_rules.core.explanation import to_json_data
>>> to_json_data({"tier": result.tier, "score": result.score})
{'tier': 'diamond', 'score': '94.0'}
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import inspect
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any

from pydantic import BaseModel

from keyaccount_rules.core.errors import KeyAccountError, echo
from keyaccount_rules.policy import Policy

__all__ = [
    "CALLABLE",
    "REFUSED",
    "FunctionLookupError",
    "call_function",
    "convert_argument",
    "plain_data",
    "public_functions",
    "resolve_function",
]


class FunctionLookupError(KeyAccountError, ValueError):
    """A function name that is not a public callable of ``keyaccount_rules``."""


#: The callables stored data may name, by the module that defines them (the allow-list): the
#: rule functions, which decide over data and read no file, and the library's record, result
#: and vocabulary classes, which construct plain data. Readers, portfolio runs, audits and
#: exports are left out (:data:`REFUSED`), so an untrusted audit record or case file can make
#: the library compute, never read a file. Modules are imported when a name is first looked
#: up, each from its own layer (``tests/test_run_time_imports.py`` checks the layers).
CALLABLE: dict[str, tuple[str, ...]] = {
    "core.explanation": ("Explanation", "Result", "Step"),
    "core.periods": ("Month",),
    "core.vocabulary": (
        "AppraisalGroup", "AppraisalItem", "BusinessLine", "Cadence", "Centre", "ContactKind",
        "Criterion", "Leadership", "Level", "LogStage", "PayIndicator", "Post", "Scope",
        "Stage", "Tier", "Unit",
    ),
    "engine.columns": ("GradeTable",),
    "engine.comparison": ("Comparison", "CustomerChange", "ParameterChange"),
    "engine.customer": ("Evaluation", "Evaluator", "Outcome", "evaluate"),
    "io.ics": ("to_ics",),  # writes a string, reads nothing
    "io.portfolio": ("PortfolioRow",),
    "month.agenda": ("Agenda", "AgendaItem"),
    "month.report": ("MonthlyReport", "monthly_report"),
    "month.series": ("RevenueSeries",),
    "policy.base": ("PolicyProblem",),
    "policy.diff": ("PolicyChange", "diff_policies"),
    "policy.history": ("PolicyHistory",),
    "policy.model": ("Policy", "check_policy", "default_policy", "edition", "editions"),
    "records.activity": ("Contact", "Event", "Kind", "RevenueRow"),
    "records.customer": ("Collection", "Customer"),
    "records.customer_id": ("CustomerId",),
    "rules.appraisal": ("Appraisal", "ItemScore", "appraise_manager"),
    "rules.archives": ("ArchiveStatus", "archive_status", "archive_status_with_history"),
    "rules.calendar": (
        "BusinessCalendar", "Duty", "WorkCalendar", "month_calendar", "work_calendar",
        "year_calendar",
    ),
    "rules.compensation": (
        "CollectionAward", "ManagerPayslip", "PayRun", "PayTotals", "PayrollEntry", "Payslip",
        "monthly_pay", "pay_run",
    ),
    "rules.customer_id": ("next_branch_id", "next_customer_id"),
    "rules.development": (
        "DevelopmentLead", "RoleAssignment", "ServiceChoice", "ServiceOption", "ab_roles",
        "development_lead", "steer_service",
    ),
    "rules.grading": ("Grading", "grade"),
    "rules.levels": (
        "LevelDuties", "LevelDuty", "LevelPlan", "classify_levels", "level_duties", "level_plan",
    ),
    "rules.marketing_log": ("LogCheck", "LogEntry", "LogProblem", "check_marketing_log"),
    "rules.organisation": ("StaffingCheck", "StaffingFinding", "staffing_check"),
    "rules.ownership": (
        "Claim", "ClaimRuling", "LocalityRuling", "MarketingPermission", "RevenueAttribution",
        "ServedRevenue", "attribute_revenue", "locality_owner", "may_market", "settle_claims",
    ),
    "rules.pareto": ("CoreAccounts", "LineCut", "core_accounts", "pareto_selection"),
    "rules.qualification": ("Qualification", "newspaper_monthly_revenue", "qualify"),
    "rules.reporting": (
        "FilingList", "Fluctuation", "KeyCustomerList", "fluctuation", "key_customers",
        "provincial_filing", "provincial_filing_list",
    ),
    "rules.responsibility": ("Assignment", "responsible_unit"),
    "rules.visits": (
        "VisitCompliance", "VisitRequirement", "VisitYear", "visit_compliance",
        "visit_requirement", "visit_year",
    ),
    "verification.audit": ("AuditRecord", "Reproduction"),
}  # fmt: skip

#: Public names of the package that stored data may not call: readers (a path or a stream),
#: runs over many customers or a month's files, audits and exports. Named here so that the
#: refusal says why rather than "not a public function".
REFUSED = frozenset(
    {
        "Facts", "Yuan", "agenda", "audit", "compare", "evaluate_portfolio", "grade_many",
        "iter_agenda", "load_policy", "read_activity", "read_portfolio", "read_revenue",
        "read_rows", "reproduce", "to_dataframe", "to_rows", "write_agenda",
    }
)  # fmt: skip

# Words in a parameter's annotation or name that mean it may name a file.
_FILE_HINTS = ("Path", "PathLike", "IO", "path", "file")


def _takes_a_file(func: Callable[..., Any]) -> bool:
    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return True  # cannot tell: refused
    for parameter in parameters:
        annotation = parameter.annotation
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if any(hint in text for hint in _FILE_HINTS[:3]) or any(
            hint in parameter.name.lower() for hint in _FILE_HINTS[3:]
        ):
            return True
    return False


@cache
def _callables() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module, names in CALLABLE.items():
        loaded = importlib.import_module(f"keyaccount_rules.{module}")
        found.update((name, getattr(loaded, name)) for name in names)
    return found


def public_functions() -> dict[str, Callable[..., Any]]:
    """The callables stored data may name (:data:`CALLABLE`), by public name (a fresh dict)."""
    return dict(_callables())


def resolve_function(name: str) -> Callable[..., Any]:
    """Find a rule function by name: ``"grade"``, or ``"CustomerId.parse"`` for a method.

    Only :func:`public_functions` are found, and of a class only the methods the library
    defines itself (not pydantic's, some of which read files) that take no path.

    Raises:
        FunctionLookupError: the name is not callable from data; the message suggests close
            names.
    """
    if not isinstance(name, str) or not name.strip():
        raise FunctionLookupError(
            f"function: must be the name of a public function (got {echo(name)})"
        )
    head, *rest = name.strip().split(".")
    functions = _callables()
    if head not in functions:
        close = difflib.get_close_matches(head, functions, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        if head in REFUSED:
            reason = "is not a rule function (readers and other I/O cannot be called from data)"
        else:
            reason = "is not a public function of keyaccount_rules"
        raise FunctionLookupError(f"function: {echo(head)} {reason}{hint}")
    target: Any = functions[head]
    for part in rest:
        if part.startswith("_") or not _own_attribute(target, part):
            raise FunctionLookupError(
                f"function: {echo(name)} has no public attribute {echo(part)}"
            )
        target = getattr(target, part)
        if callable(target) and _takes_a_file(target):
            raise FunctionLookupError(f"function: {echo(name)} takes a file; not callable here")
    if not callable(target):
        raise FunctionLookupError(f"function: {echo(name)} is not callable")
    return typing.cast(Callable[..., Any], target)


def _own_attribute(target: object, part: str) -> bool:
    """An attribute defined by a class of the library (``CustomerId.parse``), not inherited
    from pydantic or ``object`` (``Customer.parse_file`` reads a file)."""
    classes = target.__mro__ if isinstance(target, type) else type(target).__mro__
    return any(
        part in vars(cls) for cls in classes if cls.__module__.startswith("keyaccount_rules")
    )


def _hints(func: Callable[..., Any]) -> dict[str, Any]:
    if isinstance(func, type):
        if issubclass(func, BaseModel):
            return {name: field.annotation for name, field in func.model_fields.items()}
        target: Any = func.__init__
    else:
        target = func
    try:
        return typing.get_type_hints(target)
    except (NameError, TypeError):  # unresolvable annotations: pass the data through as given
        return {}


def _union_args(hint: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(hint)
    return (hint,)


def convert_argument(value: Any, hint: Any) -> Any:
    """Turn plain data into what ``hint`` asks for, where the data cannot be passed as is.

    A table becomes the pydantic record the hint names; an ISO string becomes a ``date``
    where only a date is accepted; lists and mappings are converted element by element.
    Anything else is passed unchanged, so the function's own validation reports bad data.
    """
    options = [arg for arg in _union_args(hint) if arg is not type(None)]
    if any(arg is Any or arg is object or arg is str for arg in options):
        return value
    for arg in options:
        origin = typing.get_origin(arg) or arg
        args = typing.get_args(arg)
        if (
            isinstance(origin, type)
            and issubclass(origin, BaseModel)
            and isinstance(value, Mapping)
        ):
            return origin.model_validate(value)
        if origin is dt.date and isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        if (
            isinstance(origin, type)
            and issubclass(origin, Mapping)
            and isinstance(value, Mapping)
            and len(args) == 2
        ):
            return {key: convert_argument(item, args[1]) for key, item in value.items()}
        if (
            isinstance(origin, type)
            and issubclass(origin, Iterable)
            and not issubclass(origin, str | Mapping)
            and isinstance(value, list | tuple)
            and args
        ):
            items = [convert_argument(item, args[0]) for item in value]
            if issubclass(origin, AbstractSet):
                return frozenset(items)
            return tuple(items) if origin is tuple else items
    return value


def plain_data(value: Any) -> Any:
    """Read-only JSON data (as case files and audit records hold it) as fresh lists and dicts,
    the shape a TOML or JSON reader gives, so a call made from stored data is the call the
    data was read for."""
    if isinstance(value, Mapping):
        return {key: plain_data(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [plain_data(item) for item in value]
    return value


def call_function(
    func: Callable[..., Any], inputs: Mapping[str, Any], *, policy: Policy | None = None
) -> Any:
    """Call ``func`` with ``inputs`` by parameter name, converting data by the annotations.

    ``policy`` is passed as the ``policy=`` keyword when given. An input the function has no
    parameter for raises :class:`FunctionLookupError`.
    """
    try:
        parameters = inspect.signature(func).parameters
    except (TypeError, ValueError):  # builtins without a signature: call as given
        parameters = types.MappingProxyType({})
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    unknown = [name for name in inputs if name not in parameters and not accepts_any]
    if unknown:
        known = ", ".join(p for p in parameters if p != "policy")
        raise FunctionLookupError(
            f"input: {', '.join(map(repr, unknown))} is not a parameter of "
            f"{getattr(func, '__qualname__', func)} (parameters: {known})"
        )
    hints = _hints(func)
    arguments = {
        name: convert_argument(value, hints.get(name, Any)) for name, value in inputs.items()
    }
    if policy is not None:
        if "policy" not in parameters and not accepts_any:
            raise FunctionLookupError(
                f"policy: {getattr(func, '__qualname__', func)} does not take a policy"
            )
        arguments["policy"] = policy
    positional = [
        arguments.pop(p.name)
        for p in parameters.values()
        if p.kind is inspect.Parameter.POSITIONAL_ONLY and p.name in arguments
    ]
    return func(*positional, **arguments)

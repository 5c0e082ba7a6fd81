"""Audit records (审计记录): a result as JSON that can be re-run to show it reproduces.

:func:`audit` calls a public function and returns an :class:`AuditRecord`: the function's
name, its inputs, the outputs and the explanation as plain JSON data, the library version and
the fingerprint (SHA-256 of the canonical JSON) of the policy used; it is frozen all the way
down (read-only mappings and tuples) and survives its own JSON unchanged. :func:`reproduce`
re-runs a record — today, next year, in another service — and says whether it gives the same result
under the same policy, and if not, what differs.

>>> import keyaccount_rules as kr
>>> record = audit("grade", "1200000", "43879110")
>>> record.outputs["tier"], record.explanation[-1].rule
('diamond', 'GRADE-4')
>>> again = AuditRecord.model_validate_json(record.model_dump_json())
>>> again == record
True
>>> reproduce(again).reproduces
True
>>> stricter = kr.default_policy().with_changes({"grading.tiers.diamond": 95})
>>> check = reproduce(again, policy=stricter)
>>> check.reproduces, check.differences
(False, ('policy: fingerprint differs', "outputs.computed_tier: 'diamond' became 'gold'", \
"outputs.tier: 'diamond' became 'gold'", 'explanation differs'))
"""

from __future__ import annotations

import collections.abc
import contextlib
import datetime as dt
import inspect
import typing
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from keyaccount_rules.core.arguments import as_date, checked, instance_of
from keyaccount_rules.core.errors import KeyAccountError, RuleInputError, echo
from keyaccount_rules.core.explanation import Explanation, Step, to_json_data
from keyaccount_rules.core.frozen import FrozenJson, FrozenMap
from keyaccount_rules.core.version import __version__
from keyaccount_rules.policy import Policy, resolve_policy
from keyaccount_rules.policy.history import PolicyGiven, PolicyHistory
from keyaccount_rules.verification.dispatch import (
    FunctionLookupError,
    call_function,
    plain_data,
    public_functions,
    resolve_function,
)

__all__ = ["AuditRecord", "Reproduction", "audit", "reproduce"]


class AuditRecord(BaseModel):
    """One result as JSON: what was asked, what came out, why, and under which policy.

    Inputs and outputs are the JSON data of the call (:func:`to_json_data`), held read-only
    (mappings as :class:`~keyaccount_rules.core.frozen.FrozenDict`, lists as tuples). Two records
    are equal when their data is; the live result (:attr:`result`) does not count.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    function: str = Field(description="Public function name, e.g. grade or CustomerId.parse.")
    inputs: FrozenMap[str, FrozenJson] = Field(
        description="Arguments by parameter name, as JSON data."
    )
    outputs: FrozenJson = Field(description="The result as JSON data, without its explanation.")
    explanation: tuple[Step, ...] | None = Field(
        default=None, description="The result's explanation steps (rule, text, text_zh)."
    )
    library_version: str
    policy_fingerprint: str | None = Field(
        default=None, description="SHA-256 of the policy used; null if the function takes none."
    )
    policy_name: str | None = None
    policy_version: str | None = None
    policy_effective_from: dt.date | None = None
    _result: Any = PrivateAttr(default=None)

    @property
    def result(self) -> Any:
        """The live result object (``None`` for a record read back from JSON)."""
        return self._result

    def __eq__(self, other: object) -> bool:
        # The record is its data: a record read back from JSON equals the one written, though
        # only the original still holds the live result.
        if not isinstance(other, AuditRecord):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))


#: A record to reproduce: an :class:`AuditRecord` (read back with ``model_validate_json``).
RecordGiven = instance_of(AuditRecord, "must be an AuditRecord")


class Reproduction(BaseModel):
    """Whether a record reproduces: same policy, same outputs, same explanation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reproduces: bool
    same_policy: bool
    same_outputs: bool
    same_explanation: bool
    differences: tuple[str, ...]
    notes: tuple[str, ...] = ()
    rerun: AuditRecord | None


def _version() -> str:
    return __version__


def _name_of(function: str | Callable[..., Any]) -> tuple[str, Callable[..., Any]]:
    if isinstance(function, str):
        return function, resolve_function(function)
    for name, candidate in public_functions().items():
        if candidate is function:
            return name, function
        owner = getattr(function, "__self__", None)
        if owner is candidate and inspect.ismethod(function):
            return f"{name}.{function.__name__}", function
    raise FunctionLookupError(
        f"function: {echo(getattr(function, '__qualname__', function))} is not a public function "
        "of keyaccount_rules; audit records can only name public functions"
    )


def _takes_policy(func: Callable[..., Any]) -> bool:
    try:
        return "policy" in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False


def _policy_for(
    func: Callable[..., Any], inputs: Mapping[str, Any], policy: Policy | PolicyHistory | None
) -> Policy | None:
    """The policy a call applies (:func:`resolve_policy`: a history's on the ``as_of`` input)."""
    if not _takes_policy(func):
        if policy is not None:
            raise RuleInputError("policy", "this function takes no policy", got=type(policy))
        return None
    as_of = inputs.get("as_of")
    if isinstance(as_of, str):  # a record read back from JSON
        with contextlib.suppress(ValueError):
            as_of = dt.date.fromisoformat(as_of)
    if not isinstance(policy, PolicyHistory):
        return resolve_policy(typing.cast(PolicyGiven, policy))
    return resolve_policy(policy, as_of=None if as_of is None else as_date(as_of, "as_of"))


def _materialise(value: Any) -> Any:
    # A one-shot iterator would be used up twice (by the call and the record, or by the record
    # and the caller): keep one list and use it for both.
    if isinstance(value, collections.abc.Iterator):
        return list(value)
    return value


def _without_fingerprints(data: Any) -> Any:
    """The outputs without the results' ``policy_fingerprint``: the record names it once."""
    # The record keeps the policy's fingerprint once, beside the outputs; nested results carry
    # it too, and outputs compare answers, so a renamed but equal policy reproduces them.
    if isinstance(data, dict):
        return {k: _without_fingerprints(v) for k, v in data.items() if k != "policy_fingerprint"}
    if isinstance(data, list):
        return [_without_fingerprints(item) for item in data]
    return data


def _split(result: Any) -> tuple[Any, tuple[Step, ...] | None]:
    data = _without_fingerprints(to_json_data(result))
    explanation = getattr(result, "explanation", None)
    if isinstance(data, dict) and isinstance(explanation, Explanation):
        data.pop("explanation", None)
        return data, explanation.steps
    return data, None


def _record(
    name: str, func: Callable[..., Any], inputs: Mapping[str, Any], policy: Policy | None
) -> AuditRecord:
    result = _materialise(call_function(func, inputs, policy=policy))  # a lazy result, read
    outputs, explanation = _split(result)
    record = AuditRecord(
        function=name,
        inputs=to_json_data(dict(inputs)),
        outputs=outputs,
        explanation=explanation,
        library_version=_version(),
        policy_fingerprint=policy.fingerprint if policy else None,
        policy_name=policy.name if policy else None,
        policy_version=policy.version if policy else None,
        policy_effective_from=policy.effective_from if policy else None,
    )
    record._result = result
    return record


def audit(
    function: str | Callable[..., Any],
    /,
    *args: Any,
    policy: Policy | PolicyHistory | None = None,
    **kwargs: Any,
) -> AuditRecord:
    """Call a public function and record the call, its result and the policy's fingerprint.

    ``function`` is a public function or its name (``"evaluate"``, ``"CustomerId.parse"``);
    the other arguments are passed to it. ``policy`` is what every entry point accepts
    (a Policy, an edition's name, ``None`` for the default, or a :class:`PolicyHistory`, whose
    policy in force on the ``as_of`` argument is used); the policy applied is recorded. The
    live result is ``record.result``.

    Raises:
        FunctionLookupError: ``function`` is not public; otherwise whatever the function raises.
    """
    name, func = _name_of(function)
    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
    except TypeError as err:
        raise FunctionLookupError(f"{name}: {err}") from err
    inputs = {key: _materialise(value) for key, value in bound.arguments.items()}
    return _record(name, func, inputs, _policy_for(func, inputs, policy))


def _differences(before: Any, after: Any, path: str) -> list[str]:
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        found = []
        for key in sorted(set(before) | set(after)):
            found.extend(
                _differences(
                    before.get(key, "<absent>"), after.get(key, "<absent>"), f"{path}.{key}"
                )
            )
        return found
    if before != after:
        return [f"{path}: {before!r} became {after!r}"]
    return []


def reproduce(record: AuditRecord, *, policy: Policy | PolicyHistory | None = None) -> Reproduction:
    """Re-run a record and compare: it reproduces when the policy has the recorded fingerprint
    and the outputs and explanation are equal. A different library version is only noted.

    ``policy`` is the policy (or history) to re-run under; default: the rulebook's.
    """
    record = checked(RecordGiven, record, "record")
    func = resolve_function(record.function)
    chosen = _policy_for(func, record.inputs, policy)
    notes = []
    if record.library_version != _version():
        notes.append(f"library version: recorded {record.library_version}, now {_version()}")
    same_policy = (chosen.fingerprint if chosen else None) == record.policy_fingerprint
    differences = [] if same_policy else ["policy: fingerprint differs"]
    try:
        rerun = _record(record.function, func, plain_data(record.inputs), chosen)
    except (KeyAccountError, ValueError) as err:
        differences.append(f"error: {type(err).__name__}: {err}")
        return Reproduction(
            reproduces=False,
            same_policy=same_policy,
            same_outputs=False,
            same_explanation=False,
            differences=tuple(differences),
            notes=tuple(notes),
            rerun=None,
        )
    output_changes = _differences(record.outputs, rerun.outputs, "outputs")
    differences.extend(output_changes)
    same_explanation = record.explanation == rerun.explanation
    if not same_explanation:
        differences.append("explanation differs")
    return Reproduction(
        reproduces=same_policy and not output_changes and same_explanation,
        same_policy=same_policy,
        same_outputs=not output_changes,
        same_explanation=same_explanation,
        differences=tuple(differences),
        notes=tuple(notes),
        rerun=rerun,
    )

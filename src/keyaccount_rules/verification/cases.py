"""Policy cases as data (政策测试用例): case files that policy analysts write and run.

A case file is TOML with one ``[[case]]`` table per case: a ``name``, the public ``function``
to call (any callable in ``keyaccount_rules.__all__``, e.g. ``"grade"``, ``"qualify"``,
``"CustomerId.parse"``), its ``input`` by parameter name, and either the expected ``output``
— attributes of the result by dotted path, compared Decimal-, enum- and date-aware — or the
expected ``error``. ``rules`` lists rule IDs the result's explanation must cite. A file may set
``function``, ``policy`` (a policy file, relative to the case file) and ``policy_changes``
(dotted path → value) once for all its cases; a case may override them. See
docs/verification.md for the full shape.

>>> text = '''
... [[case]]
... name = "1,000,000 yuan is on the 90-point band (G-3: 以上 includes the bound)"
... function = "grade"
... rules = ["GRADE-1"]
... input = { annual_revenue = 1_000_000, bureau_annual_revenue = 10_000_000_000 }
... output = { revenue_points = 90, share_points = 40, score = 70.0, tier = "silver" }
... '''
>>> results = [run_case(case) for case in parse_cases(text, source="example.toml")]
>>> print(format_result(results[0]))
PASS  1,000,000 yuan is on the 90-point band (G-3: 以上 includes the bound)
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from keyaccount_rules.core.errors import KeyAccountError, PolicyError
from keyaccount_rules.core.explanation import Explanation, Step, to_json_data
from keyaccount_rules.core.frozen import FrozenJson, FrozenMap
from keyaccount_rules.core.limits import POLICY_DEPTH, POLICY_FILE_BYTES
from keyaccount_rules.policy import (
    EDITIONS,
    MissingSectionError,
    Policy,
    default_policy,
    edition,
    load_policy,
)
from keyaccount_rules.policy.merge import MISSING, nesting_depth, value_at
from keyaccount_rules.policy.toml_text import toml_nesting
from keyaccount_rules.verification.dispatch import (
    FunctionLookupError,
    call_function,
    plain_data,
    resolve_function,
)

__all__ = [
    "Case",
    "CaseFileError",
    "CaseResult",
    "ExpectedError",
    "collect_case_files",
    "format_result",
    "load_case_file",
    "load_each",
    "parse_cases",
    "parse_each",
    "resolve_path",
    "run_case",
    "run_case_files",
    "values_match",
]

#: Strings that stand for "no value" in an expected output (TOML has no null).
NONE_WORDS = frozenset({"None", "null"})


class CaseFileError(KeyAccountError, ValueError):
    """A case file that cannot be read or does not have the case-file shape."""


class ExpectedError(BaseModel):
    """The error a case expects instead of an output; every given part must match."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str | None = Field(default=None, description="Class name, e.g. RuleInputError.")
    field: str | None = Field(default=None, description="The field the error names.")
    rule: str | None = Field(default=None, description="The rule ID the error cites.")
    message: str | None = Field(default=None, description="Text the message contains.")


class Case(BaseModel):
    """One policy case: call ``function`` with ``input`` and expect ``output`` or ``error``."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    name: str = Field(min_length=1)
    function: str = Field(min_length=1)
    input: FrozenMap[str, FrozenJson] = Field(default_factory=dict)
    output: FrozenMap[str, FrozenJson] = Field(default_factory=dict)
    error: ExpectedError | None = None
    rules: tuple[str, ...] = ()
    source: str = ""
    description: str = ""
    policy: Policy | None = Field(default=None, exclude=True)
    editions: tuple[str, ...] = Field(
        default=(),
        description="The editions whose numbers the expectations are written for (empty: any).",
    )
    own_policy: bool = Field(
        default=False, description="The case names its own policy (or policy_changes)."
    )
    not_applicable: str = Field(
        default="", description="Why the case's policy could not be built from this policy."
    )
    file: str = ""
    number: int = Field(default=0, description="Position of the case in its file, from 1.")


class CaseResult(BaseModel):
    """The outcome of a case: ``passed``, each mismatch, and the result's explanation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case: Case
    passed: bool
    skipped: str = Field(
        default="", description="Why the case does not apply to the policy (then not failed)."
    )
    mismatches: tuple[str, ...] = ()
    explanation: str = ""
    raised: str = ""


# ---------------------------------------------------------------- reading case files


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"grading": {"tier": "gold"}}`` → ``{"grading.tier": "gold"}`` (TOML dotted keys)."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = value
    return flat


_CASE_KEYS = {
    "name",
    "function",
    "input",
    "output",
    "error",
    "rules",
    "source",
    "description",
    "policy",
    "policy_changes",
    "editions",
}
_FILE_KEYS = {"case", "function", "policy", "policy_changes", "source", "description", "editions"}


class _NotApplicableError(Exception):
    """A case's ``policy_changes`` touch a section the policy lacks (RULEBOOK §0)."""


def _policy_for(
    spec: Mapping[str, Any],
    base_dir: Path | None,
    where: str,
    cache: dict[str, Policy],
    default: Policy | None = None,
) -> Policy | None:
    path, changes = spec.get("policy"), spec.get("policy_changes")
    if changes is not None and not isinstance(changes, Mapping):
        raise CaseFileError(
            f"{where}: policy_changes: must be a table of dotted paths, "
            f'e.g. {{ "grading.tiers.gold" = 80 }} (got {changes!r})'
        )
    if path is None and not changes:
        return default
    key = repr((path, sorted(_flatten(changes or {}).items(), key=repr)))
    if key in cache:
        return cache[key]
    try:
        if path is not None:
            if not isinstance(path, str):
                raise CaseFileError(
                    f"{where}: policy: must be an edition name or a file name (got {path!r})"
                )
            policy = (
                edition(path) if path in EDITIONS else load_policy((base_dir or Path.cwd()) / path)
            )
        else:
            policy = default or default_policy()
        if changes:
            flat = _flatten(changes)
            data = policy.model_dump(mode="python")
            for path in flat:
                parent = path.rpartition(".")[0]
                if parent and value_at(data, parent) in (MISSING, None):  # the edition lacks it
                    raise _NotApplicableError(
                        f"policy_changes: {path}: the {policy.name!r} policy has no {parent}"
                    )
            policy = policy.with_changes(flat)
    except PolicyError as err:
        raise CaseFileError(f"{where}: the case's policy is invalid: {err}") from err
    cache[key] = policy
    return policy


def parse_each(
    text: str,
    *,
    source: str = "cases",
    base_dir: Path | None = None,
    policy: Policy | None = None,
) -> list[Case | CaseFileError]:
    """Read each case of a case file's text: a :class:`Case`, or for a malformed one the
    :class:`CaseFileError` naming it, so that the other cases of the file still run.

    A file that is not a case file at all (not TOML, unknown top-level keys, no cases)
    raises its ``CaseFileError``. ``policy`` as for :func:`parse_cases`.
    """
    too_deep = f"{source}: not valid TOML: nested too deeply (over {POLICY_DEPTH} levels)"
    if toml_nesting(text, POLICY_DEPTH) > POLICY_DEPTH:
        raise CaseFileError(too_deep)  # before tomllib, whose work grows with the depth
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as err:
        raise CaseFileError(f"{source}: not valid TOML: {err}") from err
    except RecursionError:
        raise CaseFileError(too_deep) from None
    if nesting_depth(data, POLICY_DEPTH) > POLICY_DEPTH:
        raise CaseFileError(too_deep)
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise CaseFileError(
            f"{source}: unknown top-level key(s) {', '.join(unknown)}; "
            f"expected [[case]] tables and optionally {', '.join(sorted(_FILE_KEYS - {'case'}))}"
        )
    raw_cases = data.get("case")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise CaseFileError(
            f"{source}: no cases; write each case as a [[case]] table, e.g.\n"
            '  [[case]]\n  name = "..."\n  function = "grade"\n'
            "  input = { annual_revenue = 1000000, bureau_annual_revenue = 1000000000 }\n"
            "  output = { revenue_points = 90 }"
        )
    cache: dict[str, Policy] = {}
    return [
        _one_case(raw, number, data, source, base_dir, cache, policy)
        for number, raw in enumerate(raw_cases, start=1)
    ]


def parse_cases(
    text: str,
    *,
    source: str = "cases",
    base_dir: Path | None = None,
    policy: Policy | None = None,
) -> list[Case]:
    """Read the cases of a case file's text; ``CaseFileError`` names the case and the key.

    ``policy`` replaces the default policy for every case that names no ``policy`` of its own
    (``keyaccount-rules test --policy``); a case's ``policy_changes`` apply on top of it.
    """
    cases = []
    for case in parse_each(text, source=source, base_dir=base_dir, policy=policy):
        if isinstance(case, CaseFileError):
            raise case
        cases.append(case)
    return cases


def _one_case(
    raw: object,
    number: int,
    data: Mapping[str, Any],
    source: str,
    base_dir: Path | None,
    cache: dict[str, Policy],
    policy: Policy | None,
) -> Case | CaseFileError:
    """One ``[[case]]`` table as a :class:`Case`, or the :class:`CaseFileError` saying why not."""
    try:
        return _case_of(raw, number, data, source, base_dir, cache, policy)
    except CaseFileError as err:
        return err


def _case_of(
    raw: object,
    number: int,
    data: Mapping[str, Any],
    source: str,
    base_dir: Path | None,
    cache: dict[str, Policy],
    policy: Policy | None,
) -> Case:
    where = f"{source}, case {number}"
    if isinstance(raw, Mapping) and isinstance(raw.get("name"), str):
        where += f" ({raw['name']!r})"
    if not isinstance(raw, Mapping):
        raise CaseFileError(f"{where}: must be a table")
    unknown = sorted(set(raw) - _CASE_KEYS)
    if unknown:
        raise CaseFileError(
            f"{where}: unknown key(s) {', '.join(unknown)}; "
            f"a case has {', '.join(sorted(_CASE_KEYS))}"
        )
    merged = {key: data[key] for key in _FILE_KEYS - {"case"} if key in data} | dict(raw)
    if "output" in raw and "error" in raw:
        raise CaseFileError(f"{where}: give either output or error, not both")
    if "output" not in raw and "error" not in raw:
        raise CaseFileError(f"{where}: give the expected output (or the expected error)")
    function: Any = merged.get("function")
    try:
        resolve_function(function)
    except FunctionLookupError as err:
        raise CaseFileError(f"{where}: {err}") from err
    not_applicable = ""
    try:
        case_policy = _policy_for(merged, base_dir, where, cache, policy)
    except _NotApplicableError as err:
        case_policy, not_applicable = None, str(err)
    output = merged.get("output", {})
    try:
        return Case(
            name=merged.get("name", ""),
            function=function,
            input=merged.get("input", {}),
            output=_flatten(output) if isinstance(output, Mapping) else {"": output},
            error=merged.get("error"),
            rules=tuple(merged.get("rules", ())),
            source=merged.get("source", ""),
            description=merged.get("description", ""),
            policy=case_policy,
            editions=tuple(merged.get("editions", ())),
            not_applicable=not_applicable,
            own_policy="policy" in merged or bool(merged.get("policy_changes")),
            file=source,
            number=number,
        )
    except (ValidationError, TypeError) as err:
        raise CaseFileError(f"{where}: {_validation_text(err)}") from err


def _validation_text(err: Exception) -> str:
    if isinstance(err, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'case'}: {e['msg']}" for e in err.errors()
        )
    return str(err)


def load_case_file(path: str | Path, *, policy: Policy | None = None) -> list[Case]:
    """Read a case file; a ``policy`` file it names is found relative to it."""
    cases = []
    for case in load_each(path, policy=policy):
        if isinstance(case, CaseFileError):
            raise case
        cases.append(case)
    return cases


def load_each(path: str | Path, *, policy: Policy | None = None) -> list[Case | CaseFileError]:
    """:func:`parse_each` of a case file: each case, or the error of a malformed one."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise CaseFileError(f"{path}: not a regular file (a case file is a .toml file)")
            raw = handle.read(POLICY_FILE_BYTES + 1)
    except OSError as err:
        raise CaseFileError(f"{path}: cannot read ({err.strerror or err})") from err
    if len(raw) > POLICY_FILE_BYTES:
        raise CaseFileError(f"{path}: larger than {POLICY_FILE_BYTES:,} bytes: not a case file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CaseFileError(
            f"{path}: not UTF-8 text (byte {err.start}); save the file as UTF-8"
        ) from None
    return parse_each(text, source=str(path), base_dir=path.parent, policy=policy)


def shipped_cases() -> Path:
    """The directory of the reference case files shipped with the package (``cases/``).

    A bureau reruns them against its own file: ``keyaccount-rules test --policy my.toml``.
    In a source checkout (an editable install) they are the project's ``tests/cases``.
    """
    shipped = Path(__file__).resolve().parent.parent / "cases"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[3] / "tests" / "cases"


def _takes_policy(function: Any) -> bool:
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return True
    return "policy" in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def _not_applicable(case: Case) -> str:
    """Why a case does not apply to its policy's edition, or ``""`` (RULEBOOK §0)."""
    if case.not_applicable:
        return case.not_applicable
    if not case.editions:
        return ""
    policy = case.policy or default_policy()
    if policy.edition in case.editions:
        return ""
    written = ", ".join(case.editions)
    return (
        f"written for the {written} edition(s); the policy is of {policy.edition or 'no'} edition"
    )


def collect_case_files(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.toml`` files among ``paths``; a directory gives every ``.toml`` under it, sorted."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.toml") if p.is_file()))
        else:
            found.append(path)
    return found


# ---------------------------------------------------------------- comparing


def resolve_path(result: object, path: str) -> object:
    """Follow a dotted path into a result: attributes, mapping keys (codes of enum keys),
    sequence and explanation indexes (``-1`` is the last); on an :class:`Explanation` or a
    step, ``en`` and ``zh`` give the rendered text.

    Raises:
        LookupError: the path does not exist; the message names the part that is missing.
    """
    current: Any = result
    walked: list[str] = []
    for part in path.split(".") if path else ():
        if isinstance(current, Explanation | Step) and part in ("en", "zh"):
            current = current.render("zh" if part == "zh" else "en")
        elif isinstance(current, Explanation) and _INDEX.fullmatch(part):
            if not -len(current) <= int(part) < len(current):
                raise LookupError(f"the explanation has only {len(current)} step(s)")
            current = current[int(part)]
        elif isinstance(current, Mapping):
            key = next((k for k in current if to_json_data(k) == part), _MISSING)
            if key is _MISSING:
                where = ".".join(walked) or "the result"
                keys = ", ".join(str(to_json_data(k)) for k in current) or "none"
                raise LookupError(f"{where} has no key {part!r} (keys: {keys})")
            current = current[key]
        elif (
            isinstance(current, Sequence)
            and not isinstance(current, str)
            and _INDEX.fullmatch(part)
        ):
            if not -len(current) <= int(part) < len(current):
                where = ".".join(walked) or "the result"
                raise LookupError(f"{where} has only {len(current)} item(s)")
            current = current[int(part)]
        elif part.startswith("_") or not hasattr(current, part):
            where = ".".join(walked) or "the result"
            raise LookupError(f"{where} ({type(current).__name__}) has no attribute {part!r}")
        else:
            current = getattr(current, part)
        walked.append(part)
    return current


_MISSING = object()
_INDEX = re.compile(r"-?\d+")


def _as_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.replace(",", "").strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().splitlines()]


def values_match(got: object, expected: object) -> bool:
    """Whether a result value equals an expected value written in a case file.

    Numbers compare by value (``94.0`` = ``Decimal("94")``, strings allowed); enums by code
    or name (``"gold"``, ``"GOLD"``); dates by ISO string or TOML date; sets ignore order;
    booleans only equal booleans; ``"None"`` or ``"null"`` expects no value.

    >>> values_match(Decimal("94.0"), 94), values_match(True, 1), values_match(None, "null")
    (True, False, True)
    """
    if got is None or expected is None:
        return got is None and (expected is None or expected in NONE_WORDS)
    if isinstance(got, bool) or isinstance(expected, bool):
        return type(got) is bool and type(expected) is bool and got == expected
    if isinstance(got, Explanation):
        if isinstance(expected, str):
            return _lines(str(got)) == _lines(expected)
        if isinstance(expected, list | tuple):
            return _lines(str(got)) == [str(line).rstrip() for line in expected]
        return False
    if isinstance(got, enum.Enum):
        if isinstance(expected, str):
            try:
                return type(got)(expected) is got
            except ValueError:
                return False
        return bool(got == expected)
    if isinstance(got, Decimal | int | float):
        number, wanted = _as_decimal(got), _as_decimal(expected)
        return number is not None and wanted is not None and number == wanted
    if isinstance(got, dt.date):
        if isinstance(expected, str):
            try:
                expected = dt.date.fromisoformat(expected)
            except ValueError:
                return False
        return type(got) is type(expected) and got == expected
    if isinstance(got, BaseModel) and isinstance(expected, Mapping):
        try:
            return all(values_match(resolve_path(got, k), v) for k, v in _flatten(expected).items())
        except LookupError:
            return False
    if isinstance(got, Mapping) and isinstance(expected, Mapping):
        if len(got) != len(expected):
            return False
        try:
            return all(values_match(resolve_path(got, str(k)), v) for k, v in expected.items())
        except LookupError:
            return False
    if isinstance(got, AbstractSet) and isinstance(expected, list | tuple):
        remaining = list(got)
        for item in expected:
            match = next((g for g in remaining if values_match(g, item)), _MISSING)
            if match is _MISSING:
                return False
            remaining.remove(match)
        return not remaining
    if (
        isinstance(got, Sequence)
        and not isinstance(got, str)
        and isinstance(expected, list | tuple)
    ):
        return len(got) == len(expected) and all(
            values_match(g, e) for g, e in zip(got, expected, strict=True)
        )
    if isinstance(expected, str) and not isinstance(got, str):
        return str(got) == expected  # e.g. a CustomerId against its 14 digits
    if isinstance(got, str) and isinstance(expected, str) and "\n" in expected:
        return _lines(got) == _lines(expected)  # a text block: line ends and edges do not count
    return bool(got == expected)


def _show(value: object) -> str:
    if isinstance(value, Explanation | str) and "\n" in str(value).strip("\n"):
        return "\n" + "\n".join(f"    {line}" for line in _lines(str(value)))
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        return repr(value)
    data = to_json_data(value)
    return (
        repr(data)
        if isinstance(data, str) and not isinstance(value, Decimal | dt.date)
        else (str(data))
    )


# ---------------------------------------------------------------- running

#: The fields a result's short summary names, when it has them (its headline decisions).
_HEADLINE = ("key_account", "tier", "score", "unit", "contacts_per_month", "level", "status")
#: Longest summary of a result in a mismatch line.
_SUMMARY_LIMIT = 120


def _summary(result: object) -> str:
    """A result as a mismatch line names it: its type and headline, not its whole JSON."""
    if not isinstance(result, BaseModel):
        shown = _show(result)
        return shown if len(shown) <= _SUMMARY_LIMIT else shown[: _SUMMARY_LIMIT - 1] + "…"
    parts = []
    for name in _HEADLINE:
        value = getattr(result, name, _MISSING)
        if value is not _MISSING and value is not None and not callable(value):
            parts.append(f"{name}={_show(value)}")
    return f"{type(result).__name__}({', '.join(parts)})"


def _unknown_member(got: object, expected: object) -> str:
    """For an enum result expected as text that is no member's spelling (a typo such as
    ``"sliver"``), the sentence saying so; else ``""``."""
    if not isinstance(got, enum.Enum) or not isinstance(expected, str):
        return ""
    if expected in NONE_WORDS:
        return ""
    try:
        type(got)(expected)
    except ValueError:
        known = ", ".join(str(member.value) for member in type(got))
        return f"expected {expected!r}, which is no {type(got).__name__} (known: {known})"
    return ""


def _error_mismatches(err: BaseException, expected: ExpectedError) -> list[str]:
    found = []
    names = [cls.__name__ for cls in type(err).__mro__]
    if expected.type and expected.type not in names:
        found.append(f"error type: expected {expected.type}, got {type(err).__name__}")
    if expected.field:
        if isinstance(err, ValidationError):
            fields = [".".join(str(p) for p in e["loc"]) for e in err.errors()]
        else:
            fields = [str(getattr(err, "field", ""))]
        if not any(f == expected.field or f.startswith(f"{expected.field}.") for f in fields):
            found.append(f"error field: expected {expected.field!r}, got {', '.join(fields)!r}")
    if expected.rule and getattr(err, "rule", None) != expected.rule:
        found.append(f"error rule: expected {expected.rule}, got {getattr(err, 'rule', None)}")
    if expected.message and expected.message not in str(err):
        found.append(f"error message: expected to contain {expected.message!r}")
    return found


def run_case(case: Case) -> CaseResult:
    """Run one case and compare the result (or the error) with what the case expects.

    A case that does not apply to the policy is *skipped*, not failed: one written for other
    editions (its ``editions``), or one that needs a section the policy lacks (a
    :class:`MissingSectionError` it does not expect), e.g. a pay case under ``shantou``.
    """
    reason = _not_applicable(case)
    if reason:
        return CaseResult(case=case, passed=True, skipped=reason)
    try:
        function = resolve_function(case.function)
        policy = case.policy
        if (
            policy is not None
            and not case.own_policy
            and ("policy" in case.input or not _takes_policy(function))
        ):
            policy = None  # a --policy run: a function that reads no policy runs as written
        result = call_function(function, plain_data(case.input), policy=policy)
    except FunctionLookupError as err:
        return CaseResult(case=case, passed=False, mismatches=(str(err),), raised=str(err))
    except MissingSectionError as err:
        if case.error is None or case.error.type not in ("MissingSectionError", "PolicyError"):
            return CaseResult(case=case, passed=True, skipped=str(err), raised=str(err))
        mismatches = _error_mismatches(err, case.error)
        return CaseResult(
            case=case, passed=not mismatches, mismatches=tuple(mismatches), raised=str(err)
        )
    except (KeyAccountError, ValueError) as err:  # the documented errors
        raised = f"{type(err).__name__}: {err}"
        if case.error is None:
            return CaseResult(
                case=case, passed=False, mismatches=(f"unexpected error {raised}",), raised=raised
            )
        mismatches = _error_mismatches(err, case.error)
        return CaseResult(
            case=case, passed=not mismatches, mismatches=tuple(mismatches), raised=raised
        )
    except Exception as err:  # any other error is a library bug: report it
        raised = f"{type(err).__name__}: {err}"
        return CaseResult(
            case=case,
            passed=False,
            mismatches=(f"internal error (not a documented error) {raised}",),
            raised=raised,
        )
    explanation = getattr(result, "explanation", None)
    text = str(explanation) if isinstance(explanation, Explanation) else ""
    if case.error is not None:
        return CaseResult(
            case=case,
            passed=False,
            mismatches=(f"expected an error, got the result {_summary(result)}",),
            explanation=text,
        )
    mismatches = []
    for path, expected in case.output.items():
        try:
            got = resolve_path(result, path)
        except LookupError as err:
            mismatches.append(f"{path or 'result'}: {err}")
            continue
        if not values_match(got, expected):
            unknown = _unknown_member(got, expected)
            if unknown:
                mismatches.append(f"{path or 'result'}: {unknown}; got {_show(got)}")
                continue
            mismatches.append(f"{path or 'result'}: expected {_show(expected)}, got {_show(got)}")
    if isinstance(explanation, Explanation):
        cited = set(explanation.rules)
        mismatches.extend(
            f"rules: the explanation does not cite {rule} (it cites {', '.join(explanation.rules)})"
            for rule in case.rules
            if rule not in cited
        )
    return CaseResult(
        case=case, passed=not mismatches, mismatches=tuple(mismatches), explanation=text
    )


def format_result(result: CaseResult) -> str:
    """A readable report of one case: PASS/FAIL, each expected vs got, and the explanation."""
    if result.skipped:
        return f"SKIP  {result.case.name} ({result.skipped})"
    head = f"{'PASS' if result.passed else 'FAIL'}  {result.case.name}"
    if result.passed:
        return head
    lines = [head, f"      {result.case.function}({_show_inputs(result.case.input)})"]
    lines.extend(f"      {line}" for m in result.mismatches for line in m.splitlines())
    if result.explanation:
        lines.append("      explanation:")
        lines.extend(f"        {line}" for line in result.explanation.splitlines())
    return "\n".join(lines)


def _show_inputs(inputs: Mapping[str, Any]) -> str:
    shown = ", ".join(f"{k}={_show(v)}" for k, v in inputs.items())
    return shown if len(shown) <= 200 else shown[:197] + "..."


def run_case_files(
    paths: Sequence[str | Path],
    out: TextIO,
    *,
    policy: Policy | None = None,
    verbose: bool = False,
) -> int:
    """Run case files (or directories of them) and write a report; the exit code of
    ``keyaccount-rules test``: 0 every case passed (or was skipped), 1 a case failed or a file
    is invalid, 2 no case file was found.

    ``policy`` (an edition or a bureau's file, ``--policy``) replaces the default policy of
    every case that names none; no ``paths``: the reference cases shipped with the package.
    A malformed case is reported (``ERROR``, counted as failed) and the rest of its file
    runs. Skipped cases (not applicable to the policy) are counted in one line per file;
    ``verbose`` lists each with its reason.
    """
    files = collect_case_files(paths or [shipped_cases()])
    if not files:
        out.write("no case files found\n")
        return 2
    passed = failed = skipped = 0
    for path in files:
        out.write(f"{path}\n")
        try:
            cases = load_each(path, policy=policy)
        except CaseFileError as err:
            failed += 1
            out.write(f"ERROR {err}\n")
            continue
        here = 0
        for case in cases:
            if isinstance(case, CaseFileError):
                failed += 1
                out.write("  ERROR " + str(case).replace("\n", "\n  ") + "\n")
                continue
            result = run_case(case)
            here += bool(result.skipped)
            passed += result.passed and not result.skipped
            failed += not result.passed
            if verbose or not result.skipped:
                out.write("  " + format_result(result).replace("\n", "\n  ") + "\n")
        if here and not verbose:
            out.write(f"  {here} skipped: not applicable to the policy (-v lists them)\n")
        skipped += here
    out.write(
        f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "") + "\n"
    )
    return 0 if failed == 0 else 1

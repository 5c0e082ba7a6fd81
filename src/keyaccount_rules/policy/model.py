"""The ``Policy`` tree, and how it is loaded, checked and varied (RULEBOOK §17: policy as data).

The policy's sections keep the names bureau files use (``grading``, ``schedules.periods``,
``pay``, …); the classes live in one module per rule family (``policy/grading.py`` serves
``rules/grading.py``, ``policy/compensation.py`` serves ``rules/compensation.py``, …).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, localcontext
from enum import Enum
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from keyaccount_rules.errors import PolicyError
from keyaccount_rules.money import CONTEXT
from keyaccount_rules.policy.appraisal import AppraisalPolicy
from keyaccount_rules.policy.archives import ArchivePolicy
from keyaccount_rules.policy.base import RULE_OF_FIELD, PolicyProblem, exact_digits
from keyaccount_rules.policy.calendar import CalendarPolicy
from keyaccount_rules.policy.compensation import PayPolicy
from keyaccount_rules.policy.customer_id import CustomerIdPolicy
from keyaccount_rules.policy.development import DevelopmentPolicy
from keyaccount_rules.policy.grading import GradingPolicy
from keyaccount_rules.policy.marketing_log import MarketingLogPolicy
from keyaccount_rules.policy.organisation import OrganisationPolicy
from keyaccount_rules.policy.pareto import ParetoPolicy
from keyaccount_rules.policy.periods import PeriodPolicy
from keyaccount_rules.policy.qualification import QualificationPolicy
from keyaccount_rules.policy.reporting import FilingPolicy, FluctuationPolicy, KeyCustomerPolicy
from keyaccount_rules.policy.responsibility import ResponsibilityPolicy
from keyaccount_rules.policy.visits import ContactCounting, VisitPolicy

__all__ = [
    "Policy",
    "SchedulePolicy",
    "canonical_json",
    "check_policy",
    "default_policy",
    "load_policy",
    "parse_policy",
    "read_policy_data",
]

_SKIP_CONSISTENCY = "skip_consistency"


class SchedulePolicy(BaseModel):
    """Schedules and duties (RULEBOOK §6–§9, §15): sub-sections of several rule families.

    ``schedules`` is a place in bureau files, not a rule family: ``periods`` serves
    ``rules/periods``, ``archives`` ``rules/archives``, ``contacts`` ``rules/visits``,
    ``fluctuation``/``filing``/``key_customers`` ``rules/reporting``, ``calendar``
    ``rules/calendar`` and ``marketing_log`` ``rules/marketing_log``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    periods: PeriodPolicy
    archives: ArchivePolicy
    contacts: ContactCounting
    fluctuation: FluctuationPolicy
    filing: FilingPolicy
    key_customers: KeyCustomerPolicy
    calendar: CalendarPolicy
    marketing_log: MarketingLogPolicy

    def problems(self, path: str) -> list[PolicyProblem]:
        return [
            *self.periods.problems(f"{path}.periods"),
            *self.archives.problems(f"{path}.archives"),
            *self.contacts.problems(f"{path}.contacts"),
            *self.fluctuation.problems(f"{path}.fluctuation"),
            *self.filing.problems(f"{path}.filing"),
            *self.key_customers.problems(f"{path}.key_customers"),
            *self.calendar.problems(f"{path}.calendar"),
            *self.marketing_log.problems(f"{path}.marketing_log"),
        ]


class Policy(BaseModel):
    """The whole key-account policy: one frozen section per rule family, immutable throughout.

    >>> policy = default_policy()
    >>> policy.grading.tiers.gold
    Decimal('75')
    >>> policy.with_changes({"grading.tiers.gold": 80}).grading.tiers.gold
    Decimal('80')
    >>> policy.visits.contacts_per_month["gold"]["regional"] = 7
    Traceback (most recent call last):
    ...
    TypeError: FrozenDict is read-only: build a new one instead of changing this one
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, description="Short name of this policy.")
    version: str = Field(default="", description="Free-form version label.")
    effective_from: date | None = Field(default=None, description="First day in force.")
    qualification: QualificationPolicy
    customer_id: CustomerIdPolicy
    grading: GradingPolicy
    responsibility: ResponsibilityPolicy
    visits: VisitPolicy
    schedules: SchedulePolicy
    development: DevelopmentPolicy
    pareto: ParetoPolicy
    appraisal: AppraisalPolicy
    pay: PayPolicy
    organisation: OrganisationPolicy

    @model_validator(mode="after")
    def _consistent(self, info: Any) -> Policy:
        if info.context and info.context.get(_SKIP_CONSISTENCY):
            return self
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(str(p) for p in problems))
        return self

    def problems(self) -> list[PolicyProblem]:
        """Every consistency problem, each with its dotted path and rule ID (empty when valid)."""
        with localcontext(CONTEXT):  # sums and products compared exactly
            return [
                *self.qualification.problems("qualification"),
                *self.customer_id.problems("customer_id"),
                *self.grading.problems("grading"),
                *self.responsibility.problems("responsibility"),
                *self.visits.problems("visits"),
                *self.schedules.problems("schedules"),
                *self.development.problems("development"),
                *self.pareto.problems("pareto"),
                *self.appraisal.problems("appraisal"),
                *self.pay.problems("pay"),
                *self.organisation.problems("organisation"),
            ]

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the policy's exact canonical form (computed once, then read).

        Equal numbers written differently (0.6, 0.60) give one fingerprint; different numbers
        never share one, whatever the caller's decimal context.
        """
        return hashlib.sha256(canonical_json(self).encode()).hexdigest()

    def with_changes(self, changes: Mapping[str, Any]) -> Policy:
        """Return a variant with values replaced by dotted path, validated like a loaded policy.

        Paths are those of ``model_dump()``: ``"grading.revenue.bands.1.min"``,
        ``"qualification.lines.express.last_year"``. An unknown path raises ``PolicyError``.
        """
        data = copy.deepcopy(self.model_dump(mode="python"))
        for path, value in changes.items():
            _set_path(data, path, value)
        return parse_policy(data, source="policy variant")


def canonical_json(policy: Policy) -> str:
    """The policy as canonical JSON: exact numbers, sorted keys and sets, enums by value.

    A number is written ``<sign><digits>e<exponent>`` with trailing zeros stripped, exactly
    (no rounding to any context's precision): ``0.60`` → ``"6e-1"``.
    """
    return json.dumps(
        _canonical(policy.model_dump(mode="python")),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _canonical(value: Any) -> Any:
    """A JSON-ready form independent of set order, decimal context and number spelling."""
    if isinstance(value, Mapping):
        return {str(_canonical(key)): _canonical(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        sign, digits, exponent = exact_digits(value)
        return f"{'-' if sign else ''}{digits}e{exponent}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = data

    def fail(problem: str) -> PolicyError:
        return PolicyError([PolicyProblem(path, problem)], source="policy variant")

    for depth, part in enumerate(parts):
        key: Any = part
        if isinstance(node, list | tuple):
            if not part.isdigit() or int(part) >= len(node):
                raise fail(f"no such index {part!r}")
            key = int(part)
        elif isinstance(node, dict):
            key = next((k for k in node if str(k) == part), None)
            if key is None:
                raise fail(f"no such field {part!r}")
        else:
            raise fail(f"{'.'.join(parts[:depth])} has no fields")
        if depth == len(parts) - 1:
            if isinstance(node, tuple):
                raise fail("cannot change inside a tuple")
            node[key] = value
        else:
            if isinstance(node[key], tuple):
                node[key] = list(node[key])
            node = node[key]


def _dotted(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(policy)"


@cache
def _default_data() -> dict[str, Any]:
    """The shipped ``default.toml`` as data (read once)."""
    text = resources.files("keyaccount_rules.policy").joinpath("default.toml").read_text("utf-8")
    return tomllib.loads(text, parse_float=Decimal)


def rule_at(path: str) -> str | None:
    """The rule of the section holding a dotted path (or of its nearest ancestor).

    Looked up in the shipped policy's layout, so it works for a path that is missing or
    misspelt in the data being checked: ``grading.tiers.platinum`` → ``GRADE-4``.
    """
    rule: str | None = None
    node: Any = _default_data()
    parts = path.split(".")
    for depth in range(len(parts) + 1):
        if isinstance(node, dict) and isinstance(node.get("rule"), str):
            rule = node["rule"]
        rule = RULE_OF_FIELD.get(".".join(parts[:depth]), rule)
        if depth == len(parts):
            break
        part = parts[depth]
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            break
    return rule


def _structural_problems(err: ValidationError) -> list[PolicyProblem]:
    problems = []
    for error in err.errors(include_url=False, include_input=False):
        path = _dotted(error["loc"])
        # our own validators' reasons read without pydantic's "Value error, " prefix
        cause = error.get("ctx", {}).get("error") if error["type"] == "value_error" else None
        problem = str(cause) if cause is not None else error["msg"]
        problems.append(PolicyProblem(path, problem, rule_at(path)))
    return problems


def check_policy(data: Mapping[str, Any]) -> list[PolicyProblem]:
    """Every problem of a policy given as data, structural and of consistency, at once.

    Each :class:`PolicyProblem` names the dotted path, the problem and the rule of the section
    holding the path (``None`` for the policy's labels); ``str()`` gives ``path: problem [RULE]``.
    """
    try:
        policy = Policy.model_validate(data, context={_SKIP_CONSISTENCY: True})
    except ValidationError as err:
        return _structural_problems(err)
    except RecursionError:  # data nested deeper than any policy (a hostile or broken file)
        return [PolicyProblem("(policy)", "nested too deeply to be a policy")]
    return policy.problems()


def parse_policy(data: Mapping[str, Any], *, source: str = "policy") -> Policy:
    """Validate policy data (as read from TOML or JSON); ``PolicyError`` lists every problem."""
    problems = check_policy(data)
    if problems:
        raise PolicyError(problems, source=source)
    return Policy.model_validate(data)


def read_policy_data(path: str | Path) -> dict[str, Any]:
    """Read a policy file (``.toml`` or ``.json``) into data, numbers as ``Decimal``.

    Any file that cannot be read as a policy (missing, a directory, not UTF-8, not valid TOML
    or JSON, nested too deeply, a number too long to read) raises ``PolicyError``.
    """
    if not isinstance(path, str | os.PathLike):
        raise PolicyError(
            [PolicyProblem("path", f"must be a file name or path (got {type(path).__name__})")],
            source="policy",
        )
    path = Path(path)

    def fail(problem: str) -> PolicyError:
        return PolicyError([PolicyProblem(str(path), problem)], source=str(path))

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:  # missing, a directory, no permission
        raise fail(f"cannot read ({err.strerror or err})") from err
    except UnicodeDecodeError as err:
        # e.g. a copy saved as GBK by a Chinese editor
        raise fail(f"not UTF-8 text (byte {err.start}); save the file as UTF-8") from err
    except ValueError as err:  # a name the OS cannot take, e.g. with a NUL byte
        raise fail(f"cannot read ({err})") from err
    kind = path.suffix[1:] or "TOML"
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, parse_float=Decimal)
        else:
            data = tomllib.loads(text, parse_float=Decimal)
    except RecursionError as err:
        raise fail(f"not valid {kind}: nested too deeply to be a policy") from err
    except (ValueError, tomllib.TOMLDecodeError) as err:  # also an int of over 4300 digits
        raise fail(f"not valid {kind}: {err}") from err
    if not isinstance(data, dict):
        raise fail("the top level must be a table")
    return data


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file (TOML or JSON); ``PolicyError`` names each bad field."""
    return parse_policy(read_policy_data(path), source=str(path))


@cache
def default_policy() -> Policy:
    """The rulebook's policy, from the ``default.toml`` shipped in the package (cached).

    Immutable all the way down, so one object is shared by every caller and thread.
    """
    return parse_policy(copy.deepcopy(_default_data()), source="default.toml")

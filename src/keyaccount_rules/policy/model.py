"""The ``Policy`` tree, and how it is loaded, checked and varied (RULEBOOK §17: policy as data)."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from keyaccount_rules.errors import PolicyError
from keyaccount_rules.policy.base import PolicyProblem
from keyaccount_rules.policy.customers import (
    CustomerIdPolicy,
    GradingPolicy,
    QualificationPolicy,
    ResponsibilityPolicy,
    VisitPolicy,
)
from keyaccount_rules.policy.people import (
    AppraisalPolicy,
    DevelopmentPolicy,
    OrganisationPolicy,
    ParetoPolicy,
    PayPolicy,
)
from keyaccount_rules.policy.schedules import SchedulePolicy

__all__ = ["Policy", "check_policy", "default_policy", "load_policy", "parse_policy"]

_SKIP_CONSISTENCY = "skip_consistency"


class Policy(BaseModel):
    """The whole key-account policy: one frozen section per rule family.

    >>> policy = default_policy()
    >>> policy.grading.tiers.gold
    Decimal('75')
    >>> policy.with_changes({"grading.tiers.gold": 80}).grading.tiers.gold
    Decimal('80')
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
        """SHA-256 of the policy's canonical JSON: equal numbers give equal fingerprints."""
        canonical = json.dumps(
            _canonical(self.model_dump(mode="python")), sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    def with_changes(self, changes: Mapping[str, Any]) -> Policy:
        """Return a variant with values replaced by dotted path, validated like a loaded policy.

        Paths are those of ``model_dump()``: ``"grading.revenue.bands.1.min"``,
        ``"qualification.lines.express.last_year"``. An unknown path raises ``PolicyError``.
        """
        data = copy.deepcopy(self.model_dump(mode="python"))
        for path, value in changes.items():
            _set_path(data, path, value)
        return parse_policy(data, source="policy variant")


def _canonical(value: Any) -> Any:
    """A JSON-ready form independent of set iteration order (which varies between processes)."""
    if isinstance(value, dict):
        return {str(_canonical(key)): _canonical(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_canonical(item) for item in value), key=repr)
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 0.6 and 0.60 are the same number
    if isinstance(value, date):
        return value.isoformat()
    return value


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = data
    for depth, part in enumerate(parts):
        key: Any = part
        if isinstance(node, list | tuple):
            if not part.isdigit() or int(part) >= len(node):
                raise PolicyError([f"{path}: no such index {part!r}"], source="policy variant")
            key = int(part)
        elif isinstance(node, dict):
            key = next((k for k in node if str(k) == part), None)
            if key is None:
                raise PolicyError([f"{path}: no such field {part!r}"], source="policy variant")
        else:
            raise PolicyError([f"{path}: {'.'.join(parts[:depth])} has no fields"])
        if depth == len(parts) - 1:
            if isinstance(node, tuple):
                raise PolicyError([f"{path}: cannot change inside a tuple"])
            node[key] = value
        else:
            if isinstance(node[key], tuple):
                node[key] = list(node[key])
            node = node[key]


def _dotted(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(policy)"


def _structural_problems(err: ValidationError) -> list[str]:
    return [f"{_dotted(e['loc'])}: {e['msg']}" for e in err.errors()]


def check_policy(data: Mapping[str, Any]) -> list[str]:
    """Every problem of a policy given as data, structural and of consistency, at once."""
    try:
        policy = Policy.model_validate(data, context={_SKIP_CONSISTENCY: True})
    except ValidationError as err:
        return _structural_problems(err)
    return [str(problem) for problem in policy.problems()]


def parse_policy(data: Mapping[str, Any], *, source: str = "policy") -> Policy:
    """Validate policy data (as read from TOML or JSON); ``PolicyError`` lists every problem."""
    problems = check_policy(data)
    if problems:
        raise PolicyError(problems, source=source)
    return Policy.model_validate(data)


def read_policy_data(path: str | Path) -> dict[str, Any]:
    """Read a policy file (``.toml`` or ``.json``) into data, numbers as ``Decimal``."""
    if not isinstance(path, str | os.PathLike):
        raise PolicyError(
            [f"path: must be a file name or path (got {type(path).__name__})"], source="policy"
        )
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise PolicyError([f"{path}: cannot read ({err.strerror})"], source=str(path)) from err
    except UnicodeDecodeError as err:
        # e.g. a copy saved as GBK by a Chinese editor
        raise PolicyError(
            [f"{path}: not UTF-8 text (byte {err.start}); save the file as UTF-8"],
            source=str(path),
        ) from err
    except ValueError as err:  # a name the OS cannot take, e.g. with a NUL byte
        raise PolicyError([f"{path!s}: cannot read ({err})"], source="policy") from err
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, parse_float=Decimal)
        else:
            data = tomllib.loads(text, parse_float=Decimal)
    except (ValueError, tomllib.TOMLDecodeError) as err:
        raise PolicyError([f"{path}: not valid {path.suffix[1:] or 'TOML'}: {err}"]) from err
    if not isinstance(data, dict):
        raise PolicyError([f"{path}: the top level must be a table"], source=str(path))
    return data


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file (TOML or JSON); ``PolicyError`` names each bad field."""
    return parse_policy(read_policy_data(path), source=str(path))


@cache
def default_policy() -> Policy:
    """The rulebook's policy, from the ``default.toml`` shipped in the package (cached)."""
    text = resources.files("keyaccount_rules.policy").joinpath("default.toml").read_text("utf-8")
    return parse_policy(tomllib.loads(text, parse_float=Decimal), source="default.toml")

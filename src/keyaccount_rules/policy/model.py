"""The ``Policy`` tree, and how it is loaded, checked and varied (RULEBOOK §17: policy as data).

The policy's sections keep the names bureau files use (``grading``, ``schedules.periods``,
``pay``, …); the classes live in one module per rule family (``policy/grading.py`` serves
``rules/grading.py``, ``policy/compensation.py`` serves ``rules/compensation.py``, …).

Editions (RULEBOOK §0): the package ships one data file per bureau, ``policy/editions/
shantou.toml`` (EDITION-1, 002 alone), ``liangshan.toml`` (EDITION-2, 001 alone) and
``combined.toml`` (EDITION-3, the default: ``shantou`` plus ``liangshan``'s people sections,
composed, not copied). An edition holds only the sections its document has; a rule asked of a
section the policy lacks raises :class:`MissingSectionError` through :func:`require`, the one helper
every rule uses. A bureau's file may ``extends`` an edition and state only its changes
(EDITION-4, ``policy/merge.py``).
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import os
import stat
import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, localcontext
from enum import Enum
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from keyaccount_rules.core.errors import PolicyError, RuleInputError, echo, unique_keys
from keyaccount_rules.core.limits import POLICY_DEPTH, POLICY_FILE_BYTES
from keyaccount_rules.core.money import CONTEXT
from keyaccount_rules.core.vocabulary import Cadence
from keyaccount_rules.policy.appraisal import AppraisalPolicy
from keyaccount_rules.policy.archives import ArchivePolicy
from keyaccount_rules.policy.base import PolicyProblem, exact_digits
from keyaccount_rules.policy.calendar import CalendarPolicy
from keyaccount_rules.policy.compensation import PayPolicy
from keyaccount_rules.policy.customer_id import CustomerIdPolicy
from keyaccount_rules.policy.development import DevelopmentPolicy
from keyaccount_rules.policy.grading import GradingPolicy
from keyaccount_rules.policy.levels import LevelPolicy
from keyaccount_rules.policy.marketing_log import MarketingLogPolicy
from keyaccount_rules.policy.merge import (
    EXTENDS,
    INCLUDE,
    MISSING,
    deep_merge,
    graft_all,
    nesting_depth,
    value_at,
)
from keyaccount_rules.policy.organisation import OrganisationPolicy
from keyaccount_rules.policy.pareto import ParetoPolicy
from keyaccount_rules.policy.periods import PeriodPolicy
from keyaccount_rules.policy.qualification import QualificationPolicy
from keyaccount_rules.policy.reporting import (
    FilingPolicy,
    FluctuationPolicy,
    KeyCustomerPolicy,
    ResearchPolicy,
)
from keyaccount_rules.policy.responsibility import ResponsibilityPolicy
from keyaccount_rules.policy.toml_text import dump_toml, toml_nesting
from keyaccount_rules.policy.visits import (
    ContactCounting,
    GreetingPolicy,
    VisitPolicy,
    VisitRecordPolicy,
)

if TYPE_CHECKING:
    from keyaccount_rules.policy.history import PolicyGiven

__all__ = [
    "EDITIONS",
    "Policy",
    "SchedulePolicy",
    "MissingSectionError",
    "canonical_json",
    "check_policy",
    "default_policy",
    "edition",
    "edition_data",
    "editions",
    "load_policy",
    "load_policy_data",
    "parse_policy",
    "read_policy_data",
    "require",
    "resolve_policy",
    "resolve_policy_data",
]

#: The editions shipped with the package (RULEBOOK §0), in the order ``editions()`` lists them.
EDITIONS = ("shantou", "liangshan", "combined")
#: The sections a policy that classes key accounts by tier (002) must have, with their rule.
_TIER_SECTIONS = {
    "qualification": "QUAL-1",
    "grading": "GRADE-4",
    "responsibility": "RESP-1",
    "visits": "VISIT-1",
}
_CLASS_SECTIONS = (*_TIER_SECTIONS, "levels")
#: The default edition (EDITION-3).
DEFAULT_EDITION = "combined"

_SKIP_CONSISTENCY = "skip_consistency"


class SchedulePolicy(BaseModel):
    """Schedules and duties (RULEBOOK §6–§9, §15): sub-sections of several rule families.

    ``schedules`` is a place in bureau files, not a rule family: ``periods`` serves
    ``rules/periods``, ``archives`` ``rules/archives``, ``contacts`` ``rules/visits``,
    ``fluctuation``/``filing``/``key_customers`` ``rules/reporting``, ``calendar``
    ``rules/calendar``, ``marketing_log`` ``rules/marketing_log``, and ``greetings`` (VISIT-3)
    and ``research`` (G-21) ``rules/duties``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    periods: PeriodPolicy
    contacts: ContactCounting
    calendar: CalendarPolicy
    # 002's customer duties, by tier: absent from an edition without tiers (liangshan).
    archives: ArchivePolicy | None = None
    fluctuation: FluctuationPolicy | None = None
    filing: FilingPolicy | None = None
    key_customers: KeyCustomerPolicy | None = None
    marketing_log: MarketingLogPolicy | None = None
    # VISIT-3's greetings as a duty (001: liangshan, combined); 002's research steps (G-21).
    greetings: GreetingPolicy | None = None
    research: ResearchPolicy | None = None
    visit_records: VisitRecordPolicy | None = None

    def problems(self, path: str) -> list[PolicyProblem]:
        found = [
            problem
            for name in type(self).model_fields
            if (section := getattr(self, name)) is not None
            for problem in section.problems(f"{path}.{name}")
        ]
        flux = self.fluctuation
        if flux is not None and flux.due_with is not None:
            duty = next((d for d in self.calendar.duties if d.key == flux.due_with), None)
            if duty is None or duty.every is not Cadence.MONTH:
                found.append(
                    PolicyProblem(
                        f"{path}.fluctuation.due_with",
                        f"must name a monthly duty of {path}.calendar.duties "
                        f"(got {flux.due_with!r})",
                        flux.rule,
                    )
                )
        found.extend(self._roll_up_problems(path))
        return found

    def _roll_up_problems(self, path: str) -> list[PolicyProblem]:
        """LOG-2: each roll-up duty is a calendar duty at its tier's cadence (one cadence,
        stated once in ``rolled_up`` and kept by its duty)."""
        log = self.marketing_log
        if log is None:
            return []
        duties = {d.key: d for d in self.calendar.duties}
        found = []
        for tier, key in log.rolled_up_with.items():
            every = log.rolled_up.get(tier)
            duty = duties.get(key)
            if every is not None and duty is not None and duty.every is every:
                continue
            wanted = "a tier of rolled_up" if every is None else f"recurring every {every.value}"
            found.append(
                PolicyProblem(
                    f"{path}.marketing_log.rolled_up_with.{tier.value}",
                    f"must name a duty of {path}.calendar.duties, {wanted} (got {key!r})",
                    "LOG-2",
                )
            )
        return found


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
    edition: str | None = Field(
        default=None,
        description="The edition this policy is, or extends (a bureau file inherits it).",
    )
    # Each section below is present in the editions whose document has it (RULEBOOK §0);
    # a rule that needs an absent one raises MissingSectionError through require().
    qualification: QualificationPolicy | None = None
    customer_id: CustomerIdPolicy | None = None
    grading: GradingPolicy | None = None
    responsibility: ResponsibilityPolicy | None = None
    visits: VisitPolicy | None = None
    levels: LevelPolicy | None = None
    schedules: SchedulePolicy
    development: DevelopmentPolicy | None = None
    pareto: ParetoPolicy | None = None
    appraisal: AppraisalPolicy | None = None
    pay: PayPolicy | None = None
    organisation: OrganisationPolicy | None = None

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
                *self._classes_problems(),
                *(
                    problem
                    for name in type(self).model_fields
                    if isinstance(section := getattr(self, name), BaseModel)
                    for problem in section.problems(name)  # type: ignore[attr-defined]
                ),
            ]

    def _classes_problems(self) -> list[PolicyProblem]:
        return _classes_problems({name for name in _CLASS_SECTIONS if getattr(self, name)})

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the policy's exact canonical form (computed once, then read).

        Equal numbers written differently (0.6, 0.60) give one fingerprint; different numbers
        never share one, whatever the caller's decimal context.
        """
        return hashlib.sha256(canonical_json(self).encode()).hexdigest()

    def _repr_html_(self) -> str:
        """A notebook's view: a short table of what names the policy (its name, version, first
        day in force, edition, fingerprint) and the sections it has, not every number (those
        are :meth:`to_toml` or ``keyaccount-rules policy show``)."""
        shown = {
            "name": self.name,
            "version": self.version,
            "effective_from": self.effective_from,
            "edition": self.edition,
            "fingerprint": self.fingerprint[:12],
            "sections": ", ".join(
                name
                for name in type(self).model_fields
                if isinstance(getattr(self, name), BaseModel)
            ),
        }
        rows = "".join(
            f"<tr><th style='text-align:left'>{key}</th><td>{html.escape(str(value))}</td></tr>"
            for key, value in shown.items()
            if value not in (None, "")
        )
        return f"<div><strong>Policy</strong><table>{rows}</table></div>"

    def to_toml(self) -> str:
        """The whole policy as TOML text that :func:`load_policy` reads back equal (exact numbers).

        What ``keyaccount-rules policy show --format toml`` prints: for a bureau's file that
        ``extends`` an edition, the merged result (EDITION-4).
        """
        return dump_toml(self.model_dump(mode="python"))

    def with_changes(self, changes: Mapping[str, Any]) -> Policy:
        """Return a variant with values replaced by dotted path, validated like a loaded policy.

        Paths are those of ``model_dump()``: ``"grading.revenue.bands.1.min"``,
        ``"qualification.lines.express.last_year"``. An unknown path raises ``PolicyError``.
        """
        data = copy.deepcopy(self.model_dump(mode="python"))
        for path, value in changes.items():
            _set_path(data, path, value)
        return parse_policy(data, source="policy variant")


def _classes_problems(present: set[str]) -> list[PolicyProblem]:
    """A policy classes key accounts by tier (002) or by level (001), wholly (RULEBOOK §0).

    By tier it needs every section of 002's customer rules; by level, ``levels``. A file
    that has neither (or half of the tier sections) is missing sections, not an edition.
    """
    tiers = present & set(_TIER_SECTIONS)
    if tiers and len(tiers) < len(_TIER_SECTIONS):
        return [
            PolicyProblem(name, "missing section (classing by tier needs it)", rule)
            for name, rule in _TIER_SECTIONS.items()
            if name not in present
        ]
    if not tiers and "levels" not in present:
        return [
            PolicyProblem(
                "grading",
                "missing section: a policy classes key accounts by tier (qualification, "
                "grading, responsibility, visits) or by level (levels)",
                "GRADE-4",
            )
        ]
    return []


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


def _edition_text(name: str) -> str:
    return (
        resources.files("keyaccount_rules.policy")
        .joinpath(f"editions/{name}.toml")
        .read_text("utf-8")
    )


@cache
def _edition_raw(name: str) -> dict[str, Any]:
    """An edition's own file as data, before its ``extends``/``include`` are resolved."""
    data: dict[str, Any] = tomllib.loads(_edition_text(name), parse_float=Decimal)
    return data


def _unknown_edition(name: object) -> str:
    shown = echo(name) if isinstance(name, str) else f"of type {type(name).__name__}"
    return f"unknown edition {shown} (known: {', '.join(EDITIONS)})"


def edition_data(name: str) -> dict[str, Any]:
    """An edition's complete data, its ``extends`` and ``include`` resolved (a fresh copy)."""
    if name not in EDITIONS:
        raise PolicyError([PolicyProblem("edition", _unknown_edition(name))], source="edition")
    return copy.deepcopy(_edition_resolved(name))


@cache
def _edition_resolved(name: str) -> dict[str, Any]:
    return resolve_policy_data(_edition_raw(name), source=f"{name}.toml", chain=(name,))


def _fail(source: str, path: str, problem: str) -> PolicyError:
    return PolicyError([PolicyProblem(path, problem)], source=source)


def _base_of(target: object, source: str, here: Path | None, chain: tuple[str, ...]) -> Any:
    """The resolved data a file ``extends``: an edition by name, or a policy file by path."""
    if not isinstance(target, str) or not target:
        raise _fail(source, EXTENDS, f"must name an edition or a policy file (got {target!r})")
    if target in EDITIONS:
        key = target
    elif Path(target).suffix.lower() in (".toml", ".json"):
        if here is None:  # data given as data names no file: it may come from anyone
            raise _fail(
                source,
                EXTENDS,
                f"policy data may extend an edition only, not a file (got {echo(target)}); "
                "read the file with load_policy",
            )
        try:
            key = str((here / target).resolve(strict=False))
        except (OSError, RuntimeError, ValueError) as err:  # a symlink loop, a NUL byte
            raise _fail(source, EXTENDS, f"cannot read {echo(target)} ({err})") from None
    else:
        raise _fail(source, EXTENDS, _unknown_edition(target) + ", or a .toml/.json file")
    if key in chain:
        cycle = " → ".join(Path(link).name for link in (*chain, key))
        raise _fail(source, EXTENDS, f"{target!r} extends back to this file (cycle: {cycle})")
    if target in EDITIONS:
        return resolve_policy_data(
            _edition_raw(target), source=f"{target}.toml", chain=(*chain, key)
        )
    data = read_policy_data(key)
    return resolve_policy_data(data, source=key, here=Path(key).parent, chain=(*chain, key))


def resolve_policy_data(
    data: Mapping[str, Any],
    *,
    source: str = "policy",
    here: Path | None = None,
    chain: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Policy data with its ``extends`` and ``include`` resolved (EDITION-4, ``policy/merge``).

    ``here`` is the directory a relative ``extends`` path is read from; ``chain`` the files and
    editions being resolved (a cycle is a :class:`PolicyError` naming the file). A file that
    extends another and names no policy is named after ``source``'s file name.
    """
    own = dict(data)
    target = own.pop(EXTENDS, None)
    include = own.pop(INCLUDE, None)
    if target is None and include is None:
        return own
    base: dict[str, Any] = {}
    if target is not None:
        base = _base_of(target, source, here, chain)
    if include is not None:
        if not isinstance(include, Mapping):
            raise _fail(source, INCLUDE, "must be a table: edition = [dotted paths]")
        grafts: list[tuple[str, Any]] = []
        for name, paths in include.items():
            if name not in EDITIONS:
                raise _fail(source, f"{INCLUDE}.{name}", _unknown_edition(name))
            if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
                raise _fail(source, f"{INCLUDE}.{name}", "must be a list of dotted paths")
            donor = _base_of(name, source, here, chain)
            for path in paths:
                if path.count(".") >= POLICY_DEPTH:
                    raise _fail(
                        source,
                        f"{INCLUDE}.{name}",
                        f"the path {echo(path)} is deeper than any policy ({POLICY_DEPTH} levels)",
                    )
                value = value_at(donor, path)
                if value is MISSING:
                    raise _fail(source, f"{INCLUDE}.{name}", f"the {name} edition has no {path!r}")
                grafts.append((path, value))
        base = graft_all(base, grafts)  # the base copied once: linear in the paths
    merged = deep_merge(base, own)
    if "name" not in own and here is not None:  # a bureau's file: named after the file
        merged["name"] = Path(source).stem
    return merged


def rule_at(path: str) -> str | None:
    """The rule of the section holding a dotted path (or of its nearest ancestor).

    Looked up in the shipped editions' layout, so it works for a path that is missing or
    misspelt in the data being checked: ``grading.tiers.platinum`` → ``GRADE-4``.
    """
    rule: str | None = None
    for name in (DEFAULT_EDITION, "liangshan"):
        rule = _rule_in(_edition_resolved(name), path)
        if rule is not None:
            break
    return rule


def _rule_in(data: Any, path: str) -> str | None:
    rule: str | None = None
    node: Any = data
    parts = path.split(".")
    for depth in range(len(parts) + 1):
        if isinstance(node, dict) and isinstance(node.get("rule"), str):
            rule = node["rule"]
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
    if isinstance(data, Mapping) and (EXTENDS in data or INCLUDE in data):
        try:
            data = resolve_policy_data(data)
        except PolicyError as err:
            return [
                p if isinstance(p, PolicyProblem) else PolicyProblem("", str(p))
                for p in err.problems
            ]
    try:
        policy = Policy.model_validate(data, context={_SKIP_CONSISTENCY: True})
    except ValidationError as err:
        found = _structural_problems(err)
        if isinstance(data, Mapping):
            found.extend(_classes_problems({name for name in _CLASS_SECTIONS if data.get(name)}))
        return found
    except RecursionError:  # data nested deeper than any policy (a hostile or broken file)
        return [PolicyProblem("(policy)", "nested too deeply to be a policy")]
    return policy.problems()


def parse_policy(data: Mapping[str, Any], *, source: str = "policy") -> Policy:
    """Validate policy data (as read from TOML or JSON); ``PolicyError`` lists every problem."""
    data = resolve_policy_data(data, source=source)
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

    text = _policy_text(path, fail)
    kind = path.suffix[1:] or "TOML"
    too_deep = f"not valid {kind}: nested too deeply to be a policy (over {POLICY_DEPTH} levels)"
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, parse_float=Decimal, object_pairs_hook=unique_keys)
        else:
            if toml_nesting(text, POLICY_DEPTH) > POLICY_DEPTH:
                raise fail(too_deep)  # before tomllib, whose work grows with the depth
            data = tomllib.loads(text, parse_float=Decimal)
    except RecursionError as err:
        raise fail(too_deep) from err
    except (ValueError, tomllib.TOMLDecodeError) as err:  # also an int of over 4300 digits
        raise fail(f"not valid {kind}: {err}") from err
    if not isinstance(data, dict):
        raise fail("the top level must be a table")
    if nesting_depth(data, POLICY_DEPTH) > POLICY_DEPTH:
        raise fail(too_deep)
    return data


def _policy_text(path: Path, fail: Callable[[str], PolicyError]) -> str:
    """A policy file's text: a regular file (never a device, a pipe or a folder) of at most
    :data:`~keyaccount_rules.core.limits.POLICY_FILE_BYTES`, in UTF-8."""
    try:
        with path.open("rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise fail("not a regular file (a policy is a .toml or .json file)")
            raw = handle.read(POLICY_FILE_BYTES + 1)
    except OSError as err:  # missing, a directory, no permission, a symlink loop
        raise fail(f"cannot read ({err.strerror or err})") from err
    except ValueError as err:  # a name the OS cannot take, e.g. with a NUL byte
        raise fail(f"cannot read ({err})") from err
    if len(raw) > POLICY_FILE_BYTES:
        raise fail(f"larger than {POLICY_FILE_BYTES:,} bytes: not a policy file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # e.g. a copy saved as GBK by a Chinese editor
        raise fail(f"not UTF-8 text (byte {err.start}); save the file as UTF-8") from err


def load_policy_data(path: str | Path) -> dict[str, Any]:
    """A policy file's data with its ``extends`` resolved (EDITION-4): what it stands for."""
    data = read_policy_data(path)
    here = Path(path)
    return resolve_policy_data(
        data, source=str(path), here=here.parent, chain=(str(here.resolve()),)
    )


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file (TOML or JSON); ``PolicyError`` names each bad field.

    A file that says ``extends = "shantou"`` (an edition, or another file by path) states only
    what it changes; the result is the merged policy, validated as a whole (EDITION-4).
    """
    return parse_policy(load_policy_data(path), source=str(path))


def editions() -> tuple[str, ...]:
    """The names of the editions shipped with the package (RULEBOOK §0).

    >>> editions()
    ('shantou', 'liangshan', 'combined')
    """
    return EDITIONS


@cache
def _edition(name: str) -> Policy:
    return parse_policy(edition_data(name), source=f"the {name} edition")


def edition(name: str) -> Policy:
    """The policy of one edition by name (cached: one shared, immutable object per edition).

    ``"shantou"`` (EDITION-1, 002 alone), ``"liangshan"`` (EDITION-2, 001 alone), ``"combined"``
    (EDITION-3, the default). An unknown name is a :class:`PolicyError` listing the known ones.

    >>> edition("liangshan").name, edition("shantou").pay is None
    ('liangshan', True)
    """
    if not isinstance(name, str) or name not in EDITIONS:
        raise PolicyError([PolicyProblem("edition", _unknown_edition(name))], source="edition")
    return _edition(name)


def default_policy() -> Policy:
    """The default policy: the ``combined`` edition (EDITION-3), the same cached object.

    Immutable all the way down, so one object is shared by every caller and thread.
    """
    return edition(DEFAULT_EDITION)


S = TypeVar("S")


class MissingSectionError(PolicyError):
    """A rule needs a section the policy does not have (RULEBOOK §0: an edition lacks it).

    ``str()`` names the section, the policy and where the section can be found, e.g.
    ``pay: the 'shantou' edition has no pay section (PAY-1, PAY-2, PAY-4 are 001's; use
    'liangshan' or 'combined')``.
    """

    def __init__(self, problem: PolicyProblem) -> None:
        super().__init__([problem], source=problem.path)
        self.args = (str(problem),)

    def __str__(self) -> str:
        return str(self.args[0])


MissingSectionError.__module__ = "keyaccount_rules"  # the public path, as the other errors


def _holders(path: str) -> tuple[list[str], list[str], list[str]]:
    """The editions holding ``path``, the rules it serves there, and their documents."""
    holders, rules, documents = [], [], []
    for name in EDITIONS:
        value = value_at(_edition_resolved(name), path)
        if value is MISSING:
            continue
        holders.append(name)
        for node in _sections_in(value):
            if node["rule"] not in rules:
                rules.append(node["rule"])
            document = str(node.get("source", "")).split(" ", 1)[0]
            if document.isdigit() and document not in documents:
                documents.append(document)
    # in the rulebook's order (GRADE-1 before GRADE-3), whichever table holds which rule
    rules.sort(key=lambda rule: (rule.rsplit("-", 1)[0], int(rule.rsplit("-", 1)[1])))
    return holders, rules, documents


def _sections_in(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        own = [value] if isinstance(value.get("rule"), str) else []
        return own + [s for v in value.values() for s in _sections_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in _sections_in(v)]
    return []


def resolve_policy(policy: PolicyGiven = None, *, as_of: date | None = None) -> Policy:
    """The one policy a run applies: ``policy`` as given, resolved.

    ``None`` is the default policy, a :class:`Policy` is itself, an edition's name
    (``"shantou"``) is that edition, and a
    :class:`~keyaccount_rules.policy.history.PolicyHistory` is the policy in force on
    ``as_of`` (which a history requires). Anything else is a clear error.

    >>> import datetime as dt
    >>> resolve_policy("shantou").name, resolve_policy(None) is default_policy()
    ('shantou', True)
    >>> resolve_policy({"grading": {}})
    Traceback (most recent call last):
    ...
    keyaccount_rules.RuleInputError: policy: must be a keyaccount_rules.Policy (got 'dict'); \
or a PolicyHistory (with as_of), or an edition's name: shantou, liangshan, combined
    """
    if policy is None:
        return default_policy()
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, str) and policy in EDITIONS:
        return edition(policy)
    from keyaccount_rules.policy.history import PolicyHistory  # history imports this module

    if isinstance(policy, PolicyHistory):
        if as_of is None:
            raise RuleInputError(
                "as_of",
                "is required with a PolicyHistory: the policy in force on that date applies",
                fix="pass as_of=date(2026, 11, 23), or the Policy itself",
            )
        return policy.in_force(as_of)
    raise RuleInputError(
        "policy",
        "must be a keyaccount_rules.Policy",
        got=policy if isinstance(policy, str) else type(policy).__name__,
        fix=f"or a PolicyHistory (with as_of), or an edition's name: {', '.join(EDITIONS)}",
    )


def require(policy: Policy, path: str, section: S | None) -> S:
    """``section`` (the part of ``policy`` at ``path``), or :class:`MissingSectionError` saying so.

    The one way a rule reaches a section that an edition may lack (RULEBOOK §0): the error
    names the section, the policy (edition or bureau file) and the editions that have it.

    >>> try:
    ...     require(edition("shantou"), "pay", edition("shantou").pay)
    ... except MissingSectionError as err:
    ...     print(err)
    pay: the 'shantou' edition has no pay section (PAY-1, PAY-2, PAY-4 are 001's; use 'liangshan' or 'combined')
    """  # noqa: E501
    if section is not None:
        return section
    holders, rules, documents = _holders(path)
    if policy.name not in EDITIONS:
        whose = f"the {policy.name!r} policy"
    elif policy.fingerprint == edition(policy.name).fingerprint:
        whose = f"the {policy.name!r} edition"
    else:  # with_changes keeps the name: say it is a changed copy, not the edition itself
        whose = f"the policy changed from the {policy.name!r} edition"
    problem = f"{whose} has no {path} section"
    notes = []
    if rules:
        verb = "is" if len(rules) == 1 else "are"
        from_documents = f" {' and '.join(documents)}'s" if documents else ""
        notes.append(f"{', '.join(rules)} {verb}{from_documents}")
    if holders:
        notes.append("use " + " or ".join(repr(name) for name in holders))
    if notes:
        problem += f" ({'; '.join(notes)})"
    raise MissingSectionError(PolicyProblem(path, problem))

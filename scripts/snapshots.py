"""Write the reviewed snapshot case files (tests/cases/snapshots*.toml): one generator for all.

Each call of a family is run and written as a case whose ``output`` holds every field of the
result (explanation steps in English and Chinese included) or whose ``error`` holds the exact
message, field and rule. Review ``git diff tests/cases/`` before committing regenerated
files: every changed line is a changed answer, explanation or error message.

    PYTHONPATH=src python scripts/snapshots.py              # every family
    PYTHONPATH=src python scripts/snapshots.py people_a     # the families named

The outputs are the library's one JSON form (``to_json_data``, i.e. ``model_dump(mode="json")``)
with mapping keys sorted, so a regenerated file does not depend on field order or hash seed.

The call tables live in ``scripts/snapshot_calls/`` (one module per case file, each with a
``CALLS`` list of ``(name, function, inputs, policy_changes)``) and are registered in
:data:`FAMILIES`. To add a case, add a call to its module, regenerate, review the diff.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from keyaccount_rules.core.errors import KeyAccountError
from keyaccount_rules.core.explanation import to_json_data
from keyaccount_rules.policy import default_policy
from keyaccount_rules.verification.dispatch import call_function, resolve_function

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"

#: (name, function, inputs, policy_changes)
Call = tuple[str, str, dict[str, Any], dict[str, Any]]


@dataclass(frozen=True)
class Family:
    """One snapshot file: where its calls come from, where it goes, what it cites."""

    calls: Callable[[], Sequence[Call]]
    out: Path
    source: str


def _calls_of(module: str) -> Callable[[], Sequence[Call]]:
    """The ``CALLS`` of ``scripts/snapshot_calls/<module>.py``, imported when first needed."""

    def load() -> Sequence[Call]:
        scripts = str(Path(__file__).resolve().parent)
        if scripts not in sys.path:
            sys.path.insert(0, scripts)
        return list(importlib.import_module(f"snapshot_calls.{module}").CALLS)

    return load


FAMILIES: dict[str, Family] = {
    "core": Family(
        _calls_of("core"),
        CASES / "snapshots.toml",
        "RULEBOOK.md §2–§5, §7 (002 (二)1, (二)3, (二)4, (一), (六)1)",
    ),
    "people_a": Family(
        _calls_of("people_a"),
        CASES / "snapshots_people_a.toml",
        "RULEBOOK.md DEV-1..6, RESP-3, ORG-2..4 (002 (三)5, 二、2, 一、1-2; 001 一、)",
    ),
    "people_b": Family(
        _calls_of("people_b"),
        CASES / "snapshots_people_b.toml",
        "RULEBOOK.md PARETO-1, PAY-1..5, APPR-1..2, GRADE-1..6, QUAL-3",
    ),
    "schedules_a": Family(
        _calls_of("schedules_a"),
        CASES / "snapshots_schedules_a.toml",
        "RULEBOOK.md ARCH-1..3, REPORT-1..4, ANALYSE-1, CAL-1..2, G-5",
    ),
    "schedules_b": Family(
        _calls_of("schedules_b"),
        CASES / "snapshots_schedules_b.toml",
        "RULEBOOK.md VISIT-1..3, FLUX-1, FILE-1, REPORT-5, LOG-1..4",
    ),
}


def snapshot_data(value: Any) -> Any:
    """The JSON data of a value (:func:`to_json_data`) as a snapshot file writes it: mapping
    keys sorted, floats as their shortest repr (TOML in these files has no floats)."""
    return _sorted(to_json_data(value))


def _sorted(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {key: _sorted(data[key]) for key in sorted(data)}
    if isinstance(data, list):
        return [_sorted(item) for item in data]
    if isinstance(data, float):
        return repr(data)
    return data


def _without_fingerprints(data: Any) -> Any:
    """The data without ``policy_fingerprint``: a case checks answers, not the policy's hash
    (which changes with any policy edit); the audit records keep the fingerprint."""
    if isinstance(data, dict):
        return {k: _without_fingerprints(v) for k, v in data.items() if k != "policy_fingerprint"}
    if isinstance(data, list):
        return [_without_fingerprints(item) for item in data]
    return data


def _toml(value: Any) -> str:
    if value is None:
        return '"None"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(
                f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}" for k, v in value.items()
            )
            + " }"
        )
    raise TypeError(value)


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict) and data:
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat.update(_flat(value, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): data}


def snapshot_text(calls: Sequence[Call], source: str, family: str) -> str:
    """The case file of ``calls``: each call run, its whole output or exact error written."""
    lines = [
        "# Reviewed snapshots of whole outputs and exact error messages (python-holidays style).",
        f"# Generated by scripts/snapshots.py {family}; review `git diff` of this file before",
        "# committing a regenerated one: each changed line is a changed answer or message.",
        "",
        f"source = {_toml(source)}",
        "# Whole outputs under the default edition (combined): other editions skip them.",
        'editions = ["combined"]',
    ]
    for name, function, inputs, changes in calls:
        policy = default_policy().with_changes(changes) if changes else None
        lines += ["", "[[case]]", f"name = {_toml(name)}", f"function = {_toml(function)}"]
        if changes:
            lines.append(
                f"policy_changes = {_toml({k: snapshot_data(v) for k, v in changes.items()})}"
            )
        lines.append(f"input = {_toml(snapshot_data(inputs))}")
        try:
            result = call_function(resolve_function(function), inputs, policy=policy)
        except (KeyAccountError, ValueError) as err:
            # pydantic appends a link naming its own version; the snapshot keeps our message only
            message = str(err).split("\n    For further information visit")[0]
            error = {"type": type(err).__name__, "message": message}
            for attribute in ("field", "rule"):
                if getattr(err, attribute, None):
                    error[attribute] = getattr(err, attribute)
            lines.append(f"error = {_toml(error)}")
            continue
        data = _without_fingerprints(snapshot_data(result))
        if not isinstance(data, dict):
            lines.append(f"output = {_toml(data)}")
            continue
        lines.append("[case.output]")
        for path, value in _flat(data).items():
            if path.endswith("explanation.steps") and isinstance(value, list):
                prefix = path.removesuffix(".steps")
                for lang, key in (("en", "text"), ("zh", "text_zh")):
                    text = "\n".join(f"{step['rule']}: {step[key]}" for step in value)
                    lines.append(f'"{prefix}.{lang}" = """\n{text}\n"""')
            else:
                lines.append(f"{json.dumps(path, ensure_ascii=False)} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def write_family(name: str, family: Family) -> None:
    """Regenerate one family's snapshot file."""
    calls = family.calls()
    family.out.write_text(snapshot_text(calls, family.source, name), encoding="utf-8")
    print(f"{name}: wrote {len(calls)} cases to {family.out}", file=sys.stderr)


def main(argv: Sequence[str] = ()) -> int:
    names = list(argv) or list(FAMILIES)
    unknown = [name for name in names if name not in FAMILIES]
    if unknown:
        print(f"unknown families {unknown}; known: {', '.join(FAMILIES)}", file=sys.stderr)
        return 2
    for name in names:
        write_family(name, FAMILIES[name])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Regenerate the snapshot files (tests/snapshots/<family>.toml): calls as data, whole outputs.

Each file holds one rule family's cases, in the case-file shape (docs/verification.md): the
call — ``function``, its ``input`` by parameter name and, for a case under a policy variant,
``policy_changes`` — and the whole expected answer: every field of the result, its
explanation in English and Chinese, or the exact error (type, message, field, rule). The
inputs are the data an author writes; this generator reads them from the file, runs every
call, and writes the file back with each ``output`` or ``error`` as the library gives it now.

    python scripts/snapshots.py                  # rewrite every family's file
    python scripts/snapshots.py grading visits   # only the families named
    python scripts/snapshots.py --check          # write nothing; print the diff, exit 1 if stale

``tests/snapshots/test_snapshots.py`` runs the ``--check`` comparison for every file, so an
answer, explanation or message that changes fails the suite until the file is regenerated and
its ``git diff`` reviewed. To add a case, append a ``[[case]]`` with ``name``, ``function`` and
``input`` (and ``output = {}``) to its family's file, regenerate, review the diff. Comments
inside the files are not kept: a note on a case goes into its ``description``.

Outputs are the library's one JSON form (``to_json_data``, i.e. ``model_dump(mode="json")``)
with mapping keys sorted, so a regenerated file does not depend on field order or hash seed;
``policy_fingerprint`` is left out (it changes with any policy edit; audit records keep it).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sys
import tomllib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from keyaccount_rules.core.errors import KeyAccountError
from keyaccount_rules.core.explanation import to_json_data
from keyaccount_rules.verification.cases import Case, parse_cases
from keyaccount_rules.verification.dispatch import call_function, plain_data, resolve_function

SNAPSHOTS = Path(__file__).resolve().parent.parent / "tests" / "snapshots"

#: The keys of a case the author writes, in the order they are written back; ``output`` and
#: ``error`` are the generator's.
CALL_KEYS = ("name", "description", "function", "policy", "policy_changes", "input", "rules")

HEADER = """\
# Snapshots of the {family} family: each case is a call as data (function, input, and
# policy_changes for a variant) and its whole answer (every field, both explanation languages,
# or the exact error). Inputs are written by hand; outputs by `python scripts/snapshots.py
# {family}`. Review `git diff` after regenerating: each changed line is a changed answer.
"""

#: pydantic appends a link naming its own version to a message; the snapshot keeps ours only.
_PYDANTIC_LINK = "\n    For further information visit"


def families() -> list[str]:
    """The family names: one per ``tests/snapshots/*.toml``, sorted."""
    return sorted(path.stem for path in SNAPSHOTS.glob("*.toml"))


def path_of(family: str) -> Path:
    return SNAPSHOTS / f"{family}.toml"


# ---------------------------------------------------------------- writing TOML


def toml_value(value: Any) -> str:
    """``value`` as an inline TOML value; ``None`` as the case files' ``"None"``."""
    if value is None:
        return '"None"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):  # a TOML float read with parse_float=Decimal
        text = str(value)
        return text if any(c in text for c in ".eEn") else f"{text}.0"
    if isinstance(value, dt.date | dt.time):  # datetimes too: TOML has the ISO forms
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = ", ".join(
            f"{json.dumps(str(k), ensure_ascii=False)} = {toml_value(v)}" for k, v in value.items()
        )
        return "{ " + items + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}: {value!r}")


def snapshot_data(value: Any) -> Any:
    """The JSON data of a result (:func:`to_json_data`) with mapping keys sorted and floats
    as their shortest repr (the snapshot files hold no TOML floats in outputs)."""
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
    if isinstance(data, dict):
        return {k: _without_fingerprints(v) for k, v in data.items() if k != "policy_fingerprint"}
    if isinstance(data, list):
        return [_without_fingerprints(item) for item in data]
    return data


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict) and data:
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat.update(_flat(value, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): data}


def _text_block(text: str) -> str:
    """A TOML multi-line string holding ``text`` verbatim (a one-line string if it cannot)."""
    if "\\" in text or '"""' in text or any(ord(c) < 32 and c != "\n" for c in text):
        return toml_value(text)
    return f'"""\n{text}\n"""'


# ---------------------------------------------------------------- running the calls


def outcome_lines(case: Case) -> list[str]:
    """The ``output`` (or ``error``) lines of ``case``: its call run now, written whole."""
    try:
        result = call_function(
            resolve_function(case.function), plain_data(case.input), policy=case.policy
        )
    except (KeyAccountError, ValueError) as err:
        error = {"type": type(err).__name__, "message": str(err).split(_PYDANTIC_LINK)[0]}
        for attribute in ("field", "rule"):
            if getattr(err, attribute, None):
                error[attribute] = getattr(err, attribute)
        return [f"error = {toml_value(error)}"]
    data = _without_fingerprints(snapshot_data(result))
    if not isinstance(data, dict):
        return [f"output = {toml_value(data)}"]
    lines = ["[case.output]"]
    for path, value in _flat(data).items():
        if path.endswith("explanation.steps") and isinstance(value, list):
            prefix = path.removesuffix(".steps")
            for lang, key in (("en", "text"), ("zh", "text_zh")):
                text = "\n".join(f"{step['rule']}: {step[key]}" for step in value)
                lines.append(f'"{prefix}.{lang}" = {_text_block(text)}')
        else:
            lines.append(f"{json.dumps(path, ensure_ascii=False)} = {toml_value(value)}")
    return lines


def regenerate(text: str, family: str) -> str:
    """The snapshot file ``text`` of ``family`` with every case's outcome written anew."""
    source = f"tests/snapshots/{family}.toml"
    data = tomllib.loads(text, parse_float=Decimal)
    cases = parse_cases(text, source=source)  # the calls exactly as the case runner reads them
    lines = [HEADER.format(family=family)]
    lines += [f"{key} = {toml_value(value)}" for key, value in data.items() if key != "case"]
    for raw, case in zip(data["case"], cases, strict=True):
        lines += ["", "[[case]]"]
        lines += [f"{key} = {toml_value(raw[key])}" for key in CALL_KEYS if key in raw]
        lines += outcome_lines(case)
    return "\n".join(lines) + "\n"


def stale_diff(family: str) -> str:
    """The unified diff from the committed file of ``family`` to its regenerated text; ``""``
    when every output is still the library's answer."""
    path = path_of(family)
    committed = path.read_text(encoding="utf-8")
    fresh = regenerate(committed, family)
    return "".join(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            fresh.splitlines(keepends=True),
            fromfile=f"{path.name} (committed)",
            tofile=f"{path.name} (regenerated)",
        )
    )


def main(argv: Sequence[str] = ()) -> int:
    args = list(argv)
    check = "--check" in args
    names = [arg for arg in args if arg != "--check"] or families()
    unknown = [name for name in names if not path_of(name).is_file()]
    if unknown:
        print(f"unknown families {unknown}; known: {', '.join(families())}", file=sys.stderr)
        return 2
    stale = 0
    for name in names:
        if check:
            diff = stale_diff(name)
            stale += bool(diff)
            sys.stdout.write(diff)
            continue
        path = path_of(name)
        text = regenerate(path.read_text(encoding="utf-8"), name)
        path.write_text(text, encoding="utf-8")
        print(f"{name}: wrote {text.count('[[case]]')} cases to {path}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

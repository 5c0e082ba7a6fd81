"""Policy data written as TOML (``policy show --format toml``), without a TOML-writing dependency;
and :func:`toml_nesting`, how deep a TOML text nests, measured before it is parsed.

Only what a policy holds is written: tables, arrays (of tables too), strings, booleans, whole
and decimal numbers (exactly: ``Decimal`` as written, never through float), dates, enums by
value, sets sorted. ``None`` is left out (TOML has no null; an absent optional field reads back
as ``None``). Strings are escaped as TOML basic strings, so any text reads back unchanged.

>>> import tomllib
>>> from decimal import Decimal
>>> text = dump_toml({"name": 'say "hi"\\n', "a": {"x": Decimal("0.60"), "rows": [{"k": 1}]}})
>>> print(text)
name = "say \\"hi\\"\\n"
<BLANKLINE>
[a]
x = 0.60
<BLANKLINE>
[[a.rows]]
k = 1
<BLANKLINE>
>>> tomllib.loads(text, parse_float=Decimal)["a"]["x"]
Decimal('0.60')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

__all__ = ["dump_toml", "toml_nesting", "toml_string"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _key(key: object) -> str:
    text = key.value if isinstance(key, Enum) else str(key)
    return text if _BARE_KEY.match(text) else toml_string(text)


def _is_table(value: object) -> bool:
    return isinstance(value, Mapping) and bool(value)


def _is_table_array(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(item, Mapping) for item in value)
    )


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return toml_string(str(value.value))
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        items = [f"{_key(k)} = {_value(v)}" for k, v in value.items() if v is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(value, set | frozenset):
        return _value(sorted(value, key=lambda item: _value(item)))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _table(data: Mapping[Any, Any], path: list[str], header: str | None, out: list[str]) -> None:
    scalars = [
        (k, v)
        for k, v in data.items()
        if v is not None and not _is_table(v) and not _is_table_array(v)
    ]
    if header is not None:
        out.extend(["", header])
    out.extend(f"{_key(k)} = {_value(v)}" for k, v in scalars)
    for key, value in data.items():
        if _is_table(value):
            below = [*path, _key(key)]
            has_scalars = any(not _is_table(v) and not _is_table_array(v) for v in value.values())
            _table(value, below, f"[{'.'.join(below)}]" if has_scalars else None, out)
    for key, value in data.items():
        if _is_table_array(value):
            below = [*path, _key(key)]
            for item in value:
                _table(item, below, f"[[{'.'.join(below)}]]", out)


def dump_toml(data: Mapping[Any, Any]) -> str:
    """``data`` (as ``model_dump(mode="python")`` gives it) as TOML text that reads back equal."""
    out: list[str] = []
    _table(data, [], None, out)
    return "\n".join(out).lstrip("\n") + "\n"


_TOKEN = re.compile(r"\"\"\"|'''|[\"'#\[\]{}.,=\n]")
_CLOSERS = {
    '"""': re.compile(r'(?:[^\\]|\\.)*?"""', re.DOTALL),
    "'''": re.compile(r".*?'''", re.DOTALL),
    '"': re.compile(r'(?:[^"\\\n]|\\.)*"'),
    "'": re.compile(r"[^'\n]*'"),
    "#": re.compile(r"[^\n]*"),
}


def toml_nesting(text: str, limit: int) -> int:
    """How deep a TOML text nests: open arrays and inline tables plus the dots of one dotted
    key, at the deepest point (strings and comments skipped), in one pass over the text.

    Stops once ``limit`` is passed. Measured before ``tomllib`` parses the text, whose work
    grows with the depth (recursion, and a table walked again for each dotted part).

    >>> toml_nesting('a.b.c.d = 1', 10), toml_nesting('x = [[1], {y = "[[[["}]', 10)
    (3, 2)
    """
    deepest = depth = dots = 0
    position = 0
    while (token := _TOKEN.search(text, position)) is not None:
        mark = token.group()
        position = token.end()
        closer = _CLOSERS.get(mark)
        if closer is not None:
            end = closer.match(text, position)
            if end is None:
                break  # an unclosed string: tomllib says where
            position = end.end()
            continue
        if mark in "[{":
            depth += 1
            dots = 0
        elif mark in "]}":
            depth = max(depth - 1, 0)
            dots = 0
        elif mark == ".":
            dots += 1
        else:  # a comma, an equals sign or a line end starts a new key
            dots = 0
        deepest = max(deepest, depth + dots)
        if deepest > limit:
            break
    return deepest

"""How a policy file that states only its changes is merged onto what it extends (EDITION-4).

Pure functions over policy *data* (dicts as read from TOML/JSON); ``model.py`` reads the files.

- ``extends = "shantou"``: start from that edition (or from another policy file, by path).
- ``include = { liangshan = ["pay", "schedules.calendar.duties"] }``: graft whole parts of an
  edition onto the base (how ``combined`` composes ``shantou`` with ``liangshan``'s people rules,
  EDITION-3). A grafted table is merged into the base's; a grafted array is *appended* to the
  base's (G-16: both bureaus' calendars are listed).
- then the file's own keys: tables are merged key by key (deep), everything else (numbers,
  strings, arrays) replaces what the base had. So a bureau file states only what it changes,
  and a section added to an edition later reaches every file that extends it.

>>> deep_merge({"a": {"x": 1, "y": [1, 2]}, "b": 2}, {"a": {"y": [3]}, "c": 3})
{'a': {'x': 1, 'y': [3]}, 'b': 2, 'c': 3}
>>> graft({"s": {"d": [1]}}, "s.d", [2])
{'s': {'d': [1, 2]}}
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

__all__ = [
    "EXTENDS",
    "INCLUDE",
    "MISSING",
    "deep_merge",
    "graft",
    "graft_all",
    "nesting_depth",
    "own_paths",
    "value_at",
]

EXTENDS = "extends"
INCLUDE = "include"


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: What :func:`value_at` returns for a path the data does not hold.
MISSING: Any = _Missing()


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``over`` merged in: tables key by key, anything else replaced (a copy)."""
    result = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = deep_merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def value_at(data: Any, path: str) -> Any:
    """The value at a dotted path of ``data`` (tables and array indices), or :data:`MISSING`."""
    node = data
    for part in path.split("."):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list | tuple) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


def graft(base: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``base`` with ``value`` placed at ``path``: merged into a table, appended to an array."""
    head, _, rest = path.partition(".")
    result = copy.deepcopy(dict(base))
    here = result.get(head)
    if rest:
        result[head] = graft(here if isinstance(here, Mapping) else {}, rest, value)
    elif isinstance(here, list) and isinstance(value, list):
        result[head] = [*here, *copy.deepcopy(value)]
    elif isinstance(here, Mapping) and isinstance(value, Mapping):
        result[head] = deep_merge(here, value)
    else:
        result[head] = copy.deepcopy(value)
    return result


def graft_all(base: Mapping[str, Any], grafts: list[tuple[str, Any]]) -> dict[str, Any]:
    """``base`` with each (path, value) grafted in turn, as :func:`graft` does, copying
    ``base`` once: linear in the paths, however many a file includes.

    >>> graft_all({"s": {"d": [1]}}, [("s.d", [2]), ("s.e", 3)])
    {'s': {'d': [1, 2], 'e': 3}}
    """
    result = copy.deepcopy(dict(base))
    for path, value in grafts:
        *parents, last = path.split(".")
        node = result
        for part in parents:
            below = node.get(part)
            if not isinstance(below, dict):
                below = dict(below) if isinstance(below, Mapping) else {}
                node[part] = below
            node = below
        here = node.get(last)
        if isinstance(here, list) and isinstance(value, list):
            node[last] = [*here, *copy.deepcopy(value)]
        elif isinstance(here, Mapping) and isinstance(value, Mapping):
            node[last] = deep_merge(here, value)
        else:
            node[last] = copy.deepcopy(value)
    return result


def nesting_depth(data: Any, limit: int) -> int:
    """How deep tables and arrays nest in ``data`` (a scalar is 0), counted without recursion
    and stopping once ``limit`` is passed (so hostile data costs at most its size)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth) for child in children)
    return deepest


def own_paths(data: Any, prefix: str = "") -> set[str]:
    """Every dotted path a file's own data spells out (tables and their leaves)."""
    found = {prefix} if prefix else set()
    if isinstance(data, Mapping):
        for key, value in data.items():
            found |= own_paths(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found |= own_paths(value, f"{prefix}.{index}")
    return found

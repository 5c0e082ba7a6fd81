"""Immutable containers (不可变容器) for records, policies and results, all the way down.

A frozen pydantic model only stops attribute assignment; a ``dict`` inside it can still be
changed, and a policy changed that way would keep its fingerprint while deciding differently.
Every mapping inside a model of this library is therefore a :class:`FrozenDict` (declared as
:data:`FrozenMap`), every sequence a ``tuple``, every set a ``frozenset`` serialised in sorted
order (:data:`SortedSet`), so JSON output does not depend on the hash seed.

>>> from pydantic import TypeAdapter
>>> table = TypeAdapter(FrozenMap[str, int]).validate_python({"gold": 2})
>>> table["gold"]
2
>>> table["gold"] = 7
Traceback (most recent call last):
...
TypeError: FrozenDict is read-only: build a new one instead of changing this one
>>> TypeAdapter(SortedSet[str]).dump_json(frozenset({"b", "a", "c"}))
b'["a","b","c"]'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Annotated, Any, NoReturn, TypeVar

from pydantic import AfterValidator, PlainSerializer

__all__ = ["FrozenDict", "FrozenJson", "FrozenMap", "SortedSet", "deep_freeze", "sort_key"]

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class FrozenDict(dict[K, V]):
    """A ``dict`` that refuses every change; hashable when its values are.

    It stays a ``dict`` (``isinstance(x, dict)``, ``json.dumps``, pydantic serialisation and
    equality with plain dicts all work); only the mutating methods raise ``TypeError``.
    """

    __slots__ = ()

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} is read-only: build a new one instead of changing this one"
        )

    __setitem__ = _read_only
    __delitem__ = _read_only
    __ior__ = _read_only
    clear = _read_only
    pop = _read_only
    popitem = _read_only
    setdefault = _read_only
    update = _read_only

    def __hash__(self) -> int:  # type: ignore[override]  # a frozen dict is hashable
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> FrozenDict[K, V]:
        return self


def _freeze_mapping(value: Mapping[Any, Any]) -> FrozenDict[Any, Any]:
    return value if isinstance(value, FrozenDict) else FrozenDict(value)


def sort_key(value: object) -> tuple[str, str]:
    """A total order for set members of any one kind: enums by code, others by ``str``."""
    if isinstance(value, Enum):
        return (type(value).__name__, str(value.value))
    return (type(value).__name__, str(value))


def _sorted(values: Iterable[Any]) -> list[Any]:
    return sorted(values, key=sort_key)


def deep_freeze(value: Any) -> Any:
    """Free-form data (JSON-like) made immutable: dicts → FrozenDict, lists → tuples."""
    if isinstance(value, Mapping):
        return FrozenDict({key: deep_freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(deep_freeze(item) for item in value)
    if isinstance(value, set | frozenset):
        return frozenset(deep_freeze(item) for item in value)
    return value


FrozenMap = Annotated[Mapping[K, V], AfterValidator(_freeze_mapping)]
"""Pydantic field type: a mapping validated key by key, held as a :class:`FrozenDict`."""

SortedSet = Annotated[
    frozenset[T], PlainSerializer(_sorted, return_type=list[Any], when_used="json")
]
"""Pydantic field type: a ``frozenset`` written to JSON as a sorted list (hash-seed stable)."""

FrozenJson = Annotated[Any, AfterValidator(deep_freeze)]
"""Pydantic field type: free-form JSON data (audit inputs, case tables), deeply immutable."""

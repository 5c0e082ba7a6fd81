"""Message catalogues (说明文本): the text of every explanation step, one catalogue per language.

Rules never write sentences. They decide, then name a message and its values; the text comes
from ``en.toml`` and ``zh.toml`` beside this module, keyed ``<family>.<message>``, with named
``{placeholders}`` filled by ``str.format``. A test checks that both catalogues have the same
keys and, for each key, the same placeholders. Values are passed already formatted (amounts
through ``format_yuan``), so a template never decides how a number looks.

>>> from keyaccount_rules.vocabulary import Tier
>>> s = step("GRADE-4", "grading.tier", score="94.0", cutoff="90", tier=Tier.DIAMOND)
>>> s.text, s.text_zh
('score 94.0 ≥ 90 → diamond', '得分94.0 ≥ 90(含) → 钻石客户')
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Literal

from keyaccount_rules.explanation import Step

__all__ = ["LANGUAGES", "catalogue", "placeholders", "render", "step"]

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")


def _flatten(table: Mapping[str, object], prefix: str, out: dict[str, str]) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, f"{name}.", out)
        elif isinstance(value, str):
            out[name] = value
        else:
            raise TypeError(f"{name}: a message must be text (got {type(value).__name__})")


@cache
def catalogue(lang: Language) -> Mapping[str, str]:
    """Every message of a language, by dotted key (read once from the package, cached)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang: must be one of {', '.join(LANGUAGES)} (got {lang!r})")
    text = resources.files(__name__).joinpath(f"{lang}.toml").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    _flatten(tomllib.loads(text), "", out)
    return out


def placeholders(template: str) -> frozenset[str]:
    """The values a template names: ``"{a} ≥ {b.zh}"`` → ``{"a", "b"}``.

    A template may read an attribute of a value: an enum is passed once, English writes
    ``{tier.value}`` and Chinese ``{tier.zh}``.
    """
    return frozenset(
        re.split(r"[.\[]", field, maxsplit=1)[0]
        for _text, field, _spec, _conv in string.Formatter().parse(template)
        if field
    )


def render(key: str, lang: Language, /, **values: object) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled."""
    try:
        template = catalogue(lang)[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the {lang} catalogue") from None
    return template.format(**values)


def step(rule: str, key: str, /, **values: object) -> Step:
    """One explanation step citing ``rule``, its text from both catalogues."""
    return Step(rule=rule, text=render(key, "en", **values), text_zh=render(key, "zh", **values))

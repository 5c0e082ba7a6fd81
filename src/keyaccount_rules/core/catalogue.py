"""Message catalogues (说明文本): every word shown to a person, one catalogue per language.

Rules never write sentences. They decide, then name a message and its values; the text comes
from ``messages/en.toml`` and ``messages/zh.toml``, keyed ``<family>.<message>``, with named
``{placeholders}`` filled by ``str.format``. A test checks that both catalogues have the same
keys and, for each key, the same placeholders. Values are passed already formatted (amounts
through ``format_yuan``), so a template never decides how a number looks.

A value worded per language is a :class:`Words` (a template reads ``{x.en}`` in English and
``{x.zh}`` in Chinese), made from a message by :func:`words` or from a list by :func:`joined`
and :func:`listed`, whose separators are messages too (``join.*``). The vocabulary's labels
are the tables ``label.<enum>``, read through :func:`label`; an edition whose document words a
member otherwise has it in ``term.<edition>.<enum>`` (G-23), read through :func:`term`. Each
catalogue is read once, on first use, and cached.

>>> from keyaccount_rules.core.vocabulary import Tier
>>> s = step("GRADE-4", "grading.tier", score="94.0", cutoff="90", tier=Tier.DIAMOND)
>>> s.text, s.text_zh
('score 94.0 ≥ 90 → diamond', '得分94.0 ≥ 90(含) → 钻石客户')
>>> joined([Tier.GOLD, Tier.SILVER])
Words(en='gold, silver', zh='黄金、白银')
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from enum import Enum
from functools import cache
from importlib import resources
from typing import Literal, NamedTuple

from keyaccount_rules.core.explanation import Step

__all__ = [
    "LANGUAGES",
    "Pattern",
    "Words",
    "catalogue",
    "joined",
    "label",
    "listed",
    "pattern",
    "placeholders",
    "render",
    "step",
    "term",
    "words",
]

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
    text = (
        resources.files("keyaccount_rules.messages")
        .joinpath(f"{lang}.toml")
        .read_text(encoding="utf-8")
    )
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


@cache
def label(key: str, lang: Language, /) -> str:
    """The label ``label.<key>`` in ``lang``: ``label("tier.gold", "zh")`` is 黄金 (cached).

    >>> label("tier.gold", "zh"), label("unit.county_center", "en")
    ('黄金', 'county center')
    """
    try:
        return catalogue(lang)[f"label.{key}"]
    except KeyError:
        raise KeyError(f"no label {key!r} in the {lang} catalogue") from None


def term(edition: str, key: str, lang: Language, /) -> str | None:
    """An edition's own word for a vocabulary member (G-23): ``term.<edition>.<key>``, or
    ``None`` where the edition uses the label.

    >>> term("liangshan", "unit.county_center", "zh"), term("shantou", "unit.county_center", "zh")
    ('县市局大客户中心', None)
    """
    return catalogue(lang).get(f"term.{edition}.{key}")


def edition_terms(key: str, lang: Language, /) -> tuple[str, ...]:
    """Every edition's own word for a vocabulary member (G-23), in catalogue order.

    >>> edition_terms("unit.county_center", "zh")
    ('县市局大客户中心',)
    """
    return tuple(
        text
        for name, text in catalogue(lang).items()
        if name.startswith("term.") and name.endswith(f".{key}") and name.count(".") == 3
    )


class Words(NamedTuple):
    """A value worded per language, for another message: ``{x.en}`` in en.toml, ``{x.zh}`` in
    zh.toml (a vocabulary enum member reads the same way)."""

    en: str
    zh: str

    @classmethod
    def same(cls, text: str) -> Words:
        """A value written alike in every language: a date, a name, a list of amounts."""
        return cls(text, text)


def words(key: str, /, **values: object) -> Words:
    """The message ``key`` in each language, as a value for another message.

    >>> words("calendar.times", count=2)
    Words(en=' (2×)', zh='(2次)')
    """
    if not values:
        return _fixed(key)
    return Words(render(key, "en", **values), render(key, "zh", **values))


@cache
def _fixed(key: str) -> Words:
    # a message without values is the same every time: rendered once
    return Words(render(key, "en"), render(key, "zh"))


def _word(item: object, lang: Language) -> str:
    if isinstance(item, Words):
        return item.zh if lang == "zh" else item.en
    if isinstance(item, Enum):
        # a vocabulary code: itself in English, its label in Chinese
        return str(getattr(item, "zh") if lang == "zh" else item.value)  # noqa: B009
    return str(item)


def joined(items: Iterable[object], /, *, sep: str = "join.list") -> Words:
    """Items joined per language by the separator message ``sep`` (``join.*``).

    An item is a :class:`Words` (its own language), a vocabulary enum member (its code in
    English, its label in Chinese) or anything else, written as its ``str()`` in both.

    >>> joined(["li", "wang"]), joined(["li", "wang"], sep="join.plus")
    (Words(en='li, wang', zh='li、wang'), Words(en='li + wang', zh='li、wang'))
    """
    values = tuple(items)
    return Words(
        render(sep, "en").join(_word(item, "en") for item in values),
        render(sep, "zh").join(_word(item, "zh") for item in values),
    )


def listed(key: str, rows: Iterable[Mapping[str, object]], /, *, sep: str = "join.list") -> Words:
    """Each row rendered as the message ``key``, joined per language by ``sep``."""
    return joined((words(key, **row) for row in rows), sep=sep)


#: Stands for the one value a :class:`Pattern` leaves open while its message is rendered.
_HOLE = "\x00hole\x00"
_PROBE = "\x01probe\x01"


class Pattern(NamedTuple):
    """A message rendered in both languages with all its values but one (``hole``).

    Filling the hole is one ``str.join`` per language, so a step whose text differs per call
    only by one value (a customer's own revenue) is rendered without formatting again. The
    text is exactly what :func:`step` renders with the same values (checked when made).
    """

    rule: str
    en: tuple[str, ...]
    zh: tuple[str, ...]

    def fill(self, value: str) -> dict[str, str]:
        """The step's data (``rule``, ``text``, ``text_zh``) with ``value`` in the hole."""
        return {"rule": self.rule, "text": value.join(self.en), "text_zh": value.join(self.zh)}

    def step(self, value: str) -> Step:
        """The :class:`Step` with ``value`` in the hole."""
        return Step(**self.fill(value))


def pattern(rule: str, key: str, hole: str, /, **values: object) -> Pattern:
    """The message ``key`` with every value but ``hole`` filled, ready for :meth:`Pattern.fill`.

    ``hole`` must be a plain text placeholder (no format spec, no attribute): the pattern is
    checked against :func:`render` once, here.

    >>> from keyaccount_rules.core.vocabulary import Tier
    >>> p = pattern("GRADE-4", "grading.tier", "score", cutoff="90", tier=Tier.DIAMOND)
    >>> p.step("94.0") == step("GRADE-4", "grading.tier", score="94.0", cutoff="90",
    ...                        tier=Tier.DIAMOND)
    True
    """
    try:
        pieces = {
            lang: tuple(render(key, lang, **values, **{hole: _HOLE}).split(_HOLE))
            for lang in LANGUAGES
        }
        plain = all(
            _PROBE.join(pieces[lang]) == render(key, lang, **values, **{hole: _PROBE})
            for lang in LANGUAGES
        )
    except (AttributeError, IndexError, TypeError, ValueError):
        plain = False
    if not plain:
        raise ValueError(f"{key}: {{{hole}}} is not a plain text placeholder")
    return Pattern(rule, pieces["en"], pieces["zh"])

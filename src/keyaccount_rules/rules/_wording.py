"""Lists inside explanation text, one rendering per language (people and ownership rules).

A template reads a list as ``{names[en]}`` in ``en.toml`` and ``{names[zh]}`` in ``zh.toml``:
the value is a mapping language → text, since English joins with ``", "`` and Chinese with
``"、"`` (and an item may itself be a message, worded per language).

>>> joined(["li", "wang"])
{'en': 'li, wang', 'zh': 'li、wang'}
>>> from keyaccount_rules.core.vocabulary import Tier
>>> joined([Tier.GOLD, Tier.SILVER], en=" + ")
{'en': 'gold + silver', 'zh': '黄金、白银'}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum

from keyaccount_rules.core.catalogue import LANGUAGES, render

__all__ = ["both", "concatenated", "joined", "listed"]


def _word(item: object, lang: str) -> str:
    if isinstance(item, Enum):
        return str(getattr(item, lang) if lang == "zh" else item.value)
    return str(item)


def both(key: str, /, **values: object) -> dict[str, str]:
    """The message ``key`` in each language, as a value for another message."""
    return {lang: render(key, lang, **values) for lang in LANGUAGES}


def joined(items: Iterable[object], *, en: str = ", ", zh: str = "、") -> dict[str, str]:
    """Names (or enum members: code in English, label in Chinese) joined per language."""
    values = tuple(items)
    return {
        "en": en.join(_word(item, "en") for item in values),
        "zh": zh.join(_word(item, "zh") for item in values),
    }


def listed(key: str, rows: Iterable[Mapping[str, object]], *, en: str, zh: str) -> dict[str, str]:
    """Each row rendered as the message ``key``, joined per language."""
    return concatenated(((key, row) for row in rows), en=en, zh=zh)


def concatenated(
    parts: Iterable[tuple[str, Mapping[str, object]]], *, en: str, zh: str
) -> dict[str, str]:
    """Messages (each a key and its values) rendered and joined per language."""
    values = tuple(parts)
    return {
        "en": en.join(render(key, "en", **row) for key, row in values),
        "zh": zh.join(render(key, "zh", **row) for key, row in values),
    }

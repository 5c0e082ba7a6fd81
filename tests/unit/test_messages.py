"""The message catalogues: same keys and placeholders in every language, each one used."""

from __future__ import annotations

import re

import pytest

from keyaccount_rules.core import catalogue as messages
from keyaccount_rules.core.vocabulary import Tier
from tests.conftest import PROJECT

EN = messages.catalogue("en")
ZH = messages.catalogue("zh")


def test_both_catalogues_have_the_same_keys() -> None:
    assert sorted(set(EN) ^ set(ZH)) == []


@pytest.mark.parametrize("key", sorted(EN))
def test_each_message_has_the_same_placeholders_in_english_and_chinese(key: str) -> None:
    assert messages.placeholders(EN[key]) == messages.placeholders(ZH[key])


def test_every_message_is_used_by_the_code() -> None:
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (PROJECT / "src" / "keyaccount_rules").rglob("*.py")
    )
    unused = [key for key in EN if not re.search(rf"[\"']{re.escape(key)}[\"']", source)]
    assert unused == []


def test_a_template_may_read_an_attribute_of_a_value() -> None:
    assert messages.placeholders("{tier.value} {tier.zh} {n}") == {"tier", "n"}


def test_a_step_renders_both_languages_from_one_call() -> None:
    s = messages.step("GRADE-4", "grading.tier", score="80.0", cutoff="75", tier=Tier.GOLD)
    assert (s.rule, s.text, s.text_zh) == (
        "GRADE-4",
        "score 80.0 ≥ 75 → gold",
        "得分80.0 ≥ 75(含) → 黄金客户",
    )


def test_an_unknown_key_or_language_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match=r"no message 'grading\.nope'"):
        messages.render("grading.nope", "en")
    with pytest.raises(ValueError, match="lang: must be one of en, zh"):
        messages.catalogue("fr")  # type: ignore[arg-type]

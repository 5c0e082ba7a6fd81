"""The message catalogues: same keys and placeholders in every language, each one used."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from keyaccount_rules.core import catalogue as messages
from keyaccount_rules.core.explanation import Explanation, Step
from keyaccount_rules.core.vocabulary import LogStage, Tier
from tests.conftest import PROJECT

EN = messages.catalogue("en")
ZH = messages.catalogue("zh")


def test_both_catalogues_have_the_same_keys() -> None:
    assert sorted(set(EN) ^ set(ZH)) == []


@pytest.mark.parametrize("key", sorted(EN))
def test_each_message_has_the_same_placeholders_in_english_and_chinese(key: str) -> None:
    assert messages.placeholders(EN[key]) == messages.placeholders(ZH[key])


def test_every_message_is_used_by_the_code() -> None:
    # The labels (label.<enum>.<code>) and the editions' own words (term.<edition>.<enum>.<code>)
    # are read by the vocabulary, member by member: tests/core/test_vocabulary.py checks that
    # their tables are the enums.
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (PROJECT / "src" / "keyaccount_rules").rglob("*.py")
    )
    unused = [
        key
        for key in EN
        if not key.startswith(("label.", "term."))
        and not re.search(rf"[\"']{re.escape(key)}[\"']", source)
    ]
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


def test_a_value_worded_per_language_is_read_as_en_or_zh_by_each_template() -> None:
    s = messages.step(
        "LOG-3",
        "marketing_log.incomplete",
        index=2,
        stage=LogStage.PROPOSAL,
        when=messages.words("marketing_log.undated"),
        missing=messages.joined(
            [
                messages.words("marketing_log.field_date"),
                messages.words("marketing_log.field_method"),
            ]
        ),
    )
    assert (s.text, s.text_zh) == (
        "entry 2 (proposal, undated) is incomplete: missing date, method",
        "第2条(协谈方案，无日期)不完整：缺少日期、方式",
    )


@pytest.mark.parametrize(
    ("sep", "en", "zh"),
    [
        ("join.list", "gold, silver", "黄金、白银"),
        ("join.plus", "gold + silver", "黄金、白银"),
        ("join.and", "gold and silver", "黄金、白银"),
        ("join.clauses", "gold, silver", "黄金，白银"),
    ],
)
def test_a_list_is_joined_by_its_separator_message_in_each_language(
    sep: str, en: str, zh: str
) -> None:
    assert messages.joined([Tier.GOLD, Tier.SILVER], sep=sep) == messages.Words(en, zh)


def test_a_list_item_reads_as_its_own_words_a_code_or_its_text() -> None:
    items = [messages.Words("one", "一"), Tier.GENERAL, 3]
    assert messages.joined(items) == messages.Words("one, general, 3", "一、一般、3")
    assert messages.joined([]) == messages.Words("", "")


def test_listed_renders_each_row_as_the_message_then_joins_them() -> None:
    rows = [{"unit": "A", "amount": "1.00"}, {"unit": "B", "amount": "2.00"}]
    assert messages.listed("ownership.revenue_item", rows, sep="join.clauses") == messages.Words(
        "A 1.00, B 2.00", "A1.00元，B2.00元"
    )


def test_a_message_without_values_is_rendered_once_and_kept() -> None:
    assert messages.words("calendar.none") is messages.words("calendar.none")
    assert messages.words("calendar.none") == messages.Words("none", "无")


def test_words_written_alike_in_every_language_are_one_text_twice() -> None:
    assert messages.Words.same("2025-03-04") == messages.Words("2025-03-04", "2025-03-04")


def test_an_unknown_label_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match=r"no label 'tier\.bronze' in the zh catalogue"):
        messages.label("tier.bronze", "zh")


def test_the_notebook_table_of_an_explanation_is_headed_by_catalogue_words() -> None:
    e = Explanation.of(Step(rule="GRADE-4", text="score 80 ≥ 75 → gold", text_zh="黄金"))
    headings = (
        EN["explanation_table.rule_column"],
        EN["explanation_table.text_column"],
        ZH["explanation_table.text_column"],
    )
    assert headings == ("rule", "explanation", "说明")
    assert e._repr_html_().startswith(
        "<table><thead><tr><th>rule</th><th>explanation</th><th>说明</th></tr></thead>"
    )


def test_importing_the_package_reads_no_catalogue() -> None:
    # Read once, on first use: never at import time, even by the readers' header maps.
    code = (
        "import keyaccount_rules, keyaccount_rules.io.cli, keyaccount_rules.io.headers\n"
        "from keyaccount_rules.core.catalogue import catalogue\n"
        "print(catalogue.cache_info().currsize)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout == "0\n"


def test_an_unknown_key_or_language_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match=r"no message 'grading\.nope'"):
        messages.render("grading.nope", "en")
    with pytest.raises(ValueError, match="lang: must be one of en, zh"):
        messages.catalogue("fr")  # type: ignore[arg-type]


def test_the_catalogue_reader_sits_below_the_vocabulary_that_reads_it() -> None:
    # vocabulary imports catalogue for its labels; the other way round would be a cycle.
    tree = ast.parse(Path(messages.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert "keyaccount_rules.core.vocabulary" not in imported
    assert "keyaccount_rules.core.explanation" in imported

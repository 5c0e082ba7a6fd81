"""Every word shown to a person comes from the message catalogues (``messages/*.toml``).

Steps, the vocabulary's labels, the report page's labels, the CLI's headings and the separators
of lists are messages, keyed alike in ``en.toml`` and ``zh.toml``. So no string literal in
``src/`` holds Chinese text, except where a reason below says why it must:

- documentation: docstrings (and any string used as a statement) and the descriptions of a
  JSON schema's fields, which document a field as a docstring does;
- a parenthesised gloss: an English sentence (an error, a help text) that names the source's
  term or a spelling the reader accepts in parentheses, ``"the bureau's annual revenue
  (全局年收入)"``. The errors and help texts are English by design; the gloss is the word the
  user finds in their documents or spreadsheet, not a translation of shown text;
- input spellings: the column headers and cell values the readers accept and map to codes
  (``io/headers.py``, documented in ``docs/portfolios.md`` and ``docs/monthly-cycle.md``), the
  dates written with 年月日, and the short forms of a level cell;
- characters that are not words: the full-width signs a spreadsheet reads as a formula start.

Comments are not literals, and the policy's quoted source clauses live in
``policy/editions/*.toml`` as data, so neither is scanned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.test_architecture import PACKAGE, SOURCES

#: Chinese text: CJK punctuation, ideographs and full-width forms (、，（ included).
CHINESE = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_GLOSS = re.compile(r"\([^()]*\)")

#: Modules whose Chinese literals are all input spellings, with the reason.
INPUT_SPELLINGS: dict[str, str] = {
    "io/headers.py": (
        "the column headers and cell values a reader accepts (客户名称, 上年特快收入, 是), "
        "mapped to the library's codes: read, never shown"
    ),
    "core/vocabulary.py": (
        "the spellings of the vocabulary's members and of a yes/no beyond their labels "
        "(综合性, 黄金客户, 账单, 州局, 是/否): one list the API and the readers accept"
    ),
    "core/money.py": (
        "the unit words and currency signs an amount may be written with (元, 万, 亿, ¥), "
        "recognised so that the error says they are not read"
    ),
}
#: Modules whose literals may hold these characters only, with the reason.
CHARACTERS: dict[str, tuple[str, str]] = {
    "io/schemas.py": (
        "年月日",
        "the date and month patterns of the activity and revenue schemas: what io/activity reads",
    ),
    "io/activity.py": (
        "年月日",
        "dates written the Chinese way (2025年3月4日) are accepted, and the error names them",
    ),
    "io/safety.py": (
        "＝＋－＠\u3000",
        "not words: the full-width = + - @ a spreadsheet reads as a formula, the ideographic space",
    ),
}


def _documentation(tree: ast.AST) -> set[int]:
    """The ``id`` of every literal that documents: a string used as a statement (docstrings)
    and a schema's ``description`` (a ``description=`` argument or a ``"description"`` key)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            found.add(id(node.value))
        elif isinstance(node, ast.keyword) and node.arg == "description":
            found.update(id(part) for part in ast.walk(node.value))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "description":
                    found.update(id(part) for part in ast.walk(value))
    return found


def chinese_literals(source: str) -> list[tuple[int, str]]:
    """Each string literal of ``source`` holding Chinese text, outside documentation and
    parenthesised glosses: ``(line, text)``."""
    tree = ast.parse(source)
    documentation = _documentation(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in documentation
        and CHINESE.search(_GLOSS.sub("", node.value))
    ]


def _allowed(module: str, text: str) -> bool:
    if module in INPUT_SPELLINGS:
        return True
    characters, _reason = CHARACTERS.get(module, ("", ""))
    return set(CHINESE.findall(text)) <= set(characters)


def _module(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_no_string_literal_in_src_holds_chinese_text_outside_the_catalogues() -> None:
    found = [
        f"{_module(path)}:{line}: {text[:60]!r}"
        for path in SOURCES
        for line, text in chinese_literals(path.read_text(encoding="utf-8"))
        if not _allowed(_module(path), text)
    ]
    assert found == []


@pytest.mark.parametrize("module", sorted({*INPUT_SPELLINGS, *CHARACTERS}))
def test_every_module_allowed_chinese_literals_still_has_them(module: str) -> None:
    # No longer needed? Take the module out of the allow-list.
    path = PACKAGE / module
    assert chinese_literals(path.read_text(encoding="utf-8"))


def test_the_scan_finds_chinese_in_code_but_not_in_documentation_or_a_gloss() -> None:
    source = '''
"""模块说明."""
def f():
    """函数说明."""
    x = Field(description="客户名称")
    y = {"description": "说明"}
    z = "must be positive (全局年收入)"
    # 注释
    return "、".join(["黄金", f"{x}客户"])
'''
    assert chinese_literals(source) == [(9, "、"), (9, "黄金"), (9, "客户")]


def test_a_gloss_must_be_in_parentheses_to_pass() -> None:
    assert chinese_literals('x = "must be positive, 全局年收入"') == [
        (1, "must be positive, 全局年收入")
    ]
    assert chinese_literals('x = "州级 (prefecture)"') == [(1, "州级 (prefecture)")]


def test_the_reasoned_characters_are_chinese_text_so_the_allowance_is_needed() -> None:
    for characters, _reason in CHARACTERS.values():
        assert all(CHINESE.fullmatch(c) for c in characters)

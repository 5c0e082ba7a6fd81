"""Architecture: rules are pure, and imports point one way (STYLE.md, cosmicpython).

- ``rules/`` and the policy sections never read files, the clock or the environment: no
  import of os, pathlib, sys, time, random, subprocess, …, and no call of ``open``,
  ``print``, ``input``, ``date.today``, ``datetime.now``/``utcnow``, ``time.time``.
- Imports point one way: vocabulary and errors → money, explanation → policy → records and
  rules → history → evaluation → portfolio, calling, audit → cases, strategies → cli,
  pytest_plugin → the package. A module never imports one of a later layer. Modules not
  listed (added later) count as the application layer, so nothing below may import them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT

PACKAGE = PROJECT / "src" / "keyaccount_rules"

IMPURE_MODULES = {
    "os",
    "pathlib",
    "sys",
    "time",
    "random",
    "secrets",
    "subprocess",
    "socket",
    "shutil",
    "tempfile",
    "glob",
    "tomllib",
    "importlib",
    "logging",
    "urllib",
    "http",
    "requests",
    "threading",
    "multiprocessing",
    "asyncio",
}
# csv, json and io are allowed: rules format text with them (a payroll CSV, an .ics file) into
# strings; a file is still refused by the ``open`` checks below.
IMPURE_CALLS = {"open", "print", "input", "exec", "eval", "__import__"}
# Method names that read the clock or the file system whatever the receiver (``time.time()``
# needs no entry: importing time is already refused; ``dt.time(9, 0)`` is a value, not a clock).
IMPURE_ATTRIBUTES = {
    "today",
    "now",
    "utcnow",
    "getenv",
    "read_text",
    "read_bytes",
    "write_text",
    "open",
}

#: Every module of the package by dotted name (a package name covers its modules), and its
#: layer: a module may import only from its own layer or below. A module missing here fails
#: ``test_every_module_has_a_layer``: place it when you add it.
LAYERS: dict[str, int] = {
    "vocabulary": 0,
    "errors": 0,
    "money": 1,
    "explanation": 1,
    "optional": 1,
    "frozen": 1,
    "messages": 1,
    "policy": 2,
    "policy.history": 3,
    "arguments": 3,
    "records": 4,
    "rules": 4,
    "policy.diff": 4,
    "evaluation": 5,
    "analysis": 6,
    "io.exports": 6,
    "io.ics": 6,
    "io.safety": 1,
    "io.headers": 1,
    "io.rows": 1,
    "io.portfolio": 7,
    "verification.dispatch": 7,
    "verification.audit": 8,
    "verification.cases": 9,
    "verification.strategies": 9,
    "strategies": 9,
    "data": 9,
    "cycle": 8,
    "io.cycle_cli": 9,
    "io.cli": 10,
    "io.cli_types": 9,
    "io": 10,
    "verification.pytest_plugin": 10,
    "verification": 10,
    "__main__": 10,
}
PACKAGE_LAYER = 11  # keyaccount_rules/__init__.py
UNKNOWN = 99  # a module nobody placed: nothing may import it, and the test below fails


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _layer(module: str) -> int:
    parts = module.split(".")
    if parts[0] != "keyaccount_rules":
        return -1  # the standard library and third parties
    if len(parts) == 1:
        return PACKAGE_LAYER
    for depth in range(len(parts), 1, -1):
        layer = LAYERS.get(".".join(parts[1:depth]))
        if layer is not None:
            return layer
    return UNKNOWN


def _imports(tree: ast.AST, module: str) -> list[tuple[str, int]]:
    found = []
    package = module if module.count(".") and _is_package(module) else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            if node.module is None:  # from . import a, b: each name is a module
                found.extend((f"{name}.{alias.name}", node.lineno) for alias in node.names)
            else:
                found.append((name, node.lineno))
    return found


def _is_package(module: str) -> bool:
    return (PACKAGE.parent / module.replace(".", "/") / "__init__.py").is_file()


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
# Every module of policy/ is pure but model.py, which reads the shipped edition files.
PURE = [p for p in SOURCES if "rules" in p.relative_to(PACKAGE).parts[:1]] + [
    *(p for p in sorted((PACKAGE / "policy").glob("*.py")) if p.name != "model.py"),
    PACKAGE / "vocabulary.py",
    PACKAGE / "money.py",
    PACKAGE / "explanation.py",
    PACKAGE / "records.py",
    PACKAGE / "evaluation.py",
    PACKAGE / "arguments.py",
]


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(PACKAGE)) for p in paths]


@pytest.mark.parametrize("path", PURE, ids=_ids(PURE))
def test_pure_modules_read_no_files_clock_or_environment(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for name, line in _imports(tree, _module_name(path)):
        if name.split(".")[0] in IMPURE_MODULES:
            problems.append(f"line {line}: imports {name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in IMPURE_CALLS:
                problems.append(f"line {node.lineno}: calls {func.id}()")
            if isinstance(func, ast.Attribute) and func.attr in IMPURE_ATTRIBUTES:
                problems.append(f"line {node.lineno}: calls .{func.attr}()")
        if isinstance(node, ast.Attribute) and node.attr == "environ":
            problems.append(f"line {node.lineno}: reads .environ")
    assert problems == []


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_imports_point_one_way(path: Path) -> None:
    module = _module_name(path)
    own = _layer(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    upward = [
        f"line {line}: {module} (layer {own}) imports {name} (layer {_layer(name)})"
        for name, line in _imports(tree, module)
        if _layer(name) > own
    ]
    assert upward == []


def test_the_layer_check_catches_an_upward_import() -> None:
    tree = ast.parse("from keyaccount_rules.evaluation import evaluate\nfrom . import periods")
    imports = _imports(tree, "keyaccount_rules.rules.grading")
    assert imports == [
        ("keyaccount_rules.evaluation", 1),
        ("keyaccount_rules.rules.periods", 2),
    ]
    assert _layer("keyaccount_rules.evaluation") > _layer("keyaccount_rules.rules.grading")
    assert _layer("keyaccount_rules.io.cli") > _layer("keyaccount_rules.io.portfolio")
    assert _layer("keyaccount_rules.some_new_module") == UNKNOWN


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_every_module_has_a_layer(path: Path) -> None:
    assert _layer(_module_name(path)) != UNKNOWN


@pytest.mark.parametrize("path", SOURCES, ids=_ids(SOURCES))
def test_no_private_module_is_imported_from_another_package(path: Path) -> None:
    module = _module_name(path)
    own_package = module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    crossing = [
        f"line {line}: imports {name}"
        for name, line in _imports(tree, module)
        if name.startswith("keyaccount_rules.")
        and name.rpartition(".")[2].startswith("_")
        and not name.endswith("__")
        and name.rpartition(".")[0] != own_package
    ]
    assert crossing == []


def test_the_purity_check_catches_the_clock() -> None:
    source = "import datetime as dt\nfrom pathlib import Path\nx = dt.date.today()\n"
    tree = ast.parse(source)
    calls = [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    ]
    assert "today" in calls
    assert ("pathlib", 2) in _imports(tree, "keyaccount_rules.rules.x")


def test_the_architecture_page_names_every_package_and_top_level_module() -> None:
    page = (PROJECT / "docs" / "index.md").read_text(encoding="utf-8")
    block = page.split("## Architecture", 1)[1].split("```", 2)[1]
    listed = {
        line.split()[0] for line in block.splitlines() if line.startswith("  ") and line.strip()
    }
    present = {
        f"{path.name}/" if path.is_dir() else path.name
        for path in PACKAGE.iterdir()
        if not path.name.startswith(("_", ".")) or path.name == "__init__.py"
        if path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").is_file())
    }
    assert sorted(present - listed) == []

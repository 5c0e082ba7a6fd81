"""Run-time imports keep the layers: no module below the package looks the package up.

``tests/test_architecture.py`` checks every ``import`` statement, also inside functions; an
``import_module`` call is invisible to it. These tests close that gap: no module imports the
whole package at run time (for its version or to look a name up), a module named by a string
literal is at or below its importer's layer, and the name table of
:mod:`keyaccount_rules.verification.dispatch` names modules at or below its own layer.
"""

from __future__ import annotations

import ast
import inspect
import tomllib
from pathlib import Path

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core import version
from keyaccount_rules.verification import dispatch
from tests.conftest import PROJECT
from tests.test_architecture import PACKAGE, PACKAGE_LAYER, SOURCES, _layer, _module_name

BELOW_THE_PACKAGE = [p for p in SOURCES if p != PACKAGE / "__init__.py"]


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(PACKAGE)) for p in paths]


def _named_imports(tree: ast.AST) -> list[tuple[str, int]]:
    """Modules imported by name at run time: ``import_module("x")`` and ``__import__("x")``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        first = node.args[0]
        if called in ("import_module", "__import__") and isinstance(first, ast.Constant):
            found.append((str(first.value), node.lineno))
    return found


@pytest.mark.parametrize("path", BELOW_THE_PACKAGE, ids=_ids(BELOW_THE_PACKAGE))
def test_no_module_below_the_package_imports_the_package_by_name(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path)
    upward = [
        f"line {line}: {module} imports {name} by name"
        for name, line in _named_imports(tree)
        if _layer(name) > _layer(module)
    ]
    assert upward == []


def test_the_check_catches_the_package_imported_by_name_inside_a_function() -> None:
    tree = ast.parse(
        "import importlib\n"
        "def _version():\n"
        "    return importlib.import_module('keyaccount_rules').__version__\n"
    )
    assert _named_imports(tree) == [("keyaccount_rules", 3)]
    assert _layer("keyaccount_rules") == PACKAGE_LAYER


def test_dispatch_names_only_modules_at_or_below_its_own_layer() -> None:
    own = _layer("keyaccount_rules.verification.dispatch")
    above = [m for m in dispatch.CALLABLE if _layer(f"keyaccount_rules.{m}") > own]
    assert above == []


def test_every_name_dispatch_allows_exists_and_no_allowed_function_takes_a_file() -> None:
    functions = dispatch.public_functions()
    assert len(functions) == sum(map(len, dispatch.CALLABLE.values()))
    takes_a_file = [
        name
        for name, value in functions.items()
        if inspect.isfunction(value) and dispatch._takes_a_file(value)
    ]
    assert takes_a_file == []


def test_every_public_callable_is_allowed_or_refused_and_allowed_names_are_the_package_s() -> None:
    functions = dispatch.public_functions()
    public = {
        name: getattr(kr, name)
        for name in kr.__all__
        if callable(getattr(kr, name))
        and not (isinstance(getattr(kr, name), type) and issubclass(getattr(kr, name), Exception))
    }
    unplaced = sorted(set(public) - set(functions) - dispatch.REFUSED)
    assert unplaced == []
    assert sorted(n for n in set(public) & set(functions) if public[n] is not functions[n]) == []
    assert sorted(dispatch.REFUSED & set(functions)) == []


def test_a_refused_public_name_is_named_as_not_a_rule_function() -> None:
    with pytest.raises(dispatch.FunctionLookupError, match="is not a rule function"):
        dispatch.resolve_function("read_portfolio")


def test_the_version_has_one_home_read_by_the_package_and_stated_in_pyproject() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert kr.__version__ == version.__version__ == project["project"]["version"]

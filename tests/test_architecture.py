"""Architecture: rules are pure, and imports point one way (STYLE.md, cosmicpython).

- ``rules/`` and the policy sections never read files, the clock or the environment: no
  import of os, pathlib, sys, time, random, subprocess, …, and no call of ``open``,
  ``print``, ``input``, ``date.today``, ``datetime.now``/``utcnow``, ``time.time``.
- Imports point one way, down the folders: messages → core → policy → records → rules →
  engine → month → io → verification → io/cli → the package. A module never imports one of
  a later layer; a module in no listed folder fails until it is placed.
- Validation is declared on types: ``raise RuleInputError`` stands only where a rule decides
  or a check relates two arguments, file by file, and under thirty in all.
"""

from __future__ import annotations

import ast
import re
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

#: The layers are the folders, in import order: a module may import only from its own layer
#: or below. A module outside every folder listed here fails ``test_every_module_has_a_layer``.
LAYERS: dict[str, int] = {
    "messages": 0,  # the catalogues (data); read by core.catalogue
    "data": 0,  # the bundled sample files (data)
    "core": 1,  # value types: vocabulary, money, periods, errors, explanation, frozen, ...
    "policy": 2,  # the policy as data, its sections, editions, merge, diff, history
    "records": 3,  # input records: customers, customer IDs, activity, facts
    "rules": 4,  # one module per rule family: decide, explain, the public verb
    "engine": 5,  # one customer composed (evaluate, Evaluator), columns, comparisons
    "month": 6,  # the month: agenda, report, series (domain only, never a path)
    "io": 7,  # adapters: the table reader and its layouts, one writer per format
    "verification": 8,  # policy cases, audit records, strategies, the pytest plugin
    "io.cli": 9,  # the command line: the outermost adapter, over everything
    "strategies": 9,
    "results": 9,
    "__main__": 9,
}
PACKAGE_LAYER = 10  # keyaccount_rules/__init__.py
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
# The domain is pure: rules, records, engine, month, the policy sections (not model.py, which
# reads the shipped edition files) and core's value types (not catalogue.py, which reads the
# message catalogues, optional.py and writers.py, which import by name on first use).
_IMPURE_BY_DESIGN = {"policy/model.py", "core/catalogue.py", "core/optional.py", "core/writers.py"}
PURE = [
    p
    for p in SOURCES
    if p.relative_to(PACKAGE).parts[0] in {"rules", "records", "engine", "month", "policy", "core"}
    and str(p.relative_to(PACKAGE)) not in _IMPURE_BY_DESIGN
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
    tree = ast.parse("from keyaccount_rules.engine.customer import evaluate\nfrom . import periods")
    imports = _imports(tree, "keyaccount_rules.rules.grading")
    assert imports == [
        ("keyaccount_rules.engine.customer", 1),
        ("keyaccount_rules.rules.periods", 2),
    ]
    assert _layer("keyaccount_rules.engine.customer") > _layer("keyaccount_rules.rules.grading")
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


# ---- the domain never imports the adapters

#: The folders that may import ``io``: io itself and what stands above it.
_ABOVE_IO = {"io", "verification"}
_IMPORTS_IO = re.compile(r"from keyaccount_rules(\.| import )io\b")


def _domain_sources() -> list[Path]:
    return [
        p
        for p in SOURCES
        if p.relative_to(PACKAGE).parts[0] not in _ABOVE_IO and p != PACKAGE / "__init__.py"
    ]


@pytest.mark.parametrize("path", _domain_sources(), ids=_ids(_domain_sources()))
def test_no_domain_module_imports_io(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if _IMPORTS_IO.search(line)] == []


def test_the_io_check_catches_a_domain_import_of_io() -> None:
    assert _IMPORTS_IO.search("from keyaccount_rules.io.safety import ics_text")
    assert _IMPORTS_IO.search("    from keyaccount_rules import io")
    assert not _IMPORTS_IO.search("from keyaccount_rules.core.writers import write")


# ---- validation is declared on types

#: Where ``raise RuleInputError(...)`` may stand, and how often. A bad value of one argument is
#: refused by its declared type (core/arguments.py, or beside its record) and named by
#: ``checked()``; what is left is a rule deciding (RESP-2, GRADE-6, DEV-5, the history's policy
#: in force) or a check that relates an argument to another argument or to the policy.
RULE_INPUT_RAISES = {
    "core/arguments.py": 4,  # not_after, not_before, present, distinct: shared by the rules
    "policy/model.py": 2,  # resolve_policy: a history needs as_of; not a policy at all
    "policy/history.py": 1,  # decision: no policy is in force before the first one
    "records/facts.py": 1,  # GRADE-2: a policy that grades needs the bureau's revenue
    "rules/archives.py": 2,  # ARCH-1: a history names a tier, and one in force at the start
    "rules/calendar.py": 1,  # CAL-1: a range of at most MAX_CALENDAR_YEARS years
    "rules/compensation.py": 1,  # a pay run's entry: its quality error, with the manager
    "rules/development.py": 2,  # DEV-3: a is not b; decision: DEV-5 has no regional lead
    "rules/duties.py": 3,  # a tier or a level, a scope with a tier, G-9's tier of the month
    "rules/grading.py": 1,  # decision: GRADE-6, a revenue above the bureau's
    "rules/levels.py": 1,  # PARETO-1: a designated customer is one of volumes
    "rules/marketing_log.py": 1,  # LOG-3: no entry beyond the stage reached
    "rules/ownership.py": 2,  # DEV-1: at least one claim; times all aware or all naive
    "rules/responsibility.py": 3,  # decision: RESP-2 refusing a delegation, three ways
    "month/arguments.py": 2,  # EDITION-2: levels under, and only under, a policy by level
    "month/series.py": 1,  # one amount per customer, month and line
    "verification/audit.py": 1,  # a policy given to a function that takes none
}
#: Where a declared type refuses (``raise InvalidValueError(...)``): the types of core, and
#: the few declared beside their records, the month's arguments and the calendar file.
REFUSALS = {
    "core/arguments.py": 18,
    "core/periods.py": 1,
    "engine/what_it_takes.py": 1,  # an Evaluation as the customer: made under the policy given
    "io/ics.py": 1,
    "month/arguments.py": 4,
    "month/level_history.py": 1,
    "month/series.py": 1,
    "records/activity.py": 2,
}
#: The figure the table above may not grow past.
MOST_RULE_INPUT_RAISES = 30


def _raises(tree: ast.AST, name: str) -> int:
    """How many ``raise <name>(...)`` statements ``tree`` holds."""
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and isinstance(node.exc.func, ast.Name)
        and node.exc.func.id == name
    )


def _raise_table(name: str) -> dict[str, int]:
    found = {}
    for path in SOURCES:
        count = _raises(ast.parse(path.read_text(encoding="utf-8")), name)
        if count:
            found[str(path.relative_to(PACKAGE))] = count
    return found


def test_rule_input_errors_are_raised_only_where_a_rule_decides_or_two_arguments_meet() -> None:
    assert _raise_table("RuleInputError") == RULE_INPUT_RAISES


def test_the_rule_input_errors_raised_by_hand_stay_under_thirty() -> None:
    assert sum(RULE_INPUT_RAISES.values()) < MOST_RULE_INPUT_RAISES


def test_declared_types_refuse_only_where_types_are_declared() -> None:
    assert _raise_table("InvalidValueError") == REFUSALS


def test_the_raise_count_counts_raise_statements_not_mentions() -> None:
    source = (
        '"""raise RuleInputError("x", "in a docstring")"""\n'
        "def f(x):\n"
        "    if x:\n"
        '        raise RuleInputError("x", "bad")\n'
        "    err = RuleInputError('x', 'made, not raised')\n"
        "    raise err\n"
    )
    assert _raises(ast.parse(source), "RuleInputError") == 1


# ---- the tests mirror src/

#: Test folders that are not a layer: whole-library checks and tests as data.
_NOT_LAYERS = {"cases", "contract", "snapshots", "properties", "fuzz"}


def test_the_test_folders_are_the_layers_of_src() -> None:
    tests = PROJECT / "tests"
    folders = {p.name for p in tests.iterdir() if p.is_dir() and p.name != "__pycache__"}
    layers = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert sorted(folders - layers - _NOT_LAYERS) == []

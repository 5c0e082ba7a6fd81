"""A pytest plugin that runs policy case files (政策测试用例) as tests — when a project asks.

Installed with the package (entry point ``pytest11``), it is **opt-in**: it collects nothing
until the project names its case files with the ini option ``keyaccount_cases`` (``pathlib``
patterns, matched from the right), or a TOML file starts with the marker line
``# keyaccount-rules: cases``. A service with its own ``tests/cases/config.toml`` is never
touched.

.. code-block:: toml

    [tool.pytest.ini_options]
    keyaccount_cases = ["tests/cases/*.toml"]

Each ``[[case]]`` of a collected file runs as one test item. A failing case is reported as
the case name, each expected value against the one the library gave, and the result's
explanation. Without installing the package, load the plugin with
``pytest -p keyaccount_rules.verification.pytest_plugin``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from keyaccount_rules.verification.cases import (
    Case,
    CaseFileError,
    CaseResult,
    format_result,
    load_case_file,
    run_case,
)

__all__ = ["CaseFile", "CaseItem", "pytest_addoption", "pytest_collect_file"]

_INI = "keyaccount_cases"
#: No pattern by default: the plugin collects only what a project enables.
DEFAULT_PATTERNS: tuple[str, ...] = ()
#: A first line that makes a TOML file a case file without any ini option.
MARKER = "# keyaccount-rules: cases"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``keyaccount_cases`` ini option (patterns of case files)."""
    parser.addini(
        _INI,
        type="linelist",
        default=list(DEFAULT_PATTERNS),
        help="patterns of keyaccount_rules case files, e.g. tests/cases/*.toml "
        f"(default: none; or start a file with {MARKER!r})",
    )


def _marked(file_path: Path) -> bool:
    try:
        with file_path.open(encoding="utf-8", errors="replace") as handle:
            return handle.readline(200).strip() == MARKER
    except OSError:
        return False


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> CaseFile | None:
    """Collect a ``.toml`` file the project enabled: by a pattern or by the marker line."""
    if file_path.suffix != ".toml":
        return None
    patterns = parent.config.getini(_INI)
    if not any(file_path.match(pattern) for pattern in patterns) and not _marked(file_path):
        return None
    file: CaseFile = CaseFile.from_parent(parent, path=file_path)
    return file


class CaseFailedError(Exception):
    """Raised by a case item whose result differs from what the case expects."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.case.name)
        self.result = result


class CaseFile(pytest.File):
    """A case file: one test item per ``[[case]]``."""

    def collect(self) -> Iterator[CaseItem]:
        try:
            cases = load_case_file(self.path)
        except CaseFileError as err:
            raise self.CollectError(str(err)) from err
        seen: dict[str, int] = {}
        for case in cases:
            seen[case.name] = seen.get(case.name, 0) + 1
            name = case.name if seen[case.name] == 1 else f"{case.name} ({seen[case.name]})"
            yield CaseItem.from_parent(self, name=name, case=case)


class CaseItem(pytest.Item):
    """One policy case run as a test."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        result = run_case(self.case)
        if result.skipped:
            pytest.skip(result.skipped)
        if not result.passed:
            raise CaseFailedError(result)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        if isinstance(excinfo.value, CaseFailedError):
            return f"{self.case.file}, case {self.case.number}\n" + format_result(
                excinfo.value.result
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"case {self.case.number}: {self.case.name}"

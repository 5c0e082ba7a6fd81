"""A pytest plugin that runs policy case files (政策测试用例) as tests.

Installed with the package (entry point ``pytest11``), it collects every ``*.toml`` file in a
directory named ``cases`` — ``tests/cases/grading.toml`` — and runs each ``[[case]]`` as one
test item; other TOML files (``pyproject.toml``, policy files) are never touched. Change the
pattern with the ini option ``keyaccount_cases`` (``pathlib`` patterns, matched from the right):

.. code-block:: toml

    [tool.pytest.ini_options]
    keyaccount_cases = ["policy-cases/*.toml", "cases/*.toml"]

A failing case is reported as the case name, each expected value against the one the library
gave, and the result's explanation. Without installing the package, load the plugin with
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
DEFAULT_PATTERNS = ("cases/*.toml",)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``keyaccount_cases`` ini option (patterns of case files)."""
    parser.addini(
        _INI,
        type="linelist",
        default=list(DEFAULT_PATTERNS),
        help="patterns of keyaccount_rules case files (default: cases/*.toml)",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> CaseFile | None:
    """Collect a ``.toml`` file that matches one of the case-file patterns."""
    if file_path.suffix != ".toml":
        return None
    patterns = parent.config.getini(_INI) or list(DEFAULT_PATTERNS)
    if not any(file_path.match(pattern) for pattern in patterns):
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

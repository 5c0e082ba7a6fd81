"""Optional dependencies (可选依赖), imported only when a caller asks for what needs them.

The core needs only pydantic and python-dateutil; pandas, numpy and pyarrow come with
extras. Each loader names the extra to install when its package is missing.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["array_library", "load_numpy", "load_pandas"]


def _load(module: str, why: str, extra: str) -> Any:
    """Import an optional package on demand; a clear message names the extra when missing."""
    try:
        return importlib.import_module(module)  # optional: imported only when asked for
    except ImportError as err:
        raise ImportError(f"{why}: pip install 'keyaccount-rules[{extra}]'") from err


def load_pandas() -> Any:
    """pandas, for ``to_dataframe()`` (the ``pandas`` extra)."""
    return _load("pandas", "to_dataframe() needs pandas", "pandas")


def load_numpy() -> Any:
    """numpy, for array columns (the ``numpy`` extra)."""
    return _load("numpy", "array columns need numpy", "numpy")


def array_library(value: object) -> str | None:
    """``"numpy"``, ``"pandas"`` or ``"pyarrow"`` when ``value`` is a column of that library.

    Recognised by the module of its type, so nothing is imported to ask: a caller who never
    installed numpy never pays for it.
    """
    root = type(value).__module__.partition(".")[0]
    if root in {"numpy", "pandas", "pyarrow"} and getattr(value, "ndim", 1) == 1:
        return root if hasattr(value, "__len__") else None
    return None

"""Optional dependencies (可选依赖), imported only when a caller asks for what needs them.

The core needs only pydantic and python-dateutil; pandas, numpy, pyarrow and openpyxl come
with extras. Each loader names the extra to install when its package is missing.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["array_library", "load_numpy", "load_openpyxl", "load_pandas"]


def load_pandas() -> Any:
    """Import pandas on demand; a clear message names the extra to install when it is missing."""
    try:
        pandas = importlib.import_module("pandas")  # optional: imported only when asked for
    except ImportError as err:
        raise ImportError(
            "to_dataframe() needs pandas: pip install 'keyaccount-rules[pandas]'"
        ) from err
    return pandas


def load_openpyxl() -> Any:
    """Import openpyxl on demand (reading ``.xlsx`` portfolios); names the extra when missing."""
    try:
        openpyxl = importlib.import_module("openpyxl")  # optional: imported only when asked for
    except ImportError as err:
        raise ImportError(
            "reading .xlsx files needs openpyxl: pip install 'keyaccount-rules[xlsx]'"
        ) from err
    return openpyxl


def load_numpy() -> Any:
    """Import numpy on demand (array columns); names the extra to install when it is missing."""
    try:
        numpy = importlib.import_module("numpy")  # optional: imported only when asked for
    except ImportError as err:
        raise ImportError(
            "array columns need numpy: pip install 'keyaccount-rules[numpy]'"
        ) from err
    return numpy


def array_library(value: object) -> str | None:
    """``"numpy"``, ``"pandas"`` or ``"pyarrow"`` when ``value`` is a column of that library.

    Recognised by the module of its type, so nothing is imported to ask: a caller who never
    installed numpy never pays for it.
    """
    root = type(value).__module__.partition(".")[0]
    if root in {"numpy", "pandas", "pyarrow"} and getattr(value, "ndim", 1) == 1:
        return root if hasattr(value, "__len__") else None
    return None

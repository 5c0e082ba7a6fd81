"""Optional dependencies (可选依赖), imported only when a caller asks for what needs them.

The core needs only pydantic and python-dateutil; pandas (and, later, numpy or openpyxl) come
with extras. Each loader names the extra to install when its package is missing.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["load_openpyxl", "load_pandas"]


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

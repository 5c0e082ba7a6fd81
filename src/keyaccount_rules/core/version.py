"""The library's version (版本): one home, below everything that reports it.

The package's ``__version__``, the command line's ``--version`` and audit records read it
from here, so no module needs the whole package at run time to learn it. ``pyproject.toml``
states the same number (a test keeps them equal).
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.3.0"

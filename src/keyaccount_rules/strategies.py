"""Hypothesis strategies for the library's records (``import keyaccount_rules.strategies``).

They live in :mod:`keyaccount_rules.verification.strategies`; this module re-exports them.
"""

from keyaccount_rules.verification.strategies import *  # noqa: F403
from keyaccount_rules.verification.strategies import __all__ as __all__

"""Policy of core accounts by Pareto (大客户划分标准, PARETO-1): the share the core covers.

The number lives in ``policy/editions/*.toml`` under ``[pareto]``; ``rules/pareto.py`` applies it.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.policy.base import PolicyDecimal, Section

__all__ = ["ParetoPolicy"]


class ParetoPolicy(Section):
    """大客户划分标准 (PARETO-1): the share of each line's volume the core accounts cover."""

    share: PolicyDecimal = Field(gt=0, le=1)

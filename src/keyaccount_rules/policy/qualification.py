"""Policy of qualification (大客户界定, QUAL-1..5): the comprehensive and per-line thresholds.

The numbers live in ``policy/editions/*.toml`` under ``[qualification.*]``;
``rules/qualification.py`` applies them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.money import Yuan
from keyaccount_rules.core.vocabulary import BusinessLine
from keyaccount_rules.policy.base import PolicyProblem, Section

__all__ = ["LineThreshold", "QualificationPolicy"]


class LineThreshold(Section):
    """QUAL-2/QUAL-3: a previous-year and a current-month amount that must both be reached."""

    last_year: Yuan
    current_month: Yuan


class QualificationPolicy(BaseModel):
    """大客户界定 (QUAL-1..5): the comprehensive and per-line thresholds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    comprehensive: LineThreshold
    lines: FrozenMap[BusinessLine, LineThreshold]

    def problems(self, path: str) -> list[PolicyProblem]:
        return [
            PolicyProblem(f"{path}.lines.{line.value}", "missing threshold", "QUAL-3")
            for line in BusinessLine
            if line not in self.lines
        ]

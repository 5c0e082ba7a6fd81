"""Building blocks of the policy model: frozen sections that carry their rule ID and source."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PolicyProblem", "Section"]


class PolicyProblem(NamedTuple):
    """One inconsistency of a policy: the dotted path of the field, what is wrong, the rule."""

    path: str
    problem: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem} [{self.rule}]"


class Section(BaseModel):
    """A part of the policy: its numbers, the rulebook ID they implement and their source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(pattern=r"^[A-Z]+-\d+$", description="Rulebook ID the numbers implement.")
    source: str = Field(min_length=1, description="Source clause (document and section).")

    def problems(self, path: str) -> list[PolicyProblem]:
        """Consistency problems of this section; ``path`` is its dotted location."""
        return []

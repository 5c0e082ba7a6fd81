"""Policy of reporting (REPORT-5, FLUX-1, FILE-1): swings to analyse, filing, key customers.

The numbers live in ``policy/editions/*.toml`` under ``[schedules.fluctuation]``,
``[schedules.filing]`` and ``[schedules.key_customers]``; ``rules/reporting.py`` applies them.
"""

from __future__ import annotations

from pydantic import Field

from keyaccount_rules.core.frozen import SortedSet
from keyaccount_rules.core.money import Yuan
from keyaccount_rules.core.vocabulary import Tier
from keyaccount_rules.policy.base import PolicyDecimal, PolicyInt, Section

__all__ = ["FilingPolicy", "FluctuationPolicy", "KeyCustomerPolicy", "ResearchPolicy"]


class FluctuationPolicy(Section):
    """FLUX-1: a month-on-month change above ``more_than`` must be analysed."""

    more_than: PolicyDecimal = Field(
        gt=0, description="Relative change that is exceeded (0.3 = 30%)."
    )
    flag_from_zero: bool = Field(
        strict=True, description="Whether 0 → positive volume must be analysed."
    )
    due_with: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9-]+$",
        description="The monthly calendar duty (its key) whose report carries the analysis: "
        "due on that duty's day; none: at the month's end.",
    )


class FilingPolicy(Section):
    """FILE-1: filing with the provincial market department (报省局市场部备案).

    Only customers of ``tiers`` are considered (the clause sits under 黄金客户, 002 (五)2(2)),
    and the top ``top`` is taken among them.
    """

    tiers: SortedSet[Tier] = Field(
        min_length=1, description="Tiers whose customers are filed (FILE-1: gold)."
    )
    monthly_average_at_least: Yuan
    top: PolicyInt = Field(ge=0, description="Top N by monthly average spend, ties included.")


class KeyCustomerPolicy(Section):
    """REPORT-5: the key customers of the detailed revenue table (重点大客户)."""

    min_tier: Tier
    top: PolicyInt = Field(ge=0, description="Top N by revenue, ties included.")


class ResearchPolicy(Section):
    """002's industry research steps ((三)6, G-21): how many days each timed step may take.

    Step 1 (the industry survey and a directional suggestion, 「在一周内」) is due
    ``survey_days`` after the research on an industry starts; step 2 (the ranking table of
    the local firms, 「同样在一周内」) ``ranking_days`` after step 1 is done.
    """

    who: str = Field(min_length=1, description="Who does the steps (English).")
    who_zh: str = Field(min_length=1, description="Who does the steps (Chinese).")
    survey_days: PolicyInt = Field(ge=1, description="Days from the start to step 1's end.")
    ranking_days: PolicyInt = Field(ge=1, description="Days from step 1 done to step 2's end.")

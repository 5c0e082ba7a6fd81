"""Transitional: the customer sections now live in one module per rule family.

Import from :mod:`keyaccount_rules.policy` (or ``policy.qualification``, ``policy.customer_id``,
``policy.grading``, ``policy.responsibility``, ``policy.visits``). This module only re-exports
them for code not yet moved, and goes once nothing imports it.
"""

from keyaccount_rules.policy.customer_id import CustomerIdPolicy
from keyaccount_rules.policy.grading import (
    GradingPolicy,
    PointBand,
    RevenueBands,
    ShareBands,
    TierCutoffs,
    Weights,
)
from keyaccount_rules.policy.qualification import LineThreshold, QualificationPolicy
from keyaccount_rules.policy.responsibility import ResponsibilityPolicy
from keyaccount_rules.policy.visits import LeadershipVisits, VisitPolicy

__all__ = [
    "CustomerIdPolicy",
    "GradingPolicy",
    "LeadershipVisits",
    "LineThreshold",
    "PointBand",
    "QualificationPolicy",
    "ResponsibilityPolicy",
    "RevenueBands",
    "ShareBands",
    "TierCutoffs",
    "VisitPolicy",
    "Weights",
]

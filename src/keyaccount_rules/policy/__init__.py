"""The key-account policy as data: the ``Policy`` model, its loader and consistency checks.

One module per rule family holds that family's sections (``grading``, ``qualification``,
``visits``, …, named after ``rules/``); ``model`` assembles them into the ``Policy`` and loads
it. Every section class is importable from here.
"""

from keyaccount_rules.policy.appraisal import AppraisalPolicy, AppraisalWeight
from keyaccount_rules.policy.archives import ArchivePolicy
from keyaccount_rules.policy.base import PolicyDecimal, PolicyInt, PolicyProblem, Section
from keyaccount_rules.policy.calendar import CalendarPolicy, DutyPolicy
from keyaccount_rules.policy.compensation import (
    FieldAllowance,
    MarketingReward,
    PayPolicy,
    PerformancePay,
)
from keyaccount_rules.policy.customer_id import CustomerIdPolicy
from keyaccount_rules.policy.development import (
    DevelopmentLeads,
    DevelopmentPolicy,
    MultiLevelDevelopment,
    Registration,
    RoleSystem,
)
from keyaccount_rules.policy.grading import (
    GradingPolicy,
    PointBand,
    RevenueBands,
    ShareBands,
    TierCutoffs,
    Weights,
)
from keyaccount_rules.policy.levels import (
    LevelArchives,
    LevelContacts,
    LevelPolicy,
    LevelSelection,
    LevelVisits,
)
from keyaccount_rules.policy.marketing_log import MarketingLogPolicy
from keyaccount_rules.policy.model import (
    EDITIONS,
    MissingSectionError,
    Policy,
    SchedulePolicy,
    check_policy,
    default_policy,
    edition,
    edition_data,
    editions,
    load_policy,
    load_policy_data,
    parse_policy,
    read_policy_data,
    require,
    resolve_policy,
    resolve_policy_data,
)
from keyaccount_rules.policy.organisation import CentreNorms, OrganisationPolicy, StaffingNorm
from keyaccount_rules.policy.pareto import ParetoPolicy
from keyaccount_rules.policy.periods import PeriodPolicy
from keyaccount_rules.policy.qualification import LineThreshold, QualificationPolicy
from keyaccount_rules.policy.reporting import (
    FilingPolicy,
    FluctuationPolicy,
    KeyCustomerPolicy,
    ResearchPolicy,
)
from keyaccount_rules.policy.responsibility import ResponsibilityPolicy
from keyaccount_rules.policy.visits import (
    ContactCounting,
    GreetingPolicy,
    LeadershipVisits,
    VisitPolicy,
    VisitRecordPolicy,
)

__all__ = [
    "EDITIONS",
    "AppraisalPolicy",
    "AppraisalWeight",
    "ArchivePolicy",
    "CalendarPolicy",
    "CentreNorms",
    "ContactCounting",
    "CustomerIdPolicy",
    "DevelopmentLeads",
    "DevelopmentPolicy",
    "DutyPolicy",
    "FieldAllowance",
    "FilingPolicy",
    "FluctuationPolicy",
    "GradingPolicy",
    "GreetingPolicy",
    "KeyCustomerPolicy",
    "LeadershipVisits",
    "LevelArchives",
    "LevelContacts",
    "LevelPolicy",
    "LevelSelection",
    "LevelVisits",
    "LineThreshold",
    "MarketingLogPolicy",
    "MarketingReward",
    "MultiLevelDevelopment",
    "OrganisationPolicy",
    "ParetoPolicy",
    "PayPolicy",
    "PerformancePay",
    "PeriodPolicy",
    "PointBand",
    "Policy",
    "PolicyDecimal",
    "PolicyInt",
    "PolicyProblem",
    "QualificationPolicy",
    "Registration",
    "ResearchPolicy",
    "ResponsibilityPolicy",
    "RevenueBands",
    "RoleSystem",
    "SchedulePolicy",
    "MissingSectionError",
    "Section",
    "ShareBands",
    "StaffingNorm",
    "TierCutoffs",
    "VisitPolicy",
    "VisitRecordPolicy",
    "Weights",
    "check_policy",
    "default_policy",
    "edition",
    "edition_data",
    "editions",
    "load_policy",
    "load_policy_data",
    "parse_policy",
    "read_policy_data",
    "require",
    "resolve_policy",
    "resolve_policy_data",
]

"""keyaccount_rules: China Post key-account (大客户) management policy as exact, explained rules.

>>> import keyaccount_rules as kr
>>> kr.Tier.DIAMOND.zh
'钻石'
"""

from keyaccount_rules.errors import CustomerIdError, KeyAccountError, PolicyError, RuleInputError
from keyaccount_rules.explanation import Explanation, Step
from keyaccount_rules.money import Yuan
from keyaccount_rules.policy import Policy, PolicyProblem, check_policy, default_policy, load_policy
from keyaccount_rules.rules.appraisal import Appraisal, ItemScore, appraise_manager
from keyaccount_rules.rules.compensation import (
    Collection,
    CollectionAward,
    ManagerPayslip,
    PayrollEntry,
    PayRun,
    Payslip,
    PayTotals,
    monthly_pay,
    pay_run,
)
from keyaccount_rules.rules.development import (
    DevelopmentLead,
    RoleAssignment,
    ServiceChoice,
    ServiceOption,
    ab_roles,
    development_lead,
    steer_service,
)
from keyaccount_rules.rules.organisation import StaffingCheck, StaffingFinding, staffing_check
from keyaccount_rules.rules.ownership import (
    Claim,
    ClaimRuling,
    LocalityRuling,
    MarketingPermission,
    RevenueAttribution,
    ServedRevenue,
    attribute_revenue,
    locality_owner,
    may_market,
    settle_claims,
)
from keyaccount_rules.rules.pareto import CoreAccounts, LineCut, core_accounts, pareto_selection
from keyaccount_rules.vocabulary import (
    AppraisalGroup,
    AppraisalItem,
    BusinessLine,
    Centre,
    Criterion,
    Leadership,
    PayIndicator,
    Post,
    Scope,
    Stage,
    Tier,
    Unit,
)

__version__ = "0.1.0"

__all__ = [
    # vocabulary (RULEBOOK §1)
    "BusinessLine",
    "Criterion",
    "Leadership",
    "Scope",
    "Tier",
    "Unit",
    # money and explanations
    "Explanation",
    "Step",
    "Yuan",
    # policy as data
    "Policy",
    "PolicyProblem",
    "check_policy",
    "default_policy",
    "load_policy",
    # errors
    "CustomerIdError",
    "KeyAccountError",
    "PolicyError",
    "RuleInputError",
    # people and ownership (RULEBOOK §10–§14)
    "AppraisalGroup",
    "AppraisalItem",
    "Centre",
    "PayIndicator",
    "Post",
    "Stage",
    "Collection",
    "CollectionAward",
    "ManagerPayslip",
    "PayRun",
    "PayTotals",
    "PayrollEntry",
    "Payslip",
    "monthly_pay",
    "pay_run",
    "Appraisal",
    "ItemScore",
    "appraise_manager",
    "CoreAccounts",
    "LineCut",
    "core_accounts",
    "pareto_selection",
    "Claim",
    "ClaimRuling",
    "DevelopmentLead",
    "LocalityRuling",
    "MarketingPermission",
    "RevenueAttribution",
    "RoleAssignment",
    "ServedRevenue",
    "ServiceChoice",
    "ServiceOption",
    "ab_roles",
    "attribute_revenue",
    "development_lead",
    "locality_owner",
    "may_market",
    "settle_claims",
    "steer_service",
    "StaffingCheck",
    "StaffingFinding",
    "staffing_check",
]

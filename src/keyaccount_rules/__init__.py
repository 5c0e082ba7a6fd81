"""keyaccount_rules: China Post key-account (大客户) management policy as exact, explained rules.

>>> import datetime
>>> import keyaccount_rules as kr
>>> customer = kr.Customer(name="汕头某公司", last_year_revenue={"express": 1_200_000},
...                        current_month_revenue={"express": 110_000})
>>> result = kr.evaluate(customer, bureau_annual_revenue=1_000_000_000,
...                      as_of=datetime.date(2026, 11, 23))
>>> result.tier, result.unit
(<Tier.GOLD: 'gold'>, <Unit.CITY_CENTER: 'city_center'>)
"""

from keyaccount_rules.core.errors import (
    CustomerIdError,
    KeyAccountError,
    PolicyError,
    PortfolioError,
    RowError,
    RuleInputError,
)
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.money import Yuan
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import (
    AppraisalGroup,
    AppraisalItem,
    BusinessLine,
    Cadence,
    Centre,
    ContactKind,
    Criterion,
    Leadership,
    Level,
    LogStage,
    PayIndicator,
    Post,
    Scope,
    Stage,
    Tier,
    Unit,
)
from keyaccount_rules.engine.columns import GradeTable, grade_many
from keyaccount_rules.engine.comparison import (
    Comparison,
    CustomerChange,
    ParameterChange,
    compare,
)
from keyaccount_rules.engine.customer import Evaluation, Evaluator, Outcome, evaluate
from keyaccount_rules.io.activity import read_activity, read_revenue
from keyaccount_rules.io.frames import to_dataframe, to_rows
from keyaccount_rules.io.ics import to_ics
from keyaccount_rules.io.portfolio import (
    PortfolioRow,
    evaluate_portfolio,
    read_portfolio,
    read_rows,
)
from keyaccount_rules.io.stream import write_agenda
from keyaccount_rules.month.agenda import Agenda, AgendaItem, agenda, iter_agenda
from keyaccount_rules.month.report import MonthlyReport, monthly_report
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.policy import (
    MissingSectionError,
    Policy,
    PolicyProblem,
    check_policy,
    default_policy,
    edition,
    editions,
    load_policy,
)
from keyaccount_rules.policy.diff import PolicyChange, diff_policies
from keyaccount_rules.policy.history import PolicyHistory
from keyaccount_rules.records.activity import Contact, Event, Kind, RevenueRow
from keyaccount_rules.records.customer import Collection, Customer
from keyaccount_rules.records.customer_id import CustomerId
from keyaccount_rules.rules.appraisal import Appraisal, ItemScore, appraise_manager
from keyaccount_rules.rules.archives import (
    ArchiveStatus,
    archive_status,
    archive_status_with_history,
)
from keyaccount_rules.rules.calendar import (
    BusinessCalendar,
    Duty,
    WorkCalendar,
    month_calendar,
    work_calendar,
    year_calendar,
)
from keyaccount_rules.rules.compensation import (
    CollectionAward,
    ManagerPayslip,
    PayrollEntry,
    PayRun,
    Payslip,
    PayTotals,
    monthly_pay,
    pay_run,
)
from keyaccount_rules.rules.customer_id import next_branch_id, next_customer_id
from keyaccount_rules.rules.development import (
    DevelopmentLead,
    RoleAssignment,
    ServiceChoice,
    ServiceOption,
    ab_roles,
    development_lead,
    steer_service,
)
from keyaccount_rules.rules.grading import Grading, grade
from keyaccount_rules.rules.levels import (
    LevelDuties,
    LevelDuty,
    LevelPlan,
    classify_levels,
    level_duties,
    level_plan,
)
from keyaccount_rules.rules.marketing_log import (
    LogCheck,
    LogEntry,
    LogProblem,
    check_marketing_log,
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
from keyaccount_rules.rules.qualification import Qualification, newspaper_monthly_revenue, qualify
from keyaccount_rules.rules.reporting import (
    FilingList,
    Fluctuation,
    KeyCustomerList,
    fluctuation,
    key_customers,
    provincial_filing,
    provincial_filing_list,
)
from keyaccount_rules.rules.responsibility import Assignment, responsible_unit
from keyaccount_rules.rules.visits import (
    VisitCompliance,
    VisitRequirement,
    VisitYear,
    visit_compliance,
    visit_requirement,
    visit_year,
)
from keyaccount_rules.verification.audit import AuditRecord, Reproduction, audit, reproduce

__version__ = "0.2.0"

__all__ = [
    # vocabulary (RULEBOOK §1)
    "BusinessLine",
    "Criterion",
    "Leadership",
    "Level",
    "Scope",
    "Tier",
    "Unit",
    # money, records and explanations
    "Customer",
    "CustomerId",
    "Explanation",
    "Result",
    "Step",
    "Yuan",
    # policy as data
    "Policy",
    "PolicyProblem",
    "check_policy",
    "default_policy",
    "edition",
    "editions",
    "load_policy",
    # customer rules (RULEBOOK §2-§5, §7)
    "Assignment",
    "Grading",
    "Qualification",
    "VisitRequirement",
    "grade",
    "newspaper_monthly_revenue",
    "next_branch_id",
    "next_customer_id",
    "qualify",
    "responsible_unit",
    "visit_requirement",
    # one customer in full
    "Evaluation",
    "evaluate",
    # portfolios
    "PortfolioError",
    "RowError",
    "evaluate_portfolio",
    "read_portfolio",
    # errors
    "CustomerIdError",
    "KeyAccountError",
    "PolicyError",
    "MissingSectionError",
    "RuleInputError",
    # schedules and duties (RULEBOOK §6–§9, §15)
    "Cadence",
    "ContactKind",
    "LogStage",
    "ArchiveStatus",
    "archive_status",
    "archive_status_with_history",
    "Contact",
    "VisitCompliance",
    "VisitYear",
    "visit_compliance",
    "visit_year",
    "FilingList",
    "Fluctuation",
    "KeyCustomerList",
    "fluctuation",
    "key_customers",
    "provincial_filing",
    "provincial_filing_list",
    "BusinessCalendar",
    "Duty",
    "WorkCalendar",
    "month_calendar",
    "to_ics",
    "work_calendar",
    "year_calendar",
    "LogCheck",
    "LogEntry",
    "LogProblem",
    "check_marketing_log",
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
    "classify_levels",
    "level_plan",
    "level_duties",
    "LevelPlan",
    "LevelDuties",
    "LevelDuty",
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
    # portfolios at speed: columnar grading, comparison of policies
    "Comparison",
    "CustomerChange",
    "GradeTable",
    "PolicyChange",
    "compare",
    "diff_policies",
    "grade_many",
    "to_dataframe",
    "to_rows",
    # verification: policy history and audit records
    "AuditRecord",
    "PolicyHistory",
    "Reproduction",
    "audit",
    "reproduce",
    # the monthly cycle: activity and revenue files, agenda, monthly report
    "Agenda",
    "AgendaItem",
    "Event",
    "Kind",
    "Month",
    "MonthlyReport",
    "RevenueRow",
    "RevenueSeries",
    "agenda",
    "iter_agenda",
    "monthly_report",
    "read_activity",
    "read_revenue",
    "write_agenda",
    # more of the portfolios, one customer and comparisons
    "Evaluator",
    "Outcome",
    "ParameterChange",
    "PortfolioRow",
    "read_rows",
]

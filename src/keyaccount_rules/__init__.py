"""keyaccount_rules: China Post key-account (大客户) management policy as exact, explained rules.

``__all__`` is the public face, grouped by task: records and vocabulary, policy, one customer,
many customers, the month, rule functions, errors (docs/api.md lists each name with its
signature, in the same groups). What the functions return is named in
:mod:`keyaccount_rules.results`, for annotations. A few more names stay importable from the
package without being part of the face: the variants of a face name, the vocabulary and input
records of single rule families (docs/api.md, "Also importable").

>>> import datetime
>>> import keyaccount_rules as kr
>>> customer = kr.Customer(name="汕头某公司", last_year_revenue={"express": 1_200_000},
...                        current_month_revenue={"express": 110_000})
>>> result = kr.evaluate(customer, bureau_annual_revenue=1_000_000_000,
...                      as_of=datetime.date(2026, 11, 23))
>>> result.tier, result.unit
(<Tier.GOLD: 'gold'>, <Unit.CITY_CENTER: 'city_center'>)
"""

# The face: the names of __all__, module by module.
from keyaccount_rules.core.errors import (
    CustomerIdError,
    KeyAccountError,
    PolicyError,
    PortfolioError,
    RowError,
    RuleInputError,
)
from keyaccount_rules.core.version import __version__ as __version__
from keyaccount_rules.core.vocabulary import BusinessLine, Criterion, Level, Scope, Tier, Unit
from keyaccount_rules.engine.columns import grade_many
from keyaccount_rules.engine.comparison import compare
from keyaccount_rules.engine.customer import (
    CustomerDecision as CustomerDecision,
)
from keyaccount_rules.engine.customer import Evaluator, evaluate
from keyaccount_rules.engine.customer import decide_customer as decide_customer
from keyaccount_rules.io.activity import read_activity, read_revenue
from keyaccount_rules.io.frames import to_dataframe
from keyaccount_rules.io.portfolio import evaluate_portfolio, read_portfolio, read_rows
from keyaccount_rules.io.stream import write_agenda
from keyaccount_rules.month.agenda import agenda, iter_agenda
from keyaccount_rules.month.report import monthly_report
from keyaccount_rules.policy import (
    MissingSectionError,
    Policy,
    default_policy,
    edition,
    editions,
    load_policy,
)
from keyaccount_rules.policy.diff import diff_policies
from keyaccount_rules.policy.history import PolicyHistory
from keyaccount_rules.records.customer import Collection, Customer
from keyaccount_rules.records.customer_id import CustomerId
from keyaccount_rules.records.facts import Facts
from keyaccount_rules.rules.appraisal import appraise_manager
from keyaccount_rules.rules.archives import archive_status
from keyaccount_rules.rules.calendar import work_calendar
from keyaccount_rules.rules.compensation import monthly_pay, pay_run
from keyaccount_rules.rules.customer_id import next_branch_id, next_customer_id
from keyaccount_rules.rules.development import ab_roles, development_lead, steer_service
from keyaccount_rules.rules.duties import AccountMonth as AccountMonth
from keyaccount_rules.rules.duties import month_duties as month_duties
from keyaccount_rules.rules.grading import grade
from keyaccount_rules.rules.levels import classify_levels, level_duties, level_plan
from keyaccount_rules.rules.marketing_log import check_marketing_log
from keyaccount_rules.rules.organisation import staffing_check
from keyaccount_rules.rules.ownership import (
    attribute_revenue,
    locality_owner,
    may_market,
    settle_claims,
)
from keyaccount_rules.rules.pareto import core_accounts
from keyaccount_rules.rules.qualification import newspaper_monthly_revenue, qualify
from keyaccount_rules.rules.reporting import fluctuation, key_customers, provincial_filing
from keyaccount_rules.rules.responsibility import responsible_unit
from keyaccount_rules.rules.visits import visit_compliance, visit_requirement, visit_year
from keyaccount_rules.verification.audit import audit, reproduce

# Also importable, outside the face (docs/api.md, "Also importable"): the vocabulary and input
# records of single rule families, and the variants of a face name. "X as X" re-exports a name
# that __all__ does not list (mypy --strict); isort would split each into its own statement.
# isort: off
from keyaccount_rules.core.money import Yuan as Yuan
from keyaccount_rules.core.periods import Month as Month
from keyaccount_rules.core.vocabulary import (
    AppraisalGroup as AppraisalGroup,
    AppraisalItem as AppraisalItem,
    Cadence as Cadence,
    Centre as Centre,
    ContactKind as ContactKind,
    Leadership as Leadership,
    LogStage as LogStage,
    PayIndicator as PayIndicator,
    Post as Post,
    Stage as Stage,
)
from keyaccount_rules.io.frames import to_rows as to_rows
from keyaccount_rules.io.ics import to_ics as to_ics
from keyaccount_rules.month.series import RevenueSeries as RevenueSeries
from keyaccount_rules.policy import check_policy as check_policy
from keyaccount_rules.records.activity import (
    Contact as Contact,
    Event as Event,
    Kind as Kind,
    RevenueRow as RevenueRow,
)
from keyaccount_rules.rules.archives import (
    archive_status_with_history as archive_status_with_history,
)
from keyaccount_rules.rules.calendar import (
    BusinessCalendar as BusinessCalendar,
    month_calendar as month_calendar,
    year_calendar as year_calendar,
)
from keyaccount_rules.rules.compensation import PayrollEntry as PayrollEntry
from keyaccount_rules.rules.development import ServiceOption as ServiceOption
from keyaccount_rules.rules.marketing_log import LogEntry as LogEntry
from keyaccount_rules.rules.ownership import Claim as Claim, ServedRevenue as ServedRevenue
from keyaccount_rules.month.level_history import level_history as level_history
from keyaccount_rules.rules.pareto import pareto_selection as pareto_selection
from keyaccount_rules.rules.reporting import provincial_filing_list as provincial_filing_list
from keyaccount_rules.engine.what_it_takes import what_it_takes as what_it_takes

# Every result type, from keyaccount_rules.results (annotate with that module's names).
from keyaccount_rules.results import (
    AccountFigure as AccountFigure,
    Agenda as Agenda,
    AgendaItem as AgendaItem,
    Appraisal as Appraisal,
    ArchiveStatus as ArchiveStatus,
    Assignment as Assignment,
    AuditRecord as AuditRecord,
    ClaimRuling as ClaimRuling,
    CollectionAward as CollectionAward,
    Comparison as Comparison,
    CoreAccounts as CoreAccounts,
    CustomerChange as CustomerChange,
    DetailRow as DetailRow,
    DevelopmentLead as DevelopmentLead,
    Duty as Duty,
    Evaluation as Evaluation,
    Explanation as Explanation,
    FilingList as FilingList,
    FilingRow as FilingRow,
    Fluctuation as Fluctuation,
    FluxRow as FluxRow,
    GradeTable as GradeTable,
    Grading as Grading,
    ItemScore as ItemScore,
    KeyCustomerList as KeyCustomerList,
    LevelDuties as LevelDuties,
    LevelDuty as LevelDuty,
    LevelHistory as LevelHistory,
    LevelSince as LevelSince,
    LevelPlan as LevelPlan,
    LineCut as LineCut,
    LocalityRuling as LocalityRuling,
    LogCheck as LogCheck,
    LogProblem as LogProblem,
    ManagerPayslip as ManagerPayslip,
    MarketingPermission as MarketingPermission,
    MonthDuties as MonthDuties,
    MonthDuty as MonthDuty,
    MonthlyReport as MonthlyReport,
    Movement as Movement,
    MovementSet as MovementSet,
    Needed as Needed,
    Outcome as Outcome,
    ParameterChange as ParameterChange,
    PayRun as PayRun,
    Payslip as Payslip,
    PayTotals as PayTotals,
    PolicyChange as PolicyChange,
    PolicyProblem as PolicyProblem,
    PortfolioRow as PortfolioRow,
    Problem as Problem,
    Qualification as Qualification,
    Reproduction as Reproduction,
    Result as Result,
    RevenueAttribution as RevenueAttribution,
    RevenueFigure as RevenueFigure,
    RoleAssignment as RoleAssignment,
    SelectionPeriod as SelectionPeriod,
    ServiceChoice as ServiceChoice,
    StaffingCheck as StaffingCheck,
    StaffingFinding as StaffingFinding,
    Step as Step,
    TrendPoint as TrendPoint,
    VisitCompliance as VisitCompliance,
    VisitRequirement as VisitRequirement,
    VisitYear as VisitYear,
    WhatItTakes as WhatItTakes,
    WorkCalendar as WorkCalendar,
)
# isort: on


__all__ = [
    # records and vocabulary: what a caller writes down, and the words of the answers
    "BusinessLine",
    "Criterion",
    "Level",
    "Scope",
    "Tier",
    "Unit",
    "Customer",
    "CustomerId",
    "Collection",
    # policy: the rules as data, an edition or a bureau's file, the one in force on a date
    "Policy",
    "PolicyHistory",
    "default_policy",
    "edition",
    "editions",
    "load_policy",
    "diff_policies",
    # one customer: every rule at once, and a decision recorded to be reproduced later
    "Facts",
    "evaluate",
    "audit",
    "reproduce",
    # many customers: portfolios read, decided, graded as columns and compared
    "read_portfolio",
    "read_rows",
    "evaluate_portfolio",
    "Evaluator",
    "grade_many",
    "compare",
    "to_dataframe",
    # the month: a department's duties and report from its own activity and revenue files
    "read_activity",
    "read_revenue",
    "agenda",
    "iter_agenda",
    "write_agenda",
    "monthly_report",
    # rule functions: one verb per rule family, in the rulebook's order
    "qualify",
    "newspaper_monthly_revenue",
    "next_customer_id",
    "next_branch_id",
    "grade",
    "responsible_unit",
    "archive_status",
    "visit_requirement",
    "visit_compliance",
    "visit_year",
    "fluctuation",
    "provincial_filing",
    "key_customers",
    "check_marketing_log",
    "settle_claims",
    "locality_owner",
    "attribute_revenue",
    "may_market",
    "ab_roles",
    "development_lead",
    "steer_service",
    "core_accounts",
    "classify_levels",
    "level_plan",
    "level_duties",
    "appraise_manager",
    "monthly_pay",
    "pay_run",
    "staffing_check",
    "work_calendar",
    # errors: every one a KeyAccountError; those about bad values also a ValueError
    "KeyAccountError",
    "RuleInputError",
    "CustomerIdError",
    "PolicyError",
    "MissingSectionError",
    "RowError",
    "PortfolioError",
]

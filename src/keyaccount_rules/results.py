"""Result types (结果类型), for annotations: every model the library's functions return.

Each function of :mod:`keyaccount_rules` returns a frozen model (or a tuple of plain values);
this module names all of them, and the records they hold, so that code using the library can
annotate without knowing which module defines a type:

>>> from keyaccount_rules.results import Grading
>>> import keyaccount_rules as kr
>>> def tier_code(grading: Grading) -> str:
...     return grading.tier.value
>>> tier_code(kr.grade(1_200_000, 43_879_110))
'diamond'

The same names stay attributes of the package (``kr.Grading``); ``kr.__all__`` lists what a
caller calls and builds, this module what comes back.
"""

from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.engine.columns import GradeTable
from keyaccount_rules.engine.comparison import Comparison, CustomerChange, ParameterChange
from keyaccount_rules.engine.customer import Evaluation, Outcome
from keyaccount_rules.engine.what_it_takes import Needed, WhatItTakes
from keyaccount_rules.month.agenda import Agenda, AgendaItem, Problem
from keyaccount_rules.month.level_history import LevelHistory, LevelSince, SelectionPeriod
from keyaccount_rules.month.report import (
    AccountFigure,
    DetailRow,
    FilingRow,
    FluxRow,
    MonthlyReport,
    Movement,
    MovementSet,
    RevenueFigure,
    TrendPoint,
)
from keyaccount_rules.policy.base import PolicyProblem
from keyaccount_rules.policy.diff import PolicyChange
from keyaccount_rules.records.customer import PortfolioRow
from keyaccount_rules.rules.appraisal import Appraisal, ItemScore
from keyaccount_rules.rules.archives import ArchiveStatus
from keyaccount_rules.rules.calendar import Duty, WorkCalendar
from keyaccount_rules.rules.compensation import (
    CollectionAward,
    ManagerPayslip,
    PayRun,
    Payslip,
    PayTotals,
)
from keyaccount_rules.rules.development import DevelopmentLead, RoleAssignment, ServiceChoice
from keyaccount_rules.rules.duties import MonthDuties, MonthDuty
from keyaccount_rules.rules.grading import Grading
from keyaccount_rules.rules.levels import LevelDuties, LevelDuty, LevelPlan
from keyaccount_rules.rules.marketing_log import LogCheck, LogProblem
from keyaccount_rules.rules.organisation import StaffingCheck, StaffingFinding
from keyaccount_rules.rules.ownership import (
    ClaimRuling,
    LocalityRuling,
    MarketingPermission,
    RevenueAttribution,
)
from keyaccount_rules.rules.pareto import CoreAccounts, LineCut
from keyaccount_rules.rules.qualification import Qualification
from keyaccount_rules.rules.reporting import FilingList, Fluctuation, KeyCustomerList
from keyaccount_rules.rules.responsibility import Assignment
from keyaccount_rules.rules.visits import VisitCompliance, VisitRequirement, VisitYear
from keyaccount_rules.verification.audit import AuditRecord, Reproduction

__all__ = [
    # explanations: what every result carries
    "Explanation",
    "Result",
    "Step",
    # policy: problems of a policy, changes between two
    "PolicyChange",
    "PolicyProblem",
    # one customer: evaluate and its parts, the decision without text, audit records
    "Assignment",
    "AuditRecord",
    "Evaluation",
    "Grading",
    "Outcome",
    "Qualification",
    "Reproduction",
    "VisitRequirement",
    # many customers: rows read, grade tables, what a policy variant changes
    "Comparison",
    "CustomerChange",
    "GradeTable",
    "ParameterChange",
    "PortfolioRow",
    # the month: the agenda, the monthly report and their rows
    "AccountFigure",
    "Agenda",
    "AgendaItem",
    "DetailRow",
    "FilingRow",
    "FluxRow",
    "LevelHistory",
    "LevelSince",
    "MonthlyReport",
    "Movement",
    "MovementSet",
    "Needed",
    "Problem",
    "RevenueFigure",
    "SelectionPeriod",
    "TrendPoint",
    # rule functions: the result of each rule family and the records it holds
    "Appraisal",
    "ArchiveStatus",
    "ClaimRuling",
    "CollectionAward",
    "CoreAccounts",
    "DevelopmentLead",
    "Duty",
    "FilingList",
    "Fluctuation",
    "ItemScore",
    "KeyCustomerList",
    "LevelDuties",
    "LevelDuty",
    "LevelPlan",
    "MonthDuties",
    "MonthDuty",
    "LineCut",
    "LocalityRuling",
    "LogCheck",
    "LogProblem",
    "ManagerPayslip",
    "MarketingPermission",
    "PayRun",
    "PayTotals",
    "Payslip",
    "RevenueAttribution",
    "RoleAssignment",
    "ServiceChoice",
    "StaffingCheck",
    "StaffingFinding",
    "VisitCompliance",
    "VisitYear",
    "WhatItTakes",
    "WorkCalendar",
]

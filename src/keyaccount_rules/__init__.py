"""keyaccount_rules: China Post key-account (大客户) management policy as exact, explained rules.

>>> import keyaccount_rules as kr
>>> kr.Tier.DIAMOND.zh
'钻石'
"""

from keyaccount_rules.errors import CustomerIdError, KeyAccountError, PolicyError, RuleInputError
from keyaccount_rules.explanation import Explanation, Step
from keyaccount_rules.money import Yuan
from keyaccount_rules.policy import Policy, PolicyProblem, check_policy, default_policy, load_policy
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
    to_ics,
    work_calendar,
    year_calendar,
)
from keyaccount_rules.rules.marketing_log import (
    LogCheck,
    LogEntry,
    LogProblem,
    check_marketing_log,
)
from keyaccount_rules.rules.reporting import (
    FilingList,
    Fluctuation,
    KeyCustomerList,
    fluctuation,
    key_customers,
    provincial_filing,
    provincial_filing_list,
)
from keyaccount_rules.rules.visits import (
    Contact,
    VisitCompliance,
    VisitYear,
    visit_compliance,
    visit_year,
)
from keyaccount_rules.vocabulary import (
    BusinessLine,
    Cadence,
    ContactKind,
    Criterion,
    Leadership,
    LogStage,
    Scope,
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
]

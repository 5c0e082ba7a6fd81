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

from keyaccount_rules.audit import AuditRecord, Reproduction, audit, reproduce
from keyaccount_rules.errors import CustomerIdError, KeyAccountError, PolicyError, RuleInputError
from keyaccount_rules.evaluation import Evaluation, evaluate
from keyaccount_rules.explanation import Explanation, Step
from keyaccount_rules.history import PolicyHistory
from keyaccount_rules.money import Yuan
from keyaccount_rules.policy import Policy, PolicyProblem, check_policy, default_policy, load_policy
from keyaccount_rules.portfolio import PortfolioError, RowError, evaluate_portfolio, read_portfolio
from keyaccount_rules.records import Customer
from keyaccount_rules.rules.customer_id import CustomerId, next_branch_id, next_customer_id
from keyaccount_rules.rules.grading import Grading, grade
from keyaccount_rules.rules.qualification import Qualification, newspaper_monthly_revenue, qualify
from keyaccount_rules.rules.responsibility import Assignment, responsible_unit
from keyaccount_rules.rules.visits import VisitRequirement, visit_requirement
from keyaccount_rules.vocabulary import BusinessLine, Criterion, Leadership, Scope, Tier, Unit

__version__ = "0.1.0"

__all__ = [
    # vocabulary (RULEBOOK §1)
    "BusinessLine",
    "Criterion",
    "Leadership",
    "Scope",
    "Tier",
    "Unit",
    # money, records and explanations
    "Customer",
    "CustomerId",
    "Explanation",
    "Step",
    "Yuan",
    # policy as data
    "Policy",
    "PolicyProblem",
    "check_policy",
    "default_policy",
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
    "RuleInputError",
    # verification: policy history and audit records (issue 6)
    "AuditRecord",
    "PolicyHistory",
    "Reproduction",
    "audit",
    "reproduce",
]

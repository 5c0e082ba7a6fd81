"""Transitional: the schedule sections now live in one module per rule family.

Import from :mod:`keyaccount_rules.policy` (or ``policy.periods``, ``policy.archives``,
``policy.visits``, ``policy.reporting``, ``policy.calendar``, ``policy.marketing_log``). This
module only re-exports them for code not yet moved, and goes once nothing imports it.
"""

from keyaccount_rules.policy.archives import ArchivePolicy
from keyaccount_rules.policy.calendar import CalendarPolicy, DutyPolicy
from keyaccount_rules.policy.marketing_log import MarketingLogPolicy
from keyaccount_rules.policy.model import SchedulePolicy
from keyaccount_rules.policy.periods import PeriodPolicy
from keyaccount_rules.policy.reporting import FilingPolicy, FluctuationPolicy, KeyCustomerPolicy
from keyaccount_rules.policy.visits import ContactCounting

__all__ = [
    "ArchivePolicy",
    "CalendarPolicy",
    "ContactCounting",
    "DutyPolicy",
    "FilingPolicy",
    "FluctuationPolicy",
    "KeyCustomerPolicy",
    "MarketingLogPolicy",
    "PeriodPolicy",
    "SchedulePolicy",
]

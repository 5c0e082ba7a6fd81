"""The key-account policy as data: the ``Policy`` model, its loader and consistency checks."""

from keyaccount_rules.policy.base import PolicyProblem, Section
from keyaccount_rules.policy.model import (
    Policy,
    check_policy,
    default_policy,
    load_policy,
    parse_policy,
    read_policy_data,
)

__all__ = [
    "Policy",
    "PolicyProblem",
    "Section",
    "check_policy",
    "default_policy",
    "load_policy",
    "parse_policy",
    "read_policy_data",
]

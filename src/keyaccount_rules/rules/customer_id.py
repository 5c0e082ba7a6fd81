"""统一大客户ID号 allocation (ID-5): the next customer ID of a division, the next branch ID.

>>> cid = CustomerId.parse("44050700012000")
>>> str(next_branch_id(cid, ["44050700012001", "44050700012003"]))
'44050700012004'
"""

from __future__ import annotations

from collections.abc import Iterable

from keyaccount_rules.core.errors import CustomerIdError
from keyaccount_rules.policy import Policy, resolve_policy
from keyaccount_rules.records.customer_id import (
    CustomerId,
    check_division,
    id_layout,
    province_codes,
)

__all__ = ["next_branch_id", "next_customer_id"]


def _parse_all(existing: Iterable[CustomerId | str], policy: Policy) -> list[CustomerId]:
    # A lone string is iterable too: taken character by character it would give a baffling
    # error about the first digit, so it is named for what it is.
    if isinstance(existing, str | bytes) or not isinstance(existing, Iterable):
        raise CustomerIdError(
            "existing",
            "must be a list of the IDs already allocated",
            got=existing,
            rule="ID-5",
            fix="pass [] when none is allocated yet",
        )
    return [
        item if isinstance(item, CustomerId) else CustomerId.parse(item, policy=policy)
        for item in existing
    ]


def next_customer_id(
    division: str, existing: Iterable[CustomerId | str], *, policy: Policy | None = None
) -> CustomerId:
    """Allocate the next customer ID in a division: one past its highest sequence (ID-5).

    Raises:
        CustomerIdError: a malformed division or existing ID, or the sequence is exhausted.

    >>> str(next_customer_id("440507", []))
    '44050700001000'
    """
    policy = resolve_policy(policy)
    layout = id_layout(policy)
    check_division(division, layout.division_digits, province_codes(layout))
    used = [cid.sequence for cid in _parse_all(existing, policy) if cid.division == division]
    following = max(used, default=0) + 1
    if following >= 10**layout.sequence_digits:
        raise CustomerIdError(
            "existing",
            f"division {division} has used every customer sequence up to "
            f"{10**layout.sequence_digits - 1}",
            rule="ID-5",
            fix="allocation never wraps around; ask the provincial centre for a new division",
        )
    return CustomerId(division, following, 0, policy=policy)


def next_branch_id(
    headquarters: CustomerId | str,
    existing: Iterable[CustomerId | str],
    *,
    policy: Policy | None = None,
) -> CustomerId:
    """Allocate the next branch under a headquarters: one past its highest branch (ID-3, ID-5).

    Raises:
        CustomerIdError: the headquarters is itself a branch, or the branches are exhausted.
    """
    policy = resolve_policy(policy)
    layout = id_layout(policy)
    head = (
        headquarters
        if isinstance(headquarters, CustomerId)
        else CustomerId.parse(headquarters, policy=policy)
    )
    if not head.is_headquarters:
        raise CustomerIdError(
            "headquarters",
            "is a branch ID; branches are numbered under a headquarters (branch 000)",
            got=str(head),
            rule="ID-3",
        )
    used = [
        cid.branch
        for cid in _parse_all(existing, policy)
        if cid.division == head.division and cid.sequence == head.sequence
    ]
    following = max(used, default=0) + 1
    if following >= 10**layout.branch_digits:
        raise CustomerIdError(
            "existing",
            f"headquarters {head} has used every branch up to {10**layout.branch_digits - 1}",
            rule="ID-5",
            fix="allocation never wraps around",
        )
    return CustomerId(head.division, head.sequence, following, policy=policy)

"""Policy history (政策沿革): which policy was in force on a date.

Each policy carries ``effective_from``, the first day it is in force; a :class:`PolicyHistory`
holds successive policies and picks the one in force on a date — the latest that started on
or before it. Every entry point that takes ``policy=`` and a date (``evaluate``, ``Evaluator``,
``evaluate_portfolio``, ``grade`` and ``grade_many`` with ``as_of=``, ``audit``) accepts a
history: ``evaluate(customer, ..., as_of=d, policy=history)`` evaluates under the policy in
force on ``d`` (:func:`~keyaccount_rules.policy.model.resolve_policy`, the one place a history
is resolved).

>>> import datetime as dt
>>> from keyaccount_rules import default_policy
>>> old = default_policy().with_changes({"effective_from": dt.date(2025, 1, 1)})
>>> new = old.with_changes({"effective_from": dt.date(2026, 7, 1), "version": "2026.2",
...                         "grading.tiers.gold": 80})
>>> history = PolicyHistory([old, new])
>>> history.in_force(dt.date(2026, 6, 30)).grading.tiers.gold
Decimal('75')
>>> history.in_force(dt.date(2026, 7, 1)).grading.tiers.gold
Decimal('80')
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from typing import TypeAlias

from keyaccount_rules.core.arguments import as_date
from keyaccount_rules.core.errors import PolicyError, RuleInputError
from keyaccount_rules.policy import Policy, PolicyProblem

__all__ = ["PolicyGiven", "PolicyHistory"]


class PolicyHistory:
    """Successive policies, each in force from its ``effective_from`` until the next one starts.

    Every policy must have ``effective_from`` and no two may start on the same day; the
    order given does not matter. Immutable and iterable (oldest first).

    Raises:
        PolicyError: no policies, a policy without ``effective_from``, or two policies that
            start on the same day.
    """

    __slots__ = ("_spans",)

    def __init__(self, policies: Iterable[Policy]) -> None:
        try:
            items = list(policies)
        except TypeError as err:
            raise PolicyError(
                [
                    PolicyProblem(
                        "policies",
                        f"must be an iterable of Policy (got {type(policies).__name__})",
                    )
                ],
                source="policy history",
            ) from err
        problems = []
        for index, policy in enumerate(items):
            if not isinstance(policy, Policy):
                problems.append(
                    PolicyProblem(
                        f"policies.{index}", f"must be a Policy (got {type(policy).__name__})"
                    )
                )
            elif policy.effective_from is None:
                problems.append(
                    PolicyProblem(
                        f"policies.{index}.effective_from",
                        "missing; a policy in a history needs the first day it is in force",
                    )
                )
        if not items:
            problems.append(PolicyProblem("policies", "a history needs at least one policy"))
        if problems:
            raise PolicyError(problems, source="policy history")
        spans = sorted(
            ((policy.effective_from, policy) for policy in items if policy.effective_from),
            key=lambda span: span[0],
        )
        problems.extend(
            PolicyProblem(
                "policies", f"{_label(a)} and {_label(b)} both start on {start.isoformat()}"
            )
            for (start, a), (next_start, b) in itertools.pairwise(spans)
            if start == next_start
        )
        if problems:
            raise PolicyError(problems, source="policy history")
        self._spans: tuple[tuple[dt.date, Policy], ...] = tuple(spans)

    def in_force(self, on: dt.date) -> Policy:
        """The policy in force on a date: the latest whose ``effective_from`` is on or before it.

        Raises:
            RuleInputError: ``on`` is not a date (the message of every ``as_of``), or is before
                the first policy starts.
        """
        on = as_date(on, "as_of")
        chosen = None
        for start, policy in self._spans:
            if start > on:
                break
            chosen = policy
        if chosen is None:
            start, first = self._spans[0]
            raise RuleInputError(
                "as_of",
                f"is before the first policy in the history ({_label(first)}, in force from "
                f"{start.isoformat()})",
                got=on.isoformat(),
            )
        return chosen

    @property
    def policies(self) -> tuple[Policy, ...]:
        """The policies, oldest first."""
        return tuple(policy for _start, policy in self._spans)

    def __iter__(self) -> Iterator[Policy]:
        return iter(self.policies)

    def __len__(self) -> int:
        return len(self._spans)

    def __repr__(self) -> str:
        spans = ", ".join(f"{_label(p)} from {start.isoformat()}" for start, p in self._spans)
        return f"PolicyHistory({spans})"


#: What a ``policy=`` argument accepts: a Policy, a history (with ``as_of``), an edition's name,
#: or ``None`` for the default policy (:func:`~keyaccount_rules.policy.model.resolve_policy`).
PolicyGiven: TypeAlias = Policy | PolicyHistory | str | None


def _label(policy: Policy) -> str:
    return f"{policy.name} {policy.version}".strip()

"""州级大客户: prefecture-level core accounts by the Pareto rule (PARETO-1).

Per business line, the customers sorted by volume that together make up at least 80% of the
line's volume (ties at the cut included), plus industry partners and administrative units.

One path: :func:`decide_line` cuts one line from validated volumes, :func:`explain_line`
words that cut, and :func:`pareto_selection` validates once, decides every line and wraps a
frozen :class:`CoreAccounts`.

>>> volumes = {"a": {"express": 500}, "b": {"express": 300}, "c": {"express": 200}}
>>> sorted(core_accounts(volumes))
['a', 'b']
>>> sorted(core_accounts(volumes, always_include=["tax-bureau"]))
['a', 'b', 'tax-bureau']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.core.arguments import CustomerKey, checked, collection, keyed, keyed_by
from keyaccount_rules.core.catalogue import Words, joined, step, words
from keyaccount_rules.core.explanation import Explanation, Result
from keyaccount_rules.core.frozen import SortedSet
from keyaccount_rules.core.money import CENT, Amount, Yuan, exact, format_yuan, to_cents
from keyaccount_rules.core.vocabulary import BusinessLine
from keyaccount_rules.policy import Policy, require, resolve_policy

__all__ = [
    "CoreAccounts",
    "LineCut",
    "LineDecision",
    "core_accounts",
    "decide_line",
    "explain_line",
    "pareto_selection",
]


class LineCut(BaseModel):
    """One business line's Pareto cut: its total, the accounts taken and what they cover."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: BusinessLine
    total: Yuan
    covered: Yuan
    accounts: tuple[str, ...]
    ties: tuple[str, ...]


class CoreAccounts(Result):
    """The prefecture-level key accounts, line by line, with the reasons (PARETO-1).

    ``accounts`` is a set; its JSON is the sorted list, the same in every process.
    """

    accounts: SortedSet[str]
    lines: tuple[LineCut, ...]
    always_included: tuple[str, ...]
    explanation: Explanation


class LineDecision(NamedTuple):
    """PARETO-1 on one line, without text: the ranked prefix taken and the ties at the cut."""

    line: BusinessLine
    total: Decimal
    taken: tuple[str, ...]
    reached: Decimal
    cut_volume: Decimal
    ties: tuple[str, ...]

    @property
    def accounts(self) -> tuple[str, ...]:
        return self.taken + self.ties

    @property
    def covered(self) -> Decimal:
        return self.reached + self.cut_volume * len(self.ties)


def decide_line(
    line: BusinessLine, volumes: Mapping[str, Mapping[BusinessLine, Decimal]], share: Decimal
) -> LineDecision:
    """The shortest prefix by volume reaching ``share`` of the line, plus ties at the cut.

    Exact: ``cumulative ≥ share × total`` is tested as ``cumulative·d ≥ n·total`` in whole
    fen (``share = n/d``), so no rounding decides the cut.
    """
    ranked = sorted(
        ((key, lines[line]) for key, lines in volumes.items() if lines.get(line, 0) > 0),
        key=lambda pair: (-pair[1], pair[0]),
    )
    total = sum((volume for _, volume in ranked), Decimal("0.00"))
    if not ranked:
        return LineDecision(line, total, (), total, Decimal("0.00"), ())
    numerator, denominator = share.as_integer_ratio()
    total_cents = to_cents(total)
    cumulative = 0
    taken = 0
    for _key, volume in ranked:
        cumulative += to_cents(volume)
        taken += 1
        if cumulative * denominator >= numerator * total_cents:
            break
    cut_volume = ranked[taken - 1][1]
    return LineDecision(
        line=line,
        total=total,
        taken=tuple(key for key, _ in ranked[:taken]),
        reached=sum((volume for _, volume in ranked[:taken]), Decimal("0.00")),
        cut_volume=cut_volume,
        ties=tuple(key for key, volume in ranked[taken:] if volume == cut_volume),
    )


def _percent(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(CENT)}%"


def explain_line(d: LineDecision, share: Decimal) -> Explanation:
    """One PARETO-1 step: no volume, or the prefix reaching the share and any ties."""
    if not d.taken:
        return Explanation.of(step("PARETO-1", "pareto.line_empty", line=d.line))
    ties = (
        words("pareto.line_ties", volume=format_yuan(d.cut_volume), names=joined(d.ties))
        if d.ties
        else Words.same("")
    )
    return Explanation.of(
        step(
            "PARETO-1",
            "pareto.line_cut",
            line=d.line,
            total=format_yuan(d.total),
            taken=len(d.taken),
            reached=format_yuan(d.reached),
            percent=_percent(d.reached, d.total),
            need=f"{(share * 100).normalize():f}%",
            names=joined(d.taken),
            ties=ties,
        )
    )


#: PARETO-1's volumes: customer key → mapping ``BusinessLine`` → volume (yuan).
Volumes = keyed(
    "must map a customer key to a mapping BusinessLine → volume",
    keyed_by(BusinessLine, Yuan, complete=False),
)
#: Industry partners and administrative units (行业性合作伙伴、行政职能单位): customer keys.
AlwaysIncluded = collection(
    "must be an iterable of customer keys (not a single string)", CustomerKey
)


@exact
def pareto_selection(
    volumes: Mapping[str, Mapping[BusinessLine, Amount]] | Mapping[str, Mapping[str, Amount]],
    *,
    always_include: Iterable[str] = (),
    policy: Policy | None = None,
) -> CoreAccounts:
    """Select the prefecture-level key accounts (州级大客户) with every line's cut (PARETO-1).

    Args:
        volumes: customer key → mapping ``BusinessLine`` → volume (yuan, ≥ 0, ≤ 2 decimals).
        always_include: industry partners and administrative units, taken whatever their
            volume (行业性合作伙伴、行政职能单位).
        policy: the policy to apply (default: the rulebook's).

    Raises:
        RuleInputError: a bad volume (named ``volumes['key'].line``) or key.

    >>> result = pareto_selection({"a": {"bills": 60}, "b": {"bills": 20}, "c": {"bills": 20}})
    >>> result.lines[1].accounts, result.lines[1].ties
    (('a', 'b', 'c'), ('c',))
    """
    policy = resolve_policy(policy)
    share = require(policy, "pareto", policy.pareto).share
    table: dict[str, dict[BusinessLine, Decimal]] = checked(
        Volumes, volumes, "volumes", rule="PARETO-1"
    )
    listed = checked(AlwaysIncluded, always_include, "always_include", rule="PARETO-1")
    always: tuple[str, ...] = tuple(dict.fromkeys(listed))
    decisions = [decide_line(line, table, share) for line in BusinessLine]
    explanation = Explanation(steps=tuple(s for d in decisions for s in explain_line(d, share)))
    if always:
        explanation += Explanation.of(step("PARETO-1", "pareto.always", names=joined(always)))
    return CoreAccounts(
        accounts=frozenset(key for d in decisions for key in d.accounts) | frozenset(always),
        lines=tuple(
            LineCut(line=d.line, total=d.total, covered=d.covered, accounts=d.accounts, ties=d.ties)
            for d in decisions
        ),
        always_included=always,
        explanation=explanation,
        policy_fingerprint=policy.fingerprint,
    )


def core_accounts(
    volumes: Mapping[str, Mapping[BusinessLine, Amount]] | Mapping[str, Mapping[str, Amount]],
    *,
    always_include: Iterable[str] = (),
    policy: Policy | None = None,
) -> frozenset[str]:
    """The keys of the prefecture-level key accounts (州级大客户, PARETO-1).

    See :func:`pareto_selection` for the arguments and for the per-line explanation.

    >>> sorted(core_accounts({"a": {"express": 90, "bills": 1}, "b": {"express": 10, "bills": 9}}))
    ['a', 'b']
    """
    return pareto_selection(volumes, always_include=always_include, policy=policy).accounts

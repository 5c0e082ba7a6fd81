"""州级大客户: prefecture-level core accounts by the Pareto rule (PARETO-1).

Per business line, the customers sorted by volume that together make up at least 80% of the
line's volume (ties at the cut included), plus industry partners and administrative units.

>>> volumes = {"a": {"express": 500}, "b": {"express": 300}, "c": {"express": 200}}
>>> sorted(core_accounts(volumes))
['a', 'b']
>>> sorted(core_accounts(volumes, always_include=["tax-bureau"]))
['a', 'b', 'tax-bureau']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from keyaccount_rules.arguments import enum_mapping, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.money import CENT, Yuan, format_yuan, parse_yuan, to_cents
from keyaccount_rules.policy import Policy
from keyaccount_rules.vocabulary import BusinessLine

__all__ = ["CoreAccounts", "LineCut", "core_accounts", "pareto_selection"]


class LineCut(BaseModel):
    """One business line's Pareto cut: its total, the accounts taken and what they cover."""

    model_config = ConfigDict(frozen=True)

    line: BusinessLine
    total: Yuan
    covered: Yuan
    accounts: tuple[str, ...]
    ties: tuple[str, ...]


class CoreAccounts(Result):
    """The prefecture-level key accounts, line by line, with the reasons (PARETO-1)."""

    model_config = ConfigDict(frozen=True)

    accounts: frozenset[str]
    lines: tuple[LineCut, ...]
    always_included: tuple[str, ...]
    explanation: Explanation


def _percent(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(CENT)}%"


def _read_volumes(volumes: object) -> dict[str, dict[BusinessLine, Decimal]]:
    if not isinstance(volumes, Mapping):
        raise RuleInputError(
            "volumes",
            "must map a customer key to a mapping BusinessLine → volume",
            got=type(volumes).__name__,
            rule="PARETO-1",
        )
    result = {}
    for key, lines in volumes.items():
        if not isinstance(key, str) or not key:
            raise RuleInputError(
                "volumes key", "must be a non-empty customer key", got=key, rule="PARETO-1"
            )
        result[key] = enum_mapping(
            BusinessLine,
            lines,
            f"volumes[{key!r}]",
            lambda value, field: parse_yuan(value, field, rule="PARETO-1"),
            rule="PARETO-1",
            complete=False,
        )
    return result


def _read_always(always_include: object) -> tuple[str, ...]:
    if isinstance(always_include, str | bytes) or not isinstance(always_include, Iterable):
        raise RuleInputError(
            "always_include",
            "must be an iterable of customer keys (not a single string)",
            got=always_include,
            rule="PARETO-1",
        )
    keys = []
    for index, key in enumerate(always_include):
        if not isinstance(key, str) or not key:
            raise RuleInputError(
                f"always_include[{index}]",
                "must be a non-empty customer key",
                got=key,
                rule="PARETO-1",
            )
        keys.append(key)
    return tuple(dict.fromkeys(keys))


def _cut(
    line: BusinessLine, volumes: dict[str, dict[BusinessLine, Decimal]], share: Decimal
) -> tuple[LineCut, Step]:
    ranked = sorted(
        ((key, lines[line]) for key, lines in volumes.items() if lines.get(line, 0) > 0),
        key=lambda pair: (-pair[1], pair[0]),
    )
    total = sum((volume for _, volume in ranked), Decimal("0.00"))
    if not ranked:
        cut = LineCut(line=line, total=total, covered=total, accounts=(), ties=())
        return cut, Step(
            rule="PARETO-1",
            text=f"{line.value}: no volume, contributes no account",
            text_zh=f"{line.zh}：无用邮量，不产生州级大客户",
        )
    # Exact: cumulative ≥ share × total  ⇔  cumulative·d ≥ n·total, in whole fen.
    numerator, denominator = share.as_integer_ratio()
    total_cents = to_cents(total)
    cumulative = 0
    taken = 0
    for key_volume in ranked:
        cumulative += to_cents(key_volume[1])
        taken += 1
        if cumulative * denominator >= numerator * total_cents:
            break
    cut_volume = ranked[taken - 1][1]
    ties = tuple(key for key, volume in ranked[taken:] if volume == cut_volume)
    accounts = tuple(key for key, _ in ranked[:taken]) + ties
    covered = sum((volume for _, volume in ranked[: len(accounts)]), Decimal("0.00"))
    cut = LineCut(line=line, total=total, covered=covered, accounts=accounts, ties=ties)
    need = f"{(share * 100).normalize():f}%"
    reached = covered - cut_volume * len(ties)
    prefix = accounts[:taken]
    tie_note = f"; tied at the cut volume {format_yuan(cut_volume)}, also: {', '.join(ties)}"
    tie_note_zh = f"；与截点用邮量{format_yuan(cut_volume)}并列，一并纳入：{'、'.join(ties)}"
    return cut, Step(
        rule="PARETO-1",
        text=f"{line.value}: total {format_yuan(total)}; the top {taken} reach"
        f" {format_yuan(reached)} = {_percent(reached, total)} ≥ {need}: {', '.join(prefix)}"
        + (tie_note if ties else ""),
        text_zh=f"{line.zh}：用邮量合计{format_yuan(total)}；前{taken}户合计"
        f"{format_yuan(reached)}，占{_percent(reached, total)} ≥ {need}：{'、'.join(prefix)}"
        + (tie_note_zh if ties else ""),
    )


def pareto_selection(
    volumes: Mapping[str, Mapping[BusinessLine, object]] | Mapping[str, Mapping[str, object]],
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
    share = policy.pareto.share
    table = _read_volumes(volumes)
    always = _read_always(always_include)
    cuts = []
    steps = []
    for line in BusinessLine:
        cut, step = _cut(line, table, share)
        cuts.append(cut)
        steps.append(step)
    if always:
        steps.append(
            Step(
                rule="PARETO-1",
                text="industry partners and administrative units, whatever their volume: "
                + ", ".join(always),
                text_zh="行业性合作伙伴、行政职能单位（不论用邮量）：" + "、".join(always),
            )
        )
    accounts = frozenset(key for cut in cuts for key in cut.accounts) | frozenset(always)
    return CoreAccounts(
        accounts=accounts,
        lines=tuple(cuts),
        always_included=always,
        explanation=Explanation(steps=tuple(steps)),
    )


def core_accounts(
    volumes: Mapping[str, Mapping[BusinessLine, object]] | Mapping[str, Mapping[str, object]],
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

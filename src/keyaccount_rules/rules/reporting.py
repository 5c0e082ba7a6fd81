"""经营分析与备案: volume swings (FLUX-1), provincial filing (FILE-1), key customers (REPORT-5).

Comparisons are exact: amounts are ``Decimal`` and ratios are compared by cross-multiplying
as fractions, never by float division.

>>> fluctuation(100, 131).must_analyse, fluctuation(100, 130).must_analyse
(True, False)
>>> sorted(provincial_filing({"a": 25000, "b": "24999.99"}))
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from pydantic import ConfigDict

from keyaccount_rules.arguments import as_enum, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.money import format_yuan, parse_yuan
from keyaccount_rules.policy import Policy
from keyaccount_rules.vocabulary import Tier

__all__ = [
    "FilingList",
    "Fluctuation",
    "KeyCustomerList",
    "fluctuation",
    "key_customers",
    "provincial_filing",
    "provincial_filing_list",
]

_EXACT_PERCENT_DIGITS = 4  # display only: show up to 4 decimals of a percent exactly


class Fluctuation(Result):
    """A month-on-month volume change and whether its cause must be analysed (FLUX-1)."""

    model_config = ConfigDict(frozen=True)

    previous: Decimal
    current: Decimal
    change: Decimal | None
    one_time: bool
    must_analyse: bool
    explanation: Explanation


def _volume(value: object, field: str) -> Decimal:
    """A non-negative, finite volume (业务量): int, Decimal, decimal string, float by repr."""
    amount: Decimal | None = None
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            amount = None
    if amount is None or not amount.is_finite():
        raise RuleInputError(
            field, "must be a finite number such as 1234.5", got=value, rule="FLUX-1"
        )
    if amount < 0:
        raise RuleInputError(field, "must not be negative", got=value, rule="FLUX-1")
    return amount


def _percent(ratio: Fraction) -> str:
    """``ratio`` as a percent: exact when it has few decimals, else ``≈`` two decimals."""
    percent = ratio * 100
    for digits in range(_EXACT_PERCENT_DIGITS + 1):
        scaled = percent * 10**digits
        if scaled.denominator == 1:
            return f"{Decimal(scaled.numerator).scaleb(-digits)}%"
    rounded = Decimal(percent.numerator) / Decimal(percent.denominator)
    return f"≈{rounded:.2f}%"


def _plain(amount: Decimal) -> str:
    return f"{amount:,f}"


def fluctuation(
    previous: object,
    current: object,
    *,
    one_time: bool = False,
    policy: Policy | None = None,
) -> Fluctuation:
    """Decide whether a volume swing (业务量波动) must be analysed (FLUX-1).

    Change = |current − previous| / previous, month on month. More than the policy's 30% must
    be analysed; exactly 30% is not "more than". With previous 0 there is no relative change
    (``change`` is None): 0 → positive is flagged, 0 → 0 is not. One-time customers
    (一次性大客户) are exempt.

    Raises:
        RuleInputError: a negative, non-finite or non-numeric volume.

    >>> f = fluctuation(200, 139)
    >>> f.change, f.must_analyse
    (Decimal('0.305'), True)
    >>> print(f.explanation)
    FLUX-1: volume 200 → 139: change |139 − 200| / 200 = 30.5% > 30% → must analyse the cause
    """
    policy = resolve_policy(policy)
    rule = policy.schedules.fluctuation
    before = _volume(previous, "previous")
    after = _volume(current, "current")
    if not isinstance(one_time, bool):
        raise RuleInputError("one_time", "must be True or False", got=one_time, rule="FLUX-1")
    limit = Fraction(rule.more_than)
    bound = _percent(limit)
    head = f"volume {_plain(before)} → {_plain(after)}"
    head_zh = f"业务量{_plain(before)}→{_plain(after)}"
    change: Decimal | None
    if before == 0:
        change = None
        flagged = after > 0 and rule.flag_from_zero
        if after > 0:
            text = f"{head}: no base for a relative change; new volume → " + (
                "must analyse the cause" if flagged else "not flagged (policy)"
            )
            text_zh = f"{head_zh}：上月为0，无法计算波动幅度；新增业务量→" + (
                "必须分析原因" if flagged else "按政策不标记"
            )
        else:
            text = f"{head}: no volume in either month → nothing to analyse"
            text_zh = f"{head_zh}：两月均无业务量，无需分析"
    else:
        ratio = abs(Fraction(after) - Fraction(before)) / Fraction(before)
        change = Decimal(ratio.numerator) / Decimal(ratio.denominator)
        flagged = ratio > limit  # "超过30%": exactly the bound is not more than it
        shown = _percent(ratio)
        equals = " " if shown.startswith("≈") else " = "
        formula = f"|{_plain(after)} − {_plain(before)}| / {_plain(before)}{equals}{shown}"
        if flagged:
            text = f"{head}: change {formula} > {bound} → must analyse the cause"
            text_zh = f"{head_zh}：波动幅度{formula}，超过{bound}→必须分析原因"
        else:
            text = f"{head}: change {formula} ≤ {bound} → no analysis required"
            text_zh = f"{head_zh}：波动幅度{formula}，未超过{bound}→无需分析"
    steps = [Step(rule="FLUX-1", text=text, text_zh=text_zh)]
    if one_time:
        steps.append(
            Step(
                rule="FLUX-1",
                text="one-time customer: exempt, no analysis required",
                text_zh="一次性大客户除外，无需分析",
            )
        )
        flagged = False
    return Fluctuation(
        previous=before,
        current=after,
        change=change,
        one_time=one_time,
        must_analyse=flagged,
        explanation=Explanation(steps=tuple(steps)),
    )


def _amounts(values: object, field: str, rule: str) -> dict[str, Decimal]:
    if not isinstance(values, Mapping):
        raise RuleInputError(
            field,
            "must be a mapping of customer key → amount",
            got=type(values).__name__,
            rule=rule,
        )
    found = {}
    for key, value in values.items():
        if not isinstance(key, str) or not key.strip():
            raise RuleInputError(field, "keys must be non-empty strings", got=key, rule=rule)
        found[key] = parse_yuan(value, f"{field}[{key!r}]", rule=rule)
    return found


def _top_with_ties(amounts: Mapping[str, Decimal], top: int) -> frozenset[str]:
    """Keys ranked in the first ``top`` places; a tie at the last place takes them all."""
    if top == 0 or not amounts:
        return frozenset()
    ranked = sorted(amounts.values(), reverse=True)
    cutoff = ranked[min(top, len(ranked)) - 1]
    return frozenset(key for key, amount in amounts.items() if amount >= cutoff)


class FilingList(Result):
    """Customers to file with the provincial market department, and why (FILE-1)."""

    model_config = ConfigDict(frozen=True)

    keys: frozenset[str]
    by_amount: frozenset[str]
    by_rank: frozenset[str]
    explanation: Explanation


def provincial_filing_list(
    monthly_average_spend: Mapping[str, object], *, policy: Policy | None = None
) -> FilingList:
    """List the customers to file with the province (报省局市场部备案), with reasons (FILE-1).

    A customer is filed when its monthly average spend reaches the policy's 25,000 yuan
    ("以上" includes the bound, G-3), or when it ranks in the top 10 by that spend (ties at
    10th place all included).

    Raises:
        RuleInputError: not a mapping, an empty key, or an amount that is not valid money.

    >>> r = provincial_filing_list({"a": 30000, "b": 100, "c": 0}, policy=None)
    >>> sorted(r.by_amount), sorted(r.by_rank)
    (['a'], ['a', 'b', 'c'])
    """
    policy = resolve_policy(policy)
    rule = policy.schedules.filing
    amounts = _amounts(monthly_average_spend, "monthly_average_spend", "FILE-1")
    bound = rule.monthly_average_at_least
    by_amount = frozenset(key for key, amount in amounts.items() if amount >= bound)
    by_rank = _top_with_ties(amounts, rule.top)
    steps = [
        Step(
            rule="FILE-1",
            text=f"monthly average spend ≥ {format_yuan(bound)}: {len(by_amount)} of "
            f"{len(amounts)} customer(s)",
            text_zh=f"月均用邮支出达到{format_yuan(bound)}元：{len(amounts)}户中{len(by_amount)}户",
        ),
        Step(
            rule="FILE-1",
            text=f"top {rule.top} by monthly average spend (ties included): {len(by_rank)} "
            "customer(s)",
            text_zh=f"月均用邮支出前{rule.top}名(并列均计入)：{len(by_rank)}户",
        ),
    ]
    keys = by_amount | by_rank
    steps.append(
        Step(
            rule="FILE-1",
            text=f"{len(keys)} customer(s) to file and report monthly",
            text_zh=f"共{len(keys)}户报省局市场部备案并逐月统计上报",
        )
    )
    return FilingList(
        keys=keys, by_amount=by_amount, by_rank=by_rank, explanation=Explanation(steps=tuple(steps))
    )


def provincial_filing(
    monthly_average_spend: Mapping[str, object], *, policy: Policy | None = None
) -> frozenset[str]:
    """Return the keys of the customers filed with the province (报省局备案, FILE-1).

    See :func:`provincial_filing_list` for the reasons.

    >>> sorted(provincial_filing({f"c{i:02d}": 1000 + i for i in range(12)}))[:3]
    ['c02', 'c03', 'c04']
    """
    return provincial_filing_list(monthly_average_spend, policy=policy).keys


class KeyCustomerList(Result):
    """Key customers of the detailed revenue table (重点大客户收入统计表, REPORT-5)."""

    model_config = ConfigDict(frozen=True)

    keys: frozenset[str]
    by_tier: frozenset[str]
    by_rank: frozenset[str]
    explanation: Explanation


def key_customers(
    revenue: Mapping[str, object],
    tiers: Mapping[str, Tier | str],
    *,
    policy: Policy | None = None,
) -> KeyCustomerList:
    """List the key customers (重点大客户) for the detailed revenue table (REPORT-5).

    A customer is listed when its tier is SILVER or above, or when it ranks in the top 10 by
    ``revenue`` (ties at 10th place all included). Both mappings must have the same keys.

    Raises:
        RuleInputError: a bad amount or tier, or keys that differ between the mappings.

    >>> r = key_customers({"a": 10, "b": 5}, {"a": "general", "b": "gold"})
    >>> sorted(r.keys), sorted(r.by_tier)
    (['a', 'b'], ['b'])
    """
    policy = resolve_policy(policy)
    rule = policy.schedules.key_customers
    amounts = _amounts(revenue, "revenue", "REPORT-5")
    if not isinstance(tiers, Mapping):
        raise RuleInputError(
            "tiers", "must be a mapping of customer key → tier", got=type(tiers).__name__
        )
    graded = {
        key: as_enum(Tier, tier, f"tiers[{key!r}]", rule="REPORT-5") for key, tier in tiers.items()
    }
    for key in amounts.keys() - graded.keys():
        raise RuleInputError(
            f"tiers[{key!r}]", "missing: every customer needs a tier", rule="REPORT-5"
        )
    for key in graded.keys() - amounts.keys():
        raise RuleInputError(
            f"revenue[{key!r}]", "missing: every customer needs a revenue", rule="REPORT-5"
        )
    floor = rule.min_tier
    by_tier = frozenset(key for key, tier in graded.items() if tier.rank >= floor.rank)
    by_rank = _top_with_ties(amounts, rule.top)
    keys = by_tier | by_rank
    steps = (
        Step(
            rule="REPORT-5",
            text=f"tier {floor.value} or above: {len(by_tier)} of {len(amounts)} customer(s)",
            text_zh=f"{floor.zh}及以上：{len(amounts)}户中{len(by_tier)}户",
        ),
        Step(
            rule="REPORT-5",
            text=f"top {rule.top} by revenue (ties included): {len(by_rank)} customer(s)",
            text_zh=f"用邮收入前{rule.top}名(并列均计入)：{len(by_rank)}户",
        ),
        Step(
            rule="REPORT-5",
            text=f"{len(keys)} key customer(s) in the detailed revenue table",
            text_zh=f"共{len(keys)}户填报《重点大客户收入统计表》",
        ),
    )
    return KeyCustomerList(
        keys=keys, by_tier=by_tier, by_rank=by_rank, explanation=Explanation(steps=steps)
    )

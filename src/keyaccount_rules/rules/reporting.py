"""经营分析与备案: volume swings (FLUX-1), provincial filing (FILE-1), key customers (REPORT-5).

Comparisons are exact: amounts are ``Decimal`` and ratios are compared as fractions, never by
float division; every function runs in the library's own decimal context (``@exact``).

>>> fluctuation(100, 131).must_analyse, fluctuation(100, 130).must_analyse
(True, False)
>>> sorted(provincial_filing({"a": 25000, "b": "24999.99"}, tiers={"a": "gold", "b": "gold"}))
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, NamedTuple

from pydantic import BeforeValidator, PlainValidator

from keyaccount_rules.core.arguments import Flag, as_enum, checked, instance_of, keyed, present
from keyaccount_rules.core.catalogue import joined, step
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.frozen import SortedSet
from keyaccount_rules.core.money import MAX_YUAN, Amount, Yuan, exact, format_yuan, to_decimal
from keyaccount_rules.core.vocabulary import Tier
from keyaccount_rules.policy import FilingPolicy, Policy, require, resolve_policy

__all__ = [
    "FilingDecision",
    "FilingList",
    "Fluctuation",
    "FluxDecision",
    "KeyCustomerList",
    "Volume",
    "decide_filing",
    "decide_fluctuation",
    "explain_filing",
    "explain_fluctuation",
    "fluctuation",
    "key_customers",
    "provincial_filing",
    "provincial_filing_list",
]

_EXACT_PERCENT_DIGITS = 4  # display only: show up to 4 decimals of a percent exactly


def _volume(value: object) -> Decimal:
    amount = to_decimal(value)  # the one number parser: grouping commas only, ASCII digits
    if not amount.is_finite():
        raise ValueError("must be a finite number such as 1234.5")
    if amount < 0:
        raise ValueError("must not be negative")
    if amount >= MAX_YUAN:
        raise ValueError(f"must be below {MAX_YUAN:,.0f}")
    return amount.copy_abs()  # "-0" is 0; a negative amount was refused above


Volume = Annotated[Decimal, BeforeValidator(_volume)]
"""A month's business volume (业务量, FLUX-1): a finite, non-negative number below 10^15."""


# --- FLUX-1: decision, explanation, function --------------------------------------------------


class FluxDecision(NamedTuple):
    """A month-on-month change against the policy bound; ``ratio`` is None from a zero base.

    ``ratio`` is signed: a fall is negative (RULEBOOK FLUX-1); the bound applies to its size.
    """

    before: Decimal
    after: Decimal
    ratio: Fraction | None
    limit: Fraction
    over: bool
    one_time: bool

    @property
    def change(self) -> Decimal | None:
        """The signed relative change as a Decimal (a fall is negative), None from zero."""
        if self.ratio is None:
            return None
        return Decimal(self.ratio.numerator) / Decimal(self.ratio.denominator)

    @property
    def must_analyse(self) -> bool:
        """Over the bound (or new volume, when the policy flags it) and not a one-time customer."""
        return self.over and not self.one_time


def decide_fluctuation(
    before: Decimal, after: Decimal, *, more_than: Decimal, flag_from_zero: bool, one_time: bool
) -> FluxDecision:
    """Compare |after − before| / before with ``more_than`` exactly (超过: not at the bound).

    ``before`` is the previous month's volume: the comparison is month on month, and growth
    from 0 is flagged when the policy says so (RULEBOOK G-10, 「月业务量波动幅度」).
    """
    limit = Fraction(more_than)
    if before == 0:
        return FluxDecision(before, after, None, limit, after > 0 and flag_from_zero, one_time)
    ratio = (Fraction(after) - Fraction(before)) / Fraction(before)
    return FluxDecision(before, after, ratio, limit, abs(ratio) > limit, one_time)


def _percent(ratio: Fraction) -> str:
    """``ratio`` as a percent: exact when it has few decimals, else ``≈`` two decimals.

    A negative ratio keeps its sign: ``-30.5%``.
    """
    percent = ratio * 100
    for digits in range(_EXACT_PERCENT_DIGITS + 1):
        scaled = percent * 10**digits
        if scaled.denominator == 1:
            return f"{Decimal(scaled.numerator).scaleb(-digits)}%"
    rounded = Decimal(percent.numerator) / Decimal(percent.denominator)
    return f"≈{rounded:.2f}%"


def _plain(amount: Decimal) -> str:
    return f"{amount:,f}"


def explain_fluctuation(d: FluxDecision) -> tuple[Step, ...]:
    """The change (or why there is none) against the bound, then the one-time exemption."""
    volumes = {"before": _plain(d.before), "after": _plain(d.after)}
    if d.ratio is not None:
        shown = _percent(d.ratio)
        first = step(
            "FLUX-1",
            "reporting.flux_over" if d.over else "reporting.flux_within",
            **volumes,
            equals=" " if shown.startswith("≈") else " = ",
            shown=shown,
            size=_percent(abs(d.ratio)),
            bound=_percent(d.limit),
        )
    elif d.after > 0:
        key = "reporting.flux_new_flagged" if d.over else "reporting.flux_new_unflagged"
        first = step("FLUX-1", key, **volumes)
    else:
        first = step("FLUX-1", "reporting.flux_none", **volumes)
    if d.one_time:
        return first, step("FLUX-1", "reporting.flux_one_time")
    return (first,)


class Fluctuation(Result):
    """A month-on-month volume change and whether its cause must be analysed (FLUX-1)."""

    previous: Decimal
    current: Decimal
    change: Decimal | None
    one_time: bool
    must_analyse: bool
    explanation: Explanation


@exact
def fluctuation(
    previous: Amount,
    current: Amount,
    *,
    one_time: bool = False,
    policy: Policy | None = None,
) -> Fluctuation:
    """Decide whether a volume swing (业务量波动) must be analysed (FLUX-1).

    Change = (current − previous) / previous, month on month (G-10), signed: a fall is
    negative. A change whose size is more than the policy's 30% must be analysed; exactly 30%
    is not "more than". With previous 0 there is no relative change (``change`` is None):
    0 → positive is flagged (G-10), 0 → 0 is not. One-time customers (一次性大客户) are exempt.

    Raises:
        RuleInputError: a negative, non-finite or non-numeric volume.

    >>> f = fluctuation(200, 139)
    >>> f.change, f.must_analyse
    (Decimal('-0.305'), True)
    >>> print(f.explanation)  # doctest: +NORMALIZE_WHITESPACE
    FLUX-1: volume 200 → 139 month on month (G-10): change (139 − 200) / 200 = -30.5%,
    size 30.5% > 30% → must analyse the cause
    """
    policy = resolve_policy(policy)
    rule = require(policy, "schedules.fluctuation", policy.schedules.fluctuation)
    d = decide_fluctuation(
        checked(Volume, previous, "previous", rule="FLUX-1"),
        checked(Volume, current, "current", rule="FLUX-1"),
        more_than=rule.more_than,
        flag_from_zero=rule.flag_from_zero,
        one_time=checked(Flag, one_time, "one_time", rule="FLUX-1"),
    )
    return Fluctuation(
        previous=d.before,
        current=d.after,
        change=d.change,
        one_time=d.one_time,
        must_analyse=d.must_analyse,
        explanation=Explanation(steps=explain_fluctuation(d)),
        policy_fingerprint=policy.fingerprint,
    )


# --- FILE-1 and REPORT-5: ranked lists --------------------------------------------------------


def _key(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("keys must be non-empty strings")
    return value


#: FILE-1's spend and REPORT-5's revenue: customer key → amount (yuan); a blank key is the
#: mapping's error.
Amounts = keyed(
    "must be a mapping of customer key → amount",
    Yuan,
    key=Annotated[str, PlainValidator(_key)],
    key_at="",
)
#: FILE-1's and REPORT-5's tiers: a mapping customer key → tier (only the keys ranked are read).
Tiers = instance_of(Mapping, "must be a mapping of customer key → tier")


def _amounts(values: Mapping[str, Amount], field: str, rule: str) -> dict[str, Decimal]:
    amounts: dict[str, Decimal] = checked(Amounts, values, field, rule=rule)
    return amounts


def _top_with_ties(amounts: Mapping[str, Decimal], top: int) -> frozenset[str]:
    """Keys ranked in the first ``top`` places; a tie at the last place takes them all."""
    if top == 0 or not amounts:
        return frozenset()
    ranked = sorted(amounts.values(), reverse=True)
    cutoff = ranked[min(top, len(ranked)) - 1]
    return frozenset(key for key, amount in amounts.items() if amount >= cutoff)


class FilingList(Result):
    """Customers to file with the provincial market department, and why (FILE-1).

    The key sets are written to JSON sorted, so the same list gives the same JSON everywhere.
    """

    keys: SortedSet[str]
    by_amount: SortedSet[str]
    by_rank: SortedSet[str]
    explanation: Explanation


def _tiers(
    tiers: Mapping[str, Tier | str], keys: Iterable[str], field: str, rule: str
) -> dict[str, Tier]:
    """Each key's tier from ``tiers``; a key with no tier is an error naming it."""
    given: Mapping[str, Tier | str] = checked(Tiers, tiers, field, rule=rule)
    listed = list(keys)
    present(listed, given, field, "missing: every customer needs a tier", rule=rule)
    return {key: as_enum(Tier, given[key], f"{field}[{key!r}]", rule=rule) for key in listed}


class FilingDecision(NamedTuple):
    """FILE-1 over a set of customers: the tiers considered, and who is filed by which reason.

    ``by_amount``: a monthly average spend that reaches the bound ("以上" includes it, G-3);
    ``by_rank``: in the top places of the considered customers (ties at the last all in).
    """

    tiers: frozenset[Tier]
    total: int
    considered: int
    bound: Decimal
    top: int
    by_amount: frozenset[str]
    by_rank: frozenset[str]

    @property
    def keys(self) -> frozenset[str]:
        """Every customer filed, for either reason."""
        return self.by_amount | self.by_rank


def decide_filing(
    amounts: Mapping[str, Decimal], tiers: Mapping[str, Tier], rule: FilingPolicy
) -> FilingDecision:
    """Rank the customers of the considered tiers by monthly average spend (FILE-1).

    ``tiers`` gives the tier of every key of ``amounts``.
    """
    considered = {key: amount for key, amount in amounts.items() if tiers[key] in rule.tiers}
    bound = rule.monthly_average_at_least
    return FilingDecision(
        tiers=frozenset(rule.tiers),
        total=len(amounts),
        considered=len(considered),
        bound=bound,
        top=rule.top,
        by_amount=frozenset(key for key, amount in considered.items() if amount >= bound),
        by_rank=_top_with_ties(considered, rule.top),
    )


def explain_filing(d: FilingDecision) -> tuple[Step, ...]:
    """The tiers considered, the customers filed by amount, by rank, and in all."""
    return (
        step(
            "FILE-1",
            "reporting.filing_tiers",
            tiers=joined(t for t in Tier if t in d.tiers),
            count=d.considered,
            total=d.total,
        ),
        step(
            "FILE-1",
            "reporting.filing_amount",
            bound=format_yuan(d.bound),
            count=len(d.by_amount),
            total=d.considered,
        ),
        step("FILE-1", "reporting.filing_rank", top=d.top, count=len(d.by_rank)),
        step("FILE-1", "reporting.filing_total", count=len(d.keys)),
    )


@exact
def provincial_filing_list(
    monthly_average_spend: Mapping[str, Amount],
    *,
    tiers: Mapping[str, Tier | str],
    policy: Policy | None = None,
) -> FilingList:
    """List the customers to file with the province (报省局市场部备案), with reasons (FILE-1).

    Only GOLD customers are considered: the clause sits under 黄金客户 (002 (五)2(2)); which
    tiers is policy data (``schedules.filing.tiers``). Among them, a customer is filed when its
    monthly average spend reaches the policy's 25,000 yuan ("以上" includes the bound, G-3), or
    when it ranks in the top 10 of those customers by that spend (ties at 10th place all
    included).

    Args:
        monthly_average_spend: customer key → monthly average spend (月均用邮业务费用支出).
        tiers: customer key → tier, for every key of ``monthly_average_spend`` (extra keys
            are ignored).
        policy: the policy to apply (default: the rulebook's).

    Raises:
        RuleInputError: not a mapping, an empty key, an amount that is not valid money, or a
            key with no tier (named) or an unknown tier.

    >>> r = provincial_filing_list(
    ...     {"a": 30000, "b": 100, "c": 0, "d": 90000},
    ...     tiers={"a": "gold", "b": "gold", "c": "gold", "d": "diamond"},
    ... )
    >>> sorted(r.by_amount), sorted(r.by_rank)
    (['a'], ['a', 'b', 'c'])
    """
    policy = resolve_policy(policy)
    rule = require(policy, "schedules.filing", policy.schedules.filing)
    amounts = _amounts(monthly_average_spend, "monthly_average_spend", "FILE-1")
    d = decide_filing(amounts, _tiers(tiers, amounts, "tiers", "FILE-1"), rule)
    return FilingList(
        keys=d.keys,
        by_amount=d.by_amount,
        by_rank=d.by_rank,
        explanation=Explanation(steps=explain_filing(d)),
        policy_fingerprint=policy.fingerprint,
    )


def provincial_filing(
    monthly_average_spend: Mapping[str, Amount],
    *,
    tiers: Mapping[str, Tier | str],
    policy: Policy | None = None,
) -> frozenset[str]:
    """Return the keys of the GOLD customers filed with the province (报省局备案, FILE-1).

    See :func:`provincial_filing_list` for the reasons.

    >>> spend = {f"c{i:02d}": 1000 + i for i in range(12)}
    >>> sorted(provincial_filing(spend, tiers=dict.fromkeys(spend, "gold")))[:3]
    ['c02', 'c03', 'c04']
    """
    return provincial_filing_list(monthly_average_spend, tiers=tiers, policy=policy).keys


class KeyCustomerList(Result):
    """Key customers of the detailed revenue table (重点大客户收入统计表, REPORT-5)."""

    keys: SortedSet[str]
    by_tier: SortedSet[str]
    by_rank: SortedSet[str]
    explanation: Explanation


@exact
def key_customers(
    revenue: Mapping[str, Amount],
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
    rule = require(policy, "schedules.key_customers", policy.schedules.key_customers)
    amounts = _amounts(revenue, "revenue", "REPORT-5")
    graded = _tiers(tiers, sorted(amounts), "tiers", "REPORT-5")
    missing = "missing: every customer needs a revenue"
    present(sorted(tiers), amounts, "revenue", missing, rule="REPORT-5")
    floor = rule.min_tier
    by_tier = frozenset(key for key, tier in graded.items() if tier.rank >= floor.rank)
    by_rank = _top_with_ties(amounts, rule.top)
    keys = by_tier | by_rank
    steps = (
        step(
            "REPORT-5",
            "reporting.key_tier",
            floor=floor,
            count=len(by_tier),
            total=len(amounts),
        ),
        step("REPORT-5", "reporting.key_rank", top=rule.top, count=len(by_rank)),
        step("REPORT-5", "reporting.key_total", count=len(keys)),
    )
    return KeyCustomerList(
        keys=keys,
        by_tier=by_tier,
        by_rank=by_rank,
        explanation=Explanation(steps=steps),
        policy_fingerprint=policy.fingerprint,
    )

"""大客户经理薪酬: an account manager's monthly pay, and a month's pay run (PAY-1..5).

Monthly pay = performance pay (PAY-1) + marketing reward (PAY-2) + field allowance (PAY-4)
+ any outstanding-contribution award (PAY-3), each line exact to the fen (PAY-5).

One path: :func:`decide_pay` computes a payslip from validated values, :func:`explain_pay`
words that decision, and :func:`monthly_pay` and :func:`pay_run` validate once, decide and
wrap. The CSV and JSON files of a pay run are written by
:mod:`keyaccount_rules.io.frames` (``pay_run_csv``, ``pay_run_json``).

>>> from keyaccount_rules import BusinessLine, PayIndicator
>>> quality = dict.fromkeys(PayIndicator, 1)
>>> slip = monthly_pay(quality, [Collection(BusinessLine.EXPRESS, 10000)])
>>> slip.performance_pay, slip.marketing_reward, slip.field_allowance, slip.total
(Decimal('800.00'), Decimal('500.00'), Decimal('150.00'), Decimal('1450.00'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.core import writers
from keyaccount_rules.core.arguments import (
    Day,
    Name,
    Proportion,
    as_records,
    checked,
    collection,
    distinct,
    enum_mapping,
    instance_of,
)
from keyaccount_rules.core.catalogue import listed, step, words
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.money import (
    Amount,
    Yuan,
    below_ceiling,
    exact,
    format_yuan,
    parse_yuan,
    round_to_cent,
)
from keyaccount_rules.core.vocabulary import BusinessLine, PayIndicator, Post
from keyaccount_rules.policy import PayPolicy, Policy, require, resolve_policy
from keyaccount_rules.records.customer import Collection

__all__ = [
    "PAY_COLUMNS",
    "AwardLine",
    "Collection",
    "CollectionAward",
    "ManagerPayslip",
    "PayDecision",
    "PayRun",
    "PayRunGiven",
    "PayTotals",
    "PayrollEntry",
    "Payslip",
    "decide_pay",
    "explain_pay",
    "monthly_pay",
    "pay_run",
    "project_firsts",
]

#: The money columns of a payslip, in the order of a pay run's rows and totals.
PAY_COLUMNS = (
    "performance_pay",
    "marketing_reward",
    "field_allowance",
    "outstanding_award",
    "total",
)


class CollectionAward(BaseModel):
    """营销奖励: the one-off reward for one collection, rounded on its own (PAY-2, PAY-5).

    ``project`` is the long-term project of the collection, if any. ``first`` is False for a
    project's collection that earns nothing (not the project's first, or the project was
    rewarded in an earlier month, PAY-3), True for every collection that earns its award.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: BusinessLine
    amount: Yuan
    rate: Decimal
    award: Yuan
    project: str | None = None
    collected_on: date | None = None
    first: bool = True


class Payslip(Result):
    """工资单: one manager's monthly pay, line by line, with the clause behind each line."""

    performance_pay: Yuan
    marketing_reward: Yuan
    field_allowance: Yuan
    outstanding_award: Yuan
    total: Yuan
    awards: tuple[CollectionAward, ...]
    explanation: Explanation


#: Where a project's first collection is: (manager in a pay run or None, 1-based index), or
#: None when the project was already rewarded in an earlier month (PAY-3).
FirstAt = tuple[str | None, int] | None


class AwardLine(NamedTuple):
    """One collection's award before and after rounding (PAY-2, PAY-5), and PAY-3's verdict.

    ``status``: ``"plain"`` (no project), ``"first"`` (the project's first collection: it earns
    the reward), ``"later"`` (not the first: no award; ``first_at`` says which is) or
    ``"earlier"`` (the project was rewarded in an earlier month: no award).
    """

    line: BusinessLine
    amount: Decimal
    rate: Decimal
    raw: Decimal
    award: Decimal
    project: str | None = None
    collected_on: date | None = None
    status: str = "plain"
    first_at: FirstAt = None


def project_firsts(
    groups: Sequence[tuple[str | None, Sequence[Collection]]], rewarded: frozenset[str]
) -> dict[str, FirstAt]:
    """PAY-3: each project's first collection among ``groups`` (manager, collections).

    001 薪酬: 「除给予第一笔业务收入一定比例的营销奖励外」 — only a long-term project's first
    business revenue earns the PAY-2 reward. The first is the earliest by ``collected_on``;
    on the same day, the first given (managers in run order, then collections in order). A
    collection without a date cannot be shown to be earlier than a dated one: undated
    collections come after every dated one of their project, in the order given. A project
    in ``rewarded`` (rewarded in an earlier month) has no first here (None).
    """
    best: dict[str, tuple[tuple[bool, date, int, int], FirstAt]] = {}
    for order, (manager, items) in enumerate(groups):
        for index, item in enumerate(items, start=1):
            if item.project is None or item.project in rewarded:
                continue
            on = item.collected_on
            key = (on is None, on or date.min, order, index)
            if item.project not in best or key < best[item.project][0]:
                best[item.project] = (key, (manager, index))
    found: dict[str, FirstAt] = dict.fromkeys(rewarded)
    found.update((project, where) for project, (_key, where) in best.items())
    return found


class PayDecision(NamedTuple):
    """A payslip's numbers, without text: every input and every exact and rounded line."""

    base: Decimal
    weights: Mapping[PayIndicator, Decimal]
    quality: Mapping[PayIndicator, Decimal]
    factor: Decimal
    exact_performance: Decimal
    performance: Decimal
    awards: tuple[AwardLine, ...]
    marketing: Decimal
    allowance: Decimal
    outstanding: Decimal
    total: Decimal


def decide_pay(
    pay: PayPolicy,
    quality: Mapping[PayIndicator, Decimal],
    collections: Sequence[Collection],
    outstanding: Decimal,
    firsts: Mapping[str, FirstAt] | None = None,
    manager: str | None = None,
) -> PayDecision:
    """PAY-1..5 on validated values; each line is rounded on its own, then added (PAY-5).

    ``firsts`` (from :func:`project_firsts`, default: computed from ``collections`` alone)
    says where each project's first collection is; ``manager`` names this payslip's manager
    in a pay run. Only a project's first collection earns an award (PAY-3).
    """
    if firsts is None:
        firsts = project_firsts([(manager, collections)], frozenset())
    base = pay.performance.base
    weights = pay.performance.weights
    # PAY-1: base × Σ weight × quality, rounded once (PAY-5). The formula and the equal weights
    # are the rulebook's decision G-12: the source says only 「根据指标工作质量的好坏核发」.
    factor = sum((weights[i] * quality[i] for i in PayIndicator), Decimal(0))
    exact_performance = base * factor
    performance = round_to_cent(exact_performance)
    # PAY-2: one one-off award per collection, each rounded on its own (PAY-5).
    awards = []
    for index, item in enumerate(collections, start=1):
        rate = pay.marketing.rates[item.line]
        raw = item.amount * rate
        status, first_at = "plain", None
        if item.project is not None:
            first_at = firsts[item.project]
            if first_at is None:
                status = "earlier"
            elif first_at == (manager, index):
                status, first_at = "first", None
            else:
                status = "later"
        award = round_to_cent(raw) if status in ("plain", "first") else Decimal("0.00")
        awards.append(
            AwardLine(
                item.line,
                item.amount,
                rate,
                raw,
                award,
                item.project,
                item.collected_on,
                status,
                first_at,
            )
        )
    marketing = sum((a.award for a in awards), Decimal("0.00"))
    allowance = pay.allowance.amount
    total = performance + marketing + allowance + outstanding
    return PayDecision(
        base=base,
        weights=weights,
        quality=quality,
        factor=factor,
        exact_performance=exact_performance,
        performance=performance,
        awards=tuple(awards),
        marketing=marketing,
        allowance=allowance,
        outstanding=outstanding,
        total=total,
    )


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _award_steps(index: int, award: AwardLine, manager: str | None) -> list[Step]:
    """PAY-2's award of one collection, with PAY-3's verdict for a project's collection."""
    if award.status in ("plain", "first"):
        steps = [
            step(
                "PAY-2",
                "compensation.award",
                index=index,
                line=award.line,
                amount=format_yuan(award.amount),
                rate=_percent(award.rate),
                raw=_number(award.raw),
                award=format_yuan(award.award),
            )
        ]
        if award.status == "first":
            steps.append(
                step("PAY-3", "compensation.award_first", index=index, project=award.project)
            )
        return steps
    common = {"index": index, "line": award.line, "amount": format_yuan(award.amount)}
    if award.first_at is None:  # status "earlier": decide_pay leaves first_at None only there
        return [step("PAY-3", "compensation.award_earlier", project=award.project, **common)]
    owner, first = award.first_at
    where = (
        words("compensation.first_here", first=first)
        if owner == manager
        else words("compensation.first_of", first=first, manager=owner)
    )
    return [step("PAY-3", "compensation.award_later", project=award.project, where=where, **common)]


def explain_pay(d: PayDecision, manager: str | None = None) -> Explanation:
    """The payslip's lines in the order of the source: PAY-1, PAY-2, PAY-4, PAY-3, PAY-5."""
    terms = listed(
        "compensation.performance_term",
        (
            {"indicator": i, "weight": _number(d.weights[i]), "quality": _number(d.quality[i])}
            for i in PayIndicator
        ),
        sep="join.clauses",
    )
    base = format_yuan(d.base)
    steps = [
        step(
            "PAY-1",
            "compensation.performance",
            base=base,
            terms=terms,
            factor=_number(d.factor),
            exact=_number(d.exact_performance),
            pay=format_yuan(d.performance),
        )
    ]
    for index, award in enumerate(d.awards, start=1):
        steps.extend(_award_steps(index, award, manager))
    lines = {
        "performance": format_yuan(d.performance),
        "marketing": format_yuan(d.marketing),
        "allowance": format_yuan(d.allowance),
        "outstanding": format_yuan(d.outstanding),
    }
    steps += [
        step("PAY-2", "compensation.marketing", count=len(d.awards), reward=lines["marketing"]),
        step("PAY-4", "compensation.allowance", amount=lines["allowance"]),
        step("PAY-3", "compensation.outstanding", amount=lines["outstanding"]),
        step("PAY-5", "compensation.total", total=format_yuan(d.total), **lines),
    ]
    return Explanation(steps=tuple(steps))


def _payslip(
    decision: PayDecision, policy: Policy, manager: str | None = None, *, field: str = "total"
) -> Payslip:
    below_ceiling(decision.total, field, rule="PAY-5")
    return Payslip(
        performance_pay=decision.performance,
        marketing_reward=decision.marketing,
        field_allowance=decision.allowance,
        outstanding_award=decision.outstanding,
        total=decision.total,
        awards=tuple(
            CollectionAward(
                line=a.line,
                amount=a.amount,
                rate=a.rate,
                award=a.award,
                project=a.project,
                collected_on=a.collected_on,
                first=a.status != "later" and a.status != "earlier",
            )
            for a in decision.awards
        ),
        explanation=explain_pay(decision, manager),
        policy_fingerprint=policy.fingerprint,
    )


def _qualities(
    quality: Mapping[PayIndicator, Amount] | Mapping[str, Amount],
) -> dict[PayIndicator, Decimal]:
    return enum_mapping(PayIndicator, quality, "quality", Proportion, rule="PAY-1")


@exact
def monthly_pay(
    quality: Mapping[PayIndicator, Amount] | Mapping[str, Amount],
    collections: Iterable[Collection],
    *,
    outstanding_award: Amount = 0,
    rewarded_projects: Iterable[str] = (),
    policy: Policy | None = None,
) -> Payslip:
    """Compute a manager's monthly pay (大客户经理薪酬, PAY-1..5).

    PAY-3 (001 薪酬: 「除给予第一笔业务收入一定比例的营销奖励外，还可根据贡献大小，
    再予核发金额不定的突出贡献奖」): of a long-term project's collections only the first
    earns the PAY-2 reward — the earliest by ``collected_on``, ties and undated collections
    in the order given (see :func:`project_firsts`); a project in ``rewarded_projects`` earns
    nothing this month.

    Args:
        quality: the work quality of each ``PayIndicator``, a fraction in [0, 1] (PAY-1).
        collections: the revenue collected this month, one ``Collection`` each (PAY-2).
        outstanding_award: the outstanding-contribution award management decided (PAY-3).
        rewarded_projects: the projects whose first collection was rewarded in an earlier
            month (PAY-3).
        policy: the policy to apply (default: the rulebook's); a bureau's own allowance and
            rates come in through a policy variant.

    Raises:
        RuleInputError: a missing or out-of-range quality, a bad collection or award.

    >>> from keyaccount_rules import PayIndicator
    >>> q = {PayIndicator.GROUNDWORK: "0.9", "service": 1, "feedback": "0.8", "marketing": 1}
    >>> slip = monthly_pay(q, [Collection("bills", "1234.50")], outstanding_award=300)
    >>> slip.performance_pay, slip.marketing_reward, slip.total
    (Decimal('740.00'), Decimal('61.73'), Decimal('1251.73'))
    """
    policy = resolve_policy(policy)
    qualities = _qualities(quality)
    award = parse_yuan(outstanding_award, "outstanding_award", rule="PAY-3")
    items: list[Collection] = as_records(Collection, collections, "collections", "PAY-2")
    rewarded = _projects(rewarded_projects)
    firsts = project_firsts([(None, items)], rewarded)
    return _payslip(
        decide_pay(require(policy, "pay", policy.pay), qualities, items, award, firsts), policy
    )


#: PAY-3's ``rewarded_projects``: names of projects (a blank name is an error).
ProjectNames = collection("must be a collection of project names", Name)


def _projects(values: Iterable[str]) -> frozenset[str]:
    names: tuple[str, ...] = checked(ProjectNames, values, "rewarded_projects", rule="PAY-3")
    return frozenset(name.strip() for name in names)


# ---------------------------------------------------------------- pay run


class PayrollEntry(BaseModel):
    """One manager's inputs for a pay run: quality per indicator, collections, any award."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    manager: str = Field(min_length=1, description="Payroll key of the account manager.")
    quality: FrozenMap[PayIndicator, Decimal]
    post: Post | None = Field(
        default=None, description="The manager's post, if known (PAY-1: who the scheme pays)."
    )
    collections: tuple[Collection, ...] = ()
    outstanding_award: Yuan = Decimal("0.00")


class ManagerPayslip(BaseModel):
    """A manager's payslip within a pay run."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    manager: str
    payslip: Payslip


class PayTotals(BaseModel):
    """Column totals of a pay run; ``total`` equals the sum of every payslip's total."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    managers: int
    performance_pay: Yuan
    marketing_reward: Yuan
    field_allowance: Yuan
    outstanding_award: Yuan
    total: Yuan


class PayRun(Result):
    """月度薪酬表: a month's payslips and their totals, ready for a payroll system.

    ``rows()`` gives one flat row per manager from the result's JSON form
    (``model_dump(mode="json")``: amounts as ``1234.50`` strings). The files a payroll system
    imports are written by ``keyaccount_rules.io`` (``csv_text.pay_run_csv``,
    ``frames.pay_run_json``); ``to_csv()`` and ``to_json()`` give the same text.
    """

    month: str = Field(pattern=r"^\d{4}-\d{2}$", description="The pay month, YYYY-MM.")
    payslips: tuple[ManagerPayslip, ...]
    totals: PayTotals
    explanation: Explanation

    def rows(self) -> list[dict[str, str]]:
        """One flat row per manager: month, manager, the five money columns, collections."""
        columns = set(PAY_COLUMNS)
        return [
            {
                "month": self.month,
                "manager": entry.manager,
                **entry.payslip.model_dump(mode="json", include=columns),
                "collections": str(len(entry.payslip.awards)),
            }
            for entry in self.payslips
        ]

    def to_csv(self) -> str:
        """The rows as CSV (header first, amounts as plain ``1234.50``), for a payroll import:
        ``keyaccount_rules.io.csv_text.pay_run_csv``'s text (spreadsheet-safe, ``\\r\\n``)."""
        return writers.write("pay_run.csv", self)

    def to_json(self) -> str:
        """The rows and the totals as one JSON document, amounts as strings to the fen."""
        return writers.write("pay_run.json", self)


#: A pay run as an argument (its CSV and JSON writers): a :class:`PayRun` from :func:`pay_run`.
PayRunGiven = instance_of(PayRun, "must be a PayRun (from pay_run)")


def _entry_payslip(
    index: int,
    entry: PayrollEntry,
    policy: Policy,
    firsts: Mapping[str, FirstAt],
    excluded: frozenset[Post],
) -> ManagerPayslip:
    """One entry's payslip; an entry's error (a post outside the scheme, PAY-1; a bad
    quality) names the entry and its manager."""
    # (field, problem, rule, fix) of the entry's error, if any
    error: tuple[str, str, str | None, str] | None = None
    cause: RuleInputError | None = None
    qualities: dict[PayIndicator, Decimal] = {}
    if entry.post is not None and entry.post in excluded:
        error = ("post", f"{entry.post.value} is outside the pay scheme", "PAY-1", _OUTSIDE)
    else:
        try:
            qualities = _qualities(entry.quality)
        except RuleInputError as err:
            error, cause = (err.field, err.problem, err.rule, ""), err
    if error is not None:
        field, problem, rule, fix = error
        raise RuleInputError(
            f"entries[{index}].{field}",
            f"{problem} (manager {entry.manager!r})",
            rule=rule,
            fix=fix,
        ) from cause
    decision = decide_pay(
        require(policy, "pay", policy.pay),
        qualities,
        entry.collections,
        entry.outstanding_award,
        firsts,
        entry.manager,
    )
    payslip = _payslip(decision, policy, entry.manager, field=f"entries[{index}].total")
    return ManagerPayslip(manager=entry.manager, payslip=payslip)


_OUTSIDE = "pay the director and deputy outside the pay run (001 「除主任副主任外」)"


def _excluded_posts(policy: Policy) -> frozenset[Post]:
    """The posts the policy's pay scheme does not pay (PAY-1; none when it names none)."""
    pay = require(policy, "pay", policy.pay)
    return frozenset() if pay.scope is None else frozenset(pay.scope.excluded_posts)


@exact
def pay_run(
    entries: Iterable[PayrollEntry],
    *,
    month: date,
    rewarded_projects: Iterable[str] = (),
    policy: Policy | None = None,
) -> PayRun:
    """Pay every manager for a month (月度薪酬), with totals that reconcile to the fen (PAY-5).

    PAY-3 is decided over the whole run: a project's first collection is the earliest by date
    among every manager's collections (same day: managers in run order), and only it earns the
    reward; a project in ``rewarded_projects`` (rewarded in an earlier month) earns nothing.

    Args:
        entries: one ``PayrollEntry`` per manager (a manager may appear only once).
        month: any date in the pay month.
        rewarded_projects: projects whose first collection was rewarded in an earlier month.
        policy: the policy to apply (default: the rulebook's).

    An entry whose ``post`` the policy's ``pay.scope`` excludes (001: the director and the
    deputy, 「除主任副主任外」) is refused: the scheme does not pay them.

    Raises:
        RuleInputError: a bad entry (named by its index and field), a repeated manager, or
            an entry of a post outside the scheme.

    >>> from keyaccount_rules import PayIndicator
    >>> q = dict.fromkeys(PayIndicator, 1)
    >>> run = pay_run([PayrollEntry(manager="li", quality=q),
    ...                PayrollEntry(manager="wang", quality=q, outstanding_award=200)],
    ...               month=date(2026, 11, 30))
    >>> run.totals.total, run.totals.managers
    (Decimal('2100.00'), 2)
    """
    policy = resolve_policy(policy)
    day: date = checked(Day, month, "month", rule="PAY-5")
    payslips: list[ManagerPayslip] = []
    listed_entries: list[PayrollEntry] = as_records(PayrollEntry, entries, "entries", "PAY-1")
    managers = (entry.manager for entry in listed_entries)
    distinct(managers, "entries", "appears twice in the pay run", at=".manager")
    firsts = project_firsts(
        [(entry.manager, entry.collections) for entry in listed_entries],
        _projects(rewarded_projects),
    )
    excluded = _excluded_posts(policy)
    for index, entry in enumerate(listed_entries):
        payslips.append(_entry_payslip(index, entry, policy, firsts, excluded))
    sums = {
        column: sum((getattr(p.payslip, column) for p in payslips), Decimal("0.00"))
        for column in PAY_COLUMNS
    }
    below_ceiling(sums["total"], "entries", rule="PAY-5")
    label = f"{day:%Y-%m}"
    explanation = Explanation.of(
        step(
            "PAY-5",
            "compensation.run",
            month=label,
            count=len(payslips),
            lines=" + ".join(format_yuan(sums[c]) for c in PAY_COLUMNS[:-1]),
            total=format_yuan(sums["total"]),
        )
    )
    return PayRun(
        month=label,
        payslips=tuple(payslips),
        totals=PayTotals(managers=len(payslips), **sums),
        explanation=explanation,
        policy_fingerprint=policy.fingerprint,
    )

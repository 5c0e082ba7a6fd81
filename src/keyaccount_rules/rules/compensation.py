"""大客户经理薪酬: an account manager's monthly pay, and a month's pay run (PAY-1..5).

Monthly pay = performance pay (PAY-1) + marketing reward (PAY-2) + field allowance (PAY-4)
+ any outstanding-contribution award (PAY-3), each line exact to the fen (PAY-5).

>>> from keyaccount_rules import BusinessLine, PayIndicator
>>> quality = dict.fromkeys(PayIndicator, 1)
>>> slip = monthly_pay(quality, [Collection(BusinessLine.EXPRESS, 10000)])
>>> slip.performance_pay, slip.marketing_reward, slip.field_allowance, slip.total
(Decimal('800.00'), Decimal('500.00'), Decimal('150.00'), Decimal('1450.00'))
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from keyaccount_rules.arguments import as_records, enum_mapping, resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.money import Yuan, format_yuan, parse_fraction, parse_yuan, round_to_cent
from keyaccount_rules.policy import Policy
from keyaccount_rules.records import Collection
from keyaccount_rules.vocabulary import BusinessLine, PayIndicator

__all__ = [
    "Collection",
    "CollectionAward",
    "ManagerPayslip",
    "PayRun",
    "PayTotals",
    "PayrollEntry",
    "Payslip",
    "monthly_pay",
    "pay_run",
]

_PAY_COLUMNS = (
    "performance_pay",
    "marketing_reward",
    "field_allowance",
    "outstanding_award",
    "total",
)


class CollectionAward(BaseModel):
    """营销奖励: the one-off reward for one collection, rounded on its own (PAY-2, PAY-5)."""

    model_config = ConfigDict(frozen=True)

    line: BusinessLine
    amount: Yuan
    rate: Decimal
    award: Yuan


class Payslip(Result):
    """工资单: one manager's monthly pay, line by line, with the clause behind each line."""

    model_config = ConfigDict(frozen=True)

    performance_pay: Yuan
    marketing_reward: Yuan
    field_allowance: Yuan
    outstanding_award: Yuan
    total: Yuan
    awards: tuple[CollectionAward, ...]
    explanation: Explanation


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def monthly_pay(
    quality: Mapping[PayIndicator, object] | Mapping[str, object],
    collections: Iterable[Collection],
    *,
    outstanding_award: Decimal | int | str | float = 0,
    policy: Policy | None = None,
) -> Payslip:
    """Compute a manager's monthly pay (大客户经理薪酬, PAY-1..5).

    Args:
        quality: the work quality of each ``PayIndicator``, a fraction in [0, 1] (PAY-1).
        collections: the revenue collected this month, one ``Collection`` each (PAY-2).
        outstanding_award: the outstanding-contribution award management decided (PAY-3).
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
    pay = policy.pay
    qualities = enum_mapping(
        PayIndicator,
        quality,
        "quality",
        lambda value, field: parse_fraction(value, field, rule="PAY-1"),
        rule="PAY-1",
    )
    award_input = parse_yuan(outstanding_award, "outstanding_award", rule="PAY-3")
    items: list[Collection] = as_records(Collection, collections, "collections", "PAY-2")

    # PAY-1: base × Σ weight × quality, rounded once (PAY-5).
    base = pay.performance.base
    weights = pay.performance.weights
    factor = sum((weights[i] * qualities[i] for i in PayIndicator), Decimal(0))
    exact = base * factor
    performance = round_to_cent(exact)
    terms = ", ".join(
        f"{i.value} {_number(weights[i])} × {_number(qualities[i])}" for i in PayIndicator
    )
    terms_zh = "，".join(
        f"{i.zh}{_number(weights[i])}×{_number(qualities[i])}" for i in PayIndicator
    )
    steps = [
        Step(
            rule="PAY-1",
            text=f"performance pay = base {format_yuan(base)} × Σ weight × quality ({terms})"
            f" = {format_yuan(base)} × {_number(factor)} = {_number(exact)}"
            f" → {format_yuan(performance)}",
            text_zh=f"业绩工资 = 基数{format_yuan(base)}元 × Σ权重×质量（{terms_zh}）"
            f" = {format_yuan(base)} × {_number(factor)} = {_number(exact)}"
            f" → {format_yuan(performance)}元",
        )
    ]

    # PAY-2: one one-off award per collection, each rounded on its own (PAY-5).
    awards = []
    for index, item in enumerate(items, start=1):
        rate = pay.marketing.rates[item.line]
        raw = item.amount * rate
        award = round_to_cent(raw)
        awards.append(CollectionAward(line=item.line, amount=item.amount, rate=rate, award=award))
        steps.append(
            Step(
                rule="PAY-2",
                text=f"collection {index}: {item.line.value} {format_yuan(item.amount)}"
                f" × {_percent(rate)} = {_number(raw)} → award {format_yuan(award)}",
                text_zh=f"第{index}笔揽收：{item.line.zh}{format_yuan(item.amount)}元"
                f" × {_percent(rate)} = {_number(raw)} → 一次性营销奖励{format_yuan(award)}元",
            )
        )
    marketing = sum((a.award for a in awards), Decimal("0.00"))
    steps.append(
        Step(
            rule="PAY-2",
            text=f"marketing reward = sum of {len(awards)} rounded award(s)"
            f" = {format_yuan(marketing)}",
            text_zh=f"营销奖励 = {len(awards)}笔已四舍五入的奖励之和 = {format_yuan(marketing)}元",
        )
    )

    allowance = pay.allowance.amount
    steps.append(
        Step(
            rule="PAY-4",
            text=f"field allowance {format_yuan(allowance)} a month",
            text_zh=f"外勤津贴 每月{format_yuan(allowance)}元",
        )
    )
    steps.append(
        Step(
            rule="PAY-3",
            text=f"outstanding-contribution award {format_yuan(award_input)}"
            " (decided by management, an input)",
            text_zh=f"突出贡献奖 {format_yuan(award_input)}元（由管理层核定，输入值）",
        )
    )
    total = performance + marketing + allowance + award_input
    steps.append(
        Step(
            rule="PAY-5",
            text=f"total = {format_yuan(performance)} + {format_yuan(marketing)}"
            f" + {format_yuan(allowance)} + {format_yuan(award_input)} = {format_yuan(total)}"
            " (each line rounded half-up to the fen)",
            text_zh=f"合计 = {format_yuan(performance)} + {format_yuan(marketing)}"
            f" + {format_yuan(allowance)} + {format_yuan(award_input)} = {format_yuan(total)}元"
            "（各项按分四舍五入）",
        )
    )
    return Payslip(
        performance_pay=performance,
        marketing_reward=marketing,
        field_allowance=allowance,
        outstanding_award=award_input,
        total=total,
        awards=tuple(awards),
        explanation=Explanation(steps=tuple(steps)),
    )


# ---------------------------------------------------------------- pay run


class PayrollEntry(BaseModel):
    """One manager's inputs for a pay run: quality per indicator, collections, any award."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    manager: str = Field(min_length=1, description="Payroll key of the account manager.")
    quality: dict[PayIndicator, Decimal]
    collections: tuple[Collection, ...] = ()
    outstanding_award: Yuan = Decimal("0.00")


class ManagerPayslip(BaseModel):
    """A manager's payslip within a pay run."""

    model_config = ConfigDict(frozen=True)

    manager: str
    payslip: Payslip


class PayTotals(BaseModel):
    """Column totals of a pay run; ``total`` equals the sum of every payslip's total."""

    model_config = ConfigDict(frozen=True)

    managers: int
    performance_pay: Yuan
    marketing_reward: Yuan
    field_allowance: Yuan
    outstanding_award: Yuan
    total: Yuan


class PayRun(Result):
    """月度薪酬表: a month's payslips, their totals, and exports for a payroll system."""

    model_config = ConfigDict(frozen=True)

    month: str = Field(pattern=r"^\d{4}-\d{2}$", description="The pay month, YYYY-MM.")
    payslips: tuple[ManagerPayslip, ...]
    totals: PayTotals
    explanation: Explanation

    def rows(self) -> list[dict[str, str]]:
        """One flat row per manager: month, manager, the five money columns, collections."""
        return [
            {
                "month": self.month,
                "manager": entry.manager,
                **{column: f"{getattr(entry.payslip, column):.2f}" for column in _PAY_COLUMNS},
                "collections": str(len(entry.payslip.awards)),
            }
            for entry in self.payslips
        ]

    def to_csv(self) -> str:
        """The rows as CSV (header first, amounts as plain ``1234.50``), for a payroll import.

        >>> from keyaccount_rules import PayIndicator
        >>> run = pay_run([PayrollEntry(manager="li", quality=dict.fromkeys(PayIndicator, 1))],
        ...               month=date(2026, 11, 1))
        >>> print(run.to_csv(), end="")
        month,manager,performance_pay,marketing_reward,field_allowance,outstanding_award,total,collections
        2026-11,li,800.00,0.00,150.00,0.00,950.00,0
        """
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=["month", "manager", *_PAY_COLUMNS, "collections"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(self.rows())
        return out.getvalue()

    def to_json(self) -> str:
        """The rows and the totals as one JSON document, amounts as strings to the fen."""
        totals = self.totals.model_dump(mode="json")
        return json.dumps(
            {"month": self.month, "rows": self.rows(), "totals": totals}, ensure_ascii=False
        )


def pay_run(
    entries: Iterable[PayrollEntry], *, month: date, policy: Policy | None = None
) -> PayRun:
    """Pay every manager for a month (月度薪酬), with totals that reconcile to the fen (PAY-5).

    Args:
        entries: one ``PayrollEntry`` per manager (a manager may appear only once).
        month: any date in the pay month.
        policy: the policy to apply (default: the rulebook's).

    Raises:
        RuleInputError: a bad entry (named by its index and field) or a repeated manager.

    >>> from keyaccount_rules import PayIndicator
    >>> q = dict.fromkeys(PayIndicator, 1)
    >>> run = pay_run([PayrollEntry(manager="li", quality=q),
    ...                PayrollEntry(manager="wang", quality=q, outstanding_award=200)],
    ...               month=date(2026, 11, 30))
    >>> run.totals.total, run.totals.managers
    (Decimal('2100.00'), 2)
    """
    policy = resolve_policy(policy)
    if not isinstance(month, date):
        raise RuleInputError("month", "must be a date inside the pay month", got=month)
    payslips: list[ManagerPayslip] = []
    seen: set[str] = set()
    for index, entry in enumerate(as_records(PayrollEntry, entries, "entries", "PAY-1")):
        if entry.manager in seen:
            raise RuleInputError(
                f"entries[{index}].manager", "appears twice in the pay run", got=entry.manager
            )
        seen.add(entry.manager)
        try:
            slip = monthly_pay(
                entry.quality,
                entry.collections,
                outstanding_award=entry.outstanding_award,
                policy=policy,
            )
        except RuleInputError as err:
            raise RuleInputError(
                f"entries[{index}].{err.field}",
                f"{err.problem} (manager {entry.manager!r})",
                rule=err.rule,
            ) from err
        payslips.append(ManagerPayslip(manager=entry.manager, payslip=slip))
    sums = {
        column: sum((getattr(p.payslip, column) for p in payslips), Decimal("0.00"))
        for column in _PAY_COLUMNS
    }
    totals = PayTotals(managers=len(payslips), **sums)
    label = f"{month:%Y-%m}"
    lines = " + ".join(format_yuan(sums[c]) for c in _PAY_COLUMNS[:-1])
    explanation = Explanation.of(
        Step(
            rule="PAY-5",
            text=f"pay run {label}: {len(payslips)} payslip(s); column totals {lines}"
            f" = {format_yuan(sums['total'])} = sum of the payslip totals",
            text_zh=f"{label}月薪酬表：{len(payslips)}张工资单；各项合计 {lines}"
            f" = {format_yuan(sums['total'])}元，等于各工资单合计之和",
        )
    )
    return PayRun(month=label, payslips=tuple(payslips), totals=totals, explanation=explanation)

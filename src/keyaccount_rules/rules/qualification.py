"""大客户界定: whether a customer is a key account, and by which criteria (QUAL-1..5).

>>> from keyaccount_rules import Customer
>>> q = qualify(Customer(name="A", last_year_revenue={"express": 20000},
...                      current_month_revenue={"express": 2000}))
>>> q.qualified, [c.value for c in q.criteria], sorted(q.professional_lines)
(True, ['comprehensive', 'professional'], [<BusinessLine.EXPRESS: 'express'>])
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from pydantic import ConfigDict

from keyaccount_rules.arguments import resolve_policy
from keyaccount_rules.errors import RuleInputError
from keyaccount_rules.explanation import Explanation, Result, Step
from keyaccount_rules.money import format_yuan, parse_fraction, parse_yuan, round_to_cent
from keyaccount_rules.policy import Policy
from keyaccount_rules.policy.customers import QualificationPolicy
from keyaccount_rules.records import Customer
from keyaccount_rules.vocabulary import BusinessLine, Criterion

__all__ = [
    "Qualification",
    "decide_qualification",
    "line_amounts",
    "newspaper_monthly_revenue",
    "qualify",
]

_ZERO = Decimal("0.00")


class Qualification(Result):
    """Whether a customer is a key account: every criterion met and every professional line."""

    model_config = ConfigDict(frozen=True)

    qualified: bool
    criteria: tuple[Criterion, ...]
    professional_lines: frozenset[BusinessLine]
    explanation: Explanation


def _compare(amount: Decimal, threshold: Decimal) -> str:
    # "达到" means reaching the number: an amount exactly on the threshold qualifies.
    return "≥" if amount >= threshold else "<"


def line_amounts(
    line: BusinessLine,
    last_year: Mapping[BusinessLine, Decimal],
    current_month: Mapping[BusinessLine, Decimal],
    newspaper_turnover: tuple[Decimal, Decimal],
) -> tuple[Decimal, Decimal]:
    """The (previous year, current month) amounts QUAL-3 compares for a line.

    Newspapers are measured on turnover (流转额), not revenue (QUAL-4).
    """
    if line is BusinessLine.NEWSPAPERS:
        return newspaper_turnover
    return last_year.get(line, _ZERO), current_month.get(line, _ZERO)


def decide_qualification(
    rules: QualificationPolicy,
    *,
    has_agreement: bool,
    last_year: Mapping[BusinessLine, Decimal],
    current_month: Mapping[BusinessLine, Decimal],
    newspaper_turnover: tuple[Decimal, Decimal],
) -> tuple[tuple[Criterion, ...], frozenset[BusinessLine]]:
    """The criteria met (in QUAL order) and the professional lines: QUAL-1..4's one definition.

    :func:`qualify` explains this decision; the portfolio fast path calls it directly.
    "达到" means reaching the number: an amount exactly on a threshold qualifies.
    """
    criteria: list[Criterion] = []
    if has_agreement:  # QUAL-1
        criteria.append(Criterion.AGREEMENT)
    comp = rules.comprehensive
    if (
        sum(last_year.values(), _ZERO) >= comp.last_year
        and sum(current_month.values(), _ZERO) >= comp.current_month
    ):  # QUAL-2
        criteria.append(Criterion.COMPREHENSIVE)
    professional = []
    for line, threshold in rules.lines.items():  # QUAL-3, QUAL-4 (hot path: kept inline)
        if line is BusinessLine.NEWSPAPERS:
            year, month = newspaper_turnover
        else:
            year, month = last_year.get(line, _ZERO), current_month.get(line, _ZERO)
        if (year or month) and year >= threshold.last_year and month >= threshold.current_month:
            professional.append(line)
    if professional:
        criteria.append(Criterion.PROFESSIONAL)
    return tuple(criteria), frozenset(professional)


def qualify(customer: Customer, *, policy: Policy | None = None) -> Qualification:
    """Decide whether a customer is a key account (大客户界定, QUAL-1..4).

    Every criterion is tested and every one met is listed, in QUAL order; a customer meeting
    QUAL-3 for a line is a professional key account (专业大客户) of that line.

    Raises:
        RuleInputError: ``customer`` is not a :class:`Customer`.
    """
    policy = resolve_policy(policy)
    if not isinstance(customer, Customer):
        raise RuleInputError("customer", "must be a keyaccount_rules.Customer", got=customer)
    rules = policy.qualification
    turnover = (customer.newspaper_turnover_last_year, customer.newspaper_turnover_current_month)
    criteria, professional = decide_qualification(
        rules,
        has_agreement=customer.has_agreement,
        last_year=customer.last_year_revenue,
        current_month=customer.current_month_revenue,
        newspaper_turnover=turnover,
    )
    steps: list[Step] = []

    if Criterion.AGREEMENT in criteria:
        steps.append(
            Step(
                rule="QUAL-1",
                text="has a signed business agreement → key account",
                text_zh="与邮政企业签订业务协议 → 大客户",
            )
        )
    else:
        steps.append(
            Step(rule="QUAL-1", text="no signed business agreement", text_zh="未签订业务协议")
        )

    comp = rules.comprehensive
    year, month = customer.annual_revenue, customer.current_month_total
    met = Criterion.COMPREHENSIVE in criteria
    steps.append(
        Step(
            rule="QUAL-2",
            text=(
                f"comprehensive revenue last year {format_yuan(year)} "
                f"{_compare(year, comp.last_year)} {format_yuan(comp.last_year)} and this month "
                f"{format_yuan(month)} {_compare(month, comp.current_month)} "
                f"{format_yuan(comp.current_month)} → {'met' if met else 'not met'}"
            ),
            text_zh=(
                f"上年综合业务收入{format_yuan(year)}{_compare(year, comp.last_year)}"
                f"{format_yuan(comp.last_year)}，当月{format_yuan(month)}"
                f"{_compare(month, comp.current_month)}{format_yuan(comp.current_month)}"
                f" → {'达到' if met else '未达到'}"
            ),
        )
    )

    for line, threshold in rules.lines.items():
        year, month = line_amounts(
            line, customer.last_year_revenue, customer.current_month_revenue, turnover
        )
        if line is BusinessLine.NEWSPAPERS:
            measure, measure_zh, rule = "turnover", "流转额", "QUAL-4"
        else:
            measure, measure_zh, rule = "revenue", "收入", "QUAL-3"
        if not (year or month):
            continue  # no business in this line: nothing to compare
        line_met = line in professional
        steps.append(
            Step(
                rule=rule,
                text=(
                    f"{line.value} {measure} last year {format_yuan(year)} "
                    f"{_compare(year, threshold.last_year)} {format_yuan(threshold.last_year)}"
                    f" and this month {format_yuan(month)} "
                    f"{_compare(month, threshold.current_month)} "
                    f"{format_yuan(threshold.current_month)} → "
                    f"{'professional key account' if line_met else 'not met'}"
                ),
                text_zh=(
                    f"{line.zh}{measure_zh}上年{format_yuan(year)}"
                    f"{_compare(year, threshold.last_year)}{format_yuan(threshold.last_year)}，"
                    f"当月{format_yuan(month)}{_compare(month, threshold.current_month)}"
                    f"{format_yuan(threshold.current_month)}"
                    f" → {'专业大客户' if line_met else '未达到'}"
                ),
            )
        )
    if not professional and not any(s.rule in ("QUAL-3", "QUAL-4") for s in steps):
        steps.append(
            Step(
                rule="QUAL-3",
                text="no business line has any revenue to compare",
                text_zh="各专业均无收入可比较",
            )
        )

    qualified = bool(criteria)
    steps.append(
        Step(
            rule=criteria[0].rule if qualified else "QUAL-3",
            text=(
                "key account by " + ", ".join(f"{c.rule} ({c.value})" for c in criteria)
                if qualified
                else "no criterion met → not a key account"
            ),
            text_zh=(
                "符合" + "、".join(f"{c.rule}({c.zh})" for c in criteria) + " → 邮政大客户"
                if qualified
                else "不符合任一条件 → 非大客户"
            ),
        )
    )
    return Qualification(
        qualified=qualified,
        criteria=criteria,
        professional_lines=professional,
        explanation=Explanation(steps=tuple(steps)),
    )


def newspaper_monthly_revenue(
    annual_turnover: object, average_fee_rate: object, other_income: object = 0
) -> Decimal:
    """Monthly newspaper revenue for statistics (报刊月收入, QUAL-5), rounded half-up to the fen.

    全年流转额 × 平均费率 / 12 + 其它收入.

    >>> newspaper_monthly_revenue(240000, "0.25", 100)
    Decimal('5100.00')
    """
    turnover = parse_yuan(annual_turnover, "annual_turnover", rule="QUAL-5")
    rate = parse_fraction(average_fee_rate, "average_fee_rate", rule="QUAL-5")
    other = parse_yuan(other_income, "other_income", rule="QUAL-5")
    months_per_year = 12  # the formula's "/12": months of a year, not a policy number
    return round_to_cent(turnover * rate / months_per_year + other)

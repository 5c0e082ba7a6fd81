"""大客户界定: whether a customer is a key account, and by which criteria (QUAL-1..5).

>>> from keyaccount_rules import Customer
>>> q = qualify(Customer(name="A", last_year_revenue={"express": 20000},
...                      current_month_revenue={"express": 2000}))
>>> q.qualified, [c.value for c in q.criteria], sorted(q.professional_lines)
(True, ['comprehensive', 'professional'], [<BusinessLine.EXPRESS: 'express'>])
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from keyaccount_rules.core.arguments import checked
from keyaccount_rules.core.catalogue import listed, step, words
from keyaccount_rules.core.explanation import Explanation, Result, Step
from keyaccount_rules.core.frozen import SortedSet
from keyaccount_rules.core.money import (
    Amount,
    exact,
    format_yuan,
    parse_fraction,
    parse_yuan,
    round_to_cent,
)
from keyaccount_rules.core.vocabulary import BusinessLine, Criterion
from keyaccount_rules.policy import (
    LineThreshold,
    Policy,
    QualificationPolicy,
    require,
    resolve_policy,
)
from keyaccount_rules.records.customer import Customer, CustomerArgument

__all__ = [
    "AmountTest",
    "Qualification",
    "QualificationDecision",
    "checked_customer",
    "decide_qualification",
    "explain_qualification",
    "newspaper_monthly_revenue",
    "qualification_of",
    "qualify",
]

_ZERO = Decimal("0.00")


class Qualification(Result):
    """Whether a customer is a key account: every criterion met and every professional line."""

    qualified: bool
    criteria: tuple[Criterion, ...]
    professional_lines: SortedSet[BusinessLine]
    explanation: Explanation


class AmountTest(NamedTuple):
    """One QUAL-2/3/4 comparison: a previous-year and a current-month amount vs thresholds."""

    line: BusinessLine | None  # None: the comprehensive total (QUAL-2)
    year: Decimal
    month: Decimal
    threshold: LineThreshold
    year_met: bool
    month_met: bool

    @property
    def met(self) -> bool:
        """Both amounts reached their thresholds."""
        return self.year_met and self.month_met


class QualificationDecision(NamedTuple):
    """QUAL-1..4 decided: the criteria met (in QUAL order), the professional lines, and each
    comparison made (lines without business are not compared)."""

    criteria: tuple[Criterion, ...]
    professional_lines: frozenset[BusinessLine]
    comprehensive: AmountTest
    lines: tuple[AmountTest, ...]


def _test(
    line: BusinessLine | None, year: Decimal, month: Decimal, threshold: LineThreshold
) -> AmountTest:
    # "达到" means reaching the number: an amount exactly on the threshold qualifies.
    return AmountTest(
        line, year, month, threshold, year >= threshold.last_year, month >= threshold.current_month
    )


def checked_customer(customer: Customer) -> Customer:
    """The customer record (:data:`CustomerArgument`), or a named error for anything else."""
    if type(customer) is Customer:  # the common case, which the declared type accepts
        return customer
    record: Customer = checked(CustomerArgument, customer, "customer")
    return record


def decide_qualification(customer: Customer, rules: QualificationPolicy) -> QualificationDecision:
    """QUAL-1..4's one definition: every criterion tested, every comparison kept for the text.

    Newspapers are measured on turnover (流转额), not revenue (QUAL-4).
    """
    criteria: list[Criterion] = []
    if customer.has_agreement:  # QUAL-1
        criteria.append(Criterion.AGREEMENT)
    # G-8: QUAL-2's comprehensive sum counts newspaper *revenue* (the revenue mappings); only
    # QUAL-3's newspaper column ("报刊(流转额)") compares turnover (QUAL-4, below).
    comprehensive = _test(
        None, customer.annual_revenue, customer.current_month_total, rules.comprehensive
    )
    if comprehensive.met:  # QUAL-2
        criteria.append(Criterion.COMPREHENSIVE)
    year_by_line, month_by_line = customer.last_year_revenue, customer.current_month_revenue
    tests = []
    for line, threshold in rules.lines.items():  # QUAL-3, QUAL-4
        if line is BusinessLine.NEWSPAPERS:
            year = customer.newspaper_turnover_last_year
            month = customer.newspaper_turnover_current_month
        else:
            year, month = year_by_line.get(line, _ZERO), month_by_line.get(line, _ZERO)
        if year or month:  # no business in a line: nothing to compare
            tests.append(_test(line, year, month, threshold))
    professional = frozenset(test.line for test in tests if test.met and test.line)
    if professional:
        criteria.append(Criterion.PROFESSIONAL)
    return QualificationDecision(tuple(criteria), professional, comprehensive, tuple(tests))


def _amounts(test: AmountTest) -> dict[str, str]:
    return {
        "year": format_yuan(test.year),
        "year_cmp": "≥" if test.year_met else "<",
        "year_min": format_yuan(test.threshold.last_year),
        "month": format_yuan(test.month),
        "month_cmp": "≥" if test.month_met else "<",
        "month_min": format_yuan(test.threshold.current_month),
    }


def explain_qualification(decision: QualificationDecision) -> Explanation:
    """The steps QUAL-1..4 took, from the decision (each comparison as it was made)."""
    criteria = decision.criteria
    steps: list[Step] = [
        step("QUAL-1", "qualification.agreement")
        if Criterion.AGREEMENT in criteria
        else step("QUAL-1", "qualification.no_agreement")
    ]
    comp = decision.comprehensive
    steps.append(
        step(
            "QUAL-2",
            "qualification.comprehensive",
            met=words("qualification.met" if comp.met else "qualification.not_met"),
            **_amounts(comp),
        )
    )
    for test in decision.lines:
        newspapers = test.line is BusinessLine.NEWSPAPERS
        steps.append(
            step(
                "QUAL-4" if newspapers else "QUAL-3",
                "qualification.line",
                line=test.line,
                measure=words("qualification.turnover" if newspapers else "qualification.revenue"),
                met=words("qualification.professional" if test.met else "qualification.not_met"),
                **_amounts(test),
            )
        )
    if not decision.lines:
        steps.append(step("QUAL-3", "qualification.no_lines"))
    if criteria:
        rows = ({"rule": c.rule, "criterion": c} for c in criteria)
        met = listed("qualification.criterion", rows)
        steps.append(step(criteria[0].rule, "qualification.key_account", criteria=met))
    else:
        steps.append(step("QUAL-3", "qualification.not_key_account"))
    return Explanation(steps=tuple(steps))


@exact
def qualify(customer: Customer, *, policy: Policy | None = None) -> Qualification:
    """Decide whether a customer is a key account (大客户界定, QUAL-1..4).

    Every criterion is tested and every one met is listed, in QUAL order; a customer meeting
    QUAL-3 for a line is a professional key account (专业大客户) of that line.

    Raises:
        RuleInputError: ``customer`` is not a :class:`Customer`.
    """
    policy = resolve_policy(policy)
    decision = decide_qualification(
        checked_customer(customer), require(policy, "qualification", policy.qualification)
    )
    return qualification_of(decision, policy)


def qualification_of(decision: QualificationDecision, policy: Policy) -> Qualification:
    """The :class:`Qualification` of a decision made under ``policy``: explained from it."""
    return Qualification(
        qualified=bool(decision.criteria),
        criteria=decision.criteria,
        professional_lines=decision.professional_lines,
        explanation=explain_qualification(decision),
        policy_fingerprint=policy.fingerprint,
    )


@exact
def newspaper_monthly_revenue(
    annual_turnover: Amount, average_fee_rate: Amount, other_income: Amount = 0
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

"""Outcome rows (评定结果行): one flat row per customer, fast enough for a province's portfolio.

:func:`evaluation_row` flattens a full :class:`~keyaccount_rules.Evaluation`.
:func:`outcome_rows` gives the same rows for a portfolio file without building each
customer's explanation: CSV cells are checked directly (falling back, for any cell out of the
ordinary, to the full record validation so errors are the same), qualification compares the
policy's thresholds, grading looks up the same :class:`~keyaccount_rules.rules.grading.BandTable`
as :func:`~keyaccount_rules.grade`, and unit and visits are the policy's table cells. A test
checks that both paths give equal rows.

>>> from keyaccount_rules.io.portfolio import sample_facts, sample_path
>>> bureau, as_of = sample_facts()
>>> with sample_path() as path:
...     first = next(outcome_rows(path, bureau_annual_revenue=bureau, as_of=as_of))
>>> first["name"], first["key_account"], first["tier"], first["unit"]
('汕头市广创纺织实业有限公司', True, 'general', 'branch_office')
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from keyaccount_rules.arguments import resolve_policy
from keyaccount_rules.errors import KeyAccountError, RuleInputError
from keyaccount_rules.evaluation import evaluate
from keyaccount_rules.io.exports import evaluation_row
from keyaccount_rules.io.portfolio import RowError, _field_of, _open_rows, read_numbered
from keyaccount_rules.money import CENT, MAX_YUAN
from keyaccount_rules.policy import Policy
from keyaccount_rules.records import Customer
from keyaccount_rules.rules.customer_id import CustomerId
from keyaccount_rules.rules.grading import BandTable, bureau_table
from keyaccount_rules.rules.qualification import decide_qualification
from keyaccount_rules.vocabulary import BusinessLine, Scope

__all__ = ["outcome_rows"]

_ZERO = Decimal("0.00")
# pydantic's lax booleans (what Customer accepts from text)
_BOOLEANS = {
    **dict.fromkeys(("1", "on", "t", "true", "y", "yes"), True),
    **dict.fromkeys(("0", "off", "f", "false", "n", "no"), False),
}


class _NeedsFullCheckError(Exception):
    """A cell the quick checks do not vouch for: use the full validation for this row."""


def _amount(text: str) -> Decimal:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _NeedsFullCheckError from None
    if not (amount.is_finite() and _ZERO <= amount < MAX_YUAN):
        raise _NeedsFullCheckError
    exact = amount.quantize(CENT)
    if exact != amount:
        raise _NeedsFullCheckError
    return exact


class _Decider:
    """QUAL-1..4 (via ``decide_qualification``), GRADE-1..4, RESP-1 and VISIT-1 on plain values."""

    def __init__(self, policy: Policy, table: BandTable) -> None:
        self.qualification = policy.qualification
        self.table = table
        self.units = policy.responsibility.table
        self.contacts = policy.visits.contacts_per_month

    def row(
        self,
        name: str,
        scope: Scope,
        agreement: bool,
        year: dict[BusinessLine, Decimal],
        month: dict[BusinessLine, Decimal],
        turnover: tuple[Decimal, Decimal],
    ) -> dict[str, Any]:
        criteria, _professional = decide_qualification(
            self.qualification,
            has_agreement=agreement,
            last_year=year,
            current_month=month,
            newspaper_turnover=turnover,
        )
        total = sum(year.values(), _ZERO)
        if not criteria:  # G-6: no tier, no unit, no visits
            return {"name": name, "key_account": False, "criteria": [], "score": None,
                    "tier": None, "unit": None, "contacts_per_month": None}  # fmt: skip
        table = self.table
        if total > table.bureau:
            raise RuleInputError(
                "annual_revenue",
                f"must not exceed the bureau's annual revenue {table.bureau:,.2f}",
                got=total,
                rule="GRADE-6",
            )
        _rev, _shr, score, tier = table.rows[bisect_right(table.bounds, total)]
        return {
            "name": name,
            "key_account": True,
            "criteria": [criterion.value for criterion in criteria],
            "score": str(score),
            "tier": tier.value,
            "unit": self.units[tier][scope].value,
            "contacts_per_month": self.contacts[tier][scope],
        }


def _quick_csv(path: Path, decider: _Decider) -> Iterator[tuple[int, dict[str, Any] | None, Any]]:
    """(row number, outcome or None, raw record) for each CSV row, the outcome when quick."""
    for number, record, _is_csv in _open_rows(path):
        try:
            yield number, _quick_record(record, decider), record
        except (_NeedsFullCheckError, RuleInputError):  # the full path names the error
            yield number, None, record


_SCOPES = {scope.value: scope for scope in Scope}


def _quick_record(record: dict[str, Any], decider: _Decider) -> dict[str, Any]:
    if "__error__" in record:
        raise _NeedsFullCheckError
    name = record.get("name")
    scope = _SCOPES.get(record.get("scope", Scope.COMPREHENSIVE.value))
    if not name or scope is None:
        raise _NeedsFullCheckError
    agreement = _BOOLEANS.get(record.get("has_agreement", "false").lower())
    if agreement is None:
        raise _NeedsFullCheckError
    if "customer_id" in record:
        try:
            CustomerId.parse(record["customer_id"])
        except (KeyAccountError, ValueError):
            raise _NeedsFullCheckError from None
    year = {line: _amount(text) for line, text in record["last_year_revenue"].items()}
    month = {line: _amount(text) for line, text in record["current_month_revenue"].items()}
    turnover = (
        _amount(record.get("newspaper_turnover_last_year", "0")),
        _amount(record.get("newspaper_turnover_current_month", "0")),
    )
    return decider.row(name, scope, agreement, year, month, turnover)


def outcome_rows(
    path: str | Path,
    *,
    bureau_annual_revenue: object,
    as_of: dt.date,
    policy: Policy | None = None,
    on_error: Literal["raise", "skip"] = "raise",
    report: Callable[[RowError], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Rows of :func:`evaluation_row` for every customer of a portfolio file, in order.

    Equal to ``evaluation_row(evaluate(c, ...))`` for each customer ``c`` of
    ``read_portfolio(path)``; errors name the row (``RowError``), also for a revenue above the
    bureau's (GRADE-6). ``on_error`` and ``report`` work as in ``read_portfolio``.
    """
    policy = resolve_policy(policy)
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise RuleInputError("as_of", "must be a datetime.date", got=as_of)
    source = Path(path)
    table = bureau_table(policy.grading, bureau_annual_revenue)
    if source.suffix.lower() == ".csv":
        decider = _Decider(policy, table)
        numbered: Iterator[tuple[int, Any, Any]] = _quick_csv(source, decider)
    else:
        numbered = (
            (n, None, c) for n, c in read_numbered(source, on_error=on_error, report=report)
        )
    for number, quick, record in numbered:
        try:
            yield quick or _slow_row(str(source), number, record, table.bureau, as_of, policy)
        except RowError as err:
            if on_error == "raise":
                raise
            if report is not None:
                report(err)


def _slow_row(
    source: str,
    number: int,
    record: dict[str, Any] | Customer,
    bureau: object,
    as_of: dt.date,
    policy: Policy,
) -> dict[str, Any]:
    """The full path: validate the record as a Customer, evaluate it, flatten the result."""
    if isinstance(record, Customer):
        customer = record
    else:
        problem = record.pop("__error__", None)
        if problem:
            raise RowError(source, number, "(row)", problem)
        try:
            customer = Customer.model_validate(record)
        except ValidationError as err:
            field, message = _field_of(err, True)
            raise RowError(source, number, field, message) from err
    try:
        result = evaluate(customer, bureau_annual_revenue=bureau, as_of=as_of, policy=policy)
    except RuleInputError as err:
        raise RowError(source, number, err.field, str(err).split(": ", 1)[1]) from err
    return evaluation_row(result)

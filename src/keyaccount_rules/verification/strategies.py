"""Hypothesis strategies (测试数据生成) for services that test their use of the library.

Needs the optional ``hypothesis`` extra: ``pip install "keyaccount-rules[hypothesis]"``.
Nothing in ``keyaccount_rules`` imports this module, so the library itself never needs
hypothesis.

- :func:`records` builds any input record (``records(Customer)``) from its fields, so records
  added later get a strategy without changes here; :func:`customers` adds amounts near the
  policy's thresholds.
- :func:`amounts` draws valid yuan; :func:`boundary_amounts` draws amounts on and 0.01 either
  side of every threshold of a policy (GRADE-1 bands, QUAL-2/3 thresholds), derived from the
  policy itself; :func:`grade_arguments` draws ``grade()`` arguments near every GRADE-2 share
  bound.
- :func:`policies` draws valid policy variants.

>>> from hypothesis import given
>>> import keyaccount_rules as kr
>>> @given(customers())
... def test_qualify_never_fails(customer):
...     kr.qualify(customer)
>>> test_qualify_never_fails()
>>> sorted(policy_boundaries())[:3]
[Decimal('999.99'), Decimal('1000.00'), Decimal('1000.01')]
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as err:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "keyaccount_rules.strategies needs hypothesis; install it with "
        "pip install 'keyaccount-rules[hypothesis]'"
    ) from err

import annotated_types
from pydantic import BaseModel

from keyaccount_rules.core.money import CENT, MAX_YUAN, exact
from keyaccount_rules.core.vocabulary import BusinessLine, Scope, Tier, Unit
from keyaccount_rules.policy import PointBand, Policy, default_policy, require
from keyaccount_rules.records.customer import Customer
from keyaccount_rules.records.customer_id import CustomerId

__all__ = [
    "achievable_scores",
    "amounts",
    "boundary_amounts",
    "business_lines",
    "customer_ids",
    "customers",
    "grade_arguments",
    "policies",
    "policy_boundaries",
    "records",
    "register_type",
    "scopes",
    "tiers",
    "units",
]

M = TypeVar("M", bound=BaseModel)

_LARGEST = MAX_YUAN - CENT


def _section(policy: Policy, name: str) -> Any:
    """A section the strategies need (002's customer sections; absent under liangshan)."""
    return require(policy, name, getattr(policy, name))


def amounts(
    min_value: Decimal | int | str = 0, max_value: Decimal | int | str = _LARGEST
) -> st.SearchStrategy[Decimal]:
    """Valid yuan amounts (at most two decimals, non-negative, below the technical ceiling)."""
    return st.decimals(min_value=Decimal(min_value), max_value=Decimal(max_value), places=2).map(
        exact(lambda amount: amount.quantize(CENT))
    )


def tiers() -> st.SearchStrategy[Tier]:
    """Any tier (GRADE-4)."""
    return st.sampled_from(Tier)


def scopes() -> st.SearchStrategy[Scope]:
    """Any scope (RESP-1 columns)."""
    return st.sampled_from(Scope)


def units() -> st.SearchStrategy[Unit]:
    """Any responsible unit (RESP-1)."""
    return st.sampled_from(Unit)


def business_lines() -> st.SearchStrategy[BusinessLine]:
    """Any business line (QUAL-3)."""
    return st.sampled_from(BusinessLine)


@exact
def policy_boundaries(policy: Policy | None = None) -> tuple[Decimal, ...]:
    """Every amount threshold of a policy, and 0.01 either side of it (never below 0).

    Covers the GRADE-1 revenue bands and the QUAL-2 and QUAL-3 thresholds (previous year and
    current month). Read from the policy, so a changed policy gets its own boundaries.
    """
    policy = policy or default_policy()
    bounds = {band.min for band in _section(policy, "grading").revenue.bands}
    thresholds = [
        _section(policy, "qualification").comprehensive,
        *_section(policy, "qualification").lines.values(),
    ]
    for threshold in thresholds:
        bounds.update((threshold.last_year, threshold.current_month))
    near = {bound + delta for bound in bounds for delta in (-CENT, Decimal(0), CENT)}
    return tuple(sorted(amount.quantize(CENT) for amount in near if 0 <= amount <= _LARGEST))


def boundary_amounts(policy: Policy | None = None) -> st.SearchStrategy[Decimal]:
    """Amounts on and 0.01 either side of every threshold of ``policy``."""
    return st.sampled_from(policy_boundaries(policy))


@st.composite
@exact
def grade_arguments(draw: st.DrawFn, policy: Policy | None = None) -> tuple[Decimal, Decimal]:
    """``(annual_revenue, bureau_annual_revenue)`` with a share on or a fen beside a GRADE-2
    bound (or a revenue on a GRADE-1 bound), always valid for ``grade()``."""
    policy = policy or default_policy()
    bureau = draw(amounts(Decimal(1), Decimal("1e12")))
    share_bound = draw(
        st.sampled_from([band.min for band in _section(policy, "grading").share.bands])
    )
    on_share = (bureau * share_bound).quantize(CENT)
    revenue = draw(
        st.one_of(
            st.sampled_from([on_share - CENT, on_share, on_share + CENT]),
            boundary_amounts(policy),
        )
    )
    revenue = min(max(revenue, Decimal("0.00")), bureau)
    return revenue, bureau


def customer_ids(policy: Policy | None = None) -> st.SearchStrategy[CustomerId]:
    """Valid customer IDs (ID-1..4) under ``policy``'s layout and province codes."""
    layout = _section(policy or default_policy(), "customer_id")
    return st.builds(
        lambda province, rest, sequence, branch: CustomerId(
            province + rest, sequence, branch, policy=policy
        ),
        st.sampled_from(layout.province_codes),
        st.text(
            "0123456789", min_size=layout.division_digits - 2, max_size=layout.division_digits - 2
        ),
        st.integers(1, 10**layout.sequence_digits - 1),
        st.integers(0, 10**layout.branch_digits - 1),
    )


# ---------------------------------------------------------------- records from their fields

_TYPES: dict[Any, Callable[[], st.SearchStrategy[Any]]] = {
    bool: st.booleans,
    str: lambda: st.text(min_size=1, max_size=30).filter(lambda text: bool(text.strip())),
    dt.date: lambda: st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    CustomerId: customer_ids,
}


def register_type(annotation: Any, strategy: Callable[[], st.SearchStrategy[Any]]) -> None:
    """Teach :func:`records` a strategy for a field type it does not know."""
    _TYPES[annotation] = strategy


def _bounded(base: type, metadata: list[Any]) -> st.SearchStrategy[Any]:
    step: Any = 1 if base is int else CENT
    low: Any = None
    high: Any = None
    for item in metadata:
        bound: Any
        if isinstance(item, annotated_types.Ge):
            low = item.ge
        elif isinstance(item, annotated_types.Gt):
            bound = item.gt
            low = bound + step
        elif isinstance(item, annotated_types.Le):
            high = item.le
        elif isinstance(item, annotated_types.Lt):
            bound = item.lt
            high = bound - step
    if base is int:
        return st.integers(0 if low is None else int(low), 10**6 if high is None else int(high))
    return amounts(0 if low is None else low, _LARGEST if high is None else high)


def _for_annotation(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _for_annotation(args[0], [*metadata, *args[1:]])
    if origin is typing.Union or (
        origin is not None and str(origin) == "<class 'types.UnionType'>"
    ):
        return st.one_of(*(_for_annotation(arg, metadata) for arg in args))
    if annotation is type(None):
        return st.none()
    if annotation in _TYPES:
        return _TYPES[annotation]()
    if annotation is int or annotation is Decimal:
        return _bounded(annotation, metadata)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return records(annotation)
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return st.dictionaries(
            _for_annotation(args[0], []), _for_annotation(args[1], []), max_size=8
        )
    if origin in (tuple, list, frozenset, set) and args:
        items = st.lists(_for_annotation(args[0], []), max_size=5)
        return items.map(origin)
    raise TypeError(f"no strategy for field type {annotation!r}; add one with register_type()")


def records(model: type[M], **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[M]:
    """Valid instances of an input record, built from its fields' types and constraints.

    Keyword arguments replace the strategy of a field: ``records(Customer, scope=scopes())``.
    """
    strategies = {
        name: fields[name] if name in fields else _for_annotation(info.annotation, info.metadata)
        for name, info in model.model_fields.items()
    }
    return st.builds(model, **strategies)


def customers(policy: Policy | None = None) -> st.SearchStrategy[Customer]:
    """Valid customers, with amounts often on or 0.01 beside ``policy``'s thresholds."""
    near = st.one_of(boundary_amounts(policy), amounts(), amounts(0, 2_000_000))
    lines = st.dictionaries(business_lines(), near, max_size=len(BusinessLine))
    return records(
        Customer,
        last_year_revenue=lines,
        current_month_revenue=lines,
        newspaper_turnover_last_year=near,
        newspaper_turnover_current_month=near,
        customer_id=st.none() | customer_ids(policy),
    )


# ---------------------------------------------------------------- policy variants


@exact
def achievable_scores(policy: Policy | None = None) -> frozenset[Decimal]:
    """Every GRADE-3 score some customer can reach under ``policy`` (default: the rulebook's).

    >>> sorted(achievable_scores())[-3:]
    [Decimal('92.0'), Decimal('94.0'), Decimal('100.0')]
    """
    scores: frozenset[Decimal] = _section(policy or default_policy(), "grading").achievable_scores()
    return scores


@st.composite
def _descending(draw: st.DrawFn, values: st.SearchStrategy[Any], size: int) -> list[Any]:
    return sorted(draw(st.lists(values, min_size=size, max_size=size, unique=True)), reverse=True)


@st.composite
@exact
def policies(draw: st.DrawFn, base: Policy | None = None) -> Policy:
    """Valid policy variants of ``base`` (default: the rulebook's): other bands, points,
    weights, tier cutoffs, thresholds and visit counts, each consistent (``problems()`` empty)."""
    base = base or default_policy()
    changes: dict[str, Any] = {}
    revenue_count = len(_section(base, "grading").revenue.bands)
    bounds = draw(_descending(amounts(Decimal(1), Decimal(10**8)), revenue_count))
    points = draw(_descending(st.integers(1, 100), revenue_count))
    for index, (bound, point) in enumerate(zip(bounds, points, strict=True)):
        changes[f"grading.revenue.bands.{index}.min"] = bound
        changes[f"grading.revenue.bands.{index}.points"] = point
    share_count = len(_section(base, "grading").share.bands)
    shares = draw(
        _descending(
            st.decimals(Decimal("0.00001"), Decimal(1), places=5),
            share_count,
        )
    )
    share_points = draw(_descending(st.integers(1, 100), share_count))
    for index, (bound, point) in enumerate(zip(shares, share_points, strict=True)):
        changes[f"grading.share.bands.{index}.min"] = bound
        changes[f"grading.share.bands.{index}.points"] = point
    revenue_weight = draw(st.decimals(Decimal("0.1"), Decimal("0.9"), places=2))
    changes["grading.weights.revenue"] = revenue_weight
    changes["grading.weights.share"] = 1 - revenue_weight
    for line in _section(base, "qualification").lines:
        changes[f"qualification.lines.{line.value}.last_year"] = draw(amounts(1, 10**6))
        changes[f"qualification.lines.{line.value}.current_month"] = draw(amounts(1, 10**5))
    for tier in Tier:
        for scope in Scope:
            changes[f"visits.contacts_per_month.{tier.value}.{scope.value}"] = draw(
                st.integers(0, 4)
            )
    # Cutoffs on achievable scores, so that every tier stays reachable (GRADE-4 lint).
    grading = _section(base, "grading").model_copy(
        update={
            "revenue": _section(base, "grading").revenue.model_copy(
                update={
                    "bands": tuple(
                        PointBand(min=b, points=p) for b, p in zip(bounds, points, strict=True)
                    )
                }
            ),
            "share": _section(base, "grading").share.model_copy(
                update={
                    "bands": tuple(
                        PointBand(min=b, points=p)
                        for b, p in zip(shares, share_points, strict=True)
                    )
                }
            ),
            "weights": _section(base, "grading").weights.model_copy(
                update={"revenue": revenue_weight, "share": 1 - revenue_weight}
            ),
        }
    )
    candidates = sorted(score for score in grading.achievable_scores() if score > 0)
    silver, gold, diamond = draw(_descending(st.sampled_from(candidates), 3))[::-1]
    changes.update(
        {
            "grading.tiers.silver": silver,
            "grading.tiers.gold": gold,
            "grading.tiers.diamond": diamond,
        }
    )
    return base.with_changes(changes)

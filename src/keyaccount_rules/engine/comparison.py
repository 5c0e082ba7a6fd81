"""Policy comparison (政策对比): what changed between two policies, and what that does to customers.

:func:`diff_policies` lists the changed parameters with the rule ID of the section holding
each; :func:`compare` evaluates a portfolio under a baseline and a variant and reports every
customer whose outcome changes, with the changed parameters behind it. A :class:`Comparison`
is frozen all the way down and survives its own JSON unchanged (parameter values are held in
their JSON form, tier transitions are written ``"gold->silver"``).

>>> import datetime
>>> from keyaccount_rules import Customer, default_policy
>>> baseline = default_policy()
>>> variant = baseline.with_changes({"grading.tiers.gold": 81})
>>> diff_policies(baseline, variant)
[PolicyChange(path='grading.tiers.gold', rule='GRADE-4', before='75', after='81')]
>>> customer = Customer(name="A", last_year_revenue={"express": 700000},
...                     current_month_revenue={"express": 60000})
>>> result = compare([customer], baseline, variant, bureau_annual_revenue=300_000_000,
...                  as_of=datetime.date(2026, 11, 23))
>>> change = result.changes[0]
>>> change.tier_before.value, change.tier_after.value, [c.path for c in change.causes]
('gold', 'silver', ['grading.tiers.gold'])
>>> change.causes[0].before, change.causes[0].after
('75', '81')
>>> Comparison.model_validate_json(result.model_dump_json()) == result
True
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from keyaccount_rules.core.arguments import Progress, as_iterable, checked
from keyaccount_rules.core.frozen import FrozenMap
from keyaccount_rules.core.money import Amount
from keyaccount_rules.core.optional import load_pandas
from keyaccount_rules.core.vocabulary import Tier, Unit
from keyaccount_rules.engine.customer import Evaluation, evaluate
from keyaccount_rules.policy import Policy, resolve_policy
from keyaccount_rules.policy.diff import PolicyChange, diff_policies
from keyaccount_rules.records.customer import Customer

__all__ = ["Comparison", "CustomerChange", "ParameterChange", "compare"]

#: The changed-parameter row of a comparison: one type with the policy difference's row.
ParameterChange = PolicyChange


_NO_TIER = "none"


def _read_transition(value: object) -> object:
    if not isinstance(value, str):
        return value
    before, arrow, after = value.partition("->")
    if not arrow:
        raise ValueError(f"a tier transition is written 'before->after' (got {value!r})")
    return tuple(None if side == _NO_TIER else side for side in (before, after))


def _write_transition(value: tuple[Tier | None, Tier | None]) -> str:
    return "->".join(_NO_TIER if tier is None else tier.value for tier in value)


#: (tier before, tier after), ``None`` = not a key account; written ``"gold->silver"`` in JSON.
Transition = Annotated[
    tuple[Tier | None, Tier | None],
    BeforeValidator(_read_transition),
    PlainSerializer(_write_transition, return_type=str, when_used="json"),
]


class CustomerChange(BaseModel):
    """A customer whose outcome differs between the baseline and the variant policy."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    position: int
    name: str
    key_account_before: bool
    key_account_after: bool
    tier_before: Tier | None
    tier_after: Tier | None
    unit_before: Unit | None
    unit_after: Unit | None
    contacts_before: int | None
    contacts_after: int | None
    causes: tuple[PolicyChange, ...]

    def to_row(self) -> dict[str, Any]:
        """The change as a flat dict of its JSON values, each cause as ``"path [RULE]"``."""
        return {
            **self.model_dump(mode="json"),
            "causes": [f"{c.path} [{c.rule}]" for c in self.causes],
        }


def _code(value: Enum | None) -> str | None:
    return None if value is None else str(value.value)


class Comparison(BaseModel):
    """The outcome of :func:`compare`: changed customers and summary tables."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    parameters: tuple[PolicyChange, ...]
    changes: tuple[CustomerChange, ...]
    customers: int
    transitions: FrozenMap[Transition, int] = Field(
        default_factory=dict,
        description="(tier before, tier after) → number of customers; None = not a key account.",
    )
    contacts: FrozenMap[Unit, tuple[int, int]] = Field(
        default_factory=dict,
        description="unit → (monthly contacts required before, after), over its key accounts.",
    )
    baseline_fingerprint: str = Field(default="", description="Fingerprint of the baseline.")
    variant_fingerprint: str = Field(default="", description="Fingerprint of the variant.")

    def to_rows(self) -> list[dict[str, Any]]:
        """One plain dict per changed customer."""
        return [change.to_row() for change in self.changes]

    def to_dataframe(self) -> Any:
        """The changed customers as a pandas DataFrame (needs the ``pandas`` extra)."""
        return load_pandas().DataFrame(self.to_rows())

    def transition_matrix(self) -> list[list[Any]]:
        """Rows of the tier transition matrix: header row, then one row per tier before."""
        names = {t: _code(t) or "not key account" for t in (*Tier, None)}
        rows: list[list[Any]] = [["before \\ after", *names.values()]]
        for before, name in names.items():
            rows.append([name, *(self.transitions.get((before, after), 0) for after in names)])
        return rows

    def contacts_by_unit(self) -> list[tuple[str, int, int, int]]:
        """(unit code, contacts a month before, after, change) for every unit involved."""
        return [
            (unit.value, before, after, after - before)
            for unit, (before, after) in sorted(self.contacts.items())
        ]

    def _repr_html_(self) -> str:
        def table(rows: list[list[Any]]) -> str:
            head = "".join(f"<th>{html.escape(str(v))}</th>" for v in rows[0])
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                for row in rows[1:]
            )
            return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

        shown = [list(row.values()) for row in self.to_rows()[:20]]
        changed = (
            [list(CustomerChange.model_fields), *shown] if shown else [["no customer changes"]]
        )
        units: list[list[Any]] = [["unit", "before", "after", "change"]]
        units += [list(row) for row in self.contacts_by_unit()]
        return (
            f"<p>{len(self.changes)} of {self.customers} customers change</p>"
            + table(changed)
            + "<p>tier transitions</p>"
            + table(self.transition_matrix())
            + "<p>monthly contacts required, by unit</p>"
            + table(units)
        )


def _causes(
    before: Evaluation, after: Evaluation, parameters: tuple[PolicyChange, ...]
) -> tuple[PolicyChange, ...]:
    """The changed parameters whose rule either evaluation applied."""
    cited = {step.rule for result in (before, after) for step in result.explanation}
    return tuple(p for p in parameters if p.rule in cited)


def compare(
    customers: Iterable[Customer],
    baseline: Policy,
    variant: Policy,
    *,
    bureau_annual_revenue: Amount,
    as_of: dt.date,
    progress: Callable[[int], object] | None = None,
) -> Comparison:
    """Evaluate every customer under two policies and report what changes (政策对比).

    A customer changes when it gains or loses key-account status, or its tier, unit or
    required monthly contacts differ. Its ``causes`` are the changed parameters whose rule
    ID either evaluation cites. Customers are read once, in order; only changes are kept.
    ``progress``, if given, is called with ``1`` after each customer (tqdm-style:
    ``progress=tqdm(total=len(customers)).update``).
    """
    hook: Callable[[int], object] | None = checked(Progress, progress, "progress")
    baseline, variant = resolve_policy(baseline), resolve_policy(variant)
    parameters = tuple(diff_policies(baseline, variant))
    changes: list[CustomerChange] = []
    transitions: Counter[tuple[Tier | None, Tier | None]] = Counter()
    contacts: dict[Unit, list[int]] = {}
    count = 0
    for position, customer in enumerate(as_iterable(customers, "customers", what="customers")):
        count += 1
        old = evaluate(
            customer, bureau_annual_revenue=bureau_annual_revenue, as_of=as_of, policy=baseline
        )
        new = evaluate(
            customer, bureau_annual_revenue=bureau_annual_revenue, as_of=as_of, policy=variant
        )
        transitions[old.tier, new.tier] += 1
        for side, result in enumerate((old, new)):
            if result.unit is not None and result.contacts_per_month is not None:
                contacts.setdefault(result.unit, [0, 0])[side] += result.contacts_per_month
        outcome_old = (old.key_account, old.tier, old.unit, old.contacts_per_month)
        outcome_new = (new.key_account, new.tier, new.unit, new.contacts_per_month)
        if outcome_old != outcome_new:
            changes.append(
                CustomerChange(
                    position=position,
                    name=customer.name,
                    key_account_before=old.key_account,
                    key_account_after=new.key_account,
                    tier_before=old.tier,
                    tier_after=new.tier,
                    unit_before=old.unit,
                    unit_after=new.unit,
                    contacts_before=old.contacts_per_month,
                    contacts_after=new.contacts_per_month,
                    causes=_causes(old, new, parameters),
                )
            )
        if hook is not None:
            hook(1)
    tiers: list[Tier | None] = [*Tier, None]
    return Comparison(
        parameters=parameters,
        changes=tuple(changes),
        customers=count,
        # in tier order and unit order: the JSON of a comparison does not depend on the
        # order the customers came in
        transitions={
            (old, new): transitions[old, new]
            for old in tiers
            for new in tiers
            if (old, new) in transitions
        },
        contacts={unit: (contacts[unit][0], contacts[unit][1]) for unit in sorted(contacts)},
        baseline_fingerprint=baseline.fingerprint,
        variant_fingerprint=variant.fingerprint,
    )

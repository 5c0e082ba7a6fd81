"""Explanations (说明): the steps a rule took, each citing its rulebook ID.

An :class:`Explanation` is an immutable sequence of :class:`Step` values. ``str()`` renders one
step per line; ``model_dump(mode="json")`` gives plain JSON; notebooks render it as a table.

:func:`to_json_data` is the one JSON form of every value the library hands out: a result's
``model_dump(mode="json")``, and the same conversion for plain values (enums as codes,
``Decimal`` as strings, dates in ISO form, sets sorted), used by audit records, case files,
the command line and the exports alike.

>>> e = Explanation.of(Step(rule="GRADE-4", text="score 78 ≥ 75 → gold", text_zh="得分78≥75→黄金"))
>>> print(e)
GRADE-4: score 78 ≥ 75 → gold
>>> e.rules
('GRADE-4',)
>>> from decimal import Decimal
>>> from keyaccount_rules.core.vocabulary import Tier
>>> to_json_data({"tiers": frozenset({Tier.GOLD, Tier.DIAMOND}), "score": Decimal("78.0")})
{'tiers': ['diamond', 'gold'], 'score': '78.0'}
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Literal, overload

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import to_jsonable_python

from keyaccount_rules.core.frozen import sort_key

__all__ = ["Explanation", "Result", "Step", "to_json_data"]


class Step(BaseModel):
    """One decision: the rule applied and what it compared, in English and Chinese."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(pattern=r"^[A-Z]+-\d+$", description="Rulebook ID, e.g. GRADE-1.")
    text: str = Field(description="What was compared and decided, in English.")
    text_zh: str = Field(description="The same, in Chinese.")

    def __str__(self) -> str:
        return f"{self.rule}: {self.text}"

    def render(self, lang: Literal["en", "zh"] = "en") -> str:
        """``RULE: text`` in the chosen language."""
        return f"{self.rule}: {self.text_zh if lang == 'zh' else self.text}"


class Explanation(BaseModel):
    """The ordered steps behind a result; iterable, indexable, printable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    steps: tuple[Step, ...] = ()

    @classmethod
    def of(cls, *steps: Step) -> Explanation:
        """Build an explanation from steps."""
        return cls(steps=steps)

    def __iter__(self) -> Iterator[Step]:  # type: ignore[override]  # iterate steps, not fields
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Step, ...]: ...
    def __getitem__(self, index: int | slice) -> Step | tuple[Step, ...]:
        return self.steps[index]

    def __add__(self, other: Explanation) -> Explanation:
        return Explanation(steps=self.steps + other.steps)

    def __str__(self) -> str:
        return "\n".join(str(step) for step in self.steps)

    def render(self, lang: Literal["en", "zh"] = "en") -> str:
        """One ``RULE: text`` line per step, in the chosen language."""
        return "\n".join(step.render(lang) for step in self.steps)

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule IDs cited, in order, without repeats."""
        return tuple(dict.fromkeys(step.rule for step in self.steps))

    def _repr_html_(self) -> str:
        # The headings are words, from the catalogues; the catalogue builds steps, so it is
        # imported here, on use, not at the top.
        from keyaccount_rules.core.catalogue import render

        head = "".join(
            f"<th>{html.escape(text)}</th>"
            for text in (
                render("explanation_table.rule_column", "en"),
                render("explanation_table.text_column", "en"),
                render("explanation_table.text_column", "zh"),
            )
        )
        rows = "".join(
            f"<tr><td><code>{html.escape(s.rule)}</code></td><td>{html.escape(s.text)}</td>"
            f"<td>{html.escape(s.text_zh)}</td></tr>"
            for s in self.steps
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


class Result(BaseModel):
    """Base of every rule result: frozen, closed, explained; notebooks show it as a table.

    Subclasses declare ``explanation: Explanation`` as data (never computed on access, so a
    result rebuilt from its JSON explains itself exactly as the original did) and set
    ``policy_fingerprint`` to the :attr:`Policy.fingerprint` of the policy that decided it.
    Unknown keys are rejected. ``_repr_html_`` renders the plain fields, then the steps.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    policy_fingerprint: str = Field(
        default="",
        description="SHA-256 fingerprint of the policy the result was computed under.",
    )

    @model_validator(mode="after")
    def _explained(self) -> Result:
        # Every result explains itself: a result with no steps would be an unexplained answer.
        explanation = getattr(self, "explanation", None)
        if isinstance(explanation, Explanation) and not len(explanation):
            raise ValueError("explanation: must have at least one step")
        return self

    def _repr_html_(self) -> str:
        rows = []
        for name in type(self).model_fields:
            if name == "explanation":
                continue
            value = getattr(self, name)
            if isinstance(value, BaseModel):
                continue  # nested results show through the explanation
            shown = value.value if hasattr(value, "value") else value
            rows.append(
                f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
                f"<td>{html.escape(str(shown))}</td></tr>"
            )
        explanation = getattr(self, "explanation", None)
        steps = explanation._repr_html_() if isinstance(explanation, Explanation) else ""
        title = html.escape(type(self).__name__)
        return f"<div><strong>{title}</strong><table>{''.join(rows)}</table>{steps}</div>"


def to_json_data(value: Any) -> Any:
    """The JSON data of any value the library hands out, in one canonical form.

    A pydantic model (every result, record and explanation) gives its
    ``model_dump(mode="json")``, so this is exactly what ``model_dump_json()`` writes. Plain
    values get the same conversion: enums as their codes, ``Decimal`` as strings, dates in ISO
    form, tuples as lists, mapping keys as strings, and sets as lists in sorted order, so the
    data never depends on the hash seed. Anything else JSON has no form for becomes its
    ``str()``.
    """
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, AbstractSet):
        return [to_json_data(item) for item in sorted(value, key=sort_key)]
    if isinstance(value, Mapping):
        return {_json_key(key): to_json_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_data(item) for item in value]
    return to_jsonable_python(value, serialize_unknown=True)


def _json_key(key: Any) -> str:
    data = to_json_data(key)
    return data if isinstance(data, str) else str(data)

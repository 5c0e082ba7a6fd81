"""Monthly revenue series (月度收入): each customer's revenue by month and business line.

A customer's series runs from its first to its last month in the data; a month inside that
span without a row is *missing* (``None``), never 0. Outside the span the customer had no
revenue with the bureau (it was not yet, or no longer, a customer).

>>> from decimal import Decimal
>>> from keyaccount_rules.core.periods import Month
>>> from keyaccount_rules.records.activity import RevenueRow, RevenueRowGiven
>>> from keyaccount_rules.core.vocabulary import BusinessLine as L
>>> s = RevenueSeries.from_rows([
...     RevenueRow(2, "a", Month(2025, 1), L.EXPRESS, Decimal("10")),
...     RevenueRow(3, "a", Month(2025, 3), L.EXPRESS, Decimal("30")),
... ])
>>> s.total("a", Month(2025, 1)), s.total("a", Month(2025, 2)), s.missing("a")
(Decimal('10.00'), None, (Month(year=2025, month=2),))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Annotated

from pydantic import PlainValidator

from keyaccount_rules.core.arguments import as_iterable, checked
from keyaccount_rules.core.errors import InvalidValueError, RuleInputError
from keyaccount_rules.core.money import exact
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine
from keyaccount_rules.records.activity import RevenueRow, RevenueRowGiven

__all__ = ["RevenueSeries"]


def _series_data(data: object) -> object:
    if isinstance(data, Mapping) and all(
        isinstance(key, str)
        and isinstance(months, Mapping)
        and all(
            isinstance(month, Month)
            and isinstance(lines, Mapping)
            and all(
                isinstance(line, BusinessLine) and isinstance(amount, Decimal)
                for line, amount in lines.items()
            )
            for month, lines in months.items()
        )
        for key, months in data.items()
    ):
        return data
    raise InvalidValueError(
        "must map customer → Month → BusinessLine → Decimal amount",
        got=type(data).__name__,
        fix="build a series with RevenueSeries.from_rows(read_revenue(path))",
    )


#: A series' data: customer → :class:`Month` → ``BusinessLine`` → ``Decimal`` amount.
SeriesData = Annotated[
    Mapping[str, Mapping[Month, Mapping[BusinessLine, Decimal]]], PlainValidator(_series_data)
]


class RevenueSeries:
    """Revenue by customer, month and line; read-only once built."""

    __slots__ = ("_data", "_order")

    def __init__(self, data: Mapping[str, Mapping[Month, Mapping[BusinessLine, Decimal]]]) -> None:
        data = checked(SeriesData, data, "data")
        self._data = {
            key: {month: dict(lines) for month, lines in months.items()}
            for key, months in data.items()
        }
        self._order = tuple(self._data)

    @classmethod
    def from_rows(cls, rows: Iterable[RevenueRow]) -> RevenueSeries:
        """Gather rows; the same customer, month and line twice is an error naming both rows."""
        data: dict[str, dict[Month, dict[BusinessLine, Decimal]]] = {}
        seen: dict[tuple[str, Month, BusinessLine], int] = {}
        for given in as_iterable(rows, "rows", what="RevenueRow rows"):
            row: RevenueRow = (
                given
                if type(given) is RevenueRow and type(given.month) is Month  # as declared
                else checked(RevenueRowGiven, given, "revenue")
            )
            key = (row.customer, row.month, row.line)
            if key in seen:
                raise RuleInputError(
                    f"revenue row {row.row}",
                    f"repeats {row.customer} {row.month} {row.line.value} of row {seen[key]}",
                    fix="give one amount per customer, month and line",
                )
            seen[key] = row.row
            data.setdefault(row.customer, {}).setdefault(row.month, {})[row.line] = row.amount
        return cls(data)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def has(self, key: str) -> bool:
        """Whether ``key`` has any revenue row."""
        return key in self._data

    def span(self, key: str) -> tuple[Month, Month] | None:
        """The customer's first and last month, or None when it has no rows."""
        months = self._data.get(key)
        if not months:
            return None
        return min(months), max(months)

    @property
    def months(self) -> tuple[Month, Month] | None:
        """The first and last month of the whole data, or None when empty."""
        spans = [span for key in self._order if (span := self.span(key))]
        if not spans:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)

    def in_span(self, key: str, month: Month) -> bool:
        """Whether ``month`` lies within the customer's series."""
        span = self.span(key)
        return span is not None and span[0] <= month <= span[1]

    def lines(self, key: str, month: Month) -> Mapping[BusinessLine, Decimal] | None:
        """Revenue by line in ``month``: {} outside the span, None when missing inside it."""
        months = self._data.get(key, {})
        if month in months:
            return dict(months[month])
        return None if self.in_span(key, month) else {}

    @exact
    def total(self, key: str, month: Month) -> Decimal | None:
        """The month's total: 0 outside the span, None when missing inside it."""
        lines = self.lines(key, month)
        if lines is None:
            return None
        return sum(lines.values(), Decimal("0.00"))

    def missing(
        self, key: str, start: Month | None = None, end: Month | None = None
    ) -> tuple[Month, ...]:
        """Months inside the customer's span (and inside start..end) that have no row."""
        span = self.span(key)
        if span is None:
            return ()
        first = span[0] if start is None else max(span[0], start)
        last = span[1] if end is None else min(span[1], end)
        found = []
        month = first
        while month <= last:
            if month not in self._data[key]:
                found.append(month)
            month = month.shift(1)
        return tuple(found)

    @exact
    def average(self, key: str, start: Month, end: Month) -> Decimal | None:
        """Monthly average over the months from start to end inside the span with a row.

        None when no such month has data (never a silent 0).
        """
        months = self._data.get(key, {})
        values = [
            sum(lines.values(), Decimal("0.00"))
            for month, lines in months.items()
            if start <= month <= end
        ]
        if not values:
            return None
        return (sum(values, Decimal("0.00")) / len(values)).quantize(Decimal("0.01"))

"""Calendar months (年月): the one month cut of the library.

A month is a calendar month (RULEBOOK §17): every rule that counts "a month" (VISIT-1's
contacts, a month's duties, the agenda's month, the work calendar's month, the report's
months, FLUX-1's month on month, the ``month`` cadence of ARCH-2's periods) cuts it here.

>>> m = Month.parse("2025-02")
>>> str(m), m.first_day, m.last_day, str(m.shift(-2))
('2025-02', datetime.date(2025, 2, 1), datetime.date(2025, 2, 28), '2024-12')
>>> Month.parse(date(2024, 2, 20)).last_day
datetime.date(2024, 2, 29)
>>> Month.of(date(2025, 3, 31)).contains(date(2025, 4, 1))
False
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated, NamedTuple

from pydantic import PlainValidator

from keyaccount_rules.core.arguments import checked
from keyaccount_rules.core.errors import InvalidValueError

__all__ = ["Month", "MonthGiven"]


class Month(NamedTuple):
    """A calendar month (年月), ordered; ``str()`` is ``YYYY-MM``."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, text: Month | date | str, field: str = "month") -> Month:
        """``"2025-03"`` (or a date) → Month(2025, 3) (:data:`MonthGiven`); anything else is a
        RuleInputError naming ``field``."""
        month: Month = checked(MonthGiven, text, field)
        return month

    @classmethod
    def of(cls, day: date) -> Month:
        """The calendar month holding ``day`` (any date: the caller has checked it)."""
        return cls(day.year, day.month)

    def shift(self, months: int) -> Month:
        """The month ``months`` later (negative: earlier)."""
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def first_day(self) -> date:
        """The month's first day."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The month's last day."""
        return _last_day(self.year, self.month)

    @property
    def days(self) -> tuple[date, date]:
        """The month as a closed interval of days: (first day, last day)."""
        return date(self.year, self.month, 1), _last_day(self.year, self.month)

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in this month (both ends included)."""
        return day.year == self.year and day.month == self.month


@lru_cache(maxsize=256)  # a few months serve every customer of a run
def _last_day(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _month(value: object) -> Month:
    if isinstance(value, Month):
        return value
    if isinstance(value, date) and 3 <= value.year <= 9998:
        return Month(value.year, value.month)
    if isinstance(value, str):
        parts = value.strip().split("-")
        if len(parts) == 2 and all(p.isascii() and p.isdigit() for p in parts):
            year, month = int(parts[0]), int(parts[1])
            if len(parts[0]) == 4 and 3 <= year <= 9998 and 1 <= month <= 12:
                return Month(year, month)
    raise InvalidValueError("must be a month written YYYY-MM, such as 2025-03")


MonthGiven = Annotated[Month, PlainValidator(_month)]
"""A month argument: a :class:`Month`, a date inside it, or its text ``YYYY-MM``."""

"""CSV out (表格导出): every CSV the library writes, through one spreadsheet-safe writer.

:func:`write_csv` is the one writer: lines end in ``\\r\\n`` (so a CR inside a value is
quoted), the header and every text cell pass
:func:`~keyaccount_rules.io.safety.spreadsheet_cell` — a name a spreadsheet would run as a
formula is written as text (OWASP CSV injection) — except in the columns a caller names as
written from the library's own vocabulary. The agenda, the monthly report, the pay run and
the command line's ``evaluate`` table are its callers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, TextIO

from keyaccount_rules.core.arguments import checked
from keyaccount_rules.io.safety import CSV_LINE_END, spreadsheet_cell
from keyaccount_rules.month.agenda import Agenda, AgendaItem, agenda_row, row_columns
from keyaccount_rules.month.report import REPORT_COLUMNS, MonthlyReport
from keyaccount_rules.rules.compensation import PAY_COLUMNS, PayRun, PayRunGiven

__all__ = ["agenda_csv", "pay_run_csv", "report_csv", "write_agenda_csv", "write_csv"]


def _safe(value: Any) -> Any:
    return spreadsheet_cell(value) if isinstance(value, str) else value


def _cell(convert: Callable[[Any], Any] | None, trusted: bool) -> Callable[[Any], Any]:
    """How one column's value becomes its cell, chosen once per column (the inner loop
    stays short)."""
    if convert is None:
        return (lambda value: value) if trusted else _safe
    if trusted:
        return convert
    return lambda value: _safe(convert(value))


def write_csv(
    out: TextIO,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    header: Sequence[str] | None = None,
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
    trusted: Collection[str] = (),
    bom: bool = False,
) -> int:
    """Write a header and one line per row (its ``columns``, in order); returns the rows.

    ``header`` replaces the column names in the first line (e.g. Chinese headings);
    ``convert`` turns a column's value into its cell before it is made safe; ``trusted``
    names columns whose cells the library writes from its own vocabulary (codes, labels,
    numbers), left as they are. A missing or ``None`` value is an empty cell. ``bom`` starts
    with the byte-order mark Excel needs to read UTF-8.

    >>> out = io.StringIO()
    >>> write_csv(out, ["name", "tier"], [{"name": "=1+1", "tier": "gold"}], trusted={"tier"})
    1
    >>> out.getvalue()
    "name,tier\\r\\n'=1+1,gold\\r\\n"
    """
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    if bom:
        out.write("\ufeff")
    writer.writerow(spreadsheet_cell(text) for text in (header or columns))
    converters = convert or {}
    cells = [(column, _cell(converters.get(column), column in trusted)) for column in columns]
    writerow = writer.writerow
    count = 0
    for row in rows:
        get = row.get
        writerow([make(get(column)) for column, make in cells])
        count += 1
    return count


def _text(write: Callable[[TextIO], object]) -> str:
    out = io.StringIO()
    write(out)
    return out.getvalue()


def write_agenda_csv(items: Iterable[AgendaItem], out: TextIO, *, by_level: bool) -> int:
    """Write agenda items as CSV as they come: :func:`~keyaccount_rules.month.agenda.row_columns`'
    columns (``level`` in place of ``tier`` by level); returns how many were written."""
    return write_csv(out, row_columns(by_level=by_level), map(agenda_row, items))


def agenda_csv(agenda: Agenda) -> str:
    """:meth:`Agenda.to_csv <keyaccount_rules.Agenda.to_csv>`: the items with a header row
    (``level`` in place of ``tier`` when the items are classed by level)."""
    return _text(lambda out: write_agenda_csv(agenda.items, out, by_level=agenda.by_level))


def report_csv(report: MonthlyReport) -> str:
    """:meth:`MonthlyReport.to_csv <keyaccount_rules.MonthlyReport.to_csv>`: the figures; a
    missing figure is an empty cell."""
    return _text(lambda out: write_csv(out, REPORT_COLUMNS, report.to_rows()))


def pay_run_csv(run: PayRun) -> str:
    """A pay run as CSV for a payroll import: header, then one row per manager.

    Amounts are the result's JSON form (``1234.50``, to the fen); a manager name a
    spreadsheet would run as a formula is written as text (``'=...``, OWASP).

    >>> from datetime import date
    >>> from keyaccount_rules import PayIndicator, PayrollEntry, pay_run
    >>> run = pay_run([PayrollEntry(manager="li", quality=dict.fromkeys(PayIndicator, 1))],
    ...               month=date(2026, 11, 1))
    >>> print(pay_run_csv(run).replace("\\r\\n", "\\n"), end="")
    month,manager,performance_pay,marketing_reward,field_allowance,outstanding_award,total,collections
    2026-11,li,800.00,0.00,150.00,0.00,950.00,0
    """
    run = checked(PayRunGiven, run, "run")
    columns = ["month", "manager", *PAY_COLUMNS, "collections"]
    return _text(lambda out: write_csv(out, columns, run.rows()))

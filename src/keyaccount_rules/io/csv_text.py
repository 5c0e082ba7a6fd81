"""CSV out (表格导出): every CSV the library writes, spreadsheet-safe.

Lines end in ``\\r\\n`` (so a CR inside a value is quoted) and every data-derived text cell
passes :func:`~keyaccount_rules.io.safety.spreadsheet_cell`: a name a spreadsheet would run as
a formula is written as text (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TextIO

from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.io.safety import CSV_LINE_END, spreadsheet_cell, spreadsheet_row
from keyaccount_rules.month.agenda import Agenda, AgendaItem, agenda_row, row_columns
from keyaccount_rules.month.report import REPORT_COLUMNS, MonthlyReport
from keyaccount_rules.rules.compensation import PAY_COLUMNS, PayRun

__all__ = ["agenda_csv", "agenda_writer", "pay_run_csv", "report_csv", "write_agenda_csv"]


def agenda_writer(out: TextIO, by_level: bool) -> csv.DictWriter[str]:
    """The agenda's CSV writer: :func:`~keyaccount_rules.month.agenda.row_columns`' columns."""
    # by level, a unit duty's row has "tier": None (no level): an empty cell, not an error
    return csv.DictWriter(
        out,
        fieldnames=row_columns(by_level=by_level),
        lineterminator=CSV_LINE_END,
        extrasaction="ignore" if by_level else "raise",
    )


def write_agenda_csv(items: Iterable[AgendaItem], out: TextIO, *, by_level: bool) -> int:
    """Write agenda items as CSV as they come; returns how many were written."""
    writer = agenda_writer(out, by_level)
    writer.writeheader()
    count = 0
    for item in items:
        writer.writerow(spreadsheet_row(agenda_row(item)))
        count += 1
    return count


def agenda_csv(agenda: Agenda) -> str:
    """:meth:`Agenda.to_csv <keyaccount_rules.Agenda.to_csv>`: the items with a header row
    (``level`` in place of ``tier`` when the items are classed by level)."""
    out = io.StringIO()
    write_agenda_csv(agenda.items, out, by_level=agenda.by_level)
    return out.getvalue()


def report_csv(report: MonthlyReport) -> str:
    """:meth:`MonthlyReport.to_csv <keyaccount_rules.MonthlyReport.to_csv>`: the figures; a
    missing figure is an empty cell."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REPORT_COLUMNS, lineterminator=CSV_LINE_END, restval="")
    writer.writeheader()
    for row in report.to_rows():
        writer.writerow(spreadsheet_row({k: "" if v is None else v for k, v in row.items()}))
    return out.getvalue()


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
    if not isinstance(run, PayRun):
        raise RuleInputError("run", "must be a PayRun (from pay_run)", got=type(run).__name__)
    out = io.StringIO()
    writer = csv.DictWriter(
        out,
        fieldnames=["month", "manager", *PAY_COLUMNS, "collections"],
        lineterminator=CSV_LINE_END,
    )
    writer.writeheader()
    writer.writerows({**row, "manager": spreadsheet_cell(row["manager"])} for row in run.rows())
    return out.getvalue()

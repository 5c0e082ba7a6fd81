"""Writers bound late (输出格式): the ``to_csv``/``to_ics``/``to_html`` methods of results.

A result's text formats are written by ``keyaccount_rules.io`` (the adapters: spreadsheet-safe
CSV, RFC 5545 iCalendar, the HTML page). The domain never imports ``io``; the few results that
offer a format as a method (``Agenda.to_ics``, ``MonthlyReport.to_html``, ``PayRun.to_csv``)
name it here, and the writer is found in ``io`` by that name when it is first asked for — the
way pandas finds its plotting backend. This table is the only place below ``io`` that names
it, and a test checks that every entry names a writer that exists.

>>> WRITERS["report.html"]
('html', 'report_html')
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any

__all__ = ["WRITERS", "write"]

#: Every format a result offers as a method: (module of ``keyaccount_rules.io``, function).
WRITERS: dict[str, tuple[str, str]] = {
    "agenda.csv": ("csv_text", "agenda_csv"),
    "agenda.ics": ("ics", "agenda_ics"),
    "report.csv": ("csv_text", "report_csv"),
    "report.html": ("html", "report_html"),
    "report.charts": ("html", "report_charts"),
    "pay_run.csv": ("csv_text", "pay_run_csv"),
    "pay_run.json": ("json_text", "pay_run_json"),
}


@cache
def _writer(kind: str) -> Callable[..., str]:
    module, name = WRITERS[kind]
    found: Callable[..., str] = getattr(import_module(f"keyaccount_rules.io.{module}"), name)
    return found


def write(kind: str, value: Any, /, **options: Any) -> str:
    """``value`` written in the format ``kind`` of :data:`WRITERS` (e.g. ``"report.html"``)."""
    return _writer(kind)(value, **options)

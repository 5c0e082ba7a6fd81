"""The evaluate command's rows written out (输出格式): an aligned table, CSV or JSON Lines.

Rows are :func:`~keyaccount_rules.io.portfolio.outcome_rows`' flat dicts. English writes the
codes (``gold``, ``city_center``; ``true``/``false`` in CSV, booleans in JSON); Chinese writes
the vocabulary's labels and the headings of ``messages/zh.toml`` (section ``cli``). CSV goes
through :func:`~keyaccount_rules.io.csv_text.write_csv` and JSON through
:func:`~keyaccount_rules.io.json_text.json_text`; the table streams after its first rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import chain, islice
from typing import Any, TextIO

from keyaccount_rules.core.catalogue import Language, render
from keyaccount_rules.core.vocabulary import Criterion, Level, Tier, Unit
from keyaccount_rules.io.csv_text import write_csv
from keyaccount_rules.io.json_text import json_cell, json_text
from keyaccount_rules.io.portfolio import OUTCOME_COLUMNS
from keyaccount_rules.io.safety import clip, display_width, terminal_text

__all__ = ["write_rows"]

# the table leaves out the customer ID (CSV and JSON carry it); the rest as outcome_rows gives
_TABLE_COLUMNS = tuple(column for column in OUTCOME_COLUMNS if column != "customer_id")
#: Each output column's heading: column → message key (``messages/*.toml``, ``cli.column``).
_HEADINGS = {
    "row": "cli.column.row",
    "customer_id": "cli.column.customer_id",
    "name": "cli.column.name",
    "key_account": "cli.column.key_account",
    "criteria": "cli.column.criteria",
    "score": "cli.column.score",
    "tier": "cli.column.tier",
    "unit": "cli.column.unit",
    "contacts_per_month": "cli.column.contacts_per_month",
    "level": "cli.column.level",
}
# Cells whose text comes from the input file (not from the library's vocabulary): written
# spreadsheet-safe, so a name like =HYPERLINK(...) is shown as text (CWE-1236).
_DATA_COLUMNS = frozenset({"name", "customer_id"})
_FIRST_CHUNK = 1000  # rows read before the table's widths are fixed


def _heading(column: str, lang: Language) -> str:
    key = _HEADINGS.get(column)
    return column if key is None else render(key, lang)


def _yes_no(value: bool, lang: Language) -> str:
    return render("cli.yes" if value else "cli.no", lang)


def _label(
    column: str, value: Any, lang: Language, *, joiner: str, edition: str | None = None
) -> Any:
    """An output value in the chosen language: enum codes → Chinese labels for ``zh``, a unit
    in its edition's own word (G-23)."""
    if value is None:
        return None
    zh = lang == "zh"
    if column == "key_account":
        return _yes_no(value, lang) if zh else value
    if column == "criteria":
        return joiner.join(Criterion(code).zh if zh else code for code in value)
    if column == "tier" and zh:
        return Tier(value).zh
    if column == "unit" and zh:
        return Unit(value).label("zh", edition)
    if column == "level" and zh:
        return Level(value).zh
    return value


# ---------------------------------------------------------------- the table


def _display(row: dict[str, Any], lang: Language, edition: str | None) -> list[str]:
    """Table cells: labels, data text shown safely for a terminal and clipped to a width."""
    cells = []
    for column in _TABLE_COLUMNS:
        value = _label(column, row[column], lang, joiner=",", edition=edition)
        if column == "key_account" and lang != "zh":
            value = _yes_no(value, lang)
        text = "—" if value is None else str(value)
        cells.append(clip(terminal_text(text)) if column == "name" else text)
    return cells


def _known_widths(lang: Language, edition: str | None) -> dict[str, int]:
    """Widths every value of a column can take, from the vocabulary (not from the data)."""
    zh = lang == "zh"

    def widest(values: Iterable[str]) -> int:
        return max(map(display_width, values))

    return {
        "key_account": widest([_yes_no(True, lang), _yes_no(False, lang)]),
        "criteria": widest([",".join(c.zh if zh else c.value for c in Criterion)]),
        "tier": widest(t.zh if zh else t.value for t in Tier),
        "unit": widest(u.label("zh", edition) if zh else u.value for u in Unit),
        "score": len("100.0"),
    }


def write_table(
    rows: Iterable[dict[str, Any]], out: TextIO, lang: Language, edition: str | None = None
) -> None:
    """Aligned columns; widths come from the vocabulary and the first rows, then rows stream.

    Only the first rows are held; when one of them is bad, the rows before it are written
    before the error goes on (what the run's last line counts as written; none: no
    heading either). Names are clipped to
    :data:`~keyaccount_rules.io.safety.MAX_COLUMN_WIDTH` columns, so one long name cannot
    pad every row; control characters in them are shown escaped.
    """
    headings = [_heading(c, lang) for c in _TABLE_COLUMNS]
    known = _known_widths(lang, edition)
    iterator = iter(rows)
    first: list[list[str]] = []
    try:
        first.extend(_display(row, lang, edition) for row in islice(iterator, _FIRST_CHUNK))
    except BaseException:  # a bad row among the first: the rows before it are still shown
        if first:
            _lines(first, headings, known, out)
        raise
    line = _lines(first, headings, known, out)
    for row in iterator:
        line(_display(row, lang, edition))


def _lines(
    first: list[list[str]], headings: list[str], known: dict[str, int], out: TextIO
) -> Callable[[Sequence[str]], None]:
    """Write the headings and the first rows at their widths; returns the line writer."""
    widths = [
        max(display_width(heading), known.get(column, 0), *(display_width(c[i]) for c in first))
        for i, (column, heading) in enumerate(zip(_TABLE_COLUMNS, headings, strict=True))
    ]

    def line(cells: Sequence[str]) -> None:
        padded = (
            cell + " " * (w - display_width(cell)) for cell, w in zip(cells, widths, strict=True)
        )
        out.write("  ".join(padded).rstrip() + "\n")

    line(headings)
    line(["-" * w for w in widths])
    for cells in first:
        line(cells)
    return line


# ---------------------------------------------------------------- CSV and JSON Lines


def _csv_cell(value: Any) -> str:
    """A CSV cell as the input format writes it: true/false, empty for null, ';' for lists."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, int | Decimal):
        return str(value)
    return json_cell(value)


def _converters(lang: Language, edition: str | None) -> dict[str, Callable[[Any], str]]:
    """The cell of each vocabulary column in ``lang``, chosen once per run."""
    zh = lang == "zh"
    criteria = {c.value: c.zh if zh else c.value for c in Criterion}
    tiers = {t.value: t.zh if zh else t.value for t in Tier}
    units = {u.value: u.label("zh", edition) if zh else u.value for u in Unit}
    flags = {v: _yes_no(v, lang) for v in (True, False)} if zh else {True: "true", False: "false"}
    return {
        "key_account": flags.__getitem__,
        "criteria": lambda value: ";".join(criteria[c] for c in value),
        "tier": lambda value: "" if value is None else tiers[value],
        "unit": lambda value: "" if value is None else units[value],
    }


def write_csv_rows(
    rows: Iterator[dict[str, Any]],
    out: TextIO,
    lang: Language,
    *,
    bom: bool = False,
    edition: str | None = None,
) -> None:
    """CSV for spreadsheets, the header after the first good row (an early error leaves no
    header); the input's own columns (after the outcome's) are data, written safely."""
    first = next(rows, None)
    columns = list(first) if first is not None else list(OUTCOME_COLUMNS)
    special = _converters(lang, edition)
    convert = {column: special.get(column, _csv_cell) for column in columns}
    trusted = {c for c in columns if c in OUTCOME_COLUMNS and c not in _DATA_COLUMNS}
    write_csv(
        out,
        columns,
        () if first is None else chain([first], rows),
        header=[_heading(c, lang) for c in columns] if lang == "zh" else None,
        convert=convert,
        trusted=trusted,
        bom=bom,
    )


def _json_row(row: dict[str, Any], lang: Language, edition: str | None) -> dict[str, Any]:
    if lang != "zh":
        return row
    return {
        _heading(column, lang): (
            [Criterion(code).zh for code in value]
            if column == "criteria"
            else _label(column, value, lang, joiner=";", edition=edition)
        )
        for column, value in row.items()
    }


def write_rows(
    rows: Iterator[dict[str, Any]],
    fmt: str,
    out: TextIO,
    lang: Language,
    excel: bool = False,
    edition: str | None = None,
) -> None:
    """The rows in ``fmt`` (``table``, ``csv`` or ``json``: JSON Lines) and ``lang``; units in
    the words of ``edition`` (the policy's, G-23)."""
    if fmt == "json":
        for row in rows:
            out.write(json_text(_json_row(row, lang, edition)))
    elif fmt == "csv":
        write_csv_rows(rows, out, lang, bom=excel, edition=edition)
    else:
        write_table(rows, out, lang, edition)

"""Safe text out: spreadsheet formulas, terminal escapes, column widths, iCalendar text."""

from __future__ import annotations

import csv
import io

import pytest

from keyaccount_rules.io.safety import (
    MAX_COLUMN_WIDTH,
    clip,
    display_width,
    ics_text,
    spreadsheet_cell,
    terminal_text,
)


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "  =cmd|' /C calc'!A0",
        "＝1+1",
        "\u3000=1",
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_prefixed_with_a_quote(text: str) -> None:
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["汕头市某公司", "ACME Ltd", "1=1", "a-b", "", "O'Brien"])
def test_an_ordinary_name_is_written_as_it_is(text: str) -> None:
    assert spreadsheet_cell(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("A\x1b[2JB", "A\\x1b[2JB"),
        ("name\u202eevil", "name\\u202eevil"),
        ("line1\r\nline2", "line1\\r\\nline2"),
        ("tab\there", "tab\\there"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("\x9b31m", "\\x9b31m"),
    ],
)
def test_control_and_bidi_characters_are_shown_escaped_on_a_terminal(text: str, shown: str) -> None:
    assert terminal_text(text) == shown


def test_printable_chinese_text_passes_to_the_terminal_unchanged() -> None:
    assert terminal_text("汕头市华宏物流有限公司（南澳）") == "汕头市华宏物流有限公司（南澳）"


def test_a_wide_character_takes_two_columns() -> None:
    assert display_width("汕头A") == 5


def test_a_long_name_is_clipped_to_the_column_width_with_an_ellipsis() -> None:
    clipped = clip("x" * 100_000)
    assert display_width(clipped) == MAX_COLUMN_WIDTH
    assert clipped.endswith("…")


def test_a_name_exactly_as_wide_as_the_column_is_not_clipped() -> None:
    assert clip("汕" * 20, 40) == "汕" * 20
    assert clip("汕" * 21, 40) == "汕" * 19 + "…"


@pytest.mark.parametrize(
    "text",
    [
        "a\rATTENDEE:mailto:x@example.com",
        "a\nRRULE:FREQ=DAILY",
        "a\r\nATTACH:http://x",
        "a\x0bb",
    ],
)
def test_no_ics_text_can_start_a_new_content_line(text: str) -> None:
    escaped = ics_text(text)
    assert "\r" not in escaped
    assert "\n" not in escaped
    assert "\x0b" not in escaped


def test_ics_text_escapes_the_rfc_5545_specials() -> None:
    assert ics_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_a_csv_with_crlf_line_ends_quotes_a_lone_carriage_return() -> None:
    # Why writers use "\r\n": with "\n" a lone CR is written unquoted and moves the next
    # cells to another row when read back.
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(["li\rwang", "950.00"])
    assert next(csv.reader(io.StringIO(out.getvalue(), newline=""))) == ["li\rwang", "950.00"]


def test_a_lone_surrogate_is_shown_escaped_and_dropped_from_a_calendar() -> None:
    from keyaccount_rules.io.safety import ics_text, terminal_text

    assert terminal_text("a\ud800b") == "a\\ud800b"
    assert ics_text("a\ud800b") == "ab"
    assert terminal_text("a\ud800b").encode("utf-8") == b"a\\ud800b"

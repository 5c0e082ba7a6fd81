"""Safe text out (输出安全): what the library writes must not be executed by what reads it.

Names, manager names, customer IDs and a policy's ``source`` texts come from users' files.
Written raw they can become a spreadsheet formula (CWE-1236), a forged line in a terminal
table, an escape sequence that rewrites the screen, a bidi override that hides text, or an
injected iCalendar property. Every writer of the library passes data-derived text through
one of these functions:

- :func:`spreadsheet_cell` — OWASP's advice for CSV injection: a cell that a spreadsheet
  would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return,
  also after leading spaces, and their full-width forms) is prefixed with a single quote,
  which spreadsheets show as text.
- :func:`terminal_text` — control and invisible format characters (ESC, CR, LF, bidi
  overrides, zero-width characters) are shown escaped (``\\x1b``, ``\\u202e``), never sent.
- :func:`clip` and :func:`display_width` — a table column has a maximum width; longer text
  ends in ``…`` (East Asian wide characters count as two columns).
- :func:`ics_text` — an iCalendar TEXT value (RFC 5545 §3.3.11) with every line break,
  including a lone CR, escaped, and other control characters dropped.

>>> spreadsheet_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> spreadsheet_cell("汕头市某公司")
'汕头市某公司'
>>> terminal_text("A\\x1b[2JB\\u202eC")
'A\\\\x1b[2JB\\\\u202eC'
>>> clip("汕头市华宏物流有限公司", 10)
'汕头市华…'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

__all__ = [
    "CSV_LINE_END",
    "FORMULA_TRIGGERS",
    "MAX_COLUMN_WIDTH",
    "clip",
    "display_width",
    "ics_fold",
    "ics_text",
    "spreadsheet_cell",
    "spreadsheet_row",
    "terminal_lines",
    "terminal_text",
]

#: First characters that make a spreadsheet evaluate a cell (OWASP CSV injection), with the
#: full-width forms a Chinese input method types.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n＝＋－＠")
#: Widest a table column grows, in terminal columns (a 100,000-character name must not pad
#: every row of a table to its width).
MAX_COLUMN_WIDTH = 40
_ELLIPSIS = "…"


def spreadsheet_cell(text: str) -> str:
    """A data-derived text cell a spreadsheet will show as text, never run as a formula."""
    stripped = text.lstrip(" \u3000")
    if stripped[:1] in FORMULA_TRIGGERS or text[:1] in FORMULA_TRIGGERS:
        return "'" + text
    return text


def spreadsheet_row(row: Mapping[str, object]) -> dict[str, object]:
    """A CSV row whose text cells a spreadsheet shows as text (numbers are left as they are)."""
    return {k: spreadsheet_cell(v) if isinstance(v, str) else v for k, v in row.items()}


def _escaped(char: str) -> str:
    code = ord(char)
    if char == "\t":
        return "\\t"
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _unsafe(char: str) -> bool:
    # Cc: C0/C1 controls and DEL (ESC starts terminal sequences); Cf: bidi overrides and
    # isolates, zero-width characters; Zl/Zp: line and paragraph separators; Cs: a lone
    # surrogate, no character (no terminal or file can be written with one).
    return unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs"}


def terminal_text(text: str) -> str:
    """Text for a terminal: every control or invisible format character shown escaped."""
    if text.isprintable():
        return text
    return "".join(_escaped(char) if _unsafe(char) else char for char in text)


def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def display_width(text: str) -> int:
    """Terminal columns of text: East Asian wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def clip(text: str, width: int = MAX_COLUMN_WIDTH) -> str:
    """``text`` cut to ``width`` terminal columns, ending in ``…`` when it was longer."""
    if len(text) <= width // 2 or display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = _char_width(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + _ELLIPSIS


def ics_text(text: str) -> str:
    """An iCalendar TEXT value: backslash, ``;``, ``,`` and every line break escaped.

    CRLF, a lone LF and a lone CR all become ``\\n`` (a lone CR would otherwise end the
    content line in some readers and start an injected property); other control characters
    are dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(char for char in text if char == "\n" or not _unsafe(char))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


#: Line end of every CSV the library writes: ``\r\n`` (RFC 4180), so that the csv module
#: quotes a lone CR inside a cell (with ``\n`` it writes it raw, and a reader splits the row).
CSV_LINE_END = "\r\n"


def terminal_lines(text: str) -> str:
    """Multi-line text for a terminal: each line through :func:`terminal_text`.

    Only ``\\n`` separates lines; a CR or any other control character inside a line is shown
    escaped, so a line cannot be overwritten or forged.
    """
    return "\n".join(terminal_text(line) for line in text.split("\n"))


#: RFC 5545 §3.1: content lines SHOULD NOT be longer than 75 octets.
ICS_LINE_OCTETS = 75


def ics_fold(line: str) -> str:
    """Fold an iCalendar content line at 75 octets without splitting a UTF-8 character.

    Continuation lines start with one space, which counts toward their 75 octets.
    """
    parts: list[str] = []
    current, size, limit = "", 0, ICS_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = char, width, ICS_LINE_OCTETS - 1
        else:
            current += char
            size += width
    parts.append(current)
    return "\r\n ".join(parts)

"""Where a command's output goes (输出): stdout or a file written whole, progress, counts.

A file given with ``--output`` appears only when the run is complete (a temporary file is
renamed over it); a run that fails or is interrupted leaves none, so a partial result is
never mistaken for a whole one. :class:`Counter` keeps what a run wrote and skipped for its
last lines on stderr, also after an interruption.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import TextIO, TypeVar

from keyaccount_rules.core.errors import PolicyError, RowError
from keyaccount_rules.io.cli.types import PROG
from keyaccount_rules.io.safety import terminal_lines, terminal_text

__all__ = ["Counter", "SafeLines", "error_line", "progress", "target", "whole"]

T = TypeVar("T")


def error_line(err: BaseException) -> str:
    """The line printed for an error (``keyaccount-rules: error: …``), safe for a terminal:
    control characters and escapes in it are shown escaped, never sent. A policy's problems
    (:class:`~keyaccount_rules.PolicyError`) are listed on lines of their own."""
    text = str(err)
    if isinstance(err, PolicyError) and "\n" in text:  # a heading, then one problem a line
        head = text.split("\n", 1)[0]
        lines = [terminal_text(head), *(f"  {terminal_text(str(p))}" for p in err.problems)]
        return f"{PROG}: error: " + "\n".join(lines)
    return f"{PROG}: error: {terminal_text(text)}"


class SafeLines:
    """A text stream whose writes (whole lines of a report) reach the one below with every
    control character but the line break shown escaped."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped; returns its length."""
        self.out.write(terminal_lines(text))
        return len(text)

    def flush(self) -> None:
        """Flush the stream below."""
        self.out.flush()


class Counter:
    """What a run has written and skipped, for the final lines (also after an interruption)."""

    def __init__(self, stderr: TextIO) -> None:
        self.written = 0
        self.skipped = 0
        self.stderr = stderr

    def report(self, error: RowError) -> None:
        """Print a skipped row's error as it is found; only the count is kept (flat memory)."""
        self.skipped += 1
        self.stderr.write(f"{PROG}: skipped: {terminal_text(str(error))}\n")

    def count(self, rows: Iterable[T]) -> Iterator[T]:
        """The rows, counted as each is passed on."""
        for row in rows:
            yield row
            self.written += 1


def progress(
    items: Iterable[T], stream: TextIO, every: int = 10_000, what: str = "customers"
) -> Iterator[T]:
    """Pass items through, showing a count of ``what`` on ``stream`` when it is a terminal
    (long runs: ``evaluate``, ``agenda``, ``report``); nothing when it is piped or a file."""
    if not stream.isatty():
        yield from items
        return
    count = 0
    try:
        for count, item in enumerate(items, start=1):
            if not count % every:
                stream.write(f"\r{count:,} {what}…")
                stream.flush()
            yield item
    finally:  # end the progress line, also before an error message
        if count >= every:
            stream.write(f"\r{count:,} {what} done.\n")


@contextmanager
def target(path: str | None, stdout: TextIO) -> Iterator[TextIO]:
    """Where output goes: stdout, or a temporary file renamed to ``path`` only on success.

    A run that fails or is interrupted leaves no file at ``path`` (an existing one is kept).
    """
    if path is None:
        yield stdout
        return
    folder = os.path.dirname(os.path.abspath(path))
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, renamed on success)
        "w",
        encoding="utf-8",
        newline="",
        dir=folder,
        prefix=f".{os.path.basename(path)}.",
        suffix=".part",
        delete=False,
    )
    try:
        with handle:
            yield typing.cast(TextIO, handle)
        os.replace(handle.name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(handle.name)
        raise


@contextmanager
def whole(out: TextIO) -> Iterator[TextIO]:
    """A temporary file standing in for ``out``, copied to it only when the block ends
    without an error: a document (CSV, JSON, iCalendar) that fails part-way writes nothing,
    never a truncated document. Memory stays flat (the file is on disk)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as buffer:
        yield typing.cast(TextIO, buffer)
        buffer.seek(0)
        shutil.copyfileobj(buffer, out)

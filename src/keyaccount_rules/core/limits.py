"""Input-safety limits (输入安全上限): how much of a file the library reads before refusing it.

These bound the work and memory an untrusted file can cost; they are not policy numbers (no
rule of the seeds states them) and a real file stays far below each. Every reader that
enforces one names it in its refusal.
"""

from __future__ import annotations

__all__ = [
    "MAX_PERIOD_COUNT",
    "POLICY_DEPTH",
    "POLICY_FILE_BYTES",
    "XLSX_FILE_BYTES",
    "XLSX_MEMBER_BYTES",
    "XLSX_RATIO",
    "XLSX_RATIO_FROM",
]

#: Largest ``.xlsx`` workbook read from a stream that cannot seek (standard input), in
#: bytes: it is held in memory to be opened as a zip archive.
XLSX_FILE_BYTES = 256 << 20
#: Largest part of a workbook (a sheet, the shared strings, the styles) once unpacked, in
#: bytes: a sheet of 300,000 customers is about 60 MiB of XML.
XLSX_MEMBER_BYTES = 512 << 20
#: Highest compression ratio (unpacked size / packed size) of a workbook's part: real XML
#: packs 5 to 20 times; a zip bomb packs a thousand times or more.
XLSX_RATIO = 100
#: Smallest unpacked part, in bytes, whose ratio is checked (a tiny part cannot hurt).
XLSX_RATIO_FROM = 1 << 20
#: Deepest nesting of tables and arrays in a policy or case file: the policy model is six
#: levels deep; deeper data is refused before anything walks it.
POLICY_DEPTH = 32
#: Largest policy or case file read, in bytes (the shipped editions are ~60 KB): a policy
#: file, one it extends, one a case file names and the case file itself must also be regular
#: files (never a device or a pipe).
POLICY_FILE_BYTES = 4 << 20
#: Most months (or other periods) a policy's period count may state (a duty's
#: ``months_after``): a hundred years; more would carry a due date past any calendar.
MAX_PERIOD_COUNT = 1200

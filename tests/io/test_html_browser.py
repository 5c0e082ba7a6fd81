"""A real browser looks at the monthly report: headless Chromium renders it without errors.

Skipped, with the reason, when ``chromium`` is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

import keyaccount_rules as kr
from tests.month.test_cycle import BUREAU, REPORT_DATA, revenue

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG into rows of raw pixel bytes (no dependency)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8
    assert colour in (2, 6)
    assert interlace == 0
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, channels, rows


def non_white(data: bytes) -> int:
    width, channels, rows = png_pixels(data)
    count = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            if row[x] < 240 or row[x + 1] < 240 or row[x + 2] < 240:
                count += 1
    return count


def render(page: Path, shot: Path, tmp_path: Path) -> str:
    command = [
        CHROMIUM or "chromium",
        *FLAGS,
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1200,1600",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert shot.is_file(), done.stderr[-2000:]
    return done.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_renders_in_headless_chromium_with_no_page_errors(
    lang: str, tmp_path: Path
) -> None:
    report = kr.monthly_report(revenue(REPORT_DATA), month="2025-01", bureau_annual_revenue=BUREAU)
    page = tmp_path / "report.html"
    page.write_text(report.to_html(lang), encoding="utf-8")
    shot = tmp_path / "report.png"
    log = render(page, shot, tmp_path)
    assert "Uncaught" not in log
    assert "ERROR:CONSOLE" not in log
    assert non_white(shot.read_bytes()) > 20_000  # charts and tables, not a blank page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_by_level_renders_in_headless_chromium_with_no_page_errors(
    lang: str, tmp_path: Path
) -> None:
    from tests.month.test_cycle_levels import level_report

    page = tmp_path / "report.html"
    page.write_text(level_report().to_html(lang), encoding="utf-8")  # type: ignore[arg-type]
    shot = tmp_path / "report.png"
    log = render(page, shot, tmp_path)
    assert "Uncaught" not in log
    assert "ERROR:CONSOLE" not in log
    assert non_white(shot.read_bytes()) > 10_000  # the level charts and tables


def dom(page: Path, tmp_path: Path) -> str:
    """The page as the browser built it (``--dump-dom``): what a person is shown."""
    command = [
        CHROMIUM or "chromium",
        *FLAGS,
        f"--user-data-dir={tmp_path / 'profile-dom'}",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert "</html>" in done.stdout, done.stderr[-2000:]
    return done.stdout


#: Per policy: the report, and what its page must show (policy, bureau, the data's as-of date).
BASES = {
    "combined": (
        lambda: kr.monthly_report(
            revenue(REPORT_DATA), month="2025-01", bureau_annual_revenue=BUREAU
        ),
        {
            "en": ("combined (edition, version {version})",
                   "Shantou city and Liangshan prefecture bureaus (002 and 001)", "Data as of"),
            "zh": ("combined（版本{version}）", "汕头市局与凉山州邮政局（002、001）", "数据截至"),
        },
        "2025-01-31",
    ),
    "liangshan": (
        None,
        {
            "en": ("liangshan (edition, version {version})", "Liangshan prefecture bureau (001)",
                   "Data as of"),
            "zh": ("liangshan（版本{version}）", "凉山州邮政局（001）", "数据截至"),
        },
        "2026-03-31",
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("policy", ["combined", "liangshan"])
def test_the_browser_shows_the_report_s_policy_bureau_and_as_of_date(
    policy: str, lang: str, tmp_path: Path
) -> None:
    from tests.month.test_cycle_levels import level_report

    make, words, as_of = BASES[policy]
    report = level_report() if make is None else make()
    page = tmp_path / "report.html"
    page.write_text(report.to_html(lang), encoding="utf-8")  # type: ignore[arg-type]
    shown = dom(page, tmp_path)
    named_policy, bureau, as_of_label = words[lang]
    assert named_policy.format(version=kr.edition(policy).version) in shown
    assert report.policy_fingerprint[:16] in shown
    assert bureau in shown
    assert as_of_label in shown
    assert as_of in shown
    shot = tmp_path / "report.png"
    log = render(page, shot, tmp_path)
    assert "Uncaught" not in log
    assert non_white(shot.read_bytes()) > 10_000


def test_the_png_decoder_counts_pixels_of_a_tiny_image() -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    pixels = b"\x00" + b"\xff\xff\xff" + b"\x00\x00\x00"
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )
    assert non_white(png) == 1

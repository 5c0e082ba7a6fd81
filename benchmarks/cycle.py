"""Benchmark of the monthly agenda (issue 12): agenda time over stdlib-csv reading time.

    PYTHONPATH=src python benchmarks/cycle.py [--customers 100000] [--rows-per-customer 20]
        [--repeat 3] [--no-memory]

Writes a portfolio and an activity file (20 rows a customer: 100,000 customers give 2,000,000
rows), then times, best of ``--repeat`` runs in one process:

- the floor: reading both files with the stdlib ``csv`` module (every row, no work);
- ``iter_agenda`` over the same files (the streaming form the CLI's csv/json/ics use), each
  item consumed and dropped;
- ``kr.agenda`` (the same items, sorted and held in one ``Agenda``).

and prints each time and its ratio to the floor (target in issue 12: at most 4), then the peak
traced memory (tracemalloc, a separate run) of each. Memory is flat in the rows when the peak
of ``iter_agenda`` does not grow with ``--rows-per-customer``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import keyaccount_rules as kr
from keyaccount_rules.io.portfolio import CSV_COLUMNS
from keyaccount_rules.io.rows import open_table
from keyaccount_rules.month.agenda import iter_agenda

KINDS = ("visit", "contact", "archive_refresh", "greeting", "leadership_visit")
AS_OF = dt.date(2025, 12, 20)
BUREAU = 300_000_000


def write(folder: Path, customers: int, per_customer: int) -> tuple[Path, Path]:
    """A portfolio and ``per_customer`` activity rows per customer (grouped by customer)."""
    rng = random.Random(12)
    portfolio, activity = folder / "portfolio.csv", folder / "activity.csv"
    with portfolio.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, restval="")
        writer.writeheader()
        for n in range(customers):
            annual = rng.choice([20_000, 120_000, 400_000, 700_000, 1_600_000])
            writer.writerow(
                {
                    "name": f"C{n:06d}",
                    "scope": "comprehensive",
                    "last_year_express": annual,
                    "current_month_express": annual // 12,
                }
            )
    with activity.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["customer", "date", "kind", "manager"])
        for n in range(customers):
            for _ in range(per_customer):
                day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 352))
                out.writerow([f"C{n:06d}", day.isoformat(), rng.choice(KINDS), f"M{n % 50:02d}"])
    return portfolio, activity


def read_csv(portfolio: Path, activity: Path) -> int:
    """The floor: every row of both files read with the stdlib csv module."""
    count = 0
    for path in (portfolio, activity):
        with path.open(encoding="utf-8", newline="") as handle:
            for _row in csv.reader(handle):
                count += 1
    return count


def read_checked(portfolio: Path, activity: Path) -> int:
    """The library's own floor: every row of both files through the hostile-table reader
    (``io/rows.py``: per-line decoding, unclosed quotes, cell limits), no record built."""
    count = 0
    for path in (portfolio, activity):
        table = open_table(path)
        try:
            for _row in table.rows:
                count += 1
        finally:
            table.close()
    return count


def stream_agenda(portfolio: Path, activity: Path) -> int:
    """The streaming form: each item built, counted and dropped."""
    problems: list[kr.Problem] = []
    count = 0
    for _item in iter_agenda(
        kr.read_portfolio(portfolio),
        kr.read_activity(activity),
        as_of=AS_OF,
        bureau_annual_revenue=BUREAU,
        report=problems.append,
    ):
        count += 1
    return count


def whole_agenda(portfolio: Path, activity: Path) -> int:
    """``kr.agenda``: every item held and sorted."""
    result = kr.agenda(
        kr.read_portfolio(portfolio),
        kr.read_activity(activity),
        as_of=AS_OF,
        bureau_annual_revenue=BUREAU,
    )
    return len(result.items)


def best(func: Callable[[Path, Path], int], repeat: int, *args: Path) -> tuple[int, float]:
    """(value, best seconds of ``repeat`` runs)."""
    times = []
    value = 0
    for _ in range(repeat):
        start = time.perf_counter()
        value = func(*args)
        times.append(time.perf_counter() - start)
    return value, min(times)


def peak(func: Callable[[Path, Path], int], *args: Path) -> float:
    """Peak traced memory of one run, MiB."""
    tracemalloc.start()
    func(*args)
    top = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return top / 2**20


def main() -> None:
    """Command line: the sizes, the repeats, and whether to trace memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--rows-per-customer", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--skip-whole", action="store_true", help="time only the streaming form")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = write(Path(folder), args.customers, args.rows_per_customer)
        rows, floor = best(read_csv, args.repeat, *files)
        _, checked = best(read_checked, args.repeat, *files)
        items, streamed = best(stream_agenda, args.repeat, *files)
        print(f"{args.customers:,} customers, {rows - 2:,} rows read with csv in {floor:.2f} s")
        print(f"the same rows through io/rows.py (no record built): ratio {checked / floor:.1f}x")
        print(f"iter_agenda: {items:,} items in {streamed:.2f} s; ratio {streamed / floor:.1f}x")
        if not args.skip_whole:
            _, whole = best(whole_agenda, args.repeat, *files)
            print(f"kr.agenda:   {items:,} items in {whole:.2f} s; ratio {whole / floor:.1f}x")
        print("(target in issue 12: at most 4x)")
        if not args.no_memory:
            print(
                f"peak traced memory: csv {peak(read_csv, *files):.1f} MiB, "
                f"iter_agenda {peak(stream_agenda, *files):.1f} MiB"
                + ("" if args.skip_whole else f", kr.agenda {peak(whole_agenda, *files):.1f} MiB")
            )


if __name__ == "__main__":
    main()

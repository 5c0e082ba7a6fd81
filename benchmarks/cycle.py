"""Benchmark of the monthly agenda (issue 12): agenda time over stdlib-csv reading time.

    PYTHONPATH=src python benchmarks/cycle.py [--customers 100000] [--rows-per-customer 20]

Writes a portfolio and an activity file (20 rows a customer: 100,000 customers give 2,000,000
rows), times reading both with the stdlib ``csv`` module (the floor), then ``kr.agenda`` over the
same files, and prints the ratio (target in issue 12: at most 4) and the peak memory of each.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

import keyaccount_rules as kr
from keyaccount_rules.io.portfolio import CSV_COLUMNS

KINDS = ("visit", "contact", "archive_refresh", "greeting", "leadership_visit")
AS_OF = dt.date(2025, 12, 20)


def write(folder: Path, customers: int, per_customer: int) -> tuple[Path, Path]:
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
    count = 0
    for path in (portfolio, activity):
        with path.open(encoding="utf-8", newline="") as handle:
            for _row in csv.reader(handle):
                count += 1
    return count


def run_agenda(portfolio: Path, activity: Path) -> int:
    result = kr.agenda(
        kr.read_portfolio(portfolio), activity, as_of=AS_OF, bureau_annual_revenue=300_000_000
    )
    return len(result.items)


def measure(func, *args):  # type: ignore[no-untyped-def]
    """(value, seconds, peak bytes): timed without tracing, then traced for the peak."""
    start = time.perf_counter()
    value = func(*args)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    func(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return value, elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--rows-per-customer", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        portfolio, activity = write(Path(folder), args.customers, args.rows_per_customer)
        rows, floor, floor_peak = measure(read_csv, portfolio, activity)
        items, took, peak = measure(run_agenda, portfolio, activity)
    print(
        f"{args.customers:,} customers, {rows - 2:,} rows read with csv in {floor:.2f} s "
        f"(peak {floor_peak / 2**20:.1f} MiB)"
    )
    print(
        f"agenda: {items:,} items in {took:.2f} s (peak {peak / 2**20:.1f} MiB); "
        f"ratio {took / floor:.1f}x (target ≤ 4x)"
    )


if __name__ == "__main__":
    main()

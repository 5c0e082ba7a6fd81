"""Generate a deterministic sample year of a city bureau: portfolio, activity and monthly revenue.

    python scripts/make_sample_year.py OUTDIR [--customers 500] [--seed 12]

writes ``OUTDIR/portfolio.csv`` (the portfolio layout of API.md, graded on 2025-12-20 against
2024's revenue), ``OUTDIR/activity.csv`` (2025's contacts, visits, greetings, archive refreshes,
marketing logs, filings, analyses, key dates and reports, each row naming the manager) and
``OUTDIR/revenue.csv`` (``customer, month, line, amount`` from 2023-01 to 2025-12). The same
seed always gives the same files. One customer has a deliberate gap (2025-06) in its revenue.

The sample year shipped in the package (``keyaccount-rules sample DIR``) is
``--customers 120 --seed 12``, written into ``src/keyaccount_rules/data/sample_year/`` (a test
keeps the two equal); its ``bureau.toml`` and ``facts.toml`` are written by hand.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from keyaccount_rules.core.vocabulary import BusinessLine, LogStage
from keyaccount_rules.io.activity import ACTIVITY_COLUMNS, REVENUE_COLUMNS
from keyaccount_rules.io.portfolio import CSV_COLUMNS

FIRST_YEAR, LAST_YEAR = 2023, 2025
AS_OF = date(2025, 12, 20)
BUREAU_REVENUE = 300_000_000
MANAGERS = ("陈敏", "李强", "王芳", "张伟", "刘洋", "黄磊", "周静", "吴刚")
PREFIX = ("汕头市", "潮州市", "揭阳市")
WORDS = ("广创", "恒运", "联广", "恒鸿", "金信", "华美", "宏达", "新宇", "东方", "海滨", "利群")
TRADES = ("纺织", "工艺", "服装", "物流", "电子", "食品", "玩具", "包装", "印刷", "化工")
LINES = [line for line in BusinessLine if line is not BusinessLine.NEWSPAPERS]
GAP = (7, 2025, 6)  # customer index, year, month with no revenue row


def _name(rng: random.Random, index: int) -> str:
    return f"{rng.choice(PREFIX)}{rng.choice(WORDS)}{rng.choice(TRADES)}{index:03d}有限公司"


def _months() -> list[tuple[int, int]]:
    return [(y, m) for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13)]


def generate(out: Path, customers: int = 500, seed: int = 12) -> None:
    """Write the three files into ``out``."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    months = _months()
    portfolio_rows = []
    revenue_rows: list[list[str]] = []
    activity_rows: list[list[str]] = []
    for index in range(customers):
        name = _name(rng, index)
        manager = MANAGERS[index % len(MANAGERS)]
        size = rng.choice([3_000, 8_000, 20_000, 40_000, 90_000, 200_000, 600_000])
        size = size * rng.uniform(0.6, 1.6) * (4 if index % 97 == 0 else 1)
        lines = rng.sample(LINES, rng.randint(1, 3))
        weights = {line: rng.uniform(0.2, 1.0) for line in lines}
        start = 0 if index % 23 else rng.randint(12, 30)  # some customers join late
        stop = len(months) if index % 41 else rng.randint(26, 34)  # some leave
        growth = rng.uniform(-0.01, 0.02)
        by_year: dict[int, dict[BusinessLine, Decimal]] = {}
        december: dict[BusinessLine, Decimal] = {}
        for position, (year, month) in enumerate(months):
            if not start <= position < stop:
                continue
            if (index, year, month) == GAP:
                continue
            swing = 1.0 + (
                rng.uniform(0.35, 0.8) if rng.random() < 0.04 else rng.uniform(-0.1, 0.1)
            )
            total = size / 12 * (1 + growth) ** position * swing
            for line in lines:
                amount = Decimal(f"{total * weights[line] / sum(weights.values()):.2f}")
                revenue_rows.append([name, f"{year:04d}-{month:02d}", line.value, str(amount)])
                by_year.setdefault(year, {}).setdefault(line, Decimal(0))
                by_year[year][line] += amount
                if (year, month) == (AS_OF.year, AS_OF.month):
                    december[line] = amount
        row = dict.fromkeys(CSV_COLUMNS, "")
        row.update(
            name=name,
            scope=rng.choice(["comprehensive"] * 6 + ["regional"] * 3 + ["professional"]),
            has_agreement="true" if rng.random() < 0.3 else "false",
        )
        for line, amount in by_year.get(AS_OF.year - 1, {}).items():
            row[f"last_year_{line.value}"] = str(amount)
        for line, amount in december.items():
            row[f"current_month_{line.value}"] = str(amount)
        portfolio_rows.append(row)
        # Activity of the year: contacts, visits, greetings, refreshes, logs, key dates.
        if not start <= 24 + 11 < stop + 1:
            continue
        activity_rows.append(
            [
                name,
                f"{LAST_YEAR}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "key_date",
                manager,
                "",
                "",
                "",
                "",
                "",
                "董事长生日",
            ]
        )
        day = date(LAST_YEAR, 1, 1)
        while day <= AS_OF:
            roll = rng.random()
            kind = (
                "visit"
                if roll < 0.35
                else "contact"
                if roll < 0.75
                else "archive_refresh"
                if roll < 0.93
                else "greeting"
                if roll < 0.98
                else "leadership_visit"
            )
            activity_rows.append([name, day.isoformat(), kind, manager, "", "", "", "", "", ""])
            day += timedelta(days=rng.randint(5, 30))
        if index % 5 == 0:
            reached = rng.randint(0, 3)
            for order, stage in enumerate(LogStage):
                if order > reached:
                    break
                when = date(LAST_YEAR, 1 + order * 3, rng.randint(1, 28))
                complete = rng.random() < 0.8
                activity_rows.append(
                    [
                        name,
                        when.isoformat(),
                        "marketing_log",
                        manager,
                        stage.value,
                        "需求沟通" if complete else "",
                        "上门",
                        manager,
                        "客户经办人",
                        "",
                    ]
                )
        if index % 11 == 0:
            activity_rows.append([name, "2025-12-05", "filing", manager, "", "", "", "", "", ""])
        if index % 13 == 0:
            activity_rows.append([name, "2025-12-08", "analysis", manager, "", "", "", "", "", ""])
    activity_rows.append(
        ["", "2025-12-03", "report", "", "", "", "", "", "", "prefecture-collection"]
    )
    activity_rows.sort(key=lambda r: (r[1], r[0]))
    with (out / "portfolio.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(portfolio_rows)
    with (out / "revenue.csv").open("w", encoding="utf-8", newline="") as handle:
        writer_ = csv.writer(handle)
        writer_.writerow(REVENUE_COLUMNS)
        writer_.writerows(revenue_rows)
    with (out / "activity.csv").open("w", encoding="utf-8", newline="") as handle:
        writer_ = csv.writer(handle)
        writer_.writerow(ACTIVITY_COLUMNS)
        writer_.writerows(activity_rows)


def main() -> None:
    """Command line: the output folder, the number of customers and the seed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    generate(args.out, args.customers, args.seed)


if __name__ == "__main__":
    main()

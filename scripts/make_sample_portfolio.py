"""Generate the bundled sample portfolio: synthetic customers of a city bureau (汕头市局).

Deterministic (fixed seed), so the file in ``src/keyaccount_rules/data/`` is reproducible:

    python scripts/make_sample_portfolio.py 500 > src/keyaccount_rules/data/sample_portfolio.csv
"""

from __future__ import annotations

import csv
import random
import sys
from decimal import Decimal

sys.path.insert(0, "src")
from keyaccount_rules.core.vocabulary import BusinessLine
from keyaccount_rules.io.portfolio import CSV_COLUMNS

DIVISIONS = {
    "440507": "龙湖区",
    "440511": "金平区",
    "440512": "濠江区",
    "440513": "潮阳区",
    "440514": "潮南区",
    "440515": "澄海区",
    "440523": "南澳县",
}
TRADES = [
    "贸易",
    "玩具",
    "纺织",
    "电子",
    "食品",
    "印刷",
    "物流",
    "医药",
    "服装",
    "工艺",
    "化工",
    "塑料",
]
KINDS = ["有限公司", "实业有限公司", "集团有限公司", "股份有限公司"]
PUBLIC = [
    "人民医院",
    "税务局",
    "社会保险基金管理局",
    "中学",
    "职业技术学院",
    "电力局",
    "农村商业银行支行",
]
BRANDS = "华宏金利嘉信泰丰德裕鸿运海通联创恒兴东升广源瑞祥新达"
# How much a typical customer of each line spends a year (yuan), as a log-normal median.
LINE_MEDIAN = {
    BusinessLine.SAVINGS_REMITTANCE: 40_000,
    BusinessLine.BILLS: 60_000,
    BusinessLine.LETTERS: 15_000,
    BusinessLine.PHILATELY: 30_000,
    BusinessLine.EXPRESS: 35_000,
    BusinessLine.LOGISTICS: 80_000,
    BusinessLine.PARCELS: 12_000,
    BusinessLine.NEWSPAPERS: 20_000,
}


def money(value: float) -> str:
    return str(Decimal(str(round(max(value, 0.0), 2))).quantize(Decimal("0.01")))


def customer(rng: random.Random, sequence: dict[str, int]) -> dict[str, str]:
    division = rng.choice(list(DIVISIONS))
    sequence[division] += 1
    if rng.random() < 0.12:
        name = f"汕头市{DIVISIONS[division]}{rng.choice(PUBLIC)}"
    else:
        brand = "".join(rng.sample(BRANDS, 2))
        name = f"汕头市{brand}{rng.choice(TRADES)}{rng.choice(KINDS)}"
    line_count = rng.choices([1, 2, 3, 4, 5], weights=[35, 30, 20, 10, 5])[0]
    lines = rng.sample(list(BusinessLine), line_count)
    size = rng.lognormvariate(0, 1.1)  # one size factor per customer: big firms use lines heavily
    row = dict.fromkeys(CSV_COLUMNS, "")
    row["name"] = name
    row["scope"] = (
        "professional" if line_count == 1 else "comprehensive" if line_count >= 3 else "regional"
    )
    row["has_agreement"] = "true" if rng.random() < 0.18 else "false"
    row["customer_id"] = f"{division}{sequence[division]:05d}000"
    for line in lines:
        year = LINE_MEDIAN[line] * size * rng.lognormvariate(0, 0.6)
        month = year / 12 * rng.uniform(0.4, 1.6)
        if line is BusinessLine.NEWSPAPERS:
            rate = rng.uniform(0.15, 0.3)
            row["newspaper_turnover_last_year"] = money(year)
            row["newspaper_turnover_current_month"] = money(month)
            year, month = year * rate, month * rate
        row[f"last_year_{line.value}"] = money(year)
        row[f"current_month_{line.value}"] = money(month)
    return row


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rng = random.Random(20261123)
    sequence = dict.fromkeys(DIVISIONS, 0)
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for _ in range(count):
        writer.writerow(customer(rng, sequence))


if __name__ == "__main__":
    main()

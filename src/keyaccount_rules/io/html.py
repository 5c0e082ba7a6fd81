"""The monthly report as one self-contained printable HTML page (inline CSS and SVG, no network).

Every text that comes from data is escaped with :func:`html.escape` and isolated in ``<bdi>``
(a bidi override in a name reorders nothing outside it); labels follow ``lang``.
By level (``liangshan``, EDITION-2) the tier pyramid becomes the key accounts by level (a
two-step pyramid, prefecture over county), the tier movements are between levels, the detail
table lists every key account with its level, and the FLUX-1 and FILE-1 sections (002's rules,
absent from 001) are left out. Tiers, levels and units are named in the words of the
report's edition (G-23: under ``liangshan`` the county centre is 县市局大客户中心).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Literal

from keyaccount_rules.core.catalogue import Language, render
from keyaccount_rules.core.money import format_yuan
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import BusinessLine, Level, Tier, Unit

if TYPE_CHECKING:
    from keyaccount_rules.month.report import MonthlyReport

__all__ = ["report_charts", "report_html"]

#: The page's labels: name → message key (``messages/*.toml``, section ``report_page``).
_LABELS: dict[str, str] = {
    "title": "report_page.title",
    "no_data": "report_page.no_data",
    "accounts": "report_page.accounts",
    "revenue": "report_page.revenue",
    "group": "report_page.group",
    "this_month": "report_page.this_month",
    "last_month": "report_page.last_month",
    "last_year": "report_page.last_year",
    "year_start": "report_page.year_start",
    "year_to_date": "report_page.year_to_date",
    "year_to_date_last_year": "report_page.year_to_date_last_year",
    "movements": "report_page.movements",
    "gained": "report_page.gained",
    "lost": "report_page.lost",
    "upgraded": "report_page.upgraded",
    "downgraded": "report_page.downgraded",
    "against": "report_page.against",
    "unavailable": "report_page.unavailable",
    "flux": "report_page.flux",
    "detail": "report_page.detail",
    "filing": "report_page.filing",
    "customer": "report_page.customer",
    "tier": "report_page.tier",
    "level": "report_page.level",
    "level_pyramid": "report_page.level_pyramid",
    "level_transitions": "report_page.level_transitions",
    "level_detail": "report_page.level_detail",
    "unit": "report_page.unit",
    "previous": "report_page.previous",
    "current": "report_page.current",
    "change": "report_page.change",
    "average": "report_page.average",
    "reason": "report_page.reason",
    "pyramid": "report_page.pyramid",
    "transitions": "report_page.transitions",
    "by_unit": "report_page.by_unit",
    "trend": "report_page.trend",
    "missing": "report_page.missing",
    "none": "report_page.none",
    "total": "report_page.total",
    "explanation": "report_page.explanation",
    "by_amount": "report_page.by_amount",
    "by_rank": "report_page.by_rank",
    "policy": "report_page.policy",
    "fingerprint": "report_page.fingerprint",
    "bureau": "report_page.bureau",
    "data_as_of": "report_page.data_as_of",
    "customers_given": "report_page.customers_given",
    "no_customers": "report_page.no_customers",
    "axis_yuan": "report_page.axis_yuan",
    "share_unavailable": "report_page.share_unavailable",
}

#: The bureau whose document each edition encodes (a bureau's own file is named by itself).
_BUREAUS: dict[str, str] = {
    "shantou": "report_page.bureau_shantou",
    "liangshan": "report_page.bureau_liangshan",
    "combined": "report_page.bureau_combined",
}

_COLOURS = {
    "diamond": "#4a6fa5",
    "gold": "#c9a227",
    "silver": "#8a939b",
    "general": "#6b8f71",
    "prefecture": "#4a6fa5",
    "county": "#6b8f71",
}


def _classes(report: MonthlyReport) -> tuple[Tier, ...] | tuple[Level, ...]:
    """The classes of the report's key accounts, highest first: tiers, or levels."""
    return tuple(Level) if report.by_level else tuple(Tier)


def _data(text: str) -> str:
    """Data-derived text (a customer's name, an explanation's line) escaped and isolated in
    ``<bdi>``: a bidi override in it cannot reorder the text around it."""
    return f"<bdi>{escape(text)}</bdi>"


def _t(key: str, lang: Language) -> str:
    return escape(render(_LABELS[key], lang))


def _key(group: str, key: str, lang: Language, edition: str | None) -> str:
    """A figure's row label: its tier, level or unit in the words of ``edition`` (G-23)."""
    if group in ("tier", "level"):
        klass = Tier(key) if group == "tier" else Level(key)
        return escape(klass.label(lang, edition))
    if group == "unit":
        return escape(Unit(key).label(lang, edition))
    if group == "line":
        return escape(BusinessLine(key).label(lang, edition))
    return _t("total", lang)


def _share(report: MonthlyReport, lang: Language) -> str:
    """REPORT-2's 用邮收入比重 under the revenue table: the sum, the bureau's revenue, the share."""
    share, twelve = report.key_revenue_share, report.key_revenue_twelve_months
    if share is None or twelve is None or report.bureau_annual_revenue is None:
        return f'<p class="missing">{_t("share_unavailable", lang)}</p>'
    month = Month.parse(report.month)
    text = render(
        "report_page.share",
        lang,
        start=month.shift(-11),
        end=month,
        amount=format_yuan(twelve),
        bureau=format_yuan(report.bureau_annual_revenue),
        share=f"{share * 100:.2f}%",
    )
    return f"<p>{escape(text)}</p>"


def _cell(value: object, lang: Language) -> str:
    if value is None:
        return f'<td class="missing">{_t("missing", lang)}</td>'
    if isinstance(value, Decimal):
        return f'<td class="num">{escape(format_yuan(value))}</td>'
    return f'<td class="num">{escape(str(value))}</td>'


def _detail_table(by: str, rows: list[str], lang: Language) -> str:
    """The REPORT-5 detail (by ``tier``) or 001's monthly analysis (by ``level``)."""
    columns = ("customer", by, "unit", "this_month", "last_month", "last_year", "year_to_date")
    return _table([_t(k, lang) for k in columns], rows)


def _figure(caption: str, width: int, height: int, parts: list[str]) -> str:
    """One inline SVG chart of ``width`` × ``height`` with its caption (no network)."""
    return (
        f"<figure><figcaption>{caption}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">'
        f"{''.join(parts)}</svg></figure>"
    )


def _table(head: list[str], rows: list[str]) -> str:
    header = "".join(f"<th>{h}</th>" for h in head)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _bar_chart(title: str, pairs: list[tuple[str, Decimal]], lang: Language) -> str:
    width, bar = 640, 22
    top = max((v for _, v in pairs), default=Decimal(0)) or Decimal(1)
    parts = []
    for i, (label, value) in enumerate(pairs):
        y = 10 + i * (bar + 8)
        w = int(Decimal(300) * value / top)
        amount = escape(format_yuan(value))
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="11">{label}</text>'
            f'<rect x="170" y="{y}" width="{max(w, 1)}" height="{bar}" fill="#4a6fa5">'
            f"<title>{label}: {amount}</title></rect>"
            f'<text x="{175 + w}" y="{y + 15}" font-size="11">{amount}</text>'
        )
    height = 20 + len(pairs) * (bar + 8)
    return _figure(title, width, height, parts)


def _pyramid(report: MonthlyReport, lang: Language) -> str:
    """The classes highest first, each box as wide as its count (the widest is the largest
    class), centred: the shape is the data's."""
    group = "level" if report.by_level else "tier"
    classes = _classes(report)
    counts = {f.key: f.this_month or 0 for f in report.accounts if f.group == group}
    top = max(counts.values(), default=0) or 1
    narrow, wide, middle = 24, 480, 260
    parts = []
    for i, klass in enumerate(classes):
        n = counts.get(klass.value, 0)
        w = narrow + int((wide - narrow) * n / top)
        y = 10 + i * 40
        label = escape(klass.label(lang, report.policy_edition))
        parts.append(
            f'<rect x="{middle - w // 2}" y="{y}" width="{w}" height="34" '
            f'fill="{_COLOURS[klass.value]}" stroke="#556"><title>{label}: {n}</title></rect>'
            f'<text x="{middle}" y="{y + 22}" font-size="13" text-anchor="middle" '
            f'fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke">{label}: {n}</text>'
        )
    caption = _t("level_pyramid" if report.by_level else "pyramid", lang)
    return _figure(caption, 2 * middle, 20 + 40 * len(classes), parts)


def _transitions(report: MonthlyReport, lang: Language) -> str:
    states = ["none", *(t.value for t in _classes(report))]
    size, left, head = 44, 90, 40
    known = {t.value: t for t in _classes(report)}

    def name(state: str) -> str:
        if state == "none":
            return _t("none", lang)
        tier = known[state]
        return escape(tier.label(lang, report.policy_edition))

    parts = []
    top = max(report.transitions.values(), default=0) or 1
    for j, new in enumerate(states):
        parts.append(
            f'<text x="{left + j * size + size // 2}" y="{head - 8}" font-size="11" '
            f'text-anchor="middle">{name(new)}</text>'
        )
    for i, old in enumerate(states):
        y = head + i * size
        parts.append(f'<text x="0" y="{y + size // 2 + 4}" font-size="11">{name(old)}</text>')
        for j, new in enumerate(states):
            n = report.transitions.get(f"{old}>{new}", 0)
            shade = 245 - int(150 * n / top)
            parts.append(
                f'<rect x="{left + j * size}" y="{y}" width="{size - 2}" height="{size - 2}" '
                f'fill="rgb({shade},{shade},250)"/><text x="{left + j * size + size // 2}" '
                f'y="{y + size // 2 + 4}" font-size="11" text-anchor="middle">{n}</text>'
            )
    width, height = left + len(states) * size, head + len(states) * size
    caption = _t("level_transitions" if report.by_level else "transitions", lang)
    return _figure(caption, width, height, parts)


def _whole(value: Decimal) -> str:
    """An amount to the yuan, for a chart's labels (the exact figure is in its tooltip)."""
    return f"{value.quantize(Decimal(1)):,}"


def _trend(report: MonthlyReport, lang: Language) -> str:
    """13 bars of key-account revenue on a yuan axis (ticks at quarters of the largest), each
    with its value above it and a tooltip (``<title>``) with the exact figure."""
    points = [(p.month, p.key_revenue) for p in report.trend]
    values = [v for _, v in points if v is not None]
    top = max(values, default=Decimal(0)) or Decimal(1)
    width, height, left, base, tall = 860, 250, 96, 200, 160
    step = (width - left - 10) // max(len(points), 1)
    parts = [
        f'<line x1="{left}" y1="{base - tall}" x2="{left}" y2="{base}" stroke="#556"/>'
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#556"/>'
        f'<text x="4" y="{base - tall - 14}" font-size="10">{_t("axis_yuan", lang)}</text>'
    ]
    for quarter in range(5):
        y = base - tall * quarter // 4
        parts.append(
            f'<line x1="{left - 4}" y1="{y}" x2="{width - 10}" y2="{y}" stroke="#dde" />'
            f'<text x="{left - 6}" y="{y + 3}" font-size="9" text-anchor="end">'
            f"{_whole(top * quarter / 4)}</text>"
        )
    for i, (month, value) in enumerate(points):
        x = left + i * step
        label = escape(month)
        if value is None:
            parts.append(
                f'<text x="{x + step // 2}" y="{base - 4}" font-size="9" text-anchor="middle" '
                f'fill="#a33">{_t("missing", lang)}<title>{label}: {_t("missing", lang)}</title>'
                "</text>"
            )
        else:
            h = int(Decimal(tall) * value / top)
            parts.append(
                f'<rect x="{x + 4}" y="{base - h}" width="{step - 8}" height="{max(h, 1)}" '
                f'fill="#6b8f71"><title>{label}: {escape(format_yuan(value))}</title></rect>'
                f'<text x="{x + step // 2}" y="{base - h - 3}" font-size="8" '
                f'text-anchor="middle">{_whole(value)}</text>'
            )
        parts.append(
            f'<text x="{x + step // 2}" y="{base + 16}" font-size="9" '
            f'text-anchor="middle">{escape(month[2:])}</text>'
        )
    return _figure(_t("trend", lang), width, height, parts)


def _basis(report: MonthlyReport, lang: Language) -> str:
    """What the report stands on, under its title: the policy (edition or a bureau's file,
    version, fingerprint), the bureau (and its annual revenue), the day the data reaches and
    whether customer records were given."""
    name, edition, version = report.policy_name, report.policy_edition, report.policy_version
    if edition is None:
        policy = render("report_page.policy_own", lang, name=name, version=version)
    elif name == edition:
        policy = render("report_page.policy_edition", lang, name=name, version=version)
    else:
        policy = render(
            "report_page.policy_file", lang, name=name, edition=edition, version=version
        )
    fingerprint = report.policy_fingerprint
    bureau = render(_BUREAUS[name], lang) if name in _BUREAUS else name
    if report.bureau_annual_revenue is not None:
        revenue = format_yuan(report.bureau_annual_revenue)
        bureau += " · " + render("report_page.bureau_revenue", lang, amount=revenue)
    as_of = "—" if report.data_as_of is None else report.data_as_of.isoformat()
    records = _t("customers_given" if report.customers_given else "no_customers", lang)
    rows = [
        (
            _t("policy", lang),
            f"{escape(policy)} · {_t('fingerprint', lang)} "
            f'<code title="{escape(fingerprint)}">{escape(fingerprint[:16])}</code>',
        ),
        (_t("bureau", lang), escape(bureau)),
        (_t("data_as_of", lang), f"{escape(as_of)} · {records}"),
    ]
    cells = "".join(f"<tr><th>{head}</th><td>{cell}</td></tr>" for head, cell in rows)
    return f'<table class="basis"><tbody>{cells}</tbody></table>'


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
margin:24px;color:#222}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 8px;border-bottom:1px solid #ccd}
table{border-collapse:collapse;font-size:12px;margin:6px 0}
th,td{border:1px solid #ccd;padding:3px 6px;text-align:left}th{background:#eef1f5}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.missing{color:#a33;font-style:italic}
figure{display:inline-block;margin:8px 16px 8px 0;vertical-align:top}
figcaption{font-size:13px;font-weight:bold;margin-bottom:4px}
.explanation{font-size:11px;color:#555;white-space:pre-line}
table.basis{font-size:12px;margin:4px 0 12px}table.basis th{width:7em}
code{font-size:11px}
@media print{body{margin:8mm}h2{break-after:avoid}table,figure{break-inside:avoid}}
"""


def report_charts(report: MonthlyReport, lang: Literal["en", "zh"] = "en") -> str:
    """The page's four inline SVG charts as one HTML fragment (for a notebook or another page)."""
    if lang not in ("en", "zh"):
        raise ValueError(f"lang: must be 'en' or 'zh' (got {lang!r})")
    units = [
        (_key("unit", f.key, lang, report.policy_edition), f.this_month or Decimal(0))
        for f in report.revenue
        if f.group == "unit"
    ]
    return "".join(
        [
            "<section>",
            _pyramid(report, lang),
            _transitions(report, lang),
            _bar_chart(_t("by_unit", lang), units, lang),
            _trend(report, lang),
            "</section>",
        ]
    )


def report_html(report: MonthlyReport, lang: Literal["en", "zh"] = "en") -> str:
    """Render ``report`` as one self-contained HTML page in ``lang``."""
    if lang not in ("en", "zh"):
        raise ValueError(f"lang: must be 'en' or 'zh' (got {lang!r})")
    month = escape(report.month)
    head = (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{_t("title", lang)} {month}</title>'
        f"<style>{_CSS}</style></head><body><h1>{_t('title', lang)} · {month}</h1>"
        + _basis(report, lang)
    )
    explanation = "\n".join(
        _data(f"{s.rule}: {s.text_zh if lang == 'zh' else s.text}") for s in report.explanation
    )
    if not report.has_data:
        return (
            f'{head}<p class="missing">{_t("no_data", lang)}</p>'
            f'<p class="explanation">{explanation}</p></body></html>'
        )
    edition = report.policy_edition  # each unit in its edition's words (G-23)
    columns = ["this_month", "last_month", "last_year", "year_start"]
    account_rows = [
        f"<tr><td>{_key(f.group, f.key, lang, edition)}</td>"
        + "".join(_cell(getattr(f, c), lang) for c in columns)
        + "</tr>"
        for f in report.accounts
    ]
    rev_columns = [
        "this_month",
        "last_month",
        "last_year",
        "year_to_date",
        "year_to_date_last_year",
    ]
    revenue_rows = [
        f"<tr><td>{_key(f.group, f.key, lang, edition)}</td>"
        + "".join(_cell(getattr(f, c), lang) for c in rev_columns)
        + "</tr>"
        for f in report.revenue
    ]
    movement_rows = []
    separator = render("join.names", lang)
    for movement in report.movements:
        cells = [f"<td>{_t(movement.against, lang)} ({escape(movement.base)})</td>"]
        for kind in ("gained", "lost", "upgraded", "downgraded"):
            if not movement.available:
                cells.append(f'<td class="missing">{_t("unavailable", lang)}</td>')
                continue
            listed = getattr(movement, kind)
            names = separator.join(_data(m.customer) for m in listed) or "—"
            cells.append(f"<td>{len(listed)}: {names}</td>")
        movement_rows.append(f"<tr>{''.join(cells)}</tr>")

    def tier_name(tier: Tier | Level | None) -> str:
        return "" if tier is None else escape(tier.label(lang, edition))

    def unit_name(unit: Unit) -> str:
        return escape(unit.label(lang, edition))

    flux_rows = [
        f"<tr><td>{_data(r.customer)}</td><td>{tier_name(r.tier)}</td><td>{unit_name(r.unit)}</td>"
        f"{_cell(r.previous, lang)}{_cell(r.current, lang)}"
        + (
            f'<td class="num">{escape(f"{r.change * 100:+.2f}%")}</td>'
            if r.change is not None
            else '<td class="num">+∞</td>'
        )
        + "</tr>"
        for r in report.flux
    ]
    detail_rows = [
        f"<tr><td>{_data(r.customer)}</td><td>{tier_name(r.level or r.tier)}</td>"
        f"<td>{unit_name(r.unit)}</td>"
        f"{_cell(r.this_month, lang)}{_cell(r.last_month, lang)}{_cell(r.last_year, lang)}"
        f"{_cell(r.year_to_date, lang)}</tr>"
        for r in report.detail
    ]
    filing_rows = [
        f"<tr><td>{_data(r.customer)}</td>{_cell(r.monthly_average, lang)}<td>"
        + ", ".join(
            _t(k, lang) for k, on in (("by_amount", r.by_amount), ("by_rank", r.by_rank)) if on
        )
        + "</td></tr>"
        for r in report.filing
    ]
    body = [
        report_charts(report, lang),
        f"<h2>{_t('accounts', lang)}</h2>",
        _table([_t("group", lang), *(_t(c, lang) for c in columns)], account_rows),
        f"<h2>{_t('revenue', lang)}</h2>",
        _table([_t("group", lang), *(_t(c, lang) for c in rev_columns)], revenue_rows),
        _share(report, lang),
        f"<h2>{_t('movements', lang)}</h2>",
        _table(
            [
                _t("against", lang),
                *(_t(k, lang) for k in ("gained", "lost", "upgraded", "downgraded")),
            ],
            movement_rows,
        ),
        f"<h2>{_t('flux', lang)}</h2>",
        _table(
            [_t(k, lang) for k in ("customer", "tier", "unit", "previous", "current", "change")],
            flux_rows,
        ),
        f"<h2>{_t('detail', lang)}</h2>",
        _detail_table("tier", detail_rows, lang),
        f"<h2>{_t('filing', lang)}</h2>",
        _table([_t(k, lang) for k in ("customer", "average", "reason")], filing_rows),
    ]
    if report.by_level:  # 001 has no FLUX-1, REPORT-5 or FILE-1: its monthly analysis
        body[8:] = [
            f"<h2>{_t('level_detail', lang)}</h2>",
            _detail_table("level", detail_rows, lang),
        ]
    body += [
        f"<h2>{_t('explanation', lang)}</h2>",
        f'<p class="explanation">{explanation}</p>',
    ]
    return head + "".join(body) + "</body></html>"

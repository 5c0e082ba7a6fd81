"""The monthly cycle's commands (命令行): ``agenda`` and ``report``.

``keyaccount-rules agenda PORTFOLIO --activity FILE --as-of D --bureau-revenue N
[--revenue FILE] [--unit U] [--manager M] [--format table|csv|json|ics] [--lang en|zh]``
(csv, json and ics are streamed from :func:`iter_agenda` in portfolio order; the table is
grouped by manager, overdue first, then due, then done, each by date)
and ``keyaccount-rules report REVENUE --portfolio FILE --month YYYY-MM --bureau-revenue N
[--format html|json|csv] [--lang en|zh]``. The host CLI adds them with :func:`add_parsers`
and hands a parsed command to :func:`run`. Unusable activity rows (unknown customer, a date
after ``--as-of``) are listed on stderr, never dropped silently.

``--unit`` takes a unit's code or label (``city_center``, 市局大客户中心). ``--manager`` naming
no manager of the month's duties is an error listing the managers the activity names (exit
code 1). ``report`` needs ``--portfolio``: each customer's scope and agreement decide whether
it is a key account and which unit answers for it, so a report without them would count the
wrong accounts. On a terminal both commands show their progress on stderr (none when piped).

Under a policy that classes key accounts by level (``--policy liangshan``, EDITION-2) the
portfolio needs a ``level`` column (``level``/级别/客户级别/大客户级别: 州级 prefecture, 县级
county, empty: not a key account), as ``evaluate`` reads it. A portfolio customer without a
level in the agenda is a problem on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TextIO

from keyaccount_rules.core.catalogue import render
from keyaccount_rules.core.errors import KeyAccountError, PortfolioError, RuleInputError
from keyaccount_rules.core.explanation import to_json_data
from keyaccount_rules.core.periods import Month
from keyaccount_rules.core.vocabulary import Level, Unit
from keyaccount_rules.engine.customer import classes_by_level
from keyaccount_rules.io.activity import read_activity, read_revenue
from keyaccount_rules.io.cli.output import Counter, error_line, progress, whole
from keyaccount_rules.io.cli.types import (
    PROG,
    UsageError,
    as_of_option,
    bureau_option,
    encoding_option,
    lang_option,
    policy_named,
    policy_option,
)
from keyaccount_rules.io.json_text import json_text
from keyaccount_rules.io.portfolio import read_portfolio, read_rows, row_level
from keyaccount_rules.io.safety import clip, display_width, terminal_text
from keyaccount_rules.io.stream import write_agenda
from keyaccount_rules.month.agenda import AgendaItem, Problem, agenda, iter_agenda
from keyaccount_rules.month.items import item_who, status_word
from keyaccount_rules.month.report import monthly_report
from keyaccount_rules.month.series import RevenueSeries
from keyaccount_rules.policy import Policy
from keyaccount_rules.records.activity import Event, RevenueRow
from keyaccount_rules.records.customer import Customer

__all__ = ["COMMANDS", "add_parsers", "run"]

COMMANDS = frozenset({"agenda", "report"})


def _month(text: str) -> Month:
    try:
        return Month.parse(text, "--month")
    except KeyAccountError as err:  # argparse names the option: its message does not again
        raise argparse.ArgumentTypeError(str(err).removeprefix("--month: ")) from None


def _unit(text: str) -> Unit:
    """``--unit``: a unit's code or its label in either language (through the vocabulary)."""
    try:
        return Unit(text)
    except ValueError:
        codes = ", ".join(u.value for u in Unit)
        raise argparse.ArgumentTypeError(
            f"must be a unit's code or label, one of {codes} (got {text!r})"
        ) from None


def _one_stdin(*sources: str | None) -> None:
    if sum(source == "-" for source in sources) > 1:
        raise PortfolioError("only one input can be '-' (standard input)")


def add_parsers(subparsers: Any) -> None:
    """Add ``agenda`` and ``report`` to the host's ``add_subparsers()`` object."""
    plan = subparsers.add_parser("agenda", help="the month's duties of every key account")
    plan.add_argument("portfolio", metavar="PORTFOLIO", help="portfolio (CSV/JSONL/JSON/XLSX, -)")
    plan.add_argument("--activity", required=True, metavar="FILE", help="activity (same types)")
    plan.add_argument("--revenue", metavar="FILE", help="monthly revenue (for FLUX-1, FILE-1)")
    encoding_option(plan, files=True)
    as_of_option(plan)
    bureau_option(plan)
    plan.add_argument(
        "--unit", type=_unit, metavar="U", help="a unit's code or label (city_center, 市局…)"
    )
    plan.add_argument("--manager", metavar="M")
    plan.add_argument("--format", choices=("table", "csv", "json", "ics"), default="table")
    lang_option(plan)
    policy_option(plan)
    report = subparsers.add_parser("report", help="the monthly key-account report")
    report.add_argument("revenue", metavar="REVENUE", help="monthly revenue (CSV/JSONL/XLSX, -)")
    encoding_option(report, files=True)
    report.add_argument("--month", type=_month, required=True, help="YYYY-MM")
    bureau_option(report)
    report.add_argument(
        "--portfolio", metavar="FILE", help="scope and agreement by customer (required)"
    )
    report.add_argument("--format", choices=("html", "json", "csv"), default="html")
    lang_option(report)
    policy_option(report)


def read_levelled(
    path: str, policy: Policy, encoding: str | None = None
) -> tuple[Iterable[Customer], dict[str, Level | None] | None]:
    """The portfolio's customers and, under a policy that classes by level, each one's level
    from its ``level`` column (EDITION-2; ``None`` levels under any other policy).

    Raises:
        PortfolioError: classing by level, the file has no level column.
        RowError: a level cell that is neither 州级/prefecture nor 县级/county nor empty.
    """
    if not classes_by_level(policy):
        return read_portfolio(path, encoding=encoding), None  # streamed: memory flat
    customers: list[Customer] = []
    levels: dict[str, Level | None] = {}
    for number, customer, extras in read_rows(path, encoding=encoding, extra="keep"):
        level, _others = row_level(number, extras, str(path), policy)
        customers.append(customer)
        levels[customer.name] = level
        if customer.customer_id is not None:
            levels[str(customer.customer_id)] = level
    return customers, levels


def run(args: argparse.Namespace, out: TextIO, _counter: Counter) -> int:
    """Run a parsed ``agenda`` or ``report`` command; 0 ok, 1 bad data (named)."""
    try:
        if args.command == "agenda":
            return _agenda(args, out)
        return _report(args, out)
    except KeyAccountError as err:
        print(error_line(err), file=sys.stderr)
        return 1


def _revenue_rows(path: str, encoding: str | None) -> Iterator[RevenueRow]:
    """The revenue file's rows, counted on a terminal."""
    return progress(read_revenue(path, encoding=encoding), sys.stderr, what="revenue rows")


class _Managers:
    """The managers the activity rows name, collected as the rows stream past (a few names)."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def seen(self, rows: Iterable[Event]) -> Iterator[Event]:
        for row in rows:
            if row.manager:
                self.names.add(row.manager)
            yield row

    def unknown(self, manager: str, month: Month) -> RuleInputError:
        """The error of a ``--manager`` no duty of the month is kept for."""
        known = ", ".join(terminal_text(n) for n in sorted(self.names)) or "none"  # from files
        return RuleInputError(
            "--manager",
            f"no duty of {month} is that manager's",
            got=manager,
            fix=f"the activity names these managers: {known}",
        )


def _agenda(args: argparse.Namespace, out: TextIO) -> int:
    _one_stdin(args.portfolio, args.activity, args.revenue)
    encoding = args.encoding
    revenue = (
        RevenueSeries.from_rows(_revenue_rows(args.revenue, encoding)) if args.revenue else None
    )
    policy = policy_named(args.policy)
    managers = _Managers()
    activity = managers.seen(
        progress(read_activity(args.activity, encoding=encoding), sys.stderr, what="activity rows")
    )
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        message = f"activity row {problem.row} ({problem.customer}): {problem.problem}"
        print(f"{PROG}: {terminal_text(message)}", file=sys.stderr)

    listed, levels = read_levelled(args.portfolio, policy, encoding)
    customers = progress(listed, sys.stderr)
    month = Month.parse(args.as_of)
    if args.format != "table":  # streamed: memory flat in the activity rows
        items: Iterable[AgendaItem] = iter_agenda(
            customers,
            activity,
            as_of=args.as_of,
            bureau_annual_revenue=args.bureau_revenue,
            report=report,
            revenue=revenue,
            unit=args.unit,
            manager=args.manager,
            levels=levels,
            policy=policy,
        )
        if args.manager is not None:  # one manager's items: few, kept to check there are any
            items = list(items)
            if not items:
                raise managers.unknown(args.manager, month)
        with whole(out) as written:  # out gets the document only once it is complete
            write_agenda(
                progress(items, sys.stderr, what="duties"),
                written,
                as_of=args.as_of,
                format=args.format,
                lang=args.lang,
                manager=args.manager,
                problems=problems,
                has_revenue=revenue is not None,
                policy=policy,
            )
        return 0
    result = agenda(
        customers,
        activity,
        as_of=args.as_of,
        bureau_annual_revenue=args.bureau_revenue,
        revenue=revenue,
        levels=levels,
        policy=policy,
    )
    result = result.filter(unit=args.unit, manager=args.manager)
    if args.manager is not None and not result.items:
        for problem in result.problems:
            report(problem)
        raise managers.unknown(args.manager, month)
    _table(result.items, args.lang, out, result.policy_edition)
    for step in result.explanation:
        out.write(terminal_text(step.render(args.lang)) + "\n")
    for problem in result.problems:
        report(problem)
    return 0


def _table(
    items: Iterable[AgendaItem], lang: Literal["en", "zh"], out: TextIO, edition: str | None
) -> None:
    """The agenda as a table grouped by manager (the unit duties first), in the agenda's
    order: overdue, due, done, each by date; units in the words of ``edition`` (G-23)."""
    zh = lang == "zh"
    words = {s: status_word(s, lang) for s in ("due", "overdue", "done")}
    width = max(display_width(w) for w in words.values()) + 1
    current = object()
    for item in items:
        if item.manager != current:
            current = item.manager
            heading = item.manager or render("cli.unit_duties", lang)
            out.write(f"\n== {terminal_text(heading)}\n")
        what = item.what_zh if zh else item.what
        who = item_who(item, lang, edition)
        word = words[item.status]
        status = word + " " * (width - display_width(word))
        line = f"{item.due}  {status}{item.rule:<10} {clip(who)}: {what}"
        out.write(terminal_text(line) + "\n")  # names come from files: no escapes sent


#: Why ``report`` needs the portfolio, and what the level-classing policies need in it.
_NO_PORTFOLIO = (
    "report needs --portfolio FILE: each customer's scope and agreement decide whether it is "
    "a key account and which unit answers for it (QUAL-1, RESP-1); without them every "
    "customer would be read as comprehensive with no agreement and the figures would be wrong"
)
_LEVEL_COLUMN = (
    "; under this policy the portfolio needs a 'level' column (州级 prefecture / 县级 county) "
    "[EDITION-2]"
)


def _report(args: argparse.Namespace, out: TextIO) -> int:
    policy = policy_named(args.policy)
    _one_stdin(args.revenue, args.portfolio)
    if not args.portfolio:
        raise UsageError(_NO_PORTFOLIO + (_LEVEL_COLUMN if classes_by_level(policy) else ""))
    listed, levels = read_levelled(args.portfolio, policy, args.encoding)
    customers = list(progress(listed, sys.stderr))
    result = monthly_report(
        _revenue_rows(args.revenue, args.encoding),
        month=args.month,
        bureau_annual_revenue=args.bureau_revenue,
        customers=customers,
        levels=levels,
        policy=policy,
    )
    if args.format == "json":
        out.write(json_text(to_json_data(result)))
    elif args.format == "csv":
        out.write(result.to_csv())
    else:
        out.write(result.to_html(lang=args.lang))
    return 0

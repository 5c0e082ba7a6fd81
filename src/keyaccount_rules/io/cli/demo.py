"""``demo`` (演示) and ``sample DIR`` (示例数据): the first five minutes.

``demo`` evaluates the bundled sample portfolio of 500 synthetic customers and prints a
summary: the policy, date and bureau revenue used, the key accounts by tier and by unit, and
what to try next. ``--rows`` (or any of ``--format``, ``--excel``, ``--output``) writes every
customer's row instead, as ``evaluate`` does; the sample's own bureau revenue and date apply
unless ``--bureau-revenue``/``--as-of`` say otherwise.

``sample DIR`` writes the bundled sample year into ``DIR``: ``portfolio.csv``,
``activity.csv``, ``revenue.csv`` (a city bureau's synthetic year, graded on 2025-12-20
against 300,000,000 yuan), ``bureau.toml`` (a bureau's own policy file, extending
``shantou``) and ``facts.toml`` (those two facts), to try every command on. An existing file
is never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tomllib
from collections import Counter as Tally
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from keyaccount_rules.core.catalogue import Language, render
from keyaccount_rules.core.money import format_yuan
from keyaccount_rules.core.vocabulary import Tier, Unit
from keyaccount_rules.engine.customer import Evaluator
from keyaccount_rules.io.cli import evaluate
from keyaccount_rules.io.cli.output import Counter
from keyaccount_rules.io.cli.types import PROG, UsageError, facts_options, policy_named
from keyaccount_rules.io.portfolio import read_portfolio, sample_facts, sample_path
from keyaccount_rules.io.safety import display_width, terminal_text

__all__ = ["COMMANDS", "SAMPLE_YEAR", "add_parsers", "run", "sample_year_facts", "write_sample"]

COMMANDS = frozenset({"demo", "sample"})
#: The files of the sample year, as ``sample DIR`` writes them.
SAMPLE_YEAR = ("portfolio.csv", "activity.csv", "revenue.csv", "bureau.toml", "facts.toml")


def add_parsers(commands: Any) -> None:
    """Add ``demo`` and ``sample`` to the host's ``add_subparsers()`` object."""
    demo = commands.add_parser(
        "demo", help="evaluate the bundled sample portfolio and summarise it"
    )
    demo.add_argument(
        "--rows",
        action="store_true",
        help="write every customer's row instead of the summary (as evaluate does)",
    )
    evaluate.output_options(demo)
    facts_options(demo, required=False)
    sample = commands.add_parser(
        "sample",
        help="write the sample year (portfolio, activity, revenue, a bureau file) into DIR",
    )
    sample.add_argument("dir", metavar="DIR", help="the folder to write into (made if missing)")


def run(args: argparse.Namespace, out: TextIO, counter: Counter) -> int:
    """Run a parsed ``demo`` or ``sample`` command."""
    if args.command == "sample":
        return _sample(args.dir, out)
    bureau, as_of = sample_facts()
    bureau, as_of = args.bureau_revenue or bureau, args.as_of or as_of
    with sample_path() as path:
        if args.rows or args.format or args.excel or args.output:
            return evaluate.write_evaluation(args, out, counter, path, bureau, as_of)
        _summary(out, path, bureau, as_of, args)
    return 0


def _summary(
    out: TextIO, path: Path, bureau: Decimal, as_of: dt.date, args: argparse.Namespace
) -> None:
    """The demo's summary in ``args.lang``: facts, counts by tier and by unit, what next."""
    lang: Language = args.lang
    policy = policy_named(args.policy)
    run = Evaluator(bureau_annual_revenue=bureau, as_of=as_of, policy=policy)
    outcomes = [run.outcome(customer) for customer in read_portfolio(path)]
    tiers = Tally(o.tier for o in outcomes if o.tier is not None)
    units = Tally(o.unit for o in outcomes if o.unit is not None)
    keys = sum(o.key_account for o in outcomes)
    year_bureau, year_as_of = sample_year_facts()
    lines = [
        render("cli.demo.title", lang, count=len(outcomes)),
        render(
            "cli.demo.facts",
            lang,
            policy=terminal_text(run.policy.name),  # a bureau file's name is data
            fingerprint=run.policy.fingerprint[:12],
            as_of=as_of.isoformat(),
            bureau=format_yuan(bureau),
        ),
        render("cli.demo.key_accounts", lang, count=keys, total=len(outcomes)),
        render("cli.demo.by_tier", lang),
        *_counts(lang, [(tier.label(lang), tiers[tier]) for tier in Tier if tiers[tier]]),
        render("cli.demo.by_unit", lang),
        *_counts(lang, [(unit.label(lang), units[unit]) for unit in Unit if units[unit]]),
        render("cli.demo.next", lang),
        render("cli.demo.rows", lang, prog=PROG),
        render("cli.demo.sample", lang, prog=PROG),
        render(
            "cli.demo.evaluate",
            lang,
            prog=PROG,
            bureau=f"{year_bureau:f}".removesuffix(".00"),
            as_of=year_as_of.isoformat(),
        ),
        render("cli.demo.help", lang, prog=PROG),
    ]
    out.write("".join(line + "\n" for line in lines))


def _counts(lang: Language, pairs: list[tuple[str, int]]) -> list[str]:
    """``label  count`` lines, the labels padded to one width (Chinese takes two columns)."""
    width = max((display_width(label) for label, _ in pairs), default=0)
    return [
        render(
            "cli.demo.count",
            lang,
            label=label + " " * (width - display_width(label)),
            count=f"{count:>5}",
        )
        for label, count in pairs
    ]


@contextmanager
def _sample_files() -> Iterator[Path]:
    folder = resources.files("keyaccount_rules.data").joinpath("sample_year")
    with resources.as_file(folder) as path:
        yield path


def sample_year_facts() -> tuple[Decimal, dt.date]:
    """The bureau annual revenue and the date that go with the sample year.

    >>> sample_year_facts()
    (Decimal('300000000.00'), datetime.date(2025, 12, 20))
    """
    facts = resources.files("keyaccount_rules.data").joinpath("sample_year", "facts.toml")
    meta = tomllib.loads(facts.read_text("utf-8"))
    return Decimal(meta["bureau_annual_revenue"]), meta["as_of"]


def write_sample(folder: Path) -> list[Path]:
    """Write the sample year's files into ``folder`` (made if missing); returns their paths.

    Raises:
        UsageError: ``folder`` is a file, or one of the files is already there (nothing is
            overwritten, and nothing is written then).
    """
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: is a file, not a folder")
    there = [name for name in SAMPLE_YEAR if (folder / name).exists()]
    if there:
        raise UsageError(
            f"{folder}: already has {', '.join(there)}; choose an empty folder "
            "(nothing is overwritten)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with _sample_files() as shipped:
        for name in SAMPLE_YEAR:
            shutil.copyfile(shipped / name, folder / name)
            written.append(folder / name)
    return written


def _sample(target: str, out: TextIO) -> int:
    folder = Path(target)
    try:
        written = write_sample(folder)
    except OSError as err:
        raise UsageError(f"{target}: cannot write ({err.strerror or err})") from None
    for path in written:
        out.write(terminal_text(str(path)) + "\n")
    return 0

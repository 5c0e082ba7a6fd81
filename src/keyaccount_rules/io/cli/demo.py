"""``demo`` (演示): ``evaluate`` on the bundled sample portfolio of 500 synthetic customers.

The sample's own bureau revenue and date apply unless ``--bureau-revenue``/``--as-of`` say
otherwise; every output option of ``evaluate`` works the same.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from keyaccount_rules.io.cli import evaluate
from keyaccount_rules.io.cli.output import Counter
from keyaccount_rules.io.cli.types import facts_options
from keyaccount_rules.io.portfolio import sample_facts, sample_path

__all__ = ["COMMANDS", "add_parsers", "run"]

COMMANDS = frozenset({"demo"})


def add_parsers(commands: Any) -> None:
    """Add ``demo`` to the host's ``add_subparsers()`` object."""
    demo = commands.add_parser("demo", help="evaluate the bundled sample portfolio")
    evaluate.output_options(demo)
    facts_options(demo, required=False)


def run(args: argparse.Namespace, out: TextIO, counter: Counter) -> int:
    """Run a parsed ``demo`` command: the evaluate run over the sample."""
    bureau, as_of = sample_facts()
    with sample_path() as path:
        return evaluate.write_evaluation(
            args, out, counter, path, args.bureau_revenue or bureau, args.as_of or as_of
        )

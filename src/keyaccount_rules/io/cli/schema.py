"""``schema`` (数据结构): the JSON Schema of an input record or an output, for a form or a
service (:mod:`keyaccount_rules.io.schemas`)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from keyaccount_rules.io.cli.output import Counter
from keyaccount_rules.io.json_text import json_text
from keyaccount_rules.io.schemas import SCHEMAS, json_schema

__all__ = ["COMMANDS", "add_parsers", "run"]

COMMANDS = frozenset({"schema"})


def add_parsers(commands: Any) -> None:
    """Add ``schema`` to the host's ``add_subparsers()`` object."""
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of an input record or an output"
    )
    schema.add_argument(
        "--record",
        choices=tuple(SCHEMAS),
        default="customer",
        help="inputs: customer, portfolio-row, activity-row, revenue-row; "
        "outputs: evaluation, agenda-item (default: customer)",
    )


def run(args: argparse.Namespace, out: TextIO, _counter: Counter) -> int:
    """Print the schema of the record ``--record`` names."""
    out.write(json_text(json_schema(args.record), indent=2))
    return 0

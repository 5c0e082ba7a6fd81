"""``schema`` (数据结构): the JSON Schema of an input record, e.g. for a form elsewhere."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from keyaccount_rules.io.cli.output import Counter
from keyaccount_rules.io.json_text import json_text
from keyaccount_rules.records.customer import Customer

__all__ = ["COMMANDS", "add_parsers", "run"]

COMMANDS = frozenset({"schema"})


def add_parsers(commands: Any) -> None:
    """Add ``schema`` to the host's ``add_subparsers()`` object."""
    schema = commands.add_parser("schema", help="print the JSON Schema of an input record")
    schema.add_argument("--record", choices=("customer",), default="customer")


def run(args: argparse.Namespace, out: TextIO, _counter: Counter) -> int:
    """Print the schema of the record ``--record`` names."""
    out.write(json_text(Customer.model_json_schema(), indent=2))
    return 0

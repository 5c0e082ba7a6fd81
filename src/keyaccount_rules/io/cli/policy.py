"""``policy show|check|diff`` (政策): a policy printed, checked or compared.

``show`` prints every parameter with its rule (or the whole policy as JSON or TOML), ``check``
lists every problem of a policy file with its dotted path and rule, ``diff`` lists the
parameters that differ between two policies. Exit code 1 when ``check`` finds problems.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from keyaccount_rules.core.explanation import to_json_data
from keyaccount_rules.io.cli.output import Counter
from keyaccount_rules.io.cli.types import policy_named
from keyaccount_rules.io.json_text import json_text, model_json
from keyaccount_rules.io.safety import terminal_text
from keyaccount_rules.policy import EDITIONS, edition_data, load_policy_data, read_policy_data
from keyaccount_rules.policy.diff import diff_policies, policy_parameters, policy_problems
from keyaccount_rules.policy.merge import EXTENDS, own_paths

__all__ = ["COMMANDS", "add_parsers", "run"]

COMMANDS = frozenset({"policy"})


def add_parsers(commands: Any) -> None:
    """Add ``policy`` and its actions to the host's ``add_subparsers()`` object."""
    policy = commands.add_parser("policy", help="show, check or compare policy files")
    actions = policy.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="print a policy, merged (default: the combined edition)")
    show.add_argument("file", nargs="?", help="an edition name or a policy file (TOML or JSON)")
    show.add_argument("--format", choices=("text", "json", "toml"), default="text")
    check = actions.add_parser("check", help="list every problem of a policy file")
    check.add_argument("file", help="an edition name or a policy file")
    diff = actions.add_parser("diff", help="list the parameters that differ between policies")
    diff.add_argument("before", help="an edition name, a policy file, or 'default'")
    diff.add_argument("after", help="an edition name, a policy file, or 'default'")
    diff.add_argument("--format", choices=("text", "json"), default="text")


def _shown(value: Any) -> str:
    """A policy value for a terminal: its JSON form, control characters escaped."""
    return terminal_text(str(to_json_data(value)))


def run(args: argparse.Namespace, out: TextIO, _counter: Counter) -> int:
    """Run a parsed ``policy`` command."""
    if args.action == "check":
        return _check(args.file, out)
    if args.action == "diff":
        for row in diff_policies(policy_named(args.before), policy_named(args.after)):
            if args.format == "json":
                out.write(json_text(row.model_dump(mode="json")))
            else:
                out.write(
                    f"{terminal_text(row.path)} [{terminal_text(row.rule or '-')}]: "
                    f"{_shown(row.before)} → {_shown(row.after)}\n"
                )
        return 0
    policy = policy_named(args.file)
    if args.format == "json":
        out.write(model_json(policy, exclude_none=True))
    elif args.format == "toml":
        out.write(policy.to_toml())
    else:
        for path, (rule, value) in policy_parameters(policy).items():
            if path.endswith(".rule"):
                continue  # shown in brackets on every line
            out.write(f"{terminal_text(path)} = {_shown(value)}  [{terminal_text(rule or '-')}]\n")
    return 0


def _check(file: str, out: TextIO) -> int:
    if file in EDITIONS:
        own, data = edition_data(file), edition_data(file)
    else:
        own = read_policy_data(file)
        data = load_policy_data(file)  # EDITION-4: the merged result is checked
    problems = policy_problems(data)
    written = own_paths(own)
    name = terminal_text(file)
    for problem in problems:
        # the path as written in the bureau's own file, or where it came from
        inherited = problem.path not in written and EXTENDS in own
        note = f" (the value at this path comes from {own[EXTENDS]})" if inherited else ""
        out.write(f"{name}: {terminal_text(str(problem) + note)}\n")
    if problems:
        out.write(f"{len(problems)} problem(s)\n")
        return 1
    out.write(f"{name}: ok\n")
    return 0

"""Check that docs/rules.md still matches the maintainers' rulebook (a developer check, not a test).

The rule catalogue docs/rules.md is the project's own copy of the rule IDs of the specification
(RULEBOOK.md, kept by the maintainers outside the repository). This script compares the two
lists of IDs and, when the source documents are at hand, checks that every Chinese quotation
of the catalogue (between 「 and 」) occurs word for word in them.

    python scripts/check_rulebook_sync.py                    # ../shared/RULEBOOK.md
    python scripts/check_rulebook_sync.py path/to/RULEBOOK.md --seeds path/to/seeds

Exit status: 0 when both agree, 1 on a difference, 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CATALOGUE = PROJECT / "docs" / "rules.md"
#: ../shared/RULEBOOK.md beside the checkout; for a git worktree, the nearest one further up.
DEFAULT_RULEBOOK = next(
    (
        folder / "shared" / "RULEBOOK.md"
        for folder in PROJECT.parents
        if (folder / "shared" / "RULEBOOK.md").is_file()
    ),
    PROJECT.parent / "shared" / "RULEBOOK.md",
)

#: The rulebook defines a rule by a bold span that starts with its ID: ``**QUAL-2**`` or
#: ``**EDITION-1 `shantou`**``. Other IDs in its prose (e.g. "LEVEL-1") only refer.
DEFINED = re.compile(r"\*\*([A-Z]+-\d+)(?=\*\*|\s)")
#: The catalogue defines a rule by one heading ``### ID — title``.
HEADING = re.compile(r"^### ([A-Z]+-\d+) — ", re.MULTILINE)
QUOTE = re.compile(r"「(.+?)」")


def rulebook_ids(text: str) -> set[str]:
    return set(DEFINED.findall(text))


def catalogue_ids(text: str) -> list[str]:
    return HEADING.findall(text)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def missing_quotes(catalogue: str, seeds: list[Path]) -> list[str]:
    """The quotations of the catalogue that occur in none of the seed documents."""
    corpus = "".join(_squeeze(path.read_text(encoding="utf-8")) for path in seeds)
    return [quote for quote in QUOTE.findall(catalogue) if _squeeze(quote) not in corpus]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "rulebook",
        nargs="?",
        type=Path,
        default=DEFAULT_RULEBOOK,
        help="path to RULEBOOK.md (default: shared/RULEBOOK.md beside the project, "
        "or beside a folder further up)",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        help="folder of the source documents (*.txt) to check quotations against "
        "(default: seeds/ beside the rulebook, if present)",
    )
    args = parser.parse_args(argv)

    try:
        rulebook = args.rulebook.read_text(encoding="utf-8")
        catalogue = CATALOGUE.read_text(encoding="utf-8")
    except OSError as error:
        print(f"check_rulebook_sync: {error}", file=sys.stderr)
        return 2

    in_catalogue = catalogue_ids(catalogue)
    in_rulebook = rulebook_ids(rulebook)
    problems = []
    repeated = sorted({rule for rule in in_catalogue if in_catalogue.count(rule) > 1})
    if repeated:
        problems.append(f"listed more than once in docs/rules.md: {', '.join(repeated)}")
    only_rulebook = sorted(in_rulebook - set(in_catalogue), key=_order)
    if only_rulebook:
        problems.append(f"in {args.rulebook} but not in docs/rules.md: {', '.join(only_rulebook)}")
    only_catalogue = sorted(set(in_catalogue) - in_rulebook, key=_order)
    if only_catalogue:
        problems.append(f"in docs/rules.md but not in {args.rulebook}: {', '.join(only_catalogue)}")

    seeds_dir = args.seeds or args.rulebook.parent / "seeds"
    seeds = sorted(seeds_dir.glob("*.txt")) if seeds_dir.is_dir() else []
    if seeds:
        for quote in missing_quotes(catalogue, seeds):
            problems.append(f"quoted in docs/rules.md but not found in {seeds_dir}: 「{quote}」")
    elif args.seeds:
        print(f"check_rulebook_sync: no *.txt in {args.seeds}", file=sys.stderr)
        return 2

    for problem in problems:
        print(problem)
    checked = f"{len(in_rulebook)} rule IDs"
    if seeds:
        checked += f", quotations against {len(seeds)} documents"
    print(("DIFFERENT" if problems else "in sync") + f" ({checked})")
    return 1 if problems else 0


def _order(rule: str) -> tuple[str, int]:
    prefix, number = rule.rsplit("-", 1)
    return prefix, int(number)


if __name__ == "__main__":
    sys.exit(main())

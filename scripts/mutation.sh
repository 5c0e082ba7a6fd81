#!/usr/bin/env bash
# Mutation testing of src/keyaccount_rules/{rules,engine,month}/ with mutmut (config: [tool.mutmut] in
# pyproject.toml). Slow (minutes), so not part of .ci/run. Record the score, the date and the
# scope in docs/testing.md after a run.
#
# mutmut switches mutants on at call time, so a mutant in code that runs only at import time
# (pydantic's schema hook of CustomerId, called when Customer is defined) can never be active
# and "survives". The second pass applies each survivor to the source for real, runs the same
# tests, and restores the file: a survivor the tests kill there is reported as "killed when
# applied". It refuses to run with uncommitted changes in those folders, which it would overwrite.
set -euo pipefail
cd "$(dirname "$0")/.."
SCOPE=(src/keyaccount_rules/rules src/keyaccount_rules/engine src/keyaccount_rules/month)
command -v mutmut >/dev/null || python -m pip install -q "mutmut>=3.3"
if ! git diff --quiet -- "${SCOPE[@]}"; then
    echo "uncommitted changes in ${SCOPE[*]}: commit or stash them first" >&2
    exit 2
fi
rm -rf mutants
PYTHONPATH= mutmut run "$@" >/dev/null 2>&1 || true  # non-zero when mutants survive
total=$(mutmut results --all true 2>/dev/null | grep -c ': ')
# A mutant that makes the tests time out (an endless loop) is detected, as a killed one is.
mapfile -t survivors < <(mutmut results 2>/dev/null | grep -v -e ': killed' -e ': timeout' | grep ': ' | cut -d: -f1 | tr -d ' ')
# Only import-time code (pydantic schema hooks) gets the apply pass: mutmut cannot switch those
# on, and each applied run takes the whole suite, so applying every survivor would take hours.
IMPORT_TIME='__get_pydantic_'
applied=()
for name in "${survivors[@]}"; do
    [[ $name == *"$IMPORT_TIME"* ]] && applied+=("$name")
done
killed_applied=0
remaining=()
for name in "${survivors[@]}"; do
    [[ $name == *"$IMPORT_TIME"* ]] || remaining+=("$name")
done
for name in "${applied[@]}"; do
    mutmut apply "$name" >/dev/null 2>&1
    if PYTHONPATH=src python -m pytest -q -x -p no:cacheprovider tests/cases tests/snapshots tests/core \
        tests/policy tests/records tests/rules tests/engine tests/month tests/io \
        -k "not the_plugin and not how_to_install" >/dev/null 2>&1; then
        remaining+=("$name")
    else
        killed_applied=$((killed_applied + 1))
    fi
    git checkout -q -- "${SCOPE[@]}"
done
killed=$((total - ${#survivors[@]} + killed_applied))
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  scope: ${SCOPE[*]}"
echo "mutants: $total  killed by mutmut: $((total - ${#survivors[@]}))  killed when applied: $killed_applied"
echo "score: $killed/$total = $(python -c "print(f'{100 * $killed / $total:.1f}%')")"
echo "survivors:"
for name in "${remaining[@]}"; do
    echo "  $name"
    mutmut show "$name" 2>/dev/null | grep -E '^[-+] ' | sed 's/^/      /'
done

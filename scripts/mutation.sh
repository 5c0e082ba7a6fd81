#!/usr/bin/env bash
# Mutation testing of src/keyaccount_rules/rules/ with mutmut (config: [tool.mutmut] in
# pyproject.toml). Slow (minutes), so not part of .ci/run. Prints the score; the survivors
# are listed with `mutmut results` and shown with `mutmut show <name>`.
# Record the score, the date and the scope in docs/testing.md after a run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v mutmut >/dev/null || python -m pip install -q "mutmut>=3.3"
rm -rf mutants
mutmut run "$@" || true  # mutmut exits non-zero when mutants survive; the score says it
python - <<'PY'
import subprocess

out = subprocess.run(["mutmut", "results", "--all", "true"], capture_output=True, text=True).stdout
states = [line.rsplit(":", 1)[-1].strip() for line in out.splitlines() if ":" in line]
total = len(states)
killed = sum(s in ("killed", "timeout", "caught by type check") for s in states)
survived = [line.strip() for line in out.splitlines() if line.rstrip().endswith("survived")]
print(f"mutants: {total}, killed: {killed}, score: {100 * killed / max(total, 1):.1f}%")
print("survivors:", *survived, sep="\n  ")
PY

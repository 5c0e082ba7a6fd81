"""Benchmarks of docs/performance.md: ratios measured in one process run, best of several runs.

Run from the project root (the ``bench`` extra adds zen-engine and openfisca-core):

    PYTHONPATH=src python benchmarks/run.py            # everything, 1,000,000-row CLI run
    PYTHONPATH=src python benchmarks/run.py --quick    # smaller inputs, for a smoke test

Every ratio compares two things on the same inputs in the same run, so the machine cancels
out. Timings live here, never in tests.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import gc
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter

import keyaccount_rules as kr
from keyaccount_rules.core.vocabulary import Tier
from keyaccount_rules.io.portfolio import sample_path
from keyaccount_rules.policy import GradingPolicy

HERE = Path(__file__).resolve().parent
BUREAU = Decimal("43879110.37")  # odd fen, so share bounds fall between whole yuan
POLICY = kr.default_policy()


def best(function: Callable[[], object], runs: int = 5) -> float:
    """The fastest of ``runs`` timings of ``function()``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def revenues(count: int, seed: int = 2026) -> list[Decimal]:
    """Random revenues in whole fen between 0 and the bureau revenue (the same for all)."""
    rng = random.Random(seed)
    top = int(BUREAU * 100) // 20
    return [Decimal(rng.randint(0, top)).scaleb(-2) for _ in range(count)]


def float_tables(grading: GradingPolicy) -> tuple[Any, ...]:
    """The policy's bands as ascending float lists for a bare bisect implementation."""
    rev_bounds = [float(b.min) for b in reversed(grading.revenue.bands)]
    rev_points = [
        grading.revenue.below_points,
        *(b.points for b in reversed(grading.revenue.bands)),
    ]
    shr_bounds = [float(b.min) for b in reversed(grading.share.bands)]
    shr_points = [grading.share.below_points, *(b.points for b in reversed(grading.share.bands))]
    w = grading.weights
    cut = grading.tiers
    return (
        rev_bounds, rev_points, shr_bounds, shr_points, float(w.revenue), float(w.share),
        float(cut.diamond), float(cut.gold), float(cut.silver),
    )  # fmt: skip


def float_grade_factory(grading: GradingPolicy) -> Callable[[float, float], tuple[Any, ...]]:
    """A bare float bisect grade(): one call per record, like kr.grade."""
    rb, rp, sb, sp, wr, ws, diamond, gold, silver = float_tables(grading)
    right = bisect.bisect_right

    def float_grade(revenue: float, bureau: float) -> tuple[Any, ...]:
        r = rp[right(rb, revenue)]
        s = sp[right(sb, revenue / bureau)]
        score = wr * r + ws * s
        tier = (
            "diamond" if score >= diamond else "gold" if score >= gold
            else "silver" if score >= silver else "general"
        )  # fmt: skip
        return r, s, score, tier

    return float_grade


def float_loop(grading: GradingPolicy, values: list[float], bureau: float) -> tuple[list[Any], ...]:
    """The bare float loop: the same table over a list, columns out, no function call a row."""
    rb, rp, sb, sp, wr, ws, diamond, gold, silver = float_tables(grading)
    right = bisect.bisect_right
    rev, shr, scores, tiers = [], [], [], []
    for revenue in values:
        r = rp[right(rb, revenue)]
        s = sp[right(sb, revenue / bureau)]
        score = wr * r + ws * s
        rev.append(r)
        shr.append(s)
        scores.append(score)
        tiers.append(
            "diamond" if score >= diamond else "gold" if score >= gold
            else "silver" if score >= silver else "general"
        )  # fmt: skip
    return rev, shr, scores, tiers


def boundary_cases() -> list[Decimal]:
    """Every GRADE-1/GRADE-2 breakpoint for BUREAU, on it and one fen under."""
    from keyaccount_rules.rules.grading import Grader

    table = Grader(POLICY, int(BUREAU * 100))
    return sorted({Decimal(c).scaleb(-2) for b in table.bounds_fen for c in (b - 1, b)})


def row(name: str, value: str, note: str = "") -> None:
    print(f"| {name} | {value} | {note} |")


class _BareGrading(BaseModel):
    """Grading's fields without the explanation: what validating any such result costs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    annual_revenue: Decimal
    bureau_annual_revenue: Decimal
    revenue_points: int
    share_points: int
    score: Decimal
    tier: Tier
    computed_tier: Tier
    by_approval: bool
    policy_fingerprint: str


def bare_models_kept(values: list[Decimal]) -> list[Any]:
    """One validated :class:`_BareGrading` a revenue (fixed decision values), all kept."""
    validate = TypeAdapter(_BareGrading).validate_python
    score, fingerprint = Decimal("88.0"), POLICY.fingerprint
    return [
        validate(
            {
                "annual_revenue": v, "bureau_annual_revenue": BUREAU, "revenue_points": 80,
                "share_points": 100, "score": score, "tier": Tier.GOLD,
                "computed_tier": Tier.GOLD, "by_approval": False,
                "policy_fingerprint": fingerprint,
            }
        )
        for v in values
    ]  # fmt: skip


def bench_grading(count: int) -> None:
    values = revenues(count)
    floats = [float(v) for v in values]
    bureau_f = float(BUREAU)
    float_grade = float_grade_factory(POLICY.grading)
    grade = kr.grade

    def per_record_float() -> None:
        for v in floats:
            float_grade(v, bureau_f)

    def per_record_float_kept() -> list[Any]:
        return [float_grade(v, bureau_f) for v in floats]

    def per_record_grade() -> None:
        for v in values:
            grade(v, BUREAU)

    def per_record_grade_kept() -> list[Any]:
        return [grade(v, BUREAU) for v in values]

    t_float_kept = best(per_record_float_kept)
    t_grade_kept = best(per_record_grade_kept)
    row(
        "grade() per record, every result kept, vs bare float bisect (kept)",
        f"{t_float_kept / t_grade_kept:.3f}×",
        f"{t_grade_kept / count * 1e6:.2f} µs vs {t_float_kept / count * 1e6:.2f} µs a record"
        " (target ≥ 0.10×); the Grading carries its explanation",
    )
    gc.disable()
    try:
        t_grade_kept_nogc = best(per_record_grade_kept)
    finally:
        gc.enable()
    row(
        "grade() per record, every result kept, garbage collector off",
        f"{t_float_kept / t_grade_kept_nogc:.3f}×",
        f"{t_grade_kept_nogc / count * 1e6:.2f} µs a record: the rest of the kept figure is"
        " the collector re-scanning the kept results",
    )
    t_model_kept = best(lambda: bare_models_kept(values))
    row(
        "a bare pydantic model with Grading's fields, validated and kept, vs bare float (kept)",
        f"{t_float_kept / t_model_kept:.3f}×",
        f"{t_model_kept / count * 1e6:.2f} µs a record: the floor of any validated pydantic"
        " result, before parsing, grading or explaining anything",
    )
    t_float = best(per_record_float)
    t_grade = best(per_record_grade)
    row(
        "grade() per record, each result discarded, vs bare float bisect",
        f"{t_float / t_grade:.3f}×",
        f"{t_grade / count * 1e6:.2f} µs vs {t_float / count * 1e6:.2f} µs a record",
    )
    many = values * max(1, 200_000 // count)
    many_f = [float(v) for v in many]

    def columnar() -> None:
        table = kr.grade_many(many, BUREAU)
        table.revenue_points, table.share_points, table.scores, table.tiers  # noqa: B018

    t_loop = best(lambda: float_loop(POLICY.grading, many_f, bureau_f))
    t_many = best(columnar)
    row(
        "grade_many vs bare float loop",
        f"{t_loop / t_many:.2f}×",
        f"{len(many):,} Decimal revenues; {t_many / len(many) * 1e9:.0f} ns vs "
        f"{t_loop / len(many) * 1e9:.0f} ns a record (target ≥ 1.0×)",
    )
    ints = [int(v) for v in many]
    ints_f = [float(v) for v in ints]
    t_loop_i = best(lambda: float_loop(POLICY.grading, ints_f, bureau_f))
    t_many_i = best(lambda: kr.grade_many(ints, BUREAU))
    row("grade_many vs bare float loop, whole-yuan ints", f"{t_loop_i / t_many_i:.2f}×", "")

    cases = boundary_cases()
    expected = [grade(c, BUREAU).tier.value for c in cases]
    wrong_float = sum(
        float_grade(float(c), bureau_f)[3] != e for c, e in zip(cases, expected, strict=True)
    )
    row(
        "bare float bisect, fen boundaries wrong",
        f"{wrong_float} of {len(cases)}",
        "on each breakpoint and one fen under",
    )
    bench_engines(values[:2000], t_grade / count, cases, expected)


def bench_engines(
    values: list[Decimal], grade_seconds: float, cases: list[Decimal], expected: list[str]
) -> None:
    floats = [float(v) for v in values]
    sys.path.insert(0, str(HERE))
    import engines  # the bench extra's engines, beside this file

    try:
        zen_grade = engines.zen_grader(POLICY.grading, float(BUREAU))
    except ImportError as err:
        row("zen-engine", "not run", f"not installed ({err.name}); pip install '.[bench]'")
    else:
        t_zen = best(lambda: [zen_grade(v) for v in floats], runs=3) / len(floats)
        wrong = sum(zen_grade(float(c)) != e for c, e in zip(cases, expected, strict=True))
        row(
            "zen-engine (trace on) per record",
            f"grade() is {t_zen / grade_seconds:.1f}× faster",
            f"{t_zen * 1e6:.1f} µs a record; fen boundaries wrong: {wrong} of {len(cases)}",
        )
    try:
        of_grade = engines.openfisca_grader(POLICY.grading, float(BUREAU))
    except ImportError as err:
        row("openfisca-core", "not run", f"not installed ({err.name}); pip install '.[bench]'")
    else:
        t_of = best(lambda: of_grade(floats), runs=3) / len(floats)
        wrong = sum(
            t != e for t, e in zip(of_grade([float(c) for c in cases]), expected, strict=True)
        )
        row(
            "openfisca-core (vectorised, float32) per record",
            f"{t_of * 1e6:.2f} µs a record",
            f"grade() per record is {t_of / grade_seconds:.2f}× its speed; "
            f"fen boundaries wrong: {wrong} of {len(cases)}",
        )


def numpy_float_limit(grading: GradingPolicy, column: Any, bureau: float) -> tuple[Any, ...]:
    """numpy's own searchsorted on floats: the same float rule, vectorised (the physical limit)."""
    import numpy as np

    rb, rp, sb, sp, wr, ws, diamond, gold, silver = float_tables(grading)
    r = np.asarray(rp).take(np.searchsorted(rb, column, side="right"))
    s = np.asarray(sp).take(np.searchsorted(sb, column / bureau, side="right"))
    score = wr * r + ws * s
    tier = np.searchsorted([silver, gold, diamond], score, side="right")
    return r, s, score, tier


def bench_columns(count: int) -> None:
    """grade_many on a numpy column of floats vs the bare float loop, and numpy's own limit."""
    try:
        import numpy as np
    except ImportError:
        row("grade_many on numpy columns", "not run", "numpy not installed")
        return
    values = revenues(count, seed=7)
    floats = [float(v) for v in values]
    column = np.array(floats)
    bureau_f = float(BUREAU)
    kr.grade_many(column[:10], BUREAU)  # build the grader and its arrays outside the timing

    t_loop = best(lambda: float_loop(POLICY.grading, floats, bureau_f), runs=3)
    t_limit = best(lambda: numpy_float_limit(POLICY.grading, column, bureau_f), runs=3)
    t_many = best(lambda: kr.grade_many(column, BUREAU).to_numpy(), runs=3)
    t_tuples = best(lambda: kr.grade_many(column, BUREAU).tiers, runs=3)
    per = 1e9 / count
    row(
        f"grade_many(numpy float64 column).to_numpy() vs bare float loop, {count:,} revenues",
        f"{t_loop / t_many:.2f}×",
        f"{t_many * per:.1f} ns vs {t_loop * per:.0f} ns a record (target ≥ 4×); exact, in fen",
    )
    row(
        "numpy searchsorted on floats (the physical limit) vs bare float loop",
        f"{t_loop / t_limit:.2f}×",
        f"{t_limit * per:.1f} ns a record; grade_many is {t_limit / t_many:.2f}× its speed",
    )
    row(
        "grade_many(numpy column), columns as tuples of Python objects",
        f"{t_loop / t_tuples:.2f}×",
        f"{t_tuples * per:.0f} ns a record (tuples of 1,000,000 ints, Decimals and Tiers)",
    )
    cases = boundary_cases()
    exact = kr.grade_many(np.array([float(c) for c in cases]), BUREAU).tiers
    expected = tuple(kr.grade(c, BUREAU).tier for c in cases)
    wrong = sum(a != b for a, b in zip(exact, expected, strict=True))
    row("grade_many(numpy), fen boundaries wrong", f"{wrong} of {len(cases)}", "vs grade")


def write_portfolio(path: Path, count: int) -> None:
    """``count`` rows cycled from the sample portfolio, names made unique."""
    with sample_path() as sample, sample.open(encoding="utf-8", newline="") as handle:
        header, *body = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for i in range(count):
            cells = list(body[i % len(body)])
            cells[0] = f"{cells[0]}{i}"
            writer.writerow(cells)


COPY = """
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f, \\
        open(sys.argv[2], "w", encoding="utf-8", newline="") as o:
    w = csv.writer(o)
    for row in csv.reader(f):
        w.writerow(row)
"""


READ = """
import sys
from keyaccount_rules.io.portfolio import read_rows
for _row in read_rows(sys.argv[1]):
    pass
"""


#: Runs the command line in the child and prints its own peak memory (VmHWM) at exit: the
#: child's ``ru_maxrss`` would include the image it was forked from (this process, holding
#: the million-row columns of the earlier measures) before it exec'd.
PEAK = """
import atexit, runpy, sys
def peak():
    try:
        with open("/proc/self/status") as status:
            kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    except OSError:
        import resource
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write(f"PEAK {kib}\\n")
atexit.register(peak)
sys.argv = sys.argv[1:]
runpy.run_module("keyaccount_rules", run_name="__main__", alter_sys=True)
"""


def run_child(command: list[str]) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB; 0 when not reported) of a child process."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    start = time.perf_counter()
    child = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if child.returncode:
        raise SystemExit(f"{command} failed with status {child.returncode}")
    lines = child.stderr.decode().splitlines()
    peak = next((int(line.split()[1]) for line in lines if line.startswith("PEAK ")), 0)
    return elapsed, peak


def bench_cli(counts: tuple[int, int], runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        peaks = {}
        for count in counts:
            source = Path(folder) / f"p{count}.csv"
            write_portfolio(source, count)
            target = Path(folder) / "out.csv"
            copy = [sys.executable, "-c", COPY, str(source), str(target)]
            evaluate = [
                sys.executable, "-c", PEAK, "keyaccount_rules", "evaluate", str(source),
                "--bureau-revenue", "300000000", "--as-of", "2026-11-23", "--format", "csv",
            ]  # fmt: skip
            t_copy = min(run_child(copy)[0] for _ in range(runs))
            read = [sys.executable, "-c", READ, str(source)]
            t_read = min(run_child(read)[0] for _ in range(runs))
            row(
                f"read_rows {count:,} rows (customers validated, nothing evaluated), vs csv copy",
                f"{t_read / t_copy:.2f}×",
                "the floor of any evaluate that validates each row into a Customer",
            )
            timings = [run_child(evaluate) for _ in range(runs)]
            t_eval = min(t for t, _ in timings)
            peaks[count] = max(p for _, p in timings)
            row(
                f"evaluate {count:,} rows, CSV out, vs csv copy",
                f"{t_eval / t_copy:.2f}×",
                f"{t_eval:.2f} s vs {t_copy:.2f} s (target ≤ 6×); "
                f"peak {peaks[count] / 1024:.0f} MiB",
            )
        small, large = counts
        row(
            f"peak memory {large:,} / {small:,} rows",
            f"{peaks[large] / peaks[small]:.3f}",
            "target ≤ 1.2",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small inputs (a smoke test)")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line runs")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, keyaccount_rules {kr.__version__}\n")
    print("| measure | result | notes |\n|---|---|---|")
    bench_grading(2_000 if args.quick else 20_000)
    bench_columns(100_000 if args.quick else 1_000_000)
    if not args.no_cli:
        bench_cli((10_000, 100_000) if args.quick else (100_000, 1_000_000), 1 if args.quick else 3)


if __name__ == "__main__":
    main()

"""The scaling curve: check time per pathological shape and size.

    python bench/scaling.py [--sizes 1000,4000,16000] [--shapes a,b]
    python bench/scaling.py --many-files 100000

Each shape of tests/shapes.py is written as one file and checked in this
process (no cache, one job); the table shows seconds and what was reported.
Linear work shows as time growing with size by the same factor; a file
nesting deeper than the analysis follows gets a GP000 note instead.
`--many-files N` instead times `golint-panics check .` (a whole process,
all cores) on N empty files in directories of 1,000, cold then warm.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
sys.path.insert(0, os.path.join(HERE, ".."))

from shapes import SHAPES  # noqa: E402

from golint_panics import registry  # noqa: E402
from golint_panics.config import select_rules  # noqa: E402
from golint_panics.rule import Settings  # noqa: E402
from golint_panics.runner import run_check  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,2000,4000,8000,16000")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--many-files", type=int, default=0)
    args = ap.parse_args()
    if args.many_files:
        return many_files(args.many_files)
    rules, _ = select_rules(registry.load_rules(), select=None)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'shape':<30} {'size':>7} {'bytes':>9} {'seconds':>8}  reported")
    for shape in args.shapes.split(","):
        for n in sizes:
            with tempfile.TemporaryDirectory() as d:
                data = SHAPES[shape](n)
                with open(os.path.join(d, "p.go"), "wb") as fh:
                    fh.write(data)
                started = time.perf_counter()
                result = run_check(["."], rules, Settings(), jobs=1, cwd=d)
                took = time.perf_counter() - started
            counts: dict[str, int] = {}
            for f in result.findings:
                counts[f.code] = counts.get(f.code, 0) + 1
            what = ", ".join(f"{c} {k}" for c, k in sorted(counts.items())) or "-"
            print(f"{shape:<30} {n:>7} {len(data):>9} {took:>8.2f}  {what}", flush=True)
    return 0


def many_files(n: int) -> int:
    import subprocess
    with tempfile.TemporaryDirectory() as d:
        for i in range(n):
            sub = os.path.join(d, f"p{i // 1000}")
            if i % 1000 == 0:
                os.mkdir(sub)
            open(os.path.join(sub, f"f{i % 1000}.go"), "wb").close()
        times = []
        for run in ("cold", "warm"):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "golint_panics", "check", "."], cwd=d,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
            print(f"{n} empty files, {run}: {times[-1]:.1f} s", flush=True)
        print(f"warm / cold: {times[1] / times[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The scaling curve: check time per pathological shape and size.

    python bench/scaling.py [--sizes 1000,4000,16000] [--shapes a,b]

Each shape of tests/shapes.py is written as one file and checked in this
process (no cache, one job); the table shows seconds and what was reported.
Linear work shows as time growing with size by the same factor; a file
nesting deeper than the analysis follows gets a GP000 note instead.
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
    args = ap.parse_args()
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


if __name__ == "__main__":
    sys.exit(main())

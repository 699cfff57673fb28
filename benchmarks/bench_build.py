"""Time `mlfootprint build` (the fast engine, and `--engine kernel`) against the naive alternative: a sequential
loop of `papermill` CLI calls over the same notebooks.

Run: make benchmark   (or .venv/bin/python benchmarks/bench_build.py [--repeat N])
Every side executes every notebook in notebooks/ with its default parameters into a temporary folder.
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import BIN, report, timed  # noqa: E402

from mlfootprint.catalogue import NOTEBOOKS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = [n.path for n in NOTEBOOKS]
    fast, kernel, naive = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            fast.append(timed([[str(BIN / "mlfootprint"), "build", "--force", "--out", f"{tmp}/fast"]]))
            kernel.append(timed([[str(BIN / "mlfootprint"), "build", "--force", "--engine", "kernel",
                                  "--out", f"{tmp}/kernel"]]))
            loop = [[str(BIN / "papermill"), "-k", "python3", "--cwd", str(p.parent), str(p), f"{tmp}/{p.name}"]
                    for p in paths]
            naive.append(timed(loop, {"MLFOOTPRINT_OUTPUT_DIR": tmp}))
    title = f"every notebook ({len(paths)})"
    report(title, ("mlfootprint build", fast), ("papermill CLI, sequential", naive), goal=6)
    report(title, ("mlfootprint build", fast), ("mlfootprint build --engine kernel", kernel))


if __name__ == "__main__":
    main()

"""Time a 20-run sweep of notebook 04 with `mlfootprint sweep` against a sequential loop of `papermill` CLI calls.

Run: .venv/bin/python benchmarks/bench_sweep.py [--runs 20] [--repeat 1]
The runs vary `pue` from 1.05 upwards; both sides write into a temporary folder.
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import BIN, report, timed  # noqa: E402

from mlfootprint.catalogue import find  # noqa: E402

NOTEBOOK = "04-strubell-energy-table"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    values = [round(1.05 + 0.05 * i, 2) for i in range(args.runs)]
    path = find(NOTEBOOK).path
    ours, naive = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            grid = Path(tmp) / "grid.yaml"
            grid.write_text(f"pue: {values}\n")
            ours.append(timed([[str(BIN / "mlfootprint"), "sweep", NOTEBOOK, "--grid", str(grid),
                                "--out", f"{tmp}/sweep"]]))
            loop = [[str(BIN / "papermill"), "-k", "python3", "--cwd", str(path.parent), str(path),
                     f"{tmp}/pue-{v}.ipynb", "-p", "pue", str(v)] for v in values]
            naive.append(timed(loop, {"MLFOOTPRINT_OUTPUT_DIR": tmp}))
    report(f"{args.runs}-run sweep of {NOTEBOOK}", ("mlfootprint sweep", ours), ("papermill CLI, sequential", naive))


if __name__ == "__main__":
    main()

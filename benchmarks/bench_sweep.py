"""Time sweeps: a 20-run sweep of notebook 04 with `mlfootprint sweep` against a sequential loop of `papermill` CLI
calls; a 200-run sweep; and the start-up overhead per run beyond the notebook's own work.

Run: .venv/bin/python benchmarks/bench_sweep.py [--runs 20] [--repeat 1]
The runs vary `pue` from 1.05 upwards; every side writes into a temporary folder.
"""

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import BIN, report, timed  # noqa: E402

from mlfootprint.catalogue import Notebook, find  # noqa: E402
from mlfootprint.parameters import Parameters, cell_source, param  # noqa: E402
from mlfootprint.tools import folders, runner  # noqa: E402

NOTEBOOK = "04-strubell-energy-table"


def grid(folder: Path, runs: int) -> Path:
    values = [round(1.05 + 0.01 * i, 2) for i in range(runs)]
    path = folder / f"grid-{runs}.yaml"
    path.write_text(f"pue: {values}\n")
    return path


@dataclass(frozen=True)
class EmptyParameters(Parameters):
    x: int = param(0, "int", "unused", low=0, high=10**9)


EMPTY_LEDGER = "open(__import__('os').environ['MLFOOTPRINT_OUTPUT_DIR'] + '/claims.csv', 'w').write('claim_id\\n')"
"""The one cell of the empty notebook: it writes an empty ledger, as every complete run does."""


def overhead_per_run(folder: Path, runs: int = 40) -> tuple[float, float]:
    """Seconds per run, beyond the notebook's own work, of a notebook that does nothing (one run at a time), and
    the one-off warm-up of the parent process."""
    notebook = Notebook("99", "99-empty", "-", "-", "none", (), EmptyParameters, 0.1, folder)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell_source(EmptyParameters),
                                                                   metadata={"tags": ["parameters"]}),
                                         nbformat.v4.new_code_cell(EMPTY_LEDGER)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebook.path)
    out = folders.make_folder(folder / "empty", "build")
    start = time.perf_counter()
    runner.run_many([runner.Task(notebook, notebook.parameters(x=0), out / "warm")], jobs=1)
    warm = time.perf_counter() - start
    start = time.perf_counter()
    tasks = [runner.Task(notebook, notebook.parameters(x=i), out / f"x{i}") for i in range(1, runs + 1)]
    runner.run_many(tasks, jobs=1)
    return (time.perf_counter() - start) / runs, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="only the 20-run comparison (no 200-run sweep)")
    args = parser.parse_args()
    path = find(NOTEBOOK).path
    ours, naive, large = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            ours.append(timed([[str(BIN / "mlfootprint"), "sweep", NOTEBOOK, "--grid", str(grid(tmp, args.runs)),
                                "--out", str(tmp / "sweep")]]))
            values = [round(1.05 + 0.01 * i, 2) for i in range(args.runs)]
            loop = [[str(BIN / "papermill"), "-k", "python3", "--cwd", str(path.parent), str(path),
                     str(tmp / f"pue-{v}.ipynb"), "-p", "pue", str(v)] for v in values]
            naive.append(timed(loop, {"MLFOOTPRINT_OUTPUT_DIR": str(tmp)}))
    report(f"{args.runs}-run sweep of {NOTEBOOK}", ("mlfootprint sweep", ours), ("papermill CLI, sequential", naive),
           goal=8)
    if args.quick:
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        large.append(timed([[str(BIN / "mlfootprint"), "sweep", NOTEBOOK, "--grid", str(grid(tmp, 200)),
                             "--out", str(tmp / "large")]]))
        per_run, warm = overhead_per_run(tmp)
    print(f"200-run sweep of {NOTEBOOK}: {statistics.median(large):.1f} s (goal: under 60 s: "
          f"{'met' if statistics.median(large) < 60 else 'NOT met'})")
    print(f"start-up overhead per run beyond the notebook's work: {per_run:.3f} s (goal: under 0.3 s: "
          f"{'met' if per_run < 0.3 else 'NOT met'}); one-off warm-up of the command: {warm:.2f} s")


if __name__ == "__main__":
    main()

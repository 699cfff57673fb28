"""Time `mlfootprint build` against the naive alternative: a sequential loop of `papermill` CLI calls.

Run: make benchmark   (or .venv/bin/python benchmarks/bench_build.py [--repeat N])
Both execute every notebook in notebooks/ with its default parameters into a temporary folder.
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
    with tempfile.TemporaryDirectory() as tmp:
        env = {"MLFOOTPRINT_OUTPUT_DIR": tmp}  # where the papermill loop's figures go
        build = [[str(BIN / "mlfootprint"), "build", "--out", f"{tmp}/build"]]
        loop = [[str(BIN / "papermill"), "-k", "python3", "--cwd", str(p.parent), str(p), f"{tmp}/{p.name}"]
                for p in paths]
        ours = [timed(build) for _ in range(args.repeat)]
        naive = [timed(loop, env) for _ in range(args.repeat)]
    report(f"every notebook ({len(paths)})", ("mlfootprint build", ours), ("papermill CLI, sequential", naive))


if __name__ == "__main__":
    main()

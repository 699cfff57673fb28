"""Time `mlfootprint build` against the naive alternative: a sequential loop of `papermill` CLI calls.

Run: make benchmark   (or .venv/bin/python benchmarks/bench_build.py [--repeat N])
Prints the median wall time of each over N repeats, and their ratio. Both execute every notebook in notebooks/ with
its default parameters into a temporary folder; nothing in the repository changes.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from mlfootprint.runner import notebooks  # noqa: E402


def timed(commands: list[list[str]], env: dict) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = notebooks()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "MLFOOTPRINT_OUTPUT_DIR": tmp}  # the papermill loop's figures go here too
        build = [[str(BIN / "mlfootprint"), "build", "--out", f"{tmp}/build"]]
        loop = [[str(BIN / "papermill"), "-k", "python3", "--cwd", str(p.parent), str(p), f"{tmp}/{p.name}"]
                for p in paths]
        build_s = [timed(build, env) for _ in range(args.repeat)]
        loop_s = [timed(loop, env) for _ in range(args.repeat)]
    b, l = statistics.median(build_s), statistics.median(loop_s)
    print(f"notebooks: {len(paths)}, cores: {os.cpu_count()}, repeats: {args.repeat} (median wall time)")
    print(f"mlfootprint build        : {b:6.2f} s")
    print(f"papermill CLI, sequential: {l:6.2f} s")
    print(f"speed-up                 : {l / b:6.2f}x")


if __name__ == "__main__":
    main()

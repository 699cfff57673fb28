"""Shared helpers of the benchmark scripts: time whole commands, print medians and their ratio."""

import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(commands: list[list[str]], env: dict | None = None) -> float:
    """Wall time (s) of running the commands one after another; any failure stops the benchmark."""
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def machine() -> str:
    """The date, the processor and the number of cores, for the record of a measurement."""
    cpuinfo = Path("/proc/cpuinfo")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                  if line.startswith("model name")), "") if cpuinfo.is_file() else ""
    return f"{datetime.date.today()}, {model or platform.processor() or platform.machine()}, {os.cpu_count()} cores"


def report(title: str, ours: tuple[str, list[float]], naive: tuple[str, list[float]], goal: float | None = None):
    """Print the median of each timing and how many times faster ours is (and the goal, if there is one)."""
    (our_name, our_times), (naive_name, naive_times) = ours, naive
    ours_s, naive_s = statistics.median(our_times), statistics.median(naive_times)
    width = max(len(our_name), len(naive_name))
    print(f"{title} ({machine()}, median of {len(our_times)})")
    print(f"  {our_name:<{width}} : {ours_s:7.2f} s")
    print(f"  {naive_name:<{width}} : {naive_s:7.2f} s")
    met = "met" if goal is not None and naive_s / ours_s >= goal else "NOT met"
    verdict = "" if goal is None else f"   (goal: at least {goal:g}x: {met})"
    print(f"  {'speed-up':<{width}} : {naive_s / ours_s:7.2f}x{verdict}")

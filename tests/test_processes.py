"""No orphan, no lost signal (issue #24): Ctrl-C, SIGTERM and SIGHUP stop every run with their exit status whenever
they come, including while a child is being forked; children die with the command even when it is killed with
SIGKILL; a write error in the command stops every child; nothing unfinished is left behind."""

import os
import signal
import time

import pytest
from helpers import start_command, tagged

from mlfootprint.tools import folders

CODES = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}


def write_grid(tmp_path, runs: int):
    grid = tmp_path / "grid.yaml"
    grid.write_text("days: [" + ", ".join(str(d) for d in range(1, runs + 1)) + "]\n")
    return grid


def holds_its_signals(pid: int) -> bool:
    """Whether the process has blocked SIGINT (its first statement does: /proc/PID/status, SigBlk)."""
    try:
        status = open(f"/proc/{pid}/status").read()
    except FileNotFoundError:
        return False
    blocked = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigBlk:")), 16)
    return bool(blocked & (1 << (signal.SIGINT - 1)))


def until(condition, what: str, seconds: float = 60):
    """Wait for `condition()` (polling); fail naming `what` if it has not come within `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.01)


def stopped_cleanly(command, signum: int, tag: str, out) -> str:
    _, stderr = command.communicate(timeout=120)  # a hung command fails the test
    assert command.returncode == CODES[signum], stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert stderr.strip().splitlines()[-1].startswith("interrupted"), stderr
    until(lambda: not tagged(tag), "every child and kernel ending", 10)
    assert not list(out.parent.glob("**/*.partial-*")), "an unfinished run was left behind"
    for folder in out.glob("*") if out.is_dir() else []:
        assert not folder.name.endswith(".failed"), "a run stopped by the signal is not a failed run"
        if (folder / "run.json").is_file():
            assert (folder / "ledger.csv").is_file(), "a run marked complete must be complete"
    return stderr


@pytest.mark.parametrize("signum", CODES)
def test_a_signal_stops_every_run_and_leaves_no_process(tmp_path, signum):
    tag, out = f"{os.getpid()}-{signum}-{tmp_path.name}", tmp_path / "sweep"
    command = start_command("sweep", "02", "--grid", write_grid(tmp_path, 6), "--out", out, "--jobs", "2", tag=tag)
    until(lambda: list(out.glob("*.partial-*")), "a run starting")
    os.killpg(command.pid, signum)
    stderr = stopped_cleanly(command, signum, tag, out)
    assert stderr.strip().endswith("runs complete; run the same command again to resume")


@pytest.mark.slow
def test_ctrl_c_at_any_moment_gives_130(tmp_path):
    """Ctrl-C from the command's first statement on: during imports, checks, warm-up, forks of children (two at a
    time, one every few tenths of a second), runs and publishing."""
    grid = write_grid(tmp_path, 100)
    for i, delay in enumerate([0, 0.01, 0.03, 0.06, 0.1, 0.2, 0.4, 0.7, 1.0, 1.4, 1.8, 2.3, 2.8, 3.4]):
        tag, out = f"{os.getpid()}-moment-{i}", tmp_path / f"sweep{i}"
        command = start_command("sweep", "02", "--grid", grid, "--out", out, "--jobs", "2", "--yes", tag=tag)
        until(lambda: holds_its_signals(command.pid), "the command starting")  # noqa: B023
        time.sleep(delay)
        assert command.poll() is None, "the command ended before the signal"
        os.killpg(command.pid, signal.SIGINT)
        stopped_cleanly(command, signal.SIGINT, tag, out)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["warm", "kernel"])
def test_children_and_kernels_die_with_a_killed_command(tmp_path, engine):
    tag, out = f"{os.getpid()}-kill-{engine}", tmp_path / "sweep"
    command = start_command("sweep", "02", "--grid", write_grid(tmp_path, 20), "--out", out, "--jobs", "2",
                            "--engine", engine, tag=tag)
    until(lambda: len(tagged(tag)) >= 1 + 2 * (1 + (engine == "kernel")), "two runs (and their kernels) starting")
    os.kill(command.pid, signal.SIGKILL)
    command.communicate(timeout=60)
    until(lambda: not tagged(tag), "every child and kernel of the killed command ending", 30)
    assert list(out.glob("*.partial-*")), "a killed command cannot clean up: the next one does"
    folders.Lock(out).release()  # what the next command writing there does first
    assert not list(out.glob("*.partial-*")) and not list(tmp_path.glob(".*.lock"))


@pytest.mark.slow
def test_a_write_error_in_the_command_stops_every_child(tmp_path):
    tag, out = f"{os.getpid()}-epipe", tmp_path / "build"
    command = start_command("build", "--out", out, "--jobs", "2", tag=tag)
    command.stdout.close()  # the first "ok ..." line the command prints fails: EPIPE, as on a closed terminal
    _, stderr = command.communicate(timeout=120)
    assert command.returncode == 2 and "cannot write: Broken pipe" in stderr and "Traceback" not in stderr, stderr
    until(lambda: not tagged(tag), "every child ending", 10)
    assert not list(out.glob("*.partial-*"))

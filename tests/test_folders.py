"""Output folders (issue #24): each command replaces only its own kind of output, one lock per command whatever
the sweep's size and none left behind, and what a dead command left unfinished is removed by the next."""

import resource
import subprocess
import sys

import pandas as pd
import pytest
from helpers import ROOT, mlfootprint, one_line

from mlfootprint.checks import ParameterError
from mlfootprint.tools import folders


def made(path, kind):
    folders.make_folder(path, kind)
    (path / "keep.txt").write_text("an earlier output")
    return path


def test_an_estimate_never_replaces_a_build(tmp_path):
    """Issue #24: `estimate --out <a complete build>` removed its 124 files."""
    out = made(tmp_path / "out", "build")
    one_line(mlfootprint("estimate", "--hardware", "H100 SXM", "--count", "1", "--hours", "1", "--out", out),
             "holds the outputs of `mlfootprint build`, which `mlfootprint estimate` would replace")
    assert (out / "keep.txt").read_text() == "an earlier output"


@pytest.mark.parametrize("command, kind", [("run", "sweep"), ("sweep", "run"), ("build", "estimate"), ("site", "run"),
                                           ("run", "site")])
def test_another_kinds_folder_is_refused(tmp_path, command, kind):
    out = made(tmp_path / "out", kind)
    with pytest.raises(ParameterError, match=f"holds the outputs of `mlfootprint {kind}`, which `mlfootprint "
                                             f"{command}` would replace"):
        folders.check_target(out, command)
    assert folders.check_target(out, kind) == out


def test_a_folder_inside_a_tool_made_one_is_refused(tmp_path):
    sweep = made(tmp_path / "sweep", "sweep")
    one_line(mlfootprint("run", "02", "--out", sweep / "days=1"), "is inside", "made by `mlfootprint sweep`")
    assert sorted(p.name for p in sweep.iterdir()) == [folders.MARKER, "keep.txt"]


def test_a_folder_marked_before_kinds_is_told_by_its_files(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    (old / folders.MARKER).write_text('{"made_by": "mlfootprint"}\n')
    (old / "summary.csv").write_text("run\n")
    assert folders.kind_of(old) == "sweep"
    with pytest.raises(ParameterError, match="holds the outputs of `mlfootprint sweep`"):
        folders.check_target(old, "build")


def test_one_lock_per_target_removed_on_release_and_unfinished_folders_cleaned(tmp_path):
    target = tmp_path / "out"
    left = [folders.temporary_sibling(target), folders.temporary_sibling(target / "run")]  # as a killed command left
    lock = folders.Lock(target)
    assert not any(p.exists() for p in left), "the next command removes what a dead one left unfinished"
    with pytest.raises(ParameterError, match=r"out is being written by another mlfootprint command \(pid \d+\)"):
        folders.Lock(target)
    lock.release()
    assert not list(tmp_path.glob(".*lock")), "no lock file is left behind"
    folders.Lock(target).release()


SWEEP_2000 = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from helpers import tiny_notebook
from mlfootprint.tools import sweep
folder = Path({folder!r})
tiny = tiny_notebook(folder)
runs = [sweep.Run(f"run{{i}}", tiny.parameters(pue=1 + i / 10_000)) for i in range(2000)]
results = sweep.run_sweep(tiny, runs, folder / "sweep", jobs=2, yes=True)
print(sum(r.ok for r in results))
"""


@pytest.mark.slow
def test_a_2000_run_sweep_under_ulimit_n_256(tmp_path):
    def limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    done = subprocess.run([sys.executable, "-c", SWEEP_2000.format(tests=str(ROOT / "tests"), folder=str(tmp_path))],
                          capture_output=True, text=True, preexec_fn=limit, timeout=1800)
    assert done.returncode == 0 and done.stdout.strip() == "2000", done.stderr[-2000:]
    summary = pd.read_csv(tmp_path / "sweep" / "summary.csv")
    assert len(summary) == 2000 and set(summary["status"]) == {"complete"}
    assert summary["recomputed:kwh"].iloc[-1] == pytest.approx((1 + 1999 / 10_000) * 10)  # Eq. 1: 10 h x 1 kW x PUE
    assert not list(tmp_path.glob(".*.lock")) and not list((tmp_path / "sweep").glob("*.partial-*"))

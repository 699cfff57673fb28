"""Fault injection (issue #11): a hostile but realistic user's inputs, concurrent writers, a read-only and a full
file system, huge inputs. Every case gets one clear line and a non-zero exit, and leaves the user's files and
earlier results intact. Each test works in its own scratch folder; the file-system cases mount a tiny tmpfs where
the machine allows it (root with CAP_SYS_ADMIN, as in CI) and are skipped otherwise."""

import os
import signal
import subprocess
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import FIXTURES, MLFOOTPRINT, mlfootprint, one_line, tiny_notebook

from mlfootprint import trends
from mlfootprint.notebook_parameters import AiAndComputeParameters
from mlfootprint.checks import DataError, ParameterError
from mlfootprint.loaders import load_epoch_models
from mlfootprint.paths import ROOT
from mlfootprint.tools import folders, runner
from mlfootprint.tools.yamlfile import read_parameter_file
from mlfootprint.training_compute import hardware_time_flop


def test_an_existing_folder_of_the_user_is_never_touched(tmp_path):
    thesis = tmp_path / "my-thesis" / "chapters"
    thesis.mkdir(parents=True)
    (thesis / "ch1.tex").write_text("\\chapter{One}")
    done = mlfootprint("run", "02", "--out", "my-thesis", cwd=tmp_path)
    one_line(done, "--out 'my-thesis' exists and was not made by mlfootprint")
    assert (thesis / "ch1.tex").read_text() == "\\chapter{One}"


@pytest.mark.parametrize("out, fragment", [
    ("", "is the working folder or above it"),
    (".", "is the working folder or above it"),
    ("..", "is the working folder or above it"),
    ("/", "is the working folder or above it"),
])
def test_the_working_folder_and_above_are_refused(tmp_path, out, fragment):
    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.txt").write_text("mine")
    one_line(mlfootprint("run", "02", "--out", out, cwd=work), fragment)
    assert (work / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("out, fragment", [
    (str(ROOT), "is the project's folder or above it"),
    (str(ROOT / "notebooks"), "inside the project's own folder notebooks/"),
    (str(ROOT / "data" / "x"), "inside the project's own folder data/"),
])
def test_the_project_is_refused(tmp_path, out, fragment):
    one_line(mlfootprint("run", "02", "--out", out, cwd=tmp_path), fragment)


def test_a_symbolic_link_is_not_followed(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    (tmp_path / "link").symlink_to(target)
    one_line(mlfootprint("run", "02", "--out", "link", cwd=tmp_path), "is a symbolic link")
    assert (target / "keep.txt").read_text() == "mine"


def test_a_file_or_a_folder_below_a_file_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    one_line(mlfootprint("run", "02", "--out", "notes.txt", cwd=tmp_path), "is a file, not a folder")
    one_line(mlfootprint("run", "02", "--out", "notes.txt/run", cwd=tmp_path), "is a file, so no folder can be made")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_name_too_long_is_refused(tmp_path):
    one_line(mlfootprint("run", "02", "--out", "x" * 300, cwd=tmp_path), "a folder name is longer than 200 bytes")


def test_site_obeys_the_same_rule(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("my own page")
    results = tmp_path / "results" / "02-alexnet-worked-example"
    results.mkdir(parents=True)
    (results / "02-alexnet-worked-example.ipynb").write_text("{}")
    one_line(mlfootprint("site", "--results", tmp_path / "results", "--out", site), "was not made by mlfootprint")
    assert (site / "index.html").read_text() == "my own page"
    one_line(mlfootprint("site", "--results", tmp_path / "nothing", "--out", tmp_path / "s2"),
             "no built notebook found there")


def _held(lock: Path, first: subprocess.Popen, seconds: float = 120) -> None:
    """Wait until `first` holds its flock on `lock` (as /proc/locks lists it, so that looking never takes the lock),
    then stop it there (SIGSTOP): a second command started now meets the lock however loaded the machine is."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert first.poll() is None, "the first command ended before it was seen holding its lock"
        if lock.exists():
            device, inode = os.stat(lock).st_dev, os.stat(lock).st_ino
            wanted = f"{os.major(device):02x}:{os.minor(device):02x}:{inode} "
            if any("FLOCK" in line and wanted in line for line in Path("/proc/locks").read_text().splitlines()):
                os.kill(first.pid, signal.SIGSTOP)
                return
        time.sleep(0.01)
    raise AssertionError(f"the first command did not take {lock} within {seconds} s")


def _finish(first: subprocess.Popen) -> str:
    """Let a stopped first command go on (SIGCONT) and wait for it: its stderr."""
    os.kill(first.pid, signal.SIGCONT)
    _, stderr = first.communicate(timeout=120)
    return stderr


@pytest.mark.slow
def test_a_second_writer_of_the_same_folder_is_refused(tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("days: [1, 2]\n")
    first = subprocess.Popen([str(MLFOOTPRINT), "sweep", "02", "--grid", grid, "--out", tmp_path / "sweep"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _held(tmp_path / ".sweep.lock", first)
    second = mlfootprint("sweep", "02", "--grid", grid, "--out", tmp_path / "sweep")
    stderr = _finish(first)
    one_line(second, "is being written by another mlfootprint command (pid ")
    assert first.returncode == 0, stderr
    summary = pd.read_csv(tmp_path / "sweep" / "summary.csv")
    assert list(summary["status"]) == ["complete", "complete"]
    run = subprocess.Popen([str(MLFOOTPRINT), "run", "02", "--out", tmp_path / "run"], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _held(tmp_path / ".run.lock", run)
    second = mlfootprint("run", "02", "-p", "days", "6", "--out", tmp_path / "run")
    stderr = _finish(run)
    one_line(second, "is being written by another")
    assert run.returncode == 0, stderr
    assert "days" not in (tmp_path / "run" / "run.json").read_text()


def test_a_corrupt_notebook_is_refused_before_any_work(tmp_path):
    tiny = tiny_notebook(tmp_path)
    tiny.path.write_text('{"cells": [')
    with pytest.raises(ParameterError, match=r"90-tiny.ipynb: not a valid notebook \(JSONDecodeError"):
        runner.run_many([runner.Task(tiny, tiny.parameters(), tmp_path / "out")])
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob("out.*"))


def test_a_binary_file_given_as_yaml(tmp_path):
    (tmp_path / "params.yaml").write_bytes(bytes(range(256)))
    with pytest.raises(ParameterError, match="params.yaml: not UTF-8"):
        read_parameter_file(tmp_path / "params.yaml")


def test_a_folder_given_as_a_file_is_named_in_one_line(tmp_path):
    (tmp_path / "params").mkdir()
    done = mlfootprint("run", "02", "-f", tmp_path / "params", "--out", tmp_path / "out")
    one_line(done, f"{tmp_path / 'params'}: is a folder, expected a file")
    assert not (tmp_path / "out").exists()


def test_a_dataset_that_is_not_utf8_or_repeats_a_system(tmp_path):
    (tmp_path / "latin.csv").write_bytes("Model,Publication date\nCaf\u00e9,2020-01-01\n".encode("latin-1"))
    with pytest.raises(ParameterError, match=r"dataset: '.*latin.csv' is not UTF-8 \(byte 26 cannot be decoded\)"):
        AiAndComputeParameters(dataset=str(tmp_path / "latin.csv"))
    text = (FIXTURES / "epoch_notable_models_synthetic.csv").read_text()
    lines = text.splitlines()
    (tmp_path / "repeated.csv").write_text("\n".join(lines + [lines[1]] * 30) + "\n")
    with pytest.raises(DataError, match=r"repeated.csv: 1 system\(s\) listed more than once \('Perceptron Mark I'\)"):
        load_epoch_models(tmp_path / "repeated.csv")


def test_yaml_dates_and_numbers_are_accepted_where_expected(tmp_path):
    (tmp_path / "params.yaml").write_text("start: 1970-01-01\nend: 2018\nn_bootstrap: 1e3\n")
    params = AiAndComputeParameters.from_values(read_parameter_file(tmp_path / "params.yaml"))
    assert (params.start, params.end, params.n_bootstrap) == ("1970-01-01", "2018-12-31", 1000)  # a year as end: its last day


def test_infinite_results_are_errors():
    with pytest.raises(ParameterError, match=r"^training compute \(FLOP\) is not finite \(inf\)"):
        hardware_time_flop(2, 1e300, 1e10, 1.0)


def test_the_bootstrap_keeps_memory_flat_on_a_large_dataset():
    rng = np.random.default_rng(0)
    years = np.sort(rng.uniform(1950, 2024, 20_000))
    values = 10 ** (0.3 * (years - 1950) + rng.normal(0, 1, years.size))
    tracemalloc.start()
    slopes = trends.bootstrap_slopes(years, values, 2000, 0)
    breaks = trends.bootstrap_breakpoints(years, values, 200, 0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(slopes) == 2000 and len(breaks) == 200
    # all at once would hold 2,000 x 20,000 resampled points several times over (> 1 GB)
    assert peak < 300e6, f"peak {peak / 1e6:.0f} MB"


def test_more_rows_than_the_limit_are_refused(tmp_path):
    rows = "\n".join(f"S{i},2020-01-01" for i in range(20_001))
    (tmp_path / "big.csv").write_text("Model,Publication date\n" + rows + "\n")
    with pytest.raises(DataError, match=r"big.csv: more than 20,000 rows; at most 20,000 are read"):
        load_epoch_models(tmp_path / "big.csv")


def _tmpfs(folder: Path, options: str) -> Path:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()[:80]})")
    return folder


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_read_only_file_system(tmp_path):
    mounted = _tmpfs(tmp_path / "ro", "size=1m,ro")
    try:
        one_line(mlfootprint("run", "02", "--out", mounted / "run"), "cannot write in", "(permission denied)")
    finally:
        _unmount(mounted)


def test_a_full_disk(tmp_path):
    mounted = _tmpfs(tmp_path / "full", "size=200k")
    try:
        one_line(mlfootprint("run", "02", "--out", mounted / "run"), "only 0.2 MB free on its disk")
        assert list(mounted.iterdir()) == []
    finally:
        _unmount(mounted)


def test_a_complete_run_is_not_lost_when_the_next_one_fails(tmp_path):
    tiny = tiny_notebook(tmp_path)
    out = tmp_path / "x"
    assert runner.run_many([runner.Task(tiny, tiny.parameters(), out)])[0].ok
    before = (out / "ledger.csv").read_text()
    assert not runner.run_many([runner.Task(tiny, tiny.parameters(pue=0.5), out)])[0].ok
    assert (out / "ledger.csv").read_text() == before and folders.read_marker(out)


def test_a_disk_that_fills_during_a_run(tmp_path):
    mounted = _tmpfs(tmp_path / "full", "size=8k")
    try:
        tiny = tiny_notebook(tmp_path)
        [result] = runner.run_many([runner.Task(tiny, tiny.parameters(), mounted / "run")])
        assert not result.ok and "No space left on device" in result.error, result.error
        assert len(result.error.splitlines()) == 1
        assert not (mounted / "run").exists() and not list(mounted.glob("run.partial*"))
    finally:
        _unmount(mounted)

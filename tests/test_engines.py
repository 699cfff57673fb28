"""The fast engine (issue #13) beside the kernel engine: runs never leak into each other, a run that crashes its
process becomes a failed run and the others go on, and a failing cell is reported as a kernel reports it. (Every
notebook's full output is compared with the kernel-made stored notebooks in test_default_build.py.)"""

import json

from helpers import tiny_notebook

from mlfootprint.catalogue import find
from mlfootprint.tools import folders, runner


def outputs(path):
    return [(c.get("execution_count"), c.get("outputs")) for c in json.loads(path.read_text())["cells"]]


def test_runs_do_not_leak_into_each_other(tmp_path):
    alexnet = find("02")
    a, b = alexnet.parameters(days=6), alexnet.parameters(utilization=0.5, gpu="V100 SXM2")
    tasks = [runner.Task(alexnet, a, tmp_path / "a1"), runner.Task(alexnet, b, tmp_path / "b"),
             runner.Task(alexnet, a, tmp_path / "a2")]
    results = runner.run_many(tasks, jobs=1)
    assert all(r.ok for r in results)
    assert outputs(tmp_path / "a1" / alexnet.path.name) == outputs(tmp_path / "a2" / alexnet.path.name)
    assert (tmp_path / "a1" / "estimates.csv").read_text() == (tmp_path / "a2" / "estimates.csv").read_text()
    assert (tmp_path / "a1" / "estimates.csv").read_text() != (tmp_path / "b" / "estimates.csv").read_text()


def test_a_run_that_kills_its_process_fails_alone(tmp_path):
    crash = tiny_notebook(tmp_path, "93-crash", body="import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    good = tiny_notebook(tmp_path, "94-good")
    out = folders.make_folder(tmp_path / "out")
    results = runner.run_many([runner.Task(n, n.parameters(), out / n.stem) for n in (crash, good)], jobs=2)
    assert results[0].error == "the run's process was killed by SIGKILL before it finished"
    assert results[1].ok and (out / "94-good" / "claims.csv").is_file()


def test_a_failing_cell_is_reported_as_with_a_kernel(tmp_path):
    bad = tiny_notebook(tmp_path, "95-bad", body="print('before')\nraise ValueError('no such pue')")
    [fork] = runner.run_many([runner.Task(bad, bad.parameters(), tmp_path / "fork")], engine="fork")
    [kernel] = runner.run_many([runner.Task(bad, bad.parameters(), tmp_path / "kernel")], engine="kernel")
    assert fork.error == kernel.error == "ValueError: no such pue"
    cells = [json.loads((tmp_path / f"{e}.failed" / "95-bad.ipynb").read_text())["cells"] for e in ("fork", "kernel")]
    assert [c["cell_type"] for c in cells[0]] == [c["cell_type"] for c in cells[1]]  # papermill's error banner too
    shown = [[(o["output_type"], o.get("text"), o.get("ename"), o.get("evalue")) for c in cs
              for o in c.get("outputs", [])] for cs in cells]
    assert shown[0] == shown[1]

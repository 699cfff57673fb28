"""The fast engine (issue #13) beside the kernel engine: runs never leak into each other, a run that crashes its
process becomes a failed run and the others go on, and a failing cell is reported as a kernel reports it. (Every
notebook's full output is compared with the kernel-made stored notebooks in test_default_build.py.)"""

import json
import os
import subprocess

import pytest
from helpers import MLFOOTPRINT, tiny_notebook

from mlfootprint.catalogue import find
from mlfootprint.checks import ParameterError
from mlfootprint.paths import OUTPUT_DIR_ENV
from mlfootprint.tools import engine, folders, runner


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
    out = folders.make_folder(tmp_path / "out", "build")
    results = runner.run_many([runner.Task(n, n.parameters(), out / n.stem) for n in (crash, good)], jobs=2)
    assert results[0].error == "the run's process was killed by SIGKILL before it finished"
    assert results[1].ok and (out / "94-good" / "ledger.csv").is_file()


def test_a_failing_cell_is_reported_as_with_a_kernel(tmp_path):
    bad = tiny_notebook(tmp_path, "95-bad", body="print('before')\nraise ValueError('no such pue')")
    [warm] = runner.run_many([runner.Task(bad, bad.parameters(), tmp_path / "warm")], engine="warm")
    [kernel] = runner.run_many([runner.Task(bad, bad.parameters(), tmp_path / "kernel")], engine="kernel")
    assert warm.error == kernel.error == "ValueError: no such pue"
    cells = [json.loads((tmp_path / f"{e}.failed" / "95-bad.ipynb").read_text())["cells"] for e in ("warm", "kernel")]
    assert [c["cell_type"] for c in cells[0]] == [c["cell_type"] for c in cells[1]]  # papermill's error banner too
    shown = [[(o["output_type"], o.get("text"), o.get("ename"), o.get("evalue")) for c in cs
              for o in c.get("outputs", [])] for cs in cells]
    assert shown[0] == shown[1]


def test_a_notebook_that_exits_early_is_not_a_complete_run(tmp_path):
    """`sys.exit(0)` in a cell is no error to a kernel (issue #24): the run lacks its ledger, so it failed."""
    early = tiny_notebook(tmp_path, "96-early", body="import sys\nsys.exit(0)")
    for name in ("warm", "kernel"):
        [result] = runner.run_many([runner.Task(early, early.parameters(), tmp_path / name)], engine=name)
        assert result.error.startswith("the notebook ended without writing its ledger ledger.csv"), result.error
        assert not (tmp_path / name).exists() and (tmp_path / f"{name}.failed" / "96-early.ipynb").is_file()


def test_engine_names_say_what_they_do():
    from papermill.engines import papermill_engines

    from mlfootprint.tools.warm import WarmEngine

    assert engine.engine_name("warm") == "warm" and engine.engine_name("kernel") == "kernel"
    assert engine.engine_name("fork") == "warm"  # the old name, accepted until version 0.3
    with pytest.raises(ParameterError, match=r"^--engine must be one of warm, kernel \(got 'magic'\)$"):
        engine.engine_name("magic")
    assert papermill_engines.get_engine("mlfootprint-warm") is WarmEngine  # found through the entry point


@pytest.mark.slow
def test_papermill_users_get_the_warm_engine(tmp_path):
    notebook = tiny_notebook(tmp_path, "98-papermill")
    done = subprocess.run([str(MLFOOTPRINT.with_name("papermill")), "--engine", "mlfootprint-warm", "-p", "pue", "1.1",
                           str(notebook.path), str(tmp_path / "out.ipynb")], capture_output=True, text=True,
                          env={**os.environ, OUTPUT_DIR_ENV: str(tmp_path)}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ledger.csv").read_text() == "claim_id,recomputed\nkwh,11.0\n"  # Eq. 1: 10 h x 1 kW x 1.1
    outputs = [o for c in json.loads((tmp_path / "out.ipynb").read_text())["cells"] for o in c.get("outputs", [])]
    assert {"output_type": "stream", "name": "stdout", "text": ["kwh = 11\n"]} in outputs

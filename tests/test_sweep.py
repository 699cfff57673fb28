"""`mlfootprint sweep` as a user runs it: grids and scenarios checked value by value before anything runs,
failures that do not stop the others, reuse of complete runs, a summary rebuilt from disk, and a Dask cluster on
loopback."""

import pandas as pd
import pytest
from helpers import mlfootprint, tiny_notebook

from mlfootprint.catalogue import find
from mlfootprint.checks import ParameterError
from mlfootprint.tools import sweep

COMPARISONS = find("05")


def write(tmp_path, text, name="grid.yaml"):
    (tmp_path / name).write_text(text)
    return tmp_path / name


def test_grid_is_the_product_of_the_lists(tmp_path):
    runs = sweep.read_grid(write(tmp_path, "pue: [1.1, 1.58e0]\nunit: [lb, kg]\nscenario: us-2023\n"), COMPARISONS)
    assert len(runs) == 4
    assert {r.name for r in runs} == {"pue=1.1_scenario=us-2023_unit=lb", "pue=1.1_scenario=us-2023_unit=kg",
                                      "pue=1.58_scenario=us-2023_unit=lb", "pue=1.58_scenario=us-2023_unit=kg"}
    assert {r.parameters.pue for r in runs} == {1.1, 1.58}  # "1.58e0" is a number, as on the command line


def test_named_runs_with_unsafe_names_stay_inside(tmp_path):
    runs = sweep.read_grid(write(tmp_path, "runs:\n  - name: ../../escape\n    pue: 1.1\n  - unit: kg\n"), COMPARISONS)
    assert [r.name for r in runs] == ["escape", "unit=kg"]
    assert runs[0].parameters.changed() == {"pue": 1.1}


@pytest.mark.parametrize("text, message", [
    ("puee: [1.1]\n", r"grid.yaml: unknown parameter 'puee'; did you mean 'pue'\?"),
    ("runs:\n  - pue: 1.1\n  - pu: 2\n", r"grid.yaml, run 2: unknown parameter 'pu'"),
    ("pue: [1.1, 0.5]\n", r"grid.yaml: pue must be a number in \[1, 5\] or None \(got 0.5\)"),
    ("- 1\n- 2\n", r"expected a mapping of parameter names to lists of values"),
    ("runs: []\n", r"'runs' must be the only key and hold a non-empty list"),
    ("pue: []\n", r"every parameter needs at least one value"),
    ("runs:\n  - name: a\n    pue: 1.1\n  - name: a\n    pue: 1.2\n", r"several runs would share the folder 'a'"),
    ("runs:\n  - name: x.failed\n    pue: 1.1\n", r"run name 'x.failed' is reserved"),
    ("runs:\n  - name: summary.csv\n    pue: 1.1\n", r"run name 'summary.csv' is reserved"),
    (f"runs:\n  - name: {'n' * 300}\n    pue: 1.1\n", r"run name 'n{40}'\.\.\. is 300 characters long; give at most 80"),
    ("pue: [1.1\n", r"grid.yaml, line 2, column 1: not valid YAML \(expected ',' or ']'"),
    ("pue: !!python/object/apply:os.system ['true']\n", r"not valid YAML"),
    ("pue: [1.1]\npue: [1.2]\n", r"the key 'pue' is given twice"),
])
def test_bad_grids_are_refused_before_anything_runs(tmp_path, text, message):
    with pytest.raises(ParameterError, match=message):
        sweep.read_grid(write(tmp_path, text), COMPARISONS)


def test_scenarios():
    runs = sweep.scenario_runs("all", COMPARISONS)
    assert [r.parameters.scenario for r in runs][:3] == ["strubell-2019", "us-2023", "hyperscale"]
    assert len(sweep.scenario_runs("france-2023, sweden-2023", COMPARISONS)) == 2
    with pytest.raises(ParameterError, match=r"--scenarios must be 'all' or names from data/scenarios.csv"):
        sweep.scenario_runs("atlantis", COMPARISONS)
    with pytest.raises(ParameterError, match=r"--scenarios needs a notebook with a 'scenario' parameter \(04, 05, 06"):
        sweep.scenario_runs("all", find("02"))


def test_a_large_sweep_needs_yes(tmp_path):
    grid = write(tmp_path, "days: [" + ", ".join(str(d) for d in range(1, 502)) + "]\n")
    with pytest.raises(ParameterError, match="grid.yaml has 501 runs, more than 500; add --yes to start it"):
        sweep.read_grid(grid, find("02"))
    runs = sweep.read_grid(grid, find("02"), yes=True)
    with pytest.raises(ParameterError, match="this sweep has 501 runs, more than 500; add --yes"):
        sweep.run_sweep(find("02"), runs, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_run_count_comes_from_the_grids_shape_before_any_run_is_built(tmp_path):
    """64 million runs in 500 bytes, every utilization out of range: refused by their number alone (building and
    checking them one by one would take hours and gigabytes)."""
    values = "[" + ", ".join(str(v) for v in range(1, 21)) + "]"
    names = ("n_gpus", "days", "utilization", "n_images", "epochs", "gflop_per_image")
    grid = write(tmp_path, "".join(f"{name}: {values}\n" for name in names))
    with pytest.raises(ParameterError, match=r"grid.yaml has 64,000,000 runs; a sweep may have at most 10,000"):
        sweep.read_grid(grid, find("02"), yes=True)


def test_failed_run_does_not_stop_the_others_and_rerun_redoes_only_it(tmp_path):
    tiny = tiny_notebook(tmp_path)
    runs = [sweep.Run("pue=0.5", tiny.parameters(pue=0.5)), sweep.Run("pue=1.1", tiny.parameters(pue=1.1))]
    out = tmp_path / "sweep"
    results = sweep.run_sweep(tiny, runs, out, jobs=2)
    assert [r.ok for r in results] == [False, True]
    assert results[0].error == "ParameterError: pue must be a number in [1, inf) (got 0.5)"
    summary = pd.read_csv(out / "summary.csv").set_index("run")
    assert summary.loc["pue=0.5", "status"] == "failed" and summary.loc["pue=1.1", "status"] == "complete"
    assert summary.loc["pue=0.5", "error"] == "ParameterError: pue must be a number in [1, inf) (got 0.5)"
    assert summary.loc["pue=1.1", "recomputed:kwh"] == pytest.approx(1.1 * 10 * 1000 / 1000)  # Eq. 1
    assert (out / "pue=1.1" / "ledger.csv").is_file() and (out / "pue=0.5.failed").is_dir()
    assert not (out / "pue=0.5").exists() and not list(out.glob("*.partial*"))
    again = sweep.run_sweep(tiny, runs, out)
    assert [r.skipped for r in again] == [False, True]
    forced = sweep.run_sweep(tiny, runs, out, force=True)
    assert [r.skipped for r in forced] == [False, False]


@pytest.mark.slow
def test_sweep_command_prints_one_line_per_failure_and_a_total(tmp_path):
    grid = write(tmp_path, "runs:\n  - name: good\n    dataset: bundled\n  - name: broken\n    start: 2021-06-01\n")
    done = mlfootprint("sweep", "03", "--grid", grid, "--out", "sweep", cwd=tmp_path)
    assert done.returncode == 1
    assert ("failed  broken {'start': '2021-06-01'}: ParameterError: language models in the window: at least 3 "
            "points") in done.stderr
    assert "1 of 2 runs complete (0 kept from before)" in done.stdout


@pytest.mark.slow
def test_sweep_on_a_dask_cluster(tmp_path):
    import distributed  # pinned in requirements-lock.txt: make installs it

    tiny = tiny_notebook(tmp_path)
    runs = [sweep.Run("pue=1.1", tiny.parameters(pue=1.1)), sweep.Run("pue=1.58", tiny.parameters(pue=1.58))]
    out = tmp_path / "sweep"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as cluster:
        results = sweep.run_sweep(tiny, runs, out, scheduler=cluster.scheduler_address)
    assert all(r.ok for r in results), [r.error for r in results]
    summary = pd.read_csv(out / "summary.csv").set_index("run")
    assert list(summary["status"]) == ["complete", "complete"]
    assert summary["recomputed:kwh"].to_dict() == pytest.approx({"pue=1.1": 11.0, "pue=1.58": 15.8})  # Eq. 1


def test_an_unreachable_scheduler_is_one_line_before_any_work(tmp_path):
    done = mlfootprint("sweep", "05", "--scenarios", "all", "--out", tmp_path / "s", "--scheduler",
                       "tcp://127.0.0.1:9", timeout=60)
    assert done.returncode == 2 and "--scheduler tcp://127.0.0.1:9: no answer within 3 s" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not (tmp_path / "s").exists()


@pytest.mark.parametrize("answer", [b"", b"SSH-2.0-OpenSSH_9.2\r\n" * 4], ids=["silent", "another service"])
def test_a_listener_that_is_not_a_dask_scheduler_is_one_line_before_any_work(tmp_path, answer):
    """A port that accepts connections but stays silent, or speaks another protocol: refused in one line, in
    bounded time, with nothing written (the handshake runs in a child that is stopped)."""
    import socket
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            accepted.append(connection)
            if answer:
                connection.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    try:
        done = mlfootprint("sweep", "05", "--scenarios", "all", "--out", tmp_path / "s", "--scheduler", address,
                           timeout=60)
    finally:
        server.close()
        for connection in accepted:
            connection.close()
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not (tmp_path / "s").exists()
    assert done.stderr.startswith(f"mlfootprint sweep: --scheduler {address}: ") or f"--scheduler {address}: " in \
        done.stderr
    assert "Dask scheduler" in done.stderr

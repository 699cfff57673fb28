"""`mlfootprint sweep` as a user runs it: grids and scenarios, failures that do not stop the others, skipping of
complete runs, refusal of unknown names before anything runs, and a Dask cluster on loopback."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from mlfootprint import sweep
from mlfootprint.checks import ParameterError
from mlfootprint.paths import ROOT

MLFOOTPRINT = Path(sys.executable).with_name("mlfootprint")
COMPARISONS = "05-co2e-comparisons"


def mlfootprint(*args):
    return subprocess.run([str(MLFOOTPRINT), *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


@pytest.fixture(scope="module")
def defaults():
    return sweep.parameters_of(COMPARISONS)


def write(tmp_path, text, name="grid.yaml"):
    (tmp_path / name).write_text(text)
    return tmp_path / name


def test_grid_is_the_product_of_the_lists(tmp_path, defaults):
    runs = sweep.read_grid(write(tmp_path, "pue: [1.1, 1.58]\nunit: [lb, kg]\nscenario: us-2023\n"), defaults)
    assert len(runs) == 4
    assert {r.name for r in runs} == {"pue=1.1_scenario=us-2023_unit=lb", "pue=1.1_scenario=us-2023_unit=kg",
                                      "pue=1.58_scenario=us-2023_unit=lb", "pue=1.58_scenario=us-2023_unit=kg"}


def test_named_runs_with_unsafe_names_stay_inside(tmp_path, defaults):
    runs = sweep.read_grid(write(tmp_path, "runs:\n  - name: ../../escape\n    pue: 1.1\n  - unit: kg\n"), defaults)
    assert [r.name for r in runs] == ["escape", "unit=kg"]
    assert runs[0].parameters == {"pue": 1.1}


@pytest.mark.parametrize("text, message", [
    ("puee: [1.1]\n", r"unknown parameter in grid.yaml: 'puee'; expected one of lbs_per_kwh, pue, scenario, unit"),
    ("runs:\n  - pue: 1.1\n  - pu: 2\n", r"unknown parameter in grid.yaml, run 2: 'pu'"),
    ("- 1\n- 2\n", r"expected a mapping of parameter names to lists of values"),
    ("runs: []\n", r"'runs' must be the only key and hold a non-empty list"),
    ("pue: []\n", r"every parameter needs at least one value"),
    ("runs:\n  - name: a\n    pue: 1.1\n  - name: a\n    pue: 1.2\n", r"several runs would share the folder 'a'"),
    ("pue: [1.1\n", r"not valid YAML"),
    ("pue: !!python/object/apply:os.system ['true']\n", r"not valid YAML"),
])
def test_bad_grids_are_refused_before_anything_runs(tmp_path, defaults, text, message):
    with pytest.raises(ParameterError, match=message):
        sweep.read_grid(write(tmp_path, text), defaults)


def test_scenarios(defaults):
    runs = sweep.scenario_runs("all", defaults)
    assert [r.parameters["scenario"] for r in runs][:3] == ["strubell-2019", "us-2023", "hyperscale"]
    assert len(sweep.scenario_runs("france-2023, sweden-2023", defaults)) == 2
    with pytest.raises(ParameterError, match=r"--scenarios must be 'all' or names from data/scenarios.csv"):
        sweep.scenario_runs("atlantis", defaults)
    with pytest.raises(ParameterError, match=r"--scenarios needs a notebook with a 'scenario' parameter"):
        sweep.scenario_runs("all", sweep.parameters_of("02-alexnet-worked-example"))


def tiny_notebook(folder: Path) -> Path:
    """A notebook with a `pue` parameter that fails below 1 and writes a one-claim ledger (fast to run)."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("pue = 1.58", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "from mlfootprint import energy\n"
            "from mlfootprint.results import output_dir\n"
            "kwh = energy.energy_kwh(10, 1000, pue)\n"
            "(output_dir('tiny') / 'claims.csv').write_text(f'claim_id,recomputed\\nkwh,{kwh}\\n')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "tiny.ipynb")
    return folder / "tiny.ipynb"


def test_failed_run_does_not_stop_the_others_and_rerun_redoes_only_it(tmp_path):
    notebook, grid = tiny_notebook(tmp_path), write(tmp_path, "pue: [0.5, 1.1]\n")
    out = tmp_path / "sweep"
    done = mlfootprint("sweep", notebook, "--grid", grid, "--out", out, "--jobs", "2")
    assert done.returncode == 1
    assert "failed  pue=0.5 {'pue': 0.5}: ParameterError: pue must be a number in [1, inf) (got 0.5)" in done.stderr
    summary = pd.read_csv(out / "summary.csv").set_index("run")
    assert summary.loc["pue=0.5", "status"] == "failed" and summary.loc["pue=1.1", "status"] == "complete"
    assert summary.loc["pue=1.1", "recomputed:kwh"] == pytest.approx(1.1 * 10 * 1000 / 1000)  # Eq. 1
    assert (out / "pue=1.1" / "claims.csv").is_file() and (out / "pue=0.5.failed").is_dir()
    assert not (out / "pue=0.5").exists() and not list(out.glob("*.partial"))
    again = mlfootprint("sweep", notebook, "--grid", grid, "--out", out)
    assert again.returncode == 1
    assert "1 of 2 runs complete (1 kept from before)" in again.stdout
    forced = mlfootprint("sweep", notebook, "--grid", grid, "--out", out, "--force")
    assert "1 of 2 runs complete (0 kept from before)" in forced.stdout


def test_sweep_on_a_dask_cluster(tmp_path):
    import distributed  # pinned in requirements-lock.txt: make installs it

    notebook, grid = tiny_notebook(tmp_path), write(tmp_path, "pue: [1.1, 1.58]\n")
    out = tmp_path / "sweep"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as cluster:
        done = mlfootprint("sweep", notebook, "--grid", grid, "--out", out, "--scheduler", cluster.scheduler_address)
    assert done.returncode == 0, done.stderr
    summary = pd.read_csv(out / "summary.csv").set_index("run")
    assert list(summary["status"]) == ["complete", "complete"]
    assert summary["recomputed:kwh"].to_dict() == pytest.approx({"pue=1.1": 11.0, "pue=1.58": 15.8})  # Eq. 1

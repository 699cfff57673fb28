"""`mlfootprint run`, `build` and `params` as a user calls them: parameters reach the notebook, bad input gets one
line before any kernel starts, complete runs are reused only when nothing they depend on changed, and a failing or
interrupted run never loses or fakes another run's results."""

import json
import subprocess
import sys

import nbformat
import pandas as pd
import pytest
from helpers import FIXTURES, mlfootprint, tiny_notebook

from mlfootprint.checks import ParameterError
from mlfootprint.tools import folders, runner
from mlfootprint.tools.cli import parse_value
from mlfootprint.tools.fingerprint import fingerprint

ALEXNET = "02-alexnet-worked-example"


def test_run_with_non_default_parameters_follows_the_formula(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("days: 6\nutilization: 0.2\nn_images: 1.2e6\n")  # 1.2e6: a number, as with -p
    out = tmp_path / "run"
    done = mlfootprint("run", "02", "-f", params, "-p", "utilization", "0.5", "-p", "gpu", "V100 SXM2",
                       "--out", out)
    assert done.returncode == 0, done.stderr
    assert {"ledger.csv", "estimates.csv", "run.json", f"{ALEXNET}.ipynb", "figures.json",
            "alexnet-compute-two-methods.png", "alexnet-compute-two-methods.svg"} <= {p.name for p in out.iterdir()}
    estimates = pd.read_csv(out / "estimates.csv", index_col="method")
    # -p overrides -f: 2 GPUs x V100 SXM2 1.567e13 FLOP/s (data/hardware.csv) x 6 days x 0.5
    assert estimates.loc["GPU time (method 2)", "flop"] == pytest.approx(2 * 1.567e13 * 6 * 86_400 * 0.5)
    assert estimates.loc["counting operations (method 1)", "flop"] == pytest.approx(1.2e6 * 90 * 0.75e9 * 6)
    injected = [c for c in nbformat.read(out / f"{ALEXNET}.ipynb", as_version=4).cells
                if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "utilization = 0.5" in injected[0].source
    record = json.loads((out / "run.json").read_text())
    assert record["parameters"] == {"days": 6.0, "gpu": "V100 SXM2", "utilization": 0.5}
    assert set(record["fingerprint"]) == {"notebook", "package", "data", "versions"}
    assert set(record["fingerprint"]["data"]) == {"hardware.csv", "ai_and_compute.csv", "claims.csv"}


@pytest.mark.parametrize("args, message", [
    (("-p", "utilization", "1.5"), "utilization must be a number in (0, 1] (got 1.5)"),
    (("-p", "utilisation", "0.5"), "unknown parameter 'utilisation'; did you mean 'utilization'?"),
    (("-p", "gpu", "GTX 9999"), "gpu must be one of the 38 names in data/hardware.csv (got 'GTX 9999')"),
    (("-p", "n_images", "1e300"), "n_images must be a number in [1, 1e+12] (got 1e+300)"),
])
def test_bad_input_is_one_line_before_any_kernel_starts(tmp_path, args, message):
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "mlfootprint.tools.cli", "run", "02", *args,
                           "--out", tmp_path / "run"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("import time:")]
    assert len(lines) == 1 and message in lines[0], done.stderr
    assert lines[0].startswith("mlfootprint run: ParameterError: ")
    assert list(tmp_path.iterdir()) == [], "nothing is written"
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert not imported & {"pandas", "numpy", "matplotlib", "papermill", "nbformat", "IPython", "jupyter_client"}, (
        "the check ran after heavy imports: it must come before anything that starts a kernel")


def test_params_lists_every_parameter_with_default_unit_allowed_and_help():
    done = mlfootprint("params", "02")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("02-alexnet-worked-example (AlexNet example)")
    assert "  utilization = 0.33  (fraction)\n      share of peak FLOP/s achieved" in done.stdout
    assert "      allowed: a number in (0, 1]" in done.stdout
    assert "  n_images = 1.2e+06  (images)" in done.stdout


@pytest.mark.parametrize("args, message", [
    (("run", "99"), "notebook '99' not found; expected a number, stem or path of one of: 01 (01-ai-and-compute)"),
    (("build", "--jobs", "0"), "--jobs must be a whole number >= 1 (got 0)"),
    (("run", "02", "--engine", "magic"), "--engine must be one of"),
])
def test_usage_errors_are_one_line(args, message):
    done = mlfootprint(*args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr, done.stderr


@pytest.mark.parametrize("text, message", [
    ("- days\n- 6\n", "expected a mapping of parameter names to values"),
    ("days: 6\ndays: 7\n", "line 2: the key 'days' is given twice"),
    ("a: &x [1, 2]\nb: *x\n", "YAML aliases (*x) are not accepted"),
    ("days: [6\n", "not valid YAML"),
])
def test_bad_parameter_files(tmp_path, text, message):
    params = tmp_path / "params.yaml"
    params.write_text(text)
    done = mlfootprint("run", "02", "-f", params, "--out", tmp_path / "run")
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert not (tmp_path / "run").exists()


def test_a_parameter_file_that_is_not_utf8(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_bytes("gpu: 'GTX 580 \u00e9'\n".encode("latin-1"))
    done = mlfootprint("run", "02", "-f", params)
    assert done.returncode == 2 and "params.yaml: not UTF-8" in done.stderr


@pytest.mark.parametrize("text, value", [
    ("2", "2"), ("1e6", "1e6"), ("[language, vision]", ["language", "vision"]), ("GTX 580", "GTX 580"),
])
def test_command_line_values_are_text_or_lists(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize("text, value", [("1e6", 1e6), ("1.2e6", 1.2e6), ("-3e-2", -0.03), ("2.5E0", 2.5), ("7", 7)])
def test_numbers_read_the_same_from_text_and_files(text, value):
    from mlfootprint.parameters import Spec, convert

    assert convert("x", text, Spec("float", "", "", low=-1, high=1e7)) == value


def test_build_keeps_good_runs_when_one_fails(tmp_path):
    good = tiny_notebook(tmp_path, "91-good")
    bad = tiny_notebook(tmp_path, "92-bad", body="raise RuntimeError('boom')")
    out = tmp_path / "out"
    folders.make_folder(out, "build")
    tasks = [runner.Task(n, n.parameters(), out / n.stem) for n in (good, bad)]
    results = runner.run_many(tasks, jobs=2)
    assert [r.ok for r in results] == [True, False]
    assert (out / "91-good" / "ledger.csv").read_text() == "claim_id,recomputed\nkwh,15.8\n"
    assert results[1].error == "RuntimeError: boom"
    assert (out / "92-bad.failed" / "92-bad.ipynb").is_file() and not (out / "92-bad").exists()
    assert not list(out.glob("*.partial*"))


def test_a_failed_run_never_removes_an_earlier_complete_one(tmp_path, tiny):
    out = tmp_path / "out" / "run"
    first = runner.run_many([runner.Task(tiny, tiny.parameters(), out)])
    assert first[0].ok
    again = runner.run_many([runner.Task(tiny, tiny.parameters(pue=0.5), out)])
    assert again[0].error.startswith("ParameterError: pue must be a number in [1, inf)")
    assert (out / "ledger.csv").read_text() == "claim_id,recomputed\nkwh,15.8\n"
    assert (out.with_name("run.failed") / "run.json").is_file()


def test_complete_runs_are_kept_only_while_nothing_they_depend_on_changes(tmp_path, tiny, monkeypatch):
    out = tmp_path / "run"

    def once(**changes):
        [result] = runner.run_many([runner.Task(tiny, tiny.parameters(**changes), out)], force=False)
        assert result.ok, result.error
        return "kept" if result.skipped else result.reason

    assert once() == "new"
    assert once() == "kept"
    assert once(pue=1.1) == "parameters changed"
    monkeypatch.setattr(runner, "package_hash", lambda: "another package")
    assert once(pue=1.1) == "package changed"
    monkeypatch.setattr(runner, "versions", lambda: {"numpy": "0.0"})
    assert once(pue=1.1) == "versions changed"
    doc = nbformat.read(tiny.path, as_version=4)
    doc.cells[1].source += "\nprint('changed')"
    nbformat.write(doc, tiny.path)
    assert once(pue=1.1) == "notebook changed"
    assert once(pue=1.1) == "kept"


def test_data_files_and_datasets_are_part_of_the_fingerprint(tmp_path):
    from mlfootprint.catalogue import find

    notebook = find("03")
    parameters = notebook.parameters(dataset=str(FIXTURES / "epoch_notable_models_synthetic.csv"))
    printed = fingerprint(notebook, parameters, tmp_path, "p", {})
    assert set(printed["data"]) == {"parameter_counts.csv", "source_facts.csv", "claims.csv", "dataset"}


def test_folder_names_are_safe_and_distinct():
    assert folders.folder_name({}) == "default"
    assert folders.folder_name({"gpu": "V100", "days": 6}) == "days=6_gpu=V100"
    hostile = folders.folder_name({"gpu": "../../etc/passwd", "x": "/abs"})
    assert "/" not in hostile and not hostile.startswith(".")
    assert folders.folder_name({"dataset": "a/b.csv"}) != folders.folder_name({"dataset": "a b.csv"})
    long_a, long_b = folders.folder_name({"gpu": "a" * 200}), folders.folder_name({"gpu": "a" * 199})
    assert len(long_a) <= 80 and long_a != long_b


def test_store_refuses_non_default_parameters(tiny, tmp_path):
    with pytest.raises(ParameterError, match="only a run with default parameters"):
        runner.run_many([runner.Task(tiny, tiny.parameters(pue=1.1), tmp_path / "x")], store=True)


@pytest.mark.slow
def test_modern_data_centre_run_follows_eq1_and_eq2(tmp_path):
    """Issue #4: -p pue 1.1 -p lbs_per_kwh 0.815 gives what Eq. 1 and Eq. 2 give for those values."""
    out = tmp_path / "run"
    done = mlfootprint("run", "04", "-p", "pue", "1.1", "-p", "lbs_per_kwh", "0.815", "--out", out)
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "table3.csv").dropna(subset=["power_w"])
    assert len(table) == 5
    kwh = 1.1 * table["hours"] * table["power_w"] / 1000  # Eq. 1
    pd.testing.assert_series_equal(table["kwh_pue"], kwh, check_names=False)
    pd.testing.assert_series_equal(table["co2e_lb"], 0.815 * kwh, check_names=False)  # Eq. 2
    nas = table[(table["model"] == "NAS")].iloc[0]
    assert nas["co2e_lb"] == pytest.approx(1.1 * 274_120 * 1515.43 / 1000 * 0.815)


@pytest.mark.slow
def test_a_dataset_path_is_read_from_the_users_working_folder(tmp_path):
    """Issue #3: -p dataset PATH re-runs a trend notebook on Epoch's CSV format; the path is relative to where the
    user runs the command."""
    (tmp_path / "mine.csv").write_bytes((FIXTURES / "epoch_notable_models_synthetic.csv").read_bytes())
    done = mlfootprint("run", "03", "-p", "dataset", "mine.csv", "-p", "start", "1950", "-p", "n_bootstrap", "200",
                       "--out", "run", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    models = pd.read_csv(tmp_path / "run" / "models.csv")
    assert set(models["domain"]) == {"language", "vision"} and "CLIP (ViT L/14@336px)" in set(models["system"])


def test_a_notebook_whose_parameters_cell_was_edited_is_refused_before_any_run(tmp_path):
    """A student's edit saved from JupyterLab never passes as the article's defaults (issue #23)."""
    import shutil
    from dataclasses import replace

    from mlfootprint.catalogue import find

    notebook = replace(find("05"), folder=tmp_path)
    shutil.copy(find("05").path, notebook.path)
    edited = notebook.path.read_text().replace("scenario = 'strubell-2019'", "scenario = 'france-2023'")
    notebook.path.write_text(edited)
    with pytest.raises(ParameterError, match=r"05-co2e-comparisons.ipynb: its parameters cell was edited \(scenario = "
                                             r"'france-2023'\), .* mlfootprint run 05 -p scenario 'france-2023'$"):
        runner.plan([runner.Task(notebook, notebook.parameters(), tmp_path / "out")])
    assert not (tmp_path / "out").exists()

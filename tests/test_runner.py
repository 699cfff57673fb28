"""`mlfootprint run` and `build` as a user calls them: parameters reach the notebook, bad input gives one line,
and a failing run never loses or fakes another run's results."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from mlfootprint import runner
from mlfootprint.cli import parse_value
from mlfootprint.paths import ROOT

MLFOOTPRINT = Path(sys.executable).with_name("mlfootprint")
ALEXNET = "02-alexnet-worked-example"


def mlfootprint(*args, cwd=ROOT):
    return subprocess.run([str(MLFOOTPRINT), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_run_with_non_default_parameters_follows_the_formula(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("days: 6\nutilization: 0.2\n")
    out = tmp_path / "run"
    done = mlfootprint("run", ALEXNET, "-f", params, "-p", "utilization", "0.5", "-p", "gpu", "V100 SXM2",
                       "--out", out)
    assert done.returncode == 0, done.stderr
    assert {"claims.csv", "estimates.csv", "parameters.json", f"{ALEXNET}.ipynb",
            "alexnet-compute-two-methods.png", "alexnet-compute-two-methods.svg"} <= {p.name for p in out.iterdir()}
    estimates = pd.read_csv(out / "estimates.csv", index_col="method")
    # -p overrides -f: 2 GPUs x V100 SXM2 1.567e13 FLOP/s (data/hardware.csv) x 6 days x 0.5
    assert estimates.loc["GPU time (method 2)", "flop"] == pytest.approx(2 * 1.567e13 * 6 * 86_400 * 0.5)
    assert estimates.loc["counting operations (method 1)", "flop"] == pytest.approx(1.2e6 * 90 * 0.75e9 * 6)
    ledger = pd.read_csv(out / "claims.csv", index_col="claim_id")
    assert ledger.loc["alexnet-article-flop", "verdict"] == "differs"
    injected = [c for c in nbformat.read(out / f"{ALEXNET}.ipynb", as_version=4).cells
                if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "utilization = 0.5" in injected[0].source
    assert str(tmp_path) not in (out / f"{ALEXNET}.ipynb").read_text().replace(f'"{out}', "")


def test_bad_value_stops_with_one_line_and_no_complete_folder(tmp_path):
    out = tmp_path / "run"
    done = mlfootprint("run", ALEXNET, "-p", "gpu", "GTX 9999", "--out", out)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "ParameterError: gpu must be one of 'GTX 580'" in lines[0] and "(got 'GTX 9999')" in lines[0]
    assert "Traceback" not in done.stderr
    assert not out.exists(), "a failed run must not look complete"
    assert (tmp_path / "run.failed" / f"{ALEXNET}.ipynb").exists()


def test_unknown_parameter_is_refused_before_anything_runs(tmp_path):
    done = mlfootprint("run", ALEXNET, "-p", "utilisation", "0.5", "--out", tmp_path / "run")
    assert done.returncode == 1
    assert "unknown parameter 'utilisation'; expected one of days, epochs" in done.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("args, message", [
    (("run", "99-nothing"), "notebook '99-nothing' not found; expected a path or one of: 01-ai-and-compute, "
                              "02-alexnet-worked-example, 03-model-size-growth, 04-strubell-energy-table, "
                              "05-co2e-comparisons, 06-sparse-vs-deep-learning, 07-what-if-today"),
    (("build", "--jobs", "0"), "--jobs must be a whole number >= 1 (got 0)"),
])
def test_usage_errors_are_one_line(args, message):
    done = mlfootprint(*args)
    assert done.returncode == 2
    assert done.stderr.strip() == f"mlfootprint {args[0]}: ParameterError: {message}"


def test_bad_parameter_file(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("- days\n- 6\n")
    done = mlfootprint("run", ALEXNET, "-f", params)
    assert done.returncode == 2
    assert "params.yaml: expected a mapping of parameter names to values" in done.stderr


def write_notebook(path: Path, body: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("name = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_build_keeps_good_runs_when_one_fails(tmp_path, monkeypatch):
    good = write_notebook(tmp_path / "01-good.ipynb", (
        "from mlfootprint.results import output_dir\n"
        "(output_dir('01-good') / 'result.csv').write_text('value\\n42\\n')"
    ))
    bad = write_notebook(tmp_path / "02-bad.ipynb", "raise RuntimeError('boom')")
    monkeypatch.setattr(runner, "notebooks", lambda: [good, bad])
    out = tmp_path / "out"
    (out / "02-bad").mkdir(parents=True)  # an earlier complete run of the bad notebook is not kept as if current
    results = runner.build(out, jobs=2)
    assert [r.ok for r in results] == [True, False]
    assert (out / "01-good" / "result.csv").read_text() == "value\n42\n"
    assert results[1].error == "RuntimeError: boom"
    assert not (out / "02-bad").exists() and (out / "02-bad.failed").is_dir()
    assert not list(out.glob("*.partial"))
    assert json.loads((out / "01-good" / "parameters.json").read_text()) == {"notebook": "01-good", "parameters": {}}


def test_folder_names_are_safe_and_distinct():
    assert runner.folder_name({}) == "default"
    assert runner.folder_name({"gpu": "V100 SXM2", "days": 6}) == "days=6_gpu=V100-SXM2"
    hostile = runner.folder_name({"gpu": "../../etc/passwd", "x": "/abs"})
    assert "/" not in hostile and not hostile.startswith(".")
    long_a = runner.folder_name({"gpu": "a" * 200})
    long_b = runner.folder_name({"gpu": "a" * 199})
    assert len(long_a) <= 80 and long_a != long_b


@pytest.mark.parametrize("text, value", [
    ("2", 2), ("0.5", 0.5), ("1e6", 1e6), ("true", True), ("none", None), ("GTX 580", "GTX 580"),
    ("[language, vision]", ["language", "vision"]), ("auto", "auto"),
])
def test_command_line_values(text, value):
    assert parse_value(text) == value


def test_store_refuses_non_default_parameters():
    with pytest.raises(runner.ParameterError, match="only a run with default parameters"):
        runner.run_notebook(ALEXNET, {"days": 6}, store=True)


@pytest.fixture(autouse=True)
def _no_results_left_in_repo():
    before = set((ROOT / "results" / "runs").glob("*")) if (ROOT / "results" / "runs").exists() else set()
    yield
    after = set((ROOT / "results" / "runs").glob("*")) if (ROOT / "results" / "runs").exists() else set()
    for extra in after - before:
        shutil.rmtree(extra)


def test_modern_data_centre_run_follows_eq1_and_eq2(tmp_path):
    """Issue #4: -p pue 1.1 -p lbs_per_kwh 0.815 gives what Eq. 1 and Eq. 2 give for those values."""
    out = tmp_path / "run"
    done = mlfootprint("run", "04-strubell-energy-table", "-p", "pue", "1.1", "-p", "lbs_per_kwh", "0.815",
                       "--out", out)
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "table3.csv").dropna(subset=["power_w"])
    assert len(table) == 5
    kwh = 1.1 * table["hours"] * table["power_w"] / 1000  # Eq. 1
    pd.testing.assert_series_equal(table["kwh_pue"], kwh, check_names=False)
    pd.testing.assert_series_equal(table["co2e_lb"], 0.815 * kwh, check_names=False)  # Eq. 2
    nas = table[(table["model"] == "NAS")].iloc[0]
    assert nas["co2e_lb"] == pytest.approx(1.1 * 274_120 * 1515.43 / 1000 * 0.815)


def test_trend_notebook_runs_on_an_epoch_csv(tmp_path):
    """Issue #3: -p dataset PATH re-runs a trend notebook on Epoch's CSV format."""
    out = tmp_path / "run"
    fixture = ROOT / "tests" / "fixtures" / "epoch_notable_models_synthetic.csv"
    done = mlfootprint("run", "03-model-size-growth", "-p", "dataset", fixture, "-p", "start", "1950",
                       "-p", "n_bootstrap", "200", "--out", out)
    assert done.returncode == 0, done.stderr
    models = pd.read_csv(out / "models.csv")
    assert set(models["domain"]) == {"language", "vision"} and "CLIP (ViT L/14@336px)" in set(models["system"])
    ledger = pd.read_csv(out / "claims.csv", index_col="claim_id")
    assert ledger.loc["villalobos-4-0-months", "explanation"].startswith("this fit pools the")

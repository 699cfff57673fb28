"""The sparse-modeling claim: its consistency arithmetic and a quick measured run (issue #5)."""

import os

import pytest

from mlfootprint.analyses import sparse_vs_deep_learning as sparse
from mlfootprint.checks import ParameterError

# HACARUS Vol.18 (2022): 20 minutes instead of 100, about 1 % of the energy
CLAIM = dict(sparse_minutes=20, dl_minutes=100, energy_ratio=0.01, run_experiment=True, repeats=5, n_samples=1797,
             seed=0, l1_C=0.1, mlp_hidden=256, mlp_max_iter=300, scenario="us-2023", lbs_per_kwh=None)


def test_claim_implies_twenty_times_lower_average_power():
    implied = sparse.Steps(sparse.Parameters(**CLAIM)).consistency["value"]
    assert implied["times faster"] == pytest.approx(5)
    assert implied["times less energy"] == pytest.approx(100)
    assert implied["times lower average power"] == pytest.approx(20)


def test_claims_are_not_checkable_and_say_why():
    ledger = sparse.Steps(sparse.Parameters(**CLAIM)).ledger.set_index("claim_id")
    assert (ledger["verdict"] == "not checkable").all()
    assert "20x lower average power" in ledger.at["sparse-1-percent-energy", "explanation"]
    assert "is 5x, consistent with the claim" in ledger.at["sparse-4-5x-faster", "explanation"]


def test_measured_runs_on_a_tiny_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # CodeCarbon must write nothing into the working directory
    params = sparse.Parameters(**{**CLAIM, "n_samples": 200, "mlp_hidden": 16, "mlp_max_iter": 20, "repeats": 3})
    run = sparse.Steps(params)
    measured = run.measurements
    assert measured[["model", "run"]].values.tolist() == [[m, r] for m in (sparse.SPARSE, sparse.DEEP)
                                                          for r in (1, 2, 3)]
    learned = run.outcomes  # the same model in every run: one row per model
    assert list(learned.index) == [sparse.SPARSE, sparse.DEEP]
    assert learned["accuracy"].between(0, 1).all()
    assert (learned["nonzero_weights"] <= learned["total_weights"]).all()
    assert learned.at[sparse.DEEP, "total_weights"] == 64 * 16 + 16 * 10  # digits: 64 pixels, 10 classes
    assert learned.at[sparse.SPARSE, "total_weights"] == 64 * 10
    assert not learned.at[sparse.DEEP, "converged"]  # 20 epochs: reported, not warned about
    assert (measured[["wall_s", "cpu_s", "energy_kwh", "co2e_g"]] >= 0).all().all()
    assert "CPU:" in measured["method"].iloc[0]
    # CO2e with the package's grid factor (us-2023: 369.473 g CO2e/kWh, Ember 2023 via data/scenarios.csv)
    assert measured["co2e_g"].to_numpy() == pytest.approx(measured["energy_kwh"].to_numpy() * 369.473)
    summary = run.spread
    assert list(summary.index) == [(m, q) for m in (sparse.SPARSE, sparse.DEEP) for q in sparse.MEASURED_COLUMNS]
    assert (summary["runs"] == 3).all()
    assert ((summary["min"] <= summary["median"]) & (summary["median"] <= summary["max"])).all()
    assert summary.loc[(sparse.DEEP, "wall_s"), "max"] == measured.loc[measured["model"] == sparse.DEEP, "wall_s"].max()
    again = sparse.Steps(params).outcomes
    assert again[["accuracy", "nonzero_weights"]].equals(learned[["accuracy", "nonzero_weights"]])
    assert os.listdir(tmp_path) == []


def test_the_energy_method_says_estimated_unless_counters_measured():
    assert sparse.estimated("RAM: constant estimate; CPU: power model: TDP x CPU load (estimated, not measured)")
    assert not sparse.estimated("CPU: Intel RAPL energy counters (measured); GPU: measured")


@pytest.mark.parametrize("changes, message", [
    (dict(sparse_minutes=0), r"^sparse_minutes must be a number in \(0, 1,000,000\] \(got 0\)$"),
    (dict(run_experiment="yes"), r"^run_experiment must be True or False \(got 'yes'\)$"),
    (dict(n_samples=5000), r"^n_samples must be a whole number in \[100, 1,797\] \(got 5000\); scikit-learn's digits hold 1,797 images$"),
    (dict(l1_C=-1), r"^l1_C must be a number in \(0, 1,000,000\] \(got -1\)"),
    (dict(mlp_hidden=0), r"^mlp_hidden must be a whole number in \[1, 100,000\] \(got 0\)"),
    (dict(repeats=1), r"^repeats must be a whole number in \[3, 100\] \(got 1\)"),
    (dict(scenario="mars"), r"^scenario must be one of "),
])
def test_bad_parameters(changes, message):
    with pytest.raises(ParameterError, match=message):
        sparse.Parameters(**{**CLAIM, **changes})


def _claim_figure(**changes):
    params = sparse.Parameters(**{**CLAIM, "run_experiment": False, **changes})
    return sparse.figure_claim(params, sparse.as_claimed(params))


@pytest.mark.parametrize("changes, ours, theirs", [
    (dict(energy_ratio=0.2), "energy ratio", "training times"),
    (dict(sparse_minutes=30), "sparse modeling's time", "deep learning's time and energy ratio"),
])
def test_the_claim_title_says_which_numbers_are_the_run_s_and_which_the_vendor_s(changes, ours, theirs):
    title = " ".join(_claim_figure(**changes)._suptitle.get_text().split())
    assert f"this run's {ours};" in title and title.endswith(f"the vendor's {theirs}")
    title = " ".join(_claim_figure(energy_ratio=0.2, sparse_minutes=30, dl_minutes=40)._suptitle.get_text().split())
    assert "this run's training times and energy ratio" in title and "none of them the vendor's" in title


def test_a_tiny_bar_shows_with_its_value_and_each_axis_has_one_tick_form():
    fig = _claim_figure(energy_ratio=0.0001, sparse_minutes=1e6, dl_minutes=1)
    fig.canvas.draw()
    for ax in fig.axes:
        tallest = max(bar.get_height() for bar in ax.patches)
        assert all(bar.get_height() >= tallest * 0.0099 for bar in ax.patches)  # at least 1 % of the tallest
        ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text() not in ("", "0")]
        assert len({"\u00d7" in t for t in ticks}) == 1, ticks  # never "1×10⁶" beside "800,000"
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "1 min" in texts and "0.01 %" in texts  # the true values, written above the raised bars
    assert "drawn at 1 % so that it shows" in " ".join(fig.get_supxlabel().split())
    assert "drawn at" not in _claim_figure().get_supxlabel()  # the claim's 1 % bar is drawn as it is

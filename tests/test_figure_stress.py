"""Every notebook's figures over the runs users make besides the defaults (issue #21): other datasets (Epoch AI's
snapshot, and the fixtures of both of Epoch's schemas) and windows, other hardware and days, every factor given,
other scenarios and countries, extreme but allowed values. Each figure is drawn (not saved) and checked as the
default figures are (`plotting.checks.problems`: no overlapping or cut-off text, no legend over data or with an
empty entry, two tick labels on every numeric axis, no value label reading "0", no mark outside its axes), and its
title, caption and legends name what the run did."""

import os

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import EXACT, FIXTURES
from mlfootprint.analyses import sparse_vs_deep_learning
from mlfootprint.catalogue import find
from mlfootprint.paths import DATA_DIR
from mlfootprint.plotting import checks

matplotlib.use("Agg")
matplotlib.rcParams["figure.max_open_warning"] = 0  # every stress run's figures are kept open to be checked

SNAPSHOT = str(DATA_DIR / "epoch_notable_ai_models_2024-12.csv")
NEW = str(FIXTURES / "epoch_notable_models_new_schema.csv")
OLD = str(FIXTURES / "epoch_notable_models_old_schema.csv")

FAST = dict(n_bootstrap=100, seed=7)
"""Fewer bootstrap resamples than the default: the figures' layout does not depend on them, the test's time does."""
STRESS = {  # notebook: {what a user tries: parameters}
    "01": {"Epoch's snapshot to 2024, the break fitted": dict(dataset=SNAPSHOT, end="2024-12-31",
                                                              era_boundary="auto", **FAST),
           "a download in Epoch's new schema": dict(dataset=NEW, start="1950", end="2024", era_boundary="auto",
                                                    **FAST),
           "a short window": dict(start="1985-01-01", end="2016-12-31", era_boundary="2012-06-01", **FAST)},
    "02": {"an H100 for a day": dict(gpu="H100 SXM", days=1),
           "a minute at 1 %": dict(days=0.001, utilization=0.01, gflop_per_image=1e9, epochs=1e6),
           "eight V100 for six days": dict(gpu="V100 SXM2", n_gpus=8, days=6)},
    "03": {"Epoch's snapshot to 2024": dict(dataset=SNAPSHOT, end="2024-12-31", **FAST),
           "vision alone": dict(domains=["vision"], **FAST),
           "the window past the article": dict(end="2023-12-31", **FAST),
           "a download in Epoch's old schema": dict(dataset=OLD, start="1950", **FAST)},
    "04": {"hyperscale": dict(scenario="hyperscale"),
           "the largest PUE, grid and prices": dict(pue=5, lbs_per_kwh=5, price_per_hour_low=0.01,
                                                     price_per_hour_high=1000)},
    "05": {"kilograms": dict(unit="kg"),
           "Sweden at PUE 1": dict(scenario="sweden-2023", pue=1.0),
           "India, the largest PUE, in kg": dict(unit="kg", scenario="india-2023", pue=5),
           "India": dict(scenario="india-2023")},
    "06": {"20 % of the energy": dict(energy_ratio=0.2, run_experiment=False),
           "a million minutes against one": dict(energy_ratio=0.0001, sparse_minutes=1e6, dl_minutes=1,
                                                 run_experiment=False)},
    "07": {"France alone": dict(scenarios=["france-2023"]),
           "the paper's and Sweden's": dict(scenarios=["strubell-2019", "sweden-2023"])},
    "08": {"every factor given": dict(EXACT, price_per_kwh=0.1),
           "one TPU for 36 seconds": dict(hardware="TPU v4", count=1, hours=0.01),
           "a million chips for ten million hours": dict(count=1_000_000, hours=10_000_000),
           "France, hyperscale PUE, 100 samples": dict(country="FRA", pue=1.1, samples=100, seed=3)},
    "09": {"France's grid, to 2020": dict(grid="france-2023", end="2020-12-31", **FAST),
           "a download in Epoch's old schema": dict(dataset=OLD, **FAST),
           "from 2015, the world's grid": dict(start="2015-01-01", era_boundary="2018-01-01", grid="world",
                                               size_start="2016-01-01", **FAST)},
    "10": {"nothing added to the five cars": dict(five_cars_terms=None),
           "the manufacture alone, 100 samples": dict(five_cars_terms=["embodied"], samples=100, seed=5),
           "the rest of the servers alone": dict(five_cars_terms=["idle"], seed=1)},
}
CASES = [(number, name) for number, sets in STRESS.items() for name in sets]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Every stress run's figures, drawn once: {(notebook, name): {stem: Figure}}."""
    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("codecarbon"))  # CodeCarbon must write nothing into the project
    try:
        found = {}
        for number, name in CASES:
            notebook = find(number)
            run = notebook.steps(notebook.parameters(**STRESS[number][name]))
            found[number, name] = {"run": run, **dict(run.figures())}
    finally:
        os.chdir(here)
    yield found
    plt.close("all")


@pytest.mark.parametrize("number, name", CASES, ids=[f"{n} {name}" for n, name in CASES])
def test_every_figure_of_every_stress_run_can_be_read(drawn, number, name):
    figures = {stem: fig for stem, fig in drawn[number, name].items() if stem != "run"}
    assert figures
    for stem, fig in figures.items():
        found = {check: items for check, items in checks.problems(fig).items() if items}
        assert found == {}, stem
        assert fig.get_supxlabel().startswith("Data: ")


def _texts(fig) -> str:
    return " | ".join(text.get_text() for text in checks.drawn_texts(fig))


def test_the_figures_name_what_the_run_did(drawn):
    alexnet = drawn["02", "an H100 for a day"]["alexnet-compute-two-methods"]
    assert "GTX 580" not in alexnet.get_supxlabel() and "2 \u00d7 H100 SXM" in alexnet.get_supxlabel()
    assert "GPU time, 1 day, 2 \u00d7 H100 SXM" in _texts(alexnet) and "1 days" not in _texts(alexnet)
    assert "5-6 days" not in _texts(alexnet)  # the paper's range does not bracket one day: not drawn
    assert "5-6 days" in _texts(drawn["02", "eight V100 for six days"]["alexnet-compute-two-methods"])
    for stem in ("strubell-table3", "strubell-table3-bars"):
        assert "hyperscale" in drawn["04", "hyperscale"][stem]._suptitle.get_text()
    assert "under this run's assumptions" in _texts(drawn["04", "hyperscale"]["strubell-table3"])
    assert "india-2023" in drawn["05", "India"]["co2e-comparisons"]._suptitle.get_text()
    claim = drawn["06", "20 % of the energy"]["sparse-claim"]
    assert "as claimed" not in claim._suptitle.get_text() and "20 %" in _texts(claim)
    assert "0.01 %" in _texts(drawn["06", "a million minutes against one"]["sparse-claim"])
    exact = drawn["08", "every factor given"]
    assert "samples" not in _texts(exact["estimate-interval"]) and "exact" in _texts(exact["estimate-interval"])
    assert "Every factor is given" in _texts(exact["estimate-tornado"])
    cars = drawn["09", "France's grid, to 2020"]["trends-today-cars"]
    assert "2020-12-31" in cars._suptitle.get_text() and "Today" not in cars._suptitle.get_text()
    assert "france-2023" in cars.get_supxlabel()
    assert "No run in this dataset" in _texts(drawn["09", "a download in Epoch's old schema"]["trends-today-cars"])


def test_the_five_cars_interval_is_drawn_only_beside_the_paper_s_scenario(drawn):
    assert drawn["07", "the paper's and Sweden's"]["run"].five_cars_interval is not None
    assert drawn["07", "France alone"]["run"].five_cars_interval is None
    assert "PUE unknown" not in _texts(drawn["07", "France alone"]["what-if-today"])


def test_the_measured_figure_holds_many_runs_of_very_different_lengths():
    rng = np.random.default_rng(0)
    rows = [{"model": model, "run": run, "wall_s": scale * rng.uniform(0.5, 2), "energy_kwh": scale * 1e-6,
             "method": "CPU: Intel RAPL energy counters (measured)"}
            for model, scale in ((sparse_vs_deep_learning.SPARSE, 1e-4), (sparse_vs_deep_learning.DEEP, 300.0))
            for run in range(1, 101)]
    fig = sparse_vs_deep_learning.figure_measured(pd.DataFrame(rows))
    assert {check: items for check, items in checks.problems(fig).items() if items} == {}
    assert "100 runs each" in fig._suptitle.get_text() and "measured by CodeCarbon" in _texts(fig)
    plt.close(fig)


def test_the_uncertainty_computed_is_drawn(drawn):
    from matplotlib.collections import PolyCollection

    for key in (("01", "a short window"), ("01", "Epoch's snapshot to 2024, the break fitted")):
        two_eras = drawn[key]["ai-and-compute-two-eras"]
        bands = [c for c in two_eras.axes[0].collections if isinstance(c, PolyCollection)]
        assert len(bands) == 2  # one bootstrap band per era
        assert any("break fitted from the data" in t for t in _texts(two_eras).split(" | "))
        heatmap = drawn[key]["ai-and-compute-window-sensitivity"].axes[0].images[0]
        assert (heatmap.norm.vmin, heatmap.norm.vmax) == pytest.approx((3.4 / 2, 3.4 * 2))  # whatever the data
    growth = drawn["03", "the window past the article"]["model-size-growth"]
    assert "the article: doubling in 3.4 months" in _texts(growth)
    assert "the article: doubling in 3.4 months" in _texts(drawn["09", "France's grid, to 2020"]
                                                           ["trends-today-parameters"])

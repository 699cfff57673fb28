"""Notebook 10 (the whole footprint): the studies' published figures recomputed from the inputs they state, the
ledger's verdicts and their explanations (secondary-only inputs say so), the "five cars" extension and the
estimator's calibration against published runs."""

import pytest

from mlfootprint import claims, lifecycle
from mlfootprint.analyses import the_whole_footprint
from mlfootprint.checks import ParameterError
from mlfootprint.intervals import printed
from mlfootprint.loaders import load_claims


@pytest.fixture(scope="module")
def run():
    return the_whole_footprint.Steps(the_whole_footprint.Parameters())


def test_bloom_from_its_inputs():
    bloom = lifecycle.bloom()
    # Luccioni et al. 2023: 433,196 kWh and 24.69 t dynamic (Table 1, Sec. 4.2), 256,646 kWh and 14.6 t idle (Sec. 4.3)
    assert bloom["dynamic_kwh"].value == 433_196 and round(bloom["dynamic_t"].value, 2) == 24.69
    assert round(bloom["idle_kwh"].value) == 256_646 and round(bloom["idle_t"].value, 1) == 14.6
    assert bloom["train_hours"] == 1_082_990 / 384  # GPU-hours / GPUs, not Table 1's 118 days 5 h 41 min
    assert round(bloom["idle_wallclock_kwh"]) != 256_646
    assert round(bloom["total_t"].value, 1) == 50.5  # abstract
    assert round(bloom["idle_over_dynamic"], 2) == 0.59  # idle adds 59 %, it does not double the dynamic term


def test_olmo_gpt3_water_and_epochs_shares_from_their_inputs():
    olmo = lifecycle.olmo(*(printed(value, figures) for value, figures in ((159, 3), (312, 3), (843, 3), (1921, 4))))
    # Morrison et al. 2025: 0.013 kg per GPU-hour, 22 t and 4.8 kL embodied; 493 t and 2.769 million L in all
    assert round(olmo["rate"], 3) == 0.013 and round(olmo["embodied_t"].value) == 22
    assert round(olmo["total_t"].value) == 493 and round(olmo["total_ml"].value, 3) == 2.769
    water = lifecycle.li_water()  # Li et al., Table 1: 0.708, 4.731 and 5.439 million L
    assert (round(water["onsite_ml"].value, 3), round(water["offsite_ml"].value, 3),
            round(water["total_ml"].value, 3)) == (0.708, 4.731, 5.439)
    shares = lifecycle.epoch_costs()["energy_share"]  # Cottier et al. 2024: energy 2-6 % of the development cost
    assert (round(shares.min()), round(shares.max())) == (2, 6)


def test_the_ledger_reproduces_all_but_the_rows_it_explains(run):
    ledger = run.ledger.set_index("claim_id")
    assert set(ledger.index) == set(load_claims().query("notebook == '10-the-whole-footprint'").index)
    differs = set(ledger.index[ledger["verdict"] == claims.DIFFERS])
    # BLOOM's servers, "about 7.57 t", is judged by the hedge rule (7.57 / 1.21 to 7.57 x 1.21, data/README.md)
    assert ledger.at["whole-bloom-embodied-servers", "verdict"] == claims.REPRODUCED
    assert differs == {"whole-olmo-2-13b-co2e", "whole-olmo-2-13b-water",
                       "whole-epoch-servers-high", "whole-epoch-interconnect-high", "whole-epoch-hardware-high",
                       "whole-five-cars"}
    assert set(ledger.index[ledger["verdict"] == claims.NOT_CHECKABLE]) == {
        "whole-olmo-dev", "whole-olmo-train", "whole-olmo-dev-water", "whole-olmo-train-water"}
    assert set(ledger["level"]) == {"source", "extension"} and ledger.at["whole-five-cars", "level"] == "extension"
    # BLOOM's servers: 7,575.3 kg from Table 1's GPU-hours, 0.3 kg past 7.575; Epoch AI's 8,766-hour year gives 7.570
    assert "0.3 kg above the largest value printed as 7.57" in ledger.at["whole-bloom-embodied-servers", "explanation"]


def test_every_figure_read_only_in_a_secondary_copy_says_so(run):
    ledger = run.ledger.set_index("claim_id")
    secondary = [claim_id for claim_id, source in load_claims()["source"].items()
                 if claim_id.startswith("whole-") and "(secondary" in source]
    assert len(secondary) > 30
    for claim_id in secondary:
        assert "secondary" in ledger.at[claim_id, "explanation"] or "summary" in ledger.at[claim_id, "explanation"]


def test_the_five_cars_with_the_rest_of_the_servers_and_the_hardware(run):
    cars = run.five_cars
    # Strubell et al. 2019 Table 3: 626,155 lb for the NAS run; Table 1: a car's lifetime is 126,000 lb
    assert round(cars.iloc[1]["co2e_lb"]) == 626_155 and round(cars.iloc[0]["cars"], 2) == 4.97
    # Patterson et al. 2021 Table 1: 296 W per P100 with the host, against Strubell et al.'s 1,515.43 W / 8
    assert cars.iloc[2]["co2e_lb"] == pytest.approx(626_155 * 296 / (1515.43 / 8), rel=1e-5)
    assert cars.iloc[3]["cars_low"] < cars.iloc[3]["cars"] < cars.iloc[3]["cars_high"]
    embodied_only = the_whole_footprint.five_cars(the_whole_footprint.Parameters(five_cars_terms=["embodied"]))
    assert list(embodied_only.index)[-1] == "+ manufacture (embodied)" and len(embodied_only) == 3
    with pytest.raises(ParameterError, match=r"^five_cars_terms must be 'all' or a non-empty list of 'idle', "):
        the_whole_footprint.Parameters(five_cars_terms=["water"])


def test_the_calibration_gives_the_estimator_only_what_each_paper_states(run):
    items = {(item["run"], item["quantity"]): item for item in the_whole_footprint.coverage_runs()}
    # Patterson et al. 2021 Table 4: GPT-3 on 10,000 V100 for 14.8 days at 0.429 kg CO2e/kWh and PUE 1.10
    gpt3 = items[("GPT-3", "CO2e")]
    assert gpt3["options"] == dict(hardware="V100 SXM2", count=10_000, hours=14.8 * 24,
                                   grid_g_per_kwh="0.429 kg/kWh") and gpt3["pue"] == 1.1
    assert items[("BLOOM", "total CO2e")]["options"]["country"] == "FRA"
    coverage = run.coverage
    assert len(coverage) == 17 and coverage["inside"].sum() == 4  # with the default samples and seed
    stated = coverage[coverage["pue_stated"].notna()]
    assert (len(stated), stated["inside_with_pue"].sum()) == (15, 13)
    assert not coverage.loc[("OLMo series", "total CO2e"), "inside"]  # GPU-only measurement, below the interval


def _said(fig) -> str:
    return " ".join(fig.get_supxlabel().split())  # as written, before the layout wraps it


@pytest.mark.parametrize("added, named, not_named", [
    (None, ["nothing added"], ["rest of the servers", "manufacture", "None", "five_cars_terms"]),
    (["idle"], ["rest of the servers"], ["manufacture", "nothing added"]),
    ("all", ["rest of the servers", "manufacture"], ["nothing added"]),
])
def test_the_terms_figure_says_what_this_run_added_to_the_five_cars(added, named, not_named):
    import matplotlib.pyplot as plt

    fig = the_whole_footprint.Steps(the_whole_footprint.Parameters(five_cars_terms=added, samples=100)).figure_terms
    nas = _said(fig).split("The NAS run")[1]
    assert all(words in nas for words in named) and not any(words in nas for words in not_named)
    plt.close(fig)


def test_the_coverage_figure_names_the_samples_its_counts_depend_on():
    import matplotlib.pyplot as plt

    params = the_whole_footprint.Parameters(samples=100, seed=5)
    table = the_whole_footprint.coverage(params)
    fig = the_whole_footprint.coverage_figure(table, params.samples, params.seed)
    assert "100 samples, seed 5" in _said(fig)
    assert table["pue_stated"].isna().any() and "states no PUE" in _said(fig)
    assert not any("_" in label.get_text() for label in fig.axes[0].get_yticklabels())
    plt.close(fig)

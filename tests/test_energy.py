"""Strubell et al. 2019's Eq. 1 and 2 and cost arithmetic, against the values the paper prints (Table 3, Sec. 2.1)."""

import numpy as np
import pandas as pd
import pytest

from mlfootprint import energy
from mlfootprint.checks import ParameterError
from mlfootprint.units import kg_to_lb

PUE, LBS_PER_KWH = 1.58, 0.954  # Strubell et al. 2019, Eq. 1 and Eq. 2
G_PER_KWH = LBS_PER_KWH * 453.59237  # the same grid factor in g CO2e/kWh (1 lb = 453.59237 g)


def co2e_lb(kwh, g_per_kwh=G_PER_KWH):
    return kg_to_lb(energy.co2e_kg(kwh, g_per_kwh))


def test_eq1_and_eq2_give_table3_transformer_big():
    # Table 3: Transformer big, P100x8, 1515.43 W, 84 h -> 201 kWh x PUE, 192 lb CO2e
    kwh = energy.energy_kwh(84, 1515.43, PUE)
    assert round(kwh) == 201
    assert round(co2e_lb(kwh)) == 192


def test_eq1_and_eq2_give_table3_nas():
    # Table 3: NAS, P100x8, 1515.43 W, 274,120 h -> 656,347 kWh x PUE, 626,155 lb
    kwh = energy.energy_kwh(274_120, 1515.43, PUE)
    assert round(kwh) == 656_347
    assert round(co2e_lb(kwh)) == 626_155


def test_bert_energy_implies_the_79_2_hours_of_the_text():
    # Table 3 prints 79 h and 1507 kWh; Sec. 2.1 quotes NVIDIA's 3.3 days = 79.2 hours
    assert energy.hours_for_energy(1507, 12_041.51, PUE) == pytest.approx(79.2, abs=0.05)
    assert round(energy.energy_kwh(79, 12_041.51, PUE)) == 1503


def test_eq1_power_term():
    assert energy.total_power_w(cpu_w=100, dram_w=20, gpu_w=250, n_gpus=8) == 2120


def test_cloud_cost_gives_table3_nas_bounds():
    # Table 3: NAS on 8 P100 for 274,120 h costs $942,973-$3,201,722 at $0.43 and $1.46 (footnote 7)
    assert round(energy.cloud_cost_usd(274_120, 8, 0.43)) == 942_973
    assert round(energy.cloud_cost_usd(274_120, 8, 1.46)) == 3_201_722


def test_electricity_cost():
    # Table 4: $9,870 of electricity at $0.12/kWh (footnote 9) is 82,250 kWh
    assert energy.electricity_cost_usd(82_250, 0.12) == pytest.approx(9_870)


def test_co2e_in_kg():
    assert energy.co2e_kg(1, G_PER_KWH) == pytest.approx(0.4327, abs=5e-5)  # sources.md section 6
    assert energy.co2e_kg(2816, 56) == pytest.approx(157.696)  # 2,816 kWh on a 56 g/kWh grid


def test_power_from_board_power():
    # Strubell's NAS machine: 8 P100 (300 W board) drawing 1,515.43 W in all: a fraction of 0.6314, no overhead
    assert energy.accelerator_power_w(8, 300, 1515.43 / 2400, 1) == pytest.approx(1515.43)
    assert energy.accelerator_power_w(64, 400, 0.5, 1.5) == 19_200


def test_vectorized_over_a_million_scenarios():
    rng = np.random.default_rng(0)
    pue = rng.uniform(1.0, 2.0, 1_000_000)
    grid = rng.uniform(0.0, 700, 1_000_000)
    co2e = energy.co2e_kg(energy.energy_kwh(274_120, 1515.43, pue), grid)
    assert co2e.shape == (1_000_000,)
    assert co2e[0] == pytest.approx(pue[0] * 274_120 * 1515.43 / 1000 * grid[0] / 1000)


def test_columns_keep_their_index():
    hours = pd.Series([12.0, 84.0], index=["base", "big"])
    assert list(energy.energy_kwh(hours, 1000.0, 1.0).index) == ["base", "big"]


@pytest.mark.parametrize("call, message", [
    (lambda: energy.energy_kwh(10, 100, 0.9), r"^pue must be a number in \[1, inf\) \(got 0.9\)$"),
    (lambda: energy.energy_kwh(-1, 100, 1.5), r"^hours must be a number in \[0, inf\) \(got -1\)$"),
    (lambda: energy.energy_kwh(10, np.array([100, -5]), 1.5), r"^total_power_w\[1\] must be a number"),
    (lambda: energy.co2e_kg(10, -0.1), r"^grid_g_per_kwh must be a number in \[0, inf\)"),
    (lambda: energy.accelerator_power_w(8, 300, 1.2, 1), r"^power_fraction must be a number in \[0, 1\]"),
    (lambda: energy.cloud_cost_usd(10, 8, "cheap"), r"^usd_per_accelerator_hour must be a number"),
    (lambda: energy.total_power_w(100, 20, 250, 2.5), r"^n_gpus must be a whole number"),
])
def test_bad_inputs(call, message):
    with pytest.raises(ParameterError, match=message):
        call()


def test_scenario_factors_and_overrides():
    paper = energy.factors("strubell-2019")
    assert (paper.pue, paper.g_per_kwh) == (PUE, pytest.approx(G_PER_KWH))
    assert paper.lbs_per_kwh == pytest.approx(LBS_PER_KWH, rel=1e-15)
    mixed = energy.factors("strubell-2019", pue=1.1, lbs_per_kwh=0.815)
    assert (mixed.pue, mixed.pue_from, mixed.grid_from) == (1.1, "parameter pue", "parameter lbs_per_kwh")
    assert mixed.g_per_kwh == pytest.approx(0.815 * 453.59237)  # given in lb/kWh, kept in g/kWh
    # scenarios.csv: France 2023, 56.039 g CO2e/kWh (Ember/OWID via CodeCarbon 3.3.2) = 0.1235 lb/kWh
    assert energy.factors("france-2023").lbs_per_kwh == pytest.approx(0.056039 / 0.45359237)


def test_unknown_scenario_lists_the_known_ones():
    message = r"^scenario must be one of 'strubell-2019', 'us-2023', .* \(got 'mars'\)$"
    with pytest.raises(ParameterError, match=message):
        energy.factors("mars")

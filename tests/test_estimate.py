"""The estimator of any training run (mlfootprint.estimate): the formula, sourced defaults, seeded intervals, the
tornado, grids by country and the world's grids."""

import numpy as np
import pytest
from helpers import DEFAULT_RUN, EXACT, EXACT_KG, EXACT_KWH

from mlfootprint import estimate, grids
from mlfootprint.loaders import load_factors, load_hardware, load_hardware_aliases, load_scenarios


@pytest.fixture(scope="module")
def default():
    return estimate.from_options(**DEFAULT_RUN)

def test_the_exact_example_of_the_issue():
    result = estimate.from_options(**EXACT, terms=None)  # the operational footprint alone, as issue #14 asked
    assert result.central["energy"] == pytest.approx(EXACT_KWH)
    assert round(result.central["CO2e"], 1) == EXACT_KG
    assert result.central["cost"] == pytest.approx(281.6)
    assert result.quantities == ["energy", "CO2e", "cost"]
    for quantity in result.quantities:
        assert result.exact(quantity) and result.low[quantity] == result.high[quantity] == result.central[quantity]
    assert not result.draws and result.most_influential() is None

def test_only_what_depends_on_a_sampled_factor_has_an_interval():
    result = estimate.from_options(**{**EXACT, "price_per_kwh": None}, terms=None)  # the price is drawn, alone
    assert result.exact("energy") and result.exact("CO2e") and not result.exact("cost")
    # data/factors.csv: US industrial price 2023, 0.0667-0.0832 USD/kWh (EIA), central 0.0806
    assert result.central["cost"] == pytest.approx(EXACT_KWH * 0.0806)
    assert EXACT_KWH * 0.0667 < result.low["cost"] < result.central["cost"] < result.high["cost"] < EXACT_KWH * 0.0832

def test_the_formula_generalises_strubell_eq_1_and_2():
    # Strubell et al. 2019 Table 3, NAS on P100x8: 1515.43 W measured, 274,120 h, PUE 1.58 -> 656,347 kWh, 626,155 lb
    nas = estimate.from_options("P100 SXM2", 8, 274_120, power_fraction=1515.43 / 2400, server_overhead=1, pue=1.58,
                                grid_g_per_kwh=0.954 * 453.59237, price_per_kwh=0.12)
    assert nas.central["energy"] == pytest.approx(656_347, abs=0.5)
    assert nas.central["CO2e"] / 0.45359237 == pytest.approx(626_155, abs=0.5)

def test_sampling_is_seeded_reproducible_and_vectorized(default):
    again = estimate.from_options("H100 SXM", 64, 240)
    assert again.low == default.low and again.high == default.high
    np.testing.assert_array_equal(again.draws["CO2e"], default.draws["CO2e"])
    other = estimate.from_options("H100 SXM", 64, 240, seed=1)
    assert other.low["CO2e"] != default.low["CO2e"] and other.central == default.central
    assert default.draws["CO2e"].shape == (10_000,)

def test_the_central_value_uses_every_central_factor_and_lies_in_the_interval(default):
    factors = load_factors()
    pf, so = factors.loc[("power_fraction", "gpu"), "central"], factors.loc[("server_overhead", "gpu"), "central"]
    pue = factors.loc[("pue", "any"), "central"]
    assert default.central["energy"] == pytest.approx(64 * 700 * pf * so * 240 * pue / 1000)
    for quantity in default.quantities:
        assert default.low[quantity] < default.central[quantity] < default.high[quantity]

def _factor(name, low, central, high):
    return estimate.ranged(name, low, central, high, "test", "test")

def _constructed(**ranges):
    """A run of 1 accelerator of 1,000 W for 1 h: every factor given as 1 (grid 1,000 g/kWh, price 1 USD/kWh) unless
    `ranges` gives it (low, central, high)."""
    run = estimate.Run("test", 1, 1.0, 1000.0, "test", "gpu")
    fixed = {"power_fraction": 1.0, "server_overhead": 1.0, "pue": 1.0, "grid": 1000.0, "price": 1.0}
    chosen = {n: _factor(n, *ranges[n]) if n in ranges else estimate.given(n, v) for n, v in fixed.items()}
    return run, chosen

def test_an_interval_case_matches_the_triangular_quantiles():
    # triangular(1, 1.5, 2): F(x) = (x - 1)^2 / 0.5 below the mode, so the 5th percentile is 1 + sqrt(0.025)
    run, chosen = _constructed(pue=(1.0, 1.5, 2.0))
    result = estimate.compute(run, chosen, samples=400_000, seed=3)
    assert result.central["energy"] == 1.5
    assert result.low["energy"] == pytest.approx(1 + 0.025 ** 0.5, rel=3e-3)
    assert result.high["energy"] == pytest.approx(2 - 0.025 ** 0.5, rel=3e-3)

def test_the_tornado_puts_the_widest_range_on_top():
    run, chosen = _constructed(power_fraction=(0.9, 1.0, 1.0), server_overhead=(1.0, 1.1, 1.3),
                               pue=(1.0, 1.5, 3.0), grid=(900, 1000, 1100))
    result = estimate.compute(run, chosen, samples=1000)
    swings = result.tornado("CO2e")
    assert result.most_influential("CO2e") == "pue"
    assert list(swings["name"]) == ["pue", "server_overhead", "grid", "power_fraction"]
    assert swings.loc["PUE", "result_at_high"] == pytest.approx(1 * 1.1 * 3.0 * 1000 / 1000)
    assert list(result.tornado("energy")["name"]) == ["pue", "server_overhead", "power_fraction"]  # no grid

def test_defaults_come_from_the_data_files_by_kind():
    gpu = estimate.chosen_factors("H100 SXM")
    tpu = estimate.chosen_factors("TPU v4")
    factors = load_factors()
    assert gpu["power_fraction"].central == factors.loc[("power_fraction", "gpu"), "central"]
    assert tpu["power_fraction"].central == factors.loc[("power_fraction", "tpu"), "central"]
    assert (tpu["server_overhead"].low, tpu["server_overhead"].high) == tuple(
        factors.loc[("server_overhead", "tpu"), ["low", "high"]])
    assert gpu["pue"].central == factors.loc[("pue", estimate.DEFAULT_DATACENTRE), "central"]
    assert all(f.sampled for f in gpu.values())

def test_a_scenario_gives_pue_and_grid_with_their_years():
    chosen = estimate.chosen_factors("H100 SXM", scenario="strubell-2019")
    assert not chosen["pue"].sampled and chosen["pue"].central == 1.58
    assert chosen["grid"].central == pytest.approx(0.954 * 453.59237)  # Strubell Eq. 2, lb -> g
    assert "year not identified" in chosen["grid"].origin and "2018" in chosen["pue"].origin
    assert estimate.from_options("B200", 8, 10, scenario="us-2023").codecarbon == ""  # the file's value, not read now
    mixed = estimate.chosen_factors("H100 SXM", scenario="hyperscale", country="SWE")
    assert mixed["pue"].central == 1.1 and mixed["grid"].central == grids.country("SWE").g_per_kwh

def test_the_grid_of_a_country_comes_from_the_installed_codecarbon_with_its_year_and_version():
    france = grids.country("fra")
    assert (france.iso3, france.name, france.year) == ("FRA", "France", 2023)
    assert len(grids.countries()) == 213  # CodeCarbon 3.3.2's global_energy_mix.json
    result = estimate.from_options("H100 SXM", 8, 10, country="FRA")
    assert result.codecarbon == grids.codecarbon_version() != ""

def test_the_today_scenarios_hold_codecarbons_values_on_one_basis():
    scenarios = load_scenarios()
    for name, iso3 in [("us-2023", "USA"), ("hyperscale", "USA"), ("france-2023", "FRA"), ("sweden-2023", "SWE"),
                       ("germany-2023", "DEU"), ("india-2023", "IND"), ("china-2023", "CHN")]:
        row = scenarios.loc[name]
        assert row["g_per_kwh"] == grids.country(iso3).g_per_kwh and row["grid_year"] == grids.country(iso3).year
        assert row["grid_basis"] == grids.BASIS and row["pue_year"] == 2023
    assert scenarios.loc["strubell-2019", ["pue", "lbs_per_kwh"]].tolist() == [1.58, 0.954]  # the article's, as is

def test_without_a_location_the_grid_is_the_worlds_weighted_by_generation():
    grid = estimate.world_grid()
    values, weights = grids.world()
    assert grid.central == pytest.approx(np.average(values, weights=weights))
    assert min(values) <= grid.low < grid.central < grid.high <= max(values)
    assert estimate.weighted_percentile([1, 2, 3], [1, 1, 8], 5) == 1
    assert estimate.weighted_percentile([1, 2, 3], [1, 1, 8], 95) == 3

def test_every_accelerator_has_a_sourced_board_power_but_the_unpublished_two():
    hardware = load_hardware()
    missing = sorted(hardware.index[hardware["board_power_w"].isna()])
    assert missing == ["TPU v5e", "TPU v5p"]
    assert "no per-chip power" in hardware.at["TPU v5e", "power_source"]
    assert (hardware["power_source"].str.len() > 0).all()
    for name in ["A100 PCIe 40GB", "A100 PCIe 80GB", "H100 PCIe", "H200 SXM", "B200", "MI300X", "TPU v4"]:
        assert hardware.at[name, "peak_flop_per_s"] > 0 and hardware.at[name, "board_power_w"] > 0
    # issue #14: TPU v3 is 450 W in Patterson et al. 2021 Table 4 (kept), 220 W in Epoch AI and Green Algorithms
    assert hardware.at["TPU v3", "board_power_w"] == 450
    assert load_hardware_aliases().loc["NVIDIA A100 SXM4 80 GB", "name"] == "A100 SXM4"

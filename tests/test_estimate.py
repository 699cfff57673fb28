"""The estimator of any training run (issue #14): the formula, sourced defaults, seeded intervals, the tornado, grids
by country, units, names, the files it writes, and `mlfootprint estimate` as a user runs it."""

import json

import numpy as np
import pandas as pd
import pytest
from conftest import mlfootprint

from mlfootprint import estimate, grids
from mlfootprint.analyses import estimate_a_training_run
from mlfootprint.catalogue import EstimateParameters
from mlfootprint.checks import ParameterError
from mlfootprint.loaders import load_factors, load_hardware, load_hardware_aliases, load_scenarios

# issue #14: "64 x A100 SXM4 for 100 h with fraction 1, overhead 1, PUE 1.1 at 56 g/kWh is 2,816 kWh and 157.7 kg CO2e"
EXACT = dict(hardware="A100 SXM4", count=64, hours=100, power_fraction=1, server_overhead=1, pue=1.1,
             grid_g_per_kwh=56, price_per_kwh=0.1)
EXACT_KWH, EXACT_KG = 2816, 157.7


@pytest.fixture(scope="module")
def default():
    return estimate.estimate_run("H100 SXM", 64, 240)


def test_the_exact_example_of_the_issue():
    result = estimate.estimate_run(**EXACT)
    assert result.central["energy"] == pytest.approx(EXACT_KWH)
    assert round(result.central["CO2e"], 1) == EXACT_KG
    assert result.central["cost"] == pytest.approx(281.6)
    for quantity in estimate.QUANTITIES:
        assert result.exact(quantity) and result.low[quantity] == result.high[quantity] == result.central[quantity]
    assert not result.draws and result.most_influential() is None
    assert estimate.shown(result, "energy") == ("2.816 MWh", "")  # 2,816 kWh
    assert estimate.shown(result, "CO2e") == ("157.7 kg CO2e", "")


def test_only_what_depends_on_a_sampled_factor_has_an_interval():
    result = estimate.estimate_run(**{**EXACT, "price_per_kwh": None})  # the price is drawn, nothing else
    assert result.exact("energy") and result.exact("CO2e") and not result.exact("cost")
    # data/factors.csv: US industrial price 2023, 0.0667-0.0832 USD/kWh (EIA), central 0.0806
    assert result.central["cost"] == pytest.approx(EXACT_KWH * 0.0806)
    assert EXACT_KWH * 0.0667 < result.low["cost"] < result.central["cost"] < result.high["cost"] < EXACT_KWH * 0.0832


def test_the_formula_generalises_strubell_eq_1_and_2():
    # Strubell et al. 2019 Table 3, NAS on P100x8: 1515.43 W measured, 274,120 h, PUE 1.58 -> 656,347 kWh, 626,155 lb
    kwh = estimate.energy_kwh(8, 300, 1515.43 / 2400, 1, 274_120, 1.58)
    assert kwh == pytest.approx(656_347, abs=0.5)
    assert estimate.co2e_kg(kwh, 0.954 * 453.59237) / 0.45359237 == pytest.approx(626_155, abs=0.5)


def test_sampling_is_seeded_reproducible_and_vectorized(default):
    again = estimate.estimate_run("H100 SXM", 64, 240)
    assert again.low == default.low and again.high == default.high
    np.testing.assert_array_equal(again.draws["CO2e"], default.draws["CO2e"])
    other = estimate.estimate_run("H100 SXM", 64, 240, seed=1)
    assert other.low["CO2e"] != default.low["CO2e"] and other.central == default.central
    assert default.draws["CO2e"].shape == (10_000,)


def test_the_central_value_uses_every_central_factor_and_lies_in_the_interval(default):
    factors = load_factors()
    pf, so = factors.loc[("power_fraction", "gpu"), "central"], factors.loc[("server_overhead", "gpu"), "central"]
    pue = factors.loc[("pue", "any"), "central"]
    assert default.central["energy"] == pytest.approx(64 * 700 * pf * so * 240 * pue / 1000)
    for quantity in estimate.QUANTITIES:
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
    gpu = estimate.factors(EstimateParameters(hardware="H100 SXM"))
    tpu = estimate.factors(EstimateParameters(hardware="TPU v4"))
    factors = load_factors()
    assert gpu["power_fraction"].central == factors.loc[("power_fraction", "gpu"), "central"]
    assert tpu["power_fraction"].central == factors.loc[("power_fraction", "tpu"), "central"]
    assert (tpu["server_overhead"].low, tpu["server_overhead"].high) == tuple(
        factors.loc[("server_overhead", "tpu"), ["low", "high"]])
    assert gpu["pue"].central == factors.loc[("pue", estimate.DEFAULT_DATACENTRE), "central"]
    assert all(f.sampled for f in gpu.values())


def test_a_scenario_gives_pue_and_grid_with_their_years():
    chosen = estimate.factors(EstimateParameters(scenario="strubell-2019"))
    assert not chosen["pue"].sampled and chosen["pue"].central == 1.58
    assert chosen["grid"].central == pytest.approx(0.954 * 453.59237)  # Strubell Eq. 2, lb -> g
    assert "year not identified" in chosen["grid"].origin and "2018" in chosen["pue"].origin
    assert estimate.estimate_run("B200", 8, 10, scenario="us-2023").codecarbon == ""  # the file's value, not read now
    mixed = estimate.factors(EstimateParameters(scenario="hyperscale", country="swe"))
    assert mixed["pue"].central == 1.1 and mixed["grid"].central == grids.country("SWE").g_per_kwh


def test_the_grid_of_a_country_comes_from_the_installed_codecarbon_with_its_year_and_version():
    france = grids.country("fra")
    assert (france.iso3, france.name, france.year) == ("FRA", "France", 2023)
    assert len(grids.countries()) == 213  # CodeCarbon 3.3.2's global_energy_mix.json
    result = estimate.estimate_run("H100 SXM", 8, 10, country="FRA")
    assert result.codecarbon == grids.codecarbon_version() != ""
    assert f"CodeCarbon {grids.codecarbon_version()}" in estimate.statement(result)


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


@pytest.mark.parametrize("given, g_per_kwh", [
    (56, 56.0), ("56", 56.0), ("56 g/kWh", 56.0), ("0.056 kg/kWh", 56.0),
    ("0.954 lb/kWh", 432.72712098), ("0.954lb/kwh", 432.72712098),  # 1 lb = 453.59237 g (exact)
])
def test_grid_units(given, g_per_kwh):
    assert EstimateParameters(grid_g_per_kwh=given).grid_g_per_kwh == pytest.approx(g_per_kwh)


def test_the_notebooks_grid_factor_in_lb_takes_other_units_too():
    from mlfootprint.catalogue import ComparisonsParameters

    assert ComparisonsParameters(lbs_per_kwh="0.4 kg/kWh").lbs_per_kwh == pytest.approx(0.4 / 0.45359237)
    assert ComparisonsParameters(lbs_per_kwh="432.72712098 g/kWh").lbs_per_kwh == pytest.approx(0.954)
    assert ComparisonsParameters(lbs_per_kwh=0.815).lbs_per_kwh == 0.815


def test_hardware_names_match_whatever_the_case():
    assert EstimateParameters(hardware="a100 sxm4").hardware == "A100 SXM4"
    assert EstimateParameters(hardware="  tpu V4 ").hardware == "TPU v4"


@pytest.mark.parametrize("values, message", [
    (dict(hardware="A100"), r"^hardware must be one of the 38 names in data/hardware.csv \(any case\) \(got 'A100'\); "
                            r"did you mean 'A100 SXM4', 'A100 PCIe 40GB', 'A100 PCIe 80GB'\?$"),
    (dict(hardware="rtx3090"), r"did you mean 'RTX 3090'"),
    (dict(country="FRX"), r"^country must be an ISO 3166-1 alpha-3 code of one of the 213 countries in CodeCarbon "
                          r".*'s grid data \(got 'FRX'\); closest: 'FRO' \(Faroe Islands\), 'FRA' \(France\)$"),
    (dict(country="Germany"), r"closest: 'DEU' \(Germany\)"),
    (dict(hardware="TPU v5e"), r"^hardware 'TPU v5e' has no published board power"),
    (dict(count=0), r"^count must be a whole number in \[1, 1,000,000\] \(got 0\)$"),
    (dict(hours=0), r"^hours must be a number in \(0, "),
    (dict(power_fraction=1.2), r"^power_fraction must be a number in \(0, 1\]"),
    (dict(pue=1.1, scenario="hyperscale"), r"^give pue or scenario, not both"),
    (dict(country="FRA", grid_g_per_kwh=56), r"^give country or grid_g_per_kwh, not both"),
    (dict(grid_g_per_kwh="1 ton/kWh"), r"^grid_g_per_kwh must be a number in \[0, 3,000\] g CO2e/kWh, or one with"),
    (dict(grid_g_per_kwh="4 kg/kWh"), r"\(got '4 kg/kWh'\)"),
    (dict(samples=10_000_000), r"^samples must be a whole number in \[100, 1,000,000\]"),
])
def test_bad_parameters_fail_with_one_line(values, message):
    with pytest.raises(ParameterError, match=message):
        EstimateParameters(**values)


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


def test_the_statement_names_every_factor_with_its_value_and_source(default):
    text = estimate.statement(default, "md")
    assert "11.02 t CO2e (5-95 % interval 2.05-18.1 t CO2e)" in text and "seed 0" in text
    for factor in default.factors.values():
        assert f"{factor.label[0].upper()}{factor.label[1:]}: {factor.central:g}" in text
        assert factor.source in text
    assert default.run.power_source in text
    tex = estimate.statement(default, "tex")
    assert r"5-95 \% interval" in tex and r"\begin{itemize}" in tex and "server\\_TDP\\_fraction" in tex
    assert estimate.tex_escape("a_b & 5% $x$ #1 {y} ~^\\") == (r"a\_b \& 5\% \$x\$ \#1 \{y\} \textasciitilde{}"
                                                              r"\textasciicircum{}\textbackslash{}")


def test_outputs_written_with_their_content(tmp_path):
    result = estimate.estimate_run(**EXACT, country=None)
    paths = estimate.write_outputs(result, tmp_path)
    assert [p.name for p in paths] == ["estimate.csv", "statement.md", "statement.tex", "model-card.json"]
    table = pd.read_csv(tmp_path / "estimate.csv")
    assert list(table.columns) == ["quantity", "unit", "central", "low", "high"]
    assert list(table["quantity"]) == ["energy", "CO2e", "cost"] and list(table["unit"]) == ["kWh", "kg CO2e", "USD"]
    assert table.loc[0, ["central", "low", "high"]].tolist() == [EXACT_KWH] * 3
    card = json.loads((tmp_path / "model-card.json").read_text())["co2_eq_emissions"]
    # Hugging Face model cards: emissions in grams, source, training_type, geographical_location, hardware_used
    assert set(card) == {"emissions", "source", "training_type", "geographical_location", "hardware_used"}
    assert card["emissions"] == pytest.approx(157_696) and card["hardware_used"] == "64 x A100 SXM4"
    assert card["training_type"] is None and "56 g CO2e/kWh" in card["geographical_location"]
    assert "2.816 MWh" in (tmp_path / "statement.md").read_text()  # 2,816 kWh


def test_the_notebooks_claims_are_the_measured_runs_given_back():
    params = EstimateParameters(samples=1000)
    values = estimate_a_training_run.recomputed(estimate_a_training_run.strubell_nas(params),
                                                estimate_a_training_run.patterson_nas())
    assert values["estimate-strubell-nas-kwh"] == pytest.approx(656_347, abs=0.5)  # Strubell et al. Table 3
    assert values["estimate-strubell-nas-co2e"] == pytest.approx(626_155, abs=0.5)
    assert values["estimate-patterson-nas-mwh"] == pytest.approx(200 * 6.8 * 24 * 208 * 1.10 / 1e6)  # Appendix D
    assert values["estimate-patterson-nas-tco2e"] == pytest.approx(values["estimate-patterson-nas-mwh"] * 0.431)


def test_the_command_writes_the_files_and_prints_a_summary(tmp_path):
    out = tmp_path / "exact"
    done = mlfootprint("estimate", "--hardware", "a100 sxm4", "--count", "64", "--hours", "100", "--power-fraction",
                       "1", "--server-overhead", "1", "--pue", "1.1", "--grid-g-per-kwh", "0.056 kg/kWh", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "  energy 2.816 MWh (exact)\n  CO2e   157.7 kg CO2e (exact)\n" in done.stdout  # 2,816 kWh
    assert sorted(p.name for p in out.iterdir()) == [".mlfootprint", "estimate.csv", "model-card.json", "statement.md",
                                                   "statement.tex"]
    marker = json.loads((out / ".mlfootprint").read_text())
    assert marker["parameters"]["hardware"] == "A100 SXM4" and marker["parameters"]["grid_g_per_kwh"] == 56
    again = mlfootprint("estimate", "--hardware", "H100 SXM", "--count", "8", "--hours", "10", "--country", "FRA",
                        "--out", out)  # a folder the tool made is replaced
    assert again.returncode == 0 and "France (FRA), 2023" in again.stdout
    assert json.loads((out / "model-card.json").read_text())["co2_eq_emissions"]["geographical_location"] == \
        "France (FRA)"


@pytest.mark.parametrize("args, message", [
    (["--hardware", "A100", "--count", "8", "--hours", "10"], "--hardware must be one of the 38 names"),
    (["--hardware", "TPU v5p", "--count", "8", "--hours", "10"], "--hardware 'TPU v5p' has no published board power"),
    (["--hardware", "B200", "--count", "0", "--hours", "10"], "--count must be a whole number in [1, 1,000,000]"),
    (["--hardware", "B200", "--count", "8", "--hours", "-5"], "--hours must be a number in (0, "),
    (["--hardware", "B200", "--count", "8", "--hours", "10", "--power-fraction", "0"], "--power-fraction must be"),
    (["--hardware", "B200", "--count", "8", "--hours", "10", "--country", "XYZ"], "--country must be an ISO 3166-1"),
    (["--hardware", "B200", "--count", "8", "--hours", "10", "--country", "FRA", "--grid-g-per-kwh", "50"],
     "give --country or --grid-g-per-kwh, not both"),
    (["--hardware", "B200", "--count", "8", "--hours", "10", "--pue", "1.2", "--scenario", "us-2023"],
     "give --pue or --scenario, not both"),
    (["--hardware", "B200", "--count", "8"], "the following arguments are required: --hours"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, args, message):
    done = mlfootprint("estimate", *args, "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_the_tool_did_not_make_is_left_alone(tmp_path):
    (tmp_path / "thesis").mkdir()
    (tmp_path / "thesis" / "chapter.tex").write_text("mine")
    done = mlfootprint("estimate", "--hardware", "B200", "--count", "8", "--hours", "10", "--out", tmp_path / "thesis")
    assert done.returncode == 2 and "was not made by mlfootprint" in done.stderr
    assert [p.name for p in (tmp_path / "thesis").iterdir()] == ["chapter.tex"]

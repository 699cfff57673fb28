"""Notebook 09 (issue #15): Epoch AI's Notable AI Models read in both of its schemas, the trends to 2024 against the
published ones, today's training runs through the estimator, and captions that name the data they were made from."""

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import FIXTURES, mlfootprint
from mlfootprint import grids, loaders
from mlfootprint.analyses import ai_and_compute, model_size_growth
from mlfootprint.analyses import the_trends_today as today
from mlfootprint.analyses.estimate_a_training_run import estimate_run
from mlfootprint.analyses.the_trends_today import runs as today_runs
from mlfootprint.checks import DataError, ParameterError
from mlfootprint.units import kg_to_lb

NEW = FIXTURES / "epoch_notable_models_new_schema.csv"
OLD = FIXTURES / "epoch_notable_models_old_schema.csv"
FAST = dict(n_bootstrap=200)


# --- The loader ---------------------------------------------------------------------------------------------------

def test_the_new_schema_gives_every_extra_column():
    models = loaders.load_epoch_models(NEW).set_index("system")
    assert list(models.columns) == ["date", "flop", "parameters", "domain", "organization", "country", "hardware",
                                    "hardware_quantity", "hours", "power_w", "cost_usd_2023", "frontier",
                                    "confidence"]  # the fixture has no Base model column: left out, not invented
    assert len(models) == 8 and models["flop"].notna().sum() == 8
    lm = models.loc["Synth-LM 70B"]
    assert (lm["flop"], lm["parameters"], lm["hours"], lm["hardware_quantity"], lm["power_w"]) == (
        8.1e23, 70e9, 1728.0, 1000.0, 884797.0)
    assert lm["hardware"] == "NVIDIA A100 SXM4 80 GB" and lm["frontier"] and lm["confidence"] == "Confident"
    assert models["frontier"].dtype == bool and models["frontier"].sum() == 3
    assert models.at["Synth-MoE 1T", "flop"] == 3.0000000000000004e24  # Epoch's float text, read exactly
    assert models.at["Synth-MoE 1T", "hardware"] == "NVIDIA A100,NVIDIA H100 SXM5 80GB"  # kept as Epoch writes it
    assert np.isnan(models.at["Synth-MoE 1T", "power_w"])
    assert models.at["Synth-VLM 12B", "country"].split(",")[0] == "Multinational"


def test_the_old_schema_has_a_system_column_and_no_hardware_columns():
    models = loaders.load_epoch_models(OLD)
    assert list(models.columns) == ["system", "date", "flop", "parameters", "domain", "organization"]
    assert len(models) == 8 and models["flop"].notna().sum() == 7
    assert models["system"].iloc[0] == "Synth-Perceptron"


def test_the_bundled_snapshot():
    models = loaders.load_epoch_models()
    # Epoch AI, Notable AI Models, 2024-12 snapshot (counted in the full 41-column download)
    assert len(models) == 884 and models["system"].is_unique
    assert models["flop"].notna().sum() == 443 and models["parameters"].notna().sum() == 591
    assert models["frontier"].sum() == 144 and models["power_w"].notna().sum() == 130
    assert (models["date"].min(), models["date"].max()) == (pd.Timestamp("1950-07-02"), pd.Timestamp("2024-12-06"))
    llama = models.set_index("system").loc["Llama 3.1-405B"]
    assert (llama["hardware"], llama["hardware_quantity"], llama["hours"]) == ("NVIDIA H100 SXM5 80GB", 16384, 2142)


def _edited(tmp_path, old: str, new: str, source=NEW):
    path = tmp_path / "edited.csv"
    path.write_text(source.read_text().replace(old, new, 1))
    return path


@pytest.mark.parametrize("old, new, message", [
    ("Parameters,", "Params,", r"edited.csv: missing column\(s\) 'Parameters'; expected columns: Model, "),
    ("Model,", "Name,", r"edited.csv: missing column\(s\) 'Model' \(or 'System', as older downloads call it\); "),
    (",Confident,True,", ",Confident,yes,", r"edited.csv, line 2, column 'Frontier model': expected True, False or "
                                            r"an empty cell, got 'yes'"),
    ("1728.0,", "1728 h,", r"edited.csv, line 2, column 'Training time \(hours\)': expected a number > 0"),
])
def test_a_bad_file_fails_with_one_line(tmp_path, old, new, message):
    with pytest.raises(DataError, match=message) as error:
        loaders.load_epoch_models(_edited(tmp_path, old, new))
    assert "\n" not in str(error.value)


def test_a_system_listed_twice_is_refused_in_either_schema(tmp_path):
    for source in (NEW, OLD):
        old, new = ("Synth-ConvNet 25M", "Synth-LM 70B") if source == NEW else ("Synth-ConvNet 60M", "Synth-NetSpeak")
        path = _edited(tmp_path, old, new, source)
        with pytest.raises(DataError, match=r"1 system\(s\) listed more than once"):
            loaders.load_epoch_models(path)


def test_a_changed_file_is_read_again(tmp_path):
    path = _edited(tmp_path, "Synth-LM 70B", "Synth-LM 70B")
    assert loaders.load_epoch_models(path)["system"].iloc[0] == "Synth-LM 70B"
    path.write_text(NEW.read_text().replace("Synth-LM 70B", "Synth-LM 71B"))
    assert loaders.load_epoch_models(path)["system"].iloc[0] == "Synth-LM 71B"


def test_the_car_is_strubells_table_1():
    assert loaders.car_lifetime_lb() == 126_000  # Strubell et al. 2019, Table 1, car with fuel, one lifetime


# --- Captions follow the data -------------------------------------------------------------------------------------

def test_the_credit_names_the_dataset_and_its_date():
    snapshot = ("Epoch AI, Notable AI Models (epoch.ai/data, CC BY 4.0), snapshot 2024-12 "
                "(epoch_notable_ai_models_2024-12.csv), systems published up to 2024-12-06")
    assert loaders.dataset_credit("bundled") == snapshot
    assert loaders.dataset_credit("bundled", "my chart") == "my chart"
    assert loaders.dataset_credit(str(OLD), "my chart") == (
        "Epoch AI, Notable AI Models (epoch.ai/data, CC BY 4.0), file epoch_notable_models_old_schema.csv, systems "
        "published up to 2021-01-05")
    assert str(FIXTURES) not in loaders.dataset_credit(str(NEW))  # a file name, never a machine's path


def _caption(fig) -> str:
    text = fig.get_supxlabel().replace("\n", " ")  # wrapped to the figure's width
    plt.close(fig)
    return text


def test_the_trend_figures_credit_the_data_they_plot():
    text = _caption(model_size_growth.Steps(model_size_growth.Parameters(dataset=str(OLD), start="1950",
                                                                         **FAST)).figure)
    assert text.startswith("Data: Epoch AI, Notable AI Models") and "epoch_notable_models_old_schema.csv" in text
    assert "2021-01-05" in text and "parameter_counts.csv" not in text
    text = _caption(model_size_growth.Steps(model_size_growth.Parameters(**FAST)).figure)
    assert "data/parameter_counts.csv" in text and "Epoch" not in text

    run = ai_and_compute.Steps(ai_and_compute.Parameters(dataset=str(NEW), start="1950", end="2024",
                                                         era_boundary="auto", **FAST))
    for _, fig in run.figures():
        text = _caption(fig)
        assert "file epoch_notable_models_new_schema.csv, systems published up to 2024-09-30" in text
        assert "OpenAI" not in text
    text = _caption(ai_and_compute.Steps(ai_and_compute.Parameters(**FAST)).figure_all_eras)
    assert "OpenAI's AI and Compute chart values (Amodei & Hernandez 2018; Sastry et al. 2019)" in text


# --- Notebook 09 on the bundled snapshot --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def snapshot():
    return today.Steps(today.Parameters(**FAST))


def test_the_breakpoint_falls_in_2012_with_a_wide_interval(snapshot):
    result, doubling = snapshot.eras, snapshot.doubling_times
    # an independent least-squares search over every split of the 443 systems (issue #15's research notes): the
    # best split is between 2011-01-01 (Deep Autoencoders) and 2012-01-01 (LSTM LM); doubling 19.7987 months
    # before (n = 58), 5.47135 after (n = 385)
    assert result["breakpoint"]["fitted"] == 2012.0 and result["breakpoint"]["last_before"] == 2011.0
    assert result["breakpoint"]["low"] < 2011 and result["breakpoint"]["high"] > 2015  # the minimum is flat
    first, modern = doubling.loc["all notable, first era"], doubling.loc["all notable, modern era"]
    assert (first["n"], modern["n"]) == (58, 385)
    assert first["doubling_months"] == pytest.approx(19.7987, abs=1e-4)
    assert modern["doubling_months"] == pytest.approx(5.47135, abs=1e-5)
    assert modern["doubling_months_low"] < modern["doubling_months"] < modern["doubling_months_high"]


def test_openais_window_beside_its_3_4_months(snapshot):
    doubling = snapshot.doubling_times
    window = "OpenAI's window, 2012-2018"
    notable, frontier = doubling.loc[f"all notable, {window}"], doubling.loc[f"frontier, {window}"]
    # the same independent fits: all notable 10.435 months (n = 106, R2 0.11), frontier 4.17089 months (n = 36)
    assert (notable["n"], frontier["n"]) == (106, 36)
    assert notable["doubling_months"] == pytest.approx(10.435, abs=1e-3) and notable["r2"] < 0.12
    assert frontier["doubling_months"] == pytest.approx(4.17089, abs=1e-5)
    assert notable["published_months"] == frontier["published_months"] == 3.4  # OpenAI (data/claims.csv)
    assert doubling.loc["all notable, Sevilla et al.'s window, 2010-2022", "published_months"] == 5.7


def test_parameter_counts_per_domain(snapshot):
    fitted = snapshot.parameter_trends
    # independent fits, 2012-01-01 to 2024-12-06: language 9.91965 months (n = 286) with multimodal models, vision
    # 12.0598 (n = 141), vision alone 20.4149 (n = 94)
    assert fitted.at["language, models listing it", "n"] == 286
    assert fitted.at["language, models listing it", "doubling_months"] == pytest.approx(9.91965, abs=1e-5)
    assert fitted.at["vision, models listing it", "doubling_months"] == pytest.approx(12.0598, abs=1e-4)
    assert fitted.at["vision, models listing it alone", "doubling_months"] == pytest.approx(20.4149, abs=1e-4)


def test_every_run_with_hardware_quantity_and_time_is_estimated_or_says_why(snapshot):
    runs = snapshot.runs
    assert len(runs) == 120
    skipped = runs[runs["status"] != "estimated"].set_index("system")["epoch_hardware"].to_dict()
    assert skipped == {"Deep Autoencoders": "NVIDIA GeForce GTX 285", "VGG16": "NVIDIA GTX Titan Black"}
    estimated = runs[runs["status"] == "estimated"]
    assert estimated["co2e_t"].is_monotonic_decreasing
    assert (estimated["co2e_t_low"] < estimated["co2e_t"]).all()
    assert (estimated["co2e_t"] < estimated["co2e_t_high"]).all()
    # two kinds of chip: Epoch's power (about 1 W per chip on AlphaZero's row) is left out
    assert np.isnan(runs.set_index("system").at["AlphaZero", "epoch_power_mw"])


def test_the_largest_run_is_the_estimators_number(snapshot):
    params, runs = snapshot.params, snapshot.runs
    llama = runs.iloc[0]
    assert llama["system"] == "Llama 3.1-405B" and llama["grid"] == "USA (2023)"
    direct = estimate_run("H100 SXM", 16384, 2142, country="USA", seed=params.seed)
    assert llama["energy_mwh"] == direct.central["energy"] / 1000
    assert (llama["co2e_t_low"], llama["co2e_t_high"]) == (direct.low["CO2e"] / 1000, direct.high["CO2e"] / 1000)
    factors = loaders.load_factors()
    central = [factors.loc[(f, k), "central"] for f, k in (("power_fraction", "gpu"), ("server_overhead", "gpu"),
                                                               ("pue", "any"))]
    assert llama["energy_mwh"] == pytest.approx(16384 * 700 * np.prod(central) * 2142 / 1e6)
    assert llama["co2e_t"] == pytest.approx(llama["energy_mwh"] * grids.country("USA").g_per_kwh / 1000)
    assert llama["cars"] == pytest.approx(kg_to_lb(llama["co2e_t"] * 1000) / 126_000)
    # Epoch's power: 25,280,256 W = 16,384 x 700 W x 2.204 (research notes: 2.20426)
    assert llama["epoch_over_board_power"] == pytest.approx(2.20426, abs=1e-5)
    assert llama["epoch_energy_mwh"] == pytest.approx(llama["epoch_power_mw"] * 2142)


def test_epochs_power_is_about_2_2_times_chips_times_board_power(snapshot):
    check = snapshot.epoch_power
    for accelerator in ("A100 SXM4", "H100 SXM", "TPU v3", "TPU v4"):
        assert 2.2 <= check.at[accelerator, "min"] <= check.at[accelerator, "max"] <= 2.26
    # Epoch counts 250 W for its V100 DGXS rows, data/hardware.csv 300 W: the same factor times 250 / 300
    assert check.at["V100 SXM2 tensor", "median"] == pytest.approx(2.24 * 250 / 300, abs=0.01)


@pytest.mark.parametrize("countries, code", [
    ("United States of America", "USA"), ("Multinational,United Kingdom of Great Britain and Northern Ireland", "GBR"),
    ("Korea (Republic of),United States of America", "KOR"), ("China,China", "CHN"), ("France", "FRA"),
    ("Multinational", None), ("", None), (float("nan"), None), ("Atlantis,France", None),
])
def test_the_first_country_listed_gives_the_grid(countries, code):
    assert today_runs.first_country(countries) == code


def test_a_scenario_gives_every_run_its_grid_and_pue(snapshot):
    table = snapshot.systems
    params = today.Parameters(grid="france-2023", **FAST)
    chosen = today_runs.runs(params, table[table["system"].isin(["GPT-4", "PaLM (540B)"])])
    france = loaders.load_scenarios().loc["france-2023"]
    assert (chosen["grid"] == "scenario france-2023").all()
    assert (chosen["grid_g_per_kwh"] == france["g_per_kwh"]).all()
    assert "scenario france-2023" in today_runs.grid_assumption(params) and "PUE 1.58" in today_runs.grid_assumption(params)
    world = today_runs.runs(today.Parameters(grid="world", **FAST), table[table["system"] == "GPT-4"])
    assert world["grid"].tolist() == ["world (drawn)"]


def test_the_ledger_judges_todays_data(snapshot):
    ledger = snapshot.ledger.set_index("claim_id")
    assert (ledger["verdict"] == "differs").all()
    assert ledger.at["today-five-cars", "recomputed"] == pytest.approx(snapshot.runs.iloc[0]["cars"])
    assert 200 < ledger.at["today-five-cars", "recomputed"] < 500
    assert "frontier systems alone: 4.2 months" in ledger.at["today-aic-3-4-2012-2018", "explanation"]


@pytest.mark.parametrize("values, message", [
    (dict(grid="mars"), r"^grid must be one of 'country', 'world', 'strubell-2019'"),
    (dict(end="2000", start="2001"), r"^start must be before end \(got start 2001-01-01, end 2000-12-31\)$"),
    (dict(era_boundary="1940"), r"^era_boundary must lie after start"),
    (dict(end="2011"), r"^size_start must be before end"),
    (dict(dataset="nowhere.csv"), r"^dataset must be 'bundled' or the path of a CSV file"),
])
def test_bad_parameters_fail_with_one_line(values, message):
    with pytest.raises(ParameterError, match=message):
        today.Parameters(**values)


# --- Any download through -p dataset PATH ------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("fixture, verdicts", [
    (NEW, {"today-five-cars": "differs", "today-aic-3-4-2012-2018": "not checkable"}),
    (OLD, {"today-five-cars": "not checkable", "today-size-vision-3-4": "not checkable"}),
])
def test_an_epoch_download_of_either_schema_runs_the_notebook(tmp_path, fixture, verdicts):
    (tmp_path / "download.csv").write_bytes(fixture.read_bytes())
    out = tmp_path / "run"
    done = mlfootprint("run", "09", "-p", "dataset", "download.csv", "-p", "n_bootstrap", 200, "--out", out,
                       cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    ledger = pd.read_csv(out / "ledger.csv").set_index("claim_id")["verdict"].to_dict()
    assert {claim: ledger[claim] for claim in verdicts} == verdicts
    assert json.loads((out / "figures.json").read_text()) == today.Steps.figure_stems()
    printed = (out / "09-the-trends-today.ipynb").read_text()
    assert "file download.csv, systems published up to" in printed and "snapshot 2024-12" not in printed


def test_a_run_the_estimator_refuses_is_listed_with_the_reason(tmp_path):
    path = _edited(tmp_path, "NVIDIA H100 SXM5 80GB,512.0", "NVIDIA H100 SXM5 80GB,0.4")  # rounds to 0 chips
    estimated = today.Steps(today.Parameters(dataset=str(path), **FAST)).runs.set_index("system")
    assert estimated.at["Synth-VLM 12B", "status"].startswith("not estimated: count must be a whole number in [1, ")
    assert estimated.at["Synth-LM 70B", "status"] == "estimated"


# --- What the figures say they drew -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def old_schema_run():
    return today.Steps(today.Parameters(dataset=str(OLD), **FAST))


def _said(fig) -> str:
    return " ".join(fig.get_supxlabel().split())  # as written, before the layout wraps it


def test_the_doubling_figure_describes_only_what_it_draws_and_names_what_it_left_out(old_schema_run):
    doubling = old_schema_run.doubling_times
    fig = old_schema_run.figure_doubling
    drawn = [label.get_text() for label in fig.axes[0].get_yticklabels()]
    left_out = [fit for fit, row in doubling.iterrows() if not row["doubling_months"] > 0]
    assert left_out and not (doubling["subset"] == "frontier").any()
    text = _said(fig)
    assert "orange" not in text and "frontier" not in text  # the fixture flags no frontier system
    for fit in left_out:
        assert doubling.at[fit, "period"] in text.split("Not drawn: ")[1]
        assert not any(doubling.at[fit, "period"] in label for label in drawn)
    assert "triangles" in text  # an interval with no upper bound is drawn, and explained
    plt.close(fig)


def test_the_published_windows_are_said_to_be_fitted_whatever_the_run_s_window():
    run = today.Steps(today.Parameters(start="2015-01-01", **FAST))
    fig = run.figure_doubling
    text = _said(fig)
    assert "whatever this run's window (2015-01-01 to " in text
    assert run.doubling_times.filter(like="OpenAI's window", axis=0)["from"].min() < 2015  # as the caption says
    plt.close(fig)


def test_the_parameter_panels_each_give_their_own_fit_or_why_there_is_none(old_schema_run):
    fig, fitted = old_schema_run.figure_parameters, old_schema_run.parameter_trends
    language, vision = fig.axes
    assert "no fit" in vision.get_title() and "2 models" in vision.get_title()
    n = fitted.at["language, models listing it", "n"]
    assert f"fit (n={n:.0f})" in language.get_title()
    points = old_schema_run.sized.query("size_domain == 'language'")["parameters"]
    band = language.collections[-1].get_paths()[0].vertices[:, 1]
    assert points.min() <= band.min() and band.max() <= points.max()  # the band clipped to the points' range
    plt.close(fig)


def test_the_two_fits_do_not_share_one_legend_swatch():
    fig = today.Steps(today.Parameters(**FAST)).figure_parameters
    from mlfootprint import plotting
    plotting.lay_out(fig)
    labels = [text.get_text() for legend in fig.legends for text in legend.get_texts()]
    assert not any(domain in label for label in labels for domain in ("language", "vision"))
    assert all("doubling in" in ax.get_title() for ax in fig.axes)
    plt.close(fig)


def test_a_long_compute_legend_goes_in_columns_so_the_plot_keeps_the_height():
    from mlfootprint import plotting
    fig = today.Steps(today.Parameters(start="2015-01-01", era_boundary="2018-01-01", **FAST)).figure_compute
    plotting.lay_out(fig)
    legend, = fig.legends
    assert legend._ncols >= 2
    assert fig.axes[0].get_position().height > 0.45
    plt.close(fig)

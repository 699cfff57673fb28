"""AI and Compute (article Figs. 1-2) and model size (Fig. 3) against the published numbers (issue #3)."""

import pandas as pd
import pytest

from mlfootprint import claims, loaders
from mlfootprint.analyses import ai_and_compute, model_size_growth
from mlfootprint.checks import DataError, ParameterError
from mlfootprint.paths import ROOT

FIXTURE = str(ROOT / "tests" / "fixtures" / "epoch_notable_models_synthetic.csv")
ARTICLE = dict(dataset="bundled", start="1959-01-01", end="2018-12-31", era_boundary="2012-01-01",
               n_bootstrap=500, seed=0)


@pytest.fixture(scope="module")
def article():
    params = ai_and_compute.Parameters(**ARTICLE)
    systems = ai_and_compute.systems(params)
    return params, systems, ai_and_compute.eras(params, systems)


def test_bundled_data_sources(article):
    _, systems, _ = article
    fitted = systems[systems["in_fit"]]
    assert len(fitted) == 22 and (systems["value_source"] == "openai-chart").sum() == 15
    assert set(systems.loc[~systems["in_fit"], "value_source"]) == {"not-found"}
    # AlphaGo Zero: the article's 1,862 pfs-days (OpenAI chart data); Epoch's 3.41e23 FLOP kept as alternative
    table = loaders.load_ai_and_compute().set_index("system")
    assert table.at["AlphaGo Zero", "pfs_days"] == 1862
    assert table.at["AlphaGo Zero", "alternative_value"] == 3.41e23


def test_modern_era_doubles_every_3_4_months(article):
    _, _, result = article
    modern = result["trends"].loc["modern era"]
    # OpenAI's original caption: 3.43 months; the copied chart data give 3.437
    assert modern["doubling_months"] == pytest.approx(3.43, abs=0.01)
    assert modern["doubling_months_low"] < 3.4 < modern["doubling_months_high"]
    assert modern["n"] == 15
    first = result["trends"].loc["first era"]
    assert 18 < first["doubling_months"] < 30  # the addendum's "~2-year doubling"


def test_fitted_breakpoint_is_alexnet(article):
    _, _, result = article
    assert result["breakpoint"]["fitted"] == pytest.approx(2012 + 152 / 366)  # AlexNet, 2012-06-01
    assert result["breakpoint"]["low"] <= result["breakpoint"]["fitted"] <= result["breakpoint"]["high"]


def test_ledger_matches_the_known_findings(article):
    params, systems, result = article
    values, reasons = ai_and_compute.recomputed(params, systems, result)
    verdicts = claims.ledger(ai_and_compute.NOTEBOOK, values, reasons).set_index("claim_id")["verdict"].to_dict()
    assert verdicts == {
        "aic-doubling-3-4": "reproduced",
        "aic-doubling-3-43": "differs",  # 3.437 is 0.2 % off the caption
        "aic-doubling-3-5": "differs",
        "aic-factor-11-5": "differs",  # 2^(12/3.4) from the rounded doubling time
        "aic-factor-10": "reproduced",
        "aic-first-era-2-years": "reproduced",
        "aic-300000x": "reproduced",  # 1862 / 0.00578754 = 321,726
        "aic-1e18-in-60-years": "differs",  # the data span 2.3e17; 1e18 is the axis range
        "epoch-5-7-months": "not checkable",  # needs Epoch's database
        "epoch-21-3-months": "not checkable",
    }


def test_auto_boundary_uses_the_fitted_breakpoint():
    params = ai_and_compute.Parameters(**{**ARTICLE, "era_boundary": "auto"})
    systems = ai_and_compute.systems(params)
    result = ai_and_compute.eras(params, systems)
    assert result["boundary"] == result["breakpoint"]["fitted"]


def test_epoch_csv_runs_the_same_analysis():
    params = ai_and_compute.Parameters(**{**ARTICLE, "dataset": FIXTURE, "start": "1950", "end": "2023"})
    systems = ai_and_compute.systems(params)
    assert systems["in_fit"].sum() == 14  # 15 rows: one without a date and compute
    values, reasons = ai_and_compute.recomputed(params, systems, ai_and_compute.eras(params, systems))
    assert values["epoch-5-7-months"] is not None and "systems of the file" in reasons["epoch-5-7-months"]
    assert values["aic-300000x"] == pytest.approx(3.4e23 / 4.7e17)


def test_epoch_csv_with_model_column(tmp_path):
    text = open(FIXTURE).read().replace("System,", "Model,", 1)
    (tmp_path / "new.csv").write_text(text)
    assert loaders.load_epoch_models(tmp_path / "new.csv")["system"].iloc[0] == "Perceptron Mark I"


def test_epoch_csv_missing_a_column(tmp_path):
    text = open(FIXTURE).read().replace("Training compute (FLOP)", "Compute", 1)
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(DataError, match=r"bad.csv: missing column\(s\) 'Training compute \(FLOP\)'"):
        loaders.load_epoch_models(tmp_path / "bad.csv")


@pytest.mark.parametrize("changes, message", [
    (dict(dataset="nothing.csv"), r"^dataset must be 'bundled' or the path of a CSV file \(got 'nothing.csv': no such file, looked up from the working folder\)$"),
    (dict(start="2019-01-01"), r"^start must be before end \(got start 2019-01-01, end 2018-12-31\)$"),
    (dict(end="whenever"), r"^end must be a year"),
    (dict(era_boundary="1900"), r"^era_boundary must lie between start and end"),
    (dict(n_bootstrap=5), r"^n_bootstrap must be a whole number in \[100, 100,000\] \(got 5\)$"),
])
def test_bad_parameters(changes, message):
    with pytest.raises(ParameterError, match=message):
        ai_and_compute.Parameters(**{**ARTICLE, **changes})


def test_empty_window_is_refused():
    params = ai_and_compute.Parameters(**{**ARTICLE, "start": "2019-01-01", "end": "2020-12-31",
                                           "era_boundary": "auto"})
    with pytest.raises(ParameterError, match=r"^the window 2019-01-01 to 2020-12-31 holds 0 systems"):
        ai_and_compute.systems(params)


SIZE = dict(dataset="bundled", start="2012-01-01", end="2023-12-31", domains=["language", "vision"],
            n_bootstrap=500, seed=0)


def test_model_size_does_not_double_every_3_4_months():
    params = model_size_growth.Parameters(**SIZE)
    models = model_size_growth.models(params)
    fitted = model_size_growth.domain_trends(params, models)
    # mixture-of-experts models are shown but not fitted
    assert not models.loc[models["mixture_of_experts"], "in_fit"].any()
    assert fitted.at["language", "doubling_months_low"] > 3.4
    assert fitted.at["vision", "doubling_months_low"] > 3.4
    assert fitted.at["vision", "doubling_months"] > fitted.at["language", "doubling_months"]
    values, reasons = model_size_growth.recomputed(params, models, fitted)
    ledger = claims.ledger(model_size_growth.NOTEBOOK, values, reasons).set_index("claim_id")
    assert ledger.loc[["size-language-3-4", "size-vision-3-4"], "verdict"].eq("differs").all()


def test_model_size_on_an_epoch_csv_splits_multi_domain_rows():
    params = model_size_growth.Parameters(**{**SIZE, "dataset": FIXTURE, "start": "1950"})
    models = model_size_growth.models(params)
    clip = models[models["system"] == "CLIP (ViT L/14@336px)"]
    assert sorted(clip["domain"]) == ["language", "vision"]


@pytest.mark.parametrize("changes, message", [
    (dict(domains=["audio"]), r"^domains must be a non-empty list of 'language', 'vision' \(got 'audio' in \['audio'\]\)$"),
    (dict(domains=[]), r"^domains must be a non-empty list of 'language', 'vision' \(got \[\]\)$"),
])
def test_model_size_bad_parameters(changes, message):
    with pytest.raises(ParameterError, match=message):
        model_size_growth.Parameters(**{**SIZE, **changes})


def test_parameter_counts_file():
    table = loaders.load_parameter_counts()
    assert len(table) == 44 and set(table["domain"]) == {"language", "vision"}
    assert set(table.loc[table["mixture_of_experts"], "model"]) == {"GShard MoE 600B", "Switch-C"}
    # GPT-3: 175.0e9 (Brown et al. 2020, Table 2.1)
    assert table.set_index("model").at["GPT-3 175B", "parameters"] == 175e9
    assert pd.isna(table.set_index("model").at["ZFNet (Zeiler & Fergus)", "parameters"])

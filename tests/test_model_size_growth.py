"""Notebook 03 (article Fig. 3, growth of model size) against the published numbers, through the analysis's chain
of steps."""

import pandas as pd
import pytest

from mlfootprint import loaders
from mlfootprint.analyses import model_size_growth
from mlfootprint.checks import ParameterError
from mlfootprint.notebook_parameters import ARTICLE_DATE
from mlfootprint.paths import ROOT

FIXTURE = str(ROOT / "tests" / "fixtures" / "epoch_notable_models_synthetic.csv")


SIZE = dict(dataset="bundled", start="2012-01-01", end="2022-03-10", domains=["language", "vision"],
            n_bootstrap=500, seed=0)


def test_model_size_does_not_double_every_3_4_months():
    run = model_size_growth.Steps(model_size_growth.Parameters(**SIZE))
    models, fitted = run.models, run.fitted
    # mixture-of-experts models are shown but not fitted
    assert not models.loc[models["mixture_of_experts"], "in_fit"].any()
    assert fitted.at["language", "doubling_months_low"] > 3.4
    assert fitted.at["vision", "doubling_months_low"] > 3.4
    assert fitted.at["vision", "doubling_months"] > fitted.at["language", "doubling_months"]
    ledger = run.ledger.set_index("claim_id")
    assert ledger.loc[["size-language-3-4", "size-vision-3-4", "size-parameters-not-hyperparameters"],
                      "verdict"].eq("differs").all()


def test_model_size_defaults_stop_at_the_article_and_fit_later_models_apart():
    # the article is dated 2022-03-10; Chinchilla (2022-03-29), PaLM, LLaMA and ViT-22B came later
    assert model_size_growth.Parameters().end == ARTICLE_DATE == "2022-03-10"
    run = model_size_growth.Steps(model_size_growth.Parameters(**SIZE))
    models = run.models
    later = models[models["after_article"]]
    assert sorted(later["system"]) == ["Chinchilla", "LLaMA-65B", "PaLM 540B", "ViT-22B"]
    assert not later["in_fit"].any() and (later["date"] > pd.Timestamp(ARTICLE_DATE)).all()
    fitted = run.fitted
    assert fitted["to"].max() < 2022.19  # nothing after the article enters the fit that judges it
    extension = run.extension
    assert extension.at["language", "n"] == fitted.at["language", "n"] + 3
    assert extension.at["vision", "n"] == fitted.at["vision", "n"] + 1
    table = run.trends
    assert list(table["fit"]) == [model_size_growth.ARTICLE_WINDOW] * 2 + [model_size_growth.EXTENSION] * 2
    # the verdict on the article comes from the window's fit only
    recomputed = run.recomputed
    assert recomputed.values["size-language-3-4"] == fitted.at["language", "doubling_months"]


def test_model_size_without_later_models_has_no_extension():
    run = model_size_growth.Steps(model_size_growth.Parameters(**{**SIZE, "end": "2023-12-31"}))
    assert run.models.loc[run.models["after_article"], "in_fit"].all()  # the reader's choice: fitted, still marked
    assert run.extension.empty


def test_model_size_on_an_epoch_csv_splits_multi_domain_rows():
    models = model_size_growth.Steps(model_size_growth.Parameters(**{**SIZE, "dataset": FIXTURE, "start": "1950"})).models
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

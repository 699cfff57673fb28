"""An estimate written for reading (mlfootprint.statement): numbers in a fitting unit, the statement in Markdown and
LaTeX with every factor and its source, the model card and the files."""

import json

import pandas as pd
import pytest
from helpers import DEFAULT_RUN, EXACT, EXACT_KWH

from mlfootprint import estimate, grids, statement


@pytest.fixture(scope="module")
def default():
    return estimate.from_options(**DEFAULT_RUN)


def test_an_exact_estimate_is_shown_without_an_interval():
    result = estimate.from_options(**EXACT)
    assert statement.shown(result, "energy") == ("2.816 MWh", "")  # 2,816 kWh
    assert statement.shown(result, "CO2e") == ("157.7 kg CO2e", "")


def test_the_statement_names_the_codecarbon_whose_grid_it_used():
    result = estimate.from_options("H100 SXM", 8, 10, country="FRA")
    assert f"CodeCarbon {grids.codecarbon_version()}" in statement.statement(result)


def test_the_statement_names_every_factor_with_its_value_and_source(default):
    text = statement.statement(default, "md")
    assert "11.02 t CO2e (5-95 % interval 2.05-18.1 t CO2e)" in text and "seed 0" in text
    for factor in default.factors.values():
        assert f"{factor.label[0].upper()}{factor.label[1:]}: {factor.central:g}" in text
        assert factor.source in text
    assert default.run.power_source in text
    tex = statement.statement(default, "tex")
    assert r"5-95 \% interval" in tex and r"\begin{itemize}" in tex and "server\\_TDP\\_fraction" in tex
    assert statement.tex_escape("a_b & 5% $x$ #1 {y} ~^\\") == (r"a\_b \& 5\% \$x\$ \#1 \{y\} \textasciitilde{}"
                                                              r"\textasciicircum{}\textbackslash{}")

def test_outputs_written_with_their_content(tmp_path):
    result = estimate.from_options(**EXACT)
    paths = statement.write_outputs(result, tmp_path)
    assert [p.name for p in paths] == ["estimate.csv", "terms.csv", "statement.md", "statement.tex", "model-card.json"]
    table = pd.read_csv(tmp_path / "estimate.csv")
    assert list(table.columns) == ["quantity", "unit", "central", "low", "high"]
    assert list(table["quantity"]) == ["energy", "CO2e", "cost", "embodied CO2e", "total CO2e", "water", "total cost"]
    assert list(table["unit"]) == ["kWh", "kg CO2e", "USD", "kg CO2e", "kg CO2e", "L", "USD"]
    assert table.loc[0, ["central", "low", "high"]].tolist() == [EXACT_KWH] * 3
    card = json.loads((tmp_path / "model-card.json").read_text())["co2_eq_emissions"]
    # Hugging Face model cards: emissions in grams, source, training_type, geographical_location, hardware_used
    assert set(card) == {"emissions", "source", "training_type", "geographical_location", "hardware_used"}
    assert card["emissions"] == pytest.approx(157_696) and card["hardware_used"] == "64 x A100 SXM4"
    assert card["training_type"] is None and "56 g CO2e/kWh" in card["geographical_location"]
    assert "2.816 MWh" in (tmp_path / "statement.md").read_text()  # 2,816 kWh

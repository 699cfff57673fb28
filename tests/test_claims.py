import pytest

from mlfootprint import claims
from mlfootprint.catalogue import find
from mlfootprint.checks import ParameterError

ALEXNET = find("02")


def test_verdicts():
    assert claims.verdict(500, 495.5, 0.1) == claims.REPRODUCED
    assert claims.verdict(470, 486, 0.0106) == claims.DIFFERS
    assert claims.verdict(470, None, 0.01) == claims.NOT_CHECKABLE
    assert claims.verdict(470, float("nan"), 0.01) == claims.NOT_CHECKABLE


def test_tolerance_is_relative_and_inclusive():
    assert claims.verdict(100, 110, 0.1) == claims.REPRODUCED
    assert claims.verdict(100, 110.001, 0.1) == claims.DIFFERS
    assert claims.verdict(1e-3, 0.9e-3, 0.1) == claims.REPRODUCED


def alexnet_values(value=1.0):
    return {claim_id: value for claim_id in claims.load_claims().query("notebook == @ALEXNET.stem").index}


def test_ledger_needs_every_claim_of_the_notebook():
    values = alexnet_values()
    values.pop("alexnet-openai-ops-pf")
    values["no-such-claim"] = 1
    with pytest.raises(ParameterError, match=r"claims not judged: \['alexnet-openai-ops-pf'\].*\['no-such-claim'\]"):
        claims.ledger(ALEXNET, values)


def test_every_verdict_but_reproduced_is_explained():
    values = alexnet_values()
    values["alexnet-openai-gpu-pf"] = 500.0  # exactly the published value
    values["alexnet-article-flop"] = None  # cannot be recomputed
    table = claims.ledger(ALEXNET, values, reasons={"alexnet-article-flop": "no input"}).set_index("claim_id")
    assert table.loc["alexnet-openai-gpu-pf", "verdict"] == "reproduced"
    assert table.loc["alexnet-openai-gpu-pf", "explanation"] == ""
    assert table.loc["alexnet-article-flop", "verdict"] == "not checkable"
    assert table.loc["alexnet-article-flop", "explanation"] == "no input"
    differs = table[table["verdict"] == "differs"]
    assert len(differs) == len(table) - 2
    assert differs["explanation"].str.len().gt(0).all()


def test_explanation_falls_back_from_reason_to_known_reason_to_ratio():
    values = alexnet_values()
    values["alexnet-article-flop"] = 5.5e17  # no known_reason in data/claims.csv
    table = claims.ledger(ALEXNET, values, reasons={"alexnet-openai-ops-pf": "given here"}).set_index("claim_id")
    assert table.loc["alexnet-openai-ops-pf", "explanation"] == "given here"
    assert table.loc["alexnet-openai-gpu-pfs-days", "explanation"].startswith("0.0058 needs utilization 1/3")
    assert table.loc["alexnet-article-flop", "explanation"] == (
        "recomputed value is 1.109x the published one, outside the 0.001 relative tolerance"
    )


def test_display_table_shows_the_digits_that_matter():
    values = alexnet_values(0.0057353856)
    values["alexnet-openai-ops-pf"] = 470.14
    shown = claims.display_table(claims.ledger(ALEXNET, values)).set_index("unit", append=True)
    assert "0.00573539" in shown["recomputed"].tolist()  # six significant figures
    row = shown.xs("PF", level="unit").loc["AlexNet by counting operations (OpenAI method 1): 470 PF"]
    assert (row["recomputed"], row["ratio"]) == ("470.14", "1.0003")  # a 0.03 % gap stays visible
    assert "claim_id" not in shown.columns

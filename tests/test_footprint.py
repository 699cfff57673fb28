"""The whole footprint of a training run (mlfootprint.footprint, through mlfootprint.estimate): each term apart, exact
when every factor is given (the studies' own inputs are the fixtures), intervals otherwise, switchable, the server
overhead counted once, what is not counted said, and bad input refused in one line."""

import numpy as np
import pytest

from mlfootprint import estimate, footprint, statement
from mlfootprint.checks import ParameterError
from mlfootprint.lifecycle_loaders import load_lifecycle_factors
from mlfootprint.notebook_parameters import EstimateParameters

# BLOOM (Luccioni, Viguier & Ligozat 2023, Sec. 4.1, read in secondary quotations; GPU-hours: Table 1 and GENCI):
# 1,082,990 A100-hours on 384 GPUs in 8-GPU servers of 2,500 kg CO2e, 150 kg per GPU, 6 years at 85 % usage:
# 0.056 kg per server-hour, 0.003 kg per GPU-hour, 7.57 t + 3.64 t = 11.2 t.
BLOOM = dict(hardware="A100 SXM4", count=384, hours=1_082_990 / 384, embodied_kg_per_accelerator=150,
             embodied_kg_per_server=2500, accelerators_per_server=8, lifetime_years=6, usage_share=0.85,
             terms=["embodied"])
# Li et al., Making AI Less "Thirsty" (Table 1, read in secondary copies): GPT-3's 1,287 MWh (Patterson et al. 2021)
# x WUE 0.550 L/kWh = 0.708 million L on site; x PUE 1.170 x EWIF 3.142 L/kWh = 4.731 million L off site; 5.439 in all.
# A run whose IT energy is 1,287 MWh: one V100 (300 W) at full power, no overhead, for 4,290,000 h.
GPT3_WATER = dict(hardware="V100 SXM2", count=1, hours=4_290_000, power_fraction=1, server_overhead=1, pue=1.17,
                  grid_g_per_kwh=429, wue_l_per_kwh=0.55, ewif_l_per_kwh=3.142, terms=["water"])
# Epoch AI (training-cost-trends): DGX A100 at release, 24,875 USD per GPU; 0.14 orders of magnitude a year x ln 10 =
# 0.3224 a year; the interconnect 19 % of the cluster's cost.
OWNED = dict(hardware="A100 SXM4", count=64, hours=100, power_fraction=1, server_overhead=1, pue=1.1, grid_g_per_kwh=56,
             price_per_kwh=0.1, hardware_usd_per_accelerator=24875, amortisation_per_year=0.3224,
             interconnect_share=0.19, terms=["hardware_cost"])


@pytest.fixture(scope="module")
def default():
    return estimate.from_options(**EstimateParameters().values())


def test_embodied_emissions_are_blooms_formula_and_exact_when_every_factor_is_given():
    result = estimate.from_options(**BLOOM)
    assert result.exact("embodied CO2e") and result.exact("embodied_servers")
    servers, gpus = (result.terms.at[term, "central"] for term in ("embodied_servers", "embodied_accelerators"))
    assert servers == pytest.approx(1_082_990 / 8 * 2500 / (6 * 8760 * 0.85))  # 7,575.3 kg: BLOOM prints 7.57 t
    assert round(gpus / 1000, 2) == 3.64 and round((servers + gpus) / 1000, 1) == 11.2
    assert result.low["embodied CO2e"] == result.central["embodied CO2e"] == result.high["embodied CO2e"]
    assert result.central["total CO2e"] == pytest.approx(result.central["CO2e"] + servers + gpus)
    assert round(footprint.embodied_kg(1, 2500, 6, 0.85), 3) == 0.056 and round(footprint.embodied_kg(1, 150, 6, 0.85),
                                                                                 3) == 0.003


def test_water_is_li_et_als_formula_wue_on_it_energy_ewif_on_facility_energy():
    result = estimate.from_options(**GPT3_WATER)
    assert result.exact("water")
    assert result.terms.at["water_onsite", "central"] == pytest.approx(1_287_000 * 0.55)  # 707,850 L
    assert result.terms.at["water_offsite", "central"] == pytest.approx(1_287_000 * 1.17 * 3.142)
    assert round(result.central["water"] / 1e6, 3) == 5.439


def test_the_full_cost_of_owned_hardware_and_of_a_cloud_rental():
    owned = estimate.from_options(**OWNED)
    hardware = 24875 * 0.3224 * 64 * 100 / 8760 / (1 - 0.19)
    assert owned.terms.at["hardware", "central"] == pytest.approx(hardware)
    assert owned.central["total cost"] == pytest.approx(hardware + 2816 * 0.1) and owned.exact("total cost")
    cloud = estimate.from_options(**{**OWNED, "hardware_usd_per_accelerator": None, "amortisation_per_year": None,
                                     "interconnect_share": None, "cost_basis": "cloud", "cloud_usd_per_hour": 1.89})
    assert cloud.central["total cost"] == pytest.approx(64 * 100 * 1.89)  # the price includes the electricity
    assert cloud.central["cost"] == pytest.approx(281.6) and "hardware" not in cloud.counted


def test_factors_not_given_are_drawn_from_their_sourced_ranges(default):
    table = load_lifecycle_factors()
    per_gpu = (table.at[("embodied_co2e_accelerator", "gpu"), "central"]
               + table.at[("embodied_co2e_server", "any"), "central"] / table.at[("accelerators_per_server", "gpu"),
                                                                                  "central"])
    lifetime = table.at[("hardware_lifetime", "any"), "central"] * 8760
    assert default.central["embodied CO2e"] == pytest.approx(64 * 240 * per_gpu / lifetime)
    assert default.factors["hardware_price"].central == table.at[("hardware_price", "H100 SXM"), "central"]
    for quantity in ("embodied CO2e", "total CO2e", "water", "total cost"):
        assert default.low[quantity] < default.central[quantity] < default.high[quantity]
    tpu = estimate.from_options("TPU v4", 8, 10)
    assert tpu.factors["embodied_accelerator"].central == table.at[("embodied_co2e_accelerator", "tpu"), "central"]
    assert "(read: low secondary, central secondary, high secondary)" in tpu.factors["embodied_accelerator"].source


def test_the_new_terms_leave_energy_co2e_and_cost_as_they_were(default):
    before = estimate.from_options(**{**EstimateParameters().values(), "terms": None})
    assert before.quantities == ["energy", "CO2e", "cost"]
    for quantity in before.quantities:
        assert (default.central[quantity], default.low[quantity], default.high[quantity]) == (
            before.central[quantity], before.low[quantity], before.high[quantity])
    np.testing.assert_array_equal(default.draws["CO2e"], before.draws["CO2e"])


def test_the_rest_of_the_servers_is_the_server_overhead_counted_once(default):
    terms = default.terms["central"]
    assert terms["accelerators"] + terms["non_accelerator"] + terms["facility"] == pytest.approx(
        default.central["energy"])
    overhead = default.factors["server_overhead"].central
    assert terms["non_accelerator"] == pytest.approx(terms["accelerators"] * (overhead - 1))
    alone = estimate.from_options("H100 SXM", 64, 240, server_overhead=1)  # the accelerators alone, as BLOOM counts
    assert alone.terms.at["non_accelerator", "central"] == 0


def test_each_term_switches_off_and_what_is_not_counted_is_said():
    result = estimate.from_options("H100 SXM", 8, 10, terms=["water"])
    assert result.quantities == ["energy", "CO2e", "cost", "water"]
    assert result.not_counted == {"embodied": "switched off by terms", "hardware_cost": "switched off by terms"}
    text = statement.statement(result)
    assert "Not counted: embodied emissions (switched off by terms)" in text
    for missing in footprint.NOT_COUNTED:
        assert missing in text and missing in statement.summary(result)


def test_a_term_without_a_sourced_price_is_not_counted_and_says_what_to_give():
    result = estimate.from_options("P100 SXM2", 8, 100)
    assert "total cost" not in result.quantities and "hardware" not in result.counted
    assert "give hardware_usd_per_accelerator" in result.not_counted["hardware_cost"]
    priced = estimate.from_options("P100 SXM2", 8, 100, hardware_usd_per_accelerator=10_000)
    assert "total cost" in priced.quantities and not priced.factors["hardware_price"].sampled


def test_the_tornado_the_statement_and_the_model_card_carry_the_new_factors(default):
    assert {"embodied_accelerator", "embodied_server", "accelerators_per_server", "lifetime", "usage_share"} <= set(
        default.tornado("total CO2e")["name"])
    assert set(default.tornado("water")["name"]) == {"power_fraction", "server_overhead", "pue", "wue", "ewif"}
    assert default.most_influential("total cost") == "amortisation"
    for markup in ("md", "tex"):
        text = statement.statement(default, markup)
        for factor in default.factors.values():
            assert statement.tex_escape(factor.source) in text or factor.source in text
        assert "Not counted" in text and "Li et al. (2023)" in text
    card = statement.model_card(default)["co2_eq_emissions"]
    assert card["emissions"] == pytest.approx(default.central["CO2e"] * 1000, rel=1e-5)  # operational only
    assert "the card has no field for the rest of the footprint: embodied emissions" in card["source"]


@pytest.mark.parametrize("values, message", [
    (dict(terms="water", lifetime_years=3), r"^lifetime_years is a factor of the embodied term, which terms leaves "
                                           r"out \(got terms \['water'\]\); add 'embodied' to terms"),
    (dict(cloud_usd_per_hour=2), r"^cloud_usd_per_hour needs cost_basis 'cloud' \(got cost_basis 'owned'\)$"),
    (dict(cost_basis="cloud", hardware_usd_per_accelerator=30_000), r"^hardware_usd_per_accelerator is a factor of "
                                                                    r"owned hardware, not of cost_basis 'cloud'"),
    (dict(usage_share=1.5), r"^usage_share must be a number in \(0, 1\] or None \(got 1.5\)$"),
    (dict(lifetime_years=0), r"^lifetime_years must be a number in \(0, 30\] or None \(got 0\)$"),
    (dict(accelerators_per_server=0), r"^accelerators_per_server must be a whole number in \[1, 64\] or None"),
    (dict(interconnect_share=1), r"^interconnect_share must be a number in \[0, 0.99\] or None \(got 1\)"),
    (dict(wue_l_per_kwh=-1), r"^wue_l_per_kwh must be a number in \[0, 20\] or None \(got -1\)"),
    (dict(terms=["carbon"]), r"^terms must be 'all' or a non-empty list of 'embodied', 'water', 'hardware_cost'"),
    (dict(cost_basis="lease"), r"^cost_basis must be one of 'owned', 'cloud' \(got 'lease'\)$"),
])
def test_bad_whole_footprint_input_is_refused_in_one_line(values, message):
    with pytest.raises(ParameterError, match=message):
        EstimateParameters(**values)


def test_terms_may_be_given_as_the_command_line_writes_them():
    assert EstimateParameters(terms="embodied, water").terms == ["embodied", "water"]
    assert EstimateParameters(terms="none").terms is None and EstimateParameters().terms == "all"


def test_the_switches_and_options_declared_for_the_command_are_the_estimators():
    from mlfootprint.notebook_parameters import TERM_OPTIONS, WHOLE_FOOTPRINT_TERMS

    assert WHOLE_FOOTPRINT_TERMS == tuple(footprint.OPTIONS) == tuple(TERM_OPTIONS)
    assert {option for options in TERM_OPTIONS.values() for option in options} == set(estimate.LIFECYCLE_OPTIONS)
    assert set(estimate.LIFECYCLE_OPTIONS) <= set(EstimateParameters.specs())

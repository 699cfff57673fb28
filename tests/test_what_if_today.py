"""Notebook 07's re-costing: the paper's scenario gives the paper's numbers; the others scale by PUE and grid."""

import pytest

from mlfootprint.analyses import what_if_today
from mlfootprint.checks import ParameterError


@pytest.fixture(scope="module")
def everything():
    return what_if_today.Steps(what_if_today.Parameters())


def test_every_run_under_every_scenario(everything):
    recosted = everything.recosted
    assert len(recosted) == 8 * len(everything.scenarios)
    tpu = recosted[recosted["run"].str.contains("TPU")]
    assert tpu["kwh"].isna().all() and tpu["co2e_lb"].isna().all()  # no power figure: never zero


def test_paper_scenario_reproduces_table3_and_five_cars(everything):
    recosted, ledger = everything.recosted, everything.ledger
    assert (ledger["verdict"] == "reproduced").all()
    # Table 3: Transformer big 192 lb with the paper's factors
    big = recosted[(recosted["run"] == "Transformer big (P100x8)") & (recosted["scenario"] == "strubell-2019")]
    assert round(big["co2e_lb"].item()) == 192


def test_car_lifetimes_are_the_product_of_the_two_factors(everything):
    in_cars = everything.car_lifetimes
    paper = in_cars.at["strubell-2019", "car_lifetimes"]
    product = paper * in_cars["data_centre_factor"] * in_cars["grid_factor"]
    assert in_cars["car_lifetimes"].to_numpy() == pytest.approx(product.to_numpy())
    # hyperscale: PUE 1.1 (Epoch shortcut) on the 2023 US grid, 369.473 g CO2e/kWh (Ember via CodeCarbon 3.3.2)
    assert in_cars.at["hyperscale", "car_lifetimes"] == pytest.approx(626_155 / 126_000 * 1.1 / 1.58 * 369.473
                                                                      / 453.59237 / 0.954,
                                                                      rel=1e-6)


def test_without_the_paper_scenario_the_claims_are_not_checkable():
    run = what_if_today.Steps(what_if_today.Parameters(scenarios=["france-2023"], electricity_usd_per_kwh=0.1))
    recosted, ledger = run.recosted, run.ledger
    assert (ledger["verdict"] == "not checkable").all()
    assert recosted["electricity_usd"].dropna().to_numpy() == pytest.approx(0.1 * recosted["kwh"].dropna().to_numpy())


@pytest.mark.parametrize("scenarios, price, message", [
    (["mars"], None, r"^scenarios must be 'all' or a non-empty list of 'strubell-2019', .* \(got 'mars' in \['mars'\]\)$"),
    ([], None, r"^scenarios must be 'all' or a non-empty list of 'strubell-2019', 'us-2023'"),
    ("all", -0.1, r"^electricity_usd_per_kwh must be a number in \[0, 10\] or None \(got -0.1\)"),
])
def test_bad_parameters(scenarios, price, message):
    with pytest.raises(ParameterError, match=message):
        what_if_today.Parameters(scenarios=scenarios, electricity_usd_per_kwh=price)


def _figure(scenarios):
    return dict(what_if_today.Steps(what_if_today.Parameters(scenarios=scenarios)).figures())["what-if-today"]


def test_title_and_caption_follow_the_scenarios_and_what_is_drawn():
    alone = _figure(["france-2023"])
    title, caption = alone._suptitle.get_text(), " ".join(alone.get_supxlabel().split())
    assert "france-2023" in title and "today" not in title and "paper" not in title
    assert "interval" not in caption and not alone.axes[0].containers[1:]  # no interval drawn, none described
    both = _figure(["strubell-2019", "sweden-2023"])
    title, caption = " ".join(both._suptitle.get_text().split()), " ".join(both.get_supxlabel().split())
    assert "as in the paper (strubell-2019)" in title and "sweden-2023" in title and "today" not in title
    assert "the interval under strubell-2019" in caption


def test_a_single_scenario_s_bar_stays_as_thick_as_one_of_several():
    fig = _figure(["france-2023"])
    ax = fig.axes[0]
    fig.canvas.draw()
    bar = ax.patches[0].get_window_extent()
    assert bar.height / ax.get_window_extent().height <= 0.55 / what_if_today.FEWEST_ROWS + 1e-6

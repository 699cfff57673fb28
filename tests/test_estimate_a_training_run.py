"""Notebook 08 (estimate a training run): its parameters as `mlfootprint estimate` checks them (units, names, bad
values), and its claims: the estimator gives the measured runs of Strubell et al. and Patterson et al. back."""

import pytest

from mlfootprint.analyses import estimate_a_training_run
from mlfootprint.checks import ParameterError
from mlfootprint.notebook_parameters import EstimateParameters


def test_the_python_api_checks_as_the_command_does():
    result = estimate_a_training_run.estimate_run("a100 sxm4", 64, 100, power_fraction=1, server_overhead=1, pue=1.1,
                                                  grid_g_per_kwh="0.056 kg/kWh")
    assert result.run.hardware == "A100 SXM4" and result.central["energy"] == pytest.approx(2816)
    with pytest.raises(ParameterError, match=r"^count must be a whole number"):
        estimate_a_training_run.estimate_run("B200", 0, 10)


@pytest.mark.parametrize("given, g_per_kwh", [
    (56, 56.0), ("56", 56.0), ("56 g/kWh", 56.0), ("0.056 kg/kWh", 56.0),
    ("0.954 lb/kWh", 432.72712098), ("0.954lb/kwh", 432.72712098),  # 1 lb = 453.59237 g (exact)
])
def test_grid_units(given, g_per_kwh):
    assert EstimateParameters(grid_g_per_kwh=given).grid_g_per_kwh == pytest.approx(g_per_kwh)

def test_the_notebooks_grid_factor_in_lb_takes_other_units_too():
    from mlfootprint.notebook_parameters import ComparisonsParameters

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

def test_the_notebooks_claims_are_the_measured_runs_given_back():
    values = estimate_a_training_run.Steps(EstimateParameters(samples=1000)).recomputed
    assert values["estimate-strubell-nas-kwh"] == pytest.approx(656_347, abs=0.5)  # Strubell et al. Table 3
    assert values["estimate-strubell-nas-co2e"] == pytest.approx(626_155, abs=0.5)
    assert values["estimate-patterson-nas-mwh"] == pytest.approx(200 * 6.8 * 24 * 208 * 1.10 / 1e6)  # Appendix D
    assert values["estimate-patterson-nas-tco2e"] == pytest.approx(values["estimate-patterson-nas-mwh"] * 0.431)


@pytest.fixture(scope="module")
def cars():
    return estimate_a_training_run.five_cars(estimate_a_training_run.strubell_nas(EstimateParameters(samples=100)))


def _caption(fig) -> str:
    return " ".join(fig.get_supxlabel().split())  # as written, before the layout wraps it


def _figures(cars, **options):
    est = estimate_a_training_run.estimate_run("H100 SXM", 64, 240, **options)
    return est, estimate_a_training_run.tornado_figure(est), estimate_a_training_run.interval_figure(est, cars)


def test_the_figures_name_the_factors_given_and_the_grid_drawn(cars):
    import matplotlib.pyplot as plt

    est, tornado, interval = _figures(cars, country="FRA", pue=1.1, samples=100, seed=3)
    for fig in (tornado, interval):
        assert "France (FRA)" in _caption(fig) and "PUE 1.1" in _caption(fig)
        assert est.location in _caption(fig)
    assert [t.get_text().split("\n")[0] for t in tornado.axes[0].get_yticklabels()] == [
        "power fraction", "server overhead"]  # the given PUE and grid are not drawn as bars
    bars_100 = len(interval.axes[0].patches)
    _, tornado, interval = _figures(cars, samples=10_000)
    assert "world's national grids weighted by generation" in _caption(tornado)
    assert "world's national grids weighted by generation" in _caption(interval)
    assert bars_100 < len(interval.axes[0].patches) / 2  # fewer bins for fewer samples
    plt.close("all")


def test_with_every_factor_given_the_figures_say_exact_not_uncertain(cars):
    import matplotlib.pyplot as plt

    _, tornado, interval = _figures(cars, power_fraction=1, server_overhead=1, pue=1.1, grid_g_per_kwh=56,
                                    price_per_kwh=0.1, samples=100)
    assert "most" not in tornado._suptitle.get_text() and "exact" in tornado._suptitle.get_text()
    assert "uncertainty" not in interval._suptitle.get_text() and "exact" in interval._suptitle.get_text()
    for fig in (tornado, interval):
        assert "PUE 1.1" in _caption(fig) and "56 g CO2e/kWh" in _caption(fig)
    plt.close("all")

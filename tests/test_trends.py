"""Trend fits on synthetic data with a known doubling time, and every bad input the fits refuse."""

import math

import numpy as np
import pytest

from mlfootprint import trends
from mlfootprint.checks import ParameterError


def exponential(doubling_months, years, start_value=1.0, noise=0.0, seed=1):
    """Values that double every `doubling_months`, with optional log-normal noise (std in decades)."""
    years = np.asarray(years, dtype=float)
    logs = np.log10(start_value) + (years - years[0]) * 12 / doubling_months * math.log10(2)
    logs += np.random.default_rng(seed).normal(0, noise, len(years)) if noise else 0
    return 10 ** logs


def test_fractional_year():
    # 2012 is a leap year: 2 July starts day 184, so 183 days have passed -> 2012 + 183/366 = 2012.5
    assert trends.fractional_year(["2012-07-02", "2013-01-01"]).tolist() == [2012.5, 2013.0]


def test_exact_exponential_gives_its_doubling_time():
    years = np.linspace(2012, 2018, 15)
    fit = trends.fit_trend(years, exponential(3.4, years))
    assert fit.doubling_months == pytest.approx(3.4, rel=1e-9)
    assert fit.factor_per_year == pytest.approx(2 ** (12 / 3.4), rel=1e-9)  # 11.5x, the article's figure
    assert fit.r2 == pytest.approx(1.0)
    assert fit.predict([2012])[0] == pytest.approx(1.0)


def test_bootstrap_interval_covers_the_truth_and_is_seeded():
    years = np.linspace(2010, 2020, 40)
    values = exponential(6.0, years, noise=0.3)
    summary = trends.trend_summary(years, values, n_bootstrap=2000, seed=3)
    assert summary["doubling_months_low"] < 6.0 < summary["doubling_months_high"]
    assert summary["factor_per_year_low"] < summary["factor_per_year"] < summary["factor_per_year_high"]
    again = trends.trend_summary(years, values, n_bootstrap=2000, seed=3)
    assert again == summary
    other = trends.trend_summary(years, values, n_bootstrap=2000, seed=4)
    assert other["doubling_months_low"] != summary["doubling_months_low"]


def test_interval_is_open_ended_when_the_slope_may_be_zero():
    assert trends.doubling_interval((-0.1, 0.5)) == (12 * math.log10(2) / 0.5, math.inf)


def test_breakpoint_is_found_where_the_growth_rate_changes():
    early = np.linspace(1960, 2010, 12)
    late = np.linspace(2012.3, 2018, 14)
    years = np.concatenate([early, late])
    values = np.concatenate([exponential(24, early, 1e-14), exponential(3.4, late, 1e-3)])
    fit = trends.breakpoint_fit(years, values)
    assert fit["breakpoint"] == pytest.approx(2012.3)
    assert fit["last_before"] == pytest.approx(2010)
    assert fit["before"].doubling_months == pytest.approx(24)
    assert fit["after"].doubling_months == pytest.approx(3.4)
    samples = trends.bootstrap_breakpoints(years, values, n_bootstrap=500, seed=0)
    assert np.median(samples) == pytest.approx(2012.3)


def test_sensitivity_drops_points_at_both_ends():
    years = np.linspace(2012, 2018, 15)
    table = trends.sensitivity(years, exponential(3.4, years), drop=3)
    assert len(table) == 16
    assert table["doubling_months"].round(9).eq(3.4).all()
    assert table.loc[(table["dropped_first"] == 3) & (table["dropped_last"] == 3), "n"].item() == 9


@pytest.mark.parametrize("years, values, message", [
    ([2012, 2013], [1, 2], r"^window: at least 3 points with a date and a value are needed to fit a trend \(got 2\)$"),
    ([2012, 2013, 2014], [1, 0, 2], r"^window values\[1\] must be a number in \(0, inf\) \(got 0\)$"),
    ([2012, 2013, 2014], [1, -3, 2], r"^window values\[1\] must be a number in \(0, inf\)"),
    ([2012, 2012, 2012], [1, 2, 3], r"^window: all 3 points have the same date"),
    ([2012, float("nan"), 2014], [1, 2, 3], r"^window dates\[1\] must be a number"),
])
def test_bad_points(years, values, message):
    with pytest.raises(ParameterError, match=message):
        trends.fit_trend(years, values, what="window")


def test_two_eras_need_six_points():
    with pytest.raises(ParameterError, match=r"a two-era fit needs at least 6 points \(got 5\)"):
        trends.breakpoint_fit([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])


@pytest.mark.parametrize("n_bootstrap, seed, message", [
    (10, 0, r"^n_bootstrap must be a whole number in \[100, 100000\] \(got 10\)$"),
    (1000, -1, r"^seed must be a whole number in \[0, inf\) \(got -1\)$"),
    (1000.5, 0, r"^n_bootstrap must be a whole number"),
])
def test_bad_bootstrap_settings(n_bootstrap, seed, message):
    with pytest.raises(ParameterError, match=message):
        trends.trend_summary([1, 2, 3], [1, 2, 4], n_bootstrap, seed)


def test_the_bootstrap_band_holds_the_fitted_line_and_narrows_with_less_noise():
    years = np.linspace(2010, 2020, 40)
    noisy = exponential(6.0, years, noise=0.3)
    band = trends.band(years, noisy, n_bootstrap=1000, seed=3)
    fit = trends.fit_trend(years, noisy)
    assert band["year"].iloc[0] == years.min() and band["year"].iloc[-1] == years.max()
    assert (band["low"] < fit.predict(band["year"])).all() and (fit.predict(band["year"]) < band["high"]).all()
    quiet = trends.band(years, exponential(6.0, years, noise=0.03), n_bootstrap=1000, seed=3)
    assert (np.log10(quiet["high"] / quiet["low"]) < np.log10(band["high"] / band["low"])).all()
    assert trends.band(years, noisy, n_bootstrap=1000, seed=3).equals(band)  # seeded
    with pytest.raises(ParameterError, match="n_bootstrap"):
        trends.band(years, noisy, n_bootstrap=10, seed=3)

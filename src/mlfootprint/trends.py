"""Exponential trends over time: least-squares fits of log10(value) against fractional year, doubling times with
seeded bootstrap intervals, a two-era fit whose breakpoint is chosen by the data, and window sensitivity.

The fitted model is log10(value) = intercept + slope x year; doubling time (months) = 12 x log10(2) / slope and
growth per year = 10 ** slope. Intervals are percentile bootstrap intervals over systems (pairs resampled with
replacement, seeded), as in Sevilla et al. 2022 (Compute Trends Across Three Eras of ML).
"""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import DegenerateDataWarning, bootstrap  # at import: a sweep's parent imports it once (1 s)

from .limits import MAX_BOOTSTRAP
from .checks import ParameterError, number

MONTHS_PER_YEAR = 12
MIN_POINTS = 3
LOG10_2 = math.log10(2)


def fractional_year(dates) -> np.ndarray:
    """Dates -> years as decimals (2012-07-02 -> 2012.5), counting the days of each year."""
    dates = pd.to_datetime(pd.Series(dates))
    start = pd.to_datetime(dates.dt.year.astype(str) + "-01-01")
    length = np.where(dates.dt.is_leap_year, 366.0, 365.0)
    return (dates.dt.year + (dates - start).dt.days / length).to_numpy(dtype=float)


DATE_CONVENTIONS = ("by day of year", "as days / 365.25", "to the month")
"""Ways of turning a publication date into a decimal year, which a published fit seldom states: the day's place in its
own year (`fractional_year`, this package's), days since 1970-01-01 over 365.25, or the month alone (year + (month -
1) / 12, as for dates known to the month). A fit is recomputed under each (`fit_choices`)."""


def decimal_years(dates, convention: str = DATE_CONVENTIONS[0]) -> np.ndarray:
    """Dates -> decimal years under one of DATE_CONVENTIONS."""
    dates = pd.to_datetime(pd.Series(dates))
    if convention == "by day of year":
        return fractional_year(dates)
    if convention == "as days / 365.25":
        return (1970 + (dates - pd.Timestamp("1970-01-01")).dt.days / 365.25).to_numpy(dtype=float)
    if convention == "to the month":
        return (dates.dt.year + (dates.dt.month - 1) / 12).to_numpy(dtype=float)
    raise ParameterError(f"convention must be one of {', '.join(DATE_CONVENTIONS)} (got {convention!r})")


@dataclass(frozen=True)
class Fit:
    """A least-squares exponential trend: log10(value) = intercept + slope x year."""

    n: int
    slope: float  # orders of magnitude per year
    intercept: float
    r2: float
    first_year: float
    last_year: float

    @property
    def doubling_months(self) -> float:
        return MONTHS_PER_YEAR * LOG10_2 / self.slope if self.slope else math.inf

    @property
    def factor_per_year(self) -> float:
        return 10 ** self.slope

    def predict(self, years):
        return 10 ** (self.intercept + self.slope * np.asarray(years, dtype=float))


def _check_points(years, values, what: str):
    years, values = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    if len(years) != len(values):
        raise ParameterError(f"{what}: {len(years)} dates but {len(values)} values")
    if len(years) < MIN_POINTS:
        raise ParameterError(f"{what}: at least {MIN_POINTS} points with a date and a value are needed to fit a "
                             f"trend (got {len(years)})")
    number(f"{what} values", values, 0, low_open=True)
    number(f"{what} dates", years)
    if np.ptp(years) == 0:
        raise ParameterError(f"{what}: all {len(years)} points have the same date; a trend needs different dates")
    return years, values


def fit_trend(years, values, what: str = "trend") -> Fit:
    """Least-squares fit of log10(values) on years (fractional). `what` names the data in error messages."""
    years, values = _check_points(years, values, what)
    logs = np.log10(values)
    slope, intercept = np.polyfit(years, logs, 1)
    residual = logs - (intercept + slope * years)
    total = ((logs - logs.mean()) ** 2).sum()
    r2 = 1 - (residual ** 2).sum() / total if total > 0 else 1.0
    return Fit(len(years), float(slope), float(intercept), float(r2), float(years.min()), float(years.max()))


def curve(row, points: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """The fitted line of a `trend_summary` row over its own years, for plotting: (years, values)."""
    years = np.linspace(row["from"], row["to"], points)
    return years, 10 ** (row["intercept"] + row["slope_oom_per_year"] * years)


def _slopes(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Least-squares slope of each row of x (years) and y (log values); NaN where a row has one distinct year."""
    xc = x - x.mean(axis=axis, keepdims=True)
    var = (xc ** 2).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(var > 1e-12, (xc * (y - y.mean(axis=axis, keepdims=True))).sum(axis=axis) / var, np.nan)


def _check_bootstrap(n_bootstrap, seed, level):
    number("n_bootstrap", n_bootstrap, 100, MAX_BOOTSTRAP, integer=True)
    number("seed", seed, 0, integer=True)
    number("level", level, 0, 1, low_open=True, high_open=True)


CHUNK_ELEMENTS = 500_000
"""Resampled points per chunk (4 MB of floats per array): resamples are drawn and fitted in chunks of this size,
so memory stays flat (tens of MB) whatever the number of points or resamples."""


def _chunk(n_points: int) -> int:
    return max(1, CHUNK_ELEMENTS // max(n_points, 1))


def bootstrap_slopes(years, values, n_bootstrap: int, seed: int, what: str = "trend") -> np.ndarray:
    """Slopes (OOM/year) of `n_bootstrap` resamples of the points, drawn with replacement in pairs by
    `scipy.stats.bootstrap` (seeded); resamples with a single distinct year have no slope and are dropped."""
    import warnings

    _check_bootstrap(n_bootstrap, seed, 0.5)
    years, values = _check_points(years, values, what)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        result = bootstrap((years, np.log10(values)), _slopes, paired=True, vectorized=True, method="percentile",
                           n_resamples=int(n_bootstrap), batch=_chunk(len(years)),
                           random_state=np.random.default_rng(int(seed)))
    slopes = result.bootstrap_distribution
    return slopes[np.isfinite(slopes)]


def interval(samples: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The central percentile interval of bootstrap samples."""
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail])
    return float(low), float(high)


def doubling_interval(slope_interval: tuple[float, float]) -> tuple[float, float]:
    """Doubling-time interval (months) from a slope interval; inf where the slope may be zero or negative."""
    low, high = slope_interval
    return (MONTHS_PER_YEAR * LOG10_2 / high if high > 0 else math.inf,
            MONTHS_PER_YEAR * LOG10_2 / low if low > 0 else math.inf)


def trend_summary(years, values, n_bootstrap: int, seed: int, level: float = 0.95, what: str = "trend") -> dict:
    """Fit, doubling time and growth per year, each with its bootstrap interval, as one flat dict (a table row)."""
    _check_bootstrap(n_bootstrap, seed, level)
    fit = fit_trend(years, values, what)
    slopes = interval(bootstrap_slopes(years, values, n_bootstrap, seed, what), level)
    doubling = doubling_interval(slopes)
    return {
        "n": fit.n, "from": fit.first_year, "to": fit.last_year, "r2": fit.r2,
        "slope_oom_per_year": fit.slope, "intercept": fit.intercept, "doubling_months": fit.doubling_months,
        "doubling_months_low": doubling[0], "doubling_months_high": doubling[1],
        "factor_per_year": fit.factor_per_year,
        "factor_per_year_low": 10 ** slopes[0], "factor_per_year_high": 10 ** slopes[1],
    }


def band(years, values, n_bootstrap: int, seed: int, level: float = 0.95, points: int = 40,
         what: str = "trend") -> pd.DataFrame:
    """The fitted trend's pointwise bootstrap band, for drawing: at `points` years over the points' span, the central
    `level` interval of the lines fitted to `n_bootstrap` resamples of the points (pairs drawn with replacement,
    seeded, in chunks; a resample with a single distinct year has no line and is dropped). Columns `year`, `low`,
    `high` (values, not logs)."""
    _check_bootstrap(n_bootstrap, seed, level)
    years, values = _check_points(years, values, what)
    grid = np.linspace(years.min(), years.max(), points)
    rng, logs, lines = np.random.default_rng(int(seed)), np.log10(values), []
    for start in range(0, int(n_bootstrap), _chunk(len(years))):
        rows = rng.integers(0, len(years), size=(min(_chunk(len(years)), int(n_bootstrap) - start), len(years)))
        x, y = years[rows], logs[rows]
        slope = _slopes(x, y)
        keep = np.isfinite(slope)
        intercept = y[keep].mean(axis=-1) - slope[keep] * x[keep].mean(axis=-1)
        lines.append(intercept[:, None] + slope[keep, None] * grid)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(np.concatenate(lines), [tail, 100 - tail], axis=0)
    return pd.DataFrame({"year": grid, "low": 10 ** low, "high": 10 ** high})


def slope_bounds(years, low, high) -> tuple[float, float]:
    """The least and the greatest least-squares slope of log10(value) on `years` when each value may lie anywhere
    from `low` to `high` (its printed rounding): the slope is linear in each log value, with weight (x - mean x) /
    sum((x - mean x)^2), so its extremes take each value at the end its weight's sign calls for (exact)."""
    x = np.asarray(years, dtype=float)
    weights = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
    lows, highs = np.log10(np.asarray(low, dtype=float)), np.log10(np.asarray(high, dtype=float))
    return float(np.where(weights > 0, lows, highs) @ weights), float(np.where(weights > 0, highs, lows) @ weights)


def fit_choices(dates, values, low, high, what: str = "trend") -> pd.DataFrame:
    """The doubling time (months) of one trend under each date convention (DATE_CONVENTIONS), with the interval the
    rounding of its values (each from `low` to `high`) carries through the fit (`slope_bounds`)."""
    rows = []
    for convention in DATE_CONVENTIONS:
        years = decimal_years(dates, convention)
        fit = fit_trend(years, values, what)
        low_months, high_months = doubling_interval(slope_bounds(years, low, high))
        rows.append({"date_convention": convention, "n": fit.n, "doubling_months": fit.doubling_months,
                     "doubling_months_low": low_months, "doubling_months_high": high_months})
    return pd.DataFrame(rows)


def trend_or_count(years, values, n_bootstrap: int, seed: int, what: str = "trend") -> dict:
    """`trend_summary`, or only the number of points ({"n": ...}) where they cannot carry a trend (fewer than
    MIN_POINTS, or all in one instant): for tables that list every subset, fitted or not."""
    years, values = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    if len(years) < MIN_POINTS or np.ptp(years) == 0:
        return {"n": len(years)}
    return trend_summary(years, values, n_bootstrap, seed, what=what)


def _segment_sse(x: np.ndarray, y: np.ndarray, min_points: int) -> np.ndarray:
    """For rows of x sorted ascending: SSE of two separate line fits split before each index k (later segment
    starts at x[k]); inf where a side has fewer than `min_points` points or a single distinct year, or where
    x[k-1] == x[k]. Uses running sums, so all splits of all rows cost O(rows x n)."""
    n = x.shape[-1]
    x = x - x.mean(axis=-1, keepdims=True)

    def running(a):
        return np.concatenate([np.zeros(a.shape[:-1] + (1,)), np.cumsum(a, axis=-1)], axis=-1)

    sums = [running(a) for a in (np.ones_like(x), x, y, x * x, x * y, y * y)]

    def sse(parts):
        k, sx, sy, sxx, sxy, syy = parts
        with np.errstate(invalid="ignore", divide="ignore"):
            vxx = sxx - sx * sx / k
            vxy = sxy - sx * sy / k
            vyy = syy - sy * sy / k
            return np.where(vxx > 1e-9, vyy - vxy * vxy / vxx, np.inf)

    split = np.arange(n + 1)
    left = sse([s[..., split] for s in sums])
    right = sse([s[..., -1:] - s[..., split] for s in sums])
    total = left + right
    total[..., :min_points] = np.inf
    total[..., n - min_points + 1:] = np.inf
    same = np.concatenate([np.ones(x.shape[:-1] + (1,), bool), x[..., 1:] == x[..., :-1],
                           np.ones(x.shape[:-1] + (1,), bool)], axis=-1)
    total[same] = np.inf
    return total


def breakpoint_fit(years, values, min_points: int = MIN_POINTS, what: str = "trend") -> dict:
    """Two separate exponential trends, split where their total squared error (in log10) is smallest.

    Returns {"breakpoint": first year of the later era, "last_before": last year of the earlier era,
    "before": Fit, "after": Fit}.
    """
    years, values = _check_points(years, values, what)
    if len(years) < 2 * min_points:
        raise ParameterError(f"{what}: a two-era fit needs at least {2 * min_points} points (got {len(years)})")
    order = np.argsort(years, kind="stable")
    x, y = years[order], np.log10(values[order])
    total = _segment_sse(x, y, min_points)
    if not np.isfinite(total).any():
        raise ParameterError(f"{what}: no split leaves {min_points} points with different dates on each side")
    k = int(np.argmin(total))
    return {"breakpoint": float(x[k]), "last_before": float(x[k - 1]),
            "before": fit_trend(x[:k], 10 ** y[:k], what), "after": fit_trend(x[k:], 10 ** y[k:], what)}


def bootstrap_breakpoints(years, values, n_bootstrap: int, seed: int, min_points: int = MIN_POINTS,
                          what: str = "trend") -> np.ndarray:
    """Breakpoints (first year of the later era) of resampled points; resamples with no valid split dropped.
    Resamples are drawn and fitted in chunks, so memory stays flat."""
    _check_bootstrap(n_bootstrap, seed, 0.5)
    years, values = _check_points(years, values, what)
    rng, logs, found = np.random.default_rng(int(seed)), np.log10(values), []
    for start in range(0, int(n_bootstrap), _chunk(len(years))):
        rows = rng.integers(0, len(years), size=(min(_chunk(len(years)), int(n_bootstrap) - start), len(years)))
        x, y = years[rows], logs[rows]
        order = np.argsort(x, axis=-1, kind="stable")
        x, y = np.take_along_axis(x, order, -1), np.take_along_axis(y, order, -1)
        total = _segment_sse(x, y, min_points)
        valid = np.isfinite(total).any(axis=-1)
        k = np.argmin(np.where(np.isfinite(total), total, np.inf), axis=-1)
        found.append(np.take_along_axis(x, k[:, None], -1)[:, 0][valid])
    return np.concatenate(found)


def sensitivity(years, values, drop: int = 3, what: str = "trend") -> pd.DataFrame:
    """Doubling time as the window moves: drop the first i and the last j points (i, j = 0..drop), refit.

    Rows: start and end year of each window, points in it, doubling time (months); windows with fewer than
    3 points are left out.
    """
    number("drop", drop, 0, integer=True)
    years, values = _check_points(years, values, what)
    order = np.argsort(years, kind="stable")
    years, values = years[order], values[order]
    rows = []
    for first in range(drop + 1):
        for last in range(drop + 1):
            x, v = years[first:len(years) - last], values[first:len(years) - last]
            if len(x) >= MIN_POINTS and np.ptp(x) > 0:
                fit = fit_trend(x, v, what)
                rows.append({"dropped_first": first, "dropped_last": last, "start": x[0], "end": x[-1],
                             "n": len(x), "doubling_months": fit.doubling_months})
    return pd.DataFrame(rows)


def breakpoint_with_interval(years, values, n_bootstrap: int, seed: int, what: str = "trend") -> dict:
    """The fitted breakpoint (`breakpoint_fit`: first year of the later era, and `last_before`) with its 95 %
    bootstrap interval (`low`, `high`) and the number of resamples that had a valid split."""
    fitted = breakpoint_fit(years, values, what=what)
    samples = bootstrap_breakpoints(years, values, n_bootstrap, seed, what=what)
    low, high = interval(samples)
    return {"fitted": fitted["breakpoint"], "last_before": fitted["last_before"], "low": low, "high": high,
            "resamples": len(samples)}

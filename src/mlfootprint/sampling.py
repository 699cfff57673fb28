"""The factors of an estimate and how they are drawn: each factor is given (exact) or drawn from a triangular
distribution of a sourced range (low, central as its mode, high), or from weighted values (the world's grids).

Every factor the estimator knows is listed once in `FACTORS` with its label, unit and what it is a factor of;
`mlfootprint.estimate` (operational energy, CO2e and electricity cost) and `mlfootprint.footprint` (idle power,
embodied emissions, water and full cost) choose them, `mlfootprint.statement` writes them out.
"""

from dataclasses import dataclass

import numpy as np

FACTORS = {  # name: (label, unit)
    "power_fraction": ("power fraction", "fraction of board power"),
    "server_overhead": ("server overhead", "ratio"),
    "pue": ("PUE", "ratio"),
    "grid": ("grid carbon intensity", "g CO2e/kWh"),
    "price": ("electricity price", "USD/kWh"),
    "embodied_accelerator": ("embodied emissions of an accelerator", "kg CO2e per accelerator"),
    "embodied_server": ("embodied emissions of a server, accelerators excluded", "kg CO2e per server"),
    "accelerators_per_server": ("accelerators per server", "accelerators"),
    "lifetime": ("hardware lifetime", "years"),
    "usage_share": ("usage share of the lifetime", "fraction"),
    "wue": ("on-site water use (WUE)", "L/kWh of IT energy"),
    "ewif": ("off-site water of the electricity (EWIF)", "L/kWh of electricity"),
    "hardware_price": ("hardware price", "USD per accelerator, server included"),
    "amortisation": ("amortisation rate", "per year"),
    "interconnect_share": ("interconnect share of the cluster cost", "fraction"),
    "cloud_price": ("cloud price", "USD per accelerator-hour"),
}
"""Every factor of the estimator, in the order the Monte Carlo draws them (the first five as before issue #25, so
that their samples, and the intervals of energy, CO2e and cost, are unchanged by the new terms)."""
PERCENTILES = (5.0, 95.0)
"""The interval reported: 5th to 95th percentile of the samples."""


@dataclass(frozen=True)
class Factor:
    """One factor of the formula: its central value and range (equal when given), whether it is sampled, how it was
    set (`origin`), what it counts (`basis`) and its source. `values` and `weights`, when set, replace the triangular
    distribution by drawing one of `values` with probability proportional to its weight."""

    name: str
    central: float
    low: float
    high: float
    sampled: bool
    origin: str
    source: str
    basis: str = ""
    values: tuple = ()
    weights: tuple = ()

    @property
    def label(self) -> str:
        return FACTORS[self.name][0]

    @property
    def unit(self) -> str:
        return FACTORS[self.name][1]

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n values: the central one when not sampled; else triangular(low, central, high), or weighted `values`."""
        if not self.sampled or self.low == self.high:
            return np.full(n, self.central)
        if self.values:
            weights = np.asarray(self.weights, dtype=float)
            return rng.choice(np.asarray(self.values, dtype=float), size=n, p=weights / weights.sum())
        return rng.triangular(self.low, self.central, self.high, n)


def given(name: str, value: float, origin: str = "given", source: str = "given", basis: str = "") -> Factor:
    """A factor known exactly (no range)."""
    return Factor(name, float(value), float(value), float(value), False, origin, source, basis)


def ranged(name: str, low: float, central: float, high: float, origin: str, source: str, basis: str = "") -> Factor:
    """A factor drawn from triangular(low, central, high)."""
    if not low <= central <= high:
        raise ValueError(f"{name}: expected low <= central <= high (got {low:g}, {central:g}, {high:g})")
    return Factor(name, float(central), float(low), float(high), low < high, origin, source, basis)


def weighted_percentile(values, weights, percent: float) -> float:
    """The value below which `percent` % of the total weight lies (the first value reaching it, sorted)."""
    order = np.argsort(values)
    cumulative = np.cumsum(np.asarray(weights, dtype=float)[order])
    return float(np.asarray(values, dtype=float)[order][np.searchsorted(cumulative, cumulative[-1] * percent / 100)])

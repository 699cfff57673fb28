"""Energy, CO2e and cost of any training run, with sourced default factors, a Monte Carlo interval and the factor
that moves the result most. Used by `mlfootprint estimate` and notebooks 08 and 09; `mlfootprint.statement`
writes an estimate for reading.

The formula is Strubell et al. 2019's Eq. 1 and 2, generalised from a measured power to a board power:

    energy (kWh) = count x board power (W) x power fraction x server overhead x hours x PUE / 1000
    CO2e (kg)    = energy (kWh) x grid carbon intensity (g CO2e/kWh) / 1000
    cost (USD)   = energy (kWh) x electricity price (USD/kWh)

A factor given (as a parameter, or by a scenario of data/scenarios.csv) is used as it is. A factor not given is
drawn from a triangular distribution (low, central as its mode, high) of data/factors.csv; the grid, when no
country, value or scenario gives it, is drawn from the world's national grids in CodeCarbon's data, each with
probability proportional to its generation. The central estimate uses every factor's central value; the interval
spans the 5th to 95th percentiles of the samples. With every factor given, the result is exact.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import energy, grids
from .checks import finite_result, number
from .loaders import load_factors, load_hardware, load_scenarios

PERCENTILES = (5.0, 95.0)
"""The interval reported: 5th to 95th percentile of the samples."""
QUANTITIES = {"energy": "kWh", "CO2e": "kg CO2e", "cost": "USD"}
FACTORS = {  # name: (label, unit, the quantities it moves)
    "power_fraction": ("power fraction", "fraction of board power", ("energy", "CO2e", "cost")),
    "server_overhead": ("server overhead", "ratio", ("energy", "CO2e", "cost")),
    "pue": ("PUE", "ratio", ("energy", "CO2e", "cost")),
    "grid": ("grid carbon intensity", "g CO2e/kWh", ("CO2e",)),
    "price": ("electricity price", "USD/kWh", ("cost",)),
}
DEFAULT_DATACENTRE = "any"
"""Data-centre kind of data/factors.csv whose PUE range is used when no PUE or scenario is given."""
DEFAULT_PRICE = "us_industrial"
"""Electricity market of data/factors.csv whose price range is used when no price is given."""
FORMULA_SOURCE = "Strubell, Ganesh & McCallum (2019), Eq. 1 and 2, generalised to a board power"


@dataclass(frozen=True)
class Factor:
    """One factor of the formula: its central value and range (equal when given), whether it is sampled, how it was
    set (`origin`), what it counts (`basis`, grids only) and its source. `values` and `weights`, when set, replace
    the triangular distribution by drawing one of `values` with probability proportional to its weight."""

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


def ranged(name: str, low: float, central: float, high: float, origin: str, source: str) -> Factor:
    """A factor drawn from triangular(low, central, high)."""
    if not low <= central <= high:
        raise ValueError(f"{name}: expected low <= central <= high (got {low:g}, {central:g}, {high:g})")
    return Factor(name, float(central), float(low), float(high), low < high, origin, source)


def weighted_percentile(values, weights, percent: float) -> float:
    """The value below which `percent` % of the total weight lies (the first value reaching it, sorted)."""
    order = np.argsort(values)
    cumulative = np.cumsum(np.asarray(weights, dtype=float)[order])
    return float(np.asarray(values, dtype=float)[order][np.searchsorted(cumulative, cumulative[-1] * percent / 100)])


def world_grid() -> Factor:
    """The grid of a run whose location is not given: a country drawn with probability proportional to its
    generation (CodeCarbon's data); central = generation-weighted mean, low and high = weighted 5th and 95th
    percentiles."""
    values, weights = grids.world()
    first, last = grids.world_years()
    central = float(np.average(values, weights=weights))
    return Factor("grid", central, weighted_percentile(values, weights, PERCENTILES[0]),
                  weighted_percentile(values, weights, PERCENTILES[1]), True,
                  f"location not given: {len(values)} national grids weighted by generation ({first}-{last})",
                  grids.source(), grids.BASIS, tuple(values), tuple(weights))


KIND_WORDS = {"gpu": "GPUs", "tpu": "TPUs", "any": "a data centre of any kind",
              "hyperscale": "a hyperscale data centre", "colocation": "a colocation data centre",
              "industry_average": "the average data centre", "on_premise": "a small server room",
              "personal": "a personal computer", "us_industrial": "the US industrial average"}
"""The kinds of data/factors.csv in words, for the statement."""


def default_factor(name: str, factor: str, kind: str) -> Factor:
    """The sourced range of `factor` (a row of data/factors.csv) for `kind`, as the estimate's factor `name`."""
    row = load_factors().loc[(factor, kind)]
    year = "" if pd.isna(row["year"]) else f", {row['year']}"
    return ranged(name, row["low"], row["central"], row["high"], f"default for {KIND_WORDS.get(kind, kind)}{year}",
                  row["source"])


@dataclass(frozen=True)
class Run:
    """What trained: `count` accelerators named `hardware` (board power in W, its source) for `hours`."""

    hardware: str
    count: int
    hours: float
    board_power_w: float
    power_source: str
    factor_kind: str


def training_run(hardware: str, count: int, hours: float) -> Run:
    """The run's accelerator from data/hardware.csv (an exact name: the parameter check resolves its case)."""
    row = load_hardware().loc[hardware]
    return Run(hardware, int(count), float(hours), float(row["board_power_w"]), row["power_source"],
               row["factor_kind"])


def chosen_factors(hardware: str, power_fraction=None, server_overhead=None, pue=None, scenario=None, country=None,
                   grid_g_per_kwh=None, price_per_kwh=None) -> dict[str, Factor]:
    """Every factor of a run on `hardware`: given, from the scenario, or its sourced default range (values as
    `notebook_parameters.EstimateParameters` checks them)."""
    kind = load_hardware().at[hardware, "factor_kind"]
    chosen = {}
    for name, value in (("power_fraction", power_fraction), ("server_overhead", server_overhead)):
        chosen[name] = given(name, value) if value is not None else default_factor(name, name, kind)
    row = load_scenarios().loc[scenario] if scenario else None
    if pue is not None:
        chosen["pue"] = given("pue", pue)
    elif row is not None:
        chosen["pue"] = given("pue", row["pue"], f"scenario {scenario} ({row['pue_year']})", row["pue_source"])
    else:
        chosen["pue"] = default_factor("pue", "pue", DEFAULT_DATACENTRE)
    if grid_g_per_kwh is not None:
        chosen["grid"] = given("grid", grid_g_per_kwh)
    elif country is not None:
        grid = grids.country(country)
        chosen["grid"] = given("grid", grid.g_per_kwh, f"{grid.label}, {grid.year}", grids.source(), grids.BASIS)
    elif row is not None:
        year = "year not identified" if pd.isna(row["grid_year"]) else row["grid_year"]
        chosen["grid"] = given("grid", row["g_per_kwh"], f"scenario {scenario} ({year})", row["grid_source"],
                               row["grid_basis"])
    else:
        chosen["grid"] = world_grid()
    chosen["price"] = (given("price", price_per_kwh) if price_per_kwh is not None
                       else default_factor("price", "electricity_price", DEFAULT_PRICE))
    return chosen


def _evaluate(run: Run, values: dict) -> dict:
    """The three quantities for one value (or array) of each factor (Strubell et al.'s Eq. 1 and 2 from board
    power, and the electricity price)."""
    power = energy.accelerator_power_w(run.count, run.board_power_w, values["power_fraction"],
                                       values["server_overhead"])
    kwh = energy.energy_kwh(run.hours, power, values["pue"])
    return {"energy": kwh, "CO2e": energy.co2e_kg(kwh, values["grid"]),
            "cost": energy.electricity_cost_usd(kwh, values["price"])}


@dataclass(frozen=True)
class Estimate:
    """An estimate: the run, its factors, and for each quantity (energy kWh, CO2e kg, cost USD) the central value
    and the 5-95 % interval (equal to the central value when no factor it depends on is sampled)."""

    run: Run
    factors: dict
    samples: int
    seed: int
    central: dict
    low: dict
    high: dict
    draws: dict = field(repr=False)
    location: str = ""

    def exact(self, quantity: str) -> bool:
        """Whether no factor that `quantity` depends on is sampled."""
        return not any(self.factors[n].sampled for n, (_, _, moves) in FACTORS.items() if quantity in moves)

    @property
    def codecarbon(self) -> str:
        """The installed CodeCarbon's version when its data, read for this estimate, gave the grid, else "" (a
        scenario's grid is the value its data file records, with the version it names)."""
        return grids.codecarbon_version() if self.factors["grid"].source == grids.source() else ""

    def table(self) -> pd.DataFrame:
        """quantity, unit, central, low, high: one row each for energy, CO2e and cost."""
        return pd.DataFrame({"quantity": list(QUANTITIES), "unit": list(QUANTITIES.values()),
                             "central": [self.central[q] for q in QUANTITIES],
                             "low": [self.low[q] for q in QUANTITIES], "high": [self.high[q] for q in QUANTITIES]})

    def factor_table(self) -> pd.DataFrame:
        """Every factor: central, low, high, unit, sampled or not, how it was set, basis and source."""
        rows = [{"factor": f.label, "central": f.central, "low": f.low, "high": f.high, "unit": f.unit,
                 "sampled": f.sampled, "set by": f.origin, "basis": f.basis, "source": f.source}
                for f in self.factors.values()]
        return pd.DataFrame(rows).set_index("factor")

    def tornado(self, quantity: str = "CO2e") -> pd.DataFrame:
        """One-at-a-time swings: `quantity` with each sampled factor at its low and at its high value, every other
        factor central; sorted by the size of the swing, largest first."""
        central = {name: f.central for name, f in self.factors.items()}
        rows = []
        for name, factor in self.factors.items():
            if not factor.sampled or quantity not in FACTORS[name][2]:
                continue
            at_low = _evaluate(self.run, {**central, name: factor.low})[quantity]
            at_high = _evaluate(self.run, {**central, name: factor.high})[quantity]
            rows.append({"factor": factor.label, "name": name, "low": factor.low, "high": factor.high,
                         "unit": factor.unit, "result_at_low": at_low, "result_at_high": at_high,
                         "swing": abs(at_high - at_low)})
        table = pd.DataFrame(rows, columns=["factor", "name", "low", "high", "unit", "result_at_low",
                                            "result_at_high", "swing"])
        return table.sort_values("swing", ascending=False, kind="stable").set_index("factor")

    def most_influential(self, quantity: str = "CO2e") -> str | None:
        """The name of the factor whose range moves `quantity` most (None when nothing is sampled)."""
        swings = self.tornado(quantity)
        return None if swings.empty else swings["name"].iloc[0]


def compute(run: Run, chosen: dict, samples: int = 10_000, seed: int = 0, location: str = "") -> Estimate:
    """The estimate of `run` under the factors `chosen` (name -> Factor): central values, and `samples` seeded
    draws of the sampled factors (vectorized) for the 5-95 % intervals."""
    number("samples", samples, 1, integer=True)
    at_central = _evaluate(run, {name: factor.central for name, factor in chosen.items()})
    central = {quantity: float(finite_result(quantity, value)) for quantity, value in at_central.items()}
    low, high, draws = dict(central), dict(central), {}
    if any(f.sampled for f in chosen.values()):
        rng = np.random.default_rng(seed)
        values = {name: chosen[name].draw(rng, samples) for name in FACTORS}
        draws = _evaluate(run, values)
        for quantity, sampled in draws.items():
            if any(chosen[n].sampled for n, (_, _, moves) in FACTORS.items() if quantity in moves):
                low[quantity], high[quantity] = (float(v) for v in np.percentile(sampled, PERCENTILES))
    return Estimate(run, chosen, samples, seed, central, low, high, draws, location)


def location(scenario=None, country=None, grid_g_per_kwh=None) -> str:
    """Where the run's electricity came from, in words (for a model card's geographical_location)."""
    if country is not None:
        return grids.country(country).label
    if grid_g_per_kwh is not None:
        return f"not given (grid carbon intensity given: {grid_g_per_kwh:g} g CO2e/kWh)"
    if scenario is not None:
        return f"{load_scenarios().at[scenario, 'description']} (scenario {scenario})"
    return "not given (the world's grids, weighted by generation)"


def from_options(hardware: str, count: int, hours: float, power_fraction=None, server_overhead=None, pue=None,
                 scenario=None, country=None, grid_g_per_kwh=None, price_per_kwh=None, samples: int = 10_000,
                 seed: int = 0) -> Estimate:
    """The estimate of one training run from the options of `mlfootprint estimate`, as
    `notebook_parameters.EstimateParameters` checks them (`estimate_run` in notebook 08's analysis checks and
    calls this)."""
    run = training_run(hardware, count, hours)
    chosen = chosen_factors(hardware, power_fraction, server_overhead, pue, scenario, country, grid_g_per_kwh,
                            price_per_kwh)
    return compute(run, chosen, samples, seed, location(scenario, country, grid_g_per_kwh))

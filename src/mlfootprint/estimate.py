"""Energy, CO2e and cost of any training run, and its whole footprint (idle and non-accelerator power, embodied
emissions, water, full cost), with sourced default factors, a Monte Carlo interval and the factor that moves each
result most. Used by `mlfootprint estimate` and notebooks 08 to 10; `mlfootprint.statement` writes an estimate for
reading, `mlfootprint.footprint` holds the terms beyond the electricity.

The operational formula is Strubell et al. 2019's Eq. 1 and 2, generalised from a measured power to a board power:

    energy (kWh) = count x board power (W) x power fraction x server overhead x hours x PUE / 1000
    CO2e (kg)    = energy (kWh) x grid carbon intensity (g CO2e/kWh) / 1000
    cost (USD)   = energy (kWh) x electricity price (USD/kWh)

A factor given (as a parameter, or by a scenario of data/scenarios.csv) is used as it is. A factor not given is
drawn from a triangular distribution (low, central as its mode, high) of data/factors.csv or, for the whole
footprint, data/lifecycle_factors.csv; the grid, when no country, value or scenario gives it, is drawn from the
world's national grids in CodeCarbon's data, each with probability proportional to its generation. The central
estimate uses every factor's central value; the interval spans the 5th to 95th percentiles of the samples. With every
factor given, the result is exact.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import footprint, grids
from .checks import finite_result, number
from .loaders import load_factors, load_hardware, load_scenarios
from .sampling import FACTORS, PERCENTILES, Factor, given, ranged, weighted_percentile

QUANTITIES = {name: unit for name, (unit, _, _) in footprint.QUANTITIES.items()}
"""Every quantity an estimate may report, with its unit (energy, CO2e and cost first, as before issue #25)."""
DEFAULT_DATACENTRE = "any"
"""Data-centre kind of data/factors.csv whose PUE range is used when no PUE or scenario is given."""
DEFAULT_PRICE = "us_industrial"
"""Electricity market of data/factors.csv whose price range is used when no price is given."""
FORMULA_SOURCE = "Strubell, Ganesh & McCallum (2019), Eq. 1 and 2, generalised to a board power"
LIFECYCLE_OPTIONS = tuple(option for option, _, _ in footprint.PARAMETERS.values())
"""The options that give a whole-footprint factor (`embodied_kg_per_accelerator`, ...), as the estimator takes them."""


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


def _grid(scenario, row, country, grid_g_per_kwh) -> Factor:
    if grid_g_per_kwh is not None:
        return given("grid", grid_g_per_kwh)
    if country is not None:
        grid = grids.country(country)
        return given("grid", grid.g_per_kwh, f"{grid.label}, {grid.year}", grids.source(), grids.BASIS)
    if row is not None:
        year = "year not identified" if pd.isna(row["grid_year"]) else row["grid_year"]
        return given("grid", row["g_per_kwh"], f"scenario {scenario} ({year})", row["grid_source"], row["grid_basis"])
    return world_grid()


def chosen_factors(hardware: str, power_fraction=None, server_overhead=None, pue=None, scenario=None, country=None,
                   grid_g_per_kwh=None, price_per_kwh=None) -> dict[str, Factor]:
    """The operational factors of a run on `hardware`: given, from the scenario, or their sourced default range
    (values as `notebook_parameters.EstimateParameters` checks them). `footprint.chosen_factors` adds the whole
    footprint's."""
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
    chosen["grid"] = _grid(scenario, row, country, grid_g_per_kwh)
    chosen["price"] = (given("price", price_per_kwh) if price_per_kwh is not None
                       else default_factor("price", "electricity_price", DEFAULT_PRICE))
    return chosen


def depends_on(quantity_or_term: str, counted) -> set[str]:
    """The factors a quantity (or a single term) depends on, among the terms counted."""
    if quantity_or_term in footprint.TERMS:
        return set(footprint.TERMS[quantity_or_term][3])
    return {f for term in footprint.quantity_terms(quantity_or_term, counted) for f in footprint.TERMS[term][3]}


def _sum(terms: dict, names) -> np.ndarray | float:
    values = [terms[name] for name in names]
    return values[0] if len(values) == 1 else sum(values[1:], values[0])


@dataclass(frozen=True)
class Estimate:
    """An estimate: the run, its factors, the terms it counts (`counted`) and why others are not (`not_counted`),
    and for each quantity reported (energy kWh, CO2e kg, cost USD, then the whole footprint's) and each term the
    central value and the 5-95 % interval (equal to the central value when no factor it depends on is sampled)."""

    run: Run
    factors: dict
    samples: int
    seed: int
    central: dict
    low: dict
    high: dict
    draws: dict = field(repr=False)
    location: str = ""
    counted: tuple = footprint.BASE_TERMS
    not_counted: dict = field(default_factory=dict)
    terms: pd.DataFrame = field(default=None, repr=False)

    @property
    def quantities(self) -> list[str]:
        """The quantities reported, in order."""
        return footprint.reported(self.counted)

    def exact(self, quantity: str) -> bool:
        """Whether no factor that `quantity` (or a term) depends on is sampled."""
        return not any(self.factors[n].sampled for n in depends_on(quantity, self.counted))

    @property
    def codecarbon(self) -> str:
        """The installed CodeCarbon's version when its data, read for this estimate, gave the grid, else "" (a
        scenario's grid is the value its data file records, with the version it names)."""
        return grids.codecarbon_version() if self.factors["grid"].source == grids.source() else ""

    def table(self) -> pd.DataFrame:
        """quantity, unit, central, low, high: one row for each quantity reported (energy, CO2e and cost, then the
        whole footprint's: embodied CO2e, total CO2e, water, total cost, those counted)."""
        names = self.quantities
        return pd.DataFrame({"quantity": names, "unit": [QUANTITIES[q] for q in names],
                             "central": [self.central[q] for q in names], "low": [self.low[q] for q in names],
                             "high": [self.high[q] for q in names]})

    def factor_table(self) -> pd.DataFrame:
        """Every factor: central, low, high, unit, sampled or not, how it was set, basis and source."""
        rows = [{"factor": f.label, "central": f.central, "low": f.low, "high": f.high, "unit": f.unit,
                 "sampled": f.sampled, "set by": f.origin, "basis": f.basis, "source": f.source}
                for f in self.factors.values()]
        return pd.DataFrame(rows).set_index("factor")

    def tornado(self, quantity: str = "CO2e") -> pd.DataFrame:
        """One-at-a-time swings: `quantity` with each sampled factor it depends on at its low and at its high value,
        every other factor central; sorted by the size of the swing, largest first."""
        central = {name: f.central for name, f in self.factors.items()}
        names = footprint.quantity_terms(quantity, self.counted)
        rows = []
        for name in [n for n in self.factors if n in depends_on(quantity, self.counted)]:
            factor = self.factors[name]
            if not factor.sampled:
                continue
            at_low, at_high = (_sum(footprint.evaluate(self.run, {**central, name: end}, self.counted), names)
                               for end in (factor.low, factor.high))
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


def _intervals(arrays: dict, exact: dict) -> dict:
    """(low, high) of each array: its 5th and 95th percentiles, or None where `exact` says it is exact; an array
    shared by two names (CO2e is its one term) is sorted once."""
    done, out = {}, {}
    for name, values in arrays.items():
        if exact[name]:
            out[name] = None
        elif id(values) not in done:
            done[id(values)] = out[name] = tuple(float(v) for v in np.percentile(values, PERCENTILES))
        else:
            out[name] = done[id(values)]
    return out


def _term_table(counted, central: dict, ends: dict) -> pd.DataFrame:
    rows = [{"term": term, "label": footprint.TERMS[term][0], "quantity": footprint.TERMS[term][1],
             "unit": footprint.TERMS[term][2], "central": central[term],
             "low": ends[term][0] if ends[term] else central[term],
             "high": ends[term][1] if ends[term] else central[term]} for term in counted]
    return pd.DataFrame(rows).set_index("term")


def compute(run: Run, chosen: dict, samples: int = 10_000, seed: int = 0, location: str = "",
            not_counted: dict | None = None) -> Estimate:
    """The estimate of `run` under the factors `chosen` (name -> Factor): central values of every counted term and
    reported quantity, and `samples` seeded draws of the sampled factors (vectorized, in the order of FACTORS) for
    the 5-95 % intervals."""
    number("samples", samples, 1, integer=True)
    counted = footprint.counted_terms(chosen)
    reported = footprint.reported(counted)

    def quantities(terms):
        return {q: _sum(terms, footprint.quantity_terms(q, counted)) for q in reported}

    at_central = footprint.evaluate(run, {name: factor.central for name, factor in chosen.items()}, counted)
    central_terms = {term: float(finite_result(term, value)) for term, value in at_central.items()}
    central = {q: float(finite_result(q, v)) for q, v in quantities(central_terms).items()}
    exact = {name: not any(chosen[f].sampled for f in depends_on(name, counted)) for name in [*counted, *reported]}
    draws, ends = {}, {name: None for name in exact}
    if any(f.sampled for f in chosen.values()):
        rng = np.random.default_rng(seed)
        values = {name: chosen[name].draw(rng, samples) for name in FACTORS if name in chosen}
        term_draws = footprint.evaluate(run, values, counted)
        draws = quantities(term_draws)
        ends = _intervals({**term_draws, **draws}, exact)
    low = {q: ends[q][0] if ends[q] else central[q] for q in reported}
    high = {q: ends[q][1] if ends[q] else central[q] for q in reported}
    return Estimate(run, chosen, samples, seed, central, low, high, draws, location, counted, dict(not_counted or {}),
                    _term_table(counted, central_terms, ends))


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
                 seed: int = 0, terms="all", cost_basis: str = "owned", **lifecycle) -> Estimate:
    """The estimate of one training run from the options of `mlfootprint estimate`, as
    `notebook_parameters.EstimateParameters` checks them (`estimate_run` in notebook 08's analysis checks and
    calls this): the operational options, then `terms` (the whole footprint's options counted, "all", or None for
    the operational footprint alone), `cost_basis` ("owned" or "cloud") and the whole footprint's factors
    (LIFECYCLE_OPTIONS, each None for its sourced range)."""
    unknown = set(lifecycle) - set(LIFECYCLE_OPTIONS)
    if unknown:
        raise TypeError(f"from_options() got unexpected options {sorted(unknown)}")
    run = training_run(hardware, count, hours)
    chosen = chosen_factors(hardware, power_fraction, server_overhead, pue, scenario, country, grid_g_per_kwh,
                            price_per_kwh)
    whole, not_counted = footprint.chosen_factors(hardware, run.factor_kind, terms, cost_basis, lifecycle)
    return compute(run, {**chosen, **whole}, samples, seed, location(scenario, country, grid_g_per_kwh), not_counted)

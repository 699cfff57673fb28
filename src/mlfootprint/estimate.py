"""Energy, CO2e and cost of any training run, with sourced default factors, a Monte Carlo interval and the factor
that moves the result most (issue #14). Used by `mlfootprint estimate` and notebook 08.

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

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__, energy, grids, quantities
from .catalogue import EstimateParameters
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


def energy_kwh(count, board_power_w, power_fraction, server_overhead, hours, pue):
    """Energy drawn from the grid (kWh) = count x board power (W) x power fraction x server overhead x hours x PUE
    / 1000 (Strubell et al. 2019 Eq. 1 with the measured power replaced by board power x fraction x overhead)."""
    number("count", count, 0)
    number("board_power_w", board_power_w, 0)
    number("power_fraction", power_fraction, 0, 1)
    number("server_overhead", server_overhead, 1)
    return energy.energy_kwh(hours, count * board_power_w * power_fraction * server_overhead, pue)


def co2e_kg(energy_kwh_total, grid_g_per_kwh):
    """Emissions (kg CO2e) = energy (kWh) x grid carbon intensity (g CO2e/kWh) / 1000 (Strubell et al. Eq. 2)."""
    number("energy_kwh", energy_kwh_total, 0)
    number("grid_g_per_kwh", grid_g_per_kwh, 0)
    return energy_kwh_total * grid_g_per_kwh / 1000


def cost_usd(energy_kwh_total, price_per_kwh):
    """Electricity cost (USD) = energy (kWh) x price (USD/kWh)."""
    return energy.electricity_cost_usd(energy_kwh_total, price_per_kwh)


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
    """The run's accelerator from data/hardware.csv (an exact name; EstimateParameters resolves case)."""
    row = load_hardware().loc[hardware]
    return Run(hardware, int(count), float(hours), float(row["board_power_w"]), row["power_source"],
               row["factor_kind"])


def factors(params: EstimateParameters) -> dict[str, Factor]:
    """Every factor of the run: given, from the scenario, or its sourced default range."""
    kind = load_hardware().at[params.hardware, "factor_kind"]
    chosen = {}
    for name in ("power_fraction", "server_overhead"):
        value = getattr(params, name)
        chosen[name] = given(name, value) if value is not None else default_factor(name, name, kind)
    scenario = load_scenarios().loc[params.scenario] if params.scenario else None
    if params.pue is not None:
        chosen["pue"] = given("pue", params.pue)
    elif scenario is not None:
        chosen["pue"] = given("pue", scenario["pue"], f"scenario {params.scenario} ({scenario['pue_year']})",
                              scenario["pue_source"])
    else:
        chosen["pue"] = default_factor("pue", "pue", DEFAULT_DATACENTRE)
    if params.grid_g_per_kwh is not None:
        chosen["grid"] = given("grid", params.grid_g_per_kwh)
    elif params.country is not None:
        grid = grids.country(params.country)
        chosen["grid"] = given("grid", grid.g_per_kwh, f"{grid.label}, {grid.year}", grids.source(), grids.BASIS)
    elif scenario is not None:
        year = "year not identified" if pd.isna(scenario["grid_year"]) else scenario["grid_year"]
        chosen["grid"] = given("grid", scenario["g_per_kwh"], f"scenario {params.scenario} ({year})",
                               scenario["grid_source"], scenario["grid_basis"])
    else:
        chosen["grid"] = world_grid()
    chosen["price"] = (given("price", params.price_per_kwh) if params.price_per_kwh is not None
                       else default_factor("price", "electricity_price", DEFAULT_PRICE))
    return chosen


def _evaluate(run: Run, values: dict) -> dict:
    """The three quantities for one value (or array) of each factor."""
    energy = energy_kwh(run.count, run.board_power_w, values["power_fraction"], values["server_overhead"],
                        run.hours, values["pue"])
    return {"energy": energy, "CO2e": co2e_kg(energy, values["grid"]), "cost": cost_usd(energy, values["price"])}


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


def location(params: EstimateParameters) -> str:
    """Where the run's electricity came from, in words (for a model card's geographical_location)."""
    if params.country is not None:
        return grids.country(params.country).label
    if params.grid_g_per_kwh is not None:
        return f"not given (grid carbon intensity given: {params.grid_g_per_kwh:g} g CO2e/kWh)"
    if params.scenario is not None:
        return f"{load_scenarios().at[params.scenario, 'description']} (scenario {params.scenario})"
    return "not given (the world's grids, weighted by generation)"


def from_parameters(params: EstimateParameters) -> Estimate:
    """The estimate of a run described by checked parameters."""
    run = training_run(params.hardware, params.count, params.hours)
    return compute(run, factors(params), params.samples, params.seed, location(params))


def estimate_run(hardware: str, count: int, hours: float, **options) -> Estimate:
    """Estimate one training run; `options` are the other parameters of `mlfootprint estimate` (power_fraction,
    server_overhead, pue or scenario, country or grid_g_per_kwh, price_per_kwh, samples, seed), checked as the
    command checks them. E.g. estimate_run("A100 SXM4", 64, 100, power_fraction=1, server_overhead=1, pue=1.1,
    grid_g_per_kwh=56).central["energy"] == 2816.0 (kWh)."""
    return from_parameters(EstimateParameters(hardware=hardware, count=count, hours=hours, **options))


# --- How an estimate is written: numbers for reading, the statement, the model card and the files ---------------

def shown(est: Estimate, quantity: str) -> tuple[str, str]:
    """A quantity for reading: its central value and, unless exact, its 5-95 % interval, in a fitting unit."""
    value = quantities.text(quantity, est.central[quantity])
    interval = "" if est.exact(quantity) else quantities.interval(quantity, est.low[quantity], est.high[quantity],
                                                                  like=est.central[quantity])
    return value, interval


def _with_unit(value: float, factor: Factor) -> str:
    return f"{value:g}" + (f" {factor.unit}" if "/" in factor.unit else "")


def _factor_text(factor: Factor) -> str:
    value = _with_unit(factor.central, factor)
    if factor.sampled:
        value += f" (range {factor.low:g}-{_with_unit(factor.high, factor)}, sampled; {factor.origin})"
    else:
        value += f" ({factor.origin})"
    basis = f"; counts {factor.basis}" if factor.basis else ""
    return f"{factor.label[0].upper()}{factor.label[1:]}: {value}{basis}. Source: {factor.source}."


def _paragraph(est: Estimate) -> str:
    run = est.run
    parts = []
    for quantity, what in (("energy", "its electricity use at"), ("CO2e", "its emissions at"),
                           ("cost", "its electricity cost at")):
        value, interval = shown(est, quantity)
        parts.append(f"{what} {value}" + (f" (5-95 % interval {interval})" if interval else ""))
    text = (f"The model was trained on {run.count:,} {run.hardware} accelerators (board power {run.board_power_w:g} W "
            f"each) for {run.hours:g} hours. We estimate {parts[0]}, {parts[1]} and {parts[2]}. Energy is "
            f"accelerators x board power x power fraction x server overhead x hours x PUE / 1000, emissions are "
            f"energy x grid carbon intensity, and cost is energy x electricity price, generalising Eq. 1 and 2 of "
            f"Strubell et al. (2019). ")
    if any(f.sampled for f in est.factors.values()):
        name = est.most_influential("CO2e")
        top = est.factors[name] if name else None
        world = ("; the grid, whose location is not given, from the world's national grids weighted by their "
                 "generation" if est.factors["grid"].values else "")
        text += (f"Factors not given were drawn from the sourced ranges listed below (triangular distributions with "
                 f"the central value as mode{world}) in {est.samples:,} samples with seed {est.seed}; the central "
                 f"estimate uses every factor's central value and the interval spans the 5th to 95th percentiles. ")
        if top is not None:
            swing = est.tornado("CO2e").iloc[0]
            unit, size = quantities.unit_for("CO2e", est.central["CO2e"])
            low, high = (quantities.number(swing[end] / size, 3) for end in ("result_at_low", "result_at_high"))
            text += (f"The {top.label} moves the emissions most: from {low} to {high} {unit} between its low "
                     f"and high values. ")
    else:
        text += "Every factor was given, so these values are exact. "
    data = f", grid data from CodeCarbon {est.codecarbon}" if est.codecarbon else ""
    return text + f"Computed with mlfootprint {__version__} (mlfootprint estimate){data}."


def statement_lines(est: Estimate) -> tuple[str, list[str]]:
    """The statement's paragraph and one line per factor (board power first), as plain text."""
    board = (f"Board power: {est.run.board_power_w:g} W per accelerator ({est.run.hardware}). "
             f"Source: {est.run.power_source}.")
    return _paragraph(est), [board] + [_factor_text(f) for f in est.factors.values()]


TEX_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
               "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex_escape(text: str) -> str:
    """Text safe inside a LaTeX paragraph (its ten special characters escaped)."""
    return "".join(TEX_ESCAPES.get(c, c) for c in text)


def statement(est: Estimate, markup: str = "md") -> str:
    """A paragraph for a paper's appendix, then every factor with its value and source: Markdown ("md") or
    LaTeX ("tex")."""
    paragraph, lines = statement_lines(est)
    if markup == "md":
        return paragraph + "\n\nFactors:\n\n" + "".join(f"- {line}\n" for line in lines)
    if markup == "tex":
        items = "".join(f"  \\item {tex_escape(line)}\n" for line in lines)
        return f"{tex_escape(paragraph)}\n\nFactors:\n\\begin{{itemize}}\n{items}\\end{{itemize}}\n"
    raise ValueError(f"markup must be 'md' or 'tex' (got {markup!r})")


def model_card(est: Estimate) -> dict:
    """The `co2_eq_emissions` metadata of a Hugging Face model card (huggingface.co/docs/hub/model-cards-co2):
    emissions in grams of CO2e (the central estimate), source, training_type (left None: pre-training or
    fine-tuning is for the author to say), geographical_location and hardware_used."""
    grams = est.central["CO2e"] * 1000
    interval = "" if est.exact("CO2e") else (f"; 5-95 % interval {quantities.number(est.low['CO2e'] * 1000, 3)}-"
                                             f"{quantities.number(est.high['CO2e'] * 1000, 3)} g")
    return {"co2_eq_emissions": {
        "emissions": float(f"{grams:.6g}"),
        "source": f"mlfootprint {__version__} estimate, central value (Strubell et al. 2019 Eq. 1-2 generalised to "
                  f"board power{interval}); factors and their sources in statement.md",
        "training_type": None,
        "geographical_location": est.location,
        "hardware_used": f"{est.run.count} x {est.run.hardware}",
    }}


OUTPUT_FILES = ("estimate.csv", "statement.md", "statement.tex", "model-card.json")


def write_outputs(est: Estimate, folder: Path) -> list[Path]:
    """Write estimate.csv (quantity, unit, central, low, high), statement.md, statement.tex and model-card.json
    into `folder` (which must exist); returns their paths."""
    folder = Path(folder)
    table = est.table()
    for column in ("central", "low", "high"):
        table[column] = [f"{v:.6g}" for v in table[column]]
    table.to_csv(folder / OUTPUT_FILES[0], index=False)
    (folder / OUTPUT_FILES[1]).write_text(statement(est, "md"))
    (folder / OUTPUT_FILES[2]).write_text(statement(est, "tex"))
    (folder / OUTPUT_FILES[3]).write_text(json.dumps(model_card(est), indent=2) + "\n")
    return [folder / name for name in OUTPUT_FILES]


def summary(est: Estimate) -> str:
    """A few lines for the terminal: the run, each quantity (exact or with its interval), and what moves CO2e most."""
    run = est.run
    sampled = [f.label for f in est.factors.values() if f.sampled]
    how = (f"{est.samples:,} samples, seed {est.seed}; sampled: {', '.join(sampled)}" if sampled
           else "every factor given: exact")
    lines = [f"{run.count:,} x {run.hardware} ({run.board_power_w:g} W) for {run.hours:g} h ({how})"]
    for quantity in QUANTITIES:
        value, interval = shown(est, quantity)
        lines.append(f"  {quantity:<7}{value}" + (f" (5-95 %: {interval})" if interval else " (exact)"))
    grid = est.factors["grid"]
    lines.append(f"  grid: {grid.central:.4g} g CO2e/kWh ({grid.origin})")
    top = est.most_influential("CO2e")
    if top:
        swing = est.tornado("CO2e").iloc[0]
        span = quantities.interval("CO2e", swing["result_at_low"], swing["result_at_high"], like=est.central["CO2e"])
        lines.append(f"  moves CO2e most: {est.factors[top].label} ({span} over its range)")
    return "\n".join(lines)

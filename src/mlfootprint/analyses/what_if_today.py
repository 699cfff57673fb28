"""Strubell et al. 2019's training runs and the "five cars" comparison re-costed under every scenario of
data/scenarios.csv (then and today, data centre and grid), in one vectorized computation.

Notebook: notebooks/07-what-if-today.ipynb.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import energy, plotting, steps
from ..notebook_parameters import WhatIfParameters as Parameters
from ..catalogue import find
from ..claims import Recomputed
from ..loaders import car_lifetime_lb, load_scenarios, load_strubell_table3
from ..notebook_parameters import EstimateParameters
from ..strubell2019 import PAPER_SCENARIO, electricity_price
from .estimate_a_training_run import five_cars, strubell_nas
from ..units import kg_to_lb

NAS = "NAS (P100x8)"


def scenarios(params: Parameters) -> list[str]:
    """The scenarios of this run, in the order of data/scenarios.csv for "all"."""
    return list(load_scenarios().index) if params.scenarios == "all" else list(params.scenarios)


def recost(params: Parameters) -> pd.DataFrame:
    """Every Table 3 run under every chosen scenario (one row each): kWh (Eq. 1), CO2e in lb and kg (Eq. 2),
    electricity cost, and the factors used. TPU runs have no power figure, so their rows stay empty."""
    runs = load_strubell_table3()
    runs["run"] = runs["model"] + " (" + runs["hardware"] +")"
    chosen = load_scenarios().loc[scenarios(params), ["year", "pue", "lbs_per_kwh", "g_per_kwh"]].reset_index()
    grid = runs[["run", "hours", "power_w"]].merge(chosen, how="cross")
    powered = grid["power_w"].notna()
    grid["kwh"] = np.nan
    grid.loc[powered, "kwh"] = energy.energy_kwh(grid["hours"][powered], grid["power_w"][powered],
                                                 grid["pue"][powered])
    grid["co2e_kg"] = np.nan
    grid.loc[powered, "co2e_kg"] = energy.co2e_kg(grid["kwh"][powered], grid["g_per_kwh"][powered])
    grid.insert(grid.columns.get_loc("co2e_kg"), "co2e_lb", kg_to_lb(grid["co2e_kg"]))
    grid["electricity_usd"] = np.nan
    grid.loc[powered, "electricity_usd"] = energy.electricity_cost_usd(grid["kwh"][powered],
                                                                       electricity_price(params.electricity_usd_per_kwh))
    return grid


def cars(recosted: pd.DataFrame) -> pd.DataFrame:
    """The NAS run in car lifetimes (Table 1: 126,000 lb) per scenario, and how much of the change from the
    paper's assumptions is the data centre (PUE ratio) and how much the grid (grid factor ratio)."""
    paper = load_scenarios().loc[PAPER_SCENARIO]
    car_lb = car_lifetime_lb()
    nas = recosted[recosted["run"] == NAS].set_index("scenario")
    return pd.DataFrame({
        "co2e_lb": nas["co2e_lb"], "car_lifetimes": nas["co2e_lb"] / car_lb,
        "data_centre_factor": nas["pue"] / paper["pue"], "grid_factor": nas["g_per_kwh"] / paper["g_per_kwh"],
    })


def recomputed(recosted: pd.DataFrame, in_cars: pd.DataFrame) -> Recomputed:
    """Notebook 07's claims: with the paper's own scenario the re-costing must give Table 3's NAS CO2e and
    "five cars"; not checkable when that scenario is not among the chosen ones."""
    if PAPER_SCENARIO not in in_cars.index:
        why = f"the scenario {PAPER_SCENARIO} is not among this run's scenarios"
        return Recomputed({"whatif-nas-626155": None, "whatif-five-cars": None},
                          {"whatif-nas-626155": why, "whatif-five-cars": why})
    return Recomputed({"whatif-nas-626155": in_cars.at[PAPER_SCENARIO, "co2e_lb"],
                       "whatif-five-cars": in_cars.at[PAPER_SCENARIO, "car_lifetimes"]})


def five_cars_interval() -> dict | None:
    """The NAS run in car lifetimes with the PUE not known, as notebook 08 estimates it (measured power, the
    paper's grid, the PUE drawn from its sourced range): central, low (5 %), high (95 %)."""
    row = five_cars(strubell_nas(EstimateParameters())).loc["estimator: measured power, PUE sampled"]
    return {"central": row["cars"], "low": row["cars_low"], "high": row["cars_high"]}


def _factors(ax, in_cars: pd.DataFrame, y, paper) -> None:
    """Right panel: the data centre's and the grid's factor against the paper's, each a line from 1 (no change)."""
    height = 0.18
    for offset, column, color, marker, label in (
            (height, "data_centre_factor", plotting.COLORS["data centre"], "s", f"data centre: PUE / {paper['pue']:g}"),
            (-height, "grid_factor", plotting.COLORS["grid"], "o",
             f"grid: lb CO2e per kWh / {paper['lbs_per_kwh']:g}")):
        ax.hlines(y + offset, 1, in_cars[column], color=color, linewidth=5, alpha=0.8, label=label)
        ax.plot(in_cars[column], y + offset, marker, color=color, markersize=7, linestyle="none")
        for yi, value in zip(y + offset, in_cars[column]):
            plotting.value_label(ax, plotting.number(value, 2), (value, yi), offset=(7 if value >= 1 else -7, 0))
    ax.axvline(1, color="black", linewidth=0.8)
    factors = in_cars[["data_centre_factor", "grid_factor"]]
    ax.set_xlim(min(0.05, factors.min().min() / 2), max(3, factors.max().max() * 2))
    plotting.log_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    plotting.decorate(ax, title="What moves it", xlabel="factor against the paper's (1 = unchanged)", legend="below")


def _title(names: list[str]) -> str:
    """The figure's title, after the scenarios drawn: the paper's own ("as in the paper") and today's, named when
    there are three or fewer, else counted with their years; on a second line when there are both."""
    chosen = load_scenarios().loc[names]
    today = [name for name in names if name != PAPER_SCENARIO]
    if len(today) > 3:
        years = "/".join(str(year) for year in sorted(set(chosen.loc[today, "year"])))
        others = f"{len(today)} scenarios of {years}"
    else:
        others = "scenario " + today[-1] if len(today) == 1 else \
            f"scenarios {', '.join(today[:-1])} and {today[-1]}" if today else ""
    paper = f"as in the paper ({PAPER_SCENARIO})" if PAPER_SCENARIO in names else ""
    scenarios = " and ".join(filter(None, (paper, others and f"under {others}")))
    return "Strubell et al.'s architecture search" + ("\n" if paper and others else " ") + scenarios


FEWEST_ROWS = 4
"""The panels hold room for at least this many scenarios, so that one or two bars stay as thick as many."""


@plotting.drawing
def figure(in_cars: pd.DataFrame, interval: dict | None):
    """Left, on a linear axis: how many car lifetimes the NAS run is under each scenario, the article's five cars
    marked, and under the paper's scenario the interval with the PUE not known (`interval`, from notebook 08).
    Right, on a log axis: the two factors that move it (data centre and grid, against Strubell et al.'s), drawn
    from 1 (no change). Each scenario's label names the basis of its grid factor (CO2 only, or CO2e)."""
    scenarios = load_scenarios().loc[in_cars.index]
    paper = load_scenarios().loc[PAPER_SCENARIO]
    fig, (left, right) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT), sharey=True)
    y = np.arange(len(in_cars))[::-1]
    left.barh(y, in_cars["car_lifetimes"], height=0.55, color=plotting.COLORS["this run"])
    high = in_cars["car_lifetimes"].max()
    for yi, (name, value) in zip(y, in_cars["car_lifetimes"].items()):
        text, end = plotting.number(value, 3), value
        if name == PAPER_SCENARIO and interval is not None:
            left.errorbar([value], [yi - 0.3], xerr=[[value - interval["low"]], [interval["high"] - value]],
                          fmt="none", ecolor=plotting.COLORS["this run"], capsize=4, linewidth=1.5)
            text = f"{text}\nPUE unknown: {plotting.number(interval['low'], 2)}-{plotting.number(interval['high'], 2)}"
            end, high = max(value, interval["high"]), max(high, interval["high"])
        plotting.value_label(left, text, (end, yi))
    left.axvline(5, color=plotting.COLORS["published"], linestyle=":", linewidth=1.5)
    left.set_yticks(y, [f"{name}\ngrid: {basis}" for name, basis in scenarios["grid_basis"].items()])
    left.grid(axis="y", visible=False)
    plotting.plain_axis(left, "x")
    plotting.decorate(left, title="The 'five cars' (dotted) under each scenario",
                      xlabel=f"NAS run's CO2e, car lifetimes ({car_lifetime_lb():,.0f} lb)",
                      xlim=(0, max(high, 5) * 2.1))
    _factors(right, in_cars, y, paper)
    spare = max(0, FEWEST_ROWS - len(y)) / 2
    left.set_ylim(-0.5 - spare, len(y) - 0.5 + spare)
    factors = in_cars[["data_centre_factor", "grid_factor"]]
    at_paper = (in_cars["car_lifetimes"] / (factors["data_centre_factor"] * factors["grid_factor"])).iloc[0]
    nas = load_strubell_table3().query("model == 'NAS' and accelerator == 'P100'").iloc[0]
    plotting.title(fig, _title(list(in_cars.index)))
    plotting.caption(fig, f"Strubell et al. 2019 (Table 3 NAS run: {nas['hours']:,.0f} h at {nas['power_w']:,.2f} W; "
                          "Table 1 car); scenarios of data/scenarios.csv (PUE: Uptime Institute; grid: the paper's EPA "
                          "eGRID factor, or lifecycle CO2e from Ember via CodeCarbon, as each label says)",
                     f"Car lifetimes = {at_paper:.3g} \u00d7 data-centre factor \u00d7 grid factor" + (
                         f"; the interval under {PAPER_SCENARIO}: notebook 08's estimator with the PUE not known"
                         if interval is not None else ""))
    return fig


class Steps(steps.Steps):
    """Notebook 07's chain: the chosen scenarios, every Table 3 run re-costed under each, the NAS run in car
    lifetimes, the figure and the ledger."""

    NOTEBOOK = find("07")
    TABLES = ("recosted", "car_lifetimes")

    @steps.step
    def scenarios(self) -> pd.DataFrame:
        """The chosen scenarios with their PUE, grid factor and years."""
        return load_scenarios().loc[scenarios(self.params),
                                    ["pue", "pue_year", "lbs_per_kwh", "grid_year", "grid_basis"]]

    @steps.step
    def recosted(self) -> pd.DataFrame:
        return recost(self.params)

    @steps.step
    def co2e_by_run(self) -> pd.DataFrame:
        """CO2e (lb) of each run (rows) under each scenario (columns)."""
        return self.recosted.pivot(index="run", columns="scenario", values="co2e_lb")[list(self.scenarios.index)]

    @steps.step
    def car_lifetimes(self) -> pd.DataFrame:
        return cars(self.recosted)

    @steps.step
    def recomputed(self) -> Recomputed:
        return recomputed(self.recosted, self.car_lifetimes)

    @steps.step
    def five_cars_interval(self) -> dict | None:
        """The NAS run's car lifetimes with the PUE not known (notebook 08), for the figure."""
        return five_cars_interval() if PAPER_SCENARIO in self.car_lifetimes.index else None

    @steps.figure("what-if-today")
    def figure(self):
        return figure(self.car_lifetimes, self.five_cars_interval)

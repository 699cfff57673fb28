"""Strubell et al. 2019's training runs and the "five cars" comparison re-costed under every scenario of
data/scenarios.csv (then and today, data centre and grid), in one vectorized computation.

Notebook: notebooks/07-what-if-today.ipynb.
"""

import matplotlib.pyplot as plt
from matplotlib import ticker
import numpy as np
import pandas as pd

from .. import energy, plotting
from ..catalogue import WhatIfParameters as Parameters
from ..catalogue import find
from ..claims import Recomputed
from ..loaders import load_scenarios, load_strubell_table1, load_strubell_table3
from ..strubell2019 import PAPER_SCENARIO, electricity_price
from ..units import lb_to_kg

NOTEBOOK = find("07")
NAS = "NAS (P100x8)"


def scenarios(params: Parameters) -> list[str]:
    """The scenarios of this run, in the order of data/scenarios.csv for "all"."""
    return list(load_scenarios().index) if params.scenarios == "all" else list(params.scenarios)


def recost(params: Parameters) -> pd.DataFrame:
    """Every Table 3 run under every chosen scenario (one row each): kWh (Eq. 1), CO2e in lb and kg (Eq. 2),
    electricity cost, and the factors used. TPU runs have no power figure, so their rows stay empty."""
    runs = load_strubell_table3()
    runs["run"] = runs["model"] + " (" + runs["hardware"] + ")"
    chosen = load_scenarios().loc[scenarios(params), ["year", "pue", "lbs_per_kwh"]].reset_index()
    grid = runs[["run", "hours", "power_w"]].merge(chosen, how="cross")
    powered = grid["power_w"].notna()
    grid["kwh"] = np.nan
    grid.loc[powered, "kwh"] = energy.energy_kwh(grid["hours"][powered], grid["power_w"][powered],
                                                 grid["pue"][powered])
    grid["co2e_lb"] = np.nan
    grid.loc[powered, "co2e_lb"] = energy.co2e_lb(grid["kwh"][powered], grid["lbs_per_kwh"][powered])
    grid["co2e_kg"] = lb_to_kg(grid["co2e_lb"])
    grid["electricity_usd"] = np.nan
    grid.loc[powered, "electricity_usd"] = energy.electricity_cost_usd(grid["kwh"][powered],
                                                                       electricity_price(params.electricity_usd_per_kwh))
    return grid


def cars(recosted: pd.DataFrame) -> pd.DataFrame:
    """The NAS run in car lifetimes (Table 1: 126,000 lb) per scenario, and how much of the change from the
    paper's assumptions is the data centre (PUE ratio) and how much the grid (grid factor ratio)."""
    paper = load_scenarios().loc[PAPER_SCENARIO]
    car_lb = load_strubell_table1().at["D", "co2e_lb"]
    nas = recosted[recosted["run"] == NAS].set_index("scenario")
    return pd.DataFrame({
        "co2e_lb": nas["co2e_lb"], "car_lifetimes": nas["co2e_lb"] / car_lb,
        "data_centre_factor": nas["pue"] / paper["pue"], "grid_factor": nas["lbs_per_kwh"] / paper["lbs_per_kwh"],
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


def figure(in_cars: pd.DataFrame):
    """How many car lifetimes the NAS run is under each scenario, and the two factors that move it."""
    plotting.use_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8), sharey=True)
    y = np.arange(len(in_cars))[::-1]
    left.barh(y, in_cars["car_lifetimes"], color=["0.5" if s == PAPER_SCENARIO else "C0" for s in in_cars.index])
    for yi, value in zip(y, in_cars["car_lifetimes"]):
        left.text(value * 1.05, yi, f"{value:.2g}", va="center", fontsize=8)
    left.axvline(1, color="black", linewidth=0.8, linestyle=":")
    left.set_yticks(y, in_cars.index)
    left.set_xscale("log")
    left.set_xlabel("NAS run's CO2e, in car lifetimes (126,000 lb each)")
    left.set_title("The 'five cars' under each scenario")
    height = 0.38
    right.barh(y + height / 2, in_cars["data_centre_factor"], height, color="C1", label="data centre (PUE / 1.58)")
    right.barh(y - height / 2, in_cars["grid_factor"], height, color="C2", label="grid (lb CO2e/kWh / 0.954)")
    right.axvline(1, color="black", linewidth=0.8)
    right.set_xscale("log")
    right.set_xlabel("factor against Strubell et al.'s assumptions (1 = unchanged)")
    right.set_title("What moves it")
    right.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the bars, never on them
    for ax in (left, right):  # plain numbers at 1, 2, 5 x 10^n on the log axes, no crowded minor labels
        ax.xaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
        ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    plotting.caption(fig, "Sources: Strubell et al. 2019 (Table 3 NAS run: 274,120 h at 1515.43 W; Table 1 car); "
                          "scenario factors from data/scenarios.csv (Uptime Institute, Ember/Our World in Data via "
                          "CodeCarbon). "
                          "Code: mlfootprint.analyses.what_if_today.figure")
    return fig

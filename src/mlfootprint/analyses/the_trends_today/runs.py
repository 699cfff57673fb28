"""Notebook 09, part 3: Strubell et al.'s table for today's training runs: energy, CO2e and electricity cost of every
run with hardware, count and hours (through the estimator, with intervals), beside Epoch AI's own power figures;
the largest in car lifetimes."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ... import estimate, grids, plotting
from ...checks import ParameterError
from ...loaders import car_lifetime_lb, load_hardware, load_hardware_aliases, load_scenarios
from ...notebook_parameters import TrendsTodayParameters as Parameters
from ...units import kg_to_lb
from ..estimate_a_training_run import estimate_run
from .dataset import with_run

ARTICLE_CARS_CLAIM = "fig5-nas-five-cars"

COUNTRY_CODES = {
    "United States of America": "USA",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "Korea (Republic of)": "KOR",
    "Iran (Islamic Republic of)": "IRN",
}
"""ISO 3166-1 alpha-3 codes of Epoch AI's country spellings that differ from CodeCarbon's country names (the others
match a name of CodeCarbon's data exactly)."""

NOT_A_COUNTRY = "Multinational"
"""Epoch AI's word for an organisation spread over several countries; the next country listed is used."""

LARGEST = 10
"""How many of the largest runs the figure shows."""


def _country_codes() -> dict[str, str]:
    return {**{g.name: code for code, g in grids.countries().items()}, **COUNTRY_CODES}

def first_country(countries) -> str | None:
    """The ISO 3166-1 alpha-3 code of the first country Epoch lists for a run's organisations ("Multinational"
    skipped): Epoch lists them in the order of the organisations, and gives no training location. None when there
    is none, or when its spelling is in neither CodeCarbon's names nor COUNTRY_CODES."""
    names = [n.strip() for n in ("" if pd.isna(countries) else str(countries)).split(",")]
    names = [n for n in names if n and n != NOT_A_COUNTRY]
    return _country_codes().get(names[0]) if names else None

def run_grid(params: Parameters, countries) -> tuple[dict, str]:
    """The estimator's grid options for one run and the grid in words."""
    if params.grid == "world":
        return {}, "world (drawn)"
    if params.grid != "country":
        return {"scenario": params.grid}, f"scenario {params.grid}"
    code = first_country(countries)
    if code is None:
        return {}, "world (no country)"
    grid = grids.country(code)
    return {"country": code}, f"{code} ({grid.year})"

def grid_assumption(params: Parameters) -> str:
    """The grid and PUE of the runs' estimates, in words (for the caption and the notebook)."""
    pue = default_pue_text()
    if params.grid == "country":
        return (f"grid of each organisation's country (the first Epoch lists; Epoch gives no training location), "
                f"lifecycle CO2e per kWh from Ember via CodeCarbon {grids.codecarbon_version()}, the world's grids "
                f"weighted by generation where no country is given; {pue}")
    if params.grid == "world":
        return (f"grid drawn over the world's national grids weighted by generation (CodeCarbon "
                f"{grids.codecarbon_version()}); {pue}")
    row = load_scenarios().loc[params.grid]
    return (f"scenario {params.grid}: {row['description']}, PUE {row['pue']:g} ({row['pue_year']}), grid "
            f"{row['g_per_kwh']:.4g} g CO2e/kWh")

def default_pue_text() -> str:
    """The PUE a run gets when no scenario gives one: the estimator's default range, in words."""
    factor = estimate.default_factor("pue", "pue", estimate.DEFAULT_DATACENTRE)
    return f"PUE drawn over {factor.low:g}-{factor.high:g} (central {factor.central:g}, a data centre of any kind)"

RUN_COLUMNS = ["system", "date", "organization", "frontier", "confidence", "base_model", "epoch_hardware", "hardware",
               "chips", "hours", "board_power_w", "grid", "grid_g_per_kwh", "energy_mwh", "energy_mwh_low",
               "energy_mwh_high", "co2e_t", "co2e_t_low", "co2e_t_high", "cars", "cars_low", "cars_high",
               "electricity_usd", "electricity_usd_low", "electricity_usd_high", "epoch_power_mw",
               "epoch_energy_mwh", "epoch_over_board_power", "epoch_over_estimate", "epoch_cars",
               "epoch_compute_cost_usd_2023", "status"]

def runs(params: Parameters, table: pd.DataFrame) -> pd.DataFrame:
    """Every system in the window with training hardware, hardware quantity and training time: energy (MWh), CO2e
    (t), car lifetimes and electricity cost (USD), each central with its 5-95 % interval, from one estimate per run
    (`estimate_run` of notebook 08, its default 10,000 samples, seed `seed`); beside them Epoch AI's "Training power draw
    (W)" x hours where given on a run of one kind of chip, its ratio to chips x board power and to the estimate, and
    Epoch's compute cost. `status` says why a run is not estimated. Sorted by CO2e, largest first."""
    chosen = table[table["in_window"] & with_run(table)]
    if chosen.empty:
        return pd.DataFrame(columns=RUN_COLUMNS)
    aliases, hardware = load_hardware_aliases()["name"], load_hardware()
    car_lb = car_lifetime_lb()
    rows = []
    for _, model in chosen.iterrows():
        name = aliases.get(model["hardware"], "")
        row = {"system": model["system"], "date": model["date"], "organization": model.get("organization", ""),
               "frontier": model["frontier"], "confidence": model.get("confidence", ""),
               "base_model": model.get("base_model", ""), "epoch_hardware": model["hardware"], "hardware": name,
               "chips": int(round(model["hardware_quantity"])), "hours": model["hours"], "status": "estimated"}
        if not name:
            row["status"] = "hardware not in data/hardware_aliases.csv"
        elif pd.isna(hardware.at[name, "board_power_w"]):
            row["status"] = f"no published board power for {name}"
        if row["status"] != "estimated":
            rows.append(row)
            continue
        options, row["grid"] = run_grid(params, model.get("country"))
        try:
            est = estimate_run(name, row["chips"], row["hours"], seed=params.seed, terms=None, **options)
        except ParameterError as error:  # a download's row outside the estimator's bounds (e.g. 0 chips)
            rows.append({**row, "status": f"not estimated: {error}"})
            continue
        row["board_power_w"] = est.run.board_power_w
        row["grid_g_per_kwh"] = est.factors["grid"].central
        for end, values in (("", est.central), ("_low", est.low), ("_high", est.high)):
            row[f"energy_mwh{end}"] = values["energy"] / 1000
            row[f"co2e_t{end}"] = values["CO2e"] / 1000
            row[f"cars{end}"] = kg_to_lb(values["CO2e"]) / car_lb
            row[f"electricity_usd{end}"] = values["cost"]
        power = model.get("power_w", np.nan)
        if pd.notna(power) and "," not in model["hardware"]:  # two kinds of chip: Epoch's power is not per chip
            row["epoch_power_mw"] = power / 1e6
            row["epoch_energy_mwh"] = power * row["hours"] / 1e6
            row["epoch_over_board_power"] = power / (row["chips"] * row["board_power_w"])
            row["epoch_over_estimate"] = row["epoch_energy_mwh"] / row["energy_mwh"]
            row["epoch_cars"] = kg_to_lb(row["epoch_energy_mwh"] * row["grid_g_per_kwh"]) / car_lb
        row["epoch_compute_cost_usd_2023"] = model.get("cost_usd_2023", np.nan)
        rows.append(row)
    result = pd.DataFrame(rows).reindex(columns=RUN_COLUMNS)
    result = result.sort_values(["co2e_t", "date"], ascending=[False, True], na_position="last", kind="stable")
    return result.reset_index(drop=True)

SHOWN_DIGITS = 3
"""Significant figures of the runs' tables as shown: the estimates' intervals span tens of per cent."""

def _significant(table: pd.DataFrame, columns, digits: int = SHOWN_DIGITS) -> pd.DataFrame:
    shown = table.copy()
    for column in columns:
        shown[column] = [float(f"{v:.{digits}g}") if pd.notna(v) else np.nan for v in shown[column]]
    return shown

def strubell_table(table: pd.DataFrame) -> pd.DataFrame:
    """Runs as Strubell et al.'s Table 3 lists them, by system: hardware, hours, energy (MWh), CO2e (t) and cost
    (million USD: electricity here, Epoch AI's compute cost beside it), estimates to three significant figures."""
    shown = table.assign(electricity_musd=table["electricity_usd"] / 1e6,
                         epoch_compute_cost_musd_2023=table["epoch_compute_cost_usd_2023"] / 1e6)
    values = ["energy_mwh", "energy_mwh_low", "energy_mwh_high", "co2e_t", "co2e_t_low", "co2e_t_high",
              "electricity_musd", "epoch_compute_cost_musd_2023"]
    return _significant(shown[["system", "hardware", "chips", "hours", "grid"] + values], values).set_index("system")

def epoch_table(table: pd.DataFrame) -> pd.DataFrame:
    """Runs with Epoch AI's power, by system: the power (MW), its ratio to chips x board power, and its energy
    (power x hours, MWh) beside the estimate's, to three significant figures."""
    values = ["epoch_power_mw", "epoch_over_board_power", "energy_mwh", "energy_mwh_low", "energy_mwh_high",
              "epoch_energy_mwh", "epoch_over_estimate"]
    return _significant(table[["system", "hardware", "chips", "board_power_w"] + values], values).set_index("system")

def largest(table: pd.DataFrame, n: int = LARGEST) -> pd.DataFrame:
    """The `n` estimated runs of largest central CO2e."""
    return table[table["status"] == "estimated"].head(n)

def epoch_power_check(table: pd.DataFrame) -> pd.DataFrame:
    """Epoch's training power draw over chips x board power, per accelerator: runs, median, lowest and highest."""
    given = table.dropna(subset=["epoch_over_board_power"])
    summary = given.groupby("hardware")["epoch_over_board_power"].agg(["count", "median", "min", "max"])
    if len(given):
        summary.loc["all"] = [len(given), given["epoch_over_board_power"].median(),
                              given["epoch_over_board_power"].min(), given["epoch_over_board_power"].max()]
    return summary.rename(columns={"count": "runs"}).rename_axis("accelerator")

def run_label(row: pd.Series, grid: bool = True) -> str:
    """A run for a figure's axis: name, then chips × accelerator, hours and (`grid`) its grid."""
    tuned = f", fine-tune of {row['base_model']}" if isinstance(row["base_model"], str) and row["base_model"] else ""
    return (f"{row['system']}{tuned}: {row['chips']:,} \u00d7 {row['hardware']}, {row['hours']:,.0f} h"
            + (f", {row['grid']}" if grid else ""))

def grid_words(params: Parameters) -> str:
    """The grid of the runs' estimates in a few words (a figure's caption; `grid_assumption` says it in full)."""
    if params.grid in ("country", "world"):
        where = "each organisation's country, else" if params.grid == "country" else "drawn over"
        return f"grid: {where} the world's grids (CodeCarbon {grids.codecarbon_version()}); {default_pue_text()}"
    row = load_scenarios().loc[params.grid]
    return f"scenario {params.grid}: PUE {row['pue']:g}, grid {row['g_per_kwh']:.4g} g CO2e/kWh"

@plotting.drawing
def figure_cars(params: Parameters, top: pd.DataFrame, article_cars: float, window: str, credit: str):
    """The largest runs' CO2e in car lifetimes (log scale): the estimate with its 5-95 % interval, Epoch's power x
    hours under the same grid, and the article's five cars."""
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, min(plotting.SLIDE_HEIGHT, 2.6 + 0.36 * max(len(top), 1))))
    plotting.title(fig, f"The {len(top)} largest training runs published {window}, in car lifetimes" if len(top)
                   else f"Training runs published {window}: none to estimate")
    plotting.caption(fig, credit, f"Estimate: mlfootprint.estimate, board power from data/hardware.csv, power "
                                  f"fraction and server overhead from data/factors.csv; {grid_words(params)}")
    if not len(top):
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No run in this dataset has training hardware,\nhardware quantity and training time",
                transform=ax.transAxes, ha="center", va="center")
        return fig
    y = np.arange(len(top))[::-1]
    blue = plotting.COLORS["this run"]
    ax.errorbar(top["cars"], y, xerr=[top["cars"] - top["cars_low"], top["cars_high"] - top["cars"]], fmt="o",
                color=blue, capsize=4, zorder=3, label="estimate, 5-95 % interval")
    if top["epoch_cars"].notna().any():
        ax.scatter(top["epoch_cars"], y, marker="x", s=50, color=plotting.COLORS["other source"], zorder=4,
                   label="Epoch AI's training power \u00d7 hours, same grid")
    for yi, (_, row) in zip(y, top.iterrows()):
        plotting.value_label(ax, plotting.number(row["cars"], 2), (row["cars"], yi), offset=(0, 7), color=blue)
    ax.axvline(article_cars, color=plotting.COLORS["published"], linestyle=":", linewidth=1.5,
               label=f"the article's {article_cars:g} cars (Strubell et al.'s 2019 search)")
    ax.set_yticks(y, [run_label(row, top["grid"].nunique() > 1) for _, row in top.iterrows()])  # one grid: caption
    ends = top[["cars_low", "cars_high", "epoch_cars"]].to_numpy(dtype=float)
    low, high = min(np.nanmin(ends), article_cars), max(np.nanmax(ends), article_cars)
    ax.set_xlim(low / 1.5, high * 1.5)
    ax.set_ylim(-0.6, len(top) - 0.3)
    plotting.log_axis(ax, "x")
    plotting.decorate(ax, xlabel=f"CO2e, car lifetimes ({car_lifetime_lb():,.0f} lb, fuel included)",
                      legend="below")
    return fig

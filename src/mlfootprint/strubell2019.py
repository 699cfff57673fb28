"""Strubell, Ganesh & McCallum 2019's training runs recomputed: Table 3's energy (Eq. 1), CO2e (Eq. 2) and cloud
cost (footnote 7) for any PUE, grid factor and price. Used by notebooks 04, 05 and 07."""

import numpy as np
import pandas as pd

from . import energy
from .intervals import Interval, printed_cell, propagate
from .loaders import load_cloud_prices, load_scenarios, load_strubell_table3, strubell_fact
from .units import kg_to_lb

PAPER_SCENARIO = "strubell-2019"
"""The scenario of data/scenarios.csv that holds the paper's own PUE (1.58) and grid factor (0.954 lb/kWh)."""
SOURCE = "Strubell et al. 2019"
NO_POWER = "Strubell et al. give no power figure for TPUs (Table 3 caption), so this energy cannot be recomputed"


def run_name(row) -> str:
    """A Table 3 run as "model (hardware)", e.g. "NAS (P100x8)"."""
    return f"{row['model']} ({row['hardware']})"


def electricity_price(usd_per_kwh=None) -> float:
    """The electricity price of a run (USD/kWh): the given one, or footnote 9's $0.12."""
    return strubell_fact("electricity_usd_per_kwh") if usd_per_kwh is None else float(usd_per_kwh)


def prices(table: pd.DataFrame, low=None, high=None) -> tuple[pd.Series, pd.Series]:
    """Price per accelerator-hour of each run (USD): `low` and `high` for every run if given, else footnote 7's
    price for the run's accelerator."""
    if low is not None:
        return pd.Series(float(low), index=table.index), pd.Series(float(high), index=table.index)
    listed = load_cloud_prices()
    return (table["accelerator"].map(listed["price_low_usd_per_hour"]),
            table["accelerator"].map(listed["price_high_usd_per_hour"]))


def table3(factors: energy.Factors, price_low=None, price_high=None) -> pd.DataFrame:
    """Table 3 recomputed with Eq. 1 (kWh x PUE), Eq. 2 (CO2e) and hours x accelerators x price, beside the
    published columns. `implied_hours` is the time the published kWh implies at the paper's PUE."""
    table = load_strubell_table3()
    low, high = prices(table, price_low, price_high)
    paper_pue = load_scenarios().at[PAPER_SCENARIO, "pue"]
    has_power = table["power_w"].notna()
    kwh = pd.Series(np.nan, index=table.index)
    kwh[has_power] = energy.energy_kwh(table["hours"][has_power], table["power_w"][has_power], factors.pue)
    implied = pd.Series(np.nan, index=table.index)
    implied[has_power] = energy.hours_for_energy(table["kwh_pue"][has_power], table["power_w"][has_power], paper_pue)
    co2e_kg = pd.Series(np.nan, index=table.index)
    co2e_kg[has_power] = energy.co2e_kg(kwh[has_power], factors.g_per_kwh)
    return pd.DataFrame({
        "model": table["model"], "hardware": table["hardware"], "power_w": table["power_w"],
        "hours": table["hours"], "implied_hours": implied,
        "kwh_pue_published": table["kwh_pue"], "kwh_pue": kwh,
        "co2e_lb_published": table["co2e_lb"], "co2e_lb": kg_to_lb(co2e_kg), "co2e_kg": co2e_kg,
        "cost_low_usd_published": table["cloud_cost_usd_low"],
        "cost_low_usd": energy.cloud_cost_usd(table["hours"], table["n_accelerators"], low),
        "cost_high_usd_published": table["cloud_cost_usd_high"],
        "cost_high_usd": energy.cloud_cost_usd(table["hours"], table["n_accelerators"], high),
    })


def printed_inputs(row: pd.Series) -> tuple[Interval, Interval | None]:
    """A Table 3 run's printed hours and power (W), each standing for the values that round to them."""
    hours = printed_cell(row["hours_printed"], row["hours"])
    power = printed_cell(row["power_w_printed"], row["power_w"]) if row["power_w_printed"] else None
    return hours, power


def run_intervals(factors: energy.Factors, price_low=None, price_high=None) -> list[dict]:
    """Table 3 recomputed as Intervals: the printed hours and power carried through Eq. 1 (kWh x PUE), Eq. 2
    (CO2e, lb) and the cloud cost; the PUE, grid factor and prices are exact (the paper's or the run's choice).
    One dict per run with kwh_pue, co2e_lb, cost_low_usd, cost_high_usd (None without a power figure)."""
    table = load_strubell_table3()
    low, high = prices(table, price_low, price_high)
    pue, grid = factors.pue, factors.g_per_kwh
    runs = []
    for i, row in table.iterrows():
        hours, power = printed_inputs(row)
        n = row["n_accelerators"]
        runs.append({
            "kwh_pue": propagate(lambda h, w: energy.energy_kwh(h, w, pue), hours, power),
            "co2e_lb": propagate(lambda h, w: kg_to_lb(energy.co2e_kg(energy.energy_kwh(h, w, pue), grid)), hours,
                                 power),
            "cost_low_usd": propagate(lambda h, p=low[i]: energy.cloud_cost_usd(h, n, p), hours),
            "cost_high_usd": propagate(lambda h, p=high[i]: energy.cloud_cost_usd(h, n, p), hours),
        })
    return runs

"""Energy, emissions and cost of a training run (Strubell, Ganesh & McCallum 2019, Sec. 2 and footnote 7).

Every function takes floats, numpy arrays or pandas columns (vectorized) and validates its inputs.
"""

from dataclasses import dataclass

import pandas as pd

from .checks import choice, number
from .loaders import load_scenarios
from .units import G_PER_KG, g_per_kwh_to_lb_per_kwh, grid_to_g_per_kwh


def energy_kwh(hours, total_power_w, pue):
    """Strubell Eq. 1 from a measured total power: p_t = PUE x t x P / 1000 (kWh); P in W, t in hours."""
    number("hours", hours, 0)
    number("total_power_w", total_power_w, 0)
    number("pue", pue, 1)
    return pue * hours * total_power_w / 1000


def total_power_w(cpu_w, dram_w, gpu_w, n_gpus):
    """Strubell Eq. 1's power term: p_c + p_r + g x p_g (W): all CPU sockets, all DRAM, g GPUs at p_g each."""
    for name, value in (("cpu_w", cpu_w), ("dram_w", dram_w), ("gpu_w", gpu_w)):
        number(name, value, 0)
    number("n_gpus", n_gpus, 0, integer=True)
    return cpu_w + dram_w + n_gpus * gpu_w


def hours_for_energy(energy_kwh_pue, total_power_w, pue):
    """Eq. 1 solved for t: the hours that give a published energy (kWh, PUE included) at a measured power."""
    number("energy_kwh_pue", energy_kwh_pue, 0)
    number("total_power_w", total_power_w, 0, low_open=True)
    number("pue", pue, 1)
    return energy_kwh_pue * 1000 / (pue * total_power_w)


def accelerator_power_w(count, board_power_w, power_fraction, server_overhead):
    """Eq. 1's power term estimated from board power (W): accelerators x board power x the fraction of it drawn
    while training x the server's overhead (host CPUs, memory, network, fans) per accelerator."""
    number("count", count, 0)
    number("board_power_w", board_power_w, 0)
    number("power_fraction", power_fraction, 0, 1)
    number("server_overhead", server_overhead, 1)
    return count * board_power_w * power_fraction * server_overhead


def co2e_kg(energy_kwh_total, grid_g_per_kwh):
    """Strubell Eq. 2, the one emissions function: CO2e (kg) = energy (kWh) x grid carbon intensity (g CO2e/kWh)
    / 1000. (The paper's 0.954 lb/kWh is 432.7 g/kWh; `Factors` converts a grid factor to g/kWh where it enters.)"""
    number("energy_kwh", energy_kwh_total, 0)
    number("grid_g_per_kwh", grid_g_per_kwh, 0)
    return energy_kwh_total * grid_g_per_kwh / 1000


def cloud_cost_usd(hours, n_accelerators, usd_per_accelerator_hour):
    """Cloud compute cost (USD): hours x accelerators x price per accelerator-hour (Strubell footnote 7)."""
    number("hours", hours, 0)
    number("n_accelerators", n_accelerators, 0)
    number("usd_per_accelerator_hour", usd_per_accelerator_hour, 0)
    return hours * n_accelerators * usd_per_accelerator_hour


def electricity_cost_usd(energy_kwh_total, usd_per_kwh):
    """Electricity cost (USD) of an energy (kWh) at a price per kWh (Strubell footnote 9 uses $0.12)."""
    number("energy_kwh", energy_kwh_total, 0)
    number("usd_per_kwh", usd_per_kwh, 0)
    return energy_kwh_total * usd_per_kwh


@dataclass(frozen=True)
class Factors:
    """The data-centre and grid factors a run uses, and where each came from; the grid in g CO2e/kWh whatever unit
    it was given in."""

    scenario: str
    pue: float
    g_per_kwh: float
    pue_from: str
    grid_from: str

    @property
    def lbs_per_kwh(self) -> float:
        return g_per_kwh_to_lb_per_kwh(self.g_per_kwh)

    @property
    def kg_per_kwh(self) -> float:
        return self.g_per_kwh / G_PER_KG

    def table(self) -> pd.DataFrame:
        """The factors for printing: value, unit and where each came from."""
        return pd.DataFrame({
            "value": [self.pue, self.lbs_per_kwh, self.kg_per_kwh],
            "unit": ["ratio", "lb CO2e/kWh", "kg CO2e/kWh"],
            "from": [self.pue_from, self.grid_from, self.grid_from],
        }, index=pd.Index(["PUE", "grid factor", "grid factor"], name="factor"))


def factors(scenario: str, pue=None, lbs_per_kwh=None) -> Factors:
    """PUE and grid factor of a named scenario in data/scenarios.csv; explicit values override it (the grid given in
    lb CO2e/kWh, as Strubell et al. give it, and converted to g/kWh here)."""
    table = load_scenarios()
    choice("scenario", scenario, table.index)
    row = table.loc[scenario]
    if pue is not None:
        number("pue", pue, 1)
    if lbs_per_kwh is not None:
        number("lbs_per_kwh", lbs_per_kwh, 0)
    return Factors(
        scenario=scenario,
        pue=float(row["pue"] if pue is None else pue),
        g_per_kwh=float(row["g_per_kwh"] if lbs_per_kwh is None else grid_to_g_per_kwh(lbs_per_kwh, "lb/kWh")),
        pue_from=f"scenario {scenario}" if pue is None else "parameter pue",
        grid_from=f"scenario {scenario}" if lbs_per_kwh is None else "parameter lbs_per_kwh",
    )

"""Energy, emissions and cost of a training run (Strubell, Ganesh & McCallum 2019, Sec. 2 and footnote 7).

Every function takes floats, numpy arrays or pandas columns (vectorized) and validates its inputs.
"""

from dataclasses import dataclass

import pandas as pd

from .checks import choice, number
from .loaders import load_scenarios
from .units import lb_to_kg


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


def co2e_lb(energy_kwh_total, lbs_per_kwh):
    """Strubell Eq. 2: CO2e (lb) = grid factor (lb CO2e per kWh; 0.954 in the paper) x energy (kWh)."""
    number("energy_kwh", energy_kwh_total, 0)
    number("lbs_per_kwh", lbs_per_kwh, 0)
    return lbs_per_kwh * energy_kwh_total


def co2e_kg(energy_kwh_total, lbs_per_kwh):
    """Eq. 2 in kilograms."""
    return lb_to_kg(co2e_lb(energy_kwh_total, lbs_per_kwh))


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
    """The data-centre and grid factors a run uses, and where each came from."""

    scenario: str
    pue: float
    lbs_per_kwh: float
    pue_from: str
    grid_from: str

    @property
    def kg_per_kwh(self) -> float:
        return lb_to_kg(self.lbs_per_kwh)

    def table(self) -> pd.DataFrame:
        """The factors for printing: value, unit and where each came from."""
        return pd.DataFrame({
            "value": [self.pue, self.lbs_per_kwh, self.kg_per_kwh],
            "unit": ["ratio", "lb CO2e/kWh", "kg CO2e/kWh"],
            "from": [self.pue_from, self.grid_from, self.grid_from],
        }, index=pd.Index(["PUE", "grid factor", "grid factor"], name="factor"))


def factors(scenario: str, pue=None, lbs_per_kwh=None) -> Factors:
    """PUE and grid factor (lb CO2e/kWh) of a named scenario in data/scenarios.csv; explicit values override it."""
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
        lbs_per_kwh=float(row["lbs_per_kwh"] if lbs_per_kwh is None else lbs_per_kwh),
        pue_from=f"scenario {scenario}" if pue is None else "parameter pue",
        grid_from=f"scenario {scenario}" if lbs_per_kwh is None else "parameter lbs_per_kwh",
    )

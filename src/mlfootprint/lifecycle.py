"""The published life-cycle figures recomputed from the inputs their studies state (data/lifecycle_studies.csv),
with the functions of mlfootprint.footprint that the estimator uses for the same terms:

- BLOOM (Luccioni, Viguier & Ligozat 2023): dynamic energy and emissions (GPU-hours x board power x grid, no PUE),
  idle and infrastructure (the measured idle-mode and infrastructure-mode powers x GPU-hours / GPUs), embodied
  (Sec. 4.1, `footprint.embodied_kg` with a usage share of 0.85) and the total;
- OLMo (Morrison et al. 2025): the embodied emissions and water of the project's GPU-hours (usage share 1), the
  totals from the published partials, and Table 2's runs as energy x grid and energy x off-site water;
- GPT-3's water (Li et al.): on site = energy x WUE, off site = energy x PUE x EWIF (`footprint.water_*_l`);
- Epoch AI's development-cost shares (Cottier et al. 2024) from the medians their notebook prints.

A printed input stands for the values that round to it (mlfootprint.intervals), and each recomputation carries those
intervals; a constant the source defines ("exact") is a number.
"""

from . import energy, footprint
from .intervals import Interval, printed, propagate
from .lifecycle_loaders import load_lifecycle_studies
from .loaders import load_patterson_table4

EPOCH_HOURS_PER_YEAR = 24 * 365.25
"""Epoch AI's HOURS_PER_YEAR (training-cost-trends, cost_analysis_standalone.py): the year BLOOM's 7.57 t needs."""
GPT3 = "GPT-3"
"""The row of data/patterson2021_table4.csv behind Li et al.'s and BLOOM's Table 4 figures for GPT-3."""
EPOCH_MODELS = {"gpt-3": "GPT-3 175B (davinci)", "opt-175b": "OPT-175B", "gpt-4": "GPT-4",
                "gemini": "Gemini 1.0 Ultra"}
EPOCH_PARTS = ("staff", "chips", "servers", "interconnect", "energy")
"""Epoch AI's components of a model's development cost (R&D staff, AI accelerator chips, other server components,
cluster-level interconnect, energy), as data/lifecycle_studies.csv names them."""


def stated(input_id: str) -> Interval | float:
    """An input of data/lifecycle_studies.csv: the number when its source defines it, else the interval of values
    its printed text stands for."""
    row = load_lifecycle_studies().loc[input_id]
    return float(row["value"]) if row["sig_figs"] == "exact" else printed(row["value"], int(row["sig_figs"]))


def value(x) -> float:
    """The value of a number or an Interval."""
    return x.value if isinstance(x, Interval) else float(x)


def gpt3_energy_kwh() -> Interval:
    """GPT-3's training energy as Patterson et al. 2021 print it in Table 4 (1,287 MWh, PUE included), in kWh."""
    return printed(load_patterson_table4().at[GPT3, "energy_mwh"] * 1000, 4)


def bloom() -> dict:
    """BLOOM's figures recomputed (t CO2e, kWh, %, kg per hour) from its stated inputs, and the quantities that
    explain them."""
    s = {name: stated(f"bloom-{name}") for name in ("gpu-hours", "tdp", "grid", "gpus", "gpus-per-node", "p-train",
                                                    "p-idle", "p-infra", "server-embodied", "gpu-embodied",
                                                    "lifetime", "usage", "pue", "t4-gpt3-grid", "duration")}
    out = {"dynamic_kwh": propagate(lambda h: h * s["tdp"] / 1000, s["gpu-hours"])}
    out["dynamic_t"] = propagate(lambda kwh: energy.co2e_kg(kwh, s["grid"]) / 1000, out["dynamic_kwh"])
    out["train_hours"] = value(s["gpu-hours"]) / s["gpus"]
    out["idle_kwh"] = propagate(lambda idle, infra: (idle + infra) * out["train_hours"], s["p-idle"], s["p-infra"])
    out["idle_t"] = propagate(lambda kwh: energy.co2e_kg(kwh, s["grid"]) / 1000, out["idle_kwh"])
    out["idle_wallclock_kwh"] = (value(s["p-idle"]) + value(s["p-infra"])) * s["duration"]
    out["code_share"] = propagate(lambda a, b, c: 100 * a / (a + b + c), s["p-train"], s["p-idle"], s["p-infra"])
    life, usage = s["lifetime"], s["usage"]
    out["rate_server"] = footprint.embodied_kg(1, s["server-embodied"], life, usage)
    out["rate_gpu"] = footprint.embodied_kg(1, s["gpu-embodied"], life, usage)
    hours = value(s["gpu-hours"])
    out["embodied_servers_t"] = footprint.embodied_kg(hours / s["gpus-per-node"], s["server-embodied"], life,
                                                      usage) / 1000
    out["embodied_gpus_t"] = footprint.embodied_kg(hours, s["gpu-embodied"], life, usage) / 1000
    out["embodied_t"] = out["embodied_servers_t"] + out["embodied_gpus_t"]
    out["servers_8766_t"] = out["embodied_servers_t"] * footprint.HOURS_PER_YEAR / EPOCH_HOURS_PER_YEAR
    out["servers_printed_hours_t"] = propagate(
        lambda h: footprint.embodied_kg(h / s["gpus-per-node"], s["server-embodied"], life, usage) / 1000,
        stated("bloom-gpu-hours-41"))
    out["total_t"] = propagate(lambda d, i: d + i + out["embodied_t"], out["dynamic_t"], out["idle_t"])
    dynamic, embodied = value(out["dynamic_t"]), out["embodied_t"]  # Table 3's shares; the idle term's interval
    out["share_dynamic"] = propagate(lambda i: 100 * dynamic / (dynamic + i + embodied), out["idle_t"])  # moves them
    out["share_idle"] = propagate(lambda i: 100 * i / (dynamic + i + embodied), out["idle_t"])
    out["share_embodied"] = propagate(lambda i: 100 * embodied / (dynamic + i + embodied), out["idle_t"])
    out["with_pue_t"] = propagate(lambda d: d * s["pue"], out["dynamic_t"])
    gpt3 = load_patterson_table4().loc[GPT3]
    out["gpt3_t"] = propagate(lambda kwh, g: energy.co2e_kg(kwh / gpt3["pue"], g) / 1000, gpt3_energy_kwh(),
                              s["t4-gpt3-grid"])
    out["gpt3_patterson_t"] = float(gpt3["gross_tco2e"])
    out["gpt3_pue"] = float(gpt3["pue"])
    out["idle_over_dynamic"] = value(out["idle_t"]) / value(out["dynamic_t"])
    out["idle_per_gpu_of_tdp"] = (value(s["p-idle"]) + value(s["p-infra"])) * 1000 / s["gpus"] / s["tdp"]
    out.update(gpus=s["gpus"], gpu_hours=hours, tdp_w=s["tdp"], grid=s["grid"], pue=s["pue"],
               p_idle=value(s["p-idle"]), p_infra=value(s["p-infra"]), p_train=value(s["p-train"]),
               server_kg=s["server-embodied"], gpu_kg=s["gpu-embodied"], lifetime=life, usage=usage,
               gpus_per_node=s["gpus-per-node"], hours_per_year=footprint.HOURS_PER_YEAR,
               epoch_hours_per_year=EPOCH_HOURS_PER_YEAR, gpt3_energy_mwh=value(gpt3_energy_kwh()) / 1000,
               gpt3_grid=value(s["t4-gpt3-grid"]))
    return out


def olmo(dev_t: Interval, train_t: Interval, dev_kl: Interval, train_kl: Interval) -> dict:
    """OLMo's figures recomputed from its stated inputs: the embodied emissions (t) and water (kL) of the project's
    GPU-hours (a node's footprint / its GPUs, a 4-year lifetime, every hour in use), the totals with the published
    development and final-training partials, and Table 2's runs (t, kL) without and with PUE."""
    s = {name: stated(f"olmo-{name}") for name in ("gpu-hours", "node-embodied", "gpus-per-node", "lifetime",
                                                    "gpu-water", "jupiter-pue", "jupiter-ci", "jupiter-wue-off",
                                                    "augusta-pue", "augusta-ci", "augusta-wue-off")}
    per_gpu = s["node-embodied"] / s["gpus-per-node"]
    out = {"rate": footprint.embodied_kg(1, per_gpu, s["lifetime"], 1.0)}
    out["embodied_t"] = propagate(lambda h: footprint.embodied_kg(h, per_gpu, s["lifetime"], 1.0) / 1000,
                                  s["gpu-hours"])
    out["embodied_kl"] = propagate(lambda h: footprint.embodied_kg(h, s["gpu-water"], s["lifetime"], 1.0) / 1000,
                                   s["gpu-hours"])  # the same amortisation, of litres
    out["total_t"] = propagate(lambda e, d, t: e + d + t, out["embodied_t"], dev_t, train_t)
    out["total_ml"] = propagate(lambda e, d, t: (e + d + t) / 1000, out["embodied_kl"], dev_kl, train_kl)
    out["dev_share"] = propagate(lambda d, t: 100 * d / t, dev_t, train_t)
    for run, site in (("1b", "jupiter"), ("e", "jupiter"), ("2_13b", "augusta")):
        mwh = stated({"1b": "olmo-1b-energy", "e": "olmoe-energy", "2_13b": "olmo2-13b-energy"}[run])
        ci, pue, wue = s[f"{site}-ci"], s[f"{site}-pue"], s[f"{site}-wue-off"]
        out[f"{run}_t"] = propagate(lambda m, c=ci: m * c, mwh)  # MWh x kg/kWh = t
        out[f"{run}_kl"] = propagate(lambda m, w=wue: m * w, mwh)  # MWh x L/kWh = kL
        out[f"{run}_t_pue"] = value(mwh) * pue * ci
        out[f"{run}_kl_pue"] = value(mwh) * pue * wue
        out[f"{run}_mwh"] = value(mwh)
    out.update({key.replace("-", "_"): value(v) for key, v in s.items()}, node_kg=s["node-embodied"],
               gpu_water_l=s["gpu-water"], hours_per_year=footprint.HOURS_PER_YEAR)
    return out


def li_water() -> dict:
    """GPT-3's training water (million L) as Li et al. compute it from Patterson et al.'s 1,287 MWh and Microsoft's
    U.S. average PUE, WUE and EWIF; and, for comparison, the formula that multiplies WUE by PUE too (Morrison et
    al., CodeCarbon)."""
    e, pue, wue, ewif = gpt3_energy_kwh(), stated("li-pue"), stated("li-wue"), stated("li-ewif")
    out = {"onsite_l": propagate(footprint.water_onsite_l, e, wue)}
    out["onsite_ml"] = propagate(lambda litres: litres / 1e6, out["onsite_l"])
    out["offsite_ml"] = propagate(lambda kwh, p, f: footprint.water_offsite_l(kwh, p, f) / 1e6, e, pue, ewif)
    out["total_ml"] = propagate(lambda kwh, p, w, f: (footprint.water_onsite_l(kwh, w) +
                                                      footprint.water_offsite_l(kwh, p, f)) / 1e6, e, pue, wue, ewif)
    out["offsite_over_onsite"] = value(out["offsite_ml"]) / value(out["onsite_ml"])
    out["pue_on_both_ml"] = value(e) * value(pue) * (value(wue) + value(ewif)) / 1e6
    out.update(energy_mwh=value(e) / 1000, pue=value(pue), wue=value(wue), ewif=value(ewif))
    return out


def epoch_costs():
    """Epoch AI's development cost of four frontier models by component (USD 2023, the medians its notebook
    prints), with each component's share (%), the hardware's (chips + servers + interconnect) and the energy's share
    of the compute cost alone (hardware + energy, staff left out)."""
    import pandas as pd

    studies = load_lifecycle_studies()
    table = pd.DataFrame({part: [studies.at[f"epoch-{key}-{part}", "value"] for key in EPOCH_MODELS]
                          for part in EPOCH_PARTS}, index=pd.Index(list(EPOCH_MODELS.values()), name="model"))
    total = table.sum(axis=1)
    for part in EPOCH_PARTS:
        table[f"{part}_share"] = 100 * table[part] / total
    table["hardware_share"] = table[["chips_share", "servers_share", "interconnect_share"]].sum(axis=1)
    compute = table[["chips", "servers", "interconnect", "energy"]].sum(axis=1)
    table["energy_share_of_compute"] = 100 * table["energy"] / compute
    return table


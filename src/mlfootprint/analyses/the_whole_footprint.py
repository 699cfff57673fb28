"""Notebook 10 (beyond the article): the whole footprint of a training run. BLOOM's dynamic, idle and embodied
emissions, OLMo's embodied emissions and water, GPT-3's water and Epoch AI's cost shares recomputed from the inputs
the studies state (mlfootprint.lifecycle); the article's "five cars" with the rest of the servers and the hardware's
manufacture added (an extension); and the estimator's 5-95 % intervals, given only what the papers state about each
run, against the figures they published (the calibration).

Notebook: notebooks/10-the-whole-footprint.ipynb.
"""

from __future__ import annotations  # the step `coverage` and others shadow module names in the class body

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import claims, footprint, lifecycle, plotting, steps
from ..catalogue import find
from ..estimate import QUANTITIES
from ..intervals import Interval
from ..loaders import (
    car_lifetime_lb,
    load_claims,
    load_hardware,
    load_patterson_table4,
    load_scenarios,
    load_strubell_table3,
)
from ..notebook_parameters import WholeFootprintParameters as Parameters
from ..strubell2019 import PAPER_SCENARIO
from ..units import HOURS_PER_DAY, kg_to_lb
from .estimate_a_training_run import ACCELERATORS, NAS, estimate_run

BLOOM_RUN = dict(hardware="A100 SXM4", country="FRA")
"""BLOOM's hardware and location: A100 80GB GPUs (data/hardware.csv's A100 SXM4, 400 W, as the authors' notebook
uses) on the Jean Zay cluster in France (BigScience's training record; the paper's grid is France's)."""
OLMO_RUN = dict(hardware="H100 SXM", count=1, country="USA")
"""OLMo's hardware and location: H100 GPUs in the United States (Texas and Iowa), given as GPU-hours on one GPU."""
STUDIES = {"bloom": "BLOOM", "olmo": "OLMo series", "li": "GPT-3's water", "epoch": "Epoch AI's costs",
           "five": "The 'five cars'"}
"""The studies of the ledger, by the second word of their claim ids."""
NAS_STUDY = "NAS run, the 'five cars'"
IDLE_ROW, EMBODIED_ROW = "+ rest of the servers (idle)", "+ manufacture (embodied)"
"""The rows `five_cars` may add to the NAS run's measured emissions."""
ADDED = {IDLE_ROW: "the rest of the servers (Patterson et al. 2021's host-inclusive power)",
         EMBODIED_ROW: "the manufacture (central values of the embodied ranges of "
                                     "data/lifecycle_factors.csv)"}
"""Those rows in words, for the caption of the terms figure."""


def published(claim_id: str) -> float:
    """A published number of data/claims.csv."""
    return float(load_claims().at[claim_id, "published_value"])


def study_ledger(ledger: pd.DataFrame, study: str) -> pd.DataFrame:
    """The rows of the ledger about one study (a key of STUDIES), for reading."""
    return claims.display_table(ledger[ledger["claim_id"].str.split("-").str[1] == study])


def _nas_row() -> pd.Series:
    table = load_strubell_table3()
    return table[(table["model"] == NAS) & (table["accelerator"] == "P100")].iloc[0]


def five_cars(params: Parameters) -> pd.DataFrame:
    """Strubell et al.'s architecture search (8 P100 for 274,120 h) in car lifetimes (Table 1, D): as published, then
    with each term of `five_cars_terms` added by the estimator: 'idle', the rest of the servers as Patterson et al.
    measured it for the same model on the same GPU (Table 1: per P100, host included), on top of what Strubell et al.
    measured (GPUs, CPU, DRAM); 'embodied', the manufacture of the GPUs and their server, from the estimator's ranges.
    The PUE and grid stay the paper's."""
    row, paper = _nas_row(), load_scenarios().loc[PAPER_SCENARIO]
    hardware = ACCELERATORS[row["accelerator"]]
    measured_w = row["power_w"] / row["n_accelerators"]
    host_w = lifecycle.value(lifecycle.stated("patterson-t1-p100-power"))
    added = ("idle", "embodied") if params.five_cars_terms == "all" else tuple(params.five_cars_terms or ())
    common = dict(hardware=hardware, count=int(row["n_accelerators"]), hours=row["hours"], pue=paper["pue"],
                  grid_g_per_kwh=f"{paper['grid_value']} {paper['grid_unit']}", samples=params.samples,
                  seed=params.seed, power_fraction=measured_w / load_hardware().at[hardware, "board_power_w"])
    steps_ = [("measured (GPUs, CPU, DRAM)", dict(server_overhead=1, terms=None))]
    if "idle" in added:
        steps_.append((IDLE_ROW, dict(server_overhead=host_w / measured_w, terms=None)))
    if "embodied" in added:
        steps_.append((EMBODIED_ROW, dict(server_overhead=steps_[-1][1]["server_overhead"], terms=["embodied"])))
    rows = {"published (Table 3)": (row["co2e_lb"],) * 3}
    for name, options in steps_:
        est = estimate_run(**common, **options)
        quantity = "total CO2e" if options["terms"] else "CO2e"
        rows[name] = tuple(kg_to_lb(getattr(est, end)[quantity]) for end in ("central", "low", "high"))
    table = pd.DataFrame(rows, index=["co2e_lb", "co2e_lb_low", "co2e_lb_high"]).T
    for end in ("", "_low", "_high"):
        table[f"cars{end}"] = table[f"co2e_lb{end}"] / car_lifetime_lb()
    table.index.name = "NAS run"
    table.attrs.update(measured_w=measured_w, host_w=host_w)
    return table


def coverage_runs() -> list[dict]:
    """The published figures the estimator can be compared with, what each paper states about its run (accelerator,
    count, hours, location: the grid factor where the paper gives its location's) and the PUE it states (None where
    it states none for the run): BLOOM's and OLMo's totals, GPT-3's water, every run of Patterson et al.'s Table 4."""
    bloom_hours, gpus = (lifecycle.value(lifecycle.stated(f"bloom-{name}")) for name in ("gpu-hours", "gpus"))
    olmo_hours = lifecycle.value(lifecycle.stated("olmo-gpu-hours"))
    gpt3 = load_patterson_table4().loc[lifecycle.GPT3]
    gpt3_run = dict(hardware=ACCELERATORS[gpt3["processor"]], count=int(gpt3["n_chips"]),
                    hours=gpt3["training_days"] * HOURS_PER_DAY, grid_g_per_kwh=f"{gpt3['gross_kg_per_kwh']} kg/kWh")
    bloom_run = dict(**BLOOM_RUN, count=int(gpus), hours=bloom_hours / gpus)
    bloom_pue, li_pue = (lifecycle.value(lifecycle.stated(name)) for name in ("bloom-pue", "li-pue"))
    runs = [("BLOOM", "total CO2e", "whole-bloom-total", 1000, bloom_run, bloom_pue,
             "GPUs at TDP, idle nodes and infrastructure, manufacture; no PUE"),
            ("OLMo series", "total CO2e", "whole-olmo-total", 1000, dict(**OLMO_RUN, hours=olmo_hours), None,
             "measured GPU power with PUE, manufacture, development"),
            ("OLMo series", "water", "whole-olmo-water", 1e6, dict(**OLMO_RUN, hours=olmo_hours), None,
             "off site (closed loop on site), manufacture"),
            ("GPT-3", "water", "whole-li-total", 1e6, gpt3_run, li_pue, "on and off site, Microsoft's U.S. averages"),
            ("GPT-3", "water_onsite", "whole-li-onsite-abstract", 1, gpt3_run, li_pue, "on site")]
    rows = [dict(run=run, quantity=q, published=published(c) * scale, source=c, options=o, pue=pue, counts=counts)
            for run, q, c, scale, o, pue, counts in runs]
    for model, r in load_patterson_table4().iterrows():
        options = dict(hardware=ACCELERATORS[r["processor"]], count=int(r["n_chips"]),
                       hours=r["training_days"] * HOURS_PER_DAY, grid_g_per_kwh=f"{r['gross_kg_per_kwh']} kg/kWh")
        rows += [dict(run=model, quantity="energy", published=r["energy_mwh"] * 1000, source="Patterson Table 4",
                      options=options, pue=r["pue"], counts="measured power with host, PUE"),
                 dict(run=model, quantity="CO2e", published=r["gross_tco2e"] * 1000, source="Patterson Table 4",
                      options=options, pue=r["pue"], counts="operational, gross")]
    return rows


def _interval(est, quantity: str) -> tuple[float, float, float]:
    """(central, low, high) of a quantity, or of a term (e.g. the water evaporated on site)."""
    if quantity in est.central:
        return est.central[quantity], est.low[quantity], est.high[quantity]
    return tuple(est.terms.loc[quantity, ["central", "low", "high"]])


def coverage(params: Parameters) -> pd.DataFrame:
    """Each published figure of `coverage_runs` beside the estimator's central value and 5-95 % interval for the
    same run, given only the accelerator, count, hours and location (every other factor drawn from its range), then
    given the PUE the paper states too; and whether each interval holds the published figure."""
    rows, estimates = [], {}
    for item in coverage_runs():
        row = {"run": item["run"], "quantity": item["quantity"], "published": item["published"]}
        for suffix, pue in (("", None), ("_with_pue", item["pue"])):
            key = repr(sorted(item["options"].items())) + repr(pue)
            if key not in estimates:
                estimates[key] = estimate_run(**item["options"], pue=pue, terms=["embodied", "water"],
                                              samples=params.samples, seed=params.seed)
            central, low, high = _interval(estimates[key], item["quantity"])
            row.update({f"central{suffix}": central, f"low{suffix}": low, f"high{suffix}": high,
                        f"inside{suffix}": bool(low <= item["published"] <= high)})
        unit = footprint.TERMS[item["quantity"]][2] if item["quantity"] in footprint.TERMS else QUANTITIES[
            item["quantity"]]
        row.update(unit=unit, pue_stated=item["pue"],
                   published_over_central=item["published"] / row["central"], published_counts=item["counts"],
                   claim_or_table=item["source"])
        rows.append(row)
    return pd.DataFrame(rows).set_index(["run", "quantity"])


def terms_table(bloom: dict, olmo: dict, water: dict, cars: pd.DataFrame) -> pd.DataFrame:
    """Each study's terms, published and recomputed, for the stacked bars: BLOOM (t CO2e), the OLMo series (t CO2e,
    development and final training as published), GPT-3's water (million L) and the NAS run (car lifetimes)."""
    rows = [("BLOOM", "t CO2e", "dynamic (GPUs at TDP)", "whole-bloom-dynamic", bloom["dynamic_t"]),
            ("BLOOM", "t CO2e", "idle nodes and infrastructure", "whole-bloom-idle", bloom["idle_t"]),
            ("BLOOM", "t CO2e", "embodied", "whole-bloom-embodied", bloom["embodied_t"]),
            ("OLMo series", "t CO2e", "embodied", "whole-olmo-embodied", olmo["embodied_t"]),
            ("OLMo series", "t CO2e", "development (as published)", "whole-olmo-dev", None),
            ("OLMo series", "t CO2e", "final training (as published)", "whole-olmo-train", None),
            ("GPT-3's water", "million L", "on site (WUE)", "whole-li-onsite", water["onsite_ml"]),
            ("GPT-3's water", "million L", "off site (EWIF)", "whole-li-offsite", water["offsite_ml"])]
    table = pd.DataFrame([{"study": s, "unit": u, "term": t, "published": published(c),
                           "recomputed": published(c) if v is None else lifecycle.value(v)} for s, u, t, c, v in rows])
    steps_ = list(cars.index[1:])
    previous = 0.0
    for name in steps_:
        value = cars.at[name, "cars"]
        table.loc[len(table)] = {"study": NAS_STUDY, "unit": "car lifetimes", "term": name,
                                 "published": cars.iloc[0]["cars"] if name == steps_[0] else 0.0,
                                 "recomputed": value - previous}
        previous = value
    return table.set_index(["study", "term"])


def recomputed(bloom: dict, olmo: dict, water: dict, costs: pd.DataFrame, cars: pd.DataFrame) -> claims.Recomputed:
    """Every claim of notebook 10 recomputed, and the quantities its explanations quote."""
    values = {f"whole-bloom-{k}": bloom[v] for k, v in (
        ("dynamic-abstract", "dynamic_t"), ("dynamic-energy", "dynamic_kwh"), ("dynamic", "dynamic_t"),
        ("idle-energy", "idle_kwh"), ("idle", "idle_t"), ("code-share", "code_share"),
        ("rate-server", "rate_server"), ("rate-gpu", "rate_gpu"), ("embodied-servers", "embodied_servers_t"),
        ("embodied-gpus", "embodied_gpus_t"), ("embodied", "embodied_t"), ("total", "total_t"),
        ("share-embodied", "share_embodied"), ("share-dynamic", "share_dynamic"), ("share-idle", "share_idle"),
        ("pue", "with_pue_t"), ("gpt3", "gpt3_t"))}
    values.update({f"whole-olmo-{k}": olmo[v] for k, v in (
        ("embodied-rate", "rate"), ("embodied", "embodied_t"), ("embodied-water", "embodied_kl"),
        ("total", "total_t"), ("water", "total_ml"), ("dev-share", "dev_share"), ("1b-co2e", "1b_t"),
        ("1b-water", "1b_kl"), ("e-co2e", "e_t"), ("e-water", "e_kl"), ("2-13b-co2e", "2_13b_t"),
        ("2-13b-water", "2_13b_kl"))})
    values.update({claim_id: None for claim_id in ("whole-olmo-dev", "whole-olmo-train", "whole-olmo-dev-water",
                                                   "whole-olmo-train-water")})
    values.update({"whole-li-onsite-abstract": water["onsite_l"], "whole-li-onsite": water["onsite_ml"],
                   "whole-li-offsite": water["offsite_ml"], "whole-li-total": water["total_ml"]})
    quantities = {f"epoch_{k}": v for k, v in _epoch(costs, values).items()}
    last = cars.iloc[-1]
    values["whole-five-cars"] = Interval(last["cars"], last["cars_low"], last["cars_high"])
    bloom_servers_max = claims.accepted(published("whole-bloom-embodied-servers"), 3)[1]
    quantities.update({f"bloom_{k}": v for k, v in bloom.items() if isinstance(v, float)})
    quantities.update(bloom_excess_kg=(bloom["embodied_servers_t"] - bloom_servers_max) * 1000,
                      bloom_dynamic_t=lifecycle.value(bloom["dynamic_t"]), bloom_idle_t=lifecycle.value(bloom["idle_t"]),
                      bloom_servers_printed_hours_t=lifecycle.value(bloom["servers_printed_hours_t"]))
    quantities.update({f"olmo_{k}": lifecycle.value(v) for k, v in olmo.items()},
                      olmo_implied_kg_per_kwh=published("whole-olmo-2-13b-co2e") / olmo["2_13b_mwh"])
    quantities.update({f"li_{k}": lifecycle.value(v) for k, v in water.items()})
    measured = cars.iloc[1]["cars"]
    quantities.update(cars_measured_cars=measured, cars_host_w=cars.attrs["host_w"],
                      cars_strubell_w=cars.attrs["measured_w"],
                      cars_host_cars=cars.iloc[2]["cars"] if len(cars) > 2 else measured)
    return claims.Recomputed(values, quantities=quantities)


def _epoch(costs: pd.DataFrame, values: dict) -> dict:
    """Fill `values` with Epoch AI's share claims (the smallest and largest of the four models); return the models
    they come from and the energy's share of the compute cost."""
    quantities = {}
    for part in ("energy", "servers", "interconnect", "hardware", "staff"):
        shares = costs[f"{part}_share"]
        for end, pick in (("low", shares.idxmin()), ("high", shares.idxmax())):
            values[f"whole-epoch-{part}-{end}"] = float(shares[pick])
            quantities[f"{part}_{end}_model"] = pick
    quantities.update(energy_compute_min=float(costs["energy_share_of_compute"].min()),
                      energy_compute_max=float(costs["energy_share_of_compute"].max()))
    return quantities


WORDS = {"water_onsite": "water on site"}
"""A term's name in the coverage figure's rows, where it is not readable as it is."""
SHADES = (1.0, 0.55, 0.25)
"""Opacity of a study's first, second and third term in its stacked bars (one colour per bar: grey published, blue
recomputed)."""


def _nas_note(terms: pd.DataFrame) -> str:
    """What the NAS run's recomputed bar holds: Strubell et al.'s measured emissions and what this run added."""
    added = [ADDED[term] for term in terms.loc[NAS_STUDY].index if term in ADDED]
    if not added:
        return "The NAS run: Strubell et al.'s measured emissions recomputed, nothing added, as in their Table 3"
    return f"The NAS run: Strubell et al.'s measured emissions, with {' and '.join(added)} added by the estimator"


@plotting.drawing
def terms_figure(terms: pd.DataFrame):
    """Each study's terms stacked, as published (left bar, grey) and as recomputed from the study's inputs (right
    bar, blue), one panel per study, its terms named beside the bars; the caption says what the NAS run's bar
    adds in this run."""
    studies = list(dict.fromkeys(terms.index.get_level_values("study")))
    fig, axes = plt.subplots(2, (len(studies) + 1) // 2, figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT),
                             squeeze=False)
    for ax, study in zip(axes.flat, studies):
        part = terms.loc[study]
        for column, x, color in (("published", 0, plotting.COLORS["context"]),
                                 ("recomputed", 1.25, plotting.COLORS["this run"])):
            bottom = 0.0
            for i, (term, row) in enumerate(part.iterrows()):
                ax.bar(x, row[column], bottom=bottom, color=color, alpha=SHADES[i % len(SHADES)], width=0.6,
                       edgecolor="white", label=term if column == "recomputed" else None)
                bottom += row[column]
            plotting.value_label(ax, plotting.number(bottom), (x, bottom), offset=(0, 3))
        ax.set_xticks([0, 1.25], ["published", "recomputed"])
        ax.set_xlim(-0.5, 3.85)  # the terms' names on the right
        ax.set_ylim(0, part[["published", "recomputed"]].sum().max() * 1.25)
        ax.grid(axis="x", visible=False)
        plotting.plain_axis(ax, "y")
        plotting.decorate(ax, title=study, ylabel=part["unit"].iloc[0],
                          legend={"loc": "center left", "bbox_to_anchor": (0.5, 0.5), "reverse": True})
    for ax in list(axes.flat)[len(studies):]:
        ax.set_axis_off()
    plotting.title(fig, "Each study's footprint, term by term: published and recomputed")
    plotting.caption(fig, "the studies' own terms (BLOOM, Luccioni et al. 2023; OLMo, Morrison et al. 2025; Li et "
                          "al.'s Table 1; Strubell et al. 2019's Table 3) and their inputs "
                          "(data/lifecycle_studies.csv)",
                     _nas_note(terms))
    return fig


@plotting.drawing
def coverage_figure(table: pd.DataFrame, samples: int, seed: int):
    """The estimator's 5-95 % interval for each run, given its accelerator, count, hours and location (grey), and
    given the PUE the paper states too (blue; none where the paper states no PUE), as ratios to the first
    interval's central value (log scale), with the published figure; the caption names the samples and seed, which
    the counts of the title depend on."""
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT))
    y = np.arange(len(table))[::-1].astype(float)
    for suffix, offset, color, label in (
            ("", 0.17, plotting.COLORS["context"], "5-95 %: given hardware, count, hours, location"),
            ("_with_pue", -0.17, plotting.COLORS["this run"], "5-95 %: and the PUE the paper states")):
        stated = table["pue_stated"].notna() if suffix else table["central"].notna()
        ax.hlines(y[stated] + offset, (table[f"low{suffix}"] / table["central"])[stated],
                  (table[f"high{suffix}"] / table["central"])[stated], color=color, linewidth=4, label=label)
    ax.scatter(table["published_over_central"], y, marker="D", color=plotting.COLORS["published"], zorder=3, s=30,
               label="published")
    ax.axvline(1, color="black", linewidth=0.8)
    ax.set_yticks(y, [f"{run}: {WORDS.get(quantity, quantity)}" for run, quantity in table.index])
    ax.set_ylim(-0.7, len(table) - 0.3)
    plotting.log_axis(ax, "x")
    with_pue = table["inside_with_pue"][table["pue_stated"].notna()]
    plotting.decorate(ax, xlabel="value / the estimator's central value (log scale)", legend="below")
    plotting.title(fig, f"Published figures against the estimator's intervals: {int(table['inside'].sum())} of "
                        f"{len(table)} inside, {int(with_pue.sum())} of {len(with_pue)} given the PUE")
    plotting.caption(fig, "Patterson et al. 2021 Table 4; BLOOM's and OLMo's totals; Li et al.'s water (published)",
                     "Estimator: mlfootprint.estimate with what each paper states about its run, every other factor "
                     f"drawn from data/factors.csv and data/lifecycle_factors.csv ({samples:,} samples, seed {seed})",
                     "No blue bar: the paper states no PUE for the run" if table["pue_stated"].isna().any() else "")
    return fig


class Steps(steps.Steps):
    """Notebook 10's chain: the four studies recomputed, the 'five cars' with the whole footprint, the terms of each
    study, the calibration of the estimator, the figures and the ledger."""

    NOTEBOOK = find("10")
    TABLES = ("terms", "epoch_costs", "five_cars", "coverage")

    @steps.step
    def bloom(self) -> dict:
        return lifecycle.bloom()

    @steps.step
    def olmo(self) -> dict:
        printed = {name: claims.printed_claim(f"whole-olmo-{name}") for name in ("dev", "train", "dev-water",
                                                                                 "train-water")}
        return lifecycle.olmo(printed["dev"], printed["train"], printed["dev-water"], printed["train-water"])

    @steps.step
    def water(self) -> dict:
        return lifecycle.li_water()

    @steps.step
    def epoch_costs(self) -> pd.DataFrame:
        return lifecycle.epoch_costs()

    @steps.step
    def five_cars(self) -> pd.DataFrame:
        return five_cars(self.params)

    @steps.step
    def terms(self) -> pd.DataFrame:
        return terms_table(self.bloom, self.olmo, self.water, self.five_cars)

    @steps.step
    def coverage(self) -> pd.DataFrame:
        return coverage(self.params)

    @steps.step
    def recomputed(self) -> claims.Recomputed:
        return recomputed(self.bloom, self.olmo, self.water, self.epoch_costs, self.five_cars)

    @steps.figure("whole-footprint-terms")
    def figure_terms(self):
        return terms_figure(self.terms)

    @steps.figure("whole-footprint-coverage")
    def figure_coverage(self):
        return coverage_figure(self.coverage, self.params.samples, self.params.seed)

"""Notebook 08 (beyond the article): the energy, CO2e and cost of any training run with sourced default factors,
5-95 % intervals and the factor that moves the result most; the article's "five cars" as an interval; and whether
the estimator gives back the measured runs of Strubell et al. 2019 and Patterson et al. 2021.

Notebook: notebooks/08-estimate-a-training-run.ipynb. The computation is in mlfootprint.estimate.
"""

from __future__ import annotations  # the step `estimate` shadows the module in the class body

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import estimate, plotting, quantities, statement, steps
from ..notebook_parameters import EstimateParameters as Parameters
from ..catalogue import find
from ..loaders import car_lifetime_lb, load_hardware, load_patterson_table4, load_scenarios, load_strubell_table3
from ..strubell2019 import PAPER_SCENARIO
from ..units import HOURS_PER_DAY, kg_to_lb

ISSUE_EXAMPLE = dict(hardware="A100 SXM4", count=64, hours=100, power_fraction=1, server_overhead=1, pue=1.1,
                     grid_g_per_kwh=56)
"""The worked example of issue #14: 2,816 kWh and 157.7 kg CO2e."""
ACCELERATORS = {"P100": "P100 SXM2", "V100": "V100 SXM2", "TPU v2": "TPU v2", "TPU v3": "TPU v3"}
"""The rows of data/hardware.csv for the accelerators of Strubell et al.'s Table 3 and Patterson et al.'s Table 4
(the P100 and V100 runs were on SXM2 boards, 300 W; the hardware file's description of P100 SXM2 says so)."""
NAS = "NAS"
ET_NAS = "Evolved Transformer NAS"


def estimate_run(hardware: str, count: int, hours: float, **options) -> estimate.Estimate:
    """Estimate one training run, the Python API of `mlfootprint estimate`: `options` are its other options
    (power_fraction, server_overhead, pue or scenario, country or grid_g_per_kwh, price_per_kwh, samples, seed),
    checked as the command checks them. E.g. estimate_run("A100 SXM4", 64, 100, power_fraction=1,
    server_overhead=1, pue=1.1, grid_g_per_kwh=56).central["energy"] == 2816.0 (kWh)."""
    return estimate.from_options(**Parameters(hardware=hardware, count=count, hours=hours, **options).values())


def hardware_row(params: Parameters) -> pd.DataFrame:
    """The accelerator as data/hardware.csv gives it: description, peak, board power and the power's source."""
    return load_hardware().loc[[params.hardware], ["description", "factor_kind", "board_power_w", "power_source"]]


def exact_example() -> estimate.Estimate:
    """Issue #14's example, every factor given (the price aside): 64 x A100 SXM4, 100 h, fraction 1, overhead 1,
    PUE 1.1, 56 g CO2e/kWh."""
    return estimate_run(**ISSUE_EXAMPLE, terms=None)


def _strubell_nas_row() -> pd.Series:
    table = load_strubell_table3()
    return table[(table["model"] == NAS) & (table["accelerator"] == "P100")].iloc[0]


def nas_run_text(row: pd.Series) -> str:
    """The NAS run in words, from Table 3 and the paper's scenario, e.g. "8 x P100 for 274,120 h at 1,515.43 W
    measured, US grid 0.954 lb/kWh"."""
    paper = load_scenarios().loc[PAPER_SCENARIO]
    return (f"{row['n_accelerators']} x {row['accelerator']} for {row['hours']:,.0f} h at {row['power_w']:,.2f} W "
            f"measured, US grid {paper['lbs_per_kwh']:g} lb/kWh")


def strubell_nas(params: Parameters, grid_g_per_kwh: float | None = None) -> dict[str, estimate.Estimate]:
    """Strubell et al.'s NAS run (8 P100 for 274,120 h) three ways: "measured" with their measured power (1,515.43 W
    for the machine: power fraction = 1,515.43 / (8 x 300 W), no further overhead), PUE 1.58 and 0.954 lb/kWh, as
    Table 3 computes it; "measured power, PUE sampled" with the data centre not given; "board power only" with the
    default power fraction, server overhead and PUE. The grid stays the paper's (US average, 0.954 lb/kWh) unless
    `grid_g_per_kwh` is given (notebook 05 draws the interval at its run's grid)."""
    row = _strubell_nas_row()
    hardware = ACCELERATORS[row["accelerator"]]
    board = load_hardware().at[hardware, "board_power_w"]
    fraction = row["power_w"] / (row["n_accelerators"] * board)
    paper = load_scenarios().loc[PAPER_SCENARIO]
    common = dict(hardware=hardware, count=int(row["n_accelerators"]), hours=row["hours"],
                  grid_g_per_kwh=f"{paper['grid_value']} {paper['grid_unit']}" if grid_g_per_kwh is None
                  else grid_g_per_kwh, samples=params.samples,
                  seed=params.seed)
    return {
        "measured": estimate_run(**common, power_fraction=fraction, server_overhead=1, pue=paper["pue"]),
        "measured power, PUE sampled": estimate_run(**common, power_fraction=fraction, server_overhead=1),
        "board power only": estimate_run(**common),
    }


def five_cars(nas: dict[str, estimate.Estimate]) -> pd.DataFrame:
    """The NAS run in car lifetimes (Strubell et al. Table 1, D: 126,000 lb): Table 3's published CO2e beside the
    estimator's central value and 5-95 % interval under each of the three ways of `strubell_nas`."""
    car_lb, row = car_lifetime_lb(), _strubell_nas_row()
    published = row["co2e_lb"]
    rows = {"published (Table 3)": (published, published, published)}
    for name, est in nas.items():
        rows[f"estimator: {name}"] = tuple(kg_to_lb(getattr(est, what)["CO2e"]) for what in ("central", "low", "high"))
    table = pd.DataFrame(rows, index=["co2e_lb", "co2e_lb_low", "co2e_lb_high"]).T
    for column in ("", "_low", "_high"):
        table[f"cars{column}"] = table[f"co2e_lb{column}"] / car_lb
    table.index.name = f"NAS run ({nas_run_text(row)})"
    return table


def patterson_nas() -> estimate.Estimate:
    """Patterson et al.'s measurement of the same search (Table 4, Appendix D): 200 TPU v2 chips for 6.8 days at a
    measured 208 W per chip (power fraction 208 / 280 W), PUE 1.10, 0.431 kg CO2e/kWh."""
    row = load_patterson_table4().loc[ET_NAS]
    hardware = ACCELERATORS[row["processor"]]
    board = load_hardware().at[hardware, "board_power_w"]
    return estimate_run(hardware, int(row["n_chips"]), row["training_days"] * HOURS_PER_DAY,
                                 power_fraction=row["avg_power_w"] / board, server_overhead=1, pue=row["pue"],
                                 grid_g_per_kwh=f"{row['gross_kg_per_kwh']} kg/kWh")


def recomputed(nas: dict[str, estimate.Estimate], patterson: estimate.Estimate) -> dict:
    """Notebook 08's claims: the estimator, given the measured power, PUE and grid of each source, must give their
    published energy and CO2e back."""
    measured = nas["measured"]
    return {
        "estimate-strubell-nas-kwh": measured.central["energy"],
        "estimate-strubell-nas-co2e": kg_to_lb(measured.central["CO2e"]),
        "estimate-patterson-nas-mwh": patterson.central["energy"] / 1000,
        "estimate-patterson-nas-tco2e": patterson.central["CO2e"] / 1000,
    }


def calibration(params: Parameters) -> pd.DataFrame:
    """How the default power fraction x server overhead compares with runs whose power was measured: for every
    GPU run of Strubell et al.'s Table 3 and every run of Patterson et al.'s Table 4, the measured average power per
    accelerator (host included) over the board power, beside the 5-95 % interval of fraction x overhead that the
    estimator assumes for that kind of accelerator (same samples and seed as the run)."""
    rows = []
    t3 = load_strubell_table3().dropna(subset=["power_w"])
    for _, r in t3.iterrows():
        rows.append((f"{r['model']} ({r['hardware']})", "Strubell et al. 2019, Table 3 (GPU, CPU and DRAM)",
                     ACCELERATORS[r["accelerator"]], r["power_w"] / r["n_accelerators"]))
    for model, r in load_patterson_table4().iterrows():
        rows.append((model, "Patterson et al. 2021, Table 4", ACCELERATORS[r["processor"]], r["avg_power_w"]))
    table = pd.DataFrame(rows, columns=["run", "measured by", "hardware", "measured_w_per_accelerator"])
    hardware = load_hardware()
    table["board_power_w"] = table["hardware"].map(hardware["board_power_w"])
    table["measured_over_board"] = table["measured_w_per_accelerator"] / table["board_power_w"]
    intervals = {}
    for kind in sorted(hardware.loc[table["hardware"], "factor_kind"].unique()):
        rng = np.random.default_rng(params.seed)
        product = (estimate.default_factor("power_fraction", "power_fraction", kind).draw(rng, params.samples)
                   * estimate.default_factor("server_overhead", "server_overhead", kind).draw(rng, params.samples))
        intervals[kind] = np.percentile(product, estimate.PERCENTILES)
    kinds = table["hardware"].map(hardware["factor_kind"])
    table["default_low"] = [intervals[k][0] for k in kinds]
    table["default_high"] = [intervals[k][1] for k in kinds]
    table["inside"] = (table["default_low"] <= table["measured_over_board"]) & (
        table["measured_over_board"] <= table["default_high"])
    return table.set_index("run")


WHOLE_QUANTITIES = ("total CO2e", "water", "total cost")
"""The whole footprint's quantities whose tornado notebook 08 shows (when the estimate counts them)."""


def whole_tornado(est: estimate.Estimate) -> pd.DataFrame:
    """The tornado of each whole-footprint quantity the estimate reports (total CO2e, water, total cost): every
    sampled factor it depends on at its low and its high value, the others central, largest swing first."""
    tables = {q: est.tornado(q).drop(columns="name") for q in WHOLE_QUANTITIES if q in est.quantities}
    if not tables:
        return pd.DataFrame(columns=["low", "high", "unit", "result_at_low", "result_at_high", "swing"])
    return pd.concat(tables, names=["quantity", "factor"])


def _co2e_scale(est: estimate.Estimate) -> tuple[float, str]:
    """Divide kg by the first number to show CO2e in the second unit (t, kg or g, as the statement does)."""
    unit, size = quantities.unit_for("CO2e", est.central["CO2e"])
    return size, unit


def co2e_factors(est: estimate.Estimate) -> str:
    """The factors of the CO2e in words, from the estimate's own record: those given with their value and where it
    came from, e.g. "Given for this run: PUE 1.1; grid carbon intensity 56 g CO2e/kWh (France (FRA), 2023)", then those drawn
    from their range, the grid named when the world's grids are drawn."""
    names = [n for n in est.factors if n in estimate.depends_on("CO2e", est.counted)]
    given = [f"{statement.factor_value(est.factors[n])}" for n in names if not est.factors[n].sampled]
    drawn = [est.factors[n].label + (" (location not given: the world's national grids weighted by generation)"
                                     if est.factors[n].values else "") for n in names if est.factors[n].sampled]
    return " ".join(([f"Given for this run: {'; '.join(given)}."] if given else [])
                    + ([f"Drawn from their ranges: {', '.join(drawn)}."] if drawn else []))


def _bins(samples: int) -> int:
    """Histogram bins for `samples` draws: the Rice rule (2 n^(1/3)), between 8 and 60."""
    return int(np.clip(round(2 * samples ** (1 / 3)), 8, 60))


def _title(est: estimate.Estimate) -> str:
    return f"{est.run.count:,} \u00d7 {est.run.hardware} for {plotting.PlainLabels()(est.run.hours)} h"


LOW, HIGH, BLACK = plotting.COLORS["low end"], plotting.COLORS["this run"], plotting.COLORS["published"]


@plotting.drawing
def tornado_figure(est: estimate.Estimate):
    """The tornado: CO2e with each sampled factor at its low and its high value (the others central), largest swing
    on top, around the central estimate; with every factor given, says so."""
    swings = est.tornado("CO2e")
    scale, unit = _co2e_scale(est)
    central = est.central["CO2e"] / scale
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, min(plotting.SLIDE_HEIGHT, 2.6 + 0.75 * len(swings))))
    if swings.empty:
        plotting.title(fig, f"The CO2e of {_title(est)} is exact: nothing is sampled")
        plotting.caption(fig, "the run's factors, every one given (none is drawn from a range)", co2e_factors(est))
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"Every factor is given: the CO2e is exact, {plotting.number(central, 4)} {unit}",
                transform=ax.transAxes, ha="center", va="center")
        return fig
    plotting.title(fig, f"What moves the CO2e of {_title(est)} most")
    plotting.caption(fig, "data/factors.csv (ranges), CodeCarbon's per-country grids", "One factor at a time from "
                     f"its low to its high value, the others central (central CO2e {plotting.number(central)} {unit})",
                     co2e_factors(est))
    y = np.arange(len(swings))[::-1]
    for yi, (label, row) in zip(y, swings.iterrows()):
        low, high = row["result_at_low"] / scale, row["result_at_high"] / scale
        ax.barh(yi, low - central, left=central, color=LOW, height=0.6, label="factor at its low value")
        ax.barh(yi, high - central, left=central, color=HIGH, height=0.6, label="factor at its high value")
        for value, end in ((low, row["low"]), (high, row["high"])):
            plotting.value_label(ax, f"{end:.3g}", (value, yi), offset=(5 if value >= central else -5, 0))
    ax.axvline(central, color="black", linewidth=0.9)
    ax.set_yticks(y, [f"{label}\n({row['unit']})" for label, row in swings.iterrows()])
    ends = swings[["result_at_low", "result_at_high"]].to_numpy() / scale
    span = max(ends.max(), central) - min(ends.min(), central)
    ax.set_xlim(min(ends.min(), central) - 0.2 * span, max(ends.max(), central) + 0.2 * span)
    plotting.plain_axis(ax, "x")
    handles, labels = ax.get_legend_handles_labels()
    plotting.decorate(ax, xlabel=f"CO2e ({unit})")
    plotting.legend_below(ax, handles[:2], labels[:2])
    return fig


@plotting.drawing
def interval_figure(est: estimate.Estimate, cars: pd.DataFrame):
    """Left: the distribution of this run's CO2e with its central value and 5-95 % interval (or, with every factor
    given, the exact value). Right: the article's "five cars" (the NAS run) as published and as the estimator
    gives it, with intervals."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT))
    scale, unit = _co2e_scale(est)
    central, exact = est.central["CO2e"] / scale, est.exact("CO2e")
    if not exact:
        left.hist(est.draws["CO2e"] / scale, bins=_bins(est.samples), color=HIGH, alpha=0.35, label="samples")
        left.axvspan(est.low["CO2e"] / scale, est.high["CO2e"] / scale, color=HIGH, alpha=plotting.BAND_ALPHA,
                     label=f"5-95 %: {plotting.number(est.low['CO2e'] / scale)} to "
                           f"{plotting.number(est.high['CO2e'] / scale)} {unit}")
        plotting.plain_axis(left, "y")
        left.set_ylabel("samples")
        left.axvline(central, color=HIGH, linewidth=2.5, label=f"central: {plotting.number(central)} {unit}")
    else:
        left.yaxis.set_visible(False)
        left.spines["left"].set_visible(False)
        left.set_xlim(central * 0.5, central * 1.5)
        left.axvline(central, color=HIGH, linewidth=2.5)
        plotting.value_label(left, f"{plotting.number(central, 4)} {unit}", (central, 0.5), offset=(8, 0),
                             xycoords=("data", "axes fraction"))
    plotting.plain_axis(left, "x")
    what = "every factor given, exact" if exact else f"{est.samples:,} samples"
    plotting.decorate(left, xlabel=f"CO2e ({unit})", title=f"{_title(est)}\n{what}",
                      legend=None if exact else "free")
    y = np.arange(len(cars))[::-1]
    colors = [BLACK if name.startswith("published") else HIGH for name in cars.index]
    for yi, (_, row), color in zip(y, cars.iterrows(), colors):
        right.errorbar(row["cars"], yi, xerr=[[row["cars"] - row["cars_low"]], [row["cars_high"] - row["cars"]]],
                       fmt="o", color=color, ecolor=color, capsize=4)
        plotting.value_label(right, plotting.number(row["cars"], 2 if row["cars_high"] > row["cars_low"] else 3),
                             (row["cars"], yi), offset=(0, 8))
    right.axvline(5, color=BLACK, linestyle=":", linewidth=1.5)
    right.set_yticks(y, [name.replace("estimator: ", "estimator:\n") for name in cars.index])
    right.set_ylim(-0.6, len(cars) - 0.3)
    right.set_xlim(0, max(cars["cars_high"]) * 1.15)
    plotting.plain_axis(right, "x")
    plotting.decorate(right, xlabel=f"NAS run's CO2e, car lifetimes ({car_lifetime_lb():,.0f} lb)",
                      title="The 'five cars' (dotted), with intervals")
    plotting.title(fig, "The CO2e of a training run, exact (every factor given), and the 'five cars'"
                   if exact
                   else "The CO2e of a training run, with its uncertainty")
    nas = nas_run_text(_strubell_nas_row()).replace(" x ", " \u00d7 ")
    plotting.caption(fig, f"this run's estimate (mlfootprint.estimate); Strubell et al. 2019's NAS run ({nas}; "
                          f"Tables 1 and 3)",
                     co2e_factors(est),
                     "Bars: 5-95 % intervals; black: the published value")
    return fig


class Steps(steps.Steps):
    """Notebook 08's chain: the run's accelerator and estimate, the tornado, the statement's files, the NAS run
    three ways in car lifetimes, the calibration against measured runs, the figures and the ledger."""

    NOTEBOOK = find("08")
    TABLES = ("factors", "tornado", "whole_tornado", "five_cars", "calibration")
    FILES = statement.OUTPUT_FILES

    @steps.step
    def hardware(self) -> pd.DataFrame:
        return hardware_row(self.params)

    @steps.step
    def estimate(self) -> estimate.Estimate:
        """The estimate of this notebook's run."""
        return estimate.from_options(**self.params.values())

    @steps.step
    def factors(self) -> pd.DataFrame:
        return self.estimate.factor_table()

    def used_factors(self) -> dict:
        """The central PUE and grid factor of the estimate (each is drawn over its range unless given), without
        sampling."""
        p = self.params
        chosen = estimate.chosen_factors(p.hardware, p.power_fraction, p.server_overhead, p.pue, p.scenario, p.country,
                                         p.grid_g_per_kwh, p.price_per_kwh)
        return {"pue": chosen["pue"].central, "grid_g_per_kwh": chosen["grid"].central}

    @steps.step
    def exact_example(self) -> estimate.Estimate:
        return exact_example()

    @steps.step
    def tornado(self) -> pd.DataFrame:
        return self.estimate.tornado("CO2e")

    @steps.step
    def strubell_nas(self) -> dict[str, estimate.Estimate]:
        return strubell_nas(self.params)

    @steps.step
    def five_cars(self) -> pd.DataFrame:
        return five_cars(self.strubell_nas)

    @steps.step
    def calibration(self) -> pd.DataFrame:
        return calibration(self.params)

    @steps.step
    def recomputed(self) -> dict:
        return recomputed(self.strubell_nas, patterson_nas())

    @steps.step
    def whole_tornado(self) -> pd.DataFrame:
        return whole_tornado(self.estimate)

    @steps.figure("estimate-tornado")
    def figure_tornado(self):
        return tornado_figure(self.estimate)

    @steps.figure("estimate-interval")
    def figure_interval(self):
        return interval_figure(self.estimate, self.five_cars)

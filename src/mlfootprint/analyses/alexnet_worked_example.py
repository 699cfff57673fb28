"""The AlexNet worked example of *AI and Compute* (appendix), as the article retells it.

Notebook: notebooks/02-alexnet-worked-example.ipynb.
"""

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import numpy as np
import pandas as pd

from .. import plotting, steps
from ..notebook_parameters import AlexNetParameters as Parameters
from ..catalogue import find
from ..claims import Recomputed, printed_claim
from ..intervals import propagate
from ..loaders import hardware, load_ai_and_compute, load_claims
from ..training_compute import (
    FLOP_PER_MULTIPLY_ADD,
    FORWARD_BACKWARD_FACTOR,
    OPENAI_GPU_UTILIZATION,
    hardware_time_flop,
    operation_count_flop,
)
from ..units import FLOP_PER_PFS_DAY, PETA, SECONDS_PER_DAY, flop_to_pf, flop_to_pfs_days

ARTICLE_GPU = "GTX 580"
"""The GPU whose peak the article states (and mistypes)."""

TRAINING_DAYS_RANGE = (5.0, 6.0)
"""AlexNet took "between five and six days" on two GTX 580s (Krizhevsky, Sutskever & Hinton 2012, Sec. 1)."""

GPU_METHOD, COUNTING_METHOD = "GPU time (method 2)", "counting operations (method 1)"


def gpu_time_flop(params: Parameters, days=None, utilization=None):
    """Method 2 with the run's parameters; `days` and `utilization` may be overridden (arrays allowed)."""
    return hardware_time_flop(
        params.n_gpus, hardware(params.gpu)["peak_flop_per_s"],
        params.days if days is None else days,
        params.utilization if utilization is None else utilization,
    )


def counting_flop(params: Parameters):
    """Method 1 with the run's parameters (gflop_per_image counts multiply-adds, as OpenAI does)."""
    return operation_count_flop(params.n_images, params.epochs, params.gflop_per_image * 1e9)


def estimates(params: Parameters) -> pd.DataFrame:
    """Both methods: the formula with its inputs, and the result in FLOP, PF and pfs-days."""
    peak = hardware(params.gpu)["peak_flop_per_s"]
    flop = {GPU_METHOD: gpu_time_flop(params), COUNTING_METHOD: counting_flop(params)}
    formula = {
        GPU_METHOD: f"{params.n_gpus} x {params.gpu} ({peak:.3g} FLOP/s) x {params.days:g} d"
                    f" x {params.utilization:g}",
        COUNTING_METHOD: f"{params.n_images:.3g} images x {params.epochs:g} epochs x "
                         f"{params.gflop_per_image:g} G multiply-adds x {FLOP_PER_MULTIPLY_ADD} x "
                         f"{FORWARD_BACKWARD_FACTOR}",
    }
    table = pd.DataFrame({
        "formula": pd.Series(formula),
        "flop": pd.Series(flop),
        "pf": flop_to_pf(pd.Series(flop)),
        "pfs_days": flop_to_pfs_days(pd.Series(flop)),
    })
    table.index.name = "method"
    return table


def recomputed(params: Parameters, table: pd.DataFrame) -> Recomputed:
    """Notebook 02's claims recomputed from this run's parameters, and the quantities their explanations quote. A
    claim its author derived from an earlier printed number (5.741e-3 from 496e15, 0.0058 from 500 PF, 0.0054 from
    470 PF) starts from that number as printed, standing for its interval (mlfootprint.claims)."""
    gpu, ops = table.loc[GPU_METHOD], table.loc[COUNTING_METHOD]
    peak = hardware(ARTICLE_GPU)["peak_flop_per_s"]
    article_flop, article_pfs_days = printed_claim("alexnet-article-flop"), printed_claim("alexnet-article-pfs-days")
    openai_gpu_pf, openai_ops_pf = printed_claim("alexnet-openai-gpu-pf"), printed_claim("alexnet-openai-ops-pf")
    article_peak = printed_claim("alexnet-article-gtx580-peak").value
    alexnet = load_ai_and_compute().set_index("system").loc["AlexNet"]
    at_full_use = gpu["pfs_days"] / params.utilization
    values = {
        "alexnet-year-2012": alexnet["date"].year,
        "alexnet-flop-example": FLOP_PER_MULTIPLY_ADD,
        "alexnet-article-flop": gpu["flop"],
        "alexnet-article-gtx580-peak": peak,
        "alexnet-article-pfs-days": propagate(flop_to_pfs_days, article_flop),
        "alexnet-pfs-days-unit-error": SECONDS_PER_DAY * article_pfs_days.value * FLOP_PER_PFS_DAY,
        "alexnet-openai-gpu-pf": gpu["pf"],
        "alexnet-openai-gpu-pfs-days": propagate(lambda pf: flop_to_pfs_days(pf * PETA), openai_gpu_pf),
        "alexnet-openai-chart": gpu["pfs_days"],
        "alexnet-openai-ops-pf": ops["pf"],
        "alexnet-openai-ops-pfs-days": propagate(lambda pf: flop_to_pfs_days(pf * PETA), openai_ops_pf),
        "alexnet-utilization-0-33": OPENAI_GPU_UTILIZATION,
        "alexnet-days-5-5": sum(TRAINING_DAYS_RANGE) / 2,
        "alexnet-article-gtx580-in-product": peak,
        "alexnet-article-is-point-a": alexnet["pfs_days"],
    }
    quantities = {
        "alexnet_date": f"{alexnet['date']:%Y-%m-%d}", "peak_flop_per_s": peak,
        "flop_with_typo": gpu["flop"] * article_peak / hardware(params.gpu)["peak_flop_per_s"],
        "article_flop": article_flop.value, "article_flop_low": article_flop.low,
        "article_flop_high": article_flop.high, "unrounded_pfs_days": gpu["pfs_days"],
        "seconds_per_day": SECONDS_PER_DAY, "article_pfs_days": article_pfs_days.value,
        "article_pflop_per_s": article_flop.value / SECONDS_PER_DAY / PETA, "flop_per_pfs_day": FLOP_PER_PFS_DAY,
        "openai_gpu_pf": openai_gpu_pf.value, "openai_gpu_pf_low": openai_gpu_pf.low,
        "openai_gpu_pf_high": openai_gpu_pf.high, "utilization": params.utilization,
        "openai_utilization": OPENAI_GPU_UTILIZATION,
        "min_utilization": printed_claim("alexnet-openai-gpu-pfs-days").low / at_full_use,
        "chart_utilization": printed_claim("alexnet-openai-chart").value / at_full_use,
        "n_images": params.n_images, "epochs": params.epochs, "gflop_per_image": params.gflop_per_image,
        "flop_per_multiply_add": FLOP_PER_MULTIPLY_ADD, "forward_backward_factor": FORWARD_BACKWARD_FACTOR,
        "counting_pf": ops["pf"], "counting_pfs_days": ops["pfs_days"], "openai_ops_pf": openai_ops_pf.value,
        "counting_gap_pct": (1 - openai_ops_pf.value / ops["pf"]) * 100,
        "flop_low_days": gpu_time_flop(params, days=TRAINING_DAYS_RANGE[0]),
        "flop_high_days": gpu_time_flop(params, days=TRAINING_DAYS_RANGE[1]),
        "days_low": TRAINING_DAYS_RANGE[0], "days_high": TRAINING_DAYS_RANGE[1],
        "chart_pfs_days": alexnet["pfs_days"], "article_peak": article_peak,
        "article_below_chart_pct": (1 - article_pfs_days.value / alexnet["pfs_days"]) * 100,
    }
    return Recomputed(values, {}, quantities)


PUBLISHED_POINTS = (  # claim_id, row label, marker
    ("alexnet-openai-gpu-pfs-days", "GPU time: OpenAI", "o"),
    ("alexnet-article-pfs-days", "GPU time: the article", "^"),
    ("alexnet-openai-ops-pfs-days", "counting: OpenAI", "s"),
)
"""The published values of the right panel, each on its own row (so that no marker hides another)."""


@plotting.drawing
def figure(params: Parameters, table: pd.DataFrame):
    """Left: compute against utilization (GPU-time band for 5-6 training days, counting method). Right: at this
    run's utilization, the published values (OpenAI's and the article's) and the recomputed ones, one row each so
    that no marker hides another; the recomputed GPU time with the range of 5-6 training days."""
    fig, (ax, zoom) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, 4.8),
                                   gridspec_kw={"width_ratios": [1.45, 1]})
    utilization = np.linspace(0.1, 0.6, 101)
    low, high = (flop_to_pfs_days(gpu_time_flop(params, days=d, utilization=utilization))
                 for d in TRAINING_DAYS_RANGE)
    days = f"{TRAINING_DAYS_RANGE[0]:g}-{TRAINING_DAYS_RANGE[1]:g} days"
    ax.fill_between(utilization, low, high, alpha=0.25, label=f"GPU time, {days} of training")
    ax.plot(utilization, flop_to_pfs_days(gpu_time_flop(params, utilization=utilization)),
            label=f"GPU time, {params.days:g} days ({params.n_gpus} x {params.gpu})")
    counting = table.loc[COUNTING_METHOD, "pfs_days"]
    ax.axhline(counting, color="C1", linestyle="--", label="counting operations (does not depend on utilization)")
    ax.axvline(params.utilization, color="0.5", linewidth=0.8, linestyle=":")
    plotting.decorate(ax, title="Training compute against utilization",
                      xlabel="utilization (fraction of peak FLOP/s achieved)",
                      ylabel="training compute (petaflop/s-days)", xlim=(utilization[0], utilization[-1]),
                      ylim=(0, None), legend="upper left")

    # right: every value at this run's utilization, one row each
    gpu_low, gpu_high = (flop_to_pfs_days(gpu_time_flop(params, days=d)) for d in TRAINING_DAYS_RANGE)
    gpu = table.loc[GPU_METHOD, "pfs_days"]
    claim_table = load_claims()
    rows = [(label, claim_table.loc[claim_id, "published_value"], marker, "black")
            for claim_id, label, marker in PUBLISHED_POINTS]
    rows.insert(2, ("GPU time: recomputed", gpu, "o", "C0"))
    rows.append(("counting: recomputed", counting, "o", "C1"))
    y = np.arange(len(rows))[::-1]
    values = [value for _, value, _, _ in rows] + [gpu_low, gpu_high]
    span = max(values) - min(values)
    for yi, (label, value, marker, color) in zip(y, rows):
        zoom.plot([value], [yi], marker=marker, color=color, linestyle="none", markersize=7,
                  markerfacecolor="none" if marker == "^" else color)
        if label == "GPU time: recomputed":
            zoom.hlines(yi, gpu_low, gpu_high, color=color, linewidth=1.5)
            zoom.plot([gpu_low, gpu_high], [yi, yi], "|", color=color, markersize=10)
            ends = [(gpu_low, f"{TRAINING_DAYS_RANGE[0]:g} days"), (gpu_high, f"{TRAINING_DAYS_RANGE[1]:g} days")]
            if gpu_high - gpu_low < 0.3 * span:  # too close to name both ends
                ends = [((gpu_low + gpu_high) / 2, days)]
            for end, text in ends:
                zoom.annotate(text, (end, yi), xytext=(0, -8), textcoords="offset points", ha="center", va="top",
                              fontsize=8, color="0.3")
            zoom.annotate(f"{value:.3g} ({params.days:g} days)", (value, yi), xytext=(0, 7),
                          textcoords="offset points", ha="center", va="bottom", fontsize=8.5)
        else:
            zoom.annotate(f"{value:g}" if color == "black" else f"{value:.3g}", (value, yi), xytext=(7, 0),
                          textcoords="offset points", va="center", fontsize=8.5)
    zoom.set_yticks(y, [label for label, _, _, _ in rows])
    zoom.grid(axis="y", visible=False)
    plotting.decorate(zoom, title=f"At utilization {params.utilization:g}",
                      xlabel="training compute (petaflop/s-days)",
                      xlim=(min(values) - 0.12 * span, max(values) + 0.3 * span), ylim=(-0.7, len(rows) - 0.4))
    zoom.xaxis.set_major_locator(MaxNLocator(4))
    plotting.caption(fig, "Data: the run's inputs (defaults: AI and Compute's appendix, Amodei & Hernandez 2018; "
                          f"Krizhevsky et al. 2012, {days} on two GTX 580) and the published values (black: "
                          "OpenAI's appendix; the article, HACARUS Vol.18 2022, open triangle).")
    return fig


class Steps(steps.Steps):
    """Notebook 02's chain: both methods' estimates, the figure, and the ledger."""

    NOTEBOOK = find("02")
    TABLES = ("estimates",)

    @steps.step
    def estimates(self) -> pd.DataFrame:
        return estimates(self.params)

    @steps.step
    def recomputed(self) -> Recomputed:
        return recomputed(self.params, self.estimates)

    @steps.figure("alexnet-compute-two-methods")
    def figure_two_methods(self):
        return figure(self.params, self.estimates)

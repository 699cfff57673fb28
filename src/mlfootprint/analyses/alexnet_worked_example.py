"""The AlexNet worked example of *AI and Compute* (appendix), as the article retells it.

Notebook: notebooks/02-alexnet-worked-example.ipynb.
"""

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import numpy as np
import pandas as pd

from .. import plotting
from ..catalogue import AlexNetParameters as Parameters
from ..catalogue import find
from ..loaders import hardware, load_claims
from ..training_compute import (
    FLOP_PER_MULTIPLY_ADD,
    FORWARD_BACKWARD_FACTOR,
    OPENAI_GPU_UTILIZATION,
    hardware_time_flop,
    operation_count_flop,
)
from ..units import flop_to_pf, flop_to_pfs_days

NOTEBOOK = find("02")

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


def recomputed(params: Parameters, table: pd.DataFrame) -> dict:
    """The recomputed value of every claim of this notebook (claim_id -> value)."""
    gpu, ops = table.loc[GPU_METHOD], table.loc[COUNTING_METHOD]
    return {
        "alexnet-article-gtx580-peak": hardware(ARTICLE_GPU)["peak_flop_per_s"],
        "alexnet-article-flop": gpu["flop"],
        "alexnet-article-pfs-days": gpu["pfs_days"],
        "alexnet-openai-gpu-pf": gpu["pf"],
        "alexnet-openai-gpu-pfs-days": gpu["pfs_days"],
        "alexnet-openai-chart": gpu["pfs_days"],
        "alexnet-openai-ops-pf": ops["pf"],
        "alexnet-openai-ops-pfs-days": ops["pfs_days"],
    }


PUBLISHED_POINTS = (  # claim_id, row label, marker
    ("alexnet-openai-gpu-pfs-days", "GPU time: OpenAI", "o"),
    ("alexnet-article-pfs-days", "GPU time: the article", "^"),
    ("alexnet-openai-ops-pfs-days", "counting: OpenAI", "s"),
)
"""The published values of the right panel, each on its own row (so that no marker hides another)."""


def figure(params: Parameters, table: pd.DataFrame):
    """Left: compute against utilization (GPU-time band for 5-6 training days, counting method). Right: at this
    run's utilization, the published values (OpenAI's and the article's) and the recomputed ones, one row each so
    that no marker hides another; the recomputed GPU time with the range of 5-6 training days."""
    plotting.use_style()
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
    claims = load_claims()
    rows = [(label, claims.loc[claim_id, "published_value"], marker, "black")
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
                          "OpenAI's appendix; the article, HACARUS Vol.18 2022, open triangle). "
                          "Code: mlfootprint.analyses.alexnet_worked_example.figure")
    return fig

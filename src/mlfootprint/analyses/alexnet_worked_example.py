"""The AlexNet worked example of *AI and Compute* (appendix), as the article retells it.

Notebook: notebooks/02-alexnet-worked-example.ipynb.
"""

import matplotlib.pyplot as plt
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


PUBLISHED_POINTS = (  # claim_id, method, marker, who
    ("alexnet-openai-gpu-pfs-days", GPU_METHOD, "o", "OpenAI"),
    ("alexnet-article-pfs-days", GPU_METHOD, "^", "article"),
    ("alexnet-openai-ops-pfs-days", COUNTING_METHOD, "s", "OpenAI"),
)


def figure(params: Parameters, table: pd.DataFrame):
    """Left: compute against utilization (GPU-time band for 5-6 training days, counting method). Right: at this
    run's utilization, each method's recomputed value beside the published ones (OpenAI's and the article's),
    side by side so that no marker hides another."""
    plotting.use_style()
    fig, (ax, zoom) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, 4.8),
                                   gridspec_kw={"width_ratios": [1.7, 1]})
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

    # right: the values at this run's utilization, one column per method
    gpu_low, gpu_high = (flop_to_pfs_days(gpu_time_flop(params, days=d)) for d in TRAINING_DAYS_RANGE)
    gpu = table.loc[GPU_METHOD, "pfs_days"]
    zoom.vlines(0, gpu_low, gpu_high, color="C0", linewidth=1.5)  # the 5-6 days of the paper
    zoom.plot([0, 0], [gpu_low, gpu_high], "_", color="C0", markersize=8)
    zoom.plot([0], [gpu], "o", color="C0")
    zoom.plot([1], [counting], "o", color="C1")
    points = [(0, gpu, f"recomputed {gpu:.3g}"), (1, counting, f"recomputed {counting:.3g}"),
              (0, gpu_high, f"{TRAINING_DAYS_RANGE[1]:g} days"), (0, gpu_low, f"{TRAINING_DAYS_RANGE[0]:g} days")]
    claims = load_claims()
    for claim_id, method, marker, who in PUBLISHED_POINTS:
        value = claims.loc[claim_id, "published_value"]
        x = (0 if method == GPU_METHOD else 1) + (0.35 if who == "OpenAI" else 0.7)
        zoom.plot([x], [value], marker=marker, linestyle="none", color="black",
                  markerfacecolor="black" if who == "OpenAI" else "none")
        points.append((x, value, f"{who} {value:g}"))
    zoom.set_xticks([0.35, 1.35], ["GPU time\n(method 2)", "counting\n(method 1)"])
    zoom.grid(axis="x", visible=False)
    plotting.decorate(zoom, title=f"At utilization {params.utilization:g}",
                      ylabel="training compute (petaflop/s-days)", xlim=(-0.3, 2.25))
    plotting.caption(fig, "Data: the run's inputs (defaults: AI and Compute's appendix, Amodei & Hernandez 2018; "
                          f"Krizhevsky et al. 2012, {days} on two GTX 580, the blue bar) and the published values "
                          "(black: OpenAI's appendix, filled; the article, HACARUS Vol.18 2022, open triangle). "
                          "Code: mlfootprint.analyses.alexnet_worked_example.figure")
    x, y, labels = zip(*points)
    plotting.place_labels(zoom, x, y, labels)
    return fig

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


def figure(params: Parameters, table: pd.DataFrame):
    """Compute against utilization: GPU-time band for 5-6 training days, counting method, published values."""
    plotting.use_style()
    fig, ax = plt.subplots()
    utilization = np.linspace(0.1, 0.6, 101)
    low, high = (flop_to_pfs_days(gpu_time_flop(params, days=d, utilization=utilization))
                 for d in TRAINING_DAYS_RANGE)
    ax.fill_between(utilization, low, high, alpha=0.25,
                    label=f"GPU time, {TRAINING_DAYS_RANGE[0]:g}-{TRAINING_DAYS_RANGE[1]:g} days of training")
    ax.plot(utilization, flop_to_pfs_days(gpu_time_flop(params, utilization=utilization)),
            label=f"GPU time, {params.days:g} days ({params.n_gpus} x {params.gpu})")
    ax.axhline(table.loc[COUNTING_METHOD, "pfs_days"], color="C1", linestyle="--",
               label="counting operations (does not depend on utilization)")
    ax.axvline(params.utilization, color="0.5", linewidth=0.8, linestyle=":")
    claims = load_claims()
    published = [
        ("alexnet-openai-gpu-pfs-days", "o", "OpenAI, GPU time"),
        ("alexnet-openai-ops-pfs-days", "s", "OpenAI, counting"),
        ("alexnet-article-pfs-days", "^", "article"),
    ]
    for claim_id, marker, who in published:
        value = claims.loc[claim_id, "published_value"]
        ax.plot([OPENAI_GPU_UTILIZATION], [value], marker=marker, linestyle="none", color="black",
                markerfacecolor="black" if marker == "o" else "none", label=f"published, {who}: {value:g}")
    ax.set_xlabel("utilization (fraction of peak FLOP/s achieved)")
    ax.set_ylabel("training compute (petaflop/s-days)")
    ax.set_title("AlexNet training compute by the two methods of AI and Compute")
    ax.set_xlim(utilization[0], utilization[-1])
    ax.set_ylim(0, None)
    ax.legend(loc="upper left")
    plotting.caption(fig, "Sources: Amodei & Hernandez, AI and Compute (OpenAI 2018), appendix; Krizhevsky et "
                          "al. 2012 (5-6 days on two GTX 580); HACARUS Edge AI Evangelist's Thoughts Vol.18 "
                          f"(2022). Published points drawn at OpenAI's utilization, {OPENAI_GPU_UTILIZATION:g}. "
                          "Code: mlfootprint.analyses.alexnet_worked_example.figure")
    return fig

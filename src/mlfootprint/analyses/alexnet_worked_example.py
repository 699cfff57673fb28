"""The AlexNet worked example of *AI and Compute* (appendix), as the article retells it.

Notebook: notebooks/02-alexnet-worked-example.ipynb.
"""

import matplotlib.pyplot as plt
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


def published_points() -> pd.DataFrame:
    """The published values of PUBLISHED_POINTS as data/claims.csv states them (value and significant figures)."""
    claim_table = load_claims()
    return pd.DataFrame([{"label": label, "marker": marker, "value": claim_table.at[claim_id, "published_value"],
                          "sig_figs": int(claim_table.at[claim_id, "sig_figs"])}
                         for claim_id, label, marker in PUBLISHED_POINTS])


def days_range(params: Parameters) -> tuple[float, float] | None:
    """The paper's five to six days where this run's days lie within them (the range then brackets its estimate),
    else None."""
    low, high = TRAINING_DAYS_RANGE
    return TRAINING_DAYS_RANGE if low <= params.days <= high else None


BLUE, VERMILLION, BLACK = (plotting.COLORS[c] for c in ("this run", "other source", "published"))


LOG_ABOVE = 100.0
"""The left panel's compute axis is logarithmic when the two methods (at this run's utilization and at full
utilization) lie more than this factor apart, linear otherwise (the defaults: both near 0.006)."""


def _against_utilization(ax, params: Parameters, counting: float, days: tuple | None) -> None:
    """Left panel: GPU time against utilization (and the paper's 5-6 days as a band, on this run's hardware),
    counting operations flat; on a log axis when the methods lie decades apart (LOG_ABOVE)."""
    utilization = np.linspace(0.01, 1, 100)
    hardware_text = f"{params.n_gpus:,} \u00d7 {params.gpu}"
    if days is not None:
        low, high = (flop_to_pfs_days(gpu_time_flop(params, days=d, utilization=utilization)) for d in days)
        ax.fill_between(utilization, low, high, color=BLUE, alpha=plotting.BAND_ALPHA, linewidth=0,
                        label=f"GPU time, {hardware_text} over the paper's {days[0]:g}-{days[1]:g} days")
    gpu = flop_to_pfs_days(gpu_time_flop(params, utilization=utilization))
    ax.plot(utilization, gpu, color=BLUE, label=f"GPU time, {plotting.plural(params.days, 'day')}, {hardware_text}")
    ax.axhline(counting, color=VERMILLION, linestyle="--", label="counting operations")
    ax.axvline(params.utilization, color=plotting.COLORS["context"], linewidth=1, linestyle=":")
    at_run = float(flop_to_pfs_days(gpu_time_flop(params)))
    if max(at_run, gpu.max(), counting) / min(at_run, counting) > LOG_ABOVE:
        plotting.log_axis(ax, "y")
        ylim = (min(gpu.min(), counting) / 3, max(gpu.max(), counting) * 3)
    else:
        plotting.plain_axis(ax, "y")
        ylim = (0, None)
    plotting.compute_axis(ax, FLOP_PER_PFS_DAY, "training compute (FLOP)")
    plotting.decorate(ax, title="Training compute against utilization", xlim=(0, 1), ylim=ylim,
                      xlabel="utilization (share of peak FLOP/s)", ylabel="training compute (petaflop/s-days)",
                      legend="free")


def _at_utilization(ax, params: Parameters, table: pd.DataFrame, published: pd.DataFrame, days) -> None:
    """Right panel: at this run's utilization, each published value and each recomputed one on its own row; the
    GPU time with the paper's 5-6 days when they bracket it."""
    gpu, counting = table.loc[GPU_METHOD, "pfs_days"], table.loc[COUNTING_METHOD, "pfs_days"]
    rows = [(r.label, r.value, r.marker, BLACK, plotting.number(r.value, r.sig_figs))
            for r in published.itertuples()]
    bar = f"; bar: {days[0]:g}-{days[1]:g} days" if days else ""
    shown = f"{plotting.number(gpu)} ({plotting.plural(params.days, 'day')}{bar})"
    rows.insert(2, ("GPU time: this run", gpu, "o", BLUE, shown))
    rows.append(("counting: this run", counting, "o", VERMILLION, plotting.number(counting)))
    ends = [flop_to_pfs_days(gpu_time_flop(params, days=d)) for d in days] if days else []
    values = [value for _, value, _, _, _ in rows] + ends
    low, high = min(values), max(values)
    if high / low > 20:
        plotting.log_axis(ax, "x")
        ax.set_xlim(low / 3, high * 3)
        share = [np.log(v / low) / np.log(high / low) for v in values]
    else:
        ax.set_xlim(low - 0.25 * (high - low), high + 0.25 * (high - low))
        plotting.plain_axis(ax, "x")
        share = [(v - low) / (high - low) if high > low else 0.5 for v in values]
    y = np.arange(len(rows))[::-1]
    for yi, (label, value, marker, color, text), where in zip(y, rows, share):
        ax.plot([value], [yi], marker=marker, color=color, linestyle="none", markersize=8,
                markerfacecolor="none" if marker == "^" else color)
        plotting.value_label(ax, text, (value, yi), offset=(0, 9),  # over the point, towards the middle
                             ha="left" if where < 0.3 else "right" if where > 0.7 else "center")
        if label == "GPU time: this run" and ends:
            ax.errorbar([value], [yi], xerr=[[value - ends[0]], [ends[1] - value]], color=color, capsize=5,
                        linestyle="none", label=f"{days[0]:g} to {days[1]:g} days")
    ax.set_yticks(y, [label for label, _, _, _, _ in rows])
    ax.grid(axis="y", visible=False)
    ax.set_ylim(-0.6, len(rows) - 0.2)
    plotting.decorate(ax, title=f"At utilization {params.utilization:g}",
                      xlabel="training compute (petaflop/s-days)")


@plotting.drawing
def figure(params: Parameters, table: pd.DataFrame, published: pd.DataFrame, days: tuple | None):
    """Left: compute against utilization (GPU time, with the paper's 5-6 days where they bracket this run's days;
    counting operations). Right: at this run's utilization, the published values (OpenAI's and the article's) and
    this run's, one row each so that no marker hides another."""
    fig, (ax, zoom) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT),
                                   gridspec_kw={"width_ratios": [1.3, 1]})
    _against_utilization(ax, params, table.loc[COUNTING_METHOD, "pfs_days"], days)
    _at_utilization(zoom, params, table, published, days)
    peak = hardware(params.gpu)["peak_flop_per_s"]
    plotting.title(fig, "Two ways to estimate training compute, beside AlexNet's published values")
    plotting.caption(fig, f"this run's inputs, {params.n_gpus:,} \u00d7 {params.gpu} ({plotting.scientific(peak)} "
                          f"FLOP/s) for "
                          f"{plotting.plural(params.days, 'day')} at utilization {params.utilization:g}, and "
                          f"{plotting.PlainLabels()(params.n_images)} images \u00d7 "
                          f"{plotting.PlainLabels()(params.epochs)} epochs \u00d7 "
                          f"{plotting.PlainLabels()(params.gflop_per_image)} G multiply-adds (the defaults are "
                          f"AlexNet's: Krizhevsky et al. 2012, AI and Compute's appendix)",
                     "Black: published by OpenAI (appendix) and the article (open triangle)")
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

    @steps.step
    def published_points(self) -> pd.DataFrame:
        """The published values the figure shows beside this run's."""
        return published_points()

    @steps.step
    def days_range(self) -> tuple[float, float] | None:
        return days_range(self.params)

    @steps.figure("alexnet-compute-two-methods")
    def figure_two_methods(self):
        return figure(self.params, self.estimates, self.published_points, self.days_range)

"""OpenAI's AI and Compute rebuilt (article Figs. 1 and 2): training compute of landmark systems 1959-2018, two
eras with fitted doubling times and intervals, the breakpoint chosen by the data, and window sensitivity.

Notebook: notebooks/01-ai-and-compute.ipynb. Runs on the bundled chart data (data/ai_and_compute.csv) or on
Epoch AI's "Notable AI Models" CSV (`dataset` = its path).
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ... import plotting, steps, trends
from ...notebook_parameters import AiAndComputeParameters as Parameters
from ...catalogue import find
from ...checks import ParameterError
from ...claims import Recomputed, printed_claim
from ...loaders import AI_AND_COMPUTE_CREDIT, dataset_credit, load_ai_and_compute, load_epoch_models
from ...parameters import BUNDLED
from ...units import FLOP_PER_PFS_DAY
from .recomputation import (MONTHS_PER_YEAR, OPENAI_CHART_Y_AXIS_PFS_DAYS, VALUE_SOURCE_WORDS,  # noqa: F401
                            fit_choices, recomputed)

AUTO = "auto"
MARKERS = {  # value_source -> (marker, filled, legend text)
    "openai-chart": ("o", True, VALUE_SOURCE_WORDS["openai-chart"]),
    "epoch-digitised": ("o", False, VALUE_SOURCE_WORDS["epoch-digitised"]),
    "epoch-2022-unannotated": ("^", False, VALUE_SOURCE_WORDS["epoch-2022-unannotated"]),
    "epoch-estimate": ("x", True, VALUE_SOURCE_WORDS["epoch-estimate"]),
    "epoch-database": ("o", False, VALUE_SOURCE_WORDS["epoch-database"]),
}


def systems(params: Parameters) -> pd.DataFrame:
    """The systems in the window, with `year` (fractional) and `pfs_days`; rows without a value are kept with
    `in_fit` False so that the notebook can list them."""
    if params.dataset == BUNDLED:
        table = load_ai_and_compute()[["system", "label", "era", "date", "pfs_days", "training_compute", "value_source",
                                       "alternative_value", "alternative_unit"]]
    else:
        epoch = load_epoch_models(params.dataset)
        table = pd.DataFrame({"system": epoch["system"], "label": epoch["system"], "era": "", "date": epoch["date"],
                              "pfs_days": epoch["flop"] / FLOP_PER_PFS_DAY, "training_compute": epoch["flop"],
                              "value_source": "epoch-database"})
    dated = table["date"].notna()
    inside = dated & (table["date"] >= pd.Timestamp(params.start)) & (table["date"] <= pd.Timestamp(params.end))
    table = table[inside | ~dated].copy()
    table["year"] = np.nan
    table.loc[table["date"].notna(), "year"] = trends.fractional_year(table.loc[table["date"].notna(), "date"])
    table["in_fit"] = table["year"].notna() & table["pfs_days"].notna()
    if table["in_fit"].sum() < 2 * trends.MIN_POINTS:
        raise ParameterError(f"the window {params.start} to {params.end} holds "
                             f"{int(table['in_fit'].sum())} systems with a date and a compute value; the two-era "
                             f"fit needs at least {2 * trends.MIN_POINTS}")
    return table.sort_values("year", na_position="last").reset_index(drop=True)


def boundary(params, breakpoint: dict) -> float:
    """The first year of the modern era (fractional): `era_boundary`, or the fitted breakpoint when "auto"."""
    return breakpoint["fitted"] if params.era_boundary == AUTO else float(
        trends.fractional_year([params.era_boundary])[0])


def eras(params: Parameters, table: pd.DataFrame) -> dict:
    """The two eras: the breakpoint fitted from the data (with a bootstrap interval) and, split at the boundary
    in use (`era_boundary`, or the fitted one when "auto"), each era's trend with intervals."""
    points = table[table["in_fit"]]
    years, values = points["year"].to_numpy(), points["pfs_days"].to_numpy()
    breakpoint = trends.breakpoint_with_interval(years, values, params.n_bootstrap, params.seed, what="systems")
    split = boundary(params, breakpoint)
    rows = {}
    for name, mask in (("first era", years < split), ("modern era", years >= split)):
        rows[name] = trends.trend_summary(years[mask], values[mask], params.n_bootstrap, params.seed, what=name)
    return {"boundary": split, "breakpoint": breakpoint, "trends": pd.DataFrame(rows).T.rename_axis("era")}


def breakpoint_table(result: dict, params) -> pd.DataFrame:
    """The breakpoint fitted from the data beside the boundary the era fits use (years, fractional): for notebook 01
    the article's hand-picked 2012 by default."""
    bp = result["breakpoint"]
    chosen = "the fitted breakpoint" if params.era_boundary == AUTO else params.era_boundary
    return pd.DataFrame({
        "year": [bp["fitted"], bp["last_before"], bp["low"], bp["high"], result["boundary"]],
    }, index=pd.Index(["fitted: first system of the modern era", "fitted: last system of the first era",
                       "bootstrap interval, low (2.5 %)", "bootstrap interval, high (97.5 %)",
                       f"boundary used for the era fits ({chosen})"], name="breakpoint"))


def window_sensitivity(table: pd.DataFrame, result: dict) -> pd.DataFrame:
    """Modern-era doubling time as its window loses up to three systems at either end."""
    modern = table[table["in_fit"] & (table["year"] >= result["boundary"])]
    return trends.sensitivity(modern["year"].to_numpy(), modern["pfs_days"].to_numpy(), what="modern era")


def era_bands(params: Parameters, table: pd.DataFrame, result: dict) -> dict:
    """Each era's 95 % bootstrap band of its fitted line (`trends.band`), over the systems its fit used."""
    points = table[table["in_fit"]]
    split = result["boundary"]
    parts = {"first era": points[points["year"] < split], "modern era": points[points["year"] >= split]}
    return {era: trends.band(part["year"], part["pfs_days"], params.n_bootstrap, params.seed, what=era)
            for era, part in parts.items()}


ERA_LINES = {"first era": "--", "modern era": "-"}
BLUE = plotting.COLORS["this run"]


def _trend_label(era: str, row: pd.Series) -> str:
    return f"{era} ({int(row['from'])}-{int(row['to'])}, n={row['n']:.0f}): " + plotting.doubling_text(
        row["doubling_months"], row["doubling_months_low"], row["doubling_months_high"])


def _draw(ax, table: pd.DataFrame, result: dict, bands: dict) -> str:
    """Points by value source and each era's fitted line with its bootstrap band (cut at the range of the era's
    points), on a log axis; returns True when a band was cut."""
    points, cut = table[table["in_fit"]], False
    for source, (marker, filled, legend) in MARKERS.items():
        part = points[points["value_source"] == source]
        if len(part):
            style = {"color": BLUE} if filled else {"facecolors": "none", "edgecolors": BLUE}
            ax.scatter(part["year"], part["pfs_days"], marker=marker, s=36, zorder=3, label=legend, **style)
    for era, row in result["trends"].iterrows():
        era_points = points[(points["year"] < result["boundary"]) == (era == "first era")]["pfs_days"]
        cut = plotting.band(ax, bands[era], within=(era_points.min(), era_points.max())).cut or cut
        ax.plot(*trends.curve(row), color=BLUE, linestyle=ERA_LINES[era], label=_trend_label(era, row))
    plotting.log_axis(ax, "y")
    return cut


COINCIDE_YEARS = 0.1
"""A fitted break this close to the era boundary (years) is drawn under it: the caption says so."""


def _draw_break(ax, result: dict, boundary_text: str) -> str:
    """The break fitted from the data (dotted, wide, under the boundary's thin dash-dot line, so that both show
    where they meet) with its 95 % bootstrap interval, and the era boundary the fits use; returns the caption's
    words for the dotted line."""
    bp = result["breakpoint"]
    ax.axvspan(bp["low"], bp["high"], color=BLUE, alpha=plotting.BAND_ALPHA / 2, linewidth=0, zorder=0,
               label=f"break fitted from the data: {bp['fitted']:.1f} [95 %: {bp['low']:.1f}-{bp['high']:.1f}]")
    ax.axvline(bp["fitted"], color=BLUE, linestyle=":", linewidth=2.5, zorder=1)
    if not boundary_text:
        return "Dotted: the fitted break"
    ax.axvline(result["boundary"], color=plotting.COLORS["published"], linestyle="-.", linewidth=1.0, zorder=1.5,
               label=boundary_text)
    if abs(bp["fitted"] - result["boundary"]) < COINCIDE_YEARS:
        return "Dotted: the fitted break, which falls on the era boundary (dash-dot)"
    return "Dotted: the fitted break"


def _years(table: pd.DataFrame) -> str:
    years = table.loc[table["in_fit"], "year"]
    return f"{int(years.min())}-{int(years.max())}"


BAND_NOTE = "Lines: least-squares fits of log10(compute) on the date, shaded: their 95 % bootstrap bands"


def _finish(fig, ax, data: str, cut: bool, *notes: str) -> None:
    plotting.compute_axis(ax, FLOP_PER_PFS_DAY, "training compute (FLOP)")
    plotting.year_axis(ax)
    plotting.decorate(ax, ylabel="training compute (petaflop/s-days)",
                      legend="free")
    plotting.caption(fig, data, BAND_NOTE + (f", {plotting.BAND_CUT}" if cut else ""), *notes)


@plotting.drawing
def figure_all_eras(table: pd.DataFrame, result: dict, bands: dict, boundary_text: str, data: str, named: bool):
    """Article Fig. 1: the two eras of training compute, each era's trend with its band, the break fitted from the
    data with its interval and the boundary the era fits use; on the chart's axis (10⁻¹⁴ to 10⁴ petaflop/s-days)
    and with the systems named when `named` (OpenAI's chart data)."""
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT))
    cut = _draw(ax, table, result, bands)
    dotted = _draw_break(ax, result, boundary_text)
    for name, side in (("First Era", "right"), ("Modern Era", "left")):
        ax.annotate(name, (result["boundary"], 0.02), xycoords=("data", "axes fraction"), ha=side, va="bottom",
                    xytext=(-6 if side == "right" else 6, 0), textcoords="offset points", fontweight="bold")
    if named:
        low, high = OPENAI_CHART_Y_AXIS_PFS_DAYS
        ax.set_ylim(low / 10**0.5, high * 10**0.4)  # a margin: the Perceptron (8e-15) sits just below 1e-14
    _finish(fig, ax, data, cut, dotted)
    plotting.title(fig, f"Two eras of compute used in training AI systems, {_years(table)}")
    if named:
        first = table[table["year"] < result["boundary"]]["system"].tolist()
        _name_systems(ax, table, first + ["AlexNet", "AlphaGo Zero"])
    return fig


def _name_systems(ax, table: pd.DataFrame, systems, short: dict | None = None) -> None:
    """Write the chart label of each system in `systems` beside its point (last: it lays the figure out)."""
    named = table[table["in_fit"] & table["system"].isin(systems)]
    labels = [(short or {}).get(s, label) for s, label in zip(named["system"], named["label"])]
    plotting.place_labels(ax, named["year"], named["pfs_days"], labels)


@plotting.drawing
def figure_modern_era(table: pd.DataFrame, result: dict, bands: dict, data: str, named: bool):
    """Article Fig. 2: the modern era alone with its trend and band; AlexNet marked "A" as in the article."""
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT))
    modern = table[table["year"] >= result["boundary"]]
    cut = _draw(ax, modern, {**result, "trends": result["trends"].loc[["modern era"]]}, bands)
    _finish(fig, ax, f"the modern-era systems of {data}", cut)
    alexnet = "AlexNet" in set(modern.loc[modern["in_fit"], "system"])
    plotting.title(fig, f"The modern era of training compute, {_years(modern)}" + (" (A: AlexNet)" if alexnet else ""))
    shown = modern["system"] if named else ["AlexNet"]
    _name_systems(ax, modern, list(shown), {"AlexNet": "A"})
    return fig


SPAN = 2.0
"""The heatmap's colours run from the article's doubling time divided by SPAN to it times SPAN, whatever the run."""


@plotting.drawing
def figure_sensitivity(sensitivity: pd.DataFrame, reference_months: float, data: str, era: str):
    """Modern-era doubling time (months) when the first i and last j systems are dropped, coloured on a fixed
    scale centred on the article's doubling time (`reference_months`): white where a window gives it, purple
    faster, orange slower, saturated at half and twice it; `era` says which systems the modern era holds. When no
    system can be dropped (the era holds the fewest a fit needs), a note says so instead of a one-cell grid."""
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, 5.5))
    grid = sensitivity.pivot(index="dropped_first", columns="dropped_last", values="doubling_months")
    whole = sensitivity[(sensitivity["dropped_first"] == 0) & (sensitivity["dropped_last"] == 0)].iloc[0]
    plotting.title(fig, f"Modern-era doubling time as the window moves, modern era {int(whole['start'])}-"
                        f"{int(whole['end'])}")
    if grid.size == 1:
        ax.axis("off")
        ax.text(0.5, 0.5, f"The modern era holds {whole['n']:.0f} systems, the fewest a fit needs "
                          f"({trends.MIN_POINTS}):\nno window without its first or last systems can be fitted.\nDoubling time over all "
                          f"{whole['n']:.0f}: {whole['doubling_months']:.1f} months (the article: "
                          f"{reference_months:g}).", ha="center", va="center", transform=ax.transAxes)
        plotting.caption(fig, data, f"Modern era: {era}")
        return fig
    _heatmap(fig, ax, grid, reference_months)
    plotting.caption(fig, data, f"Modern era: {era}", "Each cell: the modern era fitted without its first i and last "
                     "j systems" + (f"; grey: fewer than {trends.MIN_POINTS} systems left"
                                    if grid.isna().any().any() else "") +
                     f"; colours centred on the article's {reference_months:g} months (white), saturated at half "
                     "and twice it")
    return fig


def _heatmap(fig, ax, grid: pd.DataFrame, reference_months: float) -> None:
    from matplotlib.colors import LogNorm

    norm, cmap = LogNorm(reference_months / SPAN, reference_months * SPAN), plt.get_cmap("PuOr_r")
    image = ax.imshow(grid.to_numpy(), cmap=cmap, norm=norm, origin="upper", aspect="auto")
    ax.set_facecolor("0.85")  # a window too short to fit (no value)
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        if not np.isfinite(value):
            continue
        red, green, blue, _ = cmap(norm(value))
        ax.text(j, i, f"{value:.1f}", ha="center", va="center",
                color="black" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "white")
    ax.set_xticks(range(grid.shape[1]), grid.columns)
    ax.set_yticks(range(grid.shape[0]), grid.index)
    ax.grid(False)
    ticks = [reference_months * SPAN ** k for k in (-1, -0.5, 0, 0.5, 1)]
    bar = fig.colorbar(image, ax=ax, label="doubling time (months)")
    bar.set_ticks(ticks, labels=[f"{t:.2g}" for t in ticks])
    bar.minorticks_off()
    plotting.decorate(ax, xlabel="latest systems dropped", ylabel="earliest systems dropped")


class Steps(steps.Steps):
    """Notebook 01's chain: the systems in the window, the two eras fitted, the breakpoint, the window
    sensitivity, the figures and the ledger."""

    NOTEBOOK = find("01")
    TABLES = ("systems", "eras", "breakpoint", "window_sensitivity", "fit_choices")

    def check(self) -> None:
        """Refuse, before any run starts, a window with too few systems (`systems`) or an `era_boundary` that leaves
        an era fewer than trends.MIN_POINTS systems to fit."""
        if self.params.era_boundary == AUTO:
            self.systems
            return
        years = self.systems.loc[self.systems["in_fit"], "year"].to_numpy()
        split = boundary(self.params, {})
        for era, count in (("first", int((years < split).sum())), ("modern", int((years >= split).sum()))):
            if count < trends.MIN_POINTS:
                raise ParameterError(f"era_boundary {self.params.era_boundary} leaves the {era} era {count} systems "
                                     f"in the window {self.params.start} to {self.params.end}; each era needs at "
                                     f"least {trends.MIN_POINTS}")

    @steps.step
    def credit(self) -> str:
        """Who made the data this run plots."""
        return dataset_credit(self.params.dataset, AI_AND_COMPUTE_CREDIT)

    @steps.step
    def data_text(self) -> str:
        """What the figures plot, for their captions: the data's credit and this run's window."""
        return f"{self.credit}; this run's window: {self.params.start} to {self.params.end}"

    @steps.step
    def modern_era_text(self) -> str:
        """Which systems the modern era holds, in words, for the window-sensitivity figure."""
        article = Parameters.__dataclass_fields__["era_boundary"].default
        since = (f"the break fitted from the data ({self.fit['boundary']:.1f})" if self.params.era_boundary == AUTO
                 else self.params.era_boundary + (" (the article's boundary)" if self.params.era_boundary == article
                                                  else " (the era boundary of this run)"))
        return f"the systems published from {since} to {self.params.end}"

    @steps.step
    def systems(self) -> pd.DataFrame:
        return systems(self.params)

    @steps.step
    def fit(self) -> dict:
        """The two eras and the breakpoint (see `eras`)."""
        return eras(self.params, self.systems)

    @steps.step
    def eras(self) -> pd.DataFrame:
        """Each era's fitted trend with its intervals."""
        return self.fit["trends"]

    @steps.step
    def breakpoint(self) -> pd.DataFrame:
        return breakpoint_table(self.fit, self.params)

    @steps.step
    def window_sensitivity(self) -> pd.DataFrame:
        return window_sensitivity(self.systems, self.fit)

    @steps.step
    def fit_choices(self) -> pd.DataFrame:
        """Each era's doubling time under each date convention, with the interval the chart values' rounding carries
        (`fit_choices`): the choices OpenAI does not state, over which the doubling-time claims are judged."""
        return fit_choices(self.systems, self.fit)

    @steps.step
    def recomputed(self) -> Recomputed:
        return recomputed(self.params, self.systems, self.fit, self.fit_choices)

    @steps.step
    def bands(self) -> dict:
        """Each era's bootstrap band, for the figures."""
        return era_bands(self.params, self.systems, self.fit)

    @steps.step
    def boundary_text(self) -> str:
        """The era boundary of the fits in words, for the figure ("" when it is the fitted break)."""
        chosen = self.params.era_boundary
        article = Parameters.__dataclass_fields__["era_boundary"].default
        return "" if chosen == AUTO else f"era boundary of the fits: {chosen}" + (
            " (the article's)" if chosen == article else "")

    @steps.figure("ai-and-compute-two-eras")
    def figure_all_eras(self):
        return figure_all_eras(self.systems, self.fit, self.bands, self.boundary_text, self.data_text,
                               self.params.dataset == BUNDLED)

    @steps.figure("ai-and-compute-modern-era")
    def figure_modern_era(self):
        return figure_modern_era(self.systems, self.fit, self.bands, self.data_text, self.params.dataset == BUNDLED)

    @steps.figure("ai-and-compute-window-sensitivity")
    def figure_sensitivity(self):
        return figure_sensitivity(self.window_sensitivity, printed_claim("aic-doubling-3-4").value, self.data_text,
                                  self.modern_era_text)

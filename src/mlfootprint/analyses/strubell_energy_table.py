"""Notebook 04 (article Fig. 4): Strubell, Ganesh & McCallum 2019's Table 3 (energy, CO2e and cloud cost of the
training runs) and Table 4 (the cost of developing one model), recomputed and judged cell by cell."""

import math

import matplotlib.pyplot as plt
from matplotlib.patches import Patch
import numpy as np
import pandas as pd

from .. import energy, plotting, steps
from ..notebook_parameters import StrubellTableParameters as Parameters
from ..catalogue import find
from ..claims import DIFFERS, NOT_CHECKABLE, REPRODUCED, Recomputed, judge, printed_claim, verdict
from ..intervals import printed_cell, propagate, sig_figs_of
from ..loaders import (load_cloud_prices, load_patterson_table4, load_scenarios, load_strubell_table3,
                       load_strubell_table4, source_fact, strubell_fact, strubell_fact_printed)
from ..strubell2019 import NO_POWER, PAPER_SCENARIO, SOURCE, electricity_price, run_intervals, run_name, table3
from ..units import DAYS_PER_YEAR, KG_PER_LB


HOURS_REASON = ("the published {kwh_printed} kWh implies {implied_hours:.1f} training hours at the paper's PUE and "
                "power; Table 3 prints {hours_printed}, which stands for {hours_low:g} to {hours_high:g} h")
COST_REASON = ("the published cost is {hours:,.0f} h x {n:.0f} x ${implied_price:.4g}/h, or {implied_hours:,.1f} h x "
               "{n:.0f} x ${price:.4g}/h (the price used here)")


def table3_rows(recomputed: pd.DataFrame, factors: energy.Factors, params: Parameters) -> list[dict]:
    """One ledger row per recomputable cell of Table 3 (energy, CO2e, both costs). Each cell is recomputed from
    the printed hours and power, whose rounding is carried through (`strubell2019.run_intervals`), and judged at
    the digits it was printed with."""
    published = load_strubell_table3()
    intervals = run_intervals(factors, params.price_per_hour_low, params.price_per_hour_high)
    rows = []
    for i, row in recomputed.iterrows():
        name, printed, cells = run_name(row), published.loc[i], intervals[i]
        kwh_text, n = printed["kwh_pue_printed"], printed["n_accelerators"]
        hours = printed_cell(printed["hours_printed"], printed["hours"])
        hours_off = bool(kwh_text) and verdict(printed["kwh_pue"], row["kwh_pue"], sig_figs_of(kwh_text)) == DIFFERS
        about_hours = {"kwh_printed": kwh_text, "implied_hours": row["implied_hours"],
                       "hours_printed": printed["hours_printed"], "hours_low": hours.low, "hours_high": hours.high}
        for column, unit, what in (("kwh_pue", "kWh", "energy x PUE (Eq. 1)"), ("co2e_lb", "lb", "CO2e (Eq. 2)")):
            text = printed[f"{column}_printed"]
            rows.append(judge(
                f"strubell-t3-{i}-{column}", f"Table 3, {name}: {what}", f"{SOURCE}, Table 3",
                row[f"{column}_published"], cells[column], unit, sig_figs_of(text) if text else 1,
                reason=HOURS_REASON if hours_off else ("" if text else NO_POWER), quantities=about_hours,
            ))
        for bound in ("low", "high"):
            paid, text = row[f"cost_{bound}_usd_published"], printed[f"cloud_cost_usd_{bound}_printed"]
            cost = cells[f"cost_{bound}_usd"]
            price = cost.value / (row["hours"] * n)
            off = verdict(paid, cost, sig_figs_of(text)) == DIFFERS
            rows.append(judge(
                f"strubell-t3-{i}-cost-{bound}", f"Table 3, {name}: cloud cost, {bound} bound",
                f"{SOURCE}, Table 3 and footnote 7", paid, cost, "USD", sig_figs_of(text),
                reason=HOURS_REASON if hours_off else (COST_REASON if off else ""),
                quantities={**about_hours, "hours": row["hours"], "n": n, "implied_price": paid / (row["hours"] * n),
                            "implied_hours": paid / (n * price), "price": price},
            ))
    return rows


def table4(params: Parameters) -> pd.DataFrame:
    """Table 4 (developing LISA): cloud cost at the P100 price (footnote 8, or the parameters); the energy (kWh,
    PUE included) and average draw per GPU that the published electricity cost implies at footnote 9's
    $0.12/kWh; and that energy priced at this run's electricity price."""
    table = load_strubell_table4()
    if params.price_per_hour_low is not None:
        low, high = params.price_per_hour_low, params.price_per_hour_high
    else:
        prices = load_cloud_prices()
        low, high = prices.at["P100", "price_low_usd_per_hour"], prices.at["P100", "price_high_usd_per_hour"]
    implied_kwh = table["electricity_usd"] / strubell_fact("electricity_usd_per_kwh")
    return pd.DataFrame({
        "models": table["models"], "hours": table["hours"],
        "cost_low_usd_published": table["cloud_cost_usd_low"],
        "cost_low_usd": energy.cloud_cost_usd(table["hours"], 1, low),
        "cost_high_usd_published": table["cloud_cost_usd_high"],
        "cost_high_usd": energy.cloud_cost_usd(table["hours"], 1, high),
        "electricity_usd_published": table["electricity_usd"],
        "implied_kwh_pue": implied_kwh,
        "implied_w_per_gpu": implied_kwh * 1000 / table["hours"],
        "electricity_usd_at_price": energy.electricity_cost_usd(
            implied_kwh, electricity_price(params.electricity_usd_per_kwh)),
    })


def table4_rows(recomputed: pd.DataFrame) -> list[dict]:
    """Ledger rows for Table 4's cloud costs (hours x P100 price) and electricity (only as a consistency check: each
    row at the last row's printed cost per GPU-hour, whose rounding is carried through)."""
    published = load_strubell_table4()
    last = published.index[-1]
    total = printed_cell(published.at[last, "electricity_usd_printed"], published.at[last, "electricity_usd"])
    rows = []
    for label, row in recomputed.iterrows():
        hours = printed_cell(published.at[label, "hours_printed"], published.at[label, "hours"])
        price = {bound: row[f"cost_{bound}_usd"] / row["hours"] for bound in ("low", "high")}
        for bound in ("low", "high"):
            rows.append(judge(
                f"strubell-t4-{label}-cost-{bound}", f"Table 4, {label}: cloud cost, {bound} bound",
                f"{SOURCE}, Table 4 and footnote 8", row[f"cost_{bound}_usd_published"],
                propagate(lambda h, p=price[bound]: h * p, hours), "USD",
                sig_figs_of(published.at[label, f"cloud_cost_usd_{bound}_printed"]),
            ))
        is_last = label == last
        rows.append(judge(
            f"strubell-t4-{label}-electricity", f"Table 4, {label}: electricity cost",
            f"{SOURCE}, Table 4 and footnote 9", row["electricity_usd_published"],
            None if is_last else propagate(lambda e, h: e / published.at[last, "hours"] * h, total, hours), "USD",
            sig_figs_of(published.at[label, "electricity_usd_printed"]),
            reason="the GPUs' power is not given, so electricity cannot be recomputed; the other rows are checked "
                   "against this row's cost per GPU-hour" if is_last else "",
        ))
    return rows


def _nas_claims(t3: pd.DataFrame) -> tuple[dict, dict]:
    """The NAS claims (its TPU-hours, the $150,000 for 0.1 BLEU) recomputed, with the quantities they quote."""
    printed_t3 = load_strubell_table3()
    nas_tpu = t3[(t3["model"] == "NAS") & t3["hardware"].str.startswith("TPU")].iloc[0]
    nas_p100 = t3[(t3["model"] == "NAS") & (t3["hardware"] == "P100x8")].iloc[0]
    tpu_row = printed_t3.loc[nas_tpu.name]
    tpu_prices = load_cloud_prices().loc[tpu_row["accelerator"]]
    steps, base_steps = strubell_fact("nas_train_steps"), strubell_fact("nas_base_train_steps")
    base_hours = strubell_fact("nas_tpu_hours_per_300k_steps")
    tpu_price_high = nas_tpu["cost_high_usd"] / (nas_tpu["hours"] * tpu_row["n_accelerators"])
    values = {
        "strubell-nas-bleu-29-7": strubell_fact("nas_bleu"),
        "strubell-nas-150k-for-bleu": steps / base_steps * base_hours * tpu_row["n_accelerators"] * tpu_price_high,
        "strubell-nas-bleu-gain-0-1": strubell_fact("nas_bleu_gain"),
        "strubell-nas-tpu-hours": steps / base_steps * base_hours,
    }
    quantities = {
        "tpu_hours": tpu_row["hours"], "tpu_count": tpu_row["n_accelerators"], "tpu_price_high": tpu_price_high,
        "tpu_cost_high_published": tpu_row["cloud_cost_usd_high"],
        "p100_cost_low": nas_p100["cost_low_usd"], "p100_cost_high": nas_p100["cost_high_usd"],
        "nas_steps": steps, "base_steps": base_steps, "base_hours": base_hours,
        "cost_high_printed_hours": tpu_row["hours"] * tpu_row["n_accelerators"] * tpu_prices["price_high_usd_per_hour"],
        "tpu_cost_low_published": tpu_row["cloud_cost_usd_low"],
        "implied_low_price": tpu_row["cloud_cost_usd_low"] / (steps / base_steps * base_hours),
        "tpu_price_low": tpu_prices["price_low_usd_per_hour"], "nas_hours_derived": steps / base_steps * base_hours,
        "so_bleu": source_fact("so2019_bleu"),
    }
    return values, quantities


def _development_claims() -> tuple[dict, dict]:
    """The claims about developing one model (Table 4 and Sec. 4.1: GPUs, days, hardware and electricity costs)
    recomputed from the printed GPU-days, days and costs, with the quantities they quote."""
    gpu_days = printed_cell(strubell_fact_printed("gpu_days"), strubell_fact("gpu_days"))
    days = printed_cell(strubell_fact_printed("project_days"), strubell_fact("project_days"))
    per_server, server_usd = strubell_fact("gpus_per_server"), strubell_fact("gpu_server_usd")
    development = load_strubell_table4().iloc[-1]
    cloud_high = printed_cell(development["cloud_cost_usd_high_printed"], development["cloud_cost_usd_high"])
    electricity = printed_cell(development["electricity_usd_printed"], development["electricity_usd"])
    hardware = printed_claim("strubell-hardware-145k")
    values = {
        "strubell-gpu-server-20k": server_usd,
        "strubell-project-172-days": days.value,
        "strubell-58-gpus": propagate(lambda g, d: g / d, gpu_days, days),
        "strubell-hardware-145k": propagate(lambda g, d: g / d / per_server * server_usd, gpu_days, days),
        "strubell-electricity-vs-cloud": propagate(lambda e, c: e / c, electricity, cloud_high),
        "strubell-gpus-constantly": gpu_days.value / days.value,
        "strubell-gpu-years": gpu_days.value / DAYS_PER_YEAR,
        "strubell-hardware-half-of-cloud": propagate(lambda h, e, c: (h + e) / c, hardware, electricity, cloud_high),
    }
    gpus = gpu_days.value / days.value
    quantities = {
        "gpu_days": gpu_days.value, "project_days": days.value, "gpus": gpus,
        "servers": gpus / per_server, "gpus_per_server": per_server, "server_usd": server_usd,
        "gpus_rounded": strubell_fact("hardware_gpus"),
        "rounded_gpus_cost": strubell_fact("hardware_gpus") / per_server * server_usd,
        "whole_servers_cost": math.ceil(gpus / per_server) * server_usd,
        "jobs": strubell_fact("jobs"), "electricity_usd": electricity.value, "cloud_high_usd": cloud_high.value,
        "cloud_low_usd": development["cloud_cost_usd_low"],
        "electricity_vs_preemptible": electricity.value / development["cloud_cost_usd_low"],
        "hardware_usd": hardware.value, "hardware_share": hardware.value / cloud_high.value,
        "hardware_vs_preemptible": (hardware.value + electricity.value) / development["cloud_cost_usd_low"],
    }
    return values, quantities


def recomputed(params: Parameters, t3: pd.DataFrame, t4: pd.DataFrame) -> Recomputed:
    """Notebook 04's claims of data/claims.csv (the article's retelling of Strubell et al. and the paper's own
    statements) recomputed from the data, with the quantities their explanations quote. Printed inputs (GPU-days,
    days, hours, costs) stand for the values that round to them."""
    printed_t3 = load_strubell_table3()
    scenario = load_scenarios().loc[PAPER_SCENARIO]
    tpu = printed_t3["accelerator"].str.startswith("TPU")
    elmo = printed_t3[printed_t3["model"] == "ELMo"].iloc[0]
    base = printed_t3[printed_t3["model"] == "Transformer base"].iloc[0]
    big = printed_t3[printed_t3["model"] == "Transformer big"].iloc[0]
    values = {
        "strubell-table3-models": printed_t3["model"].nunique(),
        "strubell-elmo-gpus": strubell_fact("measurement_gpus_elmo"),
        "strubell-titanx-gpus": strubell_fact("measurement_gpus_other"),
        "strubell-max-1-day": strubell_fact("max_measurement_days"),
        "strubell-transformer-base-gpus": base["n_accelerators"],
        "strubell-transformer-base-power": base["power_w"],
        "strubell-pue-1-58": scenario["pue"],
        "strubell-grid-0-954": scenario["lbs_per_kwh"],
        "strubell-tpu-power-unknown": printed_t3.loc[tpu, "power_w"].isna().mean(),
    }
    quantities = {
        "table3_rows": len(printed_t3), "table3_models": values["strubell-table3-models"],
        "model_names": ", ".join(printed_t3["model"].unique()),
        "powered_rows": printed_t3["power_w"].notna().sum(), "elmo_hardware": elmo["hardware"],
        "pue_source": scenario["pue_source"], "grid_source": scenario["grid_source"], "tpu_runs": int(tpu.sum()),
        "tbase_w_per_gpu": base["power_w"] / base["n_accelerators"], "tbig_w_per_gpu": big["power_w"] / big["n_accelerators"],
        "models_analyzed": strubell_fact("models_analyzed"), "measurement_gpus_elmo": strubell_fact("measurement_gpus_elmo"),
        "grid_kg_per_kwh": scenario["lbs_per_kwh"] * KG_PER_LB,
        "patterson_grid_kg_per_kwh": source_fact("patterson2021_strubell_grid_kg_per_kwh"),
        "tpu_v2_w": load_patterson_table4().loc["Evolved Transformer NAS", "avg_power_w"],
    }
    for more_values, more_quantities in (_nas_claims(t3), _development_claims()):
        values.update(more_values)
        quantities.update(more_quantities)
    return Recomputed(values, {}, quantities)


WHAT_IF = "what-if"
"""A cell recomputed under this run's own PUE, grid or prices: a different question, not a check of the paper."""
CELL_COLORS = {REPRODUCED: "white", DIFFERS: plotting.COLORS["differs"], NOT_CHECKABLE: "0.9",
               WHAT_IF: plotting.COLORS["low end"]}
CELL_KEY = {REPRODUCED: "\u2713 reproduced", DIFFERS: "a \u2192 b differs: published a, recomputed b",
            NOT_CHECKABLE: "\u2013 not checkable: no power figure for TPUs",
            WHAT_IF: "a \u2192 b published a, b under this run's assumptions (not a check)"}
TABLE3_COLUMNS = (  # heading, column of the recomputed table (or None: an input), printed column of the data file
    ("Power\n(W)", None, "power_w_printed"), ("Hours", None, "hours_printed"),
    ("kWh \u00d7\nPUE", "kwh_pue", "kwh_pue_printed"), ("CO2e\n(lb)", "co2e_lb", "co2e_lb_printed"),
    ("Cloud cost,\nlow (USD)", "cost-low", "cloud_cost_usd_low_printed"),
    ("Cloud cost,\nhigh (USD)", "cost-high", "cloud_cost_usd_high_printed"),
)


def assumptions(factors: energy.Factors, price_low: float | None = None, price_high: float | None = None) -> dict:
    """This run's assumptions for the figures in words (`title_line`: under a title) and which of Table 3's columns
    they change: energy and CO2e under another PUE or grid, costs under this run's cloud prices (USD per hour)."""
    paper = load_scenarios().loc[PAPER_SCENARIO]
    same_pue, same_grid = math.isclose(factors.pue, paper["pue"]), math.isclose(factors.g_per_kwh, paper["g_per_kwh"])
    same = same_pue and same_grid
    columns = set() if same else {"co2e_lb"} if same_pue else {"kwh_pue", "co2e_lb"}
    if price_low is not None:
        columns |= {"cost-low", "cost-high"}
    values = f"PUE {factors.pue:g}, {factors.lbs_per_kwh:.3g} lb CO2e/kWh"
    named = factors.pue_from == factors.grid_from == f"scenario {factors.scenario}"
    text = f"scenario {factors.scenario} ({values})" if named else f"{values} (PUE: {factors.pue_from}, grid: " \
                                                                  f"{factors.grid_from})"
    under = "" if same else f"{'scenario ' * named}{factors.scenario if named else values}"
    cloud = "" if price_low is None else f"\\${price_low:,g}-\\${price_high:,g} per accelerator-hour"  # not mathtext
    line = "; ".join(filter(None, (under, cloud and f"cloud {cloud}",
                                   under and not cloud and "footnote 7's cloud prices")))
    return {"text": text, "pue": factors.pue, "what_if": columns, "title": f", under {under}" if under else "",
            "prices": f"this run's cloud prices, {cloud} (low-high)" if cloud else "footnote 7's cloud prices",
            "title_line": f"\nunder {line}" if line else ""}


def _printed_like(printed: str, value: float) -> str:
    """`value` written with the decimals of `printed`, thousands separated, with its $ sign."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return ("$" if printed.startswith("$") else "") + f"{value:,.{decimals}f}"


def _runs_and_models(t3: pd.DataFrame) -> str:
    """ "8 training runs of 6 NLP models": Table 3 has a row per run, and some models ran on two kinds of
    hardware (the article's "eight different models" counts rows)."""
    return f"{len(t3)} training runs of {t3['model'].nunique()} NLP models"


def _cell(printed: str, row: dict | None, what_if: bool) -> tuple[str, str]:
    """The text and the kind of one cell: the printed number (thousands separated), and its verdict's mark."""
    if not printed:
        return "\u2013", NOT_CHECKABLE if row is not None else ""
    shown = _printed_like(printed, float(printed.replace("$", "").replace(",", "")))
    if row is None:
        return shown, ""
    kind = WHAT_IF if what_if else row["verdict"]
    if kind == REPRODUCED:
        return f"{shown} \u2713", kind
    return (f"{shown}\n\u2192 {_printed_like(printed, row['recomputed'])}", kind) if kind in (DIFFERS, WHAT_IF) \
        else (shown, kind)


@plotting.drawing
def figure_table3(t3: pd.DataFrame, rows: list[dict], printed: pd.DataFrame, assumed: dict):
    """Article Fig. 4 as the article shows it, Strubell et al.'s Table 3, each recomputable cell marked by its
    verdict in the ledger (`rows`, notebook 04's `table3_rows`): reproduced, differs (published -> recomputed) or
    not checkable; a cell of a column this run's assumptions change (`assumed`) shows published -> recomputed as
    a what-if, not a verdict."""
    verdicts = {row["claim_id"]: row for row in rows}
    text, colors, kinds = [], [], set()
    for i, run in t3.iterrows():
        cells, shades = [run["model"], run["hardware"]], ["white", "white"]
        for _, column, source in TABLE3_COLUMNS:
            row = verdicts.get(f"strubell-t3-{i}-{column}") if column else None
            shown, kind = _cell(printed.at[i, source], row, column in assumed["what_if"])
            cells.append(shown.replace("$", r"\$"))  # a dollar sign, not mathtext
            shades.append(CELL_COLORS.get(kind, "white"))
            kinds |= {kind} - {""}
        text.append(cells)
        colors.append(shades)
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT))
    ax.axis("off")
    table = ax.table(cellText=text, cellColours=colors, bbox=(0, 0, 1, 1), cellLoc="right",
                     colLabels=["Model", "Hardware"] + [heading for heading, _, _ in TABLE3_COLUMNS])
    plotting.style_table(table, left_columns=2, tint=0.45)
    plotting.legend_below(ax, handles=[Patch(facecolor=CELL_COLORS[k], alpha=0.45, edgecolor="0.75",
                                             label=CELL_KEY[k]) for k in CELL_KEY if k in kinds])
    plotting.title(fig, f"Strubell et al. 2019, Table 3: {_runs_and_models(t3)}, published and recomputed"
                        + assumed["title_line"])
    plotting.caption(fig, "Strubell, Ganesh & McCallum 2019, Table 3 as printed (data/strubell2019_table3.csv), "
                          "thousands separated", f"Recomputed with Eq. 1 and 2 under {assumed['text']}, with "
                          f"{assumed['prices']}; power and hours are the paper's inputs")
    return fig


@plotting.drawing
def figure_table3_bars(t3: pd.DataFrame, assumed: dict):
    """Table 3 as a dot chart: each run's energy, CO2e and cloud cost, recomputed (blue) and published (black,
    open), on log axes (a dot, not a bar: a bar's length from an arbitrary origin means nothing on a log axis)."""
    fig, axes = plt.subplots(1, 3, figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT), sharey=True)
    names = [run_name(r) for _, r in t3.iterrows()]
    y = np.arange(len(t3))[::-1]
    blue, black = plotting.COLORS["this run"], plotting.COLORS["published"]
    panels = [("kwh_pue", "energy \u00d7 PUE (kWh)"), ("co2e_lb", "CO2e (lb)"), ("cost", "cloud cost (USD)")]
    for ax, (column, label) in zip(axes, panels):
        if column == "cost":
            ax.hlines(y, t3["cost_low_usd"], t3["cost_high_usd"], color=blue, linewidth=6, alpha=0.6,
                      label="this run, low to high")
            for bound in ("low", "high"):
                ax.plot(t3[f"cost_{bound}_usd_published"], y, "|", color=black, markersize=16, markeredgewidth=2,
                        label="published bounds")
            values = t3[["cost_low_usd", "cost_high_usd", "cost_low_usd_published", "cost_high_usd_published"]]
        else:
            ax.scatter(t3[column], y, color=blue, s=40, zorder=3, label="this run")
            ax.scatter(t3[f"{column}_published"], y, marker="D", s=80, facecolors="none", edgecolors=black,
                       linewidths=1.3, zorder=4, label="published")
            for yi in y[t3[column].isna().to_numpy()]:
                ax.text(0.03, yi, "no power figure (TPU)", va="center", color="0.35",
                        transform=ax.get_yaxis_transform())
            values = t3[[column, f"{column}_published"]]
        low, high = np.nanmin(values.to_numpy()), np.nanmax(values.to_numpy())
        plotting.log_axis(ax, "x")
        plotting.decorate(ax, xlabel=label, xlim=(low / 4, high * 4), legend="below")
    axes[0].set_yticks(y, names)
    plotting.title(fig, f"Energy, CO2e and cloud cost of Strubell et al.'s {len(t3)} training runs"
                        + assumed["title_line"])
    plotting.caption(fig, "Strubell, Ganesh & McCallum 2019, Table 3 (published: black)", f"This run (blue): Eq. 1 "
                          f"and 2 under {assumed['text']}, with {assumed['prices']}")
    return fig


class Steps(steps.Steps):
    """Notebook 04's chain: the run's factors, Table 3 and Table 4 recomputed, their cells judged, the figures and
    the ledger."""

    NOTEBOOK = find("04")
    TABLES = ("table3", "table4")

    @steps.step
    def factors(self) -> energy.Factors:
        """The run's PUE and grid factor: the scenario's, or the parameters' where given."""
        return energy.factors(self.params.scenario, self.params.pue, self.params.lbs_per_kwh)

    @steps.step
    def table3(self) -> pd.DataFrame:
        """Table 3 recomputed with this run's factors and prices."""
        return table3(self.factors, self.params.price_per_hour_low, self.params.price_per_hour_high)

    @steps.step
    def table3_cells(self) -> list[dict]:
        """Ledger rows of Table 3's cells."""
        return table3_rows(self.table3, self.factors, self.params)

    @steps.step
    def table4(self) -> pd.DataFrame:
        return table4(self.params)

    @steps.step
    def table_rows(self) -> list[dict]:
        return self.table3_cells + table4_rows(self.table4)

    @steps.step
    def recomputed(self) -> Recomputed:
        return recomputed(self.params, self.table3, self.table4)

    @steps.step
    def assumptions(self) -> dict:
        """This run's assumptions in words, and the columns of Table 3 they change (for the figures)."""
        return assumptions(self.factors, self.params.price_per_hour_low, self.params.price_per_hour_high)

    @steps.figure("strubell-table3")
    def figure_table3(self):
        return figure_table3(self.table3, self.table3_cells, load_strubell_table3(), self.assumptions)

    @steps.figure("strubell-table3-bars")
    def figure_table3_bars(self):
        return figure_table3_bars(self.table3, self.assumptions)


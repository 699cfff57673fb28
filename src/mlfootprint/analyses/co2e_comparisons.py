"""Notebook 05 (article Fig. 5): the CO2e comparisons of Strubell, Ganesh & McCallum 2019's Table 1 (a flight, a
life, a car against training runs), recomputed with any PUE and grid factor, beside Patterson et al. 2021's
measured re-estimate of the neural architecture search."""

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import energy, plotting, steps
from ..notebook_parameters import ComparisonsParameters as Parameters  # noqa: F401 (the notebook validates with it)
from ..catalogue import find
from ..claims import NOT_CHECKABLE, REPRODUCED, Recomputed, judge, printed_claim
from ..intervals import converted_sig_figs, printed_cell, propagate, sig_figs_of
from ..loaders import (load_claims, load_patterson_table4, load_scenarios, load_strubell_table1,
                       load_strubell_table3, load_strubell_table4, source_fact, strubell_fact)
from ..notebook_parameters import EstimateParameters
from .estimate_a_training_run import strubell_nas
from .strubell_energy_table import assumptions
from ..strubell2019 import PAPER_SCENARIO, SOURCE, run_intervals, table3
from ..units import HOURS_PER_DAY, KG_PER_LB, kg_to_lb, lb_to_kg


def comparisons(factors: energy.Factors) -> pd.DataFrame:
    """Table 1 (article Fig. 5): A-D everyday life as published; E-H training, recomputed with this run's PUE
    and grid factor (E and F from Table 4's electricity cost, G and H from Table 3); and Patterson et al. 2021's
    measured re-estimate of H. Masses in lb and kg."""
    t1, t3 = load_strubell_table1(), table3(factors)
    t4 = load_strubell_table4()
    kwh_per_usd = 1 / strubell_fact("electricity_usd_per_kwh")
    recomputed = {
        "E": _paper_co2e_lb(t4.at["single model", "electricity_usd"] * kwh_per_usd, factors),
        "F": _paper_co2e_lb(t4.at["all R&D models", "electricity_usd"] * kwh_per_usd, factors),
        "G": t3.loc[(t3["model"] == "Transformer big"), "co2e_lb"].iloc[0],
        "H": t3.loc[(t3["model"] == "NAS") & (t3["hardware"] == "P100x8"), "co2e_lb"].iloc[0],
    }
    table = t1[["item", "group", "co2e_lb"]].rename(columns={"co2e_lb": "co2e_lb_published"})
    table["co2e_lb"] = [recomputed.get(label, value) for label, value in table["co2e_lb_published"].items()]
    table["recomputed"] = table.index.isin(list(recomputed))
    patterson = patterson_nas()
    table.loc["H*"] = ["Evolved Transformer NAS, measured (Patterson et al. 2021)", "re-estimate",
                       kg_to_lb(patterson["gross_tco2e_published"] * 1000), kg_to_lb(patterson["tco2e"] * 1000), True]
    table["co2e_kg"] = lb_to_kg(table["co2e_lb"])
    table.index.name = "label"
    return table


def _paper_co2e_lb(kwh_at_paper_pue, factors: energy.Factors):
    """CO2e (lb) of an energy the paper reports at its own PUE, at this run's PUE and grid (Table 1's E and F, from
    Table 4's electricity cost)."""
    paper = load_scenarios().loc[PAPER_SCENARIO]
    return kg_to_lb(energy.co2e_kg(kwh_at_paper_pue * factors.pue / paper["pue"], factors.g_per_kwh))


def patterson_nas() -> dict:
    """Patterson et al. 2021's re-estimate of the NAS run (Appendix D): chips x hours x W x PUE x kg/kWh."""
    row = load_patterson_table4().loc["Evolved Transformer NAS"]
    kwh = energy.energy_kwh(row["training_days"] * HOURS_PER_DAY * row["n_chips"], row["avg_power_w"], row["pue"])
    return {"kwh": kwh, "tco2e": kwh * row["gross_kg_per_kwh"] / 1000, "gross_tco2e_published": row["gross_tco2e"]}


def _intervals(factors: energy.Factors) -> dict:
    """Table 1's training rows E-H recomputed as Intervals: E and F from Table 4's printed electricity costs, G and
    H from Table 3's printed hours and power (strubell2019.run_intervals), at this run's PUE and grid factor."""
    t3, t4 = load_strubell_table3(), load_strubell_table4()
    per_usd = 1 / strubell_fact("electricity_usd_per_kwh")
    runs = run_intervals(factors)
    cells = {}
    for label, row in (("E", "single model"), ("F", "all R&D models")):
        cost = printed_cell(t4.at[row, "electricity_usd_printed"], t4.at[row, "electricity_usd"])
        cells[label] = propagate(lambda usd: _paper_co2e_lb(usd * per_usd, factors), cost)
    cells["G"] = runs[t3.index[t3["model"] == "Transformer big"][0]]["co2e_lb"]
    cells["H"] = runs[t3.index[(t3["model"] == "NAS") & (t3["hardware"] == "P100x8")][0]]["co2e_lb"]
    return cells


def recomputed(factors: energy.Factors, table: pd.DataFrame) -> Recomputed:
    """Notebook 05's claims of data/claims.csv recomputed, with the quantities their explanations quote. A number
    derived from printed numbers (five cars, 88x) starts from them as printed."""
    cells = _intervals(factors)
    t1, t3 = load_strubell_table1(), load_strubell_table3()
    patterson = patterson_nas()
    strubell_t = lb_to_kg(table.at["H", "co2e_lb_published"]) / 1000
    nas = t3[(t3["model"] == "NAS") & (t3["hardware"] == "P100x8")].iloc[0]
    values = {
        "fig5-label-g-192": cells["G"],
        "fig5-label-a-1984": t1.at["A", "co2e_lb"],
        "fig5-label-d-126000": t1.at["D", "co2e_lb"],
        "fig5-nas-five-cars": propagate(lambda h, d: h / d, cells["H"], printed_claim("fig5-label-d-126000")),
        "fig5-transformer-big-626155": cells["H"],
        "fig5-label-b-11023": t1.at["B", "co2e_lb"],
        "fig5-familiar-a-to-d": int((t1["group"] == "everyday life").sum()),
        "fig5-lb-in-kg": KG_PER_LB,
        "patterson-nas-3-2-t": patterson["tco2e"],
        "patterson-strubell-284-t": strubell_t,
        "patterson-88x": propagate(lambda s, p: s / p, printed_claim("patterson-strubell-284-t"),
                                   printed_claim("patterson-nas-3-2-t")),
    }
    quantities = {
        "b_lb": t1.at["B", "co2e_lb"], "h_lb": cells["H"].value, "car_lb": printed_claim("fig5-label-d-126000").value,
        "nas_hours": nas["hours"], "nas_gpus": nas["n_accelerators"],
        "strubell_t": printed_claim("patterson-strubell-284-t").value,
        "patterson_t": printed_claim("patterson-nas-3-2-t").value,
        "unrounded_ratio": strubell_t / patterson["tco2e"], "g_lb": cells["G"].value,
        "patterson_lb": kg_to_lb(patterson["tco2e"] * 1000),
        "patterson_cars": kg_to_lb(patterson["tco2e"] * 1000) / printed_claim("fig5-label-d-126000").value,
        "round_trip_lb": kg_to_lb(source_fact("patterson2021_passenger_round_trip_t") * 1000),
        "c_item": t1.at["C", "item"], "c_lb": t1.at["C", "co2e_lb"],
    }
    return Recomputed(values, {}, quantities)


def comparison_rows(factors: energy.Factors) -> list[dict]:
    """Ledger rows for Table 1: E-H recomputed (`_intervals`), A-D quoted from other sources (not checkable)."""
    t1, cells = load_strubell_table1(), _intervals(factors)
    rows = []
    for label in ("A", "B", "C", "D", "E", "F", "G", "H"):
        quoted = label in "ABCD"
        rows.append(judge(
            f"strubell-t1-{label}", f"Table 1, {label}: {t1.at[label, 'item']}", f"{SOURCE}, Table 1",
            t1.at[label, "co2e_lb"], None if quoted else cells[label], "lb",
            sig_figs_of(t1.at[label, "co2e_lb_printed"]),
            reason="quoted by Strubell et al. from outside sources (Table 1 footnotes); nothing to recompute here"
            if quoted else ""))
    return rows


def nas_interval(factors: energy.Factors) -> dict:
    """H, the NAS run, with the PUE not known: notebook 08's estimator with the measured power and this run's grid,
    the PUE drawn from its sourced range (a data centre of any kind). CO2e (lb): central, low (5 %), high (95 %);
    the PUE range sampled (`pue_low`, `pue_high`)."""
    est = strubell_nas(EstimateParameters(), factors.g_per_kwh)["measured power, PUE sampled"]
    return {**{what: float(kg_to_lb(getattr(est, what)["CO2e"])) for what in ("central", "low", "high")},
            "pue_low": est.factors["pue"].low, "pue_high": est.factors["pue"].high}


def label_digits(table: pd.DataFrame) -> dict:
    """Significant figures of each row's number: as data/claims.csv states them for a figure label it judges (D's
    126,000 lb has 3), else every printed digit of Table 1; H* (Patterson et al.'s inputs) 2."""
    t1, claim_table = load_strubell_table1(), load_claims()
    digits = {"H*": 2}
    for label in table.index.drop("H*", errors="ignore"):
        stated = claim_table[claim_table.index.str.startswith(f"fig5-label-{label.lower()}-")]["sig_figs"].dropna()
        digits[label] = int(float(stated.iloc[0])) if len(stated) else sig_figs_of(t1.at[label, "co2e_lb_printed"])
    return digits


def value_labels(table: pd.DataFrame, unit: str, rows: list[dict], digits: dict) -> list[str]:
    """The number written beside each row, to its source's precision (`digits`): the published value where the
    row is quoted (A-D) or reproduces (its ledger row in `rows`, from `comparison_rows`, says "reproduced");
    otherwise the recomputed value, with the published one where Table 1 has one (H*, Patterson et al.'s
    re-estimate, is not a row of Table 1). A published pound value shown in kg is printed no more precisely than
    its pounds were (`intervals.converted_sig_figs`)."""
    verdicts = {row["claim_id"]: row["verdict"] for row in rows}
    published = table["co2e_lb_published"] if unit == "lb" else lb_to_kg(table["co2e_lb_published"])
    labels = []
    for label, value, printed, pounds in zip(table.index, table[f"co2e_{unit}"], published,
                                             table["co2e_lb_published"]):
        verdict = verdicts.get(f"strubell-t1-{label}")
        places = digits[label] if unit == "lb" or verdict is None else \
            converted_sig_figs(pounds, digits[label], KG_PER_LB)
        shown = plotting.number(printed, places)
        if verdict is None:
            labels.append(plotting.number(value, digits[label]))
        elif verdict in (REPRODUCED, NOT_CHECKABLE):
            labels.append(shown)
        else:
            labels.append(f"{plotting.number(value)} (published {shown})")
    return labels


GROUP_COLORS = {"everyday life": plotting.COLORS["context"], "training one model": plotting.COLORS["this run"],
                "re-estimate": plotting.COLORS["other source"]}


def _interval(ax, y: float, low: float, high: float):
    """H's interval with the PUE not known, under its bar or dot, on a white edge so that it shows against a bar."""
    centre, half = [(low + high) / 2], [[(high - low) / 2], [(high - low) / 2]]
    for color, width, zorder in (("white", 4.5, 4), (plotting.COLORS["this run"], 1.5, 5)):
        ax.errorbar(centre, [y - 0.42], xerr=half, fmt="none", ecolor=color, capsize=4, linewidth=width,
                    capthick=width, zorder=zorder)


@plotting.drawing
def figure_comparisons(table: pd.DataFrame, unit: str, rows: list[dict], digits: dict, nas: dict, assumed: dict):
    """Article Fig. 5: CO2e of everyday life (A-D) and of training NLP models (E-H, H*). Left, on a log axis, each
    value (published where it reproduces); right, on a linear axis, the same in car lifetimes (D = 1), where H's
    five cars show as five times D; under H, its 5-95 % interval with the PUE not known (`nas`, in lb)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT), sharey=True,
                                      gridspec_kw={"width_ratios": [1.25, 1]})
    column, scale = f"co2e_{unit}", 1.0 if unit == "lb" else KG_PER_LB
    low, high = nas["low"] * scale, nas["high"] * scale
    y = np.arange(len(table))[::-1]
    colors = [GROUP_COLORS[group] for group in table["group"]]
    h = y[list(table.index).index("H")]
    left.scatter(table[column], y, color=colors, s=50, zorder=3)  # dots: a bar's length means nothing on a log axis
    _interval(left, h, low, high)
    left.set_yticks(y, [textwrap.fill(f"{label}: {item}", 44) for label, item in table["item"].items()])
    plotting.log_axis(left, "x")
    plotting.decorate(left, xlabel=f"CO2e ({unit}, log scale)", xlim=(table[column].min() / 3,
                                                                      table[column].max() * 40), title="CO2e")
    car = table.at["D", column]
    cars = table[column] / car
    right.barh(y, cars, color=colors, height=0.55)
    _interval(right, h, low / car, high / car)
    for yi, value, label in zip(y, cars, table.index):
        text, end = plotting.number(value, min(digits[label], digits["D"])), value
        if label == "H":
            text, end = f"{text} at PUE {assumed['pue']:g}\nPUE unknown: {plotting.number(low / car, 2)}-" \
                        f"{plotting.number(high / car, 2)}", \
                max(value, high / car)
        plotting.value_label(right, text, (end, yi))
    right.axvline(1, color="0.3", linewidth=0.8, linestyle=":")
    plotting.plain_axis(right, "x")
    plotting.decorate(right, xlabel="car lifetimes (D = 1)", xlim=(0, max(cars.max(), high / car) * 2.5),
                      title="The same in car lifetimes")
    right.grid(axis="y", visible=False)
    plotting.title(fig, "Training NLP models against everyday CO2e" + assumed["title"])
    plotting.caption(fig, "Strubell, Ganesh & McCallum 2019, Table 1 (A-D quoted from their sources; E-H recomputed "
                          f"under {assumed['text']}, labelled with the published value where it reproduces); H*: "
                          "Patterson et al. 2021, Table 4 and App. D, recomputed",
                     "Grey: everyday life; blue: training; vermillion: Patterson et al.'s measurement",
                     f"H's dot and bar: this run's PUE {assumed['pue']:g}; the whisker under H: notebook 08's 5-95 % "
                     f"interval for H with the PUE not known (drawn from {nas['pue_low']:g} to {nas['pue_high']:g}), "
                     "at this run's grid and Strubell et al.'s measured power")
    plotting.place_labels(left, table[column], y, value_labels(table, unit, rows, digits))
    return fig


class Steps(steps.Steps):
    """Notebook 05's chain: the run's factors, Table 1 recomputed, its rows judged, the figure and the ledger."""

    NOTEBOOK = find("05")
    TABLES = ("comparisons",)

    @steps.step
    def factors(self) -> energy.Factors:
        """The run's PUE and grid factor: the scenario's, or the parameters' where given."""
        return energy.factors(self.params.scenario, self.params.pue, self.params.lbs_per_kwh)

    @steps.step
    def comparisons(self) -> pd.DataFrame:
        return comparisons(self.factors)

    @steps.step
    def table_rows(self) -> list[dict]:
        return comparison_rows(self.factors)

    @steps.step
    def recomputed(self) -> Recomputed:
        return recomputed(self.factors, self.comparisons)

    @steps.step
    def assumptions(self) -> dict:
        """This run's PUE and grid in words, for the figure."""
        return assumptions(self.factors)

    @steps.step
    def nas_interval(self) -> dict:
        """H with the PUE not known (notebook 08's estimator), for the figure."""
        return nas_interval(self.factors)

    @steps.figure("co2e-comparisons")
    def figure(self):
        return figure_comparisons(self.comparisons, self.params.unit, self.table_rows, label_digits(self.comparisons),
                                  self.nas_interval, self.assumptions)

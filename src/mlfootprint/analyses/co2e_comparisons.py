"""Notebook 05 (article Fig. 5): the CO2e comparisons of Strubell, Ganesh & McCallum 2019's Table 1 (a flight, a
life, a car against training runs), recomputed with any PUE and grid factor, beside Patterson et al. 2021's
measured re-estimate of the neural architecture search."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import energy, plotting, steps
from ..notebook_parameters import ComparisonsParameters as Parameters  # noqa: F401 (the notebook validates with it)
from ..catalogue import find
from ..claims import NOT_CHECKABLE, REPRODUCED, Recomputed, judge, printed_claim
from ..intervals import printed_cell, propagate, sig_figs_of
from ..loaders import (load_patterson_table4, load_scenarios, load_strubell_table1, load_strubell_table3,
                       load_strubell_table4, source_fact, strubell_fact)
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


def value_labels(table: pd.DataFrame, unit: str, rows: list[dict]) -> list[str]:
    """The number written beside each row: the published value where the row is quoted (A-D) or reproduces (its
    ledger row in `rows`, from `comparison_rows`, says "reproduced"); otherwise the recomputed value, with the
    published one where Table 1 has one (H*, Patterson et al.'s re-estimate, is not a row of Table 1)."""
    verdicts = {row["claim_id"]: row["verdict"] for row in rows}
    published = table["co2e_lb_published"] if unit == "lb" else lb_to_kg(table["co2e_lb_published"])
    labels = []
    for label, value, printed in zip(table.index, table[f"co2e_{unit}"], published):
        verdict = verdicts.get(f"strubell-t1-{label}")
        if verdict is None:
            labels.append(f"{value:,.0f}")
        elif verdict in (REPRODUCED, NOT_CHECKABLE):
            labels.append(f"{printed:,.0f}")
        else:
            labels.append(f"{value:,.0f} (published {printed:,.0f})")
    return labels


@plotting.drawing
def figure_comparisons(table: pd.DataFrame, unit: str, rows: list[dict]):
    """Article Fig. 5: CO2e of everyday life (A-D) and of training NLP models (E-H, H*). Left, on a log axis, each
    value (published where it reproduces); right, on a linear axis, the same in car lifetimes (D = 1), where H's
    five cars show as five times D."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, 5.2), sharey=True,
                                      gridspec_kw={"width_ratios": [1.15, 1]})
    column = f"co2e_{unit}"
    y = np.arange(len(table))[::-1]
    colors = ["0.55" if group == "everyday life" else ("C3" if group == "re-estimate" else "C0")
              for group in table["group"]]
    left.scatter(table[column], y, color=colors, s=45, zorder=3)  # dots: a bar's length means nothing on a log axis
    for yi, value, text in zip(y, table[column], value_labels(table, unit, rows)):
        left.annotate(text, (value, yi), xytext=(7, 0), textcoords="offset points", va="center", fontsize=8.5)
    left.set_yticks(y, [f"{label}: {item}" for label, item in table["item"].items()])
    plotting.decorate(left, xlabel=f"CO2e ({unit}, log scale)", xscale="log",
                      xlim=(table[column].min() / 3, table[column].max() * 15), title="CO2e of each")
    cars = table[column] / table.at["D", column]
    right.barh(y, cars, color=colors, height=0.65)
    for yi, value in zip(y, cars):
        right.annotate(f"{value:.3g}", (value, yi), xytext=(4, 0), textcoords="offset points", va="center",
                       fontsize=8.5)
    right.axvline(1, color="0.3", linewidth=0.8, linestyle=":")
    plotting.decorate(right, xlabel="car lifetimes (D = 1, linear scale)", xlim=(0, max(cars.max() * 1.15, 1.2)),
                      title="The same in car lifetimes")
    right.grid(axis="y", visible=False)
    fig.suptitle("Training NLP models against everyday CO2e (Strubell et al. 2019, Table 1)", fontweight="bold")
    plotting.caption(fig, "Data: Strubell, Ganesh & McCallum 2019, Table 1 (A-D quoted from their sources; E-H "
                          "recomputed with this run's PUE and grid factor, labelled with the published value where "
                          "it reproduces); H*: Patterson et al. 2021, Table 4 and App. D, recomputed. Grey: everyday "
                          "life; blue: training; orange: re-estimate.")
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

    @steps.figure("co2e-comparisons")
    def figure(self):
        return figure_comparisons(self.comparisons, self.params.unit, self.table_rows)

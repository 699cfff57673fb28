"""The article's analyses on today's data (issue #15): training compute from 1950 to the dataset's end with a fitted
breakpoint and a doubling time per era, frontier systems apart from all notable ones; parameter counts per domain;
and Strubell et al.'s table for today's training runs (energy, CO2e and cost through `mlfootprint.estimate`, beside
Epoch AI's own power column), the largest in car lifetimes.

Notebook: notebooks/09-the-trends-today.ipynb. Reads Epoch AI's Notable AI Models: the bundled 2024-12 snapshot
(data/epoch_notable_ai_models_2024-12.csv) or any download given as `dataset` (both of Epoch's schemas).
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import claims, estimate, grids, plotting, trends
from ..catalogue import LATEST, find
from ..catalogue import TrendsTodayParameters as Parameters
from ..checks import ParameterError
from ..claims import Recomputed
from ..loaders import (EPOCH_SNAPSHOT_FILE, car_lifetime_lb, dataset_credit, load_claims, load_epoch_models,
                       load_hardware, load_hardware_aliases, load_scenarios)
from ..parameters import BUNDLED
from ..units import kg_to_lb

NOTEBOOK = find("09")
AUTO = "auto"
SUBSETS = ("all notable", "frontier")
WINDOWS = {  # name: (first day, last day, the claim of data/claims.csv that states its published doubling time, by)
    "OpenAI's window, 2012-2018": ("2012-01-01", "2018-12-31", "aic-doubling-3-4", "OpenAI"),
    "Sevilla et al.'s window, 2010-2022": ("2010-01-01", "2022-12-31", "epoch-5-7-months", "Sevilla et al."),
}
DOMAINS = ("language", "vision")
DOMAIN_COLORS = {"language": "C0", "vision": "C2"}
SUBSET_COLORS = {"all notable": "C0", "frontier": "C1"}
ARTICLE_CARS_CLAIM = "fig5-nas-five-cars"
COUNTRY_CODES = {
    "United States of America": "USA",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "Korea (Republic of)": "KOR",
    "Iran (Islamic Republic of)": "IRN",
}
"""ISO 3166-1 alpha-3 codes of Epoch AI's country spellings that differ from CodeCarbon's country names (the others
match a name of CodeCarbon's data exactly)."""
NOT_A_COUNTRY = "Multinational"
"""Epoch AI's word for an organisation spread over several countries; the next country listed is used."""
LARGEST = 10
"""How many of the largest runs the figure shows."""


def credit(params: Parameters) -> str:
    """The dataset this run reads and its date, for captions and tables."""
    return dataset_credit(params.dataset)


def _path(params: Parameters):
    return EPOCH_SNAPSHOT_FILE if params.dataset == BUNDLED else params.dataset


def models(params: Parameters) -> pd.DataFrame:
    """Every dated system of the dataset with its fractional `year`, `in_window` (publication date within start and
    end) and `frontier` (False for every system when the file has no frontier column)."""
    table = load_epoch_models(_path(params))
    table = table[table["date"].notna()].copy()
    if "frontier" not in table:
        table["frontier"] = False
    table["year"] = trends.fractional_year(table["date"])
    table["in_window"] = (table["date"] >= pd.Timestamp(params.start)) & (table["date"] <= last_date(params, table))
    return table.sort_values("date", kind="stable").reset_index(drop=True)


def last_date(params: Parameters, table: pd.DataFrame) -> pd.Timestamp:
    """The end of the window: the dataset's latest publication date when end is 'latest'."""
    return table["date"].max() if params.end == LATEST else pd.Timestamp(params.end)


def subsets(table: pd.DataFrame) -> tuple[str, ...]:
    """The subsets fitted apart: all notable systems, and frontier ones when the dataset flags any (older downloads
    have no frontier column)."""
    return SUBSETS if table["frontier"].any() else SUBSETS[:1]


def _with_run(table: pd.DataFrame) -> pd.Series:
    """Whether each system has training hardware, hardware quantity and training time (False without the columns)."""
    if not all(column in table for column in RUN_NEEDS):
        return pd.Series(False, index=table.index)
    return table["hardware"].fillna("").ne("") & table["hardware_quantity"].notna() & table["hours"].notna()


def overview(table: pd.DataFrame) -> pd.DataFrame:
    """How many systems of the window carry each value the notebook uses."""
    inside = table[table["in_window"]]
    counts = {"systems published in the window": len(inside),
              "with training compute": int(inside["flop"].notna().sum()),
              "flagged frontier by Epoch AI": int(inside["frontier"].sum()),
              "with a parameter count": int(inside["parameters"].notna().sum())}
    counts["with training hardware, hardware quantity and training time"] = int(_with_run(inside).sum())
    first, last = inside["date"].min(), inside["date"].max()
    return pd.DataFrame({"systems": counts}).rename_axis(f"published {first:%Y-%m-%d} to {last:%Y-%m-%d}")


def _summary(years, values, params: Parameters, what: str) -> dict:
    """trends.trend_summary, or a row of its n and NaN where the points cannot carry a trend."""
    years, values = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    if len(years) < trends.MIN_POINTS or np.ptp(years) == 0:
        return {"n": len(years)}
    return trends.trend_summary(years, values, params.n_bootstrap, params.seed, what=what)


# --- 1. Training compute -----------------------------------------------------------------------------------------

def compute_points(table: pd.DataFrame) -> pd.DataFrame:
    """Systems in the window with a training compute value (FLOP)."""
    return table[table["in_window"] & table["flop"].notna()]


def eras(params: Parameters, table: pd.DataFrame) -> dict:
    """The breakpoint fitted to all notable systems in the window (with its bootstrap interval) and, split at the
    boundary in use (`era_boundary`, or the fitted breakpoint when 'auto'), each era's trend for all notable systems
    and for frontier systems alone (when the dataset flags them)."""
    points = compute_points(table)
    years, flop = points["year"].to_numpy(), points["flop"].to_numpy()
    fitted = trends.breakpoint_fit(years, flop, what="systems with a compute value in the window")
    samples = trends.bootstrap_breakpoints(years, flop, params.n_bootstrap, params.seed,
                                           what="systems with a compute value in the window")
    low, high = trends.interval(samples)
    boundary = (fitted["breakpoint"] if params.era_boundary == AUTO
                else float(trends.fractional_year([params.era_boundary])[0]))
    rows = {}
    for subset in subsets(table):
        chosen = points if subset == "all notable" else points[points["frontier"]]
        for era, mask in (("first era", chosen["year"] < boundary), ("modern era", chosen["year"] >= boundary)):
            part = chosen[mask]
            rows[f"{subset}, {era}"] = {"subset": subset, "period": era, **_summary(
                part["year"], part["flop"], params, f"{subset} systems, {era}")}
            if len(part):
                rows[f"{subset}, {era}"]["period"] = f"{era}, {int(part['year'].min())}-{int(part['year'].max())}"
    return {"boundary": boundary, "breakpoint": {"fitted": fitted["breakpoint"], "last_before": fitted["last_before"],
                                                 "low": low, "high": high, "resamples": len(samples)},
            "trends": pd.DataFrame(rows.values(), index=pd.Index(rows, name="fit"))}


def breakpoint_table(result: dict, params: Parameters) -> pd.DataFrame:
    """The fitted breakpoint, its 95 % bootstrap interval and the boundary used (fractional years)."""
    bp = result["breakpoint"]
    chosen = "the fitted breakpoint" if params.era_boundary == AUTO else params.era_boundary
    rows = {"fitted: first system of the modern era": bp["fitted"],
            "fitted: last system of the first era": bp["last_before"],
            "bootstrap interval, low (2.5 %)": bp["low"], "bootstrap interval, high (97.5 %)": bp["high"],
            f"boundary used for the era fits ({chosen})": result["boundary"]}
    return pd.DataFrame({"year": rows}).rename_axis("breakpoint")


def doubling_table(params: Parameters, table: pd.DataFrame, result: dict) -> pd.DataFrame:
    """Doubling time (months, 95 % bootstrap interval) of every era fit, then of all notable and frontier systems in
    the windows of the published estimates, beside them: OpenAI's 3.4 months (2012-2018) and Sevilla et al.'s
    5.7 months (2010-2022), read from data/claims.csv. The published windows stay fixed whatever start and end."""
    claim_table = load_claims()
    rows = result["trends"].assign(published_months=np.nan, published_by="")
    dated = table[table["flop"].notna()]
    extra = {}
    for window, (first, last, claim_id, _) in WINDOWS.items():
        inside = dated[(dated["date"] >= first) & (dated["date"] <= last)]
        for subset in subsets(table):
            part = inside if subset == "all notable" else inside[inside["frontier"]]
            extra[f"{subset}, {window}"] = {
                "subset": subset, "period": window,
                **_summary(part["year"], part["flop"], params, f"{subset} systems, {window}"),
                "published_months": claim_table.at[claim_id, "published_value"],
                "published_by": claim_table.at[claim_id, "source"]}
    rows = pd.concat([rows, pd.DataFrame(extra.values(), index=pd.Index(extra, name="fit"))])
    columns = ["subset", "period", "n", "from", "to", "doubling_months", "doubling_months_low",
               "doubling_months_high", "r2", "published_months", "published_by"]
    return rows.reindex(columns=columns)


def figure_compute(params: Parameters, table: pd.DataFrame, result: dict):
    """Training compute (FLOP, log scale) of every notable system in the window, frontier systems marked, with the
    fitted trend of each era and the breakpoint's interval shaded."""
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(9, 5.5))
    points = compute_points(table)
    others = "other notable systems" if points["frontier"].any() else "notable systems"
    ax.scatter(points.loc[~points["frontier"], "year"], points.loc[~points["frontier"], "flop"], s=12, color="0.6",
               alpha=0.7, label=f"{others} (n={len(points) - int(points['frontier'].sum())})", zorder=2)
    if points["frontier"].any():
        ax.scatter(points.loc[points["frontier"], "year"], points.loc[points["frontier"], "flop"], s=18,
                   color=SUBSET_COLORS["frontier"], label=f"frontier systems (n={int(points['frontier'].sum())})",
                   zorder=3)
    bp = result["breakpoint"]
    ax.axvspan(bp["low"], bp["high"], color="0.85", alpha=0.6, zorder=1,
               label=f"fitted breakpoint {bp['fitted']:.1f}, 95 % interval {bp['low']:.1f}-{bp['high']:.1f}")
    ax.axvline(bp["fitted"], color="0.4", linestyle=":", linewidth=1, zorder=1)
    for fit, row in result["trends"].dropna(subset=["slope_oom_per_year"]).iterrows():
        ax.plot(*trends.curve(row),
                color=SUBSET_COLORS[row["subset"]], linestyle="-" if row["period"].startswith("modern era") else "--",
                label=f"{row['subset']}, {row['period']}: doubling every {row['doubling_months']:.1f} months "
                      f"[{row['doubling_months_low']:.1f}-{row['doubling_months_high']:.1f}]", zorder=4)
    ax.set_yscale("log")
    ax.set_xlabel("publication date (year)")
    ax.set_ylabel("training compute (FLOP)")
    ax.legend(loc="upper left")
    ax.set_title("Training compute of notable AI systems, with a fitted breakpoint")
    plotting.caption(fig, f"Source: {credit(params)}. Lines: least squares of log10(FLOP) on the date, per era; "
                          f"[intervals]: 95 % bootstrap over systems. Code: "
                          f"mlfootprint.analyses.the_trends_today.figure_compute")
    return fig


def published_estimates() -> str:
    """The published doubling times of WINDOWS in words, e.g. "OpenAI's 3.4 months (2012-2018) and ..."."""
    claim_table = load_claims()
    return " and ".join(f"{by}'s {claim_table.at[claim_id, 'published_value']:g} months ({first[:4]}-{last[:4]})"
                        for first, last, claim_id, by in WINDOWS.values())


def _plain_log_ticks(axis, ticks) -> None:
    """Ticks of a log axis at `ticks`, labelled as plain numbers (5, 10, 20, not 10^1)."""
    from matplotlib.ticker import FixedLocator, NullLocator

    axis.set_major_locator(FixedLocator(ticks))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(lambda value, _: f"{value:,g}")


def figure_doubling(params: Parameters, doubling: pd.DataFrame):
    """Every doubling time of the table with its interval (months, log scale), the published ones beside them."""
    plotting.use_style()
    shown = doubling[np.isfinite(doubling["doubling_months"]) & (doubling["doubling_months"] > 0)]
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.45 * max(len(shown), 1)))
    finite = shown[["doubling_months_low", "doubling_months", "doubling_months_high", "published_months"]]
    finite = finite[np.isfinite(finite)]
    low, high = np.nanmin(finite.to_numpy(), initial=3.0), np.nanmax(finite.to_numpy(), initial=30.0)
    low, high = low / 1.25, high * 1.25
    y = np.arange(len(shown))[::-1]
    for yi, (_, row) in zip(y, shown.iterrows()):
        color = SUBSET_COLORS[row["subset"]]
        right = min(row["doubling_months_high"], high)  # an interval with no upper bound ends at the edge
        ax.errorbar(row["doubling_months"], yi, xerr=[[row["doubling_months"] - row["doubling_months_low"]],
                                                      [right - row["doubling_months"]]],
                    fmt="o", color=color, capsize=3, zorder=3)
        ax.annotate(f"{row['doubling_months']:.1f}", (row["doubling_months"], yi), xytext=(0, 6),
                    textcoords="offset points", ha="center", fontsize=7, color=color)
        if pd.notna(row["published_months"]):
            ax.scatter(row["published_months"], yi, marker="D", s=36, facecolors="none", edgecolors="k", zorder=4)
            ax.annotate(f"published {row['published_months']:g}", (row["published_months"], yi), xytext=(0, -12),
                        textcoords="offset points", ha="center", fontsize=7)
    ax.set_yticks(y, [f"{row['subset']}: {row['period']} (n={row['n']:.0f})" for _, row in shown.iterrows()])
    ax.set_ylim(-0.8, len(shown) - 0.4)
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    _plain_log_ticks(ax.xaxis, [t for t in (1, 2, 3, 5, 10, 20, 30, 50, 100, 200) if low <= t <= high])
    ax.set_xlabel("doubling time of training compute (months)")
    ax.set_title("Doubling time of training compute, fitted and published")
    plotting.caption(fig, f"Source: {credit(params)}. Dots: fitted doubling time with its 95 % bootstrap interval "
                          f"(blue: all notable systems, red: frontier systems; an interval reaching the right edge "
                          f"has no upper bound); diamonds: {published_estimates()}, from data/claims.csv. Code: "
                          f"mlfootprint.analyses.the_trends_today.figure_doubling")
    return fig


# --- 2. Parameter counts ----------------------------------------------------------------------------------------

def _listed(domains: pd.Series, domain: str, alone: bool) -> pd.Series:
    """Whether `domain` is among Epoch's comma-separated domains of each row (alone: the only one)."""
    tokens = domains.fillna("").str.lower().str.split(",").map(lambda names: [n.strip() for n in names if n.strip()])
    return tokens.map(lambda names: names == [domain] if alone else domain in names).astype(bool)


def size_models(params: Parameters, table: pd.DataFrame) -> pd.DataFrame:
    """Language and vision models with a parameter count, published between size_start and the end: one row per
    domain a model lists (a multimodal model listing both counts in each), `alone` True where it lists no other."""
    inside = table[(table["date"] >= pd.Timestamp(params.size_start)) & (table["date"] <= last_date(params, table))
                   & table["parameters"].notna()]
    parts = [inside[_listed(inside["domain"], d, False)].assign(
        size_domain=d, alone=lambda part, d=d: _listed(part["domain"], d, True)) for d in DOMAINS]
    return pd.concat(parts, ignore_index=True)[["system", "date", "year", "size_domain", "alone", "parameters",
                                                "frontier"]]


def parameter_trends(params: Parameters, sized: pd.DataFrame) -> pd.DataFrame:
    """Doubling time of parameter counts per domain, with 95 % bootstrap intervals: every model listing the domain,
    and those listing it alone."""
    rows = {}
    for domain in DOMAINS:
        for rule, part in (("listing it", sized[sized["size_domain"] == domain]),
                           ("listing it alone", sized[(sized["size_domain"] == domain) & sized["alone"]])):
            rows[f"{domain}, models {rule}"] = {"domain": domain, "models": rule, **_summary(
                part["year"], part["parameters"], params, f"{domain} models {rule}")}
    columns = ["domain", "models", "n", "from", "to", "doubling_months", "doubling_months_low", "doubling_months_high",
               "factor_per_year", "r2", "slope_oom_per_year", "intercept"]
    return pd.DataFrame(rows.values(), index=pd.Index(rows, name="fit")).reindex(columns=columns)


def figure_parameters(params: Parameters, sized: pd.DataFrame, fitted: pd.DataFrame):
    """Parameter counts of language and vision models (log scale) with each domain's trend."""
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for domain in DOMAINS:
        part = sized[sized["size_domain"] == domain]
        color = DOMAIN_COLORS[domain]
        ax.scatter(part["year"], part["parameters"], s=14, color=color, alpha=0.6, label=f"{domain} models",
                   zorder=3)
        row = fitted.loc[f"{domain}, models listing it"]
        if pd.notna(row["slope_oom_per_year"]):
            ax.plot(*trends.curve(row), color=color,
                    label=f"{domain} trend (n={row['n']:.0f}): doubling every {row['doubling_months']:.1f} months "
                          f"[{row['doubling_months_low']:.1f}-{row['doubling_months_high']:.1f}]", zorder=4)
    ax.set_yscale("log")
    ax.set_xlabel("publication date (year)")
    ax.set_ylabel("parameters")
    ax.legend(loc="upper left")
    ax.set_title("Parameter counts of language and vision models")
    plotting.caption(fig, f"Source: {credit(params)}. A model listing both domains counts in each. Lines: least "
                          f"squares of log10(parameters) on the date; [intervals]: 95 % bootstrap over models. Code: "
                          f"mlfootprint.analyses.the_trends_today.figure_parameters")
    return fig


# --- 3. Strubell et al.'s table for today's runs ------------------------------------------------------------------

def _country_codes() -> dict[str, str]:
    return {**{g.name: code for code, g in grids.countries().items()}, **COUNTRY_CODES}


def first_country(countries) -> str | None:
    """The ISO 3166-1 alpha-3 code of the first country Epoch lists for a run's organisations ("Multinational"
    skipped): Epoch lists them in the order of the organisations, and gives no training location. None when there
    is none, or when its spelling is in neither CodeCarbon's names nor COUNTRY_CODES."""
    names = [n.strip() for n in ("" if pd.isna(countries) else str(countries)).split(",")]
    names = [n for n in names if n and n != NOT_A_COUNTRY]
    return _country_codes().get(names[0]) if names else None


def run_grid(params: Parameters, countries) -> tuple[dict, str]:
    """The estimator's grid options for one run and the grid in words."""
    if params.grid == "world":
        return {}, "world (drawn)"
    if params.grid != "country":
        return {"scenario": params.grid}, f"scenario {params.grid}"
    code = first_country(countries)
    if code is None:
        return {}, "world (no country)"
    grid = grids.country(code)
    return {"country": code}, f"{code} ({grid.year})"


def grid_assumption(params: Parameters) -> str:
    """The grid and PUE of the runs' estimates, in words (for the caption and the notebook)."""
    pue = default_pue_text()
    if params.grid == "country":
        return (f"grid of each organisation's country (the first Epoch lists; Epoch gives no training location), "
                f"lifecycle CO2e per kWh from Ember via CodeCarbon {grids.codecarbon_version()}, the world's grids "
                f"weighted by generation where no country is given; {pue}")
    if params.grid == "world":
        return (f"grid drawn over the world's national grids weighted by generation (CodeCarbon "
                f"{grids.codecarbon_version()}); {pue}")
    row = load_scenarios().loc[params.grid]
    return (f"scenario {params.grid}: {row['description']}, PUE {row['pue']:g} ({row['pue_year']}), grid "
            f"{row['g_per_kwh']:.4g} g CO2e/kWh")


def default_pue_text() -> str:
    """The PUE a run gets when no scenario gives one: the estimator's default range, in words."""
    factor = estimate.default_factor("pue", "pue", estimate.DEFAULT_DATACENTRE)
    return f"PUE drawn over {factor.low:g}-{factor.high:g} (central {factor.central:g}, a data centre of any kind)"


RUN_COLUMNS = ["system", "date", "organization", "frontier", "confidence", "base_model", "epoch_hardware", "hardware",
               "chips", "hours", "board_power_w", "grid", "grid_g_per_kwh", "energy_mwh", "energy_mwh_low",
               "energy_mwh_high", "co2e_t", "co2e_t_low", "co2e_t_high", "cars", "cars_low", "cars_high",
               "electricity_usd", "electricity_usd_low", "electricity_usd_high", "epoch_power_mw",
               "epoch_energy_mwh", "epoch_over_board_power", "epoch_over_estimate", "epoch_cars",
               "epoch_compute_cost_usd_2023", "status"]
RUN_NEEDS = ("hardware", "hardware_quantity", "hours")


def runs(params: Parameters, table: pd.DataFrame) -> pd.DataFrame:
    """Every system in the window with training hardware, hardware quantity and training time: energy (MWh), CO2e
    (t), car lifetimes and electricity cost (USD), each central with its 5-95 % interval, from one estimate per run
    (`estimate.estimate_run`, its default 10,000 samples, seed `seed`); beside them Epoch AI's "Training power draw
    (W)" x hours where given on a run of one kind of chip, its ratio to chips x board power and to the estimate, and
    Epoch's compute cost. `status` says why a run is not estimated. Sorted by CO2e, largest first."""
    chosen = table[table["in_window"] & _with_run(table)]
    if chosen.empty:
        return pd.DataFrame(columns=RUN_COLUMNS)
    aliases, hardware = load_hardware_aliases()["name"], load_hardware()
    car_lb = car_lifetime_lb()
    rows = []
    for _, model in chosen.iterrows():
        name = aliases.get(model["hardware"], "")
        row = {"system": model["system"], "date": model["date"], "organization": model.get("organization", ""),
               "frontier": model["frontier"], "confidence": model.get("confidence", ""),
               "base_model": model.get("base_model", ""), "epoch_hardware": model["hardware"], "hardware": name,
               "chips": int(round(model["hardware_quantity"])), "hours": model["hours"], "status": "estimated"}
        if not name:
            row["status"] = "hardware not in data/hardware_aliases.csv"
        elif pd.isna(hardware.at[name, "board_power_w"]):
            row["status"] = f"no published board power for {name}"
        if row["status"] != "estimated":
            rows.append(row)
            continue
        options, row["grid"] = run_grid(params, model.get("country"))
        try:
            est = estimate.estimate_run(name, row["chips"], row["hours"], seed=params.seed, **options)
        except ParameterError as error:  # a download's row outside the estimator's bounds (e.g. 0 chips)
            rows.append({**row, "status": f"not estimated: {error}"})
            continue
        row["board_power_w"] = est.run.board_power_w
        row["grid_g_per_kwh"] = est.factors["grid"].central
        for end, values in (("", est.central), ("_low", est.low), ("_high", est.high)):
            row[f"energy_mwh{end}"] = values["energy"] / 1000
            row[f"co2e_t{end}"] = values["CO2e"] / 1000
            row[f"cars{end}"] = kg_to_lb(values["CO2e"]) / car_lb
            row[f"electricity_usd{end}"] = values["cost"]
        power = model.get("power_w", np.nan)
        if pd.notna(power) and "," not in model["hardware"]:  # two kinds of chip: Epoch's power is not per chip
            row["epoch_power_mw"] = power / 1e6
            row["epoch_energy_mwh"] = power * row["hours"] / 1e6
            row["epoch_over_board_power"] = power / (row["chips"] * row["board_power_w"])
            row["epoch_over_estimate"] = row["epoch_energy_mwh"] / row["energy_mwh"]
            row["epoch_cars"] = kg_to_lb(row["epoch_energy_mwh"] * row["grid_g_per_kwh"]) / car_lb
        row["epoch_compute_cost_usd_2023"] = model.get("cost_usd_2023", np.nan)
        rows.append(row)
    result = pd.DataFrame(rows).reindex(columns=RUN_COLUMNS)
    result = result.sort_values(["co2e_t", "date"], ascending=[False, True], na_position="last", kind="stable")
    return result.reset_index(drop=True)


SHOWN_DIGITS = 3
"""Significant figures of the runs' tables as shown: the estimates' intervals span tens of per cent."""


def _significant(table: pd.DataFrame, columns, digits: int = SHOWN_DIGITS) -> pd.DataFrame:
    shown = table.copy()
    for column in columns:
        shown[column] = [float(f"{v:.{digits}g}") if pd.notna(v) else np.nan for v in shown[column]]
    return shown


def strubell_table(table: pd.DataFrame) -> pd.DataFrame:
    """Runs as Strubell et al.'s Table 3 lists them, by system: hardware, hours, energy (MWh), CO2e (t) and cost
    (million USD: electricity here, Epoch AI's compute cost beside it), estimates to three significant figures."""
    shown = table.assign(electricity_musd=table["electricity_usd"] / 1e6,
                         epoch_compute_cost_musd_2023=table["epoch_compute_cost_usd_2023"] / 1e6)
    values = ["energy_mwh", "energy_mwh_low", "energy_mwh_high", "co2e_t", "co2e_t_low", "co2e_t_high",
              "electricity_musd", "epoch_compute_cost_musd_2023"]
    return _significant(shown[["system", "hardware", "chips", "hours", "grid"] + values], values).set_index("system")


def epoch_table(table: pd.DataFrame) -> pd.DataFrame:
    """Runs with Epoch AI's power, by system: the power (MW), its ratio to chips x board power, and its energy
    (power x hours, MWh) beside the estimate's, to three significant figures."""
    values = ["epoch_power_mw", "epoch_over_board_power", "energy_mwh", "energy_mwh_low", "energy_mwh_high",
              "epoch_energy_mwh", "epoch_over_estimate"]
    return _significant(table[["system", "hardware", "chips", "board_power_w"] + values], values).set_index("system")


def largest(table: pd.DataFrame, n: int = LARGEST) -> pd.DataFrame:
    """The `n` estimated runs of largest central CO2e."""
    return table[table["status"] == "estimated"].head(n)


def epoch_power_check(table: pd.DataFrame) -> pd.DataFrame:
    """Epoch's training power draw over chips x board power, per accelerator: runs, median, lowest and highest."""
    given = table.dropna(subset=["epoch_over_board_power"])
    summary = given.groupby("hardware")["epoch_over_board_power"].agg(["count", "median", "min", "max"])
    if len(given):
        summary.loc["all"] = [len(given), given["epoch_over_board_power"].median(),
                              given["epoch_over_board_power"].min(), given["epoch_over_board_power"].max()]
    return summary.rename(columns={"count": "runs"}).rename_axis("accelerator")


def run_label(row: pd.Series) -> str:
    """A run for a figure's axis: name, then chips x accelerator, hours and grid."""
    tuned = f", fine-tune of {row['base_model']}" if isinstance(row["base_model"], str) and row["base_model"] else ""
    return f"{row['system']}{tuned}\n{row['chips']:,} x {row['hardware']}, {row['hours']:,.0f} h, {row['grid']}"


def figure_cars(params: Parameters, top: pd.DataFrame):
    """The largest runs' CO2e in car lifetimes (log scale): the estimate with its 5-95 % interval, Epoch's power x
    hours under the same grid, and the article's five cars."""
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.55 * max(len(top), 1)))
    plotting.caption(fig, f"Runs: {credit(params)}. Estimate: mlfootprint.estimate (board power from "
                          f"data/hardware.csv, power fraction and server overhead drawn from data/factors.csv); "
                          f"{grid_assumption(params)}. Car: Strubell et al. 2019, Table 1. Code: "
                          f"mlfootprint.analyses.the_trends_today.figure_cars")
    if not len(top):
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No run in this dataset has training hardware, hardware quantity and training time",
                transform=ax.transAxes, ha="center", va="center")
        return fig
    y = np.arange(len(top))[::-1]
    ax.errorbar(top["cars"], y, xerr=[top["cars"] - top["cars_low"], top["cars_high"] - top["cars"]], fmt="o",
                color="C0", capsize=3, zorder=3, label="estimate (central, 5-95 % interval)")
    ax.scatter(top["epoch_cars"], y, marker="x", color="C1", zorder=4,
               label="Epoch AI's training power x hours, same grid")
    for yi, (_, row) in zip(y, top.iterrows()):
        ax.annotate(f"{row['cars']:,.0f}", (row["cars"], yi), xytext=(0, 6), textcoords="offset points",
                    ha="center", fontsize=7, color="C0")
    cars = load_claims().at[ARTICLE_CARS_CLAIM, "published_value"]
    ax.axvline(cars, color="k", linestyle=":", linewidth=1,
               label=f"the article's {cars:g} cars (Strubell et al.'s 2019 architecture search)")
    ax.set_yticks(y, [run_label(row) for _, row in top.iterrows()], fontsize=7)
    ax.set_xscale("log")
    low, high = min(top["cars_low"].min(), cars), max(top["cars_high"].max(), top["epoch_cars"].max())
    ax.set_xlim(low / 1.3, high * 1.3)
    _plain_log_ticks(ax.xaxis, [t for t in (0.01, 0.1, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
                                if low / 1.3 <= t <= high * 1.3])
    ax.set_xlabel(f"CO2e in car lifetimes ({car_lifetime_lb():,.0f} lb each, fuel included)")
    ax.legend(loc="upper left", bbox_to_anchor=(0.08, 1.0))
    ax.set_title(f"Today's {len(top)} largest training runs in car lifetimes")
    return fig


# --- 4. Does it reproduce? --------------------------------------------------------------------------------------

def _months(key: str, row: pd.Series, quantities: dict) -> str:
    """A doubling time for an explanation: a template piece (months with its interval, open-ended where the slope
    may be zero, and n) whose numbers are put in `quantities` under names starting with `key`."""
    quantities[f"{key}_n"] = float(row["n"])
    if not row["doubling_months"] > 0:
        return f"no doubling, the fitted trend falls (n={{{key}_n:.0f}})"
    quantities[f"{key}_months"] = float(row["doubling_months"])
    quantities[f"{key}_low"] = float(row["doubling_months_low"])
    high = "no upper bound"
    if np.isfinite(row["doubling_months_high"]):
        quantities[f"{key}_high"] = float(row["doubling_months_high"])
        high = f"{{{key}_high:.1f}}"
    return f"{{{key}_months:.1f}} months [{{{key}_low:.1f}}-{high}], n={{{key}_n:.0f}}"


def _value(table: pd.DataFrame, fit: str, column: str = "doubling_months"):
    if fit not in table.index or pd.isna(table.at[fit, column]):
        return None
    return float(table.at[fit, column])


def recomputed(params: Parameters, doubling: pd.DataFrame, fitted: pd.DataFrame, table: pd.DataFrame
               ) -> Recomputed:
    """The recomputed values of notebook 09's claims (data/claims.csv, level "extension": the article's numbers on
    data published after it) and the explanation of each, a template filled from this run's quantities."""
    openai, sevilla = WINDOWS
    modern = "all notable, modern era"
    values = {
        "today-aic-3-4-2012-2018": _value(doubling, f"all notable, {openai}"),
        "today-aic-3-4-modern": _value(doubling, modern),
        "today-sevilla-5-7": _value(doubling, f"all notable, {sevilla}"),
        "today-size-language-3-4": _value(fitted, "language, models listing it"),
        "today-size-vision-3-4": _value(fitted, "vision, models listing it"),
        "today-five-cars": None,
    }
    reasons = {claim_id: "too few systems with a date and a value in this dataset"
               for claim_id, value in values.items() if value is None}
    quantities: dict = {}
    if values["today-aic-3-4-2012-2018"] is not None:
        front = (f"; frontier systems alone: {_months('frontier', doubling.loc[f'frontier, {openai}'], quantities)}"
                 if _value(doubling, f"frontier, {openai}") else "")
        reasons["today-aic-3-4-2012-2018"] = (
            f"all notable systems of 2012-2018: {_months('notable', doubling.loc[f'all notable, {openai}'], quantities)}"
            f"{front}; OpenAI fitted its own hand-picked landmark systems")
    if values["today-aic-3-4-modern"] is not None:
        row = doubling.loc[modern]
        quantities.update(modern_from=float(row["from"]), modern_to=float(row["to"]))
        reasons["today-aic-3-4-modern"] = (
            f"all notable systems from the {'fitted breakpoint' if params.era_boundary == AUTO else 'boundary'} "
            f"({{modern_from:.1f}}) to {{modern_to:.1f}}: {_months('modern', row, quantities)}")
    if values["today-sevilla-5-7"] is not None:
        quantities["sevilla_n"] = float(doubling.at[f"all notable, {sevilla}", "n"])
        reasons["today-sevilla-5-7"] = ("all {sevilla_n:.0f} notable systems of 2010-2022 in this dataset; Sevilla et "
                                        "al. fitted the regular-scale systems of a 2022 snapshot")
    for domain in DOMAINS:
        fit = f"{domain}, models listing it"
        if values[f"today-size-{domain}-3-4"] is not None:
            alone = fitted.loc[f"{domain}, models listing it alone"]
            only = (f"; those listing {domain} alone: {_months(domain + '_alone', alone, quantities)}"
                    if pd.notna(alone["doubling_months"]) else "")
            reasons[f"today-size-{domain}-3-4"] = (f"{domain} models from {params.size_start[:4]}: "
                                                   f"{_months(domain, fitted.loc[fit], quantities)}{only}")
    top = largest(table, 1)
    if len(top):
        row = top.iloc[0]
        values["today-five-cars"] = float(row["cars"])
        quantities.update(largest_system=row["system"], largest_chips=float(row["chips"]),
                          largest_hardware=row["hardware"], largest_hours=float(row["hours"]),
                          largest_grid=str(row["grid"]), largest_cars_low=float(row["cars_low"]),
                          largest_cars_high=float(row["cars_high"]))
        reasons["today-five-cars"] = (
            "the largest run, {largest_system} ({largest_chips:,.0f} x {largest_hardware} for {largest_hours:,.0f} h, "
            "grid {largest_grid}), is {recomputed:,.0f} car lifetimes [{largest_cars_low:,.0f}-"
            "{largest_cars_high:,.0f}]; the five cars were an architecture search of 2019 on eight GPUs")
    else:
        reasons["today-five-cars"] = "no run in this dataset has training hardware, hardware quantity and training time"
    return Recomputed(values, reasons, quantities)


def ledger(params: Parameters) -> pd.DataFrame:
    """The notebook's "Does it reproduce?" ledger for `params`, computed in one call (as the notebook does step by
    step): for the Python API and the tests."""
    table = models(params)
    sized = size_models(params, table)
    return claims.ledger(NOTEBOOK, recomputed(params, doubling_table(params, table, eras(params, table)),
                                              parameter_trends(params, sized), runs(params, table)))


def figures(params: Parameters):
    """Every figure of the notebook for `params`, as (stem, figure) in the order the notebook saves them, computed in
    one call: for the Python API and the tests."""
    table = models(params)
    result = eras(params, table)
    yield "trends-today-compute", figure_compute(params, table, result)
    yield "trends-today-doubling", figure_doubling(params, doubling_table(params, table, result))
    sized = size_models(params, table)
    yield "trends-today-parameters", figure_parameters(params, sized, parameter_trends(params, sized))
    yield "trends-today-cars", figure_cars(params, largest(runs(params, table)))

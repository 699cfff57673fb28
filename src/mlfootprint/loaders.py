"""Loaders for the files in data/: one loader per file, each checking its schema (see mlfootprint.schema) and
returning a copy of a cached table, so callers cannot change what the next caller reads."""

import math
from functools import cache
from pathlib import Path

import pandas as pd

from .checks import DataError, choice
from .parameters import BUNDLED
from .paths import data_file, shown
from .schema import Column, header, read_table
from .units import FLOP_PER_PFS_DAY, GRID_UNITS_G_PER_KWH, g_per_kwh_to_lb_per_kwh

HARDWARE_FILE = data_file("hardware.csv")
FACTOR_KINDS = ("gpu", "tpu")
HARDWARE_COLUMNS = [
    Column("name"),
    Column("description"),
    Column("factor_kind"),
    Column("peak_flop_per_s", "float", positive=True),
    Column("precision"),
    Column("board_power_w", "float", required=False, positive=True),
    Column("peak_source"),
    Column("power_source", required=False),
]


@cache
def _hardware(path: Path) -> pd.DataFrame:
    table = read_table(path, HARDWARE_COLUMNS, key="name")
    _check_values(table, "factor_kind", FACTOR_KINDS, path)
    lower = table["name"].str.casefold()
    if lower.duplicated().any():
        line = int(table.index[lower.duplicated()][0]) + 2
        raise DataError(f"{shown(path)}, line {line}, column 'name': {table['name'][line - 2]!r} differs from an "
                        f"earlier name only by case (names are matched whatever their case)")
    return table.set_index("name")


def _check_values(table: pd.DataFrame, column: str, allowed, path) -> None:
    """DataError naming the first row whose `column` is not one of `allowed` (file, line, column)."""
    bad = ~table[column].isin(list(allowed))
    if bad.any():
        line = int(table.index[bad][0]) + 2
        raise DataError(f"{shown(path)}, line {line}, column '{column}': expected one of {', '.join(allowed)}, "
                        f"got {table[column][bad].iloc[0]!r}")


def load_hardware(path: Path = HARDWARE_FILE) -> pd.DataFrame:
    """GPUs and TPUs named by the sources: peak FLOP/s, board power (W; missing where none is published) and which
    default factors of data/factors.csv apply (`factor_kind`: gpu or tpu), indexed by name."""
    return _hardware(Path(path)).copy()


def hardware(name: str, parameter: str = "gpu") -> pd.Series:
    """One row of the hardware file; a ParameterError lists the known names when `name` is not one."""
    table = _hardware(HARDWARE_FILE)
    choice(parameter, name, table.index)
    return table.loc[name]


CLAIMS_FILE = data_file("claims.csv")
ARTICLE_STATEMENTS_FILE = data_file("article_statements.csv")
CLAIMS_COLUMNS = [
    Column("claim_id"),
    Column("notebook"),
    Column("level"),
    Column("kind"),
    Column("claim"),
    Column("published_value", "float", required=False, positive=True),
    Column("unit", required=False),
    Column("sig_figs", required=False),
    Column("sided", required=False),
    Column("article_says", required=False),
    Column("source_says", required=False),
    Column("source"),
    Column("known_reason", required=False),
]
CLAIM_LEVELS, CLAIM_KINDS = ("article", "source", "extension"), ("number", "text")
CLAIM_SIDES, MAGNITUDE = ("two-sided", "at-least", "at-most"), "magnitude"


def _claim_error(path: Path, table: pd.DataFrame, claim_id: str, column: str, expected: str) -> DataError:
    line = list(table.index).index(claim_id) + 2
    return DataError(f"{shown(path)}, line {line}, column '{column}': expected {expected}, got "
                     f"{str(table.at[claim_id, column])!r} (claim {claim_id})")


def _check_claims(path: Path, table: pd.DataFrame) -> pd.DataFrame:
    """Each claim is about the article or a source; a number has a published value with its significant figures
    (a whole number, or "magnitude") and a side; a wording has the article's and the source's terms."""
    sig_figs = []
    for claim_id, row in table.iterrows():
        for column, allowed in (("level", CLAIM_LEVELS), ("kind", CLAIM_KINDS)):
            if row[column] not in allowed:
                raise _claim_error(path, table, claim_id, column, " or ".join(allowed))
        if row["kind"] == "number":
            if row["published_value"] != row["published_value"]:
                raise _claim_error(path, table, claim_id, "published_value", "a number for a number claim")
            if not (row["sig_figs"] == MAGNITUDE or row["sig_figs"].isdigit() and int(row["sig_figs"]) > 0):
                raise _claim_error(path, table, claim_id, "sig_figs", f"a whole number > 0 or {MAGNITUDE!r}")
            figures = MAGNITUDE if row["sig_figs"] == MAGNITUDE else int(row["sig_figs"])
            value = row["published_value"]
            exact = (abs(math.log10(value) - round(math.log10(value))) < 1e-12 if figures == MAGNITUDE
                     else math.isclose(float(f"{value:.{figures - 1}e}"), value, rel_tol=1e-12))
            if not exact:
                raise _claim_error(path, table, claim_id, "published_value",
                                   f"a value with no more digits than its sig_figs ({figures})")
            if row["sided"] not in CLAIM_SIDES:
                raise _claim_error(path, table, claim_id, "sided", " or ".join(CLAIM_SIDES))
            if row["article_says"] or row["source_says"]:
                raise _claim_error(path, table, claim_id, "article_says", "no wording for a number claim")
            sig_figs.append(figures)
        else:
            for column in ("article_says", "source_says"):
                if not row[column]:
                    raise _claim_error(path, table, claim_id, column, "the wording of a text claim")
            if row["published_value"] == row["published_value"] or row["sig_figs"] or row["sided"]:
                raise _claim_error(path, table, claim_id, "published_value",
                                   "no published_value, sig_figs or sided for a text claim")
            sig_figs.append(None)
    table["sig_figs"] = pd.Series(sig_figs, index=table.index, dtype=object)
    return table


@cache
def _claims(path: Path) -> pd.DataFrame:
    return _check_claims(path, read_table(path, CLAIMS_COLUMNS, key="claim_id").set_index("claim_id"))


def load_claims(path: Path = CLAIMS_FILE) -> pd.DataFrame:
    """The claims the notebooks judge: level (article or source), kind (number or text), wording, published value
    with its significant figures and side, or the article's and the source's terms; the primary source; and an
    explanation template (`known_reason`)."""
    return _claims(Path(path)).copy()


STATEMENT_KINDS = ("number", "date", "unit", "label", "attribution", "reference", "context", "recommendation")
ARTICLE_SECTIONS = (
    "Introduction", "Changing the Number of Operations during Model Training",
    "Estimated Power Consumption during Model Training for NLP", "Estimated Carbon Footprint during Training",
    "Author's Recommendations", "Energy Consumption Comparison between Sparse Modeling and Deep Learning",
    "Conclusion", "References",
)
"""The article's sections in their order (its headings, the first untitled)."""


@cache
def _statements(path: Path) -> pd.DataFrame:
    table = read_table(path, [Column("statement", "int"), Column("section"), Column("paraphrase"), Column("kind"),
                              Column("claim_id", required=False), Column("not_checkable_because", required=False)],
                       key="statement")
    for line, row in zip(range(2, len(table) + 2), table.itertuples()):
        for column, allowed in (("section", ARTICLE_SECTIONS), ("kind", STATEMENT_KINDS)):
            if getattr(row, column) not in allowed:
                raise DataError(f"{shown(path)}, line {line}, column '{column}': expected one of "
                                f"{', '.join(allowed)}, got {getattr(row, column)!r}")
        if bool(row.claim_id) == bool(row.not_checkable_because):
            raise DataError(f"{shown(path)}, line {line}: give either a claim_id or why the statement is not "
                            f"checkable (not_checkable_because), not both or neither")
    return table.set_index("statement")


def load_article_statements(path: Path = ARTICLE_STATEMENTS_FILE) -> pd.DataFrame:
    """Every statement of the article in article order (data/article_statements.csv): section, our paraphrase, kind,
    and the claim of data/claims.csv that judges it, or why none can."""
    return _statements(Path(path)).copy()


def _loader(path: Path, columns: list[Column], key: str | None = None, index: str | None = None):
    """A cached loader for one data file (returns a copy, so callers cannot change the cache)."""

    @cache
    def load() -> pd.DataFrame:
        table = read_table(path, columns, key=key)
        return table.set_index(index) if index else table

    return lambda: load().copy()


_DASH = ("-",)

load_strubell_table1 = _loader(data_file("strubell2019_table1.csv"), [
    Column("label"), Column("item"), Column("group"), Column("co2e_lb", "printed"), Column("source"),
], key="label", index="label")
load_strubell_table1.__doc__ = "Strubell et al. 2019 Table 1: CO2e (lb) of everyday life (A-D) and of training (E-H)."

_load_table3 = _loader(data_file("strubell2019_table3.csv"), [
    Column("model"), Column("hardware"), Column("power_w", "printed", required=False, missing=_DASH),
    Column("hours", "printed"), Column("kwh_pue", "printed", required=False, missing=_DASH),
    Column("co2e_lb", "printed", required=False, missing=_DASH), Column("cloud_cost_usd", "usd_range"),
    Column("source"),
])


def load_strubell_table3() -> pd.DataFrame:
    """Strubell et al. 2019 Table 3 as printed ("-" stays missing), with the hardware split into
    `accelerator` and `n_accelerators` ("P100x8" -> P100, 8) and the cost range into low and high (USD)."""
    table = _load_table3()
    parts = table["hardware"].str.extract(r"^(?P<accelerator>[A-Za-z0-9]+)x(?P<n>\d+)$")
    if parts.isna().any().any():
        line = int(parts.index[parts.isna().any(axis=1)][0]) + 2
        raise DataError(f"data/strubell2019_table3.csv, line {line}, column 'hardware': expected e.g. P100x8")
    table.insert(2, "accelerator", parts["accelerator"])
    table.insert(3, "n_accelerators", parts["n"].astype(int))
    return table


load_strubell_table4 = _loader(data_file("strubell2019_table4.csv"), [
    Column("models", "int"), Column("label"), Column("hours", "printed"), Column("cloud_cost_usd", "usd_range"),
    Column("electricity_usd", "printed"), Column("source"),
], key="label", index="label")
load_strubell_table4.__doc__ = ("Strubell et al. 2019 Table 4: cost of developing LISA (hours, cloud USD range, "
                                "electricity USD).")

load_cloud_prices = _loader(data_file("strubell2019_cloud_prices.csv"), [
    Column("accelerator"), Column("price_low_usd_per_hour", "float", positive=True),
    Column("price_high_usd_per_hour", "float", positive=True), Column("source"),
], key="accelerator", index="accelerator")
load_cloud_prices.__doc__ = "Cloud prices per accelerator-hour behind Strubell et al. 2019's cost ranges (footnote 7)."

_load_facts = _loader(data_file("strubell2019_facts.csv"), [
    Column("name"), Column("value", "printed"), Column("unit"), Column("source"),
], key="name", index="name")


def strubell_fact(name: str) -> float:
    """One number stated in Strubell et al. 2019's text (data/strubell2019_facts.csv), e.g. "project_days"."""
    facts = _load_facts()
    choice("fact", name, facts.index)
    return float(facts.loc[name, "value"])


def strubell_fact_printed(name: str) -> str:
    """A fact of data/strubell2019_facts.csv as the paper printed it (e.g. "9998"), for its precision."""
    facts = _load_facts()
    choice("fact", name, facts.index)
    return facts.loc[name, "value_printed"]


load_patterson_table4 = _loader(data_file("patterson2021_table4.csv"), [
    Column("model"), Column("processor"), Column("n_chips", "float", positive=True),
    Column("training_days", "float", positive=True), Column("avg_power_w", "float", positive=True),
    Column("pue", "float", positive=True), Column("gross_kg_per_kwh", "float", positive=True),
    Column("net_kg_per_kwh", "float", positive=True), Column("energy_mwh", "float", positive=True),
    Column("gross_tco2e", "float", positive=True), Column("net_tco2e", "float", positive=True),
    Column("flop", "float", positive=True), Column("source"),
], key="model", index="model")
load_patterson_table4.__doc__ = "Patterson et al. 2021 Table 4: measured energy and CO2e of six large training runs."

SCENARIOS_FILE = data_file("scenarios.csv")
_load_scenarios = _loader(SCENARIOS_FILE, [
    Column("scenario"), Column("year", "int"), Column("description"), Column("pue", "float", positive=True),
    Column("pue_year", "int"), Column("pue_source"), Column("grid_value", "float", positive=True),
    Column("grid_unit"), Column("grid_year", "int", required=False), Column("grid_basis"), Column("grid_source"),
], key="scenario")


def load_scenarios() -> pd.DataFrame:
    """Named, dated and sourced PUE and grid factors (each with its own year; the grid's may be unknown), with the
    grid as `g_per_kwh` and `lbs_per_kwh` whatever its source unit (g/kWh, kg/kWh or lb/kWh)."""
    table = _load_scenarios()
    _check_values(table, "grid_unit", GRID_UNITS_G_PER_KWH, SCENARIOS_FILE)
    table["g_per_kwh"] = table["grid_value"] * table["grid_unit"].map(GRID_UNITS_G_PER_KWH)
    table["lbs_per_kwh"] = table["grid_value"] * table["grid_unit"].map(g_per_kwh_to_lb_per_kwh(
        pd.Series(GRID_UNITS_G_PER_KWH)))  # a factor of exactly 1 for lb/kWh: the paper's 0.954 stays 0.954
    return table.set_index("scenario")


FACTORS_FILE = data_file("factors.csv")
FACTOR_UNITS = {"power_fraction": "fraction of board TDP",
                "server_overhead": "server W per accelerator / accelerator W", "pue": "ratio",
                "electricity_price": "USD/kWh"}
"""The default factors of the estimator and the unit each must be given in."""
_load_factors = _loader(FACTORS_FILE, [
    Column("factor"), Column("kind"), Column("low", "float"), Column("central", "float"), Column("high", "float"),
    Column("unit"), Column("year", "int", required=False), Column("source"), Column("note", required=False),
])


def load_factors() -> pd.DataFrame:
    """Default factors of `mlfootprint estimate`, each with low, central and high values, unit, year and source,
    indexed by (factor, kind): power_fraction and server_overhead by accelerator (gpu, tpu), pue by data-centre kind,
    electricity_price by market. Checked: known factors in their unit, 0 <= low <= central <= high, fractions <= 1,
    ratios >= 1, one row per (factor, kind). Checked once per process (an estimate reads it several times)."""
    return _checked_factors().copy()


@cache
def _checked_factors() -> pd.DataFrame:
    table = _load_factors()
    _check_values(table, "factor", FACTOR_UNITS, FACTORS_FILE)
    for i, row in table.iterrows():
        line = int(i) + 2
        problem = ""
        if row["unit"] != FACTOR_UNITS[row["factor"]]:
            problem = (f"column 'unit': expected {FACTOR_UNITS[row['factor']]!r} for {row['factor']}, "
                       f"got {row['unit']!r}")
        elif not 0 <= row["low"] <= row["central"] <= row["high"]:
            problem = f"expected 0 <= low <= central <= high, got {row['low']:g}, {row['central']:g}, {row['high']:g}"
        elif row["factor"] == "power_fraction" and not 0 < row["low"] <= row["high"] <= 1:
            problem = f"a power fraction must lie in (0, 1], got {row['low']:g}-{row['high']:g}"
        elif row["factor"] in ("pue", "server_overhead") and row["low"] < 1:
            problem = f"a {row['factor']} is at least 1, got low {row['low']:g}"
        if problem:
            raise DataError(f"{shown(FACTORS_FILE)}, line {line}: {problem}")
    repeated = table.duplicated(["factor", "kind"])
    if repeated.any():
        line = int(table.index[repeated][0]) + 2
        raise DataError(f"{shown(FACTORS_FILE)}, line {line}: factor {table['factor'][line - 2]!r} of kind "
                        f"{table['kind'][line - 2]!r} is listed twice")
    return table.set_index(["factor", "kind"])


HARDWARE_ALIASES_FILE = data_file("hardware_aliases.csv")
_load_hardware_aliases = _loader(HARDWARE_ALIASES_FILE, [
    Column("epoch_hardware"), Column("name"), Column("note", required=False),
], key="epoch_hardware")


def load_hardware_aliases() -> pd.DataFrame:
    """Epoch AI's "Training hardware" strings (Notable AI Models) mapped to names of data/hardware.csv, indexed by
    the Epoch string; every name is checked to be in data/hardware.csv."""
    table = _load_hardware_aliases()
    _check_values(table, "name", list(load_hardware().index), HARDWARE_ALIASES_FILE)
    return table.set_index("epoch_hardware")


VALUE_SOURCES = ("openai-chart", "epoch-digitised", "epoch-2022-unannotated", "epoch-estimate", "not-found")
_load_ai_and_compute = _loader(data_file("ai_and_compute.csv"), [
    Column("system"), Column("label"), Column("era"), Column("date", "date", required=False),
    Column("training_compute", "float", required=False, positive=True), Column("unit", required=False),
    Column("value_source"), Column("appendix_method1_pfs_days", "float", required=False, positive=True),
    Column("appendix_method2_pfs_days", "float", required=False, positive=True),
    Column("alternative_value", "float", required=False, positive=True), Column("alternative_unit", required=False),
    Column("alternative_source", required=False), Column("source"),
], key="system")


def load_ai_and_compute() -> pd.DataFrame:
    """The systems of OpenAI's AI and Compute chart (1959-2018) with `pfs_days` and `flop` whatever the unit
    the source gave; `value_source` says where each value comes from (see data/README.md)."""
    table = _load_ai_and_compute()
    for column, allowed in (("value_source", VALUE_SOURCES), ("era", ("first", "modern")),
                            ("unit", ("pfs-days", "FLOP", ""))):
        bad = ~table[column].isin(allowed)
        if bad.any():
            raise DataError(f"data/ai_and_compute.csv, line {int(table.index[bad][0]) + 2}, column '{column}': "
                            f"expected one of {', '.join(a for a in allowed if a)}, got {table[column][bad].iloc[0]!r}")
    per_pfs_day = table["unit"].map({"pfs-days": 1.0, "FLOP": 1 / FLOP_PER_PFS_DAY})
    table["pfs_days"] = table["training_compute"] * per_pfs_day
    table["flop"] = table["pfs_days"] * FLOP_PER_PFS_DAY
    return table


_load_parameter_counts = _loader(data_file("parameter_counts.csv"), [
    Column("model"), Column("domain"), Column("date", "date"), Column("parameters", "float", required=False,
                                                                       positive=True),
    Column("mixture_of_experts"), Column("source"),
], key="model")


def load_parameter_counts() -> pd.DataFrame:
    """Parameter counts of language and vision models; `mixture_of_experts` is True for sparse MoE models."""
    table = _load_parameter_counts()
    bad = ~table["mixture_of_experts"].isin(["yes", "no"])
    if bad.any():
        raise DataError(f"data/parameter_counts.csv, line {int(table.index[bad][0]) + 2}, column "
                        f"'mixture_of_experts': expected yes or no, got {table['mixture_of_experts'][bad].iloc[0]!r}")
    table["mixture_of_experts"] = table["mixture_of_experts"] == "yes"
    return table


EPOCH_SNAPSHOT_MONTH = "2024-12"
"""When the bundled copy of Epoch AI's Notable AI Models was taken (its latest publication date is read from it)."""
EPOCH_SNAPSHOT_FILE = data_file(f"epoch_notable_ai_models_{EPOCH_SNAPSHOT_MONTH}.csv")
EPOCH_SOURCE = "Epoch AI, Notable AI Models (epoch.ai/data, CC BY 4.0)"
EPOCH_NAME_COLUMNS = ("Model", "System")  # current downloads name the first column "Model"; older ones "System"
EPOCH_COLUMNS = [
    Column("Publication date", "date", required=False),
    Column("Training compute (FLOP)", "float", required=False, positive=True),
    Column("Parameters", "float", required=False, positive=True), Column("Domain", required=False),
]
EPOCH_EXTRA_COLUMNS = {  # returned name: Epoch's column, read when the file has it (older downloads lack them)
    "organization": Column("Organization", required=False),
    "country": Column("Country (from Organization)", required=False),
    "hardware": Column("Training hardware", required=False),
    "hardware_quantity": Column("Hardware quantity", "float", required=False, positive=True),
    "hours": Column("Training time (hours)", "float", required=False, positive=True),
    "power_w": Column("Training power draw (W)", "float", required=False, positive=True),
    "cost_usd_2023": Column("Training compute cost (2023 USD)", "float", required=False, positive=True),
    "frontier": Column("Frontier model", required=False),
    "confidence": Column("Confidence", required=False),
    "base_model": Column("Base model", required=False),
}
FRONTIER_VALUES = {"true": True, "false": False, "": False}
"""How Epoch writes its "Frontier model" flag: True, or an empty cell (False accepted too)."""


@cache
def _epoch_models(path: Path, stamp: tuple) -> pd.DataFrame:
    columns = header(path)
    name = next((n for n in EPOCH_NAME_COLUMNS if n in columns), None)
    if name is None:
        raise DataError(f"{shown(path)}: missing column(s) 'Model' (or 'System', as older downloads call it); expected "
                        f"columns: Model, {', '.join(c.name for c in EPOCH_COLUMNS)}")
    extras = {key: column for key, column in EPOCH_EXTRA_COLUMNS.items() if column.name in columns}
    table = read_table(path, [Column(name)] + EPOCH_COLUMNS + list(extras.values()), extra_columns=True)
    repeated = table[name][table[name].duplicated()].unique().tolist()
    if repeated:
        listed = ", ".join(map(repr, repeated[:5])) + (f" and {len(repeated) - 5} more" if len(repeated) > 5 else "")
        raise DataError(f"{shown(path)}: {len(repeated)} system(s) listed more than once ({listed}); each system "
                        f"must appear once, or it would count more than once in every fit")
    models = pd.DataFrame({
        "system": table[name], "date": table["Publication date"], "flop": table["Training compute (FLOP)"],
        "parameters": table["Parameters"], "domain": table["Domain"],
    })
    for key, column in extras.items():
        models[key] = table[column.name]
    if "frontier" in models:
        flags = models["frontier"].str.lower()
        bad = ~flags.isin(list(FRONTIER_VALUES))
        if bad.any():
            raise DataError(f"{shown(path)}, line {int(models.index[bad][0]) + 2}, column 'Frontier model': expected "
                            f"True, False or an empty cell, got {models['frontier'][bad].iloc[0]!r}")
        models["frontier"] = flags.map(FRONTIER_VALUES).astype(bool)
    return models


def load_epoch_models(path=EPOCH_SNAPSHOT_FILE) -> pd.DataFrame:
    """Epoch AI's "Notable AI Models" CSV (CC BY 4.0, epoch.ai/data), as downloaded, or the bundled snapshot.
    Both of Epoch's schemas are read: the name column is "Model" (downloads since 2024) or "System" (older ones).
    Checked columns: the name, Publication date, Training compute (FLOP), Parameters, Domain (a missing one fails
    with one line); a system listed twice is refused. Returns columns system, date, flop, parameters, domain and,
    when the file has them (older downloads do not): organization, country, hardware, hardware_quantity, hours,
    power_w, cost_usd_2023, frontier (bool), confidence, base_model (see EPOCH_EXTRA_COLUMNS). Multi-valued cells
    (Domain, Organization, Country, Training hardware) are kept as Epoch writes them, comma-separated."""
    path = Path(path).expanduser()
    stamp = (path.stat().st_mtime_ns, path.stat().st_size) if path.is_file() else None
    return _epoch_models(path.absolute(), stamp).copy()


def epoch_credit(path=EPOCH_SNAPSHOT_FILE) -> str:
    """Who made an Epoch AI file and of when, for captions: the bundled snapshot by its month, a downloaded file by
    its name; both with the latest publication date they hold."""
    path = Path(path).expanduser()
    latest = load_epoch_models(path)["date"].max()
    through = "" if pd.isna(latest) else f", systems published up to {latest:%Y-%m-%d}"
    if path.absolute() == EPOCH_SNAPSHOT_FILE.absolute():
        return f"{EPOCH_SOURCE}, snapshot {EPOCH_SNAPSHOT_MONTH} ({EPOCH_SNAPSHOT_FILE.name}){through}"
    return f"{EPOCH_SOURCE}, file {path.name}{through}"


AI_AND_COMPUTE_CREDIT = ("OpenAI's AI and Compute chart values (Amodei & Hernandez 2018; Sastry et al. 2019), "
                         "first-era values from Epoch AI's digitisation of the chart or its own estimates (marked), "
                         "as compiled in data/ai_and_compute.csv")
"""The credit of data/ai_and_compute.csv (notebook 01's bundled data), for captions."""
PARAMETER_COUNTS_CREDIT = ("parameter counts as stated in each model's paper (data/parameter_counts.csv, one source "
                           "per row)")
"""The credit of data/parameter_counts.csv (notebook 03's bundled data), for captions."""


def dataset_credit(dataset: str, bundled: str | None = None) -> str:
    """The credit of the data a trend notebook reads (for its captions and tables): `bundled` (the credit of the
    notebook's own bundled data) when `dataset` is "bundled"; otherwise, or when `bundled` is None, the Epoch AI file
    it names (the bundled snapshot for "bundled"), with its date."""
    if dataset == BUNDLED:
        return bundled if bundled is not None else epoch_credit(EPOCH_SNAPSHOT_FILE)
    return epoch_credit(dataset)


def car_lifetime_lb() -> float:
    """CO2e of an average car over its lifetime, fuel included (lb): Strubell et al. 2019, Table 1, row D."""
    return float(load_strubell_table1().at["D", "co2e_lb"])

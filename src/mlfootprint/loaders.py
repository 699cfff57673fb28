"""Loaders for the files in data/, one per file and all made the same way ("read, then clean", mlfootprint.schema):
the file's schema declared (columns, kinds, closed sets of values, key), then the cleaning function that
`schema.loader` turns into the loader (rules between columns, derived columns). Every error names the file, the line
and the column; each loader caches its table per version of the file and returns a copy, so callers cannot change
what the next caller reads. Units are converted here, where the data enter (a grid factor to g/kWh and lb/kWh)."""

from pathlib import Path

import pandas as pd

from . import claim_rules
from .checks import choice
from .parameter_kinds import BUNDLED
from .paths import data_file
from .schema import Column, FileTable, Schema, loader
from .units import FLOP_PER_PFS_DAY, GRID_UNITS_G_PER_KWH, grid_in

HARDWARE_FILE = data_file("hardware.csv")
FACTOR_KINDS = ("gpu", "tpu")


@loader(HARDWARE_FILE, Schema((
    Column("name", ignore_case=True), Column("description"), Column("factor_kind", allowed=FACTOR_KINDS),
    Column("peak_flop_per_s", "float", positive=True), Column("precision"),
    Column("board_power_w", "float", required=False, positive=True), Column("peak_source"),
    Column("power_source", required=False),
), key="name"), index="name")
def load_hardware(table: FileTable) -> pd.DataFrame:
    """GPUs and TPUs named by the sources: peak FLOP/s, board power (W; missing where none is published) and which
    default factors of data/factors.csv apply (`factor_kind`: gpu or tpu), indexed by name (names are unique
    whatever their case, as they are matched)."""
    return table.frame


def hardware(name: str, parameter: str = "gpu") -> pd.Series:
    """One row of the hardware file; a ParameterError lists the known names when `name` is not one."""
    table = load_hardware()
    choice(parameter, name, table.index)
    return table.loc[name]


CLAIMS_FILE = data_file("claims.csv")
CLAIM_LEVELS = claim_rules.LEVELS  # old name, for branches written before claim_rules: use claim_rules.LEVELS


@loader(CLAIMS_FILE, claim_rules.SCHEMA, index="claim_id")
def load_claims(table: FileTable) -> pd.DataFrame:
    """The claims the notebooks judge (each row kept to the rules of mlfootprint.claim_rules): level (article,
    source or extension), kind (number or text), wording, published value with its significant figures (a whole
    number, or "magnitude") and side, or the article's and the source's terms; the primary source; and an
    explanation template (`known_reason`)."""
    claims = table.frame
    for row, claim in enumerate(claims.to_dict("records")):
        broken = claim_rules.broken_rule(claim)
        if broken:
            column, expected = broken
            raise table.error(row, f"expected {expected}, got {str(claim[column])!r} (claim {claim['claim_id']})",
                              column)
    claims["sig_figs"] = pd.Series([claim_rules.sig_figs(figures) if kind == claim_rules.NUMBER else None
                                    for figures, kind in zip(claims["sig_figs"], claims["kind"])], dtype=object)
    return claims


ARTICLE_STATEMENTS_FILE = data_file("article_statements.csv")
STATEMENT_KINDS = ("number", "date", "unit", "label", "attribution", "reference", "context", "recommendation")
ARTICLE_SECTIONS = (
    "Introduction", "Changing the Number of Operations during Model Training",
    "Estimated Power Consumption during Model Training for NLP", "Estimated Carbon Footprint during Training",
    "Author's Recommendations", "Energy Consumption Comparison between Sparse Modeling and Deep Learning",
    "Conclusion", "References",
)
"""The article's sections in their order (its headings, the first untitled)."""


@loader(ARTICLE_STATEMENTS_FILE, Schema((
    Column("statement", "int"), Column("section", allowed=ARTICLE_SECTIONS), Column("paraphrase"),
    Column("kind", allowed=STATEMENT_KINDS), Column("claim_id", required=False),
    Column("not_checkable_because", required=False),
), key="statement"), index="statement")
def load_article_statements(table: FileTable) -> pd.DataFrame:
    """Every statement of the article in article order (data/article_statements.csv): section, our paraphrase, kind,
    and the claim of data/claims.csv that judges it, or why none can."""
    statements = table.frame
    row = table.first((statements["claim_id"] != "") == (statements["not_checkable_because"] != ""))
    if row is not None:
        raise table.error(row, "give either a claim_id or why the statement is not checkable "
                               "(not_checkable_because), not both or neither")
    return statements


_DASH = ("-",)


@loader(data_file("strubell2019_table1.csv"), Schema((
    Column("label"), Column("item"), Column("group"), Column("co2e_lb", "printed"), Column("source"),
), key="label"), index="label")
def load_strubell_table1(table: FileTable) -> pd.DataFrame:
    """Strubell et al. 2019 Table 1: CO2e (lb) of everyday life (A-D) and of training (E-H)."""
    return table.frame


@loader(data_file("strubell2019_table3.csv"), Schema((
    Column("model"), Column("hardware"), Column("power_w", "printed", required=False, missing=_DASH),
    Column("hours", "printed"), Column("kwh_pue", "printed", required=False, missing=_DASH),
    Column("co2e_lb", "printed", required=False, missing=_DASH), Column("cloud_cost_usd", "usd_range"),
    Column("source"),
)))
def load_strubell_table3(table: FileTable) -> pd.DataFrame:
    """Strubell et al. 2019 Table 3 as printed ("-" stays missing), with the hardware split into
    `accelerator` and `n_accelerators` ("P100x8" -> P100, 8) and the cost range into low and high (USD)."""
    runs = table.frame
    parts = runs["hardware"].str.extract(r"^(?P<accelerator>[A-Za-z0-9]+)x(?P<n>\d+)$")
    table.refuse(parts.isna().any(axis=1), "hardware", "an accelerator and its count, e.g. P100x8")
    runs.insert(2, "accelerator", parts["accelerator"])
    runs.insert(3, "n_accelerators", parts["n"].astype(int))
    return runs


@loader(data_file("strubell2019_table4.csv"), Schema((
    Column("models", "int"), Column("label"), Column("hours", "printed"), Column("cloud_cost_usd", "usd_range"),
    Column("electricity_usd", "printed"), Column("source"),
), key="label"), index="label")
def load_strubell_table4(table: FileTable) -> pd.DataFrame:
    """Strubell et al. 2019 Table 4: cost of developing LISA (hours, cloud USD range, electricity USD)."""
    return table.frame


@loader(data_file("strubell2019_cloud_prices.csv"), Schema((
    Column("accelerator"), Column("price_low_usd_per_hour", "float", positive=True),
    Column("price_high_usd_per_hour", "float", positive=True), Column("source"),
), key="accelerator"), index="accelerator")
def load_cloud_prices(table: FileTable) -> pd.DataFrame:
    """Cloud prices per accelerator-hour behind Strubell et al. 2019's cost ranges (footnote 7)."""
    return table.frame


@loader(data_file("strubell2019_facts.csv"), Schema((
    Column("name"), Column("value", "printed"), Column("unit"), Column("source"),
), key="name"), index="name")
def load_strubell_facts(table: FileTable) -> pd.DataFrame:
    """The numbers stated in Strubell et al. 2019's text: value (and `value_printed`, as printed), unit, source."""
    return table.frame


def strubell_fact(name: str) -> float:
    """One number stated in Strubell et al. 2019's text (data/strubell2019_facts.csv), e.g. "project_days"."""
    facts = load_strubell_facts()
    choice("fact", name, facts.index)
    return float(facts.loc[name, "value"])


def strubell_fact_printed(name: str) -> str:
    """A fact of data/strubell2019_facts.csv as the paper printed it (e.g. "9998"), for its precision."""
    facts = load_strubell_facts()
    choice("fact", name, facts.index)
    return facts.loc[name, "value_printed"]


@loader(data_file("source_facts.csv"), Schema((
    Column("name"), Column("value", "printed"), Column("unit"), Column("source"),
), key="name"), index="name")
def load_source_facts(table: FileTable) -> pd.DataFrame:
    """Numbers stated by the article's other primary sources (Sevilla et al. 2021, So et al. 2019, the text of
    Patterson et al. 2021) that claims and caveats quote: value (and `value_printed`), unit, source."""
    return table.frame


def source_fact(name: str) -> float:
    """One number of data/source_facts.csv, e.g. "so2019_bleu"."""
    facts = load_source_facts()
    choice("fact", name, facts.index)
    return float(facts.loc[name, "value"])


@loader(data_file("patterson2021_table4.csv"), Schema((
    Column("model"), Column("processor"), Column("n_chips", "float", positive=True),
    Column("training_days", "float", positive=True), Column("avg_power_w", "float", positive=True),
    Column("pue", "float", positive=True), Column("gross_kg_per_kwh", "float", positive=True),
    Column("net_kg_per_kwh", "float", positive=True), Column("energy_mwh", "float", positive=True),
    Column("gross_tco2e", "float", positive=True), Column("net_tco2e", "float", positive=True),
    Column("flop", "float", positive=True), Column("source"),
), key="model"), index="model")
def load_patterson_table4(table: FileTable) -> pd.DataFrame:
    """Patterson et al. 2021 Table 4: measured energy and CO2e of six large training runs (grid factors in kg
    CO2e/kWh, as printed)."""
    return table.frame


SCENARIOS_FILE = data_file("scenarios.csv")


@loader(SCENARIOS_FILE, Schema((
    Column("scenario"), Column("year", "int"), Column("description"), Column("pue", "float", positive=True),
    Column("pue_year", "int"), Column("pue_source"), Column("grid_value", "float", positive=True),
    Column("grid_unit", allowed=tuple(GRID_UNITS_G_PER_KWH)), Column("grid_year", "int", required=False),
    Column("grid_basis"), Column("grid_source"),
), key="scenario"), index="scenario")
def load_scenarios(table: FileTable) -> pd.DataFrame:
    """Named, dated and sourced PUE and grid factors (each with its own year; the grid's may be unknown), with the
    grid as `g_per_kwh` and `lbs_per_kwh` whatever its source unit (g/kWh, kg/kWh or lb/kWh), each converted from
    the source's value (the paper's 0.954 lb/kWh stays 0.954)."""
    scenarios = table.frame
    scenarios["g_per_kwh"] = grid_in(scenarios["grid_value"], scenarios["grid_unit"], "g/kWh")
    scenarios["lbs_per_kwh"] = grid_in(scenarios["grid_value"], scenarios["grid_unit"], "lb/kWh")
    return scenarios


FACTORS_FILE = data_file("factors.csv")
FACTOR_UNITS = {"power_fraction": "fraction of board TDP",
                "server_overhead": "server W per accelerator / accelerator W", "pue": "ratio",
                "electricity_price": "USD/kWh"}
"""The default factors of the estimator and the unit each must be given in."""


def _factor_problem(factor: dict) -> tuple[str | None, str]:
    """(column or None, what is wrong) with one factor's row; "" when nothing is."""
    low, central, high, name = factor["low"], factor["central"], factor["high"], factor["factor"]
    if factor["unit"] != FACTOR_UNITS[name]:
        return "unit", f"expected {FACTOR_UNITS[name]!r} for {name}, got {factor['unit']!r}"
    if not 0 <= low <= central <= high:
        return None, f"expected 0 <= low <= central <= high, got {low:g}, {central:g}, {high:g}"
    if name == "power_fraction" and not 0 < low <= high <= 1:
        return None, f"a power fraction must lie in (0, 1], got {low:g}-{high:g}"
    if name in ("pue", "server_overhead") and low < 1:
        return "low", f"a {name} is at least 1, got low {low:g}"
    return None, ""


@loader(FACTORS_FILE, Schema((
    Column("factor", allowed=tuple(FACTOR_UNITS)), Column("kind"), Column("low", "float"), Column("central", "float"),
    Column("high", "float"), Column("unit"), Column("year", "int", required=False), Column("source"),
    Column("note", required=False),
), key=("factor", "kind")), index=["factor", "kind"])
def load_factors(table: FileTable) -> pd.DataFrame:
    """Default factors of `mlfootprint estimate`, each with low, central and high values, unit, year and source,
    indexed by (factor, kind): power_fraction and server_overhead by accelerator (gpu, tpu), pue by data-centre kind,
    electricity_price by market. Checked: known factors in their unit, 0 <= low <= central <= high, fractions <= 1,
    ratios >= 1, one row per (factor, kind)."""
    for row, factor in enumerate(table.frame.to_dict("records")):
        column, problem = _factor_problem(factor)
        if problem:
            raise table.error(row, problem, column)
    return table.frame


HARDWARE_ALIASES_FILE = data_file("hardware_aliases.csv")


@loader(HARDWARE_ALIASES_FILE, Schema((
    Column("epoch_hardware"), Column("name"), Column("note", required=False),
), key="epoch_hardware"), index="epoch_hardware")
def load_hardware_aliases(table: FileTable) -> pd.DataFrame:
    """Epoch AI's "Training hardware" strings (Notable AI Models) mapped to names of data/hardware.csv, indexed by
    the Epoch string; every name is checked to be in data/hardware.csv."""
    names = list(load_hardware().index)
    table.refuse(~table.frame["name"].isin(names), "name", "one of " + ", ".join(names))
    return table.frame


VALUE_SOURCES = ("openai-chart", "epoch-digitised", "epoch-2022-unannotated", "epoch-estimate", "not-found")


@loader(data_file("ai_and_compute.csv"), Schema((
    Column("system"), Column("label"), Column("era", allowed=("first", "modern")),
    Column("date", "date", required=False), Column("training_compute", "float", required=False, positive=True),
    Column("unit", required=False, allowed=("pfs-days", "FLOP")), Column("value_source", allowed=VALUE_SOURCES),
    Column("appendix_method1_pfs_days", "float", required=False, positive=True),
    Column("appendix_method2_pfs_days", "float", required=False, positive=True),
    Column("alternative_value", "float", required=False, positive=True), Column("alternative_unit", required=False),
    Column("alternative_source", required=False), Column("source"),
), key="system"))
def load_ai_and_compute(table: FileTable) -> pd.DataFrame:
    """The systems of OpenAI's AI and Compute chart (1959-2018) with `pfs_days` and `flop` whatever the unit
    the source gave; `value_source` says where each value comes from (see data/README.md)."""
    systems = table.frame
    per_pfs_day = systems["unit"].map({"pfs-days": 1.0, "FLOP": 1 / FLOP_PER_PFS_DAY})
    systems["pfs_days"] = systems["training_compute"] * per_pfs_day
    systems["flop"] = systems["pfs_days"] * FLOP_PER_PFS_DAY
    return systems


@loader(data_file("parameter_counts.csv"), Schema((
    Column("model"), Column("domain"), Column("date", "date"),
    Column("parameters", "float", required=False, positive=True), Column("mixture_of_experts", allowed=("yes", "no")),
    Column("source"),
), key="model"))
def load_parameter_counts(table: FileTable) -> pd.DataFrame:
    """Parameter counts of language and vision models; `mixture_of_experts` is True for sparse MoE models."""
    models = table.frame
    models["mixture_of_experts"] = models["mixture_of_experts"] == "yes"
    return models


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
    "organization": Column("Organization", required=False, absent_ok=True),
    "country": Column("Country (from Organization)", required=False, absent_ok=True),
    "hardware": Column("Training hardware", required=False, absent_ok=True),
    "hardware_quantity": Column("Hardware quantity", "float", required=False, positive=True, absent_ok=True),
    "hours": Column("Training time (hours)", "float", required=False, positive=True, absent_ok=True),
    "power_w": Column("Training power draw (W)", "float", required=False, positive=True, absent_ok=True),
    "cost_usd_2023": Column("Training compute cost (2023 USD)", "float", required=False, positive=True,
                            absent_ok=True),
    "frontier": Column("Frontier model", required=False, allowed=("True", "False"), ignore_case=True,
                       absent_ok=True),
    "confidence": Column("Confidence", required=False, absent_ok=True),
    "base_model": Column("Base model", required=False, absent_ok=True),
}
FRONTIER_VALUES = {"true": True, "false": False, "": False}
"""How Epoch writes its "Frontier model" flag: True, or an empty cell (False accepted too)."""


@loader(EPOCH_SNAPSHOT_FILE, Schema((
    Column(EPOCH_NAME_COLUMNS[0], older_name=EPOCH_NAME_COLUMNS[1]), *EPOCH_COLUMNS, *EPOCH_EXTRA_COLUMNS.values(),
), extra_columns=True))
def load_epoch_models(table: FileTable) -> pd.DataFrame:
    """Epoch AI's "Notable AI Models" CSV (CC BY 4.0, epoch.ai/data), as downloaded, or the bundled snapshot.
    Both of Epoch's schemas are read: the name column is "Model" (downloads since 2024) or "System" (older ones).
    Checked columns: the name, Publication date, Training compute (FLOP), Parameters, Domain (a missing one fails
    with one line); a system listed twice is refused. Returns columns system, date, flop, parameters, domain and,
    when the file has them (older downloads do not): organization, country, hardware, hardware_quantity, hours,
    power_w, cost_usd_2023, frontier (bool), confidence, base_model (see EPOCH_EXTRA_COLUMNS). Multi-valued cells
    (Domain, Organization, Country, Training hardware) are kept as Epoch writes them, comma-separated."""
    read = table.frame
    names = read[EPOCH_NAME_COLUMNS[0]]
    repeated = names[names.duplicated()].unique().tolist()
    if repeated:
        listed = ", ".join(map(repr, repeated[:5])) + (f" and {len(repeated) - 5} more" if len(repeated) > 5 else "")
        raise table.error(None, f"{len(repeated)} system(s) listed more than once ({listed}); each system must "
                                f"appear once, or it would count more than once in every fit")
    models = pd.DataFrame({
        "system": names, "date": read["Publication date"], "flop": read["Training compute (FLOP)"],
        "parameters": read["Parameters"], "domain": read["Domain"],
    })
    for key, column in EPOCH_EXTRA_COLUMNS.items():
        if column.name in read:
            models[key] = read[column.name]
    if "frontier" in models:
        models["frontier"] = models["frontier"].str.lower().map(FRONTIER_VALUES).astype(bool)
    return models


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

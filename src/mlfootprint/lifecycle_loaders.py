"""Loaders for the two data files of the whole footprint (issue #25), made as every loader of mlfootprint.loaders is
("read, then clean", mlfootprint.schema): data/lifecycle_factors.csv, the sourced ranges of the estimator's
embodied, water and cost factors, and data/lifecycle_studies.csv, the inputs the life-cycle studies state. Apart from
mlfootprint.loaders only to keep each module short."""

import pandas as pd

from .paths import data_file
from .schema import Column, FileTable, Schema, loader

INF = float("inf")
MARKS = ("primary", "secondary", "derived")
"""How a value was read: in the authors' own text, code or data (primary); only in someone else's copy or summary
(secondary); or computed from sourced values (derived)."""
LIFECYCLE_FACTORS = {  # factor: (unit, lowest allowed, highest allowed, whether the lowest itself is excluded)
    "embodied_co2e_accelerator": ("kg CO2e per accelerator", 0, INF, False),
    "embodied_co2e_server": ("kg CO2e per server, accelerators excluded", 0, INF, False),
    "accelerators_per_server": ("accelerators per server", 1, INF, False),
    "hardware_lifetime": ("years", 0, INF, True),
    "usage_share": ("fraction of lifetime hours in use", 0, 1, True),
    "wue_onsite": ("L per kWh of IT energy", 0, INF, False),
    "ewif": ("L per kWh of electricity", 0, INF, False),
    "hardware_price": ("USD per accelerator, server-level", 0, INF, True),
    "capex_amortisation_rate": ("per year", 0, 1, True),
    "interconnect_share": ("fraction of cluster cost", 0, 0.99, False),
    "cloud_price": ("USD per accelerator-hour", 0, INF, True),
}
"""The factors of data/lifecycle_factors.csv: the unit each must be given in, and its bounds."""
STUDIES = ("bloom", "olmo", "li", "epoch", "patterson")


def _bounds_problem(factor: dict) -> tuple[str | None, str]:
    """(column or None, what is wrong) with one row's unit or values; "" when nothing is."""
    unit, lowest, highest, open_low = LIFECYCLE_FACTORS[factor["factor"]]
    if factor["unit"] != unit:
        return "unit", f"expected {unit!r} for {factor['factor']}, got {factor['unit']!r}"
    low, central, high = factor["low"], factor["central"], factor["high"]
    if not (lowest < low if open_low else lowest <= low) or not low <= central <= high <= highest:
        column = "high" if high > highest else "low" if low < lowest or (open_low and low == lowest) else None
        return column, (f"expected {lowest:g} {'<' if open_low else '<='} low <= central <= high <= {highest:g} for "
                        f"{factor['factor']}, got {low:g}, {central:g}, {high:g}")
    return None, ""


@loader(data_file("lifecycle_factors.csv"), Schema((
    Column("factor", allowed=tuple(LIFECYCLE_FACTORS)), Column("kind"), Column("low", "float"),
    Column("central", "float"), Column("high", "float"), Column("unit"), Column("year", "int", required=False),
    Column("source"), Column("note", required=False), Column("basis"), Column("location"),
    *(Column(f"{end}_mark", allowed=MARKS) for end in ("low", "central", "high")),
), key=("factor", "kind")), index=["factor", "kind"])
def load_lifecycle_factors(table: FileTable) -> pd.DataFrame:
    """The sourced ranges of the whole footprint's factors (embodied emissions, lifetime and usage share, water,
    prices), indexed by (factor, kind): kind is a name of data/hardware.csv, a factor_kind (gpu, tpu) or `any`; each
    end is marked as read (MARKS). Checked: each factor's unit, and lowest <= low <= central <= high <= highest."""
    for row, factor in enumerate(table.frame.to_dict("records")):
        column, problem = _bounds_problem(factor)
        if problem:
            raise table.error(row, problem, column)
    return table.frame


@loader(data_file("lifecycle_studies.csv"), Schema((
    Column("input_id"), Column("study", allowed=STUDIES), Column("quantity"), Column("value", "float"),
    Column("unit"), Column("printed"), Column("sig_figs"), Column("mark", allowed=MARKS), Column("location"),
    Column("source"),
), key="input_id"), index="input_id")
def load_lifecycle_studies(table: FileTable) -> pd.DataFrame:
    """The inputs that the life-cycle studies state (BLOOM, OLMo, Li et al.'s water, Epoch AI's costs, Patterson et
    al.'s Table 1), one a row: value, unit, the text as printed and the significant figures it stands for ("exact"
    for a constant the source defines), how it was read (MARKS), where, and the source."""
    inputs = table.frame
    table.refuse(~inputs["sig_figs"].str.fullmatch(r"exact|[1-9]\d*"), "sig_figs", "'exact' or a whole number > 0")
    return inputs

"""Notebook 09's data: Epoch AI's Notable AI Models (the bundled snapshot or a download), dated systems in the
window, and what each carries."""

import pandas as pd

from ... import trends
from ...loaders import EPOCH_SNAPSHOT_FILE, dataset_credit, load_epoch_models
from ...notebook_parameters import LATEST
from ...notebook_parameters import TrendsTodayParameters as Parameters
from ...parameters import BUNDLED

SUBSETS = ("all notable", "frontier")
RUN_NEEDS = ("hardware", "hardware_quantity", "hours")
"""The columns a system needs for its training run to be estimated."""


def credit(params: Parameters) -> str:
    """The dataset this run reads and its date, for captions and tables."""
    return dataset_credit(params.dataset)

def dataset_path(params: Parameters):
    return EPOCH_SNAPSHOT_FILE if params.dataset == BUNDLED else params.dataset

def models(params: Parameters) -> pd.DataFrame:
    """Every dated system of the dataset with its fractional `year`, `in_window` (publication date within start and
    end) and `frontier` (False for every system when the file has no frontier column)."""
    table = load_epoch_models(dataset_path(params))
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

def with_run(table: pd.DataFrame) -> pd.Series:
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
    counts["with training hardware, hardware quantity and training time"] = int(with_run(inside).sum())
    first, last = inside["date"].min(), inside["date"].max()
    return pd.DataFrame({"systems": counts}).rename_axis(f"published {first:%Y-%m-%d} to {last:%Y-%m-%d}")

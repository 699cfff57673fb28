"""What a notebook writes and shows: its output folder, its tables as CSV, and tables rounded for display."""

import os
from pathlib import Path

import pandas as pd

from .paths import INTERACTIVE_DIR, OUTPUT_DIR_ENV


def output_dir(notebook) -> Path:
    """The folder where the running notebook (a catalogue entry) saves its figures and tables, created if missing:
    the run's folder under the runner, results/interactive/<notebook> when opened by hand."""
    folder = Path(os.environ.get(OUTPUT_DIR_ENV) or INTERACTIVE_DIR / notebook.stem)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_table(table, folder: Path, stem: str) -> None:
    """Save a result table as folder/stem.csv (full precision; the index only when it is named)."""

    table.to_csv(Path(folder) / f"{stem}.csv", index=table.index.name is not None)


SIGNIFICANT_DIGITS = 6
"""Significant figures of printed values: enough for every value the sources print (e.g. 274,120 hours, or 32,623
against 32,633), so a difference that a verdict reports is visible in the table too."""


def rounded(table, digits: int = SIGNIFICANT_DIGITS):
    """A copy for printing: every float as text with `digits` significant figures; NaN and None as ""."""

    def text(value):
        if isinstance(value, float):
            return "" if value != value else f"{value:.{digits}g}"
        return "" if value is None or value is pd.NA else value

    shown = table.copy()
    for column in shown.columns:
        if (pd.api.types.is_float_dtype(shown[column]) or shown[column].dtype == object
                or pd.api.types.is_string_dtype(shown[column])):
            shown[column] = [text(v) for v in shown[column]]
    return shown


WHOLE_CSS = ("<style>table.mlfootprint-whole td, table.mlfootprint-whole th {white-space: normal; text-align: left; "
             "vertical-align: top; max-width: 36em}</style>")
"""How a whole table is shown: long text wrapped in its cell, not cut (a fixed class name: no random ids)."""


class Whole:
    """A table shown whole in a notebook and on the site: every row and column, long text wrapped, not cut."""

    def __init__(self, table):
        self.table = table

    def _options(self):
        return pd.option_context("display.max_rows", None, "display.max_columns", None, "display.max_colwidth",
                                 None, "display.width", 10_000)

    def _repr_html_(self) -> str:
        with self._options():
            return WHOLE_CSS + self.table.to_html(classes="mlfootprint-whole")

    def __repr__(self) -> str:
        with self._options():
            return repr(self.table)


def whole(table) -> Whole:
    """`table` for showing whole (see `Whole`): a notebook cell that ends with it shows every row, every word."""
    return Whole(table)

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
        return "" if value is None else value

    shown = table.copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]) or shown[column].dtype == object:
            shown[column] = [text(v) for v in shown[column]]
    return shown

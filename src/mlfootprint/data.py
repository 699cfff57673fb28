"""Loaders for the files in data/: one loader per file, each checking its schema.

A bad file stops with a DataError that names the file, the line (header = line 1), the column and what was
expected, e.g. ``data/hardware.csv, line 4, column 'peak_flop_per_s': expected a number > 0, got 'fast'``.
"""

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from .checks import DataError, choice
from .paths import DATA_DIR, shown


@dataclass(frozen=True)
class Column:
    """One column of a data file: its name, kind and whether an empty cell is allowed.

    kind: "str", "float" (> 0 when positive=True), "int" or "date" (ISO YYYY-MM-DD).
    Empty cells (and cells equal to one of `missing`) become NaN (numbers), NaT (dates) or "" (text).
    """

    name: str
    kind: str = "str"
    required: bool = True
    positive: bool = False
    missing: tuple[str, ...] = ("",)


def _parse(column: Column, raw: str):
    """Parse one cell; return the value, or raise ValueError with what was expected."""
    text = raw.strip()
    if text in column.missing:
        if column.required:
            raise ValueError("a value (the cell is empty)")
        return {"float": float("nan"), "int": pd.NA, "date": pd.NaT}.get(column.kind, "")
    if column.kind == "str":
        return text
    if column.kind == "date":
        try:
            return pd.Timestamp(dt.date.fromisoformat(text))
        except ValueError:
            raise ValueError("a date as YYYY-MM-DD") from None
    expected = {"float": "a number", "int": "a whole number"}[column.kind]
    if column.positive:
        expected += " > 0"
    try:
        value = int(text) if column.kind == "int" else float(text)
    except ValueError:
        raise ValueError(expected) from None
    if value != value or value in (float("inf"), float("-inf")) or (column.positive and value <= 0):
        raise ValueError(expected)
    return value


def read_table(path: Path, columns: list[Column], key: str | None = None, extra_columns: bool = False):
    """Read a CSV file and check it against `columns`; `key` must be unique. Returns a DataFrame."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{shown(path)}: file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        raise DataError(f"{shown(path)}: file is empty (expected a header line)")
    header = [name.strip() for name in rows[0]]
    missing = [c.name for c in columns if c.name not in header]
    if missing:
        raise DataError(
            f"{shown(path)}: missing column(s) {', '.join(map(repr, missing))}; "
            f"expected columns: {', '.join(c.name for c in columns)}"
        )
    unexpected = [name for name in header if name not in {c.name for c in columns}]
    if unexpected and not extra_columns:
        raise DataError(f"{shown(path)}: unexpected column(s) {', '.join(map(repr, unexpected))}")
    index = {name: i for i, name in enumerate(header)}
    records, first_seen = [], {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DataError(f"{shown(path)}, line {line}: {len(row)} cells, expected {len(header)}")
        record = {}
        for column in columns:
            raw = row[index[column.name]]
            try:
                record[column.name] = _parse(column, raw)
            except ValueError as expected:
                raise DataError(
                    f"{shown(path)}, line {line}, column '{column.name}': expected {expected}, got {raw!r}"
                ) from None
        if key is not None:
            if record[key] in first_seen:
                raise DataError(
                    f"{shown(path)}, line {line}, column '{key}': duplicate value {record[key]!r} "
                    f"(first on line {first_seen[record[key]]})"
                )
            first_seen[record[key]] = line
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=[c.name for c in columns])
    for column in columns:
        if column.kind == "float":
            frame[column.name] = frame[column.name].astype(float)
        elif column.kind == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.kind == "date":
            frame[column.name] = pd.to_datetime(frame[column.name])
    return frame


HARDWARE_FILE = DATA_DIR / "hardware.csv"
HARDWARE_COLUMNS = [
    Column("name"),
    Column("description"),
    Column("peak_flop_per_s", "float", positive=True),
    Column("precision"),
    Column("board_power_w", "float", required=False, positive=True),
    Column("peak_source"),
    Column("power_source", required=False),
]


@cache
def _hardware(path: Path) -> pd.DataFrame:
    return read_table(path, HARDWARE_COLUMNS, key="name").set_index("name")


def load_hardware(path: Path = HARDWARE_FILE) -> pd.DataFrame:
    """GPUs and TPUs named by the sources: peak FLOP/s and board power (W), indexed by name."""
    return _hardware(Path(path)).copy()


def hardware(name: str, parameter: str = "gpu") -> pd.Series:
    """One row of the hardware file; a ParameterError lists the known names when `name` is not one."""
    table = _hardware(HARDWARE_FILE)
    choice(parameter, name, table.index)
    return table.loc[name]


CLAIMS_FILE = DATA_DIR / "claims.csv"
CLAIMS_COLUMNS = [
    Column("claim_id"),
    Column("notebook"),
    Column("claim"),
    Column("published_value", "float"),
    Column("unit"),
    Column("tolerance", "float", positive=True),
    Column("source"),
    Column("known_reason", required=False),
]


@cache
def _claims(path: Path) -> pd.DataFrame:
    return read_table(path, CLAIMS_COLUMNS, key="claim_id").set_index("claim_id")


def load_claims(path: Path = CLAIMS_FILE) -> pd.DataFrame:
    """The article's claims: wording, published value, unit, tolerance (relative) and primary source."""
    return _claims(Path(path)).copy()

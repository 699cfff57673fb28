"""The CSV schema engine: read a table, check every cell against its declared column, and fail with one line that
names the file, the line (header = line 1), the column and what was expected, e.g.
``data/hardware.csv, line 4, column 'peak_flop_per_s': expected a number > 0, got 'fast'``.

Files must be UTF-8 (with or without a byte-order mark); a table longer than `MAX_ROWS` is refused, so that a
runaway file cannot exhaust memory further down.
"""

import csv
import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .checks import DataError
from .paths import shown

MAX_ROWS = 20_000
"""Most rows any table may have: ten times Epoch AI's whole database (about 3,000 systems in 2025)."""


def read_text(path: Path) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped); DataError when it is missing or not UTF-8."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{shown(path)}: file not found")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(f"{shown(path)}: not UTF-8 (byte {error.start} cannot be decoded); save it as UTF-8") from None
    except OSError as error:
        raise DataError(f"{shown(path)}: cannot read ({error.strerror})") from None


def _csv_rows(path: Path, most: int | None = None) -> list[list[str]]:
    """The rows of a CSV file (the first `most`); DataError with the line when the csv module cannot read it (e.g.
    a cell longer than its limit)."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    try:
        return list(itertools.islice(reader, most))
    except csv.Error as error:
        raise DataError(f"{shown(path)}, line {reader.line_num}: not readable as CSV ({error})") from None


def header(path: Path) -> list[str]:
    """The column names of a CSV file."""
    return [name.strip() for name in next(iter(_csv_rows(path, 1)), [])]


@dataclass(frozen=True)
class Column:
    """One column of a data file: its name, kind and whether an empty cell is allowed.

    kind: "str", "float" (> 0 when positive=True), "int", "date" (ISO YYYY-MM-DD), or, for tables copied
    from papers as printed, "printed" (a number such as 12,041.51, $9870 or $103k) and "usd_range" ($41-$140).
    A printed column `x` also yields `x_printed` (the text, for its precision); a range yields `x_low` and
    `x_high` (and `x_low_printed`, `x_high_printed`).
    Empty cells (and cells equal to one of `missing`) become NaN (numbers), NaT (dates) or "" (text).
    """

    name: str
    kind: str = "str"
    required: bool = True
    positive: bool = False
    missing: tuple[str, ...] = ("",)


PRINTED_NUMBER = re.compile(r"\$?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([kM]?)")
SUFFIX = {"": 1.0, "k": 1e3, "M": 1e6}


def parse_printed(text: str) -> float:
    """A number as a paper prints it: thousands commas, an optional $ and k/M suffix ("$103k" -> 103000.0)."""
    match = PRINTED_NUMBER.fullmatch(text.strip())
    if not match:
        raise ValueError("a number as printed (e.g. 12,041.51, $9870, $103k)")
    whole, decimals, suffix = match.groups()
    return float(whole.replace(",", "") + (decimals or "")) * SUFFIX[suffix]


def _split_range(text: str) -> tuple[str, str]:
    parts = text.strip().split("-")
    if len(parts) != 2 or not all(PRINTED_NUMBER.fullmatch(p.strip()) for p in parts):
        raise ValueError("a range as printed, e.g. $41-$140")
    return parts[0].strip(), parts[1].strip()


def _parse(column: Column, raw: str):
    """Parse one cell; return the value, or raise ValueError with what was expected."""
    text = raw.strip()
    if text in column.missing:
        if column.required:
            raise ValueError("a value (the cell is empty)")
        return {"float": float("nan"), "printed": float("nan"), "usd_range": ("", ""), "int": pd.NA,
                "date": pd.NaT}.get(column.kind, "")
    if column.kind == "str":
        return text
    if column.kind == "printed":
        return parse_printed(text)
    if column.kind == "usd_range":
        return _split_range(text)
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
    rows = _csv_rows(path, MAX_ROWS + 2)  # the header, the rows allowed, and one more to know there are more
    if len(rows) > MAX_ROWS + 1:
        raise DataError(f"{shown(path)}: more than {MAX_ROWS:,} rows; at most {MAX_ROWS:,} are read (a limit that "
                        f"keeps memory bounded)")
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
                if column.kind == "printed":
                    record[f"{column.name}_printed"] = "" if record[column.name] != record[column.name] else raw.strip()
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
    frame = pd.DataFrame.from_records(records, columns=[c.name for c in columns] + [
        f"{c.name}_printed" for c in columns if c.kind == "printed"])
    for column in columns:
        if column.kind == "usd_range":
            low, high = zip(*frame[column.name]) if len(frame) else ((), ())
            at = frame.columns.get_loc(column.name)
            frame.insert(at, f"{column.name}_high", [parse_printed(t) if t else float("nan") for t in high])
            frame.insert(at, f"{column.name}_low", [parse_printed(t) if t else float("nan") for t in low])
            frame[f"{column.name}_low_printed"], frame[f"{column.name}_high_printed"] = list(low), list(high)
            frame = frame.drop(columns=column.name)
        if column.kind in ("float", "printed"):
            frame[column.name] = frame[column.name].astype(float)
        elif column.kind == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.kind == "date":
            frame[column.name] = pd.to_datetime(frame[column.name])
    return frame



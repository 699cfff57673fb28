"""The CSV schema engine: read a data file against its declared columns, then clean it ("read, then clean", as
ThinkStats2's nsfg.py does with ReadFemPreg and CleanFemPreg), and fail with one line that names the file, the line
(header = line 1, counted in the file itself), the column and what was expected, e.g.
``data/hardware.csv, line 4, column 'peak_flop_per_s': expected a number > 0, got 'fast'``.

`loader` makes every loader of mlfootprint.loaders: the cleaning function it decorates receives the `FileTable`
(the typed rows with their lines), so that a rule that spans columns names the line as well.

Files must be UTF-8 (with or without a byte-order mark); a table longer than `MAX_ROWS` is refused, so that a
runaway file cannot exhaust memory further down.
"""

import csv
import datetime as dt
import functools
import io
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


PRINTED_NUMBER = re.compile(r"\$?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([kM]?)")
SUFFIX = {"": 1.0, "k": 1e3, "M": 1e6}


def parse_printed(text: str) -> float:
    """A number as a paper prints it: thousands commas, an optional $ and k/M suffix ("$103k" -> 103000.0)."""
    match = PRINTED_NUMBER.fullmatch(text.strip())
    if not match:
        raise ValueError("a number as printed (e.g. 12,041.51, $9870, $103k)")
    whole, decimals, suffix = match.groups()
    return float(whole.replace(",", "") + (decimals or "")) * SUFFIX[suffix]


def _range(text: str) -> tuple[str, str]:
    parts = text.split("-")
    if len(parts) != 2 or not all(PRINTED_NUMBER.fullmatch(p.strip()) for p in parts):
        raise ValueError("a range as printed, e.g. $41-$140")
    return parts[0].strip(), parts[1].strip()


def _date(text: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(dt.date.fromisoformat(text))
    except ValueError:
        raise ValueError("a date as YYYY-MM-DD") from None


PARSERS = {"str": str, "float": float, "int": int, "date": _date, "printed": parse_printed, "usd_range": _range}
"""How each kind of column reads a cell's text (ValueError says what was expected)."""
EMPTY = {"str": "", "float": float("nan"), "int": pd.NA, "date": pd.NaT, "printed": float("nan"),
         "usd_range": ("", "")}
"""What an empty cell of each kind becomes."""
DTYPES = {"float": float, "printed": float, "int": "Int64"}


@dataclass(frozen=True)
class Column:
    """One column of a data file, and what each of its cells must hold.

    kind: "str", "float", "int" (numbers are finite; > 0 when `positive`), "date" (ISO YYYY-MM-DD), or, for tables
    copied from papers as printed, "printed" (a number such as 12,041.51, $9870 or $103k) and "usd_range"
    ($41-$140). A printed column `x` also yields `x_printed` (the text, for its precision); a range yields `x_low`
    and `x_high` (and `x_low_printed`, `x_high_printed`).
    `required`: a cell may not be empty. Empty cells (and cells equal to one of `missing`) become NaN (numbers),
    NaT (dates) or "" (text).
    `allowed`: the closed set of values of a text column. `ignore_case`: allowed values, and the values of a key,
    are matched whatever their case.
    `absent_ok`: the file may lack the column (older downloads); it is then left out of the table.
    `older_name`: the column's name in older versions of the file, read when the file has no column `name`.
    """

    name: str
    kind: str = "str"
    required: bool = True
    positive: bool = False
    missing: tuple[str, ...] = ("",)
    allowed: tuple[str, ...] = ()
    ignore_case: bool = False
    absent_ok: bool = False
    older_name: str = ""

    def __post_init__(self):
        if self.kind not in PARSERS:
            raise ValueError(f"kind must be one of {', '.join(PARSERS)} (got {self.kind!r})")

    def parse(self, raw: str):
        """One cell's value; ValueError says what was expected."""
        text = raw.strip()
        if text in self.missing:
            if self.required:
                raise ValueError("a value (the cell is empty)")
            return EMPTY[self.kind]
        if self.allowed and (text.casefold() if self.ignore_case else text) not in self._allowed():
            listed = ", ".join(self.allowed)
            raise ValueError(f"one of {listed}" if self.required else f"{listed} or an empty cell")
        if self.kind in ("float", "int"):
            return self._number(text)
        return PARSERS[self.kind](text)

    def _allowed(self) -> set[str]:
        return {a.casefold() for a in self.allowed} if self.ignore_case else set(self.allowed)

    def _number(self, text: str):
        expected = {"float": "a number", "int": "a whole number"}[self.kind] + (" > 0" if self.positive else "")
        try:
            value = PARSERS[self.kind](text)
        except ValueError:
            raise ValueError(expected) from None
        if value != value or value in (float("inf"), float("-inf")) or (self.positive and value <= 0):
            raise ValueError(expected)
        return value

    def cells(self, value, raw: str) -> dict:
        """The cells of one row made from this column's `value` (parsed from the text `raw`)."""
        if self.kind == "printed":
            return {self.name: value, f"{self.name}_printed": "" if value != value else raw.strip()}
        if self.kind == "usd_range":
            low, high = value
            return {f"{self.name}_low": parse_printed(low) if low else float("nan"),
                    f"{self.name}_high": parse_printed(high) if high else float("nan"),
                    f"{self.name}_low_printed": low, f"{self.name}_high_printed": high}
        return {self.name: value}


def _table_columns(columns) -> list[str]:
    """The table's columns, in order: each column (a range as its low and high), then the printed texts."""
    names = [name for c in columns for name in
             ((f"{c.name}_low", f"{c.name}_high") if c.kind == "usd_range" else (c.name,))]
    names += [f"{c.name}_printed" for c in columns if c.kind == "printed"]
    return names + [f"{c.name}_{end}_printed" for c in columns if c.kind == "usd_range" for end in ("low", "high")]


@dataclass(frozen=True)
class Schema:
    """What a data file holds: its `columns`; `key`, a column (or several) whose values must be unique (whatever
    the case where the column has `ignore_case`); `extra_columns`, whether the file may have columns beyond these (a
    download with more columns than are read)."""

    columns: tuple[Column, ...]
    key: str | tuple[str, ...] | None = None
    extra_columns: bool = False

    def key_of(self, row: dict):
        """The value of a row's key, as compared (None when the file has no key)."""
        if self.key is None:
            return None
        names = (self.key,) if isinstance(self.key, str) else self.key
        folded = {c.name for c in self.columns if c.ignore_case}
        values = tuple(row[n].casefold() if n in folded else row[n] for n in names)
        return values[0] if isinstance(self.key, str) else values

    def duplicate(self, row: dict, first: int) -> str:
        """What is wrong with a row whose key an earlier row (on line `first`) has."""
        if isinstance(self.key, str):
            case = "; the case is ignored" if any(c.ignore_case for c in self.columns if c.name == self.key) else ""
            return f"column '{self.key}': duplicate value {row[self.key]!r} (first on line {first}{case})"
        return (f"columns {', '.join(map(repr, self.key))}: duplicate values {tuple(row[n] for n in self.key)!r} "
                f"(first on line {first})")


@dataclass(frozen=True)
class FileTable:
    """A data file as read: `frame`, its typed rows (index 0, 1, ...: empty lines are skipped), and `lines`, the
    line of the file each row starts on, so that a cleaning rule names the line."""

    path: Path
    frame: pd.DataFrame
    lines: tuple[int, ...]

    def error(self, row: int | None, text: str, column: str | None = None) -> DataError:
        """The DataError of row `row` (a position in `frame`; None: of the whole file): file, line, column (where
        given), then `text`."""
        where = ("" if row is None else f", line {self.lines[row]}") + (f", column '{column}'" if column else "")
        return DataError(f"{shown(self.path)}{where}: {text}")

    def first(self, bad: pd.Series) -> int | None:
        """The first row where `bad` (a boolean column of `frame`) is true, or None."""
        return int(bad.to_numpy().argmax()) if bad.any() else None

    def refuse(self, bad: pd.Series, column: str, expected: str) -> None:
        """A DataError at the first row where `bad` is true: what `column` was expected to hold, and what it holds."""
        row = self.first(bad)
        if row is not None:
            value = self.frame[column].iloc[row]
            raise self.error(row, f"expected {expected}, got {getattr(value, 'item', lambda: value)()!r}", column)


def _columns_of(path: Path, header: list[str], schema: Schema) -> dict[str, Column]:
    """The file's name of each column read, checked: every column present (or absent where that is allowed),
    nothing unexpected."""
    found, missing = {}, []
    for column in schema.columns:
        if column.name in header:
            found[column.name] = column
        elif column.older_name and column.older_name in header:
            found[column.older_name] = column
        elif not column.absent_ok:
            missing.append(f"{column.name!r}" + (f" (or {column.older_name!r}, as older downloads call it)"
                                                 if column.older_name else ""))
    if missing:
        raise DataError(f"{shown(path)}: missing column(s) {', '.join(missing)}; expected columns: "
                        f"{', '.join(c.name for c in schema.columns if not c.absent_ok)}")
    unexpected = [name for name in header if name not in found and name not in {c.name for c in schema.columns}]
    if unexpected and not schema.extra_columns:
        raise DataError(f"{shown(path)}: unexpected column(s) {', '.join(map(repr, unexpected))}")
    return found


def _records(path: Path, most: int) -> list[tuple[int, list[str]]]:
    """(line, cells) of the first `most` records of a CSV file, `line` being where the record starts in the file (a
    quoted cell may span lines); DataError with the line when the csv module cannot read it (e.g. a cell longer than
    its limit)."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    records, line = [], 1
    try:
        for cells in reader:
            records.append((line, cells))
            if len(records) == most:
                break
            line = reader.line_num + 1
    except csv.Error as error:
        raise DataError(f"{shown(path)}, line {reader.line_num}: not readable as CSV ({error})") from None
    return records


def read(path: Path, schema: Schema) -> FileTable:
    """Read a CSV file and check every cell against `schema`; the first bad cell fails with its file, line and
    column. Empty lines are skipped."""
    path = Path(path)
    records = _records(path, MAX_ROWS + 2)  # the header, the rows allowed, and one more to know there are more
    if len(records) > MAX_ROWS + 1:
        raise DataError(f"{shown(path)}: more than {MAX_ROWS:,} rows; at most {MAX_ROWS:,} are read (a limit that "
                        f"keeps memory bounded)")
    if not records:
        raise DataError(f"{shown(path)}: file is empty (expected a header line)")
    header = [name.strip() for name in records[0][1]]
    columns = _columns_of(path, header, schema)
    position = {name: header.index(name) for name in columns}
    rows, lines, first_seen = [], [], {}
    for line, cells in records[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise DataError(f"{shown(path)}, line {line}: {len(cells)} cells, expected {len(header)}")
        row = {}
        for name, column in columns.items():
            raw = cells[position[name]]
            try:
                row.update(column.cells(column.parse(raw), raw))
            except ValueError as expected:
                raise DataError(f"{shown(path)}, line {line}, column '{name}': expected {expected}, got {raw!r}") \
                    from None
        key = schema.key_of(row)
        if key in first_seen:
            raise DataError(f"{shown(path)}, line {line}, {schema.duplicate(row, first_seen[key])}")
        if key is not None:
            first_seen[key] = line
        rows.append(row)
        lines.append(line)
    return FileTable(path, _frame(rows, columns.values()), tuple(lines))


def _frame(rows: list[dict], columns) -> pd.DataFrame:
    """The rows as a DataFrame, each column typed by its kind."""
    frame = pd.DataFrame.from_records(rows, columns=_table_columns(columns))
    for column in columns:
        if column.kind in DTYPES:
            frame[column.name] = frame[column.name].astype(DTYPES[column.kind])
        elif column.kind == "date":
            frame[column.name] = pd.to_datetime(frame[column.name])
    return frame


def loader(default: Path, schema: Schema, index: str | list[str] | None = None):
    """Make a data file's loader from its cleaning function ("read, then clean"):

        @loader(data_file("hardware.csv"), Schema(...), index="name")
        def load_hardware(table: FileTable) -> pd.DataFrame:
            '''What the table holds.'''
            ...  # rules between columns (raise table.error(row, ...)), derived columns
            return table.frame

    makes `load_hardware(path=data_file("hardware.csv"))`: the file read against `schema`, cleaned, indexed by
    `index`, cached per version of the file (path, modification time, size) and returned as a copy, so that callers
    cannot change what the next caller reads."""

    def make(clean):
        @functools.lru_cache(maxsize=8)
        def cached(path: Path, version) -> pd.DataFrame:
            frame = clean(read(path, schema))
            return frame.set_index(index) if index else frame

        def load(path=default) -> pd.DataFrame:
            path = Path(path).expanduser().absolute()
            version = (path.stat().st_mtime_ns, path.stat().st_size) if path.is_file() else None
            return cached(path, version).copy()

        for name in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(load, name, getattr(clean, name))
        return load

    return make

"""The kinds of notebook parameter, each a class that converts, checks and describes its own values (as
scikit-learn's `utils/_param_validation.py` does with `Interval` and `StrOptions`).

A kind holds its own settings (a number's bounds, a choice's allowed values); what belongs to the parameter itself
(unit, whether None is allowed, why the upper bound is where it is) is its `Spec` (mlfootprint.parameters), which
each method receives. Every kind offers:

- `convert(name, value, spec)`: the value in its canonical form, or a ParameterError naming the parameter, the value
  and what is allowed;
- `allowed_text(spec)`: what it accepts, in words (error messages, `mlfootprint params`);
- `short_text(spec)`: the same in a few words (the comment of a notebook's `parameters` cell).

Standard library only, so that checking parameters costs milliseconds.
"""

import csv
import dataclasses
import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .checks import ParameterError, interval, is_number
from .paths import data_file

MAX_LISTED = 12
"""Most allowed values an error message lists; beyond, it names the file and the closest values."""
BUNDLED = "bundled"
"""The `dataset` value that means the data bundled with the package."""
MAX_DATASET_BYTES = 100_000_000
"""Largest dataset file read (100 MB, about thirty times Epoch AI's whole database): keeps memory bounded."""


def column_values(file: str, column: str) -> tuple[str, ...]:
    """The values of one column of a data file, read with the csv module (cheap: no pandas)."""
    with data_file(file).open(newline="", encoding="utf-8-sig") as handle:
        return tuple(row[column].strip() for row in csv.DictReader(handle))


class Kind:
    """What every kind of parameter offers (see the module's docstring)."""

    none_in_text = True
    """Whether the text "none" (or "null") means None, as in a YAML file or on the command line."""
    type = object
    """The Python type of the kind's values (what `convert` accepts as it is, unless the kind says more)."""

    def convert(self, name: str, value, spec):
        if not isinstance(value, self.type):
            raise spec.refuse(name, value)
        return value

    def allowed_text(self, spec) -> str:
        raise NotImplementedError

    def short_text(self, spec) -> str:
        return self.allowed_text(spec)


def _number_from_text(text: str):
    """'2' -> 2, '1e6' -> 1000000.0, anything else -> the text unchanged."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class Number(Kind):
    """A finite number in an interval ("float"), or a whole one ("int"); text such as "1e6" is read as a number."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    integer: bool = False

    def interval(self) -> str:
        return interval(self.low, self.high, self.low_open, self.high_open, grouped=True)

    def read(self, value):
        """The number `value` stands for (anything else is returned as it is)."""
        return _number_from_text(value.strip()) if isinstance(value, str) else value

    def convert(self, name: str, value, spec):
        number = self.read(value)
        return self.checked(name, number, number if is_number(number) else value, spec)

    def checked(self, name: str, number, shown, spec):
        """`number` if it is finite, whole where it must be, and within the bounds; else a refusal that shows
        `shown` (text that reads as a number is shown as that number, a quantity as given with its unit)."""
        if not is_number(number) or not math.isfinite(number):
            raise spec.refuse(name, shown)
        if self.integer:
            if float(number) != int(number):
                raise spec.refuse(name, shown)
            number = int(number)
        else:
            number = float(number)
        if self.low is not None and (number <= self.low if self.low_open else number < self.low):
            raise spec.refuse(name, shown)
        if self.high is not None and (number >= self.high if self.high_open else number > self.high):
            raise spec.refuse(name, shown, f"; {spec.limit}" if spec.limit else "")
        return number

    def allowed_text(self, spec) -> str:
        return f"{'a whole number' if self.integer else 'a number'} in {self.interval()}"

    def short_text(self, spec) -> str:
        return ("whole number in " if self.integer else "") + self.interval()


QUANTITY = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S*)\s*")


@dataclass(frozen=True)
class Quantity(Number):
    """A number in the parameter's unit, or a text "0.954 lb/kWh" in one of its other `units` (pairs of a unit and
    its value in the parameter's unit), converted to the parameter's unit where it enters."""

    units: tuple[tuple[str, float], ...] = ()

    def read(self, value, unit: str = ""):
        """The quantity in `unit` (the parameter's): a number as it is, "0.954 lb/kWh" converted; None if unreadable."""
        if is_number(value):
            return value
        match = QUANTITY.fullmatch(value) if isinstance(value, str) else None
        if not match:
            return None
        factors = {name.casefold(): factor for name, factor in ((unit, 1.0), *self.units)}
        given = match.group(2).casefold()
        if given and given not in factors:
            return None
        return float(match.group(1)) * factors.get(given, 1.0)

    def convert(self, name: str, value, spec):
        return self.checked(name, self.read(value, spec.unit), value, spec)

    def _examples(self) -> str:
        return ", ".join(f"'1 {unit}'" for unit, _ in self.units)

    def allowed_text(self, spec) -> str:
        return f"a number in {self.interval()} {spec.unit}, or one with its unit ({self._examples()})"

    def short_text(self, spec) -> str:
        return f"{self.interval()}, or text with a unit: {self._examples()}"


@dataclass(frozen=True)
class Boolean(Kind):
    """True or False (the texts "true" and "false" in any case too)."""

    type = bool

    def convert(self, name: str, value, spec):
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return super().convert(name, value, spec)

    def allowed_text(self, spec) -> str:
        return "True or False"


@dataclass(frozen=True)
class Text(Kind):
    """Any text (the text "none" stays text)."""

    none_in_text = False
    type = str

    def allowed_text(self, spec) -> str:
        return "text"


@dataclass(frozen=True)
class Options(Kind):
    """The allowed texts of a choice: `choices`, and the values of a data file's column (`choices_from`: file and
    column) when it is given."""

    choices: tuple = ()
    choices_from: tuple[str, str] | None = None

    def allowed(self) -> tuple:
        """The allowed values (`choices`, then those read from the data file when `choices_from` is set)."""
        return self.choices if self.choices_from is None else self.choices + column_values(*self.choices_from)

    def _listed(self) -> str:
        return ", ".join(map(repr, self.allowed()))

    def _in_file(self, plural: str = "") -> str:
        file, column = self.choices_from
        return f"{column}{plural} in data/{file}"


@dataclass(frozen=True)
class Choice(Options):
    """One of the allowed texts; `ignore_case`: matched whatever the case, and returned as listed. A near miss
    gets a suggestion; a long list from a data file is named, not listed."""

    ignore_case: bool = False

    def convert(self, name: str, value, spec):
        allowed = self.allowed()
        if self.ignore_case and isinstance(value, str):
            value = {a.casefold(): a for a in allowed}.get(value.strip().casefold(), value)
        if isinstance(value, str) and value in allowed:
            return value
        close = self.close(str(value), allowed)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        expected = None
        if len(allowed) > MAX_LISTED and self.choices_from:  # one readable line: the closest names, not all
            expected = f"one of the {len(allowed)} {self._in_file('s')}" + (" (any case)" if self.ignore_case else "")
        raise spec.refuse(name, value, hint, expected)

    def close(self, value: str, allowed) -> list[str]:
        """Up to three allowed values close to `value` (difflib), compared case-insensitively with `ignore_case`;
        then values that contain the text come first ("a100" -> "A100 SXM4", "A100 PCIe 40GB", ...)."""
        if not self.ignore_case:
            return difflib.get_close_matches(value, allowed, n=3)
        folded = {a.casefold(): a for a in allowed}
        text = value.strip().casefold()
        containing = [c for c in folded if text and text in c]
        return [folded[c] for c in dict.fromkeys(containing + difflib.get_close_matches(text, folded, n=3))][:3]

    def allowed_text(self, spec) -> str:
        return "one of " + self._listed()

    def short_text(self, spec) -> str:
        if self.choices_from:
            listed = "".join(f"{c!r} or " for c in self.choices)
            return f"{listed}a {self._in_file()}" + (", any case" if self.ignore_case else "")
        return " or ".join(map(repr, self.choices))


@dataclass(frozen=True)
class Choices(Options):
    """A non-empty list of allowed texts (one text is a list of one, a text with commas a list of its parts, as
    `--terms a,b` reads; repeats are dropped); `all_allowed`: the text "all" stands for every choice."""

    all_allowed: bool = False

    def convert(self, name: str, value, spec):
        if self.all_allowed and value == "all":
            return "all"
        items = [part.strip() for part in value.split(",")] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not items or not all(isinstance(v, str) for v in items):
            raise spec.refuse(name, value)
        unknown = [v for v in items if v not in self.allowed()]
        if unknown:
            raise spec.refuse(name, value, got=f"{unknown[0]!r} in {value!r}")
        return list(dict.fromkeys(items))

    def allowed_text(self, spec) -> str:
        return ("'all' or " if self.all_allowed else "") + "a non-empty list of " + self._listed()

    def short_text(self, spec) -> str:
        if self.choices_from:
            return ("'all' or " if self.all_allowed else "") + f"a list of {self._in_file('s')}"
        return "a list of " + ", ".join(map(repr, self.choices))


@dataclass(frozen=True)
class Date(Kind):
    """A day, returned as "YYYY-MM-DD": a date, a year (2012 -> "2012-01-01", or "2012-12-31" with `year_end`, for
    the last day of a window) or an ISO date text; `choices`: words allowed instead (e.g. "auto")."""

    choices: tuple = ()
    year_end: bool = False

    def convert(self, name: str, value, spec):
        if isinstance(value, str) and value in self.choices:
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        if is_number(value) and float(value).is_integer():
            value = str(int(value))
        if isinstance(value, str):
            text = value.strip()
            try:
                year = text.isdigit() and len(text) == 4
                day = (dt.date(int(text), 12, 31) if self.year_end else dt.date(int(text), 1, 1)) if year \
                    else dt.date.fromisoformat(text)
                return day.isoformat()
            except ValueError:
                pass
        raise spec.refuse(name, value)

    def _words(self) -> str:
        return "".join(f" or {c!r}" for c in self.choices)

    def allowed_text(self, spec) -> str:
        year = "a year (e.g. 2012, its last day)" if self.year_end else "a year (e.g. 2012)"
        return year + " or a date as YYYY-MM-DD" + self._words()

    def short_text(self, spec) -> str:
        return "year or YYYY-MM-DD" + self._words()


@dataclass(frozen=True)
class Dataset(Kind):
    """`BUNDLED` (the data bundled with the package) or the path of a readable UTF-8 file of bounded size."""

    def convert(self, name: str, value, spec):
        if not isinstance(value, str) or not value.strip():
            raise spec.refuse(name, value)
        if value == BUNDLED:
            return value
        path = Path(value).expanduser()
        if not path.is_file():
            where = "the home folder" if value.startswith("~") else "the working folder"
            raise spec.refuse(name, value, got=f"{value!r}: no such file, looked up from {where}")
        if path.stat().st_size > MAX_DATASET_BYTES:
            raise ParameterError(f"{name}: {value!r} has {path.stat().st_size:,} bytes; at most "
                                 f"{MAX_DATASET_BYTES:,} are read (a limit that keeps memory bounded)")
        try:
            path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ParameterError(f"{name}: {value!r} is not UTF-8 (byte {error.start} cannot be decoded); save it "
                                 f"as UTF-8") from None
        return value

    def allowed_text(self, spec) -> str:
        return f"{BUNDLED!r} or the path of a CSV file"

    def short_text(self, spec) -> str:
        return f"{BUNDLED!r} or a CSV path"


KINDS = {
    "int": (Number, {"integer": True}), "float": (Number, {}), "quantity": (Quantity, {}), "bool": (Boolean, {}),
    "str": (Text, {}), "choice": (Choice, {}), "choices": (Choices, {}), "date": (Date, {}), "dataset": (Dataset, {}),
}
"""The kind names of `param`: the class each names, and the settings the name implies ("int": a whole Number)."""


def make_kind(name: str, **settings) -> Kind:
    """The kind named `name` with its settings, e.g. make_kind("float", low=0, high=1)."""
    if name not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)} (got {name!r})")
    kind, implied = KINDS[name]
    known = [field.name for field in dataclasses.fields(kind) if field.name not in implied]
    unknown = [setting for setting in settings if setting not in known]
    if unknown:
        raise ValueError(f"kind {name!r} takes {', '.join(known) or 'no setting'} (got {', '.join(unknown)})")
    return kind(**implied, **settings)

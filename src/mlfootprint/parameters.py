"""Notebook parameters, declared once: name, type, default, unit, allowed values and help.

A notebook's parameters are a frozen dataclass (listed in `mlfootprint.catalogue`) whose fields are made with
`param()`. Everything else derives from that one declaration:

- the check of every value: constructing the dataclass converts and validates each field (the notebook's cell after
  `parameters` does this), and `from_values` also refuses unknown names; the command line calls it before any
  kernel starts;
- the listing of `mlfootprint params NOTEBOOK`;
- the text of the notebook's `parameters` cell (a test keeps the stored cell equal to it).

Values given as text (command line) follow the same rules as values from YAML files: "1e6", "-3e-2" and "2.5E0"
are numbers, "true"/"false" are booleans, "none" is None. A "quantity" is a number in the parameter's unit, or a text
"0.954 lb/kWh" in one of its other `units`, converted to its unit.

This module imports no third-party package, so that checking parameters costs milliseconds.
"""

import csv
import dataclasses
import datetime as dt
import difflib
import math
import numbers
import re
from dataclasses import dataclass
from pathlib import Path

from .checks import ParameterError
from .paths import data_file

MAX_LISTED = 12
"""Most allowed values an error message lists; beyond, it names the file and the closest values."""
KINDS = ("int", "float", "quantity", "bool", "str", "choice", "choices", "date", "dataset")
BUNDLED = "bundled"


@dataclass(frozen=True)
class Spec:
    """What one parameter accepts. `low`/`high` bound numbers (open ends with `low_open`/`high_open`); `limit`
    says why `high` is where it is; `choices` lists allowed text, or `choices_from` names a data file and column
    whose values are allowed besides any `choices` (`ignore_case`: matched whatever the case, and returned as listed); `units` (kind
    "quantity") maps other units to their value in `unit`; `optional`: None is allowed and means what `none_means`
    says."""

    kind: str
    unit: str
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    limit: str = ""
    choices: tuple = ()
    choices_from: tuple[str, str] | None = None
    optional: bool = False
    none_means: str = ""
    all_allowed: bool = False  # kind "choices": the text "all" stands for every choice
    ignore_case: bool = False
    units: tuple[tuple[str, float], ...] = ()

    def allowed(self) -> tuple:
        """The allowed values of a choice parameter (read from the data file when `choices_from` is set)."""
        if self.choices_from is None:
            return self.choices
        return self.choices + column_values(*self.choices_from)


def param(default, kind: str, help: str, unit: str = "", **spec):
    """A dataclass field declaring one notebook parameter (see Spec for the keywords)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)} (got {kind!r})")
    metadata = {"spec": Spec(kind, unit, help, **spec)}
    if isinstance(default, list):
        return dataclasses.field(default_factory=lambda: list(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def column_values(file: str, column: str) -> tuple[str, ...]:
    """The values of one column of a data file, read with the csv module (cheap: no pandas)."""
    with data_file(file).open(newline="", encoding="utf-8-sig") as handle:
        return tuple(row[column].strip() for row in csv.DictReader(handle))


def _interval(spec: Spec) -> str:
    def bound(value, infinite):
        if value is None:
            return infinite
        return f"{value:,.0f}" if float(value).is_integer() and abs(value) < 1e10 else f"{value:,g}"

    left = "(" if spec.low_open or spec.low is None else "["
    right = ")" if spec.high_open or spec.high is None else "]"
    return f"{left}{bound(spec.low, '-inf')}, {bound(spec.high, 'inf')}{right}"


def allowed_text(spec: Spec) -> str:
    """What a parameter accepts, in words ("a number in (0, 1]", "one of 'lb', 'kg'")."""
    if spec.kind in ("int", "float"):
        text = f"{'a whole number' if spec.kind == 'int' else 'a number'} in {_interval(spec)}"
    elif spec.kind == "quantity":
        text = f"a number in {_interval(spec)} {spec.unit}, or one with its unit ({_unit_examples(spec)})"
    elif spec.kind == "bool":
        text = "True or False"
    elif spec.kind == "choice":
        text = "one of " + ", ".join(map(repr, spec.allowed()))
    elif spec.kind == "choices":
        text = ("'all' or " if spec.all_allowed else "") + "a non-empty list of " + ", ".join(
            map(repr, spec.allowed()))
    elif spec.kind == "date":
        text = "a year (e.g. 2012) or a date as YYYY-MM-DD" + "".join(f" or {c!r}" for c in spec.choices)
    elif spec.kind == "dataset":
        text = f"{BUNDLED!r} or the path of a CSV file"
    else:
        text = "text"
    return text + (" or None" if spec.optional else "")


def _unit_examples(spec: Spec) -> str:
    return ", ".join(f"'1 {unit}'" for unit, _ in spec.units)


QUANTITY = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S*)\s*")


def _quantity(value, spec: Spec):
    """A quantity in the spec's unit: a number as it is, or "0.954 lb/kWh" converted; None when unreadable."""
    if _is_number(value):
        return value
    match = QUANTITY.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    factors = {unit.casefold(): factor for unit, factor in ((spec.unit, 1.0), *spec.units)}
    unit = match.group(2).casefold()
    if unit and unit not in factors:
        return None
    return float(match.group(1)) * factors.get(unit, 1.0)


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


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def convert(name: str, value, spec: Spec):
    """Check `value` against `spec` and return it in its canonical form (int, float, bool, str, list of str, or a
    date as "YYYY-MM-DD"); ParameterError names the parameter, the value and what is allowed."""
    def refuse(extra: str = ""):
        why = f"; {spec.limit}" if extra == "limit" and spec.limit else ""
        return ParameterError(f"{name} must be {allowed_text(spec)} (got {value!r}){why}")

    if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "null") and spec.kind != "str"):
        if spec.optional:
            return None
        raise refuse()
    if spec.kind in ("int", "float", "quantity"):
        if spec.kind == "quantity":
            number = _quantity(value, spec)
        else:
            number = _number_from_text(value.strip()) if isinstance(value, str) else value
        if _is_number(number) and spec.kind != "quantity":
            value = number  # shown as a number in the message (a quantity as given, with its unit)
        if not _is_number(number) or not math.isfinite(number):
            raise refuse()
        if spec.kind == "int":
            if float(number) != int(number):
                raise refuse()
            number = int(number)
        else:
            number = float(number)
        if spec.low is not None and (number <= spec.low if spec.low_open else number < spec.low):
            raise refuse()
        if spec.high is not None and (number >= spec.high if spec.high_open else number > spec.high):
            raise refuse("limit")
        return number
    if spec.kind == "bool":
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if not isinstance(value, bool):
            raise refuse()
        return value
    if spec.kind == "str":
        if not isinstance(value, str):
            raise refuse()
        return value
    if spec.kind == "choice":
        if spec.ignore_case and isinstance(value, str):
            value = {a.casefold(): a for a in spec.allowed()}.get(value.strip().casefold(), value)
        if not isinstance(value, str) or value not in spec.allowed():
            allowed = spec.allowed()
            close = _close(str(value), allowed, spec.ignore_case)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            expected = allowed_text(spec)
            if len(allowed) > MAX_LISTED and spec.choices_from:  # one readable line: the closest names, not all
                file, column = spec.choices_from
                expected = f"one of the {len(allowed)} {column}s in data/{file}" + (
                    " (any case)" if spec.ignore_case else "") + (" or None" if spec.optional else "")
            raise ParameterError(f"{name} must be {expected} (got {value!r}){hint}")
        return value
    if spec.kind == "choices":
        if spec.all_allowed and value == "all":
            return "all"
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not items or not all(isinstance(v, str) for v in items):
            raise refuse()
        unknown = [v for v in items if v not in spec.allowed()]
        if unknown:
            raise ParameterError(f"{name} must be {allowed_text(spec)} (got {unknown[0]!r} in {value!r})")
        return list(dict.fromkeys(items))
    if spec.kind == "date":
        return _date(name, value, spec)
    if spec.kind == "dataset":
        if not isinstance(value, str) or not value.strip():
            raise refuse()
        if value != BUNDLED:
            _check_dataset_file(name, value, spec)
        return value
    raise ValueError(f"unknown kind {spec.kind!r}")


def _close(value: str, allowed, ignore_case: bool) -> list[str]:
    """Up to three allowed values close to `value` (difflib), compared case-insensitively with `ignore_case`; with
    `ignore_case`, values that contain the text come first ("a100" -> "A100 SXM4", "A100 PCIe 40GB", ...)."""
    if not ignore_case:
        return difflib.get_close_matches(value, allowed, n=3)
    folded = {a.casefold(): a for a in allowed}
    text = value.strip().casefold()
    containing = [c for c in folded if text and text in c]
    return [folded[c] for c in dict.fromkeys(containing + difflib.get_close_matches(text, folded, n=3))][:3]


MAX_DATASET_BYTES = 100_000_000
"""Largest dataset file read (100 MB, about thirty times Epoch AI's whole database): keeps memory bounded."""


def _check_dataset_file(name: str, value: str, spec: Spec) -> None:
    path = Path(value).expanduser()
    if not path.is_file():
        raise ParameterError(f"{name} must be {allowed_text(spec)} (got {value!r}: no such file, looked up from "
                             f"{'the home folder' if value.startswith('~') else 'the working folder'})")
    if path.stat().st_size > MAX_DATASET_BYTES:
        raise ParameterError(f"{name}: {value!r} has {path.stat().st_size:,} bytes; at most {MAX_DATASET_BYTES:,} "
                             f"are read (a limit that keeps memory bounded)")
    try:
        path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParameterError(f"{name}: {value!r} is not UTF-8 (byte {error.start} cannot be decoded); save it as "
                             f"UTF-8") from None


def _date(name: str, value, spec: Spec) -> str:
    if isinstance(value, str) and value in spec.choices:
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if _is_number(value) and float(value).is_integer():
        value = str(int(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            day = dt.date(int(text), 1, 1) if text.isdigit() and len(text) == 4 else dt.date.fromisoformat(text)
            return day.isoformat()
        except ValueError:
            pass
    raise ParameterError(f"{name} must be {allowed_text(spec)} (got {value!r})")


@dataclass(frozen=True)
class Parameters:
    """Base of every notebook's parameters. Constructing one converts and checks each field; a subclass may add
    `check()` for rules that tie parameters together (e.g. start before end)."""

    def __post_init__(self):
        for field in dataclasses.fields(self):
            object.__setattr__(self, field.name, convert(field.name, getattr(self, field.name), spec_of(field)))
        self.check()

    def check(self) -> None:
        """Rules between parameters; the base class has none."""

    @classmethod
    def specs(cls) -> dict[str, tuple[object, Spec]]:
        """name -> (default, Spec), in declaration order."""
        return {f.name: (f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default,
                         spec_of(f)) for f in dataclasses.fields(cls)}

    @classmethod
    def from_values(cls, values: dict):
        """Parameters from a mapping of names to values (defaults for the rest); unknown names are refused."""
        known = cls.specs()
        for name in values:
            if name not in known:
                close = difflib.get_close_matches(str(name), known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ParameterError(f"unknown parameter {name!r}{hint} Expected one of {', '.join(known)}")
        return cls(**values)

    def values(self) -> dict:
        """Every parameter's canonical value."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def changed(self) -> dict:
        """The parameters that differ from their defaults (what a run passes to its notebook)."""
        defaults = {name: convert(name, default, spec) for name, (default, spec) in self.specs().items()}
        return {name: value for name, value in self.values().items() if value != defaults[name]}


def spec_of(field) -> Spec:
    return field.metadata["spec"]


def _literal(value) -> str:
    """A default as Python source: floats of 1e5 and more in exponent form (1.2e+06, not 1200000.0)."""
    if isinstance(value, float) and abs(value) >= 1e5:
        return f"{value:.6g}"
    return repr(value)


def short_allowed(spec: Spec) -> str:
    """What a parameter accepts, in a few words for the comment of a `parameters` cell."""
    if spec.kind in ("int", "float"):
        text = ("whole number in " if spec.kind == "int" else "") + _interval(spec)
    elif spec.kind == "quantity":
        text = f"{_interval(spec)}, or text with a unit: {_unit_examples(spec)}"
    elif spec.kind in ("choice", "choices") and spec.choices_from:
        file, column = spec.choices_from
        text = f"a {column} in data/{file}" if spec.kind == "choice" else f"a list of {column}s in data/{file}"
        text += ", any case" if spec.ignore_case else ""
        text = ("'all' or " if spec.all_allowed else "") + "".join(f"{c!r} or " for c in spec.choices) + text
    elif spec.kind == "choice":
        text = " or ".join(map(repr, spec.choices))
    elif spec.kind == "choices":
        text = "a list of " + ", ".join(map(repr, spec.choices))
    elif spec.kind == "date":
        text = "year or YYYY-MM-DD" + "".join(f" or {c!r}" for c in spec.choices)
    elif spec.kind == "dataset":
        text = f"{BUNDLED!r} or a CSV path"
    else:
        text = {"bool": "True or False", "str": "text"}[spec.kind]
    return text + (" or None" if spec.optional else "")


def cell_source(parameters: type[Parameters]) -> str:
    """The text of a notebook's `parameters` cell, made from the declaration: one line per parameter,
    `name = default  # help (unit, allowed values; None: meaning)`."""
    lines = []
    for name, (default, spec) in parameters.specs().items():
        unit = f"{spec.unit}, " if spec.unit else ""
        none = f"; None: {spec.none_means}" if spec.optional and spec.none_means else ""
        lines.append(f"{name} = {_literal(default)}  # {spec.help} ({unit}{short_allowed(spec)}{none})")
    return "\n".join(lines)


def listing(parameters: type[Parameters]) -> list[dict]:
    """Each parameter as a row for `mlfootprint params`: name, default, unit, allowed, help."""
    return [{"name": name, "default": _literal(default), "unit": spec.unit or "-",
             "allowed": allowed_text(spec) + (f" ({spec.limit})" if spec.limit else ""),
             "help": spec.help + (f"; None: {spec.none_means}" if spec.optional and spec.none_means else "")}
            for name, (default, spec) in parameters.specs().items()]

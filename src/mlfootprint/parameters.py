"""Notebook parameters, declared once: name, kind, default, unit, allowed values and help.

A notebook's parameters are a frozen dataclass (listed in `mlfootprint.catalogue`) whose fields are made with
`param()`. Everything else derives from that one declaration:

- the check of every value: constructing the dataclass converts and validates each field (the notebook's cell after
  `parameters` does this), and `from_values` also refuses unknown names; the command line calls it before any
  kernel starts;
- the listing of `mlfootprint params NOTEBOOK`;
- the text of the notebook's `parameters` cell (a test keeps the stored cell equal to it).

Each kind (a number, a quantity with units, a choice, a date, ...) is a class of `mlfootprint.parameter_kinds` that
converts, checks and describes its own values. Values given as text (command line) follow the same rules as values
from YAML files: "1e6", "-3e-2" and "2.5E0" are numbers, "true"/"false" are booleans, "none" is None. A "quantity" is
a number in the parameter's unit, or a text "0.954 lb/kWh" in one of its other `units`, converted to its unit.

This module imports no third-party package, so that checking parameters costs milliseconds.
"""

import dataclasses
import difflib
from dataclasses import dataclass

from .checks import ParameterError
from .parameter_kinds import BUNDLED, KINDS, MAX_LISTED, Kind, column_values, make_kind

__all__ = ["BUNDLED", "KINDS", "MAX_LISTED", "Parameters", "Spec", "cell_source", "column_values", "convert",
           "listing", "param", "spec_of"]


@dataclass(frozen=True, init=False)
class Spec:
    """What one parameter accepts: its `kind` (a `parameter_kinds.Kind`, made from a kind name and its settings:
    Spec("float", "ratio", "data-centre PUE", low=1, high=5)), its unit and help; `optional`: None is allowed and
    means what `none_means` says; `limit` says why the upper bound is where it is."""

    kind: Kind
    unit: str
    help: str
    optional: bool
    none_means: str
    limit: str

    def __init__(self, kind: str | Kind, unit: str = "", help: str = "", *, optional: bool = False,
                 none_means: str = "", limit: str = "", **settings):
        if isinstance(kind, str):
            kind = make_kind(kind, **settings)
        elif settings:
            raise ValueError(f"settings {', '.join(settings)} belong in the kind {kind!r}")
        for name, value in (("kind", kind), ("unit", unit), ("help", help), ("optional", optional),
                            ("none_means", none_means), ("limit", limit)):
            object.__setattr__(self, name, value)

    def convert(self, name: str, value):
        """`value` checked and in its canonical form (int, float, bool, str, list of str, or a date as
        "YYYY-MM-DD"), or None where allowed; ParameterError names the parameter, the value and what is allowed."""
        if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "null")
                             and self.kind.none_in_text):
            if self.optional:
                return None
            raise self.refuse(name, value)
        return self.kind.convert(name, value, self)

    def refuse(self, name: str, value, hint: str = "", expected: str | None = None, got: str | None = None):
        """The error for a refused value: `name must be <what is allowed> (got <value>)<hint>`."""
        expected = (self.kind.allowed_text(self) if expected is None else expected) + self._none()
        return ParameterError(f"{name} must be {expected} (got {repr(value) if got is None else got}){hint}")

    def allowed_text(self) -> str:
        """What the parameter accepts, in words ("a number in (0, 1]", "one of 'lb', 'kg'")."""
        return self.kind.allowed_text(self) + self._none()

    def short_text(self) -> str:
        """What the parameter accepts, in a few words for the comment of a `parameters` cell."""
        return self.kind.short_text(self) + self._none()

    def _none(self) -> str:
        return " or None" if self.optional else ""


def param(default, kind: str, help: str, unit: str = "", **spec):
    """A dataclass field declaring one notebook parameter: `kind` names a kind of `parameter_kinds.KINDS` ("int",
    "float", "quantity", "bool", "str", "choice", "choices", "date", "dataset"); the keywords are the kind's
    settings (low, high, choices, ...) and the Spec's (optional, none_means, limit)."""
    metadata = {"spec": Spec(kind, unit, help, **spec)}
    if isinstance(default, list):
        return dataclasses.field(default_factory=lambda: list(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def convert(name: str, value, spec: Spec):
    """Check `value` against `spec` and return it in its canonical form (see `Spec.convert`)."""
    return spec.convert(name, value)


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


def cell_source(parameters: type[Parameters]) -> str:
    """The text of a notebook's `parameters` cell, made from the declaration: one line per parameter,
    `name = default  # help (unit, allowed values; None: meaning)`."""
    lines = []
    for name, (default, spec) in parameters.specs().items():
        unit = f"{spec.unit}, " if spec.unit else ""
        none = f"; None: {spec.none_means}" if spec.optional and spec.none_means else ""
        lines.append(f"{name} = {_literal(default)}  # {spec.help} ({unit}{spec.short_text()}{none})")
    return "\n".join(lines)


def listing(parameters: type[Parameters]) -> list[dict]:
    """Each parameter as a row for `mlfootprint params`: name, default, unit, allowed, help."""
    return [{"name": name, "default": _literal(default), "unit": spec.unit or "-",
             "allowed": spec.allowed_text() + (f" ({spec.limit})" if spec.limit else ""),
             "help": spec.help + (f"; None: {spec.none_means}" if spec.optional and spec.none_means else "")}
            for name, (default, spec) in parameters.specs().items()]

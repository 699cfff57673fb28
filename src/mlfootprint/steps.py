"""One analysis as one chain of named steps, written once and read by everyone: the notebook's cells (one step a
cell), the Python API (`Steps(params).ledger`, `.figures()`), the tests and the command line.

An analysis module subclasses `Steps`: each intermediate result is a `step` (computed on first use, then kept), each
figure a `figure("stem")` step (the stem names its files, declared nowhere else), and `recomputed` (plus
`table_rows` where a published table is judged cell by cell) feeds the ledger. `TABLES` names the steps written as
CSV beside the ledger.

    run = strubell_energy_table.Steps(params)
    run.table3            # a step
    run.ledger            # the "Does it reproduce?" ledger
    run.save_tables(out)  # every table and the ledger, as CSV
"""

from functools import cached_property

from . import claims, energy
from .outputs import output_dir, save_table
from .paths import LEDGER_FILE
from .plotting import savefig

step = cached_property
"""A step of the chain: computed the first time it is read, then kept (so every later step sees the same value)."""


class figure:  # noqa: N801 (a decorator, named as one)
    """A step that draws: `@figure("stem")` over a method that returns a matplotlib Figure (or None when the run
    has nothing to draw, e.g. an experiment not run). The figure is drawn once per run and labelled with its stem,
    by which `savefig` names its files."""

    def __init__(self, stem: str):
        self.stem = stem

    def __call__(self, method):
        self.method = method
        self.__doc__ = method.__doc__
        return self

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, steps, owner=None):
        if steps is None:
            return self
        fig = self.method(steps)
        if fig is not None:
            fig.set_label(self.stem)
        steps.__dict__[self.name] = fig  # kept: the next read finds it before this descriptor
        return fig


class Steps:
    """The chain of one notebook's analysis for one set of parameters (see the module's docstring)."""

    NOTEBOOK = None
    """The catalogue entry of the notebook (set by each analysis)."""
    TABLES: tuple[str, ...] = ()
    """Steps written as CSV by `save`, in order; a step's file is its name with - for _ (`table3` -> table3.csv)."""
    FILES: tuple[str, ...] = ()
    """Other files the notebook writes (e.g. an estimate's statement), for the README's list of outputs."""

    def __init__(self, params):
        self.params = params

    def output_dir(self):
        """The folder this run writes to (see `mlfootprint.outputs.output_dir`)."""
        return output_dir(self.NOTEBOOK)

    @step
    def recomputed(self) -> claims.Recomputed:
        """The notebook's claims recomputed (each analysis defines it)."""
        raise NotImplementedError

    table_rows: list = ()
    """Ledger rows judged cell by cell (e.g. one per cell of a published table), after the claims."""

    @step
    def ledger(self):
        """The "Does it reproduce?" ledger: every claim of the notebook in data/claims.csv judged, then `table_rows`."""
        return claims.ledger(self.NOTEBOOK, self.recomputed, table_rows=self.table_rows)

    def check(self) -> None:
        """Refuse, before any run is started (ParameterError, one line), parameters that pass their declaration but
        that this analysis's data cannot serve (e.g. an era left with too few systems to fit); nothing by default.
        Cheap: it reads data, never fits or draws."""

    def used_factors(self) -> dict:
        """The PUE and grid factor (g CO2e/kWh) this run used, recorded in its run.json for pooling a class's runs:
        those of the `factors` step when it is one pair (`energy.Factors`); {} when the analysis has no single pair
        (an analysis whose step computes something else says what it used by overriding this). Cheap: no sampling."""
        if not isinstance(getattr(type(self), "factors", None), step):
            return {}
        factors = self.factors
        if not isinstance(factors, energy.Factors):
            return {}
        return {"pue": factors.pue, "grid_g_per_kwh": factors.g_per_kwh}

    @classmethod
    def figure_steps(cls) -> list[figure]:
        """The figure steps, in the order they are defined (the order the notebook shows them)."""
        seen = {}
        for klass in reversed(cls.__mro__):
            seen.update({name: value for name, value in vars(klass).items() if isinstance(value, figure)})
        return list(seen.values())

    @classmethod
    def figure_stems(cls) -> list[str]:
        return [f.stem for f in cls.figure_steps()]

    def figures(self):
        """Every figure the run draws, as (stem, Figure), in order."""
        for each in self.figure_steps():
            fig = getattr(self, each.name)
            if fig is not None:
                yield each.stem, fig

    def tables(self) -> dict:
        """Every table the run writes, by file stem, the ledger last (a step that is None is not written)."""
        named = {name.replace("_", "-"): getattr(self, name) for name in self.TABLES}
        named = {stem: table for stem, table in named.items() if table is not None}
        return {**named, LEDGER_FILE.removesuffix(".csv"): self.ledger}

    def save_tables(self, out) -> None:
        """Write every table and the ledger as CSV into the run's folder `out`."""
        for stem, table in self.tables().items():
            save_table(table, out, stem)

    def save(self, out) -> None:
        """Write every table, the ledger and every figure (PNG and SVG) into `out`: the whole run in one call."""
        self.save_tables(out)
        for _, fig in self.figures():
            savefig(fig, out)

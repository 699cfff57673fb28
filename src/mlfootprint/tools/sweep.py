"""Parameter sweeps over one notebook: a grid of parameter values or the named scenarios, each run in its own
folder, in parallel on local processes or a Dask cluster, with DIR/summary.csv collecting every run's result.

Every value of every run is checked against the notebook's declared parameters before anything runs. Re-running
the same sweep keeps the runs that are complete and current (same parameters, notebook, package, data and
versions) and redoes the rest; `force` redoes all.
"""

import csv
import hashlib
import io
import itertools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..catalogue import NOTEBOOKS, Notebook
from ..checks import ParameterError
from ..notebook_parameters import SCENARIOS
from ..parameters import Parameters, column_values
from ..paths import ledger_file
from . import cluster, folders, processes, runner
from .engine import engine_name
from .publishing import RECORD, failed_folder, read_record
from .runner import RunResult, Task
from .yamlfile import read_yaml

ALL = "all"
MAX_RUNS_WITHOUT_YES = 500
MAX_RUNS = 10_000
"""Most runs of one sweep: each writes a folder of up to 2 MB (notebook 04), so 10,000 fill about 20 GB."""
RESERVED_NAMES = ("summary.csv",)  # SUMMARY


@dataclass(frozen=True)
class Run:
    """One run of a sweep: its folder name and its checked parameters."""

    name: str
    parameters: Parameters


MAX_RUN_NAME = 80
"""The longest run name a grid may give (it becomes a folder name, beside the tool's own suffixes)."""


def _safe_name(name) -> str:
    """The folder name of a run named in a grid; ParameterError (one line) for a name that cannot be one."""
    if len(str(name)) > MAX_RUN_NAME:
        raise ParameterError(f"run name {str(name)[:40]!r}... is {len(str(name))} characters long; give at most "
                             f"{MAX_RUN_NAME}")
    safe = re.sub(r"[^A-Za-z0-9.=_+-]+", "-", str(name)).strip("-.")
    if not safe:
        raise ParameterError(f"run name {name!r} has no letters or digits to make a folder name from")
    if safe in RESERVED_NAMES or folders.reserved(safe):
        raise ParameterError(f"run name {name!r} is reserved: the tool itself uses summary.csv and names ending in "
                             f"{', '.join(folders.RESERVED_SUFFIXES)}")
    return safe


def _name(parameters: Parameters, given) -> str:
    """A run's folder name from the values the grid gives (in their checked form)."""
    values = parameters.values()
    return folders.folder_name({name: values[name] for name in given})


def _checked(notebook: Notebook, values: dict, where: str) -> Parameters:
    try:
        return notebook.parameters.from_values(values)
    except ParameterError as error:
        raise ParameterError(f"{where}: {error}") from None


def check_count(count: int, yes: bool, where: str = "this sweep") -> None:
    """Refuse a sweep of more than MAX_RUNS runs, or of more than MAX_RUNS_WITHOUT_YES without `yes`."""
    if count > MAX_RUNS:
        raise ParameterError(f"{where} has {count:,} runs; a sweep may have at most {MAX_RUNS:,} (each run writes a "
                             f"folder of up to 2 MB): split it")
    if count > MAX_RUNS_WITHOUT_YES and not yes:
        raise ParameterError(f"{where} has {count:,} runs, more than {MAX_RUNS_WITHOUT_YES}; add --yes to start it")


def read_grid(path, notebook: Notebook, yes: bool = False) -> list[Run]:
    """Runs from a YAML grid: either a mapping of parameter names to lists of values (the runs are their product;
    a single value counts as a list of one), or `runs:`, a list of mappings, each with an optional `name`. The
    number of runs is checked (`check_count`) from the grid's shape, before any run is built."""
    path = Path(path)
    grid = read_yaml(path)
    if not isinstance(grid, dict) or not grid:
        raise ParameterError(f"{path}: expected a mapping of parameter names to lists of values, or 'runs:'")
    if "runs" in grid:
        if len(grid) > 1 or not isinstance(grid["runs"], list) or not grid["runs"]:
            raise ParameterError(f"{path}: 'runs' must be the only key and hold a non-empty list of mappings")
        check_count(len(grid["runs"]), yes, f"{path}")
        runs = []
        for i, entry in enumerate(grid["runs"], start=1):
            if not isinstance(entry, dict):
                raise ParameterError(f"{path}: run {i} must be a mapping of parameter names to values")
            entry = dict(entry)
            name = entry.pop("name", None)
            parameters = _checked(notebook, entry, f"{path.name}, run {i}")
            runs.append(Run(_safe_name(name) if name is not None else _name(parameters, entry), parameters))
    else:
        lists = {name: value if isinstance(value, list) else [value] for name, value in grid.items()}
        if any(not values for values in lists.values()):
            raise ParameterError(f"{path}: every parameter needs at least one value")
        check_count(math.prod(len(values) for values in lists.values()), yes, f"{path}")
        _checked(notebook, {name: values[0] for name, values in lists.items()}, path.name)  # names first
        runs = []
        for combination in itertools.product(*lists.values()):
            parameters = _checked(notebook, dict(zip(lists, combination)), path.name)
            runs.append(Run(_name(parameters, lists), parameters))
    names = [r.name for r in runs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ParameterError(f"{path}: several runs would share the folder {duplicates[0]!r} (the same values, or "
                             f"the same name); give them different names")
    return runs


def scenario_runs(which: str, notebook: Notebook) -> list[Run]:
    """One run per named scenario of data/scenarios.csv ("all", or names separated by commas)."""
    if "scenario" not in notebook.parameters.specs():
        takes = [n.number for n in NOTEBOOKS if "scenario" in n.parameters.specs()]
        raise ParameterError(f"--scenarios needs a notebook with a 'scenario' parameter ({', '.join(takes)}); "
                             f"{notebook.stem} has none")
    known = list(column_values(*SCENARIOS))
    names = known if which == ALL else [n.strip() for n in which.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise ParameterError(f"--scenarios must be 'all' or names from data/scenarios.csv: {', '.join(known)} "
                             f"(got {which!r})")
    twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if twice:
        raise ParameterError(f"--scenarios names {twice!r} twice (got {which!r}); give each scenario once")
    return [Run(f"scenario={name}", notebook.parameters(scenario=name)) for name in names]


def run_sweep(notebook: Notebook, runs: list[Run], out_dir, jobs: int | None = None, scheduler: str | None = None,
              force: bool = False, engine: str = "warm", yes: bool = False, on_start=None,
              on_done=None) -> list[RunResult]:
    """Run every run of the sweep into out_dir/<run name>/ and rebuild out_dir/summary.csv. Everything is checked
    before anything is written; `on_start()` is called once every check has passed, just before the first run."""
    check_count(len(runs), yes)
    engine = engine_name(engine)
    if scheduler:
        cluster.check_scheduler(scheduler)
    out_dir = folders.check_target(out_dir, "sweep")
    with processes.held():
        planned = runner.plan([Task(notebook, run.parameters, out_dir / run.name) for run in runs], force)
        with folders.Lock(out_dir):
            folders.make_folder(out_dir, "sweep")
            if on_start:
                on_start()
            try:
                return runner.execute(planned, jobs, engine, scheduler, on_done)
            finally:
                summary(runs, out_dir, notebook)


SUMMARY = "summary.csv"
CHECK = "check"
"""The last column of a summary: the sha256 of the row's other cells (`row_check`), so that a cell edited afterwards
(a verdict changed in a spreadsheet) no longer matches."""


def summary(runs: list[Run], out_dir: Path, notebook: Notebook):
    """One row per run, rebuilt from what is on disk: its notebook, parameters, status (complete, failed or not
    run), error line, folder, the PUE and grid factor it used (`factor:pue`, `factor:grid_g_per_kwh`, from its
    run.json), the sha256 of its ledger, then for every claim of its ledger the recomputed value and the verdict
    (`recomputed:<claim_id>`, `verdict:<claim_id>`), and the row's `check`. Written atomically to
    out_dir/summary.csv."""
    import pandas as pd

    rows = [_summary_row(run, out_dir, notebook) for run in runs]
    table = pd.DataFrame(rows)
    last = [c for c in table.columns if c.startswith("factor:")] + ["ledger_sha256"] * (
        "ledger_sha256" in table.columns) + [c for c in table.columns if c.startswith(("recomputed:", "verdict:"))]
    middle = ["status", "error", "folder"]
    parameters = [c for c in table.columns if c not in ["run", "notebook", *middle, *last]]
    table = table[["run", "notebook", *parameters, *middle, *last]]
    folders.atomic_write(out_dir / SUMMARY, with_row_checks(table.to_csv(index=False)))
    return table


def _summary_row(run: Run, out_dir: Path, notebook: Notebook) -> dict:
    """The summary row of one run (see `summary`)."""
    import pandas as pd

    folder, failed = out_dir / run.name, failed_folder(out_dir / run.name)
    row = {"run": run.name, "notebook": notebook.stem, **run.parameters.changed(), "status": "not run", "error": "",
           "folder": run.name}
    complete, failure = read_record(folder), read_record(failed)
    if failure is not None and (complete is None or (failed / RECORD).stat().st_mtime
                                >= (folder / RECORD).stat().st_mtime):
        kept = "; an earlier complete run is kept" if complete is not None else ""
        row.update(status="failed", folder=failed.name, error=failure.get("error", "") + kept)
    elif complete is not None:
        row.update(status="complete", ledger_sha256=complete.get("ledger_sha256", ""))
        row.update({f"factor:{name}": value for name, value in (complete.get("factors") or {}).items()})
        ledger = ledger_file(folder)
        if ledger.is_file():
            claims = pd.read_csv(ledger, keep_default_na=False, na_values=[""])
            verdicts = claims["verdict"] if "verdict" in claims.columns else [None] * len(claims)
            for claim_id, value, verdict in zip(claims["claim_id"], claims["recomputed"], verdicts):
                row[f"recomputed:{claim_id}"] = value
                if verdict is not None:
                    row[f"verdict:{claim_id}"] = verdict
    return row


def row_check(cells: dict) -> str:
    """The sha256 of a summary row's cells as written (text), its `check` left out."""
    content = {name: value for name, value in cells.items() if name != CHECK}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def with_row_checks(text: str) -> str:
    """A summary's CSV text with a last column `check` on every row (`row_check`)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0] + [CHECK]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for cells in rows[1:]:
        writer.writerow(cells + [row_check(dict(zip(rows[0], cells)))])
    return out.getvalue()

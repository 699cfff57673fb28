"""Parameter sweeps over one notebook: a grid of parameter values or the named scenarios, each run in its own
folder, in parallel on local processes or a Dask cluster, with DIR/summary.csv collecting every run's result.

Re-running the same sweep skips runs that completed (their folder exists, without suffix, with the same
parameters) and redoes the rest; `force` redoes all.
"""

import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .checks import ParameterError, known_names
from .data import load_scenarios
from .runner import RunResult, folder_name, notebook_path, parameter_defaults, run_many
from .paths import shown

ALL = "all"


@dataclass(frozen=True)
class Run:
    """One run of a sweep: its folder name and its parameters."""

    name: str
    parameters: dict


def _safe_name(name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9.=_+-]+", "-", str(name)).strip("-.")
    if not safe:
        raise ParameterError(f"run name {name!r} has no letters or digits to make a folder name from")
    return safe


def read_grid(path, parameters: dict) -> list[Run]:
    """Runs from a YAML grid (safe loader): either a mapping of parameter names to lists of values (the runs are
    their product; a single value counts as a list of one) or `runs:`, a list of mappings, each with an
    optional `name`. Names not in the notebook's `parameters` are refused before anything runs."""
    import yaml

    path = Path(path)
    try:
        grid = yaml.safe_load(path.read_text())
    except OSError as error:
        raise ParameterError(f"{path}: cannot read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ParameterError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(grid, dict) or not grid:
        raise ParameterError(f"{path}: expected a mapping of parameter names to lists of values, or 'runs:'")
    if "runs" in grid:
        if len(grid) > 1 or not isinstance(grid["runs"], list) or not grid["runs"]:
            raise ParameterError(f"{path}: 'runs' must be the only key and hold a non-empty list of mappings")
        runs = []
        for i, entry in enumerate(grid["runs"], start=1):
            if not isinstance(entry, dict):
                raise ParameterError(f"{path}: run {i} must be a mapping of parameter names to values")
            entry = dict(entry)
            name = entry.pop("name", None)
            known_names(entry, parameters, what=f"parameter in {path.name}, run {i}:")
            runs.append(Run(_safe_name(name) if name is not None else folder_name(entry), entry))
    else:
        known_names(grid, parameters, what=f"parameter in {path.name}:")
        names = list(grid)
        lists = [value if isinstance(value, list) else [value] for value in grid.values()]
        if any(not values for values in lists):
            raise ParameterError(f"{path}: every parameter needs at least one value")
        runs = [Run(folder_name(dict(zip(names, combo))), dict(zip(names, combo)))
                for combo in itertools.product(*lists)]
    duplicates = sorted({r.name for r in runs if [x.name for x in runs].count(r.name) > 1})
    if duplicates:
        raise ParameterError(f"{path}: several runs would share the folder {duplicates[0]!r}; give them names")
    return runs


def scenario_runs(which: str, parameters: dict) -> list[Run]:
    """One run per named scenario of data/scenarios.csv ("all", or names separated by commas)."""
    if "scenario" not in parameters:
        raise ParameterError("--scenarios needs a notebook with a 'scenario' parameter "
                             "(04-strubell-energy-table, 05-co2e-comparisons)")
    known = list(load_scenarios().index)
    names = known if which == ALL else [n.strip() for n in which.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise ParameterError(f"--scenarios must be 'all' or names from data/scenarios.csv: {', '.join(known)} "
                             f"(got {which!r})")
    return [Run(f"scenario={name}", {"scenario": name}) for name in names]


def _complete(folder: Path, parameters: dict) -> bool:
    record = folder / "parameters.json"
    if not record.is_file():
        return False
    return json.loads(record.read_text()).get("parameters") == json.loads(json.dumps(parameters, default=str))


def run_sweep(notebook, runs: list[Run], out_dir, jobs: int | None = None, scheduler: str | None = None,
              force: bool = False, on_done=None) -> list[RunResult]:
    """Run every run of the sweep into out_dir/<run name>/; complete runs are kept unless `force`."""
    path, out_dir = notebook_path(notebook), Path(out_dir).resolve()
    results: dict[str, RunResult] = {}
    todo = []
    for run in runs:
        folder = out_dir / run.name
        if not force and _complete(folder, run.parameters):
            results[run.name] = RunResult(path.stem, run.parameters, folder, skipped=True)
            if on_done:
                on_done(results[run.name])
        else:
            todo.append(run)
    done = run_many([(path, run.parameters, out_dir / run.name) for run in todo], jobs, scheduler, on_done)
    results.update({run.name: result for run, result in zip(todo, done)})
    return [results[run.name] for run in runs]


def summary(runs: list[Run], results: list[RunResult], out_dir) -> pd.DataFrame:
    """One row per run: its parameters, status, error line, folder and the recomputed value of every claim of
    its ledger (columns `recomputed:<claim_id>`). Written to out_dir/summary.csv."""
    rows = []
    for run, result in zip(runs, results):
        row = {"run": run.name, **run.parameters,
               "status": "failed" if not result.ok else ("complete, kept" if result.skipped else "complete"),
               "error": result.error, "folder": shown(result.output_dir)}
        ledger = result.output_dir / "claims.csv"
        if result.ok and ledger.is_file():
            claims = pd.read_csv(ledger)
            row.update({f"recomputed:{c}": v for c, v in zip(claims["claim_id"], claims["recomputed"])})
        rows.append(row)
    table = pd.DataFrame(rows)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    table.to_csv(Path(out_dir) / "summary.csv", index=False)
    return table


def parameters_of(notebook) -> dict:
    """The notebook's parameter names and defaults (from its one cell tagged `parameters`)."""
    return parameter_defaults(notebook_path(notebook))

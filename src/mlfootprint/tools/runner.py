"""Run notebooks, each run into its own folder, several at a time, safely.

First `plan`: every input is checked and nothing is written (the notebooks, the datasets, the output folders), and
each run is compared with the complete run already on disk (see fingerprint.py). Then `execute`: the runs to do
start longest first, each in a child process forked from this one (processes.py) or on a Dask cluster (cluster.py),
through one papermill call whatever the engine (engine.py), and each is published as it ends (publishing.py).

Ctrl-C (SIGINT), SIGTERM or SIGHUP stops every child and everything it started (kernels included), removes their
unfinished folders and raises `Interrupted`; complete runs stay complete.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import catalogue
from ..catalogue import Notebook
from ..checks import ParameterError
from ..parameters import Parameters
from ..paths import DEFAULT_BUILD_DIR, RESULTS_DIR, shown
from . import cluster, datasets, folders, processes, publishing
from .engine import engine_name, execute_task, warm_up
from .fingerprint import fingerprint, package_hash, redo_reason, versions
from .notebookfiles import edited_parameters, sync_parameters_cell
from .processes import Interrupted


@dataclass(frozen=True)
class Task:
    """One run to do: a notebook with checked parameters, into a folder; `cwd` is where relative paths given as
    parameters are looked up (the user's working folder)."""

    notebook: Notebook
    parameters: Parameters
    out_dir: Path
    cwd: Path = field(default_factory=Path.cwd)


@dataclass
class RunResult:
    """What one run did: which notebook, with which parameters, where its outputs are, any error line, and whether
    an earlier complete run was kept (`skipped`) or why it was redone (`reason`)."""

    notebook: str
    parameters: dict
    output_dir: Path
    error: str = ""
    skipped: bool = False
    reason: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class Plan:
    """Checked tasks, the record each run will have, and why each must be done ("" when its complete run is kept)."""

    tasks: list
    records: list
    reasons: list
    store: bool = False


def plan(tasks: list[Task], force: bool = True, store: bool = False) -> Plan:
    """Check every task before anything is written (one line on the first problem) and compare each with its
    complete run on disk; without `force`, a run whose parameters and fingerprint match is kept."""
    if store and any(t.parameters.changed() for t in tasks):
        raise ParameterError("store: only a run with default parameters may replace the stored notebook")
    seen = {}
    for task in tasks:
        if task.out_dir in seen:
            raise ParameterError(f"two runs would write the same folder {shown(task.out_dir)} ({seen[task.out_dir]} "
                                 f"and {task.parameters.changed()}); give each run its own")
        seen[task.out_dir] = task.parameters.changed()
    for notebook in dict.fromkeys(t.notebook for t in tasks):
        refuse_edited(notebook)
    datasets.check_all(tasks)
    package, installed = package_hash(), versions()
    records = [{"notebook": t.notebook.stem, "parameters": t.parameters.changed(),
                "fingerprint": fingerprint(t.notebook, t.parameters, t.cwd, package, installed),
                "factors": used_factors(t.notebook, t.parameters)} for t in tasks]
    reasons = ["forced" if force else redo_reason(publishing.read_record(t.out_dir), record)
               for t, record in zip(tasks, records)]
    return Plan(list(tasks), records, reasons, store)


def used_factors(notebook: Notebook, parameters: Parameters) -> dict:
    """The PUE and grid factor a run of `notebook` uses (`Steps.used_factors`; {} for a notebook without an analysis
    module, such as the tests' tiny ones), once the analysis has checked the parameters against its data
    (`Steps.check`: a ParameterError before any run starts)."""
    try:
        module = notebook.module()
    except ModuleNotFoundError as error:
        if error.name != f"mlfootprint.analyses.{notebook.analysis}":
            raise
        return {}
    run = module.Steps(parameters)
    run.check()
    return run.used_factors()


def refuse_edited(notebook) -> None:
    """Refuse, in one line, a notebook whose stored `parameters` cell was edited (saved from JupyterLab, say): its
    runs would take the edit for the declared defaults, and record parameters that did not run."""
    changes = edited_parameters(notebook)
    edited = [line.split("  #")[0] for line in changes if not line.startswith("(missing)")]
    if changes:
        as_run = " ".join(f"-p {line.replace(' = ', ' ', 1)}" for line in edited)
        raise ParameterError(
            f"{shown(notebook.path)}: its parameters cell was edited ({'; '.join(edited) or 'a line removed'}), so its "
            f"runs would not be what they record; restore it (git checkout -- {shown(notebook.path)}, or make "
            f"notebooks) and give your values on the command line instead: mlfootprint run {notebook.number} {as_run}"
            .rstrip())


def execute(planned: Plan, jobs: int | None = None, engine: str = "warm", scheduler: str | None = None,
            on_done=None) -> list[RunResult]:
    """Do the planned runs, `jobs` at a time (default: one per core), longest first, each in a child process; or on
    the Dask cluster at `scheduler`. A failed run does not stop the others. `on_done(result)` is called as each
    finishes (and for each run kept). Results come back in the order of the tasks. The stop signals must be held
    (processes.held); on one, every child is stopped and Interrupted is raised."""
    tasks, results = planned.tasks, {}

    def finished(i: int, error: str, seconds: float, folder: Path) -> None:
        task = tasks[i]
        error, where = publishing.finish(folder, task.out_dir, planned.records[i], error, seconds)
        if not error and planned.store:
            task.notebook.path.write_bytes((where / task.notebook.path.name).read_bytes())
        results[i] = RunResult(task.notebook.stem, task.parameters.changed(), where, error, reason=planned.reasons[i],
                               seconds=seconds)
        if on_done:
            on_done(results[i])

    for i, task in enumerate(tasks):
        if not planned.reasons[i]:
            results[i] = RunResult(task.notebook.stem, task.parameters.changed(), task.out_dir, skipped=True)
            if on_done:
                on_done(results[i])
    todo = sorted((i for i, reason in enumerate(planned.reasons) if reason),
                  key=lambda i: -publishing.expected_seconds(tasks[i].out_dir, tasks[i].notebook.seconds))
    try:
        if scheduler:
            cluster.run_on_cluster([tasks[i] for i in todo], scheduler, engine,
                                   lambda k, error, seconds, folder: finished(todo[k], error, seconds, folder))
        elif todo:
            _run_here(tasks, todo, jobs, engine, finished)
    except Interrupted as stop:
        complete = sum(1 for r in results.values() if r.ok)
        raise Interrupted(stop.signum, complete, len(tasks)) from None
    return [results[i] for i in range(len(tasks))]


def _run_here(tasks, todo, jobs, engine, finished) -> None:
    """The runs of `todo`, each in a child process of this one."""
    if engine == "warm":
        notebooks = [tasks[i].notebook for i in todo]
        warm_up(set(notebooks), shared={n for n in notebooks if notebooks.count(n) > 1})
    temporary = {}

    def start(i: int) -> processes.Child:
        temporary[i] = folders.temporary_sibling(tasks[i].out_dir)
        return processes.fork(execute_task, tasks[i], temporary[i], engine)

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    processes.supervise(todo, start, lambda i, error, seconds: finished(i, error, seconds, temporary.pop(i)), jobs,
                        abandon=lambda i: folders.remove(temporary.pop(i)))


def run_many(tasks: list[Task], jobs: int | None = None, force: bool = True, store: bool = False,
             engine: str = "warm", scheduler: str | None = None, on_done=None) -> list[RunResult]:
    """`plan`, then `execute` (for callers of the Python API; the commands also lock their output folder)."""
    engine = engine_name(engine)
    with processes.held():
        return execute(plan(tasks, force, store), jobs, engine, scheduler, on_done)


def default_folder(notebook: Notebook, parameters: Parameters) -> Path:
    """results/runs/<notebook>/<parameters> for a run without --out."""
    return RESULTS_DIR / "runs" / notebook.stem / folders.folder_name(parameters.changed())


def build(out_dir: Path = DEFAULT_BUILD_DIR, jobs: int | None = None, store: bool = False, force: bool = False,
          engine: str = "warm", on_done=None) -> list[RunResult]:
    """Run every notebook with its defaults into out_dir/<notebook>/ (complete, current runs are kept unless
    `force`). With `store`, each executed notebook also replaces the stored one."""
    out_dir = folders.check_target(out_dir, "build")
    engine = engine_name(engine)
    with processes.held(), folders.Lock(out_dir):
        if store:
            for notebook in catalogue.NOTEBOOKS:
                sync_parameters_cell(notebook)
        planned = plan([Task(nb, nb.parameters(), out_dir / nb.stem) for nb in catalogue.NOTEBOOKS], force, store)
        folders.make_folder(out_dir, "build")
        return execute(planned, jobs, engine, None, on_done)


def describe(result: RunResult) -> str:
    """One line for the terminal: ok, kept or failed, the notebook, and where its outputs (or traceback) are."""
    if result.skipped:
        return f"kept    {result.notebook} -> {shown(result.output_dir)} (complete and current)"
    if result.ok:
        why = f" ({result.reason})" if result.reason and result.reason not in ("new", "forced") else ""
        return f"ok      {result.notebook} -> {shown(result.output_dir)}{why}"
    where = result.output_dir / f"{result.notebook}.ipynb"
    detail = f" (traceback in {shown(where)})" if where.exists() else ""
    return f"failed  {result.notebook}: {result.error}{detail}"

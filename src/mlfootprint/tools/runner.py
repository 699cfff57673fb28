"""Run notebooks, each run into its own folder, several at a time, safely.

A run executes in a child process of its own (`os.fork`, in its own process group) and writes into a new, uniquely
named folder `<out>.partial-<random>/`; when the notebook has finished, that folder is put in place of `<out>/`
(see `folders.publish`), so a folder without suffix is always a complete run. A failed run is kept as
`<out>.failed/` (its executed notebook shows the traceback) and never touches an earlier complete `<out>/`.

Each complete run records in `run.json` its parameters and a fingerprint: hashes of the notebook's cells, of the
package's source, of every data file it reads, and the versions of the packages it runs on. `build` and `sweep`
keep an earlier complete run only when all of these match, and otherwise say in a few words why it is redone.

Ctrl-C (SIGINT) or SIGTERM stops every child and everything it started (kernels included), removes their
unfinished folders and raises `Interrupted`; complete runs stay complete.
"""

import hashlib
import json
import logging
import os
import signal
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .. import catalogue
from ..catalogue import Notebook
from ..checks import ParameterError
from ..parameters import BUNDLED, Parameters
from ..paths import DATA_DIR, DEFAULT_BUILD_DIR, OUTPUT_DIR_ENV, PACKAGE_DIR, RESULTS_DIR, shown
from . import (
    folders,
    quiet_imports,  # noqa: F401  (before papermill and nbformat)
)

KERNEL_NAME = "python3"
RECORD = "run.json"
VERSIONED = ("numpy", "pandas", "scipy", "matplotlib", "scikit-learn", "codecarbon", "ipython", "ipykernel",
             "papermill", "nbclient", "nbformat")
"""Packages whose versions are part of a run's fingerprint."""

# Warnings of papermill and Jupyter (e.g. an IOPub timeout on a loaded machine) would clutter the one error line
# that a failed run reports; their errors still come through.
for _name in ("papermill", "traitlets"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class Interrupted(Exception):
    """The command was stopped by a signal; `complete` of `total` runs had finished."""

    def __init__(self, signum: int, complete: int = 0, total: int = 0):
        super().__init__(signal.Signals(signum).name)
        self.signum, self.complete, self.total = signum, complete, total

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_notebook(path: Path) -> dict:
    """A notebook file as JSON; ParameterError (one line) when it is missing or not a notebook."""
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as error:
        raise ParameterError(f"{shown(path)}: cannot read ({error.strerror})") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise ParameterError(f"{shown(path)}: not a valid notebook ({type(error).__name__}: "
                             f"{str(error).splitlines()[0][:80]})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise ParameterError(f"{shown(path)}: not a valid notebook (no list of cells)")
    return doc


def notebook_hash(path: Path) -> str:
    """Hash of a notebook's cells (type and source) and kernel: outputs and execution counts do not count, so
    storing an executed notebook does not change it."""
    doc = read_notebook(path)
    cells = [(c.get("cell_type"), "".join(c.get("source", ""))) for c in doc.get("cells", [])]
    kernel = doc.get("metadata", {}).get("kernelspec", {}).get("name")
    return _sha256(json.dumps([cells, kernel]).encode())


def package_hash() -> str:
    """Hash of the package's source (every .py, style and template file)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".mplstyle", ".j2", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def versions() -> dict:
    found = {}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def fingerprint(task: Task, package: str, installed: dict) -> dict:
    """What a run's outputs depend on, besides its parameters."""
    data = {name: _sha256((DATA_DIR / name).read_bytes()) for name in task.notebook.data}
    dataset = getattr(task.parameters, "dataset", BUNDLED)
    if dataset != BUNDLED:
        data["dataset"] = _sha256((task.cwd / Path(dataset).expanduser()).read_bytes())
    return {"notebook": notebook_hash(task.notebook.path), "package": package, "data": data, "versions": installed}


def record(task: Task, print_fingerprint: dict) -> dict:
    return {"notebook": task.notebook.stem, "parameters": task.parameters.changed(), "fingerprint": print_fingerprint}


def redo_reason(task: Task, expected: dict) -> str:
    """Why the run in `task.out_dir` must be (re)done, in a few words; "" when it is complete and current."""
    path = task.out_dir / RECORD
    if not path.is_file():
        return "new"
    try:
        before = json.loads(path.read_text())
    except ValueError:
        return "record unreadable"
    if before.get("parameters") != expected["parameters"]:
        return "parameters changed"
    old, new = before.get("fingerprint", {}), expected["fingerprint"]
    for part, word in (("notebook", "notebook changed"), ("package", "package changed"), ("data", "data changed"),
                       ("versions", "versions changed")):
        if old.get(part) != new[part]:
            return word
    return ""


def kernel_arguments(output_folder: Path) -> list[str]:
    """Arguments for the notebook's kernel: quiet logs, and the run's output folder set in the kernel's own
    environment at start-up (not in this process's, so that runs cannot see each other's)."""
    code = f"__import__('os').environ[{OUTPUT_DIR_ENV!r}] = {str(output_folder)!r}"
    return ["--IPKernelApp.log_level=CRITICAL", f"--IPKernelApp.exec_lines={code}"]


def clean(path: Path) -> None:
    """Drop papermill's timing and absolute-path metadata so that the executed notebook is the same on every run."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def execute_with_kernel(task: Task, folder: Path) -> str:
    """Execute the notebook with papermill in a fresh Jupyter kernel, writing into `folder`; the error line, or ""."""
    import papermill

    executed = folder / task.notebook.path.name
    try:
        papermill.execute_notebook(
            str(task.notebook.path), str(executed), parameters=task.parameters.changed(), kernel_name=KERNEL_NAME,
            cwd=str(task.cwd), progress_bar=False, log_output=False, extra_arguments=kernel_arguments(folder))
        error = ""
    except papermill.PapermillExecutionError as failure:
        error = f"{failure.ename}: {failure.evalue}"
    except Exception as failure:  # a kernel that died or timed out: report it like a cell error
        lines = str(failure).strip().splitlines()
        error = f"{type(failure).__name__}: {lines[0] if lines else ''}"
    if executed.exists():
        try:
            clean(executed)
        except Exception as failure:  # a notebook cut short (e.g. by a full disk): keep the first error
            error = error or f"{type(failure).__name__}: {str(failure).splitlines()[0][:120]}"
    return error


def _in_process(task: Task, folder: Path) -> str:
    from .engine import execute_in_process

    return execute_in_process(task, folder)


ENGINES = {"fork": _in_process, "kernel": execute_with_kernel}
"""How a run executes: `fork` (default) runs the cells in a child forked from this warm process; `kernel` in a
fresh Jupyter kernel through papermill (the reference)."""


def _child(task: Task, folder: Path, engine: str, write_end: int) -> None:
    """In the forked child: execute, report {"error": ...} through the pipe, exit without running the parent's
    clean-up code."""
    code = 0
    try:
        os.setpgid(0, 0)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_DFL)
        error = ENGINES[engine](task, folder)
    except BaseException as failure:  # noqa: BLE001  (the child must always report and exit)
        error, code = f"{type(failure).__name__}: {failure}", 1
    try:
        os.write(write_end, json.dumps({"error": error}).encode())
    finally:
        os._exit(code)


def _result_of(read_end: int, status: int) -> str:
    """The error line a child reported through its pipe (closed here)."""
    message = os.read(read_end, 1 << 20)
    os.close(read_end)
    try:
        return json.loads(message)["error"]
    except ValueError:
        if os.WIFSIGNALED(status):
            return f"the run's process was killed by {signal.Signals(os.WTERMSIG(status)).name} before it finished"
        return f"the run's process ended without a result (exit status {os.waitstatus_to_exitcode(status)})"


def start_child(task: Task, engine: str) -> tuple[int, int, Path]:
    """Fork a child that executes `task` into a new temporary folder; returns (pid, pipe to read, folder)."""
    folder = folders.temporary_sibling(task.out_dir)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(task, folder, engine, write_end)
    os.close(write_end)
    return pid, read_end, folder


def execute_in_child(task: Task, engine: str) -> tuple[str, float, Path]:
    """Execute one task in a child and wait for it: (error line, seconds, folder). Used on Dask workers."""
    start = time.perf_counter()
    if engine == "fork":
        from .engine import warm_up

        warm_up([task.notebook], shared=[task.notebook])  # a worker runs many tasks: prepare once
    pid, read_end, folder = start_child(task, engine)
    _, status = os.waitpid(pid, 0)
    return _result_of(read_end, status), time.perf_counter() - start, folder


def _stop(pid: int) -> None:
    """Stop a child and every process it started (a kernel runs in a session of its own): SIGTERM, then SIGKILL."""
    import psutil

    try:
        parent = psutil.Process(pid)
        family = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for process in family:
        try:
            process.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(family, timeout=3)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=3)


def _raise_interrupted(signum, _frame):
    raise Interrupted(signum)


class interruptible:
    """While active, SIGINT and SIGTERM raise Interrupted in this process (the command wraps its whole work in it;
    run_many too, for callers of the Python API)."""

    def __enter__(self):
        self.saved = {s: signal.signal(s, _raise_interrupted) for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *_):
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)


class deferred_signals:
    """While active, SIGINT and SIGTERM are held back and raised as Interrupted when the block ends: for imports,
    which some packages wrap so that an exception raised inside them would turn into an ImportError."""

    def __enter__(self):
        self.received = []
        self.saved = {s: signal.signal(s, lambda signum, _: self.received.append(signum))
                      for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *_):
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)
        if self.received:
            raise Interrupted(self.received[0])


def _finish(task: Task, folder: Path, error: str, seconds: float, expected: dict, store: bool) -> RunResult:
    """Publish a finished child's folder: as the run when it succeeded, as `<out>.failed` when not."""
    result = RunResult(task.notebook.stem, task.parameters.changed(), task.out_dir, error, seconds=seconds)
    try:
        written = {**expected, "error": error} if error else expected
        (folder / RECORD).write_text(json.dumps(written, indent=2, sort_keys=True, default=str) + "\n")
        folders.write_marker(folder, seconds=round(seconds, 1))
    except OSError as failure:  # e.g. a full disk: the run cannot be recorded, so it is not complete
        result.error = error or f"OSError: {failure.strerror} (writing the run's record in {shown(folder)})"
    if result.error:
        failed = task.out_dir.with_name(task.out_dir.name + ".failed")
        folders.remove(failed)
        try:
            folder.rename(failed)
            result.output_dir = failed
        except OSError:
            folders.remove(folder)
        return result
    folders.publish(folder, task.out_dir)
    folders.remove(task.out_dir.with_name(task.out_dir.name + ".failed"))
    if store:
        task.notebook.path.write_bytes((task.out_dir / task.notebook.path.name).read_bytes())
    return result


def _expected_seconds(task: Task) -> float:
    return folders.read_marker(task.out_dir).get("seconds") or task.notebook.seconds


def run_many(tasks: list[Task], jobs: int | None = None, force: bool = True, store: bool = False,
             engine: str = "fork", scheduler: str | None = None, on_done=None) -> list[RunResult]:
    """Run the tasks, `jobs` at a time (default: one per core), longest first, each in a child process; or on the
    Dask cluster at `scheduler`. Without `force`, a complete run whose parameters and fingerprint match is kept.
    A failed run does not stop the others. `on_done(result)` is called as each finishes. Results come back in the
    order of `tasks`. Raises Interrupted (after stopping every child) on SIGINT or SIGTERM."""
    if engine not in ENGINES:
        raise ParameterError(f"--engine must be one of {', '.join(ENGINES)} (got {engine!r})")
    if store and any(t.parameters.changed() for t in tasks):
        raise ParameterError("store: only a run with default parameters may replace the stored notebook")
    package, installed = package_hash(), versions()
    expected = [record(t, fingerprint(t, package, installed)) for t in tasks]
    reasons = {i: "forced" if force else redo_reason(t, expected[i]) for i, t in enumerate(tasks)}
    results: dict[int, RunResult | None] = {}
    for i, reason in reasons.items():
        results[i] = None
        if not reason:
            results[i] = RunResult(tasks[i].notebook.stem, tasks[i].parameters.changed(), tasks[i].out_dir,
                                   skipped=True)
            if on_done:
                on_done(results[i])
    todo = sorted((i for i, reason in reasons.items() if reason), key=lambda i: -_expected_seconds(tasks[i]))
    locks = [folders.Lock(tasks[i].out_dir) for i in todo]
    try:
        return _run(tasks, todo, results, reasons, expected, jobs, store, engine, scheduler, on_done)
    finally:
        for lock in locks:
            lock.release()


def _run(tasks, todo, results, reasons, expected, jobs, store, engine, scheduler, on_done) -> list[RunResult]:
    running: dict[int, tuple[int, int, Path, float]] = {}  # pid -> (task index, pipe, folder, start)
    pending = list(todo)
    try:
        with interruptible():
            if scheduler:
                from .cluster import run_on_cluster

                done = run_on_cluster([tasks[i] for i in todo], scheduler, engine)
                for i, (error, seconds, folder) in zip(todo, done):
                    results[i] = _finish(tasks[i], folder, error, seconds, expected[i], store)
                    results[i].reason = reasons[i]
                    if on_done:
                        on_done(results[i])
                return [results[i] for i in range(len(tasks))]
            jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
            if engine == "fork" and todo:
                from .engine import warm_up

                notebooks = [tasks[i].notebook for i in todo]
                with deferred_signals():
                    warm_up(set(notebooks), shared={n for n in notebooks if notebooks.count(n) > 1})
            while pending or running:
                while pending and len(running) < jobs:
                    i = pending.pop(0)
                    pid, read_end, folder = start_child(tasks[i], engine)
                    running[pid] = (i, read_end, folder, time.perf_counter())
                pid, status = os.waitpid(-1, 0)
                if pid not in running:
                    continue
                i, read_end, folder, start = running.pop(pid)
                error = _result_of(read_end, status)
                results[i] = _finish(tasks[i], folder, error, time.perf_counter() - start, expected[i], store)
                results[i].reason = reasons[i]
                if on_done:
                    on_done(results[i])
    except Interrupted as stop:
        for pid, (_, read_end, folder, _) in running.items():
            _stop(pid)
            os.close(read_end)
            folders.remove(folder)
        complete = sum(1 for r in results.values() if r is not None and r.ok)
        raise Interrupted(stop.signum, complete, len(tasks)) from None
    return [results[i] for i in range(len(tasks))]


def default_folder(notebook: Notebook, parameters: Parameters) -> Path:
    """results/runs/<notebook>/<parameters> for a run without --out."""
    return RESULTS_DIR / "runs" / notebook.stem / folders.folder_name(parameters.changed())


def sync_parameters_cell(notebook: Notebook) -> None:
    """Rewrite the stored notebook's `parameters` cell and the cell that validates it from the declaration (the one
    source of their text)."""
    import nbformat

    nb = nbformat.read(notebook.path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])]
    if len(tagged) != 1 or tagged[0] + 1 == len(code):
        raise ParameterError(f"{notebook.path.name}: expected one cell tagged 'parameters' and a cell after it, found "
                             f"{len(tagged)} tagged")
    made = (notebook.parameters_cell(), notebook.validation_cell())
    cells = code[tagged[0]], code[tagged[0] + 1]
    if tuple(c.source for c in cells) != made:
        for cell, source in zip(cells, made):
            cell.source = source
        nbformat.write(nb, notebook.path)


def build(out_dir: Path = DEFAULT_BUILD_DIR, jobs: int | None = None, store: bool = False, force: bool = False,
          engine: str = "fork", on_done=None) -> list[RunResult]:
    """Run every notebook with its defaults into out_dir/<notebook>/ (complete, current runs are kept unless
    `force`). With `store`, each executed notebook also replaces the stored one."""
    out_dir = folders.check_target(out_dir)
    with folders.Lock(out_dir):
        folders.make_folder(out_dir)
        if store:
            for notebook in catalogue.NOTEBOOKS:
                sync_parameters_cell(notebook)
        tasks = [Task(nb, nb.parameters(), out_dir / nb.stem) for nb in catalogue.NOTEBOOKS]
        return run_many(tasks, jobs, force=force, store=store, engine=engine, on_done=on_done)


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

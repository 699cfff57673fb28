"""Run notebooks through papermill's Python API, each run into its own output folder.

A run writes into ``<out>.partial/`` and is renamed to ``<out>/`` only when the notebook finished, so a folder
without that suffix is always a complete run. A failed run is kept as ``<out>.failed/`` (its executed notebook
shows the traceback) and never touches other runs' folders.
"""

import ast
import hashlib
import json
import logging
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import fastimport  # noqa: F401  (before papermill and nbformat)
from .checks import ParameterError, known_names
from .paths import DEFAULT_BUILD_DIR, NOTEBOOKS_DIR, OUTPUT_DIR_ENV, RESULTS_DIR, shown

KERNEL_NAME = "python3"

# Warnings of papermill and Jupyter (e.g. an IOPub timeout on a loaded machine) would clutter the one error line
# that a failed run reports; their errors still come through.
for _name in ("papermill", "traitlets"):
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass
class RunResult:
    """What one run did: which notebook, with which parameters, where its outputs are, and any error line."""

    notebook: str
    parameters: dict
    output_dir: Path
    error: str = ""
    outputs: list = field(default_factory=list)
    skipped: bool = False  # a complete earlier run with the same parameters was kept

    @property
    def ok(self) -> bool:
        return not self.error


def notebooks() -> list[Path]:
    """The project's notebooks in reading order."""
    return sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def notebook_path(name: str | Path) -> Path:
    """A notebook given as a path or by its stem ("02-alexnet-worked-example")."""
    path = Path(name)
    for candidate in (path, NOTEBOOKS_DIR / path, NOTEBOOKS_DIR / f"{path}.ipynb"):
        if candidate.is_file() and candidate.suffix == ".ipynb":
            return candidate.resolve()
    listed = ", ".join(p.stem for p in notebooks())
    raise ParameterError(f"notebook {str(name)!r} not found; expected a path or one of: {listed}")


def parameter_defaults(path: Path) -> dict:
    """The names and default values of the notebook's one cell tagged `parameters`."""
    import nbformat
    import papermill

    tagged = [c for c in nbformat.read(path, as_version=4).cells if "parameters" in c.metadata.get("tags", [])]
    if len(tagged) != 1:
        raise ParameterError(f"{path.name}: expected exactly one cell tagged 'parameters', found {len(tagged)}")
    defaults = {}
    for name, spec in papermill.inspect_notebook(str(path)).items():
        try:
            defaults[name] = ast.literal_eval(spec["default"])
        except (ValueError, SyntaxError):
            defaults[name] = spec["default"]
    return defaults


def folder_name(parameters: dict) -> str:
    """A safe folder name from the parameters ("default" when none), e.g. "days=6_gpu=V100-SXM2".

    Only letters, digits and . + - = _ survive, so a name can never leave its parent folder; a long name is cut
    and ends in a hash of the parameters, so different parameters never share a folder.
    """
    if not parameters:
        return "default"

    def part(value) -> str:
        return re.sub(r"[^A-Za-z0-9.+-]+", "-", str(value)).strip("-.") or "x"

    safe = "_".join(f"{part(key)}={part(value)}" for key, value in sorted(parameters.items()))
    if len(safe) > 80:
        digest = hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()[:12]
        safe = safe[:60].rstrip("-_.=") + "-" + digest
    return safe


def _clean(path: Path) -> None:
    """Drop papermill's timing and absolute-path metadata so the executed notebook is the same on every run."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def kernel_arguments(output_folder: Path) -> list[str]:
    """Arguments for the notebook's kernel: quiet logs, and the run's output folder set in the kernel's own
    environment at start-up (not in this process's, so runs in threads cannot see each other's)."""
    code = f"__import__('os').environ[{OUTPUT_DIR_ENV!r}] = {str(output_folder)!r}"
    return ["--IPKernelApp.log_level=CRITICAL", f"--IPKernelApp.exec_lines={code}"]


def run_notebook(notebook, parameters: dict | None = None, out_dir: Path | None = None,
                 store: bool = False) -> RunResult:
    """Execute one notebook with `parameters` into `out_dir` (default results/runs/<notebook>/<parameters>).

    With `store`, the executed notebook also replaces the stored one in notebooks/ (default parameters only).
    Never raises for a failing notebook: the error line is in the result.
    """
    import papermill

    parameters = dict(parameters or {})
    path = notebook_path(notebook)
    out_dir = Path(out_dir or RESULTS_DIR / "runs" / path.stem / folder_name(parameters)).resolve()
    result = RunResult(path.stem, parameters, out_dir)
    try:
        known_names(parameters, parameter_defaults(path))
    except ParameterError as error:
        result.error = f"ParameterError: {error}"
        return result
    if store and parameters:
        raise ParameterError("store: only a run with default parameters may replace the stored notebook")
    partial, failed = (out_dir.with_name(out_dir.name + suffix) for suffix in (".partial", ".failed"))
    for stale in (partial, failed):
        shutil.rmtree(stale, ignore_errors=True)
    partial.mkdir(parents=True)
    executed = partial / path.name
    try:
        papermill.execute_notebook(
            str(path), str(executed), parameters=parameters, kernel_name=KERNEL_NAME, cwd=str(path.parent),
            progress_bar=False, log_output=False, extra_arguments=kernel_arguments(partial),
        )
    except papermill.PapermillExecutionError as error:
        result.error = f"{error.ename}: {error.evalue}"
    except Exception as error:  # a kernel that died or timed out: report it like a cell error
        lines = str(error).strip().splitlines()
        result.error = f"{type(error).__name__}: {lines[0] if lines else ''}"
    if executed.exists():
        _clean(executed)
    (partial / "parameters.json").write_text(json.dumps(
        {"notebook": path.stem, "parameters": parameters}, indent=2, sort_keys=True, default=str) + "\n")
    if result.error:  # an older complete run of the same folder is stale now: remove it
        shutil.rmtree(out_dir, ignore_errors=True)
        partial.rename(failed)
        result.output_dir = failed
        return result
    shutil.rmtree(out_dir, ignore_errors=True)
    partial.rename(out_dir)
    result.outputs = sorted(p.name for p in out_dir.iterdir())
    if store:
        shutil.copyfile(out_dir / path.name, path)
    return result


def run_many(tasks: list[tuple], jobs: int | None = None, scheduler: str | None = None,
             on_done=None) -> list[RunResult]:
    """Run (notebook, parameters, out_dir) tasks, `jobs` at a time in local processes (default: one per core),
    or on the Dask distributed cluster at `scheduler` ("tcp://host:port"). A task that fails, even by losing
    its worker, becomes a failed RunResult; the others go on. `on_done(result)` is called as each finishes.
    Results come back in the order of `tasks`."""
    results: dict[int, RunResult] = {}

    def finished(index: int, future) -> None:
        notebook, parameters, out_dir = tasks[index][:3]
        try:
            results[index] = future.result()
        except Exception as error:
            error_line = f"{type(error).__name__}: {error}"
            results[index] = RunResult(Path(notebook).stem, parameters, Path(out_dir), error_line)
        if on_done:
            on_done(results[index])

    if scheduler:
        from distributed import Client, as_completed as dask_completed

        with Client(scheduler, timeout="20s") as client:
            futures = {client.submit(run_notebook, *task, pure=False): i for i, task in enumerate(tasks)}
            for future in dask_completed(futures):
                finished(futures[future], future)
    else:
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(run_notebook, *task): i for i, task in enumerate(tasks)}
            for future in as_completed(futures):
                finished(futures[future], future)
    return [results[i] for i in range(len(tasks))]


def build(out_dir: Path = DEFAULT_BUILD_DIR, jobs: int | None = None, store: bool = False,
          on_done=None) -> list[RunResult]:
    """Run every notebook with its defaults into out_dir/<notebook>/, `jobs` at a time (default: one per core).
    With `store`, each executed notebook also replaces the stored one. A failing notebook does not stop others."""
    return run_many([(path, {}, Path(out_dir) / path.stem, store) for path in notebooks()], jobs, on_done=on_done)


def describe(result: RunResult) -> str:
    """One line for the terminal: ok or failed, the notebook, and where its outputs (or traceback) are."""
    if result.ok:
        return f"ok      {result.notebook} -> {shown(result.output_dir)}"
    where = result.output_dir / f"{result.notebook}.ipynb"
    detail = f" (traceback in {shown(where)})" if where.exists() else ""
    return f"failed  {result.notebook}: {result.error}{detail}"

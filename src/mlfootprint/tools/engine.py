"""How a notebook executes: one papermill call for both engines.

- `warm` (default): the cells run in an IPython shell inside the process that calls papermill. The command imports
  pandas, matplotlib, IPython and the project once (`warm_up`) and runs each notebook in a child forked from itself
  (see processes.py), so a run starts with all of that done: a fresh Jupyter kernel costs about 2 s of start-up
  before a notebook does any work. The engine records each cell's outputs exactly as a kernel reports them
  (execute results, display data, streams, errors with the same traceback lines), as ploomber-engine does.
- `kernel`: a fresh Jupyter kernel per run, papermill's own engine (the reference; nbval uses real kernels too).

The warm engine is papermill's kind of engine (`warm.WarmEngine`), which papermill finds under the name
`mlfootprint-warm` through the `papermill.engine` entry point (pyproject.toml): papermill prepares, parameterises and
marks failed notebooks the same way for both, and `papermill --engine mlfootprint-warm IN OUT` runs a notebook the
same way. papermill is imported only by the process that executes (2 s here), not to check a command's input.
"""

import importlib
import logging
import os

from ..checks import ParameterError
from ..paths import OUTPUT_DIR_ENV
from .notebookfiles import KERNEL_NAME, clean

ENGINES = {"warm": "mlfootprint-warm", "kernel": "nbclient"}
"""The engines of the command, and papermill's name of each."""
RENAMED = {"fork": "warm"}
"""Old engine names, accepted with a note until version 0.3."""
OPTIONS = {"warm": {"request_save_on_cell_execute": False},
           "kernel": {"extra_arguments": ["--IPKernelApp.log_level=CRITICAL"]}}
"""papermill's options for each engine: a kernel saves the notebook after each cell (what ran before a kernel died
is kept) and keeps its logs out of the one line that a failed run reports; the warm engine, whose process is the
run's, writes the notebook once."""
QUIET_LOGGERS = ("papermill", "traitlets")
"""Warnings of papermill and Jupyter (e.g. an IOPub timeout on a loaded machine) would clutter the one error line
that a failed run reports; their errors still come through."""
WARM_MODULES = ("numpy", "pandas", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
                "IPython.core.interactiveshell", "IPython.core.completer", "IPython.display", "nbformat",
                "papermill.iorw", "papermill.parameterize", "papermill.execute")
"""What every run needs, imported once by the parent; the notebooks' analysis modules, and what they import (scipy.stats
for the trends of notebooks 01, 03 and 09), are added by `warm_up`, so a sweep of another notebook does not import
them."""


def engine_name(name: str) -> str:
    """The engine called `name` (an old name gives the new one); ParameterError (one line) for an unknown one."""
    name = RENAMED.get(name, name)
    if name not in ENGINES:
        raise ParameterError(f"--engine must be one of {', '.join(ENGINES)} (got {name!r})")
    return name


def warm_up(notebooks, shared=()) -> None:
    """Import, in this (parent) process, what the runs of `notebooks` will need, so that forked children start with
    it done; for the notebooks in `shared` (those with several runs to come) also call the analysis module's
    `warm_up()` where it has one (one-off preparation such as CodeCarbon's hardware probe, which a single run is
    better left to do in its own child, in parallel with the others). A notebook whose preparation fails fails in its
    own run, not here."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread in a process that forks
    for name in WARM_MODULES:
        importlib.import_module(name)
    # what each run's child would otherwise do again: nbformat compiles its JSON schema (0.15 s), matplotlib reads
    # its backends' entry points (0.03 s)
    importlib.import_module("nbformat.validator").get_validator()
    importlib.import_module("matplotlib.backends.registry").backend_registry.list_all()
    for notebook in notebooks:
        try:
            prepare = getattr(notebook.module(), "warm_up", None)
            if prepare is not None and notebook in shared:
                prepare()
        except Exception:  # noqa: BLE001 (reported by the run itself)
            pass


def execute_task(task, folder, engine: str) -> str:
    """Execute `task`'s notebook with papermill and `engine` into `folder`; the error line, or "". Call it in a child
    of the command: it sets the run's output folder in this process's environment (a kernel inherits it)."""
    import papermill

    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    os.environ[OUTPUT_DIR_ENV] = str(folder)
    executed = folder / task.notebook.path.name
    try:
        papermill.execute_notebook(
            str(task.notebook.path), str(executed), parameters=task.parameters.changed(), kernel_name=KERNEL_NAME,
            engine_name=ENGINES[engine], cwd=str(task.cwd), progress_bar=False, log_output=False, **OPTIONS[engine])
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

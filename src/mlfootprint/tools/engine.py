"""The fast execution engine: a notebook's cells run in an IPython shell inside a process forked from a warm parent.

A fresh Jupyter kernel costs about 2 s of start-up (the kernel, then importing pandas, matplotlib and the project)
before a notebook does any work. Here the command's own process imports all of that once (`warm_up`), and every
run is a child forked from it (see runner.py): the child starts with the imports done and nothing else, executes
the cells in a new `InteractiveShell` (as ploomber-engine does), records each cell's outputs exactly as a kernel
would report them (execute results, display data, streams, errors with the same traceback lines) and writes the
executed notebook. Each run is a new child of the same untouched parent, so runs cannot leak into each other.

papermill's own functions inject the parameters and mark a failed notebook, so an executed notebook has the same
cells as one from papermill with a kernel (`--engine kernel`, the reference; nbval uses real kernels too).
"""

import importlib
import os
import sys

from ..paths import OUTPUT_DIR_ENV

WARM_MODULES = ("numpy", "pandas", "scipy.stats", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
                "IPython.core.interactiveshell", "IPython.display", "nbformat", "papermill.iorw",
                "papermill.parameterize", "papermill.execute")
"""What every run needs, imported once by the parent (the notebooks' analysis modules are added by `warm_up`)."""


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
    for notebook in notebooks:
        try:
            prepare = getattr(notebook.module(), "warm_up", None)
            if prepare is not None and notebook in shared:
                prepare()
        except Exception:  # noqa: BLE001 (reported by the run itself)
            pass


class _Capture:
    """Collects the outputs of the cell being executed, in the order a kernel reports them."""

    def __init__(self):
        self.outputs = []
        self.execution_count = None

    def stream(self, name: str, text: str) -> None:
        from nbformat.v4 import new_output

        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.outputs.append(new_output("stream", name=name, text=text))


class _Stream:
    """A file-like object standing for stdout or stderr of the cell."""

    def __init__(self, capture: _Capture, name: str):
        self.capture, self.name = capture, name

    def write(self, text) -> int:
        self.capture.stream(self.name, str(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return "utf-8"


def _shell(capture: _Capture):
    """A new IPython shell whose displays, results and tracebacks go into `capture` (a subclass made here so that
    IPython's classes are imported only in a process that executes notebooks)."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from nbformat.v4 import new_output

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            capture.outputs.append(new_output("display_data", data=data, metadata=metadata or {}))

        def clear_output(self, wait=False):
            capture.outputs.clear()

    class Hook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            capture.outputs.append(new_output("execute_result", data=format_dict, metadata=md_dict or {},
                                              execution_count=capture.execution_count))

        def finish_displayhook(self):
            pass

    class ZMQLikeShell(InteractiveShell):
        """Named so that pandas, which looks for "zmq" in the shell's type to recognise a notebook front end,
        wraps wide tables as it does under a Jupyter kernel instead of truncating them for a terminal."""

        displayhook_class = Hook
        display_pub_class = Publisher

        def enable_gui(self, gui=None):  # the inline backend needs no event loop (as in ipykernel)
            pass

        def _showtraceback(self, etype, evalue, stb):
            capture.outputs.append(new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb))

    shell = ZMQLikeShell.instance()  # the singleton, which `display()` publishes through
    shell.enable_matplotlib("inline")
    return shell


def execute_in_process(task, folder) -> str:
    """Execute `task`'s notebook in this process (a freshly forked child) into `folder`; the error line, or ""."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .runner import KERNEL_NAME, clean

    executed = folder / task.notebook.path.name
    nb = load_notebook_node(str(task.notebook.path))  # the same preparation as papermill.execute_notebook
    if task.parameters.changed():
        nb = parameterize_notebook(nb, task.parameters.changed(), kernel_name=KERNEL_NAME, language="python")
    nb = remove_error_markers(prepare_notebook_metadata(nb, str(task.notebook.path), str(executed)))
    os.environ[OUTPUT_DIR_ENV] = str(folder)
    os.chdir(task.cwd)
    import pandas

    # pandas chose its column limit when the warm parent imported it outside a kernel (0: fit the terminal); under
    # a Jupyter kernel it is 20. Set what a kernel would have, so tables print as they do there.
    pandas.set_option("display.max_columns", 20)
    capture = _Capture()
    shell = _shell(capture)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream(capture, "stdout"), _Stream(capture, "stderr")
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs, cell.execution_count = [], None
            if not cell.source.strip():
                continue
            capture.outputs, capture.execution_count = cell.outputs, shell.execution_count
            result = shell.run_cell(cell.source, store_history=True)
            cell.execution_count = result.execution_count
            if not result.success:
                break
    finally:
        sys.stdout, sys.stderr = streams
    try:
        raise_for_execution_errors(nb, str(executed))
        error = ""
    except PapermillExecutionError as failure:
        error = f"{failure.ename}: {failure.evalue}"
    nbformat.write(nb, executed)
    clean(executed)
    return error

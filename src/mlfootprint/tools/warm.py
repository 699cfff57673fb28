"""papermill's engine `mlfootprint-warm` (see engine.py): a notebook's cells run in an IPython shell inside the
calling process, and each cell's outputs are recorded exactly as a Jupyter kernel reports them (execute results,
display data, streams, errors with the same traceback lines), as ploomber-engine does. papermill loads this module
through the `papermill.engine` entry point of pyproject.toml."""

import sys

from nbformat.v4 import new_output
from papermill.engines import Engine


class _Capture:
    """Collects the outputs of the cell being executed, in the order a kernel reports them."""

    def __init__(self):
        self.outputs = []
        self.execution_count = None

    def stream(self, name: str, text: str) -> None:
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
    from traitlets.config import Config

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

    config = Config()
    config.HistoryManager.enabled = False  # no shared SQLite file for parallel runs to queue on (and 0.04 s a run)
    shell = ZMQLikeShell.instance(config=config)  # the singleton, which `display()` publishes through
    shell.enable_matplotlib("inline")
    return shell


class WarmEngine(Engine):
    """papermill's engine `mlfootprint-warm`: the cells run in an IPython shell in this process."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        import pandas

        # pandas chose its column limit when the warm parent imported it outside a kernel (0: fit the terminal);
        # under a Jupyter kernel it is 20. Set what a kernel would have, so tables print as they do there.
        pandas.set_option("display.max_columns", 20)
        capture = _Capture()
        shell = _shell(capture)
        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Stream(capture, "stdout"), _Stream(capture, "stderr")
        try:
            for index, cell in enumerate(nb_man.nb.cells):
                nb_man.cell_start(cell, index)
                try:
                    if cell.cell_type == "code" and cell.source.strip():
                        capture.outputs, capture.execution_count = cell.outputs, shell.execution_count
                        result = shell.run_cell(cell.source, store_history=True)
                        cell.execution_count = result.execution_count
                        if not result.success:
                            nb_man.cell_exception(cell, index)
                            break
                finally:
                    nb_man.cell_complete(cell, index)
        finally:
            sys.stdout, sys.stderr = streams

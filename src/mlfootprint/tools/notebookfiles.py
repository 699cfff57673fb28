"""Notebook files: read one (one line when it is not a notebook), strip papermill's run metadata from an executed
one, and keep a stored notebook's `parameters` cell in step with its declaration."""

import json
from pathlib import Path

from ..checks import ParameterError
from ..paths import shown
from . import quiet_imports  # noqa: F401  (before nbformat)

KERNEL_NAME = "python3"
"""The kernel every notebook declares and runs on."""


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


def edited_parameters(notebook) -> list[str]:
    """The lines of a stored notebook's `parameters` cell that differ from its declaration (a student's edit saved
    from JupyterLab, say), then the declared lines it lacks as "(missing) ..."; [] when the cell is the declared one.
    ParameterError (one line) when the file is not a notebook."""
    cells = read_notebook(notebook.path)["cells"]
    tagged = [c for c in cells if isinstance(c, dict) and "parameters" in c.get("metadata", {}).get("tags", [])]
    source = tagged[0].get("source", "") if len(tagged) == 1 else ""
    stored = ("".join(source) if isinstance(source, list) else str(source)).splitlines()
    declared = notebook.parameters_cell().splitlines()
    return [line for line in stored if line not in declared] + [
        f"(missing) {line}" for line in declared if line not in stored]


def clean(path: Path) -> None:
    """Drop papermill's timing and absolute-path metadata so that the executed notebook is the same on every run."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def sync_parameters_cell(notebook) -> None:
    """Rewrite a stored notebook's `parameters` cell and the cell that validates it from the declaration (the one
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

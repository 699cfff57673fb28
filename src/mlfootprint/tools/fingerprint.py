"""What a run's outputs depend on besides its parameters: hashes of the notebook's cells, of the package's source
and of every data file it reads, and the versions of the packages it runs on. `build` and `sweep` keep an earlier
complete run only when all of these match, and otherwise say in a few words why it is redone."""

import hashlib
import json
from importlib import metadata
from pathlib import Path

from ..parameters import BUNDLED
from ..paths import DATA_DIR, PACKAGE_DIR
from .notebookfiles import read_notebook

VERSIONED = ("numpy", "pandas", "scipy", "matplotlib", "scikit-learn", "codecarbon", "ipython", "ipykernel",
             "papermill", "nbclient", "nbformat")
"""Packages whose versions are part of a run's fingerprint."""
SOURCE_SUFFIXES = (".py", ".mplstyle", ".j2", ".js", ".json")
"""The package's files that make its source (code, style, templates)."""
PARTS = (("notebook", "notebook changed"), ("package", "package changed"), ("data", "data changed"),
         ("versions", "versions changed"))
"""The parts of a fingerprint, in the order a change is reported, with the words that report it."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
        if path.is_file() and path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def versions() -> dict:
    """The installed version of each package of VERSIONED (None when it is not installed)."""
    found = {}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def fingerprint(notebook, parameters, cwd: Path, package: str, installed: dict) -> dict:
    """The fingerprint of a run of `notebook` with `parameters` (a dataset path is read from `cwd`)."""
    data = {name: _sha256((DATA_DIR / name).read_bytes()) for name in notebook.data}
    dataset = getattr(parameters, "dataset", BUNDLED)
    if dataset != BUNDLED:
        data["dataset"] = _sha256((cwd / Path(dataset).expanduser()).read_bytes())
    return {"notebook": notebook_hash(notebook.path), "package": package, "data": data, "versions": installed}


def redo_reason(before: dict | None, expected: dict) -> str:
    """Why a run must be (re)done, in a few words, given the record of the run on disk (`before`, None when there is
    none or it is unreadable) and the one it would have now; "" when it is complete and current."""
    if before is None:
        return "new"
    if before.get("parameters") != expected["parameters"]:
        return "parameters changed"
    old = before.get("fingerprint", {})
    return next((word for part, word in PARTS if old.get(part) != expected["fingerprint"][part]), "")

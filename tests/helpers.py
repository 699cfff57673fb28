"""Helpers shared by the tests, importable from any test file (`from helpers import ...`; pyproject.toml puts tests/
on the path, so this works under pytest's importlib mode too, where `from conftest import ...` does not): the
command as a user calls it, the fixtures folder, tiny notebooks made on the fly for the runner's tests (a catalogue
entry of their own, so they run through exactly the same machinery), and bad copies of data files for the loaders'
tests."""

import csv
import io
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from mlfootprint.catalogue import Notebook
from mlfootprint.checks import DataError
from mlfootprint.parameters import Parameters, cell_source, param
from mlfootprint.paths import ROOT, data_file, shown

MLFOOTPRINT = Path(sys.executable).with_name("mlfootprint")
FIXTURES = ROOT / "tests" / "fixtures"


def mlfootprint(*args, cwd=ROOT, timeout=600, **kwargs):
    """Run the `mlfootprint` command; returns the CompletedProcess (text output)."""
    return subprocess.run([str(MLFOOTPRINT), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, **kwargs)


@dataclass(frozen=True)
class TinyParameters(Parameters):
    pue: float = param(1.58, "float", "data-centre PUE", "ratio", low=0, high=5)
    seconds: float = param(0.0, "float", "seconds to sleep", "s", low=0, high=600)


TINY_BODY = (
    "import time\n"
    "from mlfootprint import energy\n"
    "from mlfootprint.outputs import output_dir\n"
    "time.sleep(seconds)\n"
    "kwh = energy.energy_kwh(10, 1000, pue)  # fails below PUE 1\n"
    "out = output_dir(NOTEBOOK)\n"
    "(out / 'ledger.csv').write_text(f'claim_id,recomputed\\nkwh,{kwh}\\n')\n"
    "print(f'kwh = {kwh:g}')"
)


def tiny_notebook(folder: Path, stem: str = "90-tiny", body: str = TINY_BODY) -> Notebook:
    """A catalogue entry for a notebook written into `folder`: parameters `pue` (Eq. 1 fails below 1) and `seconds`
    (a sleep), writing a one-claim ledger; it runs in about a second."""
    notebook = Notebook(stem[:2], stem, "test", "a tiny notebook", "none", (), TinyParameters, 1.0, folder)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(cell_source(TinyParameters), metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(f"from mlfootprint.catalogue import Notebook\nNOTEBOOK = type('N', (), "
                                  f"{{'stem': {stem!r}}})\n" + body),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebook.path)
    return notebook


def default_ledgers() -> dict:
    """Every notebook's ledger with the default parameters (the analyses' chain of steps, as the notebooks run it;
    no kernel)."""
    from mlfootprint.catalogue import NOTEBOOKS

    return {notebook.number: notebook.steps().ledger for notebook in NOTEBOOKS}


def write(folder: Path, text: str, name: str = "table.csv") -> Path:
    """A file `name` in `folder` holding `text`; returns its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(name: str) -> list[list[str]]:
    """The records of data/`name` (one per file line: the data files have no cell that spans lines)."""
    return list(csv.reader(io.StringIO(data_file(name).read_text(encoding="utf-8-sig"), newline="")))


def data_copy(folder: Path, name: str, line: int | None = None, column: str | None = None, value: str = "") -> Path:
    """A copy of data/`name` in `folder` (same file name) whose cell at file line `line` (header = 1) and `column`
    holds `value`; the file's other cells are kept as they are. Without `line`, an unchanged copy."""
    rows = _rows(name)
    if line is not None:
        rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return write(folder, out.getvalue(), name)


def cell(name: str, line: int, column: str) -> str:
    """The text of one cell of data/`name`, at file line `line` and `column`."""
    rows = _rows(name)
    return rows[line - 1][rows[0].index(column)]


def fails_at(path: Path, line: int | None, column: str | None, then: str = ""):
    """pytest.raises for a DataError whose message starts with the file, the line and the column (where given), as
    a reader sees them ("data/x.csv, line 4, column 'kind': "), followed by the regular expression `then`."""
    where = shown(path) + (f", line {line}" if line is not None else "") + (f", column '{column}'" if column else "")
    return pytest.raises(DataError, match="^" + re.escape(f"{where}: ") + then)


def line_of(name: str, column: str, value: str) -> int:
    """The file line (header = 1) of the first row of data/`name` whose `column` holds `value`."""
    rows = _rows(name)
    return next(line for line, row in enumerate(rows, start=1) if line > 1 and row[rows[0].index(column)] == value)


# issue #14: "64 x A100 SXM4 for 100 h with fraction 1, overhead 1, PUE 1.1 at 56 g/kWh is 2,816 kWh and 157.7 kg CO2e"
EXACT = dict(hardware="A100 SXM4", count=64, hours=100, power_fraction=1, server_overhead=1, pue=1.1,
             grid_g_per_kwh=56, price_per_kwh=0.1)
EXACT_KWH, EXACT_KG = 2816, 157.7
DEFAULT_RUN = dict(hardware="H100 SXM", count=64, hours=240)
"""Notebook 08's and `mlfootprint estimate`'s example run: 64 H100 SXM for 240 hours, every other factor drawn."""


def one_line(done, *fragments):
    """Assert that a command refused its input as every input error is refused: exit status 2 and one line on stderr
    (no traceback) holding each of `fragments`."""
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def tagged(tag: str) -> list:
    """The processes whose environment carries MLFOOTPRINT_TEST_TAG=tag (a command started by a test, its children
    and their kernels, which inherit it)."""
    import psutil

    found = []
    for process in psutil.process_iter(["pid"]):
        try:
            if process.environ().get("MLFOOTPRINT_TEST_TAG") == tag:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    return found


def start_command(*args, tag: str, cwd=ROOT, **kwargs):
    """Start `mlfootprint` in a session of its own (a signal to its group is what Ctrl-C in a terminal sends), its
    processes tagged with `tag`."""
    import os

    return subprocess.Popen([str(MLFOOTPRINT), *map(str, args)], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "MLFOOTPRINT_TEST_TAG": tag}, **kwargs)

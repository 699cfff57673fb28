"""Helpers shared by the tests: the command as a user calls it, the fixtures folder, and tiny notebooks made on the
fly for the runner's tests (a catalogue entry of their own, so they run through exactly the same machinery)."""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from mlfootprint.catalogue import Notebook
from mlfootprint.parameters import Parameters, cell_source, param
from mlfootprint.paths import ROOT

MLFOOTPRINT = Path(sys.executable).with_name("mlfootprint")
FIXTURES = ROOT / "tests" / "fixtures"


def mlfootprint(*args, cwd=ROOT, timeout=600, **kwargs):
    """Run the `mlfootprint` command; returns the CompletedProcess (text output)."""
    return subprocess.run([str(MLFOOTPRINT), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, **kwargs)


def one_line(done, *fragments):
    """Assert that a command refused its input as every input error is refused: exit status 2 and one line on stderr
    (no traceback) holding each of `fragments`."""
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


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
    "(out / 'claims.csv').write_text(f'claim_id,recomputed\\nkwh,{kwh}\\n')\n"
    "print(f'kwh = {kwh:g}')"
)


def tiny_notebook(folder: Path, stem: str = "90-tiny", body: str = TINY_BODY) -> Notebook:
    """A catalogue entry for a notebook written into `folder`: parameters `pue` (Eq. 1 fails below 1) and `seconds`
    (a sleep), writing a one-claim ledger; it runs in about a second."""
    notebook = Notebook(stem[:2], stem, "test", "a tiny notebook", "none", (), (), TinyParameters, 1.0, folder)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(cell_source(TinyParameters), metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(f"from mlfootprint.catalogue import Notebook\nNOTEBOOK = type('N', (), "
                                  f"{{'stem': {stem!r}}})\n" + body),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebook.path)
    return notebook


@pytest.fixture
def tiny(tmp_path):
    return tiny_notebook(tmp_path)


def default_ledgers() -> dict:
    """Every notebook's ledger with the default parameters (the analyses' `ledger`, the notebooks' computation in one
    call; no kernel)."""
    from mlfootprint.catalogue import NOTEBOOKS

    return {notebook.number: notebook.module().ledger(notebook.parameters()) for notebook in NOTEBOOKS}


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

"""Every path the project uses, defined once.

The data tables travel inside the package (`mlfootprint.data`, located through importlib), so the Python
API works from an installed wheel as well as from a checkout. Notebooks, results and the site belong to a checkout
(`ROOT`, two folders above this file).
"""

from importlib.util import find_spec
from pathlib import Path

DATA_DIR = Path(find_spec("mlfootprint.data").submodule_search_locations[0])
"""The sourced CSV files: `data/` of a checkout, or `mlfootprint/data/` inside an installed wheel (found, not
imported, so that no bytecode is written beside the data)."""

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = ROOT / "notebooks"
RESULTS_DIR = ROOT / "results"
DEFAULT_BUILD_DIR = RESULTS_DIR / "default"
INTERACTIVE_DIR = RESULTS_DIR / "interactive"
SITE_DIR = ROOT / "build" / "site"
PACKAGE_DIR = Path(__file__).resolve().parent

OUTPUT_DIR_ENV = "MLFOOTPRINT_OUTPUT_DIR"
"""Set by the runner for each run; a notebook opened by hand writes to INTERACTIVE_DIR/<notebook>."""


LEDGER_FILE = "ledger.csv"
"""The file a run writes its "Does it reproduce?" ledger to (the claims of data/claims.csv, judged)."""
OLD_LEDGER_FILE = "claims.csv"
"""The ledger's name before version 0.2 (it shared its name with data/claims.csv, the list of claims): still read in
results folders made before, for one release."""


def ledger_file(folder: Path) -> Path:
    """The ledger of a run's folder: ledger.csv, or claims.csv in a folder made before version 0.2."""
    folder = Path(folder)
    return folder / OLD_LEDGER_FILE if not (folder / LEDGER_FILE).exists() and (folder / OLD_LEDGER_FILE).exists() \
        else folder / LEDGER_FILE


def data_file(name: str) -> Path:
    """The path of one data table, e.g. data_file("hardware.csv")."""
    return DATA_DIR / name


def shown(path) -> str:
    """A path as printed to a reader: relative to the project root when inside it."""
    path = Path(path).absolute()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)

"""Every path the project uses, defined once (relative to the project root)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
RESULTS_DIR = ROOT / "results"
DEFAULT_BUILD_DIR = RESULTS_DIR / "default"
INTERACTIVE_DIR = RESULTS_DIR / "interactive"
SITE_DIR = ROOT / "build" / "site"

OUTPUT_DIR_ENV = "MLFOOTPRINT_OUTPUT_DIR"
"""Set by the runner for each run; a notebook opened by hand writes to INTERACTIVE_DIR/<notebook>."""


def shown(path: Path) -> str:
    """A path as printed to a reader: relative to the project root when inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)

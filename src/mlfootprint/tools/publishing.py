"""Publishing a run: every run writes into a new folder `<out>.partial-<random>/`; when it has finished, its record
(`run.json`: parameters, fingerprint, and the error if any) and marker are written and the folder is put in place of
`<out>/` in one rename (see `folders.publish`), so a folder without suffix is always a complete run. A failed run is
kept as `<out>.failed/` (its executed notebook shows the traceback) and never touches an earlier complete `<out>/`."""

import json
from pathlib import Path

from ..paths import LEDGER_FILE, shown
from . import folders

RECORD = "run.json"


def failed_folder(out_dir: Path) -> Path:
    return out_dir.with_name(out_dir.name + ".failed")


def read_record(folder: Path) -> dict | None:
    """The record of the run in `folder`; None when there is none or it cannot be read."""
    try:
        return json.loads((folder / RECORD).read_text())
    except (OSError, ValueError):
        return None


def expected_seconds(out_dir: Path, default: float) -> float:
    """How long the run of `out_dir` took last time (from its marker), else `default`."""
    return folders.read_marker(out_dir).get("seconds") or default


def finish(temporary: Path, out_dir: Path, record: dict, error: str, seconds: float) -> tuple[str, Path]:
    """Publish a finished run's temporary folder: in place of `out_dir` when it succeeded, as `<out>.failed` when
    not. Returns (error line, where the run now is); a run without its ledger, or whose record cannot be written,
    is a failed one."""
    if not error and not (temporary / LEDGER_FILE).is_file():
        error = (f"the notebook ended without writing its ledger {LEDGER_FILE} (a cell stopped it early, e.g. "
                 f"sys.exit())")
    try:
        written = {**record, "error": error} if error else record
        (temporary / RECORD).write_text(json.dumps(written, indent=2, sort_keys=True, default=str) + "\n")
        folders.write_marker(temporary, "run", seconds=round(seconds, 1))
    except OSError as failure:  # e.g. a full disk: the run cannot be recorded, so it is not complete
        error = error or f"OSError: {failure.strerror} (writing the run's record in {shown(temporary)})"
    if error:
        failed = failed_folder(out_dir)
        folders.remove(failed)
        try:
            temporary.rename(failed)
        except OSError:
            folders.remove(temporary)
            return error, out_dir
        return error, failed
    try:
        folders.publish(temporary, out_dir)
    except BaseException:
        folders.remove(temporary)
        raise
    folders.remove(failed_folder(out_dir))
    return "", out_dir

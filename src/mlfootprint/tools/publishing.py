"""Publishing a run: every run writes into a new folder `<out>.partial-<random>/`; when it has finished, its record
(`run.json`: parameters, fingerprint, and the error if any) and marker are written and the folder is put in place of
`<out>/` in one rename (see `folders.publish`), so a folder without suffix is always a complete run. A failed run is
kept as `<out>.failed/` (its executed notebook shows the traceback) and never touches an earlier complete `<out>/`.

A complete run's record also holds the sha256 of its ledger (`ledger_sha256`) and a `check`, the sha256 of the rest
of the record (`seal`): a ledger or a record edited afterwards no longer matches (see `mlfootprint.tools.pool`)."""

import hashlib
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


def seal(record: dict) -> str:
    """The sha256 of a record's content (its `check` left out), as JSON with sorted keys: the same before it is
    written and after it is read back."""
    content = {key: value for key, value in record.items() if key != "check"}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def sealed(record: dict, ledger: Path) -> dict:
    """`record` with the sha256 of the ledger file `ledger` and its `check` (`seal`)."""
    with_ledger = {**record, "ledger_sha256": hashlib.sha256(ledger.read_bytes()).hexdigest()}
    return {**with_ledger, "check": seal(with_ledger)}


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
        written = {**record, "error": error} if error else sealed(record, temporary / LEDGER_FILE)
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

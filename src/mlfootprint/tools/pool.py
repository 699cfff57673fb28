"""`mlfootprint pool`: a class's runs of one notebook, made on many machines, in one table and one figure.

Each input is a run folder (`mlfootprint run`, or a notebook's folder in a build or a sweep), a sweep folder (its
complete runs) or a sweep's summary.csv (its complete rows; a copy sent alone will do). Every input is checked
before anything is written, and the first one that fails is refused in one line:

- foreign: a folder without the `.mlfootprint` marker, or whose marker is of another kind (a site, an estimate; a
  build: give one notebook's folder in it), or a file that is not a sweep's summary (no `check` column);
- tampered, meaning edited after mlfootprint wrote it: a run whose ledger.csv no longer has the sha256 its run.json
  recorded when the run was published, or whose run.json no longer matches its own `check` (its parameters or
  factors edited); a summary row whose cells no longer match its `check` (a verdict changed in a spreadsheet).
  There is no secret key: whoever edits a file and recomputes its hashes is not caught. The checks catch accidents
  and casual edits, not forgery;
- not poolable: a failed run, a run made before runs recorded their ledger's sha256 (version 0.2: run it again),
  runs of different notebooks, the same input twice, or no complete run at all.

Writes into `--out`, a folder of its own kind ("pool"), atomically: pooled.csv (one row per run: where it came from,
its run, notebook, parameters, the PUE and grid factor it used, then each claim's recomputed value and verdict),
verdict-counts.csv (for each claim, how many runs got each verdict) and the figure pooled-runs.png/.svg (where the
runs land against the published values).
"""

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..checks import ParameterError
from ..claims import VERDICTS
from ..paths import LEDGER_FILE
from . import folders, processes
from .publishing import RECORD, seal
from .reading import read_bounded
from .sweep import CHECK, SUMMARY, row_check

POOLED, COUNTS, FIGURE = "pooled.csv", "verdict-counts.csv", "pooled-runs"
MAX_RECORD_BYTES, MAX_LEDGER_BYTES, MAX_SUMMARY_BYTES = 1_000_000, 10_000_000, 100_000_000
"""Largest run.json, ledger.csv and summary.csv read (a ledger holds about 70 rows; a summary of 10,000 runs of
notebook 04, about 40 MB)."""
MAX_RUNS = 50_000
"""Most runs pooled (a class of 30 each sending a sweep of a few hundred runs is about 10,000)."""
SUMMARY_COLUMNS = ("run", "notebook", "status", "error", "folder", "ledger_sha256", CHECK)
"""The columns of a sweep's summary that are not parameters, factors or claims."""


@dataclass(frozen=True)
class Pooled:
    """What `pool` wrote: where, how many runs of which notebook, and how many incomplete runs it left out."""

    out_dir: Path
    notebook: str
    runs: int
    left_out: int


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text(value) -> str:
    """A value as a summary's CSV holds it ('' for None)."""
    return "" if value is None else value if isinstance(value, str) else str(value)


def run_row(folder: Path, given: str) -> dict:
    """The pooled row of one complete run folder, after checking that mlfootprint made it and that neither its
    ledger nor its record was edited since (see the module's docstring)."""
    record_data = read_bounded(folder / RECORD, MAX_RECORD_BYTES, f"{given}:", links=False)
    try:
        record = json.loads(record_data)
    except ValueError:
        record = None
    if not isinstance(record, dict) or not isinstance(record.get("parameters"), dict):
        raise ParameterError(f"{given}: its {RECORD} is not a run's record (not JSON, or no parameters)")
    if record.get("error"):
        error = str(record["error"]).splitlines()[0]
        error = error if len(error) <= 120 else error[:119] + "\u2026"
        raise ParameterError(f"{given}: a failed run ({error}); only complete runs are pooled")
    if "ledger_sha256" not in record:
        raise ParameterError(f"{given}: made before runs recorded their ledger's sha256 (version 0.2), so its "
                             f"ledger cannot be checked; run it again")
    if record.get("check") != seal(record):
        raise ParameterError(f"{given}: tampered: its {RECORD} was edited after the run (it no longer matches its "
                             f"check); run it again")
    ledger = read_bounded(folder / LEDGER_FILE, MAX_LEDGER_BYTES, f"{given}:", links=False)
    if _sha256(ledger) != record["ledger_sha256"]:
        raise ParameterError(f"{given}: tampered: its {LEDGER_FILE} is not the one the run wrote (its sha256 differs "
                             f"from the one {RECORD} recorded); run it again")
    row = {"source": given, "run": folder.name, "notebook": _text(record.get("notebook")),
           **{name: _text(value) for name, value in record["parameters"].items()},
           **{f"factor:{name}": _text(value) for name, value in (record.get("factors") or {}).items()}}
    for claim in csv.DictReader(io.StringIO(ledger.decode("utf-8", errors="replace"), newline="")):
        row[f"recomputed:{claim.get('claim_id')}"] = claim.get("recomputed") or ""
        row[f"verdict:{claim.get('claim_id')}"] = claim.get("verdict") or ""
    return row


def summary_rows(path: Path, given: str) -> tuple[list[dict], int]:
    """The pooled rows of a sweep's summary.csv (its complete runs) and how many rows it left out, after checking
    every row against its `check`."""
    data = read_bounded(path, MAX_SUMMARY_BYTES, f"{given}:", links=False)
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        rows = []
    header = rows[0] if rows else []
    if not {"run", "notebook", "status", CHECK} <= set(header):
        raise ParameterError(f"{given}: not a summary written by `mlfootprint sweep` (columns run, notebook, status "
                             f"and {CHECK} expected; a summary made before version 0.2 has no {CHECK}: sweep again)")
    if len(rows) > MAX_RUNS + 1:
        raise ParameterError(f"{given}: {len(rows) - 1:,} runs; at most {MAX_RUNS:,} are pooled at once")
    pooled, left_out = [], 0
    for line, cells in enumerate(rows[1:], start=2):
        cells = dict(zip(header, cells))
        if len(cells) != len(header) or cells[CHECK] != row_check(cells):
            raise ParameterError(f"{given}, line {line} (run {cells.get('run', '?')!r}): tampered: its cells were "
                                 f"edited after the sweep wrote them (they no longer match its {CHECK})")
        if cells["status"] != "complete":
            left_out += 1
            continue
        pooled.append({"source": given, **{name: value for name, value in cells.items()
                                           if name not in SUMMARY_COLUMNS or name in ("run", "notebook")}})
    return pooled, left_out


def _sweep_runs(folder: Path, given: str) -> tuple[list[dict], int]:
    """The complete runs of a sweep folder, each checked, and how many failed runs it left out."""
    rows, left_out = [], 0
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        if entry.name.endswith(".failed") or folders.reserved(entry.name):
            left_out += entry.name.endswith(".failed")
            continue
        rows.append(_run_folder(Path(entry.path), f"{given}/{entry.name}"))
    return rows, left_out


def _run_folder(folder: Path, given: str) -> dict:
    if not (folder / folders.MARKER).is_file():
        raise ParameterError(f"{given}: not made by mlfootprint (it has no {folders.MARKER} marker)")
    if folders.kind_of(folder) != "run":
        raise ParameterError(f"{given}: holds the outputs of `mlfootprint {folders.kind_of(folder)}`, not a run")
    return run_row(folder, given)


def rows_of(path: Path) -> tuple[list[dict], int]:
    """The pooled rows of one input (a run folder, a sweep folder or a summary.csv) and how many incomplete runs it
    left out; ParameterError, one line, when it is foreign or tampered."""
    given = str(path)
    if path.is_symlink():
        raise ParameterError(f"{given}: a symbolic link, which is never followed; give what it points to")
    if not path.exists():
        raise ParameterError(f"{given}: not found; give a run folder, a sweep folder or a summary.csv")
    if path.is_file():
        return summary_rows(path, given)
    if not (path / folders.MARKER).is_file():
        raise ParameterError(f"{given}: not made by mlfootprint (it has no {folders.MARKER} marker)")
    kind = folders.kind_of(path)
    if kind == "sweep":
        return _sweep_runs(path, given)
    if kind == "run":
        return [run_row(path, given)], 0
    hint = "; give one notebook's folder in it" if kind == "build" else ""
    raise ParameterError(f"{given}: holds the outputs of `mlfootprint {kind}`, which has no runs to pool (a run "
                         f"folder, a sweep folder or a summary.csv expected{hint})")


def gather(inputs) -> tuple[list[dict], int]:
    """Every pooled row of every input, checked (one notebook, each input once, at most MAX_RUNS runs)."""
    seen, rows, left_out = {}, [], 0
    for path in map(Path, inputs):
        real = (path.parent.resolve() / path.name) if path.name != SUMMARY else path.resolve().parent
        twice = next((given for other, given in seen.items() if other == real or other in real.parents
                      or real in other.parents), None)
        if twice is not None:
            raise ParameterError(f"{path}: given twice (also as {twice}, or inside it); give each run or sweep once")
        seen[real] = path
        processes.check()
        mine, skipped = rows_of(path)
        rows += mine
        left_out += skipped
        if len(rows) > MAX_RUNS:
            raise ParameterError(f"more than {MAX_RUNS:,} runs to pool; pool at most that many at once")
    notebooks = sorted({row["notebook"] for row in rows})
    if len(notebooks) > 1:
        first = {nb: next(r["source"] for r in rows if r["notebook"] == nb) for nb in notebooks[:2]}
        raise ParameterError(f"pool merges the runs of one notebook: {first[notebooks[0]]} holds runs of "
                             f"{notebooks[0]}, {first[notebooks[1]]} of {notebooks[1]}")
    if not rows:
        raise ParameterError(f"no complete run to pool in {', '.join(map(str, inputs))}")
    return rows, left_out


def verdict_counts(table):
    """For each claim of the pooled runs, in ledger order: how many runs got each verdict, and how many runs."""
    import pandas as pd

    columns = [c for c in table.columns if c.startswith("verdict:")]
    counts = pd.DataFrame({verdict: [int((table[c] == verdict).sum()) for c in columns] for verdict in VERDICTS},
                          index=pd.Index([c.removeprefix("verdict:") for c in columns], name="claim_id"))
    counts["runs"] = [int(table[c].notna().sum()) for c in columns]
    return counts


def pool(inputs, out_dir) -> Pooled:
    """Check every input, then write pooled.csv, verdict-counts.csv and the figure into `out_dir` (see the module's
    docstring). Nothing is written when an input is refused."""
    import pandas as pd

    from ..catalogue import find
    from .pool_figure import pooled_figure

    out_dir = folders.check_target(out_dir, "pool")
    rows, left_out = gather(inputs)
    notebook = find(rows[0]["notebook"])
    table = pd.read_csv(io.StringIO(pd.DataFrame(rows).to_csv(index=False)), keep_default_na=False, na_values=[""])
    with processes.held(), folders.Lock(out_dir):
        staging = folders.temporary_sibling(out_dir)
        try:
            table.to_csv(staging / POOLED, index=False)
            verdict_counts(table).to_csv(staging / COUNTS)
            pooled_figure(table, notebook, staging, FIGURE)
            folders.write_marker(staging, "pool", notebook=notebook.stem, runs=len(table))
            processes.check()
            folders.publish(staging, out_dir)
        except BaseException:
            folders.remove(staging)
            raise
    return Pooled(out_dir, notebook.stem, len(table), left_out)

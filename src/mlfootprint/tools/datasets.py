"""Datasets checked before any run starts (notebooks 01, 03 and 09 read Epoch AI's Notable AI Models, bundled or a
download given as `dataset`): a file that the notebook could not use is refused with one line naming the file, and
the line and column where that applies, before any kernel or folder is made.

The file's own checks (UTF-8, columns, each cell, a system listed twice, more than 20,000 rows) are its loader's
(`loaders.load_epoch_models`); here the file must also hold at least one system, no publication date after today,
and at least one system in the window that the run's `start` (and `size_start`) and `end` give.
"""

import datetime as dt
from pathlib import Path

from ..checks import DataError, ParameterError
from ..parameters import BUNDLED
from ..paths import shown

WINDOW_STARTS = ("start", "size_start")
"""Parameters that open a window of publication dates (closed by `end`, or by the dataset's latest date)."""
DATE_COLUMN = "Publication date"


def dataset_file(task) -> Path | None:
    """The Epoch AI file a task reads: the one its `dataset` names, the bundled snapshot for a notebook whose own
    data it is, or None."""
    from ..loaders import EPOCH_SNAPSHOT_FILE  # pandas: imported only when a dataset is checked

    dataset = getattr(task.parameters, "dataset", None)
    if dataset is None:
        return None
    if dataset != BUNDLED:
        return task.cwd / Path(dataset).expanduser()
    return EPOCH_SNAPSHOT_FILE if EPOCH_SNAPSHOT_FILE.name in task.notebook.data else None


def check_all(tasks) -> None:
    """Check the dataset of every task (each file and window once)."""
    checked = set()
    for task in tasks:
        path = dataset_file(task)
        windows = tuple((name, getattr(task.parameters, name)) for name in WINDOW_STARTS
                        if hasattr(task.parameters, name))
        end = getattr(task.parameters, "end", None)
        if path is not None and (path, windows, end) not in checked:
            check(path, windows, end)
            checked.add((path, windows, end))


def check(path: Path, windows=(), end: str | None = None) -> None:
    """Refuse a dataset file that a run could not use (DataError or ParameterError, one line)."""
    import pandas as pd

    from ..loaders import load_epoch_models

    models = load_epoch_models(path)
    if models.empty:
        raise DataError(f"{shown(path)}: a header and no system; expected one system per line from line 2")
    today = pd.Timestamp(dt.date.today())
    late = models["date"] > today
    if late.any():
        first = int(models.index[late][0])
        raise DataError(f"{shown(path)}, line {first + 2}, column '{DATE_COLUMN}': expected a date up to today "
                        f"({today:%Y-%m-%d}), got {models['date'][first]:%Y-%m-%d}")
    dates = models["date"].dropna()
    if dates.empty:
        raise DataError(f"{shown(path)}, column '{DATE_COLUMN}': every cell is empty; expected dates as YYYY-MM-DD")
    last = dates.max() if end in (None, "latest") else pd.Timestamp(end)
    for name, start in windows:
        if pd.Timestamp(start) > dates.max():
            raise ParameterError(f"{name} {start} is after the latest publication date in {shown(path)} "
                                 f"({dates.max():%Y-%m-%d}): the window holds no system")
        if not ((dates >= pd.Timestamp(start)) & (dates <= last)).any():
            raise ParameterError(f"{name} {start} to {last:%Y-%m-%d}: {shown(path)} has no system published then "
                                 f"(its systems span {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d})")

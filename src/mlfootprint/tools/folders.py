"""Output folders that never destroy a user's files.

Every folder the tool writes carries a marker file (`.mlfootprint`). The tool replaces or removes a folder only when
it carries that marker; it refuses, with one line and before any work:
- an existing folder without the marker (it may hold the user's files);
- `.`, `..`, the working folder or any folder above it, the project's root or any folder above it, and the
  project's own folders (notebooks, data, src, tests, ...);
- a symbolic link (never followed), a file, a folder it cannot write to.

A writer holds a lock on its target (a file `.<name>.lock` beside it, an `flock` released when the process ends),
so a second command writing the same folder is refused instead of mixing its files with the first one's.
"""

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
from pathlib import Path

from ..checks import ParameterError
from ..paths import ROOT

MARKER = ".mlfootprint"
PROJECT_FOLDERS = ("notebooks", "data", "src", "tests", "benchmarks", ".git", ".venv", ".ci")
RESERVED_SUFFIXES = (".partial", ".failed", ".lock", ".old")
MAX_NAME_BYTES = 200
"""Longest folder name accepted (file systems allow 255 bytes; the tool adds suffixes such as .partial-1a2b3c4d)."""
MIN_FREE_BYTES = 20_000_000
"""Free disk space a run needs: the largest notebook run writes about 2 MB; a build of all of them about 10 MB."""


def _ancestors_or_self(path: Path) -> set[Path]:
    return {path, *path.parents}


def check_target(folder, what: str = "--out") -> Path:
    """Refuse a folder the tool must not write (see the module's rules); return it as an absolute path whose
    last part is not resolved (a symbolic link stays a link, and is refused)."""
    given = str(folder)
    if not given.strip():
        raise ParameterError(f"{what} is empty; give a folder name")
    path = Path(os.path.abspath(os.path.expanduser(given)))
    if any(len(part.encode()) > MAX_NAME_BYTES for part in path.parts):
        raise ParameterError(f"{what} {given!r}: a folder name is longer than {MAX_NAME_BYTES} bytes")
    real_parent = path.parent.resolve()
    target = real_parent / path.name
    if path.name in ("", ".", "..") or target in _ancestors_or_self(Path.cwd().resolve()):
        raise ParameterError(f"{what} {given!r} is the working folder or above it; give a new folder for the outputs")
    if target in _ancestors_or_self(ROOT):
        raise ParameterError(f"{what} {given!r} is the project's folder or above it; give a new folder for the outputs")
    for own in PROJECT_FOLDERS:
        if (ROOT / own) in _ancestors_or_self(target):
            raise ParameterError(f"{what} {given!r} is inside the project's own folder {own}/; give another folder")
    if target.is_symlink():
        raise ParameterError(f"{what} {given!r} is a symbolic link; give the folder it points to, or a new folder")
    if target.exists() and not target.is_dir():
        raise ParameterError(f"{what} {given!r} is a file, not a folder")
    if target.is_dir() and not (target / MARKER).is_file():
        raise ParameterError(f"{what} {given!r} exists and was not made by mlfootprint (it has no {MARKER} marker); "
                             f"choose a new folder, or empty it yourself")
    for parent in (target, *target.parents):
        if parent.exists():
            if not parent.is_dir():
                raise ParameterError(f"{what} {given!r}: {parent} is a file, so no folder can be made below it")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise ParameterError(f"{what} {given!r}: cannot write in {parent} (permission denied)")
            break
    free = shutil.disk_usage(next(p for p in (target, *target.parents) if p.exists())).free
    if free < MIN_FREE_BYTES:
        raise ParameterError(f"{what} {given!r}: only {free / 1e6:.1f} MB free on its disk; a run writes up to "
                             f"{MIN_FREE_BYTES / 1e6:.0f} MB")
    return target


def make_folder(folder: Path) -> Path:
    """Create `folder` (and its parents) if missing and mark it as made by the tool."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER
    if not marker.exists():
        marker.write_text(json.dumps({"made_by": "mlfootprint"}) + "\n")
    return folder


def write_marker(folder: Path, **record) -> None:
    (folder / MARKER).write_text(json.dumps({"made_by": "mlfootprint", **record}, sort_keys=True) + "\n")


def read_marker(folder: Path) -> dict:
    try:
        return json.loads((folder / MARKER).read_text())
    except (OSError, ValueError):
        return {}


def remove(folder: Path) -> None:
    """Remove a folder the tool made (one with the marker); anything else is left alone."""
    if folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file():
        shutil.rmtree(folder, ignore_errors=True)


def temporary_sibling(target: Path, kind: str = "partial") -> Path:
    """A new, uniquely named, marked folder beside `target`: `<name>.partial-<random>`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = target.with_name(f"{target.name}.{kind}-{secrets.token_hex(4)}")
    folder.mkdir()
    write_marker(folder)
    return folder


def publish(temporary: Path, target: Path) -> None:
    """Put a finished folder in place of `target`: the earlier one (marked) is moved aside, then removed; a reader
    never sees a half-written folder under the target's name."""
    old = None
    if target.exists():
        old = target.with_name(f"{target.name}.old-{secrets.token_hex(4)}")
        target.rename(old)
    temporary.rename(target)
    if old is not None:
        remove(old)


class Lock:
    """An exclusive lock on writing `target`, held by this process until `release()` (or its end)."""

    def __init__(self, target: Path):
        self.path = target.with_name(f".{target.name}.lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise ParameterError(f"{target} is being written by another mlfootprint command ({holder}); wait for it "
                                 f"to finish or choose another folder") from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}")
        self.handle.flush()

    def release(self) -> None:
        self.handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.release()


def atomic_write(path: Path, text: str) -> None:
    """Write a file so that readers see either the old or the new content, never a mix."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    temporary.write_text(text)
    os.replace(temporary, path)


def folder_name(parameters: dict) -> str:
    """A safe, collision-free folder name from parameters ("default" when none), e.g. "days=6_gpu=V100-SXM2".

    Only letters, digits and . + - = _ survive, so a name can never leave its parent folder; when a value had to be
    cleaned ("a/b.csv" and "a b.csv" both read "a-b.csv") or the name is long, it ends in a short hash of the
    parameters, so different parameters never share a folder.
    """
    if not parameters:
        return "default"

    def part(value) -> str:
        return re.sub(r"[^A-Za-z0-9.+-]+", "-", str(value)).strip("-.") or "x"

    pairs = sorted(parameters.items())
    safe = "_".join(f"{part(key)}={part(value)}" for key, value in pairs)
    exact = "_".join(f"{key}={value}" for key, value in pairs)
    if safe != exact or len(safe) > 80:
        digest = hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()[:8]
        safe = safe[:70].rstrip("-_.=") + "-" + digest
    return safe

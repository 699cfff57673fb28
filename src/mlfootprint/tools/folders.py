"""Output folders that never destroy a user's files.

Every folder the tool writes carries a marker file (`.mlfootprint`). The tool replaces or removes a folder only when
it carries that marker; it refuses, with one line and before any work:
- an existing folder without the marker (it may hold the user's files);
- `.`, `..`, the working folder or any folder above it, the project's root or any folder above it, and the
  project's own folders (notebooks, data, src, tests, ...);
- a symbolic link (never followed), a file, a folder it cannot write to.

Each command marks what it made with its kind (a run, a build, a sweep, an estimate, a site) and replaces only a
folder of its own kind: `--out` naming another kind's folder, or a folder inside one the tool made, is refused too.

A command holds one lock on its output folder while it writes (an `flock` on a file `.<name>.lock` beside it, removed
when the command ends and released by the system if it dies), so a second command writing the same folder is refused
instead of mixing its files with the first one's. Unfinished folders (`.partial-*`, `.old-*`) that a dead command
left beside or inside its output are removed by the next command that writes there.
"""

import contextlib
import fcntl
import glob
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
KINDS = ("run", "build", "sweep", "estimate", "site")
"""What a command makes: `mlfootprint run`, `build`, `sweep`, `estimate` and `site` (a build's or a sweep's
subfolders are runs)."""
LEGACY_KINDS = (("run.json", "run"), ("summary.csv", "sweep"), ("index.html", "site"), ("estimate.csv", "estimate"))
"""How the kind of a folder marked before kinds were recorded is told: by a file only that kind writes (else a
build). Read for one release."""
PROJECT_FOLDERS = ("notebooks", "data", "src", "tests", "benchmarks", ".git", ".venv", ".ci")
RESERVED_SUFFIXES = (".partial", ".failed", ".lock", ".old")
MAX_NAME_BYTES = 200
"""Longest folder name accepted (file systems allow 255 bytes; the tool adds suffixes such as .partial-1a2b3c4d)."""
MIN_FREE_BYTES = 20_000_000
"""Free disk space a run needs: the largest notebook run writes about 2 MB; a build of all of them about 10 MB."""


def reserved(name: str) -> bool:
    """Whether a folder name is one the tool gives its own files (`x.failed`, `x.partial-1a2b3c4d`, ...)."""
    return name.endswith(RESERVED_SUFFIXES) or re.search(r"\.(partial|old)-", name) is not None


def _ancestors_or_self(path: Path) -> set[Path]:
    return {path, *path.parents}


def check_target(folder, kind: str, what: str = "--out") -> Path:
    """Refuse a folder that a command making `kind` must not write (see the module's rules); return it as an
    absolute path whose last part is not resolved (a symbolic link stays a link, and is refused)."""
    given = str(folder)
    if not given.strip():
        raise ParameterError(f"{what} is empty; give a folder name")
    path = Path(os.path.abspath(os.path.expanduser(given)))
    if any(len(part.encode()) > MAX_NAME_BYTES for part in path.parts):
        raise ParameterError(f"{what} {given!r}: a folder name is longer than {MAX_NAME_BYTES} bytes")
    if reserved(path.name):
        raise ParameterError(f"{what} {given!r}: names ending in {', '.join(RESERVED_SUFFIXES)} or holding "
                             f".partial- or .old- are the tool's own; choose another name")
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
    if target.is_dir() and kind_of(target) != kind:
        raise ParameterError(f"{what} {given!r} holds the outputs of `mlfootprint {kind_of(target)}`, which "
                             f"`mlfootprint {kind}` would replace; choose another folder")
    inside = next((p for p in target.parents if (p / MARKER).is_file()), None)
    if inside is not None:
        raise ParameterError(f"{what} {given!r} is inside {inside}, made by `mlfootprint {kind_of(inside)}`; "
                             f"choose a folder outside it")
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


def make_folder(folder: Path, kind: str) -> Path:
    """Create `folder` (and its parents) if missing and mark it as made by the tool, of `kind`."""
    folder.mkdir(parents=True, exist_ok=True)
    if read_marker(folder).get("kind") != kind:
        write_marker(folder, kind)
    return folder


def write_marker(folder: Path, kind: str | None, **record) -> None:
    """Mark `folder` as made by the tool, of `kind` (None: an unfinished folder, of no kind yet)."""
    made = {"made_by": "mlfootprint", **({"kind": kind} if kind else {}), **record}
    (folder / MARKER).write_text(json.dumps(made, sort_keys=True) + "\n")


def read_marker(folder: Path) -> dict:
    try:
        return json.loads((folder / MARKER).read_text())
    except (OSError, ValueError):
        return {}


def kind_of(folder: Path) -> str:
    """The kind of a folder the tool made (see KINDS)."""
    kind = read_marker(folder).get("kind")
    if kind:
        return kind
    return next((kind for name, kind in LEGACY_KINDS if (folder / name).exists()), "build")


def remove(folder: Path) -> None:
    """Remove a folder the tool made (one with the marker); anything else is left alone."""
    if folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file():
        shutil.rmtree(folder, ignore_errors=True)


def temporary_sibling(target: Path) -> Path:
    """A new, uniquely named, marked folder beside `target`: `<name>.partial-<random>`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = target.with_name(f"{target.name}.partial-{secrets.token_hex(4)}")
    folder.mkdir()
    write_marker(folder, None)
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


def remove_unfinished(target: Path) -> None:
    """Remove what a dead command left unfinished while writing `target`: `<target>.partial-*` and `<target>.old-*`
    beside it and, when `target` is a build's or a sweep's folder, inside it. Call it holding the lock on `target`."""
    unfinished = ("partial", "old")
    patterns = [(target.parent, f"{glob.escape(target.name)}.{kind}-*") for kind in unfinished]
    if target.is_dir() and not target.is_symlink():
        patterns += [(target, f"*.{kind}-*") for kind in unfinished]
    for folder, pattern in patterns:
        for path in folder.glob(pattern):
            remove(path)


class Lock:
    """An exclusive lock on writing `target`, held by this process until `release()` (or its end): one descriptor,
    and a lock file that is removed on release."""

    def __init__(self, target: Path):
        self.path = target.with_name(f".{target.name}.lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            self.handle = self.path.open("a+")
            try:
                fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.handle.seek(0)
                holder = self.handle.read().strip() or "another process"
                self.handle.close()
                raise ParameterError(f"{target} is being written by another mlfootprint command ({holder}); wait for "
                                     f"it to finish or choose another folder") from None
            if self._still_the_file():  # not removed by the holder that just released it
                break
            self.handle.close()
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}")
        self.handle.flush()
        remove_unfinished(target)

    def _still_the_file(self) -> bool:
        try:
            return os.stat(self.path).st_ino == os.fstat(self.handle.fileno()).st_ino
        except FileNotFoundError:
            return False

    def release(self) -> None:
        if not self.handle.closed:
            with contextlib.suppress(OSError):
                self.path.unlink()  # while still holding it, so that no one locks a file about to vanish
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

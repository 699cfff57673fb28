"""Child processes that never outlive the command, and signals that are never lost.

A command blocks SIGINT, SIGTERM and SIGHUP from its first line (`hold`), before it starts any thread, and takes
them only at safe points (`check`, `wait`), where they raise `Interrupted`: never inside a fork, an after-fork hook,
a rename or a `finally` block, so Ctrl-C is never swallowed and a half-done step is never left behind.

Each run is a child forked with those signals blocked (`fork`); before it unblocks them, the child drops any that
reached it through the command's process group, takes a group of its own (the terminal's Ctrl-C reaches only the
command, which stops the children itself), gets their default actions back and, on Linux, a request to be killed
when the command dies (`prctl(PR_SET_PDEATHSIG)`), even by SIGKILL. A Jupyter kernel started by a child stops by
itself when its parent is gone (ipykernel's parent poller). `supervise` runs children a few at a time and, on a
signal or on any error of its own, stops every child and everything it started before passing the error on.
"""

import contextlib
import ctypes
import json
import os
import select
import signal
import sys
import time
from dataclasses import dataclass, field

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals that stop a command: Ctrl-C, `kill`, and a closed terminal."""
PR_SET_PDEATHSIG = 1
WAIT_SECONDS = 0.2
"""Longest time between two looks for a stop signal while children run."""
MAX_ERROR_CHARACTERS = 2000
"""Longest error a child reports (its result must fit the pipe's buffer, which the parent reads once it has ended)."""
STOP_SECONDS = 3
"""How long a stopped child and its kernel get to end after SIGTERM, before SIGKILL."""


class Interrupted(Exception):
    """The command was stopped by a signal; `complete` of `total` runs had finished."""

    def __init__(self, signum: int, complete: int = 0, total: int = 0):
        super().__init__(signal.Signals(signum).name)
        self.signum, self.complete, self.total = signum, complete, total

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def hold() -> set:
    """Block the stop signals in this thread (and every thread it starts); returns the mask before."""
    return signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)


class held:
    """While active, the stop signals wait for `check` or `wait` (for callers of the Python API; the command holds
    them from its first line to its end). In a process whose other threads do not block them, a signal may still
    reach Python's own handler (KeyboardInterrupt), which stops the children just as well."""

    def __enter__(self):
        self.before = hold()
        return self

    def __exit__(self, *_):
        signal.pthread_sigmask(signal.SIG_SETMASK, self.before)


def check() -> None:
    """Raise Interrupted if a stop signal is waiting (the signals must be held)."""
    received = signal.sigtimedwait(STOP_SIGNALS, 0)
    if received is not None:
        raise Interrupted(received.si_signo)


def wait(seconds: float, children=()) -> None:
    """Sleep until one of `children` ends (or writes its result), or `seconds` pass; raise Interrupted if a stop
    signal comes meanwhile (the signals must be held)."""
    select.select([child.pipe for child in children], [], [], seconds)
    check()


def _die_with(parent: int) -> None:
    """In a child: be killed when `parent` dies (Linux), and end now if it already has."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


@dataclass
class Child:
    """A forked child that reports one error line ("" for success) through a pipe."""

    pid: int
    pipe: int
    started: float = field(default_factory=time.perf_counter)

    def poll(self, block: bool = False) -> tuple[str, float] | None:
        """(error line, seconds) once the child has ended (waiting for it with `block`), else None; a child that
        ended without reporting gets an error line saying how it ended."""
        pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        if pid == 0:
            return None
        seconds = time.perf_counter() - self.started
        with os.fdopen(self.pipe, "rb") as pipe:
            message = pipe.read()
        try:
            return json.loads(message)["error"], seconds
        except (ValueError, KeyError, TypeError):
            if os.WIFSIGNALED(status):
                why = f"the run's process was killed by {signal.Signals(os.WTERMSIG(status)).name} before it finished"
            else:
                why = f"the run's process ended without a result (exit status {os.waitstatus_to_exitcode(status)})"
            return why, seconds

    def join(self) -> tuple[str, float]:
        """Wait for the child to end: (error line, seconds)."""
        return self.poll(block=True)

    def stop(self) -> None:
        """Stop the child and every process it started (a kernel runs in a session of its own): SIGTERM, then
        SIGKILL; then reap it."""
        import psutil  # 30 ms: not before the command holds its signals

        try:
            family = [psutil.Process(self.pid)]
            family += family[0].children(recursive=True)
        except psutil.NoSuchProcess:
            family = []
        for process in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.terminate()
        _, alive = psutil.wait_procs(family, timeout=STOP_SECONDS)
        for process in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(alive, timeout=STOP_SECONDS)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.pipe)


def fork(function, *args) -> Child:
    """Run `function(*args)` in a forked child; it returns an error line ("" for success), and an exception is one.
    The stop signals are blocked around the fork, so none can land inside it."""
    parent = os.getpid()
    read_end, write_end = os.pipe()
    before = hold()
    pid = os.fork()
    if pid == 0:  # the child: exits here, without running the parent's clean-up code
        code = 1
        try:
            os.close(read_end)
            for signum in STOP_SIGNALS:  # ignoring discards one sent to the command's group before setpgid: the
                signal.signal(signum, signal.SIG_IGN)  # command stops its children itself
            os.setpgid(0, 0)
            for signum in STOP_SIGNALS:
                signal.signal(signum, signal.SIG_DFL)
            _die_with(parent)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
            error, code = function(*args), 0
        except BaseException as failure:  # noqa: BLE001  (the child must always report and exit)
            error = f"{type(failure).__name__}: {failure}"
        try:
            os.write(write_end, json.dumps({"error": error[:MAX_ERROR_CHARACTERS]}).encode())
        finally:
            os._exit(code)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # also here, so that it holds before the child runs
    os.close(write_end)
    signal.pthread_sigmask(signal.SIG_SETMASK, before)
    return Child(pid, read_end)


def supervise(items: list, start, done, jobs: int, abandon) -> None:
    """Run `start(item) -> Child` for each item, `jobs` at a time, calling `done(item, error, seconds)` as each
    ends. On a stop signal (Interrupted) or any error, stop every running child, call `abandon(item)` for each, and
    pass the error on. The stop signals must be held."""
    pending, running = list(items), {}
    try:
        while pending or running:
            check()
            while pending and len(running) < jobs:
                item = pending.pop(0)
                running[item] = start(item)
            ended = [(item, child.poll()) for item, child in running.items()]
            ended = [(item, outcome) for item, outcome in ended if outcome is not None]
            for item, (error, seconds) in ended:
                del running[item]
                done(item, error, seconds)
            if not ended:
                wait(WAIT_SECONDS, running.values())
    except BaseException:
        for item, child in running.items():
            child.stop()
            abandon(item)
        raise

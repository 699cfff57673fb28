"""Runs on an existing Dask distributed cluster (`sweep --scheduler tcp://HOST:PORT`): each run executes on a
worker, in a child process of the worker, exactly as it would locally; the workers must see the same files (the
project and the output folder) and have this project installed in the same pinned environment."""

import socket
import time
from urllib.parse import urlparse

from ..checks import ParameterError
from . import engine, folders, processes

CONNECT_SECONDS = 3
HANDSHAKE_SECONDS = 10
"""How long a scheduler may take to answer as a Dask scheduler (the handshake runs in a child that is then stopped,
so that a listener that never answers, or answers with something else, cannot hang or crash the command)."""
POLL_SECONDS = 0.5
"""How often the command looks for a stop signal while the cluster works."""


def check_reachable(address: str) -> None:
    """Refuse, within a few seconds, a scheduler address that does not answer."""
    parsed = urlparse(address if "://" in address else f"tcp://{address}")
    if parsed.scheme != "tcp" or not parsed.hostname or not parsed.port:
        raise ParameterError(f"--scheduler must look like tcp://HOST:PORT (got {address!r})")
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=CONNECT_SECONDS):
            pass
    except OSError as error:
        raise ParameterError(f"--scheduler {address}: no answer within {CONNECT_SECONDS} s "
                             f"({error.strerror or error})") from None


def _handshake(address: str) -> str:
    """In a child: connect to `address` as a Dask client and ask for its workers; "" when it answers."""
    from distributed import Client

    with Client(address, timeout=f"{CONNECT_SECONDS * 2}s") as client:
        client.scheduler_info()
    return ""


def check_scheduler(address: str) -> None:
    """Refuse, in one line within HANDSHAKE_SECONDS, an address that does not answer as a Dask scheduler (no
    listener, a listener that stays silent, or another service); the stop signals still stop the command."""
    check_reachable(address)
    child = processes.fork(_handshake, address)
    deadline = time.monotonic() + HANDSHAKE_SECONDS
    try:
        while (outcome := child.poll()) is None:
            if time.monotonic() > deadline:
                raise ParameterError(f"--scheduler {address}: no Dask scheduler answered within "
                                     f"{HANDSHAKE_SECONDS} s (is it a Dask scheduler's address?)")
            processes.wait(0.2, [child])
    except BaseException:
        child.stop()
        raise
    error = outcome[0]
    if error:
        raise ParameterError(f"--scheduler {address}: does not answer as a Dask scheduler "
                             f"({error.splitlines()[0][:160]})")


def execute_in_child(task, engine_name: str) -> tuple[str, float, object]:
    """On a worker: execute one task in a child of the worker and wait for it: (error line, seconds, folder)."""
    if engine_name == "warm":
        engine.warm_up([task.notebook], shared=[task.notebook])  # a worker runs many tasks: prepare once
    folder = folders.temporary_sibling(task.out_dir)
    error, seconds = processes.fork(engine.execute_task, task, folder, engine_name).join()
    return error, seconds, folder


def run_on_cluster(tasks, scheduler: str, engine_name: str, done) -> None:
    """Run the tasks on the cluster's workers, calling `done(index, error, seconds, folder)` as each ends; a task
    whose worker is lost becomes a failed run with that error. The command's stop signals must be held: they are
    looked for while waiting, and cancel every task."""
    from distributed import Client

    with Client(scheduler, timeout=f"{CONNECT_SECONDS * 3}s") as client:
        futures = {client.submit(execute_in_child, task, engine_name, pure=False): i for i, task in enumerate(tasks)}
        try:
            while futures:
                finished = [future for future in futures if future.done()]
                for future in finished:
                    i = futures.pop(future)
                    try:
                        outcome = future.result()
                    except Exception as error:  # a lost worker, or a task that could not be sent
                        outcome = (f"{type(error).__name__}: {error}", 0.0, folders.temporary_sibling(tasks[i].out_dir))
                    done(i, *outcome)
                if not finished:
                    processes.wait(POLL_SECONDS)
        except BaseException:
            client.cancel(list(futures))
            raise

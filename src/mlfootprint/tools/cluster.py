"""Runs on an existing Dask distributed cluster (`sweep --scheduler tcp://HOST:PORT`): each run executes on a
worker, in a child process of the worker, exactly as it would locally; the workers must see the same files (the
project and the output folder) and have this project installed in the same pinned environment."""

import socket
from urllib.parse import urlparse

from ..checks import ParameterError

CONNECT_SECONDS = 3


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


def run_on_cluster(tasks, scheduler: str, engine: str) -> list[tuple]:
    """(error line, seconds, folder) of each task, run on the cluster's workers; a task whose worker is lost
    becomes a failed run with that error."""
    from distributed import Client, as_completed

    from .runner import execute_in_child

    check_reachable(scheduler)
    done = {}
    with Client(scheduler, timeout=f"{CONNECT_SECONDS * 3}s") as client:
        futures = {client.submit(execute_in_child, task, engine, pure=False): i for i, task in enumerate(tasks)}
        try:
            for future in as_completed(futures):
                i = futures[future]
                try:
                    done[i] = future.result()
                except Exception as error:  # a lost worker, or a task that could not be sent
                    from . import folders

                    folder = folders.temporary_sibling(tasks[i].out_dir)
                    done[i] = (f"{type(error).__name__}: {error}", 0.0, folder)
        except BaseException:
            client.cancel(list(futures))
            raise
    return [done[i] for i in range(len(tasks))]

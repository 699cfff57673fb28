"""Reading a file that a user or a results folder gives, bounded before it is read: a regular file only (never a
device, a pipe or a folder), never through a symbolic link when `links` is False, and at most `max_bytes` (checked on
the open file, then read no further), so `/dev/zero`, a FIFO or a huge file is refused in one line at once."""

import os
import stat
from pathlib import Path

from ..checks import ParameterError


def read_bounded(path, max_bytes: int, what: str = "", links: bool = True) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; ParameterError naming the file (and `what` it is) else."""
    path = Path(path)
    name = f"{what} {path}" if what else str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if links else os.O_NOFOLLOW)
    try:
        if not links and path.is_symlink():
            raise ParameterError(f"{name}: a symbolic link, which is never followed")
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise ParameterError(f"{name}: file not found") from None
    except OSError as error:
        raise ParameterError(f"{name}: cannot read ({error.strerror})") from None
    status = os.fstat(descriptor)  # before fdopen, which refuses a folder with an error that names no file
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise ParameterError(f"{name}: is a folder, expected a file" if stat.S_ISDIR(status.st_mode) else
                             f"{name}: not a regular file (a device, a pipe or a socket); expected a file")
    with os.fdopen(descriptor, "rb") as handle:
        if status.st_size > max_bytes:
            raise ParameterError(f"{name}: {status.st_size:,} bytes; at most {max_bytes:,} are read")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while being read
        raise ParameterError(f"{name}: more than {max_bytes:,} bytes; at most {max_bytes:,} are read")
    return data

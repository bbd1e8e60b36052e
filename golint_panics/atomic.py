"""Write a file so that readers see the old content or the new, never half:
a temporary file in the same directory, flushed, then renamed over."""
from __future__ import annotations

import os
import tempfile


def write_atomic(path: str, data: bytes, *, keep_mode: bool = True) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    mode = None
    if keep_mode:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            mode = None
    fd, tmp = tempfile.mkstemp(prefix=".golint-panics-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise

"""Write a file so that readers see the old content or the new, never half,
and so that nothing else about it changes.

A regular file is replaced by a temporary file of the same directory,
flushed, given the old file's mode and owner, then renamed over it; the
temporary file is removed on every way out (an exception, Ctrl-C, SIGTERM:
the CLI turns SIGTERM into an exception). A symbolic link is written
through: its target is the file that changes. A file with other hard links
is rewritten in place (a rename would split it from its other names), as is
a file whose owner cannot be kept. A file that is not regular (a terminal,
`/dev/stdout`, a FIFO) is written directly, never replaced.

`private=True` (the cache's own files) is the other way round: the name
itself is replaced, whatever is there (a link is not followed), by a file
only its owner can read.

`durable=False` skips the flush to disk before the rename, for files whose
content is sealed (sealed.seal): after a crash such a file may be empty or
torn, its seal then fails, and it is read as missing (a cache entry is
made again). Every file a user reads (reports, baselines, fixed sources)
is flushed.
"""
from __future__ import annotations

import os
import stat


def write_atomic(path: str, data: bytes, *, private: bool = False,
                 durable: bool = True) -> None:
    if private:
        _replace(os.path.abspath(path), data, None, durable)
        return
    try:
        st = os.stat(path)          # through links, /proc's magic ones included
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_in_place(path, data, truncate=False)
        return
    target = os.path.realpath(path)
    if st is not None and (st.st_nlink > 1 or not _can_own(st)):
        _write_in_place(target, data, truncate=True)
        return
    _replace(target, data, st if st is not None else _NEW)


_NEW = object()


def write_new(path: str, data: bytes) -> bool:
    """Write a sealed private file (sealed.seal) that does not exist yet
    straight under its name, 0600, without a temporary file and a rename:
    half the kernel's work of `write_atomic`. A reader that comes while it
    is being written, or after a crash cut it, finds its seal broken and
    takes it as missing; the next write of a file that exists replaces it
    whole (write_atomic). False, writing nothing, when the name exists (a
    symbolic link included)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        try:
            os.unlink(path)       # not left half written when it can be helped
        except OSError:
            pass
        raise
    return True


def _replace(target: str, data: bytes, st, durable: bool = True) -> None:
    """Write a temporary file beside `target` and rename it over; `st`: the
    old file's status to copy (mode, owner), _NEW for a new file's usual
    mode, None for a private file (0600, as mkstemp makes it)."""
    directory = os.path.dirname(target)
    import tempfile               # here: a check that writes nothing does not import it
    fd, tmp = tempfile.mkstemp(prefix=".golint-panics-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
            if st is _NEW:   # a new file: as `>` would create it (0666 less the umask)
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            elif st is not None:
                if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                    os.fchown(fh.fileno(), st.st_uid, st.st_gid)
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_in_place(target: str, data: bytes, truncate: bool) -> None:
    flags = os.O_WRONLY | (os.O_TRUNC if truncate else 0)
    fd = os.open(target, flags)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()


def _can_own(st: os.stat_result) -> bool:
    """Can a new file get this file's owner and group?"""
    if os.geteuid() == 0:
        return True
    return st.st_uid == os.geteuid() and (st.st_gid == os.getegid()
                                           or st.st_gid in os.getgroups())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

"""Reading files that a repository controls: regular files only, bounded.

A checked-out tree is untrusted input (CI runs the linter on pull
requests): any file we read from it (sources, configuration, `go.mod`,
`vendor/modules.txt`, cache entries) may be a FIFO that blocks forever, a
symlink to `/dev/zero` or a device, or simply huge. Every such read goes
through `read_bounded`: opened without blocking, checked to be a regular
file after opening (so nothing is swapped in between), and read up to a
limit.
"""
from __future__ import annotations

import os
import stat

KB = 1024
MB = 1024 * KB

#: limits per kind of file
GO_SOURCE_LIMIT = 64 * MB       # generated Go files reach a few MB; 64 MB is no source
CONFIG_LIMIT = 1 * MB           # .golint-panics.toml, pyproject.toml
GOMOD_LIMIT = 4 * MB            # go.mod
MODULES_TXT_LIMIT = 16 * MB     # vendor/modules.txt
CACHE_ENTRY_LIMIT = 64 * MB     # one cache entry


class UnsafeFile(OSError):
    """Not a regular file, a symlink where none is allowed, or too large."""


def read_bounded(path: str, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises OSError (with a `strerror` that says why) for anything else: a
    missing file, a directory, a FIFO, a device, a socket, a symlink when
    `follow_symlinks` is false, or a file larger than `limit`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                raise UnsafeFile(0, "is a symbolic link", path)
        except UnsafeFile:
            raise
        except OSError:
            pass   # the open below reports it
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_symlinks and exc.errno in (getattr(os, "ELOOP", -1),):
            raise UnsafeFile(exc.errno, "is a symbolic link", path) from None
        raise
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UnsafeFile(0, "is a directory", path)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile(0, "not a regular file", path)
        if st.st_size > limit:
            raise UnsafeFile(0, f"larger than {_size(limit)}", path)
        chunks = []
        left = limit + 1
        while left > 0:
            # the size it has, and one byte more: a regular file read short
            # is at its end (one read for most files, not a second, empty one)
            want = min(left, max(st.st_size + 1, 4096), 1 << 20)
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            if len(chunk) < want:
                break
        data = b"".join(chunks)
        if len(data) > limit:   # it grew while we read it
            raise UnsafeFile(0, f"larger than {_size(limit)}", path)
        return data
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n // MB} MB" if n >= MB else f"{n // KB} KB"


def is_real_dir(path: str) -> bool:
    """A directory that is not a symbolic link."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False

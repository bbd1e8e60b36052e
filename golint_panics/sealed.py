"""Authenticated files: what golint-panics writes for itself into places a
repository may control (the result cache, dependency summaries, the rule
manifest) carries an HMAC-SHA256 made with a random per-user key that
lives outside any repository (`$XDG_CACHE_HOME/golint-panics/key`, else
`~/.cache/golint-panics/key`, created with mode 0600). A file whose tag
does not verify reads as missing; files are read as bounded regular
files, never through a symbolic link."""
from __future__ import annotations

import hashlib
import hmac
import os

from .safeio import CACHE_ENTRY_LIMIT, is_real_dir, read_bounded

_MAGIC = b"golint-panics-cache 2 "


def key_path() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "golint-panics", "key")


_KEY: bytes | None = None


def user_key() -> bytes:
    """The per-user secret that authenticates cache entries, created on first
    use. When it cannot be read or stored, a key for this process only: the
    cache then never serves an entry written by another run (safe, slower)."""
    global _KEY
    if _KEY is not None:
        return _KEY
    path = key_path()
    key = None
    try:
        data = read_bounded(path, 4096, follow_symlinks=False).strip()
        if len(data) >= 32:
            key = data
    except OSError:
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            new = os.urandom(32).hex().encode()   # (what secrets.token_hex does)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                         0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(new + b"\n")
            key = new
        except OSError:
            try:   # another process created it first
                data = read_bounded(path, 4096, follow_symlinks=False).strip()
                key = data if len(data) >= 32 else None
            except OSError:
                key = None
    _KEY = key if key is not None else os.urandom(32)
    return _KEY


def seal(payload: bytes) -> bytes:
    tag = hmac.new(user_key(), payload, hashlib.sha256).hexdigest().encode()
    return _MAGIC + tag + b"\n" + payload


def unseal(data: bytes) -> bytes | None:
    """The payload of an entry whose tag verifies with our key, else None."""
    if not data.startswith(_MAGIC):
        return None
    head, sep, payload = data[len(_MAGIC):].partition(b"\n")
    if not sep:
        return None
    tag = hmac.new(user_key(), payload, hashlib.sha256).hexdigest().encode()
    return payload if hmac.compare_digest(tag, head) else None


def read_entry_file(path: str, limit: int = CACHE_ENTRY_LIMIT) -> bytes | None:
    """The verified payload of a cache file, or None (missing, not a regular
    file, a symlink, too large, or not written with our key)."""
    try:
        return unseal(read_bounded(path, limit, follow_symlinks=False))
    except OSError:
        return None


def safe_dirs(base: str, path: str) -> bool:
    """Are `base` and every directory from it down to `path`'s directory real
    directories (no symbolic links), creating the missing ones?"""
    here = os.path.dirname(path)
    rel = os.path.relpath(here, base)
    parts = [] if rel == "." else rel.split(os.sep)
    cur = base
    for part in [None] + parts:
        if part is not None:
            cur = os.path.join(cur, part)
        if not os.path.lexists(cur):
            try:
                os.mkdir(cur)
            except FileExistsError:
                pass
            except OSError:
                return False
        if not is_real_dir(cur):
            return False
    return True

"""Apply the mechanical fixes rules offer (`check --fix`).

A fix is a byte-range replacement computed from the bytes the rule saw.
A file is rewritten only if it still has exactly those bytes, every other
byte is left as it was, and the new content replaces the file atomically
(temporary file in the same directory, then rename).
"""
from __future__ import annotations

import hashlib
import os

from .atomic import write_atomic


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def apply_fixes(findings, cwd: str) -> tuple[set[int], list[str]]:
    """Apply every finding's fix; return (indices of fixed findings, warnings)."""
    by_path: dict[str, list[tuple[int, object]]] = {}
    for i, f in enumerate(findings):
        if f.fix is not None:
            by_path.setdefault(f.path, []).append((i, f.fix))
    fixed: set[int] = set()
    warnings: list[str] = []
    for path, items in sorted(by_path.items()):
        full = os.path.join(cwd, path)
        try:
            with open(full, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            warnings.append(f"{path}: not fixed: {exc.strerror}")
            continue
        if any(fx.digest and fx.digest != digest(data) for _, fx in items):
            warnings.append(f"{path}: not fixed: the file changed since it was checked")
            continue
        items.sort(key=lambda t: (t[1].start, t[1].end), reverse=True)
        applied = []
        limit = len(data) + 1
        for i, fx in items:
            if fx.end > limit or fx.end > len(data):
                continue  # overlaps a fix already applied
            data = data[: fx.start] + fx.replacement.encode("utf-8") + data[fx.end:]
            limit = fx.start
            applied.append(i)
        try:
            write_atomic(full, data)
        except OSError as exc:
            warnings.append(f"{path}: not fixed: {exc.strerror}")
            continue
        fixed.update(applied)
    return fixed, warnings

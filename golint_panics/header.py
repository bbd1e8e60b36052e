"""What a Go file says before it is parsed: whether it is readable Go
source, its build constraint, and its Header (package clause, imports,
build constraint; source.read_header reads one). Kept apart from source.py
(the parsed file), so that a check whose results all come from the cache
loads neither tree-sitter nor the model."""
from __future__ import annotations

import re

from . import golang
from .records import datatype, field
from .safeio import GO_SOURCE_LIMIT, read_bounded


class UnreadableFile(Exception):
    """The file exists but is not Go source we can analyse."""


def read_go_bytes(path: str) -> bytes:
    """Read a file that should be Go source, or raise UnreadableFile with a reason."""
    try:
        data = read_bounded(path, GO_SOURCE_LIMIT)
    except OSError as exc:
        raise UnreadableFile(_os_reason(exc)) from None
    check_go_bytes(data)
    return data


def check_go_bytes(data: bytes) -> None:
    if b"\x00" in data:
        raise UnreadableFile("contains NUL bytes (binary file?)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableFile(f"not valid UTF-8 (first bad byte on line {line})") from None


def _os_reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


# --- build constraints ------------------------------------------------------

_GO_BUILD = re.compile(r"^//go:build\s(.*)$")
_PLUS_BUILD = re.compile(r"^//\s*\+build\s(.*)$")


def _lines(data: bytes):
    """The lines of `data`, one at a time (the header's are the first few)."""
    start = 0
    while True:
        end = data.find(b"\n", start)
        if end < 0:
            yield data[start:]
            return
        yield data[start:end]
        start = end + 1


def build_constraint(data: bytes):
    """The file's build constraint tree (or None): `//go:build`, else `// +build`."""
    head = data[:65536]
    if b"build" not in head:
        return None               # both forms of the line say it; most files have neither
    go_build = None
    plus: list[str] = []
    in_block = False
    for raw in _lines(head):
        line = raw.decode("utf-8", "replace").strip()
        if in_block:
            if "*/" in line:
                in_block = False
            continue
        if not line:
            continue
        if line.startswith("/*"):
            in_block = "*/" not in line[2:]
            continue
        if not line.startswith("//"):
            break
        m = _GO_BUILD.match(line)
        if m and go_build is None:
            go_build = m.group(1)
            continue
        m = _PLUS_BUILD.match(line)
        if m:
            plus.append(m.group(1))
    try:
        if go_build is not None:
            return golang.parse_go_build(go_build)
        if plus:
            return golang.parse_plus_build(plus)
    except golang.ConstraintSyntaxError:
        return None
    return None


@datatype
class Header:
    """What a file says about its place in the build, without a full parse."""
    package: str | None
    import_paths: list[str]
    constraint: object
    blank_imports: list[tuple[str, int]] = field(default_factory=list)   # (path, line)

"""Apply the mechanical fixes rules offer (`check --fix`).

A fix is a byte-range replacement computed from the bytes the rule saw.
A file is rewritten only if it still has exactly those bytes, every other
byte is left as it was, and the new content replaces the file atomically
(temporary file in the same directory, then rename; through a symbolic
link, with the file's mode and owner: see atomic.py). Generated files
(`// Code generated ... DO NOT EDIT.`) are never edited: the fix belongs
in their generator.
"""
from __future__ import annotations

import hashlib
import os

from . import golang
from .atomic import write_atomic
from .safeio import GO_SOURCE_LIMIT, read_bounded


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _editable(full: str, checked: set[str]) -> tuple[bytes | None, str]:
    """The bytes of a file this run may edit, or (None, why not)."""
    if full not in checked:
        return None, "not a file of this check"
    try:
        data = read_bounded(full, GO_SOURCE_LIMIT)
    except OSError as exc:
        return None, exc.strerror or str(exc)
    if golang.is_generated(data):
        return None, "a generated file (fix its generator)"
    return data, ""


def fixed_bytes(data: bytes, items: list) -> tuple[bytes, list[int], str]:
    """`items`: (index, fix) pairs for one file's bytes. Returns the new
    bytes, the indices applied, and why nothing was ("" when fine)."""
    if any(not fx.digest or fx.digest != digest(data) for _, fx in items):
        return data, [], "the file changed since it was checked"
    if any(not (0 <= fx.start <= fx.end <= len(data)) for _, fx in items):
        return data, [], "a fix lies outside the file"
    items = sorted(items, key=lambda t: (t[1].start, t[1].end), reverse=True)
    applied = []
    limit = len(data) + 1
    for i, fx in items:
        if fx.end > limit or fx.end > len(data):
            continue  # overlaps a fix already applied
        data = data[: fx.start] + fx.replacement.encode("utf-8") + data[fx.end:]
        limit = fx.start
        applied.append(i)
    return data, applied, ""


def planned_fixes(findings, cwd: str, checked: set[str], buffers: dict | None = None):
    """Per file with fixes: (path, old bytes, new bytes, indices); and
    warnings. `buffers`: absolute path -> bytes of an unsaved buffer."""
    by_path: dict[str, list[tuple[int, object]]] = {}
    for i, f in enumerate(findings):
        if f.fix is not None:
            by_path.setdefault(f.path, []).append((i, f.fix))
    plans, warnings = [], []
    for path, items in sorted(by_path.items()):
        full = os.path.normpath(os.path.join(cwd, path))
        if buffers is not None and full in buffers:
            data, why = buffers[full], ""
        else:
            data, why = _editable(full, checked)
        if data is None:
            warnings.append(f"{path}: not fixed: {why}")
            continue
        new, applied, why = fixed_bytes(data, items)
        if why:
            warnings.append(f"{path}: not fixed: {why}")
            continue
        plans.append((path, full, data, new, applied))
    return plans, warnings


def apply_fixes(findings, cwd: str, checked: set[str]) -> tuple[set[int], list[str]]:
    """Apply every finding's fix to the files of the run (`checked`, absolute
    paths); return (indices of fixed findings, warnings). A fix applies only
    to a file that was checked, and only if the file still has the bytes the
    fix was computed from (its digest)."""
    plans, warnings = planned_fixes(findings, cwd, checked)
    fixed: set[int] = set()
    for path, full, _old, new, applied in plans:
        try:
            write_atomic(full, new)
        except OSError as exc:
            warnings.append(f"{path}: not fixed: {exc.strerror}")
            continue
        fixed.update(applied)
    return fixed, warnings


def unified_diff(plans) -> str:
    """What --fix would change, as a unified diff (a/ and b/ paths)."""
    import difflib
    out = []
    for path, _full, old, new, _applied in plans:
        a = old.decode("utf-8", "replace").splitlines(keepends=True)
        b = new.decode("utf-8", "replace").splitlines(keepends=True)
        out.extend(difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"))
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def add_suppressions(findings, cwd: str, checked: set[str], reason: str
                     ) -> tuple[int, list[str]]:
    """`check --add-nolint`: above each line with findings, a line
    `//nolint:CODES // reason` with the line's own indentation and line
    ending; every other byte as it was. A line that starts inside a
    multi-line literal (where a comment would become text) is left alone
    and said. Returns (directives written, warnings)."""
    from .source import SourceFile
    by_path: dict[str, dict[int, set[str]]] = {}
    for f in findings:
        if f.severity == "note":
            continue                      # notes about files, not code to suppress
        by_path.setdefault(f.path, {}).setdefault(f.location.line, set()).add(f.code)
    written, warnings = 0, []
    for path, lines in sorted(by_path.items()):
        full = os.path.normpath(os.path.join(cwd, path))
        data, why = _editable(full, checked)
        if data is None:
            warnings.append(f"{path}: no directive added: {why}")
            continue
        src = SourceFile(path, data, full)
        starts = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]
        out, at, added = [], 0, 0
        for line in sorted(lines):
            if line - 1 >= len(starts):
                continue
            start = starts[line - 1]
            node = src.root.descendant_for_byte_range(start, start)
            inside = node is not None and node.type in (
                "raw_string_literal", "raw_string_literal_content",
                "interpreted_string_literal", "comment") and node.start_byte < start
            if inside:
                warnings.append(f"{path}:{line}: no directive added: the line starts inside "
                                "a literal or comment")
                continue
            end = data.find(b"\n", start)
            text = data[start:end if end != -1 else len(data)]
            indent = text[: len(text) - len(text.lstrip(b" \t"))]
            newline = b"\r\n" if text.endswith(b"\r") else b"\n"
            directive = (indent + f"//nolint:{','.join(sorted(lines[line]))} // {reason}"
                         .encode("utf-8") + newline)
            out += [data[at:start], directive]
            at = start
            added += 1
        if not added:
            continue
        out.append(data[at:])
        try:
            write_atomic(full, b"".join(out))
        except OSError as exc:
            warnings.append(f"{path}: no directive added: {exc.strerror}")
            continue
        written += added
    return written, warnings

"""Lines added or changed since a git revision (`--new-from-rev`)."""
from __future__ import annotations

import os
import re
import subprocess

from .project import UsageError

_HUNK = re.compile(r"@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")

#: `git diff` in one form whatever the user's configuration: no colour,
#: external diff or textconv, `a/` `b/` prefixes (not `diff.noprefix` or
#: `diff.mnemonicPrefix`), no context, renames followed, names unquoted where
#: git allows it (the rest is C-quoted, see _path). Run from the top of the
#: work tree, so `diff.relative` changes nothing.
_DIFF = ["-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
         "--src-prefix=a/", "--dst-prefix=b/", "--unified=0", "--inter-hunk-context=0",
         "--find-renames", "--submodule=short"]


def _git(args: list[str], cwd: str) -> str:
    env = dict(os.environ)
    env.pop("GIT_DIFF_OPTS", None)     # it would add context lines
    try:
        p = subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env)
    except FileNotFoundError:
        raise UsageError("--new-from-rev needs git, which is not installed") from None
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip()
        msg = err.splitlines()[-1] if err else f"git {' '.join(args)} failed"
        raise UsageError(f"--new-from-rev: {msg}")
    return os.fsdecode(p.stdout)       # file names as the file system has them


_C_ESCAPE = re.compile(rb"\\([0-7]{3}|.)", re.S)
_C_CHARS = {b"a": b"\a", b"b": b"\b", b"t": b"\t", b"n": b"\n", b"v": b"\v", b"f": b"\f",
            b"r": b"\r"}


def _path(label: str) -> str | None:
    """The file named by a `+++ ` header (None for /dev/null). Git ends the
    label with a tab when it holds a space, and C-quotes names with quotes,
    backslashes or control characters: `"b/a\\"b\\tc.go"`."""
    if label.endswith("\t"):
        label = label[:-1]
    if len(label) >= 2 and label[0] == label[-1] == '"':
        raw = _C_ESCAPE.sub(lambda m: bytes([int(m[1], 8)]) if len(m[1]) == 3
                            else _C_CHARS.get(m[1], m[1]), os.fsencode(label[1:-1]))
        label = os.fsdecode(raw)
    elif label == "/dev/null":
        return None
    return label[2:] if label.startswith("b/") else label


def parse_diff(diff: str) -> dict[str, set[int]]:
    """{path relative to the top: {added line numbers}} from `git diff -U0`.

    A file's header runs from its `diff ` line to its first `@@`; a `+++ `
    line names the file only there, right after `--- `. Hunk bodies are read
    by their line counts, so no content line is taken for a header."""
    out: dict[str, set[int]] = {}
    current: set[int] | None = None
    header = after_minus = False
    old = new = line_no = 0            # lines of the hunk still to come; next new line
    for line in diff.split("\n"):
        kind = line[:1]
        if (old > 0 or new > 0) and kind in ("-", "+", " ", "\\"):
            if kind == "+" and current is not None:
                current.add(line_no)
            if kind in ("+", " "):
                line_no, new = line_no + 1, new - 1
            if kind in ("-", " "):
                old -= 1
            continue                   # "\ No newline at end of file" counts for nothing
        old = new = 0
        if line.startswith("diff "):
            header, current = True, None
        elif header and after_minus and line.startswith("+++ "):
            name = _path(line[4:])
            current = None if name is None else out.setdefault(name, set())
        elif line.startswith("@@ "):
            header = False
            m = _HUNK.match(line)
            if m:
                old, line_no, new = int(m[1] or "1"), int(m[2]), int(m[3] or "1")
        after_minus = header and line.startswith("--- ")
    return out


def changed_lines(rev: str, cwd: str) -> dict[str, set[int]]:
    """{absolute path: {changed line numbers}} between REV and the working tree,
    untracked files counting as new in full."""
    top = _git(["rev-parse", "--show-toplevel"], cwd).rstrip("\n")
    commit = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd).strip()
    diff = _git([*_DIFF, commit, "--"], top)
    out = {os.path.normpath(os.path.join(top, name)): lines
           for name, lines in parse_diff(diff).items()}
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    for name in filter(None, untracked.split("\0")):
        full = os.path.normpath(os.path.join(top, name))
        try:
            with open(full, "rb") as fh:
                n = fh.read().count(b"\n") + 1
        except OSError:
            continue
        out[full] = set(range(1, n + 1))
    return out

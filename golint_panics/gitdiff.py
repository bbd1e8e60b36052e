"""Lines added or changed since a git revision (`--new-from-rev`)."""
from __future__ import annotations

import os
import re
import subprocess

from .project import UsageError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: str) -> str:
    try:
        p = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                           encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise UsageError("--new-from-rev needs git, which is not installed") from None
    if p.returncode != 0:
        msg = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"git {' '.join(args)} failed"
        raise UsageError(f"--new-from-rev: {msg}")
    return p.stdout


def changed_lines(rev: str, cwd: str) -> dict[str, set[int]]:
    """{absolute path: {changed line numbers}} between REV and the working tree,
    untracked files counting as new in full."""
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    diff = _git(["diff", "--no-color", "--no-ext-diff", "--unified=0", rev, "--"], top)
    out: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            if name == "/dev/null":
                current = None
                continue
            name = name[2:] if name.startswith("b/") else name
            current = out.setdefault(os.path.normpath(os.path.join(top, name)), set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or "1")
                current.update(range(start, start + count))
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

"""Output formats. Each module turns findings (and rule metadata) into
text; none of them reads files or runs rules. Only `full` imports rich."""
from __future__ import annotations

FORMATS = ("full", "concise", "json", "sarif", "github")


def summary_line(findings, files_checked: int) -> str:
    n = len(findings)
    if n == 0:
        return f"All checks passed ({files_checked} files)."
    nfiles = len({f.path for f in findings})
    return f"Found {n} finding{'s' if n != 1 else ''} ({nfiles} file{'s' if nfiles != 1 else ''})."

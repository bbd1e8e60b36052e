"""Output formats. Each module turns findings (and rule metadata) into
text; none of them reads files or runs rules. Only `full` imports rich."""
from __future__ import annotations

import re

FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit",
           "pylint", "rdjson")


def summary_line(findings, files_checked: int) -> str:
    n = len(findings)
    if n == 0:
        return f"All checks passed ({files_checked} files)."
    nfiles = len({f.path for f in findings})
    return f"Found {n} finding{'s' if n != 1 else ''} ({nfiles} file{'s' if nfiles != 1 else ''})."


# C0 and C1 controls but the tab, DEL, and the line breaks of Unicode: a file
# name or quoted source must not start a new line (a CI log reads `::error`
# at the start of any line as a command) nor drive the terminal (ESC ...)
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


def line_safe_path(path: str) -> str:
    """A relative path that starts with `::` reads as a CI workflow command at
    the start of a line: shown as `./::...`, the same file."""
    return "./" + path if path.startswith("::") else path

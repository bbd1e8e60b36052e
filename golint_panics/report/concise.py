from __future__ import annotations

from . import line_safe_path, printable


def line(f) -> str:
    loc = f.location
    return printable(f"{line_safe_path(loc.path)}:{loc.line}:{loc.column}: {f.code} "
                     f"{f.message}")


def render(findings) -> str:
    return "".join(line(f) + "\n" for f in findings)

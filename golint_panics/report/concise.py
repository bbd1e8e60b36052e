from __future__ import annotations

from . import printable


def line(f) -> str:
    loc = f.location
    text = printable(f"{loc.path}:{loc.line}:{loc.column}: {f.code} {f.message}")
    # a relative path that starts with `::` would read as a CI workflow command
    return "./" + text if text.startswith("::") else text


def render(findings) -> str:
    return "".join(line(f) + "\n" for f in findings)

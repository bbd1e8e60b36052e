from __future__ import annotations


def line(f) -> str:
    loc = f.location
    return f"{loc.path}:{loc.line}:{loc.column}: {f.code} {f.message}"


def render(findings) -> str:
    return "".join(line(f) + "\n" for f in findings)

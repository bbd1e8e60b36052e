"""GitHub Actions workflow commands (annotations), then the concise lines."""
from __future__ import annotations

from . import concise

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(findings) -> str:
    out = []
    for f in findings:
        loc = f.location
        props = ",".join([
            f"title={escape_property(f'golint-panics ({f.code})')}",
            f"file={escape_property(loc.path)}",
            f"line={loc.line}", f"col={loc.column}",
            f"endLine={loc.end_line}", f"endColumn={loc.end_column}",
        ])
        out.append(f"::{_LEVEL.get(f.severity, 'warning')} {props}::{escape_data(f.message)}\n")
    return "".join(out) + concise.render(findings)

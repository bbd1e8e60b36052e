"""GitHub Actions workflow commands (annotations), then the concise lines.

The runner obeys a workflow command at the start of any line of the log.
Our annotations escape what they carry; the concise lines after them are
for people, so they are printed between `::stop-commands::TOKEN` and
`::TOKEN::` (a fresh random token each run), where the runner obeys
nothing: a file named `::set-output ...go` stays text.
"""
from __future__ import annotations

import secrets

from . import concise, printable

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(s: str) -> str:
    return printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


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
    if findings:
        token = secrets.token_hex(16)
        out.append(f"::stop-commands::{token}\n{concise.render(findings)}::{token}::\n")
    return "".join(out)

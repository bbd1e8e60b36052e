"""reviewdog's diagnostic format (rdjson): `reviewdog -f=rdjson`. Its
columns count UTF-8 bytes from 1; ours count characters, converted on the
flagged line."""
from __future__ import annotations

import json as _json

_SEVERITY = {"error": "ERROR", "warning": "WARNING", "note": "INFO"}


def _byte_column(loc, column: int) -> int:
    """A 1-based character column of the flagged line as a 1-based UTF-8
    byte column (the line's text is known from its excerpt)."""
    offset = column - loc.source_column
    if 0 <= offset <= len(loc.source_line) and loc.source_column == 1:
        return len(loc.source_line[:offset].encode("utf-8")) + 1
    return column


def render(findings, docs_url: str = "") -> str:
    diagnostics = []
    for f in findings:
        loc = f.location
        end = _byte_column(loc, loc.end_column) if loc.end_line == loc.line else loc.end_column
        code = {"value": f.code}
        if docs_url:
            code["url"] = f"{docs_url}#{f.code.lower()}-{f.name}"
        diagnostics.append({
            "message": f.message,
            "location": {"path": loc.path, "range": {
                "start": {"line": loc.line, "column": _byte_column(loc, loc.column)},
                "end": {"line": loc.end_line, "column": end}}},
            "severity": _SEVERITY.get(f.severity, "WARNING"),
            "source": {"name": "golint-panics"},
            "code": code,
        })
    return _json.dumps({"source": {"name": "golint-panics"}, "diagnostics": diagnostics},
                       indent=2, ensure_ascii=False) + "\n"

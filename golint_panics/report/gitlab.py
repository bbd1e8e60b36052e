"""GitLab Code Quality: a JSON array of issues (`artifacts: reports:
codequality`). Fingerprints are those of the baseline and of SARIF, so
GitLab tracks a finding across commits while its line's text stays."""
from __future__ import annotations

import json as _json

from ..baseline import fingerprints

_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def render(findings) -> str:
    issues = [{
        "description": f"{f.code} {f.message}",
        "check_name": f"{f.code} {f.name}",
        "fingerprint": fp,
        "severity": _SEVERITY.get(f.severity, "minor"),
        "location": {"path": f.location.path,
                     "lines": {"begin": f.location.line, "end": f.location.end_line}},
    } for f, fp in zip(findings, fingerprints(findings))]
    return _json.dumps(issues, indent=2, ensure_ascii=False) + "\n"

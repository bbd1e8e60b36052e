"""A baseline for legacy code: today's findings, recorded once, are not
reported again; only new ones are.

`check --write-baseline FILE` records every finding with a fingerprint that
survives lines moving: the rule, the file (relative to the baseline's
directory, so the baseline holds from any working directory), the text of
the flagged line with its spacing normalised, and which occurrence of that
line it is in the file (the SARIF `partialFingerprints` of `report/sarif.py`
are made the same way). `check --baseline FILE` drops the findings it
holds, says how many, and says how many of its entries no longer match
anything (fixed, or changed beyond recognition); `--show-fixed-baseline`
lists those.
"""
from __future__ import annotations

import hashlib
import json
import os

from .project import UsageError

FORMAT = 1
_KEY = "golint-panics-baseline"


def fingerprint(code: str, path: str, source_line: str, occurrence: int) -> str:
    """The fingerprint of a finding: stable while the flagged line's text
    and its rank among identical lines of the file stay the same."""
    key = "\0".join([code, path.replace(os.sep, "/"), " ".join(source_line.split()),
                     str(occurrence)])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def fingerprints(findings, path_of=lambda f: f.location.path) -> list[str]:
    """Each finding's fingerprint, occurrences counted in the given order
    (the report's sorted order) per rule, file and line text."""
    seen: dict[tuple, int] = {}
    out = []
    for f in findings:
        path = path_of(f)
        key = (f.code, path, " ".join(f.location.source_line.split()))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        out.append(fingerprint(f.code, path, f.location.source_line, occurrence))
    return out


def _relative(baseline_path: str, cwd: str):
    root = os.path.dirname(os.path.abspath(baseline_path))

    def path_of(f) -> str:
        return os.path.relpath(os.path.normpath(os.path.join(cwd, f.location.path)),
                               root).replace(os.sep, "/")
    return path_of


def render(findings, baseline_path: str, cwd: str) -> str:
    path_of = _relative(baseline_path, cwd)
    entries = [{"code": f.code, "path": path_of(f), "line": f.location.line,
                "message": f.message, "fingerprint": fp}
               for f, fp in zip(findings, fingerprints(findings, path_of))]
    return json.dumps({_KEY: FORMAT, "findings": entries}, indent=1, ensure_ascii=False) + "\n"


def load(path: str) -> list[dict]:
    from .safeio import CONFIG_LIMIT, read_bounded
    try:
        data = json.loads(read_bounded(path, 64 * CONFIG_LIMIT).decode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not a golint-panics baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get(_KEY) != FORMAT or \
            not isinstance(data.get("findings"), list) or \
            not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) and
                    isinstance(e.get("code"), str) and isinstance(e.get("path"), str)
                    for e in data["findings"]):
        raise UsageError(f"{path}: not a golint-panics baseline of format {FORMAT} "
                         "(write one with --write-baseline)")
    return data["findings"]


def apply(findings, entries: list[dict], baseline_path: str, cwd: str, checked=None):
    """(the findings not in the baseline, how many were, the baseline's
    entries that matched nothing). `checked`: absolute paths of the files
    this run looked at; entries of other files are not called fixed."""
    path_of = _relative(baseline_path, cwd)
    left: dict[tuple, int] = {}
    for e in entries:
        k = (e["code"], e["path"], e["fingerprint"])
        left[k] = left.get(k, 0) + 1
    kept, baselined = [], 0
    for f, fp in zip(findings, fingerprints(findings, path_of)):
        k = (f.code, path_of(f), fp)
        if left.get(k, 0) > 0:
            left[k] -= 1
            baselined += 1
        else:
            kept.append(f)
    root = os.path.dirname(os.path.abspath(baseline_path))
    stale = []
    for e in entries:
        k = (e["code"], e["path"], e["fingerprint"])
        if left.get(k, 0) > 0 and (checked is None or
                                   os.path.normpath(os.path.join(root, e["path"])) in checked):
            left[k] -= 1
            stale.append(e)
    return kept, baselined, stale

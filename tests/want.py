"""The `// want "regexp"` harness, after golang.org/x/tools/go/analysis/analysistest.

A fixture line that must be reported carries `// want "re" ["re" ...]`
(Go double-quoted or back-quoted strings). Each finding on that line must
match one of the expectations (re.search over "CODE message"), each
expectation must be matched by one finding, and every other line must stay
clean.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from golint_panics import registry
from golint_panics.config import select_rules
from golint_panics.rule import Settings
from golint_panics.runner import run_check

TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")
_WANT = re.compile(r"//\s*want\s+(.*)$")
_OK = re.compile(r"//\s*ok\b")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|`([^`]*)`')


@dataclass
class Want:
    path: str
    line: int
    pattern: str
    matched: bool = False


def parse_oks(root: str) -> list[tuple[str, int]]:
    """Lines marked `// ok: why`: tricky negatives, which must stay clean."""
    oks = []
    for dirpath, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".go"):
                full = os.path.join(dirpath, name)
                with open(full, encoding="utf-8") as fh:
                    for lineno, text in enumerate(fh, 1):
                        if _OK.search(text):
                            if _WANT.search(text):
                                raise AssertionError(f"{full}:{lineno}: both want and ok")
                            oks.append((os.path.relpath(full, root), lineno))
    return oks


def parse_wants(root: str) -> list[Want]:
    wants = []
    for dirpath, _dirs, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".go"):
                continue
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            with open(full, encoding="utf-8") as fh:
                for lineno, text in enumerate(fh, 1):
                    m = _WANT.search(text)
                    if not m:
                        continue
                    specs = _STRING.findall(m.group(1))
                    if not specs:
                        raise AssertionError(f"{rel}:{lineno}: malformed want comment")
                    for dq, bq in specs:
                        pattern = bq if bq else bytes(dq, "utf-8").decode("unicode_escape")
                        wants.append(Want(rel, lineno, pattern))
    return wants


def check_fixture(root: str, select: str | None = None, settings: Settings = Settings(),
                  jobs: int = 1) -> list[str]:
    """Run the linter over `root` and return a list of mismatches (empty = pass)."""
    rules, explicit = select_rules(registry.load_rules(), select=[select] if select else None,
                                   extend_select=None, ignore=None)
    result = run_check(["."], rules, settings, jobs=jobs, cwd=root,
                       prefilter="GP000" not in explicit)
    wants = parse_wants(root)
    problems = list(result.internal_errors)
    by_line: dict[tuple[str, int], list[Want]] = {}
    for w in wants:
        by_line.setdefault((w.path, w.line), []).append(w)
    for f in result.findings:
        text = f"{f.code} {f.message}"
        for w in by_line.get((f.path, f.location.line), ()):
            if not w.matched and re.search(w.pattern, text):
                w.matched = True
                break
        else:
            problems.append(f"{f.path}:{f.location.line}:{f.location.column}: unexpected finding: {text}")
    for w in wants:
        if not w.matched:
            problems.append(f"{w.path}:{w.line}: no finding matched want {w.pattern!r}")
    return problems

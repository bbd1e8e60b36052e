"""ruff-like human output: grouped by file, the source line and a caret."""
from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.text import Text

from . import line_safe_path, printable, summary_line

_STYLE = {"error": "bold red", "warning": "bold yellow", "note": "bold cyan"}


def _caret_line(f) -> Text:
    loc = f.location
    # an excerpt of a long line starts at loc.source_column: shown after "…"
    cut = "…" if loc.source_column > 1 else ""
    raw = cut + loc.source_line
    shift = loc.source_column - len(cut)
    src = printable(raw).expandtabs(4)
    # columns are in characters of the raw line; recompute after escaping
    # control characters and expanding tabs
    start = len(printable(raw[: max(0, loc.column - shift)]).expandtabs(4))
    if loc.end_line == loc.line:
        end = len(printable(raw[: max(0, loc.end_column - shift)]).expandtabs(4))
    else:
        end = len(src.rstrip())
    width = max(1, end - start)
    gutter = f"{loc.line:>5} | "
    out = Text()
    out.append(gutter, style="blue")
    out.append(src + "\n")
    out.append(" " * (len(gutter) - 2) + "| ", style="blue")
    out.append(" " * start + "^" * width, style=_STYLE.get(f.severity, "bold"))
    return out


def render(findings, console: Console, files_checked: int, summary: bool = True) -> None:
    for path, group in groupby(findings, key=lambda f: f.path):
        for f in group:
            loc = f.location
            head = Text()
            head.append(printable(f"{line_safe_path(path)}:{loc.line}:{loc.column}: "),
                        style="bold")
            head.append(f.code, style=_STYLE.get(f.severity, "bold"))
            head.append(printable(f" {f.message}"))
            console.print(head)
            console.print(_caret_line(f))
            for r in f.related:
                rel = Text()
                rel.append("      = ", style="blue")
                rel.append(printable(f"{r.path}:{r.line}:{r.column}"), style="bold")
                if r.message:
                    rel.append(printable(f": {r.message}"))
                console.print(rel)
            if f.fix is not None:
                console.print(Text(printable(f"      = fix: {f.fix.message}"), style="green"))
            console.print()
    if not summary:
        return
    console.print(Text(summary_line(findings, files_checked), style="bold"))
    fixable = sum(1 for f in findings if f.fix is not None)
    if fixable:
        console.print(Text(f"[*] {fixable} fixable with the --fix option.", style="green"))

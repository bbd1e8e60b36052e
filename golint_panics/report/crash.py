"""The output of `golint-panics explain`: full (for people), json, sarif."""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..project import display_path
from . import printable
from .sarif import SCHEMA, _uri

#: frames of the crashing goroutine shown in full output, innermost first
SHOWN_FRAMES = 12


def _where(place, cwd: str) -> str:
    if place.path:
        return f"{display_path(place.path, cwd)}:{place.frame.line}"
    return f"{place.frame.path}:{place.frame.line} ({place.how})"


def _source_line(path: str, line: int) -> str:
    try:
        with open(path, "rb") as fh:
            for n, text in enumerate(fh, 1):
                if n == line:
                    return text.decode("utf-8", "replace").rstrip("\n").replace("\t", "    ")
    except OSError:
        pass
    return ""


def _finding_where(f, cwd: str) -> str:
    return f"{display_path(os.path.normpath(os.path.join(cwd, f.location.path)), cwd)}:" \
           f"{f.location.line}:{f.location.column}"


def render_full(explanations, cwd: str):
    """A rich Text (styled for a terminal; `.plain` elsewhere)."""
    from rich.text import Text
    out = Text()

    def line(*parts) -> None:
        # the log is input: its control characters (ANSI escapes) are shown,
        # never sent to the terminal
        for part in parts:
            if isinstance(part, tuple):
                out.append(printable(part[0]), style=part[1])
            else:
                out.append(printable(part))
        out.append("\n")

    total = len(explanations)
    for n, ex in enumerate(explanations, 1):
        c = ex.crash
        seen = f", seen {ex.count} times" if ex.count > 1 else ""
        line((f"crash {n} of {total}{seen}: ", "bold"), (c.what, "bold red"))
        head = "WARNING: DATA RACE" if c.kind == "data race" else f"{c.kind}: {c.message}"
        line("  ", (head, "red"))
        for d in c.detail:
            line(f"    {d}")
        g = c.crashing
        if g is not None:
            started = []
            if ex.launch is not None:
                started = [", started at ", (_where(ex.launch, cwd), "cyan"),
                           f" by {ex.launch.frame.function}"]
            line(f"  goroutine {g.id} [{g.state}]", *started)
            hidden = shown = 0
            for p in ex.places:
                if (not p.path and p.how == "Go runtime or standard library") or \
                        shown >= SHOWN_FRAMES:
                    hidden += 1
                    continue
                shown += 1
                line("    ", (_where(p, cwd), "cyan" if p.path else "dim"), "  ", p.frame.function)
                if p.path:
                    src = _source_line(p.path, p.frame.line).strip()
                    if src:
                        line((f"        {p.frame.line} | ", "blue"), src)
            if hidden:
                line((f"    ({hidden} frame{'s' if hidden > 1 else ''} of the runtime, the "
                      f"standard library or beyond the first {SHOWN_FRAMES} not shown)", "dim"))
        if c.kind == "data race":
            for what, other in c.accesses[1:]:
                top = next((f for f in other.frames if not f.function.startswith("runtime.")),
                           None)
                if top is not None:
                    line(f"  {what.lower()} by goroutine {other.id}: {top.function} "
                         f"({top.path}:{top.line})")
        if ex.findings:
            line(("  static analysis:", "bold"))
            for f, why in ex.findings:
                line("    ", (f.code, "bold yellow"), " ", (_finding_where(f, cwd), "cyan"),
                     f"  ({why})")
                line(f"      {f.message}")
        elif not ex.why_not:
            line(("  static analysis: ", "bold"), "no finding of the rules at these places")
        for why in ex.why_not:
            line(("  why no rule reports it: ", "bold"), why)
        if ex.others:
            many = sum(len(ids) for _, ids in ex.others)
            line(f"  other goroutines: {many} in {len(ex.others)} group"
                 f"{'s' if len(ex.others) > 1 else ''} of identical stacks")
            for other, ids in ex.others[:5]:
                top = next((f for f in other.frames if not f.function.startswith("runtime.")),
                           other.frames[0] if other.frames else None)
                where = f" {top.function} ({os.path.basename(top.path)}:{top.line})" if top else ""
                line(f"    {len(ids)} x [{other.state}]{where}")
        line()
    return out


def _place_json(p, cwd: str) -> dict:
    return {"function": p.frame.function, "file": p.frame.path, "line": p.frame.line,
            "checkout_path": display_path(p.path, cwd) if p.path else None, "how": p.how}


def render_json(explanations, cwd: str) -> str:
    out = []
    for ex in explanations:
        c = ex.crash
        g = c.crashing
        out.append({
            "what": c.what,
            "kind": c.kind,
            "message": c.message,
            "detail": c.detail,
            "count": ex.count,
            "goroutine": {"id": g.id, "state": g.state} if g else None,
            "frames": [_place_json(p, cwd) for p in ex.places],
            "started_at": _place_json(ex.launch, cwd) if ex.launch else None,
            "findings": [{"code": f.code, "path": f.location.path, "line": f.location.line,
                          "column": f.location.column, "message": f.message, "why": why}
                         for f, why in ex.findings],
            "why_not": ex.why_not,
            "other_goroutines": [{"count": len(ids), "ids": ids, "state": o.state,
                                  "top": o.frames[0].function if o.frames else None}
                                 for o, ids in ex.others],
        })
    return json.dumps(out, indent=2) + "\n"


def _physical(path: str, line: int, cwd: str) -> dict:
    uri, base = _uri(display_path(path, cwd))
    artifact = {"uri": uri, **({"uriBaseId": base} if base else {})}
    return {"artifactLocation": artifact, "region": {"startLine": line}}


def render_sarif(explanations, cwd: str, version: str, information_uri: str) -> str:
    """One result per crash at its innermost checkout frame (a crash with
    none has no location), the stack as a thread flow, the launch site and
    the rules' findings as related locations."""
    kinds = sorted({ex.crash.what for ex in explanations})
    ids = {k: "crash/" + k.replace(" ", "-").replace(":", "") for k in kinds}
    results = []
    for ex in explanations:
        c = ex.crash
        inner = ex.innermost
        text = f"{c.what}: {c.message}" if c.kind != "data race" else "data race"
        if ex.count > 1:
            text += f" (seen {ex.count} times)"
        if ex.why_not:
            text += ". " + " ".join(ex.why_not)
        result = {"ruleId": ids[c.what], "level": "error", "message": {"text": text}}
        if inner is not None:
            result["locations"] = [{"physicalLocation": _physical(inner.path, inner.frame.line,
                                                                  cwd)}]
        steps = [p for p in reversed(ex.places) if p.path]
        if steps:
            result["codeFlows"] = [{"threadFlows": [{"locations": [
                {"location": {"physicalLocation": _physical(p.path, p.frame.line, cwd),
                              "message": {"text": p.frame.function}}}
                for p in steps]}]}]
        related = []
        if ex.launch is not None and ex.launch.path:
            related.append({"id": len(related),
                            "physicalLocation": _physical(ex.launch.path, ex.launch.frame.line,
                                                          cwd),
                            "message": {"text": "the goroutine was started here"}})
        for f, why in ex.findings:
            related.append({"id": len(related),
                            "physicalLocation": _physical(
                                os.path.normpath(os.path.join(cwd, f.location.path)),
                                f.location.line, cwd),
                            "message": {"text": f"{f.code}: {f.message} ({why})"}})
        if related:
            result["relatedLocations"] = related
        results.append(result)
    run = {
        "tool": {"driver": {
            "name": "golint-panics", "version": version, "semanticVersion": version,
            "informationUri": information_uri,
            "rules": [{"id": ids[k], "name": ids[k].replace("/", "-"),
                       "shortDescription": {"text": f"The program crashed: {k}"}}
                      for k in kinds],
        }},
        "automationDetails": {"id": "golint-panics-explain/"},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(cwd).as_uri().rstrip("/") + "/"}},
        "results": results,
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"

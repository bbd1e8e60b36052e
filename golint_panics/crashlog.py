"""Crash output of Go programs, as it arrives from a pod: the panic or fatal
error, the goroutines the runtime printed, where each was started, and the
race detector's reports.

Input as it comes in real life is normalised first (`lines_of`): raw
stderr; `kubectl logs --timestamps` prefixes; Docker json-file records
(`{"log":"...","stream":"stderr"}`, a long line split over several); a log
collector's JSON records with the text in `log`, `message` or `msg`. Then
`parse` finds every crash in the text (a restarting pod leaves several) in
the formats of Go 1.17 to 1.23: `created by F in goroutine N` (1.21),
`[recovered]` and `[recovered, repanicked]` (1.23), `goroutine 1 gp=...
m=...` headers, the `fp= sp= pc=` suffixes of fatal errors, elided frames,
`GOTRACEBACK=all|system|crash` dumps of many goroutines. `signature` makes
the key restarts of one crash share; `groups` puts goroutines with the same
stack together, as panicparse does.

Nothing here reads the checkout: explain.py maps the paths.
"""
from __future__ import annotations

import json
import re

from .records import datatype, field

#: what a crash is, by its first line
PANIC, FATAL, RACE = "panic", "fatal error", "data race"


@datatype
class Frame:
    function: str             # as printed: main.(*T).m, main.main.func1
    path: str                 # as printed: the build machine's path
    line: int

    @property
    def package(self) -> str:
        """The import path of the function's package (`example.com/svc/w`
        for `example.com/svc/w.(*T).m`)."""
        head, _, last = self.function.rpartition("/")
        pkg = last.split(".", 1)[0]
        return f"{head}/{pkg}" if head else pkg


@datatype
class Goroutine:
    id: int
    state: str                                # running, chan receive, ...
    frames: list[Frame] = field(default_factory=list)
    created_by: Frame | None = None           # the `go` statement that started it
    creator: int | None = None                # the goroutine that ran it (Go 1.21+)
    elided: bool = False                      # "...additional frames elided..."


@datatype
class Crash:
    kind: str                                 # PANIC, FATAL, RACE
    message: str                              # the panic value, the fatal error, "DATA RACE"
    detail: list[str] = field(default_factory=list)   # [signal SIGSEGV ...], nested panics
    goroutines: list[Goroutine] = field(default_factory=list)
    #: race reports: (what, goroutine frames), the first the report's own access
    accesses: list[tuple[str, Goroutine]] = field(default_factory=list)
    line: int = 0                             # where it starts in the normalised text

    @property
    def crashing(self) -> Goroutine | None:
        """The goroutine that crashed: the running one the runtime printed
        first (for a race, the goroutine of the first access)."""
        if self.kind == RACE:
            return self.accesses[0][1] if self.accesses else None
        for g in self.goroutines:
            if g.state.startswith("running"):
                return g
        return self.goroutines[0] if self.goroutines else None

    @property
    def what(self) -> str:
        """What happened, in a few words."""
        m = self.message
        if self.kind == RACE:
            return "data race"
        if self.kind == FATAL:
            if "concurrent map" in m:
                return m
            if "deadlock" in m:
                return "deadlock: all goroutines are asleep"
            if "out of memory" in m:
                return "out of memory"
            return f"fatal error: {m}"
        if any(d.startswith("[signal SIGSEGV") for d in self.detail) or \
                "nil pointer dereference" in m:
            return "nil pointer dereference"
        if "index out of range" in m or "slice bounds out of range" in m:
            return "index out of range"
        if "integer divide by zero" in m:
            return "integer division by zero"
        if "send on closed channel" in m:
            return "send on closed channel"
        if "close of closed channel" in m:
            return "close of closed channel"
        if m.startswith("assignment to entry in nil map"):
            return "write to a nil map"
        return "panic"

    @property
    def is_map_crash(self) -> bool:
        """A concurrent map access the runtime caught (a fatal error no
        recover stops), or a race on a map (a runtime map function on top)."""
        if self.kind == FATAL and "concurrent map" in self.message:
            return True
        if self.kind == RACE:
            g = self.crashing
            return bool(g and g.frames and g.frames[0].function.startswith("runtime.map"))
        return False


# --- normalising what comes in ------------------------------------------------------

_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) ")
_TEXT_KEYS = ("log", "message", "msg", "MESSAGE")


def lines_of(text: str) -> list[str]:
    """The crash text's lines, whatever wrapped them: JSON records (Docker,
    collectors: their text joined, a record without a final newline
    continuing on the next), `kubectl --timestamps` prefixes removed."""
    out: list[str] = []
    pending = ""          # a JSON record's text not ended by a newline yet
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        record = _json_text(line)
        if record is not None:
            pending += record
            if pending.endswith("\n"):
                out.extend(_TIMESTAMP.sub("", part) for part in pending[:-1].split("\n"))
                pending = ""
            continue
        if pending:                      # a record that never ended its line
            out.extend(pending.split("\n"))
            pending = ""
        out.append(_TIMESTAMP.sub("", line))
    if pending:
        out.extend(pending.split("\n"))
    return out


def _json_text(line: str) -> str | None:
    s = _TIMESTAMP.sub("", line).strip()
    if not (s.startswith("{") and s.endswith("}")):
        return None
    try:
        record = json.loads(s)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    for key in _TEXT_KEYS:
        value = record.get(key)
        if isinstance(value, str):
            # a collector's record holds one line (no newline of its own);
            # Docker's holds the line with its newline, or a piece of it
            return value if "log" == key and "stream" in record else value + "\n"
    return None


# --- parsing ------------------------------------------------------------------------

_PANIC = re.compile(r"^panic: (.*?)(?: \[(recovered(?:, repanicked)?)\])?$")
_NESTED_PANIC = re.compile(r"^\tpanic: (.*?)(?: \[(recovered(?:, repanicked)?)\])?$")
_FATAL = re.compile(r"^fatal error: (.*)$")
_RACE = re.compile(r"^WARNING: DATA RACE$")
_GOROUTINE = re.compile(r"^goroutine (\d+)(?: gp=\S+)?(?: m=\S+)?(?: mp=\S+)? \[([^\]]*)\]:$")
_LOCATION = re.compile(r"^\t(.+\.(?:go|s)):(\d+)(?: \+0x[0-9a-f]+)?(?: .*)?$")
_CREATED = re.compile(r"^created by (\S+)(?: in goroutine (\d+))?$")
_RACE_ACCESS = re.compile(r"^((?:Previous )?(?:[Rr]ead|[Ww]rite)) at 0x[0-9a-f]+ by "
                          r"(?:goroutine (\d+)|main goroutine):$")
_RACE_CREATED = re.compile(r"^Goroutine (\d+) \(([^)]*)\) created at:$")
_RACE_FRAME_FUNC = re.compile(r"^  (\S.*)\(\)$|^  (\S+)$")
_RACE_FRAME_LOC = re.compile(r"^      (.+\.(?:go|s)):(\d+)(?: \+0x[0-9a-f]+)?$")
_ELIDED = "...additional frames elided..."


def parse(text: str) -> list[Crash]:
    """Every crash in the text, in order."""
    lines = lines_of(text)
    crashes: list[Crash] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _PANIC.match(line)
        f = _FATAL.match(line) if m is None else None
        if m or f:
            crash = Crash(PANIC if m else FATAL, (m or f).group(1), line=i + 1)
            if m and m.group(2):
                crash.detail.append(f"[{m.group(2)}]")
            i += 1
            # nested panics, the signal, "runtime: ..." lines, up to the goroutines
            while i < len(lines) and not _GOROUTINE.match(lines[i]):
                again = _PANIC.match(lines[i]) or _FATAL.match(lines[i])
                if again and again.group(1) == crash.message and not crash.goroutines:
                    i += 1        # two threads caught it at once: one crash, said twice
                    continue
                if again:
                    break
                n = _NESTED_PANIC.match(lines[i])
                if n:
                    crash.detail.append(f"panic: {n.group(1)}" +
                                        (f" [{n.group(2)}]" if n.group(2) else ""))
                elif lines[i].startswith("[signal "):
                    crash.detail.append(lines[i].strip())
                elif lines[i].strip() and len(crash.detail) < 20 and not crash.goroutines \
                        and lines[i].startswith(("runtime:", "\t")):
                    crash.detail.append(lines[i].strip())
                elif lines[i].strip() and i > crash.line + 5:
                    break
                i += 1
            i = _goroutines(lines, i, crash)
            crashes.append(crash)
            continue
        if _RACE.match(line):
            crash = Crash(RACE, "DATA RACE", line=i + 1)
            i = _race(lines, i + 1, crash)
            crashes.append(crash)
            continue
        i += 1
    return crashes


def _goroutines(lines: list[str], i: int, crash: Crash) -> int:
    """Read goroutine blocks from line i; return where they end."""
    while i < len(lines):
        m = _GOROUTINE.match(lines[i])
        if m is None:
            if not lines[i].strip():
                i += 1
                continue
            if _PANIC.match(lines[i]) or _FATAL.match(lines[i]) or _RACE.match(lines[i]):
                return i
            # a line that is not part of a goroutine dump (exit status, a log line)
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and _GOROUTINE.match(lines[j]):
                i = j
                continue
            return i
        g = Goroutine(int(m.group(1)), m.group(2))
        i += 1
        while i < len(lines) and lines[i].strip():
            text = lines[i]
            if text.strip() == _ELIDED:
                g.elided = True
                i += 1
                continue
            c = _CREATED.match(text)
            loc = _LOCATION.match(lines[i + 1]) if i + 1 < len(lines) else None
            if c and loc:
                g.created_by = Frame(c.group(1), loc.group(1), int(loc.group(2)))
                g.creator = int(c.group(2)) if c.group(2) else None
                i += 2
                continue
            if loc and not text.startswith("\t"):
                g.frames.append(Frame(_function_of(text), loc.group(1), int(loc.group(2))))
                i += 2
                continue
            if not text.startswith("\t") and not text.startswith("goroutine running on"):
                break         # the dump ended without a blank line (the next run's output)
            i += 1
        crash.goroutines.append(g)
    return i


def _function_of(text: str) -> str:
    """`main.(*T).m(0xc0000, {0x4b1f20, 0x3})` -> `main.(*T).m`: the
    arguments are the last parenthesised group (a method's receiver type
    has parentheses of its own)."""
    text = text.strip()
    if text.endswith(")"):
        depth = 0
        for k in range(len(text) - 1, -1, -1):
            if text[k] == ")":
                depth += 1
            elif text[k] == "(":
                depth -= 1
                if depth == 0:
                    return text[:k]
    return text


def _race(lines: list[str], i: int, crash: Crash) -> int:
    """A race report, up to its closing `==================` line."""
    current: Goroutine | None = None
    while i < len(lines) and not lines[i].startswith("=================="):
        text = lines[i]
        a = _RACE_ACCESS.match(text)
        c = _RACE_CREATED.match(text)
        if a:
            current = Goroutine(int(a.group(2)) if a.group(2) else 1, "running")
            crash.accesses.append((a.group(1), current))
        elif c:
            current = Goroutine(int(c.group(1)), c.group(2))
            crash.goroutines.append(current)
        elif current is not None and i + 1 < len(lines):
            f = _RACE_FRAME_FUNC.match(text)
            loc = _RACE_FRAME_LOC.match(lines[i + 1])
            if f and loc:
                current.frames.append(Frame(f.group(1) or f.group(2), loc.group(1),
                                            int(loc.group(2))))
                i += 2
                continue
        i += 1
    # the goroutine that made each access was created at the first frame
    # of its "created at" stack
    created = {g.id: g.frames[0] for g in crash.goroutines if g.frames}
    for _what, g in crash.accesses:
        g.created_by = created.get(g.id)
    return i + 1


# --- de-duplicating -----------------------------------------------------------------

_ADDRESS = re.compile(r"0x[0-9a-f]+")


def signature(crash: Crash) -> tuple:
    """What restarts of one crash share: its kind, its message without
    addresses, and the crashing goroutine's stack."""
    g = crash.crashing
    frames = tuple((f.function, f.path, f.line) for f in (g.frames if g else ()))
    made = (g.created_by.function, g.created_by.path, g.created_by.line) \
        if g and g.created_by else None
    return crash.kind, _ADDRESS.sub("0x?", crash.message), frames, made


def groups(goroutines: list[Goroutine]) -> list[tuple[Goroutine, list[int]]]:
    """Goroutines with the same state and stack, together (the first of
    each and all their ids), in the order they came."""
    seen: dict[tuple, tuple[Goroutine, list[int]]] = {}
    for g in goroutines:
        key = (g.state.split(",")[0], tuple((f.function, f.path, f.line) for f in g.frames),
               (g.created_by.function, g.created_by.path, g.created_by.line)
               if g.created_by else None)
        if key in seen:
            seen[key][1].append(g.id)
        else:
            seen[key] = (g, [g.id])
    return list(seen.values())

"""`golint-panics explain`: from a crash log back to the code, and to the
rule that would have caught it.

The crash text is parsed by crashlog.py. Here its frames are mapped onto
the checkout (`Checkout.locate`): by the frame function's import path under
a module of the checkout (`go.mod`), by the path as a module cache, vendor
or `-trimpath` path, else by the longest suffix of the path that names one
file of the checkout. A frame that maps to nothing is shown as such,
never guessed. Then the checkout is checked with every rule (its own
configuration applies), and each crash is linked to the findings at or
around its places: GP003 in the function of a concurrent map crash, GP004
at the `go` statement that started a goroutine that panicked, GP002 at a
call that exits, GP001 for the program's signal handlers; when no rule
reports the place, `why_not` says why and which setting would make it
visible.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

from . import crashlog
from .crashlog import PANIC, Crash, Frame
from .records import datatype, field
from .rule import CRASH_EXIT, CRASH_GOROUTINE_START, CRASH_MAP_WRITE, CRASH_SIGNAL_HANDLER

#: functions that end the process: their caller is where GP002 looks
_EXITS = re.compile(r"^(os\.Exit|syscall\.Exit|log\.Fatal\w*|log\.\(\*Logger\)\.Fatal\w*|"
                    r".*logrus\.\(\*(?:Logger|Entry)\)\.(?:Fatal|Exit)\w*|"
                    r".*zap\.\(\*(?:Logger|SugaredLogger)\)\.Fatal\w*|.*klog.*\.(?:Fatal|Exit)\w*)$")
#: the standard library's directories in a build path (GOROOT/src)
_GOROOT = re.compile(r"/(?:go|go-?1\.\d+(?:\.\d+)?|golang(?:-1\.\d+)?)/src/(.*)$")
_MODCACHE = re.compile(r"/pkg/mod/(.+?)@([^/]+)/(.*)$")
_FUNC_SUFFIX = re.compile(r"(?:\.func\d+|\.gowrap\d+)+(?:\.\d+)*$")


@datatype
class Place:
    """A frame of the crash, and where it is in the checkout (None: not in
    the checkout; `how` says what it is then, or how it was found)."""
    frame: Frame
    path: str | None
    how: str


class Checkout:
    """The Go files of the checkout and its modules."""

    def __init__(self, roots: list[str]):
        self.roots = [os.path.abspath(r) for r in roots]
        self.files: list[str] = []
        self.modules: dict[str, str] = {}        # module path -> directory
        for root in self.roots:
            for directory, dirs, names in os.walk(root):
                # the go tool builds nothing from testdata/ (nor hidden or
                # _-prefixed directories): no frame of a binary comes from there
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_"))
                                 and d not in ("testdata", "node_modules"))
                if "go.mod" in names:
                    path = _module_path(os.path.join(directory, "go.mod"))
                    if path:
                        self.modules.setdefault(path, directory)
                self.files.extend(os.path.join(directory, n) for n in sorted(names)
                                  if n.endswith(".go"))
        # by base name: (path components reversed, absolute path)
        self._by_name: dict[str, list[tuple[list[str], str]]] = {}
        for f in self.files:
            rel = self._relative(f)
            self._by_name.setdefault(os.path.basename(f), []).append(
                (rel.split("/")[::-1], f))

    def _relative(self, path: str) -> str:
        for root in self.roots:
            if path == root or path.startswith(root + os.sep):
                return os.path.relpath(path, root).replace(os.sep, "/")
        return path

    def shown(self, path: str) -> str:
        """How a checkout file is named in the output."""
        return self._relative(path)

    def locate(self, frame: Frame) -> Place:
        p = frame.path.replace("\\", "/")
        name = p.rsplit("/", 1)[-1]
        # 1. the function's package under a module of the checkout
        pkg = frame.package
        for mod, directory in sorted(self.modules.items(), key=lambda kv: -len(kv[0])):
            if pkg == mod or pkg.startswith(mod + "/"):
                candidate = os.path.join(directory, *pkg[len(mod):].strip("/").split("/"), name) \
                    if pkg != mod else os.path.join(directory, name)
                if os.path.isfile(candidate):
                    return Place(frame, candidate, f"package {pkg}")
        # 2. what the path itself says
        m = _MODCACHE.search(p)
        if m:
            mod, version, rest = _unescape(m.group(1)), m.group(2), m.group(3)
            if mod in self.modules:
                candidate = os.path.join(self.modules[mod], *rest.split("/"))
                if os.path.isfile(candidate):
                    return Place(frame, candidate, f"module {mod}")
            vendored = self._vendored(f"{mod}/{rest}")
            if vendored:
                return Place(frame, vendored, f"vendored {mod}")
            return Place(frame, None, f"dependency {mod}@{version}")
        if "/vendor/" in p:
            vendored = self._vendored(p.rsplit("/vendor/", 1)[1])
            if vendored:
                return Place(frame, vendored, "vendored")
            return Place(frame, None, "vendored dependency, not in this checkout")
        for mod, directory in sorted(self.modules.items(), key=lambda kv: -len(kv[0])):
            for at in ([0] if p.startswith(mod + "/") else []) + \
                    [k + 1 for k in _all(p, "/" + mod + "/")]:
                rest = p[at + len(mod) + 1:]
                candidate = os.path.join(directory, *rest.split("/"))
                if os.path.isfile(candidate):
                    return Place(frame, candidate, f"module {mod}")
        if _is_std(p, frame):
            return Place(frame, None, "Go runtime or standard library")
        # 3. the longest suffix of the path that names one file of the checkout
        parts = p.strip("/").split("/")[::-1]
        best, best_len, tie = None, 0, False
        for comps, path in self._by_name.get(name, ()):
            n = 0
            while n < len(comps) and n < len(parts) and comps[n] == parts[n]:
                n += 1
            whole = n == len(comps)
            if n < 2 and not (whole and frame.package == "main"):
                continue          # a base name alone is a guess
            if n > best_len:
                best, best_len, tie = path, n, False
            elif n == best_len:
                tie = True
        if best is not None and not tie:
            return Place(frame, best, "path suffix")
        if best is not None:
            return Place(frame, None, "more than one file of the checkout matches")
        return Place(frame, None, "not in this checkout")

    def _vendored(self, rest: str) -> str | None:
        for directory in [*self.modules.values(), *self.roots]:
            candidate = os.path.join(directory, "vendor", *rest.split("/"))
            if os.path.isfile(candidate):
                return candidate
        return None


def _all(text: str, sub: str) -> list[int]:
    out, at = [], text.find(sub)
    while at >= 0:
        out.append(at)
        at = text.find(sub, at + 1)
    return out


def _unescape(module: str) -> str:
    """The module cache's case encoding: `!b` is `B`."""
    return re.sub(r"!([a-z])", lambda m: m.group(1).upper(), module)


def _is_std(path: str, frame: Frame) -> bool:
    m = _GOROOT.search(path)
    first = (m.group(1) if m else path).split("/", 1)[0]
    if m:
        return "." not in first
    # -trimpath prints the standard library by import path
    return not path.startswith("/") and "." not in first and "/" in path and \
        "." not in frame.package.split("/", 1)[0]


def _module_path(gomod: str) -> str | None:
    try:
        with open(gomod, "rb") as fh:
            head = fh.read(65536)
    except OSError:
        return None
    m = re.search(rb'^\s*module\s+"?([^\s"]+)"?', head, re.M)
    return m.group(1).decode("utf-8", "replace") if m else None


def launcher_name(function: str) -> str:
    """The `goroutine-launchers` entry for a created-by function:
    `example.com/pool.(*Pool).Submit.func1` -> `example.com/pool.Pool.Submit`."""
    base = _FUNC_SUFFIX.sub("", function)
    return re.sub(r"\(\*?([A-Za-z_]\w*)(?:\[[^\]]*\])?\)", r"\1", base)


# --- linking a crash to the findings ---------------------------------------------------

@datatype
class Explanation:
    crash: Crash
    count: int                                  # how many times the log holds it
    places: list[Place]                         # the crashing goroutine's frames
    launch: Place | None                        # where that goroutine was started
    findings: list[tuple[object, str]] = field(default_factory=list)   # (Finding, why listed)
    why_not: list[str] = field(default_factory=list)
    others: list[tuple[crashlog.Goroutine, list[int]]] = field(default_factory=list)

    @property
    def innermost(self) -> Place | None:
        """The innermost frame in the checkout."""
        return next((p for p in self.places if p.path), None)


def _codes(rules, role: str) -> frozenset:
    """The codes of the rules whose findings speak of `role` (Rule.crash_evidence)."""
    return frozenset(r.code for r in rules if role in r.crash_evidence)


def explain(crashes: list[Crash], roots: list[str], findings: list, cwd: str,
            rules=None) -> list[Explanation]:
    """The distinct `crashes` (crashlog.parse), in the order first seen,
    each linked to `findings` (of a check of `roots`)."""
    if rules is None:
        from .registry import load_rules
        rules = list(load_rules().values())
    roles = {role: _codes(rules, role) for role in
             (CRASH_MAP_WRITE, CRASH_GOROUTINE_START, CRASH_EXIT, CRASH_SIGNAL_HANDLER)}
    checkout = Checkout(roots)
    seen: dict[tuple, Explanation] = {}
    for crash in crashes:
        key = crashlog.signature(crash)
        if key in seen:
            seen[key].count += 1
            continue
        g = crash.crashing
        places = [checkout.locate(f) for f in (g.frames if g else ())]
        launch = checkout.locate(g.created_by) if g and g.created_by else None
        ex = Explanation(crash, 1, places, launch)
        if crash.kind != crashlog.RACE:   # a race report's other stacks are creation sites
            ex.others = crashlog.groups([o for o in crash.goroutines if o is not g])
        _link(ex, findings, cwd, checkout, roles)
        seen[key] = ex
    return list(seen.values())


def _abs(finding, cwd: str) -> str:
    return os.path.normpath(os.path.join(cwd, finding.location.path))


def _link(ex: Explanation, findings: list, cwd: str, checkout: Checkout,
          roles: dict[str, frozenset]) -> None:
    crash = ex.crash
    mapped = [p for p in ex.places if p.path]
    listed: set[int] = set()

    def add(f, why: str) -> None:
        if id(f) not in listed:
            listed.add(id(f))
            ex.findings.append((f, why))

    def at(role: str, path: str | None, line: int) -> list:
        return [f for f in findings if f.code in roles[role] and path and _abs(f, cwd) == path
                and f.location.line == line]

    inner = ex.innermost
    if crash.is_map_crash:
        hit = []
        if inner is not None:
            span = function_span(inner.path, inner.frame.line)
            hit = [f for f in findings if f.code in roles[CRASH_MAP_WRITE]
                   and _abs(f, cwd) == inner.path
                   and span and span[0] <= f.location.line <= span[1]]
        for f in hit:
            add(f, "the map write of this crash")
        if not hit:
            ex.why_not.append(_why_not_map(ex, checkout, roles[CRASH_MAP_WRITE]))
    if crash.kind == PANIC and ex.launch is not None:
        # the go statement; or, for a launcher or a launching helper, the
        # call that passes the function the goroutine runs
        hit = at(CRASH_GOROUTINE_START, ex.launch.path, ex.launch.frame.line) \
            if ex.launch.path else []
        bottom = mapped[-1] if mapped else None
        if not hit and bottom is not None:
            line = passing_call_line(bottom.path, bottom.frame.line)
            if line is not None:
                hit = at(CRASH_GOROUTINE_START, bottom.path, line)
        for f in hit:
            add(f, "where the goroutine that panicked was started")
        if not hit:
            ex.why_not.append(_why_not_start(ex, checkout, roles[CRASH_GOROUTINE_START]))
    # an exit on the stack: its caller
    for k, p in enumerate(ex.places):
        if _EXITS.match(p.frame.function) and k + 1 < len(ex.places):
            for f in at(CRASH_EXIT, ex.places[k + 1].path, ex.places[k + 1].frame.line):
                add(f, "the exit on the stack")
    # any other finding on a line of the stack
    for p in mapped:
        for f in findings:
            if _abs(f, cwd) == p.path and f.location.line == p.frame.line:
                add(f, f"at the frame {p.frame.function}")
    # the program's signal handlers: they decide how it shuts down
    modules = {d for d in checkout.modules.values()
               if any(p.path and p.path.startswith(d + os.sep) for p in ex.places)}
    for f in findings:
        if f.code in roles[CRASH_SIGNAL_HANDLER] and (not modules or any(_abs(f, cwd).startswith(d + os.sep)
                                                      for d in modules)):
            add(f, "a signal handler of the program")


def _names(codes: frozenset) -> str:
    return "/".join(sorted(codes)) or "no rule"


def _why_not_map(ex: Explanation, checkout: Checkout, codes: frozenset) -> str:
    rule = _names(codes)
    inner = ex.innermost
    if inner is None:
        outside = next((p for p in ex.places if not p.frame.function.startswith("runtime.")),
                       None)
        where = f"{outside.frame.function} ({outside.how})" if outside else "the runtime"
        return (f"{rule} cannot see this write: it happens in {where}, not in this checkout; "
                "rules read only the checkout's code")
    why = (f"{rule} does not report the write in {inner.frame.function} "
           f"({checkout.shown(inner.path)}:{inner.frame.line}): no concurrent root it knows "
           "reaches it without a lock, or the map is not known to be shared")
    if ex.launch is not None and not ex.launch.path:
        why += (f"; the goroutine was started by {ex.launch.frame.function} ({ex.launch.how}): "
                f"goroutine-launchers = [\"{launcher_name(ex.launch.frame.function)}\"] makes "
                "the function passed to it a root")
    return why + "".join(f"; `[rules.{c}] strict = true` also reports writes of a map that a "
                         "lock guards elsewhere" for c in sorted(codes))


def _why_not_start(ex: Explanation, checkout: Checkout, codes: frozenset) -> str:
    rule = _names(codes)
    launch = ex.launch
    name = launcher_name(launch.frame.function)
    if not any(p.path for p in ex.places) and not launch.path:
        return ("neither the goroutine's code nor the statement that started it is in this "
                "checkout: rules read only the checkout's code (is PATH the tree the program "
                "was built from?)")
    if launch.path and not known_launcher(name):
        return (f"{rule} does not report the go statement at {checkout.shown(launch.path)}:"
                f"{launch.frame.line}: its body defers a recover, it only moves data, or it is "
                "a library goroutine that runs only the library's own code (the default)"
                + "".join(f"; `[rules.{c}] strict = true` reports every goroutine without a "
                          "recover" for c in sorted(codes)))
    if known_launcher(name):
        return (f"the goroutine was started by {name}, a launcher {rule} knows, but the "
                "function passed to it is not visible where it is called (a function value "
                "or a method of another package), or it recovers, or only moves data")
    return (f"the goroutine was started by {launch.frame.function} ({launch.how}), not in this "
            f"checkout: goroutine-launchers = [\"{name}\"] makes {rule} check the function "
            "the checkout passes to it")


def known_launcher(name: str) -> bool:
    """Is `import/path.Type.Method` or `import/path.Func` a goroutine
    launcher GP004 knows (golang.py)?"""
    from . import golang
    path, _, rest = name.rpartition("/")
    parts = rest.split(".")
    pkg = f"{path}/{parts[0]}" if path else parts[0]
    if len(parts) == 3:
        return (pkg, parts[1], parts[2]) in golang.GOROUTINE_LAUNCHER_METHODS
    return len(parts) == 2 and (pkg, parts[1]) in golang.GOROUTINE_LAUNCHER_FUNCS


@lru_cache(maxsize=64)
def _parsed(path: str):
    """A checkout file, parsed once however many frames ask about it."""
    from .header import read_go_bytes
    from .source import SourceFile
    try:
        return SourceFile(path, read_go_bytes(path), path)
    except Exception:
        return None


def passing_call_line(path: str, line: int) -> int | None:
    """For a line inside a function literal that was passed to a call
    (`g.Go(func() error {...})`, `launch(func() {...})`) or run by a `go`
    statement: the line where that call or statement starts."""
    f = _parsed(path)
    if f is None:
        return None
    node = f.root.descendant_for_point_range((line - 1, 0), (line - 1, 0))
    while node is not None and node.type != "func_literal":
        node = node.parent
    while node is not None and node.type not in ("call_expression", "go_statement"):
        node = node.parent
        if node is not None and node.type in ("function_declaration", "method_declaration"):
            return None
    return node.start_point[0] + 1 if node is not None else None


def function_span(path: str, line: int) -> tuple[int, int] | None:
    """The lines of the outermost function declaration around `line`."""
    f = _parsed(path)
    if f is None:
        return None
    for node in f.root.children:
        if node.type in ("function_declaration", "method_declaration") and \
                node.start_point[0] + 1 <= line <= node.end_point[0] + 1:
            return node.start_point[0] + 1, node.end_point[0] + 1
    return None

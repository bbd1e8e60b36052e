"""Dependencies, the way the Go tool finds them, without the Go tool.

A module's imports resolve to `vendor/` (when `vendor/modules.txt` is
there) or to the module cache (`$GOMODCACHE`, else `$GOPATH/pkg/mod`,
else `~/go/pkg/mod`) at the versions `go.mod` requires, `replace`
directives included (local paths too), with the cache's case-encoding of
module paths (`!` before an upper-case letter).

A dependency package is analysed only for what a program-level rule
needs: which of its exported functions and methods lead (within the
package) to a signal registration, on which signals, whether the handler
exits, whether a boolean option gates it (`if opts.ShutdownCleanup {
gracefulShutdown() }`), and the result types of its exported functions
(so that `micro.NewService().Run()` can be followed). Those summaries are
cached per module version. Nothing in a dependency is ever reported.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field

from .atomic import write_atomic
from .safeio import GOMOD_LIMIT, MODULES_TXT_LIMIT, read_bounded
from .facts import EXIT_CALL_QUERY, PackageFacts, exit_call
from .source import (SourceFile, UnreadableFile, captures, named, read_go_bytes, read_header,
                     unparen)

SUMMARY_FORMAT = 6      # 4: "unseen" import paths, checked again on a hit; 5: comments; 6: gates
SUMMARY_LIMIT = 16 * 1024 * 1024


# --- go.mod ---------------------------------------------------------------------

@dataclass
class GoMod:
    root: str
    path: str
    requires: dict[str, str] = field(default_factory=dict)
    replaces: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # old -> (new, version)


_DIRECTIVE = re.compile(r"^\s*(module|require|replace)\b\s*(\(?)\s*(.*)$")


def _strip_comment(line: str) -> str:
    return line.split("//", 1)[0].strip()


def parse_gomod(root: str) -> GoMod | None:
    try:
        lines = read_bounded(os.path.join(root, "go.mod"), GOMOD_LIMIT).decode(
            "utf-8", "replace").splitlines()
    except OSError:
        return None
    mod = GoMod(root, "")
    block = None
    for raw in lines:
        line = _strip_comment(raw)
        if not line:
            continue
        if block:
            if line == ")":
                block = None
                continue
            _directive(mod, block, line)
            continue
        m = _DIRECTIVE.match(line)
        if not m:
            continue
        kind, paren, rest = m.groups()
        if paren:
            block = kind
            if rest and rest != ")":
                _directive(mod, kind, rest)
            continue
        _directive(mod, kind, rest)
    return mod if mod.path else None


def _directive(mod: GoMod, kind: str, rest: str) -> None:
    parts = rest.replace('"', "").split()
    if kind == "module" and parts:
        mod.path = parts[0]
    elif kind == "require" and len(parts) >= 2:
        mod.requires[parts[0]] = parts[1]
    elif kind == "replace" and "=>" in parts:
        i = parts.index("=>")
        old, new = parts[0], parts[i + 1:]
        if new:
            mod.replaces[old] = (new[0], new[1] if len(new) > 1 else None)


def escape_module_path(path: str) -> str:
    """The module cache's case-encoding: `!` + lower case for upper case."""
    return "".join("!" + c.lower() if c.isupper() else c for c in path)


def module_cache_dir() -> str:
    if os.environ.get("GOMODCACHE"):
        return os.environ["GOMODCACHE"]
    gopath = os.environ.get("GOPATH", "").split(os.pathsep)[0]
    if gopath:
        return os.path.join(gopath, "pkg", "mod")
    return os.path.join(os.path.expanduser("~"), "go", "pkg", "mod")


class Resolver:
    """Import path -> source directory for one main module."""

    def __init__(self, gomod: GoMod, mode: str = "auto"):
        self.gomod = gomod
        self.cache = module_cache_dir()
        modules_txt = os.path.join(gomod.root, "vendor", "modules.txt")
        self.vendor = mode in ("auto", "vendor") and os.path.isfile(modules_txt)
        self.mode = mode
        self.missing: set[str] = set()
        self._missed: set[str] | None = None
        self.vendored: dict[str, str] = {}   # module -> version (vendor/modules.txt)
        self._versions_key: str | None = None
        self._module_of: dict[str, tuple[str, str] | None] = {}
        if self.vendor:
            try:
                text = read_bounded(modules_txt, MODULES_TXT_LIMIT).decode("utf-8", "replace")
            except OSError:
                text = ""
                self.vendor = False
            if self.vendor:
                for line in text.splitlines(keepends=True):
                    if line.startswith("# ") and not line.startswith("## "):
                        parts = line[2:].split()
                        if len(parts) >= 2 and parts[1] != "=>":
                            self.vendored[parts[0]] = parts[1]

    @property
    def versions_key(self) -> str:
        """A hash of the module versions in force (part of a summary's key)."""
        if self._versions_key is None:
            table = self.vendored if self.vendor else self.gomod.requires
            self._versions_key = hashlib.sha256(
                json.dumps(sorted(table.items())).encode()).hexdigest()[:16]
        return self._versions_key

    def module_of(self, import_path: str) -> tuple[str, str] | None:
        """(module path, version) of the dependency that provides
        `import_path`, by longest prefix; None for the standard library and
        for the main module's own packages. The main module takes part in
        the longest-prefix match, as in Go: in a nested module
        `example.com/repo/tools` that requires `example.com/repo`, the
        package `example.com/repo/tools/x` is its own, not the parent's
        (which vendor/ and the module cache do not have)."""
        if import_path not in self._module_of:
            self._module_of[import_path] = self._module_of_uncached(import_path)
        return self._module_of[import_path]

    def _module_of_uncached(self, import_path: str) -> tuple[str, str] | None:
        best = None
        table = self.vendored if self.vendor else self.gomod.requires
        for mod, version in table.items():
            if _provides(mod, import_path):
                if best is None or len(mod) > len(best[0]):
                    best = (mod, version)
        own = self.gomod.path
        if _provides(own, import_path) and (best is None or len(own) >= len(best[0])):
            return None
        return best

    def package_dir(self, import_path: str, missed: set[str] | None = None
                    ) -> tuple[str, str, str] | None:
        """(directory, module path, version) of a dependency package, or None
        (a package not found is named in `self.missing`, and in `missed`)."""
        self._missed = missed
        found = self.module_of(import_path)
        if found is None:
            return None
        mod, version = found
        sub = import_path[len(mod):].lstrip("/")
        if self.vendor:
            d = os.path.join(self.gomod.root, "vendor", *import_path.split("/"))
            return (d, mod, version) if os.path.isdir(d) else self._miss(mod, version)
        if self.mode == "vendor":
            return None
        if mod in self.gomod.replaces:
            new, new_version = self.gomod.replaces[mod]
            if new.startswith(("./", "../", "/")):
                base = os.path.normpath(os.path.join(self.gomod.root, new))
                d = os.path.join(base, *sub.split("/")) if sub else base
                return (d, mod, "local") if os.path.isdir(d) else self._miss(mod, new)
            mod, version = new, new_version or version
        base = os.path.join(self.cache, escape_module_path(mod) + "@" + version)
        d = os.path.join(base, *sub.split("/")) if sub else base
        if os.path.isdir(d):
            return d, mod, version
        # the module is there but not this package (a platform's directory a
        # packager left out, say): name the package, not the module
        return self._miss(import_path if os.path.isdir(base) else mod, version)

    def finds(self, import_path: str) -> bool:
        """Whether the package is there now (nothing is recorded as missing)."""
        missing, self.missing = self.missing, set()
        try:
            return self.package_dir(import_path) is not None
        finally:
            self.missing = missing

    def _miss(self, mod: str, version: str):
        self.missing.add(f"{mod}@{version}")
        if self._missed is not None:
            self._missed.add(f"{mod}@{version}")
        return None


def _provides(module: str, import_path: str) -> bool:
    return import_path == module or import_path.startswith(module + "/")


# --- what a dependency package does with signals ----------------------------------

_CALLS = "(call_expression) @c"


def _declared(file: SourceFile, node):
    """The declared function a node is in (through literals)."""
    n = node
    while n is not None and n.type not in ("function_declaration", "method_declaration"):
        n = file.parent(n)
    return n


def _decl_key(decl) -> tuple[str | None, str]:
    from .facts import receiver_type_name
    name = decl.child_by_field_name("name").text.decode()
    recv = receiver_type_name(decl) if decl.type == "method_declaration" else None
    return (recv, name)


def _gate(file: SourceFile, call, caller) -> tuple[int, str, str] | None:
    """The option of `caller`'s i-th parameter that decides whether `call`
    runs: (i, Field, the value it needs: "true" or "false") for
    `if p.Field { ... call ... }` (also `*p.Field`, `p.Field != nil &&
    *p.Field`, `!p.Field`), or an early `if p.NoSignals { return }` / `if
    !p.Field { return }` before the call in an enclosing block."""
    params = caller.child_by_field_name("parameters")
    names = []
    for p in named(params) if params is not None else ():
        for i in range(p.child_count):
            if p.field_name_for_child(i) == "name":
                names.append(p.children[i].text.decode())

    def option(cond, negated: bool):
        """(i, Field, value) when `cond` (negated: its negation) is true
        exactly when the option has that value."""
        cond = unparen(cond)
        if cond is None:
            return None
        if cond.type == "unary_expression":
            op = cond.child_by_field_name("operator")
            inner = cond.child_by_field_name("operand")
            if op is not None and op.type == "!":
                return option(inner, not negated)
            if op is not None and op.type == "*":
                return option(inner, negated)
            return None
        if cond.type == "binary_expression":
            op = cond.child_by_field_name("operator")
            left = unparen(cond.child_by_field_name("left"))
            right = cond.child_by_field_name("right")
            # `p.F != nil && *p.F` / `p.F == nil || !*p.F`: the right side decides
            if op is not None and op.type == ("||" if negated else "&&") and left is not None \
                    and left.type == "binary_expression":
                return option(right, negated)
            return None
        if cond.type == "selector_expression":
            operand = cond.child_by_field_name("operand")
            if operand is not None and operand.text.decode() in names:
                return names.index(operand.text.decode()), \
                    cond.child_by_field_name("field").text.decode(), \
                    "false" if negated else "true"
        return None

    n = file.parent(call)
    while n is not None and n != caller:
        if n.type == "if_statement":
            cons = n.child_by_field_name("consequence")
            if cons is not None and cons.start_byte <= call.start_byte < cons.end_byte:
                found = option(n.child_by_field_name("condition"), False)
                if found is not None:
                    return found
        if n.type == "block" or n.type == "statement_list":
            for stmt in named(n):
                if stmt.start_byte >= call.start_byte:
                    break
                if stmt.type == "if_statement" and _returns(stmt.child_by_field_name("consequence")):
                    cond = unparen(stmt.child_by_field_name("condition"))
                    found = option(cond, True) if cond is not None else None
                    if found is not None:
                        return found
        n = file.parent(n)
    return None


def _returns(block) -> bool:
    """Does the block end in a `return`?"""
    stmts = [s for s in named(block)] if block is not None else []
    while len(stmts) == 1 and stmts[0].type == "statement_list":
        stmts = named(stmts[0])
    return bool(stmts) and stmts[-1].type == "return_statement"


def analyse_package(directory: str, import_path: str, lookup=None) -> dict:
    """A JSON-able summary of a dependency package (see the module docstring).
    `lookup(import_path)` gives the summaries of the packages it imports, so
    that a handler registered two dependencies down is found too."""
    sources = []
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        names = []
    for name in names:
        if not name.endswith(".go") or name.endswith("_test.go"):
            continue
        path = os.path.join(directory, name)
        try:
            sources.append((path, read_go_bytes(path)))
        except UnreadableFile:
            continue
    summary = {"format": SUMMARY_FORMAT, "import_path": import_path, "entries": [], "results": {}}
    imported = {}
    if lookup is not None:
        for _path, data in sources:
            for imp in read_header(data).import_paths:
                if imp not in imported and "." in imp.split("/", 1)[0]:
                    found = lookup(imp)
                    if found is not None and found["entries"]:
                        imported[imp] = found
    if not imported and not any(b'"os/signal"' in data for _, data in sources):
        return summary   # nothing here can start a signal handler: nothing to parse
    files = []
    for path, data in sources:
        f = SourceFile(path, data, path)
        if f.build_ignore or f.package is None or f.package.endswith("_test"):
            continue
        files.append(f)
    if not files:
        return summary
    facts = PackageFacts(files)
    # result types of exported functions, to follow `pkg.New().Method()`
    for name, infos in facts.funcs.items():
        if name[:1].isupper() and len(infos) == 1:
            res = infos[0].node.child_by_field_name("result")
            t = res
            if t is not None and t.type == "parameter_list" and len(named(t)) == 1:
                t = named(t)[0].child_by_field_name("type")
            while t is not None and t.type == "pointer_type":
                t = named(t)[0] if named(t) else None
            if t is not None and t.type == "type_identifier":
                summary["results"][name] = t.text.decode()
    # seeds: (function in this package that starts a handler, what it starts)
    seeds = []
    for reg in facts.registrations:
        handler = _declared(reg.file, reg.call) if reg.is_handler else None
        if handler is not None:
            seeds.append((handler, {
                "func": reg.func, "signals": sorted(reg.signals),
                "action": _exit_action(reg.file, handler), "through": "",
                "registration": [reg.file.abspath, reg.call.start_point[0] + 1,
                                 reg.call.start_point[1] + 1]}))
    # one seed per (function, registration): a registration reached along
    # several paths (a diamond of imports) is one fact, not one per path
    seeded = {(h.id, tuple(s["registration"])) for h, s in seeds}
    for f in files:
        for call, other, entry, _note in calls_into(f, imported):
            handler = _declared(f, call)
            if handler is not None and (handler.id, tuple(entry["registration"])) not in seeded:
                seeded.add((handler.id, tuple(entry["registration"])))
                seeds.append((handler, {
                    "func": entry["func"], "signals": entry["signals"], "action": entry["action"],
                    "through": entry.get("through") or other.get("module", other["import_path"]),
                    "registration": entry["registration"]}))
    if not seeds:
        return summary
    # call graph within the package: callee decl -> [(caller decl, call node)]
    callers: dict[int, list] = {}
    for f in files:
        for call in (captures(_CALLS, f.root).get("c", []) if not f.unqueryable else ()):
            caller = _declared(f, call)
            if caller is None:
                continue
            for info in facts.callee_decls(f, call) or ():
                callers.setdefault(info.node.id, []).append((caller, call, f))
    for handler, started in seeds:
        # walk back to exported entry points, remembering a gate on the way
        seen = {handler.id}
        frontier = [(handler, None)]
        while frontier:
            fn, gate = frontier.pop()
            recv, name = _decl_key(fn)
            if name[:1].isupper():
                summary["entries"].append({"recv": recv, "name": name, "gate": gate, **started})
            for caller, call, cf in callers.get(fn.id, ()):
                if caller.id in seen:
                    continue
                seen.add(caller.id)
                frontier.append((caller, gate or _gate(cf, call, caller)))
    return summary


def _exit_action(file: SourceFile, handler) -> str:
    for call in captures(EXIT_CALL_QUERY, handler).get("node", []):
        resolved = exit_call(file, call)
        if resolved is not None:
            return f"calls {resolved[0].rsplit('/', 1)[-1]}.{resolved[1]}"
    return ""


class OutOfTime(Exception):
    """The time budget for dependency analysis is spent."""


#: how many summaries of module versions a long-lived process keeps
#: between checks (the language server sets it)
KEEP_SUMMARIES = 0
_kept_summaries: dict[str, dict] = {}


class SummaryCache:
    """Dependency summaries, per module version: in memory for the run (so a
    package shared by many importers, a diamond, is analysed once) and as
    authenticated JSON files in the cache directory. `deadline` (a
    time.monotonic() value) bounds the time spent analysing packages."""

    def __init__(self, directory: str | None, deadline: float | None = None):
        self.directory = os.path.join(directory, "deps") if directory else None
        self.memory: dict[str, dict] = {}
        self.deadline = deadline
        self.skipped: set[str] = set()     # import paths left out when time ran out

    def check_time(self, import_path: str) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.skipped.add(import_path)
            raise OutOfTime(import_path)

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, hashlib.sha256(key.encode()).hexdigest()[:40] + ".json")

    def get(self, key: str) -> dict | None:
        if key in self.memory:
            return self.memory[key]
        if key in _kept_summaries:            # a long-lived process (KEEP_SUMMARIES)
            self.memory[key] = _kept_summaries[key]
            return self.memory[key]
        if self.directory is None:
            return None
        from .cache import read_entry_file
        payload = read_entry_file(self._path(key), SUMMARY_LIMIT)
        if payload is None:
            return None
        try:
            data = json.loads(payload)
            if isinstance(data, dict) and data.get("format") == SUMMARY_FORMAT and \
                    data.get("key") == key and isinstance(data["summary"], dict):
                self.memory[key] = data["summary"]
                return data["summary"]
        except (ValueError, KeyError, TypeError, RecursionError):
            pass
        return None

    def put(self, key: str, summary: dict, persist: bool = True) -> None:
        self.memory[key] = summary
        if KEEP_SUMMARIES and persist:        # a module version does not change
            if len(_kept_summaries) >= KEEP_SUMMARIES:
                _kept_summaries.clear()
            _kept_summaries[key] = summary
        if self.directory is None or not persist:
            return
        from .cache import safe_dirs, seal
        try:
            base = os.path.dirname(self.directory)
            if not os.path.lexists(base):
                os.makedirs(base, exist_ok=True)
            if not safe_dirs(base, self._path(key)):
                return
            data = json.dumps({"format": SUMMARY_FORMAT, "key": key, "summary": summary})
            write_atomic(self._path(key), seal(data.encode("utf-8")), private=True)
        except OSError:
            pass


def summary_for(resolver: Resolver, import_path: str, cache: SummaryCache,
                _visiting: frozenset = frozenset()) -> dict | None:
    found = resolver.package_dir(import_path)
    if found is None or import_path in _visiting:
        return None
    directory, mod, version = found
    cacheable = version != "local"
    key = f"{import_path}@{version}|{'vendor' if resolver.vendor else 'mod'}|{directory}|" \
          f"{resolver.versions_key}"
    hit = cache.get(key) if cacheable else cache.memory.get(key)
    # a summary made while some package below it was not there (not yet
    # vendored or downloaded) is stale once it is: made again, or the note
    # would stay and that package's handlers would stay unseen
    if hit is not None and not any(resolver.finds(p) for p in hit.get("unseen", ())
                                   if isinstance(p, str)):
        # what this summary could not see is part of it: a warm run gives the
        # same note as the cold one
        resolver.missing.update(n for n in hit.get("missing", ()) if isinstance(n, str))
        return hit
    cache.check_time(import_path)
    missed: set[str] = set()     # modules not found (for the note)
    unseen: set[str] = set()     # import paths not found, here or further down

    def lookup(imp: str):
        if resolver.module_of(imp) is None:
            return None
        if resolver.package_dir(imp, missed) is None:
            unseen.add(imp)
            return None
        sub = summary_for(resolver, imp, cache, _visiting | {import_path})
        if sub is not None:
            missed.update(sub.get("missing", ()))
            unseen.update(sub.get("unseen", ()))
        return sub

    summary = analyse_package(directory, import_path, lookup)
    summary["module"] = mod
    summary["version"] = version
    summary["missing"] = sorted(missed)
    summary["unseen"] = sorted(unseen)
    cache.put(key, summary, persist=cacheable)
    return summary


# --- the user's calls into dependencies ----------------------------------------------

def _dep_type(file: SourceFile, expr, summaries: dict, depth: int = 0):
    """(import path, type name) of an expression whose type is a dependency's
    named type, as far as the source says: `pkg.New(...)` (by the summary's
    result types), `pkg.T{}`, `&pkg.T{}`, `var x pkg.T`, or a variable set
    from one of these."""
    expr = unparen(expr)
    if expr is None or depth > 4:
        return None
    t = expr.type
    if t == "call_expression":
        resolved = file.resolve_selector(unparen(expr.child_by_field_name("function")))
        if resolved and resolved[0] in summaries:
            result = summaries[resolved[0]]["results"].get(resolved[1])
            return (resolved[0], result) if result else None
        return None
    if t == "unary_expression":
        return _dep_type(file, expr.child_by_field_name("operand"), summaries, depth + 1)
    if t == "composite_literal":
        return _qualified(file, expr.child_by_field_name("type"), summaries)
    if t == "identifier":
        decl = file.lookup(expr)
        if decl is None:
            return None
        if decl.type is not None:
            return _qualified(file, decl.type, summaries)
        return _dep_type(file, decl.value, summaries, depth + 1)
    return None


def _qualified(file: SourceFile, node, summaries):
    while node is not None and node.type == "pointer_type":
        node = named(node)[0] if named(node) else None
    if node is None or node.type != "qualified_type":
        return None
    pkg = node.child_by_field_name("package")
    name = node.child_by_field_name("name")
    path = file.imports.get(pkg.text.decode()) if pkg is not None else None
    return (path, name.text.decode()) if path in summaries and name is not None else None


def _gate_value(file: SourceFile, call, gate) -> str | None:
    """'true', 'false' or 'unknown' for the gated option in the user's call
    (`gate`: index, field, and the value it needs):
    the options as a literal (`Options{F: false}`, `&Options{...}`) or a
    local bound to one and changed before the call (`opts.F = true`); the
    field's value a constant, a local with a constant value, or the address
    of one (`cleanup := false; Options{F: &cleanup}`)."""
    index, fld = gate[0], gate[1]
    args = [a for a in named(call.child_by_field_name("arguments")) if a.type != "comment"]
    if index >= len(args):
        return "false"
    arg = unparen(args[index])
    if arg is not None and arg.type == "unary_expression":
        arg = unparen(arg.child_by_field_name("operand"))
    local = None
    if arg is not None and arg.type == "identifier":
        decl = file.lookup(arg)
        value = unparen(decl.value) if decl is not None and decl.kind == "var" else None
        if value is not None and value.type == "unary_expression":
            value = unparen(value.child_by_field_name("operand"))
        local, arg = arg.text.decode(), value
    if arg is None or arg.type != "composite_literal":
        return "unknown"
    result = "false"        # not set: the zero value
    body = arg.child_by_field_name("body")
    for el in named(body) if body is not None else ():
        if el.type == "keyed_element" and len(named(el)) >= 2 and \
                named(el)[0].text.decode() == fld:
            value = named(el)[-1]
            value = named(value)[0] if value.type == "literal_element" and named(value) else value
            result = _constant_bool(file, value)
    if local is not None:      # `opts.F = v` between the literal and the call
        func = file.enclosing_function(call)
        for assign in file.within(func, _ASSIGN_Q) if func is not None else ():
            if not (arg.end_byte <= assign.start_byte < call.start_byte):
                continue
            left, right = assign.child_by_field_name("left"), assign.child_by_field_name("right")
            targets, values = named(left), named(right)
            for t, v in zip(targets, values):
                t = unparen(t)
                if t is not None and t.type == "selector_expression" and \
                        t.child_by_field_name("operand").text.decode() == local and \
                        t.child_by_field_name("field").text.decode() == fld:
                    result = _constant_bool(file, v)
    return result


def _constant_bool(file: SourceFile, value) -> str:
    """'true'/'false' for a constant, a local with a constant value (never
    assigned again in the file), or the address of one; else 'unknown'."""
    value = unparen(value)
    if value is not None and value.type == "unary_expression" and \
            value.child_by_field_name("operator").type == "&":
        value = unparen(value.child_by_field_name("operand"))
    if value is not None and value.type in ("true", "false"):
        return value.type
    if value is not None and value.type == "identifier":
        decl = file.lookup(value)
        if decl is not None and decl.kind in ("var", "const") and decl.value is not None and \
                unparen(decl.value).type in ("true", "false") and \
                not _reassigned(file, decl):
            return unparen(decl.value).type
    return "unknown"


def _reassigned(file: SourceFile, decl) -> bool:
    """Is the local assigned again after its declaration (`x = ...`)?"""
    scope = decl.scope if decl.scope is not None else file.root
    for assign in file.within(scope, _ASSIGN_Q):
        for t in named(assign.child_by_field_name("left")):
            if unparen(t) is not None and unparen(t).type == "identifier" and \
                    unparen(t).text.decode() == decl.name and assign.start_byte > decl.start:
                return True
    return False


_ASSIGN_Q = "(assignment_statement) @node"


def calls_into(file: SourceFile, summaries: dict):
    """(call node, summary, entry, gate note) for each call of a dependency
    entry point in `file` whose gate (if any) may be open."""
    out = []
    if not any(p in summaries for p in file.imports.values()):
        return out
    for call in (captures(_CALLS, file.root).get("c", []) if not file.unqueryable else ()):
        fn = unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            continue
        name = fn.child_by_field_name("field").text.decode()
        resolved = file.resolve_selector(fn)
        if resolved is not None:
            path, recv = resolved[0], None
        else:
            typ = _dep_type(file, fn.child_by_field_name("operand"), summaries)
            if typ is None:
                continue
            path, recv = typ
        summary = summaries.get(path)
        if summary is None:
            continue
        for entry in summary["entries"]:
            if entry["name"] != name or entry["recv"] != recv:
                continue
            note = ""
            if entry["gate"]:
                value = _gate_value(file, call, entry["gate"])
                needed = entry["gate"][2] if len(entry["gate"]) > 2 else "true"
                if value != "unknown" and value != needed:
                    continue
                opt = entry["gate"][1]
                note = (f" (because {opt} is {needed})" if value == needed
                        else f" (when {opt} is {needed} at run time)")
            out.append((call, summary, entry, note))
    return out

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

from .atomic import write_atomic
from .records import datatype, field
from .safeio import GOMOD_LIMIT, MODULES_TXT_LIMIT, read_bounded

SUMMARY_FORMAT = 6      # 4: "unseen" import paths, checked again on a hit; 5: comments; 6: gates
SUMMARY_LIMIT = 16 * 1024 * 1024


# --- go.mod ---------------------------------------------------------------------

@datatype
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
        from .sealed import read_entry_file
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
        from .sealed import safe_dirs, seal
        try:
            base = os.path.dirname(self.directory)
            if not os.path.lexists(base):
                os.makedirs(base, exist_ok=True)
            if not safe_dirs(base, self._path(key)):
                return
            data = json.dumps({"format": SUMMARY_FORMAT, "key": key, "summary": summary})
            write_atomic(self._path(key), seal(data.encode("utf-8")), private=True,
                         durable=False)     # sealed: a torn file is made again
        except OSError:
            pass


def summary_for(resolver: Resolver, import_path: str, cache: SummaryCache, analyse,
                _visiting: frozenset = frozenset()) -> dict | None:
    """The summary of a dependency package, from the cache, else made by
    `analyse(directory, import_path, lookup)` (depsource.analyse_package:
    the caller passes it, so that a check served from the cache never
    loads it), with `lookup` giving the summaries of its own imports."""
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
        sub = summary_for(resolver, imp, cache, analyse, _visiting | {import_path})
        if sub is not None:
            missed.update(sub.get("missing", ()))
            unseen.update(sub.get("unseen", ()))
        return sub

    summary = analyse(directory, import_path, lookup)
    summary["module"] = mod
    summary["version"] = version
    summary["missing"] = sorted(missed)
    summary["unseen"] = sorted(unseen)
    cache.put(key, summary, persist=cacheable)
    return summary

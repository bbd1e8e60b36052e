"""The program model (rules.md, "The program model"), computed once per run
in the main process and handed to every package's analysis.

This part classifies packages, which decides for several rules whether a
finding is a bug report or policy noise:

- **main**: `package main`;
- **test-support**: a non-test package whose import path has a segment
  `testutil`, `mock`, `fake`, `e2e`, ... or one ending in `test`/`tests`
  (`nettest`, `httptest`; a `package main` there is a test tool), or that
  the run imports only from test files and `//go:build ignore` programs
  (generators `go build` never builds) (`test-support` globs in the
  configuration replace the list);
- **application**: a package of the module under a `cmd/` or `internal/`
  directory, imported in the run, whose every same-module importer is an
  application package, `main` or test-support (other modules cannot, or do not, import
  it: its exits and goroutines are the program's own decisions), and that
  some program imports (else only tests use it: test-support);
- **library**: everything else, an importable library.
"""
from __future__ import annotations

import fnmatch
import re

from .project import Package

MAIN, TEST_SUPPORT, APPLICATION, LIBRARY = "main", "test-support", "application", "library"
CLASSES = (MAIN, TEST_SUPPORT, APPLICATION, LIBRARY)

_TEST_SEGMENT = re.compile(
    r"^(?:testutils?|testhelpers?|testing|mocks?|fakes?|e2e|integration|functional"
    r"|\w*tests?)$")


def is_test_support_path(import_path: str, globs: tuple[str, ...] | None = None) -> bool:
    """By its import path (or, with configured globs, by those alone)."""
    if globs is not None:
        return any(fnmatch.fnmatchcase(import_path, g) for g in globs)
    return any(_TEST_SEGMENT.match(seg) for seg in import_path.split("/"))


def classify(packages: list[Package], test_imports: dict[str, set[str]],
             test_support: tuple[str, ...] | None = None, graph: tuple | None = None
             ) -> dict[str, str]:
    """{package key: class}. `test_imports`: per package key, the import
    paths of its test files; `graph`: import_graph(packages), when the
    caller has it."""
    by_path, importers = graph or import_graph(packages)
    test_importers: dict[str, int] = {}
    for p in packages:
        for imp in test_imports.get(p.key, ()):
            dep = by_path.get((p.module, imp))
            # a package's own external tests (`package x_test` beside it) do
            # not make it a test helper: every library is imported by those
            if dep is not None and dep.key != p.key and dep.directory != p.directory:
                test_importers[dep.key] = test_importers.get(dep.key, 0) + 1
    out: dict[str, str] = {}
    for p in packages:
        # by its path first: a `package main` under e2e/ or integration/ is
        # a test tool, not a service
        if p.import_path and is_test_support_path(p.import_path, test_support):
            out[p.key] = TEST_SUPPORT
        elif p.is_main:
            out[p.key] = MAIN
    if test_support is None:
        # imported in the run, and only by test files and `//go:build ignore`
        # programs (generators `go build` never builds); not through other
        # such packages: a library another library of the module imports
        # stays one, whoever imports that one
        for p in packages:
            if p.key not in out and not p.standalone and \
                    (p.key in test_importers or importers.get(p.key)) and \
                    all(q.standalone for q in importers.get(p.key, ())):
                out[p.key] = TEST_SUPPORT
    imported_anywhere = {key for key, got in importers.items() if got}
    # application packages: a fixpoint from the candidates down
    candidates = {p.key for p in packages if p.key not in out and p.key in imported_anywhere
                  and _under_cmd_or_internal(p)}
    changed = True
    while changed:
        changed = False
        for key in sorted(candidates):
            # test-support importers do not count: tests are not programs
            if any(q.key not in candidates and out.get(q.key) not in (MAIN, TEST_SUPPORT)
                   for q in importers.get(key, ())):
                candidates.discard(key)
                changed = True
    # an application package serves a program: one that only test-support
    # packages import (the fuzzing engine the testing package runs) serves
    # tests, and is test-support itself
    served = {key for key in candidates
              if any(out.get(q.key) == MAIN for q in importers.get(key, ()))}
    changed = True
    while changed:
        changed = False
        for key in sorted(candidates - served):
            if any(q.key in served for q in importers.get(key, ())):
                served.add(key)
                changed = True
    for key in candidates - served:
        out[key] = TEST_SUPPORT
    for p in packages:
        if p.key not in out:
            out[p.key] = APPLICATION if p.key in candidates else LIBRARY
    return out


def import_graph(packages: list[Package]) -> tuple[dict[tuple, Package], dict[str, list[Package]]]:
    """(the packages by (module, import path), per package key its
    same-module importers by their non-test files)."""
    by_path: dict[tuple, Package] = {}
    for p in packages:
        # an external test package (`package x_test`) shares the directory's
        # import path but nobody imports it
        if p.import_path and p.module is not None and not p.standalone and p.name \
                and not p.name.endswith("_test"):
            by_path.setdefault((p.module, p.import_path), p)
    importers: dict[str, list[Package]] = {}
    for p in packages:
        for imp in p.imports:
            dep = by_path.get((p.module, imp))
            if dep is not None and dep.key != p.key:
                importers.setdefault(dep.key, []).append(p)
    return by_path, importers


def library_importers(packages: list[Package], classes: dict[str, str],
                      graph: tuple | None = None) -> dict[str, list[Package]]:
    """For each importable library that other modules cannot import (a
    segment `internal` in its path below the module) and that the run
    imports: its same-module importers that are importable libraries. Only
    code those can reach is library code; the rest of the package only the
    module's programs (and tests and generators) run."""
    _by_path, importers = graph or import_graph(packages)
    out: dict[str, list[Package]] = {}
    for p in packages:
        if classes.get(p.key) != LIBRARY or not importers.get(p.key) or not _under(p, ("internal",)):
            continue
        out[p.key] = [q for q in importers[p.key] if classes.get(q.key) == LIBRARY]
    return out


def _under(p: Package, segments: tuple[str, ...]) -> bool:
    if p.module is None or not p.import_path:
        return False
    root = p.module.path
    below = p.import_path[len(root):] if root and p.import_path.startswith(root) else p.import_path
    return any(seg in segments for seg in below.strip("/").split("/"))


def _under_cmd_or_internal(p: Package) -> bool:
    return _under(p, ("cmd", "internal"))


def program_blank_imports(packages: list[Package],
                          blank: dict[str, dict[str, tuple[str, int]]]) -> dict[str, dict]:
    """Per package key: the blank imports of every program it belongs to
    (path -> where), or its own when no main of the run imports it. Some
    imports act on the whole process (`_ "net/http/pprof"` registers its
    handlers on the default mux), wherever in the program they are."""
    from .project import programs
    mains, lone = programs(packages)
    out: dict[str, dict] = {}
    for _main, members in mains:
        union: dict = {}
        for m in members:
            for path, where in blank.get(m.key, {}).items():
                union.setdefault(path, where)
        for m in members:
            mine = out.setdefault(m.key, {})
            for path, where in union.items():
                mine.setdefault(path, where)
    for p in lone:
        out.setdefault(p.key, {}).update(blank.get(p.key, {}))
    return out


# --- calls between the packages of a program -------------------------------------

def resolve_export_roots(registrations: list, members: list[Package]) -> list:
    """In a program, a registration reached from an exported function or
    method of its package (an "export" root: some importer may call it, on
    main's path) runs from a root of its own when no other package of the
    program calls that function directly: it is dead in this program, or
    runs only through a function value or an interface (a sub-command's
    `Run` that a CLI framework calls), which rules.md makes a root of its own.
    A call whose receiver's type is not known counts as a direct call."""
    from .records import replace
    by_key = {p.key: p for p in members}
    calls = _DirectCalls([p for p in members if not p.standalone])
    out = []
    for r in registrations:
        pkg = by_key.get(r.package)
        if not r.exports or pkg is None or pkg.is_main or not pkg.import_path:
            out.append(r)
            continue
        resolved: dict[str, frozenset] = {}
        for key, recv, name in r.exports:
            if not calls.called(pkg, recv, name):
                resolved[key] = frozenset({("value", key)})
            else:
                got = calls.roots_of_callers(pkg, recv, name)
                if got is not None:
                    resolved[key] = got
        if not resolved:
            out.append(r)
            continue
        roots = frozenset(label for label in r.roots
                          if not (label[0] == "export" and label[1] in resolved))
        roots |= frozenset().union(*resolved.values())
        out.append(replace(r, roots=roots))
    return out


class _DirectCalls:
    """`pkg.F(...)` and `x.M(...)` calls in the non-test files of a program's
    packages, looked for by name (files that do not say the name are not
    parsed)."""

    def __init__(self, packages: list[Package]):
        self.packages = packages
        self._data: dict[str, bytes] = {}
        self._parsed: dict[str, object] = {}
        self._memo: dict[tuple, list | None] = {}

    def called(self, target: Package, recv: str, name: str) -> bool:
        """Does another package of the program call `target`'s `recv.name`
        directly (a file that cannot be read: assume it does)?"""
        return self._sites(target, recv, name) != []

    #: how many packages up a caller's roots are followed
    DEPTH = 6

    def roots_of_callers(self, target: Package, recv: str, name: str, depth: int = 0,
                         seen: frozenset = frozenset()) -> frozenset | None:
        """The roots (callgraph labels) of the functions of other packages
        of the program that call `target`'s exported `recv.name` directly:
        `main`/`init` of a `package main` (MAIN: the main root), an `init`,
        a function or literal taken as a value (a root of its own), found by
        following each caller's own callers by name, package by package.
        None when that cannot be told (a method an interface may call, a
        file that cannot be read, too deep): the caller keeps the open
        "export" root."""
        if depth > self.DEPTH or (target.key, recv, name) in seen:
            return None
        seen = seen | {(target.key, recv, name)}
        sites = self._sites(target, recv, name)
        if sites is None:
            return None
        out: set = set()
        for pkg, f, call in sites:
            got = self._roots_of_node(pkg, f, call, depth, seen)
            if got is None:
                return None
            out |= got
        return frozenset(out)

    def _roots_of_node(self, pkg: Package, f, node, depth: int, seen: frozenset
                       ) -> frozenset | None:
        from .callgraph import MAIN, key_of
        from .facts import receiver_type_name
        from .source import unparen
        func = f.enclosing_function(node)
        while func is not None and func.type == "func_literal":
            up = f.parent(func)
            called = up is not None and up.type == "call_expression" and \
                unparen(up.child_by_field_name("function")).start_byte == func.start_byte
            if not called:
                return frozenset({("value", key_of(f, func))})   # a literal passed along
            func = f.enclosing_function(func)
        if func is None:
            return None                              # a package-level value
        fname = func.child_by_field_name("name").text.decode()
        is_method = func.type == "method_declaration"
        if not is_method and fname in ("main", "init"):
            return frozenset({MAIN if pkg.is_main else ("init", key_of(f, func))})
        recv = (receiver_type_name(func) or "") if is_method else ""
        out: set = set()
        elsewhere = fname[:1].isupper() and not pkg.is_main and self.called(pkg, recv, fname)
        if elsewhere:
            # other packages call it: their callers' roots, and its own package's
            got = self.roots_of_callers(pkg, recv, fname, depth + 1, seen)
            if got is None:
                return None
            out |= got
        refs = self._package_refs(pkg, fname, "field_identifier" if is_method else "identifier")
        if refs is None:
            return None
        if not refs and not elsewhere:
            return None if is_method else frozenset({("value", key_of(f, func))})
        for rf, ref in refs:
            callee = rf.parent(ref) if is_method else ref
            call = rf.parent(callee) if callee is not None else None
            if call is None or call.type != "call_expression" or \
                    unparen(call.child_by_field_name("function")).start_byte != callee.start_byte:
                out.add(("value", key_of(f, func)))    # taken as a value: a root of its own
                continue
            if (rf.abspath, call.start_byte) in seen:
                continue
            got = self._roots_of_node(pkg, rf, call, depth + 1, seen | {(rf.abspath, call.start_byte)})
            if got is None:
                return None
            out |= got
        return frozenset(out)

    def _package_refs(self, pkg: Package, name: str, kind: str) -> list | None:
        """Every `kind` node spelled `name` in the package's non-test files
        (declarations of that name left out); None when a file cannot be read."""
        files = self._files_saying(pkg, name.encode())
        return None if files is None else [(f, n) for f in files for n in f.references(name, kind)]

    def _files_saying(self, pkg: Package, word: bytes) -> list | None:
        """The package's non-test files whose code says `word`, parsed; None
        when one cannot be read or queried."""
        from .prefilter import has
        from .source import SourceFile
        out = []
        for gf in pkg.files:
            if gf.abspath.endswith("_test.go"):
                continue
            data = self._bytes(gf.abspath)
            if data is None:
                return None
            if not has("word", word, data):
                continue
            f = self._parsed.get(gf.abspath)
            if f is None:
                f = self._parsed[gf.abspath] = SourceFile(gf.path, data, gf.abspath)
            if f.unqueryable:
                return None
            out.append(f)
        return out

    def _sites(self, target: Package, recv: str, name: str) -> list | None:
        """The direct calls of `target`'s `recv.name` in the program's other
        packages, as (package, file, call); None when one cannot be read.
        A call whose receiver's type is not known counts."""
        key = (target.key, recv, name)
        if key not in self._memo:
            self._memo[key] = self._find_sites(target, recv, name)
        return self._memo[key]

    def _find_sites(self, target: Package, recv: str, name: str) -> list | None:
        from .facts import declared_import_type
        from .source import unparen
        word = name.encode()
        out = []
        for p in self.packages:
            if p.key == target.key or (not recv and target.import_path not in p.imports):
                continue
            files = self._files_saying(p, word)
            if files is None:
                return None
            for f in files:
                for sel in f.found(_SELECTOR_Q)[0]:
                    if sel.child_by_field_name("field").text != word:
                        continue
                    up = f.parent(sel)
                    if up is None or up.type != "call_expression" or \
                            up.child_by_field_name("function") is None or \
                            unparen(up.child_by_field_name("function")).start_byte != sel.start_byte:
                        continue
                    if not recv:
                        if f.resolve_selector(sel) == (target.import_path, name):
                            out.append((p, f, up))
                        continue
                    if f.resolve_selector(sel) is not None:
                        continue
                    typ = declared_import_type(f, sel.child_by_field_name("operand"))
                    if typ is None or typ == (target.import_path, recv):
                        out.append((p, f, up))
        return out

    def _bytes(self, path: str) -> bytes | None:
        if path not in self._data:
            from .safeio import GO_SOURCE_LIMIT, read_bounded
            try:
                self._data[path] = read_bounded(path, GO_SOURCE_LIMIT)
            except (OSError, ValueError):
                self._data[path] = None
        return self._data[path]


_SELECTOR_Q = "(selector_expression) @node"

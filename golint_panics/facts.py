"""Package facts: what the files of one package declare, gathered once.

Functions and methods (and whether they recover), named types and struct
fields, package-level variables, signal registrations, functions started
as goroutines. Rules ask these questions through their Context; nothing
here reports anything.
"""
from __future__ import annotations

import os
import re
from functools import cached_property

from tree_sitter import Node

from . import golang
from . import prefilter
from .prefilter import (
    ASSIGN_OP, WORDS_CACHED, code_of, deferred_literal_words, has, kept_scan, may_say,
    mentions_any,
)
from .header import UnreadableFile, build_constraint, read_go_bytes
from .records import datatype
from .source import (
    Decl, SourceFile, TooDeep, captures, function_body, named, parse_file, spec_decls,
    spec_nodes, unparen,
)



def _declarations(f: SourceFile) -> list[tuple]:
    """The file's top-level declarations as PackageFacts records them, in
    order: ("func", name, node), ("method", name, receiver type or None,
    node), ("type", name, type node), ("var", name, Decl). They follow from
    the file's bytes alone: kept with the parsed file (a language server
    keeps unchanged files between checks)."""
    out: list[tuple] = []
    for top in named(f.root):
        t = top.type
        if t == "function_declaration":
            name = top.child_by_field_name("name")
            if name is not None:
                out.append(("func", name.text.decode(), top))
        elif t == "method_declaration":
            name = top.child_by_field_name("name")
            if name is not None:
                out.append(("method", name.text.decode(), receiver_type_name(top), top))
        elif t == "type_declaration":
            for spec in named(top):
                if spec.type in ("type_spec", "type_alias"):
                    name = spec.child_by_field_name("name")
                    typ = spec.child_by_field_name("type")
                    if name is not None and typ is not None:
                        out.append(("type", name.text.decode(), typ))
        elif t == "var_declaration":
            for spec in spec_nodes(top):
                for decl in spec_decls(spec, None):
                    if decl.name != "_":
                        out.append(("var", decl.name, decl))
    return out


def function_declarations(f: SourceFile) -> list[Node]:
    """The file's top-level function and method declarations, in order: two
    versions with the same declaration_skeleton have the same ones."""
    return [entry[-1] for entry in f.memoized("declarations", lambda: _declarations(f))
            if entry[0] in ("func", "method")]


@datatype
class FuncInfo:
    name: str
    recv: str | None          # receiver type name for methods
    node: Node
    file: SourceFile

    @property
    def body(self) -> Node | None:
        return function_body(self.node)


# A type reference as far as the package's own source tells:
#   MAP                  -- a map (map type, or a named type whose underlying type is a map)
#   ("named", "T")       -- a named type declared in this package (struct, ...)
MAP = ("map",)


@datatype
class Registration:
    """One call of signal.Notify / NotifyContext / Ignore / Reset."""
    file: SourceFile
    call: Node
    func: str                   # Notify | NotifyContext | Ignore | Reset
    signal_args: list[Node]
    signals: frozenset[str]
    channel: str | None         # text of the channel argument (Notify)
    function: Node | None       # enclosing function

    @property
    def is_handler(self) -> bool:
        return self.func in ("Notify", "NotifyContext")


_RECOVER_Q = '((call_expression function: (identifier) @f) @c (#eq? @f "recover"))'
_SIGNAL_Q = ('((call_expression function: (selector_expression field: (field_identifier) @f)) @c '
             '(#any-of? @f "Notify" "NotifyContext" "Ignore" "Reset"))')
#: calls that may be exit calls (the name decides; `exit_call` resolves the package)
EXIT_CALL_QUERY = (
    '((call_expression function: (selector_expression field: (field_identifier) @f)) @node '
    '(#any-of? @f ' + " ".join(f'"{n}"' for n in sorted(golang.EXIT_NAMES
                                                         | golang.EXIT_METHOD_NAMES)) + '))')


def exit_call(file: SourceFile, call: Node, facts: "PackageFacts | None" = None
              ) -> tuple[str, str] | None:
    """(import path, name) when `call` is an exit call through a resolved import;
    (import path, "Type.Method") for `x.Fatal(...)` on a value whose declared
    type is an exit logger (golang.EXIT_LOGGER_TYPES; fields and package
    variables need `facts`)."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return None
    fld = fn.child_by_field_name("field")
    name = fld.text.decode() if fld is not None else ""
    if name not in golang.EXIT_NAMES and name not in golang.EXIT_METHOD_NAMES:
        return None
    resolved = file.resolve_selector(fn)
    if resolved is not None:
        return resolved if golang.is_exit_func(*resolved) else None
    if name not in golang.EXIT_METHOD_NAMES:
        return None
    typ = declared_import_type(file, fn.child_by_field_name("operand"), facts)
    return (typ[0], f"{typ[1]}.{name}") if typ in golang.EXIT_LOGGER_TYPES and \
        name in golang.EXIT_METHODS.get(typ[0], ()) else None


def declared_import_type(file: SourceFile, expr: Node | None, facts: "PackageFacts | None" = None,
                         depth: int = 0) -> tuple[str, str] | None:
    """(import path, type) of a value whose declared type (principle 4) is a
    type of another package: `var l *zap.Logger`, a parameter or field so
    declared, `pkg.T{}`, `&pkg.T{}`, `new(pkg.T)`, `l := zap.L()` / `lg, _ :=
    zap.NewProduction()` (the well-known results of golang.py),
    `logrus.WithField(...)`, `entry.WithError(err)`. The one place that
    answers this: GP002's exit loggers, GP004's launchers, GP009."""
    expr = unparen(expr)
    if expr is None or depth > 6:
        return None
    if expr.type == "unary_expression" and expr.child_by_field_name("operator") is not None \
            and expr.child_by_field_name("operator").type in ("&", "*"):
        return declared_import_type(file, expr.child_by_field_name("operand"), facts, depth + 1)
    if expr.type == "composite_literal":               # pkg.T{...}
        return written_import_type(file, expr.child_by_field_name("type"), facts)
    if expr.type == "call_expression":
        fn = unparen(expr.child_by_field_name("function"))
        args = expr.child_by_field_name("arguments")
        if fn is not None and fn.type == "identifier" and fn.text == b"new" and \
                args is not None and named(args):       # new(pkg.T)
            return written_import_type(file, named(args)[0], facts)
        resolved = file.resolve_selector(fn)
        if resolved is not None:
            return golang.WELL_KNOWN_RESULTS.get(resolved) or golang.LAUNCHER_RESULTS.get(
                resolved) or golang.HANDLER_RESULTS.get(resolved)
        if fn is not None and fn.type == "selector_expression":
            recv = declared_import_type(file, fn.child_by_field_name("operand"), facts, depth + 1)
            method = fn.child_by_field_name("field").text.decode()
            return golang.LOGGER_METHOD_RESULTS.get((*recv, method)) if recv else None
        return None
    if expr.type == "identifier":
        decl, decl_file = file.lookup(expr), file
        if decl is None and facts is not None:
            found = facts.var(expr.text.decode())
            decl, decl_file = found if found else (None, file)
        if decl is None or decl.kind in ("range", "alias", "const"):
            return None
        if decl.type is not None:
            return written_import_type(decl_file, decl.type, facts)
        value = declared_value(decl)
        return declared_import_type(decl_file, value, facts, depth + 1) if value is not None \
            and value.start_byte != expr.start_byte else None
    if expr.type == "selector_expression" and facts is not None and \
            file.resolve_selector(expr) is None:
        return written_import_type(None, facts.declared_type_node(file, expr), facts)
    return None


def declared_value(decl: Decl) -> Node | None:
    """The value a declaration gives its name: its own, or for the first
    name of `lg, _ := zap.NewProduction()` / `srv, err := newServer()` the
    call, whose first result it gets."""
    if decl.value is not None or decl.stmt.type not in ("short_var_declaration", "var_spec"):
        return decl.value
    left = decl.stmt.child_by_field_name("left") or decl.stmt
    right = decl.stmt.child_by_field_name("right") or decl.stmt.child_by_field_name("value")
    names = [n for n in named(left) if n.type == "identifier"]
    values = named(right) if right is not None else []
    if names and names[0].start_byte == decl.ident.start_byte and len(values) == 1 and \
            unparen(values[0]) is not None and unparen(values[0]).type == "call_expression":
        return values[0]
    return None


def written_import_type(file: SourceFile | None, typ: Node | None, facts) -> tuple[str, str] | None:
    """(import path, name) of a written type `pkg.T` or `*pkg.T`; the import
    name resolves in `file`, or (a field's type, `file` None) in the files of
    the package."""
    while typ is not None and typ.type in ("pointer_type", "parenthesized_type"):
        typ = named(typ)[0] if named(typ) else None
    if typ is None or typ.type != "qualified_type":
        return None
    pkg, name = typ.child_by_field_name("package"), typ.child_by_field_name("name")
    if pkg is None or name is None:
        return None
    files = [file] if file is not None else (facts.files if facts is not None else [])
    for f in files:
        path = f.imports.get(pkg.text.decode())
        if path is not None:
            return path, name.text.decode()
    return None


_ASSIGNED_Q = """
(assignment_statement left: (expression_list (identifier) @a))
(unary_expression operator: "&" operand: (identifier) @r)
"""


class PackageFacts:
    """Facts of one package. Files that no enabled rule needs are kept as
    bytes (`pending`) and parsed only when a fact is looked up by a name
    that occurs in them: `go f()` in one file parses the file that
    declares `f`, and nothing else."""

    def __init__(self, files: list[SourceFile], recover_helpers: frozenset[str] = frozenset(),
                 pending: list[tuple[str, str, bytes]] = (),
                 goroutine_launchers: frozenset[str] = frozenset()):
        self.files = list(files)
        self._at: dict[str, SourceFile] = {}
        self._at_count = -1
        self.recover_helpers = recover_helpers
        #: the configured `goroutine-launchers`: (import path, func) and
        #: (import path, type, method); "a/b.v2.Go" is read both ways
        self.configured_launchers = configured_launchers(goroutine_launchers)
        self.pending = list(pending)          # (path, abspath, data) not parsed yet
        self.loaded: list[SourceFile] = []    # parsed on demand
        self.funcs: dict[str, list[FuncInfo]] = {}
        self.methods: dict[tuple[str, str], FuncInfo] = {}
        self.method_decls: dict[tuple[str, str], list[FuncInfo]] = {}
        self.methods_by_name: dict[str, list[FuncInfo]] = {}
        self.types: dict[str, Node] = {}
        self.vars: dict[str, tuple[Decl, SourceFile]] = {}
        self.memo: dict = {}                  # for rules: per-package "reported once" keys
        self.package_class = "library"        # model.py: main, test-support, application, library
        self.settings = None                  # the run's Settings (engine.py), for package tokens
        #: blank imports anywhere in this package's programs: path -> (file, line)
        self.program_blank_imports: dict[str, tuple[str, int]] = {}
        #: for a library other modules cannot import: its library importers'
        #: non-test files (model.library_importers); None otherwise
        self.library_importers: tuple[str, ...] | None = None
        #: the files a check reports on (absolute paths), None for all: a
        #: check of some files (the editor's) runs the rules that report in
        #: one file only on those
        self.focus: frozenset | None = None
        self._recovers: dict[tuple[int, int], bool] = {}
        self._searched: set[bytes] = set()
        for f in self.files:
            self._collect(f)

    # -- lazy loading -------------------------------------------------------------
    def load_all(self) -> None:
        """Parse every pending file (a whole-package question: the calls
        within the package)."""
        for p in list(self.pending):
            self._load(p)

    def load_mentioning(self, token: bytes) -> list[SourceFile]:
        """Parse the pending files that mention `token`: an identifier as a
        word of their code (not in a comment or a string), anything else
        (an import path in quotes) anywhere in their bytes; returns them."""
        if not self.pending or token in self._searched:
            return []
        self._searched.add(token)
        if _IDENTIFIER.fullmatch(token):
            hit = [p for p in self.pending if has("word", token, p[2])]
        else:
            # (kept with each file's bytes in the language server: a search
            # of the whole package's bytes at every edit, `"os/signal"` for
            # its registrations, was ~8 % of an edit of `syscall`)
            name = "mentions " + token.decode("latin-1")
            hit = [p for p in self.pending
                   if kept_scan(p[2], name, lambda data: token in data)]
        return [self._load(p) for p in hit]

    def load_mentioning_any(self, tokens) -> None:
        """`load_mentioning` for many tokens at once: the identifiers in one
        pass of each pending file's bytes."""
        names = tuple(sorted({t for t in tokens if _IDENTIFIER.fullmatch(t)
                              and t not in self._searched}))
        for t in tokens:
            if not _IDENTIFIER.fullmatch(t):
                self.load_mentioning(t)
        if not self.pending or not names:
            return
        self._searched.update(names)
        for p in [p for p in self.pending if mentions_any(names, p[2])]:
            self._load(p)

    def load_where(self, wanted) -> None:
        """Parse the pending files for which `wanted(path, data)` holds."""
        for p in [p for p in self.pending if wanted(p[0], p[2])]:
            self._load(p)

    def _ensure(self, name: str) -> None:
        if self.pending and name not in golang.PREDECLARED:
            self.load_mentioning(name.encode())

    def _ensure_func(self, name: str, near: SourceFile | None = None) -> None:
        """Load the pending files that declare a function or method `name`:
        those whose code (comments and literals blanked) has `func`, then no
        brace or semicolon (a receiver has none), then the name and `(` or
        `[` — not every file that calls it. With `near`, only the files that
        can build together with it (`_linux.go` is never in a darwin build)."""
        if not self.pending or name in golang.PREDECLARED or not name.isidentifier():
            return
        near_class = self.build_class_of(near) if near is not None else None
        key = (b"func " + name.encode(), near_class)
        if key in self._searched or (b"func " + name.encode(), None) in self._searched:
            return
        self._searched.add(key)
        candidates = self._declaring(b"func", name.encode())
        for p in [p for p in self.pending if id(p) in candidates]:
            if near_class is None or golang.classes_build_together(
                    near_class, self._pending_class(p)):
                self._load(p)

    def _ensure_method(self, recv: str, name: str, near: SourceFile | None = None) -> None:
        """_ensure_func for the method `name` of the type `recv`: of the
        pending files that may declare a function `name`, those whose
        method heads of that name may have that receiver's type
        (_method_receivers). `x.Close()` on a `*conn` parsed every file of
        a package that declares a `Close`: 254 of the 306 files loaded so
        in the Debian corpus declared none on the type asked for."""
        if not self.pending or name in golang.PREDECLARED or not name.isidentifier():
            return
        near_class = self.build_class_of(near) if near is not None else None
        word = b"func " + name.encode()
        key = (b"method " + recv.encode() + b"." + name.encode(), near_class)
        if key in self._searched or (word, None) in self._searched or \
                (word, near_class) in self._searched:
            return
        self._searched.add(key)
        candidates = self._declaring(b"func", name.encode())
        wanted = recv.encode()
        for p in [p for p in self.pending if id(p) in candidates]:
            if near_class is not None and not golang.classes_build_together(
                    near_class, self._pending_class(p)):
                continue
            found = _method_receivers(p[2])
            # (no method head of that name: it declares a function so named)
            receivers = found.get(name.encode(), ()) if found is not None else (None,)
            if wanted in receivers or None in receivers:
                self._load(p)

    def _declaring(self, keyword: bytes, word: bytes) -> set[int]:
        """The pending files (by id) that may declare `word` with `keyword`
        (a function or method, a type, a variable): an index of what every
        pending file may declare that way, made once per keyword (a
        package's facts ask about many names)."""
        memo = self.memo.get(("declared", keyword))
        if memo is None:
            # by each file's place among the pending files of now
            snapshot = list(self.pending)
            index, unknown = _declared_index(keyword, tuple(p[2] for p in snapshot))
            memo = self.memo[("declared", keyword)] = (index, unknown, snapshot)
        index, unknown, snapshot = memo
        found = {id(snapshot[i]) for i in index.get(word, ())}
        found.update(id(snapshot[i]) for i in unknown if _mentions(word, snapshot[i][2]))
        return found

    def _pending_class(self, pending) -> tuple:
        classes = self.memo.setdefault("pending_class", {})
        if pending[1] not in classes:
            classes[pending[1]] = golang.build_class(os.path.basename(pending[0]),
                                                     build_constraint(pending[2]))
        return classes[pending[1]]

    @staticmethod
    def build_class_of(file: SourceFile) -> tuple:
        """What decides which builds the file is in (golang.build_class)."""
        return golang.build_class(os.path.basename(file.path), file.constraint)

    def _builds_with(self, near: SourceFile | None, infos: list[FuncInfo]) -> list[FuncInfo]:
        if near is None:
            return infos
        mine = self.build_class_of(near)
        return [i for i in infos
                if golang.classes_build_together(mine, self.build_class_of(i.file))]

    def _code(self, pending) -> bytes | None:
        """A pending file's code, comments and literals blanked (code_of,
        which keeps it per content)."""
        return code_of(pending[2])

    def _ensure_declared(self, keyword: bytes, name: str) -> None:
        """Load the pending files that may declare `name` with `keyword`
        (`type`, `var`; _declared_names), once per name."""
        if not self.pending or name in golang.PREDECLARED or not name.isidentifier():
            return
        key = keyword + b" " + name.encode()
        if key in self._searched:
            return
        self._searched.add(key)
        candidates = self._declaring(keyword, name.encode())
        for p in [p for p in self.pending if id(p) in candidates]:
            self._load(p)

    def file_at(self, abspath: str) -> SourceFile:
        """The package's file at this path, parsed now if it was pending."""
        found = self._files_at().get(abspath)
        if found is None:
            self.load_paths([abspath])
            found = self._files_at().get(abspath)
            if found is None:
                raise KeyError(f"{abspath}: not a file of the package")
        return found

    def _files_at(self) -> dict[str, SourceFile]:
        """The parsed files by absolute path (`files` only grows: _load)."""
        if self._at_count != len(self.files):
            self._at = {}
            for f in self.files:
                self._at.setdefault(f.abspath, f)
            self._at_count = len(self.files)
        return self._at

    def load_paths(self, paths) -> None:
        """Load these files (absolute paths) if they are still pending, in
        this order."""
        for path in paths:
            for p in self.pending:
                if p[1] == path:
                    self._load(p)
                    break

    def parse_apart(self, path: str, abspath: str, data: bytes) -> SourceFile:
        """A pending file parsed without loading it into the package's facts
        (which files the rules see does not change); loading it later takes
        this parse."""
        apart = self.memo.setdefault("parsed apart", {})
        if abspath not in apart:
            apart[abspath] = parse_file(path, data, abspath)
        return apart[abspath]

    def _load(self, pending) -> SourceFile:
        self.pending.remove(pending)
        path, abspath, data = pending
        apart = self.memo.get("parsed apart")
        f = apart.pop(abspath, None) if apart else None
        if f is None or f.data is not data and f.data != data:
            f = parse_file(path, data, abspath)
        self.files.append(f)
        self.loaded.append(f)
        self._collect(f)
        return f

    def function(self, name: str) -> FuncInfo | None:
        self._ensure_func(name)   # all of them: files for other GOOS may declare it again
        found = self.funcs.get(name)
        return found[0] if found and len(found) == 1 else None

    def function_all(self, name: str, near: SourceFile | None = None) -> list[FuncInfo]:
        """Every declaration of the function (one per build of the package:
        `handleSignals` in signals_unix.go and in signals_windows.go), by path;
        with `near`, those that can build together with that file."""
        self._ensure_func(name, near)
        return self._builds_with(near, sorted(self.funcs.get(name, []), key=lambda i: i.file.path))

    def method(self, recv: str, name: str) -> FuncInfo | None:
        self._ensure_method(recv, name)
        return self.methods.get((recv, name))

    def method_all(self, recv: str, name: str, near: SourceFile | None = None) -> list[FuncInfo]:
        """Every declaration of the method (one per build of the package),
        by path; with `near`, those that can build together with that file."""
        self._ensure_method(recv, name, near)
        return self._builds_with(near, sorted(self.method_decls.get((recv, name), []),
                                              key=lambda i: i.file.path))

    def methods_named(self, name: str) -> list[FuncInfo]:
        self._ensure_func(name)
        return self.methods_by_name.get(name, [])

    def type_node(self, name: str) -> Node | None:
        self._ensure_declared(b"type", name)
        return self.types.get(name)

    def map_type_names(self) -> list[str]:
        """The package's named map types (`type Counts map[string]int`); a
        file that declares one says both `type` and `map`, and is parsed
        unless its code shows that none of its type declarations is one
        (`_may_declare_map_type`: a protobuf file's structs and enums).
        Test files are left out: their types are only seen by tests.

        A check of some files whose package's last whole check holds for
        them (the reach record) takes that check's answer, while no checked
        file can now declare one it did not then."""
        recorded = self._recorded_map_types()
        if recorded is not None:
            return list(recorded)
        scanned = self.memo.setdefault("map_types_scanned", set())
        names: list[str] = []
        while True:
            names = [name for name, node in list(self.types.items())
                     if self.classify_type(node) == MAP]
            # a file that declares one says `type` and `map`, or `type` and
            # the name of another (`type Tally Counts`); a test file's
            # types are only seen by test files
            words = tuple(n.encode() for n in names)
            found = [p for p in self.pending if p[1] not in scanned and
                     not p[0].endswith("_test.go") and may_say(b"type", p[2]) and
                     (may_say(b"map", p[2]) or mentions_any(words, p[2]))]
            if not found:
                self.memo["map_type_names"] = names      # (for the reach record)
                return names
            for p in found:
                scanned.add(p[1])
                if kept_scan(p[2], "may declare a map type",
                             lambda d, p=p: _may_declare_map_type(d, lambda: self._code(p))):
                    self._load(p)
                    # (the reach record then keeps them for a check of some files)
                    self.memo["map_types_loaded"] = True

    def _recorded_map_types(self) -> tuple | None:
        """The named map types of the package's last whole check, when its
        reach record holds for this check of some files (their names and,
        for those parsed then, their outlines, type declarations included,
        are as they were; the other files have its bytes) and each checked
        file not parsed then still cannot declare a map type; else None."""
        given = self.memo.get("reach_record")
        if given is None or given[1].get("map_types") is None:
            return None
        from .concurrency import _record_holds
        checked, record = given
        if not _record_holds(self):
            return None
        data = {f.abspath: f.data for f in self.files}
        data.update((abspath, d) for _p, abspath, d in self.pending)
        for path in checked:
            if path in record["outline"] or path.endswith("_test.go"):
                continue
            if path not in data or _may_declare_map_type(data[path]):
                return None
        return record["map_types"]

    def is_map_type(self, node: Node | None) -> bool:
        """Is a written type a map type (classify_type(node) == MAP)? A
        named one is looked up among map_type_names, not by loading the
        files that may declare it (most named types are not maps)."""
        while node is not None and node.type == "parenthesized_type":
            node = named(node)[0] if named(node) else None
        if node is None:
            return False
        if node.type == "map_type":
            return True
        base = node.child_by_field_name("type") if node.type == "generic_type" else node
        if base is None or base.type != "type_identifier":
            return False
        known = self.memo.get("map_type_name_set")
        if known is None:
            known = self.memo["map_type_name_set"] = frozenset(self.map_type_names())
        return base.text.decode() in known

    def var(self, name: str) -> tuple[Decl, SourceFile] | None:
        """A package-level variable: declared in a file that says `var`."""
        self._ensure_declared(b"var", name)
        return self.vars.get(name)

    def map_variables(self) -> list[tuple[str, Decl | None, SourceFile | None]]:
        """The package-level variables of the non-test files that may have a
        map type, as (name, declaration, file): those of the parsed files by
        their declarations; of the others, the names their code declares
        outside every function with a map type written out or a named map
        type of the package (map_type_names), found by a scan, with None for
        the declaration and the file (parsed when a rule looks the variable
        up). A check of the file that writes one need not have parsed the
        file that declares it."""
        if "map_variables" not in self.memo:
            named = tuple(sorted(n.encode() for n in self.map_type_names()))
            found: set[bytes] = set()
            unread = []
            for p in [p for p in self.pending if not p[0].endswith("_test.go")]:
                names = prefilter.package_variable_names(p[2])
                if names is None:
                    unread.append(p)
                    continue
                found |= names
                if named and mentions_any(named, p[2]):
                    found |= prefilter.package_variable_names(p[2], named)
            # (a file whose literals do not lex: parsed, its declarations read)
            for p in unread:
                self._load(p)
            scanned = {n.decode("utf-8", "surrogateescape") for n in found}
            out: list = [(name, decl, f) for name, (decl, f) in list(self.vars.items())
                         if not f.is_test and decl.type is not None and
                         self.is_map_type(decl.type)]
            self.memo["map_variables"] = out + [(name, None, None) for name in sorted(scanned)]
        return self.memo["map_variables"]

    def is_assigned(self, name: str) -> bool:
        """Does any file of the package assign `name` (`name =`, `name, x =`,
        `&name`)? Such a package-level variable may not stay nil."""
        self._ensure(name)
        return name in self.assigned_names

    def imports_blank(self, path: str) -> bool:
        """Does a non-test file of the package import `path` as `_`?"""
        self.load_mentioning(f'"{path}"'.encode())
        return path in self.blank_imports

    # -- declarations ---------------------------------------------------------
    def _collect(self, f: SourceFile) -> None:
        # (a FuncInfo refers to its file: kept in the file's memo, it would
        # make a cycle that keeps every parsed tree alive until a collection)
        for entry in f.memoized("declarations", lambda: _declarations(f)):
            kind = entry[0]
            if kind == "func":
                info = FuncInfo(entry[1], None, entry[2], f)
                self.funcs.setdefault(info.name, []).append(info)
            elif kind == "method":
                info = FuncInfo(entry[1], entry[2], entry[3], f)
                recv = info.recv
                if recv is not None:
                    # one per build (fd_unix.go, fd_windows.go): the
                    # first by path, whatever order files load in
                    old = self.methods.get((recv, info.name))
                    if old is None or info.file.path < old.file.path:
                        self.methods[(recv, info.name)] = info
                    self.method_decls.setdefault((recv, info.name), []).append(info)
                self.methods_by_name.setdefault(info.name, []).append(info)
            elif kind == "type":
                self.types[entry[1]] = entry[2]
            else:
                self.vars.setdefault(entry[1], (entry[2], f))

    # -- recover ----------------------------------------------------------------
    def calls_recover(self, func: Node, file: SourceFile) -> bool:
        """Does this function (of `file`) call recover() directly in its own
        body (not in a nested literal)?"""
        key = (func.id, func.start_byte)
        if key not in self._recovers:
            self._recovers[key] = function_body(func) is not None and \
                bool(file.directly_in(func, _RECOVER_Q, "c"))
        return self._recovers[key]

    def recovering_names(self) -> list[str]:
        """The names of the package's functions and methods that call
        recover() directly and that a deferred function literal names: such
        a literal may call one, whose recover then returns nil (GP008's
        package tokens). The literals of the checked files only, when the
        check reports on some files (`focus`): the rule runs on no other.
        A file not parsed yet is parsed for them only when it says `recover`
        and may declare one of the names."""
        if "recovering_names" not in self.memo:
            focus = self.focus
            datas = [f.data for f in self.files if focus is None or f.abspath in focus]
            datas += [p[2] for p in self.pending if focus is None or p[1] in focus]
            deferred = frozenset().union(*(deferred_literal_words(data) for data in datas
                                           if b"defer" in data))
            candidates: set[int] = set()
            for word in deferred:
                candidates |= self._declaring(b"func", word)
            for p in [p for p in self.pending if id(p) in candidates]:
                if has("word", b"recover", p[2]):
                    self._load(p)
            names = []
            for word in sorted(deferred):
                name = word.decode("utf-8", "surrogateescape")
                infos = self.funcs.get(name, []) + self.methods_by_name.get(name, [])
                if any(self.calls_recover(i.node, i.file) for i in infos):
                    names.append(name)
            self.memo["recovering_names"] = names
        return self.memo["recovering_names"]

    def callee_decls(self, file: SourceFile, call: Node) -> list[FuncInfo] | None:
        """Same-package declarations a call may run: [f] for `f()`, the method for
        `x.m()` when x's type is a type of this package. None when unknown."""
        if call.type == "type_conversion_expression":
            # `drain[Job](jobs)` reads as a conversion to a generic type; when
            # the "type" is a function of the package, it is a call
            generic = call.child_by_field_name("type")
            base = generic.child_by_field_name("type") if generic is not None and \
                generic.type == "generic_type" else None
            if base is None or self.type_node(base.text.decode()) is not None:
                return None
            return self.function_all(base.text.decode(), file) or None
        fn = unparen(call.child_by_field_name("function"))
        if fn is None:
            return None
        if fn.type == "index_expression":      # Generic[int](): an instantiation
            base = unparen(fn.child_by_field_name("operand"))
            if base is not None and base.type == "identifier" and file.lookup(base) is None \
                    and self.var(base.text.decode()) is None:
                fn = base
        if fn.type == "identifier":
            if file.lookup(fn) is not None:
                return None  # a local function value
            return self.function_all(fn.text.decode(), file) or None
        if fn.type == "selector_expression":
            if file.resolve_selector(fn) is not None:
                return None  # another package
            operand = fn.child_by_field_name("operand")
            name = fn.child_by_field_name("field").text.decode()
            recv = self.method_expression_type(file, operand)
            t = ("named", recv) if recv is not None else self.expr_type(file, operand)
            if t is not None and t[0] == "named":
                return self.method_all(t[1], name, file) or None
        return None

    def method_expression_type(self, file: SourceFile, operand: Node | None) -> str | None:
        """`T` in `T.m(t)` or `(*T).m(p)`: the operand names a type of the
        package, not a value."""
        node = unparen(operand)
        if node is not None and node.type == "unary_expression" and \
                node.child_by_field_name("operator") is not None and \
                node.child_by_field_name("operator").type == "*":
            node = unparen(node.child_by_field_name("operand"))
        if node is None or node.type not in ("identifier", "type_identifier"):
            return None
        name = node.text.decode()
        if (node.type == "identifier" and file.lookup(node) is not None) or self.var(name):
            return None
        return name if self.type_node(name) is not None else None

    def recover_helper_call(self, file: SourceFile, call: Node, lenient: bool = True) -> bool:
        """Is `call` a call of a same-package function or method whose body calls
        recover() directly, or of a configured recover helper?"""
        fn = unparen(call.child_by_field_name("function"))
        if fn is None:      # `helper[T](x)`: a generic function of the package
            decls = self.callee_decls(file, call)
            return bool(decls) and any(self.calls_recover(d.node, d.file) for d in decls)
        resolved = file.resolve_selector(fn)
        if resolved is not None:
            return f"{resolved[0]}.{resolved[1]}" in self.recover_helpers
        decls = self.callee_decls(file, call)
        if decls is None and lenient and fn.type == "selector_expression":
            # method on a value whose type we cannot see: any same-named
            # method of the package that recovers is good enough here
            decls = self.methods_named(fn.child_by_field_name("field").text.decode())
        return bool(decls) and any(self.calls_recover(d.node, d.file) for d in decls)

    # -- types ------------------------------------------------------------------
    def classify_type(self, node: Node | None, depth: int = 0):
        while node is not None and node.type == "parenthesized_type":
            node = named(node)[0] if named(node) else None
        if node is None or depth > 8:
            return None
        t = node.type
        if t == "map_type":
            return MAP
        if t == "type_identifier":
            name = node.text.decode()
            under = self.type_node(name)
            if under is None:
                return None
            if under.type in ("map_type", "type_identifier", "parenthesized_type"):
                inner = self.classify_type(under, depth + 1)
                if inner == MAP:
                    return MAP
            return ("named", name)
        if t == "pointer_type":
            inner = self.classify_type(named(node)[0] if named(node) else None,
                                       depth + 1)
            return inner if inner is not None and inner[0] == "named" else None
        if t == "generic_type":            # Index[string], of `type Index[K] map[K]...`
            base = node.child_by_field_name("type")
            if base is not None and base.type == "type_identifier" and \
                    self.classify_type(base, depth + 1) == MAP:
                return MAP
        return None

    def value_type(self, value: Node | None):
        value = unparen(value)
        if value is None:
            return None
        t = value.type
        if t == "composite_literal":
            return self.classify_type(value.child_by_field_name("type"))
        if t == "unary_expression" and value.child_count and value.children[0].type == "&":
            inner = unparen(value.child_by_field_name("operand"))
            if inner is not None and inner.type == "composite_literal":
                kind = self.classify_type(inner.child_by_field_name("type"))
                return kind if kind is not None and kind[0] == "named" else None
            return None
        if t == "call_expression":
            fn = value.child_by_field_name("function")
            args = value.child_by_field_name("arguments")
            if fn is not None and fn.type == "identifier" and args is not None and named(args):
                first = named(args)[0]
                if fn.text == b"make":
                    return self.classify_type(first) if first.type != "identifier" else (
                        self.classify_type(first))
                if fn.text == b"new":
                    kind = self.classify_type(first)
                    return kind if kind is not None and kind[0] == "named" else None
            # `newServer()`, `NewT(cfg)`: the first declared result, a type of
            # the package (a local function value of that name is not told apart)
            info = self.function(fn.text.decode()) if fn is not None and \
                fn.type == "identifier" and fn.text.decode() not in golang.PREDECLARED else None
            result = info.node.child_by_field_name("result") if info is not None else None
            if result is not None and result.type == "parameter_list":
                result = named(result)[0].child_by_field_name("type") if named(result) else None
            kind = self.classify_type(result) if result is not None else None
            return kind if kind is not None and kind[0] == "named" else None
        return None

    def decl_type(self, decl: Decl):
        if decl.kind in ("range", "alias", "const"):
            return None
        if decl.type is not None:
            return self.classify_type(decl.type)
        return self.value_type(declared_value(decl))

    def struct_field_type(self, type_name: str, field_name: str):
        return self.classify_type(self.struct_field_type_node(type_name, field_name))

    def struct_field_type_node(self, type_name: str, field_name: str) -> Node | None:
        node = self.type_node(type_name)
        if node is None or node.type != "struct_type":
            return None
        # each struct's fields once: (its node, name -> the first field's type)
        known = self.memo.setdefault("struct_fields", {})
        hit = known.get(type_name)
        if hit is None or hit[0] != node:
            fields: dict[str, Node] = {}
            for lst in named(node):
                if lst.type != "field_declaration_list":
                    continue
                for fd in named(lst):
                    if fd.type != "field_declaration":
                        continue
                    for i in range(fd.child_count):
                        if fd.field_name_for_child(i) == "name":
                            fields.setdefault(fd.children[i].text.decode(),
                                              fd.child_by_field_name("type"))
            hit = known[type_name] = (node, fields)
        return hit[1].get(field_name)

    def promoted_foreign(self, file: SourceFile, operand: Node | None,
                         method: str) -> tuple[str, str] | None:
        """For `x.method(...)` where x's declared type is a struct type of the
        package that declares no such method: the (import path, type) of the
        embedded `*pkg.T` of another package it is promoted from, when every
        embedded field is such a pointer (`struct{ *net.TCPListener }`:
        `l.AcceptTCP()` is a call into net). None otherwise (an embedded
        `pkg.T` may be an interface: code the caller may supply)."""
        base = self.expr_type(file, operand)
        if base is None or base[0] != "named" or self.method(base[1], method) is not None:
            return None
        node = self.type_node(base[1])
        if node is None or node.type != "struct_type":
            return None
        found = None
        for lst in named(node):
            for fd in (named(lst) if lst.type == "field_declaration_list" else ()):
                if fd.type != "field_declaration" or fd.child_by_field_name("name") is not None:
                    continue                                  # a named field
                pointer = any(c.type == "*" for c in fd.children)
                written = written_import_type(None, fd.child_by_field_name("type"), self)
                if not pointer or written is None:
                    return None
                found = found or written
        return found

    def declared_type_node(self, file: SourceFile, expr: Node | None) -> Node | None:
        """The type written for a variable or a field chain (`s.ws`), if any."""
        expr = unparen(expr)
        if expr is None:
            return None
        if expr.type == "identifier":
            decl = file.lookup(expr)
            if decl is None:
                pkg_var = self.var(expr.text.decode())
                decl = pkg_var[0] if pkg_var else None
            return decl.type if decl is not None else None
        if expr.type == "selector_expression" and file.resolve_selector(expr) is None:
            base = self.expr_type(file, expr.child_by_field_name("operand"))
            if base is not None and base[0] == "named":
                return self.struct_field_type_node(
                    base[1], expr.child_by_field_name("field").text.decode())
        return None

    def expr_type(self, file: SourceFile, expr: Node | None):
        """The type of an identifier or selector chain, when the package's own
        source says it; None otherwise."""
        expr = unparen(expr)
        if expr is None:
            return None
        if expr.type == "identifier":
            decl = file.lookup(expr)
            if decl is not None:
                return self.decl_type(decl)
            pkg_var = self.var(expr.text.decode())
            return self.decl_type(pkg_var[0]) if pkg_var else None
        if expr.type == "selector_expression":
            if file.resolve_selector(expr) is not None:
                return None
            base = self.expr_type(file, expr.child_by_field_name("operand"))
            if base is None or base[0] != "named":
                return None
            return self.struct_field_type(base[1], expr.child_by_field_name("field").text.decode())
        if expr.type == "unary_expression":        # &t, *p: the same named type
            op = expr.child_by_field_name("operator")
            if op is not None and op.type in ("&", "*"):
                return self.expr_type(file, expr.child_by_field_name("operand"))
        if expr.type == "index_expression":        # ws[0] of a []*W, [3]W or map[K]*W
            container = self.declared_type_node(file, expr.child_by_field_name("operand"))
            while container is not None and container.type == "parenthesized_type":
                container = named(container)[0] if named(container) else None
            if container is not None and container.type in ("slice_type", "array_type"):
                return self.classify_type(container.child_by_field_name("element"))
            if container is not None and container.type == "map_type":
                return self.classify_type(container.child_by_field_name("value"))
        return None

    def field_key(self, file: SourceFile, target: Node | None) -> tuple[str, str] | None:
        """(type, field) for `x.field` where `x` has a declared type of the
        package (not a selector of an imported package); None otherwise."""
        target = unparen(target)
        if target is None or target.type != "selector_expression" or \
                file.resolve_selector(target) is not None:
            return None
        owner = self.expr_type(file, target.child_by_field_name("operand"))
        if owner is None or owner[0] != "named":
            return None
        return owner[1], target.child_by_field_name("field").text.decode()

    def root_decl(self, file: SourceFile, expr: Node) -> tuple[str, Decl | None, Node] | None:
        """For an identifier or selector chain: (where its root is declared, the
        Decl, the root identifier). Where is 'local', 'package' or None-unknown."""
        node = unparen(expr)
        while node is not None and node.type == "selector_expression":
            node = unparen(node.child_by_field_name("operand"))
        if node is None or node.type != "identifier":
            return None
        decl = file.lookup(node)
        if decl is not None:
            return ("local", decl, node)
        pkg_var = self.var(node.text.decode())
        if pkg_var is not None:
            return ("package", pkg_var[0], node)
        return None

    # -- signals --------------------------------------------------------------
    @cached_property
    def registrations(self) -> list[Registration]:
        self.load_mentioning(b'"os/signal"')
        out = []
        for f in self.files:
            # a registration calls os/signal through the file's own import of it
            if f.unqueryable or not has("literal", b"os/signal", f.data):
                continue
            for call in f.found(_SIGNAL_Q, "c")[0]:
                try:
                    reg = signal_registration(f, call, self)
                except TooDeep:
                    continue   # the file gets its note (SourceFile.too_deep)
                if reg is not None:
                    out.append(reg)
        out.sort(key=lambda r: (r.file.path, r.call.start_byte))
        return out

    @property
    def blank_imports(self) -> set[str]:
        """Import paths some non-test file of the package imports as `_`."""
        return {p for f in self.files if not f.is_test for p in f.blank_imports}

    @property
    def assigned_names(self) -> set[str]:
        """Names that appear as an assignment target (`x =`, `x, y =`, `x op=`) or
        under `&x` in the parsed files of the package."""
        names: set[str] = set()
        for f in self.files:
            key = ("assigned", f.abspath)
            if key not in self.memo:
                caps = captures(_ASSIGNED_Q, f.root) if not f.unqueryable else {}
                self.memo[key] = {n.text.decode() for n in caps.get("a", []) + caps.get("r", [])}
            names |= self.memo[key]
        return names

    def fd2_redirect(self) -> tuple[SourceFile, Node] | None:
        """A call in a non-test file of the package that redirects file
        descriptor 2 itself (golang.FD2_REDIRECTS: Dup2/Dup3 onto 2 or
        `syscall.Stderr` or `int(os.Stderr.Fd())`, SetStdHandle, SetCrashOutput)."""
        if "fd2" not in self.memo:
            names = sorted({name for _, name in golang.FD2_REDIRECTS})
            for name in names:
                self.load_mentioning(name.encode())
            q = f'((call_expression function: (selector_expression field: (field_identifier) @f)) @c ' \
                f'(#any-of? @f "NewProc" {" ".join(chr(34) + n + chr(34) for n in names)}))'
            self.memo["fd2"] = next(((f, c) for f in self.files
                                     if not f.is_test and not f.unqueryable
                                     and any(n.encode() in f.data for n in names)
                                     for c in captures(q, f.root).get("c", [])
                                     if _redirects_fd2(f, c)), None)
        return self.memo["fd2"]

    # -- concurrent roots (rules.md, "The program model") ----------------------
    def root_reaching(self, file: SourceFile, node: Node) -> "Root | None":
        """A concurrent root of the package (not in a test file) whose code
        reaches `node`: `node` is inside the root's function, or inside a
        function the root calls through same-package call edges, at most
        ROOT_DEPTH calls deep. None when no root is known to reach it."""
        reach = self._root_reach()
        f = file.enclosing_function(node)
        while f is not None:
            hit = reach.get((file.abspath, f.start_byte))
            if hit is not None:
                return hit
            f = file.enclosing_function(f)
        return None

    def concurrent_roots(self) -> list["Root"]:
        """`go` statement bodies, functions passed to goroutine launchers and
        HTTP handler registrations, ServeHTTP methods, and the exported
        methods of a gRPC service implementation (a value of a package type
        passed to a generated `Register<Name>Server(s, impl)`), of the
        package's files that may start roots (starts_no_root), in file order."""
        if "roots" in self.memo:
            return self.memo["roots"]
        from .goroutines import launched_by_helper, launching_helpers
        words = self.root_words()
        encoded = tuple(w.encode() for w in words)
        for p in [p for p in self.pending if not self.starts_no_root(p[1], p[2])
                  and mentions_any(encoded, p[2])]:
            self._load(p)
        helpers = launching_helpers(self)
        self.load_mentioning_any([n.encode() for n in helpers])   # their callers, in any file
        names = sorted(self.launcher_names() | {"HandleFunc", "HandlerFunc"} | set(helpers))
        query = _ROOT_Q.replace("@NAMES", " ".join(f'"{n}"' for n in names))
        roots: list[Root] = []
        for f in sorted(self.files, key=lambda f: f.path):
            if self.starts_no_root(f.abspath, f.data) or f.unqueryable or \
                    not mentions_any(encoded, f.data):
                continue      # (a file loaded for other facts: the query cannot match)
            for node in f.found(query)[0]:
                try:
                    root = self._root_at(f, node)
                    if root is None and node.type == "call_expression":
                        # a launching helper of the package: a root for each call
                        target = launched_by_helper(self, f, node)
                        name = unparen(node.child_by_field_name("function"))
                        if target:
                            root = Root(target[0], target[2], node, f,
                                        f"the function passed to {name.text.decode()}")
                except TooDeep:
                    continue
                if root is not None:
                    roots.append(root)
        for f in sorted(self.files, key=lambda f: f.path):
            if not self.starts_no_root(f.abspath, f.data) and not f.unqueryable and \
                    _GRPC_REGISTER.search(f.data):
                for call in f.found(_GRPC_Q)[0]:
                    roots += self._grpc_roots(f, call)
        for info in self.methods_named("ServeHTTP"):
            if not self.starts_no_root(info.file.abspath, info.file.data):
                roots.append(Root(info.node, info.file, info.node.child_by_field_name("name"),
                                  info.file, f"the HTTP handler {info.recv}.ServeHTTP"))
        self.memo["roots"] = roots
        return roots

    def declares_maps(self) -> bool:
        """Does a non-test file of the package spell the keyword `map`?"""
        if "declares_maps" not in self.memo:
            self.memo["declares_maps"] = any(
                _MAP_TYPE.search(data) for path, data in
                [(f.abspath, f.data) for f in self.files] + [(p[1], p[2]) for p in self.pending]
                if not path.endswith("_test.go"))
        return self.memo["declares_maps"]

    def starts_no_root(self, path: str, data: bytes) -> bool:
        """Files the model takes no concurrent root from: test files (tests
        are not a program) and generated files, unless the configuration
        includes them (`generated = "include"`)."""
        return path.endswith("_test.go") or (
            not (self.settings is not None and self.settings.include_generated)
            and is_generated(data))

    def load_goroutine_files(self) -> None:
        """Parse the pending files that may start a goroutine."""
        for p in [p for p in self.pending if self.may_start_goroutines(p[1], p[2])]:
            self._load(p)

    def may_start_goroutines(self, path: str, data: bytes) -> bool:
        """May the file hold a `go` statement that starts a root (tests and
        generated files start none)?"""
        return not self.starts_no_root(path, data) and _GO_WORD.search(data) is not None and \
            has("word", b"go", data)

    def root_words(self) -> list[str]:
        """Words without which a file starts no root: `go`, the launchers'
        and handler registrations' names, `ServeHTTP`, the launching helpers
        of the package, and each generated `Register<Name>Server` it calls."""
        if "root_words" in self.memo:
            return self.memo["root_words"]
        from .goroutines import launching_helper_names
        self.memo["root_words"] = root_words_of(
            [f.data for f in self.files] + [p[2] for p in self.pending],
            self.launcher_names(), launching_helper_names(self))
        return self.memo["root_words"]

    def _root_at(self, f: SourceFile, node: Node) -> "Root | None":
        if node.type == "go_statement":
            call = unparen(named(node)[0]) if named(node) else None
            fn = unparen(call.child_by_field_name("function")) if call is not None and \
                call.type == "call_expression" else None
            target = (fn, f) if fn is not None and fn.type == "func_literal" else None
            if target is None and call is not None:
                decls = self.callee_decls(f, call)
                target = (decls[0].node, decls[0].file) if decls and len(decls) == 1 else None
            return Root(target[0], target[1], node, f, "the goroutine started") if target \
                else None
        fn = unparen(node.child_by_field_name("function"))
        args = named(node.child_by_field_name("arguments")) \
            if node.child_by_field_name("arguments") is not None else []
        index, what = self.launcher(f, node)
        if index is None:
            index, what = self.launcher(f, node, handlers=True)
        if index is None or index >= len(args):
            return None
        target = self.function_value(f, args[index])
        if target is None:
            return None
        label = "the HTTP handler registered" if what == "the HTTP handler" else \
            f"the function passed to {what}"
        return Root(target[0], target[1], node, f, label)

    def _grpc_roots(self, f: SourceFile, call: Node) -> list["Root"]:
        """`pb.RegisterGreeterServer(s, &server{})`: each exported method of
        the package type `server` serves requests, each on its own goroutine."""
        args = named(call.child_by_field_name("arguments"))
        t = (self.expr_type(f, args[1]) or self.value_type(args[1])) if len(args) == 2 else None
        if t is None or t[0] != "named":
            return []
        self.load_mentioning(t[1].encode())      # its methods, in any file
        fn = unparen(call.child_by_field_name("function"))
        where = fn.child_by_field_name("field") if fn.type == "selector_expression" else fn
        return [Root(info.node, info.file, call, f, f"the gRPC method {t[1]}.{info.name}",
                     registered=where.text.decode())
                for info in sorted((i for (recv, _), i in list(self.methods.items())
                                    if recv == t[1] and _exported(i.name) and not i.file.is_test),
                                   key=lambda i: (i.file.path, i.node.start_byte))]

    def launcher(self, f: SourceFile, call: Node, handlers: bool = False
                 ) -> tuple[int | None, str]:
        """For a call of a goroutine launcher (errgroup `g.Go`, `time.AfterFunc`,
        worker pools: golang.py; the configured `goroutine-launchers`, which
        run their first argument that is a function), or with `handlers` of
        an HTTP handler registration: (index of the argument it runs, what
        it is called); (None, "") for any other call."""
        fn = unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            return None, ""
        resolved = f.resolve_selector(fn)
        if resolved is not None:
            table = golang.HANDLER_FUNCS if handlers else golang.GOROUTINE_LAUNCHER_FUNCS
            index = table.get(resolved)
            if index is None and not handlers and resolved in self.configured_launchers:
                index = self._first_function_argument(f, call)
            what = f"{resolved[0].rsplit('/', 1)[-1]}.{resolved[1]}"
        else:
            typ = declared_import_type(f, fn.child_by_field_name("operand"), self)
            method = fn.child_by_field_name("field").text.decode()
            table = golang.HANDLER_METHODS if handlers else golang.GOROUTINE_LAUNCHER_METHODS
            index = table.get((*typ, method)) if typ else None
            if index is None and not handlers and typ and \
                    (*typ, method) in self.configured_launchers:
                index = self._first_function_argument(f, call)
            what = f"{typ[0].rsplit('/', 1)[-1]}.{typ[1]}.{method}" if typ else ""
        if index is None:
            return None, ""
        return index, "the HTTP handler" if handlers else what

    def _first_function_argument(self, f: SourceFile, call: Node) -> int | None:
        args = call.child_by_field_name("arguments")
        return next((i for i, a in enumerate(named(args) if args is not None else [])
                     if self.function_value(f, a) is not None), None)

    def launcher_names(self) -> set[str]:
        """The names a launcher call is written with (`Go`, `AfterFunc`, the
        configured ones): words a file that launches must contain."""
        return launcher_names_of(self.configured_launchers)

    def function_value(self, f: SourceFile, arg: Node) -> tuple[Node, SourceFile] | None:
        """The function a value argument names: a literal, a package function,
        or a method value `s.m` of a package type."""
        arg = unparen(arg)
        if arg is None:
            return None
        if arg.type == "func_literal":
            return arg, f
        if arg.type == "identifier" and f.lookup(arg) is None:
            # as for a call: the declarations a build of this file can pick
            infos = self.function_all(arg.text.decode(), f)
            return (infos[0].node, infos[0].file) if len(infos) == 1 else None
        if arg.type == "selector_expression" and f.resolve_selector(arg) is None:
            t = self.expr_type(f, arg.child_by_field_name("operand"))
            info = self.method(t[1], arg.child_by_field_name("field").text.decode()) \
                if t is not None and t[0] == "named" else None
            return (info.node, info.file) if info else None
        return None

    def _root_reach(self) -> dict:
        """(file path, function start) -> the first root reaching it (breadth first)."""
        if "root_reach" in self.memo:
            return self.memo["root_reach"]
        reach: dict = {}
        via: dict = {}        # function -> (caller function, the call, its file)
        queue = []
        for root in self.concurrent_roots():
            key = (root.file.abspath, root.func.start_byte)
            if key not in reach:
                reach[key] = root
                queue.append((root.func, root.file, root, 0))
        while queue:
            func, f, root, depth = queue.pop(0)
            if depth >= ROOT_DEPTH:
                continue
            for call in f.within(func, "(call_expression) @node"):
                try:
                    decls = self.callee_decls(f, call) or []
                except TooDeep:
                    continue
                for d in decls:
                    key = (d.file.abspath, d.node.start_byte)
                    if key not in reach and d.body is not None:
                        reach[key] = root
                        via[key] = ((f.abspath, func.start_byte), call, f)
                        queue.append((d.node, d.file, root, depth + 1))
        self.memo["root_reach"] = reach
        self.memo["root_via"] = via
        return reach

    def root_path(self, file: SourceFile, node: Node) -> list[tuple[SourceFile, Node, str]]:
        """The calls from the root that reaches `node` (root_reaching) down to
        the function holding it, first call first: a code flow's steps."""
        reach = self._root_reach()
        via = self.memo.get("root_via", {})
        f = file.enclosing_function(node)
        while f is not None and (file.abspath, f.start_byte) not in reach:
            f = file.enclosing_function(f)
        steps = []
        key = (file.abspath, f.start_byte) if f is not None else None
        seen = set()
        while key in via and key not in seen:
            seen.add(key)
            caller, call, call_file = via[key]
            callee = call.child_by_field_name("function")
            steps.append((call_file, call, f"calls {callee.text.decode() if callee else ''}"))
            key = caller
        return steps[::-1]

    # -- exit wrappers (rules.md, "Exit wrapper") --------------------------------
    def in_exit_wrapper(self, file: SourceFile, node: Node) -> bool:
        """Is `node` inside an exit wrapper, whose documented job is exiting?
        A declared function or method named like one (golang.is_exit_wrapper_name);
        a function (declared, or a literal) passed to `reexec.Register` or
        given as a command's body (`Run:` of a cobra command, `Action:` of a
        urfave/cli command: golang.CLI_ACTION_FIELDS); an unexported
        function only ever called from such wrappers (or from `init`), which
        an importer can reach only through them. Literals nested in a
        wrapper count."""
        n = file.enclosing_function(node)
        while n is not None:
            if n.type == "func_literal":
                if self._wrapper_literal(file, n):
                    return True
            else:
                name = n.child_by_field_name("name")
                name = name.text.decode() if name is not None else ""
                key = (file.abspath, n.start_byte)
                if golang.is_exit_wrapper_name(name) or key in self._registered_wrappers() \
                        or golang.documents_exit(doc_comment(file, n)):
                    return True
                return not _exported(name) and self._wrapper_body(file, n)
            n = file.enclosing_function(n)
        return False

    def only_programs_run(self, file: SourceFile, node: Node) -> bool:
        """In a library other modules cannot import (an `internal/` package
        some library of the module imports): does only the module's program
        code reach `node`? Every function that may lead to it — its callers
        by name within the package, up to its exported names — is named by
        none of the importing libraries' files. False whenever a function on
        the way is used as a value, named outside any function, never
        called by name (an interface may call a method), or is `init`."""
        if self.library_importers is None:
            return False
        func = file.declared_function(node)
        if func is None:
            return False
        memo = self.memo.setdefault("only_programs_run", {})
        key = (file.abspath, func.start_byte)
        if key not in memo:
            memo[key] = self._only_programs_run(file, func)
        return memo[key]

    def _only_programs_run(self, file: SourceFile, func: Node) -> bool:
        exported: set[str] = set()
        seen: set[tuple[str, int]] = {(file.abspath, func.start_byte)}
        todo = [(file, func)]
        while todo:
            f, decl = todo.pop()
            name_node = decl.child_by_field_name("name")
            name = name_node.text.decode() if name_node is not None else ""
            if not name or name == "init":
                return False
            if _exported(name):
                exported.add(name)
            is_func = decl.type == "function_declaration"
            calls = self.calls_by_name(decl)
            if calls is None:
                return False          # a value: it may be called from anywhere
            if not calls and not (is_func and _exported(name)):
                return False          # never called by name: through an interface, a value
            if not is_func:
                # an interface may call it wherever a value of its type is:
                # the functions that make or convert one lead to it too
                tname = receiver_type_name(decl)
                if not tname:
                    return False
                if _exported(tname):
                    exported.add(tname)
                for rf, ref in self._references(tname, "type_identifier"):
                    maker = rf.declared_function(ref)
                    if maker is None:
                        return False  # a package-level value or a field of that type
                    receiver = maker.child_by_field_name("receiver")
                    if receiver is not None and \
                            receiver.start_byte <= ref.start_byte < receiver.end_byte:
                        continue      # another method of the type: it has a value already
                    if (rf.abspath, maker.start_byte) not in seen:
                        seen.add((rf.abspath, maker.start_byte))
                        todo.append((rf, maker))
            for rf, call in calls:
                caller = rf.declared_function(call)
                if caller is None:
                    return False
                if (rf.abspath, caller.start_byte) not in seen:
                    seen.add((rf.abspath, caller.start_byte))
                    todo.append((rf, caller))
        read = self.memo.setdefault("library_importer_files", {})   # path -> (data, parsed)
        for path in self.library_importers:
            if path not in read:
                try:
                    read[path] = [read_go_bytes(path), None]
                except UnreadableFile:
                    read[path] = None
            if read[path] is None:
                return False
            data = read[path][0]
            named_here = [n for n in exported if has("word", n.encode(), data)]
            if named_here:
                if read[path][1] is None:
                    read[path][1] = parse_file(path, data, path)
                if _named_outside_wrappers(read[path][1], named_here):
                    return False
        return True

    def _wrapper_literal(self, file: SourceFile, lit: Node) -> bool:
        """A literal passed to `reexec.Register`, or given as a command's body."""
        up = file.parent(lit)
        if up is not None and up.type == "argument_list":
            call = file.parent(up)
            return call is not None and _is_reexec_register(file, call)
        return self._cli_action(file, lit)

    def _cli_action(self, file: SourceFile, value: Node) -> bool:
        """Is `value` given to a function field that runs a command's body:
        `cobra.Command{Run: value}`, an element `{Action: value}` of a
        `[]cli.Command{...}`, `cmd.RunE = value` on a declared command?"""
        up = file.parent(value)
        if up is not None and up.type == "literal_element":
            keyed = file.parent(up)
            if keyed is None or keyed.type != "keyed_element" or \
                    named(keyed)[-1].start_byte != up.start_byte:
                return False
            key = named(named(keyed)[0])[0] if named(named(keyed)[0]) else None
            typ = self._literal_import_type(file, file.parent(keyed))
            return key is not None and typ is not None and \
                key.text.decode() in golang.CLI_ACTION_FIELDS.get(typ, ())
        if up is not None and up.type == "expression_list":
            stmt = file.parent(up)
            if stmt is None or stmt.type != "assignment_statement" or \
                    stmt.child_by_field_name("right").start_byte != up.start_byte:
                return False
            values, targets = named(up), named(stmt.child_by_field_name("left"))
            i = next((i for i, v in enumerate(values) if v.start_byte == value.start_byte), None)
            target = unparen(targets[i]) if i is not None and i < len(targets) else None
            if target is None or target.type != "selector_expression":
                return False
            typ = declared_import_type(file, target.child_by_field_name("operand"), self)
            return typ is not None and target.child_by_field_name("field").text.decode() \
                in golang.CLI_ACTION_FIELDS.get(typ, ())
        return False

    def _literal_import_type(self, file: SourceFile, body: Node | None) -> tuple[str, str] | None:
        """The type of the composite literal whose body is `body`: written
        (`cli.Command{...}`), or elided inside `[]cli.Command{{...}}`."""
        for _ in range(8):
            if body is None or body.type != "literal_value":
                return None
            lit = file.parent(body)
            if lit is not None and lit.type == "composite_literal":
                typ = lit.child_by_field_name("type")
                while typ is not None and typ.type in ("slice_type", "array_type",
                                                       "implicit_length_array_type"):
                    typ = typ.child_by_field_name("element")
                if typ is not None and typ.type == "map_type":
                    typ = typ.child_by_field_name("value")
                return written_import_type(file, typ, self)
            if lit is None or lit.type != "literal_element":
                return None
            outer = file.parent(lit)        # an element, or the value of a keyed element
            if outer is not None and outer.type == "keyed_element":
                return None                 # {Key: {...}}: a field's type, not known here
            body = outer
        return None

    def _wrapper_body(self, file: SourceFile, decl: Node) -> bool:
        """Is the unexported function or method `decl` only ever called from
        exit wrappers or `init` (or from other such functions)? A name used
        as a value, or called from anywhere else, is not. Asked from the
        exit upwards; a cycle counts as "no" (more findings, never fewer)."""
        key = (file.abspath, decl.start_byte)
        memo = self.memo.setdefault("wrapper_body", {})
        if key in memo:
            return memo[key]
        memo[key] = False                       # while asking: a cycle says no
        calls = self.direct_calls(decl)
        memo[key] = calls is not None and all(self._called_from_wrapper(f, call)
                                              for f, call in calls)
        return memo[key]

    def direct_calls(self, decl: Node) -> list[tuple[SourceFile, Node]] | None:
        """Every call of the unexported function or method `decl` in the
        package's non-test files (by name: a same-named method of another
        type counts too); None when it is exported, `main` or `init`, never
        called, or used as a value somewhere (then its callers are unknown)."""
        name_node = decl.child_by_field_name("name")
        name = name_node.text.decode() if name_node is not None else ""
        is_func = decl.type == "function_declaration"
        if not name or _exported(name) or (is_func and name in ("main", "init")):
            return None
        return self.calls_by_name(decl) or None

    def calls_by_name(self, decl: Node) -> list[tuple[SourceFile, Node]] | None:
        """Every call of the function or method `decl` in the package's
        non-test files, by name (a same-named method of another type counts
        too); None when the name is used as a value somewhere (then it may
        be called from anywhere)."""
        name_node = decl.child_by_field_name("name")
        name = name_node.text.decode() if name_node is not None else ""
        is_func = decl.type == "function_declaration"
        calls = []
        for f, ref in self._references(name, "identifier" if is_func else "field_identifier"):
            callee = ref if is_func else f.parent(ref)
            call = f.parent(callee) if callee is not None else None
            if call is None or call.type != "call_expression" or \
                    call.child_by_field_name("function").start_byte != callee.start_byte:
                return None                               # a value: called from anywhere
            calls.append((f, call))
        return calls

    def _references(self, name: str, kind: str, load=None) -> list[tuple[SourceFile, Node]]:
        """Every `kind` node spelled `name` in the package's non-test files,
        declarations of that name left out (found from the bytes: no walk of
        the whole tree). `load(path, data)`: which pending files to parse
        (those the caller needs), instead of every one that mentions it."""
        word = name.encode()
        if load is None:
            self.load_mentioning(word)
        else:
            self.load_where(load)
        # (may_say: a scan of each file's bytes kept with them in the language
        # server, where every edit asked the package's files again)
        return [(f, node) for f in self.files
                if not f.is_test and not f.unqueryable and may_say(word, f.data)
                for node in f.references(name, kind)]

    def field_stores(self, name: str) -> list[tuple[SourceFile, Node, Node | None, Node | None]]:
        """Where the package's non-test files store a value in a field named
        `name`: (file, the keyed element or assignment, the value, the
        composite literal's type node or the `x.name` selector)."""
        memo = self.memo.setdefault("field_stores", {})
        if name in memo:
            return memo[name]
        # the files whose code may store it: `name:` or `.name` then `=`,
        # `op=` or a comma (not every file that mentions the name)
        word = re.escape(name.encode())
        store = re.compile(rb"(?<![\w\x80-\xff])" + word + rb"\s*:(?!=)|\.\s*" + word +
                           rb"(?![\w\x80-\xff])\s*(?:" + ASSIGN_OP + rb"|,)")

        def may_store(path: str, data: bytes) -> bool:
            if path.endswith("_test.go") or not has("word", name.encode(), data):
                return False
            code = code_of(data)
            return code is None or store.search(code) is not None
        out = []
        for f, ref in self._references(name, "identifier", may_store):      # T{name: v}
            el = f.parent(ref)
            kv = f.parent(el) if el is not None and el.type == "literal_element" else None
            if kv is None or kv.type != "keyed_element" or named(kv)[0].id != el.id:
                continue
            body = f.parent(kv)
            lit = f.parent(body) if body is not None else None
            typ = lit.child_by_field_name("type") if lit is not None and \
                lit.type == "composite_literal" else None
            value = named(named(kv)[-1])
            out.append((f, kv, value[0] if value else None, typ))
        for f, ref in self._references(name, "field_identifier", may_store):   # x.name = v
            sel = f.parent(ref)
            left = f.parent(sel) if sel is not None and sel.type == "selector_expression" else None
            stmt = f.parent(left) if left is not None and left.type == "expression_list" else None
            if stmt is None or stmt.type != "assignment_statement" or \
                    stmt.child_by_field_name("left").id != left.id:
                continue
            right = named(stmt.child_by_field_name("right"))
            at = [n.id for n in named(left)].index(sel.id)
            out.append((f, stmt, right[at] if at < len(right) else None, sel))
        memo[name] = out
        return out

    def handed_out(self, type_name: str) -> bool:
        """Can an importer hold a value of the package's type `type_name`
        (and so set its exported fields)? An exported type can; an
        unexported one when an exported function or method returns it, an
        exported (or embedded) struct field or an exported package variable
        has it in its type, or a type that is handed out is defined with it
        (an exported interface whose method returns it). Not known: handed
        out."""
        if type_name[:1].isupper():
            return True
        memo = self.memo.setdefault("handed_out", {})
        if type_name in memo:
            return memo[type_name]
        memo[type_name] = True                  # while judged
        out = False
        for f, ref in self._references(type_name, "type_identifier"):
            out = self._hands_out(f, ref, type_name)
            if out:
                break
        memo[type_name] = out
        return out

    def _hands_out(self, f: SourceFile, ref: Node, type_name: str) -> bool:
        n = f.parent(ref)
        while n is not None:
            t = n.type
            if t == "block":
                return False                    # in a function's body
            if t in ("function_declaration", "method_declaration"):
                # a parameter or receiver: no importer value; a result of an
                # exported function or method: handed out
                name = n.child_by_field_name("name")
                result = n.child_by_field_name("result")
                return result is not None and \
                    result.start_byte <= ref.start_byte < result.end_byte and \
                    name is not None and name.text[:1].isupper()
            if t == "field_declaration":
                names = [n.children[i] for i in range(n.child_count)
                         if n.field_name_for_child(i) == "name"]
                return not names or any(x.text[:1].isupper() for x in names)
            elif t in ("var_spec", "const_spec"):
                names = [n.children[i] for i in range(n.child_count)
                         if n.field_name_for_child(i) == "name"]
                return f.enclosing_function(n) is None and \
                    any(x.text[:1].isupper() for x in names)
            elif t in ("type_spec", "type_alias"):
                name = n.child_by_field_name("name")
                return name is None or (name.text.decode() != type_name and
                                        self.handed_out(name.text.decode()))
            n = f.parent(n)
        return True                             # somewhere else: not known

    def field_kept_inside(self, field: str) -> bool:
        """Is every struct type of the package that declares a field
        `field` one no importer can hold (not handed_out)? Then no importer
        can set the field, exported or not."""
        owners = [t for t in list(self.types) if self.struct_field_type_node(t, field) is not None]
        return bool(owners) and not any(self.handed_out(t) for t in owners)

    def unkeyed_literals_with_field(self, name: str) -> bool:
        """Does a non-test file build a struct type of the package that
        declares a field `name` with an unkeyed composite literal (`T{a, b}`:
        a store field_stores does not see)?"""
        memo = self.memo.setdefault("unkeyed_with_field", {})
        if name not in memo:
            memo[name] = False
            owners = [t for t in list(self.types)
                      if self.struct_field_type_node(t, name) is not None]
            for t in owners:
                for f, ref in self._references(t, "type_identifier"):
                    lit = f.parent(ref)
                    body = lit.child_by_field_name("body") if lit is not None and \
                        lit.type == "composite_literal" else None
                    if body is not None and any(el.type != "keyed_element" for el in named(body)
                                                if el.type != "comment"):
                        memo[name] = True
        return memo[name]

    def var_stores(self, name: str) -> list[tuple[SourceFile, Node | None]]:
        """The values the package's non-test files give the package-level
        variable `name`: its initializer, and `name = v` where `name` is not
        a local (file, value; None where not one value per name)."""
        memo = self.memo.setdefault("var_stores", {})
        if name in memo:
            return memo[name]
        out = []
        found = self.var(name)
        if found is not None:
            decl, f = found
            out.append((f, declared_value(decl)))
        for f, ref in self._references(name, "identifier"):
            left = f.parent(ref)
            stmt = f.parent(left) if left is not None and left.type == "expression_list" else None
            if stmt is None or stmt.type != "assignment_statement" or \
                    stmt.child_by_field_name("left").id != left.id or f.lookup(ref) is not None:
                continue
            right = named(stmt.child_by_field_name("right"))
            at = [n.id for n in named(left)].index(ref.id)
            out.append((f, right[at] if len(right) == len(named(left)) else None))
        memo[name] = out
        return out

    def field_accesses(self, name: str) -> list[tuple[SourceFile, Node]]:
        """Every `x.name` selector of the package's non-test files (the
        field's declaration and composite-literal keys left out)."""
        return [(f, n) for f, n in self._references(name, "field_identifier")
                if f.parent(n) is not None and f.parent(n).type == "selector_expression"]

    def _called_from_wrapper(self, f: SourceFile, call: Node) -> bool:
        """Is `call` made inside an exit wrapper?"""
        n = f.enclosing_function(call)
        while n is not None and n.type == "func_literal":
            if self._wrapper_literal(f, n):
                return True
            n = f.enclosing_function(n)
        if n is None:
            return False
        name_node = n.child_by_field_name("name")
        name = name_node.text.decode() if name_node is not None else ""
        if golang.is_exit_wrapper_name(name) or (n.type == "function_declaration" and
                                                 name == "init") or \
                (f.abspath, n.start_byte) in self._registered_wrappers() or \
                golang.documents_exit(doc_comment(f, n)):
            return True
        return not _exported(name) and self._wrapper_body(f, n)

    def _registered_wrappers(self) -> set[tuple[str, int]]:
        """(file, start) of the package functions and methods passed to
        `reexec.Register(name, f)` or named as a command's body (`Action:
        actionMemberList`, `Run: o.run`, `cmd.RunE = run`)."""
        if "registered_wrappers" not in self.memo:
            self.load_mentioning(b"reexec")
            values = [
                (f, named(args)[1])
                for f in self.files if b"reexec" in f.data and not f.unqueryable
                for call in f.found(_REGISTER_Q)[0] if _is_reexec_register(f, call)
                for args in [call.child_by_field_name("arguments")] if len(named(args)) == 2]
            # a command's body is named in a file that imports its framework
            paths = sorted({f'"{path}"'.encode() for path, _t in golang.CLI_ACTION_FIELDS})
            for path in paths:
                self.load_mentioning(path)
            values += [(f, v) for f in self.files if not f.is_test and not f.unqueryable
                       and any(path in f.data for path in paths)
                       for v in f.found(_ACTION_VALUE_Q)[0] if self._cli_action(f, v)]
            keys = set()
            for f, v in values:
                target = self.function_value(f, v)
                if target is not None and target[0].type != "func_literal":
                    keys.add((target[1].abspath, target[0].start_byte))
            self.memo["registered_wrappers"] = keys
        return self.memo["registered_wrappers"]


_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
# The word patterns below open with their literal and check the character
# before it with a lookbehind after it (not a leading `\b`): `re` then scans
# for the literal, some 20x faster on a large file.
#: an identifier's bytes: ASCII letters, digits, `_`, and any byte of a
#: UTF-8 sequence (Go identifiers may use Unicode letters)
_IDENT = rb"[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*"
_NAME = re.compile(_IDENT)
#: per keyword, per file content: the names it may declare with that keyword
_declared_cache: dict[bytes, dict[bytes, frozenset | None]] = {}
#: a function or method head in blanked code: `func` up to the next brace or
#: semicolon, and the names in it that a `(` or `[` follows
_FUNC_HEAD = re.compile(rb"func\b(?<![A-Za-z0-9_\x80-\xff]func)[^{};]*")
# (whole words only: from inside a word, or backing off one, a long name
# followed by no `(` was tried again at each of its bytes, quadratic in
# its length: 16 s for two 20,000-byte parameter names)
_CALLED_NAME = re.compile(rb"(?<![A-Za-z0-9_\x80-\xff])" + _IDENT +
                          rb"(?![A-Za-z0-9_\x80-\xff])(?=\s*[\[(])")
#: `type` or `var` in blanked code, then either the declared names (`type
#: T`, `type T[K any]`, `var a, b int`) or the `(` of a group; a comment
#: between the words was blanked to a space
_DECL_HEADS = {
    kw: re.compile(kw + rb"\b(?<![A-Za-z0-9_\x80-\xff]" + kw + rb")\s*(?:(\()|(" + _IDENT
                   + (rb"(?:\s*,\s*" + _IDENT + rb")*" if kw == b"var" else b"") + rb"))")
    for kw in (b"type", b"var")}
_PAREN = re.compile(rb"[()]")


def _declared_names(keyword: bytes, data: bytes) -> frozenset | None:
    """The names a file may declare with `keyword` (`func`, `type`, `var`),
    from its code with comments and literals blanked: more than it declares
    (a local declaration, every identifier of a group), never fewer; None
    when its literals do not lex cleanly (code_of)."""
    cache = _declared_cache.setdefault(keyword, {})
    try:
        return cache[data]
    except KeyError:
        pass
    code = code_of(data)
    if code is None:
        names = None
    elif keyword == b"func":
        names = frozenset(n for head in _FUNC_HEAD.findall(code) for n in _CALLED_NAME.findall(head))
    else:
        found: set[bytes] = set()
        for m in _DECL_HEADS[keyword].finditer(code):
            if m.group(2) is not None:
                found.update(_NAME.findall(m.group(2)))
                continue
            # a group: every identifier up to its closing parenthesis (the
            # code has no literal or comment left to hold an unmatched one)
            depth, end = 0, len(code)
            for paren in _PAREN.finditer(code, m.start(1)):
                depth += 1 if paren.group() == b"(" else -1
                if depth == 0:
                    end = paren.end()
                    break
            found.update(_NAME.findall(code, m.end(1), end))
        names = frozenset(found)
    if len(cache) >= WORDS_CACHED:
        cache.clear()
    cache[data] = names
    return names


#: a method's head up to its name, in blanked code: `func (`, the
#: receiver's name, `*`s, its type's name (group 1) and type parameters,
#: `)`, the method's name (group 2), then `(` or `[`
_METHOD_HEAD = re.compile(rb"func\s*\(\s*(?:" + _IDENT + rb"\s+)?(?:\*\s*)?(" + _IDENT +
                          rb")\s*(?:\[[^\]\[]*\]\s*)?\)\s*(" + _IDENT + rb")\s*[\[(]")
_METHOD_START = re.compile(rb"func\s*\(")
#: per file content: _method_receivers
_receivers_cache: dict[bytes, dict] = {}


def _method_receivers(data: bytes) -> dict[bytes, set] | None:
    """For each name a method head of the file may declare (_FUNC_HEAD's
    heads that begin `func (`), the type names of their receivers, None
    among them for a head this does not read (a parenthesised receiver
    type, a literal's type); None when its literals do not lex (anything
    may be declared). More than the file declares, never less."""
    if data in _receivers_cache:
        return _receivers_cache[data]
    code = code_of(data)
    found: dict[bytes, set] | None = None
    if code is not None:
        found = {}
        for head in _FUNC_HEAD.finditer(code):
            if not _METHOD_START.match(code, head.start()):
                continue
            m = _METHOD_HEAD.match(code, head.start())
            if m is not None:
                found.setdefault(m.group(2), set()).add(m.group(1))
            else:
                for n in _CALLED_NAME.findall(head.group()):
                    found.setdefault(n, set()).add(None)
    if len(_receivers_cache) >= WORDS_CACHED:
        _receivers_cache.clear()
    _receivers_cache[data] = found
    return found


#: the keywords a file's declared names are indexed by (_declared_names)
DECLARING = (b"func", b"type", b"var")


#: (keyword, the files' bytes) -> _declared_index, for a process that checks
#: the same package again and again (prefilter.KEEP_SCANS: the language
#: server, where an edit changes a checked file, not the pending ones)
_INDEXES: dict[tuple, tuple] = {}
INDEXES_KEPT = 8
#: keyword -> (the files' bytes, their _declared_index) made last: an edit of
#: a file that no check parses (no rule looks at it) leaves it pending, and
#: its package's index is made again from the last by that file alone
_LAST_INDEX: dict[bytes, tuple] = {}


def _declared_index(keyword: bytes, datas: tuple) -> tuple[dict[bytes, list[int]], list[int]]:
    """What files with these bytes may declare with `keyword`: each name's
    files, by their place in `datas`, and the files whose literals do not
    lex (they may declare anything: _mentions decides)."""
    key = (keyword, datas)
    if prefilter.KEEP_SCANS and key in _INDEXES:
        return _INDEXES[key]
    made = _index_by_one_file(keyword, datas) if prefilter.KEEP_SCANS else None
    if made is not None:
        index, unknown = made
    else:
        index, unknown = {}, []
        for i, data in enumerate(datas):
            declared = _declared_names(keyword, data)
            if declared is None:
                unknown.append(i)
            else:
                for n in declared:
                    index.setdefault(n, []).append(i)
    if prefilter.KEEP_SCANS:
        while len(_INDEXES) >= INDEXES_KEPT:
            del _INDEXES[next(iter(_INDEXES))]
        _INDEXES[key] = (index, unknown)
        _LAST_INDEX[keyword] = (datas, (index, unknown))
    return index, unknown


def _index_by_one_file(keyword: bytes, datas: tuple):
    """The last _declared_index made for `keyword`, when it was made of the
    same files but one (in the same places), changed for that one; None
    otherwise. (Its lists are never changed in place: tables made before
    share them.)"""
    last = _LAST_INDEX.get(keyword)
    if last is None or len(last[0]) != len(datas):
        return None
    before, (index, unknown) = last
    changed = [i for i, (a, b) in enumerate(zip(before, datas)) if a is not b and a != b]
    if len(changed) != 1:
        return None
    i = changed[0]
    old, new = _declared_names(keyword, before[i]), _declared_names(keyword, datas[i])
    if old is None or new is None:
        return None
    if old == new:
        return index, unknown
    index = dict(index)
    for n in old - new:
        rest = [j for j in index[n] if j != i]
        if rest:
            index[n] = rest
        else:
            del index[n]
    for n in new - old:
        index[n] = index.get(n, []) + [i]
    return index, unknown


def declared_names(data: bytes) -> dict[str, str] | None:
    """The names a file's bytes may declare as functions or methods, types
    and variables (_declared_names), by keyword, each set as one string of
    sorted names (a cache keeps them): two versions with the same are
    candidates for the same lookups. None when its literals do not lex
    cleanly."""
    out = {}
    for keyword in DECLARING:
        names = _declared_names(keyword, data)
        if names is None:
            return None
        out[keyword.decode()] = " ".join(sorted(n.decode("utf-8", "surrogateescape")
                                                for n in names))
    return out


def know_declared(data: bytes, names: dict[str, str]) -> None:
    """Take `names` (declared_names of these very bytes, as a cache kept
    them) for what the file may declare: its code is not blanked and
    searched again."""
    for keyword in DECLARING:
        cache = _declared_cache.setdefault(keyword, {})
        if data not in cache:
            if len(cache) >= WORDS_CACHED:
                cache.clear()
            cache[data] = frozenset(n.encode("utf-8", "surrogateescape")
                                    for n in names[keyword.decode()].split())


def _mentions(word: bytes, data: bytes) -> bool:
    """Does the file's code mention the identifier `word`? A word of its
    code (`has`) when it is ASCII; else its bytes anywhere (the words of
    the prefilter split at non-ASCII bytes)."""
    return has("word", word, data) if _IDENTIFIER.fullmatch(word) else word in data


#: words that start a type that is not a map (a struct, an interface, a
#: channel, a function, a predeclared type)
_NOT_MAP_WORDS = (
    "struct", "interface", "chan", "func", "bool", "string", "int", "int8", "int16", "int32",
    "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune",
    "float32", "float64", "complex64", "complex128", "error", "any")
#: a type declaration that may declare a map type: `type C map[K]V`, `type
#: D C` (C may be one), a `type (...)` group, type parameters (`[K
#: comparable]`: a name, a space, a constraint), or a comment (`/`) where
#: this cannot tell; not `.(type)`, not `type T struct{...}`, `type E
#: int`, `type P *T`, nor an array or slice (`type B [16]byte`, `type L
#: []T`, `type M [N]map[K]V`). It starts with the literal `type` (a word
#: ending in "type" matches too: more, never fewer), which `re` searches fast
_MAYBE_MAP_TYPE = re.compile(
    rb"type\b\s*(?:\(|/|[A-Za-z_][A-Za-z0-9_]*\b\s*(?:"
    rb"\[\s*(?:/|[A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*\s*(?:/|\s[~A-Za-z_\[*(]))"
    rb"|/|=?\s*(?:/|(?!(?:" + "|".join(_NOT_MAP_WORDS).encode() + rb")\b)[A-Za-z_])))")


def _may_declare_map_type(data: bytes, code_of_data=None) -> bool:
    """May the file declare a named map type? Asked of its bytes (a comment
    or literal can only add a match: `/` counts as one); a match on a line
    comment's line cannot be one (_in_line_comment). When a match is left,
    of its code with comments and literals blanked (`code_of_data()`, when
    the caller keeps it): the blanking reads the whole file, and most
    matches in large generated files are in their doc comments."""
    if all(_in_line_comment(data, at) for at in _maybe_map_types_in(data)):
        return False
    code = code_of_data() if code_of_data is not None else code_of(data)
    return code is None or _maybe_map_type_in(code)


def _in_line_comment(data: bytes, at: int) -> bool:
    """Is byte `at` outside the code, because its line begins with `//`
    and has neither `*/` nor a backquote before it? Then the line is a
    line comment; or, if a block comment or a raw string was open at the
    line's start, that is still open at `at`: an interpreted string or a
    rune cannot hold a line break."""
    start = data.rfind(b"\n", 0, at) + 1
    before = data[start:at]
    return before.lstrip(b" \t\r\f\v").startswith(b"//") and b"*/" not in before and \
        b"`" not in before


_WORD_BYTE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _maybe_map_type_in(text: bytes) -> bool:
    """A match of _MAYBE_MAP_TYPE whose `type` is a word, not the end of
    one (`SetDatatype(`, `parseDoctype(`: most of the matches in large
    generated files). A byte of a non-ASCII character before it may be
    part of a name or not: it is taken as not."""
    return next(_maybe_map_types_in(text), None) is not None


def _maybe_map_types_in(text: bytes):
    """Where each match of _maybe_map_type_in starts."""
    for m in _MAYBE_MAP_TYPE.finditer(text):
        if m.start() == 0 or text[m.start() - 1] not in _WORD_BYTE:
            yield m.start()


def doc_comment(file: SourceFile, decl: Node) -> str:
    """The `//` comment lines right above a declaration, without the slashes."""
    lines, n, line = [], decl.prev_sibling, decl.start_point[0]
    while n is not None and n.type == "comment" and n.end_point[0] == line - 1 \
            and n.text.startswith(b"//"):
        lines.append(n.text[2:].decode("utf-8", "replace"))
        line, n = n.start_point[0], n.prev_sibling
    return "\n".join(reversed(lines))


def _named_outside_wrappers(file: SourceFile, names: list[str]) -> bool:
    """Does `file` name one of `names` (`pkg.Name`, `x.Name`, `Name{}`)
    outside an exit wrapper (by name: `singlechecker.Main` running
    `checker.Run` exits by its documented job)?"""
    for name in names:
        for kind in ("field_identifier", "type_identifier", "identifier"):
            for ref in file.references(name, kind):
                func = file.declared_function(ref)
                fname = func.child_by_field_name("name") if func is not None else None
                if fname is None or not golang.is_exit_wrapper_name(fname.text.decode()):
                    return True
    return False


def _exported(name: str) -> bool:
    return name[:1].isupper()


#: a function named as a value: `Action: actionList`, `cmd.Run = run`
_ACTION_VALUE_Q = """
(keyed_element (literal_element) (literal_element [(identifier) (selector_expression)] @node))
(assignment_statement right: (expression_list [(identifier) (selector_expression)] @node))
"""
_REGISTER_Q = ('((call_expression function: (selector_expression field: (field_identifier) @f)) '
               '@node (#eq? @f "Register"))')


def _is_reexec_register(file: SourceFile, call: Node) -> bool:
    resolved = file.resolve_selector(unparen(call.child_by_field_name("function")))
    return resolved is not None and resolved[1] == "Register" and (
        resolved[0] == "reexec" or resolved[0].endswith("/reexec"))


def _compares_exit_on_error(cond: Node | None, depth: int = 0) -> bool:
    """`h == flag.ExitOnError`, `ExitOnError != h`, also inside `&&`/`||`."""
    cond = unparen(cond)
    if cond is None or cond.type != "binary_expression" or depth > 8:
        return False
    op = cond.child_by_field_name("operator")
    sides = [unparen(cond.child_by_field_name(k)) for k in ("left", "right")]
    if op is not None and op.type in ("==", "!="):
        return any(x is not None and x.type in ("identifier", "selector_expression") and
                   (x if x.type == "identifier" else x.child_by_field_name("field")).text
                   == b"ExitOnError" for x in sides)
    return any(_compares_exit_on_error(x, depth + 1) for x in sides)


def _never_true(cond: Node | None) -> bool:
    """`false`, `(false)`, or an `&&` with such an operand: a debug switch
    turned off in the source (`if false && !valid() { log.Fatal(...) }`)."""
    cond = unparen(cond)
    if cond is None:
        return False
    if cond.type == "false":
        return True
    if cond.type == "binary_expression":
        op = cond.child_by_field_name("operator")
        if op is not None and op.type == "&&":
            return _never_true(cond.child_by_field_name("left")) or \
                _never_true(cond.child_by_field_name("right"))
    return False


def exit_disabled(file: SourceFile, call: Node) -> bool:
    """An exit call that is no exit for any rule (rules.md, "Exit wrapper"):
    inside `if false { ... }` (or `if false && ... {`), or guarded by a
    comparison with `ExitOnError`
    (`if f.errorHandling == flag.ExitOnError`, `case flag.ExitOnError:`)."""
    child, n = call, file.parent(call)
    while n is not None and n.type not in ("function_declaration", "method_declaration",
                                           "func_literal"):
        if n.type == "if_statement":
            cond = n.child_by_field_name("condition")
            if cond is not None and cond.start_byte != child.start_byte:
                if _never_true(cond) and n.child_by_field_name("consequence") is not None \
                        and n.child_by_field_name("consequence").start_byte == child.start_byte:
                    return True
                if _compares_exit_on_error(cond):
                    return True
        elif n.type == "expression_case":
            value = n.child_by_field_name("value")
            if value is not None and any(
                    (v.child_by_field_name("field") if v.type == "selector_expression" else v)
                    .text == b"ExitOnError" for v in map(unparen, named(value))):
                return True
        child, n = n, file.parent(n)
    return False


#: how many calls deep `root_reaching` follows a root
ROOT_DEPTH = 8
#: a generated gRPC registration, `RegisterGreeterServer` (one identifier:
#: nothing can sit inside it)
_GRPC_REGISTER = re.compile(rb"Register(?<!\wRegister)\w*Server\b")


def _grpc_registrations(data: bytes) -> tuple:
    return tuple(_GRPC_REGISTER.findall(data)) if b"Register" in data else ()


def configured_launchers(goroutine_launchers) -> set[tuple[str, ...]]:
    """The configured `goroutine-launchers`: (import path, func) and
    (import path, type, method); "a/b.v2.Go" is read both ways."""
    out: set[tuple[str, ...]] = set()
    for entry in goroutine_launchers:
        head, _, last = entry.rpartition("/")
        parts = last.split(".")
        prefix = head + "/" if head else ""
        out.add((prefix + ".".join(parts[:-1]), parts[-1]))
        if len(parts) == 3:
            out.add((prefix + parts[0], parts[1], parts[2]))
    return out


def launcher_names_of(configured: set[tuple[str, ...]]) -> set[str]:
    """The names a launcher call is written with: those of golang.py's
    launchers and of the configured ones (configured_launchers)."""
    return {k[-1] for k in (*golang.GOROUTINE_LAUNCHER_METHODS,
                            *golang.GOROUTINE_LAUNCHER_FUNCS, *configured)}


def root_words_of(files: list[bytes], launchers: set[str], helpers) -> list[str]:
    """Words without which a file starts no root (PackageFacts.root_words),
    for files with these bytes, the launchers' names and the launching
    helpers' names: `go`, the handler registrations' names, `ServeHTTP`,
    and each generated `Register<Name>Server` the files call."""
    words = {"go", "ServeHTTP", "HandleFunc", "HandlerFunc", *launchers, *helpers}
    for data in files:
        words.update(m.decode() for m in kept_scan(data, "grpc registrations",
                                                   _grpc_registrations))
    return sorted(words)


def is_generated(data: bytes) -> bool:
    """golang.is_generated, kept with the bytes by a process that checks
    them again and again (prefilter.kept_scan)."""
    return kept_scan(data, "generated", golang.is_generated)


#: the keyword of a map type (`map[K]V`, `map /* c */ [K]V`; in a comment or
#: a string too, which can only find more)
_MAP_TYPE = re.compile(rb"map\b(?<!\wmap)")
#: the keyword `go` as a go statement can spell it (never `//go:build`):
#: bytes that may hold one, before the file's words are asked
_GO_WORD = re.compile(rb"go\b(?<!\wgo)(?!:)")
_GRPC_Q = """
((call_expression function: (selector_expression field: (field_identifier) @g)) @node
 (#match? @g "^Register[A-Za-z0-9_]+Server$"))
((call_expression function: (identifier) @g) @node (#match? @g "^Register[A-Za-z0-9_]+Server$"))
"""
_ROOT_Q = """
(go_statement) @node
((call_expression function: (selector_expression field: (field_identifier) @f)) @node
 (#any-of? @f @NAMES))
((call_expression function: (identifier) @f) @node (#any-of? @f @NAMES))
"""


@datatype
class Root:
    """A concurrent root: the function that runs on a goroutine of its own
    (or per request), and the statement or call that starts it."""
    func: Node
    file: SourceFile
    site: Node
    site_file: SourceFile
    what: str           # "the goroutine started", "the HTTP handler T.ServeHTTP", ...
    registered: str = ""    # gRPC: the Register...Server function

    def describe(self) -> str:
        """"the goroutine started at server.go:42"."""
        line = self.site_file.position(self.site.start_byte)[0]
        if self.what.endswith(".ServeHTTP"):
            return f"{self.what} ({self.site_file.name}:{line})"
        if self.registered:
            return f"{self.what} (registered by {self.registered} at {self.site_file.name}:{line})"
        return f"{self.what} at {self.site_file.name}:{line}"


def receiver_type_name(method: Node) -> str | None:
    recv = method.child_by_field_name("receiver")
    if recv is None:
        return None
    for p in named(recv):
        if p.type == "parameter_declaration":
            t = p.child_by_field_name("type")
            while t is not None and t.type in ("pointer_type", "parenthesized_type"):
                t = named(t)[0] if named(t) else None
            if t is not None and t.type == "generic_type":
                t = t.child_by_field_name("type")
            if t is not None and t.type == "type_identifier":
                return t.text.decode()
    return None


def signal_registration(f: SourceFile, call: Node, facts: "PackageFacts | None" = None
                        ) -> Registration | None:
    fn = call.child_by_field_name("function")
    resolved = f.resolve_selector(fn)
    if resolved is None or resolved[0] != golang.SIGNAL_PACKAGE:
        return None
    func = resolved[1]
    args_node = call.child_by_field_name("arguments")
    args = named(args_node) if args_node else []
    channel = None
    if func in ("Notify", "NotifyContext"):
        if not args:
            return None
        first, args = args[0], args[1:]
        if func == "Notify":
            channel = unparen(first).text.decode() if unparen(first) is not None else None
    signals = frozenset().union(*(signal_set(f, a, facts) for a in args)) if args \
        else frozenset({golang.EVERY})
    return Registration(f, call, func, args, signals, channel, f.enclosing_function(call))


_APPEND_Q = "(assignment_statement) @a"


def signal_set(f: SourceFile, arg: Node, facts: "PackageFacts | None" = None,
               depth: int = 0) -> frozenset[str]:
    """The signals a registration argument names (rules.md, "Signal
    registration"): `syscall.SIGTERM`, `os.Interrupt`; or, resolved, `sigs`
    / `sigs...` where sigs is a variable initialised by a composite literal
    of known signals and otherwise only extended by `sigs = append(sigs,
    known...)`, or a call of a package function whose every `return` is
    such a literal or variable. Anything else: {golang.UNKNOWN}."""
    unknown = frozenset({golang.UNKNOWN})
    arg = unparen(arg)
    if arg is not None and arg.type == "variadic_argument":
        arg = unparen(named(arg)[0]) if named(arg) else None
    if arg is None or depth > 4:
        return unknown
    if arg.type == "selector_expression":
        return frozenset({signal_name(f, arg)})
    if arg.type == "composite_literal":
        body = arg.child_by_field_name("body")
        elems = [unparen(named(e)[0]) if e.type in ("literal_element", "element") and named(e)
                 else e for e in (named(body) if body is not None else [])]
        return frozenset(signal_name(f, e) for e in elems) or unknown
    if arg.type == "identifier":
        return _variable_signals(f, arg, facts, depth)
    if arg.type == "call_expression" and facts is not None:
        decls = facts.callee_decls(f, arg)
        if not decls or len(decls) != 1 or decls[0].body is None:
            return unknown
        d = decls[0]
        returns = [r for r in d.file.within(d.body, "(return_statement) @r", "r")
                   if d.file.enclosing_function(r) == d.node]
        out: set[str] = set()
        for r in returns:
            values = named(named(r)[0]) if named(r) and named(r)[0].type == "expression_list" \
                else named(r)
            if len(values) != 1:
                return unknown
            out |= signal_set(d.file, values[0], facts, depth + 1)
        return frozenset(out) or unknown
    return unknown


def _variable_signals(f: SourceFile, ident: Node, facts, depth: int) -> frozenset[str]:
    unknown = frozenset({golang.UNKNOWN})
    decl = f.lookup(ident)
    decl_file = f
    if decl is None and facts is not None:
        found = facts.var(ident.text.decode())
        decl, decl_file = found if found else (None, f)
    if decl is None or decl.value is None or unparen(decl.value).type != "composite_literal":
        return unknown
    signals = set(signal_set(decl_file, decl.value, facts, depth + 1))
    # every other assignment must be `x = append(x, known...)`
    name = ident.text.decode()
    function = decl_file.enclosing_function(decl.ident)
    if function is not None:                     # a local: its function
        places = [(decl_file, function)]
    else:                                        # a package variable: the package
        if facts is not None:
            facts.load_mentioning(name.encode())
        places = [(g, g.root) for g in (facts.files if facts is not None else [f])]
    for g, within in places:
        for a in g.within(within, _APPEND_Q, "a"):
            left = a.child_by_field_name("left")
            if left is None or name not in [t.text.decode() for t in named(left)]:
                continue
            right = a.child_by_field_name("right")
            values = named(right) if right is not None else []
            call = unparen(values[0]) if len(values) == 1 else None
            fn = call.child_by_field_name("function") if call is not None and \
                call.type == "call_expression" else None
            args = named(call.child_by_field_name("arguments")) if fn is not None else []
            if fn is None or fn.text != b"append" or not args or args[0].text.decode() != name:
                return unknown
            for extra in args[1:]:
                signals |= signal_set(g, extra, facts, depth + 1)
    return frozenset(signals) or unknown


def signal_name(f: SourceFile, arg: Node) -> str:
    arg = unparen(arg)
    if arg is None or arg.type != "selector_expression":
        return golang.UNKNOWN
    resolved = f.resolve_selector(arg)
    if resolved is None:
        return golang.UNKNOWN
    path, name = resolved
    if path in golang.SIGNAL_CONST_PACKAGES and name.startswith("SIG"):
        return name
    if path == "os" and name in golang.OS_SIGNALS:
        return golang.OS_SIGNALS[name]
    return golang.UNKNOWN


def _redirects_fd2(f: SourceFile, call: Node) -> bool:
    """Is `call` one of golang.FD2_REDIRECTS, onto descriptor 2 where it takes a target?"""
    fn = unparen(call.child_by_field_name("function"))
    args = named(call.child_by_field_name("arguments"))
    if fn.child_by_field_name("field").text == b"NewProc":     # kernel32.NewProc("SetStdHandle")
        return bool(args) and args[0].text == b'"SetStdHandle"'
    resolved = f.resolve_selector(fn)
    if resolved not in golang.FD2_REDIRECTS:
        return False
    index = golang.FD2_REDIRECTS[resolved]
    if index is None:
        return True
    target = unparen(args[index]) if len(args) > index else None
    if target is not None and target.type == "call_expression" and \
            target.child_by_field_name("function").text == b"int" and \
            named(target.child_by_field_name("arguments")):
        target = unparen(named(target.child_by_field_name("arguments"))[0])  # int(x)
    if target is None:
        return False
    if target.type == "int_literal":
        return target.text == b"2"
    if target.type == "selector_expression":                # syscall.Stderr, unix.Stderr
        return f.resolve_selector(target) in (("syscall", "Stderr"), ("golang.org/x/sys/unix", "Stderr"))
    if target.type == "call_expression":                    # os.Stderr.Fd()
        fn = unparen(target.child_by_field_name("function"))
        return fn is not None and fn.type == "selector_expression" and \
            fn.child_by_field_name("field").text == b"Fd" and \
            f.resolve_selector(unparen(fn.child_by_field_name("operand"))) == ("os", "Stderr")
    return False

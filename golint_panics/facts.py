"""Package facts: what the files of one package declare, gathered once.

Functions and methods (and whether they recover), named types and struct
fields, package-level variables, signal registrations, functions started
as goroutines. Rules ask these questions through their Context; nothing
here reports anything.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from tree_sitter import Node

from . import golang
from .prefilter import has
from .source import (
    Decl, SourceFile, TooDeep, captures, function_body, named, spec_decl,
    spec_nodes, spec_names, unparen,
)


@dataclass
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


@dataclass
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
    '(#match? @f "^(Exit|Exitf|Exitln|ExitDepth|Fatal|Fatalf|Fatalln|FatalDepth)$"))')


def exit_call(file: SourceFile, call: Node) -> tuple[str, str] | None:
    """(import path, name) when `call` is an exit call through a resolved import."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return None
    fld = fn.child_by_field_name("field")
    if fld is None or fld.text.decode() not in golang.EXIT_NAMES:
        return None
    resolved = file.resolve_selector(fn)
    return resolved if resolved is not None and golang.is_exit_func(*resolved) else None


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
                 pending: list[tuple[str, str, bytes]] = ()):
        self.files = list(files)
        self.recover_helpers = recover_helpers
        self.pending = list(pending)          # (path, abspath, data) not parsed yet
        self.loaded: list[SourceFile] = []    # parsed on demand
        self.funcs: dict[str, list[FuncInfo]] = {}
        self.methods: dict[tuple[str, str], FuncInfo] = {}
        self.methods_by_name: dict[str, list[FuncInfo]] = {}
        self.types: dict[str, Node] = {}
        self.vars: dict[str, tuple[Decl, SourceFile]] = {}
        self.memo: dict = {}                  # for rules: per-package "reported once" keys
        self.package_class = "library"        # model.py: main, test-support, application, library
        self._recovers: dict[tuple[int, int], bool] = {}
        self._searched: set[bytes] = set()
        for f in self.files:
            self._collect(f)

    # -- lazy loading -------------------------------------------------------------
    def load_mentioning(self, token: bytes) -> list[SourceFile]:
        """Parse the pending files whose bytes contain `token`; returns them."""
        if not self.pending or token in self._searched:
            return []
        self._searched.add(token)
        return [self._load(p) for p in [p for p in self.pending if token in p[2]]]

    def _ensure(self, name: str) -> None:
        if self.pending and name not in golang.PREDECLARED:
            self.load_mentioning(name.encode())

    def _ensure_func(self, name: str) -> None:
        """Load the pending files that declare a function or method `name`."""
        if not self.pending or name in golang.PREDECLARED or not name.isidentifier():
            return
        key = b"func " + name.encode()
        if key in self._searched:
            return
        self._searched.add(key)
        # both words, wherever they are: a comment between `func` and the
        # name (or the receiver) must not hide the declaration
        hit = [p for p in self.pending
               if has("word", name.encode(), p[2]) and has("word", b"func", p[2])]
        for p in hit:
            self._load(p)

    def _load(self, pending) -> SourceFile:
        self.pending.remove(pending)
        path, abspath, data = pending
        f = SourceFile(path, data, abspath)
        self.files.append(f)
        self.loaded.append(f)
        self._collect(f)
        return f

    def function(self, name: str) -> FuncInfo | None:
        self._ensure_func(name)   # all of them: files for other GOOS may declare it again
        found = self.funcs.get(name)
        return found[0] if found and len(found) == 1 else None

    def method(self, recv: str, name: str) -> FuncInfo | None:
        self._ensure_func(name)
        return self.methods.get((recv, name))

    def methods_named(self, name: str) -> list[FuncInfo]:
        self._ensure_func(name)
        return self.methods_by_name.get(name, [])

    def type_node(self, name: str) -> Node | None:
        if self.pending and name not in golang.PREDECLARED and name.isidentifier():
            key = b"type " + name.encode()
            if key not in self._searched:
                self._searched.add(key)
                # both words, wherever they are (comments may sit between them)
                for p in [p for p in self.pending if has("word", name.encode(), p[2])
                          and has("word", b"type", p[2])]:
                    self._load(p)
        return self.types.get(name)

    def var(self, name: str) -> tuple[Decl, SourceFile] | None:
        self._ensure(name)
        return self.vars.get(name)

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
        for top in named(f.root):
            t = top.type
            if t == "function_declaration":
                name = top.child_by_field_name("name")
                if name is not None:
                    info = FuncInfo(name.text.decode(), None, top, f)
                    self.funcs.setdefault(info.name, []).append(info)
            elif t == "method_declaration":
                name = top.child_by_field_name("name")
                recv = receiver_type_name(top)
                if name is not None:
                    info = FuncInfo(name.text.decode(), recv, top, f)
                    if recv is not None:
                        self.methods[(recv, info.name)] = info
                    self.methods_by_name.setdefault(info.name, []).append(info)
            elif t == "type_declaration":
                for spec in named(top):
                    if spec.type in ("type_spec", "type_alias"):
                        name = spec.child_by_field_name("name")
                        typ = spec.child_by_field_name("type")
                        if name is not None and typ is not None:
                            self.types[name.text.decode()] = typ
            elif t == "var_declaration":
                for spec in spec_nodes(top):
                    for name in spec_names(spec):
                        decl = spec_decl(spec, name, None)
                        if decl is not None and name != "_":
                            self.vars.setdefault(name, (decl, f))

    # -- recover ----------------------------------------------------------------
    def calls_recover(self, func: Node, file: SourceFile) -> bool:
        """Does this function (of `file`) call recover() directly in its own
        body (not in a nested literal)?"""
        key = (func.id, func.start_byte)
        if key not in self._recovers:
            self._recovers[key] = function_body(func) is not None and \
                bool(file.directly_in(func, _RECOVER_Q, "c"))
        return self._recovers[key]

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
            info = self.function(base.text.decode())
            return [info] if info else None
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
            info = self.function(fn.text.decode())
            return [info] if info else None
        if fn.type == "selector_expression":
            if file.resolve_selector(fn) is not None:
                return None  # another package
            operand = fn.child_by_field_name("operand")
            name = fn.child_by_field_name("field").text.decode()
            recv = self.method_expression_type(file, operand)
            t = ("named", recv) if recv is not None else self.expr_type(file, operand)
            if t is not None and t[0] == "named":
                info = self.method(t[1], name)
                return [info] if info else None
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
        return None

    def decl_type(self, decl: Decl):
        if decl.kind in ("range", "alias", "const"):
            return None
        if decl.type is not None:
            return self.classify_type(decl.type)
        return self.value_type(decl.value)

    def struct_field_type(self, type_name: str, field_name: str):
        return self.classify_type(self.struct_field_type_node(type_name, field_name))

    def struct_field_type_node(self, type_name: str, field_name: str) -> Node | None:
        node = self.type_node(type_name)
        if node is None or node.type != "struct_type":
            return None
        for lst in named(node):
            if lst.type != "field_declaration_list":
                continue
            for fd in named(lst):
                if fd.type != "field_declaration":
                    continue
                names = [fd.children[i].text.decode() for i in range(fd.child_count)
                         if fd.field_name_for_child(i) == "name"]
                if field_name in names:
                    return fd.child_by_field_name("type")
        return None

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
            if b"signal" not in f.data or f.unqueryable:
                continue
            for call in captures(_SIGNAL_Q, f.root).get("c", []):
                try:
                    reg = signal_registration(f, call)
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


def signal_registration(f: SourceFile, call: Node) -> Registration | None:
    fn = call.child_by_field_name("function")
    resolved = f.resolve_selector(fn)
    if resolved is None or resolved[0] != golang.SIGNAL_PACKAGE:
        return None
    func = resolved[1]
    args_node = call.child_by_field_name("arguments")
    args = [a for a in named(args_node) if a.type != "comment"] if args_node else []
    channel = None
    if func in ("Notify", "NotifyContext"):
        if not args:
            return None
        first, args = args[0], args[1:]
        if func == "Notify":
            channel = unparen(first).text.decode() if unparen(first) is not None else None
    signals = frozenset(signal_name(f, a) for a in args) if args else frozenset({golang.EVERY})
    return Registration(f, call, func, args, signals, channel, f.enclosing_function(call))


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

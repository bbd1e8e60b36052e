"""The program model's calls within one package (rules.md, "The program
model"): who calls whom, which functions start on their own, and through
which *roots* a function runs.

Built on demand, for packages whose findings depend on it (a package with
more than one signal handler, say): every file of the package is parsed.

- An **edge** goes from a function to a function of the package it calls
  directly (`facts.callee_decls`: `f()`, `x.m()` on a declared type,
  `T.m(x)`, `f[T]()`), and to a function literal it calls, defers or
  starts with `go` (for signal handlers, a goroutine runs in the same
  process: `go` is an edge).
- A **root** is where code starts without a caller in the package:
  `main()` and every `init()` of `package main` (the *main* root); a
  function or method taken as a value, or a literal that is not called
  (a sub-command's `Run`, a callback, a handler: a root of its own); an
  exported function or method of a package other than `main`, and a
  method nobody in the package calls (called from elsewhere, or through
  an interface).
"""
from __future__ import annotations

from tree_sitter import Node

from .source import FUNCTION_KINDS, SourceFile, named, unparen

MAIN = ("main",)

_CALLS = "(call_expression) @c (type_conversion_expression) @c"
_LITERALS = "(func_literal) @f"
_NAMES = "(identifier) @i (field_identifier) @i"


def key_of(file: SourceFile, func: Node) -> str:
    """The key rules and summaries use for a function: file and offset."""
    return f"{file.path}:{func.start_byte}"


class PackageGraph:
    def __init__(self, facts):
        facts.load_all()
        self.facts = facts
        self.callers: dict[str, set[str]] = {}
        self.callees: dict[str, set[str]] = {}
        self.roots: dict[str, tuple] = {}          # function key -> its root label
        self.nodes: dict[str, tuple[SourceFile, Node]] = {}
        self._labels: dict[str, frozenset] = {}
        self._calls: dict[str, tuple[list[Node], list[Node]]] = {}
        for f in facts.files:
            if f.unqueryable or f.is_test:
                continue
            self._add_file(f)

    def _add_file(self, f: SourceFile) -> None:
        is_main = f.package == "main"
        decls = [n for n in named(f.root) if n.type in ("function_declaration",
                                                          "method_declaration")]
        for d in decls:
            k = key_of(f, d)
            self.nodes[k] = (f, d)
            name = d.child_by_field_name("name").text.decode()
            if is_main and d.type == "function_declaration" and name in ("main", "init"):
                self.roots[k] = MAIN
            elif name == "init" and d.type == "function_declaration":
                self.roots[k] = ("init", k)
            elif not is_main and name[:1].isupper():
                self.roots[k] = ("export", k)
        for lit in f.found(_LITERALS, "f")[0]:
            k = key_of(f, lit)
            self.nodes[k] = (f, lit)
            owner = f.enclosing_function(f.parent(lit)) if f.parent(lit) is not None else None
            if owner is not None and _runs_in_place(f, lit):
                self._edge(key_of(f, owner), k)
            else:
                self.roots[k] = ("value", k)
        for call in f.found(_CALLS, "c")[0]:
            owner = f.enclosing_function(call)
            if owner is None:
                continue
            for info in self.facts.callee_decls(f, call) or ():
                self._edge(key_of(f, owner), key_of(info.file, info.node))
        # functions and methods named where they are not called: values
        declared = set(self.facts.funcs) | {m for (_r, m) in self.facts.methods}
        for ident in f.found(_NAMES, "i")[0]:
            name = ident.text.decode()
            if name not in declared or _called_or_declared(f, ident):
                continue
            for info in self.facts.funcs.get(name, []) + self.facts.methods_by_name.get(name, []):
                k = key_of(info.file, info.node)
                self.roots.setdefault(k, ("value", k))

    def exported_name(self, key: str) -> tuple[str, str, str]:
        """(key, receiver type or "", name) of a declared function."""
        from .facts import receiver_type_name
        _f, node = self.nodes[key]
        recv = receiver_type_name(node) if node.type == "method_declaration" else None
        return key, recv or "", node.child_by_field_name("name").text.decode()

    def _edge(self, a: str, b: str) -> None:
        self.callees.setdefault(a, set()).add(b)
        self.callers.setdefault(b, set()).add(a)

    def labels(self, func_key: str | None) -> frozenset:
        """The roots through which `func_key` runs (MAIN, ("export", key),
        ("value", key), ("init", key)); empty when none is known (code no
        root of the package reaches: dead, or called through a value we
        cannot see)."""
        if func_key is None:
            return frozenset()
        if func_key in self._labels:
            return self._labels[func_key]
        seen, stack, out = {func_key}, [func_key], set()
        while stack:
            k = stack.pop()
            if k in self.roots:
                root = self.roots[k]
                if root[0] == "value" and k != func_key:
                    root = root + (self.arms(k, func_key),)
                out.add(root)
            callers = self.callers.get(k, ())
            if not callers and k not in self.roots and k in self.nodes and \
                    self.nodes[k][1].type == "method_declaration":
                out.add(("export", k))      # a method only an interface calls
            for c in callers:
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        self._labels[func_key] = frozenset(out)
        return self._labels[func_key]

    def arms(self, root_key: str, func_key: str):
        """Through which arms of one branch of the root's own body the root
        reaches `func_key`: (the branch's offset, its arm numbers), or None
        when some way there is not inside such a branch (then nothing is
        exclusive). Two functions reached only through different arms of
        one `if`/`switch`/`select` of a root never run together from it."""
        file, root = self.nodes[root_key]
        calls, _stops = self._calls_and_stops(file, root)
        branch, numbers = None, set()
        for call in calls:
            if func_key not in self.reached_from([call], file):
                continue
            arm = _outermost_arm(file, call, root)
            if arm is None or (branch is not None and arm[0] != branch):
                return None
            branch = arm[0]
            numbers.add(arm[1])
        return (branch, tuple(sorted(numbers))) if branch is not None else None

    def released_by_stop(self, file: SourceFile, func: Node, call: Node, channel: str
                         ) -> frozenset:
        """The functions of the package that `func` runs only after its
        `signal.Stop(channel)` (the registration at `call` has ended by
        then): reached from calls after the Stop and not from calls before."""
        calls, all_stops = self._calls_and_stops(file, func)
        stops = [c for c in all_stops if c.start_byte > call.end_byte
                 and named(c.child_by_field_name("arguments"))[0].text.decode() == channel]
        if not stops:
            return frozenset()
        stop = stops[0].start_byte
        before = self.reached_from([c for c in calls if c.start_byte < stop], file)
        after = self.reached_from([c for c in calls if c.start_byte > stop], file)
        return frozenset(after - before - {key_of(file, func)})

    def _calls_and_stops(self, file: SourceFile, func: Node) -> tuple[list[Node], list[Node]]:
        """The calls of `func`'s own body, and its `signal.Stop(x)` calls
        (once per function: a function may hold thousands of handlers)."""
        key = key_of(file, func)
        if key not in self._calls:
            calls = [c for c in file.directly_in(func, _CALLS, "c")]
            stops = [c for c in calls if c.type == "call_expression" and
                     file.resolve_selector(c.child_by_field_name("function")) ==
                     ("os/signal", "Stop") and named(c.child_by_field_name("arguments"))]
            self._calls[key] = (calls, stops)
        return self._calls[key]

    def reached_from(self, calls: list[Node], file: SourceFile) -> set[str]:
        """Functions of the package these calls run (transitively; a literal
        they are or hold runs too)."""
        out: set[str] = set()
        stack = []
        for call in calls:
            for info in self.facts.callee_decls(file, call) or ():
                stack.append(key_of(info.file, info.node))
            for lit in file.within(call, _LITERALS, "f"):
                stack.append(key_of(file, lit))
        while stack:
            k = stack.pop()
            if k in out:
                continue
            out.add(k)
            stack.extend(self.callees.get(k, ()))
        return out


_BRANCHES = ("if_statement", "expression_switch_statement", "type_switch_statement",
             "select_statement")
_ARMS = ("expression_case", "default_case", "type_case", "communication_case")


def _outermost_arm(f: SourceFile, node: Node, func: Node) -> tuple[int, int] | None:
    """(offset of the outermost branch statement of `func` around `node`,
    the number of the arm holding it), or None when it is in no branch."""
    found, child, cur = None, node, f.parent(node)
    while cur is not None and cur != func:
        if cur.type in _BRANCHES:
            arms = [c for c in named(cur) if c.type in ("block",) + _ARMS or
                    (cur.type == "if_statement" and c.type == "if_statement")]
            if child in arms:
                found = (cur.start_byte, arms.index(child))
        child, cur = cur, f.parent(cur)
    return found


def _runs_in_place(f: SourceFile, lit: Node) -> bool:
    """Is the literal called where it stands (`func(){...}()`, in `go` or
    `defer`), rather than taken as a value?"""
    parent = f.parent(lit)
    while parent is not None and parent.type == "parenthesized_expression":
        lit, parent = parent, f.parent(parent)
    return parent is not None and parent.type == "call_expression" and \
        unparen(parent.child_by_field_name("function")) is not None and \
        parent.child_by_field_name("function").start_byte == lit.start_byte


def _called_or_declared(f: SourceFile, ident: Node) -> bool:
    parent = f.parent(ident)
    if parent is None:
        return True
    if parent.type in FUNCTION_KINDS or parent.type in ("method_spec", "field_declaration",
                                                         "keyed_element") and \
            parent.child_by_field_name("name") == ident:
        return True
    if parent.type == "selector_expression":
        if parent.child_by_field_name("field") != ident:
            return True          # the operand of x.f, not a method value
        ident, parent = parent, f.parent(parent)
    if parent is not None and parent.type == "call_expression" and \
            parent.child_by_field_name("function") == ident:
        return True
    if parent is not None and parent.type in ("function_declaration", "method_declaration"):
        return True
    return False

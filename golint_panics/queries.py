"""The program model as a rule sees it from one file: `ctx.model`.

Every question a rule asks about the code beyond the syntax of the node in
front of it goes through here: exits and exit wrappers, declared types,
signal registrations and sets, goroutines and their bodies, recovers,
concurrent roots and the calls that reach a place, maps and locks. The
answers come from the package facts (facts.py), the goroutine analysis
(goroutines.py) and the Go knowledge (golang.py); a rule never builds its
own walk or call graph.
"""
from __future__ import annotations

import re

from tree_sitter import Node

from . import concurrency, goroutines
from .facts import (
    MAP, FuncInfo, doc_comment, PackageFacts, Registration, Root, declared_import_type, exit_call,
    exit_disabled, signal_registration, signal_set, written_import_type,
)
from .source import (
    Decl, SourceFile, body_statements, function_body, named, operand_of, unparen,
)

#: what a `go` or `defer` statement may hold: a call, or `f[T](x)`, which
#: the grammar reads as a conversion to a generic type
CALL_KINDS = ("call_expression", "type_conversion_expression")


class Model:
    """The program model's queries, bound to the file being checked (a
    `file=` argument asks about a node of another file of the package)."""

    def __init__(self, package: PackageFacts, file: SourceFile):
        self.package = package
        self.file = file

    # -- exits ----------------------------------------------------------------
    def exit_call(self, call: Node) -> tuple[str, str] | None:
        """(import path, name) when `call` is an exit call, else None."""
        return exit_call(self.file, call, self.package)

    def declared_type(self, expr: Node | None) -> tuple[str, str] | None:
        """(import path, type) of a value whose declared type (principle 4)
        is a type of another package: `var w *bufio.Writer`, a field so
        declared, `pkg.T{}`, a well-known constructor's result."""
        return declared_import_type(self.file, expr, self.package)

    def written_type(self, type_node: Node | None, file: SourceFile | None = None
                     ) -> tuple[str, str] | None:
        """(import path, name) of a written type `pkg.T` / `*pkg.T` of `file`."""
        return written_import_type(file or self.file, type_node, None)

    def exit_disabled(self, call: Node) -> bool:
        """An exit call inside `if false {}` or guarded by `ExitOnError`: no exit."""
        return exit_disabled(self.file, call)

    def signal_registration(self, call: Node) -> Registration | None:
        """The registration made by `signal.Notify/NotifyContext/Ignore/Reset(...)`."""
        return signal_registration(self.file, call, self.package)

    def signal_set(self, arg: Node) -> frozenset[str]:
        """The signals an argument names, through resolved slices and
        signal-returning functions; {golang.UNKNOWN} when not known."""
        return signal_set(self.file, arg, self.package)


    def in_exit_wrapper(self, node: Node) -> bool:
        """Inside an exit wrapper (rules.md): exiting is its documented job."""
        return self.package.in_exit_wrapper(self.file, node)

    def only_programs_run(self, node: Node) -> bool:
        """In an `internal/` library: does only the module's program code
        (no importing library) reach `node`? (facts.only_programs_run)"""
        return self.package.only_programs_run(self.file, node)

    # -- roots: where code starts running on a goroutine of its own ------------
    def root_reaching(self, node: Node) -> Root | None:
        """A concurrent root of the package that reaches `node` (`.describe()`,
        `.site`, `.site_file`, `.what`), or None."""
        return self.package.root_reaching(self.file, node)

    def root_path(self, node: Node) -> list[tuple[SourceFile, Node, str]]:
        """The calls from that root down to `node`'s function: a code flow."""
        return self.package.root_path(self.file, node)

    def field_key(self, target: Node, file: SourceFile | None = None) -> tuple[str, str] | None:
        """(type, field) for a map written as `x.field` where `x` has a
        declared type of the package; None otherwise."""
        return self.package.field_key(file or self.file, target)

    def locked_accesses(self, type_name: str, field: str) -> list[tuple[SourceFile, Node]]:
        """The accesses (reads or writes) of `T.field` in the package's
        non-test files made while an exclusive lock is held in their
        function: the code's own evidence that the field is used from
        several goroutines."""
        memo = self.package.memo.setdefault("locked_accesses", {})
        key = (type_name, field)
        if key not in memo:
            out = []
            for f, n in self.package.field_accesses(field):
                sel = f.parent(n)
                if self.package.expr_type(f, sel.child_by_field_name("operand")) != \
                        ("named", type_name):
                    continue
                func = f.enclosing_function(sel)
                body = function_body(func) if func is not None else None
                if body is not None and Model(self.package, f).lock_state(body, sel) == "locked":
                    out.append((f, sel))
            memo[key] = out
        return memo[key]

    def field_confined_to(self, owner: Node, field: str, func: Node,
                          file: SourceFile | None = None) -> bool:
        """Is every access of the field `field` of the value `owner` (`x` in
        `x.field`) in the package's non-test files inside `func`? Accesses
        on values of another known type do not count; composite literal
        keys are construction. Then the goroutine running `func` owns it."""
        file = file or self.file
        mine = self.package.expr_type(file, owner)
        if mine is None or mine[0] != "named":
            return False
        for f, n in self.package.field_accesses(field):
            operand = f.parent(n).child_by_field_name("operand")
            theirs = self.package.expr_type(f, operand)
            if theirs is not None and theirs != mine:
                continue                                  # another type's field
            if f.abspath != file.abspath or not func.start_byte <= n.start_byte < func.end_byte:
                return False
        return True

    def is_helper_goroutine(self, go_stmt: Node) -> bool:
        """Is this the `go` statement of a launching helper (its roots are
        the helper's calls, not this statement)?"""
        return goroutines.is_helper_goroutine(self.package, self.file, go_stmt)

    # -- the package's declarations --------------------------------------------
    def var(self, name: str) -> tuple[Decl, SourceFile] | None:
        """A package-level variable: its declaration and file."""
        return self.package.var(name)

    def is_assigned(self, name: str) -> bool:
        """Does any file of the package assign `name` (or take its address)?"""
        return self.package.is_assigned(name)

    def callees(self, call: Node, file: SourceFile | None = None) -> list[FuncInfo] | None:
        """The package's declarations a call may run; None when not known."""
        return self.package.callee_decls(file or self.file, call)

    def calls_recover(self, func: Node, file: SourceFile | None = None) -> bool:
        """Does `func` call recover() directly in its own body?"""
        return self.package.calls_recover(func, file or self.file)

    def expr_type(self, expr: Node | None, file: SourceFile | None = None):
        """MAP, ("named", T) for a type of the package, or None."""
        return self.package.expr_type(file or self.file, expr)

    def classify_type(self, type_node: Node | None):
        """MAP, ("named", T) or None for a written type."""
        return self.package.classify_type(type_node)

    def is_map_type(self, type_node: Node | None) -> bool:
        """Is a written type a map type (a named one among the package's
        named map types)?"""
        return self.package.is_map_type(type_node)

    # -- the process -----------------------------------------------------------
    def fd2_redirect(self) -> tuple[SourceFile, Node] | None:
        """A call in the package that points file descriptor 2 elsewhere."""
        return self.package.fd2_redirect()

    def imports_blank(self, path: str) -> bool:
        """Does a non-test file of the package import `path` as `_`?"""
        return self.package.imports_blank(path)

    def program_blank_import(self, path: str) -> tuple[str, int] | None:
        """Where a program this package belongs to imports `path` as `_`."""
        return self.package.program_blank_imports.get(path)

    # -- goroutines and recover ------------------------------------------------
    def goroutine_body(self, go_stmt: Node) -> tuple[Node, Node, SourceFile] | None:
        """(function node, body, file) of the code a `go` statement runs, when known."""
        call = named(go_stmt)[0] if named(go_stmt) else None
        if call is None or call.type not in CALL_KINDS:
            return None
        fn = unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "func_literal":
            return fn, function_body(fn), self.file
        decls = self.package.callee_decls(self.file, call)
        if decls and len(decls) == 1 and decls[0].body is not None:
            return decls[0].node, decls[0].body, decls[0].file
        return None

    def is_deferred_recover(self, defer_stmt: Node, file: SourceFile | None = None) -> bool:
        """`defer F` where F recovers: a literal whose own body calls recover(),
        a same-package function that does, or a configured helper."""
        file = file or self.file
        call = named(defer_stmt)[0] if named(defer_stmt) else None
        call = unparen(call)
        if call is None or call.type not in CALL_KINDS:
            return False
        fn = unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "func_literal":
            return self.package.calls_recover(fn, file)
        if fn is not None and fn.type == "identifier" and fn.text == b"recover":
            return False
        return self.package.recover_helper_call(file, call)

    def deferred_foreign_calls(self, body: Node | None, file: SourceFile | None = None) -> list[str]:
        """`import/path.Func` of each top-level `defer pkg.Func(...)` into another package."""
        file = file or self.file
        out = []
        for s in body_statements(body):
            call = unparen(named(s)[0]) if s.type == "defer_statement" and named(s) else None
            if call is not None and call.type == "call_expression":
                resolved = file.resolve_selector(unparen(call.child_by_field_name("function")))
                if resolved is not None:
                    out.append(f"{resolved[0]}.{resolved[1]}")
        return out

    def has_deferred_recover(self, body: Node | None, file: SourceFile | None = None) -> bool:
        return any(s.type == "defer_statement" and self.is_deferred_recover(s, file)
                   for s in body_statements(body))

    def launched_function(self, call: Node):
        """For a goroutine launcher call (`g.Go(f)`, `time.AfterFunc(d, f)`):
        (function node, body, file) it runs when known, False when not
        known, None when `call` is no launcher."""
        return goroutines.launched_function(self.package, self.file, call)

    def cannot_matter(self, body: Node | None, file: SourceFile | None = None) -> bool:
        """Does a goroutine body only move data and signals (GP004)?"""
        return goroutines.cannot_matter(self.package, file or self.file, body)

    def runs_caller_code(self, func: Node, file: SourceFile | None = None):
        """The first call of caller-supplied code `func` makes (directly or
        one call down), as (file, call), or None."""
        return goroutines.runs_caller_code(self.package, file or self.file, func)

    def feeds_returned_channel(self, launch: Node, func: Node, file: SourceFile | None = None):
        """Where the goroutine launched at `launch` feeds a channel its
        launching function returns, as (file, send or argument, the
        `return` that hands it back), or None."""
        return goroutines.feeds_returned_channel(self.package, self.file, launch, func,
                                                 file or self.file)

    # -- what a root reaches (concurrency.py) ------------------------------------
    def roots(self, into_checked: bool = False) -> list[Root]:
        """Every concurrent root of the package, in a fixed order.
        `into_checked`: only those whose reach may enter a file this check
        reports on: a check of some files of a package (an editor's buffer)
        leaves out the roots that, by the package's last whole check, reach
        none of them (concurrency.roots_into); a finding in the code a left
        out root reaches would be in a file this check does not report on."""
        if into_checked:
            return concurrency.roots_into(self.package)
        return concurrency.all_roots(self.package)

    def declares_maps(self) -> bool:
        """Can a value of the package be a map by its declared type? Only
        when one of its non-test files spells the keyword `map` (a map type,
        also in `make`): the type checker's knowledge is not ours."""
        return self.package.declares_maps()

    def reach(self, root: Root) -> list[concurrency.Reached]:
        """The functions `root` reaches (`.func`, `.file`, `.held`: the lock
        state on entry, `.path()`: the calls from the root), root first."""
        return concurrency.reach(self.package, root)

    def runs_in(self, reached: concurrency.Reached, source: str) -> list[Node]:
        """The captures of a query in a reached function that run when it
        does, on its goroutine (concurrency.runs_in_place)."""
        if not reached.resolved and concurrency.found_nothing(self.package, reached, source):
            return []             # (the record says so: its file need not be parsed)
        f, func = reached.file, reached.func
        found = [n for n in concurrency.in_function(f, func, source)
                 if concurrency.runs_in_place(f, n, func)]
        concurrency.note_found(self.package, reached, source, found)
        return found

    def map_writes_in(self, reached: concurrency.Reached, source: str
                      ) -> list[tuple[Node, list[Node]]]:
        """The statements of `source` (write statements: `m[k] = v`,
        `m[k]++`, `delete(m, k)`) that run in a reached function and write a
        map by its declared type: [(statement, [the maps it writes])]
        (rule.map_write_targets, is_map). Like runs_in, from the package's
        reach record when it says there is none, without parsing."""
        from .rule import map_write_targets
        # once per function and query in a check: the roots that reach a
        # function ask it again, each
        memo = self.package.memo.setdefault("map_writes_in", {})
        key = (reached.key, source)
        if key in memo:
            return memo[key]
        asked = source + "\0maps"
        if not reached.resolved and concurrency.found_nothing(self.package, reached, asked):
            memo[key] = []
            return []
        found = []
        for write in self.runs_in(reached, source):
            maps = [m for m, _ in map_write_targets(write) if self.is_map(m, reached.file)]
            if maps:
                found.append((write, maps))
        concurrency.note_found(self.package, reached, asked, found)
        memo[key] = found
        return found

    def lock_state_in(self, reached: concurrency.Reached, node: Node) -> str | None:
        """The lock state at `node` of a reached function: its own locks and
        those held along the path from the root."""
        own = Model(self.package, reached.file).own_lock_state(reached.func, node)
        return concurrency.stronger(reached.held, own)

    def own_lock_state(self, func: Node, node: Node, file: SourceFile | None = None
                       ) -> str | None:
        """The locks held at `node` by `func` (of `file`) itself (literals
        run in place in it, `defer func() { mu.Lock(); ... }()`, hold their
        own locks and those around them), and by its callers only when its
        name or doc says so: no asking every caller."""
        if file is not None and file is not self.file:
            return Model(self.package, file).own_lock_state(func, node)
        state, f = None, self.file.enclosing_function(node)
        while f is not None:
            body = function_body(f)
            if body is not None:
                state = concurrency.stronger(state, self._lock_at(body, node, 0, callers=False))
            if f.start_byte <= func.start_byte:
                break
            f = self.file.enclosing_function(f)
        return state

    def made_here(self, expr: Node, file: SourceFile | None = None) -> bool:
        """Is `x` of `x.f` a local the same function made fresh (`T{...}`,
        `&T{...}`, `new(T)`, `newT()`): construction, not sharing?"""
        rd = self.package.root_decl(file or self.file, expr)
        return rd is not None and rd[0] == "local" and concurrency.constructed(rd[1])

    def multi_instance(self, root: Root) -> str | None:
        """Why several instances of `root` may run at once, or None."""
        return concurrency.multi_instance(self.package, root)

    def made_in_root(self, ref, root: Root) -> bool:
        """Is the map field `ref` only ever given fresh maps by code `root`
        reaches (each instance of the root has its own)?"""
        return concurrency.made_in_root(self.package, ref, root)

    def shared_map(self, reached: concurrency.Reached, target: Node, root: Root):
        """The shared map (`.key`, `.why`) a write in a reached function names, or None."""
        return concurrency.shared_map(self.package, reached, target, root)

    def accessed_elsewhere(self, ref, root: Root) -> tuple[SourceFile, Node, str] | None:
        """An access of the map `ref` that can run while `root` runs."""
        return concurrency.accessed_elsewhere(self.package, ref, root)

    def started_in_loop(self, root: Root, since: Node | None = None) -> bool:
        """Is the root's `go` statement or launcher call in a loop (one that
        does not also hold `since`, a declaration)?"""
        return concurrency.started_in_loop(root, since)

    # -- maps and locks ------------------------------------------------------------
    def is_map(self, expr: Node, file: SourceFile | None = None) -> bool:
        """Is the written value a map by its declared type (also `*p` where
        `p` is declared a pointer to a map)?"""
        file = file or self.file
        pointer = operand_of(expr, "*")
        if pointer is not None:
            t = self.package.declared_type_node(file, pointer)
            while t is not None and t.type == "parenthesized_type":
                t = named(t)[0] if named(t) else None
            return t is not None and t.type == "pointer_type" and bool(named(t)) and \
                self.package.classify_type(named(t)[0]) == MAP
        return self.package.expr_type(file, expr) == MAP

    def root_decl(self, expr: Node, file: SourceFile | None = None):
        return self.package.root_decl(file or self.file, expr)

    def lock_state(self, body: Node, before: Node) -> str | None:
        """'locked' if some X.Lock() precedes `before` in `body` (same function)
        with no X.Unlock() between, or the function is always called with
        an exclusive lock held; 'rlocked' if only a read lock is; else None."""
        return self._lock_at(body, before, 0)

    def _lock_at(self, body: Node, before: Node, depth: int, callers: bool = True
                 ) -> str | None:
        parent = self.file.parent
        func = parent(body)
        state: dict[str, str] = {}
        if func is None:
            return None
        for sel in self.file.directly_in(func, _LOCK_Q):
            if sel.start_byte >= before.start_byte:
                break
            call = parent(sel)
            stmt = parent(call)
            method = sel.child_by_field_name("field").text.decode()
            target = sel.child_by_field_name("operand").text.decode("utf-8", "replace")
            if stmt is not None and stmt.type == "defer_statement":
                continue  # a deferred Unlock runs at return; a deferred Lock is nonsense
            if method in ("Lock", "TryLock"):
                state[target] = "locked"
            elif method == "RLock":
                if state.get(target) != "locked":
                    state[target] = "rlocked"
            elif method in ("Unlock", "RUnlock") and _same_block_path(call, before, parent):
                # an Unlock in a branch that does not lead to `before`
                # (`if done { mu.Unlock(); return }`) does not release it there
                state.pop(target, None)
        if "locked" in state.values() or self._semaphore_held(func, before) or \
                self._caller_holds_lock(func, depth, callers):
            return "locked"
        if "rlocked" in state.values():
            return "rlocked"
        return None

    def _caller_holds_lock(self, func: Node, depth: int = 0, callers: bool = True) -> bool:
        """Is `func` always called with an exclusive lock held? Named
        `...Locked` / `..._locked`, documented so ("must hold the lock",
        "caller holds mu"), or an unexported function whose every call in
        the package is made under an exclusive lock (locks held along the
        call chain count)."""
        if func.type == "func_literal":
            return False
        name_node = func.child_by_field_name("name")
        name = name_node.text.decode() if name_node is not None else ""
        if name.endswith("Locked") or name.endswith("_locked") or \
                _documented_locked(doc_comment(self.file, func)):
            return True
        if not callers or depth > 3:
            return False
        memo = self.package.memo.setdefault("caller_holds_lock", {})
        key = (self.file.abspath, func.start_byte)
        if key in memo:
            return memo[key]
        memo[key] = False                       # while asking: a cycle says no
        calls = self.package.direct_calls(func)
        memo[key] = calls is not None and all(self._locked_at_call(f, call, depth)
                                              for f, call in calls)
        return memo[key]

    def _locked_at_call(self, f: SourceFile, call: Node, depth: int) -> bool:
        """Is an exclusive lock held at `call` (in its function, or by that
        function's callers)?"""
        caller = f.enclosing_function(call)
        body = function_body(caller) if caller is not None else None
        return body is not None and Model(self.package, f)._lock_at(body, call, depth + 1) == "locked"

    def _semaphore_held(self, func: Node, before: Node) -> bool:
        """A channel semaphore taken before `before` in `func`'s own body
        (`<-sem`, also as a `select` case, or `sem <- v`) whose inverse is
        deferred there (`defer func() { sem <- struct{}{} }()`, `defer
        func() { <-sem }()`): it excludes like a lock."""
        taken, given = set(), set()
        for node in self.file.directly_in(func, _CHAN_OPS_Q):
            if node.start_byte >= before.start_byte:
                break
            chan = _channel_of(node)
            if chan is None:
                continue
            (given if node.type == "send_statement" else taken).add(chan)
        if not taken and not given:
            return False
        for defer in self.file.directly_in(func, _DEFER_Q):
            for node in self.file.within(defer, _CHAN_OPS_Q):
                chan = _channel_of(node)
                if chan is None:
                    continue
                if (node.type == "send_statement" and chan in taken) or \
                        (node.type != "send_statement" and chan in given):
                    return True
        return False




_CHAN_OPS_Q = """
(send_statement) @node
(unary_expression operator: "<-") @node
"""
_DEFER_Q = "(defer_statement) @node"


_MUST_HOLD = re.compile(
    r"\b(must|should) (hold|have|be holding|already hold)\b[^.]*\block\b"
    r"|\b(lock|mutex|mu)\b[^.]*\b(must be|is|should be) (held|locked|acquired)\b"
    r"|\bwith [^.]*\block(ed)? held\b|\bcaller(s)? (must )?holds?\b|\bunder [^.]*\block\b",
    re.I)


def _documented_locked(doc: str) -> bool:
    """A doc comment saying the caller holds a lock."""
    return bool(_MUST_HOLD.search(" ".join(doc.split())))


def _channel_of(node: Node) -> str | None:
    """The channel a send or receive uses, as written (`sem`, `s.sem`)."""
    chan = node.child_by_field_name("channel") if node.type == "send_statement" \
        else node.child_by_field_name("operand")
    chan = unparen(chan)
    if chan is None or chan.type not in ("identifier", "selector_expression"):
        return None
    return chan.text.decode("utf-8", "replace")


def _same_block_path(node: Node, later: Node, parent) -> bool:
    """Is the innermost block around `node` also around `later`?"""
    n = parent(node)
    while n is not None and n.type not in ("block", "expression_case", "type_case",
                                           "default_case", "communication_case"):
        n = parent(n)
    return n is None or (n.start_byte <= later.start_byte and later.end_byte <= n.end_byte)


_LOCK_Q = ('((call_expression function: (selector_expression field: (field_identifier) @m) @node) '
           '(#any-of? @m "Lock" "Unlock" "RLock" "RUnlock" "TryLock"))')


def locked_map_fields(package: PackageFacts) -> list[str]:
    """Names of the package's map fields that some function accesses while
    holding an exclusive lock, its own or its callers' (a whole-package
    question: every file is parsed): files that mention one may write it
    unguarded."""
    memo = package.memo.get("locked_map_fields")
    if memo is not None:
        return memo
    package.load_all()
    out: set[str] = set()
    for f in list(package.files):
        if f.is_test or f.unqueryable:
            continue
        model = Model(package, f)
        for sel in f.found(_SELECTOR_Q)[0]:
            name = sel.child_by_field_name("field").text.decode()
            if name in out:
                continue
            key = model.field_key(sel)
            if key is not None and package.struct_field_type(*key) == MAP and \
                    model.locked_accesses(*key):
                out.add(key[1])
    package.memo["locked_map_fields"] = sorted(out)
    return package.memo["locked_map_fields"]


_SELECTOR_Q = "(selector_expression) @node"

"""Concurrent roots seen from inside (rules.md, "The program model"): what
each root reaches through call edges and the locks held on the way, whether
more than one instance of it runs, which shared map a write names, and who
else touches that map.

Everything here is per package and computed on demand: packages with no
root pay nothing. A root's reach is a breadth-first walk over
`facts.callee_decls` (at most ROOT_DEPTH calls deep) that carries the lock
state of each call site; a function reached both with and without a lock
is kept with the weaker state, so a write reachable without a lock is seen.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

from tree_sitter import Node

from . import golang
from .facts import (
    ROOT_DEPTH, FuncInfo, PackageFacts, Root, configured_launchers, declared_import_type,
    declared_names, declared_value, function_declarations, launcher_names_of, root_words_of,
)
from .prefilter import has, mentions_any
from .records import datatype
from .source import (
    FUNCTION_KINDS, Decl, SourceFile, TooDeep, captures, declaration_skeleton, doc_start,
    function_at, named, node_at, operand_of, parameters, unparen,
)

#: lock states, weakest first
_RANK = {None: 0, "rlocked": 1, "locked": 2}
_CALL_Q = "(call_expression) @node"


def stronger(a: str | None, b: str | None) -> str | None:
    """The lock state when both hold (a caller's lock and the callee's own)."""
    return a if _RANK[a] >= _RANK[b] else b


class Reached:
    """A function a root reaches: `held` is the lock state on entry along
    `path` (the calls from the root's function down to this one); `call` is
    the call in `parent`'s function that runs it (None for the root); `key`
    is (its file's absolute path, its start byte), `end` its end byte.

    A function whose calls came from the package's reach record
    (call_summary) is known by its key until its node, file or call is
    asked for: its file is parsed only if a rule looks inside it."""
    __slots__ = ("key", "end", "held", "parent", "_func", "_file", "_call", "_call_span",
                 "_facts")

    def __init__(self, func: Node | None, file: SourceFile | None, held: str | None = None,
                 parent: "Reached | None" = None, call: "Node | tuple[int, int] | None" = None,
                 *, key: tuple[str, int] | None = None, end: int = 0,
                 facts: PackageFacts | None = None):
        self._func, self._file, self.held, self.parent = func, file, held, parent
        self._call, self._call_span = (None, call) if isinstance(call, tuple) else (call, None)
        if func is not None:
            self.key, self.end = (file.abspath, func.start_byte), func.end_byte
        else:
            self.key, self.end = key, end
        self._facts = facts

    @property
    def resolved(self) -> bool:
        """Is its node at hand (its file parsed for it)?"""
        return self._func is not None

    @property
    def file(self) -> SourceFile:
        if self._file is None:
            self._file = self._facts.file_at(self.key[0])
        return self._file

    @property
    def func(self) -> Node:
        if self._func is None:
            self._func = function_at(self.file, self.key[1])
        return self._func

    @property
    def call(self) -> Node | None:
        if self._call is None and self._call_span is not None:
            self._call = node_at(self.parent.file, *self._call_span, "call_expression")
        return self._call

    def path(self) -> list[tuple[SourceFile, Node]]:
        steps, r = [], self
        while r.parent is not None and r.call is not None:
            steps.append((r.parent.file, r.call))
            r = r.parent
        return steps[::-1]


@datatype(frozen=True)
class MapRef:
    """A shared map as the program knows it: `key` names it wherever it is
    written ("var", name), ("field", type, field) or ("local", file, offset);
    `why` says why it is shared."""
    key: tuple
    why: str
    decl: Decl | None = None            # a captured local's declaration
    decl_file: SourceFile | None = None


def all_roots(facts: PackageFacts) -> list[Root]:
    """The package's concurrent roots, ordered by where they start (whatever
    order the files were parsed in)."""
    if "concurrency_roots" not in facts.memo:
        facts.memo["concurrency_roots"] = sorted(
            facts.concurrent_roots(), key=lambda r: (r.site_file.path, r.site.start_byte,
                                                     r.file.path, r.func.start_byte))
    return facts.memo["concurrency_roots"]


def root_key(root: Root) -> tuple[str, int, str, int]:
    """Where a root starts and the function it runs: (file, byte, file, byte)."""
    return (root.site_file.abspath, root.site.start_byte, root.file.abspath, root.func.start_byte)


def outline(file: SourceFile) -> str:
    """A digest of what a root's reach can read of a file without entering
    its functions: its build constraint, package clause, imports and
    declarations, function signatures included, bodies and comments left
    out (source.declaration_skeleton)."""
    return hashlib.sha256(declaration_skeleton(file, comments=False)).hexdigest()[:32]


def reach_record(facts: PackageFacts) -> dict | None:
    """What a check of the whole package learnt about its roots' reach, for
    a later check of some of its files (roots_into): for each root whose
    reach was walked, the files it reached; for every file the names it may
    declare (facts.declared_names), and for each file that was
    parsed, its outline.

    For each walked function, its calls as the walk found them (where, the
    functions they may run, the lock state), the queries that rules ran in
    it and found nothing in (query_digest), and its place (_place): a later
    walk reads them instead of parsing its file, or, in a checked file, for
    a function whose declaration kept its bytes (call_summary).

    A root's reach follows calls by the names that files declare, looked up
    in the files that may declare them, and reads what those declare. So
    while every other file has the same bytes, a checked file that may
    declare the same names was looked up by the same walks; one that was
    not parsed then was never read by them, and one that was read has the
    same outline: a root that reached none of the checked files still
    reaches none of them.

    The launching helpers each file declares (goroutines.helpers_by_file),
    when the check searched the files for them: a later check reads only
    the checked files for theirs (launching_helper_names).

    Made when a root was walked, when finding the package's named map
    types parsed files (they are kept too: facts.map_type_names), or when
    the files were searched for launching helpers; None otherwise."""
    from .goroutines import helpers_by_file
    helpers = helpers_by_file(facts)
    walked = facts.memo.get("concurrency_reach")
    if not walked and not facts.memo.get("map_types_loaded"):
        # no root was walked, and the named map types were found without
        # parsing a file for them: a later check has nothing to spare but
        # the launching helpers, when the files were searched for them (a
        # record with no names holds for no root, call or map type)
        return None if helpers is None else {
            "outline": {}, "names": {}, "roots": [], "calls": [], "map_types": None,
            "helpers": helpers}
    walked = walked or {}
    names = {f.abspath: declared_names(f.data) for f in facts.files}
    names.update((abspath, declared_names(data)) for _p, abspath, data in facts.pending)
    functions = {r.key: r for reached in walked.values() for r in reached}
    computed = facts.memo.get("concurrency_calls", {})
    ordinals = {f.abspath: {n.start_byte: i for i, n in enumerate(function_declarations(f))}
                for f in facts.files}
    empty: dict[tuple, list] = {}
    for key, digest in facts.memo.get("runs_in_empty", ()):
        empty.setdefault(key, []).append(digest)
    calls = []
    for key, r in functions.items():
        entry = computed.get(key)      # (None: a function the walk did not go past)
        calls.append((key[0], key[1], r.end,
                      None if entry is None else
                      [(call.start_byte, call.end_byte,
                        [(d.file.abspath, d.node.start_byte, d.node.end_byte,
                          ordinals[d.file.abspath][d.node.start_byte]) for d in decls],
                        state) for call, decls, state in entry[1]],
                      sorted(empty.get(key, ())), _place(r.file, r.func, ordinals[key[0]])))
    found = facts.memo.get("roots")           # (facts.concurrent_roots: every root)
    # the files whose code says `recover`, when the package has launching
    # helpers: whether a helper recovers may read a function of another file
    recovering = sorted(abspath for abspath, data in
                        [(f.abspath, f.data) for f in facts.files] +
                        [(p[1], p[2]) for p in facts.pending]
                        if has("word", b"recover", data)) if helpers else None
    return {"outline": {f.abspath: outline(f) for f in facts.files}, "names": names,
            "roots": [(*key, sorted({r.key[0] for r in reached}))
                      for key, reached in walked.items()],
            "complete": found is not None and all(root_key(r) in walked for r in found),
            "calls": calls, "map_types": facts.memo.get("map_type_names"), "helpers": helpers,
            "recovering": recovering}


def roots_cannot_reach(checked: list[tuple[str, bytes]], record: dict | None,
                       goroutine_launchers, parsed) -> bool:
    """For a check of some files of a package (`checked`: (absolute path,
    bytes)) with the reach record of its last whole check, whose other
    files have the bytes they had then: can no concurrent root reach the
    checked files? `parsed(abspath)`: a checked file, parsed.

    True when the record walked every root of the package (`complete`),
    none of them started in a checked file, ran one of its functions or
    reached one; and each checked file declares the names it did then,
    has the outline it had if it was parsed then (reach_record), holds no
    word a root is started with (facts.root_words_of: `go` among them, so
    it declares no launching helper now) and declared none then. Then the
    other files start the roots they did, each reaching what it did: what
    decides a root and its calls is the file's own bytes and what the
    package declares; a helper's body too (which argument it runs, and
    whether it recovers, which may read a function of a checked file: so
    when the package has helpers, a checked file says `recover` neither
    now nor then)."""
    helpers = record.get("helpers") if record is not None else None
    if helpers is None or not record.get("complete"):
        return False
    paths = {abspath for abspath, _data in checked}
    if paths.intersection(helpers):
        return False
    if helpers and (record.get("recovering") is None or paths.intersection(record["recovering"])
                    or any(has("word", b"recover", data) for _p, data in checked)):
        return False
    words = tuple(w.encode() for w in
                  root_words_of([data for _p, data in checked],
                                launcher_names_of(configured_launchers(goroutine_launchers)), ()))
    if any(mentions_any(words, data) for _p, data in checked) or \
            not _declared_as_recorded(record, checked, parsed):
        return False
    return not any(site in paths or func in paths or paths.intersection(reached)
                   for site, _at, func, _start, reached in record["roots"])


def _declared_as_recorded(record: dict, checked: list[tuple[str, bytes | None]], parsed) -> bool:
    """Does each checked file ((absolute path, bytes), None: not there)
    declare the names it could when the record was made and, if it was
    parsed then, have the outline it had? `parsed(abspath)`: the file,
    parsed."""
    for abspath, data in checked:
        names = record["names"].get(abspath)
        if data is None or names is None or names != declared_names(data):
            return False
        if abspath in record["outline"] and record["outline"][abspath] != outline(parsed(abspath)):
            return False
    return True


def roots_into(facts: PackageFacts) -> list[Root]:
    """all_roots, less the roots that cannot reach the checked files of a
    check of some files of the package (`facts.memo["reach_record"]`: the
    checked files and the reach_record of the package's last whole check,
    whose other files the caller found unchanged). A root is left out only
    when it starts in, and runs a function of, another file, the record
    walked it and it reached none of the checked files, and each checked
    file may declare the names it could then and, if it was parsed then,
    has the outline it had (reach_record). Anything else: every root."""
    if facts.memo.get("roots_cannot_reach"):
        return []                       # (roots_cannot_reach: set by the engine)
    roots = all_roots(facts)
    if not _record_holds(facts):
        return roots
    checked, record = facts.memo["reach_record"]
    away = {tuple(entry[:4]) for entry in record["roots"]
            if not checked.intersection(entry[4])}
    return [r for r in roots if root_key(r) not in away
            or r.site_file.abspath in checked or r.file.abspath in checked]


def _record_holds(facts: PackageFacts) -> bool:
    """Does the reach record given for a check of some files hold for them:
    each may declare the names it could then and, if it was parsed then,
    has the outline it had (the caller found the other files unchanged)?"""
    if "record_holds" in facts.memo:
        return facts.memo["record_holds"]
    given = facts.memo.get("reach_record")
    holds = given is not None
    if holds:
        checked, record = given
        files = {f.abspath: f for f in facts.files}
        pending = {abspath: (path, data) for path, abspath, data in facts.pending}

        def parsed(path: str) -> SourceFile:
            # (one not loaded, read by the walks then: parsed apart)
            return files.get(path) or facts.parse_apart(pending[path][0], path, pending[path][1])
        holds = _declared_as_recorded(record, [
            (path, files[path].data if path in files else
             pending[path][1] if path in pending else None) for path in checked], parsed)
    facts.memo["record_holds"] = holds
    return holds


def _place(file: SourceFile, func: Node, ordinals: dict[int, int]) -> tuple | None:
    """Where a function is, in terms an edit elsewhere in its file keeps:
    (the place of the top-level function declaration holding it among the
    file's declarations, its offset from that declaration's start, a digest
    of that declaration's bytes and of the comments above it, which its
    lock state reads); None outside a function declaration."""
    top = func
    while top is not None and (up := file.parent(top)) is not None and up.type != "source_file":
        top = up
    if top is None or top.start_byte not in ordinals or \
            top.type not in ("function_declaration", "method_declaration"):
        return None
    digest = hashlib.sha256(file.data[doc_start(top):top.end_byte]).hexdigest()[:16]
    return ordinals[top.start_byte], func.start_byte - top.start_byte, digest


def _recorded_in_checked(facts: PackageFacts, reached: Reached):
    """The record's entry of a function of a checked file whose declaration
    has the bytes (and comments above) it had then, and how far it moved:
    (entry, shift), or None."""
    file, func = reached.file, reached.func
    by_place = facts.memo.setdefault("recorded_by_place", {})
    if file.abspath not in by_place:
        by_place[file.abspath] = {entry[3][:2]: (key, entry)
                                  for key, entry in facts.memo["reach_record"][1]["calls"].items()
                                  if key[0] == file.abspath and entry[3] is not None}
    ordinals = file.memoized("declaration ordinals", lambda: {
        n.start_byte: i for i, n in enumerate(function_declarations(file))})
    place = _place(file, func, ordinals)
    found = by_place[file.abspath].get(place[:2]) if place is not None else None
    if found is None or found[1][3][2] != place[2]:
        return None
    (_path, start), entry = found
    shift = func.start_byte - start
    return (entry, shift) if entry[0] + shift == reached.end else None


def _recorded(facts: PackageFacts, reached: Reached) -> tuple:
    """(the record's entry of a reached function, how far it moved), or
    (None, 0): the record holds for the check, and the function is in an
    unchanged file, or in a checked file with its declaration's bytes."""
    if "reach_record" not in facts.memo or not _record_holds(facts):
        return None, 0
    checked, record = facts.memo["reach_record"]
    if reached.key[0] in checked:
        return _recorded_in_checked(facts, reached) or (None, 0)
    entry = record["calls"].get(reached.key)
    return (entry, 0) if entry is not None and entry[0] == reached.end else (None, 0)


def call_summary(facts: PackageFacts, reached: Reached) -> list | None:
    """The calls of a reached function as the record of the package's last
    whole check holds them, when it holds (_record_holds): [((start, end)
    of the call, [(path, start, end, place) of each callee], lock state)].
    In a checked file, whose bytes may have moved, only for a function
    whose declaration kept its bytes (its calls moved with it); a callee in
    a checked file is the declaration at the same place in its order (its
    outline is the one it had)."""
    entry, shift = _recorded(facts, reached)
    if entry is None or entry[1] is None:
        return None
    checked = facts.memo["reach_record"][0]
    if not shift and not any(c[0] in checked for _span, callees, _state in entry[1]
                             for c in callees):
        return entry[1]
    out = []
    for (start, end), callees, state in entry[1]:
        mapped = []
        for c in callees:
            if c[0] in checked:
                declared = function_declarations(facts.file_at(c[0]))
                if c[3] >= len(declared):
                    return None
                c = (c[0], declared[c[3]].start_byte, declared[c[3]].end_byte, c[3])
            mapped.append(c)
        out.append(((start + shift, end + shift), mapped, state))
    return out


@lru_cache(maxsize=64)
def query_digest(source: str) -> str:
    """A short name for a query's source, as the reach record keeps it."""
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def found_nothing(facts: PackageFacts, reached: Reached, source: str) -> bool:
    """Did the query find nothing in this function at the package's last
    whole check, whose record holds for it (call_summary)?"""
    checked = facts.memo["reach_record"][0] if "reach_record" in facts.memo else ()
    if reached.key[0] in checked:
        return False            # (a function of a checked file is looked in)
    entry, _shift = _recorded(facts, reached)
    return entry is not None and query_digest(source) in entry[2]


def note_found(facts: PackageFacts, reached: Reached, source: str, found: list) -> None:
    """Remember, for the reach record, a query that found nothing here."""
    if not found:
        facts.memo.setdefault("runs_in_empty", set()).add((reached.key, query_digest(source)))


def _own_lock_state(facts: PackageFacts, file: SourceFile, func: Node, node: Node) -> str | None:
    from .queries import Model        # the lock state is the model's (queries.py)
    return Model(facts, file).own_lock_state(func, node)


def _calls(facts: PackageFacts, file: SourceFile, func: Node) -> list[tuple[Node, list, str | None]]:
    """The calls `func` makes on its own goroutine (not inside a nested
    `go` statement), each with the package's functions it may run and the
    lock state at the call. Memoised per function."""
    memo = facts.memo.setdefault("concurrency_calls", {})  # key -> (file, calls, files loaded)
    key = (file.abspath, func.start_byte)
    if key in memo:
        return memo[key][1]
    # from the last check of the package in this process (engine.py): valid
    # while the function's file is the very file parsed then; the files its
    # resolution loaded are loaded again (what the package's facts hold, and
    # so which files the rules see, is the same as without it)
    kept = facts.memo.get("kept_calls")
    hit = kept.get(key) if kept else None
    if hit is not None and hit[0] is file:
        facts.load_paths(hit[2])
        memo[key] = hit
        return hit[1]
    loaded = len(facts.loaded)
    out = []
    for call in in_function(file, func, _CALL_Q):
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "identifier" and fn.text.decode() in golang.PREDECLARED:
            continue                                # len, append, make, ...
        if not runs_in_place(file, call, func):
            continue       # another root, or a literal passed along (`once.Do(func() {...})`)
        try:
            decls = facts.callee_decls(file, call) or []
        except TooDeep:
            continue
        decls = [d for d in decls if d.body is not None]
        if decls:
            out.append((call, decls, _own_lock_state(facts, file, func, call)))
    memo[key] = (file, out, tuple(f.abspath for f in facts.loaded[loaded:]))
    return out


def in_function(file: SourceFile, func: Node, source: str) -> list[Node]:
    """A query's captures inside one function, nested literals included (the
    query runs over the function alone: a root reaches a few functions of a
    file, not all of them)."""
    if file.unqueryable:
        return []
    return file.memoized(("in_function", source, func.start_byte, func.end_byte),
                         lambda: sorted(captures(source, func).get("node", []),
                                        key=lambda n: n.start_byte))


def runs_in_place(file: SourceFile, node: Node, func: Node, passed_literals=False) -> bool:
    """Does `node` run when `func` does, on its goroutine: not inside a
    nested `go` statement, nor (unless `passed_literals`) inside a literal
    that is only passed along (`s.update(func(st *state) {...})`: when, and
    under which lock, the callee runs it is not known); a literal called or
    deferred right there (`defer func() {...}()`) runs in place.
    `passed_literals` may also be a test of the call a literal is passed
    to: such a literal runs in place when it holds (not for a launcher),
    any other (`f := func() {...}`) does."""
    n = file.parent(node)
    while n is not None and not (n.start_byte == func.start_byte and n.end_byte == func.end_byte
                                 and n.type == func.type):
        if n.type == "go_statement":
            return False
        if n.type == "func_literal" and passed_literals is not True:
            up = file.parent(n)
            fn = unparen(up.child_by_field_name("function")) \
                if up is not None and up.type == "call_expression" else None
            if fn is None or fn.start_byte != n.start_byte:
                if not passed_literals:
                    return False
                if up is not None and up.type == "argument_list" and \
                        not passed_literals(file.parent(up)):
                    return False
        n = file.parent(n)
    return True


def started_in_loop(root: Root, since: Node | None = None) -> bool:
    """Is the root's `go` statement or launcher call inside a `for` loop of
    its function (one that does not also hold `since`, a declaration)?"""
    sf, n = root.site_file, root.site_file.parent(root.site)
    while n is not None and n.type not in FUNCTION_KINDS:
        if n.type == "for_statement" and not (
                since is not None and n.start_byte <= since.start_byte < n.end_byte):
            return True
        n = sf.parent(n)
    return False


def reach(facts: PackageFacts, root: Root) -> list[Reached]:
    """The functions `root` reaches, the root's own function first."""
    memo = facts.memo.setdefault("concurrency_reach", {})
    rkey = root_key(root)
    if rkey in memo:
        return memo[rkey]
    first = Reached(root.func, root.file)
    best: dict[tuple, Reached] = {first.key: first}
    queue = [(first, 0)]
    while queue:
        here, depth = queue.pop(0)
        if depth >= ROOT_DEPTH:
            continue
        summary = call_summary(facts, here)
        for call, decls, state in (summary if summary is not None else
                                   _calls(facts, here.file, here.func)):
            held = stronger(here.held, state)
            for d in decls:
                k = (d.file.abspath, d.node.start_byte) if isinstance(d, FuncInfo) else d[:2]
                seen = best.get(k)
                if seen is not None and _RANK[seen.held] <= _RANK[held]:
                    continue
                best[k] = r = (Reached(d.node, d.file, held, here, call)
                               if isinstance(d, FuncInfo) else
                               Reached(None, None, held, here, call, key=k, end=d[2],
                                       facts=facts))
                queue.append((r, depth + 1))
    memo[rkey] = list(best.values())
    return memo[rkey]


def roots_reaching(facts: PackageFacts, file: SourceFile, func: Node) -> list[Root]:
    """Every root whose reach holds `func` (or a function around it)."""
    index = facts.memo.get("concurrency_index")
    if index is None:
        index = {}
        for root in all_roots(facts):
            for r in reach(facts, root):
                index.setdefault(r.key, []).append(root)
        facts.memo["concurrency_index"] = index
    out: list[Root] = []
    f = func
    while f is not None:
        for root in index.get((file.abspath, f.start_byte), ()):
            if root not in out:
                out.append(root)
        f = file.enclosing_function(f)
    return out


def multi_instance(facts: PackageFacts, root: Root, _seen: frozenset = frozenset()) -> str | None:
    """Why more than one instance of `root` may run at once, or None."""
    if root.what.startswith(("the HTTP handler", "the gRPC method")):
        return "it runs once per request, concurrently"
    if started_in_loop(root):
        return "it is started in a loop"
    site, sf = root.site, root.site_file
    launching = sf.enclosing_function(site)
    if launching is None:
        return None
    declared = sf.declared_function(site)
    name_node = declared.child_by_field_name("name") if declared is not None else None
    name = name_node.text.decode() if name_node is not None else ""
    if facts.package_class == "library" and name[:1].isupper() and name != "main":
        return f"it is started by the exported {name}, which importers may call again while it runs"
    key = (sf.abspath, site.start_byte)
    if key in _seen:
        return None
    for other in roots_reaching(facts, sf, launching):
        if other is root:
            continue
        if multi_instance(facts, other, _seen | {key}):
            return f"it is started from {other.describe()}, which runs many times"
    return None


def param_index(func: Node, name: str) -> int | None:
    """The argument position of parameter `name` of a declared function."""
    return next((i for n, i, _t in parameters(func) if n is not None and n.text.decode() == name),
                None)


def _fresh(value: Node | None) -> bool:
    """A value made right here: `T{...}`, `&T{...}`, `new(T)`, `make(...)`,
    or a constructor's result (`newT()`, `NewT()`)."""
    value = unparen(value)
    if value is not None and value.type == "unary_expression":
        value = unparen(value.child_by_field_name("operand"))
    if value is None:
        return False
    if value.type == "composite_literal":
        return True
    fn = value.child_by_field_name("function") if value.type == "call_expression" else None
    return fn is not None and fn.type == "identifier" and (
        fn.text in (b"new", b"make") or fn.text.lower().startswith(b"new"))


def made_in_root(facts: PackageFacts, ref: MapRef, root: Root) -> bool:
    """Is the map field `ref` (("field", T, f)) only ever given a fresh map
    (`T{f: make(map...)}`, `x.f = map[K]V{}`) by code `root` reaches? Then
    each instance of the root makes its own maps (rules.md, GP003: "a map
    created inside a root is not shared"); another root may still touch
    them (accessed_elsewhere)."""
    if ref.key[0] != "field":
        return False
    _kind, owner, field = ref.key
    memo = facts.memo.setdefault("made_in_root", {})
    mkey = (owner, field, root.site_file.abspath, root.site.start_byte)
    if mkey in memo:
        return memo[mkey]
    stores = [(f, where, value) for f, where, value, owner_node in facts.field_stores(field)
              if owner_node is not None and (
                  facts.field_key(f, owner_node) == (owner, field)
                  if owner_node.type == "selector_expression" else
                  owner_node.text.decode() == owner)]
    reached = [(*r.key, r.end) for r in reach(facts, root)]
    memo[mkey] = bool(stores) and all(
        _fresh_map(value) and any(path == f.abspath and a <= where.start_byte < b
                                  for path, a, b in reached)
        for f, where, value in stores)
    return memo[mkey]


def _fresh_map(value: Node | None) -> bool:
    """`make(map[K]V...)` or a map composite literal."""
    value = unparen(value) if value is not None else None
    if value is None:
        return False
    if value.type == "composite_literal":
        typ = value.child_by_field_name("type")
        return typ is not None and typ.type == "map_type"
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        args = named(value.child_by_field_name("arguments"))
        return fn is not None and fn.text == b"make" and bool(args) and args[0].type == "map_type"
    return False


def constructed(decl: Decl | None) -> bool:
    """A local declared with a fresh value (`x := &T{...}`)."""
    return decl is not None and decl.kind == "var" and _fresh(declared_value(decl))


def shared_map(facts: PackageFacts, reached: Reached, target: Node, root: Root,
               depth: int = 0) -> MapRef | None:
    """The shared map a write through `target` (in `reached.func`) names,
    or None when it is the goroutine's own or not known (rules.md, GP003
    "shared map"): a package-level variable, a struct field of a package
    type, a local of the launching function the goroutine captures (or is
    given as an argument), a map reached through a parameter whose argument
    is one of these."""
    file = reached.file
    t = operand_of(target, "*") or unparen(target)                 # (*p)[k] = v
    if t is None or depth > ROOT_DEPTH:
        return None
    if t.type == "selector_expression":
        key = facts.field_key(file, t)
        if key is None:
            return None
        owner, field = key
        rd = facts.root_decl(file, t)
        if rd is not None and rd[0] == "local" and constructed(rd[1]):
            if reached.func.start_byte <= rd[1].ident.start_byte < reached.func.end_byte or \
                    reached.parent is not None or reached.func.type != "func_literal":
                return None                 # a value this function made
            # made by the launching function and captured: shared as its local is
            return MapRef(("local", file.abspath, rd[1].ident.start_byte),
                          f"a field of {rd[2].text.decode()!r}, made by the launching function",
                          rd[1], file)
        captured = _captured_through(reached, rd[1]) if rd is not None and rd[0] == "local" \
            else None
        if captured is not None:
            # `opts Options` of the launching function, captured (and maybe
            # passed down as `o`): a struct value of its own, shared as its
            # local is
            decl, dfile = captured
            return MapRef(("local", dfile.abspath, decl.ident.start_byte),
                          f"a field of {decl.name!r}, a value of the launching function",
                          decl, dfile)
        if rd is not None and rd[0] == "local" and rd[1].kind in ("receiver", "param") and \
                _made_in_reach(facts, reached, rd[1], depth):
            return None                     # a value made on this goroutine (a request's)
        binding = _root_binding(reached, rd[1]) if rd is not None and rd[0] == "local" and \
            rd[1].kind in ("receiver", "param") else None
        made = _fresh_owner(root, binding) if binding is not None else None
        if made is not None:
            # `c := &conn{...}; go c.readLoop()`: the value the launching
            # function made for this goroutine (and its siblings)
            return MapRef(("field", owner, field), f"a field of {made[1]!r}, made by "
                          "the launching function", made[0], root.site_file)
        if rd is not None and rd[0] == "local" and rd[1].kind == "receiver":
            why = f"a field reached through receiver {rd[2].text.decode()!r}"
        else:
            why = f"a field of {(rd[2].text.decode() if rd else t.text.decode())!r}"
        return MapRef(("field", owner, field), why)
    if t.type != "identifier":
        return None
    decl = file.lookup(t)
    if decl is None:
        var = facts.var(t.text.decode())
        return MapRef(("var", t.text.decode()), "a package-level variable") if var else None
    inside = reached.func.start_byte <= decl.ident.start_byte < reached.func.end_byte
    if not inside:
        # declared around a literal: captured from the launching function
        if reached.parent is None and reached.func.type == "func_literal" and \
                decl.kind not in ("const",):
            return MapRef(("local", file.abspath, decl.ident.start_byte),
                          "captured from the launching function", decl, file)
        return None
    if decl.kind != "param":
        return None                                  # the function's own map
    if reached.parent is not None and reached.call is not None:
        index = param_index(reached.func, decl.name)
        args = reached.call.child_by_field_name("arguments")
        values = named(args) if args is not None else []
        if index is None or index >= len(values) or reached.func.type == "func_literal":
            return None
        ref = shared_map(facts, reached.parent, _address_of(values[index]), root, depth + 1)
        if ref is None:
            return None
        return MapRef(ref.key, f"{ref.why}, passed as {decl.name!r}", ref.decl, ref.decl_file)
    if reached.parent is None and root.site.type == "go_statement" and root.func.type != "func_literal":
        # `go worker(m)`: the argument, in the launching function
        call = unparen(named(root.site)[0]) if named(root.site) else None
        index = param_index(reached.func, decl.name)
        args = call.child_by_field_name("arguments") if call is not None else None
        values = named(args) if args is not None else []
        launching = root.site_file.enclosing_function(root.site)
        if index is None or index >= len(values) or launching is None:
            return None
        arg = _address_of(values[index])
        if arg is not None and arg.type == "identifier":
            local = root.site_file.lookup(arg)
            if local is not None and local.kind == "var":
                return MapRef(("local", root.site_file.abspath, local.ident.start_byte),
                              f"a local of the launching function, passed as {decl.name!r}",
                              local, root.site_file)
            if local is not None:
                return None
        ref = shared_map(facts, Reached(launching, root.site_file), arg, root, depth + 1)
        return MapRef(ref.key, f"{ref.why}, passed as {decl.name!r}") if ref else None
    return None


def _captured_value(reached: Reached, decl: Decl) -> bool:
    """Is `decl` a struct value (declared with a written non-pointer type)
    of the launching function that the root's literal captures?"""
    if reached.parent is not None or reached.func.type != "func_literal" or \
            decl.kind not in ("param", "var") or decl.type is None:
        return False
    if reached.func.start_byte <= decl.ident.start_byte < reached.func.end_byte:
        return False
    t = decl.type
    while t is not None and t.type == "parenthesized_type":
        t = named(t)[0] if named(t) else None
    return t is not None and t.type in ("type_identifier", "qualified_type", "generic_type")


def _captured_through(reached: Reached, decl: Decl, depth: int = 0
                      ) -> tuple[Decl, SourceFile] | None:
    """The captured struct value of the launching function (`_captured_value`)
    that `decl` is, directly or as a receiver/parameter it is passed down as."""
    if _captured_value(reached, decl):
        return decl, reached.file
    if reached.parent is None or reached.call is None or depth > ROOT_DEPTH or \
            decl.kind not in ("receiver", "param"):
        return None
    value = _bound_value(reached, decl)
    local = reached.parent.file.lookup(value) if value is not None and \
        value.type == "identifier" else None
    return _captured_through(reached.parent, local, depth + 1) if local is not None else None


def _fresh_owner(root: Root, binding: Decl) -> tuple[Decl, str] | None:
    """For `go x.m()` / `go handle(x)` where the launching function made `x`
    fresh (`x := &T{...}`, `newT()`) and `binding` is the receiver or
    parameter of the root's function it is bound to: (x's declaration, its
    name)."""
    if root.site.type != "go_statement" or not named(root.site):
        return None
    call = unparen(named(root.site)[0])
    if call.type != "call_expression":
        return None
    if binding.kind == "receiver":
        fn = unparen(call.child_by_field_name("function"))
        x = unparen(fn.child_by_field_name("operand")) if fn is not None and \
            fn.type == "selector_expression" else None
    else:
        index = param_index(root.func, binding.name)
        args = call.child_by_field_name("arguments")
        values = named(args) if args is not None else []
        x = _address_of(values[index]) if index is not None and index < len(values) else None
    if x is None or x.type != "identifier":
        return None
    decl = root.site_file.lookup(x)
    return (decl, x.text.decode()) if constructed(decl) else None


def _fresh_values(root: Root) -> list[Decl]:
    """The fresh locals of the launching function a `go` statement hands to
    its goroutine (as receiver or argument)."""
    if root.func.type == "func_literal":
        return []
    bindings = [Decl(n.text.decode(), kind, n, n)
                for which, kind in (("parameters", "param"), ("receiver", "receiver"))
                for n, _i, _t in parameters(root.func, which) if n is not None]
    out = []
    for b in bindings:
        owner = _fresh_owner(root, b)
        if owner is not None:
            out.append(owner[0])
    return out


def _bound_value(reached: Reached, decl: Decl) -> Node | None:
    """The expression the call into `reached.func` binds to its receiver or
    parameter `decl` (`&m` read as `m`)."""
    fn = unparen(reached.call.child_by_field_name("function"))
    if decl.kind == "receiver":
        value = fn.child_by_field_name("operand") if fn is not None and \
            fn.type == "selector_expression" else None
    else:
        index = param_index(reached.func, decl.name)
        args = reached.call.child_by_field_name("arguments")
        values = named(args) if args is not None else []
        value = values[index] if index is not None and index < len(values) else None
    return _address_of(value)


def _root_binding(reached: Reached, decl: Decl, depth: int = 0) -> Decl | None:
    """The receiver or parameter of the root's function that the receiver
    or parameter `decl` of `reached.func` is, passed down the path
    (`c.serve()` -> `c.handle()` -> ...); None when it is something else."""
    if reached.parent is None:
        return decl
    if reached.call is None or depth > ROOT_DEPTH:
        return None
    value = _bound_value(reached, decl)
    if value is None or value.type != "identifier":
        return None
    local = reached.parent.file.lookup(value)
    if local is None or local.kind not in ("receiver", "param"):
        return None
    return _root_binding(reached.parent, local, depth + 1)


def _made_in_reach(facts: PackageFacts, reached: Reached, decl: Decl, depth: int) -> bool:
    """Is the receiver or parameter `decl` of `reached.func` bound, along the
    path from the root, to a value some function on the path made fresh
    (`req := new(Msg); req.Unpack(b)`)? Then its fields are this
    goroutine's own."""
    if reached.parent is None or reached.call is None or depth > ROOT_DEPTH:
        return False
    value = _bound_value(reached, decl)
    if value is not None and value.type == "composite_literal":
        return True                         # `f(T{m: ...})`: a value made at the call
    while value is not None and value.type == "selector_expression":
        value = unparen(value.child_by_field_name("operand"))   # req.hdr: req's own
    if value is None or value.type != "identifier":
        return False
    pf = reached.parent.file
    local = pf.lookup(value)
    if local is None:
        return False
    if constructed(local):
        return True
    if local.kind in ("receiver", "param") and \
            reached.parent.func.start_byte <= local.ident.start_byte < reached.parent.func.end_byte:
        return _made_in_reach(facts, reached.parent, local, depth + 1)
    return False


def _address_of(arg: Node | None) -> Node | None:
    """`&m` -> `m`: a pointer to the map is the same map."""
    return operand_of(arg, "&") or unparen(arg)


def accesses(facts: PackageFacts, key: tuple) -> list[tuple[SourceFile, Node]]:
    """Every access (read or write) of a field or package-level variable in
    the package's non-test files: the selector `x.f` on a value of the
    type, or the identifier where no local shadows it."""
    memo = facts.memo.setdefault("concurrency_accesses", {})
    if key in memo:
        return memo[key]
    out = []
    if key[0] == "field":
        for f, n in facts.field_accesses(key[2]):
            sel = f.parent(n)
            if facts.expr_type(f, sel.child_by_field_name("operand")) == ("named", key[1]):
                out.append((f, sel))
    elif key[0] == "var":
        for f, n in facts._references(key[1], "identifier"):
            if f.lookup(n) is None:
                out.append((f, n))
    memo[key] = out
    return out


def accessed_elsewhere(facts: PackageFacts, ref: MapRef, root: Root
                       ) -> tuple[SourceFile, Node, str] | None:
    """An access of the shared map that can run while `root` does: in a
    function another root reaches, in a function `root` does not reach
    (a caller's goroutine), or in the launching function after the launch.
    Accesses in the launching function before the launch and through a
    value made in the same function are construction."""
    mine = {r.key for r in reach(facts, root)}
    launching = root.site_file.enclosing_function(root.site) \
        if root.site.type != "identifier" else None
    fallback = None
    if ref.decl is not None and not _escapes(root, ref.decl, launching):
        # a value the launching function made and keeps to itself: only the
        # goroutines it starts on that value share it
        return _sibling_access(facts, ref, root, launching)
    for f, node in accesses(facts, ref.key):
        func = f.enclosing_function(node)
        if func is None:
            continue
        if launching is not None and f.abspath == root.site_file.abspath and \
                func.start_byte == launching.start_byte:
            if node.start_byte < root.site.start_byte:
                continue                        # before the launch: setting up
            return f, node, "by the launching function after the launch"
        if (f.abspath, func.start_byte) in mine or _within_reach(f, func, mine):
            continue
        rd = facts.root_decl(f, node) if node.type == "selector_expression" else None
        if rd is not None and rd[0] == "local" and constructed(rd[1]):
            continue                            # a value that function made
        reaching = [r for r in roots_reaching(facts, f, func) if r is not root]
        others = [r for r in reaching if not _joined(facts, r, mine, ref)]
        if others:
            return f, node, f"by {others[0].describe()}"
        if reaching:
            continue                            # goroutines our root waits for
        if fallback is None and not _is_init(func):
            fallback = (f, node, "outside this goroutine")
    return fallback


def _joined(facts: PackageFacts, other: Root, mine: set, ref: MapRef) -> bool:
    """Is `other` started by code our root runs, which then waits for it
    (`wg.Wait()`, `g.Wait()` after the launch) without touching the map in
    between? Its accesses end before ours go on: not concurrent with them."""
    sf = other.site_file
    launching = sf.enclosing_function(other.site) if other.site.type != "identifier" else None
    if launching is None or not ((sf.abspath, launching.start_byte) in mine or
                                 _within_reach(sf, launching, mine)):
        return False
    waits = [c for c in in_function(sf, launching, _CALL_Q)
             if c.start_byte >= other.site.end_byte and _is_join(facts, sf, c)]
    if not waits:
        return False
    until = waits[0].start_byte
    return not any(f.abspath == sf.abspath and other.site.end_byte <= n.start_byte < until
                   for f, n in accesses(facts, ref.key))


def _is_join(facts: PackageFacts, file: SourceFile, call: Node) -> bool:
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression" or \
            fn.child_by_field_name("field").text != b"Wait":
        return False
    typ = declared_import_type(file, fn.child_by_field_name("operand"), facts)
    return typ is not None and (*typ, "Wait") in golang.JOIN_METHODS


def _escapes(root: Root, decl: Decl, launching: Node | None) -> bool:
    """Is the variable used after the launch (returned, stored, passed on):
    then other code may reach the value while the goroutine runs."""
    if launching is None:
        return True
    f = root.site_file
    for ident in in_function(f, launching, "(identifier) @node"):
        if ident.start_byte >= root.site.end_byte and ident.text.decode() == decl.name:
            found = f.lookup(ident)
            if found is not None and found.ident.start_byte == decl.ident.start_byte:
                return True
    return False


def _sibling_access(facts: PackageFacts, ref: MapRef, root: Root, launching: Node | None):
    if launching is None:
        return None
    for other in all_roots(facts):
        if other is root or other.site_file.abspath != root.site_file.abspath or \
                all(d.ident.start_byte != ref.decl.ident.start_byte for d in _fresh_values(other)):
            continue
        theirs = {r.key for r in reach(facts, other)}
        for f, node in accesses(facts, ref.key):
            func = f.enclosing_function(node)
            if func is not None and ((f.abspath, func.start_byte) in theirs or
                                     _within_reach(f, func, theirs)):
                return f, node, f"by {other.describe()}"
    return None


def _within_reach(f: SourceFile, func: Node, mine: set) -> bool:
    n = f.enclosing_function(func)
    while n is not None:
        if (f.abspath, n.start_byte) in mine:
            # a literal inside a reached function runs there, unless `go` starts it
            return runs_in_place(f, func, n, passed_literals=True)
        n = f.enclosing_function(n)
    return False


def _is_init(func: Node) -> bool:
    name = func.child_by_field_name("name") if func.type == "function_declaration" else None
    return name is not None and name.text == b"init"

"""
## What it does
Reports a write to a shared map inside a goroutine body when no lock is
held: `m[k] = v`, `m[k] op= v`, `m[k]++`, `m[k]--`, `delete(m, k)`.

The map must be known to be a map from the package's own source (a
variable declared with a map type, `make(map...)` or a map literal, a
parameter of map type, or a struct field of map type), and shared: a
package-level variable, a field reached through a receiver or through a
variable declared outside the goroutine, or a captured variable when the
`go` statement runs in a loop or the launching function writes the map
too after the `go` statement. A write is guarded when an `X.Lock()`
precedes it in the goroutine with no `X.Unlock()` on a path between (a
deferred Unlock does not end the guard, nor does one in an arm that
returns), or when a channel semaphore is held: `<-sem` (also as a
`select` case) or `sem <- v` whose inverse is deferred in the same body.
`X.RLock()` does not guard a write. A receiver's field is not shared when
one goroutine owns it: every access of the field on values of that type is
in the goroutine's function, and the `go` statement runs once per value
(not in a loop; in an unexported function, or in a package that is not an
importable library). One finding per goroutine and map: the
first unguarded write, the others as related locations. Goroutines started
in test files are not reported (tests are not a program).

Also, with or without a goroutine in sight (the caller may be net/http):
**inconsistent guarding**. A write of a struct field's map under only a
read lock (`RLock`), while other accesses of that field hold an exclusive
lock: readers run together, so two of them write together. A function
named `...Locked`, documented as called with the lock held ("the caller
must hold s.mu"), or whose every call in the package is made under an
exclusive lock counts as locked; a write through a value the same
function made (`T{...}`, `&T{...}`, `new(T)`, `newT()`) is construction.

`strict = true` also reports such writes that hold no lock at all.

## Why is this bad?
Go maps are not safe for concurrent writes. The runtime detects it and
stops the process with `fatal error: concurrent map writes`, which no
`recover` can catch: the pod restarts, and the trace went to a stderr that
is gone with the container.

## Example
```go
var cache = map[string]int{}

func warm(keys []string) {
    for _, k := range keys {
        go func(k string) {
            cache[k] = compute(k) // concurrent map writes
        }(k)
    }
}
```

## Use instead
```go
var (
    mu    sync.Mutex
    cache = map[string]int{}
)

go func(k string) {
    v := compute(k)
    mu.Lock()
    cache[k] = v
    mu.Unlock()
}(k)
```
or a `sync.Map`, or collect results over a channel.

## Known limits
Maps whose type only a type checker knows (returned by a function of
another package, behind an interface) are not reported; slices, arrays
and `sync.Map` never are. A lock taken in a called function is not seen.
Callers' locks are followed by the callee's name within the package, not
through a closure run under a lock (`s.update(func(st *state) {...})`) nor
a lock of another value; that is why a write with no lock at all, where
other accesses lock, is reported only under `strict`. Writes one or more
calls below a goroutine, and launchers and handlers as goroutines, are
not followed yet. No automatic fix.

## References
The race detector (`go test -race`) finds these at run time when a test
happens to exercise them; staticcheck and go vet have no static check.
"""
from golint_panics.rule import (
    FUNCTION_KINDS, GO_STATEMENT, Rule, locked_map_fields, map_write_targets, unparen,
)

WRITES = """
(assignment_statement left: (expression_list (index_expression))) @node
(inc_statement (index_expression)) @node
(dec_statement (index_expression)) @node
((call_expression function: (identifier) @f) @node (#eq? @f "delete"))
"""


def in_loop_since(go_stmt, decl_node, ctx) -> bool:
    """Is the `go` statement inside a loop that does not also contain the declaration?"""
    n = ctx.parent(go_stmt)
    while n is not None and n.type not in FUNCTION_KINDS:
        if n.type == "for_statement" and not (n.start_byte <= decl_node.start_byte < n.end_byte):
            return True
        n = ctx.parent(n)
    return False


def _started_once(go_stmt, ctx) -> bool:
    """Is the `go` statement outside any loop, in a function that runs once
    per value: unexported, or in a package no other module imports?"""
    n = ctx.parent(go_stmt)
    while n is not None and n.type not in FUNCTION_KINDS:
        if n.type == "for_statement":
            return False
        n = ctx.parent(n)
    name = ctx.enclosing_function_name(go_stmt) or ""
    return ctx.package_class != "library" or not name[:1].isupper()


def written_after(go_stmt, target, decl, ctx) -> bool:
    """Does the function that runs the `go` statement write the same map after it, unguarded?"""
    launcher = ctx.enclosing_function(go_stmt)
    body = launcher.child_by_field_name("body") if launcher is not None else None
    if body is None:
        return False
    text = ctx.text(target)
    for write in ctx.directly_in(launcher, WRITES):
        if write.start_byte < go_stmt.end_byte:
            continue
        for m, _ in map_write_targets(write):
            if ctx.text(m) != text:
                continue
            root = ctx.model.root_decl(m)
            if root is None or root[1].ident != decl.ident:
                continue
            if ctx.model.lock_state(body, write) != "locked":
                return True
    return False


def why_shared(target, goroutine, go_stmt, file, ctx, launch=None):
    """Why the written map is shared between goroutines, or None.
    `go_stmt` is the `go` statement for a function literal, None for a
    declared function started with `go f()`; `launch` is the `go`
    statement either way."""
    root = ctx.model.root_decl(target, file)
    if root is None:
        return None
    where, decl, ident = root
    is_field = target.type == "selector_expression"
    if where == "package":
        return "a package-level variable"
    if is_field and decl.kind == "receiver":
        field = target.child_by_field_name("field").text.decode()
        if launch is not None and _started_once(launch, ctx) and \
                ctx.model.field_confined_to(target.child_by_field_name("operand"), field,
                                            goroutine, file):
            return None   # one goroutine, started once, owns the field
        return f"a field reached through receiver {ident.text.decode()!r}"
    if goroutine.start_byte <= decl.ident.start_byte < goroutine.end_byte:
        return None  # declared in the goroutine (its own variable or parameter)
    if go_stmt is None:
        return None
    if is_field:
        return f"a field of {ident.text.decode()!r}, declared outside the goroutine"
    if in_loop_since(go_stmt, decl.ident, ctx):
        return "captured by goroutines started in a loop"
    if written_after(go_stmt, target, decl, ctx):
        return "also written by the launching function after the go statement"
    return None


def package_tokens(facts):
    """Under `strict`, a write with no lock at all is reported where other
    accesses of the field lock: files that name such a field."""
    options = facts.settings.rule_options.get("GP003", {}) if facts.settings else {}
    return locked_map_fields(facts) if options.get("strict") else []


def check(node, ctx):
    if node.type == "go_statement":
        check_goroutine(node, ctx)
    else:
        check_guarding(node, ctx)


def check_guarding(write, ctx):
    """Inconsistent guarding: this write of `x.field` holds no exclusive
    lock, while other accesses of the same field hold one."""
    func = ctx.enclosing_function(write)
    body = func.child_by_field_name("body") if func is not None else None
    if body is None:
        return
    for m, _ in map_write_targets(write):
        key = ctx.model.field_key(m)
        if key is None or not ctx.model.is_map(m):
            continue
        state = ctx.model.lock_state(body, write)
        if state == "locked" or _constructed_here(m, ctx):
            continue
        # with no lock at all: under `strict` only. The callers' locks are
        # followed by name within the package, not through closures run
        # under a lock or a lock of another value; on the corpus such
        # findings were mostly writes whose caller holds the lock
        if state is None and not ctx.strict:
            continue
        locked = [(f, a) for f, a in ctx.model.locked_accesses(*key) if a is not m]
        if not locked or _goroutine_body(write, func, ctx) or \
                not ctx.once(("write", write.start_byte)):
            continue
        lf, la = locked[0]
        where = f"{lf.name}:{lf.position(la.start_byte)[0]}"
        held = ("under only a read lock (RLock does not exclude other writers)"
                if state == "rlocked" else "without a lock")
        ctx.report(write, f"write to map {ctx.text(m)!r} {held}, while other accesses of "
                          f"{key[0]}.{key[1]} hold an exclusive lock ({where}): the code uses "
                          "it from several goroutines, and concurrent map writes crash the "
                          "process with a fatal error that recover cannot catch",
                   related=[(lf, la, "accessed under an exclusive lock here")])
        return


def _goroutine_body(write, func, ctx) -> bool:
    """Is the write in the body of a `go` statement (a literal, or a
    function started with `go f()`)? Those are judged with their goroutine."""
    n = func
    while n is not None:
        if n.type == "func_literal":
            up = ctx.parent(n)
            if up is not None and up.type == "call_expression" and \
                    ctx.parent(up) is not None and ctx.parent(up).type == "go_statement":
                return True
        n = ctx.enclosing_function(n)
    root = ctx.model.root_reaching(write)
    return root is not None and root.site.type == "go_statement" and \
        root.func.start_byte == func.start_byte and root.file is ctx.file


def _constructed_here(m, ctx) -> bool:
    """A write through a variable the same function made with `T{...}`,
    `&T{...}` or `new(T)`: construction, not a concurrent write."""
    root = ctx.model.root_decl(m)
    if root is None or root[0] != "local" or root[1].value is None:
        return False
    value = unparen(root[1].value)
    if value is not None and value.type == "unary_expression":
        value = unparen(value.child_by_field_name("operand"))
    fn = value.child_by_field_name("function") if value is not None and \
        value.type == "call_expression" else None
    # `T{...}`, `&T{...}`, `new(T)`, or a constructor's fresh value (`newT()`)
    return value is not None and (value.type == "composite_literal" or (
        fn is not None and fn.type == "identifier" and
        (fn.text == b"new" or fn.text.lower().startswith(b"new"))))


def check_goroutine(go_stmt, ctx):
    target = ctx.model.goroutine_body(go_stmt)
    if target is None:
        return
    func, body, file = target
    literal = func.type == "func_literal"
    if not literal and not ctx.once(("goroutine", file.path, func.start_byte)):
        return  # a declared function started from several places: judged once
    found: dict[str, list] = {}          # map as written -> [(write, why, lock state)]
    for write in ctx.directly_in(func, WRITES, file=file):
        for m, _ in map_write_targets(write):
            if not ctx.model.is_map(m, file):
                continue
            why = why_shared(m, func, go_stmt if literal else None, file, ctx, launch=go_stmt)
            if why is None:
                continue
            state = ctx.model.lock_state(body, write)
            if state == "locked":
                continue
            found.setdefault(ctx.text(m), []).append((write, why, state))
            break
    # one finding per (goroutine, map): the first unguarded write, the others related
    for name, writes in found.items():
        write, why, state = writes[0]
        related = [(file, w, "also written here") for w, _why, _s in writes[1:]]
        if file is ctx.file and not ctx.once(("write", write.start_byte)):
            continue
        if state == "rlocked":
            message = (f"write to shared map {name!r} ({why}) under only a read lock: "
                       "RLock does not exclude other writers; concurrent map writes crash "
                       "the process (fatal error, recover cannot catch it); use Lock")
        else:
            message = (f"write to shared map {name!r} ({why}) in a goroutine without a "
                       "lock: concurrent map writes crash the process with a fatal error "
                       "that recover cannot catch")
        ctx.report(write, message, file=file, related=related)


RULE = Rule(
    code="GP003",
    name="unguarded-map-write-in-goroutine",
    summary="Shared map written in a goroutine without a lock",
    docs=__doc__,
    query="(go_statement) @node\n" + WRITES,
    # goroutines, and writes under a read lock; under `strict`, writes of a
    # map field that some function accesses under a lock (package tokens)
    tokens=(GO_STATEMENT, b"RLock"),
    package_tokens=package_tokens,
    check=check,
    # goroutines started in test files are not roots: tests are not a program
    applies_to_tests=False,
    severity="error",
    precision="high",
    tags=("reliability", "concurrency"),
)

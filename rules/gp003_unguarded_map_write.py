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
precedes it in the goroutine with no `X.Unlock()` between (a deferred
Unlock does not end the guard). `X.RLock()` does not guard a write.

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
and `sync.Map` never are. A lock taken in a called function is not seen:
such a write is reported unless the `Lock` call is in the goroutine body
itself. No automatic fix.

## References
The race detector (`go test -race`) finds these at run time when a test
happens to exercise them; staticcheck and go vet have no static check.
"""
from golint_panics.rule import Rule, enclosing_function, map_write_targets, receiver_type_name

QUERY = """
(assignment_statement left: (expression_list (index_expression))) @node
(inc_statement (index_expression)) @node
(dec_statement (index_expression)) @node
((call_expression function: (identifier) @f) @node (#eq? @f "delete"))
"""


def goroutine_of(node, ctx):
    """(goroutine function node, go statement or None) when `node` runs in a goroutine body."""
    func = enclosing_function(node)
    if func is None:
        return None
    if func.type == "func_literal":
        call = func.parent
        if call is not None and call.type == "call_expression" and \
                call.child_by_field_name("function") == func and \
                call.parent is not None and call.parent.type == "go_statement":
            return func, call.parent
        return None
    name = func.child_by_field_name("name")
    recv = receiver_type_name(func) if func.type == "method_declaration" else None
    if name is not None and (recv, name.text.decode()) in ctx.package.go_launched:
        return func, None
    return None


def in_loop_since(go_stmt, decl_node) -> bool:
    """Is the `go` statement inside a loop that does not also contain the declaration?"""
    n = go_stmt.parent
    while n is not None and n.type not in ("function_declaration", "method_declaration",
                                           "func_literal"):
        if n.type == "for_statement" and not (n.start_byte <= decl_node.start_byte < n.end_byte):
            return True
        n = n.parent
    return False


def written_after(go_stmt, target, decl, ctx) -> bool:
    """Does the function that runs the `go` statement write the same map after it, unguarded?"""
    launcher = enclosing_function(go_stmt)
    body = launcher.child_by_field_name("body") if launcher is not None else None
    if body is None:
        return False
    text = ctx.text(target)
    for write in ctx.within(body, QUERY):
        if write.start_byte < go_stmt.end_byte or enclosing_function(write) != launcher:
            continue
        for m, _ in map_write_targets(write):
            if ctx.text(m) != text:
                continue
            root = ctx.root_decl(m)
            if root is None or root[1].ident != decl.ident:
                continue
            if ctx.lock_state(body, write) != "locked":
                return True
    return False


def why_shared(target, goroutine, go_stmt, ctx):
    root = ctx.root_decl(target)
    if root is None:
        return None
    where, decl, ident = root
    is_field = target.type == "selector_expression"
    if where == "package":
        return "a package-level variable"
    if is_field and decl.kind == "receiver":
        return f"a field reached through receiver {ident.text.decode()!r}"
    if goroutine.start_byte <= decl.ident.start_byte < goroutine.end_byte:
        return None  # declared in the goroutine (its own variable or parameter)
    if is_field:
        if go_stmt is not None:
            return f"a field of {ident.text.decode()!r}, declared outside the goroutine"
        return None
    if go_stmt is None:
        return None
    if in_loop_since(go_stmt, decl.ident):
        return "captured by goroutines started in a loop"
    if written_after(go_stmt, target, decl, ctx):
        return "also written by the launching function after the go statement"
    return None


def check(node, ctx):
    found = goroutine_of(node, ctx)
    if found is None:
        return
    goroutine, go_stmt = found
    for target, _ in map_write_targets(node):
        if not ctx.is_map(target):
            continue
        why = why_shared(target, goroutine, go_stmt, ctx)
        if why is None:
            continue
        state = ctx.lock_state(goroutine.child_by_field_name("body"), node)
        if state == "locked":
            continue
        name = ctx.text(target)
        if state == "rlocked":
            ctx.report(node, f"write to shared map {name!r} ({why}) under only a read lock: "
                             "RLock does not exclude other writers; concurrent map writes crash "
                             "the process (fatal error, recover cannot catch it); use Lock")
        else:
            ctx.report(node, f"write to shared map {name!r} ({why}) in a goroutine without a "
                             "lock: concurrent map writes crash the process with a fatal error "
                             "that recover cannot catch")


RULE = Rule(
    code="GP003",
    name="unguarded-map-write-in-goroutine",
    summary="Shared map written in a goroutine without a lock",
    docs=__doc__,
    query=QUERY,
    tokens=(b"go ", b"go\t"),
    check=check,
    severity="error",
    precision="high",
    tags=("reliability", "concurrency"),
)

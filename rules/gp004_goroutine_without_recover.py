"""
## What it does
Reports a `go` statement whose goroutine body has no deferred recover: no
`defer` statement, among the body's top-level statements, that runs a
function literal calling `recover()`, a function or method of the same
package whose body calls `recover()`, or a helper named in the
`recover-helpers` setting. `go` statements whose body is not known (a
function of another package, a function value) are reported only with
`strict-go = true`. Test files are left alone. The finding sits on the
`go` keyword.

## Why is this bad?
A panic in a goroutine that does not recover it ends the whole process,
whatever the `main` goroutine does: one bad request, one nil map in a
background worker, and every in-flight request of the pod is gone.

## Example
```go
func (s *Server) start() {
    go s.refreshLoop() // a panic in refreshLoop kills the server
}
```

## Use instead
```go
func (s *Server) refreshLoop() {
    defer func() {
        if r := recover(); r != nil {
            s.log.Error("refresh loop panicked", "panic", r, "stack", string(debug.Stack()))
        }
    }()
    ...
}
```
or a shared helper (`defer s.recoverPanic()`, or
`defer runtime.HandleCrash()` once it is listed in `recover-helpers`).

## Known limits
`defer recover()` does not count (it never stops a panic; GP008 reports
it). A recover reached only through a function of another package counts
only when it is listed in `recover-helpers`. Goroutines started by
libraries (`errgroup.Go`, `http.Server`) are not `go` statements and are
not seen. No automatic fix.

## References
golangci-lint has no such linter (earlier proposals were rejected for
false positives); this rule reports only bodies it can see.
"""
from golint_panics.rule import GO_STATEMENT, Rule



def check(go_stmt, ctx):
    keyword = go_stmt.child(0)
    target = ctx.goroutine_body(go_stmt)
    if target is None:
        if ctx.strict or ctx.options.get("strict-go") or ctx.settings.strict_go:
            ctx.report(keyword, "goroutine runs code this linter cannot see (strict-go): "
                                "make sure it recovers panics, or the process dies with it")
        return
    _func, body, file = target
    if ctx.has_deferred_recover(body, file):
        return
    message = ("goroutine has no deferred recover: a panic in it crashes the whole process; "
               "add `defer func() { if r := recover(); r != nil { ... } }()`")
    foreign = ctx.deferred_foreign_calls(body, file)
    if foreign:
        message += (f"; if {foreign[0]} recovers, list it in recover-helpers")
    ctx.report(keyword, message)


RULE = Rule(
    code="GP004",
    name="goroutine-without-recover",
    summary="Goroutine without a deferred recover",
    docs=__doc__,
    node_kinds=("go_statement",),
    tokens=(GO_STATEMENT,),
    applies_to_tests=False,
    check=check,
    severity="warning",
    precision="high",
    tags=("reliability", "panic"),
    options={"strict-go": bool},
)

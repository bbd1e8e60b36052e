"""
## What it does
Reports a `recover()` that can never stop a panic:

- `defer recover()`: recover is called by the defer machinery, not by a
  deferred function, so it returns nil;
- a `recover()` inside a function literal nested in a deferred function
  literal (`defer func() { func() { recover() }() }()`);
- inside a deferred function literal, a call of a same-package function
  whose body calls `recover()` directly: that recover runs one call too
  deep and returns nil. The finding sits on that call.

## Why is this bad?
`recover` only stops a panic when it is called *directly* by the
deferred function. Each of these looks like protection and is none: the
goroutine still panics and takes the process with it.

## Example
```go
defer recover()

defer func() {
    logPanic() // logPanic calls recover(): returns nil here
}()
```

## Use instead
```go
defer func() {
    if r := recover(); r != nil {
        logPanic(r)
    }
}()

defer logPanic() // a helper that calls recover() itself, deferred directly
```

## Known limits
Helpers in other packages are not followed. No automatic fix: the right
shape depends on what the handler does with the panic value.

## References
go vet and staticcheck have no check for these;
revive `defer` (option `recover`) reports `defer recover()`
and recover outside a deferred function, and needs a compile. GP004
counts none of these as a recover, so the two rules agree.
"""
from golint_panics.rule import MISPLACED_RECOVER, Rule, unparen

QUERY = """
((call_expression function: (identifier) @f) @node (#eq? @f "recover"))
(defer_statement (call_expression function: (func_literal) @node))
"""


def deferred_literal(func, ctx) -> bool:
    """Is `func` a function literal deferred directly: `defer func() {...}()`?"""
    if func is None or func.type != "func_literal":
        return False
    call = ctx.parent(func)
    stmt = ctx.parent(call) if call is not None else None
    return (call is not None and call.type == "call_expression"
            and call.child_by_field_name("function") == func
            and stmt is not None and stmt.type == "defer_statement")


def check_recover_call(call, ctx):
    stmt = ctx.parent(call)
    if stmt is not None and stmt.type == "defer_statement":
        ctx.report(stmt, "defer recover() never stops a panic: recover must be called "
                                "by the deferred function; use "
                                "defer func() { if r := recover(); r != nil { ... } }()")
        return
    func = ctx.enclosing_function(call)
    if func is None or func.type != "func_literal" or deferred_literal(func, ctx):
        return
    outer = ctx.enclosing_function(func)
    while outer is not None and outer.type == "func_literal":
        if deferred_literal(outer, ctx):
            ctx.report(call, "recover() in a function literal nested in the deferred function "
                             "returns nil: move it into the deferred function itself")
            return
        outer = ctx.enclosing_function(outer)


_CALLS = "(call_expression) @node"


def check_deferred_literal(lit, ctx):
    body = lit.child_by_field_name("body")
    if body is None:
        return
    for call in ctx.directly_in(lit, _CALLS):
        for decl in ctx.model.callees(call) or ():
            if ctx.model.calls_recover(decl.node, decl.file):
                name = ctx.text(unparen(call.child_by_field_name("function")))
                ctx.report(call, f"{name} calls recover(), but called from the deferred function "
                                 "its recover returns nil; defer it directly "
                                 f"(defer {name}(...)) or call recover() here")
                break


def package_tokens(facts):
    """A deferred literal may call a recovering function of the package
    from a file that never says `recover` itself."""
    return [("defer", name) for name in facts.recovering_names()]


def check(node, ctx):
    if node.type == "func_literal":
        check_deferred_literal(node, ctx)
    else:
        check_recover_call(node, ctx)


RULE = Rule(
    code="GP008",
    name="ineffective-recover",
    summary="recover() that can never stop a panic",
    docs=__doc__,
    query=QUERY,
    # `defer recover()` or a recover() nested in a deferred literal (the
    # word, then the shape), or a deferred literal's call of a function of
    # the package that calls it: package_tokens
    tokens=((b"recover", MISPLACED_RECOVER),),
    package_tokens=package_tokens,
    # every finding is in a deferred call or a deferred function literal
    reports_at=(b"defer",),
    check=check,
    severity="error",
    precision="high",
    tags=("correctness", "panic"),
)

"""
## What it does
Reports an exit call (`os.Exit`, `syscall.Exit`, `log.Fatal*`, logrus,
klog and glog `Fatal*`/`Exit*`) in a function body that comes after a
`defer` statement of the same function body. Every function body counts
on its own, function literals included: a `defer` in an outer function
does not count for an exit inside a literal, nor the other way round.
Applies to `package main` and tests too.

## Why is this bad?
Exiting does not unwind the stack: the deferred calls (closing files,
flushing buffers and traces, releasing locks, removing temp files) never
run. The exit is usually on an error path, so the data lost is exactly
the data needed to understand the error.

## Example
```go
func main() {
    f, err := os.Create("out")
    ...
    defer f.Close()
    if err := run(f); err != nil {
        log.Fatal(err) // f is never flushed or closed
    }
}
```

## Use instead
```go
func main() {
    if err := run(); err != nil {
        log.Print(err)
        os.Exit(1)
    }
}

func run() error {
    f, err := os.Create("out")
    ...
    defer f.Close()
    ...
}
```

## Known limits
"After" is lexical: a defer in one branch and an exit in another branch
are reported. Exit calls through logger values need types and are not
seen. No automatic fix.

## References
go-critic `exitAfterDefer` (needs a compile, knows only `log` and
`os`); this rule also knows logrus, klog and glog exits and import
aliases. Related location: the `defer` that will not run.
"""
from golint_panics.rule import EXIT_CALL, EXIT_CALL_QUERY, Rule

_DEFER = "(defer_statement) @node"


def check(call, ctx):
    if ctx.exit_call(call) is None:
        return
    func = ctx.enclosing_function(call)
    body = func.child_by_field_name("body") if func is not None else None
    if body is None:
        return
    defers = [d for d in ctx.directly_in(func, _DEFER) if d.start_byte < call.start_byte]
    if not defers:
        return
    first = min(defers, key=lambda d: d.start_byte)
    line = first.start_point[0] + 1
    written = ctx.text(call.child_by_field_name("function"))
    ctx.report(call, f"{written} after defer (line {line}): the process exits without running "
                     "deferred calls; return an error and exit in one place instead",
               related=[(ctx.file, first, "this deferred call will not run")])


RULE = Rule(
    code="GP009",
    name="exit-skips-defers",
    summary="Exit call after defer: deferred calls never run",
    docs=__doc__,
    query=EXIT_CALL_QUERY,
    tokens=tuple((b"defer", *exit_call) for exit_call in EXIT_CALL),
    check=check,
    severity="warning",
    precision="high",
    tags=("reliability",),
)

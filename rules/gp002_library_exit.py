"""
## What it does
Reports an exit call (`os.Exit`, `syscall.Exit`, `log.Fatal*`, and the
`Fatal*`/`Exit*` functions of logrus, klog and glog) in a library package,
that is any package other than `package main`. Test files and
`func TestMain` are left alone.

## Why is this bad?
A library that exits takes the decision away from the program: deferred
calls do not run, the program's graceful shutdown is skipped, buffered
logs and traces are lost, and the caller never sees an error it could
handle. In a pod the container just stops with exit status 1.

## Example
```go
package store

func Open(path string) *DB {
    db, err := open(path)
    if err != nil {
        log.Fatalf("open %s: %v", path, err)
    }
    return db
}
```

## Use instead
```go
func Open(path string) (*DB, error) {
    db, err := open(path)
    if err != nil {
        return nil, fmt.Errorf("open %s: %w", path, err)
    }
    return db, nil
}
```

## Known limits
Exit calls through a logger value (`logger.Fatal(...)`) need type
information and are not reported. Calls through aliases
(`stdlog "log"`) are, and a local variable named `os` or `log` is never
mistaken for the package. No automatic fix.

## References
revive `deep-exit` (also reports `package main` helpers and needs a
compile); gocritic `exitAfterDefer` is closer to GP009.
"""
from golint_panics.rule import EXIT_CALL, EXIT_CALL_QUERY, Rule


def check(call, ctx):
    if ctx.is_main or ctx.is_test:
        return
    exit_fn = ctx.exit_call(call)
    if exit_fn is None or ctx.enclosing_function_name(call) == "TestMain":
        return
    written = ctx.text(call.child_by_field_name("function"))
    ctx.report(call, f"{written} in library package {ctx.file.package!r} ends the whole "
                     "program: deferred calls and the program's shutdown do not run; "
                     "return an error instead")


RULE = Rule(
    code="GP002",
    name="library-exit",
    summary="Exit call in a library package",
    docs=__doc__,
    query=EXIT_CALL_QUERY,
    tokens=EXIT_CALL,
    applies_to_tests=False,
    applies_to_main=False,
    check=check,
    severity="warning",
    precision="high",
    tags=("reliability",),
)

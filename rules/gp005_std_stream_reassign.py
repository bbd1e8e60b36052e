"""
## What it does
Reports an assignment to `os.Stderr` or `os.Stdout` (through a resolved
import of `os`). Test files are left alone: tests swap `os.Stdout` to
capture output.

## Why is this bad?
Assigning `os.Stderr = f` only changes what Go code that writes to
`os.Stderr` uses. A panic trace or a `fatal error` (concurrent map writes,
out of memory) is written by the runtime straight to file descriptor 2,
so it still goes to the container's stderr and is lost when the pod
restarts, which is exactly what the assignment was meant to prevent.

## Example
```go
f, _ := os.Create("/var/log/app/crash.log")
os.Stderr = f // panics still go to fd 2
```

## Use instead
```go
debug.SetCrashOutput(f, debug.CrashOptions{}) // Go 1.23+
// or, on Unix:
unix.Dup2(int(f.Fd()), 2) // not syscall.Dup2: it does not exist on linux/arm64
```

## Known limits
Only the package-level variables themselves are reported, not a copy
through another variable. No automatic fix: the right replacement depends
on the Go version and platform.

## References
No equivalent in go vet, staticcheck, revive or gosec.
"""

from golint_panics.rule import Rule, named

_Q = """
(assignment_statement left: (expression_list
  (selector_expression field: (field_identifier) @f (#any-of? @f "Stderr" "Stdout")))) @node
"""


def check(assign, ctx):
    if ctx.is_test:
        return
    left = assign.child_by_field_name("left")
    targets = [ctx.text(t) for t in named(left)
               if ctx.resolve(t) in (("os", "Stderr"), ("os", "Stdout"))]
    if targets:
        ctx.report(assign, f"assigning {' and '.join(targets)} does not redirect runtime panics "
                           "or `fatal error` output: the runtime writes to file descriptor 2; use "
                           "debug.SetCrashOutput (Go 1.23+) or unix.Dup2/syscall.Dup3 onto fd 2")


RULE = Rule(
    code="GP005",
    name="std-stream-reassign",
    summary="Assignment to os.Stderr/os.Stdout does not redirect crash output",
    docs=__doc__,
    query=_Q,
    tokens=((b'"os"', b"Stderr"), (b'"os"', b"Stdout")),
    applies_to_tests=False,
    check=check,
    severity="warning",
    precision="high",
    tags=("reliability", "observability"),
)

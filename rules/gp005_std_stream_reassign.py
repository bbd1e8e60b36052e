"""
## What it does
Reports an assignment to `os.Stderr` (through a resolved import of `os`)
outside test files and test-support packages. Not reported when the
assignment is a temporary capture (the same function, its literals
included, assigns `os.Stderr` back from a variable initialised from
`os.Stderr`: `old := os.Stderr; os.Stderr = w; ...; os.Stderr = old`), nor
when the package also redirects descriptor 2 itself (`unix.Dup2`/`Dup3`,
`syscall.Dup2`/`Dup3` onto 2, `windows.SetStdHandle`,
`debug.SetCrashOutput`) in a non-test file.

With `[rules.GP005] strict = true`: every assignment to `os.Stderr` or
`os.Stdout` outside test files, without exceptions.

## Why is this bad?
Assigning `os.Stderr = f` only changes what Go code that writes to
`os.Stderr` uses. A panic trace or a `fatal error` (concurrent map writes,
out of memory) is written by the runtime straight to file descriptor 2,
so it still goes to the container's stderr and is lost when the pod
restarts, which is exactly what the assignment was meant to prevent.
`os.Stdout` is not reported by default: no crash output goes there.

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
Only the package-level variable itself is reported, not a copy through
another variable. A Dup2 onto descriptor 2 is recognised when its target is
the literal `2`, `syscall.Stderr`/`unix.Stderr` or `int(os.Stderr.Fd())`,
not a named constant. No automatic fix: the right replacement depends on
the Go version and platform.

## References
No equivalent in go vet, staticcheck, revive or gosec.
"""

from golint_panics.rule import STD_STREAM_ASSIGNMENT, Rule, named, unparen

_Q = """
(assignment_statement left: (expression_list
  (selector_expression field: (field_identifier) @f (#any-of? @f "Stderr" "Stdout")))) @node
"""
_ASSIGN = "(assignment_statement) @node"
_STDERR = ("os", "Stderr")


def check(assign, ctx):
    left = assign.child_by_field_name("left")
    wanted = (_STDERR, ("os", "Stdout")) if ctx.strict else (_STDERR,)
    targets = [ctx.text(t) for t in named(left) if ctx.resolve(t) in wanted]
    if not targets:
        return
    if ctx.strict:
        ctx.report(assign, f"assigning {' and '.join(targets)} does not redirect runtime panics "
                           "or `fatal error` output: the runtime writes to file descriptor 2; use "
                           "debug.SetCrashOutput (Go 1.23+) or unix.Dup2/syscall.Dup3 onto fd 2")
        return
    if ctx.package_class == "test-support" or _restored(assign, ctx):
        return
    if ctx.model.fd2_redirect() is not None:
        return
    ctx.report(assign, f"assigning {targets[0]} does not redirect runtime panics or `fatal error` "
                       "output: the runtime writes them to file descriptor 2; use "
                       "debug.SetCrashOutput (Go 1.23+), or unix.Dup2/syscall.Dup3 onto fd 2")


def _outermost_function(node, ctx):
    func = ctx.enclosing_function(node)
    while func is not None and ctx.enclosing_function(func) is not None:
        func = ctx.enclosing_function(func)
    return func


def _restored(assign, ctx) -> bool:
    """Does the function around `assign` (its literals included) assign back
    to os.Stderr a variable initialised from os.Stderr?"""
    func = _outermost_function(assign, ctx)
    if func is None:
        return False
    for other in ctx.within(func, _ASSIGN):
        left = named(other.child_by_field_name("left"))
        right = named(other.child_by_field_name("right"))
        if len(left) != len(right):
            continue
        for target, value in zip(left, right):
            value = unparen(value)
            if ctx.resolve(target) == _STDERR and value is not None and \
                    value.type == "identifier" and _from_stderr(value, ctx):
                return True
    return False


def _from_stderr(ident, ctx) -> bool:
    decl, file = ctx.lookup(ident), ctx.file
    if decl is None:
        decl, file = ctx.model.var(ident.text.decode()) or (None, None)
    value = unparen(decl.value) if decl is not None else None
    return value is not None and file.resolve_selector(value) == _STDERR


RULE = Rule(
    code="GP005",
    name="std-stream-reassign",
    summary="Assignment to os.Stderr does not redirect crash output",
    docs=__doc__,
    query=_Q,
    # the import and the name, then an assignment to it (the shape)
    tokens=((b'"os"', b"Stderr", STD_STREAM_ASSIGNMENT),
            (b'"os"', b"Stdout", STD_STREAM_ASSIGNMENT)),
    applies_to_tests=False,
    check=check,
    severity="warning",
    precision="high",
    tags=("reliability", "observability"),
)

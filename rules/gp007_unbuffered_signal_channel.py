"""
## What it does
Reports `signal.Notify(c, ...)` where `c` is a variable declared in the
same function by `make(chan os.Signal)` or `make(chan os.Signal, 0)`.
An inline `signal.Notify(make(chan os.Signal), ...)` is not reported (as
go vet). The finding sits on the `signal.Notify` call.

## Why is this bad?
The signal package never blocks when it delivers a signal: if nobody is
receiving on an unbuffered channel at that instant, the signal is
dropped. A SIGTERM that arrives while the handler goroutine is busy (or
not yet scheduled) is lost, the graceful shutdown never starts, and the
pod is killed at the end of the grace period.

## Example
```go
c := make(chan os.Signal)
signal.Notify(c, syscall.SIGTERM)
```

## Use instead
```go
c := make(chan os.Signal, 1)
signal.Notify(c, syscall.SIGTERM)
```

## Known limits
Only channels made in the same function are followed. This is the one
rule with an automatic fix: `golint-panics check --fix` makes the
channel buffered with size 1, rewriting only the `make` call (the file
is replaced atomically); the fix is also shown in `full` output and
carried in SARIF `fixes`.

## References
go vet `sigchanyzer` (needs a compile) and staticcheck SA1017 report the
same; this rule needs neither and follows import aliases of `os` and
`os/signal`.
"""
from golint_panics.rule import Fix, Rule, named, unparen

QUERY = ('((call_expression function: (selector_expression field: (field_identifier) @f)) @node '
         '(#eq? @f "Notify"))')


def unbuffered_signal_make(value, ctx):
    """For `make(chan os.Signal)` / `make(chan os.Signal, 0)`: the argument list node."""
    value = unparen(value)
    if value is None or value.type != "call_expression":
        return None
    fn = value.child_by_field_name("function")
    args = value.child_by_field_name("arguments")
    if fn is None or fn.text != b"make" or args is None:
        return None
    items = [a for a in named(args) if a.type != "comment"]
    if not items or items[0].type != "channel_type" or len(items) > 2:
        return None
    elem = named(items[0])[-1] if named(items[0]) else None
    name = elem.child_by_field_name("name") if elem is not None else None
    if elem is None or elem.type != "qualified_type" or name is None or name.text != b"Signal":
        return None
    pkg = elem.child_by_field_name("package")
    if pkg is None or ctx.file.imports.get(pkg.text.decode()) != "os":
        return None
    if len(items) == 2 and items[1].text not in (b"0",):
        return None
    return items


def check(call, ctx):
    reg = ctx.model.signal_registration(call)
    if reg is None or reg.func != "Notify":
        return
    args = call.child_by_field_name("arguments")
    chan = unparen(named(args)[0]) if named(args) else None
    if chan is None or chan.type != "identifier":
        return
    decl = ctx.lookup(chan)
    if decl is None or decl.kind != "var" or decl.value is None:
        return
    if ctx.enclosing_function(decl.ident) != ctx.enclosing_function(call):
        return
    items = unbuffered_signal_make(decl.value, ctx)
    if items is None:
        return
    if len(items) == 2:
        fix = Fix("make the channel buffered: size 1", items[1].start_byte, items[1].end_byte, "1")
    else:
        fix = Fix("make the channel buffered: size 1", items[0].end_byte, items[0].end_byte, ", 1")
    ctx.report(call, f"signal.Notify on unbuffered channel {chan.text.decode()!r} (made at line "
                     f"{decl.ident.start_point[0] + 1}): a signal that arrives while nobody "
                     "receives is dropped; use make(chan os.Signal, 1)", fix=fix)


RULE = Rule(
    code="GP007",
    name="unbuffered-signal-channel",
    summary="signal.Notify on an unbuffered channel drops signals",
    docs=__doc__,
    query=QUERY,
    tokens=(b'"os/signal"',),
    check=check,
    severity="warning",
    precision="high",
    tags=("correctness", "shutdown"),
)

"""
## What it does
Reports a signal registration (`signal.Notify`, `signal.NotifyContext`,
`signal.Ignore`, `signal.Reset`) whose arguments include SIGKILL or
SIGSTOP: `syscall.SIGKILL`, `unix.SIGKILL` (`golang.org/x/sys/unix`),
`os.Kill`, `syscall.SIGSTOP`, `unix.SIGSTOP`. The finding sits on the
argument.

## Why is this bad?
SIGKILL and SIGSTOP cannot be caught, blocked or ignored; the handler
never runs. Code written to "clean up on kill" gives a false sense of
safety: when Kubernetes stops a pod it sends SIGTERM, waits
`terminationGracePeriodSeconds`, then sends SIGKILL, and only the SIGTERM
handler ever gets a chance.

## Example
```go
signal.Notify(c, syscall.SIGTERM, syscall.SIGKILL)
```

## Use instead
```go
signal.Notify(c, syscall.SIGTERM, os.Interrupt)
```
and finish the shutdown well within the grace period.

## Known limits
Signals passed through a slice (`sigs...`) or returned by a function are
followed when the slice is a composite literal of known signals only
extended by `append` of known signals, or the function of the package
returns only such values (the finding then sits on the call). No
automatic fix: dropping the argument is easy, but whether
the handler then still makes sense is for a person to decide.

## References
staticcheck SA1016 (trapping a signal that cannot be trapped) needs a
compile and type information and knows only `os.Kill` and `syscall`;
this rule also sees `golang.org/x/sys/unix`, import aliases, and
`signal.Ignore`/`signal.Reset`.
"""
from golint_panics.rule import Rule, golang, unparen

QUERY = ('((call_expression function: (selector_expression field: (field_identifier) @f)) @node '
         '(#any-of? @f "Notify" "NotifyContext" "Ignore" "Reset"))')


def check(call, ctx):
    reg = ctx.model.signal_registration(call)
    if reg is None:
        return
    for arg in reg.signal_args:
        named_here = unparen(arg) is not None and unparen(arg).type == "selector_expression"
        for sig in sorted(ctx.model.signal_set(arg) & golang.UNCATCHABLE):
            # on the argument; on the call when the signal comes from a slice
            # or a function
            where = "" if named_here else f" (through {ctx.text(arg)})"
            ctx.report(arg if named_here else call,
                       f"{sig} cannot be caught, blocked or ignored: signal.{reg.func} never "
                       f"sees it{where}; Kubernetes sends SIGTERM first, handle that")


RULE = Rule(
    code="GP006",
    name="uncatchable-signal",
    summary="SIGKILL/SIGSTOP can never be caught",
    docs=__doc__,
    query=QUERY,
    tokens=(b'"os/signal"',),
    check=check,
    severity="error",
    precision="high",
    tags=("correctness", "shutdown"),
)

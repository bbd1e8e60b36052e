"""
## What it does
Reports each signal registration (`signal.Notify`, `signal.NotifyContext`)
whose signals overlap another registration in the same program: a `main`
package plus every package of the run it imports, transitively, within its
module (`go.mod`). Library packages no `main` of the run imports are
compared within their own package. Two `signal.Notify` calls on the same
channel variable in the same function are one handler, not two. Test files
are not part of a program, and two registrations in files that no build
can combine (`term_unix.go` and `term_windows.go`, `//go:build linux` and
`//go:build windows`) do not overlap.

## Why is this bad?
Go delivers a signal to *every* channel registered for it. Two handlers
for SIGTERM race each other: one starts the graceful shutdown (drain
connections, run after-stop hooks, flush logs), the other calls `os.Exit`
and ends the process in the middle of it. In Kubernetes this is the pod
that restarts "for no reason" and loses the last requests and the logs
that would have explained it.

## Example
```go
// package agent (a diagnostics library)
func Listen() {
    c := make(chan os.Signal, 1)
    signal.Notify(c, syscall.SIGTERM)
    go func() { <-c; os.Exit(1) }()
}

// package main
func main() {
    agent.Listen()
    stop := make(chan os.Signal, 1)
    signal.Notify(stop, syscall.SIGTERM) // races the agent's handler
    <-stop
    server.Shutdown(ctx)
}
```

## Use instead
Own the signals in one place (the `main` package) and pass cancellation
down with a `context.Context`; give libraries a `Close`/`Shutdown` method
instead of their own signal handler.

## Known limits
Dependencies are followed through `vendor/` or the module cache
(`--deps`, default `auto`): a registration inside a dependency (or a
dependency of a dependency) is reported at the program's own call that
leads to it (`agent.Listen(...)`, `srv.Run()`), and only when a boolean
option that gates it (`Options{ShutdownCleanup: true}`) is true or not a
constant. Calls are followed within each package and from one package's
exported API to the next; calls through interfaces or function values are
not. Signal sets given through variables count as "unknown", which
overlaps everything. No automatic fix.

## References
No equivalent in go vet, staticcheck, revive or gosec. Related locations
point at the registrations each finding overlaps with.
"""
from dataclasses import replace

from golint_panics.rule import Rule, golang


def same_handler(a, b) -> bool:
    return (a.func == "Notify" and b.func == "Notify" and a.function_key is not None
            and a.function_key == b.function_key and a.channel == b.channel)


def check_program(pctx):
    overlaps: dict = {}
    scope: dict = {}
    for group in pctx.groups:
        regs = group.registrations
        for i, a in enumerate(regs):
            for b in regs[i + 1:]:
                if a.location == b.location or same_handler(a, b):
                    continue
                if golang.signals_overlap(a.signals, b.signals) and a.builds_with(b):
                    scope.setdefault(a.location, group)
                    scope.setdefault(b.location, group)
                    overlaps.setdefault(a.location, (a, {}))[1][b.location] = b
                    overlaps.setdefault(b.location, (b, {}))[1][a.location] = a
    for loc, (reg, others) in overlaps.items():
        shared = golang.describe_signals(reg.signals)
        related = []
        if reg.via is not None:
            related.append(reg.via)
        for other_loc, other in sorted(others.items(), key=lambda kv: (kv[0].path, kv[0].line)):
            where = f" in {other.dependency}" if other.via is not None else ""
            related.append(replace(
                other_loc, message=f"also handles {golang.describe_signals(other.signals)}{where}"))
        first = next(r for r in related if r is not reg.via)
        more = len(related) - (2 if reg.via is not None else 1)
        more_text = f" and {more} more" if more > 0 else ""
        group = scope[loc]
        where = (f"program {group.label}" if group.kind == "program"
                 else f"package {group.label}")
        if reg.via is not None:
            does = f"{reg.action} on {shared}" if reg.action else f"handles {shared}"
            message = (f"{reg.callee}(...) starts a signal handler inside {reg.dependency} "
                       f"({does}){reg.note}; it overlaps another handler in {where} "
                       f"({first.path}:{first.line}{more_text}); both receive the signal and "
                       "race at shutdown")
        else:
            message = (f"signal.{reg.func} for {shared} overlaps another handler in {where} "
                       f"({first.path}:{first.line}{more_text}); both receive the signal and "
                       "race at shutdown")
        pctx.report(loc, message, related)


RULE = Rule(
    code="GP001",
    name="multiple-signal-notify",
    summary="Two handlers for the same signal in one program",
    docs=__doc__,
    tokens=(b'"os/signal"',),
    check_program=check_program,
    severity="warning",
    precision="high",
    tags=("reliability", "shutdown"),
)

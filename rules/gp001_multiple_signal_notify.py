"""
## What it does
Reports each signal registration (`signal.Notify`, `signal.NotifyContext`)
whose signals overlap another registration in the same program: a `main`
package plus every package of the run it imports, transitively, within its
module (`go.mod`; without one, the GOPATH workspace: the tree below the
nearest directory named `src`, import paths read from the path below it).
Two trees that declare the same module path are two programs. Library
packages no `main` of the run imports are
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
point at the registrations each finding overlaps with (the first ten by
file and line; the message counts all of them in its program).
"""
from dataclasses import replace

from golint_panics.rule import RELATED_LIMIT, Rule, golang


def check_program(pctx):
    found: dict = {}    # location -> (group, its overlap there, others from other groups)
    for group in pctx.groups:
        for ov in group.overlaps(unknown_overlaps=pctx.strict):
            loc = ov.registration.location
            if loc not in found:
                found[loc] = (group, ov, {})
            else:       # a library package in several programs: one finding
                found[loc][2].update((o.location, o) for o in ov.others)
    for loc, (group, ov, elsewhere) in found.items():
        reg = ov.registration
        others = {o.location: o for o in ov.others}
        others.update((k, v) for k, v in elsewhere.items() if k not in others)
        related = [reg.via] if reg.via is not None else []
        for other_loc, other in sorted(others.items(), key=lambda kv: (kv[0].path, kv[0].line)):
            where = f" in {other.dependency}" if other.via is not None else ""
            related.append(replace(
                other_loc, message=f"also handles {golang.describe_signals(other.signals)}{where}"))
        related = related[:RELATED_LIMIT + (reg.via is not None)]
        first = ov.others[0].location
        more_text = f" and {ov.count - 1} more" if ov.count > 1 else ""
        where = (f"program {group.label}" if group.kind == "program"
                 else f"package {group.label}")
        shared = golang.describe_signals(reg.signals)
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

"""
## What it does
Reports each signal registration (`signal.Notify`, `signal.NotifyContext`)
whose signals overlap another registration that can be active in the same
process at the same time. A program is a `main` package plus every package
of the run it imports, transitively, within its module (`go.mod`; without
one, the GOPATH workspace: the tree below the nearest directory named
`src`). Two trees that declare the same module path are two programs.

Two registrations of one program are active together when one root runs
both (`main()` with the `init` functions, or any other root), other than
through different arms of one `if`/`switch`/`select`, or when one runs from
`main` and the other from anywhere. A root is where code starts: `main`,
an `init`, a function value (a sub-command's `Run` given to a CLI
framework, a callback, a handler: a root of its own), and an exported
function of an imported package that another package of the program calls
directly (it may be on `main`'s path). An exported method that the
program calls only through an interface (a CLI framework's `Command.Run`)
is a root of its own: two sub-commands' handlers, run in two different
processes, are never a pair. Not a pair either:
- two `signal.Notify` calls on the same channel variable in one function
  (one handler);
- a registration whose function calls `signal.Stop(c)` before the call
  that leads to the other;
- files that no build combines (`term_unix.go` / `term_windows.go`,
  `//go:build linux` / `//go:build windows`);
- a registration in a dependency behind an option the caller switches off
  with a constant (`Options{HandleSignals: false}`, `cleanup := false;
  Options{ShutdownCleanup: &cleanup}`).
Signal sets are read from `syscall.SIGxxx`, `unix.SIGxxx`, `os.Interrupt`,
`os.Kill`, from a variable or slice built of them, and from a function of
the module whose every `return` is such a set; no signals means every
signal. An unknown set overlaps nothing. Library packages no `main` of the
run imports are compared within their own package, each exported function
a root of its own. Test files are not part of a program. The message says
which root runs the registration, and each related location which root
runs the other.

`strict = true`: every overlapping pair of one program, unknown sets
overlapping everything.

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
leads to it (`agent.Listen(...)`, `srv.Run()`), and only when the boolean
option that gates it is not switched off: `if opts.F {...}`, `if *opts.F`,
`if opts.F != nil && *opts.F`, or an early `if opts.NoSignals { return }`
/ `if !opts.F { return }` in the dependency; in the call, a constant, a
local holding a constant or its address (`cleanup := false;
Options{ShutdownCleanup: &cleanup}`), or a field set on the options
before they are passed (`opts.NoSignals = true`). Calls are followed within each package; between packages, a
direct call of an exported function (`agent.Start()`) or of a method on a
value whose declared type is known runs the callee from its callers'
roots: each caller's own callers are followed by name, package by
package, up to `main` or `init` (the main root) or to a function taken as
a value (`once.Do(begin)`, a command table: a root of its own); a method
call on a value of unknown type is taken as a possible direct call, and
where the callers cannot be told (a method only an interface calls) the
callee stays open to every other handler of the program. Calls through
interfaces or function values are not edges. No automatic fix.

## References
No equivalent in go vet, staticcheck, revive or gosec. Related locations
point at the registrations each finding overlaps with (the first ten by
file and line; the message counts all of them in its program).
"""
from golint_panics.rule import replace

from golint_panics.rule import CRASH_SIGNAL_HANDLER, RELATED_LIMIT, Rule, golang


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
            root = f", {other.reached_from()}" if other.reached_from() else ""
            related.append(replace(
                other_loc,
                message=f"also handles {golang.describe_signals(other.signals)}{where}{root}"))
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
            root = f" (this one runs {reg.reached_from()})" if reg.reached_from() else ""
            message = (f"signal.{reg.func} for {shared} overlaps another handler in {where} "
                       f"({first.path}:{first.line}{more_text}); both receive the signal and "
                       f"race at shutdown{root}")
        pctx.report(loc, message, related)


RULE = Rule(
    crash_evidence=(CRASH_SIGNAL_HANDLER,),
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

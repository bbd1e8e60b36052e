"""
## What it does
Reports a goroutine whose panic would take a service down and that has no
deferred recover. Goroutines are `go` statements and functions passed to
goroutine launchers (`g.Go(f)` of errgroup, `wg.Go(f)` of sync.WaitGroup,
`time.AfterFunc(d, f)`, conc groups and pools, workerpool and ants
`Submit`, and the `goroutine-launchers` of the configuration). A deferred recover is a `defer` statement, among the body's
top-level statements, that runs a function literal calling `recover()`, a
function or method of the same package whose body calls `recover()`, or a
helper named in the `recover-helpers` setting.

Not reported:
- bodies that only move data and signals: channel sends and receives,
  `select`, `for`/`for range`/`if` over plain conditions, `close(ch)`,
  `Wait/Done/Add/Lock/Unlock/...` calls, cancel functions, `atomic.*`,
  `time.Sleep/After/NewTimer/NewTicker`, timer `Stop/Reset`, `signal.Stop`,
  log prints (not `Fatal*`/`Panic*`), `go` statements (each new goroutine
  is judged on its own), plus at most one call into another package that
  the caller did not supply (`errc <- srv.Serve(l)`; a method promoted from
  an embedded `*pkg.T`, `l.AcceptTCP()` on `struct{ *net.TCPListener }`,
  is such a call); a `defer wg.Done()` wrapper is followed one call down,
  and a function it calls that defers a recover itself protects it;
- in an importable library, goroutines that run none of the caller's code
  (a call of a function-typed parameter, field or variable, or of a method
  of an interface-typed one, in the body or one call down, but not in a
  nested `go` statement, not an unexported method of an interface (only
  types of the package that declares it can implement it), and not
  `Done`/`Err`/`Deadline`/`Value` of a
  `context.Context`, nor a print of the caller's logger, `c.log.Printf`,
  nor a function field the package only ever fills with its own
  context's cancel function, `p.cancel()`, nor an unexported function-
  or interface-typed field, or package-level variable, the package only
  ever fills with code or values of its own: a literal or function that
  runs none of the caller's code, another package's function or value
  (`var timeNow func() time.Time = time.Now`), a value of a type of the
  package, what a function of the package returns when given none of
  the filling function's parameters but plain data (`t.rt =
  newTransport()`, `converterFor(opts.Format)`), or what the field itself
  returns (`l.state = l.state(l)`, a state machine); an exported one may
  hold whatever an importer put there, unless no importer can hold a
  value of its struct type (unexported, and no exported function,
  method, field or variable hands one out);
  nor a parameter of an unexported function, or of a literal bound to a
  local, that every call fills with the package's own code or values: a
  cancel function it made, `&spool{}`, a method value of a type of the
  package (`m.probe`), a parameter handed down that is itself such a one;
  nor a local function variable the function only ever fills with such
  code (`var walk func(string); walk = func(d string) {... walk(sub)
  ...}`), nor a local interface variable it only ever fills with values
  of its own (`pr, pw = io.Pipe()`: another package's function, or one of
  the package's, given none of the function's parameters). A literal
  that uses a parameter of a function around it that may carry code (not
  plain data, not a `context.Context`) is not the package's own: it may
  hand the caller's code on)
  and feed no channel the launching function returns; where one does, the
  message names the call or the channel and the finding points at it;
- goroutines whose code is not known (a function value, another package's
  function);
- test files, generated files and test-support packages.

`strict = true` (or `strict-go = true`, or the top-level `strict-go`) is
the broad v1 reading: every `go` statement without a deferred recover,
unknown bodies included. The finding sits on the `go` keyword, or on the
launcher's name (`g.Go`).

## Why is this bad?
A panic in a goroutine that does not recover it ends the whole process,
whatever the `main` goroutine does: one bad request, one nil map in a
background worker, and every in-flight request of the pod is gone. A
library that runs its caller's callback on its own goroutine takes away
the recover the caller has around its own code.

## Example
```go
func (s *Server) start() {
    go s.refreshLoop() // a panic in refreshLoop kills the server
    g.Go(func() error { return s.sync(ctx, s.peers[0]) })
}
```

## Use instead
```go
func (s *Server) refreshLoop() {
    defer func() {
        if r := recover(); r != nil {
            s.log.Error("refresh loop panicked", "panic", r, "stack", string(debug.Stack()))
        }
    }()
    ...
}
```
or a shared helper (`defer s.recoverPanic()`, or
`defer runtime.HandleCrash()` once it is listed in `recover-helpers`).

## Known limits
`defer recover()` does not count (it never stops a panic; GP008 reports
it). A configured launcher whose method is not named `Go`, `Submit` or
`AfterFunc` is followed when it is given a function literal, not a named
function. A recover reached only through a function of another package counts
only when it is listed in `recover-helpers`. Types are the declared ones:
a launcher whose receiver type is not written down (`g := newGroup()`) is
not seen. A call into another package of the same module counts as a call
into another package. Launching helpers (an unexported function of the
package that runs one of its function-typed parameters in a `go`
statement) are followed when called with a function literal: the finding
sits on the helper's call, and a helper that defers a recover around the
call protects its callers; an exported helper is reported at its own `go`
statement (its callers are elsewhere). A channel passed on under another
name is not followed. No automatic fix.

## References
golangci-lint has no such linter (earlier proposals were rejected for
false positives); this rule reports only bodies it can see.
"""
from golint_panics.rule import (
    CRASH_GOROUTINE_START, GO_STATEMENT, Rule, launching_helpers, shortened,
)

#: `go` statements, and calls that may be goroutine launchers (golang.py)
QUERY = """
(go_statement) @node
((call_expression function: (selector_expression field: (field_identifier) @m)) @node
 (#any-of? @m "Go" "AfterFunc" "Submit" "SubmitWait"))
(call_expression arguments: (argument_list (func_literal))) @node
"""


def package_tokens(facts):
    """A file that calls a launching helper of the package, or a configured
    `goroutine-launchers` entry, need not say `go`."""
    return launching_helpers(facts) + sorted({k[-1] for k in facts.configured_launchers})

FIX = "add `defer func() { if r := recover(); r != nil { ... } }()`"
MESSAGE = f"goroutine has no deferred recover: a panic in it crashes the whole process; {FIX}"


def _library_message(work: str) -> str:
    return (f"goroutine has no deferred recover and runs the caller's work ({work}): a panic "
            f"in it crashes the importing process, and the caller cannot recover it; {FIX}")


def _strict(ctx) -> bool:
    return bool(ctx.strict or ctx.options.get("strict-go") or ctx.settings.strict_go)


def check(node, ctx):
    if ctx.package_class == "test-support":
        return
    strict = _strict(ctx)
    if node.type == "go_statement":
        if not strict and ctx.model.is_helper_goroutine(node):
            return      # reported at each call of the helper
        at, target = node.child(0), ctx.model.goroutine_body(node)
        if target is None:
            if strict:
                ctx.report(at, "goroutine runs code this linter cannot see (strict-go): "
                               "make sure it recovers panics, or the process dies with it")
            return
    else:
        target = ctx.model.launched_function(node)
        if not target:
            return          # no launcher, or a function value: not known
        at = node.child_by_field_name("function")
    func, body, file = target
    if ctx.model.has_deferred_recover(body, file):
        return
    message, related = MESSAGE, []
    if not strict:
        if ctx.model.cannot_matter(body, file):
            return
        if ctx.package_class == "library":
            evidence = _callers_work(ctx, node, func, file)
            if evidence is None:
                return
            message, related = evidence
    # the standard library recovers nothing for its callers
    foreign = [f for f in ctx.model.deferred_foreign_calls(body, file) if "." in f.split("/")[0]]
    if foreign:
        message += (f"; if {foreign[0]} recovers, list it in recover-helpers")
    if file is not ctx.file or not (func.start_byte <= node.start_byte < func.end_byte):
        related.insert(0, (file, func.child(0), "the goroutine's code"))
    ctx.report(at, message, related=related)



def _callers_work(ctx, node, func, file):
    """(message, related) naming the caller's work a library goroutine runs:
    a call of code the caller supplied, or a channel the launching function
    returns; None when it runs neither."""
    called = ctx.model.runs_caller_code(func, file)
    if called is not None:
        where, call = called
        name = shortened(ctx.text(call.child_by_field_name("function")), 40)
        return (_library_message(f"{name}, code the caller supplied"),
                [(where, call, f"the call of caller-supplied {name}")])
    fed = ctx.model.feeds_returned_channel(node, func, file)
    if fed is not None:
        where, channel, returned = fed
        name = shortened(ctx.text(channel), 40)
        return (_library_message(f"it feeds {name}, which the launching function returns"),
                [(where, channel, f"{name} fed here"),
                 (where, returned, f"{name} returned to the caller here")])
    return None


RULE = Rule(
    crash_evidence=(CRASH_GOROUTINE_START,),
    code="GP004",
    name="goroutine-without-recover",
    summary="Goroutine without a deferred recover",
    docs=__doc__,
    query=QUERY,
    # `go` statements, and launcher calls: `g.Go(f)`, `time.AfterFunc(d, f)`, `p.Submit(f)`
    tokens=(GO_STATEMENT, b"Go", b"AfterFunc", b"Submit"),
    applies_to_tests=False,
    check=check,
    severity="warning",
    precision="high",
    tags=("reliability", "panic"),
    options={"strict-go": bool},
    package_tokens=package_tokens,
)

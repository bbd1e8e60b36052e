"""
## What it does
Reports an exit call (`os.Exit`, `syscall.Exit`, `log.Fatal*`, logrus,
klog and glog `Fatal*`/`Exit*`) in a function body that comes after a
`defer` statement of the same function body, when a deferred call that the
exit skips does work that is lost at exit. Every function body counts on
its own, function literals included. Applies to `package main` and tests
too; not to `func Example*`.

Release-only deferred calls, which the operating system does anyway at
exit, are not reported alone: `X.Close()` where `X`'s declared type is not
a type of the package (unless `X` was made in the function by a
`NewWriter` of `bufio`, `gzip`, `zlib`, `flate`, `lzw`, `zip`, `tar` or
`csv`: closing it flushes), calls of cancel-like locals (`ctx, cancel :=
context.WithCancel(...)`), `Unlock`/`RUnlock`, `wg.Done()`, `close(ch)`,
`signal.Stop`, timer and ticker `Stop`; nor print and log calls (a lost log
line is not lost work), exit calls, or calls into value-only packages
(`time.Since`).
Everything else counts: `Flush`, `Sync`, `os.Remove*`,
`pprof.StopCPUProfile`, `trace.Stop`, `Commit`/`Rollback`, `Shutdown`,
terminal restores, functions of the package, and a deferred function
literal when a call in it counts (calls in `if r := recover(); r != nil`
only run on a panic and do not count). A local function variable counts
as what it was bound to in the function (a literal, a function or method
named as a value: `stop := srv.Shutdown`); one that is a parameter or
that a call returned (`url, release := startServer()`) is code the
function does not show: unknown, never a finding by itself. A defer and
an exit in exclusive arms of one `if`/`else` or `switch`/`select` do not
pair.

With `[rules.GP009] strict = true`: every exit call after any defer.

## Why is this bad?
Exiting does not unwind the stack: the deferred calls never run. A
buffered writer is not flushed, a zap logger's buffered entries, a CPU
profile or trace, a temporary directory and an open transaction are left
behind. The exit is usually on an error path, so the data lost is exactly
the data needed to understand the error.

## Example
```go
func main() {
    w := bufio.NewWriter(os.Stdout)
    defer w.Flush()
    if err := run(w); err != nil {
        log.Fatal(err) // w is never flushed
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
    w := bufio.NewWriter(os.Stdout)
    defer w.Flush()
    ...
}
```

## Known limits
"After" is lexical within the function body; only exclusive arms of one
`if` or `switch` are told apart. Exit calls through logger values need
declared types. Types are declared types of the package only: a `Close` of
a value made by another package of the module counts as release-only. No
automatic fix.

## References
go-critic `exitAfterDefer` (needs a compile, knows only `log` and `os`,
reports every deferred call); this rule also knows logrus, klog and glog
exits and import aliases. Related location: the `defer` that will not run.
"""
import re

from golint_panics.rule import (
    EXIT_CALL, EXIT_CALL_QUERY, EXIT_WORDS, Rule, exit_method_tokens, golang, named, shortened,
    unparen,
)

_DEFER = "(defer_statement) @node"
_CALL = "(call_expression) @node"
_CASES = ("expression_case", "default_case", "type_case", "communication_case")
_TIMER_TYPES = (("time", "Timer"), ("time", "Ticker"))
_CANCEL_TYPES = (("context", "CancelFunc"), ("context", "CancelCauseFunc"))
#: log packages whose Fatal* (and Exit*) flush the logs before exiting
_FLUSHING_LOGS = ("github.com/golang/glog", "k8s.io/klog", "k8s.io/klog/v2")
#: names of calls that plainly do work lost at exit (to name in the message)
_WORK = re.compile(r"^(Flush|Sync|Remove\w*|Stop\w*|Commit|Rollback|Shutdown|Restore|Close)$")


def check(call, ctx):
    if ctx.model.exit_call(call) is None:
        return
    func = ctx.enclosing_function(call)
    if func is None or func.child_by_field_name("body") is None:
        return
    defers = [d for d in ctx.directly_in(func, _DEFER) if d.end_byte <= call.start_byte]
    if not defers:
        return
    written = ctx.text(call.child_by_field_name("function"))
    if ctx.strict:
        first = defers[0]
        ctx.report(call, f"{written} after defer (line {first.start_point[0] + 1}): the process "
                         "exits without running deferred calls; return an error and exit in one "
                         "place instead",
                   related=[(ctx.file, first, "this deferred call will not run")])
        return
    if (ctx.enclosing_function_name(call) or "").startswith("Example"):
        return
    for d in defers:
        deferred = unparen(named(d)[0]) if named(d) else None
        if deferred is None or _flushed_by_exit(deferred, call, ctx) or \
                (deferred.type == "call_expression" and ctx.model.is_deferred_recover(d) and
                 unparen(deferred.child_by_field_name("function")).type != "func_literal"):
            continue          # the exit flushes it itself; a recover helper acts on panics only
        lost = _lost(deferred, ctx, 0)
        if lost is None or _exclusive(d, call, ctx):
            continue
        line = d.start_point[0] + 1
        what = shortened(ctx.text(lost))
        if lost.start_byte == deferred.start_byte:
            head = f"{written} skips `defer {what}` (line {line})"
        else:
            head = f"{written} skips the deferred function of line {line}, which calls `{what}`"
        ctx.report(call, f"{head}: exiting does not run deferred calls; return an error and exit "
                         "in one place instead",
                   related=[(ctx.file, d, "this deferred call will not run")])
        return


def _flushed_by_exit(deferred, exit_call, ctx) -> bool:
    """`defer glog.Flush()` before `glog.Fatal(...)`, `defer logger.Sync()` before
    `logger.Fatal(...)`: the exit flushes the same logs before exiting."""
    fn = unparen(deferred.child_by_field_name("function")) if deferred.type == "call_expression" \
        else None
    exit_fn = unparen(exit_call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression" or \
            fn.child_by_field_name("field").text not in (b"Flush", b"Sync") or \
            not exit_fn.child_by_field_name("field").text.startswith((b"Fatal", b"Exit")):
        return False
    resolved = ctx.resolve(fn)
    if resolved is not None:
        return resolved[0] in _FLUSHING_LOGS and resolved[0] == (ctx.resolve(exit_fn) or ("",))[0]
    return ctx.text(fn.child_by_field_name("operand")) == \
        ctx.text(exit_fn.child_by_field_name("operand"))



def _inside(node, outer) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _exclusive(defer, call, ctx) -> bool:
    """Do `defer` and `call` sit in exclusive arms of one if/else or switch?"""
    child, node = defer, ctx.parent(defer)
    while node is not None and not _inside(call, node):
        child, node = node, ctx.parent(node)
    if node is None:
        return False
    if node.type == "if_statement":
        arms = [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
        return any(a is not None and a.start_byte == child.start_byte for a in arms) and \
            any(a is not None and _inside(call, a) for a in arms)
    return child.type in _CASES and any(c.type in _CASES and _inside(call, c) for c in named(node))


def _lost(call, ctx, depth):
    """The call that does work lost at exit when `call` is deferred, or None
    when it only releases what the operating system releases anyway."""
    if call.type == "type_conversion_expression":        # helper[T](x): a module function
        return call
    if call.type != "call_expression":
        return None
    return _lost_as(unparen(call.child_by_field_name("function")), call, ctx, depth)


def _lost_as(fn, call, ctx, depth):
    """_lost for `call` whose function is `fn` (the call's own, or the value
    a local function variable was bound to)."""
    if fn is None:
        return call
    if fn.type == "func_literal":
        return _literal_lost(fn, ctx, depth)
    if fn.type == "identifier":
        decl = ctx.lookup(fn)
        if decl is None:
            return None if fn.text.decode() in golang.PREDECLARED else call
        if _cancel_like(decl, fn, ctx):
            return None
        value = unparen(decl.value)
        if value is not None and value.type == "func_literal" and depth < 3:
            return call if _literal_lost(value, ctx, depth + 1) is not None else None
        if value is not None and value.type in ("identifier", "selector_expression") and \
                depth < 3:
            # a function named as a value (`stop := srv.Shutdown`, `done := flush`)
            return call if _lost_as(value, call, ctx, depth + 1) is not None else None
        # a parameter, or what a call returned (`url, stop := serve()`): code
        # this function does not show, unknown (rules.md, principle 4)
        return None
    if fn.type != "selector_expression":
        return call
    resolved = ctx.resolve(fn)
    if resolved is not None:
        path, name = resolved
        if resolved == ("os/signal", "Stop") or path in golang.VALUE_PACKAGES or \
                golang.is_exit_func(path, name) or \
                (path in golang.LOG_PACKAGES | {"fmt"} and golang.PRINT_NAME.match(name)) or \
                (path == "fmt" and name.startswith("Sprint")) or \
                (name == "Close" and path in golang.SIGNAL_CONST_PACKAGES):
            return None
        return call
    method = fn.child_by_field_name("field").text.decode()
    operand = unparen(fn.child_by_field_name("operand"))
    if method in golang.RELEASE_METHODS or golang.PRINT_NAME.match(method):
        return None
    if method == "Stop" and _declared(operand, ctx, _TIMER_TYPES, ("time",)):
        return None
    if method == "Close" and not _module_type(operand, ctx) and \
            not _declared(operand, ctx, (), golang.BUFFERING_WRITER_PACKAGES):
        return None
    return call


def _literal_lost(lit, ctx, depth):
    """The first call of a deferred literal that does lost work: calls that are
    not arguments of another call, outside `if r := recover(); r != nil`."""
    panic_only = [s for s in ctx.within(lit, "(if_statement) @node") if _tests_recover(s, ctx)]
    found = []
    for c in ctx.within(lit, _CALL):
        if any(_inside(c, s) for s in panic_only) or _is_argument(c, lit, ctx):
            continue
        lost = _lost(c, ctx, depth + 1) if depth < 3 else c
        if lost is not None:
            found.append(lost)
    # name the call that plainly does the work (`logger.Sync()`, not `GetLogger()`)
    known = [c for c in found if _WORK.match(_callee_name(c))]
    return (known or found or [None])[0]


def _callee_name(call) -> str:
    fn = unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    return fn.text.decode() if fn is not None else ""


def _tests_recover(if_stmt, ctx) -> bool:
    """`if r := recover(); r != nil` or `if r != nil` with `r := recover()`."""
    for field in ("initializer", "condition"):
        part = if_stmt.child_by_field_name(field)
        for n in ctx.within(part, "(identifier) @node") if part is not None else ():
            decl = ctx.lookup(n) if n.text != b"recover" else None
            value = unparen(decl.value) if decl is not None else None
            if n.text == b"recover" or (value is not None and value.type == "call_expression" and
                                        value.child_by_field_name("function").text == b"recover"):
                return True
    return False


def _is_argument(call, lit, ctx) -> bool:
    node = ctx.parent(call)
    while node is not None and node.start_byte >= lit.start_byte and node.type != "func_literal":
        if node.type == "argument_list":
            return True
        node = ctx.parent(node)
    return False


def _cancel_like(decl, ident, ctx) -> bool:
    """A local bound by `ctx, cancel := context.WithCancel(...)` (and the
    other golang.CANCEL_CONSTRUCTORS, also through `var` or a later `=`), by
    a package function whose result there is declared `context.CancelFunc`,
    or itself declared `context.CancelFunc`."""
    if decl.type is not None and ctx.model.written_type(decl.type) in _CANCEL_TYPES:
        return True
    func = ctx.enclosing_function(decl.ident)
    binds = [decl.stmt] + [a for a in ctx.within(func, "(assignment_statement) @node")
                           if ident.text in [t.text for t in named(a.child_by_field_name("left"))]]
    for stmt in binds:
        left = stmt.child_by_field_name("left")
        names = [n.text for n in named(left)] if left is not None else \
            [n.text for n in stmt.children_by_field_name("name")]
        right = stmt.child_by_field_name("right") or stmt.child_by_field_name("value")
        values = named(right) if right is not None and right.type == "expression_list" else []
        value = unparen(values[0]) if len(values) == 1 else None
        if value is None or value.type != "call_expression" or ident.text not in names:
            continue
        if ctx.callee(value) in golang.CANCEL_CONSTRUCTORS:
            return True
        decls = ctx.model.callees(value)
        types = _result_types(decls[0].node) if decls and len(decls) == 1 else []
        index = names.index(ident.text)
        if index < len(types) and ctx.model.written_type(types[index], decls[0].file) in _CANCEL_TYPES:
            return True
    return False


def _result_types(func) -> list:
    """The type node of each result of a declared function, in order."""
    result = func.child_by_field_name("result")
    if result is None or result.type != "parameter_list":
        return [result] if result is not None else []
    return [p.child_by_field_name("type") for p in named(result)
            for _ in range(max(1, sum(c.type == "identifier" for c in named(p))))]


def _declared(operand, ctx, types, packages) -> bool:
    """Is `operand` declared of one of `types`, or created in the function by
    a constructor of one of `packages` (`NewTimer`, `NewWriter...`)?"""
    qualified = ctx.model.declared_type(operand)
    if qualified in types:
        return True
    decl = ctx.lookup(operand) if operand is not None and operand.type == "identifier" else None
    if decl is None:
        return False
    right = decl.stmt.child_by_field_name("right") if decl.stmt.type == "short_var_declaration" \
        else decl.stmt.child_by_field_name("value")
    values = named(right) if right is not None and right.type == "expression_list" else []
    value = unparen(decl.value) or (unparen(values[0]) if len(values) == 1 else None)
    callee = ctx.callee(value) if value is not None and value.type == "call_expression" else None
    if callee is None or callee[0] not in packages:
        return False
    if packages == golang.BUFFERING_WRITER_PACKAGES:
        return callee[1].startswith("NewWriter")
    return callee[1] in ("NewTimer", "NewTicker", "AfterFunc")


def _module_type(operand, ctx) -> bool:
    """Is `operand` of a named type of this package (declared, or the first
    result of the package function that made it)?"""
    t = ctx.model.expr_type(operand)
    if t is not None and t[0] == "named":
        return True
    decl = ctx.lookup(operand) if operand is not None and operand.type == "identifier" else None
    right = decl.stmt.child_by_field_name("right") if decl is not None and \
        decl.stmt.type == "short_var_declaration" else None
    values = named(right) if right is not None and right.type == "expression_list" else []
    value = unparen(values[0]) if len(values) == 1 else None
    if value is None or value.type != "call_expression":
        return False
    decls = ctx.model.callees(value)
    result = decls[0].node.child_by_field_name("result") if decls and len(decls) == 1 else None
    if result is not None and result.type == "parameter_list":
        first = named(result)[0] if named(result) else None
        result = first.child_by_field_name("type") if first is not None else None
    t = ctx.model.classify_type(result)
    return t is not None and t[0] == "named"


def package_tokens(facts):
    """An exit method of the package's logger values (`lg.Fatal(...)` on a
    field declared in another file), in a file that defers something: the
    exit must come after a defer of its function."""
    return [("defer", method) for method in exit_method_tokens(facts)]


RULE = Rule(
    code="GP009",
    name="exit-skips-defers",
    summary="Exit call skips a deferred call that does work lost at exit",
    docs=__doc__,
    query=EXIT_CALL_QUERY,
    # a defer and an exit function; logger exit methods (`lg.Fatal`) only in
    # packages that import a logger package
    tokens=tuple((b"defer", *exit_call) for exit_call in EXIT_CALL),
    package_tokens=package_tokens,
    # it reports at exit calls after a defer of the same function
    reports_at=tuple((b"defer", word) for word in EXIT_WORDS),
    check=check,
    severity="warning",
    precision="high",
    tags=("reliability",),
)

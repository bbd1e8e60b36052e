"""
## What it does
Reports a debug endpoint served on an address that is not loopback:

- a **program** (a `main` package and the packages of the run it imports,
  as GP001) one of whose packages blank-imports `net/http/pprof` and one of
  whose packages serves the default mux: `http.ListenAndServe(addr, nil)`,
  `http.ListenAndServe(addr, http.DefaultServeMux)`, the TLS variants, or
  `srv.ListenAndServe()` on an `http.Server{Addr: addr}` without a
  `Handler`. The address is a literal that is not loopback (`":6060"`,
  `"0.0.0.0:6060"`, `"[::]:80"`), or a variable, or a flag
  (`flag.String("debug-addr", ":6060", ...)`, `flag.StringVar`), whose
  literal default is one; an empty default means "off" and is not
  reported. The finding sits on the serve call, with the blank import as a
  related location. A package no `main` of the run imports is judged on
  its own blank imports.
- `agent.Listen(agent.Options{Addr: A, ...})` of
  `github.com/google/gops/agent` where A is a literal non-loopback
  address.

Loopback is `localhost`, `127.x.x.x` and `[::1]`.

## Why is this bad?
`net/http/pprof` registers `/debug/pprof/` on the default mux of the whole
process, whichever package imports it; served on every interface, anyone
who reaches the pod can read heap and goroutine dumps (secrets, tokens)
and start CPU profiles or traces that load the process until the
liveness probe fails. A gops agent on a public address lets anyone dump
stacks, force a GC or change GC settings.

## Example
```go
// package debug
import _ "net/http/pprof"

// package main
addr := flag.String("debug-addr", ":6060", "pprof address")
go http.ListenAndServe(*addr, nil)
```

## Use instead
```go
addr := flag.String("debug-addr", "localhost:6060", "pprof address") // kubectl port-forward
```
or serve pprof on a dedicated mux behind authentication.

## Known limits
Addresses from the environment or built at run time are not followed;
a flag's default counts, not what a deployment passes. No automatic fix.

## References
gosec G108 reports every import of `net/http/pprof`, served or not, and
G102 every bind to all interfaces; this rule reports only the
combination that exposes the profiler, across the packages of a program,
and knows the gops agent.
"""
from golint_panics.rule import Location, Rule, named, unparen

QUERY = """
((call_expression function: (selector_expression field: (field_identifier) @f)) @node
 (#any-of? @f "ListenAndServe" "ListenAndServeTLS" "Listen"))
"""
GOPS = "github.com/google/gops/agent"


def literal_string(node):
    node = unparen(node)
    if node is None:
        return None
    if node.type == "raw_string_literal":
        return node.text.decode()[1:-1]
    if node.type == "interpreted_string_literal":
        text = node.text.decode()[1:-1]
        return None if "\\" in text else text
    return None


def is_loopback(addr: str) -> bool:
    host = addr.rsplit(":", 1)[0] if ":" in addr else addr
    host = host.strip("[]")
    return host == "localhost" or host == "::1" or host.startswith("127.")


def address(node, ctx):
    """The literal address an argument stands for: a literal; a variable
    initialised with one; a flag's literal default (`*addr` of
    `addr := flag.String(name, ":6060", usage)`, or a variable bound by
    `flag.StringVar(&addr, name, ":6060", usage)`)."""
    node = unparen(node)
    if node is None:
        return None
    if node.type == "unary_expression" and node.child_by_field_name("operator").type == "*":
        node = unparen(node.child_by_field_name("operand"))
        decl = ctx.lookup(node) if node is not None and node.type == "identifier" else None
        return flag_default(decl.value if decl is not None else None, ctx, 1)
    text = literal_string(node)
    if text is not None or node.type != "identifier":
        return text
    decl = ctx.lookup(node)
    if decl is not None and decl.value is not None:
        return literal_string(decl.value)
    for call in ctx.within(ctx.file.root, _STRINGVAR_Q, "c"):
        args = named(call.child_by_field_name("arguments"))
        target = unparen(args[0]) if args else None
        if ctx.resolve(call.child_by_field_name("function")) == ("flag", "StringVar") and \
                target is not None and target.type == "unary_expression" and \
                target.child_by_field_name("operand").text == node.text and len(args) >= 3:
            return literal_string(args[2])
    return None


_STRINGVAR_Q = ('((call_expression function: (selector_expression field: (field_identifier) @f)) @c '
                '(#eq? @f "StringVar"))')


def flag_default(value, ctx, index):
    value = unparen(value)
    if value is None or value.type != "call_expression":
        return None
    if ctx.resolve(value.child_by_field_name("function")) != ("flag", "String"):
        return None
    args = named(value.child_by_field_name("arguments"))
    return literal_string(args[index]) if len(args) > index else None


def default_mux_server(operand, ctx):
    """The Addr argument of `srv` in `srv.ListenAndServe()` when srv is an
    `http.Server{...}` (or `&http.Server{...}`) literal without a Handler."""
    operand = unparen(operand)
    decl = ctx.lookup(operand) if operand is not None and operand.type == "identifier" else None
    lit = unparen(decl.value) if decl is not None else None
    if lit is not None and lit.type == "unary_expression":
        lit = unparen(lit.child_by_field_name("operand"))
    if lit is None or lit.type != "composite_literal" or \
            ctx.resolve(lit.child_by_field_name("type")) != ("net/http", "Server"):
        return None
    fields = {}
    body = lit.child_by_field_name("body")
    for el in named(body) if body is not None else ():
        if el.type == "keyed_element" and len(named(el)) >= 2:
            value = named(el)[-1]
            fields[named(el)[0].text.decode()] = named(value)[0] if value.type == \
                "literal_element" and named(value) else value
    handler = unparen(fields.get("Handler"))
    if handler is not None and handler.text != b"nil":
        return None
    return fields.get("Addr")


def exposed(addr) -> bool:
    return addr is not None and addr != "" and not is_loopback(addr)


def check(call, ctx):
    fn = call.child_by_field_name("function")
    resolved = ctx.callee(call)
    args = named(call.child_by_field_name("arguments"))
    if resolved is None and fn.child_by_field_name("field").text in (b"ListenAndServe",
                                                                     b"ListenAndServeTLS"):
        addr_node = default_mux_server(fn.child_by_field_name("operand"), ctx)
        if addr_node is not None:
            serve_default_mux(call, address(addr_node, ctx), ctx)
        return
    if resolved is None:
        return
    if resolved[0] == "net/http" and resolved[1] in ("ListenAndServe", "ListenAndServeTLS"):
        if not args:
            return
        handler = args[1] if resolved[1] == "ListenAndServe" and len(args) == 2 else (
            args[3] if len(args) == 4 else None)
        handler = unparen(handler)
        if handler is None or not (handler.text == b"nil" or
                                   ctx.resolve(handler) == ("net/http", "DefaultServeMux")):
            return
        serve_default_mux(call, address(args[0], ctx), ctx)
    elif resolved == (GOPS, "Listen") and args:
        opts = unparen(args[0])
        if opts is None or opts.type != "composite_literal":
            return
        body = opts.child_by_field_name("body")
        for el in named(body) if body is not None else ():
            if el.type != "keyed_element" or len(named(el)) < 2:
                continue
            key, value = named(el)[0], named(el)[-1]
            if key.text != b"Addr":
                continue
            value = named(value)[0] if value.type == "literal_element" else value
            addr = literal_string(value)
            if addr is not None and not is_loopback(addr):
                ctx.report(call, f"gops agent listens on {addr!r}, reachable from outside the "
                                 "pod: anyone can dump stacks and change GC settings; use a "
                                 "loopback address")


def serve_default_mux(call, addr, ctx):
    """Report serving the default mux on `addr` when the program has pprof."""
    if not exposed(addr):
        return
    where = ctx.model.program_blank_import(PPROF)
    if where is None and not ctx.model.imports_blank(PPROF):
        return
    related = []
    if where is not None:
        path, line = where
        related.append(Location(path, line, 1, line, 1, 1, 1,
                                "net/http/pprof registers its handlers on the default mux here"))
    ctx.report(call, f"net/http/pprof is served on the default mux at {addr!r}, reachable "
                     "from outside the pod: heap dumps and profiles for anyone; listen on "
                     "localhost and use port-forwarding", related=related)


PPROF = "net/http/pprof"


RULE = Rule(
    code="GP012",
    name="exposed-debug-endpoint",
    summary="pprof or gops agent served on a non-loopback address",
    docs=__doc__,
    query=QUERY,
    tokens=((b'"net/http"', b"ListenAndServe"), (b'"net/http"', b"ListenAndServeTLS"),
            (f'"{GOPS}"'.encode(), b"Listen")),
    check=check,
    severity="warning",
    precision="high",
    tags=("security", "reliability"),
)

"""
## What it does
Reports a debug endpoint served on an address that is not loopback:

- a package that blank-imports `net/http/pprof` and serves the default
  mux (`http.ListenAndServe(addr, nil)`, `http.ListenAndServe(addr,
  http.DefaultServeMux)`, or the TLS variants) on a literal address that
  is not loopback (`":6060"`, `"0.0.0.0:6060"`, `"[::]:80"`); the
  finding sits on the serve call;
- `agent.Listen(agent.Options{Addr: A, ...})` of
  `github.com/google/gops/agent` where A is a literal non-loopback
  address.

Loopback is `localhost`, `127.x.x.x` and `[::1]`. A non-literal address
is not reported.

## Why is this bad?
`net/http/pprof` registers `/debug/pprof/` on the default mux; served on
every interface, anyone who reaches the pod can read heap and goroutine
dumps (secrets, tokens) and start CPU profiles or traces that load the
process until the liveness probe fails. A gops agent on a public address
lets anyone dump stacks, force a GC or change GC settings.

## Example
```go
import _ "net/http/pprof"

go http.ListenAndServe(":6060", nil)
```

## Use instead
```go
go http.ListenAndServe("localhost:6060", nil) // kubectl port-forward to reach it
```
or serve pprof on a dedicated mux behind authentication.

## Known limits
Addresses built at run time (flags, environment) are not followed. No
automatic fix.

## References
gosec G108 reports every import of `net/http/pprof`, served or not, and
G102 every bind to all interfaces; this rule reports only the
combination that exposes the profiler, and knows the gops agent.
"""
from golint_panics.rule import Rule, named, unparen

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


def check(call, ctx):
    resolved = ctx.callee(call)
    if resolved is None:
        return
    args = [a for a in named(call.child_by_field_name("arguments")) if a.type != "comment"]
    if resolved[0] == "net/http" and resolved[1] in ("ListenAndServe", "ListenAndServeTLS"):
        if not args or not ctx.package.imports_blank("net/http/pprof"):
            return
        handler = args[1] if resolved[1] == "ListenAndServe" and len(args) == 2 else (
            args[3] if len(args) == 4 else None)
        handler = unparen(handler)
        if handler is None or not (handler.text == b"nil" or
                                   ctx.resolve(handler) == ("net/http", "DefaultServeMux")):
            return
        addr = literal_string(args[0])
        if addr is None or is_loopback(addr):
            return
        ctx.report(call, f"net/http/pprof is served on the default mux at {addr!r}, reachable "
                         "from outside the pod: heap dumps and profiles for anyone; listen on "
                         "localhost and use port-forwarding")
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

"""
## What it does
Reports a write (`m[k] = v`, `m[k] op= v`, `m[k]++`, `m[k]--`; not
`delete`, a no-op on a nil map) to a map variable that is certainly nil:

- declared with `var m map[K]V` and no initializer, in the same
  function, with no assignment to `m` (`m =`, `m, x =`, `m, x :=`, `&m`)
  lexically before the write in that function; or
- a package-level `var m map[K]V` with no initializer that no function
  of the package assigns.

## Why is this bad?
Writing to a nil map panics (`assignment to entry in nil map`). On a
rarely taken path (a first error, a new tenant, a config reload) this is
the panic that restarts the pod hours after a deploy.

## Example
```go
var seen map[string]bool
for _, id := range ids {
    seen[id] = true // panics
}
```

## Use instead
```go
seen := make(map[string]bool, len(ids))
```

## Known limits
Any assignment before the write, on any path, is taken as initialising
the map; assignments through pointers or in other functions are not
followed for local variables. No automatic fix: the right capacity and
place for `make` are for a person to choose.

## References
staticcheck SA5000 (assignment to nil map) needs a compile and SSA;
go vet `nilness` covers nil pointer dereferences, not map writes.
"""

from golint_panics.rule import (
    INDEX_WRITE, MAP_VARIABLE_WRITTEN, PACKAGE_MAP_VARIABLE, Rule, map_write_targets,
)

QUERY = """
(assignment_statement left: (expression_list (index_expression operand: (identifier)))) @node
(inc_statement (index_expression operand: (identifier))) @node
(dec_statement (index_expression operand: (identifier))) @node
"""
_ASSIGN = """
(assignment_statement left: (expression_list (identifier) @node))
(short_var_declaration left: (expression_list (identifier) @node))
(unary_expression operator: "&" operand: (identifier) @node)
"""


def assigned_before(decl, write, func, ctx) -> bool:
    body = func.child_by_field_name("body")
    name = decl.name
    for ident in ctx.within(body, _ASSIGN):
        if not (decl.ident.end_byte <= ident.start_byte < write.start_byte
                and ident.text.decode() == name):
            continue
        stmt = ctx.parent(ctx.parent(ident))
        if stmt.type == "short_var_declaration":
            # `m, err := ...` assigns our m only when it is in m's own scope
            if ctx.parent(stmt) == decl.scope:
                return True
        else:
            found = ctx.lookup(ident)
            if found is not None and found.ident == decl.ident:
                return True
    return False


def nil_map_decl(decl, ctx) -> bool:
    return decl.kind == "var" and nil_map_var(decl, ctx.model)


def check(node, ctx):
    for target, _index in map_write_targets(node):
        if target.type != "identifier":
            continue
        decl = ctx.lookup(target)
        if decl is not None:
            func = ctx.enclosing_function(node)
            if func is None:
                continue   # a statement outside functions: not Go the compiler accepts
            if not nil_map_decl(decl, ctx) or ctx.enclosing_function(decl.ident) != func:
                continue
            if assigned_before(decl, node, func, ctx):
                continue
            where = f"declared nil at line {decl.ident.start_point[0] + 1}"
        else:
            pkg_var = ctx.model.var(target.text.decode())
            if pkg_var is None or not nil_map_decl(pkg_var[0], ctx):
                continue
            if ctx.model.is_assigned(target.text.decode()):
                continue
            where = "a package-level map that nothing in the package initialises"
        ctx.report(node, f"write to nil map {target.text.decode()!r} ({where}) panics with "
                         "'assignment to entry in nil map'; initialise it with make(...)")


def package_tokens(facts):
    """Files that mention a package-level nil map may write it without
    saying `var` and `map` themselves; a local nil map of a named map type
    of the package is declared `var m Counts`: both words."""
    # (a variable of a file not parsed: by name, its declaration unread)
    names = [name for name, decl, _f in facts.map_variables()
             if decl is None or nil_map_var(decl, facts)]
    return names + [("var", name) for name in facts.map_type_names()]


def nil_map_var(decl, facts) -> bool:
    return (decl.stmt.type == "var_spec" and decl.value is None and decl.type is not None
            and facts.is_map_type(decl.type))


RULE = Rule(
    code="GP011",
    name="nil-map-write",
    summary="Write to a map that is certainly nil",
    docs=__doc__,
    query=QUERY,
    # `var m map[K]V` and a write of `m[...]` in the same file (the words,
    # then the shape of both); a package-level `var m map[K]V` (parsed, its
    # name wakes the files that write it: package_tokens); a variable of a
    # named map type (`var m Counts`): package_tokens
    tokens=((b"var", b"map", MAP_VARIABLE_WRITTEN), (b"var", b"map", PACKAGE_MAP_VARIABLE)),
    package_tokens=package_tokens,
    # it reports at index writes only: a package with none in the code it
    # checks (generated files, tests) needs no scan for its map variables
    reports_at=(INDEX_WRITE,),
    applies_to_tests=False,
    check=check,
    severity="error",
    precision="high",
    tags=("correctness", "panic"),
)

"""What a goroutine's body does, as far as GP004 needs to know (rules.md,
GP004 "cannot matter" and "caller-supplied code").

Questions on one body, answered from the declared types of the package
(`PackageFacts`) and the resolved imports of the file:

- `cannot_matter`: does the body only move data and signals (channel
  sends and receives, sync and timer calls, cancel functions, log prints),
  plus at most one call into another package that the caller did not
  supply (`errc <- srv.Serve(l)`)?
- `runs_caller_code`: does it call a function-typed parameter, field or
  variable, or a method of an interface-typed parameter or field, directly
  or in a same-package function it calls (one level)?
- `feeds_returned_channel`: does it send on a channel its launching
  function returns?
- `launched_function`: the function a goroutine launcher (`g.Go(f)`,
  `time.AfterFunc(d, f)`) runs, when known.
"""
from __future__ import annotations

from tree_sitter import Node

from . import golang
from .concurrency import runs_in_place
from .facts import PackageFacts, declared_import_type, written_import_type
from .source import SourceFile, body_statements, function_body, named, parameters, unparen

_CALL_Q = "(call_expression) @node"
_RETURN_Q = "(return_statement) @node"
_SEND_Q = "(send_statement channel: (_) @node)"
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "&&", "||"})
_LITERALS = frozenset({"int_literal", "float_literal", "imaginary_literal", "rune_literal",
                       "interpreted_string_literal", "raw_string_literal", "nil", "true",
                       "false", "iota"})


# --- declared types of other packages ------------------------------------------

def _foreign_value(file: SourceFile, expr: Node | None) -> bool:
    """A local bound to the result of a call into another package
    (`cmd := exec.Command(...)`, `l, err := net.Listen(...)`)."""
    expr = unparen(expr)
    if expr is None or expr.type != "identifier":
        return False
    decl = file.lookup(expr)
    if decl is None or decl.stmt.type != "short_var_declaration":
        return False
    right = decl.stmt.child_by_field_name("right")
    values = named(right) if right is not None else []
    call = unparen(values[0]) if len(values) == 1 else None
    return call is not None and call.type == "call_expression" and \
        file.resolve_selector(unparen(call.child_by_field_name("function"))) is not None


# --- caller-supplied code ----------------------------------------------------------

def _type_kind(facts: PackageFacts, file: SourceFile, node: Node | None, depth: int = 0) -> str | None:
    """'func' or 'interface' for a written type, else None."""
    while node is not None and node.type == "parenthesized_type":
        node = named(node)[0] if named(node) else None
    if node is None or depth > 4:
        return None
    if node.type == "function_type":
        return "func"
    if node.type == "interface_type":
        return "interface"
    if node.type == "type_identifier":
        return _type_kind(facts, file, facts.type_node(node.text.decode()), depth + 1)
    if node.type == "qualified_type" and written_import_type(file, node, None) in golang.CALLER_INTERFACES:
        return "interface"
    return None


def _element_kind(facts: PackageFacts, file: SourceFile, container: Node | None) -> str | None:
    """For `range x` where x is a slice or map of funcs or interfaces."""
    t = facts.declared_type_node(file, container)
    while t is not None and t.type == "parenthesized_type":
        t = named(t)[0] if named(t) else None
    if t is None or t.type not in ("slice_type", "array_type", "map_type"):
        return None
    return _type_kind(facts, file, t.child_by_field_name("element" if t.type != "map_type"
                                                           else "value"))


def _declared_kind(facts: PackageFacts, file: SourceFile, ident: Node) -> tuple[str | None, str]:
    """(kind of the declared type, where) for an identifier: where is
    'param', 'var' or 'package'."""
    decl = file.lookup(ident)
    if decl is None:
        found = facts.var(ident.text.decode())
        return (_type_kind(facts, file, found[0].type), "package") if found else (None, "")
    if decl.kind == "range" and decl.stmt.type == "range_clause":
        left = decl.stmt.child_by_field_name("left")
        idents = named(left) if left is not None else []
        is_value = len(idents) == 2 and idents[1].id == decl.ident.id
        return (_element_kind(facts, file, decl.stmt.child_by_field_name("right"))
                if is_value else None), "var"
    where = "param" if decl.kind in ("param", "receiver") else "var"
    return _type_kind(facts, file, decl.type), where


def is_caller_supplied(facts: PackageFacts, file: SourceFile, call: Node) -> bool:
    """A call of a function-typed parameter, field or variable, or of a
    method of an interface-typed parameter or field."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return False
    if fn.type == "identifier":
        kind, where = _declared_kind(facts, file, fn)
        if kind != "func":
            return False
        if where == "package":
            return not _holds_own_code(facts, ("var", fn.text.decode()),
                                       lambda: facts.var_stores(fn.text.decode()))
        if where == "var":
            return not _local_holds_own(facts, file, file.lookup(fn))
        return not (where == "param" and _param_holds_own(facts, file, fn, "func"))
    if fn.type != "selector_expression" or file.resolve_selector(fn) is not None:
        return False
    operand = unparen(fn.child_by_field_name("operand"))
    field = fn.child_by_field_name("field").text.decode()
    if golang.PRINT_NAME.match(field):
        return False          # c.logger.Printf(...): logging moves data, it is nobody's work
    if field in golang.CONTEXT_METHODS and \
            declared_import_type(file, operand, facts) == ("context", "Context"):
        return False          # ctx.Done(), ctx.Err(): the standard library's, plumbing
    base = facts.expr_type(file, operand)
    if base is not None and base[0] == "named":
        node = facts.struct_field_type_node(base[1], field)
        if node is not None:
            # s.onEvent(x); not p.cancel() when the package only ever stores
            # its own context's cancel function there
            return _type_kind(facts, file, node) == "func" and not _only_cancels(facts, field) \
                and not _holds_own_code(facts, ("field", field), lambda: [
                    (f, value) for f, _where, value, _owner in facts.field_stores(field)])
    if not field[:1].isupper():
        # an interface with an unexported method is implemented only by
        # types of the package that declares it: not the caller's code
        return False
    if operand is not None and operand.type == "identifier":
        kind, where = _declared_kind(facts, file, operand)
        return kind == "interface" and where in ("param", "var") and \
            not (where == "param" and _param_holds_own(facts, file, operand, "interface")) and \
            not (where == "var" and _local_holds_own_value(facts, file, file.lookup(operand)))
    if operand is not None and operand.type == "selector_expression":
        inner = operand.child_by_field_name("field").text.decode()
        return _type_kind(facts, file, facts.declared_type_node(file, operand)) == "interface" \
            and not _holds_own_code(facts, ("field", inner), lambda: [
                (f, value) for f, _where, value, _owner in facts.field_stores(inner)])
    return False


def _only_cancels(facts: PackageFacts, field: str) -> bool:
    """Is every value the package stores in a field named `field`
    (`T{field: v}`, `x.field = v`) a cancel function it made itself
    (`ctx, cancel := context.WithCancel(...)`)? None stored: not known."""
    memo = facts.memo.setdefault("cancel_fields", {})
    if field not in memo:
        values = [(f, value) for f, _where, value, _owner in facts.field_stores(field)]
        memo[field] = bool(values) and all(
            v is not None and unparen(v).type == "identifier" and _cancel_local(f, unparen(v))
            for f, v in values)
    return memo[field]


def _holds_own_code(facts: PackageFacts, key: tuple[str, str], stores) -> bool:
    """Is every value the package gives an unexported function field or
    package-level variable (`stores()`: (file, value)) code of its own that
    runs none of the caller's: a function literal, a function of the
    package or of another package (`timeNow = time.Now`), a cancel function
    it made? An exported one may hold what an importer put there; a field
    some unkeyed literal fills, or one nothing fills, is not known."""
    kind, name = key
    if name == "_" or (name[:1].isupper() and not (
            kind == "field" and facts.field_kept_inside(name))):
        return False       # an importer may put its own code there
    memo = facts.memo.setdefault("own_code", {})
    if key in memo:
        return memo[key]
    memo[key] = False           # while judged, for any other question
    judged = facts.memo.setdefault("own_code_judged", set())
    judged.add(key)             # ... but its own stores may call it (induction)
    try:
        values = stores()
        ok = bool(values) and all(v is not None and _own_store(facts, f, unparen(v), judged)
                                  for f, v in values) and \
            not (kind == "field" and facts.unkeyed_literals_with_field(name))
    finally:
        judged.discard(key)
    memo[key] = ok
    return ok


def _param_holds_own(facts: PackageFacts, file: SourceFile, ident: Node, kind: str) -> bool:
    """For a parameter of an unexported function or method of the package,
    or of a literal bound to a local (`dest := func(wc io.WriteCloser) {...}`),
    called only by name: does every call pass, at its place, what the
    package made itself (_own_store: its own code, `&fifo{}`, a variable
    of a type of the package)? Then the parameter runs nothing the caller
    supplied. A parameter of an
    exported function, or of one taken as a value, may hold anything."""
    decl = file.lookup(ident)
    func = decl.scope if decl is not None and decl.kind == "param" else None
    if func is None:
        return False
    index = next((i for n, i, _t in parameters(func) if n is not None and n.id == decl.ident.id),
                 None)
    memo = facts.memo.setdefault("own_params", {})
    key = (file.abspath, func.start_byte, index)
    if key in memo:
        return memo[key]
    memo[key] = False            # while judged (recursion through its own calls)
    calls = _calls_of(facts, file, func)
    ok = index is not None and bool(calls)
    for f, call in calls or ():
        args = call.child_by_field_name("arguments")
        values = named(args) if args is not None else []
        if not ok or index >= len(values) or any(c.type == "..." for c in args.children):
            ok = False
            break
        value = unparen(values[index])
        passed_on = value is not None and value.type == "identifier" and \
            getattr(f.lookup(value), "kind", None) == "param"
        ok = value is not None and (
            _param_holds_own(facts, f, value, kind) if passed_on       # handed down
            else _own_store(facts, f, value, set()))
    memo[key] = ok
    return ok


def _calls_of(facts: PackageFacts, file: SourceFile, func: Node) -> list | None:
    """Every call of an unexported function or method (by name, in the
    package), or of a literal bound to a local (in the function around
    it); None when it is exported or used as a value somewhere."""
    if func.type in ("function_declaration", "method_declaration"):
        name = func.child_by_field_name("name")
        if name is None or name.text[:1].isupper():
            return None
        calls = facts.calls_by_name(func)
        if func.type == "method_declaration" and calls and any(
                _method_expression(facts, call) for _f, call in calls):
            return None              # `T.m(x, f)`: the arguments are shifted by one
        return calls
    stmt = file.parent(func)
    stmt = file.parent(stmt) if stmt is not None and stmt.type == "expression_list" else None
    if stmt is None or stmt.type != "short_var_declaration" or \
            len(named(stmt.child_by_field_name("left"))) != 1:
        return None
    local = named(stmt.child_by_field_name("left"))[0]
    around = file.enclosing_function(stmt)
    calls = []
    for ref in file.within(around, "(identifier) @node") if around is not None else ():
        if ref.text != local.text or ref.id == local.id:
            continue
        found = file.lookup(ref)
        if found is None or found.ident.id != local.id:
            continue
        call = file.parent(ref)
        if call is None or call.type != "call_expression" or \
                call.child_by_field_name("function").id != ref.id:
            return None                                # a value: called from anywhere
        calls.append((file, call))
    return calls


def _method_expression(facts: PackageFacts, call: Node) -> bool:
    """`T.m(x, ...)` or `(*T).m(x, ...)`: the receiver is the first argument."""
    fn = unparen(call.child_by_field_name("function"))
    operand = fn.child_by_field_name("operand") if fn is not None and \
        fn.type == "selector_expression" else None
    while operand is not None and operand.type in ("parenthesized_expression", "unary_expression",
                                                   "pointer_type", "parenthesized_type"):
        operand = named(operand)[-1] if named(operand) else None
    return operand is not None and operand.type in ("identifier", "type_identifier") and \
        operand.text.decode() in facts.types


def _own_store(facts: PackageFacts, file: SourceFile, value: Node | None, judged: set,
               depth: int = 0) -> bool:
    """A value the package stores in an unexported field or variable that is
    its own: code (_own_code), nil, another package's value
    (`http.DefaultTransport`), a value of a type of the package, the
    receiver, or what a function or method of the package (or of another
    package, or the field being judged: `l.state = l.state(l)`) returns
    when called with no parameter of the function it sits in (parameters
    bring the caller's values)."""
    value = unparen(value)
    if value is None or depth > 3:
        return False
    t = value.type
    if t == "nil" or _own_code(facts, file, value):
        return True
    if t in ("composite_literal", "unary_expression") or (
            t == "call_expression" and unparen(value.child_by_field_name("function")) is not None
            and unparen(value.child_by_field_name("function")).text in (b"new", b"make")):
        kind = facts.value_type(value)
        node = facts.type_node(kind[1]) if kind is not None and kind[0] == "named" else None
        return node is not None and node.type != "interface_type" and \
            _parameter_free(file, value, facts)
    if t == "call_expression":
        fn = unparen(value.child_by_field_name("function"))
        if fn is None or not _parameter_free(file, value.child_by_field_name("arguments"), facts):
            return False
        if fn.type == "identifier":       # (one declaration per build is enough)
            return file.lookup(fn) is None and bool(facts.function_all(fn.text.decode(), file))
        if fn.type != "selector_expression":
            return False
        if file.resolve_selector(fn) is not None:
            return True                                   # another package's function
        name = fn.child_by_field_name("field").text.decode()
        if ("field", name) in judged:
            return True                                   # the field judged: by induction
        base = facts.expr_type(file, fn.child_by_field_name("operand"))
        return base is not None and base[0] == "named" and \
            facts.method(base[1], name) is not None and \
            _parameter_free(file, fn.child_by_field_name("operand"), facts)
    if t == "identifier":
        decl = file.lookup(value)
        if decl is None or decl.kind == "param":
            return False
        if decl.kind == "receiver":
            return True                                   # a value of a type of the package
        values = _local_values(file, decl) if decl.kind == "var" else None
        return bool(values) and all(_own_store(facts, file, v, judged, depth + 1)
                                    for v in values)
    if t == "selector_expression":    # a field holding a value (not code) of a type of the package
        kind = facts.expr_type(file, value)
        node = facts.type_node(kind[1]) if kind is not None and kind[0] == "named" else None
        return node is not None and _type_kind(facts, file, node) is None
    return False


def _parameter_free(file: SourceFile, node: Node | None, facts: PackageFacts,
                    inside: Node | None = None) -> bool:
    """Does `node` take nothing from a parameter of the function it sits in
    (the receiver aside; with `inside`, a literal, from one of the functions
    around it) that could hold the caller's code? A parameter, or a field
    of one (`opts.Format`), of plain data (_data_type) or a
    `context.Context` holds none."""
    if node is None:
        return True
    for ident in file.within(node, "(identifier) @node"):
        decl = file.lookup(ident)
        if decl is None or decl.kind != "param" or (
                inside is not None and decl.scope is not None and
                inside.start_byte <= decl.scope.start_byte < inside.end_byte):
            continue                       # not a parameter, or the literal's own
        used = ident
        while file.parent(used) is not None and file.parent(used).type == "selector_expression" \
                and file.parent(used).child_by_field_name("operand").id == used.id:
            used = file.parent(used)
        if not _data_type(facts, facts.declared_type_node(file, used)) and \
                declared_import_type(file, used, facts) != ("context", "Context"):
            return False
    return True


#: predeclared types that hold no code (`error` and `any` may)
_DATA_TYPES = frozenset({
    "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
    "uint32", "uint64", "uintptr", "byte", "rune", "float32", "float64", "complex64",
    "complex128"})


def _data_type(facts: PackageFacts, node: Node | None, depth: int = 0) -> bool:
    """A type whose values hold no code: a basic type, a type of the package
    defined as one, and slices, arrays, maps, channels and pointers of
    such."""
    while node is not None and node.type == "parenthesized_type":
        node = named(node)[0] if named(node) else None
    if node is None or depth > 6:
        return False
    if node.type in ("slice_type", "array_type", "pointer_type", "channel_type"):
        inner = node.child_by_field_name("element") or node.child_by_field_name("value") or \
            (named(node)[-1] if named(node) else None)
        return _data_type(facts, inner, depth + 1)
    if node.type == "map_type":
        return _data_type(facts, node.child_by_field_name("key"), depth + 1) and \
            _data_type(facts, node.child_by_field_name("value"), depth + 1)
    if node.type != "type_identifier":
        return False
    name = node.text.decode()
    if name in _DATA_TYPES:
        return True
    return _data_type(facts, facts.type_node(name), depth + 1)


def _own_code(facts: PackageFacts, file: SourceFile, value: Node) -> bool:
    if value.type == "func_literal":
        # (a literal using the caller's code from a function around it may
        # hand it on: `cb := func() { g.Run(ctx, buildFunc) }`)
        return runs_caller_code(facts, file, value) is None and \
            _parameter_free(file, value, facts, inside=value)
    if value.type == "selector_expression":
        if file.resolve_selector(value) is not None:
            return True                                          # time.Now
        # a method value of a type of the package (`m.probe`)
        base = facts.expr_type(file, value.child_by_field_name("operand"))
        info = facts.method(base[1], value.child_by_field_name("field").text.decode()) \
            if base is not None and base[0] == "named" else None
        return info is not None and runs_caller_code(facts, info.file, info.node) is None
    if value.type != "identifier":
        return False
    if _cancel_local(file, value):
        return True
    decl = file.lookup(value)
    if decl is not None:
        # a local the function fills with its own code only; a parameter:
        # what the caller passed, maybe
        return decl.kind == "var" and _local_holds_own(facts, file, decl)
    info = facts.function(value.text.decode())
    return info is not None and runs_caller_code(facts, info.file, info.node) is None


def _local_holds_own(facts: PackageFacts, file: SourceFile, decl) -> bool:
    """Does a local function variable only ever hold code of the package's
    own: its declared value and every value assigned to it in its function
    (`var walk func(string); walk = func(dir string) {... walk(sub) ...}`,
    `f := e.Info; if warn { f = e.Warn }`)? A recursive literal calling the
    variable is judged by induction."""
    if decl is None or decl.kind != "var":
        return False
    memo = facts.memo.setdefault("own_locals", {})
    key = (file.abspath, decl.ident.start_byte)
    if key in memo:
        return memo[key]
    memo[key] = True                       # while judged: its own recursive calls
    values = _local_values(file, decl)
    ok = values is not None and bool(values) and all(
        _own_code(facts, file, unparen(v)) for v in values)
    memo[key] = ok
    return ok


def _local_holds_own_value(facts: PackageFacts, file: SourceFile, decl) -> bool:
    """Does a local interface variable only ever hold values of the
    package's own (_own_store: `r, w = io.Pipe()`, `&conn{}`, what a
    function of the package returns given none of its function's
    parameters)? One a parameter or field fills (`w := opts.Out`), or whose
    values are not all known, may hold the caller's."""
    if decl is None or decl.kind != "var":
        return False
    values = _local_values(file, decl)
    return bool(values) and all(_own_store(facts, file, v, set()) for v in values)


def _local_values(file: SourceFile, decl) -> list | None:
    """The values a local gets: its declared value (the call, for `x, err :=
    f()`) and those of `x = v` in its function (the call, for `x, err =
    f()`); None when one is not known (`&x`, `x += v`)."""
    values = [decl.value] if decl.value is not None else []
    if decl.value is None and decl.stmt.type == "short_var_declaration":
        # `conv, err := newConverter(...)`: what the one call returns
        right = named(decl.stmt.child_by_field_name("right"))
        if len(right) != 1 or unparen(right[0]).type != "call_expression":
            return None
        values = [right[0]]
    func = file.enclosing_function(decl.ident)
    for ident in file.within(func, "(identifier) @node") if func is not None else ():
        if ident.text != decl.ident.text or ident.id == decl.ident.id:
            continue
        found = file.lookup(ident)
        if found is None or found.ident.id != decl.ident.id:
            continue
        up = file.parent(ident)
        if up is not None and up.type == "unary_expression" and up.children[0].type == "&":
            return None
        stmt = file.parent(up) if up is not None and up.type == "expression_list" else None
        if stmt is None or stmt.type != "assignment_statement" or \
                stmt.child_by_field_name("left").id != up.id:
            continue                       # a use, not an assignment
        left, right = named(up), named(stmt.child_by_field_name("right"))
        if stmt.child_by_field_name("operator").type != "=":
            return None
        if len(left) == len(right):
            values.append(right[[n.id for n in left].index(ident.id)])
        elif len(right) == 1 and unparen(right[0]).type == "call_expression":
            values.append(right[0])        # `r, w = io.Pipe()`: what the one call returns
        else:
            return None
    return values


def _cancel_local(file: SourceFile, ident: Node) -> bool:
    """`cancel` of `ctx, cancel := context.WithCancel(...)` (golang.CANCEL_CONSTRUCTORS)."""
    decl = file.lookup(ident)
    if decl is None or decl.stmt.type != "short_var_declaration":
        return False
    right = named(decl.stmt.child_by_field_name("right"))
    call = unparen(right[0]) if len(right) == 1 else None
    return call is not None and call.type == "call_expression" and \
        file.resolve_selector(unparen(call.child_by_field_name("function"))) \
        in golang.CANCEL_CONSTRUCTORS


def runs_caller_code(facts: PackageFacts, file: SourceFile,
                     func: Node) -> tuple[SourceFile, Node] | None:
    """The first call of caller-supplied code `func` runs, in its body or in
    a same-package function it calls (one level), as (file, call); None
    when it runs none. Code in a `go` statement inside does not count: that
    goroutine is a root of its own."""
    calls = _run_calls(facts, file, func)
    for c in calls:
        if is_caller_supplied(facts, file, c):
            return file, c
    seen = set()
    for c in calls:
        for d in facts.callee_decls(file, c) or ():
            if d.node.id in seen or d.node.id == func.id:
                continue
            seen.add(d.node.id)
            for inner in _run_calls(facts, d.file, d.node):
                if is_caller_supplied(facts, d.file, inner):
                    return d.file, inner
    return None


def _run_calls(facts: PackageFacts, file: SourceFile, func: Node) -> list[Node]:
    """The calls in `func` that its own goroutine runs: not the call of a
    nested `go` statement nor anything in it, not the body of a literal
    passed to a goroutine launcher (`g.Go(func() error {...})`: a root of
    its own). A literal passed to anything else runs here (`once.Do`,
    `group.Do` of singleflight, `sort.Slice` run it before they return)."""
    def not_launched(call: Node) -> bool:
        return launched_function(facts, file, call) is None
    return [c for c in file.within(func, _CALL_Q) if runs_in_place(file, c, func, not_launched)]


def feeds_returned_channel(facts: PackageFacts, file: SourceFile, launch: Node, func: Node,
                           func_file: SourceFile) -> tuple[SourceFile, Node, Node] | None:
    """Where the goroutine sends on (or gets as an argument) a channel that
    the function launching it at `launch` returns, as (file, the send or
    the argument, the `return` that hands it back); None when it feeds
    none."""
    launcher = file.enclosing_function(launch)
    if launcher is None:
        return None
    result = launcher.child_by_field_name("result")
    if result is None or b"chan" not in result.text:
        return None
    returned: dict[bytes, Node] = {}
    for ret in file.directly_in(launcher, _RETURN_Q):
        for e in named(named(ret)[0]) if named(ret) and named(ret)[0].type == "expression_list" \
                else named(ret):
            e = unparen(e)
            if e is not None and e.type == "identifier":
                returned.setdefault(e.text, ret)
    if not returned:
        return None
    if func_file is file and launcher.start_byte <= func.start_byte < launcher.end_byte:
        for s in file.within(func, _SEND_Q):
            if unparen(s).type == "identifier" and unparen(s).text in returned:
                return file, s, returned[unparen(s).text]
    call = named(launch)[0] if launch.type == "go_statement" and named(launch) else launch
    args = call.child_by_field_name("arguments") if call.type == "call_expression" else None
    for a in named(args or launch):
        if unparen(a) is not None and unparen(a).text in returned:
            return file, a, returned[unparen(a).text]
    return None


# --- launchers -----------------------------------------------------------------------

def launching_helpers(facts: PackageFacts) -> dict[str, tuple[int, bool, SourceFile, Node]]:
    """The package's launching helpers (rules.md, concurrent roots 2): name ->
    (index of the function-typed parameter it runs in a `go` statement,
    whether that goroutine defers a recover around the call, the file, the
    `go` statement). A helper is a root for every argument it is called with.
    Only unexported helpers: every call of one is in the package."""
    if "launching_helpers" in facts.memo:
        return facts.memo["launching_helpers"]
    facts.load_goroutine_files()       # every helper has a `go` statement
    out: dict = {}
    # by path, whatever was parsed first: a helper declared once per GOOS is
    # described by its first file, and each declaration's `go` is the helper's
    for f in sorted(facts.files, key=lambda f: f.path):
        for name, index, go, literal in _helpers_in(facts, f):
            if name not in out:
                recovers = literal is not None and any(
                    st.type == "defer_statement" and _defers_recover(facts, f, st)
                    for st in body_statements(function_body(literal)))
                out[name] = (index, recovers, f, go)
    facts.memo["launching_helpers"] = out
    return out


def launching_helper_names(facts: PackageFacts) -> frozenset[str]:
    """The names of the package's launching helpers (launching_helpers). In
    a check of some files with the record of the package's last whole check
    (whose other files have the bytes they had then), the other files'
    helpers are the record's: only the checked files are read."""
    if "launching_helpers" in facts.memo:
        return frozenset(facts.memo["launching_helpers"])
    if "helper_names" not in facts.memo:
        given = facts.memo.get("reach_record")
        recorded = given[1].get("helpers") if given is not None else None
        if recorded is None:
            names = frozenset(launching_helpers(facts))
        else:
            checked = given[0]
            names = {n for path, found in recorded.items() if path not in checked for n in found}
            for f in facts.files:
                if f.abspath in checked:
                    names.update(name for name, *_ in _helpers_in(facts, f))
            for path, abspath, data in facts.pending:
                if abspath in checked and facts.may_start_goroutines(abspath, data):
                    f = facts.parse_apart(path, abspath, data)
                    names.update(name for name, *_ in _helpers_in(facts, f))
            names = frozenset(names)
        facts.memo["helper_names"] = names
    return facts.memo["helper_names"]


def helpers_by_file(facts: PackageFacts) -> dict[str, list[str]] | None:
    """For a record of the package (concurrency.reach_record): the helpers
    each file declares, by absolute path (files declaring none left out),
    when launching_helpers went through the package's files; else None."""
    if "launching_helpers" not in facts.memo:
        return None
    out = {}
    for f in facts.files:
        names = sorted({name for name, *_ in _helpers_in(facts, f)})
        if names:
            out[f.abspath] = names
    return out


def _helpers_in(facts: PackageFacts, f: SourceFile) -> list[tuple[str, int, Node, Node | None]]:
    """The `go` statements of the unexported helpers file `f` declares, in
    order: (the helper's name, the index of the parameter it runs, the `go`
    statement, the literal the goroutine runs the parameter in or None)."""
    memo = facts.memo.setdefault("helpers_in", {})
    if f.abspath in memo:
        return memo[f.abspath]
    out = []
    if not f.unqueryable and facts.may_start_goroutines(f.abspath, f.data):
        for func in named(f.root):   # declared functions with a function-typed parameter
            if func.type not in ("function_declaration", "method_declaration"):
                continue
            name = func.child_by_field_name("name")
            if name is None or name.text.decode()[:1].isupper():
                # an exported helper is called from packages we do not see
                # here: its own goroutine stays the place to report
                continue
            params = _func_params(func)
            if not params:
                continue
            for go in f.directly_in(func, "(go_statement) @g", "g"):
                call = unparen(named(go)[0]) if named(go) else None
                fn = unparen(call.child_by_field_name("function")) if call is not None and \
                    call.type == "call_expression" else None
                if fn is None:
                    continue
                if fn.type == "identifier" and fn.text.decode() in params:
                    out.append((name.text.decode(), params[fn.text.decode()], go, None))
                elif fn.type == "func_literal":
                    for inner in f.directly_in(fn, _CALL_Q):
                        f2 = unparen(inner.child_by_field_name("function"))
                        if f2 is not None and f2.type == "identifier" and \
                                f2.text.decode() in params:
                            out.append((name.text.decode(), params[f2.text.decode()], go, fn))
    memo[f.abspath] = out
    return out


def is_helper_goroutine(facts: PackageFacts, file: SourceFile, go_stmt: Node) -> bool:
    """Is `go_stmt` the `go` statement of a launching helper (any of its
    declarations)?"""
    return any(go.start_byte == go_stmt.start_byte for _n, _i, go, _l in _helpers_in(facts, file))


def _func_params(func: Node) -> dict[str, int]:
    """Names of the function-typed parameters and their argument index."""
    return {n.text.decode(): index for n, index, t in parameters(func)
            if n is not None and t is not None and t.type == "function_type"}


def _defers_recover(facts: PackageFacts, file: SourceFile, defer_stmt: Node) -> bool:
    call = unparen(named(defer_stmt)[0]) if named(defer_stmt) else None
    fn = unparen(call.child_by_field_name("function")) if call is not None and \
        call.type == "call_expression" else None
    if fn is not None and fn.type == "func_literal":
        return facts.calls_recover(fn, file)
    return call is not None and facts.recover_helper_call(file, call)


def launched_by_helper(facts: PackageFacts, file: SourceFile, call: Node):
    """For a call of a launching helper of the package: (function node,
    body, file) of the argument it runs on a goroutine, False when that
    argument is not known or the helper recovers around it, None when the
    call is no such call."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return None
    name = fn.child_by_field_name("field") if fn.type == "selector_expression" else fn
    if name is None or name.text.decode() not in launching_helper_names(facts):
        return None
    helpers = launching_helpers(facts)
    if name.text.decode() not in helpers:
        return None
    decls = facts.callee_decls(file, call)
    if not decls or decls[0].name != name.text.decode():
        return None
    index, recovers, _f, _go = helpers[name.text.decode()]
    return False if recovers else _argument_function(facts, file, call, index)


def launched_function(facts: PackageFacts, file: SourceFile, call: Node
                      ) -> tuple[Node, Node, SourceFile] | None | bool:
    """For a goroutine launcher call: (function node, body, file) of the code it
    runs when known; False when the call is a launcher whose argument is not
    known; None when it is no launcher. Launching helpers of the package
    count as launchers."""
    fn = unparen(call.child_by_field_name("function"))
    args = call.child_by_field_name("arguments")
    if fn is None or args is None:
        return None
    if fn.type != "selector_expression" or file.resolve_selector(fn) is None:
        by_helper = launched_by_helper(facts, file, call)
        if by_helper is not None:
            return by_helper
    index, _what = facts.launcher(file, call)
    if index is None:
        return None
    return _argument_function(facts, file, call, index)


def _argument_function(facts: PackageFacts, file: SourceFile, call: Node, index: int):
    """(function node, body, file) of the code argument `index` of `call`
    names (a literal, or a function or method of the package); False when
    not known."""
    values = named(call.child_by_field_name("arguments"))
    arg = unparen(values[index]) if len(values) > index else None
    if arg is None:
        return False
    target = facts.function_value(file, arg)
    if target is None:
        return False
    func, func_file = target
    body = function_body(func)
    return (func, body, func_file) if body is not None else False


# --- cannot matter -------------------------------------------------------------------

def cannot_matter(facts: PackageFacts, file: SourceFile, body: Node | None) -> bool:
    """Does the body only move data and signals, with at most one call into
    another package that the caller did not supply?"""
    if body is None:
        return False
    p = _Plumbing(facts, file)
    stmts = body_statements(body)
    p.follow = any(s.type == "defer_statement" and _is_done_call(s) for s in stmts)
    return all(p.statement(s) for s in stmts) and p.foreign <= 1


def _is_done_call(defer_stmt: Node) -> bool:
    call = unparen(named(defer_stmt)[0]) if named(defer_stmt) else None
    fn = unparen(call.child_by_field_name("function")) if call is not None and \
        call.type == "call_expression" else None
    return fn is not None and fn.type == "selector_expression" and \
        fn.child_by_field_name("field").text == b"Done"


class _Plumbing:
    def __init__(self, facts: PackageFacts, file: SourceFile, depth: int = 0):
        self.facts, self.file, self.depth = facts, file, depth
        self.foreign = 0           # calls into other packages seen
        self.follow = False        # follow one level into module functions (a wg.Done wrapper)

    # statements
    def block(self, node: Node | None) -> bool:
        return node is not None and all(self.statement(s) for s in body_statements(node))

    def statement(self, s: Node) -> bool:
        t = s.type
        if t in ("break_statement", "continue_statement", "empty_statement"):
            return True
        if t == "return_statement":
            return all(self.values(c) for c in named(s))
        if t == "send_statement":
            return self.value(s.child_by_field_name("channel")) and \
                self.value(s.child_by_field_name("value"))
        if t == "expression_statement":
            return all(self.value(c) for c in named(s))
        if t in ("short_var_declaration", "assignment_statement"):
            op = s.child_by_field_name("operator")
            left = s.child_by_field_name("left")
            if op is not None and op.type != "=":
                return False
            return left is not None and all(unparen(e) is not None and unparen(e).type == "identifier"
                                            for e in named(left)) \
                and self.values(s.child_by_field_name("right"))
        if t == "receive_statement":
            left = s.child_by_field_name("left")
            return (left is None or all(e.type == "identifier" for e in named(left))) and \
                self.value(s.child_by_field_name("right"))
        if t == "defer_statement":
            inner = unparen(named(s)[0]) if named(s) else None
            if inner is not None and inner.type == "call_expression":
                fn = unparen(inner.child_by_field_name("function"))
                args = inner.child_by_field_name("arguments")
                if fn is not None and fn.type == "func_literal" and not named(args):
                    return self.block(function_body(fn))
            return self.value(inner)
        if t == "block":
            return self.block(s)
        if t == "go_statement":
            # launching is not running: the new goroutine is a root of its
            # own, judged on its own; only the arguments are evaluated here
            call = unparen(named(s)[0]) if named(s) else None
            args = call.child_by_field_name("arguments") if call is not None and \
                call.type == "call_expression" else None
            return args is None or all(self.value(a) for a in named(args))
        if t == "labeled_statement":
            return all(self.statement(c) for c in named(s) if c.type != "label_name")
        if t == "if_statement":
            init = s.child_by_field_name("initializer")
            alt = s.child_by_field_name("alternative")
            return (init is None or self.statement(init)) and \
                self.value(s.child_by_field_name("condition")) and \
                self.block(s.child_by_field_name("consequence")) and \
                (alt is None or self.statement(alt))
        if t == "for_statement":
            for c in named(s):
                if c.type == "block":
                    if not self.block(c):
                        return False
                elif c.type == "range_clause":
                    left = c.child_by_field_name("left")
                    if left is not None and not all(e.type == "identifier" for e in named(left)):
                        return False
                    if not self.value(c.child_by_field_name("right")):
                        return False
                elif c.type == "for_clause" or not self.value(c):
                    return False
            return True
        if t == "select_statement":
            for case in named(s):
                if case.type not in ("communication_case", "default_case"):
                    return False
                for c in named(case):
                    if c.type == "statement_list":
                        if not all(self.statement(x) for x in named(c)):
                            return False
                    elif not self.statement(c):
                        return False
            return True
        return False

    # expressions
    def values(self, node: Node | None) -> bool:
        if node is None:
            return True
        if node.type == "expression_list":
            return all(self.value(e) for e in named(node))
        return self.value(node)

    def value(self, e: Node | None) -> bool:
        e = unparen(e)
        if e is None:
            return False
        t = e.type
        if t in _LITERALS or t == "identifier":
            return True
        if t == "selector_expression":       # a field or a package-level name
            return self.value(e.child_by_field_name("operand"))
        if t == "unary_expression":
            op = e.child_by_field_name("operator")
            return op is not None and op.type in ("<-", "!", "&", "-") and \
                self.value(e.child_by_field_name("operand"))
        if t == "binary_expression":
            op = e.child_by_field_name("operator")
            return op is not None and op.type in _COMPARISONS and \
                self.value(e.child_by_field_name("left")) and self.value(e.child_by_field_name("right"))
        if t == "composite_literal":
            body = e.child_by_field_name("body")
            return body is None or all(self.value(v) for el in named(body) for v in _elements(el))
        if t == "call_expression":
            return self.call(e)
        return False

    def call(self, call: Node) -> bool:
        fn = unparen(call.child_by_field_name("function"))
        args = call.child_by_field_name("arguments")
        if fn is None or args is None or not all(self.value(a) or a.type == "channel_type"
                                                 for a in named(args)):
            return False
        facts, file = self.facts, self.file
        if fn.type == "identifier":
            name = fn.text.decode()
            if name == "close" and file.lookup(fn) is None:
                return True
            if name == "make" and file.lookup(fn) is None and named(args) and \
                    named(args)[0].type == "channel_type":
                return True             # a new channel: signals to come
            if self._cancel_like(fn):
                return True
            return self._module_call(call)
        if fn.type != "selector_expression":
            return False
        method = fn.child_by_field_name("field").text.decode()
        operand = fn.child_by_field_name("operand")
        resolved = file.resolve_selector(fn)
        if resolved is not None:
            path, name = resolved
            if path == "sync/atomic" or (path == "time" and name in golang.PLUMBING_TIME_FUNCS) \
                    or (path == golang.SIGNAL_PACKAGE and name == "Stop") \
                    or (path in golang.LOG_PACKAGES and not golang.LOG_NOT_PRINT.match(name)):
                return True
            if is_caller_supplied(facts, file, call):
                return False
            self.foreign += 1
            return True
        if method in golang.SYNC_METHODS or (method == "Err" and not named(args)):
            return True
        t = declared_import_type(file, operand, facts)
        if method in golang.TIMER_METHODS and t in (("time", "Timer"), ("time", "Ticker")):
            return True
        if t in golang.LOGGER_TYPES and not golang.LOG_NOT_PRINT.match(method):
            return True
        if is_caller_supplied(facts, file, call):
            return False
        if t is not None or _foreign_value(file, operand) or \
                facts.promoted_foreign(file, operand, method) is not None:
            self.foreign += 1
            return True
        return self._module_call(call)

    def _cancel_like(self, ident: Node) -> bool:
        decl = self.file.lookup(ident)
        if decl is None or decl.stmt.type != "short_var_declaration":
            return False
        right = decl.stmt.child_by_field_name("right")
        values = named(right) if right is not None else []
        call = unparen(values[0]) if len(values) == 1 else None
        if call is None or call.type != "call_expression":
            return False
        return self.file.resolve_selector(unparen(call.child_by_field_name("function"))) \
            in golang.CANCEL_CONSTRUCTORS

    def _module_call(self, call: Node) -> bool:
        """One level into a same-package function called from a wg.Done wrapper."""
        if not self.follow or self.depth > 0:
            return False
        decls = self.facts.callee_decls(self.file, call)
        if not decls or len(decls) != 1 or decls[0].body is None:
            return False
        if any(s.type == "defer_statement" and _defers_recover(self.facts, decls[0].file, s)
               for s in body_statements(decls[0].body)):
            return True     # it recovers its own panics: none leaves the goroutine
        inner = _Plumbing(self.facts, decls[0].file, self.depth + 1)
        ok = inner.block(decls[0].body)
        self.foreign += inner.foreign
        return ok


def _elements(el: Node):
    """The values of a composite literal element (`k: v`, `v`)."""
    if el.type == "keyed_element":
        vals = named(el)
        return [_literal_value(vals[-1])] if vals else []
    return [_literal_value(el)]


def _literal_value(node: Node) -> Node:
    if node.type in ("literal_element",) and named(node):
        return named(node)[0]
    return node

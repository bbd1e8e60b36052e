"""Dependency packages read from their source (deps.py finds them): what
a package does with signals, summarised for deps.summary_for, and the
user's calls into the dependencies those summaries describe. Parsing
lives here, apart from deps.py, so that a check whose results and
summaries all come from the cache loads no syntax tree."""
from __future__ import annotations

import os

from .deps import SUMMARY_FORMAT
from .facts import EXIT_CALL_QUERY, PackageFacts, exit_call
from .header import UnreadableFile, read_go_bytes
from .source import SourceFile, captures, named, read_header, unparen


# --- what a dependency package does with signals ----------------------------------

_CALLS = "(call_expression) @c"


def _declared(file: SourceFile, node):
    """The declared function a node is in (through literals)."""
    n = node
    while n is not None and n.type not in ("function_declaration", "method_declaration"):
        n = file.parent(n)
    return n


def _decl_key(decl) -> tuple[str | None, str]:
    from .facts import receiver_type_name
    name = decl.child_by_field_name("name").text.decode()
    recv = receiver_type_name(decl) if decl.type == "method_declaration" else None
    return (recv, name)


def _gate(file: SourceFile, call, caller) -> tuple[int, str, str] | None:
    """The option of `caller`'s i-th parameter that decides whether `call`
    runs: (i, Field, the value it needs: "true" or "false") for
    `if p.Field { ... call ... }` (also `*p.Field`, `p.Field != nil &&
    *p.Field`, `!p.Field`), or an early `if p.NoSignals { return }` / `if
    !p.Field { return }` before the call in an enclosing block."""
    params = caller.child_by_field_name("parameters")
    names = []
    for p in named(params) if params is not None else ():
        for i in range(p.child_count):
            if p.field_name_for_child(i) == "name":
                names.append(p.children[i].text.decode())

    def option(cond, negated: bool):
        """(i, Field, value) when `cond` (negated: its negation) is true
        exactly when the option has that value."""
        cond = unparen(cond)
        if cond is None:
            return None
        if cond.type == "unary_expression":
            op = cond.child_by_field_name("operator")
            inner = cond.child_by_field_name("operand")
            if op is not None and op.type == "!":
                return option(inner, not negated)
            if op is not None and op.type == "*":
                return option(inner, negated)
            return None
        if cond.type == "binary_expression":
            op = cond.child_by_field_name("operator")
            left = unparen(cond.child_by_field_name("left"))
            right = cond.child_by_field_name("right")
            # `p.F != nil && *p.F` / `p.F == nil || !*p.F`: the right side decides
            if op is not None and op.type == ("||" if negated else "&&") and left is not None \
                    and left.type == "binary_expression":
                return option(right, negated)
            return None
        if cond.type == "selector_expression":
            operand = cond.child_by_field_name("operand")
            if operand is not None and operand.text.decode() in names:
                return names.index(operand.text.decode()), \
                    cond.child_by_field_name("field").text.decode(), \
                    "false" if negated else "true"
        return None

    n = file.parent(call)
    while n is not None and n != caller:
        if n.type == "if_statement":
            cons = n.child_by_field_name("consequence")
            if cons is not None and cons.start_byte <= call.start_byte < cons.end_byte:
                found = option(n.child_by_field_name("condition"), False)
                if found is not None:
                    return found
        if n.type == "block" or n.type == "statement_list":
            for stmt in named(n):
                if stmt.start_byte >= call.start_byte:
                    break
                if stmt.type == "if_statement" and _returns(stmt.child_by_field_name("consequence")):
                    cond = unparen(stmt.child_by_field_name("condition"))
                    found = option(cond, True) if cond is not None else None
                    if found is not None:
                        return found
        n = file.parent(n)
    return None


def _returns(block) -> bool:
    """Does the block end in a `return`?"""
    stmts = [s for s in named(block)] if block is not None else []
    while len(stmts) == 1 and stmts[0].type == "statement_list":
        stmts = named(stmts[0])
    return bool(stmts) and stmts[-1].type == "return_statement"


def analyse_package(directory: str, import_path: str, lookup=None) -> dict:
    """A JSON-able summary of a dependency package (see the module docstring).
    `lookup(import_path)` gives the summaries of the packages it imports, so
    that a handler registered two dependencies down is found too."""
    sources = []
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        names = []
    for name in names:
        if not name.endswith(".go") or name.endswith("_test.go"):
            continue
        path = os.path.join(directory, name)
        try:
            sources.append((path, read_go_bytes(path)))
        except UnreadableFile:
            continue
    summary = {"format": SUMMARY_FORMAT, "import_path": import_path, "entries": [], "results": {}}
    imported = {}
    if lookup is not None:
        for _path, data in sources:
            for imp in read_header(data).import_paths:
                if imp not in imported and "." in imp.split("/", 1)[0]:
                    found = lookup(imp)
                    if found is not None and found["entries"]:
                        imported[imp] = found
    if not imported and not any(b'"os/signal"' in data for _, data in sources):
        return summary   # nothing here can start a signal handler: nothing to parse
    files = []
    for path, data in sources:
        f = SourceFile(path, data, path)
        if f.build_ignore or f.package is None or f.package.endswith("_test"):
            continue
        files.append(f)
    if not files:
        return summary
    facts = PackageFacts(files)
    # result types of exported functions, to follow `pkg.New().Method()`
    for name, infos in facts.funcs.items():
        if name[:1].isupper() and len(infos) == 1:
            res = infos[0].node.child_by_field_name("result")
            t = res
            if t is not None and t.type == "parameter_list" and len(named(t)) == 1:
                t = named(t)[0].child_by_field_name("type")
            while t is not None and t.type == "pointer_type":
                t = named(t)[0] if named(t) else None
            if t is not None and t.type == "type_identifier":
                summary["results"][name] = t.text.decode()
    # seeds: (function in this package that starts a handler, what it starts)
    seeds = []
    for reg in facts.registrations:
        handler = _declared(reg.file, reg.call) if reg.is_handler else None
        if handler is not None:
            seeds.append((handler, {
                "func": reg.func, "signals": sorted(reg.signals),
                "action": _exit_action(reg.file, handler), "through": "",
                "registration": [reg.file.abspath, reg.call.start_point[0] + 1,
                                 reg.call.start_point[1] + 1]}))
    # one seed per (function, registration): a registration reached along
    # several paths (a diamond of imports) is one fact, not one per path
    seeded = {(h.id, tuple(s["registration"])) for h, s in seeds}
    for f in files:
        for call, other, entry, _note in calls_into(f, imported):
            handler = _declared(f, call)
            if handler is not None and (handler.id, tuple(entry["registration"])) not in seeded:
                seeded.add((handler.id, tuple(entry["registration"])))
                seeds.append((handler, {
                    "func": entry["func"], "signals": entry["signals"], "action": entry["action"],
                    "through": entry.get("through") or other.get("module", other["import_path"]),
                    "registration": entry["registration"]}))
    if not seeds:
        return summary
    # call graph within the package: callee decl -> [(caller decl, call node)]
    callers: dict[int, list] = {}
    for f in files:
        for call in (captures(_CALLS, f.root).get("c", []) if not f.unqueryable else ()):
            caller = _declared(f, call)
            if caller is None:
                continue
            for info in facts.callee_decls(f, call) or ():
                callers.setdefault(info.node.id, []).append((caller, call, f))
    for handler, started in seeds:
        # walk back to exported entry points, remembering a gate on the way
        seen = {handler.id}
        frontier = [(handler, None)]
        while frontier:
            fn, gate = frontier.pop()
            recv, name = _decl_key(fn)
            if name[:1].isupper():
                summary["entries"].append({"recv": recv, "name": name, "gate": gate, **started})
            for caller, call, cf in callers.get(fn.id, ()):
                if caller.id in seen:
                    continue
                seen.add(caller.id)
                frontier.append((caller, gate or _gate(cf, call, caller)))
    return summary


def _exit_action(file: SourceFile, handler) -> str:
    for call in captures(EXIT_CALL_QUERY, handler).get("node", []):
        resolved = exit_call(file, call)
        if resolved is not None:
            return f"calls {resolved[0].rsplit('/', 1)[-1]}.{resolved[1]}"
    return ""


# --- the user's calls into dependencies ----------------------------------------------

def _dep_type(file: SourceFile, expr, summaries: dict, depth: int = 0):
    """(import path, type name) of an expression whose type is a dependency's
    named type, as far as the source says: `pkg.New(...)` (by the summary's
    result types), `pkg.T{}`, `&pkg.T{}`, `var x pkg.T`, or a variable set
    from one of these."""
    expr = unparen(expr)
    if expr is None or depth > 4:
        return None
    t = expr.type
    if t == "call_expression":
        resolved = file.resolve_selector(unparen(expr.child_by_field_name("function")))
        if resolved and resolved[0] in summaries:
            result = summaries[resolved[0]]["results"].get(resolved[1])
            return (resolved[0], result) if result else None
        return None
    if t == "unary_expression":
        return _dep_type(file, expr.child_by_field_name("operand"), summaries, depth + 1)
    if t == "composite_literal":
        return _qualified(file, expr.child_by_field_name("type"), summaries)
    if t == "identifier":
        decl = file.lookup(expr)
        if decl is None:
            return None
        if decl.type is not None:
            return _qualified(file, decl.type, summaries)
        return _dep_type(file, decl.value, summaries, depth + 1)
    return None


def _qualified(file: SourceFile, node, summaries):
    while node is not None and node.type == "pointer_type":
        node = named(node)[0] if named(node) else None
    if node is None or node.type != "qualified_type":
        return None
    pkg = node.child_by_field_name("package")
    name = node.child_by_field_name("name")
    path = file.imports.get(pkg.text.decode()) if pkg is not None else None
    return (path, name.text.decode()) if path in summaries and name is not None else None


def _gate_value(file: SourceFile, call, gate) -> str | None:
    """'true', 'false' or 'unknown' for the gated option in the user's call
    (`gate`: index, field, and the value it needs):
    the options as a literal (`Options{F: false}`, `&Options{...}`) or a
    local bound to one and changed before the call (`opts.F = true`); the
    field's value a constant, a local with a constant value, or the address
    of one (`cleanup := false; Options{F: &cleanup}`)."""
    index, fld = gate[0], gate[1]
    args = [a for a in named(call.child_by_field_name("arguments")) if a.type != "comment"]
    if index >= len(args):
        return "false"
    arg = unparen(args[index])
    if arg is not None and arg.type == "unary_expression":
        arg = unparen(arg.child_by_field_name("operand"))
    local = None
    if arg is not None and arg.type == "identifier":
        decl = file.lookup(arg)
        value = unparen(decl.value) if decl is not None and decl.kind == "var" else None
        if value is not None and value.type == "unary_expression":
            value = unparen(value.child_by_field_name("operand"))
        local, arg = arg.text.decode(), value
    if arg is None or arg.type != "composite_literal":
        return "unknown"
    result = "false"        # not set: the zero value
    body = arg.child_by_field_name("body")
    for el in named(body) if body is not None else ():
        if el.type == "keyed_element" and len(named(el)) >= 2 and \
                named(el)[0].text.decode() == fld:
            value = named(el)[-1]
            value = named(value)[0] if value.type == "literal_element" and named(value) else value
            result = _constant_bool(file, value)
    if local is not None:      # `opts.F = v` between the literal and the call
        func = file.enclosing_function(call)
        for assign in file.within(func, _ASSIGN_Q) if func is not None else ():
            if not (arg.end_byte <= assign.start_byte < call.start_byte):
                continue
            left, right = assign.child_by_field_name("left"), assign.child_by_field_name("right")
            targets, values = named(left), named(right)
            for t, v in zip(targets, values):
                t = unparen(t)
                if t is not None and t.type == "selector_expression" and \
                        t.child_by_field_name("operand").text.decode() == local and \
                        t.child_by_field_name("field").text.decode() == fld:
                    result = _constant_bool(file, v)
    return result


def _constant_bool(file: SourceFile, value) -> str:
    """'true'/'false' for a constant, a local with a constant value (never
    assigned again in the file), or the address of one; else 'unknown'."""
    value = unparen(value)
    if value is not None and value.type == "unary_expression" and \
            value.child_by_field_name("operator").type == "&":
        value = unparen(value.child_by_field_name("operand"))
    if value is not None and value.type in ("true", "false"):
        return value.type
    if value is not None and value.type == "identifier":
        decl = file.lookup(value)
        if decl is not None and decl.kind in ("var", "const") and decl.value is not None and \
                unparen(decl.value).type in ("true", "false") and \
                not _reassigned(file, decl):
            return unparen(decl.value).type
    return "unknown"


def _reassigned(file: SourceFile, decl) -> bool:
    """Is the local assigned again after its declaration (`x = ...`)?"""
    scope = decl.scope if decl.scope is not None else file.root
    for assign in file.within(scope, _ASSIGN_Q):
        for t in named(assign.child_by_field_name("left")):
            if unparen(t) is not None and unparen(t).type == "identifier" and \
                    unparen(t).text.decode() == decl.name and assign.start_byte > decl.start:
                return True
    return False


_ASSIGN_Q = "(assignment_statement) @node"


def calls_into(file: SourceFile, summaries: dict):
    """(call node, summary, entry, gate note) for each call of a dependency
    entry point in `file` whose gate (if any) may be open."""
    out = []
    if not any(p in summaries for p in file.imports.values()):
        return out
    for call in (captures(_CALLS, file.root).get("c", []) if not file.unqueryable else ()):
        fn = unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            continue
        name = fn.child_by_field_name("field").text.decode()
        resolved = file.resolve_selector(fn)
        if resolved is not None:
            path, recv = resolved[0], None
        else:
            typ = _dep_type(file, fn.child_by_field_name("operand"), summaries)
            if typ is None:
                continue
            path, recv = typ
        summary = summaries.get(path)
        if summary is None:
            continue
        for entry in summary["entries"]:
            if entry["name"] != name or entry["recv"] != recv:
                continue
            note = ""
            if entry["gate"]:
                value = _gate_value(file, call, entry["gate"])
                needed = entry["gate"][2] if len(entry["gate"]) > 2 else "true"
                if value != "unknown" and value != needed:
                    continue
                opt = entry["gate"][1]
                note = (f" (because {opt} is {needed})" if value == needed
                        else f" (when {opt} is {needed} at run time)")
            out.append((call, summary, entry, note))
    return out

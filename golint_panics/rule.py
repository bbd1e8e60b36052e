"""The rule API: what a rule module may import.

A rule is a small data object (`Rule`) with docs, the syntax it subscribes
to (node kinds or a tree-sitter query whose `@node` capture is handed to
`check`), the byte tokens without which it cannot fire, and one or more of
three hooks:

- `check(node, ctx)`      called for every subscribed node of a file;
- `check_file(ctx)`       called once per parsed file;
- `check_program(pctx)`   called once per run with program-level facts.

Rules report through the context and never walk a whole tree themselves.
"""
from __future__ import annotations

import hashlib
import re

from . import golang
from .records import datatype, field, replace

#: (typing.TYPE_CHECKING without importing typing, which costs a one-file
#: check about 6 ms of its start)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable

    from tree_sitter import Node

    from .facts import PackageFacts, Registration
    from .queries import Model
    from .source import Decl, SourceFile

#: what this module offers rule modules from the model's modules, imported
#: when a rule module first asks (PEP 562): a check whose results all come
#: from the cache loads no syntax tree or model code
_REEXPORTS = {
    "EXIT_CALL_QUERY": "facts", "MAP": "facts", "PackageFacts": "facts",
    "Registration": "facts", "receiver_type_name": "facts",
    "Model": "queries", "locked_map_fields": "queries",
    "FUNCTION_KINDS": "source", "Decl": "source", "SourceFile": "source",
    "body_statements": "source", "enclosing_function": "source", "named": "source",
    "operand_of": "source", "unparen": "source",
    "MAP_VARIABLE": "prefilter", "MAP_VARIABLE_WRITTEN": "prefilter",
    "PACKAGE_MAP_VARIABLE": "prefilter", "INDEX_WRITE": "prefilter",
    "MISPLACED_RECOVER": "prefilter",
    "STD_STREAM_ASSIGNMENT": "prefilter",
}


def __getattr__(name: str):
    module = _REEXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(f"{__package__}.{module}"), name)
    globals()[name] = value
    return value

__all__ = [  # noqa: F822 (the model names come through __getattr__)
    "Rule", "Finding", "Location", "Context", "ProgramContext", "RegistrationSummary",
    "Settings", "MAP", "golang", "body_statements", "enclosing_function", "unparen",
    "FUNCTION_KINDS", "map_write_targets", "Fix", "receiver_type_name", "GO_STATEMENT", "named",
    "launching_helpers", "locked_map_fields",
    "EXIT_CALL", "EXIT_CALL_QUERY", "EXIT_WORDS", "exit_method_tokens", "shortened", "MAP_VARIABLE",
    "MAP_VARIABLE_WRITTEN", "PACKAGE_MAP_VARIABLE", "INDEX_WRITE", "MISPLACED_RECOVER",
    "STD_STREAM_ASSIGNMENT",
]


#: tokens (prefilter.py) of rules about `go` statements: the keyword
GO_STATEMENT = b"go"

#: tokens of rules about exit calls: the import of an exit function's
#: package and the function's name (an import under another name, or a
#: dot import, still has both)
EXIT_CALL = tuple((f'"{path}"'.encode(), name.encode())
                  for path, names in sorted(golang.EXIT_FUNCS.items()) for name in sorted(names))

#: the names an exit call is written with (EXIT_CALL_QUERY's: of the exit
#: functions and of the exit loggers' methods), as words: `reports_at` of
#: a rule that reports at exit calls
EXIT_WORDS = tuple(sorted(n.encode() for n in golang.EXIT_NAMES | golang.EXIT_METHOD_NAMES))


def exit_method_tokens(facts: PackageFacts) -> list[str]:
    """The exit methods a package's logger values can have: a logger's
    declared type names its package, so some file of the package imports it
    (`lg.Fatal(...)` in a file that does not, on a field declared in one
    that does). For `package_tokens`: only such packages wake the rule on
    the method's name alone."""
    if "exit method tokens" in facts.memo:       # (every file of the package, once)
        return facts.memo["exit method tokens"]
    from .prefilter import kept_scan
    out: set[str] = set()
    for data in [f.data for f in facts.files] + [p[2] for p in facts.pending]:
        for path in kept_scan(data, "logger packages", _logger_packages):
            out |= golang.EXIT_METHODS[path]
    facts.memo["exit method tokens"] = sorted(out)
    return facts.memo["exit method tokens"]


def _logger_packages(data: bytes) -> tuple:
    """The packages of golang.EXIT_METHODS a file's bytes import (with
    their witnesses, when they need one)."""
    from .prefilter import has
    return tuple(path for path in golang.EXIT_METHODS
                 if has("literal", path.encode(), data) and
                 _witnessed(data, path.encode(), golang.EXIT_METHOD_WITNESSES[path]))


def _witnessed(data: bytes, path: bytes, witnesses: tuple[bytes, ...]) -> bool:
    """Does the file name a witness of the package it imports qualified by
    the name it imports it under (`log.New(`, `stdlog.Logger`,
    golang.EXIT_METHOD_WITNESSES)? That is how the model knows a value of
    a logger type. The words alone (`errors.New`, `Default` anywhere), or
    for logrus and zap the import alone, woke GP009 on every test file that
    says `t.Fatal` in such a package (279 Debian test files, none with a
    finding). Where the imports do not tell (the path quoted after them
    too, a dot import): the words."""
    from .prefilter import code_of, has
    from .source import _DECL_START, _default_import_name, package_and_imports
    start = _DECL_START.search(data)
    code = code_of(data)              # (`log. /* x */ New` is `log.New`)
    if start is None or code is None or b'"' + path + b'"' in data[start.start():]:
        return any(has("word", x, data) for x in witnesses)
    text = path.decode("utf-8", "surrogateescape")
    names = {i.name or _default_import_name(text)
             for i in package_and_imports(data)[1] if i.path == text and i.name != "_"}
    if "." in names:
        return any(has("word", x, data) for x in witnesses)
    return any(re.search(rb"\b" + re.escape(name.encode()) + rb"\s*\.\s*(?:" +
                         b"|".join(witnesses) + rb")\b", code) for name in names)


#: what a rule's findings show about a crash (Rule.crash_evidence), for
#: `golint-panics explain`: the write of a concurrent map crash, the start of
#: a goroutine that panicked, a call that exited, the program's signal handlers
CRASH_MAP_WRITE = "map-write"
CRASH_GOROUTINE_START = "goroutine-start"
CRASH_EXIT = "exit-call"
CRASH_SIGNAL_HANDLER = "signal-handler"

#: the roles a rule may play for the infrastructure (Rule.role)
ROLE_FILE_NOTE = "file-note"                      # unreadable, unparsable, too deep
ROLE_UNUSED_SUPPRESSION = "unused-suppression"    # a directive that suppressed nothing
ROLE_MALFORMED_SUPPRESSION = "malformed-suppression"  # //lint:ignore without a reason
ROLES = (ROLE_FILE_NOTE, ROLE_UNUSED_SUPPRESSION, ROLE_MALFORMED_SUPPRESSION)


@datatype(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    docs: str
    node_kinds: tuple[str, ...] = ()
    query: str | None = None
    #: alternatives, any of which the file must contain for the rule to run
    #: there: a fragment of Go source (b"os.Exit", b'"os/signal"'), or a tuple
    #: of fragments that must all be there (prefilter.py says how they match)
    tokens: tuple = ()
    check: Callable[[Node, "Context"], None] | None = None
    check_file: Callable[["Context"], None] | None = None
    check_program: Callable[["ProgramContext"], None] | None = None
    default_enabled: bool = True
    severity: str = "warning"
    precision: str = "high"
    tags: tuple[str, ...] = ()
    #: False for rules that only comment on files parsed anyway (GP000)
    triggers_parse: bool = True
    #: keys allowed in the rule's `[rules.CODE]` configuration table, with
    #: the type each value must have (`{"strict-go": bool}`)
    options: dict[str, type] = field(default_factory=dict, hash=False, compare=False)
    #: False: never run on `_test.go` files; never run on `package main`;
    #: run on generated files (`// Code generated ... DO NOT EDIT.`) only
    #: when the configuration says `generated = "include"`
    applies_to_tests: bool = True
    applies_to_main: bool = True
    applies_to_generated: bool = False
    #: tokens derived from package facts (names declared in other files);
    #: files mentioning them are checked by this rule too. A token is a
    #: word, or a tuple of words that a file must all mention
    package_tokens: Callable[["PackageFacts"], Iterable[str]] | None = None
    #: True for a rule that, run on one file, may report in another file of
    #: the package (`ctx.report(..., file=f)`: a package-level judgement
    #: reported from the file where it starts); a check of one file then
    #: runs it on the package's other files too
    reports_in_other_files: bool = False
    #: with reports_in_other_files: the patterns of `query` whose checks may
    #: report in another file; a check of a few files (the editor's) runs
    #: only these on the package's other files, whose own findings it drops
    #: (None: the whole query)
    other_files_query: str | None = None
    #: with reports_in_other_files: what the rule reports from another file
    #: is only what the concurrent roots that file starts reach; a check of
    #: a few files runs it on no other file when the model shows that no
    #: root can reach them (concurrency.roots_cannot_reach)
    reports_from_roots: bool = False
    #: what a file must hold (tokens, as `tokens`) for this rule to report
    #: in it: a check of a few files (the editor's, pre-commit's) runs the
    #: rule only when one of them does, on none of the package's files
    #: otherwise (empty: any file may hold a finding). For a rule that
    #: reports across files (reports_in_other_files), its `tokens` say
    #: where its judgement starts (a `go` statement), these where it reports
    #: (a map write). For one that reports in the files it runs on, its
    #: `package_tokens` are looked for only while a file it has not run on
    #: holds these (they can wake no other)
    reports_at: tuple = ()
    #: the places of a crash this rule's findings speak of (CRASH_*), so that
    #: `explain` links a crash to the rule that would have caught it
    crash_evidence: tuple[str, ...] = ()
    #: a part the infrastructure plays through this rule (ROLES), so that no
    #: code of the engine names a rule code: the notes about files that
    #: could not be analysed, unused and malformed suppressions
    role: str = ""

    @property
    def doc_text(self) -> str:
        import textwrap
        return textwrap.dedent(self.docs).strip()

    def patterns(self, other_file: bool = False) -> str:
        """The rule's query; `other_file`: the part of it that runs on the
        package's other files in a check of a few files."""
        if other_file and self.other_files_query:
            return self.other_files_query
        if self.query:
            return self.query
        return "\n".join(f"({kind}) @node" for kind in self.node_kinds)


@datatype(frozen=True)
class Location:
    path: str
    line: int
    column: int            # 1-based, in characters
    end_line: int
    end_column: int        # 1-based, exclusive, in characters
    column_utf16: int
    end_column_utf16: int
    message: str = ""
    source_line: str = ""  # the line, or on a long line an excerpt around the finding
    source_column: int = 1  # the column of source_line's first character

    def to_dict(self) -> dict:
        d = {"path": self.path, "line": self.line, "column": self.column,
             "end_line": self.end_line, "end_column": self.end_column}
        if self.message:
            d["message"] = self.message
        return d


@datatype(frozen=True)
class Fix:
    message: str
    start: int             # byte offsets in the file
    end: int
    replacement: str
    digest: str = ""       # sha256 of the file the offsets refer to (set by Context.report)


@datatype(frozen=True)
class Finding:
    code: str
    name: str
    message: str
    severity: str
    location: Location
    related: tuple[Location, ...] = ()
    fix: Fix | None = None
    #: for a finding reached through calls: the path from where it starts
    #: (a goroutine's launch, a handler's registration) to the finding
    flow: tuple[Location, ...] = ()

    @property
    def path(self) -> str:
        return self.location.path

    def sort_key(self):
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def to_dict(self) -> dict:
        loc = self.location
        return {
            "code": self.code, "name": self.name, "message": self.message,
            "severity": self.severity, "path": loc.path, "line": loc.line,
            "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column,
            "related": [r.to_dict() for r in self.related],
            **({"flow": [r.to_dict() for r in self.flow]} if self.flow else {}),
        }


@datatype(frozen=True)
class Settings:
    """What the configuration tells the rules."""
    strict_go: bool = False
    recover_helpers: frozenset[str] = frozenset()
    #: `goroutine-launchers`: "import/path.Func", "import/path.Type.Method"
    goroutine_launchers: frozenset[str] = frozenset()
    #: each rule's `[rules.CODE]` table (checked against Rule.options)
    rule_options: dict = field(default_factory=dict, hash=False)
    include_generated: bool = False
    #: `test-support` globs on import paths, replacing the built-in list
    test_support: tuple[str, ...] | None = None


def location_of(file: SourceFile, start: int, end: int, message: str = "") -> Location:
    line, col, col16 = file.position(start)
    eline, ecol, ecol16 = file.position(end)
    excerpt, excerpt_column = file.line_excerpt(line, start, end)
    return Location(file.path, line, col, eline, ecol, col16, ecol16, message,
                    excerpt, excerpt_column)


class Context:
    """What a rule sees of one file and its package (a `go/analysis` Pass):
    the file, the settings and the rule's own options, the syntax helpers,
    `report`, and `model`: every question about the program (queries.py)."""

    def __init__(self, rule: Rule, file: SourceFile, package: PackageFacts,
                 settings: Settings, sink: list[Finding]):
        self.rule = rule
        self.file = file
        self.package = package
        self.settings = settings
        self._sink = sink
        self._model: Model | None = None

    @property
    def model(self) -> Model:
        """The program model's queries, from this file (queries.py)."""
        if self._model is None:
            from .queries import Model
            self._model = Model(self.package, self.file)
        return self._model

    # -- the file ---------------------------------------------------------------
    @property
    def is_test(self) -> bool:
        return self.file.is_test

    @property
    def is_main(self) -> bool:
        return self.file.package == "main"

    @property
    def package_class(self) -> str:
        """main, test-support, application or library (model.py)."""
        return self.package.package_class

    @property
    def options(self) -> dict:
        """This rule's `[rules.CODE]` table from the configuration."""
        return self.settings.rule_options.get(self.rule.code, {})

    @property
    def strict(self) -> bool:
        """`[rules.CODE] strict = true`: the rule's broad v1 reading."""
        return bool(self.options.get("strict"))

    def text(self, node: Node | None) -> str:
        return node.text.decode("utf-8", "replace") if node is not None else ""

    # -- reporting ------------------------------------------------------------
    def report(self, node: Node, message: str, *,
               related: Iterable[tuple[SourceFile, Node, str] | Location] = (),
               end_node: Node | None = None, fix: Fix | None = None,
               file: SourceFile | None = None,
               flow: Iterable[tuple[SourceFile, Node, str]] = ()) -> None:
        """Report at `node` (in `file`, by default the file being checked).
        `related`: other places the message speaks of; `flow`: the steps
        from where the code starts running to `node` (SARIF codeFlows)."""
        if file is not None and file is not self.file and not self.rule.reports_in_other_files:
            raise ValueError(f"{self.rule.code} reports in {file.path} while checking "
                             f"{self.file.path}: declare reports_in_other_files=True")
        end = (end_node or node).end_byte
        loc = location_of(file or self.file, node.start_byte, end)
        rel = tuple(r if isinstance(r, Location) else location_of(r[0], r[1].start_byte,
                                                                  r[1].end_byte, r[2])
                    for r in related)
        if fix is not None and not fix.digest:
            fix = replace(fix, digest=hashlib.sha256((file or self.file).data).hexdigest())
        steps = tuple(location_of(f, n.start_byte, n.end_byte, msg) for f, n, msg in flow)
        self._sink.append(Finding(self.rule.code, self.rule.name, message, self.rule.severity,
                                  loc, rel, fix, steps))

    # -- names ------------------------------------------------------------------
    def resolve(self, selector: Node | None) -> tuple[str, str] | None:
        """(import path, name) for `pkg.Name` through a resolved import."""
        from .source import unparen
        return self.file.resolve_selector(unparen(selector))

    def callee(self, call: Node) -> tuple[str, str] | None:
        return self.resolve(call.child_by_field_name("function"))

    def lookup(self, ident: Node) -> Decl | None:
        return self.file.lookup(ident)

    def parent(self, node: Node, file: SourceFile | None = None) -> Node | None:
        """`node.parent` (of a node of `file`, by default the file being checked),
        in time independent of the node's depth."""
        return (file or self.file).parent(node)

    def enclosing_function(self, node: Node, file: SourceFile | None = None) -> Node | None:
        """The innermost function declaration, method or literal around `node`."""
        return (file or self.file).enclosing_function(node)

    def enclosing_function_name(self, node: Node) -> str | None:
        """Name of the declared function (not literal) that contains `node`."""
        parent = self.file.parent
        n = parent(node)
        while n is not None:
            if n.type in ("function_declaration", "method_declaration"):
                name = n.child_by_field_name("name")
                return name.text.decode() if name is not None else None
            n = parent(n)
        return None

    def shared(self, key, compute: Callable[[], object]):
        """`compute()`, once per package for this rule: a judgement made over
        the whole package (every concurrent root), whichever file asks first."""
        memo = self.package.memo.setdefault(("shared", self.rule.code), {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def once(self, key) -> bool:
        """True the first time `key` is seen in this package (for findings
        that several nodes lead to)."""
        memo = self.package.memo.setdefault(("once", self.rule.code), set())
        if key in memo:
            return False
        memo.add(key)
        return True

    def within(self, node: Node, source: str, capture: str = "node",
               file: SourceFile | None = None) -> list[Node]:
        """Nodes matching a query inside `node` (a function body, a goroutine)
        of `file` (by default the file being checked), in document order."""
        return (file or self.file).within(node, source, capture)

    def directly_in(self, func: Node, source: str, capture: str = "node",
                    file: SourceFile | None = None) -> list[Node]:
        """Nodes matching a query whose innermost enclosing function is `func`
        (not in a nested function literal), in document order."""
        return (file or self.file).directly_in(func, source, capture)

def shortened(text: str, limit: int = 60) -> str:
    """Source text for a message: on one line, cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def map_write_targets(node: Node) -> list[tuple[Node, Node]]:
    """For a statement that may write a map, the written map expressions:
    [(m, the index or call node)] for `m[k] = v`, `m[k] op= v`, `m[k]++`,
    `delete(m, k)`. Only identifiers and selector chains count as `m`, and
    their dereference `(*p)` (a pointer to a map)."""
    from .source import named, unparen
    out = []
    t = node.type
    if t == "assignment_statement":
        left = node.child_by_field_name("left")
        for e in named(left) if left is not None else ():
            e = unparen(e)
            if e is not None and e.type == "index_expression":
                out.append((e.child_by_field_name("operand"), e))
    elif t in ("inc_statement", "dec_statement"):
        e = unparen(named(node)[0]) if named(node) else None
        if e is not None and e.type == "index_expression":
            out.append((e.child_by_field_name("operand"), e))
    elif t == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is not None and fn.type == "identifier" and fn.text == b"delete" \
                and args is not None and named(args):
            out.append((named(args)[0], node))
    return [(unparen(m), n) for m, n in out
            if unparen(m) is not None and _is_chain(unparen(m))]


def _is_chain(node: Node) -> bool:
    from .source import operand_of, unparen
    if node.type == "unary_expression":
        node = operand_of(node, "*")                             # (*p)[k] = v
        if node is None:
            return False
    while node.type == "selector_expression":
        node = unparen(node.child_by_field_name("operand"))
        if node is None:
            return False
    return node.type == "identifier"





def launching_helpers(package: PackageFacts) -> list[str]:
    """Names of the package's launching helpers: functions that run one of
    their function-typed parameters in a `go` statement (goroutines.py)."""
    from . import goroutines
    return sorted(goroutines.launching_helper_names(package))


# --- program level ---------------------------------------------------------------

@datatype(frozen=True)
class RegistrationSummary:
    """A signal registration as program-level rules see it (no syntax tree)."""
    location: Location
    func: str
    signals: frozenset[str]
    channel: str | None
    function_key: str | None     # file + byte offset of the enclosing function
    package: str                 # package key
    file_name: str = ""          # base name, for GOOS/GOARCH suffixes
    constraint: object = None    # the file's build constraint tree, if any
    # a registration made inside a dependency, reached from the user's call at `location`
    via: Location | None = None  # the registration in the dependency
    dependency: str = ""         # its module (and version)
    callee: str = ""             # the user's call, as written
    action: str = ""             # what the handler does ("calls os.Exit")
    note: str = ""               # under which option it happens
    #: the roots it runs from (callgraph.py labels): ("main",), ("export",
    #: key), ("value", key), ("init", key); ("any",) when not known
    roots: frozenset = frozenset({("any",)})
    #: function keys of its package that run only after this handler's
    #: `signal.Stop(c)`: registrations there are not active with it
    released: frozenset = frozenset()
    #: for each ("export", key) root: (key, receiver type or "", name), so
    #: that a program can tell whether another of its packages calls it
    exports: frozenset = frozenset()

    def reached_from(self) -> str:
        """Which root runs it, in words: "from main", "from exported Start",
        "from a function value such as a sub-command"; "" when not known."""
        kinds = {label[0] for label in self.roots}
        if "main" in kinds:
            return "from main"
        if "init" in kinds:
            return "from an init function"
        if "export" in kinds:
            names = sorted(f"{recv}.{name}" if recv else name for _k, recv, name in self.exports)
            return f"from exported {names[0]}" if names else "from an exported function"
        if "value" in kinds:
            return "from a function value such as a sub-command or a callback"
        return ""


def summarize_registration(reg: Registration, graph=None) -> RegistrationSummary:
    """What program-level rules need of a registration; with the package's
    call graph (callgraph.py), the roots it runs from and what its
    `signal.Stop` releases."""
    loc = location_of(reg.file, reg.call.start_byte, reg.call.end_byte)
    fkey = f"{reg.file.path}:{reg.function.start_byte}" if reg.function is not None else None
    roots = graph.labels(fkey) if graph is not None else frozenset({("any",)})
    released = frozenset()
    if graph is not None and reg.function is not None and reg.channel:
        released = graph.released_by_stop(reg.file, reg.function, reg.call, reg.channel)
    exports = frozenset(graph.exported_name(label[1]) for label in roots
                        if label[0] == "export") if graph is not None else frozenset()
    return RegistrationSummary(loc, reg.func, reg.signals, reg.channel, fkey, "",
                               reg.file.name, reg.file.constraint, roots=roots,
                               released=released, exports=exports)


#: related locations a program-level finding lists (the message counts the rest)
RELATED_LIMIT = 10


@datatype(frozen=True)
class Overlap:
    """A registration site and the other sites whose signals it races with."""
    registration: RegistrationSummary
    others: tuple[RegistrationSummary, ...]   # the first RELATED_LIMIT, by location
    count: int                                # all of them


def _handler(r: RegistrationSummary):
    """Two `signal.Notify` calls on one channel in one function are one handler."""
    return (r.function_key, r.channel) if r.func == "Notify" and r.function_key is not None \
        else None


def _order(r: RegistrationSummary):
    return r.location.path, r.location.line, r.location.column


@datatype
class ProgramGroup:
    """Registrations that live in one process: a program, or a lone library package."""
    label: str
    registrations: list[RegistrationSummary]
    kind: str = "program"      # "program" (a main and its imports) or "package"

    def overlaps(self, limit: int = RELATED_LIMIT, unknown_overlaps: bool = False
                 ) -> list[Overlap]:
        """Each registration site whose signals overlap another site's in a
        build of this group (other than its own handler), with the others.

        Two registrations are active together when their roots allow it
        (`_active_together`), and not when one runs only after the other's
        `signal.Stop`. Registrations are compared by class (signals, build
        class, roots), so the work grows with the registrations times the
        classes that overlap, not with every pair of registrations."""
        classes: dict[tuple, list[RegistrationSummary]] = {}
        sites: dict[Location, list[RegistrationSummary]] = {}
        key_of = {}
        for r in self.registrations:
            key = key_of[id(r)] = (r.signals, golang.build_class(r.file_name, r.constraint),
                                   _roots_signature(r, self.kind))
            classes.setdefault(key, []).append(r)
            sites.setdefault(r.location, []).append(r)
        keys = list(classes)
        meets = {k: [o for o in keys if golang.signals_overlap(k[0], o[0], unknown_overlaps)
                     and golang.classes_build_together(k[1], o[1])
                     and _active_together(k[2], o[2])] for k in keys}
        members = {k: sorted(v, key=_order) for k, v in classes.items()}
        handlers = {k: _count(map(_handler, v)) for k, v in classes.items()}
        heads = {k: _Heads(v, limit + 1) for k, v in members.items()}
        shared = any(len(v) > 1 for v in sites.values())
        sequenced = _sequenced(self.registrations)
        out = []
        for loc, regs in sites.items():
            if not shared and id(regs[0]) not in sequenced:
                (a,) = regs
                key = key_of[id(a)]
                h = _handler(a)
                count = sum(len(members[k]) - (handlers[k].get(h, 0) if h is not None else 0)
                            for k in meets[key])
                if h is None and key in meets[key]:
                    count -= 1                       # itself
                if count <= 0:
                    continue
                found = sorted((o for k in meets[key] for o in heads[k].without(h)
                                if o is not a), key=_order)
                out.append(Overlap(a, tuple(found[:limit]), count))
                continue
            # a call that reaches several registrations inside dependencies:
            # compare its registrations one by one (such sites are few)
            others: dict[Location, RegistrationSummary] = {}
            for a in regs:
                for k in meets[key_of[id(a)]]:
                    for b in members[k]:
                        if b.location != loc and (_handler(a) is None or _handler(a) != _handler(b)) \
                                and (id(a), id(b)) not in sequenced.get(id(a), ()):
                            others[b.location] = b
            if others:
                found = sorted(others.values(), key=_order)
                out.append(Overlap(regs[0], tuple(found[:limit]), len(found)))
        return out


_OPEN = ("open",)


def _roots_signature(r: RegistrationSummary, kind: str) -> tuple:
    """What decides, from its roots, which registrations `r` can be active
    with. In a program, the main root, an `init`, an exported function of a
    library (any caller, main's path included) or an unknown root make it
    open to every other; otherwise its value roots (sub-commands' `Run`,
    callbacks) name the alternatives it belongs to. In a lone library
    package, each exported function is a root of its own."""
    kinds = {label[0] for label in r.roots}
    if "any" in kinds or "init" in kinds or (kind == "program" and kinds & {"main", "export"}):
        return _OPEN
    return ("roots", frozenset(r.roots))


def _active_together(a: tuple, b: tuple) -> bool:
    """Open to all, or one root reaches both, other than through different
    arms of one branch of that root."""
    if a == _OPEN or b == _OPEN:
        return True
    for la in a[1]:
        for lb in b[1]:
            if la[:2] == lb[:2] and not _exclusive(la[2:], lb[2:]):
                return True
    return False


def _exclusive(a: tuple, b: tuple) -> bool:
    arms_a, arms_b = (a[0] if a else None), (b[0] if b else None)
    return arms_a is not None and arms_b is not None and arms_a[0] == arms_b[0] \
        and not set(arms_a[1]) & set(arms_b[1])


def _sequenced(registrations) -> dict:
    """{id(a): {(id(a), id(b)), ...}} for the pairs where one runs only after
    the other's `signal.Stop` (both ways round)."""
    by_func: dict = {}
    for r in registrations:
        if r.function_key is not None:
            by_func.setdefault((r.package, r.function_key), []).append(r)
    out: dict = {}
    for a in registrations:
        for key in a.released:
            for b in by_func.get((a.package, key), ()):
                out.setdefault(id(a), set()).add((id(a), id(b)))
                out.setdefault(id(b), set()).add((id(b), id(a)))
    return out


def _count(values) -> dict:
    out: dict = {}
    for v in values:
        if v is not None:
            out[v] = out.get(v, 0) + 1
    return out


class _Heads:
    """The first `n` members of a sorted class, and for each handler among
    them the first `n` members of other handlers: what a site's related
    locations need, without scanning the class for each site."""

    def __init__(self, members: list[RegistrationSummary], n: int):
        self.head = members[:n]
        self._members = members
        self._n = n
        self._without: dict = {}

    def without(self, handler) -> list[RegistrationSummary]:
        if handler is None or all(_handler(r) != handler for r in self.head):
            return self.head
        if handler not in self._without:
            self._without[handler] = [r for r in _lazy_filter(self._members, handler, self._n)]
        return self._without[handler]


def _lazy_filter(members, handler, n):
    taken = 0
    for r in members:
        if _handler(r) != handler:
            yield r
            taken += 1
            if taken == n:
                return


class ProgramContext:
    def __init__(self, rule: Rule, groups: list[ProgramGroup], sink: list[Finding],
                 settings: Settings = Settings()):
        self.rule = rule
        self.groups = groups
        self.settings = settings
        self._sink = sink
        self._sites: set | None = None

    @property
    def strict(self) -> bool:
        """`[rules.CODE] strict = true`: the rule's broad v1 reading."""
        return bool(self.settings.rule_options.get(self.rule.code, {}).get("strict"))

    def report(self, location: Location, message: str, related: Iterable[Location] = ()) -> None:
        """Report at `location`, which is where one of the groups'
        registrations is (the runner relies on it: a check of a few files
        runs the program rules only when one of them holds a registration)."""
        if self._sites is None:
            self._sites = {r.location for g in self.groups for r in g.registrations}
        if location not in self._sites:
            raise ValueError(f"{self.rule.code}: a program rule reports at a registration, "
                             f"not at {location.path}:{location.line}")
        self._sink.append(Finding(self.rule.code, self.rule.name, message, self.rule.severity,
                                  location, tuple(related)))

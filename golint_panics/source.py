"""One Go file: bytes, syntax tree, package clause, imports, build
constraints, positions and lexical scopes.

A file is parsed at most once; everything else in the linter reads the
`SourceFile` built here.
"""
from __future__ import annotations

import bisect
import os
import re
from functools import lru_cache

from tree_sitter import Language, Node, Parser, Query, QueryCursor

from . import golang
from .header import Header, build_constraint
from .records import datatype

FUNCTION_KINDS = frozenset({"function_declaration", "method_declaration", "func_literal"})


@lru_cache(maxsize=None)
def go_language() -> Language:
    """tree-sitter's Go grammar, loaded when first parsed with or queried
    (a check whose results all come from the cache never is)."""
    import tree_sitter_go
    return Language(tree_sitter_go.language())


@lru_cache(maxsize=None)
def _parser() -> Parser:
    return Parser(go_language())


@lru_cache(maxsize=256)
def query(source: str) -> Query:
    """A compiled query, cached: queries are compiled once per process."""
    return Query(go_language(), source)


def captures(source: str, node: Node, start: int | None = None, end: int | None = None):
    """Run a query below `node` (optionally within a byte range); returns {name: [nodes]}."""
    cursor = QueryCursor(query(source))
    if start is not None:
        cursor.set_byte_range(start, end)
    return cursor.captures(node)


def _document_order(node: Node) -> tuple[int, int]:
    """Nodes in the order a walk of the tree meets them: by start, the
    outer of two that start together first (a query's captures of nested
    nodes starting at one byte, `a.b().c()`, come in no set order)."""
    return node.start_byte, -node.end_byte


_CAPTURE = re.compile(r"@([A-Za-z_][\w.\-]*)")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@lru_cache(maxsize=64)
def _combined_query(sources: tuple[str, ...]) -> tuple[str, list[list[str]]]:
    """One query made of `sources`, the captures of the i-th renamed
    `q{i}_{name}`, and each one's capture names (none for a query with an
    "@" in a string, left out: its captures are found on their own); ""
    when the whole does not compile."""
    parts, names = [], []
    for i, source in enumerate(sources):
        spelled = _CAPTURE.findall(source)
        if len(_CAPTURE.findall(_STRING.sub("", source))) != len(spelled):
            names.append([])
            continue
        names.append(list(dict.fromkeys(spelled)))
        parts.append(_CAPTURE.sub(lambda m, i=i: f"@q{i}_{m.group(1)}", source))
    try:
        query("\n".join(parts))
    except Exception:       # (each compiled alone: not expected)
        return "", [[] for _s in sources]
    return "\n".join(parts), names


def matches(source: str, node: Node):
    return QueryCursor(query(source)).matches(node)


# --- header: package clause and imports, from the tree (header.py has the rest) ---

_DECL_START = re.compile(rb"^(?:func|type|var|const)\b", re.M)


@datatype
class Import:
    name: str | None      # explicit name, "." or "_", or None for the default
    path: str
    node: Node | None = None


def _default_import_name(path: str) -> str:
    last = path.rsplit("/", 1)[-1]
    # gopkg.in/yaml.v2 -> yaml; github.com/x/foo/v2 -> foo
    if re.fullmatch(r"v[0-9]+", last) and "/" in path:
        last = path.rsplit("/", 2)[-2]
    last = re.sub(r"\.v[0-9]+$", "", last)
    if last.startswith("go-"):
        last = last[3:]
    return last.replace("-", "_").replace(".", "_")


def _imports_and_package(root: Node) -> tuple[str | None, list[Import]]:
    package = None
    imports: list[Import] = []
    for child in root.children:
        if child.type == "package_clause":
            for c in child.children:
                if c.type == "package_identifier":
                    package = c.text.decode()
        elif child.type == "import_declaration":
            specs = []
            for c in child.children:
                if c.type == "import_spec":
                    specs.append(c)
                elif c.type == "import_spec_list":
                    specs.extend(s for s in c.children if s.type == "import_spec")
            for spec in specs:
                path_node = spec.child_by_field_name("path")
                name_node = spec.child_by_field_name("name")
                if path_node is None:
                    continue
                path = path_node.text.decode().strip('"`')
                imports.append(Import(name_node.text.decode() if name_node else None, path, spec))
        elif child.type in ("function_declaration", "method_declaration", "type_declaration",
                            "var_declaration", "const_declaration"):
            break
    return package, imports


def package_and_imports(data: bytes) -> tuple[str | None, list[Import]]:
    """The package clause and imports of `data` (read_header): the part
    before the first declaration is parsed, else the whole file."""
    m = _DECL_START.search(data)
    prefix = data[: m.start()] if m else data
    package, imports = _imports_and_package(_parser().parse(prefix).root_node)
    if package is None and m is not None:
        package, imports = _imports_and_package(_parser().parse(data).root_node)
    return package, imports


def read_header(data: bytes) -> Header:
    """What the file says about its place in the build (header.Header)."""
    package, imports = package_and_imports(data)
    return Header(package, [i.path for i in imports], build_constraint(data),
                  [(i.path, i.node.start_point[0] + 1) for i in imports
                   if i.name == "_" and i.node is not None])


# --- the parsed file ----------------------------------------------------------

@datatype
class Decl:
    """A local declaration of one name."""
    name: str
    kind: str                  # var | param | receiver | range | const | alias | result
    ident: Node                # the identifier at the declaration
    stmt: Node                 # the declaring spec/statement/parameter
    type: Node | None = None   # declared type, if written
    value: Node | None = None  # initial value, if written
    scope: Node | None = None  # the node the declaration is visible in

    @property
    def start(self) -> int:
        return self.ident.start_byte


def named(node: Node) -> list[Node]:
    """A node's named children that are code. Comments are extras that may
    sit between any two tokens (`go /* why */ f()`): every walk that picks
    a child by position asks this, never `named_children`."""
    return [c for c in node.named_children if c.type != "comment"]


#: a UTF-8 byte order mark, which Go ignores at the start of a file
BOM = b"\xef\xbb\xbf"
#: a finding's source excerpt: lines up to this many bytes whole, longer
#: ones as a window around the finding
EXCERPT_BYTES = 1000


def _char_boundary(data: bytes, i: int) -> bool:
    """Does a UTF-8 character start at byte i (or the data end there)?"""
    return i >= len(data) or data[i] & 0xC0 != 0x80

#: how many parsed files a long-lived process keeps between checks (the
#: language server sets it; a run of the CLI parses each file once anyway)
KEEP_PARSED = 0
_kept: dict[str, "SourceFile"] = {}


def parse_file(path: str, data: bytes, abspath: str | None = None) -> "SourceFile":
    """The file parsed: the one kept from an earlier check while its bytes
    are the same (everything a SourceFile remembers follows from them)."""
    if not KEEP_PARSED:
        return SourceFile(path, data, abspath)
    key = abspath or os.path.abspath(path)
    hit = _kept.pop(key, None)
    if hit is None or hit.path != path or hit.data != data:
        # an edited file (the language server): its tree is parsed again
        # from the one kept, which tree-sitter reuses where the bytes did not
        # change (the same tree as a parse from scratch, in a fraction of
        # the time)
        hit = SourceFile(path, data, abspath,
                         before=hit if hit is not None and hit.path == path else None)
    _kept[key] = hit                      # the most recent last
    while len(_kept) > KEEP_PARSED:
        del _kept[next(iter(_kept))]
    return hit


def declaration_skeleton(f: "SourceFile", comments: bool = True) -> bytes:
    """What other files of the package see of this one: what precedes the
    package clause (build constraints), and every top-level declaration
    without the bodies of its functions (`comments=False`: nor the comments
    between declarations). Two versions of a file with the same skeleton
    declare the same names with the same types: only code inside their
    functions differs."""
    clause = next((n for n in named(f.root) if n.type == "package_clause"), None)
    parts = [f.data[:clause.start_byte] if clause is not None else b""]
    for top in named(f.root):
        if not comments and top.type == "comment":
            continue
        end = top.end_byte
        if top.type in ("function_declaration", "method_declaration"):
            body = top.child_by_field_name("body")
            end = body.start_byte if body is not None else end
        parts.append(f.data[top.start_byte:end])
    return b"\0".join(parts)


def _common_prefix(a: bytes, b: bytes) -> int:
    """The length of the longest common prefix (slices compared in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _point(data: bytes, offset: int) -> tuple[int, int]:
    """tree-sitter's (row, byte column) of a byte offset."""
    return data.count(b"\n", 0, offset), offset - (data.rfind(b"\n", 0, offset) + 1)


def edit_span(old: bytes, data: bytes) -> tuple[int, int, int]:
    """The one span of bytes that differ between two versions of a file:
    (start, end in `old`, end in `data`), from the longest common prefix to
    the longest common suffix that does not overlap it."""
    start = _common_prefix(old, data)
    limit = min(len(old), len(data)) - start
    same_end = _common_prefix(old[::-1][:limit], data[::-1][:limit])
    return start, len(old) - same_end, len(data) - same_end


def moved(node: Node, span: tuple[int, int, int], after: "SourceFile") -> Node | None:
    """`node`, of a file's earlier version, in its version `after`: the node
    of the same type over the same bytes, moved by the edit (`span`, as
    edit_span gives it), when it lies wholly outside the edit and is not
    touched by it (no byte of the edit is next to it); else None."""
    start, old_end, new_end = span
    s, e = node.start_byte, node.end_byte
    if e < start:
        shift = 0
    elif s > old_end:
        shift = new_end - old_end
    else:
        return None
    s, e = s + shift, e + shift
    found = after.root.descendant_for_byte_range(s, e)
    while found is not None and found.start_byte == s and found.end_byte == e:
        if found.type == node.type:
            return found
        found = after.parent(found)
    return None


def reparse(before: "SourceFile", data: bytes):
    """`data`'s tree, parsed incrementally from `before`'s: the bytes that
    differ are one span (edit_span); the kept tree is copied, never edited
    (its nodes may still be held). When either tree holds a syntax error,
    `data` is parsed from scratch: tree-sitter's error recovery can then
    shape the incremental tree otherwise than a fresh parse (a buffer being
    typed must give what a check of the saved file gives)."""
    old = before.data
    if before.tree.root_node.has_error:
        return _parser().parse(data)
    start, old_end, new_end = edit_span(old, data)
    tree = before.tree.copy()
    tree.edit(start, old_end, new_end, _point(old, start), _point(old, old_end),
              _point(data, new_end))
    new = _parser().parse(data, tree)
    return _parser().parse(data) if new.root_node.has_error else new


class SourceFile:
    def __init__(self, path: str, data: bytes, abspath: str | None = None,
                 before: "SourceFile | None" = None):
        """`before`: an earlier version of the file, whose tree the parse
        reuses where the bytes are the same (parse_file)."""
        self.path = path
        self.abspath = abspath or os.path.abspath(path)
        self.name = os.path.basename(path)
        self.data = data
        self.tree = reparse(before, data) if before is not None else _parser().parse(data)
        self.root = self.tree.root_node
        self.package, imports = _imports_and_package(self.root)
        self.imports: dict[str, str] = {}
        self.blank_imports: set[str] = set()
        for imp in imports:
            if imp.name == "_":
                self.blank_imports.add(imp.path)
            elif imp.name == ".":
                continue
            else:
                self.imports[imp.name or _default_import_name(imp.path)] = imp.path
        self.is_test = self.name.endswith("_test.go")
        self.constraint = build_constraint(data)
        self.build_ignore = self.constraint is not None and not golang.satisfiable(
            self.constraint, {"ignore": False})
        self._lines: list[int] | None = None
        self._last_position: tuple[int, int, int, int] | None = None
        self.ancestry = Ancestry(self.root)
        #: why the analysis of this file stopped short (nesting too deep), if it did
        self.too_deep: str | None = None
        #: True when the file is too deep for tree-sitter's queries: not analysed
        self.unqueryable = len(data) > MAX_QUERY_DEPTH // 8 and depth_exceeds(
            self.root, MAX_QUERY_DEPTH)
        if self.unqueryable:
            # tree-sitter's queries lose matches and slow down quadratically on
            # trees this deep: such a file is noted and not analysed
            self.too_deep = f"nesting deeper than {MAX_QUERY_DEPTH} levels of syntax"
        self._memo: dict = {}
        self._scopes: dict = {}       # block id -> its index; ("params", id) -> parameters
        self._lookups: dict[int, "Decl | None"] = {}   # identifier node id -> its declaration
        self._found: dict[tuple[str, str], tuple[list[Node], list[int]]] = {}
        #: the queries the file's earlier version ran over its whole tree: the
        #: first of them asked of this version runs them all, in one pass
        self._expected = tuple(dict.fromkeys(
            [s for s, _c in before._found] + list(before._expected))) if before is not None else ()
        self._own: dict[tuple[str, str], dict[int, list[Node]]] = {}
        self._shadow: dict[str, bool] = {}

    def memoized(self, key, compute):
        """`compute()` once per key for this file: for what follows from the
        file's bytes alone (a language server keeps unchanged files, and with
        them these answers)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def references(self, name: str, kind: str) -> list[Node]:
        """Every `kind` node spelled `name` (found from the bytes: no walk of
        the whole tree), a function's or method's own name left out; kept
        with the file (a language server keeps unchanged files)."""
        return self.memoized(("references", name, kind), lambda: self._references(name, kind))

    def _references(self, name: str, kind: str) -> list[Node]:
        word = name.encode()
        if word not in self.data:
            return []
        out = []
        pattern = _occurrences(word, rb"A-Za-z0-9_", rb"(?![A-Za-z0-9_])")
        for m in pattern.finditer(self.data):
            node = self.root.descendant_for_byte_range(m.start(), m.end())
            if node is None or node.type != kind or node.start_byte != m.start():
                continue
            up = self.parent(node)
            if up is not None and up.type in ("function_declaration", "method_declaration") \
                    and up.child_by_field_name("name").start_byte == node.start_byte:
                continue                              # the declaration itself
            out.append(node)
        return out

    # the tree upwards --------------------------------------------------------
    def parent(self, node: Node) -> Node | None:
        """`node.parent`, in time independent of the node's depth."""
        try:
            return self.ancestry.parent(node)
        except TooDeep as exc:
            self.too_deep = str(exc)
            raise

    def enclosing_function(self, node: Node) -> Node | None:
        n = self.parent(node)
        while n is not None and n.type not in FUNCTION_KINDS:
            n = self.parent(n)
        return n

    # queries, run once per file --------------------------------------------------

    def declared_function(self, node: Node) -> Node | None:
        """The function or method declaration around `node`, through the
        literals between (None at package level)."""
        n = self.enclosing_function(node)
        while n is not None and n.type == "func_literal":
            n = self.enclosing_function(n)
        return n
    def found(self, source: str, capture: str = "node") -> tuple[list[Node], list[int]]:
        """Every `capture` of a query in the file, in document order, with
        their start bytes; computed once per file and query."""
        key = (source, capture)
        hit = self._found.get(key)
        if hit is None and source in self._expected:
            self._find_expected()
            hit = self._found.get(key)
        if hit is None:
            nodes = sorted(captures(source, self.root).get(capture, [])
                           if not self.unqueryable else [],
                           key=_document_order)
            hit = self._found[key] = (nodes, [n.start_byte for n in nodes])
        return hit

    def _find_expected(self) -> None:
        """`found` for every query the earlier version ran, from one query
        made of them all: tree-sitter walks the tree once, not once per
        query (an edited file of the language server)."""
        sources, self._expected = self._expected, ()
        combined, names = _combined_query(sources)
        got = captures(combined, self.root) if combined and not self.unqueryable else {}
        for i, source in enumerate(sources):
            for name in names[i]:
                nodes = sorted(got.get(f"q{i}_{name}", []), key=_document_order)
                self._found.setdefault((source, name), (nodes, [n.start_byte for n in nodes]))

    def within(self, node: Node, source: str, capture: str = "node") -> list[Node]:
        """The query's captures inside `node` (a node of this file)."""
        nodes, starts = self.found(source, capture)
        i = bisect.bisect_left(starts, node.start_byte)
        j = bisect.bisect_left(starts, node.end_byte, lo=i)
        end = node.end_byte
        return [n for n in nodes[i:j] if n.end_byte <= end]

    def directly_in(self, func: Node, source: str, capture: str = "node") -> list[Node]:
        """The query's captures whose innermost enclosing function is `func`
        (not inside a nested literal)."""
        key = (source, capture, func.id, func.start_byte)
        hit = self._own.get(key)
        if hit is None:
            # the query over this function alone (or the file's captures,
            # when they are known already): no walk of the whole file
            if (source, capture) in self._found or source in self._expected:
                nodes = self.within(func, source, capture)
            else:
                nodes = sorted(captures(source, func).get(capture, [])
                               if not self.unqueryable else [], key=_document_order)
            hit = self._own[key] = [n for n in nodes if self._innermost_is(n, func)]
        return hit

    def _innermost_is(self, node: Node, func: Node) -> bool:
        f = self.enclosing_function(node)
        return f is not None and f.start_byte == func.start_byte and f.id == func.id

    # positions -------------------------------------------------------------
    def position(self, byte: int) -> tuple[int, int, int]:
        """(line, column in characters, column in UTF-16 units), all 1-based."""
        starts = self._line_starts()
        idx = bisect.bisect_right(starts, byte) - 1
        start = starts[idx]
        if idx == 0 and self.data.startswith(BOM):
            start = min(len(BOM), byte)   # not a character of the line, for editors or Go
        col, col16 = 0, 0
        # on a long line (minified, generated), go on from the last position
        # asked for instead of decoding the line from its start each time
        last = self._last_position
        if last is not None and last[0] == idx and last[1] <= byte:
            start, col, col16 = last[1], last[2], last[3]
        prefix = self.data[start:byte].decode("utf-8", "replace")
        col += len(prefix)
        col16 += len(prefix.encode("utf-16-le")) // 2
        if _char_boundary(self.data, byte):
            self._last_position = (idx, byte, col, col16)
        return idx + 1, col + 1, col16 + 1

    def line_excerpt(self, line: int, start: int, end: int) -> tuple[str, int]:
        """The text of `line` around the bytes start..end, and the column its
        first character has: the whole line unless it is long (a finding
        must not carry a copy of a 2 MB minified line)."""
        starts = self._line_starts()
        first = starts[line - 1]
        last = starts[line] - 1 if line < len(starts) else len(self.data)
        if line == 1 and self.data.startswith(BOM):
            first = len(BOM)
        if last - first <= EXCERPT_BYTES:
            return self.data[first:last].decode("utf-8", "replace").rstrip("\r"), 1
        lo = max(first, start - EXCERPT_BYTES // 4)
        hi = min(last, max(start, min(end, last)) + EXCERPT_BYTES // 2)
        while lo > first and not _char_boundary(self.data, lo):
            lo -= 1
        while hi < last and not _char_boundary(self.data, hi):
            hi += 1
        column = self.position(lo)[1] if lo > first else 1
        return self.data[lo:hi].decode("utf-8", "replace").rstrip("\r"), column

    def line_start(self, line: int) -> int:
        """Byte offset of the start of a 1-based line."""
        return self._line_starts()[line - 1]

    def _line_starts(self) -> list[int]:
        if self._lines is None:
            starts = [0]
            find = self.data.find
            i = find(b"\n")
            while i != -1:
                starts.append(i + 1)
                i = find(b"\n", i + 1)
            self._lines = starts
        return self._lines

    # parse errors ----------------------------------------------------------
    def first_error(self) -> Node | None:
        if not self.root.has_error or self.unqueryable:
            return None
        found = captures("(ERROR) @e", self.root).get("e", [])
        missing = [n for n in self._missing(self.root)] if not found else []
        nodes = found + missing
        return min(nodes, key=_document_order) if nodes else self.root

    def _missing(self, node: Node):
        stack = [node]
        while stack:
            n = stack.pop()
            if n.is_missing:
                yield n
            elif n.has_error:
                stack.extend(reversed(n.children))

    # imports and scopes ----------------------------------------------------
    def resolve_selector(self, node: Node) -> tuple[str, str] | None:
        """For `x.F` where x is this file's (unshadowed) name of an import:
        (import path, "F"). Also for a qualified type `x.T`. Otherwise None."""
        if node is not None and node.type == "qualified_type":
            pkg, name = node.child_by_field_name("package"), node.child_by_field_name("name")
            path = self.imports.get(pkg.text.decode()) if pkg is not None else None
            return (path, name.text.decode()) if path is not None and name is not None else None
        if node is None or node.type != "selector_expression":
            return None
        operand = node.child_by_field_name("operand")
        if operand is None or operand.type != "identifier":
            return None
        name = operand.text.decode()
        path = self.imports.get(name)
        if path is None:
            return None
        if self.may_be_shadowed(name) and self.lookup(operand) is not None:
            return None
        fld = node.child_by_field_name("field")
        return (path, fld.text.decode()) if fld is not None else None

    def may_be_shadowed(self, name: str) -> bool:
        """Could a local declaration reuse this (import) name? False when the
        name never occurs other than as `name.X` or inside an import path:
        then no lookup is needed (a cheap, sound test on the bytes)."""
        found = self._shadow.get(name)
        if found is None:
            pattern = _occurrences(name.encode(), rb'\w./"`', rb'(?![\w"`])(?!\s*\.)')
            found = self._shadow[name] = pattern.search(self.data) is not None
        return found

    def lookup(self, ident: Node) -> Decl | None:
        """The innermost local (function-level) declaration of `ident`, or None
        (remembered per identifier: rules ask about the same ones)."""
        try:
            return self._lookups[ident.id]
        except KeyError:
            pass
        found = self._lookups[ident.id] = self._lookup(ident)
        return found

    def _lookup(self, ident: Node) -> Decl | None:
        name = ident.text.decode()
        pos = ident.start_byte
        child = ident
        parent = self.parent
        node = parent(ident)
        while node is not None and node.type != "source_file":
            decl = _declared_in(node, child, name, pos, self._scopes)
            if decl is not None:
                return decl
            if node.type in ("function_declaration", "method_declaration"):
                return None
            child = node
            node = parent(node)
        return None


def _occurrences(word: bytes, not_before: bytes, then: bytes) -> "re.Pattern[bytes]":
    """`word` where no character of the class `not_before` precedes it,
    followed by `then`. The word comes first in the pattern (the check of
    the character before it is a lookbehind after it), so that the regex
    engine scans for the literal: some 20x faster on a large file than a
    pattern opening with the lookbehind, which is tried at every byte."""
    w = re.escape(word)
    return re.compile(w + rb"(?<![" + not_before + rb"]" + w + rb")" + then)


#: tree depth from which tree-sitter's query cursor misses matches (about 2**15)
#: and turns quadratic; files nesting deeper are not queried at all
MAX_QUERY_DEPTH = 16000


def depth_exceeds(root: Node, limit: int) -> bool:
    """Does the tree nest deeper than `limit`? Only subtrees with enough
    descendants to go that deep are visited, so a normal file costs a
    handful of steps."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth >= limit:
            return True
        need = limit - depth - 1
        for child in node.children:
            if child.descendant_count > need:
                stack.append((child, depth + 1))
    return False


class TooDeep(Exception):
    """A file nests deeper than the analysis goes (MAX_DEPTH levels of syntax)."""


#: levels of syntax tree the analysis follows upwards; real Go stays far below
#: (a source nesting level is 3-6 tree levels), generated pathological input
#: does not, and is reported as too deep instead of taking quadratic time
MAX_DEPTH = 1500


class Ancestry:
    """Parents of the nodes of one tree, computed top-down and remembered.

    tree-sitter finds a node's parent by descending from the root, so
    walking up from a node at depth d with `Node.parent` costs d² steps.
    Here a parent is found by descending from the deepest node of the last
    path computed that still contains it (queries come roughly in document
    order), and every path is remembered: a walk upwards costs its length.
    A node deeper than MAX_DEPTH raises TooDeep."""

    __slots__ = ("parents", "chain")

    def __init__(self, root: Node):
        self.parents: dict[int, Node | None] = {root.id: None}
        self.chain: list[Node] = [root]       # the last path from the root computed

    def parent(self, node: Node) -> Node | None:
        try:
            return self.parents[node.id]
        except KeyError:
            pass
        chain = self.chain
        s, e = node.start_byte, node.end_byte
        # the deepest node of the chain whose range contains the node's
        lo, hi = 0, len(chain)
        while lo < hi:
            mid = (lo + hi) // 2
            c = chain[mid]
            if c.start_byte <= s and e <= c.end_byte:
                lo = mid + 1
            else:
                hi = mid
        target = node.id
        for i in ((lo - 1, 0) if lo > 1 else (0,)):
            cur = chain[i]
            path = []
            while cur.id != target:
                nxt = cur.child_with_descendant(node)
                if nxt is None or nxt.id == cur.id:
                    break
                path.append(nxt)
                cur = nxt
                if i + len(path) > MAX_DEPTH:
                    # remember the way down: the next deep node fails at once
                    self._remember(i, path)
                    raise TooDeep(f"nesting deeper than {MAX_DEPTH} levels of syntax")
            if cur.id == target and path:
                self._remember(i, path)
                return self.parents[target]
        # not a node of this tree (or an odd zero-width one): ask tree-sitter
        return node.parent

    def _remember(self, i: int, path: list[Node]) -> None:
        prev = self.chain[i]
        parents = self.parents
        for n in path:
            parents[n.id] = prev
            prev = n
        self.chain = self.chain[:i + 1] + path


def operand_of(node: Node | None, operator: str) -> Node | None:
    """`x` of `*x` (operator "*") or `&x` ("&"), parentheses dropped; None
    for anything else."""
    node = unparen(node)
    if node is None or node.type != "unary_expression":
        return None
    op = node.child_by_field_name("operator")
    return unparen(node.child_by_field_name("operand")) if op is not None and \
        op.type == operator else None


def doc_start(decl: Node) -> int:
    """Where a top-level declaration's doc comment may start: the end of the
    declaration before it (comments between them count as its doc), or 0.
    The lock state reads a function's doc ("caller holds mu")."""
    prev = decl.prev_named_sibling
    while prev is not None and prev.type == "comment":
        prev = prev.prev_named_sibling
    return prev.end_byte if prev is not None else 0


def function_at(f: "SourceFile", start: int) -> Node | None:
    """The function (declaration or literal) of `f` that starts at byte `start`."""
    node = f.root.descendant_for_byte_range(start, start)
    while node is not None and not (node.start_byte == start and node.type in FUNCTION_KINDS):
        node = f.parent(node)
    return node


def node_at(f: "SourceFile", start: int, end: int, kind: str) -> Node | None:
    """The node of kind `kind` of `f` that spans exactly these bytes."""
    node = f.root.descendant_for_byte_range(start, end)
    while node is not None and not (node.start_byte == start and node.end_byte == end
                                    and node.type == kind):
        node = f.parent(node)
    return node


def parameters(func: Node, which: str = "parameters") -> list[tuple[Node | None, int, Node | None]]:
    """A function's parameters (or its `receiver`) in argument order: (name
    identifier or None for an unnamed one, argument index, written type)."""
    plist = func.child_by_field_name(which)
    out, index = [], 0
    for p in named(plist) if plist is not None else []:
        if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        t = p.child_by_field_name("type")
        for n in [c for c in named(p) if c.type == "identifier"] or [None]:
            out.append((n, index, t))
            index += 1
    return out


def enclosing_function(node: Node) -> Node | None:
    n = node.parent
    while n is not None:
        if n.type in FUNCTION_KINDS:
            return n
        n = n.parent
    return None


def function_body(func: Node) -> Node | None:
    return func.child_by_field_name("body")


def body_statements(block: Node | None) -> list[Node]:
    """Top-level statements of a block (tree-sitter-go wraps them in statement_list)."""
    if block is None:
        return []
    out = []
    for c in named(block):
        if c.type == "statement_list":
            out.extend(named(c))
        elif c.type != "comment":
            out.append(c)
    return [s for s in out if s.type != "comment"]


def unparen(node: Node | None) -> Node | None:
    while node is not None and node.type == "parenthesized_expression":
        inner = named(node)
        node = inner[0] if inner else None
    return node


# --- scope helpers --------------------------------------------------------

_STATEMENT_SCOPES = frozenset({
    "block", "statement_list", "expression_case", "type_case", "default_case",
    "communication_case",
})


def _declared_in(node: Node, child: Node, name: str, pos: int,
                 scopes: dict) -> Decl | None:
    t = node.type
    if t in _INDEXED_SCOPES:
        # the first statement of the block that declares `name` (a later `:=`
        # that mentions it again only assigns it), indexed once per block
        index = scopes.get(node.id)
        if index is None:
            index = scopes[node.id] = {}
            for stmt in named(node):
                for declared in _statement_names(stmt):
                    index.setdefault(declared, stmt)
        stmt = index.get(name)
        if stmt is None or stmt.start_byte >= pos or stmt.end_byte > pos:
            return None
        return _statement_decl(stmt, name, node)
    if t in _STATEMENT_SCOPES:
        for stmt in named(node):
            if stmt.start_byte >= pos:
                break
            if stmt.end_byte > pos:
                # the statement holding the use: only its own case header counts
                if t == "communication_case" and stmt.type == "receive_statement":
                    continue
                continue
            decl = _statement_decl(stmt, name, node)
            if decl is not None:
                return decl
        if t == "communication_case":
            comm = node.child_by_field_name("communication")
            if comm is not None and comm.end_byte <= pos:
                return _statement_decl(comm, name, node)
        return None
    if t in ("if_statement", "expression_switch_statement", "type_switch_statement"):
        init = node.child_by_field_name("initializer")
        if init is not None and init.end_byte <= pos:
            decl = _statement_decl(init, name, node)
            if decl is not None:
                return decl
        if t == "type_switch_statement":
            alias = node.child_by_field_name("alias")
            if alias is not None and alias.end_byte <= pos:
                for ident in named(alias):
                    if ident.text.decode() == name:
                        return Decl(name, "alias", ident, node, scope=node)
        return None
    if t == "for_statement":
        for c in named(node):
            if c.type == "for_clause":
                init = c.child_by_field_name("initializer")
                if init is not None and init.end_byte <= pos:
                    return _statement_decl(init, name, node)
            elif c.type == "range_clause" and c.end_byte <= pos:
                left = c.child_by_field_name("left")
                if left is not None and _has_define(c):
                    for ident in named(left):
                        if ident.type == "identifier" and ident.text.decode() == name:
                            return Decl(name, "range", ident, c, scope=node)
        return None
    if t in FUNCTION_KINDS:
        # the receiver's, parameters' and results' names, indexed once per
        # function (every lookup of a name not declared inside asks here)
        key = ("params", node.id)
        index = scopes.get(key)
        if index is None:
            index = scopes[key] = _parameter_decls(node)
        return index.get(name)
    return None


def _parameter_decls(func: Node) -> dict[str, Decl]:
    """name -> Decl of a function's receiver, parameters and results (the
    first of a name, in that order)."""
    out: dict[str, Decl] = {}
    for fname in ("receiver", "parameters", "result"):
        plist = func.child_by_field_name(fname)
        if plist is None or plist.type != "parameter_list":
            continue
        kind = {"receiver": "receiver", "result": "result"}.get(fname, "param")
        for p in named(plist):
            if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            typ = None if p.type == "variadic_parameter_declaration" \
                else p.child_by_field_name("type")      # (variadic: a slice of the written type)
            for i in range(p.child_count):
                if p.field_name_for_child(i) == "name":
                    ident = p.children[i]
                    name = ident.text.decode()
                    if name not in out:
                        out[name] = Decl(name, kind, ident, p, type=typ, scope=func)
    return out


_INDEXED_SCOPES = _STATEMENT_SCOPES - {"communication_case"}


def _statement_names(stmt: Node) -> list[str]:
    """The names a statement declares in its block."""
    t = stmt.type
    if t == "short_var_declaration" or (t == "receive_statement" and _has_define(stmt)):
        left = stmt.child_by_field_name("left")
        return [i.text.decode() for i in named(left)
                if i.type == "identifier"] if left is not None else []
    if t in ("var_declaration", "const_declaration"):
        return [n for spec in spec_nodes(stmt) for n in spec_names(spec)]
    if t == "labeled_statement":
        inner = named(stmt)[-1] if named(stmt) else None
        return _statement_names(inner) if inner is not None else []
    return []


def _has_define(node: Node) -> bool:
    return any(c.type == ":=" for c in node.children)


def _statement_decl(stmt: Node, name: str, scope: Node) -> Decl | None:
    t = stmt.type
    if t == "short_var_declaration" or (t == "receive_statement" and _has_define(stmt)):
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if left is None:
            return None
        idents = named(left)
        values = named(right) if right is not None and right.type == "expression_list" else (
            [right] if right is not None else [])
        for i, ident in enumerate(idents):
            if ident.type == "identifier" and ident.text.decode() == name:
                value = values[i] if len(values) == len(idents) and t == "short_var_declaration" else None
                return Decl(name, "var", ident, stmt, value=value, scope=scope)
        return None
    if t in ("var_declaration", "const_declaration"):
        for spec in spec_nodes(stmt):
            decl = spec_decl(spec, name, scope)
            if decl is not None:
                return decl
        return None
    if t == "labeled_statement":
        inner = named(stmt)[-1] if named(stmt) else None
        return _statement_decl(inner, name, scope) if inner is not None else None
    return None


def spec_nodes(decl: Node) -> list[Node]:
    out = []
    for c in named(decl):
        if c.type in ("var_spec", "const_spec"):
            out.append(c)
        elif c.type in ("var_spec_list", "const_spec_list"):
            out.extend(s for s in named(c) if s.type in ("var_spec", "const_spec"))
    return out


def _spec_parts(spec: Node) -> tuple[list[Node], Node | None, list[Node], str]:
    """A var or const spec's name nodes, its type, its values and its kind."""
    value = spec.child_by_field_name("value")
    return (_spec_name_nodes(spec), spec.child_by_field_name("type"),
            named(value) if value is not None else [],
            "const" if spec.type == "const_spec" else "var")


def _spec_name_nodes(spec: Node) -> list[Node]:
    return [spec.children[i] for i in range(spec.child_count)
            if spec.field_name_for_child(i) == "name"]


def spec_decl(spec: Node, name: str, scope: Node | None) -> Decl | None:
    names, typ, values, kind = _spec_parts(spec)
    for i, ident in enumerate(names):
        if ident.text.decode() == name:
            v = values[i] if len(values) == len(names) else None
            return Decl(name, kind, ident, spec, type=typ, value=v, scope=scope)
    return None


def spec_decls(spec: Node, scope: Node | None) -> list[Decl]:
    """spec_decl of each name the spec declares, in order, each name once
    (the first), from one reading of the spec: a spec of 50,000 names read
    again for each was quadratic."""
    names, typ, values, kind = _spec_parts(spec)
    out, seen = [], set()
    for i, ident in enumerate(names):
        name = ident.text.decode()
        if name not in seen:
            seen.add(name)
            v = values[i] if len(values) == len(names) else None
            out.append(Decl(name, kind, ident, spec, type=typ, value=v, scope=scope))
    return out


def spec_names(spec: Node) -> list[str]:
    return [n.text.decode() for n in _spec_name_nodes(spec)]

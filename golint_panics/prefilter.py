"""The prefilter: can a rule fire in a file, judged from its bytes alone?

It is an optimisation, never a filter: for every file where a rule can
report, the rule's tokens must match. That holds by construction, because
tokens are fragments of Go source read as Go tokens, and a file is asked
only for what no comment, space, line break or parenthesis can change:

- every identifier or keyword of a fragment must appear as a whole word
  (`b"os.Exit"` asks for `os` and `Exit`: `os. /* why */ Exit(1)` has both;
  `b"panic("` asks for `panic`: `panic ("x")` has it);
- every string literal of a fragment must appear as a literal with the same
  contents, in either quotes (`b'"os/signal"'` is also found as a
  back-quoted import path);
- punctuation asks for nothing.

Words are looked for among the words of the file's code, its bytes with
comments and literals blanked out (an identifier or keyword is never
inside either), so
`//go:build`, "we go on" in a comment or "go" in a string does not make a
file a candidate for rules about `go` statements; literal contents are
looked for in the whole file. Blanking needs the literals lexed right: a
file where that is in doubt (a quote or `/*` left open) is searched whole,
which can only match more.

A rule's `tokens` are alternatives (any of them may match); each is a
fragment or a tuple of fragments that must all match. Functions, regular
expressions and other tests of the bytes are not tokens: nothing shows
that they are sound, and the registry rejects them. The one exception is
the few `Shape`s below: scans of a file's code for one construct of the
grammar (a variable declared with a map type), each defined here and
tested against the parser; an alternative may ask for one beside its
fragments.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

_GO_TOKEN = re.compile(rb'[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*|"(?:[^"\\\n]|\\.)*"|`[^`]*`'
                       rb"|'(?:[^'\\\n]|\\.)*'|[0-9][0-9A-Za-z_.]*|\S")


class TokenError(ValueError):
    """A token that is not a fragment of Go source."""


class Shape:
    """A construct of Go source that a file's code must hold: a scan of its
    code (comments and literals blanked, code_of) that never says no where
    the parser finds the construct, whatever the comments, spaces and line
    breaks between its tokens (tests/test_prefilter_sound.py checks each
    shape against tree-sitter). A file whose literals do not lex cleanly
    holds every shape. Only the shapes of SHAPES are tokens."""

    __slots__ = ("name", "_scan")

    def __init__(self, name: str, scan):
        self.name, self._scan = name, scan

    def holds(self, data: bytes) -> bool:
        return kept_scan(data, self.name, self._in_code)

    def _in_code(self, data: bytes) -> bool:
        code = code_of(data)
        return code is None or self._scan(code)

    def __repr__(self) -> str:
        return f"<shape {self.name}>"


#: a pattern that begins with a word is written without `\b` before it
#: (re then searches for its first bytes fast) and its matches that start
#: inside a longer word are left out here, as `\b` would
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _words(pattern: "re.Pattern", code: bytes):
    for m in pattern.finditer(code):
        if m.start() == 0 or code[m.start() - 1] not in _WORD_BYTES:
            yield m


def _first_word(pattern: "re.Pattern", code: bytes):
    return next(_words(pattern, code), None)


_IDENTIFIER_LIST = rb"[A-Za-z_\x80-\xff][\w\x80-\xff]*(?:\s*,\s*[A-Za-z_\x80-\xff][\w\x80-\xff]*)*"
# names (group 1), then a type that begins with `map`, in parentheses or not
# (`m (map[K]V)`, `m(map[K]V)`): after `var`, or anywhere inside a
# `var (...)` block (a spec begins after `(`, `;` or a line break, or after
# a comment that held one, blanked to a space)
_NAMES_THEN_MAP = rb"(" + _IDENTIFIER_LIST + rb")(?:\s*(?:\(\s*)+|\s+)map\b"
_VAR_MAP_SPEC = re.compile(rb"var\s+" + _NAMES_THEN_MAP)
_VAR_BLOCK = re.compile(rb"var\s*\(")
# inside a block: a whole list of names (group 1), then the type's `map`
# (group 2, None when the list is not followed by one): each list is read
# once (a list of 7,000 names read from each of its names took minutes)
_MAP_SPEC_RE = re.compile(rb"(?<![\w\x80-\xff.])(" + _IDENTIFIER_LIST +
                          rb")((?:\s*(?:\(\s*)+|\s+)map\b)?")
_NAMES = re.compile(rb"[A-Za-z_\x80-\xff][\w\x80-\xff]*")


@lru_cache(maxsize=64)
def _typed_specs(types: tuple[bytes, ...]) -> tuple:
    """_VAR_MAP_SPEC and _MAP_SPEC_RE for a type written as one of these
    names instead of `map`."""
    typed = rb"(?:\s*(?:\(\s*)+|\s+)(?:" + b"|".join(re.escape(t) for t in types) + \
        rb")(?![\w\x80-\xff])"
    return (re.compile(rb"var\s+(" + _IDENTIFIER_LIST + rb")" + typed),
            re.compile(rb"(?<![\w\x80-\xff.])(" + _IDENTIFIER_LIST + rb")(" + typed + rb")?"))


def _map_variable_names(code: bytes, first: bool = False, top_level: bool = False,
                        types: tuple[bytes, ...] | None = None) -> set[bytes]:
    """The names declared with a map type written out (after `var`, or
    inside a `var (...)` block); with `first`, those of the first such
    declaration found; with `top_level`, only declarations outside every
    brace (the package's variables); with `types`, those declared with a
    type written as one of these names instead."""
    single, in_block = (_VAR_MAP_SPEC, _MAP_SPEC_RE) if types is None else _typed_specs(types)
    # (the braces are read only for a file that has a declaration to place)
    outside = (lambda at: True) if not top_level else None

    def out(at: int) -> bool:
        nonlocal outside
        if outside is None:
            outside = _outside_braces(code)
        return outside(at)
    names: set[bytes] = set()
    for m in _words(single, code):
        if not out(m.start()):
            continue
        names.update(_NAMES.findall(m.group(1)))
        if first:
            return names
    blocks = [b for b in _words(_VAR_BLOCK, code) if out(b.start())]
    if not blocks:
        return names
    brackets = _Brackets(code, blocks[0].start(), scan=len(blocks) <= _SCAN_EACH)
    # each block to its `)`, or the end; blocks that overlap (unclosed ones
    # run to the end) searched as one, so that no byte is searched twice
    spans: list[list[int]] = []
    for block in blocks:
        start, end = block.end(), brackets.closing(block.end() - 1)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    for start, end in spans:
        for m in in_block.finditer(code, start, end):
            if m.group(2) is None:
                continue                    # names not followed by a map type
            if first:
                return set(_NAMES.findall(m.group(1)))
            names.update(_NAMES.findall(m.group(1)))
    return names


def package_variable_names(data: bytes, types: tuple[bytes, ...] | None = None
                           ) -> frozenset | None:
    """The names the file's code declares outside every function with a
    map type written out (`var registry map[string]H`), or with `types`,
    with a type written as one of these names (`var hits Counts`), also in
    `var (...)` blocks; None when its literals do not lex (any name)."""
    # (kept with the file's bytes in the language server: asked at every edit)
    return kept_scan(data, "package variables of " + (
        b" ".join(types).decode("utf-8", "surrogateescape") if types else "map"),
        lambda d: _package_variable_names(d, types))


def _package_variable_names(data: bytes, types: tuple[bytes, ...] | None) -> frozenset | None:
    # (the words, or the bytes, first: most files say neither, and
    # blanking them costs)
    if not may_say(b"var", data) or (types is None and not may_say(b"map", data)):
        return frozenset()
    code = code_of(data)
    if code is None:
        return None
    if b"var" not in code or (types is None and b"map" not in code):
        return frozenset()
    return frozenset(_map_variable_names(code, top_level=True, types=types))


def _declares_map_variable(code: bytes) -> bool:
    return bool(_map_variable_names(code, first=True))


_BRACE = re.compile(rb"[{}]")


def _outside_braces(code: bytes):
    """Whether a place of the code is outside every brace (the code's
    braces are all Go's: comments and literals are blanked): as many `}`
    as `{` before it, or more; every place is, when the braces do not
    balance. The first few places by counting the braces before them;
    past _SCAN_EACH, from one pass over them all (a file of 20,000
    declarations would be counted 20,000 times)."""
    if code.count(b"{") != code.count(b"}"):
        return lambda at: True
    asked = 0
    table: list | None = None

    def outside(at: int) -> bool:
        nonlocal asked, table
        asked += 1
        if asked <= _SCAN_EACH:
            return code.count(b"{", 0, at) <= code.count(b"}", 0, at)
        if table is None:
            places, depths, depth = [], [], 0
            for m in _BRACE.finditer(code):
                depth += 1 if code[m.start()] == 123 else -1
                places.append(m.start())
                depths.append(depth)
            table = [places, depths]
        places, depths = table
        i = bisect_left(places, at)
        return i == 0 or depths[i - 1] <= 0
    return outside


def _declares_package_map_variable(code: bytes) -> bool:
    return bool(_map_variable_names(code, first=True, top_level=True))


#: a variable declared with a map type written out (`var m map[K]V`,
#: `var a, b (map[K]V)`, either in a `var (...)` block): where a nil map
#: variable of a literal map type can be declared (GP011)
MAP_VARIABLE = Shape("declares a variable of a map type", _declares_map_variable)
#: the same outside every function (`var registry map[string]Handler` at
#: the top level): a package-level nil map another file may write (GP011)
PACKAGE_MAP_VARIABLE = Shape("declares a package-level variable of a map type",
                             _declares_package_map_variable)

#: an assignment's operator: `=` (not `==`) or `op=` (a regular expression)
ASSIGN_OP = rb"(?:<<|>>|&\^|[-+*/%&|^])?=(?!=)"
#: what writes the operand before it: an assignment, `++`, `--`
_WRITES = ASSIGN_OP + rb"|\+\+|--"
#: after an index's `]`: a write, or a comma (of a list that may be assigned: _Lists)
_INDEX_WRITE = re.compile(rb"\s*(?:" + _WRITES + rb"|,)")
_SQUARE = re.compile(rb"[\[\]]")
#: a name, then `[` (a name in a longer word is not one)
_INDEXED = re.compile(rb"(?<![\w\x80-\xff])([A-Za-z_\x80-\xff][\w\x80-\xff]*)\s*\[")


#: `]` closing an index, then what writes it; `]` then a comma (_Lists)
_CLOSED_INDEX_WRITE = re.compile(rb"\]\s*(?:" + _WRITES + rb")")
_CLOSED_INDEX_LISTED = re.compile(rb"\]\s*,")
_DELETE = re.compile(rb"delete\s*\(")


def _writes_an_index(code: bytes) -> bool:
    if _CLOSED_INDEX_WRITE.search(code) is not None or _first_word(_DELETE, code) is not None:
        return True
    lists = _Lists()
    return any(lists.assign(code, m.end()) for m in _CLOSED_INDEX_LISTED.finditer(code))


def _writes_declared_map(code: bytes) -> bool:
    names = _map_variable_names(code)
    if not names:
        return False
    found = [m for m in _INDEXED.finditer(code) if m.group(1) in names]
    if not found:
        return False
    # where each `[` is closed, in one pass from the first
    closes: dict[int, int] = {}
    stack: list[int] = []
    for m in _SQUARE.finditer(code, found[0].end() - 1):
        if code[m.start()] == 91:
            stack.append(m.start())
        elif stack:
            closes[stack.pop()] = m.end()
    lists = _Lists()
    for m in found:
        j = m.start() - 1
        while j >= 0 and code[j] in b" \t\r\n\f\v":
            j -= 1
        if j >= 0 and code[j] == 46:                      # `s.m[k]`: a field, not it
            continue
        close = closes.get(m.end() - 1)
        if close is None:
            return True                                 # never closed: say yes
        after = _INDEX_WRITE.match(code, close)
        if after is not None and lists.assign(code, after.end()):
            return True
    return False


_DEFER_RECOVER = re.compile(rb"defer\s+recover\b")
_DEFER_FUNC = re.compile(rb"defer\s+func\b")
_FUNC = re.compile(rb"func\b")
_RECOVER = re.compile(rb"recover\b")


_BRACKET = re.compile(rb"[(){}]")
_OPEN_PAREN = re.compile(rb"\s*\(")


class _Brackets:
    """Where each `(` and `{` of some code from `start` on is closed (just
    past the bracket that closes it, parentheses and braces each counted
    among their own kind; the end of the code when none does). With few
    questions (`scan`), each is answered by reading from its bracket on;
    with many, all of them in one pass (literals nested 10,000 deep would
    read the code 10,000 times)."""

    def __init__(self, code: bytes, start: int, scan: bool):
        self.code, self.size = code, len(code)
        self.close: dict[int, int] | None = None
        self.braces: list[int] = []
        if scan:
            return
        self.close = {}
        stacks: dict[int, list[int]] = {40: [], 123: []}
        for m in _BRACKET.finditer(code, start):
            c = code[m.start()]
            if c == 40 or c == 123:
                stacks[c].append(m.start())
                if c == 123:
                    self.braces.append(m.start())
            else:
                stack = stacks[40 if c == 41 else 123]
                if stack:
                    self.close[stack.pop()] = m.end()

    def closing(self, at: int) -> int:
        if self.close is not None:
            return self.close.get(at, self.size)
        opening, depth = self.code[at], 0
        for m in _BRACKETS[opening].finditer(self.code, at):
            depth += 1 if self.code[m.start()] == opening else -1
            if not depth:
                return m.end()
        return self.size

    def next_brace(self, at: int) -> int:
        if self.close is None:
            return self.code.find(b"{", at)
        i = bisect_left(self.braces, at)
        return self.braces[i] if i < len(self.braces) else -1


_BRACKETS = {40: re.compile(rb"[()]"), 123: re.compile(rb"[{}]")}
#: more deferred literals than this in a file: their ends found in one pass
_SCAN_EACH = 32


def _deferred_literals(code: bytes) -> list[tuple[int, int]]:
    """Each deferred function literal (`defer func(...) ... {...}`): from
    the end of its `func` to past its end, or past more than it (never
    less): its parameters in parentheses, then its body, the first `{`
    that does not open a struct or interface type (of its results), to the
    `}` that closes it."""
    found = list(_words(_DEFER_FUNC, code))
    if not found:
        return []
    brackets = _Brackets(code, found[0].start(), scan=len(found) <= _SCAN_EACH)
    out: list[tuple[int, int]] = []
    typed: dict[int, int] = {}
    for deferred in found:
        at = deferred.end()
        params = _OPEN_PAREN.match(code, at)
        if params is None:
            out.append((at, len(code)))
            continue
        i, end = brackets.closing(params.end() - 1), len(code)
        while i < len(code):
            brace = brackets.next_brace(i)
            if brace < 0:
                break
            if not _opens_a_type(code, brace, i, typed):
                end = brackets.closing(brace)
                break
            i = brackets.closing(brace)
        out.append((at, end))
    return out


def _opens_a_type(code: bytes, brace: int, since: int, memo: dict) -> bool:
    """Does `struct` or `interface` (a word, from `since` on) come right
    before the `{` at `brace`, spaces apart? (Read back from the brace, once
    per brace: many literals may look at one far brace.)"""
    if brace not in memo:
        j = brace
        while j > 0 and code[j - 1] in b" \t\r\n\f\v":
            j -= 1
        memo[brace] = next((j - len(w) for w in (b"struct", b"interface")
                            if code[j - len(w):j] == w and
                            (j - len(w) == 0 or code[j - len(w) - 1] not in _WORD_BYTES)), -1)
    return memo[brace] >= since


def _misplaced_recover(code: bytes) -> bool:
    if _first_word(_DEFER_RECOVER, code) is not None:
        return True
    recovers = [m.start() for m in _words(_RECOVER, code)]
    literals = _deferred_literals(code) if recovers else ()
    if not literals:
        return False
    funcs = [m.end() for m in _words(_FUNC, code)]
    for start, end in literals:
        # a `func` inside the literal, then a `recover` after it, inside too
        i = bisect_left(funcs, start + 1)
        if i < len(funcs) and funcs[i] <= end:
            j = bisect_left(recovers, funcs[i])
            if j < len(recovers) and recovers[j] < end:
                return True
    return False


def deferred_literal_words(data: bytes) -> frozenset:
    """The words of the code inside the file's deferred function literals
    (`defer func() { ... }()`, each to its end as _deferred_literals finds
    it, which may take more, never less); every word of the file when its
    literals do not lex cleanly."""
    return kept_scan(data, "words of deferred literals", _deferred_literal_words)


def _deferred_literal_words(data: bytes) -> frozenset:
    code = code_of(data)
    if code is None:
        return words_of(data)
    out: set[bytes] = set()
    last = 0                    # (nested literals: each byte read once)
    for start, end in _deferred_literals(code):
        start = max(start, last)
        if start < end:
            out.update(code[start:end].translate(_NOT_WORD).split())
            last = end
    return frozenset(out)


#: `defer recover()`, or a `recover` after a `func` inside a deferred
#: function literal (`defer func() { ... func() { recover() } ... }()`):
#: where a recover() that returns nil can be called (GP008)
MISPLACED_RECOVER = Shape("calls recover where it returns nil", _misplaced_recover)
# `Stderr` or `Stdout`, then an assignment (`=`, `op=`) or a comma, whose
# list the scan follows to an `=` that ends it (_then_assigned)
_STD_STREAM = re.compile(rb"Std(?:err|out)\b\s*(?:" + ASSIGN_OP + rb"|,)")
# what can end or assign a list of operands: brackets, `;`, `:`, `=`, a line break
_LIST_STOP = re.compile(rb"[()\[\]{};:=\n]")
_ENDS_STATEMENT = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_)]}")


def _then_assigned(code: bytes, at: int) -> bool:
    """Is the list of operands that goes on at `at` (after a comma) the
    left side of an assignment: an `=` (not `==`, `!=`, `<=`, `>=`, `:=`)
    before its brackets close, a `;` or `:`, or a line break where Go ends
    a statement (after a name, a literal or a closing bracket)? Literals
    are blanked in the code: where one ended a line the scan goes on,
    which can only say yes more often."""
    depth = 0
    for m in _LIST_STOP.finditer(code, at):
        c, i = code[m.start()], m.start()
        if c in b"([{":
            depth += 1
        elif c in b")]}":
            if not depth:
                return False
            depth -= 1
        elif depth:
            continue
        elif c == 61:                                           # =
            if code[i + 1:i + 2] == b"=" or code[i - 1:i] in (b"=", b"!", b"<", b">", b":"):
                continue
            return True
        elif c in b";:":
            return False
        else:                                                   # a line break
            j = i - 1
            while j >= at and code[j] in b" \t\r":
                j -= 1
            if j >= at and code[j] in _ENDS_STATEMENT:
                return False
    return False


class _Lists:
    """Does an operator just read (it ends at `end`) assign: `=`, `op=`,
    `++`, `--` do; a comma does when its list is (_then_assigned). Each
    list is followed to its end: past _SCAN_EACH of them the answer is yes
    (a file of unclosed calls would be read again and again; yes only asks
    the rule)."""

    def __init__(self):
        self.followed = 0

    def assign(self, code: bytes, end: int) -> bool:
        if code[end - 1] != 44:                                 # 44: ","
            return True
        self.followed += 1
        return self.followed > _SCAN_EACH or _then_assigned(code, end)


def _assigns_std_stream(code: bytes) -> bool:
    lists = _Lists()
    return any(lists.assign(code, m.end()) for m in _words(_STD_STREAM, code))


#: an assignment to a `Stderr` or `Stdout` selector (`os.Stderr = f`,
#: `os.Stderr, old = f, os.Stderr`, `os.Stdout += x`): GP005
STD_STREAM_ASSIGNMENT = Shape("assigns Stderr or Stdout", _assigns_std_stream)
#: an index write (`m[k] = v`, `m[k] op= v`, `m[k]++`, `m[k]--`, in a list
#: that is assigned) of a name the file declares with a map type written
#: out (MAP_VARIABLE): where a nil map it declares can be written (GP011)
MAP_VARIABLE_WRITTEN = Shape("writes an index of a map variable it declares",
                             _writes_declared_map)
#: an index write (`x[k] = v`, `x[k] op= v`, `x[k]++`, `x[k]--`, in a list
#: that is assigned) or a call of `delete`: where a map can be written
#: (GP003 reports there), whatever the indexed value's type
INDEX_WRITE = Shape("writes an index or calls delete", _writes_an_index)
SHAPES = {shape.name: shape for shape in (MAP_VARIABLE, PACKAGE_MAP_VARIABLE, MAP_VARIABLE_WRITTEN,
                                          INDEX_WRITE,
                                          MISPLACED_RECOVER, STD_STREAM_ASSIGNMENT)}


def pieces(fragment) -> tuple[tuple[str, bytes], ...]:
    """What a file must contain for `fragment` to be there: ("word", name)
    and ("literal", contents) pieces, or ("shape", a Shape of SHAPES)."""
    if isinstance(fragment, Shape):
        if SHAPES.get(fragment.name) is not fragment:
            raise TokenError(f"{fragment!r} is not one of the prefilter's shapes "
                             f"({', '.join(SHAPES)})")
        return (("shape", fragment),)
    if isinstance(fragment, str):
        fragment = fragment.encode("utf-8")
    if not isinstance(fragment, bytes):
        raise TokenError(f"a token is Go source (bytes or str), not {type(fragment).__name__}")
    out = []
    for m in _GO_TOKEN.finditer(fragment):
        tok = m.group()
        if tok[:1] in (b'"', b"`", b"'"):
            body = tok[1:-1]
            if b"\\" in body:
                raise TokenError(f"token {fragment!r}: a literal with escapes can be written "
                                 "in more than one way; name its parts without them")
            if body:
                out.append(("literal", body))
        elif tok[:1].isalpha() or tok[:1] == b"_" or tok[0] >= 0x80:
            out.append(("word", tok))
        elif tok[:1].isdigit():
            out.append(("word", tok))
    if not out:
        raise TokenError(f"token {fragment!r} names no identifier, keyword or literal: it "
                         "would match every file")
    return tuple(out)


def compile_tokens(tokens) -> "Prefilter":
    """The prefilter of a rule's `tokens` (alternatives of fragments or of
    tuples of fragments). Raises TokenError for anything else."""
    if isinstance(tokens, (bytes, str)):
        raise TokenError("tokens are a tuple of alternatives, e.g. (b\"os.Exit\",)")
    alternatives = []
    for alt in tokens:
        parts = alt if isinstance(alt, tuple) else (alt,)
        needed: list[tuple[str, bytes]] = []
        for fragment in parts:
            for piece in pieces(fragment):
                if piece not in needed:
                    needed.append(piece)
        alternatives.append(tuple(needed))
    return Prefilter(tuple(alternatives))


class Prefilter:
    def __init__(self, alternatives: tuple[tuple[tuple[str, bytes], ...], ...]):
        self.alternatives = alternatives
        # each alternative as (literals, words); the words of all of them,
        # to turn most files away with one set operation
        self._compiled = [(tuple(v for k, v in alt if k == "literal"),
                           frozenset(v for k, v in alt if k == "word"),
                           tuple(v for k, v in alt if k == "shape")) for alt in alternatives]
        self._any_word = frozenset().union(*(w for _, w, _s in self._compiled)) \
            if all(w for _, w, _s in self._compiled) else None
        # one C pass over the bytes before any Python-level work
        self._any_word_re = re.compile(b"|".join(re.escape(w) for w in sorted(self._any_word))) \
            if self._any_word else None

    def matches(self, data: bytes) -> bool:
        """May the file with these bytes hold what the tokens describe? True
        when there are no tokens."""
        if not self.alternatives:
            return True
        words = _words_cache.get(data)
        if self._any_word is not None:
            # a file whose words are not known yet: one C pass over its bytes
            # first, most files never need their words
            if words is None and self._any_word_re.search(data) is None:
                return False
            words = words or words_of(data)
            if self._any_word.isdisjoint(words):
                return False
        for literals, needed, shapes in self._compiled:
            if not all(has("literal", lit, data) for lit in literals):
                continue
            if needed:
                if words is None:
                    words = words_of(data)
                if not needed <= words:
                    continue
            if not all(shape.holds(data) for shape in shapes):
                continue
            return True
        return False


def may_say(word: bytes, data: bytes) -> bool:
    """May the file's code say `word`? By its words when they are known,
    else by a scan of its bytes (which may say yes for a word only in a
    comment): never no for a file that says it, never computes the words.
    (A file's words are its runs of ASCII letters, digits and `_`: a word
    with any other byte is looked for in the bytes.)"""
    words = _words_cache.get(data)
    if words is not None and word.translate(_NOT_WORD) == word:
        return word in words
    if not KEEP_SCANS:
        return word in data
    said = _said_cache.get(data)
    if said is None:
        if len(_said_cache) >= KEEP_SCANS:
            _said_cache.clear()
        said = _said_cache[data] = {}
    found = said.get(word)
    if found is None:
        found = said[word] = word in data
    return found


def kept_scan(data: bytes, name: str, scan):
    """`scan(data)`, kept with the file's bytes (under `name`) in a process
    that checks the same files again and again (KEEP_SCANS: the language
    server, where an edit leaves the package's other files as they were);
    else computed."""
    if not KEEP_SCANS:
        return scan(data)
    said = _said_cache.get(data)
    if said is None:
        if len(_said_cache) >= KEEP_SCANS:
            _said_cache.clear()
        said = _said_cache[data] = {}
    try:
        return said[name]
    except KeyError:
        value = said[name] = scan(data)
        return value


def has(kind: str, value: bytes, data: bytes) -> bool:
    if kind == "literal":
        # every rule asks each file about the same few literals
        seen = _literals_cache.get(data)
        if seen is None:
            seen = _kept(_literals_cache, data, {})
        found = seen.get(value)
        if found is None:
            found = seen[value] = value in data and (b'"' + value + b'"' in data
                                                     or b"`" + value + b"`" in data)
        return found
    # the file's words once known (a set lookup), else a scan of the bytes
    # first: most files never need their words
    words = _words_cache.get(data)
    if words is not None:
        return value in words
    return value in data and value in words_of(data)


# a string, raw string or rune literal, or a comment
# (each loop unrolled, `"[^"\\]*(?:\\.[^"\\]*)*"` for `"(?:[^"\\]|\\.)*"`:
# the same matches, in 0.55-0.65x the time on the Debian corpus)
_LITERAL_OR_COMMENT = re.compile(rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|`[^`]*`'
                                 rb"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
                                 rb"|//[^\n]*|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/", re.S)
# the words: runs of identifier characters, every other byte a separator
# (a byte of a non-ASCII character may be a letter or not: it ends the
# run, which can only find more words); translate and split, in C, take
# half the time of a regular expression's findall
_NOT_WORD = bytes(b if chr(b).isascii() and (chr(b).isalnum() or chr(b) == "_") else 32
                  for b in range(256))
#: per file content: its code (code_of) and its words, kept for the files a
#: package's facts ask about again and again, and across the checks of a
#: language server (keyed by the bytes themselves: a file read again is
#: the same key while it is unchanged)
_code_cache: dict[bytes, bytes | None] = {}
_words_cache: dict[bytes, frozenset] = {}
_literals_cache: dict[bytes, dict[bytes, bool]] = {}
#: may_say's answers (and kept_scan's, under their names), by the file's
#: bytes, for how many files: a process that checks the same package again
#: and again sets it (the language server); a run of the CLI scans each
#: file's bytes once or twice, and would only keep them alive longer
KEEP_SCANS = 0
_said_cache: dict[bytes, dict] = {}
WORDS_CACHED = 2048


def _kept(cache: dict, data: bytes, value):
    if len(cache) >= WORDS_CACHED:
        cache.clear()
    cache[data] = value
    return value


def code_of(data: bytes) -> bytes | None:
    """The file's bytes with every comment and literal blanked out, or None
    when a quote or `/*` is left open (the literals did not lex cleanly)."""
    try:
        return _code_cache[data]
    except KeyError:
        pass
    code = _LITERAL_OR_COMMENT.sub(b" ", data)
    if b'"' in code or b"'" in code or b"`" in code or b"/*" in code:
        code = None
    return _kept(_code_cache, data, code)


def words_of(data: bytes) -> frozenset:
    """The words of the file's code: its bytes with every comment and literal
    blanked out (an identifier or keyword is never inside either). When a
    quote or `/*` is left open (the literals did not lex cleanly) the words
    of the whole file, which can only be more."""
    try:
        return _words_cache[data]
    except KeyError:
        pass
    code = code_of(data)
    return _kept(_words_cache, data,
                 frozenset((code if code is not None else data).translate(_NOT_WORD).split()))


_ANY: dict[tuple[bytes, ...], "re.Pattern"] = {}


def mentions_any(names: tuple[bytes, ...], data: bytes) -> bool:
    """Does the file mention one of `names` (identifiers) as a word of its
    code? One pass of the bytes for all of them, the file's words only
    when one of them occurs at all."""
    if not names:
        return False
    words = _words_cache.get(data)
    if words is not None:                       # known already: no pass over the bytes
        return any(n in words for n in names)
    rx = _ANY.get(names)
    if rx is None:
        if len(_ANY) > 256:
            _ANY.clear()
        rx = _ANY[names] = re.compile(b"|".join(re.escape(n) for n in sorted(names, key=len,
                                                                              reverse=True)))
    if rx.search(data) is None:
        return False
    words = words_of(data)
    return any(n in words for n in names)


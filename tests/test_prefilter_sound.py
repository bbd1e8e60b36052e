"""The prefilter is an optimisation, never a filter.

Every fixture is rewritten with a comment, a line break or spaces at every
token boundary where Go accepts one, and checked with the prefilter on and
off: the findings must be the same. (Before: `os. /* x */ Exit(1)` and
`/* keep */ os.Stderr = f` were not reported when the file had no plain
form of the same call.)
"""
import os
import shutil

import pytest

from golint_panics import registry
from golint_panics.config import select_rules
from golint_panics.prefilter import TokenError, compile_tokens, pieces
from golint_panics.rule import Settings
from golint_panics.runner import run_check
from golint_panics.source import SourceFile
from want import TESTDATA

#: literals are single tokens: nothing goes inside them
ATOMIC = {"interpreted_string_literal", "raw_string_literal", "rune_literal"}
#: after these, a line break inserts a semicolon (the Go spec's rule)
SEMICOLON_AFTER = {"identifier", "field_identifier", "type_identifier", "package_identifier",
                   "label_name", "blank_identifier", "int_literal", "float_literal",
                   "imaginary_literal", "true", "false", "nil", "iota", "break", "continue",
                   "fallthrough", "return", "++", "--", ")", "]", "}"} | ATOMIC

VARIANTS = {
    "block comments": lambda after: " /* x */ ",
    "line comments": lambda after: None if after in SEMICOLON_AFTER else " // x\n",
    "line breaks and spaces": lambda after: None if after in SEMICOLON_AFTER else "\n\t  ",
}


def tokens(f: SourceFile):
    """The file's tokens in order, comments and literals whole."""
    out, stack = [], [f.root]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            continue
        if node.child_count == 0 or node.type in ATOMIC:
            if node.end_byte > node.start_byte:
                out.append(node)
            continue
        stack.extend(reversed(node.children))
    return sorted(out, key=lambda n: n.start_byte)


def rewrite(data: bytes, insert) -> bytes:
    f = SourceFile("x.go", data)
    toks = tokens(f)
    out, at = [], 0
    for prev, nxt in zip(toks, toks[1:]):
        text = insert(prev.type)
        if text is None or prev.end_byte > nxt.start_byte:
            continue
        out.append(data[at:prev.end_byte])
        out.append(text.encode())
        at = prev.end_byte
    out.append(data[at:])
    return b"".join(out)


FIXTURES = sorted(d for d in os.listdir(TESTDATA)
                  if d not in ("GP000", "deps") and os.path.isdir(os.path.join(TESTDATA, d)))
RULES, _ = select_rules(registry.load_rules(), select=["ALL"])


def findings(root, prefilter):
    result = run_check(["."], RULES, Settings(), jobs=1, cwd=str(root), prefilter=prefilter)
    assert not result.internal_errors, result.internal_errors
    return [(f.code, f.path, f.location.line, f.location.column, f.message)
            for f in result.findings if f.code != "GP000"]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("fixture", FIXTURES)
def test_prefilter_on_and_off_agree_whatever_the_spacing(tmp_path, fixture, variant):
    root = tmp_path / fixture
    shutil.copytree(os.path.join(TESTDATA, fixture), root)
    rewritten = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            if name.endswith(".go"):
                path = os.path.join(dirpath, name)
                with open(path, "rb") as fh:
                    data = fh.read()
                if SourceFile(path, data).first_error() is not None:
                    continue     # a fixture of broken Go: left as it is
                with open(path, "wb") as fh:
                    fh.write(rewrite(data, VARIANTS[variant]))
                rewritten += 1
    assert rewritten
    on, off = findings(root, True), findings(root, False)
    assert on == off
    assert off     # the rewritten fixtures still have findings to lose


@pytest.mark.parametrize("fixture", FIXTURES)
def test_comments_between_tokens_change_no_finding(tmp_path, fixture):
    # a block comment between every two tokens keeps every line where it was:
    # each finding must stay (code, file, line), or the rules themselves (not
    # only the prefilter) read comments as code (`go /* x */ func(){}()` was
    # not reported: the comment was taken for the goroutine's call)
    root = tmp_path / fixture
    shutil.copytree(os.path.join(TESTDATA, fixture), root)
    before = sorted((c, p, line) for c, p, line, *_ in findings(root, False))
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            if name.endswith(".go"):
                path = os.path.join(dirpath, name)
                with open(path, "rb") as fh:
                    data = fh.read()
                if SourceFile(path, data).first_error() is not None:
                    continue
                with open(path, "wb") as fh:
                    fh.write(rewrite(data, VARIANTS["block comments"]))
                with open(path, "rb") as fh:
                    assert SourceFile(path, fh.read()).first_error() is None, path
    after = sorted((c, p, line) for c, p, line, *_ in findings(root, False))
    assert after == before


def test_the_reported_cases(tmp_path):
    (tmp_path / "stderr.go").write_text(
        'package lib\n\nimport (\n\t"os"\n)\n\nfunc Keep(f *os.File) {\n'
        "\t/* keep panics */ os.Stderr = f\n}\n")
    (tmp_path / "exit.go").write_text(
        'package lib\n\nimport "os"\n\nfunc Stop() {\n\tos. /* why */ Exit(1)\n}\n')
    (tmp_path / "sig.go").write_text(
        "package lib\n\nimport (\n\t\"os\"\n\tsignal `os/signal`\n\t\"syscall\"\n)\n\n"
        "func Watch() {\n\tc := make(chan os.Signal)\n\tsignal.Notify(c, syscall.SIGTERM)\n}\n")
    got = {(c, p) for c, p, *_ in findings(tmp_path, True)}
    assert {("GP005", "stderr.go"), ("GP002", "exit.go"), ("GP007", "sig.go")} <= got


def test_tokens_are_go_source_and_nothing_else():
    assert pieces(b"panic(") == (("word", b"panic"),)
    assert pieces(b"os.Exit") == (("word", b"os"), ("word", b"Exit"))
    assert pieces(b'"os/signal"') == (("literal", b"os/signal"),)
    pf = compile_tokens((b"panic(",))
    assert pf.matches(b'package p\nfunc f() { panic ("x") }\n')        # before: missed
    assert pf.matches(b"package p\nfunc f() { panic/* */(1) }\n")
    assert not pf.matches(b"package p\n// panic(\nfunc f() { s := \"panic(\" }\n")
    for bad in (lambda data: True, b"(", b'"a\\x2fb"', "os.Exit"):
        if isinstance(bad, str):
            compile_tokens((bad,))       # str is Go source too
            continue
        with pytest.raises(TokenError):
            compile_tokens((bad,))


def test_may_say_never_says_no_to_a_word_of_the_code(monkeypatch):
    """prefilter.may_say (does a file declare a map type: `type`, `map`;
    which files may refer to a name) answers from the file's words when they
    are known, else from a scan of its bytes, remembered or not: never no
    for a word of its code, a name with non-ASCII letters included (a
    file's words are its ASCII runs: `ñame` is not one of them)."""
    import re
    from hypothesis import given, settings as hsettings, strategies as st
    from golint_panics import prefilter

    piece = st.sampled_from(["type", "map", "typed", "mapper", " ", "\n", "// type map\n",
                             '"map"', "`type`", "x", "[", "]", "T", "/* map */", "'m'",
                             "ñame", "// ñame\n", "ame"])

    @hsettings(max_examples=300, deadline=None)
    @given(st.lists(piece, max_size=12).map("".join),
           st.sampled_from([b"type", b"map", "ñame".encode()]), st.booleans(), st.booleans())
    def check(text, word, words_known, remember):
        data = text.encode()
        monkeypatch.setattr(prefilter, "KEEP_SCANS", 16 if remember else 0)
        prefilter._words_cache.pop(data, None)
        if words_known:
            prefilter.words_of(data)
        first, again = prefilter.may_say(word, data), prefilter.may_say(word, data)
        assert first == again
        code = prefilter.code_of(data)
        if re.search(rb"(?<![\w\x80-\xff])" + word + rb"(?![\w\x80-\xff])",
                     code if code is not None else data):
            assert first, (text, word)
        if word not in data:
            assert not first
    check()


def _map_typed(spec) -> bool:
    t = spec.child_by_field_name("type")
    while t is not None and t.type == "parenthesized_type":
        t = t.named_children[0] if t.named_children else None
    return t is not None and t.type == "map_type"


def _named(spec, name: str) -> bool:
    t = spec.child_by_field_name("type")
    while t is not None and t.type == "parenthesized_type":
        t = t.named_children[0] if t.named_children else None
    return t is not None and t.type == "type_identifier" and t.text.decode() == name


def test_the_map_variable_shape_holds_wherever_the_parser_finds_one():
    """prefilter.MAP_VARIABLE (GP011's shape) never says no to a file with
    a var spec of a written map type, whatever comments, spaces and line
    breaks sit between its tokens, in a `var (...)` block or not, at the top
    level or in a function; PACKAGE_MAP_VARIABLE says yes for those at the
    top level and no for those in a function, and package_variable_names
    finds the names of those of a named type at the top level only; and
    MAP_VARIABLE turns away
    the usual file whose maps are made (`m := map[K]V{}`, `var m =
    map[K]V{}`)."""
    from hypothesis import assume, given, settings as hsettings, strategies as st
    from golint_panics.prefilter import (
        MAP_VARIABLE, PACKAGE_MAP_VARIABLE, package_variable_names,
    )

    # a separator after a token: `free` where a line break ends no statement
    # (after `var`, `(`, `,`, `map`, `[`), `tight` elsewhere
    free = st.sampled_from([" ", "\t", "\n", " // note\n", " /* a\nb */ ", "/**/", ""])
    tight = st.sampled_from([" ", "\t", " /* x */ ", "/**/"])
    names = st.lists(st.sampled_from(["m", "seen", "ñame", "_", "byID2"]), min_size=1, max_size=3)
    types = st.sampled_from([
        ["map", "[string]int"], ["(", "map", "[K]V", ")"], ["(", "(", "map", "[int]bool", ")", ")"],
        ["map", "[string]map[int]int"], ["int"], ["[]map[int]int"], ["Counts"],
        ["func(map[int]int)"], ["struct{ m map[int]int }"], ["*map[int]int"]])
    values = st.sampled_from([None, "nil", "map[int]int{}", "load()"])

    @st.composite
    def spec(draw):
        out = []
        for i, name in enumerate(draw(names)):
            if i:
                out += [draw(tight), ",", draw(free)]
            out.append(name)
        typ = draw(types)
        out.append(draw(tight) if typ[0] != "(" else draw(st.sampled_from(["", " ", "/**/"])))
        for tok in typ:
            out += [tok, draw(free) if tok in ("map", "(") else ""]
        value = draw(values)
        if value is not None:
            out += [draw(tight), "=", draw(free), value]
        return "".join(out)

    @st.composite
    def declaration(draw):
        specs = draw(st.lists(spec(), min_size=1, max_size=3))
        if len(specs) == 1 and draw(st.booleans()):
            return "var" + draw(st.sampled_from([" ", " /* x */ ", " // x\n", "\n\t"])) + specs[0]
        body = draw(st.sampled_from([";", "\n", "; // x\n", " /* a\nb */ "])).join(specs)
        return "var" + draw(free) + "(" + draw(free) + body + draw(tight) + "\n)"

    @hsettings(max_examples=400, deadline=None)
    @given(declaration(), st.booleans())
    def check(decl, in_function):
        text = ("package p\n\ntype Counts map[string]int\ntype K string\ntype V int\n\n"
                + (f"func f() {{\n\t{decl}\n}}\n" if in_function else decl + "\n")
                + "func load() map[int]int { return nil }\n")
        data = text.encode()
        f = SourceFile("p.go", data)
        assume(f.first_error() is None)
        specs, stack = [], [f.root]
        while stack:
            n = stack.pop()
            if n.type == "var_spec":
                specs.append(n)
            stack.extend(n.children)
        if any(_map_typed(s) for s in specs):
            assert MAP_VARIABLE.holds(data), text
            # outside the function: a package-level one; inside: none
            assert PACKAGE_MAP_VARIABLE.holds(data) is not in_function, text
        named = {s.child_by_field_name("name").text for s in specs if _named(s, "Counts")}
        if named:       # (the names of the specs of a named map type, at the top level)
            assert (named <= package_variable_names(data, (b"Counts",))) is not in_function, text
    check()

    made = (b"package p\n\nvar cache = map[string]int{}\n\nfunc f(keys []string) map[string]bool {\n"
            b"\tseen := map[string]bool{}\n\tvar out []string // map of nothing\n"
            b"\tfor _, k := range keys {\n\t\tseen[k] = true\n\t}\n\t_ = out\n\treturn seen\n}\n")
    assert not MAP_VARIABLE.holds(made)
    assert MAP_VARIABLE.holds(made + b"\nvar (\n\tmu int\n\tm map[string]int\n)\n")
    # literals that do not lex cleanly: every shape holds
    assert MAP_VARIABLE.holds(b'package p\n\nvar s = "open\n')


def test_only_the_prefilter_s_own_shapes_are_tokens():
    from golint_panics.prefilter import MAP_VARIABLE, Shape
    assert compile_tokens(((b"var", MAP_VARIABLE),)).matches(b"package p\n\nvar m map[int]int\n")
    assert not compile_tokens(((b"var", MAP_VARIABLE),)).matches(
        b"package p\n\nvar m = map[int]int{}\n")
    with pytest.raises(TokenError):
        compile_tokens((Shape("declares a variable of a map type", lambda code: False),))


_NIL_RECOVER = ("defer recover() never stops", "recover() in a function literal nested")


def _reported_without_prefilter(root, text: str, rules, settings, wanted) -> bool:
    """Does a check of `text` (as root/p.go) with the prefilter off give a
    finding for which `wanted(finding)` holds? (hypothesis: a text that does
    not parse cleanly is not an example)"""
    from hypothesis import assume
    data = text.encode()
    assume(SourceFile("p.go", data).first_error() is None)
    (root / "p.go").write_bytes(data)
    result = run_check(["."], rules, settings, jobs=1, cwd=str(root), prefilter=False)
    return any(wanted(f) for f in result.findings)


def test_the_misplaced_recover_shape_holds_wherever_gp008_reports_one(tmp_path):
    """prefilter.MISPLACED_RECOVER (GP008's shape) says yes for every file
    where GP008, run without the prefilter, reports a recover() of its own
    (`defer recover()`, a recover in a literal nested in a deferred one;
    a deferred call of a recovering function is found by the package's
    tokens): deferred literals with parameters, results of struct and
    interface types, braces in comments and strings, nested literals."""
    from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
    from golint_panics.prefilter import MISPLACED_RECOVER

    rules, _ = select_rules(registry.load_rules(), select=["GP008"])
    gap = st.sampled_from([" ", " /* } { */ ", "\n\t", " // }\n\t"])
    signatures = st.sampled_from([("", "", ""), ("v interface{}", "", "1"),
                                  ("x int, y struct{ a int }", "", "1, struct{ a int }{}"),
                                  ("", "(err error)", ""), ("", " interface{}", ""),
                                  ("", "(x struct{ b int })", ""), ("", " func() interface{}", "")])
    leaves = st.sampled_from(["if r := recover(); r != nil {\n_ = r\n}", "_ = recover()",
                              "defer recover()", 's := "}{"\n_ = s', "_ = '}'", "work()"])

    def literal(body, draw):
        params, results, args = draw(signatures)
        ret = "\nreturn" if results.startswith("(") else "\nreturn nil" if results else ""
        return f"func({params}){results} {{\n{body}{ret}\n}}", args

    @st.composite
    def block(draw, depth=0):
        out = []
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["leaf", "leaf", "defer", "call", "assign", "go"])
                        if depth < 3 else st.just("leaf"))
            if kind == "leaf":
                out.append(draw(leaves))
                continue
            lit, args = literal(draw(block(depth + 1)), draw)
            lit = lit.replace("func(", "func" + draw(st.sampled_from(["", " "])) + "(", 1)
            if kind == "defer":
                out.append("defer" + draw(gap) + f"{lit}({args})")
            elif kind == "call":
                out.append(f"{lit}({args})")
            elif kind == "go":
                out.append(f"go {lit}({args})")
            else:
                out.append(f"g{depth} := {lit}\n_ = g{depth}")
        return "\n".join(out)

    count = [0]

    @hsettings(max_examples=250, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(block())
    def check(body):
        text = f"package p\n\nfunc work() {{}}\n\nfunc run() {{\n{body}\n}}\n"
        if _reported_without_prefilter(tmp_path, text, rules, Settings(),
                                       lambda f: f.message.startswith(_NIL_RECOVER)):
            count[0] += 1
            assert MISPLACED_RECOVER.holds(text.encode()), text
    check()
    assert count[0] >= 20, "too few files with a finding: the test tests little"

    usual = (b"package p\n\nfunc run(work func()) (err error) {\n\tdefer func() {\n"
             b"\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf(\"%v\", r)\n\t\t}\n"
             b"\t}()\n\twork()\n\treturn nil\n}\n\nfunc later() {\n\tdefer func() {\n"
             b"\t\t_ = recover()\n\t}()\n\tgo func() {}()\n}\n")
    assert not MISPLACED_RECOVER.holds(usual)


def test_the_std_stream_assignment_shape_holds_wherever_gp005_reports(tmp_path):
    """prefilter.STD_STREAM_ASSIGNMENT (GP005's shape) says yes for every
    file where GP005 (strict: every assignment to os.Stderr or os.Stdout),
    run without the prefilter, reports: single and multiple assignments,
    line breaks and comments after the commas, op-assignments, the
    streams among call arguments, literals, comparisons and case lists
    around them."""
    from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

    from golint_panics.prefilter import STD_STREAM_ASSIGNMENT
    rules, _ = select_rules(registry.load_rules(), select=["GP005"])
    settings = Settings(rule_options={"GP005": {"strict": True}})
    stream = st.sampled_from(["os.Stderr", "os.Stdout", "os . Stderr", "(os.Stderr)"])
    other = st.sampled_from(["w", "old", "buf[0]", "m[k]", "*p", "s.out"])
    comma = st.sampled_from([", ", ",\n\t", ", /* } */ ", ", // x\n\t"])
    assign = st.sampled_from([" = ", " /* c */ = ", "\t=\t", " += "])

    @st.composite
    def statement(draw):
        kind = draw(st.sampled_from(["single", "multi", "call", "literal", "compare", "case"]))
        s = draw(stream)
        if kind == "single":
            return s + draw(assign) + "w"
        if kind == "multi":
            left = [s, draw(other)]
            if draw(st.booleans()):
                left.reverse()
            if draw(st.booleans()):
                left.append(draw(other))
            right = ", ".join("w" for _ in left)
            return draw(comma).join(left) + " = " + right
        if kind == "call":
            return f"fmt.Fprintln({s}{draw(comma)}\"x = y\", a == b)"
        if kind == "literal":
            return f"ws := []io.Writer{{{s}{draw(comma)}w}}\n\t_ = ws"
        if kind == "compare":
            return f"if {s} == w {{\n\t\tw = nil\n\t}}"
        return f"switch w {{\n\tcase {s}{draw(comma)}nil:\n\t\tw = nil\n\t}}"

    count = [0]

    @hsettings(max_examples=200, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(statement(), min_size=1, max_size=3))
    def check(statements):
        text = ('package p\n\nimport (\n\t"fmt"\n\t"io"\n\t"os"\n)\n\n'
                "func run(w io.Writer, buf []io.Writer, m map[int]io.Writer, k int, p *io.Writer,"
                " s struct{ out io.Writer }, a, b int) {\n\t"
                + "\n\t".join(statements) + "\n}\n")
        if _reported_without_prefilter(tmp_path, text, rules, settings, lambda f: True):
            count[0] += 1
            assert STD_STREAM_ASSIGNMENT.holds(text.encode()), text
    check()
    assert count[0] >= 20, "too few files with a finding: the test tests little"

    usual = (b'package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc fail(err error) {\n'
             b'\tfmt.Fprintln(os.Stderr, "error:", err)\n\tlog.SetOutput(os.Stderr)\n'
             b'\tif w == os.Stdout {\n\t\tw = nil\n\t}\n}\n')
    assert not STD_STREAM_ASSIGNMENT.holds(usual)


def test_the_map_variable_written_shape_holds_wherever_gp011_reports(tmp_path):
    """prefilter.MAP_VARIABLE_WRITTEN (GP011's shape) says yes for every
    file where GP011, run without the prefilter, reports a write to a map
    declared `var m map[K]V` in the file (a named map type's variables are
    the package tokens'): local and package-level declarations, in `var`
    blocks and not, writes by `=`, `op=`, `++`, `--` and in assigned lists,
    comments and spaces around the brackets, nested indexes, reads and
    selectors beside them; and it turns away the usual file, whose maps
    are read or are fields."""
    from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

    from golint_panics.prefilter import MAP_VARIABLE_WRITTEN
    rules, _ = select_rules(registry.load_rules(), select=["GP011"])
    gap = st.sampled_from(["", " ", " /* ] = */ ", "\t"])
    index = st.sampled_from(["k", "keys[0]", '"]"', "f(k)[1:2][0]", "k + 1"])
    declaration = st.sampled_from([
        "var m map[string]int", "var m, n (map[string]int)", "var (\n\tx int\n\tm map[string]int\n)",
        "var (\n\tm /* x */ map[string]int; n int\n)", "var m = map[string]int{}",
        "var (\n\tn map[int]int\n\tm map[string]int\n)"])

    @st.composite
    def statement(draw):
        target = draw(st.sampled_from(["m", "m", "s.m", "t"]))
        at = f"{target}{draw(gap)}[{draw(index)}]{draw(gap)}"
        kind = draw(st.sampled_from(["set", "op", "inc", "list", "listed", "read", "compare"]))
        if kind == "set":
            return at + "= 1"
        if kind == "op":
            return at + draw(st.sampled_from(["+=", "<<=", "&^=", "|="])) + " 1"
        if kind == "inc":
            return at + draw(st.sampled_from(["++", "--"]))
        if kind == "list":
            return f"{at}, x = 1, 2"
        if kind == "listed":
            return f"x, {at}= 1, 2"
        if kind == "read":
            return f"x = {at}"
        return f"if {at}== 1 {{\n\t\tx = 0\n\t}}"

    count = [0]

    @hsettings(max_examples=250, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(declaration, st.booleans(), st.lists(statement(), min_size=1, max_size=3))
    def check(decl, top, statements):
        body = "\n\t".join(statements)
        head = "package p\n\nvar keys []string\n\nfunc f(k string) []string { return keys }\n\n"
        local = f"\t{decl}\n" if not top else ""
        text = (head + (decl + "\n\n" if top else "") +
                "func run(k string, s struct{ m map[string]int }, t map[string]int) {\n"
                "\tvar x int\n" + local + "\t" + body + "\n\t_ = x\n}\n")
        if _reported_without_prefilter(tmp_path, text, rules, Settings(), lambda f: True):
            count[0] += 1
            assert MAP_VARIABLE_WRITTEN.holds(text.encode()), text
    check()
    assert count[0] >= 20, "too few files with a finding: the test tests little"

    usual = (b"package p\n\nvar cache map[string]int\n\nfunc get(s *store, k string) int {\n"
             b"\tvar seen map[string]bool\n\ts.seen[k] = true\n\tif seen[k] {\n\t\treturn 1\n\t}\n"
             b"\tfmt.Println(cache[k], seen[k])\n\treturn cache[k]\n}\n")
    assert not MAP_VARIABLE_WRITTEN.holds(usual)
    assert MAP_VARIABLE_WRITTEN.holds(usual.replace(b"\treturn cache[k]", b"\tcache[k]++\n\treturn 0"))


def test_a_place_outside_every_brace_is_told_by_counting_then_by_one_pass():
    """_outside_braces (PACKAGE_MAP_VARIABLE, package_variable_names) tells
    the first few places by counting the braces before each, the rest from
    one pass over the code: both say what the braces' depth says (no more
    `{` than `}` before the place), and every place is outside when the
    braces do not balance (checked on random text)."""
    import random
    from golint_panics import prefilter
    rnd = random.Random(34)
    for _ in range(400):
        text = bytes(rnd.choice(b"{{}} x") for _ in range(rnd.randrange(1, 120)))
        places = [rnd.randrange(len(text) + 1) for _ in range(3 * prefilter._SCAN_EACH)]
        outside = prefilter._outside_braces(text)
        balanced = text.count(b"{") == text.count(b"}")
        for at in places:
            depth = text.count(b"{", 0, at) - text.count(b"}", 0, at)
            assert outside(at) is (depth <= 0 or not balanced), (text, at)


def test_the_std_stream_shape_follows_a_bounded_number_of_lists(monkeypatch):
    """Each `Stderr,` makes the shape read on to the end of its list; in a
    file of unclosed calls that is the rest of the file each time. Past a
    bound it answers yes (which only asks the rule): the work stays linear."""
    from golint_panics import prefilter
    followed = []
    real = prefilter._then_assigned
    monkeypatch.setattr(prefilter, "_then_assigned",
                        lambda code, at: followed.append(at) or real(code, at))
    data = b'package p\n\nimport "os"\n\nfunc f() {\n' + b"\tg(os.Stderr,\n" * 5000
    assert prefilter._assigns_std_stream(prefilter.code_of(data))
    assert len(followed) <= prefilter._SCAN_EACH
    followed.clear()
    usual = b'package p\n\nimport "os"\n\nfunc f() {\n' + b"\tg(os.Stderr, 1)\n" * 10 + b"}\n"
    assert not prefilter._assigns_std_stream(prefilter.code_of(usual))
    assert len(followed) == 10


def test_the_map_variable_shape_searches_each_byte_of_var_blocks_once(monkeypatch):
    """`var (` blocks left open run to the end of the file: searched one by
    one, 20,000 of them read the file 20,000 times (256 s). Overlapping
    blocks are searched as one: no byte twice, the same answer."""
    from golint_panics import prefilter
    searched = []

    class Spy:
        def __init__(self, rx):
            self.rx = rx

        def finditer(self, code, start, end):
            searched.append(end - start)
            return self.rx.finditer(code, start, end)
    monkeypatch.setattr(prefilter, "_MAP_SPEC_RE", Spy(prefilter._MAP_SPEC_RE))
    head = b"package p\n\nfunc f() {\n"
    for tail, says in ((b"", False), (b"\tm map[int]int\n", True)):
        searched.clear()
        code = head + b"\tvar (\n\tx int\n" * 2000 + tail
        assert prefilter._declares_map_variable(code) is says
        assert sum(searched) <= len(code)
    closed = head + b"\tvar (\n\tx int\n)\n" * 3 + b"\tvar (\n\tm map[int]int\n)\n"
    searched.clear()
    assert prefilter._declares_map_variable(closed)
    assert len(searched) == 4


def test_a_deferred_literal_s_type_braces_are_told_as_the_grammar_says_and_once(monkeypatch):
    """A `{` right after `struct` or `interface` (spaces apart, the word
    after the literal's parameters) opens a type of its results, not its
    body: told by reading back from the brace, as a regular expression
    over the text between would (checked on random text), and once per
    brace (20,000 literals waiting for one far brace read the text before
    it 20,000 times: 35 s)."""
    import random
    import re
    from golint_panics import prefilter
    definition = re.compile(rb"\b(?:interface|struct)\s*$")
    rnd = random.Random(33)
    pieces = [b"struct", b"interface", b" ", b"\t", b"\n", b"\f", b"x", b"_", b"(", b")",
              b"ystruct", "é".encode()]
    for _ in range(3000):
        code = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8))) + b"{"
        since = rnd.randint(0, len(code) - 1)
        assert prefilter._opens_a_type(code, len(code) - 1, since, {}) == \
            (definition.search(code, since, len(code) - 1) is not None), (code, since)
    read = []
    real = prefilter._opens_a_type
    monkeypatch.setattr(prefilter, "_opens_a_type", lambda code, brace, since, memo:
                        read.append(brace not in memo) or real(code, brace, since, memo))
    code = b"package p\n\nfunc f() {\n" + b"\tdefer func()\n" * 2000 + b"{ }\n"
    assert len(prefilter._deferred_literals(code)) == 2000
    assert sum(read) == 1


def test_a_package_has_logger_exit_methods_only_where_it_names_a_logger(tmp_path):
    """GP009 and GP002 wake on a logger's exit methods (`lg.Fatal`) in any
    file of a package that can hold a logger: for the standard "log", a
    file that imports it and names `log.Logger`, `log.New` or `log.Default`
    under the name it imports it as. `errors.New` beside `import "log"`
    does not count (it woke GP009 on 279 Debian test files, for their
    `t.Fatal`); a renamed import, comments inside the selector and a dot
    import do. Likewise the names of logrus's and zap's logger types and
    their well-known constructors (golang.EXIT_METHOD_WITNESSES), where
    their import alone woke it."""
    from golint_panics.facts import PackageFacts
    from golint_panics.rule import exit_method_tokens

    def tokens(*sources):
        files = [(f"f{i}.go", f"/x/f{i}.go", s.encode()) for i, s in enumerate(sources)]
        return exit_method_tokens(PackageFacts([], pending=files))
    printf = 'package p\n\nimport (\n\t"errors"\n\t"log"\n)\n\n' \
        'var errX = errors.New("x")\n\nfunc f() { log.Printf("%v", errX) }\n'
    test = 'package p\n\nimport "testing"\n\nfunc TestF(t *testing.T) {\n' \
        '\tdefer f()\n\tt.Fatal("no")\n}\n'
    assert tokens(printf, test) == []
    fatal = ["Fatal", "Fatalf", "Fatalln"]
    assert tokens(printf, 'package p\n\nimport stdlog "log"\n\n'
                  'var lg = stdlog. /* the standard one */ New(nil, "", 0)\n') == fatal
    assert tokens('package p\n\nimport "log"\n\ntype S struct{ lg *log.Logger }\n') == fatal
    assert tokens('package p\n\nimport . "log"\n\nvar lg = New(nil, "", 0)\n') == fatal
    # the path quoted after the imports too: the words alone, as before
    assert tokens('package p\n\nimport "log"\n\nvar x, y = New(), "log"\n') == fatal
    assert tokens('package p\n\nimport _ "log"\n\nvar lg = x.New()\n') == []
    # logrus and zap: their types' names and well-known constructors
    logrus = 'package p\n\nimport log "github.com/sirupsen/logrus"\n\n'
    assert tokens(logrus + 'func f() { log.Infof("up") }\n', test) == []
    assert tokens(logrus + 'var lg = log.WithField("k", 1)\n', test) == \
        ["Exit", "Fatal", "FatalFn", "Fatalf", "Fatalln"]
    assert tokens('package p\n\nimport "go.uber.org/zap"\n\nfunc f() { zap.L().Info("up") }\n'
                  ) == ["Fatal", "Fatalf", "Fatalln", "Fatalw"]
    assert tokens('package p\n\nimport "go.uber.org/zap"\n\nvar lvl = zap.InfoLevel\n') == []


def test_the_index_write_shape_holds_wherever_gp003_can_report():
    """prefilter.INDEX_WRITE (GP003's `reports_at`) says yes for every file
    where the parser finds a write GP003 reports at (its WRITES: an index
    assigned by `=` or `op=`, alone or in an assigned list, `++`, `--`, a
    call of `delete`), whatever comments, spaces and line breaks sit
    between the tokens, nested indexes and slices beside them; and it
    turns away the usual file that only reads indexes, compares them and
    declares map and slice types."""
    import importlib
    from hypothesis import assume, given, settings as hsettings, strategies as st

    from golint_panics.prefilter import INDEX_WRITE
    writes = importlib.import_module("golint_panics.rules.gp003_unguarded_map_write").WRITES
    gap = st.sampled_from(["", " ", "\t", " /* ] = */ ", "/**/", " /* a\nb */ "])
    free = st.sampled_from(["", " ", "\n\t", " // ]=\n\t", " /* x */ "])   # after `=`, `,`, `(`
    index = st.sampled_from(["k", "keys[0]", '"]="', "f(k)[1:2][0]", "k + 1", "`]`"])
    target = st.sampled_from(["m", "s.m", "m[k]", "(m)", "ms[0]"])

    @st.composite
    def statement(draw):
        at = f"{draw(target)}{draw(gap)}[{draw(gap)}{draw(index)}{draw(gap)}]{draw(gap)}"
        kind = draw(st.sampled_from(["set", "op", "inc", "list", "listed", "delete", "read",
                                     "compare", "argument", "literal", "range", "define"]))
        if kind == "set":
            return f"{at}={draw(free)}1"
        if kind == "op":
            return at + draw(st.sampled_from(["+=", "<<=", "&^=", "|=", "%="])) + draw(free) + "1"
        if kind == "inc":
            return at + draw(st.sampled_from(["++", "--"]))
        if kind == "list":
            return f"{at},{draw(free)}x{draw(gap)}={draw(free)}1, 2"
        if kind == "listed":
            return f"x,{draw(free)}{at}={draw(free)}1, 2"
        if kind == "delete":
            return f"delete{draw(gap)}({draw(free)}m, k)"
        if kind == "read":
            return f"x = {at}"
        if kind == "compare":
            op = draw(st.sampled_from(["==", "!=", "<=", ">="]))
            return f"if {at}{op} 1 {{\n\t\tx = 0\n\t}}"
        if kind == "argument":
            return f"use({at}, {at})"
        if kind == "literal":
            return f"_ = []int{{{at}, 1}}"
        if kind == "range":
            return f"for range ms[{draw(index)}] {{\n\t}}"
        return f"y := {at}\n\t_ = y"

    count = [0]

    @hsettings(max_examples=400, deadline=None)
    @given(st.lists(statement(), min_size=1, max_size=3))
    def check(statements):
        text = ("package p\n\nvar keys []string\n\nfunc f(k int) []int { return nil }\n\n"
                "func use(a ...int) {}\n\n"
                "func run(k int, m map[int]int, s struct{ m map[int]int }, "
                "ms []map[int]int) {\n\tvar x int\n\t" + "\n\t".join(statements) +
                "\n\t_ = x\n}\n")
        data = text.encode()
        f = SourceFile("p.go", data)
        assume(f.first_error() is None)
        if f.found(writes)[0]:
            count[0] += 1
            assert INDEX_WRITE.holds(data), text
    check()
    assert count[0] >= 100, "too few files with a write: the test tests little"

    usual = (b"package p\n\nvar cache map[string]int\nvar t [4]int = [4]int{}\n\n"
             b"func get(s *store, keys []string, k string) (int, bool) {\n"
             b"\tv, ok := cache[k] // cache[k] = v\n\tif s.seen[k] != true || t[0] <= 1 {\n"
             b"\t\treturn cache[keys[0]], ok\n\t}\n\tfor i := range keys[1:] {\n"
             b"\t\tuse(t[i], v)\n\t}\n\treturn f(s.m[k])[0], \"x[0] = 1\" == \"\"\n}\n")
    assert not INDEX_WRITE.holds(usual)
    assert INDEX_WRITE.holds(usual.replace(b"\tv, ok := cache[k]", b"\tt[1]++\n\tv, ok := 1, true"))
    assert INDEX_WRITE.holds(usual.replace(b"\tv, ok := cache[k]", b"\tdelete(cache, k)\n"
                                                                  b"\tv, ok := 1, true"))


def test_every_fixture_finding_is_in_a_file_that_holds_its_rules_reports_at():
    """A rule's `reports_at` says what a file must hold for the rule to
    report in it (a check of a few files runs the rule only where one of
    them does; package tokens are looked for only while a file the rule
    has not run on does): every finding of every fixture, with and without
    `strict`, is in such a file."""
    from golint_panics.config import Configs
    from golint_panics.engine import compiled_tokens
    from golint_panics.runner import run_check
    from golint_panics.rule import Settings
    rules = registry.load_rules()
    with_reports_at = {code: r for code, r in rules.items() if r.reports_at}
    assert {"GP002", "GP003", "GP008", "GP009", "GP011"} <= set(with_reports_at)
    checked = set()
    for strict in (False, True):
        options = {code: {"strict": True} for code in rules} if strict else {}
        result = run_check([TESTDATA], list(rules.values()), Settings(rule_options=options),
                           jobs=1, prefilter=False, cwd=TESTDATA, configs=Configs.single(
                               list(rules.values()), Settings(rule_options=options)))
        for f in result.findings:
            rule = with_reports_at.get(f.code)
            if rule is None:
                continue
            path = os.path.join(TESTDATA, f.path)
            with open(path, "rb") as fh:
                data = fh.read()
            assert compiled_tokens(rule.reports_at).matches(data), (f.code, f.path)
            checked.add(f.code)
    assert checked == set(with_reports_at)

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
    """prefilter.may_say (does a file declare a map type: `type`, `map`)
    answers from the file's words when they are known, else from a scan of
    its bytes, remembered or not: never no for a word of its code."""
    from hypothesis import given, settings as hsettings, strategies as st
    from golint_panics import prefilter

    piece = st.sampled_from(["type", "map", "typed", "mapper", " ", "\n", "// type map\n",
                             '"map"', "`type`", "x", "[", "]", "T", "/* map */", "'m'"])

    @hsettings(max_examples=200, deadline=None)
    @given(st.lists(piece, max_size=12).map("".join), st.sampled_from([b"type", b"map"]),
           st.booleans(), st.booleans())
    def check(text, word, words_known, remember):
        data = text.encode()
        monkeypatch.setattr(prefilter, "KEEP_SCANS", 16 if remember else 0)
        prefilter._words_cache.pop(data, None)
        if words_known:
            prefilter.words_of(data)
        first, again = prefilter.may_say(word, data), prefilter.may_say(word, data)
        assert first == again
        if word in prefilter.words_of(data):
            assert first
        if word not in data:
            assert not first
    check()

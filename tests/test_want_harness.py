"""The `// want` harness itself (golint_panics.testing), on small fixtures of its own."""
import pytest

from golint_panics import engine, testing
from want import check_fixture, parse_oks, parse_wants


def fixture(tmp_path, text, name="lib.go"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path)


def wants_of(root):
    return [(w.path, w.line, w.pattern) for w in parse_wants(root)]


EXIT_MSG = "GP002 os.Exit in library package 'lib'"

IN_STRINGS = """package lib

import "os"

func Stop() {
	s := "// want \\"GP002\\""
	t := `// want "GP002"
// ok: inside a raw string, not a marker`
	u := "x" + "// ok: not a comment"
	_ = s + t + u
	os.Exit(1) // want "GP002 os.Exit"
}
"""


def test_a_want_inside_a_string_literal_is_not_an_expectation(tmp_path):
    root = fixture(tmp_path, IN_STRINGS)
    assert wants_of(root) == [("lib.go", 11, "GP002 os.Exit")]
    assert parse_oks(root) == []
    assert check_fixture(root, select="GP002") == []


def test_markers_in_comments_are_read_at_the_comment_line(tmp_path):
    root = fixture(tmp_path, """package lib

import "os"

func Stop() {
	println("x") // ok: a plain call
	/* ok: a block comment is not a marker */
	os.Exit(1) // a note // want "GP002"
}
""")
    assert parse_oks(root) == [("lib.go", 6)]
    assert wants_of(root) == [("lib.go", 8, "GP002")]
    assert check_fixture(root, select="GP002") == []


OFFSET = """package lib

import "os"

func Stop(n int) {
	// want +1 "GP002 os.Exit"
	os.Exit(len(`
`))
	// want +2 `GP002 os\\.Exit` "GP002"
	if n > 0 {
		os.Exit(n); os.Exit(n + 1)
	}
}
"""


def test_want_plus_n_applies_n_lines_below(tmp_path):
    root = fixture(tmp_path, OFFSET)
    assert wants_of(root) == [("lib.go", 7, "GP002 os.Exit"),
                              ("lib.go", 11, r"GP002 os\.Exit"), ("lib.go", 11, "GP002")]
    assert check_fixture(root, select="GP002") == []


def test_want_plus_n_is_strict_about_the_line(tmp_path):
    root = fixture(tmp_path, OFFSET.replace("// want +1", "// want +2"))
    problems = check_fixture(root, select="GP002")
    assert problems == [
        f"lib.go:7:2: unexpected finding: {EXIT_MSG} ends its importer's process: the "
        "program's deferred calls and graceful shutdown do not run; return an error instead",
        "lib.go:8: no finding matched want 'GP002 os.Exit'",
    ]


@pytest.mark.parametrize("comment", ['// want -1 "GP002"', '// want +0 "GP002"',
                                     '// want "GP002" trailing words', "// want",
                                     '// want "GP002\\q"', '// want +1'])
def test_a_malformed_want_is_an_error(tmp_path, comment):
    root = fixture(tmp_path, f"package lib\n\nfunc F() {{\n\t{comment}\n\tprintln()\n}}\n")
    with pytest.raises(AssertionError, match="lib.go:4"):
        parse_wants(root)


def test_want_and_ok_on_one_line_is_an_error(tmp_path):
    root = fixture(tmp_path, """package lib

func F() {
	// want +1 "GP002"
	println() // ok: clean
}
""")
    with pytest.raises(AssertionError, match="lib.go:5: both want and ok"):
        parse_oks(root)


def test_want_strings_are_go_strings(tmp_path):
    root = fixture(tmp_path, """package bibliothèque

import "os"

func Stop() {
	os.Exit(1) // want "'biblioth\\u00e8que'" "x\\x41\\101\\\\d\\"" `\\d`
	os.Exit(2) // want "'bibliothèque'"
}
""")
    assert [p for _, _, p in wants_of(root)] == [
        "'bibliothèque'", 'xAA\\d"', "\\d", "'bibliothèque'"]
    problems = check_fixture(root, select="GP002")
    assert problems == ["lib.go:6: no finding matched want 'xAA\\\\d\"'",
                        "lib.go:6: no finding matched want '\\\\d'"]


def test_missing_and_unexpected_findings_are_both_reported(tmp_path):
    root = fixture(tmp_path, """package lib

import "os"

func Stop() {
	os.Exit(1)
	println("clean") // want "GP002"
	os.Exit(2) // want "GP002 os.Exit" "GP002 a second finding"
}
""")
    problems = check_fixture(root, select="GP002")
    # reported once, though both runs (prefilter on and off) see them
    assert problems == [
        f"lib.go:6:2: unexpected finding: {EXIT_MSG} ends its importer's process: the "
        "program's deferred calls and graceful shutdown do not run; return an error instead",
        "lib.go:7: no finding matched want 'GP002'",
        "lib.go:8: no finding matched want 'GP002 a second finding'",
    ]


SIMPLE = """package lib

import "os"

func Stop() {
	os.Exit(1) // want "GP002 os.Exit"
}
"""


@pytest.mark.parametrize("hide_when_prefilter", [True, False])
def test_a_prefilter_on_off_difference_is_reported(tmp_path, monkeypatch, hide_when_prefilter):
    """A prefilter that wrongly rules GP002 out (or, the other way round, a
    rule that only fires when tokens are looked at) is caught."""
    real = engine.file_may_match

    def file_may_match(rule, data, *, ignore_tokens=False, **kw):
        if rule.code == "GP002" and ignore_tokens != hide_when_prefilter:
            return False
        return real(rule, data, ignore_tokens=ignore_tokens, **kw)

    monkeypatch.setattr(engine, "file_may_match", file_may_match)
    root = fixture(tmp_path, SIMPLE)
    problems = check_fixture(root, select="GP002")
    finding = (f"lib.go:6:2: {EXIT_MSG} ends its importer's process: the program's "
               "deferred calls and graceful shutdown do not run; return an error instead")
    if hide_when_prefilter:
        assert problems == [
            "(prefilter on) lib.go:6: no finding matched want 'GP002 os.Exit'",
            f"prefilter on/off differ: only with the prefilter off: {finding}",
        ]
    else:
        assert problems == [
            "(prefilter off) lib.go:6: no finding matched want 'GP002 os.Exit'",
            f"prefilter on/off differ: only with the prefilter on: {finding}",
        ]


def test_runs_with_the_prefilter_on_and_off_unless_gp000_is_selected(tmp_path, monkeypatch):
    seen = []
    real = testing.run_check

    def run_check(*args, **kw):
        seen.append(kw["prefilter"])
        return real(*args, **kw)

    monkeypatch.setattr(testing, "run_check", run_check)
    root = fixture(tmp_path, SIMPLE)
    assert check_fixture(root, select="GP002") == []
    assert seen == [True, False]
    seen.clear()
    check_fixture(root, select="GP000")
    assert seen == [False]


def test_deep_fixture_is_scanned_without_recursion(tmp_path):
    depth = 5000
    text = ("package lib\n\nfunc F() {\n" + "if true {\n" * depth
            + "println() // ok: deep\n" + "}\n" * depth + "}\n")
    root = fixture(tmp_path, text)
    assert parse_oks(root) == [("lib.go", 4 + depth)]


PANIC_FIXTURE = """package lib

func Boom() {
	panic ("x") // want "XP200 panic"
}

func Calm() {
	_ = "panic(" // ok: a string, not a call
}
"""


def _panic_rule(**changes):
    """A plugin author's rule, registered nowhere: `panic` calls."""
    from golint_panics.rule import Rule

    def check(call, ctx):
        fn = call.child_by_field_name("function")
        if fn is not None and ctx.text(fn) == "panic":
            ctx.report(call, "panic in a library")
    docs = ("## What it does\nReports panic calls.\n\n## Why is this bad?\nA test.\n\n"
            "## Example\n```go\npanic(1)\n```\n")
    fields = dict(code="XP200", name="test-panic", summary="panic", docs=docs,
                  node_kinds=("call_expression",), tokens=(b"panic(",), check=check)
    return Rule(**{**fields, **changes})


def test_run_checks_a_rule_object_in_one_call(tmp_path):
    """analysistest.Run: the directory and the rule, with the prefilter on
    and off (the token `panic(` finds `panic ("x")`)."""
    root = fixture(tmp_path, PANIC_FIXTURE)
    testing.run(root, _panic_rule())


def test_run_raises_with_every_mismatch(tmp_path):
    root = fixture(tmp_path, PANIC_FIXTURE.replace('// want "XP200 panic"', "") +
                   "\nfunc Quiet() {} // want \"XP200 never\"\n")
    with pytest.raises(AssertionError) as caught:
        testing.run(root, _panic_rule())
    text = str(caught.value)
    assert "unexpected finding: XP200 panic in a library" in text
    assert "no finding matched want 'XP200 never'" in text


def test_run_refuses_a_rule_the_registry_would_refuse(tmp_path):
    from golint_panics.registry import RegistryError
    root = fixture(tmp_path, PANIC_FIXTURE)
    with pytest.raises(RegistryError, match="severity 'info'"):
        testing.run(root, _panic_rule(severity="info"))
    with pytest.raises(RegistryError, match="takes the name 'library-exit'"):
        testing.run(root, _panic_rule(name="library-exit"))
    # the registry is as it was
    from golint_panics import registry
    assert "XP200" not in registry.load_rules()

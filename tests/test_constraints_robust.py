"""Build constraints of absurd size: parsed and evaluated without recursion,
right answers up to a bound, ConstraintSyntaxError beyond it."""
import itertools
import random

import pytest

from golint_panics import golang
from golint_panics.golang import ConstraintSyntaxError
from test_cli import BAD, run

AND_500 = " && ".join(["linux", "amd64"] * 250)
PARENS_330 = "(" * 330 + "linux && !cgo" + ")" * 330
NOT_1000 = "!" * 1000 + "windows"
NOT_1001 = "!" * 1001 + "windows"
NESTED_AND = "".join(f"(t{i % 7} && " for i in range(2000)) + "linux" + ")" * 2000
NESTED_OR = "".join(f"(t{i % 7} || " for i in range(2000)) + "linux" + ")" * 2000


def test_five_hundred_ands():
    tree = golang.parse_go_build(AND_500)
    assert golang.tag_names(tree) == {"linux", "amd64"}
    assert golang.evaluate(tree, {"linux": True, "amd64": True}.__getitem__)
    assert not golang.evaluate(tree, {"linux": True, "amd64": False}.__getitem__)
    assert golang.satisfiable(tree, {})
    assert not golang.satisfiable(tree, {"amd64": False})
    assert golang.builds_for(tree, "linux", "amd64")
    assert not golang.builds_for(tree, "linux", "arm64")


def test_deep_parentheses():
    tree = golang.parse_go_build(PARENS_330)
    assert tree == ("and", ("tag", "linux"), ("not", ("tag", "cgo")))
    assert golang.builds_for(tree, "linux", "arm64")
    assert not golang.builds_for(tree, "windows", "amd64")
    assert not golang.satisfiable(tree, {"cgo": True})
    for expr, tags in ((NESTED_AND, {"linux"} | {f"t{i}" for i in range(7)}),
                       (NESTED_OR, {"linux"} | {f"t{i}" for i in range(7)})):
        tree = golang.parse_go_build(expr)
        assert golang.tag_names(tree) == tags
        everything = golang.evaluate(tree, lambda name: True)
        only_linux = golang.evaluate(tree, lambda name: name == "linux")
        assert (everything, only_linux) == ((True, False) if expr is NESTED_AND else (True, True))
        assert golang.builds_for(tree, "windows", "amd64") == (expr is NESTED_OR)


def test_a_thousand_negations():
    assert golang.parse_go_build(NOT_1000) == ("tag", "windows")
    assert golang.parse_go_build(NOT_1001) == ("not", ("tag", "windows"))
    assert golang.builds_for(golang.parse_go_build(NOT_1000), "windows", "amd64")
    assert not golang.builds_for(golang.parse_go_build(NOT_1001), "windows", "amd64")
    tree = golang.parse_go_build("!" * 999 + PARENS_330)     # odd: !(linux && !cgo)
    assert golang.tag_names(tree) == {"linux", "cgo"}
    assert golang.builds_for(tree, "windows", "amd64")
    assert not golang.satisfiable(tree, {"linux": True, "cgo": False})


def test_deep_trees_built_elsewhere():
    """evaluate, tag_names and satisfiable walk any tree without recursing."""
    tree = ("tag", "linux")
    for i in range(20000):
        if i % 2:
            tree = ("and", tree, ("not", ("not", ("tag", f"t{i % 3}"))))
        else:
            tree = ("not", ("not", tree))
    assert golang.tag_names(tree) == {"linux", "t0", "t1", "t2"}
    assert golang.evaluate(tree, lambda name: True)
    assert golang.satisfiable(tree, {"ignore": False})
    assert not golang.satisfiable(tree, {"t1": False})
    assert not golang.builds_for(tree, "darwin", "arm64")


@pytest.mark.parametrize("expr", [
    " && ".join(["linux"] * 5001),                 # over 10,000 tokens
    "(" * 10001 + "linux" + ")" * 10001,
    "!" * 10001 + "linux",
    "".join(f"(t{i} {'&&' if i % 2 else '||'} " for i in range(300)) + "x" + ")" * 300,
], ids=["10001-tokens-and", "10001-parens", "10001-nots", "300-alternating"])
def test_absurd_constraints_are_syntax_errors(expr):
    with pytest.raises(ConstraintSyntaxError):
        golang.parse_go_build(expr)


def test_plus_build_lines_of_many_tags():
    tree = golang.parse_plus_build([" ".join(f"t{i % 5},!u{i % 5}" for i in range(2000)), "linux"])
    assert golang.evaluate(tree, lambda name: name in ("linux", "t4"))
    assert not golang.evaluate(tree, lambda name: name in ("linux", "t4", "u4"))
    assert not golang.builds_for(tree, "darwin", "amd64")
    with pytest.raises(ConstraintSyntaxError):
        golang.parse_plus_build(["linux"] * 10001)


@pytest.mark.parametrize("bad", ["", "a b", "(a", "a)", "&& a", "a &&", "!", "()", "a || || b",
                                 "a ! b", "(a))", "a (b)", "!&& a"])
def test_malformed_expressions_still_rejected(bad):
    with pytest.raises(ConstraintSyntaxError):
        golang.parse_go_build(bad)


def test_same_answers_as_python():
    """Random expressions evaluate as Python evaluates them."""
    rnd = random.Random(7)

    def expr(depth):
        r = rnd.random()
        if depth > 5 or r < 0.3:
            return rnd.choice("abcd")
        if r < 0.45:
            return "!" * rnd.randint(1, 3) + expr(depth + 1)
        if r < 0.6:
            return "(" + expr(depth + 1) + ")"
        return expr(depth + 1) + rnd.choice([" && ", " || "]) + expr(depth + 1)

    for _ in range(400):
        text = expr(0)
        tree = golang.parse_go_build(text)
        python = text.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
        for values in itertools.product([False, True], repeat=4):
            env = dict(zip("abcd", values))
            assert golang.evaluate(tree, env.__getitem__) == eval(python, {}, env), text


DUP2 = """package lib

import "syscall"

func Redirect() error { return syscall.Dup2(1, 2) }
"""


ALL = "linux/arm64, linux/riscv64, linux/loong64"


@pytest.mark.parametrize("constraint,where", [
    pytest.param(AND_500, None, id="500-ands-amd64"),   # linux && amd64: not built for arm64
    pytest.param(" && ".join(["linux", "arm64"] * 250), "linux/arm64", id="500-ands-arm64"),
    pytest.param(PARENS_330, ALL, id="330-parens"),
    pytest.param("(" * 330 + "amd64" + ")" * 330, None, id="330-parens-amd64"),
    pytest.param(NOT_1000.replace("windows", "amd64"), None, id="1000-nots"),
    pytest.param(NOT_1001.replace("windows", "amd64"), ALL, id="1001-nots"),
    pytest.param("!" * 1001 + "(" * 330 + "arm64 || riscv64" + ")" * 330, "linux/loong64",
                 id="1001-nots-330-parens"),
    pytest.param(" && ".join(["amd64"] * 5001), ALL, id="too-large-read-as-none"),
])
def test_check_survives_absurd_constraints(tmp_path, constraint, where):
    """GP010 reports syscall.Dup2 in a file built for linux/arm64, riscv64 or
    loong64: its findings show the constraint was understood."""
    (tmp_path / "bad.go").write_text(BAD)
    (tmp_path / "dup.go").write_text(f"//go:build {constraint}\n\n" + DUP2)
    want = ["bad.go:6:2: GP002"]
    if where:
        want.append(f"dup.go:7:32: GP010 syscall.Dup2 does not exist on {where}:")
    for _ in ("cold", "warm"):           # the second run reads what the first cached
        p = run(["check", "."], tmp_path)
        assert p.returncode == 1, p.stderr
        assert p.stderr == ""
        assert [line[:len(w)] for line, w in zip(p.stdout.splitlines(), want)] == want
        assert len(p.stdout.splitlines()) == len(want)

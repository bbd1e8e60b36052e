"""Work linear in the input: every pathological shape of tests/shapes.py,
at a size that took from seconds to minutes before, completes within a
generous bound with the expected findings, or with a GP000 note saying the
file nests too deep. A guard against regressions, not a benchmark
(`bench/scaling.py` records the curve)."""
import time

import pytest

from golint_panics import registry
from golint_panics.config import select_rules
from golint_panics.rule import Settings
from golint_panics.runner import run_check
from shapes import SHAPES

RULES, _ = select_rules(registry.load_rules(), select=None)
BOUND = 20.0   # seconds; each case takes about 0.2-2 s on a 2-core machine

# shape -> (size, {code: expected count}, too deep?)
CASES = {
    "nested_func_literals": (10_000, {}, True),
    "nested_func_literals_recover": (10_000, {}, True),      # before: 69 s .. > 120 s
    "sibling_goroutines_recover": (2_000, {}, False),         # before: > 300 s
    "sibling_goroutines": (4_000, {"GP004": 4_000}, False),   # before: 10 s
    "nested_ifs": (10_000, {}, True),                          # before: 55 s
    "nested_ifs_map_write": (10_000, {}, True),
    "nested_defers_exit": (10_000, {}, True),                  # before: 47 s
    "nested_calls": (100_000, {}, True),                       # before: > 120 s
    "nested_signal_registrations": (2_000, {"GP001": 299}, True),   # before: > 120 s
    # 5 levels of syntax per goroutine: those above the 1500-level limit are reported
    "nested_goroutines": (2_000, {"GP004": 298}, True),
    "sibling_signal_registrations": (3_000, {"GP001": 3_000}, False),  # before: 101 s, 1.6 GB of JSON
    "long_binary_chain": (100_000, {}, True),
    "long_var_list": (50_000, {"GP011": 1}, False),              # before: minutes
}


@pytest.mark.parametrize("shape", sorted(CASES))
def test_shape_completes_linearly(tmp_path, shape):
    size, expected, too_deep = CASES[shape]
    (tmp_path / "p.go").write_bytes(SHAPES[shape](size))
    started = time.monotonic()
    result = run_check(["."], RULES, Settings(), jobs=1, cwd=str(tmp_path))
    took = time.monotonic() - started
    assert took < BOUND, f"{shape} at {size} took {took:.1f} s"
    assert not result.internal_errors
    counts = {}
    for f in result.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    notes = [f for f in result.findings if f.code == "GP000"]
    assert bool(notes) == too_deep, notes
    if too_deep:
        assert "nesting deeper than" in notes[0].message
    for code, n in expected.items():
        assert counts.get(code) == n, (code, counts)


def test_depth_limit_does_not_touch_real_code():
    """Real Go stays far below the limits: 200 nested goroutine literals
    (deeper than any real code) are analysed in full, walks upwards included."""
    from golint_panics.source import SourceFile
    data = SHAPES["nested_goroutines"](200)
    f = SourceFile("p.go", data)
    assert f.too_deep is None
    deepest = max(f.found("(go_statement) @node")[0], key=lambda n: n.start_byte)
    n, depth = deepest, 0
    while n is not None:
        n = f.parent(n)
        depth += 1
    assert depth > 800 and f.too_deep is None, depth


def test_many_handlers_list_ten_related_and_count_all(tmp_path):
    # 40 handlers for SIGTERM, 20 of them on one channel in one function (one
    # handler): each finding names ten others and counts every one of them
    regs = "".join(f"\tc{i} := make(chan os.Signal, 1)\n\tsignal.Notify(c{i}, syscall.SIGTERM)\n"
                   for i in range(20))
    same = "\tsame := make(chan os.Signal, 1)\n" + \
        "\tsignal.Notify(same, syscall.SIGTERM)\n" * 20
    (tmp_path / "p.go").write_text(
        'package p\n\nimport (\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\n'
        f"func f() {{\n{regs}}}\n\nfunc g() {{\n{same}}}\n\n"
        "func Start() {\n\tf()\n\tg()\n}\n")       # one root runs them all
    gp001, _ = select_rules(registry.load_rules(), select=["GP001"])
    result = run_check(["."], gp001, Settings(), jobs=1, cwd=str(tmp_path))
    assert len(result.findings) == 40
    lines = {f.location.line for f in result.findings}
    for f in result.findings:
        assert len(f.related) == 10
        assert f.location.line not in {r.line for r in f.related}
        assert {r.line for r in f.related} < lines
        in_g = f.location.line > 9 + 2 * 20
        # f's handlers race with the 19 others of f and the 20 calls of g's
        # one handler; g's calls race with f's 20, not with each other
        assert f"and {(20 if in_g else 39) - 1} more" in f.message, f.message
        if in_g:
            assert all(r.line < 9 + 2 * 20 for r in f.related)


def test_a_finding_nested_70000_levels_deep_gets_a_note(tmp_path):
    # before: findings below ~65k levels vanished without a word
    n = 70_000
    (tmp_path / "a.go").write_text('package lib\n\nimport "os"\n\nfunc F(x bool) {\n'
                                   + "if x {\n" * n + "os.Exit(1)\n" + "}\n" * n + "}\n")
    result = run_check(["."], RULES, Settings(), jobs=1, cwd=str(tmp_path))
    assert [(f.code, f.location.line) for f in result.findings] == [("GP000", 1)]
    assert "not fully analysed: nesting deeper than" in result.findings[0].message


def test_long_names_in_function_heads_take_linear_time(tmp_path):
    """A function head with a 200,000-byte parameter name (and a method's
    receiver of such a name) in a file the package's facts look a callee up
    in: the names a head may declare were read again from each byte of a
    long name (16 s at 20,000 bytes, ~25 minutes at 200,000)."""
    n = 200_000
    (tmp_path / "p.go").write_text("package p\n\nfunc f(" + "a" * n + " int) {}\n\n"
                                   "func (" + "b" * n + " *T) g() {}\n\ntype T struct{}\n")
    (tmp_path / "q.go").write_text("package p\n\nfunc run(t *T) {\n\tgo f(1)\n\tgo t.g()\n}\n")
    started = time.monotonic()
    result = run_check(["."], RULES, Settings(), jobs=1, cwd=str(tmp_path))
    took = time.monotonic() - started
    assert took < BOUND, f"took {took:.1f} s"
    assert not result.internal_errors
    assert [f.code for f in result.findings] == []

"""Settings that change what rules see, and the small pure pieces underneath."""
import pytest

from golint_panics import golang, registry
from golint_panics.config import select_rules
from golint_panics.rule import Settings
from golint_panics.runner import run_check
from golint_panics.source import SourceFile, captures

HELPERS_SRC = """package main

import (
	"fmt"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"example.com/other"
)

func Start() {
	go func() {
		defer utilruntime.HandleCrash()
		fmt.Println("work")
	}()
	go other.Loop()
}
"""


def gp004(tmp_path, settings):
    (tmp_path / "srv.go").write_text(HELPERS_SRC)
    rules, _ = select_rules(registry.load_rules(), select=["GP004"])
    result = run_check(["."], rules, settings, jobs=1, cwd=str(tmp_path))
    return [(f.location.line, f.message) for f in result.findings]


def test_recover_helper_must_be_configured(tmp_path):
    assert [line for line, _ in gp004(tmp_path, Settings())] == [10]
    helpers = frozenset({"k8s.io/apimachinery/pkg/util/runtime.HandleCrash"})
    assert gp004(tmp_path, Settings(recover_helpers=helpers)) == []


def test_strict_go_reports_unknown_bodies(tmp_path):
    helpers = frozenset({"k8s.io/apimachinery/pkg/util/runtime.HandleCrash"})
    got = gp004(tmp_path, Settings(recover_helpers=helpers, strict_go=True))
    assert [line for line, _ in got] == [14]
    assert "strict-go" in got[0][1]


@pytest.mark.parametrize("expr,goos,goarch,expected", [
    ("linux && amd64", "linux", "amd64", True),
    ("linux && amd64", "linux", "arm64", False),
    ("!windows", "linux", "riscv64", True),
    ("(darwin || linux) && !386", "linux", "loong64", True),
    ("unix", "linux", "arm64", True),
    ("unix", "windows", "amd64", False),
    ("ignore", "linux", "amd64", False),
    ("go1.18 && !purego", "linux", "arm64", True),
])
def test_go_build_expressions(expr, goos, goarch, expected):
    assert golang.builds_for(golang.parse_go_build(expr), goos, goarch) is expected


def test_plus_build_lines():
    tree = golang.parse_plus_build(["linux,amd64 darwin", "!cgo"])
    assert golang.builds_for(tree, "linux", "amd64")
    assert golang.builds_for(tree, "darwin", "arm64")
    assert not golang.builds_for(tree, "linux", "arm64")


@pytest.mark.parametrize("name,goos,goarch,expected", [
    ("dup_amd64.go", "linux", "arm64", False),
    ("dup_linux.go", "linux", "arm64", True),
    ("dup_linux_386.go", "linux", "arm64", False),
    ("dup_windows.go", "linux", "riscv64", False),
    ("dup_linux_arm64_test.go", "linux", "arm64", True),
    ("linux.go", "windows", "amd64", True),   # a bare GOOS name is not a suffix
    ("dup_unix.go", "linux", "arm64", True),  # unix is not a file-name suffix
])
def test_file_name_constraints(name, goos, goarch, expected):
    assert golang.filename_builds_for(name, goos, goarch) is expected


def test_build_ignore_file_is_standalone():
    f = SourceFile("gen.go", b"//go:build ignore\n\npackage main\n")
    assert f.build_ignore
    f = SourceFile("x.go", b"// +build ignore\n\npackage main\n")
    assert f.build_ignore
    f = SourceFile("x.go", b"//go:build linux || ignore\n\npackage main\n")
    assert not f.build_ignore


SCOPES = b"""package p

import (
	"os"
	stdlog "log"
)

func f(os int) { _ = os }

func g() {
	_ = os.Args
	if os := 1; os > 0 {
		_ = os
	}
	_ = os.Args
	os := 2
	_ = os
	for _, stdlog := range []int{} {
		_ = stdlog
	}
	_ = stdlog.Prefix
	switch os := interface{}(1).(type) {
	default:
		_ = os
	}
}
"""


def test_import_resolution_respects_shadowing():
    f = SourceFile("p.go", SCOPES)
    sels = sorted(captures("(selector_expression) @s", f.root)["s"], key=lambda n: n.start_byte)
    got = [(f.position(s.start_byte)[0], f.resolve_selector(s)) for s in sels]
    assert got == [(11, ("os", "Args")), (15, ("os", "Args")), (21, ("log", "Prefix"))]
    idents = [n for n in captures("(identifier) @i", f.root)["i"] if n.text in (b"os", b"stdlog")]
    kinds = {f.position(n.start_byte)[0]: (f.lookup(n).kind if f.lookup(n) else None)
             for n in idents if n.parent.type != "selector_expression"}
    assert kinds[8] == "param"
    assert kinds[13] == "var"
    assert kinds[17] == "var"
    assert kinds[19] == "range"
    assert kinds[24] == "alias"


LAUNCHERS_SRC = """package worker

import (
	"log"

	"github.com/acme/pool"
	"github.com/acme/safe"
	tasks "gopkg.in/acme/tasks.v2"
)

type W struct {
	p    *pool.Pool
	jobs chan string
}

func (w *W) Start(cb func(string)) {
	safe.Spawn(func() {
		for j := range w.jobs {
			cb(j)
		}
	})
	tasks.Start(func() { cb("x") })
	w.p.Run(w.loop)
	safe.Other(func() { cb("y") })
}

func (w *W) loop() {
	log.Print("loop")
	w.flush()
}

func (w *W) flush() {
	log.Fatal("flush failed")
}
"""


def test_configured_goroutine_launchers(tmp_path):
    """A configured launcher runs its first function argument on a goroutine
    of its own: GP004 looks at the literal (no `go` keyword in the file, so
    only the configuration can wake the rule) and GP002 sees the exit two
    calls below a named method run by one; "a/b.v2.F" is a path with a dot."""
    (tmp_path / "go.mod").write_text("module example.com/app\n")
    (tmp_path / "main.go").write_text(LAUNCHERS_SRC.replace("package worker", "package main"))
    rules, _ = select_rules(registry.load_rules(), select=["GP002", "GP004"])

    def found(launchers):
        result = run_check(["."], rules, Settings(goroutine_launchers=frozenset(launchers)),
                           jobs=1, cwd=str(tmp_path))
        return sorted((f.code, f.location.line) for f in result.findings)

    assert found([]) == []
    configured = ["github.com/acme/safe.Spawn", "github.com/acme/pool.Pool.Run",
                  "gopkg.in/acme/tasks.v2.Start"]
    got = found(configured)
    assert ("GP004", 17) in got and ("GP004", 22) in got and ("GP004", 24) not in got
    assert ("GP002", 33) in got
    result = run_check(["."], rules, Settings(goroutine_launchers=frozenset(configured)),
                       jobs=1, cwd=str(tmp_path), prefilter=False)
    assert sorted((f.code, f.location.line) for f in result.findings) == got


def test_gp003_one_finding_per_goroutine_and_map_with_the_other_writes_related(tmp_path):
    from test_cli import REPO
    import os
    rules, _ = select_rules(registry.load_rules(), select=["GP003"])
    fixture = os.path.join(REPO, "testdata", "GP003", "cache")
    result = run_check(["."], rules, Settings(), jobs=1, cwd=fixture)
    nested = [f for f in result.findings if "'c.items'" in f.message and f.location.line == 16]
    assert len(nested) == 1
    # the launch site, then the other writes of the map in that goroutine
    assert [r.line for r in nested[0].related] == [14, 17, 18, 20]
    assert [r.message for r in nested[0].related] == \
        ["the goroutine started here"] + ["also written here"] * 3


def test_gp003_strict_reports_writes_without_a_lock_where_others_lock():
    """Inconsistent guarding: a write under only RLock is reported by
    default; one with no lock at all, while other accesses of the field hold
    an exclusive lock, under `strict` (its callers may hold the lock)."""
    from test_cli import REPO
    import os
    rules, _ = select_rules(registry.load_rules(), select=["GP003"])
    fixture = os.path.join(REPO, "testdata", "GP003", "sessions")

    def found(settings):
        result = run_check(["."], rules, settings, jobs=1, cwd=fixture)
        return sorted((f.path, f.location.line) for f in result.findings)

    default = found(Settings())
    assert default == [("sessions.go", 32)]
    strict = found(Settings(rule_options={"GP003": {"strict": True}}))
    assert ("expire.go", 6) in strict and ("sessions.go", 71) in strict
    assert ("sessions.go", 18) not in strict and ("sessions.go", 43) not in strict


def test_a_method_declared_once_per_build_answers_the_same_in_any_load_order(tmp_path):
    """`fd.Close` declared in fd_plan9.go and in fd_unix.go: the analysis
    sees both, whichever file the prefilter parsed first (it once kept the
    last one loaded, and `--no-prefilter` gave another answer)."""
    (tmp_path / "fd_plan9.go").write_text(
        "package netx\n\ntype netFD struct{ laddr interface{ String() string } }\n\n"
        "func (fd *netFD) Close() error { _ = fd.laddr.String(); return nil }\n")
    (tmp_path / "fd_unix.go").write_text(
        "package netx\n\nfunc (fd *netFD) Close() error { return nil }\n")
    (tmp_path / "dial.go").write_text(
        "package netx\n\nfunc Dial(fd *netFD, ch chan int) {\n\tgo func() {\n\t\tfd.Close()\n"
        "\t\tch <- 1\n\t}()\n}\n")
    rules, _ = select_rules(registry.load_rules(), select=["GP004"])
    on = run_check(["."], rules, Settings(), jobs=1, cwd=str(tmp_path))
    off = run_check(["."], rules, Settings(), jobs=1, cwd=str(tmp_path), prefilter=False)
    key = lambda r: [(f.path, f.location.line, f.message) for f in r.findings]
    assert key(on) == key(off) and [(p, line) for p, line, _m in key(on)] == [("dial.go", 4)]


def test_gp003_write_below_a_goroutine_carries_the_calls_from_the_launch_as_a_code_flow():
    """Shape 1 of issue 11: the write is two calls below the `go` statement;
    the finding names the goroutine and its flow goes launch -> calls."""
    from test_cli import REPO
    import os
    rules, _ = select_rules(registry.load_rules(), select=["GP003"])
    fixture = os.path.join(REPO, "testdata", "GP003", "shapes")
    result = run_check(["."], rules, Settings(), jobs=1, cwd=fixture)
    [issues] = [f for f in result.findings if "'r.issues'" in f.message]
    assert (issues.location.path, issues.location.line) == ("scan.go", 22)
    assert [(s.line, s.message) for s in issues.flow] == [
        (35, "the goroutine started here"), (37, "calls r.check"), (27, "calls r.record")]
    # a write in the goroutine's own body needs no flow
    [digests] = [f for f in result.findings if "'b.digests'" in f.message]
    assert digests.flow == ()

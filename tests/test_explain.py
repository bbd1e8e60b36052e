"""`golint-panics explain`: crash logs back to the code and the rules.

The checkout is tests/crashes/svc. Real crashes: the suite builds its
programs with Debian's golang-1.19-go in another directory (so the paths
in the crash are another machine's, as in a pod), runs them until they
crash, wraps their stderr as `kubectl --timestamps` and Docker json-file
logs, and checks that `explain` names the right file:line and finding.
Logs in the formats of newer Go versions (1.21's `in goroutine N`, 1.23's
`gp= m=` headers and `[recovered, repanicked]`, `-trimpath` and module
cache paths), written after the documented format, are in tests/crashes/logs.
"""
import json
import os
import shutil
import subprocess

import pytest

from golint_panics import crashlog
from golint_panics.explain import Checkout, launcher_name
from test_cli import REPO, run
from test_sarif import validate

CHECKOUT = os.path.join(REPO, "tests", "crashes", "svc")
LOGS = os.path.join(REPO, "tests", "crashes", "logs")
GO = shutil.which("go") or next((p for p in ("/usr/lib/go-1.19/bin/go",) if os.path.exists(p)),
                                 None)
ERRGROUP = "/usr/share/gocode/src/golang.org/x/sync/errgroup/errgroup.go"


def explain(log_path, *extra, cwd=CHECKOUT, input=None):
    p = run(["explain", "--no-cache", *extra, log_path], cwd, input=input)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def explained(log_path, cwd=CHECKOUT):
    p = explain(log_path, "--output-format", "json", cwd=cwd)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


# --- real crashes -------------------------------------------------------------------

@pytest.fixture(scope="module")
def crashes(tmp_path_factory):
    """{program: its stderr}: built from a copy of the checkout at another
    path, errgroup vendored from Debian's golang-golang-x-sync-dev."""
    if GO is None:
        pytest.skip("go not installed (apt-get install golang-1.19-go)")
    work = tmp_path_factory.mktemp("build")
    src = work / "home" / "ci" / "work" / "svc"
    shutil.copytree(CHECKOUT, src)
    programs = ["mapwrites", "nilworker", "deadlock", "nilmap"]
    if os.path.exists(ERRGROUP):
        vendored = src / "vendor" / "golang.org" / "x" / "sync" / "errgroup"
        vendored.mkdir(parents=True)
        shutil.copy(ERRGROUP, vendored / "errgroup.go")
        (src / "vendor" / "modules.txt").write_text(
            "# golang.org/x/sync v0.1.0\n## explicit\ngolang.org/x/sync/errgroup\n")
        with open(src / "go.mod", "a") as fh:
            fh.write("\nrequire golang.org/x/sync v0.1.0\n")
        programs.append("errgroup")
    else:
        shutil.rmtree(src / "cmd" / "errgroup")
    env = dict(os.environ, GOFLAGS="-mod=vendor" if "errgroup" in programs else "-mod=mod",
               GOPROXY="off", GOCACHE=str(work / "gocache"), HOME=str(work),
               GOTRACEBACK="single")
    out = {}
    for name in programs:
        binary = work / name
        built = subprocess.run([GO, "build", "-o", str(binary), f"./cmd/{name}"], cwd=src,
                               env=env, capture_output=True, text=True, timeout=300)
        assert built.returncode == 0, built.stderr
        ran = subprocess.run([str(binary)], capture_output=True, text=True, timeout=60,
                             env=env)
        assert ran.returncode == 2, (name, ran.returncode, ran.stderr[:500])
        out[name] = ran.stderr
    return out


def _kubectl(text, restarts=1):
    lines = []
    for r in range(restarts):
        lines += [f"2026-12-06T10:{r:02d}:{i % 60:02d}.{i:09d}Z {line}"
                  for i, line in enumerate(text.splitlines())]
    return "\n".join(lines) + "\n"


def _docker(text):
    out = []
    for line in text.splitlines():
        # Docker splits long lines into records of 16 KiB; here, of 30 bytes
        while len(line) > 30:
            out.append(json.dumps({"log": line[:30], "stream": "stderr"}))
            line = line[30:]
        out.append(json.dumps({"log": line + "\n", "stream": "stderr",
                               "time": "2026-12-06T10:00:00.5Z"}))
    return "\n".join(out) + "\n"


def test_a_concurrent_map_write_points_at_the_write_and_gp003(crashes, tmp_path):
    log = tmp_path / "mapwrites.log"
    log.write_text(_kubectl(crashes["mapwrites"], restarts=3))
    [crash] = explained(str(log))
    # `c.hits[k]++` reads and writes: the runtime catches either
    assert crash["what"] in ("concurrent map writes", "concurrent map read and map write")
    assert crash["count"] == 3                      # three restarts, one crash
    inner = next(f for f in crash["frames"] if f["checkout_path"])
    assert (inner["checkout_path"], inner["line"]) == ("internal/cache/cache.go", 17)
    assert crash["started_at"]["checkout_path"] == "internal/cache/cache.go"
    assert crash["started_at"]["line"] == 15
    assert [(f["code"], f["path"], f["line"], f["why"]) for f in crash["findings"]] == [
        ("GP003", "internal/cache/cache.go", 17, "the map write of this crash")]


def test_a_nil_dereference_in_a_worker_points_at_its_go_statement(crashes, tmp_path):
    log = tmp_path / "nilworker.json.log"
    log.write_text(_docker(crashes["nilworker"]))
    [crash] = explained(str(log))
    assert crash["what"] == "nil pointer dereference"
    assert any("SIGSEGV" in d for d in crash["detail"])
    assert [(f["checkout_path"], f["line"]) for f in crash["frames"]] == [
        ("internal/worker/worker.go", 32), ("internal/worker/worker.go", 27)]
    assert [(f["code"], f["path"], f["line"]) for f in crash["findings"]] == [
        ("GP004", "internal/worker/worker.go", 17)]
    assert crash["why_not"] == []
    full = explain(str(log)).stdout
    assert "started at internal/worker/worker.go:17" in full
    assert 'fmt.Println("handling", j.Name)' in full         # the source line


def test_a_panic_in_an_errgroup_goroutine_points_at_the_go_call(crashes, tmp_path):
    if "errgroup" not in crashes:
        pytest.skip("golang-golang-x-sync-dev not installed")
    log = tmp_path / "errgroup.log"
    log.write_text(crashes["errgroup"])
    [crash] = explained(str(log))
    assert crash["what"] == "integer division by zero"
    assert (crash["frames"][0]["checkout_path"], crash["frames"][0]["line"]) == \
        ("cmd/errgroup/main.go", 18)
    # errgroup is vendored at build time, not in the checkout: said, not guessed
    assert crash["started_at"]["checkout_path"] is None
    assert "vendored" in crash["started_at"]["how"]
    assert [(f["code"], f["path"], f["line"]) for f in crash["findings"]] == [
        ("GP004", "cmd/errgroup/main.go", 17)]


def test_a_deadlock_is_explained_with_no_rule_to_blame(crashes, tmp_path):
    log = tmp_path / "deadlock.log"
    log.write_text(crashes["deadlock"])
    [crash] = explained(str(log))
    assert crash["what"] == "deadlock: all goroutines are asleep"
    assert (crash["frames"][0]["checkout_path"], crash["frames"][0]["line"]) == \
        ("cmd/deadlock/main.go", 8)
    assert crash["findings"] == []


def test_several_crashes_in_one_log_are_counted_apart(crashes, tmp_path):
    log = tmp_path / "restarts.log"
    log.write_text(_kubectl(crashes["nilworker"], 2) + _kubectl(crashes["mapwrites"], 1) +
                   _kubectl(crashes["nilworker"], 1))
    got = [(c["what"].replace("read and map write", "writes"), c["count"])
           for c in explained(str(log))]
    assert got == [("nil pointer dereference", 3), ("concurrent map writes", 1)]


def test_the_goroutine_groups_match_panicparse(crashes, tmp_path):
    if shutil.which("panicparse") is None:
        pytest.skip("panicparse not installed (apt-get install panicparse)")
    text = crashes["mapwrites"]
    [crash] = crashlog.parse(text)
    ours = sorted(len(ids) for _g, ids in crashlog.groups(crash.goroutines))
    pp = subprocess.run(["panicparse", "-aggressive", "-no-color"], input=text,
                        capture_output=True, text=True, timeout=60)
    theirs = sorted(int(line.split(":", 1)[0]) for line in pp.stdout.splitlines()
                    if line[:1].isdigit() and ": " in line)
    assert ours == theirs and sum(ours) == len(crash.goroutines)


def test_sarif_has_one_result_per_crash_with_the_stack(crashes, tmp_path, schema):
    log = tmp_path / "two.log"
    log.write_text(crashes["nilworker"] + "\n" + crashes["mapwrites"])
    p = explain(str(log), "--output-format", "sarif")
    assert p.returncode == 0
    doc = json.loads(p.stdout)
    validate(doc, schema)
    results = doc["runs"][0]["results"]
    assert len(results) == 2
    nil = results[0]
    loc = nil["locations"][0]["physicalLocation"]
    assert (loc["artifactLocation"]["uri"], loc["region"]["startLine"]) == \
        ("internal/worker/worker.go", 32)
    flow = nil["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in flow] == [27, 32]
    related = [(r["physicalLocation"]["region"]["startLine"], r["message"]["text"][:5])
               for r in nil["relatedLocations"]]
    assert related == [(17, "the g"), (17, "GP004")]


# --- logs in the formats of newer Go versions ----------------------------------------

def test_go121_trimpath_paths_map_by_module_path():
    [crash] = explained(os.path.join(LOGS, "go121-trimpath.log"))
    assert [(f["checkout_path"], f["line"]) for f in crash["frames"]] == [
        ("internal/worker/worker.go", 32), ("internal/worker/worker.go", 27)]
    assert crash["started_at"]["line"] == 17
    assert [f["code"] for f in crash["findings"]] == ["GP004"]


def test_go123_system_traceback_with_module_cache_paths():
    [crash] = explained(os.path.join(LOGS, "go123-system.log"))
    assert crash["message"] == "shard 2 failed"
    assert crash["detail"] == ["[recovered, repanicked]"]
    assert crash["goroutine"] == {"id": 34, "state": "running"}
    frames = [(f["function"], f["checkout_path"], f["how"]) for f in crash["frames"]]
    assert frames[0] == ("panic", None, "Go runtime or standard library")
    assert frames[1] == ("main.main.func1", "cmd/errgroup/main.go", "path suffix")
    assert frames[2][1] is None and frames[2][2] == "dependency golang.org/x/sync@v0.8.0"
    assert [(f["code"], f["line"]) for f in crash["findings"]] == [("GP004", 17)]
    assert [(g["count"], g["state"]) for g in crash["other_goroutines"]] == [
        (1, "semacquire"), (1, "force gc (idle)")]


def test_frames_of_another_tree_are_not_guessed():
    [crash] = explained(os.path.join(LOGS, "unmapped.log"))
    assert crash["what"] == "write to a nil map"
    # /build/tool/main.go: main.go exists in the checkout, but only under
    # cmd/*/, and "tool" is none of them
    assert [f["checkout_path"] for f in crash["frames"]] == [None, None]
    assert crash["findings"] == []
    assert any("is in this checkout: rules read only" in w for w in crash["why_not"])


def test_launcher_names_for_the_configuration():
    assert launcher_name("example.com/pool.(*Pool).Submit.func1") == "example.com/pool.Pool.Submit"
    assert launcher_name("example.com/run.Go.func2.1") == "example.com/run.Go"


def test_mapping_prefers_the_module_path_to_a_suffix(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/a\n")
    for d in ("x", "vendor/example.com/b/x"):
        (tmp_path / d).mkdir(parents=True)
        (tmp_path / d / "f.go").write_text("package x\n")
    co = Checkout([str(tmp_path)])
    own = co.locate(crashlog.Frame("example.com/a/x.F", "/src/a/x/f.go", 3))
    assert (os.path.relpath(own.path, tmp_path), own.how) == ("x/f.go", "package example.com/a/x")
    dep = co.locate(crashlog.Frame("example.com/b/x.F", "/go/pkg/mod/example.com/b@v1.0.0/x/f.go", 3))
    assert (os.path.relpath(dep.path, tmp_path), dep.how) == \
        ("vendor/example.com/b/x/f.go", "vendored example.com/b")
    gone = co.locate(crashlog.Frame("example.com/c/x.F", "/go/pkg/mod/example.com/c@v2.0.0/x/f.go", 3))
    assert (gone.path, gone.how) == (None, "dependency example.com/c@v2.0.0")


# --- what goes wrong -------------------------------------------------------------------

def test_exit_codes_no_crash_binary_and_usage(tmp_path):
    quiet = tmp_path / "quiet.log"
    quiet.write_text("2026-12-06T10:00:00Z starting\n2026-12-06T10:00:01Z listening on :8080\n")
    p = explain(str(quiet))
    assert (p.returncode, p.stdout) == (1, "")
    assert "no crash" in p.stderr
    binary = tmp_path / "core"
    binary.write_bytes(b"\x7fELF\x00\x00panic: x\n")
    p = explain(str(binary))
    assert p.returncode == 2 and "binary" in p.stderr
    p = explain(str(tmp_path / "missing.log"))
    assert p.returncode == 2 and "cannot read" in p.stderr
    p = run(["explain", "--no-cache", os.path.join(LOGS, "unmapped.log"), "no-such-dir"], CHECKOUT)
    assert p.returncode == 2 and "not a directory" in p.stderr


def test_standard_input_and_output_file(tmp_path):
    with open(os.path.join(LOGS, "go121-trimpath.log"), encoding="utf-8") as fh:
        text = fh.read()
    out = tmp_path / "report.json"
    p = run(["explain", "--no-cache", "--output-format", "json", "-o", str(out), "-"], CHECKOUT,
            input=text)
    assert (p.returncode, p.stdout) == (0, "")
    assert json.loads(out.read_text())[0]["started_at"]["line"] == 17


def test_a_fatal_error_two_threads_caught_at_once_is_one_crash():
    """Two goroutines writing the map can both reach the runtime's check:
    it prints `fatal error: concurrent map writes` twice, then one dump
    (a real output of tests/crashes/svc's mapwrites, 1 run in ~5)."""
    [crash] = explained(os.path.join(LOGS, "twice-caught.log"))
    assert (crash["what"], crash["count"]) == ("concurrent map writes", 1)
    assert [(f["code"], f["line"]) for f in crash["findings"]] == [("GP003", 17)]


def test_control_characters_of_the_log_never_reach_the_terminal(tmp_path):
    log = tmp_path / "evil.log"
    log.write_text("panic: \x1b]0;owned\x07boom\x1b[2J\n\ngoroutine 1 [running]:\n"
                   "main.main()\n\t/build/x/main.go:3 +0x1\n")
    p = explain(str(log), "--color", "always")
    assert p.returncode == 0
    assert "\x1b]0" not in p.stdout and "\x1b[2J" not in p.stdout
    assert "\\x1b]0;owned\\x07boom" in p.stdout


def test_testdata_is_never_where_a_frame_is(tmp_path):
    """The go tool builds nothing from testdata/: a unique suffix there is
    no match."""
    (tmp_path / "go.mod").write_text("module example.com/a\n")
    (tmp_path / "testdata" / "cmd" / "app").mkdir(parents=True)
    (tmp_path / "testdata" / "cmd" / "app" / "main.go").write_text("package main\n")
    place = Checkout([str(tmp_path)]).locate(
        crashlog.Frame("main.main", "/build/svc/cmd/app/main.go", 3))
    assert (place.path, place.how) == (None, "not in this checkout")


def test_a_recovered_and_repanicked_nil_map_write_points_at_gp011(crashes, tmp_path):
    log = tmp_path / "nilmap.log"
    log.write_text(crashes["nilmap"])
    [crash] = explained(str(log))
    assert crash["what"] == "write to a nil map"
    assert crash["detail"] == ["[recovered]",
                               "panic: request failed: assignment to entry in nil map"]
    assert [(f["checkout_path"], f["line"]) for f in crash["frames"] if f["checkout_path"]] == [
        ("cmd/nilmap/main.go", 10), ("cmd/nilmap/main.go", 14)]
    assert [(f["code"], f["line"], f["why"]) for f in crash["findings"]] == [
        ("GP011", 14, "at the frame main.main")]

"""Signal handlers in dependencies: the incident that crossed module boundaries."""
import os
import subprocess
import sys

import pytest

from golint_panics import deps, depsource, registry
from golint_panics.config import select_rules
from golint_panics.rule import Settings
from golint_panics.runner import run_check
from want import TESTDATA, check_fixture

DEPS = os.path.join(TESTDATA, "deps")
MODCACHE = os.path.join(DEPS, "modcache")
GP001, _ = select_rules(registry.load_rules(), select=["GP001"])


@pytest.fixture(autouse=True)
def modcache(monkeypatch):
    monkeypatch.setenv("GOMODCACHE", MODCACHE)


@pytest.mark.parametrize("case", ["svc", "nocleanup", "hup", "missing", "vendored", "chain", "gates"])
def test_dependency_fixtures(case):
    problems = check_fixture(os.path.join(DEPS, case), select="GP001")
    assert not problems, "\n".join(problems)


def gp001(case, **kw):
    return run_check(["."], GP001, Settings(), jobs=1, cwd=os.path.join(DEPS, case), **kw)


def test_findings_point_into_the_users_code_with_related_locations_in_the_dependency():
    result = gp001("svc")
    agent = next(f for f in result.findings if "agent.Listen" in f.message)
    assert agent.path == os.path.join("cmd", "shop", "main.go") and agent.location.line == 9
    via = agent.related[0]
    assert via.path.endswith(os.path.join("modcache", "github.com", "!diag!co", "agent@v1.2.0",
                                          "agent.go"))
    assert via.line == 32 and via.message == "signal.Notify in github.com/DiagCo/agent"
    assert [(r.path, r.line) for r in agent.related[1:]] == [(os.path.join("cmd", "shop", "main.go"), 13)]


def test_vendor_and_module_cache_give_the_same_answer():
    from_cache = gp001("svc")
    vendored = gp001("vendored")
    key = lambda r: [(f.path, f.location.line, f.location.column, f.message) for f in r.findings]
    assert key(from_cache) == key(vendored) and len(key(vendored)) == 2
    assert "vendor" in vendored.findings[0].related[0].path
    only_vendor = gp001("svc", deps="vendor")       # no vendor/ there: nothing followed
    assert only_vendor.findings == []


def test_deps_off_and_missing_module_note():
    assert gp001("svc", deps="off").findings == []
    result = gp001("missing")
    assert result.notes == ["dependencies not found (vendor/ or module cache), their signal "
                            "handlers are not seen: github.com/nowhere/gone@v0.0.1"]


def test_cli_note_and_option(tmp_path):
    env = dict(os.environ, GOMODCACHE=MODCACHE)
    p = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--cache-dir", str(tmp_path),
                        "--select", "GP001", "."], cwd=os.path.join(DEPS, "missing"),
                       capture_output=True, text=True, env=env)
    assert p.returncode == 1
    assert p.stderr.count("github.com/nowhere/gone@v0.0.1") == 1 and "note:" in p.stderr
    p = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--deps", "off", "--no-cache",
                        "--select", "GP001", "."], cwd=os.path.join(DEPS, "svc"),
                       capture_output=True, text=True, env=env)
    assert (p.returncode, p.stdout) == (0, "")


def test_dependency_summaries_are_cached_per_module_version(tmp_path, monkeypatch):
    from golint_panics.cache import Cache
    first = gp001("svc", cache=Cache(str(tmp_path)))
    assert os.listdir(tmp_path / "deps")
    def boom(*a, **k):
        raise AssertionError("analysed again")
    monkeypatch.setattr(depsource, "analyse_package", boom)
    again = gp001("svc", cache=Cache(str(tmp_path)))
    assert [f.message for f in again.findings] == [f.message for f in first.findings]


def test_module_path_escaping_and_gomod(tmp_path):
    assert deps.escape_module_path("github.com/DiagCo/agent") == "github.com/!diag!co/agent"
    (tmp_path / "go.mod").write_text(
        "module example.com/x // the main module\n\ngo 1.21\n\nrequire github.com/a/b v1.0.0\n"
        "require (\n\tgithub.com/C/d v0.1.0 // indirect\n)\n\n"
        "replace github.com/a/b => ./third_party/b\nreplace github.com/C/d v0.1.0 => github.com/e/f v0.2.0\n")
    mod = deps.parse_gomod(str(tmp_path))
    assert mod.path == "example.com/x"
    assert mod.requires == {"github.com/a/b": "v1.0.0", "github.com/C/d": "v0.1.0"}
    (tmp_path / "third_party" / "b" / "sub").mkdir(parents=True)
    cache = tmp_path / "cache"
    (cache / "github.com" / "e" / "f@v0.2.0" / "pkg").mkdir(parents=True)
    os.environ["GOMODCACHE"] = str(cache)
    r = deps.Resolver(mod)
    assert r.package_dir("github.com/a/b/sub")[0] == str(tmp_path / "third_party" / "b" / "sub")
    assert r.package_dir("github.com/C/d/pkg")[0] == str(cache / "github.com" / "e" / "f@v0.2.0" / "pkg")
    assert r.package_dir("fmt") is None and r.package_dir("github.com/a/bc") is None


def test_module_cache_location(monkeypatch, tmp_path):
    monkeypatch.delenv("GOMODCACHE")
    monkeypatch.setenv("GOPATH", f"{tmp_path}/gp{os.pathsep}/other")
    assert deps.module_cache_dir() == os.path.join(f"{tmp_path}/gp", "pkg", "mod")
    monkeypatch.delenv("GOPATH")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert deps.module_cache_dir() == os.path.join(str(tmp_path), "go", "pkg", "mod")


def make_diamond(root, levels):
    """A main module importing a diamond of modules `levels` deep: each level
    has two modules, each importing both modules of the next level; the
    bottom one registers a SIGTERM handler that calls os.Exit."""
    cache = root / "modcache"
    requires = []
    for level in range(levels):
        for side in "ab":
            mod = f"example.com/l{level}{side}"
            requires.append(f"\t{mod} v1.0.0")
            d = cache / "example.com" / f"l{level}{side}@v1.0.0"
            d.mkdir(parents=True)
            (d / "go.mod").write_text(f"module {mod}\n")
            if level == levels - 1:
                body = ('import (\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\n'
                        "func Run() {\n\tc := make(chan os.Signal, 1)\n"
                        "\tsignal.Notify(c, syscall.SIGTERM)\n\tgo func() { <-c; os.Exit(1) }()\n}\n")
            else:
                body = (f'import (\n\t"example.com/l{level + 1}a"\n\t"example.com/l{level + 1}b"\n)\n\n'
                        f"func Run() {{\n\tl{level + 1}a.Run()\n\tl{level + 1}b.Run()\n}}\n")
            (d / "p.go").write_text(f"package l{level}{side}\n\n{body}")
    app = root / "app"
    app.mkdir()
    (app / "go.mod").write_text("module example.com/app\n\ngo 1.19\n\nrequire (\n"
                                + "\n".join(requires) + "\n)\n")
    (app / "main.go").write_text(
        'package main\n\nimport (\n\t"os"\n\t"os/signal"\n\t"syscall"\n\n\t"example.com/l0a"\n)\n\n'
        "func main() {\n\tc := make(chan os.Signal, 1)\n\tsignal.Notify(c, syscall.SIGTERM)\n"
        "\tl0a.Run()\n\t<-c\n}\n")
    return app, cache


def test_a_diamond_of_modules_is_summarised_once_per_package(tmp_path, monkeypatch):
    """Before: 14 levels took 14.7 s, doubling with each level."""
    import time
    app, cache = make_diamond(tmp_path, 24)
    monkeypatch.setenv("GOMODCACHE", str(cache))
    calls = []
    real = depsource.analyse_package
    monkeypatch.setattr(depsource, "analyse_package",
                        lambda d, imp, lookup=None: calls.append(imp) or real(d, imp, lookup))
    started = time.monotonic()
    result = run_check(["."], GP001, Settings(), jobs=1, cwd=str(app))   # no disk cache
    assert time.monotonic() - started < 20
    assert len(calls) == len(set(calls)) == 47     # 2 per level; nothing imports l0b
    assert any("l0a.Run(...) starts a signal handler" in f.message for f in result.findings), \
        [f.message for f in result.findings]


def test_dependency_analysis_is_bounded_in_time(tmp_path, monkeypatch):
    app, cache = make_diamond(tmp_path, 8)
    monkeypatch.setenv("GOMODCACHE", str(cache))
    result = run_check(["."], GP001, Settings(), jobs=1, cwd=str(app), deps_budget=0)
    assert any("dependency analysis stopped after 0 s" in n for n in result.notes), result.notes
    # the program's own handler is still checked; the run finishes
    assert not result.internal_errors


def test_a_package_missing_from_a_present_module_is_named(tmp_path, monkeypatch):
    # Debian's copy of golang.org/x/sys has no windows/: the note names that
    # package, not the module that is there
    cache = tmp_path / "mod"
    (cache / "example.org" / "lib@v1.0.0" / "unix").mkdir(parents=True)
    (cache / "example.org" / "lib@v1.0.0" / "go.mod").write_text("module example.org/lib\n")
    (cache / "example.org" / "lib@v1.0.0" / "unix" / "u.go").write_text("package unix\n")
    monkeypatch.setenv("GOMODCACHE", str(cache))
    app = tmp_path / "app"
    app.mkdir()
    (app / "go.mod").write_text("module example.com/app\n\nrequire example.org/lib v1.0.0\n")
    (app / "main.go").write_text('package main\n\nimport (\n\t_ "example.org/lib/unix"\n'
                                 '\t_ "example.org/lib/windows"\n)\n\nfunc main() {}\n')
    # and one that a dependency imports, found again from cached summaries
    (cache / "example.org" / "lib@v1.0.0" / "unix" / "u.go").write_text(
        'package unix\n\nimport _ "example.org/lib/plan9"\n')
    from golint_panics.cache import Cache
    expected = ["dependencies not found (vendor/ or module cache), their signal handlers are "
                "not seen: example.org/lib/plan9@v1.0.0, example.org/lib/windows@v1.0.0"]
    for _ in ("cold", "warm"):
        result = run_check(["."], GP001, Settings(), jobs=1, cwd=str(app),
                           cache=Cache(str(tmp_path / "cache")))
        assert result.notes == expected


def test_a_one_file_check_sees_the_registrations_its_calls_reach_in_dependencies():
    """A file with no signal.Notify of its own still gets the findings of the
    handlers its calls start inside dependencies: the program rules run for
    it (they are skipped only for files that hold no registration and call
    no dependency)."""
    from golint_panics.runner import check_buffer
    root = os.path.join(DEPS, "svc")
    main = os.path.join(root, "cmd", "shop", "main.go")
    with open(main, "rb") as fh:
        data = fh.read()
    alone = check_buffer(main, data, GP001, Settings(), cwd=root)
    whole = gp001("svc")
    assert [(f.location.line, f.message) for f in alone.findings] == \
        [(f.location.line, f.message) for f in whole.findings]
    assert [f.location.line for f in alone.findings] == [9, 13]


def test_the_programs_of_one_module_share_its_resolver(tmp_path, monkeypatch):
    """Every program of a module resolves its imports through the module's
    go.mod: one resolver per module and run, and the same findings for each
    program."""
    import shutil
    tree = tmp_path / "svc"
    shutil.copytree(os.path.join(DEPS, "svc"), tree)
    second = tree / "cmd" / "admin"
    second.mkdir()
    shutil.copy(tree / "cmd" / "shop" / "main.go", second / "main.go")
    made = []
    real = deps.Resolver
    monkeypatch.setattr(deps, "Resolver", lambda *a, **k: made.append(1) or real(*a, **k))
    result = run_check(["."], GP001, Settings(), jobs=1, cwd=str(tree))
    assert sorted((f.path, f.location.line) for f in result.findings) == [
        (os.path.join("cmd", "admin", "main.go"), 9), (os.path.join("cmd", "admin", "main.go"), 13),
        (os.path.join("cmd", "shop", "main.go"), 9), (os.path.join("cmd", "shop", "main.go"), 13)]
    assert made == [1]

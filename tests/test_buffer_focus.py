"""A check of one file (the editor's, `--stdin-filename`, the language
server) runs the rules on that file alone, loads the rest of its package
only as the model asks, and reads only the headers of the rest of its
module: it must find there exactly what a check of the whole module finds
there, for every file of every fixture."""
import os
import re
import shutil

import pytest

from golint_panics import registry, runner
from golint_panics.config import Configs
from golint_panics.project import ModuleFinder, context_root, skip_dir
from golint_panics.rule import Context, Rule, Settings

TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")


def _package_dirs() -> list[str]:
    out = []
    for d, _dirs, files in os.walk(TESTDATA):
        if any(f.endswith(".go") for f in files):
            out.append(d)
    return sorted(out)


def _key(f):
    return (f.code, f.location.line, f.location.column, f.message, f.related, f.flow)


_whole: dict[str, dict[str, set]] = {}


def _whole_tree(directory: str) -> dict[str, set]:
    """Per file, the findings of a check of what CI checks: the package's
    module (or GOPATH repository), or the directory alone without one."""
    found = context_root(directory, ModuleFinder())
    root = found or directory
    if root not in _whole:
        rules = registry.load_rules()
        configs = Configs(rules)
        first = configs.profile_for(root)
        result = runner.run_check([root], list(first.rules), first.settings, jobs=1, cwd=root,
                                  recursive=found is not None, configs=configs)
        by_file: dict[str, set] = {}
        for f in result.findings:
            by_file.setdefault(os.path.normpath(os.path.join(root, f.path)), set()).add(_key(f))
        _whole[root] = by_file
    return _whole[root]


@pytest.mark.parametrize("directory", _package_dirs(),
                         ids=lambda d: os.path.relpath(d, TESTDATA))
def test_a_file_alone_gets_the_findings_the_whole_tree_gives_it(directory):
    by_file = _whole_tree(directory)
    root = context_root(directory, ModuleFinder()) or directory   # paths shown as CI shows them
    below = os.path.relpath(directory, root)
    if below != "." and any(skip_dir(part) for part in below.split(os.sep)):
        pytest.skip("a check of the tree does not walk into it (vendor/, _examples/)")
    configs = Configs(registry.load_rules())
    for name in sorted(n for n in os.listdir(directory) if n.endswith(".go")):
        path = os.path.join(directory, name)
        with open(path, "rb") as fh:
            data = fh.read()
        profile = configs.profile_for(path)
        alone = runner.check_buffer(path, data, list(profile.rules), profile.settings,
                                    config=profile.config, cwd=root, configs=configs)
        assert {_key(f) for f in alone.findings} == by_file.get(path, set()), name


def test_a_rule_reporting_in_another_file_must_say_so(tmp_path):
    """Reporting elsewhere without `reports_in_other_files` is a rule bug:
    a one-file check would not run it where the finding comes from."""
    from golint_panics.source import SourceFile
    a = SourceFile("a.go", b"package p\n\nfunc A() {}\n", str(tmp_path / "a.go"))
    b = SourceFile("b.go", b"package p\n\nfunc B() {}\n", str(tmp_path / "b.go"))
    sink: list = []
    quiet = Rule(code="XP0001", name="x", summary="x", docs="x")
    with pytest.raises(ValueError, match="reports_in_other_files"):
        Context(quiet, a, None, None, sink).report(b.root, "elsewhere", file=b)
    loud = Rule(code="XP0002", name="y", summary="y", docs="y", reports_in_other_files=True)
    Context(loud, a, None, None, sink).report(b.root, "elsewhere", file=b)
    assert [f.location.path for f in sink] == ["b.go"]


def test_the_other_files_of_a_one_file_check_run_only_what_may_report_in_it(tmp_path):
    """A rule that reports in other files says which of its patterns may
    (`other_files_query`): a check of one file runs only those on the
    package's other files, whose own findings it would drop."""
    from golint_panics.engine import check_package
    seen = []
    both = "(source_file) @node\n(call_expression) @node"
    rule = Rule(code="XP0004", name="w", summary="w", docs="w", query=both,
                other_files_query="(source_file) @node", reports_in_other_files=True,
                check=lambda node, ctx: seen.append((ctx.file.name, node.type)))
    a, b = tmp_path / "a.go", tmp_path / "b.go"
    a.write_text("package p\n\nfunc A() { B() }\n")
    b.write_text("package p\n\nfunc B() { println() }\n")
    sources = [(p.name, str(p), p.read_bytes()) for p in (a, b)]
    check_package(sources, [rule], Settings(), focus=frozenset({str(a)}))
    assert sorted(set(seen)) == [("a.go", "call_expression"), ("a.go", "source_file"),
                                 ("b.go", "source_file")]
    seen.clear()
    check_package(sources, [rule], Settings())           # the whole package: everything
    assert ("b.go", "call_expression") in seen
    # the root alone is matched without a walk of the other file's tree
    from golint_panics.engine import dispatcher
    d = dispatcher([rule])
    assert d._query(frozenset({"XP0004"}), other_file=True)[2] is True
    assert d._query(frozenset({"XP0004"}), other_file=False)[2] is False
    from golint_panics import records
    with pytest.raises(registry.RegistryError, match="reports_in_other_files"):
        registry.validate(records.replace(rule, reports_in_other_files=False,
                                              docs="## What it does\nx\n## Why is this bad?\n"
                                                   "x\n## Example\nx\n"), "test")


def test_a_program_rule_reports_at_a_registration_or_fails_alone(tmp_path, monkeypatch):
    """A program rule reports where one of its groups' registrations is (a
    check of a few files relies on it); one that reports elsewhere, or
    fails, is an internal error of that rule: the run goes on."""
    from golint_panics.rule import Location, ProgramContext, ProgramGroup, RegistrationSummary
    here = Location("cmd/a.go", 3, 2, 3, 9, 2, 9)
    reg = RegistrationSummary(here, "Notify", frozenset({"SIGTERM"}), "c", None, "p")
    sink: list = []
    rule = Rule(code="XP0003", name="z", summary="z", docs="z", check_program=lambda p: None)
    ProgramContext(rule, [ProgramGroup("p", [reg])], sink).report(here, "at the registration")
    assert [f.location for f in sink] == [here]
    with pytest.raises(ValueError, match="reports at a registration"):
        ProgramContext(rule, [ProgramGroup("p", [reg])], sink).report(
            Location("cmd/b.go", 1, 1, 1, 2, 1, 2), "elsewhere")

    def broken(pctx):
        raise KeyError("boom")
    (tmp_path / "go.mod").write_text("module example.com/x\n")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport (\n\t"os"\n\t"os/signal"\n)\n\n'
        'func main() {\n\tc := make(chan os.Signal, 1)\n\tsignal.Notify(c, os.Interrupt)\n}\n')
    from golint_panics import records
    rules = dict(registry.load_rules())
    bad = rules["GP001"] = records.replace(rules["GP001"], check_program=broken)
    monkeypatch.setattr(registry, "load_rules", lambda **_: rules)
    result = runner.run_check([str(tmp_path)], [bad], Settings(), jobs=1, cwd=str(tmp_path))
    assert result.internal_errors == ["GP001: internal error in its program check: KeyError: 'boom'"]


def test_a_one_file_check_runs_the_program_rules_only_where_they_can_report(tmp_path,
                                                                            monkeypatch):
    """Program rules report at registrations: a file that holds none and
    calls no dependency is checked without them (and gets what the whole
    tree gives it: test_a_file_alone_gets_the_findings_the_whole_tree_gives_it);
    one that holds one is checked with them."""
    src = os.path.join(TESTDATA, "GP001", "cli_framework")
    import shutil
    tree = tmp_path / "tool"
    shutil.copytree(src, tree)
    quiet = tree / "command" / "quiet.go"
    quiet.write_text("package command\n\nimport \"os\"\n\nfunc Args() []string { return os.Args }\n")
    calls = []
    real = runner.program_groups
    monkeypatch.setattr(runner, "program_groups",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _codes(quiet) == [] and calls == []
    assert _codes(tree / "command" / "agent" / "agent.go") == [("GP001", 19)] and calls == [1]


def test_context_packages_are_not_looked_up_when_no_program_rule_can_report(tmp_path,
                                                                          monkeypatch):
    """The program's other packages are evidence for the program rules
    only: a one-file check whose package's results all come from the cache
    and give those rules nothing to report (no registration, no call into a
    dependency) does not read the context packages' results at all, nor
    does a check of an edited buffer, once its package's analysis found no
    registration; one whose file holds a registration reads them. (A second check of each
    file: the first makes its package table from the module's headers.)"""
    from golint_panics import cache as cache_mod
    tree = tmp_path / "tool"
    shutil.copytree(os.path.join(TESTDATA, "GP001", "cli_framework"), tree)
    quiet = tree / "command" / "quiet.go"
    quiet.write_text("package command\n\nimport \"os\"\n\nfunc Args() []string { return os.Args }\n")
    cache_dir = str(tmp_path / "cache")
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(tree))
    runner.run_check([str(tree)], list(profile.rules), profile.settings, cwd=str(tree),
                     configs=configs, cache=cache_mod.Cache(cache_dir))
    read = []
    real = cache_mod.Cache.entry
    monkeypatch.setattr(cache_mod.Cache, "entry", lambda self, d: read.append(d) or real(self, d))
    evidence = {str(tree / "diag"), str(tree / "command" / "agent"), str(tree / "command" / "query")}
    for path, codes, reads in ((quiet, [], set()),
                               (tree / "command" / "agent" / "agent.go", [("GP001", 19)],
                                evidence - {str(tree / "command" / "agent")})):
        assert _codes(path, cache_dir=cache_dir) == codes   # (its package table cached)
        _new_process()
        read.clear()
        assert _codes(path, cache_dir=cache_dir) == codes
        assert evidence.intersection(read) - {str(path.parent)} == reads
        assert str(path.parent) in read          # its own results: from the cache
    # an edited buffer (its package analysed, in this one process) is no different
    quiet.write_text(quiet.read_text() + "// edited\n")
    _new_process()
    read.clear()
    assert _codes(quiet, cache_dir=cache_dir) == []
    assert not evidence.intersection(read)


WORKER = """package worker

import "log"

// Run processes jobs until the queue closes.
func Run(jobs <-chan string) {
	for j := range jobs {
		if j == "" {
			log.Fatal("empty job")
		}
	}
}
"""
MAIN = """package main

import "example.com/svc/internal/worker"

func main() {
	jobs := make(chan string)
	close(jobs)
	worker.Run(jobs)
}
"""
LIB = """package client

import "example.com/svc/internal/worker"

// Drain is called by the module's importers.
func Drain(jobs <-chan string) { worker.Run(jobs) }
"""


def _codes(path, cache_dir=None, fresh=False):
    if fresh:
        _new_process()
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(path))
    result = runner.check_buffer(str(path), path.read_bytes(), list(profile.rules),
                                 profile.settings, config=profile.config,
                                 cwd=str(path.parent), configs=configs, cache_dir=cache_dir)
    return sorted((f.code, f.location.line) for f in result.findings)


def _service(root):
    """A module whose internal worker package only its program imports;
    returns the worker's file."""
    (root / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    worker = root / "internal" / "worker" / "worker.go"
    worker.parent.mkdir(parents=True)
    worker.write_text(WORKER)
    (root / "cmd" / "svc").mkdir(parents=True)
    (root / "cmd" / "svc" / "main.go").write_text(MAIN)
    return worker


@pytest.mark.parametrize("mode", ["memo", "cache", "process"])
def test_a_file_alone_follows_its_importers_cold_warm_and_after_an_edit(tmp_path, mode):
    """Who imports the package decides its class (rules.md: application
    package): an importer added or removed elsewhere in the module changes
    the one-file check of the package, with a cold cache, a warm one, and
    in a long-lived process that keeps the module's headers."""
    worker = _service(tmp_path)
    cache_dir = str(tmp_path / ".cache") if mode != "memo" else None
    fresh = mode == "process"   # a new process for each check (the CLI): the cached table
    # only main imports it: the program's own decision to exit
    assert _codes(worker, cache_dir, fresh) == []
    assert _codes(worker, cache_dir, fresh) == []                    # warm
    # an exported package of the module imports it: its exits end importers
    lib = tmp_path / "client" / "client.go"
    lib.parent.mkdir()
    lib.write_text(LIB)
    assert _codes(worker, cache_dir, fresh) == [("GP002", 9)]
    assert _codes(worker, cache_dir, fresh) == [("GP002", 9)]        # warm
    # the importer stops importing it (same file, other bytes)
    lib.write_text("package client\n\n// Drain is gone.\n")
    assert _codes(worker, cache_dir, fresh) == []


def _new_process():
    """Forget what a process keeps between checks (a CLI run starts empty)."""
    from golint_panics import project
    project._listings.clear()
    runner._CONTEXT_HEADERS.clear()
    runner._SNAPSHOTS.clear()
    runner._STAMPED.clear()
    runner._VIEWS.clear()


def test_a_new_process_lists_only_the_directories_that_changed(tmp_path, monkeypatch):
    """The module's directory listings are kept in the cache: a new process
    stats each directory and lists only those whose mtime changed, and
    still follows an importer added or removed."""
    worker = _service(tmp_path)
    cache_dir = str(tmp_path / ".cache")
    listed = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda d=".": listed.append(str(d)) or real(d))
    _new_process()
    assert _codes(worker, cache_dir) == []
    assert str(tmp_path / "cmd" / "svc") in listed
    _new_process()
    assert _codes(worker, cache_dir) == []    # (the cache directory was new in the tree)
    _new_process()
    listed.clear()
    assert _codes(worker, cache_dir) == []
    # the checked package's own directory is read as a check reads it; the
    # rest of the module comes from the cache
    assert [d for d in listed if d != str(worker.parent)] == []
    lib = tmp_path / "client" / "client.go"
    lib.parent.mkdir()
    lib.write_text(LIB)
    _new_process()
    listed.clear()
    assert _codes(worker, cache_dir) == [("GP002", 9)]
    assert sorted(d for d in listed if d != str(worker.parent)) == \
        [str(tmp_path), str(tmp_path / "client")]
    lib.unlink()
    _new_process()
    assert _codes(worker, cache_dir) == []


def test_a_new_process_reads_the_package_table_from_the_cache(tmp_path, monkeypatch):
    """What the module's headers say about its packages (classes, importers)
    is kept in the cache for the checked files: a new process reads no
    context header while nothing changed, and reads them all again when a
    context file changed (in place) or when the cache entry is corrupt."""
    worker = _service(tmp_path)
    cache_dir = str(tmp_path / ".cache")
    read = []
    real = runner._context_header
    monkeypatch.setattr(runner, "_context_header", lambda *a: read.append(a[0]) or real(*a))
    assert _codes(worker, cache_dir, fresh=True) == []
    assert len(read) == 1                               # cmd/svc/main.go
    assert _codes(worker, cache_dir, fresh=True) == []  # (the cache directory was new)
    read.clear()
    assert _codes(worker, cache_dir, fresh=True) == []
    assert read == []
    # main.go edited in place: it imports the package no more (no program
    # imports it: a library)
    main = tmp_path / "cmd" / "svc" / "main.go"
    main.write_text("package main\n\nfunc main() {}\n")
    assert _codes(worker, cache_dir, fresh=True) == [("GP002", 9)]
    assert len(read) == 1
    read.clear()
    assert _codes(worker, cache_dir, fresh=True) == [("GP002", 9)] and read == []
    from golint_panics.cache import Cache
    cache = Cache(cache_dir)
    index = f"{tmp_path}#table"
    for selector in cache.entry(index)["tables"]:
        cache.entry(f"{index}:{selector}")["table"]["table"]["classes"] = "junk"
        cache.mark_dirty(f"{index}:{selector}")
    cache.save()
    assert _codes(worker, cache_dir, fresh=True) == [("GP002", 9)] and len(read) == 1


def test_any_file_of_a_package_reads_the_table_its_package_left(tmp_path, monkeypatch):
    """The files named come first among the checked ones: the table made
    for one file of a package (pre-commit's `check worker.go`, a buffer)
    is the table of a check of another file of it (`check pool.go`), not
    made again from the module's headers (it was, at every first check of
    another file: ~90 ms of a 270 ms check of a file of fmt)."""
    worker = _service(tmp_path)
    pool = worker.parent / "pool.go"
    pool.write_text("package worker\n\n// Size is the pool's size.\nconst Size = 4\n")
    cache_dir = str(tmp_path / ".cache")
    made = []
    real = runner.package_table
    monkeypatch.setattr(runner, "package_table", lambda *a: made.append(1) or real(*a))
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(tmp_path))

    def named(path):
        _new_process()
        result = runner.run_check([str(path)], list(profile.rules), profile.settings,
                                  jobs=1, cwd=str(tmp_path), configs=configs,
                                  cache=runner.cache_mod.Cache(cache_dir))
        return sorted((f.code, f.path, f.location.line) for f in result.findings)
    assert named(worker) == named(worker) == []
    made.clear()
    assert named(pool) == [] and made == []
    assert named(worker) == [] and made == []
    # the editor's buffers (their own working directory: their own table)
    assert _codes(worker, cache_dir, fresh=True) == [] and made == [1]
    assert _codes(pool, cache_dir, fresh=True) == [] and made == [1]
    made.clear()
    # a header that changed still makes it again
    pool.write_text("package worker\n\nimport \"os\"\n\n// Size is the pool's size.\n"
                    "var Size = os.Getpagesize()\n")
    assert named(pool) == [] and made == [1]


def test_the_cache_keeps_the_tables_of_the_latest_checked_files(tmp_path, monkeypatch):
    """Each set of checked files has its table in an entry of its own (a
    check reads only its own); the oldest beyond the last KEPT are emptied."""
    from golint_panics.cache import Cache
    monkeypatch.setattr(runner._TableSnapshot, "KEPT", 2)
    worker = _service(tmp_path)
    cache_dir = str(tmp_path / ".cache")
    main = tmp_path / "cmd" / "svc" / "main.go"
    lib = tmp_path / "client" / "client.go"
    lib.parent.mkdir()
    lib.write_text(LIB)
    for path in (worker, main, lib, worker):
        _codes(path, cache_dir, fresh=True)
    index = f"{tmp_path}#table"
    selectors = Cache(cache_dir).entry(index)["tables"]
    assert len(selectors) == 2
    cache = Cache(cache_dir)
    kept = [s for s in selectors if cache.entry(f"{index}:{s}").get("table")]
    assert kept == selectors
    _new_process()
    read = []
    real = runner._context_header
    monkeypatch.setattr(runner, "_context_header", lambda *a: read.append(a[0]) or real(*a))
    assert _codes(worker, cache_dir) == [("GP002", 9)] and read == []      # kept
    assert _codes(main, cache_dir) == [] and read != []                    # emptied
    _new_process()


def test_cached_listings_name_entries_not_paths(tmp_path):
    """A cache is data: a listing that names a path outside its directory
    is not taken."""
    from golint_panics import project
    _new_process()
    here = str(tmp_path)
    mtime = os.stat(here).st_mtime_ns
    project.adopt_listings({here: [mtime, ["..", "sub"], ["../../etc/x.go"], False, False],
                            str(tmp_path / "b"): [mtime, [], ["ok.go", "a/b.go"], False, False],
                            str(tmp_path / "c"): [mtime, ["d"], ["c.go"], False, False],
                            str(tmp_path / "e"): "junk"})
    assert set(project._listings) == {str(tmp_path / "c")}
    _new_process()


def test_a_configuration_added_beside_listed_files_is_found(tmp_path):
    """The walk tells the configurations which directories hold no
    configuration file, from their listings (kept while the directory's
    mtime holds); one added later changes the mtime, so it is read."""
    from golint_panics import project
    from golint_panics.config import Configs
    from golint_panics.registry import load_rules
    _new_process()
    sub = tmp_path / "pkg"
    sub.mkdir()
    (sub / "a.go").write_text("package pkg\n")

    def config_of_sub():
        configs = Configs(load_rules())
        seen = {}

        def names_excluded(directory, configured=True):
            seen[directory] = configured
            if not configured:
                configs.without_config(directory)
            return None
        project.context_files(str(tmp_path), lambda p: False, names_excluded, [])
        return seen[str(sub)], configs.config_for(str(sub)).root

    assert config_of_sub() == (False, None)
    saved = project.saved_listings([(str(sub), os.stat(sub).st_mtime_ns, False)])
    _new_process()
    project.adopt_listings(saved)            # a new process, the cached listing
    assert config_of_sub() == (False, None)
    (sub / ".golint-panics.toml").write_text("ignore = []\n")
    os.utime(sub, ns=(0, os.stat(sub).st_mtime_ns + 1_000_000))   # a coarse clock's mtime moves
    assert config_of_sub() == (True, str(sub))
    _new_process()


@pytest.mark.parametrize("mode", ["memo", "cache", "process"])
def test_a_long_lived_process_follows_the_modules_of_the_tree(tmp_path, mode):
    """A process that checks file after file (the language server) keeps
    what the module's headers say about its packages; a go.mod added,
    removed or edited in place changes which module a package is in, and
    so who imports it (rules.md: application package)."""
    worker = _service(tmp_path)
    cache_dir = str(tmp_path / ".cache") if mode != "memo" else None
    fresh = mode == "process"   # a new process for each check (the CLI): the cached table
    assert _codes(worker, cache_dir, fresh) == []                    # only main imports it
    # cmd/ becomes a module of its own: its import of the other module's
    # internal package names nothing of the run, the package is a library
    (tmp_path / "cmd" / "go.mod").write_text("module example.com/svc/cmd\n\ngo 1.21\n")
    assert _codes(worker, cache_dir, fresh) == [("GP002", 9)]
    (tmp_path / "cmd" / "go.mod").unlink()
    assert _codes(worker, cache_dir, fresh) == []
    # the module renamed in place (the directory's entries do not change)
    (tmp_path / "go.mod").write_text("module example.com/renamed\n\ngo 1.21\n")
    assert _codes(worker, cache_dir, fresh) == [("GP002", 9)]
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    assert _codes(worker, cache_dir, fresh) == []


def test_a_one_file_check_keeps_the_whole_tree_cache_warm(tmp_path, monkeypatch):
    """The program rules' evidence of the other packages is cached beside
    the whole tree's results, not instead of them."""
    src = os.path.join(TESTDATA, "GP001", "cli_framework")
    import shutil
    tree = tmp_path / "tool"
    shutil.copytree(src, tree)
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(tree))

    def whole():
        return runner.run_check([str(tree)], list(profile.rules), profile.settings, jobs=1,
                                cwd=str(tree), configs=configs,
                                cache=runner.cache_mod.Cache(str(tmp_path / ".cache")))
    cold = whole()
    assert cold.files_parsed > 0
    agent = tree / "command" / "agent" / "agent.go"
    # the other packages' evidence comes from the whole tree's results, and
    # their headers from its entries: the first one-file check after it
    # parses nothing, not even the buffer's header while it has the bytes
    # on disk
    profile = configs.profile_for(str(agent))
    headers = []
    real = runner.read_header
    monkeypatch.setattr(runner, "read_header", lambda data: headers.append(1) or real(data))

    def buffer(data):
        return runner.check_buffer(str(agent), data, list(profile.rules), profile.settings,
                                   config=profile.config, cwd=str(agent.parent),
                                   configs=configs, cache_dir=str(tmp_path / ".cache"))
    alone = buffer(agent.read_bytes())
    assert alone.files_parsed == 0 and [f.location.line for f in alone.findings] == [19]
    assert headers == []
    edited = buffer(agent.read_bytes() + b"\n// edited\n")
    assert [f.location.line for f in edited.findings] == [19] and headers == [1]
    first = _codes(agent, str(tmp_path / ".cache"))
    assert first == [("GP001", 19)]
    assert _codes(agent, str(tmp_path / ".cache")) == first
    warm = whole()
    assert warm.files_parsed == 0
    assert sorted((f.path, f.location.line) for f in warm.findings) == \
        sorted((f.path, f.location.line) for f in cold.findings)


def test_an_unchanged_file_reads_its_packages_cached_results(tmp_path):
    """A one-file check of a file whose bytes (and its package's) are those
    the cached results of a check of the tree were made of reads them: no
    file is parsed, and the findings are the tree's. Edited bytes, or a
    sibling changed on disk, analyse again, with the same findings here."""
    import shutil
    tree = tmp_path / "inventory"
    shutil.copytree(os.path.join(TESTDATA, "GP003", "crossfile"), tree)
    cache_dir = str(tmp_path / ".cache")
    stock = tree / "stock.go"
    expected = [(code, line) for code, path, line in _tree_check(tree, cache_dir)
                if path == "stock.go"]
    assert expected == [("GP003", 10)]
    configs = Configs(registry.load_rules())
    profile = configs.profile_for(str(tree))

    def alone(data):
        result = runner.check_buffer(str(stock), data, list(profile.rules), profile.settings,
                                     config=profile.config, cwd=str(tree), configs=configs,
                                     cache_dir=cache_dir)
        return sorted((f.code, f.location.line) for f in result.findings), result.files_parsed

    assert alone(stock.read_bytes()) == (expected, 0)
    found, parsed = alone(stock.read_bytes() + b"\n// edited\n")
    assert found == expected and parsed > 0
    pool = tree / "pool.go"
    pool.write_bytes(pool.read_bytes() + b"\n// a sibling changed on disk\n")
    found, parsed = alone(stock.read_bytes())
    assert found == expected and parsed > 0


FACT_WORKER = """package main

// Start runs the pool's workers; types.go says what the pool's fields are,
// which function recovers and which one starts goroutines.
func (p *Pool) Start(n int) {
	for i := 0; i < n; i++ {
		go p.work()
	}
	launch(func() {
		p.seen[0] = true
	})
}

func (p *Pool) work() {
	defer p.guard()
	for j := range p.jobs {
		p.seen[j] = true
	}
}
"""
FACT_TYPES = """package main

type Pool struct {
	jobs chan int
	seen SEEN
}

func (p *Pool) guard() {
	GUARD
}

func launch(f func()) { LAUNCH }

func main() {
	p := &Pool{jobs: make(chan int)}
	p.Start(4)
}
"""
#: each kind of package fact that another file holds, both ways
FACTS = {
    "SEEN": ("map[int]bool", "[]bool"),                           # a map field
    "GUARD": ("if r := recover(); r != nil {\n\t\tprintln(r)\n\t}",  # a recover helper
              "println(\"done\")"),
    "LAUNCH": ("go f()", "f()"),                                  # a launching helper
}


@pytest.mark.parametrize("cached", [False, True], ids=["memo", "cache"])
def test_a_file_alone_follows_each_kind_of_fact_in_another_file(tmp_path, monkeypatch, cached):
    """worker.go does not change; types.go declares the map field, the
    recover helper and the launching helper. Every edit of types.go changes
    what a check of worker.go alone finds, exactly as a check of the whole
    package does, with the parsed files and headers kept between checks
    (the language server) or a cache directory (the CLI)."""
    from golint_panics import source
    monkeypatch.setattr(source, "KEEP_PARSED", 100)
    worker = tmp_path / "worker.go"
    worker.write_text(FACT_WORKER)
    types = tmp_path / "types.go"
    cache_dir = str(tmp_path / ".cache") if cached else None
    seen = []
    state = {k: 0 for k in FACTS}
    for flip in [None, "SEEN", "GUARD", "LAUNCH", "SEEN", "GUARD", "LAUNCH"]:
        if flip is not None:
            state[flip] = 1 - state[flip]
        text = FACT_TYPES
        for key, choices in FACTS.items():
            text = text.replace(key, choices[state[key]])
        types.write_text(text)
        alone = _codes(worker, cache_dir)
        rules = registry.load_rules()
        configs = Configs(rules)
        profile = configs.profile_for(str(tmp_path))
        whole = runner.run_check([str(tmp_path)], list(profile.rules), profile.settings, jobs=1,
                                 cwd=str(tmp_path), configs=configs)
        assert alone == sorted((f.code, f.location.line) for f in whole.findings
                               if f.path == "worker.go"), state
        seen.append(alone)
    # every edit mattered (so the checks above compare something)
    assert seen == [
        [("GP003", 10), ("GP003", 17), ("GP004", 9)],   # a map, a recover, a launcher
        [("GP004", 9)],                                  # a slice: no map writes
        [("GP004", 7), ("GP004", 9)],                    # guard() recovers nothing
        [("GP004", 7)],                                  # launch runs f in place
        [("GP003", 17), ("GP004", 7)],                   # a map again
        [("GP003", 17)],                                 # guard() recovers again
        [("GP003", 10), ("GP003", 17), ("GP004", 9)],   # launch starts a goroutine again
    ]


@pytest.mark.parametrize("directory", _package_dirs(),
                         ids=lambda d: os.path.relpath(d, TESTDATA))
def test_a_file_named_on_the_command_line_gets_what_the_whole_tree_gives_it(directory):
    """pre-commit passes the changed files: each is checked with its package
    and its module as context, and only it is reported."""
    by_file = _whole_tree(directory)
    root = context_root(directory, ModuleFinder()) or directory
    below = os.path.relpath(directory, root)
    if below != "." and any(skip_dir(part) for part in below.split(os.sep)):
        pytest.skip("a check of the tree does not walk into it (vendor/, _examples/)")
    rules = registry.load_rules()
    configs = Configs(rules)
    names = sorted(n for n in os.listdir(directory) if n.endswith(".go"))
    for name in names:
        path = os.path.join(directory, name)
        profile = configs.profile_for(path)
        result = runner.run_check([os.path.relpath(path, root)], list(profile.rules),
                                  profile.settings, jobs=1, cwd=root, configs=configs)
        got = {_key(f) for f in result.findings}
        assert all(os.path.normpath(os.path.join(root, f.path)) == path
                   for f in result.findings), name
        assert got == by_file.get(path, set()), name


#: edits of what the model knows of a package, at one place of a buffer:
#: (what, where, the replacement of the match)
EDITS = [
    ("a lock taken no more", re.compile(rb"^[ \t]*[\w.\[\]()]+\.R?Lock\(\)[ \t]*$", re.M),
     lambda m: b""),
    ("an unlock deferred no more",
     re.compile(rb"^[ \t]*defer [\w.\[\]()]+\.R?Unlock\(\)[ \t]*$", re.M), lambda m: b""),
    ("a call made a goroutine", re.compile(rb"^(\t+)([A-Za-z_][\w.]*\([^\n]*\))[ \t]*$", re.M),
     lambda m: m.group(1) + b"go " + m.group(2)),
    ("recover() made nil", re.compile(rb"\brecover\(\)"), lambda m: b"any(nil)"),
    ("a deferred call made plain", re.compile(rb"^(\t+)defer ([^\n]*)$", re.M),
     lambda m: m.group(1) + m.group(2)),
]


def _edits(data: bytes) -> list[tuple[str, bytes]]:
    """The buffer with each edit of EDITS that applies (at its middle
    match), and what it was."""
    out = []
    for what, where, replacement in EDITS:
        found = list(where.finditer(data))
        if found:
            m = found[len(found) // 2]
            out.append((what, data[:m.start()] + replacement(m) + data[m.end():]))
    return out


def _editable_dirs() -> list[str]:
    """The fixture directories that a check of the tree walks into and whose
    files have something EDITS can edit."""
    out = []
    for directory in _package_dirs():
        root = context_root(directory, ModuleFinder()) or directory
        below = os.path.relpath(directory, root)
        if below != "." and any(skip_dir(part) for part in below.split(os.sep)):
            continue
        for name in os.listdir(directory):
            if name.endswith(".go"):
                with open(os.path.join(directory, name), "rb") as fh:
                    if _edits(fh.read()):
                        out.append(directory)
                        break
    return out


@pytest.mark.parametrize("directory", _editable_dirs(),
                         ids=lambda d: os.path.relpath(d, TESTDATA))
def test_an_edited_buffer_alone_gets_what_the_edited_tree_gives_it(directory, tmp_path):
    """The editor's case with a cache: each file of the fixture, edited where
    the model's facts live (a lock, a goroutine, a recover, a deferred
    call; each kind of edit that applies, one at a time), checked alone while
    the cache holds what a check of the unedited tree left (the package's
    results, its record of roots and calls, the module's table), finds what
    a check of the edited tree finds in it."""
    from golint_panics.cache import Cache
    root = context_root(directory, ModuleFinder())
    below = os.path.relpath(directory, root or directory)
    copy = str(tmp_path / "tree")
    shutil.copytree(root or directory, copy, symlinks=True)
    here = os.path.normpath(os.path.join(copy, below))
    cache_dir = str(tmp_path / "cache")
    configs = Configs(registry.load_rules())
    first = configs.profile_for(copy)

    def whole(cache=None):
        return runner.run_check([copy], list(first.rules), first.settings, jobs=1, cwd=copy,
                                recursive=root is not None, configs=Configs(registry.load_rules()),
                                cache=cache)
    whole(Cache(cache_dir))
    names = sorted(n for n in os.listdir(here) if n.endswith(".go"))
    edited = 0
    for name in names:
        path = os.path.join(here, name)
        with open(path, "rb") as fh:
            data = fh.read()
        for what, new in _edits(data):
            profile = configs.profile_for(path)
            alone = runner.check_buffer(path, new, list(profile.rules), profile.settings,
                                        config=profile.config, cwd=copy, configs=configs,
                                        cache_dir=cache_dir)
            with open(path, "wb") as fh:
                fh.write(new)
            try:
                want = {_key(f) for f in whole().findings
                        if os.path.normpath(os.path.join(copy, f.path)) == path}
            finally:
                with open(path, "wb") as fh:
                    fh.write(data)
            assert {_key(f) for f in alone.findings} == want, (name, what)
            edited += 1
    assert edited


@pytest.mark.parametrize("directory", _editable_dirs(),
                         ids=lambda d: os.path.relpath(d, TESTDATA))
def test_a_language_server_follows_a_run_of_edits_as_the_tree_does(directory, tmp_path,
                                                                   monkeypatch):
    """The language server's case: one process, each file of the fixture
    opened, then edited again and again where the model's facts live (each
    kind of edit of EDITS in turn, on top of the ones before), with what
    the server keeps between checks (parsed files, each function's calls,
    the module's table on trust): after each edit it finds what a fresh
    check of the tree holding that buffer finds in it."""
    from golint_panics import engine
    lsp = _long_lived(monkeypatch)
    monkeypatch.setattr(engine, "_KEPT_CALLS", {})
    root = context_root(directory, ModuleFinder())
    below = os.path.relpath(directory, root or directory)
    copy = str(tmp_path / "tree")
    shutil.copytree(root or directory, copy, symlinks=True)
    here = os.path.normpath(os.path.join(copy, below))
    configs = Configs(registry.load_rules())
    first = configs.profile_for(copy)
    linter = lsp.Linter()

    def fresh(path: str, text: str) -> set:
        """A check of the tree with the buffer saved, nothing kept."""
        with open(path, "rb") as fh:
            data = fh.read()
        kept = dict(engine._KEPT_CALLS)
        engine._KEPT_CALLS.clear()
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            found = runner.run_check([copy], list(first.rules), first.settings, jobs=1,
                                     cwd=os.path.dirname(path), recursive=root is not None,
                                     configs=Configs(registry.load_rules())).findings
        finally:
            with open(path, "wb") as fh:
                fh.write(data)
            engine._KEPT_CALLS.clear()
            engine._KEPT_CALLS.update(kept)
        return {_key(f) for f in found
                if os.path.normpath(os.path.join(os.path.dirname(path), f.path)) == path}

    edited = 0
    for name in sorted(n for n in os.listdir(here) if n.endswith(".go")):
        path = os.path.join(here, name)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        linter.lint(path, text)                       # opened
        for what, where, replacement in EDITS:
            found = list(where.finditer(text.encode()))
            if not found:
                continue
            m = found[len(found) // 2]
            data = text.encode()
            text = (data[:m.start()] + replacement(m) + data[m.end():]).decode()
            findings, error = linter.lint(path, text)
            assert error is None
            assert {_key(f) for f in findings} == fresh(path, text), (name, what)
            edited += 1
    assert edited


KEPT_A = """package svc

import "sync"

type Server struct {
	mu    sync.Mutex
	cache map[string]int
}

// Start runs four workers.
func (s *Server) Start() {
	for i := 0; i < 4; i++ {
		go s.worker()
	}
}
DECL"""
KEPT_B = """package svc

func (s *Server) worker() {
	s.update("k")
	TOUCH
}
"""
KEPT_C = """package svc

func (s *Server) update(k string) {
	LOCK
	s.cache[k]++
}
"""


def test_a_language_server_rewalks_only_what_an_edit_changed(tmp_path, monkeypatch):
    """The language server keeps, per package, the calls each function makes
    (engine._KEPT_CALLS): an edit inside function bodies re-walks only the
    edited file's functions and the calls into them; an edit of what a
    file declares re-walks everything. Each step gives what a fresh check
    of the whole package gives, and the kept calls were used where they
    could be."""
    from golint_panics import engine, source
    monkeypatch.setattr(source, "KEEP_PARSED", 100)
    monkeypatch.setattr(engine, "_KEPT_CALLS", {})
    a, b, c = tmp_path / "a.go", tmp_path / "b.go", tmp_path / "c.go"
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(tmp_path))

    def step(lock, touch, decl, kept):
        a.write_text(KEPT_A.replace("DECL", decl))
        b.write_text(KEPT_B.replace("TOUCH", touch))
        c.write_text(KEPT_C.replace("LOCK", lock))
        sources = [(p.name, str(p), p.read_bytes()) for p in sorted(tmp_path.glob("*.go"))]
        was_kept = engine._kept_calls(sources, profile.settings) is not None
        alone = {p.name: _codes(p, None) for p in (a, c)}
        saved = dict(engine._KEPT_CALLS)
        engine._KEPT_CALLS.clear()                  # the reference: nothing kept
        whole = runner.run_check([str(tmp_path)], list(profile.rules), profile.settings,
                                 jobs=1, cwd=str(tmp_path), configs=configs)
        engine._KEPT_CALLS.clear()
        engine._KEPT_CALLS.update(saved)
        assert alone == {name: sorted((f.code, f.location.line) for f in whole.findings
                                      if f.path == name) for name in alone}
        assert was_kept == kept
        return alone

    locked = "s.mu.Lock()\n\tdefer s.mu.Unlock()"
    assert step(locked, "", "", kept=False) == {"a.go": [], "c.go": []}     # the first check
    # c.go's body loses its lock: worker's call into c.go is walked again
    assert step("", "", "", kept=True) == {"a.go": [], "c.go": [("GP003", 5)]}
    assert step(locked, "", "", kept=True) == {"a.go": [], "c.go": []}
    # b.go calls a method nobody declares yet: a call with no callee
    assert step(locked, "s.touch()", "", kept=True) == {"a.go": [], "c.go": []}
    # a.go declares it: worker's calls (b.go, unchanged) must be walked again
    touch = "\nfunc (s *Server) touch() { s.cache[\"t\"] = 1 }\n"
    assert step(locked, "s.touch()", touch, kept=False) == {"a.go": [("GP003", 17)],
                                                            "c.go": []}
    assert step("", "s.touch()", touch, kept=True) == {"a.go": [], "c.go": [("GP003", 5)]}


def test_an_edit_of_a_file_no_rule_parses_keeps_the_calls_and_parses_nothing(tmp_path,
                                                                            monkeypatch):
    """A file that no rule looks at (no token of any) is not parsed by a
    check; when it is edited, the kept calls still hold while it may
    declare the same names (no lookup resolved into it, none would now),
    and it is not parsed to compare its declarations. Once it may declare
    another name, they are walked again."""
    from golint_panics import engine, source
    monkeypatch.setattr(source, "KEEP_PARSED", 100)
    monkeypatch.setattr(engine, "_KEPT_CALLS", {})
    a, b, c = tmp_path / "a.go", tmp_path / "b.go", tmp_path / "c.go"
    a.write_text(KEPT_A.replace("DECL", ""))
    b.write_text(KEPT_B.replace("TOUCH", ""))
    c.write_text(KEPT_C.replace("LOCK", ""))
    plain = tmp_path / "plain.go"
    plain.write_text("package svc\n\nfunc answer() int {\n\treturn 41\n}\n")
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(tmp_path))
    runner.run_check([str(tmp_path)], list(profile.rules), profile.settings, jobs=1,
                     cwd=str(tmp_path), configs=configs)
    parsed = []
    real = engine.parse_file
    monkeypatch.setattr(engine, "parse_file", lambda path, *rest: parsed.append(path) or
                        real(path, *rest))

    def kept_after(text):
        plain.write_text(text)
        sources = [(p.name, str(p), p.read_bytes()) for p in sorted(tmp_path.glob("*.go"))]
        return engine._kept_calls(sources, profile.settings) is not None

    assert kept_after("package svc\n\nfunc answer() int {\n\treturn 42\n}\n")
    assert "plain.go" not in parsed
    assert not kept_after("package svc\n\nfunc answer() int {\n\treturn 42\n}\n\n"
                          "func (s *Server) update(k string) {}\n")


def test_a_language_server_reads_the_declarations_of_an_unchanged_file_once(tmp_path,
                                                                             monkeypatch):
    """What a file declares follows from its bytes: a process that keeps
    parsed files collects each kept file's declarations once, and an
    edited file's again (with what it now declares)."""
    from golint_panics import facts, source
    monkeypatch.setattr(source, "KEEP_PARSED", 100)
    read = []
    real = facts._declarations
    monkeypatch.setattr(facts, "_declarations", lambda f: read.append(f.path) or real(f))
    a, c = tmp_path / "a.go", tmp_path / "c.go"
    a.write_text(KEPT_A.replace("DECL", ""))
    (tmp_path / "b.go").write_text(KEPT_B.replace("TOUCH", "s.touch()"))
    c.write_text(KEPT_C.replace("LOCK", ""))
    assert _codes(c) == [("GP003", 5)]
    assert sorted(read) == ["a.go", "b.go", "c.go"]
    read.clear()
    assert _codes(c) == [("GP003", 5)] and read == []
    touch = "\nfunc (s *Server) touch() { s.cache[\"t\"] = 1 }\n"
    a.write_text(KEPT_A.replace("DECL", touch))
    assert _codes(c) == [("GP003", 5)] and read == ["a.go"]
    read.clear()
    c.write_text(KEPT_C.replace("LOCK", "s.mu.Lock()\n\tdefer s.mu.Unlock()"))
    assert _codes(c) == [] and _codes(a) == [("GP003", 17)] and read == ["c.go"]


def _tree_check(tree, cache_dir):
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(tree))
    result = runner.run_check([str(tree)], list(profile.rules), profile.settings, jobs=1,
                              cwd=str(tree), configs=configs,
                              cache=runner.cache_mod.Cache(cache_dir))
    return sorted((f.code, f.path, f.location.line) for f in result.findings)


def test_an_unchanged_file_is_not_read_again_while_its_stamp_holds(tmp_path, monkeypatch):
    """A check records each file's stamp (mtime, ctime, size, inode) with
    its content hash; the next check takes the hash from the cache without
    reading the file while the stamp is the same. A file rewritten with
    bytes of the same size and its old mtime put back has a new ctime: it is
    read, and its new finding is reported."""
    import shutil
    tree = tmp_path / "inventory"
    shutil.copytree(os.path.join(TESTDATA, "GP003", "crossfile"), tree)
    cache_dir = str(tmp_path / ".cache")
    monkeypatch.setattr(runner.cache_mod, "RACY_NS", 0)     # no need to wait 2 s here
    first = _tree_check(tree, cache_dir)
    assert first == [("GP003", "stock.go", 10)]
    read = []
    real = runner.read_go_bytes
    monkeypatch.setattr(runner, "read_go_bytes", lambda p: read.append(p) or real(p))
    assert _tree_check(tree, cache_dir) == first and read == []
    # the write commented out: the same size, and the old mtime put back
    stock = tree / "stock.go"
    before = os.stat(stock)
    data = stock.read_bytes()
    stock.write_bytes(data.replace(b"\tr.levels[sku] = n", b"\t//levels[sku] = n"))
    os.utime(stock, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(stock)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    read.clear()
    assert _tree_check(tree, cache_dir) == []
    assert str(stock) in read


def test_a_file_changed_just_now_gets_no_stamp(tmp_path):
    """Within the racy window a file can change again without its stamp
    changing: its hash is recorded, its stamp is not (it is read next time)."""
    import shutil
    tree = tmp_path / "inventory"
    shutil.copytree(os.path.join(TESTDATA, "GP003", "crossfile"), tree)
    cache_dir = str(tmp_path / ".cache")
    _tree_check(tree, cache_dir)
    entry = runner.cache_mod.Cache(cache_dir).entry(str(tree))["files"]
    assert entry and all("sha" in v and "stamp" not in v for v in entry.values())


def test_a_check_of_the_tree_indexes_its_files_for_the_checks_of_one_file(tmp_path, monkeypatch):
    """A check of the whole tree leaves each file's header and prefilter
    answers in its module's `#context` index: the first check of one file
    afterwards (a new process, the editor's first open) reads no other file,
    also of a module nested in the tree (the standard library's cmd/), and
    still follows an edit of a file it did not read."""
    worker = _service(tmp_path)
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "go.mod").write_text("module example.com/svc/tools\n")
    (tmp_path / "tools" / "gen.go").write_text(
        'package main\n\nimport "example.com/svc/internal/worker"\n\n'
        'func main() { worker.Run(nil) }\n')
    monkeypatch.setattr(runner.cache_mod, "RACY_NS", 0)      # no need to wait 2 s here
    cache_dir = str(tmp_path / ".cache")
    assert _tree_check(tmp_path, cache_dir) == []
    records = runner.cache_mod.Cache(cache_dir).entry(f"{tmp_path}#context")["files"]
    assert str(tmp_path / "cmd" / "svc" / "main.go") in records
    assert str(tmp_path / "tools" / "gen.go") not in records     # its own module's index
    read = []
    real = runner.read_go_bytes
    monkeypatch.setattr(runner, "read_go_bytes", lambda p: read.append(p) or real(p))
    assert _codes(worker, cache_dir, fresh=True) == []
    assert read == []
    # main.go edited in place: the program imports the package no more
    main = tmp_path / "cmd" / "svc" / "main.go"
    main.write_text("package main\n\nfunc main() {}\n")
    assert _codes(worker, cache_dir, fresh=True) == [("GP002", 9)]
    assert read == [str(main)]


def test_a_process_that_checks_again_keeps_the_stamped_headers(tmp_path, monkeypatch):
    """The language server checks the same package edit after edit: a file
    whose stamp is unchanged has its header from memory, not decoded from
    the cache again."""
    import shutil
    tree = tmp_path / "inventory"
    shutil.copytree(os.path.join(TESTDATA, "GP003", "crossfile"), tree)
    cache_dir = str(tmp_path / ".cache")
    monkeypatch.setattr(runner.cache_mod, "RACY_NS", 0)
    _tree_check(tree, cache_dir)
    _new_process()
    decoded = []
    real = runner.cache_mod.header_from_json
    monkeypatch.setattr(runner.cache_mod, "header_from_json", lambda d: decoded.append(1) or real(d))
    stock = tree / "stock.go"
    assert _codes(stock, cache_dir) == [("GP003", 10)] and decoded   # pool.go from the cache
    decoded.clear()
    # (the buffer's own, looked up by its content hash: the bytes on disk)
    assert _codes(stock, cache_dir) == [("GP003", 10)] and decoded == [1]


def test_the_package_table_outlives_what_the_walk_does_not_see(tmp_path, monkeypatch):
    """The table holds while the walk finds the same directories and files:
    a directory the walk leaves out created in the module (the project's
    cache, made by the first check), or a file written beside the module
    (a report), changes nothing; a Go file added does."""
    root = tmp_path / "svc"
    root.mkdir()
    worker = _service(root)
    cache_dir = str(root / ".golint-panics-cache")
    read = []
    real = runner._context_header
    monkeypatch.setattr(runner, "_context_header", lambda *a, **k: read.append(a[0]) or real(*a, **k))
    assert _codes(worker, cache_dir, fresh=True) == [] and len(read) == 1
    read.clear()
    (tmp_path / "report.txt").write_text("written beside the module\n")
    (root / ".idea").mkdir()
    assert _codes(worker, cache_dir, fresh=True) == [] and read == []
    (root / "cmd" / "svc" / "flags.go").write_text("package main\n")
    assert _codes(worker, cache_dir, fresh=True) == [] and len(read) == 2


def test_a_context_file_rewritten_with_its_size_and_mtime_is_read_again(tmp_path, monkeypatch):
    """A context file's record holds while its stamp does (mtime, ctime,
    size, inode): bytes of the same size written with the old mtime put
    back (`cp -p`, an archive) have a new ctime, and are read again."""
    worker = _service(tmp_path)
    monkeypatch.setattr(runner.cache_mod, "RACY_NS", 0)     # records made at once
    cache_dir = str(tmp_path / ".cache")
    assert _codes(worker, cache_dir, fresh=True) == []
    main = tmp_path / "cmd" / "svc" / "main.go"
    before = os.stat(main)
    main.write_text(MAIN.replace("internal/worker\"", "internal/wxrker\""))
    os.utime(main, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (os.stat(main).st_size, os.stat(main).st_mtime_ns) == (before.st_size,
                                                                   before.st_mtime_ns)
    # nothing imports the worker now: a library that exits
    assert _codes(worker, cache_dir, fresh=True) == [("GP002", 9)]
    assert _codes(worker, cache_dir) == [("GP002", 9)]              # the process's memo too


def _long_lived(monkeypatch):
    """The language server's module, with what its Linter raises or keeps
    between checks (parsed files, summaries, scans, views) the test's own."""
    pytest.importorskip("pygls")
    from golint_panics import deps, lsp, source
    monkeypatch.setattr(source, "KEEP_PARSED", source.KEEP_PARSED)
    monkeypatch.setattr(deps, "KEEP_SUMMARIES", deps.KEEP_SUMMARIES)
    monkeypatch.setattr("golint_panics.prefilter.KEEP_SCANS", 0)
    monkeypatch.setattr("golint_panics.cache.KEEP_ENTRIES", 0)
    monkeypatch.setattr("golint_panics.cache._DECODED", {})
    monkeypatch.setattr("golint_panics.facts._INDEXES", {})
    monkeypatch.setattr(runner, "_VIEWS", {})
    return lsp


def _walks_and_stamps(monkeypatch):
    """The context trees walked and the files stat'ed by the checks to come
    (the lists are the caller's to clear)."""
    walks, stamps = [], []
    real_walk, real_stamp = runner.context_files, runner.cache_mod.file_stamp
    real_stamps = runner.cache_mod.file_stamps
    monkeypatch.setattr(runner, "context_files", lambda *a: walks.append(a[0]) or real_walk(*a))
    monkeypatch.setattr(runner.cache_mod, "file_stamp",
                        lambda p: stamps.append(os.path.basename(p)) or real_stamp(p))
    monkeypatch.setattr(runner.cache_mod, "file_stamps",
                        lambda ps: stamps.extend(os.path.basename(p) for p in ps)
                        or real_stamps(ps))
    return walks, stamps


def test_a_language_server_trusts_the_module_it_saw_and_verifies_it_after(tmp_path,
                                                                          monkeypatch):
    """The language server takes the rest of the module as the last check of
    the package saw it (no walk, no stat of its files) and verifies it once
    the diagnostics are out (Linter.verify): a change on disk made in
    between is missed by the trusted check, found by the verification, and
    the next check gives what a new process gives."""
    lsp = _long_lived(monkeypatch)
    worker = _service(tmp_path)
    text = worker.read_text()
    linter = lsp.Linter()
    walks, stamps = _walks_and_stamps(monkeypatch)

    def lint():
        walks.clear()
        stamps.clear()
        findings, error = linter.lint(str(worker), text)
        assert error is None
        return sorted((f.code, f.location.line) for f in findings)

    assert lint() == [] and not linter.trusted and walks and "main.go" in stamps
    assert lint() == [] and linter.trusted and walks == [] and stamps == []
    assert linter.verify(str(worker), text) is False and walks and "main.go" in stamps
    main = tmp_path / "cmd" / "svc" / "main.go"
    main.write_text(MAIN.replace("internal/worker\"", "internal/wxrker\""))
    # nothing imports the worker now (a library that exits): not seen on trust
    assert lint() == [] and linter.trusted
    assert linter.verify(str(worker), text) is True
    assert lint() == [("GP002", 9)] == _codes(worker, fresh=True)
    assert linter.trusted and linter.verify(str(worker), text) is False
    # without trust (the CLI, pre-commit), every check walks and stats
    findings, _ = linter.lint(str(worker), text, trust_context=False)
    assert not linter.trusted and walks and "main.go" in stamps


def test_a_language_server_reads_a_cache_entry_again_only_when_its_file_changed(
        tmp_path, monkeypatch):
    """The language server keeps the cache entries it decoded (or wrote)
    with their file's stamp: a check reads none of them again while the
    files are unchanged, and one another process rewrote is read again.
    Here the other process empties the package's results: the next check
    of the unchanged file analyses its package again rather than take the
    results the server decoded before."""
    from golint_panics import cache as cache_mod
    from golint_panics.cache import CACHE_DIR_NAME
    lsp = _long_lived(monkeypatch)
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    (tmp_path / "work.go").write_text("package main\n\nfunc work(jobs chan int) {\n"
                                      "\tfor j := range jobs {\n\t\t_ = 10 / j\n\t}\n}\n")
    main = tmp_path / "main.go"
    text = "package main\n\nfunc main() {\n\tjobs := make(chan int)\n\tgo work(jobs)\n" \
        "\tjobs <- 0\n}\n"
    main.write_text(text)
    project_cache = str(tmp_path / CACHE_DIR_NAME)
    whole = _tree_check(tmp_path, project_cache)
    linter = lsp.Linter()
    reads: list = []
    real = cache_mod.read_entry_file
    monkeypatch.setattr(cache_mod, "read_entry_file", lambda p: reads.append(p) or real(p))

    def lint():
        reads.clear()
        findings, error = linter.lint(str(main), text)
        assert error is None and linter.save() == []
        return [(f.code, f.location.line) for f in findings], linter.parsed

    assert whole == [("GP004", "main.go", 5)]
    assert lint() == ([("GP004", 5)], 0) and reads   # the package's results, from the cache
    assert lint() == ([("GP004", 5)], 0) and reads == []     # nothing decoded again
    monkeypatch.setattr(cache_mod, "KEEP_ENTRIES", 0)   # another process, which keeps nothing
    other = cache_mod.Cache(project_cache)
    other.entry(str(tmp_path))["results"] = {}
    other.mark_dirty(str(tmp_path))
    assert other.save() == []
    monkeypatch.setattr(cache_mod, "KEEP_ENTRIES", lsp.KEEP_ENTRIES)
    found, parsed = lint()
    assert found == [("GP004", 5)] and parsed > 0 and reads
    reads.clear()


def test_a_language_server_sees_what_changed_files_declare_and_generate(tmp_path, monkeypatch):
    """The language server keeps, with each file's bytes, what the files of
    the package may declare and whether they are generated: an edit of
    the buffer leaves the other files' answers standing, and a file changed
    on disk gets new ones. work.go declares the method the workers run
    only from its second version (the root then reaches the buffer's map
    write); jobs.go, generated in its third, starts no root any more."""
    lsp = _long_lived(monkeypatch)
    work = SHIP_WORK.replace("TAIL", "").replace("s.recompute(id)", "s.count(id)")
    tree = _shipping(tmp_path, work=work.replace("work()", "idle()"))
    buffer = SHIP_QUOTES + "\nfunc (s *Service) count(id string) {\n\ts.quotes[id]++\n}\n"
    quotes = tree / "quotes.go"
    linter = lsp.Linter()

    def lint(text):
        findings, error = linter.lint(str(quotes), text, trust_context=False)
        assert error is None
        return sorted((f.code, f.location.line) for f in findings)

    assert lint(buffer) == [] == lint(buffer + "// typing\n")
    (tree / "work.go").write_text(work)
    assert lint(buffer + "// typing\n") == [("GP003", 8)]
    (tree / "jobs.go").write_text("// Code generated by shipgen. DO NOT EDIT.\n\n" + SHIP_JOBS)
    assert lint(buffer + "// typing\n") == []


def test_a_language_servers_first_open_takes_the_cached_table_on_trust(tmp_path, monkeypatch):
    """A new language server has seen nothing of the module: its first check
    of a package takes the table the project's cache holds for it (made by
    an earlier check of the same files) on trust, walking and stat'ing
    nothing, and verifies the context it was made from after publishing."""
    lsp = _long_lived(monkeypatch)
    worker = _service(tmp_path)
    text = worker.read_text()
    walks, stamps = _walks_and_stamps(monkeypatch)

    def first_open():
        _new_process()
        linter = lsp.Linter()
        walks.clear()
        stamps.clear()
        findings, error = linter.lint(str(worker), text)
        assert error is None and linter.save() == []
        return linter, sorted((f.code, f.location.line) for f in findings)

    linter, found = first_open()            # no table cached yet: the module is walked
    assert found == [] and not linter.trusted and walks
    linter, found = first_open()
    assert found == [] and linter.trusted and walks == [] and stamps == []
    assert linter.verify(str(worker), text) is False and walks and "main.go" in stamps
    main = tmp_path / "cmd" / "svc" / "main.go"
    main.write_text(MAIN.replace("internal/worker\"", "internal/wxrker\""))
    linter, found = first_open()            # taken on trust: as the table saw it
    assert found == [] and linter.trusted
    assert linter.verify(str(worker), text) is True
    assert sorted((f.code, f.location.line) for f in linter.lint(str(worker), text)[0]) == \
        [("GP002", 9)] == _codes(worker, fresh=True)


def test_a_language_server_keeps_the_configurations_it_found_and_verifies_them(tmp_path,
                                                                               monkeypatch):
    """The configurations found for a check are kept for the next ones
    (no look-up in every directory of the module) and verified with the
    context after publishing: a configuration written meanwhile is seen by
    the verification, and the next check follows it."""
    from golint_panics import config
    lsp = _long_lived(monkeypatch)
    worker = _service(tmp_path)
    (tmp_path / "cmd" / "svc" / "main.go").write_text("package main\n\nfunc main() {}\n")
    text = worker.read_text()
    linter = lsp.Linter()
    looked = []
    real = config._config_in
    monkeypatch.setattr(config, "_config_in", lambda d: looked.append(d) or real(d))

    def lint():
        looked.clear()
        findings, error = linter.lint(str(worker), text)
        assert error is None
        return sorted((f.code, f.location.line) for f in findings)

    assert lint() == [("GP002", 9)] and looked
    assert lint() == [("GP002", 9)] and linter.trusted and looked == []
    assert linter.verify(str(worker), text) is False
    (tmp_path / config.CONFIG_FILE).write_text('ignore = ["GP002"]\n')
    assert lint() == [("GP002", 9)] and looked == []      # taken on trust
    assert linter.verify(str(worker), text) is True
    assert lint() == [] == _codes(worker, fresh=True)
    # the configuration edited in place (its directory's listing unchanged)
    (tmp_path / config.CONFIG_FILE).write_text('ignore = ["GP004"]\n')
    assert linter.verify(str(worker), text) is True
    assert lint() == [("GP002", 9)]


def test_a_language_server_reads_an_unchanged_sibling_once(tmp_path, monkeypatch):
    """A check of a buffer reads the other files of its package again only
    when their stamp changed (a file rewritten with its size and mtime put
    back has a new ctime), and gives what a new process gives."""
    import shutil
    lsp = _long_lived(monkeypatch)
    monkeypatch.setattr(runner, "_READ", {})
    monkeypatch.setattr(runner.cache_mod, "RACY_NS", 0)
    tree = tmp_path / "inventory"
    shutil.copytree(os.path.join(TESTDATA, "GP003", "crossfile"), tree)
    stock, pool = tree / "stock.go", tree / "pool.go"
    text = stock.read_text()
    read = []
    real = runner.read_go_bytes
    monkeypatch.setattr(runner, "read_go_bytes", lambda p: read.append(os.path.basename(p)) or
                        real(p))
    linter = lsp.Linter()

    def lint():
        read.clear()
        findings, error = linter.lint(str(stock), text)
        assert error is None
        return sorted((f.code, f.location.line) for f in findings)

    assert lint() == [("GP003", 10)]
    assert lint() == [("GP003", 10)] and "pool.go" not in read
    before = os.stat(pool)
    pool.write_text(pool.read_text().replace("\t\tgo func() {", "\t\t   func() {"))
    os.utime(pool, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(pool).st_size == before.st_size
    assert lint() == [] == _codes(stock, fresh=True) and "pool.go" in read


def test_an_edit_keeps_the_calls_of_the_functions_it_did_not_touch(tmp_path, monkeypatch):
    """The calls a function of the edited file makes, kept from the check
    before, are moved onto the new tree when the edit left the function
    (and its doc comment) alone: the same findings, related locations and
    flows as a check that keeps nothing, whatever the edit."""
    from golint_panics import engine, source
    monkeypatch.setattr(source, "KEEP_PARSED", 100)
    monkeypatch.setattr(source, "_kept", {})
    monkeypatch.setattr(engine, "_KEPT_CALLS", {})
    shutil.copytree(os.path.join(TESTDATA, "GP003", "shapes"), tmp_path / "shapes")
    (tmp_path / "go.mod").write_text("module example.com/svc\n")
    scan = tmp_path / "shapes" / "scan.go"
    original = scan.read_text()
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(tmp_path))

    def check(text):
        result = runner.check_buffer(str(scan), text.encode(), list(profile.rules),
                                     profile.settings, cwd=str(tmp_path), configs=configs)
        return result.findings, result.files_parsed

    def kept_in_scan(text):
        sources = [(p.name, str(p), text.encode() if p == scan else p.read_bytes())
                   for p in sorted(scan.parent.glob("*.go"))]
        kept = engine._kept_calls(sources, profile.settings) or {}
        return sorted(start for abspath, start in kept if abspath == str(scan))

    def fresh(text):
        saved_calls, saved_kept = dict(engine._KEPT_CALLS), dict(source._kept)
        engine._KEPT_CALLS.clear()
        source._kept.clear()
        try:
            return check(text)
        finally:
            engine._KEPT_CALLS.clear()
            engine._KEPT_CALLS.update(saved_calls)
            source._kept.clear()
            source._kept.update(saved_kept)

    first, _parsed = check(original)
    assert [f.location.line for f in first if f.path.endswith("scan.go") and f.flow]

    def doc(text):      # check gets a doc comment
        at = text.index("func (r *Report) check")
        return text[:at] + "// check looks at one file.\n" + text[at:]

    edits = [
        lambda text: text + "\n// edited\n",                          # nothing moves
        lambda text: text.replace("import (", "\nimport (", 1),        # all moves down
        doc,
        # the doc now says the caller holds the lock, the function is not
        # edited: the lock state at its calls reads the doc, they are found
        # again, and the write two calls below the `go` statement is quiet
        lambda text: text.replace("one file.", "one file; the caller holds mu.", 1),
        # inside one function: the other functions' calls are kept
        lambda text: text.replace("r.issues[sev]++", "r.issues[sev]++\n\t_ = sev", 1),
    ]
    text, counts = original, []
    for edit in edits:
        text = edit(text)
        assert kept_in_scan(text), "the calls of the functions the edit left alone are kept"
        got = check(text)
        assert got == fresh(text)       # the findings, and the files the rules saw
        counts.append(len(got[0]))
    assert counts == [len(first)] * 3 + [len(first) - 1] * 2


def test_a_kept_call_loads_what_its_resolution_loaded(tmp_path, monkeypatch):
    """A call kept from the check before stands for a resolution that
    loaded files into the package's facts (the callee's, its receiver's
    type's): they are loaded again, so the rules see the same files as
    without it (before: types.go was left unparsed, and whether the edited
    file got its GP000 note depended on which rule loaded it first)."""
    from golint_panics import engine, source
    monkeypatch.setattr(source, "KEEP_PARSED", 100)
    monkeypatch.setattr(source, "_kept", {})
    monkeypatch.setattr(engine, "_KEPT_CALLS", {})
    (tmp_path / "go.mod").write_text("module example.com/svc\n")
    (tmp_path / "types.go").write_text(
        "package svc\n\ntype Queue []int\n\nfunc (q Queue) Len() int { return len(q) }\n")
    (tmp_path / "run.go").write_text(
        'package svc\n\nimport "sync"\n\ntype Server struct {\n\tmu   sync.Mutex\n'
        '\tseen map[string]bool\n\tq    Queue\n}\n\nfunc (s *Server) Start() {\n'
        '\tfor i := 0; i < 3; i++ {\n\t\tgo s.loop()\n\t}\n}\n\n'
        'func (s *Server) loop() {\n\t_ = s.q.Len()\n\ts.seen["x"] = true\n}\n')
    edited = tmp_path / "edit.go"
    edited.write_text("package svc\n\nfunc helper() {}\n")
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(tmp_path))

    def check(text):
        return runner.check_buffer(str(edited), text.encode(), list(profile.rules),
                                   profile.settings, cwd=str(tmp_path), configs=configs)

    text = edited.read_text()
    check(text)
    for i in range(2):
        text += f"// edit {i}\n"
        got = check(text)
        saved_calls, saved_kept = dict(engine._KEPT_CALLS), dict(source._kept)
        engine._KEPT_CALLS.clear()
        source._kept.clear()
        try:
            want = check(text)
        finally:
            engine._KEPT_CALLS.clear()
            engine._KEPT_CALLS.update(saved_calls)
            source._kept.clear()
            source._kept.update(saved_kept)
        assert (got.findings, got.files_parsed) == (want.findings, want.files_parsed)


def test_a_file_loaded_for_facts_gets_its_gp000_note_whatever_loaded_it(tmp_path):
    """A file parsed only for the package's facts gets its GP000 note,
    whether it was loaded before a rule that spreads by package tokens
    looked at the package's files or after (before: loaded first, it was
    counted as checked by that rule although the rule did not run on it,
    and lost its note)."""
    (tmp_path / "go.mod").write_text("module example.com/svc\n")
    # broken.go: no token of any rule; a syntax error; it declares Len
    (tmp_path / "broken.go").write_text(
        "package svc\n\ntype Queue []int\n\nfunc (q Queue) Len() int { return len(q) }\n\n"
        "func (q Queue) odd() int { return ) }\n")
    # run.go: a root whose call of s.q.Len() loads broken.go (GP003's reach),
    # and a nil map that GP011 spreads its tokens for
    (tmp_path / "run.go").write_text(
        'package svc\n\ntype Server struct {\n\tseen map[string]bool\n\tq    Queue\n}\n\n'
        'var registry map[string]int\n\n'
        'func (s *Server) Start() {\n\tfor i := 0; i < 3; i++ {\n\t\tgo s.loop()\n\t}\n}\n\n'
        'func (s *Server) loop() {\n\t_ = s.q.Len()\n\ts.seen["x"] = true\n}\n')
    rules = registry.load_rules()
    configs = Configs(rules)
    profile = configs.profile_for(str(tmp_path))
    result = runner.run_check([str(tmp_path)], list(profile.rules), profile.settings, jobs=1,
                              cwd=str(tmp_path), configs=configs)
    notes = [f for f in result.findings if f.code == "GP000"]
    assert [f.path for f in notes] == ["broken.go"], [(f.code, f.path) for f in result.findings]


def _edited(path, data: str, cache: str | None):
    """A new process's check of the buffer `data` of the file `path`, with
    the cache directory `cache` (None: no cache): its findings, as (code,
    line, related, flow), and the number of files it parsed."""
    _new_process()
    configs = Configs(registry.load_rules())
    profile = configs.profile_for(str(path.parent))
    result = runner.check_buffer(str(path), data.encode(), list(profile.rules), profile.settings,
                                 config=profile.config, cwd=str(path.parent), configs=configs,
                                 cache_dir=cache)
    return sorted((f.code, f.location.line, f.related, f.flow)
                  for f in result.findings), result.files_parsed


SHIP_TYPES = """package shipping

import "sync"

// Service recomputes the shipping quotes of the orders it is given.
type Service struct {
	queue  chan string
	mu     sync.Mutex
	quotes map[string]int
	labels map[string]string
}

// New returns a service with its maps made.
func New() *Service {
	return &Service{queue: make(chan string), quotes: map[string]int{},
		labels: map[string]string{}}
}
"""
SHIP_JOBS = """package shipping

// Run starts n workers and the sweeper.
func (s *Service) Run(n int) {
	for i := 0; i < n; i++ {
		go s.work()
	}
	spawn(s.sweep)
}
"""
SHIP_WORK = """package shipping

func (s *Service) work() {
	for id := range s.queue {
		s.recompute(id)
		s.flush(id)
		TAIL
	}
}

func (s *Service) sweep() {
	for id := range s.queue {
		s.note(id)
	}
}
"""
SHIP_QUOTES = """package shipping

func (s *Service) recompute(id string) {
	s.quotes[id] = len(id) * 3
}
"""
SHIP_LABELS = """package shipping

// Label sets an order's label.
func (s *Service) Label(id, l string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.labels[id] = l
}

func (s *Service) note(id string) {
	s.labels[id] = "seen"
}

func spawn(f func()) {
	f()
}
"""


def _shipping(tmp_path, **texts):
    """The shipping package in tmp_path/shipping (a file's text replaced by
    `texts`, by its name without .go); returns its directory."""
    tree = tmp_path / "shipping"
    tree.mkdir()
    files = {"types": SHIP_TYPES, "jobs": SHIP_JOBS, "work": SHIP_WORK.replace("TAIL", ""),
             "quotes": SHIP_QUOTES, "labels": SHIP_LABELS}
    files.update(texts)
    for name, text in files.items():
        (tree / f"{name}.go").write_text(text)
    return tree


def test_a_buffer_check_leaves_out_the_roots_that_cannot_reach_it(tmp_path):
    """A check of an edited buffer reads from the cache which roots of the
    package reached which files at its last whole check: a root that
    reached none of the buffer's package files is not walked again while
    every other file has its bytes and the buffer its declarations (its
    outline). Each way the buffer can come within a root's reach is
    followed: an edit inside a function (no root reaches it: fewer files
    parsed, the same findings), a new declaration a root calls, a sibling
    changed on disk since, and a new root (the buffer's helper starts
    goroutines now). Each gives what a check with no cache gives, and the
    finding each way is named."""
    tree = _shipping(tmp_path)
    labels = tree / "labels.go"
    cache_dir = str(tmp_path / ".cache")

    def both(data: str):
        """(findings as (code, line), parsed) with the cache of the last
        whole check, and with no cache; the findings must agree."""
        kept, fresh = _edited(labels, data, cache_dir), _edited(labels, data, None)
        assert kept[0] == fresh[0]
        return [(code, line) for code, line, _r, _f in kept[0]], kept[1], fresh[1]

    assert ("GP003", "quotes.go", 4) in _tree_check(tree, cache_dir)
    # an edit inside a function: the workers' root reached work.go and
    # quotes.go, not labels.go; it is left out and they are not parsed
    unlocked = SHIP_LABELS.replace("\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n", "")
    found, kept, fresh = both(unlocked)
    assert found == [] and kept < fresh
    # a method the workers call, declared now: the outline changed, every root is walked
    flush = SHIP_LABELS + "\nfunc (s *Service) flush(id string) {\n\tdelete(s.labels, id)\n}\n"
    found, kept, fresh = both(flush)
    assert found == [("GP003", 19)] and kept == fresh
    # a sibling changed on disk since the whole check: the record does not hold
    (tree / "work.go").write_text(SHIP_WORK.replace("TAIL", "s.note(id)"))
    found, kept, fresh = both(unlocked)
    assert found == [("GP003", 9)] and kept == fresh
    # a new root: spawn starts its function on a goroutine now, and the
    # sweeper it starts in jobs.go writes labels through note
    (tree / "work.go").write_text(SHIP_WORK.replace("TAIL", ""))
    assert ("GP003", "quotes.go", 4) in _tree_check(tree, cache_dir)
    found, kept, fresh = both(SHIP_LABELS.replace("\tf()\n", "\tgo f()\n"))
    assert ("GP003", 11) in found


def test_a_buffer_check_reads_what_the_other_files_declare_from_the_record(tmp_path,
                                                                         monkeypatch):
    """Which files may declare a name the walks look up (a method, a type)
    is read from each file's code, comments and literals blanked: with the
    record of the last whole check, the other files' names come from it
    (they have its bytes), and only the buffer's code is searched; without
    it, every file's is. The findings agree."""
    from golint_panics import facts
    tree = _shipping(tmp_path)
    cache_dir = str(tmp_path / ".cache")
    assert ("GP003", "quotes.go", 4) in _tree_check(tree, cache_dir)
    searched: set = set()
    real = facts._declared_names

    def spy(keyword, data):
        if data not in facts._declared_cache.get(keyword, {}):
            searched.add(data)
        return real(keyword, data)
    monkeypatch.setattr(facts, "_declared_names", spy)
    quotes = tree / "quotes.go"
    edited = SHIP_QUOTES.replace("func (s", "// recompute prices an order again.\nfunc (s")

    def check(cache):
        facts._declared_cache.clear()
        searched.clear()
        found = [(code, line) for code, line, _r, _f in _edited(quotes, edited, cache)[0]]
        return found, {d for d in searched if d != edited.encode()}

    kept, fresh = check(cache_dir), check(None)
    assert kept[0] == fresh[0] == [("GP003", 5)]
    assert kept[1] == set() and len(fresh[1]) >= 3   # the others' code: only without the record
    facts._declared_cache.clear()


def test_a_buffer_check_reads_which_rules_the_other_files_may_match_from_the_record(
        tmp_path, monkeypatch):
    """Which rules' tokens a file may match (the prefilter, which decides
    what is parsed) is read from its words: with the record of the last
    whole check, the other files' answers come from it, and only the
    buffer is read for them; without it, every file is. The findings
    agree."""
    from golint_panics import engine
    tree = _shipping(tmp_path)
    cache_dir = str(tmp_path / ".cache")
    assert ("GP003", "quotes.go", 4) in _tree_check(tree, cache_dir)
    asked: list = []
    real = engine.active_rules
    monkeypatch.setattr(engine, "active_rules",
                        lambda rules, path, *a: asked.append(os.path.basename(path))
                        or real(rules, path, *a))
    quotes = tree / "quotes.go"
    edited = SHIP_QUOTES.replace("func (s", "// recompute prices an order again.\nfunc (s")

    def check(cache):
        asked.clear()
        found = [(code, line) for code, line, _r, _f in _edited(quotes, edited, cache)[0]]
        return found, sorted(asked)

    kept, fresh = check(cache_dir), check(None)
    assert kept[0] == fresh[0] == [("GP003", 5)]
    assert kept[1] == ["quotes.go"] and len(fresh[1]) == 5


def test_a_buffer_whose_declarations_changed_brings_back_every_root(tmp_path):
    """books.go was read by the workers' walk (the type of `b.sink`) but
    none of its functions was reached: after an edit that declares the same
    names, but gives the field another type, the walk reaches its journal
    instead, and the buffer check finds the write there as a check with no
    cache does."""
    tree = tmp_path / "ledger"
    tree.mkdir()
    (tree / "run.go").write_text(
        "package ledger\n\n// Start counts each key on its own goroutine.\n"
        "func (b *Books) Start(keys []string) {\n\tfor _, k := range keys {\n"
        "\t\tgo b.count(k)\n\t}\n}\n\nfunc (b *Books) count(k string) {\n\tb.sink.add(k)\n}\n")
    (tree / "memo.go").write_text(
        "package ledger\n\ntype memo struct{ hits map[string]int }\n\n"
        "func (m *memo) add(k string) {\n\tm.hits[k]++\n}\n")
    books = ("package ledger\n\n// Books keeps the counts of the keys it is given.\n"
             "type Books struct {\n\tsink *memo\n}\n\n"
             "type journal struct{ lines map[string]int }\n\n"
             "func (j *journal) add(k string) {\n\tj.lines[k]++\n}\n")
    (tree / "books.go").write_text(books)
    cache_dir = str(tmp_path / ".cache")
    assert ("GP003", "memo.go", 6) in _tree_check(tree, cache_dir)

    def alone(data: str, cache: str | None):
        return [(code, line) for code, line, _r, _f in _edited(tree / "books.go", data, cache)[0]]

    edited = books.replace("sink *memo", "sink *journal")
    assert alone(edited, cache_dir) == alone(edited, None) == [("GP003", 11)]
    assert alone(books, cache_dir) == alone(books, None) == []


BILLING = {
    "types.go": """package billing

import "sync"

// Ledger sums the charges of the accounts it is given.
type Ledger struct {
	mu      sync.Mutex
	totals  map[string]int
	audit   map[string]string
	charges chan charge
}

type charge struct {
	account string
	cents   int
}
""",
    "run.go": """package billing

// Run starts n workers.
func (l *Ledger) Run(n int) {
	for i := 0; i < n; i++ {
		go l.work()
	}
}
""",
    "work.go": """package billing

func (l *Ledger) work() {
	for c := range l.charges {
		if !l.validate(c) {
			continue
		}
		l.trail(c)
		l.book(c)
	}
}
""",
    "validate.go": """package billing

func (l *Ledger) validate(c charge) bool {
	var digits [10]int
	for _, r := range c.account {
		if r >= '0' && r <= '9' {
			digits[r-'0']++
		}
	}
	return c.cents > 0 && digits[0] < len(c.account)
}
""",
    "trail.go": """package billing

func (l *Ledger) trail(c charge) {
	l.totals["last"] = c.cents
}
""",
    "book.go": """package billing

// cents rounds a charge to whole cents.
func cents(c charge) int {
	return c.cents
}

// book adds the charge to its account's total and notes it.
func (l *Ledger) book(c charge) {
	if !l.validate(c) {
		return
	}
	l.totals[c.account] += cents(c)
	l.note(c)
}

func (l *Ledger) note(c charge) {
	l.audit[c.account] = "booked"
}
""",
}


def test_a_buffer_check_reads_the_calls_of_unchanged_files_from_the_record(tmp_path):
    """The workers' walk reaches the edited book.go through work.go: with
    the record of the last whole check, work.go's calls come from it (book
    found again by its place among book.go's declarations, although the
    edit moved its bytes), validate.go, where the record saw no map write
    (an array's), is not parsed (nor for book's call of validate), and trail.go, where it
    saw one, is; book's own calls, which the edit moved, come from it too,
    until an edit of book itself. The findings are a fresh
    check's: trail.go's write of `totals` comes first in the walk, so
    book.go's is only related to it, and book.go reports note's write of
    `audit`, with the calls that lead there."""
    tree = tmp_path / "billing"
    tree.mkdir()
    for name, text in BILLING.items():
        (tree / name).write_text(text)
    cache_dir = str(tmp_path / ".cache")
    whole = _tree_check(tree, cache_dir)
    assert ("GP003", "trail.go", 4) in whole and ("GP003", "book.go", 18) in whole
    assert ("GP003", "book.go", 13) not in whole
    book = tree / "book.go"

    edited = BILLING["book.go"].replace("return c.cents", "return c.cents - c.cents%1")
    kept, fresh = _edited(book, edited, cache_dir), _edited(book, edited, None)
    assert kept[0] == fresh[0]
    assert [(code, line) for code, line, _r, _f in kept[0]] == [("GP003", 18)]
    # the flow: the launch, work's call of book, book's call of note (moved by the edit)
    assert [(loc.path, loc.line) for loc in kept[0][0][3]] == [
        ("run.go", 6), ("work.go", 9), ("book.go", 14)]
    assert kept[1] == fresh[1] - 1          # validate.go
    # an edit of book itself, of the same length: its calls are found again
    # (note's call commented out, so note is not reached)
    edited = BILLING["book.go"].replace("\tl.note(c)\n", "\t//note(c)\n")
    kept, fresh = _edited(book, edited, cache_dir), _edited(book, edited, None)
    assert kept[0] == fresh[0] == []


MAPS_TYPES = """package tally

import "sync"

// Server counts hits.
type Server struct {
	mu   sync.Mutex
	hits map[string]int
}
"""
MAPS_COUNTS = """package tally

// Counts is a map type.
type Counts map[string]int
"""
MAPS_SERVE = """package tally

// Start counts in the background.
func (s *Server) Start() {
	go s.loop()
}

func (s *Server) loop() {
	s.mu.Lock()
	s.hits["loop"]++
	s.mu.Unlock()
}
"""
MAPS_VOTE = """package tally

// Vote counts one vote in a fresh tally.
func Vote(who string) int {
	var t Counts
	t[who]++
	return len(t)
}
"""
MAPS_LATER = """package tally

// Level is a struct for now.
type Level struct{ n int }

func bump() int {
	var l Level
	_ = l
	return 0
}
"""


def _tally(tmp_path):
    """The tally package (a goroutine root, a named map type in a file of
    its own, a nil map of it) checked whole with a cache: (its directory,
    the cache directory)."""
    tree = tmp_path / "tally"
    tree.mkdir()
    for name, text in (("types", MAPS_TYPES), ("counts", MAPS_COUNTS), ("serve", MAPS_SERVE),
                       ("vote", MAPS_VOTE), ("later", MAPS_LATER)):
        (tree / f"{name}.go").write_text(text)
    cache_dir = str(tmp_path / ".cache")
    assert ("GP011", "vote.go", 6) in _tree_check(tree, cache_dir)
    return tree, cache_dir


def _files_loaded_for_map_types(monkeypatch) -> list:
    """The paths of the files each check parses to find its package's named
    map types (facts.map_type_names), as a list filled as checks run."""
    from golint_panics import facts
    loaded = []
    real = facts.PackageFacts.map_type_names

    def spy(self):
        before = len(self.loaded)
        names = real(self)
        loaded.extend(f.path for f in self.loaded[before:])
        return names
    monkeypatch.setattr(facts.PackageFacts, "map_type_names", spy)
    return loaded


def _vote_edited(vote, cache_dir, loaded_for_types):
    """vote.go edited (a comment above its write) and checked with the cache
    (no file parsed for the map types: the record has them) and without:
    (the edited text, the first check's findings, the second's)."""
    edited = MAPS_VOTE.replace("\tt[who]++", "\t// one more\n\tt[who]++")
    loaded_for_types.clear()
    kept = _edited(vote, edited, cache_dir)
    assert loaded_for_types == []          # with the record: no file parsed for them
    return edited, kept, _edited(vote, edited, None)


def test_an_edited_buffer_takes_the_named_map_types_from_the_record(tmp_path, monkeypatch):
    """GP011 needs the package's named map types: a check of an edited
    buffer whose package's last whole check holds for it takes them from
    that check's record and parses no other file for them; a buffer that
    was not parsed then and may now declare one (its names unchanged) makes
    them again. Each gives what a check with no cache gives."""
    loaded_for_types = _files_loaded_for_map_types(monkeypatch)
    tree, cache_dir = _tally(tmp_path)
    vote = tree / "vote.go"
    edited, kept, fresh = _vote_edited(vote, cache_dir, loaded_for_types)
    assert [f[:2] for f in kept[0]] == [f[:2] for f in fresh[0]] == [("GP011", 7)]
    assert loaded_for_types != []
    later = tree / "later.go"
    now_a_map = MAPS_LATER.replace("type Level struct{ n int }", "type Level map[string]int") \
        .replace("\t_ = l\n", "\tl[\"x\"] = 1\n")
    kept, fresh = _edited(later, now_a_map, cache_dir), _edited(later, now_a_map, None)
    assert [f[:2] for f in kept[0]] == [f[:2] for f in fresh[0]] == [("GP011", 8)]


def test_a_package_that_starts_no_root_keeps_its_named_map_types_too(tmp_path, monkeypatch):
    """A package whose whole check walked no root still leaves a record
    when finding its named map types parsed files (go/types parsed 8 for
    them at every edit): an edited buffer takes them from it and parses no
    other file for them. An edit that makes the buffer declare a map type
    (its outline changes) makes them again. Each gives what a check with no
    cache gives."""
    loaded_for_types = _files_loaded_for_map_types(monkeypatch)
    tree = tmp_path / "tally"
    tree.mkdir()
    for name, text in (("counts", MAPS_COUNTS), ("vote", MAPS_VOTE), ("later", MAPS_LATER)):
        (tree / f"{name}.go").write_text(text)
    cache_dir = str(tmp_path / ".cache")
    assert _tree_check(tree, cache_dir) == [("GP011", "vote.go", 6)]
    vote = tree / "vote.go"
    edited, kept, fresh = _vote_edited(vote, cache_dir, loaded_for_types)
    assert loaded_for_types == ["counts.go"]
    assert [f[:2] for f in kept[0]] == [f[:2] for f in fresh[0]] == [("GP011", 7)]
    # the buffer now declares a map type of its own and writes a nil one
    own = edited.replace("func Vote", "type Ballot map[string]bool\n\nfunc Vote") \
        .replace("\treturn len(t)", "\tvar b Ballot\n\tb[who] = true\n\treturn len(t)")
    kept, fresh = _edited(vote, own, cache_dir), _edited(vote, own, None)
    assert [f[:2] for f in kept[0]] == [f[:2] for f in fresh[0]] == [("GP011", 9), ("GP011", 11)]


def test_an_edited_buffer_is_parsed_once(tmp_path, monkeypatch):
    """A buffer whose outline the record keeps is parsed to compare it
    (concurrency._record_holds) before any rule asks for it; when a rule
    then loads it, that parse is the one it gets: the buffer is parsed
    once, and the findings are those of a check with no cache."""
    from golint_panics import concurrency, engine, facts
    tree, cache_dir = _tally(tmp_path)
    parsed = []
    for module in (engine, facts, concurrency):
        if not hasattr(module, "parse_file"):
            continue
        real = module.parse_file
        monkeypatch.setattr(module, "parse_file", lambda path, *rest, real=real:
                            parsed.append(os.path.basename(path)) or real(path, *rest))
    edited = MAPS_VOTE.replace("\tt[who]++", "\t// one more\n\tt[who]++")
    kept = _edited(tree / "vote.go", edited, cache_dir)
    assert parsed.count("vote.go") == 1
    assert kept[0] == _edited(tree / "vote.go", edited, None)[0]


def _parsed_by(monkeypatch):
    """The base names of the files parsed from now on, in order."""
    from golint_panics import source
    made = []
    real = source.SourceFile.__init__

    def init(self, path, *a, **k):
        made.append(os.path.basename(path))
        real(self, path, *a, **k)
    monkeypatch.setattr(source.SourceFile, "__init__", init)
    return made


LABEL = """package inventory

import "strings"

// Label is what the owner prints for a SKU: it reads the levels and
// indexes a slice, and writes no map.
func (r *Refresher) Label(sku string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	parts := strings.Split(sku, "-")
	return parts[0] + ": " + strings.Repeat("*", r.levels[sku])
}
"""


def test_a_file_alone_runs_no_rule_that_cannot_report_in_it(tmp_path, monkeypatch):
    """GP003 reports at map writes only (its `reports_at`: an index write
    or a `delete`). A check of a file that holds neither runs it on no file:
    the goroutines the other files start are not parsed. A file with a
    write still gets what the goroutines of another file give it."""
    from golint_panics import engine
    tree = tmp_path / "inventory"
    shutil.copytree(os.path.join(TESTDATA, "GP003", "crossfile"), tree)
    label, stock = tree / "label.go", tree / "stock.go"
    label.write_text(LABEL)
    cache_dir = str(tmp_path / ".cache")
    whole = _tree_check(tree, cache_dir)
    assert [(c, p) for c, p, _l in whole] == [("GP003", "stock.go")]
    configs = Configs(registry.load_rules())
    profile = configs.profile_for(str(tree))

    def alone(path, anywhere=False):
        made = _parsed_by(monkeypatch)
        if anywhere:     # every rule as if it could report in any file (and a root reach it)
            monkeypatch.setattr(engine, "reports_in_any", lambda rule, files: True)
            monkeypatch.setattr(engine, "roots_cannot_reach", lambda *args: False)
        data = path.read_bytes() + b"\n// edited\n"
        result = runner.check_buffer(str(path), data, list(profile.rules), profile.settings,
                                     config=profile.config, cwd=str(tree), configs=configs,
                                     cache_dir=cache_dir)
        monkeypatch.undo()
        return sorted((f.code, f.location.line) for f in result.findings), made

    found, made = alone(label)
    assert found == [] and "pool.go" not in made
    # (GP003 run as if it could report in label.go: the roots of pool.go are parsed)
    found, made = alone(label, anywhere=True)
    assert found == [] and "pool.go" in made
    found, made = alone(stock)
    assert found == [("GP003", 10)] and "pool.go" in made


AUDIT = """package inventory

// Audit tallies the SKUs the owner asks about. The owner calls it before
// Start: no goroutine of the package reaches it.
func (r *Refresher) Audit(skus []string) map[string]int {
	tally := make(map[string]int)
	for _, s := range skus {
		tally[s]++ // ok: a local no goroutine shares
	}
	r.mu.Lock()
	r.levels["audited"] = len(tally) // ok: under r.mu
	r.mu.Unlock()
	return tally
}
"""


def test_a_file_no_root_reaches_is_checked_without_the_files_that_start_roots(
        tmp_path, monkeypatch):
    """audit.go writes maps (GP003 may report in it), but the record of the
    package's last check says that no root reaches it, and it starts none:
    a check of it alone parses no file that starts a root (pool.go), and
    finds what a check with no cache finds. Once it starts a goroutine, the
    other files' roots are judged again."""
    from golint_panics import engine
    tree = tmp_path / "inventory"
    shutil.copytree(os.path.join(TESTDATA, "GP003", "crossfile"), tree)
    audit = tree / "audit.go"
    audit.write_text(AUDIT)
    cache_dir = str(tmp_path / ".cache")
    assert [(c, p) for c, p, _l in _tree_check(tree, cache_dir)] == [("GP003", "stock.go")]

    def alone(data, cache, judged=True):
        made = _parsed_by(monkeypatch)
        if not judged:      # as if the model could not tell
            monkeypatch.setattr(engine, "roots_cannot_reach", lambda *args: False)
        found = _edited(audit, data, cache)[0]
        monkeypatch.undo()
        return [f[:2] for f in found], made

    edited = AUDIT + "\n// edited\n"
    found, made = alone(edited, cache_dir)
    assert found == alone(edited, None)[0] == [] and "pool.go" not in made
    found, made = alone(edited, cache_dir, judged=False)
    assert found == [] and "pool.go" in made
    # audit.go starts a goroutine that writes a shared map: a root of its own
    started = edited.replace("\treturn tally", "\tgo func() { r.levels[\"late\"] = 1 }()\n"
                             "\treturn tally")
    found, made = alone(started, cache_dir)
    assert found == alone(started, None)[0] and [c for c, _l in found] == ["GP003"]
    assert "pool.go" in made


GUARDED = {
    "util.go": """package main

type guarder interface{ guard() }

// spawn runs job on its own goroutine, deferring g.guard: whether that
// goroutine recovers is up to the guard methods of the package.
func spawn(g guarder, job func()) {
	go func() {
		defer g.guard()
		job()
	}()
}
""",
    "start.go": """package main

func main() {
	w := &worker{}
	for _, k := range []string{"a", "b"} {
		spawn(w, func() { count(k) })
	}
	select {}
}
""",
    "guard.go": """package main

var seen = map[string]int{}

type worker struct{}

// guard ends a panic of the job it guards.
func (w *worker) guard() {
	if r := recover(); r != nil {
		println("recovered:", r)
	}
}

func count(k string) {
	seen[k]++
}
""",
}


def test_a_buffer_that_stops_a_helper_recovering_is_judged_with_the_roots_it_makes(
        tmp_path, monkeypatch):
    """spawn (util.go) recovers through the guard method of guard.go, so
    its calls start no root and nothing reaches count. When guard.go's
    guard stops recovering, start.go's calls of spawn become roots that
    reach count: a check of guard.go alone must judge them, although
    neither util.go nor start.go changed and guard.go starts no root."""
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    for name, text in GUARDED.items():
        (tmp_path / name).write_text(text)
    guard = tmp_path / "guard.go"
    cache_dir = str(tmp_path / ".cache")
    assert [(c, p) for c, p, _l in _tree_check(tmp_path, cache_dir) if c == "GP003"] == []
    bare = GUARDED["guard.go"].replace(
        '\tif r := recover(); r != nil {\n\t\tprintln("recovered:", r)\n\t}',
        '\tprintln("done")')
    assert bare != GUARDED["guard.go"]
    fresh = [f[:2] for f in _edited(guard, bare, None)[0]]
    assert fresh == [("GP003", 13)]
    made = _parsed_by(monkeypatch)
    assert [f[:2] for f in _edited(guard, bare, cache_dir)[0]] == fresh
    assert "start.go" in made


HELPERS = {
    "util.go": """package main

// spawn runs job on its own goroutine: a launching helper.
func spawn(job func()) {
	go job()
}
""",
    "start.go": """package main

import (
	"fmt"
	"strings"
)

var queue = []string{"a"}

func main() {
	spawn(func() {
		fmt.Println(strings.ToUpper(queue[0]))
	})
	select {}
}
""",
    "names.go": """package main

import "strings"

// title is plain code: it starts no goroutine and calls no helper.
func title(s string) string {
	return strings.ToUpper(s[:1]) + s[1:]
}
""",
}


def test_a_file_alone_reads_the_other_files_launching_helpers_from_the_record(
        tmp_path, monkeypatch):
    """The launching helpers a file declares are recorded by the check of
    its package: a check of another file alone reads them from the record,
    not from util.go, and finds what a check of the tree finds, also when
    the checked file declares a helper of its own, or when util.go has
    changed on disk since (the record no longer holds)."""
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    for name, text in HELPERS.items():
        (tmp_path / name).write_text(text)
    names, start, util = tmp_path / "names.go", tmp_path / "start.go", tmp_path / "util.go"
    cache_dir = str(tmp_path / ".cache")
    configs = Configs(registry.load_rules())
    profile = configs.profile_for(str(tmp_path))

    def alone(path, data):
        made = _parsed_by(monkeypatch)
        result = runner.check_buffer(str(path), data, list(profile.rules), profile.settings,
                                     config=profile.config, cwd=str(tmp_path), configs=configs,
                                     cache_dir=cache_dir)
        monkeypatch.undo()
        return sorted((f.code, f.location.line) for f in result.findings), made

    def tree(path):
        return sorted((c, line) for c, p, line in _tree_check(tmp_path, cache_dir)
                      if p == path.name)

    assert tree(start) == [("GP004", 11)]
    found, made = alone(names, names.read_bytes() + b"\n// edited\n")
    assert found == [] and made == []
    found, made = alone(start, start.read_bytes() + b"\n// edited\n")
    assert found == [("GP004", 11)]
    # the checked file declares a helper and calls it
    own = HELPERS["names.go"] + ("\nfunc fire(f func()) { go f() }\n\n"
                                 "func init() { fire(func() { println(title(queue[0])) }) }\n")
    found, _made = alone(names, own.encode())
    names.write_text(own)
    assert found == tree(names) == [("GP004", 12)]
    names.write_text(HELPERS["names.go"])
    assert tree(start) == [("GP004", 11)]
    # spawn runs its job in place: the record of the tree says no helper ...
    util.write_text(HELPERS["util.go"].replace("go job()", "job()"))
    assert tree(start) == []
    # ... until util.go starts the goroutine again, on disk: the record no
    # longer holds, and util.go is read
    util.write_text(HELPERS["util.go"])
    found, made = alone(start, start.read_bytes() + b"\n// edited again\n")
    assert found == [("GP004", 11)] and "util.go" in made
    assert tree(start) == [("GP004", 11)]


SPAWNED = {
    "util.go": HELPERS["util.go"],
    "start.go": """package main

var seen = map[string]int{}

func main() {
	for _, k := range []string{"a", "b"} {
		spawn(func() {
			seen[k]++ // want: goroutines started in a loop share seen
		})
	}
	select {}
}
""",
    "names.go": """package main

// title is plain code: no goroutine reaches it, and it starts none.
func title(s string) string {
	b := []byte(s)
	b[0] -= 'a' - 'A'
	return string(b)
}
""",
}


def test_a_package_with_a_helper_still_spares_the_files_no_root_needs(tmp_path, monkeypatch):
    """start.go calls the launching helper spawn (util.go). names.go writes
    an index that no root reaches, starts no root and says `recover`
    neither now nor in the record: a check of it alone parses neither
    start.go nor util.go, and finds what a check with no cache finds."""
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    for name, text in SPAWNED.items():
        (tmp_path / name).write_text(text)
    names = tmp_path / "names.go"
    cache_dir = str(tmp_path / ".cache")
    assert [(c, p) for c, p, _l in _tree_check(tmp_path, cache_dir) if c == "GP003"] == \
        [("GP003", "start.go")]
    edited = SPAWNED["names.go"].replace("\treturn string(b)", "\tb[1] = '.'\n\treturn string(b)")
    made = _parsed_by(monkeypatch)
    found = _edited(names, edited, cache_dir)[0]
    monkeypatch.undo()
    assert found == _edited(names, edited, None)[0] == []
    assert "start.go" not in made and "util.go" not in made


def test_roots_cannot_reach_asks_every_condition_of_the_record():
    """concurrency.roots_cannot_reach says that no root can reach the
    checked files only from a record that walked every root, none of
    which started in, ran or reached a checked file, that knew the
    package's launching helpers (none in a checked file), and whose names
    for the checked file are its names now; and only for a checked file
    that starts no root (no `go`, launcher, handler or registration word)
    and, when the package has helpers, says `recover` neither now nor then.
    Each condition alone turns the answer to False."""
    from golint_panics.concurrency import roots_cannot_reach
    from golint_panics.facts import declared_names
    quiet = b"package p\n\nfunc Tally(m map[string]int, k string) { m[k]++ }\n"
    mine, other = "/src/p/tally.go", "/src/p/pool.go"
    record = {"complete": True, "helpers": {}, "recovering": None, "outline": {},
              "names": {mine: declared_names(quiet)},
              "roots": [(other, 10, other, 20, [other])]}

    def judge(data=quiet, launchers=frozenset(), **changes):
        return roots_cannot_reach([(mine, data)], {**record, **changes}, launchers,
                                  lambda abspath: None)
    assert judge() is True
    assert judge(complete=False) is False
    assert judge(helpers=None) is False
    assert judge(helpers={mine: ["spawn"]}, recovering=[]) is False
    # another file's helper: only while the checked file says `recover`
    # neither now nor then (whether the helper recovers may read it)
    assert judge(helpers={other: ["spawn"]}, recovering=[]) is True
    assert judge(helpers={other: ["spawn"]}, recovering=None) is False
    assert judge(helpers={other: ["spawn"]}, recovering=[mine]) is False
    assert judge(quiet + b"\nfunc guard() { recover() }\n", helpers={other: ["spawn"]},
                 recovering=[], names={mine: declared_names(quiet + b"func guard() {}")}) is False
    assert judge(names={mine: declared_names(b"package p\n\nfunc Other() {}\n")}) is False
    assert judge(names={}) is False
    assert judge(roots=[(other, 10, other, 20, [other, mine])]) is False
    assert judge(roots=[(mine, 10, other, 20, [other])]) is False
    assert judge(roots=[(other, 10, mine, 20, [other])]) is False
    starts = quiet + b"\nfunc Run(f func()) { go f() }\n"
    assert judge(starts, names={mine: declared_names(starts)}) is False
    # a configured launcher's name, and not in a comment
    calls = quiet + b"\n// Dispatch runs later.\nfunc Run(p *pool.P) { p.Dispatch(nil) }\n"
    assert judge(calls, names={mine: declared_names(calls)}) is True
    assert judge(calls, frozenset({"example.com/pool.P.Dispatch"}),
                 names={mine: declared_names(calls)}) is False

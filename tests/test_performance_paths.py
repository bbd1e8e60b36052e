"""The machinery that makes checks fast must never change what is found:
the prefilter, worker processes, the result cache. (Speed itself is measured
by bench/, not by timed tests.)"""
import json
import os
import pty
import subprocess
import sys

from hypothesis import HealthCheck, given, settings, strategies as st

from golint_panics import registry
from golint_panics.cache import Cache
from golint_panics.config import select_rules
from golint_panics.rule import Settings
from golint_panics.runner import run_check
from want import TESTDATA

ALL, _ = select_rules(registry.load_rules(), select=["ALL"])


def keyed(result):
    return [(f.path, f.location.line, f.location.column, f.code, f.message,
             tuple((r.path, r.line) for r in f.related)) for f in result.findings]


def check(root, **kw):
    kw.setdefault("jobs", 1)
    return run_check(["."], ALL, Settings(), cwd=root, **kw)


def test_prefilter_never_drops_a_finding_on_the_fixtures():
    on = check(TESTDATA)
    off = check(TESTDATA, prefilter=False)
    assert keyed(on) == keyed(off)
    assert len(on.findings) > 100
    assert on.files_parsed <= off.files_parsed


SNIPPETS = [
    'func f{i}() {{\n\tgo g{i}()\n}}\n',
    'func g{i}() {{\n\tregistry["k"] = {i}\n}}\n',
    'func h{i}() {{\n\tdefer func() {{ recover() }}()\n\tgo func() {{ registry["x"]++ }}()\n}}\n',
    'func e{i}() {{\n\tdefer println()\n\tos.Exit({i})\n}}\n',
    'func s{i}() {{\n\tc := make(chan os.Signal)\n\tsignal.Notify(c, syscall.SIGTERM, syscall.SIGKILL)\n}}\n',
    'func m{i}() {{\n\tvar m map[string]int\n\tm["a"] = {i}\n}}\n',
    'func r{i}() {{\n\tdefer recover()\n}}\n',
    'func w{i}(f *os.File) {{\n\tos.Stderr = f\n\t_ = syscall.Dup2(1, 2)\n}}\n',
    'type T{i} struct{{ m map[string]int }}\n\nfunc (t *T{i}) run() {{\n\tgo func() {{ t.m["a"] = 1 }}()\n}}\n',
    'func plain{i}() int {{ return {i} }}\n',
    '// a comment that says go ahead and Exit the Notify signal\nvar v{i} = {i}\n',
]
HEADER = ('package p\n\nimport (\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\n'
          'var _ = os.Args\nvar _ = signal.Notify\nvar _ = syscall.SIGTERM\n\n')
DECLS = 'var registry = map[string]int{}\n'


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.integers(0, len(SNIPPETS) - 1), min_size=1, max_size=4),
                min_size=1, max_size=4),
       st.booleans())
def test_prefilter_and_workers_agree_on_generated_packages(tmp_path_factory, files, main):
    root = tmp_path_factory.mktemp("gen")
    n = 0
    for k, picks in enumerate(files):
        body = "".join(SNIPPETS[p].format(i=n + j) for j, p in enumerate(picks))
        n += len(picks)
        header = HEADER.replace("package p", "package main") if main else HEADER
        # imports the snippets may not use are referenced above, so every file is valid Go
        (root / f"f{k}.go").write_text(header + (DECLS if k == 0 else "") + body)
    base = keyed(check(str(root), prefilter=False))
    assert keyed(check(str(root))) == base
    assert keyed(check(str(root), jobs=2)) == base


def test_output_is_identical_whatever_the_number_of_workers():
    one = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--no-cache", "-j", "1",
                          "--output-format", "json", "."], cwd=TESTDATA, capture_output=True, text=True)
    two = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--no-cache", "-j", "2",
                          "--output-format", "json", "."], cwd=TESTDATA, capture_output=True, text=True)
    assert one.stdout == two.stdout and len(json.loads(one.stdout)) > 100


def copy_tree(src, dst):
    import shutil
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".golint-panics-cache"))
    return str(dst)


def test_warm_run_is_identical_and_parses_nothing(tmp_path):
    root = copy_tree(TESTDATA, tmp_path / "td")
    cache = str(tmp_path / "cache")
    cold = check(root, cache=Cache(cache))
    warm = check(root, cache=Cache(cache))
    assert keyed(warm) == keyed(cold)
    assert cold.files_parsed > 50 and warm.files_parsed == 0
    # from another working directory the same entries serve, with paths shown from there
    other = run_check([os.path.join(root, "GP003")], ALL, Settings(), cwd=str(tmp_path),
                      jobs=1, cache=Cache(cache))
    assert other.files_parsed == 0
    assert all(f.path.startswith(os.path.join("td", "GP003")) for f in other.findings)


def test_touching_one_file_rechecks_only_its_package(tmp_path):
    root = copy_tree(TESTDATA, tmp_path / "td")
    cache = str(tmp_path / "cache")
    check(root, cache=Cache(cache))
    target = os.path.join(root, "GP004", "siblings", "work.go")
    with open(target, "a", encoding="utf-8") as fh:
        fh.write("\nfunc added(jobs []int) {\n\tgo func() { _ = jobs[0] }()\n}\n")
    again = check(root, cache=Cache(cache))
    assert again.files_parsed == 2          # work.go and its sibling start.go
    assert any(f.path == os.path.join("GP004", "siblings", "work.go") and f.location.line > 40
               for f in again.findings)
    fresh = check(root)
    assert keyed(again) == keyed(fresh)


def test_files_read_ahead_by_workers_give_what_one_process_gives(tmp_path, monkeypatch):
    """A check with many files to read has workers read them, hash them and
    read their headers first (runner._read_ahead); the findings, the notes
    about files that cannot be read, and the cache entries it leaves (a
    warm check parses nothing) are those of one process reading each file
    itself. Those the workers cannot read are read again by the check,
    which says why."""
    from golint_panics import runner
    root = copy_tree(os.path.join(TESTDATA, "incident"), tmp_path / "incident")
    # the files are new: their stamps are recorded anyway (as for files
    # older than the racy window), so that the context index holds them
    monkeypatch.setattr("golint_panics.cache.RACY_NS", -1)
    bad = os.path.join(root, "zz_binary.go")
    with open(bad, "wb") as fh:
        fh.write(b"package main\n\x00\x01")
    with open(os.path.join(root, "zz_latin1.go"), "wb") as fh:
        fh.write(b"package main\n\n// caf\xe9\n")
    count = sum(1 for _d, _s, fs in os.walk(root) for f in fs if f.endswith(".go"))
    read: list = []          # how many files each read-ahead read
    real = runner._read_ahead

    def read_ahead(paths, codes, jobs):
        got = real(paths, codes, jobs)
        read.append(len(got))
        return got
    monkeypatch.setattr(runner, "_read_ahead", read_ahead)
    parsed_here: list = []   # headers this process read itself
    real_header = runner.read_header
    monkeypatch.setattr(runner, "read_header",
                        lambda data: parsed_here.append(1) or real_header(data))

    def checked(jobs, cache):
        r = check(root, jobs=jobs, cache=Cache(str(cache)) if cache else None)
        return keyed(r), sorted(r.errors), sorted(r.internal_errors), r.files_parsed

    monkeypatch.setattr(runner, "READ_AHEAD_FILES", 1_000_000)
    alone = checked(1, None)
    alone_cached = checked(1, tmp_path / "c1")
    assert read == [] and alone == alone_cached[:3] + (alone[3],)
    monkeypatch.setattr(runner, "READ_AHEAD_FILES", 3)
    parsed_here.clear()
    assert checked(2, None) == alone
    assert read == [count - 2] and parsed_here == []    # all but the two unreadable ones
    read.clear()
    ahead = checked(2, tmp_path / "c2")
    assert ahead == alone_cached and read == [count - 2]
    # the cache they leave: the same entries; a warm check reads nothing again
    def entries(cache):
        return sorted(f for _d, _s, fs in os.walk(cache) for f in fs if f.endswith(".json"))
    assert entries(tmp_path / "c1") == entries(tmp_path / "c2")
    # the module's context index: each file's header and which program
    # rules' prefilters pass it, as one process found them
    index = [Cache(str(tmp_path / c)).entry(f"{root}#context")["files"] for c in ("c1", "c2")]
    assert index[0] == index[1] and len(index[0]) == count - 2
    warm = checked(2, tmp_path / "c2")
    assert warm[:3] == alone_cached[:3] and warm[3] == 0


def test_a_large_save_writes_every_entry_and_names_the_one_it_could_not(tmp_path):
    """A save of many entries (a cold check) writes them on several threads:
    each reads back as written, and an entry that cannot be written (its
    file's name is taken by a directory) is named among the problems."""
    from golint_panics import cache as cache_mod
    directory = str(tmp_path / "cache")
    cache = Cache(directory)
    names = [f"/src/p{i}" for i in range(cache_mod.PARALLEL_WRITES + 6)]
    for i, name in enumerate(names):
        cache.entry(name)["files"] = {"a.go": {"sha": str(i)}}
        cache.mark_dirty(name)
    blocked = cache._path(names[7])
    os.makedirs(blocked)                   # (a directory where the entry goes)
    problems = cache.save()
    assert len(problems) == 1 and names[7] in problems[0]
    again = Cache(directory)
    assert [again.entry(n)["files"] for i, n in enumerate(names) if i != 7] == \
        [{"a.go": {"sha": str(i)}} for i in range(len(names)) if i != 7]
    assert not [f for _d, _s, fs in os.walk(directory) for f in fs if f.endswith(".tmp")]


def test_corrupt_cache_entries_are_ignored_and_rewritten(tmp_path):
    root = copy_tree(os.path.join(TESTDATA, "incident"), tmp_path / "incident")
    cache = str(tmp_path / "cache")
    cold = check(root, cache=Cache(cache))
    entries = [os.path.join(d, f) for d, _, fs in os.walk(cache) for f in fs if f.endswith(".json")]
    assert entries
    for i, path in enumerate(entries):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(["{not json", '{"format": 1}', "[]", '{"format":1,"version":"x"}'][i % 4])
    again = check(root, cache=Cache(cache))
    assert keyed(again) == keyed(cold) and again.files_parsed == cold.files_parsed
    assert check(root, cache=Cache(cache)).files_parsed == 0   # rewritten


def test_cache_dir_is_gitignored_and_cli_flags(tmp_path):
    (tmp_path / "a.go").write_text("package lib\n\nimport \"os\"\n\nfunc F() { os.Exit(1) }\n")
    p = subprocess.run([sys.executable, "-m", "golint_panics", "check", "."], cwd=tmp_path,
                       capture_output=True, text=True)
    assert p.returncode == 1
    assert (tmp_path / ".golint-panics-cache" / ".gitignore").read_text().strip().endswith("*")
    p = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--no-cache", "--cache-dir",
                        str(tmp_path / "elsewhere"), "."], cwd=tmp_path, capture_output=True, text=True)
    assert not (tmp_path / "elsewhere").exists()
    p = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--cache-dir",
                        str(tmp_path / "elsewhere"), "."], cwd=tmp_path, capture_output=True, text=True)
    assert (tmp_path / "elsewhere").is_dir() and p.returncode == 1


def run_in_pty(args, cwd, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "golint_panics", *args], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out.decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal():
    env = dict(os.environ, GOLINT_PANICS_PROGRESS_AFTER="0", COLUMNS="100")
    shown = run_in_pty(["check", "--no-cache", "-j", "1", "--output-format", "full", "."], TESTDATA, env)
    assert "checking packages" in shown
    p = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--no-cache", "--output-format",
                        "full", "."], cwd=TESTDATA, capture_output=True, text=True, env=env)
    assert "checking packages" not in p.stdout + p.stderr
    machine = run_in_pty(["check", "--no-cache", "--output-format", "json", "."], TESTDATA, env)
    assert "checking packages" not in machine


def test_files_that_cannot_declare_a_map_type_are_not_parsed_for_one():
    """GP011 needs the package's named map types; a file whose type
    declarations are all structs, enums and pointers (a protobuf file) is
    not parsed to look for one, nor one that declares arrays and slices
    (`[16]byte`, `[]T`: whatever their elements), and anything unsure (a
    group, a comment, type parameters, a chain through another named type)
    is."""
    from golint_panics.facts import _may_declare_map_type as may
    yes = [b"type C map[string]int", b"type D C", b"type (\n\tA int\n)",
           b"type /* c */ X map[int]int", b"type X /* c */ map[int]int",
           b"type X = // c\nmap[int]int", b"type G[K comparable] map[K]int",
           b"type A = map[int]int", b"type X pkg.Map", b"type G[K comparable, V any] map[K]V",
           b"type G[T /* c */ any] struct{}", b"type G[\n\tT interface{ ~int }] map[T]int",
           b"type N [n * 2]int", b"x := SetDatatype(t)\ntype (\n\tC map[int]int\n)",
           "ñtype (\n\tA int\n)".encode(),
           # a line that begins with `//` but ends a block comment or a raw
           # string before the match: code
           b"/* a\n// b */ type X map[int]int", b"var s = `a\n// b` ; type X map[int]int",
           b"\t// the type of a thing\ntype C map[string]int"]
    no = [b"type S struct{ m map[string]int }", b"type E int32", b"type P *T",
          b"switch x.(type) {}\nvar m map[string]int", b"type Ch chan int",
          b"type F func()\ntype I interface{ M() }",
          b"// a type Foo describes\ntype S struct{}", b'x := "type Foo bar"\ntype S struct{}',
          b"type X []int", b"type B [16]byte", b"type M [N]map[string]int", b"type L [...]T",
          b"type Q [unsafe.Sizeof(x)]byte", b"type S = []map[string]int",
          b"func (s *N) SetDatatype(v *Datatype) *N {\n\treturn parseDoctype(s)\n}"]
    assert [s for s in yes if not may(s)] == []
    assert [s for s in no if may(s)] == []

    def unread():
        raise AssertionError("the code was blanked")
    # every match on a line comment's line: decided without blanking the file
    # (a large generated file's doc comments)
    doc = b"// Foo is the type of a thing.\n\t// the type (a group)\ntype Foo struct{}\n" * 50
    assert may(doc, unread) is False


def test_a_callee_is_looked_up_in_the_files_that_declare_it():
    """Looking a function up parses the files that declare it (also with a
    comment, or a brace in a comment, between `func` and its name), not
    every file that calls it; a file whose literals do not lex is parsed."""
    from golint_panics.facts import PackageFacts
    files = {
        "work.go": b"package svc\n\nfunc /* { */ work() {}\n",
        "method.go": b"package svc\n\nfunc (s *S) /* x */ work() {}\n",
        "odd.go": b'package svc\n\nvar q = "open\nfunc f() { work() }\n',
        **{f"caller{i}.go": f"package svc\n\nfunc Call{i}() {{\n\twork()\n}}\n".encode()
           for i in range(3)},
    }
    facts = PackageFacts([], pending=[(n, "/x/" + n, d) for n, d in files.items()])
    assert facts.function("work") is not None
    assert sorted(f.path for f in facts.loaded) == ["method.go", "odd.go", "work.go"]


def test_a_method_is_looked_up_in_the_files_that_may_declare_it_on_its_type():
    """Looking up the method `Close` of `conn` parses the files whose method
    heads may declare `Close` on `conn` (a pointer receiver, type
    parameters, no receiver name, a comment in the head), and those whose
    heads it cannot read (a parenthesised receiver type, a file whose
    literals do not lex): not the files that declare `Close` on other
    types or only as a function. Every file that declares it on `conn` is
    found, in any build."""
    from golint_panics.facts import PackageFacts
    files = {
        "conn.go": b"package svc\n\nfunc (c * conn) /* x */ Close() error { return nil }\n",
        "conn_windows.go": b"package svc\n\nfunc (conn) Close() error { return nil }\n",
        "set.go": b"package svc\n\nfunc (s *set[K, V]) Close() {}\n",
        "odd.go": b"package svc\n\nfunc (p *(pipe)) Close() {}\n",
        "open.go": b'package svc\n\nvar q = "open\nfunc (f *file) Close() {}\n',
        "plain.go": b"package svc\n\nfunc Close() {}\n",
        **{f"other{i}.go": f"package svc\n\nfunc (t *t{i}) Close() {{}}\nfunc Close() {{}}\n".encode()
           for i in range(3)},
    }

    def loads(recv, *, all_builds=True):
        facts = PackageFacts([], pending=[(n, "/x/" + n, d) for n, d in files.items()])
        found = facts.method_all(recv, "Close") if all_builds else [facts.method(recv, "Close")]
        return sorted(f.path for f in facts.loaded), sorted(i.file.path for i in found if i)
    assert loads("conn") == (["conn.go", "conn_windows.go", "odd.go", "open.go"],
                             ["conn.go", "conn_windows.go"])
    assert loads("set") == (["odd.go", "open.go", "set.go"], ["set.go"])
    assert loads("pipe", all_builds=False) == (["odd.go", "open.go"], ["odd.go"])
    assert loads("t1")[1] == ["other1.go"]


def test_a_field_s_stores_are_looked_up_in_the_files_that_may_store_it():
    """The stores of a field `handler` (`T{handler: h}`, `s.handler = h`,
    `s.handler, n = h, 1`, with comments and line breaks between) are
    looked up in the files whose code may hold one, not in every file
    that mentions the field (calls it, compares it); a file whose literals
    do not lex is parsed."""
    from golint_panics.facts import PackageFacts
    files = {
        "keyed.go": b"package svc\n\nvar d = T{handler /* x */ : serve}\n",
        "set.go": b"package svc\n\nfunc (s *T) Set(h func()) {\n\ts.\n\t\thandler = h\n}\n",
        "list.go": b"package svc\n\nfunc (s *T) Two(h func()) {\n\ts.handler, s.n = h, 1\n}\n",
        "odd.go": b'package svc\n\nvar q = "open\nfunc f(s *T) { s.handler() }\n',
        **{f"use{i}.go": (f"package svc\n\nfunc Use{i}(s *T) bool {{\n\ts.handler()\n"
                          f"\treturn s.handler == nil || s.handlers[0] != nil\n}}\n").encode()
           for i in range(3)},
    }
    facts = PackageFacts([], pending=[(n, "/x/" + n, d) for n, d in files.items()])
    stores = facts.field_stores("handler")
    assert sorted(f.path for f in facts.loaded) == ["keyed.go", "list.go", "odd.go", "set.go"]
    assert sorted(f.path for f, *_rest in stores) == ["keyed.go", "list.go", "set.go"]


def test_a_type_or_variable_is_looked_up_in_the_files_that_may_declare_it():
    """Looking a type or a package-level variable up parses the files whose
    code may declare it (`type T`, `var a, T int`, a group holding the name,
    a comment between the words, a Unicode name, a file whose literals do
    not lex), not every file that mentions the name and says `type` or
    `var` somewhere."""
    from golint_panics.facts import PackageFacts
    files = {
        "plain.go": b"package svc\n\ntype /* a */ Store struct{}\n",
        "group.go": b"package svc\n\ntype (\n\tid int\n\tStore2 map[string]int\n)\n",
        "vars.go": b"package svc\n\nvar a, /* b */ cache = 1, map[string]int{}\n",
        "vgroup.go": b"package svc\n\nvar (\n\tx = f(1)\n\tcache2 map[int]int\n)\n",
        "unicode.go": "package svc\n\ntype Größe int\nvar größe Größe\n".encode(),
        "odd.go": b'package svc\n\nvar q = "open\nfunc f() { _ = Store{}; _ = cache }\n',
        **{f"user{i}.go": (f"package svc\n\ntype U{i} struct{{ s Store; s2 Store2 }}\n"
                           f"var v{i} = cache\nvar w{i} = cache2\n"
                           f"var g{i} Größe = größe\n").encode()
           for i in range(3)},
    }

    def loads(lookup):
        facts = PackageFacts([], pending=[(n, "/x/" + n, d) for n, d in files.items()])
        assert lookup(facts) is not None
        return sorted(f.path for f in facts.loaded)
    assert loads(lambda f: f.type_node("Store")) == ["odd.go", "plain.go"]
    assert loads(lambda f: f.type_node("Store2")) == ["group.go"]
    assert loads(lambda f: f.type_node("Größe")) == ["unicode.go"]
    assert loads(lambda f: f.var("cache")) == ["odd.go", "vars.go"]
    assert loads(lambda f: f.var("cache2")) == ["vgroup.go"]
    assert loads(lambda f: f.var("größe")) == ["unicode.go"]


def test_feedback_starts_before_the_packages_are_known():
    """Finding and reading 21,000 files takes seconds before the bar can
    count packages: a spinner shows from the first half second, and gives
    way to the bar; a quick run shows neither."""
    import time
    from golint_panics.cli import Progress
    quick = Progress(after=0.5)
    quick.begin()
    quick.start(3)
    time.sleep(0.6)
    assert quick._status is None and quick.bar is None
    quick.stop()
    slow = Progress(after=0.05)
    slow.begin()
    deadline = time.monotonic() + 5
    while slow._status is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert slow._status is not None            # spinning while files are read
    slow.start(2)
    assert slow._status is None
    slow.advance()
    assert slow.bar is not None                # the bar takes over
    slow.stop()


def test_a_file_that_recovers_is_parsed_for_gp008_only_when_a_deferred_literal_names_its_functions():
    """GP008 needs the package's functions that call recover() (a deferred
    literal that calls one gets no panic from it). A file that says
    `recover` is parsed to find them only when some deferred literal of the
    package names a function it may declare: the usual `defer func() { if
    r := recover() ... }()` alone parses nothing; a literal of another file
    (or of its own) that calls one of its functions does, and is reported."""
    from golint_panics.facts import PackageFacts
    recovers = (b"package svc\n\nimport \"log\"\n\nfunc Serve(work func()) {\n"
                b"\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tlog.Print(r)\n"
                b"\t\t}\n\t}()\n\twork()\n}\n\nfunc logPanic() {\n\tif r := recover(); r != nil {\n"
                b"\t\tlog.Print(r)\n\t}\n}\n")
    quiet = b"package svc\n\nfunc Close() {\n\tdefer func() {\n\t\tflush()\n\t}()\n}\n\nfunc flush() {}\n"
    calls = b"package svc\n\nfunc Run() {\n\tdefer func() {\n\t\tlogPanic() // here\n\t}()\n}\n"
    mentions = b"package svc\n\n// logPanic is not called from a deferred literal here\nfunc Other() {\n\tlogPanic()\n}\n"

    def loaded(files):
        facts = PackageFacts([], pending=[(n, "/x/" + n, d) for n, d in files.items()])
        names = facts.recovering_names()
        return sorted(f.path for f in facts.loaded), names

    assert loaded({"recovers.go": recovers, "quiet.go": quiet, "mentions.go": mentions}) == ([], [])
    assert loaded({"recovers.go": recovers, "quiet.go": quiet, "calls.go": calls}) == (
        ["recovers.go"], ["logPanic"])
    own = recovers + b"\nfunc Stop() {\n\tdefer func() { logPanic() }()\n}\n"
    assert loaded({"recovers.go": own}) == (["recovers.go"], ["logPanic"])


def test_the_declared_index_made_again_by_one_file_equals_one_made_whole(monkeypatch):
    """A language server keeps the package's index of what its pending files
    may declare; an edit of one pending file makes it again from the last
    by that file alone: the same index as one made from scratch, whether
    the edit adds, removes or keeps names, and when two files change."""
    from golint_panics import facts, prefilter
    monkeypatch.setattr(prefilter, "KEEP_SCANS", 64)
    monkeypatch.setattr(facts, "_INDEXES", {})
    monkeypatch.setattr(facts, "_LAST_INDEX", {})
    files = [b"package p\n\nfunc A() {}\nfunc shared() {}\n",
             b"package p\n\nfunc B() {}\nfunc shared() {}\n",
             b"package p\n\ntype T struct{}\n\nfunc (T) M() {}\n"]

    def whole(datas):
        monkeypatch.setattr(prefilter, "KEEP_SCANS", 0)
        try:
            index, unknown = facts._declared_index(b"func", tuple(datas))
        finally:
            monkeypatch.setattr(prefilter, "KEEP_SCANS", 64)
        return {k: sorted(v) for k, v in index.items()}, sorted(unknown)

    def kept(datas):
        index, unknown = facts._declared_index(b"func", tuple(datas))
        return {k: sorted(v) for k, v in index.items()}, sorted(unknown)

    assert kept(files) == whole(files)
    edits = [
        (0, b"package p\n\nfunc A() {}\nfunc shared() {}\n// a comment\n"),     # same names
        (0, b"package p\n\nfunc A() {}\n"),                                    # shared removed
        (1, b"package p\n\nfunc B() {}\nfunc shared() {}\nfunc C() {}\n"),     # C added
        (2, b'package p\n\nvar s = "open\nfunc D() {}\n'),                     # does not lex
        (2, b"package p\n\nfunc E() {}\n"),
    ]
    datas = list(files)
    for i, data in edits:
        datas[i] = data
        assert kept(datas) == whole(datas), (i, data)
    datas[0], datas[1] = files[1], files[0]                                   # two at once
    assert kept(datas) == whole(datas)


def test_a_check_frees_its_parsed_files_without_waiting_for_a_collection(tmp_path):
    """Nothing that a parsed file keeps (its memo) refers back to it: a
    cycle would keep every syntax tree of a run alive until Python's cycle
    collector ran (a FuncInfo kept in its file's memo doubled the peak
    memory of a check of the standard library, 144 MB to 288 MB)."""
    import gc
    from golint_panics.config import select_rules
    from golint_panics.source import SourceFile
    from golint_panics.rule import Settings
    from golint_panics.runner import run_check
    from golint_panics import registry
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.19\n")
    (tmp_path / "a.go").write_text(
        "package svc\n\nimport \"os\"\n\ntype S struct{ m map[string]int }\n\n"
        "func (s *S) Put(k string) { s.m[k] = 1 }\n\nfunc Run(s *S) {\n\tgo s.Put(\"a\")\n"
        "\tdefer func() { recover() }()\n\tos.Exit(1)\n}\n")
    (tmp_path / "b.go").write_text("package svc\n\nfunc helper() int { return 1 }\n")
    rules, _ = select_rules(registry.load_rules(), select=["ALL"])
    gc.collect()
    # (files other tests left in the process's caches are not this check's;
    # held here, so that no new file can take the place of one of them)
    before = [o for o in gc.get_objects() if isinstance(o, SourceFile)]
    known = {id(o) for o in before}
    gc.disable()
    try:
        result = run_check(["."], rules, Settings(), jobs=1, cwd=str(tmp_path))
        assert result.files_parsed >= 1
        alive = [o.path for o in gc.get_objects()
                 if isinstance(o, SourceFile) and id(o) not in known]
    finally:
        gc.enable()
    assert alive == []


NIL_REGISTRY = {
    "vars.go": "package reg\n\n// registry is filled by Register.\nvar registry map[string]int\n",
    "zz_generated.go": "// Code generated by tablegen. DO NOT EDIT.\n\npackage reg\n\n"
                       "var table map[string]int\n\nfunc init() { table[\"a\"] = 1 }\n",
    "read.go": "package reg\n\n// Lookup reads the registry.\nfunc Lookup(k string) int {\n"
               "\treturn registry[k] + table[k]\n}\n",
}


def test_a_rule_needs_no_package_tokens_where_no_unchecked_file_can_hold_its_findings(
        tmp_path, monkeypatch):
    """GP011 reports at index writes only (its `reports_at`). Its package
    tokens (the package's map variables, found by scanning every file the
    rule has not run on) can only wake a file that writes an index: in a
    package whose only such write is in generated code (which the rule
    skips), they are not looked for. Once a hand-written file writes the
    nil map of another file, they are, and it is reported."""
    from golint_panics import facts as facts_mod
    asked = []
    real = facts_mod.PackageFacts.map_variables
    monkeypatch.setattr(facts_mod.PackageFacts, "map_variables",
                        lambda self: asked.append(1) or real(self))
    rules = [r for code, r in registry.load_rules().items() if code == "GP011"]
    for name, text in NIL_REGISTRY.items():
        (tmp_path / name).write_text(text)

    def check():
        asked.clear()
        result = run_check([str(tmp_path)], rules, Settings(), jobs=1)
        return sorted((f.code, f.path.rsplit("/", 1)[-1], f.location.line)
                      for f in result.findings)
    assert check() == [] and asked == []
    (tmp_path / "fill.go").write_text(
        "package reg\n\n// Register adds k.\nfunc Register(k string) {\n\tregistry[k] = 1\n}\n")
    assert check() == [("GP011", "fill.go", 5)] and asked

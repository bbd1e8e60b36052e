"""The program model: package classes, and the configuration reaching rules."""
from golint_panics.records import replace

from golint_panics import engine, model, registry
from golint_panics.config import select_rules
from golint_panics.project import Module, Package
from golint_panics.rule import Settings
from golint_panics.runner import run_check

MOD = Module("/src/shop", "example.com/shop")


def pkg(rel, name=None, imports=()):
    path = f"example.com/shop/{rel}" if rel else "example.com/shop"
    return Package(f"/src/shop/{rel}#x", f"/src/shop/{rel}", name or rel.rsplit("/", 1)[-1],
                   module=MOD, import_path=path, imports=set(imports))


def test_package_classes():
    packages = [
        pkg("cmd/shop", "main", ["example.com/shop/internal/server", "example.com/shop/lib"]),
        pkg("internal/server", imports=["example.com/shop/internal/store"]),
        pkg("internal/store"),                     # imported by an application package only
        pkg("internal/shared"),                    # imported by a library too: not application
        pkg("lib", imports=["example.com/shop/internal/shared"]),
        pkg("internal/testutil"),                  # a test-support segment
        pkg("pkg/nettest"),                        # a segment ending in "test"
        pkg("pkg/fixtures"),                       # imported only from test files
        pkg("internal/unused"),                    # imported by nobody: not application
    ]
    test_imports = {packages[4].key: {"example.com/shop/pkg/fixtures"}}
    got = {p.import_path.removeprefix("example.com/shop/"): c
           for p, c in zip(packages, map(model.classify(packages, test_imports).get,
                                         (p.key for p in packages)))}
    assert got == {"cmd/shop": "main", "internal/server": "application",
                   "internal/store": "application", "internal/shared": "library",
                   "lib": "library", "internal/testutil": "test-support",
                   "pkg/nettest": "test-support", "pkg/fixtures": "test-support",
                   "internal/unused": "library"}
    # configured globs replace the built-in list
    globs = ("example.com/shop/pkg/*",)
    classes = model.classify(packages, {}, globs)
    assert classes[packages[6].key] == "test-support"
    assert classes[packages[5].key] == "library"      # testutil: no longer by its name


def test_packages_only_generators_and_tests_import_are_test_support():
    """A `//go:build ignore` program (a generator `go build` never builds)
    imports like a test file: what only such programs and test files
    import is tooling, never linked into a program. One importer that is a
    library (tooling or not) or a program keeps it a library, and a mock
    importing the package it mocks does not make it test-support."""
    gen = replace(pkg("", "main", ["example.com/shop/internal/gen", "example.com/shop/tables/build"]),
                  key="/src/shop/maketables.go#standalone", standalone=True)
    build = pkg("tables/build", imports=["example.com/shop/internal/gen"])
    igen = pkg("internal/gen")
    tables = pkg("tables", imports=["example.com/shop/internal/shared"])
    shared = pkg("internal/shared")                 # imported by a library: stays one
    store = pkg("store")                            # the library a mock imports
    mocks = pkg("store/mocks", imports=["example.com/shop/store"])
    alone = replace(pkg("", "main", ["example.com/shop/internal/shared"]),
                    key="/src/shop/gen_shared.go#standalone", standalone=True)
    packages = [gen, build, igen, tables, shared, store, mocks, alone]
    test_imports = {tables.key: {"example.com/shop/tables/build"}}
    classes = model.classify(packages, test_imports)
    assert classes[build.key] == "test-support"
    # its importers: a generator and tooling (tables/build): an internal
    # package only programs and tooling import is an application package
    assert classes[igen.key] == "application"
    assert classes[shared.key] == "library"
    assert classes[tables.key] == "library"
    assert classes[store.key] == "library"
    assert classes[mocks.key] == "test-support"      # by its path
    # without that importer, only the generator imports it
    build.imports.discard("example.com/shop/internal/gen")
    assert model.classify(packages, test_imports)[igen.key] == "test-support"
    # configured test-support globs replace every built-in criterion
    assert model.classify(packages, test_imports, ("*/mocks",))[build.key] == "library"


def test_internal_packages_only_tests_use_are_test_support():
    """An internal package whose importers are all test-support serves no
    program (the fuzzing engine the testing package runs): test-support,
    down a chain; one program importing it anywhere up makes it
    application."""
    testing = pkg("testing", imports=["example.com/shop/internal/fuzz"])
    fuzz = pkg("internal/fuzz", imports=["example.com/shop/internal/coverage"])
    coverage = pkg("internal/coverage")
    packages = [testing, fuzz, coverage]
    classes = model.classify(packages, {})
    assert [classes[p.key] for p in packages] == ["test-support"] * 3
    main = pkg("cmd/shop", "main", ["example.com/shop/internal/fuzz"])
    classes = model.classify(packages + [main], {})
    assert classes[fuzz.key] == classes[coverage.key] == "application"


def test_standard_library_import_paths_have_no_module_prefix(tmp_path):
    """GOROOT/src is `module std`: its packages are `net/http`, not
    `std/net/http`, so its own imports connect (cmd is `module cmd`)."""
    from golint_panics.project import ModuleFinder, import_path_of
    (tmp_path / "go.mod").write_text("module std\n\ngo 1.19\n")
    (tmp_path / "net" / "http").mkdir(parents=True)
    (tmp_path / "cmd" / "go").mkdir(parents=True)
    (tmp_path / "cmd" / "go.mod").write_text("module cmd\n\ngo 1.19\n")
    finder = ModuleFinder()
    assert import_path_of(str(tmp_path / "net" / "http"), finder.find(str(tmp_path / "net" / "http"))) \
        == "net/http"
    assert import_path_of(str(tmp_path / "cmd" / "go"), finder.find(str(tmp_path / "cmd" / "go"))) \
        == "cmd/go"


def test_external_test_package_does_not_take_the_import_path():
    """`package store_test` files share the directory's import path; whatever
    the order packages were found in, importers import `store`, not the
    test package, and a test-support importer does not make a package
    importable."""
    main = pkg("cmd/shop", "main", ["example.com/shop/internal/store"])
    store = pkg("internal/store")
    ext = replace(pkg("internal/store", "store_test"), key="/src/shop/internal/store#store_test")
    helper = pkg("internal/testutil", imports=["example.com/shop/internal/store"])
    for order in ([ext, store, main, helper], [store, ext, helper, main]):
        classes = model.classify(order, {})
        assert classes[store.key] == "application", order
        assert classes[helper.key] == "test-support"


def test_rule_options_reach_the_rule_and_generated_files_are_skipped(tmp_path, monkeypatch):
    seen = []

    def check(node, ctx):
        seen.append((ctx.file.name, ctx.strict, ctx.options.get("strict"), ctx.package_class))
    rules = dict(registry.load_rules())
    rules["GP010"] = replace(rules["GP010"], check=check)
    monkeypatch.setattr(registry, "_cache", rules)
    monkeypatch.setattr(engine, "_dispatchers", {})
    src = 'package lib\n\nimport "syscall"\n\nfunc F() { _ = syscall.Dup2 }\n'
    (tmp_path / "a.go").write_text(src)
    (tmp_path / "gen.go").write_text("// Code generated by x. DO NOT EDIT.\n\n" + src.replace("F(", "G("))
    enabled, _ = select_rules(rules, select=["GP010"])
    settings = Settings(rule_options={"GP010": {"strict": True}})
    run_check(["."], enabled, settings, jobs=1, cwd=str(tmp_path))
    assert seen == [("a.go", True, True, "library")]
    seen.clear()
    run_check(["."], enabled, replace(settings, include_generated=True), jobs=1, cwd=str(tmp_path))
    assert sorted(s[0] for s in seen) == ["a.go", "gen.go"]


def test_generated_files_start_no_root_unless_included(tmp_path):
    """A goroutine started in a generated file is not a root of the model
    (nobody edits that file), so a write it reaches in a hand-written file
    is not judged with it; `generated = "include"` brings it back."""
    (tmp_path / "store.go").write_text(
        "package store\n\nvar hits = map[string]int{}\n\n"
        "func record(k string) {\n\thits[k]++\n}\n")
    (tmp_path / "gen.go").write_text(
        "// Code generated by tool. DO NOT EDIT.\n\npackage store\n\n"
        "func Pump(keys []string) {\n\tfor _, k := range keys {\n\t\tgo record(k)\n\t}\n}\n")
    rules, _ = select_rules(registry.load_rules(), select=["GP003"])
    result = run_check(["."], rules, Settings(), jobs=1, cwd=str(tmp_path))
    assert [f for f in result.findings if f.code == "GP003"] == []
    result = run_check(["."], rules, Settings(include_generated=True), jobs=1, cwd=str(tmp_path))
    [finding] = [f for f in result.findings if f.code == "GP003"]
    assert (finding.location.path, finding.location.line) == ("store.go", 6)
    assert "goroutine started at gen.go:7" in finding.message


def test_a_goroutine_feeding_a_returned_channel_shows_the_send_and_the_return():
    """The evidence of GP004's channel clause: where the goroutine feeds the
    channel, and the `return` that hands it to the caller (not the send
    twice)."""
    import os
    lib = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                       "testdata", "GP004", "lib")
    rules, _ = select_rules(registry.load_rules(), select=["GP004"])
    result = run_check([lib], rules, Settings(), jobs=1, cwd=lib)
    [decode] = [f for f in result.findings if "it feeds ch," in f.message]
    assert [(r.line, r.message) for r in decode.related] == [
        (102, "the goroutine's code"), (105, "ch fed here"),
        (108, "ch returned to the caller here")]

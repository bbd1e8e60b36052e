"""Programs: which packages make up one program, whatever the layout of the
run (copies of one module side by side, vendor/, a GOPATH tree)."""
import os
import shutil

import pytest

from golint_panics import registry
from golint_panics.cache import Cache
from golint_panics.config import select_rules
from golint_panics.rule import Settings
from golint_panics.runner import run_check
from want import TESTDATA, check_fixture

PROGRAMS = os.path.join(TESTDATA, "programs")
GP001, _ = select_rules(registry.load_rules(), select=["GP001"])
NOTE = "dependencies not found (vendor/ or module cache)"


@pytest.fixture(autouse=True)
def empty_modcache(monkeypatch, tmp_path):
    """Nothing here may come from a module cache."""
    (tmp_path / "modcache").mkdir()
    monkeypatch.setenv("GOMODCACHE", str(tmp_path / "modcache"))


def gp001(paths, cwd, **kw):
    return run_check(paths, GP001, Settings(), jobs=1, cwd=cwd, **kw)


def sites(result):
    return sorted((f.path, f.location.line) for f in result.findings)


@pytest.mark.parametrize("case", ["twins", "gopath", "vendored"])
def test_program_fixtures(case):
    problems = check_fixture(os.path.join(PROGRAMS, case), select="GP001")
    assert not problems, "\n".join(problems)


def test_two_copies_of_one_module_are_two_programs():
    twins = os.path.join(PROGRAMS, "twins")
    result = gp001(["svc-a", "svc-b"], twins)
    expected = []
    for copy in ("svc-a", "svc-b"):
        expected += [(os.path.join(copy, "agent", "agent.go"), 12),
                     (os.path.join(copy, "cmd", "svc", "main.go"), 16)]
    assert sites(result) == sorted(expected)
    # each copy's findings point at that copy's other handler
    for f in result.findings:
        copy = f.path.split(os.sep)[0]
        assert all(r.path.startswith(copy + os.sep) for r in f.related), f
    # the order of the paths does not matter
    assert sites(gp001(["svc-b", "svc-a"], twins)) == sorted(expected)


def test_gopath_tree_assembles_programs_from_paths_below_src():
    root = os.path.join(PROGRAMS, "gopath")
    result = gp001(["src"], root)
    app = os.path.join("src", "example.com", "app")
    assert sites(result) == [(os.path.join(app, "agent", "agent.go"), 13),
                             (os.path.join(app, "cmd", "app", "main.go"), 16)]
    assert all("program example.com/app/cmd/app" in f.message for f in result.findings)
    assert result.notes == []          # no go.mod: no dependency to look for
    # a check of part of the tree finds the same import paths
    assert sites(gp001([app], root)) == sites(result)


def test_gopath_main_alone_in_the_run_is_its_own_program():
    root = os.path.join(PROGRAMS, "gopath", "src", "example.com", "app")
    assert gp001([os.path.join("cmd", "app")], root).findings == []


VENDORED = os.path.join(PROGRAMS, "vendored")
START = (os.path.join("cmd", "gen", "main.go"), 19)      # app.Start(): the agent, vendored
NOTIFY = (os.path.join("cmd", "gen", "main.go"), 21)


@pytest.mark.parametrize("paths", [["."], [os.path.join("cmd", "gen")],
                                   [os.path.join("cmd", "gen", "main.go")]])
def test_no_missing_note_when_everything_is_vendored(paths):
    """The module's own packages (example.com/platform/tools/internal/flags)
    are not dependencies, though a vendored module's path
    (example.com/platform) is a prefix of theirs: checking part of the
    module gives no note either."""
    result = gp001(paths, VENDORED)
    assert result.notes == []
    assert sites(result) == [START, NOTIFY]


def test_missing_vendored_package_is_noted_until_it_is_vendored(tmp_path):
    root = tmp_path / "vendored"
    shutil.copytree(VENDORED, root)
    agent = root / "vendor" / "github.com" / "DiagCo" / "agent"
    shutil.move(str(agent), str(tmp_path / "agent"))
    cache = str(tmp_path / "cache")
    missing = gp001(["."], str(root), cache=Cache(cache))
    assert missing.notes == [f"{NOTE}, their signal handlers are not seen: "
                             "github.com/DiagCo/agent@v1.2.0"]
    assert sites(missing) == []
    # vendored again: the summary that could not see it is not reused from the cache
    shutil.move(str(tmp_path / "agent"), str(agent))
    for _ in range(2):            # cold for the agent, then warm
        again = gp001(["."], str(root), cache=Cache(cache))
        assert again.notes == []
        assert sites(again) == [START, NOTIFY]


def test_a_check_of_some_files_groups_only_the_programs_they_are_part_of(monkeypatch,
                                                                        tmp_path):
    """A program rule reports at registrations, all in its program's
    packages: a check of one file makes only the groups of the programs
    its package is part of (not another command's of the same module, whose
    dependencies would be looked up for nothing), and finds what the whole
    run finds there."""
    from golint_panics import runner
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.19\n")
    notify = ('\tc := make(chan os.Signal, 1)\n'
              '\tsignal.Notify(c, syscall.SIGTERM)\n\tgo func() {\n\t\t<-c\n\t\tos.Exit(0)\n\t}()\n')
    imports = 'import (\n\t"os"\n\t"os/signal"\n\t"syscall"\n'
    for name, extra in (("api", '\n\t"example.com/svc/agent"\n'), ("tool", "")):
        (tmp_path / "cmd" / name).mkdir(parents=True)
        (tmp_path / "cmd" / name / "main.go").write_text(
            f"package main\n\n{imports}{extra})\n\nfunc main() {{\n{notify}"
            + ("\tagent.Start()\n" if extra else "") + "\tselect {}\n}\n")
    (tmp_path / "agent").mkdir()
    (tmp_path / "agent" / "agent.go").write_text(
        f"package agent\n\n{imports})\n\n// Start stops the process on SIGTERM.\n"
        f"func Start() {{\n{notify}}}\n")
    made = []
    real = runner.ProgramGroup
    monkeypatch.setattr(runner, "ProgramGroup",
                        lambda label, *rest: made.append(label) or real(label, *rest))
    whole = gp001(["."], str(tmp_path))
    assert sorted(made) == ["example.com/svc/cmd/api", "example.com/svc/cmd/tool"]
    made.clear()
    agent = os.path.join("agent", "agent.go")
    one = gp001([agent], str(tmp_path))
    assert made == ["example.com/svc/cmd/api"]
    assert sites(one) == [s for s in sites(whole) if s[0] == agent] != []


def test_a_language_server_finds_the_programs_of_its_table_once(monkeypatch, tmp_path):
    """The package table the language server keeps tells its programs
    once: an edit inside a function does not make them again."""
    from golint_panics import cache, deps, engine, prefilter, runner, source
    from golint_panics.lsp import Linter
    # (what a Linter keeps in the process, put back for the other tests)
    for module, name in ((source, "KEEP_PARSED"), (deps, "KEEP_SUMMARIES"),
                         (prefilter, "KEEP_SCANS"), (cache, "KEEP_ENTRIES")):
        monkeypatch.setattr(module, name, getattr(module, name))
    monkeypatch.setattr(engine, "_KEPT_CALLS", {})
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.19\n")
    (tmp_path / "cmd" / "api").mkdir(parents=True)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "lib.go").write_text("package lib\n\nfunc F() {}\n")
    main = tmp_path / "cmd" / "api" / "main.go"
    main.write_text('package main\n\nimport (\n\t"os"\n\t"os/signal"\n)\n\nfunc main() {\n'
                    '\tc := make(chan os.Signal, 1)\n\tsignal.Notify(c, os.Interrupt)\n'
                    '\t<-c\n}\n')
    counted = []
    real = runner.programs
    monkeypatch.setattr(runner, "programs", lambda packages: counted.append(1) or real(packages))
    linter = Linter()
    made = []
    for i in range(4):
        findings, error = linter.lint(str(main), main.read_text().replace(
            "\t<-c\n", f"\t<-c\n\t_ = {i}\n"))
        assert error is None
        linter.save()
        made.append(len(counted))
    assert made == [1, 1, 1, 1]

"""Configuration files, found from the linted path upwards, strict about keys."""
import json
import os

from test_cli import BAD, run

GO4 = """package main

func w(jobs []int) { _ = jobs[0] }

func Start(jobs []int) {
	go w(jobs)
}
"""


def codes(p):
    return sorted((f["path"], f["code"]) for f in json.loads(p.stdout))


def test_dot_config_found_from_the_path_upwards(tmp_path):
    (tmp_path / ".golint-panics.toml").write_text('ignore = ["GP002"]\n')
    sub = tmp_path / "svc" / "lib"
    sub.mkdir(parents=True)
    (sub / "bad.go").write_text(BAD)
    (sub / "go4.go").write_text(GO4)
    p = run(["check", "--output-format", "json", "svc"], tmp_path)
    assert codes(p) == [(os.path.join("svc", "lib", "go4.go"), "GP004")]
    p = run(["check", "--output-format", "json", "."], sub)
    assert codes(p) == [("go4.go", "GP004")]
    p = run(["check", "--isolated", "--output-format", "json", "."], sub)
    assert codes(p) == [("bad.go", "GP002"), ("go4.go", "GP004")]


def test_pyproject_table_and_cli_precedence(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.golint-panics]\nselect = ["GP004"]\n')
    (tmp_path / "bad.go").write_text(BAD)
    (tmp_path / "go4.go").write_text(GO4)
    assert codes(run(["check", "--output-format", "json"], tmp_path)) == [("go4.go", "GP004")]
    assert codes(run(["check", "--select", "GP002", "--output-format", "json"], tmp_path)) == [
        ("bad.go", "GP002")]
    assert codes(run(["check", "--extend-select", "GP002", "--output-format", "json"], tmp_path)) == [
        ("bad.go", "GP002"), ("go4.go", "GP004")]


def test_a_pyproject_without_our_table_is_passed_over(tmp_path):
    (tmp_path / ".golint-panics.toml").write_text('ignore = ["GP004"]\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (sub / "go4.go").write_text(GO4)
    assert run(["check", "."], sub).returncode == 0


def test_unknown_keys_codes_and_options_are_errors(tmp_path):
    (tmp_path / "bad.go").write_text(BAD)
    cfg = tmp_path / ".golint-panics.toml"
    for text, needle in [
        ('selcet = ["GP002"]\n', "unknown key 'selcet'"),
        ('ignore = ["GP099"]\n', "'GP099'"),
        ('[per-file-ignores]\n"*.go" = ["nonsense"]\n', "'nonsense'"),
        ('[rules.GP004]\nstrikt = true\n', "unknown option 'strikt' for GP004"),
        ('[rules.GP002]\nstrict = "yes"\n', "[rules.GP002] strict must be true or false"),
        ('generated = "yes"\n', 'generated must be "skip" or "include"'),
        ('test-support = [1]\n', "test-support must be a list of strings"),
        ('[rules.GP777]\nx = 1\n', "unknown rule 'GP777'"),
        ('recover-helpers = ["HandleCrash"]\n', "import/path.Func"),
        ('strict-go = "yes"\n', "strict-go must be true or false"),
        ('goroutine-launchers = ["Spawn"]\n', "import/path.Type.Method"),
        ('goroutine-launchers = ["example.com/a.B.C.D"]\n', "import/path.Type.Method"),
        ('select = [\n', "invalid TOML"),
    ]:
        cfg.write_text(text)
        p = run(["check", "."], tmp_path)
        assert p.returncode == 2, text
        assert needle in p.stderr, (text, p.stderr)
        assert "Traceback" not in p.stderr


def test_per_file_ignores_exclude_and_force_exclude(tmp_path):
    (tmp_path / ".golint-panics.toml").write_text(
        'extend-exclude = ["generated", "legacy/*.go"]\n'
        '[per-file-ignores]\n"cmd/**" = ["GP002"]\n"*_gen.go" = ["GP004"]\n')
    for d in ("cmd/tool", "generated", "legacy", "lib"):
        (tmp_path / d).mkdir(parents=True)
    (tmp_path / "cmd/tool/bad.go").write_text(BAD)
    (tmp_path / "generated/bad.go").write_text(BAD)
    (tmp_path / "legacy/bad.go").write_text(BAD)
    (tmp_path / "lib/bad.go").write_text(BAD)
    (tmp_path / "lib/x_gen.go").write_text(GO4)
    p = run(["check", "--output-format", "json", "."], tmp_path)
    assert codes(p) == [(os.path.join("lib", "bad.go"), "GP002")]
    # named explicitly, an excluded file is checked unless --force-exclude
    assert codes(run(["check", "--output-format", "json", "legacy/bad.go"], tmp_path)) == [
        (os.path.join("legacy", "bad.go"), "GP002")]
    p = run(["check", "--force-exclude", "--output-format", "json", "legacy/bad.go",
             "generated/bad.go", "lib/bad.go"], tmp_path)
    assert codes(p) == [(os.path.join("lib", "bad.go"), "GP002")]


def test_recover_helpers_and_rule_options_from_config(tmp_path):
    (tmp_path / "srv.go").write_text(
        'package main\n\nimport (\n\t"fmt"\n\tutilruntime "k8s.io/apimachinery/pkg/util/runtime"\n'
        '\t"example.com/x"\n)\n\nfunc S(items []string) {\n\tgo func() {\n'
        '\t\tdefer utilruntime.HandleCrash()\n\t\tfmt.Println(items[0])\n\t}()\n\tgo x.Run()\n}\n')
    cfg = tmp_path / ".golint-panics.toml"
    assert run(["check", "--select", "GP004", "."], tmp_path).returncode == 1
    cfg.write_text('recover-helpers = ["k8s.io/apimachinery/pkg/util/runtime.HandleCrash"]\n')
    assert run(["check", "--select", "GP004", "."], tmp_path).returncode == 0
    cfg.write_text('recover-helpers = ["k8s.io/apimachinery/pkg/util/runtime.HandleCrash"]\n'
                   '[rules.GP004]\nstrict-go = true\n')
    p = run(["check", "--select", "GP004", "."], tmp_path)
    assert p.returncode == 1 and "srv.go:14:2: GP004" in p.stdout


def test_explicit_config_file(tmp_path):
    (tmp_path / "bad.go").write_text(BAD)
    (tmp_path / "custom.toml").write_text('ignore = ["GP002"]\n')
    assert run(["check", "--config", "custom.toml", "."], tmp_path).returncode == 0
    p = run(["check", "--config", "missing.toml", "."], tmp_path)
    assert p.returncode == 2 and "missing.toml" in p.stderr


NOTIFY = ('package {pkg}\n\nimport (\n\t"os"\n\t"os/signal"\n)\n\nfunc {fn}() {{\n'
          '\tc := make(chan os.Signal)\n\tsignal.Notify(c, os.Interrupt)\n\t<-c\n}}\n')


def nested_tree(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/shop\n\ngo 1.19\n")
    (tmp_path / "cmd" / "app").mkdir(parents=True)
    (tmp_path / "internal" / "lib").mkdir(parents=True)
    (tmp_path / "cmd" / ".golint-panics.toml").write_text(
        'ignore = ["GP007"]\nextend-exclude = ["legacy"]\n')
    (tmp_path / "cmd" / "app" / "main.go").write_text(NOTIFY.format(pkg="main", fn="main"))
    (tmp_path / "cmd" / "legacy").mkdir()
    (tmp_path / "cmd" / "legacy" / "old.go").write_text(NOTIFY.format(pkg="legacy", fn="Old"))
    (tmp_path / "internal" / "lib" / "new.go").write_text(NOTIFY.format(pkg="lib", fn="Wait"))


def reported(p):
    return sorted((d["path"].replace(os.sep, "/"), d["code"]) for d in json.loads(p.stdout))


def test_each_file_gets_its_closest_config_whatever_the_order_of_paths(tmp_path):
    """ruff's model: cmd/.golint-panics.toml governs cmd/ only, however the
    files are named on the command line (before, the first PATH's config
    held for every file)."""
    nested_tree(tmp_path)
    want = [("internal/lib/new.go", "GP007")]
    for args in (["cmd/app/main.go", "internal/lib/new.go"],
                 ["internal/lib/new.go", "cmd/app/main.go"], ["."], ["internal", "cmd"]):
        p = run(["check", "--force-exclude", "--output-format", "json", *args], tmp_path)
        assert reported(p) == want, args
    # the nested config's exclude holds below it; --isolated reads no config
    p = run(["check", "--isolated", "--output-format", "json", "."], tmp_path)
    assert reported(p) == [("cmd/app/main.go", "GP007"), ("cmd/legacy/old.go", "GP007"),
                           ("internal/lib/new.go", "GP007")]
    # --config gives one configuration to every file
    (tmp_path / "all.toml").write_text('ignore = ["GP007"]\n')
    p = run(["check", "--config", "all.toml", "--output-format", "json", "."], tmp_path)
    assert reported(p) == [] and p.returncode == 0
    # command-line options go on top of each file's own configuration
    p = run(["check", "--ignore", "GP007", "--output-format", "json", "."], tmp_path)
    assert reported(p) == []
    p = run(["check", "--select", "GP007,GP002", "--output-format", "json", "."], tmp_path)
    assert reported(p) == want                   # cmd/ still ignores GP007
    # a buffer gets the config of its own directory
    p = run(["check", "--stdin-filename", "cmd/app/main.go", "-"], tmp_path,
            input=NOTIFY.format(pkg="main", fn="main"))
    assert (p.returncode, p.stdout) == (0, "")


def test_a_broken_nested_config_is_a_usage_error_naming_it(tmp_path):
    nested_tree(tmp_path)
    (tmp_path / "internal" / ".golint-panics.toml").write_text('ignroe = ["GP007"]\n')
    p = run(["check", "."], tmp_path)
    assert p.returncode == 2
    assert "internal/.golint-panics.toml" in p.stderr and "ignroe" in p.stderr
    assert "Traceback" not in p.stderr


def test_show_files_and_show_settings(tmp_path):
    nested_tree(tmp_path)
    (tmp_path / "vendor" / "dep").mkdir(parents=True)
    (tmp_path / "vendor" / "dep" / "dep.go").write_text("package dep\n")
    p = run(["check", "--show-files", "."], tmp_path)
    assert p.returncode == 0
    lines = p.stdout.splitlines()
    assert [l for l in lines if not l.startswith("excluded:")] == [
        "cmd/app/main.go", "internal/lib/new.go"]
    assert "excluded: cmd/legacy (pattern 'legacy' of " in p.stdout
    assert str(tmp_path / "cmd" / ".golint-panics.toml") in p.stdout
    assert "excluded: vendor (pattern 'vendor' of the defaults)" in p.stdout
    p = run(["check", "--show-settings", "cmd/app/main.go"], tmp_path)
    assert p.returncode == 0
    assert f'config-file = "{tmp_path / "cmd" / ".golint-panics.toml"}"' in p.stdout
    rules = json.loads(next(l for l in p.stdout.splitlines() if l.startswith("rules = "))[8:])
    assert "GP007" not in rules and "GP002" in rules
    p = run(["check", "--show-settings", "internal/lib/new.go"], tmp_path)
    assert 'config-file = "(none: the defaults)"' in p.stdout and '"GP007"' in p.stdout


def test_extend_and_inline_overrides(tmp_path):
    nested_tree(tmp_path)
    (tmp_path / "base.toml").write_text('ignore = ["GP007"]\n[rules.GP004]\nstrict = true\n')
    (tmp_path / "cmd" / ".golint-panics.toml").write_text(
        'extend = "../base.toml"\nextend-exclude = ["legacy"]\n[rules.GP004]\nstrict-go = false\n')
    p = run(["check", "--show-settings", "cmd/app/main.go"], tmp_path)
    assert '"GP007"' not in p.stdout                      # from the base
    assert '[rules.GP004] = {"strict": true, "strict-go": false}' in p.stdout   # merged
    assert '"legacy"' in p.stdout                          # its own
    p = run(["check", "--output-format", "json", "."], tmp_path)
    assert reported(p) == [("internal/lib/new.go", "GP007")]
    # --config KEY=VALUE goes on top of every file's configuration
    p = run(["check", "--config", 'ignore = ["GP007"]', "--output-format", "json", "."], tmp_path)
    assert reported(p) == [] and p.returncode == 0
    p = run(["check", "--config", "rules.GP002.strict = true", "--show-settings",
             "internal/lib/new.go"], tmp_path)
    assert '[rules.GP002] = {"strict": true}' in p.stdout
    # mistakes are usage errors that say what is wrong
    for body, says in (('extend = "missing.toml"\n', "no such config file"),
                       ('extend = ".golint-panics.toml"\n', "cycle")):
        (tmp_path / "cmd" / ".golint-panics.toml").write_text(body)
        p = run(["check", "."], tmp_path)
        assert p.returncode == 2 and says in p.stderr, p.stderr
    p = run(["check", "--config", "ignore = [", "."], tmp_path)
    assert p.returncode == 2 and "KEY = VALUE" in p.stderr

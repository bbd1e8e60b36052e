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

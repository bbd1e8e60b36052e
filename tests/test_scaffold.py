"""`golint-panics new-rule`: the scaffold a rule starts from works as written."""
import os
import subprocess
import sys

from test_cli import run


def _plugin_project(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "golint-panics-example"\nversion = "0.1.0"\n')
    (tmp_path / "example_rules").mkdir()
    (tmp_path / "example_rules" / "__init__.py").write_text("")
    return tmp_path


def test_a_scaffolded_plugin_rule_passes_its_own_fixture(tmp_path):
    project = _plugin_project(tmp_path)
    p = run(["new-rule", "XP0042", "panic-in-library", "--summary", "panic in a library"],
            project)
    assert p.returncode == 0, p.stderr
    assert sorted(p.stdout.split("\n")[:4]) == sorted([
        "wrote ./example_rules/xp0042_panic_in_library.py", "wrote ./tests/test_xp0042.py",
        "wrote ./testdata/XP0042/example.go", "wrote ./pyproject.toml"])
    toml = (project / "pyproject.toml").read_text()
    assert toml.endswith('[project.entry-points."golint_panics.rules"]\n'
                         'XP0042 = "example_rules.xp0042_panic_in_library:RULE"\n')
    # the generated test runs the generated fixture through golint_panics.testing
    test = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests"], cwd=project, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(project)))
    assert test.returncode == 0, test.stdout + test.stderr
    assert "1 passed" in test.stdout
    # the module reads like a rule of this project: docs with every section
    from golint_panics.registry import validate
    sys.path.insert(0, str(project))
    try:
        from example_rules.xp0042_panic_in_library import RULE
        validate(RULE, "test", "XP0042")
    finally:
        sys.path.remove(str(project))


def test_a_second_rule_joins_the_entry_point_table(tmp_path):
    project = _plugin_project(tmp_path)
    assert run(["new-rule", "XP0001", "first-rule"], project).returncode == 0
    (project / "pyproject.toml").write_text((project / "pyproject.toml").read_text() +
                                            '\n[tool.other]\nkey = 1\n')
    assert run(["new-rule", "XP0002", "second-rule"], project).returncode == 0
    toml = (project / "pyproject.toml").read_text()
    assert 'XP0001 = "example_rules.xp0001_first_rule:RULE"\n' \
           'XP0002 = "example_rules.xp0002_second_rule:RULE"\n' in toml
    assert toml.endswith("[tool.other]\nkey = 1\n")


def test_nothing_is_overwritten_and_bad_names_are_refused(tmp_path):
    project = _plugin_project(tmp_path)
    assert run(["new-rule", "XP0001", "first-rule"], project).returncode == 0
    (project / "testdata" / "XP0005").mkdir()
    (project / "testdata" / "XP0005" / "example.go").write_text("package mine\n")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    for args, needle in ((["XP0005", "fifth-rule"], "testdata/XP0005/example.go exists: "
                                                    "nothing written"),
                         (["XP0001", "again"], "XP0001 is already registered"),
                         (["xp3", "bad"], "capital letters then digits"),
                         (["XP0004", "Bad Name"], "lower-case-with-dashes")):
        p = run(["new-rule", *args], project)
        assert p.returncode == 2 and needle in p.stderr, p.stderr
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == before


def test_in_this_repository_a_rule_is_a_built_in(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "golint-panics"\n\n'
        '[project.entry-points."golint_panics.rules"]\n'
        'GP000 = "golint_panics.rules.gp000_parse_error:RULE"\n\n[tool.x]\n')
    (tmp_path / "rules").mkdir()
    p = run(["new-rule", "GP013", "some-rule"], tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "rules" / "gp013_some_rule.py").exists()
    assert (tmp_path / "testdata" / "GP013" / "example.go").exists()
    assert not (tmp_path / "tests").exists()        # test_rules.py runs every fixture
    assert 'GP000 = "golint_panics.rules.gp000_parse_error:RULE"\n' \
           'GP013 = "golint_panics.rules.gp013_some_rule:RULE"\n\n[tool.x]' in \
           (tmp_path / "pyproject.toml").read_text()

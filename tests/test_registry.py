"""Rules load through the `golint_panics.rules` entry-point group, built-in or not."""
import ast
import os
from importlib.metadata import EntryPoint

import pytest

from golint_panics import registry
from golint_panics.config import select_rules
from golint_panics.rule import Rule, Settings
from golint_panics.runner import run_check

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_builtin_rules_come_from_the_entry_point_group():
    eps = {ep.name: ep.value for ep in registry.entry_points() if registry._builtin(ep)}
    for code in ("GP000", "GP001", "GP002", "GP003", "GP004", "GP005"):
        assert eps[code].startswith("golint_panics.rules.gp"), eps
    rules = registry.load_rules(refresh=True)
    assert set(eps) <= set(rules)
    assert all(isinstance(r, Rule) for r in rules.values())


@pytest.fixture
def plugins(monkeypatch):
    """Plugins on (the suite runs with the built-in rules only), and a
    registry loaded afresh before and after."""
    monkeypatch.setenv("GOLINT_PANICS_PLUGINS", "1")
    monkeypatch.setattr(registry, "_cache", None)
    yield
    registry._cache = None


def test_a_plugin_registered_through_the_same_path_runs(monkeypatch, tmp_path, plugins):
    real = list(registry.entry_points())
    plugin = EntryPoint(name="XP100", value="plugin_rule:RULE", group=registry.GROUP)
    monkeypatch.setattr(registry, "entry_points", lambda: real + [plugin])
    monkeypatch.setattr(registry, "_cache", None)
    rules = registry.load_rules()
    assert "XP100" in rules
    (tmp_path / "a.go").write_text("package a\n\nfunc f() {\n\tgo g()\n}\n\nfunc g() {}\n")
    enabled, _ = select_rules(rules, select=["XP100"])
    result = run_check(["."], enabled, Settings(), jobs=1, cwd=str(tmp_path))
    assert [(f.code, f.location.line, f.location.column, f.message) for f in result.findings] == [
        ("XP100", 4, 2, "plugin rule saw a go statement")]
    monkeypatch.setattr(registry, "_cache", None)


def test_a_broken_plugin_is_a_clear_error(monkeypatch, plugins):
    bad = EntryPoint(name="BAD1", value="no_such_module_xyz:RULE", group=registry.GROUP)
    monkeypatch.setattr(registry, "entry_points", lambda: [bad])
    monkeypatch.setattr(registry, "_cache", None)
    with pytest.raises(registry.RegistryError, match="BAD1"):
        registry.load_rules()
    monkeypatch.setattr(registry, "_cache", None)


def test_rules_import_only_the_rule_api():
    """Rule modules may import the rule API, never the engine, CLI or reporters."""
    rules_dir = os.path.join(REPO, "rules")
    for name in sorted(os.listdir(rules_dir)):
        if not name.endswith(".py"):
            continue
        tree = ast.parse(open(os.path.join(rules_dir, name), encoding="utf-8").read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("golint_panics"):
                assert node.module == "golint_panics.rule", f"{name} imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("golint_panics"), f"{name} imports {alias.name}"


REQUIRED = ("## What it does", "## Why is this bad?", "## Example", "## Use instead",
            "## Known limits", "## References")


@pytest.mark.parametrize("code", sorted(registry.load_rules()))
def test_every_rule_documents_itself(code):
    rule = registry.load_rules()[code]
    for section in REQUIRED:
        assert section in rule.doc_text, f"{code} lacks {section!r}"
    assert rule.summary and rule.name and rule.severity in ("error", "warning", "note")


def test_a_plugin_whose_tokens_are_not_go_source_is_rejected(monkeypatch, plugins):
    # a function or regex cannot be shown to be sound: the prefilter would
    # hide findings it cannot see (rules.md: an optimisation, never a filter)
    from golint_panics.records import replace
    import plugin_rule
    # the same for `reports_at`, the tokens of where a rule may report
    for field in ("tokens", "reports_at"):
        for bad in ((lambda data: b"go" in data,), (b"(",), (b'"a\\x2fb"',)):
            monkeypatch.setattr(plugin_rule, "BAD", replace(plugin_rule.RULE, code="XP101",
                                                            **{field: bad}), raising=False)
            ep = EntryPoint(name="XP101", value="plugin_rule:BAD", group=registry.GROUP)
            monkeypatch.setattr(registry, "entry_points", lambda: [ep])
            monkeypatch.setattr(registry, "_cache", None)
            with pytest.raises(registry.RegistryError, match=f"XP101.*{field}"):
                registry.load_rules()
    monkeypatch.setattr(registry, "_cache", None)


def test_roles_are_known_and_taken_once(monkeypatch, plugins):
    """The infrastructure finds its notes and suppression findings by role,
    never by code: a plugin cannot name an unknown role, nor take one that a
    built-in plays."""
    from golint_panics.records import replace
    import plugin_rule
    real = list(registry.entry_points())
    for role, needle in (("no-such-role", "unknown role"), ("file-note", "takes the role")):
        monkeypatch.setattr(plugin_rule, "ROLED", replace(plugin_rule.RULE, code="XP102",
                                                          role=role), raising=False)
        ep = EntryPoint(name="XP102", value="plugin_rule:ROLED", group=registry.GROUP)
        monkeypatch.setattr(registry, "entry_points", lambda: real + [ep])
        monkeypatch.setattr(registry, "_cache", None)
        with pytest.raises(registry.RegistryError, match=needle):
            registry.load_rules()
    monkeypatch.setattr(registry, "entry_points", lambda: real)
    monkeypatch.setattr(registry, "_cache", None)
    roles = {r.role: r.code for r in registry.load_rules().values() if r.role}
    assert set(roles) == {"file-note", "unused-suppression", "malformed-suppression"}


def test_no_rule_code_in_the_infrastructure():
    """Rule codes live in the rules: the engine, runner, config, suppression
    and reporters name none outside comments, docstrings and help texts."""
    import io
    import re
    import tokenize
    pkg = os.path.join(REPO, "golint_panics")
    offenders = []
    for root, _dirs, files in os.walk(pkg):
        for name in files:
            if not name.endswith(".py") or name == "cli.py":
                continue
            path = os.path.join(root, name)
            src = open(path, encoding="utf-8").read()
            for tok in tokenize.generate_tokens(io.StringIO(src).readline):
                if tok.type == tokenize.STRING and re.search(r"\bGP\d{3}\b", tok.string) \
                        and not tok.string.startswith(('"""', "'''", 'f"""')):
                    offenders.append(f"{os.path.relpath(path, REPO)}:{tok.start[0]}")
    assert not offenders, offenders


class _Dist:
    """What importlib.metadata says of the package that installed a plugin."""
    name = "acme-golint"
    version = "1.2.0"


def _plugin(monkeypatch, entry="XP100", value="plugin_rule:RULE", **changes):
    """The built-in entry points plus one of the acme-golint package, whose
    rule is plugin_rule.RULE with `changes`."""
    from golint_panics.records import replace
    import plugin_rule
    obj = replace(plugin_rule.RULE, **changes) if changes else plugin_rule.RULE
    monkeypatch.setattr(plugin_rule, "CHANGED", obj, raising=False)
    ep = EntryPoint(name=entry, value=value.replace(":RULE", ":CHANGED"),
                    group=registry.GROUP)._for(_Dist())
    real = [e for e in registry.entry_points() if e.name.startswith("GP")]
    monkeypatch.setattr(registry, "entry_points", lambda: real + [ep])
    monkeypatch.setattr(registry, "_cache", None)


@pytest.mark.parametrize("changes, entry, needle", [
    ({"name": "library-exit"}, "XP100", "takes the name 'library-exit' of GP002"),
    ({"code": "GP002"}, "GP002", "registered by golint-panics .* and by acme-golint 1.2.0"),
    ({"severity": "info"}, "XP100", "severity 'info' is not one of error, warning, note"),
    ({"docs": "## What it does\nx"}, "XP100", "lack the section.*Why is this bad"),
    ({}, "XP999", "entry point must be named after the rule's code"),
    ({"name": "Has Spaces"}, "XP100", "not lower-case-with-dashes"),
])
def test_what_a_plugin_registers_is_checked_and_the_error_names_it(monkeypatch, plugins,
                                                                     changes, entry, needle):
    _plugin(monkeypatch, entry, **changes)
    with pytest.raises(registry.RegistryError, match=needle) as caught:
        registry.load_rules()
    assert "acme-golint 1.2.0" in str(caught.value)


def test_a_list_of_rules_is_named_by_a_code_prefix(monkeypatch, plugins):
    import plugin_rule
    from golint_panics.records import replace
    monkeypatch.setattr(plugin_rule, "RULES", [plugin_rule.RULE, replace(
        plugin_rule.RULE, code="XP101", name="plugin-sees-go-too")], raising=False)
    ep = EntryPoint(name="XP", value="plugin_rule:RULES", group=registry.GROUP)._for(_Dist())
    real = [e for e in registry.entry_points() if e.name.startswith("GP")]
    monkeypatch.setattr(registry, "entry_points", lambda: real + [ep])
    monkeypatch.setattr(registry, "_cache", None)
    assert {"XP100", "XP101"} <= set(registry.load_rules())
    assert registry.origin_of("XP101") == "acme-golint 1.2.0"
    ep = EntryPoint(name="YP", value="plugin_rule:RULES", group=registry.GROUP)._for(_Dist())
    monkeypatch.setattr(registry, "entry_points", lambda: real + [ep])
    monkeypatch.setattr(registry, "_cache", None)
    with pytest.raises(registry.RegistryError, match="prefix of each rule's code"):
        registry.load_rules()


def test_a_plugin_that_fails_to_import_is_named(monkeypatch, plugins):
    ep = EntryPoint(name="XP7", value="no_such_module_xyz:RULE",
                    group=registry.GROUP)._for(_Dist())
    monkeypatch.setattr(registry, "entry_points", lambda: [ep])
    monkeypatch.setattr(registry, "_cache", None)
    with pytest.raises(registry.RegistryError,
                       match=r"acme-golint 1.2.0: cannot load rule 'XP7' .*ModuleNotFoundError"):
        registry.load_rules()


def test_plugins_off_loads_the_built_in_rules_only(monkeypatch):
    _plugin(monkeypatch)
    monkeypatch.setenv("GOLINT_PANICS_PLUGINS", "0")
    assert "XP100" not in registry.load_rules()
    monkeypatch.setattr(registry, "_cache", None)
    monkeypatch.setenv("GOLINT_PANICS_PLUGINS", "1")
    assert "XP100" in registry.load_rules()
    registry._cache = None

"""The rules' manifest: a check whose results come from the cache loads no
rule module, and the manifest never outlives what it was made of."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

#: what each run prints: the rules a lazy load gives and which modules it imported
PROBE = textwrap.dedent("""
    import json, sys
    from golint_panics import registry
    rules = registry.load_rules(lazy=True)
    print(json.dumps({
        "codes": sorted(rules),
        "summaries": {c: r.summary for c, r in rules.items() if c.startswith("XP3")},
        "imported": sorted(m for m in sys.modules if m.startswith(("fakeplug", "otherplug"))
                           or m.startswith("golint_panics.rules.")
                           or m in ("golint_panics.facts", "golint_panics.engine")),
    }))
""")


def _plugin(site, name, code, summary):
    """An installed distribution `name` that registers rule `code`."""
    dist = site / f"{name}-0.1.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[golint_panics.rules]\n{code} = {name}:RULE\n")
    (site / f"{name}.py").write_text(textwrap.dedent(f'''
        from golint_panics.rule import Rule

        def check(node, ctx):
            ctx.report(node, "{code} saw a go statement")

        RULE = Rule(code="{code}", name="{name}-sees-go", summary="{summary}",
                    docs="## What it does\\nx\\n\\n## Why is this bad?\\nx\\n\\n## Example\\nx\\n",
                    node_kinds=("go_statement",), tokens=(b"go ",), check=check)
    '''))


@pytest.fixture
def env(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    _plugin(site, "fakeplug", "XP300", "first summary")
    env = dict(os.environ, PYTHONPATH=str(site), XDG_CACHE_HOME=str(tmp_path / "xdg"),
               GOLINT_PANICS_PLUGINS="1", PYTHONDONTWRITEBYTECODE="1")
    return site, env


def _probe(env) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_second_process_reads_the_rules_from_the_manifest(env):
    site, env = env
    first = _probe(env)
    assert "XP300" in first["codes"] and "GP004" in first["codes"]
    assert "fakeplug" in first["imported"]          # loaded for real: the manifest is written
    second = _probe(env)
    assert second["codes"] == first["codes"]
    assert second["summaries"] == {"XP300": "first summary"}
    assert second["imported"] == []                 # no rule module, no model


def test_the_manifest_follows_the_rule_modules_and_the_installation(env):
    site, env = env
    _probe(env)
    assert _probe(env)["imported"] == []
    # the plugin's code changes (its module only: a size the manifest did
    # not record), as in an editable install
    module = site / "fakeplug.py"
    module.write_text(module.read_text().replace("first summary", "a longer second summary"))
    after = _probe(env)
    assert after["summaries"] == {"XP300": "a longer second summary"}
    assert "fakeplug" in after["imported"]
    assert _probe(env)["imported"] == []
    # another distribution is installed
    _plugin(site, "otherplug", "XP301", "other")
    assert {"XP300", "XP301"} <= set(_probe(env)["codes"])
    # and removed again
    for p in site.glob("otherplug*"):
        if p.is_dir():
            for q in p.iterdir():
                q.unlink()
            p.rmdir()
        else:
            p.unlink()
    assert "XP301" not in _probe(env)["codes"]
    # built-in rules only: the plugin is not in the manifest's answer
    assert "XP300" not in _probe(dict(env, GOLINT_PANICS_PLUGINS="0"))["codes"]


def test_a_lazy_rule_runs_its_modules_code_when_a_package_is_analysed(env, tmp_path):
    site, env = env
    _probe(env)
    (tmp_path / "a.go").write_text("package a\n\nfunc f() {\n\tgo g()\n}\n\nfunc g() {}\n")
    out = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--no-cache",
                          "--select", "XP300", "--output-format", "concise", str(tmp_path / "a.go")],
                         env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert "a.go:4:2: XP300 XP300 saw a go statement" in out.stdout


def test_a_manifest_not_sealed_with_the_users_key_is_ignored(env, tmp_path):
    site, env = env
    _probe(env)
    manifests = list((tmp_path / "xdg" / "golint-panics").glob("rules-*.json"))
    assert len(manifests) == 1
    # a manifest that names a module of the attacker's, without the key's seal
    (site / "evil.py").write_text("import sys; sys.exit(99)\n")
    data = manifests[0].read_bytes()
    payload = json.loads(data.split(b"\n", 1)[1])
    for e in payload["installations"][0]["entry_points"]:
        e["value"] = "evil:RULE"
    manifests[0].write_bytes(b"golint-panics-cache 2 " + b"0" * 64 + b"\n"
                             + json.dumps(payload).encode())
    got = _probe(env)
    assert "fakeplug" in got["imported"]            # loaded for real, evil never imported
    assert "XP300" in got["codes"]


def test_a_cached_check_imports_no_analysis_module(env, tmp_path):
    site, env = env
    env = dict(env, GOLINT_PANICS_PLUGINS="0")
    (tmp_path / "go.mod").write_text("module example.com/m\n\nrequire example.com/dep v1.0.0\n")
    (tmp_path / "a.go").write_text(
        'package main\n\nimport "os"\n\nfunc main() {\n\tf, _ := os.Create("log")\n'
        '\tos.Stderr = f\n}\n')
    # a call into a dependency: the check looks for its summary (deps.py)
    (tmp_path / "b.go").write_text('package main\n\nimport "example.com/dep"\n\n'
                                   'func init() { dep.Start() }\n')
    # nor what only an analysis, a plugin or `--help` needs: `dataclasses`
    # (records.py) and the `inspect` it brings, `shutil` (argparse's
    # formatters ask it the terminal's width), unless the interpreter's
    # own start imported them
    script = textwrap.dedent("""
        import sys
        before = set(sys.modules)
        import io, json, contextlib
        from golint_panics.cli import main
        sys.stdin = open("a.go")
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = main(["check", "--stdin-filename", "a.go", "-", "--output-format", "json"])
        print(json.dumps({"code": code, "findings": [f["code"] for f in json.loads(out.getvalue())],
                          "imported": sorted(m for m in sys.modules if m not in before and (
                                             m.startswith("golint_panics.rules.")
                                             or m in ("golint_panics.facts", "golint_panics.engine",
                                                      "golint_panics.concurrency",
                                                      "golint_panics.source", "tree_sitter",
                                                      "golint_panics.depsource", "dataclasses",
                                                      "inspect", "shutil")))}))
    """)

    def run():
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, timeout=120, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)
    # a check of the tree caches the package's results
    subprocess.run([sys.executable, "-m", "golint_panics", "check", "."], env=env, cwd=tmp_path,
                   capture_output=True, timeout=120)
    assert run() == {"code": 1, "findings": ["GP005"], "imported": []}
    # an edited buffer is analysed: the rules' code runs
    (tmp_path / "a.go").write_text((tmp_path / "a.go").read_text() + "// edited\n")
    edited = run()
    assert edited["findings"] == ["GP005"] and "golint_panics.engine" in edited["imported"] \
        and "tree_sitter" in edited["imported"]


def test_a_rule_whose_code_changed_gets_no_result_of_its_old_code(env, tmp_path):
    """The project's cache holds results under the digest of the code they
    came from (registry.code_digest): a plugin's rule edited in place (an
    editable install, an upgrade) is run again, not served its old
    findings."""
    site, env = env
    tree = tmp_path / "svc"
    tree.mkdir()
    (tree / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    (tree / "main.go").write_text("package main\n\nfunc main() {\n\tgo work()\n\tselect {}\n}\n\n"
                                  "func work() {}\n")

    def check() -> str:
        out = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--select", "XP300",
                              "--output-format", "concise", "--exit-zero", "."], cwd=tree,
                             env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout

    assert "XP300 saw a go statement" in check()
    assert "XP300 saw a go statement" in check()          # from the cache
    module = site / "fakeplug.py"
    module.write_text(module.read_text().replace("saw a go statement", "saw a goroutine start"))
    again = check()
    assert "XP300 saw a goroutine start" in again and "go statement" not in again


def test_a_package_analysed_again_loads_its_rules_from_the_manifest(env, tmp_path):
    """A one-file check of an edited buffer analyses its package: the rules
    come from the manifest as for a cached check (no entry-point scan, no
    `importlib.metadata`), and only the modules of the rules that run are
    imported."""
    site, env = env
    tree = tmp_path / "svc"
    tree.mkdir()
    (tree / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    main = tree / "main.go"
    main.write_text("package main\n\nfunc main() {\n\tgo work()\n\tselect {}\n}\n\nfunc work() {}\n")
    subprocess.run([sys.executable, "-m", "golint_panics", "check", "--exit-zero", "."], cwd=tree,
                   env=env, capture_output=True, timeout=120, check=True)
    probe = textwrap.dedent("""
        import io, sys
        sys.argv = ["golint-panics", "check", "--select", "XP300,GP004", "--exit-zero",
                    "--stdin-filename", "main.go", "-"]
        sys.stdin = io.TextIOWrapper(io.BytesIO(open("main.go", "rb").read() + b"// edited\\n"))
        from golint_panics.cli import main    # what `python -m golint_panics` runs,
        main()                                # without ending the process
        print("importlib.metadata" in sys.modules, "fakeplug" in sys.modules,
              "golint_panics.rules.gp009_exit_skips_defers" in sys.modules, file=sys.stderr)
    """)
    out = subprocess.run([sys.executable, "-c", probe], cwd=tree, env=env, capture_output=True,
                         text=True, timeout=120)
    assert "XP300 saw a go statement" in out.stdout, out.stderr
    assert out.stderr.strip().splitlines()[-1] == "False True False", out.stderr

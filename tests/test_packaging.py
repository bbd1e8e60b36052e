"""Packaging: the wheel and sdist build and pass `twine check`; the wheel
holds the rules inside our namespace; the composite Action's steps run."""
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_wheel_and_sdist_build_and_pass_twine_check(tmp_path):
    pytest.importorskip("build", reason="pip install -e '.[test]' (build)")
    pytest.importorskip("twine", reason="pip install -e '.[test]' (twine)")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".golint-panics-cache", "*.egg-info", "__pycache__", "build", "dist"))
    out = tmp_path / "dist"
    p = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel",
                        "--outdir", str(out), str(src)], capture_output=True, text=True,
                       timeout=240)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    built = sorted(os.listdir(out))
    assert any(n.endswith(".whl") for n in built) and any(n.endswith(".tar.gz") for n in built)
    p = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                        *[str(out / n) for n in built]], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    wheel = zipfile.ZipFile(out / next(n for n in built if n.endswith(".whl")))
    names = wheel.namelist()
    assert "golint_panics/rules/gp003_unguarded_map_write.py" in names
    assert not any(n.startswith("rules/") for n in names)        # no top-level `rules`
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = wheel.read(entry_points).decode()
    assert "GP003 = golint_panics.rules.gp003_unguarded_map_write:RULE" in text


def test_action_runs_its_steps(tmp_path):
    yaml = pytest.importorskip("yaml")
    with open(os.path.join(ROOT, "action.yml")) as fh:
        action = yaml.safe_load(fh)
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    inputs = {k: v.get("default", "") for k, v in action["inputs"].items()}
    # the inputs reach the shell through env, never spliced into the script
    assert all("${{" not in s["run"] for s in steps)
    work = tmp_path / "repo"
    (work / "svc").mkdir(parents=True)
    (work / "svc" / "a.go").write_text('package svc\n\nimport "os"\n\nfunc F() {\n\tos.Exit(1)\n}\n')
    outcomes = []
    for step in steps:
        env = dict(os.environ)
        for key, value in step.get("env", {}).items():
            value = str(value)
            value = value.replace("${{ github.action_path }}", ROOT)
            for name, default in inputs.items():
                value = value.replace("${{ inputs.%s }}" % name, default)
            env[key] = value
        env["PYTHON"] = sys.executable
        script = step["run"]
        if "pip install" in script:
            # install for real would replace the test's own installation:
            # ask pip what it would do
            script = script.replace("pip install", "pip install --dry-run --no-deps "
                                    "--no-build-isolation").replace(" -q ", " ")
        outcomes.append(subprocess.run(["bash", "-e", "-c", script], cwd=work, env=env,
                                       capture_output=True, text=True, timeout=240))
    install, check = outcomes
    assert install.returncode == 0, install.stderr[-2000:]
    assert "Would install golint-panics" in install.stdout, install.stdout
    assert check.returncode == 1                                   # a finding
    assert check.stdout.startswith("::warning title=golint-panics (GP002),file=svc/a.go")
    sarif = json.loads((work / "golint-panics.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "GP002"

"""The bench's installed copy (bench/run.py installed_golint) is what it
says: golint-panics from a wheel of this checkout in a fresh venv, with
none of this interpreter's start-up hooks, finding what the checkout
finds."""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "bench"))
import run as bench  # noqa: E402


def _findings(cmd, cwd):
    out = subprocess.run(cmd + ["check", "--output-format", "json", "--no-cache", "incident"],
                         cwd=cwd, capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, GOLINT_PANICS_PLUGINS="0"))
    assert out.returncode == 1, out.stderr
    return sorted((f["code"], f["path"], f["line"], f["message"]) for f in json.loads(out.stdout))


def test_the_installed_copy_is_a_wheel_in_its_own_venv(tmp_path):
    pytest.importorskip("setuptools")
    cmd = bench.installed_golint(str(tmp_path))
    assert cmd is not None
    # run from the checkout, whose own golint_panics/ must not shadow it
    where = subprocess.run(cmd[:-2] + ["-c", "import golint_panics, sys;"
                                       "print(golint_panics.__file__); print(sorted(sys.modules))"],
                           cwd=REPO, capture_output=True, text=True, timeout=60)
    path, modules = where.stdout.splitlines()
    assert path.startswith(str(tmp_path / "venv")), path
    # no editable finder, no .pth hook of this interpreter ran
    assert "__editable__" not in modules and "_editable" not in modules
    testdata = os.path.join(REPO, "testdata")
    assert _findings(cmd, testdata) == _findings([sys.executable, "-m", "golint_panics"], testdata)
    # and its rules load from the checkout's directory too
    listed = subprocess.run(cmd + ["rules"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0 and "GP003" in listed.stdout, listed.stderr

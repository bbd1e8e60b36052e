"""XP0001 acme-die-in-library against its fixtures, with the prefilter on and
off; and, once the plugin is installed, through the command line."""
import os
import subprocess
import sys
from importlib import metadata

import pytest

from golint_panics.testing import run

from golint_panics_acme.xp0001_acme_die_in_library import RULE

TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")


def test_xp0001_fixture():
    run(os.path.join(TESTDATA, "XP0001"), RULE)


def test_xp0001_leaves_package_main_alone():
    run(os.path.join(TESTDATA, "XP0001-main"), RULE)


def _installed() -> bool:
    try:
        metadata.distribution("golint-panics-acme")
    except metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(not _installed(), reason="pip install -e examples/acme-plugin")
def test_installed_plugin_runs_from_the_command_line_with_its_options(tmp_path):
    env = dict(os.environ, GOLINT_PANICS_PLUGINS="1")

    def check(*args):
        return subprocess.run([sys.executable, "-m", "golint_panics", "check", "--no-cache",
                               "--select", "XP0001", *args, "."], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
    src = open(os.path.join(TESTDATA, "XP0001", "example.go"), encoding="utf-8").read()
    (tmp_path / "config.go").write_text(src)
    p = check()
    assert p.returncode == 1, p.stderr
    assert [line.split(": ")[1].split()[0] for line in p.stdout.splitlines()] == \
        ["XP0001", "XP0001"]
    # [rules.XP0001] options reach the rule: another import path, no finding
    (tmp_path / ".golint-panics.toml").write_text(
        '[rules.XP0001]\nimport-path = "example.com/other/log"\n')
    p = check()
    assert (p.returncode, p.stdout) == (0, ""), p.stderr
    rules = subprocess.run([sys.executable, "-m", "golint_panics", "rules"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert "XP0001 acme-die-in-library" in " ".join(rules.stdout.split())

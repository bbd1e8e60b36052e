"""`check --no-prefilter`: every rule on every file, whatever its tokens."""
import io
import os
import signal
import subprocess
import sys

import pytest

import golint_panics.runner as runner_mod
from golint_panics import cli
from golint_panics.runner import CheckResult

BAD = """package lib

import "os"

func Stop() {
	os.Exit(1)
}

func Spawn() {
	go func() {
		work()
	}()
}

func work() {}
"""
GOOD = """package lib

func Fine() int { return 1 }
"""


def run(args, cwd):
    env = dict(os.environ)
    env.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "golint_panics", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def lib(tmp_path):
    (tmp_path / "bad.go").write_text(BAD)
    (tmp_path / "good.go").write_text(GOOD)
    return tmp_path


def test_no_prefilter_gives_the_same_findings(lib):
    base = ["check", "--isolated", "--no-cache", "--output-format", "concise", "."]
    with_prefilter = run(base, lib)
    without = run(["check", "--no-prefilter", *base[1:]], lib)
    assert with_prefilter.returncode == 1, with_prefilter.stderr
    assert "GP002" in with_prefilter.stdout
    assert (without.returncode, without.stdout, without.stderr) == \
        (with_prefilter.returncode, with_prefilter.stdout, with_prefilter.stderr)


def test_no_prefilter_is_in_the_help():
    p = run(["check", "--help"], ".")
    assert p.returncode == 0
    assert "--no-prefilter" in p.stdout
    assert "run every rule on every file" in p.stdout


def test_no_prefilter_is_not_taken_by_prefix(lib):
    p = run(["check", "--no-pre", "."], lib)
    assert p.returncode == 2
    assert "--no-pre" in p.stderr


@pytest.fixture
def in_process(monkeypatch, lib):
    """cli.main in this process, with run_check and check_buffer recorded."""
    monkeypatch.chdir(lib)
    # main installs a SIGTERM handler for the check: not in the test runner
    monkeypatch.setattr(signal, "signal", lambda *a, **k: None)
    calls = []

    def fake_run_check(paths, rules, settings, **kw):
        calls.append(("run_check", kw["prefilter"]))
        return CheckResult([], [], files_seen=1, files_read=1)

    def fake_check_buffer(path, data, rules, settings, **kw):
        calls.append(("check_buffer", kw["prefilter"]))
        return CheckResult([], [], files_seen=1, files_read=1)

    monkeypatch.setattr(runner_mod, "run_check", fake_run_check)
    monkeypatch.setattr(runner_mod, "check_buffer", fake_check_buffer)
    return calls


@pytest.mark.parametrize("extra, expected", [
    ([], True),
    (["--no-prefilter"], False),
    (["--select", "GP000"], False),                     # as before: GP000 explicit
    (["--select", "GP000", "--no-prefilter"], False),
    (["--select", "GP002"], True),
    (["--select", "GP002", "--no-prefilter"], False),
])
def test_the_flag_reaches_run_check(in_process, extra, expected):
    code = cli.main(["check", "--isolated", "--no-cache", "--output-format", "concise",
                     *extra, "."])
    assert code == 0
    assert in_process == [("run_check", expected)]


@pytest.mark.parametrize("extra, expected", [
    ([], True),
    (["--no-prefilter"], False),
    (["--select", "GP000"], False),
])
def test_the_flag_reaches_check_buffer(in_process, monkeypatch, extra, expected):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    code = cli.main(["check", "--isolated", "--no-cache", "--output-format", "concise",
                     *extra, "--stdin-filename", "bad.go", "-"])
    assert code == 0
    assert in_process == [("check_buffer", expected)]

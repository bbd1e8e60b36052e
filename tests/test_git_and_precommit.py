"""The CI and pre-commit paths, against real git repositories and real pre-commit."""
import os
import shutil
import subprocess
import sys

import pytest

from test_cli import BAD, GOOD, REPO, run

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd, *args):
    env = dict(os.environ, **GIT_ENV)
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "old.go").write_text(BAD)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "old")
    return tmp_path


def test_new_from_rev_reports_only_changed_lines(repo):
    assert run(["check", "--new-from-rev", "HEAD", "."], repo).returncode == 0
    (repo / "old.go").write_text(BAD + "\nfunc Again() {\n\tos.Exit(3)\n}\n")
    (repo / "new.go").write_text(BAD.replace("Stop", "Halt"))   # untracked: all new
    p = run(["check", "--new-from-rev", "HEAD", "."], repo)
    assert p.returncode == 1
    assert [ln.split(" ")[0] for ln in p.stdout.splitlines()] == ["new.go:6:2:", "old.go:10:2:"]
    # from a subdirectory, paths still line up with git's
    sub = repo / "sub"
    sub.mkdir()
    (sub / "s.go").write_text(BAD)
    p = run(["check", "--new-from-rev", "HEAD", "."], sub)
    assert p.stdout.startswith("s.go:6:2: GP002")


def test_new_from_rev_errors(repo, tmp_path_factory):
    p = run(["check", "--new-from-rev", "no-such-rev", "."], repo)
    assert p.returncode == 2 and "--new-from-rev" in p.stderr and "Traceback" not in p.stderr
    outside = tmp_path_factory.mktemp("nogit")
    (outside / "a.go").write_text(BAD)
    p = run(["check", "--new-from-rev", "HEAD", "."], outside,
            env={"GIT_CEILING_DIRECTORIES": str(outside.parent)})
    assert p.returncode == 2 and "not a git repository" in p.stderr


def _pre_commit():
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pre_commit"]


@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit not installed (pip install -e '.[test]')")
def test_pre_commit_hook_for_real(repo, tmp_path_factory):
    (repo / "good.go").write_text(GOOD)
    (repo / "README.txt").write_text("not go\n")
    # a file name that reads like `-o old.go`: the hook must not write its
    # report over old.go (before: old.go became the report)
    (repo / "-oold.go").write_text(BAD.replace("Stop", "Halt"))
    git(repo, "add", ".")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")), **GIT_ENV)
    cmd = _pre_commit() + ["try-repo", REPO, "golint-panics", "--all-files"]
    p = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env=env, timeout=900)
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert "old.go:6:2: GP002 os.Exit in library package" in out
    assert "-oold.go:6:2: GP002 os.Exit in library package" in out
    assert (repo / "old.go").read_text() == BAD
    assert "good.go:" not in out
    (repo / "-oold.go").unlink()
    git(repo, "add", "-A")
    # suppressed with a reason, the hook passes
    (repo / "old.go").write_text(BAD.replace("\tos.Exit(1)", "\t//lint:ignore GP002 the agent must stop here\n\tos.Exit(1)"))
    git(repo, "add", ".")
    p = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env=env, timeout=900)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Passed" in p.stdout


def test_docs_rules_md_is_current():
    p = run(["rules", "--format", "markdown"], REPO)
    with open(os.path.join(REPO, "docs", "rules.md"), encoding="utf-8") as fh:
        assert fh.read() == p.stdout, ("docs/rules.md is stale: GOLINT_PANICS_PLUGINS=0 golint-panics rules "
                                         "--format markdown > docs/rules.md")

"""`--new-from-rev` against real git: file names git quotes, content that
looks like diff headers, and user configuration that changes `git diff`."""
import os
import shutil
import subprocess

import pytest

from golint_panics import gitdiff
from test_cli import BAD, run

TEN = "".join(f"line{i}\n" for i in range(1, 11))


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """An empty repository; git sees no user or system configuration."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    home = tmp_path / "home"
    home.mkdir()
    (home / "gitconfig").write_text("")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_DIFF_OPTS",
                "GIT_EXTERNAL_DIFF", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "t")
    git(root, "config", "user.email", "t@example.com")
    return root


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def commit(root, files: dict[str, str]):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")


def edit(text: str, changes: dict[int, str]) -> str:
    lines = text.splitlines(keepends=True)
    for n, new in changes.items():
        lines[n - 1] = new + "\n"
    return "".join(lines)


def changed(root, cwd=None):
    got = gitdiff.changed_lines("HEAD", str(cwd or root))
    return {os.path.relpath(path, root): lines for path, lines in got.items()}


@pytest.mark.parametrize("name", ["my file.go", "é.go", 'say "hi".go', "back\\slash.go",
                                  "tab\there.go", "ünï cödé.go"])
@pytest.mark.parametrize("quote_path", ["true", "false"])
def test_names_git_quotes(repo, name, quote_path):
    git(repo, "config", "core.quotePath", quote_path)
    commit(repo, {name: TEN, "plain.go": TEN})
    (repo / name).write_text(edit(TEN, {3: "three", 9: "nine"}), encoding="utf-8")
    (repo / "plain.go").write_text(edit(TEN, {5: "five"}))
    assert changed(repo) == {name: {3, 9}, "plain.go": {5}}


def test_added_lines_that_look_like_headers(repo):
    # `++ x` is added as `+++ x`, `-- y` removed as `--- y`: content, not headers
    commit(repo, {"a.go": TEN, "b.go": edit(TEN, {1: "-- y", 7: "diff --git a/z b/z"}),
                  "c.go": TEN})
    (repo / "a.go").write_text(edit(TEN, {2: "++ x", 5: "++ b/b.go", 9: "nine"}))
    (repo / "b.go").write_text(edit(TEN, {1: "++ z", 7: "@@ -1 +1 @@", 8: "eight"}))
    (repo / "c.go").write_text(edit(TEN, {4: "four"}))
    assert changed(repo) == {"a.go": {2, 5, 9}, "b.go": {1, 7, 8}, "c.go": {4}}


def test_plus_plus_line_then_a_later_hunk(repo):
    commit(repo, {"a.go": TEN})
    (repo / "a.go").write_text(edit(TEN, {2: "++ x", 8: "eight"}))
    assert changed(repo) == {"a.go": {2, 8}}


@pytest.mark.parametrize("config", [
    {"diff.mnemonicPrefix": "true"},
    {"diff.noprefix": "true"},
    {"color.diff": "always", "color.ui": "always"},
    {"diff.external": "echo"},                 # prints its arguments instead of a diff
    {"diff.relative": "true"},
    {"diff.context": "5", "diff.interHunkContext": "10"},
    {"diff.renames": "false", "diff.submodule": "log", "diff.algorithm": "patience"},
], ids=lambda config: ",".join(config))
def test_user_config_changes_nothing(repo, config):
    commit(repo, {"a.go": TEN, "b.go": TEN, "b/x.go": TEN, "sub/s.go": TEN})
    for key, value in config.items():
        git(repo, "config", key, value)
    (repo / "a.go").write_text(edit(TEN, {2: "two", 4: "four"}))
    (repo / "b.go").write_text(edit(TEN, {10: "ten"}))
    (repo / "b" / "x.go").write_text(edit(TEN, {3: "three"}))     # not b.go, whatever the prefix
    (repo / "sub" / "s.go").write_text(edit(TEN, {1: "one"}))
    want = {"a.go": {2, 4}, "b.go": {10}, "b/x.go": {3}, "sub/s.go": {1}}
    assert changed(repo) == want
    assert changed(repo, repo / "sub") == want       # diff.relative would cut to sub/


def test_git_diff_opts_in_the_environment(repo, monkeypatch):
    commit(repo, {"a.go": TEN})
    (repo / "a.go").write_text(edit(TEN, {2: "two", 4: "four"}))
    monkeypatch.setenv("GIT_DIFF_OPTS", "--unified=5")
    assert changed(repo) == {"a.go": {2, 4}}


@pytest.mark.parametrize("renames", ["true", "false"])
def test_renamed_and_edited(repo, renames):
    commit(repo, {"old name.go": TEN, "gone.go": TEN})
    git(repo, "config", "diff.renames", renames)
    git(repo, "mv", "old name.go", "new é.go")
    (repo / "new é.go").write_text(edit(TEN, {6: "six"}))
    git(repo, "rm", "-q", "gone.go")
    assert changed(repo) == {"new é.go": {6}}


def test_new_untracked_and_no_newline_at_end(repo):
    commit(repo, {"a.go": "one\ntwo", "b.go": TEN})
    (repo / "a.go").write_text("one\nTWO\nthree")
    (repo / "b.go").write_text(TEN + "eleven")
    git(repo, "add", "b.go")
    (repo / "new file.go").write_text("x\ny\n")
    assert changed(repo) == {"a.go": {2, 3}, "b.go": {11}, "new file.go": {1, 2, 3}}


def test_parse_diff_reads_hunks_by_their_counts():
    diff = "\n".join([
        "diff --git a/x.go b/x.go", "--- a/x.go", "+++ b/x.go",
        "@@ -1,2 +1,2 @@", "--- a/y.go", "-@@ -1 +1 @@", "+++ b/y.go", "+@@ -9 +9 @@",
        "@@ -5 +5,0 @@", "-gone",
        "@@ -7,0 +8 @@", "+new",
        "\\ No newline at end of file", ""])
    assert gitdiff.parse_diff(diff) == {"x.go": {1, 2, 8}}


def test_cli_reports_findings_in_quoted_names(repo):
    commit(repo, {"my file.go": "package lib\n", "é.go": "package lib\n"})
    (repo / "my file.go").write_text(BAD)
    (repo / "é.go").write_text(BAD.replace("Stop", "Halt"))
    p = run(["check", "--new-from-rev", "HEAD", "."], repo)
    assert p.returncode == 1, p.stderr
    assert [line.split(" GP")[0] for line in p.stdout.splitlines()] == [
        "my file.go:6:2:", "é.go:6:2:"]

"""A checkout is untrusted input: a committed cache, links to devices, FIFOs
and huge files must not write outside the tree, hide findings, hang or
exhaust memory."""
import json
import os
import subprocess
import sys

import pytest

from golint_panics import cache as cache_mod

UNBUFFERED = b"""package main

import (
\t"os"
\t"os/signal"
)

func main() {
\tc := make(chan os.Signal)
\tsignal.Notify(c, os.Interrupt)
\t<-c
}
"""


def cli(*args, cwd, xdg, timeout=60):
    env = dict(os.environ, XDG_CACHE_HOME=str(xdg))
    return subprocess.run([sys.executable, "-m", "golint_panics", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def entries(cache_dir):
    out = []
    for root, _dirs, files in os.walk(cache_dir):
        out += [os.path.join(root, f) for f in files if f.endswith(".json")]
    return out


def make_repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "main.go").write_bytes(UNBUFFERED)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    return repo, victim


def forge(cache_dir, victim, *, with_key_of_attacker=True):
    """Rewrite every entry as an attacker would: the finding's fix aimed at
    `victim`, and no other finding (to switch the gate off)."""
    for path in entries(cache_dir):
        raw = open(path, "rb").read()
        payload = cache_mod.unseal(raw)
        assert payload is not None
        entry = json.loads(payload)
        for per_config in entry["results"].values():
            for result in per_config.values():
                for f in result["findings"]:
                    f["l"][0] = os.path.relpath(victim, os.path.dirname(path))
                    f["x"] = ["pwn", 0, 8, "echo PWNED-BY-CACHE # ",
                              cache_mod.content_hash(victim.read_bytes())]
        data = json.dumps(entry).encode()
        with open(path, "wb") as fh:
            fh.write(cache_mod.seal(data))


def test_a_cache_written_with_another_key_is_ignored(tmp_path):
    repo, victim = make_repo(tmp_path)
    attacker, user = tmp_path / "attacker-xdg", tmp_path / "user-xdg"
    # the attacker runs the linter, then forges its own entries (it knows its key)
    p = cli("check", "--output-format", "concise", ".", cwd=repo, xdg=attacker)
    assert p.returncode == 1 and "GP007" in p.stdout
    cache_mod._KEY = None
    os.environ["XDG_CACHE_HOME"], saved = str(attacker), os.environ["XDG_CACHE_HOME"]
    try:
        forge(repo / ".golint-panics-cache", victim)
    finally:
        os.environ["XDG_CACHE_HOME"] = saved
        cache_mod._KEY = None
    # the user checks the pull request: the finding is there, fix touches only main.go
    p = cli("check", "--output-format", "concise", ".", cwd=repo, xdg=user)
    assert p.returncode == 1 and "main.go:10:2: GP007" in p.stdout, p.stdout + p.stderr
    p = cli("check", "--fix", "--output-format", "concise", ".", cwd=repo, xdg=user)
    assert victim.read_text() == "precious\n"
    assert b"make(chan os.Signal, 1)" in (repo / "main.go").read_bytes()


def test_even_an_entry_with_our_key_cannot_name_another_file(tmp_path, monkeypatch):
    repo, victim = make_repo(tmp_path)
    xdg = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    cache_mod._KEY = None
    try:
        p = cli("check", "--output-format", "concise", ".", cwd=repo, xdg=xdg)
        assert p.returncode == 1
        forge(repo / ".golint-panics-cache", victim)     # sealed with the user's own key
    finally:
        cache_mod._KEY = None
    p = cli("check", "--output-format", "concise", ".", cwd=repo, xdg=xdg)
    assert "main.go:10:2: GP007" in p.stdout and "victim" not in p.stdout, p.stdout
    p = cli("check", "--fix", ".", cwd=repo, xdg=xdg)
    assert victim.read_text() == "precious\n"


def test_cache_entry_linked_to_dev_zero_is_a_miss(tmp_path):
    repo, _victim = make_repo(tmp_path)
    xdg = tmp_path / "xdg"
    assert cli("check", ".", cwd=repo, xdg=xdg).returncode == 1
    for path in entries(repo / ".golint-panics-cache"):
        os.unlink(path)
        os.symlink("/dev/zero", path)
    p = cli("check", "--output-format", "concise", ".", cwd=repo, xdg=xdg, timeout=30)
    assert p.returncode == 1 and "GP007" in p.stdout, p.stderr


def test_a_cache_directory_that_is_a_link_is_not_written_through(tmp_path):
    repo, _victim = make_repo(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, repo / ".golint-panics-cache")
    p = cli("check", "--output-format", "concise", ".", cwd=repo, xdg=tmp_path / "xdg")
    assert p.returncode == 1 and "GP007" in p.stdout
    assert os.listdir(outside) == []
    assert "not written" in p.stderr


@pytest.mark.parametrize("name", [".golint-panics.toml", "go.mod"])
@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_tree_files_that_are_devices_or_fifos_do_not_hang(tmp_path, name, kind):
    repo, _victim = make_repo(tmp_path)
    target = repo / name
    if kind == "fifo":
        os.mkfifo(target)
    else:
        os.symlink("/dev/zero", target)
    p = cli("check", "--no-cache", "--output-format", "concise", ".", cwd=repo,
            xdg=tmp_path / "xdg", timeout=30)
    if name == ".golint-panics.toml":
        assert p.returncode == 2 and "not a regular file" in p.stderr, p.stderr
    else:
        assert p.returncode == 1 and "GP007" in p.stdout, p.stderr


def test_vendor_modules_txt_linked_to_dev_zero(tmp_path):
    repo, _victim = make_repo(tmp_path)
    (repo / "go.mod").write_text("module example.com/x\n\ngo 1.19\n")
    (repo / "vendor").mkdir()
    os.symlink("/dev/zero", repo / "vendor" / "modules.txt")
    p = cli("check", "--no-cache", "--output-format", "concise", ".", cwd=repo,
            xdg=tmp_path / "xdg", timeout=30)
    assert p.returncode == 1 and "GP007" in p.stdout, p.stderr


def test_a_huge_go_file_is_noted_not_read(tmp_path, monkeypatch):
    from golint_panics import safeio
    from golint_panics.source import UnreadableFile, read_go_bytes
    big = tmp_path / "big.go"
    big.write_bytes(b"package p\n" + b"//" + b"x" * 4096 + b"\n")
    monkeypatch.setattr(safeio, "GO_SOURCE_LIMIT", 1024)
    with pytest.raises(OSError, match="larger than 1 KB"):
        safeio.read_bounded(str(big), safeio.GO_SOURCE_LIMIT)
    read_go_bytes(str(big))     # the module's own limit (64 MB) still reads it
    with pytest.raises(UnreadableFile):
        read_go_bytes(str(tmp_path / "missing.go"))

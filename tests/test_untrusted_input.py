"""A checkout is untrusted input: a committed cache, links to devices, FIFOs
and huge files must not write outside the tree, hide findings, hang or
exhaust memory."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from golint_panics import cache as cache_mod
from golint_panics import sealed

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
        payload = sealed.unseal(raw)
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
            fh.write(sealed.seal(data))


def test_a_cache_written_with_another_key_is_ignored(tmp_path):
    repo, victim = make_repo(tmp_path)
    attacker, user = tmp_path / "attacker-xdg", tmp_path / "user-xdg"
    # the attacker runs the linter, then forges its own entries (it knows its key)
    p = cli("check", "--output-format", "concise", ".", cwd=repo, xdg=attacker)
    assert p.returncode == 1 and "GP007" in p.stdout
    sealed._KEY = None
    os.environ["XDG_CACHE_HOME"], saved = str(attacker), os.environ["XDG_CACHE_HOME"]
    try:
        forge(repo / ".golint-panics-cache", victim)
    finally:
        os.environ["XDG_CACHE_HOME"] = saved
        sealed._KEY = None
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
    sealed._KEY = None
    try:
        p = cli("check", "--output-format", "concise", ".", cwd=repo, xdg=xdg)
        assert p.returncode == 1
        forge(repo / ".golint-panics-cache", victim)     # sealed with the user's own key
    finally:
        sealed._KEY = None
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
    from golint_panics.header import UnreadableFile, read_go_bytes
    big = tmp_path / "big.go"
    big.write_bytes(b"package p\n" + b"//" + b"x" * 4096 + b"\n")
    monkeypatch.setattr(safeio, "GO_SOURCE_LIMIT", 1024)
    with pytest.raises(OSError, match="larger than 1 KB"):
        safeio.read_bounded(str(big), safeio.GO_SOURCE_LIMIT)
    read_go_bytes(str(big))     # the module's own limit (64 MB) still reads it
    with pytest.raises(UnreadableFile):
        read_go_bytes(str(tmp_path / "missing.go"))


def test_a_file_edited_during_the_run_is_not_cached_with_stale_results(tmp_path, monkeypatch):
    # the main process hashes the old bytes, the worker analyses new ones:
    # the new findings must not be cached under the old bytes' hash (before:
    # they were, and served after the file was reverted)
    from golint_panics import registry, runner
    from golint_panics.cache import Cache
    from golint_panics.config import select_rules
    from golint_panics.rule import Settings
    old = b'package lib\n\nimport "os"\n\nfunc Stop() {\n\tos.Exit(1)\n}\n'
    new = b"package lib\n\nfunc Stop() {}\n"
    (tmp_path / "lib.go").write_bytes(old)
    rules, _ = select_rules(registry.load_rules(), select=None)
    reads = []
    real = runner.read_go_bytes

    def edited_between_reads(path):
        reads.append(path)
        return real(path) if len(reads) == 1 else new
    monkeypatch.setattr(runner, "read_go_bytes", edited_between_reads)
    first = runner.run_check(["."], rules, Settings(), jobs=1, cwd=str(tmp_path),
                             cache=Cache(str(tmp_path / "cache")))
    assert len(reads) == 2 and first.findings == []      # what the worker saw
    monkeypatch.setattr(runner, "read_go_bytes", real)
    again = runner.run_check(["."], rules, Settings(), jobs=1, cwd=str(tmp_path),
                             cache=Cache(str(tmp_path / "cache")))
    assert [f.code for f in again.findings] == ["GP002"]


def test_every_single_byte_corruption_of_the_cache_is_a_miss(tmp_path):
    # before: 27 of 300 corruptions aborted the run and 22 changed its output
    import random
    from golint_panics import registry, runner
    from golint_panics.cache import Cache
    from golint_panics.config import select_rules
    from golint_panics.rule import Settings
    tree = tmp_path / "tree"
    (tree / "lib").mkdir(parents=True)
    (tree / "lib" / "a.go").write_bytes(
        b'package lib\n\nimport "os"\n\n//lint:ignore GP004 owned by the pool\n'
        b"func Stop() {\n\tgo func() {}()\n\tos.Exit(1)\n}\n")
    (tree / "lib" / "b.go").write_bytes(b"package lib\n\nvar m map[string]int\n\n"
                                        b'func Put() { m["k"] = 1 }\n')
    rules, _ = select_rules(registry.load_rules(), select=["ALL"])
    cache_dir = tmp_path / "cache"

    def check():
        r = runner.run_check(["."], rules, Settings(), jobs=1, cwd=str(tree),
                             cache=Cache(str(cache_dir)))
        return [(f.code, f.path, f.location.line, f.location.column, f.message,
                 f.location.source_line) for f in r.findings], r.internal_errors
    expected = check()
    assert expected[0] and not expected[1]
    entries = [os.path.join(d, n) for d, _, names in os.walk(cache_dir) for n in names
               if n.endswith(".json")]
    assert entries
    rng = random.Random(16)
    for _ in range(120):
        path = rng.choice(entries)
        with open(path, "rb") as fh:
            good = fh.read()
        bad = bytearray(good)
        at = rng.randrange(len(bad))
        bad[at] = (bad[at] + rng.randrange(1, 256)) % 256
        with open(path, "wb") as fh:
            fh.write(bytes(bad))
        assert check() == expected, (path, at)
        with open(path, "wb") as fh:   # the run rewrote it; start again from the good one
            fh.write(good)


def _planted(tree, marker, shadow_package: bool):
    """A checkout whose Python files record being imported."""
    code = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    planted = ["rules/__init__.py", "rules/gp002_library_exit.py", "conftest.py"]
    if shadow_package:
        planted += ["golint_panics/__init__.py", "golint_panics/rules/__init__.py"]
    for rel in planted:
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text(code)
    (tree / "lib.go").write_text('package lib\n\nimport "os"\n\nfunc Stop() { os.Exit(1) }\n')


@pytest.mark.parametrize("how", ["script", "module", "safe-module"])
def test_a_checkout_never_runs_its_python_in_the_linter(tmp_path, how):
    # before: `python -m golint_panics` imported the checkout's rules/ (the
    # built-in rules were a top-level package named `rules`)
    marker = tmp_path / "imported.txt"
    script = shutil.which("golint-panics")
    if how == "script":
        if script is None:
            pytest.skip("golint-panics is not on PATH")
        cmd = [script]
    elif how == "module":
        cmd = [sys.executable, "-m", "golint_panics"]
    else:
        if sys.version_info < (3, 11):
            pytest.skip("python -P needs Python 3.11")
        cmd = [sys.executable, "-P", "-m", "golint_panics"]
    # `python -m` puts the current directory first on sys.path, so a
    # checkout's own golint_panics/ would replace ours: no code of ours can
    # prevent that, hence the README's `golint-panics` or `python -P -m`
    _planted(tmp_path / "tree", marker, shadow_package=how != "module")
    p = subprocess.run(cmd + ["check", "--output-format", "concise", "."], cwd=tmp_path / "tree",
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and "GP002" in p.stdout, p.stderr
    assert not marker.exists(), marker.read_text()

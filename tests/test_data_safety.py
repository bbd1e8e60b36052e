"""Never lose data: what `-o` and `--fix` write, and what they leave alone.

Each case is one the fault campaign reproduced: a report written over a
source file, a FIFO or a link replaced by a regular file, a file's owner,
mode or hard links changed by a fix, a generated file edited, temporary
files left behind, workers left running after the main process died.
"""
import os
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest

from golint_panics import atomic
from test_cli import BAD, run
from test_fix import SRC

FIXED = SRC.replace(b"make(chan os.Signal)", b"make(chan os.Signal, 1)").replace(
    b"make(chan os.Signal, 0)", b"make(chan os.Signal, 1)")


def leftovers(directory) -> list[str]:
    return [n for n in os.listdir(directory) if n.startswith(".golint-panics-") and
            n.endswith(".tmp")]


# --- options ------------------------------------------------------------------------

def test_file_names_after_double_dash_are_never_options(tmp_path):
    (tmp_path / "main.go").write_text(BAD)
    (tmp_path / "-omain.go").write_text(BAD)
    p = run(["check", "--force-exclude", "--", "main.go", "-omain.go"], tmp_path)
    assert p.returncode == 1, p.stderr
    assert [ln.split(":")[0] for ln in p.stdout.splitlines()] == ["-omain.go", "main.go"]
    assert (tmp_path / "main.go").read_text() == BAD


def test_a_report_is_never_written_over_go_source(tmp_path):
    # without `--` (a hook whose args a user replaced), `-omain.go` is `-o main.go`
    (tmp_path / "main.go").write_text(BAD)
    p = run(["check", "--force-exclude", "main.go", "-omain.go"], tmp_path)
    assert p.returncode == 2 and "refusing to write the report over Go source" in p.stderr
    assert (tmp_path / "main.go").read_text() == BAD


@pytest.mark.parametrize("abbreviation", ["--exit", "--selec", "--stat", "--no-c"])
def test_options_are_never_taken_by_prefix(tmp_path, abbreviation):
    (tmp_path / "lib.go").write_text(BAD)
    args = ["check", abbreviation] + (["GP002"] if abbreviation == "--selec" else []) + ["."]
    p = run(args, tmp_path)
    assert p.returncode == 2 and "unrecognized arguments" in p.stderr, p.stdout


# --- -o -------------------------------------------------------------------------------

def _umask(mask):
    return lambda: os.umask(mask)


def test_output_file_mode_follows_umask_and_keeps_an_existing_mode(tmp_path):
    (tmp_path / "lib.go").write_text(BAD)
    cmd = [sys.executable, "-m", "golint_panics", "check", "-o", "report.txt", "."]
    subprocess.run(cmd, cwd=tmp_path, preexec_fn=_umask(0o022), capture_output=True, timeout=60)
    report = tmp_path / "report.txt"
    assert stat.S_IMODE(report.stat().st_mode) == 0o644     # before: 0600
    assert "GP002" in report.read_text()
    report.chmod(0o664)
    subprocess.run(cmd, cwd=tmp_path, preexec_fn=_umask(0o077), capture_output=True, timeout=60)
    assert stat.S_IMODE(report.stat().st_mode) == 0o664     # before: 0600
    assert leftovers(tmp_path) == []


def _read_fifo(path, into):
    with open(path, "rb") as fh:
        into.append(fh.read())


def test_output_to_a_fifo_writes_into_it(tmp_path):
    (tmp_path / "lib.go").write_text(BAD)
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link-to-fifo"
    link.symlink_to(fifo)
    for target in (fifo, link):
        got: list[bytes] = []
        reader = threading.Thread(target=_read_fifo, args=(fifo, got))
        reader.start()
        p = run(["check", "-o", str(target), "."], tmp_path)
        reader.join(30)
        assert p.returncode == 1, p.stderr
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)             # before: a regular file
        assert os.path.islink(link)
        assert b"GP002" in got[0]
    assert leftovers(tmp_path) == []


def test_write_atomic_on_a_character_device_writes_through():
    atomic.write_atomic(os.devnull, b"nothing\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


# --- --fix -----------------------------------------------------------------------------

def test_fix_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "main.go").write_bytes(SRC)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "main.go").symlink_to(real / "main.go")
    p = run(["check", "--fix", "--select", "GP007", "."], tree)
    assert p.returncode == 0, p.stderr
    assert os.path.islink(tree / "main.go")                   # before: a regular file
    assert (real / "main.go").read_bytes() == FIXED           # before: unfixed
    assert leftovers(tree) == [] and leftovers(real) == []


def test_fix_keeps_hard_links_mode_and_owner(tmp_path):
    f = tmp_path / "main.go"
    f.write_bytes(SRC)
    f.chmod(0o640)
    other = tmp_path / "other-name.txt"
    os.link(f, other)
    inode = f.stat().st_ino
    p = run(["check", "--fix", "--select", "GP007", "main.go"], tmp_path)
    assert p.returncode == 0, p.stderr
    assert f.stat().st_ino == inode and other.read_bytes() == FIXED    # before: split
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    if os.geteuid() == 0:        # only root can give a file away: the owner stays
        g = tmp_path / "owned.go"
        g.write_bytes(SRC)
        os.chown(g, 4321, 4321)
        p = run(["check", "--fix", "--select", "GP007", "owned.go"], tmp_path)
        assert p.returncode == 0, p.stderr
        assert g.read_bytes() == FIXED
        assert (g.stat().st_uid, g.stat().st_gid) == (4321, 4321)    # before: root
    assert leftovers(tmp_path) == []


def test_fix_leaves_generated_files_alone(tmp_path):
    gen = b"// Code generated by sigtool. DO NOT EDIT.\r\n\r\n" + SRC
    (tmp_path / "zz_generated.go").write_bytes(gen)
    # rules skip generated files by default; included, they report, but
    # --fix still does not edit them
    (tmp_path / ".golint-panics.toml").write_text('generated = "include"\n')
    p = run(["check", "--fix", "--select", "GP007", "."], tmp_path)
    assert (tmp_path / "zz_generated.go").read_bytes() == gen
    assert "zz_generated.go: not fixed: a generated file" in p.stderr
    assert p.returncode == 1     # the findings stay


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    f = tmp_path / "main.go"
    f.write_bytes(SRC)

    def interrupted(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(str(f), FIXED)
    assert f.read_bytes() == SRC and leftovers(tmp_path) == []


def test_reports_are_flushed_to_disk_and_sealed_cache_files_need_not_be(tmp_path,
                                                                         monkeypatch):
    """A report (and every file a user reads) is flushed to disk before it
    replaces the old one; a cache entry is not (a crash may leave it empty
    or torn: its seal fails and it is made again, below), which spares a
    cold check one flush per package directory."""
    from golint_panics import cli
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.go").write_text(BAD)
    flushed: list = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
                        or real(fd))
    cache = tmp_path / "cache"
    code = cli.main(["check", "--cache-dir", str(cache), "-o", str(tmp_path / "report.txt"),
                     str(tmp_path / "lib")])
    assert code == 1 and (tmp_path / "report.txt").read_text()
    assert any(os.path.dirname(p) == str(tmp_path) for p in flushed)   # the report's temporary
    assert not any(p.startswith(str(cache)) for p in flushed)
    assert any(f.endswith(".json") for _d, _s, fs in os.walk(cache) for f in fs)


def test_a_cache_entry_torn_by_a_crash_is_made_again(tmp_path):
    """An entry written without a flush to disk may be found empty or cut
    short after a crash: the check reads it as missing, gives the same
    findings, and writes it whole again."""
    from golint_panics import cli
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.go").write_text(BAD)
    cache = tmp_path / "cache"

    def check():
        out = tmp_path / "report.txt"
        assert cli.main(["check", "--cache-dir", str(cache), "-o", str(out),
                         str(tmp_path / "lib")]) == 1
        return out.read_text()
    expected = check()
    entries = sorted(os.path.join(d, f) for d, _s, fs in os.walk(cache) for f in fs
                     if f.endswith(".json"))
    whole = {p: open(p, "rb").read() for p in entries}
    for cut in (0, 1, 17, -1):
        for p, data in whole.items():
            with open(p, "wb") as fh:
                fh.write(data[:cut] if cut >= 0 else data[:len(data) // 2])
        assert check() == expected
        assert all(open(p, "rb").read() == data for p, data in whole.items())


def test_a_new_sealed_file_is_written_under_its_name_and_never_over_another(tmp_path):
    """atomic.write_new: a cache file that does not exist yet is created
    under its name, readable by its owner only; a name that exists (a file,
    a symbolic link) is left as it is for write_atomic to replace whole,
    and the cache then replaces it: the link is not followed."""
    from golint_panics.atomic import write_new
    from golint_panics.cache import Cache
    p = tmp_path / "entry.json"
    assert write_new(str(p), b"sealed") and p.read_bytes() == b"sealed"
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert not write_new(str(p), b"other") and p.read_bytes() == b"sealed"
    target = tmp_path / "elsewhere.txt"
    target.write_text("mine")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert not write_new(str(link), b"x") and target.read_text() == "mine"
    # through the cache: the first save creates each entry, a later one
    # replaces a link put in an entry's place and leaves its target alone
    cache_dir = tmp_path / "cache"
    c = Cache(str(cache_dir))
    c.entry("/src/p")["files"]["a.go"] = {"sha": "1"}
    c.mark_dirty("/src/p")
    assert c.save() == []
    (entry,) = [os.path.join(d, f) for d, _s, fs in os.walk(cache_dir) for f in fs
                if f.endswith(".json")]
    assert stat.S_IMODE(os.stat(entry).st_mode) == 0o600
    os.unlink(entry)
    os.symlink(target, entry)
    c.entry("/src/p")["files"]["a.go"] = {"sha": "2"}
    c.mark_dirty("/src/p")
    assert c.save() == []
    assert not os.path.islink(entry) and target.read_text() == "mine"
    assert Cache(str(cache_dir)).entry("/src/p")["files"]["a.go"] == {"sha": "2"}


# --- the process ---------------------------------------------------------------------

def _big_tree(root, packages=300):
    body = "".join(f"func F{i}(m map[string]int) {{ go func() {{ m[\"k\"] = {i} }}() }}\n"
                   for i in range(60))
    for i in range(packages):
        d = root / f"p{i}"
        d.mkdir()
        for j in range(3):
            (d / f"f{j}.go").write_text(f"package p{i}\n\n{body.replace('F', f'F{j}_')}")


def _children(pid) -> set[int]:
    out = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out |= {int(c) for c in fh.read().split()}
        except OSError:
            pass
    return out


def _alive(pid) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT])
def test_workers_end_with_the_main_process(tmp_path, how):
    _big_tree(tmp_path)
    p = subprocess.Popen([sys.executable, "-m", "golint_panics", "check", "--no-cache",
                          "-j", "2", "."], cwd=tmp_path, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    workers: set[int] = set()
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline and p.poll() is None:
        workers |= _children(p.pid)
        time.sleep(0.05)
    if p.poll() is not None:
        pytest.skip("the check ended before its workers could be seen")
    p.send_signal(how)
    _, err = p.communicate(timeout=30)
    expected = {signal.SIGTERM: 143, signal.SIGKILL: -9, signal.SIGINT: 130}[how]
    assert p.returncode == expected, err
    assert b"Traceback" not in err, err.decode()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]      # before: running forever


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path):
    for i in range(200):
        (tmp_path / f"f{i}.go").write_text(BAD)
    p = subprocess.run(f"{sys.executable} -m golint_panics check . | head -1", shell=True,
                       cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert p.stdout.count("\n") == 1
    assert p.stderr == "", p.stderr                           # before: internal error


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_or_closed_stdout_is_a_clear_error(tmp_path):
    (tmp_path / "lib.go").write_text(BAD)
    cmd = f"{sys.executable} -m golint_panics check ."
    full = subprocess.run(cmd + " > /dev/full", shell=True, cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    closed = subprocess.run(cmd + " >&-", shell=True, cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    for p in (full, closed):
        assert p.returncode == 2, p.stderr
        assert p.stderr.startswith("golint-panics: error: cannot write the report"), p.stderr
        assert "internal error" not in p.stderr and "Traceback" not in p.stderr


def test_an_entry_that_cannot_be_made_at_write_time_is_a_problem_not_a_crash(tmp_path):
    """Work left for the cache's write (Cache.later: the language server
    writes after publishing) that fails is one problem line; the other
    entries are written."""
    from golint_panics.cache import Cache

    def broken(entry):
        raise TypeError("not JSON")
    cache = Cache(str(tmp_path / "cache"))
    cache.later("/src/x#table:1", broken)
    cache.entry("/src/y")["files"]["a.go"] = {"sha": "0"}
    cache.mark_dirty("/src/y")
    assert cache.save() == ["cache entry for /src/x#table:1: not JSON"]
    assert Cache(str(tmp_path / "cache")).entry("/src/y")["files"] == {"a.go": {"sha": "0"}}

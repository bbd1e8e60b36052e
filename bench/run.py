#!/usr/bin/env python3
"""Benchmark golint-panics against the targets in ../shared/spec/performance.md
and issue 13.

    python bench/run.py [CORPUS] [--rounds 3] [--debian DIR]

CORPUS defaults to the Go 1.19 standard library (apt-get install
golang-1.19-src). Fetches nothing. Runs, alternating A B A B:
  A  golint-panics check, cold (empty cache), all cores
  B  ast-grep scan with the equivalent syntactic rules in bench/astgrep/
     (only when `ast-grep` is installed: pip install ast-grep-cli)
then golint-panics warm (nothing changed), warm after touching one file,
one file of each of the 20 largest packages through --stdin-filename with
a warm cache (process start included; median and p95 over the packages),
as on disk (the package's cached results hold) and edited (they do not),
run as a user runs it: a wheel of this checkout installed in a fresh venv
(installed_golint); as on disk from this checkout too, for comparison,
the language server's didOpen (in a project never checked, then after a
`check` of the tree has made its .golint-panics-cache/) and edit+didSave ->
publishDiagnostics latencies on a file of net/http and of syscall, and, when the Debian Go
corpus is installed (../shared/spec/debian-go-corpus.txt, sources in
/usr/share/gocode/src), its cold check against ast-grep. Prints medians,
the ratios, and the peak memory of any one process.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = "/usr/share/go-1.19/src"
DEBIAN_CORPUS = "/usr/share/gocode/src"
GOLINT = [sys.executable, "-m", "golint_panics"]


def timed(cmd, cwd=None, stdin=None):
    """(wall seconds, peak RSS in MB of the process or any of its children, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=stdin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


REPO = os.path.dirname(HERE)


def _requirements(name: str) -> list[str]:
    """The distributions `name` needs on this interpreter (markers applied
    roughly: extras are left out, a missing distribution is skipped)."""
    import importlib.metadata as md
    import re
    seen, todo = [], [name]
    while todo:
        dist = todo.pop()
        try:
            reqs = md.requires(dist) or []
        except md.PackageNotFoundError:
            continue
        if dist != name:
            seen.append(dist)
        for req in reqs:
            if "extra ==" in req:
                continue
            dep = re.match(r"[A-Za-z0-9._-]+", req).group(0)
            if dep not in seen and dep not in todo:
                todo.append(dep)
    return seen


def installed_golint(work: str) -> list[str] | None:
    """golint-panics as a user has it after `pip install`: a wheel of this
    checkout unpacked into a fresh venv, its bytecode compiled; no editable
    finder and none of this interpreter's `.pth` start-up hooks. Its
    dependencies are copied from this interpreter (nothing is fetched).
    None when that cannot be built here."""
    import compileall
    import importlib.metadata as md
    import zipfile
    wheels, venv = os.path.join(work, "wheels"), os.path.join(work, "venv")
    try:
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                        "--no-build-isolation", "-w", wheels, REPO], check=True,
                       capture_output=True, timeout=300)
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True,
                       capture_output=True, timeout=120)
        python = os.path.join(venv, "bin", "python")
        site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              check=True, capture_output=True, text=True).stdout.strip()
        (wheel,) = [w for w in os.listdir(wheels) if w.startswith("golint_panics-")]
        with zipfile.ZipFile(os.path.join(wheels, wheel)) as zf:
            zf.extractall(site)
        for dist in _requirements("golint-panics"):
            for f in md.distribution(dist).files or ():
                if ".." in f.parts or "__pycache__" in f.parts:
                    continue
                target = os.path.join(site, *f.parts)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(str(f.locate()), target)
        compileall.compile_dir(site, quiet=2)
        subprocess.run([python, "-I", "-m", "golint_panics", "rules"], check=True,
                       capture_output=True, timeout=60, cwd=REPO)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        print(f"bench: no installed copy ({exc.__class__.__name__}: {exc}); "
              "the one-file figures are the development checkout's")
        return None
    # -I: as the `golint-panics` script runs it, without the current
    # directory (a checkout's own golint_panics/) on sys.path
    return [python, "-I", "-m", "golint_panics"]


def checked(cmd, stdin=None, cwd=None) -> float:
    """The wall time of a check that ran (exit 0 or 1, findings or none); a
    check that failed stops the bench rather than be timed."""
    wall, _rss, code = timed(cmd, cwd=cwd, stdin=stdin)
    if code not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} exited {code}")
    return wall


def go_files(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x not in ("testdata", "vendor") and not x.startswith(".")]
        for f in files:
            if f.endswith(".go"):
                yield os.path.join(d, f)


def pick_file(root, lines=500):
    """A file of the corpus close to `lines` lines (not a test)."""
    best, best_d = None, None
    for path in go_files(root):
        if path.endswith("_test.go"):
            continue
        try:
            with open(path, "rb") as fh:
                n = fh.read().count(b"\n")
        except OSError:
            continue
        if best_d is None or abs(n - lines) < best_d:
            best, best_d = path, abs(n - lines)
    return best


def largest_packages(root, n=20):
    """The `n` directories with the most .go files (tests included: they
    are the package the editor works in), each with its largest non-test
    file."""
    sizes = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x not in ("testdata", "vendor") and not x.startswith(".")]
        gos = [f for f in files if f.endswith(".go")]
        own = [f for f in gos if not f.endswith("_test.go")]
        if own:
            biggest = max(own, key=lambda f: os.path.getsize(os.path.join(d, f)))
            sizes.append((len(gos), os.path.join(d, biggest)))
    sizes.sort(key=lambda t: (-t[0], t[1]))
    return sizes[:n]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def lsp_latency(paths, rounds=10):
    """Per path: (didOpen -> diagnostics, [didChange + didSave -> diagnostics]).
    Each save follows an edit (a comment appended), as in an editor."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    async def main():
        client = LanguageClient("bench", "1")
        inbox: asyncio.Queue = asyncio.Queue()
        client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda p: inbox.put_nowait(p))
        await client.start_io(*GOLINT, "lsp")
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())

        async def published(uri, version):
            while True:
                p = await asyncio.wait_for(inbox.get(), 120)
                if p.uri == uri and p.version == version:
                    return

        out = {}
        for path in paths:
            uri = "file://" + path
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            t = time.perf_counter()
            client.text_document_did_open(types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="go", version=1,
                                                     text=text)))
            await published(uri, 1)
            opened = time.perf_counter() - t
            saves = []
            for i in range(rounds):
                version = i + 2
                text += f"\n// edit {i}\n"
                client.text_document_did_change(types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
                t = time.perf_counter()
                client.text_document_did_save(types.DidSaveTextDocumentParams(
                    text_document=types.TextDocumentIdentifier(uri=uri)))
                await published(uri, version)
                saves.append(time.perf_counter() - t)
                await asyncio.sleep(0.5)          # the change's own debounced check
                while not inbox.empty():
                    inbox.get_nowait()
            out[path] = (opened, saves)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
        return out

    return asyncio.run(main())


def cold_vs_astgrep(corpus, work, rounds, astgrep):
    """(golint-panics cold walls, ast-grep walls, peak MB), alternating."""
    cold, grep, peak = [], [], 0.0
    for i in range(rounds):
        cache = os.path.join(work, f"cache-{os.path.basename(corpus)}-{i}")
        wall, rss, _ = timed(GOLINT + ["check", "--cache-dir", cache, "--output-format", "concise",
                                      "-o", os.path.join(work, "out.txt"), corpus])
        cold.append(wall)
        peak = max(peak, rss)
        if astgrep:
            wall, _, _ = timed([astgrep, "scan", "-c", os.path.join(HERE, "astgrep", "sgconfig.yml"),
                                "--globs", "!**/testdata/**", "--globs", "!**/vendor/**",
                                "--json=compact", corpus])
            grep.append(wall)
    return cold, grep, peak


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--debian", default=DEBIAN_CORPUS,
                    help="the Debian Go corpus (skipped when absent; '' to skip)")
    args = ap.parse_args(argv)
    # the built-in rules only: a plugin installed here is not what is measured
    # (and the installed copy below has none)
    os.environ["GOLINT_PANICS_PLUGINS"] = "0"
    if not os.path.isdir(args.corpus):
        sys.exit(f"bench: corpus {args.corpus} not found (apt-get install golang-1.19-src)")
    # an installed package has its bytecode compiled (pip does it); an editable
    # checkout under PYTHONDONTWRITEBYTECODE would recompile on every start
    import compileall
    import golint_panics
    import golint_panics.rules as rules_pkg
    for pkg in (golint_panics, rules_pkg):
        compileall.compile_dir(os.path.dirname(pkg.__file__), quiet=1)
    work = tempfile.mkdtemp(prefix="golint-bench-")
    med = statistics.median
    try:
        corpus = os.path.join(work, "corpus")
        shutil.copytree(args.corpus, corpus, symlinks=True, ignore_dangling_symlinks=True)
        files = list(go_files(corpus))
        size = sum(os.path.getsize(f) for f in files)
        print(f"corpus: {args.corpus} ({len(files)} .go files outside testdata/vendor, "
              f"{size / 1e6:.1f} MB); machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        astgrep = shutil.which("ast-grep")
        cold, grep, peak = cold_vs_astgrep(corpus, work, args.rounds, astgrep)
        cache = os.path.join(work, "cache-corpus-0")
        warm = [timed(GOLINT + ["check", "--cache-dir", cache, "-o", os.path.join(work, "w.txt"),
                                corpus])[0] for _ in range(args.rounds)]
        # one file per package, warm cache, before anything is touched: as a
        # user runs it (an installed copy, with its own cache, warmed by a
        # check of the tree), and from this checkout for comparison
        installed = installed_golint(work)
        user_cmd, user_cache = GOLINT, cache
        if installed is not None:
            user_cmd, user_cache = installed, os.path.join(work, "cache-installed")
            checked(user_cmd + ["check", "--cache-dir", user_cache, "-o",
                                os.path.join(work, "i.txt"), corpus])
        packages = largest_packages(corpus)
        per_package, per_package_edited, per_package_dev = [], [], []
        for _n, path in packages:
            samples, edited, dev = [], [], []
            for i in range(args.rounds):
                with open(path, "rb") as fh:
                    samples.append(checked(user_cmd + ["check", "--cache-dir", user_cache,
                                                       "--stdin-filename", path, "-"], stdin=fh))
                if installed is not None:
                    with open(path, "rb") as fh:
                        dev.append(checked(GOLINT + ["check", "--cache-dir", cache,
                                                     "--stdin-filename", path, "-"], stdin=fh))
                # the same file as an editor holds it after typing: its bytes
                # differ from the cached results', so it is analysed
                with open(path, "rb") as fh, tempfile.TemporaryFile() as buf:
                    buf.write(fh.read() + f"\n// edited {i}\n".encode())
                    buf.seek(0)
                    edited.append(checked(user_cmd + ["check", "--cache-dir", user_cache,
                                                      "--stdin-filename", path, "-"], stdin=buf))
            per_package.append((med(samples), os.path.relpath(path, corpus)))
            per_package_edited.append((med(edited), os.path.relpath(path, corpus)))
            if dev:
                per_package_dev.append((med(dev), os.path.relpath(path, corpus)))
        target = os.path.join(corpus, "net", "http", "server.go")
        if not os.path.exists(target):
            target = files[len(files) // 2]
        touched = []
        for i in range(args.rounds):
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(f"\n// touched by bench {i}\n")
            touched.append(timed(GOLINT + ["check", "--cache-dir", cache, "-o",
                                           os.path.join(work, "t.txt"), corpus])[0])
        editor_files = [p for p in (os.path.join(corpus, "net", "http", "transport.go"),
                                    os.path.join(corpus, "syscall", "syscall_linux.go"))
                        if os.path.exists(p)] or [pick_file(corpus)]
        try:
            # first in a project never checked (no .golint-panics-cache/ at
            # its root), then after `golint-panics check` of the tree there,
            # as a user who runs it (or pre-commit, or CI on a shared cache)
            lsp_cold = lsp_latency(editor_files, rounds=1)
            timed(GOLINT + ["check", "-o", os.path.join(work, "p.txt"), "."], cwd=corpus)
            lsp = lsp_latency(editor_files, rounds=max(5, args.rounds))
        except Exception as exc:  # pygls missing or the server failed: say so
            lsp = lsp_cold = None
            print(f"lsp: not measured ({exc.__class__.__name__}: {exc})")
        debian = None
        if args.debian and os.path.isdir(args.debian):
            debian = cold_vs_astgrep(args.debian, work, args.rounds, astgrep)

        def row(label, value, target="", ok=None):
            verdict = "" if ok is None else ("OK" if ok else "MISSED")
            print(f"{label:52} {value:>9}  {target} {verdict}".rstrip())

        print(f"{'measure':52} {'median':>9}  target")
        row("golint-panics cold, all rules, all cores", f"{med(cold):.2f}s")
        if grep:
            ratio = med(cold) / med(grep)
            row("ast-grep 5 syntactic rules", f"{med(grep):.2f}s")
            row("ratio cold / ast-grep", f"{ratio:.2f}", "<= 0.50", ratio <= 0.5)
        else:
            print("ast-grep: not installed (pip install ast-grep-cli); no ratio")
        row("golint-panics warm, nothing changed", f"{med(warm):.2f}s", "<= 1.5 s", med(warm) <= 1.5)
        row("golint-panics warm, one file touched", f"{med(touched):.2f}s", "<= 2 s",
            med(touched) <= 2)
        times = [t for t, _ in per_package]
        how = "installed copy" if installed is not None else "this checkout"
        row(f"one file of each of the {len(times)} largest packages, median",
            f"{med(times) * 1000:.0f}ms")
        p95 = percentile(times, 0.95)
        row(f"  ... p95 (stdin, warm cache, {how}, process start included)",
            f"{p95 * 1000:.0f}ms", "<= 150 ms", p95 <= 0.15)
        if per_package_dev:
            dev_times = [t for t, _ in per_package_dev]
            row("  ... the same from this checkout (editable install), median",
                f"{med(dev_times) * 1000:.0f}ms")
            row("  ... from this checkout, p95", f"{percentile(dev_times, 0.95) * 1000:.0f}ms")
        row("  ... a bare interpreter's start (python -c pass), median",
            f"{med([timed([(installed or GOLINT)[0], '-c', 'pass'])[0] for _ in range(5)]) * 1000:.0f}ms")
        edited_times = [t for t, _ in per_package_edited]
        row("  ... the same files edited (bytes not in the cache), median",
            f"{med(edited_times) * 1000:.0f}ms")
        row("  ... edited, p95", f"{percentile(edited_times, 0.95) * 1000:.0f}ms")
        if lsp:
            for path, (opened, saves) in lsp.items():
                name = os.path.relpath(path, corpus)
                row(f"LSP didOpen, no project cache, {name}",
                    f"{lsp_cold[path][0] * 1000:.0f}ms")
                row(f"LSP didOpen -> diagnostics, {name}", f"{opened * 1000:.0f}ms", "<= 100 ms",
                    opened <= 0.1)
                row(f"LSP edit + didSave -> diagnostics, {name}", f"{med(saves) * 1000:.0f}ms",
                    "<= 30 ms", med(saves) <= 0.03)
        if debian:
            dcold, dgrep, dpeak = debian
            peak = max(peak, dpeak)
            row("Debian corpus cold, all cores", f"{med(dcold):.2f}s")
            if dgrep:
                ratio = med(dcold) / med(dgrep)
                row("Debian corpus, ast-grep", f"{med(dgrep):.2f}s")
                row("ratio Debian cold / ast-grep", f"{ratio:.2f}", "<= 0.50", ratio <= 0.5)
        row("peak memory, any one process (cold runs)", f"{peak:.0f}MB", "<= 400 MB", peak <= 400)
        print("per package (stdin):", ", ".join(f"{p} {t * 1000:.0f}ms"
                                                for t, p in sorted(per_package, reverse=True)))
        print("per package (stdin, edited):", ", ".join(
            f"{p} {t * 1000:.0f}ms" for t, p in sorted(per_package_edited, reverse=True)))
        print("raw:", {"cold": cold, "ast-grep": grep, "warm": warm, "touched": touched,
                       "lsp": lsp and {os.path.relpath(k, corpus): v for k, v in lsp.items()},
                       "lsp-no-project-cache": lsp_cold and {
                           os.path.relpath(k, corpus): v for k, v in lsp_cold.items()},
                       "debian": debian})
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

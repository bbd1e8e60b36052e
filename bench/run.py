#!/usr/bin/env python3
"""Benchmark golint-panics against the targets in ../shared/spec/performance.md.

    python bench/run.py [CORPUS] [--rounds 3]

CORPUS defaults to the Go 1.19 standard library (apt-get install
golang-1.19-src). Fetches nothing. Runs, alternating A B A B:
  A  golint-panics check, cold (empty cache), all cores
  B  ast-grep scan with the equivalent syntactic rules in bench/astgrep/
     (only when `ast-grep` is installed: pip install ast-grep-cli)
then golint-panics warm (nothing changed), warm after touching one file,
one ~500-line file through --stdin-filename (process start included),
and the language server's didSave -> publishDiagnostics latency. Prints
medians, the cold/ast-grep ratio, and the peak memory of any one process.
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


def lsp_latency(path, rounds=10):
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    async def main():
        client = LanguageClient("bench", "1")
        inbox: asyncio.Queue = asyncio.Queue()
        client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda p: inbox.put_nowait(p))
        await client.start_io(*GOLINT, "lsp")
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        uri = "file://" + path
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="go", version=1, text=text)))
        await asyncio.wait_for(inbox.get(), 60)
        samples = []
        for _ in range(rounds):
            t = time.perf_counter()
            client.text_document_did_save(types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
            await asyncio.wait_for(inbox.get(), 60)
            samples.append(time.perf_counter() - t)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
        return samples

    return asyncio.run(main())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
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
    try:
        corpus = os.path.join(work, "corpus")
        shutil.copytree(args.corpus, corpus, symlinks=True, ignore_dangling_symlinks=True)
        files = list(go_files(corpus))
        size = sum(os.path.getsize(f) for f in files)
        print(f"corpus: {args.corpus} ({len(files)} .go files outside testdata/vendor, "
              f"{size / 1e6:.1f} MB); machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        astgrep = shutil.which("ast-grep")
        cold, grep, peak = [], [], 0.0
        for i in range(args.rounds):
            cache = os.path.join(work, f"cache-cold-{i}")
            wall, rss, _ = timed(GOLINT + ["check", "--cache-dir", cache, "--output-format", "concise",
                                          "-o", os.path.join(work, "out.txt"), corpus])
            cold.append(wall)
            peak = max(peak, rss)
            if astgrep:
                wall, _, _ = timed([astgrep, "scan", "-c", os.path.join(HERE, "astgrep", "sgconfig.yml"),
                                    "--globs", "!**/testdata/**", "--globs", "!**/vendor/**",
                                    "--json=compact", corpus])
                grep.append(wall)
        cache = os.path.join(work, "cache-cold-0")
        warm = [timed(GOLINT + ["check", "--cache-dir", cache, "-o", os.path.join(work, "w.txt"),
                                corpus])[0] for _ in range(args.rounds)]
        target = os.path.join(corpus, "net", "http", "server.go")
        if not os.path.exists(target):
            target = files[len(files) // 2]
        touched = []
        for i in range(args.rounds):
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(f"\n// touched by bench {i}\n")
            touched.append(timed(GOLINT + ["check", "--cache-dir", cache, "-o",
                                           os.path.join(work, "t.txt"), corpus])[0])
        one = pick_file(corpus)
        with open(one, "rb") as fh:
            n_lines = fh.read().count(b"\n")
        single = []
        for _ in range(max(5, args.rounds)):
            with open(one, "rb") as fh:
                single.append(timed(GOLINT + ["check", "--no-cache", "--stdin-filename", one, "-"],
                                    stdin=fh)[0])
        try:
            lsp = lsp_latency(one)
        except Exception as exc:  # pygls missing or the server failed: say so
            lsp = None
            print(f"lsp: not measured ({exc.__class__.__name__}: {exc})")

        med = statistics.median
        print(f"{'measure':48} {'median':>10}  target")
        print(f"{'golint-panics cold, all rules, all cores':48} {med(cold):9.2f}s")
        if grep:
            ratio = med(cold) / med(grep)
            print(f"{'ast-grep 5 syntactic rules':48} {med(grep):9.2f}s")
            print(f"{'ratio cold / ast-grep':48} {ratio:9.2f}   <= 0.50 {'OK' if ratio <= 0.5 else 'MISSED'}")
        else:
            print("ast-grep: not installed (pip install ast-grep-cli); no ratio")
        print(f"{'golint-panics warm, nothing changed':48} {med(warm):9.2f}s  <= 1.5 s "
              f"{'OK' if med(warm) <= 1.5 else 'MISSED'}")
        print(f"{'golint-panics warm, one file touched':48} {med(touched):9.2f}s  <= 2 s "
              f"{'OK' if med(touched) <= 2 else 'MISSED'}")
        print(f"{f'one file ({n_lines} lines) via --stdin-filename':48} {med(single) * 1000:8.0f}ms  "
              f"<= 150 ms {'OK' if med(single) <= 0.15 else 'MISSED'}")
        if lsp:
            print(f"{'LSP didSave -> publishDiagnostics':48} {med(lsp) * 1000:8.0f}ms  <= 30 ms "
                  f"{'OK' if med(lsp) <= 0.03 else 'MISSED'}")
        print(f"{'peak memory, any one process (cold run)':48} {peak:8.0f}MB  <= 400 MB "
              f"{'OK' if peak <= 400 else 'MISSED'}")
        print("raw:", {"cold": cold, "ast-grep": grep, "warm": warm, "touched": touched,
                       "stdin": single, "lsp": lsp})
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The language server against hostile input and slow checks, driven over
stdio with raw JSON-RPC frames (so that a broken frame can be sent) and
hard timeouts (so that a server that hangs fails the test, not the suite)."""
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from want import TESTDATA

pytest.importorskip("pygls", reason="pygls not installed (pip install -e '.[test]')")

BAD_WORKER = """package main

func Start(jobs []int) {
	go func() { _ = jobs[0] }()
}
"""
SERVE = [sys.executable, "-m", "golint_panics", "lsp"]


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """A language server subprocess; a thread reads its frames into a queue."""

    def __init__(self, cmd, cwd, env=None):
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.inbox: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr = b""

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
                elif not line.strip():
                    break
            self.inbox.put(json.loads(out.read(length)))

    def send(self, data) -> None:
        self.proc.stdin.write(frame(data) if isinstance(data, dict) else data)
        self.proc.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, id_: int, method: str, params=None) -> None:
        self.send({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})

    def wait_for(self, match, timeout: float, seen: list | None = None) -> dict:
        """The first message for which `match` is true; the others go to `seen`."""
        import time
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                message = self.inbox.get(timeout=max(left, 0))
            except queue.Empty:
                code = self.proc.poll()
                why = f"it exited ({code}): {self.proc.stderr.read()[-2000:]!r}" \
                    if code is not None else "it is running"
                raise AssertionError(f"no such message within {timeout} s; {why}") from None
            if match(message):
                return message
            if seen is not None:
                seen.append(message)

    def initialize(self, root) -> None:
        self.request(1, "initialize", {"capabilities": {}, "rootUri": root.as_uri()})
        self.wait_for(lambda m: m.get("id") == 1, 60)
        self.notify("initialized", {})

    def shutdown_and_exit(self, seen: list | None = None, timeout: float = 10) -> int:
        """Shutdown answered within `timeout` s, then the exit code after `exit`."""
        self.request(99, "shutdown")
        response = self.wait_for(lambda m: m.get("id") == 99, timeout, seen)
        assert "error" not in response, response
        self.notify("exit", None)
        code = self.proc.wait(timeout=timeout)
        self.stderr = self.proc.stderr.read()
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass


@pytest.fixture
def server_factory():
    started = []

    def start(cmd, cwd, env=None):
        started.append(Server(cmd, cwd, env))
        return started[-1]

    yield start
    for server in started:
        server.kill()


def diagnostics_for(uri):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and \
        m["params"]["uri"] == uri


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_did_save_of_an_unopened_fifo_is_skipped_and_the_server_keeps_answering(
        tmp_path, server_factory):
    """Before: the server read the FIFO to lint it and blocked forever."""
    fifo = tmp_path / "pipe.go"
    os.mkfifo(fifo)
    regular = tmp_path / "start.go"     # never opened either: read from disk
    regular.write_text(BAD_WORKER)
    server = server_factory(SERVE, tmp_path)
    server.initialize(tmp_path)
    server.notify("textDocument/didSave", {"textDocument": {"uri": fifo.as_uri()}})
    server.notify("textDocument/didSave", {"textDocument": {"uri": regular.as_uri()}})
    seen = []
    published = server.wait_for(diagnostics_for(regular.as_uri()), 60, seen)
    assert [d["code"] for d in published["params"]["diagnostics"]] == ["GP004"]
    assert not any(m.get("method") == "textDocument/publishDiagnostics"
                   and m["params"]["uri"] == fifo.as_uri() for m in seen)
    assert any(m.get("method") == "window/logMessage"
               and "pipe.go not checked: not a regular file" in m["params"]["message"]
               for m in seen), seen
    assert server.shutdown_and_exit(timeout=5) == 0


@pytest.mark.parametrize("length", [b"1000000000000", b"-1"])
def test_a_bogus_content_length_is_dropped_and_the_server_keeps_serving(
        tmp_path, server_factory, length):
    """Before: 10**12 killed the server (MemoryError reading the body); with
    -1 it lost the frame boundaries and never answered again."""
    server = server_factory(SERVE, tmp_path)
    server.initialize(tmp_path)
    server.send(b"Content-Length: " + length + b"\r\n\r\n{}")
    assert server.shutdown_and_exit() == 0
    stderr = server.stderr.decode("utf-8", "replace")
    assert f"ignoring a message with Content-Length {int(length)}" in stderr
    assert "Traceback" not in stderr and "MemoryError" not in stderr


def test_a_check_that_ends_after_the_document_is_closed_publishes_nothing(
        tmp_path, server_factory):
    """Checks run off the message loop: a result that arrives after didClose
    must not bring back the diagnostics that the close cleared."""
    closed, other = tmp_path / "start.go", tmp_path / "other.go"
    closed.write_text(BAD_WORKER)
    other.write_text(BAD_WORKER.replace("Start", "Other"))
    server = server_factory(SERVE, tmp_path)
    server.initialize(tmp_path)
    for path in (closed, other):
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": path.as_uri(), "languageId": "go", "version": 1, "text": path.read_text()}})
        if path == closed:
            server.notify("textDocument/didClose", {"textDocument": {"uri": path.as_uri()}})
    seen = []
    # checks run in order: once the other file's diagnostics are out, the
    # closed file's check is over too
    server.wait_for(diagnostics_for(other.as_uri()), 60, seen)
    published = [m["params"]["diagnostics"] for m in seen if diagnostics_for(closed.as_uri())(m)]
    assert published and published[-1] == []      # nothing after the close cleared them
    assert server.shutdown_and_exit() == 0


# a server whose dependency work takes a minute: go.mod is read slowly
SLOW_DEPENDENCIES = """
import sys, time
from golint_panics import deps
real = deps.parse_gomod
def slow(root):
    time.sleep(60)
    return real(root)
deps.parse_gomod = slow
from golint_panics.lsp import serve
sys.exit(serve())
"""


def test_shutdown_and_exit_are_answered_while_a_dependency_analysis_runs(server_factory):
    """Before: the check ran on the message loop; nothing was answered for
    the minute it took."""
    import time
    svc = Path(TESTDATA) / "deps" / "svc"
    main = svc / "cmd" / "shop" / "main.go"
    env = dict(os.environ, GOMODCACHE=os.path.join(TESTDATA, "deps", "modcache"))
    server = server_factory([sys.executable, "-c", SLOW_DEPENDENCIES], svc, env)
    server.initialize(svc)
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": main.as_uri(), "languageId": "go", "version": 1, "text": main.read_text()}})
    started = time.monotonic()
    server.request(2, "shutdown")
    seen = []
    server.wait_for(lambda m: m.get("id") == 2, 5, seen)   # the check alone takes 60 s
    assert not any(diagnostics_for(main.as_uri())(m) for m in seen)   # still pending
    server.notify("exit", None)
    assert server.proc.wait(timeout=10) == 0
    assert time.monotonic() - started < 15
    # the pending check is dropped quietly
    assert b"Traceback" not in server.proc.stderr.read()


def test_diagnostic_positions_split_lines_as_go_does(tmp_path):
    # before: splitlines() broke line 6 at U+2028 (and U+0085, FF, VT, FS),
    # so the diagnostic landed on a line that does not exist in the editor;
    # a BOM kept in the text shifted line 1 by one
    from lsprotocol import types
    from golint_panics import lsp, registry
    from golint_panics.config import select_rules
    from golint_panics.rule import Settings
    from golint_panics.runner import check_buffer
    rules, _ = select_rules(registry.load_rules(), select=["GP002"])
    cases = {
        "odd breaks": 'package lib\n\nimport "os"\n\nfunc F() {\n'
                      '\t/* \u2028\u0085\x0c\x0b\x1c */ os.Exit(1)\n}\n',
        "bom": '\ufeffpackage lib; import "os"; func F() { os.Exit(1) }\n',
        "crlf": 'package lib\r\n\r\nimport "os"\r\n\r\nfunc F() {\r\n\tos.Exit(1)\r\n}\r\n',
    }
    for name, text in cases.items():
        path = str(tmp_path / f"{name.replace(' ', '_')}.go")
        result = check_buffer(path, text.encode(), rules, Settings(), cwd=str(tmp_path))
        (finding,) = result.findings
        lines = lsp.document_lines(text)
        for encoding in ("utf-16", "utf-8", "utf-32"):
            d = lsp.to_diagnostic(finding, lines, encoding, registry.load_rules(), lambda p: p)
            row = lines[d.range.start.line]
            if encoding == "utf-8":
                prefix = row.encode()[:d.range.start.character].decode()
            elif encoding == "utf-16":
                prefix = row.encode("utf-16-le")[:2 * d.range.start.character].decode("utf-16-le")
            else:
                prefix = row[:d.range.start.character]
            assert row[len(prefix):].startswith("os.Exit(1)"), (name, encoding, d.range)
            assert isinstance(d.range.start, types.Position)

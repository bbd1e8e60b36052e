"""`golint-panics lsp`: a language server over stdio (pygls).

Diagnostics are published when a Go document is opened or saved, and
after a short pause in typing (debounced didChange); they are cleared
when it is closed. Positions use the encoding negotiated with the client
(UTF-16 unless the client offers another).

Robustness: checks run on a daemon thread (`AnalysisThread`), so the
message loop always answers (`shutdown` in particular); a file the client
did not open is read as untrusted input (`read_go_bytes`: regular files
only, bounded, never blocking); frames are validated before pygls sees them
(`SafeFrames`).
"""
from __future__ import annotations

import asyncio
import io
import itertools
import logging
import os
import queue
import threading

from . import INFORMATION_URI, __version__
from .report.docs import anchor
from .safeio import KB, MB

DEBOUNCE_SECONDS = 0.3
#: parsed files and dependency summaries kept between checks
KEEP_PARSED = 3000
KEEP_SUMMARIES = 2000
#: decoded cache entries kept between checks (cache.KEEP_ENTRIES): a
#: package's, its programs' packages', the module's tables
KEEP_ENTRIES = 64
#: the largest message we accept; a Content-Length above it is a broken client
MAX_MESSAGE = 64 * MB
MAX_HEADER_LINE = 64 * KB
CONTENT_LENGTH = b"Content-Length:"
DOCS_URL = INFORMATION_URI + "/blob/main/docs/rules.md"

logger = logging.getLogger(__name__)


def _units(text: str, encoding) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def document_lines(text: str) -> list[str]:
    """The document's lines as Go and LSP count them: split at "\n" only
    (not at U+2028, U+0085, form feed, vertical tab or FS, as Python's
    splitlines does), a "\r" before it not part of the line."""
    return [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]


def _position(lines: list[str], line: int, column: int, encoding):
    from lsprotocol import types
    row = max(0, line - 1)
    text = lines[row] if row < len(lines) else ""
    # columns do not count a byte order mark; an editor that keeps it in the
    # text counts it as a character of line 1
    skip = 1 if row == 0 and text.startswith("\ufeff") else 0
    return types.Position(line=row, character=_units(text[: max(0, column - 1) + skip],
                                                     encoding))


def to_diagnostic(finding, lines: list[str], encoding, rules, uri_for):
    from lsprotocol import types
    loc = finding.location
    severity = {"error": types.DiagnosticSeverity.Error,
                "warning": types.DiagnosticSeverity.Warning,
                "note": types.DiagnosticSeverity.Information}[finding.severity]
    related = None
    if finding.related:
        related = [types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri_for(r.path), range=types.Range(
                start=types.Position(line=r.line - 1, character=r.column_utf16 - 1),
                end=types.Position(line=r.end_line - 1, character=r.end_column_utf16 - 1))),
            message=r.message or "related") for r in finding.related]
    rule = rules.get(finding.code)
    return types.Diagnostic(
        range=types.Range(start=_position(lines, loc.line, loc.column, encoding),
                          end=_position(lines, loc.end_line, loc.end_column, encoding)),
        message=finding.message,
        severity=severity,
        code=finding.code,
        code_description=types.CodeDescription(href=f"{DOCS_URL}#{anchor(rule)}") if rule else None,
        source="golint-panics",
        related_information=related,
    )


class Linter:
    """Runs a check on a buffer the way `check --stdin-filename` does."""

    def __init__(self):
        from . import cache, deps, prefilter, source
        from .registry import load_rules
        self.rules = load_rules()
        # a warm model between checks: unchanged files stay parsed, the
        # summaries of dependency versions stay made, and the headers of the
        # module's other files are read again only when they change (runner)
        source.KEEP_PARSED = max(source.KEEP_PARSED, KEEP_PARSED)
        deps.KEEP_SUMMARIES = max(deps.KEEP_SUMMARIES, KEEP_SUMMARIES)
        prefilter.KEEP_SCANS = max(prefilter.KEEP_SCANS, KEEP_PARSED)
        cache.KEEP_ENTRIES = max(cache.KEEP_ENTRIES, KEEP_ENTRIES)
        # what a check imports, at start rather than on the first open
        from . import config, project, runner  # noqa: F401
        #: the caches of the checks since the last `save`: their entries are
        #: written after the diagnostics are published
        self.pending: list = []
        #: the configurations found, kept between checks (verified by `verify`)
        self.configs = None

    def lint(self, path: str, text: str, trust_context: bool | str = True):
        """(findings, error); `self.parsed` is then the number of files the
        check parsed (none: every result came from the cache), and
        `self.trusted` whether it took the module's other files as the last
        check of this package saw them (no walk, no stat: `verify` tells
        whether they changed since)."""
        from .cache import CACHE_DIR_NAME, Cache
        from .config import Configs
        from .project import ModuleFinder, UsageError, context_root
        from .runner import BUFFER_DEPS_BUDGET, check_buffer
        self.trusted = self.changed = False
        kept = trust_context is True and self.configs is not None
        try:
            # the buffer's closest configuration, from those found before
            # while they are trusted
            configs = self.configs if kept else Configs(self.rules)
            if trust_context:
                self.configs = configs
            profile = configs.profile_for(path)
            # the project's cache, where `golint-panics check` run at its root
            # keeps it: the configuration's directory, else the module's root
            directory = os.path.dirname(path)
            root = configs.config_for(directory).root or (
                context_root(directory, ModuleFinder()) if os.path.isdir(directory) else None)
            cache = Cache(os.path.join(root, CACHE_DIR_NAME)) if root else None
            result = check_buffer(path, text.encode("utf-8"), list(profile.rules),
                                  profile.settings, config=profile.config,
                                  cwd=directory, deps_budget=BUFFER_DEPS_BUDGET,
                                  configs=configs, cache=cache, save_cache=False,
                                  trust_context=trust_context)
            if cache is not None:
                self.pending.append(cache)
        except UsageError as exc:
            self.parsed = 0
            return [], str(exc)
        self.parsed = result.files_parsed
        self.trusted = result.context_trusted or kept
        self.changed = result.context_changed
        return result.findings, None

    def verify(self, path: str, text: str) -> bool:
        """After a check that trusted the module's other files and the
        configurations found before: walk and stat them, look for the
        configurations again; did any change since that check's package
        saw them last? (Then it is checked again: a file changed on disk,
        by git or another editor, shows within one check.)"""
        from .runner import VERIFY
        kept = self.configs
        self.lint(path, text, trust_context=VERIFY)      # with the configurations afresh
        return self.changed or (kept is not None and not kept.same_as(self.configs))

    def save(self) -> list[str]:
        """Write what the checks since the last call changed in their
        caches; returns the problems (never raises)."""
        pending, self.pending = self.pending, []
        return [problem for cache in pending for problem in cache.save()]

    def warm(self, path: str, text: str) -> None:
        """Analyse the buffer's package as an edit would, and keep what it
        parsed and walked (parsed files, each function's calls), dropping
        the findings: a check whose results all came from the cache parsed
        nothing, and the first edit after it would parse the whole package."""
        self.lint(path, text + "\n// (golint-panics: warming up)\n")


class AnalysisThread:
    """Runs checks one at a time on a daemon thread, off the message loop.

    While a check runs (a large package, dependencies to summarise) the loop
    keeps reading and answering messages, `shutdown` included. A daemon
    thread, because the threads of a ThreadPoolExecutor (and so of
    `asyncio.to_thread`) are joined when the interpreter exits: `exit` would
    wait for the check to end. One thread, because checks are CPU-bound and
    would only compete for the GIL; a job whose result nobody waits for any
    more (cancelled at `shutdown`) is skipped when its turn comes, and so is
    a check that a newer one of the same document replaces (see `analyse`)."""

    def __init__(self):
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._work, name="golint-panics-check", daemon=True).start()

    def run(self, fn, *args) -> asyncio.Future:
        """`fn(*args)` on the thread, as a future of the running loop."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._jobs.put((loop, future, fn, args))
        return future

    def _work(self) -> None:
        while True:
            loop, future, fn, args = self._jobs.get()
            if future.done():
                continue
            try:
                outcome = (fn(*args), None)
            except Exception as exc:
                outcome = (None, exc)
            try:
                loop.call_soon_threadsafe(_settle, future, *outcome)
            except RuntimeError:    # the loop is closed: the server is exiting
                return


def _settle(future: asyncio.Future, result, error) -> None:
    if future.done():     # cancelled meanwhile
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class SafeFrames:
    """The server's stdin as pygls reads it, one validated frame at a time.

    pygls reads a body with a single `read(Content-Length)`: a bogus header
    (`Content-Length: 1000000000000`) makes it allocate that much, and the
    server dies of MemoryError (or waits forever for the bytes). Here frames
    are read with bounded header lines and bodies of at most MAX_MESSAGE
    bytes, and pygls gets only well-formed ones. A frame with an absurd or
    unreadable length is logged and dropped; since where it really ends is
    unknown, input is skipped up to the next `Content-Length:` header (also
    when glued to the bytes before it), which resynchronises with a client
    that sent one bad frame."""

    def __init__(self, raw):
        self.raw = raw
        self.frame = io.BytesIO()

    def readline(self) -> bytes:
        line = self.frame.readline()
        if not line:
            self.frame = io.BytesIO(self._next_frame())
            line = self.frame.readline()
        return line

    def read(self, n: int) -> bytes:
        return self.frame.read(n)

    def _next_frame(self) -> bytes:
        """The next valid frame, re-serialised; b"" at the end of input."""
        length = None
        while True:
            line = self.raw.readline(MAX_HEADER_LINE)
            if not line:
                return b""
            at = line.find(CONTENT_LENGTH)
            if at >= 0:
                try:
                    length = int(line[at + len(CONTENT_LENGTH):].strip())
                except ValueError:
                    length = -1
            elif not line.strip() and length is not None:   # the end of the headers
                if 0 < length <= MAX_MESSAGE:
                    body = self.raw.read(length)
                    if len(body) < length:
                        return b""
                    return b"Content-Length: %d\r\n\r\n" % length + body
                logger.error("golint-panics: ignoring a message with Content-Length %s (at most "
                             "%d MB): skipping to the next header", length, MAX_MESSAGE // MB)
                length = None


#: the reason a suppression action writes, for the user to replace
SUPPRESS_REASON = "TODO: why this is safe"


def code_actions(uri: str, text: str, findings, wanted, encoding) -> list:
    """Quick fixes for the findings on the lines of `wanted` (an LSP range):
    the rule's own fix when it has one (GP007), and "suppress on this line"
    with our own directive and a reason to fill in."""
    from lsprotocol import types

    from .fix import digest
    lines = document_lines(text)
    data = text.encode("utf-8")
    first, last = wanted.start.line + 1, wanted.end.line + 1
    actions = []

    def edit(start: types.Position, end: types.Position, new_text: str) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(changes={uri: [types.TextEdit(
            range=types.Range(start=start, end=end), new_text=new_text)]})

    def position_of(offset: int) -> types.Position:
        row = data.count(b"\n", 0, offset)
        start = data.rfind(b"\n", 0, offset) + 1
        return types.Position(line=row, character=_units(
            data[start:offset].decode("utf-8", "replace"), encoding))

    for f in findings:
        loc = f.location
        if f.severity == "note" or loc.line > last or loc.end_line < first:
            continue
        diagnostic_range = types.Range(start=_position(lines, loc.line, loc.column, encoding),
                                       end=_position(lines, loc.end_line, loc.end_column, encoding))
        diagnostic = types.Diagnostic(range=diagnostic_range, message=f.message, code=f.code,
                                      source="golint-panics")
        fx = f.fix
        if fx is not None and fx.digest == digest(data) and 0 <= fx.start <= fx.end <= len(data):
            actions.append(types.CodeAction(
                title=f"{f.code}: {fx.message}", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic], is_preferred=True,
                edit=edit(position_of(fx.start), position_of(fx.end), fx.replacement)))
        line_text = lines[loc.line - 1] if loc.line - 1 < len(lines) else ""
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        at = types.Position(line=loc.line - 1, character=0)
        actions.append(types.CodeAction(
            title=f"Suppress {f.code} on this line (//golint-panics:ignore)",
            kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
            edit=edit(at, at, f"{indent}//golint-panics:ignore {f.code} {SUPPRESS_REASON}\n")))
    return actions


def create_server():
    from lsprotocol import types
    from pygls.exceptions import FeatureNotificationError
    from pygls.lsp.server import LanguageServer

    from .header import UnreadableFile, read_go_bytes

    server = LanguageServer("golint-panics", __version__)
    linter = Linter()
    checks = AnalysisThread()
    versions: dict[str, int] = {}
    #: per document: (text, findings) of the diagnostics last published,
    #: which code actions are made from
    published: dict[str, tuple[str, list]] = {}
    tickets: dict[str, int] = {}     # per document: the latest check asked for
    asked: dict[str, int | None] = {}  # per document: the version that check is of
    numbers = itertools.count()

    def analyse(uri: str, ticket: int, path: str, text: str | None):
        """On the check thread: (text, findings, error) of the buffer, or of
        the file on disk when `text` is None (text None: the file cannot be
        read, error says why); None when a newer check of the document was
        asked for meanwhile, or it was closed."""
        if tickets.get(uri) != ticket:
            return None
        if text is None:
            try:
                text = read_go_bytes(path).decode("utf-8", "replace")
            except UnreadableFile as exc:
                return None, [], f"golint-panics: {path} not checked: {exc}", False, False
        findings, error = linter.lint(path, text)
        return text, findings, error, linter.parsed == 0 and not error, linter.trusted

    def verify(uri: str, ticket: int, path: str, text: str) -> bool:
        """On the check thread, after a check that trusted the module's
        other files (Linter.verify): True when they changed since, and no
        newer check of the document was asked for meanwhile."""
        return tickets.get(uri) == ticket and linter.verify(path, text) and \
            tickets.get(uri) == ticket

    async def verified(ls, uri: str, ticket: int, path: str, text: str) -> None:
        if await checks.run(verify, uri, ticket, path, text):
            check(ls, uri)

    def warm(uri: str, ticket: int, path: str, text: str) -> None:
        """On the check thread, after a check that read every result from
        the cache: analyse the package so that the next edit finds it
        parsed; skipped when another check of the document was asked for
        meanwhile (it analyses the package itself)."""
        if tickets.get(uri) == ticket:
            linter.warm(path, text)

    async def save(ls) -> None:
        for problem in await checks.run(linter.save):
            ls.window_log_message(types.LogMessageParams(type=types.MessageType.Warning,
                                                         message=f"golint-panics: {problem}"))

    tasks: set[asyncio.Task] = set()

    def in_background(coroutine) -> None:
        """Checks run as tasks of their own, not as the notification handler:
        pygls cancels pending handlers at `shutdown` and reports each with a
        traceback; ours are cancelled quietly (at `shutdown`, or by asyncio
        when the loop ends), and an error is reported as pygls would."""
        task = asyncio.ensure_future(coroutine)
        tasks.add(task)
        task.add_done_callback(finished)

    def finished(task: asyncio.Task) -> None:
        tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("golint-panics: check failed", exc_info=task.exception())
            server.report_server_error(task.exception(), FeatureNotificationError)

    def check(ls, uri: str) -> None:
        """Start a check of the document as it is now; its diagnostics are
        published when it ends, unless a newer check or a close came first."""
        ticket = tickets[uri] = next(numbers)
        # a document the client did not open (version None) is a lazy view of
        # the file: its `source` would read a FIFO or /dev/zero unchecked
        doc = ls.workspace.get_text_document(uri)
        asked[uri] = doc.version
        if (doc.path or "").endswith(".go"):
            text = doc.source if doc.version is not None else None
            in_background(publish(ls, uri, ticket, doc.path, doc.version, text))

    async def publish(ls, uri: str, ticket: int, path: str, version, text) -> None:
        outcome = await checks.run(analyse, uri, ticket, path, text)
        if outcome is None or tickets.get(uri) != ticket:   # closed, or a newer check comes
            return
        text, findings, error, cold, trusted = outcome
        if text is None:
            ls.window_log_message(types.LogMessageParams(type=types.MessageType.Warning,
                                                         message=error))
            return
        if error:
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error, message=f"golint-panics: {error}"))
        lines = document_lines(text)
        encoding = ls.workspace.position_encoding or "utf-16"
        base = os.path.dirname(path)

        def uri_for(p: str) -> str:
            from pathlib import Path
            return Path(os.path.normpath(os.path.join(base, p))).as_uri()

        published[uri] = (text, list(findings))
        diagnostics = [to_diagnostic(f, lines, encoding, linter.rules, uri_for) for f in findings]
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics))
        # the cache is written once the diagnostics are out, and what the
        # check took on trust verified
        in_background(save(ls))
        if trusted:
            in_background(verified(ls, uri, ticket, path, text))
        if cold:
            # keep the open package's model warm for its first edit
            in_background(checks.run(warm, uri, ticket, path, text))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls, params):
        for task in list(tasks):
            task.cancel()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: types.DidOpenTextDocumentParams):
        check(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params: types.DidSaveTextDocumentParams):
        check(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: types.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        version = params.text_document.version
        versions[uri] = version

        async def debounced():
            await asyncio.sleep(DEBOUNCE_SECONDS)
            # no newer change arrived meanwhile, and no check of this very
            # version was asked for (a save right after typing starts one)
            if versions.get(uri) == version and asked.get(uri) != version:
                check(ls, uri)
        in_background(debounced())

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls, params: types.CodeActionParams):
        uri = params.text_document.uri
        if uri not in published:
            return []
        text, findings = published[uri]
        doc = ls.workspace.get_text_document(uri)
        if doc.version is not None and doc.source != text:
            return []                     # edited since: the next check brings new actions
        encoding = ls.workspace.position_encoding or "utf-16"
        return code_actions(uri, text, findings, params.range, encoding)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams):
        published.pop(params.text_document.uri, None)
        versions.pop(params.text_document.uri, None)
        tickets.pop(params.text_document.uri, None)
        asked.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=params.text_document.uri, diagnostics=[]))

    return server


def serve() -> int:
    import gc
    import sys
    # the collector runs less often: a check allocates many small objects
    # and frees most by reference counting, and between edits the server
    # holds a large warm model the collector would walk again and again
    # (transport.go: ~3-5 ms of each edit's check, and a pause of 15-35 ms
    # now and then, without this)
    gc.set_threshold(50_000, 20, 10)
    try:
        server = create_server()
    except ImportError:
        print("golint-panics: error: the language server needs pygls: pip install 'golint-panics[lsp]'",
              file=sys.stderr)
        return 2
    server.start_io(stdin=SafeFrames(sys.stdin.buffer))
    return 0

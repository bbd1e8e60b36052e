"""`golint-panics lsp`: a language server over stdio (pygls).

Diagnostics are published when a Go document is opened or saved, and
after a short pause in typing (debounced didChange); they are cleared
when it is closed. Positions use the encoding negotiated with the client
(UTF-16 unless the client offers another).
"""
from __future__ import annotations

import asyncio
import os

from . import INFORMATION_URI, __version__
from .report.docs import anchor

DEBOUNCE_SECONDS = 0.3
DOCS_URL = INFORMATION_URI + "/blob/main/docs/rules.md"


def _units(text: str, encoding) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _position(lines: list[str], line: int, column: int, encoding):
    from lsprotocol import types
    row = max(0, line - 1)
    text = lines[row] if row < len(lines) else ""
    return types.Position(line=row, character=_units(text[: max(0, column - 1)], encoding))


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
        from .registry import load_rules
        self.rules = load_rules()

    def lint(self, path: str, text: str):
        from .config import Config, find_config, load_config, select_rules, settings_for
        from .project import UsageError
        from .runner import check_buffer
        try:
            found = find_config(path)
            config = load_config(found, self.rules) if found else Config()
            rules, _ = select_rules(self.rules, config.select, config.extend_select, config.ignore)
            result = check_buffer(path, text.encode("utf-8"), rules, settings_for(config),
                                  config=config, cwd=os.path.dirname(path))
        except UsageError as exc:
            return [], str(exc)
        return result.findings, None


def create_server():
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("golint-panics", __version__)
    linter = Linter()
    versions: dict[str, int] = {}

    def publish(ls, uri: str) -> None:
        doc = ls.workspace.get_text_document(uri)
        if not doc.path.endswith(".go"):
            return
        findings, error = linter.lint(doc.path, doc.source)
        if error:
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error, message=f"golint-panics: {error}"))
        lines = doc.source.splitlines()
        encoding = ls.workspace.position_encoding or "utf-16"
        base = os.path.dirname(doc.path)

        def uri_for(p: str) -> str:
            from pathlib import Path
            return Path(os.path.normpath(os.path.join(base, p))).as_uri()

        diagnostics = [to_diagnostic(f, lines, encoding, linter.rules, uri_for) for f in findings]
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=doc.version, diagnostics=diagnostics))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: types.DidOpenTextDocumentParams):
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params: types.DidSaveTextDocumentParams):
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls, params: types.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        version = params.text_document.version
        versions[uri] = version
        await asyncio.sleep(DEBOUNCE_SECONDS)
        if versions.get(uri) == version:   # no newer change arrived meanwhile
            publish(ls, uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams):
        versions.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=params.text_document.uri, diagnostics=[]))

    return server


def serve() -> int:
    try:
        server = create_server()
    except ImportError:
        import sys
        print("golint-panics: error: the language server needs pygls: pip install 'golint-panics[lsp]'",
              file=sys.stderr)
        return 2
    server.start_io()
    return 0

"""The editor paths: --stdin-filename and the language server, driven for real."""
import asyncio
import os
import json
import sys

import pytest

from test_cli import BAD, run

SIBLING = """package main

func worker() {
	var jobs []int
	_ = jobs[0]
}
"""
BUFFER = """package main

func Start() {
	go worker()
}
"""


def test_stdin_filename_lints_the_buffer_with_its_package_from_disk(tmp_path):
    (tmp_path / "worker.go").write_text(SIBLING)
    (tmp_path / "bad.go").write_text(BAD)        # a sibling with its own finding
    p = run(["check", "--stdin-filename", "start.go", "--output-format", "json", "-"],
            tmp_path, input=BUFFER)
    data = json.loads(p.stdout)
    assert [(d["path"], d["line"], d["code"]) for d in data] == [("start.go", 4, "GP004")]
    assert p.returncode == 1
    # the sibling is what makes `go worker()` known: with a recovering worker, no finding
    (tmp_path / "worker.go").write_text(
        "package main\n\nfunc worker() {\n\tdefer func() { recover() }()\n}\n")
    p = run(["check", "--stdin-filename", "start.go", "-"], tmp_path, input=BUFFER)
    assert (p.returncode, p.stdout) == (0, "")


def test_stdin_filename_decides_test_file_status_and_config(tmp_path):
    (tmp_path / "worker.go").write_text(SIBLING)
    p = run(["check", "--stdin-filename", "start_test.go", "-"], tmp_path, input=BUFFER)
    assert p.returncode == 0
    (tmp_path / ".golint-panics.toml").write_text('ignore = ["GP004"]\n')
    assert run(["check", "--stdin-filename", "start.go", "-"], tmp_path, input=BUFFER).returncode == 0
    (tmp_path / ".golint-panics.toml").write_text('extend-exclude = ["start.go"]\n')
    assert run(["check", "--stdin-filename", "start.go", "-"], tmp_path, input=BUFFER).returncode == 1
    assert run(["check", "--force-exclude", "--stdin-filename", "start.go", "-"], tmp_path,
               input=BUFFER).returncode == 0


def test_a_buffer_in_a_directory_not_created_yet_is_linted_alone(tmp_path):
    """A new file of a new package, unsaved: its directory does not exist."""
    for name in ("internal/jobs/start.go", str(tmp_path / "nowhere" / "start.go")):
        p = run(["check", "--stdin-filename", name, "--output-format", "json", "-"],
                tmp_path, input=BUFFER.replace("go worker()", "go func() { panic(1) }()"))
        assert p.returncode == 1, p.stderr
        [d] = json.loads(p.stdout)
        assert (d["code"], d["line"]) == ("GP004", 4)
        assert d["path"].endswith("start.go") and "no such file" not in p.stderr
    assert not (tmp_path / "internal").exists()     # nothing written there


def test_stdin_needs_a_filename(tmp_path):
    p = run(["check", "-"], tmp_path, input=BUFFER)
    assert p.returncode == 2 and "--stdin-filename" in p.stderr


# --- the language server ---------------------------------------------------------

pygls = pytest.importorskip("pygls", reason="pygls not installed (pip install -e '.[test]')")


def lsp_session(tmp_path, script, command=None, env=None, ends_at_shutdown=False):
    """Run `script(client, types, next_diagnostics)` against a language
    server: ours, or `command` (efm-langserver, which ends its process when
    asked to shut down: `ends_at_shutdown`)."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    async def main():
        client = LanguageClient("test-client", "1")
        inbox: asyncio.Queue = asyncio.Queue()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params):
            inbox.put_nowait(params)

        await client.start_io(*(command or (sys.executable, "-m", "golint_panics", "lsp")),
                              **({"env": env} if env else {}), cwd=str(tmp_path))
        try:
            await client.initialize_async(types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=tmp_path.as_uri()))
            client.initialized(types.InitializedParams())

            async def next_diagnostics():
                return await asyncio.wait_for(inbox.get(), timeout=60)

            return await script(client, types, next_diagnostics)
        finally:
            try:
                await client.shutdown_async(None)
                client.exit(None)
            except RuntimeError:
                if not ends_at_shutdown:
                    raise
            await client.stop()

    return asyncio.run(main())


def test_language_server_publishes_and_clears_diagnostics(tmp_path):
    (tmp_path / "worker.go").write_text(SIBLING)
    path = tmp_path / "start.go"
    path.write_text(BUFFER)
    uri = path.as_uri()
    text = "package main\n\n// 中文 😀\nfunc Start() { /* 😀 */ go worker() }\n"

    async def script(client, types, next_diagnostics):
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="go", version=1, text=text)))
        opened = await next_diagnostics()
        # an edit that adds a recover: after the debounce, the diagnostic goes away
        fixed = text.replace("go worker()", "go func() { defer func() { recover() }() }()")
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
        changed = await next_diagnostics()
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        saved = await next_diagnostics()
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        closed = await next_diagnostics()
        return opened, changed, saved, closed

    opened, changed, saved, closed = lsp_session(tmp_path, script)
    assert opened.uri == uri
    [d] = opened.diagnostics
    assert d.code == "GP004" and d.source == "golint-panics"
    assert "no deferred recover" in d.message
    assert d.code_description.href.endswith("docs/rules.md#gp004-goroutine-without-recover")
    line = "func Start() { /* 😀 */ go worker() }"
    utf16 = len(line[: line.index("go worker")].encode("utf-16-le")) // 2
    assert (d.range.start.line, d.range.start.character) == (3, utf16)
    assert (d.range.end.line, d.range.end.character) == (3, utf16 + 2)
    assert utf16 == line.index("go worker") + 1   # the emoji counts twice in UTF-16
    assert list(changed.diagnostics) == [] and changed.version == 2
    assert list(saved.diagnostics) == []
    assert list(closed.diagnostics) == []


def test_language_server_lints_a_buffer_whose_directory_does_not_exist(tmp_path):
    uri = (tmp_path / "cmd" / "new" / "main.go").as_uri()
    text = "package main\n\nfunc main() {\n\tgo func() { panic(1) }()\n\tselect {}\n}\n"

    async def script(client, types, next_diagnostics):
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="go", version=1, text=text)))
        return await next_diagnostics()

    opened = lsp_session(tmp_path, script)
    assert [(d.code, d.range.start.line) for d in opened.diagnostics] == [("GP004", 3)]


def test_language_server_offers_the_fix_and_a_suppression(tmp_path):
    path = tmp_path / "main.go"
    text = ("package main\n\nimport (\n\t\"os\"\n\t\"os/signal\"\n)\n\nfunc main() {\n"
            "\t/* 中文 */ c := make(chan os.Signal)\n\tsignal.Notify(c, os.Interrupt)\n\t<-c\n}\n")
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()

    async def script(client, types, next_diagnostics):
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="go", version=1, text=text)))
        opened = await next_diagnostics()
        [d] = opened.diagnostics
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=d.range,
            context=types.CodeActionContext(diagnostics=[d])))
        elsewhere = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0),
                              end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[])))
        return d, actions, elsewhere

    d, actions, elsewhere = lsp_session(tmp_path, script)
    assert d.code == "GP007" and not elsewhere
    fix, suppress = actions
    assert fix.title.startswith("GP007: ") and fix.is_preferred
    [edit] = fix.edit.changes[uri]
    line = text.splitlines()[8]
    assert edit.range.start.line == edit.range.end.line == 8
    # UTF-16 positions; the CJK characters are one unit each, as in Python
    a, b = edit.range.start.character, edit.range.end.character
    assert line[:a] + edit.new_text + line[b:] == line.replace("os.Signal)", "os.Signal, 1)")
    assert line.index("make(") < a     # after the CJK comment: positions count characters
    [insert] = suppress.edit.changes[uri]
    assert (insert.range.start.line, insert.range.start.character) == (d.range.start.line, 0)
    assert d.range.start.line == 9                 # the finding is at signal.Notify
    assert insert.new_text == "\t//golint-panics:ignore GP007 TODO: why this is safe\n"


def test_the_language_server_warms_an_open_package_for_its_first_edit(tmp_path, monkeypatch):
    """An open whose results all come from the project's cache parses
    nothing; the server then analyses the package once in the background
    (`Linter.warm`), so that the first edit parses only the edited file."""
    pytest.importorskip("pygls")
    from golint_panics import deps, lsp, registry, runner, source
    from golint_panics.cache import CACHE_DIR_NAME, Cache
    from golint_panics.config import Configs
    monkeypatch.setattr(source, "KEEP_PARSED", source.KEEP_PARSED)
    monkeypatch.setattr(deps, "KEEP_SUMMARIES", deps.KEEP_SUMMARIES)
    monkeypatch.setattr("golint_panics.prefilter.KEEP_SCANS", 0)
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    (tmp_path / "worker.go").write_text(SIBLING)
    (tmp_path / "util.go").write_text("package main\n\nfunc helper() { go worker() }\n")
    path = tmp_path / "start.go"
    path.write_text(BUFFER)
    configs = Configs(registry.load_rules())
    profile = configs.profile_for(str(tmp_path))
    runner.run_check([str(tmp_path)], list(profile.rules), profile.settings, jobs=1,
                     cwd=str(tmp_path), configs=configs,
                     cache=Cache(str(tmp_path / CACHE_DIR_NAME)))
    source._kept.clear()
    made = []
    real = source.SourceFile

    class Counted(real):
        def __init__(self, p, *a, **k):
            made.append(p)
            super().__init__(p, *a, **k)
    monkeypatch.setattr(source, "SourceFile", Counted)
    linter = lsp.Linter()
    findings, error = linter.lint(str(path), BUFFER)
    assert error is None and [f.code for f in findings] == ["GP004"]
    assert linter.parsed == 0 and made == []
    linter.warm(str(path), BUFFER)
    # (worker.go for the goroutine's code; util.go, which only starts a
    # goroutine, for nothing: the helpers it declares are the record's)
    assert sorted(os.path.basename(p) for p in made) == ["start.go", "worker.go"]
    made.clear()
    edited = BUFFER.replace("go worker()", "go worker()\n\tgo worker()")
    findings, error = linter.lint(str(path), edited)
    assert [f.code for f in findings] == ["GP004", "GP004"]
    assert [os.path.basename(p) for p in made] == ["start.go"]


def test_the_language_server_writes_the_cache_after_the_diagnostics(tmp_path, monkeypatch):
    """A check of the language server leaves its cache entries to be written
    once its diagnostics are published (`Linter.save`, on the check thread):
    the writes are not part of the latency the user waits for."""
    from golint_panics import deps, lsp, source
    from golint_panics.cache import CACHE_DIR_NAME
    # (what a Linter keeps between checks is the server's: not the next test's)
    monkeypatch.setattr(source, "KEEP_PARSED", source.KEEP_PARSED)
    monkeypatch.setattr(deps, "KEEP_SUMMARIES", deps.KEEP_SUMMARIES)
    monkeypatch.setattr("golint_panics.prefilter.KEEP_SCANS", 0)
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    (tmp_path / "worker.go").write_text(SIBLING)
    path = tmp_path / "start.go"
    path.write_text(BUFFER)
    linter = lsp.Linter()
    findings, error = linter.lint(str(path), BUFFER)
    assert error is None and [f.code for f in findings] == ["GP004"]
    assert not (tmp_path / CACHE_DIR_NAME).exists()
    assert linter.save() == []
    assert any((tmp_path / CACHE_DIR_NAME).rglob("*.json"))
    assert linter.save() == [] and linter.pending == []


def test_the_language_server_republishes_when_the_module_changed_behind_a_check(tmp_path):
    """A check of the language server takes the rest of the module as the
    last check of the package saw it; once its diagnostics are out it
    verifies that, and a change found (here: the only importer of the
    package dropped it, making it a library that exits) is checked again
    and published at once, without another edit."""
    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n")
    worker = tmp_path / "internal" / "worker" / "worker.go"
    worker.parent.mkdir(parents=True)
    text = ("package worker\n\nimport \"log\"\n\n// Run processes jobs.\n"
            "func Run(jobs <-chan string) {\n\tfor j := range jobs {\n\t\tif j == \"\" {\n"
            "\t\t\tlog.Fatal(\"empty job\")\n\t\t}\n\t}\n}\n")
    worker.write_text(text)
    main = tmp_path / "cmd" / "svc" / "main.go"
    main.parent.mkdir(parents=True)
    main.write_text("package main\n\nimport \"example.com/svc/internal/worker\"\n\n"
                    "func main() { worker.Run(nil) }\n")
    uri = worker.as_uri()

    async def script(client, types, next_diagnostics):
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="go", version=1, text=text)))
        seen = [await next_diagnostics()]
        for version in (2, 3):
            if version == 3:     # the importer goes away, on disk (git checkout, say)
                main.write_text("package main\n\nfunc main() {}\n")
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
            client.text_document_did_save(types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
            seen.append(await next_diagnostics())
        while not any(d.code == "GP002" for d in seen[-1].diagnostics):
            seen.append(await next_diagnostics())
        return seen

    seen = lsp_session(tmp_path, script)
    assert [d.code for d in seen[0].diagnostics] == []      # main imports it: no finding
    [d] = seen[-1].diagnostics
    assert (d.code, d.range.start.line) == ("GP002", 8)
    assert len(seen) <= 5

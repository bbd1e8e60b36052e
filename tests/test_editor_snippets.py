"""The README's Neovim + nvim-lint snippet, run in a real Neovim (headless).

nvim-lint itself is not packaged for Debian and nothing can be fetched
here, so `require("lint")` is a small stand-in that follows nvim-lint's
documented linter contract (`cmd`, `stdin`, `args` with functions
evaluated, `ignore_exitcode`, `parser(output, bufnr)` returning
`vim.diagnostic` items, `try_lint()` for the buffer's filetype); the
snippet's own code — the linter definition, the parser, the autocommand —
runs as the README prints it. Skipped when `nvim` is not installed
(`apt-get install neovim`).
"""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

README = os.path.join(os.path.dirname(__file__), "..", "README.md")
NVIM = shutil.which("nvim")

LINT_STUB = r'''
local M = { linters = {}, linters_by_ft = {} }
function M.try_lint()
  local bufnr = vim.api.nvim_get_current_buf()
  for _, name in ipairs(M.linters_by_ft[vim.bo[bufnr].filetype] or {}) do
    local linter = M.linters[name]
    local cmd = { linter.cmd }
    for _, a in ipairs(linter.args or {}) do
      table.insert(cmd, type(a) == "function" and a() or a)
    end
    local input = nil
    if linter.stdin then
      input = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"
    end
    local output = vim.fn.system(cmd, input)
    if vim.v.shell_error ~= 0 and not linter.ignore_exitcode then
      error("linter failed: " .. output)
    end
    vim.diagnostic.set(vim.api.nvim_create_namespace(name), bufnr, linter.parser(output, bufnr))
  end
end
return M
'''

GO = ("package main\n\nfunc main() {\n"
      "\t/* 中文 😀 */ go func() { panic(\"boom\") }()\n"
      "\tselect {}\n}\n")


def readme_block(after: str, language: str) -> str:
    """The first ```language block of the README after the words `after`."""
    with open(README, encoding="utf-8") as fh:
        text = fh.read()
    at = text.index(after)
    return re.search(rf"```{language}\n(.*?)```", text[at:], re.S).group(1)


def golint_on_path(tmp_path) -> dict:
    """An environment whose PATH has `golint-panics` running this checkout
    with the test's interpreter."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "golint-panics"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m golint_panics "$@"\n')
    wrapper.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.mark.skipif(NVIM is None, reason="nvim not installed (apt-get install neovim)")
def test_readme_nvim_lint_snippet_puts_warnings_at_the_right_byte_column(tmp_path):
    stub = tmp_path / "rtp" / "lua"
    stub.mkdir(parents=True)
    (stub / "lint.lua").write_text(LINT_STUB)
    (tmp_path / "init.lua").write_text(readme_block("Neovim with nvim-lint", "lua"),
                                       encoding="utf-8")
    src = tmp_path / "svc" / "main.go"
    src.parent.mkdir()
    src.write_text(GO, encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    dump = ("lua local f = io.open([[%s]], 'w'); "
            "f:write(vim.json.encode(vim.diagnostic.get(0))); f:close()") % out
    env = golint_on_path(tmp_path)
    subprocess.run([NVIM, "--headless", "-u", "NONE", "-i", "NONE", "--cmd", "filetype on",
                    "--cmd", f"set rtp^={tmp_path / 'rtp'}", "-c", f"luafile {tmp_path / 'init.lua'}",
                    "-c", f"edit {src}", "-c", dump, "-c", "qa!"],
                   cwd=tmp_path / "svc", env=env, timeout=120, check=True,
                   capture_output=True)
    [d] = json.loads(out.read_text())
    line = GO.splitlines()[3]
    want_col = len(line[: line.index("go func")].encode("utf-8"))
    assert (d["lnum"], d["col"]) == (3, want_col)           # bytes, not characters
    assert want_col != line.index("go func")                  # the CJK text makes them differ
    assert d["end_col"] == want_col + 2                        # `go`
    assert d["severity"] == 2                                  # vim.diagnostic.severity.WARN
    assert d["code"] == "GP004" and d["message"].startswith("GP004 ")
    assert d["source"] == "golint-panics"


EFM = shutil.which("efm-langserver")


@pytest.mark.skipif(EFM is None, reason="efm-langserver not installed (apt-get install efm-langserver)")
def test_readme_efm_langserver_config_publishes_warnings_at_the_right_place(tmp_path):
    pytest.importorskip("pygls")
    from lsprotocol import types

    from test_editor import lsp_session

    (tmp_path / "config.yaml").write_text(readme_block("efm-langserver (`config.yaml`", "yaml"),
                                         encoding="utf-8")
    src = tmp_path / "svc" / "a.go"
    src.parent.mkdir()
    text = 'package svc\n\nimport "os"\n\nfunc F() {\n\t/* 中文 */ os.Exit(1)\n}\n'
    src.write_text(text, encoding="utf-8")

    async def script(client, types, next_diagnostics):
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=src.as_uri(), language_id="go",
                                                 version=1, text=text)))
        while True:
            got = await next_diagnostics()
            if got.diagnostics:
                return got.diagnostics

    [d] = lsp_session(tmp_path, script, command=(EFM, "-c", str(tmp_path / "config.yaml")),
                      env=golint_on_path(tmp_path), ends_at_shutdown=True)
    line = text.splitlines()[5]
    assert (d.range.start.line, d.range.start.character) == (5, line.index("os.Exit"))
    assert d.severity == types.DiagnosticSeverity.Warning
    assert d.message.startswith("GP002 os.Exit")

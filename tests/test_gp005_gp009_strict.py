"""GP005 and GP009 with `[rules.CODE] strict = true`: their broad v1 readings."""
import os

from want import TESTDATA

from golint_panics import registry
from golint_panics.config import select_rules
from golint_panics.rule import Settings
from golint_panics.runner import run_check


def _findings(code, root):
    rules, _ = select_rules(registry.load_rules(), select=[code], extend_select=None, ignore=None)
    settings = Settings(rule_options={code: {"strict": True}})
    result = run_check(["."], rules, settings, jobs=1, cwd=root)
    assert not result.internal_errors
    return [(f.path, f.location.line, f.message) for f in result.findings]


def test_gp005_strict_reports_stdout_and_every_exception():
    got = _findings("GP005", os.path.join(TESTDATA, "GP005"))
    paths = {os.path.basename(p) for p, _, _ in got}
    # the capture, the fd 2 redirects and test-support no longer excuse it; tests still do
    assert {"crashlog.go", "log.go", "crashout.go", "capture.go"} <= paths
    assert not any(p.endswith("_test.go") for p in paths)
    assert any("os.Stdout" in m for _, _, m in got)


def test_gp009_strict_reports_every_exit_after_any_defer():
    got = _findings("GP009", os.path.join(TESTDATA, "GP009"))
    messages = [m for _, _, m in got]
    assert any(m.startswith("os.Exit after defer") for m in messages)
    lines = {(os.path.basename(p), line) for p, line, _ in got}
    for needle in ("ok: cancel only releases a timer", "ok: the defer is in the other arm",
                   "ok: examples show usage"):
        path, line = _line_of(needle)
        assert (os.path.basename(path), line) in lines, needle


def _line_of(needle):
    for d, _, files in os.walk(os.path.join(TESTDATA, "GP009")):
        for name in files:
            with open(os.path.join(d, name)) as f:
                for i, text in enumerate(f, 1):
                    if needle in text:
                        return os.path.join(d, name), i
    raise AssertionError(needle)

"""A baseline for legacy code: --write-baseline, --baseline, --show-fixed-baseline."""
import json

from test_cli import run

SVC = """package svc

import "os"

func Open() {
	os.Exit(1)
}

func Close() {
	os.Exit(1)
}
"""


def test_baseline_reports_only_new_findings_and_survives_lines_moving(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/legacy\n\ngo 1.19\n")
    (tmp_path / "svc").mkdir()
    src = tmp_path / "svc" / "svc.go"
    src.write_text(SVC)
    p = run(["check", "--write-baseline", "baseline.json", "."], tmp_path)
    assert p.returncode == 0 and "recorded 2 findings in baseline.json" in p.stderr
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert [(e["code"], e["path"], e["line"]) for e in data["findings"]] == [
        ("GP002", "svc/svc.go", 6), ("GP002", "svc/svc.go", 10)]
    p = run(["check", "--baseline", "baseline.json", "."], tmp_path)
    assert (p.returncode, p.stdout) == (0, "")
    assert "2 findings in the baseline baseline.json not reported" in p.stderr
    # lines move (a comment above), one more exit arrives: only it is new,
    # from another working directory too (paths are the baseline's own)
    src.write_text(SVC.replace("package svc\n", "package svc\n\n// Legacy service.\n")
                   + "\nfunc Flush() {\n\tos.Exit(2)\n}\n")
    p = run(["check", "--baseline", "../baseline.json", "--output-format", "json", "."],
            tmp_path / "svc")
    assert p.returncode == 1
    assert [(d["path"], d["line"]) for d in json.loads(p.stdout)] == [("svc.go", 16)]
    # a finding fixed: the baseline says one entry is gone, and lists it on request
    src.write_text(SVC.replace("\tos.Exit(1)\n}\n\nfunc Close", "\treturn\n}\n\nfunc Close"))
    p = run(["check", "--baseline", "baseline.json", "--show-fixed-baseline", "."], tmp_path)
    assert p.returncode == 0
    assert "1 finding of the baseline no longer found" in p.stderr
    assert "fixed: svc/svc.go:10: GP002" in p.stderr


def test_bad_baselines_are_usage_errors(tmp_path):
    (tmp_path / "a.go").write_text(SVC)
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "other.json").write_text('{"findings": []}')
    for args in (["--baseline", "bad.json"], ["--baseline", "other.json"],
                 ["--baseline", "missing.json"], ["--show-fixed-baseline"],
                 ["--baseline", "bad.json", "--write-baseline", "x.json"]):
        p = run(["check", *args, "."], tmp_path)
        assert p.returncode == 2, args
        assert "Traceback" not in p.stderr and p.stderr.strip(), args


def test_add_nolint_inserts_directives_and_changes_nothing_else(tmp_path):
    src = ('package svc\n\nimport "os"\n\nfunc A() {\r\n\tos.Exit(1) // old comment\r\n}\n\n'
           'var doc = `raw text\nos.Exit`\n\nfunc B() {\n\tif true {\n\t\tos.Exit(2)\n\t}\n}\n')
    (tmp_path / "a.go").write_bytes(src.encode())
    p = run(["check", "--add-nolint", "--nolint-reason", "legacy, see #12", "."], tmp_path)
    assert p.returncode == 0 and "added 2 suppression directives" in p.stderr
    got = (tmp_path / "a.go").read_bytes()
    want = src.replace("\tos.Exit(1)", "\t//nolint:GP002 // legacy, see #12\r\n\tos.Exit(1)") \
              .replace("\t\tos.Exit(2)", "\t\t//nolint:GP002 // legacy, see #12\n\t\tos.Exit(2)")
    assert got == want.encode()                 # CRLF kept where the line had it
    p = run(["check", "."], tmp_path)
    assert (p.returncode, p.stdout) == (0, "")

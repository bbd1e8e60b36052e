"""GP007's fix: applied with --fix, shown in full output, carried in SARIF."""
import json
import subprocess
import sys

from test_cli import run

SRC = (b"package main\r\n\r\nimport (\r\n\t\"os\"\r\n\t\"os/signal\"\r\n\t\"syscall\"\r\n)\r\n\r\n"
       b"func main() {   \r\n"
       b"\tc := make(chan os.Signal) // \xe4\xb8\xad\xe6\x96\x87 comment\r\n"
       b"\tsignal.Notify(c, syscall.SIGTERM)\r\n"
       b"\td := make(chan os.Signal, 0)\r\n"
       b"\tsignal.Notify(d, syscall.SIGHUP)\r\n"
       b"\t<-c\r\n\t<-d\r\n}\r\n")


def test_fix_rewrites_only_the_make_calls(tmp_path):
    f = tmp_path / "main.go"
    f.write_bytes(SRC)
    f.chmod(0o640)
    p = run(["check", "--fix", "--select", "GP007", "."], tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout == ""
    assert "Fixed 2 findings." in p.stderr
    expected = SRC.replace(b"make(chan os.Signal)", b"make(chan os.Signal, 1)").replace(
        b"make(chan os.Signal, 0)", b"make(chan os.Signal, 1)")
    assert f.read_bytes() == expected
    assert f.stat().st_mode & 0o777 == 0o640
    assert sorted(x.name for x in tmp_path.iterdir()) == [".golint-panics-cache", "main.go"]
    # a second run finds nothing left to fix
    p = run(["check", "--select", "GP007", "."], tmp_path)
    assert (p.returncode, p.stdout) == (0, "")


def test_without_fix_the_file_is_untouched_and_the_fix_is_shown(tmp_path):
    f = tmp_path / "main.go"
    f.write_bytes(SRC)
    p = run(["check", "--select", "GP007", "--output-format", "full", "--color", "never", "."], tmp_path)
    assert p.returncode == 1
    assert "= fix: make the channel buffered: size 1" in p.stdout
    assert "[*] 2 fixable with the --fix option." in p.stdout
    assert f.read_bytes() == SRC


def test_sarif_carries_the_fix(tmp_path):
    (tmp_path / "main.go").write_bytes(SRC)
    p = run(["check", "--select", "GP007", "--output-format", "sarif", "."], tmp_path)
    results = json.loads(p.stdout)["runs"][0]["results"]
    fixes = [r["fixes"][0] for r in results]
    first = fixes[0]["artifactChanges"][0]
    assert first["artifactLocation"]["uri"] == "main.go"
    region = first["replacements"][0]["deletedRegion"]
    assert SRC[region["byteOffset"] - len(b"make(chan os.Signal"):region["byteOffset"]] == b"make(chan os.Signal"
    assert region["byteLength"] == 0
    assert first["replacements"][0]["insertedContent"]["text"] == ", 1"
    second = fixes[1]["artifactChanges"][0]["replacements"][0]
    assert SRC[second["deletedRegion"]["byteOffset"]:][:1] == b"0"
    assert second["insertedContent"]["text"] == "1"


def test_fix_refuses_a_file_changed_since_the_check(tmp_path, monkeypatch):
    from golint_panics.fix import apply_fixes
    from golint_panics import registry
    from golint_panics.config import select_rules
    from golint_panics.rule import Settings
    from golint_panics.runner import run_check
    f = tmp_path / "main.go"
    f.write_bytes(SRC)
    rules, _ = select_rules(registry.load_rules(), select=["GP007"])
    result = run_check(["."], rules, Settings(), jobs=1, cwd=str(tmp_path))
    f.write_bytes(SRC + b"// edited\r\n")
    fixed, warnings = apply_fixes(result.findings, str(tmp_path), result.checked)
    assert fixed == set() and "changed since it was checked" in warnings[0]
    assert f.read_bytes() == SRC + b"// edited\r\n"


def test_diff_shows_the_fix_and_changes_nothing(tmp_path):
    f = tmp_path / "main.go"
    f.write_bytes(SRC)
    p = run(["check", "--diff", "--select", "GP007", "."], tmp_path)
    assert p.returncode == 1
    assert "--- a/main.go\n+++ b/main.go\n" in p.stdout
    assert "-\tc := make(chan os.Signal) // 中文 comment" in p.stdout
    assert "+\td := make(chan os.Signal, 1)" in p.stdout
    assert f.read_bytes() == SRC
    p = run(["check", "--diff", "--select", "GP002", "."], tmp_path)
    assert (p.returncode, p.stdout) == (0, "")


def test_fix_on_standard_input_prints_the_fixed_buffer(tmp_path):
    (tmp_path / "main.go").write_bytes(b"package main\n")    # the file on disk is not the buffer
    p = subprocess.run([sys.executable, "-m", "golint_panics", "check", "--fix", "--select",
                        "GP007", "--stdin-filename", "main.go", "-"], cwd=tmp_path, input=SRC,
                       capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout == SRC.replace(b"make(chan os.Signal)", b"make(chan os.Signal, 1)").replace(
        b"make(chan os.Signal, 0)", b"make(chan os.Signal, 1)")
    assert (tmp_path / "main.go").read_bytes() == b"package main\n"

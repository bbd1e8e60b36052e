"""The report formats beyond full/concise/json/sarif/github, several reports
in one run, and --path-root."""
import json
import re
from xml.etree import ElementTree as ET

from test_cli import run

SRC = """package svc

import "os"

func Stop() {
	/* 中文 */ os.Exit(1)
}

func Halt() {
	os.Exit(2)
}
"""


def tree(tmp_path):
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "svc.go").write_text(SRC, encoding="utf-8")


def test_each_format_is_what_its_consumer_reads(tmp_path):
    tree(tmp_path)
    out = {fmt: run(["check", "--output-format", fmt, "."], tmp_path)
           for fmt in ("json-lines", "pylint", "gitlab", "junit", "rdjson")}
    assert all(p.returncode == 1 for p in out.values()), {k: p.stderr for k, p in out.items()}
    lines = [json.loads(line) for line in out["json-lines"].stdout.splitlines()]
    assert [(d["code"], d["path"], d["line"]) for d in lines] == [
        ("GP002", "svc/svc.go", 6), ("GP002", "svc/svc.go", 10)]
    assert all(re.fullmatch(r"svc/svc\.go:\d+: \[GP002\] .+", line)
               for line in out["pylint"].stdout.splitlines())
    issues = json.loads(out["gitlab"].stdout)
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["severity"])
            for i in issues] == [("svc/svc.go", 6, "minor"), ("svc/svc.go", 10, "minor")]
    assert len({i["fingerprint"] for i in issues}) == 2
    assert all(i["check_name"] == "GP002 library-exit" for i in issues)
    root = ET.fromstring(out["junit"].stdout.split("\n", 1)[1])
    cases = root.findall("./testsuite/testcase")
    assert [(c.get("classname"), c.get("line"), c.find("failure").get("type")) for c in cases] \
        == [("svc/svc.go", "6", "GP002"), ("svc/svc.go", "10", "GP002")]
    rd = json.loads(out["rdjson"].stdout)
    first = rd["diagnostics"][0]
    line = SRC.splitlines()[5]
    # reviewdog counts UTF-8 bytes from 1; the CJK comment makes it differ from characters
    assert first["location"]["range"]["start"] == {
        "line": 6, "column": len(line[: line.index("os.Exit")].encode("utf-8")) + 1}
    assert first["severity"] == "WARNING" and first["code"]["value"] == "GP002"
    # no finding: JUnit still has one (passing) case
    (tmp_path / "svc" / "svc.go").write_text("package svc\n")
    p = run(["check", "--output-format", "junit", "."], tmp_path)
    root = ET.fromstring(p.stdout.split("\n", 1)[1])
    assert p.returncode == 0 and root.get("failures") == "0" and root.find(".//testcase") is not None


def test_sarif_to_a_file_and_annotations_on_stdout_in_one_run(tmp_path):
    tree(tmp_path)
    p = run(["check", "--output-format", "sarif:out/report.sarif,github", "."], tmp_path)
    assert p.returncode == 2 and "does not exist" in p.stderr      # out/ is not there
    p = run(["check", "--output-format", "sarif:report.sarif,github", "."], tmp_path)
    assert p.returncode == 1
    assert p.stdout.startswith("::warning title=golint-panics (GP002),file=svc/svc.go,line=6")
    sarif = json.loads((tmp_path / "report.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == 2
    # -o names the file of the format that has none
    p = run(["check", "--output-format", "json", "-o", "r.json", "--quiet", "."], tmp_path)
    assert p.stdout == "" and len(json.loads((tmp_path / "r.json").read_text())) == 2
    for bad in ("json,github", "sarf", "json:"):
        p = run(["check", "--output-format", bad, "."], tmp_path)
        assert p.returncode == 2 and "Traceback" not in p.stderr, bad


def test_path_root_for_a_job_in_a_subdirectory(tmp_path):
    tree(tmp_path)
    p = run(["check", "--path-root", "..", "--output-format", "json", "."], tmp_path / "svc")
    assert [d["path"] for d in json.loads(p.stdout)] == ["svc/svc.go", "svc/svc.go"]
    p = run(["check", "--output-format", "json", "."], tmp_path / "svc")
    assert [d["path"] for d in json.loads(p.stdout)] == ["svc.go", "svc.go"]

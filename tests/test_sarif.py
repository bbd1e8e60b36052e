"""SARIF 2.1.0: valid against the official schema, and what code scanning needs."""
import json

from test_cli import BAD, INCIDENT, run


def sarif(cwd, *extra):
    p = run(["check", "--output-format", "sarif", *extra, "."], cwd)
    assert "Traceback" not in p.stderr
    return p, json.loads(p.stdout)


def validate(doc, schema):
    import jsonschema
    jsonschema.Draft7Validator(schema).validate(doc)  # the 2.1.0 schema is draft-07


def test_incident_sarif_validates_and_carries_rules_and_related(schema):
    p, doc = sarif(INCIDENT)
    assert p.returncode == 1
    validate(doc, schema)
    run_ = doc["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "golint-panics"
    assert driver["semanticVersion"] == driver["version"]
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    for r in driver["rules"]:
        assert r["help"]["markdown"].startswith("## What it does")
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert r["properties"]["precision"] == "high" and r["properties"]["tags"]
    assert run_["columnKind"] == "utf16CodeUnits"
    assert run_["invocations"][0]["executionSuccessful"] is True
    assert run_["automationDetails"]["id"] == "golint-panics/"
    results = run_["results"]
    # (the agent's goroutine runs none of its caller's code: not GP004 in v2)
    assert sorted(r["ruleId"] for r in results) == ["GP001", "GP001", "GP002"]
    for r in results:
        assert ids[r["ruleIndex"]] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert r["partialFingerprints"]["golintPanics/v1"]
    gp001 = [r for r in results if r["ruleId"] == "GP001"]
    agent = next(r for r in gp001 if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "agent/agent.go")
    rel = agent["relatedLocations"][0]["physicalLocation"]
    assert rel["artifactLocation"]["uri"] == "framework/framework.go"
    assert rel["region"]["startLine"] == 22
    assert len({r["partialFingerprints"]["golintPanics/v1"] for r in results}) == len(results)


def test_columns_are_utf16_code_units(tmp_path, schema):
    # 中 is one UTF-16 unit and three UTF-8 bytes; 😀 is two UTF-16 units and one character
    line = "\t/* 中文 😀 */ os.Exit(1)"
    (tmp_path / "a.go").write_text(f"package lib\n\nimport \"os\"\n\nfunc F() {{\n{line}\n}}\n",
                                   encoding="utf-8")
    _, doc = sarif(tmp_path)
    validate(doc, schema)
    region = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    prefix = line[: line.index("os.Exit")]
    assert region["startLine"] == 6
    assert region["startColumn"] == len(prefix.encode("utf-16-le")) // 2 + 1 == 14
    assert region["endColumn"] == region["startColumn"] + len("os.Exit(1)")
    p = run(["check", "--output-format", "json", "."], tmp_path)
    assert json.loads(p.stdout)[0]["column"] == len(prefix) + 1 == 13


def test_empty_run_is_valid(tmp_path, schema):
    (tmp_path / "a.go").write_text("package lib\n")
    p, doc = sarif(tmp_path)
    assert p.returncode == 0
    validate(doc, schema)
    assert doc["runs"][0]["results"] == []


def test_fingerprints_are_stable_when_lines_move(tmp_path):
    (tmp_path / "a.go").write_text(BAD)
    _, before = sarif(tmp_path)
    (tmp_path / "a.go").write_text(BAD.replace("func Stop", "// a new comment\n\nfunc Stop"))
    _, after = sarif(tmp_path)
    fp = lambda d: d["runs"][0]["results"][0]["partialFingerprints"]
    line = lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line(before) != line(after)
    assert fp(before) == fp(after)


def test_paths_with_spaces_are_uri_encoded(tmp_path, schema):
    d = tmp_path / "my pkg"
    d.mkdir()
    (d / "a.go").write_text(BAD)
    _, doc = sarif(tmp_path)
    validate(doc, schema)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20pkg/a.go"


def test_a_finding_reached_through_calls_carries_a_code_flow(tmp_path, schema):
    # the steps from the root to the site, then the site: SARIF codeFlows,
    # valid against the schema and kept through the cache
    from golint_panics import __version__, registry
    from golint_panics.cache import Files, finding_from_json, finding_to_json
    from golint_panics.project import GoFile
    from golint_panics.report import sarif as sarif_report
    from golint_panics.rule import Finding, Location
    step = Location("a.go", 3, 5, 3, 9, 5, 9, "goroutine started here")
    call = Location("a.go", 7, 2, 7, 8, 2, 8, "calls stop()")
    site = Location("a.go", 12, 2, 12, 12, 2, 12)
    finding = Finding("GP002", "library-exit", "os.Exit reached from a goroutine", "warning",
                      site, (step,), None, (step, call))
    doc = json.loads(sarif_report.render([finding], list(registry.load_rules().values()),
                                         version=__version__, information_uri="https://x",
                                         cwd=str(tmp_path)))
    validate(doc, schema)
    flow = doc["runs"][0]["results"][0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [(s["location"]["physicalLocation"]["region"]["startLine"],
             s["location"].get("message", {}).get("text")) for s in flow] == [
        (3, "goroutine started here"), (7, "calls stop()"), (12, None)]
    files = Files.of(str(tmp_path), [GoFile(str(tmp_path / "a.go"), "a.go")], str(tmp_path))
    assert finding_from_json(json.loads(json.dumps(finding_to_json(finding, files))),
                             files) == finding


def test_an_exit_reached_from_a_goroutine_carries_its_path(tmp_path, schema):
    # GP002: the goroutine's launch site, each call down to the exit (codeFlows)
    (tmp_path / "main.go").write_text(
        'package main\n\nimport "os"\n\nfunc main() {\n\tgo watch()\n\tselect {}\n}\n\n'
        "func watch() {\n\tcheck()\n}\n\nfunc check() {\n\tos.Exit(3)\n}\n")
    p, doc = sarif(tmp_path)
    validate(doc, schema)
    (result,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "GP002"]
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    lines = [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps]
    assert lines == [6, 11, 15]        # go watch(), check(), os.Exit(3)
    assert "goroutine started at main.go:6" in result["message"]["text"]

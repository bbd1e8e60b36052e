"""JUnit XML, as ruff writes it: a test suite per file, a failing test case
per finding; a run with no finding is one passing case."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from . import printable


def render(findings) -> str:
    root = ET.Element("testsuites", name="golint-panics", tests=str(max(1, len(findings))),
                      failures=str(len(findings)), errors="0")
    if not findings:
        suite = ET.SubElement(root, "testsuite", name="golint-panics", tests="1",
                              failures="0", errors="0")
        ET.SubElement(suite, "testcase", name="No findings", classname="golint-panics")
    by_path: dict[str, list] = {}
    for f in findings:
        by_path.setdefault(f.location.path, []).append(f)
    for path, items in by_path.items():
        suite = ET.SubElement(root, "testsuite", name=printable(path), tests=str(len(items)),
                              failures=str(len(items)), errors="0")
        for f in items:
            loc = f.location
            case = ET.SubElement(suite, "testcase", name=f"{f.code} {f.name}",
                                 classname=printable(path), file=printable(path),
                                 line=str(loc.line))
            failure = ET.SubElement(case, "failure", message=printable(f.message), type=f.code)
            failure.text = printable(f"{path}:{loc.line}:{loc.column}: {f.code} {f.message}")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"

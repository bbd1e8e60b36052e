"""SARIF 2.1.0 for GitHub code scanning and other consumers."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from ..baseline import fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


def _uri(path: str) -> tuple[str, str | None]:
    if os.path.isabs(path):
        return Path(path).as_uri(), None
    return quote(path.replace(os.sep, "/")), "%SRCROOT%"


def _first_paragraph(docs: str) -> str:
    text = docs.split("## What it does", 1)[-1]
    para = text.strip().split("\n\n", 1)[0]
    return re.sub(r"\s+", " ", para).strip()


def rule_descriptor(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _first_paragraph(rule.doc_text)},
        "help": {"text": rule.doc_text, "markdown": rule.doc_text},
        "defaultConfiguration": {"level": _LEVEL.get(rule.severity, "warning"),
                                 "enabled": rule.default_enabled},
        "properties": {"tags": list(rule.tags), "precision": rule.precision},
    }


def _physical(loc) -> dict:
    uri, base = _uri(loc.path)
    artifact = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    region = {"startLine": loc.line, "startColumn": loc.column_utf16,
              "endLine": loc.end_line, "endColumn": loc.end_column_utf16}
    return {"artifactLocation": artifact, "region": region}


def render(findings, rules, *, version: str, information_uri: str, cwd: str,
           successful: bool = True, notifications: list[str] = ()) -> str:
    rule_list = list(rules)
    codes_present = {f.code for f in findings}
    for code in sorted(codes_present - {r.code for r in rule_list}):
        raise ValueError(f"finding of unknown rule {code}")
    index = {r.code: i for i, r in enumerate(rule_list)}
    results = []

    for f, fp in zip(findings, fingerprints(findings)):
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": _physical(f.location)}],
            "partialFingerprints": {"golintPanics/v1": fp},
        }
        if f.related:
            result["relatedLocations"] = [
                {"id": i, "physicalLocation": _physical(r),
                 **({"message": {"text": r.message}} if r.message else {})}
                for i, r in enumerate(f.related)
            ]
        if f.flow:
            steps = list(f.flow) + [f.location]
            result["codeFlows"] = [{"threadFlows": [{"locations": [
                {"location": {"physicalLocation": _physical(step),
                              **({"message": {"text": step.message}} if step.message else {})}}
                for step in steps]}]}]
        if f.fix is not None:
            result["fixes"] = [_fix(f)]
        results.append(result)
    invocation = {"executionSuccessful": successful}
    if notifications:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": n}} for n in notifications]
    run = {
        "tool": {"driver": {
            "name": "golint-panics",
            "version": version,
            "semanticVersion": version,
            "informationUri": information_uri,
            "rules": [rule_descriptor(r) for r in rule_list],
        }},
        "automationDetails": {"id": "golint-panics/"},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(cwd).as_uri().rstrip("/") + "/"}},
        "columnKind": "utf16CodeUnits",
        "invocations": [invocation],
        "results": results,
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _fix(f) -> dict:
    uri, base = _uri(f.location.path)
    artifact = {"uri": uri, **({"uriBaseId": base} if base else {})}
    fx = f.fix
    return {
        "description": {"text": fx.message},
        "artifactChanges": [{
            "artifactLocation": artifact,
            "replacements": [{
                "deletedRegion": {"byteOffset": fx.start, "byteLength": fx.end - fx.start},
                "insertedContent": {"text": fx.replacement},
            }],
        }],
    }

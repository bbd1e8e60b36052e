"""The rule reference (docs/rules.md), generated from the rules' docstrings."""
from __future__ import annotations

import re


def anchor(rule) -> str:
    return re.sub(r"[^a-z0-9-]", "", f"{rule.code} {rule.name}".lower().replace(" ", "-"))


def rules_markdown(rules) -> str:
    rules = list(rules)
    out = ["# golint-panics rules", "",
           "Generated from the rules' docstrings by `golint-panics rules --format markdown`;",
           "do not edit by hand (a test fails when this file is stale).", "",
           "| code | name | summary | default |", "|---|---|---|---|"]
    for r in rules:
        out.append(f"| [{r.code}](#{anchor(r)}) | {r.name} | {r.summary} | "
                   f"{'on' if r.default_enabled else 'off'} |")
    for r in rules:
        out += ["", f"## {r.code} {r.name}", "", f"{r.summary}. Severity: {r.severity}.", ""]
        # the docstring's sections become level-3 headings under the rule
        out.append(re.sub(r"^## ", "### ", r.doc_text, flags=re.M))
    return "\n".join(out) + "\n"

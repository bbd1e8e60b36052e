"""`golint-panics new-rule CODE NAME`: a new rule, ready to edit.

Writes the rule module (its docs skeleton, a working example check), a
fixture directory with one positive (`// want`) and one tricky negative
(`// ok:`), and registers the rule in the project's pyproject.toml under
the `golint_panics.rules` entry-point group. In this repository (a
`rules/` directory beside golint_panics) the rule is a built-in: the suite
runs its fixture with the others. In a plugin project it goes into the
project's package, with a test that runs the fixture through
golint_panics.testing. Nothing that exists is overwritten.
"""
from __future__ import annotations

import os
import re

from .errors import UsageError

_CODE = re.compile(r"^[A-Z]+[0-9]+$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_SECTION = '[project.entry-points."golint_panics.rules"]'

RULE_TEMPLATE = '''"""{summary}.

## What it does
TODO: what the rule reports, precisely (and what it does not).

## Why is this bad?
TODO: the crash or the incident it prevents.

## Example
```go
TODO: the code it reports
```

## Use instead
```go
TODO: the fix
```

## Known limits
TODO

## References
TODO
"""
from golint_panics.rule import Rule

#: the syntax the rule looks at (tree-sitter-go); each @node goes to check()
QUERY = '(call_expression function: (identifier) @f (#eq? @f "panic")) @node'


def check(call, ctx):
    # TODO: replace this example (a panic in an importable library) with the rule
    if ctx.package_class == "library":
        ctx.report(call, "panic in a library package ends the importer's process")


RULE = Rule(
    code="{code}",
    name="{name}",
    summary="{summary}",
    docs=__doc__,
    query=QUERY,
    # a file that cannot hold what the rule reports is never parsed for it
    tokens=(b"panic",),
    check=check,
    severity="warning",
)
'''

FIXTURE_TEMPLATE = '''// Package example is the fixture of {code}: a positive, and a tricky
// negative beside it.
package example

import "errors"

func Load(name string) error {{
	if name == "" {{
		panic("no name") // want "{code} panic in a library package"
	}}
	return errors.New("panic: not a call") // ok: a string that mentions panic
}}
'''

TEST_TEMPLATE = '''"""{code} {name} against its fixture, with the prefilter on and off."""
import os

from golint_panics.testing import run

from {package}.{module} import RULE

TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")


def test_{lower}_fixture():
    run(os.path.join(TESTDATA, "{code}"), RULE)
'''


def _project_name(pyproject: str) -> str | None:
    m = re.search(r'^\s*name\s*=\s*"([^"]+)"', pyproject, re.M)
    return m.group(1) if m else None


def _package_of(project: str) -> str:
    """The project's one top-level Python package."""
    found = sorted(d for d in os.listdir(project)
                   if os.path.isfile(os.path.join(project, d, "__init__.py"))
                   and d not in ("tests", "testdata"))
    if len(found) != 1:
        raise UsageError(f"{project}: cannot tell which package the rule goes in "
                         f"({', '.join(found) or 'none found'}): use --package NAME")
    return found[0]


def register(pyproject_text: str, code: str, target: str) -> str:
    """The pyproject.toml text with `CODE = "target"` in the rules group."""
    if re.search(rf'^\s*{code}\s*=', pyproject_text, re.M):
        raise UsageError(f"{code} is already registered in pyproject.toml")
    line = f'{code} = "{target}"\n'
    lines = pyproject_text.splitlines(keepends=True)
    for i, text in enumerate(lines):
        if text.strip() == _SECTION:
            j = i + 1
            while j < len(lines) and lines[j].strip() and not lines[j].lstrip().startswith("["):
                j += 1
            lines.insert(j, line)
            return "".join(lines)
    sep = "" if pyproject_text.endswith("\n\n") else ("\n" if pyproject_text.endswith("\n")
                                                       else "\n\n")
    return pyproject_text + sep + _SECTION + "\n" + line


def new_rule(code: str, name: str, project: str = ".", summary: str | None = None,
             package: str | None = None) -> list[str]:
    """Write the files; return their paths (relative to `project`)."""
    if not _CODE.match(code):
        raise UsageError(f"{code!r}: a rule code is capital letters then digits (XP0001)")
    if not _NAME.match(name):
        raise UsageError(f"{name!r}: a rule name is lower-case-with-dashes")
    pyproject = os.path.join(project, "pyproject.toml")
    try:
        with open(pyproject, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise UsageError(f"{pyproject}: {exc.strerror or exc} (run new-rule in the project "
                         "that will register the rule)") from None
    summary = (summary or name.replace("-", " ").capitalize()).rstrip(".")
    if '"' in summary or "\\" in summary:
        raise UsageError("the summary may not hold quotes or backslashes")
    module = f"{code.lower()}_{name.replace('-', '_')}"
    builtin = _project_name(text) == "golint-panics" and os.path.isdir(
        os.path.join(project, "rules"))
    files: dict[str, str] = {}
    fields = dict(code=code, name=name, summary=summary, module=module, lower=code.lower())
    if builtin:
        target = f"golint_panics.rules.{module}:RULE"
        files[os.path.join("rules", module + ".py")] = RULE_TEMPLATE.format(**fields)
    else:
        package = package or _package_of(project)
        target = f"{package}.{module}:RULE"
        files[os.path.join(package, module + ".py")] = RULE_TEMPLATE.format(**fields)
        files[os.path.join("tests", f"test_{code.lower()}.py")] = TEST_TEMPLATE.format(
            package=package, **fields)
    files[os.path.join("testdata", code, "example.go")] = FIXTURE_TEMPLATE.format(**fields)
    registered = register(text, code, target)
    for rel in files:
        if os.path.exists(os.path.join(project, rel)):
            raise UsageError(f"{rel} exists: nothing written")
    for rel, content in files.items():
        path = os.path.join(project, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(content)
    from .atomic import write_atomic
    write_atomic(pyproject, registered.encode("utf-8"))
    return [*files, "pyproject.toml"]

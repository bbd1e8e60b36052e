"""Testing a rule: the `// want "regexp"` harness, after
golang.org/x/tools/go/analysis/analysistest. Public API for plugin authors
and for this project's own suite:

    from golint_panics.testing import run
    from my_rules.acme_fatal import RULE

    def test_acme_fatal():
        run("testdata/XP0001", RULE)        # raises AssertionError with every mismatch

`run(directory, *rules, settings=None)` checks the Go files under
`directory` with the given rules (Rule objects, registered or not, or codes
of registered rules) and the defaults of everything else, twice: with the
prefilter on and off.


A fixture line that must be reported carries `// want "re" ["re" ...]`
(Go double-quoted or back-quoted strings). Each finding on that line must
match one of the expectations (re.search over "CODE message"), each
expectation must be matched by one finding, and every other line must stay
clean: a missing finding and an unexpected one are both problems.

A line that cannot carry a trailing comment (a line inside a raw string, a
line continued by the next) takes its expectations from a comment above it:
`// want +N "re" ...` applies to the line N lines below the comment (N >= 1;
there is no `-N` form).

Tricky negatives, lines that must stay clean, are marked `// ok: why`.

Expectations and `ok` markers are read from the Go comments of the file's
syntax tree (line comments; also `// foo // want "re"`, a comment about a
comment, as in analysistest), never from text inside string literals:
`s := "// want \"x\""` expects nothing. Anything after `want` other than
an optional `+N` and Go strings makes the comment malformed (an error).

`check_fixture` runs the linter twice, with the prefilter (rule tokens)
on and off: both runs must meet the expectations, and any finding present
in one run and not the other is a problem ("prefilter on/off differ"): the
prefilter may only skip files where a rule cannot fire. With GP000 selected
explicitly the prefilter is off anyway, and the fixture is run once.
"""
from __future__ import annotations

import os
import re
from collections import Counter

from . import registry
from .config import select_rules
from .records import datatype
from .rule import Rule, Settings
from .runner import run_check
from .source import SourceFile

_WANT = re.compile(r"//\s*want(?=\s|$)(.*)$", re.S)
_OFFSET = re.compile(r"\s*\+([0-9]+)(?=\s)")
_OK = re.compile(r"//\s*ok\b")
_STRING = re.compile(r'\s*(?:"((?:[^"\\\n]|\\.)*)"|`([^`]*)`)')
_ESCAPE = re.compile(r'\\(?:x([0-9a-fA-F]{2})|([0-7]{3})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})'
                     r'|([abfnrtv\\"]))')
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
           "\\": "\\", '"': '"'}


@datatype
class Want:
    path: str
    line: int
    pattern: str
    matched: bool = False


def _comments(root):
    """The comment nodes below `root`, in source order (iteratively: a deep
    fixture must not exhaust Python's stack)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            yield node
        else:
            stack.extend(reversed(node.children))


def _unquote(body: str, where: str) -> str:
    """A Go interpreted string literal's value (strconv.Unquote)."""
    out = bytearray()
    pos = 0
    for m in _ESCAPE.finditer(body):
        if "\\" in body[pos:m.start()]:
            break
        out += body[pos:m.start()].encode("utf-8")
        hexa, octal, u4, u8, simple = m.groups()
        if hexa or octal:
            value = int(hexa, 16) if hexa else int(octal, 8)
            if value > 255:
                raise AssertionError(f"{where}: bad escape in want string: {m.group(0)}")
            out.append(value)
        elif u4 or u8:
            try:
                out += chr(int(u4 or u8, 16)).encode("utf-8")
            except (ValueError, UnicodeEncodeError):
                raise AssertionError(f"{where}: bad escape in want string: {m.group(0)}") from None
        else:
            out += _SIMPLE[simple].encode("utf-8")
        pos = m.end()
    if "\\" in body[pos:]:
        raise AssertionError(f"{where}: bad escape in want string {body!r}")
    out += body[pos:].encode("utf-8")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise AssertionError(f"{where}: want string is not UTF-8: {body!r}") from None


def _parse_want(rest: str, where: str) -> tuple[int, list[str]]:
    """`[+N] "re" ...` after `want`: the line offset and the patterns."""
    offset = 0
    m = _OFFSET.match(rest)
    if m:
        offset = int(m.group(1))
        if offset < 1:
            raise AssertionError(f"{where}: want +N needs N >= 1")
        rest = rest[m.end():]
    patterns = []
    while rest.strip():
        m = _STRING.match(rest)
        if not m:
            raise AssertionError(f"{where}: malformed want comment")
        dq, bq = m.groups()
        patterns.append(bq if bq is not None else _unquote(dq, where))
        rest = rest[m.end():]
    if not patterns:
        raise AssertionError(f"{where}: malformed want comment")
    return offset, patterns


def _scan_file(full: str, rel: str) -> tuple[list[Want], list[int]]:
    with open(full, "rb") as fh:
        data = fh.read()
    wants: list[Want] = []
    oks: list[int] = []
    for node in _comments(SourceFile(rel, data).root):
        text = node.text.decode("utf-8").rstrip("\r")
        if not text.startswith("//"):
            continue          # /* block */ comments carry no expectation
        line = node.start_point[0] + 1
        where = f"{rel}:{line}"
        m = _WANT.search(text)
        if m:
            if _OK.search(text, 0, m.start()):
                raise AssertionError(f"{where}: both want and ok")
            offset, patterns = _parse_want(m.group(1), where)
            wants.extend(Want(rel, line + offset, p) for p in patterns)
        elif _OK.search(text):
            oks.append(line)
    targets = {w.line for w in wants}
    for line in oks:
        if line in targets:
            raise AssertionError(f"{rel}:{line}: both want and ok")
    return wants, oks


def _scan(root: str) -> tuple[list[Want], list[tuple[str, int]]]:
    wants: list[Want] = []
    oks: list[tuple[str, int]] = []
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".go"):
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root)
                file_wants, file_oks = _scan_file(full, rel)
                wants.extend(file_wants)
                oks.extend((rel, line) for line in file_oks)
    return wants, oks


def parse_oks(root: str) -> list[tuple[str, int]]:
    """Lines marked `// ok: why`: tricky negatives, which must stay clean."""
    return _scan(root)[1]


def parse_wants(root: str) -> list[Want]:
    """The expectations of the fixtures under `root`, at the lines they apply to."""
    return _scan(root)[0]


def _finding_text(f) -> str:
    return f"{f.path}:{f.location.line}:{f.location.column}: {f.code} {f.message}"


def _mismatches(findings, wants: list[Want]) -> list[str]:
    """Each finding must match an unmatched want on its line, each want a finding."""
    problems = []
    by_line: dict[tuple[str, int], list[Want]] = {}
    for w in wants:
        w.matched = False
        by_line.setdefault((w.path, w.line), []).append(w)
    for f in findings:
        text = f"{f.code} {f.message}"
        for w in by_line.get((f.path, f.location.line), ()):
            if not w.matched and re.search(w.pattern, text):
                w.matched = True
                break
        else:
            problems.append(f"{f.path}:{f.location.line}:{f.location.column}: "
                            f"unexpected finding: {text}")
    for w in wants:
        if not w.matched:
            problems.append(f"{w.path}:{w.line}: no finding matched want {w.pattern!r}")
    return problems


def _differences(on, off) -> list[str]:
    """Findings (compared whole: location, related locations, fix) of one
    run and not the other."""
    def counted(findings):
        return Counter(repr(f) for f in findings), {repr(f): f for f in findings}
    on_count, on_by = counted(on)
    off_count, off_by = counted(off)
    problems = []
    for key in sorted(off_count - on_count, key=lambda k: off_by[k].sort_key()):
        problems.append(f"prefilter on/off differ: only with the prefilter off: "
                        f"{_finding_text(off_by[key])}")
    for key in sorted(on_count - off_count, key=lambda k: on_by[k].sort_key()):
        problems.append(f"prefilter on/off differ: only with the prefilter on: "
                        f"{_finding_text(on_by[key])}")
    return problems


def run(directory: str, *rules, settings: Settings | None = None) -> None:
    """analysistest.Run: check the fixtures under `directory` with `rules`
    (Rule objects, registered or not, or codes of registered rules), with
    the prefilter on and off; raise AssertionError listing every mismatch:
    a `// want` no finding matched, a finding no `// want` expected, a
    finding one prefilter mode gives and the other does not."""
    if not rules:
        raise TypeError("run(directory, *rules): name at least one rule")
    objects = [r for r in rules if isinstance(r, Rule)]
    codes = [r for r in rules if not isinstance(r, Rule)]
    with registry.registered(objects):
        known = registry.load_rules()
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValueError(f"unknown rule code(s): {', '.join(unknown)}")
        problems = check_fixture(directory, settings=settings or Settings(),
                                 rules=objects + [known[c] for c in codes])
    if problems:
        raise AssertionError(f"{len(problems)} problem(s) in {directory}:\n  " +
                             "\n  ".join(problems))


def check_fixture(root: str, select: str | None = None, settings: Settings = Settings(),
                  jobs: int = 1, rules: list[Rule] | None = None) -> list[str]:
    """Run the linter over `root` with the rules `select` picks (a code or a
    name; every default rule when None), or exactly `rules`, with the
    prefilter on and off, and return a list of mismatches (empty = pass)."""
    if rules is None:
        rules, explicit = select_rules(registry.load_rules(),
                                       select=[select] if select else None,
                                       extend_select=None, ignore=None)
    else:
        explicit = {r.code for r in rules}
    wants = parse_wants(root)
    # a rule that only comments on files parsed anyway, selected on its own
    # account, has every file parsed: there is no prefilter to compare with
    modes = (False,) if any(not r.triggers_parse for r in rules if r.code in explicit) \
        else (True, False)
    findings, problems = {}, {}
    for prefilter in modes:
        result = run_check(["."], rules, settings, jobs=jobs, cwd=root, prefilter=prefilter)
        findings[prefilter] = result.findings
        problems[prefilter] = list(result.internal_errors) + _mismatches(result.findings, wants)
    if len(modes) == 1:
        return problems[False]
    # a mismatch of both runs is reported once; one of one run only says which
    out = [p if p in problems[False] else f"(prefilter on) {p}" for p in problems[True]]
    out += [f"(prefilter off) {p}" for p in problems[False] if p not in problems[True]]
    return out + _differences(findings[True], findings[False])

"""In-source suppression: `//nolint[:...]` (golangci-lint style),
`//lint:ignore` / `//lint:file-ignore` (staticcheck style, reason required),
and our own `//golint-panics:ignore CODES reason` /
`//golint-panics:file-ignore CODES reason`, which golangci-lint's nolintlint
does not flag as naming an unknown linter (reason required; on its own line
it covers the next line, at the end of a line that line).

Directives are read from the comments of parsed files (in the workers) and
applied to all findings of the run, program-level ones included.
"""
from __future__ import annotations

import re

from .records import datatype
from .rule import ROLE_MALFORMED_SUPPRESSION, ROLE_UNUSED_SUPPRESSION, Finding, Location

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .source import SourceFile

TOOL = "golint-panics"
_NOLINT = re.compile(r"^//\s?nolint(?::([A-Za-z0-9_,.\-]+))?(?=$|\s|//)(.*)$")
_LINT = re.compile(r"^//lint:(ignore|file-ignore)(?:\s+(\S+))?(?:\s+(.*))?$")
_OWN = re.compile(r"^//golint-panics:(ignore|file-ignore)(?:\s+(\S+))?(?:\s+(.*))?$")


@datatype
class Directive:
    kind: str                    # nolint | ignore | file-ignore
    location: Location           # the comment
    target_line: int | None      # None: the whole file
    codes: frozenset[str] | None  # our codes it names; None: every rule of ours
    explicit: bool               # names golint-panics or one of our codes
    reason: str
    used: bool = False
    prefix: str = "lint"         # how it is written: //lint:ignore, //golint-panics:ignore

    def covers(self, finding: Finding) -> bool:
        if self.target_line is not None and finding.location.line != self.target_line:
            return False
        return self.codes is None or finding.code in self.codes


def _resolve_names(names: list[str], rule_names: dict[str, str]) -> tuple[frozenset[str] | None, bool]:
    """Map directive names to our codes. (codes, explicit); codes None = all of ours;
    an empty set means the directive is for other linters only."""
    codes: set[str] = set()
    for name in names:
        if name.lower() == TOOL:
            return None, True
        code = rule_names.get(name) or rule_names.get(name.upper())
        if code:
            codes.add(code)
    return frozenset(codes), bool(codes)


def extract(file: SourceFile, rule_names: dict[str, str]) -> list[Directive]:
    """Directives in one parsed file. `rule_names` maps codes and names to codes."""
    if b"nolint" not in file.data and b"lint:" not in file.data and \
            b"golint-panics:" not in file.data:
        return []
    from .rule import location_of
    from .source import captures      # in a worker, on a parsed file
    out = []
    for comment in sorted(captures("(comment) @c", file.root).get("c", []) if not file.unqueryable else [],
                          key=lambda n: n.start_byte):
        text = comment.text.decode("utf-8", "replace").strip()
        line = comment.start_point[0] + 1
        alone = file.data[file.line_start(line):comment.start_byte].strip() == b""
        loc = location_of(file, comment.start_byte, comment.end_byte)
        m = _NOLINT.match(text)
        if m:
            if m.group(1) is None:
                codes, explicit = None, False
            else:
                codes, explicit = _resolve_names(m.group(1).split(","), rule_names)
                if codes == frozenset():
                    continue  # for other linters
            reason = m.group(2).strip().lstrip("/").strip()
            out.append(Directive("nolint", loc, line + 1 if alone else line, codes, explicit, reason))
            continue
        m = _OWN.match(text)
        if m:
            names = [n for n in (m.group(2) or "").split(",") if n]
            codes, _explicit = _resolve_names(names, rule_names)
            if names and any(n.lower() == TOOL for n in names):
                codes = None
            kind = m.group(1)
            target = None if kind == "file-ignore" else (line + 1 if alone else line)
            reason = (m.group(3) or "").split("//", 1)[0].strip()
            if not names or codes == frozenset():
                reason = ""             # no code of ours named: malformed, suppresses nothing
            out.append(Directive(kind, loc, target, codes, True, reason, prefix=TOOL))
            continue
        m = _LINT.match(text)
        if m:
            names = (m.group(2) or "").split(",")
            codes, explicit = _resolve_names([n for n in names if n], rule_names)
            if codes == frozenset():
                continue  # staticcheck's own checks
            kind = m.group(1)
            target = None if kind == "file-ignore" else line + 1
            reason = (m.group(3) or "").split("//", 1)[0].strip()   # a trailing comment is no reason
            out.append(Directive(kind, loc, target, codes, explicit, reason))
    return out


def apply(findings: list[Finding], directives: dict[str, list[Directive]],
          enabled, rules) -> list[Finding]:
    """Drop suppressed findings; add the findings of the rules that play the
    unused-suppression and malformed-suppression roles, when enabled
    (`enabled`: the codes, or a function giving a file's codes)."""
    enabled_in = enabled if callable(enabled) else (lambda _path, codes=enabled: codes)
    unused = next((r for r in rules.values() if r.role == ROLE_UNUSED_SUPPRESSION), None)
    malformed = next((r for r in rules.values() if r.role == ROLE_MALFORMED_SUPPRESSION), None)
    kept = []
    for f in findings:
        suppressed = False
        for d in directives.get(f.path, ()):
            if d.kind != "nolint" and not d.reason:
                continue  # a malformed lint:ignore suppresses nothing
            if d.covers(f):
                d.used = True
                suppressed = True
        if not suppressed:
            kept.append(f)
    for path, ds in directives.items():
        enabled = enabled_in(path)
        for d in ds:
            if d.kind != "nolint" and not d.reason and malformed is not None and \
                    malformed.code in enabled:
                kept.append(_meta(malformed, d.location,
                                  f"//{d.prefix}:{d.kind} needs a rule code of golint-panics and "
                                  f"a reason: //{d.prefix}:{d.kind} CODE reason"
                                  if d.prefix == TOOL else
                                  f"//lint:{d.kind} needs a reason: //lint:{d.kind} CODE reason"))
            elif not d.used and d.explicit and unused is not None and \
                    unused.code in enabled and (d.codes is None or d.codes & enabled):
                names = "golint-panics" if d.codes is None else ",".join(sorted(d.codes))
                kept.append(_meta(unused, d.location,
                                  f"unused suppression: nothing to suppress for {names} here"))
    return kept


def _meta(rule, location: Location, message: str) -> Finding:
    return Finding(rule.code, rule.name, message, rule.severity, location)

"""One walk per file: a single tree-sitter query made of every enabled
rule's patterns; each match is handed to the rule that owns the pattern."""
from __future__ import annotations

from tree_sitter import QueryCursor

from .facts import PackageFacts
from .rule import Context, Finding, Rule, Settings, summarize_registration, RegistrationSummary
from .source import SourceFile, query


class Dispatcher:
    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self.node_rules = [r for r in rules if r.check is not None and r.patterns()]
        self.file_rules = [r for r in rules if r.check_file is not None]
        owners: list[Rule] = []
        parts: list[str] = []
        for rule in self.node_rules:
            src = rule.patterns()
            owners.extend([rule] * query(src).pattern_count)
            parts.append(src)
        self.owners = owners
        self.query = query("\n".join(parts)) if parts else None
        self.node_capture = "node"

    def run_file(self, file: SourceFile, facts: PackageFacts, settings: Settings,
                 sink: list[Finding], active: set[str]) -> None:
        contexts: dict[str, Context] = {}

        def ctx_for(rule: Rule) -> Context:
            ctx = contexts.get(rule.code)
            if ctx is None:
                ctx = contexts[rule.code] = Context(rule, file, facts, settings, sink)
            return ctx

        for rule in self.file_rules:
            if rule.code in active or not rule.triggers_parse:
                rule.check_file(ctx_for(rule))
        if self.query is None or not any(r.code in active for r in self.node_rules):
            return
        seen: set[tuple[int, int]] = set()   # a pattern may match one node more than once
        for pattern, caps in QueryCursor(self.query).matches(file.root):
            rule = self.owners[pattern]
            if rule.code not in active:
                continue
            for node in caps.get(self.node_capture, ()):
                key = (id(rule), node.id)
                if key not in seen:
                    seen.add(key)
                    rule.check(node, ctx_for(rule))


def file_may_match(rule: Rule, data: bytes) -> bool:
    return not rule.tokens or any(tok in data for tok in rule.tokens)


_dispatchers: dict[tuple[str, ...], Dispatcher] = {}


def dispatcher(rules: list[Rule]) -> Dispatcher:
    key = tuple(r.code for r in rules)
    if key not in _dispatchers:
        _dispatchers[key] = Dispatcher(rules)
    return _dispatchers[key]


def check_package(files: list[SourceFile], rules: list[Rule], settings: Settings
                  ) -> tuple[list[Finding], list[RegistrationSummary], list[str]]:
    """Findings of the per-file rules, and the package's signal registrations
    (non-test files) for program-level rules."""
    facts = PackageFacts(files, settings.recover_helpers)
    sink: list[Finding] = []
    d = dispatcher(rules)
    errors: list[str] = []
    # a rule is active for the whole package when its tokens occur in any
    # file of it: a goroutine started in one file may run a function of another
    active = {r.code for r in rules if any(file_may_match(r, f.data) for f in files)}
    for f in files:
        try:
            d.run_file(f, facts, settings, sink, active)
        except RecursionError:
            errors.append(f"{f.path}: internal error: nesting too deep to analyse")
        except Exception as exc:  # a rule bug must not lose the other files' findings
            errors.append(f"{f.path}: internal error: {exc.__class__.__name__}: {exc}")
    regs: list[RegistrationSummary] = []
    if any(r.check_program for r in rules):
        try:
            regs = [summarize_registration(r) for r in facts.registrations
                    if r.is_handler and not r.file.is_test]
        except Exception as exc:
            errors.append(f"{files[0].path}: internal error: {exc.__class__.__name__}: {exc}")
    return sink, regs, errors

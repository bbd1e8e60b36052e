"""One walk per file: a single tree-sitter query made of the patterns of
every rule that may fire in that file; each match is handed to the rule
that owns the pattern.

A rule may fire in a file when the file contains one of its tokens (and
the rule applies to test files / `package main` if the file is one).
Files where no rule may fire are not parsed at all, unless a rule needs a
fact from them (facts load those lazily), or a rule derives tokens from
the package's facts (`Rule.package_tokens`: the names of nil package-level
maps, say), in which case the files that mention them are parsed and
checked by that rule too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from tree_sitter import QueryCursor

from .callgraph import PackageGraph
from .concurrency import reach_record as reach_record_of
from .concurrency import roots_cannot_reach
from .facts import FuncInfo, PackageFacts, declared_names, is_generated, know_declared
from .prefilter import Prefilter, compile_tokens, mentions_any
from .rule import (
    ROLE_FILE_NOTE, Context, Finding, Location, RegistrationSummary, Rule, Settings,
    summarize_registration,
)
from . import source as source_mod
from .source import (SourceFile, TooDeep, declaration_skeleton, doc_start, function_at, moved,
                     parse_file, query)

def file_note(path: str, message: str, line: int = 1) -> Finding:
    """A note about a whole file (unreadable, too deep to analyse), under
    the rule that plays the file-note role."""
    rule = _note_rule()
    loc = Location(path, line, 1, line, 1, 1, 1)
    return Finding(rule.code, rule.name, message, "note", loc)


@lru_cache(maxsize=1)
def _note_rule() -> Rule:
    from .registry import rule_for_role
    rule = rule_for_role(ROLE_FILE_NOTE)
    if rule is None:
        raise RuntimeError("no rule plays the file-note role: is golint-panics installed?")
    return rule


def file_may_match(rule: Rule, data: bytes, *, is_test: bool = False,
                   is_main: bool = False, ignore_tokens: bool = False) -> bool:
    """Can `rule` fire in a file with these bytes? (prefilter.py: sound by
    construction.)"""
    if (is_test and not rule.applies_to_tests) or (is_main and not rule.applies_to_main):
        return False
    if not rule.tokens or ignore_tokens:
        return True
    return compiled_tokens(rule.tokens).matches(data)


def reports_in_any(rule: Rule, files: list[bytes]) -> bool:
    """May `rule` report in one of the files with these bytes (its
    `reports_at`)? (prefilter.py: sound by construction.)"""
    return not rule.reports_at or any(compiled_tokens(rule.reports_at).matches(data)
                                      for data in files)


@lru_cache(maxsize=256)
def compiled_tokens(tokens: tuple) -> Prefilter:
    return compile_tokens(tokens)


#: a query whose every pattern is the file's root node
_ROOT_ONLY = re.compile(r"^\s*\(\s*source_file\s*\)\s*@[\w.]+\s*$")


class Dispatcher:
    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self.node_rules = [r for r in rules if r.check is not None and r.patterns()]
        self.file_rules = [r for r in rules if r.check_file is not None]
        self._queries: dict[tuple[frozenset, bool], tuple] = {}

    def _query(self, codes: frozenset, other_file: bool = False):
        """The combined query of the rules in `codes` (on another file than
        the checked ones: their patterns that may report in the checked
        ones, Rule.other_files_query), its pattern owners, and whether it
        matches the file's root alone."""
        key = (codes, other_file)
        if key not in self._queries:
            owners: list[Rule] = []
            parts: list[str] = []
            for rule in self.node_rules:
                if rule.code in codes:
                    src = rule.patterns(other_file)
                    owners.extend([rule] * query(src).pattern_count)
                    parts.append(src)
            # a query of the file's root alone (`(source_file) @node`, what a
            # rule that judges the whole package asks of the other files of a
            # one-file check) matches at depth 0 only: no walk of the tree
            self._queries[key] = (query("\n".join(parts)) if parts else None, owners,
                                  bool(parts) and all(_ROOT_ONLY.match(p) for p in parts))
        return self._queries[key]

    def run_file(self, file: SourceFile, facts: PackageFacts, settings: Settings,
                 sink: list[Finding], active: set[str], file_rules: bool = True,
                 failed: dict[str, str] | None = None, other_file: bool = False) -> None:
        """Run the active rules on one file. A rule that raises stops for this
        file only (its error goes to `failed`, by code); the others go on.
        `other_file`: a file of the package that is not checked, run for what
        the rules may report in the checked ones."""
        contexts: dict[str, Context] = {}
        failed = {} if failed is None else failed

        def guarded(rule: Rule, call, *args) -> None:
            if rule.code in failed:
                return
            try:
                call(*args)
            except (TooDeep, RecursionError):
                raise
            except Exception as exc:   # a rule bug: this rule, this file
                failed[rule.code] = f"{exc.__class__.__name__}: {exc}"

        def ctx_for(rule: Rule) -> Context:
            ctx = contexts.get(rule.code)
            if ctx is None:
                ctx = contexts[rule.code] = Context(rule, file, facts, settings, sink)
            return ctx

        for rule in self.file_rules if file_rules else ():
            if rule.code in active or not rule.triggers_parse:
                guarded(rule, rule.check_file, ctx_for(rule))
        codes = frozenset(r.code for r in self.node_rules if r.code in active)
        if not codes or file.unqueryable:
            return
        q, owners, root_only = self._query(codes, other_file)
        seen: set[tuple[int, int]] = set()   # a pattern may match one node more than once
        cursor = QueryCursor(q)
        if root_only:
            cursor.set_max_start_depth(0)
        for pattern, caps in cursor.matches(file.root):
            rule = owners[pattern]
            for node in caps.get("node", ()):
                key = (id(rule), node.id)
                if key not in seen:
                    seen.add(key)
                    try:
                        guarded(rule, rule.check, node, ctx_for(rule))
                    except TooDeep:
                        continue    # this node only; the file is noted (file.too_deep)


_dispatchers: dict[tuple[str, ...], Dispatcher] = {}


def dispatcher(rules: list[Rule]) -> Dispatcher:
    key = tuple(r.code for r in rules)
    if key not in _dispatchers:
        _dispatchers[key] = Dispatcher(rules)
    return _dispatchers[key]


def active_rules(rules: list[Rule], path: str, data: bytes, is_main: bool,
                 prefilter: bool = True, include_generated: bool = False) -> set[str]:
    is_test = path.endswith("_test.go")
    if not include_generated and is_generated(data):
        # nobody edits generated code: its findings belong to the generator
        rules = [r for r in rules if r.applies_to_generated]
    # without the prefilter every rule runs wherever it applies: tokens are ignored
    return {r.code for r in rules
            if r.triggers_parse and file_may_match(r, data if prefilter else b"", is_test=is_test,
                                                   is_main=is_main, ignore_tokens=not prefilter)}


def _word_or_all(token) -> bytes | tuple[bytes, ...]:
    """A package token: a word, or a tuple of words that must all occur."""
    if isinstance(token, (tuple, list)):
        return tuple(sorted(t.encode() if isinstance(t, str) else t for t in token))
    return token.encode() if isinstance(token, str) else token


#: for a process that checks the same packages again and again (the
#: language server, which keeps parsed files): per package (the paths of
#: its files), the settings, each file's bytes and parsed file, and the
#: calls each function makes with their callees and lock state
#: (concurrency._calls), so that an edit inside function bodies re-walks
#: only the calls of the edited file
_KEPT_CALLS: dict[frozenset, tuple] = {}
KEPT_CALLS_PACKAGES = 32


def _kept_calls(sources: list[tuple[str, str, bytes]], settings: Settings) -> dict | None:
    """The calls kept from the last check of this package that still hold:
    None unless the files are the same ones, the settings are equal and
    every file whose bytes changed declares the same as before (its
    declaration_skeleton); then the entries of the functions whose callees
    all lie in unchanged files, still parsed as then, or in a changed file
    outside its edit: a function of an edited file that the edit did not
    touch makes the same calls, moved onto the new tree (source.moved)."""
    if not source_mod.KEEP_PARSED:
        return None
    prev = _KEPT_CALLS.get(frozenset(abspath for _p, abspath, _d in sources))
    if prev is None or prev[0] != settings:
        return None
    _settings, old_data, calls, old_files = prev
    edits: dict[str, tuple[SourceFile, SourceFile, tuple[int, int, int]]] = {}
    for path, abspath, data in sources:
        before = old_data.get(abspath)
        if before is data or before == data:
            continue
        if abspath not in old_files:
            # not parsed by the last check: no kept call resolved into it, and
            # while it may declare the same names, no lookup would now either
            names = declared_names(data)
            if names is None or names != declared_names(before):
                return None
            continue
        old = old_files[abspath]
        new = parse_file(path, data, abspath)
        if declaration_skeleton(old) != declaration_skeleton(new):
            return None                        # its declarations changed: callees may too
        edits[abspath] = (old, new, source_mod.edit_span(before, data))
    kept = source_mod._kept

    def now(f: SourceFile, node):
        """(the file as parsed now, the node in it), or None."""
        if f.abspath not in edits:
            return (f, node) if kept.get(f.abspath) is f else None
        old, new, span = edits[f.abspath]
        found = moved(node, span, new) if f is old else None
        return (new, found) if found is not None else None

    out = {}
    for (abspath, start), (f, entry, loads) in calls.items():
        if f.abspath in edits:
            func = function_at(f, start)
            here = now(f, func) if func is not None and \
                _before_or_after(func, edits[f.abspath][2]) else None
            if here is None:
                continue                       # the edit touched it: its calls are found again
        elif kept.get(f.abspath) is not f:
            continue
        else:
            here = (f, None)
        moved_entry = []
        for call, decls, state in entry:
            c = now(f, call)
            ds = [now(d.file, d.node) for d in decls]
            if c is None or None in ds:
                break
            moved_entry.append((c[1], [d if nf is d.file and nn is d.node else
                                       FuncInfo(d.name, d.recv, nn, nf)
                                       for d, (nf, nn) in zip(decls, ds)], state))
        else:
            key = (abspath, here[1].start_byte) if here[1] is not None else (abspath, start)
            out[key] = (here[0], moved_entry, loads)
    return out


def _before_or_after(func, span: tuple[int, int, int]) -> bool:
    """Does the edit (`span`) leave a function alone, its doc comment (and
    anything else between it and the declaration before it) included? The
    lock state at its calls reads its doc ("caller holds mu")."""
    start, old_end, _new_end = span
    lo = func.start_byte if func.type == "func_literal" else doc_start(func)
    return func.end_byte < start or lo > old_end


def _keep_calls(sources: list[tuple[str, str, bytes]], settings: Settings,
                facts: PackageFacts, inherited: dict | None) -> None:
    if not source_mod.KEEP_PARSED:
        return
    calls = dict(inherited or {})
    calls.update(facts.memo.get("concurrency_calls", {}))
    key = frozenset(abspath for _p, abspath, _d in sources)
    _KEPT_CALLS.pop(key, None)
    while len(_KEPT_CALLS) >= KEPT_CALLS_PACKAGES:
        del _KEPT_CALLS[next(iter(_KEPT_CALLS))]
    _KEPT_CALLS[key] = (settings, {abspath: data for _p, abspath, data in sources}, calls,
                        {f.abspath: f for f in facts.files})


def _roots_cannot_reach(sources: list[tuple[str, str, bytes]], focus: frozenset,
                        reach_record: dict | None, settings: Settings,
                        ahead: dict[str, SourceFile]) -> bool:
    """concurrency.roots_cannot_reach for the checked files among `sources`;
    those it parses are left in `ahead`."""
    checked = {abspath: (path, data) for path, abspath, data in sources if abspath in focus}

    def parsed(abspath: str) -> SourceFile:
        if abspath not in ahead:
            ahead[abspath] = parse_file(checked[abspath][0], checked[abspath][1], abspath)
        return ahead[abspath]
    return roots_cannot_reach([(abspath, data) for abspath, (_p, data) in checked.items()],
                              reach_record, settings.goroutine_launchers, parsed)


def check_package(sources: list[tuple[str, str, bytes]], rules: list[Rule], settings: Settings,
                  prefilter: bool = True, is_main: bool = False, force: frozenset = frozenset(),
                  package_class: str = "library", program_blank_imports: dict | None = None,
                  focus: frozenset | None = None, library_importers: tuple[str, ...] | None = None,
                  reach_record: dict | None = None, make_record: bool = False
                  ) -> tuple[list[Finding], list[RegistrationSummary], list[str], list[SourceFile],
                             dict | None]:
    """Check one package given as (path, abspath, bytes). Returns the
    findings, the signal registrations of its non-test files (for program
    rules), internal errors, the files that were parsed, and with
    `make_record`, for a check of the whole package, what it learnt of its
    roots' reach (concurrency.reach_record), for a cache to keep. With
    `focus` (absolute paths) only those files are checked: the package's
    other files are parsed only as its facts need them (the model loads
    what it asks about), and run only the rules that report across files;
    `reach_record`, the record of the package's last whole check, whose
    files other than the focus have the same bytes now, lets the model
    leave out the roots that cannot reach the focus
    (concurrency.roots_into)."""
    if focus is not None and prefilter:
        # a rule that can report in none of the checked files has nothing to
        # say in this check: it runs on none of the package's files
        checked = [data for _p, abspath, data in sources if abspath in focus or abspath in force]
        rules = [r for r in rules if reports_in_any(r, checked)]
    parsed: list[tuple[SourceFile, set[str]]] = []
    pending = []
    # with a focus, the other files run only the rules that report across files
    elsewhere = [r for r in rules if r.reports_in_other_files]
    focus_paths = {path for path, abspath, _ in sources if focus is not None and abspath in focus}
    # the rules whose tokens each file may match, as the package's last whole
    # check found them (the files outside the focus have its bytes)
    recorded = reach_record.get("active", {}) if focus is not None and reach_record else {}
    # the checked files parsed ahead (roots_cannot_reach reads their outline)
    ahead: dict[str, SourceFile] = {}
    unreached = focus is not None and any(r.reports_from_roots for r in elsewhere) and \
        _roots_cannot_reach(sources, focus, reach_record, settings, ahead)
    if unreached:
        # no root can reach the checked files: nothing for such a rule to
        # report from the files that start roots
        elsewhere = [r for r in elsewhere if not r.reports_from_roots]
    elsewhere_codes = {r.code for r in elsewhere}
    for path, abspath, data in sources:
        mine = focus is None or abspath in focus or abspath in force
        if not mine and abspath in recorded:
            active = elsewhere_codes.intersection(recorded[abspath])
        else:
            active = active_rules(rules if mine else elsewhere, path, data, is_main, prefilter,
                                  settings.include_generated)
        # `force`: files parsed anyway (no package clause: for their GP000 note)
        if active or (not prefilter and mine) or abspath in force:
            parsed.append((ahead.pop(abspath, None) or parse_file(path, data, abspath), active))
        else:
            pending.append((path, abspath, data))
    facts = PackageFacts([f for f, _ in parsed], settings.recover_helpers, pending,
                         settings.goroutine_launchers)
    facts.package_class = package_class
    facts.settings = settings
    facts.focus = focus
    facts.program_blank_imports = dict(program_blank_imports or {})
    facts.library_importers = library_importers
    if ahead:
        # checked files parsed ahead and left pending: loading one takes that parse
        facts.memo.setdefault("parsed apart", {}).update(ahead)
    if focus is not None and reach_record is not None:
        facts.memo["reach_record"] = (focus, reach_record)
        facts.memo["roots_cannot_reach"] = unreached
        if unreached:
            # (which roots_cannot_reach found already: no second look)
            facts.memo["record_holds"] = True
        # what the other files may declare, as the record has it (they have
        # the bytes it was made of): their code is not searched again
        for _path, abspath, data in sources:
            names = reach_record["names"].get(abspath)
            if abspath not in focus and names is not None:
                know_declared(data, names)
    inherited = _kept_calls(sources, settings)
    if inherited:
        facts.memo["kept_calls"] = inherited
    sink: list[Finding] = []
    errors: list[str] = []
    d = dispatcher(rules)

    def run(f: SourceFile, active: set[str], first: bool = True) -> None:
        failed: dict[str, str] = {}
        try:
            d.run_file(f, facts, settings, sink, active, file_rules=first, failed=failed,
                       other_file=focus is not None and f.abspath not in focus and
                       f.abspath not in force)
        except TooDeep:
            pass           # noted below, once per file (f.too_deep)
        except RecursionError:
            f.too_deep = "nesting too deep to analyse"
        except Exception as exc:  # a bug must not lose the other files' findings
            failed["engine"] = f"{exc.__class__.__name__}: {exc}"
        # an internal error (exit 2), and a note in the report: the file was
        # not fully checked by that rule; the other rules and files were
        for code, reason in sorted(failed.items()):
            errors.append(f"{f.path}: internal error in {code}: {reason}")
            sink.append(file_note(f.path, f"not fully analysed: internal error in {code} "
                                          f"({reason}); please report it"))

    dispatched: dict[int, set[str]] = {}
    for f, active in parsed:
        run(f, active)
        dispatched[id(f)] = set(active)
    # tokens that only the package's facts reveal (the name of a nil map
    # declared in another file): every file that mentions one is checked
    # by that rule too, parsing it if needed, until nothing new turns up
    # (also for a rule no file has woken: a configured name may be the only
    # sign, as for a `goroutine-launchers` entry)
    spreading = [r for r in rules if r.package_tokens is not None and r.triggers_parse]

    def runs_on_file(rule: Rule, path: str, data: bytes) -> bool:
        """Does the rule run on this file whatever words it holds? Not on a
        test file or `package main` for a rule that skips them, nor on
        generated code (the cheap checks first)."""
        return file_may_match(rule, b"", is_test=path.endswith("_test.go"), is_main=is_main,
                              ignore_tokens=True) and \
            (rule.applies_to_generated or settings.include_generated or not is_generated(data))

    def may_report_where_not_run(rule: Rule) -> bool:
        """May a file this rule has not run on hold one of its findings?
        Only such a file can its package tokens wake. A rule that reports
        in the files it runs on (not across files) says where it can
        report (`reports_at`); a package whose files that it has not run
        on hold none of that (a package of generated files, whose own
        code the rule skips) needs no package tokens, whose scan reads
        every file of the package (GP011's blanks their comments)."""
        if not rule.reports_at or rule.reports_in_other_files:
            return True
        where = compiled_tokens(rule.reports_at)
        files = [(p[0], p[1], p[2]) for p in facts.pending] + \
            [(f.path, f.abspath, f.data) for f in facts.files
             if rule.code not in dispatched.get(id(f), ())]
        for path, abspath, data in files:
            if focus is not None and abspath not in focus:
                continue
            # (asked again at each round of the package tokens: kept; a
            # generated file first, whose code the rule skips: a large one
            # costs most to scan)
            key = (rule.code, abspath)
            holds = holding.get(key)
            if holds is None:
                holds = holding[key] = runs_on_file(rule, path, data) and where.matches(data)
            if holds:
                return True
        return False
    holding: dict[tuple, bool] = {}
    progress = True
    while spreading and progress:
        progress = False
        for rule in spreading:
            if not may_report_where_not_run(rule):
                continue
            try:
                tokens = [_word_or_all(t) for t in rule.package_tokens(facts)]
            except Exception as exc:
                errors.append(f"{sources[0][0]}: internal error in {rule.code}: {exc}")
                continue
            words = tuple(sorted({t for t in tokens if isinstance(t, bytes)}))
            alls = tuple(sorted({t for t in tokens if isinstance(t, tuple)}))
            if not words and not alls:
                continue

            def runs_on(path: str, data: bytes, rule=rule, words=words, alls=alls) -> bool:
                # whether it runs on the file at all, then the words
                return runs_on_file(rule, path, data) and \
                    (mentions_any(words, data) or
                     any(all(mentions_any((w,), data) for w in group) for group in alls))
            # parse only the files this rule will run on (with a focus: the
            # focus, and the other files for a rule that reports across
            # files in this check, `elsewhere`)
            across = rule.code in elsewhere_codes
            if focus is None or across:
                facts.load_where(runs_on)
            else:
                facts.load_where(lambda path, data, runs_on=runs_on:
                                 path in focus_paths and runs_on(path, data))
            for f in list(facts.files):
                if focus is not None and f.abspath not in focus and not across:
                    continue
                # (a file counts as dispatched once a rule ran on it: one
                # loaded for facts and run on by none still gets its GP000
                # note below, whatever loaded it first)
                codes = dispatched.get(id(f))
                if (codes is not None and rule.code in codes) or not runs_on(f.path, f.data):
                    continue
                run(f, {rule.code}, first=codes is None)
                dispatched.setdefault(id(f), set()).add(rule.code)
                progress = True
    # files parsed only for their facts still get their GP000 note
    for f in facts.loaded:
        if id(f) not in dispatched and (focus is None or f.abspath in focus):
            run(f, set())
    regs: list[RegistrationSummary] = []
    if any(r.check_program for r in rules):
        try:
            handlers = [r for r in facts.registrations if r.is_handler and not r.file.is_test]
            try:
                graph = PackageGraph(facts) if handlers else None
                regs = [summarize_registration(r, graph) for r in handlers]
            except TooDeep:   # roots not known: every handler may run with every other
                regs = [summarize_registration(r) for r in handlers]
        except Exception as exc:
            errors.append(f"{sources[0][0]}: internal error: {exc.__class__.__name__}: {exc}")
    for f in facts.files:
        if f.too_deep:
            sink.append(file_note(f.path, f"not fully analysed: {f.too_deep}; findings in this "
                                          "file may be missing"))
    if not errors:
        _keep_calls(sources, settings, facts, inherited)
    record = reach_record_of(facts) if make_record and focus is None and not errors else None
    if record is not None:
        # for each file, the rules whose tokens it may match (none: not parsed)
        record["active"] = {abspath: [] for _p, abspath, _d in pending}
        record["active"].update((f.abspath, sorted(active)) for f, active in parsed)
    return sink, regs, errors, facts.files, record

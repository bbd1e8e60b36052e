"""One check, from paths to sorted findings: discover, read, group into
packages, prefilter, analyse packages (in worker processes), program-level
rules, then suppressions."""
from __future__ import annotations

import hashlib
import json
import os
from functools import cached_property, partial

from . import cache as cache_mod
from . import golang, model, registry, suppress
from .config import Config, Configs, excluded, ignored_codes, name_exclusion
from .project import (GoFile, ModuleFinder, Package, adopt_listings, context_files, context_root, discover,
                      display_path, import_path_of, package_key, programs,
                      saved_listings)
from .records import datatype, field, replace
from .rule import Finding, Location, ProgramContext, ProgramGroup, RegistrationSummary, Rule, Settings
from .header import Header, UnreadableFile, check_go_bytes, read_go_bytes



@datatype
class CheckResult:
    findings: list[Finding]
    errors: list[str]                 # human-readable problems (stderr lines)
    files_seen: int = 0
    files_read: int = 0
    files_parsed: int = 0
    internal_errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # informational (missing modules)
    checked: set[str] = field(default_factory=set)   # absolute paths of the files checked
    #: run_check's trust_context: the context trees were taken as last seen
    context_trusted: bool = False
    #: run_check's trust_context: they changed since they were last seen
    context_changed: bool = False


@datatype
class Unit:
    """One package's worth of work for a worker."""
    key: str
    files: list[GoFile]
    overrides: dict[str, bytes] = field(default_factory=dict)
    is_main: bool = False
    force: frozenset = frozenset()     # files to parse whatever the tokens say
    package_class: str = "library"     # model.classify: main, test-support, application, library
    #: import path -> (display path, line) of a blank import of it somewhere
    #: in a program this package belongs to (net/http/pprof, say)
    program_blank_imports: dict = field(default_factory=dict)
    #: the rules to run and their settings: the package's configuration's
    codes: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)
    #: the files whose findings are wanted (a buffer, files named on the
    #: command line): the rules run on them alone, the package's other files
    #: load only as its facts need them
    focus: frozenset | None = None
    #: a package of the context (run_check's `context`): analysed for the
    #: program rules' evidence only
    context: bool = False
    #: for a library other modules cannot import (`internal/`): the non-test
    #: files of its importers that are libraries, as (absolute path, content
    #: hash); None for any other package (model.library_importers)
    library_importers: tuple | None = None
    #: for a unit with a focus: the reach record of the package's last whole
    #: check (concurrency.reach_record, absolute paths), every file outside
    #: the focus having the bytes it had then; None otherwise
    reach_record: dict | None = None
    #: make the package's reach record: a check of the whole package whose
    #: results go to a cache
    make_record: bool = False


def _read(gofile: GoFile, overrides: dict[str, bytes]) -> bytes:
    if gofile.abspath in overrides:
        data = overrides[gofile.abspath]
        check_go_bytes(data)
        return data
    if not overrides:
        return read_go_bytes(gofile.abspath)
    # a check of a buffer, one of many in a language server: a file whose
    # stamp is the one it had when last read is not read again (git's rule
    # for a racy stamp: cache.recordable), and the same bytes as last time
    # are the same object, so the memos keyed by a file's bytes (its words,
    # code, declared names, content hash) find them without hashing or
    # comparing the whole file again at every lookup
    stamp = cache_mod.file_stamp(gofile.abspath)
    kept = _READ.get(gofile.abspath)
    if kept is not None and stamp is not None and kept[0] == stamp:
        return kept[1]
    data = read_go_bytes(gofile.abspath)
    data = _SAME_BYTES.setdefault(data, data)
    if len(_SAME_BYTES) > SAME_BYTES_KEPT:
        _SAME_BYTES.clear()
    if cache_mod.recordable(stamp):
        if len(_READ) > SAME_BYTES_KEPT:
            _READ.clear()
        _READ[gofile.abspath] = (stamp, data)
    return data


def _bytes_hash(data: bytes, overrides: dict) -> str:
    """cache.content_hash, remembered by the bytes object in a check of a
    buffer (a language server hashes the same files check after check)."""
    if not overrides:
        return cache_mod.content_hash(data)
    sha = _HASHES.get(data)
    if sha is None:
        if len(_HASHES) > SAME_BYTES_KEPT:
            _HASHES.clear()
        sha = _HASHES[data] = cache_mod.content_hash(data)
    return sha


#: the bytes of the files of buffer checks, by their content (see _read)
_SAME_BYTES: dict[bytes, bytes] = {}
SAME_BYTES_KEPT = 4096
#: the files of buffer checks as last read: abspath -> (stamp, bytes)
_READ: dict[str, tuple[list, bytes]] = {}
#: their content hashes, by their bytes
_HASHES: dict[bytes, str] = {}


#: decoded reach records, for a process that checks the same buffer again
#: and again (the language server): by the package's results they came
#: with, the focus and the other files' current hashes
_RECORDS: dict[tuple, "dict | None"] = {}
RECORDS_KEPT = 8


def _reach_record(hit: dict, pkg, pkg_files, hashes: dict, focus: frozenset, cwd: str
                  ) -> "dict | None":
    """The reach record of a package's cached results for a check of the
    files `focus` (cache.reach_from_json), decoded once per process while
    the same."""
    now = {f.abspath: hashes[f.abspath] for f in pkg_files}
    # (the focus's own bytes, edited at every keystroke, are not the record's)
    key = (pkg.directory, hit.get("hash"), focus,
           tuple(sorted((p, sha) for p, sha in now.items() if p not in focus)))
    if key not in _RECORDS:
        if len(_RECORDS) >= RECORDS_KEPT:
            del _RECORDS[next(iter(_RECORDS))]
        _RECORDS[key] = cache_mod.reach_from_json(
            hit.get("reach"), cache_mod.Files.of(pkg.directory, pkg_files, cwd), now, focus)
    return _RECORDS[key]


def _note(path: str, message: str, line: int = 1) -> Finding:
    from .engine import file_note      # the analysis modules: only when a check needs them
    return file_note(path, message, line)


def _context_key(unit: Unit) -> list:
    """What a package's results depend on besides its own files (the run's
    view of it): a cached result holds only for the same."""
    return [unit.package_class, sorted(unit.program_blank_imports),
            [list(f) for f in unit.library_importers] if unit.library_importers is not None
            else None]


#: exclusion answers by (path, config root, exclude patterns)
_EXCLUDED: dict[tuple, bool] = {}
EXCLUDED_KEPT = 200_000
#: the constraint of a context file that is never built (`//go:build ignore`)
_IGNORED = golang.parse_go_build("ignore")
#: headers of context files by path: (stamp, header, {rule code: may
#: match}, {codes asked: those that may match}), for a long-lived process
#: (the language server) that checks buffer after buffer
_CONTEXT_HEADERS: dict[str, tuple[list, Header, dict, dict]] = {}
CONTEXT_HEADERS_KEPT = 100_000


def _context_header(gf: GoFile, cache, wanted: list[Rule], root: str,
                    codes: tuple[str, ...], stamp=False) -> tuple[Header, frozenset] | None:
    """The header of a file that only informs the checked packages, and the
    codes of the `wanted` rules (program rules; `codes` are theirs, in
    order) whose prefilter it passes: from the memo or the cache while its
    stamp (cache.file_stamp; `stamp`, when the caller has it) is the one
    recorded, else read. None when it cannot be read (context is best
    effort: the file is not checked, nothing is reported about it)."""
    if stamp is False:
        stamp = cache_mod.file_stamp(gf.abspath)
    if stamp is None:
        return None
    hit = _CONTEXT_HEADERS.get(gf.abspath)
    if hit is not None and hit[0] == stamp:
        # the answer for these codes, kept with the header (a language
        # server asks for the same codes check after check)
        answer = hit[3].get(codes)
        if answer is None and all(c in hit[2] for c in codes):
            answer = hit[3][codes] = frozenset(c for c in codes if hit[2][c])
        if answer is not None:
            return hit[1], answer
    # one cache entry holds the whole context tree's headers: one file to
    # read, not one per directory
    known = cache.entry(f"{root}#context")["files"].get(gf.abspath) if cache is not None else None
    header = None
    if type(known) is dict:
        try:
            may_known = known["may"]
            if known["stat"] == stamp and all(c in may_known for c in codes):
                blank = known["blank"]
                imports = known["imports"]
                header = Header(known["package"],
                                imports if type(imports) is list else list(imports),
                                _IGNORED if known["ignored"] else None,
                                [(str(p), int(line)) for p, line in blank] if blank else [])
                may = {c: bool(may_known[c]) for c in codes}
        except (KeyError, TypeError, ValueError, IndexError):
            header = None
    if header is None:
        name = os.path.basename(gf.abspath)
        try:
            data = read_go_bytes(gf.abspath)
            header = (_checked_header_of(gf.abspath, cache_mod.content_hash(data), cache)
                      if cache is not None else None) or read_header(data)
        except (UnreadableFile, Exception, RecursionError):
            return None
        may = _prefilter_answers(wanted, name, data, header)
        record = _context_record(header, stamp, may)
        header = Header(header.package, header.import_paths,
                        _IGNORED if record["ignored"] else None, header.blank_imports)
        if not cache_mod.recordable(stamp):
            # changed just now: it may change again under the same stamp
            return header, frozenset(c for c in codes if may[c])
        if cache is not None:
            index = f"{root}#context"
            cache.entry(index)["files"][gf.abspath] = record
            cache.mark_dirty(index)
    if len(_CONTEXT_HEADERS) >= CONTEXT_HEADERS_KEPT:
        _CONTEXT_HEADERS.clear()
    answer = frozenset(c for c in codes if may[c])
    _CONTEXT_HEADERS[gf.abspath] = (stamp, header, may, {codes: answer})
    return header, answer


def _prefilter_answers(rules: list[Rule], name: str, data: bytes, header: Header) -> dict:
    """{code: may the rule fire in this file} (its `#context` record's `may`)."""
    from .engine import file_may_match
    return {r.code: file_may_match(r, data, is_test=name.endswith("_test.go"),
                                   is_main=header.package == "main") for r in rules}


def _index_root(directory: str, modules: ModuleFinder, memo: dict) -> str | None:
    """The tree whose `#context` index holds the directory's files: its own
    module's (or GOPATH repository's), also when they are context for a
    module around it (the standard library's cmd/ for std)."""
    if directory not in memo:
        memo[directory] = context_root(directory, modules)
    return memo[directory]


def _context_record(header: Header, stamp, may: dict) -> dict:
    """A file's record in its module's `#context` index: what it tells a
    check of other files (its header; all its constraint decides there is
    whether it is built at all, `//go:build ignore`), and for each program
    rule whether its prefilter passes the file, valid while the file's
    stamp (cache.file_stamp) is `stamp`."""
    ignored = header.constraint is not None and not golang.satisfiable(
        header.constraint, {"ignore": False})
    return {"stat": list(stamp), "package": header.package, "imports": header.import_paths,
            "ignored": ignored, "blank": header.blank_imports, "may": may}


def _content_hash_of(abspath: str, cache, stamp=False) -> str:
    """A file's content hash: recorded with its stamp (`stamp`, when the
    caller has it), else read (raises UnreadableFile)."""
    if stamp is False:
        stamp = cache_mod.file_stamp(abspath)
    known = _stamped_header(abspath, stamp, cache) if stamp is not None else None
    return known[0] if known is not None else cache_mod.content_hash(read_go_bytes(abspath))


def _checked_header_of(abspath: str, sha: str, cache) -> Header | None:
    """The header a check of the file's own tree cached for the bytes of
    this content hash (its directory's entry), if any: a check of the whole
    tree leaves every file's there, and a context file then needs no parse."""
    directory, name = os.path.split(abspath)
    known = cache.entry(directory)["files"].get(name)
    if isinstance(known, dict) and known.get("sha") == sha:
        try:
            return cache_mod.header_from_json(known)
        except (KeyError, TypeError, ValueError):
            return None
    return None


def _stamped_header(abspath: str, stamp: list[int], cache) -> tuple[str, Header] | None:
    """(content hash, header) that a check recorded for the file while it
    had this stamp, if any (kept in memory too, for a process that checks
    again: the language server)."""
    kept = _STAMPED.get(abspath)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    directory, name = os.path.split(abspath)
    known = cache.entry(directory)["files"].get(name)
    if isinstance(known, dict) and known.get("stamp") == stamp and isinstance(known.get("sha"), str):
        try:
            found = known["sha"], cache_mod.header_from_json(known)
        except (KeyError, TypeError, ValueError):
            return None
        if len(_STAMPED) >= CONTEXT_HEADERS_KEPT:
            _STAMPED.clear()
        _STAMPED[abspath] = (stamp, found)
        return found
    return None


#: (stamp, (content hash, header)) by path, as _stamped_header found them
_STAMPED: dict[str, tuple[list, tuple[str, Header]]] = {}


def read_header(data: bytes) -> Header:
    """source.read_header: tree-sitter is loaded only for a header that is
    not in the cache."""
    from .source import read_header as parsed
    return parsed(data)


def _header(data: bytes, gf: GoFile, result: "CheckResult"):
    """The file's header; a failure to read it is a note on this file, not
    the end of the run (the file is then checked on its own)."""
    try:
        return read_header(data)
    except (Exception, RecursionError) as exc:
        result.internal_errors.append(f"{gf.path}: internal error reading its header: "
                                      f"{exc.__class__.__name__}: {exc}")
        result.findings.append(_note(gf.path, "not fully analysed: its package clause and "
                                              "imports could not be read"))
        return _UNREAD


_UNREAD = Header(None, [], None)


def _rule_names(all_rules: dict[str, Rule]) -> dict[str, str]:
    names = {code: code for code in all_rules}
    names.update({r.name: code for code, r in all_rules.items()})
    return names


def analyse_unit(unit: Unit, prefilter: bool = True):
    """Worker entry point: read the package's files, check them, read the
    suppression directives of the files that were parsed. Never raises: a
    failure is an internal error of this package, the others go on."""
    try:
        return _analyse_unit(unit, prefilter)
    except RecursionError:
        reason = "nesting too deep to analyse"
    except Exception as exc:
        reason = f"{exc.__class__.__name__}: {exc}"
    where = unit.files[0].path if unit.files else unit.key
    return unit.key, [], [], 0, [f"{where}: internal error in its package: {reason}"], {}, {}, None


def _analyse_unit(unit: Unit, prefilter: bool):
    from .engine import check_package     # the analysis modules: only when a package is analysed
    all_rules = registry.load_rules(lazy=True)     # (their modules imported as they run)
    rules = [all_rules[c] for c in unit.codes]
    settings = unit.settings
    sources = []
    notes: list[Finding] = []
    seen: dict[str, str] = {}      # the hashes of the bytes analysed, for the cache
    for gf in unit.files:
        try:
            data = _read(gf, unit.overrides)
            sources.append((gf.path, gf.abspath, data))
            seen[gf.abspath] = _bytes_hash(data, unit.overrides)
        except UnreadableFile as exc:
            notes.append(_note(gf.path, f"cannot read file: {exc}"))
    findings, regs, errors, parsed, record = (
        check_package(sources, rules, settings, prefilter, unit.is_main, unit.force,
                      unit.package_class, unit.program_blank_imports, focus=unit.focus,
                      library_importers=None if unit.library_importers is None
                      else tuple(path for path, _sha in unit.library_importers),
                      reach_record=unit.reach_record, make_record=unit.make_record)
        if sources else ([], [], [], [], None))
    regs = [replace(r, package=unit.key) for r in regs]
    names = _rule_names(all_rules)
    directives = {}
    for f in parsed:
        if unit.focus is not None and f.abspath not in unit.focus and f.abspath not in unit.force:
            continue      # a directive speaks of its own file, and only the focus is reported
        found = suppress.extract(f, names)
        if found:
            directives[f.path] = found
    return unit.key, findings + notes, regs, len(parsed), errors, directives, seen, record


@datatype
class PackageTable:
    """What the headers of a run's files say about its packages: which
    packages there are (files, module, import path, imports), which files
    are context, the program rules a context package may give evidence for
    (`context_may`), each package's class, the blank
    imports of each program and the library importers of `internal/`
    libraries (model.py)."""
    packages: dict[str, Package]
    in_context: frozenset
    context_may: dict[str, frozenset]
    classes: dict[str, str]
    program_blank: dict
    library_importers: dict

    @cached_property
    def program_packages(self) -> tuple:
        """project.programs of the table's packages (asked at every check of
        a language server, which keeps its table)."""
        return programs(list(self.packages.values()))

    @cached_property
    def context_packages(self) -> dict[str, bool]:
        """Per package: are all its files context? (Asked at every check of
        a language server, which keeps its table.)"""
        return {key: all(f.abspath in self.in_context for f in pkg.files)
                for key, pkg in self.packages.items()}


class _TableSnapshot:
    """A PackageTable kept for the checks of some files of a module, in the
    process (the language server) and in the cache when there is one (one
    entry per set of checked files): valid while the working directory,
    the test-support patterns, the program rules, the context trees' state
    (tree_state), the checked files' headers and every context file's path,
    mtime, size, ctime and inode (`stamped`: _context_view's digest of them)
    are those it was made from; a context file's header is a function of
    its bytes, which those stand for. Taken on trust (`load_seen`), the
    context is the one it was made from, verified by the caller after."""
    KEPT = 16

    def __init__(self, cache, context, cwd, test_support, codes, headed, stamped):
        self.cache = cache
        self.index = "\0".join(context) + "#table"
        # (by path: the files named come first, so the same package's
        # files are in another order when another of them is named)
        checked = sorted((gf.abspath, gf.path, h.package, h.import_paths, h.constraint,
                          h.blank_imports) for gf, h, _may, _ctx in headed)
        self.selector = hashlib.sha256(json.dumps(
            [cwd, sorted(gf.abspath for gf, *_rest in headed)]).encode(
            "utf-8", "surrogateescape")).hexdigest()[:24]
        self.base = hashlib.sha256(json.dumps(
            [cwd, list(test_support) if test_support is not None else None, list(codes),
             checked], default=str).encode("utf-8", "surrogateescape"))
        self.stamped = stamped
        self.digest = self._digest(stamped) if stamped is not None else None

    def _digest(self, stamped: str) -> str:
        digest = self.base.copy()
        digest.update(stamped.encode())
        return digest.hexdigest()

    def load_seen(self) -> "tuple[PackageTable | None, str | None]":
        """The table made last for these checked files, with the digest of
        the context it was made from (_context_view), taken on trust: valid
        while the rest of what it was made of is the same. The caller
        verifies the context afterwards."""
        memo = _SNAPSHOTS.get((self.index, self.selector))
        if memo is not None and memo[0] == self._digest(memo[2]):
            return memo[1], memo[2]
        got = self.cache.entry(f"{self.index}:{self.selector}").get("table") \
            if self.cache is not None else None
        seen = got.get("seen") if isinstance(got, dict) else None
        if not isinstance(seen, str) or got.get("digest") != self._digest(seen):
            return None, None
        try:
            table = _table_from_json(got["table"])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None, None
        self.stamped, self.digest = seen, got["digest"]
        self._remember(table)
        return table, seen

    def load(self) -> "PackageTable | None":
        # a process that checks again (the language server) keeps the tables
        # it read or made
        memo = _SNAPSHOTS.get((self.index, self.selector))
        if memo is not None and memo[0] == self.digest:
            return memo[1]
        if self.cache is None:
            return None
        got = self.cache.entry(f"{self.index}:{self.selector}").get("table")
        if not isinstance(got, dict) or got.get("digest") != self.digest:
            return None
        try:
            table = _table_from_json(got["table"])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None
        self._remember(table)
        return table

    def _remember(self, table: "PackageTable") -> None:
        _SNAPSHOTS.pop((self.index, self.selector), None)
        while len(_SNAPSHOTS) >= self.KEPT:
            del _SNAPSHOTS[next(iter(_SNAPSHOTS))]
        _SNAPSHOTS[(self.index, self.selector)] = (self.digest, table, self.stamped)

    def store(self, table: "PackageTable") -> None:
        """One cache entry per set of checked files (a check reads only its
        own), the most recent KEPT of them listed in the context's index;
        an older one is emptied."""
        self._remember(table)
        if self.cache is None:
            return
        index = self.cache.entry(self.index)
        order = index.get("tables")
        order = [k for k in order if isinstance(k, str) and k != self.selector] \
            if isinstance(order, list) else []
        while len(order) >= self.KEPT:
            old = f"{self.index}:{order.pop(0)}"
            self.cache.entry(old)["table"] = None
            self.cache.mark_dirty(old)
        index["tables"] = order + [self.selector]
        self.cache.mark_dirty(self.index)
        mine = f"{self.index}:{self.selector}"
        digest, seen = self.digest, self.stamped

        def fill(entry: dict) -> None:
            entry["table"] = {"digest": digest, "seen": seen, "table": _table_to_json(table)}
        self.cache.later(mine, fill)


#: (context, checked files) -> (digest, table): the tables a process read
#: or made, for its next checks
_SNAPSHOTS: dict[tuple, tuple] = {}


def _table_to_json(table: "PackageTable") -> dict:
    modules: dict = {}
    files, packages = [], []
    for pkg in table.packages.values():
        m = pkg.module
        if m is not None and m not in modules:
            modules[m] = len(modules)
        packages.append([pkg.key, pkg.directory, pkg.name,
                         modules[m] if m is not None else None, pkg.import_path,
                         sorted(pkg.imports), pkg.standalone, len(pkg.files)])
        # a file by its name in the package's directory; its path as shown
        # only when that is not its absolute path (the checked files)
        files.extend([os.path.basename(f.abspath), f.path if f.path != f.abspath else None,
                      f.abspath in table.in_context] for f in pkg.files)
    return {"modules": [[m.root, m.path, m.gopath] for m in modules],
            "packages": packages, "files": files,
            "context_may": {k: sorted(v) for k, v in table.context_may.items()},
            "classes": table.classes,
            "program_blank": {k: {p: list(w) for p, w in v.items()}
                              for k, v in table.program_blank.items()},
            "library_importers": {k: [q.key for q in v]
                                  for k, v in table.library_importers.items()}}


def _table_from_json(d: dict) -> "PackageTable":
    from .project import Module
    modules = [Module(str(root), str(path), bool(gopath)) for root, path, gopath in d["modules"]]
    files = d["files"]
    packages: dict[str, Package] = {}
    in_context = set()
    at = 0
    for key, directory, name, module, import_path, imports, standalone, count in d["packages"]:
        pkg = packages[key] = Package(str(key), str(directory), name,
                                      module=modules[module] if module is not None else None,
                                      import_path=import_path, imports=set(imports),
                                      standalone=bool(standalone))
        # (the files' names joined as os.path.join joins a name to a
        # directory, without its calls: a table lists thousands)
        prefix = pkg.directory if pkg.directory.endswith(os.sep) else pkg.directory + os.sep
        for name, path, is_context in files[at:at + count]:
            abspath = prefix + name
            pkg.files.append(GoFile(abspath, path if path is not None else abspath))
            if is_context:
                in_context.add(abspath)
        at += count
    return PackageTable(packages, frozenset(in_context),
                        {k: frozenset(v) for k, v in d["context_may"].items()},
                        {str(k): str(v) for k, v in d["classes"].items()},
                        {k: {p: (str(w[0]), int(w[1])) for p, w in v.items()}
                         for k, v in d["program_blank"].items()},
                        {k: [packages[q] for q in v] for k, v in d["library_importers"].items()})


#: run_check's trust_context: walk and stat the context trees, compare with
#: what the last check of the same files saw, and return (context_changed)
VERIFY = "verify"
#: (context, cwd, the run's files) -> their _context_view (or its digest
#: alone, when a cached table was taken on trust): what the checks of a
#: process that trusts its context trees (the language server) last saw
_VIEWS: dict[tuple, tuple] = {}
VIEWS_KEPT = 16


def _context_view(context, known, cache, is_excluded, names_excluded) -> tuple:
    """What a check knows of its context trees before reading any header:
    (the directories walked with their mtimes and go.mod presence, the
    context files' absolute paths, each one's tree, each one's stamp, and a digest of
    tree_state and the files' paths and stamps: the context as the
    _TableSnapshot sees it)."""
    walked: list[tuple[str, int, bool]] = []
    around: list[str] = []
    root_of: dict[str, str] = {}
    for c in context:
        if not os.path.isdir(c):
            continue
        # the tree's listings as the last process left them: a directory
        # whose mtime is unchanged is stat'ed, not listed again
        index = f"{c}#dirs"
        saved = cache.entry(index).get("dirs") if cache is not None else None
        adopt_listings(saved)
        start = len(walked)
        found = [p for p in context_files(c, is_excluded, names_excluded, walked)
                 if p not in known]
        around.extend(found)
        root_of.update(dict.fromkeys(found, c))
        if cache is not None and (not isinstance(saved, dict) or any(
                type(saved.get(d)) is not list or saved[d][:1] != [m]
                for d, m, _g in walked[start:])):
            cache.entry(index)["dirs"] = saved_listings(walked[start:])
            cache.mark_dirty(index)
    state = tree_state(context, walked) if around else None
    # each context file's stamp, None when it cannot be stat'ed (for
    # _TableSnapshot's digest, and _context_header when the table is made)
    stats = cache_mod.file_stamps(around)
    stamped = hashlib.sha256(json.dumps(state, default=str).encode("utf-8", "surrogateescape"))
    stamped.update("\0".join(around).encode("utf-8", "surrogateescape"))
    stamped.update(repr(list(stats.values())).encode())
    return walked, around, root_of, stats, stamped.hexdigest()


def _remember_view(key: tuple, view: "tuple | str") -> bool:
    """Keep what a check saw of its context (a _context_view, or the digest
    of one a cached table was made with, taken on trust); did it change
    since the last check of the same files saw it?"""
    kept = _VIEWS.pop(key, None)
    while len(_VIEWS) >= VIEWS_KEPT:
        del _VIEWS[next(iter(_VIEWS))]
    _VIEWS[key] = view
    if kept is None or type(view) is str:
        return False
    return (kept != view[-1]) if type(kept) is str else kept != view


def tree_state(context: list[str], walked: list[tuple[str, int, bool]]) -> tuple:
    """What the modules of the context trees depend on besides the files'
    headers: every directory walked and whether it holds a go.mod (the walk
    lists a directory again when its mtime changed: which files and
    directories it holds is in the walk's result, and an entry the walk
    leaves out, such as the cache's own directory, changes nothing), each
    go.mod's size and mtime (one edited in place), and the go.mod files of
    the directories above each tree (one there makes a GOPATH repository a
    module; the directories' own mtimes move with every file written beside
    the tree)."""
    gomods = []
    above = []
    for directory, _mtime, has_gomod in walked:
        if has_gomod:
            gomods.append(_stat_of(os.path.join(directory, "go.mod")))
    for root in context:
        d = os.path.dirname(root)
        while True:
            above.append((d, _stat_of(os.path.join(d, "go.mod"))))
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
    return tuple((d, has_gomod) for d, _mtime, has_gomod in walked), tuple(gomods), tuple(above)


def _stat_of(path: str) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def package_table(headed: list[tuple[GoFile, Header, frozenset, bool]], cwd: str,
                  test_support) -> PackageTable:
    """The run's PackageTable from its files' headers: (file, header, the
    program rules it may give evidence for, is context)."""
    modules = ModuleFinder()
    packages: dict[str, Package] = {}
    test_imports: dict[str, set[str]] = {}
    blank_imports: dict[str, dict[str, tuple[str, int]]] = {}
    in_context: set[str] = set()
    context_may: dict[str, set[str]] = {}
    for gf, header, may, is_context in headed:
        directory = os.path.dirname(gf.abspath)
        if is_context:
            in_context.add(gf.abspath)
        standalone = None
        if header.package is None or (header.constraint is not None and not golang.satisfiable(
                header.constraint, {"ignore": False})):
            standalone = gf.abspath
        key = package_key(directory, header.package, standalone)
        pkg = packages.get(key)
        if pkg is None:
            module = modules.find(directory)
            pkg = packages[key] = Package(key, directory, header.package, module=module,
                                          import_path=import_path_of(directory, module),
                                          standalone=standalone is not None)
        pkg.files.append(gf)
        if may:
            context_may.setdefault(pkg.key, set()).update(may)
        if not gf.abspath.endswith("_test.go"):
            pkg.imports.update(header.import_paths)
            for path, line in header.blank_imports:
                where = display_path(gf.abspath, cwd) if is_context else gf.path
                blank_imports.setdefault(pkg.key, {}).setdefault(path, (where, line))
        else:
            test_imports.setdefault(pkg.key, set()).update(header.import_paths)
    listed = list(packages.values())
    graph = model.import_graph(listed)
    classes = model.classify(listed, test_imports, test_support, graph)
    return PackageTable(packages, frozenset(in_context),
                        {k: frozenset(v) for k, v in context_may.items()}, classes,
                        model.program_blank_imports(listed, blank_imports),
                        model.library_importers(listed, classes, graph))


def run_check(paths: list[str], rules: list[Rule], settings: Settings, *, jobs: int | None = None,
              cwd: str | None = None, overrides: dict[str, bytes] | None = None,
              prefilter: bool = True, config: Config | None = None,
              force_exclude: bool = False, recursive: bool = True,
              extra_files: list[str] = (), cache: "cache_mod.Cache | None" = None,
              progress=None, focus_files: set[str] | None = None,
              deps: str = "auto", deps_budget: float | None = None,
              configs: Configs | None = None, context: list[str] = (),
              save_cache: bool = True, trust_context: bool | str = False) -> CheckResult:
    """Check the Go files under `paths`. Every file gets the rules and
    settings of its closest configuration (`configs`); without one, `rules`,
    `settings` and `config` hold for every file. `context`: directories
    whose Go files are not checked but say what the checked packages are
    (who imports them, which programs hold them): only their headers are
    read, from the cache or a memo while they are unchanged. `focus_files`
    (absolute paths): report only on these (a buffer check). Files named in
    `paths` are checked as a whole-tree check would check them: their
    packages' other files and their modules are read as context, and only
    the named files are reported (pre-commit passes the changed files).
    `save_cache=False`: the cache's changed entries are left for the caller
    to write (`cache.save()`; the language server publishes first).
    `trust_context=True`: the context trees are taken to be as the last
    check of the same files found them (`result.context_trusted`), without
    a walk or a stat; the caller verifies them afterwards with
    `trust_context=VERIFY`, which only walks and stats them and tells
    whether they changed since (`result.context_changed`)."""
    cwd = cwd or os.getcwd()
    overrides = overrides or {}
    if progress is not None:
        progress.begin()
    if configs is None:
        configs = Configs.single(rules, settings, config)
    # the run's own settings (package classes, dependencies, program rules):
    # those of the configuration at the working directory
    settings = configs.profile_for(cwd).settings

    config_of: dict[str, Config] = {}      # per directory: walks ask for every entry

    def is_excluded(p: str) -> bool:
        directory = os.path.dirname(p)
        cfg = config_of.get(directory)
        if cfg is None:
            cfg = config_of[directory] = configs.config_for(directory)
        # the same path under the same patterns: the same answer (a language
        # server walks the same module check after check)
        key = (p, cfg.root, tuple(cfg.exclude))
        hit = _EXCLUDED.get(key)
        if hit is None:
            if len(_EXCLUDED) >= EXCLUDED_KEPT:
                _EXCLUDED.clear()
            hit = _EXCLUDED[key] = excluded(p, cfg)
        return hit

    def names_excluded(directory: str, configured: bool = True):
        """is_excluded for the entries of one directory, by name, when the
        directory's configuration excludes by name only (config.name_exclusion).
        `configured` False: the walk saw no configuration file in it."""
        cfg = config_of.get(directory)
        if cfg is None:
            if not configured:
                configs.without_config(directory)
            cfg = config_of[directory] = configs.config_for(directory)
        return name_exclusion(cfg)

    def is_named_excluded(p: str) -> bool:
        return excluded(p, configs.config_for(os.path.dirname(p)), named=True)
    unreadable: list[tuple[str, str]] = []
    files = discover(paths, cwd, is_excluded, force_exclude, recursive, is_named_excluded,
                     unreadable)
    known = {f.abspath for f in files}
    for extra in extra_files:   # a buffer that is not on disk yet (--stdin-filename)
        abspath = os.path.normpath(os.path.join(cwd, extra))
        if abspath not in known:
            files.append(GoFile(abspath, display_path(abspath, cwd)))
    reported = set(focus_files) if focus_files is not None else None
    named_dirs = sorted({os.path.dirname(os.path.normpath(os.path.join(cwd, p))) for p in paths
                         if os.path.isfile(os.path.join(cwd, p)) and p.endswith(".go")})
    if named_dirs and reported is None:
        # files named on the command line: their packages' other files are
        # read (not reported), and their modules are their context
        reported = {f.abspath for f in files}
        siblings = [gf for gf in discover(named_dirs, cwd, is_excluded, recursive=False)
                    if gf.abspath not in reported]
        files.extend(siblings)
        modules_here = ModuleFinder()
        context = list(context) + [c for c in {context_root(d, modules_here) for d in named_dirs}
                                   if c and c not in context]
    shown = [f for f in files if reported is None or f.abspath in reported]
    result = CheckResult([], [], files_seen=len(shown), checked={f.abspath for f in shown})
    run_paths = frozenset(f.path for f in files)
    for where, reason in unreadable:
        result.errors.append(f"{where}: cannot read directory: {reason}")
        result.findings.append(_note(where, f"cannot read directory: {reason}"))
    known.update(f.abspath for f in files)
    # the context trees as they are now (walked and stat'ed), or as a check
    # with the same files saw them, when the caller trusts them (the
    # language server: it verifies them after publishing)
    view_key = (tuple(context), cwd, frozenset(known))

    def see() -> tuple:
        view = _context_view(context, known, cache, is_excluded, names_excluded)
        if trust_context:
            result.context_changed = _remember_view(view_key, view)
        return view
    view = _VIEWS.get(view_key) if trust_context is True else None
    if type(view) is tuple:
        result.context_trusted = True
    elif trust_context is True and cache is not None and context:
        # nothing seen of the context in this process yet (the language
        # server's first open): the cached table is taken on trust below
        view = None
    else:
        view = see()
        if trust_context == VERIFY:
            return result
    hashes: dict[str, str] = {}
    # the program rules' evidence comes from every package of a program: a
    # context package whose files may give some is analysed for those rules
    checked_profiles = {configs.profile_for(os.path.dirname(f.abspath)) for f in files} \
        if context else set()
    program_rules = list({r.code: r for p in checked_profiles for r in p.rules
                          if r.check_program is not None}.values())
    context_codes = tuple(r.code for r in program_rules)

    # a check of whole trees leaves in each module's `#context` index what a
    # later check of a few of its files needs of each file as context (its
    # header, which program rules' prefilters pass it): that check then reads
    # no other file of the module (_context_header)
    indexing = cache is not None and reported is None and not overrides
    index_rules = list({r.code: r for p in {configs.profile_for(os.path.dirname(f.abspath))
                                            for f in files}
                        for r in p.rules if r.check_program is not None}.values()) \
        if indexing else []
    index_codes = [r.code for r in index_rules]
    index_roots: dict[str, str | None] = {}
    index_modules = ModuleFinder()

    def context_index(gf: GoFile) -> dict | None:
        """The `#context` records of the file's module (None without one)."""
        root = _index_root(os.path.dirname(gf.abspath), index_modules, index_roots)
        return cache.entry(f"{root}#context")["files"] if root else None

    def indexed(gf: GoFile, stamp) -> bool:
        records = context_index(gf)
        known = records.get(gf.abspath) if records is not None else None
        return records is None or (type(known) is dict and known.get("stat") == stamp
                                   and all(c in known.get("may", ()) for c in index_codes))

    def index(gf: GoFile, stamp, header: Header, data: bytes | None, may=None) -> None:
        records = context_index(gf)
        if records is None or not cache_mod.recordable(stamp) or indexed(gf, stamp):
            return
        if may is None:
            may = _prefilter_answers(index_rules, os.path.basename(gf.abspath), data, header)
        records[gf.abspath] = _context_record(header, stamp, may)
        cache.mark_dirty(f"{index_roots[os.path.dirname(gf.abspath)]}#context")

    def checked_header(gf: GoFile) -> Header | None:
        """A checked file's header and content hash: from the cache while
        the file's stamp (cache.file_stamp) is the one recorded with them,
        else read and hashed (the header from the cache while its hash
        matches); None when it cannot be read (noted)."""
        stamp = None
        if cache is not None and gf.abspath not in overrides:
            first = looked_up.pop(gf.abspath, None)
            if first is not None:
                stamp, known = first
            else:
                stamp = cache_mod.file_stamp(gf.abspath)
                known = _stamped_header(gf.abspath, stamp, cache) if stamp is not None else None
            if known is not None and (not indexing or indexed(gf, stamp)):
                result.files_read += 1
                hashes[gf.abspath] = known[0]
                return known[1]
        read = ahead.pop(gf.abspath, None)
        if read is not None:
            # read, hashed and its header read by a worker (_read_ahead)
            sha, parsed, may = read
            data = None
        else:
            try:
                data = _read(gf, overrides)
            except UnreadableFile as exc:
                result.errors.append(f"{gf.path}: cannot read file: {exc}")
                result.findings.append(_note(gf.path, f"cannot read file: {exc}"))
                return None
            sha = cache_mod.content_hash(data) if cache is not None else None
            parsed = may = None
        result.files_read += 1
        if cache is None:
            return parsed or _header(data, gf, result)
        hashes[gf.abspath] = sha
        if gf.abspath in overrides:
            # a buffer: its hash may still find the package's cached results
            # and its header (an editor's unchanged file), which is not stored
            return _checked_header_of(gf.abspath, sha, cache) or _header(data, gf, result)
        header = _checked_header_of(gf.abspath, sha, cache) or parsed
        if header is None:
            header = _header(data, gf, result)
            if header is _UNREAD:
                return header
        if indexing:
            index(gf, stamp, header, data, may)
        directory, name = os.path.split(gf.abspath)
        record = cache_mod.header_to_json(sha, header)
        if cache_mod.recordable(stamp):
            record["stamp"] = stamp
        files = cache.entry(directory)["files"]
        old = files.get(name)
        if not isinstance(old, dict) or old.get("sha") != sha or \
                old.get("stamp") != record.get("stamp"):
            files[name] = record
            cache.mark_dirty(directory)
        return header

    # many files to read (a cold check): workers read, hash and parse the
    # headers of those the cache does not know. Their stamps are taken
    # here first, before any read, as checked_header takes them (and with
    # what the cache knows by them, for checked_header)
    looked_up: dict = {}
    ahead: dict = {}
    unknown = [gf for gf in files if gf.abspath not in overrides]
    if cache is not None and len(unknown) >= READ_AHEAD_FILES:
        for gf in unknown:
            stamp = cache_mod.file_stamp(gf.abspath)
            looked_up[gf.abspath] = (stamp, _stamped_header(gf.abspath, stamp, cache)
                                     if stamp is not None else None)
        unknown = [gf for gf in unknown if looked_up[gf.abspath][1] is None or
                   (indexing and not indexed(gf, looked_up[gf.abspath][0]))]
    if len(unknown) >= READ_AHEAD_FILES:
        ahead = _read_ahead([gf.abspath for gf in unknown],
                            tuple(index_codes) if indexing else (), jobs)

    # every file's header (checked files: from the cache while their hash
    # matches; context files: from the memo or the cache while their size
    # and mtime match), then what they say about the run's packages
    headed: list[tuple[GoFile, Header, frozenset, bool]] = []
    focus_headers: list[tuple[GoFile, Header]] = []
    for gf in files:
        header = checked_header(gf)
        if header is not None:
            headed.append((gf, header, frozenset(), False))
            if reported is not None and gf.abspath in reported:
                focus_headers.append((gf, header))
    # checking a few files of a module checked before: the table from the
    # cache (or, in a process that checks again, from memory) while nothing
    # it was made of changed
    table = None
    if view is None:
        # on trust: the cached table while nothing but the context could
        # have changed since it was made, the context taken as it saw it
        table, seen = _TableSnapshot(cache, context, cwd, settings.test_support, context_codes,
                                     headed, None).load_seen()
        if table is not None:
            result.context_trusted = True
            _remember_view(view_key, seen)
        else:
            view = see()
    if table is None:
        walked, around, root_of, stats, stamped = view
        snapshot = _TableSnapshot(cache, context, cwd, settings.test_support, context_codes,
                                  headed, stamped) if around else None
        table = snapshot.load() if snapshot is not None else None
    if table is None:
        roots: dict[str, str | None] = {}
        finder = ModuleFinder()
        for path in around:
            gf = GoFile(path, path)
            root = _index_root(os.path.dirname(path), finder, roots) or root_of[path]
            got = _context_header(gf, cache, program_rules, root, context_codes,
                                  stats.get(path, False))
            if got is not None:
                headed.append((gf, got[0], got[1], True))
        table = package_table(headed, cwd, settings.test_support)
        if snapshot is not None:
            snapshot.store(table)
    # the context files' stamps, when this check took them (not a view of an
    # earlier check taken on trust)
    stamps = view[3] if type(view) is tuple and not result.context_trusted else {}
    packages, classes, importing_libraries = table.packages, table.classes, table.library_importers
    # (the packages of the reported files' directories: a table lists thousands of files)
    focus_dirs = {os.path.dirname(gf.abspath) for gf, _h in focus_headers}
    key_of = {f.abspath: key for key, pkg in packages.items() if pkg.directory in focus_dirs
              for f in pkg.files}
    focus_imports: dict[str, set[str]] = {}     # the reported files' imports, by package
    for gf, header in focus_headers:
        if gf.abspath in key_of:
            focus_imports.setdefault(key_of[gf.abspath], set()).update(header.import_paths)
    program_blank, context_may = table.program_blank, table.context_may

    def library_importers_of(key: str) -> tuple | None:
        """The unit's `library_importers`: asked only for the packages a
        worker analyses (a one-file check hashes its package's importers,
        not every internal package's)."""
        if key not in importing_libraries:
            return None
        found = []
        for q in importing_libraries[key]:
            for f in q.files:
                if f.abspath.endswith("_test.go"):
                    continue
                sha = hashes.get(f.abspath) if cache is not None else ""
                if sha is None:     # for the cache key only
                    try:
                        sha = hashes[f.abspath] = (
                            cache_mod.content_hash(_read(f, overrides)) if f.abspath in overrides
                            else _content_hash_of(f.abspath, cache,
                                                  stamps.get(f.abspath, False)))
                    except UnreadableFile:
                        continue
                found.append((f.abspath, sha))
        return tuple(sorted(found))
    registrations: dict[str, list[RegistrationSummary]] = {}
    directives: dict[str, list[suppress.Directive]] = {}

    def collect(findings, regs, dirs):
        result.findings.extend(findings)
        directives.update(dirs)
        for r in regs:
            registrations.setdefault(r.package, []).append(r)

    units = []
    pkg_hashes: dict[str, str] = {}
    # each package runs the rules of its closest configuration, and the
    # program rules that any configuration enables (their evidence comes
    # from every package; their findings are kept where they are enabled)
    profile_of = {key: configs.profile_for(pkg.directory) for key, pkg in packages.items()}
    program_codes = {r.code for p in set(profile_of.values()) for r in p.rules
                     if r.check_program is not None}
    by_path = {f.path: f.abspath for f in files}

    def abspath_of(path: str) -> str:
        return by_path.get(path) or os.path.normpath(os.path.join(cwd, path))

    idle: bool | None = None

    def programs_idle() -> bool:
        """A program rule reports at a registration (ProgramContext.report):
        a check of some files that hold none, and whose calls reach no
        dependency's, has nothing for them to report (the program's other
        packages are evidence only). Asked once the checked packages'
        registrations are all known."""
        nonlocal idle
        if idle is None:
            idle = reported is not None and not any(
                abspath_of(r.location.path) in reported
                for regs in registrations.values() for r in regs) and not any(
                _may_reach_dependencies(focus_imports[key], packages[key].module, deps)
                for key in focus_imports)
        return idle

    by_key = {pkg.key: pkg for pkg in packages.values()}
    units_by_key: dict[str, Unit] = {}

    def analyse(batch: list[Unit]) -> None:
        """Analyse the units (on workers when there are many), collect what
        they found, and cache the results of what they analysed."""
        units_by_key.update((u.key, u) for u in batch)
        for key, findings, regs, parsed, errors, dirs, seen, record in _map_units(
                batch, jobs, prefilter):
            collect(*(([], regs, {}) if units_by_key[key].context   # only its evidence
                      else (findings, regs, dirs)))
            result.files_parsed += parsed
            result.internal_errors.extend(errors)
            if progress is not None:
                progress.advance()
            pkg = by_key.get(key)
            # cached only when the worker analysed the very bytes the key was made
            # of (a file edited during the run is not cached with stale results)
            unit_files = units_by_key[key].files
            if cache is not None and key in pkg_hashes and not errors and \
                    not units_by_key[key].overrides and units_by_key[key].focus is None and \
                    all(seen.get(f.abspath) == hashes.get(f.abspath) for f in unit_files):
                files_of = cache_mod.Files.of(pkg.directory, unit_files, cwd, run_paths)
                try:
                    stored = {
                        "hash": pkg_hashes[key],
                        "context": _context_key(units_by_key[key]),
                        "findings": [cache_mod.finding_to_json(f, files_of) for f in findings],
                        "registrations": [cache_mod.registration_to_json(r, files_of) for r in regs],
                        "directives": cache_mod.directives_to_json(dirs, files_of),
                    }
                except ValueError:
                    stored = None     # a result about another file: not cacheable
                if stored is not None and record is not None:
                    try:
                        stored["reach"] = cache_mod.reach_to_json(
                            record, files_of, {f.abspath: hashes[f.abspath] for f in unit_files})
                    except (ValueError, KeyError):
                        pass          # (a file outside the package: kept without it)
                if stored is not None:
                    unit = units_by_key[key]
                    ckey = cache_mod.config_key(unit.codes, unit.settings, prefilter)
                    results = cache.entry(pkg.directory)["results"]
                    if ckey not in results:
                        # a few configurations per entry (a whole-tree check's, and
                        # the program rules' alone of an editor's context), the
                        # oldest dropped first
                        while len(results) >= CONFIGS_PER_ENTRY:
                            del results[next(iter(results))]
                        results[ckey] = {}
                    results[ckey][key] = stored
                    cache.mark_dirty(pkg.directory)

    # every package goes to a worker: which files to parse (if any) is
    # decided there, in parallel, from each rule's tokens. The checked
    # packages first: when their results all come from the cache and give
    # the program rules nothing to report, the context packages (evidence
    # for those rules only) are not even looked up
    context_of = table.context_packages
    decided = False
    for pkg in sorted(packages.values(), key=lambda pkg: context_of[pkg.key]):
        profile = profile_of[pkg.key]
        is_context = context_of[pkg.key]
        if reported is not None and not is_context and \
                all(f.abspath not in reported for f in pkg.files):
            continue
        if is_context and not decided:
            decided = True
            if units and reported is not None and program_codes and jobs == 1 and \
                    progress is None:
                # one process (an editor's check): the checked packages
                # first, whose registrations tell whether the context is needed
                analyse(units)
                units = []
            if not units and program_codes and programs_idle():
                break
        if is_context:
            # context: not checked; analysed only for the program rules whose
            # evidence its files may hold (its findings are dropped), and
            # cached like any package
            if not context_may.get(pkg.key):
                continue
            # (its files are named as a check of the whole tree names them)
            pkg_files = [GoFile(f.abspath, display_path(f.abspath, cwd)) for f in pkg.files]
            if cache is not None:
                for f in pkg_files:
                    try:
                        hashes[f.abspath] = _content_hash_of(f.abspath, cache)
                    except UnreadableFile:
                        pass
            unit = Unit(pkg.key, pkg_files, is_main=pkg.is_main,
                        package_class=classes[pkg.key],
                        program_blank_imports=program_blank.get(pkg.key, {}),
                        codes=tuple(sorted(context_may[pkg.key] & program_codes)),
                        settings=profile.settings, context=True)
        else:
            pkg_files = pkg.files
            unit = Unit(pkg.key, pkg.files, {f.abspath: overrides[f.abspath]
                                             for f in pkg.files if f.abspath in overrides},
                        is_main=pkg.is_main,
                        force=frozenset(f.abspath for f in pkg.files) if pkg.name is None
                        else frozenset(),
                        package_class=classes[pkg.key],
                        program_blank_imports=program_blank.get(pkg.key, {}),
                        codes=tuple(sorted(profile.codes | program_codes)),
                        settings=profile.settings,
                        library_importers=library_importers_of(pkg.key),
                        focus=frozenset(f.abspath for f in pkg.files if f.abspath in reported)
                        if reported is not None and any(f.abspath not in reported
                                                        for f in pkg.files) else None)
        ckey = cache_mod.config_key(unit.codes, unit.settings, prefilter) \
            if cache is not None else ""
        # a unit checking some of its files (a buffer, files named on the
        # command line) reads the whole package's cached results when every
        # file has the bytes they were made of, the findings of the other
        # files are dropped at the end; its own partial results are not
        # cached (below)
        if cache is not None and all(f.abspath in hashes for f in pkg_files):
            pkg_hashes[pkg.key] = cache_mod.package_hash(
                [(f.abspath, hashes[f.abspath]) for f in pkg_files])
            results = cache.entry(pkg.directory)["results"] if cache.read else {}
            keys = [ckey]
            if unit.context:
                # a context package's evidence (its registrations) is the
                # same in the results of a check of the whole tree, which
                # ran every rule of its configuration
                keys.append(cache_mod.config_key(tuple(sorted(profile.codes | program_codes)),
                                                 unit.settings, prefilter))
            for key in keys:
                hit = results.get(key, {}) if isinstance(results, dict) else None
                hit = hit.get(pkg.key) if isinstance(hit, dict) else None
                if isinstance(hit, dict) and hit.get("hash") == pkg_hashes[pkg.key]:
                    break
            # the package's class comes from the whole run (who imports it):
            # a cached result holds only for the class it was made for
            if isinstance(hit, dict) and hit.get("hash") == pkg_hashes[pkg.key] and \
                    hit.get("context") == _context_key(unit):
                files_of = cache_mod.Files.of(pkg.directory, pkg_files, cwd, run_paths)
                try:
                    loaded = ([cache_mod.finding_from_json(d, files_of) for d in hit["findings"]],
                              [cache_mod.registration_from_json(d, files_of)
                               for d in hit["registrations"]],
                              cache_mod.directives_from_json(hit["directives"], files_of))
                except (KeyError, TypeError, ValueError, AttributeError):
                    loaded = None  # a corrupt entry: analyse again and rewrite it
                if loaded is not None:
                    collect(*(([], loaded[1], {}) if unit.context else loaded))
                    continue
            if unit.focus is not None and isinstance(hit, dict):
                # the package's last whole check tells which roots cannot
                # reach the focus while the other files are unchanged
                unit.reach_record = _reach_record(hit, pkg, pkg_files, hashes, unit.focus, cwd)
        unit.make_record = cache is not None and unit.focus is None
        units.append(unit)

    if progress is not None:
        progress.start(len(units))
    analyse(units)
    if progress is not None:
        progress.stop()
    if cache is not None and save_cache:
        result.errors.extend(cache.save())

    all_rules = registry.load_rules(lazy=True)
    program_rules = [all_rules[c] for c in sorted(program_codes) if c in all_rules]
    if program_rules and programs_idle():
        program_rules = []
    if program_rules:
        # a check of some files: only the programs their packages are part of
        # (a program rule reports at its registrations, all in its packages)
        only = {key_of[p] for p in reported} \
            if reported is not None and all(p in key_of for p in reported) else None
        groups = program_groups(list(packages.values()), registrations, deps, cwd,
                                cache.directory if cache is not None else None, result.notes,
                                DEPS_BUDGET if deps_budget is None else deps_budget, only=only,
                                mains_and_lone=table.program_packages)
        for rule in program_rules:
            try:
                rule.check_program(ProgramContext(rule, groups, result.findings, settings))
            except (Exception, RecursionError) as exc:
                result.internal_errors.append(f"{rule.code}: internal error in its program "
                                              f"check: {exc.__class__.__name__}: {exc}")

    ran = set().union(*(p.codes for p in profile_of.values())) | program_codes \
        if profile_of else set(program_codes)
    findings = []
    for f in result.findings:
        where = abspath_of(f.path)
        profile = configs.profile_for(where)
        # a rule that ran elsewhere but not here (program rules, another
        # configuration's selection) reports nothing here
        if f.code in ran and f.code not in profile.codes:
            continue
        if profile.config.per_file_ignores and \
                f.code in ignored_codes(where, profile.config, all_rules):
            continue
        findings.append(f)
    findings = suppress.apply(findings, directives,
                              lambda path: configs.profile_for(abspath_of(path)).codes, all_rules)
    if reported is not None:
        findings = [f for f in findings if abspath_of(f.path) in reported]
    result.findings = sorted(findings, key=Finding.sort_key)
    return result


def _may_reach_dependencies(imports, module, deps: str) -> bool:
    """Whether a file with these imports, in a package of `module`, may
    call into a dependency (another module its go.mod requires): only such
    calls are registrations of the dependencies (dependency_registrations)."""
    if deps == "off" or module is None or module.gopath:
        return False
    # the standard library's paths have no dot in their first element
    others = [i for i in imports if "." in i.split("/", 1)[0]]
    if not others:
        return False
    from . import deps as deps_mod
    gomod = deps_mod.parse_gomod(module.root)
    if gomod is None:
        return False
    resolver = deps_mod.Resolver(gomod, deps)
    return any(resolver.module_of(i) is not None for i in others)


#: seconds a whole check may spend summarising dependencies (--deps-budget)
DEPS_BUDGET = 10.0
#: the same for a buffer check (editor, --stdin-filename): a small share of
#: its 150 ms; summaries are cached, so each check gets further
BUFFER_DEPS_BUDGET = 0.1
#: cached results of how many configurations a package's entry keeps
CONFIGS_PER_ENTRY = 3


def program_groups(packages: list[Package], registrations: dict[str, list[RegistrationSummary]],
                   deps: str = "off", cwd: str = ".", cache_dir: str | None = None,
                   notes: list[str] | None = None,
                   budget: float = DEPS_BUDGET, only: set[str] | None = None,
                   mains_and_lone: tuple | None = None) -> list[ProgramGroup]:
    """The programs of the run's packages, each with its registrations (its
    own packages' and, with `deps`, those its calls reach in dependencies),
    and each library no program imports with its own. `only`: the keys of
    the packages whose findings are wanted; a program none of them is part
    of is left out. `mains_and_lone`: project.programs(packages), when the
    caller has it."""
    from . import deps as deps_mod
    import time
    mains, lone = mains_and_lone if mains_and_lone is not None else programs(packages)
    if only is not None:
        mains = [(main, members) for main, members in mains
                 if any(m.key in only for m in members)]
        lone = [pkg for pkg in lone if pkg.key in only]
    groups = []
    missing: set[str] = set()
    # one store for the run: a package that many programs (or a diamond of
    # modules) import is summarised once
    store = deps_mod.SummaryCache(cache_dir, deadline=time.monotonic() + budget)
    resolvers: dict = {}
    for main, members in mains:
        regs = model.resolve_export_roots([r for m in members for r in registrations.get(m.key, ())],
                                          members)
        # a GOPATH workspace has no go.mod to resolve dependencies with
        if deps != "off" and main.module is not None and not main.module.gopath \
                and not main.standalone:
            regs += dependency_registrations(main, members, deps, cwd, store, missing, resolvers)
        label = main.import_path or (main.files[0].path if main.standalone
                                     else os.path.dirname(main.files[0].path) or ".")
        groups.append(ProgramGroup(label, regs))
    for pkg in lone:
        if pkg.key in registrations:
            label = pkg.import_path or os.path.dirname(pkg.files[0].path) or "."
            groups.append(ProgramGroup(label, registrations[pkg.key], "package"))
    if missing and notes is not None:
        names = sorted(missing)
        more = f" and {len(names) - 10} more" if len(names) > 10 else ""
        notes.append("dependencies not found (vendor/ or module cache), their signal handlers "
                      "are not seen: " + ", ".join(names[:10]) + more)
    if store.skipped and notes is not None:
        names = sorted(store.skipped)
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        notes.append(f"dependency analysis stopped after {budget:g} s (--deps-budget): signal "
                     "handlers in " + ", ".join(names[:5]) + more + " are not seen in this run; "
                     "summaries are cached, so the next run goes further")
    return groups


def _analyse_dependency(directory: str, import_path: str, lookup) -> dict:
    """A dependency package's summary made from its source (tree-sitter:
    imported only when a summary is not in the cache)."""
    from .depsource import analyse_package
    return analyse_package(directory, import_path, lookup)


def dependency_registrations(main: Package, members: list[Package], mode: str, cwd: str,
                             store, missing: set[str], resolvers: dict | None = None
                             ) -> list[RegistrationSummary]:
    """Signal registrations that the program's own calls reach inside its
    dependencies, located at those calls. `resolvers`: per module root, the
    run's resolver (the programs of one module share it)."""
    from . import deps as deps_mod
    root = main.module.root
    if resolvers is not None and root in resolvers:
        resolver = resolvers[root]
    else:
        gomod = deps_mod.parse_gomod(root)
        resolver = deps_mod.Resolver(gomod, mode) if gomod is not None else None
        if resolvers is not None:
            resolvers[root] = resolver
    if resolver is None:
        return []
    own = {m.import_path for m in members}
    summaries = {}
    for imp in sorted({i for m in members for i in m.imports} - own):
        if resolver.module_of(imp) is None:
            continue   # the standard library, or a package of this module
        try:
            summary = deps_mod.summary_for(resolver, imp, store, _analyse_dependency)
        except deps_mod.OutOfTime:
            store.skipped.add(imp)
            continue
        if summary is not None and (summary["entries"] or summary["results"]):
            summaries[imp] = summary
    missing |= resolver.missing
    if not any(s["entries"] for s in summaries.values()):
        return []
    out = []
    for member in members:
        for gf in member.files:
            if gf.abspath.endswith("_test.go"):
                continue
            try:
                data = read_go_bytes(gf.abspath)
            except UnreadableFile:
                continue
            if not any(f'"{p}"'.encode() in data for p in summaries):
                continue
            from .depsource import calls_into   # tree-sitter: only when a file is analysed here
            from .source import SourceFile
            f = SourceFile(gf.path, data, gf.abspath)
            for call, summary, entry, note in calls_into(f, summaries):
                from .rule import location_of
                from .project import display_path
                reg_path, line, col = entry["registration"]
                through = entry.get("through", "")
                via = Location(display_path(reg_path, cwd), line, col, line, col, col, col,
                               f"signal.{entry['func']} in {through or summary['module']}")
                out.append(RegistrationSummary(
                    location_of(f, call.start_byte, call.end_byte), entry["func"],
                    frozenset(entry["signals"]), None, None, member.key, f.name, f.constraint,
                    via=via, dependency=f"{summary['module']}@{summary['version']}"
                    + (f" (via {through})" if through else ""),
                    callee=call.child_by_field_name("function").text.decode(),
                    action=entry["action"], note=note))
    return out


#: a check with at least this many files to read reads them in workers
READ_AHEAD_FILES = 400


def _read_ahead(paths: list[str], codes: tuple, jobs) -> dict:
    """{path: (content hash, header, {code: may the rule fire} or None)} of
    the files that workers could read and whose headers they could read
    (those that fail are left to the caller, which notes why); empty with
    one job."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1:
        return {}
    chunks = [(paths[i:i + 100], codes) for i in range(0, len(paths), 100)]
    out: dict = {}
    for part in _in_workers(_headers_of, chunks, jobs, ordered=False):
        out.update(part)
    return out


def _headers_of(chunk: tuple) -> dict:
    """Worker: _read_ahead for some files."""
    paths, codes = chunk
    rules = None
    if codes:
        all_rules = registry.load_rules(lazy=True)
        if any(c not in all_rules for c in codes):
            return {}        # (a rule the caller registered alone: it reads them)
        rules = [all_rules[c] for c in codes]
    out = {}
    for path in paths:
        try:
            data = read_go_bytes(path)
            header = read_header(data)
            may = _prefilter_answers(rules, os.path.basename(path), data, header) \
                if rules is not None else None
        except (Exception, RecursionError):
            continue         # read again by the caller, which reports why
        out[path] = (cache_mod.content_hash(data), header, may)
    return out


def _map_units(units: list[Unit], jobs, prefilter=True):
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(units) < 8:
        for u in units:
            yield analyse_unit(u, prefilter)
        return
    # biggest packages first so that no worker is left with a giant at the end
    units = sorted(units, key=lambda u: -len(u.files))
    yield from _in_workers(partial(analyse_unit, prefilter=prefilter), units, jobs, chunksize=4)


def _in_workers(fn, items, jobs: int, chunksize: int = 1, ordered: bool = True):
    """`fn` of each item on `jobs` worker processes, the results as they come
    (in the items' order when `ordered`)."""
    import multiprocessing        # here: a one-file check never starts workers
    pool = multiprocessing.Pool(jobs, initializer=_worker_init)
    try:
        yield from (pool.imap if ordered else pool.imap_unordered)(fn, items, chunksize=chunksize)
    except BaseException:
        # Ctrl-C, SIGTERM, a closed pipe: the workers stop now, not after
        # the queued items
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _worker_init() -> None:
    """A worker leaves Ctrl-C to the main process (which stops it; no
    traceback per worker) and dies with it, whatever kills the main process."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)   # not the main process's handler
    _die_with_parent()


def _die_with_parent() -> None:
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        if libc.prctl(PR_SET_PDEATHSIG, 15) == 0:   # SIGTERM when the parent dies
            if os.getppid() == 1:                     # it died before prctl
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    # not Linux: a thread that ends the worker when its parent is gone
    import threading
    import time
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def check_buffer(target: str, data: bytes, rules: list[Rule], settings: Settings, *,
                 config: Config | None = None, cwd: str | None = None,
                 prefilter: bool = True, cache_dir: str | None = None,
                 deps_budget: float = BUFFER_DEPS_BUDGET,
                 configs: Configs | None = None, cache: "cache_mod.Cache | None" = None,
                 save_cache: bool = True, trust_context: bool | str = False) -> CheckResult:
    """Check one file's (unsaved) content, reading the rest of its package
    from disk; only the buffer's own findings are kept. The cache: `cache`,
    else one in `cache_dir`; `save_cache` and `trust_context` as for
    run_check."""
    cwd = cwd or os.getcwd()
    target = os.path.normpath(os.path.join(cwd, target))
    # a new file in a directory not created yet: the buffer is its package
    here = [os.path.dirname(target)] if os.path.isdir(os.path.dirname(target)) else []
    # the package's module (or GOPATH repository) says what the package is:
    # who imports it, which programs hold it; as a check of the whole tree would
    around = context_root(here[0], ModuleFinder()) if here else None
    result = run_check(here, rules, settings, jobs=1, cwd=cwd,
                       context=[around] if around else [],
                       overrides={target: data}, prefilter=prefilter, config=config,
                       recursive=False, extra_files=[target], focus_files={target},
                       cache=cache if cache is not None
                       else cache_mod.Cache(cache_dir) if cache_dir else None,
                       deps_budget=deps_budget, configs=configs, save_cache=save_cache,
                       trust_context=trust_context)
    return result

"""From paths to packages, modules and programs.

Discovery follows the interface spec: `*.go` below each PATH, skipping
vendor/, testdata/, node_modules/, hidden directories and names starting
with `_` (the go tool ignores those: `_examples/`, `_gen/`) unless a PATH
names them. Packages are a directory plus a package clause; modules come
from the nearest `go.mod` (else, in a GOPATH tree, from the nearest `src`
directory above); programs are `main` packages plus what they import,
transitively, from the packages of the run.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

from .config import CONFIG_NAMES
from .records import datatype, field
from .safeio import GOMOD_LIMIT, read_bounded

SKIP_DIRS = frozenset({"vendor", "testdata", "node_modules"})


from .errors import UsageError  # noqa: E402,F401  (its home; re-exported here)


@datatype(frozen=True)
class GoFile:
    abspath: str
    path: str          # as reported: relative to the working directory when below it


def display_path(abspath: str, cwd: str) -> str:
    """`abspath` relative to `cwd` when it is below it, else absolute (the
    directory part is computed once per directory: runs show 100,000s)."""
    directory, name = os.path.split(abspath)
    shown = _display_dir(directory, cwd)
    if shown is None:
        return abspath          # its directory is not below cwd: nor is it
    return os.path.join(shown, name) if shown != "." else name


@lru_cache(maxsize=4096)
def _display_dir(directory: str, cwd: str) -> str | None:
    rel = _display(directory, cwd)
    return None if os.path.isabs(rel) or rel == os.pardir else rel


def _display(abspath: str, cwd: str) -> str:
    rel = os.path.relpath(abspath, cwd)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return abspath
    return rel


def _is_dir(entry: os.DirEntry) -> bool:
    """os.path.isdir of a listed entry (a link to a directory is one)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def skip_dir(name: str) -> bool:
    return name in SKIP_DIRS or name.startswith((".", "_"))


def discover(paths: list[str], cwd: str, is_excluded=None, force_exclude: bool = False,
             recursive: bool = True, is_named_excluded=None,
             unreadable: list[tuple[str, str]] | None = None) -> list[GoFile]:
    """The Go files named by PATHs, in a stable order. Missing paths: UsageError.
    Directories that cannot be listed go to `unreadable` as (display path,
    reason): the run says so instead of checking less without a word.

    `is_excluded(abspath)` prunes walked directories and files; paths named
    on the command line are exempt unless `force_exclude`."""
    if is_excluded is None:
        def is_excluded(p: str) -> bool:
            return skip_dir(os.path.basename(p))
    seen: set[str] = set()
    out: list[GoFile] = []

    def add(abspath: str) -> None:
        if abspath not in seen:
            seen.add(abspath)
            out.append(GoFile(abspath, display_path(abspath, cwd)))

    for raw in paths:
        abspath = os.path.normpath(os.path.join(cwd, raw))
        if not os.path.lexists(abspath):
            raise UsageError(f"{raw}: no such file or directory")
        if force_exclude and (is_named_excluded or is_excluded)(abspath):
            continue
        if os.path.isdir(abspath):
            if os.path.islink(abspath) or not recursive:
                # a symlink to a directory named on the command line: follow it once
                try:
                    # (the entries' types from the listing: no stat of each)
                    with os.scandir(abspath) as listing:
                        entries = sorted((e.name, e.path) for e in listing
                                         if e.name.endswith(".go") and not _is_dir(e))
                except OSError as exc:
                    if unreadable is not None:
                        unreadable.append((display_path(abspath, cwd), exc.strerror or str(exc)))
                    continue
                for _name, full in entries:
                    if not is_excluded(full):
                        add(full)
                continue
            found = []
            def failed(exc: OSError) -> None:
                if unreadable is not None:
                    where = exc.filename if isinstance(exc.filename, str) else abspath
                    unreadable.append((display_path(where, cwd), exc.strerror or str(exc)))
            for dirpath, dirnames, filenames in os.walk(abspath, onerror=failed,
                                                        followlinks=False):
                dirnames[:] = sorted(d for d in dirnames
                                     if not is_excluded(os.path.join(dirpath, d)))
                found.extend(os.path.join(dirpath, f) for f in filenames
                             if f.endswith(".go") and not is_excluded(os.path.join(dirpath, f)))
            for f in sorted(found):
                add(f)
        else:
            add(abspath)
    return out


#: directory listings of context trees: path -> (mtime_ns, subdirectories,
#: .go files, holds a go.mod, holds a file a configuration may be read from
#: (config.CONFIG_NAMES)), listed again when the directory's mtime changes (a file
#: added, removed or renamed in it); for a process that checks buffer after
#: buffer (the language server)
_listings: dict[str, tuple[int, list[str], list[str], bool, bool]] = {}
LISTINGS_KEPT = 50_000


def saved_listings(walked: list[tuple[str, int, bool]]) -> dict:
    """The listings of the `walked` directories, to keep in a cache: a new
    process then stats each directory instead of listing it."""
    out = {}
    for directory, mtime, _gomod in walked:
        listing = _listings.get(directory)
        if listing is not None and listing[0] == mtime:
            out[directory] = list(listing)
    return out


def adopt_listings(saved) -> None:
    """Take listings a cache kept (saved_listings) for the directories not
    listed yet; each is used only while its directory's mtime is the one
    recorded (an entry added, removed or renamed changes it)."""
    if not isinstance(saved, dict):
        return
    for directory, got in saved.items():
        if directory in _listings:
            continue
        try:
            mtime, subdirs, gos, gomod, configured = got
        except (TypeError, ValueError):
            continue
        if type(mtime) is int and type(subdirs) is list and type(gos) is list and \
                all(_plain_name(n) for n in subdirs) and all(_plain_name(n) for n in gos):
            if len(_listings) >= LISTINGS_KEPT:
                return
            _listings[directory] = (mtime, subdirs, gos, bool(gomod), bool(configured))


def _plain_name(name) -> bool:
    """A directory entry's name, not a path (a cache is data, not a map of
    where to read)."""
    return type(name) is str and name not in ("", ".", "..") and os.sep not in name \
        and "\0" not in name


def context_files(root: str, is_excluded, names_excluded=None,
                  walked: list | None = None) -> list[str]:
    """The .go files below `root` a walk of the tree would check (the
    directories and files `is_excluded` prunes are left out), by absolute
    path; symbolic links to directories are not followed.
    `names_excluded(directory, configured)`, when given, may return a
    predicate on the names of a directory's entries that answers as
    `is_excluded` does (asked once per directory: a module has thousands of
    files); `configured` is False when the directory holds none of the
    files a configuration may be read from (config.CONFIG_NAMES).
    `walked`, when given, gets (directory, mtime, holds a go.mod) for each
    directory walked: what the tree's modules are depends on no more."""
    out: list[str] = []
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            mtime = os.stat(directory).st_mtime_ns
        except OSError:
            continue
        listing = _listings.get(directory)
        if listing is None or listing[0] != mtime:
            subdirs, gos, gomod, configured = [], [], False, False
            try:
                with os.scandir(directory) as entries:
                    for e in entries:
                        try:
                            if e.is_dir(follow_symlinks=False):
                                subdirs.append(e.name)
                                configured = configured or e.name in CONFIG_NAMES
                            elif e.name.endswith(".go") and not e.is_dir():
                                gos.append(e.name)
                            elif e.name == "go.mod":
                                gomod = True
                            elif e.name in CONFIG_NAMES:
                                configured = True
                        except OSError:
                            continue
            except OSError:
                continue
            if len(_listings) >= LISTINGS_KEPT:
                _listings.clear()
            listing = _listings[directory] = (mtime, sorted(subdirs), sorted(gos), gomod,
                                              configured)
        if walked is not None:
            walked.append((directory, mtime, listing[3]))
        by_name = names_excluded(directory, listing[4]) if names_excluded is not None else None
        if by_name is not None:
            # (os.path.join for thousands of names, without its checks: an
            # entry's name is never absolute nor empty)
            prefix = directory if directory.endswith(os.sep) else directory + os.sep
            stack.extend(prefix + n for n in reversed(listing[1]) if not by_name(n))
            out.extend(prefix + n for n in listing[2] if not by_name(n))
            continue
        for name in reversed(listing[1]):
            path = os.path.join(directory, name)
            if not is_excluded(path):
                stack.append(path)
        out.extend(path for path in (os.path.join(directory, n) for n in listing[2])
                   if not is_excluded(path))
    return out


# --- modules ------------------------------------------------------------------

_MODULE = re.compile(rb'^\s*module\s+"?([^\s"]+)"?', re.M)


@datatype(frozen=True)
class Module:
    """A `go.mod` module, or a GOPATH workspace (`gopath`: `root` is a `src`
    directory, `path` is empty, import paths are paths below `root`)."""
    root: str
    path: str
    gopath: bool = False


class ModuleFinder:
    """The module of a directory: the nearest `go.mod` above it, else the
    GOPATH workspace of the nearest directory named `src` above it (Go's
    GOPATH layout, as Debian's /usr/share/gocode/src), else None.

    A whole GOPATH `src` tree is one workspace, as it is for the Go tool
    in GOPATH mode: a program there takes in every package of the run below
    the same `src` that it imports, and no dependency is followed (there is
    no `go.mod` to say which versions)."""

    def __init__(self):
        self._cache: dict[str, Module | None] = {}

    def find(self, directory: str) -> Module | None:
        return self._gomod(directory) or self._gopath(directory)

    def _gomod(self, directory: str) -> Module | None:
        if directory in self._cache:
            return self._cache[directory]
        gomod = os.path.join(directory, "go.mod")
        result = None
        if os.path.isfile(gomod):
            try:
                m = _MODULE.search(read_bounded(gomod, GOMOD_LIMIT)[:65536])
                result = Module(directory, m.group(1).decode()) if m else None
            except OSError:
                result = None
        else:
            parent = os.path.dirname(directory)
            result = self._gomod(parent) if parent != directory else None
        self._cache[directory] = result
        return result

    @staticmethod
    def _gopath(directory: str) -> Module | None:
        src = _src_above(directory)
        return Module(src, "", gopath=True) if src is not None else None


@lru_cache(maxsize=4096)
def _src_above(directory: str) -> str | None:
    """The nearest directory named `src` at or above `directory`."""
    while os.path.basename(directory) != "src":
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
    return directory


# --- packages -----------------------------------------------------------------

@datatype
class Package:
    key: str
    directory: str
    name: str | None
    files: list[GoFile] = field(default_factory=list)
    module: Module | None = None
    import_path: str | None = None
    imports: set[str] = field(default_factory=set)   # of non-test files
    standalone: bool = False

    @property
    def is_main(self) -> bool:
        return self.name == "main"


#: GOPATH hosts whose repositories are three segments deep (host/owner/repo)
_THREE_SEGMENT_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "golang.org")


def context_root(directory: str, modules: "ModuleFinder") -> str | None:
    """The tree whose packages say what a package of `directory` is (who
    imports it, which programs it is part of): its module's root; in a
    GOPATH workspace, its repository (`src/github.com/owner/repo`,
    `src/go.etcd.io/etcd`: the workspace holds many projects); None
    without either."""
    module = modules.find(directory)
    if module is None:
        return None
    if not module.gopath:
        return module.root
    rel = os.path.relpath(directory, module.root)
    if rel == ".":
        return None
    parts = rel.split(os.sep)
    depth = 3 if parts[0] in _THREE_SEGMENT_HOSTS else (2 if "." in parts[0] else 1)
    return os.path.join(module.root, *parts[:depth])


def package_key(directory: str, name: str | None, standalone_file: str | None) -> str:
    if standalone_file is not None:
        return f"{standalone_file}#standalone"
    return f"{directory}#{name}"


def import_path_of(directory: str, module: Module | None) -> str | None:
    """The module path plus the directory below the module root; in a GOPATH
    workspace, the directory below `src` (a package in `src` itself has
    none); in the standard library (`module std`, GOROOT/src), the
    directory below it: `net/http`, not `std/net/http`."""
    if module is None:
        return None
    prefix = "" if module.path == "std" else module.path
    root = module.root.rstrip(os.sep) + os.sep
    # (a directory below the root, both absolute: no relpath, which is slow)
    rel = (directory[len(root):].rstrip(os.sep) or ".") \
        if directory.startswith(root) and os.path.isabs(directory) \
        else os.path.relpath(directory, module.root)
    if rel == ".":
        return prefix or None
    rel = rel.replace(os.sep, "/")
    return prefix + "/" + rel if prefix else rel


def programs(packages: list[Package]) -> tuple[list[tuple[Package, list[Package]]], list[Package]]:
    """Each main package with the run's packages it imports transitively
    (same module only), and the library packages no main imports.

    An import is looked up by (module, import path), never by import path
    alone: two trees of the run that declare the same module path (a
    service and its copy side by side) are two modules, and each program
    takes in its own tree's packages."""
    by_path: dict[tuple[Module, str], Package] = {}
    for p in packages:
        if p.module is not None and p.import_path and not p.standalone and p.name \
                and not p.name.endswith("_test"):
            by_path.setdefault((p.module, p.import_path), p)
    result = []
    imported: set[str] = set()
    for p in packages:
        if not p.is_main:
            continue
        members = [p]
        if p.module is not None and not p.standalone:
            seen = {p.key}
            stack = [p]
            while stack:
                cur = stack.pop()
                for imp in sorted(cur.imports):
                    dep = by_path.get((p.module, imp))
                    if dep is None or dep.key in seen:
                        continue
                    seen.add(dep.key)
                    members.append(dep)
                    stack.append(dep)
        imported.update(m.key for m in members)
        result.append((p, members))
    lone = [p for p in packages if p.key not in imported]
    return result, lone

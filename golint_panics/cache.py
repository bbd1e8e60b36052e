"""The result cache: one JSON entry per directory, written atomically.

The cache directory may have been written by someone else (a repository can
commit `.golint-panics-cache/`), so an entry is input, not truth:

- every entry carries an HMAC-SHA256 made with a random key that lives
  outside the repository, in the user's cache directory
  (`$XDG_CACHE_HOME/golint-panics/key`, else `~/.cache/golint-panics/key`,
  created with mode 0600; sealed.py); an entry whose tag does not verify
  is a miss;
- entries are read only as regular files of bounded size, never through a
  symbolic link, and the cache is not written through symbolic links;
- findings in an entry name files by their base name only, and only the
  files of the package the entry is keyed by: the paths a run reports
  come from the run;
- `--fix` never takes results (and so fixes) from the cache.

An entry remembers, for each Go file of the directory, its content hash
and header (package clause, imports, build constraint), and for each
package and configuration the raw results of analysing it (findings
before suppression, signal registrations, suppression directives). A
package's results are reused when the content hashes of all its files,
the tool version, the enabled rules and the settings are unchanged: the
package's sources are the (conservative) key for the package facts its
files depend on. JSON, never pickle: a cache directory committed to a
repository must not be able to run code. A corrupt or foreign entry is
ignored and rewritten.
"""
from __future__ import annotations

import hashlib
import json
import os
import time

from . import __version__
from .atomic import write_atomic, write_new
from .safeio import is_real_dir
from .sealed import read_entry_file, safe_dirs, seal

CACHE_DIR_NAME = ".golint-panics-cache"
FORMAT = 8


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: a file changed less than this long before it was stamped may change again
#: within its timestamp's granularity without its stamp changing (git's
#: "racily clean" entries): its stamp is not recorded
RACY_NS = 2_000_000_000


def file_stamp(path: str) -> list[int] | None:
    """What says a file is unchanged since its content hash was recorded:
    its mtime, ctime (which every write and chmod moves, and no tool
    sets), size and inode; None when it cannot be stat'ed. Taken before
    the file is read, so that a change during the read moves it."""
    return file_stamps((path,))[path]


def file_stamps(paths) -> dict[str, list[int] | None]:
    """file_stamp of each path, by path (a check stats thousands of context
    files: one loop, no call per file)."""
    out: dict[str, list[int] | None] = {}
    stat = os.stat
    for path in paths:
        try:
            st = stat(path)
        except (OSError, ValueError):
            out[path] = None
            continue
        out[path] = [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]
    return out


#: decoded cache entries, for how many entry files: a process that checks
#: again and again (the language server, whose every check reads the
#: package's entry and those of its programs' packages) sets it. Kept with
#: the entry file's stamp (and the code digest they were read under): a
#: file written since, by this process or another, is read again. The
#: checks of the process share the decoded dicts: what one adds to an
#: entry (results, file records) is what it writes to it.
KEEP_ENTRIES = 0
_DECODED: dict[str, tuple] = {}


def _entry_stamp(path: str) -> tuple | None:
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_mode


def _keep_decoded(path: str, stamp: tuple, code: str, entry: dict) -> None:
    _DECODED.pop(path, None)
    while len(_DECODED) >= KEEP_ENTRIES:
        del _DECODED[next(iter(_DECODED))]
    _DECODED[path] = (stamp, code, entry)


def recordable(stamp: list[int] | None) -> bool:
    """May `stamp` (file_stamp) stand for the content read after it?"""
    return stamp is not None and time.time_ns() - max(stamp[0], stamp[1]) > RACY_NS


def config_key(codes, settings, prefilter: bool) -> str:
    blob = json.dumps({"version": __version__, "format": FORMAT, "codes": sorted(codes),
                       "strict_go": settings.strict_go,
                       "recover_helpers": sorted(settings.recover_helpers),
                       "goroutine_launchers": sorted(settings.goroutine_launchers),
                       "rule_options": settings.rule_options,
                       "include_generated": settings.include_generated,
                       "test_support": settings.test_support,
                       "prefilter": prefilter}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def package_hash(files: list[tuple[str, str]]) -> str:
    """Hash of a package's sources: (path, content hash) pairs."""
    h = hashlib.sha256()
    for path, sha in sorted(files):
        h.update(path.encode("utf-8", "surrogateescape") + b"\0" + sha.encode() + b"\n")
    return h.hexdigest()


class Cache:
    def __init__(self, directory: str, *, read: bool = True):
        self.directory = directory
        #: False: results are never served (--fix), entries are still refreshed
        self.read = read
        self._entries: dict[str, dict] = {}
        self._dirty: set[str] = set()
        self._later: dict[str, object] = {}
        self._code_digest: str | None = None

    def _code(self) -> str:
        """The code the findings come from (registry.code_digest): an entry
        made by other code holds nothing."""
        if self._code_digest is None:
            from .registry import code_digest
            self._code_digest = code_digest()
        return self._code_digest

    def _path(self, go_dir: str) -> str:
        name = hashlib.sha256(go_dir.encode("utf-8", "surrogateescape")).hexdigest()[:40]
        return os.path.join(self.directory, f"v{FORMAT}", name[:2], name + ".json")

    def entry(self, go_dir: str) -> dict:
        """The entry of a directory (empty when missing, corrupt or foreign)."""
        if go_dir in self._entries:
            return self._entries[go_dir]
        entry = None
        path = self._path(go_dir)
        real = is_real_dir(self.directory)
        stamp = _entry_stamp(path) if KEEP_ENTRIES and real else None
        kept = _DECODED.get(path) if stamp is not None else None
        if kept is not None and kept[0] == stamp and kept[1] == self._code():
            self._entries[go_dir] = kept[2]
            return kept[2]
        payload = read_entry_file(path) if real else None
        if payload is not None:
            try:
                entry = json.loads(payload)
            except (ValueError, UnicodeDecodeError, RecursionError):
                entry = None
            if not (isinstance(entry, dict) and entry.get("format") == FORMAT
                    and entry.get("version") == __version__ and entry.get("dir") == go_dir
                    and entry.get("code") == self._code()
                    and isinstance(entry.get("files"), dict)
                    and isinstance(entry.get("results"), dict)):
                entry = None
        if entry is None:
            entry = {"format": FORMAT, "version": __version__, "code": self._code(),
                     "dir": go_dir, "files": {}, "results": {}}
        elif stamp is not None:
            _keep_decoded(path, stamp, self._code(), entry)
        self._entries[go_dir] = entry
        return entry

    def mark_dirty(self, go_dir: str) -> None:
        self._dirty.add(go_dir)

    def later(self, go_dir: str, fill) -> None:
        """Mark an entry dirty, `fill(entry)` to be called when it is written
        (work a caller that saves after answering need not wait for)."""
        self._later[go_dir] = fill
        self._dirty.add(go_dir)

    def save(self) -> list[str]:
        """Write the changed entries; returns problems (never raises)."""
        problems = []
        if not self._dirty:
            return problems
        later, self._later = self._later, {}
        for go_dir, fill in later.items():
            try:
                fill(self.entry(go_dir))
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                self._dirty.discard(go_dir)
                problems.append(f"cache entry for {go_dir}: {exc}")
        try:
            parent = os.path.dirname(os.path.abspath(self.directory))
            os.makedirs(parent, exist_ok=True)
            if not os.path.lexists(self.directory):
                os.mkdir(self.directory)
            if not is_real_dir(self.directory):
                self._dirty.clear()
                return [f"cache {self.directory}: not a directory (a symbolic link?); not written"]
            ignore = os.path.join(self.directory, ".gitignore")
            if not os.path.lexists(ignore):
                fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_NOFOLLOW", 0), 0o644)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write("# created by golint-panics\n*\n")
        except OSError as exc:
            self._dirty.clear()
            return [f"cache {self.directory}: {exc.strerror or exc}"]
        ready = []
        for go_dir in sorted(self._dirty):
            path = self._path(go_dir)
            try:
                if not safe_dirs(self.directory, path):
                    problems.append(f"cache entry for {go_dir}: a directory of the cache is a "
                                    "symbolic link or not a directory; not written")
                    continue
                data = json.dumps(self._entries[go_dir], separators=(",", ":")).encode("utf-8")
                ready.append((go_dir, path, seal(data)))
            except (OSError, TypeError, ValueError) as exc:
                problems.append(f"cache entry for {go_dir}: {exc}")
        self._dirty.clear()
        if len(ready) >= PARALLEL_WRITES:
            # creating a file is the kernel's work, not the interpreter's:
            # a cold check writes thousands of entries, on two threads
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(min(4, os.cpu_count() or 1)) as pool:
                outcomes = list(pool.map(_write_entry, ready, chunksize=16))
        else:
            outcomes = [_write_entry(item) for item in ready]
        for (go_dir, path, _sealed), problem in zip(ready, outcomes):
            if problem is not None:
                problems.append(f"cache entry for {go_dir}: {problem}")
            elif KEEP_ENTRIES:
                # what was just written is the entry as decoded
                stamp = _entry_stamp(path)
                if stamp is not None:
                    _keep_decoded(path, stamp, self._code(), self._entries[go_dir])
        return problems


#: a save of at least this many entries writes them on several threads
PARALLEL_WRITES = 64


def _write_entry(item: tuple) -> "OSError | None":
    _go_dir, path, sealed = item
    try:
        # sealed: a file torn by a crash fails its seal and is made again
        if not write_new(path, sealed):
            write_atomic(path, sealed, private=True, durable=False)
    except OSError as exc:
        return exc
    return None


# --- (de)serialising results ------------------------------------------------------

def _tuple_tree(value):
    if isinstance(value, list):
        return tuple(_tuple_tree(v) for v in value)
    return value


class Files:
    """The files a package's cached results may speak of: its own, by base
    name. Paths shown come from the run (`shown`: base name -> the path the
    run reports for it), never from the entry."""

    def __init__(self, directory: str, shown: dict[str, str], cwd: str,
                 run_paths: frozenset = frozenset()):
        self.directory = directory
        self.shown = shown
        self.cwd = cwd
        #: the paths the run shows for all its files: a related location may
        #: name one of them (the blank import of pprof in another package)
        self.run_paths = run_paths

    @classmethod
    def of(cls, directory: str, go_files, cwd: str, run_paths: frozenset = frozenset()
           ) -> "Files":
        return cls(directory, {os.path.basename(f.abspath): f.path for f in go_files}, cwd,
                   run_paths)

    def related_name(self, path: str) -> str:
        """A related location's file: by base name in the package, else
        "@" + the path the run shows for it."""
        try:
            return self.name(path)
        except ValueError:
            if path in self.run_paths:
                return "@" + path
            raise

    def related_path(self, name) -> str:
        if isinstance(name, str) and name.startswith("@") and name[1:] in self.run_paths:
            return name[1:]
        return self.path(name)

    def name(self, path: str) -> str:
        full = os.path.normpath(os.path.join(self.cwd, path))
        name = os.path.basename(full)
        if os.path.dirname(full) != self.directory or name not in self.shown:
            raise ValueError(f"{path} is not a file of the package")
        return name

    def path(self, name) -> str:
        shown = self.shown.get(name) if isinstance(name, str) else None
        if shown is None:
            raise ValueError("a cached result names a file outside its package")
        return shown


def location_to_json(loc, files: Files, related: bool = False) -> list:
    return [files.related_name(loc.path) if related else files.name(loc.path), loc.line, loc.column, loc.end_line, loc.end_column,
            loc.column_utf16, loc.end_column_utf16, loc.message, loc.source_line,
            loc.source_column]


def location_from_json(data, files: Files, related: bool = False):
    from .rule import Location
    if not isinstance(data, list) or len(data) != 10 or \
            not all(isinstance(v, int) and v >= 0 for v in data[1:7]) or \
            not all(isinstance(v, str) for v in data[7:9]) or \
            not isinstance(data[9], int) or isinstance(data[9], bool) or data[9] < 1:
        raise ValueError("malformed location")
    return Location(files.related_path(data[0]) if related else files.path(data[0]), *data[1:])


def finding_to_json(f, files: Files) -> dict:
    d = {"c": f.code, "n": f.name, "m": f.message, "s": f.severity,
         "l": location_to_json(f.location, files),
         "r": [location_to_json(r, files, related=True) for r in f.related]}
    if f.fix is not None:
        d["x"] = [f.fix.message, f.fix.start, f.fix.end, f.fix.replacement, f.fix.digest]
    if f.flow:
        d["f"] = [location_to_json(r, files, related=True) for r in f.flow]
    return d


def finding_from_json(d, files: Files):
    from .rule import Finding, Fix
    fix = Fix(*d["x"]) if "x" in d else None
    return Finding(d["c"], d["n"], d["m"], d["s"], location_from_json(d["l"], files),
                   tuple(location_from_json(r, files, related=True) for r in d["r"]), fix,
                   tuple(location_from_json(r, files, related=True) for r in d.get("f", ())))


def _key_to_json(key, files: Files):
    if key is None:
        return None
    path, _, offset = key.rpartition(":")
    return f"{files.name(path)}:{offset}"


def _key_from_json(key, files: Files):
    if key is None:
        return None
    name, _, offset = key.rpartition(":")
    return f"{files.path(name)}:{offset}"


def registration_to_json(r, files: Files) -> dict:
    return {"l": location_to_json(r.location, files), "f": r.func, "s": sorted(r.signals),
            "c": r.channel, "k": _key_to_json(r.function_key, files), "p": r.package,
            "n": r.file_name, "b": r.constraint,
            "r": sorted(_label_to_json(label, files) for label in r.roots),
            "x": sorted(_key_to_json(k, files) for k in r.released),
            "e": sorted([_key_to_json(k, files), recv, name] for k, recv, name in r.exports)}


def _label_to_json(label: tuple, files: Files) -> list:
    """A root label (kind,) / (kind, key) / (kind, key, arms or None) as JSON,
    its function key by base name."""
    out: list = [label[0]]
    if len(label) > 1:
        out.append(_key_to_json(label[1], files))
    if len(label) > 2:
        arms = label[2]
        out.append(None if arms is None else [arms[0], list(arms[1])])
    return out


def _label_from_json(label, files: Files) -> tuple:
    """A root label: (kind,) / (kind, key) / (kind, key, arms or None)."""
    out = (str(label[0]),)
    if len(label) > 1:
        out += (_key_from_json(label[1], files),)
    if len(label) > 2:
        arms = label[2]
        out += (None if arms is None else (int(arms[0]), tuple(int(n) for n in arms[1])),)
    return out


def registration_from_json(d, files: Files):
    from .rule import RegistrationSummary
    return RegistrationSummary(location_from_json(d["l"], files), d["f"], frozenset(d["s"]),
                               d["c"], _key_from_json(d["k"], files), d["p"], d["n"],
                               _tuple_tree(d["b"]),
                               roots=frozenset(_label_from_json(label, files)
                                               for label in d["r"]),
                               released=frozenset(_key_from_json(k, files) for k in d["x"]),
                               exports=frozenset((_key_from_json(k, files), recv, name)
                                                 for k, recv, name in d.get("e", ())))


def directives_to_json(dirs: dict, files: Files) -> dict:
    return {files.name(path): [{"k": d.kind, "l": location_to_json(d.location, files),
                                "t": d.target_line,
                                "c": None if d.codes is None else sorted(d.codes),
                                "e": d.explicit, "r": d.reason, "p": d.prefix} for d in ds]
            for path, ds in dirs.items()}


def directives_from_json(data: dict, files: Files) -> dict:
    from .suppress import Directive
    return {files.path(name): [Directive(d["k"], location_from_json(d["l"], files), d["t"],
                                         None if d["c"] is None else frozenset(d["c"]),
                                         d["e"], d["r"], prefix=d.get("p", "lint"))
                                for d in ds]
            for name, ds in data.items()}


def reach_to_json(record: dict, files: Files, hashes: dict[str, str]) -> dict:
    """A package's reach record (concurrency.reach_record) by base names,
    with the content hash of each of its files (`hashes`, by absolute
    path): what it was made of."""
    return {"files": {files.name(p): sha for p, sha in hashes.items()},
            "outline": {files.name(p): d for p, d in record["outline"].items()},
            "names": {files.name(p): d for p, d in record["names"].items()},
            "active": {files.name(p): codes for p, codes in record.get("active", {}).items()},
            "roots": [[files.name(site), at, files.name(func), start,
                       sorted(files.name(p) for p in reached)]
                      for site, at, func, start, reached in record["roots"]],
            "complete": bool(record.get("complete")),
            "calls": [[files.name(path), start, end,
                       None if calls is None else
                       [[cs, ce, [[files.name(p), s, e, i] for p, s, e, i in callees], state]
                        for cs, ce, callees, state in calls], empty, place]
                      for path, start, end, calls, empty, place in record["calls"]],
            "map_types": record.get("map_types"),
            "helpers": None if record.get("helpers") is None else
            {files.name(p): names for p, names in record["helpers"].items()},
            "recovering": None if record.get("recovering") is None else
            [files.name(p) for p in record["recovering"]]}


def reach_from_json(data, files: Files, hashes: dict[str, str], focus: frozenset
                    ) -> dict | None:
    """The reach record for a check of the files `focus` (absolute paths)
    of a package whose files now have these content hashes (by absolute
    path): None unless it was made of the same files with, outside the
    focus, the same bytes."""
    if not isinstance(data, dict):
        return None
    try:
        made = data["files"]
        now = {files.name(p): sha for p, sha in hashes.items()}
        focus_names = {files.name(p) for p in focus}
        if not isinstance(made, dict) or set(made) != set(now) or \
                any(made[n] != sha for n, sha in now.items() if n not in focus_names):
            return None
        abspath = {n: os.path.join(files.directory, n) for n in now}
        outline = {abspath[n]: str(d) for n, d in data["outline"].items()}
        names = {abspath[n]: None if d is None else {k: str(d[k]) for k in ("func", "type", "var")}
                 for n, d in data["names"].items()}
        active = {abspath[n]: [str(c) for c in codes]
                  for n, codes in data.get("active", {}).items()}
        roots = [(abspath[site], int(at), abspath[func], int(start),
                  [abspath[n] for n in reached])
                 for site, at, func, start, reached in data["roots"]]
        calls = {}
        for name, start, end, found, empty, place in data["calls"]:
            entries = None if found is None else []
            for cs, ce, callees, state in found or ():
                if state not in (None, "locked", "rlocked"):
                    raise ValueError("a lock state")
                entries.append(((_int(cs), _int(ce)),
                                [(abspath[n], _int(s), _int(e), _int(i))
                                 for n, s, e, i in callees], state))
            if place is not None:
                place = (_int(place[0]), _int(place[1]), str(place[2]))
            calls[(abspath[name], _int(start))] = (_int(end), entries,
                                                   frozenset(str(q) for q in empty), place)
        map_types = data.get("map_types")
        if map_types is not None:
            if not isinstance(map_types, list):
                raise TypeError("map types")
            map_types = tuple(str(n) for n in map_types)
        helpers = data.get("helpers")
        if helpers is not None:
            helpers = {abspath[n]: [str(h) for h in found] for n, found in helpers.items()}
        recovering = data.get("recovering")
        if recovering is not None:
            recovering = [abspath[n] for n in recovering]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return {"outline": outline, "names": names, "active": active, "roots": roots,
            "complete": data.get("complete") is True,
            "calls": calls, "map_types": map_types, "helpers": helpers,
            "recovering": recovering}


def _int(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("not a byte offset")
    return value


def header_to_json(sha: str, header) -> dict:
    return {"sha": sha, "package": header.package, "imports": header.import_paths,
            "constraint": header.constraint, "blank": header.blank_imports}


def header_from_json(d):
    from .header import Header
    return Header(d["package"], list(d["imports"]), _tuple_tree(d["constraint"]),
                  [(str(p), int(line)) for p, line in d["blank"]])

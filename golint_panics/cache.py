"""The result cache: one JSON entry per directory, written atomically.

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

from . import __version__
from .atomic import write_atomic

CACHE_DIR_NAME = ".golint-panics-cache"
FORMAT = 1


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def config_key(codes, settings, prefilter: bool) -> str:
    blob = json.dumps({"version": __version__, "format": FORMAT, "codes": sorted(codes),
                       "strict_go": settings.strict_go,
                       "recover_helpers": sorted(settings.recover_helpers),
                       "prefilter": prefilter}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def package_hash(files: list[tuple[str, str]]) -> str:
    """Hash of a package's sources: (path, content hash) pairs."""
    h = hashlib.sha256()
    for path, sha in sorted(files):
        h.update(path.encode("utf-8", "surrogateescape") + b"\0" + sha.encode() + b"\n")
    return h.hexdigest()


class Cache:
    def __init__(self, directory: str):
        self.directory = directory
        self._entries: dict[str, dict] = {}
        self._dirty: set[str] = set()

    def _path(self, go_dir: str) -> str:
        name = hashlib.sha256(go_dir.encode("utf-8", "surrogateescape")).hexdigest()[:40]
        return os.path.join(self.directory, f"v{FORMAT}", name[:2], name + ".json")

    def entry(self, go_dir: str) -> dict:
        """The entry of a directory (empty when missing, corrupt or foreign)."""
        if go_dir in self._entries:
            return self._entries[go_dir]
        entry = None
        try:
            with open(self._path(go_dir), encoding="utf-8") as fh:
                entry = json.load(fh)
            if not (isinstance(entry, dict) and entry.get("format") == FORMAT
                    and entry.get("version") == __version__ and entry.get("dir") == go_dir
                    and isinstance(entry.get("files"), dict)
                    and isinstance(entry.get("results"), dict)):
                entry = None
        except (OSError, ValueError, UnicodeDecodeError):
            entry = None
        if entry is None:
            entry = {"format": FORMAT, "version": __version__, "dir": go_dir,
                     "files": {}, "results": {}}
        self._entries[go_dir] = entry
        return entry

    def mark_dirty(self, go_dir: str) -> None:
        self._dirty.add(go_dir)

    def save(self) -> list[str]:
        """Write the changed entries; returns problems (never raises)."""
        problems = []
        if not self._dirty:
            return problems
        try:
            os.makedirs(self.directory, exist_ok=True)
            ignore = os.path.join(self.directory, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as fh:
                    fh.write("# created by golint-panics\n*\n")
        except OSError as exc:
            return [f"cache {self.directory}: {exc.strerror}"]
        for go_dir in sorted(self._dirty):
            path = self._path(go_dir)
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                data = json.dumps(self._entries[go_dir], separators=(",", ":")).encode("utf-8")
                write_atomic(path, data, keep_mode=False)
            except (OSError, TypeError, ValueError) as exc:
                problems.append(f"cache entry for {go_dir}: {exc}")
        self._dirty.clear()
        return problems


# --- (de)serialising results ------------------------------------------------------

def _tuple_tree(value):
    if isinstance(value, list):
        return tuple(_tuple_tree(v) for v in value)
    return value


# Paths are stored absolute and shown relative to the working directory of
# the run that reads them, so that a cache serves runs from any directory.

def _abs(path: str, cwd: str) -> str:
    return os.path.normpath(os.path.join(cwd, path))


def _shown(path: str, cwd: str) -> str:
    from .project import display_path
    return display_path(path, cwd)


def location_to_json(loc, cwd: str) -> list:
    return [_abs(loc.path, cwd), loc.line, loc.column, loc.end_line, loc.end_column,
            loc.column_utf16, loc.end_column_utf16, loc.message, loc.source_line]


def location_from_json(data, cwd: str):
    from .rule import Location
    return Location(_shown(data[0], cwd), *data[1:])


def finding_to_json(f, cwd: str) -> dict:
    d = {"c": f.code, "n": f.name, "m": f.message, "s": f.severity,
         "l": location_to_json(f.location, cwd), "r": [location_to_json(r, cwd) for r in f.related]}
    if f.fix is not None:
        d["x"] = [f.fix.message, f.fix.start, f.fix.end, f.fix.replacement, f.fix.digest]
    return d


def finding_from_json(d, cwd: str):
    from .rule import Finding, Fix
    fix = Fix(*d["x"]) if "x" in d else None
    return Finding(d["c"], d["n"], d["m"], d["s"], location_from_json(d["l"], cwd),
                   tuple(location_from_json(r, cwd) for r in d["r"]), fix)


def _key_to_json(key, cwd):
    if key is None:
        return None
    path, _, offset = key.rpartition(":")
    return f"{_abs(path, cwd)}:{offset}"


def _key_from_json(key, cwd):
    if key is None:
        return None
    path, _, offset = key.rpartition(":")
    return f"{_shown(path, cwd)}:{offset}"


def registration_to_json(r, cwd: str) -> dict:
    return {"l": location_to_json(r.location, cwd), "f": r.func, "s": sorted(r.signals),
            "c": r.channel, "k": _key_to_json(r.function_key, cwd), "p": r.package,
            "n": r.file_name, "b": r.constraint}


def registration_from_json(d, cwd: str):
    from .rule import RegistrationSummary
    return RegistrationSummary(location_from_json(d["l"], cwd), d["f"], frozenset(d["s"]), d["c"],
                               _key_from_json(d["k"], cwd), d["p"], d["n"], _tuple_tree(d["b"]))


def directives_to_json(dirs: dict, cwd: str) -> dict:
    return {_abs(path, cwd): [{"k": d.kind, "l": location_to_json(d.location, cwd),
                               "t": d.target_line,
                               "c": None if d.codes is None else sorted(d.codes),
                               "e": d.explicit, "r": d.reason} for d in ds]
            for path, ds in dirs.items()}


def directives_from_json(data: dict, cwd: str) -> dict:
    from .suppress import Directive
    return {_shown(path, cwd): [Directive(d["k"], location_from_json(d["l"], cwd), d["t"],
                                          None if d["c"] is None else frozenset(d["c"]),
                                          d["e"], d["r"]) for d in ds]
            for path, ds in data.items()}


def header_to_json(sha: str, header) -> dict:
    return {"sha": sha, "package": header.package, "imports": header.import_paths,
            "constraint": header.constraint}


def header_from_json(d):
    from .source import Header
    return Header(d["package"], list(d["imports"]), _tuple_tree(d["constraint"]))

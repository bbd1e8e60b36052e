"""Rules arrive through the `golint_panics.rules` entry-point group.

Built-in rules are registered in our own pyproject.toml under that group,
so they load through exactly the path a third-party plugin uses. What a
package registers is checked before it is used, and a problem names the
package: unique codes and names across every package, a known severity,
the docs sections every rule has, the entry point named after the rule's
code (or a prefix of the codes of a list), sound prefilter tokens, known
roles. `GOLINT_PANICS_PLUGINS=0` loads the built-in rules only (this
project's test suite runs that way, whatever plugins are installed).

A check whose results all come from the cache needs the rules' metadata
(codes, names, defaults, options), not their code: `load_rules(lazy=True)`
serves it from a manifest that the last full load wrote, while the
installation it was read from is unchanged (the distributions' entry-point
files on `sys.path`, and the files of every module that loading the rules
imported, by size and mtime); each rule's hooks then import its module on
first call. The manifest lives beside the cache's key, in the user's cache
directory, sealed with that key: a repository's files never name the
modules we import.

`code_digest()` names the code findings come from (every module of
golint_panics and each rule's modules, by size and mtime): the cache's
entries hold only under the digest they were made with.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys

from .rule import ROLES, Rule

GROUP = "golint_panics.rules"
DISTRIBUTION = "golint-panics"
_CODE = re.compile(r"^[A-Z]+[0-9]+$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
SEVERITIES = ("error", "warning", "note")
#: the sections every rule's docs have (`golint-panics rule CODE`, docs/rules.md)
REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example")


class RegistryError(Exception):
    pass


def entry_points():
    from importlib import metadata
    return metadata.entry_points(group=GROUP)


class _Origin:
    """The package that registered a rule, named only when a message needs
    it (its version is read from the package's metadata: not on every run)."""

    def __init__(self, ep):
        self.ep = ep

    def __str__(self) -> str:
        dist = getattr(self.ep, "dist", None)
        if dist is not None and getattr(dist, "name", None):
            return f"{dist.name} {dist.version}"
        return self.ep.value


def _origin(ep) -> "_Origin":
    return _Origin(ep)


def _builtin(ep) -> bool:
    dist = getattr(ep, "dist", None)
    name = getattr(dist, "name", None) if dist is not None else None
    # an entry point without a distribution (made up in a test) is not ours
    return name is not None and name.replace("_", "-").lower() == DISTRIBUTION


def plugins_enabled() -> bool:
    return os.environ.get("GOLINT_PANICS_PLUGINS", "1").strip().lower() not in (
        "0", "false", "no", "off")


_cache: dict[str, Rule] | None = None
_origins: dict[str, object] = {}


def validate(rule, origin, entry_point: str | None = None, in_list: bool = False) -> None:
    """Raise RegistryError, naming `origin`, for what a rule may not be."""
    def where() -> str:       # the package is named only when something is wrong
        return f"{origin}: rule {getattr(rule, 'code', rule)!r}"
    if not isinstance(rule, Rule):
        raise RegistryError(f"{origin}: entry point {entry_point!r} gives "
                            f"{type(rule).__name__}, not a golint_panics Rule")
    if not _CODE.match(rule.code):
        raise RegistryError(f"{where()}: a code is capital letters then digits (XP0001)")
    if entry_point is not None:
        if in_list and not rule.code.startswith(entry_point):
            raise RegistryError(f"{where()}: the entry point {entry_point!r} of a list of rules is "
                                "a prefix of each rule's code")
        if not in_list and entry_point != rule.code:
            raise RegistryError(f"{where()}: the entry point must be named after the rule's code "
                                f"({rule.code} = \"module:RULE\"), not {entry_point!r}")
    if not _NAME.match(rule.name or ""):
        raise RegistryError(f"{where()}: name {rule.name!r} is not lower-case-with-dashes")
    if rule.severity not in SEVERITIES:
        raise RegistryError(f"{where()}: severity {rule.severity!r} is not one of "
                            f"{', '.join(SEVERITIES)}")
    missing = [s for s in REQUIRED_SECTIONS
               if not re.search(rf"^## {re.escape(s)}\s*$", rule.doc_text, re.M)]
    if missing:
        raise RegistryError(f"{where()}: its docs lack the section(s) "
                            + ", ".join(f"'## {s}'" for s in missing))
    from .prefilter import TokenError, compile_tokens
    for name in ("tokens", "reports_at"):
        try:
            compile_tokens(getattr(rule, name))
        except TokenError as exc:
            raise RegistryError(f"{where()}: {name}: {exc}") from None
    if rule.other_files_query and not rule.reports_in_other_files:
        raise RegistryError(f"{where()}: other_files_query is the part of the query that "
                            "reports in other files: declare reports_in_other_files=True")
    if rule.role and rule.role not in ROLES:
        raise RegistryError(f"{where()}: unknown role {rule.role!r} (one of {', '.join(ROLES)})")


def _add(rules: dict[str, Rule], origins: dict, rule: Rule, origin) -> None:
    if rule.code in rules:
        if rules[rule.code] is rule:
            return
        raise RegistryError(f"rule code {rule.code} is registered by {origins[rule.code]} and "
                            f"by {origin}")
    clash = next((r for r in rules.values() if r.name == rule.name), None)
    if clash is not None:
        raise RegistryError(f"{origin}: rule {rule.code} takes the name {rule.name!r} of "
                            f"{clash.code} ({origins[clash.code]})")
    taken = next((r for r in rules.values() if rule.role and r.role == rule.role), None)
    if taken is not None:
        raise RegistryError(f"{origin}: rule {rule.code} takes the role {rule.role!r} of "
                            f"{taken.code}")
    rules[rule.code] = rule
    origins[rule.code] = origin


def load_rules(refresh: bool = False, lazy: bool = False) -> dict[str, Rule]:
    """All registered rules by code, in code order. `lazy`: rules whose
    hooks import their module when first called, from the manifest while
    the installation is unchanged (the rules themselves when it is not, or
    when they are loaded already)."""
    global _cache, _origins, _lazy, _code
    if _cache is not None and not refresh:
        return _cache
    if lazy and not refresh:
        plugins = plugins_enabled()
        if _lazy is None or _lazy[0] != plugins:
            _lazy = (plugins, *(_from_manifest() or (None, None)))
        if _lazy[1]:
            _code = _lazy[2]
            return _lazy[1]
    rules: dict[str, Rule] = {}
    origins: dict = {}
    plugins = plugins_enabled()
    discovered = entry_points is _ENTRY_POINTS     # not a test's made-up list
    before = set(sys.modules) if discovered else set()
    loaded: list[tuple[object, bool, list[Rule]]] = []
    for ep in entry_points():
        if not plugins and not _builtin(ep):
            continue
        origin = _origin(ep)
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must not take the linter down
            raise RegistryError(f"{origin}: cannot load rule {ep.name!r} ({ep.value}): "
                                f"{exc.__class__.__name__}: {exc}") from None
        listed = isinstance(obj, (list, tuple))
        for rule in obj if listed else [obj]:
            validate(rule, origin, ep.name, in_list=listed)
            _add(rules, origins, rule, origin)
        loaded.append((ep, listed, list(obj) if listed else [obj]))
    if not rules:
        raise RegistryError(
            "no rules are registered: is golint-panics installed (pip install -e .)?")
    _cache = dict(sorted(rules.items()))
    _origins = origins
    code_files = _code_files(loaded)
    _code = _digest_of(code_files)
    if discovered:
        _write_manifest(loaded, set(sys.modules) - before, code_files, _code)
    return _cache


def code_digest() -> str:
    """A digest of the code the findings come from: every module of
    golint_panics (the rule API, the model, the engine: imported when a
    package is analysed) and the modules of each rule's entry point and
    hooks, by path, size and mtime. The cache holds results under it: a
    rule edited in an editable install, or a plugin upgraded, never gets
    the results its old code made."""
    if _code is None:
        load_rules(lazy=True)
    return _code


def _code_files(loaded) -> dict[str, list | None]:
    import golint_panics
    paths = set()
    base = os.path.dirname(os.path.abspath(golint_panics.__file__))
    for directory, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        paths.update(os.path.join(directory, n) for n in names if n.endswith(".py"))
    for ep, _listed, rules in loaded:
        modules = {ep.value.split(":")[0]}
        modules.update(getattr(getattr(r, hook), "__module__", None) for r in rules
                       for hook in _HOOKS if getattr(r, hook, None) is not None)
        for name in modules:
            path = getattr(sys.modules.get(name or ""), "__file__", None)
            if path:
                paths.add(os.path.abspath(path))
    return {p: _stat(p) for p in sorted(paths)}


def _digest_of(files: dict) -> str:
    return hashlib.sha256(json.dumps(sorted(files.items())).encode(
        "utf-8", "surrogateescape")).hexdigest()[:24]


# -- the manifest ---------------------------------------------------------------------

_lazy: tuple[bool, dict[str, Rule] | None, str | None] | None = None
#: code_digest() of the rules served now
_code: str | None = None
_ENTRY_POINTS = entry_points
MANIFEST_FORMAT = 3
#: installations the manifest remembers
MANIFEST_KEPT = 8
#: Rule fields that are code: a lazy rule calls them through _Hook
_HOOKS = ("check", "check_file", "check_program", "package_tokens")
#: the types a rule's `options` may name, by name
_OPTION_TYPES = {t.__name__: t for t in (bool, int, float, str, list, dict, tuple)}


class _Hook:
    """A rule's hook whose module is imported when it is first called."""

    __slots__ = ("value", "code", "field", "_fn")

    def __init__(self, value: str, code: str, field: str):
        self.value, self.code, self.field, self._fn = value, code, field, None

    def __call__(self, *args, **kwargs):
        fn = self._fn
        if fn is None:
            fn = self._fn = _real_hook(self.value, self.code, self.field)
        return fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<{self.field} of {self.code} from {self.value}>"


def _real_hook(value: str, code: str, field: str):
    import importlib
    module, _, attr = value.partition(":")
    try:
        obj = importlib.import_module(module)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except Exception as exc:
        raise RegistryError(f"cannot load rule {code} ({value}): "
                            f"{exc.__class__.__name__}: {exc}") from None
    for rule in obj if isinstance(obj, (list, tuple)) else [obj]:
        if getattr(rule, "code", None) == code and getattr(rule, field, None) is not None:
            return getattr(rule, field)
    raise RegistryError(f"{value} no longer gives rule {code} with {field}: reinstall it")


def _manifest_path() -> str:
    from .sealed import key_path
    env = hashlib.sha256(f"{sys.executable}\0{sys.prefix}".encode(
        "utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(os.path.dirname(key_path()), f"rules-{env}.json")


def _installation() -> str:
    """A digest of what decides which rules `entry_points()` finds: the
    interpreter, `sys.path`, and on each of its directories the names of
    the distributions' metadata directories and the size and mtime of
    their entry-point files (an install, upgrade or removal changes them)."""
    # "" is the working directory (python -c), as `python -m` names it
    path = [entry or os.getcwd() for entry in sys.path]
    h = hashlib.sha256(repr((sys.version, path, plugins_enabled(), MANIFEST_FORMAT))
                       .encode("utf-8", "surrogateescape"))
    for entry in path:
        try:
            with os.scandir(entry) as it:
                names = sorted(e.name for e in it if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:           # a zip archive, or a directory that is not there
            names = []
            h.update(repr(_stat(entry)).encode())
        for name in names:
            h.update(f"{entry}\0{name}\0{_stat(os.path.join(entry, name, 'entry_points.txt'))}\n"
                     .encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _stat(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def _enc(value):
    """A Rule field's value as JSON, exactly ([kind, value]); TypeError otherwise."""
    if value is None or isinstance(value, (bool, int, float)):
        return ["v", value]
    if isinstance(value, str):
        return ["s", value]
    if isinstance(value, bytes):
        return ["b", value.hex()]
    if isinstance(value, tuple):
        return ["t", [_enc(v) for v in value]]
    if isinstance(value, frozenset):
        return ["f", sorted((_enc(v) for v in value), key=json.dumps)]
    from .prefilter import SHAPES, Shape
    if isinstance(value, Shape) and SHAPES.get(value.name) is value:
        return ["p", value.name]
    raise TypeError(type(value).__name__)


def _dec(item):
    kind, value = item
    if kind in ("v", "s"):
        return value
    if kind == "b":
        return bytes.fromhex(value)
    if kind == "t":
        return tuple(_dec(v) for v in value)
    if kind == "f":
        return frozenset(_dec(v) for v in value)
    if kind == "p":
        from .prefilter import SHAPES
        return SHAPES[value]
    raise ValueError(kind)


def _describe(rule: Rule) -> dict:
    from .records import fields
    out = {}
    for f in fields(rule):
        value = getattr(rule, f.name)
        if f.name in _HOOKS:
            out[f.name] = ["v", value is not None]
        elif f.name == "options":
            if any(_OPTION_TYPES.get(getattr(t, "__name__", None)) is not t
                   for t in value.values()):
                raise TypeError("option type")
            out[f.name] = ["o", {k: t.__name__ for k, t in value.items()}]
        else:
            out[f.name] = _enc(value)
    return out


def _lazy_rule(desc: dict, value: str) -> Rule:
    fields = {}
    for name, item in desc.items():
        if name in _HOOKS:
            fields[name] = _Hook(value, desc["code"][1], name) if item[1] else None
        elif name == "options":
            fields[name] = {k: _OPTION_TYPES[t] for k, t in item[1].items()}
        else:
            fields[name] = _dec(item)
    return Rule(**fields)


def _write_manifest(loaded, new_modules: set[str], code_files: dict, code: str) -> None:
    """Record what the last full load found (never raises: without a
    manifest the next check loads the rules again)."""
    try:
        tops = {"golint_panics"} | {ep.value.split(":")[0].split(".")[0] for ep, _l, _r in loaded}
        files = {}
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None)
            if path and (name.split(".")[0] in tops or name in new_modules):
                files[path] = _stat(path)
        files.update(code_files)
        # (not the distributions' names: each would parse its metadata, and
        # which distributions are loaded is part of the installation's digest)
        entries = [{"name": ep.name, "value": ep.value, "listed": listed,
                    "rules": [_describe(r) for r in rules]} for ep, listed, rules in loaded]
        digest = _installation()
        path = _manifest_path()
        # the latest few installations (`python -m` puts the working
        # directory on sys.path: each project is one)
        kept = [i for i in _read_manifest(path) if i.get("installation") != digest]
        payload = json.dumps({"format": MANIFEST_FORMAT, "installations": [
            {"installation": digest, "files": files, "entry_points": entries, "code": code},
            *kept[:MANIFEST_KEPT - 1]]}, sort_keys=True).encode("utf-8", "surrogateescape")
        from .atomic import write_atomic
        from .sealed import seal
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        write_atomic(path, seal(payload), private=True, durable=False)   # sealed
    except (OSError, TypeError, ValueError):
        pass


def _read_manifest(path: str) -> list[dict]:
    from .sealed import read_entry_file
    payload = read_entry_file(path)
    try:
        data = json.loads(payload) if payload is not None else None
        if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT:
            return [i for i in data["installations"] if isinstance(i, dict)]
    except (ValueError, TypeError, KeyError):
        pass
    return []


def _from_manifest() -> tuple[dict[str, Rule], str] | None:
    """The rules, lazily, from the manifest while the installation and
    every file it was made of are unchanged, and their code_digest; None
    otherwise."""
    digest = None
    for found in _read_manifest(_manifest_path()):
        digest = digest or _installation()
        if found.get("installation") != digest:
            continue
        try:
            code = found["code"]
            if not isinstance(code, str) or \
                    any(_stat(path) != st for path, st in found["files"].items()):
                return None
            rules: dict[str, Rule] = {}
            origins: dict = {}
            for e in found["entry_points"]:
                for desc in e["rules"]:
                    _add(rules, origins, _lazy_rule(desc, e["value"]), e["value"])
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RegistryError):
            return None
        return (dict(sorted(rules.items())), code) if rules else None
    return None


def origin_of(code: str) -> str | None:
    """The package (and version) that registered a rule."""
    load_rules()
    origin = _origins.get(code)
    return None if origin is None else str(origin)


@contextlib.contextmanager
def registered(rules: list[Rule], origin: str = "golint_panics.testing"):
    """The registry with `rules` added for the duration (a rule under test
    that no package registers yet), checked like any plugin's."""
    global _cache, _origins
    before, before_origins = load_rules(), dict(_origins)
    current = dict(before)
    origins = dict(before_origins)
    for rule in rules:
        validate(rule, origin)
        if current.get(rule.code) is not rule:
            _add(current, origins, rule, origin)
    _cache, _origins = dict(sorted(current.items())), origins
    try:
        yield _cache
    finally:
        _cache, _origins = before, before_origins


def rule_for_role(role: str) -> Rule | None:
    """The rule that plays `role` (rule.ROLES) for the infrastructure (its
    code, name and severity: the lazy rules do)."""
    return next((r for r in load_rules(lazy=True).values() if r.role == role), None)


def find_rule(key: str) -> Rule | None:
    rules = load_rules()
    key_up = key.upper()
    if key_up in rules:
        return rules[key_up]
    for rule in rules.values():
        if rule.name == key:
            return rule
    return None

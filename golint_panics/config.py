"""Configuration: which rules run, on which files, with what settings.

Each file gets its closest configuration, as in ruff: the nearest
`.golint-panics.toml`, or `pyproject.toml` with a `[tool.golint-panics]`
table, in its directory or above (the order of the PATHs on the command
line changes nothing). `--config FILE` gives one configuration to every
file, `--isolated` none. Unknown keys and unknown codes are errors that
name them.
"""
from __future__ import annotations

import fnmatch
import os
import re
import sys
from functools import cached_property, lru_cache

from .errors import UsageError, did_you_mean as _did_you_mean
from .records import datatype, field
from .rule import Rule, Settings
from .safeio import CONFIG_LIMIT, read_bounded


def _toml():
    """The TOML parser, imported when a configuration file is read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


CONFIG_FILE = ".golint-panics.toml"
#: the names of the files a directory's configuration may be read from
CONFIG_NAMES = (CONFIG_FILE, "pyproject.toml")
DEFAULT_EXCLUDE = ("vendor", "testdata", "node_modules", ".*", "_*")
KEYS = {"select", "extend-select", "ignore", "exclude", "extend-exclude", "per-file-ignores",
        "recover-helpers", "goroutine-launchers", "strict-go", "rules", "generated",
        "test-support", "extend"}
#: options every rule takes in its [rules.CODE] table
COMMON_OPTIONS = {"strict": bool}


@datatype
class Config:
    path: str | None = None          # the file it came from
    root: str | None = None          # directory that relative patterns refer to
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    recover_helpers: list[str] = field(default_factory=list)
    goroutine_launchers: list[str] = field(default_factory=list)
    strict_go: bool = False
    rule_options: dict[str, dict] = field(default_factory=dict)
    include_generated: bool = False
    test_support: list[str] | None = None


def _split(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    out = []
    for item in value:
        out.extend(p.strip() for p in str(item).split(",") if p.strip())
    return out


def expand(selector: str, rules: dict[str, Rule], what: str) -> set[str]:
    """Codes matched by a code, a rule name, a code prefix or ALL."""
    if selector.upper() == "ALL":
        return set(rules)
    up = selector.upper()
    if up in rules:
        return {up}
    by_name = {r.name: c for c, r in rules.items()}
    if selector in by_name:
        return {by_name[selector]}
    prefixed = {c for c in rules if c.startswith(up)}
    if prefixed and up[:1].isalpha():
        return prefixed
    hint = _did_you_mean(selector, [*rules, *by_name])
    raise UsageError(f"unknown rule code or name in {what}: {selector!r} "
                     f"({hint + '; ' if hint else ''}see `golint-panics rules`)")


def select_rules(rules: dict[str, Rule], select=None, extend_select=None, ignore=None
                 ) -> tuple[list[Rule], set[str]]:
    """The enabled rules, and the codes selected explicitly by exact code or name
    (GP000 and other notes count toward the exit code only then)."""
    explicit: set[str] = set()
    if select is not None and not _split(select):
        # `--select ''` (an unset variable in a CI script) would enable
        # nothing and pass every check
        raise UsageError("select names no rule: give codes or names (ALL for every rule)")
    if select:
        enabled: set[str] = set()
        for s in _split(select):
            enabled |= expand(s, rules, "select")
    else:
        enabled = {c for c, r in rules.items() if r.default_enabled}
    for s in _split(extend_select):
        enabled |= expand(s, rules, "extend-select")
    for s in _split(select) + _split(extend_select):
        if s.upper() in rules or s in {r.name for r in rules.values()}:
            explicit |= expand(s, rules, "select")
    for s in _split(ignore):
        enabled -= expand(s, rules, "ignore")
    return [rules[c] for c in sorted(enabled)], explicit


# --- files -------------------------------------------------------------------

def _config_in(d: str) -> str | None:
    """The config file of directory `d` itself, if it has one."""
    candidate = os.path.join(d, CONFIG_FILE)
    # anything by that name but a directory is the config: one that is not
    # a regular file (a FIFO, a link to a device) is an error, not ignored
    if os.path.lexists(candidate) and not os.path.isdir(candidate):
        return candidate
    pyproject = os.path.join(d, "pyproject.toml")
    if os.path.isfile(pyproject) and _has_tool_table(pyproject):
        return pyproject
    return None


def _read_toml(path: str) -> dict:
    """A TOML file of the tree: a regular file of bounded size (it may be a
    FIFO or a link to a device in a hostile checkout)."""
    data = read_bounded(path, CONFIG_LIMIT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _toml().TOMLDecodeError("not valid UTF-8") from None
    return _toml().loads(text)


def _has_tool_table(path: str) -> bool:
    try:
        data = _read_toml(path)
    except (OSError, _toml().TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "golint-panics" in data["tool"]


def _table(path: str, chain: tuple[str, ...] = ()) -> tuple[dict, str]:
    """The configuration table of a file, with what it `extend`s underneath
    (the file's own keys win; `[rules.CODE]` and `[per-file-ignores]` merge
    key by key). Returns (table, where) for messages."""
    try:
        data = _read_toml(path)
    except OSError as exc:
        raise UsageError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except _toml().TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None
    where = path
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("golint-panics", {})
        where = f"{path} [tool.golint-panics]"
    if not isinstance(data, dict):
        raise UsageError(f"{where}: expected a table")
    base = data.get("extend")
    if base is None:
        return data, where
    if not isinstance(base, str) or not base:
        raise UsageError(f"{where}: extend must be the path of another config file")
    target = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)),
                                           os.path.expanduser(base)))
    if target in chain or target == os.path.abspath(path):
        raise UsageError(f"{where}: extend makes a cycle ({' -> '.join((*chain, path, target))})")
    if not os.path.isfile(target):
        raise UsageError(f"{where}: extend = {base!r}: no such config file")
    under, _ = _table(target, (*chain, os.path.abspath(path)))
    return merge_tables(under, {k: v for k, v in data.items() if k != "extend"}), where


def merge_tables(under: dict, over: dict) -> dict:
    """`over`'s keys on top of `under`'s; the tables of rules and of
    per-file ignores merge one entry deep."""
    out = dict(under)
    for key, value in over.items():
        if key in ("rules", "per-file-ignores") and isinstance(value, dict) and \
                isinstance(out.get(key), dict):
            merged = dict(out[key])
            for k, v in value.items():
                merged[k] = {**merged[k], **v} if isinstance(v, dict) and \
                    isinstance(merged.get(k), dict) else v
            out[key] = merged
        else:
            out[key] = value
    return out


def parse_override(text: str) -> dict:
    """`--config KEY=VALUE`: one TOML assignment (`ignore = ["GP005"]`,
    `rules.GP004.strict = true`)."""
    try:
        return _toml().loads(text)
    except _toml().TOMLDecodeError as exc:
        raise UsageError(f"--config {text!r}: neither a config file nor a TOML "
                         f"`KEY = VALUE` ({exc})") from None


def load_config(path: str | None, rules: dict[str, Rule], overrides: dict | None = None
                ) -> Config:
    """A config file (following `extend`), with `--config KEY=VALUE`
    overrides on top; no path: the defaults with the overrides."""
    if path is not None:
        data, where = _table(path)
    else:
        data, where = {}, "--config"
    if overrides:
        data = merge_tables(data, overrides)
        where = f"{where} (with --config overrides)" if path else where
    cfg = _build(data, where, rules)
    cfg.path = path
    cfg.root = os.path.dirname(os.path.abspath(path)) if path else None
    return cfg


def _build(data: dict, where: str, rules: dict[str, Rule]) -> Config:
    unknown = sorted(set(data) - KEYS)
    if unknown:
        hints = [h for h in (_did_you_mean(k, KEYS) for k in unknown) if h]
        raise UsageError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(repr(k) for k in unknown)} "
                         f"({'; '.join(hints) + '; ' if hints else ''}"
                         f"known: {', '.join(sorted(KEYS))})")
    cfg = Config()

    def codes(key):
        value = data.get(key, [])
        items = _string_list(value, where, key)
        for item in items:
            expand(item, rules, f"{where} {key}")
        return items

    if "select" in data:
        cfg.select = codes("select")
    cfg.extend_select = codes("extend-select")
    cfg.ignore = codes("ignore")
    if "exclude" in data:
        cfg.exclude = _string_list(data["exclude"], where, "exclude")
    cfg.exclude += _string_list(data.get("extend-exclude", []), where, "extend-exclude")
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise UsageError(f"{where}: per-file-ignores must be a table of glob = [codes]")
    for glob, value in pfi.items():
        items = _string_list(value, where, f"per-file-ignores.{glob}")
        for item in items:
            expand(item, rules, f"{where} per-file-ignores")
        cfg.per_file_ignores[glob] = items
    cfg.recover_helpers = _string_list(data.get("recover-helpers", []), where, "recover-helpers")
    for helper in cfg.recover_helpers:
        if "." not in helper.rsplit("/", 1)[-1]:
            raise UsageError(f"{where}: recover-helpers entry {helper!r} is not of the form "
                             "\"import/path.Func\"")
    cfg.goroutine_launchers = _string_list(data.get("goroutine-launchers", []), where,
                                           "goroutine-launchers")
    for launcher in cfg.goroutine_launchers:
        if not 1 <= launcher.rsplit("/", 1)[-1].count(".") <= 2 or \
                not all(part.isidentifier() for part in
                        launcher.rsplit("/", 1)[-1].split(".")[1:]):
            raise UsageError(f"{where}: goroutine-launchers entry {launcher!r} is not of the "
                             "form \"import/path.Func\" or \"import/path.Type.Method\"")
    strict = data.get("strict-go", False)
    if not isinstance(strict, bool):
        raise UsageError(f"{where}: strict-go must be true or false")
    cfg.strict_go = strict
    generated = data.get("generated", "skip")
    if generated not in ("skip", "include"):
        raise UsageError(f"{where}: generated must be \"skip\" or \"include\", not {generated!r}")
    cfg.include_generated = generated == "include"
    if "test-support" in data:
        cfg.test_support = _string_list(data["test-support"], where, "test-support")
    per_rule = data.get("rules", {})
    if not isinstance(per_rule, dict):
        raise UsageError(f"{where}: rules must be a table of [rules.CODE] tables")
    for code, options in per_rule.items():
        rule = rules.get(code.upper())
        if rule is None:
            hint = _did_you_mean(code, rules)
            raise UsageError(f"{where}: unknown rule {code!r} in [rules]"
                             f"{' (' + hint + ')' if hint else ''}")
        if not isinstance(options, dict):
            raise UsageError(f"{where}: [rules.{code}] must be a table")
        accepted = {**COMMON_OPTIONS, **rule.options}
        bad = sorted(set(options) - set(accepted))
        if bad:
            allowed = ", ".join(accepted)
            hints = [h for h in (_did_you_mean(b, accepted) for b in bad) if h]
            raise UsageError(f"{where}: unknown option{'s' if len(bad) > 1 else ''} "
                             f"{', '.join(repr(b) for b in bad)} for {rule.code} "
                             f"({'; '.join(hints) + '; ' if hints else ''}its options: {allowed})")
        for key, value in options.items():
            want = accepted[key]
            if not isinstance(value, want) or (want is not bool and isinstance(value, bool)):
                raise UsageError(f"{where}: [rules.{rule.code}] {key} must be "
                                 f"{_TYPE_NAMES.get(want, want.__name__)}, not {value!r}")
        cfg.rule_options[rule.code] = dict(options)
    return cfg


_TYPE_NAMES = {bool: "true or false", str: "a string", int: "an integer", list: "a list"}


def _string_list(value, where, key) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: {key} must be a list of strings")
    return list(value)


def settings_for(cfg: Config, strict_go: bool | None = None) -> Settings:
    return Settings(strict_go=cfg.strict_go if strict_go is None else strict_go,
                    recover_helpers=frozenset(cfg.recover_helpers),
                    goroutine_launchers=frozenset(cfg.goroutine_launchers),
                    rule_options={code: dict(opts) for code, opts in cfg.rule_options.items()},
                    include_generated=cfg.include_generated,
                    test_support=tuple(cfg.test_support) if cfg.test_support is not None
                    else None)


# --- path matching ---------------------------------------------------------------

def _rel(path: str, root: str | None) -> str:
    base = root or os.getcwd()
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def matches(pattern: str, abspath: str, root: str | None, any_component: bool = False) -> bool:
    """gitignore-like: a pattern without '/' matches the entry's name (or, with
    `any_component`, any component of its path); one with '/' matches the path
    relative to the config's directory, or a directory above the entry."""
    pat = pattern.strip("/")
    if "/" in pat:
        rel = _rel(abspath, root)
        return fnmatch.fnmatchcase(rel, pat) or fnmatch.fnmatchcase(rel, pat + "/*")
    if any_component:
        rel = _rel(abspath, root)
        parts = [p for p in rel.split("/") if p not in ("", ".", "..")]
        return any(fnmatch.fnmatchcase(p, pat) for p in parts)
    return fnmatch.fnmatchcase(os.path.basename(abspath), pat)


def exclusion(abspath: str, cfg: Config, named: bool = False) -> str | None:
    """The pattern of `cfg` that excludes the entry, or None."""
    for p in cfg.exclude:
        if matches(p, abspath, cfg.root, any_component=named):
            return p
    return None


def excluded(abspath: str, cfg: Config, named: bool = False) -> bool:
    """Is a walked entry (or, with `named`, a path named on the command line) excluded?"""
    if named:
        return any(matches(p, abspath, cfg.root, any_component=True) for p in cfg.exclude)
    by_name, by_path = _name_patterns(tuple(cfg.exclude))
    if by_name is not None and by_name(os.path.basename(abspath)):
        return True
    return any(matches(p, abspath, cfg.root) for p in by_path)


def name_exclusion(cfg: Config):
    """A predicate on an entry's name that answers `excluded` for every
    walked entry under `cfg`, when all its patterns match names (the
    default list); None when some pattern matches paths."""
    by_name, by_path = _name_patterns(tuple(cfg.exclude))
    if by_path:
        return None
    return (lambda name: by_name(name) is not None) if by_name is not None else (lambda name: False)


@lru_cache(maxsize=64)
def _name_patterns(patterns: tuple[str, ...]):
    """The patterns that match an entry's name, as one compiled regex (a walk
    asks for every entry), and the others, which match its path."""
    names = [p.strip("/") for p in patterns if "/" not in p.strip("/")]
    by_path = tuple(p for p in patterns if "/" in p.strip("/"))
    if not names:
        return None, by_path
    regex = re.compile("|".join(f"(?:{fnmatch.translate(n)})" for n in names), re.S)
    return regex.match, by_path


def ignored_codes(abspath: str, cfg: Config, rules: dict[str, Rule]) -> set[str]:
    out: set[str] = set()
    for glob, codes in cfg.per_file_ignores.items():
        if matches(glob, abspath, cfg.root):
            for c in codes:
                out |= expand(c, rules, "per-file-ignores")
    return out


# --- each file's configuration --------------------------------------------------

@datatype(frozen=True, eq=False)
class Profile:
    """What one configuration makes of a run: its rules and settings (one
    object per configuration file: compared and hashed by identity)."""
    config: Config
    rules: tuple[Rule, ...]
    explicit: frozenset[str]
    settings: Settings

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.rules)


_UNKNOWN = object()


class Configs:
    """The closest configuration of each file or directory, found once per
    directory, with the command line's options on top of it (`--select`
    replaces a file's `select`; `--extend-select` and `--ignore` add to its
    own)."""

    def __init__(self, all_rules: dict[str, Rule], *, fixed: Config | None = None,
                 isolated: bool = False, select=None, extend_select=None, ignore=None,
                 strict_go: bool | None = None, overrides: dict | None = None):
        self.all_rules = all_rules
        self.overrides = overrides or {}
        if fixed is None and isolated:
            fixed = load_config(None, all_rules, self.overrides) if self.overrides else Config()
        self.fixed = fixed
        self.cli = (select, list(extend_select or []), list(ignore or []), strict_go)
        self._by_dir: dict[str, str | None] = {}
        self._loaded: dict[str | None, Config] = {}
        self._profiles: dict[str | None, Profile] = {}
        self._none_in: set[str] = set()

    @classmethod
    def single(cls, rules: list[Rule], settings: Settings, config: Config | None = None
               ) -> "Configs":
        """One configuration for every file, its rules and settings given."""
        out = cls({r.code: r for r in rules}, fixed=config or Config())
        out._profiles[None] = Profile(out.fixed, tuple(rules), frozenset(), settings)
        return out

    def config_for(self, path: str) -> Config:
        return self._config(self._path_for(path))

    def profile_for(self, path: str) -> Profile:
        """The profile of a file or directory (absolute path)."""
        key = self._path_for(path)
        if key not in self._profiles:
            cfg = self._config(key)
            select, extend_select, ignore, strict_go = self.cli
            rules, explicit = select_rules(self.all_rules, select if select else cfg.select,
                                           cfg.extend_select + extend_select,
                                           cfg.ignore + ignore)
            self._profiles[key] = Profile(cfg, tuple(rules), frozenset(explicit),
                                          settings_for(cfg, strict_go))
        return self._profiles[key]

    def profiles(self) -> list[Profile]:
        """The profiles asked for so far (every file's, after a run)."""
        return list(self._profiles.values())

    def same_as(self, fresh: "Configs") -> bool:
        """Does `fresh`, made since with the same options, find for every
        directory this one was asked about the same configuration file,
        with the same contents? (A process that keeps its Configs between
        checks, the language server, verifies them so.)"""
        try:
            return all(fresh._path_for(d) == found for d, found in list(self._by_dir.items())) \
                and all(fresh._config(p) == cfg for p, cfg in list(self._loaded.items()))
        except Exception:      # (a configuration that no longer loads)
            return False

    def without_config(self, directory: str) -> None:
        """`directory` (absolute) holds none of CONFIG_NAMES: the caller
        listed it just now (a walk); it is not looked at again."""
        self._none_in.add(directory)

    def _path_for(self, path: str) -> str | None:
        """The configuration file that governs `path` (None: the defaults or
        the fixed one)."""
        if self.fixed is not None:
            return None
        found = self._by_dir.get(path, _UNKNOWN)   # a directory asked about before
        if found is not _UNKNOWN:
            return found
        d = os.path.abspath(path)
        if d in self._by_dir:
            return self._by_dir[d]
        if not os.path.isdir(d):
            d = os.path.dirname(d)
        walked = []
        found: str | None = None
        while True:
            if d in self._by_dir:
                found = self._by_dir[d]
                break
            walked.append(d)
            here = None if d in self._none_in else _config_in(d)
            if here is not None:
                found = here
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        for w in walked:
            self._by_dir[w] = found
        return found

    def _config(self, path: str | None) -> Config:
        if path not in self._loaded:
            if path is None:
                self._loaded[path] = self.fixed if self.fixed is not None else \
                    load_config(None, self.all_rules, self.overrides)
            else:
                self._loaded[path] = load_config(path, self.all_rules, self.overrides)
        return self._loaded[path]

"""Rules arrive through the `golint_panics.rules` entry-point group.

Built-in rules are registered in our own pyproject.toml under that group,
so they load through exactly the path a third-party plugin uses. What a
package registers is checked before it is used, and a problem names the
package: unique codes and names across every package, a known severity,
the docs sections every rule has, the entry point named after the rule's
code (or a prefix of the codes of a list), sound prefilter tokens, known
roles. `GOLINT_PANICS_PLUGINS=0` loads the built-in rules only (this
project's test suite runs that way, whatever plugins are installed).
"""
from __future__ import annotations

import contextlib
import os
import re
from importlib import metadata

from .prefilter import TokenError, compile_tokens
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
    try:
        compile_tokens(rule.tokens)
    except TokenError as exc:
        raise RegistryError(f"{where()}: {exc}") from None
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


def load_rules(refresh: bool = False) -> dict[str, Rule]:
    """All registered rules by code, in code order."""
    global _cache, _origins
    if _cache is not None and not refresh:
        return _cache
    rules: dict[str, Rule] = {}
    origins: dict = {}
    plugins = plugins_enabled()
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
    if not rules:
        raise RegistryError(
            "no rules are registered: is golint-panics installed (pip install -e .)?")
    _cache = dict(sorted(rules.items()))
    _origins = origins
    return _cache


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
    """The rule that plays `role` (rule.ROLES) for the infrastructure."""
    return next((r for r in load_rules().values() if r.role == role), None)


def find_rule(key: str) -> Rule | None:
    rules = load_rules()
    key_up = key.upper()
    if key_up in rules:
        return rules[key_up]
    for rule in rules.values():
        if rule.name == key:
            return rule
    return None

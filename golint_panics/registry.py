"""Rules arrive through the `golint_panics.rules` entry-point group.

Built-in rules are registered in our own pyproject.toml under that group,
so they load through exactly the path a third-party plugin uses.
"""
from __future__ import annotations

import re
from importlib import metadata

from .prefilter import TokenError, compile_tokens
from .rule import ROLES, Rule

GROUP = "golint_panics.rules"
_CODE = re.compile(r"^[A-Z]+[0-9]+$")


class RegistryError(Exception):
    pass


def entry_points():
    return metadata.entry_points(group=GROUP)


_cache: dict[str, Rule] | None = None


def load_rules(refresh: bool = False) -> dict[str, Rule]:
    """All registered rules by code, in code order."""
    global _cache
    if _cache is not None and not refresh:
        return _cache
    rules: dict[str, Rule] = {}
    for ep in entry_points():
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must not take the linter down
            raise RegistryError(f"cannot load rule plugin {ep.name!r} ({ep.value}): {exc}") from None
        for rule in obj if isinstance(obj, (list, tuple)) else [obj]:
            if not isinstance(rule, Rule):
                raise RegistryError(f"entry point {ep.name!r} ({ep.value}) is not a golint_panics Rule")
            if not _CODE.match(rule.code):
                raise RegistryError(f"rule code {rule.code!r} from {ep.value} is not of the form ABC123")
            try:
                compile_tokens(rule.tokens)
            except TokenError as exc:
                raise RegistryError(f"rule {rule.code} ({ep.value}): {exc}") from None
            if rule.code in rules and rules[rule.code] is not rule:
                raise RegistryError(f"rule code {rule.code} is registered twice ({ep.value})")
            if rule.role and rule.role not in ROLES:
                raise RegistryError(f"rule {rule.code} ({ep.value}): unknown role {rule.role!r} "
                                    f"(one of {', '.join(ROLES)})")
            taken = next((r for r in rules.values() if rule.role and r.role == rule.role
                          and r is not rule), None)
            if taken is not None:
                raise RegistryError(f"rule {rule.code} ({ep.value}) takes the role {rule.role!r} "
                                    f"of {taken.code}")
            rules[rule.code] = rule
    if not rules:
        raise RegistryError(
            "no rules are registered: is golint-panics installed (pip install -e .)?")
    _cache = dict(sorted(rules.items()))
    return _cache


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

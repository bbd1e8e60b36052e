"""Which rules run and with what settings."""
from __future__ import annotations

from .project import UsageError
from .rule import Rule


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
    raise UsageError(f"unknown rule code or name in {what}: {selector!r} "
                     f"(see `golint-panics rules`)")


def select_rules(rules: dict[str, Rule], select=None, extend_select=None, ignore=None
                 ) -> tuple[list[Rule], set[str]]:
    """The enabled rules, and the codes selected explicitly by exact code or name
    (GP000 and other notes count toward the exit code only then)."""
    explicit: set[str] = set()
    if select:
        enabled: set[str] = set()
        for s in _split(select):
            enabled |= expand(s, rules, "--select")
    else:
        enabled = {c for c, r in rules.items() if r.default_enabled}
    for s in _split(extend_select):
        enabled |= expand(s, rules, "--extend-select")
    for s in _split(select) + _split(extend_select):
        if s.upper() in rules or s in {r.name for r in rules.values()}:
            explicit |= expand(s, rules, "--select")
    for s in _split(ignore):
        enabled -= expand(s, rules, "--ignore")
    return [rules[c] for c in sorted(enabled)], explicit

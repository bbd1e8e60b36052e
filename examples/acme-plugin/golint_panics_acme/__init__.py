"""ACME's rules for golint-panics (an example plugin)."""

"""Built-in golint-panics rules, one module per rule.

They are registered under the `golint_panics.rules` entry-point group in
pyproject.toml, the same path third-party rules take.
"""

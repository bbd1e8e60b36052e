"""acmelog.Die in an importable library.

## What it does
Reports a call of `Die` or `Dief` of ACME's logging package
(`example.com/acme/acmelog`, or the `import-path` option) in a package
that other programs import: not `package main`, not a package under
`cmd/` or `internal/` that only the program imports.

## Why is this bad?
`acmelog.Die` logs and calls `os.Exit(1)`: from a library it ends the
importer's process, and its deferred calls and graceful shutdown never run.

## Example
```go
func Load(path string) *Config {
	b, err := os.ReadFile(path)
	if err != nil {
		acmelog.Die("config: %v", err)
	}
```

## Use instead
```go
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
```
"""
from golint_panics.rule import Rule

QUERY = "(call_expression function: (selector_expression)) @node"


def check(call, ctx):
    target = ctx.resolve(call.child_by_field_name("function"))
    wanted = ctx.options.get("import-path", "example.com/acme/acmelog")
    if target and target[0] == wanted and target[1] in ("Die", "Dief") \
            and ctx.package_class == "library":
        ctx.report(call, f"acmelog.{target[1]} in a library ends its importer's process; "
                         "return an error instead")


RULE = Rule(
    code="XP0001", name="acme-die-in-library", summary="acmelog.Die in an importable library",
    docs=__doc__, query=QUERY, tokens=(b"Die", b"Dief"), check=check, severity="warning",
    options={"import-path": str},
)

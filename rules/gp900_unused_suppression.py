"""
## What it does
Reports a suppression directive that suppressed nothing: a
`//nolint:GP004` (or `//nolint:golint-panics`), `//lint:ignore GP004
reason` or `//lint:file-ignore GP004 reason` that names golint-panics or
one of its rules, where no finding of those (enabled) rules was
suppressed. Off by default: `--extend-select GP900` turns it on.

## Why is this bad?
Stale suppressions hide the next real finding on that line and tell the
reader a problem exists where there is none. A bare `//nolint` is not
reported: it may be meant for another linter.

## Example
```go
go worker() //nolint:GP004 // worker recovers now, the comment stayed
```

## Use instead
Delete the directive.

## Known limits
Only directives naming rules that ran in this check are judged. No
automatic fix.

## References
golangci-lint `nolintlint` (`allow-unused: false`); staticcheck reports
unused `//lint:ignore` directives the same way.
"""
from golint_panics.rule import ROLE_UNUSED_SUPPRESSION, Rule

RULE = Rule(
    code="GP900",
    name="unused-suppression",
    summary="Suppression directive that suppressed nothing",
    docs=__doc__,
    default_enabled=False,
    severity="warning",
    precision="high",
    tags=("maintainability",),
    triggers_parse=False,
    role=ROLE_UNUSED_SUPPRESSION,
)

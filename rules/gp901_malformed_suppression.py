"""
## What it does
Reports a `//lint:ignore` or `//lint:file-ignore` directive for
golint-panics without a reason (`//lint:ignore GP004 reason`), and a
`//golint-panics:ignore` or `//golint-panics:file-ignore` directive without
a reason or without a rule code or name of golint-panics. Such a directive
suppresses nothing.

## Why is this bad?
A suppression without a reason cannot be reviewed: nobody can tell
later whether the finding was judged safe or just silenced. staticcheck
refuses reason-less directives for the same reason.

## Example
```go
//lint:ignore GP004
go worker()
```

## Use instead
```go
//lint:ignore GP004 worker recovers in its own deferred handler (see handlePanic)
go worker()
```

## Known limits
`//nolint` directives (golangci-lint style) may omit the reason. No
automatic fix.

## References
staticcheck (`malformed linter directive`), golangci-lint `nolintlint`
with `require-explanation`.
"""
from golint_panics.rule import ROLE_MALFORMED_SUPPRESSION, Rule

RULE = Rule(
    code="GP901",
    name="malformed-suppression",
    summary="//lint:ignore without a reason",
    docs=__doc__,
    severity="warning",
    precision="high",
    tags=("maintainability",),
    triggers_parse=False,
    role=ROLE_MALFORMED_SUPPRESSION,
)

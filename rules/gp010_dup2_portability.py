"""
## What it does
Reports a reference to `syscall.Dup2`, unless the file cannot be built
for linux/arm64, linux/riscv64 or linux/loong64: its name has a GOOS or
GOARCH suffix that excludes them (`_amd64.go`, `_linux_386.go`,
`_darwin.go`, `_windows.go`, ...), or its `//go:build` (or legacy
`// +build`) constraint is false for every one of them.

## Why is this bad?
`syscall.Dup2` does not exist on linux/arm64, linux/riscv64 and
linux/loong64 (those ports only have `dup3`). Code that redirects fd 2
with it (the classic "keep panic output" fix) builds on a laptop and
breaks the build for ARM nodes or Graviton instances, often discovered
only when the image for the new node pool is built.

## Example
```go
syscall.Dup2(int(f.Fd()), 2)
```

## Use instead
```go
unix.Dup2(int(f.Fd()), 2)           // golang.org/x/sys/unix, every Unix port
syscall.Dup3(int(f.Fd()), 2, 0)     // linux only
debug.SetCrashOutput(f, debug.CrashOptions{}) // Go 1.23+, for crash output
```

## Known limits
Build constraints are evaluated with every tag other than GOOS, GOARCH
and `unix` left free (cgo, custom tags): a file is skipped only when no
choice of them builds it for those targets. No automatic fix: the
replacement needs a new import.

## References
No equivalent in go vet or staticcheck: they type-check one target at a
time, and `GOARCH=arm64 go vet` fails to compile instead of explaining.
"""
from golint_panics.rule import Rule, golang

QUERY = ('((selector_expression field: (field_identifier) @f) @node (#eq? @f "Dup2"))')
TARGETS = (("linux", "arm64"), ("linux", "riscv64"), ("linux", "loong64"))


def broken_targets(ctx) -> list[str]:
    out = []
    for goos, goarch in TARGETS:
        if not golang.filename_builds_for(ctx.file.name, goos, goarch):
            continue
        constraint = ctx.file.constraint
        if constraint is not None and not golang.builds_for(constraint, goos, goarch):
            continue
        out.append(f"{goos}/{goarch}")
    return out


def check(sel, ctx):
    if ctx.resolve(sel) != ("syscall", "Dup2"):
        return
    targets = broken_targets(ctx)
    if not targets:
        return
    ctx.report(sel, f"syscall.Dup2 does not exist on {', '.join(targets)}: this file breaks the "
                    "build there; use unix.Dup2 (golang.org/x/sys/unix) or syscall.Dup3")


RULE = Rule(
    code="GP010",
    name="dup2-portability",
    summary="syscall.Dup2 breaks the build on linux/arm64, riscv64, loong64",
    docs=__doc__,
    query=QUERY,
    tokens=(b"Dup2",),
    check=check,
    severity="error",
    precision="high",
    tags=("portability",),
)
